// Print a subnet's next EpochPaid events from a running node, one line each:
//   node tests/e2e/epochs.mjs [ws://127.0.0.1:9944] [netuid=1] [count=5]
// (run `make e2e-deps` once for the npm packages).
import { ApiPromise, WsProvider } from '@polkadot/api';

const [endpoint = 'ws://127.0.0.1:9944', netuidArg = '1', countArg = '5'] = process.argv.slice(2);
const netuid = Number(netuidArg);
const count = Number(countArg);
const api = await ApiPromise.create({ provider: new WsProvider(endpoint), noInitWarn: true });
let seen = 0;
const unsubscribe = await api.query.system.events(async (events) => {
  const header = await api.rpc.chain.getHeader();
  for (const { event } of events) {
    if (event.section !== 'dtao' || event.method !== 'EpochPaid') continue;
    if (event.data.netuid.toNumber() !== netuid) continue;
    seen += 1;
    console.log(`block ${header.number.toNumber()} EpochPaid netuid ${netuid}: ${JSON.stringify(event.data.payout.toJSON())}`);
  }
  if (seen >= count) {
    unsubscribe();
    await api.disconnect();
    process.exit(0);
  }
});

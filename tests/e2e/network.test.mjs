// Scenario 5: a four-validator network (Alice, Bob, Charlie, Dave) on `--chain local`, on
// loopback. Blocks are produced and finalized; with one validator stopped the other three keep
// finalizing (GRANDPA needs more than 2/3); restarted, it catches up.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, finalizedNumber, sleep, startNode, stopAll, stopNode } from './lib.mjs';

let failed = false;
const apis = [];
after(async () => { for (const a of apis) await a.disconnect().catch(() => {}); await stopAll(failed); });

async function waitUntil(fn, ms, what) {
  const start = Date.now();
  while (Date.now() - start < ms) { if (await fn()) return; await sleep(1000); }
  throw new Error(`timed out: ${what}`);
}

test('validators finalize, survive one stopping, and a restarted one catches up', async () => {
  try {
    const alice = await startNode({ chain: 'local', name: 'alice' });
    const boot = `/ip4/127.0.0.1/tcp/${alice.p2pPort}/p2p/12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp`;
    const others = {};
    for (const name of ['bob', 'charlie', 'dave']) others[name] = await startNode({ chain: 'local', name, extra: ['--bootnodes', boot] });
    const api = await connect(alice); apis.push(api);
    await waitUntil(async () => (await finalizedNumber(api)) >= 3, 180_000, 'finality reaches block 3');

    // Stop Dave: three of four voters remain, finality goes on.
    const daveBase = others.dave.base;
    await stopNode(others.dave, { keepData: true });
    const f0 = await finalizedNumber(api);
    await waitUntil(async () => (await finalizedNumber(api)) >= f0 + 3, 180_000, 'finality continues without Dave');

    // Restart Dave on its old database: it catches up with the best block.
    const dave = await startNode({ chain: 'local', name: 'dave', basePath: daveBase, extra: ['--bootnodes', boot] });
    const daveApi = await connect(dave); apis.push(daveApi);
    const target = (await api.rpc.chain.getHeader()).number.toNumber();
    await waitUntil(async () => (await daveApi.rpc.chain.getHeader()).number.toNumber() >= target, 180_000, 'Dave catches up');
  } catch (e) { failed = true; throw e; }
});

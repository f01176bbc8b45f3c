// Helpers over a connected @polkadot/api ApiPromise, shared by tests/e2e and ui/test. Like
// ./node.mjs this file imports no package: a bare `@polkadot/...` import here would resolve from
// tests/harness/, which has no node_modules. Each package creates the ApiPromise from its own
// @polkadot/api (see its lib.mjs `connect`) and passes it in.
import { sleep } from './node.mjs';

/**
 * Sign, send and wait for inclusion. Resolves with { ok, error ('dtao.SubnetNotFound'), events,
 * fee, blockHash, settled }. `events` are the extrinsic's own, followed by the block's
 * end-of-block (`Finalization` phase) pallet events that concern the signer: a stake or unstake
 * on a subnet is an order that clears with its subnet's batch at the end of the block, so its
 * `StakeAdded`/`StakeRemoved`/`StakeMoved`/`OrderRefunded` come from there (and each batch's
 * `BatchCleared`). `settled` holds every end-of-block event of the block. Never rejects on a
 * dispatch error: tests assert on it.
 */
export function send(api, tx, signer, { timeoutMs = 60_000 } = {}) {
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('transaction not included in time')), timeoutMs);
    let unsub;
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      if (!status.isInBlock) return;
      clearTimeout(timer);
      if (unsub) unsub();
      let error = null;
      if (dispatchError) {
        if (dispatchError.isModule) {
          const { section, name } = api.registry.findMetaError(dispatchError.asModule);
          error = `${section}.${name}`;
        } else error = dispatchError.toString();
      }
      const feeEvent = events.find(({ event }) => event.section === 'transactionPayment' && event.method === 'TransactionFeePaid');
      const fee = feeEvent ? BigInt(feeEvent.event.data[1].toString()) : 0n;
      const blockHash = status.asInBlock.toHex();
      const own = events.map(({ event }) => event);
      const signerAddress = signer.address ?? signer.toString();
      const concerns = (event) => {
        const who = event.data.coldkey ?? event.data.originColdkey;
        return who === undefined || who.toString() === signerAddress;
      };
      // Read at the block (its own runtime's metadata: a block before an upgrade decodes with
      // the old types). The block that enacts a runtime upgrade holds events of the old runtime
      // under the new one's metadata and cannot be decoded so: then only the extrinsic's own.
      api.at(blockHash).then((at) => at.query.system.events()).then((all) => {
        const settled = all.filter(({ phase }) => phase.isFinalization).map(({ event }) => event);
        const mine = settled.filter((e) => e.section === 'dtao' && concerns(e));
        ok({ ok: !dispatchError, error, events: [...own, ...mine], fee, blockHash, settled });
      }).catch(() => ok({ ok: !dispatchError, error, events: own, fee, blockHash, settled: [] }));
    }).then((u) => { unsub = u; }).catch((e) => { clearTimeout(timer); fail(e); });
  });
}

/** The best block's number. */
export async function bestNumber(api) { return (await api.rpc.chain.getHeader()).number.toNumber(); }

/** Resolve when the best block is #n or later. */
export async function waitForBlock(api, n, timeoutMs = 120_000) {
  const begun = Date.now();
  while (Date.now() - begun < timeoutMs) {
    if (await bestNumber(api) >= n) return;
    await sleep(500);
  }
  throw new Error(`block #${n} not reached in ${timeoutMs} ms`);
}

/** Resolve with the best number once `n` blocks were made after the call. */
export async function waitForBlocks(api, n, timeoutMs = 120_000) {
  const start = await bestNumber(api);
  const begun = Date.now();
  while (Date.now() - begun < timeoutMs) {
    const now = await bestNumber(api);
    if (now >= start + n) return now;
    await sleep(500);
  }
  throw new Error(`no ${n} new blocks in ${timeoutMs} ms`);
}

export async function finalizedNumber(api) {
  const hash = await api.rpc.chain.getFinalizedHead();
  return (await api.rpc.chain.getHeader(hash)).number.toNumber();
}

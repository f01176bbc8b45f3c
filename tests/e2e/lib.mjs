// Helpers for the end-to-end suite. Starting, waiting for and stopping dtao-node processes is
// the shared harness's (tests/harness/node.mjs: distinct free loopback ports, bounded stop of the
// whole process group, logs kept on failure); what is here needs @polkadot/api, which resolves
// from this package's node_modules.
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { blake2AsHex, cryptoWaitReady } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { TAO, startNode as startHarnessNode } from '../harness/node.mjs';
import { send, waitForBlocks } from '../harness/api.mjs';

export { NODE, TAO, freePort, nodeKey, rpc, sleep, stopAll, stopNode, tail } from '../harness/node.mjs';
export { finalizedNumber, send, waitForBlocks } from '../harness/api.mjs';

/** A node of `chain` ('dev', or 'local' as authority `name`), its base path under dtao-e2e-<name>-. */
export function startNode({ chain = 'dev', name = 'alice', extra = [], basePath } = {}) {
  return startHarnessNode({ chain, name, extra, basePath, prefix: 'dtao-e2e' });
}

export async function connect(node) {
  await cryptoWaitReady();
  const api = await ApiPromise.create({ provider: new WsProvider(node.ws), noInitWarn: true });
  return api;
}

export function keyring() {
  const k = new Keyring({ type: 'sr25519', ss58Format: 42 });
  return {
    alice: k.addFromUri('//Alice'), bob: k.addFromUri('//Bob'), charlie: k.addFromUri('//Charlie'),
    dave: k.addFromUri('//Dave'), eve: k.addFromUri('//Eve'), ferdie: k.addFromUri('//Ferdie'),
    aliceStash: k.addFromUri('//Alice//stash'), bobStash: k.addFromUri('//Bob//stash'),
  };
}

export async function free(api, who) {
  return BigInt((await api.query.system.account(who)).data.free.toString());
}

/**
 * Upgrade the chain to `code` by referendum, no sudo: preimage, referendum on the root track,
 * decision deposit, votes by the dev accounts, enactment of `system.authorizeUpgrade`, then
 * anyone (Bob) applies the authorized code. Resolves with the block hash that applied it.
 */
export async function upgradeByReferendum(api, code) {
  const { alice, bob, charlie, dave, eve } = keyring();
  const codeHash = blake2AsHex(code, 256);
  const proposal = api.tx.system.authorizeUpgrade(codeHash);
  let r = await send(api, api.tx.preimage.notePreimage(proposal.method.toHex()), alice);
  if (!r.ok) throw new Error(`notePreimage: ${r.error}`);
  const len = proposal.method.encodedLength;
  r = await send(api, api.tx.referenda.submit({ system: 'Root' }, { Lookup: { hash: proposal.method.hash.toHex(), len } }, { After: 1 }), alice);
  if (!r.ok) throw new Error(`submit: ${r.error}`);
  const index = r.events.find((e) => e.section === 'referenda' && e.method === 'Submitted').data.index.toNumber();
  r = await send(api, api.tx.referenda.placeDecisionDeposit(index), alice);
  if (!r.ok) throw new Error(`placeDecisionDeposit: ${r.error}`);
  for (const voter of [alice, bob, charlie, dave, eve]) {
    r = await send(api, api.tx.convictionVoting.vote(index, { Standard: { vote: { aye: true, conviction: 'Locked1x' }, balance: 900_000n * TAO } }), voter);
    if (!r.ok) throw new Error(`vote: ${r.error}`);
  }
  // Enactment on the fast clock (a governance day is 30 blocks): prepare 2 + confirm 30 +
  // enactment 30 blocks, about 130 s, with margin.
  const deadline = Date.now() + 300_000;
  while ((await api.query.system.authorizedUpgrade()).isNone) {
    if (Date.now() > deadline) throw new Error('referendum not enacted in time');
    await waitForBlocks(api, 1);
  }
  const authorized = (await api.query.system.authorizedUpgrade()).unwrap().codeHash.toHex();
  if (authorized !== codeHash) throw new Error(`authorized ${authorized}, expected ${codeHash}`);
  r = await send(api, api.tx.system.applyAuthorizedUpgrade(u8aToHex(code)), bob, { timeoutMs: 120_000 });
  if (!r.ok) throw new Error(`applyAuthorizedUpgrade: ${r.error}`);
  return r.blockHash;
}

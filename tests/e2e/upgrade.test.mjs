// Scenario 4: a runtime upgrade by referendum. A second runtime (spec_version 101, built by
// `make e2e` with DTAO_SPEC_VERSION=101) is authorized by an OpenGov referendum on the root
// track, then applied; the chain keeps its dTAO state and keeps producing blocks.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { blake2AsHex } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { connect, keyring, send, startNode, stopAll, waitForBlocks, TAO } from './lib.mjs';

const WASM = process.env.DTAO_UPGRADE_WASM;
let node; let api; let failed = false;

before(async () => { node = await startNode({ chain: 'dev', name: 'upgrade' }); api = await connect(node); });
after(async () => { await api?.disconnect(); await stopAll(failed); });

test('a referendum authorizes an upgrade; the new runtime runs with the state intact', { skip: !WASM && 'DTAO_UPGRADE_WASM not set' }, async () => {
  try {
    const { alice, bob, charlie, dave, eve } = keyring();
    const code = readFileSync(WASM);
    const codeHash = blake2AsHex(code, 256);
    assert.equal((await api.rpc.state.getRuntimeVersion()).specVersion.toNumber(), 100);
    await waitForBlocks(api, 2);
    const stakesBefore = (await api.query.dtao.stakes.entries()).map(([k, v]) => [k.toHex(), v.toString()]).sort();
    const subnetsBefore = (await api.query.dtao.subnets.keys()).length;

    // Preimage, referendum on the root track, decision deposit, votes: no sudo.
    const proposal = api.tx.system.authorizeUpgrade(codeHash);
    let r = await send(api, api.tx.preimage.notePreimage(proposal.method.toHex()), alice);
    assert.ok(r.ok, r.error);
    const len = proposal.method.encodedLength;
    r = await send(api, api.tx.referenda.submit({ system: 'Root' }, { Lookup: { hash: proposal.method.hash.toHex(), len } }, { After: 1 }), alice);
    assert.ok(r.ok, r.error);
    const index = r.events.find((e) => e.section === 'referenda' && e.method === 'Submitted').data.index.toNumber();
    r = await send(api, api.tx.referenda.placeDecisionDeposit(index), alice);
    assert.ok(r.ok, r.error);
    for (const voter of [alice, bob, charlie, dave, eve]) {
      r = await send(api, api.tx.convictionVoting.vote(index, { Standard: { vote: { aye: true, conviction: 'Locked1x' }, balance: 900_000n * TAO } }), voter);
      assert.ok(r.ok, r.error);
    }
    // Wait for enactment (prepare 2 + confirm 2 + enactment 1 blocks, with margin).
    const deadline = Date.now() + 180_000;
    while ((await api.query.system.authorizedUpgrade()).isNone) {
      assert.ok(Date.now() < deadline, 'referendum not enacted in time');
      await waitForBlocks(api, 1);
    }
    assert.equal((await api.query.system.authorizedUpgrade()).unwrap().codeHash.toHex(), codeHash);

    // Anyone may apply the authorized code.
    r = await send(api, api.tx.system.applyAuthorizedUpgrade(u8aToHex(code)), bob, { timeoutMs: 120_000 });
    assert.ok(r.ok, r.error);
    await waitForBlocks(api, 2);
    assert.equal((await api.rpc.state.getRuntimeVersion()).specVersion.toNumber(), 101);
    // Every position survived the upgrade with at least its shares (epochs only add to them).
    const after = new Map((await api.query.dtao.stakes.entries()).map(([k, v]) => [k.toHex(), BigInt(v.toString())]));
    for (const [key, shares] of stakesBefore) {
      assert.ok(after.has(key), `position ${key} kept`);
      assert.ok(after.get(key) >= BigInt(shares), `position ${key} kept its shares`);
    }
    assert.equal((await api.query.dtao.subnets.keys()).length, subnetsBefore);
    await waitForBlocks(api, 3);
  } catch (e) { failed = true; throw e; }
});

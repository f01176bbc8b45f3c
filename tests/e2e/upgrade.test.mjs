// Scenario 4: a runtime upgrade by referendum. A second build of the current runtime (its
// spec_version one higher, built by `make e2e` with DTAO_SPEC_VERSION) is authorized by an
// OpenGov referendum on the root track, then applied; the chain keeps its dTAO state and keeps
// producing blocks. (The upgrade that changes the storage layout, from the baseline runtime,
// is baseline.test.mjs.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect, startNode, stopAll, upgradeByReferendum, waitForBlocks } from './lib.mjs';

const WASM = process.env.DTAO_UPGRADE_WASM;
let node; let api; let failed = false;

before(async () => { node = await startNode({ chain: 'dev', name: 'upgrade' }); api = await connect(node); });
after(async () => { await api?.disconnect(); await stopAll(failed); });

test('a referendum authorizes an upgrade; the new runtime runs with the state intact', { skip: !WASM && 'DTAO_UPGRADE_WASM not set' }, async () => {
  try {
    const code = readFileSync(WASM);
    const spec = (await api.rpc.state.getRuntimeVersion()).specVersion.toNumber();
    await waitForBlocks(api, 2);
    const stakesBefore = (await api.query.dtao.stakes.entries()).map(([k, v]) => [k.toHex(), v.toString()]).sort();
    const subnetsBefore = (await api.query.dtao.subnets.keys()).length;

    await upgradeByReferendum(api, code);
    await waitForBlocks(api, 2);
    assert.equal((await api.rpc.state.getRuntimeVersion()).specVersion.toNumber(), spec + 1);
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

// Scenario 5: the upgrade a node operator runs, from the runtime that ran before the storage
// layout changed. A dev chain starts on the baseline runtime (spec_version 100, pallet-dtao
// storage version 1, built by scripts/baseline.sh from its commit) with positions on every
// subnet; its state is written to DTAO_SNAPSHOT (for the try-runtime checks, `make
// upgrade-check`); an OpenGov referendum upgrades it to the current runtime; then, over the
// wire: the migrations ran (storage version 3, parameters carried over), every position is
// there with at least its alpha, every pool moved by exactly the first new block's coinbase,
// every EMA by exactly that block's step from its old value, and epochs pay.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { encodeAddress, xxhashAsHex } from '@polkadot/util-crypto';
import { hexToU8a } from '@polkadot/util';
import { TAO, connect, keyring, rpc, send, startNode, stopAll, upgradeByReferendum, waitForBlocks } from './lib.mjs';

const BASE = process.env.DTAO_BASELINE_WASM;
const CURRENT = process.env.DTAO_CURRENT_WASM;
const SNAPSHOT = process.env.DTAO_SNAPSHOT;
const missing = !(BASE && CURRENT && SNAPSHOT) && 'DTAO_BASELINE_WASM, DTAO_CURRENT_WASM and DTAO_SNAPSHOT not all set';
let node; let api; let failed = false;

before(async () => {
  if (missing) return;
  node = await startNode({ chain: 'dev', name: 'baseline', extra: ['--chain', `dev:${BASE}`] });
  api = await connect(node);
});
after(async () => { await api?.disconnect(); await stopAll(failed); });

const storageVersionKey = xxhashAsHex('Dtao', 128) + xxhashAsHex(':__STORAGE_VERSION__:', 128).slice(2);
async function storageVersion(hash) {
  const raw = await rpc(node, 'state_getStorage', [storageVersionKey, hash]);
  return raw ? parseInt(raw.slice(2, 4), 16) + 256 * parseInt(raw.slice(4, 6), 16) : 0;
}

/** Every (key, value) of the state at `hash`, raw. */
async function snapshot(hash) {
  const pairs = []; let start = null;
  for (;;) {
    const keys = await rpc(node, 'state_getKeysPaged', ['0x', 500, start, hash]);
    if (keys.length === 0) break;
    const [{ changes }] = await rpc(node, 'state_queryStorageAt', [keys, hash]);
    for (const [k, v] of changes) if (v !== null) pairs.push([k, v]);
    start = keys[keys.length - 1];
    if (keys.length < 500) break;
  }
  return pairs;
}

/**
 * Alpha of every position at a block, by storage key, from storage (the same layout in both
 * runtimes): its shares of its (netuid, hotkey) share pool, `shares * pool.value / pool.shares`.
 */
async function positionAlpha(at) {
  const out = new Map(); const pools = new Map();
  for (const [key, shares] of await at.query.dtao.stakes.entries()) {
    // prefix (32) | twox64 (8) netuid (2) | blake2_128 (16) hotkey (32) | blake2_128 (16) coldkey (32)
    const raw = hexToU8a(key.toHex());
    const netuid = raw[40] + 256 * raw[41];
    const hotkey = encodeAddress(raw.slice(58, 90), 42);
    const id = `${netuid}/${hotkey}`;
    if (!pools.has(id)) pools.set(id, (await at.query.dtao.stakePools(netuid, hotkey)).unwrap());
    const pool = pools.get(id);
    out.set(key.toHex(), (BigInt(shares.toString()) * BigInt(pool.value.toString())) / BigInt(pool.shares.toString()));
  }
  return out;
}

test('upgrade from the baseline runtime: migrations run, positions, pools and EMAs are kept, epochs pay', { skip: missing }, async () => {
  try {
    const { aliceStash, dave, eve } = keyring();
    assert.equal((await api.rpc.state.getRuntimeVersion()).specVersion.toNumber(), 100);
    assert.equal(await storageVersion(null), 1, 'the baseline is at storage version 1');
    // A position of Dave's and Eve's on every subnet and on root.
    let r;
    const netuids = (await api.query.dtao.subnets.keys()).map((k) => k.args[0].toNumber()).sort((a, b) => a - b);
    assert.ok(netuids.length >= 3, `subnets ${netuids}`);
    for (const netuid of [0, ...netuids]) {
      for (const [who, amount] of [[dave, 5n * TAO], [eve, 3n * TAO]]) {
        r = await send(api, api.tx.dtao.addStake(aliceStash.address, netuid, amount), who);
        assert.ok(r.ok, `stake on ${netuid}: ${r.error}`);
      }
    }
    const paramsBefore = (await api.query.dtao.parameters()).toJSON();

    // The state before the upgrade, for the try-runtime checks.
    const head = await api.rpc.chain.getHeader();
    const pairs = await snapshot(head.hash.toHex());
    writeFileSync(SNAPSHOT, JSON.stringify({ block: head.number.toNumber(), pairs }));

    const code = readFileSync(CURRENT);
    const applied = await upgradeByReferendum(api, code);
    const n = (await api.rpc.chain.getHeader(applied)).number.toNumber();
    const last = await api.at(applied);
    const stakeKeys = (await last.query.dtao.stakes.keys()).map((k) => k.toHex());
    const alphaBefore = await positionAlpha(last);
    const subnetsBefore = new Map((await last.query.dtao.subnets.entries()).map(([k, v]) => [k.args[0].toNumber(), v.unwrap()]));

    // The first block of the new runtime ran the migrations before its coinbase.
    await waitForBlocks(api, 2);
    const firstHash = (await api.rpc.chain.getBlockHash(n + 1)).toHex();
    const first = await api.at(firstHash);
    const spec = (await api.rpc.state.getRuntimeVersion(firstHash)).specVersion.toNumber();
    assert.ok(spec > 100, `spec ${spec}`);
    assert.equal(await storageVersion(firstHash), 3, 'migrated to storage version 3');
    const params = (await first.query.dtao.parameters()).toJSON();
    for (const [field, value] of Object.entries(paramsBefore)) assert.deepEqual(params[field], value, `parameter ${field}`);
    assert.equal(BigInt(params.maxEmaPrice), TAO, 'the new cap at its default');

    // Every position is there, with at least its alpha (epochs only add).
    const stakesAfter = new Set((await first.query.dtao.stakes.keys()).map((k) => k.toHex()));
    for (const key of stakeKeys) assert.ok(stakesAfter.has(key), `position ${key} kept`);
    const alphaAfter = await positionAlpha(first);
    for (const [pos, alpha] of alphaBefore) assert.ok(alphaAfter.get(pos) >= alpha, `position ${pos}: ${alpha} -> ${alphaAfter.get(pos)}`);
    // Every pool moved by exactly that block's coinbase; every EMA unchanged.
    for (const [netuid, before] of subnetsBefore) {
      const s = (await first.query.dtao.subnets(netuid)).unwrap();
      const lb = s.lastBlock;
      const big = (x) => BigInt(x.toString());
      assert.equal(big(s.pool.tao) - big(before.pool.tao), big(lb.taoIn) - big(lb.rootTao), `pool TAO of ${netuid}`);
      assert.equal(big(s.pool.alpha) - big(before.pool.alpha), big(lb.alphaIn) + big(lb.rootAlpha), `pool alpha of ${netuid}`);
      // The EMA is the new runtime's one step from the old EMA, to the bit: its input, the
      // pool's price after the block (U96F32), capped at max_ema_price (new, 1.0).
      const price = (big(s.pool.tao) << 32n) / big(s.pool.alpha);
      const cap = (big(params.maxEmaPrice) << 32n) / TAO;
      const input = price < cap ? price : cap;
      const ema0 = big(before.emaPrice);
      const step = ((input > ema0 ? input - ema0 : ema0 - input) * BigInt(params.emaAlpha)) / 1_000_000_000n;
      assert.equal(big(s.emaPrice), input >= ema0 ? ema0 + step : ema0 - step, `EMA of ${netuid}`);
    }

    // Epochs pay under the new runtime.
    let paid = 0; let m = n + 1; const deadline = Date.now() + 120_000;
    while (paid < netuids.length && Date.now() < deadline) {
      const head = await waitForBlocks(api, 1);
      for (; m <= head; m++) {
        const at = await api.at((await api.rpc.chain.getBlockHash(m)).toHex());
        for (const { event } of await at.query.system.events()) if (event.section === 'dtao' && event.method === 'EpochPaid') paid += 1;
      }
    }
    assert.ok(paid >= netuids.length, `epochs paid after the upgrade: ${paid}`);
    console.log(`baseline upgrade: spec 100 -> ${spec} at block ${n + 1}, storage version 1 -> 3, ${stakeKeys.length} positions and ${subnetsBefore.size} subnets kept, snapshot of ${pairs.length} keys at block ${head.number.toNumber()}, ${paid} epochs paid by block ${m - 1}`);
  } catch (e) { failed = true; throw e; }
});

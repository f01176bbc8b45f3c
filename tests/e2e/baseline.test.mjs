// Scenario 5: the upgrade a node operator runs, from the runtime that ran before the storage
// layout changed. A dev chain starts on the baseline runtime (spec_version 100, pallet-dtao
// storage version 1, built by scripts/baseline.sh from its commit) with positions on every
// subnet; its state is written to DTAO_SNAPSHOT (for the try-runtime checks, `make
// upgrade-check`); an OpenGov referendum upgrades it to the current runtime; then, over the
// wire: the migrations ran (storage version 6, parameters carried over), every position is
// there with at least its alpha, every pool moved by exactly the first new block's coinbase,
// every EMA by exactly that block's step from its old value, and epochs pay.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { xxhashAsHex } from '@polkadot/util-crypto';
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

const prefix = (item) => xxhashAsHex('Dtao', 128) + xxhashAsHex(item, 128).slice(2);
const le = (bytes) => bytes.reduceRight((acc, b) => acc * 256n + BigInt(b), 0n);

/**
 * Every (key, value) of a dtao storage item at a block, raw. Storage is read raw around the
 * upgrade: the block that applies the new code still holds the old layout, and polkadot.js
 * decorates it with the new metadata (seen decoding `dtao.stakes` with the wrong types).
 */
async function rawItem(item, hash) {
  const pairs = []; let start = null;
  for (;;) {
    const keys = await rpc(node, 'state_getKeysPaged', [prefix(item), 500, start, hash]);
    if (keys.length === 0) break;
    const [{ changes }] = await rpc(node, 'state_queryStorageAt', [keys, hash]);
    for (const [k, v] of changes) if (v !== null) pairs.push([k, hexToU8a(v)]);
    start = keys[keys.length - 1];
    if (keys.length < 500) break;
  }
  return pairs;
}

/**
 * Alpha of every position at a block, by storage key, from raw storage (the same leading
 * fields in both runtimes): its stored shares (u128) of its (netuid, hotkey) share pool
 * (value u64, shares u128), `shares * value / pool shares`. Since v6 an epoch owes the
 * hotkey's owner its shares in the pool's record (`owner_owed`, the pool's last field) rather
 * than writing its position, so this is a lower bound for the owner's position. A `Stakes` key is the `StakePools` key of its pool
 * (twox64 netuid, blake2_128 hotkey) followed by the coldkey part.
 */
async function positionAlpha(hash) {
  const pools = new Map((await rawItem('StakePools', hash)).map(([k, v]) => [k.slice(66), v]));
  const out = new Map();
  for (const [key, v] of await rawItem('Stakes', hash)) {
    const pool = pools.get(key.slice(66, 66 + 2 * 58));
    assert.ok(pool, `share pool of ${key}`);
    out.set(key, (le(v.slice(0, 16)) * le(pool.slice(0, 8))) / le(pool.slice(8, 24)));
  }
  return out;
}

/** Pool and EMA of every subnet at a block, raw: owner, owner hotkey, pool (tao, alpha u64),
 * alpha_out, ema_price (u128) lead `SubnetInfo` in both layouts. */
async function subnetsRaw(hash) {
  const out = new Map();
  for (const [key, v] of await rawItem('Subnets', hash)) {
    const netuid = Number(le(hexToU8a(key).slice(40, 42)));
    out.set(netuid, { tao: le(v.slice(64, 72)), alpha: le(v.slice(72, 80)), ema: le(v.slice(88, 104)) });
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
    const alphaBefore = await positionAlpha(applied);
    const stakeKeys = [...alphaBefore.keys()];
    const subnetsBefore = await subnetsRaw(applied);

    // The first block of the new runtime ran the migrations before its coinbase.
    await waitForBlocks(api, 2);
    const firstHash = (await api.rpc.chain.getBlockHash(n + 1)).toHex();
    const first = await api.at(firstHash);
    const spec = (await api.rpc.state.getRuntimeVersion(firstHash)).specVersion.toNumber();
    assert.ok(spec > 100, `spec ${spec}`);
    assert.equal(await storageVersion(firstHash), 6, 'migrated to storage version 6');
    const params = (await first.query.dtao.parameters()).toJSON();
    for (const [field, value] of Object.entries(paramsBefore)) assert.deepEqual(params[field], value, `parameter ${field}`);
    assert.equal(BigInt(params.maxEmaPrice), TAO, 'the new cap at its default');
    // v5: the weights quorum, the EMA warm-up and the dissolve delay at their defaults.
    assert.equal(params.weightsQuorum, 500_000_000, 'weights quorum 50%');
    assert.equal(params.emaWarmup, 201_600, 'EMA warm-up');
    assert.equal(params.dissolveDelay, 7_200, 'dissolve delay');

    // Every position is there, with at least its alpha (epochs only add).
    const alphaAfter = await positionAlpha(firstHash);
    for (const [pos, alpha] of alphaBefore) {
      assert.ok(alphaAfter.has(pos), `position ${pos} kept`);
      assert.ok(alphaAfter.get(pos) >= alpha, `position ${pos}: ${alpha} -> ${alphaAfter.get(pos)}`);
    }
    // v4: every position is indexed by its coldkey.
    const indexed = await rawItem('ColdkeyPositions', firstHash);
    assert.equal(indexed.length, alphaAfter.size, 'one coldkey index entry per position');
    // Every pool moved by exactly that block's coinbase; every EMA by exactly its step.
    const subnetsAfter = await subnetsRaw(firstHash);
    for (const [netuid, before] of subnetsBefore) {
      const s = subnetsAfter.get(netuid);
      const lb = (await first.query.dtao.subnets(netuid)).unwrap().lastBlock;
      const big = (x) => BigInt(x.toString());
      assert.equal(s.tao - before.tao, big(lb.taoIn) - big(lb.rootTao), `pool TAO of ${netuid}`);
      assert.equal(s.alpha - before.alpha, big(lb.alphaIn) + big(lb.rootAlpha), `pool alpha of ${netuid}`);
      // The EMA is the new runtime's one step from the old EMA, to the bit: its input, the
      // pool's price after the block (U96F32), capped at max_ema_price (new, 1.0).
      const price = (s.tao << 32n) / s.alpha;
      const cap = (big(params.maxEmaPrice) << 32n) / TAO;
      const input = price < cap ? price : cap;
      const ema0 = before.ema;
      const step = ((input > ema0 ? input - ema0 : ema0 - input) * BigInt(params.emaAlpha)) / 1_000_000_000n;
      assert.equal(s.ema, input >= ema0 ? ema0 + step : ema0 - step, `EMA of ${netuid}`);
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
    console.log(`baseline upgrade: spec 100 -> ${spec} at block ${n + 1}, storage version 1 -> 6, ${stakeKeys.length} positions and ${subnetsBefore.size} subnets kept, snapshot of ${pairs.length} keys at block ${head.number.toNumber()}, ${paid} epochs paid by block ${m - 1}`);
  } catch (e) { failed = true; throw e; }
});

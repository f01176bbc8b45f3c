// One connection to the node and what every view reads from it: the best block's subnets
// (runtime API `DtaoApi_subnets`, read at that block's hash, root's proportion included), the
// parameters and the block's `EpochPaid` events. Past blocks are read the same way at their
// hashes, so charts are filled when a view opens.
import { ApiPromise, WsProvider } from '@polkadot/api';
import { plain, pool } from './util.js';

export const HISTORY = 120; // blocks of price/EMA history (4 minutes at 2 s; the dev node keeps 256)

const listeners = new Set();
export const store = {
  api: null,
  endpoint: '',
  status: 'disconnected',
  error: '',
  chain: '',
  isDev: false,
  ss58: 42,
  head: null, // the newest block loaded: { number, hash, summaries, params, epochs }
  history: new Map(), // number -> { number, hash, summaries, epochs }
};

export function subscribe(fn) { listeners.add(fn); return () => listeners.delete(fn); }
function emit(kind) { for (const fn of listeners) { try { fn(kind); } catch (e) { console.warn('listener failed', e); } } }

let unsubHeads = null;
let generation = 0;

export async function connect(endpoint) {
  const gen = ++generation;
  await disconnect();
  store.endpoint = endpoint;
  store.status = 'connecting';
  store.error = '';
  emit('status');
  const provider = new WsProvider(endpoint, 2_500);
  let api;
  try {
    api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
  } catch (e) {
    provider.disconnect().catch(() => {});
    if (gen !== generation) return;
    store.status = 'error';
    store.error = `cannot connect to ${endpoint}${e instanceof Error ? `: ${e.message}` : ''}`;
    emit('status');
    return;
  }
  if (gen !== generation) { api.disconnect().catch(() => {}); return; }
  store.api = api;
  api.on('disconnected', () => { if (store.api === api) { store.status = 'reconnecting'; emit('status'); } });
  api.on('ready', () => { if (store.api === api && store.status === 'reconnecting') { store.status = 'connected'; emit('status'); } });
  const [chain, chainType] = await Promise.all([api.rpc.system.chain(), api.rpc.system.chainType()]);
  store.chain = chain.toString();
  store.isDev = chainType.isDevelopment || chainType.isLocal;
  store.ss58 = api.registry.chainSS58 ?? 42;
  if (!api.call.dtaoApi) {
    store.status = 'error';
    store.error = 'this chain has no DtaoApi runtime API';
    emit('status');
    return;
  }
  store.status = 'connected';
  emit('status');
  let busy = false; let pending = null;
  const run = async (header) => {
    if (busy) { pending = header; return; }
    busy = true;
    try {
      let h = header;
      while (h) {
        pending = null;
        const block = await loadBlock(api, h.hash.toHex(), h.number.toNumber(), true);
        if (store.api !== api) return;
        if (!store.head || block.number >= store.head.number) {
          store.head = block;
          store.history.set(block.number, block);
          trimHistory();
          emit('head');
        }
        h = pending;
      }
    } catch (e) {
      if (store.api === api) console.warn('block load failed', e);
    } finally { busy = false; }
  };
  unsubHeads = await api.rpc.chain.subscribeNewHeads((header) => { run(header); });
}

export async function disconnect() {
  const api = store.api;
  if (unsubHeads) { try { unsubHeads(); } catch { /* gone */ } unsubHeads = null; }
  store.api = null;
  store.head = null;
  store.history = new Map();
  store.status = 'disconnected';
  if (api) await api.disconnect().catch(() => {});
}

function trimHistory() {
  if (!store.head) return;
  const keep = store.head.number - HISTORY * 3;
  for (const n of store.history.keys()) if (n < keep) store.history.delete(n);
}

/** One block: subnets (runtime API at its hash), EpochPaid events; `full` adds the parameters. */
export async function loadBlock(api, hash, number, full = false) {
  const at = await api.at(hash);
  const reads = [at.call.dtaoApi.subnets(), at.query.system.events()];
  if (full) reads.push(at.query.dtao.parameters());
  const [subs, events, params] = await Promise.all(reads);
  const block = { number, hash, summaries: subs.map(plain), epochs: epochEvents(events) };
  if (full) block.params = plain(params);
  return block;
}

/** Read the blocks in `numbers` that are not loaded yet (at their hashes), then emit 'history'. */
export async function ensureBlocks(numbers) {
  const api = store.api;
  if (!api) return;
  const missing = [...new Set(numbers)].filter((n) => n >= 1 && !store.history.has(n));
  if (missing.length === 0) return;
  await pool(missing, 8, async (n) => {
    try {
      const hash = (await api.rpc.chain.getBlockHash(n)).toHex();
      const block = await loadBlock(api, hash, n);
      if (store.api === api && !store.history.has(n)) store.history.set(n, block);
    } catch {
      // Pruned state or a runtime without DtaoApi at that block: a gap in the chart.
      if (store.api === api) store.history.set(n, { number: n, hash: null, summaries: [], epochs: [], missing: true });
    }
  });
  if (store.api === api) emit('history');
}

/**
 * `EpochPaid` events of a block, read generically: every field but `netuid` is flattened
 * (nested structs included) into amounts (u64/u128), counts (smaller integers) and lists, so
 * the charts work whatever the payout's field names are.
 */
export function epochEvents(records) {
  const out = [];
  for (const { event } of records) {
    if (event.section !== 'dtao' || event.method !== 'EpochPaid') continue;
    const names = event.meta.fields.map((f, i) => (f.name.isSome ? camel(f.name.unwrap().toString()) : `field${i}`));
    let netuid = null;
    const amounts = {}; const counts = {}; const lists = {};
    event.data.forEach((codec, i) => {
      if (names[i] === 'netuid') { netuid = Number(codec.toString()); return; }
      flatten(names[i], codec, amounts, counts, lists, true);
    });
    out.push({ netuid, amounts, counts, lists });
  }
  return out;
}

function flatten(name, codec, amounts, counts, lists, top) {
  const raw = codec.toRawType();
  if (raw.startsWith('{')) {
    for (const [k, v] of codec.entries()) flatten(top ? k : `${name}.${k}`, v, amounts, counts, lists, false);
  } else if (/^(Compact<)?u(64|128)>?$/.test(raw) || /^(Compact<)?u(64|128)>?$/.test(codec.constructor?.name ?? '')) {
    amounts[name] = codec.toBigInt();
  } else if (/^(Compact<)?u(8|16|32)>?$/.test(raw)) {
    counts[name] = codec.toBigInt();
  } else if (raw.startsWith('Vec<') || raw.startsWith('[')) {
    lists[name] = plain(codec);
  }
}

function camel(s) { return s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase()); }

// Numbers on this chain are u64 in rao (10^-9 TAO) or in alpha's smallest unit; prices are u64
// rao per 1 alpha. Everything stays a BigInt until it is formatted, so what the page shows in
// full precision (`fmtExact`, `data-rao`) is exactly what the chain returned.

export const UNIT = 1_000_000_000n;
export const U64_MAX = (1n << 64n) - 1n;

/** A BigInt from a codec, a number, a decimal or hex string, or a BigInt. */
export function big(v) {
  if (typeof v === 'bigint') return v;
  if (v === null || v === undefined) return 0n;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  if (typeof v === 'string') return BigInt(v);
  if (typeof v.toBigInt === 'function') return v.toBigInt();
  return BigInt(v.toString());
}

/**
 * A codec as plain JS: structs become objects (camelCase keys, as polkadot.js names them),
 * integers BigInts, Option None null. Generic on purpose: it does not depend on field names.
 */
export function plain(codec) {
  return bigify(codec.toPrimitive());
}

function bigify(v) {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^\d+$/.test(v)) return BigInt(v);
  if (Array.isArray(v)) return v.map(bigify);
  if (v && typeof v === 'object') {
    const out = {};
    for (const [k, x] of Object.entries(v)) out[k] = bigify(x);
    return out;
  }
  return v;
}

/** The first of `names` that `obj` has (tolerates renamed fields). */
export function pick(obj, ...names) {
  if (!obj) return undefined;
  for (const n of names) if (obj[n] !== undefined) return obj[n];
  return undefined;
}

/** Exact decimal of a 9-decimal amount: 909049587n -> "0.909049587". */
export function fmtExact(v, decimals = 9) {
  const x = big(v);
  const neg = x < 0n;
  const a = neg ? -x : x;
  const unit = 10n ** BigInt(decimals);
  const int = a / unit;
  const frac = (a % unit).toString().padStart(decimals, '0');
  return `${neg ? '-' : ''}${int.toString()}.${frac}`;
}

/** A 9-decimal amount rounded for reading, with thousands separators. */
export function fmtUnits(v, digits = 4) {
  const x = big(v);
  const neg = x < 0n;
  const a = neg ? -x : x;
  const scale = 10n ** BigInt(9 - digits);
  const rounded = (a + scale / 2n) / scale; // half up at `digits` decimals
  const unit = 10n ** BigInt(digits);
  const int = (rounded / unit).toLocaleString('en-US');
  const frac = digits > 0 ? `.${(rounded % unit).toString().padStart(digits, '0')}` : '';
  return `${neg ? '-' : ''}${int}${frac}`;
}

/** A price (rao per alpha) in TAO per alpha, 6 significant decimals for reading. */
export function fmtPrice(v) {
  const x = Number(big(v)) / 1e9;
  if (x === 0) return '0';
  if (x >= 1000) return x.toLocaleString('en-US', { maximumFractionDigits: 2 });
  return x.toPrecision(6);
}

/** Parse a decimal string into an integer of `decimals` decimals; null if not a number. */
export function parseUnits(s, decimals = 9) {
  const t = String(s ?? '').trim().replace(/_/g, '');
  const m = /^(\d*)(?:\.(\d*))?$/.exec(t);
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) return null;
  const frac = (m[2] ?? '');
  if (frac.length > decimals) return null;
  return BigInt(m[1] || '0') * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, '0') || '0');
}

/** num/den as a percentage string. */
export function pct(num, den, digits = 2) {
  const d = big(den);
  if (d === 0n) return '-';
  const scaled = Number((big(num) * 10n ** BigInt(digits + 2)) / d) / 10 ** digits;
  return `${scaled.toFixed(digits)}%`;
}

export function shortAddr(a) {
  const s = String(a ?? '');
  return s.length > 14 ? `${s.slice(0, 6)}…${s.slice(-6)}` : s;
}

export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(e.dataset, Object.fromEntries(Object.entries(v).map(([a, b]) => [a, String(b)])));
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) e.append(c instanceof Node ? c : String(c));
  return e;
}

export function clear(node) { while (node.firstChild) node.firstChild.remove(); return node; }

/** Run `fn` over `items` with at most `limit` in flight. */
export async function pool(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => { while (next < items.length) { const i = next++; out[i] = await fn(items[i], i); } };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Named module error with its documentation, from a DispatchError codec. */
export function describeDispatchError(api, err) {
  if (err?.isModule) {
    try {
      const meta = api.registry.findMetaError(err.asModule);
      return { name: `${meta.section}.${meta.name}`, docs: meta.docs.join(' ').trim() };
    } catch { /* fall through */ }
  }
  if (err?.isToken) return { name: `Token.${err.asToken.type}`, docs: '' };
  if (err?.isArithmetic) return { name: `Arithmetic.${err.asArithmetic.type}`, docs: '' };
  return { name: err?.type ?? String(err), docs: '' };
}

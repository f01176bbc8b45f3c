// Subnet view: price and EMA over the recent blocks (read at past block hashes, so the chart is
// full when the view opens), pool depth, the last epochs' payouts by role, and the neurons.
import { PALETTE, destroyChart, upsertChart } from './charts.js';
import { HISTORY, ensureBlocks, store } from './chain.js';
import { rootProportion, stat } from './network.js';
import { big, clear, el, fmtPrice, fmtUnits, pct, pick, plain, shortAddr } from './util.js';

const EPOCHS = 8; // epochs shown in the payouts chart

export function subnetView(root, { netuid: wanted, go }) {
  let netuid = wanted;
  const priceHolder = {}; const payHolder = {};
  let alive = true; let loadingNeurons = false; let neuronsAt = -1;
  const picker = el('div', { class: 'picker', id: 'subnet-picker' });
  const stats = el('div', { class: 'stats', id: 'subnet-stats' });
  const priceCanvas = el('canvas', { id: 'price-chart', 'aria-label': 'price and EMA' });
  const priceBox = el('div', { class: 'chart line', id: 'price-chart-box' }, priceCanvas);
  const priceNote = el('p', { class: 'note', id: 'price-note' });
  const depth = el('div', { id: 'depth' });
  const payCanvas = el('canvas', { id: 'payout-chart', 'aria-label': 'epoch payouts by role' });
  const payBox = el('div', { class: 'chart bars', id: 'payout-chart-box' }, payCanvas);
  const payNote = el('div', { class: 'note', id: 'payout-note' });
  const neurons = el('table', { class: 'data', id: 'neurons' });
  const neuronNote = el('p', { class: 'note', id: 'neuron-note' });
  root.append(el('section', { class: 'view subnet' },
    picker, stats,
    el('div', { class: 'grid-sub' },
      el('div', { class: 'card chart-card wide' }, el('h3', { text: 'Price and EMA (τ per α), recent blocks' }), priceBox, priceNote),
      el('div', { class: 'card' }, el('h3', { text: 'Pool depth' }), depth),
      el('div', { class: 'card chart-card wide' }, el('h3', { text: 'Last epochs\' payouts by role' }), payBox, payNote),
      el('div', { class: 'card wide' }, el('h3', { text: 'Neurons' }), el('div', { class: 'scroll' }, neurons), neuronNote))));

  function summary(block) { return block?.summaries.find((s) => Number(s.netuid) === netuid); }

  async function backfill() {
    const h = store.head;
    if (!h) return;
    const s = summary(h);
    const numbers = [];
    for (let n = Math.max(1, h.number - HISTORY + 1); n <= h.number; n++) numbers.push(n);
    // Epoch blocks before the window (tempo + 1 apart), for the payouts chart.
    if (s && s.nextEpoch !== null && s.nextEpoch !== undefined) {
      const period = Number(s.tempo) + 1;
      for (let k = 1, b = Number(s.nextEpoch) - period; k <= EPOCHS && b >= 1; k++, b -= period) numbers.push(b);
    }
    priceNote.textContent = 'loading past blocks…';
    await ensureBlocks(numbers);
  }

  function renderPicker() {
    const h = store.head;
    if (!h) return;
    const ids = h.summaries.map((s) => Number(s.netuid));
    if (!ids.includes(netuid) && ids.length) { netuid = ids[0]; }
    clear(picker).append(...ids.map((id) => el('a', { href: `#/subnet/${id}`, class: id === netuid ? 'pill active' : 'pill', dataset: { netuid: id } }, `SN${id}`)));
  }

  function renderStats() {
    const h = store.head; const s = summary(h);
    if (!s) { clear(stats).append(el('p', { text: `Subnet ${netuid} does not exist at block #${h?.number ?? '?'}.` })); return; }
    const rp = rootProportion(s);
    const next = s.nextEpoch === null || s.nextEpoch === undefined ? 'never' : `#${s.nextEpoch} (in ${big(s.nextEpoch) - BigInt(h.number)})`;
    clear(stats).append(
      stat('Price τ/α', fmtPrice(s.price), 'st-price'),
      stat('EMA τ/α', fmtPrice(s.emaPrice), 'st-ema'),
      stat('Pool τ', fmtUnits(s.taoReserve, 4)),
      stat('Pool α', fmtUnits(s.alphaReserve, 4)),
      stat('α outstanding', fmtUnits(s.alphaOut, 4)),
      stat('Root prop', rp === null ? '-' : pct(rp, 1_000_000_000n)),
      stat('Tempo', String(s.tempo)),
      stat('Next epoch', next),
      stat('Owner', shortAddr(s.owner)),
    );
    stats.dataset.netuid = netuid;
  }

  function renderPrice() {
    const points = [...store.history.values()].filter((b) => !b.missing)
      .map((b) => ({ n: b.number, s: summary(b) })).filter((p) => p.s)
      .sort((a, b) => a.n - b.n).slice(-HISTORY);
    priceBox.dataset.points = points.length;
    priceBox.dataset.first = points[0]?.n ?? '';
    priceBox.dataset.last = points.at(-1)?.n ?? '';
    priceNote.textContent = points.length ? `blocks #${points[0].n}–#${points.at(-1).n} (${points.length} blocks)` : 'no data yet';
    upsertChart(priceHolder, priceCanvas, {
      type: 'line',
      data: {
        labels: points.map((p) => `#${p.n}`),
        datasets: [
          { label: 'price', data: points.map((p) => Number(p.s.price) / 1e9), borderColor: PALETTE[0], backgroundColor: PALETTE[0], pointRadius: 0, borderWidth: 2, stepped: true },
          { label: 'EMA', data: points.map((p) => Number(p.s.emaPrice) / 1e9), borderColor: PALETTE[1], backgroundColor: PALETTE[1], pointRadius: 0, borderWidth: 2, borderDash: [6, 3] },
        ],
      },
      options: {
        interaction: { mode: 'index', intersect: false },
        scales: { x: { ticks: { maxTicksLimit: 6, maxRotation: 0 } }, y: { ticks: { maxTicksLimit: 6 } } },
        plugins: { legend: { position: 'bottom' } },
      },
    });
  }

  function renderDepth() {
    const h = store.head; const s = summary(h);
    if (!s) { clear(depth); return; }
    const T = Number(s.taoReserve) / 1e9; const A = Number(s.alphaReserve) / 1e9;
    const fee = h.params ? Number(big(pick(h.params, 'swapFee') ?? 0n)) / 1e9 : 0;
    // Constant product: moving the price by a factor f takes the TAO side to T*sqrt(f) (buy) or
    // the alpha side to A/sqrt(f) (sell); the fee is paid on the input.
    const buy = (f) => (T * (Math.sqrt(f) - 1)) / (1 - fee);
    const sell = (f) => (A * (1 / Math.sqrt(f) - 1)) / (1 - fee);
    const num = (x) => x.toLocaleString('en-US', { maximumFractionDigits: 4 });
    const bar = (v, max, cls) => el('div', { class: `depth-bar ${cls}`, style: `width:${Math.max(2, Math.min(100, (v / max) * 100)).toFixed(1)}%` });
    const rows = [[1.01, '+1%'], [1.1, '+10%'], [0.99, '−1%'], [0.9, '−10%']].map(([f, label]) => {
      const isBuy = f > 1; const v = isBuy ? buy(f) : sell(f);
      return { label, v, isBuy };
    });
    const maxT = Math.max(...rows.filter((r) => r.isBuy).map((r) => r.v), 1e-9);
    const maxA = Math.max(...rows.filter((r) => !r.isBuy).map((r) => r.v), 1e-9);
    clear(depth).append(
      el('div', { class: 'reserves' },
        el('div', {}, el('span', { class: 'stat-label', text: 'τ reserve' }), el('strong', { text: fmtUnits(s.taoReserve, 4) })),
        el('div', {}, el('span', { class: 'stat-label', text: 'α reserve' }), el('strong', { text: fmtUnits(s.alphaReserve, 4) }))),
      el('table', { class: 'data depth' },
        el('thead', {}, el('tr', {}, el('th', { text: 'move price' }), el('th', { text: 'takes ≈' }), el('th', { text: '' }))),
        el('tbody', {}, rows.map((r) => el('tr', {},
          el('td', { text: r.label }),
          el('td', { text: `${num(r.v)} ${r.isBuy ? 'τ staked' : 'α unstaked'}` }),
          el('td', { class: 'bar-cell' }, bar(r.v, r.isBuy ? maxT : maxA, r.isBuy ? 'buy' : 'sell')))))),
      el('p', { class: 'note', text: `k = τ·α = ${num(T * A)}; swap fee ${(fee * 100).toFixed(3)}%.` }));
  }

  function renderPayouts() {
    const epochs = [...store.history.values()]
      .flatMap((b) => b.epochs.filter((e) => e.netuid === netuid).map((e) => ({ ...e, block: b.number })))
      .sort((a, b) => a.block - b.block).slice(-EPOCHS);
    payBox.dataset.epochs = epochs.length;
    const keys = [...new Set(epochs.flatMap((e) => Object.keys(e.amounts)))];
    payBox.dataset.series = keys.join(',');
    const unit = (k) => (/tao/i.test(k) ? 'τ' : /alpha/i.test(k) ? 'α' : '');
    upsertChart(payHolder, payCanvas, {
      type: 'bar',
      data: {
        labels: epochs.map((e) => `#${e.block}`),
        datasets: keys.map((k, i) => ({
          label: `${humanize(k)}${unit(k) ? ` (${unit(k)})` : ''}`,
          data: epochs.map((e) => (e.amounts[k] === undefined ? null : Number(e.amounts[k]) / 1e9)),
          backgroundColor: PALETTE[i % PALETTE.length],
        })),
      },
      options: {
        scales: { x: { ticks: { maxRotation: 0 } }, y: { beginAtZero: true, ticks: { maxTicksLimit: 6 } } },
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
      },
    });
    const last = epochs.at(-1);
    clear(payNote);
    if (!last) payNote.append(`No EpochPaid for SN${netuid} in the blocks read (the last ${HISTORY} and ${EPOCHS} epoch blocks).`);
    else {
      const counts = Object.entries(last.counts).map(([k, v]) => `${humanize(k)}: ${v}`).join(', ');
      payNote.append(`${epochs.length} epochs; last at #${last.block}${counts ? ` (${counts})` : ''}.`);
    }
  }

  async function loadNeurons() {
    const h = store.head; const api = store.api;
    if (!h || !api || loadingNeurons || neuronsAt === h.number) return;
    loadingNeurons = true;
    try {
      const at = await api.at(h.hash);
      const [hotkeys, permits] = await Promise.all([at.query.dtao.neurons(netuid), at.query.dtao.validatorPermits(netuid)]);
      const keys = hotkeys.map((k) => k.toString());
      const pools = keys.length ? await at.query.dtao.stakePools.multi(keys.map((k) => [netuid, k])) : [];
      const permitted = new Set(permits.map((u) => Number(u.toString())));
      let perUid = null; let source = '';
      if (typeof api.call.dtaoApi.epochPreview === 'function') {
        try { perUid = fromPreview(await at.call.dtaoApi.epochPreview(netuid)); source = 'epoch preview (runtime API)'; } catch (e) { console.warn('epochPreview failed', e); }
      }
      if (!perUid) {
        const last = [...store.history.values()].flatMap((b) => b.epochs.filter((e) => e.netuid === netuid).map((e) => ({ ...e, block: b.number })))
          .sort((a, b) => a.block - b.block).at(-1);
        perUid = last ? fromLists(last.lists) : null;
        if (perUid) source = `last EpochPaid (#${last.block})`;
      }
      if (!alive) return;
      neuronsAt = h.number;
      neurons.dataset.blockHash = h.hash;
      clear(neurons).append(
        el('thead', {}, el('tr', {}, ['uid', 'hotkey', 'stake α', 'permit', 'incentive', 'dividends'].map((t) => el('th', { text: t })))),
        el('tbody', {}, keys.map((k, uid) => {
          const p = pools[uid]; const stake = p && p.isSome ? big(pick(plain(p.unwrap()), 'value', 'alpha', 'stake') ?? 0n) : 0n;
          const row = perUid?.get(uid) ?? {};
          return el('tr', { dataset: { uid } },
            el('td', { dataset: { label: 'uid' }, text: String(uid) }),
            el('td', { dataset: { label: 'hotkey' }, title: k }, el('code', { text: shortAddr(k) })),
            el('td', { dataset: { label: 'stake α', value: String(stake) }, text: fmtUnits(stake, 4) }),
            el('td', { dataset: { label: 'permit', value: permitted.has(uid) ? '1' : '0' }, text: permitted.has(uid) ? '✓' : '–' }),
            el('td', { dataset: { label: 'incentive' }, text: row.incentive ?? '-' }),
            el('td', { dataset: { label: 'dividends' }, text: row.dividends ?? '-' }));
        })));
      neuronNote.textContent = perUid ? `Incentive and dividends: ${source}.`
        : 'Incentive and dividends: “-” until the runtime offers an epoch preview or epochs report them per neuron.';
    } catch (e) {
      console.warn('neurons failed', e);
    } finally { loadingNeurons = false; }
  }

  function renderAll() {
    if (!store.head) return;
    renderPicker(); renderStats(); renderPrice(); renderDepth(); renderPayouts(); loadNeurons();
  }

  renderAll();
  backfill().then(() => { if (alive) renderAll(); });
  return {
    update: (kind) => { if (!alive) return; if (kind === 'head') { renderAll(); } else if (kind === 'history') { renderPrice(); renderPayouts(); } },
    unmount: () => { alive = false; destroyChart(priceHolder); destroyChart(payHolder); },
    netuid: () => netuid,
    go,
  };
}

function humanize(k) { return k.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/\./g, ' › ').toLowerCase(); }

/** Format one per-neuron value from its codec: ratios as %, amounts in α. */
function fmtValue(codec) {
  const raw = codec.toRawType?.() ?? '';
  const v = big(codec);
  if (raw === 'Perbill') return pct(v, 1_000_000_000n);
  if (raw === 'Perquintill') return pct(v, 10n ** 18n);
  if (raw === 'u16') return pct(v, 65_535n);
  return fmtUnits(v, 4);
}

/** Incentive and dividends per uid from an epoch preview of any reasonable shape. */
function fromPreview(res) {
  let v = res;
  if (v?.isOk !== undefined) { if (!v.isOk) return null; v = v.asOk; }
  if (v?.isSome !== undefined) { if (!v.isSome) return null; v = v.unwrap(); }
  const out = new Map();
  const field = (obj, re) => { for (const [k, x] of obj.entries()) if (re.test(k)) return x; return null; };
  if (Array.isArray(v) || v?.toRawType?.().startsWith('Vec<')) {
    [...v].forEach((item, i) => {
      if (!item.entries) return;
      const uid = field(item, /^uid$/); const inc = field(item, /incentive/i); const div = field(item, /dividend/i);
      out.set(uid ? Number(uid.toString()) : i, { incentive: inc ? fmtValue(inc) : undefined, dividends: div ? fmtValue(div) : undefined });
    });
    return out;
  }
  if (v?.entries) {
    const inc = field(v, /incentive/i); const div = field(v, /dividend/i);
    const put = (list, key) => [...(list ?? [])].forEach((x, i) => {
      const pair = Array.isArray(x) || x?.toRawType?.().startsWith('(');
      const uid = pair ? Number(x[0].toString()) : i; const val = pair ? x[1] : x;
      out.set(uid, { ...(out.get(uid) ?? {}), [key]: fmtValue(val) });
    });
    put(inc, 'incentive'); put(div, 'dividends');
    return out.size ? out : null;
  }
  return null;
}

/** Incentive and dividends per uid from an EpochPaid payout's lists, if it carries them. */
function fromLists(lists) {
  const out = new Map();
  for (const [k, list] of Object.entries(lists ?? {})) {
    const key = /incentive/i.test(k) ? 'incentive' : /dividend/i.test(k) ? 'dividends' : null;
    if (!key || !Array.isArray(list)) continue;
    list.forEach((x, i) => {
      const pair = Array.isArray(x);
      const uid = pair ? Number(x[0]) : i; const val = pair ? x[1] : x;
      out.set(uid, { ...(out.get(uid) ?? {}), [key]: typeof val === 'bigint' ? fmtUnits(val, 4) : String(val) });
    });
  }
  return out.size ? out : null;
}

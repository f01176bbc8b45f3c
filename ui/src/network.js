// Network view: every subnet with price against EMA, its share of the block's TAO, pool,
// alpha outstanding, root's share (the runtime API's) and blocks to its next epoch; sortable;
// updated every block.
import { PALETTE, destroyChart, upsertChart } from './charts.js';
import { store } from './chain.js';
import { big, clear, el, fmtPrice, fmtUnits, pct, pick } from './util.js';

/**
 * Root's proportion of a subnet's validator rewards, in parts per billion, as the runtime API's
 * summary reports it (`root_proportion`, spec: `tw * R / (tw * R + alpha_out)`); null when the
 * runtime does not report it (a runtime from before the field).
 */
export function rootProportion(summary) {
  const v = pick(summary, 'rootProportion');
  return v === undefined || v === null ? null : big(v);
}

/** The rows of the table for a loaded block. */
export function subnetRows(head) {
  const total = head.summaries.reduce((a, s) => a + big(s.taoEmission), 0n);
  return head.summaries.map((s) => {
    const netuid = Number(s.netuid);
    const next = s.nextEpoch === null || s.nextEpoch === undefined ? null : big(s.nextEpoch) - BigInt(head.number);
    return {
      netuid,
      price: big(s.price),
      ema: big(s.emaPrice),
      ratio: big(s.emaPrice) === 0n ? 0n : (big(s.price) * 1_000_000n) / big(s.emaPrice),
      taoEmission: big(s.taoEmission),
      share: total === 0n ? 0n : (big(s.taoEmission) * 1_000_000_000n) / total,
      taoReserve: big(s.taoReserve),
      alphaReserve: big(s.alphaReserve),
      alphaOut: big(s.alphaOut),
      rootProp: rootProportion(s),
      nextEpoch: next,
      tempo: Number(s.tempo),
      total,
    };
  });
}

const COLUMNS = [
  { key: 'netuid', label: 'Subnet', fmt: (r) => `SN${r.netuid}` },
  { key: 'price', label: 'Price τ/α', fmt: (r) => fmtPrice(r.price), raw: (r) => r.price },
  { key: 'ema', label: 'EMA τ/α', fmt: (r) => fmtPrice(r.ema), raw: (r) => r.ema },
  { key: 'ratio', label: 'Price / EMA', fmt: (r) => (r.ema === 0n ? '-' : (Number(r.ratio) / 1e6).toFixed(4)) },
  { key: 'share', label: 'Block TAO share', fmt: (r) => pct(r.taoEmission, r.total), raw: (r) => r.taoEmission },
  { key: 'taoEmission', label: 'τ / block', fmt: (r) => fmtUnits(r.taoEmission, 6), raw: (r) => r.taoEmission },
  { key: 'taoReserve', label: 'Pool τ', fmt: (r) => fmtUnits(r.taoReserve, 2), raw: (r) => r.taoReserve },
  { key: 'alphaReserve', label: 'Pool α', fmt: (r) => fmtUnits(r.alphaReserve, 2), raw: (r) => r.alphaReserve },
  { key: 'alphaOut', label: 'α outstanding', fmt: (r) => fmtUnits(r.alphaOut, 2), raw: (r) => r.alphaOut },
  { key: 'rootProp', label: 'Root prop', fmt: (r) => (r.rootProp === null ? '-' : pct(r.rootProp, 1_000_000_000n)), raw: (r) => r.rootProp ?? '' },
  { key: 'nextEpoch', label: 'Next epoch', fmt: (r) => (r.nextEpoch === null ? 'never' : `${r.nextEpoch} blk`), raw: (r) => r.nextEpoch ?? '' },
];

export function networkView(root, { go }) {
  const sort = JSON.parse(localStorage.getItem('dtao.sort') ?? 'null') ?? { key: 'netuid', dir: 1 };
  const chartHolder = {};
  const stats = el('div', { class: 'stats', id: 'net-stats' });
  const canvas = el('canvas', { id: 'split-chart', 'aria-label': 'TAO per block by subnet' });
  const chartBox = el('div', { class: 'card chart-card' },
    el('h3', { text: 'This block\'s TAO, split by EMA price' }),
    el('div', { class: 'chart doughnut' }, canvas));
  const table = el('table', { id: 'subnets', class: 'data sortable' });
  const head = el('thead');
  const body = el('tbody');
  table.append(head, body);
  // On a phone the table is a list of cards without its header row: sort with a select instead.
  const sortSelect = el('select', { id: 'sort-mobile', 'aria-label': 'sort subnets by', onchange: () => {
    const [key, dir] = sortSelect.value.split(':'); sort.key = key; sort.dir = Number(dir);
    localStorage.setItem('dtao.sort', JSON.stringify(sort)); renderHead(); update();
  } }, COLUMNS.flatMap((c) => [el('option', { value: `${c.key}:-1` }, `${c.label} ↓`), el('option', { value: `${c.key}:1` }, `${c.label} ↑`)]));
  const tableBox = el('div', { class: 'card table-card' },
    el('div', { class: 'card-head' }, el('h3', { text: 'Subnets' }), el('label', { class: 'sort-mobile' }, 'sort ', sortSelect)),
    el('div', { class: 'scroll' }, table));
  root.append(el('section', { class: 'view network' }, stats, el('div', { class: 'grid-net' }, tableBox, chartBox)));

  function renderHead() {
    sortSelect.value = `${sort.key}:${sort.dir}`;
    clear(head);
    head.append(el('tr', {}, COLUMNS.map((c) => el('th', {
      scope: 'col',
      dataset: { key: c.key },
      'aria-sort': sort.key === c.key ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none',
      tabindex: 0,
      onclick: () => setSort(c.key),
      onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); setSort(c.key); } },
    }, c.label, el('span', { class: 'arrow', text: sort.key === c.key ? (sort.dir > 0 ? ' ▲' : ' ▼') : '' })))));
  }
  function setSort(key) {
    if (sort.key === key) sort.dir = -sort.dir; else { sort.key = key; sort.dir = key === 'netuid' ? 1 : -1; }
    localStorage.setItem('dtao.sort', JSON.stringify(sort));
    renderHead();
    update();
  }

  function update() {
    const h = store.head;
    if (!h) return;
    const rows = subnetRows(h);
    const get = (r) => r[sort.key];
    rows.sort((a, b) => {
      const x = get(a); const y = get(b);
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      return (x < y ? -1 : x > y ? 1 : a.netuid - b.netuid) * sort.dir;
    });
    table.dataset.blockHash = h.hash;
    table.dataset.blockNumber = h.number;
    clear(body);
    for (const r of rows) {
      body.append(el('tr', { dataset: { netuid: r.netuid }, tabindex: 0, onclick: () => go(`#/subnet/${r.netuid}`),
        onkeydown: (e) => { if (e.key === 'Enter') go(`#/subnet/${r.netuid}`); } },
      COLUMNS.map((c) => el('td', {
        dataset: { col: c.key, label: c.label, value: c.raw ? String(c.raw(r)) : String(r[c.key] ?? '') },
      }, c.fmt(r)))));
    }
    const total = rows[0]?.total ?? 0n;
    const tw = h.params ? Number(big(pick(h.params, 'taoWeight') ?? 0n)) / 1e7 : null;
    clear(stats).append(
      stat('Block', `#${h.number.toLocaleString('en-US')}`),
      stat('τ per block', fmtUnits(total, 4)),
      stat('Subnets', String(rows.length)),
      stat('TAO weight', tw === null ? '-' : `${tw}%`),
    );
    const byNetuid = [...rows].sort((a, b) => a.netuid - b.netuid);
    upsertChart(chartHolder, canvas, {
      type: 'doughnut',
      data: {
        labels: byNetuid.map((r) => `SN${r.netuid}`),
        datasets: [{ data: byNetuid.map((r) => Number(r.taoEmission) / 1e9), backgroundColor: byNetuid.map((r, i) => PALETTE[i % PALETTE.length]) }],
      },
      options: {
        plugins: {
          legend: { position: 'bottom' },
          tooltip: { callbacks: { label: (c) => ` SN${byNetuid[c.dataIndex].netuid}: ${fmtUnits(byNetuid[c.dataIndex].taoEmission, 6)} τ (${pct(byNetuid[c.dataIndex].taoEmission, total)})` } },
        },
      },
    });
  }

  renderHead();
  update();
  return { update: (kind) => { if (kind === 'head') update(); }, unmount: () => destroyChart(chartHolder) };
}

export function stat(label, value, id) {
  return el('div', { class: 'stat', id }, el('div', { class: 'stat-label', text: label }), el('div', { class: 'stat-value', text: value }));
}

// The app: an endpoint field, three views behind hash routes (#/network, #/subnet/N, #/stake),
// and one store fed by the best block.
import './style.css';
import { connect, disconnect, store, subscribe } from './chain.js';
import { networkView } from './network.js';
import { stakeView } from './stake.js';
import { subnetView } from './subnet.js';
import { clear, el } from './util.js';

const DEFAULT_ENDPOINT = 'ws://127.0.0.1:9944';
const params = new URLSearchParams(location.search);
const endpoint = params.get('rpc') ?? localStorage.getItem('dtao.endpoint') ?? DEFAULT_ENDPOINT;

const main = document.getElementById('view');
const statusEl = document.getElementById('status');
const input = document.getElementById('endpoint');
const nav = document.getElementById('nav');
input.value = endpoint;

document.getElementById('endpoint-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const value = input.value.trim();
  if (!/^wss?:\/\//.test(value)) { statusEl.textContent = 'the endpoint must start with ws:// or wss://'; return; }
  localStorage.setItem('dtao.endpoint', value);
  if (params.has('rpc')) { params.set('rpc', value); history.replaceState(null, '', `?${params}${location.hash}`); }
  connect(value);
});

let view = null;
let routeKey = '';

function route() {
  const hash = location.hash || '#/network';
  const m = /^#\/(network|subnet|stake)(?:\/(\d+))?/.exec(hash);
  const name = m?.[1] ?? 'network';
  const netuid = m?.[2] !== undefined ? Number(m[2]) : Number(localStorage.getItem('dtao.netuid') ?? 1);
  const key = name === 'subnet' ? `subnet/${netuid}` : name;
  for (const a of nav.querySelectorAll('a')) a.classList.toggle('active', a.dataset.view === name);
  if (key === routeKey && view) return;
  routeKey = key;
  view?.unmount?.();
  clear(main);
  if (name === 'subnet') localStorage.setItem('dtao.netuid', String(netuid));
  document.body.dataset.view = name;
  if (!store.head) {
    main.append(el('p', { class: 'placeholder', text: store.status === 'error' ? store.error : 'waiting for the chain…' }));
    view = null;
    return;
  }
  const go = (h) => { location.hash = h; };
  view = name === 'subnet' ? subnetView(main, { netuid, go }) : name === 'stake' ? stakeView(main, { go }) : networkView(main, { go });
}

subscribe((kind) => {
  renderStatus();
  if (kind === 'head' && !view) { routeKey = ''; route(); return; }
  if (kind === 'status' && !store.head) { routeKey = ''; route(); return; }
  view?.update?.(kind);
});

function renderStatus() {
  const s = store.status;
  statusEl.dataset.status = s;
  if (s === 'connected' && store.head) statusEl.textContent = `${store.chain} · #${store.head.number.toLocaleString('en-US')}`;
  else if (s === 'error') statusEl.textContent = store.error;
  else statusEl.textContent = s === 'connected' ? `${store.chain} · loading…` : `${s}…`;
}

window.addEventListener('hashchange', route);
// Close the socket cleanly when the page goes away (no reconnect attempts, no error logged).
window.addEventListener('pagehide', () => { disconnect(); });
route();
renderStatus();
connect(endpoint);

// Helpers for the browser tests: a dev node on free loopback ports (as tests/e2e/lib.mjs does),
// the built app served by `vite preview`, headless Chromium via puppeteer-core. Everything
// started here is stopped in bounded time, whatever failed.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';

export const TAO = 1_000_000_000n;
export const UI_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const NODE = process.env.DTAO_NODE
  ?? resolve(process.env.CARGO_TARGET_DIR ?? join(process.env.HOME, '.cache/dtao-target'), 'debug/dtao-node');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = resolve(process.env.UI_ARTIFACTS ?? join(UI_DIR, 'artifacts'));

export const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

export function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => ok(port)); });
  });
}

const running = new Set();
process.on('exit', () => { for (const n of running) { try { process.kill(-n.proc.pid, 'SIGKILL'); } catch { /* gone */ } } });

export async function startNode() {
  if (!existsSync(NODE)) throw new Error(`no dtao-node at ${NODE} (build it with \`make node\` or set DTAO_NODE)`);
  const rpcPort = await freePort();
  const p2pPort = await freePort();
  const base = mkdtempSync(join(tmpdir(), 'dtao-ui-'));
  const logPath = join(base, 'node.log');
  const out = openSync(logPath, 'a');
  const args = ['--dev', '--base-path', base, '--rpc-port', String(rpcPort), '--no-prometheus', '--no-telemetry',
    '--no-mdns', '--rpc-cors', 'all', '--listen-addr', `/ip4/127.0.0.1/tcp/${p2pPort}`];
  const proc = spawn(NODE, args, { stdio: ['ignore', out, out], detached: true });
  const node = { proc, rpcPort, base, logPath, stopped: false, ws: `ws://127.0.0.1:${rpcPort}` };
  running.add(node);
  const start = Date.now();
  while (Date.now() - start < 120_000) {
    if (proc.exitCode !== null) throw new Error(`dtao-node exited: ${tail(node)}`);
    try {
      const res = await fetch(`http://127.0.0.1:${rpcPort}`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'system_health', params: [] }),
      });
      if (res.ok) return node;
    } catch { /* not up yet */ }
    await sleep(500);
  }
  throw new Error(`dtao-node RPC not up in 120 s: ${tail(node)}`);
}

export function tail(node, lines = 30) {
  try { return readFileSync(node.logPath, 'utf8').split('\n').slice(-lines).join('\n'); } catch { return ''; }
}

export async function stopNode(node, { keepData = false } = {}) {
  if (!node || node.stopped) return;
  node.stopped = true;
  running.delete(node);
  try { process.kill(-node.proc.pid, 'SIGINT'); } catch { /* gone */ }
  const exited = await Promise.race([
    new Promise((ok) => { if (node.proc.exitCode !== null) ok(true); else node.proc.once('exit', () => ok(true)); }),
    sleep(20_000).then(() => false),
  ]);
  if (!exited) { try { process.kill(-node.proc.pid, 'SIGKILL'); } catch { /* gone */ } }
  if (keepData) console.error(`dtao-node log kept at ${node.logPath}\n${tail(node)}`);
  else rmSync(node.base, { recursive: true, force: true });
}

export async function connect(node) {
  await cryptoWaitReady();
  return ApiPromise.create({ provider: new WsProvider(node.ws), noInitWarn: true });
}

export function keys() {
  const k = new Keyring({ type: 'sr25519', ss58Format: 42 });
  return { alice: k.addFromUri('//Alice'), dave: k.addFromUri('//Dave'), eve: k.addFromUri('//Eve'), hot: (i) => k.addFromUri(`//UI//hot//${i}`) };
}

/** Raw JSON-RPC over HTTP (dtao_* methods). */
export async function rpc(node, method, params = []) {
  const res = await fetch(`http://127.0.0.1:${node.rpcPort}`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = await res.json();
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

/** Sign, send, wait for inclusion: { ok, error, events, blockHash }. */
export function send(api, tx, signer, timeoutMs = 60_000) {
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('transaction not included in time')), timeoutMs);
    let unsub;
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      if (!status.isInBlock) return;
      clearTimeout(timer);
      if (unsub) unsub();
      let error = null;
      if (dispatchError) {
        if (dispatchError.isModule) {
          const { section, name } = api.registry.findMetaError(dispatchError.asModule);
          error = `${section}.${name}`;
        } else error = dispatchError.toString();
      }
      ok({ ok: !dispatchError, error, events: events.map(({ event }) => event), blockHash: status.asInBlock.toHex() });
    }).then((u) => { unsub = u; }).catch((e) => { clearTimeout(timer); fail(e); });
  });
}

export async function bestNumber(api) { return (await api.rpc.chain.getHeader()).number.toNumber(); }

export async function waitForBlock(api, n, timeoutMs = 120_000) {
  const begun = Date.now();
  while (Date.now() - begun < timeoutMs) {
    if (await bestNumber(api) >= n) return;
    await sleep(500);
  }
  throw new Error(`block #${n} not reached in ${timeoutMs} ms`);
}

/** Serve ui/dist with `vite preview` (what `make ui` serves), on a free loopback port. */
export async function serveApp() {
  const { build, preview } = await import('vite');
  if (!existsSync(join(UI_DIR, 'dist', 'index.html')) || process.env.UI_BUILD === '1') {
    await build({ root: UI_DIR, logLevel: 'warn' });
  }
  const port = await freePort();
  const server = await preview({ root: UI_DIR, logLevel: 'warn', preview: { host: '127.0.0.1', port, strictPort: true, open: false } });
  return { url: `http://127.0.0.1:${port}/`, close: () => Promise.race([server.close(), sleep(10_000)]) };
}

export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (Debian: apt-get install chromium; \`make deps\` does it)`);
  const puppeteer = (await import('puppeteer-core')).default;
  const args = ['--disable-dev-shm-usage', '--disable-gpu', '--no-first-run', '--no-default-browser-check'];
  if (process.getuid?.() === 0) args.push('--no-sandbox'); // Chromium refuses to sandbox as root
  const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args, protocolTimeout: 60_000 });
  return browser;
}

/** Close the browser in bounded time; kill it if it hangs. */
export async function closeBrowser(browser) {
  if (!browser) return;
  const proc = browser.process();
  const closed = await Promise.race([browser.close().then(() => true).catch(() => false), sleep(10_000).then(() => false)]);
  if (!closed && proc && proc.exitCode === null) { try { proc.kill('SIGKILL'); } catch { /* gone */ } }
}

// Helpers for the browser tests: a dev node from the shared harness (tests/harness/node.mjs, as
// the e2e suite and the smoke test start theirs), the built app served by `vite preview`,
// headless Chromium via puppeteer-core. Everything started here is stopped in bounded time,
// whatever failed. @polkadot/api, vite and puppeteer-core resolve from ui/node_modules: the
// harness imports no package.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { freePort, sleep, startNode as startHarnessNode, stopNode as stopHarnessNode } from '../../tests/harness/node.mjs';
import { send as sendTx } from '../../tests/harness/api.mjs';

export { NODE, TAO, freePort, rpc, sleep, tail } from '../../tests/harness/node.mjs';
export { bestNumber, waitForBlock } from '../../tests/harness/api.mjs';

export const UI_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = resolve(process.env.UI_ARTIFACTS ?? join(UI_DIR, 'artifacts'));

/** A dev node on free loopback ports; `node.ws` is its RPC endpoint. */
export function startNode() {
  return startHarnessNode({ chain: 'dev', name: 'alice', prefix: 'dtao-ui' });
}

/** Stop the node; `keepData` (a failure) keeps its base path and prints where the log is. */
export function stopNode(node, { keepData = false } = {}) {
  return stopHarnessNode(node, { keepData, showLog: keepData });
}

export async function connect(node) {
  await cryptoWaitReady();
  return ApiPromise.create({ provider: new WsProvider(node.ws), noInitWarn: true });
}

export function keys() {
  const k = new Keyring({ type: 'sr25519', ss58Format: 42 });
  return { alice: k.addFromUri('//Alice'), dave: k.addFromUri('//Dave'), eve: k.addFromUri('//Eve'), hot: (i) => k.addFromUri(`//UI//hot//${i}`) };
}

/** Sign, send, wait for inclusion: { ok, error, events, fee, blockHash }. */
export function send(api, tx, signer, timeoutMs = 60_000) {
  return sendTx(api, tx, signer, { timeoutMs });
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

// The live-node harness shared by the e2e suite (tests/e2e), the dashboard tests (ui/test) and the
// smoke test (tests/smoke_node.py, through the CLI below): choose free loopback ports, start
// dtao-node on them, keep its log, wait for its RPC, always stop it (bounded time, whole process
// group), keep the data and log when asked (on failure).
//
// Only node: built-ins, so any package imports it by relative path without the other's
// node_modules. Helpers over a connected @polkadot/api are in ./api.mjs (same rule).
//
// Library:
//   const node = await startNode({ chain: 'dev', name: 'alice', extra: [], basePath, prefix });
//   node: { proc, pid, name, rpcPort, p2pPort, ws, http, base, logPath, stopped }
//   await rpc(node, 'dtao_subnets');  tail(node);  await stopNode(node, { keepData, showLog });
//   await stopAll(failed);  await freePorts(n);  nodeKey(name);  NODE (the default binary)
//
// CLI (for programs that are not JavaScript):
//   node tests/harness/node.mjs serve [--bin PATH] [--chain dev|local|...] [--name alice]
//        [--prefix dtao-node] [--timeout-ms 120000] [-- EXTRA NODE ARGS...]
// starts one node, prints one JSON line on stdout when its RPC answers
//   {"pid":…,"name":…,"rpcPort":…,"p2pPort":…,"ws":"ws://127.0.0.1:…","http":"http://127.0.0.1:…","base":…,"logPath":…}
// and supervises it until its stdin ends (EOF) or it gets SIGINT/SIGTERM; then it stops the node
// and exits 0. If stdin carried the word `keep`, the base path and log are kept. If the node
// cannot start or exits on its own, the harness says why on stderr, keeps the log, and exits 1.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TAO = 1_000_000_000n;
export const NODE = process.env.DTAO_NODE
  ?? resolve(process.env.CARGO_TARGET_DIR ?? join(process.env.HOME ?? tmpdir(), '.cache/dtao-target'), 'debug/dtao-node');

export const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

// ---------------------------------------------------------------------------------------------
// Ports.

// Every port this process has handed out: never handed out twice, so a node's RPC and p2p ports
// differ (the OS may return one ephemeral port twice; the node's RPC server, finding the port
// taken by its own p2p listener, then moves to a random one and a CI run timed out waiting for
// RPC that way), and nodes or servers started at the same time (the dashboard tests start the
// node and `vite preview` together) do not race for one port either.
const handedOut = new Set();

function listenEphemeral() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => ok(srv));
  });
}

/**
 * `n` distinct free loopback ports, none handed out before by this process. The listeners are
 * all held open until every port is chosen, so the OS cannot return one twice within a call.
 */
export async function freePorts(n) {
  const held = [];
  const ports = [];
  try {
    while (ports.length < n) {
      if (held.length >= n + 1000) throw new Error(`no ${n} free ports on 127.0.0.1`);
      const srv = await listenEphemeral();
      held.push(srv);
      const { port } = srv.address();
      if (!handedOut.has(port) && !ports.includes(port)) ports.push(port);
    }
  } finally {
    await Promise.all(held.map((srv) => new Promise((ok) => srv.close(() => ok()))));
  }
  for (const port of ports) handedOut.add(port);
  return ports;
}

export async function freePort() { return (await freePorts(1))[0]; }

// ---------------------------------------------------------------------------------------------
// Nodes.

// Fixed libp2p keys so peers can name each other in --bootnodes.
const NODE_KEYS = {
  alice: '0000000000000000000000000000000000000000000000000000000000000001',
  bob: '0000000000000000000000000000000000000000000000000000000000000002',
  charlie: '0000000000000000000000000000000000000000000000000000000000000003',
  dave: '0000000000000000000000000000000000000000000000000000000000000004',
};
export function nodeKey(name) { return NODE_KEYS[name]; }

/** The command line of a node: `--dev`, or a named authority of `chain` with its fixed key. */
export function nodeArgs({ chain = 'dev', name = 'alice', base, rpcPort, p2pPort, extra = [] }) {
  let args;
  if (chain === 'dev') args = ['--dev', '--base-path', base];
  else {
    if (!nodeKey(name)) throw new Error(`no fixed node key for ${name} (one of ${Object.keys(NODE_KEYS).join(', ')})`);
    args = ['--chain', chain, `--${name}`, '--base-path', base, '--node-key', nodeKey(name)];
  }
  args.push('--rpc-port', String(rpcPort), '--no-prometheus', '--no-telemetry',
    '--no-mdns', '--rpc-cors', 'all', '--listen-addr', `/ip4/127.0.0.1/tcp/${p2pPort}`, ...extra);
  return args;
}

const running = new Set();
process.on('exit', () => { for (const n of running) { try { process.kill(-n.pid, 'SIGKILL'); } catch { /* gone */ } } });

/** Nodes started and not stopped yet. */
export function runningNodes() { return [...running]; }

/**
 * Start dtao-node on two fresh loopback ports (RPC, p2p) with its log at `<base>/node.log`, and
 * resolve when its RPC answers. `basePath` reuses a directory (a restart); otherwise a temporary
 * one named `<prefix>-<name>-…`. On failure the node is stopped, its data kept, and the error
 * names the log and quotes its end.
 */
export async function startNode({
  bin = NODE, chain = 'dev', name = 'alice', extra = [], basePath, prefix = 'dtao-node', timeoutMs = 120_000,
} = {}) {
  if (!existsSync(bin)) throw new Error(`no dtao-node at ${bin} (build it with \`make node\` or set DTAO_NODE)`);
  const [rpcPort, p2pPort] = await freePorts(2);
  const base = basePath ?? mkdtempSync(join(tmpdir(), `${prefix}-${name}-`));
  const logPath = join(base, 'node.log');
  const args = nodeArgs({ chain, name, base, rpcPort, p2pPort, extra });
  const out = openSync(logPath, 'a');
  let proc;
  try {
    proc = spawn(bin, args, { stdio: ['ignore', out, out], detached: true });
  } finally {
    closeSync(out); // the child has its own copy
  }
  const node = {
    proc, pid: proc.pid, name, rpcPort, p2pPort, base, logPath, stopped: false, spawnError: null,
    ws: `ws://127.0.0.1:${rpcPort}`, http: `http://127.0.0.1:${rpcPort}`,
  };
  proc.on('error', (e) => { node.spawnError = e; }); // unhandled, it would crash the test process
  running.add(node);
  try {
    await waitForRpc(node, timeoutMs);
  } catch (e) {
    await stopNode(node, { keepData: true });
    throw new Error(`${e.message}\n(log kept at ${logPath})\n${tail(node)}`);
  }
  return node;
}

function exited(node) { return node.spawnError !== null || node.proc.exitCode !== null || node.proc.signalCode !== null; }

/** Resolve when the node answers `system_health`; reject if it exits or `timeoutMs` passes. */
export async function waitForRpc(node, timeoutMs = 120_000) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (exited(node)) {
      throw new Error(`dtao-node ${node.name} exited (${node.spawnError?.message ?? node.proc.exitCode ?? node.proc.signalCode})`);
    }
    try {
      const res = await post(node, 'system_health', [], 5_000);
      if (res.ok) return;
    } catch { /* not up yet */ }
    await sleep(500);
  }
  throw new Error(`dtao-node ${node.name}: RPC on port ${node.rpcPort} not up in ${timeoutMs} ms`);
}

function post(node, method, params, timeoutMs) {
  return fetch(node.http, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(timeoutMs),
  });
}

/**
 * Raw JSON-RPC over HTTP (for dtao_* methods, which @polkadot/api does not know). Rejects with
 * `method: message` on an RPC error, the error object as `e.rpc`.
 */
export async function rpc(node, method, params = [], { timeoutMs = 60_000 } = {}) {
  const res = await post(node, method, params, timeoutMs);
  const body = await res.json();
  if (body.error) { const e = new Error(`${method}: ${body.error.message}`); e.rpc = body.error; throw e; }
  return body.result;
}

/** The last `lines` lines of the node's log. */
export function tail(node, lines = 30) {
  try { return readFileSync(node.logPath, 'utf8').split('\n').slice(-lines).join('\n'); } catch { return ''; }
}

/**
 * Stop the node: SIGINT to its process group, SIGKILL after 20 s. `keepData` keeps the base
 * path (a restart, or a failure's log); `showLog` also prints where the log is and its end.
 */
export async function stopNode(node, { keepData = false, showLog = false } = {}) {
  if (!node || node.stopped) return;
  node.stopped = true;
  running.delete(node);
  if (!exited(node)) {
    const gone = new Promise((ok) => node.proc.once('exit', () => ok(true)));
    try { process.kill(-node.pid, 'SIGINT'); } catch { /* gone */ }
    const stopped = await Promise.race([gone, sleep(20_000).then(() => false)]);
    if (!stopped && !exited(node)) {
      try { process.kill(-node.pid, 'SIGKILL'); } catch { /* gone */ }
      await Promise.race([gone, sleep(5_000)]);
    }
  }
  if (showLog) console.error(`dtao-node ${node.name} log kept at ${node.logPath}\n${tail(node)}`);
  if (!keepData) rmSync(node.base, { recursive: true, force: true });
}

/** Stop every node still running; on failure keep their logs and say where. */
export async function stopAll(failed) {
  for (const node of [...running]) await stopNode(node, { keepData: failed, showLog: failed });
}

// ---------------------------------------------------------------------------------------------
// CLI.

function parseCli(argv) {
  const [mode, ...rest] = argv;
  const opts = { extra: [] };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--') { opts.extra = rest.slice(i + 1); break; }
    const value = rest[i + 1];
    if (value === undefined) throw new Error(`${a} needs a value`);
    i++;
    if (a === '--bin') opts.bin = resolve(value);
    else if (a === '--chain') opts.chain = value;
    else if (a === '--name') opts.name = value;
    else if (a === '--prefix') opts.prefix = value;
    else if (a === '--timeout-ms') opts.timeoutMs = Number(value);
    else throw new Error(`unknown option ${a}`);
  }
  return { mode, opts };
}

async function serve(opts) {
  let node;
  try {
    node = await startNode(opts);
  } catch (e) {
    console.error(`harness: ${e.message}`);
    return 1;
  }
  const { pid, name, rpcPort, p2pPort, ws, http, base, logPath } = node;
  process.stdout.write(`${JSON.stringify({ pid, name, rpcPort, p2pPort, ws, http, base, logPath })}\n`);
  let input = '';
  const reason = await new Promise((ok) => {
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (d) => { input += d; });
    process.stdin.on('end', () => ok('end'));
    process.stdin.on('error', () => ok('end'));
    process.once('SIGINT', () => ok('signal'));
    process.once('SIGTERM', () => ok('signal'));
    node.proc.once('exit', () => ok('exited'));
  });
  process.stdin.pause();
  if (reason === 'exited') {
    console.error(`harness: dtao-node exited on its own (${node.proc.exitCode ?? node.proc.signalCode})`);
    await stopNode(node, { keepData: true, showLog: true });
    return 1;
  }
  await stopNode(node, { keepData: /\bkeep\b/.test(input) });
  return reason === 'signal' ? 130 : 0;
}

function isMain() {
  try { return !!process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url)); } catch { return false; }
}

if (isMain()) {
  let code;
  try {
    const { mode, opts } = parseCli(process.argv.slice(2));
    if (mode !== 'serve') throw new Error(`usage: node ${process.argv[1]} serve [--bin PATH] [--chain C] [--name N] [--prefix P] [--timeout-ms MS] [-- NODE ARGS]`);
    code = await serve(opts);
  } catch (e) {
    console.error(`harness: ${e.message}`);
    code = 2;
  }
  process.exit(code);
}

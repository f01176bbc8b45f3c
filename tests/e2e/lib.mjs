// Helpers for the end-to-end suite: start dtao-node processes on loopback ports we choose,
// always stop them (bounded time, whole process group), keep their logs on failure.
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { blake2AsHex, cryptoWaitReady } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';

export const TAO = 1_000_000_000n;
export const NODE = process.env.DTAO_NODE
  ?? resolve(process.env.CARGO_TARGET_DIR ?? join(process.env.HOME, '.cache/dtao-target'), 'debug/dtao-node');

const running = new Set();

export function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => ok(port)); });
  });
}

export async function startNode({ chain = 'dev', name = 'alice', extra = [], basePath } = {}) {
  // Two free ports, distinct: the OS may hand out the same one twice, and then the node's RPC
  // server, finding the port taken by its own p2p listener, moves to a random one (a CI run
  // timed out waiting for RPC that way).
  const rpcPort = await freePort();
  let p2pPort = await freePort();
  while (p2pPort === rpcPort) p2pPort = await freePort();
  const base = basePath ?? mkdtempSync(join(tmpdir(), `dtao-e2e-${name}-`));
  const logPath = join(base, 'node.log');
  const out = openSync(logPath, 'a');
  const args = chain === 'dev'
    ? ['--dev', '--base-path', base]
    : ['--chain', chain, `--${name}`, '--base-path', base, '--node-key', nodeKey(name)];
  args.push('--rpc-port', String(rpcPort), '--no-prometheus', '--no-telemetry',
    '--no-mdns', '--rpc-cors', 'all', '--listen-addr', `/ip4/127.0.0.1/tcp/${p2pPort}`, ...extra);
  const proc = spawn(NODE, args, { stdio: ['ignore', out, out], detached: true });
  const node = { proc, rpcPort, p2pPort, base, logPath, name, stopped: false };
  running.add(node);
  await waitForRpc(node, 120_000);
  return node;
}

// Fixed libp2p keys so peers can name each other in --bootnodes.
const NODE_KEYS = {
  alice: '0000000000000000000000000000000000000000000000000000000000000001',
  bob: '0000000000000000000000000000000000000000000000000000000000000002',
  charlie: '0000000000000000000000000000000000000000000000000000000000000003',
  dave: '0000000000000000000000000000000000000000000000000000000000000004',
};
export function nodeKey(name) { return NODE_KEYS[name]; }

async function waitForRpc(node, timeoutMs) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (node.proc.exitCode !== null) throw new Error(`${node.name} exited: ${tail(node)}`);
    try {
      const res = await fetch(`http://127.0.0.1:${node.rpcPort}`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'system_health', params: [] }),
      });
      if (res.ok) return;
    } catch { /* not up yet */ }
    await sleep(500);
  }
  throw new Error(`${node.name}: RPC not up in ${timeoutMs} ms: ${tail(node)}`);
}

export function tail(node, lines = 30) {
  try { return readFileSync(node.logPath, 'utf8').split('\n').slice(-lines).join('\n'); } catch { return ''; }
}

export async function stopNode(node, { keepData = false } = {}) {
  if (node.stopped) return;
  node.stopped = true;
  running.delete(node);
  try { process.kill(-node.proc.pid, 'SIGINT'); } catch { /* gone */ }
  const exited = await Promise.race([
    new Promise((ok) => node.proc.once('exit', () => ok(true))),
    sleep(20_000).then(() => false),
  ]);
  if (!exited && node.proc.exitCode === null) { try { process.kill(-node.proc.pid, 'SIGKILL'); } catch { /* gone */ } }
  if (!keepData) rmSync(node.base, { recursive: true, force: true });
}

/** Stop every node still running; on failure keep the logs and say where. */
export async function stopAll(failed) {
  for (const node of [...running]) {
    if (failed) console.error(`node ${node.name} log kept at ${node.logPath}\n${tail(node)}`);
    await stopNode(node, { keepData: failed });
  }
}
process.on('exit', () => { for (const n of running) { try { process.kill(-n.proc.pid, 'SIGKILL'); } catch { /* gone */ } } });

export const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

export async function connect(node) {
  await cryptoWaitReady();
  const api = await ApiPromise.create({ provider: new WsProvider(`ws://127.0.0.1:${node.rpcPort}`), noInitWarn: true });
  return api;
}

export function keyring() {
  const k = new Keyring({ type: 'sr25519', ss58Format: 42 });
  return {
    alice: k.addFromUri('//Alice'), bob: k.addFromUri('//Bob'), charlie: k.addFromUri('//Charlie'),
    dave: k.addFromUri('//Dave'), eve: k.addFromUri('//Eve'), ferdie: k.addFromUri('//Ferdie'),
    aliceStash: k.addFromUri('//Alice//stash'), bobStash: k.addFromUri('//Bob//stash'),
  };
}

/** Raw JSON-RPC over HTTP (for dtao_* methods, which the API does not know). */
export async function rpc(node, method, params = []) {
  const res = await fetch(`http://127.0.0.1:${node.rpcPort}`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = await res.json();
  if (body.error) { const e = new Error(`${method}: ${body.error.message}`); e.rpc = body.error; throw e; }
  return body.result;
}

/**
 * Sign, send and wait for inclusion. Resolves with { ok, error ('dtao.SubnetNotFound'), events,
 * fee, blockHash }. Never rejects on a dispatch error: tests assert on it.
 */
export function send(api, tx, signer, { timeoutMs = 60_000 } = {}) {
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
      const feeEvent = events.find(({ event }) => event.section === 'transactionPayment' && event.method === 'TransactionFeePaid');
      const fee = feeEvent ? BigInt(feeEvent.event.data[1].toString()) : 0n;
      ok({ ok: !dispatchError, error, events: events.map(({ event }) => event), fee, blockHash: status.asInBlock.toHex() });
    }).then((u) => { unsub = u; }).catch((e) => { clearTimeout(timer); fail(e); });
  });
}

export async function waitForBlocks(api, n, timeoutMs = 120_000) {
  const start = (await api.rpc.chain.getHeader()).number.toNumber();
  const begun = Date.now();
  while (Date.now() - begun < timeoutMs) {
    const now = (await api.rpc.chain.getHeader()).number.toNumber();
    if (now >= start + n) return now;
    await sleep(500);
  }
  throw new Error(`no ${n} new blocks in ${timeoutMs} ms`);
}

export async function finalizedNumber(api) {
  const hash = await api.rpc.chain.getFinalizedHead();
  return (await api.rpc.chain.getHeader(hash)).number.toNumber();
}

export async function free(api, who) {
  return BigInt((await api.query.system.account(who)).data.free.toString());
}

/**
 * Upgrade the chain to `code` by referendum, no sudo: preimage, referendum on the root track,
 * decision deposit, votes by the dev accounts, enactment of `system.authorizeUpgrade`, then
 * anyone (Bob) applies the authorized code. Resolves with the block hash that applied it.
 */
export async function upgradeByReferendum(api, code) {
  const { alice, bob, charlie, dave, eve } = keyring();
  const codeHash = blake2AsHex(code, 256);
  const proposal = api.tx.system.authorizeUpgrade(codeHash);
  let r = await send(api, api.tx.preimage.notePreimage(proposal.method.toHex()), alice);
  if (!r.ok) throw new Error(`notePreimage: ${r.error}`);
  const len = proposal.method.encodedLength;
  r = await send(api, api.tx.referenda.submit({ system: 'Root' }, { Lookup: { hash: proposal.method.hash.toHex(), len } }, { After: 1 }), alice);
  if (!r.ok) throw new Error(`submit: ${r.error}`);
  const index = r.events.find((e) => e.section === 'referenda' && e.method === 'Submitted').data.index.toNumber();
  r = await send(api, api.tx.referenda.placeDecisionDeposit(index), alice);
  if (!r.ok) throw new Error(`placeDecisionDeposit: ${r.error}`);
  for (const voter of [alice, bob, charlie, dave, eve]) {
    r = await send(api, api.tx.convictionVoting.vote(index, { Standard: { vote: { aye: true, conviction: 'Locked1x' }, balance: 900_000n * TAO } }), voter);
    if (!r.ok) throw new Error(`vote: ${r.error}`);
  }
  // Enactment: prepare 2 + confirm 2 + enactment 1 blocks, with margin.
  const deadline = Date.now() + 180_000;
  while ((await api.query.system.authorizedUpgrade()).isNone) {
    if (Date.now() > deadline) throw new Error('referendum not enacted in time');
    await waitForBlocks(api, 1);
  }
  const authorized = (await api.query.system.authorizedUpgrade()).unwrap().codeHash.toHex();
  if (authorized !== codeHash) throw new Error(`authorized ${authorized}, expected ${codeHash}`);
  r = await send(api, api.tx.system.applyAuthorizedUpgrade(u8aToHex(code)), bob, { timeoutMs: 120_000 });
  if (!r.ok) throw new Error(`applyAuthorizedUpgrade: ${r.error}`);
  return r.blockHash;
}

// Scenarios 1-3 on `dtao-node --dev`: the staking flow against quotes, emissions over tempos,
// and bad input over the wire.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { TAO, connect, free, keyring, rpc, send, startNode, stopAll, waitForBlocks } from './lib.mjs';

describe('dev chain', () => {
  let node; let api; let keys; let failed = false;
  const hot = new Keyring({ type: 'sr25519' }).addFromUri('//E2E//hot');
  const minerHot = new Keyring({ type: 'sr25519' }).addFromUri('//E2E//miner');
  let netuid;

  before(async () => {
    node = await startNode({ chain: 'dev', name: 'alice' });
    api = await connect(node);
    keys = keyring();
  });
  after(async () => { await api?.disconnect(); await stopAll(failed); });

  const check = (fn) => async () => { try { await fn(); } catch (e) { failed = true; throw e; } };

  test('metadata decodes and properties show TAO', check(async () => {
    const props = await api.rpc.system.properties();
    assert.equal(props.tokenSymbol.unwrap()[0].toString(), 'TAO');
    assert.equal(props.tokenDecimals.unwrap()[0].toNumber(), 9);
    assert.ok(api.tx.dtao.addStakeLimit, 'dtao calls are in the metadata');
    assert.ok(api.errors.dtao.SlippageTooHigh.meta.docs.length > 0, 'errors carry docs');
  }));

  test('staking flow: storage, runtime API and RPC agree with a quote taken before', check(async () => {
    const { alice, dave, eve } = keys;
    // Slow the EMA to 1 part per billion so the new subnet gets no injection for a few blocks:
    // its pool then changes only by our trades, and quotes can be compared exactly.
    let r = await send(api, api.tx.sudo.sudo(api.tx.dtao.setParameter({ EmaAlpha: 1 })), alice);
    assert.ok(r.ok, r.error);
    const lock = BigInt(await rpc(node, 'dtao_lockCost'));
    const daveBefore = await free(api, dave.address);
    r = await send(api, api.tx.dtao.registerNetwork(hot.address), dave);
    assert.ok(r.ok, r.error);
    const reg = r.events.find((e) => e.section === 'dtao' && e.method === 'NetworkRegistered');
    netuid = reg.data.netuid.toNumber();
    assert.equal(BigInt(reg.data.lockCost.toString()), lock);
    assert.equal(daveBefore - (await free(api, dave.address)), lock + r.fee);
    // The neuron registration burns what dtao_burnCost quoted, and the event says so.
    const burn = BigInt(await rpc(node, 'dtao_burnCost', [netuid]));
    assert.ok(burn > 0n, 'a registration burns something');
    const eveBefore = await free(api, eve.address);
    r = await send(api, api.tx.dtao.registerNeuron(netuid, minerHot.address), eve);
    assert.ok(r.ok, r.error);
    const neuron = r.events.find((e) => e.section === 'dtao' && e.method === 'NeuronRegistered');
    assert.equal(BigInt(neuron.data.burn.toString()), burn);
    assert.equal(eveBefore - (await free(api, eve.address)), burn + r.fee);

    // Quote through the RPC and through the runtime API: the same numbers.
    const amount = 10n * TAO;
    const quote = await rpc(node, 'dtao_quoteAddStake', [netuid, Number(amount), null]);
    const viaApi = (await api.call.dtaoApi.quoteAddStake(netuid, amount, null)).asOk;
    assert.equal(viaApi.amountOut.toString(), String(quote.amount_out));
    const before = await free(api, dave.address);
    r = await send(api, api.tx.dtao.addStake(hot.address, netuid, amount), dave);
    assert.ok(r.ok, r.error);
    const info = (await api.query.dtao.subnets.at(r.blockHash, netuid)).unwrap();
    assert.equal(info.lastBlock.taoIn.toNumber(), 0, 'no injection in the inclusion block');
    const added = r.events.find((e) => e.section === 'dtao' && e.method === 'StakeAdded');
    assert.equal(added.data.alpha.toString(), String(quote.amount_out));
    assert.equal(added.data.fee.toString(), String(quote.fee));
    assert.equal(info.pool.tao.toString(), String(quote.pool_after.tao));
    assert.equal(info.pool.alpha.toString(), String(quote.pool_after.alpha));
    // Balances add up to the rao: stake plus the transaction fee.
    assert.equal(before - (await free(api, dave.address)), amount + r.fee);
    const stakes = await rpc(node, 'dtao_stakes', [dave.address]);
    const mine = stakes.find((s) => s.netuid === netuid);
    assert.equal(String(mine.alpha), String(quote.amount_out));

    // With a limit and a partial fill: exactly the max for the limit, at a clearing price
    // within it, and the rest refunded at the end of the block.
    const price = (await rpc(node, 'dtao_subnets')).find((s) => s.netuid === netuid).price;
    const limit = Math.floor(price * 1.05);
    const max = await rpc(node, 'dtao_maxAddStake', [netuid, limit]);
    r = await send(api, api.tx.dtao.addStakeLimit(hot.address, netuid, 50n * TAO, limit, true), dave);
    assert.ok(r.ok, r.error);
    const partial = r.events.find((e) => e.section === 'dtao' && e.method === 'StakeAdded');
    assert.equal(partial.data.tao.toString(), String(max));
    assert.ok(partial.data.price.toNumber() <= limit, `clearing price ${partial.data.price} <= limit ${limit}`);
    const refunded = r.events.find((e) => e.section === 'dtao' && e.method === 'OrderRefunded');
    assert.equal(BigInt(refunded.data.amount.toString()), 50n * TAO - BigInt(max));

    // Unstake everything: the TAO received equals the quote, the fee is the transaction's.
    const alpha = (await rpc(node, 'dtao_stakes', [dave.address])).find((s) => s.netuid === netuid).alpha;
    const sell = await rpc(node, 'dtao_quoteRemoveStake', [netuid, alpha, null]);
    const beforeSell = await free(api, dave.address);
    r = await send(api, api.tx.dtao.removeStake(hot.address, netuid, alpha), dave);
    assert.ok(r.ok, r.error);
    const removed = r.events.find((e) => e.section === 'dtao' && e.method === 'StakeRemoved');
    assert.equal(removed.data.tao.toString(), String(sell.amount_out));
    assert.equal((await free(api, dave.address)) - beforeSell, BigInt(sell.amount_out) - r.fee);
  }));

  test('bad input over the wire: named errors, nothing changed', check(async () => {
    const { ferdie } = keys;
    const cases = [
      [api.tx.dtao.addStake(keys.bobStash.address, 999, TAO), 'dtao.SubnetNotFound'],
      [api.tx.dtao.addStake(keys.bobStash.address, 1, 100_000_000n * TAO), 'dtao.InsufficientBalance'],
      [api.tx.dtao.addStake(keys.bobStash.address, 1, 1n), 'dtao.AmountTooLow'],
      [api.tx.dtao.removeStake(keys.bobStash.address, 1, TAO), 'dtao.NoStakeToRemove'],
      [api.tx.dtao.setWeights(1, [1, 1], [1, 2]), 'dtao.NoValidatorPermit'],
      [api.tx.dtao.setParameter({ TaoWeight: 1 }), 'BadOrigin'],
    ];
    for (const [tx, expected] of cases) {
      const before = await free(api, ferdie.address);
      const stakesBefore = JSON.stringify(await rpc(node, 'dtao_stakes', [ferdie.address]));
      const r = await send(api, tx, ferdie);
      assert.equal(r.ok, false);
      assert.equal(r.error, expected);
      // Nothing changed but the transaction fee.
      assert.equal(before - (await free(api, ferdie.address)), r.fee, `${expected}: only the fee was taken`);
      assert.equal(JSON.stringify(await rpc(node, 'dtao_stakes', [ferdie.address])), stakesBefore);
    }
    // Malformed weights from a validator with a permit (Bob's hotkey after the first epoch).
    let r = await send(api, api.tx.dtao.setWeights(1, [2, 2], [1, 1]), keys.bobStash);
    assert.ok(['dtao.DuplicateUid', 'dtao.NoValidatorPermit'].includes(r.error), r.error);
    // A fill-or-kill limit no clearing price can keep (a buy at 1 rao per alpha): the order is
    // placed, and refunded whole at the end of its block; only the fee is gone.
    const before = await free(api, ferdie.address);
    r = await send(api, api.tx.dtao.addStakeLimit(keys.bobStash.address, 1, 10n * TAO, 1, false), ferdie);
    assert.ok(r.ok, r.error);
    const refund = r.events.find((e) => e.section === 'dtao' && e.method === 'OrderRefunded');
    assert.equal(BigInt(refund.data.amount.toString()), 10n * TAO);
    assert.equal(before - (await free(api, ferdie.address)), r.fee);
  }));

  test('three orders in one block clear at one price', check(async () => {
    const { alice, bob, charlie } = keys;
    // Charlie holds alpha from an earlier block to sell.
    let r = await send(api, api.tx.dtao.addStake(hot.address, netuid, 20n * TAO), charlie);
    assert.ok(r.ok, r.error);
    const held = BigInt(r.events.find((e) => e.section === 'dtao' && e.method === 'StakeAdded').data.alpha.toString());
    // Two buys and a sale, sent together: they land in one block (the test checks it).
    const sent = await Promise.all([
      send(api, api.tx.dtao.addStake(hot.address, netuid, 5n * TAO), alice),
      send(api, api.tx.dtao.addStake(hot.address, netuid, 3n * TAO), bob),
      send(api, api.tx.dtao.removeStake(hot.address, netuid, held / 2n), charlie),
    ]);
    sent.forEach((x) => assert.ok(x.ok, x.error));
    assert.equal(new Set(sent.map((x) => x.blockHash)).size, 1, 'the three orders are in one block');
    const cleared = sent[0].settled.find((e) => e.section === 'dtao' && e.method === 'BatchCleared'
      && e.data.netuid.toNumber() === netuid);
    assert.ok(cleared, 'the subnet\'s batch cleared');
    assert.equal(cleared.data.buys.toNumber(), 2);
    assert.equal(cleared.data.sells.toNumber(), 1);
    const price = cleared.data.price.toString();
    const trades = sent[0].settled.filter((e) => e.section === 'dtao' && ['StakeAdded', 'StakeRemoved'].includes(e.method)
      && e.data.netuid.toNumber() === netuid);
    assert.equal(trades.length, 3);
    for (const t of trades) assert.equal(t.data.price.toString(), price, `${t.method} at the batch's price`);
    console.log(`three orders in block ${sent[0].blockHash}: ${trades.map((t) => `${t.method} ${t.data.tao} TAO / ${t.data.alpha} alpha`).join('; ')}; `
      + `BatchCleared price ${price} rao per alpha, net TAO ${cleared.data.netTao}, net alpha ${cleared.data.netAlpha}`);
  }));

  test('emissions over a few tempos: pools grow, the EMA moves, epochs pay every role, issuance grows by the injection', check(async () => {
    const { alice } = keys;
    let r = await send(api, api.tx.sudo.sudo(api.tx.dtao.setParameter({ EmaAlpha: 10_000_000 })), alice);
    assert.ok(r.ok, r.error);
    // Lift the EMA's input cap (1.0 TAO per alpha by default) so the EMA follows subnet 1's
    // price whichever side of 1.0 it is on.
    r = await send(api, api.tx.sudo.sudo(api.tx.dtao.setParameter({ MaxEmaPrice: 1_000_000n * TAO })), alice);
    assert.ok(r.ok, r.error);
    r = await send(api, api.tx.sudo.sudo(api.tx.dtao.setParameter({ SubnetTempo: { netuid: 1, tempo: 3 } })), alice);
    assert.ok(r.ok, r.error);
    const start = (await api.rpc.chain.getHeader()).number.toNumber();
    // Tempo 3: an epoch on subnet 1 every 4 blocks, so 22 blocks hold at least 5.
    const blocks = 22;
    await waitForBlocks(api, blocks);
    let injected = 0n; let paid = 0; let paidOnOne = 0;
    let prev = await api.at((await api.rpc.chain.getBlockHash(start)).toHex());
    let issuance = BigInt((await prev.query.balances.totalIssuance()).toString());
    let prevSubnet = (await prev.query.dtao.subnets(1)).unwrap();
    const ema0 = prevSubnet.emaPrice.toString();
    for (let n = start + 1; n <= start + blocks; n++) {
      const at = await api.at((await api.rpc.chain.getBlockHash(n)).toHex());
      const events = await at.query.system.events();
      const minted = BigInt((await at.query.dtao.blockMinted()).toString());
      let recycled = 0n; let trades = 0;
      for (const { event } of events) {
        if (event.section === 'dtao' && event.method === 'EpochPaid') {
          const p = event.data.payout;
          paid += 1; recycled += BigInt(p.recycledTao.toString());
          const netuid = event.data.netuid.toNumber();
          if (netuid === 1) paidOnOne += 1;
          // On the preset's subnets (1-3) the validators weight the miners: miners are paid at
          // every epoch and nothing is recycled, however much stake the miners have
          // accumulated. (A subnet registered by an earlier test has no miners.)
          if (netuid <= 3) {
            assert.ok(BigInt(p.minerAlpha.toString()) > 0n, `miners paid at block ${n}: ${p.toString()}`);
            assert.equal(BigInt(p.recycledMinerAlpha.toString()) + BigInt(p.recycledValidatorAlpha.toString()), 0n,
              `no alpha recycled at block ${n}`);
            assert.equal(p.recycledTao.toString(), '0', `no root TAO recycled at block ${n}`);
          }
        }
        if (event.section === 'dtao' && ['StakeAdded', 'StakeRemoved', 'StakeMoved'].includes(event.method)) trades += 1;
      }
      const now = BigInt((await at.query.balances.totalIssuance()).toString());
      // No transactions in these blocks: issuance moves by exactly the TAO injected, less the
      // TAO recycled at epochs.
      assert.equal(trades, 0);
      assert.equal(now - issuance, minted - recycled, `block ${n}`);
      // The pool's TAO grows by the injection and shrinks by root's auto-sell, to the rao.
      const s = (await at.query.dtao.subnets(1)).unwrap();
      const lb = s.lastBlock;
      assert.equal(BigInt(s.pool.tao.toString()) - BigInt(prevSubnet.pool.tao.toString()),
        BigInt(lb.taoIn.toString()) - BigInt(lb.rootTao.toString()), `pool of subnet 1 at block ${n}`);
      injected += minted; issuance = now; prevSubnet = s;
    }
    assert.ok(injected > 0n);
    assert.notEqual(prevSubnet.emaPrice.toString(), ema0, 'EMA moved');
    assert.ok(paidOnOne >= 5, `epochs paid on subnet 1: ${paidOnOne} (all subnets: ${paid})`);
  }));

  test('dissolve over the wire: an owner announces, governance closes at once, positions paid over several blocks, pro rata', check(async () => {
    const { alice, bob, charlie, dave, ferdie } = keys;
    // More positions than on_idle pays in one block (MaxIdleDissolve): small holders funded by
    // Alice in one batch, each staking 0.1 TAO under the subnet's hotkey, beside four larger ones.
    const idleMax = api.consts.dtao.maxIdleDissolve.toNumber();
    const sr = new Keyring({ type: 'sr25519' });
    const small = Array.from({ length: idleMax + 6 }, (_, i) => sr.addFromUri(`//E2E//holder//${i}`));
    let r = await send(api, api.tx.utility.batchAll(small.map((k) => api.tx.balances.transferKeepAlive(k.address, TAO))), alice);
    assert.ok(r.ok, r.error);
    // In groups that fit one block's batch (MaxOrdersPerBlock orders per subnet per block).
    const perBlock = api.consts.dtao.maxOrdersPerBlock.toNumber();
    for (let i = 0; i < small.length; i += perBlock / 2) {
      const group = small.slice(i, i + perBlock / 2);
      const staked = await Promise.all(group.map((k) => send(api, api.tx.dtao.addStake(hot.address, netuid, TAO / 10n), k)));
      staked.forEach((x, j) => assert.ok(x.ok, `holder ${i + j}: ${x.error}`));
    }
    const big = [alice, bob, charlie, ferdie];
    for (const who of big) {
      r = await send(api, api.tx.dtao.addStake(hot.address, netuid, 2n * TAO), who);
      assert.ok(r.ok, r.error);
    }
    const holders = [...big, ...small];
    const positions = (await api.query.dtao.subnets(netuid)).unwrap().positions.toNumber();
    assert.ok(positions > idleMax && positions >= holders.length, `positions: ${positions}`);
    // Each holder's alpha on the subnet (every hotkey it stakes under), from the runtime API,
    // and its balance before.
    const alphaOf = async (who) => (await api.call.dtaoApi.stakes(who.address))
      .filter((x) => x.netuid.toNumber() === netuid)
      .map((x) => [x.hotkey.toString(), BigInt(x.alpha.toString())]);
    const alpha = await Promise.all(holders.map(alphaOf));
    // The witness: the subnet's neuron count (the call is priced by it).
    const neurons = (await api.query.dtao.neurons(netuid)).length;
    // The owner (Dave) can only announce the dissolve: from then the subnet takes no new stake,
    // and its holders have the delay to sell at market.
    r = await send(api, api.tx.dtao.dissolveNetwork(netuid, neurons), dave);
    assert.ok(r.ok, r.error);
    const announced = r.events.find((e) => e.section === 'dtao' && e.method === 'DissolveAnnounced');
    assert.ok(announced, 'announced');
    const delay = (await api.query.dtao.parameters()).dissolveDelay.toNumber();
    assert.ok(announced.data.dissolvesAt.toNumber() >= (await api.rpc.chain.getHeader(r.blockHash)).number.toNumber() + delay);
    r = await send(api, api.tx.dtao.addStake(hot.address, netuid, TAO), bob);
    assert.equal(r.error, 'dtao.DissolveAnnounced');
    r = await send(api, api.tx.dtao.dissolveNetwork(netuid, neurons), dave);
    assert.equal(r.error, 'dtao.DissolveNotDue');
    const before = await Promise.all(holders.map((h) => free(api, h.address)));
    // Governance dissolves at once (sudo pays no fee); on_idle pays MaxIdleDissolve positions
    // in that block, the rest in the next.
    r = await send(api, api.tx.sudo.sudo(api.tx.dtao.dissolveNetwork(netuid, neurons)), alice);
    assert.ok(r.ok, r.error);
    const closing = r.events.find((e) => e.section === 'dtao' && e.method === 'NetworkDissolving');
    assert.ok(closing, 'closed');
    // Every position the subnet held when it closed (an epoch since the count above may have
    // opened the owner's).
    const parent = (await api.rpc.chain.getHeader(r.blockHash)).parentHash;
    const open = (await (await api.at(parent)).query.dtao.subnets(netuid)).unwrap().positions.toNumber();
    assert.ok(open >= positions);
    assert.equal(closing.data.positions.toNumber(), open);
    const holdersTao = BigInt(closing.data.holdersTao.toString());
    const state = (await (await api.at(r.blockHash)).query.dtao.dissolving(netuid)).unwrap();
    const [T, N] = [BigInt(state.poolTao.toString()), BigInt(state.alphaIssuance.toString())];
    // Read the blocks from the closing one on: the steps and the dissolve's last event.
    const first = (await api.rpc.chain.getHeader(r.blockHash)).number.toNumber();
    const head = await waitForBlocks(api, 3);
    let done = null; let paid = 0n; let recycled = 0n; const stepBlocks = [];
    for (let n = first; n <= head && !done; n++) {
      const at = await api.at((await api.rpc.chain.getBlockHash(n)).toHex());
      for (const { event } of await at.query.system.events()) {
        if (event.section !== 'dtao') continue;
        if (event.method === 'DissolveStepped') {
          stepBlocks.push([n, event.data.positionsPaid.toNumber()]);
          paid += BigInt(event.data.taoPaid.toString()); recycled += BigInt(event.data.taoRecycled.toString());
        }
        if (event.method === 'NetworkDissolved') done = event;
      }
    }
    console.log(`dissolve of ${open} positions: steps (block, positions) ${JSON.stringify(stepBlocks)}`);
    // The closing block's idle time paid exactly MaxIdleDissolve; the rest came in later blocks.
    assert.deepEqual(stepBlocks[0], [first, idleMax]);
    assert.ok(new Set(stepBlocks.map(([n]) => n)).size >= 2, 'paid over at least two blocks');
    assert.equal(stepBlocks.reduce((a, [, p]) => a + p, 0), open);
    assert.ok(done, 'the dissolve finished');
    assert.equal(done.data.positions.toNumber(), open);
    assert.equal(BigInt(done.data.taoPaid.toString()), paid);
    assert.equal(BigInt(done.data.taoBurned.toString()), recycled);
    // Every rao set aside for the holders is paid or recycled (rounding dust only).
    assert.equal(paid + recycled, holdersTao);
    assert.ok(recycled <= BigInt(open), `dust ${recycled}`);
    // The closing epoch pays the validators' dividends into the positions under their hotkeys
    // first, pro rata, so each holder gets at least a_h * T / N of the alpha it held before,
    // and every holder staked under the subnet's hotkey alone the same multiple of it (to a
    // part in a million: the payouts are exact to the rao, the pallet tests show).
    const after = await Promise.all(holders.map((h) => free(api, h.address)));
    const ratios = [];
    holders.forEach((h, i) => {
      const got = after[i] - before[i];
      const owed = alpha[i].reduce((a, [, x]) => a + (x * T) / N, 0n);
      assert.ok(alpha[i].length > 0 && got >= owed, `holder ${i}: got ${got}, owed at least ${owed}`);
      if (alpha[i].every(([hk]) => hk === hot.address)) ratios.push(Number(got) / Number(owed));
    });
    const [lo, hi] = [Math.min(...ratios), Math.max(...ratios)];
    console.log(`dissolve payouts per alpha held before, ${ratios.length} holders under one hotkey: ${lo} .. ${hi}`);
    assert.ok(ratios.length >= small.length && hi - lo < 1e-6 * lo, `${lo} .. ${hi}`);
    // Nothing is left under the netuid: it can be registered again.
    assert.ok((await api.query.dtao.subnets(netuid)).isNone);
    assert.ok((await api.query.dtao.dissolving(netuid)).isNone);
    assert.equal((await api.query.dtao.neurons(netuid)).length, 0);
    assert.equal((await api.query.dtao.stakes.keys(netuid)).length, 0);
  }));
  test('just-in-time root stake earns for the blocks it is held, not for being there at the epochs', check(async () => {
    const { alice, aliceStash } = keys;
    // All three preset subnets back to tempo 10: epochs at blocks = 7, 8, 9 (mod 11), each
    // paying Alice's validator hotkey root TAO, vesting over the next 11 blocks.
    let r = await send(api, api.tx.sudo.sudo(api.tx.dtao.setParameter({ SubnetTempo: { netuid: 1, tempo: 10 } })), alice);
    assert.ok(r.ok, r.error);
    const sr = new Keyring({ type: 'sr25519' });
    const [holder, jit] = [sr.addFromUri('//E2E//holder'), sr.addFromUri('//E2E//jit')];
    const X = 1_000n * TAO;
    r = await send(api, api.tx.utility.batchAll([holder, jit].map((k) => api.tx.balances.transferKeepAlive(k.address, X + 10n * TAO))), alice);
    assert.ok(r.ok, r.error);
    r = await send(api, api.tx.dtao.addStake(aliceStash.address, 0, X), holder);
    assert.ok(r.ok, r.error);
    const rootValue = async (who, hash) => {
      const at = await api.at(hash);
      return (await at.call.dtaoApi.stakes(who.address))
        .filter((x) => x.netuid.toNumber() === 0 && x.hotkey.toString() === aliceStash.address)
        .reduce((a, x) => a + BigInt(x.alpha.toString()), 0n);
    };
    const hashOf = async (n) => (await api.rpc.chain.getBlockHash(n)).toHex();
    // The holder, after a period in place, over one whole period of 11 blocks.
    const a = (await waitForBlocks(api, 12)) - 11;
    const holderPeriod = (await rootValue(holder, await hashOf(a + 11))) - (await rootValue(holder, await hashOf(a)));
    assert.ok(holderPeriod > 0n, 'the holder earns');
    // The just-in-time staker: the same amount, staked to land just before the epochs and
    // removed just after them.
    const head = async () => (await api.rpc.chain.getHeader()).number.toNumber();
    while ((await head()) % 11 !== 5) await waitForBlocks(api, 1);
    r = await send(api, api.tx.dtao.addStake(aliceStash.address, 0, X), jit);
    assert.ok(r.ok, r.error);
    const s = (await api.rpc.chain.getHeader(r.blockHash)).number.toNumber();
    const staked = BigInt(r.events.find((e) => e.section === 'dtao' && e.method === 'StakeAdded').data.tao.toString());
    while ((await head()) % 11 !== 9) await waitForBlocks(api, 1);
    r = await send(api, api.tx.dtao.unstakeAll(aliceStash.address), jit);
    assert.ok(r.ok, r.error);
    const u = (await api.rpc.chain.getHeader(r.blockHash)).number.toNumber();
    const got = BigInt(r.events.find((e) => e.section === 'dtao' && e.method === 'StakeRemoved').data.tao.toString());
    const jitEarned = got - staked;
    const held = u - s;
    const epochs = [...Array(held).keys()].map((i) => s + 1 + i).filter((b) => [7, 8, 9].includes(b % 11)).length;
    console.log(`just in time: held blocks ${s}..${u} (${held} blocks, ${epochs} epoch blocks), earned ${jitEarned} rao; `
      + `a holder of the same ${X / TAO} TAO earns ${holderPeriod} rao a period of 11 blocks `
      + `(${(Number(jitEarned) / Number(holderPeriod) * 100).toFixed(1)}% of it; holding ${held} of 11 blocks is ${(held / 11 * 100).toFixed(1)}%)`);
    assert.ok(epochs >= 1, 'the stake was in place at an epoch');
    // Held k blocks, it earns about k/11 of a period, never the whole period the old rule paid
    // (some slack: the vesting rate is not perfectly even over the period).
    assert.ok(jitEarned >= 0n);
    assert.ok(Number(jitEarned) <= (Number(holderPeriod) * held / 11) * 1.5 + 10, `${jitEarned} vs ${holderPeriod}`);
    assert.ok(jitEarned < holderPeriod / 2n, 'far from a whole period');
  }));
});

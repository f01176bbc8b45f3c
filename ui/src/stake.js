// Stake panel: account, subnet, hotkey and amount; a quote from the runtime API at the block the
// page shows, updated as you type and every block; slippage tolerance -> limit_price;
// add_stake_limit / remove_stake_limit; the resulting event or the pallet's named error with its
// documentation; the account's positions with their TAO value.
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { store } from './chain.js';
import {
  U64_MAX, UNIT, big, clear, describeDispatchError, el, fmtExact, fmtPrice, fmtUnits, parseUnits, plain, shortAddr,
} from './util.js';

const DEV_NAMES = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'];
// Form values survive switching views.
const form = { account: '', action: 'add', netuid: '', hotkey: '', custom: '', amount: '', tolerance: '1', partial: false };
let accounts = []; // { address, name, source, pair?, signer? }
let accountsFor = null; // the api the accounts were made for
let extensionTried = false;

async function loadAccounts(api) {
  if (accountsFor === api) return;
  accountsFor = api;
  const list = [];
  if (store.isDev) {
    await cryptoWaitReady();
    const keyring = new Keyring({ type: 'sr25519', ss58Format: store.ss58 });
    for (const name of DEV_NAMES) {
      const pair = keyring.addFromUri(`//${name}`, { name });
      list.push({ address: pair.address, name, source: 'dev', pair });
    }
  }
  accounts = list;
  if (!extensionTried) { extensionTried = true; await loadExtensionAccounts(); }
}

/** Accounts of an injected browser extension (polkadot{.js}, Talisman, SubWallet...), if any. */
async function loadExtensionAccounts() {
  const injected = window.injectedWeb3;
  if (!injected || Object.keys(injected).length === 0) return;
  for (const [source, ext] of Object.entries(injected)) {
    try {
      const enabled = await ext.enable('dTAO dashboard');
      const list = await enabled.accounts.get();
      for (const a of list) {
        if (a.type && a.type !== 'sr25519' && a.type !== 'ed25519') continue;
        accounts.push({ address: a.address, name: `${a.name ?? shortAddr(a.address)} (${source})`, source, signer: enabled.signer });
      }
    } catch (e) {
      console.warn(`extension ${source}: ${e.message ?? e}`);
    }
  }
}

export function stakeView(root) {
  let alive = true;
  let quoteSeq = 0;
  let quoteTimer = null;
  let current = null; // the quote on display: { key, status, block, quote, price, limit, ... }
  let sending = false;
  let neuronsCache = { netuid: null, number: -1, keys: [] };
  let positions = [];
  let balance = null;
  // A stake on a subnet is an order that clears with the block's others at one price (spec
  // §3.4): the last clearing price seen per subnet, and the stake calls waiting in the pool.
  const lastCleared = new Map(); // netuid -> { price, number, buys, sells }
  let waiting = [];

  const account = el('select', { id: 'account', name: 'account' });
  const actionAdd = el('input', { type: 'radio', name: 'action', value: 'add', id: 'action-add' });
  const actionRemove = el('input', { type: 'radio', name: 'action', value: 'remove', id: 'action-remove' });
  const netuid = el('select', { id: 'netuid', name: 'netuid' });
  const hotkey = el('select', { id: 'hotkey', name: 'hotkey' });
  const custom = el('input', { id: 'hotkey-custom', placeholder: 'hotkey SS58 address', autocomplete: 'off', spellcheck: 'false' });
  const amount = el('input', { id: 'amount', name: 'amount', inputmode: 'decimal', autocomplete: 'off', placeholder: '0.0' });
  const unit = el('span', { class: 'unit', id: 'amount-unit' });
  const tolerance = el('input', { id: 'tolerance', name: 'tolerance', inputmode: 'decimal', autocomplete: 'off' });
  const partial = el('input', { type: 'checkbox', id: 'partial', name: 'partial' });
  const balanceEl = el('div', { class: 'note', id: 'balance' });
  const quoteEl = el('div', { id: 'quote', class: 'quote', 'aria-live': 'polite' });
  const batchEl = el('p', { class: 'note', id: 'batch' });
  const send = el('button', { type: 'submit', id: 'send', class: 'primary' }, 'Stake');
  const result = el('div', { id: 'result', class: 'result', 'aria-live': 'polite' });
  const posTable = el('table', { class: 'data', id: 'positions' });
  const posNote = el('p', { class: 'note', id: 'positions-note' });

  const formEl = el('form', { class: 'card stake-form', id: 'stake-form', onsubmit: (e) => { e.preventDefault(); submit(); } },
    el('h3', { text: 'Stake' }),
    el('label', { for: 'account' }, 'Account'), account, balanceEl,
    el('div', { class: 'segmented', role: 'radiogroup' },
      el('label', { for: 'action-add' }, actionAdd, ' Stake τ'),
      el('label', { for: 'action-remove' }, actionRemove, ' Unstake α')),
    el('label', { for: 'netuid' }, 'Subnet'), netuid,
    el('label', { for: 'hotkey' }, 'Hotkey'), hotkey, custom,
    el('label', { for: 'amount' }, 'Amount'), el('div', { class: 'with-unit' }, amount, unit),
    el('div', { class: 'row2' },
      el('div', {}, el('label', { for: 'tolerance' }, 'Slippage tolerance %'), tolerance),
      el('label', { for: 'partial', class: 'check' }, partial, ' Allow partial fill')),
    quoteEl, batchEl, send, result);
  const posCard = el('div', { class: 'card' }, el('h3', { text: 'Positions' }), el('div', { class: 'scroll' }, posTable), posNote);
  root.append(el('section', { class: 'view stake' }, el('div', { class: 'grid-stake' }, formEl, posCard)));

  // Inputs -> form state -> quote.
  const changed = () => {
    form.account = account.value; form.netuid = netuid.value; form.hotkey = hotkey.value; form.custom = custom.value;
    form.amount = amount.value; form.tolerance = tolerance.value; form.partial = partial.checked;
    form.action = actionRemove.checked ? 'remove' : 'add';
    custom.hidden = form.hotkey !== '__custom';
    syncLabels();
    scheduleQuote(80);
  };
  for (const input of [amount, tolerance, custom]) input.addEventListener('input', changed);
  for (const input of [account, netuid, hotkey, partial, actionAdd, actionRemove]) input.addEventListener('change', () => {
    changed();
    if (input === account || input === netuid || input === actionAdd || input === actionRemove) refresh();
  });
  amount.value = form.amount; tolerance.value = form.tolerance; partial.checked = form.partial; custom.value = form.custom;
  (form.action === 'remove' ? actionRemove : actionAdd).checked = true;

  function syncLabels() {
    const add = form.action === 'add';
    unit.textContent = add ? 'τ' : 'α';
    send.textContent = add ? 'Stake' : 'Unstake';
    custom.hidden = form.hotkey !== '__custom';
  }

  function syncOptions(select, options, wanted) {
    const same = select.options.length === options.length && options.every((o, i) => select.options[i].value === o.value && select.options[i].textContent === o.label);
    if (!same) {
      clear(select).append(...options.map((o) => el('option', { value: o.value }, o.label)));
    }
    const values = options.map((o) => o.value);
    select.value = values.includes(wanted) ? wanted : (values[0] ?? '');
    return select.value;
  }

  function selectedHotkey() { return form.hotkey === '__custom' ? form.custom.trim() : form.hotkey; }
  function signerOf(address) { return accounts.find((a) => a.address === address); }

  async function refresh() {
    const api = store.api; const h = store.head;
    if (!api || !h || !alive) return;
    await loadAccounts(api);
    if (!alive) return;
    const accountOptions = accounts.map((a) => ({ value: a.address, label: `${a.name} · ${shortAddr(a.address)}` }));
    if (accountOptions.length === 0) accountOptions.push({ value: '', label: 'no accounts: open a dev chain or install a wallet extension' });
    form.account = syncOptions(account, accountOptions, form.account || accountOptions[0].value);
    form.netuid = syncOptions(netuid, h.summaries.map((s) => ({ value: String(s.netuid), label: `SN${s.netuid} · ${fmtPrice(s.price)} τ/α` })), form.netuid);
    const n = Number(form.netuid);
    try {
      const at = await api.at(h.hash);
      const needNeurons = neuronsCache.netuid !== n || neuronsCache.number !== h.number;
      const [neurons, stakes, acct] = await Promise.all([
        needNeurons && form.netuid !== '' ? at.query.dtao.neurons(n) : null,
        form.account ? at.call.dtaoApi.stakes(form.account) : [],
        form.account ? at.query.system.account(form.account) : null,
      ]);
      if (!alive) return;
      if (neurons) neuronsCache = { netuid: n, number: h.number, keys: neurons.map((k) => k.toString()) };
      positions = stakes.map(plain);
      balance = acct ? big(acct.data.free) : null;
      positionsAt(h);
      for (const { event } of await at.query.system.events()) {
        if (event.section === 'dtao' && event.method === 'BatchCleared') {
          const d = event.data;
          lastCleared.set(d.netuid.toNumber(), { price: big(d.price), number: h.number, buys: d.buys.toNumber(), sells: d.sells.toNumber() });
        }
      }
    } catch (e) { console.warn('stake panel refresh failed', e); }
    try {
      const calls = ['addStake', 'addStakeLimit', 'removeStake', 'removeStakeLimit'];
      waiting = (await api.rpc.author.pendingExtrinsics())
        .filter((x) => x.method.section === 'dtao' && calls.includes(x.method.method) && Number(x.method.args[1]) === n)
        .map((x) => ({ who: x.signer.toString(), call: x.method.method, amount: big(x.method.args[2]) }));
    } catch (e) { waiting = []; console.warn('pending extrinsics unavailable', e); }
    batchAt(n);
    const mine = positions.filter((p) => Number(p.netuid) === n).map((p) => String(p.hotkey));
    const keys = form.action === 'remove' ? [...new Set([...mine, ...neuronsCache.keys])] : neuronsCache.keys;
    const hotkeyOptions = keys.map((k) => {
      const uid = neuronsCache.keys.indexOf(k);
      const held = positions.find((p) => Number(p.netuid) === n && String(p.hotkey) === k);
      return { value: k, label: `${uid >= 0 ? `uid ${uid}` : 'not a neuron'} · ${shortAddr(k)}${held ? ` · you hold ${fmtUnits(held.alpha, 4)} α` : ''}` };
    });
    hotkeyOptions.push({ value: '__custom', label: 'other hotkey…' });
    form.hotkey = syncOptions(hotkey, hotkeyOptions, form.hotkey);
    balanceEl.textContent = balance === null ? '' : `free balance ${fmtUnits(balance, 4)} τ`;
    balanceEl.dataset.rao = balance ?? '';
    syncLabels();
    scheduleQuote(0);
  }

  function batchAt(n) {
    const last = lastCleared.get(n);
    batchEl.dataset.waiting = String(waiting.length);
    batchEl.dataset.lastPrice = last ? String(last.price) : '';
    const orders = waiting.length === 1 ? '1 stake order' : `${waiting.length} stake orders`;
    const seen = last ? `last clearing price ${fmtExact(last.price)} τ/α (block #${last.number}, ${last.buys} buys, ${last.sells} sales)` : 'no batch cleared since the page opened';
    batchEl.textContent = `SN${n}: ${orders} waiting in the pool for the next block's batch; ${seen}. Every order of a block clears at one price.`;
  }

  function positionsAt(h) {
    const total = positions.reduce((a, p) => a + big(p.taoValue), 0n);
    posTable.dataset.blockHash = h.hash;
    clear(posTable).append(
      el('thead', {}, el('tr', {}, ['subnet', 'hotkey', 'stake', 'τ value', ''].map((t) => el('th', { text: t })))),
      el('tbody', {}, positions.map((p) => el('tr', { dataset: { netuid: p.netuid, hotkey: p.hotkey } },
        el('td', { dataset: { label: 'subnet' }, text: Number(p.netuid) === 0 ? 'root' : `SN${p.netuid}` }),
        el('td', { dataset: { label: 'hotkey' }, title: p.hotkey }, el('code', { text: shortAddr(p.hotkey) })),
        el('td', { dataset: { label: 'stake', value: String(p.alpha) }, text: `${fmtUnits(p.alpha, 4)} ${Number(p.netuid) === 0 ? 'τ' : 'α'}` }),
        el('td', { dataset: { label: 'τ value', value: String(p.taoValue) }, text: fmtUnits(p.taoValue, 4) }),
        el('td', {}, Number(p.netuid) === 0 ? '' : el('button', { type: 'button', class: 'link', onclick: () => {
          form.action = 'remove'; form.netuid = String(p.netuid); form.hotkey = String(p.hotkey); form.amount = fmtExact(p.alpha);
          actionRemove.checked = true; amount.value = form.amount; refresh();
        } }, 'unstake'))))),
      el('tfoot', {}, el('tr', {}, el('td', { colspan: 3, text: 'total' }), el('td', { dataset: { value: String(total) }, text: `${fmtUnits(total, 4)} τ` }), el('td'))));
    posNote.textContent = positions.length ? `at block #${h.number}` : `no positions at block #${h.number}`;
  }

  function scheduleQuote(ms) {
    clearTimeout(quoteTimer);
    quoteTimer = setTimeout(() => { quote(); }, ms);
  }

  /** Quote at the page's block: amount out, fee, impact, price after, limit, partial fill. */
  async function quote() {
    const api = store.api; const h = store.head;
    const seq = ++quoteSeq;
    if (!api || !h) return;
    const add = form.action === 'add';
    const n = Number(form.netuid);
    const amt = parseUnits(form.amount);
    const tolPpb = parseUnits(form.tolerance || '0', 7); // 1% = 10^7 parts per billion
    const key = JSON.stringify([form.action, form.netuid, String(amt), form.tolerance, form.partial]);
    if (form.netuid === '' || amt === null || amt === 0n || tolPpb === null || (!add && tolPpb > UNIT)) {
      current = { key, status: 'idle', reason: amt === null && form.amount !== '' ? 'amount is not a number' : tolPpb === null || (!add && tolPpb > UNIT) ? 'tolerance must be a percentage (at most 100% to sell)' : 'enter an amount' };
      renderQuote();
      return;
    }
    if (amt > U64_MAX) { current = { key, status: 'idle', reason: 'amount too large' }; renderQuote(); return; }
    if (current?.key !== key) { current = { key, status: 'loading' }; renderQuote(); }
    try {
      const at = await api.at(h.hash);
      const s = h.summaries.find((x) => Number(x.netuid) === n);
      if (!s) throw new Error(`subnet ${n} not found at #${h.number}`);
      const price = big(s.price);
      let limit = add ? (price * (UNIT + tolPpb)) / UNIT : (price * (UNIT - tolPpb)) / UNIT;
      if (limit > U64_MAX) limit = U64_MAX;
      const call = add ? at.call.dtaoApi.quoteAddStake : at.call.dtaoApi.quoteRemoveStake;
      const res = await call(n, amt, null);
      if (seq !== quoteSeq || !alive) return;
      const next = { key, status: 'ok', block: { number: h.number, hash: h.hash }, netuid: n, amount: amt, add, price, limit, partial: form.partial };
      if (res.isErr) {
        Object.assign(next, { status: 'error', error: describeDispatchError(api, res.asErr) });
      } else {
        const q = plain(res.asOk);
        next.quote = q;
        next.crosses = add ? big(q.priceAfter) > limit : big(q.priceAfter) < limit;
        if (next.crosses && form.partial) {
          const max = await (add ? at.call.dtaoApi.maxAddStake(n, limit) : at.call.dtaoApi.maxRemoveStake(n, limit));
          if (seq !== quoteSeq || !alive) return;
          if (max.isOk) {
            next.fill = big(max.asOk);
            if (next.fill > 0n && next.fill < amt) {
              const filled = await call(n, next.fill, null);
              if (seq !== quoteSeq || !alive) return;
              if (filled.isOk) next.fillQuote = plain(filled.asOk);
            }
          } else next.fillError = describeDispatchError(api, max.asErr);
        }
      }
      current = next;
      renderQuote();
    } catch (e) {
      if (seq !== quoteSeq || !alive) return;
      current = { key, status: 'error', error: { name: 'quote failed', docs: e.message ?? String(e) } };
      renderQuote();
    }
  }

  function renderQuote() {
    const q = current;
    clear(quoteEl);
    quoteEl.dataset.status = q?.status ?? 'idle';
    for (const k of ['blockHash', 'blockNumber', 'netuid', 'amount', 'out', 'fee', 'amountIn', 'priceAfter', 'limit', 'error']) delete quoteEl.dataset[k];
    send.disabled = sending || !q || q.status === 'idle' || q.status === 'loading' || !form.account || !selectedHotkey();
    if (!q || q.status === 'idle') { quoteEl.append(el('p', { class: 'note', text: q?.reason ?? 'enter an amount' })); return; }
    if (q.status === 'loading') { quoteEl.append(el('p', { class: 'note', text: 'quoting…' })); return; }
    const inUnit = q.add ? 'τ' : 'α'; const outUnit = q.add ? 'α' : 'τ';
    if (q.block) Object.assign(quoteEl.dataset, { blockHash: q.block.hash, blockNumber: q.block.number, netuid: q.netuid, amount: String(q.amount), limit: String(q.limit) });
    if (q.status === 'error') {
      quoteEl.dataset.error = q.error.name;
      quoteEl.append(el('p', { class: 'error' }, el('strong', { class: 'err-name', text: q.error.name }), q.error.docs ? ` — ${q.error.docs}` : ''));
      return;
    }
    const v = q.quote;
    Object.assign(quoteEl.dataset, { out: String(v.amountOut), fee: String(v.fee), amountIn: String(v.amountIn), priceAfter: String(v.priceAfter) });
    const impact = q.price === 0n ? 0 : Number(((big(v.priceAfter) - q.price) * 1_000_000n) / q.price) / 1e4;
    const row = (label, id, value, rao) => el('div', { class: 'q-row' }, el('span', { text: label }), el('strong', { id, dataset: rao === undefined ? {} : { rao: String(rao) }, text: value }));
    quoteEl.append(
      el('div', { class: 'q-head', text: `Quote at block #${q.block.number}` }),
      row('You pay', 'q-in', `${fmtExact(v.amountIn)} ${inUnit}`, v.amountIn),
      row('Fee (stays in the pool)', 'q-fee', `${fmtExact(v.fee)} ${inUnit}`, v.fee),
      row('You receive', 'q-out', `${fmtExact(v.amountOut)} ${outUnit}`, v.amountOut),
      row('Price now', 'q-price', `${fmtPrice(q.price)} τ/α`, q.price),
      row('Price after', 'q-price-after', `${fmtPrice(v.priceAfter)} τ/α`, v.priceAfter),
      row('Price impact', 'q-impact', `${impact >= 0 ? '+' : ''}${impact.toFixed(2)}%`),
      row(`Limit price (${q.add ? 'max' : 'min'})`, 'q-limit', `${fmtPrice(q.limit)} τ/α`, q.limit));
    if (q.add && balance !== null && q.amount > balance) quoteEl.append(el('p', { class: 'warn', text: `More than the free balance (${fmtUnits(balance, 4)} τ): the chain will refuse it.` }));
    if (q.crosses && !q.partial) quoteEl.append(el('p', { class: 'warn', id: 'q-slippage', text: 'The price after crosses your limit: the transaction will fail with dtao.SlippageTooHigh. Raise the tolerance or allow a partial fill.' }));
    if (q.crosses && q.partial) {
      if (q.fillError) quoteEl.append(el('p', { class: 'warn', text: `partial fill: ${q.fillError.name}` }));
      else if (q.fillQuote) quoteEl.append(el('p', { class: 'warn', id: 'q-partial', text: `Partial fill: ${fmtExact(q.fill)} ${inUnit} of ${fmtExact(q.amount)} for ${fmtExact(q.fillQuote.amountOut)} ${outUnit}.` }));
    }
    quoteEl.append(el('p', { class: 'note', text: 'Quoted at this block; the next block\'s coinbase can move the pool before the transaction runs. The limit bounds the price you accept.' }));
  }

  async function submit() {
    const api = store.api;
    const q = current;
    if (!api || sending || !q || q.status === 'idle' || q.status === 'loading') return;
    const who = signerOf(form.account);
    const hk = selectedHotkey();
    if (!who || !hk) return;
    sending = true; renderQuote();
    const snapshot = { ...q };
    const expected = q.fillQuote ?? q.quote ?? null;
    clear(result);
    result.dataset.status = 'pending';
    for (const k of ['blockHash', 'blockNumber', 'error', 'tao', 'fee', 'alpha', 'quotedOut', 'quotedFee', 'quoteBlockHash', 'quoteBlockNumber']) delete result.dataset[k];
    if (expected && snapshot.block) Object.assign(result.dataset, { quotedOut: String(expected.amountOut), quotedFee: String(expected.fee), quoteBlockHash: snapshot.block.hash, quoteBlockNumber: snapshot.block.number });
    const line = el('p', { class: 'note', text: 'signing…' });
    result.append(line);
    const done = (fn) => { sending = false; fn(); renderQuote(); refresh(); };
    try {
      const tx = snapshot.add
        ? api.tx.dtao.addStakeLimit(hk, snapshot.netuid, snapshot.amount, snapshot.limit, snapshot.partial)
        : api.tx.dtao.removeStakeLimit(hk, snapshot.netuid, snapshot.amount, snapshot.limit, snapshot.partial);
      let unsub = null; let finished = false;
      const onStatus = async ({ status, events, dispatchError }) => {
        if (finished) return;
        if (status.isReady || status.isBroadcast) line.textContent = 'submitted, waiting for a block…';
        if (status.isInvalid || status.isDropped || status.isUsurped) {
          finished = true; unsub?.();
          done(() => showError({ name: `transaction ${status.type.toLowerCase()}`, docs: '' }));
          return;
        }
        if (!status.isInBlock) return;
        finished = true; unsub?.();
        const blockHash = status.asInBlock.toHex();
        let number = null;
        try { number = (await api.rpc.chain.getHeader(blockHash)).number.toNumber(); } catch { /* shown without */ }
        result.dataset.blockHash = blockHash;
        if (number !== null) result.dataset.blockNumber = number;
        if (dispatchError) { done(() => showError(describeDispatchError(api, dispatchError), number)); return; }
        // A stake on a subnet is an order: it clears with the subnet's batch at the end of the
        // block, so its StakeAdded/StakeRemoved (and any refund) are end-of-block events.
        let settled = events.map((r) => r.event);
        try {
          const all = await api.query.system.events.at(blockHash);
          settled = settled.concat(all.filter((r) => r.phase.isFinalization).map((r) => r.event));
        } catch { /* shown from the extrinsic's own events */ }
        const mine = (e) => e.section === 'dtao' && e.data.coldkey?.toString() === who.address
          && e.data.netuid?.toNumber() === snapshot.netuid;
        const ev = settled.find((e) => mine(e) && (e.method === 'StakeAdded' || e.method === 'StakeRemoved'));
        const refund = settled.find((e) => mine(e) && e.method === 'OrderRefunded');
        done(() => showEvent(ev, number, snapshot, expected, refund));
      };
      const sent = who.pair ? tx.signAndSend(who.pair, onStatus) : tx.signAndSend(who.address, { signer: who.signer }, onStatus);
      unsub = await sent;
      if (finished) unsub();
    } catch (e) {
      done(() => showError({ name: 'transaction refused', docs: e.message ?? String(e) }));
    }
  }

  function showError(err, number) {
    clear(result);
    result.dataset.status = 'error';
    result.dataset.error = err.name;
    result.append(el('p', { class: 'error' },
      el('strong', { class: 'err-name', text: err.name }), err.docs ? el('span', { class: 'err-docs', text: ` — ${err.docs}` }) : '',
      number !== undefined && number !== null ? el('span', { class: 'note', text: ` (block #${number})` }) : ''));
  }

  function showEvent(ev, number, snapshot, expected, refund) {
    clear(result);
    if (!ev) {
      result.dataset.status = 'ok';
      const why = refund ? `the limit was not met: ${fmtExact(refund.data.amount)} ${snapshot.add ? 'τ' : 'α'} refunded.` : 'no stake event.';
      result.append(el('p', { text: `Included in block #${number}; ${why}` }));
      return;
    }
    const d = Object.fromEntries(ev.meta.fields.map((f, i) => [f.name.isSome ? f.name.unwrap().toString() : String(i), ev.data[i]]));
    const add = ev.method === 'StakeAdded';
    const got = big(add ? d.alpha : d.tao);
    Object.assign(result.dataset, { status: 'ok', tao: String(big(d.tao)), fee: String(big(d.fee)), alpha: String(big(d.alpha)) });
    const unitIn = add ? 'τ' : 'α'; const unitOut = add ? 'α' : 'τ';
    result.append(
      el('p', { class: 'ok' }, el('strong', { text: `dtao.${ev.method}` }), ` in block #${number}`),
      el('div', { class: 'q-row' }, el('span', { text: 'paid' }), el('strong', { id: 'r-in', text: `${fmtExact(add ? d.tao : d.alpha)} ${unitIn}` })),
      el('div', { class: 'q-row' }, el('span', { text: 'fee' }), el('strong', { id: 'r-fee', text: `${fmtExact(d.fee)} ${unitIn}` })),
      el('div', { class: 'q-row' }, el('span', { text: 'received' }), el('strong', { id: 'r-out', text: `${fmtExact(got)} ${unitOut}` })),
      el('div', { class: 'q-row' }, el('span', { text: 'clearing price' }), el('strong', { id: 'r-price', text: `${fmtExact(d.price)} τ/α` })));
    if (refund) result.append(el('p', { class: 'note', id: 'r-refund', text: `Not filled and refunded: ${fmtExact(refund.data.amount)} ${unitIn}.` }));
    if (expected) {
      const diff = got - big(expected.amountOut);
      result.append(el('p', { class: diff === 0n ? 'ok' : 'warn', id: 'r-compare' }, diff === 0n
        ? `Exactly the quote taken at block #${snapshot.block.number}.`
        : `Quoted ${fmtExact(expected.amountOut)} ${unitOut} at block #${snapshot.block.number}; received ${diff > 0n ? 'more' : 'less'} by ${fmtExact(diff < 0n ? -diff : diff)}: the pool changed between that block and the transaction (coinbase or other trades).`));
    }
  }

  refresh();
  syncLabels();
  renderQuote();
  return {
    update: (kind) => { if (kind === 'head' && alive) refresh(); },
    unmount: () => { alive = false; clearTimeout(quoteTimer); },
  };
}


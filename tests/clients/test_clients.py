#!/usr/bin/env python3
"""Bittensor's own Python clients against the dev node: `btcli` (bittensor-cli 9.23.2) and the SDK
(bittensor 10.5.0), pinned in tests/clients/requirements.txt, talking to the `SubtensorModule`
facade and its runtime APIs. Each check compares what a client shows or does with what the chain
itself holds or says (the `dtao_*` RPC, `Dtao` storage and events, `System.Account`), to the rao.

Run it with the venv's Python (`make clients` builds both):
    DTAO_NODE=~/.cache/dtao-target/debug/dtao-node ~/.cache/dtao-venv/bin/python tests/clients/test_clients.py
`btcli` is taken from the same venv (or $BTCLI). The node is started on free loopback ports by the
shared harness (tests/harness/node.mjs `serve`, as tests/smoke_node.py does), so `node` must be on
PATH (or in $NODEJS). Every client command and its output is printed.

The steps share one dev chain and run in order (test_1 ... test_5): the neuron registered in
test_2 is staked to in test_3 and sets weights in test_4.

Where the chain is read at "the same block" as a client:
- `btcli subnets list` does not print its block, but prints `emission_percentage` =
  100 * total_tao_emitted / block, so the block is recovered from its own output.
- btcli transactions print their extrinsic id `<block>-<index>`: the inclusion block.
- The SDK takes `block=` and is always pinned.
- `btcli stake list` and `btcli wallet balance` read at the best block when they run; their output
  must equal the chain at one block between the best block before and after the command (values
  move every block, so this is an exact match, just with the block searched in a window of 1-3).
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request
import warnings

TAO = 10**9
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "harness"))
from node_harness import start_harness, stop_harness  # noqa: E402
DEADLINE_S = 120
BTCLI = os.environ.get("BTCLI") or os.path.join(os.path.dirname(sys.executable), "btcli")

# Alice (sp_keyring) is endowed and sudo in the dev preset. btcli's `--uri` takes one plain
# alphanumeric junction (`alice` -> //Alice; `dtaoclients` -> //Dtaoclients).
ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
# A fresh hotkey for the registration (//Dtaoclients): on a fresh dev chain it owns nothing, so
# its stake moves only by this test's trades until it sets weights.
MINER_URI = "dtaoclients"
NETUID = 1
# `btcli stake add/remove` are "safe" by default: add_stake_limit / remove_stake_limit at the
# current price +-0.5%, fill-or-kill. A batch's clearing price is the trade's average price, so
# 10 TAO into subnet 1's 1,000 TAO pool clears about 1% above the spot price and a 0.5% limit
# would refund it at the end of the block. 5% keeps the safe (limit) path and fills.
TOLERANCE = "0.05"


def log(*parts):
    print(*parts, flush=True)


# -------------------------------------------------------------------------------------------
# The node (started through tests/harness/node_harness.py) and the chain it serves.

class Chain:
    """The dev node as the chain itself describes it: JSON-RPC over HTTP, and (through the SDK's
    substrate connection, which decodes any pallet by the metadata) `Dtao` storage and events."""

    def __init__(self, info, substrate):
        self.http = f"http://127.0.0.1:{info['rpcPort']}"
        self.ws = info["ws"]
        self.substrate = substrate

    def rpc(self, method, params=None):
        body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params or []}).encode()
        req = urllib.request.Request(self.http, body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as r:
            reply = json.loads(r.read())
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply["result"]

    def head(self):
        return int(self.rpc("chain_getHeader")["number"], 16)

    def block_hash(self, n):
        h = self.rpc("chain_getBlockHash", [n])
        if h is None:
            raise AssertionError(f"no block {n}")
        return h

    def parent(self, block_hash):
        return self.rpc("chain_getHeader", [block_hash])["parentHash"]

    def wait_for(self, n, timeout):
        end = time.time() + timeout
        while self.head() < n:
            if time.time() > end:
                raise AssertionError(f"block {n} not reached in {timeout}s (head {self.head()})")
            time.sleep(0.5)

    # -- what the chain holds
    def subnets(self, at):
        return {s["netuid"]: s for s in self.rpc("dtao_subnets", [at])}

    def stakes(self, coldkey, at):
        return {(s["hotkey"], s["netuid"]): s for s in self.rpc("dtao_stakes", [coldkey, at])}

    def free(self, address, at):
        """System.Account[address].data.free, from the raw storage (AccountInfo: 4 x u32, then
        free: u64; this runtime's Balance is u64), independent of any client's decoder."""
        import xxhash
        from scalecodec.utils.ss58 import ss58_decode

        def twox128(b):
            return b"".join(xxhash.xxh64(b, seed=s).intdigest().to_bytes(8, "little") for s in (0, 1))
        pk = bytes.fromhex(ss58_decode(address))
        key = twox128(b"System") + twox128(b"Account") + hashlib.blake2b(pk, digest_size=16).digest() + pk
        raw = self.rpc("state_getStorage", ["0x" + key.hex(), at])
        return 0 if raw is None else int.from_bytes(bytes.fromhex(raw[2:])[16:24], "little")

    def dtao(self, item, params=None, at=None):
        v = self.substrate.query("Dtao", item, params or [], block_hash=at)
        return getattr(v, "value", v)

    def events(self, block_hash):
        return self.substrate.get_events(block_hash=block_hash)

    def dtao_events(self, block_hash, name, **match):
        return [e["attributes"] for e in self.events(block_hash)
                if e["module_id"] == "Dtao" and e["event_id"] == name
                and all(e["attributes"].get(k) == v for k, v in match.items())]

    def extrinsic_events(self, block_hash, index):
        return [(e["module_id"], e["event_id"], e["attributes"]) for e in self.events(block_hash)
                if e["phase"] == "ApplyExtrinsic" and e["extrinsic_idx"] == index]


# -------------------------------------------------------------------------------------------
# The pool's swap, as pallets/dtao/src/math/swap.rs computes it. A batch of one order clears at
# exactly what `swap` gives it (math/batch.rs). The test checks this function against the
# chain's own quote (dtao_quoteAddStake / dtao_quoteRemoveStake at the parent block) before it
# uses it on the pool the batch really cleared against.

def fee_on(amount, fee_ppb):
    return -(-amount * fee_ppb // TAO)  # Perbill::mul_ceil


def swap(reserve_in, reserve_out, gross_in, fee_ppb):
    fee = fee_on(gross_in, fee_ppb)
    net = gross_in - fee
    k = reserve_in * reserve_out
    out = reserve_out - (-(-k // (reserve_in + net)))  # reserve_out - ceil(k / (reserve_in + net))
    return fee, out, reserve_in + gross_in, reserve_out - out


def buy(pool, tao, fee_ppb):
    fee, out, t, a = swap(pool[0], pool[1], tao, fee_ppb)
    return {"fee": fee, "amount_out": out, "pool_after": {"tao": t, "alpha": a}}


def sell(pool, alpha, fee_ppb):
    fee, out, a, t = swap(pool[1], pool[0], alpha, fee_ppb)
    return {"fee": fee, "amount_out": out, "pool_after": {"tao": t, "alpha": a}}


# -------------------------------------------------------------------------------------------
# btcli.

def parse_json_output(text):
    """btcli --json-output --verbose prints verbose lines (and, on an error, a traceback) around
    one JSON document; return that document. btcli exits 0 even when it fails, so a missing
    document is the failure signal."""
    text = text.strip()
    try:
        return json.loads(text)
    except ValueError:
        pass
    dec = json.JSONDecoder()
    found = None
    lines = text.splitlines(keepends=True)
    offset = 0
    for line in lines:
        if line[:1] in "{[":
            try:
                doc, end = dec.raw_decode(text, offset)
                found = doc
            except ValueError:
                pass
        offset += len(line)
    if found is None:
        raise AssertionError(f"btcli printed no JSON:\n{text[-4000:]}")
    return found


class ClientsTest(unittest.TestCase):
    """The steps, in order, on one dev node."""

    @classmethod
    def setUpClass(cls):
        node = os.environ.get("DTAO_NODE")
        if not node:
            raise RuntimeError("set DTAO_NODE to the dtao-node binary")
        if not os.path.exists(BTCLI):
            raise RuntimeError(f"no btcli at {BTCLI} (run with the venv's python, see `make clients-deps`)")
        cls.failed = False
        cls.harness, cls.info = start_harness(node, "dtao-clients", DEADLINE_S)
        log(f"node: {json.dumps(cls.info)}")
        cls.tmp = tempfile.mkdtemp(prefix="dtao-clients-")
        cls.home = os.path.join(cls.tmp, "home")  # btcli's ~/.bittensor (config, cache, debug log)
        cls.wallets = os.path.join(cls.tmp, "wallets")
        os.makedirs(cls.home)
        try:
            cls.set_up_clients()
        except BaseException:
            # unittest skips tearDownClass when setUpClass fails: stop the node here.
            cls.failed = True
            cls.tearDownClass()
            raise

    @classmethod
    def set_up_clients(cls):
        # The SDK's websocket client calls a websockets API that warns on every connection (set
        # here: unittest's runner resets the warning filters before the tests run).
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="async_substrate_interface")
        import bittensor  # noqa: E402  (after the node is up: the SDK connects at construction)
        from bittensor_wallet import Wallet
        cls.bt = bittensor
        cls.sdk = bittensor.Subtensor(cls.info["ws"])
        cls.chain = Chain(cls.info, cls.sdk.substrate)
        cls.chain.wait_for(2, 60)  # btcli's `subnets list` divides by the block number
        cls.state = {}
        # Wallets, without a prompt: unencrypted coldkey //Alice (hotkey `default` is //Alice too)
        # and hotkey `miner` = //Dtaoclients.
        w = ["--wallet-name", "alice", "--wallet-path", cls.wallets]
        r = cls.btcli_cls("wallet", "create", "--uri", "alice", *w, "--hotkey", "default", "--no-use-password")
        assert r["success"] and r["data"]["coldkey_ss58"] == ALICE, r
        r = cls.btcli_cls("wallet", "new-hotkey", "--uri", MINER_URI, *w, "--hotkey", "miner", "--no-use-password")
        assert r["success"], r
        cls.miner = r["data"]["hotkey_ss58"]
        cls.miner_wallet = Wallet(name="alice", hotkey="miner", path=cls.wallets)
        cls.alice_wallet = Wallet(name="alice", hotkey="default", path=cls.wallets)
        assert cls.miner_wallet.hotkey.ss58_address == cls.miner

    @classmethod
    def tearDownClass(cls):
        failed = cls.failed
        stop_harness(cls.harness, cls.info, keep=failed)
        if failed:
            log(f"clients: FAILED; node log kept at {cls.info['logPath']}, btcli home and wallets at {cls.tmp}")
        else:
            shutil.rmtree(cls.tmp, ignore_errors=True)

    def run(self, result=None):
        result = super().run(result)
        if result is not None and (result.failures or result.errors):
            type(self).failed = True
        return result

    @classmethod
    def btcli_cls(cls, *args, timeout=240):
        """Run btcli with --json-output --verbose (errors then show as a traceback on stdout
        instead of nothing); return its JSON document."""
        cmd = [BTCLI, *args, "--json-output", "--verbose"]
        env = dict(os.environ, HOME=cls.home, COLUMNS="100000", NO_COLOR="1")
        log("$ btcli " + " ".join(args) + " --json-output --verbose")
        t = time.time()
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env, timeout=timeout)
        log(f"  (exit {p.returncode}, {time.time() - t:.1f}s)")
        out = p.stdout.strip()
        log("  " + (out if len(out) < 6000 else out[:3000] + "\n  ...\n" + out[-3000:]).replace("\n", "\n  "))
        if p.stderr.strip():
            log("  stderr: " + p.stderr.strip()[-3000:].replace("\n", "\n  "))
        return parse_json_output(p.stdout)

    def btcli(self, *args, **kw):
        return self.btcli_cls(*args, **kw)

    def net(self):
        return ["--network", self.chain.ws]

    def wallet(self, hotkey=None):
        w = ["--wallet-name", "alice", "--wallet-path", self.wallets]
        return w + (["--hotkey", hotkey] if hotkey else [])

    def need(self, *keys):
        missing = [k for k in keys if k not in self.state]
        if missing:
            self.skipTest(f"needs {missing} from an earlier step")

    def at_some_block(self, first, last, expected_at, actual, what):
        """`actual` (a client's reading at the best block while it ran) equals the chain's state
        at one block in first..last."""
        seen = []
        for n in range(first, last + 1):
            exp = expected_at(self.chain.block_hash(n))
            if exp == actual:
                log(f"  {what}: equals the chain at block {n} (window {first}..{last})")
                return n
            seen.append((n, exp))
        self.fail(f"{what}: the client says\n{actual}\nthe chain, block by block:\n" + "\n".join(map(str, seen)))

    def inclusion(self, ext_id):
        """`<block>-<index>` -> (block number, hash, index)."""
        self.assertIsInstance(ext_id, str, "an extrinsic id")
        block, index = (int(x) for x in ext_id.split("-"))
        return block, self.chain.block_hash(block), index

    def tx_fee(self, block_hash, index, who):
        paid = [a for (m, e, a) in self.chain.extrinsic_events(block_hash, index)
                if (m, e) == ("TransactionPayment", "TransactionFeePaid") and a["who"] == who]
        self.assertEqual(len(paid), 1, f"one TransactionFeePaid for {who}")
        return paid[0]["actual_fee"] + paid[0]["tip"]

    def assert_success(self, block_hash, index):
        evs = [(m, e) for (m, e, _) in self.chain.extrinsic_events(block_hash, index)]
        self.assertIn(("System", "ExtrinsicSuccess"), evs, f"extrinsic {index}: {evs}")

    def cleared_pool(self, block_hash, netuid):
        """The pool the block's batch on `netuid` cleared against, two ways: the pool at the end of
        the block minus the batch's net trade (BatchCleared), and the parent's pool plus this
        block's coinbase (injection in, root's auto-sell: alpha in, TAO out; on_initialize runs
        before the batch clears in on_finalize). Both must agree."""
        cleared = self.chain.dtao_events(block_hash, "BatchCleared", netuid=netuid)
        self.assertEqual(len(cleared), 1, "one batch cleared on the subnet")
        c = cleared[0]
        after = self.chain.subnets(block_hash)[netuid]
        pool = (after["tao_reserve"] - c["net_tao"], after["alpha_reserve"] - c["net_alpha"])
        before = self.chain.subnets(self.chain.parent(block_hash))[netuid]
        lb = after["last_block"]
        from_coinbase = (before["tao_reserve"] + lb["tao_in"] - lb["root_tao"],
                         before["alpha_reserve"] + lb["alpha_in"] + lb["root_alpha"])
        self.assertEqual(pool, from_coinbase, "pool before clearing: end of block minus the trade == parent plus coinbase")
        return c, pool

    def checked_swap_model(self, parent, side, amount):
        """The swap function above against the chain's quote at `parent` (same pool, same fee):
        equal to the rao, so using it on the pool the batch cleared against is using the chain's
        quote function."""
        fee_ppb = self.chain.dtao("Parameters", at=parent)["swap_fee"]
        s = self.chain.subnets(parent)[NETUID]
        pool = (s["tao_reserve"], s["alpha_reserve"])
        if side == "buy":
            quote = self.chain.rpc("dtao_quoteAddStake", [NETUID, amount, None, parent])
            mine = buy(pool, amount, fee_ppb)
        else:
            quote = self.chain.rpc("dtao_quoteRemoveStake", [NETUID, amount, None, parent])
            mine = sell(pool, amount, fee_ppb)
        log(f"  dtao_quote{'Add' if side == 'buy' else 'Remove'}Stake({NETUID}, {amount}) at the parent block: {quote}")
        for k in ("fee", "amount_out", "pool_after"):
            self.assertEqual(mine[k], quote[k], f"the swap model equals the chain's quote ({k})")
        return fee_ppb, quote

    # ---------------------------------------------------------------------------------------
    def test_1_subnets_list(self):
        """btcli subnets list: root and every subnet, with prices, pools and emissions equal to
        dtao_subnets at the block btcli read."""
        first = self.chain.head()
        out = self.btcli("subnets", "list", *self.net())
        last = self.chain.head()
        # emission_percentage = total_tao_emitted / block * 100 (subnets.py dict_table).
        block = round(out["total_tao_emitted"] * 100 / out["emission_percentage"])
        self.assertTrue(first <= block <= last, f"btcli read block {block}, between {first} and {last}")
        at = self.chain.block_hash(block)
        subnets = self.chain.subnets(at)
        log(f"  btcli read block {block}; dtao_subnets there: {json.dumps(list(subnets.values()))}")
        rows = out["subnets"]
        self.assertEqual(sorted(rows, key=int), [str(n) for n in [0, *sorted(subnets)]], "root and every subnet")
        root = rows["0"]
        self.assertEqual((root["price"], root["emission"]), (1.0, 0.0), "root: price 1, no emission")
        for n, s in subnets.items():
            r = rows[str(n)]
            # btcli's values are Balance.tao = rao / 1e9 as floats, printed by json.dumps (exact
            # round trip), so the same division on the chain's rao compares exactly.
            self.assertEqual(r["price"], s["price"] / TAO, f"{n}: price (current_alpha_price_all)")
            self.assertEqual(r["liquidity"]["tao_in"], s["tao_reserve"] / TAO, f"{n}: tao_in = pool TAO")
            self.assertEqual(r["liquidity"]["alpha_in"], s["alpha_reserve"] / TAO, f"{n}: alpha_in = pool alpha")
            self.assertEqual(r["alpha_out"], s["alpha_out"] / TAO, f"{n}: alpha_out")
            self.assertEqual(r["emission"], s["last_block"]["tao_in"] / TAO, f"{n}: emission = tao_in_emission = last block's TAO in")
            self.assertEqual(r["tempo"]["sn_tempo"], s["tempo"], f"{n}: tempo")
            self.assertEqual(r["mechanisms"], 1, f"{n}: one mechanism")
            self.assertEqual(r["supply"], s["alpha_reserve"] / TAO + s["alpha_out"] / TAO, f"{n}: supply")
        # Summed by btcli in its own (market-cap) order: float sums differ in the last bits only.
        total = sum(s["tao_reserve"] for s in subnets.values()) / TAO
        self.assertAlmostEqual(out["total_tao_emitted"], total, delta=total * 1e-12)
        # The quantities moved between the block before and the block btcli read, so the match
        # above pins that block (it is not a match of values that do not change).
        prev = self.chain.subnets(self.chain.block_hash(block - 1))
        self.assertNotEqual([s["tao_reserve"] for s in prev.values()], [s["tao_reserve"] for s in subnets.values()])

    def test_2_register(self):
        """btcli subnets register --netuid 1: the burn is what dtao_burnCost said at the parent
        block, the coldkey pays burn + fee, and the hotkey is the subnet's next uid."""
        out = self.btcli("subnets", "register", "--netuid", str(NETUID), *self.wallet("miner"), *self.net(), "--no-prompt")
        self.assertTrue(out["success"], out)
        block, at, index = self.inclusion(out["extrinsic_identifier"])
        self.assert_success(at, index)
        parent = self.chain.parent(at)
        burn = self.chain.rpc("dtao_burnCost", [NETUID, parent])
        regs = self.chain.dtao_events(at, "NeuronRegistered", hotkey=self.miner)
        log(f"  block {block}: NeuronRegistered {regs}; dtao_burnCost at the parent: {burn}")
        self.assertEqual(len(regs), 1)
        reg = regs[0]
        self.assertEqual((reg["netuid"], reg["coldkey"], reg["burn"]), (NETUID, ALICE, burn))
        neurons = self.chain.dtao("Neurons", [NETUID], at=at)
        self.assertEqual(reg["uid"], len(neurons) - 1)
        self.assertEqual(neurons[reg["uid"]], self.miner)
        fee = self.tx_fee(at, index, ALICE)
        self.assertEqual(self.chain.free(ALICE, parent) - self.chain.free(ALICE, at), burn + fee, "paid burn + fee")
        # What the SDK reads of it (the facade's Uids / IsNetworkMember / LastUpdate mirrors).
        self.assertEqual(self.sdk.get_uid_for_hotkey_on_subnet(self.miner, NETUID, block=block), reg["uid"])
        self.assertTrue(self.sdk.is_hotkey_registered(self.miner, NETUID, block=block))
        self.assertEqual(self.sdk.blocks_since_last_update(NETUID, reg["uid"], block=block), 0, "LastUpdate = registration block")
        self.state["uid"] = reg["uid"]

    def test_3_stake_add_remove_list_balance(self):
        """btcli stake add / remove on the registered hotkey: what the batch gave equals the
        chain's quote on the pool it cleared against, to the rao; balances and stakes move by
        exactly that; btcli stake list, btcli wallet balance and the SDK agree with the chain."""
        self.need("uid")
        hot = self.miner
        # -- add 10 TAO
        out = self.btcli("stake", "add", "--netuid", str(NETUID), "--amount", "10", "--tolerance", TOLERANCE,
                         *self.wallet("miner"), *self.net(), "--no-prompt", "--no-mev-protection")
        self.assertIs(out["staking_success"][str(NETUID)][hot], True, out)
        block, at, index = self.inclusion(out["extrinsic_ids"][str(NETUID)][hot])
        self.assert_success(at, index)
        parent = self.chain.parent(at)
        placed = [a for (m, e, a) in self.chain.extrinsic_events(at, index) if (m, e) == ("Dtao", "OrderPlaced")]
        log(f"  block {block}: OrderPlaced {placed}")
        self.assertEqual(len(placed), 1)
        self.assertEqual((placed[0]["side"], placed[0]["amount"], placed[0]["hotkey"]), ("Buy", 10 * TAO, hot))
        self.assertIsNotNone(placed[0]["limit"], "btcli's default is the limit call (add_stake_limit)")
        fee_ppb, quote = self.checked_swap_model(parent, "buy", 10 * TAO)
        cleared, pool = self.cleared_pool(at, NETUID)
        added = self.chain.dtao_events(at, "StakeAdded", coldkey=ALICE, hotkey=hot)
        log(f"  StakeAdded {added}; BatchCleared {cleared}; pool it cleared against {pool}")
        self.assertEqual(self.chain.dtao_events(at, "OrderRefunded", coldkey=ALICE), [], "nothing refunded")
        self.assertEqual((cleared["buys"], cleared["sells"]), (1, 0), "a batch of one")
        self.assertEqual(len(added), 1)
        expect = buy(pool, 10 * TAO, fee_ppb)
        self.assertEqual((added[0]["tao"], added[0]["fee"], added[0]["alpha"]), (10 * TAO, expect["fee"], expect["amount_out"]),
                         "alpha received == the chain's quote on the cleared pool, to the rao")
        log(f"  alpha received {added[0]['alpha']}; the quote at the parent block said {quote['amount_out']} "
            f"(differs by this block's coinbase: injection and root's auto-sell, before the batch clears)")
        fee = self.tx_fee(at, index, ALICE)
        self.assertEqual(self.chain.free(ALICE, parent) - self.chain.free(ALICE, at), 10 * TAO + fee, "paid 10 TAO + fee")
        alpha = self.chain.stakes(ALICE, at)[(hot, NETUID)]["alpha"]
        self.assertEqual(alpha, added[0]["alpha"], "the new position holds what was bought")
        self.assertEqual(self.sdk.get_stake(ALICE, hot, NETUID, block=block).rao, alpha, "SDK get_stake")

        # -- remove 5 alpha
        out = self.btcli("stake", "remove", "--netuid", str(NETUID), "--amount", "5", "--tolerance", TOLERANCE,
                         *self.wallet("miner"), *self.net(), "--no-prompt", "--no-mev-protection")
        self.assertEqual(len(out), 1, out)
        self.assertEqual((out[0]["netuid"], out[0]["hotkey_ss58"], out[0]["success"]), (NETUID, hot, True), out)
        block, at, index = self.inclusion(out[0]["extrinsic_identifier"])
        self.assert_success(at, index)
        parent = self.chain.parent(at)
        fee_ppb, quote = self.checked_swap_model(parent, "sell", 5 * TAO)
        cleared, pool = self.cleared_pool(at, NETUID)
        removed = self.chain.dtao_events(at, "StakeRemoved", coldkey=ALICE, hotkey=hot)
        log(f"  block {block}: StakeRemoved {removed}; BatchCleared {cleared}; pool it cleared against {pool}")
        self.assertEqual((cleared["buys"], cleared["sells"]), (0, 1), "a batch of one")
        self.assertEqual(len(removed), 1)
        expect = sell(pool, 5 * TAO, fee_ppb)
        self.assertEqual((removed[0]["alpha"], removed[0]["fee"], removed[0]["tao"]), (5 * TAO, expect["fee"], expect["amount_out"]),
                         "TAO received == the chain's quote on the cleared pool, to the rao")
        fee = self.tx_fee(at, index, ALICE)
        self.assertEqual(self.chain.free(ALICE, at) - self.chain.free(ALICE, parent), removed[0]["tao"] - fee, "received TAO - fee")
        before = self.chain.stakes(ALICE, parent)[(hot, NETUID)]["alpha"]
        after = self.chain.stakes(ALICE, at)[(hot, NETUID)]["alpha"]
        self.assertEqual(before - after, 5 * TAO, "the position gave exactly 5 alpha")
        self.assertEqual(self.sdk.get_stake(ALICE, hot, NETUID, block=block).rao, after, "SDK get_stake")
        self.state["staked"] = True

        # -- btcli stake list: every position of the coldkey with its alpha and price, and the
        # free balance (btcli lists positions above 0.00009 alpha; root's price is 1).
        def listed_at(at):
            subs = self.chain.subnets(at)
            rows = {}
            for (hk, n), s in self.chain.stakes(ALICE, at).items():
                if s["alpha"] / TAO > 0.00009:
                    rows[(hk, n)] = (s["alpha"] / TAO, 1.0 if n == 0 else subs[n]["price"] / TAO)
            return {"free": self.chain.free(ALICE, at) / TAO, "rows": rows}
        first = self.chain.head()
        out = self.btcli("stake", "list", *self.wallet(), *self.net(), "--no-prompt")
        last = self.chain.head()
        shown = {"free": out["free_balance"],
                 "rows": {(hk, r["netuid"]): (r["stake_value"], r["rate"]) for hk, rs in out["stake_info"].items() for r in rs}}
        self.assertIn((hot, NETUID), shown["rows"])
        self.at_some_block(first, last, listed_at, shown, "btcli stake list")

        # -- btcli wallet balance: free, and staked = sum of alpha * price (btcli's own float
        # arithmetic: Balance.from_tao(alpha.tao * price.tao), summed in rao).
        def balance_at(at):
            subs = self.chain.subnets(at)
            free = self.chain.free(ALICE, at)
            staked = 0
            for (_, n), s in self.chain.stakes(ALICE, at).items():
                if s["alpha"] > 0:
                    price = 1.0 if n == 0 else subs[n]["price"] / 10**9
                    staked += int((s["alpha"] / 10**9) * price * 10**9)
            return {"coldkey": ALICE, "free": free / 10**9, "staked": staked / 10**9, "total": (free + staked) / 10**9}
        first = self.chain.head()
        out = self.btcli("wallet", "balance", *self.wallet(), *self.net())
        last = self.chain.head()
        self.at_some_block(first, last, balance_at, out["balances"]["alice"], "btcli wallet balance")

    def test_4_set_weights(self):
        """SDK set_weights signed by the registered hotkey (funded with 1 TAO for its nonce), once
        it holds a validator permit; the next epoch pays it dividends by those weights."""
        self.need("uid", "staked")
        uid, hot = self.state["uid"], self.miner
        chain = self.chain
        # A permit comes with the first epoch after the hotkey holds stake (tempo 10 on the dev
        # preset: at most ~11 blocks).
        end = time.time() + 60
        while uid not in chain.dtao("ValidatorPermits", [NETUID]):
            self.assertLess(time.time(), end, "a validator permit within 60 s")
            time.sleep(1)
        log(f"  uid {uid} holds a validator permit at block {chain.head()}")
        # The hotkey signs; the runtime's CheckNonce wants an account: 1 TAO from the coldkey.
        r = self.sdk.transfer(self.alice_wallet, hot, self.bt.Balance.from_tao(1), mev_protection=False)
        log(f"  SDK transfer(alice -> {hot}, 1 TAO): {r.success} {r.message}")
        self.assertTrue(r.success, r.message)
        # The SDK sends only when block - LastUpdate[uid] > WeightsSetRateLimit (else it returns
        # failure without sending).
        limit = self.sdk.weights_rate_limit(NETUID)
        since = self.sdk.blocks_since_last_update(NETUID, uid)
        log(f"  WeightsSetRateLimit {limit}, blocks since LastUpdate {since}")
        chain.wait_for(chain.head() + max(0, limit + 1 - since), timeout=(limit + 5) * 3)
        before = {p["uid"]: p for p in chain.rpc("dtao_epochPreview", [NETUID])}
        log(f"  dtao_epochPreview before: {before[uid]}")
        self.assertEqual(before[uid]["dividends"], 0, "no weights, no dividends")
        pruning_before = chain.dtao("NeuronStates", [NETUID])[uid]["pruning_score"]
        self.assertEqual(pruning_before, 0, "its epochs so far paid it nothing")

        weighted = 2  # a miner uid of the dev preset (Ferdie's hotkey)
        r = self.sdk.set_weights(self.miner_wallet, NETUID, [weighted], [1.0], mev_protection=False)
        log(f"  SDK set_weights(netuid {NETUID}, uids [{weighted}], weights [1.0]) signed by {hot}: {r.success} {r.message}")
        self.assertTrue(r.success, r.message)
        at = r.extrinsic_receipt.block_hash
        block = int(chain.rpc("chain_getHeader", [at])["number"], 16)
        self.assertEqual(chain.dtao_events(at, "WeightsSet", netuid=NETUID, uid=uid), [{"netuid": NETUID, "uid": uid, "count": 1}])
        self.assertEqual(chain.dtao("Weights", [NETUID, uid], at=at), [(weighted, 65535)], "stored, u16-normalized")
        self.assertEqual(self.sdk.blocks_since_last_update(NETUID, uid, block=block), 0, "LastUpdate = the weights' block")
        after = {p["uid"]: p for p in chain.rpc("dtao_epochPreview", [NETUID, at])}
        log(f"  dtao_epochPreview after: {after[uid]}")
        self.assertGreater(after[uid]["dividends"], 0, "with weights on a miner the validator earns dividends")

        # The next epoch of the subnet pays it: its pruning score (incentive + dividends of its last
        # epoch; no incentive or root dividends here) goes from 0 to what it was paid.
        n = block + 1
        end = time.time() + 90
        while True:
            chain.wait_for(n, timeout=max(1, end - time.time()))
            paid = chain.dtao_events(chain.block_hash(n), "EpochPaid", netuid=NETUID)
            if paid:
                break
            n += 1
        at_epoch = chain.block_hash(n)
        preview = {p["uid"]: p for p in chain.rpc("dtao_epochPreview", [NETUID, chain.parent(at_epoch)])}
        state = chain.dtao("NeuronStates", [NETUID], at=at_epoch)[uid]
        log(f"  epoch at block {n}: EpochPaid {paid[0]}; preview at {n - 1}: {preview[uid]}; uid {uid} state now {state}")
        self.assertGreater(preview[uid]["dividends"], 0)
        self.assertGreater(state["pruning_score"], 0, "the epoch paid the validator by its weights")
        self.assertEqual(preview[uid]["incentive"], 0)

    def test_5_sdk_reads(self):
        """SDK all_subnets / subnet / metagraph / get_balance at a pinned block, field by field."""
        chain = self.chain
        block = chain.head()
        at = chain.block_hash(block)
        subnets = chain.subnets(at)
        info = {n: chain.dtao("Subnets", [n], at=at) for n in subnets}
        from bittensor.utils.balance import fixed_to_float

        def same_subnet(d, n):
            s, i = subnets[n], info[n]
            got = {"netuid": d.netuid, "tao_in": d.tao_in.rao, "alpha_in": d.alpha_in.rao, "alpha_out": d.alpha_out.rao,
                   "price": d.price.rao, "tempo": d.tempo, "owner_coldkey": d.owner_coldkey, "owner_hotkey": d.owner_hotkey,
                   "network_registered_at": d.network_registered_at, "moving_price": d.moving_price,
                   "tao_in_emission": d.tao_in_emission.rao, "alpha_in_emission": d.alpha_in_emission.rao,
                   "alpha_out_emission": d.alpha_out_emission.rao}
            want = {"netuid": n, "tao_in": s["tao_reserve"], "alpha_in": s["alpha_reserve"], "alpha_out": s["alpha_out"],
                    "price": s["price"], "tempo": s["tempo"], "owner_coldkey": s["owner"], "owner_hotkey": i["owner_hotkey"],
                    "network_registered_at": i["registered_at"], "moving_price": fixed_to_float({"bits": i["ema_price"]}, 32),
                    "tao_in_emission": s["last_block"]["tao_in"], "alpha_in_emission": s["last_block"]["alpha_in"],
                    "alpha_out_emission": s["last_block"]["alpha_emitted"]}
            self.assertEqual(got, want, f"subnet {n} at block {block}")

        everything = self.sdk.all_subnets(block=block)
        log(f"  SDK all_subnets(block={block}): {[str(d) for d in everything]}")
        self.assertEqual([d.netuid for d in everything], [0, *sorted(subnets)], "root first, then every subnet in order")
        root = everything[0]
        self.assertEqual(root.tao_in.rao, chain.dtao("TotalRootStake", at=at), "root tao_in = total root stake")
        self.assertEqual(root.price.rao, TAO, "root price 1")
        for d in everything[1:]:
            same_subnet(d, d.netuid)
        one = self.sdk.subnet(NETUID, block=block)
        log(f"  SDK subnet({NETUID}, block={block}): {one}")
        same_subnet(one, NETUID)

        balance = self.sdk.get_balance(ALICE, block=block)
        log(f"  SDK get_balance(alice, block={block}): {balance.rao} rao")
        self.assertEqual(balance.rao, chain.free(ALICE, at))
        for (hk, n), s in chain.stakes(ALICE, at).items():
            self.assertEqual(self.sdk.get_stake(ALICE, hk, n, block=block).rao, s["alpha"], f"SDK get_stake {hk} on {n}")

        import numpy as np
        m = self.sdk.metagraph(NETUID, block=block)
        neurons = chain.dtao("Neurons", [NETUID], at=at)
        permits = chain.dtao("ValidatorPermits", [NETUID], at=at)
        log(f"  SDK metagraph({NETUID}, block={block}): n={int(m.n)} hotkeys={list(m.hotkeys)} permits={list(m.validator_permit)}")
        self.assertEqual(int(m.block), block)
        self.assertEqual(int(m.n), len(neurons))
        self.assertEqual(list(m.hotkeys), list(neurons))
        self.assertEqual(list(m.coldkeys), [chain.dtao("HotkeyOwner", [h], at=at) for h in neurons])
        self.assertEqual([int(u) for u in m.uids], list(range(len(neurons))))
        self.assertEqual([bool(p) for p in m.validator_permit], [u in permits for u in range(len(neurons))])
        self.assertEqual([(x.uid, x.hotkey, x.netuid) for x in m.neurons], [(u, h, NETUID) for u, h in enumerate(neurons)])
        alpha = [(chain.dtao("StakePools", [NETUID, h], at=at) or {"value": 0})["value"] for h in neurons]
        self.assertEqual([float(x) for x in m.alpha_stake], [float(np.float32(a / TAO)) for a in alpha],
                         "alpha stake per uid (get_subnet_state; float32 in the metagraph)")


if __name__ == "__main__":
    unittest.main(verbosity=2)

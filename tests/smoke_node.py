#!/usr/bin/env python3
"""Smoke test of the dev node: start `dtao-node --dev` on loopback ports, wait for blocks,
call `dtao_*` RPC methods and `state_getMetadata`, then stop the node (bounded time, no orphan
process, the log kept on failure).

The node is started, watched and stopped by the harness the e2e suite and the dashboard tests use
(tests/harness/node.mjs, its `serve` mode, so it needs `node` on PATH or in $NODEJS): it picks
distinct free ports, prints the node's RPC port and log path as one JSON line, and stops the node
when its stdin ends (keeping the base path and log if it read `keep`).

Usage: smoke_node.py PATH_TO_DTAO_NODE
"""
import json
import os
import sys
import time
import urllib.request

DEADLINE_S = 120
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "harness"))
from node_harness import start_harness, stop_harness  # noqa: E402


def rpc(port, method, params=None):
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params or []}).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        reply = json.loads(r.read())
    if "error" in reply:
        raise RuntimeError(f"{method}: {reply['error']}")
    return reply["result"]


def main():
    node = sys.argv[1]
    start = time.time()
    try:
        harness, info = start_harness(node, "dtao-smoke", DEADLINE_S)
    except RuntimeError as e:
        print(f"smoke: FAILED; {e}", file=sys.stderr)
        return 1
    rpc_port, log_path = info["rpcPort"], info["logPath"]
    ok = False
    try:
        # Wait for the RPC and for block #3.
        height = 0
        while time.time() - start < DEADLINE_S:
            try:
                height = int(rpc(rpc_port, "chain_getHeader")["number"], 16)
                if height >= 3:
                    break
            except (OSError, RuntimeError):
                pass
            if harness.poll() is not None:
                raise RuntimeError(f"node exited early (the harness exited with {harness.returncode})")
            time.sleep(1)
        assert height >= 3, f"only reached block {height} in {DEADLINE_S}s"
        props = rpc(rpc_port, "system_properties")
        assert props.get("tokenSymbol") == "TAO" and props.get("tokenDecimals") == 9, props
        metadata = rpc(rpc_port, "state_getMetadata")
        assert metadata.startswith("0x6d657461"), "metadata magic 'meta'"
        subnets = rpc(rpc_port, "dtao_subnets")
        assert len(subnets) == 3, subnets
        assert all(s["price"] > 0 and s["tao_reserve"] > 0 for s in subnets), subnets
        quote = rpc(rpc_port, "dtao_quoteAddStake", [1, 10 * 10**9, None])
        assert quote["amount_out"] > 0 and quote["fee"] == 5_000_000, quote
        lock = rpc(rpc_port, "dtao_lockCost")
        assert lock >= 10 * 10**9, lock
        try:
            rpc(rpc_port, "dtao_quoteAddStake", [99, 10**9, None])
            raise AssertionError("a quote on a missing subnet must fail")
        except RuntimeError as e:
            assert "Dtao.SubnetNotFound" in str(e), e
        ok = True
        print(f"smoke: block {height}, {len(subnets)} subnets, quote {quote['amount_out']} alpha for 10 TAO, "
              f"lock cost {lock} rao, metadata {len(metadata) // 2} bytes, {time.time() - start:.1f}s")
    finally:
        stop_harness(harness, info, keep=not ok)
        if not ok:
            print(f"smoke: FAILED; node log kept at {log_path}", file=sys.stderr)
            with open(log_path) as f:
                print("".join(f.readlines()[-40:]), file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Smoke test of the dev node: start `dtao-node --dev` on loopback ports, wait for blocks,
call `dtao_*` RPC methods and `state_getMetadata`, then stop the node (bounded time, no orphan
process, the log kept on failure).

Usage: smoke_node.py PATH_TO_DTAO_NODE
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

DEADLINE_S = 120


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
    base = tempfile.mkdtemp(prefix="dtao-smoke-")
    log_path = os.path.join(base, "node.log")
    rpc_port, p2p_port = free_port(), free_port()
    start = time.time()
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [node, "--dev", "--base-path", base, "--rpc-port", str(rpc_port), "--port", str(p2p_port),
             "--no-prometheus", "--no-telemetry", "--no-mdns", "--rpc-cors", "all"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
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
            if proc.poll() is not None:
                raise RuntimeError(f"node exited early with {proc.returncode}")
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
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if ok:
            shutil.rmtree(base, ignore_errors=True)
        else:
            print(f"smoke: FAILED; node log kept at {log_path}", file=sys.stderr)
            with open(log_path) as f:
                print("".join(f.readlines()[-40:]), file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

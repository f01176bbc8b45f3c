"""Start and stop a dev node from Python through the shared harness (tests/harness/node.mjs, its
`serve` mode): it picks free loopback ports, prints the node as one JSON line (RPC port, ws URL,
log path, pid), and stops the node when its stdin ends, keeping the base path and log if it read
`keep`. Used by tests/smoke_node.py and tests/clients/test_clients.py (the e2e suite and the
dashboard tests use node.mjs directly)."""
import json
import os
import shutil
import signal
import subprocess

HARNESS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "node.mjs")


def start_harness(node, prefix, deadline_s):
    """Start `node` (a dtao-node binary) through the harness; return (harness process, the node as
    the harness describes it). The harness gives up by itself after `deadline_s`."""
    nodejs = os.environ.get("NODEJS") or shutil.which("node")
    if not nodejs:
        raise RuntimeError("no `node` on PATH (dtao-node is started through tests/harness/node.mjs)")
    harness = subprocess.Popen(
        [nodejs, HARNESS, "serve", "--bin", node, "--prefix", prefix, "--timeout-ms", str(deadline_s * 1000)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    line = harness.stdout.readline()
    if not line:
        harness.wait()
        raise RuntimeError(f"the harness could not start the node (exit {harness.returncode}; its reason is above)")
    return harness, json.loads(line)


def stop_harness(harness, info, keep):
    """Ask the harness to stop the node (keeping its data if `keep`); kill both if it hangs."""
    try:
        harness.stdin.write("keep\n" if keep else "stop\n")
        harness.stdin.close()
    except OSError:
        pass  # the harness is gone already
    harness.stdout.close()
    try:
        harness.wait(timeout=30)  # the harness's own stop takes at most 25 s
    except subprocess.TimeoutExpired:
        harness.kill()
        harness.wait()
        if info:
            try:
                os.killpg(info["pid"], signal.SIGKILL)
            except OSError:
                pass  # gone

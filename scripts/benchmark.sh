#!/usr/bin/env bash
# Generate pallet-dtao's weights.rs from its benchmarks, on the real runtime, with the node's
# `benchmark pallet` command (a node built with `--features runtime-benchmarks`).
#   scripts/benchmark.sh            # steps 10, repeat 5
#   STEPS=50 REPEAT=20 scripts/benchmark.sh
#   SMOKE_ONLY=1 scripts/benchmark.sh  # build and smoke-test the benchmarking node, no weights
# Before benchmarking, the benchmarking node must run a dev chain like the normal node
# (tests/smoke_node.py: `--dev` on free loopback ports, block #3 within 120 s, the dtao RPC).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/dtao-target}"
bash scripts/deps.sh
cargo build -p dtao-node --features runtime-benchmarks
if ! python3 tests/smoke_node.py "$CARGO_TARGET_DIR/debug/dtao-node"; then
	echo "benchmark.sh: the runtime-benchmarks node does not run a dev chain (see the log above)" >&2
	exit 1
fi
if [ -n "${SMOKE_ONLY:-}" ]; then
	echo "the runtime-benchmarks node makes blocks on --dev; SMOKE_ONLY set, no weights generated"
	exit 0
fi
"$CARGO_TARGET_DIR/debug/dtao-node" benchmark pallet \
	--runtime "$CARGO_TARGET_DIR/debug/wbuild/dtao-runtime/dtao_runtime.wasm" \
	--genesis-builder runtime \
	--pallet pallet_dtao --extrinsic '*' \
	--steps "${STEPS:-10}" --repeat "${REPEAT:-5}" \
	--template scripts/frame-weight-template.hbs \
	--output pallets/dtao/src/weights.rs
cargo fmt -p pallet-dtao 2>/dev/null || true
echo "weights written to pallets/dtao/src/weights.rs"

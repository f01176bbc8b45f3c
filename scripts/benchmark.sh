#!/usr/bin/env bash
# Generate pallet-dtao's weights.rs from its benchmarks, on the real runtime, with the node's
# `benchmark pallet` command (a node built with `--features runtime-benchmarks`).
#   scripts/benchmark.sh            # steps 10, repeat 5
#   STEPS=50 REPEAT=20 scripts/benchmark.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/dtao-target}"
bash scripts/deps.sh
cargo build -p dtao-node --features runtime-benchmarks
"$CARGO_TARGET_DIR/debug/dtao-node" benchmark pallet \
	--runtime "$CARGO_TARGET_DIR/debug/wbuild/dtao-runtime/dtao_runtime.wasm" \
	--genesis-builder runtime \
	--pallet pallet_dtao --extrinsic '*' \
	--steps "${STEPS:-10}" --repeat "${REPEAT:-5}" \
	--template scripts/frame-weight-template.hbs \
	--output pallets/dtao/src/weights.rs
cargo fmt -p pallet-dtao 2>/dev/null || true
echo "weights written to pallets/dtao/src/weights.rs"

#!/usr/bin/env bash
# Generate the runtime's weights from its benchmarks, with the node's `benchmark pallet`
# command, on a release benchmarking node (`--profile bench-node`: cargo's release settings,
# incremental for this workspace's crates; Cargo.toml says why not `production`).
#   scripts/benchmark.sh                    # 50 steps x 20 repeats: pallet_dtao and the peers
#   STEPS=5 REPEAT=2 scripts/benchmark.sh   # a quick look (do not commit its weights)
#   SMOKE_ONLY=1 scripts/benchmark.sh       # build and smoke-test the benchmarking node only
#   RERUN=add_stake,clear_batch scripts/benchmark.sh
#                                           # rerun only these pallet_dtao benchmarks (a change
#                                           # that touched only them) and replace their functions
#                                           # in weights.rs, the rest kept as committed; the
#                                           # peers' files are kept
# One run benchmarks, on the same runtime, machine and build:
#   pallet_dtao      -> pallets/dtao/src/weights.rs       (scripts/frame-weight-template.hbs)
#   pallet_balances  -> runtime/src/weights/pallet_balances.rs   (the CLI's runtime template)
#   pallet_timestamp -> runtime/src/weights/pallet_timestamp.rs
#   pallet_sudo      -> runtime/src/weights/pallet_sudo.rs
#   pallet_asset_conversion -> docs/bench-peers/pallet_asset_conversion.rs (a record for
#                       docs/performance.md: the node is built with `bench-peers`, which adds
#                       pallet-assets and asset-conversion to the runtime it benchmarks; the
#                       runtime a chain runs never has them)
# The runtime's own files charge `T::DbWeight`, i.e. ParityDB, the node's database, where the
# SDK's shipped weights were measured on its reference machine.
# Not part of `make test`: the release node is a separate ~37 min build on 2 cores (cold), a few
# minutes after a change to the pallet (warm); the run itself is timed in docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/dtao-target}"
PROFILE=bench-node
NODE="$CARGO_TARGET_DIR/$PROFILE/dtao-node"
WASM="$CARGO_TARGET_DIR/$PROFILE/wbuild/dtao-runtime/dtao_runtime.wasm"
STEPS="${STEPS:-50}"
REPEAT="${REPEAT:-20}"
bash scripts/deps.sh
cargo build --profile "$PROFILE" -p dtao-node --features runtime-benchmarks,bench-peers
if ! python3 tests/smoke_node.py "$NODE"; then
	echo "benchmark.sh: the runtime-benchmarks node does not run a dev chain (see the log above)" >&2
	exit 1
fi
if [ -n "${SMOKE_ONLY:-}" ]; then
	echo "the runtime-benchmarks node makes blocks on --dev; SMOKE_ONLY set, no weights generated"
	exit 0
fi
bench() { # pallet output [template]
	local extra=()
	[ -n "${3:-}" ] && extra=(--template "$3")
	local start=$SECONDS
	"$NODE" benchmark pallet --runtime "$WASM" --genesis-builder runtime \
		--pallet "$1" --extrinsic '*' --steps "$STEPS" --repeat "$REPEAT" \
		"${extra[@]}" --output "$2" | tee "$CARGO_TARGET_DIR/bench-$1.txt" | grep -E "^(Pallet|Time|Median|Storage Info)" || true
	echo "benchmark.sh: $1 took $((SECONDS - start)) s at $STEPS x $REPEAT"
}
# pallet_dtao in parts, each a real run writing its own weights (with the proof sizes the CLI
# estimates from the runtime's storage metadata) and its raw results (`--json-file`, kept for
# reference): the four benchmarks whose setups fill 1,024 subnets or 256 neurons (about 25
# minutes each pair) in two concurrent processes, one per core; then every other benchmark alone,
# as the peers below. `scripts/merge_weights.py` puts the parts' functions into one weights.rs
# (weights regenerated from raw JSON with `--json-input` have no proof sizes: the JSON does not
# keep the keys a benchmark touched). A failing benchmark costs its part, not the whole run.
dtao_part() { # name extrinsics
	local start=$SECONDS
	"$NODE" benchmark pallet --runtime "$WASM" --genesis-builder runtime --pallet pallet_dtao \
		--extrinsic "$2" --steps "$STEPS" --repeat "$REPEAT" \
		--template scripts/frame-weight-template.hbs --output "$CARGO_TARGET_DIR/weights-dtao-$1.rs" \
		--json-file "$CARGO_TARGET_DIR/bench-dtao-$1.json" >"$CARGO_TARGET_DIR/bench-dtao-$1.txt" 2>&1
	echo "benchmark.sh: pallet_dtao part $1 ($2) took $((SECONDS - start)) s at $STEPS x $REPEAT"
}
rm -f "$CARGO_TARGET_DIR"/weights-dtao-*.rs
if [ -n "${RERUN:-}" ]; then
	# Two processes, one per core: RERUN's heavy benchmarks (those whose setups fill 1,024
	# subnets or 256 neurons) in one, the rest in the other. Every other function of weights.rs
	# stays as committed.
	heavy=(unstake_all set_weights register_network dissolve_network coinbase dissolve_step epoch epoch_all_validators register_neuron)
	IFS=, read -ra rerun <<<"$RERUN"
	slow=(); fast=()
	for b in "${rerun[@]}"; do
		if [[ " ${heavy[*]} " == *" $b "* ]]; then slow+=("$b"); else fast+=("$b"); fi
	done
	join() { local IFS=,; echo "$*"; }
	[ ${#slow[@]} -gt 0 ] && dtao_part rerun-slow "$(join "${slow[@]}")" &
	[ ${#fast[@]} -gt 0 ] && dtao_part rerun-fast "$(join "${fast[@]}")" &
	wait
	python3 scripts/merge_weights.py pallets/dtao/src/weights.rs pallets/dtao/src/benchmarking.rs \
		"$CARGO_TARGET_DIR"/weights-dtao-rerun-*.rs
else
	dtao_part heavy-a unstake_all,set_weights,register_network,dissolve_network &
	dtao_part heavy-b coinbase,dissolve_step,epoch,epoch_all_validators,register_neuron &
	wait
	dtao_part light add_stake,remove_stake,add_stake_limit,remove_stake_limit,move_stake,swap_stake,swap_stake_limit,transfer_stake,move_stake_limit,transfer_stake_limit,set_parameter,clear_batch
	python3 scripts/merge_weights.py --fresh pallets/dtao/src/weights.rs pallets/dtao/src/benchmarking.rs \
		"$CARGO_TARGET_DIR"/weights-dtao-{heavy-a,heavy-b,light}.rs
fi
grep -hE "^(Pallet|Time|Median)" "$CARGO_TARGET_DIR"/bench-dtao-*.txt >"$CARGO_TARGET_DIR/bench-pallet_dtao.txt" || true
if [ -n "${RERUN:-}" ]; then
	cargo fmt -p pallet-dtao 2>/dev/null || true
	echo "weights.rs regenerated with $RERUN rerun (raw results in $CARGO_TARGET_DIR/bench-*.txt)"
	exit 0
fi
mkdir -p runtime/src/weights docs/bench-peers
bench pallet_balances runtime/src/weights/pallet_balances.rs
bench pallet_timestamp runtime/src/weights/pallet_timestamp.rs
bench pallet_sudo runtime/src/weights/pallet_sudo.rs
bench pallet_asset_conversion docs/bench-peers/pallet_asset_conversion.rs
cargo fmt -p pallet-dtao 2>/dev/null || true
echo "weights written (raw results in $CARGO_TARGET_DIR/bench-*.txt)"

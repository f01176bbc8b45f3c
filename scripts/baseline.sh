#!/usr/bin/env bash
# Build the baseline runtime: the runtime as it ran before its storage layout changed
# (commit $BASELINE, spec_version 100, pallet-dtao storage version 1), the "from" side of the
# upgrade rehearsal in tests/e2e/baseline.test.mjs. Prints the path of its wasm.
#
# The commit is checked out once into a cached git worktree ($BASELINE_DIR) and built there
# with the project's own target directory, so the SDK crates (native and wasm32) are the ones
# `make test` already built: only the old pallet and runtime compile. The checkout's manifests
# (not its code) are changed so that nothing of it can stand in for the current crates: the
# runtime crate is renamed `dtao-runtime-baseline` (the wasm builder keeps one project per crate
# name under the target directory), and the pallet, its runtime API and the runtime get the
# version 0.0.100 (cargo names a path crate's artifacts by name and version, not by its
# directory, so the old pallet would otherwise overwrite the current one's).
#
# To move the baseline (after a layout change lands): set BASELINE to the last runtime that
# landed, and give the current runtime a higher spec_version (runtime/build.rs).
set -euo pipefail
cd "$(dirname "$0")/.."

BASELINE="${BASELINE:-fbd8204cb67daafbdb56dbf2cb4c4e65280a8685}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/dtao-target}"
BASELINE_DIR="${BASELINE_DIR:-$HOME/.cache/dtao-baseline/${BASELINE:0:12}}"
OUT="$CARGO_TARGET_DIR/debug/wbuild/dtao-runtime-baseline/dtao_runtime_baseline.wasm"

if [ ! -f "$BASELINE_DIR/.baseline-ready-v2" ]; then
	rm -rf "$BASELINE_DIR"
	mkdir -p "$(dirname "$BASELINE_DIR")"
	git worktree prune
	git worktree add --detach "$BASELINE_DIR" "$BASELINE" >&2
	(
		cd "$BASELINE_DIR"
		# Only the runtime (and the pallet it uses) is needed from that workspace.
		sed -i 's/^name = "dtao-runtime"$/name = "dtao-runtime-baseline"/' runtime/Cargo.toml
		for m in runtime/Cargo.toml pallets/dtao/Cargo.toml pallets/dtao/runtime-api/Cargo.toml; do
			grep -q '^version = "0.1.0"$' "$m" || { echo "baseline: $m has no version 0.1.0" >&2; exit 1; }
			sed -i 's/^version = "0.1.0"$/version = "0.0.100"/' "$m"
		done
		sed -i 's/^members = .*/members = ["pallets\/dtao", "pallets\/dtao\/runtime-api", "runtime"]/' Cargo.toml
		sed -i 's/^default-members = .*/default-members = ["runtime"]/' Cargo.toml
		sed -i 's/^dtao-runtime = { path = "runtime"/dtao-runtime = { package = "dtao-runtime-baseline", path = "runtime"/' Cargo.toml
	)
	touch "$BASELINE_DIR/.baseline-ready-v2"
fi

(cd "$BASELINE_DIR" && cargo build -p dtao-runtime-baseline >&2)
test -f "$OUT" || { echo "baseline: no wasm at $OUT" >&2; exit 1; }
echo "$OUT"

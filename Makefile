# pallet-dtao: the two commands a newcomer needs.
#   make test   the whole test suite (what CI runs)
#   make run    the main job
# Both install what is missing (system packages via apt-get, Rust targets via rust-toolchain.toml).

SHELL := /bin/bash
export CARGO_TARGET_DIR ?= $(HOME)/.cache/dtao-target
CARGO ?= cargo
PALLET_FEATURES := try-runtime,runtime-benchmarks

.PHONY: test run deps lint pallet-test wasm-check fmt

deps:
	@bash scripts/deps.sh

## The whole test suite: lints, the pallet's tests (with try_state after every test and the
## benchmarks run as tests), and a no_std build of the pallet for the runtime's wasm target.
test: deps lint pallet-test wasm-check

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy -p pallet-dtao --no-deps --features $(PALLET_FEATURES) -- -D warnings

pallet-test:
	$(CARGO) test -p pallet-dtao --features $(PALLET_FEATURES)

wasm-check:
	SKIP_WASM_BUILD=1 $(CARGO) check -p pallet-dtao --no-default-features --target wasm32v1-none

fmt:
	$(CARGO) fmt --all

run: deps
	$(CARGO) run -p pallet-dtao --example walkthrough

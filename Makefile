# pallet-dtao: the two commands a newcomer needs.
#   make run    build and start the dev node (RPC on ws://127.0.0.1:9944)
#   make test   the whole test suite (what CI runs)
# Both install what is missing (system packages via apt-get, Rust targets via rust-toolchain.toml,
# Node packages from the lockfile).

SHELL := /bin/bash
export CARGO_TARGET_DIR ?= $(HOME)/.cache/dtao-target
CARGO ?= cargo
PALLET_FEATURES := try-runtime,runtime-benchmarks
CLIPPY_FEATURES := pallet-dtao/try-runtime,pallet-dtao/runtime-benchmarks,pallet-subtensor-compat/try-runtime
NODE_BIN := $(CARGO_TARGET_DIR)/debug/dtao-node
UPGRADE_WASM := $(CARGO_TARGET_DIR)/upgrade/dtao_runtime_v102.wasm
CURRENT_WASM := $(CARGO_TARGET_DIR)/upgrade/dtao_runtime_current.wasm
BASELINE_WASM := $(CARGO_TARGET_DIR)/upgrade/dtao_runtime_baseline.wasm
SNAPSHOT := $(CARGO_TARGET_DIR)/upgrade/baseline-snapshot.json
WASM_OUT := $(CARGO_TARGET_DIR)/debug/wbuild/dtao-runtime/dtao_runtime.wasm

.PHONY: sim sim-test test run deps lint rust-test baseline upgrade-check pallet-test wasm-check runtime-test node smoke clients clients-deps e2e e2e-deps upgrade-wasm fmt fuzz

deps:
	@bash scripts/deps.sh

## The whole test suite. The Rust tests run in one cargo invocation (`rust-test`) so that the SDK
## crates build once, in one feature set, for the pallet, the runtime and the simulator; the
## pallet's no_std build is checked by the node's wasm build (`wasm-check` alone is quicker).
test: deps lint rust-test node smoke clients e2e upgrade-check ui-test
STAMP = @echo "make: $@ done at $$(date +%T)"

lint:
	$(CARGO) fmt --all -- --check
	python3 scripts/check_weights.py
	python3 scripts/call_graph.py >/dev/null
	$(CARGO) clippy -p pallet-dtao -p pallet-subtensor-compat --no-deps --features $(CLIPPY_FEATURES) -- -D warnings
	$(STAMP)

## pallet-test + runtime-test + sim-test in one cargo run (one feature set for the SDK crates).
TEST_FEATURES := pallet-dtao/try-runtime,pallet-dtao/runtime-benchmarks,dtao-runtime/try-runtime,dtao-runtime/runtime-benchmarks
RUST_TEST := SKIP_WASM_BUILD=1 $(CARGO) test -p pallet-dtao -p dtao-runtime -p dtao-sim --features $(TEST_FEATURES)
rust-test:
	$(RUST_TEST)
	$(STAMP)

## try-runtime's on-runtime-upgrade checks on the baseline chain's state that `make e2e` saved
## (the same build as rust-test: nothing recompiles).
## The snapshot is a fast-clock chain's (the e2e node), so the runtime checked against it is
## the fast-clock build (Aura's try_state compares the stored timestamp with the slot duration).
upgrade-check:
	DTAO_SNAPSHOT=$(SNAPSHOT) $(RUST_TEST) --features dtao-runtime/fast-blocks -- --ignored --nocapture try_runtime_upgrade_on_a_live_snapshot
	$(STAMP)

## The pallet: unit, property, scenario, attack and fuzz tests, try_state after every test,
## benchmarks run once each as tests.
pallet-test:
	$(CARGO) test -p pallet-dtao --features $(PALLET_FEATURES)

## A longer fuzzing run (DTAO_FUZZ_CASES sequences).
fuzz:
	DTAO_FUZZ_CASES=$${DTAO_FUZZ_CASES:-5000} $(CARGO) test -p pallet-dtao --features try-runtime random_call_sequences -- --nocapture

wasm-check:
	SKIP_WASM_BUILD=1 $(CARGO) check -p pallet-dtao --no-default-features --target wasm32v1-none

## The simulator's tests: its per-block results equal the pallet's.
sim-test:
	$(CARGO) test -p dtao-sim

## The runtime natively: presets, runtime API vs execution, a governance referendum.
runtime-test:
	SKIP_WASM_BUILD=1 $(CARGO) test -p dtao-runtime --features try-runtime

## The node, with the runtime's wasm (spec_version 101), on the fast clock (`fast-blocks`: 2 s
## blocks; the production runtime has 12 s blocks and is tested natively by rust-test).
NODE_FEATURES := --features dtao-runtime/fast-blocks
node: deps
	$(CARGO) build -p dtao-node $(NODE_FEATURES)
	$(STAMP)

smoke: node
	python3 tests/smoke_node.py $(NODE_BIN)
	$(STAMP)

## Bittensor's Python clients (btcli, the bittensor SDK; docs/clients.md) against the dev node,
## from a virtualenv with the pinned tests/clients/requirements.txt. It installs once per version
## of that file (the stamp's name carries its hash); after that `clients-deps` does nothing.
CLIENTS_VENV ?= $(HOME)/.cache/dtao-venv
CLIENTS_REQ := tests/clients/requirements.txt
CLIENTS_STAMP := $(CLIENTS_VENV)/.installed-$(shell sha256sum $(CLIENTS_REQ) | cut -c1-16)

$(CLIENTS_STAMP):
	python3 -m venv $(CLIENTS_VENV)
	$(CLIENTS_VENV)/bin/pip install --disable-pip-version-check --quiet -r $(CLIENTS_REQ)
	rm -f $(CLIENTS_VENV)/.installed-* && touch $@

clients-deps: deps $(CLIENTS_STAMP)

clients: node clients-deps
	DTAO_NODE=$(NODE_BIN) $(CLIENTS_VENV)/bin/python tests/clients/test_clients.py
	$(STAMP)

## A second runtime (spec_version 102) for the upgrade test; then the normal one is rebuilt and
## kept as the target of the upgrade from the baseline.
upgrade-wasm:
	DTAO_SPEC_VERSION=102 $(CARGO) build -p dtao-runtime $(NODE_FEATURES)
	mkdir -p $(dir $(UPGRADE_WASM)) && cp $(WASM_OUT) $(UPGRADE_WASM)
	$(CARGO) build -p dtao-node $(NODE_FEATURES)
	cp $(WASM_OUT) $(CURRENT_WASM)

## The baseline runtime (spec_version 100, storage version 1) from its commit, in a cached
## git worktree (scripts/baseline.sh): the "from" side of the upgrade rehearsal.
baseline:
	mkdir -p $(dir $(BASELINE_WASM)) && cp "$$(bash scripts/baseline.sh)" $(BASELINE_WASM)
	$(STAMP)

e2e-deps:
	cd tests/e2e && npm ci --no-audit --no-fund

e2e: node upgrade-wasm baseline e2e-deps
	cd tests/e2e && DTAO_NODE=$(NODE_BIN) DTAO_UPGRADE_WASM=$(UPGRADE_WASM) DTAO_CURRENT_WASM=$(CURRENT_WASM) \
		DTAO_BASELINE_WASM=$(BASELINE_WASM) DTAO_SNAPSHOT=$(SNAPSHOT) npm test
	$(STAMP)

fmt:
	$(CARGO) fmt --all

## The economic simulator: a year of the launch scenario (docs/economics.md).
sim:
	$(CARGO) run -p dtao-sim -- --scenario sim/scenarios/launch.toml --out sim-out

run: node
	$(NODE_BIN) --dev --rpc-cors all

## The dashboard (ui/): `make ui` builds it and serves it on http://127.0.0.1:5173, reading
## ws://127.0.0.1:9944 (the page has an endpoint field). The npm packages install when the lockfile changed.
.PHONY: ui ui-deps ui-test
UI_STAMP := ui/node_modules/.package-lock.json

# Not `npm ci`: the registry reachable here serves no other platform's optional packages
# (rollup's darwin/android builds answer 404), so the lockfile cannot list them and `npm ci`
# refuses it as out of sync. `npm install --no-save` installs exactly the locked versions and
# leaves the lockfile as it is.
$(UI_STAMP): ui/package.json ui/package-lock.json
	cd ui && npm install --no-audit --no-fund --no-save

ui-deps: $(UI_STAMP)

ui: deps ui-deps
	cd ui && npm run build && npm run serve

## The dashboard in headless Chromium (Debian's chromium, via puppeteer-core) against a live dev
## node; screenshots of each view at 1280x800 and 390x844 go to ui/artifacts/ (git-ignored).
ui-test: node ui-deps
	cd ui && npm run build && DTAO_NODE=$(NODE_BIN) npm test
	$(STAMP)

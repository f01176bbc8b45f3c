//! Chain specifications: `dev` and `local`, built from the runtime's genesis presets.

use dtao_runtime::WASM_BINARY;
use sc_service::{ChainType, Properties};

/// The chain specification of this node.
pub type ChainSpec = sc_service::GenericChainSpec;

/// Token properties so wallets show TAO with 9 decimals and the generic SS58 prefix.
fn properties() -> Properties {
	let mut p = Properties::new();
	p.insert("tokenSymbol".into(), "TAO".into());
	p.insert("tokenDecimals".into(), 9.into());
	p.insert("ss58Format".into(), 42.into());
	p
}

/// The single-validator development chain.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	Ok(development_chain_spec_on(WASM_BINARY.ok_or("the runtime wasm was not built")?))
}

/// The development chain on another runtime's `code` (`--chain dev:<file.wasm>`), its genesis
/// that runtime's own development preset: to start a chain on an older runtime and rehearse
/// the upgrade from it (`tests/e2e/baseline.test.mjs`).
pub fn development_chain_spec_on(code: &[u8]) -> ChainSpec {
	ChainSpec::builder(code, None)
		.with_name("dTAO Development")
		.with_id("dtao_dev")
		.with_chain_type(ChainType::Development)
		.with_genesis_config_preset_name(sp_genesis_builder::DEV_RUNTIME_PRESET)
		.with_properties(properties())
		.build()
}

/// The template of a live chain (the runtime's `production` preset): no sudo, no well-known
/// key. `build-spec --chain production` writes it; the operator adds its authorities and
/// endowments and starts its nodes with `--chain <spec.json>` (README, "Launching a chain").
pub fn production_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(WASM_BINARY.ok_or("the runtime wasm was not built")?, None)
		.with_name("dTAO")
		.with_id("dtao")
		.with_chain_type(ChainType::Live)
		.with_genesis_config_preset_name(dtao_runtime::genesis_config_presets::PRODUCTION_PRESET)
		.with_properties(properties())
		.build())
}

/// The four-validator local testnet (Alice, Bob, Charlie, Dave).
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(WASM_BINARY.ok_or("the runtime wasm was not built")?, None)
		.with_name("dTAO Local Testnet")
		.with_id("dtao_local")
		.with_chain_type(ChainType::Local)
		.with_genesis_config_preset_name(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

//! Genesis presets: `development` (Alice alone, with subnets, pools, stakes and EMA so emissions
//! show at once) and `local_testnet` (Alice, Bob, Charlie and Dave as Aura/GRANDPA authorities).

use crate::{AccountId, BalancesConfig, DtaoConfig, RuntimeGenesisConfig, SudoConfig, TAO};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use pallet_dtao::GenesisSubnet;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// Balance given to each endowed development account: 1,000,000 TAO.
pub const ENDOWMENT: u64 = 1_000_000 * TAO;

fn authority(k: Sr25519Keyring, e: Ed25519Keyring) -> (AuraId, GrandpaId) {
	(k.public().into(), e.public().into())
}

/// Development parameters: the spec's defaults with a tempo of 10 blocks, so a dev chain shows
/// epochs within seconds. The lock stays at its minimum of 100 TAO: the pool seed
/// (`PoolInitialTao`) is as much, and the lock can never be below the seed.
pub fn dev_params() -> pallet_dtao::Params {
	pallet_dtao::Params { default_tempo: 10, ..Default::default() }
}

/// Three subnets with pools at different prices and a starting EMA, Alice as owner, and on each
/// subnet two validators and two miners: Alice's hotkey (Alice//stash, uid 0, root stake) and
/// Bob's (Bob//stash, uid 1, alpha and root stake) validate and weight the miners, Charlie's
/// hotkey (Ferdie, uid 2) and Dave's (Dave//stash, uid 3), so every role is paid from the first
/// epoch.
fn dev_dtao() -> DtaoConfig {
	let alice = Sr25519Keyring::Alice.to_account_id();
	let alice_hot = Sr25519Keyring::AliceStash.to_account_id();
	let bob = Sr25519Keyring::Bob.to_account_id();
	let bob_hot = Sr25519Keyring::BobStash.to_account_id();
	let charlie = Sr25519Keyring::Charlie.to_account_id();
	let charlie_hot = Sr25519Keyring::Ferdie.to_account_id();
	let dave = Sr25519Keyring::Dave.to_account_id();
	let dave_hot = Sr25519Keyring::DaveStash.to_account_id();
	let subnet = |netuid: u16, tao: u64, alpha: u64| GenesisSubnet {
		netuid,
		owner: alice.clone(),
		owner_hotkey: alice_hot.clone(),
		tao_reserve: tao,
		alpha_reserve: alpha,
		ema_price: (u128::from(tao) * u128::from(pallet_dtao::math::swap::PRICE_UNIT) / u128::from(alpha)) as u64,
		tempo: None,
	};
	DtaoConfig {
		params: Some(dev_params()),
		subnets: vec![
			subnet(1, 1_000 * TAO, 1_000 * TAO),
			subnet(2, 2_000 * TAO, 1_000 * TAO),
			subnet(3, 500 * TAO, 1_000 * TAO),
		],
		neurons: [1, 2, 3]
			.into_iter()
			.flat_map(|netuid| {
				[
					(netuid, bob_hot.clone(), bob.clone()),
					(netuid, charlie_hot.clone(), charlie.clone()),
					(netuid, dave_hot.clone(), dave.clone()),
				]
			})
			.collect(),
		stakes: vec![
			(bob.clone(), bob_hot.clone(), 1, 100 * TAO),
			(bob.clone(), bob_hot.clone(), 2, 100 * TAO),
			(bob.clone(), bob_hot.clone(), 3, 100 * TAO),
			(alice.clone(), alice_hot.clone(), 0, 10_000 * TAO),
			(charlie, bob_hot.clone(), 0, 5_000 * TAO),
			(bob, bob_hot.clone(), 0, 1_000 * TAO),
		],
		// Uids 2 and 3 mine on every subnet; Alice's hotkey weights them 1:1, Bob's 2:1.
		weights: [1, 2, 3]
			.into_iter()
			.flat_map(|netuid| {
				[(netuid, alice_hot.clone(), vec![(2, 1), (3, 1)]), (netuid, bob_hot.clone(), vec![(2, 2), (3, 1)])]
			})
			.collect(),
	}
}

fn testnet_genesis(
	authorities: Vec<(AuraId, GrandpaId)>,
	endowed: Vec<AccountId>,
	root: AccountId,
	dtao: DtaoConfig,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances: endowed.iter().cloned().map(|k| (k, ENDOWMENT)).collect::<Vec<_>>() },
		aura: pallet_aura::GenesisConfig { authorities: authorities.iter().map(|x| x.0.clone()).collect::<Vec<_>>() },
		grandpa: pallet_grandpa::GenesisConfig {
			authorities: authorities.iter().map(|x| (x.1.clone(), 1)).collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: Some(root) },
		dtao,
	})
}

fn endowed() -> Vec<AccountId> {
	[
		Sr25519Keyring::Alice,
		Sr25519Keyring::Bob,
		Sr25519Keyring::Charlie,
		Sr25519Keyring::Dave,
		Sr25519Keyring::Eve,
		Sr25519Keyring::Ferdie,
		Sr25519Keyring::AliceStash,
		Sr25519Keyring::BobStash,
	]
	.into_iter()
	.map(|k| k.to_account_id())
	.collect()
}

/// The `development` preset.
pub fn development_config_genesis() -> Value {
	testnet_genesis(
		vec![authority(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		endowed(),
		Sr25519Keyring::Alice.to_account_id(),
		dev_dtao(),
	)
}

/// The `local_testnet` preset: Alice, Bob, Charlie and Dave as authorities. GRANDPA finalizes
/// with more than 2/3 of the voters, so three validators stall when one stops; with four, any
/// one may stop and the other three keep finalizing.
pub fn local_config_genesis() -> Value {
	testnet_genesis(
		vec![
			authority(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			authority(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			authority(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
			authority(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
		],
		endowed(),
		Sr25519Keyring::Alice.to_account_id(),
		dev_dtao(),
	)
}

/// The id of the production preset.
pub const PRODUCTION_PRESET: &str = "production";

/// The `production` preset: a template for a live chain. No sudo key, no authorities, no
/// endowed account, no subnet: nothing anybody else knows a key of. The operator adds the
/// authorities' session keys and the endowments to the chain spec it builds from this preset
/// (README, "Launching a chain"); pallet-dtao starts with its default parameters, root only.
pub fn production_config_genesis() -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		aura: pallet_aura::GenesisConfig { authorities: Vec::<AuraId>::new() },
		grandpa: pallet_grandpa::GenesisConfig { authorities: Vec::<(GrandpaId, u64)>::new() },
		sudo: SudoConfig { key: None },
		dtao: DtaoConfig { params: Some(pallet_dtao::Params::default()) },
	})
}

/// The preset with this id, as JSON.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		PRODUCTION_PRESET => production_config_genesis(),
		_ => return None,
	};
	serde_json::to_string(&patch).ok().map(alloc::string::String::into_bytes)
}

/// The preset ids.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(PRODUCTION_PRESET),
	]
}

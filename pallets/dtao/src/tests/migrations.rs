//! Storage migrations, on storage written in the old layout (raw keys, old types).

use crate::{
	migrations::{
		v1::ParamsV1,
		v2::{MigrateV1ToV2, ParamsV2},
		v3::MigrateV2ToV3,
		v3::ParamsV3,
		v4::MigrateV3ToV4,
		v5::MigrateV4ToV5,
		v6::{MigrateV5ToV6, SharePoolV5},
	},
	mock::*,
	pallet::*,
	types::*,
};
use codec::Encode;
use frame_support::{
	storage::unhashed,
	traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
};
use sp_runtime::Perbill;

/// Parameters a v1 chain could hold: every field off its default.
fn v1_params() -> ParamsV1 {
	ParamsV1 {
		tao_weight: Perbill::from_percent(20),
		ema_alpha: Perbill::from_parts(5_000),
		swap_fee: Perbill::from_parts(1_000_000),
		default_tempo: 99,
		min_lock_cost: 250 * TAO,
		lock_half_life: 1_000,
		max_validators: 8,
		min_validator_stake: 7 * TAO,
		registration_enabled: false,
	}
}

/// A chain as the v1 runtime left it: parameters in the v1 encoding, storage version 1.
fn as_v1() {
	settle_owed();
	unhashed::put_raw(&Parameters::<Test>::hashed_key(), &v1_params().encode());
	StorageVersion::new(1).put::<Dtao>();
}

/// Every share the epochs owe an owner moved into its position, as a runtime before v6 held
/// it (its epochs wrote the positions).
fn settle_owed() {
	for (netuid, hotkey, mut pool) in StakePools::<Test>::iter().collect::<Vec<_>>() {
		if pool.owner_owed == 0 {
			continue;
		}
		let owner = HotkeyOwner::<Test>::get(hotkey).expect("owed shares have an owner");
		let held = Stakes::<Test>::get((netuid, hotkey, owner)).expect("the owner holds a position");
		Stakes::<Test>::insert((netuid, hotkey, owner), held + pool.owner_owed);
		pool.owner_owed = 0;
		StakePools::<Test>::insert(netuid, hotkey, pool);
	}
}

/// Every subnet, share pool and position, to compare before and after a migration.
type Snapshot = (
	Vec<(NetUid, SubnetInfo<AccountId, u64>)>,
	Vec<(NetUid, AccountId, SharePool)>,
	Vec<((NetUid, AccountId, AccountId), u128)>,
);

fn snapshot() -> Snapshot {
	(Subnets::<Test>::iter().collect(), StakePools::<Test>::iter().collect(), Stakes::<Test>::iter().collect())
}

fn market() -> ExtBuilder {
	ExtBuilder::market(9)
		.with_neuron(1, BOB_HOT, BOB)
		.with_stakes(&[(BOB, BOB_HOT, 1, 10 * TAO), (CHARLIE, BOB_HOT, 0, 50 * TAO)])
}

#[test]
fn v2_appends_the_ema_cap_and_keeps_everything_else() {
	market().build_and_execute(|| {
		run_to_block(12);
		as_v1();
		let before = snapshot();
		let weight = MigrateV1ToV2::<Test>::on_runtime_upgrade();
		let stored: Option<ParamsV2> = unhashed::get(&Parameters::<Test>::hashed_key());
		assert_eq!(stored, Some(ParamsV2 { v1: v1_params(), max_ema_price: TAO }));
		assert_eq!(Dtao::on_chain_storage_version(), StorageVersion::new(2));
		// One read and one write for the parameters, plus the version guard's own.
		let db: frame_support::weights::RuntimeDbWeight =
			<<Test as frame_system::Config>::DbWeight as frame_support::traits::Get<_>>::get();
		assert_eq!(weight, db.reads_writes(2, 2));
		// Subnets, pools and positions untouched.
		assert_eq!(snapshot(), before);
		// Idempotent: at version 2 it does nothing.
		let raw = unhashed::get_raw(&Parameters::<Test>::hashed_key());
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(unhashed::get_raw(&Parameters::<Test>::hashed_key()), raw);
		// Then v3, and blocks go on with the migrated parameters.
		MigrateV2ToV3::<Test>::on_runtime_upgrade();
		run_to_block(20);
	});
}

#[test]
fn v2_on_a_chain_that_never_stored_parameters_keeps_the_defaults() {
	new_test_ext().execute_with(|| {
		unhashed::kill(&Parameters::<Test>::hashed_key());
		StorageVersion::new(1).put::<Dtao>();
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(unhashed::get_raw(&Parameters::<Test>::hashed_key()), None);
		assert_eq!(Dtao::on_chain_storage_version(), StorageVersion::new(2));
		MigrateV2ToV3::<Test>::on_runtime_upgrade();
		assert_eq!(unhashed::get_raw(&Parameters::<Test>::hashed_key()), None);
		assert_eq!(Dtao::on_chain_storage_version(), StorageVersion::new(3));
		MigrateV3ToV4::<Test>::on_runtime_upgrade();
		MigrateV4ToV5::<Test>::on_runtime_upgrade();
		MigrateV5ToV6::<Test>::on_runtime_upgrade();
		assert_eq!(unhashed::get_raw(&Parameters::<Test>::hashed_key()), None);
		assert_eq!(Parameters::<Test>::get(), Params::default());
		assert_eq!(Dtao::on_chain_storage_version(), StorageVersion::new(6));
	});
}

#[test]
#[cfg(feature = "try-runtime")]
fn v2_try_runtime_checks_pass_on_v1_state() {
	market().build_and_execute(|| {
		run_to_block(12);
		as_v1();
		// pre_upgrade reads the old parameters and counts; post_upgrade compares (v3's also
		// runs try_state), as the runtime's `Migrations` tuple runs them.
		<(MigrateV1ToV2<Test>, MigrateV2ToV3<Test>, MigrateV3ToV4<Test>, MigrateV4ToV5<Test>, MigrateV5ToV6<Test>)>::try_on_runtime_upgrade(
			true,
		)
		.expect("v2 to v6 checks pass");
		assert_eq!(Parameters::<Test>::get().min_lock_cost, 250 * TAO);
		assert_eq!(Parameters::<Test>::get().immunity_period, Params::default().immunity_period);
	});
}

#[test]
fn a_new_chain_starts_at_the_current_storage_version() {
	new_test_ext().execute_with(|| {
		assert_eq!(Dtao::on_chain_storage_version(), StorageVersion::new(6));
		assert_eq!(Dtao::in_code_storage_version(), StorageVersion::new(6));
	});
}

/// A chain as the v2 runtime left it: parameters in the v2 encoding, no neuron states,
/// storage version 2.
fn as_v2() -> ParamsV2 {
	settle_owed();
	let old = ParamsV2::from(v1_params());
	unhashed::put_raw(&Parameters::<Test>::hashed_key(), &old.encode());
	let _ = NeuronStates::<Test>::clear(u32::MAX, None);
	StorageVersion::new(2).put::<Dtao>();
	old
}

#[test]
fn v3_appends_the_burn_parameters_and_dates_every_neuron() {
	market().with_neuron(1, CHARLIE_HOT, CHARLIE).build_and_execute(|| {
		run_to_block(12);
		let old = as_v2();
		let before = snapshot();
		let neurons: Vec<_> = Neurons::<Test>::iter().collect();
		let weight = MigrateV2ToV3::<Test>::on_runtime_upgrade();
		// (In v3's layout, which v5 translates.)
		let p: ParamsV3 = unhashed::get(&Parameters::<Test>::hashed_key()).expect("v3 parameters");
		assert_eq!(
			(p.v2.v1.min_lock_cost, p.v2.v1.default_tempo, p.v2.v1.registration_enabled),
			(old.v1.min_lock_cost, 99, false)
		);
		let d = Params::default();
		assert_eq!(
			(p.min_burn, p.max_burn, p.target_registrations, p.adjustment_interval, p.immunity_period),
			(d.min_burn, d.max_burn, d.target_registrations, d.adjustment_interval, d.immunity_period)
		);
		// Each of subnet 1's three neurons: registered with the subnet (genesis, block 0), score 0.
		// (In v3's layout, which v4 translates.)
		let raw =
			frame_support::storage::unhashed::get::<Vec<crate::migrations::v3::NeuronStateV3<u64>>>(&NeuronStates::<
				Test,
			>::hashed_key_for(
				1
			));
		assert_eq!(raw, Some(vec![crate::migrations::v3::NeuronStateV3 { registered_at: 0, pruning_score: 0 }; 3]));
		assert_eq!(Dtao::on_chain_storage_version(), StorageVersion::new(3));
		// Parameters (1 read, 1 write), one subnet (2 reads, 1 write), the version guard (1, 1).
		let db: frame_support::weights::RuntimeDbWeight =
			<<Test as frame_system::Config>::DbWeight as frame_support::traits::Get<_>>::get();
		assert_eq!(weight, db.reads_writes(4, 3));
		assert_eq!(snapshot(), before);
		assert_eq!(Neurons::<Test>::iter().collect::<Vec<_>>(), neurons);
		// Idempotent.
		let raw = unhashed::get_raw(&Parameters::<Test>::hashed_key());
		MigrateV2ToV3::<Test>::on_runtime_upgrade();
		assert_eq!(unhashed::get_raw(&Parameters::<Test>::hashed_key()), raw);
		run_to_block(20);
	});
}

#[test]
#[cfg(feature = "try-runtime")]
fn v3_try_runtime_checks_pass_on_v2_state() {
	market().build_and_execute(|| {
		run_to_block(12);
		as_v2();
		<(MigrateV2ToV3<Test>, MigrateV3ToV4<Test>, MigrateV4ToV5<Test>, MigrateV5ToV6<Test>)>::try_on_runtime_upgrade(
			true,
		)
		.expect("v3 to v6 checks pass");
		assert_eq!(NeuronStates::<Test>::decode_len(1), Neurons::<Test>::decode_len(1));
	});
}

/// A chain as the v3 runtime left it: positions without the coldkey index, share pools and
/// neuron states in v3's layout (what v3 paid had vested at once), storage version 3.
fn as_v3() {
	use crate::migrations::v3::{NeuronStateV3, SharePoolV3};
	use frame_support::storage::unhashed;
	settle_owed();
	let _ = ColdkeyPositions::<Test>::clear(u32::MAX, None);
	for (netuid, hotkey, pool) in StakePools::<Test>::iter() {
		unhashed::put(
			&StakePools::<Test>::hashed_key_for(netuid, &hotkey),
			&SharePoolV3 { value: pool.value, shares: pool.shares },
		);
	}
	for (netuid, states) in NeuronStates::<Test>::iter() {
		let old: Vec<NeuronStateV3<u64>> = states
			.iter()
			.map(|s| NeuronStateV3 { registered_at: s.registered_at, pruning_score: s.pruning_score })
			.collect();
		unhashed::put(&NeuronStates::<Test>::hashed_key_for(netuid), &old);
	}
	StorageVersion::new(3).put::<Dtao>();
}

#[test]
fn v4_indexes_positions_and_adds_vesting_and_stake_time() {
	market().with_neuron(1, CHARLIE_HOT, CHARLIE).build_and_execute(|| {
		run_to_block(12);
		let indexed: Vec<_> = ColdkeyPositions::<Test>::iter_keys().collect();
		// The market's stakers, Charlie's neuron's owner stake and the subnet owner's.
		let positions = u64::try_from(Stakes::<Test>::iter_keys().count()).expect("fits");
		assert_eq!(u64::try_from(indexed.len()).expect("fits"), positions);
		assert!(positions >= 2);
		// The positions as a v3 chain held them (its epochs wrote every owner's shares).
		settle_owed();
		let pools: Vec<_> = StakePools::<Test>::iter().map(|(n, h, p)| (n, h, p.value, p.shares)).collect();
		let states = NeuronStates::<Test>::get(1);
		let (subnets, stakes) =
			(Subnets::<Test>::iter().collect::<Vec<_>>(), Stakes::<Test>::iter().collect::<Vec<_>>());
		as_v3();
		let weight = MigrateV3ToV4::<Test>::on_runtime_upgrade();
		assert_eq!(Dtao::on_chain_storage_version(), StorageVersion::new(4));
		MigrateV4ToV5::<Test>::on_runtime_upgrade();
		let mut after: Vec<_> = ColdkeyPositions::<Test>::iter_keys().collect();
		let mut expected = indexed;
		after.sort();
		expected.sort();
		assert_eq!(after, expected);
		// Every pool keeps its value and shares, nothing unvested, its stake-time starting now.
		let migrated: Vec<_> = StakePools::<Test>::iter().collect();
		assert_eq!(migrated.iter().map(|(n, h, p)| (*n, *h, p.value, p.shares)).collect::<Vec<_>>(), pools);
		for (_, _, p) in &migrated {
			assert_eq!((p.unvested, p.stake_blocks, p.updated), (0, 0, 12));
		}
		// Every neuron keeps its registration and score, its root mark now.
		let migrated_states = NeuronStates::<Test>::get(1);
		assert_eq!(migrated_states.len(), states.len());
		for (new, old) in migrated_states.iter().zip(states.iter()) {
			assert_eq!((new.registered_at, new.pruning_score), (old.registered_at, old.pruning_score));
			assert_eq!((new.root_mark.stake_blocks, new.root_mark.at, new.root_stake), (0, 12, 0));
		}
		assert_eq!(Subnets::<Test>::iter().collect::<Vec<_>>(), subnets);
		assert_eq!(Stakes::<Test>::iter().collect::<Vec<_>>(), stakes);
		// One read and one write per position, per share pool and per subnet's neuron states,
		// plus the version guard's own.
		let db: frame_support::weights::RuntimeDbWeight =
			<<Test as frame_system::Config>::DbWeight as frame_support::traits::Get<_>>::get();
		let items = positions + u64::try_from(pools.len()).expect("fits") + 1;
		assert_eq!(weight, db.reads_writes(items + 1, items + 1));
		// Idempotent.
		assert_eq!(MigrateV3ToV4::<Test>::on_runtime_upgrade(), db.reads(1));
		run_to_block(20);
	});
}

#[test]
#[cfg(feature = "try-runtime")]
fn v4_try_runtime_checks_pass_on_v3_state_and_fail_without_the_step() {
	market().build_and_execute(|| {
		run_to_block(12);
		as_v3();
		// Without the index, the invariants name what is missing.
		assert!(Dtao::do_try_state().is_err());
		<(MigrateV3ToV4<Test>, MigrateV4ToV5<Test>, MigrateV5ToV6<Test>)>::try_on_runtime_upgrade(true)
			.expect("v4 to v6 checks pass");
		Dtao::do_try_state().expect("invariants hold after v4");
	});
}

/// Parameters as the v3 and v4 runtimes left them, every field off its default.
fn v3_params() -> ParamsV3 {
	let mut p = ParamsV3::from(ParamsV2::from(v1_params()));
	p.immunity_period = 33;
	p.max_burn = 77 * TAO;
	p
}

#[test]
fn v5_appends_the_quorum_warmup_and_dissolve_delay_and_keeps_everything_else() {
	market().build_and_execute(|| {
		run_to_block(12);
		unhashed::put_raw(&Parameters::<Test>::hashed_key(), &v3_params().encode());
		StorageVersion::new(4).put::<Dtao>();
		let before = snapshot();
		let weight = MigrateV4ToV5::<Test>::on_runtime_upgrade();
		assert_eq!(Dtao::on_chain_storage_version(), StorageVersion::new(5));
		let p = Parameters::<Test>::get();
		let d = Params::default();
		assert_eq!((p.immunity_period, p.max_burn, p.min_lock_cost, p.default_tempo), (33, 77 * TAO, 250 * TAO, 99));
		assert_eq!(
			(p.weights_quorum, p.ema_warmup, p.dissolve_delay),
			(d.weights_quorum, d.ema_warmup, d.dissolve_delay)
		);
		// Every old field kept: the new layout's prefix is the old encoding.
		assert_eq!(p.encode()[..v3_params().encode().len()], v3_params().encode()[..]);
		let db: frame_support::weights::RuntimeDbWeight =
			<<Test as frame_system::Config>::DbWeight as frame_support::traits::Get<_>>::get();
		assert_eq!(weight, db.reads_writes(2, 2));
		assert_eq!(snapshot(), before);
		// Idempotent.
		assert_eq!(MigrateV4ToV5::<Test>::on_runtime_upgrade(), db.reads(1));
		assert_eq!(Parameters::<Test>::get(), p);
		// Parameters that do not decode as v3 are left alone, the version stays at 4.
		unhashed::put_raw(&Parameters::<Test>::hashed_key(), &[1, 2, 3]);
		StorageVersion::new(4).put::<Dtao>();
		MigrateV4ToV5::<Test>::on_runtime_upgrade();
		assert_eq!(unhashed::get_raw(&Parameters::<Test>::hashed_key()), Some(vec![1, 2, 3]));
		assert_eq!(Dtao::on_chain_storage_version(), StorageVersion::new(4));
	});
}

/// A chain as the v5 runtime left it: every share pool in v5's layout (no `owner_owed`: its
/// epochs wrote the owners' positions), storage version 5.
fn as_v5() -> Vec<(NetUid, AccountId, SharePoolV5)> {
	settle_owed();
	let mut pools = Vec::new();
	for (netuid, hotkey, p) in StakePools::<Test>::iter().collect::<Vec<_>>() {
		let old = SharePoolV5 {
			value: p.value,
			shares: p.shares,
			unvested: p.unvested,
			vest_from: p.vest_from,
			vest_until: p.vest_until,
			stake_blocks: p.stake_blocks,
			updated: p.updated,
		};
		unhashed::put(&StakePools::<Test>::hashed_key_for(netuid, hotkey), &old);
		pools.push((netuid, hotkey, old));
	}
	StorageVersion::new(5).put::<Dtao>();
	pools
}

#[test]
fn v6_gives_every_share_pool_nothing_owed_and_keeps_everything_else() {
	market().with_neuron(1, CHARLIE_HOT, CHARLIE).build_and_execute(|| {
		// Epochs have paid (pools with unvested dividends and stake-time) by block 40.
		run_to_block(40);
		let old = as_v5();
		assert!(old.len() >= 3);
		assert!(old.iter().any(|(_, _, p)| p.unvested > 0), "a pool mid-vesting is migrated");
		let positions: Vec<_> = Stakes::<Test>::iter().collect();
		let weight = MigrateV5ToV6::<Test>::on_runtime_upgrade();
		assert_eq!(Dtao::on_chain_storage_version(), StorageVersion::new(6));
		for (netuid, hotkey, o) in &old {
			let p = StakePools::<Test>::get(netuid, hotkey).expect("every pool decodes");
			assert_eq!(
				(p.value, p.shares, p.unvested, p.vest_from, p.vest_until, p.stake_blocks, p.updated, p.owner_owed),
				(o.value, o.shares, o.unvested, o.vest_from, o.vest_until, o.stake_blocks, o.updated, 0)
			);
		}
		assert_eq!(Stakes::<Test>::iter().collect::<Vec<_>>(), positions);
		let db: frame_support::weights::RuntimeDbWeight =
			<<Test as frame_system::Config>::DbWeight as frame_support::traits::Get<_>>::get();
		let n = u64::try_from(old.len()).expect("fits");
		assert_eq!(weight, db.reads_writes(n + 1, n + 1));
		Dtao::do_try_state().expect("invariants hold after v6");
		// Idempotent.
		assert_eq!(MigrateV5ToV6::<Test>::on_runtime_upgrade(), db.reads(1));
		// Blocks go on: the next epochs owe the owners their shares again.
		run_to_block(80);
		assert!(StakePools::<Test>::iter_values().any(|p| p.owner_owed > 0));
	});
}

#[test]
#[cfg(feature = "try-runtime")]
fn v6_try_runtime_checks_pass_on_v5_state() {
	market().with_neuron(1, CHARLIE_HOT, CHARLIE).build_and_execute(|| {
		run_to_block(40);
		as_v5();
		MigrateV5ToV6::<Test>::try_on_runtime_upgrade(true).expect("v6's checks and try_state pass");
	});
}

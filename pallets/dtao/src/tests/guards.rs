//! No free calls, no dust, no reserved accounts, a safe `on_idle`, governance within bounds,
//! and migrations that fail loudly (issue "a chain that could go live", pallet side). The same
//! rules through the transaction path (fees read from balances) are in the runtime's tests.

use crate::{
	migrations::{v2::MigrateV1ToV2, v3::MigrateV2ToV3},
	mock::*,
	pallet::*,
	types::*,
	Error, Event, WeightInfo,
};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::Pays,
	storage::unhashed,
	traits::{GetStorageVersion, Hooks, OnRuntimeUpgrade, StorageVersion},
};
use sp_runtime::Perbill;

const MIN: u64 = 500_000;

/// Subnet 1 (tempo 9) with Bob's neuron and 10 alpha of Bob's stake under it.
fn staked() -> ExtBuilder {
	ExtBuilder::market(9).with_neuron(1, BOB_HOT, BOB).with_stakes(&[(BOB, BOB_HOT, 1, 10 * TAO)])
}

#[test]
fn a_dissolve_step_of_zero_positions_is_refused_and_a_step_is_free_only_when_it_pays() {
	staked().with_stakes(&[(CHARLIE, BOB_HOT, 1, 10 * TAO)]).build_and_execute(|| {
		assert_ok!(Dtao::dissolve_network(RuntimeOrigin::root(), 1, Dtao::neuron_count(1)));
		// Zero positions: an error (which pays its fee), nothing changed.
		assert_noop!(Dtao::dissolve_step(RuntimeOrigin::signed(POOR), 1, 0), Error::<Test>::EmptyDissolveStep);
		// A step that pays a position is free.
		let info = Dtao::dissolve_step(RuntimeOrigin::signed(POOR), 1, 1).expect("step");
		assert_eq!(info.pays_fee, Pays::No);
		assert_eq!(Dissolving::<Test>::get(1).map(|d| d.positions_paid), Some(1));
		// Not dissolving: an error.
		assert_noop!(Dtao::dissolve_step(RuntimeOrigin::signed(POOR), 5, 1), Error::<Test>::NotDissolving);
	});
}

#[test]
fn moves_and_transfers_leave_no_dust_and_no_stake_for_the_pallet_account() {
	staked().build_and_execute(|| {
		let bob = || RuntimeOrigin::signed(BOB);
		let all = stake(BOB, BOB_HOT, 1);
		// Leaving 1 rao behind in the source: refused.
		assert_noop!(Dtao::transfer_stake(bob(), CHARLIE, BOB_HOT, 1, 1, all - 1), Error::<Test>::DustLeftBehind);
		assert_noop!(Dtao::move_stake(bob(), BOB_HOT, ALICE_HOT, 1, 1, all - MIN + 1), Error::<Test>::DustLeftBehind);
		// Sending less than `MinStake` to a new position: refused (a 1-rao gift cannot be made).
		assert_noop!(Dtao::transfer_stake(bob(), CHARLIE, BOB_HOT, 1, 1, 1), Error::<Test>::AmountTooLow);
		assert_noop!(Dtao::transfer_stake(bob(), CHARLIE, BOB_HOT, 1, 1, MIN - 1), Error::<Test>::AmountTooLow);
		// The pallet's account cannot hold stake.
		assert_noop!(
			Dtao::transfer_stake(bob(), Dtao::account_id(), BOB_HOT, 1, 1, TAO),
			Error::<Test>::ReservedAccount
		);
		// At the bounds: exactly `MinStake` moves, exactly `MinStake` stays.
		assert_ok!(Dtao::transfer_stake(bob(), CHARLIE, BOB_HOT, 1, 1, MIN));
		assert_eq!(stake(CHARLIE, BOB_HOT, 1), MIN);
		let left = stake(BOB, BOB_HOT, 1);
		assert_ok!(Dtao::move_stake(bob(), BOB_HOT, ALICE_HOT, 1, 1, left - MIN));
		assert_eq!(stake(BOB, BOB_HOT, 1), MIN);
		// Emptying the source is always allowed.
		assert_ok!(Dtao::transfer_stake(bob(), CHARLIE, BOB_HOT, 1, 1, MIN));
		assert_eq!(stake(BOB, BOB_HOT, 1), 0);
	});
}

#[test]
fn unstake_all_is_charged_for_the_subnets_it_looked_at_even_when_it_fails() {
	staked().build_and_execute(|| {
		let err = Dtao::unstake_all(RuntimeOrigin::signed(CHARLIE), BOB_HOT).expect_err("nothing staked");
		assert_eq!(err.error, Error::<Test>::NoStakeToRemove.into());
		// Root and subnet 1: two subnets looked at, not `MaxSubnets`.
		assert_eq!(err.post_info.actual_weight, Some(<Test as Config>::WeightInfo::unstake_all(2)));
		let ok = Dtao::unstake_all(RuntimeOrigin::signed(BOB), BOB_HOT).expect("unstaked");
		assert_eq!(ok.actual_weight, Some(<Test as Config>::WeightInfo::unstake_all(2)));
		// Declared (what the block and the fee see before it runs) by the same count, so a
		// chain with few subnets can include it in a small block.
		use frame_support::dispatch::GetDispatchInfo;
		let call = crate::Call::<Test>::unstake_all { hotkey: BOB_HOT };
		assert_eq!(call.get_dispatch_info().call_weight, <Test as Config>::WeightInfo::unstake_all(2));
	});
}

#[test]
fn on_idle_goes_round_robin_and_a_failing_subnet_blocks_no_other() {
	staked()
		.with_market(2, 1_000 * TAO, 1_000 * TAO, TAO, 9)
		.with_neuron(2, BOB_HOT, BOB)
		.with_stakes(&[(BOB, BOB_HOT, 2, 10 * TAO), (CHARLIE, BOB_HOT, 2, 10 * TAO), (CHARLIE, BOB_HOT, 1, 10 * TAO)])
		.build_and_execute(|| {
			MaxIdleDissolve::set(1);
			assert_ok!(Dtao::dissolve_network(RuntimeOrigin::root(), 1, Dtao::neuron_count(1)));
			assert_ok!(Dtao::dissolve_network(RuntimeOrigin::root(), 2, Dtao::neuron_count(2)));
			// Subnet 1's payout is broken: what it owes cannot be paid or recycled.
			Dissolving::<Test>::mutate(1, |d| {
				if let Some(d) = d {
					d.pool_tao = u64::MAX;
					d.alpha_issuance = 1;
				}
			});
			let broken = Dissolving::<Test>::get(1);
			let mut failed = 0;
			for _ in 0..12 {
				let now = System::block_number();
				Dtao::on_idle(now, IdleWeight::get());
				failed += dtao_events()
					.into_iter()
					.filter(|e| matches!(e, Event::DissolveStepFailed { netuid: 1, .. }))
					.count();
				System::reset_events();
				System::set_block_number(now + 1);
			}
			// Subnet 2 was paid out in full, one position a block, between subnet 1's failures;
			// subnet 1's failed steps were rolled back whole.
			assert!(!Dtao::is_dissolving(2), "subnet 2 finished");
			assert!(failed >= 3, "subnet 1 was tried and reported: {failed}");
			assert_eq!(Dissolving::<Test>::get(1), broken);
			assert!(Stakes::<Test>::iter_prefix((1,)).count() >= 2);
		});
}

#[test]
fn governance_parameters_are_bounded() {
	staked().build_and_execute(|| {
		let set = |u| Dtao::set_parameter(RuntimeOrigin::root(), u);
		let invalid = || Error::<Test>::InvalidParameter;
		assert_noop!(set(ParamUpdate::DefaultTempo(0)), invalid());
		assert_noop!(set(ParamUpdate::SubnetTempo { netuid: 1, tempo: 0 }), invalid());
		assert_noop!(set(ParamUpdate::EmaAlpha(Perbill::from_percent(100))), invalid());
		assert_noop!(set(ParamUpdate::EmaAlpha(Perbill::from_parts(10_000_001))), invalid());
		assert_noop!(set(ParamUpdate::LockHalfLife(0)), invalid());
		assert_noop!(set(ParamUpdate::MaxBurn(Parameters::<Test>::get().min_burn - 1)), invalid());
		assert_noop!(set(ParamUpdate::MinBurn(Parameters::<Test>::get().max_burn + 1)), invalid());
		assert_ok!(set(ParamUpdate::EmaAlpha(Perbill::from_percent(1))));
		assert_ok!(set(ParamUpdate::DefaultTempo(1)));
		assert_ok!(set(ParamUpdate::LockHalfLife(1)));
	});
}

#[test]
fn a_migration_that_cannot_read_the_old_layout_writes_nothing_and_keeps_the_version() {
	new_test_ext().execute_with(|| {
		let key = Parameters::<Test>::hashed_key();
		// Three bytes: not a v1 (or v2) encoding of the parameters.
		unhashed::put_raw(&key, &[1, 2, 3]);
		StorageVersion::new(1).put::<Dtao>();
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(Dtao::on_chain_storage_version(), StorageVersion::new(1));
		assert_eq!(unhashed::get_raw(&key), Some(vec![1, 2, 3]));
		// v3 does not run at version 1.
		MigrateV2ToV3::<Test>::on_runtime_upgrade();
		assert_eq!(Dtao::on_chain_storage_version(), StorageVersion::new(1));
		// At version 2 with undecodable parameters, v3 writes nothing either.
		StorageVersion::new(2).put::<Dtao>();
		let _ = NeuronStates::<Test>::clear(u32::MAX, None);
		MigrateV2ToV3::<Test>::on_runtime_upgrade();
		assert_eq!(Dtao::on_chain_storage_version(), StorageVersion::new(2));
		assert_eq!(unhashed::get_raw(&key), Some(vec![1, 2, 3]));
		assert_eq!(NeuronStates::<Test>::iter().count(), 0);
	});
}

#[test]
#[cfg(feature = "try-runtime")]
fn try_runtime_fails_loudly_on_parameters_that_do_not_decode() {
	new_test_ext().execute_with(|| {
		unhashed::put_raw(&Parameters::<Test>::hashed_key(), &[1, 2, 3]);
		StorageVersion::new(1).put::<Dtao>();
		assert!(MigrateV1ToV2::<Test>::try_on_runtime_upgrade(true).is_err());
		StorageVersion::new(2).put::<Dtao>();
		assert!(MigrateV2ToV3::<Test>::try_on_runtime_upgrade(true).is_err());
	});
}

/// The storage a closure reads, as the size of its proof (every trie node it touched).
fn proof_size<R>(ext: &mut sp_io::TestExternalities, read: impl FnOnce() -> R) -> (R, usize) {
	ext.commit_all().expect("commit");
	let (out, proof) = ext.execute_and_prove(read);
	(out, codec::Encode::encoded_size(&proof))
}

#[test]
fn a_coldkeys_stakes_are_read_without_scanning_other_coldkeys_positions() {
	let mine = [(CHARLIE, BOB_HOT, 1, 10 * TAO), (CHARLIE, BOB_HOT, 0, 5 * TAO)];
	let mut alone = staked().with_stakes(&mine).build();
	let others: Vec<(AccountId, AccountId, NetUid, u64)> =
		(0..10_000u64).map(|i| (10_000 + i, BOB_HOT, if i % 2 == 0 { 0 } else { 1 }, MIN)).collect();
	let mut crowded = staked().with_stakes(&mine).with_stakes(&others).build();

	let (few, small) = proof_size(&mut alone, || Dtao::stakes_of(&CHARLIE));
	let (many, large) = proof_size(&mut crowded, || Dtao::stakes_of(&CHARLIE));
	crowded.execute_with(|| assert_eq!(Stakes::<Test>::iter_keys().count(), 10_003));
	// Charlie's two positions, the same either way (the pool values differ by the others'
	// stake, not Charlie's amounts).
	assert_eq!(few.len(), 2);
	assert_eq!(many.iter().map(|s| (s.netuid, s.hotkey)).collect::<Vec<_>>(), vec![(0, BOB_HOT), (1, BOB_HOT)]);
	// What a scan of every position reads, for contrast.
	let (_, scan) = proof_size(&mut crowded, || Stakes::<Test>::iter().filter(|((_, _, c), _)| *c == CHARLIE).count());
	println!("stakes_of(CHARLIE): {small} bytes read beside 3 positions, {large} beside 10,003; a scan reads {scan}");
	// The query grows only by the trie's depth, not with the 10,000 positions: measured, 1,577
	// bytes beside 3 positions and 6,380 beside 10,003 (each of the ~4 reads passes about one
	// more 16-way branch node, ~530 bytes, per power of 16); a scan reads every position
	// (881,108 bytes).
	assert!(large < 5 * small, "{large} vs {small}");
	assert!(scan > 100 * large, "{scan} vs {large}");
}

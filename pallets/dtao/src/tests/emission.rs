//! Emissions: the coinbase, epochs and payouts, with numbers worked out by hand.

use crate::{
	math::emission::{self, block_emission, inject, root_alpha, split_rewards, SUPPLY_CAP},
	math::swap::Pool,
	math::tempo::epoch_due,
	mock::*,
	pallet::*,
	types::*,
	EpochPayout, Event,
};
use frame_support::{assert_noop, assert_ok};
use proptest::prelude::*;
use sp_runtime::Perbill;

#[test]
fn halving_by_issuance_is_exact() {
	assert_eq!(block_emission(0), TAO);
	assert_eq!(block_emission(10_500_000 * TAO - 1), TAO);
	// First halving at 10.5M TAO issued.
	assert_eq!(block_emission(10_500_000 * TAO), TAO / 2);
	assert_eq!(block_emission(15_750_000 * TAO - 1), TAO / 2);
	assert_eq!(block_emission(15_750_000 * TAO), TAO / 4);
	assert_eq!(block_emission(SUPPLY_CAP - 1), 0);
	assert_eq!(block_emission(SUPPLY_CAP), 0);
	assert_eq!(block_emission(u64::MAX), 0);
}

#[test]
fn two_subnets_with_ema_one_to_two_get_a_third_and_two_thirds() {
	ExtBuilder::market(360).with_market(2, 1_000 * TAO, 500 * TAO, 2 * TAO, 360).build_and_execute(|| {
		let issuance = Balances::total_issuance();
		run_to_block(2);
		// E = 1 TAO; shares floor(1e9 * 1/3) and floor(1e9 * 2/3).
		let (a, b) = (subnet(1).last_block, subnet(2).last_block);
		assert_eq!((a.tao_in, b.tao_in), (333_333_333, 666_666_666));
		// Price-neutral: alpha = tao * A / T: 333_333_333 at price 1, 333_333_333 at price 2.
		assert_eq!((a.alpha_in, b.alpha_in), (333_333_333, 333_333_333));
		assert_eq!(subnet(1).pool, Pool { tao: 1_000 * TAO + 333_333_333, alpha: 1_000 * TAO + 333_333_333 });
		assert_eq!(subnet(2).pool, Pool { tao: 1_000 * TAO + 666_666_666, alpha: 500 * TAO + 333_333_333 });
		assert_eq!(Balances::total_issuance(), issuance + 999_999_999);
		assert_eq!(BlockMinted::<Test>::get(), 999_999_999);
	});
}

#[test]
fn injection_leaves_the_price_unchanged() {
	ExtBuilder::default()
		.with_market(1, 777_777 * TAO + 12_345, 333_333 * TAO + 678, 2_333_333_000, 360)
		.with_market(2, 3 * TAO + 7, 11 * TAO + 5, 272_727_000, 360)
		.build_and_execute(|| {
			for block in 2..30 {
				let before = (subnet(1).pool, subnet(2).pool);
				run_to_block(block);
				let after = (subnet(1).pool, subnet(2).pool);
				for (b, a) in [(before.0, after.0), (before.1, after.1)] {
					// Injection adds both sides, and the wire price does not move by one unit.
					assert!(a.tao > b.tao && a.alpha > b.alpha);
					assert_eq!(a.price(), b.price());
				}
			}
		});
}

#[test]
fn the_cap_binds_at_a_low_price_and_tao_is_cut() {
	ExtBuilder::default().with_market(1, 100 * TAO, 1_000 * TAO, 100_000_000, 360).build_and_execute(|| {
		let issuance = Balances::total_issuance();
		run_to_block(2);
		// The only subnet gets E = 1 TAO; at price 0.1 that would need 10 alpha > 1 alpha cap:
		// alpha_in = 1 alpha, tao_in = 1 * 0.1 = 0.1 TAO; the other 0.9 TAO is never minted.
		let b = subnet(1).last_block;
		assert_eq!((b.tao_in, b.alpha_in), (100_000_000, TAO));
		assert_eq!(Balances::total_issuance(), issuance + 100_000_000);
		assert_eq!(subnet(1).pool.price(), Some(100_000_000));
	});
}

#[test]
fn the_block_emission_halves_at_10_5m_tao_issued() {
	let mut ext = ExtBuilder::market(360).build();
	ext.execute_with(|| {
		// Top issuance up to exactly 10.5M TAO.
		let issuance = Balances::total_issuance();
		assert_ok!(<Balances as frame_support::traits::fungible::Mutate<_>>::mint_into(
			&99,
			10_500_000 * TAO - issuance
		));
		run_to_block(2);
		assert_eq!(subnet(1).last_block.tao_in, TAO / 2);
		assert_eq!(Balances::total_issuance(), 10_500_000 * TAO + TAO / 2);
	});
}

#[test]
fn a_pumped_price_moves_the_ema_no_faster_than_a_price_of_one() {
	// Subnet 1 at 10,000 TAO per alpha, subnet 2 at exactly 1.0, subnet 3 at 0.5; EMAs at 0,
	// so no TAO is injected and the prices stay put. With `MaxEmaPrice` 1.0 the pumped subnet's
	// EMA follows min(10,000, 1.0) = 1.0: the same as subnet 2's, to the bit. One step from 0 is
	// a * 1.0 = 3e-6 (3_000 parts per billion of 2^32: 12_884 bits, rounded down).
	ExtBuilder::default()
		.with_market(1, 10_000_000 * TAO, 1_000 * TAO, 0, 0)
		.with_market(2, 1_000 * TAO, 1_000 * TAO, 0, 0)
		.with_market(3, 500 * TAO, 1_000 * TAO, 0, 0)
		.build_and_execute(|| {
			run_to_block(2);
			assert_eq!(subnet(1).ema_price, 12_884);
			assert_eq!(subnet(2).ema_price, 12_884);
			assert_eq!(subnet(3).ema_price, 6_442);
			run_to_block(50);
			assert_eq!(subnet(1).ema_price, subnet(2).ema_price);
			assert!(subnet(3).ema_price < subnet(2).ema_price);
			// Governance may lift the cap: then the pumped price pulls the EMA 10,000x harder.
			assert_ok!(Dtao::set_parameter(RuntimeOrigin::root(), ParamUpdate::MaxEmaPrice(1_000_000 * TAO)));
			let (before1, before2) = (subnet(1).ema_price, subnet(2).ema_price);
			run_to_block(51);
			assert!(subnet(1).ema_price - before1 > 9_000 * (subnet(2).ema_price - before2));
			assert_noop!(
				Dtao::set_parameter(RuntimeOrigin::root(), ParamUpdate::MaxEmaPrice(0)),
				crate::Error::<Test>::InvalidParameter
			);
		});
}

#[test]
fn reward_split_and_root_blending_worked_example() {
	// alpha_out = 1: owner 0.18, miners 0.41, validators 0.41.
	assert_eq!(split_rewards(TAO, Perbill::from_percent(18)), (180_000_000, 410_000_000, 410_000_000));
	// Root 6M TAO, tw 0.18, alpha outside the pool 1M: root_prop = 1.08M / 2.08M = 0.51923...;
	// root's part of the validators' 0.41: floor(0.41e9 * 1.08 / 2.08) = 212_884_615.
	assert_eq!(root_alpha(410_000_000, Perbill::from_percent(18), 6_000_000 * TAO, 1_000_000 * TAO), 212_884_615);
	// root_prop = 0 without root stake or with tw = 0; near 1 when little alpha is out.
	assert_eq!(root_alpha(410_000_000, Perbill::from_percent(18), 0, 1_000 * TAO), 0);
	assert_eq!(root_alpha(410_000_000, Perbill::zero(), 6_000_000 * TAO, 1_000 * TAO), 0);
	let early = root_alpha(410_000_000, Perbill::from_percent(18), 6_000_000 * TAO, TAO);
	// 1.08M / (1.08M + 1): 410_000_000 * 0.99999907... = 409_999_620.
	assert_eq!(early, 409_999_620);
	assert_eq!(root_alpha(410_000_000, Perbill::from_percent(18), 6_000_000 * TAO, 0), 410_000_000);
}

/// Subnet 1 (1,000 TAO / 1,000 alpha, EMA 1.0, tempo 9: epochs at blocks 8, 18, 28, ...):
/// Alice owns it (uid 0), Bob's hotkey validates with 100 alpha staked (uid 1), Charlie's hotkey
/// mines (uid 2).
fn tempo_scenario() -> ExtBuilder {
	ExtBuilder::market(9).with_neurons(&[(1, BOB_HOT, BOB), (1, CHARLIE_HOT, CHARLIE)]).with_stake(
		BOB,
		BOB_HOT,
		1,
		100 * TAO,
	)
}

#[test]
fn one_tempo_pays_owner_miners_and_validators_exactly() {
	tempo_scenario().build_and_execute(|| {
		// First epoch (block 8): Bob's hotkey holds the permit from genesis (100 alpha), but
		// nobody set weights yet: no incentive and no dividends, so Bob is paid both halves by
		// stake weight and nothing is recycled.
		run_to_block(8);
		assert_eq!(
			epoch_payouts(),
			vec![(
				1,
				EpochPayout {
					owner_alpha: 7 * 180_000_000,
					validator_alpha: 7 * 820_000_000,
					miners_to_validators: 7 * 410_000_000,
					paid_by_stake: true,
					validators: 1,
					..Default::default()
				}
			)]
		);
		assert_eq!(ValidatorPermits::<Test>::get(1).into_inner(), vec![1]);
		// Bob's validator hotkey weights Charlie's miner.
		assert_ok!(Dtao::set_weights(RuntimeOrigin::signed(BOB_HOT), 1, bounded(vec![2]), bounded(vec![u16::MAX])));
		System::reset_events();
		let (alice0, bob0, charlie0) = (
			Dtao::stake_value(&ALICE, &ALICE_HOT, 1),
			Dtao::stake_value(&BOB, &BOB_HOT, 1),
			Dtao::stake_value(&CHARLIE, &CHARLIE_HOT, 1),
		);
		let (mut tao_in, mut alpha_in) = (0u64, 0u64);
		for block in 9..=18 {
			run_to_block(block);
			tao_in += subnet(1).last_block.tao_in;
			alpha_in += subnet(1).last_block.alpha_in;
		}
		// Ten blocks of 1 alpha: owner 10 * 0.18, miners 10 * 0.41, validators 10 * 0.41.
		// Alice's owner cut (1.26 alpha) now makes her hotkey a validator too (2 permits), but
		// she set no weights: her vtrust is 0, so Bob's hotkey takes all the dividends.
		let payout = EpochPayout {
			owner_alpha: 1_800_000_000,
			miner_alpha: 4_100_000_000,
			validator_alpha: 4_100_000_000,
			validators: 2,
			..Default::default()
		};
		assert_eq!(epoch_payouts(), vec![(1, payout)]);
		assert_eq!(Dtao::stake_value(&ALICE, &ALICE_HOT, 1) - alice0, 1_800_000_000);
		assert_eq!(Dtao::stake_value(&CHARLIE, &CHARLIE_HOT, 1) - charlie0, 4_100_000_000);
		// Bob is both the validator's owner (take 18% = 738_000_000) and its only nominator
		// (the other 3_362_000_000): all of it, less at most a rao of share rounding.
		let bob_gain = Dtao::stake_value(&BOB, &BOB_HOT, 1) - bob0;
		assert!((4_099_999_999..=4_100_000_000).contains(&bob_gain), "{bob_gain}");
		// The sole subnet takes the whole 1 TAO every block, injected at price 1.
		assert_eq!((tao_in, alpha_in), (10 * TAO, 10 * TAO));
		println!(
			"subnet 1, blocks 9..=18 (one tempo): TAO in {tao_in}, alpha in {alpha_in}, alpha out {}; \
			 owner {}, miners {}, validators {} (Bob gained {bob_gain}), root TAO {}",
			10 * TAO,
			payout.owner_alpha,
			payout.miner_alpha,
			payout.validator_alpha,
			payout.root_tao
		);
	});
}

#[test]
fn root_stakers_are_paid_from_the_auto_sold_alpha() {
	ExtBuilder::default()
		.with_market(1, 1_000_000 * TAO, 1_000_000 * TAO, TAO, 9)
		.with_neurons(&[(1, BOB_HOT, BOB), (1, CHARLIE_HOT, CHARLIE)])
		.with_stakes(&[(BOB, BOB_HOT, 1, 1_000 * TAO), (BOB, BOB_HOT, 0, 1_000_000 * TAO)])
		.build_and_execute(|| {
			run_to_block(8);
			assert_eq!(subnet(1).validators_root_stake, 1_000_000 * TAO);
			assert_ok!(Dtao::set_weights(RuntimeOrigin::signed(BOB_HOT), 1, bounded(vec![2]), bounded(vec![1])));
			let root0 = Dtao::stake_value(&BOB, &BOB_HOT, 0);
			let before = subnet(1);
			run_to_block(9);
			let b = subnet(1).last_block;
			// root_prop = 0.18 * 1M / (0.18 * 1M + alpha out): alpha out is ~1,001 alpha here.
			let expected = root_alpha(410_000_000, Perbill::from_percent(18), 1_000_000 * TAO, before.alpha_out);
			assert_eq!(b.root_alpha, expected);
			assert!(b.root_alpha > 400_000_000 && b.root_tao > 0);
			assert_eq!(b.validators + b.root_alpha, 410_000_000);
			System::reset_events();
			run_to_block(18);
			let (_, payout) = epoch_payouts().pop().expect("epoch");
			// All root TAO went to Bob's hotkey, the only validator with root stake.
			assert!(payout.root_tao > 0 && payout.recycled_tao == 0);
			assert_eq!(Dtao::stake_value(&BOB, &BOB_HOT, 0) - root0, payout.root_tao);
		});
}

#[test]
fn a_subnet_without_validators_recycles_all_but_the_owner_cut() {
	ExtBuilder::market(9).build_and_execute(|| {
		run_to_block(8);
		let (_, payout) = epoch_payouts().pop().expect("epoch");
		assert_eq!(
			payout,
			EpochPayout {
				owner_alpha: 7 * 180_000_000,
				recycled_miner_alpha: 7 * 410_000_000,
				recycled_validator_alpha: 7 * 410_000_000,
				..Default::default()
			}
		);
		// Recycled alpha is not outstanding: only the owner's cut is.
		assert_eq!(subnet(1).alpha_out, 7 * 180_000_000);
	});
}

#[test]
fn a_validator_weighted_by_the_majority_earns_incentive_and_a_minority_weight_is_clipped() {
	// Bob (100 alpha) and Charlie (50 alpha) both hold permits. Bob weights Charlie's uid;
	// Charlie weights Alice's uid 0, which nobody else weights.
	tempo_scenario().with_stake(CHARLIE, CHARLIE_HOT, 1, 50 * TAO).build_and_execute(|| {
		run_to_block(8);
		assert_eq!(ValidatorPermits::<Test>::get(1).into_inner(), vec![1, 2]);
		assert_ok!(Dtao::set_weights(RuntimeOrigin::signed(BOB_HOT), 1, bounded(vec![2]), bounded(vec![1])));
		assert_ok!(Dtao::set_weights(RuntimeOrigin::signed(CHARLIE_HOT), 1, bounded(vec![0]), bounded(vec![1])));
		let charlie0 = Dtao::stake_value(&CHARLIE, &CHARLIE_HOT, 1);
		System::reset_events();
		run_to_block(18);
		let (_, payout) = epoch_payouts().pop().expect("epoch");
		// Bob holds 2/3 of the stake: consensus on Charlie's uid is Bob's weight, so Charlie
		// earns the whole miners' half (4.1 alpha) as incentive although he holds a permit.
		// Charlie's weight on uid 0 is a 1/3 minority: clipped to 0, so his vtrust and dividends
		// are 0 and Bob takes the validators' half. Nothing is recycled.
		assert_eq!(payout.miner_alpha, 4_100_000_000);
		assert_eq!(payout.validator_alpha, 4_100_000_000);
		assert_eq!(payout.recycled_alpha(), 0);
		assert_eq!(payout.owner_alpha, 1_800_000_000);
		assert_eq!(Dtao::stake_value(&CHARLIE, &CHARLIE_HOT, 1) - charlie0, 4_100_000_000);
	});
}

#[test]
fn set_weights_refusals_change_nothing() {
	tempo_scenario().build_and_execute(|| {
		let bob_hot = RuntimeOrigin::signed(BOB_HOT);
		// Charlie's hotkey has no stake: no permit.
		assert_noop!(
			Dtao::set_weights(RuntimeOrigin::signed(CHARLIE_HOT), 1, bounded(vec![1]), bounded(vec![1])),
			crate::Error::<Test>::NoValidatorPermit
		);
		run_to_block(8);
		use crate::Error as E;
		assert_noop!(
			Dtao::set_weights(bob_hot.clone(), 1, bounded(vec![2]), bounded(vec![1, 2])),
			E::<Test>::WeightLengthMismatch
		);
		assert_noop!(
			Dtao::set_weights(bob_hot.clone(), 1, bounded(vec![2, 2]), bounded(vec![1, 2])),
			E::<Test>::DuplicateUid
		);
		assert_noop!(Dtao::set_weights(bob_hot.clone(), 1, bounded(vec![9]), bounded(vec![1])), E::<Test>::UnknownUid);
		assert_noop!(
			Dtao::set_weights(bob_hot.clone(), 1, bounded(vec![2]), bounded(vec![0])),
			E::<Test>::AllWeightsZero
		);
		assert_noop!(
			Dtao::set_weights(bob_hot.clone(), 0, bounded(vec![2]), bounded(vec![1])),
			E::<Test>::RootNotAllowed
		);
		assert_noop!(
			Dtao::set_weights(bob_hot.clone(), 5, bounded(vec![2]), bounded(vec![1])),
			E::<Test>::SubnetNotFound
		);
		assert_noop!(
			Dtao::set_weights(RuntimeOrigin::signed(CHARLIE_HOT), 1, bounded(vec![0]), bounded(vec![1])),
			E::<Test>::NoValidatorPermit
		);
		assert_noop!(
			Dtao::set_weights(RuntimeOrigin::signed(77), 1, bounded(vec![0]), bounded(vec![1])),
			E::<Test>::HotkeyNotOnSubnet
		);
		assert_ok!(Dtao::set_weights(bob_hot.clone(), 1, bounded(vec![2, 0]), bounded(vec![3, 1])));
		assert_eq!(Weights::<Test>::get(1, 1).map(|w| w.into_inner()), Some(vec![(0, 1), (2, 3)]));
		// Empty vectors clear the row.
		assert_ok!(Dtao::set_weights(bob_hot, 1, bounded(vec![]), bounded(vec![])));
		assert_eq!(Weights::<Test>::get(1, 1), None);
	});
}

#[test]
fn epochs_beyond_the_per_block_limit_are_deferred_not_dropped() {
	MaxEpochsPerBlock::set(1);
	// Tempos 9, 10, 11 on netuids 1, 2, 3 are all due at block 8.
	ExtBuilder::market(9)
		.with_market(2, 1_000 * TAO, 1_000 * TAO, TAO, 10)
		.with_market(3, 1_000 * TAO, 1_000 * TAO, TAO, 11)
		.build_and_execute(|| {
			assert!(epoch_due(8, 1, 9) && epoch_due(8, 2, 10) && epoch_due(8, 3, 11));
			run_to_block(7);
			assert!(epoch_payouts().is_empty());
			let mut order = Vec::new();
			for block in 8..=10 {
				System::reset_events();
				run_to_block(block);
				let paid = epoch_payouts();
				assert_eq!(paid.len(), 1, "one epoch per block");
				order.push(paid[0].0);
			}
			order.sort();
			assert_eq!(order, vec![1, 2, 3]);
			assert!(EpochQueue::<Test>::get().is_empty());
		});
	MaxEpochsPerBlock::set(4);
}

#[test]
fn tempo_and_block_number_edges() {
	// Tempo 0: never.
	assert!((0..1_000u64).all(|b| !epoch_due(b, 1, 0)));
	// Tempo u16::MAX: once every 65,536 blocks, staggered by netuid.
	assert!(epoch_due(65_536 - 2, 1, u16::MAX));
	assert!(!epoch_due(65_536 - 1, 1, u16::MAX));
	// Near the block type's maximum: no overflow.
	// u64::MAX + 0 + 1 = 2^64 is even: due at tempo 1; with netuid 1 it is odd: not due.
	assert!(epoch_due(u64::MAX, 0, 1));
	assert!(!epoch_due(u64::MAX, 1, 1));
	assert!(epoch_due(u64::MAX, u16::MAX, 1) == ((u128::from(u64::MAX) + 65_536) % 2 == 0));
	// A subnet with tempo 0 accumulates and never pays.
	ExtBuilder::market(0).build_and_execute(|| {
		run_to_block(30);
		assert!(epoch_payouts().is_empty());
		assert_eq!(subnet(1).pending.owner_alpha, 29 * 180_000_000);
	});
}

#[test]
fn dissolve_settles_pending_emission_first() {
	tempo_scenario().build_and_execute(|| {
		run_to_block(8);
		assert_ok!(Dtao::set_weights(RuntimeOrigin::signed(BOB_HOT), 1, bounded(vec![2]), bounded(vec![1])));
		run_to_block(12);
		let pool_tao = subnet(1).pool.tao;
		let issuance = Balances::total_issuance();
		assert_ok!(Dtao::dissolve_network(RuntimeOrigin::root(), 1, Dtao::neuron_count(1)));
		// The epoch ran (4 blocks pending) before the subnet closed: its payout is the first
		// event, and it left the pool as it was (root TAO was sold earlier, in the blocks).
		let events = dtao_events();
		let epoch = events.iter().position(|e| matches!(e, Event::EpochPaid { netuid: 1, .. })).expect("epoch");
		let closed = events.iter().position(|e| matches!(e, Event::NetworkDissolving { .. })).expect("closed");
		assert!(epoch < closed);
		let Some(Event::NetworkDissolving { holders_tao, owner_refund, recycled, .. }) = events.get(closed).cloned()
		else {
			panic!("closed")
		};
		assert_eq!(holders_tao + owner_refund + recycled, pool_tao);
		assert_eq!(Balances::total_issuance(), issuance - recycled);
		assert_eq!(Weights::<Test>::iter_prefix(1).count(), 0);
		assert!(ValidatorPermits::<Test>::get(1).is_empty());
	});
}

/// A small deterministic generator for the long test.
struct XorShift(u64);
impl XorShift {
	fn next(&mut self) -> u64 {
		self.0 ^= self.0 << 13;
		self.0 ^= self.0 >> 7;
		self.0 ^= self.0 << 17;
		self.0
	}
}

#[test]
fn twenty_subnets_with_random_traders_keep_every_invariant() {
	let mut builder = ExtBuilder::default();
	let traders: Vec<AccountId> = (1000..1010).collect();
	for netuid in 1..=20u16 {
		builder = builder
			.with_market(netuid, (10 + u64::from(netuid)) * 100 * TAO, 1_000 * TAO, TAO, 10)
			.with_neurons(&[(netuid, BOB_HOT, BOB), (netuid, CHARLIE_HOT, CHARLIE)])
			.with_stake(BOB, BOB_HOT, netuid, 50 * TAO);
	}
	builder = builder.with_stake(BOB, BOB_HOT, 0, 5_000 * TAO);
	builder.build_and_execute(|| {
		for t in &traders {
			assert_ok!(<Balances as frame_support::traits::fungible::Mutate<_>>::mint_into(t, 1_000 * TAO));
		}
		let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
		let mut epochs = 0usize;
		for block in 2..=60u64 {
			for _ in 0..4 {
				let trader = traders[(rng.next() % 10) as usize];
				let netuid = (rng.next() % 21) as u16;
				let hotkey = if netuid == 0 || rng.next() % 2 == 0 { BOB_HOT } else { CHARLIE_HOT };
				if rng.next() % 2 == 0 {
					let amount = 500_000 + rng.next() % (20 * TAO);
					let _ = Dtao::add_stake(RuntimeOrigin::signed(trader), hotkey, netuid, amount);
				} else {
					let held = Dtao::stake_value(&trader, &hotkey, netuid);
					if held > 0 {
						let amount = 1 + rng.next() % held;
						let _ = Dtao::remove_stake(RuntimeOrigin::signed(trader), hotkey, netuid, amount);
					}
				}
			}
			// Validators keep their weights on Charlie's miner.
			for netuid in 1..=20u16 {
				if ValidatorPermits::<Test>::get(netuid).contains(&1) && Weights::<Test>::get(netuid, 1).is_none() {
					assert_ok!(Dtao::set_weights(
						RuntimeOrigin::signed(BOB_HOT),
						netuid,
						bounded(vec![2]),
						bounded(vec![1])
					));
				}
			}
			System::reset_events();
			// Invariants after every block, and issuance grows by exactly the TAO injected.
			run_to_block(block);
			epochs += epoch_payouts().len();
		}
		// 20 subnets, tempo 10, 59 blocks: 5 epochs each (some deferred by the per-block limit).
		assert!(epochs >= 5 * 20 - 4, "{epochs}");
		assert!(emission::price_bits(subnet(1).pool) > 0);
	});
}

#[test]
fn the_ema_factor_grows_with_a_subnets_age() {
	let a = Perbill::from_parts(3_000);
	assert_eq!(emission::ema_factor(a, Some(0), 201_600), Perbill::zero());
	assert_eq!(emission::ema_factor(a, Some(201_600), 201_600), Perbill::from_parts(1_500));
	assert_eq!(emission::ema_factor(a, Some(604_800), 201_600), Perbill::from_parts(2_250));
	// Rounded down: 3,000 x 67 / 201,667 = 0.997 parts.
	assert_eq!(emission::ema_factor(a, Some(67), 201_600), Perbill::zero());
	// A subnet of the genesis, or no warm-up: the whole factor.
	assert_eq!(emission::ema_factor(a, None, 201_600), a);
	assert_eq!(emission::ema_factor(a, Some(5), 0), a);
}

#[test]
fn a_young_subnets_ema_starts_slow_and_a_genesis_subnets_does_not() {
	// A subnet registered at block 1 (EMA 0, price 1.0, nobody trades) beside a genesis market
	// with the same price and EMA 0. EMA factor 1% a block, warm-up 100 blocks: after 100
	// blocks the genesis subnet's EMA is 1 - 0.99^100 = 63.4% of the price; the young one's has
	// had the factor 1% x a / (a + 100), in all about 1 - e^-(1 - ln 2) = 26.4%.
	let run = |warmup: u32| -> (u128, u128) {
		let mut out = (0, 0);
		ExtBuilder::default().with_market(2, 100 * TAO, 100 * TAO, 0, 360).build_and_execute(|| {
			assert_ok!(Dtao::set_parameter(RuntimeOrigin::root(), ParamUpdate::EmaAlpha(Perbill::from_percent(1))));
			assert_ok!(Dtao::set_parameter(RuntimeOrigin::root(), ParamUpdate::EmaWarmup(warmup)));
			assert_ok!(Dtao::register_network(RuntimeOrigin::signed(BOB), BOB_HOT));
			assert_eq!(subnet(1).registered_at, 1);
			run_to_block(101);
			out = (subnet(1).ema_price, subnet(2).ema_price);
		});
		out
	};
	let one = 1u128 << 32;
	let ppm = |ema: u128| ema * 1_000_000 / one;
	let (young, genesis) = run(100);
	let (young_without, genesis_without) = run(0);
	println!(
		"EMA after 100 blocks (ppm of the price): young subnet {} with the warm-up, {} without; genesis subnet {}",
		ppm(young),
		ppm(young_without),
		ppm(genesis)
	);
	assert_eq!(genesis, genesis_without, "the warm-up leaves a genesis subnet alone");
	assert_eq!(ppm(young_without), ppm(genesis));
	assert!((633_000..=635_000).contains(&ppm(genesis)), "{}", ppm(genesis));
	assert!((255_000..=270_000).contains(&ppm(young)), "{}", ppm(young));
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(2_000))]

	/// The reward split is exact for any amount and any cut.
	#[test]
	fn split_is_exact(alpha in any::<u64>(), cut in 0u32..=1_000_000_000) {
		let (o, m, v) = split_rewards(alpha, Perbill::from_parts(cut));
		prop_assert_eq!(o as u128 + m as u128 + v as u128, alpha as u128);
		prop_assert!(v >= m && v - m <= 1);
	}

	/// root_prop is in [0, 1]: root's part never exceeds the validators' half.
	#[test]
	fn root_part_is_bounded(v in any::<u64>(), tw in 0u32..=1_000_000_000, r in any::<u64>(), out in any::<u64>()) {
		prop_assert!(root_alpha(v, Perbill::from_parts(tw), r, out) <= v);
	}

	/// The EMA moves toward the price and never past it, and never below zero.
	#[test]
	fn ema_stays_between_old_value_and_price(ema in any::<u128>(), price in any::<u128>(), a in 0u32..=1_000_000_000) {
		let next = emission::ema_step(ema, price, Perbill::from_parts(a));
		prop_assert!(next >= ema.min(price) && next <= ema.max(price));
	}

	/// The halving schedule is monotone: more issued, no more emitted.
	#[test]
	fn halving_is_monotone(a in 0u64..=SUPPLY_CAP, b in 0u64..=SUPPLY_CAP) {
		let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
		prop_assert!(block_emission(lo) >= block_emission(hi));
		prop_assert!(block_emission(lo) <= TAO);
	}

	/// Injection never moves the wire price, respects the offer and the cap, and in any pool
	/// holding at least one alpha it injects (nearly) all the TAO offered when the cap allows.
	#[test]
	fn injection_is_price_neutral(t in 10_000_000u64..=10_000_000_000_000_000, a in 10_000_000u64..=10_000_000_000_000_000, tao in 0u64..=TAO, cap in 0u64..=TAO) {
		let pool = Pool { tao: t, alpha: a };
		let (dt, da) = inject(pool, tao, cap);
		prop_assert!(dt <= tao && da <= cap);
		let after = Pool { tao: t + dt, alpha: a + da };
		prop_assert_eq!(after.price(), pool.price());
		let natural = u128::from(tao) * u128::from(a) / u128::from(t);
		if a >= TAO && natural <= u128::from(cap) && natural > 0 {
			// Trimming costs at most one alpha's worth of TAO at the wire price, plus a rao.
			let p = u128::from(pool.price().unwrap_or(0));
			prop_assert!(u128::from(dt) + (p + TAO as u128) / TAO as u128 * 2 + 1 >= u128::from(tao), "{} of {}", dt, tao);
		}
	}
}

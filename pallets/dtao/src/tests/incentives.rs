//! Incentives in ordinary use (spec §5): miners stay miners when their stake grows, the
//! fallbacks pay instead of recycling, root TAO is never burned while a permit holder exists,
//! self-weights are dropped, and the epoch preview is what the epoch pays.
//!
//! The scenario: subnet 1 (1,000 TAO / 1,000 alpha, EMA 1.0, tempo 9: epochs at blocks 8, 18,
//! 28, ...), owned by Alice (uid 0, no stake). Bob's hotkey (uid 1) validates with 100 alpha;
//! Charlie's hotkey (uid 2) and hotkey 14 of coldkey 5 (uid 3) mine. Each block mints 1 alpha:
//! owner 0.18, miners 0.41, validators 0.41 (`split_rewards`). The first epoch covers blocks 2-8
//! (7 blocks), every later one 10 blocks.

use crate::{mock::*, pallet::*, types::*, Error, Event};
use frame_support::{assert_noop, assert_ok};

const DAVE: AccountId = 5;
const DAVE_HOT: AccountId = 14;

fn scenario() -> ExtBuilder {
	ExtBuilder::market(9).with_neurons(&[(1, BOB_HOT, BOB), (1, CHARLIE_HOT, CHARLIE), (1, DAVE_HOT, DAVE)]).with_stake(
		BOB,
		BOB_HOT,
		1,
		100 * TAO,
	)
}

fn set_weights(validator: AccountId, uids: Vec<u16>, weights: Vec<u16>) {
	assert_ok!(Dtao::set_weights(RuntimeOrigin::signed(validator), 1, bounded(uids), bounded(weights)));
}

/// The payout of the last epoch of subnet 1.
fn last_payout() -> EpochPayout {
	epoch_payouts().into_iter().filter(|(n, _)| *n == 1).map(|(_, p)| p).next_back().expect("an epoch")
}

#[test]
fn a_validator_has_its_permit_from_genesis_and_root_blends_from_the_first_block() {
	scenario().with_stake(BOB, BOB_HOT, 0, 1_000 * TAO).build_and_execute(|| {
		// Permits are chosen when neurons register and stakes are set, not only at epochs.
		assert_eq!(ValidatorPermits::<Test>::get(1).into_inner(), vec![1]);
		assert_eq!(subnet(1).validators_root_stake, 1_000 * TAO);
		run_to_block(2);
		// root_prop = 0.18 * 1,000 / (180 + 100 alpha out) > 0 at the first block.
		assert!(subnet(1).last_block.root_alpha > 0);
	});
}

#[test]
fn registering_a_neuron_refreshes_permits_and_root_stake() {
	ExtBuilder::market(9)
		.with_neuron(2, BOB_HOT, BOB)
		.with_subnet(2, 1_000 * TAO, 1_000 * TAO)
		.with_stake(BOB, BOB_HOT, 0, 5_000 * TAO)
		.build_and_execute(|| {
			assert_eq!(subnet(1).validators_root_stake, 0);
			// Bob's hotkey, with 5,000 TAO on root (S = 900 alpha), joins subnet 1 at block 1:
			// permits are refreshed, but a neuron's root stake counts from its registration
			// (spec §5: `R` over the tempo), so a registration (0.1 TAO) cannot make a root stake
			// of one block count for the tempo.
			run_to_block(1);
			assert_ok!(Dtao::register_neuron(RuntimeOrigin::signed(BOB), 1, BOB_HOT));
			assert_eq!(ValidatorPermits::<Test>::get(1).into_inner(), Vec::<u16>::new());
			assert_eq!(subnet(1).validators_root_stake, 0);
			// The next registration refreshes with the mean since Bob's: all 5,000 TAO, held
			// throughout.
			run_to_block(3);
			assert_ok!(Dtao::register_neuron(RuntimeOrigin::signed(CHARLIE), 1, CHARLIE_HOT));
			assert_eq!(ValidatorPermits::<Test>::get(1).into_inner(), vec![1]);
			assert_eq!(subnet(1).validators_root_stake, 5_000 * TAO);
		});
}

#[test]
fn one_validator_two_miners_three_to_one_for_five_tempos() {
	// One permit (MaxValidators 1): Bob's stake fraction is exactly 1, so consensus is his row
	// and incentive splits exactly 3:1.
	let params = Params { max_validators: 1, ..Params::default() };
	scenario().with_params(params).build_and_execute(|| {
		set_weights(BOB_HOT, vec![2, 3], vec![3, 1]);
		let stakes = || (stake(CHARLIE, CHARLIE_HOT, 1), stake(DAVE, DAVE_HOT, 1), stake(BOB, BOB_HOT, 1));
		for (epoch_block, blocks) in [(8u64, 7u64), (18, 10), (28, 10), (38, 10), (48, 10)] {
			let (charlie0, dave0, bob0) = stakes();
			System::reset_events();
			run_to_block(epoch_block);
			let miners = blocks * 410_000_000;
			// Incentive 3:1 of the miners' half: 7 blocks: 2,152,500,000 and 717,500,000;
			// 10 blocks: 3,075,000,000 and 1,025,000,000.
			let payout = last_payout();
			assert_eq!(
				payout,
				EpochPayout {
					owner_alpha: blocks * 180_000_000,
					miner_alpha: miners,
					validator_alpha: blocks * 410_000_000,
					validators: 1,
					..Default::default()
				},
				"epoch at block {epoch_block}"
			);
			let (charlie1, dave1, bob1) = stakes();
			assert_eq!(charlie1 - charlie0, miners * 3 / 4);
			assert_eq!(dave1 - dave0, miners / 4);
			// Bob owns the validator (take 18%) and is its only nominator: all of the
			// validators' half, less at most one rao of share rounding.
			let dividends = blocks * 410_000_000;
			assert!(bob1 - bob0 == dividends || bob1 - bob0 == dividends - 1, "{}", bob1 - bob0);
		}
		// Charlie's hotkey now holds ~14.5 alpha, far above MinValidatorStake (1 alpha), and is
		// still paid as a miner; with one permit it holds none.
		assert!(stake(CHARLIE, CHARLIE_HOT, 1) > 14 * TAO);
		assert_eq!(ValidatorPermits::<Test>::get(1).into_inner(), vec![1]);
	});
}

#[test]
fn miners_with_permits_stay_miners() {
	// The default 64 permits: after the first epoch Charlie's miner holds 2.15 alpha >= 1 alpha
	// and gets a permit. It is still weighted and paid by incentive at every later epoch, and
	// nothing is recycled.
	scenario().build_and_execute(|| {
		set_weights(BOB_HOT, vec![2, 3], vec![3, 1]);
		for epoch_block in [8u64, 18, 28, 38, 48] {
			System::reset_events();
			run_to_block(epoch_block);
			let payout = last_payout();
			assert!(payout.miner_alpha > 0, "miners paid at block {epoch_block}");
			assert_eq!(payout.recycled_alpha(), 0);
			assert_eq!(payout.miners_to_validators, 0);
		}
		assert!(ValidatorPermits::<Test>::get(1).contains(&2), "Charlie's miner holds a permit");
		// Midway through the next tempo it is still weighted (Bob holds far more than half the
		// permit holders' stake, so his row is the consensus).
		run_to_block(53);
		let preview = Dtao::epoch_preview(1).expect("preview");
		let charlie = preview.iter().find(|p| p.uid == 2).expect("uid 2");
		assert!(charlie.validator_permit && charlie.incentive > 0);
	});
}

/// What the epoch of subnet 1 would pay uid `uid` now (the epoch preview).
fn preview(uid: u16) -> NeuronPayout<AccountId> {
	Dtao::epoch_preview(1).expect("preview").into_iter().find(|p| p.uid == uid).expect("uid")
}

#[test]
fn a_small_validator_alone_cannot_steer_the_miners_half() {
	// The owner's hotkey (uid 0) holds 10,000 alpha, 99% of the permit holders' stake, and sets
	// no weights. Bob (100 alpha, 1%) weights Charlie and Dave 3 : 1 (Charlie could be his own
	// miner). Below the 50% quorum Bob's weights decide nothing: no incentive, the miners' half
	// of the tempo is recycled (not given to the validators, or abstaining would pay), and the
	// validators' half is paid by stake.
	scenario().with_stake(ALICE, ALICE_HOT, 1, 10_000 * TAO).build_and_execute(|| {
		set_weights(BOB_HOT, vec![2, 3], vec![3, 1]);
		assert!(ValidatorPermits::<Test>::get(1).contains(&0), "the owner hotkey holds a permit");
		run_to_block(17);
		let (alice, bob, charlie, dave) = (preview(0), preview(1), preview(2), preview(3));
		println!(
			"below the quorum, dividends: owner hotkey {}, Bob {}; incentive: Charlie {}, Dave {}",
			alice.dividends, bob.dividends, charlie.incentive, dave.incentive
		);
		assert_eq!((charlie.incentive, dave.incentive), (0, 0));
		// Bob's part of the validators' half is his stake's part (about 100 of 10,100 alpha; the
		// owner hotkey's pool has grown by the owner's cut since).
		let half = 9 * 410_000_000u64;
		assert_eq!(alice.dividends + bob.dividends, half);
		let value = |hot| u128::from(StakePools::<Test>::get(1, hot).map(|p| p.value).unwrap_or(0));
		let (a, b) = (value(ALICE_HOT), value(BOB_HOT));
		let expected = u128::from(half) * b / (a + b);
		assert!(u128::from(bob.dividends).abs_diff(expected) <= 1, "{} vs {expected}", bob.dividends);
		System::reset_events();
		run_to_block(18);
		let p = last_payout();
		assert!(p.paid_by_stake);
		assert_eq!(p.miner_alpha, 0);
		assert_eq!(p.recycled_miner_alpha, 10 * 410_000_000, "the tempo's miners' half, recycled");
		assert_eq!(p.miners_to_validators, 0);

		// Governance lowers the quorum to 0: one validator's weights decide again (the old rule).
		assert_ok!(Dtao::set_parameter(RuntimeOrigin::root(), ParamUpdate::WeightsQuorum(sp_runtime::Perbill::zero())));
		System::reset_events();
		run_to_block(28);
		let p = last_payout();
		assert!(!p.paid_by_stake && p.miner_alpha == 10 * 410_000_000 && p.recycled_miner_alpha == 0);
	});
}

#[test]
fn a_majority_that_abstains_earns_no_more_than_voting() {
	// The same subnet: Alice's hotkey (99% of the permit stake) abstaining earns the
	// validators' half by stake; voting as Bob does it earns it by dividends. Not voting never
	// pays more (it would, if the miners' half went to the validators below the quorum).
	let run = |alice_votes: bool| -> u64 {
		let mut dividends = 0;
		scenario().with_stake(ALICE, ALICE_HOT, 1, 10_000 * TAO).build_and_execute(|| {
			set_weights(BOB_HOT, vec![2, 3], vec![3, 1]);
			if alice_votes {
				set_weights(ALICE_HOT, vec![2, 3], vec![3, 1]);
			}
			run_to_block(17);
			let alice = preview(0);
			dividends = alice.dividends + alice.incentive;
		});
		dividends
	};
	let (abstains, votes) = (run(false), run(true));
	println!("the owner hotkey's alpha for a tempo: abstaining {abstains} rao, voting {votes}");
	assert!(abstains <= votes + 1, "abstaining {abstains} > voting {votes}");
	assert!(votes > 0);
}

/// Run block by block to `n`; returns, summed over those blocks on subnet 1, the root alpha
/// sold, the root TAO it fetched and the TAO injected.
fn run_summing_root_sales(n: u64) -> (u64, u64, u64) {
	let (mut alpha, mut tao, mut injected) = (0, 0, 0);
	while System::block_number() < n {
		run_to_block(System::block_number() + 1);
		let b = subnet(1).last_block;
		(alpha, tao, injected) = (alpha + b.root_alpha, tao + b.root_tao, injected + b.tao_in);
	}
	(alpha, tao, injected)
}

#[test]
fn a_tempo_without_weights_pays_validators_by_stake_and_root_its_tao() {
	scenario().with_stake(BOB, BOB_HOT, 0, 1_000 * TAO).build_and_execute(|| {
		let root0 = stake(BOB, BOB_HOT, 0);
		let alpha0 = stake(BOB, BOB_HOT, 1);
		let (sold, fetched, _) = run_summing_root_sales(8);
		assert!(sold > 0 && fetched > 0);
		// Nobody set weights: no incentive, no dividends. The miners' half goes to the
		// validators, the validators are paid by stake weight (Bob alone), nothing is recycled,
		// and the root TAO sold during the tempo is paid to Bob's root stake.
		let p = last_payout();
		assert!(p.paid_by_stake);
		assert_eq!(p.miner_alpha, 0);
		assert_eq!(p.miners_to_validators, 7 * 410_000_000);
		assert_eq!((p.recycled_alpha(), p.recycled_tao), (0, 0));
		// Validators: both halves of 7 blocks less what root sold; root: all it fetched.
		assert_eq!(p.validator_alpha, 7 * 820_000_000 - sold);
		assert_eq!(p.root_tao, fetched);
		let gained = stake(BOB, BOB_HOT, 1) - alpha0;
		assert!(gained == p.validator_alpha || gained + 1 == p.validator_alpha, "{gained}");
		let root_gained = stake(BOB, BOB_HOT, 0) - root0;
		assert!(root_gained == p.root_tao || root_gained + 1 == p.root_tao, "{root_gained}");
		// Weights resume: miners are paid again.
		set_weights(BOB_HOT, vec![2, 3], vec![1, 1]);
		System::reset_events();
		run_to_block(18);
		let p = last_payout();
		assert!(!p.paid_by_stake);
		assert_eq!(p.miner_alpha, 10 * 410_000_000);
		assert_eq!(p.miners_to_validators, 0);
		assert_eq!((p.recycled_alpha(), p.recycled_tao), (0, 0));
	});
}

#[test]
fn a_subnet_without_permit_holders_recycles_and_issuance_says_so() {
	// Bob validates with root stake only (S = 180 alpha, R = 1,000 TAO): root is sold every
	// block. He leaves root after block 5: at the epoch nobody holds a permit.
	ExtBuilder::market(9).with_neuron(1, BOB_HOT, BOB).with_stake(BOB, BOB_HOT, 0, 1_000 * TAO).build_and_execute(
		|| {
			let (sold_before, fetched_before, _) = run_summing_root_sales(5);
			assert!(sold_before > 0);
			assert_ok!(Dtao::remove_stake(RuntimeOrigin::signed(BOB), BOB_HOT, 0, 1_000 * TAO));
			let issuance = Balances::total_issuance();
			System::reset_events();
			// run_to_block checks invariant 4 (issuance grows by exactly what was injected, less
			// what was recycled) at every block.
			let (sold_after, fetched_after, injected) = run_summing_root_sales(8);
			let p = last_payout();
			assert_eq!(p.validators, 0);
			// The miners' half of 7 blocks, the validators' half less root's sold alpha, and all
			// root TAO are recycled; the owner is paid.
			assert_eq!(p.recycled_miner_alpha, 7 * 410_000_000);
			assert_eq!(p.recycled_validator_alpha, 7 * 410_000_000 - sold_before - sold_after);
			assert_eq!(p.recycled_tao, fetched_before + fetched_after);
			assert_eq!(p.owner_alpha, 7 * 180_000_000);
			assert_eq!(p.miner_alpha + p.validator_alpha + p.root_tao, 0);
			// Only the owner's cut is outstanding.
			assert_eq!(subnet(1).alpha_out, 7 * 180_000_000);
			// Three blocks minted what they injected (capped: root's sales lowered the price);
			// the root TAO was burned.
			assert!(injected > 2 * TAO && injected <= 3 * TAO);
			assert_eq!(Balances::total_issuance(), issuance + injected - p.recycled_tao);
		},
	);
}

#[test]
fn self_weights_are_dropped_and_earn_nothing() {
	scenario().with_stake(CHARLIE, CHARLIE_HOT, 1, 50 * TAO).build_and_execute(|| {
		assert_eq!(ValidatorPermits::<Test>::get(1).into_inner(), vec![1, 2]);
		// Bob (2/3 of the permit holders' stake) weights Dave's miner; Charlie weights only
		// himself: accepted, and dropped at the epoch.
		set_weights(BOB_HOT, vec![3], vec![1]);
		set_weights(CHARLIE_HOT, vec![2], vec![1]);
		run_to_block(5);
		let preview = Dtao::epoch_preview(1).expect("preview");
		assert!(preview.iter().map(|p| p.incentive).sum::<u64>() > 0, "something to pay");
		let charlie = preview.iter().find(|p| p.uid == 2).expect("uid 2");
		assert_eq!((charlie.incentive, charlie.dividends), (0, 0));
		run_to_block(8);
		let p = last_payout();
		// Dave's miner takes the whole miners' half, Bob the whole validators' half.
		assert_eq!((p.miner_alpha, p.validator_alpha), (7 * 410_000_000, 7 * 410_000_000));
		assert_eq!(stake(DAVE, DAVE_HOT, 1), 7 * 410_000_000);
		assert_eq!(stake(CHARLIE, CHARLIE_HOT, 1), 50 * TAO);
	});
}

#[test]
fn a_validator_can_be_paid_as_miner_and_validator() {
	scenario().with_stake(CHARLIE, CHARLIE_HOT, 1, 50 * TAO).build_and_execute(|| {
		// Bob (2/3 of the stake) weights Charlie's validator and Dave's miner equally; Charlie
		// weights Dave's miner.
		set_weights(BOB_HOT, vec![2, 3], vec![1, 1]);
		set_weights(CHARLIE_HOT, vec![3], vec![1]);
		run_to_block(5);
		let preview = Dtao::epoch_preview(1).expect("preview");
		let charlie = preview.iter().find(|p| p.uid == 2).expect("uid 2");
		assert!(charlie.validator_permit && charlie.incentive > 0 && charlie.dividends > 0, "{charlie:?}");
		let before = stake(CHARLIE, CHARLIE_HOT, 1);
		run_to_block(8);
		assert_eq!(last_payout().recycled_alpha(), 0);
		assert!(stake(CHARLIE, CHARLIE_HOT, 1) > before);
	});
}

#[test]
fn the_epoch_preview_is_what_the_epoch_pays() {
	scenario().with_stake(BOB, BOB_HOT, 0, 1_000 * TAO).build_and_execute(|| {
		set_weights(BOB_HOT, vec![2, 3], vec![2, 1]);
		run_to_block(6);
		let preview = Dtao::epoch_preview(1).expect("preview");
		let before: Vec<(u64, u64)> = preview
			.iter()
			.map(|p| {
				(
					Dtao::stake_value(&HotkeyOwner::<Test>::get(p.hotkey).expect("owner"), &p.hotkey, 1),
					Dtao::stake_value(&HotkeyOwner::<Test>::get(p.hotkey).expect("owner"), &p.hotkey, 0),
				)
			})
			.collect();
		// The epoch, run now (same state as the preview).
		assert_ok!(run_epoch(1));
		let p = last_payout();
		assert_eq!(preview.iter().map(|n| n.incentive).sum::<u64>(), p.miner_alpha);
		assert_eq!(preview.iter().map(|n| n.dividends).sum::<u64>(), p.validator_alpha);
		assert_eq!(preview.iter().map(|n| n.root_tao).sum::<u64>(), p.root_tao);
		for (n, (alpha0, root0)) in preview.iter().zip(before) {
			let owner = HotkeyOwner::<Test>::get(n.hotkey).expect("owner");
			let owner_cut = if n.uid == 0 { p.owner_alpha } else { 0 };
			// Miners and the owner own their whole position; Bob owns his validator's pool
			// alone: each gains exactly its line (less a rao of share rounding on dividends).
			let gained = Dtao::stake_value(&owner, &n.hotkey, 1) - alpha0;
			let expected = n.incentive + n.dividends + owner_cut;
			assert!(gained == expected || gained + 1 == expected, "uid {}: {gained} vs {expected}", n.uid);
			let root_gained = Dtao::stake_value(&owner, &n.hotkey, 0) - root0;
			assert!(root_gained == n.root_tao || root_gained + 1 == n.root_tao, "uid {}", n.uid);
		}
	});
}

#[test]
fn set_weights_on_a_dissolved_or_unknown_subnet_fails() {
	scenario().build_and_execute(|| {
		assert_noop!(
			Dtao::set_weights(RuntimeOrigin::signed(BOB_HOT), 7, bounded(vec![2]), bounded(vec![1])),
			Error::<Test>::SubnetNotFound
		);
		assert!(!dtao_events().iter().any(|e| matches!(e, Event::WeightsSet { .. })));
	});
}

#[test]
fn an_epoch_writes_one_record_per_pool_paid_and_owes_the_owners_their_shares() {
	// Spec §5, lazy settlement. Bob validates with 100 alpha and 1,000 TAO on root; Charlie's
	// and Dave's miners earn 2 : 1. The first epoch (block 8) opens the miners' positions; from
	// then on an epoch writes only the share pools it pays.
	scenario().with_stake(BOB, BOB_HOT, 0, 1_000 * TAO).build_and_execute(|| {
		set_weights(BOB_HOT, vec![2, 3], vec![2, 1]);
		run_to_block(8);
		assert!(Stakes::<Test>::contains_key((1, CHARLIE_HOT, CHARLIE)));
		assert!(Stakes::<Test>::contains_key((1, DAVE_HOT, DAVE)));
		run_to_block(17);
		let positions: Vec<_> = Stakes::<Test>::iter().collect();
		let owners = [(CHARLIE, CHARLIE_HOT, 1), (DAVE, DAVE_HOT, 1), (BOB, BOB_HOT, 1), (BOB, BOB_HOT, 0)];
		let values_before: Vec<u64> = owners.iter().map(|(c, h, n)| stake(*c, *h, *n)).collect();
		let paid = Dtao::epoch_preview(1).expect("preview");
		let line = |uid: u16| paid.iter().find(|p| p.uid == uid).expect("uid").clone();
		let (bob, charlie, dave) = (line(1), line(2), line(3));
		assert!(charlie.incentive > 0 && dave.incentive > 0 && bob.dividends > 0 && bob.root_tao > 0);
		// The epoch, run now (the state the preview read).
		assert_ok!(run_epoch(1));
		assert!(last_payout().miner_alpha > 0);
		// No stored position was written: what the owners earned is owed in their pools.
		assert_eq!(Stakes::<Test>::iter().collect::<Vec<_>>(), positions);
		for (c, h, n) in owners {
			let pool = StakePools::<Test>::get(n, h).expect("pool");
			assert!(pool.owner_owed > 0, "{c} is owed shares of {h} on {n}");
		}
		// ... and it is theirs, to the rao: each owner holds its pools alone, so it gains its
		// incentive, its dividends (take included) and its root TAO, less a rao of share rounding.
		let values_after: Vec<u64> = owners.iter().map(|(c, h, n)| stake(*c, *h, *n)).collect();
		let gained: Vec<u64> = values_after.iter().zip(&values_before).map(|(a, b)| a - b).collect();
		// (Charlie's miner holds a permit since its first pay: it earns dividends too.)
		assert!(charlie.incentive + charlie.dividends - gained[0] <= 1);
		assert!(dave.incentive + dave.dividends - gained[1] <= 1);
		assert!(bob.dividends - gained[2] <= 1, "{} vs {}", gained[2], bob.dividends);
		assert!(bob.root_tao - gained[3] <= 1, "{} vs {}", gained[3], bob.root_tao);

		// A nominator's stake under Bob's hotkey leaves what Bob is owed where it is.
		let owed = StakePools::<Test>::get(1, BOB_HOT).expect("pool").owner_owed;
		assert_ok!(Dtao::add_stake(RuntimeOrigin::signed(CHARLIE), BOB_HOT, 1, 10 * TAO));
		clear_orders();
		assert_eq!(StakePools::<Test>::get(1, BOB_HOT).expect("pool").owner_owed, owed);
		assert_eq!(
			Stakes::<Test>::get((1, BOB_HOT, BOB)),
			positions.iter().find(|(k, _)| *k == (1, BOB_HOT, BOB)).map(|(_, s)| *s)
		);

		// Charlie's own unstake settles: the owed shares join his position, which then moves.
		let stored = Stakes::<Test>::get((1, CHARLIE_HOT, CHARLIE)).expect("position");
		let owed = StakePools::<Test>::get(1, CHARLIE_HOT).expect("pool").owner_owed;
		assert_ok!(Dtao::remove_stake(RuntimeOrigin::signed(CHARLIE), CHARLIE_HOT, 1, TAO / 10));
		let pool = StakePools::<Test>::get(1, CHARLIE_HOT).expect("pool");
		assert_eq!(pool.owner_owed, 0);
		assert_eq!(Stakes::<Test>::get((1, CHARLIE_HOT, CHARLIE)), Some(pool.shares));
		assert!(pool.shares < stored + owed);
		assert_eq!(stake(CHARLIE, CHARLIE_HOT, 1), values_after[0] - TAO / 10);
	});
}

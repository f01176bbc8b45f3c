//! The attack matrix: each attack is a named test with its numbers in the assertions.

use crate::{math::swap, mock::*, pallet::*, types::*, Event};
use frame_support::{assert_noop, assert_ok, traits::fungible::Inspect};
use sp_runtime::Perbill;

const ATTACKER: AccountId = 66;
const VICTIM: AccountId = 77;

/// A sandwich around a 100 TAO stake into a 1,000 / 1,000 pool, with a 1,000 TAO attacker.
/// Before batches (each call a swap at once, the block author ordering them: buy, the victim's
/// buy, sell), the victim lost 75 TAO of value and the attacker gained it less fees. In one
/// batch, every order of the block clears at one price: the attacker's buy pays the price the
/// victim pays, its sale (of alpha it held before the block) receives it, and it ends poorer by
/// its fees, while the victim gets more alpha than alone (the attacker's pair deepened the
/// market).
#[test]
fn a_sandwich_in_one_block_earns_the_attacker_nothing() {
	let fee = Params::default().swap_fee;
	let p0 = swap::Pool { tao: 1_000 * TAO, alpha: 1_000 * TAO };
	// Before: three swaps in the author's order.
	let alone = swap::buy(p0, 100 * TAO, fee, 0).expect("alone");
	let front = swap::buy(p0, 1_000 * TAO, fee, 0).expect("front");
	let victim = swap::buy(front.pool_after, 100 * TAO, fee, 0).expect("victim");
	let back = swap::sell(victim.pool_after, front.amount_out, fee, 0).expect("back");
	let old_gain = back.amount_out as i128 - 1_000 * TAO as i128;
	let old_loss =
		(alone.amount_out - victim.amount_out) as i128 * alone.pool_after.price().expect("p") as i128 / TAO as i128;
	assert!(old_loss > 75 * TAO as i128 && old_gain > 70 * TAO as i128, "{old_loss} {old_gain}");
	// Now: the attacker holds 1,000 TAO's alpha from an earlier block and, in the victim's
	// block, buys with 1,000 TAO and sells its alpha.
	ExtBuilder::default().with_subnet(1, 1_000 * TAO, 1_000 * TAO).with_neuron(1, BOB_HOT, BOB).build_and_execute(
		|| {
			fund(ATTACKER, 3_000 * TAO);
			fund(VICTIM, 1_000 * TAO);
			assert_ok!(Dtao::add_stake(RuntimeOrigin::signed(ATTACKER), BOB_HOT, 1, 1_000 * TAO));
			run_to_block(2);
			let held = Dtao::stake_value(&ATTACKER, &BOB_HOT, 1);
			let (tao0, p) = (free(ATTACKER), pool(1));
			let honest = crate::math::batch::clear(
				p,
				&[crate::math::batch::BatchOrder::new(Direction::Buy, 100 * TAO, fee, None)],
				0,
			)
			.expect("alone");
			assert_ok!(Dtao::add_stake(RuntimeOrigin::signed(ATTACKER), BOB_HOT, 1, 1_000 * TAO));
			assert_ok!(Dtao::add_stake(RuntimeOrigin::signed(VICTIM), BOB_HOT, 1, 100 * TAO));
			assert_ok!(Dtao::remove_stake(RuntimeOrigin::signed(ATTACKER), BOB_HOT, 1, held));
			clear_orders();
			let Some(Event::BatchCleared { price, buys: 2, sells: 1, .. }) = dtao_events().pop() else {
				panic!("one batch of three orders")
			};
			let victim_alpha = Dtao::stake_value(&VICTIM, &BOB_HOT, 1);
			let alpha_change = Dtao::stake_value(&ATTACKER, &BOB_HOT, 1) as i128 - held as i128;
			let gain = free(ATTACKER) as i128 - tao0 as i128 + alpha_change * price as i128 / TAO as i128;
			println!(
				"sandwich of a 100 TAO stake by 1,000 TAO: before batches the victim lost {:.4} TAO and the attacker \
			 gained {:.4}; in one batch the attacker gains {:.4} TAO (its fees) and the victim gets {} alpha, {} alone",
				old_loss as f64 / 1e9,
				old_gain as f64 / 1e9,
				gain as f64 / 1e9,
				victim_alpha,
				honest.fills[0].amount_out
			);
			// The attacker loses at least a fee (0.05% of 1,000 TAO on the buy alone).
			assert!(gain < -(TAO as i128) / 2 + 2, "{gain}");
			assert!(victim_alpha >= honest.fills[0].amount_out);
		},
	);
}

#[test]
fn n_small_stakes_never_beat_one_large() {
	ExtBuilder::default()
		.with_subnet(1, 1_000 * TAO, 1_000 * TAO)
		.with_subnet(2, 1_000 * TAO, 1_000 * TAO)
		.with_neurons(&[(1, BOB_HOT, BOB), (2, BOB_HOT, BOB)])
		.build_and_execute(|| {
			assert_ok!(Dtao::add_stake(RuntimeOrigin::signed(BOB), BOB_HOT, 1, 100 * TAO));
			for _ in 0..10 {
				assert_ok!(Dtao::add_stake(RuntimeOrigin::signed(CHARLIE), BOB_HOT, 2, 10 * TAO));
			}
			clear_orders();
			let (one, ten) = (Dtao::stake_value(&BOB, &BOB_HOT, 1), Dtao::stake_value(&CHARLIE, &BOB_HOT, 2));
			// One 100 TAO buy: 90_867_766_716 alpha; ten 10 TAO buys in one batch clear at its
			// price, each rounded down: no more than that, and less by at most a unit each.
			assert_eq!(one, 90_867_766_716);
			assert!(ten <= one && one - ten <= 10, "{ten} vs {one}");
		});
}

#[test]
fn first_staker_cannot_inflate_the_share_price_against_a_large_deposit() {
	// Bob's hotkey validates subnet 1 (tempo 9). The attacker is the first and only nominator
	// with the minimum stake, then the epoch pays the validator's dividends into that pool.
	ExtBuilder::market(9).with_neurons(&[(1, BOB_HOT, BOB), (1, CHARLIE_HOT, CHARLIE)]).build_and_execute(|| {
		fund(ATTACKER, 10 * TAO);
		fund(VICTIM, 10_000 * TAO);
		assert_ok!(Dtao::add_stake(RuntimeOrigin::signed(ATTACKER), BOB_HOT, 1, 2 * TAO));
		Parameters::<Test>::mutate(|p| p.min_validator_stake = 0);
		run_to_block(8);
		assert_ok!(Dtao::set_weights(RuntimeOrigin::signed(BOB_HOT), 1, bounded(vec![2]), bounded(vec![1])));
		run_to_block(18);
		let sp = StakePools::<Test>::get(1, BOB_HOT).expect("pool");
		assert!(sp.value > 2 * TAO, "dividends raised the pool");
		let quote = Dtao::quote_add_stake(1, 1_000 * TAO, None).expect("quote");
		assert_ok!(Dtao::add_stake(RuntimeOrigin::signed(VICTIM), BOB_HOT, 1, 1_000 * TAO));
		clear_orders();
		let got = Dtao::stake_value(&VICTIM, &BOB_HOT, 1);
		// The depositor keeps its alpha to within one unit.
		assert!(got + 1 >= quote.amount_out && got <= quote.amount_out, "{got} vs {}", quote.amount_out);
	});
}

#[test]
fn a_one_block_price_spike_moves_the_emission_share_by_at_most_the_ema_factor() {
	// With the default `MaxEmaPrice` (1.0) a spike above 1.0 moves the EMA not at all (see
	// `a_pumped_price_moves_the_ema_no_faster_than_a_price_of_one`); with the cap lifted, one
	// spiked block moves the share by at most the EMA factor.
	let params = Params { max_ema_price: 10 * TAO, ..Params::default() };
	ExtBuilder::default()
		.with_params(params)
		.with_market(1, 1_000 * TAO, 1_000 * TAO, TAO, 0)
		.with_market(2, 1_000 * TAO, 1_000 * TAO, TAO, 0)
		.with_neuron(1, BOB_HOT, BOB)
		.build_and_execute(|| {
			fund(ATTACKER, 10_000 * TAO);
			// The attacker doubles subnet 1's price just before the coinbase.
			assert_ok!(Dtao::add_stake(RuntimeOrigin::signed(ATTACKER), BOB_HOT, 1, 420 * TAO));
			clear_orders();
			let spike = pool(1).price().expect("price");
			assert!(spike > 2 * TAO - TAO / 100, "price now {spike}");
			run_to_block(2);
			run_to_block(3);
			// Block 3's share uses the EMA after one spiked update: ema = 1 + 3e-6 * (p - 1).
			// The share moves from 1/2 by at most E * a * (p - 1) / 2 = 1e9 * 3e-6 * 1.0 / 2 ~ 1_500 rao.
			let shift = Subnets::<Test>::get(1).expect("1").last_block.tao_in as i64 - 500_000_000;
			let bound = (TAO as u128 * 3_000 * (spike - TAO) as u128 / 1_000_000_000 / TAO as u128) as i64;
			assert!(shift >= 0 && shift <= bound, "shift {shift} > bound {bound}");
		});
}

/// What a position staked at block 17 (the block before subnet 1's epoch at 18; tempo 9, so an
/// epoch every 10 blocks) and sold `held` blocks later earned: `(root TAO, alpha)`, 1,000 TAO
/// staked on root and 10 TAO's alpha on the subnet, both under Bob's validator (which holds
/// 100 TAO of alpha and 6,000 TAO of root stake). Fees are not counted (root has none; the
/// alpha is measured before it is sold). `legacy`: the rules before vesting.
fn earned_holding(held: u64, legacy: bool) -> (u64, u64) {
	PreFairnessRules::set(legacy);
	let mut out = (0, 0);
	ExtBuilder::market(9)
		.with_neurons(&[(1, BOB_HOT, BOB), (1, CHARLIE_HOT, CHARLIE)])
		.with_stakes(&[(BOB, BOB_HOT, 1, 100 * TAO), (BOB, BOB_HOT, 0, 6_000 * TAO)])
		.build_and_execute(|| {
			fund(ATTACKER, 2_000 * TAO);
			assert_ok!(Dtao::set_weights(RuntimeOrigin::signed(BOB_HOT), 1, bounded(vec![2]), bounded(vec![1])));
			run_to_block(17);
			assert_ok!(Dtao::add_stake(RuntimeOrigin::signed(ATTACKER), BOB_HOT, 0, 1_000 * TAO));
			assert_ok!(Dtao::add_stake(RuntimeOrigin::signed(ATTACKER), BOB_HOT, 1, 10 * TAO));
			clear_orders();
			let alpha_in = Dtao::stake_value(&ATTACKER, &BOB_HOT, 1);
			run_to_block(17 + held);
			let root_out = Dtao::stake_value(&ATTACKER, &BOB_HOT, 0);
			let alpha_out = Dtao::stake_value(&ATTACKER, &BOB_HOT, 1);
			// Selling is allowed and pays exactly that value (root: no fee).
			let tao0 = Balances::balance(&ATTACKER);
			assert_ok!(Dtao::remove_stake(RuntimeOrigin::signed(ATTACKER), BOB_HOT, 0, root_out));
			assert_eq!(Balances::balance(&ATTACKER) - tao0, root_out);
			assert_ok!(Dtao::remove_stake(RuntimeOrigin::signed(ATTACKER), BOB_HOT, 1, alpha_out));
			out = (root_out - 1_000 * TAO, alpha_out - alpha_in);
		});
	PreFairnessRules::set(false);
	out
}

#[test]
fn a_position_earns_for_the_blocks_it_is_held_not_for_being_there_at_the_epoch() {
	// Held a whole epoch period (10 blocks: 17 to 27, the epoch at 18 inside).
	let (root_full, alpha_full) = earned_holding(10, false);
	assert!(root_full > TAO / 10 && alpha_full > TAO / 100, "{root_full} {alpha_full}");
	for held in [1u64, 2, 5] {
		let (root, alpha) = earned_holding(held, false);
		println!("held {held} of 10 blocks: {root} rao of root TAO, {alpha} of alpha (whole period: {root_full}, {alpha_full})");
		// At most held/10 of the whole period's earnings, plus a rao of rounding per block.
		assert!(root * 10 <= held * root_full + 10 * held, "root, {held} blocks: {root} vs {root_full}");
		assert!(alpha * 10 <= held * alpha_full + 10 * held, "alpha, {held} blocks: {alpha} vs {alpha_full}");
	}
	// The lever this closes: under the old rule, one block across the epoch earned what the
	// whole period earns (the epoch's payout at once, to whoever held then).
	let (root_legacy, alpha_legacy) = earned_holding(1, true);
	let (root_legacy_full, _) = earned_holding(10, true);
	println!("old rule, held 1 block: {root_legacy} rao of root TAO, {alpha_legacy} of alpha (whole period {root_legacy_full})");
	assert!(root_legacy * 10 > 8 * root_legacy_full, "{root_legacy} vs {root_legacy_full}");
}

/// A validator's root stake `R` is its mean over the tempo: 50,000 TAO staked on root for the
/// block before the epoch barely moves root's share of the subnet's validators.
#[test]
fn root_stake_held_for_one_block_does_not_set_roots_share_for_the_tempo() {
	let r_after = |legacy: bool| {
		PreFairnessRules::set(legacy);
		let mut r = 0;
		ExtBuilder::market(9)
			.with_neurons(&[(1, BOB_HOT, BOB)])
			.with_stakes(&[(BOB, BOB_HOT, 1, 100 * TAO), (BOB, BOB_HOT, 0, 1_000 * TAO)])
			.build_and_execute(|| {
				fund(ATTACKER, 60_000 * TAO);
				run_to_block(17);
				assert_ok!(Dtao::add_stake(RuntimeOrigin::signed(ATTACKER), BOB_HOT, 0, 50_000 * TAO));
				run_to_block(18);
				r = subnet(1).validators_root_stake;
			});
		PreFairnessRules::set(false);
		r
	};
	let (now, old) = (r_after(false), r_after(true));
	println!("R after a one-block 50,000 TAO root stake: {now} rao (old rule {old})");
	// Old rule: the stake of the epoch's block (1,000 + 50,000 TAO and the root TAO earned).
	assert!(old >= 51_000 * TAO);
	// Now: the mean over the 10 blocks since the last epoch: 1,000 TAO for 9 blocks and 51,000
	// for 1 is 6,000 TAO (measured 6,001.83: the root TAO Bob's pool earned since is in it),
	// and never more than is held now.
	assert!((6_000 * TAO..6_002 * TAO).contains(&now), "{now}");
}

#[test]
fn dust_stakes_from_many_fresh_coldkeys_grow_storage_only_with_what_they_paid() {
	ExtBuilder::default().with_subnet(1, 1_000 * TAO, 1_000 * TAO).with_neuron(1, BOB_HOT, BOB).build_and_execute(
		|| {
			let before = Stakes::<Test>::iter().count();
			for who in 1_000..1_050u64 {
				fund(who, TAO);
				// Below MinStake: refused, nothing stored.
				assert_noop!(
					Dtao::add_stake(RuntimeOrigin::signed(who), BOB_HOT, 1, 499_999),
					crate::Error::<Test>::AmountTooLow
				);
				assert_ok!(Dtao::add_stake(RuntimeOrigin::signed(who), BOB_HOT, 1, 500_000));
				clear_orders();
			}
			// 50 entries, each paid for with at least MinStake.
			assert_eq!(Stakes::<Test>::iter().count(), before + 50);
			assert_eq!(Subnets::<Test>::get(1).map(|s| s.positions), Some(50));
			for who in 1_000..1_050u64 {
				assert_ok!(Dtao::unstake_all(RuntimeOrigin::signed(who), BOB_HOT));
				clear_orders();
			}
			// Emptied positions are removed, and so is the emptied share pool.
			assert_eq!(Stakes::<Test>::iter().count(), before);
			assert_eq!(StakePools::<Test>::get(1, BOB_HOT), None);
		},
	);
}

#[test]
fn a_pool_at_the_reserve_floor_keeps_root_alpha_with_validators() {
	// Subnet 1's TAO side sits just above the floor (1e7 rao) and gets no injection (its EMA is
	// 0 beside subnet 2's 1.0): root's auto-sell would break the floor.
	ExtBuilder::default()
		.with_market(1, 10_000_001, 1_000 * TAO, 0, 5)
		.with_market(2, 1_000 * TAO, 1_000 * TAO, TAO, 0)
		.with_neuron(1, BOB_HOT, BOB)
		.with_stakes(&[(BOB, BOB_HOT, 1, 10 * TAO), (BOB, BOB_HOT, 0, 5_000 * TAO)])
		.build_and_execute(|| {
			run_to_block(6);
			assert!(Subnets::<Test>::get(1).expect("1").validators_root_stake > 0);
			run_to_block(7);
			let b = Subnets::<Test>::get(1).expect("1").last_block;
			// Nothing sold: the whole validators' half stayed alpha; nothing lost.
			assert_eq!((b.root_alpha, b.root_tao), (0, 0));
			assert_eq!(b.validators, 410_000_000);
			assert!(pool(1).tao >= 10_000_000);
		});
}

#[test]
fn dissolve_with_pending_emission_and_many_holders_pays_every_rao() {
	let mut builder = ExtBuilder::market(9).with_neuron(1, BOB_HOT, BOB);
	for who in 100..130u64 {
		builder = builder.with_stake(who, BOB_HOT, 1, (who - 99) * TAO);
	}
	builder.build_and_execute(|| {
		run_to_block(13);
		let pending = Subnets::<Test>::get(1).expect("1").pending;
		assert!(pending.owner_alpha > 0);
		let issuance = Balances::total_issuance();
		let before: u64 = (100..130u64).chain([ALICE, BOB]).map(|a| Balances::balance(&a)).sum();
		assert_ok!(Dtao::dissolve_network(RuntimeOrigin::root(), 1, Dtao::neuron_count(1)));
		// The pool after the settling epoch: what the holders and the pool's share split.
		let (pool_tao, recycled) = dtao_events()
			.into_iter()
			.find_map(|e| match e {
				Event::NetworkDissolving { holders_tao, owner_refund, recycled, .. } => {
					Some((holders_tao + owner_refund + recycled, recycled))
				},
				_ => None,
			})
			.expect("closed");
		run_to_block(14);
		assert!(!Dtao::is_dissolving(1), "the holders were paid in the next block's idle time");
		let after: u64 = (100..130u64).chain([ALICE, BOB]).map(|a| Balances::balance(&a)).sum();
		let dust = match last_event() {
			Event::NetworkDissolved { tao_burned, .. } => tao_burned,
			e => panic!("unexpected {e:?}"),
		};
		// Every rao of the pool: paid to holders and owner, or recycled (dust at most a rao a holder).
		assert_eq!(after - before + recycled + dust, pool_tao, "every rao of the pool accounted");
		assert!(dust <= 32);
		assert_eq!(Balances::total_issuance(), issuance - recycled - dust);
		assert_eq!(StakePools::<Test>::iter_prefix(1).count(), 0);
		assert_eq!(Stakes::<Test>::iter_prefix((1,)).count(), 0);
		assert_eq!(Weights::<Test>::iter_prefix(1).count(), 0);
		assert!(Neurons::<Test>::get(1).is_empty() && ValidatorPermits::<Test>::get(1).is_empty());
		assert!(Subnets::<Test>::get(1).is_none() && !EpochQueue::<Test>::get().contains(&1));
	});
}

#[test]
fn a_failing_subnet_step_is_rolled_back_and_the_others_are_paid() {
	ExtBuilder::market(0).with_market(2, 1_000 * TAO, 1_000 * TAO, TAO, 0).build().execute_with(|| {
		// Corrupt subnet 2 so its step overflows (alpha issuance past u64).
		Subnets::<Test>::mutate(2, |s| {
			if let Some(s) = s {
				s.alpha_out = u64::MAX - s.pool.alpha + 1;
			}
		});
		let before = Subnets::<Test>::get(2).expect("2");
		let issuance = Balances::total_issuance();
		run_to_block_unchecked(2);
		let after = Subnets::<Test>::get(2).expect("2");
		assert_eq!((after.pool, after.pending, after.alpha_out), (before.pool, before.pending, before.alpha_out));
		assert!(dtao_events().iter().any(|e| matches!(e, Event::CoinbaseFailed { netuid: 2, .. })));
		// Subnet 1 got its half of the emission.
		assert_eq!(Subnets::<Test>::get(1).expect("1").last_block.tao_in, 500_000_000);
		assert_eq!(Balances::total_issuance(), issuance + 500_000_000);
	});
}

#[test]
fn fee_changes_apply_to_the_next_trade_only() {
	ExtBuilder::default().with_subnet(1, 1_000 * TAO, 1_000 * TAO).with_neuron(1, BOB_HOT, BOB).build_and_execute(
		|| {
			assert_ok!(Dtao::set_parameter(RuntimeOrigin::root(), ParamUpdate::SwapFee(Perbill::from_percent(1))));
			let q = Dtao::quote_add_stake(1, 100 * TAO, None).expect("quote");
			assert_eq!(q.fee, TAO);
			assert_ok!(Dtao::add_stake(RuntimeOrigin::signed(BOB), BOB_HOT, 1, 100 * TAO));
			clear_orders();
			assert_eq!(Dtao::stake_value(&BOB, &BOB_HOT, 1), q.amount_out);
		},
	);
}

/// What a block author who also makes the next block can still take from a 100 TAO stake into a
/// 1,000 / 1,000 pool: it buys with `x` TAO in the victim's batch (the same price as the victim)
/// and sells everything first thing in the next block's batch. The victim's own purchase stays in
/// the pool, so the sale clears higher than the purchase did. Returns (the attacker's gain, the
/// alpha the victim got) in rao, the victim unlimited or with a limit 1% above its price alone.
fn two_block_sandwich(x: u64, limited: bool) -> (i128, u64) {
	let mut out = (0, 0);
	ExtBuilder::default().with_subnet(1, 1_000 * TAO, 1_000 * TAO).with_neuron(1, BOB_HOT, BOB).build_and_execute(
		|| {
			fund(ATTACKER, 10_000 * TAO);
			fund(VICTIM, 1_000 * TAO);
			let alone = Dtao::quote_add_stake(1, 100 * TAO, None).expect("quote").price;
			let tao0 = free(ATTACKER);
			if x > 0 {
				assert_ok!(Dtao::add_stake(RuntimeOrigin::signed(ATTACKER), BOB_HOT, 1, x));
			}
			let victim = RuntimeOrigin::signed(VICTIM);
			if limited {
				assert_ok!(Dtao::add_stake_limit(victim, BOB_HOT, 1, 100 * TAO, alone + alone / 100, true));
			} else {
				assert_ok!(Dtao::add_stake(victim, BOB_HOT, 1, 100 * TAO));
			}
			clear_orders();
			let held = Dtao::stake_value(&ATTACKER, &BOB_HOT, 1);
			if held > 0 {
				assert_ok!(Dtao::remove_stake(RuntimeOrigin::signed(ATTACKER), BOB_HOT, 1, held));
				clear_orders();
			}
			out = (free(ATTACKER) as i128 - tao0 as i128, Dtao::stake_value(&VICTIM, &BOB_HOT, 1));
		},
	);
	out
}

#[test]
fn a_block_author_with_two_blocks_takes_from_an_unlimited_stake_and_nothing_much_from_a_limited_one() {
	let (_, alone) = two_block_sandwich(0, false);
	for x in [100 * TAO, 1_000 * TAO, 5_000 * TAO] {
		let (gain, got) = two_block_sandwich(x, false);
		let (gain_limited, got_limited) = two_block_sandwich(x, true);
		println!(
			"two-block sandwich with {} TAO: unlimited victim gets {:.4} alpha (alone {:.4}), attacker gains {:.4} TAO; \
			 victim with a 1% limit gets {:.4} alpha, attacker gains {:.4} TAO",
			x / TAO,
			got as f64 / 1e9,
			alone as f64 / 1e9,
			gain as f64 / 1e9,
			got_limited as f64 / 1e9,
			gain_limited as f64 / 1e9
		);
		// Unlimited, the victim's purchase is worth taking (the attacker bought at the victim's
		// price and sold after it); with a 1% limit the attacker's buy is capped by the victim's
		// limit (more buying and the victim's order is partly refunded) and it gains at most a
		// small part of what it gains against an unlimited victim.
		assert!(gain > 0 && got < alone, "{gain} {got}");
		assert!(gain_limited < gain / 10 + TAO as i128 / 10, "{gain_limited} vs {gain}");
	}
}

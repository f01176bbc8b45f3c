//! The subnet lifecycle against a greedy participant (spec §2): the neuron registration burn
//! and pruning (squatting costs what it drives up, an idle squatter is replaced after its
//! immunity), and a dissolve that closes at once, pays every holder what selling all outside
//! alpha would return, runs in bounded steps, and cannot be front-run for profit.

use crate::{math::burn::BurnRule, mock::*, pallet::*, types::*, Error, Event, WeightInfo};
use frame_support::{assert_noop, assert_ok, dispatch::Pays, traits::Hooks, weights::Weight};
use proptest::prelude::*;

fn register_neuron(coldkey: AccountId, netuid: NetUid, hotkey: AccountId) {
	assert_ok!(Dtao::register_neuron(RuntimeOrigin::signed(coldkey), netuid, hotkey));
}

/// Dissolve `netuid` (governance) and step it to the end with permissionless calls.
fn dissolve_fully(netuid: NetUid) {
	assert_ok!(Dtao::dissolve_network(RuntimeOrigin::root(), netuid, Dtao::neuron_count(netuid)));
	while Dtao::is_dissolving(netuid) {
		assert_ok!(Dtao::dissolve_step(RuntimeOrigin::signed(POOR), netuid, 7));
		check_invariants();
	}
}

#[test]
fn squatting_a_subnet_costs_the_burns_it_drives_up() {
	ExtBuilder::default().with_subnet(1, 1_000 * TAO, 1_000 * TAO).build_and_execute(|| {
		let issuance = Balances::total_issuance();
		let bob0 = free(BOB);
		let mut paid = 0;
		for (k, hotkey) in (100..115u64).enumerate() {
			// The k-th registration of the interval: the base (0.1 TAO) doubled for every
			// `target` (2) registrations before it.
			let cost = Dtao::burn_cost(1).expect("a subnet");
			assert_eq!(cost, (TAO / 10) << (k / 2));
			register_neuron(BOB, 1, hotkey);
			assert_eq!(
				last_event(),
				Event::NeuronRegistered { netuid: 1, uid: k as u16 + 1, hotkey, coldkey: BOB, burn: cost }
			);
			paid += cost;
		}
		assert_eq!(Neurons::<Test>::get(1).len(), 16);
		// 0.1 TAO x (2 x (1 + 2 + ... + 64) + 128) = 38.2 TAO for 15 slots, all of it burned.
		assert_eq!(paid, 38_200_000_000);
		assert_eq!(bob0 - free(BOB), paid);
		assert_eq!(issuance - Balances::total_issuance(), paid);
	});
}

#[test]
fn squatting_256_slots_in_one_interval_costs_23_804_tao_at_the_defaults() {
	let p = Params::default();
	let rule = BurnRule {
		min: p.min_burn,
		max: p.max_burn,
		target: u32::from(p.target_registrations),
		interval: u64::from(p.adjustment_interval),
	};
	let mut state = BurnState::default();
	let mut total = 0u64;
	for _ in 0..256 {
		total += rule.cost(&state);
		state.registrations += 1;
	}
	// Registrations 0..20 pay 0.1 TAO doubled every two (204.6 TAO); from the 21st on the
	// doubling passes the 100 TAO ceiling: 236 x 100 TAO.
	println!("256 registrations in one interval burn {} TAO", total as f64 / TAO as f64);
	assert_eq!(total, 23_804_600_000_000);
	// And the next interval's base: 0.1 TAO x (256 + 2) / (2 x 2) = 6.45 TAO.
	assert_eq!(rule.roll(state, u64::from(p.adjustment_interval)).burn, 6_450_000_000);
}

#[test]
fn the_burn_rises_after_a_busy_interval_and_falls_back_when_idle() {
	ExtBuilder::default().with_subnet(1, 1_000 * TAO, 1_000 * TAO).build_and_execute(|| {
		// The interval (360 blocks) starts with the first registration, at block 1.
		for hotkey in 100..106u64 {
			register_neuron(BOB, 1, hotkey);
		}
		// Six registrations, three times the target: the base doubles, 0.1 -> 0.2 TAO.
		System::set_block_number(361);
		assert_eq!(Dtao::burn_cost(1), Ok(2 * TAO / 10));
		// Then two idle intervals: halved twice, held at the 0.1 TAO floor.
		System::set_block_number(361 + 2 * 360);
		assert_eq!(Dtao::burn_cost(1), Ok(TAO / 10));
		assert_noop!(Dtao::burn_cost(0), Error::<Test>::RootNotAllowed);
		assert_noop!(Dtao::burn_cost(9), Error::<Test>::SubnetNotFound);
	});
}

#[test]
fn burn_parameters_are_range_checked() {
	new_test_ext().execute_with(|| {
		let set = |u| Dtao::set_parameter(RuntimeOrigin::root(), u);
		assert_noop!(set(ParamUpdate::MinBurn(100 * TAO + 1)), Error::<Test>::InvalidParameter);
		assert_noop!(set(ParamUpdate::MaxBurn(TAO / 10 - 1)), Error::<Test>::InvalidParameter);
		assert_noop!(set(ParamUpdate::TargetRegistrations(0)), Error::<Test>::InvalidParameter);
		assert_noop!(set(ParamUpdate::AdjustmentInterval(0)), Error::<Test>::InvalidParameter);
		assert_ok!(set(ParamUpdate::ImmunityPeriod(0)));
		assert_ok!(set(ParamUpdate::MinBurn(0)));
		assert_eq!((Parameters::<Test>::get().immunity_period, Parameters::<Test>::get().min_burn), (0, 0));
	});
}

#[test]
fn a_miner_replaces_the_idle_squatter_after_its_immunity() {
	ExtBuilder::market(3).with_neuron(1, BOB_HOT, BOB).with_stake(BOB, BOB_HOT, 1, 100 * TAO).build_and_execute(|| {
		assert_ok!(Dtao::set_parameter(RuntimeOrigin::root(), ParamUpdate::ImmunityPeriod(10)));
		// Charlie squats the other 14 slots (uids 2..=15) and stakes a little under uid 2.
		for hotkey in 100..114u64 {
			register_neuron(CHARLIE, 1, hotkey);
		}
		assert_ok!(Dtao::add_stake(RuntimeOrigin::signed(CHARLIE), 100, 1, TAO));
		// Within the immunity nobody can be replaced: a named error, nothing changed.
		assert_noop!(Dtao::register_neuron(RuntimeOrigin::signed(ALICE), 1, 200), Error::<Test>::AllNeuronsImmune);
		// Bob's validator weights every squatter but uid 2; epochs at blocks 6 and 10 score
		// them (incentive), and Bob (dividends).
		let uids: Vec<u16> = (3..16).collect();
		assert_ok!(Dtao::set_weights(RuntimeOrigin::signed(BOB_HOT), 1, bounded(uids.clone()), bounded(vec![1; 13])));
		run_to_block(12);
		let states = NeuronStates::<Test>::get(1);
		assert_eq!(states[2].pruning_score, 0);
		assert!(states.iter().skip(3).all(|s| s.pruning_score > 0) && states[1].pruning_score > 0);
		// Past the immunity (registered at block 1, now 12): uid 2 has the lowest score.
		let burn = Dtao::burn_cost(1).expect("a subnet");
		let alice0 = free(ALICE);
		register_neuron(ALICE, 1, 200);
		let events = dtao_events();
		assert_eq!(
			events[events.len() - 2..],
			[
				Event::NeuronReplaced { netuid: 1, uid: 2, replaced: 100, hotkey: 200 },
				Event::NeuronRegistered { netuid: 1, uid: 2, hotkey: 200, coldkey: ALICE, burn },
			]
		);
		assert_eq!(alice0 - free(ALICE), burn);
		assert_eq!(Neurons::<Test>::get(1)[2], 200);
		assert_eq!(
			NeuronStates::<Test>::get(1)[2],
			NeuronState {
				registered_at: 12,
				pruning_score: 0,
				root_mark: crate::math::shares::StakeMark { stake_blocks: 0, at: 12 },
				root_stake: 0
			}
		);
		// Bob's weights on the other uids stand; the squatter's stake is still withdrawable.
		assert_eq!(Weights::<Test>::get(1, 1).map(|r| r.len()), Some(13));
		let held = stake(CHARLIE, 100, 1);
		assert!(held > 0);
		assert_ok!(Dtao::remove_stake(RuntimeOrigin::signed(CHARLIE), 100, 1, held));
		assert_eq!(stake(CHARLIE, 100, 1), 0);
	});
}

/// What `owner` receives over a whole dissolve of subnet 1, having first bought `buy` TAO of
/// its alpha (0: no buy). A holder (Bob) holds 300 alpha of a 1,000/1,000 pool.
fn owner_outcome(buy: u64) -> (u64, u64) {
	let mut out = (0, 0);
	ExtBuilder::default()
		.with_subnet(1, 1_000 * TAO, 1_000 * TAO)
		.with_neuron(1, BOB_HOT, BOB)
		.with_stake(BOB, BOB_HOT, 1, 300 * TAO)
		.build_and_execute(|| {
			let alice0 = free(ALICE);
			if buy > 0 {
				assert_ok!(Dtao::add_stake(RuntimeOrigin::signed(ALICE), ALICE_HOT, 1, buy));
				clear_orders();
			}
			let bob0 = free(BOB);
			// The payout rule alone, at once (as governance dissolves; an owner announces first
			// and cannot buy after announcing).
			assert_ok!(Dtao::dissolve_network(RuntimeOrigin::root(), 1, Dtao::neuron_count(1)));
			while Dtao::is_dissolving(1) {
				assert_ok!(Dtao::dissolve_step(RuntimeOrigin::signed(POOR), 1, 10));
			}
			out = (free(ALICE) + buy - alice0, free(BOB) - bob0);
		});
	out
}

#[test]
fn an_owner_who_buys_before_dissolving_loses_what_it_pays() {
	// No buy: Bob's 300 alpha is paid 300 x 1,000 / 1,300 TAO; the pool's share
	// (1,000 x 1,000 / 1,300 = 769.2 TAO) refunds Alice's 100 TAO seed, the rest is recycled.
	let (alice_plain, bob_plain) = owner_outcome(0);
	assert_eq!(bob_plain, 230_769_230_769);
	assert_eq!(alice_plain, 100 * TAO);
	// Buying 1,000 TAO first: Alice's alpha is paid a * T' / N < 1,000 TAO, the refund stays
	// capped at the seed, and Bob, who did nothing, is paid more.
	let (alice_gross, bob_after) = owner_outcome(1_000 * TAO);
	let alice_net = alice_gross as i128 - 1_000 * TAO as i128;
	println!(
		"owner front-run: without buying {} TAO back, buying 1,000 TAO first {} TAO back net; holder {} -> {} TAO",
		alice_plain as f64 / 1e9,
		alice_net as f64 / 1e9,
		bob_plain as f64 / 1e9,
		bob_after as f64 / 1e9
	);
	assert!(alice_net < alice_plain as i128, "buying before a dissolve paid the owner");
	// She bought a = 1,000 - 10^6 / 1,999.5 = 499.87 alpha (the fee stays in the pool: T' =
	// 2,000) and is paid a x 2,000 / 1,300 = 769.04 TAO for her 1,000: 230.96 TAO lost.
	let lost = alice_plain as i128 - alice_net;
	assert!((230 * TAO as i128..231 * TAO as i128).contains(&lost), "{lost}");
	assert!(bob_after > bob_plain);
}

/// Random pools, holders and buys: the buyer's payout is below what it paid, and an owner who
/// buys does no better than one who does not.
fn front_run(tao: u64, alpha: u64, holders: &[u64], buy: u64, buyer: AccountId) -> Option<(u64, u64)> {
	let mut builder = ExtBuilder::default().with_subnet(1, tao, alpha).with_neuron(1, BOB_HOT, BOB);
	for (i, amount) in holders.iter().enumerate() {
		builder = builder.with_stake(1_000 + i as u64, BOB_HOT, 1, *amount);
	}
	let mut out = None;
	builder.build_and_execute(|| {
		let before = free(buyer);
		let bought = buy > 0 && Dtao::add_stake(RuntimeOrigin::signed(buyer), ALICE_HOT, 1, buy).is_ok();
		if buy > 0 && !bought {
			return;
		}
		clear_orders();
		let spent = before - free(buyer);
		let after_buy = free(buyer);
		dissolve_fully(1);
		out = Some((spent, free(buyer) - after_buy));
	});
	out
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

	#[test]
	fn buying_before_a_dissolve_never_pays(
		tao in 1u64..100_000,
		alpha in 1u64..100_000,
		holders in prop::collection::vec(1u64..50_000, 0..5),
		buy in 1u64..5_000,
	) {
		let (tao, alpha, buy) = (tao * TAO / 10, alpha * TAO / 10, buy * TAO);
		let holders: Vec<u64> = holders.into_iter().map(|h| h * TAO / 100).collect();
		// An outsider (Charlie): paid strictly less than it paid.
		if let Some((spent, got)) = front_run(tao, alpha, &holders, buy, CHARLIE) {
			prop_assert!(got < spent, "outsider paid {spent}, got {got}");
		}
		// The owner (Alice): with the refund of the seed, still no better off than not buying.
		if let (Some((spent, got)), Some((_, plain))) =
			(front_run(tao, alpha, &holders, buy, ALICE), front_run(tao, alpha, &holders, 0, ALICE))
		{
			prop_assert!(got <= spent + plain, "owner paid {spent}, got {got}, {plain} without buying");
		}
	}
}

#[test]
fn ten_thousand_positions_are_dissolved_across_blocks_every_holder_paid_exactly() {
	let hotkeys = [ALICE_HOT, BOB_HOT, CHARLIE_HOT];
	let mut builder = ExtBuilder::default()
		.with_market(1, 10_000 * TAO, 10_000 * TAO, TAO, 0)
		.with_neurons(&[(1, BOB_HOT, BOB), (1, CHARLIE_HOT, CHARLIE)]);
	let holders: Vec<(AccountId, AccountId)> =
		(0..10_000u64).map(|i| (10_000 + i, hotkeys[(i % 3) as usize])).collect();
	for (i, (coldkey, hotkey)) in holders.iter().enumerate() {
		builder = builder.with_stake(*coldkey, *hotkey, 1, (i as u64 % 97 + 1) * TAO / 100);
	}
	builder.build_and_execute(|| {
		run_to_block(3);
		assert_ok!(Dtao::dissolve_network(RuntimeOrigin::root(), 1, Dtao::neuron_count(1)));
		// The settling epoch opened the owner's and the validators' own positions too.
		let state = Dissolving::<Test>::get(1).expect("dissolving");
		assert!(state.positions > 10_000);
		let (t, n) = (state.pool_tao as u128, state.alpha_issuance as u128);
		// What each position is paid for: its part of the pool with nothing left to vest (a
		// closing subnet pays the unvested dividends of its last epoch too), an owner's with
		// the shares the epochs owe it.
		let owed = |c: AccountId, h: AccountId| {
			let pool = StakePools::<Test>::get(1, h).expect("pool").fully_vested();
			let shares = Stakes::<Test>::get((1, h, c)).unwrap_or(0) + Dtao::owed_to(&c, &h, &pool);
			pool.value_of(shares) as u128
		};
		let values: Vec<u128> = holders.iter().map(|(c, h)| owed(*c, *h)).collect();
		let all_values: u128 = Stakes::<Test>::iter_prefix((1,)).map(|((h, c), _)| owed(c, h)).sum();
		let named = [ALICE, BOB, CHARLIE];
		let named_before: Vec<u64> = named.iter().map(|a| free(*a)).collect();

		// Hand the idle hook a real budget block by block (run_to_block's own is turned off).
		let budget = IdleWeight::get();
		IdleWeight::set(Weight::zero());
		let mut blocks = 0;
		let mut used: Vec<Weight> = Vec::new();
		while Dtao::is_dissolving(1) {
			used.push(Dtao::on_idle(System::block_number(), budget));
			check_invariants();
			run_to_block(System::block_number() + 1);
			blocks += 1;
			assert!(blocks <= 10, "dissolve stalls");
		}
		let per_block: Vec<u32> = dtao_events()
			.into_iter()
			.filter_map(
				|e| if let Event::DissolveStepped { positions_paid, .. } = e { Some(positions_paid) } else { None },
			)
			.collect();
		println!(
			"10,000 positions: {blocks} blocks, positions per block {per_block:?}, weight per block {:?} (budget {budget:?})",
			used.iter().map(|w| w.ref_time()).collect::<Vec<_>>()
		);
		assert!(blocks >= 2, "10,000 positions do not fit one block's idle weight");
		assert!(used.iter().all(|w| w.all_lte(budget)));
		assert_eq!(per_block.iter().sum::<u32>(), state.positions);

		// Every holder: its pro-rata share to within one rao; all together exactly the
		// holders' part less the recycled dust.
		let mut sum = 0u128;
		for ((coldkey, _), value) in holders.iter().zip(&values) {
			let got = free(*coldkey) as u128;
			let exact = value * t / n;
			assert!(got == exact || got == exact + 1, "holder {coldkey}: {got} vs {exact}");
			sum += got;
		}
		let burned = match last_event() {
			Event::NetworkDissolved { netuid: 1, tao_paid, tao_burned, positions } => {
				assert_eq!(positions, state.positions);
				let named_got: u64 = named.iter().zip(&named_before).map(|(a, b)| free(*a) - b).sum();
				assert_eq!(tao_paid as u128, sum + named_got as u128);
				tao_burned
			},
			e => panic!("unexpected {e:?}"),
		};
		let paid_all = state.holders_tao as u128 - burned as u128;
		// The cumulative rule: all positions together get exactly floor(Σ a_h T / N).
		assert_eq!(paid_all, all_values * t / n);
		assert!(sum <= paid_all && values.iter().sum::<u128>() * t / n <= sum + 1);

		// Nothing keyed by the netuid is left.
		assert!(!Subnets::<Test>::contains_key(1) && !Dissolving::<Test>::contains_key(1));
		assert!(!Neurons::<Test>::contains_key(1) && !NeuronStates::<Test>::contains_key(1));
		assert!(!Burns::<Test>::contains_key(1) && !ValidatorPermits::<Test>::contains_key(1));
		assert_eq!(Weights::<Test>::iter_prefix(1).count(), 0);
		assert_eq!(StakePools::<Test>::iter_prefix(1).count(), 0);
		assert_eq!(Stakes::<Test>::iter_prefix((1,)).count(), 0);
		assert!(!EpochQueue::<Test>::get().contains(&1));
		IdleWeight::set(budget);
	});
}

#[test]
fn on_idle_pays_at_most_max_idle_dissolve_positions_a_block() {
	// 20 holders and an idle budget for thousands: the count cap (3 here) binds, not the weight.
	let mut builder = ExtBuilder::market(0);
	for coldkey in 100..120u64 {
		builder = builder.with_stake(coldkey, ALICE_HOT, 1, TAO);
	}
	builder.build_and_execute(|| {
		MaxIdleDissolve::set(3);
		assert_ok!(Dtao::dissolve_network(RuntimeOrigin::root(), 1, Dtao::neuron_count(1)));
		let positions = Dissolving::<Test>::get(1).expect("dissolving").positions;
		assert!(positions >= 20, "{positions}");
		let step = Dtao::on_idle(System::block_number(), IdleWeight::get());
		let read = <<Test as frame_system::Config>::DbWeight as frame_support::traits::Get<
			frame_support::weights::RuntimeDbWeight,
		>>::get()
		.reads(1);
		assert_eq!(step, <Test as Config>::WeightInfo::dissolve_step(3) + read);
		assert_eq!(Dissolving::<Test>::get(1).expect("dissolving").positions_paid, 3);
		// run_to_block's own idle calls go on at 3 a block.
		let (start, left) = (System::block_number(), positions - 3);
		while Dtao::is_dissolving(1) {
			run_to_block(System::block_number() + 1);
			assert!(System::block_number() - start <= u64::from(left.div_ceil(3)), "stalls");
		}
		assert_eq!(System::block_number() - start, u64::from(left.div_ceil(3)));
		let paid: Vec<u32> = dtao_events()
			.into_iter()
			.filter_map(
				|e| if let Event::DissolveStepped { positions_paid, .. } = e { Some(positions_paid) } else { None },
			)
			.collect();
		assert!(paid.iter().all(|p| *p <= 3) && paid.iter().sum::<u32>() == positions, "{paid:?}");
		assert_eq!(paid.len(), 1 + left.div_ceil(3) as usize);
		MaxIdleDissolve::set(crate::DISSOLVE_BATCH_MAX);
	});
}

#[test]
fn a_dissolving_subnet_refuses_every_call_by_name_and_pays_nothing_out_of_turn() {
	ExtBuilder::market(9)
		.with_market(2, 1_000 * TAO, 1_000 * TAO, TAO, 9)
		.with_neurons(&[(1, BOB_HOT, BOB), (2, BOB_HOT, BOB)])
		.with_stakes(&[(BOB, BOB_HOT, 1, 10 * TAO), (BOB, BOB_HOT, 2, 10 * TAO)])
		.build_and_execute(|| {
			assert_ok!(Dtao::add_stake(RuntimeOrigin::signed(CHARLIE), BOB_HOT, 1, 5 * TAO));
			assert_noop!(Dtao::dissolve_step(RuntimeOrigin::signed(POOR), 1, 5), Error::<Test>::NotDissolving);
			assert_ok!(Dtao::dissolve_network(RuntimeOrigin::root(), 1, Dtao::neuron_count(1)));
			assert!(Dtao::is_dissolving(1));
			let bob = RuntimeOrigin::signed(BOB);
			let dissolving = || Error::<Test>::SubnetDissolving;
			assert_noop!(Dtao::add_stake(bob.clone(), BOB_HOT, 1, TAO), dissolving());
			assert_noop!(Dtao::remove_stake(bob.clone(), BOB_HOT, 1, TAO), dissolving());
			assert_noop!(Dtao::register_neuron(bob.clone(), 1, 50), dissolving());
			assert_noop!(
				Dtao::set_weights(RuntimeOrigin::signed(BOB_HOT), 1, bounded(vec![0]), bounded(vec![1])),
				dissolving()
			);
			assert_noop!(Dtao::swap_stake(bob.clone(), BOB_HOT, 1, 2, TAO), dissolving());
			assert_noop!(Dtao::swap_stake(bob.clone(), BOB_HOT, 2, 1, TAO), dissolving());
			assert_noop!(Dtao::dissolve_network(RuntimeOrigin::root(), 1, Dtao::neuron_count(1)), dissolving());
			assert_noop!(Dtao::burn_cost(1), dissolving());
			// Its netuid is not free until the end: a new subnet takes the next one.
			assert_ok!(Dtao::register_network(RuntimeOrigin::signed(CHARLIE), CHARLIE_HOT));
			assert!(Subnets::<Test>::contains_key(3));
			// A step is free for whoever makes progress with it.
			let info = Dtao::dissolve_step(RuntimeOrigin::signed(POOR), 1, 1);
			assert_eq!(info.map(|i| i.pays_fee), Ok(Pays::No));
			// No emission reaches it; the next block's idle time pays the rest.
			run_to_block(2);
			assert!(subnet(2).last_block.tao_in > 0 && !Subnets::<Test>::contains_key(1));
			while Dtao::is_dissolving(1) {
				run_to_block(System::block_number() + 1);
			}
			assert_ok!(Dtao::register_network(RuntimeOrigin::signed(BOB), 61));
			assert!(Subnets::<Test>::contains_key(1), "netuid 1 reused");
		});
}

/// A full subnet under honest churn for 30 tempos: a root validator (Bob's hotkey, 6,000 TAO on
/// root, no alpha), an alpha validator (Charlie's, 100 alpha) both weighting six miners, seven
/// idle neurons, and one newcomer registering every tempo past the genesis neurons' immunity
/// (20 blocks). Returns the
/// hotkeys replaced, in order.
fn churn(old_rules: bool) -> Vec<AccountId> {
	let mut replaced = Vec::new();
	let miners: Vec<(NetUid, AccountId, AccountId)> = (100..113u64).map(|h| (1, h, 5)).collect();
	let row: Vec<(u16, u16)> = (3..9u16).map(|uid| (uid, 1)).collect();
	ExtBuilder::market(9)
		.with_neurons(&[(1, BOB_HOT, BOB), (1, CHARLIE_HOT, CHARLIE)])
		.with_neurons(&miners)
		.with_stakes(&[(BOB, BOB_HOT, 0, 6_000 * TAO), (CHARLIE, CHARLIE_HOT, 1, 100 * TAO)])
		.with_weights(vec![(1, BOB_HOT, row.clone()), (1, CHARLIE_HOT, row)])
		.build_and_execute(|| {
			PreFairnessRules::set(old_rules);
			assert_eq!(Dtao::neuron_count(1), MaxNeurons::get());
			assert_ok!(Dtao::set_parameter(RuntimeOrigin::root(), ParamUpdate::ImmunityPeriod(20)));
			assert_ok!(Dtao::set_parameter(RuntimeOrigin::root(), ParamUpdate::AdjustmentInterval(10)));
			assert_ok!(Dtao::set_parameter(RuntimeOrigin::root(), ParamUpdate::TargetRegistrations(1)));
			// From block 24, past the genesis neurons' immunity: 30 tempos, a newcomer in each.
			for tempo in 2..32u64 {
				run_to_block(tempo * 10 + 4);
				register_neuron(CHARLIE, 1, 1_000 + tempo);
			}
			run_to_block(320);
			replaced = dtao_events()
				.into_iter()
				.filter_map(|e| if let Event::NeuronReplaced { replaced, .. } = e { Some(replaced) } else { None })
				.collect();
			PreFairnessRules::set(false);
		});
	replaced
}

#[test]
fn honest_churn_never_replaces_a_validator_that_carries_root() {
	let new = churn(false);
	let old = churn(true);
	println!("30 tempos of churn: {} replacements; the root validator replaced under the old pruning rule: {}, under the new: {}",
		new.len(), old.contains(&BOB_HOT), new.contains(&BOB_HOT));
	// Every tempo's newcomer found a slot past its immunity (the idle ones, then earlier
	// newcomers), and the root validator was never among them; nor the alpha validator.
	assert!(new.len() >= 25, "{}", new.len());
	assert!(!new.contains(&BOB_HOT) && !new.contains(&CHARLIE_HOT));
	// The old rule scored the root validator 0 (its dividends are root TAO): being the oldest
	// of the zeros, it went first.
	assert_eq!(old.first(), Some(&BOB_HOT));
}

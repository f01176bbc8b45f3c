//! Subnets, neurons, dissolution, parameters and genesis.

use crate::{mock::*, pallet::*, types::*, Call as DtaoCall, Error, Event};
use frame_support::{assert_noop, assert_ok, dispatch::GetDispatchInfo, traits::fungible::Inspect};
use sp_runtime::{DispatchError, Perbill};

fn register(coldkey: AccountId, hotkey: AccountId) {
	assert_ok!(Dtao::register_network(RuntimeOrigin::signed(coldkey), hotkey));
}

#[test]
fn first_registration_costs_the_minimum_and_burns_all_but_the_seed() {
	new_test_ext().execute_with(|| {
		let issuance = Balances::total_issuance();
		assert_eq!(Dtao::lock_cost(), 100 * TAO);
		register(BOB, BOB_HOT);
		let s = Subnets::<Test>::get(1).expect("subnet 1");
		// The pool is seeded with `PoolInitialTao` = the minimum lock (100 TAO) and as much
		// alpha: price 1.0, deep enough that pocket change does not move it.
		assert_eq!((s.pool.tao, s.pool.alpha, s.alpha_out), (100 * TAO, 100 * TAO, 0));
		assert_eq!(s.pool.price(), Some(TAO));
		assert_eq!((s.owner, s.owner_hotkey, s.tempo), (BOB, BOB_HOT, 360));
		assert_eq!(Balances::balance(&BOB), 9_900 * TAO);
		// The whole minimum lock seeded the pool: nothing was burned.
		assert_eq!(Balances::total_issuance(), issuance);
		assert_eq!(Neurons::<Test>::get(1).into_inner(), vec![BOB_HOT]);
		assert_eq!(HotkeyOwner::<Test>::get(BOB_HOT), Some(BOB));
		assert_eq!(
			dtao_events(),
			vec![
				Event::NetworkRegistered { netuid: 1, owner: BOB, hotkey: BOB_HOT, lock_cost: 100 * TAO, burned: 0 },
				Event::NeuronRegistered { netuid: 1, uid: 0, hotkey: BOB_HOT, coldkey: BOB, burn: 0 },
			]
		);
		check_invariants();
	});
}

#[test]
fn lock_cost_doubles_then_halves_every_half_life() {
	new_test_ext().execute_with(|| {
		register(BOB, BOB_HOT);
		// Same block: 2 * 100 TAO.
		assert_eq!(Dtao::lock_cost(), 200 * TAO);
		let issuance = Balances::total_issuance();
		register(CHARLIE, CHARLIE_HOT);
		// 200 TAO paid: 100 seed the pool, 100 are burned.
		assert_eq!(Balances::total_issuance(), issuance - 100 * TAO);
		assert_eq!(pool(2).tao, 100 * TAO);
		assert_eq!(Dtao::lock_cost(), 400 * TAO);
		// One half-life later: 2 * 200 / 2 = 200 TAO, exactly.
		System::set_block_number(1 + 38_880);
		assert_eq!(Dtao::lock_cost(), 200 * TAO);
		// Half a half-life: 400 / sqrt(2) = 282.842712474619... TAO, rounded up.
		System::set_block_number(1 + 19_440);
		let c = Dtao::lock_cost();
		assert!((282_842_712_474..=282_842_712_476).contains(&c), "{c}");
		// Long after: back to the minimum.
		System::set_block_number(1 + 38_880 * 10);
		assert_eq!(Dtao::lock_cost(), 100 * TAO);
		check_invariants();
	});
}

#[test]
fn register_network_refusals_change_nothing() {
	new_test_ext().execute_with(|| {
		assert_noop!(Dtao::register_network(RuntimeOrigin::signed(POOR), 44), Error::<Test>::InsufficientBalance);
		register(BOB, BOB_HOT);
		// Bob's hotkey is Bob's: Charlie cannot use it.
		assert_noop!(Dtao::register_network(RuntimeOrigin::signed(CHARLIE), BOB_HOT), Error::<Test>::NotHotkeyOwner);
		assert_ok!(Dtao::set_parameter(RuntimeOrigin::root(), ParamUpdate::RegistrationEnabled(false)));
		assert_noop!(
			Dtao::register_network(RuntimeOrigin::signed(CHARLIE), CHARLIE_HOT),
			Error::<Test>::RegistrationDisabled
		);
		assert_noop!(Dtao::register_network(RuntimeOrigin::none(), CHARLIE_HOT), DispatchError::BadOrigin);
		check_invariants();
	});
}

#[test]
fn max_subnets_is_enforced_and_netuids_are_reused() {
	let mut builder = ExtBuilder::default();
	for netuid in 1..MaxSubnets::get() {
		builder = builder.with_subnet(netuid, TAO, TAO);
	}
	builder.build_and_execute(|| {
		register(BOB, BOB_HOT);
		assert!(Subnets::<Test>::contains_key(MaxSubnets::get()));
		assert_noop!(
			Dtao::register_network(RuntimeOrigin::signed(CHARLIE), CHARLIE_HOT),
			Error::<Test>::SubnetLimitReached
		);
		assert_ok!(Dtao::dissolve_network(RuntimeOrigin::root(), 3, Dtao::neuron_count(3)));
		register(CHARLIE, CHARLIE_HOT);
		let s = Subnets::<Test>::get(3).expect("netuid 3 reused");
		assert_eq!((s.owner, s.pool.tao, s.alpha_out, s.positions), (CHARLIE, 100 * TAO, 0, 0));
		assert_eq!(Neurons::<Test>::get(3).into_inner(), vec![CHARLIE_HOT]);
	});
}

#[test]
fn register_neuron_assigns_uids_and_refuses_bad_input() {
	ExtBuilder::default().with_subnet(1, 100 * TAO, 100 * TAO).build_and_execute(|| {
		assert_ok!(Dtao::register_neuron(RuntimeOrigin::signed(BOB), 1, BOB_HOT));
		// The first registration of an interval burns the minimum, 0.1 TAO.
		assert_eq!(
			dtao_events().pop(),
			Some(Event::NeuronRegistered { netuid: 1, uid: 1, hotkey: BOB_HOT, coldkey: BOB, burn: TAO / 10 })
		);
		let bob = RuntimeOrigin::signed(BOB);
		assert_noop!(Dtao::register_neuron(bob.clone(), 1, BOB_HOT), Error::<Test>::NeuronAlreadyRegistered);
		assert_noop!(Dtao::register_neuron(RuntimeOrigin::signed(CHARLIE), 1, BOB_HOT), Error::<Test>::NotHotkeyOwner);
		assert_noop!(Dtao::register_neuron(bob.clone(), 0, 50), Error::<Test>::RootNotAllowed);
		assert_noop!(Dtao::register_neuron(bob.clone(), 2, 50), Error::<Test>::SubnetNotFound);
		for hotkey in 100..114 {
			assert_ok!(Dtao::register_neuron(bob.clone(), 1, hotkey));
		}
		// 16 neurons now (MaxNeurons), all registered this block: all immune, nothing replaced.
		assert_eq!(Neurons::<Test>::get(1).len(), 16);
		assert_noop!(Dtao::register_neuron(bob, 1, 200), Error::<Test>::AllNeuronsImmune);
	});
}

#[test]
fn dissolve_pays_every_holder_what_selling_all_outside_alpha_returns() {
	ExtBuilder::default().with_subnet(1, 1_000 * TAO, 1_000 * TAO).with_neuron(1, BOB_HOT, BOB).build_and_execute(
		|| {
			assert_ok!(Dtao::add_stake(RuntimeOrigin::signed(BOB), BOB_HOT, 1, 100 * TAO));
			assert_ok!(Dtao::add_stake(RuntimeOrigin::signed(CHARLIE), BOB_HOT, 1, 50 * TAO));
			assert_ok!(Dtao::add_stake(RuntimeOrigin::signed(CHARLIE), ALICE_HOT, 1, 10 * TAO));
			clear_orders();
			let s = subnet(1);
			let (t, a, out) = (s.pool.tao as u128, s.pool.alpha as u128, s.alpha_out as u128);
			assert_eq!(t, 1_160 * TAO as u128);
			let b = Dtao::stake_value(&BOB, &BOB_HOT, 1) as u128;
			let (bob0, charlie0, alice0) = (free(BOB), free(CHARLIE), free(ALICE));
			let issuance = Balances::total_issuance();
			assert_noop!(
				Dtao::dissolve_network(RuntimeOrigin::signed(BOB), 1, Dtao::neuron_count(1)),
				Error::<Test>::NotSubnetOwner
			);
			assert_noop!(
				Dtao::dissolve_network(RuntimeOrigin::root(), 0, Dtao::neuron_count(0)),
				Error::<Test>::RootNotAllowed
			);
			assert_noop!(
				Dtao::dissolve_network(RuntimeOrigin::root(), 7, Dtao::neuron_count(7)),
				Error::<Test>::SubnetNotFound
			);
			// A witness below the neuron count is refused before anything moves.
			let neurons = Dtao::neuron_count(1);
			assert!(neurons >= 1);
			assert_noop!(
				Dtao::dissolve_network(RuntimeOrigin::signed(ALICE), 1, neurons - 1),
				Error::<Test>::BadWitness
			);
			// An over-large witness is charged up front and refunded down to the real count.
			let info = DtaoCall::<Test>::dissolve_network { netuid: 1, neurons: 256 }.get_dispatch_info();
			assert_eq!(info.call_weight, Dtao::dissolve_network_weight(256));
			// (Governance dissolves at once; an owner announces first, see below.)
			let post = Dtao::dissolve_network(RuntimeOrigin::root(), 1, 256).expect("dissolves");
			assert_eq!(post.actual_weight, Some(Dtao::dissolve_network_weight(neurons)));
			assert!(Dtao::dissolve_network_weight(neurons).ref_time() < info.call_weight.ref_time());
			// Holders' part: alpha_out * T / (A + alpha_out); the pool's part refunds the owner up
			// to the 100 TAO seed; the rest is recycled.
			let holders = (out * t / (a + out)) as u64;
			let pool_share = t as u64 - holders;
			let refund = pool_share.min(100 * TAO);
			assert_eq!(
				last_event(),
				Event::NetworkDissolving {
					netuid: 1,
					holders_tao: holders,
					owner_refund: refund,
					recycled: pool_share - refund,
					positions: 3
				}
			);
			assert_eq!(free(ALICE) - alice0, refund);
			assert_eq!(Balances::total_issuance(), issuance - (pool_share - refund));
			// Two steps: two positions, then the last one (and the share pools).
			assert_ok!(Dtao::dissolve_step(RuntimeOrigin::signed(POOR), 1, 2));
			assert!(Dtao::is_dissolving(1));
			assert_ok!(Dtao::dissolve_step(RuntimeOrigin::signed(POOR), 1, 2));
			assert!(!Dtao::is_dissolving(1));
			let bob_got = (free(BOB) - bob0) as u128;
			let charlie_got = (free(CHARLIE) - charlie0) as u128;
			// Each holder within one rao of a_h T / (A + alpha_out); together at most the holders' part.
			let bob_exact = b * t / (a + out);
			assert!(bob_got == bob_exact || bob_got == bob_exact + 1, "{bob_got} vs {bob_exact}");
			assert!(bob_got + charlie_got <= holders as u128 && bob_got + charlie_got + 3 >= holders as u128);
			let burned = match last_event() {
				Event::NetworkDissolved { netuid: 1, tao_paid, tao_burned, positions: 3 } => {
					assert_eq!(tao_paid as u128, bob_got + charlie_got);
					tao_burned
				},
				e => panic!("unexpected {e:?}"),
			};
			assert_eq!(Balances::total_issuance(), issuance - (pool_share - refund) - burned);
			// Nothing keyed by the netuid is left.
			assert!(Subnets::<Test>::get(1).is_none());
			assert!(Neurons::<Test>::get(1).is_empty());
			assert_eq!(StakePools::<Test>::iter_prefix(1).count(), 0);
			assert_eq!(Stakes::<Test>::iter_prefix((1,)).count(), 0);
		},
	);
}

#[test]
fn an_owner_announces_a_dissolve_and_may_run_it_a_delay_later() {
	new_test_ext().execute_with(|| {
		register(BOB, BOB_HOT);
		assert_ok!(Dtao::set_parameter(RuntimeOrigin::root(), ParamUpdate::DissolveDelay(20)));
		assert_ok!(Dtao::set_parameter(RuntimeOrigin::root(), ParamUpdate::SubnetTempo { netuid: 1, tempo: 9 }));
		let now = System::block_number();
		// The first call announces: nothing else changes, and the subnet takes no new stake.
		assert_ok!(Dtao::dissolve_network(RuntimeOrigin::signed(BOB), 1, Dtao::neuron_count(1)));
		assert_eq!(last_event(), Event::DissolveAnnounced { netuid: 1, dissolves_at: now + 20 });
		assert!(Subnets::<Test>::contains_key(1) && !Dtao::is_dissolving(1));
		assert_noop!(
			Dtao::add_stake(RuntimeOrigin::signed(CHARLIE), BOB_HOT, 1, TAO),
			Error::<Test>::DissolveAnnounced
		);
		assert_noop!(
			Dtao::dissolve_network(RuntimeOrigin::signed(BOB), 1, Dtao::neuron_count(1)),
			Error::<Test>::DissolveNotDue
		);
		run_to_block(now + 19);
		assert_noop!(
			Dtao::dissolve_network(RuntimeOrigin::signed(BOB), 1, Dtao::neuron_count(1)),
			Error::<Test>::DissolveNotDue
		);
		run_to_block(now + 20);
		assert_ok!(Dtao::dissolve_network(RuntimeOrigin::signed(BOB), 1, Dtao::neuron_count(1)));
		assert!(Dtao::is_dissolving(1) && !DissolveAnnouncements::<Test>::contains_key(1));
		while Dtao::is_dissolving(1) {
			assert_ok!(Dtao::dissolve_step(RuntimeOrigin::signed(POOR), 1, 10));
		}
		// Bob held every alpha: the pool's TAO (his 100 TAO lock; nothing was injected, the
		// subnet's EMA is still 0) comes back to him, to a rao of rounding.
		assert!(Balances::balance(&BOB).abs_diff(10_000 * TAO) <= 1, "{}", Balances::balance(&BOB));
		check_invariants();
	});
}

#[test]
fn the_dissolve_delay_is_never_shorter_than_a_period() {
	new_test_ext().execute_with(|| {
		register(BOB, BOB_HOT);
		assert_ok!(Dtao::set_parameter(RuntimeOrigin::root(), ParamUpdate::DissolveDelay(0)));
		let now = System::block_number();
		let tempo = u64::from(subnet(1).tempo);
		assert_ok!(Dtao::dissolve_network(RuntimeOrigin::signed(BOB), 1, Dtao::neuron_count(1)));
		assert_eq!(DissolveAnnouncements::<Test>::get(1), Some(now + tempo + 1));
	});
}

#[test]
fn holders_keep_at_least_the_announcements_market_value_when_an_owner_sells_then_dissolves() {
	// The sell-then-dissolve attack: Alice, the owner, holds 2,000 alpha of a 2,000 TAO / 4,000
	// alpha pool beside Bob's 1,000; she sells it all, then dissolves. Her sale moves the price
	// for everyone (a market's risk); what the dissolve must not do is close the market on Bob
	// before he can act. She can only announce: Bob, selling during the delay or doing nothing
	// until the dissolve, gets at least what selling at the announcement would have paid (the
	// injections of the delay deepen the pool and his dividends grow his stake).
	let build = || {
		ExtBuilder::default()
			.with_market(1, 2_000 * TAO, 4_000 * TAO, TAO / 2, 9)
			.with_neuron(1, BOB_HOT, BOB)
			.with_stakes(&[(ALICE, ALICE_HOT, 1, 2_000 * TAO), (BOB, BOB_HOT, 1, 1_000 * TAO)])
	};
	// Alice sells and announces at block 3; Bob sells at block `sell_at` (0: never).
	let run = |sell_at: u64| -> (u64, u64) {
		let (mut at_announcement, mut got) = (0, 0);
		build().build_and_execute(|| {
			assert_ok!(Dtao::set_parameter(RuntimeOrigin::root(), ParamUpdate::DissolveDelay(20)));
			run_to_block(3);
			let alice = Dtao::stake_value(&ALICE, &ALICE_HOT, 1);
			assert_ok!(Dtao::remove_stake(RuntimeOrigin::signed(ALICE), ALICE_HOT, 1, alice));
			clear_orders();
			assert_ok!(Dtao::dissolve_network(RuntimeOrigin::signed(ALICE), 1, Dtao::neuron_count(1)));
			let bob_alpha = Dtao::stake_value(&BOB, &BOB_HOT, 1);
			at_announcement = Dtao::quote_remove_stake(1, bob_alpha, None).expect("quote").amount_out;
			let before = free(BOB);
			if sell_at > 0 {
				run_to_block(sell_at);
				let bob_alpha = Dtao::stake_value(&BOB, &BOB_HOT, 1);
				assert_ok!(Dtao::remove_stake(RuntimeOrigin::signed(BOB), BOB_HOT, 1, bob_alpha));
				clear_orders();
			} else {
				run_to_block(23);
				assert_ok!(Dtao::dissolve_network(RuntimeOrigin::signed(ALICE), 1, Dtao::neuron_count(1)));
				while Dtao::is_dissolving(1) {
					assert_ok!(Dtao::dissolve_step(RuntimeOrigin::signed(POOR), 1, 10));
				}
			}
			got = free(BOB) - before;
		});
		(at_announcement, got)
	};
	let (at_announcement, sold_next_block) = run(4);
	let (_, sold_late) = run(22);
	let (_, waited) = run(0);
	println!(
		"Bob after the owner sold: selling at the announcement {} TAO; selling the next block {}, 19 blocks \
		 later {}; waiting for the dissolve {}",
		at_announcement as f64 / 1e9,
		sold_next_block as f64 / 1e9,
		sold_late as f64 / 1e9,
		waited as f64 / 1e9
	);
	for got in [sold_next_block, sold_late, waited] {
		assert!(got >= at_announcement, "{got} < {at_announcement}");
	}
}

#[test]
fn set_parameter_is_admin_only_and_range_checked() {
	ExtBuilder::default().with_subnet(1, TAO, TAO).build_and_execute(|| {
		assert_noop!(
			Dtao::set_parameter(RuntimeOrigin::signed(ALICE), ParamUpdate::DefaultTempo(10)),
			DispatchError::BadOrigin
		);
		assert_ok!(Dtao::set_parameter(RuntimeOrigin::root(), ParamUpdate::TaoWeight(Perbill::from_percent(50))));
		assert_eq!(Parameters::<Test>::get().tao_weight, Perbill::from_percent(50));
		assert_ok!(Dtao::set_parameter(RuntimeOrigin::root(), ParamUpdate::SubnetTempo { netuid: 1, tempo: 7 }));
		assert_eq!(Subnets::<Test>::get(1).map(|s| s.tempo), Some(7));
		assert_noop!(
			Dtao::set_parameter(RuntimeOrigin::root(), ParamUpdate::SubnetTempo { netuid: 2, tempo: 7 }),
			Error::<Test>::SubnetNotFound
		);
		assert_noop!(
			Dtao::set_parameter(RuntimeOrigin::root(), ParamUpdate::SwapFee(Perbill::from_percent(11))),
			Error::<Test>::InvalidParameter
		);
		assert_noop!(
			Dtao::set_parameter(RuntimeOrigin::root(), ParamUpdate::EmaAlpha(Perbill::zero())),
			Error::<Test>::InvalidParameter
		);
		assert_noop!(
			Dtao::set_parameter(RuntimeOrigin::root(), ParamUpdate::MinLockCost(100 * TAO - 1)),
			Error::<Test>::InvalidParameter
		);
		assert_noop!(
			Dtao::set_parameter(RuntimeOrigin::root(), ParamUpdate::MaxValidators(17)),
			Error::<Test>::InvalidParameter
		);
		assert_ok!(Dtao::set_parameter(RuntimeOrigin::root(), ParamUpdate::MinLockCost(150 * TAO)));
		assert_eq!(Dtao::lock_cost(), 150 * TAO);
		assert_eq!(dtao_events().pop(), Some(Event::ParameterSet { update: ParamUpdate::MinLockCost(150 * TAO) }));
	});
}

#[test]
fn genesis_builds_subnets_neurons_and_stakes() {
	ExtBuilder::default()
		.with_subnet(1, 10 * TAO, 20 * TAO)
		.with_neuron(1, BOB_HOT, BOB)
		.with_stakes(&[(BOB, BOB_HOT, 1, 5 * TAO), (CHARLIE, BOB_HOT, 0, 3 * TAO)])
		.build_and_execute(|| {
			let s = Subnets::<Test>::get(1).expect("1");
			assert_eq!((s.pool.tao, s.pool.alpha, s.alpha_out, s.positions), (10 * TAO, 20 * TAO, 5 * TAO, 1));
			assert_eq!(Dtao::stake_value(&BOB, &BOB_HOT, 1), 5 * TAO);
			assert_eq!(Dtao::stake_value(&CHARLIE, &BOB_HOT, 0), 3 * TAO);
			assert_eq!(TotalRootStake::<Test>::get(), 3 * TAO);
			// ED + pool TAO + root stake.
			assert_eq!(Balances::balance(&Dtao::account_id()), 1 + 10 * TAO + 3 * TAO);
		});
}

#[test]
#[should_panic(expected = "invalid pallet-dtao genesis")]
fn genesis_refuses_a_pool_below_the_floor() {
	ExtBuilder::default().with_subnet(1, 1_000, 1_000).build();
}

#[test]
fn integrity_test_passes_for_the_mock() {
	use frame_support::traits::Hooks;
	<Dtao as Hooks<u64>>::integrity_test();
}

//! Staking calls: exact amounts on the success paths, and every refusal changes nothing.
//!
//! The standard scenario: subnet 1 with a 1,000 TAO / 1,000 alpha pool (price 1.0), subnet 2
//! with 400 TAO / 800 alpha (price 0.5), fee 0.05% (ceil), `MinReserve` 0.01 TAO. Expected
//! numbers come from the spec's formulas worked out in integers:
//! buy `x`: `fee = ceil(x * 0.0005)`, `out = A - ceil(T*A / (T + x - fee))`;
//! sell `y`: `fee = ceil(y * 0.0005)`, `out = T - ceil(T*A / (A + y - fee))`.

use crate::{mock::*, pallet::*, types::*, Error, Event, WeightInfo};
use frame_support::{assert_noop, assert_ok, dispatch::WithPostDispatchInfo};
use sp_runtime::DispatchError;

fn scenario() -> ExtBuilder {
	ExtBuilder::default().with_subnet(1, 1_000 * TAO, 1_000 * TAO).with_subnet(2, 400 * TAO, 800 * TAO).with_neurons(&[
		(1, BOB_HOT, BOB),
		(2, BOB_HOT, BOB),
		(1, CHARLIE_HOT, CHARLIE),
	])
}

/// A pool's reserves as `(tao, alpha)`.
fn reserves(netuid: NetUid) -> (u64, u64) {
	let p = pool(netuid);
	(p.tao, p.alpha)
}

/// Stake 100 TAO of Bob's under his hotkey on subnet 1.
fn bob_stakes_100() {
	assert_ok!(Dtao::add_stake(RuntimeOrigin::signed(BOB), BOB_HOT, 1, 100 * TAO));
	clear_orders();
}

#[test]
fn add_stake_buys_alpha_exactly() {
	scenario().build_and_execute(|| {
		let issuance = Balances::total_issuance();
		bob_stakes_100();
		// fee = ceil(100e9 * 0.0005) = 50_000_000; net = 99_950_000_000;
		// out = 1e12 - ceil(1e24 / 1_099_950_000_000) = 90_867_766_716.
		assert_eq!(stake(BOB, BOB_HOT, 1), 90_867_766_716);
		// The whole 100 TAO (fee included) is in the pool; k grew.
		assert_eq!(reserves(1), (1_100 * TAO, 909_132_233_284));
		assert!(1_100u128 * TAO as u128 * 909_132_233_284u128 >= 1_000u128 * TAO as u128 * 1_000 * TAO as u128);
		assert_eq!(alpha_out(1), 90_867_766_716);
		assert_eq!(free(BOB), 9_900 * TAO);
		assert_eq!(Balances::total_issuance(), issuance);
		// Alone in its batch, it clears at (1,000 + 99.95) / 1,000 TAO per alpha.
		assert!(deposited(Event::StakeAdded {
			coldkey: BOB,
			hotkey: BOB_HOT,
			netuid: 1,
			tao: 100 * TAO,
			fee: 50_000_000,
			alpha: 90_867_766_716,
			price: 1_099_950_000,
		}));
		assert_eq!(
			last_event(),
			Event::BatchCleared {
				netuid: 1,
				price: 1_099_950_000,
				buys: 1,
				sells: 0,
				net_tao: 100 * TAO as i128,
				net_alpha: -90_867_766_716
			}
		);
		assert_eq!(Subnets::<Test>::get(1).map(|s| s.positions), Some(1));
	});
}

#[test]
fn add_stake_on_root_is_one_to_one() {
	scenario().build_and_execute(|| {
		assert_ok!(Dtao::add_stake(RuntimeOrigin::signed(BOB), BOB_HOT, ROOT_NETUID, 7 * TAO));
		assert_eq!(stake(BOB, BOB_HOT, ROOT_NETUID), 7 * TAO);
		assert_eq!(TotalRootStake::<Test>::get(), 7 * TAO);
		assert_eq!(free(BOB), 9_993 * TAO);
		assert_eq!(
			last_event(),
			Event::StakeAdded {
				coldkey: BOB,
				hotkey: BOB_HOT,
				netuid: 0,
				tao: 7 * TAO,
				fee: 0,
				alpha: 7 * TAO,
				price: TAO
			}
		);
	});
}

#[test]
fn remove_stake_sells_alpha_exactly() {
	scenario().build_and_execute(|| {
		bob_stakes_100();
		// Pool (1_100e9, 909_132_233_284). Sell 50 alpha: fee = 25_000_000; net = 49_975_000_000;
		// out = 1.1e12 - ceil(1.1e12 * 909_132_233_284 / 959_107_233_284) = 57_316_323_026.
		assert_ok!(Dtao::remove_stake(RuntimeOrigin::signed(BOB), BOB_HOT, 1, 50 * TAO));
		clear_orders();
		assert_eq!(reserves(1), (1_042_683_676_974, 959_132_233_284));
		assert_eq!(stake(BOB, BOB_HOT, 1), 40_867_766_716);
		assert_eq!(alpha_out(1), 40_867_766_716);
		assert_eq!(free(BOB), 9_900 * TAO + 57_316_323_026);
		assert!(deposited(Event::StakeRemoved {
			coldkey: BOB,
			hotkey: BOB_HOT,
			netuid: 1,
			alpha: 50 * TAO,
			fee: 25_000_000,
			tao: 57_316_323_026,
			price: 1_146_899_910,
		}));
	});
}

#[test]
fn buy_then_sell_everything_returns_less_than_paid() {
	scenario().build_and_execute(|| {
		bob_stakes_100();
		assert_ok!(Dtao::remove_stake(RuntimeOrigin::signed(BOB), BOB_HOT, 1, 90_867_766_716));
		clear_orders();
		// Sell 90_867_766_716: fee 45_433_884, out = 99_909_105_373 < 100e9: fees stayed in the pool.
		assert_eq!(free(BOB), 9_900 * TAO + 99_909_105_373);
		assert_eq!(reserves(1), (1_000_090_894_627, 1_000 * TAO));
		assert_eq!(Stakes::<Test>::get((1, BOB_HOT, BOB)), None);
		assert_eq!(StakePools::<Test>::get(1, BOB_HOT), None);
		assert_eq!(Subnets::<Test>::get(1).map(|s| s.positions), Some(0));
	});
}

#[test]
fn root_unstake_is_one_to_one() {
	scenario().build_and_execute(|| {
		assert_ok!(Dtao::add_stake(RuntimeOrigin::signed(BOB), BOB_HOT, 0, 7 * TAO));
		assert_ok!(Dtao::remove_stake(RuntimeOrigin::signed(BOB), BOB_HOT, 0, 3 * TAO));
		assert_eq!(stake(BOB, BOB_HOT, 0), 4 * TAO);
		assert_eq!(TotalRootStake::<Test>::get(), 4 * TAO);
		assert_eq!(free(BOB), 9_996 * TAO);
	});
}

#[test]
fn add_stake_refusals_change_nothing() {
	scenario().build_and_execute(|| {
		let bob = RuntimeOrigin::signed(BOB);
		assert_noop!(Dtao::add_stake(bob.clone(), BOB_HOT, 9, 100 * TAO), Error::<Test>::SubnetNotFound);
		assert_noop!(Dtao::add_stake(bob.clone(), 999, 1, 100 * TAO), Error::<Test>::HotkeyNotRegistered);
		assert_noop!(Dtao::add_stake(bob.clone(), 999, 0, 100 * TAO), Error::<Test>::HotkeyNotRegistered);
		// Charlie's hotkey is a neuron of subnet 1 only.
		assert_noop!(Dtao::add_stake(bob.clone(), CHARLIE_HOT, 2, 100 * TAO), Error::<Test>::HotkeyNotOnSubnet);
		assert_noop!(Dtao::add_stake(bob.clone(), BOB_HOT, 1, 0), Error::<Test>::AmountTooLow);
		assert_noop!(Dtao::add_stake(bob.clone(), BOB_HOT, 1, 1), Error::<Test>::AmountTooLow);
		assert_noop!(Dtao::add_stake(bob.clone(), BOB_HOT, 1, 499_999), Error::<Test>::AmountTooLow);
		assert_noop!(Dtao::add_stake(bob.clone(), BOB_HOT, 1, 10_001 * TAO), Error::<Test>::InsufficientBalance);
		// Staking the whole balance would kill the account: refused (ED is 1).
		assert_noop!(Dtao::add_stake(bob.clone(), BOB_HOT, 1, 10_000 * TAO), Error::<Test>::InsufficientBalance);
		assert_noop!(Dtao::add_stake(bob.clone(), BOB_HOT, 1, u64::MAX), Error::<Test>::InsufficientBalance);
		assert_noop!(Dtao::add_stake(RuntimeOrigin::none(), BOB_HOT, 1, TAO), DispatchError::BadOrigin);
		// MinStake itself is accepted, and the balance minus the ED too.
		assert_ok!(Dtao::add_stake(bob.clone(), BOB_HOT, 1, 500_000));
		assert_ok!(Dtao::add_stake(bob, BOB_HOT, 0, free(BOB) - 1));
		assert_eq!(free(BOB), 1);
	});
}

#[test]
fn trades_stop_at_the_reserve_floor_and_zero_output() {
	ExtBuilder::default()
		.with_subnet(1, TAO, TAO)
		.with_subnet(2, 1_000_000_000 * TAO, 20_000_000)
		.with_neurons(&[(1, BOB_HOT, BOB), (2, BOB_HOT, BOB)])
		.build_and_execute(|| {
			let bob = RuntimeOrigin::signed(BOB);
			// 100 TAO into a 1/1 pool would leave ceil(1e18 / 100.95e9) = 9_905_894 alpha < 1e7.
			assert_noop!(Dtao::add_stake(bob.clone(), BOB_HOT, 1, 100 * TAO), Error::<Test>::ReserveFloorBreached);
			// 1 TAO: fee 500_000, out = 1e9 - ceil(1e18 / 1_999_500_000) = 499_874_968; fine.
			assert_ok!(Dtao::add_stake(bob.clone(), BOB_HOT, 1, TAO));
			clear_orders();
			assert_eq!(stake(BOB, BOB_HOT, 1), 499_874_968);
			// Subnet 2: 5e10 TAO per alpha unit: MinStake buys floor(...) = 0 alpha.
			assert_noop!(Dtao::add_stake(bob.clone(), BOB_HOT, 2, 500_000), Error::<Test>::ZeroOutput);
		});
}

#[test]
fn selling_into_a_thin_tao_side_is_refused_but_buying_is_allowed() {
	ExtBuilder::default()
		.with_subnet(1, 20_000_000, 20 * TAO)
		.with_neuron(1, BOB_HOT, BOB)
		.with_stake(BOB, BOB_HOT, 1, 100 * TAO)
		.build_and_execute(|| {
			let bob = RuntimeOrigin::signed(BOB);
			// Selling 100 alpha would take TAO to ceil(2e7 * 20e9 / 119.95e9) = 3_334_723 < 1e7.
			assert_noop!(Dtao::remove_stake(bob.clone(), BOB_HOT, 1, 100 * TAO), Error::<Test>::ReserveFloorBreached);
			// Buying adds TAO to the thin side: allowed (the floor is one-sided).
			assert_ok!(Dtao::add_stake(bob, BOB_HOT, 1, TAO));
		});
}

#[test]
fn remove_stake_refusals_change_nothing() {
	scenario().build_and_execute(|| {
		bob_stakes_100();
		let bob = RuntimeOrigin::signed(BOB);
		assert_noop!(Dtao::remove_stake(bob.clone(), BOB_HOT, 9, TAO), Error::<Test>::SubnetNotFound);
		assert_noop!(Dtao::remove_stake(bob.clone(), BOB_HOT, 1, 0), Error::<Test>::AmountTooLow);
		assert_noop!(Dtao::remove_stake(bob.clone(), CHARLIE_HOT, 1, TAO), Error::<Test>::NoStakeToRemove);
		assert_noop!(
			Dtao::remove_stake(RuntimeOrigin::signed(CHARLIE), BOB_HOT, 1, TAO),
			Error::<Test>::NoStakeToRemove
		);
		assert_noop!(Dtao::remove_stake(bob.clone(), BOB_HOT, 1, 90_867_766_717), Error::<Test>::NotEnoughStake);
		assert_noop!(Dtao::remove_stake(bob.clone(), BOB_HOT, 1, u64::MAX), Error::<Test>::NotEnoughStake);
		// 1 alpha: the fee takes it all and the output is 0.
		assert_noop!(Dtao::remove_stake(bob.clone(), BOB_HOT, 1, 1), Error::<Test>::ZeroOutput);
		// 1_000 alpha sells for less than MinStake and would leave a position open.
		assert_noop!(Dtao::remove_stake(bob.clone(), BOB_HOT, 1, 400_000), Error::<Test>::AmountTooLow);
		assert_noop!(Dtao::remove_stake(bob, BOB_HOT, 0, TAO), Error::<Test>::NoStakeToRemove);
	});
}

#[test]
fn dust_positions_can_always_leave() {
	scenario().build_and_execute(|| {
		bob_stakes_100();
		// Leave 300_000 alpha (worth less than MinStake), then close it.
		assert_ok!(Dtao::remove_stake(RuntimeOrigin::signed(BOB), BOB_HOT, 1, 90_867_766_716 - 300_000));
		assert_eq!(stake(BOB, BOB_HOT, 1), 300_000);
		assert_ok!(Dtao::remove_stake(RuntimeOrigin::signed(BOB), BOB_HOT, 1, 300_000));
		assert_eq!(Stakes::<Test>::get((1, BOB_HOT, BOB)), None);
	});
}

#[test]
fn add_stake_limit_at_just_past_and_far_past_the_price() {
	scenario().build_and_execute(|| {
		let bob = RuntimeOrigin::signed(BOB);
		// 100 TAO alone clears at (1,000 + 99.95) / 1,000 = 1.09995 TAO per alpha. A fill-or-kill
		// limit one rao below is placed (the batch might have had sellers) and refunded in full
		// at the clearing, nothing else changed.
		assert_ok!(Dtao::add_stake_limit(bob.clone(), BOB_HOT, 1, 100 * TAO, 1_099_949_999, false));
		assert_eq!(free(BOB), 9_900 * TAO);
		clear_orders();
		assert_eq!(free(BOB), 10_000 * TAO);
		assert_eq!((stake(BOB, BOB_HOT, 1), reserves(1)), (0, (1_000 * TAO, 1_000 * TAO)));
		assert!(deposited(Event::OrderRefunded {
			coldkey: BOB,
			hotkey: BOB_HOT,
			netuid: 1,
			side: Direction::Buy,
			amount: 100 * TAO
		}));
		// A limit at or below the current price (1.0) can never be kept by a buy alone.
		for limit in [TAO, 1, 0] {
			assert_ok!(Dtao::add_stake_limit(bob.clone(), BOB_HOT, 1, 100 * TAO, limit, true));
			clear_orders();
			assert_eq!((free(BOB), stake(BOB, BOB_HOT, 1)), (10_000 * TAO, 0));
		}
		// At the exact clearing price the full amount goes through.
		assert_ok!(Dtao::add_stake_limit(bob, BOB_HOT, 1, 100 * TAO, 1_099_950_000, false));
		clear_orders();
		assert_eq!(stake(BOB, BOB_HOT, 1), 90_867_766_716);
	});
}

#[test]
fn add_stake_limit_partial_fill_is_exact() {
	scenario().build_and_execute(|| {
		// Limit 1.05: the clearing price (1,000 + b) / 1,000 reaches it at b = 50 TAO net, 50.025012507
		// TAO with its part of the fee (ceil(0.05 TAO * 50 / 99.95) = 25_012_507), for
		// floor(50e9 / 1.05) = 47_619_047_619 alpha; the other 49.974987493 TAO is refunded.
		assert_ok!(Dtao::add_stake_limit(RuntimeOrigin::signed(BOB), BOB_HOT, 1, 100 * TAO, 1_050_000_000, true));
		clear_orders();
		assert_eq!(reserves(1), (1_050_025_012_507, 952_380_952_381));
		assert_eq!(stake(BOB, BOB_HOT, 1), 47_619_047_619);
		assert_eq!(free(BOB), 10_000 * TAO - 50_025_012_507);
		assert!(deposited(Event::StakeAdded {
			coldkey: BOB,
			hotkey: BOB_HOT,
			netuid: 1,
			tao: 50_025_012_507,
			fee: 25_012_507,
			alpha: 47_619_047_619,
			price: 1_050_000_000,
		}));
		assert!(deposited(Event::OrderRefunded {
			coldkey: BOB,
			hotkey: BOB_HOT,
			netuid: 1,
			side: Direction::Buy,
			amount: 49_974_987_493
		}));
		// Without partial fills the same request is refunded in full.
		assert_ok!(Dtao::add_stake_limit(
			RuntimeOrigin::signed(CHARLIE),
			CHARLIE_HOT,
			1,
			100 * TAO,
			1_050_000_000,
			false
		));
		clear_orders();
		assert_eq!((free(CHARLIE), stake(CHARLIE, CHARLIE_HOT, 1)), (10_000 * TAO, 0));
	});
}

#[test]
fn remove_stake_limit_partial_fill_is_exact() {
	scenario().build_and_execute(|| {
		bob_stakes_100();
		let bob = RuntimeOrigin::signed(BOB);
		// Pool (1_100e9, 909_132_233_284). 50 alpha alone clears at 1.146899910 < 1.15: a
		// fill-or-kill sale at 1.15 is refunded, alpha back to the position.
		assert_ok!(Dtao::remove_stake_limit(bob.clone(), BOB_HOT, 1, 50 * TAO, 1_150_000_000, false));
		assert_eq!(stake(BOB, BOB_HOT, 1), 40_867_766_716);
		clear_orders();
		assert_eq!((stake(BOB, BOB_HOT, 1), free(BOB)), (90_867_766_716, 9_900 * TAO));
		// With partial fills: 1,100 / (909.132233284 + s) >= 1.15 up to s = 47_389_505_846 net,
		// 47_413_212_453 with its fee part, for floor(s * 1,100 / 956.521739130) =
		// 54_497_931_722 rao; the rest goes back to the position.
		assert_ok!(Dtao::remove_stake_limit(bob.clone(), BOB_HOT, 1, 50 * TAO, 1_150_000_000, true));
		clear_orders();
		assert_eq!(reserves(1), (1_045_502_068_278, 956_545_445_737));
		assert_eq!(stake(BOB, BOB_HOT, 1), 90_867_766_716 - 47_413_212_453);
		assert_eq!(free(BOB), 9_900 * TAO + 54_497_931_722);
		assert!(deposited(Event::StakeRemoved {
			coldkey: BOB,
			hotkey: BOB_HOT,
			netuid: 1,
			alpha: 47_413_212_453,
			fee: 23_706_607,
			tao: 54_497_931_722,
			price: 1_150_000_000,
		}));
		// Limit 0 never binds on a sale.
		assert_ok!(Dtao::remove_stake_limit(bob, BOB_HOT, 1, 10 * TAO, 0, false));
		clear_orders();
		assert_eq!(stake(BOB, BOB_HOT, 1), 90_867_766_716 - 47_413_212_453 - 10 * TAO);
	});
}

#[test]
fn root_limits_compare_against_one() {
	scenario().build_and_execute(|| {
		let bob = RuntimeOrigin::signed(BOB);
		assert_noop!(
			Dtao::add_stake_limit(bob.clone(), BOB_HOT, 0, TAO, TAO - 1, true),
			Error::<Test>::SlippageTooHigh
		);
		assert_ok!(Dtao::add_stake_limit(bob.clone(), BOB_HOT, 0, TAO, TAO, false));
		assert_noop!(
			Dtao::remove_stake_limit(bob.clone(), BOB_HOT, 0, TAO, TAO + 1, true),
			Error::<Test>::SlippageTooHigh
		);
		assert_ok!(Dtao::remove_stake_limit(bob, BOB_HOT, 0, TAO, TAO, false));
	});
}

#[test]
fn swap_stake_sells_then_buys_through_tao() {
	scenario().build_and_execute(|| {
		bob_stakes_100();
		// Sell 90_867_766_716 on 1: fee 45_433_884, TAO 99_909_105_373.
		// Buy on 2 (400e9, 800e9) with it: fee 49_954_553, alpha 159_819_662_248.
		assert_ok!(Dtao::swap_stake(RuntimeOrigin::signed(BOB), BOB_HOT, 1, 2, 90_867_766_716));
		// Placed: the alpha left the position; the sale and the purchase clear at the block's end
		// (each alone in its batch here: what two swaps give).
		assert_eq!(stake(BOB, BOB_HOT, 1), 0);
		clear_orders();
		assert_eq!(reserves(1), (1_000_090_894_627, 1_000 * TAO));
		assert_eq!(reserves(2), (499_909_105_373, 640_180_337_752));
		assert_eq!(stake(BOB, BOB_HOT, 1), 0);
		assert_eq!(stake(BOB, BOB_HOT, 2), 159_819_662_248);
		assert_eq!((alpha_out(1), alpha_out(2)), (0, 159_819_662_248));
		assert_eq!(free(BOB), 9_900 * TAO);
		assert!(deposited(Event::StakeMoved {
			origin_coldkey: BOB,
			destination_coldkey: BOB,
			origin_hotkey: BOB_HOT,
			destination_hotkey: BOB_HOT,
			origin_netuid: 1,
			destination_netuid: 2,
			alpha_moved: 90_867_766_716,
			tao: 99_909_105_373,
			alpha_received: 159_819_662_248,
		}));
	});
}

#[test]
fn swap_stake_refusals_change_nothing() {
	scenario().build_and_execute(|| {
		bob_stakes_100();
		let bob = RuntimeOrigin::signed(BOB);
		assert_noop!(Dtao::swap_stake(bob.clone(), BOB_HOT, 1, 1, TAO), Error::<Test>::SameStakePosition);
		assert_noop!(Dtao::swap_stake(bob.clone(), BOB_HOT, 1, 9, TAO), Error::<Test>::SubnetNotFound);
		assert_noop!(Dtao::swap_stake(bob.clone(), BOB_HOT, 9, 1, TAO), Error::<Test>::SubnetNotFound);
		assert_noop!(Dtao::swap_stake(bob.clone(), BOB_HOT, 1, 2, 0), Error::<Test>::AmountTooLow);
		assert_noop!(Dtao::swap_stake(bob.clone(), BOB_HOT, 2, 1, TAO), Error::<Test>::NoStakeToRemove);
		assert_noop!(Dtao::swap_stake(bob.clone(), BOB_HOT, 1, 2, 91 * TAO), Error::<Test>::NotEnoughStake);
		// 100_000 alpha sells for far less than MinStake.
		assert_noop!(Dtao::swap_stake(bob, BOB_HOT, 1, 2, 100_000), Error::<Test>::AmountTooLow);
	});
}

#[test]
fn swap_stake_limit_bounds_the_relative_price() {
	scenario().build_and_execute(|| {
		bob_stakes_100();
		let bob = RuntimeOrigin::signed(BOB);
		// Now price 1 = 1.2099, price 2 = 0.5: one alpha of 1 is worth 2.4199 alpha of 2. A
		// relative limit of 2.3 binds the sale on subnet 1 at 2.3 * 0.5 = 1.15 TAO per alpha
		// (subnet 2's price before the block's batches). 90 alpha alone clear at 1.1010: a
		// fill-or-kill move is refunded, the stake stays on subnet 1.
		let limit = 2_300_000_000;
		assert_ok!(Dtao::swap_stake_limit(bob.clone(), BOB_HOT, 1, 2, 90 * TAO, limit, false));
		clear_orders();
		assert_eq!((stake(BOB, BOB_HOT, 1), stake(BOB, BOB_HOT, 2)), (90_867_766_716, 0));
		// With partial fills the sale stops at 1.15 (47.413212453 alpha, see
		// `remove_stake_limit_partial_fill_is_exact`), and its 54.497931722 TAO buy 95.884174399
		// alpha on subnet 2.
		assert_ok!(Dtao::swap_stake_limit(bob, BOB_HOT, 1, 2, 90 * TAO, limit, true));
		clear_orders();
		assert_eq!(stake(BOB, BOB_HOT, 1), 90_867_766_716 - 47_413_212_453);
		assert_eq!(stake(BOB, BOB_HOT, 2), 95_884_174_399);
		assert_eq!(reserves(1), (1_045_502_068_278, 956_545_445_737));
		assert_eq!(reserves(2), (454_497_931_722, 704_115_825_601));
		assert!(deposited(Event::StakeMoved {
			origin_coldkey: BOB,
			destination_coldkey: BOB,
			origin_hotkey: BOB_HOT,
			destination_hotkey: BOB_HOT,
			origin_netuid: 1,
			destination_netuid: 2,
			alpha_moved: 47_413_212_453,
			tao: 54_497_931_722,
			alpha_received: 95_884_174_399,
		}));
	});
}

#[test]
fn move_stake_limit_is_fill_or_kill_to_the_rao() {
	scenario().build_and_execute(|| {
		bob_stakes_100();
		assert_ok!(Dtao::register_neuron(RuntimeOrigin::signed(CHARLIE), 2, CHARLIE_HOT));
		let bob = RuntimeOrigin::signed(BOB);
		let limit = 2_300_000_000;
		// The sale at 1.15 or better fills up to 47_389_505_846 alpha after the fee: a
		// fill-or-kill move of 47_413_212_453 fills, one rao more is refunded whole.
		let max = 47_413_212_453;
		assert_ok!(Dtao::move_stake_limit(bob.clone(), BOB_HOT, CHARLIE_HOT, 1, 2, max + 1, limit, false));
		clear_orders();
		assert_eq!((stake(BOB, BOB_HOT, 1), stake(BOB, CHARLIE_HOT, 2)), (90_867_766_716, 0));
		assert!(deposited(Event::OrderRefunded {
			coldkey: BOB,
			hotkey: BOB_HOT,
			netuid: 1,
			side: Direction::Sell,
			amount: max + 1
		}));
		assert_ok!(Dtao::move_stake_limit(bob, BOB_HOT, CHARLIE_HOT, 1, 2, max, limit, false));
		clear_orders();
		assert_eq!(stake(BOB, BOB_HOT, 1), 90_867_766_716 - max);
		assert_eq!(stake(BOB, CHARLIE_HOT, 2), 95_884_174_399);
	});
}

#[test]
fn move_stake_limit_with_partial_fill_moves_exactly_the_most_the_limit_allows() {
	scenario().build_and_execute(|| {
		bob_stakes_100();
		assert_ok!(Dtao::register_neuron(RuntimeOrigin::signed(CHARLIE), 2, CHARLIE_HOT));
		let limit = 2_300_000_000;
		let bob = RuntimeOrigin::signed(BOB);
		assert_ok!(Dtao::move_stake_limit(bob, BOB_HOT, CHARLIE_HOT, 1, 2, 90 * TAO, limit, true));
		clear_orders();
		assert_eq!(stake(BOB, BOB_HOT, 1), 90_867_766_716 - 47_413_212_453);
		assert_eq!(stake(BOB, CHARLIE_HOT, 2), 95_884_174_399);
		// A limit above the current relative price (3.0: a sale at 1.5 or better on a pool at
		// 1.0889 now) moves nothing, even with partial fills.
		let left = stake(BOB, BOB_HOT, 1);
		assert_ok!(Dtao::move_stake_limit(
			RuntimeOrigin::signed(BOB),
			BOB_HOT,
			CHARLIE_HOT,
			1,
			2,
			TAO,
			3_000_000_000,
			true
		));
		clear_orders();
		assert_eq!(stake(BOB, BOB_HOT, 1), left);
	});
}

#[test]
fn transfer_stake_limit_is_exact_both_ways() {
	scenario().build_and_execute(|| {
		bob_stakes_100();
		let limit = 2_300_000_000;
		let max = 47_413_212_453;
		assert_ok!(Dtao::transfer_stake_limit(
			RuntimeOrigin::signed(BOB),
			CHARLIE,
			BOB_HOT,
			1,
			2,
			max + 1,
			limit,
			false
		));
		clear_orders();
		assert_eq!((stake(BOB, BOB_HOT, 1), stake(CHARLIE, BOB_HOT, 2)), (90_867_766_716, 0));
		let bob = RuntimeOrigin::signed(BOB);
		assert_ok!(Dtao::transfer_stake_limit(bob, CHARLIE, BOB_HOT, 1, 2, 90 * TAO, limit, true));
		clear_orders();
		assert_eq!(stake(BOB, BOB_HOT, 1), 90_867_766_716 - max);
		assert_eq!(stake(CHARLIE, BOB_HOT, 2), 95_884_174_399);
		assert!(deposited(Event::StakeMoved {
			origin_coldkey: BOB,
			destination_coldkey: CHARLIE,
			origin_hotkey: BOB_HOT,
			destination_hotkey: BOB_HOT,
			origin_netuid: 1,
			destination_netuid: 2,
			alpha_moved: max,
			tao: 54_497_931_722,
			alpha_received: 95_884_174_399,
		}));
	});
}

#[test]
fn move_stake_within_a_subnet_is_no_swap() {
	scenario().build_and_execute(|| {
		bob_stakes_100();
		let before = reserves(1);
		assert_ok!(Dtao::move_stake(RuntimeOrigin::signed(BOB), BOB_HOT, CHARLIE_HOT, 1, 1, 40 * TAO));
		assert_eq!(reserves(1), before);
		assert_eq!(stake(BOB, BOB_HOT, 1), 50_867_766_716);
		assert_eq!(stake(BOB, CHARLIE_HOT, 1), 40 * TAO);
		assert_eq!(alpha_out(1), 90_867_766_716);
		assert_eq!(Subnets::<Test>::get(1).map(|s| s.positions), Some(2));
		assert_noop!(
			Dtao::move_stake(RuntimeOrigin::signed(BOB), BOB_HOT, BOB_HOT, 1, 1, TAO),
			Error::<Test>::SameStakePosition
		);
		assert_noop!(
			Dtao::move_stake(RuntimeOrigin::signed(BOB), BOB_HOT, 999, 1, 1, TAO),
			Error::<Test>::HotkeyNotRegistered
		);
	});
}

#[test]
fn move_stake_to_and_from_root() {
	scenario().build_and_execute(|| {
		bob_stakes_100();
		// 40 alpha of subnet 1 sell for 46_335_932_103 rao (fee 20_000_000), staked 1:1 on root.
		assert_ok!(Dtao::move_stake(RuntimeOrigin::signed(BOB), BOB_HOT, BOB_HOT, 1, 0, 40 * TAO));
		clear_orders();
		assert_eq!(stake(BOB, BOB_HOT, 0), 46_335_932_103);
		assert_eq!(TotalRootStake::<Test>::get(), 46_335_932_103);
		assert_eq!(reserves(1), (1_053_664_067_897, 949_132_233_284));
		// 100 TAO of root buys 159_935_993_599 alpha of subnet 2 (fee 50_000_000).
		assert_ok!(Dtao::add_stake(RuntimeOrigin::signed(CHARLIE), BOB_HOT, 0, 100 * TAO));
		assert_ok!(Dtao::swap_stake(RuntimeOrigin::signed(CHARLIE), BOB_HOT, 0, 2, 100 * TAO));
		// The root stake left at once (its TAO waits in subnet 2's batch).
		assert_eq!(TotalRootStake::<Test>::get(), 46_335_932_103);
		clear_orders();
		assert_eq!(stake(CHARLIE, BOB_HOT, 2), 159_935_993_599);
		assert_eq!(reserves(2), (500 * TAO, 640_064_006_401));
		assert_eq!(TotalRootStake::<Test>::get(), 46_335_932_103);
	});
}

#[test]
fn transfer_stake_gives_stake_to_another_coldkey() {
	scenario().build_and_execute(|| {
		bob_stakes_100();
		assert_ok!(Dtao::transfer_stake(RuntimeOrigin::signed(BOB), CHARLIE, BOB_HOT, 1, 1, 30 * TAO));
		assert_eq!(stake(CHARLIE, BOB_HOT, 1), 30 * TAO);
		assert_eq!(stake(BOB, BOB_HOT, 1), 60_867_766_716);
		// Across subnets: sell on 1, buy on 2, credited to Charlie.
		assert_ok!(Dtao::transfer_stake(RuntimeOrigin::signed(BOB), CHARLIE, BOB_HOT, 1, 2, 60_867_766_716));
		clear_orders();
		assert_eq!(stake(BOB, BOB_HOT, 1), 0);
		assert!(stake(CHARLIE, BOB_HOT, 2) > 0);
		assert_noop!(
			Dtao::transfer_stake(RuntimeOrigin::signed(CHARLIE), CHARLIE, BOB_HOT, 1, 1, TAO),
			Error::<Test>::SameStakePosition
		);
	});
}

#[test]
fn unstake_all_sells_every_position_of_the_hotkey() {
	scenario().build_and_execute(|| {
		bob_stakes_100();
		assert_ok!(Dtao::add_stake(RuntimeOrigin::signed(BOB), BOB_HOT, 2, 100 * TAO));
		assert_ok!(Dtao::add_stake(RuntimeOrigin::signed(BOB), BOB_HOT, 0, 5 * TAO));
		clear_orders();
		let q1 = Dtao::quote_remove_stake(1, stake(BOB, BOB_HOT, 1), None).expect("q1");
		let q2 = Dtao::quote_remove_stake(2, stake(BOB, BOB_HOT, 2), None).expect("q2");
		let before = free(BOB);
		assert_ok!(Dtao::unstake_all(RuntimeOrigin::signed(BOB), BOB_HOT));
		// Root is paid at once; the subnets' sales clear with their batches.
		assert_eq!(free(BOB), before + 5 * TAO);
		clear_orders();
		assert_eq!(free(BOB), before + q1.amount_out + q2.amount_out + 5 * TAO);
		assert_eq!(q1.amount_out, 99_909_105_373);
		for n in [0, 1, 2] {
			assert_eq!(Stakes::<Test>::get((n, BOB_HOT, BOB)), None);
		}
		// Refused, and charged for the three subnets it looked at (root, 1, 2).
		assert_noop!(
			Dtao::unstake_all(RuntimeOrigin::signed(BOB), BOB_HOT),
			Error::<Test>::NoStakeToRemove.with_weight(<Test as Config>::WeightInfo::unstake_all(3))
		);
	});
}

#[test]
fn unstake_all_is_all_or_nothing() {
	ExtBuilder::default()
		.with_subnet(1, 1_000 * TAO, 1_000 * TAO)
		.with_subnet(2, 20_000_000, 20 * TAO)
		.with_neurons(&[(1, BOB_HOT, BOB), (2, BOB_HOT, BOB)])
		.with_stake(BOB, BOB_HOT, 2, 100 * TAO)
		.build_and_execute(|| {
			bob_stakes_100();
			// Subnet 2's position cannot be sold (TAO floor), so nothing is.
			assert_noop!(
				Dtao::unstake_all(RuntimeOrigin::signed(BOB), BOB_HOT),
				Error::<Test>::ReserveFloorBreached.with_weight(<Test as Config>::WeightInfo::unstake_all(3))
			);
		});
}

#[test]
fn nominators_share_a_hotkey_pool() {
	scenario().build_and_execute(|| {
		bob_stakes_100();
		assert_ok!(Dtao::add_stake(RuntimeOrigin::signed(CHARLIE), BOB_HOT, 1, 100 * TAO));
		let sp = StakePools::<Test>::get(1, BOB_HOT).expect("pool");
		let (b, c) = (stake(BOB, BOB_HOT, 1), stake(CHARLIE, BOB_HOT, 1));
		assert_eq!(b, 90_867_766_716);
		assert!(b + c <= sp.value && sp.value - (b + c) <= 2);
		assert_eq!(sp.value, alpha_out(1));
	});
}

/// What a stake is charged (issue 31, goal 2): placing its order, plus its share of clearing
/// its subnet's batch. The order that opens the batch pays for a batch of one (the batch's
/// fixed part); every later order is refunded to what one more order adds; so a batch's orders
/// pay exactly `clear_batch(n)` between them on top of their placements. A root stake (no batch)
/// and a refused call are charged what was declared.
#[test]
fn a_stake_pays_its_placement_and_its_share_of_the_batch() {
	use frame_support::dispatch::GetDispatchInfo;
	scenario().build_and_execute(|| {
		let w = |n| <Test as Config>::WeightInfo::clear_batch(n);
		let place = <Test as Config>::WeightInfo::add_stake();
		let declared =
			crate::Call::<Test>::add_stake { hotkey: BOB_HOT, netuid: 1, amount: TAO }.get_dispatch_info().call_weight;
		assert_eq!(declared, place + w(1));
		let charged = |r: frame_support::dispatch::DispatchResultWithPostInfo| {
			r.expect("placed").actual_weight.expect("reports its weight")
		};
		let n: u32 = <<Test as Config>::MaxOrdersPerBlock as frame_support::traits::Get<u32>>::get();
		let mut paid = Vec::new();
		for who in 0..u64::from(n) {
			fund(1_000 + who, 10 * TAO);
			paid.push(charged(Dtao::add_stake(RuntimeOrigin::signed(1_000 + who), BOB_HOT, 1, TAO)));
		}
		// The first pays a batch of one; each later one the batch's cost per order.
		assert_eq!(paid[0], declared);
		assert!(paid[1..].iter().all(|p| *p == place + (w(2) - w(1))));
		// Together: their placements and exactly the clearing of their batch.
		let total = paid.iter().fold(frame_support::weights::Weight::zero(), |a, p| a + *p);
		assert_eq!(total, place * u64::from(n) + w(n));
		println!(
			"a batch of {n}: the opener pays {} ps, each other {} ps ({:.0}% of the opener's); all {n} pay clear_batch({n}) + {n} placements",
			paid[0].ref_time(),
			paid[1].ref_time(),
			paid[1].ref_time() as f64 * 100.0 / paid[0].ref_time() as f64
		);
		// Once the block's batches cleared, a sale that opens subnet 2's batch pays a batch of one.
		assert_ok!(Dtao::add_stake(RuntimeOrigin::signed(BOB), BOB_HOT, 2, 10 * TAO));
		clear_orders();
		let sale = charged(Dtao::remove_stake(RuntimeOrigin::signed(BOB), BOB_HOT, 2, TAO));
		assert_eq!(sale, <Test as Config>::WeightInfo::remove_stake() + w(1), "subnet 2's batch was empty");
		// Root has no batch: charged in full.
		let root = charged(Dtao::add_stake(RuntimeOrigin::signed(CHARLIE), CHARLIE_HOT, 0, TAO));
		assert_eq!(root, declared);
		// A refused call reports no weight of its own: charged what it declared.
		let refused = Dtao::add_stake(RuntimeOrigin::signed(CHARLIE), BOB_HOT, 1, 1).expect_err("below MinStake");
		assert_eq!(refused.post_info.actual_weight, None);
		clear_orders();
	});
}

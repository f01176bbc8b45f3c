//! The batch clearing's math (`math::batch`, spec §3.4): exact cases with numbers, and
//! properties over random batches (proptest; each block states its case count).

use crate::math::{
	batch::{clear, BatchOrder, Clearing},
	swap::{self, Direction, Limit, Pool, PRICE_UNIT},
	MathError, TAO,
};
use proptest::prelude::*;
use sp_arithmetic::Perbill;
use sp_core::U256;

const FLOOR: u64 = 10_000_000;
/// The runtime's swap fee (0.05%).
const FEE: Perbill = Perbill::from_parts(500_000);

fn buy(tao: u64) -> BatchOrder {
	BatchOrder::new(Direction::Buy, tao, FEE, None)
}
fn sell(alpha: u64) -> BatchOrder {
	BatchOrder::new(Direction::Sell, alpha, FEE, None)
}
fn limited(mut o: BatchOrder, price: u64, allow_partial: bool) -> BatchOrder {
	o.limit = Some(Limit::new(price, allow_partial));
	o
}

/// The exact price of a clearing is kept by every order it fills: `p <= L` for a buy, `p >= L`
/// for a sell.
fn keeps_limit(c: &Clearing, o: &BatchOrder) -> bool {
	let Some(l) = o.limit else { return true };
	let (lhs, rhs) = (U256::from(c.price.0) * U256::from(PRICE_UNIT), U256::from(l.price) * U256::from(c.price.1));
	match o.side {
		Direction::Buy => lhs <= rhs,
		Direction::Sell => lhs >= rhs,
	}
}

#[test]
fn one_order_alone_gets_what_the_swap_gives() {
	let pool = Pool { tao: 1_000 * TAO, alpha: 1_000 * TAO };
	let c = clear(pool, &[buy(100 * TAO)], FLOOR).unwrap();
	let s = swap::buy(pool, 100 * TAO, FEE, FLOOR).unwrap();
	assert_eq!((c.fills[0].amount_out, c.fills[0].fee, c.pool_after), (s.amount_out, s.fee, s.pool_after));
	// 100 TAO less the 0.05 TAO fee buys 90.8678 alpha at 1.09995 TAO per alpha.
	assert_eq!(c.fills[0].amount_out, 90_867_766_716);
	assert_eq!(c.price_rao(), 1_099_950_000);
}

/// Opposite orders of equal value at the pool's price pay their fees and no slippage: the pool
/// does not trade at all, and each side gets the other's input less its fee at the spot price.
#[test]
fn opposite_orders_of_equal_size_pay_fees_but_no_slippage() {
	let pool = Pool { tao: 1_000 * TAO, alpha: 2_000 * TAO };
	let c = clear(pool, &[buy(100 * TAO), sell(200 * TAO)], FLOOR).unwrap();
	assert_eq!(c.price_rao(), TAO / 2);
	// 99.95 TAO of net input buys 199.9 alpha; 199.9 alpha of net input sells for 99.95 TAO.
	assert_eq!(c.fills[0].amount_out, 199_900_000_000);
	assert_eq!(c.fills[1].amount_out, 99_950_000_000);
	// The pool keeps the fees (0.05 TAO and 0.1 alpha) and trades nothing else.
	assert_eq!(c.pool_after, Pool { tao: 1_000_050_000_000, alpha: 2_000_100_000_000 });
	// Alone, each would have paid the curve's slippage: 99.95 TAO buys 181.74 alpha, not 199.9.
	let alone = clear(pool, &[buy(100 * TAO)], FLOOR).unwrap();
	assert_eq!(alone.fills[0].amount_out, 181_735_533_433);
}

/// A front-run and a back-run around a victim in one block: the attacker's buy before the
/// victim's and its sale after clear at the victim's price, so the victim gets what it would
/// have got with the attacker's orders netted, and the attacker gains nothing but loses its fees.
#[test]
fn a_sandwich_in_one_batch_earns_the_attacker_nothing() {
	let pool = Pool { tao: 1_000 * TAO, alpha: 1_000 * TAO };
	// The attacker holds 1,000 alpha from earlier; in the block it buys with 1,000 TAO and
	// sells 1,000 alpha, around the victim's 100 TAO.
	let orders = [buy(1_000 * TAO), buy(100 * TAO), sell(1_000 * TAO)];
	let c = clear(pool, &orders, FLOOR).unwrap();
	let p = c.price_rao();
	let attacker_tao = c.fills[2].amount_out as i128 - 1_000 * TAO as i128;
	let attacker_alpha = c.fills[0].amount_out as i128 - 1_000 * TAO as i128;
	// Valued at the clearing price, the attacker's round trip is its two fees, to the rao.
	let value = attacker_tao + attacker_alpha * p as i128 / TAO as i128;
	let fees = c.fills[0].fee as i128 + c.fills[2].fee as i128 * p as i128 / TAO as i128;
	let honest = clear(pool, &[buy(100 * TAO)], FLOOR).unwrap();
	println!(
		"sandwich in one batch: price {p} rao; victim {} alpha (alone {}); attacker {value} rao, fees {fees}",
		c.fills[1].amount_out, honest.fills[0].amount_out
	);
	assert!(value <= 0 && value >= -fees - 2, "{value} {fees}");
	// The attacker's pair only deepened the market: the victim got more than alone.
	assert!(c.fills[1].amount_out >= honest.fills[0].amount_out);
}

#[test]
fn a_buy_with_a_limit_fills_to_the_limit_or_not_at_all() {
	let pool = Pool { tao: 1_000 * TAO, alpha: 1_000 * TAO };
	// 100 TAO alone clears at 1.09995: a limit of 1.05 fills 50 TAO net (p = 1.05 exactly),
	// 50.025012507 TAO with its part of the fee, when partial fills are allowed, and nothing
	// otherwise.
	let partial = clear(pool, &[limited(buy(100 * TAO), 1_050_000_000, true)], FLOOR).unwrap();
	assert_eq!(partial.price_rao(), 1_050_000_000);
	assert!(keeps_limit(&partial, &limited(buy(100 * TAO), 1_050_000_000, true)));
	assert_eq!((partial.fills[0].amount_in, partial.fills[0].fee), (50_025_012_507, 25_012_507));
	let kill = clear(pool, &[limited(buy(100 * TAO), 1_050_000_000, false)], FLOOR).unwrap();
	assert_eq!(kill.fills[0].amount_in, 0);
	assert_eq!(kill.pool_after, pool);
	// A sale in the same batch lowers the price enough for the fill-or-kill buy to fill.
	let both = clear(pool, &[limited(buy(100 * TAO), 1_050_000_000, false), sell(60 * TAO)], FLOOR).unwrap();
	assert_eq!(both.fills[0].amount_in, 100 * TAO);
	assert!(both.price_rao() <= 1_050_000_000);
}

#[test]
fn a_batch_that_would_drain_a_reserve_below_the_floor_is_refused() {
	let pool = Pool { tao: 100 * TAO, alpha: FLOOR + 1_000 };
	assert_eq!(clear(pool, &[buy(1_000 * TAO)], FLOOR), Err(MathError::ReserveFloor));
	assert_eq!(clear(Pool { tao: 0, alpha: 1 }, &[buy(TAO)], FLOOR), Err(MathError::EmptyPool));
}

fn order() -> impl Strategy<Value = BatchOrder> {
	let side = prop_oneof![Just(Direction::Buy), Just(Direction::Sell)];
	let limit = prop_oneof![
		2 => Just(None),
		3 => (TAO / 4..4 * TAO, any::<bool>()).prop_map(|(price, partial)| Some(Limit::new(price, partial))),
	];
	(side, 1_000u64..2_000 * TAO, limit).prop_map(|(side, amount, limit)| BatchOrder::new(side, amount, FEE, limit))
}

fn batch() -> impl Strategy<Value = (Pool, Vec<BatchOrder>)> {
	let pool = (100 * TAO..10_000 * TAO, 100 * TAO..10_000 * TAO).prop_map(|(tao, alpha)| Pool { tao, alpha });
	(pool, prop::collection::vec(order(), 0..12))
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(500))]

	/// Any permutation of a batch's orders gives the same fills, index for index, and the same
	/// pool.
	#[test]
	fn the_order_of_the_orders_does_not_matter((pool, orders) in batch(), seed in any::<u64>()) {
		let mut perm: Vec<usize> = (0..orders.len()).collect();
		// A seeded shuffle (Fisher-Yates over an LCG).
		let mut x = seed | 1;
		for i in (1..perm.len()).rev() {
			x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
			perm.swap(i, (x >> 33) as usize % (i + 1));
		}
		let shuffled: Vec<BatchOrder> = perm.iter().map(|i| orders[*i]).collect();
		let (a, b) = (clear(pool, &orders, FLOOR), clear(pool, &shuffled, FLOOR));
		match (a, b) {
			(Ok(a), Ok(b)) => {
				prop_assert_eq!(a.pool_after, b.pool_after);
				prop_assert_eq!(a.price, b.price);
				for (j, i) in perm.iter().enumerate() {
					prop_assert_eq!(a.fills[*i], b.fills[j]);
				}
			},
			(a, b) => prop_assert_eq!(a.err(), b.err()),
		}
	}

	/// `k` never falls; every order pays at most its input, keeps its limit, gets its exact share
	/// at the clearing price to within one unit (rounded down), and a fill-or-kill order fills
	/// fully or not at all; the pool pays out exactly what the orders receive.
	#[test]
	fn every_order_gets_its_share_at_one_price_and_the_pool_keeps_k((pool, orders) in batch()) {
		let Ok(c) = clear(pool, &orders, FLOOR) else { return Ok(()) };
		prop_assert!(c.pool_after.k() >= pool.k());
		let (tao, alpha) = (U256::from(c.price.0), U256::from(c.price.1));
		let (mut pool_tao, mut pool_alpha) = (i128::from(pool.tao), i128::from(pool.alpha));
		for (o, f) in orders.iter().zip(&c.fills) {
			prop_assert!(f.amount_in <= o.amount && f.fee <= f.amount_in);
			if f.amount_in == 0 {
				prop_assert_eq!(f.amount_out, 0);
				// Left out only for a reason: a limit the price misses (or just meets, when the
				// batch did not need it), or a fill-or-kill order the batch could fill only in part.
				if let Some(l) = o.limit {
					let strictly = |c: &Clearing| {
						let (lhs, rhs) = (U256::from(c.price.0) * U256::from(PRICE_UNIT), U256::from(l.price) * U256::from(c.price.1));
						match o.side { Direction::Buy => lhs < rhs, Direction::Sell => lhs > rhs }
					};
					prop_assert!(!l.allow_partial || !strictly(&c));
				} else {
					prop_assert!(o.amount < 10_000, "a market order left out: {:?}", o);
				}
				continue;
			}
			prop_assert!(keeps_limit(&c, o));
			if !o.limit.is_some_and(|l| l.allow_partial) {
				prop_assert_eq!(f.amount_in, o.amount);
			}
			let net = U256::from(f.amount_in - f.fee);
			let out = U256::from(f.amount_out);
			match o.side {
				Direction::Buy => {
					prop_assert!(out * tao <= net * alpha && net * alpha < (out + 1) * tao);
					pool_tao += i128::from(f.amount_in);
					pool_alpha -= i128::from(f.amount_out);
				},
				Direction::Sell => {
					prop_assert!(out * alpha <= net * tao && net * tao < (out + 1) * alpha);
					pool_alpha += i128::from(f.amount_in);
					pool_tao -= i128::from(f.amount_out);
				},
			}
		}
		prop_assert_eq!((pool_tao, pool_alpha), (i128::from(c.pool_after.tao), i128::from(c.pool_after.alpha)));
	}

	/// One order alone, without a limit, gets exactly what the constant-product swap gives it.
	#[test]
	fn one_order_is_a_swap(pool in (100 * TAO..10_000 * TAO, 100 * TAO..10_000 * TAO), amount in 1_000u64..5_000 * TAO, is_buy in any::<bool>()) {
		let pool = Pool { tao: pool.0, alpha: pool.1 };
		let (batch, single) = if is_buy {
			(clear(pool, &[buy(amount)], FLOOR), swap::buy(pool, amount, FEE, FLOOR))
		} else {
			(clear(pool, &[sell(amount)], FLOOR), swap::sell(pool, amount, FEE, FLOOR))
		};
		match (batch, single) {
			(Ok(c), Ok(s)) => {
				prop_assert_eq!(c.fills[0].amount_out, s.amount_out);
				prop_assert_eq!(c.fills[0].fee, s.fee);
				prop_assert_eq!(c.pool_after, s.pool_after);
			},
			(Ok(c), Err(MathError::ZeroOutput)) => prop_assert_eq!(c.fills[0].amount_in, 0),
			(Err(e), Err(f)) => prop_assert_eq!(e, f),
			(b, s) => prop_assert!(false, "batch {:?} swap {:?}", b, s),
		}
	}
}

/// A block's orders on the pallet: `(who, netuid, stake: amount in TAO | unstake: percent of the
/// position, limit)`, placed in the given sequence, then the block's end. Returns every
/// account's free balance and stake afterwards.
mod on_chain {
	use crate::{
		mock::*,
		types::{Direction, Limit},
	};
	use frame_support::assert_ok;
	use proptest::prelude::*;

	const WHO: [AccountId; 4] = [BOB, CHARLIE, 66, 77];

	#[derive(Clone, Debug)]
	struct Placed {
		who: usize,
		netuid: u16,
		side: Direction,
		amount: u64,
		limit: Option<Limit>,
	}

	fn play(orders: &[Placed]) -> Vec<(u64, u64, u64)> {
		let mut out = Vec::new();
		ExtBuilder::default()
			.with_subnet(1, 1_000 * TAO, 1_000 * TAO)
			.with_subnet(2, 400 * TAO, 800 * TAO)
			.with_neurons(&[(1, BOB_HOT, BOB), (2, BOB_HOT, BOB)])
			.with_stakes(
				&WHO.iter()
					.flat_map(|w| [(*w, BOB_HOT, 1, 200 * TAO), (*w, BOB_HOT, 2, 200 * TAO)])
					.collect::<Vec<_>>(),
			)
			.build_and_execute(|| {
				for w in WHO {
					fund(w, 10_000 * TAO);
				}
				for o in orders {
					let who = RuntimeOrigin::signed(WHO[o.who]);
					let (price, partial) = o.limit.map_or((None, false), |l| (Some(l.price), l.allow_partial));
					let placed = match (o.side, price) {
						(Direction::Buy, None) => {
							Dtao::add_stake(who, BOB_HOT, o.netuid, o.amount).map(|_| ()).map_err(|e| e.error)
						},
						(Direction::Buy, Some(p)) => {
							Dtao::add_stake_limit(who, BOB_HOT, o.netuid, o.amount, p, partial)
						},
						(Direction::Sell, None) => {
							Dtao::remove_stake(who, BOB_HOT, o.netuid, o.amount).map(|_| ()).map_err(|e| e.error)
						},
						(Direction::Sell, Some(p)) => {
							Dtao::remove_stake_limit(who, BOB_HOT, o.netuid, o.amount, p, partial)
						},
					};
					assert_ok!(placed);
				}
				clear_orders();
				for w in WHO {
					out.push((free(w), stake(w, BOB_HOT, 1), stake(w, BOB_HOT, 2)));
				}
				out.push((pool(1).tao, pool(1).alpha, pool(2).tao));
			});
		out
	}

	fn placed() -> impl Strategy<Value = Placed> {
		let limit = prop_oneof![
			Just(None),
			(TAO / 4..2 * TAO, any::<bool>()).prop_map(|(p, partial)| Some(Limit::new(p, partial))),
		];
		(0..4usize, 1..3u16, any::<bool>(), 1u64..100, limit).prop_map(|(who, netuid, buy, units, limit)| Placed {
			who,
			netuid,
			side: if buy { Direction::Buy } else { Direction::Sell },
			// Even eight sales of one account stay within its 200 alpha.
			amount: if buy { units * TAO } else { units * TAO / 4 },
			limit,
		})
	}

	proptest! {
		#![proptest_config(ProptestConfig::with_cases(40))]

		/// The same orders placed in any sequence leave every account and pool the same, to the
		/// rao: the author's ordering of a block's transactions is worth nothing.
		#[test]
		fn any_permutation_of_a_blocks_orders_gives_the_same_result(
			orders in prop::collection::vec(placed(), 1..8),
			seed in any::<u64>(),
		) {
			let mut shuffled = orders.clone();
			let mut x = seed | 1;
			for i in (1..shuffled.len()).rev() {
				x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
				shuffled.swap(i, (x >> 33) as usize % (i + 1));
			}
			prop_assert_eq!(play(&orders), play(&shuffled));
		}
	}
}

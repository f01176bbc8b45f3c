//! Property tests of the pure math (proptest). Each `proptest!` block states its case count.

use crate::math::{
	distribute::largest_remainder,
	lock_cost::lock_cost,
	max_satisfying,
	shares::SharePool,
	swap::{self, Pool, PRICE_UNIT},
	MathError,
};
use proptest::prelude::*;
use sp_arithmetic::Perbill;

const FLOOR: u64 = 10_000_000;

fn fee() -> impl Strategy<Value = Perbill> {
	prop_oneof![
		Just(Perbill::zero()),
		Just(Perbill::from_parts(500_000)),
		(0u32..=100_000_000).prop_map(Perbill::from_parts)
	]
}

/// Pools with realistic reserves: 0.01 TAO .. 21M TAO on each side.
fn pool() -> impl Strategy<Value = Pool> {
	(FLOOR..=21_000_000_000_000_000u64, FLOOR..=21_000_000_000_000_000u64).prop_map(|(tao, alpha)| Pool { tao, alpha })
}

/// The curve's output as it was computed before the quote was profiled:
/// `reserve_out - ceil(reserve_in * reserve_out / (reserve_in + net_in))`.
fn curve_out_as_before(reserve_in: u64, reserve_out: u64, net_in: u64) -> Result<u64, MathError> {
	let k = u128::from(reserve_in) * u128::from(reserve_out);
	let denom = u128::from(reserve_in) + u128::from(net_in);
	if denom == 0 {
		return Err(MathError::EmptyPool);
	}
	Ok(u64::try_from(u128::from(reserve_out) - k.div_ceil(denom)).expect("at most reserve_out"))
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(20_000))]

	/// The curve's output with one division is the same number as before, to the rao, over
	/// every `u64` (and over realistic pools, where the quotes live).
	#[test]
	fn curve_out_is_the_same_number_as_before(
		reserve_in in any::<u64>(),
		reserve_out in any::<u64>(),
		net in any::<u64>(),
		p in pool(),
		x in 0u64..=21_000_000_000_000_000,
	) {
		prop_assert_eq!(swap::curve_out(reserve_in, reserve_out, net), curve_out_as_before(reserve_in, reserve_out, net));
		prop_assert_eq!(swap::curve_out(p.tao, p.alpha, x), curve_out_as_before(p.tao, p.alpha, x));
		prop_assert_eq!(swap::curve_out(p.alpha, p.tao, x), curve_out_as_before(p.alpha, p.tao, x));
	}
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(2_000))]

	/// Outputs round down: the paid amount never exceeds the exact rational curve output, and
	/// `k` never decreases, for buys and sells.
	#[test]
	fn swaps_round_down_and_k_never_decreases(p in pool(), x in 1u64..=1_000_000_000_000_000, f in fee()) {
		if let Ok(o) = swap::buy(p, x, f, 0) {
			let net = u128::from(x - o.fee);
			// exact out = A * net / (T + net); paid out <= exact.
			prop_assert!(u128::from(o.amount_out) * (u128::from(p.tao) + net) <= u128::from(p.alpha) * net);
			prop_assert!(o.pool_after.k() >= p.k());
			prop_assert_eq!(o.pool_after.tao, p.tao + x);
		}
		if let Ok(o) = swap::sell(p, x, f, 0) {
			let net = u128::from(x - o.fee);
			prop_assert!(u128::from(o.amount_out) * (u128::from(p.alpha) + net) <= u128::from(p.tao) * net);
			prop_assert!(o.pool_after.k() >= p.k());
		}
	}

	/// A buy followed by selling everything bought never returns more TAO than went in.
	#[test]
	fn buy_then_sell_never_profits(p in pool(), x in 1u64..=1_000_000_000_000_000, f in fee()) {
		if let Ok(b) = swap::buy(p, x, f, 0) {
			if let Ok(s) = swap::sell(b.pool_after, b.amount_out, f, 0) {
				prop_assert!(s.amount_out <= x);
			}
		}
	}

	/// n small buys never get more alpha than one buy of the same total.
	#[test]
	fn splitting_a_trade_never_wins(p in pool(), x in 1_000u64..=100_000_000_000_000, n in 2u64..=8, f in fee()) {
		let part = x / n;
		let total = part * n;
		let mut pool = p;
		let mut got = 0u64;
		let mut ok = true;
		for _ in 0..n {
			match swap::buy(pool, part, f, 0) {
				Ok(o) => { got += o.amount_out; pool = o.pool_after; },
				Err(_) => { ok = false; break; },
			}
		}
		if ok {
			if let Ok(one) = swap::buy(p, total, f, 0) {
				prop_assert!(got <= one.amount_out, "split {} > single {}", got, one.amount_out);
			}
		}
	}

	/// The limit bounds are exact: the max keeps the limit, one rao more breaks it.
	#[test]
	fn limit_bounds_are_exact(p in pool(), limit in 1u64..=100 * PRICE_UNIT, f in fee()) {
		let m = swap::max_buy_for_limit(p, limit, f);
		if m > 0 {
			let o = swap::buy(p, m, f, 0);
			if let Ok(o) = o { prop_assert!(o.pool_after.price_at_most(limit)); }
		} else {
			prop_assert!(!p.price_at_most(limit) || swap::buy(p, 1, f, 0).map(|o| !o.pool_after.price_at_most(limit)).unwrap_or(true));
		}
		if m < u64::MAX {
			if let Ok(o) = swap::buy(p, m + 1, f, 0) { prop_assert!(!o.pool_after.price_at_most(limit)); }
		}
		let s = swap::max_sell_for_limit(p, limit, f);
		if s > 0 {
			if let Ok(o) = swap::sell(p, s, f, 0) { prop_assert!(o.pool_after.price_at_least(limit)); }
		}
		if s < u64::MAX {
			if let Ok(o) = swap::sell(p, s + 1, f, 0) { prop_assert!(!o.pool_after.price_at_least(limit)); }
		}
	}

	/// The move bound is exact in the same sense.
	#[test]
	fn move_bound_is_exact(o in pool(), d in pool(), limit in 1u64..=100 * PRICE_UNIT, f in fee()) {
		let m = swap::max_move_for_limit(Some(o), Some(d), limit, f);
		if let Some((po, pd)) = swap::move_prices_after(Some(o), Some(d), m, f) {
			if m > 0 { prop_assert!(swap::ratio_at_least(po, pd, limit)); }
		}
		if m < u64::MAX {
			if let Some((po, pd)) = swap::move_prices_after(Some(o), Some(d), m + 1, f) {
				prop_assert!(!swap::ratio_at_least(po, pd, limit));
			}
		}
	}

	/// Nothing panics, for any u64 inputs at all.
	#[test]
	fn no_panics_on_any_input(t in any::<u64>(), a in any::<u64>(), x in any::<u64>(), l in any::<u64>(), fp in any::<u32>(), m in any::<u64>()) {
		let f = Perbill::from_parts(fp);
		let p = Pool { tao: t, alpha: a };
		let _ = swap::buy(p, x, f, m);
		let _ = swap::sell(p, x, f, m);
		let _ = p.price();
		let _ = swap::max_buy_for_limit(p, l, f);
		let _ = swap::max_sell_for_limit(p, l, f);
		let _ = swap::max_move_for_limit(Some(p), None, l, f);
		let _ = lock_cost(x, t, a, m);
		let sp = SharePool { value: t, shares: u128::from(a) << 20, ..SharePool::default() };
		let _ = sp.deposit(x);
		let _ = sp.withdraw(u128::from(m), x);
		let _ = sp.value_of(u128::from(l));
		let _ = largest_remainder(t, &[u128::from(a), u128::from(x), u128::from(l)]);
	}

	/// The largest-remainder split pays exactly the total, each part within one unit of exact.
	#[test]
	fn largest_remainder_is_exact(total in any::<u64>(), weights in prop::collection::vec(0u64..=u64::MAX, 1..20)) {
		let wide: Vec<u128> = weights.iter().map(|w| u128::from(*w)).collect();
		if let Some(parts) = largest_remainder(total, &wide) {
			let sum: u128 = weights.iter().map(|w| u128::from(*w)).sum();
			prop_assert_eq!(parts.iter().map(|p| u128::from(*p)).sum::<u128>(), u128::from(total));
			for (p, w) in parts.iter().zip(&weights) {
				let exact_floor = u128::from(total) * u128::from(*w) / sum;
				prop_assert!(u128::from(*p) == exact_floor || u128::from(*p) == exact_floor + 1);
			}
		} else {
			prop_assert!(weights.iter().all(|w| *w == 0));
		}
	}

	/// The lock cost never falls below the minimum and never rises with time.
	#[test]
	fn lock_cost_is_bounded_and_decays(last in 0u64..=1_000_000_000_000_000_000, t in 0u64..=10_000_000, dt in 0u64..=100_000, h in 1u64..=100_000, min in 0u64..=1_000_000_000_000) {
		let now = lock_cost(last, t, h, min);
		let later = lock_cost(last, t + dt, h, min);
		prop_assert!(now >= min && later >= min);
		prop_assert!(later <= now, "{} > {}", later, now);
		if t == 0 { prop_assert_eq!(now, (2 * u128::from(last)).max(u128::from(min)) as u64); }
	}
}

#[derive(Debug, Clone)]
enum ShareOp {
	Deposit(usize, u64),
	Withdraw(usize, u64),
	Dividend(u64),
}

fn share_op() -> impl Strategy<Value = ShareOp> {
	prop_oneof![
		(0usize..4, 1u64..=1_000_000_000_000_000).prop_map(|(h, a)| ShareOp::Deposit(h, a)),
		(0usize..4, 1u64..=1_000_000_000_000_000).prop_map(|(h, a)| ShareOp::Withdraw(h, a)),
		(1u64..=1_000_000_000_000).prop_map(ShareOp::Dividend),
	]
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(1_000))]

	/// Under any sequence of deposits, withdrawals and dividends: the holders' values never
	/// exceed the pool, nobody withdraws more than was put in plus dividends, and every holder's
	/// value is within one unit of its exact share.
	#[test]
	fn share_pools_never_pay_out_more_than_they_hold(ops in prop::collection::vec(share_op(), 1..60)) {
		let mut pool = SharePool::default();
		let mut held = [0u128; 4];
		let (mut put_in, mut taken_out) = (0u128, 0u128);
		for op in ops {
			match op {
				ShareOp::Deposit(h, a) => if let Ok((p, minted)) = pool.deposit(a) {
					pool = p; held[h] += minted; put_in += u128::from(a);
				},
				ShareOp::Withdraw(h, a) => {
					let a = a.min(pool.value_of(held[h]));
					if a > 0 {
						let w = pool.withdraw(held[h], a).expect("withdrawing at most the value works");
						pool = w.pool; held[h] = w.remaining; taken_out += u128::from(a);
					}
				},
				ShareOp::Dividend(a) => if let Ok(p) = pool.distribute(a) { pool = p; put_in += u128::from(a); },
			}
			let values: u128 = held.iter().map(|s| u128::from(pool.value_of(*s))).sum();
			prop_assert!(values <= u128::from(pool.value));
			prop_assert_eq!(held.iter().sum::<u128>(), pool.shares);
			prop_assert!(taken_out + u128::from(pool.value) == put_in);
			prop_assert!(pool.shares > 0 || pool.value == 0);
		}
	}

	/// A first staker of any size (down to 1 unit) who then receives a dividend as large as all
	/// alpha that can exist cannot make a later depositor lose more than one unit.
	#[test]
	fn first_staker_cannot_capture_a_later_deposit(first in 1u64..=1_000_000, dividend in 0u64..=21_000_000_000_000_000, later in 1u64..=1_000_000_000_000_000_000) {
		let (p, first_shares) = SharePool::default().deposit(first).expect("first deposit");
		let p = p.distribute(dividend).expect("dividend");
		let first_value = p.value_of(first_shares);
		let (p, later_shares) = p.deposit(later).expect("a later deposit is never refused");
		prop_assert!(p.value_of(later_shares) + 1 >= later, "later {} -> {}", later, p.value_of(later_shares));
		prop_assert!(p.value_of(first_shares) <= first_value + 1);
	}
}

#[test]
fn max_satisfying_finds_the_boundary() {
	assert_eq!(max_satisfying(u64::MAX, |x| x <= 12_345), Some(12_345));
	assert_eq!(max_satisfying(u64::MAX, |_| true), Some(u64::MAX));
	assert_eq!(max_satisfying(u64::MAX, |_| false), None);
	assert_eq!(max_satisfying(10, |x| x < 1), Some(0));
}

#[test]
fn worked_swap_example() {
	// 1,000 / 1,000 pool, 100 TAO in, fee 0.05%: see tests/staking.rs for the derivation.
	let p = Pool { tao: 1_000_000_000_000, alpha: 1_000_000_000_000 };
	let o = swap::buy(p, 100_000_000_000, Perbill::from_parts(500_000), FLOOR).expect("buy");
	assert_eq!((o.fee, o.amount_out), (50_000_000, 90_867_766_716));
	assert_eq!(swap::buy(p, 0, Perbill::zero(), FLOOR), Err(MathError::ZeroInput));
	assert_eq!(swap::buy(Pool { tao: 0, alpha: 5 }, 10, Perbill::zero(), 0), Err(MathError::EmptyPool));
}

//! Uniform-price batch clearing against a constant-product pool (spec §3.4).
//!
//! A subnet's orders of one block clear together: buys (TAO in) and sells (alpha in) net
//! against each other, only the net trades against the pool, and every order gets the same
//! price `p`, the net trade's own average price on the curve. Each order pays the fee on its own
//! input (it stays in the pool); with `B` the buys' TAO and `S` the sells' alpha after fees,
//!
//! ```text
//! p = (T + B) / (A + S)
//! ```
//!
//! For a net buy the pool receives `B - S p` TAO and pays `B / p - S` alpha, which is exactly
//! the curve's output for that input (`(T + B - S p)(A + S - B / p) = T A`), and the same holds
//! for a net sell; so `k` is kept exactly before rounding, and rounding (every output rounded
//! down, fees rounded up) only adds to it. A buy of net `b` gets `floor(b / p)` alpha, a sell of
//! net `s` gets `floor(s p)` TAO: within one rao of its exact share. One order alone gets what
//! [`super::swap`] gives it.
//!
//! Limits bound the clearing price: a buy at limit `L` fills only if `p <= L`, a sell only if
//! `p >= L`. Including a buy raises `p` and including a sell lowers it, so the excess
//! `g(p) = p (A + S(p)) - T - B(p)` (orders whose limits `p` satisfies) is increasing in `p` and
//! crosses zero once, either between two limit prices (every order there fills fully or not at
//! all) or at one limit price `λ` (the orders at exactly `λ` fill the part that puts `p` at `λ`:
//! the side that is needed fills pro rata to the orders' sizes, the other side not at all). A
//! fill-or-kill order that this fills only in part, an order whose output rounds to zero, or an
//! order whose limit the rounded price misses, is refunded in full and the batch is solved again
//! without it, until none is left (each round removes one order at least). Nothing depends on
//! the orders' sequence: any permutation of the orders gives the same fills, index for index.

use super::{
	swap::{fee_on, Direction, Limit, Pool, PRICE_UNIT},
	MathError,
};
use alloc::{vec, vec::Vec};
use core::cmp::Ordering;
use sp_arithmetic::{helpers_128bit::multiply_by_rational_with_rounding, Perbill, Rounding};
use sp_core::U256;

/// One order of a batch.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct BatchOrder {
	/// Buy (TAO in) or sell (alpha in).
	pub side: Direction,
	/// Its gross input, fee included: TAO for a buy, alpha for a sell.
	pub amount: u64,
	/// The fee rate on its input (the protocol's own sale pays none).
	pub fee: Perbill,
	/// Its limit on the clearing price, if any.
	pub limit: Option<Limit>,
}

impl BatchOrder {
	/// A user's order at the swap fee `fee`.
	pub fn new(side: Direction, amount: u64, fee: Perbill, limit: Option<Limit>) -> Self {
		BatchOrder { side, amount, fee, limit }
	}

	/// Its input after the fee.
	fn net(&self) -> u64 {
		self.amount.saturating_sub(fee_on(self.amount, self.fee))
	}

	/// Whether the clearing price `p = tao / alpha` keeps its limit.
	fn keeps(&self, tao: u128, alpha: u128) -> bool {
		let Some(limit) = self.limit else { return true };
		let (lhs, rhs) = (product(tao, u128::from(PRICE_UNIT)), product(u128::from(limit.price), alpha));
		match self.side {
			Direction::Buy => lhs <= rhs,
			Direction::Sell => lhs >= rhs,
		}
	}
}

/// What one order got; what it did not use (`amount - amount_in`) is refunded.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Fill {
	/// Gross input filled, fee included (0: refunded in full).
	pub amount_in: u64,
	/// The fee on the filled input; it stays in the pool.
	pub fee: u64,
	/// What it received: alpha for a buy, TAO for a sell.
	pub amount_out: u64,
}

/// A cleared batch.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Clearing {
	/// The clearing price as a fraction, TAO per alpha: `(T + B, A + S)`.
	pub price: (u128, u128),
	/// Each order's fill, index for index with the orders.
	pub fills: Vec<Fill>,
	/// The pool after the net trade (fees in, outputs out).
	pub pool_after: Pool,
}

impl Clearing {
	/// The clearing price in rao per alpha, rounded down.
	pub fn price_rao(&self) -> u64 {
		multiply_by_rational_with_rounding(self.price.0, u128::from(PRICE_UNIT), self.price.1.max(1), Rounding::Down)
			.and_then(|p| u64::try_from(p).ok())
			.unwrap_or(u64::MAX)
	}

	/// The TAO the pool received, net (negative: paid out).
	pub fn net_tao(&self, before: Pool) -> i128 {
		i128::from(self.pool_after.tao).saturating_sub(i128::from(before.tao))
	}

	/// The alpha the pool received, net (negative: paid out).
	pub fn net_alpha(&self, before: Pool) -> i128 {
		i128::from(self.pool_after.alpha).saturating_sub(i128::from(before.alpha))
	}
}

/// A move's limit on the relative price (origin price over destination price, rao per alpha,
/// at least `limit.price`) as a limit on the destination's clearing price, given the origin's
/// (`origin_price`, rao per alpha): at most `origin_price * 10^9 / limit.price`, rounded down.
pub fn buy_limit_for_move(origin_price: u64, limit: Limit) -> Limit {
	let price = if limit.price == 0 {
		u64::MAX
	} else {
		u64::try_from(
			u128::from(origin_price)
				.saturating_mul(u128::from(PRICE_UNIT))
				.checked_div(u128::from(limit.price))
				.unwrap_or(u128::MAX),
		)
		.unwrap_or(u64::MAX)
	};
	Limit::new(price, limit.allow_partial)
}

/// A move's limit on the relative price (origin price over destination price, rao per alpha,
/// at least `limit.price`) as a limit on the origin's clearing price, given the destination's
/// pool: at least `limit.price * T_d / A_d`, rounded up.
pub fn sell_limit_for_move(limit: Limit, destination: Pool) -> Limit {
	let price = multiply_by_rational_with_rounding(
		u128::from(limit.price),
		u128::from(destination.tao),
		u128::from(destination.alpha.max(1)),
		Rounding::Up,
	)
	.and_then(|p| u64::try_from(p).ok())
	.unwrap_or(u64::MAX);
	Limit::new(price, limit.allow_partial)
}

/// `x * y` in 256 bits (exact: two 128-bit factors).
fn product(x: u128, y: u128) -> U256 {
	U256::from(x).saturating_mul(U256::from(y))
}

/// `x * n / d`, rounded down, `None` if it does not fit (or `d` is 0).
fn mul_div(x: u128, n: u128, d: u128) -> Option<u128> {
	if d == 0 {
		return None;
	}
	multiply_by_rational_with_rounding(x, n, d, Rounding::Down)
}

/// The filled net input of each active order for the continuous problem (every order may fill in
/// part at its limit price), by the scan over limit prices described in the module docs.
fn solve(pool: Pool, orders: &[BatchOrder], nets: &[u64], active: &[bool]) -> Result<Vec<u64>, MathError> {
	let (t, a) = (u128::from(pool.tao), u128::from(pool.alpha));
	let live = || orders.iter().zip(nets).zip(active).filter(|(_, on)| **on).map(|((o, n), _)| (o, *n));
	// The sums of the live orders that `take` includes: (buys' net TAO, sells' net alpha).
	let sums = |take: &dyn Fn(&BatchOrder) -> bool| {
		live().filter(|(o, _)| take(o)).fold((0u128, 0u128), |(b, s), (o, n)| match o.side {
			Direction::Buy => (b.saturating_add(u128::from(n)), s),
			Direction::Sell => (b, s.saturating_add(u128::from(n))),
		})
	};
	let price_of = |o: &BatchOrder| o.limit.map(|l| l.price);
	// Fill every live order that `take` includes, fully.
	let full = |take: &dyn Fn(&BatchOrder) -> bool| -> Vec<u64> {
		orders.iter().zip(nets).zip(active).map(|((o, n), on)| if *on && take(o) { *n } else { 0 }).collect()
	};
	let mut levels: Vec<u64> = live().filter_map(|(o, _)| price_of(o)).collect();
	levels.sort_unstable();
	levels.dedup();
	// `λ (A + S)` against `T + B`, with `λ` in rao per alpha, exactly: the sign of the excess
	// `g(λ)` with those sums.
	let excess = |l: u64, b: u128, s: u128| {
		product(u128::from(l), a.saturating_add(s)).cmp(&product(t.saturating_add(b), u128::from(PRICE_UNIT)))
	};
	for l in levels {
		// Orders that stay in at `λ` whatever the marginal ones do, and the marginal ones.
		let base = |o: &BatchOrder| match (o.side, price_of(o)) {
			(_, None) => true,
			(Direction::Buy, Some(p)) => p > l,
			(Direction::Sell, Some(p)) => p < l,
		};
		let marginal = |o: &BatchOrder| price_of(o) == Some(l);
		let (b0, s0) = sums(&base);
		let (marginal_buys, marginal_sells) = sums(&marginal);
		// g just above `λ` (marginal sells in, marginal buys out) still negative: the root is
		// higher.
		if excess(l, b0, s0.saturating_add(marginal_sells)) == Ordering::Less {
			continue;
		}
		if excess(l, b0.saturating_add(marginal_buys), s0) == Ordering::Greater {
			// g just below `λ` is positive too: the root is in the open interval below `λ`
			// (buys at `λ` in, sells at `λ` out).
			return Ok(full(&|o: &BatchOrder| match (o.side, price_of(o)) {
				(_, None) => true,
				(Direction::Buy, Some(p)) => p >= l,
				(Direction::Sell, Some(p)) => p < l,
			}));
		}
		// The root is `λ`: the needed side of the marginal orders fills pro rata.
		let mut fills = full(&base);
		let lhs = product(u128::from(l), a.saturating_add(s0));
		let rhs = product(t.saturating_add(b0), u128::from(PRICE_UNIT));
		let (side, need, total) = if lhs >= rhs {
			let need = lhs.saturating_sub(rhs).checked_div(U256::from(PRICE_UNIT));
			(Direction::Buy, need, marginal_buys)
		} else {
			// `λ > 0` here: at `λ = 0` the excess above is never at least zero.
			let need = rhs.saturating_sub(lhs).checked_div(U256::from(l));
			(Direction::Sell, need, marginal_sells)
		};
		let fill = need.ok_or(MathError::Overflow)?.min(U256::from(total)).low_u128();
		for (((f, o), n), on) in fills.iter_mut().zip(orders).zip(nets).zip(active) {
			if *on && marginal(o) && o.side == side {
				let part = mul_div(u128::from(*n), fill, total).ok_or(MathError::Overflow)?;
				*f = u64::try_from(part).map_err(|_| MathError::Overflow)?;
			}
		}
		return Ok(fills);
	}
	// Above every limit price: market buys, every sell.
	Ok(full(&|o: &BatchOrder| o.side == Direction::Sell || price_of(o).is_none()))
}

/// Clear `orders` against `pool`; the drained reserve must stay at least `min_reserve`.
pub fn clear(pool: Pool, orders: &[BatchOrder], min_reserve: u64) -> Result<Clearing, MathError> {
	if pool.tao == 0 || pool.alpha == 0 {
		return Err(MathError::EmptyPool);
	}
	let nets: Vec<u64> = orders.iter().map(BatchOrder::net).collect();
	let mut active: Vec<bool> = nets.iter().map(|n| *n > 0).collect();
	loop {
		let filled = solve(pool, orders, &nets, &active)?;
		let (b, s) = orders.iter().zip(&filled).fold((0u128, 0u128), |(b, s), (o, n)| match o.side {
			Direction::Buy => (b.saturating_add(u128::from(*n)), s),
			Direction::Sell => (b, s.saturating_add(u128::from(*n))),
		});
		let (tao, alpha) = (u128::from(pool.tao).saturating_add(b), u128::from(pool.alpha).saturating_add(s));
		let mut fills = vec![Fill::default(); orders.len()];
		let mut refused = false;
		for (i, (o, n)) in orders.iter().zip(&filled).enumerate() {
			if *n == 0 {
				continue;
			}
			let net = nets.get(i).copied().unwrap_or(0);
			let out = match o.side {
				Direction::Buy => mul_div(u128::from(*n), alpha, tao),
				Direction::Sell => mul_div(u128::from(*n), tao, alpha),
			}
			.and_then(|x| u64::try_from(x).ok())
			.ok_or(MathError::Overflow)?;
			let fill_or_kill_cut = *n < net && !o.limit.is_some_and(|l| l.allow_partial);
			if out == 0 || fill_or_kill_cut || !o.keeps(tao, alpha) {
				if let Some(on) = active.get_mut(i) {
					*on = false;
				}
				refused = true;
				continue;
			}
			// The fee on a part is the full fee's part, rounded up.
			let full_fee = o.amount.saturating_sub(net);
			let fee = if *n == net {
				full_fee
			} else {
				let part = multiply_by_rational_with_rounding(
					u128::from(full_fee),
					u128::from(*n),
					u128::from(net),
					Rounding::Up,
				);
				part.and_then(|f| u64::try_from(f).ok()).ok_or(MathError::Overflow)?
			};
			if let Some(slot) = fills.get_mut(i) {
				*slot = Fill { amount_in: n.saturating_add(fee).min(o.amount), fee, amount_out: out };
			}
		}
		if refused {
			continue;
		}
		// What the pool receives (inputs, fees included) and pays (outputs), per token.
		let (mut tao_in, mut tao_out, mut alpha_in, mut alpha_out) = (0u128, 0u128, 0u128, 0u128);
		for (o, f) in orders.iter().zip(&fills) {
			let (gain, loss) = match o.side {
				Direction::Buy => (&mut tao_in, &mut alpha_out),
				Direction::Sell => (&mut alpha_in, &mut tao_out),
			};
			*gain = gain.saturating_add(u128::from(f.amount_in));
			*loss = loss.saturating_add(u128::from(f.amount_out));
		}
		let after = |reserve: u64, gain: u128, loss: u128| {
			u128::from(reserve)
				.checked_add(gain)
				.and_then(|x| x.checked_sub(loss))
				.and_then(|x| u64::try_from(x).ok())
				.ok_or(MathError::Overflow)
		};
		let pool_after =
			Pool { tao: after(pool.tao, tao_in, tao_out)?, alpha: after(pool.alpha, alpha_in, alpha_out)? };
		// The floor is one-sided: only a reserve the batch drains must stay above it.
		let drained = (pool_after.tao < pool.tao && pool_after.tao < min_reserve)
			|| (pool_after.alpha < pool.alpha && pool_after.alpha < min_reserve);
		if drained {
			return Err(MathError::ReserveFloor);
		}
		return Ok(Clearing { price: (tao, alpha), fills, pool_after });
	}
}

//! Constant-product swaps between TAO and a subnet's alpha, and the exact limit-price bounds.
//!
//! A buy of `x` TAO pays a fee `ceil(x * fee)` that stays in the pool; the rest `x'` buys
//! `floor(A - k / (T + x'))` alpha, with `k = T * A`. A sell is the mirror image. Because the
//! pool keeps the fee and the output is rounded down, `k` never decreases.

use super::{max_satisfying, MathError};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_arithmetic::Perbill;
use sp_core::U256;

/// 1 alpha (or 1 TAO) in its smallest unit; prices over the wire are rao per `PRICE_UNIT` alpha.
pub const PRICE_UNIT: u64 = super::TAO;

/// A subnet's constant-product pool.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
#[derive(serde::Serialize, serde::Deserialize, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Pool {
	/// TAO in the pool, in rao.
	pub tao: u64,
	/// Alpha in the pool, in its smallest unit.
	pub alpha: u64,
}

impl Pool {
	/// `tao` valued in alpha at the pool's spot price, rounded down (0 for an empty pool).
	pub fn alpha_for_tao(&self, tao: u64) -> u64 {
		if self.tao == 0 {
			return 0;
		}
		sp_arithmetic::helpers_128bit::multiply_by_rational_with_rounding(
			u128::from(tao),
			u128::from(self.alpha),
			u128::from(self.tao),
			sp_arithmetic::Rounding::Down,
		)
		.and_then(|v| u64::try_from(v).ok())
		.unwrap_or(u64::MAX)
	}

	/// `k = T * A`, exact in `u128`.
	pub fn k(&self) -> u128 {
		u128::from(self.tao).saturating_mul(u128::from(self.alpha))
	}

	/// Spot price in rao per 1 alpha, rounded down; `None` for an empty alpha side.
	pub fn price(&self) -> Option<u64> {
		if self.alpha == 0 {
			return None;
		}
		let p = u128::from(self.tao).checked_mul(u128::from(PRICE_UNIT))?.checked_div(u128::from(self.alpha))?;
		Some(u64::try_from(p).unwrap_or(u64::MAX))
	}

	/// Whether the spot price is at most `limit` (rao per alpha), exactly.
	pub fn price_at_most(&self, limit: u64) -> bool {
		// T / A <= L / 1e9  <=>  T * 1e9 <= L * A; both sides fit in u128.
		u128::from(self.tao).saturating_mul(u128::from(PRICE_UNIT))
			<= u128::from(limit).saturating_mul(u128::from(self.alpha))
	}

	/// Whether the spot price is at least `limit` (rao per alpha), exactly.
	pub fn price_at_least(&self, limit: u64) -> bool {
		u128::from(self.tao).saturating_mul(u128::from(PRICE_UNIT))
			>= u128::from(limit).saturating_mul(u128::from(self.alpha))
	}
}

/// A limit order's bound. On a subnet's batch (spec §3.4) it bounds the clearing price: a buy
/// fills only at a price of at most `price` (rao per alpha), a sale at least `price`; with
/// `allow_partial` the part that keeps it fills and the rest is refunded, without it the order
/// fills fully or is refunded. For a move it bounds the origin's price over the destination's
/// (times 10^9) after the move.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(serde::Serialize, serde::Deserialize, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Limit {
	/// The limit price, rao per alpha.
	pub price: u64,
	/// Whether a trade that would cross the limit is filled up to it instead of refused.
	pub allow_partial: bool,
}

impl Limit {
	/// A limit at `price`, partial fills allowed or not.
	pub fn new(price: u64, allow_partial: bool) -> Self {
		Limit { price, allow_partial }
	}
}

/// Which way a trade goes through a pool.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(serde::Serialize, serde::Deserialize, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum Direction {
	/// TAO in, alpha out (staking).
	Buy,
	/// Alpha in, TAO out (unstaking).
	Sell,
}

/// The full result of a swap: what went in, the fee, what came out and the pool afterwards.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct SwapOutcome {
	/// Gross amount paid in (fee included), in the input token.
	pub amount_in: u64,
	/// Fee charged on the input, in the input token; it stays in the pool.
	pub fee: u64,
	/// Amount paid out, in the output token.
	pub amount_out: u64,
	/// The pool after the trade.
	pub pool_after: Pool,
}

/// The fee on a gross input, rounded up.
#[inline]
pub fn fee_on(amount: u64, fee: Perbill) -> u64 {
	fee.mul_ceil(amount)
}

/// The curve's output for `net_in`, rounded down: `reserve_out - ceil(k / (reserve_in + net_in))`
/// with `k = reserve_in * reserve_out`, the product never falling. Computed as
/// `floor(reserve_out * net_in / (reserve_in + net_in))`, the same number (`a - ceil(x) =
/// floor(a - x)` for a whole `a`) with one product and one division instead of two products, a
/// division and a remainder check (the swap quote's profile: docs/performance.md).
#[inline]
pub fn curve_out(reserve_in: u64, reserve_out: u64, net_in: u64) -> Result<u64, MathError> {
	let num = u128::from(reserve_out).saturating_mul(u128::from(net_in));
	let denom = u128::from(reserve_in).saturating_add(u128::from(net_in));
	let out = num.checked_div(denom).ok_or(MathError::EmptyPool)?;
	// At most `reserve_out`: `net_in <= reserve_in + net_in`.
	u64::try_from(out).map_err(|_| MathError::Overflow)
}

/// The pool after a gross input on one side, ignoring floors (the bare curve); `None` when the
/// input does not fit. Used to search for limit amounts.
fn curve_after(reserve_in: u64, reserve_out: u64, gross_in: u64, fee: Perbill) -> Option<(u64, u64)> {
	let net = gross_in.checked_sub(fee_on(gross_in, fee))?;
	let out = curve_out(reserve_in, reserve_out, net).ok()?;
	Some((reserve_in.checked_add(gross_in)?, reserve_out.checked_sub(out)?))
}

#[inline]
fn swap(
	reserve_in: u64,
	reserve_out: u64,
	gross_in: u64,
	fee: Perbill,
	min_reserve: u64,
) -> Result<(u64, u64, u64, u64), MathError> {
	if gross_in == 0 {
		return Err(MathError::ZeroInput);
	}
	if reserve_in == 0 || reserve_out == 0 {
		return Err(MathError::EmptyPool);
	}
	let fee_paid = fee_on(gross_in, fee);
	let net = gross_in.checked_sub(fee_paid).ok_or(MathError::Overflow)?;
	let out = curve_out(reserve_in, reserve_out, net)?;
	if out == 0 {
		return Err(MathError::ZeroOutput);
	}
	let new_out = reserve_out.checked_sub(out).ok_or(MathError::Overflow)?;
	// The floor is one-sided: only the reserve this trade drains must stay above it.
	if new_out < min_reserve {
		return Err(MathError::ReserveFloor);
	}
	let new_in = reserve_in.checked_add(gross_in).ok_or(MathError::Overflow)?;
	Ok((fee_paid, out, new_in, new_out))
}

/// Buy alpha with `tao_in` TAO (gross, fee included).
#[inline]
pub fn buy(pool: Pool, tao_in: u64, fee: Perbill, min_reserve: u64) -> Result<SwapOutcome, MathError> {
	let (fee_paid, out, tao, alpha) = swap(pool.tao, pool.alpha, tao_in, fee, min_reserve)?;
	Ok(SwapOutcome { amount_in: tao_in, fee: fee_paid, amount_out: out, pool_after: Pool { tao, alpha } })
}

/// Sell `alpha_in` alpha (gross, fee included) for TAO.
#[inline]
pub fn sell(pool: Pool, alpha_in: u64, fee: Perbill, min_reserve: u64) -> Result<SwapOutcome, MathError> {
	let (fee_paid, out, alpha, tao) = swap(pool.alpha, pool.tao, alpha_in, fee, min_reserve)?;
	Ok(SwapOutcome { amount_in: alpha_in, fee: fee_paid, amount_out: out, pool_after: Pool { tao, alpha } })
}

/// The largest gross TAO input whose buy leaves the spot price at most `limit` (rao per alpha).
///
/// Exact: buying the result keeps the limit and one rao more breaks it (or the result is
/// `u64::MAX`). `0` when the price is already above the limit. Floors and zero outputs are not
/// considered here; the trade itself checks them.
pub fn max_buy_for_limit(pool: Pool, limit: u64, fee: Perbill) -> u64 {
	max_satisfying(u64::MAX, |x| match curve_after(pool.tao, pool.alpha, x, fee) {
		Some((tao, alpha)) => Pool { tao, alpha }.price_at_most(limit),
		None => false,
	})
	.unwrap_or(0)
}

/// The largest gross alpha input whose sale leaves the spot price at least `limit`.
/// Exact in the same sense as [`max_buy_for_limit`].
pub fn max_sell_for_limit(pool: Pool, limit: u64, fee: Perbill) -> u64 {
	max_satisfying(u64::MAX, |y| match curve_after(pool.alpha, pool.tao, y, fee) {
		Some((alpha, tao)) => Pool { tao, alpha }.price_at_least(limit),
		None => false,
	})
	.unwrap_or(0)
}

/// A price as a fraction `numerator / denominator` (TAO per alpha). Root's price is `1 / 1`.
pub type PriceFraction = (u64, u64);

/// Whether `origin / destination >= limit / PRICE_UNIT` for two prices given as fractions:
/// the relative-price test of a cross-subnet move (origin alpha valued in destination alpha).
pub fn ratio_at_least(origin: PriceFraction, destination: PriceFraction, limit: u64) -> bool {
	// (no/do) / (nd/dd) >= L/1e9  <=>  no * dd * 1e9 >= L * do * nd, in 256 bits.
	let lhs = U256::from(origin.0).saturating_mul(U256::from(destination.1)).saturating_mul(U256::from(PRICE_UNIT));
	let rhs = U256::from(limit).saturating_mul(U256::from(origin.1)).saturating_mul(U256::from(destination.0));
	lhs >= rhs
}

/// The price fraction of a pool after a bare-curve sell of `alpha_in` and a buy with its
/// proceeds; `None` if a side does not fit. A `None` pool stands for root (1:1, no fee).
pub fn move_prices_after(
	origin: Option<Pool>,
	destination: Option<Pool>,
	alpha_in: u64,
	fee: Perbill,
) -> Option<(PriceFraction, PriceFraction)> {
	let (origin_price, tao) = match origin {
		None => ((1, 1), alpha_in),
		Some(p) => {
			let net = alpha_in.checked_sub(fee_on(alpha_in, fee))?;
			let out = curve_out(p.alpha, p.tao, net).ok()?;
			let alpha = p.alpha.checked_add(alpha_in)?;
			let tao = p.tao.checked_sub(out)?;
			((tao, alpha), out)
		},
	};
	let destination_price = match destination {
		None => (1, 1),
		Some(p) => {
			let (tao, alpha) = curve_after(p.tao, p.alpha, tao, fee)?;
			(tao, alpha)
		},
	};
	Some((origin_price, destination_price))
}

/// The largest alpha amount whose move from `origin` to `destination` keeps the relative price
/// (origin price / destination price, in rao per alpha) at least `limit`. Exact.
pub fn max_move_for_limit(origin: Option<Pool>, destination: Option<Pool>, limit: u64, fee: Perbill) -> u64 {
	max_satisfying(u64::MAX, |y| match move_prices_after(origin, destination, y, fee) {
		Some((o, d)) => ratio_at_least(o, d, limit),
		None => false,
	})
	.unwrap_or(0)
}

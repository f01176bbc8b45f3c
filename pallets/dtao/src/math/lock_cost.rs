//! The subnet registration lock cost: doubles with each registration, halves every half-life.
//!
//! `C(now) = max(min_lock, 2 * last_lock * 2^(-(now - last_at) / half_life))`, rounded up.
//! `2^(-f)` for the fractional part of the exponent uses `substrate_fixed`'s deterministic
//! `exp` on `I64F64`; the integer part is an exact shift.

use sp_arithmetic::{helpers_128bit::multiply_by_rational_with_rounding, Rounding};
use substrate_fixed::{consts::LN_2, transcendental::exp, types::I64F64};

/// `2^(-numerator/denominator)` for `numerator < denominator`, as `I64F64` bits (<= 2^64).
fn exp2_neg_fraction(numerator: u64, denominator: u64) -> Option<u128> {
	if numerator == 0 {
		return Some(1u128 << 64);
	}
	let f = I64F64::checked_from_num(numerator)?.checked_div(I64F64::checked_from_num(denominator)?)?;
	let x = f.checked_mul(I64F64::checked_from_num(LN_2)?)?.checked_neg()?;
	let e: I64F64 = exp(x).ok()?;
	u128::try_from(e.to_bits()).ok()
}

/// The lock cost after `blocks_since` blocks since the last registration, which locked
/// `last_lock`. A `half_life` of 0 forgets the last registration at once.
pub fn lock_cost(last_lock: u64, blocks_since: u64, half_life: u64, min_lock: u64) -> u64 {
	if half_life == 0 || last_lock == 0 {
		return min_lock;
	}
	let (Some(halvings), Some(rest)) = (blocks_since.checked_div(half_life), blocks_since.checked_rem(half_life))
	else {
		return min_lock;
	};
	// 2 * last * 2^-halvings < 2^65 / 2^63 = 4 rao: below any sensible minimum.
	if halvings >= 63 {
		return min_lock;
	}
	let Some(e) = exp2_neg_fraction(rest, half_life) else { return u64::MAX };
	let doubled = u128::from(last_lock).saturating_mul(2);
	// doubled * e / 2^(64 + halvings), rounded up (the protocol's favour).
	let divisor =
		1u128.checked_shl(u32::try_from(halvings.saturating_add(64)).unwrap_or(u32::MAX)).unwrap_or(u128::MAX);
	let cost = multiply_by_rational_with_rounding(doubled, e, divisor, Rounding::Up)
		.map(|c| u64::try_from(c).unwrap_or(u64::MAX))
		.unwrap_or(u64::MAX);
	cost.max(min_lock)
}

//! Emission math: halvings, the TAO split by moving price, price-neutral injection, the
//! owner/miner/validator split, root blending and the EMA step.
//!
//! Prices here are `U96F32` bits (TAO per alpha, 32 fractional bits) held in a `u128`; the
//! wire price in rao per alpha is [`super::swap::Pool::price`].

use super::swap::{Pool, PRICE_UNIT};
use sp_arithmetic::{helpers_128bit::multiply_by_rational_with_rounding, PerThing, Perbill, Rounding};

/// The supply cap of TAO, and of each subnet's alpha: 21,000,000 units of 10^9.
pub const SUPPLY_CAP: u64 = 21_000_000 * super::TAO;

/// The emission per block before any halving: 1 TAO (or 1 alpha).
pub const BASE_EMISSION: u64 = super::TAO;

/// One in `U96F32` bits.
pub const FIXED_ONE: u128 = 1 << 32;

/// Emission per block for an issuance: `BASE_EMISSION / 2^n`, where `n` is the largest integer
/// with `issuance >= SUPPLY_CAP * (1 - 2^-n)`, i.e. `(cap - issuance) * 2^n <= cap`. Exact.
pub fn block_emission(issuance: u64) -> u64 {
	let Some(remaining) = SUPPLY_CAP.checked_sub(issuance).filter(|r| *r > 0) else { return 0 };
	let mut halvings = 0u32;
	// remaining * 2^(n+1) <= cap: one more halving has been reached.
	while halvings < 64
		&& u128::from(remaining).checked_shl(halvings.saturating_add(1)).is_some_and(|r| r <= u128::from(SUPPLY_CAP))
	{
		halvings = halvings.saturating_add(1);
	}
	BASE_EMISSION.checked_shr(halvings).unwrap_or(0)
}

/// A pool's price in `U96F32` bits (TAO per alpha), rounded down; 0 for an empty alpha side.
pub fn price_bits(pool: Pool) -> u128 {
	if pool.alpha == 0 {
		return 0;
	}
	(u128::from(pool.tao) << 32).checked_div(u128::from(pool.alpha)).unwrap_or(0)
}

/// A price in rao per alpha (the wire unit) as `U96F32` bits of TAO per alpha, rounded down.
pub fn rao_price_bits(price: u64) -> u128 {
	(u128::from(price) << 32).checked_div(u128::from(crate::math::swap::PRICE_UNIT)).unwrap_or(0)
}

/// `emission * ema / Σ ema`, rounded down (what is not handed out is not minted).
pub fn tao_share(emission: u64, ema: u128, ema_sum: u128) -> u64 {
	if ema_sum == 0 {
		return 0;
	}
	multiply_by_rational_with_rounding(u128::from(emission), ema, ema_sum, Rounding::Down)
		.and_then(|v| u64::try_from(v).ok())
		.unwrap_or(0)
}

/// Price-neutral injection of up to `tao_in` TAO with matching alpha, at most `alpha_cap`
/// alpha. Returns `(tao, alpha)` to add to the pool.
///
/// `alpha = floor(tao * A / T)`, capped (when capped, the TAO offered is cut to
/// `floor(cap * T / A)`). The TAO is then trimmed, if needed, so that the wire price
/// `P = floor(T * 10^9 / A)` (rao per alpha: the price events, RPC and limits use) is exactly the
/// same after the injection as before: `P * (A + alpha) <= (T + tao) * 10^9 < (P + 1) * (A + alpha)`.
/// In a pool too thin for any integer amounts to keep it (less than one alpha in the pool),
/// nothing is injected. TAO not injected is not minted.
pub fn inject(pool: Pool, tao_in: u64, alpha_cap: u64) -> (u64, u64) {
	let (t, a) = (u128::from(pool.tao), u128::from(pool.alpha));
	if t == 0 || a == 0 || tao_in == 0 {
		return (0, 0);
	}
	let unit = u128::from(PRICE_UNIT);
	let Some(natural) = multiply_by_rational_with_rounding(u128::from(tao_in), a, t, Rounding::Down) else {
		return (0, 0);
	};
	let (mut alpha, offered) = if natural > u128::from(alpha_cap) {
		let alpha = u128::from(alpha_cap);
		(alpha, multiply_by_rational_with_rounding(alpha, t, a, Rounding::Down).unwrap_or(0))
	} else {
		(natural, u128::from(tao_in))
	};
	let Some(p) = t.checked_mul(unit).and_then(|x| x.checked_div(a)) else { return (0, 0) };
	if p == 0 {
		return (0, 0);
	}
	// No more alpha than the offered TAO can carry at the wire price: P * (A + alpha) <= (T + tao) * 1e9.
	let most_alpha = t.saturating_add(offered).saturating_mul(unit).checked_div(p).unwrap_or(0).saturating_sub(a);
	alpha = alpha.min(most_alpha);
	for _ in 0..4 {
		// The TAO window for this alpha: P (A + alpha) <= (T + tao) 1e9 < (P + 1)(A + alpha).
		let lo = p.saturating_mul(a.saturating_add(alpha)).div_ceil(unit).saturating_sub(t);
		let hi = p
			.saturating_add(1)
			.saturating_mul(a.saturating_add(alpha))
			.saturating_sub(1)
			.checked_div(unit)
			.unwrap_or(0)
			.saturating_sub(t);
		let tao = offered.min(hi);
		if tao >= lo && t.saturating_add(tao).saturating_mul(unit) >= p.saturating_mul(a.saturating_add(alpha)) {
			return match (u64::try_from(tao), u64::try_from(alpha)) {
				(Ok(tao), Ok(alpha))
					if pool.tao.checked_add(tao).is_some() && pool.alpha.checked_add(alpha).is_some() =>
				{
					(tao, alpha)
				},
				_ => (0, 0),
			};
		}
		if alpha == 0 {
			break;
		}
		alpha = alpha.saturating_sub(1);
	}
	(0, 0)
}

/// Split a block's alpha rewards: the owner's cut (rounded down), then the rest in two halves,
/// miners `floor(rest / 2)` and validators the remainder. The parts sum to `alpha` exactly.
pub fn split_rewards(alpha: u64, owner_cut: Perbill) -> (u64, u64, u64) {
	let owner = owner_cut.mul_floor(alpha);
	let rest = alpha.saturating_sub(owner);
	let miners = rest / 2;
	(owner, miners, rest.saturating_sub(miners))
}

/// Root's part of the validators' alpha: `validators * tw*R / (tw*R + alpha_out)`, rounded
/// down, so `root_prop = tw*R / (tw*R + alpha_out)` is in `[0, 1]` by construction.
pub fn root_alpha(validators: u64, tao_weight: Perbill, root_stake: u64, alpha_out: u64) -> u64 {
	// In units of 10^-9: tw*R = parts * R; alpha_out scaled by 10^9 to match.
	let weighted_root = u128::from(tao_weight.deconstruct()).saturating_mul(u128::from(root_stake));
	let denominator = weighted_root.saturating_add(u128::from(alpha_out).saturating_mul(u128::from(Perbill::ACCURACY)));
	if denominator == 0 || weighted_root == 0 {
		return 0;
	}
	multiply_by_rational_with_rounding(u128::from(validators), weighted_root, denominator, Rounding::Down)
		.and_then(|v| u64::try_from(v).ok())
		.unwrap_or(0)
		.min(validators)
}

/// Root's proportion `root_prop = tw*R / (tw*R + alpha_out)` (spec §4 step 5), rounded down:
/// [`root_alpha`] of one whole (`Perbill::ACCURACY` parts).
pub fn root_proportion(tao_weight: Perbill, root_stake: u64, alpha_out: u64) -> Perbill {
	let parts = root_alpha(u64::from(Perbill::ACCURACY), tao_weight, root_stake, alpha_out);
	Perbill::from_parts(u32::try_from(parts).unwrap_or(Perbill::ACCURACY))
}

/// A subnet's age at `block` for its EMA factor, from its registration block: `None` for a
/// subnet of the genesis (registered at block 0, which no `register_network` can be).
pub fn subnet_age(registered: u64, block: u64) -> Option<u64> {
	(registered > 0).then(|| block.saturating_sub(registered))
}

/// The EMA factor of a subnet `age` blocks after its registration: `a * age / (age + warmup)`,
/// rounded down (spec §4.6), so a young subnet's EMA starts slow and reaches half speed at
/// `warmup` blocks. A subnet of the genesis (`age` `None`: an established market whose EMA
/// the genesis gives) and a warm-up of 0 use `a` itself.
pub fn ema_factor(a: Perbill, age: Option<u64>, warmup: u32) -> Perbill {
	match age {
		Some(age) if warmup > 0 => {
			let age = u128::from(age);
			let parts = multiply_by_rational_with_rounding(
				u128::from(a.deconstruct()),
				age,
				age.saturating_add(u128::from(warmup)),
				Rounding::Down,
			)
			.and_then(|p| u32::try_from(p).ok())
			.unwrap_or(0);
			Perbill::from_parts(parts)
		},
		_ => a,
	}
}

/// One EMA step: `ema + a * (price - ema)`, in `U96F32` bits; moves toward the price by the
/// factor, rounded toward the old value, so it never overshoots.
pub fn ema_step(ema: u128, price: u128, a: Perbill) -> u128 {
	let parts = u128::from(a.deconstruct());
	let bill = u128::from(Perbill::ACCURACY);
	if price >= ema {
		let step =
			multiply_by_rational_with_rounding(price.saturating_sub(ema), parts, bill, Rounding::Down).unwrap_or(0);
		ema.saturating_add(step)
	} else {
		let step =
			multiply_by_rational_with_rounding(ema.saturating_sub(price), parts, bill, Rounding::Down).unwrap_or(0);
		ema.saturating_sub(step)
	}
}

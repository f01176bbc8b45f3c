//! Exact pro-rata division: every unit paid, none created.

use alloc::vec::Vec;
use sp_arithmetic::{helpers_128bit::multiply_by_rational_with_rounding, Rounding};

/// Split `total` in proportion to `weights` by the largest-remainder method: each part is
/// `floor(total * w / W)`, and the units left over go one each to the largest remainders (ties
/// to the earlier index). The parts sum to `total` exactly. `None` if all weights are zero, or
/// if the weights' sum or a product `total * w` does not fit in 128 bits.
pub fn largest_remainder(total: u64, weights: &[u128]) -> Option<Vec<u64>> {
	let sum: u128 = weights.iter().try_fold(0u128, |acc, w| acc.checked_add(*w))?;
	if sum == 0 {
		return None;
	}
	let mut parts = Vec::with_capacity(weights.len());
	let mut remainders = Vec::with_capacity(weights.len());
	let mut paid: u64 = 0;
	for (i, w) in weights.iter().enumerate() {
		let product = u128::from(total).checked_mul(*w)?;
		let part = multiply_by_rational_with_rounding(u128::from(total), *w, sum, Rounding::Down)?;
		let remainder = product.checked_sub(part.checked_mul(sum)?)?;
		let part = u64::try_from(part).ok()?;
		paid = paid.checked_add(part)?;
		parts.push(part);
		remainders.push((remainder, i));
	}
	let leftover = total.checked_sub(paid)?;
	// Largest remainder first; the stable sort keeps earlier indices first among ties.
	remainders.sort_by_key(|r| core::cmp::Reverse(r.0));
	for (_, i) in remainders.into_iter().take(usize::try_from(leftover).ok()?) {
		let part = parts.get_mut(i)?;
		*part = part.checked_add(1)?;
	}
	Some(parts)
}

//! Yuma-lite: incentive by stake-weighted-median clipping, validator dividends by stake times
//! the share of their weight that survived clipping. Deterministic fixed point (`U64F64`).
//!
//! Any uid may be weighted, permit holders included (a neuron can earn incentive and dividends
//! in one epoch); only a validator's weight on itself is dropped, as the anchor implementation
//! masks the diagonal of the weight matrix.

use alloc::{vec, vec::Vec};
use sp_arithmetic::{helpers_128bit::multiply_by_rational_with_rounding, Rounding};
use substrate_fixed::types::U64F64;

/// One validator: its uid, stake weight and its weights `(uid, weight)` (any scale).
pub struct Validator<'a> {
	/// Its uid.
	pub uid: u16,
	/// Its stake weight `S = alpha + tw * root`.
	pub stake: u128,
	/// Its raw weights `(uid, weight)`; a weight on its own uid is ignored.
	pub weights: &'a [(u16, u16)],
}

/// The result: per-uid incentive weights and per-validator dividend weights, both as
/// `U64F64` bits, unnormalized (feed them to a pro-rata split).
#[derive(Debug, PartialEq, Eq)]
pub struct YumaOutput {
	/// Incentive weight of each uid.
	pub incentive: Vec<u128>,
	/// Dividend weight of each validator, in the order given.
	pub dividends: Vec<u128>,
}

fn fraction(numerator: u128, denominator: u128) -> U64F64 {
	if denominator == 0 {
		return U64F64::from_num(0);
	}
	let bits = multiply_by_rational_with_rounding(numerator, 1u128 << 64, denominator, Rounding::Down).unwrap_or(0);
	U64F64::from_bits(bits)
}

/// Run Yuma-lite over `neurons` uids. Self-weights, weights on unknown uids and zero weights are
/// ignored; each validator's row is normalized over the uids it weights. Only validators with a
/// row left take part: stake shares are over their stake. Consensus of a uid: the largest
/// weight `w` such that validators holding at least half of that stake weigh it at `w` or more
/// (kappa 0.5). Weights above the consensus are clipped to it.
pub fn yuma_lite(neurons: usize, validators: &[Validator]) -> YumaOutput {
	let mut incentive = vec![0u128; neurons];
	let mut dividends = vec![0u128; validators.len()];
	if neurons == 0 {
		return YumaOutput { incentive, dividends };
	}
	// Each validator's weights, self-weights and weights on unknown uids masked.
	let kept: Vec<Vec<(usize, u128)>> = validators
		.iter()
		.map(|v| {
			v.weights
				.iter()
				.map(|(uid, w)| (usize::from(*uid), u128::from(*w)))
				.filter(|(uid, w)| *w > 0 && *uid < neurons && *uid != usize::from(v.uid))
				.collect()
		})
		.collect();
	// Only validators that weight someone take part (Yuma's active set): the stake of a permit
	// holder that sets no weights (an owner hotkey that only collects its cut, a miner that
	// grew a permit) would otherwise count against every miner in the consensus.
	let active = |row: &Vec<(usize, u128)>, v: &Validator| if row.is_empty() { 0 } else { v.stake };
	let total_stake: u128 = kept.iter().zip(validators).fold(0u128, |acc, (row, v)| acc.saturating_add(active(row, v)));
	if total_stake == 0 {
		return YumaOutput { incentive, dividends };
	}
	let stake: Vec<U64F64> =
		kept.iter().zip(validators).map(|(row, v)| fraction(active(row, v), total_stake)).collect();

	// Normalized rows.
	let rows: Vec<Vec<(usize, U64F64)>> = kept
		.into_iter()
		.map(|row| {
			let sum: u128 = row.iter().map(|(_, w)| *w).sum();
			row.into_iter().map(|(uid, w)| (uid, fraction(w, sum))).collect()
		})
		.collect();

	// Per uid: (weight, stake) of every validator that weights it.
	let mut columns: Vec<Vec<(U64F64, U64F64)>> = vec![Vec::new(); neurons];
	for (row, s) in rows.iter().zip(&stake) {
		for (uid, w) in row {
			if let Some(column) = columns.get_mut(*uid) {
				column.push((*w, *s));
			}
		}
	}
	let half = U64F64::from_bits(1u128 << 63);
	let consensus: Vec<U64F64> = columns
		.iter_mut()
		.map(|column| {
			column.sort_by_key(|entry| core::cmp::Reverse(entry.0));
			let mut cumulative = U64F64::from_num(0);
			for (w, s) in column.iter() {
				cumulative = cumulative.saturating_add(*s);
				if cumulative >= half {
					return *w;
				}
			}
			U64F64::from_num(0)
		})
		.collect();

	for ((row, s), dividend) in rows.iter().zip(&stake).zip(dividends.iter_mut()) {
		let mut trust = U64F64::from_num(0);
		for (uid, w) in row {
			let clipped = (*w).min(consensus.get(*uid).copied().unwrap_or(U64F64::from_num(0)));
			trust = trust.saturating_add(clipped);
			if let Some(rank) = incentive.get_mut(*uid) {
				*rank = rank.saturating_add(s.saturating_mul(clipped).to_bits());
			}
		}
		*dividend = s.saturating_mul(trust).to_bits();
	}
	YumaOutput { incentive, dividends }
}

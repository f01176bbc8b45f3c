//! The neuron registration burn (spec §2): a per-subnet price for a uid that follows demand.
//!
//! Within an interval of `interval` blocks the first `target` registrations pay the interval's
//! base burn, and every further `target` registrations double it (a surge price: filling a
//! subnet in one interval costs far more than its slots at the base). At each interval's end the
//! base moves toward the target: `base' = base * (r + target) / (2 * target)` for `r`
//! registrations in the interval (at the target it stays, with none it halves, at three times
//! the target it doubles), rounded up. Every burn lies in `[min, max]`.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// A subnet's neuron registration burn (spec §2): the base burn of the current interval, how
/// many registrations it has seen, and when it started.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct BurnState {
	/// The interval's base burn (rao); 0 means "not set yet": the minimum burn.
	pub burn: u64,
	/// Registrations so far in the interval.
	pub registrations: u32,
	/// The block the interval started at.
	pub interval_start: u64,
}

/// The burn bounds and steering, from the governance parameters.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct BurnRule {
	/// The least any registration burns.
	pub min: u64,
	/// The most any registration burns.
	pub max: u64,
	/// Registrations per interval steered toward (0 is taken as 1).
	pub target: u32,
	/// Blocks per interval (0 is taken as 1).
	pub interval: u64,
}

impl BurnRule {
	fn clamp(&self, burn: u64) -> u64 {
		burn.max(self.min).min(self.max.max(self.min))
	}

	fn target(&self) -> u32 {
		self.target.max(1)
	}

	/// The base burn after an interval with `registrations` registrations.
	pub fn adjust(&self, base: u64, registrations: u32) -> u64 {
		let t = u128::from(self.target());
		let num = u128::from(base).saturating_mul(u128::from(registrations).saturating_add(t));
		let den = t.saturating_mul(2);
		let next = num.saturating_add(den.saturating_sub(1)).checked_div(den).unwrap_or(u128::MAX);
		self.clamp(u64::try_from(next).unwrap_or(u64::MAX))
	}

	/// `state` brought to block `now`: every interval that ended since is applied (an idle
	/// interval halves the base; after 64 of them any base is at the minimum, so at most 65
	/// steps run).
	pub fn roll(&self, state: BurnState, now: u64) -> BurnState {
		let interval = self.interval.max(1);
		let mut base = self.clamp(state.burn);
		let elapsed = now.saturating_sub(state.interval_start).checked_div(interval).unwrap_or(0);
		if elapsed == 0 {
			return BurnState { burn: base, ..state };
		}
		base = self.adjust(base, state.registrations);
		for _ in 1..elapsed.min(65) {
			if base == self.min {
				break;
			}
			base = self.adjust(base, 0);
		}
		BurnState {
			burn: base,
			registrations: 0,
			interval_start: state.interval_start.saturating_add(elapsed.saturating_mul(interval)),
		}
	}

	/// What the next registration burns in the interval of `state` (already rolled): the base,
	/// doubled once for every `target` registrations the interval has seen.
	pub fn cost(&self, state: &BurnState) -> u64 {
		let doublings = state.registrations.checked_div(self.target()).unwrap_or(0);
		let burn = if doublings >= 64 {
			u64::MAX
		} else {
			u64::try_from(u128::from(self.clamp(state.burn)) << doublings).unwrap_or(u64::MAX)
		};
		self.clamp(burn)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const RULE: BurnRule = BurnRule { min: 100, max: 100_000, target: 2, interval: 10 };

	#[test]
	fn base_follows_demand_within_bounds() {
		assert_eq!(RULE.adjust(1_000, 2), 1_000); // at the target: unchanged
		assert_eq!(RULE.adjust(1_000, 0), 500); // none: halves
		assert_eq!(RULE.adjust(1_000, 6), 2_000); // three times the target: doubles
		assert_eq!(RULE.adjust(1_001, 0), 501); // rounded up
		assert_eq!(RULE.adjust(150, 0), 100); // floor
		assert_eq!(RULE.adjust(90_000, 100), 100_000); // ceiling
	}

	#[test]
	fn surge_doubles_every_target_registrations() {
		let s = |r| BurnState { burn: 1_000, registrations: r, interval_start: 0 };
		assert_eq!([0, 1, 2, 3, 4, 5, 6].map(|r| RULE.cost(&s(r))), [1_000, 1_000, 2_000, 2_000, 4_000, 4_000, 8_000]);
		assert_eq!(RULE.cost(&s(1_000)), 100_000);
		assert_eq!(RULE.cost(&BurnState::default()), 100); // unset: the minimum
	}

	#[test]
	fn roll_applies_every_ended_interval() {
		let s = BurnState { burn: 8_000, registrations: 6, interval_start: 20 };
		assert_eq!(RULE.roll(s, 29), BurnState { burn: 8_000, ..s });
		// One interval with 6 registrations (x2), then two idle ones (/4).
		assert_eq!(RULE.roll(s, 50), BurnState { burn: 4_000, registrations: 0, interval_start: 50 });
		// Long idle: at the floor, bounded work.
		assert_eq!(RULE.roll(s, u64::MAX).burn, 100);
	}
}

//! Pure math of dTAO: no storage, no origins, no events.
//!
//! Everything the pallet computes about pools, limits, lock costs and share pools lives here,
//! as plain functions over integers, so it can be property-tested and benchmarked on its own and
//! so that a quote (runtime API) and an execution (a call) run the same code.
//!
//! Conventions: amounts are `u64` rao (TAO) or rao-of-alpha; intermediate products are `u128`
//! (or 256-bit where three factors meet); every operation is checked; outputs round down and
//! required inputs round up, so rounding always favours the pool.

pub mod batch;
pub mod burn;
pub mod distribute;
pub mod emission;
pub mod lock_cost;
pub mod payout;
pub mod shares;
pub mod swap;
pub mod tempo;
pub mod yuma;

/// 1 TAO in rao (and 1 alpha in its smallest unit): 10^9. The one definition of the unit; prices
/// over the wire are rao per 1 alpha, so [`swap::PRICE_UNIT`] is this too.
pub const TAO: u64 = 1_000_000_000;

/// What can go wrong in the pure math. The pallet maps each variant to a named error.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum MathError {
	/// An input amount of zero.
	ZeroInput,
	/// The trade would produce nothing.
	ZeroOutput,
	/// A pool (or share pool) with no reserves on a side it needs.
	EmptyPool,
	/// The trade would take the drained reserve below the floor.
	ReserveFloor,
	/// A holder asked for more than it holds.
	InsufficientShares,
	/// An intermediate value does not fit its type.
	Overflow,
}

/// Largest `x` in `[0, upper]` with `ok(x)`, for a predicate that is monotone (true up to some
/// point, false after). Returns `None` when even `ok(0)` is false. At most 65 evaluations.
pub fn max_satisfying(upper: u64, ok: impl Fn(u64) -> bool) -> Option<u64> {
	if !ok(0) {
		return None;
	}
	if ok(upper) {
		return Some(upper);
	}
	// Invariant: ok(lo) && !ok(hi).
	let (mut lo, mut hi) = (0u64, upper);
	while hi.saturating_sub(lo) > 1 {
		let mid = lo.saturating_add(hi.saturating_sub(lo) / 2);
		if ok(mid) {
			lo = mid;
		} else {
			hi = mid;
		}
	}
	Some(lo)
}

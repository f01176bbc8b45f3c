//! Share pools: how a (hotkey, subnet) stake is owned by many coldkeys.
//!
//! Holders own shares; the pool owns alpha. Dividends add alpha to the pool without touching
//! shares, so every holder's value grows with one write. Deposits mint shares rounded down and
//! withdrawals burn shares rounded up, so the price of a share never falls and the sum of the
//! holders' values never exceeds the pool's alpha. The first deposit mints
//! [`INITIAL_SHARES_PER_UNIT`] (10^18) shares per unit, so a share starts at 10^-18 of a unit:
//! even if all alpha that can ever exist (2.1e16) were paid into a pool holding a 1-unit first
//! deposit, a share would be worth 0.021 units, so a later depositor loses less than one unit.
//! Shares outstanding stay below `value * 10^18 < 2^124`, since the share price never falls.
//!
//! **Vesting** (spec §5, "time-weighted rewards"): what an epoch pays into a pool vests linearly
//! over the next epoch period ([`SharePool::vest`]); until it has vested it belongs to the pool
//! but not to any share, so shares are priced on the vested value. A holder who leaves early
//! leaves the unvested part to those who stay, and one who arrives late shares only in what vests
//! while it holds: a position earns for the blocks it is held (Yearn's locked profit). A pool is
//! settled to the current block ([`SharePool::at`]) before every use.
//!
//! **Stake-time**: the pool also integrates its value over blocks (`stake_blocks`, like a
//! Uniswap v2 price accumulator), so a validator's root stake over a tempo is a time-weighted
//! mean ([`SharePool::mean_since`]), not the stake of one block.

use super::MathError;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_arithmetic::{helpers_128bit::multiply_by_rational_with_rounding, Rounding};

/// Shares minted per unit of the first deposit into an empty pool.
pub const INITIAL_SHARES_PER_UNIT: u128 = 1_000_000_000_000_000_000;

/// A share pool: the alpha it holds and the shares outstanding.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct SharePool {
	/// Alpha (or, on root, TAO) the pool holds, vested or not.
	pub value: u64,
	/// Shares outstanding.
	pub shares: u128,
	/// Of `value`, what has not vested yet as of block `vest_from`; it vests linearly until
	/// `vest_until`.
	pub unvested: u64,
	/// The block `unvested` was last settled at.
	pub vest_from: u64,
	/// The block by which everything has vested.
	pub vest_until: u64,
	/// `Σ value × blocks` up to block `updated`: the pool's stake-time.
	pub stake_blocks: u128,
	/// The block the pool was last settled at.
	pub updated: u64,
	/// Of `shares`, those minted for the hotkey's owner by epochs (its incentive and its take)
	/// and not yet added to its position: they are the owner's from the moment they are minted
	/// (its value and its part of every later dividend), and join its stored position when that
	/// position next moves or is read (spec §5, "lazy settlement"). An epoch thus writes one
	/// record per pool it pays, not the pool and the owner's position.
	pub owner_owed: u128,
}

/// A point on a pool's stake-time: its `stake_blocks` at block `at`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct StakeMark {
	/// The pool's `stake_blocks` then.
	pub stake_blocks: u128,
	/// The block.
	pub at: u64,
}

/// The result of a withdrawal.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Withdrawal {
	/// The pool afterwards.
	pub pool: SharePool,
	/// The holder's shares afterwards (0: the position is closed).
	pub remaining: u128,
}

impl SharePool {
	/// The value shares are priced on: `value` less what has not vested.
	pub fn vested(&self) -> u64 {
		self.value.saturating_sub(self.unvested)
	}

	/// The pool as of block `now` (not before its last settlement): what has vested since is
	/// released to the shares (the unvested rest rounded up, in favour of those who stay), and
	/// the stake-time grows by `value × blocks`.
	pub fn at(&self, now: u64) -> SharePool {
		let mut p = *self;
		if now > p.updated {
			let blocks = u128::from(now.saturating_sub(p.updated));
			p.stake_blocks = p.stake_blocks.saturating_add(u128::from(p.value).saturating_mul(blocks));
			p.updated = now;
		}
		if p.unvested > 0 && now > p.vest_from {
			p.unvested = if now >= p.vest_until {
				0
			} else {
				let left = u128::from(p.vest_until.saturating_sub(now));
				let span = u128::from(p.vest_until.saturating_sub(p.vest_from));
				multiply_by_rational_with_rounding(u128::from(p.unvested), left, span, Rounding::Up)
					.and_then(|v| u64::try_from(v).ok())
					.unwrap_or(p.unvested)
					.min(p.unvested)
			};
			p.vest_from = now;
		}
		p
	}

	/// The pool with everything vested (a closing subnet pays its holders in full).
	pub fn fully_vested(&self) -> SharePool {
		SharePool { unvested: 0, vest_from: self.vest_until, ..*self }
	}

	/// The time-weighted mean value between `mark` and this (settled) pool's `updated`; `None`
	/// for an empty window. A pool emptied and refilled since the mark counts from its refill
	/// (its stake-time restarted), so the mean is never above the true one.
	pub fn mean_since(&self, mark: StakeMark) -> Option<u64> {
		let blocks = self.updated.checked_sub(mark.at).filter(|b| *b > 0)?;
		let stake = self.stake_blocks.saturating_sub(mark.stake_blocks);
		u64::try_from(stake.checked_div(u128::from(blocks))?).ok()
	}

	/// The stake-time mark of this (settled) pool.
	pub fn mark(&self) -> StakeMark {
		StakeMark { stake_blocks: self.stake_blocks, at: self.updated }
	}

	/// The value of `held` shares, rounded down: their part of the vested value. The holder of
	/// every share owns all the value, vested or not.
	pub fn value_of(&self, held: u128) -> u64 {
		if held == 0 || self.shares == 0 {
			return 0;
		}
		if held >= self.shares {
			return self.value;
		}
		multiply_by_rational_with_rounding(held, u128::from(self.vested()), self.shares, Rounding::Down)
			.and_then(|v| u64::try_from(v).ok())
			.unwrap_or(0)
	}

	/// Deposit `amount`; returns the pool afterwards and the shares minted (rounded down).
	pub fn deposit(&self, amount: u64) -> Result<(SharePool, u128), MathError> {
		if amount == 0 {
			return Err(MathError::ZeroInput);
		}
		let minted = if self.shares == 0 {
			u128::from(amount).checked_mul(INITIAL_SHARES_PER_UNIT).ok_or(MathError::Overflow)?
		} else {
			if self.vested() == 0 {
				return Err(MathError::EmptyPool);
			}
			multiply_by_rational_with_rounding(
				u128::from(amount),
				self.shares,
				u128::from(self.vested()),
				Rounding::Down,
			)
			.ok_or(MathError::Overflow)?
		};
		if minted == 0 {
			return Err(MathError::ZeroOutput);
		}
		let pool = SharePool {
			value: self.value.checked_add(amount).ok_or(MathError::Overflow)?,
			shares: self.shares.checked_add(minted).ok_or(MathError::Overflow)?,
			..*self
		};
		Ok((pool, minted))
	}

	/// Withdraw `amount` from a holder of `held` shares. Burns shares rounded up; withdrawing the
	/// whole value closes the position, and a position left worth less than one unit is closed
	/// too (its dust stays with the other holders). The unvested part stays in the pool for the
	/// holders who remain (the last holder takes it with the last share).
	pub fn withdraw(&self, held: u128, amount: u64) -> Result<Withdrawal, MathError> {
		if amount == 0 {
			return Err(MathError::ZeroInput);
		}
		if held >= self.shares && self.unvested > 0 {
			// The only holder owns everything, vested or not.
			return self.fully_vested().withdraw(held, amount);
		}
		let value = self.value_of(held);
		if amount > value {
			return Err(MathError::InsufficientShares);
		}
		let burn = if amount == value {
			held
		} else {
			multiply_by_rational_with_rounding(u128::from(amount), self.shares, u128::from(self.vested()), Rounding::Up)
				.ok_or(MathError::Overflow)?
				.min(held)
		};
		let mut remaining = held.checked_sub(burn).ok_or(MathError::Overflow)?;
		let mut pool = SharePool {
			value: self.value.checked_sub(amount).ok_or(MathError::Overflow)?,
			shares: self.shares.checked_sub(burn).ok_or(MathError::Overflow)?,
			..*self
		};
		pool.unvested = pool.unvested.min(pool.value);
		if remaining > 0 && pool.value_of(remaining) == 0 {
			pool.shares = pool.shares.checked_sub(remaining).ok_or(MathError::Overflow)?;
			remaining = 0;
		}
		if pool.shares == 0 && pool.value != 0 {
			// Only reachable if the closed position was the last one: it owned everything.
			return Err(MathError::Overflow);
		}
		Ok(Withdrawal { pool, remaining })
	}

	/// Add `amount` to the pool for all holders at once, vested at once. Needs at least one
	/// holder.
	pub fn distribute(&self, amount: u64) -> Result<SharePool, MathError> {
		if self.shares == 0 {
			return Err(MathError::EmptyPool);
		}
		Ok(SharePool { value: self.value.checked_add(amount).ok_or(MathError::Overflow)?, ..*self })
	}

	/// Add `amount` to this pool (settled at `now`) for its holders, vesting linearly until
	/// `until`: what has not vested yet is merged into the new schedule (it vests no sooner
	/// than it would have alone, since `until` is at least a period ahead). Needs a holder.
	pub fn vest(&self, amount: u64, now: u64, until: u64) -> Result<SharePool, MathError> {
		let mut p = self.distribute(amount)?;
		p.unvested = p.unvested.checked_add(amount).ok_or(MathError::Overflow)?;
		p.vest_from = now;
		p.vest_until = until.max(now).max(self.vest_until);
		Ok(p)
	}
}

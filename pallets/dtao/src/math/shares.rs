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
	/// Alpha (or, on root, TAO) the pool holds.
	pub value: u64,
	/// Shares outstanding.
	pub shares: u128,
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
	/// The value of `held` shares, rounded down. The holder of every share owns all the value.
	pub fn value_of(&self, held: u128) -> u64 {
		if held == 0 || self.shares == 0 {
			return 0;
		}
		if held >= self.shares {
			return self.value;
		}
		multiply_by_rational_with_rounding(held, u128::from(self.value), self.shares, Rounding::Down)
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
			if self.value == 0 {
				return Err(MathError::EmptyPool);
			}
			multiply_by_rational_with_rounding(u128::from(amount), self.shares, u128::from(self.value), Rounding::Down)
				.ok_or(MathError::Overflow)?
		};
		if minted == 0 {
			return Err(MathError::ZeroOutput);
		}
		let pool = SharePool {
			value: self.value.checked_add(amount).ok_or(MathError::Overflow)?,
			shares: self.shares.checked_add(minted).ok_or(MathError::Overflow)?,
		};
		Ok((pool, minted))
	}

	/// Withdraw `amount` from a holder of `held` shares. Burns shares rounded up; withdrawing the
	/// whole value closes the position, and a position left worth less than one unit is closed
	/// too (its dust stays with the other holders).
	pub fn withdraw(&self, held: u128, amount: u64) -> Result<Withdrawal, MathError> {
		if amount == 0 {
			return Err(MathError::ZeroInput);
		}
		let value = self.value_of(held);
		if amount > value {
			return Err(MathError::InsufficientShares);
		}
		let burn = if amount == value {
			held
		} else {
			multiply_by_rational_with_rounding(u128::from(amount), self.shares, u128::from(self.value), Rounding::Up)
				.ok_or(MathError::Overflow)?
				.min(held)
		};
		let mut remaining = held.checked_sub(burn).ok_or(MathError::Overflow)?;
		let mut pool = SharePool {
			value: self.value.checked_sub(amount).ok_or(MathError::Overflow)?,
			shares: self.shares.checked_sub(burn).ok_or(MathError::Overflow)?,
		};
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

	/// Add `amount` to the pool for all holders at once (dividends). Needs at least one holder.
	pub fn distribute(&self, amount: u64) -> Result<SharePool, MathError> {
		if self.shares == 0 {
			return Err(MathError::EmptyPool);
		}
		Ok(SharePool { value: self.value.checked_add(amount).ok_or(MathError::Overflow)?, shares: self.shares })
	}
}

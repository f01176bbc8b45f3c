//! Staking is swapping: every staking call is a quote (pure, from storage read once) followed by
//! an execution that writes the quote's result. The runtime API quotes with the same functions.

// Non-test code of the pallet may not panic, wrap or truncate (checked by clippy in CI).
#![cfg_attr(
	not(test),
	deny(
		clippy::arithmetic_side_effects,
		clippy::unwrap_used,
		clippy::expect_used,
		clippy::indexing_slicing,
		clippy::cast_possible_truncation,
		clippy::cast_possible_wrap,
		clippy::cast_sign_loss
	)
)]

use crate::{
	math::{
		swap::{self, Pool, PRICE_UNIT},
		MathError,
	},
	pallet::*,
	types::*,
};
use alloc::vec::Vec;
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, Mutate},
		tokens::{Fortitude, Preservation},
	},
};
use sp_arithmetic::Perbill;

/// Whether a position was opened, closed or kept by a share-pool operation.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum PositionChange {
	/// A new (hotkey, coldkey) position exists.
	Opened,
	/// The position is gone.
	Closed,
	/// The position existed before and still does.
	Kept,
}

impl PositionChange {
	/// Apply to a subnet's position counter.
	pub(crate) fn apply(self, positions: &mut u32) {
		match self {
			PositionChange::Opened => *positions = positions.saturating_add(1),
			PositionChange::Closed => *positions = positions.saturating_sub(1),
			PositionChange::Kept => {},
		}
	}
}

/// What an add or remove of stake would do.
#[derive(serde::Serialize, serde::Deserialize, Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct StakeQuote {
	/// Amount that would be paid in (after a partial fill, the filled amount), fee included.
	pub amount_in: u64,
	/// Fee, in the input token.
	pub fee: u64,
	/// Amount paid out.
	pub amount_out: u64,
	/// Spot price after the trade, rao per alpha (root: always 10^9).
	pub price_after: u64,
	/// The pool after the trade (`None` on root).
	pub pool_after: Option<Pool>,
}

/// What a move of stake between subnets would do.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct MoveQuote {
	/// Alpha taken from the origin position.
	pub alpha_in: u64,
	/// TAO the origin alpha sells for (0 when no swap happens).
	pub tao: u64,
	/// Alpha credited at the destination.
	pub alpha_out: u64,
	/// The origin pool afterwards (`None`: root or no swap).
	pub origin_pool_after: Option<Pool>,
	/// The destination pool afterwards (`None`: root or no swap).
	pub destination_pool_after: Option<Pool>,
}

/// One stake transition: any of move, swap and transfer.
pub(crate) struct Move<AccountId> {
	pub origin_coldkey: AccountId,
	pub destination_coldkey: AccountId,
	pub origin_hotkey: AccountId,
	pub destination_hotkey: AccountId,
	pub origin_netuid: NetUid,
	pub destination_netuid: NetUid,
	pub alpha_amount: u64,
	pub limit: Option<(u64, bool)>,
}

impl<T: Config> From<MathError> for Error<T> {
	fn from(e: MathError) -> Self {
		match e {
			MathError::ZeroInput => Error::<T>::AmountTooLow,
			MathError::ZeroOutput => Error::<T>::ZeroOutput,
			MathError::EmptyPool => Error::<T>::EmptyPool,
			MathError::ReserveFloor => Error::<T>::ReserveFloorBreached,
			MathError::InsufficientShares => Error::<T>::NotEnoughStake,
			MathError::Overflow => Error::<T>::Overflow,
		}
	}
}

/// Apply a limit: the amount itself if it keeps the limit, the largest amount that does if
/// partial fills are allowed, else `SlippageTooHigh`.
fn limited<T: Config>(amount: u64, limit: Option<(u64, bool)>, max: impl FnOnce(u64) -> u64) -> Result<u64, Error<T>> {
	let Some((limit_price, allow_partial)) = limit else { return Ok(amount) };
	let max = max(limit_price);
	if amount <= max {
		Ok(amount)
	} else if allow_partial && max > 0 {
		Ok(max)
	} else {
		Err(Error::<T>::SlippageTooHigh)
	}
}

impl<T: Config> Pallet<T> {
	/// The swap fee in force.
	fn swap_fee() -> Perbill {
		Parameters::<T>::get().swap_fee
	}

	/// Quote staking `amount` TAO on `netuid`, with an optional `(limit_price, allow_partial)`.
	pub fn quote_add_stake(netuid: NetUid, amount: u64, limit: Option<(u64, bool)>) -> Result<StakeQuote, Error<T>> {
		ensure!(amount > 0, Error::<T>::AmountTooLow);
		match Self::pool_of(netuid)? {
			None => {
				let amount = limited::<T>(amount, limit, |l| if l >= PRICE_UNIT { u64::MAX } else { 0 })?;
				Ok(StakeQuote {
					amount_in: amount,
					fee: 0,
					amount_out: amount,
					price_after: PRICE_UNIT,
					pool_after: None,
				})
			},
			Some(pool) => {
				let fee = Self::swap_fee();
				let amount = limited::<T>(amount, limit, |l| swap::max_buy_for_limit(pool, l, fee))?;
				let o = swap::buy(pool, amount, fee, T::MinReserve::get())?;
				Ok(StakeQuote {
					amount_in: o.amount_in,
					fee: o.fee,
					amount_out: o.amount_out,
					price_after: o.pool_after.price().ok_or(Error::<T>::EmptyPool)?,
					pool_after: Some(o.pool_after),
				})
			},
		}
	}

	/// Quote unstaking `amount` alpha from `netuid`, with an optional limit.
	pub fn quote_remove_stake(netuid: NetUid, amount: u64, limit: Option<(u64, bool)>) -> Result<StakeQuote, Error<T>> {
		ensure!(amount > 0, Error::<T>::AmountTooLow);
		match Self::pool_of(netuid)? {
			None => {
				let amount = limited::<T>(amount, limit, |l| if l <= PRICE_UNIT { u64::MAX } else { 0 })?;
				Ok(StakeQuote {
					amount_in: amount,
					fee: 0,
					amount_out: amount,
					price_after: PRICE_UNIT,
					pool_after: None,
				})
			},
			Some(pool) => {
				let fee = Self::swap_fee();
				let amount = limited::<T>(amount, limit, |l| swap::max_sell_for_limit(pool, l, fee))?;
				let o = swap::sell(pool, amount, fee, T::MinReserve::get())?;
				Ok(StakeQuote {
					amount_in: o.amount_in,
					fee: o.fee,
					amount_out: o.amount_out,
					price_after: o.pool_after.price().ok_or(Error::<T>::EmptyPool)?,
					pool_after: Some(o.pool_after),
				})
			},
		}
	}

	/// Quote moving `amount` alpha from `origin` to `destination` (different subnets: a sell
	/// and a buy through TAO; the same subnet: no swap), with an optional relative-price limit.
	pub fn quote_move(
		origin: NetUid,
		destination: NetUid,
		amount: u64,
		limit: Option<(u64, bool)>,
	) -> Result<MoveQuote, Error<T>> {
		ensure!(amount > 0, Error::<T>::AmountTooLow);
		let origin_pool = Self::pool_of(origin)?;
		let destination_pool = Self::pool_of(destination)?;
		if origin == destination {
			return Ok(MoveQuote {
				alpha_in: amount,
				tao: 0,
				alpha_out: amount,
				origin_pool_after: None,
				destination_pool_after: None,
			});
		}
		let fee = Self::swap_fee();
		let amount = limited::<T>(amount, limit, |l| swap::max_move_for_limit(origin_pool, destination_pool, l, fee))?;
		let min_reserve = T::MinReserve::get();
		let (tao, origin_pool_after) = match origin_pool {
			None => (amount, None),
			Some(pool) => {
				let o = swap::sell(pool, amount, fee, min_reserve)?;
				(o.amount_out, Some(o.pool_after))
			},
		};
		let (alpha_out, destination_pool_after) = match destination_pool {
			None => (tao, None),
			Some(pool) => {
				let o = swap::buy(pool, tao, fee, min_reserve)?;
				(o.amount_out, Some(o.pool_after))
			},
		};
		Ok(MoveQuote { alpha_in: amount, tao, alpha_out, origin_pool_after, destination_pool_after })
	}

	/// Check that stake may be held under `hotkey` on `netuid`: on root the hotkey must be
	/// registered somewhere; on a subnet it must be one of its neurons.
	pub(crate) fn ensure_can_stake_to(hotkey: &T::AccountId, netuid: NetUid) -> DispatchResult {
		ensure!(Self::subnet_exists(netuid), Error::<T>::SubnetNotFound);
		ensure!(HotkeyOwner::<T>::contains_key(hotkey), Error::<T>::HotkeyNotRegistered);
		if netuid != ROOT_NETUID {
			ensure!(Neurons::<T>::get(netuid).contains(hotkey), Error::<T>::HotkeyNotOnSubnet);
		}
		Ok(())
	}

	/// Add `amount` to `coldkey`'s position under `hotkey` on `netuid`.
	pub(crate) fn credit_position(
		coldkey: &T::AccountId,
		hotkey: &T::AccountId,
		netuid: NetUid,
		amount: u64,
	) -> Result<PositionChange, DispatchError> {
		let pool = StakePools::<T>::get(netuid, hotkey).unwrap_or_default();
		let (pool, minted) = pool.deposit(amount).map_err(Error::<T>::from)?;
		let held = Stakes::<T>::get((netuid, hotkey, coldkey));
		let change = if held.is_some() { PositionChange::Kept } else { PositionChange::Opened };
		let held = held.unwrap_or(0).checked_add(minted).ok_or(Error::<T>::Overflow)?;
		StakePools::<T>::insert(netuid, hotkey, pool);
		Stakes::<T>::insert((netuid, hotkey, coldkey), held);
		Ok(change)
	}

	/// Take `amount` from `coldkey`'s position under `hotkey` on `netuid`.
	pub(crate) fn debit_position(
		coldkey: &T::AccountId,
		hotkey: &T::AccountId,
		netuid: NetUid,
		amount: u64,
	) -> Result<PositionChange, DispatchError> {
		let held = Stakes::<T>::get((netuid, hotkey, coldkey)).ok_or(Error::<T>::NoStakeToRemove)?;
		let pool = StakePools::<T>::get(netuid, hotkey).ok_or(Error::<T>::NoStakeToRemove)?;
		let w = pool.withdraw(held, amount).map_err(Error::<T>::from)?;
		if w.pool.shares == 0 {
			StakePools::<T>::remove(netuid, hotkey);
		} else {
			StakePools::<T>::insert(netuid, hotkey, w.pool);
		}
		if w.remaining == 0 {
			Stakes::<T>::remove((netuid, hotkey, coldkey));
			Ok(PositionChange::Closed)
		} else {
			Stakes::<T>::insert((netuid, hotkey, coldkey), w.remaining);
			Ok(PositionChange::Kept)
		}
	}

	/// Apply a trade's result to a subnet: the new pool, `alpha_out` moved by `alpha_delta`
	/// (positive: alpha left the pool), and a position change.
	fn settle_subnet(
		netuid: NetUid,
		pool_after: Option<Pool>,
		alpha_out_added: u64,
		alpha_out_removed: u64,
		change: PositionChange,
	) -> DispatchResult {
		Subnets::<T>::try_mutate(netuid, |s| -> DispatchResult {
			let s = s.as_mut().ok_or(Error::<T>::SubnetNotFound)?;
			if let Some(pool) = pool_after {
				s.pool = pool;
			}
			s.alpha_out = s
				.alpha_out
				.checked_add(alpha_out_added)
				.and_then(|a| a.checked_sub(alpha_out_removed))
				.ok_or(Error::<T>::Overflow)?;
			change.apply(&mut s.positions);
			Ok(())
		})
	}

	fn add_root_stake(amount: u64) -> DispatchResult {
		TotalRootStake::<T>::try_mutate(|t| -> DispatchResult {
			*t = t.checked_add(amount).ok_or(Error::<T>::Overflow)?;
			Ok(())
		})
	}

	fn sub_root_stake(amount: u64) -> DispatchResult {
		TotalRootStake::<T>::try_mutate(|t| -> DispatchResult {
			*t = t.checked_sub(amount).ok_or(Error::<T>::Overflow)?;
			Ok(())
		})
	}

	pub(crate) fn do_add_stake(
		coldkey: T::AccountId,
		hotkey: T::AccountId,
		netuid: NetUid,
		amount: u64,
		limit: Option<(u64, bool)>,
	) -> DispatchResult {
		ensure!(amount >= T::MinStake::get(), Error::<T>::AmountTooLow);
		Self::ensure_can_stake_to(&hotkey, netuid)?;
		// The caller must be able to pay what it asked for, even if a partial fill takes less.
		ensure!(
			T::Currency::reducible_balance(&coldkey, Preservation::Preserve, Fortitude::Polite) >= amount,
			Error::<T>::InsufficientBalance
		);
		let quote = Self::quote_add_stake(netuid, amount, limit)?;
		// A partial fill must still be a real stake.
		ensure!(quote.amount_in >= T::MinStake::get(), Error::<T>::AmountTooLow);

		T::Currency::transfer(&coldkey, &Self::account_id(), quote.amount_in, Preservation::Preserve)?;
		let change = Self::credit_position(&coldkey, &hotkey, netuid, quote.amount_out)?;
		if netuid == ROOT_NETUID {
			Self::add_root_stake(quote.amount_out)?;
		} else {
			Self::settle_subnet(netuid, quote.pool_after, quote.amount_out, 0, change)?;
		}
		Self::deposit_event(Event::StakeAdded {
			coldkey,
			hotkey,
			netuid,
			tao: quote.amount_in,
			fee: quote.fee,
			alpha: quote.amount_out,
		});
		Ok(())
	}

	pub(crate) fn do_remove_stake(
		coldkey: T::AccountId,
		hotkey: T::AccountId,
		netuid: NetUid,
		amount: u64,
		limit: Option<(u64, bool)>,
	) -> DispatchResult {
		ensure!(amount > 0, Error::<T>::AmountTooLow);
		ensure!(Self::subnet_exists(netuid), Error::<T>::SubnetNotFound);
		ensure!(Stakes::<T>::contains_key((netuid, &hotkey, &coldkey)), Error::<T>::NoStakeToRemove);
		let value = Self::stake_value(&coldkey, &hotkey, netuid);
		ensure!(amount <= value, Error::<T>::NotEnoughStake);
		let quote = Self::quote_remove_stake(netuid, amount, limit)?;
		// Below `MinStake` only to close a position, so dust can always leave.
		ensure!(quote.amount_in == value || quote.amount_out >= T::MinStake::get(), Error::<T>::AmountTooLow);

		let change = Self::debit_position(&coldkey, &hotkey, netuid, quote.amount_in)?;
		if netuid == ROOT_NETUID {
			Self::sub_root_stake(quote.amount_in)?;
		} else {
			Self::settle_subnet(netuid, quote.pool_after, 0, quote.amount_in, change)?;
		}
		T::Currency::transfer(&Self::account_id(), &coldkey, quote.amount_out, Preservation::Preserve)?;
		Self::deposit_event(Event::StakeRemoved {
			coldkey,
			hotkey,
			netuid,
			alpha: quote.amount_in,
			fee: quote.fee,
			tao: quote.amount_out,
		});
		Ok(())
	}

	pub(crate) fn do_swap(
		coldkey: T::AccountId,
		hotkey: T::AccountId,
		origin_netuid: NetUid,
		destination_netuid: NetUid,
		alpha_amount: u64,
		limit: Option<(u64, bool)>,
	) -> DispatchResult {
		ensure!(origin_netuid != destination_netuid, Error::<T>::SameStakePosition);
		Self::do_move(Move {
			origin_coldkey: coldkey.clone(),
			destination_coldkey: coldkey,
			origin_hotkey: hotkey.clone(),
			destination_hotkey: hotkey,
			origin_netuid,
			destination_netuid,
			alpha_amount,
			limit,
		})
	}

	pub(crate) fn do_move(m: Move<T::AccountId>) -> DispatchResult {
		ensure!(m.alpha_amount > 0, Error::<T>::AmountTooLow);
		ensure!(
			m.origin_coldkey != m.destination_coldkey
				|| m.origin_hotkey != m.destination_hotkey
				|| m.origin_netuid != m.destination_netuid,
			Error::<T>::SameStakePosition
		);
		ensure!(Self::subnet_exists(m.origin_netuid), Error::<T>::SubnetNotFound);
		Self::ensure_can_stake_to(&m.destination_hotkey, m.destination_netuid)?;
		ensure!(
			Stakes::<T>::contains_key((m.origin_netuid, &m.origin_hotkey, &m.origin_coldkey)),
			Error::<T>::NoStakeToRemove
		);
		let value = Self::stake_value(&m.origin_coldkey, &m.origin_hotkey, m.origin_netuid);
		ensure!(m.alpha_amount <= value, Error::<T>::NotEnoughStake);
		let quote = Self::quote_move(m.origin_netuid, m.destination_netuid, m.alpha_amount, m.limit)?;
		let swapped = m.origin_netuid != m.destination_netuid;
		if swapped {
			ensure!(quote.alpha_in == value || quote.tao >= T::MinStake::get(), Error::<T>::AmountTooLow);
		}

		let closed = Self::debit_position(&m.origin_coldkey, &m.origin_hotkey, m.origin_netuid, quote.alpha_in)?;
		let opened = Self::credit_position(
			&m.destination_coldkey,
			&m.destination_hotkey,
			m.destination_netuid,
			quote.alpha_out,
		)?;
		if m.origin_netuid == ROOT_NETUID {
			if swapped {
				Self::sub_root_stake(quote.alpha_in)?;
			}
		} else if swapped {
			Self::settle_subnet(m.origin_netuid, quote.origin_pool_after, 0, quote.alpha_in, closed)?;
		} else {
			Self::settle_subnet(m.origin_netuid, None, 0, 0, closed)?;
		}
		if m.destination_netuid == ROOT_NETUID {
			if swapped {
				Self::add_root_stake(quote.alpha_out)?;
			}
		} else if swapped {
			Self::settle_subnet(m.destination_netuid, quote.destination_pool_after, quote.alpha_out, 0, opened)?;
		} else {
			Self::settle_subnet(m.destination_netuid, None, 0, 0, opened)?;
		}

		Self::deposit_event(Event::StakeMoved {
			origin_coldkey: m.origin_coldkey,
			destination_coldkey: m.destination_coldkey,
			origin_hotkey: m.origin_hotkey,
			destination_hotkey: m.destination_hotkey,
			origin_netuid: m.origin_netuid,
			destination_netuid: m.destination_netuid,
			alpha_moved: quote.alpha_in,
			tao: quote.tao,
			alpha_received: quote.alpha_out,
		});
		Ok(())
	}

	/// Sell every position of `coldkey` under `hotkey`; returns the subnets looked at.
	pub(crate) fn do_unstake_all(coldkey: T::AccountId, hotkey: T::AccountId) -> Result<u32, DispatchError> {
		let netuids: Vec<NetUid> = core::iter::once(ROOT_NETUID).chain(Subnets::<T>::iter_keys()).collect();
		let visited = u32::try_from(netuids.len()).unwrap_or(u32::MAX);
		let mut removed_any = false;
		for netuid in netuids {
			if !Stakes::<T>::contains_key((netuid, &hotkey, &coldkey)) {
				continue;
			}
			let value = Self::stake_value(&coldkey, &hotkey, netuid);
			Self::do_remove_stake(coldkey.clone(), hotkey.clone(), netuid, value, None)?;
			removed_any = true;
		}
		ensure!(removed_any, Error::<T>::NoStakeToRemove);
		Ok(visited)
	}
}

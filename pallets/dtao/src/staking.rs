//! Staking is swapping (spec §3): every staking call is a quote (pure, from storage read once)
//! followed by an execution that writes the quote's result. The runtime API quotes with the
//! same functions.

use crate::{
	math::swap::{self, Pool, PRICE_UNIT},
	pallet::*,
	types::*,
};
use alloc::vec::Vec;
use frame_support::traits::fungible::{Inspect, Mutate};
use frame_support::traits::tokens::{Fortitude, Preservation};
use frame_support::{ensure, pallet_prelude::*};
use sp_arithmetic::Perbill;

/// An account of the runtime.
type AccountOf<T> = <T as frame_system::Config>::AccountId;

/// What a share-pool operation did to a position.
type Changed = Result<PositionChange, DispatchError>;

/// Apply a limit: the amount itself if it keeps the limit, the largest amount that does if
/// partial fills are allowed, else `SlippageTooHigh`. `max` gives the largest amount that keeps
/// a limit price.
fn limited<T: Config>(amount: u64, limit: Option<Limit>, max: impl FnOnce(u64) -> u64) -> Result<u64, Error<T>> {
	let Some(limit) = limit else { return Ok(amount) };
	let max = max(limit.price);
	if amount <= max {
		Ok(amount)
	} else if limit.allow_partial && max > 0 {
		Ok(max)
	} else {
		Err(Error::<T>::SlippageTooHigh)
	}
}

/// The most a trade in `direction` may put into `pool` (root: `None`, price 1.0) and keep
/// `limit_price`, before floors.
fn max_for_limit(pool: Option<Pool>, direction: Direction, limit_price: u64, fee: Perbill) -> u64 {
	match (pool, direction) {
		(None, Direction::Buy) => {
			if limit_price >= PRICE_UNIT {
				u64::MAX
			} else {
				0
			}
		},
		(None, Direction::Sell) => {
			if limit_price <= PRICE_UNIT {
				u64::MAX
			} else {
				0
			}
		},
		(Some(pool), Direction::Buy) => swap::max_buy_for_limit(pool, limit_price, fee),
		(Some(pool), Direction::Sell) => swap::max_sell_for_limit(pool, limit_price, fee),
	}
}

impl<T: Config> Pallet<T> {
	/// The swap fee in force.
	fn swap_fee() -> Perbill {
		Parameters::<T>::get().swap_fee
	}

	/// The pool of a dynamic subnet, `None` for root.
	pub fn pool_of(netuid: NetUid) -> Result<Option<Pool>, Error<T>> {
		if netuid == ROOT_NETUID {
			return Ok(None);
		}
		Subnets::<T>::get(netuid).map(|s| Some(s.pool)).ok_or_else(|| {
			if Self::is_dissolving(netuid) {
				Error::<T>::SubnetDissolving
			} else {
				Error::<T>::SubnetNotFound
			}
		})
	}

	/// The value (alpha; TAO on root) of `coldkey`'s stake under `hotkey` on `netuid`.
	pub fn stake_value(coldkey: &T::AccountId, hotkey: &T::AccountId, netuid: NetUid) -> u64 {
		let shares = Stakes::<T>::get((netuid, hotkey, coldkey)).unwrap_or(0);
		StakePools::<T>::get(netuid, hotkey).map(|p| p.value_of(shares)).unwrap_or(0)
	}

	/// The pool of `netuid` (`None` for root) and the fee a trade in it pays (root: none).
	fn pool_and_fee(netuid: NetUid) -> Result<(Option<Pool>, Perbill), Error<T>> {
		let pool = Self::pool_of(netuid)?;
		Ok((pool, if pool.is_some() { Self::swap_fee() } else { Perbill::zero() }))
	}

	/// Quote a trade of `amount` (TAO for a buy, alpha for a sell) on `netuid`, with an optional
	/// limit. The one quote path of staking and unstaking; root trades 1:1 without a fee.
	pub fn quote_trade(
		netuid: NetUid,
		side: Direction,
		amount: u64,
		limit: Option<Limit>,
	) -> Result<StakeQuote, Error<T>> {
		ensure!(amount > 0, Error::<T>::AmountTooLow);
		let (pool, fee) = Self::pool_and_fee(netuid)?;
		let amount = limited::<T>(amount, limit, |price| max_for_limit(pool, side, price, fee))?;
		let Some(pool) = pool else {
			return Ok(StakeQuote {
				amount_in: amount,
				fee: 0,
				amount_out: amount,
				price_after: PRICE_UNIT,
				pool_after: None,
			});
		};
		let min_reserve = T::MinReserve::get();
		let o = match side {
			Direction::Buy => swap::buy(pool, amount, fee, min_reserve)?,
			Direction::Sell => swap::sell(pool, amount, fee, min_reserve)?,
		};
		Ok(StakeQuote {
			amount_in: o.amount_in,
			fee: o.fee,
			amount_out: o.amount_out,
			price_after: o.pool_after.price().ok_or(Error::<T>::EmptyPool)?,
			pool_after: Some(o.pool_after),
		})
	}

	/// Quote staking `amount` TAO on `netuid`, with an optional limit.
	pub fn quote_add_stake(netuid: NetUid, amount: u64, limit: Option<Limit>) -> Result<StakeQuote, Error<T>> {
		Self::quote_trade(netuid, Direction::Buy, amount, limit)
	}

	/// Quote unstaking `amount` alpha from `netuid`, with an optional limit.
	pub fn quote_remove_stake(netuid: NetUid, amount: u64, limit: Option<Limit>) -> Result<StakeQuote, Error<T>> {
		Self::quote_trade(netuid, Direction::Sell, amount, limit)
	}

	/// The most a `direction` limit order at `limit_price` would trade on `netuid` now (before
	/// floors): TAO for a buy, alpha for a sell.
	pub fn max_trade_for_limit(netuid: NetUid, direction: Direction, limit_price: u64) -> Result<u64, Error<T>> {
		let (pool, fee) = Self::pool_and_fee(netuid)?;
		Ok(max_for_limit(pool, direction, limit_price, fee))
	}

	/// Quote moving `amount` alpha from subnet `from` to subnet `to` (different subnets: a sell
	/// and a buy through TAO; the same subnet: no swap), with an optional relative-price limit.
	pub fn quote_move(from: NetUid, to: NetUid, amount: u64, limit: Option<Limit>) -> Result<MoveQuote, Error<T>> {
		ensure!(amount > 0, Error::<T>::AmountTooLow);
		let origin_pool = Self::pool_of(from)?;
		let destination_pool = Self::pool_of(to)?;
		if from == to {
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
		Self::ensure_subnet(netuid)?;
		ensure!(HotkeyOwner::<T>::contains_key(hotkey), Error::<T>::HotkeyNotRegistered);
		if netuid != ROOT_NETUID {
			ensure!(Neurons::<T>::get(netuid).contains(hotkey), Error::<T>::HotkeyNotOnSubnet);
		}
		Ok(())
	}

	/// Add `amount` to `coldkey`'s position under `hotkey` on `netuid`.
	pub(crate) fn credit(coldkey: &AccountOf<T>, hotkey: &AccountOf<T>, netuid: NetUid, amount: u64) -> Changed {
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
	pub(crate) fn debit(coldkey: &AccountOf<T>, hotkey: &AccountOf<T>, netuid: NetUid, amount: u64) -> Changed {
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

	/// Apply a trade's result to a subnet: the new pool, `alpha_out` raised by
	/// `alpha_out_added` (alpha left the pool) and lowered by `alpha_out_removed` (alpha came
	/// back), and a position change.
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

	/// Raise `TotalRootStake` by `added` and lower it by `removed`.
	pub(crate) fn adjust_root_stake(added: u64, removed: u64) -> Result<(), Error<T>> {
		TotalRootStake::<T>::try_mutate(|t| -> Result<(), Error<T>> {
			*t = t.checked_add(added).and_then(|t| t.checked_sub(removed)).ok_or(Error::<T>::Overflow)?;
			Ok(())
		})
	}

	pub(crate) fn do_add_stake(order: StakeOrder<T::AccountId>) -> DispatchResult {
		let StakeOrder { coldkey, hotkey, netuid, amount, limit } = order;
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
		let change = Self::credit(&coldkey, &hotkey, netuid, quote.amount_out)?;
		if netuid == ROOT_NETUID {
			Self::adjust_root_stake(quote.amount_out, 0)?;
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

	pub(crate) fn do_remove_stake(order: StakeOrder<T::AccountId>) -> DispatchResult {
		let StakeOrder { coldkey, hotkey, netuid, amount, limit } = order;
		ensure!(amount > 0, Error::<T>::AmountTooLow);
		Self::ensure_subnet(netuid)?;
		ensure!(Stakes::<T>::contains_key((netuid, &hotkey, &coldkey)), Error::<T>::NoStakeToRemove);
		let value = Self::stake_value(&coldkey, &hotkey, netuid);
		ensure!(amount <= value, Error::<T>::NotEnoughStake);
		let quote = Self::quote_remove_stake(netuid, amount, limit)?;
		// Below `MinStake` only to close a position, so dust can always leave.
		ensure!(quote.amount_in == value || quote.amount_out >= T::MinStake::get(), Error::<T>::AmountTooLow);

		let change = Self::debit(&coldkey, &hotkey, netuid, quote.amount_in)?;
		if netuid == ROOT_NETUID {
			Self::adjust_root_stake(0, quote.amount_in)?;
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

	/// `swap_stake(_limit)`: a move to another subnet under the same hotkey.
	pub(crate) fn do_swap_stake(m: Move<T::AccountId>) -> DispatchResult {
		ensure!(m.origin_netuid != m.destination_netuid, Error::<T>::SameStakePosition);
		Self::do_move(m)
	}

	pub(crate) fn do_move(m: Move<T::AccountId>) -> DispatchResult {
		ensure!(m.alpha_amount > 0, Error::<T>::AmountTooLow);
		ensure!(
			m.origin_coldkey != m.destination_coldkey
				|| m.origin_hotkey != m.destination_hotkey
				|| m.origin_netuid != m.destination_netuid,
			Error::<T>::SameStakePosition
		);
		Self::ensure_subnet(m.origin_netuid)?;
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

		let closed = Self::debit(&m.origin_coldkey, &m.origin_hotkey, m.origin_netuid, quote.alpha_in)?;
		let opened =
			Self::credit(&m.destination_coldkey, &m.destination_hotkey, m.destination_netuid, quote.alpha_out)?;
		if m.origin_netuid == ROOT_NETUID {
			if swapped {
				Self::adjust_root_stake(0, quote.alpha_in)?;
			}
		} else if swapped {
			Self::settle_subnet(m.origin_netuid, quote.origin_pool_after, 0, quote.alpha_in, closed)?;
		} else {
			Self::settle_subnet(m.origin_netuid, None, 0, 0, closed)?;
		}
		if m.destination_netuid == ROOT_NETUID {
			if swapped {
				Self::adjust_root_stake(quote.alpha_out, 0)?;
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
			Self::do_remove_stake(StakeOrder::new(coldkey.clone(), hotkey.clone(), netuid, value))?;
			removed_any = true;
		}
		ensure!(removed_any, Error::<T>::NoStakeToRemove);
		Ok(visited)
	}
}

//! Staking is swapping (spec §3). Every staking call reads like the coinbase: load once (the
//! subnet's record, the position and its share pool), compute purely (the quote on the loaded
//! pool, [`SubnetInfo::apply_trade`]), write once. The runtime API quotes with the same
//! functions. Stands on the ledger only.

use crate::{
	clearing::ROOT_PRICE,
	ledger::Holding,
	math::{
		batch,
		swap::{self, Pool, PRICE_UNIT},
	},
	pallet::*,
	types::*,
};
use alloc::vec::Vec;
use frame_support::traits::fungible::{Inspect, Mutate};
use frame_support::traits::tokens::{Fortitude, Preservation};
use frame_support::{ensure, pallet_prelude::*};
use sp_arithmetic::Perbill;

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

/// The most a root trade (1:1, no pool) in `direction` may put in and keep `limit_price`: all
/// of it or nothing.
fn root_max_for_limit(direction: Direction, limit_price: u64) -> u64 {
	let keeps = match direction {
		Direction::Buy => limit_price >= PRICE_UNIT,
		Direction::Sell => limit_price <= PRICE_UNIT,
	};
	if keeps {
		u64::MAX
	} else {
		0
	}
}

impl<T: Config> Pallet<T> {
	/// The swap fee in force.
	fn swap_fee() -> Perbill {
		Parameters::<T>::get().swap_fee
	}

	/// The pool of a dynamic subnet, `None` for root.
	pub fn pool_of(netuid: NetUid) -> Result<Option<Pool>, Error<T>> {
		Ok(Self::market(netuid)?.map(|s| s.pool))
	}

	/// The fee a trade in a pool pays (root, `None`: none).
	fn fee_for(pool: Option<Pool>) -> Perbill {
		if pool.is_some() {
			Self::swap_fee()
		} else {
			Perbill::zero()
		}
	}

	/// The pool of `netuid` (`None` for root) and the fee a trade in it pays (root: none).
	fn pool_and_fee(netuid: NetUid) -> Result<(Option<Pool>, Perbill), Error<T>> {
		let pool = Self::pool_of(netuid)?;
		Ok((pool, Self::fee_for(pool)))
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
		Self::quote_on(Self::pool_of(netuid)?, side, amount, limit)
	}

	/// Quote a trade of `amount` (non-zero) on a loaded pool (`None`: root): on a subnet, what
	/// the order would get in a batch of its own (spec §3.4: its limit bounds the clearing
	/// price; a fill-or-kill order that would not fill is `SlippageTooHigh`).
	fn quote_on(
		pool: Option<Pool>,
		side: Direction,
		amount: u64,
		limit: Option<Limit>,
	) -> Result<StakeQuote, Error<T>> {
		let fee = Self::fee_for(pool);
		let Some(pool) = pool else {
			let amount = limited::<T>(amount, limit, |price| root_max_for_limit(side, price))?;
			return Ok(StakeQuote {
				amount_in: amount,
				fee: 0,
				amount_out: amount,
				price: PRICE_UNIT,
				price_after: PRICE_UNIT,
				pool_after: None,
			});
		};
		let order = batch::BatchOrder::new(side, amount, fee, limit);
		let clearing = batch::clear(pool, &[order], T::MinReserve::get())?;
		let fill = clearing.fills.first().copied().unwrap_or_default();
		if fill.amount_in == 0 {
			// Alone, a market order fills unless its output rounds to nothing.
			return Err(if limit.is_some() { Error::<T>::SlippageTooHigh } else { Error::<T>::ZeroOutput });
		}
		Ok(StakeQuote {
			amount_in: fill.amount_in,
			fee: fill.fee,
			amount_out: fill.amount_out,
			price: clearing.price_rao(),
			price_after: clearing.pool_after.price().ok_or(Error::<T>::EmptyPool)?,
			pool_after: Some(clearing.pool_after),
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

	/// The most a `direction` limit order at `limit_price` would trade on `netuid` alone in its
	/// batch (TAO for a buy, alpha for a sell): the largest fill-or-kill order that fills, its
	/// clearing price within the limit (root: unbounded or nothing, against 1:1).
	pub fn max_trade_for_limit(netuid: NetUid, direction: Direction, limit_price: u64) -> Result<u64, Error<T>> {
		let (pool, fee) = Self::pool_and_fee(netuid)?;
		let Some(pool) = pool else { return Ok(root_max_for_limit(direction, limit_price)) };
		let limit = Some(Limit::new(limit_price, false));
		let min_reserve = T::MinReserve::get();
		let fills = |x: u64| {
			x == 0
				|| batch::clear(pool, &[batch::BatchOrder::new(direction, x, fee, limit)], min_reserve)
					.is_ok_and(|c| c.fills.first().is_some_and(|f| f.amount_in == x))
		};
		Ok(crate::math::max_satisfying(u64::MAX, fills).unwrap_or(0))
	}

	/// Quote moving `amount` alpha from subnet `from` to subnet `to` (different subnets: a sell
	/// and a buy through TAO; the same subnet: no swap), with an optional relative-price limit.
	pub fn quote_move(from: NetUid, to: NetUid, amount: u64, limit: Option<Limit>) -> Result<MoveQuote, Error<T>> {
		ensure!(amount > 0, Error::<T>::AmountTooLow);
		let origin_pool = Self::pool_of(from)?;
		let destination_pool = Self::pool_of(to)?;
		Self::quote_move_on(from == to, origin_pool, destination_pool, amount, limit)
	}

	/// Quote moving `amount` (non-zero) alpha between loaded pools (`None`: root); `same`: the
	/// same subnet, no swap.
	fn quote_move_on(
		same: bool,
		origin_pool: Option<Pool>,
		destination_pool: Option<Pool>,
		amount: u64,
		limit: Option<Limit>,
	) -> Result<MoveQuote, Error<T>> {
		if same {
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
		Self::ensure_hotkey_on(hotkey, netuid)
	}

	/// New stake may enter `netuid`: its owner has not announced its dissolve (spec §2).
	fn ensure_takes_stake(netuid: NetUid) -> DispatchResult {
		ensure!(
			netuid == ROOT_NETUID || !DissolveAnnouncements::<T>::contains_key(netuid),
			Error::<T>::DissolveAnnounced
		);
		Ok(())
	}

	/// The hotkey checks of [`Pallet::ensure_can_stake_to`], for a subnet known to exist.
	fn ensure_hotkey_on(hotkey: &T::AccountId, netuid: NetUid) -> DispatchResult {
		ensure!(HotkeyOwner::<T>::contains_key(hotkey), Error::<T>::HotkeyNotRegistered);
		if netuid != ROOT_NETUID {
			ensure!(Neurons::<T>::get(netuid).contains(hotkey), Error::<T>::HotkeyNotOnSubnet);
		}
		Ok(())
	}

	/// `add_stake(_limit)`: on a subnet, an order in its batch (the TAO reserved now, the alpha
	/// bought at the end of the block, spec §3.4); on root, 1:1 at once.
	pub(crate) fn do_add_stake(order: StakeOrder<T::AccountId>) -> DispatchResult {
		let StakeOrder { coldkey, hotkey, netuid, amount, limit } = order;
		ensure!(amount >= T::MinStake::get(), Error::<T>::AmountTooLow);
		let subnet = Self::market(netuid)?;
		Self::ensure_hotkey_on(&hotkey, netuid)?;
		Self::ensure_takes_stake(netuid)?;
		// The caller must be able to pay what it asked for, even if a partial fill takes less.
		ensure!(
			T::Currency::reducible_balance(&coldkey, Preservation::Preserve, Fortitude::Polite) >= amount,
			Error::<T>::InsufficientBalance
		);
		if let Some(info) = subnet {
			T::Currency::transfer(&coldkey, &Self::account_id(), amount, Preservation::Preserve)?;
			let order = PendingOrder { coldkey, hotkey, side: Direction::Buy, amount, limit, then: Then::Own };
			return Self::place_order(netuid, info.pool, order);
		}
		let quote = Self::quote_on(None, Direction::Buy, amount, limit)?;
		// A partial fill must still be a real stake.
		ensure!(quote.amount_in >= T::MinStake::get(), Error::<T>::AmountTooLow);
		T::Currency::transfer(&coldkey, &Self::account_id(), quote.amount_in, Preservation::Preserve)?;
		Self::credit(&coldkey, &hotkey, netuid, quote.amount_out)?;
		Self::adjust_root_stake(quote.amount_out, 0)?;
		Self::deposit_event(Event::StakeAdded {
			coldkey,
			hotkey,
			netuid,
			tao: quote.amount_in,
			fee: quote.fee,
			alpha: quote.amount_out,
			price: ROOT_PRICE,
		});
		Ok(())
	}

	pub(crate) fn do_remove_stake(order: StakeOrder<T::AccountId>) -> DispatchResult {
		let StakeOrder { coldkey, hotkey, netuid, amount, limit } = order;
		ensure!(amount > 0, Error::<T>::AmountTooLow);
		let subnet = Self::market(netuid)?;
		let holding = Self::holding(&coldkey, &hotkey, netuid)?;
		Self::sell_from(holding, subnet, amount, limit)
	}

	/// Sell `amount` of a loaded position into its loaded market: on a subnet, an order in its
	/// batch (the alpha reserved now: it leaves the position, and is sold at the end of the
	/// block); on root (`None`), 1:1 at once.
	fn sell_from(
		holding: Holding<T::AccountId>,
		subnet: Option<SubnetOf<T>>,
		amount: u64,
		limit: Option<Limit>,
	) -> DispatchResult {
		ensure!(amount > 0, Error::<T>::AmountTooLow);
		let value = holding.value();
		ensure!(amount <= value, Error::<T>::NotEnoughStake);
		let (netuid, coldkey, hotkey) = (holding.netuid, holding.coldkey.clone(), holding.hotkey.clone());
		if let Some(mut info) = subnet {
			// Below `MinStake` (as the order would sell alone) only to close a position, so dust
			// can always leave.
			let alone = Self::quote_on(Some(info.pool), Direction::Sell, amount, None)?;
			ensure!(amount == value || alone.amount_out >= T::MinStake::get(), Error::<T>::AmountTooLow);
			Self::debit(holding, amount)?.apply(&mut info.positions);
			let pool = info.pool;
			Subnets::<T>::insert(netuid, info);
			let order = PendingOrder { coldkey, hotkey, side: Direction::Sell, amount, limit, then: Then::Own };
			return Self::place_order(netuid, pool, order);
		}
		let quote = Self::quote_on(None, Direction::Sell, amount, limit)?;
		ensure!(quote.amount_in == value || quote.amount_out >= T::MinStake::get(), Error::<T>::AmountTooLow);
		Self::debit(holding, quote.amount_in)?;
		Self::adjust_root_stake(0, quote.amount_in)?;
		T::Currency::transfer(&Self::account_id(), &coldkey, quote.amount_out, Preservation::Preserve)?;
		Self::deposit_event(Event::StakeRemoved {
			coldkey,
			hotkey,
			netuid,
			alpha: quote.amount_in,
			fee: quote.fee,
			tao: quote.amount_out,
			price: ROOT_PRICE,
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
		ensure!(m.destination_coldkey != Self::account_id(), Error::<T>::ReservedAccount);
		let swapped = m.origin_netuid != m.destination_netuid;
		// Each subnet's record read once (once in all when both sides are one subnet).
		let origin = Self::market(m.origin_netuid)?;
		let destination = if swapped { Self::market(m.destination_netuid)? } else { None };
		Self::ensure_hotkey_on(&m.destination_hotkey, m.destination_netuid)?;
		if swapped {
			Self::ensure_takes_stake(m.destination_netuid)?;
		}
		let holding = Self::holding(&m.origin_coldkey, &m.origin_hotkey, m.origin_netuid)?;
		let value = holding.value();
		ensure!(m.alpha_amount <= value, Error::<T>::NotEnoughStake);
		let origin_pool = origin.as_ref().map(|s| s.pool);
		let destination_pool = if swapped { destination.as_ref().map(|s| s.pool) } else { origin_pool };
		// Across subnets the move trades in the block's batches (spec §3.4): it is checked here
		// as it would trade alone at the current pools, without its limit (which binds at the
		// clearing).
		let quote_limit = if swapped { None } else { m.limit };
		let quote = Self::quote_move_on(!swapped, origin_pool, destination_pool, m.alpha_amount, quote_limit)?;
		if swapped {
			ensure!(quote.alpha_in == value || quote.tao >= T::MinStake::get(), Error::<T>::AmountTooLow);
		}
		// No dust on either side: the source is emptied or keeps at least `MinStake`, and the
		// destination holds at least `MinStake` after it.
		let min = T::MinStake::get();
		let left = value.saturating_sub(quote.alpha_in);
		ensure!(left == 0 || left >= min, Error::<T>::DustLeftBehind);
		let received = Self::stake_value(&m.destination_coldkey, &m.destination_hotkey, m.destination_netuid)
			.saturating_add(quote.alpha_out);
		ensure!(received >= min, Error::<T>::AmountTooLow);

		let closed = Self::debit(holding, quote.alpha_in)?;
		if swapped {
			return Self::place_move(m, origin, destination, closed);
		}
		let opened =
			Self::credit(&m.destination_coldkey, &m.destination_hotkey, m.destination_netuid, quote.alpha_out)?;
		if let Some(mut info) = origin {
			// No trade: only the position count moves.
			closed.apply(&mut info.positions);
			opened.apply(&mut info.positions);
			Subnets::<T>::insert(m.origin_netuid, info);
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

	/// Place a move across subnets, its `alpha_amount` already debited from the origin position:
	/// from a subnet, a sale in the origin's batch whose TAO then buys at the destination (root
	/// at once, a subnet in the block's second round, at market); from root, the TAO (1:1) as a
	/// buy in the destination's batch. The move's limit on the relative price binds the
	/// sale (against the destination's price before the block's batches), or, from root, the
	/// purchase: a move that does not fill leaves its stake where it was.
	fn place_move(
		m: Move<T::AccountId>,
		origin: Option<SubnetOf<T>>,
		destination: Option<SubnetOf<T>>,
		closed: PositionChange,
	) -> DispatchResult {
		let amount = m.alpha_amount;
		match origin {
			None => {
				let pool = destination.map(|d| d.pool).ok_or(Error::<T>::SubnetNotFound)?;
				Self::adjust_root_stake(0, amount)?;
				let order = PendingOrder {
					coldkey: m.origin_coldkey,
					hotkey: m.destination_hotkey,
					side: Direction::Buy,
					amount,
					limit: m.limit.map(|l| batch::buy_limit_for_move(PRICE_UNIT, l)),
					then: Then::Receive {
						coldkey: m.destination_coldkey,
						origin_hotkey: m.origin_hotkey,
						origin_netuid: ROOT_NETUID,
						alpha_moved: amount,
					},
				};
				Self::place_order(m.destination_netuid, pool, order)
			},
			Some(mut info) => {
				closed.apply(&mut info.positions);
				let pool = info.pool;
				Subnets::<T>::insert(m.origin_netuid, info);
				// The relative limit as a limit on the origin's clearing price: at least
				// `limit * destination price` (rounded up), the destination's price being the
				// one before the block's batches (no trade moves a pool until they clear).
				let limit = match (m.limit, destination) {
					(Some(l), Some(d)) => Some(batch::sell_limit_for_move(l, d.pool)),
					(limit, _) => limit,
				};
				let order = PendingOrder {
					coldkey: m.origin_coldkey,
					hotkey: m.origin_hotkey,
					side: Direction::Sell,
					amount,
					limit,
					then: Then::Buy {
						coldkey: m.destination_coldkey,
						hotkey: m.destination_hotkey,
						netuid: m.destination_netuid,
					},
				};
				Self::place_order(m.origin_netuid, pool, order)
			},
		}
	}

	/// The netuids `unstake_all` looks at: root and every live subnet (at most `MaxSubnets` + 1).
	pub fn unstake_all_span() -> u32 {
		Subnets::<T>::count().saturating_add(1).min(u32::from(T::MaxSubnets::get()).saturating_add(1))
	}

	/// Sell every position of `coldkey` under `hotkey`; returns the subnets looked at, with the
	/// error when it fails (the call is charged for what it looked at either way).
	pub(crate) fn do_unstake_all(coldkey: T::AccountId, hotkey: T::AccountId) -> Result<u32, (u32, DispatchError)> {
		let netuids: Vec<NetUid> = core::iter::once(ROOT_NETUID).chain(Subnets::<T>::iter_keys()).collect();
		let visited = u32::try_from(netuids.len()).unwrap_or(u32::MAX);
		let mut removed_any = false;
		for netuid in netuids {
			let Ok(holding) = Self::holding(&coldkey, &hotkey, netuid) else { continue };
			let value = holding.value();
			let market = Self::market(netuid).map_err(|e| (visited, e.into()))?;
			Self::sell_from(holding, market, value, None).map_err(|e| (visited, e))?;
			removed_any = true;
		}
		if !removed_any {
			return Err((visited, Error::<T>::NoStakeToRemove.into()));
		}
		Ok(visited)
	}
}

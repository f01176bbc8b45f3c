//! The block's batches (spec §3.4). A stake or an unstake on a subnet places an order: its
//! input is reserved at once and the order waits in [`Orders`]; `on_finalize` clears each
//! subnet's orders together, at one price ([`crate::math::batch`]), so the order of the block's
//! transactions does not matter to anyone's price. Stands on the ledger and the pure math.

use crate::{
	math::{
		batch::{self, BatchOrder},
		swap::{self, Direction, Pool, PRICE_UNIT},
	},
	pallet::*,
	types::*,
};
use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	storage::with_storage_layer,
	traits::{fungible::Mutate, tokens::Preservation},
};

impl<T: Config> Pallet<T> {
	/// Put `order` (its input already reserved by the caller) in `netuid`'s batch. The order
	/// alone must trade on `pool` (no zero output), and every order on its side of the batch
	/// filled in full must keep the pool's drained reserve above the floor: the batch can then
	/// never break it, whatever the limits leave out (orders of the other side only help).
	pub(crate) fn place_order(netuid: NetUid, pool: Pool, order: PendingOrder<T::AccountId>) -> DispatchResult {
		let mut orders = Orders::<T>::get(netuid);
		let fee = Parameters::<T>::get().swap_fee;
		let min_reserve = T::MinReserve::get();
		let side_total = orders
			.iter()
			.filter(|o| o.side == order.side)
			.try_fold(order.amount, |acc, o| acc.checked_add(o.amount))
			.ok_or(Error::<T>::Overflow)?;
		let trade = |amount| match order.side {
			Direction::Buy => swap::buy(pool, amount, fee, min_reserve),
			Direction::Sell => swap::sell(pool, amount, fee, min_reserve),
		};
		trade(order.amount).map_err(Error::<T>::from)?;
		trade(side_total).map_err(Error::<T>::from)?;
		orders.try_push(order.clone()).map_err(|_| Error::<T>::TooManyOrders)?;
		Orders::<T>::insert(netuid, orders);
		let PendingOrder { coldkey, hotkey, side, amount, limit } = order;
		Self::deposit_event(Event::OrderPlaced { coldkey, hotkey, netuid, side, amount, limit });
		Ok(())
	}

	/// `on_finalize`: clear every subnet's batch, in netuid order. A batch that fails (its
	/// storage layer rolled back) refunds every order in it.
	pub(crate) fn clear_batches() {
		let mut batches: Vec<(NetUid, BatchOf<T>)> = Orders::<T>::drain().collect();
		batches.sort_by_key(|(netuid, _)| *netuid);
		for (netuid, orders) in batches {
			if let Err(error) = with_storage_layer(|| Self::clear_batch(netuid, &orders)) {
				Self::deposit_event(Event::BatchFailed { netuid, error });
				if let Err(e) = Self::refund_all(netuid, &orders) {
					log::error!(target: crate::LOG_TARGET, "refunding subnet {netuid}'s batch failed: {e:?}");
				}
			}
		}
	}

	/// Clear one subnet's batch: one price for all, each order's fill paid, what it did not
	/// fill refunded, the pool written once.
	fn clear_batch(netuid: NetUid, orders: &[PendingOrder<T::AccountId>]) -> DispatchResult {
		let mut info = Self::subnet(netuid)?;
		let fee = Parameters::<T>::get().swap_fee;
		let batch: Vec<BatchOrder> = orders.iter().map(|o| BatchOrder::new(o.side, o.amount, fee, o.limit)).collect();
		let clearing = batch::clear(info.pool, &batch, T::MinReserve::get()).map_err(Error::<T>::from)?;
		let price = clearing.price_rao();
		let (mut bought, mut sold, mut buys, mut sells) = (0u64, 0u64, 0u32, 0u32);
		for (order, fill) in orders.iter().zip(&clearing.fills) {
			let (coldkey, hotkey) = (order.coldkey.clone(), order.hotkey.clone());
			if fill.amount_in > 0 {
				match order.side {
					Direction::Buy => {
						Self::credit(&coldkey, &hotkey, netuid, fill.amount_out)?.apply(&mut info.positions);
						bought = bought.checked_add(fill.amount_out).ok_or(Error::<T>::Overflow)?;
						buys = buys.saturating_add(1);
						let (tao, fee, alpha) = (fill.amount_in, fill.fee, fill.amount_out);
						Self::deposit_event(Event::StakeAdded { coldkey, hotkey, netuid, tao, fee, alpha, price });
					},
					Direction::Sell => {
						T::Currency::transfer(&Self::account_id(), &coldkey, fill.amount_out, Preservation::Preserve)?;
						sold = sold.checked_add(fill.amount_in).ok_or(Error::<T>::Overflow)?;
						sells = sells.saturating_add(1);
						let (alpha, fee, tao) = (fill.amount_in, fill.fee, fill.amount_out);
						Self::deposit_event(Event::StakeRemoved { coldkey, hotkey, netuid, alpha, fee, tao, price });
					},
				}
			}
			let unfilled = order.amount.checked_sub(fill.amount_in).ok_or(Error::<T>::Overflow)?;
			Self::refund(netuid, &mut info, order, unfilled)?;
		}
		// Bought alpha joins the outside alpha; sold alpha (reserved when placed, still counted
		// outside until now) goes into the pool.
		info.alpha_out =
			info.alpha_out.checked_add(bought).and_then(|a| a.checked_sub(sold)).ok_or(Error::<T>::Overflow)?;
		let (before, after) = (info.pool, clearing.pool_after);
		info.pool = after;
		Subnets::<T>::insert(netuid, info);
		Self::deposit_event(Event::BatchCleared {
			netuid,
			price,
			buys,
			sells,
			net_tao: clearing.net_tao(before),
			net_alpha: clearing.net_alpha(before),
		});
		Ok(())
	}

	/// Give back `amount` of `order`'s reserved input: TAO to its coldkey, alpha to its position
	/// (reopened if the order had emptied it; `info` counts it).
	fn refund(
		netuid: NetUid,
		info: &mut SubnetOf<T>,
		order: &PendingOrder<T::AccountId>,
		amount: u64,
	) -> DispatchResult {
		if amount == 0 {
			return Ok(());
		}
		match order.side {
			Direction::Buy => {
				T::Currency::transfer(&Self::account_id(), &order.coldkey, amount, Preservation::Preserve)?;
			},
			Direction::Sell => {
				Self::credit(&order.coldkey, &order.hotkey, netuid, amount)?.apply(&mut info.positions);
			},
		}
		Self::deposit_event(Event::OrderRefunded {
			coldkey: order.coldkey.clone(),
			hotkey: order.hotkey.clone(),
			netuid,
			side: order.side,
			amount,
		});
		Ok(())
	}

	/// Refund every order of a batch in full (a batch that failed to clear).
	fn refund_all(netuid: NetUid, orders: &[PendingOrder<T::AccountId>]) -> DispatchResult {
		let mut info = Self::subnet(netuid)?;
		for order in orders {
			Self::refund(netuid, &mut info, order, order.amount)?;
		}
		Subnets::<T>::insert(netuid, info);
		Ok(())
	}

	/// Refund `netuid`'s waiting orders now (a subnet about to close: its holders' reserved
	/// alpha goes back to their positions first, so the dissolve pays for it).
	pub(crate) fn refund_orders(netuid: NetUid) -> DispatchResult {
		let orders = Orders::<T>::take(netuid);
		if orders.is_empty() {
			return Ok(());
		}
		Self::refund_all(netuid, &orders)
	}

	/// The orders waiting in `netuid`'s batch in this block.
	pub fn pending_orders(netuid: NetUid) -> Vec<PendingOrder<T::AccountId>> {
		Orders::<T>::get(netuid).into_inner()
	}

	/// What an order of `amount` (TAO for a buy, alpha for a sale) on `netuid` would get if the
	/// batch cleared now: alone (`with_pending` false), or with the orders already placed in
	/// this block. `None` for root (it trades 1:1 at once) or when the batch would not clear.
	pub fn quote_order(
		netuid: NetUid,
		side: Direction,
		amount: u64,
		limit: Option<Limit>,
		with_pending: bool,
	) -> Result<(batch::Fill, u64), Error<T>> {
		let info = Self::subnet(netuid)?;
		let fee = Parameters::<T>::get().swap_fee;
		let mut orders: Vec<BatchOrder> = if with_pending {
			Orders::<T>::get(netuid).iter().map(|o| BatchOrder::new(o.side, o.amount, fee, o.limit)).collect()
		} else {
			Vec::new()
		};
		orders.push(BatchOrder::new(side, amount, fee, limit));
		let clearing = batch::clear(info.pool, &orders, T::MinReserve::get()).map_err(Error::<T>::from)?;
		let fill = clearing.fills.last().copied().unwrap_or_default();
		Ok((fill, clearing.price_rao()))
	}
}

/// Root's price in events: 1 TAO per TAO staked.
pub(crate) const ROOT_PRICE: u64 = PRICE_UNIT;

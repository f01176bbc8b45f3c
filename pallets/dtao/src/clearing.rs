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
	WeightInfo,
};
use alloc::{collections::BTreeMap, vec::Vec};
use frame_support::{
	pallet_prelude::*,
	storage::with_storage_layer,
	traits::{fungible::Mutate, tokens::Preservation},
};

/// A purchase a move's sale sends on: (destination, order).
type Onward<T> = (NetUid, PendingOrder<<T as frame_system::Config>::AccountId>);

impl<T: Config> Pallet<T> {
	/// The weight of a call that places one order on a subnet: `placed` (its benchmark, which
	/// places the order into a batch already holding `MaxOrdersPerBlock - 1`), plus its share
	/// of clearing that batch at the end of the block. The order that opens a subnet's batch
	/// in a block (`opens`) pays for clearing a batch of one, the batch's fixed part included;
	/// each later order pays what one more order adds, `clear_batch(2) - clear_batch(1)`. So
	/// the orders of a batch of `n` pay `clear_batch(n)` between them (linear weights), and a
	/// stake in a busy block costs its placement and a sixty-fourth of a full batch's clearing,
	/// not a whole batch of its own. `add_stake` and `remove_stake` declare `opens = true` (the
	/// most they cost) and are refunded to `opens = false` when their subnet's batch was
	/// already open; a root stake (no batch) is not refunded. The limit variants and the moves
	/// are still charged a batch of one each: their benchmarks clear their own orders, limits
	/// included, which `clear_batch` (market orders) does not measure.
	pub fn order_weight(placed: Weight, opens: bool) -> Weight {
		let one = T::WeightInfo::clear_batch(1);
		let share = if opens { one } else { T::WeightInfo::clear_batch(2).saturating_sub(one) };
		placed.saturating_add(share)
	}

	/// Whether an order placed on `netuid` now would open its batch of this block (the first
	/// order there; root has no batch, so an order there is charged as if it opened one).
	pub fn opens_batch(netuid: NetUid) -> bool {
		netuid == ROOT_NETUID || Orders::<T>::decode_len(netuid).unwrap_or(0) == 0
	}

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
		let PendingOrder { coldkey, hotkey, side, amount, limit, .. } = order;
		Self::deposit_event(Event::OrderPlaced { coldkey, hotkey, netuid, side, amount, limit });
		Ok(())
	}

	/// `on_finalize`: clear every subnet's batch, in netuid order; then, in a second round, the
	/// purchases of the moves whose sales the first round cleared, one batch per destination.
	/// A batch that fails (its storage layer rolled back) refunds every order in it.
	pub(crate) fn clear_batches() {
		let mut batches: Vec<(NetUid, Vec<PendingOrder<T::AccountId>>)> =
			Orders::<T>::drain().map(|(netuid, orders)| (netuid, orders.into_inner())).collect();
		batches.sort_by_key(|(netuid, _)| *netuid);
		let mut second: BTreeMap<NetUid, Vec<PendingOrder<T::AccountId>>> = BTreeMap::new();
		for (netuid, orders) in batches {
			match with_storage_layer(|| Self::clear_batch(netuid, &orders)) {
				Ok(onward) => {
					for (destination, order) in onward {
						second.entry(destination).or_default().push(order);
					}
				},
				Err(error) => Self::fail_batch(netuid, &orders, error),
			}
		}
		for (netuid, orders) in second {
			// A second round's orders are purchases: they send nothing onward.
			if let Err(error) = with_storage_layer(|| Self::clear_batch(netuid, &orders).map(|_| ())) {
				Self::fail_batch(netuid, &orders, error);
			}
		}
	}

	/// A batch that could not clear: its event, and every order refunded.
	fn fail_batch(netuid: NetUid, orders: &[PendingOrder<T::AccountId>], error: DispatchError) {
		Self::deposit_event(Event::BatchFailed { netuid, error });
		if let Err(e) = Self::refund_all(netuid, orders) {
			log::error!(target: crate::LOG_TARGET, "refunding subnet {netuid}'s batch failed: {e:?}");
		}
	}

	/// Clear one subnet's batch: one price for all, each order's fill paid where it goes, what
	/// it did not fill refunded, the pool written once. Returns the purchases that moves'
	/// sales send on to other subnets (destination, order).
	fn clear_batch(netuid: NetUid, orders: &[PendingOrder<T::AccountId>]) -> Result<Vec<Onward<T>>, DispatchError> {
		let mut info = Self::subnet(netuid)?;
		let fee = Parameters::<T>::get().swap_fee;
		let batch: Vec<BatchOrder> = orders.iter().map(|o| BatchOrder::new(o.side, o.amount, fee, o.limit)).collect();
		let clearing = batch::clear(info.pool, &batch, T::MinReserve::get()).map_err(Error::<T>::from)?;
		let price = clearing.price_rao();
		let (mut bought, mut sold, mut buys, mut sells) = (0u64, 0u64, 0u32, 0u32);
		let mut onward = Vec::new();
		for (order, fill) in orders.iter().zip(&clearing.fills) {
			if fill.amount_in > 0 {
				match order.side {
					Direction::Buy => {
						bought = bought.checked_add(fill.amount_out).ok_or(Error::<T>::Overflow)?;
						buys = buys.saturating_add(1);
					},
					Direction::Sell => {
						sold = sold.checked_add(fill.amount_in).ok_or(Error::<T>::Overflow)?;
						sells = sells.saturating_add(1);
					},
				}
				if let Some(next) = Self::settle_fill(netuid, &mut info, order, fill, price)? {
					onward.push(next);
				}
			}
			let unfilled = order.amount.checked_sub(fill.amount_in).ok_or(Error::<T>::Overflow)?;
			Self::refund(netuid, Some(&mut info), order, unfilled)?;
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
		Ok(onward)
	}

	/// Pay one order's fill where it goes (see [`Then`]); a move's sale to a subnet returns the
	/// purchase it sends on.
	fn settle_fill(
		netuid: NetUid,
		info: &mut SubnetOf<T>,
		order: &PendingOrder<T::AccountId>,
		fill: &batch::Fill,
		price: u64,
	) -> Result<Option<Onward<T>>, DispatchError> {
		let (coldkey, hotkey) = (order.coldkey.clone(), order.hotkey.clone());
		let (tao, fee, alpha) = match order.side {
			Direction::Buy => (fill.amount_in, fill.fee, fill.amount_out),
			Direction::Sell => (fill.amount_out, fill.fee, fill.amount_in),
		};
		match (order.side, order.then.clone()) {
			(Direction::Buy, Then::Own) => {
				Self::credit(&coldkey, &hotkey, netuid, alpha)?.apply(&mut info.positions);
				Self::deposit_event(Event::StakeAdded { coldkey, hotkey, netuid, tao, fee, alpha, price });
			},
			(Direction::Buy, Then::Receive { coldkey: to, origin_hotkey, origin_netuid, alpha_moved }) => {
				Self::credit(&to, &hotkey, netuid, alpha)?.apply(&mut info.positions);
				Self::deposit_event(Event::StakeMoved {
					origin_coldkey: coldkey,
					destination_coldkey: to,
					origin_hotkey,
					destination_hotkey: hotkey,
					origin_netuid,
					destination_netuid: netuid,
					alpha_moved,
					tao,
					alpha_received: alpha,
				});
			},
			(Direction::Sell, Then::Own) => {
				T::Currency::transfer(&Self::account_id(), &coldkey, tao, Preservation::Preserve)?;
				Self::deposit_event(Event::StakeRemoved { coldkey, hotkey, netuid, alpha, fee, tao, price });
			},
			(Direction::Sell, Then::Buy { coldkey: to, hotkey: to_hotkey, netuid: to_netuid }) => {
				if to_netuid == ROOT_NETUID {
					Self::credit(&to, &to_hotkey, ROOT_NETUID, tao)?;
					Self::adjust_root_stake(tao, 0)?;
					Self::deposit_event(Event::StakeMoved {
						origin_coldkey: coldkey,
						destination_coldkey: to,
						origin_hotkey: hotkey,
						destination_hotkey: to_hotkey,
						origin_netuid: netuid,
						destination_netuid: ROOT_NETUID,
						alpha_moved: alpha,
						tao,
						alpha_received: tao,
					});
					return Ok(None);
				}
				let purchase = PendingOrder {
					coldkey,
					hotkey: to_hotkey,
					side: Direction::Buy,
					amount: tao,
					limit: None,
					then: Then::Receive {
						coldkey: to,
						origin_hotkey: hotkey,
						origin_netuid: netuid,
						alpha_moved: alpha,
					},
				};
				return Ok(Some((to_netuid, purchase)));
			},
			// A sale that receives, or a purchase that buys on: never placed.
			(Direction::Sell, Then::Receive { .. }) | (Direction::Buy, Then::Buy { .. }) => {
				return Err(Error::<T>::Overflow.into())
			},
		}
		Ok(None)
	}

	/// Give back `amount` of `order`'s reserved input: TAO to its coldkey, alpha to its position
	/// (reopened if the order had emptied it; `info` counts it).
	fn refund(
		netuid: NetUid,
		info: Option<&mut SubnetOf<T>>,
		order: &PendingOrder<T::AccountId>,
		amount: u64,
	) -> DispatchResult {
		if amount == 0 {
			return Ok(());
		}
		match (order.side, &order.then) {
			// A move from root that did not fill: back to the root position it left.
			(Direction::Buy, Then::Receive { origin_hotkey, origin_netuid: ROOT_NETUID, .. }) => {
				Self::credit(&order.coldkey, origin_hotkey, ROOT_NETUID, amount)?;
				Self::adjust_root_stake(amount, 0)?;
			},
			(Direction::Buy, _) => {
				T::Currency::transfer(&Self::account_id(), &order.coldkey, amount, Preservation::Preserve)?;
			},
			(Direction::Sell, _) => {
				// A sale is refunded on its own live subnet (a closing subnet refunds first).
				let info = info.ok_or(Error::<T>::SubnetNotFound)?;
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
		let mut info = Subnets::<T>::get(netuid);
		for order in orders {
			Self::refund(netuid, info.as_mut(), order, order.amount)?;
		}
		if let Some(info) = info {
			Subnets::<T>::insert(netuid, info);
		}
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

	/// What `orders` would get on `netuid` if they were the block's batch and it cleared now,
	/// by the clearing's own function (the runtime API's `quote_batch`). The batch of a finished
	/// block is empty, so a client that wants the orders waiting for the next block passes them
	/// (from the transaction pool); one order alone is the quote of `add_stake`.
	pub fn quote_batch(netuid: NetUid, orders: &[OrderRequest]) -> Result<BatchQuote, Error<T>> {
		let info = Self::subnet(netuid)?;
		let fee = Parameters::<T>::get().swap_fee;
		let batch: Vec<BatchOrder> = orders.iter().map(|o| BatchOrder::new(o.side, o.amount, fee, o.limit)).collect();
		let clearing = batch::clear(info.pool, &batch, T::MinReserve::get())?;
		let fills = clearing
			.fills
			.iter()
			.map(|f| OrderFill { amount_in: f.amount_in, fee: f.fee, amount_out: f.amount_out })
			.collect();
		Ok(BatchQuote { price: clearing.price_rao(), fills, pool_after: clearing.pool_after })
	}
}

/// Root's price in events: 1 TAO per TAO staked.
pub(crate) const ROOT_PRICE: u64 = PRICE_UNIT;

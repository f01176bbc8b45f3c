//! Dissolving a subnet (spec §2): closing it at once, then paying its holders in bounded steps
//! (`dissolve_step`, and `on_idle` with the block's spare weight) until nothing stored under the
//! netuid remains. Stands on the ledger and the epoch (the closing epoch pays what is pending).

use crate::{pallet::*, types::*, WeightInfo, DISSOLVE_BATCH_MAX};
use alloc::{collections::BTreeMap, vec::Vec};
use frame_support::traits::fungible::Mutate;
use frame_support::traits::tokens::Preservation;
use frame_support::{ensure, pallet_prelude::*, storage::with_storage_layer, weights::Weight};
use sp_runtime::Saturating;

/// What one dissolve step did.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct DissolveStep {
	/// Items processed, for the weight: positions paid plus share pools removed (at least 1).
	pub items: u32,
	/// Whether it paid a position, removed a share pool or finished the subnet (a step that did
	/// nothing pays its fee).
	pub progressed: bool,
}

/// A stake position as `Stakes` stores it on one subnet: (hotkey, coldkey) and its shares.
type Position<T> = ((<T as frame_system::Config>::AccountId, <T as frame_system::Config>::AccountId), u128);

impl<T: Config> Pallet<T> {
	/// The weight of `dissolve_network` for a subnet of `neurons` neurons (the witness, capped
	/// at `MaxNeurons`, the most any subnet holds): closing it and its last epoch.
	pub fn dissolve_network_weight(neurons: u32) -> Weight {
		let n = neurons.min(T::MaxNeurons::get());
		T::WeightInfo::dissolve_network(n).saturating_add(Self::epoch_weight_worst(n))
	}

	/// Close `netuid` (see `dissolve_network`). `caller` is `None` for governance, else it must
	/// be the owner; `witness` must be at least the subnet's neuron count, else `BadWitness`. Its
	/// pending emission is paid first (an epoch); then the pool's TAO is split between the
	/// holders (set aside, paid in steps) and the pool's own share (owner refund up to
	/// `PoolInitialTao`, the rest recycled), and everything bounded by `MaxNeurons` is removed.
	/// The owner's first call only announces the dissolve (see `dissolve_network`) and returns
	/// `None`; a dissolve returns the neuron count, which prices the call after the fact.
	pub(crate) fn do_dissolve_network(
		caller: Option<T::AccountId>,
		netuid: NetUid,
		witness: u32,
	) -> Result<Option<u32>, DispatchError> {
		ensure!(netuid != ROOT_NETUID, Error::<T>::RootNotAllowed);
		let info = Self::subnet(netuid)?;
		let neurons = Self::neuron_count(netuid);
		ensure!(neurons <= witness, Error::<T>::BadWitness);
		if let Some(caller) = caller {
			ensure!(caller == info.owner, Error::<T>::NotSubnetOwner);
			let now = frame_system::Pallet::<T>::block_number();
			match DissolveAnnouncements::<T>::get(netuid) {
				None => {
					let delay = Parameters::<T>::get().dissolve_delay.max(u32::from(info.tempo).saturating_add(1));
					let at = now.saturating_add(delay.into());
					DissolveAnnouncements::<T>::insert(netuid, at);
					Self::deposit_event(Event::DissolveAnnounced { netuid, dissolves_at: at });
					return Ok(None);
				},
				Some(at) => ensure!(now >= at, Error::<T>::DissolveNotDue),
			}
		}
		DissolveAnnouncements::<T>::remove(netuid);
		// This block's waiting orders go back first: reserved alpha to its positions (which the
		// dissolve then pays), reserved TAO to its coldkeys.
		Self::refund_orders(netuid)?;
		let mut info = Self::subnet(netuid)?;
		// Settle the pending emission first: an epoch pays it to owner, miners and validators.
		let payout = Self::drain_pending(netuid, &mut info)?;
		Self::deposit_event(Event::EpochPaid { netuid, payout });
		Subnets::<T>::remove(netuid);

		// T, N = A + alpha_out; the holders' part floor(alpha_out T / N), the pool's the rest.
		// (Pending amounts are zero after the epoch; any left would be recycled with the rest.)
		let issuance = info.pool.alpha.checked_add(info.alpha_out).ok_or(Error::<T>::Overflow)?;
		let holders_tao = if issuance == 0 {
			0
		} else {
			u64::try_from(
				u128::from(info.alpha_out)
					.checked_mul(u128::from(info.pool.tao))
					.and_then(|x| x.checked_div(u128::from(issuance)))
					.ok_or(Error::<T>::Overflow)?,
			)
			.map_err(|_| Error::<T>::Overflow)?
		};
		let pool_share = info
			.pool
			.tao
			.checked_sub(holders_tao)
			.and_then(|x| x.checked_add(info.pending.root_tao))
			.ok_or(Error::<T>::Overflow)?;
		let refund = pool_share.min(T::PoolInitialTao::get());
		let pallet = Self::account_id();
		let refund =
			if refund > 0 && T::Currency::transfer(&pallet, &info.owner, refund, Preservation::Preserve).is_ok() {
				refund
			} else {
				0
			};
		let recycled = pool_share.checked_sub(refund).ok_or(Error::<T>::Overflow)?;
		Self::recycle(recycled)?;

		T::Observer::subnet_removed(netuid, &Neurons::<T>::get(netuid));
		Neurons::<T>::remove(netuid);
		NeuronStates::<T>::remove(netuid);
		Burns::<T>::remove(netuid);
		ValidatorPermits::<T>::remove(netuid);
		let _ = Weights::<T>::clear_prefix(netuid, T::MaxNeurons::get(), None);
		EpochQueue::<T>::mutate(|q| q.retain(|n| *n != netuid));
		Dissolving::<T>::insert(
			netuid,
			DissolveState {
				owner: info.owner,
				pool_tao: info.pool.tao,
				alpha_issuance: issuance,
				holders_tao,
				alpha_paid: 0,
				tao_paid: 0,
				tao_recycled: 0,
				positions: info.positions,
				positions_paid: 0,
			},
		);
		Self::deposit_event(Event::NetworkDissolving {
			netuid,
			holders_tao,
			owner_refund: refund,
			recycled,
			positions: info.positions,
		});
		// Nothing to pay: done at once.
		if info.positions == 0 {
			Self::do_dissolve_step(netuid, 0)?;
		}
		Ok(Some(neurons))
	}

	/// Pay up to `max` positions of the dissolving `netuid` (then up to `max` of its emptied
	/// share pools); when none is left, finish: recycle the holders' rounding dust and remove
	/// the netuid's last entry. Returns what it did.
	pub(crate) fn do_dissolve_step(netuid: NetUid, max: u32) -> Result<DissolveStep, DispatchError> {
		let mut state = Dissolving::<T>::get(netuid).ok_or(Error::<T>::NotDissolving)?;
		let limit = usize::try_from(max).unwrap_or(usize::MAX);
		let batch: Vec<Position<T>> = Stakes::<T>::iter_prefix((netuid,)).take(limit).collect();
		let mut pools: BTreeMap<T::AccountId, SharePool> = BTreeMap::new();
		let pallet = Self::account_id();
		let (mut paid_now, mut recycled_now, mut positions_now) = (0u64, 0u64, 0u32);
		for ((hotkey, coldkey), shares) in batch {
			let pool = match pools.get(&hotkey) {
				Some(p) => *p,
				None => {
					// A closing subnet pays its holders in full: nothing waits to vest.
					let p = StakePools::<T>::get(netuid, &hotkey).unwrap_or_default().fully_vested();
					pools.insert(hotkey.clone(), p);
					p
				},
			};
			// The hotkey's owner is paid the shares the epochs owe it with its position.
			let shares = shares.saturating_add(Self::owed_to(&coldkey, &hotkey, &pool));
			let (owed, alpha_paid) = state.pay(pool.value_of(shares)).ok_or(Error::<T>::Overflow)?;
			state.alpha_paid = alpha_paid;
			// An amount the account cannot receive (below the existential deposit of a dead
			// account) is recycled: the pallet account must stay exact.
			if owed > 0 && T::Currency::transfer(&pallet, &coldkey, owed, Preservation::Preserve).is_ok() {
				paid_now = paid_now.checked_add(owed).ok_or(Error::<T>::Overflow)?;
			} else {
				Self::recycle(owed)?;
				recycled_now = recycled_now.checked_add(owed).ok_or(Error::<T>::Overflow)?;
			}
			Stakes::<T>::remove((netuid, &hotkey, &coldkey));
			ColdkeyPositions::<T>::remove((&coldkey, netuid, &hotkey));
			positions_now = positions_now.saturating_add(1);
		}
		state.tao_paid = state.tao_paid.checked_add(paid_now).ok_or(Error::<T>::Overflow)?;
		state.tao_recycled = state.tao_recycled.checked_add(recycled_now).ok_or(Error::<T>::Overflow)?;
		state.positions_paid = state.positions_paid.saturating_add(positions_now);
		let mut done = positions_now;
		let mut finished = false;
		let mut cleared_pools = 0u32;
		if Stakes::<T>::iter_prefix((netuid,)).next().is_none() {
			// Every position is paid: the share pools go (bounded by what is left of the batch).
			let cleared = StakePools::<T>::clear_prefix(netuid, max.saturating_sub(done).max(1), None);
			cleared_pools = cleared.backend;
			done = done.saturating_add(cleared.backend);
			finished = cleared.maybe_cursor.is_none();
		}
		if finished {
			// The holders' TAO not paid (rounding dust, dust alpha of share pools) is recycled.
			let dust = state
				.holders_tao
				.checked_sub(state.tao_paid)
				.and_then(|x| x.checked_sub(state.tao_recycled))
				.ok_or(Error::<T>::Overflow)?;
			Self::recycle(dust)?;
			recycled_now = recycled_now.checked_add(dust).ok_or(Error::<T>::Overflow)?;
			state.tao_recycled = state.tao_recycled.checked_add(dust).ok_or(Error::<T>::Overflow)?;
			Dissolving::<T>::remove(netuid);
		} else {
			Dissolving::<T>::insert(netuid, &state);
		}
		Self::deposit_event(Event::DissolveStepped {
			netuid,
			positions_paid: positions_now,
			tao_paid: paid_now,
			tao_recycled: recycled_now,
		});
		if finished {
			Self::deposit_event(Event::NetworkDissolved {
				netuid,
				tao_paid: state.tao_paid,
				tao_burned: state.tao_recycled,
				positions: state.positions_paid,
			});
		}
		Ok(DissolveStep { items: done.max(1), progressed: positions_now > 0 || cleared_pools > 0 || finished })
	}

	/// Dissolve steps in `remaining` weight: as many positions as fit of the dissolving subnet
	/// after the one worked on last (round-robin by netuid), in a storage layer; a
	/// step that fails is rolled back, reported (`DissolveStepFailed`), and the next block goes
	/// on with the next subnet. Returns the weight used.
	pub(crate) fn dissolve_on_idle(remaining: Weight) -> Weight {
		let db = T::DbWeight::get();
		// The counter; nothing more when nothing is dissolving.
		if !remaining.all_gte(db.reads(1)) {
			return Weight::zero();
		}
		let dissolving = Dissolving::<T>::count();
		if dissolving == 0 {
			return db.reads(1);
		}
		// The cursor, every dissolving netuid (at most `MaxSubnets`), and the cursor's write.
		let lookup = db.reads_writes(u64::from(dissolving).saturating_add(2), 1);
		if !remaining.all_gte(lookup) {
			return db.reads(1);
		}
		let cursor = IdleDissolveCursor::<T>::get();
		let netuids: Vec<NetUid> = Dissolving::<T>::iter_keys().collect();
		let next = netuids.iter().filter(|n| **n > cursor).min().or_else(|| netuids.iter().min()).copied();
		let Some(netuid) = next else {
			return lookup;
		};
		let base = T::WeightInfo::dissolve_step(0).saturating_add(lookup);
		let per = T::WeightInfo::dissolve_step(1).saturating_sub(T::WeightInfo::dissolve_step(0));
		let Some(spare) = remaining.checked_sub(&base) else {
			return lookup;
		};
		let fit = |spare: u64, per: u64| {
			spare.checked_div(per).map_or(DISSOLVE_BATCH_MAX, |n| u32::try_from(n).unwrap_or(u32::MAX))
		};
		let n = fit(spare.ref_time(), per.ref_time())
			.min(fit(spare.proof_size(), per.proof_size()))
			.min(DISSOLVE_BATCH_MAX)
			.min(T::MaxIdleDissolve::get());
		if n == 0 {
			return lookup;
		}
		IdleDissolveCursor::<T>::put(netuid);
		match with_storage_layer(|| Self::do_dissolve_step(netuid, n)) {
			Ok(step) => T::WeightInfo::dissolve_step(step.items).saturating_add(lookup),
			Err(error) => {
				log::error!(target: crate::LOG_TARGET, "dissolve step of {netuid} failed: {error:?}");
				Self::deposit_event(Event::DissolveStepFailed { netuid, error });
				// Charged as the largest step it could have been: its work was rolled back.
				T::WeightInfo::dissolve_step(n).saturating_add(lookup)
			},
		}
	}
}

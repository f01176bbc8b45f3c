//! The invariants of spec §7, checked exactly (no tolerances) by `try_state` after every block
//! in tests, and by `try-runtime` on a live chain.

#[cfg(any(feature = "try-runtime", test))]
use crate::{pallet::*, types::*};
#[cfg(any(feature = "try-runtime", test))]
use alloc::collections::BTreeMap;
#[cfg(any(feature = "try-runtime", test))]
use frame_support::traits::{fungible::Inspect, Get};

#[cfg(any(feature = "try-runtime", test))]
impl<T: Config> Pallet<T> {
	/// Check every invariant; the error names the first that fails.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let min_reserve = T::MinReserve::get();

		// Per share pool: shares held add up; Σ holders' values <= pool value (3).
		let mut holder_shares: BTreeMap<(NetUid, T::AccountId), u128> = BTreeMap::new();
		let mut positions: BTreeMap<NetUid, u32> = BTreeMap::new();
		let mut stored: usize = 0;
		for ((netuid, hotkey, coldkey), shares) in Stakes::<T>::iter() {
			ensure_ts(shares > 0, "a position with zero shares is stored")?;
			ensure_ts(
				ColdkeyPositions::<T>::contains_key((&coldkey, netuid, &hotkey)),
				"a position missing from the coldkey index",
			)?;
			stored = stored.saturating_add(1);
			let e = holder_shares.entry((netuid, hotkey)).or_insert(0);
			*e = e.checked_add(shares).ok_or("shares overflow")?;
			let p = positions.entry(netuid).or_insert(0);
			*p = p.checked_add(1).ok_or("positions overflow")?;
		}
		ensure_ts(
			ColdkeyPositions::<T>::iter_keys().count() == stored,
			"the coldkey index holds a position that is not stored",
		)?;
		let mut staked: BTreeMap<NetUid, u64> = BTreeMap::new();
		for (netuid, hotkey, pool) in StakePools::<T>::iter() {
			ensure_ts(
				Pallet::<T>::subnet_exists(netuid) || Pallet::<T>::is_dissolving(netuid),
				"share pool on a missing subnet",
			)?;
			let stored_shares = holder_shares.remove(&(netuid, hotkey.clone())).unwrap_or(0);
			// The shares the epochs owe the hotkey's owner are held by it too, and it holds a
			// stored position they join (spec §5, lazy settlement).
			let held = stored_shares.checked_add(pool.owner_owed).ok_or("shares overflow")?;
			// (A dissolving subnet pays the owner's position with what it is owed and removes it;
			// the pool goes with the last step.)
			if pool.owner_owed > 0 && !Pallet::<T>::is_dissolving(netuid) {
				let owner = HotkeyOwner::<T>::get(&hotkey).ok_or("shares owed to a hotkey without an owner")?;
				ensure_ts(
					Stakes::<T>::contains_key((netuid, &hotkey, &owner)),
					"shares owed to an owner without a position",
				)?;
			}
			// A dissolving subnet's paid positions are gone while its share pools wait for the
			// last step: fewer shares held than outstanding, never more.
			if Pallet::<T>::is_dissolving(netuid) {
				ensure_ts(held <= pool.shares, "dissolving share pool: more shares held than outstanding")?;
			} else {
				ensure_ts(held == pool.shares, "share pool: shares outstanding != Σ holders' shares")?;
			}
			ensure_ts(pool.shares > 0 && pool.value > 0, "share pool stored empty")?;
			let mut values: u64 = 0;
			for (coldkey, shares) in Stakes::<T>::iter_prefix((netuid, hotkey.clone())) {
				let shares = shares.saturating_add(Pallet::<T>::owed_to(&coldkey, &hotkey, &pool));
				values = values.checked_add(pool.value_of(shares)).ok_or("values overflow")?;
			}
			ensure_ts(values <= pool.value, "share pool: Σ holders' values > pool value")?;
			let s = staked.entry(netuid).or_insert(0);
			*s = s.checked_add(pool.value).ok_or("staked overflow")?;
		}
		ensure_ts(holder_shares.is_empty(), "holder shares without a share pool")?;

		// Root: Σ root share pools == TotalRootStake.
		let root_staked = staked.remove(&ROOT_NETUID).unwrap_or(0);
		ensure_ts(root_staked == TotalRootStake::<T>::get(), "TotalRootStake != Σ root share pools")?;
		ensure_ts(positions.remove(&ROOT_NETUID).is_some() || root_staked == 0, "root positions")?;

		// This block's orders (spec §3.4): a buy's TAO waits in the pallet account, a sale's
		// alpha has left its position and is still outside the pool.
		let mut ordered_tao: u64 = 0;
		let mut ordered_alpha: BTreeMap<NetUid, u64> = BTreeMap::new();
		for (netuid, orders) in Orders::<T>::iter() {
			ensure_ts(Subnets::<T>::contains_key(netuid), "orders on a subnet that is not live")?;
			ensure_ts(!orders.is_empty(), "an empty batch is stored")?;
			for order in orders.iter() {
				ensure_ts(order.amount > 0, "an order of nothing")?;
				match order.side {
					crate::math::swap::Direction::Buy => {
						ordered_tao = ordered_tao.checked_add(order.amount).ok_or("TAO overflow")?;
					},
					crate::math::swap::Direction::Sell => {
						let a = ordered_alpha.entry(netuid).or_insert(0);
						*a = a.checked_add(order.amount).ok_or("alpha overflow")?;
					},
				}
			}
		}

		// Per subnet: alpha_out == Σ share pools + pending + ordered (2); reserves above the floor.
		let mut accounted_tao: u64 = root_staked.checked_add(ordered_tao).ok_or("TAO overflow")?;
		let mut count: u32 = 0;
		for (netuid, info) in Subnets::<T>::iter() {
			count = count.saturating_add(1);
			let in_pools = staked.remove(&netuid).unwrap_or(0);
			let expected = in_pools
				.checked_add(info.pending.alpha())
				.and_then(|x| x.checked_add(ordered_alpha.get(&netuid).copied().unwrap_or(0)))
				.ok_or("alpha overflow")?;
			ensure_ts(info.alpha_out == expected, "alpha_out != Σ share pools + pending alpha + ordered alpha")?;
			ensure_ts(info.pool.tao >= min_reserve && info.pool.alpha >= min_reserve, "pool reserve below the floor")?;
			ensure_ts(
				positions.remove(&netuid).unwrap_or(0) == info.positions,
				"subnet position counter != stored positions",
			)?;
			// (6) The last block's rewards split exactly: owner + miners + validators + root.
			let b = info.last_block;
			let parts = [b.owner, b.miners, b.validators, b.root_alpha].iter().try_fold(0u64, |a, x| a.checked_add(*x));
			ensure_ts(parts == Some(b.alpha_emitted), "owner + miners + validators + root != alpha rewards")?;
			ensure_ts(b.owner == T::OwnerCut::get().mul_floor(b.alpha_emitted), "owner cut is not OwnerCut")?;
			ensure_ts(
				b.miners.checked_add(b.miners) <= b.alpha_emitted.checked_sub(b.owner).map(|x| x.saturating_add(1)),
				"miners got more than half of the rest",
			)?;
			let neurons = Neurons::<T>::get(netuid);
			ensure_ts(neurons.first() == Some(&info.owner_hotkey), "owner hotkey is not uid 0")?;
			ensure_ts(
				NeuronStates::<T>::decode_len(netuid).unwrap_or(0) == neurons.len(),
				"neuron states and neurons differ in length",
			)?;
			for hotkey in neurons.iter() {
				ensure_ts(HotkeyOwner::<T>::contains_key(hotkey), "neuron without an owner")?;
			}
			accounted_tao = accounted_tao
				.checked_add(info.pool.tao)
				.and_then(|a| a.checked_add(info.pending.root_tao))
				.ok_or("TAO overflow")?;
		}
		// A dissolving subnet: its positions and share pools wait for their step; the TAO set
		// aside for its holders and not paid yet is in the pallet account.
		for netuid in DissolveAnnouncements::<T>::iter_keys() {
			ensure_ts(Subnets::<T>::contains_key(netuid), "a dissolve announced for a subnet that is not live")?;
		}
		for (netuid, d) in Dissolving::<T>::iter() {
			ensure_ts(!Subnets::<T>::contains_key(netuid), "a subnet both live and dissolving")?;
			staked.remove(&netuid);
			let left = positions.remove(&netuid).unwrap_or(0);
			ensure_ts(
				d.positions_paid.saturating_add(left) == d.positions,
				"dissolve: positions paid + left != positions",
			)?;
			ensure_ts(d.alpha_paid <= d.alpha_issuance, "dissolve: more alpha paid than issued")?;
			let owed = d
				.holders_tao
				.checked_sub(d.tao_paid)
				.and_then(|x| x.checked_sub(d.tao_recycled))
				.ok_or("dissolve: more TAO paid than set aside")?;
			accounted_tao = accounted_tao.checked_add(owed).ok_or("TAO overflow")?;
			ensure_ts(!Neurons::<T>::contains_key(netuid), "neurons of a dissolving subnet")?;
		}
		ensure_ts(
			count.saturating_add(Dissolving::<T>::count()) <= u32::from(T::MaxSubnets::get()),
			"more subnets than MaxSubnets",
		)?;
		ensure_ts(staked.is_empty(), "share pools on a missing subnet")?;
		ensure_ts(positions.is_empty(), "positions on a missing subnet")?;
		ensure_ts(count == Subnets::<T>::count(), "subnet counter")?;
		for (netuid, permits) in ValidatorPermits::<T>::iter() {
			ensure_ts(Subnets::<T>::contains_key(netuid), "permits of a missing subnet")?;
			let n = Neurons::<T>::get(netuid).len();
			ensure_ts(permits.iter().all(|u| usize::from(*u) < n), "permit for an unknown uid")?;
		}
		for (netuid, uid, row) in Weights::<T>::iter() {
			ensure_ts(Subnets::<T>::contains_key(netuid), "weights of a missing subnet")?;
			ensure_ts(ValidatorPermits::<T>::get(netuid).contains(&uid), "weights of a uid without a permit")?;
			ensure_ts(
				row.windows(2).all(|w| w.first().map(|a| a.0) < w.get(1).map(|b| b.0)),
				"weight row unsorted or duplicated",
			)?;
		}
		for netuid in EpochQueue::<T>::get() {
			ensure_ts(Subnets::<T>::contains_key(netuid), "queued epoch of a missing subnet")?;
		}
		ensure_ts(count <= u32::from(T::MaxSubnets::get()), "more subnets than MaxSubnets")?;
		for (netuid, _) in Neurons::<T>::iter() {
			ensure_ts(Subnets::<T>::contains_key(netuid), "neurons of a missing subnet")?;
		}
		for netuid in NeuronStates::<T>::iter_keys().chain(Burns::<T>::iter_keys()) {
			ensure_ts(Subnets::<T>::contains_key(netuid), "neuron bookkeeping of a missing subnet")?;
		}

		// The pallet's TAO: existential deposit + Σ reserves + root stake + pending root TAO +
		// ordered TAO (1).
		let balance = T::Currency::balance(&Pallet::<T>::account_id());
		let expected = accounted_tao.checked_add(T::Currency::minimum_balance()).ok_or("TAO overflow")?;
		ensure_ts(balance == expected, "pallet TAO != ED + Σ reserves + root stake + pending root TAO + ordered TAO")?;
		Ok(())
	}
}

#[cfg(any(feature = "try-runtime", test))]
fn ensure_ts(condition: bool, message: &'static str) -> Result<(), sp_runtime::TryRuntimeError> {
	if condition {
		Ok(())
	} else {
		log::error!(target: crate::LOG_TARGET, "invariant broken: {message}");
		Err(message.into())
	}
}

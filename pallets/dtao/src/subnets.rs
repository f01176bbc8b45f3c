//! Subnets and neurons: registration with the lock cost, dissolution, neuron registration,
//! and the genesis build.

use crate::{
	math::{distribute::largest_remainder, lock_cost, swap::Pool},
	pallet::*,
	types::*,
};
use alloc::{collections::BTreeMap, vec::Vec};
use frame_support::traits::fungible::{Inspect, Mutate};
use frame_support::traits::tokens::{Fortitude, Precision, Preservation};
use frame_support::{ensure, pallet_prelude::*};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{traits::AccountIdConversion, SaturatedConversion};

impl<T: Config> Pallet<T> {
	/// The pallet's account: pool reserves, root stake and pending root TAO live here.
	pub fn account_id() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// Whether `netuid` exists (root always does).
	pub fn subnet_exists(netuid: NetUid) -> bool {
		netuid == ROOT_NETUID || Subnets::<T>::contains_key(netuid)
	}

	/// Stake positions on `netuid` (for the dissolve weight).
	pub fn positions_of(netuid: NetUid) -> u32 {
		Subnets::<T>::get(netuid).map(|s| s.positions).unwrap_or(0)
	}

	/// The TAO a `register_network` would cost now.
	pub fn lock_cost() -> u64 {
		let params = Parameters::<T>::get();
		let lock = Lock::<T>::get();
		let now: u64 = frame_system::Pallet::<T>::block_number().saturated_into();
		let then: u64 = lock.last_registered_at.saturated_into();
		lock_cost::lock_cost(
			lock.last_lock,
			now.saturating_sub(then),
			u64::from(params.lock_half_life),
			params.min_lock_cost,
		)
	}

	/// Make `coldkey` the owner of `hotkey`, or check that it is already.
	pub(crate) fn claim_hotkey(coldkey: &T::AccountId, hotkey: &T::AccountId) -> DispatchResult {
		match HotkeyOwner::<T>::get(hotkey) {
			Some(owner) => ensure!(&owner == coldkey, Error::<T>::NotHotkeyOwner),
			None => HotkeyOwner::<T>::insert(hotkey, coldkey),
		}
		Ok(())
	}

	pub(crate) fn do_register_network(coldkey: T::AccountId, hotkey: T::AccountId) -> DispatchResult {
		let params = Parameters::<T>::get();
		ensure!(params.registration_enabled, Error::<T>::RegistrationDisabled);
		ensure!(Subnets::<T>::count() < u32::from(T::MaxSubnets::get()), Error::<T>::SubnetLimitReached);
		let netuid = (1..=T::MaxSubnets::get())
			.find(|n| !Subnets::<T>::contains_key(n))
			.ok_or(Error::<T>::SubnetLimitReached)?;
		let cost = Self::lock_cost();
		let seed = T::PoolInitialTao::get();
		let burned = cost.checked_sub(seed).ok_or(Error::<T>::InvalidParameter)?;
		ensure!(
			T::Currency::reducible_balance(&coldkey, Preservation::Preserve, Fortitude::Polite) >= cost,
			Error::<T>::InsufficientBalance
		);
		Self::claim_hotkey(&coldkey, &hotkey)?;

		T::Currency::transfer(&coldkey, &Self::account_id(), seed, Preservation::Preserve)?;
		T::Currency::burn_from(&coldkey, burned, Preservation::Preserve, Precision::Exact, Fortitude::Polite)?;

		let now = frame_system::Pallet::<T>::block_number();
		let pool = Pool { tao: seed, alpha: seed };
		Subnets::<T>::insert(
			netuid,
			SubnetInfo::new(coldkey.clone(), hotkey.clone(), pool, 0, params.default_tempo, now),
		);
		let neurons = BoundedVec::try_from(alloc::vec![hotkey.clone()]).map_err(|_| Error::<T>::SubnetFull)?;
		Neurons::<T>::insert(netuid, neurons);
		Self::refresh_permits(netuid)?;
		Lock::<T>::put(LockState { last_lock: cost, last_registered_at: now });

		Self::deposit_event(Event::NetworkRegistered {
			netuid,
			owner: coldkey.clone(),
			hotkey: hotkey.clone(),
			lock_cost: cost,
			burned,
		});
		Self::deposit_event(Event::NeuronRegistered { netuid, uid: 0, hotkey, coldkey });
		Ok(())
	}

	pub(crate) fn do_register_neuron(coldkey: T::AccountId, netuid: NetUid, hotkey: T::AccountId) -> DispatchResult {
		ensure!(netuid != ROOT_NETUID, Error::<T>::RootNotAllowed);
		ensure!(Subnets::<T>::contains_key(netuid), Error::<T>::SubnetNotFound);
		Self::claim_hotkey(&coldkey, &hotkey)?;
		let uid = Neurons::<T>::try_mutate(netuid, |neurons| -> Result<u16, DispatchError> {
			ensure!(!neurons.contains(&hotkey), Error::<T>::NeuronAlreadyRegistered);
			let uid = u16::try_from(neurons.len()).map_err(|_| Error::<T>::SubnetFull)?;
			neurons.try_push(hotkey.clone()).map_err(|_| Error::<T>::SubnetFull)?;
			Ok(uid)
		})?;
		Self::refresh_permits(netuid)?;
		Self::deposit_event(Event::NeuronRegistered { netuid, uid, hotkey, coldkey });
		Ok(())
	}

	/// Dissolve `netuid`. `caller` is `None` for governance, else it must be the owner.
	pub(crate) fn do_dissolve_network(caller: Option<T::AccountId>, netuid: NetUid) -> DispatchResult {
		ensure!(netuid != ROOT_NETUID, Error::<T>::RootNotAllowed);
		let info = Subnets::<T>::get(netuid).ok_or(Error::<T>::SubnetNotFound)?;
		if let Some(caller) = caller {
			ensure!(caller == info.owner, Error::<T>::NotSubnetOwner);
		}
		// Settle the pending emission first: an epoch pays it to owner, miners and validators.
		let payout = Self::drain_pending(netuid)?;
		Self::deposit_event(Event::EpochPaid { netuid, payout });
		let info = Subnets::<T>::get(netuid).ok_or(Error::<T>::SubnetNotFound)?;

		// Every alpha holder, weighted by the value of its position. (Pending amounts are zero
		// after the epoch above; they would count for the owner.)
		let mut pools: BTreeMap<T::AccountId, SharePool> = BTreeMap::new();
		let mut holders: Vec<T::AccountId> = Vec::new();
		let mut weights: Vec<u128> = Vec::new();
		for ((hotkey, coldkey), shares) in Stakes::<T>::iter_prefix((netuid,)) {
			let pool = match pools.get(&hotkey) {
				Some(p) => *p,
				None => {
					let p = StakePools::<T>::get(netuid, &hotkey).unwrap_or_default();
					pools.insert(hotkey.clone(), p);
					p
				},
			};
			holders.push(coldkey);
			weights.push(u128::from(pool.value_of(shares)));
		}
		let pending_alpha = info.pending.alpha();
		if pending_alpha > 0 {
			holders.push(info.owner.clone());
			weights.push(u128::from(pending_alpha));
		}
		let positions = u32::try_from(holders.len()).unwrap_or(u32::MAX);

		let mut payouts: BTreeMap<T::AccountId, u64> = BTreeMap::new();
		match largest_remainder(info.pool.tao, &weights) {
			Some(parts) => {
				for (coldkey, part) in holders.into_iter().zip(parts) {
					let entry = payouts.entry(coldkey).or_insert(0);
					*entry = entry.checked_add(part).ok_or(Error::<T>::Overflow)?;
				}
			},
			// Nobody holds alpha: the pool's TAO returns to the owner.
			None => {
				payouts.insert(info.owner.clone(), info.pool.tao);
			},
		}
		if info.pending.root_tao > 0 {
			let entry = payouts.entry(info.owner.clone()).or_insert(0);
			*entry = entry.checked_add(info.pending.root_tao).ok_or(Error::<T>::Overflow)?;
		}

		let pallet = Self::account_id();
		let (mut paid, mut burned) = (0u64, 0u64);
		for (coldkey, amount) in payouts {
			if amount == 0 {
				continue;
			}
			// An amount the account cannot receive (below the existential deposit of a dead
			// account) is burned rather than kept: the pallet account must stay exact.
			if T::Currency::transfer(&pallet, &coldkey, amount, Preservation::Preserve).is_ok() {
				paid = paid.checked_add(amount).ok_or(Error::<T>::Overflow)?;
			} else {
				T::Currency::burn_from(&pallet, amount, Preservation::Preserve, Precision::Exact, Fortitude::Polite)?;
				burned = burned.checked_add(amount).ok_or(Error::<T>::Overflow)?;
			}
		}

		Subnets::<T>::remove(netuid);
		Neurons::<T>::remove(netuid);
		ValidatorPermits::<T>::remove(netuid);
		let _ = Weights::<T>::clear_prefix(netuid, u32::MAX, None);
		EpochQueue::<T>::mutate(|q| q.retain(|n| *n != netuid));
		let _ = StakePools::<T>::clear_prefix(netuid, u32::MAX, None);
		let _ = Stakes::<T>::clear_prefix((netuid,), u32::MAX, None);

		Self::deposit_event(Event::NetworkDissolved { netuid, tao_paid: paid, tao_burned: burned, positions });
		Ok(())
	}

	/// Build the genesis state; errors name the offending entry.
	pub(crate) fn build_genesis(config: &GenesisConfig<T>) -> Result<(), &'static str> {
		if let Some(params) = config.params {
			Parameters::<T>::put(params);
		}
		let params = Parameters::<T>::get();
		ensure!(params.min_lock_cost >= T::PoolInitialTao::get(), "genesis params: min_lock_cost below PoolInitialTao");
		let pallet = Self::account_id();
		// The pallet account is kept alive by the existential deposit minted here; everything
		// above it is accounted (invariant 1).
		T::Currency::mint_into(&pallet, T::Currency::minimum_balance()).map_err(|_| "cannot endow pallet account")?;
		let now: BlockNumberFor<T> = 0u32.into();
		for s in &config.subnets {
			ensure!(s.netuid != ROOT_NETUID && s.netuid <= T::MaxSubnets::get(), "genesis subnet: netuid out of range");
			ensure!(!Subnets::<T>::contains_key(s.netuid), "genesis subnet: duplicate netuid");
			ensure!(
				s.tao_reserve >= T::MinReserve::get() && s.alpha_reserve >= T::MinReserve::get(),
				"genesis subnet: reserves below the floor"
			);
			T::Currency::mint_into(&pallet, s.tao_reserve).map_err(|_| "genesis subnet: cannot mint reserve")?;
			Self::claim_hotkey(&s.owner, &s.owner_hotkey).map_err(|_| "genesis subnet: hotkey of another owner")?;
			let pool = Pool { tao: s.tao_reserve, alpha: s.alpha_reserve };
			// The starting EMA, given in rao per alpha, as `U96F32` bits of TAO per alpha.
			let ema = crate::math::emission::rao_price_bits(s.ema_price);
			let tempo = s.tempo.unwrap_or(params.default_tempo);
			Subnets::<T>::insert(
				s.netuid,
				SubnetInfo::new(s.owner.clone(), s.owner_hotkey.clone(), pool, ema, tempo, now),
			);
			let neurons = BoundedVec::try_from(alloc::vec![s.owner_hotkey.clone()])
				.map_err(|_| "genesis subnet: MaxNeurons is 0")?;
			Neurons::<T>::insert(s.netuid, neurons);
		}
		for (netuid, hotkey, coldkey) in &config.neurons {
			Self::do_register_neuron(coldkey.clone(), *netuid, hotkey.clone())
				.map_err(|_| "genesis neuron: invalid")?;
		}
		for (coldkey, hotkey, netuid, amount) in &config.stakes {
			Self::ensure_can_stake_to(hotkey, *netuid).map_err(|_| "genesis stake: hotkey not registered there")?;
			let change =
				Self::credit(coldkey, hotkey, *netuid, *amount).map_err(|_| "genesis stake: amount invalid")?;
			if *netuid == ROOT_NETUID {
				T::Currency::mint_into(&pallet, *amount).map_err(|_| "genesis stake: cannot mint")?;
				Self::adjust_root_stake(*amount, 0).map_err(|_| "genesis stake: overflow")?;
			} else {
				Subnets::<T>::try_mutate(netuid, |s| -> Result<(), &'static str> {
					let s = s.as_mut().ok_or("genesis stake: no subnet")?;
					s.alpha_out = s.alpha_out.checked_add(*amount).ok_or("genesis stake: overflow")?;
					change.apply(&mut s.positions);
					Ok(())
				})?;
			}
		}
		// Permits (and `R_i`) from the stakes, then the validators' weights.
		for netuid in config.subnets.iter().map(|s| s.netuid) {
			Self::refresh_permits(netuid).map_err(|_| "genesis: permits")?;
		}
		for (netuid, hotkey, row) in &config.weights {
			let (uids, weights) = row.iter().copied().unzip();
			Self::do_set_weights(hotkey.clone(), *netuid, uids, weights).map_err(|_| "genesis weights: invalid")?;
		}
		Ok(())
	}
}

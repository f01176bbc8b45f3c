//! Subnets and neurons: registering a subnet (the lock cost), registering a neuron (the burn,
//! replacement when full). Stands on the ledger and the epoch's permit refresh; dissolving is in
//! `dissolve.rs`, the genesis build in `genesis.rs`.

use crate::{
	math::{burn::BurnRule, lock_cost, swap::Pool},
	pallet::*,
	types::*,
};
use frame_support::traits::fungible::{Inspect, Mutate};
use frame_support::traits::tokens::{Fortitude, Precision, Preservation};
use frame_support::{ensure, pallet_prelude::*};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::SaturatedConversion;

impl<T: Config> Pallet<T> {
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

	/// The burn rule of the parameters in force.
	fn burn_rule(params: &Params) -> BurnRule {
		BurnRule {
			min: params.min_burn,
			max: params.max_burn,
			target: u32::from(params.target_registrations),
			interval: u64::from(params.adjustment_interval),
		}
	}

	/// `netuid`'s burn state brought to now, and the rule it follows.
	fn current_burn(netuid: NetUid) -> (BurnState, BurnRule) {
		let rule = Self::burn_rule(&Parameters::<T>::get());
		let now: u64 = frame_system::Pallet::<T>::block_number().saturated_into();
		let stored = Burns::<T>::get(netuid);
		// A subnet's first interval starts with its first registration.
		let stored = if stored == BurnState::default() { BurnState { interval_start: now, ..stored } } else { stored };
		(rule.roll(stored, now), rule)
	}

	/// What a `register_neuron` on `netuid` burns now (rao).
	pub fn burn_cost(netuid: NetUid) -> Result<u64, DispatchError> {
		ensure!(netuid != ROOT_NETUID, Error::<T>::RootNotAllowed);
		Self::ensure_subnet(netuid)?;
		let (state, rule) = Self::current_burn(netuid);
		Ok(rule.cost(&state))
	}

	pub(crate) fn do_register_network(coldkey: T::AccountId, hotkey: T::AccountId) -> DispatchResult {
		let params = Parameters::<T>::get();
		ensure!(params.registration_enabled, Error::<T>::RegistrationDisabled);
		let in_use = Subnets::<T>::count().saturating_add(Dissolving::<T>::count());
		ensure!(in_use < u32::from(T::MaxSubnets::get()), Error::<T>::SubnetLimitReached);
		let netuid = (1..=T::MaxSubnets::get())
			.find(|n| !Subnets::<T>::contains_key(n) && !Dissolving::<T>::contains_key(n))
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
		let mut info = SubnetInfo::new(coldkey.clone(), hotkey.clone(), pool, 0, params.default_tempo, now);
		Self::first_neuron(netuid, hotkey.clone(), now)?;
		Self::refresh_permits(netuid, &mut info)?;
		Subnets::<T>::insert(netuid, info);
		Lock::<T>::put(LockState { last_lock: cost, last_registered_at: now });
		T::Observer::neuron_registered(netuid, 0, &hotkey, None);

		Self::deposit_event(Event::NetworkRegistered {
			netuid,
			owner: coldkey.clone(),
			hotkey: hotkey.clone(),
			lock_cost: cost,
			burned,
		});
		Self::deposit_event(Event::NeuronRegistered { netuid, uid: 0, hotkey, coldkey, burn: 0 });
		Ok(())
	}

	/// The state of a neuron registering now: unscored, its root stake counting from now.
	fn new_neuron_state(hotkey: &T::AccountId, now: BlockNumberFor<T>) -> NeuronState<BlockNumberFor<T>> {
		NeuronState { registered_at: now, pruning_score: 0, root_mark: Self::root_mark(hotkey), root_stake: 0 }
	}

	/// Make `hotkey` uid 0 of a new `netuid`.
	pub(crate) fn first_neuron(netuid: NetUid, hotkey: T::AccountId, now: BlockNumberFor<T>) -> DispatchResult {
		let state = Self::new_neuron_state(&hotkey, now);
		let neurons = BoundedVec::try_from(alloc::vec![hotkey]).map_err(|_| Error::<T>::SubnetFull)?;
		let states = BoundedVec::try_from(alloc::vec![state]).map_err(|_| Error::<T>::SubnetFull)?;
		Neurons::<T>::insert(netuid, neurons);
		NeuronStates::<T>::insert(netuid, states);
		Ok(())
	}

	/// The uid a registration into the full `netuid` replaces: the lowest pruning score among
	/// neurons past their immunity (uid 0, the owner's hotkey, never), ties to the oldest
	/// registration, then the lower uid.
	fn uid_to_replace(netuid: NetUid, n: usize, immunity: u32) -> Result<u16, DispatchError> {
		let now: u64 = frame_system::Pallet::<T>::block_number().saturated_into();
		Self::neuron_states(netuid, n)
			.into_iter()
			.zip(0u16..)
			.skip(1)
			.filter(|(s, _)| now.saturating_sub(s.registered_at.saturated_into()) >= u64::from(immunity))
			.min_by_key(|(s, uid)| (s.pruning_score, s.registered_at, *uid))
			.map(|(_, uid)| uid)
			.ok_or_else(|| Error::<T>::AllNeuronsImmune.into())
	}

	/// Add `hotkey` to `netuid` without a burn (genesis), or replace a neuron when full
	/// (`replace`). Returns its uid and the hotkey it replaced.
	pub(crate) fn add_neuron(
		netuid: NetUid,
		hotkey: &T::AccountId,
		replace: bool,
	) -> Result<(u16, Option<T::AccountId>), DispatchError> {
		let now = frame_system::Pallet::<T>::block_number();
		let mut neurons = Neurons::<T>::get(netuid);
		ensure!(!neurons.contains(hotkey), Error::<T>::NeuronAlreadyRegistered);
		let mut states = Self::neuron_states(netuid, neurons.len());
		let state = Self::new_neuron_state(hotkey, now);
		let full = u32::try_from(neurons.len()).map_or(true, |n| n >= T::MaxNeurons::get());
		let (uid, replaced) = if !full {
			let uid = u16::try_from(neurons.len()).map_err(|_| Error::<T>::SubnetFull)?;
			neurons.try_push(hotkey.clone()).map_err(|_| Error::<T>::SubnetFull)?;
			states.push(state);
			(uid, None)
		} else {
			ensure!(replace, Error::<T>::SubnetFull);
			let uid = Self::uid_to_replace(netuid, neurons.len(), Parameters::<T>::get().immunity_period)?;
			let slot = neurons.get_mut(usize::from(uid)).ok_or(Error::<T>::UnknownUid)?;
			let old = core::mem::replace(slot, hotkey.clone());
			if let Some(s) = states.get_mut(usize::from(uid)) {
				*s = state;
			}
			// The old neuron's weights and permit go with its uid.
			Weights::<T>::remove(netuid, uid);
			ValidatorPermits::<T>::mutate(netuid, |p| p.retain(|u| *u != uid));
			(uid, Some(old))
		};
		Neurons::<T>::insert(netuid, neurons);
		NeuronStates::<T>::insert(netuid, BoundedVec::truncate_from(states));
		Ok((uid, replaced))
	}

	pub(crate) fn do_register_neuron(coldkey: T::AccountId, netuid: NetUid, hotkey: T::AccountId) -> DispatchResult {
		ensure!(netuid != ROOT_NETUID, Error::<T>::RootNotAllowed);
		let mut info = Self::subnet(netuid)?;
		let (state, rule) = Self::current_burn(netuid);
		let burn = rule.cost(&state);
		ensure!(
			T::Currency::reducible_balance(&coldkey, Preservation::Preserve, Fortitude::Polite) >= burn,
			Error::<T>::InsufficientBalance
		);
		Self::claim_hotkey(&coldkey, &hotkey)?;
		let (uid, replaced) = Self::add_neuron(netuid, &hotkey, true)?;
		if burn > 0 {
			T::Currency::burn_from(&coldkey, burn, Preservation::Preserve, Precision::Exact, Fortitude::Polite)?;
		}
		Burns::<T>::insert(netuid, BurnState { registrations: state.registrations.saturating_add(1), ..state });
		Self::refresh_permits(netuid, &mut info)?;
		Subnets::<T>::insert(netuid, info);
		T::Observer::neuron_registered(netuid, uid, &hotkey, replaced.as_ref());
		if let Some(replaced) = replaced {
			Self::deposit_event(Event::NeuronReplaced { netuid, uid, replaced, hotkey: hotkey.clone() });
		}
		Self::deposit_event(Event::NeuronRegistered { netuid, uid, hotkey, coldkey, burn });
		Ok(())
	}
}

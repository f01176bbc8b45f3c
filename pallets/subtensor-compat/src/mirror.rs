//! The mirrors: the public chain's storage layout of pallet-dtao's registry, written when
//! pallet-dtao changes it ([`pallet_dtao::Observer`]), built whole at genesis and by the
//! migration that adds this pallet, checked by `try_state`.

use crate::pallet::*;
use frame_support::{pallet_prelude::*, traits::Get};
use pallet_dtao::{NetUid, ROOT_NETUID};
use sp_runtime::SaturatedConversion;

impl<T: Config> Pallet<T> {
	fn now() -> u64 {
		frame_system::Pallet::<T>::block_number().saturated_into()
	}

	/// The burn to mirror for `netuid` now (0 if pallet-dtao refuses to say: no such subnet).
	fn burn_now(netuid: NetUid) -> u64 {
		pallet_dtao::Pallet::<T>::burn_cost(netuid).unwrap_or(0)
	}

	/// Write every mirror of one live subnet from pallet-dtao: membership, tempo, burn, uids;
	/// `LastUpdate` starts at each neuron's registration block. Returns the neurons written.
	fn mirror_subnet(netuid: NetUid, tempo: u16) -> u32 {
		NetworksAdded::<T>::insert(netuid, true);
		Tempo::<T>::insert(netuid, tempo);
		Burn::<T>::insert(netuid, Self::burn_now(netuid));
		let neurons = pallet_dtao::Neurons::<T>::get(netuid);
		let states = pallet_dtao::NeuronStates::<T>::get(netuid);
		let mut last = BoundedVec::<u64, <T as pallet_dtao::Config>::MaxNeurons>::new();
		for (uid, hotkey) in (0u16..).zip(neurons.iter()) {
			Uids::<T>::insert(netuid, hotkey, uid);
			IsNetworkMember::<T>::insert(hotkey, netuid, true);
			let registered = states.get(usize::from(uid)).map(|s| s.registered_at.saturated_into()).unwrap_or(0);
			let _ = last.try_push(registered);
		}
		LastUpdate::<T>::insert(netuid, last);
		u32::try_from(neurons.len()).unwrap_or(u32::MAX)
	}

	/// Build every mirror from pallet-dtao's state (genesis, and the migration adding this
	/// pallet to a running chain). Returns the weight.
	pub fn rebuild_mirrors() -> Weight {
		let mut reads: u64 = 0;
		let mut writes: u64 = 1;
		for (hotkey, coldkey) in pallet_dtao::HotkeyOwner::<T>::iter() {
			Owner::<T>::insert(hotkey, coldkey);
			reads = reads.saturating_add(1);
			writes = writes.saturating_add(1);
		}
		NetworksAdded::<T>::insert(ROOT_NETUID, true);
		for (netuid, info) in pallet_dtao::Subnets::<T>::iter() {
			let n = u64::from(Self::mirror_subnet(netuid, info.tempo));
			reads = reads.saturating_add(5);
			writes = writes.saturating_add(4).saturating_add(n.saturating_mul(2));
		}
		T::DbWeight::get().reads_writes(reads, writes)
	}

	/// Every mirror equals what pallet-dtao holds (`Burn`: is at least the cost now, which only
	/// idle intervals lower between the writes).
	#[cfg(any(feature = "try-runtime", test))]
	pub fn check_mirrors() -> Result<(), sp_runtime::TryRuntimeError> {
		let owners = pallet_dtao::HotkeyOwner::<T>::iter().count();
		ensure!(Owner::<T>::iter().count() == owners, "Owner: not one entry per owned hotkey");
		for (hotkey, coldkey) in pallet_dtao::HotkeyOwner::<T>::iter() {
			ensure!(Owner::<T>::get(&hotkey) == coldkey, "Owner: a hotkey's owner differs");
		}
		let live = pallet_dtao::Subnets::<T>::iter().count();
		ensure!(NetworksAdded::<T>::get(ROOT_NETUID), "NetworksAdded: root missing");
		ensure!(NetworksAdded::<T>::iter().count() == live.saturating_add(1), "NetworksAdded: not root + live subnets");
		ensure!(Tempo::<T>::iter().count() == live, "Tempo: not one per live subnet");
		ensure!(Burn::<T>::iter().count() == live, "Burn: not one per live subnet");
		ensure!(LastUpdate::<T>::iter().count() == live, "LastUpdate: not one per live subnet");
		let mut neurons_total: usize = 0;
		for (netuid, info) in pallet_dtao::Subnets::<T>::iter() {
			ensure!(NetworksAdded::<T>::get(netuid), "NetworksAdded: a live subnet missing");
			ensure!(Tempo::<T>::get(netuid) == info.tempo, "Tempo: differs from the subnet's");
			ensure!(Burn::<T>::get(netuid) >= Self::burn_now(netuid), "Burn: below the cost now");
			let neurons = pallet_dtao::Neurons::<T>::get(netuid);
			let states = pallet_dtao::NeuronStates::<T>::get(netuid);
			let last = LastUpdate::<T>::get(netuid);
			ensure!(last.len() == neurons.len(), "LastUpdate: not one entry per uid");
			for ((uid, hotkey), updated) in (0u16..).zip(neurons.iter()).zip(last.iter()) {
				ensure!(Uids::<T>::get(netuid, hotkey) == Some(uid), "Uids: a neuron's uid differs");
				ensure!(IsNetworkMember::<T>::get(hotkey, netuid), "IsNetworkMember: a neuron missing");
				let registered: u64 =
					states.get(usize::from(uid)).map(|s| s.registered_at.saturated_into()).unwrap_or(0);
				ensure!(*updated >= registered && *updated <= Self::now(), "LastUpdate: outside [registration, now]");
			}
			neurons_total = neurons_total.saturating_add(neurons.len());
		}
		ensure!(Uids::<T>::iter().count() == neurons_total, "Uids: entries that are no neuron");
		ensure!(IsNetworkMember::<T>::iter().count() == neurons_total, "IsNetworkMember: entries that are no neuron");
		Ok(())
	}
}

impl<T: Config> pallet_dtao::Observer<T::AccountId> for Pallet<T> {
	fn hotkey_claimed(hotkey: &T::AccountId, coldkey: &T::AccountId) {
		Owner::<T>::insert(hotkey, coldkey);
	}

	fn neuron_registered(netuid: NetUid, uid: u16, hotkey: &T::AccountId, replaced: Option<&T::AccountId>) {
		if let Some(old) = replaced {
			Uids::<T>::remove(netuid, old);
			IsNetworkMember::<T>::remove(old, netuid);
		}
		Uids::<T>::insert(netuid, hotkey, uid);
		IsNetworkMember::<T>::insert(hotkey, netuid, true);
		let now = Self::now();
		if uid == 0 && replaced.is_none() {
			// A new subnet (its owner's hotkey is uid 0, never replaced).
			NetworksAdded::<T>::insert(netuid, true);
			let tempo = pallet_dtao::Subnets::<T>::get(netuid).map(|s| s.tempo).unwrap_or(0);
			Tempo::<T>::insert(netuid, tempo);
			LastUpdate::<T>::insert(netuid, BoundedVec::truncate_from(alloc::vec![now]));
		} else {
			LastUpdate::<T>::mutate(netuid, |last| {
				let mut v = core::mem::take(last).into_inner();
				if v.len() <= usize::from(uid) {
					v.resize(usize::from(uid).saturating_add(1), now);
				}
				if let Some(slot) = v.get_mut(usize::from(uid)) {
					*slot = now;
				}
				*last = BoundedVec::truncate_from(v);
			});
		}
		Burn::<T>::insert(netuid, Self::burn_now(netuid));
	}

	fn weights_set(netuid: NetUid, uid: u16) {
		let now = Self::now();
		LastUpdate::<T>::mutate(netuid, |last| {
			if let Some(slot) = last.get_mut(usize::from(uid)) {
				*slot = now;
			}
		});
	}

	fn subnet_removed(netuid: NetUid, neurons: &[T::AccountId]) {
		for hotkey in neurons {
			Uids::<T>::remove(netuid, hotkey);
			IsNetworkMember::<T>::remove(hotkey, netuid);
		}
		NetworksAdded::<T>::remove(netuid);
		Tempo::<T>::remove(netuid);
		Burn::<T>::remove(netuid);
		LastUpdate::<T>::remove(netuid);
	}

	fn tempo_changed(netuid: NetUid, tempo: u16) {
		Tempo::<T>::insert(netuid, tempo);
	}

	fn burn_rule_changed() {
		for netuid in pallet_dtao::Subnets::<T>::iter_keys() {
			Burn::<T>::insert(netuid, Self::burn_now(netuid));
		}
	}

	fn weights_set_weight() -> Weight {
		T::DbWeight::get().reads_writes(1, 1)
	}

	fn burn_rule_changed_weight(subnets: u32) -> Weight {
		// Per subnet: its key, its burn state and the parameters (cached after the first) read,
		// its `Burn` written.
		T::DbWeight::get().reads_writes(u64::from(subnets).saturating_mul(2).saturating_add(1), u64::from(subnets))
	}
}

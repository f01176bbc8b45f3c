//! Adding this pallet to a running chain: its mirrors are built whole from pallet-dtao's state
//! ([`Pallet::rebuild_mirrors`]) at the first runtime upgrade that has the pallet. Weight: one
//! read and write per hotkey owner, a few per subnet and two writes per neuron.
//!
//! Guarded by the mirrors themselves, not by the storage version: FRAME gives a pallet that has
//! no storage yet its in-code storage version before any migration runs
//! (`BeforeAllRuntimeMigrations`), so a 0 -> 1 version guard would never fire. Root's
//! `NetworksAdded` entry is written by every build and never removed: absent, the mirrors were
//! never built.

use crate::pallet::*;
use frame_support::{
	traits::{Get, OnRuntimeUpgrade},
	weights::Weight,
};
use pallet_dtao::ROOT_NETUID;

/// Build the mirrors once, on the first upgrade to a runtime with this pallet.
pub struct BuildMirrors<T>(core::marker::PhantomData<T>);

impl<T: Config> OnRuntimeUpgrade for BuildMirrors<T> {
	fn on_runtime_upgrade() -> Weight {
		let checked = T::DbWeight::get().reads(1);
		if NetworksAdded::<T>::get(ROOT_NETUID) {
			return checked;
		}
		let built = Pallet::<T>::rebuild_mirrors();
		STORAGE_VERSION.put::<Pallet<T>>();
		checked.saturating_add(built).saturating_add(T::DbWeight::get().writes(1))
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(_state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		Pallet::<T>::check_mirrors()
	}
}

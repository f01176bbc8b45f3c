//! Adding this pallet to a running chain: its mirrors are built whole from pallet-dtao's state
//! (`rebuild_mirrors`), once, when the pallet's on-chain storage version is 0 (it has none
//! before), and the version becomes 1. Weight: one read and write per hotkey owner, a few per
//! subnet and two writes per neuron.

use crate::pallet::*;
use frame_support::{migrations::VersionedMigration, traits::UncheckedOnRuntimeUpgrade, weights::Weight};

/// The build without its version guard; use [`MigrateToV1`].
pub struct BuildMirrors<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for BuildMirrors<T> {
	fn on_runtime_upgrade() -> Weight {
		Pallet::<T>::rebuild_mirrors()
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(_state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		Pallet::<T>::check_mirrors()
	}
}

/// Build the mirrors when the pallet is added (storage version 0 to 1).
pub type MigrateToV1<T> = VersionedMigration<0, 1, BuildMirrors<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;

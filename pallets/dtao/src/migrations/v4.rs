//! v3 → v4: the coldkey index of positions ([`ColdkeyPositions`]).
//!
//! Every stored position `(netuid, hotkey, coldkey)` of [`Stakes`] gets its index entry
//! `(coldkey, netuid, hotkey)`; nothing else changes. Weight: one read and one write per
//! position (8 µs + 50 µs on the runtime's ParityDB weights), so a block's 4 s of compute
//! indexes about 69,000 positions: enough for any chain upgraded from this project's runtimes
//! (the public chain's million positions would need a multi-block migration, `pallet-migrations`).

use crate::migrations::versioned::{Step, VersionedStep};
use crate::pallet::*;
#[cfg(feature = "try-runtime")]
use codec::{Decode, Encode};
use frame_support::{pallet_prelude::*, traits::Get, weights::Weight};

/// The step without its version guard; use [`MigrateV3ToV4`].
pub struct InnerMigrateV3ToV4<T>(core::marker::PhantomData<T>);

impl<T: Config> Step for InnerMigrateV3ToV4<T> {
	fn apply() -> (Weight, Result<(), &'static str>) {
		let db = T::DbWeight::get();
		let mut weight = Weight::zero();
		for (netuid, hotkey, coldkey) in Stakes::<T>::iter_keys() {
			weight = weight.saturating_add(db.reads_writes(1, 1));
			ColdkeyPositions::<T>::insert((coldkey, netuid, hotkey), ());
		}
		(weight, Ok(()))
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
		Ok((Stakes::<T>::iter_keys().count() as u64).encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		let positions: u64 = Decode::decode(&mut &state[..]).map_err(|_| "v4 post_upgrade: bad state")?;
		ensure!(Stakes::<T>::iter_keys().count() as u64 == positions, "v4: positions changed");
		ensure!(ColdkeyPositions::<T>::iter_keys().count() as u64 == positions, "v4: index size != positions");
		Pallet::<T>::do_try_state()
	}
}

/// v3 → v4, run only at on-chain storage version 3.
pub type MigrateV3ToV4<T> = VersionedStep<3, 4, InnerMigrateV3ToV4<T>, T>;

//! The version guard every step runs under: [`VersionedStep`] runs a [`Step`] at storage
//! version `FROM` and moves the version to `TO` only when the step succeeds.

use crate::pallet::{Config, Pallet};
use frame_support::{
	traits::{Get, GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
	weights::Weight,
};

/// One version step's work, without its version guard.
pub trait Step {
	/// Migrate; `Err` with the reason when the stored data is not in the old layout, in which
	/// case nothing was written. The weight is what it used either way.
	fn apply() -> (Weight, Result<(), &'static str>);

	/// What `post_upgrade` compares against (read before the step).
	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError>;

	/// Check the step's result against what `pre_upgrade` read.
	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError>;
}

/// `S` guarded by the storage version: runs at `FROM` and sets `TO` when `S` succeeds.
pub struct VersionedStep<const FROM: u16, const TO: u16, S, T>(core::marker::PhantomData<(S, T)>);

impl<const FROM: u16, const TO: u16, S: Step, T: Config> OnRuntimeUpgrade for VersionedStep<FROM, TO, S, T> {
	fn on_runtime_upgrade() -> Weight {
		let db = T::DbWeight::get();
		if Pallet::<T>::on_chain_storage_version() != FROM {
			return db.reads(1);
		}
		let (weight, result) = S::apply();
		match result {
			Ok(()) => {
				StorageVersion::new(TO).put::<Pallet<T>>();
				weight.saturating_add(db.reads_writes(1, 1))
			},
			Err(reason) => {
				log::error!(
					target: crate::LOG_TARGET,
					"migration v{FROM} -> v{TO} did not run: {reason}; storage left at version {FROM}"
				);
				weight.saturating_add(db.reads(1))
			},
		}
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
		use codec::Encode;
		let runs = Pallet::<T>::on_chain_storage_version() == FROM;
		let state = if runs { S::pre_upgrade()? } else { alloc::vec::Vec::new() };
		Ok((runs, state).encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		use codec::Decode;
		let (runs, state): (bool, alloc::vec::Vec<u8>) =
			Decode::decode(&mut &state[..]).map_err(|_| "versioned step: bad pre_upgrade state")?;
		if !runs {
			return Ok(());
		}
		frame_support::ensure!(
			Pallet::<T>::on_chain_storage_version() == TO,
			"migration step failed: storage version not moved (the old layout did not decode)"
		);
		S::post_upgrade(state)
	}
}

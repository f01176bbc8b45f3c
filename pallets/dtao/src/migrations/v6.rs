//! v5 → v6: lazy settlement of what an epoch pays (issue 31, spec §5). Every share pool
//! ([`StakePools`], frozen v5 layout [`SharePoolV5`]) gains `owner_owed`, the shares epochs have
//! minted for its hotkey's owner and not yet added to its position: 0, since every share v5
//! minted is in a position. Every other field is kept.
//!
//! Weight: one read and one write per share pool.

use crate::migrations::versioned::{Step, VersionedStep};
use crate::{math::shares::SharePool, pallet::*};
use codec::{Decode, Encode};
#[cfg(feature = "try-runtime")]
use frame_support::pallet_prelude::*;
use frame_support::{traits::Get, weights::Weight};

/// [`SharePool`] as storage versions 4 and 5 encoded it. A frozen layout; v6 appends
/// `owner_owed`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode)]
pub struct SharePoolV5 {
	/// Alpha (TAO on root) the pool holds, vested or not.
	pub value: u64,
	/// Shares outstanding.
	pub shares: u128,
	/// Of `value`, what had not vested as of `vest_from`.
	pub unvested: u64,
	/// The block `unvested` was last settled at.
	pub vest_from: u64,
	/// The block by which everything has vested.
	pub vest_until: u64,
	/// The pool's stake-time up to `updated`.
	pub stake_blocks: u128,
	/// The block the pool was last settled at.
	pub updated: u64,
}

impl From<SharePoolV5> for SharePool {
	fn from(old: SharePoolV5) -> Self {
		let SharePoolV5 { value, shares, unvested, vest_from, vest_until, stake_blocks, updated } = old;
		SharePool { value, shares, unvested, vest_from, vest_until, stake_blocks, updated, owner_owed: 0 }
	}
}

/// The step without its version guard; use [`MigrateV5ToV6`].
pub struct InnerMigrateV5ToV6<T>(core::marker::PhantomData<T>);

impl<T: Config> Step for InnerMigrateV5ToV6<T> {
	fn apply() -> (Weight, Result<(), &'static str>) {
		let db = T::DbWeight::get();
		let mut weight = Weight::zero();
		StakePools::<T>::translate::<SharePoolV5, _>(|_, _, old| {
			weight = weight.saturating_add(db.reads_writes(1, 1));
			Some(SharePool::from(old))
		});
		(weight, Ok(()))
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
		// Every pool as v5 stored it, to compare field by field.
		let mut pools = alloc::vec::Vec::new();
		for key in StakePools::<T>::iter_keys() {
			let raw = frame_support::storage::unhashed::get_raw(&StakePools::<T>::hashed_key_for(key.0, &key.1))
				.ok_or("v6 pre_upgrade: a share pool vanished")?;
			let old = SharePoolV5::decode(&mut &raw[..]).map_err(|_| "v6 pre_upgrade: a share pool is not v5")?;
			pools.push((key.0, key.1, old));
		}
		Ok(pools.encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		let pools: alloc::vec::Vec<(crate::types::NetUid, T::AccountId, SharePoolV5)> =
			Decode::decode(&mut &state[..]).map_err(|_| "v6 post_upgrade: bad state")?;
		// `translate` drops a value that does not decode: the count catches it.
		ensure!(StakePools::<T>::iter_values().count() == pools.len(), "v6: a share pool did not decode");
		for (netuid, hotkey, old) in pools {
			ensure!(StakePools::<T>::get(netuid, &hotkey) == Some(SharePool::from(old)), "v6: a share pool changed");
		}
		// The last step: the whole chain's invariants hold on the migrated storage.
		Pallet::<T>::do_try_state()
	}
}

/// v5 → v6, run only at on-chain storage version 5.
pub type MigrateV5ToV6<T> = VersionedStep<5, 6, InnerMigrateV5ToV6<T>, T>;

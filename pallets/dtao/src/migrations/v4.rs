//! v3 → v4: the coldkey index of positions, vesting and stake-time (issues "go live" and "fair
//! over time").
//!
//! - Every stored position `(netuid, hotkey, coldkey)` of [`Stakes`] gets its index entry
//!   `(coldkey, netuid, hotkey)` in [`ColdkeyPositions`].
//! - Every share pool ([`StakePools`], frozen v3 layout [`SharePoolV3`]) gains its vesting
//!   schedule (nothing unvested: what v3 paid had vested at once) and its stake-time, starting
//!   now.
//! - Every neuron state ([`NeuronStates`], frozen v3 layout [`NeuronStateV3`]) gains its root
//!   mark at the pool's stake-time now, so the first epoch after the upgrade reads root stake
//!   from the upgrade on.
//!
//! Weight: one read and one write per position and per share pool (8 µs + 50 µs on the
//! runtime's ParityDB weights), and per subnet for its neuron states; a block's 4 s of compute
//! covers about 69,000 such items: enough for any chain upgraded from this project's runtimes
//! (the public chain's million positions would need a multi-block migration,
//! `pallet-migrations`).

use crate::migrations::v3::{NeuronStateV3, SharePoolV3};
use crate::migrations::versioned::{Step, VersionedStep};
use crate::{math::shares::SharePool, pallet::*, types::*};
#[cfg(feature = "try-runtime")]
use codec::{Decode, Encode};
use frame_support::{pallet_prelude::*, traits::Get, weights::Weight};
use frame_system::pallet_prelude::BlockNumberFor;

/// The step without its version guard; use [`MigrateV3ToV4`].
pub struct InnerMigrateV3ToV4<T>(core::marker::PhantomData<T>);

impl<T: Config> Step for InnerMigrateV3ToV4<T> {
	fn apply() -> (Weight, Result<(), &'static str>) {
		let db = T::DbWeight::get();
		let mut weight = Weight::zero();
		let now = Pallet::<T>::now();
		for (netuid, hotkey, coldkey) in Stakes::<T>::iter_keys() {
			weight = weight.saturating_add(db.reads_writes(1, 1));
			ColdkeyPositions::<T>::insert((coldkey, netuid, hotkey), ());
		}
		StakePools::<T>::translate::<SharePoolV3, _>(|_, _, old| {
			weight = weight.saturating_add(db.reads_writes(1, 1));
			Some(SharePool {
				value: old.value,
				shares: old.shares,
				vest_from: now,
				vest_until: now,
				updated: now,
				..SharePool::default()
			})
		});
		// Every pool is at stake-time 0 as of `now`: that is every neuron's mark.
		let mark = crate::math::shares::StakeMark { stake_blocks: 0, at: now };
		NeuronStates::<T>::translate::<alloc::vec::Vec<NeuronStateV3<BlockNumberFor<T>>>, _>(|_, old| {
			weight = weight.saturating_add(db.reads_writes(1, 1));
			let states = old.into_iter().map(|s| NeuronState {
				registered_at: s.registered_at,
				pruning_score: s.pruning_score,
				root_mark: mark,
				root_stake: 0,
			});
			Some(BoundedVec::truncate_from(states.collect()))
		});
		(weight, Ok(()))
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
		let count = |n: usize| n as u64;
		Ok((
			count(Stakes::<T>::iter_keys().count()),
			count(StakePools::<T>::iter_keys().count()),
			count(NeuronStates::<T>::iter_keys().count()),
		)
			.encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		let (positions, pools, states): (u64, u64, u64) =
			Decode::decode(&mut &state[..]).map_err(|_| "v4 post_upgrade: bad state")?;
		ensure!(Stakes::<T>::iter_keys().count() as u64 == positions, "v4: positions changed");
		ensure!(ColdkeyPositions::<T>::iter_keys().count() as u64 == positions, "v4: index size != positions");
		// `translate` drops a value that does not decode: the counts catch it.
		ensure!(StakePools::<T>::iter_values().count() as u64 == pools, "v4: a share pool did not decode");
		ensure!(NeuronStates::<T>::iter_values().count() as u64 == states, "v4: neuron states did not decode");
		// The whole-chain invariants are checked once every step has run (v5).
		Ok(())
	}
}

/// v3 → v4, run only at on-chain storage version 3.
pub type MigrateV3ToV4<T> = VersionedStep<3, 4, InnerMigrateV3ToV4<T>, T>;

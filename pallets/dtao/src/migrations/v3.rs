//! v2 → v3: neuron registration burn and pruning (spec §2).
//!
//! - [`Params`] gains `min_burn`, `max_burn`, `target_registrations`, `adjustment_interval` and
//!   `immunity_period`, appended after `max_ema_price`; the stored parameters are rewritten with
//!   the new fields at their defaults, every other field kept.
//! - Every subnet's neurons get their [`NeuronState`] in [`NeuronStates`]: registered at the
//!   subnet's registration block, pruning score 0 (the first epoch after the upgrade scores
//!   them).
//!
//! New storage that starts empty ([`Burns`], [`Dissolving`]) needs no step: absent means "the
//! minimum burn, nothing dissolving". Weight: one read and write for the parameters, and per
//! subnet two reads and one write; at `MaxSubnets` = 1,024 that is 2,049 reads and 1,025 writes,
//! about 68 ms on the runtime's ParityDB weights (8 µs a read, 50 µs a write), so it runs in one
//! block.

use crate::migrations::versioned::{Step, VersionedStep};
use crate::{migrations::v2::ParamsV2, pallet::*, types::*};
use codec::{Decode, Encode};
use frame_support::{pallet_prelude::*, traits::Get, weights::Weight};

/// A neuron's state as storage version 3 wrote it (frozen; v4 appends the root mark).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode)]
pub struct NeuronStateV3<BlockNumber> {
	/// The block it registered at.
	pub registered_at: BlockNumber,
	/// Its last epoch's incentive + dividends (alpha).
	pub pruning_score: u64,
}

/// A share pool as storage versions 1 to 3 wrote it (frozen; v4 appends vesting and
/// stake-time).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode)]
pub struct SharePoolV3 {
	/// Alpha (TAO on root) the pool holds.
	pub value: u64,
	/// Shares outstanding.
	pub shares: u128,
}

/// [`Params`] as storage versions 3 and 4 encoded it: the v2 fields, then the neuron burn's and
/// pruning's (SCALE encodes a nested struct as its fields in order, so this is the flat layout).
/// A frozen layout; v5 appends the weights quorum, the EMA warm-up and the dissolve delay.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode)]
pub struct ParamsV3 {
	/// The fields of storage version 2, in order.
	pub v2: ParamsV2,
	/// See [`Params::min_burn`].
	pub min_burn: u64,
	/// See [`Params::max_burn`].
	pub max_burn: u64,
	/// See [`Params::target_registrations`].
	pub target_registrations: u16,
	/// See [`Params::adjustment_interval`].
	pub adjustment_interval: u32,
	/// See [`Params::immunity_period`].
	pub immunity_period: u32,
}

impl From<ParamsV2> for ParamsV3 {
	fn from(v2: ParamsV2) -> Self {
		let d = Params::default();
		ParamsV3 {
			v2,
			min_burn: d.min_burn,
			max_burn: d.max_burn,
			target_registrations: d.target_registrations,
			adjustment_interval: d.adjustment_interval,
			immunity_period: d.immunity_period,
		}
	}
}

/// The step without its version guard; use [`MigrateV2ToV3`].
pub struct InnerMigrateV2ToV3<T>(core::marker::PhantomData<T>);

impl<T: Config> Step for InnerMigrateV2ToV3<T> {
	fn apply() -> (Weight, Result<(), &'static str>) {
		let db = T::DbWeight::get();
		let mut weight = db.reads_writes(1, 1);
		// The parameters first: if they are not v2, nothing else is written either.
		// Written in v3's layout (v5 translates it).
		let key = Parameters::<T>::hashed_key();
		if let Some(raw) = frame_support::storage::unhashed::get_raw(&key) {
			match ParamsV2::decode(&mut &raw[..]) {
				Ok(old) => frame_support::storage::unhashed::put(&key, &ParamsV3::from(old)),
				Err(_) => return (weight, Err("the stored parameters do not decode as v2")),
			}
		}
		for (netuid, info) in Subnets::<T>::iter() {
			weight = weight.saturating_add(db.reads_writes(2, 1));
			let n = Neurons::<T>::decode_len(netuid).unwrap_or(0);
			let state = NeuronStateV3 { registered_at: info.registered_at, pruning_score: 0 };
			// In v3's layout (v4 translates it).
			frame_support::storage::unhashed::put(&NeuronStates::<T>::hashed_key_for(netuid), &alloc::vec![state; n]);
		}
		(weight, Ok(()))
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
		let raw = frame_support::storage::unhashed::get_raw(&Parameters::<T>::hashed_key());
		let old: Option<ParamsV2> = match raw {
			Some(bytes) => {
				Some(ParamsV2::decode(&mut &bytes[..]).map_err(|_| "v3 pre_upgrade: parameters are not v2")?)
			},
			None => None,
		};
		let neurons: u64 = Neurons::<T>::iter_values().map(|n| n.len() as u64).sum();
		Ok((old, Subnets::<T>::count(), Stakes::<T>::iter_keys().count() as u64, neurons).encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		let (old, subnets, positions, neurons): (Option<ParamsV2>, u32, u64, u64) =
			Decode::decode(&mut &state[..]).map_err(|_| "v3 post_upgrade: bad state")?;
		let stored: Option<ParamsV3> = frame_support::storage::unhashed::get(&Parameters::<T>::hashed_key());
		ensure!(stored == old.map(ParamsV3::from), "v3: parameters changed beyond the new fields");
		ensure!(Subnets::<T>::count() == subnets, "v3: subnet count changed");
		ensure!(Stakes::<T>::iter_keys().count() as u64 == positions, "v3: positions changed");
		let after: u64 = Neurons::<T>::iter_values().map(|n| n.len() as u64).sum();
		ensure!(after == neurons, "v3: neurons changed");
		// The whole-chain invariants hold only once every step has run: the last one (v4)
		// checks them.
		Ok(())
	}
}

/// v2 → v3, run only at on-chain storage version 2; the version moves to 3 only if it succeeds.
pub type MigrateV2ToV3<T> = VersionedStep<2, 3, InnerMigrateV2ToV3<T>, T>;

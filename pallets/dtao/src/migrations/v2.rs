//! v1 → v2: [`crate::types::Params`] gains `max_ema_price`, the cap on the EMA's input price (spec §4.6),
//! appended as its last field. The stored parameters are rewritten with the cap at its default
//! (1.0 TAO per alpha); every other field keeps its value. One read and one write. The result
//! is [`ParamsV2`], the layout of storage version 2 (v3 extends it again); the layout it reads,
//! [`ParamsV1`], is frozen in [`super::v1`].

use crate::migrations::versioned::{Step, VersionedStep};
use crate::{migrations::v1::ParamsV1, pallet::*};
use codec::{Decode, Encode};
use frame_support::{traits::Get, weights::Weight};

/// `Params` as storage version 2 encoded it: the v1 fields, then `max_ema_price` (SCALE
/// encodes a nested struct as its fields in order, so this is the flat v2 layout). A frozen
/// layout: v3 reads it to convert it.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode)]
pub struct ParamsV2 {
	/// The fields of storage version 1, in order.
	pub v1: ParamsV1,
	/// See [`crate::types::Params::max_ema_price`].
	pub max_ema_price: u64,
}

impl From<ParamsV1> for ParamsV2 {
	fn from(v1: ParamsV1) -> Self {
		ParamsV2 { v1, max_ema_price: crate::types::Params::default().max_ema_price }
	}
}

/// The step without its version guard; use [`MigrateV1ToV2`].
pub struct InnerMigrateV1ToV2<T>(core::marker::PhantomData<T>);

impl<T: Config> Step for InnerMigrateV1ToV2<T> {
	fn apply() -> (Weight, Result<(), &'static str>) {
		let weight = T::DbWeight::get().reads_writes(1, 1);
		// A chain that never stored parameters keeps the (new) defaults: nothing to write.
		let key = Parameters::<T>::hashed_key();
		let Some(raw) = frame_support::storage::unhashed::get_raw(&key) else { return (weight, Ok(())) };
		match ParamsV1::decode(&mut &raw[..]) {
			Ok(old) => {
				frame_support::storage::unhashed::put(&key, &ParamsV2::from(old));
				(weight, Ok(()))
			},
			Err(_) => (weight, Err("the stored parameters do not decode as v1")),
		}
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
		let raw = frame_support::storage::unhashed::get_raw(&Parameters::<T>::hashed_key());
		let old: Option<ParamsV1> = match raw {
			Some(bytes) => {
				Some(ParamsV1::decode(&mut &bytes[..]).map_err(|_| "v2 pre_upgrade: parameters are not v1")?)
			},
			None => None,
		};
		Ok((old, Subnets::<T>::count(), Stakes::<T>::iter_keys().count() as u64).encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		let (old, subnets, positions): (Option<ParamsV1>, u32, u64) =
			Decode::decode(&mut &state[..]).map_err(|_| "v2 post_upgrade: bad state")?;
		let stored: Option<ParamsV2> = frame_support::storage::unhashed::get(&Parameters::<T>::hashed_key());
		frame_support::ensure!(stored == old.map(ParamsV2::from), "v2: parameters changed beyond the new field");
		frame_support::ensure!(Subnets::<T>::count() == subnets, "v2: subnet count changed");
		frame_support::ensure!(Stakes::<T>::iter_keys().count() as u64 == positions, "v2: positions changed");
		// The invariants are checked after the last step (v3): v2's parameters are not the
		// runtime's layout.
		Ok(())
	}
}

/// v1 → v2, run only at on-chain storage version 1; the version moves to 2 only if it succeeds.
pub type MigrateV1ToV2<T> = VersionedStep<1, 2, InnerMigrateV1ToV2<T>, T>;

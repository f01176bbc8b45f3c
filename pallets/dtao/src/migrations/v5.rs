//! v4 → v5: [`Params`] gains `weights_quorum`, `ema_warmup` and `dissolve_delay` (issue "fair
//! over time", spec §2, §4.6, §5), appended after `immunity_period`; the stored parameters
//! (frozen layout [`ParamsV3`], unchanged by v4) are rewritten with the new fields at their
//! defaults, every other field kept. Absent parameters stay absent (the defaults apply).
//!
//! New storage that starts empty ([`DissolveAnnouncements`]) needs no step. Weight: one read and
//! one write.

use crate::migrations::v3::ParamsV3;
use crate::migrations::versioned::{Step, VersionedStep};
use crate::{pallet::*, types::*};
use codec::Decode;
#[cfg(feature = "try-runtime")]
use codec::Encode;
#[cfg(feature = "try-runtime")]
use frame_support::pallet_prelude::*;
use frame_support::{traits::Get, weights::Weight};

impl From<ParamsV3> for Params {
	fn from(old: ParamsV3) -> Self {
		let ParamsV3 { v2, min_burn, max_burn, target_registrations, adjustment_interval, immunity_period } = old;
		let v1 = v2.v1;
		Params {
			tao_weight: v1.tao_weight,
			ema_alpha: v1.ema_alpha,
			swap_fee: v1.swap_fee,
			default_tempo: v1.default_tempo,
			min_lock_cost: v1.min_lock_cost,
			lock_half_life: v1.lock_half_life,
			max_validators: v1.max_validators,
			min_validator_stake: v1.min_validator_stake,
			registration_enabled: v1.registration_enabled,
			max_ema_price: v2.max_ema_price,
			min_burn,
			max_burn,
			target_registrations,
			adjustment_interval,
			immunity_period,
			..Params::default()
		}
	}
}

/// The step without its version guard; use [`MigrateV4ToV5`].
pub struct InnerMigrateV4ToV5<T>(core::marker::PhantomData<T>);

impl<T: Config> Step for InnerMigrateV4ToV5<T> {
	fn apply() -> (Weight, Result<(), &'static str>) {
		let weight = T::DbWeight::get().reads_writes(1, 1);
		let key = Parameters::<T>::hashed_key();
		if let Some(raw) = frame_support::storage::unhashed::get_raw(&key) {
			match ParamsV3::decode(&mut &raw[..]) {
				Ok(old) => Parameters::<T>::put(Params::from(old)),
				Err(_) => return (weight, Err("the stored parameters do not decode as v3")),
			}
		}
		(weight, Ok(()))
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
		let old: Option<ParamsV3> = match frame_support::storage::unhashed::get_raw(&Parameters::<T>::hashed_key()) {
			Some(bytes) => {
				Some(ParamsV3::decode(&mut &bytes[..]).map_err(|_| "v5 pre_upgrade: parameters are not v3")?)
			},
			None => None,
		};
		Ok(old.encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		let old: Option<ParamsV3> = Decode::decode(&mut &state[..]).map_err(|_| "v5 post_upgrade: bad state")?;
		ensure!(Parameters::<T>::get() == old.map(Params::from).unwrap_or_default(), "v5: parameters changed");
		// The whole-chain invariants are checked once every step has run (v6).
		Ok(())
	}
}

/// v4 → v5, run only at on-chain storage version 4.
pub type MigrateV4ToV5<T> = VersionedStep<4, 5, InnerMigrateV4ToV5<T>, T>;

//! Runtime-level migrations (pallet-dtao's own are in `pallet_dtao::migrations`).

use crate::{configs::PreimageConsideration, AccountId, Runtime};
use codec::{DecodeAll, Encode};
use frame_support::{
	storage::unhashed,
	traits::{Consideration, Footprint, OnRuntimeUpgrade},
	weights::Weight,
};
use pallet_preimage::{PreimageFor, RequestStatus, RequestStatusFor};

/// A preimage's status as the runtimes before preimage deposits stored it: its noter with a
/// unit ticket (`Consideration = ()`).
type UnitStatus = RequestStatus<AccountId, ()>;
/// As this runtime stores it: the noter's storage deposit held (`PreimageConsideration`).
type HeldStatus = RequestStatus<AccountId, PreimageConsideration>;

/// Preimages noted before preimages took a deposit get one: the noter's deposit for the
/// preimage's size is held now. A noter who cannot pay it loses an unrequested preimage (nobody
/// asked for it; it is removed) and keeps a requested one without a deposit (the chain needs
/// it). Entries already in the new layout are left alone, so it runs once in effect and is safe
/// to run again.
pub struct PreimageDeposits;

impl PreimageDeposits {
	/// The new status of one old entry, or `None` to remove an unrequested preimage.
	fn convert(old: UnitStatus) -> Option<HeldStatus> {
		let hold =
			|who: &AccountId, len: u32| PreimageConsideration::new(who, Footprint::from_parts(1, len as usize)).ok();
		match old {
			RequestStatus::Unrequested { ticket: (who, ()), len } => {
				hold(&who, len).map(|t| RequestStatus::Unrequested { ticket: (who, t), len })
			},
			RequestStatus::Requested { maybe_ticket, count, maybe_len } => {
				let maybe_ticket = match (maybe_ticket, maybe_len) {
					(Some((who, ())), Some(len)) => hold(&who, len).map(|t| (who, t)),
					_ => None,
				};
				Some(RequestStatus::Requested { maybe_ticket, count, maybe_len })
			},
		}
	}
}

impl OnRuntimeUpgrade for PreimageDeposits {
	fn on_runtime_upgrade() -> Weight {
		let db = <Runtime as frame_system::Config>::DbWeight::get();
		let mut weight = Weight::zero();
		let hashes: alloc::vec::Vec<_> = RequestStatusFor::<Runtime>::iter_keys().collect();
		for hash in hashes {
			weight = weight.saturating_add(db.reads(1));
			let key = RequestStatusFor::<Runtime>::hashed_key_for(hash);
			let Some(raw) = unhashed::get_raw(&key) else { continue };
			if HeldStatus::decode_all(&mut &raw[..]).is_ok() {
				continue;
			}
			let Ok(old) = UnitStatus::decode_all(&mut &raw[..]) else {
				log::error!(target: "runtime::migrations", "preimage {hash:?}: status in neither layout; left");
				continue;
			};
			// The deposit's hold: the account's holds and balance (2 reads, 2 writes).
			weight = weight.saturating_add(db.reads_writes(2, 3));
			match Self::convert(old.clone()) {
				Some(new) => unhashed::put_raw(&key, &new.encode()),
				None => {
					if let RequestStatus::Unrequested { len, .. } = old {
						PreimageFor::<Runtime>::remove((hash, len));
					}
					unhashed::kill(&key);
				},
			}
		}
		weight
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(_: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		for hash in RequestStatusFor::<Runtime>::iter_keys() {
			let raw = unhashed::get_raw(&RequestStatusFor::<Runtime>::hashed_key_for(hash)).unwrap_or_default();
			frame_support::ensure!(
				HeldStatus::decode_all(&mut &raw[..]).is_ok(),
				"a preimage status is not in the deposit layout"
			);
		}
		Ok(())
	}
}

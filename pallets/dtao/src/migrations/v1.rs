//! The layout of storage version 1: what [`crate::types::Params`] looked like before v2 appended
//! `max_ema_price`. A frozen layout, read only to be converted (see [`super::v2`]); the field
//! names and order are those of the runtime that wrote it, and must never change.

use codec::{Decode, Encode};
use sp_arithmetic::Perbill;

/// `Params` as storage version 1 encoded it (see [`crate::types::Params`] for each field).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode)]
pub struct ParamsV1 {
	/// TAO weight.
	pub tao_weight: Perbill,
	/// EMA factor per block.
	pub ema_alpha: Perbill,
	/// Swap fee.
	pub swap_fee: Perbill,
	/// Tempo of new subnets.
	pub default_tempo: u16,
	/// Minimum lock cost (rao).
	pub min_lock_cost: u64,
	/// Lock cost half-life (blocks).
	pub lock_half_life: u32,
	/// Maximum validator permits per subnet.
	pub max_validators: u16,
	/// Minimum stake weight for a permit.
	pub min_validator_stake: u64,
	/// Whether `register_network` is open.
	pub registration_enabled: bool,
}

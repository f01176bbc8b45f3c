//! Storage types of the pallet: one struct per subnet, one for the governance parameters.

use crate::math::swap::Pool;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_arithmetic::Perbill;

pub use crate::math::shares::SharePool;

/// A subnet's identifier. Netuid 0 is root.
pub type NetUid = u16;

/// The root subnet: no pool, 1 root-alpha = 1 TAO.
pub const ROOT_NETUID: NetUid = 0;

/// Alpha minted during a tempo and not yet paid out at an epoch.
#[derive(
	Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct PendingEmission {
	/// The owner's cut (alpha).
	pub owner_alpha: u64,
	/// The miners' share (alpha).
	pub miner_alpha: u64,
	/// The validators' share kept as alpha (alpha).
	pub validator_alpha: u64,
	/// TAO from root's auto-sold alpha, waiting for root stakers (rao).
	pub root_tao: u64,
}

impl PendingEmission {
	/// The pending alpha of all roles (root's part is already TAO).
	pub fn alpha(&self) -> u64 {
		self.owner_alpha.saturating_add(self.miner_alpha).saturating_add(self.validator_alpha)
	}
}

/// Everything the pallet keeps about one dynamic subnet, read and written as one item.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct SubnetInfo<AccountId, BlockNumber> {
	/// The coldkey that registered the subnet.
	pub owner: AccountId,
	/// The owner's hotkey (the subnet's first neuron).
	pub owner_hotkey: AccountId,
	/// The TAO/alpha pool.
	pub pool: Pool,
	/// Alpha outside the pool: staked in share pools or pending distribution.
	pub alpha_out: u64,
	/// Moving average of the price, in rao per alpha with 32 fractional bits (`U96F32` bits).
	pub ema_price: u128,
	/// Blocks between epochs.
	pub tempo: u16,
	/// Block of registration.
	pub registered_at: BlockNumber,
	/// Emission minted and not yet paid.
	pub pending: PendingEmission,
	/// Number of (hotkey, coldkey) stake positions on this subnet.
	pub positions: u32,
	/// Root stake of the subnet's validators at the last epoch (`R_i` of root blending).
	pub validators_root_stake: u64,
	/// What the subnet received in the last block's coinbase.
	pub last_block: BlockEmission,
}

/// One block's coinbase for one subnet: what a dashboard asks "what did subnet i get".
#[derive(
	serde::Serialize,
	serde::Deserialize,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct BlockEmission {
	/// TAO injected into the pool (minted).
	pub tao_in: u64,
	/// Alpha injected into the pool.
	pub alpha_in: u64,
	/// Alpha rewards minted (owner + miners + validators + root).
	pub alpha_out: u64,
	/// Of the rewards, the owner's cut.
	pub owner: u64,
	/// Of the rewards, the miners' share.
	pub miners: u64,
	/// Of the rewards, the validators' share kept as alpha.
	pub validators: u64,
	/// Of the rewards, root's share, sold into the pool.
	pub root_alpha: u64,
	/// TAO the root share sold for, pending for root stakers.
	pub root_tao: u64,
}

/// The lock-cost state: the last registration's lock and when it happened.
#[derive(
	Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct LockState<BlockNumber> {
	/// The lock paid by the last registration (rao).
	pub last_lock: u64,
	/// When the last registration happened.
	pub last_registered_at: BlockNumber,
}

/// Parameters governance may change at runtime (`set_parameter`). Defaults follow the spec.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct Params {
	/// Weight of root TAO stake against alpha stake (0.18).
	pub tao_weight: Perbill,
	/// EMA factor per block (3e-6).
	pub ema_alpha: Perbill,
	/// Swap fee on the input of every pool trade (0.05%); it stays in the pool.
	pub swap_fee: Perbill,
	/// Tempo given to newly registered subnets (360).
	pub default_tempo: u16,
	/// Minimum lock cost of a registration (100 TAO).
	pub min_lock_cost: u64,
	/// Blocks over which the lock cost halves (38,880).
	pub lock_half_life: u32,
	/// Validators per subnet (64).
	pub max_validators: u16,
	/// Least stake weight a validator needs (rao of weighted stake).
	pub min_validator_stake: u64,
	/// Whether `register_network` is open.
	pub registration_enabled: bool,
}

impl Default for Params {
	fn default() -> Self {
		Params {
			tao_weight: Perbill::from_percent(18),
			ema_alpha: Perbill::from_parts(3_000),
			swap_fee: Perbill::from_parts(500_000),
			default_tempo: 360,
			min_lock_cost: 100_000_000_000,
			lock_half_life: 38_880,
			max_validators: 64,
			min_validator_stake: 1_000_000_000,
			registration_enabled: true,
		}
	}
}

/// One parameter change, as governance submits it.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum ParamUpdate {
	/// Set the TAO weight.
	TaoWeight(Perbill),
	/// Set the EMA factor per block.
	EmaAlpha(Perbill),
	/// Set the swap fee.
	SwapFee(Perbill),
	/// Set the tempo of newly registered subnets.
	DefaultTempo(u16),
	/// Set the tempo of one subnet.
	SubnetTempo {
		/// The subnet.
		netuid: NetUid,
		/// Its new tempo (0: no epochs).
		tempo: u16,
	},
	/// Set the minimum lock cost (rao).
	MinLockCost(u64),
	/// Set the lock cost half-life (blocks).
	LockHalfLife(u32),
	/// Set the validators per subnet.
	MaxValidators(u16),
	/// Set the minimum validator stake weight (rao).
	MinValidatorStake(u64),
	/// Open or close subnet registration.
	RegistrationEnabled(bool),
}

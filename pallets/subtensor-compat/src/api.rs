//! The public chain's runtime APIs, by its trait, method, parameter and field names, and the
//! types they return (docs/clients.md lists every field and what it holds here).
//!
//! The clients decode everything through metadata V15, by field name, so the Rust type names
//! are free, the field names and shapes are not: integers marked `compact` are `Compact<_>` on
//! the wire as on the public chain, names and symbols are `Vec<Compact<u8>>` (the SDK decodes
//! them as lists of bytes), fixed-point numbers are a struct with one field `bits`.
//! No output is a bare `Vec<u8>` (the clients would take a legacy decoder for it).

use alloc::{collections::BTreeMap, vec::Vec};
use codec::{Codec, Compact, Decode, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// A signed fixed-point number with 32 fractional bits (the public chain's `I96F32`).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode, TypeInfo)]
pub struct I96F32 {
	/// The number times 2^32.
	pub bits: i128,
}

/// A signed fixed-point number with 64 fractional bits (the public chain's `I64F64`).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct I64F64 {
	/// The number times 2^64.
	pub bits: i128,
}

/// An unsigned fixed-point number with 64 fractional bits (the public chain's `U64F64`).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode, TypeInfo)]
pub struct U64F64 {
	/// The number times 2^64.
	pub bits: u128,
}

/// A subnet's self-declared identity (the public chain's `SubnetIdentityV3`). This chain has
/// none: always `None` where it appears.
#[derive(Clone, PartialEq, Eq, Debug, Default, Encode, Decode, TypeInfo)]
pub struct SubnetIdentityV3 {
	/// Name.
	pub subnet_name: Vec<u8>,
	/// Source repository.
	pub github_repo: Vec<u8>,
	/// Contact.
	pub subnet_contact: Vec<u8>,
	/// Web page.
	pub subnet_url: Vec<u8>,
	/// Discord handle.
	pub discord: Vec<u8>,
	/// Description.
	pub description: Vec<u8>,
	/// Logo address.
	pub logo_url: Vec<u8>,
	/// Anything else.
	pub additional: Vec<u8>,
}

/// A coldkey's self-declared identity (the public chain's `ChainIdentityV2`); none here.
#[derive(Clone, PartialEq, Eq, Debug, Default, Encode, Decode, TypeInfo)]
pub struct ChainIdentityV2 {
	/// Name.
	pub name: Vec<u8>,
	/// Web page.
	pub url: Vec<u8>,
	/// Source repository.
	pub github_repo: Vec<u8>,
	/// Image address.
	pub image: Vec<u8>,
	/// Discord handle.
	pub discord: Vec<u8>,
	/// Description.
	pub description: Vec<u8>,
	/// Anything else.
	pub additional: Vec<u8>,
}

/// One subnet as `SubnetInfoRuntimeApi::get_dynamic_info` returns it (the public chain's
/// `DynamicInfo`, its 21 fields in its order).
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct DynamicInfo<AccountId> {
	/// The subnet.
	#[codec(compact)]
	pub netuid: u16,
	/// Its owner's hotkey (root: the zero account).
	pub owner_hotkey: AccountId,
	/// Its owner (root: the zero account).
	pub owner_coldkey: AccountId,
	/// Its name, UTF-8 ("root" for root; subnets here have no names: empty).
	pub subnet_name: Vec<Compact<u8>>,
	/// Its alpha's symbol: one character, UTF-8.
	pub token_symbol: Vec<Compact<u8>>,
	/// Blocks between epochs (root: 0, no epochs).
	#[codec(compact)]
	pub tempo: u16,
	/// The block of its last epoch.
	#[codec(compact)]
	pub last_step: u64,
	/// Blocks since its last epoch.
	#[codec(compact)]
	pub blocks_since_last_step: u64,
	/// TAO it is minted per block now, by its EMA price's share (rao).
	#[codec(compact)]
	pub emission: u64,
	/// Alpha in the pool (root: 0, no pool).
	#[codec(compact)]
	pub alpha_in: u64,
	/// Alpha outside the pool: staked or pending (root: the TAO staked on root).
	#[codec(compact)]
	pub alpha_out: u64,
	/// TAO in the pool (root: the TAO staked on root).
	#[codec(compact)]
	pub tao_in: u64,
	/// Alpha rewards minted in the last block.
	#[codec(compact)]
	pub alpha_out_emission: u64,
	/// Alpha injected into the pool in the last block.
	#[codec(compact)]
	pub alpha_in_emission: u64,
	/// TAO injected into the pool in the last block.
	#[codec(compact)]
	pub tao_in_emission: u64,
	/// Alpha rewards minted and not yet paid by an epoch.
	#[codec(compact)]
	pub pending_alpha_emission: u64,
	/// Root's share, sold for TAO and not yet paid to root stakers (rao).
	#[codec(compact)]
	pub pending_root_emission: u64,
	/// Traded volume: not tracked here, 0.
	#[codec(compact)]
	pub subnet_volume: u128,
	/// The block it registered at.
	#[codec(compact)]
	pub network_registered_at: u64,
	/// Its identity: none here.
	pub subnet_identity: Option<SubnetIdentityV3>,
	/// Its EMA price, TAO per alpha (root: 1.0).
	pub moving_price: I96F32,
}

/// Every neuron of a subnet, one vector per field, index = uid (the public chain's
/// `SubnetState`).
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct SubnetState<AccountId> {
	/// The subnet.
	#[codec(compact)]
	pub netuid: u16,
	/// The neurons' hotkeys.
	pub hotkeys: Vec<AccountId>,
	/// Their owners.
	pub coldkeys: Vec<AccountId>,
	/// Whether each is active: all are.
	pub active: Vec<bool>,
	/// Whether each holds a validator permit.
	pub validator_permit: Vec<bool>,
	/// Pruning scores, scaled so the subnet's highest is 65,535.
	pub pruning_score: Vec<Compact<u16>>,
	/// The block each last set weights (or registered).
	pub last_update: Vec<Compact<u64>>,
	/// Per-neuron emission: not kept here, 0.
	pub emission: Vec<Compact<u64>>,
	/// Dividends: not kept here, 0.
	pub dividends: Vec<Compact<u16>>,
	/// Incentives: not kept here, 0.
	pub incentives: Vec<Compact<u16>>,
	/// Consensus: not kept here, 0.
	pub consensus: Vec<Compact<u16>>,
	/// Trust: not kept here, 0.
	pub trust: Vec<Compact<u16>>,
	/// Rank: not kept here, 0.
	pub rank: Vec<Compact<u16>>,
	/// The block each registered at.
	pub block_at_registration: Vec<Compact<u64>>,
	/// Alpha staked under each hotkey on this subnet.
	pub alpha_stake: Vec<Compact<u64>>,
	/// TAO staked under each hotkey on root.
	pub tao_stake: Vec<Compact<u64>>,
	/// Stake weight: alpha + TAO weight x root TAO (spec §5).
	pub total_stake: Vec<Compact<u64>>,
	/// Past emissions: not kept here, empty.
	pub emission_history: Vec<Vec<Compact<u64>>>,
}

/// A neuron's served axon: this chain serves none, all zero.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode, TypeInfo)]
pub struct AxonInfo {
	/// Block served at.
	pub block: u64,
	/// Version.
	pub version: u32,
	/// IP address.
	pub ip: u128,
	/// Port.
	pub port: u16,
	/// 4 or 6.
	pub ip_type: u8,
	/// Protocol.
	pub protocol: u8,
	/// Unused.
	pub placeholder1: u8,
	/// Unused.
	pub placeholder2: u8,
}

/// A neuron's Prometheus endpoint: none here, all zero.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode, TypeInfo)]
pub struct PrometheusInfo {
	/// Block served at.
	pub block: u64,
	/// Version.
	pub version: u32,
	/// IP address.
	pub ip: u128,
	/// Port.
	pub port: u16,
	/// 4 or 6.
	pub ip_type: u8,
}

/// One neuron without its weights (the public chain's `NeuronInfoLite`).
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct NeuronInfoLite<AccountId> {
	/// Its hotkey.
	pub hotkey: AccountId,
	/// The hotkey's owner.
	pub coldkey: AccountId,
	/// Its uid.
	#[codec(compact)]
	pub uid: u16,
	/// Its subnet.
	#[codec(compact)]
	pub netuid: u16,
	/// Always true.
	pub active: bool,
	/// None served: zero.
	pub axon_info: AxonInfo,
	/// None served: zero.
	pub prometheus_info: PrometheusInfo,
	/// Alpha staked under the hotkey on the subnet, as one entry under its owner.
	pub stake: Vec<(AccountId, Compact<u64>)>,
	/// Not kept here: 0.
	#[codec(compact)]
	pub rank: u16,
	/// Not kept here: 0.
	#[codec(compact)]
	pub emission: u64,
	/// Not kept here: 0.
	#[codec(compact)]
	pub incentive: u16,
	/// Not kept here: 0.
	#[codec(compact)]
	pub consensus: u16,
	/// Not kept here: 0.
	#[codec(compact)]
	pub trust: u16,
	/// Not kept here: 0.
	#[codec(compact)]
	pub validator_trust: u16,
	/// Not kept here: 0.
	#[codec(compact)]
	pub dividends: u16,
	/// The block it last set weights (or registered).
	#[codec(compact)]
	pub last_update: u64,
	/// Whether it holds a validator permit.
	pub validator_permit: bool,
	/// Its pruning score, scaled so the subnet's highest is 65,535.
	#[codec(compact)]
	pub pruning_score: u16,
}

/// One neuron with its weights (the public chain's `NeuronInfo`).
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct NeuronInfo<AccountId> {
	/// Its hotkey.
	pub hotkey: AccountId,
	/// The hotkey's owner.
	pub coldkey: AccountId,
	/// Its uid.
	#[codec(compact)]
	pub uid: u16,
	/// Its subnet.
	#[codec(compact)]
	pub netuid: u16,
	/// Always true.
	pub active: bool,
	/// None served: zero.
	pub axon_info: AxonInfo,
	/// None served: zero.
	pub prometheus_info: PrometheusInfo,
	/// As in [`NeuronInfoLite`].
	pub stake: Vec<(AccountId, Compact<u64>)>,
	/// Not kept here: 0.
	#[codec(compact)]
	pub rank: u16,
	/// Not kept here: 0.
	#[codec(compact)]
	pub emission: u64,
	/// Not kept here: 0.
	#[codec(compact)]
	pub incentive: u16,
	/// Not kept here: 0.
	#[codec(compact)]
	pub consensus: u16,
	/// Not kept here: 0.
	#[codec(compact)]
	pub trust: u16,
	/// Not kept here: 0.
	#[codec(compact)]
	pub validator_trust: u16,
	/// Not kept here: 0.
	#[codec(compact)]
	pub dividends: u16,
	/// The block it last set weights (or registered).
	#[codec(compact)]
	pub last_update: u64,
	/// Whether it holds a validator permit.
	pub validator_permit: bool,
	/// Its weights, `(uid, weight)`.
	pub weights: Vec<(Compact<u16>, Compact<u16>)>,
	/// Bonds: none here (Yuma-lite has no bonds).
	pub bonds: Vec<(Compact<u16>, Compact<u16>)>,
	/// Its pruning score, scaled so the subnet's highest is 65,535.
	#[codec(compact)]
	pub pruning_score: u16,
}

/// One stake position (the public chain's `StakeInfo`).
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct StakeInfo<AccountId> {
	/// The hotkey it is staked under.
	pub hotkey: AccountId,
	/// The coldkey that holds it.
	pub coldkey: AccountId,
	/// The subnet.
	#[codec(compact)]
	pub netuid: u16,
	/// Its value in alpha (root: TAO), rao.
	#[codec(compact)]
	pub stake: u64,
	/// Locked stake: none here, 0.
	#[codec(compact)]
	pub locked: u64,
	/// Per-position emission: not kept here, 0.
	#[codec(compact)]
	pub emission: u64,
	/// Per-position TAO emission: not kept here, 0.
	#[codec(compact)]
	pub tao_emission: u64,
	/// Drain: no concept here, 0.
	#[codec(compact)]
	pub drain: u64,
	/// Whether the hotkey is a neuron of the subnet.
	pub is_registered: bool,
}

/// A coldkey's stake lock (the public chain's `LockState`): this chain has none, the API
/// answers `None`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode, TypeInfo)]
pub struct LockState {
	/// Locked alpha.
	pub locked_mass: u64,
	/// Conviction.
	pub conviction: U64F64,
	/// Block of the last change.
	pub last_update: u64,
}

/// A subnet's spot price.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode, TypeInfo)]
pub struct SubnetPrice {
	/// The subnet.
	pub netuid: u16,
	/// Rao per alpha (root: 10^9).
	pub price: u64,
}

/// What a swap would do (the public chain's `SimSwapResult`). TAO to alpha: `tao_amount` in,
/// `alpha_amount` out, `tao_fee`; alpha to TAO: `alpha_amount` in, `tao_amount` out,
/// `alpha_fee`. Slippage is what the pool's spot price would have given minus what the trade
/// gives, after the fee. A swap that would fail answers all zeros, as on the public chain (the
/// reason is in `dtao_quoteAddStake` / `dtao_quoteRemoveStake`).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode, TypeInfo)]
pub struct SimSwapResult {
	/// TAO in or out.
	pub tao_amount: u64,
	/// Alpha out or in.
	pub alpha_amount: u64,
	/// Fee in TAO (TAO to alpha).
	pub tao_fee: u64,
	/// Fee in alpha (alpha to TAO).
	pub alpha_fee: u64,
	/// TAO lost to the pool's curve (alpha to TAO).
	pub tao_slippage: u64,
	/// Alpha lost to the pool's curve (TAO to alpha).
	pub alpha_slippage: u64,
}

/// Root claims (the public chain's `RootClaimable` value): never written here.
pub type RootClaimableMap = BTreeMap<u16, I96F32>;

sp_api::decl_runtime_apis! {
	/// Subnets, by the public chain's names.
	pub trait SubnetInfoRuntimeApi<AccountId> where AccountId: Codec {
		/// Root, then every live subnet, by netuid; never `None` elements.
		fn get_all_dynamic_info() -> Vec<Option<DynamicInfo<AccountId>>>;
		/// One subnet (root included); `None` if it does not exist.
		fn get_dynamic_info(netuid: u16) -> Option<DynamicInfo<AccountId>>;
		/// A subnet's neurons, one vector per field; `None` for root or a missing subnet.
		fn get_subnet_state(netuid: u16) -> Option<SubnetState<AccountId>>;
	}

	/// Neurons, by the public chain's names.
	pub trait NeuronInfoRuntimeApi<AccountId> where AccountId: Codec {
		/// Every neuron of `netuid`, by uid, without weights.
		fn get_neurons_lite(netuid: u16) -> Vec<NeuronInfoLite<AccountId>>;
		/// One neuron with its weights.
		fn get_neuron(netuid: u16, uid: u16) -> Option<NeuronInfo<AccountId>>;
		/// Every neuron of `netuid`, by uid, with weights.
		fn get_neurons(netuid: u16) -> Vec<NeuronInfo<AccountId>>;
	}

	/// Stake positions, by the public chain's names.
	pub trait StakeInfoRuntimeApi<AccountId> where AccountId: Codec {
		/// Every position of a coldkey, by netuid.
		fn get_stake_info_for_coldkey(coldkey_account: AccountId) -> Vec<StakeInfo<AccountId>>;
		/// [`get_stake_info_for_coldkey`] for each coldkey, one entry per coldkey asked.
		fn get_stake_info_for_coldkeys(coldkey_accounts: Vec<AccountId>) -> Vec<(AccountId, Vec<StakeInfo<AccountId>>)>;
		/// One position; always `Some` (a stake of 0 when there is none).
		fn get_stake_info_for_hotkey_coldkey_netuid(
			hotkey_account: AccountId,
			coldkey_account: AccountId,
			netuid: u16,
		) -> Option<StakeInfo<AccountId>>;
		/// A coldkey's stake lock: none on this chain.
		fn get_coldkey_lock(coldkey: AccountId, netuid: u16) -> Option<LockState>;
	}

	/// Prices and swap previews, by the public chain's names.
	pub trait SwapRuntimeApi {
		/// Spot price, rao per alpha (root 10^9; a missing subnet 0).
		fn current_alpha_price(netuid: u16) -> u64;
		/// Root and every live subnet's spot price.
		fn current_alpha_price_all() -> Vec<SubnetPrice>;
		/// Staking `tao` (fee included) into `netuid` alone in its block.
		fn sim_swap_tao_for_alpha(netuid: u16, tao: u64) -> SimSwapResult;
		/// Unstaking `alpha` (fee included) from `netuid` alone in its block.
		fn sim_swap_alpha_for_tao(netuid: u16, alpha: u64) -> SimSwapResult;
	}

	/// Subnet registration, by the public chain's names.
	pub trait SubnetRegistrationRuntimeApi {
		/// The TAO a `register_network` costs now (the lock cost).
		fn get_network_registration_cost() -> u64;
	}
}

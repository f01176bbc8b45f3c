//! The dTAO chain's runtime.
//!
//! TAO is the native token (`pallet-balances`, `u64`, 9 decimals). Blocks are authored by Aura
//! and finalized by GRANDPA. Governance is OpenGov (referenda + conviction voting, with a
//! scheduler and preimages); a referendum on the root track dispatches with Root origin, which
//! is also the `AdminOrigin` of `pallet-dtao`, and can authorize or set a runtime upgrade.
//! `pallet-sudo` is kept for development chains.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime` needs a large recursion limit.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

use alloc::vec::Vec;

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod genesis_config_presets;
pub mod governance;
pub mod migrations;
#[cfg(feature = "bench-peers")]
pub mod peers;
#[cfg(test)]
mod tests;
pub mod weights;

use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
pub use pallet_dtao::Call as DtaoCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Opaque types for the node, independent of the runtime's call types.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block identifier type.
	pub type BlockId = generic::BlockId<Block>;
	/// Opaque block hash type.
	pub type Hash = <BlakeTwo256 as sp_runtime::traits::Hash>::Output;
}

impl_opaque_keys! {
	/// The session keys of a validator: Aura and GRANDPA.
	pub struct SessionKeys {
		/// Block authoring.
		pub aura: Aura,
		/// Finality.
		pub grandpa: Grandpa,
	}
}

// `VERSION`: the runtime's version. Its `spec_version` is 101 (100 is the baseline runtime, at
// pallet-dtao storage version 1), or `DTAO_SPEC_VERSION` when set at build time (build.rs
// writes the literal the `runtime_version` macro needs), so a second runtime for an upgrade
// test builds from the same sources.
include!(concat!(env!("OUT_DIR"), "/version.rs"));

/// Milliseconds per block. The production runtime has the public chain's 12 s blocks (7,200 a
/// day: the texts' per-block economics in wall time). The `fast-blocks` build (a cargo feature,
/// the public chain's convention) has 2 s blocks for development chains and tests: every
/// per-block constant of the economics stays the same, so a day of economics passes in 4 hours
/// (docs/spec.md, "Two clocks").
#[cfg(not(feature = "fast-blocks"))]
pub const MILLI_SECS_PER_BLOCK: u64 = 12_000;
/// Milliseconds per block (`fast-blocks`: 2 s).
#[cfg(feature = "fast-blocks")]
pub const MILLI_SECS_PER_BLOCK: u64 = 2_000;
/// Aura slot duration.
pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;
/// Blocks per minute (5 on production, 30 with `fast-blocks`).
pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
/// Blocks per hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks per day (7,200 on production).
pub const DAYS: BlockNumber = HOURS * 24;
/// The governance clock: a day on the production runtime, a minute with `fast-blocks` (so a
/// development chain decides a referendum in minutes, a live one in days).
#[cfg(not(feature = "fast-blocks"))]
pub const GOV_DAY: BlockNumber = DAYS;
/// The governance clock (`fast-blocks`: a minute).
#[cfg(feature = "fast-blocks")]
pub const GOV_DAY: BlockNumber = MINUTES;

/// 1 TAO in rao.
pub const TAO: Balance = pallet_dtao::TAO;
/// Existential deposit: 500 rao (0.0000005 TAO). An account below it is reaped; `MinStake`
/// (500,000 rao) is a thousand times it, so a position's TAO never falls below it when paid.
pub const EXISTENTIAL_DEPOSIT: Balance = 500;

/// Transaction signature.
pub type Signature = MultiSignature;
/// Account id: the signer's public key.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// Balance: TAO in rao.
pub type Balance = u64;
/// Transaction counter.
pub type Nonce = u32;
/// Hash type.
pub type Hash = sp_core::H256;
/// Block number.
pub type BlockNumber = u32;
/// Address format.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// Signed block.
pub type SignedBlock = generic::SignedBlock<Block>;
/// Block id.
pub type BlockId = generic::BlockId<Block>;

/// The transaction extensions.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// Unchecked extrinsic.
pub type UncheckedExtrinsic = generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload being signed.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Storage migrations run at the next runtime upgrade, oldest first (pallet-dtao's are guarded
/// by its on-chain storage version; the preimage deposits skip entries already converted).
pub type Migrations = (
	pallet_dtao::migrations::v2::MigrateV1ToV2<Runtime>,
	pallet_dtao::migrations::v3::MigrateV2ToV3<Runtime>,
	pallet_dtao::migrations::v4::MigrateV3ToV4<Runtime>,
	pallet_dtao::migrations::v5::MigrateV4ToV5<Runtime>,
	pallet_dtao::migrations::v6::MigrateV5ToV6<Runtime>,
	pallet_subtensor_compat::migrations::BuildMirrors<Runtime>,
	migrations::PreimageDeposits,
);

/// Executive: dispatches to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;
	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;
	#[runtime::pallet_index(6)]
	pub type Sudo = pallet_sudo;
	#[runtime::pallet_index(7)]
	pub type Utility = pallet_utility;
	#[runtime::pallet_index(8)]
	pub type Scheduler = pallet_scheduler;
	#[runtime::pallet_index(9)]
	pub type Preimage = pallet_preimage;
	#[runtime::pallet_index(10)]
	pub type ConvictionVoting = pallet_conviction_voting;
	#[runtime::pallet_index(11)]
	pub type Referenda = pallet_referenda;
	#[runtime::pallet_index(12)]
	pub type Origins = governance::pallet_custom_origins;
	#[runtime::pallet_index(20)]
	pub type Dtao = pallet_dtao;
	/// The public Bittensor chain's call, storage and runtime-API names over `Dtao`, for btcli
	/// and the bittensor SDK (docs/clients.md). After `Dtao`: its genesis reads Dtao's.
	#[runtime::pallet_index(21)]
	pub type SubtensorModule = pallet_subtensor_compat;

	// Benchmarking peers only (feature `bench-peers`, see peers.rs): never in a chain's runtime.
	#[cfg(feature = "bench-peers")]
	#[runtime::pallet_index(50)]
	pub type Assets = pallet_assets<Instance1>;
	#[cfg(feature = "bench-peers")]
	#[runtime::pallet_index(51)]
	pub type PoolAssets = pallet_assets<Instance2>;
	#[cfg(feature = "bench-peers")]
	#[runtime::pallet_index(52)]
	pub type AssetConversion = pallet_asset_conversion;
}

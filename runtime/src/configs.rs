//! Configuration of every pallet of the runtime.

use crate::{
	governance::TracksInfo, AccountId, Aura, Balance, Balances, Block, BlockNumber, Hash, Nonce, OriginCaller,
	PalletInfo, Preimage, Referenda, Runtime, RuntimeCall, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason,
	RuntimeOrigin, RuntimeTask, Scheduler, System, EXISTENTIAL_DEPOSIT, GOV_DAY, MILLI_SECS_PER_BLOCK, SLOT_DURATION,
	TAO, VERSION,
};
use frame_support::{
	derive_impl, parameter_types,
	traits::{
		fungible::HoldConsideration, ConstBool, ConstU16, ConstU32, ConstU64, ConstU8, EitherOf, EqualPrivilegeOnly,
		LinearStoragePrice, TotalIssuanceOf, VariantCountOf,
	},
	weights::{
		constants::{ParityDbWeight, WEIGHT_REF_TIME_PER_SECOND},
		ConstantMultiplier, Weight,
	},
	PalletId,
};
use frame_system::{
	limits::{BlockLength, BlockWeights},
	EnsureRoot, EnsureSigned,
};
use pallet_transaction_payment::{FungibleAdapter, Multiplier, TargetedFeeAdjustment};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::{
	traits::{Bounded, One},
	FixedPointNumber, Perbill, Perquintill,
};
use sp_version::RuntimeVersion;

const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

/// Compute per block: a third of the slot (4 s of a 12 s block; 667 ms of a 2 s block with
/// `fast-blocks`), as the SDK's template (2 s of 6 s) and the public Bittensor chain (4 s of
/// 12 s): the author has time to build the block and every importer to re-execute it in the
/// same slot. Normal extrinsics may fill 75% of it; the rest is the hooks' (`on_initialize`)
/// and operational calls' headroom.
pub const MAXIMUM_BLOCK_WEIGHT: Weight =
	Weight::from_parts(MILLI_SECS_PER_BLOCK * WEIGHT_REF_TIME_PER_SECOND / 1_000 / 3, u64::MAX);

parameter_types! {
	pub const BlockHashCount: BlockNumber = 2400;
	pub const Version: RuntimeVersion = VERSION;
	pub RuntimeBlockWeights: BlockWeights =
		BlockWeights::with_sensible_defaults(MAXIMUM_BLOCK_WEIGHT, NORMAL_DISPATCH_RATIO);
	/// 5 MiB blocks, of which normal extrinsics may fill 75%.
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(5 * 1024 * 1024)
		.modify_max_length_for_class(frame_support::dispatch::DispatchClass::Normal, |m| *m = NORMAL_DISPATCH_RATIO * *m)
		.build();
	pub const SS58Prefix: u8 = 42;
}

/// frame-system's generated weights, except the runtime-upgrade calls: the defaults price
/// `set_code` and `apply_authorized_upgrade` at about 164 s of ref-time, which no block can
/// hold, so a governance upgrade could never be dispatched. They are priced here at half a
/// block's compute: the work is one storage write of the code plus its validation
/// (`Executive` checks the new runtime's version).
pub struct SystemWeights;
impl frame_system::WeightInfo for SystemWeights {
	fn remark(b: u32) -> Weight {
		frame_system::weights::SubstrateWeight::<Runtime>::remark(b)
	}
	fn remark_with_event(b: u32) -> Weight {
		frame_system::weights::SubstrateWeight::<Runtime>::remark_with_event(b)
	}
	fn set_heap_pages() -> Weight {
		frame_system::weights::SubstrateWeight::<Runtime>::set_heap_pages()
	}
	fn set_code() -> Weight {
		Weight::from_parts(MAXIMUM_BLOCK_WEIGHT.ref_time() / 2, 0)
	}
	fn set_storage(i: u32) -> Weight {
		frame_system::weights::SubstrateWeight::<Runtime>::set_storage(i)
	}
	fn kill_storage(i: u32) -> Weight {
		frame_system::weights::SubstrateWeight::<Runtime>::kill_storage(i)
	}
	fn kill_prefix(p: u32) -> Weight {
		frame_system::weights::SubstrateWeight::<Runtime>::kill_prefix(p)
	}
	fn authorize_upgrade() -> Weight {
		frame_system::weights::SubstrateWeight::<Runtime>::authorize_upgrade()
	}
	fn apply_authorized_upgrade() -> Weight {
		Weight::from_parts(MAXIMUM_BLOCK_WEIGHT.ref_time() / 2, 0)
	}
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	type DbWeight = ParityDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
	type SystemWeightInfo = SystemWeights;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<32>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<32>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = crate::weights::pallet_timestamp::WeightInfo<Runtime>;
}

impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<50>;
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU64<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type WeightInfo = crate::weights::pallet_balances::WeightInfo<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

/// Transaction fees: 1 rao per 1,000 ps of weight (a 100 µs call costs 0.0001 TAO).
pub struct WeightToFee;
impl frame_support::weights::WeightToFee for WeightToFee {
	type Balance = Balance;
	fn weight_to_fee(weight: &Weight) -> Balance {
		weight.ref_time() / 1_000
	}
}

parameter_types! {
	/// Fees rise when blocks are fuller than a quarter of their normal class, and fall back
	/// toward the base when they are emptier (Polkadot's `TargetedFeeAdjustment`), never below
	/// the base fee.
	pub const TargetBlockFullness: Perquintill = Perquintill::from_percent(25);
	/// How fast the multiplier moves: about +/-0.0075% a block at full/empty blocks, so a day of
	/// full 12 s blocks (7,200) multiplies fees by about 1.7.
	pub AdjustmentVariable: Multiplier = Multiplier::saturating_from_rational(75, 1_000_000);
	pub MinimumMultiplier: Multiplier = Multiplier::one();
	pub MaximumMultiplier: Multiplier = Bounded::max_value();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightToFee = WeightToFee;
	/// 1,000 rao per byte.
	type LengthToFee = ConstantMultiplier<Balance, ConstU64<1_000>>;
	type FeeMultiplierUpdate =
		TargetedFeeAdjustment<Self, TargetBlockFullness, AdjustmentVariable, MinimumMultiplier, MaximumMultiplier>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = crate::weights::pallet_sudo::WeightInfo<Runtime>;
}

impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = pallet_utility::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	pub MaximumSchedulerWeight: Weight = Perbill::from_percent(80) * RuntimeBlockWeights::get().max_block;
}

impl pallet_scheduler::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type RuntimeCall = RuntimeCall;
	type MaximumWeight = MaximumSchedulerWeight;
	type ScheduleOrigin = EnsureRoot<AccountId>;
	type MaxScheduledPerBlock = ConstU32<50>;
	type WeightInfo = pallet_scheduler::weights::SubstrateWeight<Runtime>;
	type OriginPrivilegeCmp = EqualPrivilegeOnly;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

parameter_types! {
	/// A noted preimage holds 1 TAO plus 0.0001 TAO a byte of its noter's balance until it is
	/// requested or removed (a 1.5 MB runtime: 151 TAO).
	pub const PreimageBaseDeposit: Balance = TAO;
	pub const PreimageByteDeposit: Balance = TAO / 10_000;
	pub const PreimageHoldReason: RuntimeHoldReason = RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
}

/// The storage deposit of a noted preimage.
pub type PreimageConsideration = HoldConsideration<
	AccountId,
	Balances,
	PreimageHoldReason,
	LinearStoragePrice<PreimageBaseDeposit, PreimageByteDeposit, Balance>,
>;

impl pallet_preimage::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_preimage::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type ManagerOrigin = EnsureRoot<AccountId>;
	type Consideration = PreimageConsideration;
}

impl pallet_conviction_voting::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_conviction_voting::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	/// A vote's conviction locks count in governance days (a day per conviction step).
	type VoteLockingPeriod = ConstU32<GOV_DAY>;
	type MaxVotes = ConstU32<64>;
	type MaxTurnout = TotalIssuanceOf<Balances, AccountId>;
	type Polls = Referenda;
	type BlockNumberProvider = System;
	type VotingHooks = ();
}

parameter_types! {
	pub const AlarmInterval: BlockNumber = 1;
	/// Held for as long as a referendum lives (returned when it ends unless it is killed).
	pub const SubmissionDeposit: Balance = 10 * TAO;
	/// A referendum without a decision deposit for 14 governance days times out.
	pub const UndecidingTimeout: BlockNumber = 14 * GOV_DAY;
}

impl crate::governance::pallet_custom_origins::Config for Runtime {}

impl pallet_referenda::Config for Runtime {
	type WeightInfo = pallet_referenda::weights::SubstrateWeight<Runtime>;
	type RuntimeCall = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type Scheduler = Scheduler;
	type Currency = Balances;
	type SubmitOrigin = EnsureSigned<AccountId>;
	/// Root, or a referendum on the `referendum_canceller` track.
	type CancelOrigin = EitherOf<EnsureRoot<AccountId>, crate::governance::pallet_custom_origins::ReferendumCanceller>;
	/// Root, or a referendum on the `referendum_killer` track.
	type KillOrigin = EitherOf<EnsureRoot<AccountId>, crate::governance::pallet_custom_origins::ReferendumKiller>;
	type Slash = ();
	type Votes = pallet_conviction_voting::VotesOf<Runtime>;
	type Tally = pallet_conviction_voting::TallyOf<Runtime>;
	type SubmissionDeposit = SubmissionDeposit;
	type MaxQueued = ConstU32<20>;
	type UndecidingTimeout = UndecidingTimeout;
	type AlarmInterval = AlarmInterval;
	type Tracks = TracksInfo;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

parameter_types! {
	pub const DtaoPalletId: PalletId = PalletId(*b"py/dtao_");
	pub const OwnerCut: Perbill = Perbill::from_percent(18);
	pub const ValidatorTake: Perbill = Perbill::from_percent(18);
}

impl pallet_dtao::Config for Runtime {
	type Currency = Balances;
	/// Governance: a referendum on the root track (or sudo on a dev chain) dispatches as Root.
	type AdminOrigin = EnsureRoot<AccountId>;
	type PalletId = DtaoPalletId;
	type MaxSubnets = ConstU16<1024>;
	type MaxNeurons = ConstU32<256>;
	type MinStake = ConstU64<500_000>;
	type MinReserve = ConstU64<10_000_000>;
	type PoolInitialTao = ConstU64<{ 100 * TAO }>;
	type OwnerCut = OwnerCut;
	type ValidatorTake = ValidatorTake;
	type MaxEpochsPerBlock = ConstU32<4>;
	type MaxOrdersPerBlock = ConstU32<64>;
	// 64 positions a block in the background (15.9 ms: 0.4% of a production block's 4 s); `dissolve_step`
	// pays up to 5,000 at once for whoever wants it faster (its fee is refunded).
	type MaxIdleDissolve = ConstU32<64>;
	type PreFairnessRules = frame_support::traits::ConstBool<false>;
	type Observer = crate::SubtensorModule;
	type WeightInfo = pallet_dtao::weights::SubstrateWeight<Runtime>;
}

/// The public chain's client surface over `Dtao` (no parameters of its own).
impl pallet_subtensor_compat::Config for Runtime {}

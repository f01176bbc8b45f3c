//! Only with the `bench-peers` feature (never in the runtime a chain runs): pallet-assets and
//! pallet-asset-conversion, so that `scripts/benchmark.sh` measures asset-conversion's
//! `swap_exact_tokens_for_tokens` on the same runtime, node build and machine as pallet-dtao's
//! calls. The configuration follows the SDK's kitchensink runtime (native TAO and asset ids in
//! one `fungibles` union, LP tokens in a second assets instance, 0.3% LP fee).

// `ord_parameter_types!` expands to `vec!` (no_std: from alloc).
use crate::{AccountId, Balance, Balances, Runtime, RuntimeEvent, TAO};
use alloc::vec;
use frame_support::{
	instances::{Instance1, Instance2},
	ord_parameter_types, parameter_types,
	traits::{
		tokens::{
			fungible::{NativeFromLeft, NativeOrWithId, UnionOf},
			imbalance::ResolveAssetTo,
		},
		AsEnsureOriginWithArg, ConstU32, ConstU64,
	},
	PalletId,
};
use frame_system::{EnsureRoot, EnsureSigned, EnsureSignedBy};
use pallet_asset_conversion::{AccountIdConverter, Ascending, Chain, WithFirstAsset};
use sp_runtime::{traits::AccountIdConversion, Permill};

macro_rules! assets_config {
	($instance:ty, $create:ty, $deposit:expr) => {
		impl pallet_assets::Config<$instance> for Runtime {
			type RuntimeEvent = RuntimeEvent;
			type Balance = Balance;
			type RemoveItemsLimit = ConstU32<1000>;
			type AssetId = u32;
			type AssetIdParameter = u32;
			type ReserveData = ();
			type Currency = Balances;
			type CreateOrigin = $create;
			type ForceOrigin = EnsureRoot<AccountId>;
			type AssetDeposit = ConstU64<$deposit>;
			type AssetAccountDeposit = ConstU64<$deposit>;
			type MetadataDepositBase = ConstU64<$deposit>;
			type MetadataDepositPerByte = ConstU64<$deposit>;
			type ApprovalDeposit = ConstU64<$deposit>;
			type StringLimit = ConstU32<50>;
			type Holder = ();
			type Freezer = ();
			type Extra = ();
			type WeightInfo = pallet_assets::weights::SubstrateWeight<Runtime>;
			type CallbackHandle = ();
			type AssetIdAllocator = ();
			#[cfg(feature = "runtime-benchmarks")]
			type BenchmarkHelper = ();
		}
	};
}
assets_config!(Instance1, AsEnsureOriginWithArg<EnsureSigned<AccountId>>, { TAO / 100 });
assets_config!(Instance2, AsEnsureOriginWithArg<EnsureSignedBy<AssetConversionOrigin, AccountId>>, 0);

parameter_types! {
	pub const AssetConversionPalletId: PalletId = PalletId(*b"py/ascon");
	pub const Native: NativeOrWithId<u32> = NativeOrWithId::Native;
	pub const LpFee: Permill = Permill::from_parts(3_000);
	pub const MaxSwapFee: Permill = Permill::from_percent(10);
	pub const LiquidityWithdrawalFee: Permill = Permill::zero();
}

ord_parameter_types! {
	pub const AssetConversionOrigin: AccountId =
		AccountIdConversion::<AccountId>::into_account_truncating(&AssetConversionPalletId::get());
}

/// TAO and the assets of `pallet-assets` as one `fungibles`.
pub type NativeAndAssets = UnionOf<Balances, crate::Assets, NativeFromLeft, NativeOrWithId<u32>, AccountId>;
type PoolIdToAccountId = AccountIdConverter<AssetConversionPalletId, (NativeOrWithId<u32>, NativeOrWithId<u32>)>;

impl pallet_asset_conversion::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Balance = Balance;
	type HigherPrecisionBalance = u128;
	type AssetKind = NativeOrWithId<u32>;
	type Assets = NativeAndAssets;
	type PoolId = (Self::AssetKind, Self::AssetKind);
	type PoolLocator = Chain<
		WithFirstAsset<Native, AccountId, NativeOrWithId<u32>, PoolIdToAccountId>,
		Ascending<AccountId, NativeOrWithId<u32>, PoolIdToAccountId>,
	>;
	type PoolAssetId = u32;
	type PoolAssets = crate::PoolAssets;
	type PoolSetupFee = ConstU64<TAO>;
	type PoolSetupFeeAsset = Native;
	type PoolSetupFeeTarget = ResolveAssetTo<AssetConversionOrigin, Self::Assets>;
	type PalletId = AssetConversionPalletId;
	type WeightInfo = pallet_asset_conversion::weights::SubstrateWeight<Runtime>;
	type LPFee = LpFee;
	type AdminOrigin = EnsureRoot<AccountId>;
	type MaxSwapFee = MaxSwapFee;
	type LiquidityWithdrawalFee = LiquidityWithdrawalFee;
	// 3, not the kitchensink's 4: its benchmark helper repeats the native asset in a 4-asset path
	// (`NonUniquePath`); n = 2, one pool, is the swap compared with a dTAO stake.
	type MaxSwapPathLength = ConstU32<3>;
	type MintMinLiquidity = ConstU64<100>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = pallet_asset_conversion::NativeOrWithIdFactory<u32>;
}

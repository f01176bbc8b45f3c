//! Criterion benchmarks of the pallet's pure math live in `benches/math.rs`; `benches/swap.rs`
//! sets the swap quote beside asset-conversion's `get_amount_out`, which needs the minimal
//! runtime below (asset-conversion's quote is a function of its pallet, generic over a `Config`).

pub mod asset_conversion {
	//! A minimal runtime with `pallet-asset-conversion`: balances for the native token, two
	//! `pallet-assets` instances (the assets and the LP tokens). Balances are `u64` with `u128`
	//! intermediates, as pallet-dtao's (rao in `u64`, products in `u128`), so both quotes do the
	//! same width of arithmetic on the same reserves.
	use frame_support::{
		construct_runtime, derive_impl,
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
	use frame_system::{EnsureSigned, EnsureSignedBy};
	use pallet_asset_conversion::{AccountIdConverter, Ascending, Chain, WithFirstAsset};
	use sp_arithmetic::Permill;
	use sp_runtime::traits::{AccountIdConversion, IdentityLookup};

	type Block = frame_system::mocking::MockBlock<Runtime>;

	construct_runtime!(
		pub enum Runtime {
			System: frame_system,
			Balances: pallet_balances,
			Assets: pallet_assets::<Instance1>,
			PoolAssets: pallet_assets::<Instance2>,
			AssetConversion: pallet_asset_conversion,
		}
	);

	#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
	impl frame_system::Config for Runtime {
		type AccountId = u64;
		type Lookup = IdentityLookup<Self::AccountId>;
		type Block = Block;
		type AccountData = pallet_balances::AccountData<u64>;
	}

	#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
	impl pallet_balances::Config for Runtime {
		type Balance = u64;
		type ExistentialDeposit = ConstU64<500>;
		type AccountStore = System;
	}

	macro_rules! assets_config {
		($instance:ty, $create:ty) => {
			impl pallet_assets::Config<$instance> for Runtime {
				type RuntimeEvent = RuntimeEvent;
				type Balance = u64;
				type RemoveItemsLimit = ConstU32<1000>;
				type AssetId = u32;
				type AssetIdParameter = u32;
				type ReserveData = ();
				type Currency = Balances;
				type CreateOrigin = $create;
				type ForceOrigin = frame_system::EnsureRoot<Self::AccountId>;
				type AssetDeposit = ConstU64<0>;
				type AssetAccountDeposit = ConstU64<0>;
				type MetadataDepositBase = ConstU64<0>;
				type MetadataDepositPerByte = ConstU64<0>;
				type ApprovalDeposit = ConstU64<0>;
				type StringLimit = ConstU32<50>;
				type Holder = ();
				type Freezer = ();
				type Extra = ();
				type WeightInfo = ();
				type CallbackHandle = ();
				type AssetIdAllocator = ();
			}
		};
	}
	assets_config!(Instance1, AsEnsureOriginWithArg<EnsureSigned<u64>>);
	assets_config!(Instance2, AsEnsureOriginWithArg<EnsureSignedBy<AssetConversionOrigin, u64>>);

	parameter_types! {
		pub const AssetConversionPalletId: PalletId = PalletId(*b"py/ascon");
		pub const Native: NativeOrWithId<u32> = NativeOrWithId::Native;
		pub LpFee: Permill = Permill::from_rational(3u32, 1_000u32);
		pub MaxSwapFee: Permill = Permill::from_percent(10);
		pub LiquidityWithdrawalFee: Permill = Permill::zero();
	}

	ord_parameter_types! {
		pub const AssetConversionOrigin: u64 =
			AccountIdConversion::<u64>::into_account_truncating(&AssetConversionPalletId::get());
	}

	type NativeAndAssets = UnionOf<Balances, Assets, NativeFromLeft, NativeOrWithId<u32>, u64>;
	type PoolIdToAccountId = AccountIdConverter<AssetConversionPalletId, (NativeOrWithId<u32>, NativeOrWithId<u32>)>;

	impl pallet_asset_conversion::Config for Runtime {
		type RuntimeEvent = RuntimeEvent;
		type Balance = u64;
		type HigherPrecisionBalance = u128;
		type AssetKind = NativeOrWithId<u32>;
		type Assets = NativeAndAssets;
		type PoolId = (Self::AssetKind, Self::AssetKind);
		type PoolLocator = Chain<
			WithFirstAsset<Native, u64, NativeOrWithId<u32>, PoolIdToAccountId>,
			Ascending<u64, NativeOrWithId<u32>, PoolIdToAccountId>,
		>;
		type PoolAssetId = u32;
		type PoolAssets = PoolAssets;
		type PoolSetupFee = ConstU64<0>;
		type PoolSetupFeeAsset = Native;
		type PoolSetupFeeTarget = ResolveAssetTo<AssetConversionOrigin, Self::Assets>;
		type PalletId = AssetConversionPalletId;
		type WeightInfo = ();
		type LPFee = LpFee;
		type AdminOrigin = frame_system::EnsureRoot<Self::AccountId>;
		type MaxSwapFee = MaxSwapFee;
		type LiquidityWithdrawalFee = LiquidityWithdrawalFee;
		type MaxSwapPathLength = ConstU32<4>;
		type MintMinLiquidity = ConstU64<100>;
	}

	/// asset-conversion's quote: the output of `amount_in` into a pool of `reserve_in` and
	/// `reserve_out` at swap fee `fee`.
	pub fn get_amount_out(fee: Permill, amount_in: u64, reserve_in: u64, reserve_out: u64) -> Option<u64> {
		pallet_asset_conversion::Pallet::<Runtime>::get_amount_out(fee, &amount_in, &reserve_in, &reserve_out).ok()
	}
}

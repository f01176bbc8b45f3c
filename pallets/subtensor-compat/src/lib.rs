//! # pallet-subtensor-compat: the public chain's client surface over pallet-dtao
//!
//! Bittensor's clients (`btcli`, the `bittensor` SDK) compose `SubtensorModule.*` calls by the
//! public chain's argument names, read `SubtensorModule` storage and call the public chain's
//! runtime APIs. Mounted in the runtime as `SubtensorModule`, this pallet gives them that
//! surface and nothing else: every call forwards to `pallet-dtao`'s own call (same origin, same
//! rules, same events, same weights), and every storage item the clients read is either
//!
//! - a **mirror** of pallet-dtao's registry (`Owner`, `NetworksAdded`, `Tempo`, `Burn`, `Uids`,
//!   `IsNetworkMember`, `LastUpdate`), written by pallet-dtao's own calls through
//!   [`pallet_dtao::Observer`] when its state changes, built whole at genesis and by the
//!   migration that adds the pallet, and checked against pallet-dtao by `try_state`; or
//! - declared so the clients find it, and empty because this chain has no such concept
//!   (identities, root claims, mechanisms, EMA TAO flow, commit-reveal, rate limits).
//!
//! The runtime APIs ([`api`]) compute their answers from pallet-dtao's state ([`info`]): no
//! copy. `docs/clients.md` lists each call, item and field and what it holds here.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]
#![cfg_attr(
	not(test),
	deny(
		clippy::arithmetic_side_effects,
		clippy::unwrap_used,
		clippy::expect_used,
		clippy::indexing_slicing,
		clippy::cast_possible_truncation,
		clippy::cast_possible_wrap,
		clippy::cast_sign_loss
	)
)]

extern crate alloc;

pub mod api;
pub mod info;
pub mod migrations;
mod mirror;

pub use pallet::*;

#[frame_support::pallet]
// The pallet macro's generated code opts out, as in pallet-dtao.
#[allow(
	clippy::arithmetic_side_effects,
	clippy::indexing_slicing,
	clippy::cast_possible_truncation,
	clippy::expect_used,
	clippy::unwrap_used,
	clippy::too_many_arguments
)]
pub mod pallet {
	use crate::api::{ChainIdentityV2, RootClaimableMap, I64F64};
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::{BuildGenesisConfig, ConstBool, ConstU8},
	};
	use frame_system::pallet_prelude::*;
	use pallet_dtao::{NetUid, WeightInfo as _};

	/// 1: the mirrors exist (built by [`crate::migrations::BuildMirrors`] on a chain that had no
	/// such pallet).
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration: pallet-dtao's, nothing of its own.
	#[pallet::config]
	pub trait Config: frame_system::Config + pallet_dtao::Config {}

	/// pallet-dtao's weights.
	type DtaoWeights<T> = <T as pallet_dtao::Config>::WeightInfo;

	/// The all-zero account: `Owner`'s value for a hotkey nobody owns, which the clients read
	/// as "no such hotkey".
	pub struct ZeroAccount<T>(core::marker::PhantomData<T>);
	impl<T: frame_system::Config> Get<T::AccountId> for ZeroAccount<T> {
		#[allow(clippy::expect_used)]
		fn get() -> T::AccountId {
			T::AccountId::decode(&mut sp_runtime::traits::TrailingZeroInput::zeroes())
				.expect("infinite zero input decodes any account id; qed")
		}
	}

	/// Mirror: the coldkey that owns each hotkey (pallet-dtao's `HotkeyOwner`); the zero account
	/// for none.
	#[pallet::storage]
	pub type Owner<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, T::AccountId, ValueQuery, ZeroAccount<T>>;

	/// Mirror: `true` for root and every live subnet.
	#[pallet::storage]
	pub type NetworksAdded<T: Config> = StorageMap<_, Identity, NetUid, bool, ValueQuery>;

	/// Mirror: each live subnet's tempo.
	#[pallet::storage]
	pub type Tempo<T: Config> = StorageMap<_, Identity, NetUid, u16, ValueQuery>;

	/// Mirror: each live subnet's neuron registration burn when it was last written (its
	/// registration, each neuron registration, a governance change of the burn rule): the cost
	/// now is never above it (idle intervals only lower it). The exact cost now: `dtao_burnCost`.
	#[pallet::storage]
	pub type Burn<T: Config> = StorageMap<_, Identity, NetUid, u64, ValueQuery>;

	/// Mirror: each neuron's uid, by (subnet, hotkey).
	#[pallet::storage]
	pub type Uids<T: Config> = StorageDoubleMap<_, Identity, NetUid, Blake2_128Concat, T::AccountId, u16, OptionQuery>;

	/// Mirror: `true` for each (hotkey, subnet) where the hotkey is a neuron.
	#[pallet::storage]
	pub type IsNetworkMember<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Identity, NetUid, bool, ValueQuery>;

	/// Mirror: per subnet, the block each uid last set weights or registered, index = uid.
	#[pallet::storage]
	pub type LastUpdate<T: Config> =
		StorageMap<_, Identity, NetUid, BoundedVec<u64, <T as pallet_dtao::Config>::MaxNeurons>, ValueQuery>;

	/// Blocks since each subnet's last epoch: not kept (it would be a write per subnet per
	/// block), so 0; `get_dynamic_info` has the true figure. btcli's registration then takes a
	/// validity of one tempo for its transaction.
	#[pallet::storage]
	pub type BlocksSinceLastStep<T: Config> = StorageMap<_, Identity, NetUid, u64, ValueQuery>;

	/// Blocks a neuron must wait between weight settings: no such limit here, 0.
	#[pallet::storage]
	pub type WeightsSetRateLimit<T: Config> = StorageMap<_, Identity, NetUid, u64, ValueQuery>;

	/// Commit-reveal of weights: not on this chain, `false`.
	#[pallet::storage]
	pub type CommitRevealWeightsEnabled<T: Config> = StorageMap<_, Identity, NetUid, bool, ValueQuery>;

	/// Read by btcli only to explain a failed registration. Not kept per subnet: `true`
	/// (governance's switch is `Params::registration_enabled`).
	#[pallet::storage]
	pub type NetworkRegistrationAllowed<T: Config> = StorageMap<_, Identity, NetUid, bool, ValueQuery, ConstBool<true>>;

	/// Read by btcli only to explain a failed registration: not kept per subnet, 0 (the burn's
	/// steering is in pallet-dtao's parameters).
	#[pallet::storage]
	pub type TargetRegistrationsPerInterval<T: Config> = StorageMap<_, Identity, NetUid, u16, ValueQuery>;

	/// As [`TargetRegistrationsPerInterval`]: 0.
	#[pallet::storage]
	pub type RegistrationsThisInterval<T: Config> = StorageMap<_, Identity, NetUid, u16, ValueQuery>;

	/// As [`TargetRegistrationsPerInterval`]: 0.
	#[pallet::storage]
	pub type LastAdjustmentBlock<T: Config> = StorageMap<_, Identity, NetUid, u64, ValueQuery>;

	/// As [`TargetRegistrationsPerInterval`]: 0.
	#[pallet::storage]
	pub type AdjustmentInterval<T: Config> = StorageMap<_, Identity, NetUid, u16, ValueQuery>;

	/// Mechanisms per subnet: one each here (empty: the default 1).
	#[pallet::storage]
	pub type MechanismCountCurrent<T: Config> = StorageMap<_, Twox64Concat, NetUid, u8, ValueQuery, ConstU8<1>>;

	/// The public chain's EMA of TAO flows: no such concept here, empty.
	#[pallet::storage]
	pub type SubnetEmaTaoFlow<T: Config> = StorageMap<_, Identity, NetUid, (u64, I64F64), OptionQuery>;

	/// Coldkey identities: none here, empty.
	#[pallet::storage]
	#[pallet::unbounded]
	pub type IdentitiesV2<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, ChainIdentityV2, OptionQuery>;

	/// Hotkeys per coldkey (read by btcli only for coldkeys with an identity): empty; `Owner`
	/// answers the other way.
	#[pallet::storage]
	#[pallet::unbounded]
	pub type OwnedHotkeys<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, Vec<T::AccountId>, ValueQuery>;

	/// Root dividends claimable per hotkey: root pays its stakers through share pools here,
	/// nothing to claim, empty.
	#[pallet::storage]
	#[pallet::unbounded]
	pub type RootClaimable<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, RootClaimableMap, ValueQuery>;

	/// Root dividends claimed: as [`RootClaimable`], empty.
	#[pallet::storage]
	pub type RootClaimed<T: Config> = StorageNMap<
		_,
		(NMapKey<Identity, NetUid>, NMapKey<Blake2_128Concat, T::AccountId>, NMapKey<Blake2_128Concat, T::AccountId>),
		u128,
		ValueQuery,
	>;

	/// Token symbols set by owners: none here, empty (`get_dynamic_info` gives each subnet's
	/// symbol).
	#[pallet::storage]
	#[pallet::unbounded]
	pub type TokenSymbol<T: Config> = StorageMap<_, Identity, NetUid, Vec<u8>, ValueQuery>;

	/// Nothing to configure: the mirrors are built from pallet-dtao's genesis state.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		#[serde(skip)]
		_config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// pallet-dtao's genesis was built before this one (it comes first in the runtime).
			let _ = Pallet::<T>::rebuild_mirrors();
		}
	}

	#[pallet::error]
	pub enum Error<T> {
		/// `register_limit`: the burn now is above `limit_price`.
		BurnAboveLimit,
		/// Only mechanism 0 exists on this chain.
		UnknownMechanism,
		/// More weights than a subnet has neurons.
		TooManyWeights,
		/// `remove_stake_full_limit`: no stake under this hotkey on this subnet.
		NoStakeToRemove,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::check_mirrors()
		}
	}

	/// The public chain's calls, by its names and argument names; each forwards to pallet-dtao's
	/// call of the same meaning with the same origin and is charged pallet-dtao's weight.
	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Weights on `netuid`'s uids (`dests[i]` gets `weights[i]`), signed by a validator
		/// hotkey: pallet-dtao's `set_weights`. `version_key` is not checked here.
		#[pallet::call_index(0)]
		#[pallet::weight(
			DtaoWeights::<T>::set_weights(u32::try_from(dests.len()).unwrap_or(u32::MAX))
		)]
		pub fn set_weights(
			origin: OriginFor<T>,
			netuid: NetUid,
			dests: Vec<u16>,
			weights: Vec<u16>,
			version_key: u64,
		) -> DispatchResult {
			let _ = version_key;
			Self::forward_weights(origin, netuid, dests, weights)
		}

		/// Stake `amount_staked` TAO (fee included) under `hotkey` on `netuid`: pallet-dtao's
		/// `add_stake` (an order cleared in this block's batch).
		#[pallet::call_index(2)]
		#[pallet::weight(pallet_dtao::Pallet::<T>::order_weight(DtaoWeights::<T>::add_stake(), true))]
		pub fn add_stake(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
			netuid: NetUid,
			amount_staked: u64,
		) -> DispatchResultWithPostInfo {
			pallet_dtao::Pallet::<T>::add_stake(origin, hotkey, netuid, amount_staked)
		}

		/// Unstake `amount_unstaked` alpha: pallet-dtao's `remove_stake`.
		#[pallet::call_index(3)]
		#[pallet::weight(pallet_dtao::Pallet::<T>::order_weight(DtaoWeights::<T>::remove_stake(), true))]
		pub fn remove_stake(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
			netuid: NetUid,
			amount_unstaked: u64,
		) -> DispatchResultWithPostInfo {
			pallet_dtao::Pallet::<T>::remove_stake(origin, hotkey, netuid, amount_unstaked)
		}

		/// Register `hotkey` as a neuron of `netuid`, burning the registration cost:
		/// pallet-dtao's `register_neuron`.
		#[pallet::call_index(7)]
		#[pallet::weight(
			DtaoWeights::<T>::register_neuron()
		)]
		pub fn burned_register(origin: OriginFor<T>, netuid: NetUid, hotkey: T::AccountId) -> DispatchResult {
			pallet_dtao::Pallet::<T>::register_neuron(origin, netuid, hotkey)
		}

		/// Register a subnet with `hotkey` as its first neuron, paying the lock cost:
		/// pallet-dtao's `register_network`.
		#[pallet::call_index(59)]
		#[pallet::weight(
			DtaoWeights::<T>::register_network()
		)]
		pub fn register_network(origin: OriginFor<T>, hotkey: T::AccountId) -> DispatchResult {
			pallet_dtao::Pallet::<T>::register_network(origin, hotkey)
		}

		/// Unstake everything under `hotkey`, every subnet and root: pallet-dtao's
		/// `unstake_all`.
		#[pallet::call_index(83)]
		#[pallet::weight(DtaoWeights::<T>::unstake_all(pallet_dtao::Pallet::<T>::unstake_all_span()))]
		pub fn unstake_all(origin: OriginFor<T>, hotkey: T::AccountId) -> DispatchResultWithPostInfo {
			pallet_dtao::Pallet::<T>::unstake_all(origin, hotkey)
		}

		/// Move `alpha_amount` to another hotkey and/or subnet: pallet-dtao's `move_stake`.
		#[pallet::call_index(85)]
		#[pallet::weight(DtaoWeights::<T>::move_stake())]
		pub fn move_stake(
			origin: OriginFor<T>,
			origin_hotkey: T::AccountId,
			destination_hotkey: T::AccountId,
			origin_netuid: NetUid,
			destination_netuid: NetUid,
			alpha_amount: u64,
		) -> DispatchResult {
			pallet_dtao::Pallet::<T>::move_stake(
				origin,
				origin_hotkey,
				destination_hotkey,
				origin_netuid,
				destination_netuid,
				alpha_amount,
			)
		}

		/// Give `alpha_amount` to `destination_coldkey`: pallet-dtao's `transfer_stake`.
		#[pallet::call_index(86)]
		#[pallet::weight(DtaoWeights::<T>::transfer_stake())]
		pub fn transfer_stake(
			origin: OriginFor<T>,
			destination_coldkey: T::AccountId,
			hotkey: T::AccountId,
			origin_netuid: NetUid,
			destination_netuid: NetUid,
			alpha_amount: u64,
		) -> DispatchResult {
			pallet_dtao::Pallet::<T>::transfer_stake(
				origin,
				destination_coldkey,
				hotkey,
				origin_netuid,
				destination_netuid,
				alpha_amount,
			)
		}

		/// Move `alpha_amount` under `hotkey` to another subnet: pallet-dtao's `swap_stake`.
		#[pallet::call_index(87)]
		#[pallet::weight(DtaoWeights::<T>::swap_stake())]
		pub fn swap_stake(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
			origin_netuid: NetUid,
			destination_netuid: NetUid,
			alpha_amount: u64,
		) -> DispatchResult {
			pallet_dtao::Pallet::<T>::swap_stake(origin, hotkey, origin_netuid, destination_netuid, alpha_amount)
		}

		/// `add_stake` with a price limit (rao per alpha; the batch's clearing price must not
		/// exceed it): pallet-dtao's `add_stake_limit`.
		#[pallet::call_index(88)]
		#[pallet::weight(DtaoWeights::<T>::add_stake_limit())]
		pub fn add_stake_limit(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
			netuid: NetUid,
			amount_staked: u64,
			limit_price: u64,
			allow_partial: bool,
		) -> DispatchResult {
			pallet_dtao::Pallet::<T>::add_stake_limit(origin, hotkey, netuid, amount_staked, limit_price, allow_partial)
		}

		/// `remove_stake` with a price limit (the clearing price must not fall below it):
		/// pallet-dtao's `remove_stake_limit`.
		#[pallet::call_index(89)]
		#[pallet::weight(DtaoWeights::<T>::remove_stake_limit())]
		pub fn remove_stake_limit(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
			netuid: NetUid,
			amount_unstaked: u64,
			limit_price: u64,
			allow_partial: bool,
		) -> DispatchResult {
			pallet_dtao::Pallet::<T>::remove_stake_limit(
				origin,
				hotkey,
				netuid,
				amount_unstaked,
				limit_price,
				allow_partial,
			)
		}

		/// `swap_stake` with a limit on the relative price: pallet-dtao's `swap_stake_limit`.
		#[pallet::call_index(90)]
		#[pallet::weight(DtaoWeights::<T>::swap_stake_limit())]
		pub fn swap_stake_limit(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
			origin_netuid: NetUid,
			destination_netuid: NetUid,
			alpha_amount: u64,
			limit_price: u64,
			allow_partial: bool,
		) -> DispatchResult {
			pallet_dtao::Pallet::<T>::swap_stake_limit(
				origin,
				hotkey,
				origin_netuid,
				destination_netuid,
				alpha_amount,
				limit_price,
				allow_partial,
			)
		}

		/// Unstake the caller's whole position under `hotkey` on `netuid`, with a price limit
		/// if `limit_price` is given (all or nothing): pallet-dtao's `remove_stake` or
		/// `remove_stake_limit` for the position's value now.
		#[pallet::call_index(103)]
		#[pallet::weight(
			DtaoWeights::<T>::remove_stake_limit()
				.max(pallet_dtao::Pallet::<T>::order_weight(DtaoWeights::<T>::remove_stake(), true))
		)]
		pub fn remove_stake_full_limit(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
			netuid: NetUid,
			limit_price: Option<u64>,
		) -> DispatchResultWithPostInfo {
			let coldkey = ensure_signed(origin.clone())?;
			let amount = pallet_dtao::Pallet::<T>::stake_value(&coldkey, &hotkey, netuid);
			ensure!(amount > 0, Error::<T>::NoStakeToRemove);
			match limit_price {
				Some(limit) => {
					pallet_dtao::Pallet::<T>::remove_stake_limit(origin, hotkey, netuid, amount, limit, false)?;
					Ok(().into())
				},
				None => pallet_dtao::Pallet::<T>::remove_stake(origin, hotkey, netuid, amount),
			}
		}

		/// Weights for mechanism `mecid` of `netuid`: this chain has one mechanism per subnet,
		/// so `mecid` must be 0 (`UnknownMechanism`); then as `set_weights`.
		#[pallet::call_index(119)]
		#[pallet::weight(
			DtaoWeights::<T>::set_weights(u32::try_from(dests.len()).unwrap_or(u32::MAX))
		)]
		pub fn set_mechanism_weights(
			origin: OriginFor<T>,
			netuid: NetUid,
			mecid: u8,
			dests: Vec<u16>,
			weights: Vec<u16>,
			version_key: u64,
		) -> DispatchResult {
			let _ = version_key;
			ensure!(mecid == 0, Error::<T>::UnknownMechanism);
			Self::forward_weights(origin, netuid, dests, weights)
		}

		/// `burned_register` that fails with `BurnAboveLimit`, changing nothing, if the burn now
		/// is above `limit_price` (rao).
		#[pallet::call_index(134)]
		#[pallet::weight(
			DtaoWeights::<T>::register_neuron()
		)]
		pub fn register_limit(
			origin: OriginFor<T>,
			netuid: NetUid,
			hotkey: T::AccountId,
			limit_price: u64,
		) -> DispatchResult {
			ensure_signed(origin.clone())?;
			let burn = pallet_dtao::Pallet::<T>::burn_cost(netuid)?;
			ensure!(burn <= limit_price, Error::<T>::BurnAboveLimit);
			pallet_dtao::Pallet::<T>::register_neuron(origin, netuid, hotkey)
		}
	}

	impl<T: Config> Pallet<T> {
		/// pallet-dtao's `set_weights` with the public chain's unbounded vectors.
		fn forward_weights(origin: OriginFor<T>, netuid: NetUid, dests: Vec<u16>, weights: Vec<u16>) -> DispatchResult {
			let dests = BoundedVec::try_from(dests).map_err(|_| Error::<T>::TooManyWeights)?;
			let weights = BoundedVec::try_from(weights).map_err(|_| Error::<T>::TooManyWeights)?;
			pallet_dtao::Pallet::<T>::set_weights(origin, netuid, dests, weights)
		}
	}
}

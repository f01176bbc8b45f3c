//! # pallet-dtao: Dynamic TAO
//!
//! Markets instead of votes: every subnet has its own token, alpha, and a TAO/alpha
//! constant-product pool. Staking TAO into a subnet buys its alpha; unstaking sells it. Each
//! block mints TAO and splits it across subnets by a slow moving average (EMA) of their alpha
//! prices, and each subnet mints alpha rewards for its owner, miners and validators.
//! The economic specification is [`docs/spec.md`](../../../docs/spec.md); comments cite it as
//! "spec §N".
//!
//! ## Overview
//!
//! - Staking is swapping ([`Pallet::add_stake`], [`Pallet::remove_stake`] and their `_limit`
//!   variants): a quote from the pure swap math, then one write of its result. The runtime API
//!   quotes with the same functions, so a quote and a call cannot disagree.
//! - Stake under a (subnet, hotkey) is a share pool ([`SharePool`]): dividends raise the pool's
//!   value, so every nominator earns with one write.
//! - Each block ([`Hooks::on_initialize`]) runs the coinbase: TAO by EMA price, price-neutral
//!   injection, the 18/41/41 reward split, root's auto-sell and the EMA step, for every subnet.
//!   At a subnet's epoch, Yuma-lite turns validators' weights into miner incentive and
//!   validator dividends and the pending rewards are paid.
//! - Governance ([`Config::AdminOrigin`]) sets the parameters ([`Params`]) and may dissolve.
//!
//! ## Terminology
//!
//! - **TAO**: the native token (pallet-balances), 9 decimals. **rao**: 10^-9 TAO.
//! - **alpha**: a subnet's own token, 9 decimals, accounted inside this pallet (never a free
//!   balance); every route between two subnets' alpha goes through TAO.
//! - **netuid**: a subnet's id ([`NetUid`]); netuid 0 is **root**, which has no pool: one root
//!   alpha is one TAO.
//! - **coldkey**: the wallet account that owns stake and pays. **hotkey**: the account a
//!   neuron acts as (a miner or validator key); stake is held *under* a hotkey, *for* a coldkey.
//! - **neuron**: a hotkey registered on a subnet; its **uid** is its index there.
//! - **tempo**: blocks between a subnet's epochs. **epoch**: the payout of a tempo's rewards.
//! - **permit**: the right to set weights, held by the top validators by stake weight.
//! - **price**: TAO per alpha of a pool; over the wire a `u64` of rao per 1 alpha.
//!
//! ## Where things are
//!
//! - [`math`]: the pure math (swap, limit bounds, lock cost, share pools, emission, Yuma-lite,
//!   the epoch's payout, the burn, the epoch schedule), no storage;
//! - [`types`]: every shared type (storage structs, event payloads, quotes, [`Limit`]);
//! - `ledger.rs`: the floor: positions, share pools, root stake, the pallet account and which
//!   subnets exist; it calls nothing above it (the call graph: `docs/architecture.md`);
//! - `subnets.rs`: registering subnets and neurons;
//! - `dissolve.rs`: dissolving a subnet and paying its holders in steps;
//! - `genesis.rs`: the genesis build;
//! - `staking.rs`: every staking call: load once, quote on the loaded pool, write once;
//! - `coinbase.rs`: the per-block emission (spec §4), then the epochs that are due;
//! - `epoch.rs`: validator permits, weights, Yuma-lite and the epoch payout (spec §5);
//! - `admin.rs`: governance parameters (spec §6);
//! - `queries.rs`: reads for the runtime API (spec §8);
//! - `invariants.rs`: the invariants of spec §7, checked by `try_state`.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]
// Non-test code may not panic, wrap or truncate (clippy -D warnings in CI). Generated code
// (the pallet macro, benchmarks, the mock) opts out where it is declared.
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

pub mod math;
pub mod types;
pub mod weights;

mod admin;
mod clearing;
pub mod coinbase;
mod dissolve;
mod epoch;
mod genesis;
mod invariants;
mod ledger;
pub mod migrations;
mod queries;
mod staking;
mod subnets;

#[cfg(feature = "runtime-benchmarks")]
#[allow(clippy::arithmetic_side_effects, clippy::expect_used, clippy::cast_possible_truncation)]
mod benchmarking;
#[cfg(any(test, feature = "mock"))]
#[allow(missing_docs, clippy::arithmetic_side_effects, clippy::expect_used, clippy::cast_possible_truncation)]
pub mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

/// Most positions one `dissolve_step` call pays.
pub const DISSOLVE_BATCH_MAX: u32 = 5_000;

/// The target of the pallet's log lines.
pub const LOG_TARGET: &str = "runtime::dtao";

#[frame_support::pallet]
#[allow(
	clippy::arithmetic_side_effects,
	clippy::indexing_slicing,
	clippy::cast_possible_truncation,
	clippy::expect_used,
	clippy::unwrap_used,
	clippy::too_many_arguments
)]
pub mod pallet {
	use super::*;
	use crate::math::MathError;
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible::Mutate, BuildGenesisConfig},
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use sp_arithmetic::Perbill;

	/// The in-code storage version. 2: `Params` gained `max_ema_price` ([`crate::migrations::v2`]);
	/// 3: the neuron burn and pruning parameters and [`NeuronStates`] ([`crate::migrations::v3`]).
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(6);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// TAO: the native currency, in rao (9 decimals).
		type Currency: Mutate<Self::AccountId, Balance = u64>;
		/// Who may change parameters and dissolve any subnet (governance).
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// The pallet's id; its account holds pool reserves, root stake and pending root TAO.
		#[pallet::constant]
		type PalletId: Get<PalletId>;
		/// Most dynamic subnets that may exist at once (1,024).
		#[pallet::constant]
		type MaxSubnets: Get<u16>;
		/// Most neurons per subnet (256).
		#[pallet::constant]
		type MaxNeurons: Get<u32>;
		/// Least TAO a stake may add (500,000 rao).
		#[pallet::constant]
		type MinStake: Get<u64>;
		/// Least a trade may leave on the side of a pool it drains.
		#[pallet::constant]
		type MinReserve: Get<u64>;
		/// TAO (and as much alpha) a new subnet's pool starts with: the minimum lock cost (100
		/// TAO), so a new pool's price is not moved by pocket change (spec §2).
		#[pallet::constant]
		type PoolInitialTao: Get<u64>;
		/// The subnet owner's cut of each block's alpha rewards (18%).
		#[pallet::constant]
		type OwnerCut: Get<Perbill>;
		/// A validator owner's take of its dividends (18%).
		#[pallet::constant]
		type ValidatorTake: Get<Perbill>;
		/// Most epochs run in one block; the rest wait in a queue (never dropped).
		#[pallet::constant]
		type MaxEpochsPerBlock: Get<u32>;
		/// Most orders one subnet's batch takes in a block (spec §3.4); more are refused with
		/// `TooManyOrders`. Each order is charged its share of the clearing when it is placed.
		#[pallet::constant]
		type MaxOrdersPerBlock: Get<u32>;
		/// Most positions of a dissolving subnet `on_idle` pays in one block (within the spare
		/// weight as well); the rest wait for the next block or a `dissolve_step`. Keeps the
		/// idle path a steady trickle beside the block's other work.
		#[pallet::constant]
		type MaxIdleDissolve: Get<u32>;
		/// `true` only in tests: the rules before "fair over time" (epoch rewards paid at once
		/// instead of vesting, a validator's root stake read at the epoch's block instead of over
		/// the tempo, pruning by alpha earnings alone), so the attack search can show it finds
		/// their levers. Every runtime sets `ConstBool<false>`.
		type PreFairnessRules: Get<bool>;
		/// Told of registry changes (hotkey owners, neurons, weights, closing subnets): the
		/// runtime's Bittensor-client pallet keeps its storage from these. `()` in a runtime
		/// without one.
		type Observer: Observer<Self::AccountId>;
		/// Weights of the calls and hooks, from benchmarks.
		type WeightInfo: WeightInfo;
	}

	/// A subnet's stored struct, for this runtime.
	pub type SubnetOf<T> = SubnetInfo<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

	/// A subnet's batch of orders in this block, for this runtime.
	pub type BatchOf<T> =
		BoundedVec<PendingOrder<<T as frame_system::Config>::AccountId>, <T as Config>::MaxOrdersPerBlock>;

	/// `MaxSubnets` as a `u32` bound.
	pub struct MaxSubnetsBound<T>(PhantomData<T>);
	impl<T: Config> Get<u32> for MaxSubnetsBound<T> {
		fn get() -> u32 {
			u32::from(T::MaxSubnets::get())
		}
	}

	/// The orders placed on each subnet in this block, in arrival order (spec §3.4).
	/// `on_finalize` clears and removes every batch: nothing is left between blocks.
	#[pallet::storage]
	pub type Orders<T: Config> = StorageMap<_, Twox64Concat, NetUid, BatchOf<T>, ValueQuery>;

	/// Weights set by each validator (by uid) on a subnet: `(uid, weight)` pairs, sorted by uid.
	#[pallet::storage]
	pub type Weights<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		NetUid,
		Twox64Concat,
		u16,
		BoundedVec<(u16, u16), T::MaxNeurons>,
		OptionQuery,
	>;

	/// The uids holding a validator permit on each subnet (chosen at its last epoch).
	#[pallet::storage]
	pub type ValidatorPermits<T: Config> =
		StorageMap<_, Twox64Concat, NetUid, BoundedVec<u16, T::MaxNeurons>, ValueQuery>;

	/// Subnets whose epoch is due but has not run yet (oldest first).
	#[pallet::storage]
	pub type EpochQueue<T: Config> = StorageValue<_, BoundedVec<NetUid, MaxSubnetsBound<T>>, ValueQuery>;

	/// TAO minted by this block's coinbase (Σ of the subnets' `last_block.tao_in`).
	#[pallet::storage]
	pub type BlockMinted<T: Config> = StorageValue<_, u64, ValueQuery>;

	/// The dynamic subnets (every netuid but root), one struct each.
	#[pallet::storage]
	pub type Subnets<T: Config> =
		CountedStorageMap<_, Twox64Concat, NetUid, SubnetInfo<T::AccountId, BlockNumberFor<T>>, OptionQuery>;

	/// The neurons of each subnet; a neuron's uid is its index.
	#[pallet::storage]
	pub type Neurons<T: Config> =
		StorageMap<_, Twox64Concat, NetUid, BoundedVec<T::AccountId, T::MaxNeurons>, ValueQuery>;

	/// Each subnet's neurons' registration block and pruning score, index for index with
	/// [`Neurons`].
	#[pallet::storage]
	pub type NeuronStates<T: Config> =
		StorageMap<_, Twox64Concat, NetUid, BoundedVec<NeuronState<BlockNumberFor<T>>, T::MaxNeurons>, ValueQuery>;

	/// Each subnet's neuron registration burn (absent: the minimum burn, no registrations yet).
	#[pallet::storage]
	pub type Burns<T: Config> = StorageMap<_, Twox64Concat, NetUid, BurnState, ValueQuery>;

	/// The dissolving subnet `on_idle` worked on last: the next idle step takes the next one
	/// after it (round-robin), so one subnet whose step fails cannot block the others.
	#[pallet::storage]
	pub type IdleDissolveCursor<T: Config> = StorageValue<_, NetUid, ValueQuery>;

	/// Subnets being dissolved: closed, their holders paid in bounded steps (spec §2). The
	/// netuid is reusable once its entry is gone.
	#[pallet::storage]
	pub type Dissolving<T: Config> =
		CountedStorageMap<_, Twox64Concat, NetUid, DissolveState<T::AccountId>, OptionQuery>;

	/// Owners' announced dissolves: the first block at which the owner may dissolve the subnet
	/// (spec §2). Until then the subnet runs as before, except that it takes no new stake, so
	/// its holders can leave at market before it closes.
	#[pallet::storage]
	pub type DissolveAnnouncements<T: Config> = StorageMap<_, Twox64Concat, NetUid, BlockNumberFor<T>, OptionQuery>;

	/// The coldkey that owns each hotkey (the first to register it).
	#[pallet::storage]
	pub type HotkeyOwner<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, T::AccountId, OptionQuery>;

	/// The share pool of each (subnet, hotkey): alpha held (TAO on root) and shares outstanding.
	#[pallet::storage]
	pub type StakePools<T: Config> =
		StorageDoubleMap<_, Twox64Concat, NetUid, Blake2_128Concat, T::AccountId, SharePool, OptionQuery>;

	/// The shares each coldkey holds in a (subnet, hotkey) share pool.
	#[pallet::storage]
	pub type Stakes<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, NetUid>,
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Blake2_128Concat, T::AccountId>,
		),
		u128,
		OptionQuery,
	>;

	/// The same positions as [`Stakes`], keyed by coldkey first: (coldkey, netuid, hotkey). The
	/// ledger writes both together; a coldkey's positions are read from here (one prefix, not a
	/// scan of every position on the chain). try_state checks the two agree.
	#[pallet::storage]
	pub type ColdkeyPositions<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Twox64Concat, NetUid>,
			NMapKey<Blake2_128Concat, T::AccountId>,
		),
		(),
		OptionQuery,
	>;

	/// TAO staked on root, in rao (the sum of root's share pools).
	#[pallet::storage]
	pub type TotalRootStake<T: Config> = StorageValue<_, u64, ValueQuery>;

	/// The governance-settable parameters.
	#[pallet::storage]
	pub type Parameters<T: Config> = StorageValue<_, Params, ValueQuery>;

	/// The last registration's lock and block, for the lock cost.
	#[pallet::storage]
	pub type Lock<T: Config> = StorageValue<_, LockState<BlockNumberFor<T>>, ValueQuery>;

	/// A subnet at genesis.
	#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
	pub struct GenesisSubnet<AccountId> {
		/// Its netuid (1..=MaxSubnets).
		pub netuid: NetUid,
		/// Owner coldkey.
		pub owner: AccountId,
		/// Owner hotkey (the first neuron).
		pub owner_hotkey: AccountId,
		/// TAO in the pool (rao), minted into the pallet account.
		pub tao_reserve: u64,
		/// Alpha in the pool.
		pub alpha_reserve: u64,
		/// Starting EMA price, rao per alpha.
		pub ema_price: u64,
		/// Tempo (None: the default tempo).
		pub tempo: Option<u16>,
	}

	/// The initial state of the pallet.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Parameters (defaults of the spec if `None`).
		pub params: Option<Params>,
		/// Initial dynamic subnets.
		pub subnets: Vec<GenesisSubnet<T::AccountId>>,
		/// Extra neurons: (netuid, hotkey, owner coldkey).
		pub neurons: Vec<(NetUid, T::AccountId, T::AccountId)>,
		/// Initial stakes: (coldkey, hotkey, netuid, amount). On root the TAO is minted into the
		/// pallet account; on a subnet the alpha is minted outside the pool.
		pub stakes: Vec<(T::AccountId, T::AccountId, NetUid, u64)>,
		/// Initial weights: (netuid, validator hotkey, `(uid, weight)` pairs), set after the
		/// permits are chosen from the stakes above; the hotkey must hold a permit.
		pub weights: Vec<GenesisWeights<T::AccountId>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if let Err(e) = Pallet::<T>::build_genesis(self) {
				panic!("invalid pallet-dtao genesis: {e:?}");
			}
		}
	}

	/// Events: every change a wallet or dashboard follows.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A subnet was registered.
		NetworkRegistered {
			/// The new subnet.
			netuid: NetUid,
			/// Owner coldkey.
			owner: T::AccountId,
			/// Owner hotkey.
			hotkey: T::AccountId,
			/// Lock cost paid (rao).
			lock_cost: u64,
			/// Of it, TAO burned (the rest seeded the pool).
			burned: u64,
		},
		/// A subnet's owner announced its dissolve: from block `dissolves_at` the owner may
		/// dissolve it; until then it takes no new stake and its holders can leave at market.
		DissolveAnnounced {
			/// The subnet.
			netuid: NetUid,
			/// The first block at which the dissolve may run.
			dissolves_at: BlockNumberFor<T>,
		},
		/// A subnet was closed for dissolution: no trades, emission or registrations from now
		/// on; its holders are paid in steps ([`Pallet::dissolve_step`] and `on_idle`).
		NetworkDissolving {
			/// The subnet.
			netuid: NetUid,
			/// TAO set aside for the alpha holders: `alpha_out * T / (A + alpha_out)` (rao).
			holders_tao: u64,
			/// Of the pool's own share, refunded to the owner (at most `PoolInitialTao`).
			owner_refund: u64,
			/// Of the pool's own share, recycled (burned).
			recycled: u64,
			/// Positions to pay.
			positions: u32,
		},
		/// A dissolve step paid a batch of positions.
		DissolveStepped {
			/// The subnet.
			netuid: NetUid,
			/// Positions paid in this step.
			positions_paid: u32,
			/// TAO paid to holders in this step (rao).
			tao_paid: u64,
			/// TAO recycled in this step: payments an account could not receive and, in the
			/// last step, the holders' rounding dust (rao).
			tao_recycled: u64,
		},
		/// An idle-time dissolve step failed; nothing of it was kept, and the next idle step
		/// goes on with the next dissolving subnet.
		DissolveStepFailed {
			/// The subnet.
			netuid: NetUid,
			/// Why.
			error: DispatchError,
		},
		/// A subnet's dissolution finished: every holder was paid and every item keyed by the
		/// netuid is gone; the netuid can be registered again.
		NetworkDissolved {
			/// The dissolved subnet.
			netuid: NetUid,
			/// TAO paid to alpha holders in all (rao).
			tao_paid: u64,
			/// Of the holders' TAO, recycled in all (the steps' `tao_recycled` summed).
			tao_burned: u64,
			/// Positions paid.
			positions: u32,
		},
		/// A hotkey was registered as a neuron.
		NeuronRegistered {
			/// The subnet.
			netuid: NetUid,
			/// Its uid on the subnet.
			uid: u16,
			/// The hotkey.
			hotkey: T::AccountId,
			/// Its owner coldkey.
			coldkey: T::AccountId,
			/// TAO burned for the registration (rao; 0 for a subnet's owner hotkey).
			burn: u64,
		},
		/// A registration into a full subnet replaced the neuron with the lowest pruning score
		/// past its immunity. The replaced hotkey keeps its stake; its uid, weights and permit go.
		NeuronReplaced {
			/// The subnet.
			netuid: NetUid,
			/// The uid that changed hands.
			uid: u16,
			/// The hotkey that lost it.
			replaced: T::AccountId,
			/// The hotkey that took it.
			hotkey: T::AccountId,
		},
		/// An order joined its subnet's batch; it clears at the end of the block (spec §3.4).
		OrderPlaced {
			/// Who placed it.
			coldkey: T::AccountId,
			/// The hotkey of the position bought into or sold from.
			hotkey: T::AccountId,
			/// The subnet.
			netuid: NetUid,
			/// A buy (stake) or a sale (unstake).
			side: Direction,
			/// The input reserved, fee included: TAO for a buy, alpha for a sale.
			amount: u64,
			/// Its bound on the clearing price, if any.
			limit: Option<Limit>,
		},
		/// What an order did not fill went back: TAO to the coldkey for a buy, alpha to the
		/// position for a sale.
		OrderRefunded {
			/// Who placed it.
			coldkey: T::AccountId,
			/// The hotkey of its position.
			hotkey: T::AccountId,
			/// The subnet.
			netuid: NetUid,
			/// A buy or a sale.
			side: Direction,
			/// What went back: TAO for a buy, alpha for a sale.
			amount: u64,
		},
		/// A subnet's batch cleared: every order in it at `price`.
		BatchCleared {
			/// The subnet.
			netuid: NetUid,
			/// The clearing price, rao per alpha (rounded down).
			price: u64,
			/// Buy orders filled (in whole or in part).
			buys: u32,
			/// Sale orders filled (in whole or in part).
			sells: u32,
			/// TAO the pool took in, net (negative: paid out).
			net_tao: i128,
			/// Alpha the pool took in, net (negative: paid out).
			net_alpha: i128,
		},
		/// A subnet's batch could not clear (`error`); every order in it was refunded.
		BatchFailed {
			/// The subnet.
			netuid: NetUid,
			/// Why.
			error: DispatchError,
		},
		/// TAO was staked (alpha bought).
		StakeAdded {
			/// The staker.
			coldkey: T::AccountId,
			/// The hotkey staked to.
			hotkey: T::AccountId,
			/// The subnet.
			netuid: NetUid,
			/// TAO paid, fee included (rao).
			tao: u64,
			/// The fee (rao), left in the pool.
			fee: u64,
			/// Alpha received (on root: TAO 1:1).
			alpha: u64,
			/// The price paid, rao per alpha: the batch's clearing price (root: 1 TAO).
			price: u64,
		},
		/// Stake was removed (alpha sold).
		StakeRemoved {
			/// The staker.
			coldkey: T::AccountId,
			/// The hotkey unstaked from.
			hotkey: T::AccountId,
			/// The subnet.
			netuid: NetUid,
			/// Alpha sold, fee included.
			alpha: u64,
			/// The fee (alpha), left in the pool.
			fee: u64,
			/// TAO received (rao).
			tao: u64,
			/// The price received, rao per alpha: the batch's clearing price (root: 1 TAO).
			price: u64,
		},
		/// Stake moved between positions (move, swap or transfer).
		StakeMoved {
			/// Coldkey the stake left.
			origin_coldkey: T::AccountId,
			/// Coldkey the stake reached.
			destination_coldkey: T::AccountId,
			/// Hotkey the stake left.
			origin_hotkey: T::AccountId,
			/// Hotkey the stake reached.
			destination_hotkey: T::AccountId,
			/// Subnet the stake left.
			origin_netuid: NetUid,
			/// Subnet the stake reached.
			destination_netuid: NetUid,
			/// Alpha taken from the origin.
			alpha_moved: u64,
			/// TAO it was sold for (equal to `alpha_moved` within one subnet: no swap).
			tao: u64,
			/// Alpha credited at the destination.
			alpha_received: u64,
		},
		/// A validator set its weights.
		WeightsSet {
			/// The subnet.
			netuid: NetUid,
			/// The validator's uid.
			uid: u16,
			/// How many miners it weighted.
			count: u32,
		},
		/// A subnet's epoch paid its pending emission.
		EpochPaid {
			/// The subnet.
			netuid: NetUid,
			/// What each role received, and what was recycled.
			payout: EpochPayout,
		},
		/// A subnet's coinbase step failed this block; it was rolled back and the other
		/// subnets were paid.
		CoinbaseFailed {
			/// The subnet.
			netuid: NetUid,
			/// Why.
			error: DispatchError,
		},
		/// A subnet's epoch failed and was rolled back; its pending emission waits.
		EpochFailed {
			/// The subnet.
			netuid: NetUid,
			/// Why.
			error: DispatchError,
		},
		/// Governance changed a parameter.
		ParameterSet {
			/// The change.
			update: ParamUpdate,
		},
	}

	/// Errors: each refusal names its cause; a refused call changes nothing.
	#[pallet::error]
	pub enum Error<T> {
		/// No subnet with this netuid.
		SubnetNotFound,
		/// The operation is not possible on root (netuid 0).
		RootNotAllowed,
		/// `MaxSubnets` dynamic subnets exist already.
		SubnetLimitReached,
		/// Subnet registration is closed by governance.
		RegistrationDisabled,
		/// The hotkey belongs to another coldkey.
		NotHotkeyOwner,
		/// The hotkey is not registered anywhere (it has no owner).
		HotkeyNotRegistered,
		/// The hotkey is not a neuron of this subnet.
		HotkeyNotOnSubnet,
		/// The hotkey is a neuron of this subnet already.
		NeuronAlreadyRegistered,
		/// The subnet has `MaxNeurons` neurons already.
		SubnetFull,
		/// The caller is neither the subnet's owner nor governance.
		NotSubnetOwner,
		/// The amount is zero, or below `MinStake` (in TAO) where that applies.
		AmountTooLow,
		/// The coldkey cannot pay this much and stay alive.
		InsufficientBalance,
		/// The position holds less than asked.
		NotEnoughStake,
		/// The coldkey has no stake under this hotkey.
		NoStakeToRemove,
		/// The trade would produce nothing (too small for the pool's price).
		ZeroOutput,
		/// The trade would take a pool reserve below `MinReserve`.
		ReserveFloorBreached,
		/// The pool has no liquidity on a side the trade needs.
		EmptyPool,
		/// The price after the trade would cross the limit.
		SlippageTooHigh,
		/// Origin and destination are the same position.
		SameStakePosition,
		/// A value does not fit its type.
		Overflow,
		/// A parameter is out of its range.
		InvalidParameter,
		/// `uids` and `weights` differ in length.
		WeightLengthMismatch,
		/// A uid appears twice in `uids`.
		DuplicateUid,
		/// A uid is not a neuron of the subnet.
		UnknownUid,
		/// Every weight is zero (send empty vectors to clear weights).
		AllWeightsZero,
		/// The hotkey holds no validator permit on this subnet.
		NoValidatorPermit,
		/// The subnet is being dissolved: it takes no trades, weights or registrations.
		SubnetDissolving,
		/// The subnet is not being dissolved.
		NotDissolving,
		/// The subnet is full and every neuron is still within its immunity period.
		AllNeuronsImmune,
		/// A witness given to a call is below the count it stands for (`dissolve_network`'s
		/// `neurons` below the subnet's neuron count).
		BadWitness,
		/// A `dissolve_step` of zero positions: it would do nothing.
		EmptyDissolveStep,
		/// A move or transfer would leave its source position below `MinStake` without
		/// emptying it.
		DustLeftBehind,
		/// Stake cannot be held for the pallet's own account (its balance is the ledger's).
		ReservedAccount,
		/// The owner announced the subnet's dissolve: it takes no new stake.
		DissolveAnnounced,
		/// The owner's announced dissolve may not run yet (see `DissolveAnnouncements`).
		DissolveNotDue,
		/// The subnet's batch has `MaxOrdersPerBlock` orders in this block already.
		TooManyOrders,
	}

	impl<T> From<MathError> for Error<T> {
		fn from(e: MathError) -> Self {
			match e {
				MathError::ZeroInput => Error::<T>::AmountTooLow,
				MathError::ZeroOutput => Error::<T>::ZeroOutput,
				MathError::EmptyPool => Error::<T>::EmptyPool,
				MathError::ReserveFloor => Error::<T>::ReserveFloorBreached,
				MathError::InsufficientShares => Error::<T>::NotEnoughStake,
				MathError::Overflow => Error::<T>::Overflow,
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::on_block(now)
		}

		/// Every subnet's batch of the block clears (spec §3.4); placing an order paid for it.
		fn on_finalize(_now: BlockNumberFor<T>) {
			Self::clear_batches();
		}

		/// Dissolutions go on in the block's spare weight.
		fn on_idle(_now: BlockNumberFor<T>, remaining: Weight) -> Weight {
			Self::dissolve_on_idle(remaining)
		}

		fn integrity_test() {
			assert!(T::MaxEpochsPerBlock::get() >= 1, "MaxEpochsPerBlock must be at least 1");
			// Owner cut plus two halves of the rest: sums to 100% for any cut <= 100%.
			let (o, m, v) = crate::math::emission::split_rewards(TAO, T::OwnerCut::get());
			assert_eq!(o + m + v, TAO, "the reward split must sum to 100%");
			// At the governance worst case: every neuron a permit holder (`max_validators` raised).
			let worst = T::WeightInfo::coinbase(u32::from(T::MaxSubnets::get())).saturating_add(
				Self::epoch_weight_worst(T::MaxNeurons::get()).saturating_mul(u64::from(T::MaxEpochsPerBlock::get())),
			);
			// The hook runs in the block's headroom outside the normal class: it must fit there, so
			// a block full of normal extrinsics still has room for the worst-case coinbase and
			// epochs.
			let weights = <T as frame_system::Config>::BlockWeights::get();
			let normal =
				weights.get(frame_support::dispatch::DispatchClass::Normal).max_total.unwrap_or(weights.max_block);
			let headroom = weights.max_block.saturating_sub(normal);
			assert!(
				worst.all_lte(headroom),
				"worst-case on_initialize weight {worst:?} exceeds the headroom outside the normal class {headroom:?}"
			);
			// A subnet's batch is paid by its orders: the one that opens it pays a batch of one,
			// each later one the batch's cost per order (`order_weight`). A full batch must cost
			// no more than its orders paid for it.
			let n = T::MaxOrdersPerBlock::get();
			assert!(n >= 1, "MaxOrdersPerBlock must be at least 1");
			let paid = Self::order_weight(Weight::zero(), true)
				.saturating_add(Self::order_weight(Weight::zero(), false).saturating_mul(u64::from(n - 1)));
			assert!(
				T::WeightInfo::clear_batch(n).all_lte(paid),
				"clearing a full batch must cost no more than what its orders paid"
			);
			assert!(T::MaxSubnets::get() >= 1, "MaxSubnets must be at least 1");
			assert!(
				T::MaxNeurons::get() >= 1 && T::MaxNeurons::get() <= u32::from(u16::MAX),
				"MaxNeurons out of range"
			);
			assert!(T::PoolInitialTao::get() > T::MinReserve::get(), "a new pool must start above the reserve floor");
			assert!(T::MinStake::get() > 0, "MinStake must be positive");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register a new subnet owned by the caller, with `hotkey` as its first neuron.
		///
		/// The caller pays the current lock cost ([`Pallet::lock_cost`]): `PoolInitialTao` seeds
		/// the pool with as much alpha (price 1.0), the rest is burned. Takes the lowest free
		/// netuid.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_network())]
		pub fn register_network(origin: OriginFor<T>, hotkey: T::AccountId) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			Self::do_register_network(coldkey, hotkey)
		}

		/// Dissolve a subnet: governance at once; its owner in two calls, the first announcing
		/// the dissolve (event `DissolveAnnounced`, the subnet takes no new stake from then on)
		/// and the second, at least `dissolve_delay` blocks later and never before a whole
		/// period (tempo + 1) has passed, dissolving it (`DissolveNotDue` before), so holders
		/// can sell at market before it closes (spec §2). The announcing call is charged the
		/// declared weight. To dissolve: its pending emission is paid by an epoch,
		/// then it closes at once: no trades, emission or registrations. Its holders are then
		/// paid in steps ([`Pallet::dissolve_step`], `on_idle`), each holder of `a_h` alpha
		/// `a_h * T / (A + alpha_out)`, what selling all outside alpha would return, pro rata.
		/// The pool's own share refunds the owner up to `PoolInitialTao`; the rest is recycled.
		///
		/// `neurons` is a witness, as in `pallet-assets`: at least the subnet's neuron count
		/// ([`Pallet::neuron_count`]), which bounds the closing epoch and the weight rows
		/// removed. The call is priced by the witness, not by reading storage; a witness below
		/// the count fails with `BadWitness` and changes nothing, and the fee is refunded down
		/// to the actual count.
		#[pallet::call_index(1)]
		#[pallet::weight(Pallet::<T>::dissolve_network_weight(*neurons))]
		pub fn dissolve_network(origin: OriginFor<T>, netuid: NetUid, neurons: u32) -> DispatchResultWithPostInfo {
			let caller = match T::AdminOrigin::try_origin(origin) {
				Ok(_) => None,
				Err(origin) => Some(ensure_signed(origin)?),
			};
			match Self::do_dissolve_network(caller, netuid, neurons)? {
				Some(actual) => Ok(Some(Self::dissolve_network_weight(actual)).into()),
				None => Ok(().into()),
			}
		}

		/// Register `hotkey` as a neuron of `netuid`, burning the subnet's registration cost
		/// ([`Pallet::burn_cost`]). The hotkey becomes the caller's if it has no owner yet; a
		/// hotkey of another coldkey is refused. A full subnet replaces the neuron with the lowest
		/// pruning score past its `immunity_period` (ties: the oldest registration).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::register_neuron())]
		pub fn register_neuron(origin: OriginFor<T>, netuid: NetUid, hotkey: T::AccountId) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			Self::do_register_neuron(coldkey, netuid, hotkey)
		}

		/// Stake `amount` TAO (fee included) under `hotkey` on `netuid`, buying alpha (root: 1:1).
		/// Charged for placing the order and its share of clearing the subnet's batch (see
		/// [`Pallet::order_weight`]).
		#[pallet::call_index(3)]
		#[pallet::weight(Pallet::<T>::order_weight(T::WeightInfo::add_stake(), true))]
		pub fn add_stake(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
			netuid: NetUid,
			amount: u64,
		) -> DispatchResultWithPostInfo {
			let coldkey = ensure_signed(origin)?;
			let opens = Self::opens_batch(netuid);
			Self::do_add_stake(StakeOrder::new(coldkey, hotkey, netuid, amount))?;
			Ok(Some(Self::order_weight(T::WeightInfo::add_stake(), opens)).into())
		}

		/// Unstake `amount` alpha (fee included) from `hotkey` on `netuid`, selling it for TAO.
		/// Charged as `add_stake`.
		#[pallet::call_index(4)]
		#[pallet::weight(Pallet::<T>::order_weight(T::WeightInfo::remove_stake(), true))]
		pub fn remove_stake(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
			netuid: NetUid,
			amount: u64,
		) -> DispatchResultWithPostInfo {
			let coldkey = ensure_signed(origin)?;
			let opens = Self::opens_batch(netuid);
			Self::do_remove_stake(StakeOrder::new(coldkey, hotkey, netuid, amount))?;
			Ok(Some(Self::order_weight(T::WeightInfo::remove_stake(), opens)).into())
		}

		/// Like `add_stake`, but the pool's price after the trade must not exceed `limit_price`
		/// (rao per alpha). With `allow_partial`, exactly the largest amount that keeps the limit
		/// is staked; without it, a trade that would cross the limit fails.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::add_stake_limit())]
		pub fn add_stake_limit(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
			netuid: NetUid,
			amount: u64,
			limit_price: u64,
			allow_partial: bool,
		) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			Self::do_add_stake(
				StakeOrder::new(coldkey, hotkey, netuid, amount).limited(Limit::new(limit_price, allow_partial)),
			)
		}

		/// Like `remove_stake`, but the pool's price after the trade must not fall below
		/// `limit_price` (rao per alpha); `allow_partial` as in `add_stake_limit`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::remove_stake_limit())]
		pub fn remove_stake_limit(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
			netuid: NetUid,
			amount: u64,
			limit_price: u64,
			allow_partial: bool,
		) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			Self::do_remove_stake(
				StakeOrder::new(coldkey, hotkey, netuid, amount).limited(Limit::new(limit_price, allow_partial)),
			)
		}

		/// Move `alpha_amount` of the caller's stake to another hotkey and/or subnet. Across
		/// subnets it is a sell then a buy through TAO; within one subnet no swap happens.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::move_stake())]
		pub fn move_stake(
			origin: OriginFor<T>,
			origin_hotkey: T::AccountId,
			destination_hotkey: T::AccountId,
			origin_netuid: NetUid,
			destination_netuid: NetUid,
			alpha_amount: u64,
		) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			let hotkeys = (origin_hotkey, destination_hotkey);
			Self::do_move(Move::stake(coldkey, hotkeys, (origin_netuid, destination_netuid), alpha_amount))
		}

		/// Move `alpha_amount` of the caller's stake under `hotkey` to another subnet.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::swap_stake())]
		pub fn swap_stake(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
			origin_netuid: NetUid,
			destination_netuid: NetUid,
			alpha_amount: u64,
		) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			Self::do_swap_stake(Move::swap(coldkey, hotkey, (origin_netuid, destination_netuid), alpha_amount, None))
		}

		/// Like `swap_stake`, with a limit on the relative price after the move: origin price
		/// over destination price, in rao per alpha (how many destination alpha one origin alpha
		/// is worth, times 10^9), must stay at least `limit_price`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::swap_stake_limit())]
		pub fn swap_stake_limit(
			origin: OriginFor<T>,
			hotkey: T::AccountId,
			origin_netuid: NetUid,
			destination_netuid: NetUid,
			alpha_amount: u64,
			limit_price: u64,
			allow_partial: bool,
		) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			let limit = Some(Limit::new(limit_price, allow_partial));
			Self::do_swap_stake(Move::swap(coldkey, hotkey, (origin_netuid, destination_netuid), alpha_amount, limit))
		}

		/// Give `alpha_amount` of the caller's stake under `hotkey` to `destination_coldkey`,
		/// on `destination_netuid` (a sell and a buy if it differs from `origin_netuid`).
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::transfer_stake())]
		pub fn transfer_stake(
			origin: OriginFor<T>,
			destination_coldkey: T::AccountId,
			hotkey: T::AccountId,
			origin_netuid: NetUid,
			destination_netuid: NetUid,
			alpha_amount: u64,
		) -> DispatchResult {
			let coldkeys = (ensure_signed(origin)?, destination_coldkey);
			Self::do_move(Move::transfer(coldkeys, hotkey, (origin_netuid, destination_netuid), alpha_amount))
		}

		/// Remove all of the caller's stake under `hotkey`, on every subnet and root, for TAO.
		/// All or nothing: if one position cannot be sold, nothing is. Priced by the subnets it
		/// looks at (root and every live subnet: the subnet counter, read when the call is
		/// weighed, in the state it then runs on), not by `MaxSubnets`.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::unstake_all(Pallet::<T>::unstake_all_span()))]
		pub fn unstake_all(origin: OriginFor<T>, hotkey: T::AccountId) -> DispatchResultWithPostInfo {
			let coldkey = ensure_signed(origin)?;
			// Charged for the subnets it looked at, whether it succeeds or not.
			Self::do_unstake_all(coldkey, hotkey)
				.map(|visited| Some(T::WeightInfo::unstake_all(visited)).into())
				.map_err(|(visited, error)| {
					frame_support::dispatch::WithPostDispatchInfo::with_weight(
						error,
						T::WeightInfo::unstake_all(visited),
					)
				})
		}

		/// Change one governance parameter (admin origin only).
		#[pallet::call_index(12)]
		#[pallet::weight(Pallet::<T>::set_parameter_weight(update))]
		pub fn set_parameter(origin: OriginFor<T>, update: ParamUpdate) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_set_parameter(update)
		}

		/// Set the weights of the caller (a validator hotkey with a permit) on `netuid`'s uids:
		/// `weights[i]` on `uids[i]`. Empty vectors clear them. Any uid may be weighted, permit
		/// holders too; a weight on oneself is dropped at the epoch.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::set_weights(u32::try_from(uids.len()).unwrap_or(u32::MAX)))]
		pub fn set_weights(
			origin: OriginFor<T>,
			netuid: NetUid,
			uids: BoundedVec<u16, T::MaxNeurons>,
			weights: BoundedVec<u16, T::MaxNeurons>,
		) -> DispatchResult {
			let hotkey = ensure_signed(origin)?;
			Self::do_set_weights(hotkey, netuid, uids.into_inner(), weights.into_inner())
		}

		/// Like `move_stake`, with a limit on the relative price after the move: origin price
		/// over destination price (rao per alpha) must stay at least `limit_price`;
		/// `allow_partial` as in `add_stake_limit`. Within one subnet no swap happens and the
		/// limit is met trivially.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::move_stake_limit())]
		pub fn move_stake_limit(
			origin: OriginFor<T>,
			origin_hotkey: T::AccountId,
			destination_hotkey: T::AccountId,
			origin_netuid: NetUid,
			destination_netuid: NetUid,
			alpha_amount: u64,
			limit_price: u64,
			allow_partial: bool,
		) -> DispatchResult {
			let coldkey = ensure_signed(origin)?;
			let hotkeys = (origin_hotkey, destination_hotkey);
			let limit = Some(Limit::new(limit_price, allow_partial));
			Self::do_move(
				Move::stake(coldkey, hotkeys, (origin_netuid, destination_netuid), alpha_amount).limited(limit),
			)
		}

		/// Like `transfer_stake`, with the relative-price limit of `move_stake_limit`.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::transfer_stake_limit())]
		pub fn transfer_stake_limit(
			origin: OriginFor<T>,
			destination_coldkey: T::AccountId,
			hotkey: T::AccountId,
			origin_netuid: NetUid,
			destination_netuid: NetUid,
			alpha_amount: u64,
			limit_price: u64,
			allow_partial: bool,
		) -> DispatchResult {
			let coldkeys = (ensure_signed(origin)?, destination_coldkey);
			let limit = Some(Limit::new(limit_price, allow_partial));
			Self::do_move(
				Move::transfer(coldkeys, hotkey, (origin_netuid, destination_netuid), alpha_amount).limited(limit),
			)
		}

		/// Pay up to `max_positions` (at least 1) positions of a dissolving subnet (anyone may
		/// call). The fee is refunded when the step paid a position or removed storage left by
		/// the payout; when the last position is paid the subnet's storage is gone and its netuid
		/// reusable.
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::dissolve_step((*max_positions).min(DISSOLVE_BATCH_MAX)))]
		pub fn dissolve_step(origin: OriginFor<T>, netuid: NetUid, max_positions: u32) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			ensure!(max_positions > 0, Error::<T>::EmptyDissolveStep);
			let step = Self::do_dissolve_step(netuid, max_positions.min(DISSOLVE_BATCH_MAX))?;
			Ok(frame_support::dispatch::PostDispatchInfo {
				actual_weight: Some(T::WeightInfo::dissolve_step(step.items)),
				pays_fee: if step.progressed { Pays::No } else { Pays::Yes },
			})
		}
	}
}

//! The pallet's shared types: the storage structs (one [`SubnetInfo`] per subnet, [`Params`]),
//! what events carry ([`EpochPayout`], [`ParamUpdate`]), what the runtime API returns
//! ([`StakeQuote`], [`MoveQuote`], [`SubnetSummary`], [`StakeInfo`]) and the [`Limit`] of a
//! limit order. The `do_*` files implement behaviour on these; they define no shared types.

use crate::math::{swap::Pool, MathError};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_arithmetic::Perbill;

pub use crate::math::{
	burn::BurnState,
	shares::SharePool,
	swap::{Direction, Limit},
};

/// A subnet's identifier. Netuid 0 is root.
pub type NetUid = u16;

/// The root subnet: no pool, 1 root-alpha = 1 TAO.
pub const ROOT_NETUID: NetUid = 0;

pub use crate::math::TAO;

/// Alpha minted during a tempo and not yet paid out at an epoch.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
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
#[derive(Clone, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct SubnetInfo<AccountId, BlockNumber> {
	/// The coldkey that registered the subnet.
	pub owner: AccountId,
	/// The owner's hotkey (the subnet's first neuron).
	pub owner_hotkey: AccountId,
	/// The TAO/alpha pool.
	pub pool: Pool,
	/// Alpha outside the pool: staked in share pools or pending distribution.
	pub alpha_out: u64,
	/// Moving average of the price in TAO per alpha, as the bits of a `U96F32` (32 fractional
	/// bits): `1 << 32` is a price of 1.0.
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

impl<AccountId, BlockNumber> SubnetInfo<AccountId, BlockNumber> {
	/// A subnet as it starts: its pool, no alpha outside it, nothing pending, no positions.
	pub fn new(
		owner: AccountId,
		owner_hotkey: AccountId,
		pool: Pool,
		ema_price: u128,
		tempo: u16,
		registered_at: BlockNumber,
	) -> Self {
		SubnetInfo {
			owner,
			owner_hotkey,
			pool,
			alpha_out: 0,
			ema_price,
			tempo,
			registered_at,
			pending: PendingEmission::default(),
			positions: 0,
			validators_root_stake: 0,
			last_block: BlockEmission::default(),
		}
	}

	/// The subnet after a trade with its pool, or a stake created or removed without one: the
	/// pool becomes `pool_after` (when there was a trade), `alpha_out` rises by `added` (alpha
	/// left the pool, or was created as stake) and falls by `removed` (alpha came back), and the
	/// position counter follows `change`. The one place a trade is applied: staking, the genesis
	/// build and the simulator all call it.
	pub fn apply_trade(
		&mut self,
		pool_after: Option<Pool>,
		added: u64,
		removed: u64,
		change: PositionChange,
	) -> Result<(), MathError> {
		let alpha_out =
			self.alpha_out.checked_add(added).and_then(|a| a.checked_sub(removed)).ok_or(MathError::Overflow)?;
		if let Some(pool) = pool_after {
			self.pool = pool;
		}
		self.alpha_out = alpha_out;
		change.apply(&mut self.positions);
		Ok(())
	}
}

/// One block's coinbase for one subnet: what a dashboard asks "what did subnet i get".
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
#[derive(serde::Serialize, serde::Deserialize, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct BlockEmission {
	/// TAO injected into the pool (minted).
	pub tao_in: u64,
	/// Alpha injected into the pool.
	pub alpha_in: u64,
	/// Alpha rewards minted this block (owner + miners + validators + root).
	pub alpha_emitted: u64,
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
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct LockState<BlockNumber> {
	/// The lock paid by the last registration (rao).
	pub last_lock: u64,
	/// When the last registration happened.
	pub last_registered_at: BlockNumber,
}

/// Parameters governance may change at runtime (`set_parameter`). Defaults follow the spec.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, serde::Serialize, serde::Deserialize)]
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
	/// The most the EMA's input price may be, in rao per alpha (1.0 TAO per alpha): a pool
	/// pumped to any price moves the EMA no faster than a price of 1.0 does (spec §4.6).
	pub max_ema_price: u64,
	/// Least a neuron registration burns (0.1 TAO): the floor of the burn's adjustment.
	pub min_burn: u64,
	/// Most a neuron registration burns (100 TAO): the ceiling of the burn's adjustment.
	pub max_burn: u64,
	/// Neuron registrations per subnet and interval the burn steers toward (2; at least 1).
	pub target_registrations: u16,
	/// Blocks between two adjustments of a subnet's burn (360, one default tempo; at least 1).
	pub adjustment_interval: u32,
	/// Blocks after its registration during which a neuron cannot be replaced (720).
	pub immunity_period: u32,
	/// Share of the permit holders' stake weight whose weights the epoch needs (50%): below
	/// it, the weights set do not decide the payout and the epoch pays by the fallback (the
	/// miners' half to the validators, validators by stake; spec §5).
	pub weights_quorum: Perbill,
	/// Age in blocks at which a subnet's EMA factor reaches half of `ema_alpha` (201,600, 28
	/// days of 12 s blocks): the factor at age `a` is `ema_alpha * a / (a + ema_warmup)`, so a
	/// young subnet's EMA earns its way up (spec §4.6). 0: the full factor from the start.
	pub ema_warmup: u32,
	/// Least blocks between an owner's announcement of a dissolve and the dissolve (7,200, a
	/// day of 12 s blocks; never less than the subnet's period, tempo + 1): holders can leave
	/// at market first (spec §2).
	pub dissolve_delay: u32,
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
			min_validator_stake: TAO,
			registration_enabled: true,
			max_ema_price: TAO,
			min_burn: 100_000_000,
			max_burn: 100_000_000_000,
			target_registrations: 2,
			adjustment_interval: 360,
			immunity_period: 720,
			weights_quorum: Perbill::from_percent(50),
			ema_warmup: 201_600,
			dissolve_delay: 7_200,
		}
	}
}

pub use param_update::ParamUpdate;

// The codec derive casts an enum's variant index to `u8`: allowed here, in generated code only.
#[allow(clippy::cast_possible_truncation)]
mod param_update {
	use super::*;

	/// One parameter change, as governance submits it.
	#[derive(Clone, Copy, PartialEq, Eq, Debug)]
	#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
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
		/// Set the cap on the EMA's input price (rao per alpha, above 0).
		MaxEmaPrice(u64),
		/// Set the least a neuron registration burns (rao, at most the maximum).
		MinBurn(u64),
		/// Set the most a neuron registration burns (rao, at least the minimum).
		MaxBurn(u64),
		/// Set the registrations per interval the burn steers toward (at least 1).
		TargetRegistrations(u16),
		/// Set the blocks between burn adjustments (at least 1).
		AdjustmentInterval(u32),
		/// Set the blocks a new neuron is immune from replacement.
		ImmunityPeriod(u32),
		/// Set the share of the permit holders' stake that must have set weights.
		WeightsQuorum(Perbill),
		/// Set the age (blocks) at which a subnet's EMA factor reaches half its value.
		EmaWarmup(u32),
		/// Set the least delay (blocks) between an owner's dissolve announcement and the dissolve.
		DissolveDelay(u32),
	}

	impl ParamUpdate {
		/// Whether it changes the neuron burn's bounds or steering (spec §2).
		pub fn moves_burn(&self) -> bool {
			matches!(
				self,
				ParamUpdate::MinBurn(_)
					| ParamUpdate::MaxBurn(_)
					| ParamUpdate::TargetRegistrations(_)
					| ParamUpdate::AdjustmentInterval(_)
			)
		}
	}
}

/// What an add or remove of stake would do.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(serde::Serialize, serde::Deserialize, Encode, Decode, TypeInfo)]
pub struct StakeQuote {
	/// Amount that would be paid in (after a partial fill, the filled amount), fee included.
	pub amount_in: u64,
	/// Fee, in the input token.
	pub fee: u64,
	/// Amount paid out.
	pub amount_out: u64,
	/// The price it trades at, rao per alpha: its batch's clearing price (root: 10^9).
	pub price: u64,
	/// Spot price after the trade, rao per alpha (root: always 10^9).
	pub price_after: u64,
	/// The pool after the trade (`None` on root).
	pub pool_after: Option<Pool>,
}

/// What a move of stake between subnets would do.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(serde::Serialize, serde::Deserialize, Encode, Decode, TypeInfo)]
pub struct MoveQuote {
	/// Alpha taken from the origin position.
	pub alpha_in: u64,
	/// TAO the origin alpha sells for (0 when no swap happens).
	pub tao: u64,
	/// Alpha credited at the destination.
	pub alpha_out: u64,
	/// The origin pool afterwards (`None`: root or no swap).
	pub origin_pool_after: Option<Pool>,
	/// The destination pool afterwards (`None`: root or no swap).
	pub destination_pool_after: Option<Pool>,
}

/// One order of a batch a client asks about (`DtaoApi::quote_batch`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[derive(serde::Serialize, serde::Deserialize, Encode, Decode, TypeInfo)]
pub struct OrderRequest {
	/// A buy (TAO in) or a sale (alpha in).
	pub side: Direction,
	/// Its input, fee included: TAO for a buy, alpha for a sale.
	pub amount: u64,
	/// Its bound on the clearing price.
	pub limit: Option<Limit>,
}

/// What one order of a quoted batch would get.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
#[derive(serde::Serialize, serde::Deserialize, Encode, Decode, TypeInfo)]
pub struct OrderFill {
	/// Input filled, fee included (the rest would be refunded).
	pub amount_in: u64,
	/// The fee on the filled input.
	pub fee: u64,
	/// What it would receive: alpha for a buy, TAO for a sale.
	pub amount_out: u64,
}

/// What a batch of orders on one subnet would get if it cleared now (spec §3.4).
#[derive(Clone, PartialEq, Eq, Debug)]
#[derive(serde::Serialize, serde::Deserialize, Encode, Decode, TypeInfo)]
pub struct BatchQuote {
	/// The clearing price, rao per alpha (rounded down).
	pub price: u64,
	/// Each order's fill, index for index with the request.
	pub fills: Vec<OrderFill>,
	/// The pool after the clearing.
	pub pool_after: Pool,
}

/// An order waiting in its subnet's batch until the end of the block (spec §3.4): its input is
/// reserved (a buy's TAO is in the pallet's account, a sale's alpha has left its position) and
/// `on_finalize` clears it with the block's other orders on the subnet, at one price.
#[derive(Clone, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct PendingOrder<AccountId> {
	/// Who placed it: it paid a buy's TAO, it is paid a sale's.
	pub coldkey: AccountId,
	/// The hotkey of the position bought into or sold from.
	pub hotkey: AccountId,
	/// A buy (TAO in) or a sale (alpha in).
	pub side: Direction,
	/// The reserved input, fee included: TAO for a buy, alpha for a sale.
	pub amount: u64,
	/// Its bound on the clearing price.
	pub limit: Option<Limit>,
	/// Where its fill goes: the placer's own (a stake, an unstake), or on along a move.
	pub then: Then<AccountId>,
}

/// Where an order's fill goes (spec §3.4). What an order does not fill goes back to its placer:
/// a sale's alpha to the position it left, a buy's TAO to the coldkey's free balance.
#[derive(Clone, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
// The codec derive's variant index of an enum with named fields is a cast it generates.
#[allow(clippy::cast_possible_truncation)]
pub enum Then<AccountId> {
	/// A stake or an unstake: the alpha bought to the placer's position, the TAO of a sale to
	/// the placer.
	Own,
	/// A move's sale: its TAO buys on `netuid` under `hotkey` for `coldkey` (on root at once; on
	/// a subnet at market in the block's second round of batches).
	Buy {
		/// The coldkey the stake reaches.
		coldkey: AccountId,
		/// The hotkey the stake reaches.
		hotkey: AccountId,
		/// The subnet the stake reaches.
		netuid: NetUid,
	},
	/// A move's purchase: the alpha goes to `coldkey`'s position under the order's hotkey; the
	/// rest names the move for its `StakeMoved` event.
	Receive {
		/// The coldkey the stake reaches.
		coldkey: AccountId,
		/// The hotkey the stake left.
		origin_hotkey: AccountId,
		/// The subnet the stake left.
		origin_netuid: NetUid,
		/// The alpha taken from the origin position.
		alpha_moved: u64,
	},
}

/// One stake order: `add_stake(_limit)` (`amount` in TAO) or `remove_stake(_limit)` (`amount`
/// in alpha), fee included either way.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct StakeOrder<AccountId> {
	/// Who pays (or is paid) and owns the position.
	pub coldkey: AccountId,
	/// The hotkey the position is staked under.
	pub hotkey: AccountId,
	/// The position's subnet.
	pub netuid: NetUid,
	/// TAO to stake or alpha to unstake.
	pub amount: u64,
	/// An optional bound on the pool's price after the trade.
	pub limit: Option<Limit>,
}

impl<AccountId> StakeOrder<AccountId> {
	/// An order at any price.
	pub fn new(coldkey: AccountId, hotkey: AccountId, netuid: NetUid, amount: u64) -> Self {
		StakeOrder { coldkey, hotkey, netuid, amount, limit: None }
	}

	/// The same order, bounded by `limit`.
	pub fn limited(self, limit: Limit) -> Self {
		StakeOrder { limit: Some(limit), ..self }
	}
}

/// One stake transition: any of move, swap and transfer.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Move<AccountId> {
	/// The coldkey the stake leaves.
	pub origin_coldkey: AccountId,
	/// The coldkey the stake reaches.
	pub destination_coldkey: AccountId,
	/// The hotkey the stake leaves.
	pub origin_hotkey: AccountId,
	/// The hotkey the stake reaches.
	pub destination_hotkey: AccountId,
	/// The subnet the stake leaves.
	pub origin_netuid: NetUid,
	/// The subnet the stake reaches.
	pub destination_netuid: NetUid,
	/// Alpha taken from the origin position.
	pub alpha_amount: u64,
	/// An optional bound on the relative price after the move.
	pub limit: Option<Limit>,
}

impl<AccountId: Clone> Move<AccountId> {
	/// `move_stake`: `coldkey`'s stake from one (hotkey, subnet) to another.
	pub fn stake(coldkey: AccountId, hotkeys: (AccountId, AccountId), netuids: (NetUid, NetUid), amount: u64) -> Self {
		Move::new((coldkey.clone(), coldkey), hotkeys, netuids, amount, None)
	}

	/// `swap_stake(_limit)`: `coldkey`'s stake under `hotkey` to another subnet.
	pub fn swap(
		coldkey: AccountId,
		hotkey: AccountId,
		netuids: (NetUid, NetUid),
		amount: u64,
		limit: Option<Limit>,
	) -> Self {
		Move::new((coldkey.clone(), coldkey), (hotkey.clone(), hotkey), netuids, amount, limit)
	}

	/// `transfer_stake`: stake under `hotkey` from one coldkey (and subnet) to another.
	pub fn transfer(
		coldkeys: (AccountId, AccountId),
		hotkey: AccountId,
		netuids: (NetUid, NetUid),
		amount: u64,
	) -> Self {
		Move::new(coldkeys, (hotkey.clone(), hotkey), netuids, amount, None)
	}

	/// The same move, bounded by `limit`.
	pub fn limited(self, limit: Option<Limit>) -> Self {
		Move { limit, ..self }
	}

	fn new(
		c: (AccountId, AccountId),
		h: (AccountId, AccountId),
		n: (NetUid, NetUid),
		a: u64,
		l: Option<Limit>,
	) -> Self {
		Move {
			origin_coldkey: c.0,
			destination_coldkey: c.1,
			origin_hotkey: h.0,
			destination_hotkey: h.1,
			origin_netuid: n.0,
			destination_netuid: n.1,
			alpha_amount: a,
			limit: l,
		}
	}
}

/// Whether a position was opened, closed or kept by a share-pool operation.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PositionChange {
	/// A new (hotkey, coldkey) position exists.
	Opened,
	/// The position is gone.
	Closed,
	/// The position existed before and still does.
	Kept,
}

impl PositionChange {
	/// Apply to a subnet's position counter.
	pub fn apply(self, positions: &mut u32) {
		match self {
			PositionChange::Opened => *positions = positions.saturating_add(1),
			PositionChange::Closed => *positions = positions.saturating_sub(1),
			PositionChange::Kept => {},
		}
	}
}

/// What an epoch paid, by role (spec §5). Every rao of the tempo's pending emission appears
/// once: `owner_alpha + miner_alpha + validator_alpha + recycled_alpha()` is the pending alpha
/// and `root_tao + recycled_tao` the pending root TAO.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen)]
pub struct EpochPayout {
	/// The owner's cut, staked under the owner hotkey.
	pub owner_alpha: u64,
	/// The miners' half, paid by incentive to every weighted uid.
	pub miner_alpha: u64,
	/// Alpha paid to permit holders (validator take included): the validators' half, plus the
	/// miners' half when no uid earned incentive.
	pub validator_alpha: u64,
	/// Of `validator_alpha`, the miners' half that went to validators (no uid had incentive).
	pub miners_to_validators: u64,
	/// Whether validators were paid by stake weight because none earned dividends (nobody set
	/// weights, or every weight was clipped).
	pub paid_by_stake: bool,
	/// TAO from root's auto-sold alpha, paid to the root stake behind permit holders.
	pub root_tao: u64,
	/// The miners' half recycled (no permit holder: nobody to pay).
	pub recycled_miner_alpha: u64,
	/// The validators' half recycled (no permit holder).
	pub recycled_validator_alpha: u64,
	/// Root TAO recycled (burned; no permit holder).
	pub recycled_tao: u64,
	/// Permit holders after this epoch.
	pub validators: u16,
}

impl EpochPayout {
	/// All alpha recycled (removed from `alpha_out`).
	pub fn recycled_alpha(&self) -> u64 {
		self.recycled_miner_alpha.saturating_add(self.recycled_validator_alpha)
	}
}

/// A validator's weights at genesis: (netuid, validator hotkey, `(uid, weight)` pairs).
pub type GenesisWeights<AccountId> = (NetUid, AccountId, Vec<(u16, u16)>);

/// What one neuron gets from an epoch: [`EpochPlan`]'s per-uid line, and the runtime API's
/// `epoch_preview`.
#[derive(serde::Serialize, serde::Deserialize, Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
pub struct NeuronPayout<AccountId> {
	/// Its uid.
	pub uid: u16,
	/// Its hotkey.
	pub hotkey: AccountId,
	/// Whether it holds a validator permit for this epoch.
	pub validator_permit: bool,
	/// Alpha it earns by incentive.
	pub incentive: u64,
	/// Alpha it earns as a validator (its owner's take included).
	pub dividends: u64,
	/// TAO its root share pool earns (its owner's take included).
	pub root_tao: u64,
}

/// An epoch's plan: computed from storage without writing, then executed by the epoch.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct EpochPlan<AccountId, BlockNumber> {
	/// The permit holders for the next tempo (uids, sorted).
	pub permits: Vec<u16>,
	/// Per uid, what it is paid.
	pub neurons: Vec<NeuronPayout<AccountId>>,
	/// The totals by role.
	pub payout: EpochPayout,
	/// `R_i`: the root stake behind the permit holders.
	pub validators_root_stake: u64,
	/// Per uid, the root stake the epoch counted (its `R` over the tempo).
	pub root_stakes: Vec<u64>,
	/// Per uid, its state as read for the epoch (the epoch writes it back with the new scores).
	pub states: Vec<NeuronState<BlockNumber>>,
	/// Per uid, where its root stake-time stood when read: its next mark.
	pub root_marks: Vec<crate::math::shares::StakeMark>,
}

/// One subnet as a wallet or dashboard sees it.
#[derive(Clone, PartialEq, Eq, Debug)]
#[derive(serde::Serialize, serde::Deserialize, Encode, Decode, TypeInfo)]
pub struct SubnetSummary<AccountId> {
	/// The subnet.
	pub netuid: NetUid,
	/// Owner coldkey.
	pub owner: AccountId,
	/// TAO in the pool (rao).
	pub tao_reserve: u64,
	/// Alpha in the pool.
	pub alpha_reserve: u64,
	/// Alpha outside the pool.
	pub alpha_out: u64,
	/// Spot price, rao per alpha.
	pub price: u64,
	/// Moving-average price, rao per alpha.
	pub ema_price: u64,
	/// TAO this subnet gets per block at the current EMA prices (rao).
	pub tao_emission: u64,
	/// Root's proportion of the validators' rewards, `tw*R / (tw*R + alpha_out)` (spec §4 step
	/// 5), with `R` the root stake behind the permit holders as of the last epoch.
	pub root_proportion: Perbill,
	/// Tempo.
	pub tempo: u16,
	/// The next block with an epoch (`None`: tempo 0).
	pub next_epoch: Option<u64>,
	/// Neurons registered.
	pub neurons: u32,
	/// What the subnet received in the last block.
	pub last_block: BlockEmission,
}

/// One stake position of a coldkey.
#[derive(Clone, PartialEq, Eq, Debug)]
#[derive(serde::Serialize, serde::Deserialize, Encode, Decode, TypeInfo)]
pub struct StakeInfo<AccountId> {
	/// The hotkey.
	pub hotkey: AccountId,
	/// The subnet.
	pub netuid: NetUid,
	/// Alpha held (TAO on root).
	pub alpha: u64,
	/// TAO it would sell for now, fee included (0 if the pool could not take it).
	pub tao_value: u64,
}

/// A neuron's bookkeeping beside its hotkey in [`crate::Neurons`] (same index): when it
/// registered and its pruning score, for replacement when the subnet is full (spec §2), and
/// where its root stake-time stood at the last epoch, so the next epoch reads its root stake
/// over the tempo (spec §5).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct NeuronState<BlockNumber> {
	/// The block it registered at.
	pub registered_at: BlockNumber,
	/// Its last epoch's incentive + dividends, root dividends valued in alpha at the pool's
	/// price: the lowest is replaced first.
	pub pruning_score: u64,
	/// Its root share pool's stake-time at the last epoch (or its registration).
	pub root_mark: crate::math::shares::StakeMark,
	/// The root stake `R_i` the last epoch counted for it (used when no block has passed
	/// since the mark).
	pub root_stake: u64,
}

/// A subnet being dissolved (spec §2): closed to trades, emission and registrations, its
/// holders paid in bounded steps. `T` and `N = A + alpha_out` are fixed when it closes; holder
/// `h` with `a_h` alpha is paid `floor((c + a_h) T / N) - floor(c T / N)`, `c` the alpha paid
/// before it, so every holder gets its pro-rata share to within one rao and the holders
/// together get exactly `floor(Σ a_h T / N)`.
#[derive(Clone, PartialEq, Eq, Debug)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct DissolveState<AccountId> {
	/// The subnet's owner coldkey.
	pub owner: AccountId,
	/// The pool's TAO when the subnet closed (`T`).
	pub pool_tao: u64,
	/// The subnet's alpha issuance when it closed (`N = A + alpha_out`).
	pub alpha_issuance: u64,
	/// TAO set aside for the holders: `floor(alpha_out T / N)`.
	pub holders_tao: u64,
	/// Alpha of the positions paid so far (`c`).
	pub alpha_paid: u64,
	/// TAO paid to holders so far.
	pub tao_paid: u64,
	/// TAO recycled so far (payments an account could not receive, the pool's rest).
	pub tao_recycled: u64,
	/// Positions when it closed.
	pub positions: u32,
	/// Positions paid so far.
	pub positions_paid: u32,
}

impl<AccountId> DissolveState<AccountId> {
	/// The TAO owed to the next holder of `alpha`, and the state after paying it.
	pub fn pay(&self, alpha: u64) -> Option<(u64, u64)> {
		let n = u128::from(self.alpha_issuance);
		if n == 0 {
			return Some((0, self.alpha_paid));
		}
		let before = u128::from(self.alpha_paid);
		let after = before.checked_add(u128::from(alpha))?;
		let t = u128::from(self.pool_tao);
		let owed = after.checked_mul(t)?.checked_div(n)?.checked_sub(before.checked_mul(t)?.checked_div(n)?)?;
		Some((u64::try_from(owed).ok()?, u64::try_from(after).ok()?))
	}
}

/// What another pallet is told when the registry of this pallet changes: who owns a hotkey,
/// which subnets exist, which neurons sit on them, when a neuron last set weights. The runtime's
/// Bittensor-client pallet keeps the public chain's storage layout from these, written by the
/// same call that changes this pallet's state (no copy drifts). `()` ignores them.
///
/// Each notification comes after this pallet's own writes, so an observer reads the new state.
/// The calls' benchmarks run on the runtime, so their generated weights include what its
/// observer does (`register_network`, `register_neuron`, `set_weights`, `dissolve_network`
/// and the epoch: the 2026-12-07 run). The `*_weight` functions are the storage a
/// notification costs where no benchmark measures it: a `set_parameter` that changes a tempo
/// or the burn rule (its benchmark sets another parameter), added to its declared weight.
pub trait Observer<AccountId> {
	/// `hotkey` now belongs to `coldkey` (its first registration).
	fn hotkey_claimed(_hotkey: &AccountId, _coldkey: &AccountId) {}
	/// `hotkey` took `uid` on `netuid` (a new subnet's uid 0, a new uid, or a replaced one:
	/// `replaced` is the hotkey it took the uid from).
	fn neuron_registered(_netuid: NetUid, _uid: u16, _hotkey: &AccountId, _replaced: Option<&AccountId>) {}
	/// The neuron at `uid` on `netuid` set its weights.
	fn weights_set(_netuid: NetUid, _uid: u16) {}
	/// `netuid` is closing: these were its neurons (called before they are removed).
	fn subnet_removed(_netuid: NetUid, _neurons: &[AccountId]) {}
	/// Governance set `netuid`'s tempo.
	fn tempo_changed(_netuid: NetUid, _tempo: u16) {}
	/// Governance changed the burn's bounds or steering: every subnet's burn may have moved.
	fn burn_rule_changed() {}
	/// What one `weights_set` or `tempo_changed` costs.
	fn weights_set_weight() -> frame_support::weights::Weight {
		frame_support::weights::Weight::zero()
	}
	/// What one `burn_rule_changed` costs with `subnets` live subnets.
	fn burn_rule_changed_weight(_subnets: u32) -> frame_support::weights::Weight {
		frame_support::weights::Weight::zero()
	}
}

impl<AccountId> Observer<AccountId> for () {}

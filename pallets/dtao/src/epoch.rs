//! The epoch (spec §5): validator permits, Yuma-lite, and the payout of a tempo's pending
//! emission to the owner, miners, validators (with their take) and root stakers. Nominators are
//! paid through the share pools: one write per validator, no loop over nominators.

use crate::math::shares::{SharePool, StakeMark};
use crate::WeightInfo;
use crate::{
	math::payout::{payout, root_stake_of, select_validators, NeuronStake, Pending},
	pallet::*,
	types::*,
};
use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::Mutate,
		tokens::{Fortitude, Precision, Preservation},
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_arithmetic::Perbill;

impl<T: Config> Pallet<T> {
	/// `set_weights`: a permit holder's weights on `netuid`'s uids, validated whole; an empty
	/// row clears them. A weight on its own uid is stored and dropped at the epoch (spec §5).
	pub(crate) fn do_set_weights(
		hotkey: T::AccountId,
		netuid: NetUid,
		uids: Vec<u16>,
		weights: Vec<u16>,
	) -> DispatchResult {
		ensure!(netuid != ROOT_NETUID, Error::<T>::RootNotAllowed);
		Self::ensure_subnet(netuid)?;
		ensure!(uids.len() == weights.len(), Error::<T>::WeightLengthMismatch);
		let neurons = Neurons::<T>::get(netuid);
		let uid = neurons
			.iter()
			.position(|h| h == &hotkey)
			.and_then(|u| u16::try_from(u).ok())
			.ok_or(Error::<T>::HotkeyNotOnSubnet)?;
		ensure!(ValidatorPermits::<T>::get(netuid).contains(&uid), Error::<T>::NoValidatorPermit);
		let mut row: Vec<(u16, u16)> = uids.into_iter().zip(weights).collect();
		row.sort_unstable_by_key(|(u, _)| *u);
		ensure!(row.windows(2).all(|w| w.first().map(|a| a.0) != w.get(1).map(|b| b.0)), Error::<T>::DuplicateUid);
		ensure!(row.iter().all(|(u, _)| usize::from(*u) < neurons.len()), Error::<T>::UnknownUid);
		let count = u32::try_from(row.len()).unwrap_or(u32::MAX);
		if row.is_empty() {
			Weights::<T>::remove(netuid, uid);
		} else {
			ensure!(row.iter().any(|(_, w)| *w > 0), Error::<T>::AllWeightsZero);
			let row = BoundedVec::try_from(row).map_err(|_| Error::<T>::UnknownUid)?;
			Weights::<T>::insert(netuid, uid, row);
		}
		T::Observer::weights_set(netuid, uid);
		Self::deposit_event(Event::WeightsSet { netuid, uid, count });
		Ok(())
	}

	/// One epoch's weight at `n` neurons under `params`: the `epoch` benchmark's, measured at
	/// the default permit count, or, when governance has raised `max_validators` above it,
	/// `epoch_all_validators`'s, measured with every neuron a permit holder weighting every
	/// other (issue 31, goal 5).
	pub fn epoch_weight(n: u32, params: &Params) -> Weight {
		if params.max_validators > Params::default().max_validators {
			T::WeightInfo::epoch_all_validators(n)
		} else {
			T::WeightInfo::epoch(n.max(Self::epoch_benchmark_floor()))
		}
	}

	/// The smallest subnet the `epoch` benchmark measures: twice the default `max_validators`
	/// (or `MaxNeurons` if smaller). Up to the permit count every neuron holds a permit and is
	/// paid on the subnet and on root; up to twice it, the weight rows an epoch may remove (of
	/// previous holders, at most one per neuron without a permit) grow too; past it each neuron
	/// more is a miner, paid once. The cost is linear past the kinks but not across them (fits
	/// across them undercharged the reads and then the writes at 256 neurons, found by
	/// `runtime/src/tests/hook_io.rs`), so the benchmark measures the range a full subnet is
	/// in, and a smaller subnet (less of every part) is charged as this one.
	pub fn epoch_benchmark_floor() -> u32 {
		u32::from(Params::default().max_validators).saturating_mul(2).min(T::MaxNeurons::get())
	}

	/// The most an epoch at `n` neurons can weigh under any parameters governance may set.
	pub fn epoch_weight_worst(n: u32) -> Weight {
		Self::epoch_weight(n, &Params::default()).max(T::WeightInfo::epoch_all_validators(n))
	}

	/// Stake weight `S = alpha + tw * R` of every neuron of `netuid` (`states`, one per
	/// neuron): `alpha` its stake on the subnet now, `R` its root stake over the tempo, the
	/// time-weighted mean since its mark and never more than it holds now (spec §5), so root
	/// stake held for a block moves `R` by a block's worth.
	fn neuron_stakes(
		netuid: NetUid,
		neurons: &[T::AccountId],
		states: &[NeuronState<BlockNumberFor<T>>],
		tao_weight: Perbill,
	) -> (Vec<NeuronStake>, Vec<StakeMark>) {
		let legacy = T::PreFairnessRules::get();
		let now = Self::now();
		neurons
			.iter()
			.zip(states)
			.map(|(hotkey, state)| {
				let alpha = StakePools::<T>::get(netuid, hotkey).map(|p| p.value).unwrap_or(0);
				let root_pool = Self::share_pool(ROOT_NETUID, hotkey);
				let root = root_pool.map_or(0, |p| {
					if legacy {
						p.value
					} else {
						p.mean_since(state.root_mark).unwrap_or(state.root_stake).min(p.value)
					}
				});
				// Where its root stake-time stands now: the next epoch's mark.
				let mark = root_pool.map(|p| p.mark()).unwrap_or(StakeMark { stake_blocks: 0, at: now });
				(NeuronStake::new(alpha, root, tao_weight), mark)
			})
			.unzip()
	}

	/// `netuid`'s neurons, their stakes now, and the permits those stakes earn: the first lines
	/// of every epoch and of every permit refresh.
	pub(crate) fn permits_now(netuid: NetUid, params: &Params) -> (Vec<T::AccountId>, Vec<NeuronStake>, Vec<u16>) {
		let (neurons, _, stakes, _, permits) = Self::stakes_now(netuid, params);
		(neurons, stakes, permits)
	}

	/// [`Pallet::permits_now`] with the neurons' states and root marks, read once for the epoch.
	#[allow(clippy::type_complexity)]
	fn stakes_now(
		netuid: NetUid,
		params: &Params,
	) -> (Vec<T::AccountId>, Vec<NeuronState<BlockNumberFor<T>>>, Vec<NeuronStake>, Vec<StakeMark>, Vec<u16>) {
		let neurons = Neurons::<T>::get(netuid).into_inner();
		let states = Self::neuron_states(netuid, neurons.len());
		let (stakes, marks) = Self::neuron_stakes(netuid, &neurons, &states, params.tao_weight);
		let permits = select_validators(&stakes, params.max_validators, params.min_validator_stake);
		(neurons, states, stakes, marks, permits)
	}

	/// Pay a neuron on `netuid` (or root), reading and writing its share pool there once:
	/// `stake` (its incentive) is staked for the hotkey's owner; `dividends` less the owner's
	/// take raise the pool's value for every holder, vesting over the next `period` blocks (or
	/// go to the owner if the pool has no holders); the take is staked for the owner. What is
	/// staked for the owner is owed to it in the pool's record ([`Pallet::owe_owner`]), so its
	/// position is not written. Returns 1 if the owner's position was opened, else 0.
	pub(crate) fn pay_into(
		netuid: NetUid,
		hotkey: &T::AccountId,
		owner: &T::AccountId,
		stake: u64,
		dividends: u64,
		period: u64,
	) -> Result<u32, DispatchError> {
		let now = Self::now();
		let mut pool = Self::share_pool(netuid, hotkey);
		let mut owner_shares: u128 = 0;
		let mut deposit = |pool: &mut Option<SharePool>, amount: u64| -> DispatchResult {
			let (after, minted) =
				pool.unwrap_or_else(|| SharePool::default().at(now)).deposit(amount).map_err(Error::<T>::from)?;
			*pool = Some(after);
			owner_shares = owner_shares.checked_add(minted).ok_or(Error::<T>::Overflow)?;
			Ok(())
		};
		if stake > 0 {
			deposit(&mut pool, stake)?;
		}
		if dividends > 0 {
			let take = T::ValidatorTake::get().mul_floor(dividends);
			let rest = dividends.checked_sub(take).ok_or(Error::<T>::Overflow)?;
			let mut to_owner = take;
			match pool {
				Some(p) if rest > 0 => {
					let vested = if T::PreFairnessRules::get() {
						p.distribute(rest)
					} else {
						p.vest(rest, now, now.saturating_add(period))
					};
					pool = Some(vested.map_err(Error::<T>::from)?);
				},
				_ => to_owner = to_owner.checked_add(rest).ok_or(Error::<T>::Overflow)?,
			}
			if to_owner > 0 {
				deposit(&mut pool, to_owner)?;
			}
		}
		let Some(mut pool) = pool else { return Ok(0) };
		let change = Self::owe_owner(owner, hotkey, netuid, &mut pool, owner_shares)?;
		StakePools::<T>::insert(netuid, hotkey, pool);
		Ok(u32::from(change == PositionChange::Opened))
	}

	/// Recompute `netuid`'s validator permits and `R_i` (the root stake behind them, set on
	/// `info`, which the caller writes) from the stakes now, and drop the weights of uids that
	/// lost their permit. Runs at every epoch and whenever a neuron registers, so a new subnet's
	/// first tempo blends root (spec §5).
	pub(crate) fn refresh_permits(netuid: NetUid, info: &mut SubnetOf<T>) -> DispatchResult {
		let (_, stakes, permits) = Self::permits_now(netuid, &Parameters::<T>::get());
		info.validators_root_stake = root_stake_of(&stakes, &permits);
		Self::write_permits(netuid, permits)
	}

	/// Store `permits` (sorted by uid) and remove the weight rows of uids that lost theirs.
	/// Only permit holders have rows (`set_weights` needs a permit; `try_state` checks it), so
	/// the stale rows are those of the old permits not in `permits`: one read of the old
	/// permits instead of a scan of the subnet's `Weights` prefix.
	fn write_permits(netuid: NetUid, permits: Vec<u16>) -> DispatchResult {
		for uid in ValidatorPermits::<T>::get(netuid).iter().filter(|uid| permits.binary_search(uid).is_err()) {
			Weights::<T>::remove(netuid, uid);
		}
		let permits: BoundedVec<u16, T::MaxNeurons> =
			BoundedVec::try_from(permits).map_err(|_| Error::<T>::Overflow)?;
		ValidatorPermits::<T>::insert(netuid, permits);
		Ok(())
	}

	/// What the epoch of `netuid` (its record `info`) would pay now, per uid and by role, without
	/// writing anything: the stakes and weights loaded, then the pure [`payout`] (permits,
	/// Yuma-lite, the stake-mix split and the fallbacks of spec §5). The epoch executes exactly
	/// this plan; the runtime API's `epoch_preview` returns it.
	pub fn plan_epoch(
		netuid: NetUid,
		info: &SubnetOf<T>,
	) -> Result<EpochPlan<T::AccountId, BlockNumberFor<T>>, DispatchError> {
		let params = Parameters::<T>::get();
		let (neurons, states, stakes, root_marks, permits) = Self::stakes_now(netuid, &params);
		let rows: Vec<Vec<(u16, u16)>> = permits
			.iter()
			.map(|uid| Weights::<T>::get(netuid, uid).map(|w| w.into_inner()).unwrap_or_default())
			.collect();
		let p = info.pending;
		let pending = Pending { miner_alpha: p.miner_alpha, validator_alpha: p.validator_alpha, root_tao: p.root_tao };
		let paid = payout(&stakes, &permits, &rows, params.tao_weight, params.weights_quorum, pending)
			.map_err(Error::<T>::from)?;
		let neuron_payouts = neurons
			.into_iter()
			.zip(0u16..)
			.map(|(hotkey, uid)| {
				let at = |v: &[u64]| v.get(usize::from(uid)).copied().unwrap_or(0);
				NeuronPayout {
					uid,
					hotkey,
					validator_permit: permits.binary_search(&uid).is_ok(),
					incentive: at(&paid.incentive),
					dividends: at(&paid.dividends),
					root_tao: at(&paid.root_tao),
				}
			})
			.collect();
		let payout = EpochPayout {
			owner_alpha: p.owner_alpha,
			miner_alpha: paid.miner_alpha,
			validator_alpha: paid.validator_alpha,
			miners_to_validators: paid.miners_to_validators,
			paid_by_stake: paid.paid_by_stake,
			root_tao: paid.root_tao_paid,
			recycled_miner_alpha: paid.recycled_miner_alpha,
			recycled_validator_alpha: paid.recycled_validator_alpha,
			recycled_tao: paid.recycled_tao,
			validators: u16::try_from(permits.len()).unwrap_or(u16::MAX),
		};
		let validators_root_stake = root_stake_of(&stakes, &permits);
		let root_stakes = stakes.iter().map(|s| s.root).collect();
		Ok(EpochPlan {
			permits,
			neurons: neuron_payouts,
			payout,
			validators_root_stake,
			root_stakes,
			states,
			root_marks,
		})
	}

	/// Run the epoch of `netuid` on its record `info` (which the caller writes): pay its pending
	/// emission and reset it.
	pub(crate) fn run_epoch(netuid: NetUid, info: &mut SubnetOf<T>) -> DispatchResult {
		let payout = Self::drain_pending(netuid, info)?;
		Self::deposit_event(Event::EpochPaid { netuid, payout });
		Ok(())
	}

	/// Pay out and reset the pending emission of `netuid` (its record `info`, which the caller
	/// writes) by its [`Pallet::plan_epoch`] (also used when dissolving).
	pub(crate) fn drain_pending(netuid: NetUid, info: &mut SubnetOf<T>) -> Result<EpochPayout, DispatchError> {
		let plan = Self::plan_epoch(netuid, info)?;
		let payout = plan.payout;
		let period = u64::from(info.tempo).saturating_add(1);
		let mut opened: u32 = 0;

		// Each neuron paid: its incentive staked under its hotkey for the coldkey that owns it,
		// its alpha dividends into its share pool on the subnet (one write for both), its TAO
		// dividends into its root share pool (one write).
		for p in plan.neurons.iter().filter(|p| p.incentive > 0 || p.dividends > 0 || p.root_tao > 0) {
			let owner = HotkeyOwner::<T>::get(&p.hotkey).ok_or(Error::<T>::HotkeyNotRegistered)?;
			if p.incentive > 0 || p.dividends > 0 {
				let paid = Self::pay_into(netuid, &p.hotkey, &owner, p.incentive, p.dividends, period)?;
				opened = opened.saturating_add(paid);
			}
			if p.root_tao > 0 {
				Self::pay_into(ROOT_NETUID, &p.hotkey, &owner, 0, p.root_tao, period)?;
			}
		}
		Self::adjust_root_stake(payout.root_tao, 0)?;
		if payout.recycled_tao > 0 {
			T::Currency::burn_from(
				&Self::account_id(),
				payout.recycled_tao,
				Preservation::Preserve,
				Precision::Exact,
				Fortitude::Polite,
			)?;
		}

		// Owner cut: staked under the owner hotkey for the owner; owed in the pool like any other
		// payment when the owner owns that hotkey (it registered it), else written.
		if payout.owner_alpha > 0 {
			let cut = if HotkeyOwner::<T>::get(&info.owner_hotkey).as_ref() == Some(&info.owner) {
				Self::pay_into(netuid, &info.owner_hotkey, &info.owner, payout.owner_alpha, 0, period)?
			} else {
				u32::from(
					Self::credit(&info.owner, &info.owner_hotkey, netuid, payout.owner_alpha)?
						== PositionChange::Opened,
				)
			};
			opened = opened.saturating_add(cut);
		}

		// Pruning scores: this epoch's incentive + dividends per uid, root dividends valued in
		// alpha at the pool's price (a validator paid in root TAO is not pruned first). Root
		// marks: where each neuron's root stake-time stands, for the next epoch's `R_i`.
		let legacy = T::PreFairnessRules::get();
		// (The marks were taken before this epoch's payments, in the same block: paying a pool
		// changes its value, not the stake-time it has integrated up to this block.)
		let mut states = plan.states;
		for (((state, p), root), mark) in
			states.iter_mut().zip(&plan.neurons).zip(&plan.root_stakes).zip(plan.root_marks)
		{
			let root_in_alpha = if legacy { 0 } else { info.pool.alpha_for_tao(p.root_tao) };
			state.pruning_score = p.incentive.saturating_add(p.dividends).saturating_add(root_in_alpha);
			state.root_mark = mark;
			state.root_stake = *root;
		}
		NeuronStates::<T>::insert(netuid, BoundedVec::truncate_from(states));

		// Permits and weights for the next tempo.
		Self::write_permits(netuid, plan.permits)?;
		info.validators_root_stake = plan.validators_root_stake;
		info.positions = info.positions.saturating_add(opened);
		info.alpha_out = info.alpha_out.checked_sub(payout.recycled_alpha()).ok_or(Error::<T>::Overflow)?;
		info.pending = PendingEmission::default();
		Ok(payout)
	}
}

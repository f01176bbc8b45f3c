//! The epoch (spec §5): validator permits, Yuma-lite, and the payout of a tempo's pending
//! emission to the owner, miners, validators (with their take) and root stakers. Nominators are
//! paid through the share pools: one write per validator, no loop over nominators.

use crate::{
	math::{
		distribute::largest_remainder,
		yuma::{yuma_lite, Validator},
	},
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
use sp_arithmetic::{helpers_128bit::multiply_by_rational_with_rounding, Perbill, Rounding};

/// A neuron's stake at an epoch.
pub(crate) struct NeuronStake {
	root: u64,
	weight: u128,
}

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
		Self::deposit_event(Event::WeightsSet { netuid, uid, count });
		Ok(())
	}

	/// Stake weight `S = alpha + tw * root` of every neuron of `netuid`.
	pub(crate) fn neuron_stakes(netuid: NetUid, neurons: &[T::AccountId], tao_weight: Perbill) -> Vec<NeuronStake> {
		neurons
			.iter()
			.map(|hotkey| {
				let alpha = StakePools::<T>::get(netuid, hotkey).map(|p| p.value).unwrap_or(0);
				let root = StakePools::<T>::get(ROOT_NETUID, hotkey).map(|p| p.value).unwrap_or(0);
				NeuronStake { root, weight: u128::from(alpha).saturating_add(u128::from(tao_weight.mul_floor(root))) }
			})
			.collect()
	}

	/// Validator permits: the top `max_validators` uids by stake weight with at least
	/// `min_stake`, ties to the lower uid; returned sorted by uid.
	pub(crate) fn select_validators(stakes: &[NeuronStake], max_validators: u16, min_stake: u64) -> Vec<u16> {
		let mut candidates: Vec<(u16, u128)> = stakes
			.iter()
			.enumerate()
			.filter(|(_, s)| s.weight >= u128::from(min_stake) && s.weight > 0)
			.filter_map(|(uid, s)| u16::try_from(uid).ok().map(|uid| (uid, s.weight)))
			.collect();
		candidates.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
		candidates.truncate(usize::from(max_validators));
		let mut uids: Vec<u16> = candidates.into_iter().map(|(uid, _)| uid).collect();
		uids.sort_unstable();
		uids
	}

	/// Pay `amount` to a validator's share pool on `netuid`: its owner's take is staked for the
	/// owner, the rest raises the pool's value for every holder (or goes to the owner if the pool
	/// has no holders).
	fn pay_validator(
		netuid: NetUid,
		hotkey: &T::AccountId,
		owner: &T::AccountId,
		amount: u64,
	) -> Result<u32, DispatchError> {
		if amount == 0 {
			return Ok(0);
		}
		let take = T::ValidatorTake::get().mul_floor(amount);
		let rest = amount.checked_sub(take).ok_or(Error::<T>::Overflow)?;
		let mut opened = 0u32;
		let mut to_owner = take;
		match StakePools::<T>::get(netuid, hotkey) {
			Some(pool) if rest > 0 => {
				let pool = pool.distribute(rest).map_err(Error::<T>::from)?;
				StakePools::<T>::insert(netuid, hotkey, pool);
			},
			_ => to_owner = to_owner.checked_add(rest).ok_or(Error::<T>::Overflow)?,
		}
		if to_owner > 0 && Self::credit(owner, hotkey, netuid, to_owner)? == PositionChange::Opened {
			opened = 1;
		}
		Ok(opened)
	}

	/// Recompute `netuid`'s validator permits and `R_i` (the root stake behind them) from the
	/// stakes now, and drop the weights of uids that lost their permit. Runs at every epoch and
	/// whenever a neuron registers, so a new subnet's first tempo blends root (spec §5).
	pub(crate) fn refresh_permits(netuid: NetUid) -> DispatchResult {
		let params = Parameters::<T>::get();
		let neurons = Neurons::<T>::get(netuid).into_inner();
		let stakes = Self::neuron_stakes(netuid, &neurons, params.tao_weight);
		let permits = Self::select_validators(&stakes, params.max_validators, params.min_validator_stake);
		let root_stake = Self::root_stake_of(&stakes, &permits);
		Self::write_permits(netuid, permits)?;
		Subnets::<T>::try_mutate(netuid, |s| -> DispatchResult {
			let s = s.as_mut().ok_or(Error::<T>::SubnetNotFound)?;
			s.validators_root_stake = root_stake;
			Ok(())
		})
	}

	/// The root stake behind `permits`.
	fn root_stake_of(stakes: &[NeuronStake], permits: &[u16]) -> u64 {
		permits.iter().filter_map(|uid| stakes.get(usize::from(*uid))).fold(0u64, |acc, s| acc.saturating_add(s.root))
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

	/// What the epoch of `netuid` would pay now, per uid and by role, without writing anything:
	/// permits, Yuma-lite, the stake-mix split and the fallbacks of spec §5. The epoch executes
	/// exactly this plan; the runtime API's `epoch_preview` returns it.
	pub fn plan_epoch(netuid: NetUid) -> Result<EpochPlan<T::AccountId>, DispatchError> {
		let info = Subnets::<T>::get(netuid).ok_or(Error::<T>::SubnetNotFound)?;
		let params = Parameters::<T>::get();
		let neurons = Neurons::<T>::get(netuid).into_inner();
		let stakes = Self::neuron_stakes(netuid, &neurons, params.tao_weight);
		let permits = Self::select_validators(&stakes, params.max_validators, params.min_validator_stake);

		// Yuma-lite over the permit holders' weights.
		let rows: Vec<Vec<(u16, u16)>> = permits
			.iter()
			.map(|uid| Weights::<T>::get(netuid, uid).map(|w| w.into_inner()).unwrap_or_default())
			.collect();
		let validators: Vec<Validator> = permits
			.iter()
			.zip(&rows)
			.map(|(uid, weights)| Validator {
				uid: *uid,
				stake: stakes.get(usize::from(*uid)).map(|s| s.weight).unwrap_or(0),
				weights,
			})
			.collect();
		let yuma = yuma_lite(neurons.len(), &validators);

		let pending = info.pending;
		let mut payout = EpochPayout {
			owner_alpha: pending.owner_alpha,
			validators: u16::try_from(permits.len()).unwrap_or(u16::MAX),
			..Default::default()
		};
		let mut neuron_payouts: Vec<NeuronPayout<T::AccountId>> = neurons
			.iter()
			.zip(0u16..)
			.map(|(hotkey, uid)| NeuronPayout {
				uid,
				hotkey: hotkey.clone(),
				validator_permit: permits.contains(&uid),
				incentive: 0,
				dividends: 0,
				root_tao: 0,
			})
			.collect();

		if validators.is_empty() {
			// No permit holder: nobody can be paid the validators' and miners' halves or the
			// root TAO; they are recycled.
			payout.recycled_miner_alpha = pending.miner_alpha;
			payout.recycled_validator_alpha = pending.validator_alpha;
			payout.recycled_tao = pending.root_tao;
		} else {
			// The validators' share: by dividends, or by stake weight when nobody earned any.
			payout.paid_by_stake = !yuma.dividends.iter().any(|d| *d > 0);
			let base: Vec<u128> =
				if payout.paid_by_stake { validators.iter().map(|v| v.stake).collect() } else { yuma.dividends };
			// Each share split by the validator's stake mix: root part r_v, alpha part a_v.
			let mut root_parts: Vec<u128> = Vec::with_capacity(validators.len());
			let mut alpha_parts: Vec<u128> = Vec::with_capacity(validators.len());
			let mut root_stakes: Vec<u128> = Vec::with_capacity(validators.len());
			for (v, d) in validators.iter().zip(&base) {
				let root = stakes.get(usize::from(v.uid)).map(|s| s.root).unwrap_or(0);
				let weighted_root = u128::from(params.tao_weight.mul_floor(root));
				let r = if v.stake == 0 {
					0
				} else {
					multiply_by_rational_with_rounding(*d, weighted_root, v.stake, Rounding::Down).unwrap_or(0)
				};
				root_parts.push(r);
				alpha_parts.push(d.saturating_sub(r));
				root_stakes.push(u128::from(root));
			}

			// Miners' half: by incentive over every weighted uid; with none, to the validators.
			let mut validator_alpha = pending.validator_alpha;
			if yuma.incentive.iter().any(|i| *i > 0) {
				let parts = largest_remainder(pending.miner_alpha, &yuma.incentive).ok_or(Error::<T>::Overflow)?;
				for (p, part) in neuron_payouts.iter_mut().zip(parts) {
					p.incentive = part;
				}
				payout.miner_alpha = pending.miner_alpha;
			} else {
				validator_alpha = validator_alpha.checked_add(pending.miner_alpha).ok_or(Error::<T>::Overflow)?;
				payout.miners_to_validators = pending.miner_alpha;
			}

			// Validators' alpha by a_v (by the whole share if no validator has an alpha part).
			let weights = nonzero(&alpha_parts).unwrap_or(&base);
			let parts = largest_remainder(validator_alpha, weights).ok_or(Error::<T>::Overflow)?;
			for (v, part) in validators.iter().zip(parts) {
				if let Some(p) = neuron_payouts.get_mut(usize::from(v.uid)) {
					p.dividends = part;
				}
			}
			payout.validator_alpha = validator_alpha;

			// Root TAO, already sold out of the pool: by r_v, else by the permit holders' root
			// stake, else by their share; never burned while a permit holder exists.
			let weights = nonzero(&root_parts).or_else(|| nonzero(&root_stakes)).unwrap_or(&base);
			let parts = largest_remainder(pending.root_tao, weights).ok_or(Error::<T>::Overflow)?;
			for (v, part) in validators.iter().zip(parts) {
				if let Some(p) = neuron_payouts.get_mut(usize::from(v.uid)) {
					p.root_tao = part;
				}
			}
			payout.root_tao = pending.root_tao;
		}

		let validators_root_stake = Self::root_stake_of(&stakes, &permits);
		Ok(EpochPlan { permits, neurons: neuron_payouts, payout, validators_root_stake })
	}

	/// Run the epoch of `netuid`: pay its pending emission and reset it.
	pub(crate) fn run_epoch(netuid: NetUid) -> DispatchResult {
		let payout = Self::drain_pending(netuid)?;
		Self::deposit_event(Event::EpochPaid { netuid, payout });
		Ok(())
	}

	/// Pay out and reset the pending emission of `netuid` by its [`Pallet::plan_epoch`] (also
	/// used when dissolving).
	pub(crate) fn drain_pending(netuid: NetUid) -> Result<EpochPayout, DispatchError> {
		let plan = Self::plan_epoch(netuid)?;
		let mut info = Subnets::<T>::get(netuid).ok_or(Error::<T>::SubnetNotFound)?;
		let payout = plan.payout;
		let mut opened: u32 = 0;

		// Incentive: staked under the neuron's hotkey for the coldkey that owns it.
		for p in plan.neurons.iter().filter(|p| p.incentive > 0) {
			let coldkey = HotkeyOwner::<T>::get(&p.hotkey).ok_or(Error::<T>::HotkeyNotRegistered)?;
			if Self::credit(&coldkey, &p.hotkey, netuid, p.incentive)? == PositionChange::Opened {
				opened = opened.saturating_add(1);
			}
		}
		// Dividends: alpha into the validator's share pool on the subnet, TAO into its root pool.
		for p in plan.neurons.iter().filter(|p| p.dividends > 0 || p.root_tao > 0) {
			let owner = HotkeyOwner::<T>::get(&p.hotkey).ok_or(Error::<T>::HotkeyNotRegistered)?;
			opened = opened.saturating_add(Self::pay_validator(netuid, &p.hotkey, &owner, p.dividends)?);
			Self::pay_validator(ROOT_NETUID, &p.hotkey, &owner, p.root_tao)?;
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

		// Owner cut: staked under the owner hotkey for the owner.
		if payout.owner_alpha > 0
			&& Self::credit(&info.owner, &info.owner_hotkey, netuid, payout.owner_alpha)? == PositionChange::Opened
		{
			opened = opened.saturating_add(1);
		}

		// Pruning scores: this epoch's incentive + dividends per uid.
		let mut states = Self::neuron_states(netuid, plan.neurons.len());
		for (state, p) in states.iter_mut().zip(&plan.neurons) {
			state.pruning_score = p.incentive.saturating_add(p.dividends);
		}
		NeuronStates::<T>::insert(netuid, BoundedVec::truncate_from(states));

		// Permits and weights for the next tempo.
		Self::write_permits(netuid, plan.permits)?;
		info.validators_root_stake = plan.validators_root_stake;
		info.positions = info.positions.saturating_add(opened);
		info.alpha_out = info.alpha_out.checked_sub(payout.recycled_alpha()).ok_or(Error::<T>::Overflow)?;
		info.pending = PendingEmission::default();
		Subnets::<T>::insert(netuid, info);
		Ok(payout)
	}
}

/// `weights` if any is non-zero.
fn nonzero(weights: &[u128]) -> Option<&[u128]> {
	weights.iter().any(|w| *w > 0).then_some(weights)
}

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
struct NeuronStake {
	root: u64,
	weight: u128,
}

impl<T: Config> Pallet<T> {
	/// `set_weights`: a permit holder's weights on `netuid`'s uids, validated whole; an empty
	/// row clears them.
	pub(crate) fn do_set_weights(
		hotkey: T::AccountId,
		netuid: NetUid,
		uids: Vec<u16>,
		weights: Vec<u16>,
	) -> DispatchResult {
		ensure!(netuid != ROOT_NETUID, Error::<T>::RootNotAllowed);
		ensure!(Subnets::<T>::contains_key(netuid), Error::<T>::SubnetNotFound);
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
		ensure!(row.iter().all(|(u, _)| *u != uid), Error::<T>::SelfWeight);
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
	fn neuron_stakes(netuid: NetUid, neurons: &[T::AccountId], tao_weight: Perbill) -> Vec<NeuronStake> {
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
	fn select_validators(stakes: &[NeuronStake], max_validators: u16, min_stake: u64) -> Vec<u16> {
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

	/// Run the epoch of `netuid`: pay its pending emission and reset it.
	pub(crate) fn run_epoch(netuid: NetUid) -> DispatchResult {
		let payout = Self::drain_pending(netuid)?;
		Self::deposit_event(Event::EpochPaid { netuid, payout });
		Ok(())
	}

	/// Pay out and reset the pending emission of `netuid` (also used when dissolving).
	pub(crate) fn drain_pending(netuid: NetUid) -> Result<EpochPayout, DispatchError> {
		let mut info = Subnets::<T>::get(netuid).ok_or(Error::<T>::SubnetNotFound)?;
		let params = Parameters::<T>::get();
		let neurons = Neurons::<T>::get(netuid).into_inner();
		let stakes = Self::neuron_stakes(netuid, &neurons, params.tao_weight);
		let validator_uids = Self::select_validators(&stakes, params.max_validators, params.min_validator_stake);

		// Yuma-lite over the validators' weights.
		let rows: Vec<Vec<(u16, u16)>> = validator_uids
			.iter()
			.map(|uid| Weights::<T>::get(netuid, uid).map(|w| w.into_inner()).unwrap_or_default())
			.collect();
		let validators: Vec<Validator> = validator_uids
			.iter()
			.zip(&rows)
			.map(|(uid, weights)| Validator {
				uid: *uid,
				stake: stakes.get(usize::from(*uid)).map(|s| s.weight).unwrap_or(0),
				weights,
			})
			.collect();
		let yuma = yuma_lite(neurons.len(), &validators);

		// Split each dividend by the validator's stake mix: root part r_v, alpha part a_v.
		let mut root_weights: Vec<u128> = Vec::with_capacity(validators.len());
		let mut alpha_weights: Vec<u128> = Vec::with_capacity(validators.len());
		for (v, d) in validators.iter().zip(&yuma.dividends) {
			let s = stakes.get(usize::from(v.uid));
			let weighted_root = s.map(|s| u128::from(params.tao_weight.mul_floor(s.root))).unwrap_or(0);
			let r = if v.stake == 0 {
				0
			} else {
				multiply_by_rational_with_rounding(*d, weighted_root, v.stake, Rounding::Down).unwrap_or(0)
			};
			root_weights.push(r);
			alpha_weights.push(d.saturating_sub(r));
		}

		let pending = info.pending;
		let miners_earn = yuma.incentive.iter().any(|i| *i > 0);
		let validators_earn = yuma.dividends.iter().any(|d| *d > 0);
		let (mut miner_alpha, mut validator_alpha) = (pending.miner_alpha, pending.validator_alpha);
		let mut payout = EpochPayout::default();
		match (miners_earn, validators_earn) {
			(true, true) => {},
			(false, true) => {
				validator_alpha = validator_alpha.checked_add(miner_alpha).ok_or(Error::<T>::Overflow)?;
				miner_alpha = 0;
			},
			(true, false) => {
				miner_alpha = miner_alpha.checked_add(validator_alpha).ok_or(Error::<T>::Overflow)?;
				validator_alpha = 0;
			},
			(false, false) => {
				payout.recycled_alpha = miner_alpha.checked_add(validator_alpha).ok_or(Error::<T>::Overflow)?;
				miner_alpha = 0;
				validator_alpha = 0;
			},
		}

		// Miners: staked under the miner hotkey for the coldkey that owns it.
		let mut opened: u32 = 0;
		if let Some(parts) = largest_remainder(miner_alpha, &yuma.incentive) {
			for (hotkey, part) in neurons.iter().zip(parts) {
				if part == 0 {
					continue;
				}
				let coldkey = HotkeyOwner::<T>::get(hotkey).ok_or(Error::<T>::HotkeyNotRegistered)?;
				if Self::credit(&coldkey, hotkey, netuid, part)? == PositionChange::Opened {
					opened = opened.saturating_add(1);
				}
				payout.miner_alpha = payout.miner_alpha.saturating_add(part);
			}
		} else {
			payout.recycled_alpha = payout.recycled_alpha.checked_add(miner_alpha).ok_or(Error::<T>::Overflow)?;
		}

		// Validators: alpha by a_v, root TAO by r_v.
		let alpha_parts = largest_remainder(validator_alpha, &alpha_weights);
		let root_parts = largest_remainder(pending.root_tao, &root_weights);
		if alpha_parts.is_none() {
			payout.recycled_alpha = payout.recycled_alpha.checked_add(validator_alpha).ok_or(Error::<T>::Overflow)?;
		}
		if root_parts.is_none() && pending.root_tao > 0 {
			T::Currency::burn_from(
				&Self::account_id(),
				pending.root_tao,
				Preservation::Preserve,
				Precision::Exact,
				Fortitude::Polite,
			)?;
			payout.recycled_tao = pending.root_tao;
		}
		for (i, v) in validators.iter().enumerate() {
			let Some(hotkey) = neurons.get(usize::from(v.uid)) else { continue };
			let owner = HotkeyOwner::<T>::get(hotkey).ok_or(Error::<T>::HotkeyNotRegistered)?;
			if let Some(a) = alpha_parts.as_ref().and_then(|p| p.get(i)).copied() {
				opened = opened.saturating_add(Self::pay_validator(netuid, hotkey, &owner, a)?);
				payout.validator_alpha = payout.validator_alpha.saturating_add(a);
			}
			if let Some(r) = root_parts.as_ref().and_then(|p| p.get(i)).copied() {
				Self::pay_validator(ROOT_NETUID, hotkey, &owner, r)?;
				payout.root_tao = payout.root_tao.saturating_add(r);
			}
		}
		Self::adjust_root_stake(payout.root_tao, 0)?;

		// Owner cut: staked under the owner hotkey for the owner.
		if pending.owner_alpha > 0 {
			if Self::credit(&info.owner, &info.owner_hotkey, netuid, pending.owner_alpha)? == PositionChange::Opened {
				opened = opened.saturating_add(1);
			}
			payout.owner_alpha = pending.owner_alpha;
		}

		// Permits and weights for the next tempo: rows of neurons without a permit go.
		let permits: BoundedVec<u16, T::MaxNeurons> =
			BoundedVec::try_from(validator_uids.clone()).map_err(|_| Error::<T>::Overflow)?;
		let stale: Vec<u16> =
			Weights::<T>::iter_key_prefix(netuid).filter(|uid| !validator_uids.contains(uid)).collect();
		for uid in stale {
			Weights::<T>::remove(netuid, uid);
		}
		info.validators_root_stake = validator_uids
			.iter()
			.filter_map(|uid| stakes.get(usize::from(*uid)))
			.fold(0u64, |acc, s| acc.saturating_add(s.root));
		payout.validators = u16::try_from(validator_uids.len()).unwrap_or(u16::MAX);
		ValidatorPermits::<T>::insert(netuid, permits);

		info.positions = info.positions.saturating_add(opened);
		info.alpha_out = info.alpha_out.checked_sub(payout.recycled_alpha).ok_or(Error::<T>::Overflow)?;
		info.pending = PendingEmission::default();
		Subnets::<T>::insert(netuid, info);
		Ok(payout)
	}
}

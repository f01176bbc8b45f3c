//! The per-block coinbase (spec §4): TAO by moving price, price-neutral injection, alpha
//! rewards into pending accumulators, root blending with the auto-sell, the EMA; then the epochs
//! that are due (the schedule is `math::tempo`).

use crate::{
	math::{emission, swap, tempo::epoch_due, MathError},
	pallet::*,
	types::*,
	WeightInfo,
};
use alloc::{collections::BTreeMap, vec::Vec};
use frame_support::{
	pallet_prelude::*,
	storage::with_storage_layer,
	traits::fungible::{Inspect, Mutate},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_arithmetic::Perbill;
use sp_runtime::SaturatedConversion;

/// One subnet's coinbase for one block, as a pure function of its state (spec §4, steps 3-6):
/// alpha emission by the subnet's alpha issuance, price-neutral injection of `tao_share` (capped),
/// the reward split into pending, root's auto-sell, and the EMA step (its factor by the subnet's
/// `age` in blocks, `None` for a subnet of the genesis). Mutates `info`; returns the TAO injected
/// (to be minted). The pallet and the simulator both run exactly this.
pub fn step_subnet<AccountId, BlockNumber>(
	info: &mut SubnetInfo<AccountId, BlockNumber>,
	tao_share: u64,
	age: Option<u64>,
	params: &Params,
	owner_cut: Perbill,
	min_reserve: u64,
) -> Result<u64, MathError> {
	let alpha_issuance = info.pool.alpha.checked_add(info.alpha_out).ok_or(MathError::Overflow)?;
	let alpha_emission = emission::block_emission(alpha_issuance);

	// Price-neutral injection, capped by the alpha emission.
	let (tao_in, alpha_in) = emission::inject(info.pool, tao_share, alpha_emission);
	info.pool.tao = info.pool.tao.checked_add(tao_in).ok_or(MathError::Overflow)?;
	info.pool.alpha = info.pool.alpha.checked_add(alpha_in).ok_or(MathError::Overflow)?;

	// Rewards: owner, miners, validators; root's part of the validators' half is sold.
	let (owner, miners, validators) = emission::split_rewards(alpha_emission, owner_cut);
	let root_alpha = emission::root_alpha(validators, params.tao_weight, info.validators_root_stake, info.alpha_out);
	let (sold, root_tao) = if root_alpha == 0 {
		(0, 0)
	} else {
		// The protocol's own sale pays no fee. Where it would break the floor, the alpha
		// stays with the validators: nothing is lost.
		match swap::sell(info.pool, root_alpha, Perbill::zero(), min_reserve) {
			Ok(o) => {
				info.pool = o.pool_after;
				(root_alpha, o.amount_out)
			},
			Err(_) => (0, 0),
		}
	};
	let validators_kept = validators.checked_sub(sold).ok_or(MathError::Overflow)?;
	let p = &mut info.pending;
	p.owner_alpha = p.owner_alpha.checked_add(owner).ok_or(MathError::Overflow)?;
	p.miner_alpha = p.miner_alpha.checked_add(miners).ok_or(MathError::Overflow)?;
	p.validator_alpha = p.validator_alpha.checked_add(validators_kept).ok_or(MathError::Overflow)?;
	p.root_tao = p.root_tao.checked_add(root_tao).ok_or(MathError::Overflow)?;
	let minted_out = owner.saturating_add(miners).saturating_add(validators_kept);
	info.alpha_out = info.alpha_out.checked_add(minted_out).ok_or(MathError::Overflow)?;

	// The EMA follows the price capped at `max_ema_price`, at a factor that grows with the
	// subnet's age (spec §4.6).
	let price = emission::price_bits(info.pool).min(emission::rao_price_bits(params.max_ema_price));
	let factor = emission::ema_factor(params.ema_alpha, age, params.ema_warmup);
	info.ema_price = emission::ema_step(info.ema_price, price, factor);
	info.last_block = BlockEmission {
		tao_in,
		alpha_in,
		alpha_emitted: alpha_emission,
		owner,
		miners,
		validators: validators_kept,
		root_alpha: sold,
		root_tao,
	};
	Ok(tao_in)
}

impl<T: Config> Pallet<T> {
	/// The whole block: coinbase for every subnet, then the epochs that are due (at most
	/// `MaxEpochsPerBlock`, the rest queued), each in its own storage layer. Every subnet's
	/// record is read once and written once. Returns the block's weight.
	pub(crate) fn on_block(now: BlockNumberFor<T>) -> Weight {
		let params = Parameters::<T>::get();
		let subnets: Vec<(NetUid, SubnetOf<T>)> = Subnets::<T>::iter().collect();
		let count = u32::try_from(subnets.len()).unwrap_or(u32::MAX);
		let emission = emission::block_emission(T::Currency::total_issuance());
		let ema_sum = subnets.iter().fold(0u128, |acc, (_, s)| acc.saturating_add(s.ema_price));
		let block: u64 = now.saturated_into();

		// Every subnet's step is computed purely on a copy; a step that fails leaves its subnet
		// as it was (only `last_block` is cleared) and the others are paid. `records` holds what
		// each subnet will be written as; `stepped` the subnets whose step is waiting for the mint.
		let mut records: BTreeMap<NetUid, SubnetOf<T>> = BTreeMap::new();
		let mut stepped: Vec<(NetUid, SubnetOf<T>)> = Vec::with_capacity(subnets.len());
		let mut minted: u64 = 0;
		let mut due: Vec<NetUid> = Vec::new();
		for (netuid, info) in subnets {
			let share = emission::tao_share(emission, info.ema_price, ema_sum);
			if epoch_due(block, netuid, info.tempo) {
				due.push(netuid);
			}
			let mut next = info.clone();
			let age = emission::subnet_age(info.registered_at.saturated_into(), block);
			match step_subnet(&mut next, share, age, &params, T::OwnerCut::get(), T::MinReserve::get()) {
				Ok(tao) => {
					minted = minted.saturating_add(tao);
					stepped.push((netuid, info));
					records.insert(netuid, next);
				},
				Err(e) => {
					let mut kept = info;
					kept.last_block = BlockEmission::default();
					records.insert(netuid, kept);
					Self::deposit_event(Event::CoinbaseFailed { netuid, error: Error::<T>::from(e).into() });
				},
			}
		}
		// One mint for the block, before any pool is credited: if it fails, no subnet's step is
		// kept, so the pools never hold TAO that was not minted (invariant 1).
		let mint = if minted > 0 { T::Currency::mint_into(&Self::account_id(), minted).map(|_| ()) } else { Ok(()) };
		if let Err(error) = mint {
			log::error!(target: crate::LOG_TARGET, "coinbase mint of {minted} failed: {error:?}");
			minted = 0;
			for (netuid, mut before) in stepped {
				before.last_block = BlockEmission::default();
				records.insert(netuid, before);
				Self::deposit_event(Event::CoinbaseFailed { netuid, error });
			}
		}
		BlockMinted::<T>::put(minted);

		// Epochs: queue what is due, run the oldest first, defer the rest.
		let mut queue = EpochQueue::<T>::get();
		for netuid in due {
			if !queue.contains(&netuid) && queue.try_push(netuid).is_err() {
				log::error!(target: crate::LOG_TARGET, "epoch queue full; subnet {netuid} waits for its next epoch");
			}
		}
		let run = queue.len().min(usize::try_from(T::MaxEpochsPerBlock::get()).unwrap_or(usize::MAX));
		let ready: Vec<NetUid> = queue.drain(..run).collect();
		EpochQueue::<T>::put(queue);
		let epochs = u32::try_from(ready.len()).unwrap_or(u32::MAX);
		for netuid in ready {
			let Some(info) = records.get_mut(&netuid) else { continue };
			// The epoch runs on a copy, kept only if the epoch succeeds (its storage layer is
			// rolled back otherwise).
			let mut paid = info.clone();
			match with_storage_layer(|| Self::run_epoch(netuid, &mut paid)) {
				Ok(()) => *info = paid,
				Err(error) => Self::deposit_event(Event::EpochFailed { netuid, error }),
			}
		}
		for (netuid, info) in records {
			Subnets::<T>::insert(netuid, info);
		}
		T::WeightInfo::coinbase(count)
			.saturating_add(Self::epoch_weight(T::MaxNeurons::get(), &params).saturating_mul(u64::from(epochs)))
	}
}

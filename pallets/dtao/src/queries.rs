//! Read-side functions for the runtime API (spec §8): subnets, a coldkey's stakes, limit bounds.
//! Quotes call the same functions the calls execute, so a quote and a trade agree.

use crate::{
	math::{emission, swap, tempo::next_epoch},
	pallet::*,
	types::*,
};
use alloc::vec::Vec;
use frame_support::traits::fungible::Inspect;
use sp_runtime::SaturatedConversion;

impl<T: Config> Pallet<T> {
	/// Every subnet, root excluded, with its pool, prices and emission.
	pub fn subnet_summaries() -> Vec<SubnetSummary<T::AccountId>> {
		let now: u64 = frame_system::Pallet::<T>::block_number().saturated_into();
		let emission = emission::block_emission(T::Currency::total_issuance());
		let ema_sum = Subnets::<T>::iter_values().fold(0u128, |acc, s| acc.saturating_add(s.ema_price));
		let tao_weight = Parameters::<T>::get().tao_weight;
		let mut out: Vec<SubnetSummary<T::AccountId>> = Subnets::<T>::iter()
			.map(|(netuid, s)| SubnetSummary {
				netuid,
				owner: s.owner.clone(),
				tao_reserve: s.pool.tao,
				alpha_reserve: s.pool.alpha,
				alpha_out: s.alpha_out,
				price: s.pool.price().unwrap_or(0),
				ema_price: u64::try_from(s.ema_price.saturating_mul(u128::from(swap::PRICE_UNIT)) >> 32)
					.unwrap_or(u64::MAX),
				tao_emission: emission::tao_share(emission, s.ema_price, ema_sum),
				root_proportion: emission::root_proportion(tao_weight, s.validators_root_stake, s.alpha_out),
				tempo: s.tempo,
				next_epoch: next_epoch(now, netuid, s.tempo),
				neurons: u32::try_from(Neurons::<T>::decode_len(netuid).unwrap_or(0)).unwrap_or(u32::MAX),
				last_block: s.last_block,
			})
			.collect();
		out.sort_by_key(|s| s.netuid);
		out
	}

	/// Every stake position of `coldkey`, with its TAO value: one prefix of
	/// [`ColdkeyPositions`], so the cost grows with the coldkey's own positions only.
	pub fn stakes_of(coldkey: &T::AccountId) -> Vec<StakeInfo<T::AccountId>> {
		let mut out: Vec<StakeInfo<T::AccountId>> = ColdkeyPositions::<T>::iter_key_prefix((coldkey,))
			.map(|(netuid, hotkey)| {
				let alpha = Self::stake_value(coldkey, &hotkey, netuid);
				let tao_value = Self::quote_remove_stake(netuid, alpha, None).map(|q| q.amount_out).unwrap_or(0);
				StakeInfo { hotkey, netuid, alpha, tao_value }
			})
			.collect();
		out.sort_by_key(|s| s.netuid);
		out
	}

	/// What the next epoch of `netuid` would pay each uid if it ran now, by the epoch's own
	/// [`Pallet::plan_epoch`]; nothing is written.
	pub fn epoch_preview(netuid: NetUid) -> Result<Vec<NeuronPayout<T::AccountId>>, sp_runtime::DispatchError> {
		let info = Subnets::<T>::get(netuid).ok_or(Error::<T>::SubnetNotFound)?;
		Self::plan_epoch(netuid, &info).map(|plan| plan.neurons)
	}

	/// The most TAO an `add_stake_limit` at `limit_price` would stake now (before floors).
	pub fn max_add_stake(netuid: NetUid, limit_price: u64) -> Result<u64, Error<T>> {
		Self::max_trade_for_limit(netuid, Direction::Buy, limit_price)
	}

	/// The most alpha a `remove_stake_limit` at `limit_price` would sell now (before floors).
	pub fn max_remove_stake(netuid: NetUid, limit_price: u64) -> Result<u64, Error<T>> {
		Self::max_trade_for_limit(netuid, Direction::Sell, limit_price)
	}
}

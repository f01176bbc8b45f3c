//! Read-side functions for the runtime API: subnets, a coldkey's stakes, quotes and the lock
//! cost. Quotes call the same functions the calls execute, so a quote and a trade agree.

use crate::{
	coinbase::epoch_due,
	math::{emission, swap},
	pallet::*,
	types::*,
};
use alloc::vec::Vec;
use codec::{Decode, Encode};
use frame_support::traits::fungible::Inspect;
use scale_info::TypeInfo;
use sp_runtime::SaturatedConversion;

/// One subnet as a wallet or dashboard sees it.
#[derive(serde::Serialize, serde::Deserialize, Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
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
#[derive(serde::Serialize, serde::Deserialize, Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo)]
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

impl<T: Config> Pallet<T> {
	/// Every subnet, root excluded, with its pool, prices and emission.
	pub fn subnet_summaries() -> Vec<SubnetSummary<T::AccountId>> {
		let now: u64 = frame_system::Pallet::<T>::block_number().saturated_into();
		let emission = emission::block_emission(T::Currency::total_issuance());
		let ema_sum = Subnets::<T>::iter_values().fold(0u128, |acc, s| acc.saturating_add(s.ema_price));
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
				tempo: s.tempo,
				next_epoch: next_epoch(now, netuid, s.tempo),
				neurons: u32::try_from(Neurons::<T>::decode_len(netuid).unwrap_or(0)).unwrap_or(u32::MAX),
				last_block: s.last_block,
			})
			.collect();
		out.sort_by_key(|s| s.netuid);
		out
	}

	/// Every stake position of `coldkey`, with its TAO value. Scans all positions: meant for
	/// RPC, not for on-chain use.
	pub fn stakes_of(coldkey: &T::AccountId) -> Vec<StakeInfo<T::AccountId>> {
		let mut out: Vec<StakeInfo<T::AccountId>> = Stakes::<T>::iter()
			.filter(|((_, _, c), _)| c == coldkey)
			.map(|((netuid, hotkey, _), _)| {
				let alpha = Self::stake_value(coldkey, &hotkey, netuid);
				let tao_value = Self::quote_remove_stake(netuid, alpha, None).map(|q| q.amount_out).unwrap_or(0);
				StakeInfo { hotkey, netuid, alpha, tao_value }
			})
			.collect();
		out.sort_by_key(|s| s.netuid);
		out
	}

	/// The most TAO an `add_stake_limit` at `limit_price` would stake now (before floors).
	pub fn max_add_stake(netuid: NetUid, limit_price: u64) -> Result<u64, Error<T>> {
		Ok(match Self::pool_of(netuid)? {
			None => {
				if limit_price >= swap::PRICE_UNIT {
					u64::MAX
				} else {
					0
				}
			},
			Some(pool) => swap::max_buy_for_limit(pool, limit_price, Parameters::<T>::get().swap_fee),
		})
	}

	/// The most alpha a `remove_stake_limit` at `limit_price` would sell now (before floors).
	pub fn max_remove_stake(netuid: NetUid, limit_price: u64) -> Result<u64, Error<T>> {
		Ok(match Self::pool_of(netuid)? {
			None => {
				if limit_price <= swap::PRICE_UNIT {
					u64::MAX
				} else {
					0
				}
			},
			Some(pool) => swap::max_sell_for_limit(pool, limit_price, Parameters::<T>::get().swap_fee),
		})
	}
}

/// The first block after `now` at which `netuid` has an epoch.
fn next_epoch(now: u64, netuid: NetUid, tempo: u16) -> Option<u64> {
	if tempo == 0 {
		return None;
	}
	let period = u64::from(tempo).saturating_add(1);
	// (b + netuid + 1) % period == 0: b = k*period - netuid - 1.
	let offset = u64::from(netuid).saturating_add(1).checked_rem(period).unwrap_or(0);
	let phase = now.saturating_add(offset).checked_rem(period).unwrap_or(0);
	let wait = period.saturating_sub(phase);
	let next = now.saturating_add(if wait == 0 { period } else { wait });
	debug_assert!(epoch_due(next, netuid, tempo));
	Some(next)
}

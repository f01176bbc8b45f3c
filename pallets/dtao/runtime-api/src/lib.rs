//! Runtime API of `pallet-dtao`: what a wallet or dashboard needs without replaying storage.
//! Every answer is computed by the same pallet functions the calls use.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use pallet_dtao::{
	BatchQuote, Limit, MoveQuote, NetUid, NeuronPayout, OrderRequest, StakeInfo, StakeQuote, SubnetSummary,
};
pub use sp_runtime::DispatchError;

sp_api::decl_runtime_apis! {
	/// Reads of the dTAO pallet. Version 2 adds `epoch_preview`, `quote_move` and `burn_cost`;
	/// version 3 `quote_batch`.
	#[api_version(2)]
	pub trait DtaoApi<AccountId> where AccountId: Codec {
		/// Every subnet with reserves, price, EMA, emission share, tempo and next epoch.
		fn subnets() -> Vec<SubnetSummary<AccountId>>;
		/// A coldkey's stakes with their TAO value.
		fn stakes(coldkey: AccountId) -> Vec<StakeInfo<AccountId>>;
		/// Quote `add_stake` (or `add_stake_limit` with `limit = Some(Limit { price, allow_partial })`).
		fn quote_add_stake(netuid: NetUid, amount: u64, limit: Option<Limit>) -> Result<StakeQuote, DispatchError>;
		/// Quote `remove_stake` (or `remove_stake_limit`).
		fn quote_remove_stake(netuid: NetUid, amount: u64, limit: Option<Limit>) -> Result<StakeQuote, DispatchError>;
		/// The most TAO an `add_stake_limit` at `limit_price` stakes now.
		fn max_add_stake(netuid: NetUid, limit_price: u64) -> Result<u64, DispatchError>;
		/// The most alpha a `remove_stake_limit` at `limit_price` sells now.
		fn max_remove_stake(netuid: NetUid, limit_price: u64) -> Result<u64, DispatchError>;
		/// The TAO a `register_network` costs now.
		fn lock_cost() -> u64;
		/// What the next epoch of `netuid` would pay each uid if it ran now (incentive,
		/// dividends, root TAO), computed by the epoch's own function; nothing is written.
		#[api_version(2)]
		fn epoch_preview(netuid: NetUid) -> Result<Vec<NeuronPayout<AccountId>>, DispatchError>;
		/// Quote moving `amount` alpha from `origin` to `destination` (`move_stake`,
		/// `swap_stake`, `transfer_stake` and their `_limit` variants with `limit`).
		#[api_version(2)]
		fn quote_move(origin: NetUid, destination: NetUid, amount: u64, limit: Option<Limit>) -> Result<MoveQuote, DispatchError>;
		/// The TAO a `register_neuron` on `netuid` burns now.
		#[api_version(2)]
		fn burn_cost(netuid: NetUid) -> Result<u64, DispatchError>;
		/// What `orders` would get on `netuid` as one batch cleared now (spec §3.4): the
		/// clearing price, each order's fill, the pool after. Orders settle at the end of their
		/// block, so a finished block has none waiting: pass the ones to quote together (for
		/// example, the pool's pending stake calls and one's own).
		#[api_version(3)]
		fn quote_batch(netuid: NetUid, orders: Vec<OrderRequest>) -> Result<BatchQuote, DispatchError>;
	}
}

//! The node's RPC: system (nonces), transaction payment, and `dtao_*` over the `DtaoApi`
//! runtime API.

use std::sync::Arc;

use codec::Decode;
use dtao_runtime::{opaque::Block, AccountId, Balance, Nonce};
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{error::ErrorObjectOwned, ErrorObject},
	RpcModule,
};
use pallet_dtao_runtime_api::{
	BatchQuote, DtaoApi, Limit, MoveQuote, NetUid, NeuronPayout, OrderRequest, StakeInfo, StakeQuote, SubnetSummary,
};
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};
use sp_runtime::{traits::Block as BlockT, DispatchError};

type Hash = <Block as BlockT>::Hash;

/// `dtao_*` RPC methods. `at` is a block hash (default: the best block).
#[rpc(server)]
pub trait DtaoRpc {
	/// Every subnet with reserves, price, EMA, emission share, tempo and next epoch.
	#[method(name = "dtao_subnets")]
	fn subnets(&self, at: Option<Hash>) -> RpcResult<Vec<SubnetSummary<AccountId>>>;
	/// A coldkey's stakes with their TAO value.
	#[method(name = "dtao_stakes")]
	fn stakes(&self, coldkey: AccountId, at: Option<Hash>) -> RpcResult<Vec<StakeInfo<AccountId>>>;
	/// Quote `add_stake` / `add_stake_limit`: amount out, fee, price after.
	#[method(name = "dtao_quoteAddStake")]
	fn quote_add_stake(
		&self,
		netuid: NetUid,
		amount: u64,
		limit: Option<Limit>,
		at: Option<Hash>,
	) -> RpcResult<StakeQuote>;
	/// Quote `remove_stake` / `remove_stake_limit`.
	#[method(name = "dtao_quoteRemoveStake")]
	fn quote_remove_stake(
		&self,
		netuid: NetUid,
		amount: u64,
		limit: Option<Limit>,
		at: Option<Hash>,
	) -> RpcResult<StakeQuote>;
	/// The most TAO an `add_stake_limit` at `limit_price` stakes.
	#[method(name = "dtao_maxAddStake")]
	fn max_add_stake(&self, netuid: NetUid, limit_price: u64, at: Option<Hash>) -> RpcResult<u64>;
	/// The most alpha a `remove_stake_limit` at `limit_price` sells.
	#[method(name = "dtao_maxRemoveStake")]
	fn max_remove_stake(&self, netuid: NetUid, limit_price: u64, at: Option<Hash>) -> RpcResult<u64>;
	/// The TAO a `register_network` costs now.
	#[method(name = "dtao_lockCost")]
	fn lock_cost(&self, at: Option<Hash>) -> RpcResult<u64>;
	/// Quote a move of `amount` alpha from `origin` to `destination` (optionally limited).
	#[method(name = "dtao_quoteMove")]
	fn quote_move(
		&self,
		origin: NetUid,
		destination: NetUid,
		amount: u64,
		limit: Option<Limit>,
		at: Option<Hash>,
	) -> RpcResult<MoveQuote>;
	/// What the next epoch of `netuid` would pay each uid if it ran now.
	#[method(name = "dtao_epochPreview")]
	fn epoch_preview(&self, netuid: NetUid, at: Option<Hash>) -> RpcResult<Vec<NeuronPayout<AccountId>>>;
	/// The TAO a `register_neuron` on `netuid` burns now.
	#[method(name = "dtao_burnCost")]
	fn burn_cost(&self, netuid: NetUid, at: Option<Hash>) -> RpcResult<u64>;
	/// What `orders` would get on `netuid` as one batch cleared now: price, fills, pool after.
	#[method(name = "dtao_quoteBatch")]
	fn quote_batch(&self, netuid: NetUid, orders: Vec<OrderRequest>, at: Option<Hash>) -> RpcResult<BatchQuote>;
}

/// The `dtao_*` RPC handler.
pub struct Dtao<C> {
	client: Arc<C>,
}

fn api_error(e: impl std::fmt::Debug) -> ErrorObjectOwned {
	ErrorObject::owned(1, "runtime API call failed", Some(format!("{e:?}")))
}

/// A pallet error by name (e.g. `Dtao.SubnetNotFound`), other errors as they print.
fn dispatch_error(e: DispatchError) -> ErrorObjectOwned {
	let name = match e {
		DispatchError::Module(m) => pallet_dtao::Error::<dtao_runtime::Runtime>::decode(&mut &m.error[..])
			.map(|err| format!("Dtao.{err:?}"))
			.unwrap_or_else(|_| format!("{e:?}")),
		other => format!("{other:?}"),
	};
	ErrorObject::owned(2, name, None::<()>)
}

impl<C> Dtao<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: DtaoApi<Block, AccountId>,
{
	fn at(&self, at: Option<Hash>) -> Hash {
		at.unwrap_or_else(|| self.client.info().best_hash)
	}
}

impl<C> DtaoRpcServer for Dtao<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: DtaoApi<Block, AccountId>,
{
	fn subnets(&self, at: Option<Hash>) -> RpcResult<Vec<SubnetSummary<AccountId>>> {
		self.client.runtime_api().subnets(self.at(at)).map_err(api_error)
	}
	fn stakes(&self, coldkey: AccountId, at: Option<Hash>) -> RpcResult<Vec<StakeInfo<AccountId>>> {
		self.client.runtime_api().stakes(self.at(at), coldkey).map_err(api_error)
	}
	fn quote_add_stake(
		&self,
		netuid: NetUid,
		amount: u64,
		limit: Option<Limit>,
		at: Option<Hash>,
	) -> RpcResult<StakeQuote> {
		self.client
			.runtime_api()
			.quote_add_stake(self.at(at), netuid, amount, limit)
			.map_err(api_error)?
			.map_err(dispatch_error)
	}
	fn quote_remove_stake(
		&self,
		netuid: NetUid,
		amount: u64,
		limit: Option<Limit>,
		at: Option<Hash>,
	) -> RpcResult<StakeQuote> {
		self.client
			.runtime_api()
			.quote_remove_stake(self.at(at), netuid, amount, limit)
			.map_err(api_error)?
			.map_err(dispatch_error)
	}
	fn max_add_stake(&self, netuid: NetUid, limit_price: u64, at: Option<Hash>) -> RpcResult<u64> {
		self.client
			.runtime_api()
			.max_add_stake(self.at(at), netuid, limit_price)
			.map_err(api_error)?
			.map_err(dispatch_error)
	}
	fn max_remove_stake(&self, netuid: NetUid, limit_price: u64, at: Option<Hash>) -> RpcResult<u64> {
		self.client
			.runtime_api()
			.max_remove_stake(self.at(at), netuid, limit_price)
			.map_err(api_error)?
			.map_err(dispatch_error)
	}
	fn lock_cost(&self, at: Option<Hash>) -> RpcResult<u64> {
		self.client.runtime_api().lock_cost(self.at(at)).map_err(api_error)
	}
	fn quote_move(
		&self,
		origin: NetUid,
		destination: NetUid,
		amount: u64,
		limit: Option<Limit>,
		at: Option<Hash>,
	) -> RpcResult<MoveQuote> {
		self.client
			.runtime_api()
			.quote_move(self.at(at), origin, destination, amount, limit)
			.map_err(api_error)?
			.map_err(dispatch_error)
	}
	fn epoch_preview(&self, netuid: NetUid, at: Option<Hash>) -> RpcResult<Vec<NeuronPayout<AccountId>>> {
		self.client.runtime_api().epoch_preview(self.at(at), netuid).map_err(api_error)?.map_err(dispatch_error)
	}
	fn burn_cost(&self, netuid: NetUid, at: Option<Hash>) -> RpcResult<u64> {
		self.client.runtime_api().burn_cost(self.at(at), netuid).map_err(api_error)?.map_err(dispatch_error)
	}
	fn quote_batch(&self, netuid: NetUid, orders: Vec<OrderRequest>, at: Option<Hash>) -> RpcResult<BatchQuote> {
		self.client.runtime_api().quote_batch(self.at(at), netuid, orders).map_err(api_error)?.map_err(dispatch_error)
	}
}

/// What the RPC needs.
pub struct FullDeps<C, P> {
	/// The client.
	pub client: Arc<C>,
	/// The transaction pool.
	pub pool: Arc<P>,
}

/// All RPC modules of the node.
pub fn create_full<C, P>(deps: FullDeps<C, P>) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>,
	C: HeaderBackend<Block> + HeaderMetadata<Block, Error = BlockChainError> + 'static,
	C: Send + Sync + 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>,
	C::Api: pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>,
	C::Api: DtaoApi<Block, AccountId>,
	C::Api: BlockBuilder<Block>,
	P: TransactionPool + 'static,
{
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool } = deps;
	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	module.merge(Dtao { client }.into_rpc())?;
	Ok(module)
}

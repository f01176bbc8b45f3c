//! A mock runtime: frame-system, pallet-balances as TAO (u64, ED 1) and pallet-dtao.

use crate as pallet_dtao;
use crate::{GenesisSubnet, NetUid};
use frame_support::{
	derive_impl, parameter_types,
	traits::{OnFinalize, OnIdle, OnInitialize},
	PalletId,
};
use frame_system::EnsureRoot;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(2)]
	pub type Dtao = pallet_dtao;
}

frame_support::parameter_types! {
	/// The production runtime's block: 4 s of compute, 75% for normal extrinsics.
	pub MockBlockWeights: frame_system::limits::BlockWeights =
		frame_system::limits::BlockWeights::with_sensible_defaults(
			frame_support::weights::Weight::from_parts(4 * frame_support::weights::constants::WEIGHT_REF_TIME_PER_SECOND, u64::MAX),
			sp_runtime::Perbill::from_percent(75),
		);
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
	type BlockWeights = MockBlockWeights;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
}

parameter_types! {
	pub const DtaoPalletId: PalletId = PalletId(*b"py/dtao_");
	pub const MaxSubnets: u16 = 32;
	pub const MaxNeurons: u32 = 16;
	pub const MinStake: u64 = 500_000;
	pub const MinReserve: u64 = 10_000_000;
	pub const PoolInitialTao: u64 = 100 * TAO;
	pub const OwnerCut: sp_runtime::Perbill = sp_runtime::Perbill::from_percent(18);
	pub const ValidatorTake: sp_runtime::Perbill = sp_runtime::Perbill::from_percent(18);
	pub static MaxEpochsPerBlock: u32 = 4;
	pub static MaxIdleDissolve: u32 = crate::DISSOLVE_BATCH_MAX;
	/// The rules before "fair over time", for the attack search's proof of teeth.
	pub static PreFairnessRules: bool = false;
	/// The spare weight `run_to_block` hands `on_idle` each block (half a 2 s block).
	pub static IdleWeight: frame_support::weights::Weight =
		frame_support::weights::Weight::from_parts(1_000_000_000_000, u64::MAX);
}

impl pallet_dtao::Config for Test {
	type Currency = Balances;
	type AdminOrigin = EnsureRoot<AccountId>;
	type PalletId = DtaoPalletId;
	type MaxSubnets = MaxSubnets;
	type MaxNeurons = MaxNeurons;
	type MinStake = MinStake;
	type MinReserve = MinReserve;
	type PoolInitialTao = PoolInitialTao;
	type OwnerCut = OwnerCut;
	type ValidatorTake = ValidatorTake;
	type MaxEpochsPerBlock = MaxEpochsPerBlock;
	type MaxOrdersPerBlock = frame_support::traits::ConstU32<16>;
	type MaxIdleDissolve = MaxIdleDissolve;
	type PreFairnessRules = PreFairnessRules;
	type Observer = ();
	type WeightInfo = ();
}

pub use crate::TAO;

/// Coldkeys and hotkeys used across the tests.
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const POOR: AccountId = 4;
pub const ALICE_HOT: AccountId = 11;
pub const BOB_HOT: AccountId = 12;
pub const CHARLIE_HOT: AccountId = 13;

/// Builds test externalities: balances, and (optionally) genesis subnets.
pub struct ExtBuilder {
	balances: Vec<(AccountId, u64)>,
	subnets: Vec<GenesisSubnet<AccountId>>,
	neurons: Vec<(NetUid, AccountId, AccountId)>,
	stakes: Vec<(AccountId, AccountId, NetUid, u64)>,
	weights: Vec<crate::GenesisWeights<AccountId>>,
	params: Option<crate::Params>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		ExtBuilder {
			balances: vec![(ALICE, 10_000 * TAO), (BOB, 10_000 * TAO), (CHARLIE, 10_000 * TAO), (POOR, TAO)],
			subnets: vec![],
			neurons: vec![],
			stakes: vec![],
			weights: vec![],
			params: None,
		}
	}
}

impl ExtBuilder {
	/// Subnet 1 owned by Alice: a 1,000 TAO / 1,000 alpha pool at price 1.0, EMA 1.0, `tempo`.
	pub fn market(tempo: u16) -> Self {
		Self::default().with_market(1, 1_000 * TAO, 1_000 * TAO, TAO, tempo)
	}
	/// Add a genesis subnet owned by Alice with the given reserves (EMA 0, default tempo).
	pub fn with_subnet(self, netuid: NetUid, tao: u64, alpha: u64) -> Self {
		self.with_genesis_subnet(netuid, tao, alpha, 0, None)
	}
	/// Add a genesis subnet owned by Alice with reserves, starting EMA (rao per alpha) and tempo.
	pub fn with_market(self, netuid: NetUid, tao: u64, alpha: u64, ema_price: u64, tempo: u16) -> Self {
		self.with_genesis_subnet(netuid, tao, alpha, ema_price, Some(tempo))
	}
	fn with_genesis_subnet(
		mut self,
		netuid: NetUid,
		tao_reserve: u64,
		alpha_reserve: u64,
		ema_price: u64,
		tempo: Option<u16>,
	) -> Self {
		self.subnets.push(GenesisSubnet {
			netuid,
			owner: ALICE,
			owner_hotkey: ALICE_HOT,
			tao_reserve,
			alpha_reserve,
			ema_price,
			tempo,
		});
		self
	}
	/// Register an extra neuron at genesis.
	pub fn with_neuron(mut self, netuid: NetUid, hotkey: AccountId, coldkey: AccountId) -> Self {
		self.neurons.push((netuid, hotkey, coldkey));
		self
	}
	/// Register extra neurons at genesis: `(netuid, hotkey, coldkey)` each.
	pub fn with_neurons(mut self, neurons: &[(NetUid, AccountId, AccountId)]) -> Self {
		self.neurons.extend_from_slice(neurons);
		self
	}
	/// Add genesis stakes: `(coldkey, hotkey, netuid, amount)` each.
	pub fn with_stakes(mut self, stakes: &[(AccountId, AccountId, NetUid, u64)]) -> Self {
		self.stakes.extend_from_slice(stakes);
		self
	}
	/// Add a genesis stake.
	pub fn with_stake(mut self, coldkey: AccountId, hotkey: AccountId, netuid: NetUid, amount: u64) -> Self {
		self.stakes.push((coldkey, hotkey, netuid, amount));
		self
	}
	/// Genesis weights: `(netuid, validator hotkey, (uid, weight) pairs)` each.
	pub fn with_weights(mut self, weights: Vec<crate::GenesisWeights<AccountId>>) -> Self {
		self.weights.extend(weights);
		self
	}
	/// Override the parameters.
	pub fn with_params(mut self, params: crate::Params) -> Self {
		self.params = Some(params);
		self
	}
	/// Build the externalities at block 1.
	pub fn build(self) -> sp_io::TestExternalities {
		// The whole runtime's genesis, as a chain builds it (pallets' storage versions included).
		let storage = RuntimeGenesisConfig {
			system: Default::default(),
			balances: pallet_balances::GenesisConfig::<Test> { balances: self.balances, ..Default::default() },
			dtao: pallet_dtao::GenesisConfig::<Test> {
				params: self.params,
				subnets: self.subnets,
				neurons: self.neurons,
				stakes: self.stakes,
				weights: self.weights,
			},
		}
		.build_storage()
		.expect("genesis builds");
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| System::set_block_number(1));
		ext
	}
	/// Build, run `test`, then check every invariant.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			check_invariants();
		});
	}
}

/// Assert every invariant of spec §7 (docs/spec.md) (the pallet's `try_state`).
pub fn check_invariants() {
	crate::Pallet::<Test>::do_try_state().expect("invariants hold");
}

/// Run to block `n`, checking the invariants after every block, and invariant 4: total
/// issuance grows in `on_initialize` by exactly the TAO injected, less the TAO recycled. Each
/// block ends with `on_idle` (`IdleWeight` spare) and `on_finalize`.
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let b = System::block_number();
		Dtao::on_idle(b, IdleWeight::get());
		check_invariants();
		Dtao::on_finalize(b);
		System::on_finalize(b);
		check_invariants();
		System::set_block_number(b + 1);
		System::on_initialize(b + 1);
		let before = Balances::total_issuance();
		let events_before = System::event_count();
		Dtao::on_initialize(b + 1);
		let injected: u64 = crate::Subnets::<Test>::iter_values().map(|s| s.last_block.tao_in).sum();
		assert_eq!(injected, crate::BlockMinted::<Test>::get());
		let recycled: u64 = System::events()
			.into_iter()
			.skip(events_before as usize)
			.filter_map(|r| match r.event {
				RuntimeEvent::Dtao(crate::Event::EpochPaid { payout, .. }) => Some(payout.recycled_tao),
				_ => None,
			})
			.sum();
		assert_eq!(Balances::total_issuance(), before + injected - recycled, "invariant 4 at block {}", b + 1);
		check_invariants();
	}
}

/// End the block's batches now (the pallet's `on_finalize`, without moving to the next block),
/// then check the invariants: a test's orders settle, at the price they clear at together.
pub fn clear_orders() {
	Dtao::on_finalize(System::block_number());
	check_invariants();
}

/// Whether the pallet deposited `event` (at any time in the test).
pub fn deposited(event: crate::Event<Test>) -> bool {
	dtao_events().contains(&event)
}

/// The pallet's events, oldest first.
pub fn dtao_events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Dtao(e) = r.event { Some(e) } else { None })
		.collect()
}

/// The pallet's hooks only, block by block to `n`, without invariant checks (for tests that
/// corrupt state on purpose or check something else after each block).
pub fn run_to_block_unchecked(n: u64) {
	while System::block_number() < n {
		let b = System::block_number();
		Dtao::on_idle(b, IdleWeight::get());
		Dtao::on_finalize(b);
		System::set_block_number(b + 1);
		Dtao::on_initialize(b + 1);
	}
}

/// The last pallet event.
pub fn last_event() -> crate::Event<Test> {
	dtao_events().pop().expect("an event")
}

/// Every `EpochPaid` so far: (netuid, payout), oldest first.
pub fn epoch_payouts() -> Vec<(NetUid, crate::EpochPayout)> {
	dtao_events()
		.into_iter()
		.filter_map(|e| if let crate::Event::EpochPaid { netuid, payout } = e { Some((netuid, payout)) } else { None })
		.collect()
}

/// A subnet's stored struct.
pub fn subnet(netuid: NetUid) -> crate::SubnetInfo<AccountId, u64> {
	crate::Subnets::<Test>::get(netuid).expect("subnet")
}

/// A subnet's pool.
pub fn pool(netuid: NetUid) -> crate::math::swap::Pool {
	subnet(netuid).pool
}

/// A subnet's alpha outside the pool.
pub fn alpha_out(netuid: NetUid) -> u64 {
	subnet(netuid).alpha_out
}

/// The value of `coldkey`'s stake under `hotkey` on `netuid`.
pub fn stake(coldkey: AccountId, hotkey: AccountId, netuid: NetUid) -> u64 {
	Dtao::stake_value(&coldkey, &hotkey, netuid)
}

/// A free balance.
pub fn free(who: AccountId) -> u64 {
	<Balances as frame_support::traits::fungible::Inspect<_>>::balance(&who)
}

/// Mint `amount` TAO to `who`.
pub fn fund(who: AccountId, amount: u64) {
	<Balances as frame_support::traits::fungible::Mutate<_>>::mint_into(&who, amount).expect("mint");
}

/// A weight vector for `set_weights`.
pub fn bounded(v: Vec<u16>) -> frame_support::BoundedVec<u16, MaxNeurons> {
	frame_support::BoundedVec::truncate_from(v)
}

/// Default test externalities (no subnets).
pub fn new_test_ext() -> sp_io::TestExternalities {
	ExtBuilder::default().build()
}

/// Run the epoch of `netuid` now, as a block would: its record read, the epoch, the record written.
pub fn run_epoch(netuid: NetUid) -> sp_runtime::DispatchResult {
	let mut info = crate::Subnets::<Test>::get(netuid).ok_or(crate::Error::<Test>::SubnetNotFound)?;
	Dtao::run_epoch(netuid, &mut info)?;
	crate::Subnets::<Test>::insert(netuid, info);
	Ok(())
}

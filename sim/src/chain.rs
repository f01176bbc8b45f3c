//! A subnet with neurons, run on the pallet itself.
//!
//! The aggregate model ([`crate::Sim`]) runs the pallet's per-subnet coinbase but settles an
//! epoch as three lumps (owner and miners' alpha to "holders", validators' alpha kept, root TAO
//! compounded into one root stake). Here the neurons are real: the pallet's mock runtime
//! (frame-system, pallet-balances as TAO, pallet-dtao) runs block by block through the pallets'
//! hooks, validators hold alpha and root stake and weight the miners, and every epoch is the
//! pallet's own epoch code (permits, consensus, incentive, dividends, validator take, root TAO
//! to the permit holders' root stake). What it reports per role and per neuron is what the
//! chain pays: the sums of its `EpochPaid` events and the changes of its stake positions.
//!
//! `dtao-sim --chain sim/scenarios/neurons.toml` prints the tables in `docs/economics.md`.

use crate::{rao, Agents, Scenario, Sim, TAO};
use frame_support::traits::{OnFinalize, OnInitialize};
use pallet_dtao::{
	mock::{self, Dtao, ExtBuilder, RuntimeEvent, System, Test},
	EpochPayout, NetUid, Params, PendingEmission,
};
use serde::Deserialize;

/// The subnet the scenario runs (the mock's genesis subnets are owned by Alice).
pub const NETUID: NetUid = 1;

/// A validator: its alpha stake on the subnet and its root stake, in TAO.
#[derive(Clone, Copy, Debug, Deserialize)]
pub struct Validator {
	/// Alpha staked under its hotkey on the subnet (by its own coldkey).
	pub alpha: f64,
	/// TAO staked under its hotkey on root.
	pub root: f64,
}

/// A scenario file with neurons (`sim/scenarios/neurons.toml`).
#[derive(Clone, Debug, Deserialize)]
pub struct NeuronScenario {
	/// Days to run.
	pub days: u32,
	/// Blocks per day (7,200 at 12 s).
	pub blocks_per_day: u32,
	/// The subnet's tempo.
	pub tempo: u16,
	/// The pool's TAO at genesis.
	pub pool_tao: f64,
	/// The pool's alpha at genesis.
	pub pool_alpha: f64,
	/// The starting EMA price (TAO per alpha).
	pub initial_ema: f64,
	/// TAO weight (0.18).
	pub tao_weight: f64,
	/// The validators, uids 1.. in order.
	pub validators: Vec<Validator>,
	/// The miners, uids after the validators: the weight every validator gives each.
	pub miners: Vec<u16>,
}

/// What one neuron earned over the run.
#[derive(Clone, Debug, PartialEq)]
pub struct NeuronEarnings {
	/// Its uid (0: the owner's hotkey).
	pub uid: u16,
	/// "owner", "validator" or "miner".
	pub role: &'static str,
	/// Growth of the alpha staked under its hotkey on the subnet (all coldkeys), in rao.
	pub alpha: u64,
	/// Growth of the TAO staked under its hotkey on root, in rao.
	pub root_tao: u64,
}

/// What the chain paid over the run.
#[derive(Clone, Debug, PartialEq)]
pub struct ChainReport {
	/// Epochs run on the subnet.
	pub epochs: u32,
	/// The sums of its `EpochPaid` events.
	pub paid: EpochPayout,
	/// Every neuron's earnings.
	pub neurons: Vec<NeuronEarnings>,
	/// The aggregate model's epoch payouts from the same genesis over the same blocks.
	pub aggregate: PendingEmission,
}

/// Coldkey and hotkey of uid `uid` (`uid >= 1`; uid 0 is Alice's owner hotkey).
fn keys(uid: u16) -> (u64, u64) {
	(1_000 + u64::from(uid), 2_000 + u64::from(uid))
}

fn add(total: &mut EpochPayout, p: &EpochPayout) {
	total.owner_alpha += p.owner_alpha;
	total.miner_alpha += p.miner_alpha;
	total.validator_alpha += p.validator_alpha;
	total.miners_to_validators += p.miners_to_validators;
	total.root_tao += p.root_tao;
	total.recycled_miner_alpha += p.recycled_miner_alpha;
	total.recycled_validator_alpha += p.recycled_validator_alpha;
	total.recycled_tao += p.recycled_tao;
	total.validators = p.validators;
}

/// The mock chain at genesis: the subnet, its neurons (validators, then miners), their stakes,
/// and every validator's weights on the miners (the genesis applies weights last).
fn genesis(s: &NeuronScenario) -> sp_io::TestExternalities {
	let mut b = ExtBuilder::default()
		.with_market(NETUID, rao(s.pool_tao), rao(s.pool_alpha), rao(s.initial_ema), s.tempo)
		.with_params(Params { tao_weight: crate::perbill(s.tao_weight), ..Params::default() });
	let validators = s.validators.len() as u16;
	let row: Vec<(u16, u16)> =
		s.miners.iter().enumerate().map(|(i, w)| (validators + 1 + i as u16, *w)).filter(|(_, w)| *w > 0).collect();
	for (i, v) in s.validators.iter().enumerate() {
		let (cold, hot) = keys(i as u16 + 1);
		b = b.with_neuron(NETUID, hot, cold).with_weights(vec![(NETUID, hot, row.clone())]);
		if v.alpha > 0.0 {
			b = b.with_stake(cold, hot, NETUID, rao(v.alpha));
		}
		if v.root > 0.0 {
			b = b.with_stake(cold, hot, 0, rao(v.root));
		}
	}
	for i in 0..s.miners.len() {
		let (cold, hot) = keys(validators + 1 + i as u16);
		b = b.with_neuron(NETUID, hot, cold);
	}
	b.build()
}

/// The total value staked under `hotkey` on `netuid`, over every coldkey.
fn staked_under(hotkey: u64, netuid: NetUid) -> u64 {
	pallet_dtao::Stakes::<Test>::iter_keys()
		.filter(|(n, h, _)| *n == netuid && *h == hotkey)
		.map(|(n, h, c)| mock::stake(c, h, n))
		.sum()
}

/// Every neuron's hotkey, uid order, with its role.
fn roster(s: &NeuronScenario) -> Vec<(u16, &'static str, u64)> {
	let validators = s.validators.len() as u16;
	let mut out = vec![(0, "owner", mock::ALICE_HOT)];
	for uid in 1..=validators + s.miners.len() as u16 {
		out.push((uid, if uid <= validators { "validator" } else { "miner" }, keys(uid).1));
	}
	out
}

/// Run the scenario on the chain; with `checked`, every invariant of spec §7 (`try_state`)
/// after every block.
pub fn run(s: &NeuronScenario, checked: bool) -> ChainReport {
	let mut ext = genesis(s);
	let roster = roster(s);
	let blocks = u64::from(s.days) * u64::from(s.blocks_per_day);
	let (start, mut sim) = ext.execute_with(|| {
		let start: Vec<(u64, u64)> =
			roster.iter().map(|(_, _, hot)| (staked_under(*hot, NETUID), staked_under(*hot, 0))).collect();
		(start, aggregate_model(s))
	});
	let (mut paid, mut epochs) = (EpochPayout::default(), 0u32);
	let mut block = 1u64;
	while block <= blocks {
		// A day at a time, then the overlay is committed (keeps the externalities small).
		let end = (block + u64::from(s.blocks_per_day)).min(blocks + 1);
		ext.execute_with(|| {
			for b in block..end {
				Dtao::on_finalize(b);
				System::on_finalize(b);
				System::reset_events();
				System::set_block_number(b + 1);
				System::on_initialize(b + 1);
				Dtao::on_initialize(b + 1);
				for r in System::events() {
					if let RuntimeEvent::Dtao(pallet_dtao::Event::EpochPaid { netuid: NETUID, payout }) = r.event {
						add(&mut paid, &payout);
						epochs += 1;
					}
				}
				if checked {
					mock::check_invariants();
				}
				sim.step();
			}
		});
		ext.commit_all().expect("the overlay commits");
		block = end;
	}
	let neurons = ext.execute_with(|| {
		roster
			.iter()
			.zip(start)
			.map(|((uid, role, hot), (alpha0, root0))| NeuronEarnings {
				uid: *uid,
				role,
				alpha: staked_under(*hot, NETUID).saturating_sub(alpha0),
				root_tao: staked_under(*hot, 0).saturating_sub(root0),
			})
			.collect()
	});
	ChainReport { epochs, paid, neurons, aggregate: sim.paid() }
}

/// The aggregate model started from the chain's genesis state (call inside the externalities).
fn aggregate_model(s: &NeuronScenario) -> Sim {
	let info = mock::subnet(NETUID);
	let params = pallet_dtao::Parameters::<Test>::get();
	let scenario = Scenario {
		days: s.days,
		blocks_per_day: s.blocks_per_day,
		subnets: 1,
		pool_tao: s.pool_tao,
		pool_alpha: s.pool_alpha,
		initial_ema: s.initial_ema,
		root_stake: info.validators_root_stake as f64 / TAO,
		tao_weight: s.tao_weight,
		ema_alpha: f64::from(params.ema_alpha.deconstruct()) / 1e9,
		swap_fee: f64::from(params.swap_fee.deconstruct()) / 1e9,
		tempo: u32::from(s.tempo),
		issuance: mock::Balances::total_issuance() as f64 / TAO,
		agents: Agents {
			buy_tao_per_day: 0.0,
			buy_growth_per_day: 0.0,
			sell_fraction: 0.0,
			buyer_skew: 0.0,
			rush_tao_per_day: 0.0,
			rush_days: 0,
		},
		max_ema_price: Some(params.max_ema_price as f64 / TAO),
		pump: None,
		ema_warmup: Some(params.ema_warmup),
	};
	let mut sim = Sim::new(scenario);
	// The chain's first coinbase is block 2 (genesis is block 1).
	sim.set_block(1);
	sim.set_root_stake(info.validators_root_stake);
	sim.set_issuance(mock::Balances::total_issuance());
	let mine = sim.subnet_mut(0);
	mine.pool = info.pool;
	mine.alpha_out = info.alpha_out;
	mine.ema_price = info.ema_price;
	mine.validators_root_stake = info.validators_root_stake;
	sim
}

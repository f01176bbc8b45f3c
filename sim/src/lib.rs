//! `dtao-sim`: dTAO's economics block by block, with the pallet's own per-subnet coinbase
//! (`pallet_dtao::coinbase::step_subnet`), swap math and emission math. Agents are simple:
//! steady buyers, sellers who cash out a share of the emissions at each epoch, and root stakers
//! who keep their stake and receive root's TAO.
//!
//! Simplifications (stated in `docs/economics.md`): neurons are not modelled one by one; at an
//! epoch the owner's and miners' alpha is paid to "holders" (who may sell), the validators' alpha
//! stays staked, and root's TAO is added to the root stake (compounding, as staked dividends do).
//! Every subnet's validators hold the whole root stake (`R_i = R`), as the large root validators
//! do on every subnet.

use pallet_dtao::{
	coinbase::step_subnet,
	math::{
		emission::{self, FIXED_ONE},
		swap::{self, Pool},
	},
	mock::Test,
	Config, Params, PendingEmission, PositionChange, SubnetInfo,
};
use serde::Deserialize;
use sp_arithmetic::Perbill;

pub mod chain;
pub mod hunt;

/// 1 TAO in rao.
pub const TAO: f64 = 1e9;

/// A scenario file.
#[derive(Clone, Debug, Deserialize)]
pub struct Scenario {
	/// Days to simulate.
	pub days: u32,
	/// Blocks per day (7,200 at 12 s).
	pub blocks_per_day: u32,
	/// Number of subnets.
	pub subnets: u32,
	/// Initial pool TAO and alpha of every subnet.
	pub pool_tao: f64,
	/// Initial pool alpha.
	pub pool_alpha: f64,
	/// Initial EMA price (TAO per alpha).
	pub initial_ema: f64,
	/// TAO staked on root.
	pub root_stake: f64,
	/// TAO weight.
	pub tao_weight: f64,
	/// EMA factor per block.
	pub ema_alpha: f64,
	/// Swap fee.
	pub swap_fee: f64,
	/// Blocks per tempo.
	pub tempo: u32,
	/// TAO issued at the start.
	pub issuance: f64,
	/// The agents.
	pub agents: Agents,
	/// The cap on the EMA's input price (TAO per alpha; `None`: the pallet's default, 1.0).
	#[serde(default)]
	pub max_ema_price: Option<f64>,
	/// A subnet whose owner pumps its price (`pump.toml`); `None`: no such subnet.
	#[serde(default)]
	pub pump: Option<Pump>,
	/// The EMA warm-up of new subnets (blocks; `None`: the pallet's default, 0: none, the rule
	/// before "fair over time").
	#[serde(default)]
	pub ema_warmup: Option<u32>,
}

/// An owner who holds all of a new subnet's alpha and buys its price up (spec §2, §4.6 attack).
#[derive(Clone, Debug, Deserialize)]
pub struct Pump {
	/// TAO the owner buys into its subnet before the first block (0: no pump, the baseline).
	pub c: f64,
	/// The new subnet's pool seed: this much TAO and as much alpha (price 1.0).
	pub seed: f64,
	/// Whether the owner buys every day to hold the price it pumped to.
	#[serde(default)]
	pub keep_buying: bool,
	/// Whether the root validators (the whole root stake) validate the pumped subnet too;
	/// `false` is a subnet whose slots keep them out.
	pub root_validators: bool,
}

/// Where a pumping owner stands.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PumpOutcome {
	/// The pumped subnet's share of all TAO injected so far.
	pub share: f64,
	/// TAO the owner put in (the pump and any later buying).
	pub spent: f64,
	/// TAO it would get selling all its alpha now (as much as the pool takes).
	pub sell_out: f64,
	/// `sell_out - spent`.
	pub net: f64,
}

/// The pumping owner's state.
#[derive(Clone, Debug)]
struct Pumper {
	index: usize,
	alpha: u64,
	spent: u64,
	target_price: u64,
	tao_in: u128,
	root_validators: bool,
	keep_buying: bool,
}

/// The agents' behaviour.
#[derive(Clone, Debug, Deserialize)]
pub struct Agents {
	/// TAO bought into each subnet per day (before skew).
	pub buy_tao_per_day: f64,
	/// Daily growth of the buying.
	pub buy_growth_per_day: f64,
	/// Share of the owner's and miners' alpha sold at each epoch.
	pub sell_fraction: f64,
	/// Buying falls off with the subnet's rank: weight `(k+1)^-skew`.
	pub buyer_skew: f64,
	/// Extra TAO bought into each subnet per day during the first `rush_days` (a launch rush).
	#[serde(default)]
	pub rush_tao_per_day: f64,
	/// Days the rush lasts (7).
	#[serde(default = "a_week")]
	pub rush_days: u32,
}

fn a_week() -> u32 {
	7
}

/// One day's summary.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Day {
	/// Day number (1-based).
	pub day: u32,
	/// Root's share of the validators' emission that day (root alpha sold / validators' half).
	pub root_share: f64,
	/// Mean spot price over subnets (TAO per alpha).
	pub mean_price: f64,
	/// Mean EMA price over subnets.
	pub mean_ema: f64,
	/// Highest and lowest subnet price.
	pub max_price: f64,
	/// Lowest subnet price.
	pub min_price: f64,
	/// Mean TAO in a subnet's pool.
	pub mean_pool_tao: f64,
	/// Root stakers' yield that day, annualised (simple, %).
	pub root_apr: f64,
	/// Total alpha issued over all subnets.
	pub alpha_issuance: f64,
	/// Total TAO issuance.
	pub tao_issuance: f64,
}

pub(crate) fn rao(x: f64) -> u64 {
	(x * TAO).round().clamp(0.0, u64::MAX as f64) as u64
}

pub(crate) fn perbill(x: f64) -> Perbill {
	Perbill::from_parts((x * 1e9).round().clamp(0.0, 1e9) as u32)
}

/// The simulation state.
pub struct Sim {
	scenario: Scenario,
	params: Params,
	subnets: Vec<SubnetInfo<u32, u32>>,
	/// Alpha held by sellers, per subnet, waiting to be sold.
	unsold: Vec<u64>,
	root_stake: u64,
	issuance: u64,
	block: u64,
	pumper: Option<Pumper>,
	tao_in: u128,
	/// What the honest subnets' epochs paid so far, summed.
	paid: PendingEmission,
}

/// The pallet's reserve floor, read from the pallet's `Config` (the mock runtime's, which the
/// runtime shares).
fn min_reserve() -> u64 {
	<Test as Config>::MinReserve::get()
}

/// The owner's cut of a subnet's alpha, read from the pallet's `Config`.
fn owner_cut() -> Perbill {
	<Test as Config>::OwnerCut::get()
}

impl Sim {
	/// Build the starting state.
	pub fn new(scenario: Scenario) -> Self {
		let params = Params {
			tao_weight: perbill(scenario.tao_weight),
			ema_alpha: perbill(scenario.ema_alpha),
			swap_fee: perbill(scenario.swap_fee),
			default_tempo: u16::try_from(scenario.tempo).unwrap_or(u16::MAX),
			max_ema_price: scenario.max_ema_price.map(rao).unwrap_or(Params::default().max_ema_price),
			ema_warmup: scenario.ema_warmup.unwrap_or(Params::default().ema_warmup),
			..Params::default()
		};
		let ema = (scenario.initial_ema * FIXED_ONE as f64) as u128;
		let pool = Pool { tao: rao(scenario.pool_tao), alpha: rao(scenario.pool_alpha) };
		let mut subnet = SubnetInfo::new(0u32, 0u32, pool, ema, params.default_tempo, 0u32);
		subnet.validators_root_stake = rao(scenario.root_stake);
		let mut subnets = vec![subnet; scenario.subnets as usize];
		let pumper = scenario.pump.as_ref().map(|p| {
			// A new subnet, registered in the first block (its EMA warms up from there): its seed
			// at price 1.0, EMA 0; the owner then buys `c` TAO of it.
			let seed = rao(p.seed);
			let mut pumped =
				SubnetInfo::new(0u32, 0u32, Pool { tao: seed, alpha: seed }, 0, params.default_tempo, 1u32);
			let (mut alpha, mut spent) = (0, 0);
			if p.c > 0.0 {
				if let Ok(o) = swap::buy(pumped.pool, rao(p.c), params.swap_fee, min_reserve()) {
					pumped
						.apply_trade(Some(o.pool_after), o.amount_out, 0, PositionChange::Kept)
						.expect("alpha outside the pool stays in range");
					alpha = o.amount_out;
					spent = o.amount_in;
				}
			}
			subnets.push(pumped.clone());
			Pumper {
				index: subnets.len() - 1,
				alpha,
				spent,
				target_price: pumped.pool.price().unwrap_or(0),
				tao_in: 0,
				root_validators: p.root_validators,
				keep_buying: p.keep_buying,
			}
		});
		Sim {
			unsold: vec![0; subnets.len()],
			subnets,
			root_stake: rao(scenario.root_stake),
			issuance: rao(scenario.issuance),
			block: 0,
			pumper,
			tao_in: 0,
			paid: PendingEmission::default(),
			params,
			scenario,
		}
	}

	/// Where the pumping owner stands now (`None` without a pumped subnet).
	pub fn pump_outcome(&self) -> Option<PumpOutcome> {
		let p = self.pumper.as_ref()?;
		let pool = self.subnets[p.index].pool;
		let fee = self.params.swap_fee;
		let sellable =
			pallet_dtao::math::max_satisfying(p.alpha, |y| y == 0 || swap::sell(pool, y, fee, min_reserve()).is_ok())
				.unwrap_or(0);
		let sell_out = if sellable == 0 {
			0
		} else {
			swap::sell(pool, sellable, fee, min_reserve()).map(|o| o.amount_out).unwrap_or(0)
		};
		let (spent, sell_out) = (p.spent as f64 / TAO, sell_out as f64 / TAO);
		Some(PumpOutcome {
			share: if self.tao_in == 0 { 0.0 } else { p.tao_in as f64 / self.tao_in as f64 },
			spent,
			sell_out,
			net: sell_out - spent,
		})
	}

	/// What the honest subnets' epochs paid so far (owner, miners, validators, root TAO), summed.
	pub fn paid(&self) -> PendingEmission {
		self.paid
	}

	/// Set the block number the next `step` follows (to line epochs up with a chain's).
	pub fn set_block(&mut self, block: u64) {
		self.block = block;
	}

	/// Set the root stake behind every subnet's validators (rao).
	pub fn set_root_stake(&mut self, rao: u64) {
		self.root_stake = rao;
	}

	/// Set the TAO issuance (rao).
	pub fn set_issuance(&mut self, rao: u64) {
		self.issuance = rao;
	}

	/// The subnets' state.
	pub fn subnets(&self) -> &[SubnetInfo<u32, u32>] {
		&self.subnets
	}

	/// One subnet's state, to set up tests.
	pub fn subnet_mut(&mut self, index: usize) -> &mut SubnetInfo<u32, u32> {
		&mut self.subnets[index]
	}

	/// One block: the coinbase of every subnet (the pallet's code), then epochs that are due.
	/// Returns (root alpha sold, validators' half, root TAO paid at epochs).
	pub fn step(&mut self) -> (u64, u64, u64) {
		self.block += 1;
		let e = emission::block_emission(self.issuance);
		let ema_sum: u128 = self.subnets.iter().map(|s| s.ema_price).sum();
		let (mut sold, mut half, mut root_paid) = (0u64, 0u64, 0u64);
		let pumped = self.pumper.as_ref().map(|p| (p.index, p.root_validators));
		for (i, s) in self.subnets.iter_mut().enumerate() {
			let share = emission::tao_share(e, s.ema_price, ema_sum);
			let is_pumped = pumped.map(|(index, _)| index) == Some(i);
			s.validators_root_stake =
				if is_pumped && pumped.map(|(_, root)| root) == Some(false) { 0 } else { self.root_stake };
			let age = emission::subnet_age(u64::from(s.registered_at), self.block);
			if let Ok(tao) = step_subnet(s, share, age, &self.params, owner_cut(), min_reserve()) {
				self.issuance = self.issuance.saturating_add(tao);
			}
			self.tao_in += u128::from(s.last_block.tao_in);
			sold += s.last_block.root_alpha;
			half += s.last_block.validators + s.last_block.root_alpha;
			if is_pumped {
				if let Some(p) = self.pumper.as_mut() {
					p.tao_in += u128::from(s.last_block.tao_in);
					// The owner holds every role of its subnet: all the alpha paid at an epoch
					// is its own, and it keeps it.
					if pallet_dtao::math::tempo::epoch_due(self.block, i as u16 + 1, s.tempo) {
						p.alpha += s.pending.owner_alpha + s.pending.miner_alpha + s.pending.validator_alpha;
						root_paid += s.pending.root_tao;
						self.root_stake = self.root_stake.saturating_add(s.pending.root_tao);
						s.pending = PendingEmission::default();
					}
				}
				continue;
			}
			if pallet_dtao::math::tempo::epoch_due(self.block, i as u16 + 1, s.tempo) {
				// Root's TAO compounds into the root stake; owner and miner alpha goes to holders
				// who sell a share of it; validators' alpha stays staked.
				root_paid += s.pending.root_tao;
				self.root_stake = self.root_stake.saturating_add(s.pending.root_tao);
				let (p, q) = (&mut self.paid, s.pending);
				p.owner_alpha = p.owner_alpha.saturating_add(q.owner_alpha);
				p.miner_alpha = p.miner_alpha.saturating_add(q.miner_alpha);
				p.validator_alpha = p.validator_alpha.saturating_add(q.validator_alpha);
				p.root_tao = p.root_tao.saturating_add(q.root_tao);
				let cash = s.pending.owner_alpha + s.pending.miner_alpha;
				self.unsold[i] += (cash as f64 * self.scenario.agents.sell_fraction) as u64;
				s.pending = PendingEmission::default();
			}
		}
		(sold, half, root_paid)
	}

	/// Once a day: buyers stake into every subnet; sellers sell what they hold.
	fn trade(&mut self, day: u32) {
		let a = &self.scenario.agents;
		let honest = self.scenario.subnets as usize;
		let rush = if day <= a.rush_days { a.rush_tao_per_day } else { 0.0 };
		let total = (a.buy_tao_per_day * (1.0 + a.buy_growth_per_day).powi(day as i32) + rush) * honest as f64;
		let weights: Vec<f64> = (0..honest).map(|k| ((k + 1) as f64).powf(-a.buyer_skew)).collect();
		let norm: f64 = weights.iter().sum();
		if let Some(p) = self.pumper.as_mut() {
			// Holding the price: buy back up to it, exactly (the pallet's limit bound).
			let s = &mut self.subnets[p.index];
			let x = swap::max_buy_for_limit(s.pool, p.target_price, self.params.swap_fee);
			if p.keep_buying && x > 0 {
				if let Ok(o) = swap::buy(s.pool, x, self.params.swap_fee, min_reserve()) {
					s.apply_trade(Some(o.pool_after), o.amount_out, 0, PositionChange::Kept)
						.expect("alpha outside the pool stays in range");
					p.alpha += o.amount_out;
					p.spent += o.amount_in;
				}
			}
		}
		for (i, s) in self.subnets.iter_mut().enumerate().take(honest) {
			let buy = rao(total * weights[i] / norm);
			if let Ok(o) = swap::buy(s.pool, buy, self.params.swap_fee, min_reserve()) {
				s.apply_trade(Some(o.pool_after), o.amount_out, 0, PositionChange::Kept)
					.expect("alpha outside the pool stays in range");
			}
			let sell = self.unsold[i].min(s.alpha_out);
			if sell > 0 {
				if let Ok(o) = swap::sell(s.pool, sell, self.params.swap_fee, min_reserve()) {
					s.apply_trade(Some(o.pool_after), 0, sell, PositionChange::Kept)
						.expect("alpha outside the pool stays in range");
					self.unsold[i] -= sell;
				}
			}
		}
	}

	/// Run the whole scenario; `on_day` sees each day's summary (for progress and CSV).
	pub fn run(&mut self, mut on_day: impl FnMut(&Day)) -> Vec<Day> {
		let mut days = Vec::new();
		for day in 1..=self.scenario.days {
			let d = self.run_day(day);
			on_day(&d);
			days.push(d);
		}
		days
	}

	/// Day `day` (1-based): its blocks, then the agents' trades; its summary. The summary's
	/// averages are over the honest subnets (a pumped one is reported by `pump_outcome`).
	pub fn run_day(&mut self, day: u32) -> Day {
		{
			let (mut sold, mut half, mut root_paid) = (0u64, 0u64, 0u64);
			let root_before = self.root_stake;
			for _ in 0..self.scenario.blocks_per_day {
				let (s, h, r) = self.step();
				sold += s;
				half += h;
				root_paid += r;
			}
			self.trade(day);
			let honest = &self.subnets[..self.scenario.subnets as usize];
			let prices: Vec<f64> = honest.iter().map(|s| s.pool.tao as f64 / s.pool.alpha as f64).collect();
			let n = honest.len() as f64;
			let d = Day {
				day,
				root_share: if half == 0 { 0.0 } else { sold as f64 / half as f64 },
				mean_price: prices.iter().sum::<f64>() / n,
				mean_ema: honest.iter().map(|s| s.ema_price as f64 / FIXED_ONE as f64).sum::<f64>() / n,
				max_price: prices.iter().cloned().fold(f64::MIN, f64::max),
				min_price: prices.iter().cloned().fold(f64::MAX, f64::min),
				mean_pool_tao: honest.iter().map(|s| s.pool.tao as f64 / TAO).sum::<f64>() / n,
				root_apr: root_paid as f64 / root_before.max(1) as f64 * 365.0 * 100.0,
				alpha_issuance: honest.iter().map(|s| (s.pool.alpha + s.alpha_out) as f64 / TAO).sum(),
				tao_issuance: self.issuance as f64 / TAO,
			};
			d
		}
	}
}

/// The first day root's share falls to 50% or below.
pub fn parity_day(days: &[Day]) -> Option<u32> {
	days.iter().find(|d| d.root_share <= 0.5).map(|d| d.day)
}

//! The simulator runs the pallet's own code: its per-block results equal the pallet's, and a
//! fixed small scenario gives stable figures.

use dtao_sim::{parity_day, Agents, Scenario, Sim};
use pallet_dtao::mock::{run_to_block, Balances, ExtBuilder, Test, TAO};

fn small(subnets: u32, root_stake: f64) -> Scenario {
	Scenario {
		days: 3,
		blocks_per_day: 50,
		subnets,
		pool_tao: 100.0,
		pool_alpha: 100.0,
		initial_ema: 1.0,
		root_stake,
		tao_weight: 0.18,
		ema_alpha: 0.000003,
		swap_fee: 0.0005,
		tempo: 0,
		issuance: 0.0,
		agents: Agents {
			buy_tao_per_day: 1.0,
			buy_growth_per_day: 0.0,
			sell_fraction: 0.5,
			buyer_skew: 1.0,
			rush_tao_per_day: 0.0,
			rush_days: 7,
		},
		max_ema_price: None,
		pump: None,
		ema_warmup: None,
	}
}

#[test]
fn per_block_results_equal_the_pallets() {
	// Four subnets at different prices, no epochs (tempo 0), no root stake: the coinbase alone.
	let prices = [(100u64, 100u64), (300, 100), (50, 200), (1_000, 10)];
	let mut builder = ExtBuilder::default();
	for (i, (t, a)) in prices.iter().enumerate() {
		builder = builder.with_market(i as u16 + 1, t * TAO, a * TAO, t * TAO / a, 0);
	}
	builder.build().execute_with(|| {
		let mut scenario = small(4, 0.0);
		scenario.issuance = Balances::total_issuance() as f64 / 1e9;
		let mut sim = Sim::new(scenario);
		// Same starting pools and EMAs as the pallet's genesis.
		for (i, s) in pallet_dtao::Subnets::<Test>::iter() {
			let mine = &mut sim_subnet(&mut sim, i);
			mine.pool = s.pool;
			mine.ema_price = s.ema_price;
		}
		for block in 2..=40u64 {
			run_to_block(block);
			sim.step();
			for (netuid, s) in pallet_dtao::Subnets::<Test>::iter() {
				let m = &sim.subnets()[usize::from(netuid) - 1];
				assert_eq!(
					(s.pool, s.alpha_out, s.ema_price),
					(m.pool, m.alpha_out, m.ema_price),
					"block {block} subnet {netuid}"
				);
				assert_eq!(s.last_block, m.last_block, "block {block} subnet {netuid}");
			}
		}
	});
}

fn sim_subnet(sim: &mut Sim, netuid: u16) -> &mut pallet_dtao::SubnetInfo<u32, u32> {
	sim.subnet_mut(usize::from(netuid) - 1)
}

#[test]
fn a_fixed_small_scenario_gives_stable_figures() {
	let run = || Sim::new(small(8, 1_000.0)).run(|_| {});
	let (a, b) = (run(), run());
	assert_eq!(a, b, "deterministic");
	let last = a.last().expect("days");
	// Root holds 1,000 TAO against ~100 alpha per pool: root takes most of the validators' half.
	assert!(a[0].root_share > 0.6 && a[0].root_share < 1.0, "{}", a[0].root_share);
	assert!(last.root_share <= a[0].root_share);
	assert!(last.alpha_issuance > a[0].alpha_issuance);
	assert_eq!(parity_day(&a), None);
	println!("{:?}", last);
}

/// `pump.toml`'s verdict on a short run, as docs/economics.md states it: with the root
/// validators on the pumped subnet, pumping never pays (net TAO with a pump of C, holding or
/// buying to hold, is below the same subnet's without one).
#[test]
fn pumping_never_pays_with_root_validators_on_a_short_run() {
	let net = |c: f64, keep_buying: bool| {
		let mut scenario = small(8, 1_000_000.0);
		scenario.days = 3;
		scenario.blocks_per_day = 300;
		scenario.tempo = 20;
		scenario.pump = Some(dtao_sim::Pump { c, seed: 100.0, keep_buying, root_validators: true });
		let mut sim = Sim::new(scenario);
		sim.run(|_| {});
		sim.pump_outcome().expect("a pumped subnet")
	};
	let baseline = net(0.0, false);
	for c in [100.0, 1_000.0, 10_000.0] {
		for keep_buying in [false, true] {
			let pumped = net(c, keep_buying);
			assert!(pumped.net < baseline.net, "C = {c}, keep buying {keep_buying}: {pumped:?} vs {baseline:?}");
		}
	}
}

/// A short `neurons.toml`: 4 validators, 11 miners, tempo 36, two days of 720 blocks.
fn neurons() -> dtao_sim::chain::NeuronScenario {
	let mut s: dtao_sim::chain::NeuronScenario =
		toml::from_str(include_str!("../scenarios/neurons.toml")).expect("neurons.toml parses");
	(s.days, s.blocks_per_day, s.tempo) = (2, 720, 36);
	s
}

#[test]
fn a_subnet_with_neurons_is_paid_by_the_pallets_epochs() {
	let s = neurons();
	// Invariants after every block.
	let r = dtao_sim::chain::run(&s, true);
	// One epoch whenever it is due, over blocks 2..=1,441 (genesis is block 1).
	let due = (2..=1_441u64).filter(|b| pallet_dtao::math::tempo::epoch_due(*b, 1, 36)).count() as u32;
	assert!(due >= 39, "{due}");
	assert_eq!(r.epochs, due);
	let earned = |role: &str| r.neurons.iter().filter(|n| n.role == role).map(|n| n.alpha).sum::<u64>();
	// Every alpha the epochs paid sits in a stake position under the neuron it went to (share
	// pools round each position down by at most a rao).
	let paid = r.paid.owner_alpha + r.paid.miner_alpha + r.paid.validator_alpha;
	let landed = earned("owner") + earned("miner") + earned("validator");
	assert!(landed <= paid && paid - landed <= 16, "paid {paid}, landed {landed}");
	let root: u64 = r.neurons.iter().map(|n| n.root_tao).sum();
	assert!(root <= r.paid.root_tao && r.paid.root_tao - root <= 4, "root paid {}, landed {root}", r.paid.root_tao);
	assert!(r.paid.root_tao > 0 && r.paid.recycled_alpha() == 0 && r.paid.recycled_tao == 0);
	// Miners are paid by their weight: 8 : 4 : 2 : 1, and nothing without weight.
	let miner = |uid: u16| r.neurons.iter().find(|n| n.uid == uid).expect("uid").alpha as f64;
	for (a, b) in [(5, 7), (7, 9), (9, 11)] {
		let ratio = miner(a) / miner(b);
		assert!((ratio - 2.0).abs() < 1e-3, "uid {a} / uid {b} = {ratio}");
	}
	assert_eq!((miner(14), miner(15)), (0.0, 0.0));
	// Validators with root stake earn root TAO; those without earn none.
	let validator = |uid: u16| r.neurons.iter().find(|n| n.uid == uid).expect("uid").clone();
	assert!(validator(1).root_tao > validator(3).root_tao && validator(3).root_tao > 0);
	assert_eq!((validator(2).root_tao, validator(4).root_tao), (0, 0));
	// The aggregate model from the same genesis: the owner's and the miners' lumps are the
	// chain's to the rao; its validator/root split is an approximation (it compounds root TAO
	// into one root stake behind every validator at once), off by less than 0.1% here.
	let a = r.aggregate;
	assert_eq!((a.owner_alpha, a.miner_alpha), (r.paid.owner_alpha, r.paid.miner_alpha));
	let off = |x: u64, y: u64| (x as f64 - y as f64).abs() / y as f64;
	assert!(off(a.validator_alpha, r.paid.validator_alpha) < 1e-3, "{a:?} vs {:?}", r.paid);
	assert!(off(a.root_tao, r.paid.root_tao) < 1e-3, "{a:?} vs {:?}", r.paid);
}

//! The attack search: the project looks for its own economic levers.
//!
//! A **world** on the pallet's mock runtime ([`World`]): four subnets (2,000 TAO / 4,000 alpha
//! pools, tempo 9, their epochs on consecutive blocks), one validator on each with alpha stake,
//! root stake and weights on its subnet's miner ([`World::Markets`]); or one full subnet whose
//! validators are a root validator (root stake, no alpha) and an alpha validator, and thirteen
//! miners ([`World::FullSubnet`]: a registration replaces someone). The coinbase and epochs run
//! every block. An
//! **attacker** coldkey with capital `C` plays a sequence of signed calls at chosen blocks
//! (stake, unstake, move between hotkeys and subnets, register a neuron, set weights; waiting is
//! the gap between calls). The **oracle**: the attacker's wealth at the end (free TAO after
//! selling every position at market, one after the other, swap fees and slippage included, minus a
//! transaction fee per call, [`CALL_FEE`]) against the best **passive** strategy with the same
//! capital over the same blocks (doing nothing, holding on root under any validator, or holding
//! any subnet's alpha from the first block). A sequence that beats the best passive strategy by
//! more than [`tolerance`] is a **finding**; it is minimised (calls removed while it still wins)
//! and reported with its amounts.
//!
//! The search is a seeded hill-climb over sequences: an elite of the best sequences, each new
//! candidate a mutation of one of them (a call moved in time, its amount or keys changed, a call
//! added or removed). Every evaluation runs on the same genesis inside a storage transaction
//! that is rolled back, so evaluations are independent and cheap.

use frame_support::sp_runtime::{DispatchError, DispatchResult};
use frame_support::{
	storage::{with_transaction, TransactionOutcome},
	traits::{fungible::Inspect, OnFinalize},
};
use pallet_dtao::{
	mock::{self, Balances, Dtao, ExtBuilder, RuntimeOrigin, Test},
	NetUid, Stakes, TAO,
};
use std::{collections::BTreeMap, fmt, time::Instant};

/// Subnets of the [`World::Markets`] world (netuids 1..=SUBNETS; root is 0).
pub const SUBNETS: u16 = 4;
/// Blocks between a subnet's epochs, minus one (epochs every 10 blocks).
pub const TEMPO: u16 = 9;
/// Blocks a sequence plays over: three tempos.
pub const HORIZON: u64 = 31;
/// The attacker's capital (TAO, in rao).
pub const CAPITAL: u64 = 1_000 * TAO;
/// A transaction fee per call, as the runtime charges a staking call (about 0.0013 TAO measured
/// through its transaction path; the mock runtime charges none).
pub const CALL_FEE: u64 = 1_300_000;
/// Each validator's own alpha stake on its subnet (rao).
pub const ALPHA_STAKE: u64 = 200 * TAO;
/// The root stake behind each validator: half its own, half an honest nominator's (rao).
pub const ROOT_STAKE: u64 = 4_000 * TAO;
/// The attacker's coldkey and its own hotkey.
pub const ATTACKER: u64 = 900;
/// The attacker's hotkey.
pub const ATTACKER_HOT: u64 = 901;

/// A world the search plays in.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum World {
	/// Four subnets, a validator on each with alpha stake, root stake behind it and weights on
	/// its subnet's one miner.
	Markets,
	/// One full subnet ([`mock::MaxNeurons`] neurons): the owner's hotkey, a root validator
	/// ([`ROOT_STAKE`] of root stake, no alpha), an alpha validator ([`ALPHA_STAKE`] of alpha)
	/// and thirteen miners both validators weight alike. Genesis neurons are immune for
	/// [`FULL_IMMUNITY`] blocks (past the subnet's first epoch, which scores them), so a
	/// registration from then on replaces the lowest pruning score: the lever of evicting root
	/// validators.
	FullSubnet,
}

/// Genesis neurons' immunity in [`World::FullSubnet`]: subnet 1's first epoch runs in block 8.
pub const FULL_IMMUNITY: u32 = 9;

impl World {
	/// Every world, in the order the search reports them.
	pub const ALL: [World; 2] = [World::Markets, World::FullSubnet];

	/// Its name on the command line.
	pub fn name(self) -> &'static str {
		match self {
			World::Markets => "markets",
			World::FullSubnet => "full-subnet",
		}
	}

	/// The world named `name`.
	pub fn named(name: &str) -> Option<World> {
		World::ALL.into_iter().find(|w| w.name() == name)
	}

	/// Subnets (netuids 1..=subnets; root is 0).
	pub fn subnets(self) -> u16 {
		match self {
			World::Markets => 4,
			World::FullSubnet => 1,
		}
	}

	/// The validators' hotkeys the attacker may name (besides its own), in index order.
	pub fn validators(self) -> Vec<u64> {
		match self {
			World::Markets => (1..=4).map(validator).collect(),
			World::FullSubnet => vec![validator(1), validator(2)],
		}
	}

	/// The subnet validator `v` (an index into [`World::validators`]) validates.
	pub fn subnet_of(self, v: u8) -> NetUid {
		match self {
			World::Markets => u16::from(v) + 1,
			World::FullSubnet => 1,
		}
	}

	/// The world at genesis (block 1), the attacker funded with [`CAPITAL`].
	pub fn build(self) -> sp_io::TestExternalities {
		let mut b = ExtBuilder::default();
		match self {
			World::Markets => {
				for i in 1..=4 {
					let (v, m) = (validator(i), miner(i));
					b = b
						.with_market(i, 2_000 * TAO, 4_000 * TAO, TAO / 2, TEMPO)
						.with_neuron(i, v, v - 10)
						.with_neuron(i, m, m - 10)
						// The validator's own alpha and root stake, and an honest root nominator.
						.with_stake(v - 10, v, i, ALPHA_STAKE)
						.with_stake(v - 10, v, 0, ROOT_STAKE / 2)
						.with_stake(200 + u64::from(i), v, 0, ROOT_STAKE / 2)
						// uid 0 is the owner's hotkey, 1 the validator, 2 the miner.
						.with_weights(vec![(i, v, vec![(2, 1)])]);
				}
			},
			World::FullSubnet => {
				let (root_v, alpha_v) = (validator(1), validator(2));
				// uid 0 the owner's hotkey, 1 the root validator, 2 the alpha validator, 3.. miners.
				let miners = u16::try_from(mock::MaxNeurons::get()).unwrap_or(u16::MAX) - 3;
				let row: Vec<(u16, u16)> = (3..3 + miners).map(|uid| (uid, 1)).collect();
				b = b
					.with_market(1, 2_000 * TAO, 4_000 * TAO, TAO / 2, TEMPO)
					.with_params(pallet_dtao::Params { immunity_period: FULL_IMMUNITY, ..Default::default() })
					.with_neuron(1, root_v, root_v - 10)
					.with_neuron(1, alpha_v, alpha_v - 10)
					.with_stake(root_v - 10, root_v, 0, ROOT_STAKE / 2)
					.with_stake(201, root_v, 0, ROOT_STAKE / 2)
					.with_stake(alpha_v - 10, alpha_v, 1, ALPHA_STAKE)
					.with_weights(vec![(1, root_v, row.clone()), (1, alpha_v, row)]);
				for m in 1..=miners {
					b = b.with_neuron(1, miner(m), miner(m) - 10);
				}
			},
		}
		let mut ext = b.build();
		ext.execute_with(|| mock::fund(ATTACKER, CAPITAL));
		ext.commit_all().expect("genesis commits");
		ext
	}

	/// A hotkey the attacker may name: a validator's (index 0..n) or its own (n).
	fn hotkey(self, h: u8) -> u64 {
		let validators = self.validators();
		let n = u8::try_from(validators.len()).unwrap_or(u8::MAX);
		validators.get(usize::from(h % (n + 1))).copied().unwrap_or(ATTACKER_HOT)
	}

	fn netuid(self, n: u8) -> NetUid {
		u16::from(n) % (self.subnets() + 1)
	}

	/// Hotkey indices the attacker may name (the validators' and its own).
	fn hotkeys(self) -> u8 {
		u8::try_from(self.validators().len() + 1).unwrap_or(u8::MAX)
	}

	/// Netuids the attacker may name (root and the subnets).
	fn netuids(self) -> u8 {
		u8::try_from(self.subnets() + 1).unwrap_or(u8::MAX)
	}

	/// An index of a validator of subnet `s`.
	fn validator_on(self, s: NetUid, rng: &mut Rng) -> u8 {
		let on: Vec<u8> = (0..self.hotkeys() - 1).filter(|v| self.subnet_of(*v) == s).collect();
		on.get(rng.below(on.len() as u64) as usize).copied().unwrap_or(0)
	}
}

/// Validator `i`'s hotkey (`i` from 1).
fn validator(i: u16) -> u64 {
	110 + u64::from(i)
}
/// Miner `i`'s hotkey.
fn miner(i: u16) -> u64 {
	130 + u64::from(i)
}

/// The least a finding must beat the best passive strategy by: 0.1% of the capital plus 1,000
/// rao of rounding.
pub fn tolerance() -> i128 {
	i128::from(CAPITAL / 1_000) + 1_000
}

/// The [`World::Markets`] world at genesis (block 1).
pub fn world() -> sp_io::TestExternalities {
	World::Markets.build()
}

/// One call of the attacker.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, PartialOrd, Ord)]
pub enum Action {
	/// `add_stake` of `pct`% of its free TAO under hotkey `hot` on `net`.
	Stake { net: u8, hot: u8, pct: u8 },
	/// `remove_stake` of `pct`% of its position under `hot` on `net`.
	Unstake { net: u8, hot: u8, pct: u8 },
	/// `move_stake` of `pct`% of its position under `from_hot` on `from_net` to `to_hot` on
	/// `to_net` (a sale and a purchase between subnets; no trade within one).
	Move { from_net: u8, from_hot: u8, to_net: u8, to_hot: u8, pct: u8 },
	/// `register_neuron` of its own hotkey on `net`.
	Register { net: u8 },
	/// `set_weights` of its own hotkey on `net`: all weight on `uid`.
	Weights { net: u8, uid: u8 },
}

/// A call at a block: `at` is the block it is sent in (1..HORIZON).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, PartialOrd, Ord)]
pub struct Op {
	/// The block.
	pub at: u8,
	/// The call.
	pub action: Action,
}

/// An [`Op`] as text in its world (hotkeys and subnets by name).
pub struct Shown(pub World, pub Op);

impl fmt::Display for Shown {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		let Shown(world, op) = self;
		let hot = |h: u8| match world.hotkey(h) {
			ATTACKER_HOT => "own hotkey".to_string(),
			v => format!("validator {}", v - 110),
		};
		let net = |n: u8| match world.netuid(n) {
			0 => "root".to_string(),
			n => format!("subnet {n}"),
		};
		write!(f, "block {:>2}: ", op.at)?;
		match op.action {
			Action::Stake { net: n, hot: h, pct } => {
				write!(f, "add_stake {pct}% of free TAO on {} under {}", net(n), hot(h))
			},
			Action::Unstake { net: n, hot: h, pct } => write!(f, "remove_stake {pct}% on {} under {}", net(n), hot(h)),
			Action::Move { from_net, from_hot, to_net, to_hot, pct } => write!(
				f,
				"move_stake {pct}% from {} under {} to {} under {}",
				net(from_net),
				hot(from_hot),
				net(to_net),
				hot(to_hot)
			),
			Action::Register { net: n } => write!(f, "register_neuron own hotkey on {}", net(n)),
			Action::Weights { net: n, uid } => write!(f, "set_weights on {}: all on uid {uid}", net(n)),
		}
	}
}

/// What a sequence earned.
#[derive(Clone, Debug)]
pub struct Outcome {
	/// Free TAO plus every position sold at market, minus the calls' fees (rao).
	pub wealth: i128,
	/// Each call's amount (rao of TAO or alpha) and whether it succeeded.
	pub trace: Vec<(Op, u64, Result<(), DispatchError>)>,
}

/// The attacker's wealth now: free TAO after selling every position at market (inside the
/// evaluation's rolled-back transaction; each subnet's sales in one batch), so two positions on
/// one subnet pay the slippage of selling both. (Quoting each sale alone on the unchanged pool overvalued them:
/// the first 3-minute hunts reported "register + subnet stake", 190 TAO over passive, which was
/// only that.) A position that cannot be sold counts nothing.
fn wealth_now() -> i128 {
	let positions: Vec<(NetUid, u64)> =
		Stakes::<Test>::iter_keys().filter(|(_, _, c)| *c == ATTACKER).map(|(n, h, _)| (n, h)).collect();
	for (n, h) in positions {
		let value = Dtao::stake_value(&ATTACKER, &h, n);
		if value > 0 {
			let _ = Dtao::remove_stake(RuntimeOrigin::signed(ATTACKER), h, n, value);
		}
	}
	// The sales clear with their subnets' batches at the block's end.
	<Dtao as OnFinalize<u64>>::on_finalize(mock::System::block_number());
	i128::from(Balances::balance(&ATTACKER))
}

fn pct_of(x: u64, pct: u8) -> u64 {
	(u128::from(x) * u128::from(pct.min(100)) / 100) as u64
}

/// Send one call; its amount and result.
fn send(world: World, action: Action) -> (u64, Result<(), DispatchError>) {
	let who = || RuntimeOrigin::signed(ATTACKER);
	let r = |r: DispatchResult| r;
	// A call that reports its weight (the stakes, refunded to their share of the batch).
	let posted = |r: frame_support::dispatch::DispatchResultWithPostInfo| r.map(|_| ()).map_err(|e| e.error);
	let (hotkey, netuid) = (|h| world.hotkey(h), |n| world.netuid(n));
	match action {
		Action::Stake { net, hot, pct } => {
			// Keep the existential deposit and the fees of later calls.
			let free = Balances::balance(&ATTACKER).saturating_sub(TAO);
			let amount = pct_of(free, pct);
			(amount, posted(Dtao::add_stake(who(), hotkey(hot), netuid(net), amount)))
		},
		Action::Unstake { net, hot, pct } => {
			let amount = pct_of(Dtao::stake_value(&ATTACKER, &hotkey(hot), netuid(net)), pct);
			(amount, posted(Dtao::remove_stake(who(), hotkey(hot), netuid(net), amount)))
		},
		Action::Move { from_net, from_hot, to_net, to_hot, pct } => {
			let amount = pct_of(Dtao::stake_value(&ATTACKER, &hotkey(from_hot), netuid(from_net)), pct);
			let result =
				Dtao::move_stake(who(), hotkey(from_hot), hotkey(to_hot), netuid(from_net), netuid(to_net), amount);
			(amount, r(result))
		},
		Action::Register { net } => {
			let burn = Dtao::burn_cost(netuid(net)).unwrap_or(0);
			(burn, r(Dtao::register_neuron(who(), netuid(net), ATTACKER_HOT)))
		},
		Action::Weights { net, uid } => {
			let weights = (mock::bounded(vec![u16::from(uid)]), mock::bounded(vec![1]));
			(0, r(Dtao::set_weights(RuntimeOrigin::signed(ATTACKER_HOT), netuid(net), weights.0, weights.1)))
		},
	}
}

/// Play `ops` (sorted by block) from genesis to [`HORIZON`] inside the externalities, and roll
/// everything back.
pub fn evaluate(world: World, ext: &mut sp_io::TestExternalities, ops: &[Op]) -> Outcome {
	ext.execute_with(|| {
		with_transaction(|| -> TransactionOutcome<Result<Outcome, DispatchError>> {
			let mut trace = Vec::with_capacity(ops.len());
			let mut next = 0;
			for block in 1..HORIZON {
				while let Some(op) = ops.get(next).filter(|op| u64::from(op.at) <= block) {
					let (amount, result) = send(world, op.action);
					trace.push((*op, amount, result));
					next += 1;
				}
				mock::run_to_block_unchecked(block + 1);
			}
			let fees = i128::from(CALL_FEE) * ops.len() as i128;
			TransactionOutcome::Rollback(Ok(Outcome { wealth: wealth_now() - fees, trace }))
		})
		.expect("rolled back")
	})
}

/// The passive strategies, bought in the first block and held: do nothing; all on root under
/// one validator; all of one subnet's alpha (under its validator); and every split of the
/// capital between two of those holdings (25/75, 50/50, 75/25) or over all four subnets (a
/// portfolio spreads its buying over several pools and pays less slippage, which is no lever).
/// The best one's name and wealth.
pub fn best_passive(world: World, ext: &mut sp_io::TestExternalities) -> (String, i128) {
	let mut best = ("hold TAO".to_string(), i128::from(CAPITAL));
	let holdings = holdings(world);
	let mut candidates: Vec<(String, Vec<Op>)> = Vec::new();
	let stake = |net: u8, hot: u8, pct: u8| Op { at: 1, action: Action::Stake { net, hot, pct } };
	for (name, net, hot) in &holdings {
		candidates.push((format!("all on {name}"), vec![stake(*net, *hot, 100)]));
	}
	for (i, (a, an, ah)) in holdings.iter().enumerate() {
		for (b, bn, bh) in holdings.iter().skip(i + 1) {
			// `pct` of the free TAO into the first, then all that is left into the second.
			for pct in [25, 50, 75] {
				candidates
					.push((format!("{pct}% {a}, the rest {b}"), vec![stake(*an, *ah, pct), stake(*bn, *bh, 100)]));
			}
		}
	}
	if world.subnets() > 1 {
		let n = world.subnets();
		let spread: Vec<Op> = (0..n)
			.map(|i| {
				let v = (0..world.hotkeys() - 1).find(|v| world.subnet_of(*v) == i + 1).unwrap_or(0);
				stake((i + 1) as u8, v, (100 / (n - i)) as u8)
			})
			.collect();
		candidates.push(("an equal part of each subnet".to_string(), spread));
	}
	for (name, ops) in candidates {
		// Passive holdings pay no per-call fee beyond their purchases' (they are compared as
		// portfolios, not as call sequences).
		let w = evaluate(world, ext, &ops).wealth + i128::from(CALL_FEE) * ops.len() as i128 - i128::from(CALL_FEE);
		if w > best.1 {
			best = (name, w);
		}
	}
	best
}

/// The single holdings a passive strategy may buy in the first block: root under each
/// validator, and each validator's subnet under it (name, net, hotkey index).
fn holdings(world: World) -> Vec<(String, u8, u8)> {
	let mut out = Vec::new();
	for v in 0..world.hotkeys() - 1 {
		let s = world.subnet_of(v);
		out.push((format!("root under validator {}", v + 1), 0, v));
		out.push((format!("subnet {s} under validator {}", v + 1), s as u8, v));
	}
	out
}

/// A small deterministic generator (xorshift64*), seeded.
pub struct Rng(u64);

impl Rng {
	/// Seeded; 0 is replaced by a fixed non-zero seed.
	pub fn new(seed: u64) -> Self {
		Rng(if seed == 0 { 0x9E37_79B9_7F4A_7C15 } else { seed })
	}
	fn next(&mut self) -> u64 {
		self.0 ^= self.0 >> 12;
		self.0 ^= self.0 << 25;
		self.0 ^= self.0 >> 27;
		self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
	}
	fn below(&mut self, n: u64) -> u64 {
		self.next() % n.max(1)
	}
	fn u8_below(&mut self, n: u8) -> u8 {
		self.below(u64::from(n)) as u8
	}
}

fn random_pct(rng: &mut Rng) -> u8 {
	[10, 25, 50, 75, 100][rng.below(5) as usize]
}

fn random_action(world: World, rng: &mut Rng) -> Action {
	let (n, h, subnets) = (world.netuids(), world.hotkeys(), world.netuids() - 1);
	match rng.below(10) {
		0..=2 => Action::Stake { net: rng.u8_below(n), hot: rng.u8_below(h), pct: random_pct(rng) },
		3..=4 => Action::Unstake { net: rng.u8_below(n), hot: rng.u8_below(h), pct: random_pct(rng) },
		5..=7 => Action::Move {
			from_net: rng.u8_below(n),
			from_hot: rng.u8_below(h),
			to_net: rng.u8_below(n),
			to_hot: rng.u8_below(h),
			pct: random_pct(rng),
		},
		8 => Action::Register { net: 1 + rng.u8_below(subnets) },
		_ => Action::Weights { net: 1 + rng.u8_below(subnets), uid: rng.u8_below(4) },
	}
}

fn random_op(world: World, rng: &mut Rng) -> Op {
	Op { at: 1 + rng.u8_below(HORIZON as u8 - 1), action: random_action(world, rng) }
}

/// The places a sequence holds stake after its calls: `(net, hot)` of every stake and every move's
/// destination.
fn held(ops: &[Op]) -> Vec<(u8, u8)> {
	ops.iter()
		.filter_map(|op| match op.action {
			Action::Stake { net, hot, .. } => Some((net, hot)),
			Action::Move { to_net, to_hot, .. } => Some((to_net, to_hot)),
			_ => None,
		})
		.collect()
}

/// A round trip: a move of all of a position the sequence holds to somewhere else at block `t`
/// and back at `t + k`, or a stake at `t` undone at `t + k` (the just-in-time shape, generic:
/// any call and its inverse).
fn round_trip(world: World, ops: &[Op], rng: &mut Rng) -> Vec<Op> {
	let t = 1 + rng.u8_below(HORIZON as u8 - 2);
	let k = 1 + rng.u8_below(5);
	let back = (t + k).min(HORIZON as u8 - 1);
	let (n, h) = (world.netuids(), world.hotkeys());
	let places = held(ops);
	if places.is_empty() || rng.below(3) == 0 {
		let (net, hot) = (rng.u8_below(n), rng.u8_below(h));
		return vec![
			Op { at: t, action: Action::Stake { net, hot, pct: random_pct(rng) } },
			Op { at: back, action: Action::Unstake { net, hot, pct: 100 } },
		];
	}
	let (from_net, from_hot) = places[rng.below(places.len() as u64) as usize];
	let (to_net, to_hot) = (if rng.below(2) == 0 { from_net } else { rng.u8_below(n) }, rng.u8_below(h));
	vec![
		Op { at: t, action: Action::Move { from_net, from_hot, to_net, to_hot, pct: 100 } },
		Op {
			at: back,
			action: Action::Move { from_net: to_net, from_hot: to_hot, to_net: from_net, to_hot: from_hot, pct: 100 },
		},
	]
}

/// A round trip around an epoch: stake held under subnet `s`'s validator in the block its epoch
/// runs and not before or after (sent in the block before, undone in the epoch's block): a
/// position the sequence holds moved there and back, or a new root stake added and removed.
/// The world's clock is public (epochs fall where `epoch_due` says), so a greedy participant
/// times its calls by it; the search does too.
fn epoch_trip(world: World, ops: &[Op], rng: &mut Rng) -> Vec<Op> {
	let s = 1 + rng.below(u64::from(world.subnets())) as u16;
	let epochs: Vec<u8> =
		(2..HORIZON).filter(|b| pallet_dtao::math::tempo::epoch_due(*b, s, TEMPO)).map(|b| b as u8).collect();
	let Some(&e) = epochs.get(rng.below(epochs.len() as u64) as usize) else { return Vec::new() };
	let to_hot = world.validator_on(s, rng);
	let places: Vec<(u8, u8)> =
		held(ops).into_iter().filter(|(n, _)| world.netuid(*n) == 0 || world.netuid(*n) == s).collect();
	if places.is_empty() || rng.below(4) == 0 {
		let net = if rng.below(2) == 0 { 0 } else { s as u8 };
		return vec![
			Op { at: e - 1, action: Action::Stake { net, hot: to_hot, pct: random_pct(rng) } },
			Op { at: e, action: Action::Unstake { net, hot: to_hot, pct: 100 } },
		];
	}
	let (from_net, from_hot) = places[rng.below(places.len() as u64) as usize];
	vec![
		Op { at: e - 1, action: Action::Move { from_net, from_hot, to_net: from_net, to_hot, pct: 100 } },
		Op { at: e, action: Action::Move { from_net, from_hot: to_hot, to_net: from_net, to_hot: from_hot, pct: 100 } },
	]
}

/// A tour of the epochs of one tempo: a held root position (or a new root stake) moved to each
/// subnet's validator in the block before that subnet's epoch, in the order the epochs come,
/// and back where it was after the last one. The round trip around one epoch, chained.
fn epoch_tour(world: World, ops: &[Op], rng: &mut Rng) -> Vec<Op> {
	let period = u64::from(TEMPO) + 1;
	let tempos = (HORIZON - 1) / period;
	let start = 1 + period * rng.below(tempos.max(1));
	let mut epochs: Vec<(u8, u8)> = Vec::new();
	for b in (start..(start + period).min(HORIZON)).filter(|b| *b >= 2) {
		for s in (1..=world.subnets()).filter(|s| pallet_dtao::math::tempo::epoch_due(b, *s, TEMPO)) {
			epochs.push((b as u8, world.validator_on(s, rng)));
		}
	}
	epochs.sort();
	let Some(&(last, _)) = epochs.last() else { return Vec::new() };
	let roots: Vec<(u8, u8)> = held(ops).into_iter().filter(|(n, _)| world.netuid(*n) == 0).collect();
	let (mut out, home) = match roots.get(rng.below(roots.len().max(1) as u64) as usize) {
		Some(&(net, hot)) => (Vec::new(), (net, hot)),
		None => {
			let hot = rng.u8_below(world.hotkeys() - 1);
			let first = epochs.first().map(|(b, _)| b - 1).unwrap_or(1);
			(
				vec![Op {
					at: first.saturating_sub(1).max(1),
					action: Action::Stake { net: 0, hot, pct: random_pct(rng) },
				}],
				(0, hot),
			)
		},
	};
	let mut at_hot = home.1;
	for (b, v) in epochs {
		if v != at_hot {
			out.push(Op {
				at: b - 1,
				action: Action::Move { from_net: home.0, from_hot: at_hot, to_net: home.0, to_hot: v, pct: 100 },
			});
			at_hot = v;
		}
	}
	if at_hot != home.1 {
		out.push(Op {
			at: last,
			action: Action::Move { from_net: home.0, from_hot: at_hot, to_net: home.0, to_hot: home.1, pct: 100 },
		});
	}
	out
}

/// A mutation of `ops`: a call moved in time, re-keyed or re-sized, added, removed, or a round
/// trip (any, around an epoch, or a tour of a tempo's epochs) added.
fn mutate(world: World, ops: &[Op], rng: &mut Rng) -> Vec<Op> {
	let mut out = ops.to_vec();
	if rng.below(3) == 0 && out.len() < 24 {
		let trip = match rng.below(3) {
			0 => round_trip(world, &out, rng),
			1 => epoch_trip(world, &out, rng),
			_ => epoch_tour(world, &out, rng),
		};
		out.extend(trip);
		out.sort();
		return out;
	}
	let edits = 1 + rng.below(3);
	for _ in 0..edits {
		let i = rng.below(out.len().max(1) as u64) as usize;
		match rng.below(6) {
			0 | 1 if !out.is_empty() => {
				let shift = rng.below(7) as i64 - 3;
				let at = (i64::from(out[i].at) + shift).clamp(1, HORIZON as i64 - 1);
				out[i].at = at as u8;
			},
			2 if !out.is_empty() => {
				let a = &mut out[i].action;
				match a {
					Action::Stake { pct, .. } | Action::Unstake { pct, .. } | Action::Move { pct, .. } => {
						*pct = random_pct(rng)
					},
					_ => *a = random_action(world, rng),
				}
			},
			3 if !out.is_empty() => out[i].action = random_action(world, rng),
			4 if out.len() > 1 => {
				out.remove(i);
			},
			_ => {
				if out.len() < 24 {
					out.push(random_op(world, rng));
				}
			},
		}
	}
	out.sort();
	out
}

/// The kinds of call a sequence uses, e.g. "root stake + root move": its attack family.
pub fn family(world: World, ops: &[Op]) -> String {
	let netuid = |n| world.netuid(n);
	let mut kinds: Vec<&str> = ops
		.iter()
		.map(|op| match op.action {
			Action::Stake { net, .. } if netuid(net) == 0 => "root stake",
			Action::Stake { .. } => "subnet stake",
			Action::Unstake { net, .. } if netuid(net) == 0 => "root unstake",
			Action::Unstake { .. } => "subnet unstake",
			Action::Move { from_net, to_net, .. } if netuid(from_net) == netuid(to_net) => {
				if netuid(from_net) == 0 {
					"root move"
				} else {
					"subnet move"
				}
			},
			Action::Move { .. } => "swap",
			Action::Register { .. } => "register",
			Action::Weights { .. } => "weights",
		})
		.collect();
	kinds.sort();
	kinds.dedup();
	kinds.join(" + ")
}

/// A finding: a minimised sequence and its gain over the best passive strategy.
#[derive(Clone, Debug)]
pub struct Finding {
	/// The calls.
	pub ops: Vec<Op>,
	/// Wealth minus the best passive wealth (rao).
	pub gain: i128,
	/// The evaluation's trace (amounts).
	pub outcome: Outcome,
}

/// The fewest calls of `ops` that still beat `passive` by more than the tolerance: calls are
/// dropped one at a time while the rest still wins.
pub fn minimise(world: World, ext: &mut sp_io::TestExternalities, ops: &[Op], passive: i128) -> Finding {
	let mut best = ops.to_vec();
	let mut outcome = evaluate(world, ext, &best);
	let mut changed = true;
	while changed {
		changed = false;
		for i in 0..best.len() {
			let mut fewer = best.clone();
			fewer.remove(i);
			let o = evaluate(world, ext, &fewer);
			if o.wealth - passive > tolerance() {
				best = fewer;
				outcome = o;
				changed = true;
				break;
			}
		}
	}
	Finding { gain: outcome.wealth - passive, ops: best, outcome }
}

/// The search's report.
pub struct Report {
	/// The world searched.
	pub world: World,
	/// The best passive strategy and its wealth.
	pub passive: (String, i128),
	/// Sequences evaluated.
	pub evaluations: u64,
	/// The best minimised finding per family (those beating passive by more than the tolerance).
	pub findings: BTreeMap<String, Finding>,
	/// The best gain seen (findings or not).
	pub best_gain: i128,
}

/// Hill-climb from `seed` for `evaluations` sequences or `seconds`, whichever ends first.
pub fn search(world: World, seed: u64, evaluations: u64, seconds: u64) -> Report {
	let mut ext = world.build();
	let passive = best_passive(world, &mut ext);
	let mut rng = Rng::new(seed);
	let started = Instant::now();
	// The elite: the best sequences so far per family (islands, so that one family's better
	// start does not crowd out a lineage that climbs higher later), starting from the passive
	// holdings.
	let mut elite: BTreeMap<String, Vec<(i128, Vec<Op>)>> = BTreeMap::new();
	let mut done = 0;
	for (_, net, hot) in holdings(world) {
		let ops = vec![Op { at: 1, action: Action::Stake { net, hot, pct: 100 } }];
		let w = evaluate(world, &mut ext, &ops).wealth;
		elite.entry(family(world, &ops)).or_default().push((w, ops));
		done += 1;
	}
	let mut raw: BTreeMap<String, (i128, Vec<Op>)> = BTreeMap::new();
	let mut best_gain = i128::MIN;
	while done < evaluations && started.elapsed().as_secs() < seconds {
		let candidate = if rng.below(5) == 0 || elite.is_empty() {
			(0..1 + rng.below(4)).map(|_| random_op(world, &mut rng)).collect::<Vec<_>>()
		} else {
			let island = elite.values().nth(rng.below(elite.len() as u64) as usize).expect("an island");
			let parent = &island[rng.below(island.len() as u64) as usize].1;
			mutate(world, parent, &mut rng)
		};
		let mut candidate = candidate;
		candidate.sort();
		let wealth = evaluate(world, &mut ext, &candidate).wealth;
		done += 1;
		let gain = wealth - passive.1;
		best_gain = best_gain.max(gain);
		if gain > tolerance() {
			let f = family(world, &candidate);
			if raw.get(&f).map_or(true, |(g, _)| gain > *g) {
				raw.insert(f, (gain, candidate.clone()));
			}
		}
		// Keep the 4 best distinct sequences of each family.
		let island = elite.entry(family(world, &candidate)).or_default();
		if !island.iter().any(|(_, ops)| *ops == candidate) {
			island.push((wealth, candidate));
			island.sort_by(|a, b| b.0.cmp(&a.0));
			island.truncate(4);
		}
	}
	let mut findings = BTreeMap::new();
	for (_, (_, ops)) in raw {
		let f = minimise(world, &mut ext, &ops, passive.1);
		let name = family(world, &f.ops);
		if findings.get(&name).map_or(true, |g: &Finding| f.gain > g.gain) {
			findings.insert(name, f);
		}
	}
	Report { world, passive, evaluations: done, findings, best_gain }
}

/// A finding as text: its family, gain and calls with their amounts.
pub fn describe(world: World, family: &str, f: &Finding) -> String {
	let mut s = format!(
		"{family}: beats passive by {:.4} TAO ({:.3}% of C) in {} calls\n",
		f.gain as f64 / 1e9,
		f.gain as f64 * 100.0 / CAPITAL as f64,
		f.ops.len()
	);
	for (op, amount, result) in &f.outcome.trace {
		let r = match result {
			Ok(()) => "ok".to_string(),
			Err(e) => format!("{e:?}"),
		};
		s.push_str(&format!("  {} ({:.4} units; {r})\n", Shown(world, *op), *amount as f64 / 1e9));
	}
	s
}

/// A regression test skeleton replaying a finding: paste it into `sim/tests/hunt.rs` and decide
/// what it should assert once the lever is closed.
pub fn test_skeleton(world: World, family: &str, f: &Finding) -> String {
	let name: String =
		family.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
	let ops: Vec<String> =
		f.ops.iter().map(|op| format!("\t\tOp {{ at: {}, action: Action::{:?} }},", op.at, op.action)).collect();
	format!(
		"#[test]\nfn finding_{name}() {{\n\tlet world = World::{world:?};\n\tlet ops = [\n{}\n\t];\n\tlet mut ext = \
		 world.build();\n\tlet passive = best_passive(world, &mut ext).1;\n\tlet gain = evaluate(world, &mut ext, \
		 &ops).wealth - passive;\n\t// Found at {:.4} TAO over passive; once the lever is closed: assert!(gain <= \
		 tolerance());\n\tassert!(gain > tolerance(), \"{{gain}}\");\n}}\n",
		ops.join("\n"),
		f.gain as f64 / 1e9
	)
}

//! A stateful fuzzer: random sequences of every call of the pallet, with random accounts and
//! amounts (0, 1, dust, exact balances and stakes, u64::MAX), interleaved with blocks and
//! epochs. Calls go through `RuntimeCall::dispatch`, as on chain. After every step:
//! - every invariant of spec §7 (docs/spec.md) (`try_state`);
//! - a call that failed changed nothing (the storage root is the same);
//! - total issuance moved only by emission, burns and recycling, each read from its event;
//! - the free balances of all accounts (the pallet's included) add up to total issuance.
//!
//! `DTAO_FUZZ_CASES` sets the number of sequences (CI: the default below); shrunk failures
//! become regression tests at the bottom of this file.

use crate::{mock::*, pallet::*, types::*, Call as DtaoCall, Event};
use frame_support::traits::fungible::Inspect;
use proptest::prelude::*;
use sp_runtime::{traits::Dispatchable, Perbill};

/// Coldkeys 1..=5 and hotkeys 11..=16 (11..=13 are the mock's named keys).
const COLDKEYS: [AccountId; 5] = [ALICE, BOB, CHARLIE, POOR, 5];
const HOTKEYS: [AccountId; 6] = [ALICE_HOT, BOB_HOT, CHARLIE_HOT, 14, 15, 16];

#[derive(Clone, Debug)]
enum Amount {
	Zero,
	One,
	Dust,
	Tao(u64),
	Max,
	/// The caller's whole free balance, or whole stake for sells.
	All,
}

#[derive(Clone, Debug)]
enum Op {
	RegisterNetwork {
		who: usize,
		hotkey: usize,
	},
	Dissolve {
		who: Option<usize>,
		netuid: u16,
		/// The witness is one below the subnet's neuron count (must fail, changing nothing).
		short_witness: bool,
	},
	RegisterNeuron {
		who: usize,
		netuid: u16,
		hotkey: usize,
	},
	/// `count` registrations of fresh hotkeys (from `first`) on one subnet, one call each:
	/// enough to fill it and register into it full.
	FillSubnet {
		who: usize,
		netuid: u16,
		first: u64,
		count: u64,
	},
	DissolveStep {
		who: usize,
		netuid: u16,
		max: u32,
	},
	/// `add_stake` (`sell` false) or `remove_stake`, each with or without a limit.
	Stake {
		sell: bool,
		who: usize,
		hotkey: usize,
		netuid: u16,
		amount: Amount,
		limit: Option<(u64, bool)>,
	},
	/// `move_stake`, `swap_stake` or `transfer_stake` (`to`: the receiving coldkey, transfers
	/// only), each with or without a limit.
	Move {
		kind: MoveKind,
		who: usize,
		to: usize,
		from: usize,
		dest: usize,
		on: u16,
		dn: u16,
		amount: Amount,
		limit: Option<(u64, bool)>,
	},
	UnstakeAll {
		who: usize,
		hotkey: usize,
	},
	SetWeights {
		hotkey: usize,
		netuid: u16,
		uids: Vec<u16>,
		weights: Vec<u16>,
	},
	SetParam(ParamUpdate),
	Blocks(u64),
}

/// Which cross-position call an `Op::Move` is.
#[derive(Clone, Copy, Debug)]
enum MoveKind {
	Move,
	Swap,
	Transfer,
}

fn amount() -> impl Strategy<Value = Amount> {
	prop_oneof![
		1 => Just(Amount::Zero),
		1 => Just(Amount::One),
		1 => Just(Amount::Dust),
		6 => (1u64..=200 * TAO).prop_map(Amount::Tao),
		1 => Just(Amount::Max),
		2 => Just(Amount::All),
	]
}

fn limit() -> impl Strategy<Value = Option<(u64, bool)>> {
	prop_oneof![
		2 => Just(None),
		1 => (prop_oneof![Just(0u64), Just(1), 1u64..=5 * TAO, Just(u64::MAX)], any::<bool>()).prop_map(Some),
	]
}

fn netuid() -> impl Strategy<Value = u16> {
	prop_oneof![4 => 0u16..=4, 1 => Just(u16::MAX)]
}

fn op() -> impl Strategy<Value = Op> {
	let who = 0usize..5;
	let hot = 0usize..6;
	prop_oneof![
		1 => (who.clone(), hot.clone()).prop_map(|(who, hotkey)| Op::RegisterNetwork { who, hotkey }),
		1 => (prop::option::of(who.clone()), netuid(), prop_oneof![3 => Just(false), 1 => Just(true)])
			.prop_map(|(who, netuid, short_witness)| Op::Dissolve { who, netuid, short_witness }),
		3 => (who.clone(), netuid(), hot.clone()).prop_map(|(who, netuid, hotkey)| Op::RegisterNeuron { who, netuid, hotkey }),
		1 => (who.clone(), netuid(), 100u64..140, 1u64..=20)
			.prop_map(|(who, netuid, first, count)| Op::FillSubnet { who, netuid, first, count }),
		1 => (who.clone(), netuid(), 0u32..=4).prop_map(|(who, netuid, max)| Op::DissolveStep { who, netuid, max }),
		14 => (prop_oneof![8 => Just(false), 6 => Just(true)], who.clone(), hot.clone(), netuid(), amount(), limit())
			.prop_map(|(sell, who, hotkey, netuid, amount, limit)| Op::Stake { sell, who, hotkey, netuid, amount, limit }),
		6 => (
			prop_oneof![Just(MoveKind::Move), Just(MoveKind::Swap), Just(MoveKind::Transfer)],
			(who.clone(), who.clone(), hot.clone(), hot.clone()),
			(netuid(), netuid(), amount(), limit()),
		)
			.prop_map(|(kind, (who, to, from, dest), (on, dn, amount, limit))| Op::Move {
				kind,
				who,
				to,
				from,
				dest,
				on,
				dn,
				amount,
				limit
			}),
		1 => (who.clone(), hot.clone()).prop_map(|(who, hotkey)| Op::UnstakeAll { who, hotkey }),
		2 => (hot.clone(), netuid(), prop::collection::vec(0u16..8, 0..5), prop::collection::vec(any::<u16>(), 0..5))
			.prop_map(|(hotkey, netuid, uids, weights)| Op::SetWeights { hotkey, netuid, uids, weights }),
		1 => prop_oneof![
			(0u32..=1_000_000_000).prop_map(|p| ParamUpdate::TaoWeight(Perbill::from_parts(p))),
			(0u32..=200_000_000).prop_map(|p| ParamUpdate::SwapFee(Perbill::from_parts(p))),
			(0u16..=6).prop_map(ParamUpdate::DefaultTempo),
			(1u16..=4, 0u16..=6).prop_map(|(netuid, tempo)| ParamUpdate::SubnetTempo { netuid, tempo }),
			(0u64..=5_000_000_000).prop_map(ParamUpdate::MinValidatorStake),
			(0u16..=20).prop_map(ParamUpdate::MaxValidators),
			(0u32..=4).prop_map(ParamUpdate::ImmunityPeriod),
			(0u64..=TAO).prop_map(ParamUpdate::MinBurn),
			(0u16..=3).prop_map(ParamUpdate::TargetRegistrations),
			(0u32..=20_000_000).prop_map(|p| ParamUpdate::EmaAlpha(Perbill::from_parts(p))),
			(90 * TAO..=200 * TAO).prop_map(ParamUpdate::MinLockCost),
			(0u32..=10).prop_map(ParamUpdate::LockHalfLife),
			any::<bool>().prop_map(ParamUpdate::RegistrationEnabled),
			(0u64..=2 * TAO).prop_map(ParamUpdate::MaxEmaPrice),
			(0u64..=2 * TAO).prop_map(ParamUpdate::MaxBurn),
			(0u32..=10).prop_map(ParamUpdate::AdjustmentInterval),
		].prop_map(Op::SetParam),
		4 => (1u64..=8).prop_map(Op::Blocks),
	]
}

fn resolve(a: &Amount, all: u64) -> u64 {
	match a {
		Amount::Zero => 0,
		Amount::One => 1,
		Amount::Dust => 500_000,
		Amount::Tao(x) => *x,
		Amount::Max => u64::MAX,
		Amount::All => all,
	}
}

/// Run one block's hooks; returns the issuance change the pallet accounts for.
fn next_block() -> i128 {
	System::reset_events();
	run_to_block_unchecked(System::block_number() + 1);
	i128::from(BlockMinted::<Test>::get()) - recycled_and_burned()
}

/// TAO taken out of issuance by the events in the buffer: lock burns, dissolve burns, recycling.
fn recycled_and_burned() -> i128 {
	dtao_events()
		.into_iter()
		.map(|e| match e {
			Event::NetworkRegistered { burned, .. } => i128::from(burned),
			Event::NeuronRegistered { burn, .. } => i128::from(burn),
			Event::NetworkDissolving { recycled, .. } => i128::from(recycled),
			Event::DissolveStepped { tao_recycled, .. } => i128::from(tao_recycled),
			Event::EpochPaid { payout, .. } => i128::from(payout.recycled_tao),
			_ => 0,
		})
		.sum()
}

fn all_accounts() -> Vec<AccountId> {
	frame_system::Account::<Test>::iter_keys().collect()
}

fn run_sequence(ops: Vec<Op>) -> Result<(), TestCaseError> {
	let mut builder = ExtBuilder::market(3).with_market(2, 50 * TAO, 400 * TAO, TAO / 8, 4);
	builder = builder.with_neuron(1, BOB_HOT, BOB).with_neuron(2, BOB_HOT, BOB).with_stake(BOB, BOB_HOT, 1, 100 * TAO);
	builder = builder.with_stake(CHARLIE, BOB_HOT, 0, 500 * TAO);
	let mut result = Ok(());
	builder.build().execute_with(|| {
		// Cheap registrations so the fuzzer can create subnets.
		Parameters::<Test>::mutate(|p| p.min_lock_cost = 2 * TAO);
		let mut expected_issuance = i128::from(Balances::total_issuance());
		for (step, op) in ops.into_iter().enumerate() {
			if let Op::Blocks(n) = op {
				for _ in 0..n {
					expected_issuance += next_block();
					if let Err(e) = Dtao::do_try_state() {
						result = Err(TestCaseError::fail(format!("step {step}: after a block: {e:?}")));
						return;
					}
				}
			} else {
				let calls: Vec<(RuntimeOrigin, RuntimeCall)> = match &op {
					Op::FillSubnet { who, netuid, first, count } => (*first..*first + *count)
						.map(|hotkey| {
							let c = DtaoCall::register_neuron { netuid: *netuid, hotkey };
							(RuntimeOrigin::signed(COLDKEYS[*who]), RuntimeCall::Dtao(c))
						})
						.collect(),
					_ => vec![to_call(&op)],
				};
				for (origin, call) in calls {
					System::reset_events();
					let root_before = sp_io::storage::root(sp_runtime::StateVersion::V1);
					let outcome = call.dispatch(origin);
					if outcome.is_err() {
						let root_after = sp_io::storage::root(sp_runtime::StateVersion::V1);
						if root_before != root_after {
							result = Err(TestCaseError::fail(format!(
								"step {step}: {op:?} failed with {outcome:?} and changed state"
							)));
							return;
						}
					}
					expected_issuance -= recycled_and_burned();
				}
			}
			if let Err(e) = Dtao::do_try_state() {
				result = Err(TestCaseError::fail(format!("step {step}: {op:?}: {e:?}")));
				return;
			}
			let issuance = i128::from(Balances::total_issuance());
			if issuance != expected_issuance {
				result = Err(TestCaseError::fail(format!(
					"step {step}: {op:?}: issuance {issuance} != expected {expected_issuance}"
				)));
				return;
			}
			let held: i128 = all_accounts().iter().map(|a| i128::from(Balances::balance(a))).sum();
			if held != issuance {
				result = Err(TestCaseError::fail(format!("step {step}: Σ balances {held} != issuance {issuance}")));
				return;
			}
		}
	});
	result
}

fn to_call(op: &Op) -> (RuntimeOrigin, RuntimeCall) {
	let signed = |i: usize| RuntimeOrigin::signed(COLDKEYS[i]);
	let free = |i: usize| Balances::balance(&COLDKEYS[i]);
	let staked = |i: usize, h: usize, n: u16| Dtao::stake_value(&COLDKEYS[i], &HOTKEYS[h], n);
	let call = |c: DtaoCall<Test>| RuntimeCall::Dtao(c);
	match op.clone() {
		Op::RegisterNetwork { who, hotkey } => {
			(signed(who), call(DtaoCall::register_network { hotkey: HOTKEYS[hotkey] }))
		},
		Op::Dissolve { who, netuid, short_witness } => {
			let neurons = Dtao::neuron_count(netuid).saturating_sub(u32::from(short_witness));
			(who.map(signed).unwrap_or_else(RuntimeOrigin::root), call(DtaoCall::dissolve_network { netuid, neurons }))
		},
		Op::RegisterNeuron { who, netuid, hotkey } => {
			(signed(who), call(DtaoCall::register_neuron { netuid, hotkey: HOTKEYS[hotkey] }))
		},
		Op::DissolveStep { who, netuid, max } => {
			(signed(who), call(DtaoCall::dissolve_step { netuid, max_positions: max }))
		},
		Op::FillSubnet { .. } => unreachable!("expanded into registrations"),
		Op::Stake { sell, who, hotkey, netuid, amount, limit } => {
			let held = if sell { staked(who, hotkey, netuid) } else { free(who) };
			let (hotkey, amount) = (HOTKEYS[hotkey], resolve(&amount, held));
			let c = match (sell, limit) {
				(false, None) => DtaoCall::new_call_variant_add_stake(hotkey, netuid, amount),
				(false, Some((price, partial))) => {
					DtaoCall::new_call_variant_add_stake_limit(hotkey, netuid, amount, price, partial)
				},
				(true, None) => DtaoCall::new_call_variant_remove_stake(hotkey, netuid, amount),
				(true, Some((price, partial))) => {
					DtaoCall::new_call_variant_remove_stake_limit(hotkey, netuid, amount, price, partial)
				},
			};
			(signed(who), call(c))
		},
		Op::Move { kind, who, to, from, dest, on, dn, amount, limit } => {
			let alpha = resolve(&amount, staked(who, from, on));
			let (coldkey, hotkey, dest) = (COLDKEYS[to], HOTKEYS[from], HOTKEYS[dest]);
			let c = match (kind, limit) {
				(MoveKind::Move, None) => DtaoCall::new_call_variant_move_stake(hotkey, dest, on, dn, alpha),
				(MoveKind::Move, Some((price, partial))) => {
					DtaoCall::new_call_variant_move_stake_limit(hotkey, dest, on, dn, alpha, price, partial)
				},
				(MoveKind::Swap, None) => DtaoCall::new_call_variant_swap_stake(hotkey, on, dn, alpha),
				(MoveKind::Swap, Some((price, partial))) => {
					DtaoCall::new_call_variant_swap_stake_limit(hotkey, on, dn, alpha, price, partial)
				},
				(MoveKind::Transfer, None) => DtaoCall::new_call_variant_transfer_stake(coldkey, hotkey, on, dn, alpha),
				(MoveKind::Transfer, Some((price, partial))) => {
					DtaoCall::new_call_variant_transfer_stake_limit(coldkey, hotkey, on, dn, alpha, price, partial)
				},
			};
			(signed(who), call(c))
		},
		Op::UnstakeAll { who, hotkey } => (signed(who), call(DtaoCall::unstake_all { hotkey: HOTKEYS[hotkey] })),
		Op::SetWeights { hotkey, netuid, uids, weights } => (
			RuntimeOrigin::signed(HOTKEYS[hotkey]),
			call(DtaoCall::set_weights { netuid, uids: bounded(uids), weights: bounded(weights) }),
		),
		Op::SetParam(update) => (RuntimeOrigin::root(), call(DtaoCall::set_parameter { update })),
		Op::Blocks(_) => unreachable!("blocks are not calls"),
	}
}

fn cases() -> u32 {
	std::env::var("DTAO_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)
}

proptest! {
	#![proptest_config(ProptestConfig { cases: cases(), max_shrink_iters: 2_000, ..ProptestConfig::default() })]

	/// Random call sequences of up to 60 steps keep every invariant.
	#[test]
	fn random_call_sequences_keep_every_invariant(ops in prop::collection::vec(op(), 1..60)) {
		run_sequence(ops)?;
	}
}

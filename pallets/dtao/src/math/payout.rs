//! The epoch's payout (spec §5) as pure functions: validator permits from stake weights, and
//! what each uid is paid of a tempo's pending emission (Yuma-lite, the stake-mix split into
//! root and alpha parts, and the fallbacks). The pallet's epoch loads the stakes and weights,
//! calls [`select_validators`] and [`payout`], and writes the result; the runtime API's epoch
//! preview and the simulator call the same functions.

use super::{
	distribute::largest_remainder,
	yuma::{yuma_lite, Validator},
	MathError,
};
use alloc::vec::Vec;
use sp_arithmetic::{helpers_128bit::multiply_by_rational_with_rounding, PerThing, Perbill, Rounding};

/// A neuron's stake at an epoch: its root stake and its stake weight `S = alpha + tw * root`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct NeuronStake {
	/// TAO staked under its hotkey on root.
	pub root: u64,
	/// Its stake weight `S`.
	pub weight: u128,
}

impl NeuronStake {
	/// The stake of a neuron with `alpha` staked under it on the subnet and `root` on root.
	pub fn new(alpha: u64, root: u64, tao_weight: Perbill) -> Self {
		NeuronStake { root, weight: u128::from(alpha).saturating_add(u128::from(tao_weight.mul_floor(root))) }
	}
}

/// Validator permits: the top `max_validators` uids by stake weight with at least `min_stake`
/// (and more than zero), ties to the lower uid; returned sorted by uid.
pub fn select_validators(stakes: &[NeuronStake], max_validators: u16, min_stake: u64) -> Vec<u16> {
	let mut candidates: Vec<(u16, u128)> = stakes
		.iter()
		.enumerate()
		.filter(|(_, s)| s.weight >= u128::from(min_stake) && s.weight > 0)
		.filter_map(|(uid, s)| u16::try_from(uid).ok().map(|uid| (uid, s.weight)))
		.collect();
	candidates.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
	candidates.truncate(usize::from(max_validators));
	let mut uids: Vec<u16> = candidates.into_iter().map(|(uid, _)| uid).collect();
	uids.sort_unstable();
	uids
}

/// The root stake behind `permits` (`R_i` of root blending).
pub fn root_stake_of(stakes: &[NeuronStake], permits: &[u16]) -> u64 {
	permits.iter().filter_map(|uid| stakes.get(usize::from(*uid))).fold(0u64, |acc, s| acc.saturating_add(s.root))
}

/// What a tempo left to pay to miners, validators and root (the owner's cut is paid as it is).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Pending {
	/// The miners' half (alpha).
	pub miner_alpha: u64,
	/// The validators' half kept as alpha.
	pub validator_alpha: u64,
	/// TAO from root's auto-sold alpha.
	pub root_tao: u64,
}

/// What an epoch pays: per uid (indexed by uid, one entry per neuron) and the totals by role.
/// Every rao of [`Pending`] is either paid to a uid or recycled.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Payout {
	/// Alpha each uid earns by incentive.
	pub incentive: Vec<u64>,
	/// Alpha each uid earns as a validator.
	pub dividends: Vec<u64>,
	/// TAO each uid's root share pool earns.
	pub root_tao: Vec<u64>,
	/// The miners' half paid by incentive.
	pub miner_alpha: u64,
	/// Alpha paid to permit holders (the miners' half too when no uid earned incentive).
	pub validator_alpha: u64,
	/// Of `validator_alpha`, the miners' half that went to validators.
	pub miners_to_validators: u64,
	/// Whether validators were paid by stake weight (nobody earned dividends).
	pub paid_by_stake: bool,
	/// Whether weights were set but by less than the quorum of the permit holders' stake (and
	/// so were not used: the miners' half is recycled, validators are paid by stake).
	pub below_quorum: bool,
	/// Root TAO paid to the permit holders' root stake.
	pub root_tao_paid: u64,
	/// The miners' half recycled (no permit holder).
	pub recycled_miner_alpha: u64,
	/// The validators' half recycled (no permit holder).
	pub recycled_validator_alpha: u64,
	/// Root TAO recycled (no permit holder).
	pub recycled_tao: u64,
}

/// The epoch's payout of `pending` over the neurons with `stakes` (one per uid), validator
/// permits `permits` (sorted uids) and their weight rows `rows` (one per permit, same order).
/// Spec §5: miner incentive and validator dividends by Yuma-lite; each dividend split by the
/// validator's stake mix into a root part `r_v = D_v * tw*root_v / S_v` and an alpha part
/// `a_v = D_v - r_v`; validators' alpha by `a_v`, root TAO by `r_v`; the fallbacks when nobody
/// earned incentive or dividends; everything recycled when there is no permit holder. The
/// weights count only when the permit holders that set them hold at least `quorum` of all the
/// permit holders' stake weight; below it no weight counts: validators are paid by stake and
/// the miners' half is recycled (paid to the validators, abstaining would pay), so a small
/// validator alone cannot steer the miners' half.
pub fn payout(
	stakes: &[NeuronStake],
	permits: &[u16],
	rows: &[Vec<(u16, u16)>],
	tao_weight: Perbill,
	quorum: Perbill,
	pending: Pending,
) -> Result<Payout, MathError> {
	let n = stakes.len();
	let mut out = Payout {
		incentive: alloc::vec![0; n],
		dividends: alloc::vec![0; n],
		root_tao: alloc::vec![0; n],
		..Default::default()
	};
	let empty = Vec::new();
	let mut validators: Vec<Validator> = permits
		.iter()
		.enumerate()
		.map(|(i, uid)| Validator {
			uid: *uid,
			stake: stakes.get(usize::from(*uid)).map(|s| s.weight).unwrap_or(0),
			weights: rows.get(i).unwrap_or(&empty),
		})
		.collect();
	let weights_set = validators.iter().any(|v| has_weights(v, n));
	out.below_quorum = weights_set && !weights_quorum_met(&validators, n, quorum);
	if out.below_quorum {
		for v in validators.iter_mut() {
			v.weights = &empty;
		}
	}
	if validators.is_empty() {
		// No permit holder: nobody can be paid the validators' and miners' halves or the root
		// TAO; they are recycled.
		out.recycled_miner_alpha = pending.miner_alpha;
		out.recycled_validator_alpha = pending.validator_alpha;
		out.recycled_tao = pending.root_tao;
		return Ok(out);
	}
	let yuma = yuma_lite(n, &validators);

	// The validators' share: by dividends, or by stake weight when nobody earned any.
	out.paid_by_stake = !yuma.dividends.iter().any(|d| *d > 0);
	let base: Vec<u128> = if out.paid_by_stake { validators.iter().map(|v| v.stake).collect() } else { yuma.dividends };
	// Each share split by the validator's stake mix: root part r_v, alpha part a_v.
	let mut root_parts: Vec<u128> = Vec::with_capacity(validators.len());
	let mut alpha_parts: Vec<u128> = Vec::with_capacity(validators.len());
	let mut root_stakes: Vec<u128> = Vec::with_capacity(validators.len());
	for (v, d) in validators.iter().zip(&base) {
		let root = stakes.get(usize::from(v.uid)).map(|s| s.root).unwrap_or(0);
		let weighted_root = u128::from(tao_weight.mul_floor(root));
		let r = if v.stake == 0 {
			0
		} else {
			multiply_by_rational_with_rounding(*d, weighted_root, v.stake, Rounding::Down).unwrap_or(0)
		};
		root_parts.push(r);
		alpha_parts.push(d.saturating_sub(r));
		root_stakes.push(u128::from(root));
	}

	// Miners' half: by incentive over every weighted uid; weights below the quorum: recycled
	// (paid to the validators it would be a lever: a majority abstaining would take it by
	// stake); nobody weighting anyone: to the validators.
	let mut validator_alpha = pending.validator_alpha;
	if yuma.incentive.iter().any(|i| *i > 0) {
		out.incentive = largest_remainder(pending.miner_alpha, &yuma.incentive).ok_or(MathError::Overflow)?;
		out.miner_alpha = pending.miner_alpha;
	} else if out.below_quorum {
		out.recycled_miner_alpha = pending.miner_alpha;
	} else {
		validator_alpha = validator_alpha.checked_add(pending.miner_alpha).ok_or(MathError::Overflow)?;
		out.miners_to_validators = pending.miner_alpha;
	}

	// Validators' alpha by a_v (by the whole share if no validator has an alpha part).
	let weights = nonzero(&alpha_parts).unwrap_or(&base);
	let parts = largest_remainder(validator_alpha, weights).ok_or(MathError::Overflow)?;
	for (v, part) in validators.iter().zip(parts) {
		if let Some(d) = out.dividends.get_mut(usize::from(v.uid)) {
			*d = part;
		}
	}
	out.validator_alpha = validator_alpha;

	// Root TAO, already sold out of the pool: by r_v, else by the permit holders' root stake,
	// else by their share; never burned while a permit holder exists.
	let weights = nonzero(&root_parts).or_else(|| nonzero(&root_stakes)).unwrap_or(&base);
	let parts = largest_remainder(pending.root_tao, weights).ok_or(MathError::Overflow)?;
	for (v, part) in validators.iter().zip(parts) {
		if let Some(r) = out.root_tao.get_mut(usize::from(v.uid)) {
			*r = part;
		}
	}
	out.root_tao_paid = pending.root_tao;
	Ok(out)
}

/// Whether `v` weights anyone Yuma-lite counts: a known uid other than its own, above 0.
fn has_weights(v: &Validator, neurons: usize) -> bool {
	v.weights.iter().any(|(uid, w)| *w > 0 && usize::from(*uid) < neurons && *uid != v.uid)
}

/// Whether the validators that weight someone ([`has_weights`]) hold at least `quorum` of all
/// the validators' stake weight.
fn weights_quorum_met(validators: &[Validator], neurons: usize, quorum: Perbill) -> bool {
	let total = validators.iter().fold(0u128, |acc, v| acc.saturating_add(v.stake));
	let voting =
		validators.iter().filter(|v| has_weights(v, neurons)).fold(0u128, |acc, v| acc.saturating_add(v.stake));
	// voting / total >= parts / 10^9, in integers (stake weights fit in 96 bits, parts in 30).
	voting.saturating_mul(u128::from(Perbill::ACCURACY)) >= total.saturating_mul(u128::from(quorum.deconstruct()))
}

/// `weights` if any is non-zero.
fn nonzero(weights: &[u128]) -> Option<&[u128]> {
	weights.iter().any(|w| *w > 0).then_some(weights)
}

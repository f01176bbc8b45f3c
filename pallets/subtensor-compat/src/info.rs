//! The runtime APIs' answers ([`crate::api`]), computed from pallet-dtao's state when asked:
//! nothing here is stored. Prices and previews come from pallet-dtao's own quote functions, so
//! they agree with `dtao_*` RPCs and with the calls.

use crate::api::*;
use crate::pallet::*;
use alloc::vec::Vec;
use codec::Compact;
use frame_support::traits::Get;
use pallet_dtao::{math::swap::PRICE_UNIT, NetUid, ROOT_NETUID};
use sp_runtime::SaturatedConversion;

/// Root's name on the public chain.
const ROOT_NAME: &str = "root";

/// Root's symbol, τ.
const ROOT_SYMBOL: char = '\u{03C4}';

/// A one-character symbol per netuid: τ for root, then the Greek lowercase letters α to ω
/// without τ and the final sigma (23), then CJK unified ideographs from U+4E00 (20,000 and
/// more), so every netuid up to `u16::MAX` has a distinct single code point.
pub fn token_symbol(netuid: NetUid) -> char {
	const GREEK: &[char] = &[
		'α', 'β', 'γ', 'δ', 'ε', 'ζ', 'η', 'θ', 'ι', 'κ', 'λ', 'μ', 'ν', 'ξ', 'ο', 'π', 'ρ', 'σ', 'υ', 'φ', 'χ', 'ψ',
		'ω',
	];
	if netuid == ROOT_NETUID {
		return ROOT_SYMBOL;
	}
	let i = usize::from(netuid).saturating_sub(1);
	GREEK.get(i).copied().unwrap_or_else(|| {
		let offset = u32::try_from(i.saturating_sub(GREEK.len())).unwrap_or(0);
		char::from_u32(0x4E00u32.saturating_add(offset)).unwrap_or(ROOT_SYMBOL)
	})
}

/// UTF-8 bytes as the public chain sends text: `Vec<Compact<u8>>`.
fn text(s: &str) -> Vec<Compact<u8>> {
	s.bytes().map(Compact).collect()
}

fn symbol_text(netuid: NetUid) -> Vec<Compact<u8>> {
	let mut buf = [0u8; 4];
	text(token_symbol(netuid).encode_utf8(&mut buf))
}

/// Scale `score` so the highest of `scores` is `u16::MAX`.
fn scaled(score: u64, max: u64) -> u16 {
	if max == 0 {
		return 0;
	}
	let s = u128::from(score).saturating_mul(u128::from(u16::MAX)).checked_div(u128::from(max)).unwrap_or(0);
	u16::try_from(s).unwrap_or(u16::MAX)
}

impl<T: Config> Pallet<T> {
	fn block() -> u64 {
		frame_system::Pallet::<T>::block_number().saturated_into()
	}

	/// Root as a `DynamicInfo`: no pool, one root alpha is one TAO, price 1.0.
	fn root_info() -> DynamicInfo<T::AccountId> {
		let staked = pallet_dtao::TotalRootStake::<T>::get();
		let zero = ZeroAccount::<T>::get();
		DynamicInfo {
			netuid: ROOT_NETUID,
			owner_hotkey: zero.clone(),
			owner_coldkey: zero,
			subnet_name: text(ROOT_NAME),
			token_symbol: symbol_text(ROOT_NETUID),
			tempo: 0,
			last_step: 0,
			blocks_since_last_step: Self::block(),
			emission: 0,
			alpha_in: 0,
			alpha_out: staked,
			tao_in: staked,
			alpha_out_emission: 0,
			alpha_in_emission: 0,
			tao_in_emission: 0,
			pending_alpha_emission: 0,
			pending_root_emission: 0,
			subnet_volume: 0,
			network_registered_at: 0,
			subnet_identity: None,
			moving_price: I96F32 { bits: 1i128 << 32 },
		}
	}

	/// Root, then every live subnet by netuid, from pallet-dtao's subnet summaries (the same
	/// figures `dtao_subnets` reports).
	pub fn all_dynamic_info() -> Vec<DynamicInfo<T::AccountId>> {
		let now = Self::block();
		let mut out = alloc::vec![Self::root_info()];
		for summary in pallet_dtao::Pallet::<T>::subnet_summaries() {
			let Some(info) = pallet_dtao::Subnets::<T>::get(summary.netuid) else { continue };
			let period = u64::from(summary.tempo).saturating_add(1);
			let last_step = summary.next_epoch.map(|next| next.saturating_sub(period)).unwrap_or(0);
			out.push(DynamicInfo {
				netuid: summary.netuid,
				owner_hotkey: info.owner_hotkey,
				owner_coldkey: info.owner,
				subnet_name: Vec::new(),
				token_symbol: symbol_text(summary.netuid),
				tempo: summary.tempo,
				last_step,
				blocks_since_last_step: now.saturating_sub(last_step),
				emission: summary.tao_emission,
				alpha_in: summary.alpha_reserve,
				alpha_out: summary.alpha_out,
				tao_in: summary.tao_reserve,
				alpha_out_emission: summary.last_block.alpha_emitted,
				alpha_in_emission: summary.last_block.alpha_in,
				tao_in_emission: summary.last_block.tao_in,
				pending_alpha_emission: info.pending.alpha(),
				pending_root_emission: info.pending.root_tao,
				subnet_volume: 0,
				network_registered_at: info.registered_at.saturated_into(),
				subnet_identity: None,
				moving_price: I96F32 { bits: i128::try_from(info.ema_price).unwrap_or(i128::MAX) },
			});
		}
		out
	}

	/// One subnet's `DynamicInfo` (root included).
	pub fn dynamic_info(netuid: NetUid) -> Option<DynamicInfo<T::AccountId>> {
		if netuid == ROOT_NETUID {
			return Some(Self::root_info());
		}
		if !pallet_dtao::Subnets::<T>::contains_key(netuid) {
			return None;
		}
		Self::all_dynamic_info().into_iter().find(|d| d.netuid == netuid)
	}

	/// Spot price, rao per alpha: root 10^9, a missing subnet 0.
	pub fn alpha_price(netuid: NetUid) -> u64 {
		if netuid == ROOT_NETUID {
			return PRICE_UNIT;
		}
		pallet_dtao::Subnets::<T>::get(netuid).and_then(|s| s.pool.price()).unwrap_or(0)
	}

	/// Root and every live subnet's spot price, by netuid.
	pub fn alpha_prices() -> Vec<SubnetPrice> {
		let mut out = alloc::vec![SubnetPrice { netuid: ROOT_NETUID, price: PRICE_UNIT }];
		let mut subnets: Vec<SubnetPrice> = pallet_dtao::Subnets::<T>::iter()
			.map(|(netuid, s)| SubnetPrice { netuid, price: s.pool.price().unwrap_or(0) })
			.collect();
		subnets.sort_by_key(|p| p.netuid);
		out.extend(subnets);
		out
	}

	/// `tao * PRICE_UNIT / price`, or `alpha * price / PRICE_UNIT` (`buy` false): what the spot
	/// price would give.
	fn at_spot(amount: u64, price: u64, buy: bool) -> u64 {
		let (num, den) = if buy { (PRICE_UNIT, price) } else { (price, PRICE_UNIT) };
		u128::from(amount)
			.saturating_mul(u128::from(num))
			.checked_div(u128::from(den))
			.map(|v| v.saturated_into())
			.unwrap_or(0)
	}

	/// `add_stake(netuid, tao)` alone in its block, by pallet-dtao's quote; zeros if it fails.
	pub fn sim_swap_tao_for_alpha(netuid: NetUid, tao: u64) -> SimSwapResult {
		let price = Self::alpha_price(netuid);
		match pallet_dtao::Pallet::<T>::quote_add_stake(netuid, tao, None) {
			Ok(q) => SimSwapResult {
				tao_amount: q.amount_in,
				alpha_amount: q.amount_out,
				tao_fee: q.fee,
				alpha_fee: 0,
				tao_slippage: 0,
				alpha_slippage: Self::at_spot(q.amount_in.saturating_sub(q.fee), price, true)
					.saturating_sub(q.amount_out),
			},
			Err(_) => SimSwapResult::default(),
		}
	}

	/// `remove_stake(netuid, alpha)` alone in its block, by pallet-dtao's quote; zeros if it
	/// fails.
	pub fn sim_swap_alpha_for_tao(netuid: NetUid, alpha: u64) -> SimSwapResult {
		let price = Self::alpha_price(netuid);
		match pallet_dtao::Pallet::<T>::quote_remove_stake(netuid, alpha, None) {
			Ok(q) => SimSwapResult {
				tao_amount: q.amount_out,
				alpha_amount: q.amount_in,
				tao_fee: 0,
				alpha_fee: q.fee,
				tao_slippage: Self::at_spot(q.amount_in.saturating_sub(q.fee), price, false)
					.saturating_sub(q.amount_out),
				alpha_slippage: 0,
			},
			Err(_) => SimSwapResult::default(),
		}
	}

	/// One position as `StakeInfo` (a stake of 0 if there is none).
	pub fn stake_info(hotkey: T::AccountId, coldkey: T::AccountId, netuid: NetUid) -> StakeInfo<T::AccountId> {
		let stake = pallet_dtao::Pallet::<T>::stake_value(&coldkey, &hotkey, netuid);
		let is_registered = netuid != ROOT_NETUID && Uids::<T>::contains_key(netuid, &hotkey);
		StakeInfo { hotkey, coldkey, netuid, stake, locked: 0, emission: 0, tao_emission: 0, drain: 0, is_registered }
	}

	/// Every position of `coldkey`, by netuid: one prefix of pallet-dtao's `ColdkeyPositions`.
	pub fn stake_infos(coldkey: &T::AccountId) -> Vec<StakeInfo<T::AccountId>> {
		let mut out: Vec<StakeInfo<T::AccountId>> = pallet_dtao::ColdkeyPositions::<T>::iter_key_prefix((coldkey,))
			.map(|(netuid, hotkey)| Self::stake_info(hotkey, coldkey.clone(), netuid))
			.collect();
		out.sort_by_key(|s| s.netuid);
		out
	}

	/// The neurons of `netuid` as the public chain's `NeuronInfo` (weights only if `weights`).
	pub fn neurons(netuid: NetUid, weights: bool) -> Vec<NeuronInfo<T::AccountId>> {
		if netuid == ROOT_NETUID {
			return Vec::new();
		}
		let hotkeys = pallet_dtao::Neurons::<T>::get(netuid);
		let states = pallet_dtao::NeuronStates::<T>::get(netuid);
		let permits = pallet_dtao::ValidatorPermits::<T>::get(netuid);
		let last = LastUpdate::<T>::get(netuid);
		let max_score = states.iter().map(|s| s.pruning_score).max().unwrap_or(0);
		(0u16..)
			.zip(hotkeys)
			.map(|(uid, hotkey)| {
				let coldkey = Owner::<T>::get(&hotkey);
				let alpha = pallet_dtao::StakePools::<T>::get(netuid, &hotkey).map(|p| p.value).unwrap_or(0);
				let row = if weights { Self::weight_row(netuid, uid) } else { Vec::new() };
				let score = states.get(usize::from(uid)).map(|s| s.pruning_score).unwrap_or(0);
				NeuronInfo {
					stake: alloc::vec![(coldkey.clone(), Compact(alpha))],
					hotkey,
					coldkey,
					uid,
					netuid,
					active: true,
					axon_info: AxonInfo::default(),
					prometheus_info: PrometheusInfo::default(),
					rank: 0,
					emission: 0,
					incentive: 0,
					consensus: 0,
					trust: 0,
					validator_trust: 0,
					dividends: 0,
					last_update: last.get(usize::from(uid)).copied().unwrap_or(0),
					validator_permit: permits.contains(&uid),
					weights: row,
					bonds: Vec::new(),
					pruning_score: scaled(score, max_score),
				}
			})
			.collect()
	}

	/// The neurons of `netuid` without weights.
	pub fn neurons_lite(netuid: NetUid) -> Vec<NeuronInfoLite<T::AccountId>> {
		Self::neurons(netuid, false)
			.into_iter()
			.map(|n| NeuronInfoLite {
				hotkey: n.hotkey,
				coldkey: n.coldkey,
				uid: n.uid,
				netuid: n.netuid,
				active: n.active,
				axon_info: n.axon_info,
				prometheus_info: n.prometheus_info,
				stake: n.stake,
				rank: n.rank,
				emission: n.emission,
				incentive: n.incentive,
				consensus: n.consensus,
				trust: n.trust,
				validator_trust: n.validator_trust,
				dividends: n.dividends,
				last_update: n.last_update,
				validator_permit: n.validator_permit,
				pruning_score: n.pruning_score,
			})
			.collect()
	}

	/// One neuron with its weights.
	pub fn neuron(netuid: NetUid, uid: u16) -> Option<NeuronInfo<T::AccountId>> {
		// Only this uid's weight row is read.
		let mut neuron = Self::neurons(netuid, false).into_iter().find(|n| n.uid == uid)?;
		neuron.weights = Self::weight_row(netuid, uid);
		Some(neuron)
	}

	/// `uid`'s weights on `netuid` as the public chain sends them.
	fn weight_row(netuid: NetUid, uid: u16) -> Vec<(Compact<u16>, Compact<u16>)> {
		pallet_dtao::Weights::<T>::get(netuid, uid)
			.map(|r| r.into_iter().map(|(u, w)| (Compact(u), Compact(w))).collect())
			.unwrap_or_default()
	}

	/// `netuid`'s neurons, one vector per field; `None` for root or a missing subnet.
	pub fn subnet_state(netuid: NetUid) -> Option<SubnetState<T::AccountId>> {
		if netuid == ROOT_NETUID || !pallet_dtao::Subnets::<T>::contains_key(netuid) {
			return None;
		}
		let tao_weight = pallet_dtao::Parameters::<T>::get().tao_weight;
		let states = pallet_dtao::NeuronStates::<T>::get(netuid);
		let neurons = Self::neurons(netuid, false);
		let n = neurons.len();
		let zeros16 = || alloc::vec![Compact(0u16); n];
		let mut s = SubnetState {
			netuid,
			hotkeys: Vec::with_capacity(n),
			coldkeys: Vec::with_capacity(n),
			active: Vec::with_capacity(n),
			validator_permit: Vec::with_capacity(n),
			pruning_score: Vec::with_capacity(n),
			last_update: Vec::with_capacity(n),
			emission: alloc::vec![Compact(0u64); n],
			dividends: zeros16(),
			incentives: zeros16(),
			consensus: zeros16(),
			trust: zeros16(),
			rank: zeros16(),
			block_at_registration: Vec::with_capacity(n),
			alpha_stake: Vec::with_capacity(n),
			tao_stake: Vec::with_capacity(n),
			total_stake: Vec::with_capacity(n),
			emission_history: Vec::new(),
		};
		for neuron in neurons {
			// `neurons` read it already: the hotkey's alpha, as its one stake entry.
			let alpha = neuron.stake.first().map(|(_, a)| a.0).unwrap_or(0);
			let root = pallet_dtao::StakePools::<T>::get(ROOT_NETUID, &neuron.hotkey).map(|p| p.value).unwrap_or(0);
			let registered: u64 =
				states.get(usize::from(neuron.uid)).map(|st| st.registered_at.saturated_into()).unwrap_or(0);
			s.hotkeys.push(neuron.hotkey);
			s.coldkeys.push(neuron.coldkey);
			s.active.push(true);
			s.validator_permit.push(neuron.validator_permit);
			s.pruning_score.push(Compact(neuron.pruning_score));
			s.last_update.push(Compact(neuron.last_update));
			s.block_at_registration.push(Compact(registered));
			s.alpha_stake.push(Compact(alpha));
			s.tao_stake.push(Compact(root));
			s.total_stake.push(Compact(alpha.saturating_add(tao_weight.mul_floor(root))));
		}
		Some(s)
	}

	/// The TAO a `register_network` costs now.
	pub fn network_registration_cost() -> u64 {
		pallet_dtao::Pallet::<T>::lock_cost()
	}
}

//! Subnets and neurons: registration with the lock cost, dissolution, neuron registration,
//! and the genesis build.

use crate::{
	math::{burn::BurnRule, lock_cost, swap::Pool},
	pallet::*,
	types::*,
	WeightInfo, DISSOLVE_BATCH_MAX,
};
use alloc::{collections::BTreeMap, vec::Vec};
use frame_support::traits::fungible::{Inspect, Mutate};
use frame_support::traits::tokens::{Fortitude, Precision, Preservation};
use frame_support::{ensure, pallet_prelude::*, weights::Weight};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{traits::AccountIdConversion, SaturatedConversion};

/// A stake position as `Stakes` stores it on one subnet: (hotkey, coldkey) and its shares.
type Position<T> = ((<T as frame_system::Config>::AccountId, <T as frame_system::Config>::AccountId), u128);

impl<T: Config> Pallet<T> {
	/// The pallet's account: pool reserves, root stake and pending root TAO live here.
	pub fn account_id() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// Whether `netuid` exists (root always does).
	pub fn subnet_exists(netuid: NetUid) -> bool {
		netuid == ROOT_NETUID || Subnets::<T>::contains_key(netuid)
	}

	/// Stake positions on `netuid` (of a dissolving subnet: those not paid yet).
	pub fn positions_of(netuid: NetUid) -> u32 {
		Subnets::<T>::get(netuid)
			.map(|s| s.positions)
			.or_else(|| Dissolving::<T>::get(netuid).map(|d| d.positions.saturating_sub(d.positions_paid)))
			.unwrap_or(0)
	}

	/// The TAO a `register_network` would cost now.
	pub fn lock_cost() -> u64 {
		let params = Parameters::<T>::get();
		let lock = Lock::<T>::get();
		let now: u64 = frame_system::Pallet::<T>::block_number().saturated_into();
		let then: u64 = lock.last_registered_at.saturated_into();
		lock_cost::lock_cost(
			lock.last_lock,
			now.saturating_sub(then),
			u64::from(params.lock_half_life),
			params.min_lock_cost,
		)
	}

	/// Make `coldkey` the owner of `hotkey`, or check that it is already.
	pub(crate) fn claim_hotkey(coldkey: &T::AccountId, hotkey: &T::AccountId) -> DispatchResult {
		match HotkeyOwner::<T>::get(hotkey) {
			Some(owner) => ensure!(&owner == coldkey, Error::<T>::NotHotkeyOwner),
			None => HotkeyOwner::<T>::insert(hotkey, coldkey),
		}
		Ok(())
	}

	/// The number of neurons registered on `netuid`: the witness `dissolve_network` takes.
	pub fn neuron_count(netuid: NetUid) -> u32 {
		Neurons::<T>::decode_len(netuid).and_then(|n| u32::try_from(n).ok()).unwrap_or(0)
	}

	/// The weight of `dissolve_network` for a subnet of `neurons` neurons (the witness, capped
	/// at `MaxNeurons`, the most any subnet holds): closing it and its last epoch.
	pub fn dissolve_network_weight(neurons: u32) -> Weight {
		let n = neurons.min(T::MaxNeurons::get());
		T::WeightInfo::dissolve_network(n).saturating_add(T::WeightInfo::epoch(n))
	}

	/// Whether `netuid` is being dissolved.
	pub fn is_dissolving(netuid: NetUid) -> bool {
		Dissolving::<T>::contains_key(netuid)
	}

	/// Check that `netuid` exists (root always does); a dissolving subnet is named as such.
	pub(crate) fn ensure_subnet(netuid: NetUid) -> DispatchResult {
		if Self::subnet_exists(netuid) {
			Ok(())
		} else if Self::is_dissolving(netuid) {
			Err(Error::<T>::SubnetDissolving.into())
		} else {
			Err(Error::<T>::SubnetNotFound.into())
		}
	}

	/// The burn rule of the parameters in force.
	fn burn_rule(params: &Params) -> BurnRule {
		BurnRule {
			min: params.min_burn,
			max: params.max_burn,
			target: u32::from(params.target_registrations),
			interval: u64::from(params.adjustment_interval),
		}
	}

	/// `netuid`'s burn state brought to now, and the rule it follows.
	fn current_burn(netuid: NetUid) -> (BurnState, BurnRule) {
		let rule = Self::burn_rule(&Parameters::<T>::get());
		let now: u64 = frame_system::Pallet::<T>::block_number().saturated_into();
		let stored = Burns::<T>::get(netuid);
		// A subnet's first interval starts with its first registration.
		let stored = if stored == BurnState::default() { BurnState { interval_start: now, ..stored } } else { stored };
		(rule.roll(stored, now), rule)
	}

	/// What a `register_neuron` on `netuid` burns now (rao).
	pub fn burn_cost(netuid: NetUid) -> Result<u64, DispatchError> {
		ensure!(netuid != ROOT_NETUID, Error::<T>::RootNotAllowed);
		Self::ensure_subnet(netuid)?;
		let (state, rule) = Self::current_burn(netuid);
		Ok(rule.cost(&state))
	}

	pub(crate) fn do_register_network(coldkey: T::AccountId, hotkey: T::AccountId) -> DispatchResult {
		let params = Parameters::<T>::get();
		ensure!(params.registration_enabled, Error::<T>::RegistrationDisabled);
		let in_use = Subnets::<T>::count().saturating_add(Dissolving::<T>::count());
		ensure!(in_use < u32::from(T::MaxSubnets::get()), Error::<T>::SubnetLimitReached);
		let netuid = (1..=T::MaxSubnets::get())
			.find(|n| !Subnets::<T>::contains_key(n) && !Dissolving::<T>::contains_key(n))
			.ok_or(Error::<T>::SubnetLimitReached)?;
		let cost = Self::lock_cost();
		let seed = T::PoolInitialTao::get();
		let burned = cost.checked_sub(seed).ok_or(Error::<T>::InvalidParameter)?;
		ensure!(
			T::Currency::reducible_balance(&coldkey, Preservation::Preserve, Fortitude::Polite) >= cost,
			Error::<T>::InsufficientBalance
		);
		Self::claim_hotkey(&coldkey, &hotkey)?;

		T::Currency::transfer(&coldkey, &Self::account_id(), seed, Preservation::Preserve)?;
		T::Currency::burn_from(&coldkey, burned, Preservation::Preserve, Precision::Exact, Fortitude::Polite)?;

		let now = frame_system::Pallet::<T>::block_number();
		let pool = Pool { tao: seed, alpha: seed };
		Subnets::<T>::insert(
			netuid,
			SubnetInfo::new(coldkey.clone(), hotkey.clone(), pool, 0, params.default_tempo, now),
		);
		Self::first_neuron(netuid, hotkey.clone(), now)?;
		Self::refresh_permits(netuid)?;
		Lock::<T>::put(LockState { last_lock: cost, last_registered_at: now });

		Self::deposit_event(Event::NetworkRegistered {
			netuid,
			owner: coldkey.clone(),
			hotkey: hotkey.clone(),
			lock_cost: cost,
			burned,
		});
		Self::deposit_event(Event::NeuronRegistered { netuid, uid: 0, hotkey, coldkey, burn: 0 });
		Ok(())
	}

	/// Make `hotkey` uid 0 of a new `netuid`.
	fn first_neuron(netuid: NetUid, hotkey: T::AccountId, now: BlockNumberFor<T>) -> DispatchResult {
		let neurons = BoundedVec::try_from(alloc::vec![hotkey]).map_err(|_| Error::<T>::SubnetFull)?;
		let state = NeuronState { registered_at: now, pruning_score: 0 };
		let states = BoundedVec::try_from(alloc::vec![state]).map_err(|_| Error::<T>::SubnetFull)?;
		Neurons::<T>::insert(netuid, neurons);
		NeuronStates::<T>::insert(netuid, states);
		Ok(())
	}

	/// `netuid`'s neuron states, one per neuron (a neuron without one counts as registered at
	/// block 0 with score 0).
	pub(crate) fn neuron_states(netuid: NetUid, n: usize) -> Vec<NeuronState<BlockNumberFor<T>>> {
		let mut states = NeuronStates::<T>::get(netuid).into_inner();
		states.resize(n, NeuronState::default());
		states
	}

	/// The uid a registration into the full `netuid` replaces: the lowest pruning score among
	/// neurons past their immunity (uid 0, the owner's hotkey, never), ties to the oldest
	/// registration, then the lower uid.
	fn uid_to_replace(netuid: NetUid, n: usize, immunity: u32) -> Result<u16, DispatchError> {
		let now: u64 = frame_system::Pallet::<T>::block_number().saturated_into();
		Self::neuron_states(netuid, n)
			.into_iter()
			.zip(0u16..)
			.skip(1)
			.filter(|(s, _)| now.saturating_sub(s.registered_at.saturated_into()) >= u64::from(immunity))
			.min_by_key(|(s, uid)| (s.pruning_score, s.registered_at, *uid))
			.map(|(_, uid)| uid)
			.ok_or_else(|| Error::<T>::AllNeuronsImmune.into())
	}

	/// Add `hotkey` to `netuid` without a burn (genesis), or replace a neuron when full
	/// (`replace`). Returns its uid and the hotkey it replaced.
	fn add_neuron(
		netuid: NetUid,
		hotkey: &T::AccountId,
		replace: bool,
	) -> Result<(u16, Option<T::AccountId>), DispatchError> {
		let now = frame_system::Pallet::<T>::block_number();
		let mut neurons = Neurons::<T>::get(netuid);
		ensure!(!neurons.contains(hotkey), Error::<T>::NeuronAlreadyRegistered);
		let mut states = Self::neuron_states(netuid, neurons.len());
		let state = NeuronState { registered_at: now, pruning_score: 0 };
		let full = u32::try_from(neurons.len()).map_or(true, |n| n >= T::MaxNeurons::get());
		let (uid, replaced) = if !full {
			let uid = u16::try_from(neurons.len()).map_err(|_| Error::<T>::SubnetFull)?;
			neurons.try_push(hotkey.clone()).map_err(|_| Error::<T>::SubnetFull)?;
			states.push(state);
			(uid, None)
		} else {
			ensure!(replace, Error::<T>::SubnetFull);
			let uid = Self::uid_to_replace(netuid, neurons.len(), Parameters::<T>::get().immunity_period)?;
			let slot = neurons.get_mut(usize::from(uid)).ok_or(Error::<T>::UnknownUid)?;
			let old = core::mem::replace(slot, hotkey.clone());
			if let Some(s) = states.get_mut(usize::from(uid)) {
				*s = state;
			}
			// The old neuron's weights and permit go with its uid.
			Weights::<T>::remove(netuid, uid);
			ValidatorPermits::<T>::mutate(netuid, |p| p.retain(|u| *u != uid));
			(uid, Some(old))
		};
		Neurons::<T>::insert(netuid, neurons);
		NeuronStates::<T>::insert(netuid, BoundedVec::truncate_from(states));
		Ok((uid, replaced))
	}

	pub(crate) fn do_register_neuron(coldkey: T::AccountId, netuid: NetUid, hotkey: T::AccountId) -> DispatchResult {
		ensure!(netuid != ROOT_NETUID, Error::<T>::RootNotAllowed);
		Self::ensure_subnet(netuid)?;
		let (state, rule) = Self::current_burn(netuid);
		let burn = rule.cost(&state);
		ensure!(
			T::Currency::reducible_balance(&coldkey, Preservation::Preserve, Fortitude::Polite) >= burn,
			Error::<T>::InsufficientBalance
		);
		Self::claim_hotkey(&coldkey, &hotkey)?;
		let (uid, replaced) = Self::add_neuron(netuid, &hotkey, true)?;
		if burn > 0 {
			T::Currency::burn_from(&coldkey, burn, Preservation::Preserve, Precision::Exact, Fortitude::Polite)?;
		}
		Burns::<T>::insert(netuid, BurnState { registrations: state.registrations.saturating_add(1), ..state });
		Self::refresh_permits(netuid)?;
		if let Some(replaced) = replaced {
			Self::deposit_event(Event::NeuronReplaced { netuid, uid, replaced, hotkey: hotkey.clone() });
		}
		Self::deposit_event(Event::NeuronRegistered { netuid, uid, hotkey, coldkey, burn });
		Ok(())
	}

	/// Close `netuid` for dissolution. `caller` is `None` for governance, else it must be the
	/// owner. Its pending emission is paid first; then the pool's TAO is split between the
	/// holders (set aside, paid in steps) and the pool's own share (owner refund up to
	/// `PoolInitialTao`, the rest recycled), and everything bounded by `MaxNeurons` is removed.
	/// Close `netuid` (see `dissolve_network`). `witness`: at least its neuron count, else
	/// `BadWitness`. Returns the neuron count, which prices the call after the fact.
	pub(crate) fn do_dissolve_network(
		caller: Option<T::AccountId>,
		netuid: NetUid,
		witness: u32,
	) -> Result<u32, DispatchError> {
		ensure!(netuid != ROOT_NETUID, Error::<T>::RootNotAllowed);
		Self::ensure_subnet(netuid)?;
		let info = Subnets::<T>::get(netuid).ok_or(Error::<T>::SubnetNotFound)?;
		if let Some(caller) = caller {
			ensure!(caller == info.owner, Error::<T>::NotSubnetOwner);
		}
		let neurons = Self::neuron_count(netuid);
		ensure!(neurons <= witness, Error::<T>::BadWitness);
		// Settle the pending emission first: an epoch pays it to owner, miners and validators.
		let payout = Self::drain_pending(netuid)?;
		Self::deposit_event(Event::EpochPaid { netuid, payout });
		let info = Subnets::<T>::take(netuid).ok_or(Error::<T>::SubnetNotFound)?;

		// T, N = A + alpha_out; the holders' part floor(alpha_out T / N), the pool's the rest.
		// (Pending amounts are zero after the epoch; any left would be recycled with the rest.)
		let issuance = info.pool.alpha.checked_add(info.alpha_out).ok_or(Error::<T>::Overflow)?;
		let holders_tao = if issuance == 0 {
			0
		} else {
			u64::try_from(
				u128::from(info.alpha_out)
					.checked_mul(u128::from(info.pool.tao))
					.and_then(|x| x.checked_div(u128::from(issuance)))
					.ok_or(Error::<T>::Overflow)?,
			)
			.map_err(|_| Error::<T>::Overflow)?
		};
		let pool_share = info
			.pool
			.tao
			.checked_sub(holders_tao)
			.and_then(|x| x.checked_add(info.pending.root_tao))
			.ok_or(Error::<T>::Overflow)?;
		let refund = pool_share.min(T::PoolInitialTao::get());
		let pallet = Self::account_id();
		let refund =
			if refund > 0 && T::Currency::transfer(&pallet, &info.owner, refund, Preservation::Preserve).is_ok() {
				refund
			} else {
				0
			};
		let recycled = pool_share.checked_sub(refund).ok_or(Error::<T>::Overflow)?;
		Self::recycle(recycled)?;

		Neurons::<T>::remove(netuid);
		NeuronStates::<T>::remove(netuid);
		Burns::<T>::remove(netuid);
		ValidatorPermits::<T>::remove(netuid);
		let _ = Weights::<T>::clear_prefix(netuid, T::MaxNeurons::get(), None);
		EpochQueue::<T>::mutate(|q| q.retain(|n| *n != netuid));
		Dissolving::<T>::insert(
			netuid,
			DissolveState {
				owner: info.owner,
				pool_tao: info.pool.tao,
				alpha_issuance: issuance,
				holders_tao,
				alpha_paid: 0,
				tao_paid: 0,
				tao_recycled: 0,
				positions: info.positions,
				positions_paid: 0,
			},
		);
		Self::deposit_event(Event::NetworkDissolving {
			netuid,
			holders_tao,
			owner_refund: refund,
			recycled,
			positions: info.positions,
		});
		// Nothing to pay: done at once.
		if info.positions == 0 {
			Self::do_dissolve_step(netuid, 0)?;
		}
		Ok(neurons)
	}

	/// Burn `amount` of the pallet account's TAO (recycle it).
	fn recycle(amount: u64) -> DispatchResult {
		if amount > 0 {
			T::Currency::burn_from(
				&Self::account_id(),
				amount,
				Preservation::Preserve,
				Precision::Exact,
				Fortitude::Polite,
			)?;
		}
		Ok(())
	}

	/// Pay up to `max` positions of the dissolving `netuid` (then up to `max` of its emptied
	/// share pools); when none is left, finish: recycle the holders' rounding dust and remove
	/// the netuid's last entry. Returns the items processed (at least 1 when it finished).
	pub(crate) fn do_dissolve_step(netuid: NetUid, max: u32) -> Result<u32, DispatchError> {
		let mut state = Dissolving::<T>::get(netuid).ok_or(Error::<T>::NotDissolving)?;
		let limit = usize::try_from(max).unwrap_or(usize::MAX);
		let batch: Vec<Position<T>> = Stakes::<T>::iter_prefix((netuid,)).take(limit).collect();
		let mut pools: BTreeMap<T::AccountId, SharePool> = BTreeMap::new();
		let pallet = Self::account_id();
		let (mut paid_now, mut recycled_now, mut positions_now) = (0u64, 0u64, 0u32);
		for ((hotkey, coldkey), shares) in batch {
			let pool = match pools.get(&hotkey) {
				Some(p) => *p,
				None => {
					let p = StakePools::<T>::get(netuid, &hotkey).unwrap_or_default();
					pools.insert(hotkey.clone(), p);
					p
				},
			};
			let (owed, alpha_paid) = state.pay(pool.value_of(shares)).ok_or(Error::<T>::Overflow)?;
			state.alpha_paid = alpha_paid;
			// An amount the account cannot receive (below the existential deposit of a dead
			// account) is recycled: the pallet account must stay exact.
			if owed > 0 && T::Currency::transfer(&pallet, &coldkey, owed, Preservation::Preserve).is_ok() {
				paid_now = paid_now.checked_add(owed).ok_or(Error::<T>::Overflow)?;
			} else {
				Self::recycle(owed)?;
				recycled_now = recycled_now.checked_add(owed).ok_or(Error::<T>::Overflow)?;
			}
			Stakes::<T>::remove((netuid, &hotkey, &coldkey));
			positions_now = positions_now.saturating_add(1);
		}
		state.tao_paid = state.tao_paid.checked_add(paid_now).ok_or(Error::<T>::Overflow)?;
		state.tao_recycled = state.tao_recycled.checked_add(recycled_now).ok_or(Error::<T>::Overflow)?;
		state.positions_paid = state.positions_paid.saturating_add(positions_now);
		let mut done = positions_now;
		let mut finished = false;
		if Stakes::<T>::iter_prefix((netuid,)).next().is_none() {
			// Every position is paid: the share pools go (bounded by what is left of the batch).
			let cleared = StakePools::<T>::clear_prefix(netuid, max.saturating_sub(done).max(1), None);
			done = done.saturating_add(cleared.backend);
			finished = cleared.maybe_cursor.is_none();
		}
		if finished {
			// The holders' TAO not paid (rounding dust, dust alpha of share pools) is recycled.
			let dust = state
				.holders_tao
				.checked_sub(state.tao_paid)
				.and_then(|x| x.checked_sub(state.tao_recycled))
				.ok_or(Error::<T>::Overflow)?;
			Self::recycle(dust)?;
			recycled_now = recycled_now.checked_add(dust).ok_or(Error::<T>::Overflow)?;
			state.tao_recycled = state.tao_recycled.checked_add(dust).ok_or(Error::<T>::Overflow)?;
			Dissolving::<T>::remove(netuid);
		} else {
			Dissolving::<T>::insert(netuid, &state);
		}
		Self::deposit_event(Event::DissolveStepped {
			netuid,
			positions_paid: positions_now,
			tao_paid: paid_now,
			tao_recycled: recycled_now,
		});
		if finished {
			Self::deposit_event(Event::NetworkDissolved {
				netuid,
				tao_paid: state.tao_paid,
				tao_burned: state.tao_recycled,
				positions: state.positions_paid,
			});
		}
		Ok(done.max(1))
	}

	/// Dissolve steps in `remaining` weight: as many positions of the first dissolving subnet
	/// as fit. Returns the weight used.
	pub(crate) fn dissolve_on_idle(remaining: Weight) -> Weight {
		let read = T::DbWeight::get().reads(1);
		if !remaining.all_gte(read) {
			return Weight::zero();
		}
		let Some(netuid) = Dissolving::<T>::iter_keys().next() else {
			return read;
		};
		let base = T::WeightInfo::dissolve_step(0).saturating_add(read);
		let per = T::WeightInfo::dissolve_step(1).saturating_sub(T::WeightInfo::dissolve_step(0));
		let Some(spare) = remaining.checked_sub(&base) else {
			return read;
		};
		let fit = |spare: u64, per: u64| {
			spare.checked_div(per).map_or(DISSOLVE_BATCH_MAX, |n| u32::try_from(n).unwrap_or(u32::MAX))
		};
		let n = fit(spare.ref_time(), per.ref_time())
			.min(fit(spare.proof_size(), per.proof_size()))
			.min(DISSOLVE_BATCH_MAX)
			.min(T::MaxIdleDissolve::get());
		if n == 0 {
			return read;
		}
		match Self::do_dissolve_step(netuid, n) {
			Ok(done) => T::WeightInfo::dissolve_step(done).saturating_add(read),
			Err(e) => {
				log::error!(target: crate::LOG_TARGET, "dissolve step of {netuid} failed: {e:?}");
				base
			},
		}
	}

	/// Build the genesis state; errors name the offending entry.
	pub(crate) fn build_genesis(config: &GenesisConfig<T>) -> Result<(), &'static str> {
		if let Some(params) = config.params {
			Parameters::<T>::put(params);
		}
		let params = Parameters::<T>::get();
		ensure!(params.min_lock_cost >= T::PoolInitialTao::get(), "genesis params: min_lock_cost below PoolInitialTao");
		let pallet = Self::account_id();
		// The pallet account is kept alive by the existential deposit minted here; everything
		// above it is accounted (invariant 1).
		T::Currency::mint_into(&pallet, T::Currency::minimum_balance()).map_err(|_| "cannot endow pallet account")?;
		let now: BlockNumberFor<T> = 0u32.into();
		for s in &config.subnets {
			ensure!(s.netuid != ROOT_NETUID && s.netuid <= T::MaxSubnets::get(), "genesis subnet: netuid out of range");
			ensure!(!Subnets::<T>::contains_key(s.netuid), "genesis subnet: duplicate netuid");
			ensure!(
				s.tao_reserve >= T::MinReserve::get() && s.alpha_reserve >= T::MinReserve::get(),
				"genesis subnet: reserves below the floor"
			);
			T::Currency::mint_into(&pallet, s.tao_reserve).map_err(|_| "genesis subnet: cannot mint reserve")?;
			Self::claim_hotkey(&s.owner, &s.owner_hotkey).map_err(|_| "genesis subnet: hotkey of another owner")?;
			let pool = Pool { tao: s.tao_reserve, alpha: s.alpha_reserve };
			// The starting EMA, given in rao per alpha, as `U96F32` bits of TAO per alpha.
			let ema = crate::math::emission::rao_price_bits(s.ema_price);
			let tempo = s.tempo.unwrap_or(params.default_tempo);
			Subnets::<T>::insert(
				s.netuid,
				SubnetInfo::new(s.owner.clone(), s.owner_hotkey.clone(), pool, ema, tempo, now),
			);
			Self::first_neuron(s.netuid, s.owner_hotkey.clone(), now).map_err(|_| "genesis subnet: MaxNeurons is 0")?;
		}
		// Genesis neurons burn nothing.
		for (netuid, hotkey, coldkey) in &config.neurons {
			ensure!(Subnets::<T>::contains_key(netuid), "genesis neuron: no subnet");
			Self::claim_hotkey(coldkey, hotkey).map_err(|_| "genesis neuron: hotkey of another owner")?;
			Self::add_neuron(*netuid, hotkey, false).map_err(|_| "genesis neuron: invalid")?;
		}
		for (coldkey, hotkey, netuid, amount) in &config.stakes {
			Self::ensure_can_stake_to(hotkey, *netuid).map_err(|_| "genesis stake: hotkey not registered there")?;
			let change =
				Self::credit(coldkey, hotkey, *netuid, *amount).map_err(|_| "genesis stake: amount invalid")?;
			if *netuid == ROOT_NETUID {
				T::Currency::mint_into(&pallet, *amount).map_err(|_| "genesis stake: cannot mint")?;
				Self::adjust_root_stake(*amount, 0).map_err(|_| "genesis stake: overflow")?;
			} else {
				Subnets::<T>::try_mutate(netuid, |s| -> Result<(), &'static str> {
					let s = s.as_mut().ok_or("genesis stake: no subnet")?;
					s.alpha_out = s.alpha_out.checked_add(*amount).ok_or("genesis stake: overflow")?;
					change.apply(&mut s.positions);
					Ok(())
				})?;
			}
		}
		// Permits (and `R_i`) from the stakes, then the validators' weights.
		for netuid in config.subnets.iter().map(|s| s.netuid) {
			Self::refresh_permits(netuid).map_err(|_| "genesis: permits")?;
		}
		for (netuid, hotkey, row) in &config.weights {
			let (uids, weights) = row.iter().copied().unzip();
			Self::do_set_weights(hotkey.clone(), *netuid, uids, weights).map_err(|_| "genesis weights: invalid")?;
		}
		Ok(())
	}
}

//! Governance (spec §6): one parameter change at a time, each range-checked: an out-of-range
//! value is refused with `InvalidParameter` and changes nothing. The bounds: tempo (default and
//! per subnet) at least 1 (a tempo of 0 would never pay its pending emission); the EMA factor
//! in (0, 1%] (1% a block is a time constant of 100 blocks; a factor near 100% would let one
//! block's price set the emission share); the swap fee at most 10%; the minimum lock cost at
//! least `PoolInitialTao`; the lock half-life at least 1 block; 1 to `MaxNeurons` validators;
//! `MaxEmaPrice` above 0; `min_burn <= max_burn`; a registration target and an adjustment
//! interval of at least 1.

use crate::{pallet::*, types::*, WeightInfo};
use frame_support::{ensure, pallet_prelude::*};
use sp_arithmetic::Perbill;

/// The largest EMA factor governance may set: 1% a block.
pub const MAX_EMA_ALPHA: Perbill = Perbill::from_percent(1);

impl<T: Config> Pallet<T> {
	/// Apply one parameter change; an out-of-range value is refused and changes nothing.
	pub(crate) fn do_set_parameter(update: ParamUpdate) -> DispatchResult {
		if let ParamUpdate::SubnetTempo { netuid, tempo } = update {
			ensure!(tempo >= 1, Error::<T>::InvalidParameter);
			Subnets::<T>::try_mutate(netuid, |s| -> DispatchResult {
				let s = s.as_mut().ok_or(Error::<T>::SubnetNotFound)?;
				s.tempo = tempo;
				Ok(())
			})?;
			T::Observer::tempo_changed(netuid, tempo);
		} else {
			Parameters::<T>::try_mutate(|p| -> DispatchResult {
				match update {
					ParamUpdate::TaoWeight(v) => p.tao_weight = v,
					ParamUpdate::EmaAlpha(v) => {
						ensure!(!v.is_zero() && v <= MAX_EMA_ALPHA, Error::<T>::InvalidParameter);
						p.ema_alpha = v
					},
					ParamUpdate::SwapFee(v) => {
						ensure!(v <= Perbill::from_percent(10), Error::<T>::InvalidParameter);
						p.swap_fee = v
					},
					ParamUpdate::DefaultTempo(v) => {
						ensure!(v >= 1, Error::<T>::InvalidParameter);
						p.default_tempo = v
					},
					ParamUpdate::MinLockCost(v) => {
						ensure!(v >= T::PoolInitialTao::get(), Error::<T>::InvalidParameter);
						p.min_lock_cost = v
					},
					ParamUpdate::LockHalfLife(v) => {
						ensure!(v >= 1, Error::<T>::InvalidParameter);
						p.lock_half_life = v
					},
					ParamUpdate::MaxValidators(v) => {
						ensure!(v >= 1 && u32::from(v) <= T::MaxNeurons::get(), Error::<T>::InvalidParameter);
						p.max_validators = v
					},
					ParamUpdate::MinValidatorStake(v) => p.min_validator_stake = v,
					ParamUpdate::RegistrationEnabled(v) => p.registration_enabled = v,
					ParamUpdate::MaxEmaPrice(v) => {
						ensure!(v > 0, Error::<T>::InvalidParameter);
						p.max_ema_price = v
					},
					ParamUpdate::MinBurn(v) => {
						ensure!(v <= p.max_burn, Error::<T>::InvalidParameter);
						p.min_burn = v
					},
					ParamUpdate::MaxBurn(v) => {
						ensure!(v >= p.min_burn, Error::<T>::InvalidParameter);
						p.max_burn = v
					},
					ParamUpdate::TargetRegistrations(v) => {
						ensure!(v >= 1, Error::<T>::InvalidParameter);
						p.target_registrations = v
					},
					ParamUpdate::AdjustmentInterval(v) => {
						ensure!(v >= 1, Error::<T>::InvalidParameter);
						p.adjustment_interval = v
					},
					ParamUpdate::ImmunityPeriod(v) => p.immunity_period = v,
					ParamUpdate::WeightsQuorum(v) => p.weights_quorum = v,
					ParamUpdate::EmaWarmup(v) => p.ema_warmup = v,
					ParamUpdate::DissolveDelay(v) => p.dissolve_delay = v,
					ParamUpdate::SubnetTempo { .. } => {},
				}
				Ok(())
			})?;
		}
		if update.moves_burn() {
			T::Observer::burn_rule_changed();
		}
		Self::deposit_event(Event::ParameterSet { update });
		Ok(())
	}

	/// `set_parameter`'s weight: the update, and what the observer is told of it (a tempo, or
	/// every subnet's burn).
	pub fn set_parameter_weight(update: &ParamUpdate) -> Weight {
		let observer = if update.moves_burn() {
			T::Observer::burn_rule_changed_weight(u32::from(T::MaxSubnets::get()))
		} else {
			T::Observer::weights_set_weight()
		};
		T::WeightInfo::set_parameter().saturating_add(observer)
	}
}

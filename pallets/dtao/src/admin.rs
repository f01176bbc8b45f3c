//! Governance (spec §6): one parameter change at a time, each range-checked.

use crate::{pallet::*, types::*};
use frame_support::{ensure, pallet_prelude::*};
use sp_arithmetic::Perbill;

impl<T: Config> Pallet<T> {
	/// Apply one parameter change; an out-of-range value is refused and changes nothing.
	pub(crate) fn do_set_parameter(update: ParamUpdate) -> DispatchResult {
		if let ParamUpdate::SubnetTempo { netuid, tempo } = update {
			Subnets::<T>::try_mutate(netuid, |s| -> DispatchResult {
				let s = s.as_mut().ok_or(Error::<T>::SubnetNotFound)?;
				s.tempo = tempo;
				Ok(())
			})?;
		} else {
			Parameters::<T>::try_mutate(|p| -> DispatchResult {
				match update {
					ParamUpdate::TaoWeight(v) => p.tao_weight = v,
					ParamUpdate::EmaAlpha(v) => {
						ensure!(!v.is_zero(), Error::<T>::InvalidParameter);
						p.ema_alpha = v
					},
					ParamUpdate::SwapFee(v) => {
						ensure!(v <= Perbill::from_percent(10), Error::<T>::InvalidParameter);
						p.swap_fee = v
					},
					ParamUpdate::DefaultTempo(v) => p.default_tempo = v,
					ParamUpdate::MinLockCost(v) => {
						ensure!(v >= T::PoolInitialTao::get(), Error::<T>::InvalidParameter);
						p.min_lock_cost = v
					},
					ParamUpdate::LockHalfLife(v) => p.lock_half_life = v,
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
					ParamUpdate::SubnetTempo { .. } => {},
				}
				Ok(())
			})?;
		}
		Self::deposit_event(Event::ParameterSet { update });
		Ok(())
	}
}

//! The genesis build: the parameters, the subnets with their pools and first neurons, further
//! neurons, stakes, then permits and weights. It stands on everything below it (ledger, staking's
//! checks, subnets' neuron slots, the epoch's permits and weights) and nothing calls it but the
//! pallet's `BuildGenesisConfig`.

use crate::{math::swap::Pool, pallet::*, types::*};
use frame_support::traits::fungible::{Inspect, Mutate};
use frame_support::{ensure, pallet_prelude::Get};
use frame_system::pallet_prelude::BlockNumberFor;

impl<T: Config> Pallet<T> {
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
					// Stake created without a trade: alpha outside the pool, no pool change.
					s.apply_trade(None, *amount, 0, change).map_err(|_| "genesis stake: overflow")
				})?;
			}
		}
		// Root stake at genesis has been held since the chain began: every genesis neuron's `R`
		// starts at its root stake (later epochs read it over their tempo).
		for netuid in config.subnets.iter().map(|s| s.netuid) {
			let neurons = Neurons::<T>::get(netuid);
			let mut states = Self::neuron_states(netuid, neurons.len());
			for (state, hotkey) in states.iter_mut().zip(neurons.iter()) {
				state.root_stake = Self::share_pool(ROOT_NETUID, hotkey).map_or(0, |p| p.value);
			}
			NeuronStates::<T>::insert(netuid, frame_support::BoundedVec::truncate_from(states));
		}
		// Permits (and `R_i`) from the stakes, then the validators' weights.
		for netuid in config.subnets.iter().map(|s| s.netuid) {
			Subnets::<T>::try_mutate(netuid, |s| -> Result<(), &'static str> {
				let s = s.as_mut().ok_or("genesis: no subnet")?;
				Self::refresh_permits(netuid, s).map_err(|_| "genesis: permits")
			})?;
		}
		for (netuid, hotkey, row) in &config.weights {
			let (uids, weights) = row.iter().copied().unzip();
			Self::do_set_weights(hotkey.clone(), *netuid, uids, weights).map_err(|_| "genesis weights: invalid")?;
		}
		Ok(())
	}
}

//! The ledger: the floor every other file stands on. Who holds what (stake positions, share
//! pools, root stake, hotkey owners), the pallet's account, and which subnets exist. Every
//! function here reads or writes storage directly and calls nothing of the pallet's but itself
//! (and the pure `math`), so the files above it (staking, subnets, epoch, dissolve, genesis,
//! coinbase, queries) can all use it without calling each other back.

use crate::math::shares::StakeMark;
use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use frame_support::traits::fungible::Mutate;
use frame_support::traits::tokens::{Fortitude, Precision, Preservation};
use frame_support::{ensure, pallet_prelude::*};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{AccountIdConversion, SaturatedConversion};

/// An account of the runtime.
type AccountOf<T> = <T as frame_system::Config>::AccountId;

/// What a share-pool operation did to a position.
pub(crate) type Changed = Result<PositionChange, DispatchError>;

/// A coldkey's position under a hotkey on one subnet, read once: its shares and the hotkey's
/// share pool there.
pub(crate) struct Holding<AccountId> {
	/// The subnet.
	pub netuid: NetUid,
	/// The hotkey the stake is under.
	pub hotkey: AccountId,
	/// The coldkey that owns it.
	pub coldkey: AccountId,
	/// Its shares of the pool: those stored and, for the hotkey's owner, those the epochs owe
	/// it (already taken off `pool.owner_owed`, so writing the position back settles them).
	pub shares: u128,
	/// The hotkey's share pool on the subnet (empty if none is stored).
	pub pool: SharePool,
}

impl<AccountId> Holding<AccountId> {
	/// Its value (alpha; TAO on root).
	pub fn value(&self) -> u64 {
		self.pool.value_of(self.shares)
	}
}

impl<T: Config> Pallet<T> {
	/// The pallet's account: pool reserves, root stake and pending root TAO live here.
	pub fn account_id() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// Whether `netuid` exists (root always does).
	pub fn subnet_exists(netuid: NetUid) -> bool {
		netuid == ROOT_NETUID || Subnets::<T>::contains_key(netuid)
	}

	/// Whether `netuid` is being dissolved.
	pub fn is_dissolving(netuid: NetUid) -> bool {
		Dissolving::<T>::contains_key(netuid)
	}

	/// The error for a dynamic subnet that is not there: dissolving, or not found.
	fn missing(netuid: NetUid) -> Error<T> {
		if Self::is_dissolving(netuid) {
			Error::<T>::SubnetDissolving
		} else {
			Error::<T>::SubnetNotFound
		}
	}

	/// Check that `netuid` exists (root always does); a dissolving subnet is named as such.
	pub(crate) fn ensure_subnet(netuid: NetUid) -> DispatchResult {
		ensure!(Self::subnet_exists(netuid), Self::missing(netuid));
		Ok(())
	}

	/// The record of dynamic subnet `netuid`, read once (root is not one: `SubnetNotFound`).
	pub(crate) fn subnet(netuid: NetUid) -> Result<SubnetOf<T>, Error<T>> {
		Subnets::<T>::get(netuid).ok_or_else(|| Self::missing(netuid))
	}

	/// The market a trade on `netuid` meets, read once: the subnet's record, `None` for root.
	pub(crate) fn market(netuid: NetUid) -> Result<Option<SubnetOf<T>>, Error<T>> {
		if netuid == ROOT_NETUID {
			return Ok(None);
		}
		Self::subnet(netuid).map(Some)
	}

	/// The number of neurons registered on `netuid`: the witness `dissolve_network` takes.
	pub fn neuron_count(netuid: NetUid) -> u32 {
		Neurons::<T>::decode_len(netuid).and_then(|n| u32::try_from(n).ok()).unwrap_or(0)
	}

	/// `netuid`'s neuron states, one per neuron (a neuron without one counts as registered at
	/// block 0 with score 0).
	pub(crate) fn neuron_states(netuid: NetUid, n: usize) -> Vec<NeuronState<BlockNumberFor<T>>> {
		let mut states = NeuronStates::<T>::get(netuid).into_inner();
		states.resize(n, NeuronState::default());
		states
	}

	/// Make `coldkey` the owner of `hotkey`, or check that it is already.
	pub(crate) fn claim_hotkey(coldkey: &T::AccountId, hotkey: &T::AccountId) -> DispatchResult {
		match HotkeyOwner::<T>::get(hotkey) {
			Some(owner) => ensure!(&owner == coldkey, Error::<T>::NotHotkeyOwner),
			None => {
				HotkeyOwner::<T>::insert(hotkey, coldkey);
				T::Observer::hotkey_claimed(hotkey, coldkey);
			},
		}
		Ok(())
	}

	/// Burn `amount` of the pallet account's TAO (recycle it).
	pub(crate) fn recycle(amount: u64) -> DispatchResult {
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

	/// The current block, as the share pools count it.
	pub(crate) fn now() -> u64 {
		frame_system::Pallet::<T>::block_number().saturated_into()
	}

	/// The share pool of `hotkey` on `netuid`, settled to this block (what has vested since it
	/// was written released to its shares, its stake-time brought up to date).
	pub(crate) fn share_pool(netuid: NetUid, hotkey: &T::AccountId) -> Option<SharePool> {
		StakePools::<T>::get(netuid, hotkey).map(|p| p.at(Self::now()))
	}

	/// Where `hotkey`'s root stake-time stands now (zero stake-time now if it has no root pool).
	pub(crate) fn root_mark(hotkey: &T::AccountId) -> StakeMark {
		Self::share_pool(ROOT_NETUID, hotkey)
			.map(|p| p.mark())
			.unwrap_or(StakeMark { stake_blocks: 0, at: Self::now() })
	}

	/// The shares of `pool` (the share pool of `hotkey`) that the epochs owe `coldkey`: the
	/// pool's `owner_owed` if `coldkey` owns `hotkey`, else 0. Reads the hotkey's owner only
	/// when something is owed.
	pub(crate) fn owed_to(coldkey: &AccountOf<T>, hotkey: &AccountOf<T>, pool: &SharePool) -> u128 {
		if pool.owner_owed > 0 && HotkeyOwner::<T>::get(hotkey).as_ref() == Some(coldkey) {
			pool.owner_owed
		} else {
			0
		}
	}

	/// The value (alpha; TAO on root) of `coldkey`'s stake under `hotkey` on `netuid`: its part
	/// of the vested value, the shares the epochs owe it included (settled as read).
	pub fn stake_value(coldkey: &T::AccountId, hotkey: &T::AccountId, netuid: NetUid) -> u64 {
		let stored = Stakes::<T>::get((netuid, hotkey, coldkey)).unwrap_or(0);
		Self::share_pool(netuid, hotkey)
			.map(|p| p.value_of(stored.saturating_add(Self::owed_to(coldkey, hotkey, &p))))
			.unwrap_or(0)
	}

	/// `coldkey`'s position under `hotkey` on `netuid`, read once and settled (the shares the
	/// epochs owe it moved from the pool's `owner_owed` into the holding); `NoStakeToRemove` if
	/// it has none.
	pub(crate) fn holding(
		coldkey: &AccountOf<T>,
		hotkey: &AccountOf<T>,
		netuid: NetUid,
	) -> Result<Holding<AccountOf<T>>, Error<T>> {
		let stored = Stakes::<T>::get((netuid, hotkey, coldkey)).ok_or(Error::<T>::NoStakeToRemove)?;
		let mut pool = Self::share_pool(netuid, hotkey).unwrap_or_default();
		let owed = Self::owed_to(coldkey, hotkey, &pool);
		pool.owner_owed = pool.owner_owed.saturating_sub(owed);
		let shares = stored.checked_add(owed).ok_or(Error::<T>::Overflow)?;
		Ok(Holding { netuid, hotkey: hotkey.clone(), coldkey: coldkey.clone(), shares, pool })
	}

	/// Add `amount` to `coldkey`'s position under `hotkey` on `netuid` (settling what the
	/// epochs owe it).
	pub(crate) fn credit(coldkey: &AccountOf<T>, hotkey: &AccountOf<T>, netuid: NetUid, amount: u64) -> Changed {
		let pool = Self::share_pool(netuid, hotkey).unwrap_or_else(|| SharePool::default().at(Self::now()));
		let (mut pool, minted) = pool.deposit(amount).map_err(Error::<T>::from)?;
		let owed = Self::owed_to(coldkey, hotkey, &pool);
		pool.owner_owed = pool.owner_owed.saturating_sub(owed);
		let held = Stakes::<T>::get((netuid, hotkey, coldkey));
		let change = if held.is_some() { PositionChange::Kept } else { PositionChange::Opened };
		let held =
			held.unwrap_or(0).checked_add(minted).and_then(|h| h.checked_add(owed)).ok_or(Error::<T>::Overflow)?;
		StakePools::<T>::insert(netuid, hotkey, pool);
		Stakes::<T>::insert((netuid, hotkey, coldkey), held);
		if change == PositionChange::Opened {
			ColdkeyPositions::<T>::insert((coldkey, netuid, hotkey), ());
		}
		Ok(change)
	}

	/// Take `amount` from a position read by [`Pallet::holding`], and write what is left.
	pub(crate) fn debit(holding: Holding<AccountOf<T>>, amount: u64) -> Changed {
		let Holding { netuid, hotkey, coldkey, shares, pool } = holding;
		ensure!(pool.shares > 0, Error::<T>::NoStakeToRemove);
		let w = pool.withdraw(shares, amount).map_err(Error::<T>::from)?;
		if w.pool.shares == 0 {
			StakePools::<T>::remove(netuid, &hotkey);
		} else {
			StakePools::<T>::insert(netuid, &hotkey, w.pool);
		}
		if w.remaining == 0 {
			Stakes::<T>::remove((netuid, &hotkey, &coldkey));
			ColdkeyPositions::<T>::remove((&coldkey, netuid, &hotkey));
			Ok(PositionChange::Closed)
		} else {
			Stakes::<T>::insert((netuid, &hotkey, &coldkey), w.remaining);
			Ok(PositionChange::Kept)
		}
	}

	/// Give `hotkey`'s owner `minted` shares of `pool` (the hotkey's share pool on `netuid`,
	/// which the caller writes), minted by an epoch: owed in the pool's record if the owner
	/// holds a position there (no write of the position), else stored as a new position.
	/// A pool that already owes shares needs no read to know: owed shares imply the owner's
	/// position (spec §7.3), so only the first payment after a settlement reads it.
	pub(crate) fn owe_owner(
		owner: &AccountOf<T>,
		hotkey: &AccountOf<T>,
		netuid: NetUid,
		pool: &mut SharePool,
		minted: u128,
	) -> Changed {
		if minted == 0 {
			return Ok(PositionChange::Kept);
		}
		if pool.owner_owed > 0 || Stakes::<T>::contains_key((netuid, hotkey, owner)) {
			pool.owner_owed = pool.owner_owed.checked_add(minted).ok_or(Error::<T>::Overflow)?;
			return Ok(PositionChange::Kept);
		}
		let held = minted.checked_add(pool.owner_owed).ok_or(Error::<T>::Overflow)?;
		pool.owner_owed = 0;
		Stakes::<T>::insert((netuid, hotkey, owner), held);
		ColdkeyPositions::<T>::insert((owner, netuid, hotkey), ());
		Ok(PositionChange::Opened)
	}

	/// Raise `TotalRootStake` by `added` and lower it by `removed`.
	pub(crate) fn adjust_root_stake(added: u64, removed: u64) -> Result<(), Error<T>> {
		TotalRootStake::<T>::try_mutate(|t| -> Result<(), Error<T>> {
			*t = t.checked_add(added).and_then(|t| t.checked_sub(removed)).ok_or(Error::<T>::Overflow)?;
			Ok(())
		})
	}
}

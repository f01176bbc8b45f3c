//! A chain that could go live: the production clock and compute budget, governance a stranger
//! cannot take, a production preset without well-known keys, and the pallet's calls through the
//! real transaction path (signed extrinsics applied by `Executive`, fees read from balances).
//! These run natively on the production runtime (no `fast-blocks`).

use super::{account, check_state, ext_from_preset, run_to_block};
use crate::{
	configs::RuntimeBlockWeights, genesis_config_presets, AccountId, AllPalletsWithSystem, Balances, Dtao, Referenda,
	Runtime, RuntimeCall, RuntimeOrigin, System, DAYS, GOV_DAY, MILLI_SECS_PER_BLOCK, TAO,
};
use codec::Encode;
use frame_support::{
	assert_ok,
	dispatch::{DispatchClass, GetDispatchInfo},
	traits::{fungible::Inspect, schedule::DispatchTime, Bounded, Get, OnFinalize, OnInitialize, StorePreimage},
};
use pallet_conviction_voting::{AccountVote, Conviction, Vote};
use pallet_dtao::WeightInfo;
use pallet_referenda::ReferendumInfo;
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::{traits::Dispatchable, DispatchError, Perbill};

#[test]
fn the_production_clock_is_the_texts_twelve_seconds_and_7200_tao_a_day() {
	assert_eq!(MILLI_SECS_PER_BLOCK, 12_000);
	assert_eq!(DAYS, 7_200);
	assert_eq!(GOV_DAY, DAYS);
	let period: u64 = <Runtime as pallet_timestamp::Config>::MinimumPeriod::get();
	assert_eq!(period * 2, 12_000u64);
	ext_from_preset("development").execute_with(|| {
		// Below the first halving the block emission is 1 TAO: a day of blocks is 7,200 TAO.
		let per_block = pallet_dtao::math::emission::block_emission(Balances::total_issuance());
		assert_eq!(per_block, TAO);
		assert_eq!(u64::from(DAYS) * per_block, 7_200 * TAO);
		// And what the chain mints follows it: never more than 1 TAO a block.
		let before = Balances::total_issuance();
		run_to_block(1 + 360);
		let minted = Balances::total_issuance() - before;
		assert!(minted > 0 && minted <= 360 * TAO, "minted {minted} rao in 360 blocks");
	});
}

#[test]
fn compute_is_a_third_of_the_slot_and_the_hook_fits_the_headroom() {
	let weights = RuntimeBlockWeights::get();
	let block = weights.max_block.ref_time();
	assert_eq!(block, MILLI_SECS_PER_BLOCK * 1_000_000_000 / 3, "4 s of compute in a 12 s slot");
	let normal = weights.get(DispatchClass::Normal).max_total.expect("normal class bounded").ref_time();
	let headroom = block - normal;
	let w = pallet_dtao::weights::SubstrateWeight::<Runtime>::coinbase;
	let epoch = pallet_dtao::weights::SubstrateWeight::<Runtime>::epoch(256).ref_time();
	// Governance's worst case: `max_validators` raised to 256, every neuron weighting every other.
	let epoch_gov = pallet_dtao::weights::SubstrateWeight::<Runtime>::epoch_all_validators(256).ref_time();
	let worst = w(1024).ref_time() + 4 * epoch;
	let worst_gov = w(1024).ref_time() + 4 * epoch_gov;
	// Steady state at 1,024 subnets, tempo 360: 1,024 / 361 epochs a block on average.
	let steady = w(1024).ref_time() + epoch * 1024 / 361;
	let pct = |x: u64| x as f64 * 100.0 / block as f64;
	println!(
		"block {} ms, headroom {} ms; worst-case on_initialize {:.1} ms ({:.2}% of the block), at governance's worst \
		 case (every neuron a validator) {:.1} ms ({:.2}%), steady state at 1,024 subnets {:.1} ms ({:.2}%)",
		block / 1_000_000_000,
		headroom / 1_000_000_000,
		worst as f64 / 1e9,
		pct(worst),
		worst_gov as f64 / 1e9,
		pct(worst_gov),
		steady as f64 / 1e9,
		pct(steady)
	);
	assert!(worst.max(worst_gov) <= headroom, "the worst-case hook fits outside the normal class");
}

#[test]
fn the_production_preset_holds_no_well_known_key() {
	let id = genesis_config_presets::PRODUCTION_PRESET;
	let json = String::from_utf8(genesis_config_presets::get_preset(&id.into()).expect("preset")).expect("utf8");
	let mut dev_accounts: Vec<AccountId> = Sr25519Keyring::iter().map(|k| k.to_account_id()).collect();
	dev_accounts.extend(Ed25519Keyring::iter().map(|k| k.to_account_id()));
	for a in &dev_accounts {
		let hex = sp_core::hexdisplay::HexDisplay::from(&AsRef::<[u8]>::as_ref(a)).to_string();
		let ss58 = sp_core::crypto::Ss58Codec::to_ss58check(a);
		assert!(!json.contains(&hex) && !json.contains(&ss58), "{a} in the production preset");
	}
	ext_from_preset(id).execute_with(|| {
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None, "no sudo key");
		assert!(pallet_aura::Authorities::<Runtime>::get().is_empty(), "authorities come from the operator");
		assert!(pallet_grandpa::Authorities::<Runtime>::get().is_empty());
		for a in &dev_accounts {
			assert_eq!(Balances::total_balance(a), 0, "{a} endowed");
		}
		assert_eq!(pallet_dtao::Subnets::<Runtime>::count(), 0);
		assert_eq!(pallet_dtao::Parameters::<Runtime>::get(), pallet_dtao::Params::default());
		// pallet-dtao's invariants hold (Aura's own check needs the authorities the operator
		// adds).
		use frame_support::traits::{TryState, TryStateSelect};
		assert_ok!(<Dtao as TryState<u32>>::try_state(1, TryStateSelect::All));
	});
}

// ---- Governance ------------------------------------------------------------------------------

/// Go to block `n`, running one real block every `step` blocks in between. The scheduler
/// services every agenda it skipped from the block after the last one it ran (a real block runs
/// first, so it has one); referenda are decided on their alarms.
pub(super) fn jump_to(n: u32, step: u32) {
	while System::block_number() < n {
		run_to_block(System::block_number() + 1);
		let now = System::block_number();
		let next = (now + step).min(n);
		if next > now + 1 {
			AllPalletsWithSystem::on_finalize(now);
			System::set_block_number(next - 1);
			AllPalletsWithSystem::on_initialize(next - 1);
			assert_ok!(crate::Timestamp::set(RuntimeOrigin::none(), 0));
		}
		run_to_block(next);
	}
}

/// Submit `call` on the track of `origin` as Alice, with its decision deposit.
pub(super) fn submit(origin: crate::OriginCaller, call: RuntimeCall) -> u32 {
	let alice = account(Sr25519Keyring::Alice);
	let index = pallet_referenda::ReferendumCount::<Runtime>::get();
	let bounded: Bounded<RuntimeCall, <Runtime as frame_system::Config>::Hashing> =
		<crate::Preimage as StorePreimage>::bound(call).expect("bounded");
	assert_ok!(Referenda::submit(
		RuntimeOrigin::signed(alice.clone()),
		Box::new(origin),
		bounded,
		DispatchTime::After(1)
	));
	assert_ok!(Referenda::place_decision_deposit(RuntimeOrigin::signed(alice), index));
	index
}

fn vote(voter: Sr25519Keyring, index: u32, aye: bool, balance: u64) {
	assert_ok!(crate::ConvictionVoting::vote(
		RuntimeOrigin::signed(account(voter)),
		index,
		AccountVote::Standard { vote: Vote { aye, conviction: Conviction::Locked1x }, balance },
	));
}

/// Five holders, 4.5 M of the ~8 M TAO issued, vote aye on referendum `index`.
pub(super) fn majority(index: u32) {
	for voter in
		[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie, Sr25519Keyring::Dave, Sr25519Keyring::Eve]
	{
		vote(voter, index, true, 900_000 * TAO);
	}
}

fn set_tao_weight(p: u32) -> RuntimeCall {
	RuntimeCall::Dtao(pallet_dtao::Call::set_parameter {
		update: pallet_dtao::ParamUpdate::TaoWeight(Perbill::from_percent(p)),
	})
}

fn root() -> crate::OriginCaller {
	crate::OriginCaller::system(frame_system::RawOrigin::Root)
}

/// The outcome of referendum `index`, by name, and the block it ended at.
fn outcome(index: u32) -> Option<(&'static str, u32)> {
	match pallet_referenda::ReferendumInfoFor::<Runtime>::get(index)? {
		ReferendumInfo::Ongoing(_) => None,
		ReferendumInfo::Approved(at, ..) => Some(("approved", at)),
		ReferendumInfo::Rejected(at, ..) => Some(("rejected", at)),
		ReferendumInfo::Cancelled(at, ..) => Some(("cancelled", at)),
		ReferendumInfo::TimedOut(at, ..) => Some(("timed out", at)),
		ReferendumInfo::Killed(at) => Some(("killed", at)),
	}
}

#[test]
fn a_referendum_with_no_votes_or_one_small_aye_fails() {
	ext_from_preset("development").execute_with(|| {
		let tw = pallet_dtao::Parameters::<Runtime>::get().tao_weight;
		let silent = submit(root(), set_tao_weight(90));
		jump_to(1 + 15 * GOV_DAY, 300);
		let (result, at) = outcome(silent).expect("decided");
		println!("no votes: {result} at block {at} (day {:.1})", f64::from(at) / f64::from(DAYS));
		assert_eq!(result, "rejected");
		// One aye of 100 TAO (no nays): full approval, 0.001% support, below the 5% floor.
		let small = submit(root(), set_tao_weight(90));
		vote(Sr25519Keyring::Ferdie, small, true, 100 * TAO);
		jump_to(System::block_number() + 15 * GOV_DAY, 300);
		let (result, at) = outcome(small).expect("decided");
		println!("one 100-TAO aye: {result} at block {at}");
		assert_eq!(result, "rejected");
		assert_eq!(pallet_dtao::Parameters::<Runtime>::get().tao_weight, tw, "nothing enacted");
	});
}

#[test]
fn a_realistic_majority_passes_in_days_and_a_cancel_track_stops_a_referendum() {
	ext_from_preset("development").execute_with(|| {
		let change = submit(root(), set_tao_weight(25));
		majority(change);
		let start = System::block_number();
		let mut enacted = None;
		while enacted.is_none() && System::block_number() < start + 4 * GOV_DAY {
			jump_to(System::block_number() + 60, 60);
			if pallet_dtao::Parameters::<Runtime>::get().tao_weight == Perbill::from_percent(25) {
				enacted = Some(System::block_number());
			}
		}
		let enacted = enacted.unwrap_or_else(|| {
			panic!(
				"not enacted within 4 days: {:?} at block {}",
				pallet_referenda::ReferendumInfoFor::<Runtime>::get(change),
				System::block_number()
			)
		});
		println!(
			"majority: {:?}, enacted at block {enacted} ({:.2} days after submission)",
			outcome(change),
			f64::from(enacted - start) / f64::from(DAYS)
		);
		// Prepare (2 h) + confirm (1 day) + enactment (1 day): not before two days.
		assert!(enacted - start >= 2 * GOV_DAY, "a referendum takes days");

		// A bad root referendum is cancelled by a referendum on the canceller track.
		let bad = submit(root(), set_tao_weight(99));
		for voter in [Sr25519Keyring::Alice, Sr25519Keyring::Bob] {
			vote(voter, bad, true, 900_000 * TAO);
		}
		let cancel = submit(
			crate::governance::Origin::ReferendumCanceller.into(),
			RuntimeCall::Referenda(pallet_referenda::Call::cancel { index: bad }),
		);
		for voter in [Sr25519Keyring::Charlie, Sr25519Keyring::Dave, Sr25519Keyring::Eve] {
			vote(voter, cancel, true, 900_000 * TAO);
		}
		let start = System::block_number();
		while outcome(bad).is_none() && System::block_number() < start + 4 * GOV_DAY {
			jump_to(System::block_number() + 60, 60);
		}
		println!("cancel: {:?}; the bad referendum: {:?}", outcome(cancel), outcome(bad));
		assert_eq!(outcome(bad).map(|o| o.0), Some("cancelled"));
		assert_eq!(pallet_dtao::Parameters::<Runtime>::get().tao_weight, Perbill::from_percent(25));
	});
}

// ---- The transaction path --------------------------------------------------------------------

/// `call` signed by `who` with its next nonce, as a wallet would send it.
fn signed(who: Sr25519Keyring, call: RuntimeCall) -> crate::UncheckedExtrinsic {
	let account = who.to_account_id();
	let tx_ext: crate::TxExtension = (
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(sp_runtime::generic::Era::Immortal),
		frame_system::CheckNonce::<Runtime>::from(System::account_nonce(&account)),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
		frame_metadata_hash_extension::CheckMetadataHash::<Runtime>::new(false),
		frame_system::WeightReclaim::<Runtime>::new(),
	);
	let payload = crate::SignedPayload::new(call.clone(), tx_ext.clone()).expect("payload");
	let signature = payload.using_encoded(|p| who.sign(p));
	crate::UncheckedExtrinsic::new_signed(
		call,
		sp_runtime::MultiAddress::Id(account),
		sp_runtime::MultiSignature::Sr25519(signature),
		tx_ext,
	)
}

/// Apply `call` signed by `who` through `Executive`; its dispatch result and the TAO it cost
/// the signer (the call itself moves none of the signer's TAO in these tests).
fn apply(who: Sr25519Keyring, call: RuntimeCall) -> (Result<(), DispatchError>, u64) {
	let before = Balances::balance(&who.to_account_id());
	let result = crate::Executive::apply_extrinsic(signed(who, call)).expect("a valid transaction");
	let after = Balances::balance(&who.to_account_id());
	(result.map(|_| ()), before - after)
}

fn dtao_err(e: pallet_dtao::Error<Runtime>) -> Result<(), DispatchError> {
	Err(DispatchError::from(e))
}

#[test]
fn no_free_calls_through_the_transaction_path() {
	ext_from_preset("development").execute_with(|| {
		let step =
			|netuid, max_positions| RuntimeCall::Dtao(pallet_dtao::Call::dissolve_step { netuid, max_positions });
		// A step on a subnet that is not dissolving: refused, and it costs its fee.
		let (r, fee) = apply(Sr25519Keyring::Ferdie, step(1, 64));
		assert_eq!(r, dtao_err(pallet_dtao::Error::NotDissolving));
		assert!(fee > 0, "a no-op dissolve_step pays");
		let noop_fee = fee;
		assert_ok!(Dtao::dissolve_network(RuntimeOrigin::root(), 1, Dtao::neuron_count(1)));
		// Zero positions: refused, charged.
		let (r, fee) = apply(Sr25519Keyring::Ferdie, step(1, 0));
		assert_eq!(r, dtao_err(pallet_dtao::Error::EmptyDissolveStep));
		assert!(fee > 0);
		// A step that pays a position: free.
		let (r, fee) = apply(Sr25519Keyring::Ferdie, step(1, 1));
		assert_eq!((r, fee), (Ok(()), 0));
		// unstake_all with nothing staked: charged for the 3 subnets and root it looked at,
		// not for 1,024.
		let bob_hot = account(Sr25519Keyring::BobStash);
		let unstake = RuntimeCall::Dtao(pallet_dtao::Call::unstake_all { hotkey: bob_hot.clone() });
		let (r, fee) = apply(Sr25519Keyring::Ferdie, unstake.clone());
		assert_eq!(r, dtao_err(pallet_dtao::Error::NoStakeToRemove));
		// Declared by the netuids it looks at (root and the live subnets), so what it would have
		// been charged for `MaxSubnets` is far above what it paid.
		type DtaoWeights = <Runtime as pallet_dtao::Config>::WeightInfo;
		let info = unstake.get_dispatch_info();
		assert_eq!(info.call_weight, DtaoWeights::unstake_all(Dtao::unstake_all_span()));
		let len = signed(Sr25519Keyring::Ferdie, unstake.clone()).encoded_size() as u32;
		let worst = frame_support::dispatch::DispatchInfo {
			call_weight: DtaoWeights::unstake_all(u32::from(
				<<Runtime as pallet_dtao::Config>::MaxSubnets as frame_support::traits::Get<u16>>::get(),
			)),
			..info
		};
		let declared = pallet_transaction_payment::Pallet::<Runtime>::compute_fee(len, &worst, 0);
		assert!(fee < declared / 10, "charged {fee} of {declared} for MaxSubnets");
		println!(
			"a no-op dissolve_step costs {noop_fee} rao (1,000 of them {:.4} TAO; before: free); a failed unstake_all \
			 {fee} rao of its declared {declared}",
			(noop_fee * 1_000) as f64 / TAO as f64
		);
		check_state(1);
	});
}

#[test]
fn no_dust_and_no_stake_for_the_pallet_account_through_the_transaction_path() {
	ext_from_preset("development").execute_with(|| {
		let bob_hot = account(Sr25519Keyring::BobStash);
		let eve = account(Sr25519Keyring::Eve);
		let transfer = |to: AccountId, amount: u64| {
			RuntimeCall::Dtao(pallet_dtao::Call::transfer_stake {
				destination_coldkey: to,
				hotkey: bob_hot.clone(),
				origin_netuid: 2,
				destination_netuid: 2,
				alpha_amount: amount,
			})
		};
		// A 1-rao gift: refused (it was the dust that blocked a victim's unstake_all), charged.
		let (r, fee) = apply(Sr25519Keyring::Bob, transfer(eve.clone(), 1));
		assert_eq!(r, dtao_err(pallet_dtao::Error::AmountTooLow));
		assert!(fee > 0);
		assert_eq!(Dtao::stake_value(&eve, &bob_hot, 2), 0);
		// To the pallet's own account: refused.
		let (r, _) = apply(Sr25519Keyring::Bob, transfer(Dtao::account_id(), TAO));
		assert_eq!(r, dtao_err(pallet_dtao::Error::ReservedAccount));
		// The smallest position a transfer may create: `MinStake`. A million of them cost the
		// fees plus a million times `MinStake` of alpha given away.
		let (r, fee) = apply(Sr25519Keyring::Bob, transfer(eve.clone(), 500_000));
		assert_eq!(r, Ok(()));
		assert_eq!(Dtao::stake_value(&eve, &bob_hot, 2), 500_000);
		println!(
			"a position created by transfer_stake: fee {fee} rao + 500,000 rao of alpha; 1 M positions: {:.1} TAO of \
			 fees + 500 alpha (before: the fees alone, with 1-rao positions nobody could sell)",
			(fee as f64) * 1e6 / TAO as f64
		);
		// Eve can sell what she was given.
		let sell = RuntimeCall::Dtao(pallet_dtao::Call::unstake_all { hotkey: bob_hot.clone() });
		assert_eq!(apply(Sr25519Keyring::Eve, sell).0, Ok(()));
		check_state(1);
	});
}

#[test]
fn a_call_of_a_signed_account_cannot_take_the_admin_origin() {
	ext_from_preset("development").execute_with(|| {
		let call = set_tao_weight(30);
		assert_eq!(
			call.clone()
				.dispatch(RuntimeOrigin::signed(account(Sr25519Keyring::Alice)))
				.map(|_| ())
				.map_err(|e| e.error),
			Err(DispatchError::BadOrigin)
		);
		let (r, fee) = apply(Sr25519Keyring::Alice, call);
		assert_eq!(r, Err(DispatchError::BadOrigin));
		assert!(fee > 0);
	});
}

#[test]
fn preimages_noted_before_deposits_get_one_at_the_upgrade() {
	use crate::migrations::PreimageDeposits;
	use frame_support::{storage::unhashed, traits::OnRuntimeUpgrade};
	use pallet_preimage::{RequestStatus, RequestStatusFor};
	ext_from_preset("development").execute_with(|| {
		let (alice, nobody) = (account(Sr25519Keyring::Alice), account(Sr25519Keyring::Two));
		let old =
			|who: &AccountId, len: u32| RequestStatus::<AccountId, ()>::Unrequested { ticket: (who.clone(), ()), len };
		let (paid, unpaid) = (sp_core::H256::repeat_byte(1), sp_core::H256::repeat_byte(2));
		// As the runtimes without deposits wrote them (a unit ticket).
		unhashed::put_raw(&RequestStatusFor::<Runtime>::hashed_key_for(paid), &old(&alice, 1_000).encode());
		unhashed::put_raw(&RequestStatusFor::<Runtime>::hashed_key_for(unpaid), &old(&nobody, 1_000).encode());
		let free = Balances::balance(&alice);
		PreimageDeposits::on_runtime_upgrade();
		// Alice's deposit for 1,000 bytes is held: 1 TAO + 1,000 x 0.0001 TAO.
		assert_eq!(free - Balances::balance(&alice), TAO + TAO / 10);
		assert!(matches!(RequestStatusFor::<Runtime>::get(paid), Some(RequestStatus::Unrequested { len: 1_000, .. })));
		// A noter who cannot pay loses the unrequested preimage.
		assert!(RequestStatusFor::<Runtime>::get(unpaid).is_none());
		// Again: nothing changes.
		PreimageDeposits::on_runtime_upgrade();
		assert_eq!(free - Balances::balance(&alice), TAO + TAO / 10);
		// Noting a preimage now takes the deposit.
		let before = Balances::balance(&alice);
		assert_ok!(crate::Preimage::note_preimage(RuntimeOrigin::signed(alice.clone()), vec![7u8; 100]));
		assert_eq!(before - Balances::balance(&alice), TAO + 100 * (TAO / 10_000));
	});
}

/// The fuzzer's transaction-path mode: random staking, moving, dissolving and weight-setting
/// calls from five accounts, signed and applied by `Executive` as a block author would, with
/// fees charged. After every transaction the invariants hold (`try_state`), a call that failed
/// paid a fee, and a call that paid nothing is a `dissolve_step` that paid a position.
#[test]
fn random_transactions_pay_their_fees_and_keep_the_invariants() {
	use crate::RuntimeEvent;
	use pallet_dtao::Call as D;
	let signers = [
		Sr25519Keyring::Alice,
		Sr25519Keyring::Bob,
		Sr25519Keyring::Charlie,
		Sr25519Keyring::Dave,
		Sr25519Keyring::Eve,
	];
	let hotkeys =
		[Sr25519Keyring::AliceStash, Sr25519Keyring::BobStash, Sr25519Keyring::Ferdie, Sr25519Keyring::DaveStash];
	let amounts = [0, 1, 499_999, 500_000, TAO, 50 * TAO, 2_000 * TAO];
	ext_from_preset("development").execute_with(|| {
		// xorshift64: deterministic, seeded.
		let mut state = 0x9E37_79B9_7F4A_7C15u64;
		let mut next = |n: usize| {
			state ^= state << 13;
			state ^= state >> 7;
			state ^= state << 17;
			(state % n as u64) as usize
		};
		let (mut failed, mut free_calls, mut applied) = (0u32, 0u32, 0u32);
		for i in 0..400u32 {
			if i == 200 {
				assert_ok!(Dtao::dissolve_network(RuntimeOrigin::root(), 3, Dtao::neuron_count(3)));
			}
			if i % 25 == 24 {
				run_to_block(System::block_number() + 1);
			}
			let who = signers[next(signers.len())];
			let hotkey = hotkeys[next(hotkeys.len())].to_account_id();
			let netuid = next(4) as u16;
			let amount = amounts[next(amounts.len())];
			let call = match next(8) {
				0 => D::add_stake { hotkey, netuid, amount },
				1 => D::remove_stake { hotkey, netuid, amount },
				2 => D::move_stake {
					origin_hotkey: hotkey,
					destination_hotkey: hotkeys[next(hotkeys.len())].to_account_id(),
					origin_netuid: netuid,
					destination_netuid: next(4) as u16,
					alpha_amount: amount,
				},
				3 => D::transfer_stake {
					destination_coldkey: signers[next(signers.len())].to_account_id(),
					hotkey,
					origin_netuid: netuid,
					destination_netuid: next(4) as u16,
					alpha_amount: amount,
				},
				4 => D::unstake_all { hotkey },
				5 => D::dissolve_step { netuid, max_positions: next(3) as u32 },
				6 => D::swap_stake {
					hotkey,
					origin_netuid: netuid,
					destination_netuid: next(4) as u16,
					alpha_amount: amount,
				},
				_ => D::add_stake_limit {
					hotkey,
					netuid,
					amount,
					limit_price: next(3) as u64 * TAO,
					allow_partial: next(2) == 0,
				},
			};
			System::reset_events();
			let Ok(result) = crate::Executive::apply_extrinsic(signed(who, RuntimeCall::Dtao(call.clone()))) else {
				continue; // invalid (e.g. cannot pay the fee): not included, nothing charged
			};
			applied += 1;
			let fee = System::events()
				.iter()
				.find_map(|r| match &r.event {
					RuntimeEvent::TransactionPayment(pallet_transaction_payment::Event::TransactionFeePaid {
						actual_fee,
						..
					}) => Some(*actual_fee),
					_ => None,
				})
				.expect("a fee event");
			if result.is_err() {
				failed += 1;
				assert!(fee > 0, "a failed {call:?} was free");
			}
			if fee == 0 {
				free_calls += 1;
				let paid_a_position = System::events().iter().any(|r| {
					matches!(
						r.event,
						RuntimeEvent::Dtao(pallet_dtao::Event::DissolveStepped { positions_paid: 1.., .. })
							| RuntimeEvent::Dtao(pallet_dtao::Event::NetworkDissolved { .. })
					)
				});
				assert!(matches!(call, D::dissolve_step { .. }) && paid_a_position, "{call:?} was free");
			}
			check_state(System::block_number());
		}
		println!("transaction path: {applied} applied, {failed} failed (each paid), {free_calls} free dissolve steps");
		assert!(applied > 300 && failed > 50);
	});
}

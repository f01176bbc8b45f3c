//! `SubtensorModule`, the public chain's surface for btcli and the bittensor SDK: its calls do
//! what Dtao's do, its mirrors follow every registry change (try_state checks them after every
//! block of every runtime test), and its runtime APIs answer from Dtao's state.

use super::*;
use crate::SubtensorModule;
use frame_support::traits::Get;
use pallet_subtensor_compat::{
	api::{
		runtime_decl_for_stake_info_runtime_api::StakeInfoRuntimeApiV1,
		runtime_decl_for_subnet_info_runtime_api::SubnetInfoRuntimeApiV1,
		runtime_decl_for_swap_runtime_api::SwapRuntimeApiV1,
	},
	Burn, IsNetworkMember, LastUpdate, NetworksAdded, Owner, Tempo, Uids,
};

type Compat = pallet_subtensor_compat::Call<Runtime>;

fn call(c: Compat, who: &AccountId) -> sp_runtime::DispatchResultWithInfo<frame_support::dispatch::PostDispatchInfo> {
	RuntimeCall::SubtensorModule(c).dispatch(RuntimeOrigin::signed(who.clone()))
}

fn end_block() {
	<Dtao as OnFinalize<u32>>::on_finalize(System::block_number());
}

fn registered_burn(hotkey: &AccountId) -> Option<u64> {
	System::events().into_iter().find_map(|r| match r.event {
		RuntimeEvent::Dtao(pallet_dtao::Event::NeuronRegistered { hotkey: h, burn, .. }) if &h == hotkey => Some(burn),
		_ => None,
	})
}

#[test]
fn the_mirrors_follow_every_registry_change() {
	ext_from_preset("development").execute_with(|| {
		let alice = account(Sr25519Keyring::Alice);
		let alice_hot = account(Sr25519Keyring::AliceStash);
		let eve = account(Sr25519Keyring::Eve);
		let eve_hot = account(Sr25519Keyring::EveStash);
		// Genesis: built from Dtao's genesis.
		assert_eq!(Owner::<Runtime>::get(&alice_hot), alice);
		assert!((0..=3).all(NetworksAdded::<Runtime>::get) && !NetworksAdded::<Runtime>::get(4));
		assert_eq!(Tempo::<Runtime>::get(1), 10);
		assert_eq!(Uids::<Runtime>::get(1, account(Sr25519Keyring::BobStash)), Some(1));
		assert_eq!(LastUpdate::<Runtime>::get(2).into_inner(), vec![0, 0, 0, 0]);
		assert_eq!(Owner::<Runtime>::get(&eve_hot), ZERO.clone(), "a hotkey nobody owns reads as the zero account");
		check_state(1);
		run_to_block(3);

		// A registration through SubtensorModule: Eve's hotkey becomes uid 4 of subnet 1.
		let burn = Dtao::burn_cost(1).expect("burn");
		assert_eq!(Burn::<Runtime>::get(1), burn);
		assert_ok!(call(Compat::burned_register { netuid: 1, hotkey: eve_hot.clone() }, &eve));
		assert_eq!(registered_burn(&eve_hot), Some(burn));
		assert_eq!(Owner::<Runtime>::get(&eve_hot), eve);
		assert_eq!(Uids::<Runtime>::get(1, &eve_hot), Some(4));
		assert!(IsNetworkMember::<Runtime>::get(&eve_hot, 1) && !IsNetworkMember::<Runtime>::get(&eve_hot, 2));
		assert_eq!(LastUpdate::<Runtime>::get(1).into_inner(), vec![0, 0, 0, 0, 3]);
		assert_eq!(Burn::<Runtime>::get(1), Dtao::burn_cost(1).expect("burn"));
		check_state(3);

		// Through Dtao directly: the same mirrors move.
		assert_ok!(Dtao::register_neuron(RuntimeOrigin::signed(eve.clone()), 2, eve_hot.clone()));
		assert_eq!(Uids::<Runtime>::get(2, &eve_hot), Some(4));
		check_state(3);

		// Weights set through either pallet stamp LastUpdate.
		run_to_block(5);
		assert_ok!(call(
			Compat::set_weights { netuid: 1, dests: vec![2, 3], weights: vec![1, 1], version_key: 7 },
			&alice_hot
		));
		assert_eq!(LastUpdate::<Runtime>::get(1)[0], 5);
		assert_noop!(
			call(
				Compat::set_mechanism_weights { netuid: 1, mecid: 1, dests: vec![2], weights: vec![1], version_key: 0 },
				&alice_hot
			),
			pallet_subtensor_compat::Error::<Runtime>::UnknownMechanism
		);

		// A new subnet, then its dissolve by governance: the mirrors appear and go.
		assert_ok!(call(Compat::register_network { hotkey: eve_hot.clone() }, &eve));
		assert!(NetworksAdded::<Runtime>::get(4));
		assert_eq!(Tempo::<Runtime>::get(4), 10);
		assert_eq!(Uids::<Runtime>::get(4, &eve_hot), Some(0));
		check_state(5);
		assert_ok!(Dtao::set_parameter(
			RuntimeOrigin::root(),
			pallet_dtao::ParamUpdate::SubnetTempo { netuid: 4, tempo: 20 }
		));
		assert_eq!(Tempo::<Runtime>::get(4), 20);
		// Governance raises the burn: every subnet's mirror follows at once.
		let max_burn = pallet_dtao::Parameters::<Runtime>::get().max_burn;
		assert!(Burn::<Runtime>::get(1) < max_burn);
		assert_ok!(Dtao::set_parameter(RuntimeOrigin::root(), pallet_dtao::ParamUpdate::MinBurn(max_burn)));
		assert!((1..=4).all(|n| Burn::<Runtime>::get(n) == max_burn && Dtao::burn_cost(n) == Ok(max_burn)));
		check_state(5);
		assert_ok!(Dtao::dissolve_network(RuntimeOrigin::root(), 4, Dtao::neuron_count(4)));
		assert!(!NetworksAdded::<Runtime>::get(4) && Uids::<Runtime>::get(4, &eve_hot).is_none());
		assert!(IsNetworkMember::<Runtime>::get(&eve_hot, 1) && !IsNetworkMember::<Runtime>::get(&eve_hot, 4));
		check_state(5);
	});
}

static ZERO: std::sync::LazyLock<AccountId> = std::sync::LazyLock::new(|| AccountId::new([0; 32]));

#[test]
fn register_limit_refuses_a_burn_above_the_limit_and_changes_nothing() {
	ext_from_preset("development").execute_with(|| {
		let eve = account(Sr25519Keyring::Eve);
		let eve_hot = account(Sr25519Keyring::EveStash);
		let burn = Dtao::burn_cost(3).expect("burn");
		assert!(burn > 0);
		assert_noop!(
			call(Compat::register_limit { netuid: 3, hotkey: eve_hot.clone(), limit_price: burn - 1 }, &eve),
			pallet_subtensor_compat::Error::<Runtime>::BurnAboveLimit
		);
		let before = Balances::balance(&eve);
		assert_ok!(call(Compat::register_limit { netuid: 3, hotkey: eve_hot.clone(), limit_price: burn }, &eve));
		assert_eq!(before - Balances::balance(&eve), burn);
		assert_eq!(Uids::<Runtime>::get(3, &eve_hot), Some(4));
		check_state(1);
	});
}

#[test]
fn client_stake_calls_are_dtao_orders_with_the_clients_argument_names() {
	use pallet_dtao_runtime_api::runtime_decl_for_dtao_api::DtaoApiV3;
	ext_from_preset("development").execute_with(|| {
		let dave = account(Sr25519Keyring::Dave);
		let hot = account(Sr25519Keyring::BobStash);
		let quote = <Runtime as DtaoApiV3<crate::Block, AccountId>>::quote_add_stake(2, 10 * TAO, None).expect("quote");
		// btcli's safe staking: the price now plus 0.5%.
		let limit_price = quote.price + quote.price / 200;
		assert_ok!(call(
			Compat::add_stake_limit {
				hotkey: hot.clone(),
				netuid: 2,
				amount_staked: 10 * TAO,
				limit_price,
				allow_partial: false
			},
			&dave
		));
		end_block();
		let held = Dtao::stake_value(&dave, &hot, 2);
		assert_eq!(held, quote.amount_out, "the stake is the chain's quote to the rao");
		let info =
			<Runtime as StakeInfoRuntimeApiV1<crate::Block, AccountId>>::get_stake_info_for_hotkey_coldkey_netuid(
				hot.clone(),
				dave.clone(),
				2,
			)
			.expect("always Some");
		assert_eq!((info.stake, info.is_registered), (held, true));
		// The SDK's "unstake all" form: the whole position, sold at once.
		System::set_block_number(2);
		let before = Balances::balance(&dave);
		let sell = <Runtime as DtaoApiV3<crate::Block, AccountId>>::quote_remove_stake(2, held, None).expect("quote");
		assert_ok!(call(Compat::remove_stake_full_limit { hotkey: hot.clone(), netuid: 2, limit_price: None }, &dave));
		end_block();
		assert_eq!(Balances::balance(&dave) - before, sell.amount_out);
		assert_eq!(Dtao::stake_value(&dave, &hot, 2), 0);
		assert_noop!(
			call(Compat::remove_stake_full_limit { hotkey: hot.clone(), netuid: 2, limit_price: Some(0) }, &dave),
			pallet_subtensor_compat::Error::<Runtime>::NoStakeToRemove
		);
		let none =
			<Runtime as StakeInfoRuntimeApiV1<crate::Block, AccountId>>::get_stake_info_for_hotkey_coldkey_netuid(
				hot.clone(),
				dave.clone(),
				2,
			)
			.expect("Some even without stake");
		assert_eq!(none.stake, 0);
		check_state(2);
	});
}

#[test]
fn client_runtime_apis_answer_from_dtao_state() {
	use pallet_dtao_runtime_api::runtime_decl_for_dtao_api::DtaoApiV3;
	ext_from_preset("development").execute_with(|| {
		// Past every subnet's first epoch, so each has a last step.
		run_to_block(15);
		type Api = Runtime;
		let all = <Api as SubnetInfoRuntimeApiV1<crate::Block, AccountId>>::get_all_dynamic_info();
		let netuids: Vec<u16> = all.iter().map(|d| d.as_ref().expect("never None").netuid).collect();
		assert_eq!(netuids, vec![0, 1, 2, 3], "root first, every subnet, by netuid");
		let summaries = <Api as DtaoApiV3<crate::Block, AccountId>>::subnets();
		for (d, s) in all.iter().skip(1).map(|d| d.as_ref().expect("Some")).zip(&summaries) {
			let info = pallet_dtao::Subnets::<Runtime>::get(s.netuid).expect("live");
			assert_eq!((d.tao_in, d.alpha_in, d.alpha_out), (s.tao_reserve, s.alpha_reserve, s.alpha_out));
			assert_eq!(
				(d.emission, d.tao_in_emission, d.alpha_in_emission),
				(s.tao_emission, s.last_block.tao_in, s.last_block.alpha_in)
			);
			assert_eq!(d.alpha_out_emission, s.last_block.alpha_emitted);
			assert_eq!(d.moving_price.bits, i128::try_from(info.ema_price).expect("fits"));
			assert_eq!(d.tempo, s.tempo);
			assert_eq!(d.last_step + u64::from(s.tempo) + 1, s.next_epoch.expect("tempo > 0"));
			assert_eq!(d.token_symbol.len(), 2, "one Greek letter, two UTF-8 bytes");
			assert_eq!(
				Some(d.clone()),
				<Api as SubnetInfoRuntimeApiV1<crate::Block, AccountId>>::get_dynamic_info(s.netuid)
			);
		}
		let root = all[0].as_ref().expect("root");
		assert_eq!((root.tao_in, root.moving_price.bits), (pallet_dtao::TotalRootStake::<Runtime>::get(), 1i128 << 32));
		let prices = <Api as SwapRuntimeApiV1<crate::Block>>::current_alpha_price_all();
		assert_eq!(prices[0].price, 1_000_000_000);
		for (p, s) in prices.iter().skip(1).zip(&summaries) {
			assert_eq!((p.netuid, p.price), (s.netuid, s.price));
			assert_eq!(<Api as SwapRuntimeApiV1<crate::Block>>::current_alpha_price(s.netuid), s.price);
		}
		// Swap previews are Dtao's quotes; root trades 1:1; a failing swap answers zeros.
		let q = <Api as DtaoApiV3<crate::Block, AccountId>>::quote_add_stake(1, 25 * TAO, None).expect("quote");
		let sim = <Api as SwapRuntimeApiV1<crate::Block>>::sim_swap_tao_for_alpha(1, 25 * TAO);
		assert_eq!((sim.tao_amount, sim.alpha_amount, sim.tao_fee), (q.amount_in, q.amount_out, q.fee));
		assert!(sim.alpha_slippage > 0);
		let q = <Api as DtaoApiV3<crate::Block, AccountId>>::quote_remove_stake(1, 5 * TAO, None).expect("quote");
		let sim = <Api as SwapRuntimeApiV1<crate::Block>>::sim_swap_alpha_for_tao(1, 5 * TAO);
		assert_eq!((sim.alpha_amount, sim.tao_amount, sim.alpha_fee), (q.amount_in, q.amount_out, q.fee));
		let root_sim = <Api as SwapRuntimeApiV1<crate::Block>>::sim_swap_tao_for_alpha(0, 3 * TAO);
		assert_eq!((root_sim.tao_amount, root_sim.alpha_amount), (3 * TAO, 3 * TAO));
		assert_eq!(
			<Api as SwapRuntimeApiV1<crate::Block>>::sim_swap_tao_for_alpha(9, TAO),
			pallet_subtensor_compat::api::SimSwapResult::default()
		);
		// Stakes: the same positions as Dtao's, one entry per coldkey asked.
		let bob = account(Sr25519Keyring::Bob);
		let dtao = <Api as DtaoApiV3<crate::Block, AccountId>>::stakes(bob.clone());
		let mine = <Api as StakeInfoRuntimeApiV1<crate::Block, AccountId>>::get_stake_info_for_coldkey(bob.clone());
		assert!(!dtao.is_empty());
		assert_eq!(
			mine.iter().map(|s| (s.netuid, s.hotkey.clone(), s.stake)).collect::<Vec<_>>(),
			dtao.iter().map(|s| (s.netuid, s.hotkey.clone(), s.alpha)).collect::<Vec<_>>()
		);
		let many = <Api as StakeInfoRuntimeApiV1<crate::Block, AccountId>>::get_stake_info_for_coldkeys(vec![
			bob.clone(),
			account(Sr25519Keyring::Eve),
		]);
		assert_eq!((many.len(), many[0].1.len(), many[1].1.len()), (2, mine.len(), 0));
		// Neurons: Dtao's uids, permits and weights.
		let lite = SubtensorModule::neurons_lite(1);
		assert_eq!(lite.len(), 4);
		let permits = pallet_dtao::ValidatorPermits::<Runtime>::get(1);
		assert!(lite.iter().all(|n| n.validator_permit == permits.contains(&n.uid)));
		let full = SubtensorModule::neuron(1, 1).expect("uid 1");
		assert_eq!(full.weights.iter().map(|(u, w)| (u.0, w.0)).collect::<Vec<_>>(), vec![(2, 2), (3, 1)]);
		let state = <Api as SubnetInfoRuntimeApiV1<crate::Block, AccountId>>::get_subnet_state(1).expect("subnet 1");
		assert_eq!(state.hotkeys, lite.iter().map(|n| n.hotkey.clone()).collect::<Vec<_>>());
		assert!(<Api as SubnetInfoRuntimeApiV1<crate::Block, AccountId>>::get_subnet_state(0).is_none());
		// Every netuid has its own one-character symbol.
		let max: u16 = <Runtime as pallet_dtao::Config>::MaxSubnets::get();
		let symbols: std::collections::BTreeSet<char> =
			(0..=max).map(pallet_subtensor_compat::info::token_symbol).collect();
		assert_eq!(symbols.len(), usize::from(max) + 1);
	});
}

#[test]
fn the_migration_builds_the_mirrors_of_a_chain_that_had_none() {
	use frame_support::traits::{BeforeAllRuntimeMigrations, GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	ext_from_preset("development").execute_with(|| {
		run_to_block(3);
		assert_ok!(call(
			Compat::burned_register { netuid: 1, hotkey: account(Sr25519Keyring::EveStash) },
			&account(Sr25519Keyring::Eve)
		));
		// The chain as the previous runtime left it: no SubtensorModule storage at all.
		let prefix = sp_io::hashing::twox_128(b"SubtensorModule");
		let _ = frame_support::storage::unhashed::clear_prefix(&prefix, None, None);
		assert!(Owner::<Runtime>::iter().next().is_none());
		assert_eq!(SubtensorModule::on_chain_storage_version(), StorageVersion::new(0));
		// What FRAME does first at an upgrade: a pallet without storage gets its in-code version,
		// so the build cannot be guarded by the version.
		<AllPalletsWithSystem as BeforeAllRuntimeMigrations>::before_all_runtime_migrations();
		assert_eq!(SubtensorModule::on_chain_storage_version(), StorageVersion::new(1));
		assert!(AllPalletsWithSystem::try_state(3, TryStateSelect::All).is_err(), "try_state sees the missing mirrors");
		let weight = pallet_subtensor_compat::migrations::BuildMirrors::<Runtime>::on_runtime_upgrade();
		assert_eq!(Uids::<Runtime>::get(1, account(Sr25519Keyring::EveStash)), Some(4));
		assert_eq!(Owner::<Runtime>::iter().count(), pallet_dtao::HotkeyOwner::<Runtime>::iter().count());
		check_state(3);
		// A second run reads one key and writes nothing.
		let again = pallet_subtensor_compat::migrations::BuildMirrors::<Runtime>::on_runtime_upgrade();
		assert_eq!(again, <Runtime as frame_system::Config>::DbWeight::get().reads(1));
		assert!(weight.ref_time() > again.ref_time());
	});
}

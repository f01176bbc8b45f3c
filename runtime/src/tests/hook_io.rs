//! The hook's storage traffic at the worst case against what its weights charge (issue 31,
//! goals 6 and 1): 1,024 subnets, and four epochs of 256 neurons due in the same block
//! (`MaxEpochsPerBlock`), the epochs' subnets set up as the `epoch` benchmark sets up its own
//! (each neuron staked on the subnet and on root, more on the higher uids; the 64 permit holders
//! weighting every other uid, and as many previous permit holders with weight rows losing their
//! permits).
//!
//! The reads are counted as the benchmarking database counts them: the distinct keys the block
//! reads from the state (a trie recorder on the backend; a key read again, or read after this
//! block wrote it, costs nothing more); the writes are the distinct keys the block changes (its
//! overlay); neither counts the runtime's whitelisted keys, which the benchmarks do not charge. The charge is the weight functions' own read and write counts (`weights.rs`,
//! `SubstrateWeight`): `coinbase(1024) + 4 epoch(256)`.

use crate::{AccountId, Dtao, Runtime, RuntimeGenesisConfig, System, TAO};
use frame_support::traits::{Get, Hooks};
use pallet_dtao::GenesisSubnet;
use sp_core::Blake2Hasher;
use sp_runtime::BuildStorage;

/// A distinct account for role `tag` and index `i`.
fn acct(tag: u8, i: u32) -> AccountId {
	let mut bytes = [0u8; 32];
	bytes[0] = tag;
	bytes[1..5].copy_from_slice(&i.to_le_bytes());
	AccountId::new(bytes)
}

/// The reads and writes a generated weight function charges at component value `x`, read off
/// `weights.rs` (its `SubstrateWeight` impl): `(reads, writes)`.
fn charged(function: &str, x: u64) -> (u64, u64) {
	let text = include_str!("../../../pallets/dtao/src/weights.rs");
	let runtime_impl =
		text.split("impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T>").nth(1).expect("impl");
	let body = runtime_impl
		.split(&format!("\tfn {function}("))
		.nth(1)
		.and_then(|rest| rest.split("\n\t}").next())
		.expect("the function is generated");
	let count = |kind: &str| -> u64 {
		body.lines()
			.filter_map(|l| l.trim().strip_prefix(&format!(".saturating_add(T::DbWeight::get().{kind}(")))
			.map(|arg| {
				let number = |s: &str| s.trim_matches(|c: char| !c.is_ascii_digit()).parse::<u64>().expect("a count");
				match arg.split_once(".saturating_mul(") {
					// `(slope_u64).saturating_mul(x.into())`
					Some((slope, _)) => number(slope.trim_end_matches("_u64)")) * x,
					None => number(arg.split("_u64").next().expect("base")),
				}
			})
			.sum()
	};
	(count("reads"), count("writes"))
}

/// What one block's hook read and wrote, and what its weights charge for it.
struct HookIo {
	reads: u64,
	writes: u64,
	charged_reads: u64,
	charged_writes: u64,
	/// `StakePools` + `Stakes` + `ColdkeyPositions` written: the payments' writes.
	payment_writes: u64,
}

/// Run the hook at block 2 over 1,024 subnets with four epochs of 256 neurons due. With
/// `owners_stake`, each neuron's stakes are its owner's own (its positions exist: the epoch
/// owes it); without, they are another coldkey's (the `epoch` benchmark's setup: the epoch opens
/// every owner's position, the worst case).
fn hook_io(owners_stake: bool) -> HookIo {
	let subnets = u32::from(<<Runtime as pallet_dtao::Config>::MaxSubnets as Get<u16>>::get());
	let n: u32 = <Runtime as pallet_dtao::Config>::MaxNeurons::get();
	let epochs: u32 = <Runtime as pallet_dtao::Config>::MaxEpochsPerBlock::get();
	let block: u32 = 2;
	// Subnet `k` (1..=4) has its epoch at block 2 with tempo k + 2 ((2 + k + 1) % (k + 3) == 0);
	// every other subnet's tempo (2,000) puts its first epoch thousands of blocks away.
	let heavy = |netuid: u16| u32::from(netuid) <= epochs;
	let mut config = pallet_dtao::GenesisConfig::<Runtime>::default();
	for netuid in 1..=u16::try_from(subnets).expect("fits") {
		config.subnets.push(GenesisSubnet {
			netuid,
			owner: acct(1, u32::from(netuid)),
			owner_hotkey: acct(2, u32::from(netuid)),
			tao_reserve: 1_000 * TAO,
			alpha_reserve: 1_000 * TAO,
			ema_price: TAO,
			tempo: Some(if heavy(netuid) { netuid + 2 } else { 2_000 }),
		});
		if !heavy(netuid) {
			continue;
		}
		for i in 1..n {
			let (hotkey, coldkey) = (acct(3, u32::from(netuid) * 1_000 + i), acct(4, u32::from(netuid) * 1_000 + i));
			let owner = if owners_stake { coldkey.clone() } else { acct(5, u32::from(netuid) * 1_000 + i) };
			config.neurons.push((netuid, hotkey.clone(), owner));
			config.stakes.push((coldkey.clone(), hotkey.clone(), netuid, u64::from(2 + i) * TAO));
			config.stakes.push((coldkey, hotkey, 0, TAO));
		}
		// The 64 highest stakes hold the permits; each weights every uid without one.
		let permits = u32::from(pallet_dtao::Params::default().max_validators);
		let miners: Vec<(u16, u16)> = (0..n - permits).map(|u| (u as u16, 1 + u as u16)).collect();
		for i in n - permits..n {
			config.weights.push((netuid, acct(3, u32::from(netuid) * 1_000 + i), miners.clone()));
		}
	}
	let storage = RuntimeGenesisConfig { dtao: config, ..Default::default() }.build_storage().expect("genesis builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		assert_eq!(pallet_dtao::Subnets::<Runtime>::count(), subnets);
		// The epoch benchmark's worst case for the permits: as many previous holders, with weight
		// rows, as there are permits, all losing them, so each epoch removes 64 rows too.
		for netuid in (1..=u16::try_from(epochs).expect("fits")).filter(|k| heavy(*k)) {
			let holders = pallet_dtao::ValidatorPermits::<Runtime>::get(netuid);
			assert_eq!(holders.len(), usize::from(pallet_dtao::Params::default().max_validators));
			let row = pallet_dtao::Weights::<Runtime>::get(netuid, holders[0]).expect("a holder's row");
			let previous: Vec<u16> =
				(0..u16::try_from(n).expect("fits")).filter(|u| !holders.contains(u)).take(holders.len()).collect();
			for uid in &previous {
				pallet_dtao::Weights::<Runtime>::insert(netuid, uid, row.clone());
			}
			pallet_dtao::ValidatorPermits::<Runtime>::insert(
				netuid,
				frame_support::BoundedVec::try_from(previous).expect("bounded"),
			);
		}
		System::set_block_number(block);
	});
	// The state as the block finds it: in the backend, nothing in the overlay.
	ext.commit_all().expect("commit");
	let recorder = sp_trie::recorder::Recorder::<Blake2Hasher>::default();
	let (weight, events) = ext.execute_with_recorder(recorder.clone(), || {
		let weight = Dtao::on_initialize(block);
		let paid = System::events()
			.iter()
			.filter(|r| matches!(r.event, crate::RuntimeEvent::Dtao(pallet_dtao::Event::EpochPaid { .. })))
			.count();
		(weight, paid)
	});
	assert_eq!(events, epochs as usize, "four epochs ran");
	// The keys the benchmarks do not charge (the runtime's whitelist: the block number, the
	// events, the extrinsic index, ...: frame-system's keys every block touches anyway).
	let whitelist: Vec<Vec<u8>> =
		<crate::AllPalletsWithSystem as frame_support::traits::WhitelistedStorageKeys>::whitelisted_storage_keys()
			.into_iter()
			.map(|k| k.key)
			.collect();
	let charged_key = |k: &[u8]| !whitelist.iter().any(|w| w.as_slice() == k);
	let reads =
		recorder.recorded_keys().values().flat_map(|keys| keys.keys()).filter(|k| charged_key(k)).count() as u64;
	let writes = ext.overlayed_changes().changes().filter(|(k, _)| charged_key(k)).count() as u64;
	// Per storage item, for the record (and to see where a difference comes from).
	let items = <crate::AllPalletsWithSystem as frame_support::traits::StorageInfoTrait>::storage_info();
	let name = |k: &[u8]| {
		items
			.iter()
			.find(|i| k.starts_with(&i.prefix))
			.map(|i| {
				format!("{}::{}", String::from_utf8_lossy(&i.pallet_name), String::from_utf8_lossy(&i.storage_name))
			})
			.unwrap_or_else(|| {
				format!("0x{}", sp_core::hexdisplay::HexDisplay::from(&k.get(..k.len().min(32)).unwrap_or(k)))
			})
	};
	let mut by_item: std::collections::BTreeMap<String, (u64, u64)> = Default::default();
	for keys in recorder.recorded_keys().values() {
		for k in keys.keys().filter(|k| charged_key(k)) {
			by_item.entry(name(k)).or_default().0 += 1;
		}
	}
	for (k, _) in ext.overlayed_changes().changes().filter(|(k, _)| charged_key(k)) {
		by_item.entry(name(k)).or_default().1 += 1;
	}
	for (item, (r, w)) in &by_item {
		println!("  {item}: {r} reads, {w} writes");
	}
	let payment_writes = ["Dtao::StakePools", "Dtao::Stakes", "Dtao::ColdkeyPositions"]
		.iter()
		.map(|item| by_item.get(*item).map_or(0, |(_, w)| *w))
		.sum();
	let (cb_reads, cb_writes) = charged("coinbase", u64::from(subnets));
	let (ep_reads, ep_writes) = charged("epoch", u64::from(n));
	let (charged_reads, charged_writes) =
		(cb_reads + u64::from(epochs) * ep_reads, cb_writes + u64::from(epochs) * ep_writes);
	println!(
		"hook at {subnets} subnets + {epochs} epochs of {n}: read {reads} keys, wrote {writes}; charged coinbase {cb_reads} r {cb_writes} w + {epochs} x epoch {ep_reads} r \
		 {ep_writes} w = {charged_reads} r {charged_writes} w; weight {} ps",
		weight.ref_time()
	);
	HookIo { reads, writes, charged_reads, charged_writes, payment_writes }
}

/// The worst case the weights are measured at (the owners hold no positions yet: the epochs
/// open them): the hook reads and writes what `coinbase(1024) + 4 epoch(256)` charge, less the
/// keys the coinbase and the epochs share in one block (each epoch benchmark counts its subnet
/// record, the parameters and `TotalRootStake` again) and what a genesis state spares.
#[test]
fn the_hooks_reads_and_writes_at_the_worst_case_are_what_its_weights_charge() {
	let io = hook_io(false);
	assert!(io.reads <= io.charged_reads, "{} reads > {} charged", io.reads, io.charged_reads);
	assert!(io.writes <= io.charged_writes, "{} writes > {} charged", io.writes, io.charged_writes);
	// Equal up to the shared keys: within 1% of the charge.
	assert!(io.reads * 100 >= io.charged_reads * 99, "{} reads, {} charged", io.reads, io.charged_reads);
	assert!(io.writes * 100 >= io.charged_writes * 99, "{} writes, {} charged", io.writes, io.charged_writes);
}

/// Lazy settlement's steady state (issue 31, goal 1): owners that hold their positions are owed
/// their shares in the pool's record, so an epoch writes one record per pool it pays: one per
/// neuron and one more per validator paid root TAO (64 of 256), 1.25 writes per neuron.
#[test]
fn once_owners_hold_positions_an_epoch_writes_one_record_per_pool_paid() {
	let io = hook_io(true);
	let epochs = u64::from(<<Runtime as pallet_dtao::Config>::MaxEpochsPerBlock as Get<u32>>::get());
	let n = u64::from(<<Runtime as pallet_dtao::Config>::MaxNeurons as Get<u32>>::get());
	let permits = u64::from(pallet_dtao::Params::default().max_validators);
	// Each epoch: one pool record per neuron and per validator's root pool; the subnet owner
	// (no position in this genesis) has its cut open a position: its `Stakes` entry and index.
	assert_eq!(io.payment_writes, epochs * (n + permits + 2), "one record per pool paid");
	assert!(io.reads <= io.charged_reads && io.writes <= io.charged_writes);
}

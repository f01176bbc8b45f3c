//! Weights of `pallet-dtao`.
//!
//! **PROVISIONAL.** These numbers are NOT generated from benchmarks yet. They are estimates: a
//! fixed execution cost per call plus the database reads and writes the call performs (counted
//! from the code). The benchmarks in `benchmarking.rs` exist and run as tests; the weights will
//! be generated from them with the node's `benchmark pallet` command (a later issue), and this
//! file will then be replaced by the generated one, whose header says how it was produced.
//! Do not rely on these figures for a production chain.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::Weight};

/// Weight functions needed by `pallet-dtao`.
pub trait WeightInfo {
	fn register_network() -> Weight;
	fn dissolve_network(p: u32) -> Weight;
	fn register_neuron() -> Weight;
	fn add_stake() -> Weight;
	fn remove_stake() -> Weight;
	fn add_stake_limit() -> Weight;
	fn remove_stake_limit() -> Weight;
	fn move_stake() -> Weight;
	fn swap_stake() -> Weight;
	fn swap_stake_limit() -> Weight;
	fn transfer_stake() -> Weight;
	fn unstake_all(s: u32) -> Weight;
	fn set_parameter() -> Weight;
	fn set_weights(w: u32) -> Weight;
	fn coinbase(s: u32) -> Weight;
	fn epoch(n: u32) -> Weight;
}

/// Provisional weights for a runtime (see the module docs).
pub struct SubstrateWeight<T>(PhantomData<T>);

const BASE: u64 = 50_000_000; // 50 µs of execution per call (estimate).
const PROOF: u64 = 10_000; // proof size per storage read (estimate).

fn est<T: frame_system::Config>(reads: u64, writes: u64, extra_ref_time: u64) -> Weight {
	Weight::from_parts(BASE.saturating_add(extra_ref_time), PROOF.saturating_mul(reads))
		.saturating_add(T::DbWeight::get().reads_writes(reads, writes))
}

impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn register_network() -> Weight {
		// Up to MaxSubnets `contains_key` for the lowest free netuid.
		est::<T>(1_030, 8, 0)
	}
	fn dissolve_network(p: u32) -> Weight {
		est::<T>(4, 6, 0).saturating_add(est::<T>(3, 4, 0).saturating_mul(u64::from(p)))
	}
	fn register_neuron() -> Weight {
		est::<T>(3, 2, 0)
	}
	fn add_stake() -> Weight {
		est::<T>(8, 6, 0)
	}
	fn remove_stake() -> Weight {
		est::<T>(8, 6, 0)
	}
	fn add_stake_limit() -> Weight {
		// The limit search: up to 65 curve evaluations.
		est::<T>(8, 6, 20_000_000)
	}
	fn remove_stake_limit() -> Weight {
		est::<T>(8, 6, 20_000_000)
	}
	fn move_stake() -> Weight {
		est::<T>(12, 8, 0)
	}
	fn swap_stake() -> Weight {
		est::<T>(12, 8, 0)
	}
	fn swap_stake_limit() -> Weight {
		est::<T>(12, 8, 40_000_000)
	}
	fn transfer_stake() -> Weight {
		est::<T>(12, 8, 0)
	}
	fn unstake_all(s: u32) -> Weight {
		est::<T>(3, 1, 0)
			.saturating_add(est::<T>(2, 0, 0).saturating_mul(u64::from(s)))
			.saturating_add(est::<T>(8, 6, 0).saturating_mul(u64::from(s.min(8))))
	}
	fn set_parameter() -> Weight {
		est::<T>(1, 1, 0)
	}
	fn set_weights(w: u32) -> Weight {
		est::<T>(4, 2, 0).saturating_add(Weight::from_parts(50_000, 4).saturating_mul(u64::from(w)))
	}
	fn coinbase(s: u32) -> Weight {
		// Per subnet: read and write its one struct; then one mint and the epoch queue.
		est::<T>(6, 4, 0).saturating_add(est::<T>(1, 1, 0).saturating_mul(u64::from(s)))
	}
	fn epoch(n: u32) -> Weight {
		// Per neuron: two share pools, the owner, a weight row, credits.
		est::<T>(6, 4, 0).saturating_add(est::<T>(6, 3, 0).saturating_mul(u64::from(n)))
	}
}

impl WeightInfo for () {
	fn register_network() -> Weight {
		Weight::from_parts(BASE, 0)
	}
	fn dissolve_network(_p: u32) -> Weight {
		Weight::from_parts(BASE, 0)
	}
	fn register_neuron() -> Weight {
		Weight::from_parts(BASE, 0)
	}
	fn add_stake() -> Weight {
		Weight::from_parts(BASE, 0)
	}
	fn remove_stake() -> Weight {
		Weight::from_parts(BASE, 0)
	}
	fn add_stake_limit() -> Weight {
		Weight::from_parts(BASE, 0)
	}
	fn remove_stake_limit() -> Weight {
		Weight::from_parts(BASE, 0)
	}
	fn move_stake() -> Weight {
		Weight::from_parts(BASE, 0)
	}
	fn swap_stake() -> Weight {
		Weight::from_parts(BASE, 0)
	}
	fn swap_stake_limit() -> Weight {
		Weight::from_parts(BASE, 0)
	}
	fn transfer_stake() -> Weight {
		Weight::from_parts(BASE, 0)
	}
	fn unstake_all(_s: u32) -> Weight {
		Weight::from_parts(BASE, 0)
	}
	fn set_parameter() -> Weight {
		Weight::from_parts(BASE, 0)
	}
	fn set_weights(_w: u32) -> Weight {
		Weight::from_parts(BASE, 0)
	}
	fn coinbase(_s: u32) -> Weight {
		Weight::from_parts(BASE, 0)
	}
	fn epoch(_n: u32) -> Weight {
		Weight::from_parts(BASE, 0)
	}
}

//! Weights of the runtime's SDK pallets, generated on this runtime by `scripts/benchmark.sh` in
//! the same run as `pallet_dtao`'s (release node, 50 steps x 20 repeats). They charge
//! `T::DbWeight`, the runtime's ParityDB costs; the SDK's shipped weights were measured on
//! its reference machine with another runtime.

pub mod pallet_balances;
pub mod pallet_sudo;
pub mod pallet_timestamp;

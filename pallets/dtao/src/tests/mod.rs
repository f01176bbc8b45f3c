//! Tests of the pallet.
mod math;
mod staking;
mod subnets;

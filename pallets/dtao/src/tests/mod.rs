//! Tests of the pallet.
mod emission;
mod math;
mod staking;
mod subnets;

//! Tests of the pallet.
mod attacks;
mod emission;
mod fuzz;
mod math;
mod staking;
mod subnets;

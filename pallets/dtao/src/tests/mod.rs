//! Tests of the pallet.
mod attacks;
mod batch;
mod emission;
mod fuzz;
mod guards;
mod incentives;
mod lifecycle;
mod math;
mod migrations;
mod staking;
mod subnets;

//! `dtao-node`: a node for the dTAO chain.
//!
//! `dtao-node --dev` starts a single-validator development chain (Alice, 2 s blocks, ParityDB,
//! temporary storage). `dtao-node --chain local --alice` (and `--bob`, `--charlie`) runs a
//! three-validator Aura + GRANDPA network.

mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}

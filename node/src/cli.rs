//! Command-line interface.

use sc_cli::RunCmd;

/// Subcommands besides running the node.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),
	/// Build a chain specification.
	#[allow(deprecated)]
	BuildSpec(sc_cli::BuildSpecCmd),
	/// Remove the whole chain.
	PurgeChain(sc_cli::PurgeChainCmd),
	/// Benchmarks: `benchmark pallet` and `benchmark machine` (a node built with
	/// `--features runtime-benchmarks`).
	#[cfg(feature = "runtime-benchmarks")]
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),
	/// Database metadata.
	ChainInfo(sc_cli::ChainInfoCmd),
}

/// The node's command line.
#[derive(Debug, clap::Parser)]
pub struct Cli {
	/// A subcommand, or none to run the node.
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,
	/// Options of a running node.
	#[clap(flatten)]
	pub run: RunCmd,
}

//! The pallets benchmarked on this runtime.

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking::baseline, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_sudo, Sudo]
	[pallet_dtao, Dtao]
);

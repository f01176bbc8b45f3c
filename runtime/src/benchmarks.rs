//! The pallets benchmarked on this runtime.

#[cfg(not(feature = "bench-peers"))]
frame_benchmarking::define_benchmarks!(
	[frame_benchmarking::baseline, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_sudo, Sudo]
	[pallet_dtao, Dtao]
);

// The same list, and asset-conversion beside it (feature `bench-peers`: scripts/benchmark.sh).
#[cfg(feature = "bench-peers")]
frame_benchmarking::define_benchmarks!(
	[frame_benchmarking::baseline, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_sudo, Sudo]
	[pallet_dtao, Dtao]
	[pallet_asset_conversion, AssetConversion]
);

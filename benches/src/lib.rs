//! Criterion benchmarks of the pallet's pure math live in `benches/math.rs`.

//! pallet-dtao's swap quote beside pallet-asset-conversion's `get_amount_out`, on the same
//! reserves, input and fee: `cargo bench -p dtao-benches --bench swap`. Goal: ours within 1.5x.
//!
//! Both are the constant-product output with the fee taken from the input; ours also returns
//! the fee and the pool after the trade, and checks the pool's floor (`min_reserve`).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use dtao_benches::asset_conversion::get_amount_out;
use pallet_dtao::math::swap::{buy, Pool};
use sp_arithmetic::{Perbill, Permill};

const TAO: u64 = 1_000_000_000;
/// The pool floor ours checks: the runtime's `MinReserve`.
const MIN_RESERVE: u64 = 10_000_000;

fn benches(c: &mut Criterion) {
	let pool = Pool { tao: 12_345 * TAO + 678, alpha: 9_876 * TAO + 543 };
	let amount = 100 * TAO;
	// The same 0.3% fee in each crate's type.
	let (ours, theirs) = (Perbill::from_parts(3_000_000), Permill::from_parts(3_000));
	let a = buy(pool, amount, ours, MIN_RESERVE).expect("a valid buy").amount_out;
	let b = get_amount_out(theirs, amount, pool.tao, pool.alpha).expect("a valid quote");
	// Same reserves, same answer to within the rounding of where each takes the fee.
	assert!(a.abs_diff(b) <= 1, "quotes differ: {a} vs {b}");
	let mut group = c.benchmark_group("swap quote, 100 TAO into 12,345 TAO / 9,876 alpha, 0.3% fee");
	group.bench_function("pallet-dtao math::swap::buy", |bch| {
		bch.iter(|| buy(black_box(pool), black_box(amount), black_box(ours), MIN_RESERVE))
	});
	group.bench_function("pallet-asset-conversion get_amount_out", |bch| {
		bch.iter(|| get_amount_out(black_box(theirs), black_box(amount), black_box(pool.tao), black_box(pool.alpha)))
	});
	group.finish();
}

criterion_group!(swap, benches);
criterion_main!(swap);

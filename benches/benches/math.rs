//! The pure math the calls and hooks run, timed alone: `cargo bench -p dtao-benches`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use pallet_dtao::math::{
	emission::{block_emission, ema_step, inject, root_alpha, split_rewards},
	lock_cost::lock_cost,
	swap::{buy, max_buy_for_limit, max_sell_for_limit, sell, Pool},
	yuma::{yuma_lite, Validator},
};
use sp_arithmetic::Perbill;

const TAO: u64 = 1_000_000_000;

fn benches(c: &mut Criterion) {
	let pool = Pool { tao: 12_345 * TAO + 678, alpha: 9_876 * TAO + 543 };
	let fee = Perbill::from_parts(500_000);
	c.bench_function("swap quote (buy 100 TAO)", |b| {
		b.iter(|| buy(black_box(pool), black_box(100 * TAO), fee, 10_000_000))
	});
	c.bench_function("swap quote (sell 100 alpha)", |b| {
		b.iter(|| sell(black_box(pool), black_box(100 * TAO), fee, 10_000_000))
	});
	c.bench_function("limit max amount (buy)", |b| {
		b.iter(|| max_buy_for_limit(black_box(pool), black_box(1_300_000_000), fee))
	});
	c.bench_function("limit max amount (sell)", |b| {
		b.iter(|| max_sell_for_limit(black_box(pool), black_box(1_200_000_000), fee))
	});
	c.bench_function("lock cost", |b| b.iter(|| lock_cost(black_box(400 * TAO), black_box(12_345), 38_880, 100 * TAO)));
	c.bench_function("emission split + root blending", |b| {
		b.iter(|| {
			let (o, m, v) = split_rewards(black_box(TAO), Perbill::from_percent(18));
			(o, m, root_alpha(v, Perbill::from_percent(18), black_box(6_000_000 * TAO), black_box(1_000_000 * TAO)))
		})
	});
	c.bench_function("block emission (halving)", |b| b.iter(|| block_emission(black_box(12_000_000 * TAO))));
	c.bench_function("price-neutral injection", |b| b.iter(|| inject(black_box(pool), black_box(333_333_333), TAO)));
	c.bench_function("EMA step", |b| {
		b.iter(|| ema_step(black_box(5u128 << 32), black_box(7u128 << 31), Perbill::from_parts(3_000)))
	});

	// Yuma-lite on 256 neurons: 64 validators, each weighting all 192 miners.
	let weights: Vec<Vec<(u16, u16)>> =
		(0..64u16).map(|v| (64..256u16).map(|m| (m, (m * 7 + v * 13) % 1000 + 1)).collect()).collect();
	let validators: Vec<Validator> = weights
		.iter()
		.enumerate()
		.map(|(v, w)| Validator { uid: v as u16, stake: (1_000 + v as u128 * 37) * u128::from(TAO), weights: w })
		.collect();
	c.bench_function("Yuma-lite, 256 neurons (64 validators x 192 miners)", |b| {
		b.iter(|| yuma_lite(256, black_box(&validators)))
	});
}

criterion_group!(math, benches);
criterion_main!(math);

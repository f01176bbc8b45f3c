//! `dtao-sim`: run a scenario, write a CSV per day and SVG charts.
//!
//! `cargo run --release -p dtao-sim -- --scenario sim/scenarios/launch.toml --out target/sim`

use clap::Parser;
use dtao_sim::{parity_day, Day, Scenario, Sim};
use indicatif::{ProgressBar, ProgressStyle};
use plotters::prelude::*;
use std::{fs, io::Write, path::PathBuf, time::Instant};

#[derive(Parser, Debug)]
#[command(about = "Replay dTAO's economics block by block with the pallet's own code")]
struct Args {
	/// Scenario file (TOML).
	#[arg(long, default_value = "sim/scenarios/launch.toml")]
	scenario: PathBuf,
	/// Override the number of days.
	#[arg(long)]
	days: Option<u32>,
	/// Override the number of subnets.
	#[arg(long)]
	subnets: Option<u32>,
	/// Override the root stake (TAO).
	#[arg(long)]
	root_stake: Option<f64>,
	/// Override the TAO weight.
	#[arg(long)]
	tao_weight: Option<f64>,
	/// Output directory for `days.csv` and the charts.
	#[arg(long, default_value = "sim-out")]
	out: PathBuf,
	/// No progress bar.
	#[arg(long)]
	quiet: bool,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
	let args = Args::parse();
	let mut scenario: Scenario = toml::from_str(&fs::read_to_string(&args.scenario)?)?;
	if let Some(d) = args.days {
		scenario.days = d;
	}
	if let Some(s) = args.subnets {
		scenario.subnets = s;
	}
	if let Some(r) = args.root_stake {
		scenario.root_stake = r;
	}
	if let Some(t) = args.tao_weight {
		scenario.tao_weight = t;
	}
	fs::create_dir_all(&args.out)?;
	let bar = if args.quiet { ProgressBar::hidden() } else { ProgressBar::new(u64::from(scenario.days)) };
	bar.set_style(ProgressStyle::with_template("{bar:40} day {pos}/{len} {elapsed} ({eta} left) {msg}")?);
	let started = Instant::now();
	let mut sim = Sim::new(scenario.clone());
	let days = sim.run(|d| {
		bar.set_position(u64::from(d.day));
		bar.set_message(format!("root share {:.3}", d.root_share));
	});
	bar.finish_and_clear();
	let elapsed = started.elapsed();

	let mut csv = fs::File::create(args.out.join("days.csv"))?;
	writeln!(
		csv,
		"day,root_share,mean_price,mean_ema,max_price,min_price,mean_pool_tao,root_apr_pct,alpha_issuance,tao_issuance"
	)?;
	for d in &days {
		writeln!(
			csv,
			"{},{:.6},{:.6},{:.6},{:.6},{:.6},{:.3},{:.3},{:.1},{:.1}",
			d.day,
			d.root_share,
			d.mean_price,
			d.mean_ema,
			d.max_price,
			d.min_price,
			d.mean_pool_tao,
			d.root_apr,
			d.alpha_issuance,
			d.tao_issuance
		)?;
	}
	chart(
		&args.out.join("root_share.svg"),
		"Root's share of validator emissions",
		&days,
		&[("root share", |d: &Day| d.root_share)],
	)?;
	chart(
		&args.out.join("prices.svg"),
		"Subnet prices (TAO per alpha)",
		&days,
		&[
			("mean price", |d: &Day| d.mean_price),
			("mean EMA", |d: &Day| d.mean_ema),
			("max price", |d: &Day| d.max_price),
			("min price", |d: &Day| d.min_price),
		],
	)?;
	chart(&args.out.join("pool_tao.svg"), "TAO per subnet pool (mean)", &days, &[("TAO", |d: &Day| d.mean_pool_tao)])?;
	chart(&args.out.join("root_apr.svg"), "Root APR (%)", &days, &[("APR %", |d: &Day| d.root_apr)])?;
	chart(
		&args.out.join("alpha_issuance.svg"),
		"Alpha issued, all subnets",
		&days,
		&[("alpha", |d: &Day| d.alpha_issuance)],
	)?;

	let week_apr = days.iter().take(7).map(|d| d.root_apr).sum::<f64>() / days.len().clamp(1, 7) as f64;
	println!(
		"{} days x {} subnets in {:.1}s ({} blocks): root share day 1 {:.3}, last {:.3}; parity (<= 50%) on day {}; first-week root APR {:.1}%",
		scenario.days,
		scenario.subnets,
		elapsed.as_secs_f64(),
		u64::from(scenario.days) * u64::from(scenario.blocks_per_day),
		days.first().map(|d| d.root_share).unwrap_or(0.0),
		days.last().map(|d| d.root_share).unwrap_or(0.0),
		parity_day(&days).map(|d| d.to_string()).unwrap_or_else(|| "never".into()),
		week_apr
	);
	Ok(())
}

type Series<'a> = (&'a str, fn(&Day) -> f64);

fn chart(path: &PathBuf, title: &str, days: &[Day], series: &[Series]) -> Result<(), Box<dyn std::error::Error>> {
	let root = SVGBackend::new(path, (900, 500)).into_drawing_area();
	root.fill(&WHITE)?;
	let max_x = days.len().max(1) as f64;
	let max_y = days.iter().flat_map(|d| series.iter().map(move |(_, f)| f(d))).fold(0.0f64, f64::max) * 1.05;
	let mut c = ChartBuilder::on(&root)
		.caption(title, ("sans-serif", 22))
		.margin(12)
		.x_label_area_size(36)
		.y_label_area_size(70)
		.build_cartesian_2d(0.0..max_x, 0.0..max_y.max(1e-9))?;
	c.configure_mesh().x_desc("day").draw()?;
	let colors = [BLUE, RED, GREEN, MAGENTA];
	for (i, (name, f)) in series.iter().enumerate() {
		let color = colors[i % colors.len()];
		c.draw_series(LineSeries::new(days.iter().map(|d| (d.day as f64, f(d))), color))?
			.label(*name)
			.legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], color));
	}
	c.configure_series_labels().background_style(WHITE.mix(0.8)).border_style(BLACK).draw()?;
	root.present()?;
	Ok(())
}

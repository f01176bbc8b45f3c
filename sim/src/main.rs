//! `dtao-sim`: run a scenario, write a CSV per day and SVG charts.
//!
//! `cargo run --release -p dtao-sim -- --scenario sim/scenarios/launch.toml --out target/sim`

use clap::Parser;
use dtao_sim::{parity_day, Day, Scenario, Sim};
use indicatif::{ProgressBar, ProgressStyle};
use plotters::{
	coord::ranged1d::{AsRangedCoord, ValueFormatter},
	element::DashedPathElement,
	prelude::*,
	style::text_anchor::{HPos, Pos, VPos},
};
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
	/// Instead of one run, print a table: `pump` (the pump scenario for C = 0, 100, 1,000,
	/// 10,000 TAO, holding or buying to hold, with and without root validators, at days 30 and
	/// 90), `fair` (with the pump scenario: an untraded subnet with and without root validators,
	/// before and after the EMA warm-up, at days 7, 30 and 90) or `rush` (launch rush sizes against the first-week root APR, and a sensitivity table
	/// over pool seed and buying volume).
	#[arg(long)]
	table: Option<String>,
	/// Instead of the aggregate model, run a subnet with neurons on the pallet itself (its
	/// epochs are the chain's): a scenario like `sim/scenarios/neurons.toml`; prints its tables.
	#[arg(long)]
	chain: Option<PathBuf>,
	/// `hunt`: search for sequences of calls that beat the best passive strategy on the
	/// pallet's own code (`dtao_sim::hunt`), and print the best per attack family.
	command: Option<String>,
	/// `hunt`: how long to search.
	#[arg(long, default_value_t = 1.0)]
	minutes: f64,
	/// `hunt`: the search's seed.
	#[arg(long, default_value_t = 1)]
	seed: u64,
	/// `hunt`: the most sequences to evaluate.
	#[arg(long, default_value_t = u64::MAX)]
	evals: u64,
	/// `hunt`: search the rules before "fair over time" (rewards paid at once, root stake of
	/// the epoch's block, pruning by alpha alone): the proof that the search finds their levers.
	#[arg(long)]
	old_rules: bool,
	/// `hunt`: the world to search (`markets`: four subnets, a validator with alpha and root
	/// stake on each; `full-subnet`: one full subnet with a root validator and an alpha
	/// validator, where a registration replaces someone).
	#[arg(long, default_value = "markets")]
	world: String,
}

/// `hunt`: the attack search, then its findings (minimised) and a regression test skeleton for
/// each, written to `<out>/hunt/`.
fn hunt(args: &Args) -> Result<(), Box<dyn std::error::Error>> {
	use dtao_sim::hunt;
	let started = Instant::now();
	let seconds = (args.minutes * 60.0).max(1.0) as u64;
	pallet_dtao::mock::PreFairnessRules::set(args.old_rules);
	if args.old_rules {
		println!("hunt: on the rules before \"fair over time\" (PreFairnessRules)");
	}
	let world = hunt::World::named(&args.world).ok_or_else(|| {
		let names: Vec<&str> = hunt::World::ALL.iter().map(|w| w.name()).collect();
		format!("unknown world {}: {}", args.world, names.join(", "))
	})?;
	let report = hunt::search(world, args.seed, args.evals, seconds);
	let a = |x: i128| x as f64 / 1e9;
	println!(
		"hunt: world {}, seed {}, {} sequences in {:.0} s; capital {} TAO over {} blocks; best passive: {} ({:.4} TAO); \
		 tolerance {:.4} TAO; best gain seen {:.4} TAO",
		world.name(),
		args.seed,
		report.evaluations,
		started.elapsed().as_secs_f64(),
		hunt::CAPITAL / 1_000_000_000,
		hunt::HORIZON,
		report.passive.0,
		a(report.passive.1),
		a(hunt::tolerance()),
		a(report.best_gain)
	);
	if report.findings.is_empty() {
		println!("no sequence beat the best passive strategy by more than the tolerance");
		return Ok(());
	}
	println!("| family | best gain over passive (TAO) | % of C | calls |");
	println!("|---|---:|---:|---:|");
	for (family, f) in &report.findings {
		println!(
			"| {family} | {:.4} | {:.3}% | {} |",
			a(f.gain),
			f.gain as f64 * 100.0 / hunt::CAPITAL as f64,
			f.ops.len()
		);
	}
	let dir = args.out.join("hunt");
	fs::create_dir_all(&dir)?;
	for (family, f) in &report.findings {
		println!("\n{}", hunt::describe(world, family, f));
		let name: String = family.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
		fs::write(dir.join(format!("finding_{name}.rs")), hunt::test_skeleton(world, family, f))?;
	}
	println!("regression test skeletons in {}", dir.display());
	Ok(())
}

/// The `--chain` tables: per role (chain against the aggregate model) and per neuron.
fn chain_tables(path: &PathBuf) -> Result<(), Box<dyn std::error::Error>> {
	let s: dtao_sim::chain::NeuronScenario = toml::from_str(&fs::read_to_string(path)?)?;
	let started = Instant::now();
	let r = dtao_sim::chain::run(&s, false);
	let a = |x: u64| x as f64 / 1e9;
	let emitted = r.paid.owner_alpha + r.paid.miner_alpha + r.paid.validator_alpha;
	let pct = |x: u64| if emitted == 0 { 0.0 } else { x as f64 * 100.0 / emitted as f64 };
	println!(
		"{} days x {} blocks, tempo {}: {} epochs, run in {:.0} s",
		s.days,
		s.blocks_per_day,
		s.tempo,
		r.epochs,
		started.elapsed().as_secs_f64()
	);
	println!();
	println!("| paid at epochs | chain (EpochPaid) | share of the alpha paid | aggregate model |");
	println!("|---|---:|---:|---:|");
	println!(
		"| owner alpha | {:.3} | {:.2}% | {:.3} |",
		a(r.paid.owner_alpha),
		pct(r.paid.owner_alpha),
		a(r.aggregate.owner_alpha)
	);
	println!(
		"| miner alpha | {:.3} | {:.2}% | {:.3} |",
		a(r.paid.miner_alpha),
		pct(r.paid.miner_alpha),
		a(r.aggregate.miner_alpha)
	);
	println!(
		"| validator alpha | {:.3} | {:.2}% | {:.3} |",
		a(r.paid.validator_alpha),
		pct(r.paid.validator_alpha),
		a(r.aggregate.validator_alpha)
	);
	println!("| root TAO | {:.3} | | {:.3} |", a(r.paid.root_tao), a(r.aggregate.root_tao));
	println!("| recycled alpha / TAO | {:.3} / {:.3} | | |", a(r.paid.recycled_alpha()), a(r.paid.recycled_tao));
	println!();
	println!("| uid | role | alpha earned | root TAO earned |");
	println!("|---:|---|---:|---:|");
	for n in &r.neurons {
		println!("| {} | {} | {:.3} | {:.3} |", n.uid, n.role, a(n.alpha), a(n.root_tao));
	}
	Ok(())
}

/// The first week's mean root APR (%).
fn week_apr(days: &[Day]) -> f64 {
	days.iter().take(7).map(|d| d.root_apr).sum::<f64>() / days.len().clamp(1, 7) as f64
}

/// The pump table: rows of (root validators, keep buying, C, day 30 and day 90 outcomes).
fn pump_table(base: &Scenario) -> Result<(), Box<dyn std::error::Error>> {
	let pump = base.pump.clone().ok_or("the scenario has no [pump] section")?;
	println!("| root validators on it | owner after the pump | C (TAO) | share day 30 | net TAO day 30 | share day 90 | net TAO day 90 |");
	println!("|---|---|---:|---:|---:|---:|---:|");
	for root_validators in [true, false] {
		for keep_buying in [false, true] {
			for c in [0.0, 100.0, 1_000.0, 10_000.0] {
				if c == 0.0 && keep_buying {
					continue;
				}
				let mut scenario = base.clone();
				scenario.pump = Some(dtao_sim::Pump { c, keep_buying, root_validators, ..pump.clone() });
				let mut sim = Sim::new(scenario);
				let mut at = Vec::new();
				for day in 1..=90 {
					sim.run_day(day);
					if day == 30 || day == 90 {
						at.push(sim.pump_outcome().ok_or("no pump")?);
					}
				}
				let mode = if c == 0.0 {
					"no pump (baseline)"
				} else if keep_buying {
					"buys to hold the price"
				} else {
					"holds"
				};
				println!(
					"| {} | {} | {} | {:.2}% | {:.0} | {:.2}% | {:.0} |",
					if root_validators { "yes" } else { "no" },
					mode,
					c,
					at[0].share * 100.0,
					at[0].net,
					at[1].share * 100.0,
					at[1].net
				);
			}
		}
	}
	Ok(())
}

/// The "fair over time" table: a new subnet nobody buys (its owner holds every role), with the
/// root validators on it or evicted, before (no EMA warm-up) and after (the warm-up): its share
/// of all TAO injected and its owner's net TAO at days 7, 30 and 90.
fn fair_table(base: &Scenario) -> Result<(), Box<dyn std::error::Error>> {
	let pump = base.pump.clone().ok_or("the scenario has no [pump] section")?;
	println!("| untraded subnet | EMA | share day 7 | net TAO day 7 | share day 30 | net TAO day 30 | share day 90 | net TAO day 90 |");
	println!("|---|---|---:|---:|---:|---:|---:|---:|");
	for root_validators in [true, false] {
		for warmup in [Some(0), None] {
			let mut scenario = base.clone();
			scenario.ema_warmup = warmup;
			scenario.pump = Some(dtao_sim::Pump { c: 0.0, keep_buying: false, root_validators, ..pump.clone() });
			let mut sim = Sim::new(scenario);
			let mut row = String::new();
			for day in 1..=90 {
				sim.run_day(day);
				if [7, 30, 90].contains(&day) {
					let o = sim.pump_outcome().ok_or("no pump")?;
					row.push_str(&format!(" {:.2}% | {:.0} |", o.share * 100.0, o.net));
				}
			}
			println!(
				"| {} | {} |{row}",
				if root_validators { "root validators on it" } else { "root validators evicted" },
				if warmup == Some(0) { "before: full factor from the start" } else { "after: warm-up 201,600 blocks" }
			);
		}
	}
	Ok(())
}

/// The rush tables: the first-week root APR by rush size, then root share on day 7, parity day
/// and first-week APR by pool seed and buying volume (a year each).
fn rush_table(base: &Scenario) -> Result<(), Box<dyn std::error::Error>> {
	println!("| rush (TAO bought per subnet per day, days 1-7) | root share day 7 | first-week root APR |");
	println!("|---:|---:|---:|");
	for rush in [0.0, 500.0, 1_000.0, 2_000.0, 3_000.0, 5_000.0, 10_000.0, 20_000.0] {
		let mut scenario = base.clone();
		scenario.days = 7;
		scenario.agents.rush_tao_per_day = rush;
		let days = Sim::new(scenario).run(|_| {});
		println!("| {rush} | {:.3} | {:.1}% |", days[6].root_share, week_apr(&days));
	}
	println!();
	println!("| pool seed (TAO) | buying (x launch) | root share day 7 | parity day | first-week root APR |");
	println!("|---:|---:|---:|---:|---:|");
	for seed in [1.0, 100.0, 1_000.0] {
		for scale in [1.0, 10.0, 40.0] {
			let mut scenario = base.clone();
			scenario.pool_tao = seed;
			scenario.pool_alpha = seed;
			scenario.agents.rush_tao_per_day = 0.0;
			scenario.agents.buy_tao_per_day *= scale;
			let days = Sim::new(scenario).run(|_| {});
			println!(
				"| {seed} | {scale} | {:.3} | {} | {:.1}% |",
				days[6].root_share,
				parity_day(&days).map(|d| d.to_string()).unwrap_or_else(|| "never".into()),
				week_apr(&days)
			);
		}
	}
	Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
	let args = Args::parse();
	match args.command.as_deref() {
		Some("hunt") => return hunt(&args),
		Some(other) => return Err(format!("unknown command {other}: hunt").into()),
		None => {},
	}
	if let Some(path) = &args.chain {
		return chain_tables(path);
	}
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
	match args.table.as_deref() {
		Some("pump") => return pump_table(&scenario),
		Some("fair") => return fair_table(&scenario),
		Some("rush") => return rush_table(&scenario),
		Some(other) => return Err(format!("unknown table {other}: pump, fair or rush").into()),
		None => {},
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
	charts(&args.out, &days)?;

	let week_apr = week_apr(&days);
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

/// Chart size in pixels. `docs/economics.md` links the SVGs, which open at this size.
const WIDTH: u32 = 900;
const HEIGHT: u32 = 500;
/// Line colours: matplotlib's "tab10" blue, red, green, purple (plotters' pure green and
/// magenta are hard to read on white).
const COLORS: [RGBColor; 4] =
	[RGBColor(31, 119, 180), RGBColor(214, 39, 40), RGBColor(44, 160, 44), RGBColor(148, 103, 189)];
const FONT: &str = "sans-serif";

/// A line: its legend text and its value on a day.
type Series<'a> = (&'a str, fn(&Day) -> f64);

/// A chart's y axis.
#[derive(Clone, Copy)]
enum YAxis {
	/// Linear from 0 to `max` (the data's maximum plus 5% if `None`); tick labels are the values
	/// divided by `unit` (1e6 for "millions").
	Linear { max: Option<f64>, unit: f64 },
	/// Logarithmic over the whole decades that hold the data, for series that span several
	/// decades. A value <= 0 has no logarithm: it is not drawn (the line breaks there).
	Log,
}

/// One chart: file, title, y axis description (with its unit), scale, lines, and an optional
/// dashed horizontal reference line with its legend text.
struct Chart<'a> {
	file: &'a str,
	title: &'a str,
	y_desc: &'a str,
	y: YAxis,
	series: &'a [Series<'a>],
	reference: Option<(f64, &'a str)>,
}

/// The five charts of a run. Log scales where a series spans more than two decades (prices:
/// 0.0018 to 6.7 TAO per alpha, pool TAO: 14 to 93,000 in the launch scenario); linear for root's
/// share (0.3 to 1, a fraction) and root's APR (1.6% to 113%), and for the alpha issued, a
/// cumulative total growing almost linearly from zero, whose shape a log axis would hide.
fn charts(out: &std::path::Path, days: &[Day]) -> Result<(), Box<dyn std::error::Error>> {
	let specs = [
		Chart {
			file: "root_share.svg",
			title: "Root's share of the validators' emission",
			y_desc: "share of validators' emission (0-1)",
			y: YAxis::Linear { max: Some(1.0), unit: 1.0 },
			series: &[("root share", |d: &Day| d.root_share)],
			reference: Some((0.5, "parity (0.5)")),
		},
		Chart {
			file: "prices.svg",
			title: "Subnet prices and EMA prices (log scale)",
			y_desc: "TAO per alpha (log)",
			y: YAxis::Log,
			series: &[
				("max price", |d: &Day| d.max_price),
				("mean price", |d: &Day| d.mean_price),
				("mean EMA price", |d: &Day| d.mean_ema),
				("min price", |d: &Day| d.min_price),
			],
			reference: None,
		},
		Chart {
			file: "pool_tao.svg",
			title: "TAO in a subnet's pool, mean over subnets (log scale)",
			y_desc: "TAO (log)",
			y: YAxis::Log,
			series: &[("mean pool TAO", |d: &Day| d.mean_pool_tao)],
			reference: None,
		},
		Chart {
			file: "root_apr.svg",
			title: "Root stakers' APR (that day's yield, annualised)",
			y_desc: "% per year",
			y: YAxis::Linear { max: None, unit: 1.0 },
			series: &[("root APR", |d: &Day| d.root_apr)],
			reference: None,
		},
		Chart {
			file: "alpha_issuance.svg",
			title: "Alpha issued since launch, all subnets",
			y_desc: "alpha (millions)",
			y: YAxis::Linear { max: None, unit: 1e6 },
			series: &[("alpha issued", |d: &Day| d.alpha_issuance)],
			reference: None,
		},
	];
	for spec in &specs {
		let path = out.join(spec.file);
		let values = || days.iter().flat_map(|d| spec.series.iter().map(move |(_, f)| f(d)));
		match spec.y {
			YAxis::Linear { max, unit } => {
				let top = max.unwrap_or_else(|| values().fold(0.0f64, f64::max) * 1.05).max(1e-9);
				let fmt = move |v: &f64| number(v / unit);
				draw(&path, spec, days, 0.0..top, &fmt)?;
			},
			YAxis::Log => {
				let (lo, hi) = decades(values());
				// A hair wider than the decades: plotters finds its labelled powers of ten with
				// logarithms, which round 0.001 to just above -3 and would drop that label.
				draw(&path, spec, days, (lo * 0.999_999..hi * 1.000_001).log_scale(), &|v: &f64| number(*v))?;
			},
		}
	}
	Ok(())
}

/// The whole decades holding the positive values (values <= 0 are skipped): [10^a, 10^b], at
/// least one decade; [1, 10] if no value is positive.
fn decades(values: impl Iterator<Item = f64>) -> (f64, f64) {
	let (lo, hi) = values
		.filter(|v| *v > 0.0 && v.is_finite())
		.fold((f64::INFINITY, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
	if lo > hi {
		return (1.0, 10.0);
	}
	let (a, b) = (lo.log10().floor() as i32, hi.log10().ceil() as i32);
	(10f64.powi(a), 10f64.powi(b.max(a + 1)))
}

/// A tick label: thousands separated, no needless decimals (0.001, 0.5, 10, 100,000).
fn number(v: f64) -> String {
	if v == 0.0 {
		return "0".into();
	}
	if v.abs() < 1.0 {
		let decimals = (-v.abs().log10().floor()) as usize + 1;
		let s = format!("{:.*}", decimals.min(9), v);
		return s.trim_end_matches('0').trim_end_matches('.').to_string();
	}
	if v.fract().abs() > 1e-9 && v.abs() < 100.0 {
		return format!("{v:.1}");
	}
	let digits = format!("{:.0}", v.abs());
	let mut grouped = String::new();
	for (i, c) in digits.chars().enumerate() {
		if i > 0 && (digits.len() - i) % 3 == 0 {
			grouped.push(',');
		}
		grouped.push(c);
	}
	if v < 0.0 {
		format!("-{grouped}")
	} else {
		grouped
	}
}

/// Draw one chart: title and legend above the plot (the legend never covers a line), the axes
/// described with their units, legible fonts, lines 2 px wide.
fn draw<YC>(
	path: &std::path::Path,
	spec: &Chart,
	days: &[Day],
	y_range: YC,
	y_fmt: &dyn Fn(&f64) -> String,
) -> Result<(), Box<dyn std::error::Error>>
where
	YC: AsRangedCoord<Value = f64>,
	YC::CoordDescType: ValueFormatter<f64>,
{
	let root = SVGBackend::new(path, (WIDTH, HEIGHT)).into_drawing_area();
	root.fill(&WHITE)?;
	// The legend's entries: the lines, then the reference line.
	let mut legend: Vec<(&str, ShapeStyle, bool)> =
		spec.series.iter().enumerate().map(|(i, (name, _))| (*name, COLORS[i % 4].stroke_width(2), false)).collect();
	if let Some((_, name)) = spec.reference {
		legend.push((name, BLACK.mix(0.6).stroke_width(2), true));
	}
	let (header, body) = root.split_vertically(if legend.len() > 1 { 76 } else { 46 });
	let centered = Pos::new(HPos::Center, VPos::Top);
	header.draw(&Text::new(spec.title, (WIDTH as i32 / 2, 10), TextStyle::from((FONT, 24)).pos(centered)))?;
	if legend.len() > 1 {
		// One row, centred. Text width estimated at 0.6 em a character (generous for sans-serif).
		let (size, line, gap) = (17, 30, 28);
		let width = |name: &str| line + 8 + (f64::from(size) * 0.6 * name.len() as f64) as i32;
		let total: i32 = legend.iter().map(|(name, _, _)| width(name)).sum::<i32>() + gap * (legend.len() as i32 - 1);
		let (mut x, y) = ((WIDTH as i32 - total) / 2, 56);
		for (name, style, dashed) in &legend {
			if *dashed {
				header.draw(&DashedPathElement::new(vec![(x, y), (x + line, y)], 6, 4, *style))?;
			} else {
				header.draw(&PathElement::new(vec![(x, y), (x + line, y)], *style))?;
			}
			let text = TextStyle::from((FONT, size)).pos(Pos::new(HPos::Left, VPos::Center));
			header.draw(&Text::new(*name, (x + line + 8, y), text))?;
			x += width(name) + gap;
		}
	}

	let max_x = days.len().max(1) as f64;
	let mut c = ChartBuilder::on(&body)
		.margin_left(10)
		.margin_right(28)
		.margin_bottom(8)
		.x_label_area_size(52)
		.y_label_area_size(96)
		.build_cartesian_2d(0.0..max_x, y_range)?;
	c.configure_mesh()
		.x_desc("day")
		.y_desc(spec.y_desc)
		.x_label_formatter(&|v: &f64| format!("{v:.0}"))
		.y_label_formatter(y_fmt)
		.label_style((FONT, 16))
		.axis_desc_style((FONT, 18))
		.draw()?;
	if let Some((value, _)) = spec.reference {
		c.draw_series(DashedLineSeries::new([(0.0, value), (max_x, value)], 6, 4, BLACK.mix(0.6).stroke_width(2)))?;
	}
	for (i, (_, f)) in spec.series.iter().enumerate() {
		// Runs of drawable values: on a log axis a value <= 0 breaks the line.
		let log = matches!(spec.y, YAxis::Log);
		let mut run = Vec::new();
		for d in days {
			let v = f(d);
			if v.is_finite() && (!log || v > 0.0) {
				run.push((d.day as f64, v));
			} else if !run.is_empty() {
				c.draw_series(LineSeries::new(std::mem::take(&mut run), COLORS[i % 4].stroke_width(2)))?;
			}
		}
		c.draw_series(LineSeries::new(run, COLORS[i % 4].stroke_width(2)))?;
	}
	root.present()?;
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::{decades, number};

	#[test]
	fn tick_labels() {
		assert_eq!(number(0.0), "0");
		assert_eq!(number(0.001), "0.001");
		assert_eq!(number(0.5), "0.5");
		assert_eq!(number(0.1 + 0.2), "0.3");
		assert_eq!(number(1.0), "1");
		assert_eq!(number(12.5), "12.5");
		assert_eq!(number(250.0), "250");
		assert_eq!(number(100_000.0), "100,000");
		assert_eq!(number(-1234.0), "-1,234");
	}

	#[test]
	fn log_axis_spans_whole_decades_of_the_positive_values() {
		// The launch scenario's prices: 0.0018 to 6.7 TAO per alpha.
		let (lo, hi) = decades([0.001772, 6.660629, 0.0, -1.0].into_iter());
		assert!((lo - 0.001).abs() < 1e-12 && (hi - 10.0).abs() < 1e-9, "{lo} {hi}");
		let (lo, hi) = decades([13.83, 93_337.2].into_iter());
		assert!((lo - 10.0).abs() < 1e-9 && (hi - 100_000.0).abs() < 1e-6, "{lo} {hi}");
		assert_eq!(decades([100.0].into_iter()), (100.0, 1000.0));
		assert_eq!(decades([0.0, -2.0].into_iter()), (1.0, 10.0));
	}
}

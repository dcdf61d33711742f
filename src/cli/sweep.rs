//! `zopa sweep FILE --param PATH (--values a,b,c | --range lo:hi:steps)`: one
//! parameter varied, the Monte Carlo rerun at each value; `sweep.json`,
//! `sweep.csv`, `sweep.svg` and `sweep.png` written atomically, a table printed.

use super::error::{CliError, emit};
use super::output::{OutputFolder, ResultSet};
use super::session::{BOTH, CommonArgs, Progress, Session, run_hooks, start};
use super::shard::{Shard, Source};
use std::path::PathBuf;
use std::time::Instant;
use zopa::ModelKind;
use zopa::report::charts;
use zopa::report::charts::registry::SweepChart;
use zopa::report::whatif::{SweepFile, sweep_csv, sweep_text, to_json};
use zopa::scenario::Scenario;
use zopa::shard::exact::Exact;
use zopa::shard::file::SweepWork;
use zopa::shard::{ShardKind, ShardSpec, Work};
use zopa::whatif::sweep::{SweepResult, parse_range, parse_values, sweep_points};
use zopa::whatif::{ParamPath, WhatIfError};

/// Vary one parameter and rerun the Monte Carlo at each value.
///
/// Each value replaces the parameter by that plain number (an uncertain input
/// becomes certain). Every run uses the same seed, so differences between
/// values come from the parameter, not from sampling noise.
#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("points").required(true).args(["values", "range"]))]
pub struct SweepArgs {
    /// Scenario file (RON).
    pub file: PathBuf,
    /// The parameter to vary, e.g. actors.ukraine.reservation,
    /// actors.russia.stances.troop_presence.salience (or .position),
    /// actors.russia.power, actors.ukraine.patience, proposals.NAME.ISSUE.
    #[arg(long)]
    pub param: String,
    /// Values to try, separated by commas, e.g. 0.3,0.4,0.5.
    #[arg(long, allow_hyphen_values = true)]
    pub values: Option<String>,
    /// Evenly spaced values lo:hi:steps, ends included, e.g. 0.3:0.7:5.
    #[arg(long, allow_hyphen_values = true)]
    pub range: Option<String>,
    #[command(flatten)]
    pub common: CommonArgs,
    /// Run only shard K of N (K from 0 to N-1): the K-th of N equal blocks
    /// of the values, written as shard-sweep.json for `zopa merge`; default
    /// folder: output/<file name>-sweep-shards/K-of-N/.
    #[arg(long, value_name = "K/N", value_parser = ShardSpec::parse, allow_hyphen_values = true)]
    pub shard: Option<ShardSpec>,
}

/// Runs the sweep, writes `sweep.json`, `sweep.csv` and the chart, prints the
/// table.
pub fn run(args: SweepArgs) -> Result<(), CliError> {
    let source = Source::read(&args.file)?;
    let (
        Session {
            scenario,
            dir,
            pool,
        },
        settings,
    ) = args.common.prepare(
        source.scenario.clone(),
        &args.file,
        args.shard.map(|spec| (ShardKind::Sweep, spec)),
    )?;
    let path = ParamPath::parse(&scenario, &args.param).map_err(|err| err.to_string())?;
    let values = match (&args.values, &args.range) {
        (Some(values), _) => parse_values(values),
        (None, Some(range)) => parse_range(range),
        (None, None) => Err(WhatIfError::Invalid {
            message: "no values to sweep".into(),
            help: "give --values 0.3,0.4,0.5 or --range 0.3:0.7:5".into(),
        }),
    }
    .map_err(|err| err.to_string())?;
    // Check every value before the directory is touched or a run starts.
    for &value in &values {
        path.set(&scenario, value).map_err(|err| err.to_string())?;
    }
    let output = start(&dir)?;
    let quiet = args.common.runs.quiet;
    let started = Instant::now();
    let model = args.common.model.map(ModelKind::from);
    let shard = args.shard.map(|spec| {
        Shard::new(
            ShardKind::Sweep,
            spec,
            values.len() as u64,
            &source,
            model,
            &settings,
            &pool,
        )
    });
    let block = shard.as_ref().map_or(0..values.len(), |shard| {
        let block = shard.block();
        block.start as usize..block.end as usize
    });
    let bar = Progress::new(block.len() as u64, "runs", quiet);
    let progress = |done: usize, _total: usize| bar.update(done as u64);
    let hooks = run_hooks(&bar, &progress);
    let points =
        pool.install(|| sweep_points(&scenario, &path, &values[block.clone()], &settings, &hooks));
    bar.finish();
    let points = points.map_err(|err| CliError::whatif(err, &dir))?;
    if let Some(shard) = shard {
        let work = Work::Sweep(SweepWork {
            parameter: path.text.clone(),
            values: values.iter().copied().map(Exact).collect(),
            points: points.iter().map(|point| (&point.stats).into()).collect(),
        });
        let what = values_block(&values, block);
        return shard.write(&output, work, &what, quiet);
    }
    let result = SweepResult::new(&scenario, &path, &settings, points);
    let elapsed = started.elapsed().as_secs_f64();
    write_sweep(&output, &scenario, &result, elapsed, quiet)
}

/// Writes `sweep.json`, `sweep.csv` and the chart into `output` (switched in
/// whole) and prints the table; `zopa merge` writes a merged sweep through
/// here too.
pub(super) fn write_sweep(
    output: &OutputFolder,
    scenario: &Scenario,
    result: &SweepResult,
    elapsed: f64,
    quiet: bool,
) -> Result<(), CliError> {
    // The chart is drawn from the file's type, as `zopa plot sweep.json` would.
    let file = SweepFile::new(scenario, result);
    let chart_files = charts::files(&SweepChart, &file, &BOTH)?;
    let mut staged = output.stage(ResultSet::Sweep)?;
    staged.write("sweep.json", to_json(&file).as_bytes())?;
    staged.write("sweep.csv", sweep_csv(scenario, result).as_bytes())?;
    staged.write_files(&chart_files)?;
    staged.commit()?;
    emit(&sweep_text(scenario, result, elapsed))?;
    if !quiet {
        let dir = output.dir();
        eprintln!(
            "\nWrote {}, sweep.csv, sweep.svg and sweep.png",
            dir.join("sweep.json").display()
        );
        if let Some(hint) = super::charts::report_hint(dir) {
            eprintln!("{hint}");
        }
    }
    Ok(())
}

/// A shard's values as its report names them: `values 0.3 to 0.4 (2 of 5)`.
fn values_block(values: &[f64], block: std::ops::Range<usize>) -> String {
    let number = |value: f64| zopa::scenario::format_number(value);
    match &values[block.clone()] {
        [] => format!("no values (more shards than the {} values)", values.len()),
        [one] => format!("the value {} (1 of {})", number(*one), values.len()),
        [first, .., last] => format!(
            "values {} to {} ({} of {})",
            number(*first),
            number(*last),
            block.len(),
            values.len()
        ),
    }
}

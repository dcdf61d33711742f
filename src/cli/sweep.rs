//! `zopa sweep FILE --param PATH (--values a,b,c | --range lo:hi:steps)`: one
//! parameter varied, the Monte Carlo rerun at each value; `sweep.json`,
//! `sweep.csv`, `sweep.svg` and `sweep.png` written atomically, a table printed.

use super::error::{CliError, emit};
use super::output::ResultSet;
use super::session::{BOTH, CommonArgs, Progress, Session, interrupted, run_hooks, start};
use std::path::PathBuf;
use std::time::Instant;
use zopa::report::charts;
use zopa::report::charts::registry::SweepChart;
use zopa::report::whatif::{SweepFile, sweep_csv, sweep_text, to_json};
use zopa::whatif::sweep::{parse_range, parse_values, sweep};
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
}

/// Runs the sweep, writes `sweep.json`, `sweep.csv` and the chart, prints the
/// table.
pub fn run(args: SweepArgs) -> Result<(), CliError> {
    let (
        Session {
            scenario,
            dir,
            pool,
        },
        settings,
    ) = args.common.prepare(&args.file)?;
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
    let started = Instant::now();
    let bar = Progress::new(values.len() as u64, "runs", args.common.runs.quiet);
    let progress = |done: usize, _total: usize| bar.update(done as u64);
    let hooks = run_hooks(&bar, &progress);
    let result = pool.install(|| sweep(&scenario, &path, &values, &settings, &hooks));
    bar.finish();
    let result = result.map_err(|err| CliError::whatif(err, &dir))?;
    let elapsed = started.elapsed().as_secs_f64();
    // The chart is drawn from the file's type, as `zopa plot sweep.json` would.
    let file = SweepFile::new(&scenario, &result);
    let chart_files = charts::files(&SweepChart, &file, &BOTH)?;
    let mut staged = output.stage(ResultSet::Sweep)?;
    staged.write("sweep.json", to_json(&file).as_bytes())?;
    staged.write("sweep.csv", sweep_csv(&scenario, &result).as_bytes())?;
    staged.write_files(&chart_files)?;
    staged.commit(interrupted())?;
    emit(&sweep_text(&scenario, &result, elapsed))?;
    if !args.common.runs.quiet {
        eprintln!(
            "\nWrote {}, sweep.csv, sweep.svg and sweep.png",
            dir.join("sweep.json").display()
        );
        if let Some(hint) = super::charts::report_hint(&dir) {
            eprintln!("{hint}");
        }
    }
    Ok(())
}

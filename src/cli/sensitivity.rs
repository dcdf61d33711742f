//! `zopa sensitivity FILE`: every uncertain input fixed at its 10th and 90th
//! percentile in turn; `sensitivity.json`, `tornado.svg` and `tornado.png` written atomically, the ranking printed.

use super::error::{CliError, emit};
use super::output::ResultSet;
use super::session::{BOTH, CommonArgs, Progress, Session, interrupted, run_hooks, start};
use std::path::PathBuf;
use std::time::Instant;
use zopa::report::charts::{self, registry::TornadoChart};
use zopa::report::whatif::{SensitivityFile, sensitivity_text, to_json};
use zopa::whatif::path::uncertain_inputs;
use zopa::whatif::sensitivity::sensitivity;

/// Inputs listed in the overall ranking on the terminal (the JSON has them all).
const TOP: usize = 12;
/// Inputs listed per issue on the terminal.
const PER_ISSUE: usize = 3;

/// Rank the uncertain inputs by how much they move each issue.
///
/// Each uncertain input is fixed at its 10th and then its 90th percentile,
/// everything else still uncertain, with the same seed for every run.
#[derive(Debug, clap::Args)]
pub struct SensitivityArgs {
    /// Scenario file (RON).
    pub file: PathBuf,
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Runs the analysis, writes `sensitivity.json`, prints the ranking.
pub fn run(args: SensitivityArgs) -> Result<(), CliError> {
    let (
        Session {
            scenario,
            dir,
            pool,
        },
        settings,
    ) = args.common.prepare(&args.file)?;
    let output = start(&dir)?;
    let runs = 2 * uncertain_inputs(&scenario).len() + 1;
    let started = Instant::now();
    let bar = Progress::new(runs as u64, "runs", args.common.runs.quiet);
    let progress = |done: usize, _total: usize| bar.update(done as u64);
    let hooks = run_hooks(&bar, &progress);
    let result = pool.install(|| sensitivity(&scenario, &settings, &hooks));
    bar.finish();
    let result = result.map_err(|err| CliError::whatif(err, &dir))?;
    let elapsed = started.elapsed().as_secs_f64();
    // The chart is drawn from the file's type, as `zopa plot sensitivity.json` would.
    let file = SensitivityFile::new(&scenario, &result);
    let chart_files = charts::files(&TornadoChart, &file, &BOTH)?;
    let mut staged = output.stage(ResultSet::Sensitivity)?;
    staged.write("sensitivity.json", to_json(&file).as_bytes())?;
    staged.write_files(&chart_files)?;
    staged.commit(interrupted())?;
    emit(&sensitivity_text(
        &scenario, &result, elapsed, TOP, PER_ISSUE,
    ))?;
    if !args.common.runs.quiet {
        eprintln!(
            "\nWrote {}, tornado.svg and tornado.png",
            dir.join("sensitivity.json").display()
        );
        if let Some(hint) = super::charts::report_hint(&dir) {
            eprintln!("{hint}");
        }
    }
    Ok(())
}

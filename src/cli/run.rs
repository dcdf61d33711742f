//! `zopa run FILE`: the Monte Carlo job, its files and its terminal output.

use super::ModelArg;
use super::error::{CliError, emit};
use super::output::{ResultSet, Staged, StagedFile};
use super::session::{FormatArg, Progress, RunOptions, Session, formats, interrupted, start};
use super::shard::{Shard, Source};
use std::path::{Path, PathBuf};
use std::time::Instant;
use zopa::ModelKind;
use zopa::model;
use zopa::montecarlo::{self, Controls, RunError, TrialRecord};
use zopa::report::charts::Format;
use zopa::report::run::{DEFAULT_WIDTH, csv_header, csv_rows, summary_text};
use zopa::shard::exact::TallyRecord;
use zopa::shard::{ShardKind, ShardSpec, Work};
use zopa::summary::{NominalPicture, RunInfo, Summary};

/// Run many randomized trials and summarise where a deal would land.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Scenario file (RON).
    pub file: PathBuf,
    /// Bargaining model; default: the scenario's own.
    #[arg(long, value_enum)]
    pub model: Option<ModelArg>,
    #[command(flatten)]
    pub runs: RunOptions,
    /// Also write trials.csv, one row per trial (large for big runs).
    #[arg(long)]
    pub trials_csv: bool,
    /// Charts in this format only; default: both SVG and PNG.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Run only shard K of N (K from 0 to N-1): the K-th of N equal blocks
    /// of the trials, written as shard-run.json (no charts or report) for
    /// `zopa merge` to combine; default folder:
    /// output/<file name>-run-shards/K-of-N/.
    #[arg(long, value_name = "K/N", value_parser = ShardSpec::parse, allow_hyphen_values = true,
          conflicts_with_all = ["trials_csv", "format"])]
    pub shard: Option<ShardSpec>,
}

pub fn run(args: RunArgs) -> Result<(), CliError> {
    if let Some(spec) = args.shard {
        return run_shard(&args, spec);
    }
    let Session {
        scenario,
        dir,
        pool,
    } = args
        .runs
        .session(&args.file, args.model.map(ModelKind::from))?;
    let kind = args.model.map(ModelKind::from).unwrap_or(scenario.model);
    let trials = args.runs.trials.unwrap_or(scenario.trials);
    let seed = args.runs.seed.unwrap_or(scenario.seed);
    let quiet = args.runs.quiet;
    let formats = formats(args.format);
    let output = start(&dir)?;
    // The run's files are written into a new version of the folder's run
    // set, switched in whole at the end (see cli/output).
    let mut staged = output.stage(ResultSet::Run)?;

    let mut csv = if args.trials_csv {
        let mut file = staged.file("trials.csv")?;
        file.write(&csv_header(&scenario))?;
        Some(file)
    } else {
        None
    };
    let mut sink = |records: &[TrialRecord]| -> Result<(), String> {
        if let Some(pending) = csv.as_mut() {
            let mut text = String::new();
            csv_rows(&scenario, records, &mut text);
            pending.write(&text)?;
        }
        Ok(())
    };

    let load = RunInfo::current_load();
    let started = Instant::now();
    let bar = Progress::new(trials, "trials", quiet);
    let progress = |done: u64| bar.update(done);
    let model = model::build(kind);
    let result = pool.install(|| {
        let controls = Controls {
            cancel: Some(interrupted()),
            progress: Some(&progress),
            records: if args.trials_csv {
                Some(&mut sink)
            } else {
                None
            },
        };
        montecarlo::run(&scenario, model.as_ref(), trials, seed, controls)
    });
    bar.finish();
    let tally = match result {
        Ok(tally) => tally,
        Err(RunError::Interrupted) => return Err(CliError::interrupted(&dir)),
        Err(err) => return Err(CliError::Input(err.to_string())),
    };
    let info = RunInfo {
        model: kind.cli_name().to_string(),
        trials,
        seed,
        elapsed_seconds: started.elapsed().as_secs_f64(),
        threads: Some(pool.current_num_threads()),
        load_average: load,
    };
    let summary = Summary::new(
        &scenario,
        &info,
        &tally,
        &NominalPicture::compute(&scenario),
    );
    write_results(staged, &summary, &formats, &pool, &dir, csv)?;
    if !quiet {
        eprintln!(
            "\nWrote {}, report.md, report.html{}{}",
            dir.join("summary.json").display(),
            if formats.is_empty() { "" } else { ", charts/" },
            if args.trials_csv {
                " and trials.csv"
            } else {
                ""
            }
        );
    }
    Ok(())
}

/// Writes a run's results into its staged set — `summary.json`, and the
/// charts and report drawn from the summary alone, exactly as `zopa plot`
/// would — with `csv` (trials.csv) if written, switches them in, and prints
/// the summary. `zopa merge` writes a merged run through here too.
pub(super) fn write_results(
    mut staged: Staged,
    summary: &Summary,
    formats: &[Format],
    pool: &rayon::ThreadPool,
    dir: &Path,
    csv: Option<StagedFile>,
) -> Result<(), CliError> {
    let folder = super::charts::folder_results(dir);
    let report = pool.install(|| super::charts::ReportFiles::render(summary, formats, &folder))?;
    if let Some(file) = csv {
        file.finish()?;
    }
    staged.write("summary.json", summary.to_json().as_bytes())?;
    report.stage(&mut staged)?;
    // The one step that changes the folder; a trials.csv this run did not
    // write leaves with the earlier run, as would charts it no longer draws.
    staged.commit(interrupted())?;
    emit(&summary_text(summary, terminal_width()))
}

/// `zopa run FILE --shard K/N`: the shard's block of the trials, tallied
/// and written as `shard-run.json`.
fn run_shard(args: &RunArgs, spec: ShardSpec) -> Result<(), CliError> {
    let source = Source::read(&args.file)?;
    let model_option = args.model.map(ModelKind::from);
    let Session {
        scenario,
        dir,
        pool,
    } = args.runs.session_for(
        source.scenario.clone(),
        &args.file,
        model_option,
        Some((ShardKind::Run, spec)),
    )?;
    let kind = model_option.unwrap_or(scenario.model);
    let trials = args.runs.trials.unwrap_or(scenario.trials);
    let shard = Shard {
        kind: ShardKind::Run,
        spec,
        items: trials,
        file: &args.file,
        source: &source,
        model: kind,
        model_option,
        trials,
        seed: args.runs.seed.unwrap_or(scenario.seed),
        threads: pool.current_num_threads(),
        started: Instant::now(),
        load_average: RunInfo::current_load(),
    };
    let output = start(&dir)?;
    let block = shard.block();
    let bar = Progress::new(block.end - block.start, "trials", args.runs.quiet);
    let progress = |done: u64| bar.update(done);
    let model = model::build(kind);
    let result = pool.install(|| {
        let controls = Controls {
            cancel: Some(interrupted()),
            progress: Some(&progress),
            records: None,
        };
        montecarlo::run_range(&scenario, model.as_ref(), block, shard.seed, controls)
    });
    bar.finish();
    let tally = match result {
        Ok(tally) => tally,
        Err(RunError::Interrupted) => return Err(CliError::interrupted(&dir)),
        Err(err) => return Err(CliError::Input(err.to_string())),
    };
    let what = super::shard::trials_block(&shard);
    shard.write(
        &output,
        Work::Run(TallyRecord::from(&tally)),
        &what,
        args.runs.quiet,
    )
}

/// The width to write in: `COLUMNS` when set (shells set it for terminals),
/// otherwise [`DEFAULT_WIDTH`].
fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|columns| columns.trim().parse::<usize>().ok())
        .filter(|&columns| columns > 0)
        .unwrap_or(DEFAULT_WIDTH)
}

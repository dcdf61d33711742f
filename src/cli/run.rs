//! `zopa run FILE`: the Monte Carlo job, its files and its terminal output.

use super::ModelArg;
use super::error::{CliError, emit, terminal_width};
use super::output::{ResultSet, Staged, StagedFile};
use super::session::{FormatArg, Progress, RunOptions, Session, formats, interrupted, start};
use super::shard::{Shard, Source};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Instant;
use zopa::ModelKind;
use zopa::model;
use zopa::montecarlo::{self, Controls, RecordSink, RunError, TrialRecord};
use zopa::report::charts::Format;
use zopa::report::run::{csv_header, csv_rows, summary_text};
use zopa::scenario::Scenario;
use zopa::shard::exact::TallyRecord;
use zopa::shard::{ShardKind, ShardSpec, Work};
use zopa::summary::Tally;
use zopa::summary::{NominalPicture, RunInfo, Summary};
use zopa::whatif::Settings;

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
        // Row by row: a chunk's rows of 20,000 actors come to 200 MB of text.
        if let Some(pending) = csv.as_mut() {
            let mut text = String::new();
            for record in records {
                text.clear();
                csv_rows(&scenario, std::slice::from_ref(record), &mut text);
                pending.write(&text)?;
            }
        }
        Ok(())
    };

    let load = RunInfo::current_load();
    let started = Instant::now();
    let records: Option<&mut SendSink> = if args.trials_csv {
        Some(&mut sink)
    } else {
        None
    };
    let job = Trials {
        scenario: &scenario,
        kind,
        seed,
        pool: &pool,
        quiet,
        dir: &dir,
    };
    let tally = job.run(0..trials, records)?;
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
        &NominalPicture::compute(&scenario, zopa::cost::nominal_parts(&scenario)),
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
    staged.commit()?;
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
    let settings = Settings {
        model: kind,
        trials: args.runs.trials.unwrap_or(scenario.trials),
        seed: args.runs.seed.unwrap_or(scenario.seed),
    };
    let items = settings.trials;
    let shard = Shard::new(
        ShardKind::Run,
        spec,
        items,
        &source,
        model_option,
        &settings,
        &pool,
    );
    let output = start(&dir)?;
    let job = Trials {
        scenario: &scenario,
        kind,
        seed: shard.seed,
        pool: &pool,
        quiet: args.runs.quiet,
        dir: &dir,
    };
    let tally = job.run(shard.block(), None)?;
    let what = super::shard::trials_block(&shard);
    shard.write(
        &output,
        Work::Run(TallyRecord::from(&tally)),
        &what,
        args.runs.quiet,
    )
}

/// A [`RecordSink`] the worker pool can take along.
type SendSink<'a> = dyn FnMut(&[TrialRecord]) -> Result<(), String> + Send + 'a;

/// A run's trials as the command line makes them: on its worker pool, with
/// a progress bar (unless quiet) and Ctrl-C.
struct Trials<'a> {
    scenario: &'a Scenario,
    kind: ModelKind,
    seed: u64,
    pool: &'a rayon::ThreadPool,
    quiet: bool,
    /// The output folder, which an interruption names.
    dir: &'a Path,
}

impl Trials<'_> {
    /// The tally of the trials in `range`, each handed to `records` in
    /// trial order if given.
    fn run(&self, range: Range<u64>, records: Option<&mut SendSink>) -> Result<Tally, CliError> {
        let bar = Progress::new(range.end - range.start, "trials", self.quiet);
        let progress = |done: u64| bar.update(done);
        let model = model::build(self.kind);
        let result = self.pool.install(|| {
            let controls = Controls {
                cancel: Some(interrupted()),
                progress: Some(&progress),
                records: records.map(|sink| sink as &mut RecordSink),
                on_this_thread: false,
            };
            montecarlo::run_range(self.scenario, model.as_ref(), range, self.seed, controls)
        });
        bar.finish();
        match result {
            Ok(tally) => Ok(tally),
            Err(RunError::Interrupted) => Err(CliError::interrupted(self.dir)),
            Err(err) => Err(CliError::Input(err.to_string())),
        }
    }
}

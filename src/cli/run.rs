//! `zopa run FILE`: the Monte Carlo job, its files and its terminal output.

use super::output::{Folder, PendingFile, prepare_directory, write_atomically};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;
use zopa::model;
use zopa::montecarlo::{self, Controls, RunError, TrialRecord};
use zopa::report::run::{csv_header, csv_rows, summary_text};
use zopa::scenario::{self, ModelKind};
use zopa::summary::{NominalPicture, RunInfo, Summary};

/// What `zopa run` was asked to do.
pub struct RunArgs {
    pub file: PathBuf,
    pub model: Option<ModelKind>,
    pub trials: Option<u64>,
    pub seed: Option<u64>,
    pub threads: Option<usize>,
    pub out: Option<PathBuf>,
    pub quiet: bool,
    pub trials_csv: bool,
    /// Chart formats to write (empty: no charts).
    pub formats: Vec<zopa::report::charts::Format>,
}

/// Set by Ctrl-C or SIGTERM; the engine stops at its next chunk.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Exit status for a run stopped by a signal (128 + SIGINT).
pub const INTERRUPTED_EXIT: u8 = 130;

pub fn run(args: RunArgs) -> Result<(), (u8, String)> {
    let fail = |message: String| (1u8, message);
    let scenario = scenario::load(&args.file).map_err(|err| fail(err.to_string()))?;
    let kind = args.model.unwrap_or(scenario.model);
    let trials = args.trials.unwrap_or(scenario.trials);
    let seed = args.seed.unwrap_or(scenario.seed);
    let dir = args
        .out
        .clone()
        .unwrap_or_else(|| default_directory(&args.file));
    prepare_directory(&dir, Folder::Results).map_err(fail)?;
    let _ = ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::SeqCst));

    let pool = {
        let mut builder = rayon::ThreadPoolBuilder::new();
        if let Some(threads) = args.threads {
            builder = builder.num_threads(threads);
        }
        builder
            .build()
            .map_err(|err| fail(format!("cannot start worker threads: {err}")))?
    };

    let mut csv = if args.trials_csv {
        let mut pending = PendingFile::create(&dir.join("trials.csv")).map_err(fail)?;
        pending.write(&csv_header(&scenario)).map_err(fail)?;
        Some(pending)
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

    let started = Instant::now();
    let bar = Progress::new(trials, args.quiet, started);
    let progress = |done: u64| bar.update(done);
    let model = model::build(kind);
    let result = pool.install(|| {
        let controls = Controls {
            cancel: Some(&INTERRUPTED),
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
        Err(RunError::Interrupted) => {
            return Err((
                INTERRUPTED_EXIT,
                format!(
                    "interrupted: nothing was written; earlier results in {} are untouched",
                    dir.display()
                ),
            ));
        }
        Err(err) => return Err(fail(err.to_string())),
    };
    let info = RunInfo {
        model: kind.cli_name().to_string(),
        trials,
        seed,
        elapsed_seconds: started.elapsed().as_secs_f64(),
    };
    let summary = Summary::new(
        &scenario,
        &info,
        &tally,
        &NominalPicture::compute(&scenario),
    );
    // Charts and the report are drawn from the summary alone, exactly as
    // `zopa plot` would; all are rendered before any file is replaced.
    let report = super::charts::ReportFiles::render(&summary, &args.formats).map_err(fail)?;
    write_atomically(&dir.join("summary.json"), &summary.to_json()).map_err(fail)?;
    report.write(&dir).map_err(fail)?;
    let trials_path = dir.join("trials.csv");
    match csv {
        Some(pending) => pending.commit().map_err(fail)?,
        // A trials.csv from an earlier run would not match this summary.
        None if trials_path.exists() => std::fs::remove_file(&trials_path).map_err(|err| {
            fail(format!(
                "cannot remove the stale {}: {err}",
                trials_path.display()
            ))
        })?,
        None => {}
    }
    print!("{}", summary_text(&summary));
    if !args.quiet {
        eprintln!(
            "\nWrote {}, report.md, report.html{}{}",
            dir.join("summary.json").display(),
            if args.formats.is_empty() {
                ""
            } else {
                ", charts/"
            },
            if args.trials_csv {
                " and trials.csv"
            } else {
                ""
            }
        );
    }
    Ok(())
}

/// `output/<scenario file stem>/`.
fn default_directory(file: &Path) -> PathBuf {
    let stem = file
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("scenario");
    Path::new("output").join(stem)
}

/// A progress bar on stderr, shown only for runs longer than about a second,
/// and never with --quiet or when stderr is not a terminal. It is created hidden
/// at the start, so its clock and estimates cover the whole run.
struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    shown: AtomicBool,
}

impl Progress {
    fn new(total: u64, quiet: bool, started: Instant) -> Progress {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
            if let Ok(style) = ProgressStyle::with_template(
                "{bar:40} {human_pos}/{human_len} trials  {elapsed} elapsed, about {eta} left",
            ) {
                bar.set_style(style);
            }
            bar
        });
        Progress {
            bar,
            started,
            shown: AtomicBool::new(false),
        }
    }

    fn update(&self, done: u64) {
        let Some(bar) = &self.bar else { return };
        bar.set_position(done.max(bar.position()));
        if !self.shown.load(Ordering::Relaxed)
            && self.started.elapsed().as_secs_f64() >= 1.0
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

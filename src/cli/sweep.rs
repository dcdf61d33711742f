//! `zopa sweep FILE --param PATH (--values a,b,c | --range lo:hi:steps)`: one
//! parameter varied, the Monte Carlo rerun at each value; `sweep.json`,
//! `sweep.csv`, `sweep.svg` and `sweep.png` written atomically, a table printed.
//!
//! Also the pieces `zopa sensitivity` and `zopa compare` share (the worker pool, Ctrl-C, the
//! progress bar and the default directory), kept here so that the two commands
//! behave alike.

use super::ModelArg;
use super::output::{Folder, prepare_directory, write_atomically, write_bytes_atomically};
use super::run::INTERRUPTED_EXIT;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;
use zopa::report::charts::registry::SweepChart;
use zopa::report::charts::{self, Format};
use zopa::report::whatif::{SweepFile, sweep_csv, sweep_text, to_json};
use zopa::scenario::{self, ModelKind};
use zopa::whatif::sweep::{parse_range, parse_values, sweep};
use zopa::whatif::{Hooks, ParamPath, Settings, WhatIfError};

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

/// The options `sweep` and `sensitivity` share.
#[derive(Debug, clap::Args)]
pub struct CommonArgs {
    /// Bargaining model; default: the scenario's own.
    #[arg(long, value_enum)]
    pub model: Option<ModelArg>,
    #[command(flatten)]
    pub runs: RunOptions,
}

/// The options of every command that makes several Monte Carlo runs.
#[derive(Debug, clap::Args)]
pub struct RunOptions {
    /// Trials per run; default: 10,000, or the scenario's `trials` if fewer.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=10_000_000_000))]
    pub trials: Option<u64>,
    /// Random seed, the same for every run; default: the scenario's `seed`.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads; default: one per core.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
    /// Output directory; default: output/<scenario file name>/.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// No progress bar or file messages.
    #[arg(long)]
    pub quiet: bool,
}

/// Sweep and tornado charts are written in both formats.
pub(super) const BOTH: [Format; 2] = [Format::Svg, Format::Png];

/// Set by Ctrl-C or SIGTERM; the running analysis stops at its next chunk.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// What a command needs before its first run: the scenario, the settings, the
/// output directory (checked writable) and a worker pool.
pub(super) struct Prepared {
    pub scenario: scenario::Scenario,
    pub settings: Settings,
    pub dir: PathBuf,
    pub pool: rayon::ThreadPool,
}

impl CommonArgs {
    pub(super) fn prepare(&self, file: &Path) -> Result<Prepared, String> {
        self.runs.prepare(file, self.model.map(ModelKind::from))
    }
}

impl RunOptions {
    /// Loads the scenario and resolves the settings (`model`: the scenario's
    /// own where `None`).
    pub(super) fn prepare(
        &self,
        file: &Path,
        model: Option<ModelKind>,
    ) -> Result<Prepared, String> {
        let scenario = scenario::load(file).map_err(|err| err.to_string())?;
        let settings = Settings::resolve(&scenario, model, self.trials, self.seed);
        let dir = self.out.clone().unwrap_or_else(|| default_directory(file));
        let mut builder = rayon::ThreadPoolBuilder::new();
        if let Some(threads) = self.threads {
            builder = builder.num_threads(threads as usize);
        }
        let pool = builder
            .build()
            .map_err(|err| format!("cannot start worker threads: {err}"))?;
        Ok(Prepared {
            scenario,
            settings,
            dir,
            pool,
        })
    }
}

/// Creates the output directory and installs the Ctrl-C handler: call once the
/// arguments are known to be good, just before the first run.
pub(super) fn start(dir: &Path) -> Result<(), String> {
    prepare_directory(dir, Folder::Results)?;
    let _ = ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::SeqCst));
    Ok(())
}

/// Turns a library error into the exit status and the message for stderr.
pub(super) fn describe(err: WhatIfError, dir: &Path) -> (u8, String) {
    match err {
        WhatIfError::Interrupted => (
            INTERRUPTED_EXIT,
            format!(
                "interrupted: nothing was written; earlier results in {} are untouched",
                dir.display()
            ),
        ),
        other => (1, other.to_string()),
    }
}

/// `output/<scenario file stem>/`.
fn default_directory(file: &Path) -> PathBuf {
    let stem = file
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("scenario");
    Path::new("output").join(stem)
}

/// A progress bar on stderr, only on a terminal and without --quiet.
pub(super) struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar counting to `total` `unit`s, e.g. runs or trials.
    pub(super) fn new(total: u64, unit: &str, quiet: bool) -> Progress {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template(&format!(
                "{{bar:40}} {{human_pos}}/{{human_len}} {unit}  {{elapsed}} elapsed, about {{eta}} left"
            )) {
                bar.set_style(style);
            }
            bar
        });
        Progress { bar }
    }

    pub(super) fn update(&self, done: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(done);
        }
    }

    pub(super) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    /// Whether the bar is drawn (hooks that only feed it can be left out).
    pub(super) fn shown(&self) -> bool {
        self.bar.is_some()
    }

    /// The hooks that drive this bar, counting runs, and honour Ctrl-C.
    pub(super) fn hooks<'a>(&'a self, progress: &'a (dyn Fn(usize, usize) + Sync)) -> Hooks<'a> {
        Hooks {
            cancel: Some(&INTERRUPTED),
            progress: self.shown().then_some(progress),
            trials: None,
        }
    }
}

/// The flag Ctrl-C sets.
pub(super) fn interrupted() -> &'static AtomicBool {
    &INTERRUPTED
}

/// Runs the sweep, writes `sweep.json`, `sweep.csv` and the chart, prints the
/// table.
pub fn run(args: SweepArgs) -> Result<(), (u8, String)> {
    let fail = |message: String| (1u8, message);
    let Prepared {
        scenario,
        settings,
        dir,
        pool,
    } = args.common.prepare(&args.file).map_err(fail)?;
    let path = ParamPath::parse(&scenario, &args.param).map_err(|err| fail(err.to_string()))?;
    let values = match (&args.values, &args.range) {
        (Some(values), _) => parse_values(values),
        (None, Some(range)) => parse_range(range),
        (None, None) => Err(WhatIfError::Invalid {
            message: "no values to sweep".into(),
            help: "give --values 0.3,0.4,0.5 or --range 0.3:0.7:5".into(),
        }),
    }
    .map_err(|err| fail(err.to_string()))?;
    // Check every value before the directory is touched or a run starts.
    for &value in &values {
        path.set(&scenario, value)
            .map_err(|err| fail(err.to_string()))?;
    }
    start(&dir).map_err(fail)?;
    let started = Instant::now();
    let bar = Progress::new(values.len() as u64, "runs", args.common.runs.quiet);
    let progress = |done: usize, _total: usize| bar.update(done as u64);
    let hooks = bar.hooks(&progress);
    let result = pool.install(|| sweep(&scenario, &path, &values, &settings, &hooks));
    bar.finish();
    let result = result.map_err(|err| describe(err, &dir))?;
    let elapsed = started.elapsed().as_secs_f64();
    // The chart is drawn from the file's type, as `zopa plot sweep.json` would.
    let file = SweepFile::new(&scenario, &result);
    let chart_files = charts::files(&SweepChart, &file, &BOTH).map_err(fail)?;
    write_atomically(&dir.join("sweep.json"), &to_json(&file)).map_err(fail)?;
    write_atomically(&dir.join("sweep.csv"), &sweep_csv(&scenario, &result)).map_err(fail)?;
    write_chart(&dir, &chart_files).map_err(fail)?;
    print!("{}", sweep_text(&scenario, &result, elapsed));
    if !args.common.runs.quiet {
        eprintln!(
            "\nWrote {}, sweep.csv, sweep.svg and sweep.png",
            dir.join("sweep.json").display()
        );
    }
    Ok(())
}

/// Writes rendered chart files into `dir`, each atomically.
pub(super) fn write_chart(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), String> {
    for (name, bytes) in files {
        write_bytes_atomically(&dir.join(name), bytes)?;
    }
    Ok(())
}

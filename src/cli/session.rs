//! What every command that makes Monte Carlo runs shares, in one place so they
//! behave alike: the run options (trials, seed, threads, output folder, quiet),
//! the default output folder, the worker pool, Ctrl-C and the progress bar.

use super::ModelArg;
use super::error::CliError;
use super::interrupt;
use super::output::{Folder, OutputFolder};
use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;
use zopa::ModelKind;
use zopa::cost::{Cost, Refusal};
use zopa::report::charts::Format;
use zopa::scenario::error::Diagnostic;
use zopa::scenario::locate::{Location, Spans};
use zopa::scenario::{self, Scenario, ScenarioError};
use zopa::shard::{ShardKind, ShardSpec};
use zopa::whatif::{Hooks, Settings};

/// The options of every command that makes Monte Carlo runs. Where `--trials`
/// is not given, `zopa run` makes the scenario's `trials` and the analyses
/// (compare, sweep, sensitivity) 10,000 per run or the scenario's `trials` if
/// fewer, since they make many runs.
#[derive(Debug, clap::Args)]
pub struct RunOptions {
    /// Trials (per run for compare, sweep and sensitivity); default: the
    /// scenario's `trials` (analyses: at most 10,000).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=10_000_000_000))]
    pub trials: Option<u64>,
    /// Random seed, the same for every run; default: the scenario's `seed`.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads; default: one per core.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
    /// Output directory; default: output/<scenario file name>/, or
    /// output/<scenario file name>-<model>/ when --model overrides the
    /// scenario's own.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// No progress bar or file messages.
    #[arg(long)]
    pub quiet: bool,
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

impl CommonArgs {
    /// The session and the settings of every run of the analysis, for the
    /// `scenario` read from `file`; a `shard` gets its own default folder.
    pub fn prepare(
        &self,
        scenario: Scenario,
        file: &Path,
        shard: Option<(ShardKind, ShardSpec)>,
    ) -> Result<(Session, Settings), CliError> {
        let model = self.model.map(ModelKind::from);
        let session = self.runs.session_for(scenario, file, model, shard)?;
        let settings = Settings::resolve(
            &session.scenario,
            self.model.map(ModelKind::from),
            self.runs.trials,
            self.runs.seed,
        );
        Ok((session, settings))
    }
}

/// The hooks that drive `bar`, counting runs, and honour Ctrl-C.
pub fn run_hooks<'a>(bar: &'a Progress, progress: &'a (dyn Fn(usize, usize) + Sync)) -> Hooks<'a> {
    Hooks {
        cancel: Some(interrupted()),
        progress: bar.active().then_some(progress),
        trials: None,
    }
}

/// `--format` on the command line.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FormatArg {
    Svg,
    Png,
}

/// Both chart formats: what-if charts are always written in both.
pub const BOTH: [Format; 2] = [Format::Svg, Format::Png];

/// The chart formats to write: the one asked for, or both.
pub fn formats(arg: Option<FormatArg>) -> Vec<Format> {
    match arg {
        Some(FormatArg::Svg) => vec![Format::Svg],
        Some(FormatArg::Png) => vec![Format::Png],
        None => vec![Format::Svg, Format::Png],
    }
}

/// What a command needs before its first trial: the scenario, the output
/// directory and a worker pool.
pub struct Session {
    pub scenario: Scenario,
    pub dir: PathBuf,
    pub pool: rayon::ThreadPool,
}

impl RunOptions {
    /// Loads the scenario, picks the output directory (for the `model` given
    /// on the command line, if any) and starts the workers.
    pub fn session(&self, file: &Path, model: Option<ModelKind>) -> Result<Session, CliError> {
        self.session_for(scenario::load(file)?, file, model, None)
    }

    /// [`Self::session`] for a `scenario` already read from `file`; a
    /// `shard` without `--out` writes to its own folder,
    /// `<default folder>-<kind>-shards/<K>-of-<N>/`, so that the shards of a
    /// job array never share one.
    pub fn session_for(
        &self,
        scenario: Scenario,
        file: &Path,
        model: Option<ModelKind>,
        shard: Option<(ShardKind, ShardSpec)>,
    ) -> Result<Session, CliError> {
        let runs = [model.unwrap_or(scenario.model)];
        self.session_running(scenario, file, model, &runs, shard)
    }

    /// [`Self::session_for`] for a command that runs each of `models` (the
    /// `model` named on the command line, if any, picks the folder): each
    /// must pass zopa's cost limits ([`admit`]), and the workers are as many
    /// as fit the memory budget.
    pub fn session_running(
        &self,
        scenario: Scenario,
        file: &Path,
        model: Option<ModelKind>,
        models: &[ModelKind],
        shard: Option<(ShardKind, ShardSpec)>,
    ) -> Result<Session, CliError> {
        let cost = admit(&scenario, file, models)?;
        let dir = self.out.clone().unwrap_or_else(|| {
            let dir = default_directory(file, scenario.model, model);
            match shard {
                Some((kind, spec)) => {
                    let mut name = dir.as_os_str().to_os_string();
                    name.push(format!("-{}-shards", kind.name()));
                    PathBuf::from(name).join(format!("{}-of-{}", spec.index, spec.count))
                }
                None => dir,
            }
        });
        Ok(Session {
            scenario,
            dir,
            pool: run_pool(self.threads, cost.as_ref())?,
        })
    }
}

/// Set by `--allow-slow`: scenarios whose trial is estimated over zopa's time
/// limit run anyway.
static ALLOW_SLOW: AtomicBool = AtomicBool::new(false);

/// Records `--allow-slow` for [`admit`].
pub fn allow_slow(allow: bool) {
    ALLOW_SLOW.store(allow, Ordering::SeqCst);
}

/// Whether `--allow-slow` was given.
pub fn slow_allowed() -> bool {
    ALLOW_SLOW.load(Ordering::SeqCst)
}

/// Refuses, before any work, a scenario that `models` could not run within
/// zopa's limits ([`zopa::cost`]): a trial estimated over the time limit
/// (unless `--allow-slow`), or a worker over the memory budget. Returns the
/// costliest model's cost in memory (`None` with no models), for
/// [`run_pool`]. A refusal names the file, and the `model:` line when the
/// model is the scenario's own.
pub fn admit(
    scenario: &Scenario,
    file: &Path,
    models: &[ModelKind],
) -> Result<Option<Cost>, CliError> {
    let mut costliest: Option<Cost> = None;
    for &model in models {
        let cost = Cost::of(scenario, model);
        if let Some(refusal) = cost.refusal(slow_allowed()) {
            return Err(refused(scenario, file, model, refusal).into());
        }
        if costliest
            .as_ref()
            .is_none_or(|worst| cost.worker_bytes > worst.worker_bytes)
        {
            costliest = Some(cost);
        }
    }
    Ok(costliest)
}

/// A refusal as a diagnostic on `file`, at its `model:` field when `model`
/// is the scenario's own.
pub fn refused(
    scenario: &Scenario,
    file: &Path,
    model: ModelKind,
    refusal: Refusal,
) -> ScenarioError {
    let own = model == scenario.model;
    let at = if own {
        scenario::read_file(file)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .map(|text| Spans::scan(&text).key_at("model"))
            .unwrap_or_default()
    } else {
        Location::default()
    };
    // The message names the model, so one the command chose needs no more.
    let message = refusal.message;
    ScenarioError::one(Diagnostic {
        file: file.display().to_string(),
        at,
        message,
        help: Some(refusal.help),
    })
}

/// The worker threads of a run whose costliest model is `cost`: `threads` of
/// them, or one per core, but no more than fit zopa's memory budget together
/// (asking for more is an error; the default is capped quietly).
pub fn run_pool(threads: Option<u64>, cost: Option<&Cost>) -> Result<rayon::ThreadPool, CliError> {
    let Some(cost) = cost else {
        return worker_pool(threads);
    };
    let most = cost.max_workers();
    match threads {
        Some(threads) if threads as usize > most => Err(CliError::Input(format!(
            "--threads {threads}: each worker thread keeps about {} ({}), and a run keeps \
             within {}: use --threads {most} or fewer",
            zopa::cost::bytes(cost.worker_bytes),
            cost.memory_use,
            zopa::cost::bytes(zopa::cost::MEMORY_BUDGET_BYTES)
        ))),
        Some(threads) => worker_pool(Some(threads)),
        None => {
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
            worker_pool(Some(cores.min(most) as u64))
        }
    }
}

/// The worker threads: `threads` of them, or one per core.
pub fn worker_pool(threads: Option<u64>) -> Result<rayon::ThreadPool, CliError> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(threads) = threads {
        builder = builder.num_threads(threads as usize);
    }
    builder
        .build()
        .map_err(|err| CliError::Input(format!("cannot start worker threads: {err}")))
}

/// `output/<scenario file stem>/`; with a `model` that is not the scenario's
/// own, `output/<scenario file stem>-<model>/`, so results of another model
/// never silently replace the scenario's.
pub fn default_directory(file: &Path, own: ModelKind, model: Option<ModelKind>) -> PathBuf {
    let stem = file
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("scenario");
    match model {
        Some(model) if model != own => {
            Path::new("output").join(format!("{stem}-{}", model.cli_name()))
        }
        _ => Path::new("output").join(stem),
    }
}

/// The flag Ctrl-C and SIGTERM set; a running job also stops at its next
/// chunk of work.
pub fn interrupted() -> &'static AtomicBool {
    interrupt::flag()
}

/// Creates the output directory (refusing one that holds files zopa did not
/// write) and locks it for this process: call once the arguments are known
/// to be good, just before the first trial.
pub fn start(dir: &Path) -> Result<OutputFolder, CliError> {
    Ok(OutputFolder::open(dir, Folder::Results)?)
}

/// A progress bar on stderr, shown only for jobs longer than about a second,
/// and never with --quiet or when stderr is not a terminal. It is created
/// hidden at the start, so its clock and estimates cover the whole job.
pub struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    shown: AtomicBool,
}

impl Progress {
    /// A bar counting to `total` `unit`s, e.g. runs or trials.
    pub fn new(total: u64, unit: &str, quiet: bool) -> Progress {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
            if let Ok(style) = ProgressStyle::with_template(&format!(
                "{{bar:40}} {{human_pos}}/{{human_len}} {unit}  {{elapsed}} elapsed, about {{eta}} left"
            )) {
                bar.set_style(style);
            }
            bar
        });
        Progress {
            bar,
            started: Instant::now(),
            shown: AtomicBool::new(false),
        }
    }

    /// Moves the bar to `done` (never backwards).
    pub fn update(&self, done: u64) {
        let Some(bar) = &self.bar else { return };
        bar.set_position(done.max(bar.position()));
        if !self.shown.load(Ordering::Relaxed)
            && self.started.elapsed().as_secs_f64() >= 1.0
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// Clears the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    /// Whether the bar can be drawn (hooks that only feed it can be left out).
    pub fn active(&self) -> bool {
        self.bar.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_model_gets_its_own_default_folder() {
        let file = Path::new("scenarios/ukraine_2026.ron");
        let own = ModelKind::ALL[0];
        let other = ModelKind::ALL[1];
        assert_eq!(
            default_directory(file, own, None),
            Path::new("output/ukraine_2026")
        );
        assert_eq!(
            default_directory(file, own, Some(own)),
            Path::new("output/ukraine_2026")
        );
        assert_eq!(
            default_directory(file, own, Some(other)),
            Path::new("output").join(format!("ukraine_2026-{}", other.cli_name()))
        );
    }
}

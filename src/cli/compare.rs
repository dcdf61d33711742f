//! `zopa compare FILE [--models a,b,..]`: the scenario under several models on
//! the same trials; `compare.json`, `compare.csv` and the compare chart written
//! atomically, a table printed.

use super::ModelArg;
use super::error::{CliError, emit};
use super::output::ResultSet;
use super::session::{FormatArg, Progress, RunOptions, Session, formats, interrupted, start};
use clap::ValueEnum;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;
use zopa::ModelKind;
use zopa::report::charts::{self, registry::CompareChart};
use zopa::report::compare_file::{CompareFile, compare_csv, compare_text};
use zopa::scenario::{self, Scenario};
use zopa::whatif::compare::{check_models, compare};
use zopa::whatif::{Hooks, Settings};

/// Run the scenario under several models and show the results side by side.
///
/// Every model plays the same trials (same seed, same draws of the uncertain
/// numbers), so differences come from the models, not from sampling noise.
#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// Scenario file (RON).
    pub file: PathBuf,
    // The help names the models from the one list (ModelKind::ALL).
    #[arg(long, value_delimiter = ',', value_parser = parse_model, help = models_help())]
    pub models: Vec<ModelChoice>,
    #[command(flatten)]
    pub runs: RunOptions,
    /// The chart in this format only; default: both SVG and PNG.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
}

/// A model named on the command line: `scenario` or a model's name.
#[derive(Clone, Copy, Debug)]
pub enum ModelChoice {
    Scenario,
    Named(ModelArg),
}

/// The model names `--models` takes, from the one list of models.
fn model_names() -> Vec<&'static str> {
    ModelKind::ALL.iter().map(|kind| kind.cli_name()).collect()
}

/// `--models`'s help: the names from the one list.
fn models_help() -> String {
    format!(
        "Models in the order to show them, separated by commas: scenario (the scenario's own \
         model with its parameters), {}. Default: the scenario's own model, then every other",
        model_names().join(", ")
    )
}

pub fn parse_model(text: &str) -> Result<ModelChoice, String> {
    let text = text.trim();
    if text == "scenario" {
        return Ok(ModelChoice::Scenario);
    }
    ModelArg::from_str(text, true)
        .map(ModelChoice::Named)
        .map_err(|_| {
            format!(
                "unknown model `{text}`; the models are scenario, {}",
                model_names().join(", ")
            )
        })
}

/// The models to run: those asked for, or the scenario's own and then every other.
fn resolve_models(scenario: &Scenario, choices: &[ModelChoice]) -> Vec<ModelKind> {
    let kind = |choice: &ModelChoice| match choice {
        ModelChoice::Scenario => scenario.model,
        ModelChoice::Named(arg) => ModelKind::from(*arg),
    };
    if !choices.is_empty() {
        return choices.iter().map(kind).collect();
    }
    let mut models = vec![scenario.model];
    for arg in ModelArg::value_variants() {
        let other = ModelKind::from(*arg);
        if other != scenario.model {
            models.push(other);
        }
    }
    models
}

/// Runs every model, writes `compare.json`, `compare.csv` and the chart,
/// prints the tables.
pub fn run(args: CompareArgs) -> Result<(), CliError> {
    let Session {
        scenario,
        dir,
        pool,
    } = {
        let scenario = scenario::load(&args.file)?;
        let models = resolve_models(&scenario, &args.models);
        check_models(&scenario, &models).map_err(|err| err.to_string())?;
        args.runs
            .session_running(scenario, &args.file, None, &models, None)?
    };
    let settings = Settings::resolve(&scenario, None, args.runs.trials, args.runs.seed);
    let models = resolve_models(&scenario, &args.models);
    let output = start(&dir)?;
    let started = Instant::now();
    // One bar over every model's trials.
    let trials = settings.trials;
    let bar = Progress::new(trials * models.len() as u64, "trials", args.runs.quiet);
    let runs_done = AtomicU64::new(0);
    let on_run = |done: usize, _total: usize| {
        runs_done.store(done as u64, Ordering::Relaxed);
        bar.update(done as u64 * trials);
    };
    let on_trials = |done: u64| bar.update(runs_done.load(Ordering::Relaxed) * trials + done);
    let hooks = Hooks {
        cancel: Some(interrupted()),
        progress: bar
            .active()
            .then_some(&on_run as &(dyn Fn(usize, usize) + Sync)),
        trials: bar.active().then_some(&on_trials as &(dyn Fn(u64) + Sync)),
    };
    let result = pool.install(|| compare(&scenario, &models, trials, settings.seed, &hooks));
    bar.finish();
    let result = result.map_err(|err| CliError::whatif(err, &dir))?;
    let elapsed = started.elapsed().as_secs_f64();
    // The table, CSV and chart are all made from the file's type, as `zopa
    // plot` would make the chart; everything is rendered before any file is written.
    let file = CompareFile::new(&scenario, result);
    let json = file.to_json();
    let csv = compare_csv(&file);
    let chart_files = charts::files(&CompareChart, &file, &formats(args.format))?;
    let mut staged = output.stage(ResultSet::Compare)?;
    staged.write("compare.json", json.as_bytes())?;
    staged.write("compare.csv", csv.as_bytes())?;
    staged.write_files(&chart_files)?;
    staged.commit()?;
    emit(&compare_text(&file, Some(elapsed)))?;
    if !args.runs.quiet {
        let names: Vec<&str> = chart_files.iter().map(|(name, _)| name.as_str()).collect();
        eprintln!(
            "\nWrote {}, compare.csv, {}",
            dir.join("compare.json").display(),
            names.join(" and ")
        );
        if let Some(hint) = super::charts::report_hint(&dir) {
            eprintln!("{hint}");
        }
    }
    Ok(())
}

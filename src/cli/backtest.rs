//! `zopa backtest DIR --truth FILE`: every scenario (`.ron`) and actor table
//! (`.csv`) in DIR run under each model and scored against the recorded
//! outcomes; `backtest.json`, `backtest.csv`, `backtest.md` and two charts
//! written atomically, a table printed.

use super::compare::{ModelChoice, parse_model};
use super::error::{CliError, emit};
use super::import::{TableArgs, check_target};
use super::output::{PendingFile, ResultSet};
use super::session::{FormatArg, Progress, admit, formats, interrupted, run_pool, start};
use std::path::{Path, PathBuf};
use std::time::Instant;
use zopa::ModelKind;
use zopa::backtest::file::{BacktestFile, backtest_csv};
use zopa::backtest::truth::{Truth, TruthError, json_message};
use zopa::backtest::{
    self, BacktestError, Calibration, Case, DEFAULT_MODEL, Settings, scored_issue,
};
use zopa::cost::Cost;
use zopa::report::backtest::backtest_text;
use zopa::report::charts::{self, registry::BacktestChart};
use zopa::scenario::Scenario;
use zopa::scenario::text::{Num, quoted};

/// Score the models' forecasts against recorded outcomes.
///
/// Runs every scenario (.ron) and actor table (.csv) in DIR under each model,
/// with its uncertain inputs, and compares the median forecast and the central
/// 10-95% intervals with the outcome recorded in the truth file.
#[derive(Debug, clap::Args)]
pub struct BacktestArgs {
    /// Folder of scenarios (.ron) and actor tables (.csv), one recorded decision each.
    pub dir: PathBuf,
    /// The recorded outcomes: JSON {"<file stem>": {"outcome": 42.0}, ...} or
    /// CSV with a header `id,outcome` (optional column `issue`).
    #[arg(long)]
    pub truth: PathBuf,
    #[arg(long, value_delimiter = ',', value_parser = parse_model, help = models_help())]
    pub models: Vec<ModelChoice>,
    /// Trials per case and model (a model that draws nothing at random, on a
    /// scenario without uncertain numbers, runs one: every trial would agree).
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub trials: u64,
    /// Random seed for every case; default: each scenario's own `seed`.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads; default: one per core.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
    /// Output directory; default: output/backtest-<DIR's name>/.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Write conformal margins computed from these cases to FILE (for a
    /// development set; zopa's own are in data/calibration.json).
    #[arg(long, value_name = "FILE")]
    pub write_calibration: Option<PathBuf>,
    /// Score intervals with margins from FILE (written by --write-calibration)
    /// instead of the ones shipped with zopa.
    #[arg(long, value_name = "FILE")]
    pub calibration: Option<PathBuf>,
    /// How actor tables are read (as `zopa import table`).
    #[command(flatten)]
    pub reading: TableArgs,
    /// The charts in this format only; default: both SVG and PNG.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// No progress bar or file messages.
    #[arg(long)]
    pub quiet: bool,
}

fn models_help() -> String {
    format!(
        "Models to score, separated by commas: {}. Default: all",
        ModelKind::ALL
            .iter()
            .map(|kind| kind.cli_name())
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// Where a case's scenario comes from, to read it again when the case runs:
/// its file, and a fingerprint of the bytes first read, so a file changed
/// since is refused rather than scored under the old one's checks.
struct CaseFile {
    path: PathBuf,
    fingerprint: (usize, u64),
}

impl CaseFile {
    /// Reads and validates the scenario (a `.ron` scenario or a `.csv`
    /// actor table read as `reading` says).
    fn load(path: &Path, reading: &TableArgs) -> Result<(CaseFile, Scenario), CliError> {
        let name = path.display().to_string();
        let (bytes, scenario) = if path.extension().is_some_and(|e| e == "csv") {
            let text = zopa::import::read_text(path)?;
            let scenario = zopa::import::table::import_with(&name, &text, reading.options())?;
            (text.into_bytes(), scenario.scenario)
        } else {
            let bytes = zopa::scenario::read_file(path)?;
            let scenario = zopa::scenario::parse_bytes(&bytes, &name)?;
            (bytes, scenario)
        };
        let file = CaseFile {
            path: path.to_path_buf(),
            fingerprint: fingerprint(&bytes),
        };
        Ok((file, scenario))
    }

    /// The scenario again, as [`CaseFile::load`] first read it.
    fn reload(&self, reading: &TableArgs) -> Result<Scenario, String> {
        let changed = || {
            format!(
                "{} changed while the backtest ran\n  help: run the backtest again once the \
                 files in its folder stay as they are",
                self.path.display()
            )
        };
        let (file, scenario) = CaseFile::load(&self.path, reading).map_err(|_| changed())?;
        if file.fingerprint != self.fingerprint {
            return Err(changed());
        }
        Ok(scenario)
    }
}

/// The length and hash of a file's bytes (the same within one process).
fn fingerprint(bytes: &[u8]) -> (usize, u64) {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    let hash = BuildHasherDefault::<DefaultHasher>::default().hash_one(bytes);
    (bytes.len(), hash)
}

/// The cases of a backtest, with their files in the same order, and the
/// costliest model run on any of them.
struct Loaded {
    cases: Vec<Case>,
    files: Vec<CaseFile>,
    costliest: Option<Cost>,
}

/// The cases of `dir` with a recorded outcome, sorted by id; files without
/// one are reported and skipped. Each scenario is checked and dropped here,
/// and read again when its case runs, so only the cases' few numbers are
/// kept for all of them.
fn load_cases(
    dir: &Path,
    truth: &Truth,
    truth_path: &Path,
    reading: &TableArgs,
    quiet: bool,
    models: &[ModelKind],
) -> Result<Loaded, CliError> {
    let mut costliest: Option<Cost> = None;
    let entries = std::fs::read_dir(dir).map_err(|err| {
        format!("cannot read the folder {}: {err}\n  help: give a folder of scenarios (.ron) and actor tables (.csv)", dir.display())
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.is_file()
                && matches!(
                    path.extension().and_then(|e| e.to_str()),
                    Some("ron" | "csv")
                )
        })
        .collect();
    files.sort();
    let mut cases = Vec::new();
    let mut sources = Vec::new();
    let mut unscored = Vec::new();
    for path in &files {
        let Some(id) = path
            .file_stem()
            .and_then(|s| s.to_str())
            .map(str::to_string)
        else {
            continue;
        };
        let Some(recorded) = truth.cases.get(&id) else {
            unscored.push(id);
            continue;
        };
        let (source, scenario) = CaseFile::load(path, reading)?;
        if let Some(cost) = admit(&scenario, path, models)?
            && costliest
                .as_ref()
                .is_none_or(|worst| cost.worker_bytes > worst.worker_bytes)
        {
            costliest = Some(cost);
        }
        let file = path.display().to_string();
        let issue = scored_issue(&scenario, &id, recorded.issue.as_deref(), &file).map_err(
            |(message, help)| {
                TruthError::new(recorded.issue_at, message, help).located(truth_path.display())
            },
        )?;
        if cases.iter().any(|case: &Case| case.id == id) {
            return Err(format!(
                "{}: two files in {} are called {} (one .ron, one .csv)\n  help: keep one of them; the truth file names cases by file stem",
                path.display(),
                dir.display(),
                quoted(&id)
            )
            .into());
        }
        let case = Case::new(id, &scenario, issue, recorded.outcome);
        let (lo, hi) = case.range();
        if !(lo..=hi).contains(&case.outcome) {
            let message = format!(
                "the recorded outcome of {} is {}, outside the range [{}, {}] of issue {} in {file}",
                quoted(&case.id),
                Num(case.outcome),
                Num(lo),
                Num(hi),
                quoted(&case.issue_id),
            );
            let help = format!(
                "give the outcome in the issue's units, from {} to {}",
                Num(lo),
                Num(hi)
            );
            let error = TruthError::new(recorded.outcome_at, message, help);
            return Err(error.located(truth_path.display()).into());
        }
        cases.push(case);
        sources.push(source);
    }
    if cases.is_empty() {
        return Err(format!(
            "no scenario or table in {} has an outcome in the truth file ({} files, {} outcomes)\n  help: the truth file names each case by its file stem, e.g. \"d00032i1\" for d00032i1.csv",
            dir.display(),
            files.len(),
            truth.cases.len()
        )
        .into());
    }
    let missing: Vec<&String> = truth
        .cases
        .keys()
        .filter(|id| !cases.iter().any(|case| &case.id == *id))
        .collect();
    if !quiet && !unscored.is_empty() {
        eprintln!(
            "note: {} file(s) without a recorded outcome left out (e.g. {})",
            unscored.len(),
            quoted(&unscored[0])
        );
    }
    if !quiet && !missing.is_empty() {
        eprintln!(
            "note: {} recorded outcome(s) without a file in {} (e.g. {})",
            missing.len(),
            dir.display(),
            quoted(missing[0])
        );
    }
    Ok(Loaded {
        cases,
        files: sources,
        costliest,
    })
}

fn read_truth(path: &Path) -> Result<Truth, CliError> {
    let text = zopa::import::read_text(path)?;
    Truth::parse(&text).map_err(|err| CliError::Input(err.located(path.display())))
}

fn read_calibration(path: &Path) -> Result<Calibration, CliError> {
    let text = zopa::import::read_text(path)?;
    serde_json::from_str(&text).map_err(|err| {
        CliError::Input(format!(
            "{}:{}:{}: error: not a calibration file: {}\n  help: write one with `zopa backtest DIR --truth FILE --write-calibration FILE`",
            path.display(),
            err.line(),
            err.column(),
            json_message(&err)
        ))
    })
}

/// Runs the backtest and writes its files.
pub fn run(args: BacktestArgs) -> Result<(), CliError> {
    // Checked before any work: the margins replace only a regular file (never
    // a device such as /dev/null, a folder or a FIFO) and never an input.
    if let Some(path) = &args.write_calibration {
        let inputs: Vec<&Path> = [Some(&args.truth), args.calibration.as_ref()]
            .into_iter()
            .flatten()
            .map(PathBuf::as_path)
            .collect();
        check_target(path, true, &inputs, "with --write-calibration")?;
    }
    let truth = read_truth(&args.truth)?;
    let models: Vec<ModelKind> = if args.models.is_empty() {
        ModelKind::ALL.to_vec()
    } else {
        args.models
            .iter()
            .map(|choice| match choice {
                ModelChoice::Named(arg) => Ok(ModelKind::from(*arg)),
                ModelChoice::Scenario => Err(CliError::Input(
                    "--models: `scenario` names one scenario's model; a backtest runs many scenarios, so name the models".into(),
                )),
            })
            .collect::<Result<_, _>>()?
    };
    let Loaded {
        cases,
        files,
        costliest,
    } = load_cases(
        &args.dir,
        &truth,
        &args.truth,
        &args.reading,
        args.quiet,
        &models,
    )?;
    let calibration = match &args.calibration {
        Some(path) => read_calibration(path)?,
        None => backtest::shipped_calibration(),
    };
    let calibration_name = match &args.calibration {
        Some(path) => format!("from {}", path.display()),
        None => "shipped with zopa, tuned on the 176 DEU EU-15 decisions".to_string(),
    };
    let dir = args.out.clone().unwrap_or_else(|| {
        let name = args
            .dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("cases");
        Path::new("output").join(format!("backtest-{name}"))
    });
    let pool = run_pool(args.threads, costliest.as_ref())?;
    let output = start(&dir)?;
    let started = Instant::now();
    let bar = Progress::new(cases.len() as u64, "cases", args.quiet);
    let progress = |done: usize| bar.update(done as u64);
    let settings = Settings {
        trials: args.trials,
        seed: args.seed,
    };
    let scenario_of = |k: usize| files[k].reload(&args.reading);
    let results = pool.install(|| {
        backtest::run(
            &cases,
            &scenario_of,
            &models,
            settings,
            Some(interrupted()),
            bar.active().then_some(&progress as &(dyn Fn(usize) + Sync)),
        )
    });
    bar.finish();
    let results = results.map_err(|err| match err {
        BacktestError::Run(_) => CliError::interrupted(&dir),
        BacktestError::Scenario(message) => CliError::Input(message),
    })?;
    let elapsed = started.elapsed().as_secs_f64();
    let scores = backtest::score(
        &cases,
        &models,
        &results,
        Some(&calibration),
        args.seed.unwrap_or(1),
    );
    let default = if models.contains(&DEFAULT_MODEL) {
        DEFAULT_MODEL
    } else {
        models[0]
    };
    let file = BacktestFile::new(&scores, default, args.trials, args.seed, &calibration_name);
    let csv = backtest_csv(&cases, &models, &results, Some(&calibration));
    let report = zopa::report::backtest::backtest_markdown(&file);
    let mut chart_files = Vec::new();
    for chart in BacktestChart::ALL {
        chart_files.extend(charts::files(&chart, &file, &formats(args.format))?);
    }
    let margins = if let Some(path) = &args.write_calibration {
        let source = format!(
            "split-conformal margins from `zopa backtest {}` ({} cases, {} trials per case)",
            args.dir.display(),
            cases.len(),
            args.trials
        );
        let computed = Calibration::compute(&source, &cases, &models, &results);
        let mut text = serde_json::to_string_pretty(&computed).map_err(|err| err.to_string())?;
        text.push('\n');
        // Written whole or not at all, over a regular file only (as an
        // imported scenario is), and only once the results are switched in:
        // an interrupted or failed backtest writes neither.
        let mut pending = PendingFile::create(path)?;
        pending.write(&text)?;
        Some(pending)
    } else {
        None
    };
    let mut staged = output.stage(ResultSet::Backtest)?;
    staged.write("backtest.json", file.to_json().as_bytes())?;
    staged.write("backtest.csv", csv.as_bytes())?;
    staged.write("backtest.md", report.as_bytes())?;
    staged.write_files(&chart_files)?;
    staged.commit()?;
    if let Some(pending) = margins {
        pending.commit().map_err(|err| {
            format!(
                "the backtest results are in {}, but the margins were not written: {err}",
                dir.display()
            )
        })?;
    }
    emit(&backtest_text(&file, Some(elapsed)))?;
    if !args.quiet {
        let names: Vec<&str> = chart_files.iter().map(|(name, _)| name.as_str()).collect();
        eprintln!(
            "\nWrote {}, backtest.csv, backtest.md, {}",
            dir.join("backtest.json").display(),
            names.join(", ")
        );
        if let Some(path) = &args.write_calibration {
            eprintln!("Wrote the margins to {}", path.display());
        }
    }
    Ok(())
}

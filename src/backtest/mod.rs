//! Forecasts checked against history: every case (a scenario or an actor
//! table with its recorded outcome) is run under each model, and the forecasts
//! are scored: absolute error of the median, and whether the recorded outcome
//! lies inside the central 10%, 20%, …, 90% and 95% intervals.
//!
//! **Intervals.** A run's own spread comes from the scenario's uncertain
//! inputs; point inputs (most data sets) give a point. The model's own error is
//! added by split conformal prediction, scaled by how far apart the actors
//! stand: the interval at level `a` is the run's central `a` interval widened
//! on both sides by `m_a × s`, where `s` is the power × salience weighted
//! standard deviation of the actors' ideal points on the issue (at least 1% of
//! its range) and `m_a` the ⌈(n + 1)·a⌉-th smallest of the development cases'
//! scores `distance(outcome, run interval) / s`. With a new case exchangeable
//! with the development cases, its outcome then lies in the interval with
//! probability at least `a`. Scaling by `s` keeps the margins from snapping to
//! the round numbers (0, 10, 20, 50) real outcomes and positions cluster on,
//! which would make a fixed width cover 54% where 50% was asked, and widens
//! the interval where the actors disagree. The margins ship in
//! `data/calibration.json`, computed by `zopa backtest data/deu-eu15 --truth
//! data/deu-eu15/truth.json --write-calibration data/calibration.json`; see
//! docs/backtest.md.
//!
//! Pure like [`crate::whatif`]: no files, threads or terminal here beyond the
//! caller's rayon pool; progress and Ctrl-C come in as hooks.

pub mod file;
mod places;
pub mod score;
pub mod truth;

use crate::model;
use crate::model::compromise::pull;
use crate::model_kind::ModelKind;
use crate::montecarlo::{self, Controls, RunError};
use crate::scenario::text::quoted;
use crate::scenario::{IssueKind, Scenario};
use crate::summary::IssueTally;
use crate::world::World;
use indexmap::IndexMap;
use rayon::prelude::*;
use score::{bootstrap_ci, cluster_of, conformal_quantile, mean, median};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The interval levels scored: central 10%, 20%, …, 90% and 95%.
pub const LEVELS: [f64; 10] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];

/// The model forecasts are made with unless told otherwise: the discrete
/// compromise, the best of zopa's models on the development set (docs/backtest.md).
pub const DEFAULT_MODEL: ModelKind = ModelKind::ALL[1];

/// The smallest spread `s` an interval is scaled by, as a share of the range:
/// actors who all stand at one point still leave some room for error.
pub const MIN_SPREAD: f64 = 0.01;

/// One recorded decision: the issue it is scored on and what really
/// happened, without its scenario.
///
/// A case keeps only what scoring needs; [`run`] asks the caller for each
/// case's scenario when the case runs and drops it when the case is done, so
/// a backtest holds at most one scenario per worker thread. Holding every
/// case's scenario at once took about 33 MB per case of 20,000 actors (a
/// scenario file's 2 MB limit), so a folder of 100 such files passed 2 GB.
#[derive(Clone, Debug, PartialEq)]
pub struct Case {
    /// The file stem, e.g. `d00032i1`.
    pub id: String,
    /// Index of the scored issue (continuous).
    pub issue: usize,
    /// The scored issue's id, as `backtest.csv` names it.
    pub issue_id: String,
    /// The scored issue's `[min, max]`.
    range: (f64, f64),
    /// The recorded outcome, in the issue's units.
    pub outcome: f64,
    /// The scenario's own seed, for a backtest that names none.
    pub seed: u64,
}

impl Case {
    /// The case of `scenario` scored on its issue `issue` (see
    /// [`scored_issue`]) against the recorded `outcome`.
    pub fn new(id: String, scenario: &Scenario, issue: usize, outcome: f64) -> Case {
        let scored = &scenario.issues[issue];
        let range = match scored.kind {
            IssueKind::Continuous { min, max } => (min, max),
            IssueKind::Discrete { .. } => (0.0, 0.0),
        };
        Case {
            id,
            issue,
            issue_id: scored.id.clone(),
            range,
            outcome,
            seed: scenario.seed,
        }
    }

    /// The scored issue's `[min, max]`.
    pub fn range(&self) -> (f64, f64) {
        self.range
    }

    /// Whether `scenario` is this case's: the scored issue is where the
    /// case found it, with the same id and range, and the seed is the same.
    fn matches(&self, scenario: &Scenario) -> bool {
        scenario.seed == self.seed
            && scenario.issues.get(self.issue).is_some_and(|issue| {
                issue.id == self.issue_id
                    && matches!(issue.kind, IssueKind::Continuous { min, max }
                        if (min, max) == self.range)
            })
    }
}

/// Which issue of `scenario` (read from `file`) the outcome recorded for
/// `case` is about: the one `named`, or the only continuous one. Errors are
/// (what is wrong, how to fix it in the truth file).
pub fn scored_issue(
    scenario: &Scenario,
    case: &str,
    named: Option<&str>,
    file: &str,
) -> Result<usize, (String, String)> {
    let continuous: Vec<usize> = (0..scenario.issues.len())
        .filter(|&d| matches!(scenario.issues[d].kind, IssueKind::Continuous { .. }))
        .collect();
    let choices = || issue_choices(scenario, &continuous);
    match named {
        Some(id) => {
            let Some(d) = scenario.issues.iter().position(|issue| issue.id == id) else {
                return Err((
                    format!(
                        "the outcome of {} is recorded on issue {}, which {file} does not have",
                        quoted(case),
                        quoted(id)
                    ),
                    choices(),
                ));
            };
            if !continuous.contains(&d) {
                return Err((
                    format!(
                        "the outcome of {} is recorded on issue {}, which is discrete in {file}; backtests score continuous issues",
                        quoted(case),
                        quoted(id)
                    ),
                    choices(),
                ));
            }
            Ok(d)
        }
        None if continuous.len() == 1 => Ok(continuous[0]),
        None if continuous.is_empty() => Err((
            format!(
                "{file} has no continuous issue to score the outcome of {} on",
                quoted(case)
            ),
            "remove the entry: backtests score continuous issues".into(),
        )),
        None => Err((
            format!(
                "{file} has {} continuous issues, and the entry for {} names none",
                continuous.len(),
                quoted(case)
            ),
            format!(
                "name the one recorded with \"issue\": \"<id>\" (in CSV, a column `issue`): {}",
                issue_list(scenario, &continuous)
            ),
        )),
    }
}

/// How to name a scored issue of `scenario`, whose continuous issues are
/// `continuous`.
fn issue_choices(scenario: &Scenario, continuous: &[usize]) -> String {
    if continuous.is_empty() {
        "the scenario has no continuous issue to score: remove the entry".into()
    } else {
        format!(
            "name one of the scenario's continuous issues: {}",
            issue_list(scenario, continuous)
        )
    }
}

/// The ids of the issues `indices`, quoted, the first few of a long list.
fn issue_list(scenario: &Scenario, indices: &[usize]) -> String {
    const SHOWN: usize = 5;
    let mut list: Vec<String> = indices
        .iter()
        .take(SHOWN)
        .map(|&d| quoted(&scenario.issues[d].id))
        .collect();
    if indices.len() > SHOWN {
        list.push(format!("and {} more", indices.len() - SHOWN));
    }
    list.join(", ")
}

/// What a model forecasts for one case.
#[derive(Clone, Debug, PartialEq)]
pub struct Forecast {
    /// The median agreed outcome over the trials.
    pub median: f64,
    /// The run's central interval at each of [`LEVELS`] (a point for point inputs).
    pub bands: Vec<(f64, f64)>,
    /// `s`: the actors' weighted spread on the issue, in its units.
    pub spread: f64,
    /// Trials run and trials that reached agreement.
    pub trials: u64,
    pub agreements: u64,
}

impl Forecast {
    /// The interval at `LEVELS[level]` widened by `margin × spread`, inside `range`.
    pub fn interval(&self, level: usize, margin: f64, range: (f64, f64)) -> (f64, f64) {
        let (lo, hi) = self.bands[level];
        let widen = margin * self.spread;
        ((lo - widen).max(range.0), (hi + widen).min(range.1))
    }

    /// The conformal score of `outcome`: its distance from the run's interval
    /// at `LEVELS[level]`, in spreads.
    pub fn score(&self, level: usize, outcome: f64) -> f64 {
        let (lo, hi) = self.bands[level];
        (lo - outcome).max(outcome - hi).max(0.0) / self.spread
    }
}

/// The power × salience weighted standard deviation of the actors' nominal
/// ideal points on issue `d`, in the issue's units, at least [`MIN_SPREAD`] of
/// its range.
pub fn spread(scenario: &Scenario, d: usize) -> f64 {
    let world = World::nominal(scenario);
    let points: Vec<(f64, f64)> = world
        .actors
        .iter()
        .filter_map(|actor| Some((actor.values[d].ideal()?, pull(actor, d))))
        .collect();
    let total: f64 = points.iter().map(|(_, w)| w).sum();
    let sd = if total > 0.0 {
        let centre = points.iter().map(|(p, w)| p * w).sum::<f64>() / total;
        (points
            .iter()
            .map(|(p, w)| w * (p - centre).powi(2))
            .sum::<f64>()
            / total)
            .sqrt()
    } else {
        0.0
    };
    let issue = &scenario.issues[d];
    issue.denormalise(sd.max(MIN_SPREAD)) - issue.denormalise(0.0)
}

/// Whether any number in the scenario is uncertain.
pub fn has_uncertain_inputs(scenario: &Scenario) -> bool {
    !crate::whatif::path::uncertain_inputs(scenario).is_empty()
}

/// Runs `kind` on `case`, whose scenario is `scenario`: `None` when no trial
/// reaches agreement. A deterministic model ([`ModelKind::is_deterministic`])
/// on a scenario without uncertain inputs gives the same outcome in every
/// trial, so it runs one.
pub fn forecast(
    scenario: &Scenario,
    case: &Case,
    kind: ModelKind,
    trials: u64,
    seed: u64,
    cancel: Option<&AtomicBool>,
) -> Result<Option<Forecast>, RunError> {
    let trials = if kind.is_deterministic() && !has_uncertain_inputs(scenario) {
        1
    } else {
        trials
    };
    let model = model::build(kind);
    // Cases run in parallel (see [`run`]): each on its own thread.
    let controls = Controls {
        cancel,
        on_this_thread: true,
        ..Controls::default()
    };
    let tally = montecarlo::run(scenario, model.as_ref(), trials, seed, controls)?;
    let IssueTally::Continuous(histogram) = &tally.issues[case.issue] else {
        unreachable!("scored issues are continuous (scored_issue)");
    };
    let issue = &scenario.issues[case.issue];
    let Some(median) = histogram.quantile(0.5) else {
        return Ok(None);
    };
    let at = |q: f64| issue.denormalise(histogram.quantile(q).unwrap_or(median));
    Ok(Some(Forecast {
        median: issue.denormalise(median),
        bands: LEVELS
            .iter()
            .map(|level| (at((1.0 - level) / 2.0), at((1.0 + level) / 2.0)))
            .collect(),
        spread: spread(scenario, case.issue),
        trials,
        agreements: tally.agreements,
    }))
}

/// Every model's forecast of one case, in the order of the models.
#[derive(Clone, Debug)]
pub struct CaseResult {
    pub forecasts: Vec<Option<Forecast>>,
}

/// Trials and seed of a backtest; `seed` `None` runs each case with its own
/// scenario's seed.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    pub trials: u64,
    pub seed: Option<u64>,
}

/// Why a backtest stopped short.
#[derive(Debug, thiserror::Error)]
pub enum BacktestError {
    /// A run stopped (`cancel` was set).
    #[error(transparent)]
    Run(#[from] RunError),
    /// A case's scenario could not be had again, in the caller's words.
    #[error("{0}")]
    Scenario(String),
}

/// Runs every model on every case, cases in parallel on the caller's rayon
/// pool. `scenario_of(k)` gives the scenario of `cases[k]` (the one the case
/// was made from), which is kept only while the case runs. `progress` is
/// called with the number of cases done.
pub fn run(
    cases: &[Case],
    scenario_of: &(dyn Fn(usize) -> Result<Scenario, String> + Sync),
    models: &[ModelKind],
    settings: Settings,
    cancel: Option<&AtomicBool>,
    progress: Option<&(dyn Fn(usize) + Sync)>,
) -> Result<Vec<CaseResult>, BacktestError> {
    let done = AtomicUsize::new(0);
    cases
        .par_iter()
        .enumerate()
        .map(|(k, case)| {
            let scenario = scenario_of(k).map_err(BacktestError::Scenario)?;
            if !case.matches(&scenario) {
                return Err(BacktestError::Scenario(format!(
                    "case {}: the scenario given is not the one the case was made from",
                    case.id
                )));
            }
            let seed = settings.seed.unwrap_or(case.seed);
            let forecasts = models
                .iter()
                .map(|&kind| forecast(&scenario, case, kind, settings.trials, seed, cancel))
                .collect::<Result<Vec<_>, _>>()?;
            let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
            if let Some(progress) = progress {
                progress(finished);
            }
            Ok(CaseResult { forecasts })
        })
        .collect()
}

/// The conformal margins, per model (by command-line name) and level.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Calibration {
    /// Where the margins come from, in words.
    pub source: String,
    /// Cases each model's margins were computed from.
    pub cases: IndexMap<String, usize>,
    /// The levels, as [`LEVELS`].
    pub levels: Vec<f64>,
    /// Per model, the margin `m_a` at each level (in spreads); `null` where
    /// the development set is too small to give one.
    pub margins: IndexMap<String, Vec<Option<f64>>>,
}

/// The margins shipped with zopa (`data/calibration.json`).
pub fn shipped_calibration() -> Calibration {
    serde_json::from_str(include_str!("../../data/calibration.json"))
        .expect("data/calibration.json is checked by a test")
}

impl Calibration {
    /// Margins from `results`: per model, the conformal quantile of the cases'
    /// scores at each level. Cases without agreement are left out.
    pub fn compute(
        source: &str,
        cases: &[Case],
        models: &[ModelKind],
        results: &[CaseResult],
    ) -> Calibration {
        let mut calibration = Calibration {
            source: source.to_string(),
            cases: IndexMap::new(),
            levels: LEVELS.to_vec(),
            margins: IndexMap::new(),
        };
        for (m, kind) in models.iter().enumerate() {
            let scored: Vec<(&Case, &Forecast)> = cases
                .iter()
                .zip(results)
                .filter_map(|(case, result)| Some((case, result.forecasts[m].as_ref()?)))
                .collect();
            let margins = (0..LEVELS.len())
                .map(|level| {
                    let scores: Vec<f64> = scored
                        .iter()
                        .map(|(case, f)| f.score(level, case.outcome))
                        .collect();
                    conformal_quantile(&scores, LEVELS[level]).filter(|m| m.is_finite())
                })
                .collect();
            calibration
                .cases
                .insert(kind.cli_name().to_string(), scored.len());
            calibration
                .margins
                .insert(kind.cli_name().to_string(), margins);
        }
        calibration
    }

    /// The margins for `kind`, if calibrated.
    pub fn margins(&self, kind: ModelKind) -> Option<&[Option<f64>]> {
        self.margins.get(kind.cli_name()).map(Vec::as_slice)
    }
}

/// How one model did over the cases.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelScore {
    pub model: ModelKind,
    /// Cases with a forecast (the model reached agreement in some trial).
    pub n: usize,
    /// Cases without one.
    pub no_agreement: usize,
    pub mae: f64,
    pub median_ae: f64,
    pub mae_ci95: [f64; 2],
    /// Share of cases whose outcome lies inside the calibrated interval at
    /// each level (`None` for a model without margins).
    pub coverage: Option<Vec<f64>>,
    /// The same for the run's own interval, without the model-error margin.
    pub coverage_inputs_only: Vec<f64>,
    /// MAE minus the compromise model's on the cases both forecast, and its
    /// 95% interval (clustered bootstrap, paired); `None` for the compromise
    /// itself or when it was not run.
    pub vs_compromise: Option<(f64, [f64; 2])>,
}

/// Scores every model: errors, coverage, bootstrap intervals (clustered by
/// proposal, seeded by `seed`).
pub fn score(
    cases: &[Case],
    models: &[ModelKind],
    results: &[CaseResult],
    calibration: Option<&Calibration>,
    seed: u64,
) -> Vec<ModelScore> {
    let clusters: Vec<&str> = cases.iter().map(|case| cluster_of(&case.id)).collect();
    let errors = |m: usize| -> Vec<Option<f64>> {
        cases
            .iter()
            .zip(results)
            .map(|(case, result)| {
                result.forecasts[m]
                    .as_ref()
                    .map(|f| (f.median - case.outcome).abs())
            })
            .collect()
    };
    let baseline = models
        .iter()
        .position(|&kind| kind == ModelKind::Compromise)
        .map(errors);
    models
        .iter()
        .enumerate()
        .map(|(m, &kind)| {
            let own = errors(m);
            let kept: Vec<usize> = (0..cases.len()).filter(|&k| own[k].is_some()).collect();
            let values: Vec<f64> = kept.iter().map(|&k| own[k].unwrap_or(0.0)).collect();
            let kept_clusters: Vec<&str> = kept.iter().map(|&k| clusters[k]).collect();
            let mae_ci95 = bootstrap_ci(&kept_clusters, seed, |drawn| {
                mean(&drawn.iter().map(|&k| values[k]).collect::<Vec<_>>())
            });
            let covered = |margins: &dyn Fn(usize) -> f64| -> Vec<f64> {
                (0..LEVELS.len())
                    .map(|level| {
                        let inside = kept
                            .iter()
                            .filter(|&&k| {
                                let forecast = results[k].forecasts[m].as_ref().expect("kept");
                                let (lo, hi) =
                                    forecast.interval(level, margins(level), cases[k].range());
                                lo - 1e-9 <= cases[k].outcome && cases[k].outcome <= hi + 1e-9
                            })
                            .count();
                        if kept.is_empty() {
                            0.0
                        } else {
                            inside as f64 / kept.len() as f64
                        }
                    })
                    .collect()
            };
            let coverage = calibration.and_then(|c| c.margins(kind)).map(|margins| {
                covered(&|level| {
                    margins
                        .get(level)
                        .copied()
                        .flatten()
                        .unwrap_or(f64::INFINITY)
                })
            });
            let vs_compromise = baseline
                .as_ref()
                .filter(|_| kind != ModelKind::Compromise)
                .map(|base| {
                    let both: Vec<usize> = (0..cases.len())
                        .filter(|&k| own[k].is_some() && base[k].is_some())
                        .collect();
                    let diffs: Vec<f64> = both
                        .iter()
                        .map(|&k| own[k].unwrap_or(0.0) - base[k].unwrap_or(0.0))
                        .collect();
                    let both_clusters: Vec<&str> = both.iter().map(|&k| clusters[k]).collect();
                    let ci = bootstrap_ci(&both_clusters, seed, |drawn| {
                        mean(&drawn.iter().map(|&k| diffs[k]).collect::<Vec<_>>())
                    });
                    (mean(&diffs), ci)
                });
            ModelScore {
                model: kind,
                n: kept.len(),
                no_agreement: cases.len() - kept.len(),
                mae: mean(&values),
                median_ae: median(&values),
                mae_ci95,
                coverage,
                coverage_inputs_only: covered(&|_| 0.0),
                vs_compromise,
            }
        })
        .collect()
}

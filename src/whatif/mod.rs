//! What-if analysis: how the Monte Carlo results move when one input changes.
//!
//! - [`sweep`] sets one parameter to each of several values and reruns the Monte
//!   Carlo at each: how each issue's median and 50% band, the agreement rate and
//!   the ZOPA rate follow the parameter.
//! - [`sensitivity`] fixes each uncertain input in turn at its 10th and then its
//!   90th percentile, everything else still uncertain, and ranks the inputs by
//!   how far that moves each issue's median (a tornado table).
//! - [`compare`] runs the scenario under several models on the same trials.
//!
//! Decisions, in one place:
//!
//! - **Setting a parameter makes it certain.** A swept value replaces the number
//!   as written: an uncertain input becomes a plain number at that value in every
//!   trial. A swept value is checked by the scenario's own rules (see [`path`]).
//! - **Common random numbers.** Every run uses the same seed, so trial `k` draws
//!   from the same random stream in every run. The input being set is a plain
//!   number in every run of a sweep and at both ends of a sensitivity pair, so it
//!   draws nothing there and every other input sees exactly the same draws:
//!   differences between those runs come from the input, not from sampling noise.
//!   (The sensitivity baseline, where the input is still uncertain, consumes its
//!   draws and so is aligned with the pairs only in distribution.)
//! - **Pure.** Nothing here touches files, threads or the terminal. Runs go one
//!   after another on the caller's rayon pool; Monte Carlo tallies are exact
//!   integers, so results are identical at any thread count. Progress and
//!   cancellation come in through [`Hooks`].
//!
//! Results are in each issue's own units (discrete issues: option shares).

pub mod compare;
pub mod path;
mod rebuild;
pub mod sensitivity;
pub mod sweep;

use crate::model;
use crate::model_kind::ModelKind;
use crate::montecarlo::{self, Controls, RunError};
use crate::scenario::{IssueKind, Scenario};
use crate::summary::{IssueTally, Tally};
use std::sync::atomic::{AtomicBool, Ordering};

pub use path::ParamPath;

/// Trials per run unless told otherwise (or the scenario's own `trials`, if
/// fewer): a what-if analysis makes many runs, and with common random numbers
/// the differences between runs settle long before the levels do.
pub const DEFAULT_TRIALS: u64 = 10_000;

/// The model, trials per run and seed shared by every run of an analysis.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    pub model: ModelKind,
    pub trials: u64,
    pub seed: u64,
}

impl Settings {
    /// The scenario's defaults where nothing is given; trials default to
    /// [`DEFAULT_TRIALS`] or the scenario's `trials`, whichever is smaller.
    pub fn resolve(
        scenario: &Scenario,
        model: Option<ModelKind>,
        trials: Option<u64>,
        seed: Option<u64>,
    ) -> Settings {
        Settings {
            model: model.unwrap_or(scenario.model),
            trials: trials.unwrap_or(scenario.trials.min(DEFAULT_TRIALS)),
            seed: seed.unwrap_or(scenario.seed),
        }
    }
}

/// Hooks for the caller: all optional.
#[derive(Clone, Copy, Default)]
pub struct Hooks<'a> {
    /// Set to stop at the next chunk of trials (e.g. on Ctrl-C).
    pub cancel: Option<&'a AtomicBool>,
    /// Called after each run with (runs done, runs in all).
    pub progress: Option<&'a (dyn Fn(usize, usize) + Sync)>,
    /// Called during each run with the trials it has done so far.
    pub trials: Option<&'a (dyn Fn(u64) + Sync)>,
}

impl Hooks<'_> {
    fn report(&self, done: usize, total: usize) {
        if let Some(progress) = self.progress {
            progress(done, total);
        }
    }

    fn cancelled(&self) -> bool {
        self.cancel.is_some_and(|flag| flag.load(Ordering::Relaxed))
    }
}

/// Why an analysis could not run.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WhatIfError {
    /// The request names something that does not exist or a value the scenario
    /// rules out: what is wrong and how to fix it.
    #[error("error: {message}{}", help_line(help))]
    Invalid { message: String, help: String },
    /// [`Hooks::cancel`] was set.
    #[error("interrupted")]
    Interrupted,
}

/// The `help:` line of a message, if there is help to give.
fn help_line(help: &str) -> String {
    if help.is_empty() {
        String::new()
    } else {
        format!("\n  help: {help}")
    }
}

impl WhatIfError {
    fn invalid(message: impl Into<String>, help: impl Into<String>) -> WhatIfError {
        WhatIfError::Invalid {
            message: message.into(),
            help: help.into(),
        }
    }
}

/// An issue's 25th, 50th and 75th percentiles, in the issue's units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Band {
    pub p25: f64,
    pub median: f64,
    pub p75: f64,
}

/// Where agreements landed on one issue.
#[derive(Clone, Debug, PartialEq)]
pub enum IssueStats {
    /// The median and 50% band; `None` when no trial agreed.
    Continuous(Option<Band>),
    /// Each option's share of the agreements (all zero when no trial agreed).
    Discrete { shares: Vec<f64> },
}

impl IssueStats {
    /// The most frequent option of a discrete issue (the first, on ties).
    pub fn modal_option(&self) -> Option<usize> {
        match self {
            IssueStats::Discrete { shares } if shares.iter().any(|&share| share > 0.0) => {
                Some(crate::scenario::best_option(shares))
            }
            _ => None,
        }
    }
}

/// What one run of the Monte Carlo says, in the scenario's own terms.
#[derive(Clone, Debug, PartialEq)]
pub struct RunStats {
    pub trials: u64,
    /// Trials with a deal: how many agreements the issue statistics rest on.
    pub agreements: u64,
    /// Share of trials with a deal.
    pub agreement_rate: f64,
    /// Share of trials in which some outcome suits every veto actor.
    pub zopa_rate: f64,
    /// Per issue, in scenario order.
    pub issues: Vec<IssueStats>,
    /// Per proposal: the share of trials in which every veto actor would accept it.
    pub proposals: Vec<f64>,
    /// Per actor: mean utility (its reservation in trials without a deal).
    pub mean_utility: Vec<f64>,
}

fn share(count: u64, total: u64) -> f64 {
    if total == 0 {
        0.0
    } else {
        count as f64 / total as f64
    }
}

impl RunStats {
    /// Reads a tally in the scenario's units.
    pub fn from_tally(scenario: &Scenario, tally: &Tally) -> RunStats {
        let issues = scenario
            .issues
            .iter()
            .zip(&tally.issues)
            .map(|(issue, issue_tally)| match (issue_tally, &issue.kind) {
                (IssueTally::Continuous(histogram), IssueKind::Continuous { .. }) => {
                    let at = |q: f64| histogram.quantile(q).map(|v| issue.denormalise(v));
                    IssueStats::Continuous(match (at(0.25), at(0.5), at(0.75)) {
                        (Some(p25), Some(median), Some(p75)) => Some(Band { p25, median, p75 }),
                        _ => None,
                    })
                }
                (IssueTally::Discrete(counts), _) => {
                    let total = counts.iter().sum();
                    IssueStats::Discrete {
                        shares: counts.iter().map(|&count| share(count, total)).collect(),
                    }
                }
                _ => IssueStats::Continuous(None),
            })
            .collect();
        RunStats {
            trials: tally.trials,
            agreements: tally.agreements,
            agreement_rate: share(tally.agreements, tally.trials),
            zopa_rate: share(tally.zopa, tally.trials),
            issues,
            proposals: tally
                .proposals
                .iter()
                .map(|proposal| share(proposal.all_veto, tally.trials))
                .collect(),
            mean_utility: tally
                .actors
                .iter()
                .map(|actor| actor.utility.mean().unwrap_or(0.0))
                .collect(),
        }
    }
}

/// One Monte Carlo run of `scenario` under `settings`, on the current rayon
/// pool (a sensitivity analysis's baseline, for instance).
pub fn simulate(
    scenario: &Scenario,
    settings: &Settings,
    hooks: &Hooks,
) -> Result<RunStats, WhatIfError> {
    let tally = simulate_tally(scenario, settings, hooks)?;
    Ok(RunStats::from_tally(scenario, &tally))
}

/// [`simulate`], keeping the whole tally.
fn simulate_tally(
    scenario: &Scenario,
    settings: &Settings,
    hooks: &Hooks,
) -> Result<Tally, WhatIfError> {
    if hooks.cancelled() {
        return Err(WhatIfError::Interrupted);
    }
    let model = model::build(settings.model);
    let controls = Controls {
        cancel: hooks.cancel,
        progress: hooks.trials,
        ..Controls::default()
    };
    montecarlo::run(
        scenario,
        model.as_ref(),
        settings.trials,
        settings.seed,
        controls,
    )
    .map_err(|err| match err {
        RunError::Interrupted => WhatIfError::Interrupted,
        RunError::Records(message) => WhatIfError::invalid(message, ""),
    })
}

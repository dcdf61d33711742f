//! Sensitivity: which uncertain inputs move the outcome most (a tornado analysis).
//!
//! Each uncertain input (every scenario number written as a distribution) is
//! fixed at its 10th and then its 90th percentile while every other input stays
//! uncertain, and the Monte Carlo runs at each end with the same seed. The
//! percentiles are those of the clamped draws, computed without sampling
//! ([`crate::uncertain::Param::quantile`]), so the fixed values are ones the
//! Monte Carlo draws anyway and need no further check.
//!
//! An input's effect on an issue is its *swing*: how far the median moves
//! between the two ends, in the issue's units; as a share of the issue's range
//! it is comparable across issues. A discrete issue has no median: its swing is
//! the share of agreements that change option between the two ends (half the sum
//! of the absolute changes in option shares), already on a 0–1 scale. Inputs are
//! ranked overall by their *score*: the largest normalised swing over all issues
//! and the swing of the agreement rate (also a 0–1 quantity), so an input that
//! decides whether there is a deal at all ranks high even if it barely moves
//! where the deal lands.

use super::path::{ParamPath, uncertain_inputs};
use super::{Hooks, IssueStats, RunStats, Settings, WhatIfError, simulate};
use crate::scenario::{IssueKind, Scenario};

/// The most uncertain inputs one analysis takes, counted before any run:
/// each costs two runs and keeps their statistics until the ranking is
/// written (5,000 inputs on 100 issues: 10,001 runs, 660 MB and a 195 MB
/// `sensitivity.json`; a 2 MiB scenario can hold over 30,000).
pub const MAX_INPUTS: usize = 1_000;

/// The uncertain inputs of `scenario` ([`uncertain_inputs`]), or why an
/// analysis of them is refused: more than [`MAX_INPUTS`].
pub fn inputs(scenario: &Scenario) -> Result<Vec<ParamPath>, WhatIfError> {
    let inputs = uncertain_inputs(scenario);
    if inputs.len() > MAX_INPUTS {
        return Err(WhatIfError::invalid(
            format!(
                "{} uncertain inputs is too many for one sensitivity analysis",
                inputs.len()
            ),
            format!(
                "each input takes two runs: write at most {MAX_INPUTS} of the scenario's numbers \
                 as distributions (the others as plain numbers), or use `zopa sweep` on the \
                 inputs you doubt most"
            ),
        ));
    }
    Ok(inputs)
}

/// The percentile the "low" run fixes an input at.
pub const LOW: f64 = 0.1;
/// The percentile the "high" run fixes an input at.
pub const HIGH: f64 = 0.9;

/// One uncertain input and what fixing it at either end does.
#[derive(Clone, Debug, PartialEq)]
pub struct InputEffect {
    /// E.g. `actors.ukraine.reservation`.
    pub path: String,
    /// E.g. `Ukraine · reservation` ([`ParamPath::label`]).
    pub label: String,
    /// The distribution as the scenario writes it.
    pub written: String,
    /// The input's value in the low run (its 10th percentile) and the high run (90th).
    pub low: f64,
    pub high: f64,
    pub at_low: RunStats,
    pub at_high: RunStats,
    /// Per issue: the swing in the issue's units (discrete: the share of
    /// agreements changing option); `None` when either run had no agreement.
    pub swings: Vec<Option<f64>>,
    /// Per issue: the swing as a share of the issue's range (discrete: as above).
    pub normalised: Vec<Option<f64>>,
    /// |agreement rate at high − at low|.
    pub agreement_swing: f64,
    /// The largest of the normalised swings and the agreement swing.
    pub score: f64,
}

/// The whole analysis.
#[derive(Clone, Debug, PartialEq)]
pub struct SensitivityResult {
    pub settings: Settings,
    /// Nothing fixed: the scenario as written.
    pub baseline: RunStats,
    /// Every uncertain input, highest score first (scenario order on ties).
    pub inputs: Vec<InputEffect>,
}

impl SensitivityResult {
    /// The inputs ranked by their swing on issue `d`, largest first; inputs
    /// without a swing (no agreement at one end) come last.
    pub fn ranking_for(&self, d: usize) -> Vec<&InputEffect> {
        let mut ranked: Vec<&InputEffect> = self.inputs.iter().collect();
        let key = |input: &InputEffect| input.normalised.get(d).copied().flatten().unwrap_or(-1.0);
        ranked.sort_by(|a, b| key(b).total_cmp(&key(a)));
        ranked
    }
}

/// Runs the baseline and two runs per uncertain input (`2n + 1` runs in all).
pub fn sensitivity(
    scenario: &Scenario,
    settings: &Settings,
    hooks: &Hooks,
) -> Result<SensitivityResult, WhatIfError> {
    let inputs = inputs(scenario)?;
    let total = 2 * inputs.len() + 1;
    let baseline = simulate(scenario, settings, hooks)?;
    hooks.report(1, total);
    let mut effects = Vec::with_capacity(inputs.len());
    for (k, path) in inputs.iter().enumerate() {
        let (at_low, at_high) = input_runs(scenario, path, settings, hooks)?;
        effects.push(effect(scenario, path, at_low, at_high));
        hooks.report(2 * k + 3, total);
    }
    Ok(SensitivityResult::new(settings, baseline, effects))
}

impl SensitivityResult {
    /// The analysis from its baseline and its inputs' effects (in scenario
    /// order), which it ranks.
    pub fn new(
        settings: &Settings,
        baseline: RunStats,
        mut effects: Vec<InputEffect>,
    ) -> SensitivityResult {
        // A stable sort keeps scenario order among equal scores.
        effects.sort_by(|a, b| b.score.total_cmp(&a.score));
        SensitivityResult {
            settings: *settings,
            baseline,
            inputs: effects,
        }
    }
}

/// The input at `path` fixed at its 10th and at its 90th percentile
/// ([`LOW`], [`HIGH`]): the two runs, in that order.
pub fn input_runs(
    scenario: &Scenario,
    path: &ParamPath,
    settings: &Settings,
    hooks: &Hooks,
) -> Result<(RunStats, RunStats), WhatIfError> {
    let (low, high) = ends(scenario, path);
    let at_low = simulate(&path.fixed_at(scenario, low), settings, hooks)?;
    let at_high = simulate(&path.fixed_at(scenario, high), settings, hooks)?;
    Ok((at_low, at_high))
}

/// The values an input is fixed at in its low and high runs.
fn ends(scenario: &Scenario, path: &ParamPath) -> (f64, f64) {
    match path.param(scenario) {
        Some(param) => (param.quantile(LOW), param.quantile(HIGH)),
        None => (f64::NAN, f64::NAN),
    }
}

/// What fixing the input at `path` does, from its two runs
/// ([`input_runs`]); the runs must be of `scenario`'s issues.
pub fn effect(
    scenario: &Scenario,
    path: &ParamPath,
    at_low: RunStats,
    at_high: RunStats,
) -> InputEffect {
    let (low, high) = ends(scenario, path);
    let mut swings = Vec::with_capacity(scenario.issues.len());
    let mut normalised = Vec::with_capacity(scenario.issues.len());
    for (d, issue) in scenario.issues.iter().enumerate() {
        let (swing, share) = match (&at_low.issues[d], &at_high.issues[d], &issue.kind) {
            (
                IssueStats::Continuous(Some(lo)),
                IssueStats::Continuous(Some(hi)),
                IssueKind::Continuous { min, max },
            ) => {
                let swing = (hi.median - lo.median).abs();
                (Some(swing), Some(swing / (max - min)))
            }
            (IssueStats::Discrete { shares: lo }, IssueStats::Discrete { shares: hi }, _)
                if at_low.agreement_rate > 0.0 && at_high.agreement_rate > 0.0 =>
            {
                let moved = 0.5 * lo.iter().zip(hi).map(|(a, b)| (a - b).abs()).sum::<f64>();
                (Some(moved), Some(moved))
            }
            _ => (None, None),
        };
        swings.push(swing);
        normalised.push(share);
    }
    let agreement_swing = (at_high.agreement_rate - at_low.agreement_rate).abs();
    let score = normalised
        .iter()
        .flatten()
        .fold(agreement_swing, |best, &swing| best.max(swing));
    InputEffect {
        path: path.text.clone(),
        label: path.label(scenario),
        written: path.written(scenario),
        low,
        high,
        at_low,
        at_high,
        swings,
        normalised,
        agreement_swing,
        score,
    }
}

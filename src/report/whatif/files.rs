//! `sweep.json` and `sensitivity.json` as types: written and read by the same
//! derive, self-contained (issue names, units and ranges included), so their
//! charts are drawn from the file alone and `zopa plot` can redraw them.

use crate::format::json::round;
use crate::scenario::{IssueKind, Scenario};
use crate::summary::file::{read_json, write_json};
use crate::summary::{FORMAT_VERSION, SummaryError};
use crate::whatif::sensitivity::{HIGH, LOW, SensitivityResult};
use crate::whatif::sweep::SweepResult;
use crate::whatif::{IssueStats, RunStats, Settings};
use indexmap::IndexMap;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// How a sweep sets its parameter, as stated in `sweep.json`.
pub const SWEEP_METHOD: &str = "each value replaces the parameter by that plain number (an uncertain input becomes certain); every run uses the same seed, so trial k draws the same random numbers in every run (common random numbers) and differences between points come from the parameter, not from sampling noise";

/// How a sensitivity analysis fixes its inputs, as stated in `sensitivity.json`.
pub const SENSITIVITY_METHOD: &str = "each uncertain input is fixed at its 10th and then its 90th percentile (of its clamped distribution, computed exactly) while every other input stays uncertain; every run uses the same seed (common random numbers). swing: |median at p90 - median at p10| in the issue's units (discrete issues: the share of agreements that change option); score: the largest swing as a share of its issue's range, or the agreement-rate swing if larger";

/// An issue as the what-if files describe it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueInfo {
    pub name: String,
    pub unit: Option<String>,
    /// `[min, max]` of a continuous issue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<[f64; 2]>,
    /// Option names of a discrete issue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<String>>,
}

/// Where one run's agreements landed on one issue (`null` in the file for a
/// continuous issue without agreements).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum IssueResult {
    /// Continuous: the 50% band and median, in the issue's units.
    Band { p25: f64, p50: f64, p75: f64 },
    /// Discrete: the most frequent option (none without agreements) and each
    /// option's share of the agreements.
    Options {
        modal: Option<String>,
        shares: IndexMap<String, f64>,
    },
}

impl IssueResult {
    /// The median of a continuous issue.
    pub fn median(&self) -> Option<f64> {
        match self {
            IssueResult::Band { p50, .. } => Some(*p50),
            IssueResult::Options { .. } => None,
        }
    }

    /// The option shares of a discrete issue, in option order.
    pub fn shares(&self) -> Option<Vec<f64>> {
        match self {
            IssueResult::Options { shares, .. } => Some(shares.values().copied().collect()),
            IssueResult::Band { .. } => None,
        }
    }
}

/// One run's results in a sweep (at `value`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SweepPointFile {
    pub value: f64,
    /// Trials with a deal: how many agreements the issue results rest on
    /// (absent from files written before it was added; see
    /// [`SweepPointFile::agreement_count`]).
    #[serde(default)]
    pub agreements: Option<u64>,
    pub agreement_rate: f64,
    pub zopa_rate: f64,
    pub issues: IndexMap<String, Option<IssueResult>>,
    /// Per proposal: the share of trials in which every veto actor accepts it.
    pub p_all_veto_accept: IndexMap<String, f64>,
    /// Per actor id: mean utility over all trials.
    pub mean_utility: IndexMap<String, f64>,
}

impl SweepPointFile {
    /// The trials with a deal, out of `trials` (from the agreement rate when
    /// the file predates the `agreements` field).
    pub fn agreement_count(&self, trials: u64) -> u64 {
        self.agreements.unwrap_or_else(|| {
            let count = (self.agreement_rate * trials as f64).round();
            if count.is_finite() && count > 0.0 {
                count as u64
            } else {
                0
            }
        })
    }
}

/// `sweep.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SweepFile {
    pub zopa_version: String,
    #[serde(default = "crate::summary::file::first_format")]
    pub format_version: u32,
    pub scenario: String,
    pub model: String,
    pub trials_per_run: u64,
    pub seed: u64,
    /// The parameter's path, e.g. `actors.ukraine.reservation`.
    pub parameter: String,
    /// The parameter as a reader names it, e.g. `Ukraine · reservation`
    /// (empty in files written before it was added: charts then show the path).
    #[serde(default)]
    pub parameter_label: String,
    /// The parameter as the scenario writes it.
    pub as_written: String,
    pub unit: Option<String>,
    pub method: String,
    pub issues: IndexMap<String, IssueInfo>,
    pub points: Vec<SweepPointFile>,
}

/// The baseline run of a sensitivity analysis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunFile {
    pub agreement_rate: f64,
    pub zopa_rate: f64,
    pub issues: IndexMap<String, Option<IssueResult>>,
    pub p_all_veto_accept: IndexMap<String, f64>,
    pub mean_utility: IndexMap<String, f64>,
}

/// One input's effect on one issue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueEffect {
    pub low: Option<IssueResult>,
    pub high: Option<IssueResult>,
    /// |median at p90 − median at p10| in the issue's units (discrete: the
    /// share of agreements that change option).
    pub swing: Option<f64>,
    /// The swing as a share of the issue's range.
    pub normalised_swing: Option<f64>,
}

/// One uncertain input and what fixing it at either end does.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputFile {
    pub path: String,
    /// The input as a reader names it, e.g. `Ukraine · reservation` (empty in
    /// files written before it was added: charts then show the path).
    #[serde(default)]
    pub label: String,
    pub as_written: String,
    pub low: f64,
    pub high: f64,
    pub score: f64,
    /// At the low end and at the high end.
    pub agreement_rate: (f64, f64),
    pub zopa_rate: (f64, f64),
    pub issues: IndexMap<String, IssueEffect>,
}

impl InputFile {
    /// The label charts show: the reader's name, or the path in older files.
    pub fn display_name(&self) -> &str {
        if self.label.is_empty() {
            &self.path
        } else {
            &self.label
        }
    }

    /// |agreement rate at high − at low|.
    pub fn agreement_swing(&self) -> f64 {
        (self.agreement_rate.1 - self.agreement_rate.0).abs()
    }
}

/// `sensitivity.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SensitivityFile {
    pub zopa_version: String,
    #[serde(default = "crate::summary::file::first_format")]
    pub format_version: u32,
    pub scenario: String,
    pub model: String,
    pub trials_per_run: u64,
    pub seed: u64,
    pub percentiles: (f64, f64),
    pub method: String,
    pub issues: IndexMap<String, IssueInfo>,
    pub baseline: RunFile,
    /// Highest score first.
    pub inputs: Vec<InputFile>,
    /// Per issue id, the input paths ranked by their swing on it.
    pub by_issue: IndexMap<String, Vec<String>>,
}

fn issue_infos(scenario: &Scenario) -> IndexMap<String, IssueInfo> {
    scenario
        .issues
        .iter()
        .map(|issue| {
            let (range, options) = match &issue.kind {
                IssueKind::Continuous { min, max } => (Some([*min, *max]), None),
                IssueKind::Discrete { options } => (None, Some(options.clone())),
            };
            let info = IssueInfo {
                name: issue.name.clone(),
                unit: issue.unit.clone(),
                range,
                options,
            };
            (issue.id.clone(), info)
        })
        .collect()
}

fn issue_result(scenario: &Scenario, d: usize, stats: &IssueStats) -> Option<IssueResult> {
    match (stats, &scenario.issues[d].kind) {
        (IssueStats::Continuous(band), _) => band.map(|band| IssueResult::Band {
            p25: round(band.p25),
            p50: round(band.median),
            p75: round(band.p75),
        }),
        (IssueStats::Discrete { shares }, IssueKind::Discrete { options }) => {
            Some(IssueResult::Options {
                modal: stats.modal_option().map(|k| options[k].clone()),
                shares: options
                    .iter()
                    .zip(shares)
                    .map(|(option, share)| (option.clone(), round(*share)))
                    .collect(),
            })
        }
        (IssueStats::Discrete { .. }, IssueKind::Continuous { .. }) => None,
    }
}

fn run_file(scenario: &Scenario, stats: &RunStats) -> RunFile {
    RunFile {
        agreement_rate: round(stats.agreement_rate),
        zopa_rate: round(stats.zopa_rate),
        issues: (0..scenario.issues.len())
            .map(|d| {
                let result = issue_result(scenario, d, &stats.issues[d]);
                (scenario.issues[d].id.clone(), result)
            })
            .collect(),
        p_all_veto_accept: scenario
            .proposals
            .iter()
            .zip(&stats.proposals)
            .map(|(proposal, p)| (proposal.name.clone(), round(*p)))
            .collect(),
        mean_utility: scenario
            .actors
            .iter()
            .zip(&stats.mean_utility)
            .map(|(actor, u)| (actor.id.clone(), round(*u)))
            .collect(),
    }
}

/// The header every what-if file shares.
struct Header {
    zopa_version: String,
    scenario: String,
    model: String,
    trials_per_run: u64,
    seed: u64,
}

fn header(scenario: &Scenario, settings: &Settings) -> Header {
    Header {
        zopa_version: env!("CARGO_PKG_VERSION").to_string(),
        scenario: scenario.name.clone(),
        model: settings.model.cli_name().to_string(),
        trials_per_run: settings.trials,
        seed: settings.seed,
    }
}

impl SweepFile {
    /// The parameter's label charts show: the reader's name, or the path in
    /// older files.
    pub fn parameter_name(&self) -> &str {
        if self.parameter_label.is_empty() {
            &self.parameter
        } else {
            &self.parameter_label
        }
    }

    /// The file for a sweep of `scenario`.
    pub fn new(scenario: &Scenario, result: &SweepResult) -> SweepFile {
        let header = header(scenario, &result.settings);
        SweepFile {
            zopa_version: header.zopa_version,
            format_version: FORMAT_VERSION,
            scenario: header.scenario,
            model: header.model,
            trials_per_run: header.trials_per_run,
            seed: header.seed,
            parameter: result.path.clone(),
            parameter_label: result.label.clone(),
            as_written: result.written.clone(),
            unit: result.unit.clone(),
            method: SWEEP_METHOD.to_string(),
            issues: issue_infos(scenario),
            points: result
                .points
                .iter()
                .map(|point| {
                    let run = run_file(scenario, &point.stats);
                    SweepPointFile {
                        value: round(point.value),
                        agreements: Some(point.stats.agreements),
                        agreement_rate: run.agreement_rate,
                        zopa_rate: run.zopa_rate,
                        issues: run.issues,
                        p_all_veto_accept: run.p_all_veto_accept,
                        mean_utility: run.mean_utility,
                    }
                })
                .collect(),
        }
    }

    /// Reads a `sweep.json`, refusing numbers `zopa sweep` cannot have written.
    pub fn parse(text: &str) -> Result<SweepFile, SummaryError> {
        let file: SweepFile = parse(text)?;
        file.check_consistency()
            .map_err(|found| SummaryError::Inconsistent {
                found,
                command: "zopa sweep",
            })?;
        Ok(file)
    }
}

impl SensitivityFile {
    /// The file for a sensitivity analysis of `scenario`.
    pub fn new(scenario: &Scenario, result: &SensitivityResult) -> SensitivityFile {
        let header = header(scenario, &result.settings);
        let inputs = result
            .inputs
            .iter()
            .map(|input| InputFile {
                path: input.path.clone(),
                label: input.label.clone(),
                as_written: input.written.clone(),
                low: round(input.low),
                high: round(input.high),
                score: round(input.score),
                agreement_rate: (
                    round(input.at_low.agreement_rate),
                    round(input.at_high.agreement_rate),
                ),
                zopa_rate: (
                    round(input.at_low.zopa_rate),
                    round(input.at_high.zopa_rate),
                ),
                issues: (0..scenario.issues.len())
                    .map(|d| {
                        let effect = IssueEffect {
                            low: issue_result(scenario, d, &input.at_low.issues[d]),
                            high: issue_result(scenario, d, &input.at_high.issues[d]),
                            swing: input.swings[d].map(round),
                            normalised_swing: input.normalised[d].map(round),
                        };
                        (scenario.issues[d].id.clone(), effect)
                    })
                    .collect(),
            })
            .collect();
        SensitivityFile {
            zopa_version: header.zopa_version,
            format_version: FORMAT_VERSION,
            scenario: header.scenario,
            model: header.model,
            trials_per_run: header.trials_per_run,
            seed: header.seed,
            percentiles: (LOW, HIGH),
            method: SENSITIVITY_METHOD.to_string(),
            issues: issue_infos(scenario),
            baseline: run_file(scenario, &result.baseline),
            inputs,
            by_issue: (0..scenario.issues.len())
                .map(|d| {
                    let ranked = result
                        .ranking_for(d)
                        .iter()
                        .map(|input| input.path.clone())
                        .collect();
                    (scenario.issues[d].id.clone(), ranked)
                })
                .collect(),
        }
    }

    /// Reads a `sensitivity.json`, refusing numbers `zopa sensitivity`
    /// cannot have written.
    pub fn parse(text: &str) -> Result<SensitivityFile, SummaryError> {
        let file: SensitivityFile = parse(text)?;
        file.check_consistency()
            .map_err(|found| SummaryError::Inconsistent {
                found,
                command: "zopa sensitivity",
            })?;
        Ok(file)
    }
}

fn parse<T: DeserializeOwned>(text: &str) -> Result<T, SummaryError> {
    read_json(text)
}

/// Pretty JSON, arrays of numbers on one line, a final newline.
pub fn to_json<T: Serialize>(file: &T) -> String {
    write_json(file)
}

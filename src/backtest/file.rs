//! `backtest.json` and `backtest.csv`: the scores as one type written and read
//! by the same derive (the charts and the report draw from it, so `zopa plot
//! backtest.json` redraws them from the file alone), and the per-case rows.

use super::truth::json_message;
use super::{Calibration, Case, CaseResult, LEVELS, ModelScore};
use crate::format::{csv_line, csv_number};
use crate::model_kind::ModelKind;
use crate::summary::SummaryError;
use crate::summary::field::{Checked, Field};
use crate::summary::file::write_json;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// What a backtest found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BacktestFile {
    pub zopa_version: String,
    /// Cases scored.
    pub n: usize,
    /// The model zopa forecasts with by default (its intervals are the ones
    /// the docs quote).
    pub default: String,
    /// Trials per case and model (deterministic models on point inputs run one).
    pub trials: u64,
    /// The seed of every run, or `null` when each case ran with its own.
    pub seed: Option<u64>,
    /// Where the interval margins come from.
    pub calibration: String,
    pub method: String,
    pub models: IndexMap<String, ModelEntry>,
}

/// One model's scores.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelEntry {
    pub n: usize,
    pub no_agreement: usize,
    pub mae: f64,
    pub median_ae: f64,
    pub mae_ci95: [f64; 2],
    /// Level (percent) → share of outcomes inside the calibrated interval;
    /// absent for a model without margins.
    #[serde(default)]
    pub coverage: Option<IndexMap<String, f64>>,
    /// The same for the runs' own intervals (input uncertainty only).
    pub coverage_inputs_only: IndexMap<String, f64>,
    #[serde(default)]
    pub vs_compromise: Option<Difference>,
}

/// A model's MAE minus the compromise model's, with its 95% interval.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Difference {
    pub diff: f64,
    pub ci95: [f64; 2],
}

/// How the figures are made, as stated in the file.
pub const METHOD: &str = "forecast = median agreed outcome over the trials; error = |forecast - recorded outcome|; mae_ci95 and vs_compromise.ci95 = percentile bootstrap over cases (2000 resamples), every issue of one proposal (ids d<dossier>i<issue>) drawn together; coverage = share of recorded outcomes inside the central interval at each level: the runs' own interval widened on both sides by the conformal margin for that level times the actors' weighted spread on the issue";

/// Level keys: `"10"`, …, `"90"`, `"95"`.
pub fn level_key(level: f64) -> String {
    format!("{}", (level * 100.0).round() as u32)
}

fn by_level(values: &[f64]) -> IndexMap<String, f64> {
    LEVELS
        .iter()
        .zip(values)
        .map(|(&level, &value)| (level_key(level), value))
        .collect()
}

impl BacktestFile {
    pub fn new(
        scores: &[ModelScore],
        default: ModelKind,
        trials: u64,
        seed: Option<u64>,
        calibration: &str,
    ) -> BacktestFile {
        BacktestFile {
            zopa_version: env!("CARGO_PKG_VERSION").to_string(),
            n: scores
                .iter()
                .map(|s| s.n + s.no_agreement)
                .max()
                .unwrap_or(0),
            default: default.cli_name().to_string(),
            trials,
            seed,
            calibration: calibration.to_string(),
            method: METHOD.to_string(),
            models: scores
                .iter()
                .map(|score| {
                    let entry = ModelEntry {
                        n: score.n,
                        no_agreement: score.no_agreement,
                        mae: score.mae,
                        median_ae: score.median_ae,
                        mae_ci95: score.mae_ci95,
                        coverage: score.coverage.as_deref().map(by_level),
                        coverage_inputs_only: by_level(&score.coverage_inputs_only),
                        vs_compromise: score
                            .vs_compromise
                            .map(|(diff, ci95)| Difference { diff, ci95 }),
                    };
                    (score.model.cli_name().to_string(), entry)
                })
                .collect(),
        }
    }

    pub fn to_json(&self) -> String {
        write_json(self)
    }

    /// Reads a `backtest.json`, refusing figures `zopa backtest` cannot have
    /// written (see [`crate::summary::field`]).
    pub fn parse(text: &str) -> Result<BacktestFile, String> {
        let file: BacktestFile = serde_json::from_str(text).map_err(|err| {
            format!(
                "not a zopa backtest.json: {} at line {} column {}",
                json_message(&err),
                err.line(),
                err.column()
            )
        })?;
        file.check_consistency().map_err(|found| {
            SummaryError::Inconsistent {
                found,
                command: "zopa backtest",
            }
            .to_string()
        })?;
        Ok(file)
    }

    /// Case counts within the file's, errors that are not negative,
    /// intervals in order, coverages that are shares.
    fn check_consistency(&self) -> Checked {
        let root = Field::root();
        for (name, model) in &self.models {
            let field = root.key("models").key(name);
            let cases = model.n.checked_add(model.no_agreement);
            if cases.is_none_or(|cases| cases > self.n) {
                return Err(field.key("n").wrong(format!(
                    "is {}, with {} more cases without agreement, but the file scores {} cases",
                    model.n, model.no_agreement, self.n
                )));
            }
            field.key("mae").at_least(model.mae, 0.0)?;
            field.key("median_ae").at_least(model.median_ae, 0.0)?;
            field.key("mae_ci95").interval(model.mae_ci95, false)?;
            let coverages = model
                .coverage
                .iter()
                .map(|c| ("coverage", c))
                .chain([("coverage_inputs_only", &model.coverage_inputs_only)]);
            for (key, coverage) in coverages {
                for (level, &share) in coverage {
                    let at = field.key(key).key(level);
                    if !level
                        .parse::<u32>()
                        .is_ok_and(|level| (1..100).contains(&level))
                    {
                        return Err(at.wrong("is not a level: levels are percentages, 1 to 99"));
                    }
                    at.share(share)?;
                }
            }
            if let Some(difference) = &model.vs_compromise {
                let at = field.key("vs_compromise");
                at.key("diff").finite(difference.diff)?;
                at.key("ci95").interval(difference.ci95, false)?;
            }
        }
        Ok(())
    }
}

/// `backtest.csv`: one row per case and model, with the calibrated 50% and
/// 90% intervals (empty cells where a model has no forecast or no margins).
pub fn backtest_csv(
    cases: &[Case],
    models: &[ModelKind],
    results: &[CaseResult],
    calibration: Option<&Calibration>,
) -> String {
    let mut out = csv_line([
        "id", "issue", "model", "forecast", "lo50", "hi50", "lo90", "hi90", "outcome", "error",
    ]);
    let at = |level: f64| {
        LEVELS
            .iter()
            .position(|&l| l == level)
            .expect("a scored level")
    };
    for (case, result) in cases.iter().zip(results) {
        for (kind, forecast) in models.iter().zip(&result.forecasts) {
            let mut row = vec![
                case.id.clone(),
                case.issue_id.clone(),
                kind.cli_name().to_string(),
            ];
            let margins = calibration.and_then(|c| c.margins(*kind));
            match forecast {
                Some(forecast) => {
                    row.push(csv_number(forecast.median));
                    for level in [at(0.5), at(0.9)] {
                        match margins.and_then(|m| m.get(level).copied().flatten()) {
                            Some(margin) => {
                                let (lo, hi) = forecast.interval(level, margin, case.range());
                                row.extend([csv_number(lo), csv_number(hi)]);
                            }
                            None => row.extend([String::new(), String::new()]),
                        }
                    }
                    row.push(csv_number(case.outcome));
                    row.push(csv_number((forecast.median - case.outcome).abs()));
                }
                None => {
                    row.extend(std::iter::repeat_n(String::new(), 5));
                    row.push(csv_number(case.outcome));
                    row.push(String::new());
                }
            }
            out.push_str(&csv_line(row));
        }
    }
    out
}

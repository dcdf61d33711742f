//! What users read from a what-if analysis: `sweep.json`, `sweep.csv`,
//! `sensitivity.json` and the terminal tables, built from the result structs
//! alone. The files hold no timings, so the same scenario, settings and seed
//! give byte-identical files; the terminal text says how long the analysis took.
//! This file holds what both analyses report alike (one issue's result, one
//! run's statistics); each analysis has its own file.

mod compare;
mod sensitivity;
mod sweep;

pub use compare::{COMPARE_METHOD, compare_json};
pub use sensitivity::{sensitivity_json, sensitivity_text};
pub use sweep::{sweep_csv, sweep_json, sweep_text};

use super::{IssueStats, RunStats, Settings};
use crate::report::json::{round, to_pretty_compact_numbers};
use crate::report::run::percent;
use crate::scenario::{IssueKind, Scenario, format_number};
use serde_json::{Map, Value, json};

/// How a sweep sets its parameter, as stated in `sweep.json`.
pub const SWEEP_METHOD: &str = "each value replaces the parameter by that plain number (an uncertain input becomes certain); every run uses the same seed, so trial k draws the same random numbers in every run (common random numbers) and differences between points come from the parameter, not from sampling noise";

/// How a sensitivity analysis fixes its inputs, as stated in `sensitivity.json`.
pub const SENSITIVITY_METHOD: &str = "each uncertain input is fixed at its 10th and then its 90th percentile (of its clamped distribution, computed exactly) while every other input stays uncertain; every run uses the same seed (common random numbers). swing: |median at p90 - median at p10| in the issue's units (discrete issues: the share of agreements that change option); score: the largest swing as a share of its issue's range, or the agreement-rate swing if larger";

fn header(scenario: &Scenario, settings: &Settings) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("zopa_version".into(), json!(env!("CARGO_PKG_VERSION")));
    map.insert("scenario".into(), json!(scenario.name));
    map.insert("model".into(), json!(settings.model.cli_name()));
    map.insert("trials_per_run".into(), json!(settings.trials));
    map.insert("seed".into(), json!(settings.seed));
    map
}

/// One issue's results: `p25`/`p50`/`p75` in its units, or `modal` and `shares`.
fn issue_json(scenario: &Scenario, d: usize, stats: &IssueStats) -> Value {
    let issue = &scenario.issues[d];
    match (stats, &issue.kind) {
        (IssueStats::Continuous(Some(band)), _) => {
            json!({ "p25": round(band.p25), "p50": round(band.median), "p75": round(band.p75) })
        }
        (IssueStats::Discrete { shares }, IssueKind::Discrete { options }) => {
            let by_option: Map<String, Value> = options
                .iter()
                .zip(shares)
                .map(|(option, share)| (option.clone(), json!(round(*share))))
                .collect();
            let modal = stats.modal_option().map(|k| options[k].clone());
            json!({ "modal": modal, "shares": by_option })
        }
        _ => Value::Null,
    }
}

fn stats_json(scenario: &Scenario, stats: &RunStats) -> Value {
    let issues: Map<String, Value> = (0..scenario.issues.len())
        .map(|d| {
            let entry = issue_json(scenario, d, &stats.issues[d]);
            (scenario.issues[d].id.clone(), entry)
        })
        .collect();
    let proposals: Map<String, Value> = scenario
        .proposals
        .iter()
        .zip(&stats.proposals)
        .map(|(proposal, p)| (proposal.name.clone(), json!(round(*p))))
        .collect();
    let utility: Map<String, Value> = scenario
        .actors
        .iter()
        .zip(&stats.mean_utility)
        .map(|(actor, u)| (actor.id.clone(), json!(round(*u))))
        .collect();
    json!({
        "agreement_rate": round(stats.agreement_rate),
        "zopa_rate": round(stats.zopa_rate),
        "issues": issues,
        "p_all_veto_accept": proposals,
        "mean_utility": utility,
    })
}

fn finish(value: &Value) -> String {
    let mut text = to_pretty_compact_numbers(value);
    text.push('\n');
    text
}

/// Quotes a CSV field when it needs it.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// One issue's result in a table cell: `median (p25–p75)` or `option share%`.
fn issue_cell(scenario: &Scenario, d: usize, stats: &IssueStats) -> String {
    match stats {
        IssueStats::Continuous(Some(band)) => format!(
            "{} ({}–{})",
            format_number(band.median),
            format_number(band.p25),
            format_number(band.p75)
        ),
        IssueStats::Discrete { shares } => match stats.modal_option() {
            Some(k) => format!(
                "{} {}",
                scenario.issues[d].display_value(k as f64),
                percent(shares[k])
            ),
            None => "—".to_string(),
        },
        IssueStats::Continuous(None) => "—".to_string(),
    }
}

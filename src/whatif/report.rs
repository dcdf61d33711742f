//! What users read from a what-if analysis: `sweep.json`, `sweep.csv`,
//! `sensitivity.json` and the terminal tables, built from the result structs
//! alone. The files hold no timings, so the same scenario, settings and seed
//! give byte-identical files; the terminal text says how long the analysis took.

use super::sensitivity::{HIGH, LOW, SensitivityResult};
use super::sweep::SweepResult;
use super::{IssueStats, RunStats, Settings};
use crate::report::json::{round, to_pretty_compact_numbers};
use crate::report::table::{Align, Table};
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

/// `sweep.json`: the settings, the parameter, and the results at each value.
pub fn sweep_json(scenario: &Scenario, result: &SweepResult) -> String {
    let mut map = header(scenario, &result.settings);
    map.insert("parameter".into(), json!(result.path));
    map.insert("as_written".into(), json!(result.written));
    map.insert("unit".into(), json!(result.unit));
    map.insert("method".into(), json!(SWEEP_METHOD));
    let points: Vec<Value> = result
        .points
        .iter()
        .map(|point| {
            let mut entry = Map::new();
            entry.insert("value".into(), json!(round(point.value)));
            if let Value::Object(stats) = stats_json(scenario, &point.stats) {
                entry.extend(stats);
            }
            Value::Object(entry)
        })
        .collect();
    map.insert("points".into(), Value::Array(points));
    finish(&Value::Object(map))
}

/// Quotes a CSV field when it needs it.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// `sweep.csv`: one row per value; per continuous issue its p25/p50/p75, per
/// discrete issue its modal option and each option's share, then each
/// proposal's chance that every veto actor accepts and each actor's mean utility.
pub fn sweep_csv(scenario: &Scenario, result: &SweepResult) -> String {
    let mut header = vec![
        "value".to_string(),
        "agreement_rate".into(),
        "zopa_rate".into(),
    ];
    for issue in &scenario.issues {
        match &issue.kind {
            IssueKind::Continuous { .. } => {
                for q in ["p25", "p50", "p75"] {
                    header.push(format!("{}_{q}", issue.id));
                }
            }
            IssueKind::Discrete { options } => {
                header.push(format!("{}_modal", issue.id));
                header.extend(
                    options
                        .iter()
                        .map(|option| format!("{}={option}", issue.id)),
                );
            }
        }
    }
    header.extend(
        scenario
            .proposals
            .iter()
            .map(|p| format!("all_veto_accept:{}", p.name)),
    );
    header.extend(
        scenario
            .actors
            .iter()
            .map(|a| format!("mean_utility:{}", a.id)),
    );
    let mut out: String = header
        .iter()
        .map(|h| csv_field(h))
        .collect::<Vec<_>>()
        .join(",");
    out.push('\n');
    let number = |value: f64| round(value).to_string();
    for point in &result.points {
        let stats = &point.stats;
        let mut row = vec![
            number(point.value),
            number(stats.agreement_rate),
            number(stats.zopa_rate),
        ];
        for (issue, issue_stats) in scenario.issues.iter().zip(&stats.issues) {
            match (issue_stats, &issue.kind) {
                (IssueStats::Continuous(band), _) => match band {
                    Some(band) => row.extend([band.p25, band.median, band.p75].map(number)),
                    None => row.extend([String::new(), String::new(), String::new()]),
                },
                (IssueStats::Discrete { shares }, IssueKind::Discrete { options }) => {
                    let modal = issue_stats.modal_option().map(|k| options[k].as_str());
                    row.push(csv_field(modal.unwrap_or("")));
                    row.extend(shares.iter().map(|&share| number(share)));
                }
                _ => {}
            }
        }
        row.extend(stats.proposals.iter().map(|&p| number(p)));
        row.extend(stats.mean_utility.iter().map(|&u| number(u)));
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

/// `sensitivity.json`: the baseline, every input (highest score first) with its
/// results at both ends and its swings, and the ranking per issue.
pub fn sensitivity_json(scenario: &Scenario, result: &SensitivityResult) -> String {
    let mut map = header(scenario, &result.settings);
    map.insert("percentiles".into(), json!([LOW, HIGH]));
    map.insert("method".into(), json!(SENSITIVITY_METHOD));
    map.insert("baseline".into(), stats_json(scenario, &result.baseline));
    let inputs: Vec<Value> = result
        .inputs
        .iter()
        .map(|input| {
            let issues: Map<String, Value> = scenario
                .issues
                .iter()
                .enumerate()
                .map(|(d, issue)| {
                    let entry = json!({
                        "low": issue_json(scenario, d, &input.at_low.issues[d]),
                        "high": issue_json(scenario, d, &input.at_high.issues[d]),
                        "swing": input.swings[d].map(round),
                        "normalised_swing": input.normalised[d].map(round),
                    });
                    (issue.id.clone(), entry)
                })
                .collect();
            json!({
                "path": input.path,
                "as_written": input.written,
                "low": round(input.low),
                "high": round(input.high),
                "score": round(input.score),
                "agreement_rate": [round(input.at_low.agreement_rate), round(input.at_high.agreement_rate)],
                "zopa_rate": [round(input.at_low.zopa_rate), round(input.at_high.zopa_rate)],
                "issues": issues,
            })
        })
        .collect();
    map.insert("inputs".into(), Value::Array(inputs));
    let by_issue: Map<String, Value> = scenario
        .issues
        .iter()
        .enumerate()
        .map(|(d, issue)| {
            let ranked: Vec<&str> = result
                .ranking_for(d)
                .iter()
                .map(|input| input.path.as_str())
                .collect();
            (issue.id.clone(), json!(ranked))
        })
        .collect();
    map.insert("by_issue".into(), Value::Object(by_issue));
    finish(&Value::Object(map))
}

/// A share as a percentage with one decimal, never rounding to certainty.
fn percent(value: f64) -> String {
    let p = value * 100.0;
    if p > 0.0 && p < 0.1 {
        "<0.1%".to_string()
    } else if p < 100.0 && p > 99.9 {
        ">99.9%".to_string()
    } else {
        format!("{p:.1}%")
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

/// The terminal text of a sweep.
pub fn sweep_text(scenario: &Scenario, result: &SweepResult, elapsed_seconds: f64) -> String {
    let settings = &result.settings;
    let mut out = format!(
        "{} · sweep of {} (as written: {}) · model: {} · {} trials per value · seed {} · {:.2} s\n",
        scenario.name,
        result.path,
        result.written,
        settings.model.cli_name(),
        settings.trials,
        settings.seed,
        elapsed_seconds
    );
    out.push_str(&format!(
        "Each value replaces the parameter by that plain number. Every run uses seed {} \
         (common random numbers), so differences between rows come from the parameter, \
         not from sampling noise.\nIssues: median (50% interval) of agreed values; \
         discrete issues: the most frequent option.\n\n",
        settings.seed
    ));
    let unit = result
        .unit
        .as_deref()
        .map_or(String::new(), |u| format!(" ({u})"));
    let value_header = format!("Value{unit}");
    let mut columns = vec![
        (value_header.as_str(), Align::Right),
        ("Agreement", Align::Right),
        ("ZOPA", Align::Right),
    ];
    for issue in &scenario.issues {
        columns.push((issue.id.as_str(), Align::Right));
    }
    let mut table = Table::new(&columns);
    for point in &result.points {
        let mut row = vec![
            format_number(point.value),
            percent(point.stats.agreement_rate),
            percent(point.stats.zopa_rate),
        ];
        for (d, stats) in point.stats.issues.iter().enumerate() {
            row.push(issue_cell(scenario, d, stats));
        }
        table.row(row);
    }
    out.push_str(&table.render());
    // Proposals only when the parameter changes whether one would be accepted.
    let varies = |p: usize| {
        let first = result.points.first().map(|point| point.stats.proposals[p]);
        result
            .points
            .iter()
            .any(|point| Some(point.stats.proposals[p]) != first)
    };
    let moving: Vec<usize> = (0..scenario.proposals.len())
        .filter(|&p| varies(p))
        .collect();
    if !moving.is_empty() {
        let mut columns = vec![("P(all veto actors accept)", Align::Right)];
        for &p in &moving {
            columns.push((scenario.proposals[p].name.as_str(), Align::Right));
        }
        let mut table = Table::new(&columns);
        for point in &result.points {
            let mut row = vec![format_number(point.value)];
            row.extend(moving.iter().map(|&p| percent(point.stats.proposals[p])));
            table.row(row);
        }
        out.push('\n');
        out.push_str(&table.render());
    }
    out
}

/// The terminal text of a sensitivity analysis: the overall ranking (top `top`
/// inputs), then per issue its `per_issue` most influential inputs.
pub fn sensitivity_text(
    scenario: &Scenario,
    result: &SensitivityResult,
    elapsed_seconds: f64,
    top: usize,
    per_issue: usize,
) -> String {
    let settings = &result.settings;
    let runs = 2 * result.inputs.len() + 1;
    let mut out = format!(
        "{} · sensitivity · model: {} · {} uncertain inputs · {} runs of {} trials · seed {} · {:.2} s\n",
        scenario.name,
        settings.model.cli_name(),
        result.inputs.len(),
        runs,
        settings.trials,
        settings.seed,
        elapsed_seconds
    );
    out.push_str(&format!(
        "Each uncertain input fixed at its 10th (p10) and 90th (p90) percentile, everything \
         else still uncertain; every run uses seed {} (common random numbers).\n\
         Baseline (nothing fixed): agreement in {} of trials, a ZOPA in {}.\n\n",
        settings.seed,
        percent(result.baseline.agreement_rate),
        percent(result.baseline.zopa_rate)
    ));
    if result.inputs.is_empty() {
        out.push_str("Every number in the scenario is fixed: there is nothing to rank.\n");
        return out;
    }
    out.push_str(&format!(
        "Inputs ranked by score: the largest swing of any issue's median (as a share of its range) \
         or of the agreement rate; top {} of {}.\n",
        top.min(result.inputs.len()),
        result.inputs.len()
    ));
    let mut table = Table::new(&[
        ("Input", Align::Left),
        ("p10 → p90", Align::Right),
        ("Agreement", Align::Right),
        ("Largest issue swing", Align::Left),
        ("Score", Align::Right),
    ]);
    for input in result.inputs.iter().take(top) {
        let largest = (0..scenario.issues.len())
            .filter_map(|d| input.normalised[d].map(|share| (d, share)))
            .fold(None, |best: Option<(usize, f64)>, (d, share)| match best {
                Some((_, top_share)) if top_share >= share => best,
                _ => Some((d, share)),
            });
        let largest = largest.map_or("—".to_string(), |(d, _)| {
            format!(
                "{} {}",
                scenario.issues[d].id,
                swing_text(scenario, d, input.swings[d])
            )
        });
        table.row(vec![
            input.path.clone(),
            format!(
                "{} → {}",
                format_number(input.low),
                format_number(input.high)
            ),
            format!(
                "{} → {}",
                percent(input.at_low.agreement_rate),
                percent(input.at_high.agreement_rate)
            ),
            largest,
            format!("{:.3}", input.score),
        ]);
    }
    out.push_str(&table.render());
    for (d, issue) in scenario.issues.iter().enumerate() {
        out.push_str(&format!(
            "\n{} (baseline: {})\n",
            issue.name,
            issue_cell(scenario, d, &result.baseline.issues[d])
        ));
        let mut table = Table::new(&[
            ("Input", Align::Left),
            ("p10 → p90", Align::Right),
            ("At p10", Align::Right),
            ("At p90", Align::Right),
            ("Swing", Align::Right),
        ]);
        let moving: Vec<_> = result
            .ranking_for(d)
            .into_iter()
            .filter(|input| input.swings[d].is_some_and(|swing| swing > 0.0))
            .take(per_issue)
            .collect();
        if moving.is_empty() {
            out.push_str("No input moves its median.\n");
            continue;
        }
        for input in moving {
            table.row(vec![
                input.path.clone(),
                format!(
                    "{} → {}",
                    format_number(input.low),
                    format_number(input.high)
                ),
                issue_cell(scenario, d, &input.at_low.issues[d]),
                issue_cell(scenario, d, &input.at_high.issues[d]),
                swing_text(scenario, d, input.swings[d]),
            ]);
        }
        out.push_str(&table.render());
    }
    out
}

/// A swing in the issue's units, or as a share of agreements for a discrete issue.
fn swing_text(scenario: &Scenario, d: usize, swing: Option<f64>) -> String {
    match (swing, &scenario.issues[d].kind) {
        (None, _) => "—".to_string(),
        (Some(share), IssueKind::Discrete { .. }) => format!("{} moved", percent(share)),
        (Some(swing), IssueKind::Continuous { .. }) => format_number(swing),
    }
}

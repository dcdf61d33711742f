//! `zopa run`: the summary as JSON (`summary.json`) and as text for the terminal,
//! and the per-trial CSV. Built from the [`Tally`] alone.

use super::chart_inputs;
use super::json::round;
use super::summary_file::thousands;
use super::table::{Align, Table};
use crate::montecarlo::TrialRecord;
use crate::scenario::{IssueKind, Scenario, format_number};
use crate::summary::{IssueTally, QUANTILES, Tally, ZONE_BINS, zone_thresholds};
use serde_json::{Map, Value, json};

/// The settings and timing of a run.
#[derive(Clone, Debug)]
pub struct RunInfo {
    /// The model's name as commands and JSON show it, e.g. `nash`.
    pub model: String,
    pub trials: u64,
    pub seed: u64,
    pub elapsed_seconds: f64,
}

fn rate(count: u64, trials: u64) -> f64 {
    if trials == 0 {
        0.0
    } else {
        count as f64 / trials as f64
    }
}

/// `summary.json`, pretty-printed. Everything but the two timing fields is a
/// function of scenario, model, trials and seed.
pub fn summary_json(scenario: &Scenario, info: &RunInfo, tally: &Tally) -> String {
    let mut text = super::json::to_pretty_compact_numbers(&summary_value(scenario, info, tally));
    text.push('\n');
    text
}

/// The value [`summary_json`] prints.
pub fn summary_value(scenario: &Scenario, info: &RunInfo, tally: &Tally) -> Value {
    let mut issues = Map::new();
    for (index, (issue, issue_tally)) in scenario.issues.iter().zip(&tally.issues).enumerate() {
        let mut entry = match (issue_tally, &issue.kind) {
            (IssueTally::Continuous(histogram), IssueKind::Continuous { .. }) => {
                let mut stats = Map::new();
                let in_units = |value: Option<f64>| {
                    value.map_or(Value::Null, |v| json!(round(issue.denormalise(v))))
                };
                stats.insert("mean".into(), in_units(histogram.mean()));
                for (name, q) in QUANTILES {
                    stats.insert(name.into(), in_units(histogram.quantile(q)));
                }
                stats.insert("agreements".into(), json!(histogram.count()));
                Value::Object(stats)
            }
            (IssueTally::Discrete(counts), IssueKind::Discrete { options }) => {
                let total: u64 = counts.iter().sum();
                let shares: Map<String, Value> = options
                    .iter()
                    .zip(counts)
                    .map(|(option, count)| (option.clone(), json!(round(rate(*count, total)))))
                    .collect();
                json!({ "shares": shares, "agreements": total })
            }
            _ => Value::Null,
        };
        if let Value::Object(fields) = &mut entry {
            chart_inputs::issue_fields(scenario, tally, index, fields);
        }
        issues.insert(issue.id.clone(), entry);
    }
    let mut actors = Map::new();
    for (index, (actor, actor_tally)) in scenario.actors.iter().zip(&tally.actors).enumerate() {
        let mut utility = Map::new();
        for (name, q) in QUANTILES {
            utility.insert(
                name.into(),
                actor_tally
                    .utility
                    .quantile(q)
                    .map_or(Value::Null, |v| json!(round(v))),
            );
        }
        let mut fields = Map::new();
        fields.insert(
            "mean_utility".into(),
            actor_tally
                .utility
                .mean()
                .map_or(Value::Null, |v| json!(round(v))),
        );
        fields.insert(
            "p_above_reservation".into(),
            json!(round(rate(actor_tally.above_reservation, tally.trials))),
        );
        fields.insert("utility".into(), Value::Object(utility));
        chart_inputs::actor_fields(scenario, index, &mut fields);
        actors.insert(actor.id.clone(), Value::Object(fields));
    }
    let mut proposals = Map::new();
    for (index, (proposal, proposal_tally)) in
        scenario.proposals.iter().zip(&tally.proposals).enumerate()
    {
        let acceptance: Map<String, Value> = scenario
            .actors
            .iter()
            .zip(&proposal_tally.accepted)
            .map(|(actor, count)| (actor.id.clone(), json!(round(rate(*count, tally.trials)))))
            .collect();
        let mut fields = Map::new();
        fields.insert(
            "p_all_veto_accept".into(),
            json!(round(rate(proposal_tally.all_veto, tally.trials))),
        );
        fields.insert("acceptance".into(), Value::Object(acceptance));
        chart_inputs::proposal_fields(scenario, index, &mut fields);
        proposals.insert(proposal.name.clone(), Value::Object(fields));
    }
    let zones: Vec<Value> = tally
        .zones
        .iter()
        .map(|zone| {
            let range = |d: usize| match scenario.issues[d].kind {
                IssueKind::Continuous { min, max } => json!([min, max]),
                IssueKind::Discrete { .. } => Value::Null,
            };
            let levels: Map<String, Value> = zone_thresholds(&zone.counts)
                .into_iter()
                .map(|(level, threshold)| {
                    (format!("{}", (level * 100.0).round()), json!(threshold))
                })
                .collect();
            json!({
                "x": scenario.issues[zone.x].id,
                "y": scenario.issues[zone.y].id,
                "x_range": range(zone.x),
                "y_range": range(zone.y),
                "bins": ZONE_BINS,
                "counts": zone.counts,
                "levels": levels,
            })
        })
        .collect();
    let per_second = if info.elapsed_seconds > 0.0 {
        info.trials as f64 / info.elapsed_seconds
    } else {
        0.0
    };
    let rounds = rounds_json(tally);
    json!({
        "zopa_version": env!("CARGO_PKG_VERSION"),
        "scenario": scenario.name,
        "description": scenario.description,
        "model": info.model,
        "trials": info.trials,
        "seed": info.seed,
        "agreement_rate": round(rate(tally.agreements, tally.trials)),
        "zopa_rate": round(rate(tally.zopa, tally.trials)),
        "issues": issues,
        "actors": actors,
        "proposals": proposals,
        "zones": zones,
        "rounds": rounds,
        "charts": chart_inputs::charts(scenario),
        "utilities": chart_inputs::utilities(scenario, tally),
        "elapsed_seconds": (info.elapsed_seconds * 1000.0).round() / 1000.0,
        "trials_per_second": per_second.round(),
    })
}

/// When a round-by-round protocol was played: how long talks took, in rounds.
/// `distribution[k]` and `agreement_by_round[k]` are shares of all trials that
/// ended (or agreed) in round `k + 1`.
fn rounds_json(tally: &Tally) -> Value {
    if tally.rounds.is_empty() {
        return Value::Null;
    }
    let stats = round_stats(&tally.rounds);
    let shares = |counts: &[u64]| -> Vec<f64> {
        (1..tally.rounds.len())
            .map(|k| round(rate(counts.get(k).copied().unwrap_or(0), tally.trials)))
            .collect()
    };
    json!({
        "mean": round(stats.mean),
        "p50": stats.p50,
        "p95": stats.p95,
        "distribution": shares(&tally.rounds),
        "agreement_by_round": shares(&tally.agreement_rounds),
        "breakdown_rate": round(rate(tally.breakdowns, tally.trials)),
    })
}

/// Mean and quantiles of the round counts (index = round).
struct RoundStats {
    mean: f64,
    p50: usize,
    p95: usize,
}

fn round_stats(counts: &[u64]) -> RoundStats {
    let total: u64 = counts.iter().sum();
    let weighted: f64 = counts
        .iter()
        .enumerate()
        .map(|(k, c)| k as f64 * *c as f64)
        .sum();
    let quantile = |q: f64| {
        let mut cumulative = 0u64;
        for (k, c) in counts.iter().enumerate() {
            cumulative += c;
            if cumulative as f64 >= q * total as f64 && *c > 0 {
                return k;
            }
        }
        counts.len().saturating_sub(1)
    };
    RoundStats {
        mean: if total > 0 {
            weighted / total as f64
        } else {
            0.0
        },
        p50: quantile(0.5),
        p95: quantile(0.95),
    }
}

/// A share as a percentage with one decimal, never rounding to certainty
/// (`<0.1%`, `>99.9%`); the terminal tables of runs and what-if analyses.
pub(crate) fn percent(value: f64) -> String {
    let p = value * 100.0;
    if p > 0.0 && p < 0.1 {
        "<0.1%".to_string()
    } else if p < 100.0 && p > 99.9 {
        ">99.9%".to_string()
    } else {
        format!("{p:.1}%")
    }
}

/// The human summary printed after a run.
pub fn summary_text(scenario: &Scenario, info: &RunInfo, tally: &Tally) -> String {
    let per_second = if info.elapsed_seconds > 0.0 {
        info.trials as f64 / info.elapsed_seconds
    } else {
        0.0
    };
    let mut out = format!(
        "{} · model: {} · {} trials · seed {} · {:.2} s ({} trials/s)\n\n",
        scenario.name,
        info.model,
        thousands(info.trials),
        info.seed,
        info.elapsed_seconds,
        thousands(per_second.round() as u64)
    );
    out.push_str(&format!(
        "Agreement in {} of trials; a zone of possible agreement exists in {}.\n\n",
        percent(rate(tally.agreements, tally.trials)),
        percent(rate(tally.zopa, tally.trials))
    ));
    if !tally.rounds.is_empty() {
        let stats = round_stats(&tally.rounds);
        out.push_str(&format!(
            "Talks ended after {:.1} rounds on average (median {}, 95% within {}); they broke down in {} of trials.\n\n",
            stats.mean,
            stats.p50,
            stats.p95,
            percent(rate(tally.breakdowns, tally.trials))
        ));
    }
    out.push_str(&issue_table(scenario, tally));
    out.push('\n');
    let mut actors = Table::new(&[
        ("Actor", Align::Left),
        ("Veto", Align::Left),
        ("Mean utility", Align::Right),
        ("Utility 5–95%", Align::Right),
        ("Deal beats no deal", Align::Right),
    ]);
    for (actor, actor_tally) in scenario.actors.iter().zip(&tally.actors) {
        let q = |p: f64| {
            actor_tally
                .utility
                .quantile(p)
                .map_or("—".to_string(), |v| format!("{v:.2}"))
        };
        actors.row(vec![
            actor.name.clone(),
            if actor.veto { "yes" } else { "no" }.to_string(),
            actor_tally
                .utility
                .mean()
                .map_or("—".to_string(), |v| format!("{v:.3}")),
            format!("{} – {}", q(0.05), q(0.95)),
            percent(rate(actor_tally.above_reservation, tally.trials)),
        ]);
    }
    out.push_str(&actors.render());
    if !scenario.proposals.is_empty() {
        out.push('\n');
        let mut columns = vec![("Proposal: P(accept)", Align::Left)];
        for actor in &scenario.actors {
            columns.push((actor.id.as_str(), Align::Right));
        }
        columns.push(("All veto actors", Align::Right));
        let mut table = Table::new(&columns);
        for (proposal, proposal_tally) in scenario.proposals.iter().zip(&tally.proposals) {
            let mut row = vec![proposal.name.clone()];
            row.extend(
                proposal_tally
                    .accepted
                    .iter()
                    .map(|count| percent(rate(*count, tally.trials))),
            );
            row.push(percent(rate(proposal_tally.all_veto, tally.trials)));
            table.row(row);
        }
        out.push_str(&table.render());
    }
    out
}

fn issue_table(scenario: &Scenario, tally: &Tally) -> String {
    let mut columns = vec![
        ("Issue (agreed trials)", Align::Left),
        ("Median", Align::Right),
        ("50% interval", Align::Right),
        ("90% interval", Align::Right),
    ];
    let wants: Vec<String> = scenario
        .actors
        .iter()
        .map(|a| format!("{} wants", a.id))
        .collect();
    for label in &wants {
        columns.push((label.as_str(), Align::Right));
    }
    let mut table = Table::new(&columns);
    for (d, (issue, issue_tally)) in scenario.issues.iter().zip(&tally.issues).enumerate() {
        let mut row = vec![issue.name.clone()];
        match issue_tally {
            IssueTally::Continuous(histogram) => {
                let q = |p: f64| {
                    histogram
                        .quantile(p)
                        .map_or("—".to_string(), |v| format_number(issue.denormalise(v)))
                };
                row.push(q(0.5));
                row.push(format!("{} – {}", q(0.25), q(0.75)));
                row.push(format!("{} – {}", q(0.05), q(0.95)));
            }
            IssueTally::Discrete(counts) => {
                let total: u64 = counts.iter().sum();
                let mut ranked: Vec<(usize, u64)> = counts.iter().copied().enumerate().collect();
                ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                let shares: Vec<String> = ranked
                    .iter()
                    .filter(|(_, count)| *count > 0)
                    .take(3)
                    .map(|(k, count)| {
                        format!(
                            "{} {}",
                            issue.display_value(*k as f64),
                            percent(rate(*count, total))
                        )
                    })
                    .collect();
                row.push(if shares.is_empty() {
                    "—".to_string()
                } else {
                    shares.join(", ")
                });
                row.push(String::new());
                row.push(String::new());
            }
        }
        for actor in &scenario.actors {
            row.push(actor.stances[d].ideal_text(issue));
        }
        table.row(row);
    }
    table.render()
}

/// The header line of `trials.csv`.
pub fn csv_header(scenario: &Scenario) -> String {
    let mut fields = vec!["trial".to_string(), "agreement".to_string()];
    fields.extend(scenario.issues.iter().map(|issue| csv_field(&issue.id)));
    fields.extend(
        scenario
            .actors
            .iter()
            .map(|actor| csv_field(&format!("utility_{}", actor.id))),
    );
    fields.join(",") + "\n"
}

/// Appends one line per record to `out`.
pub fn csv_rows(scenario: &Scenario, records: &[TrialRecord], out: &mut String) {
    use std::fmt::Write;
    for record in records {
        let _ = write!(out, "{},{}", record.trial, record.outcome.is_some());
        for (d, issue) in scenario.issues.iter().enumerate() {
            out.push(',');
            if let Some(outcome) = &record.outcome {
                match issue.kind {
                    IssueKind::Continuous { .. } => {
                        let _ = write!(out, "{}", round(issue.denormalise(outcome[d])));
                    }
                    IssueKind::Discrete { .. } => {
                        out.push_str(&csv_field(&issue.display_value(outcome[d])))
                    }
                }
            }
        }
        for utility in &record.utilities {
            let _ = write!(out, ",{}", round(*utility));
        }
        out.push('\n');
    }
}

/// Quotes a CSV field when it needs it.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(10_000_000), "10,000,000");
    }

    #[test]
    fn percentages_never_round_to_certainty() {
        assert_eq!(percent(0.0), "0.0%");
        assert_eq!(percent(0.0004), "<0.1%");
        assert_eq!(percent(0.9996), ">99.9%");
        assert_eq!(percent(1.0), "100.0%");
    }
}

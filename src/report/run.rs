//! `zopa run` in words: the summary table printed to the terminal, read from
//! the [`Summary`] alone, and the per-trial CSV.

use super::table::{Align, Table};
use crate::format::json::round;
use crate::format::{csv_field, csv_line, percent, thousands};
use crate::montecarlo::TrialRecord;
use crate::scenario::{IssueKind, Scenario, format_number};
use crate::summary::{IssueSummary, Position, Summary};

/// The human summary printed after a run.
pub fn summary_text(summary: &Summary) -> String {
    let mut speed = format!(
        "{} trials/s",
        thousands(summary.trials_per_second.unwrap_or(0.0) as u64)
    );
    if let Some(threads) = summary.threads {
        let plural = if threads == 1 { "" } else { "s" };
        speed.push_str(&format!(" on {threads} thread{plural}"));
    }
    if let Some(load) = summary.load_average {
        speed.push_str(&format!(", load {load:.2}"));
    }
    let mut out = format!(
        "{} · model: {} · {} trials · seed {} · {:.2} s ({speed})\n\n",
        summary.scenario,
        summary.model,
        thousands(summary.trials),
        summary.seed,
        summary.elapsed_seconds.unwrap_or(0.0),
    );
    out.push_str(&format!(
        "Agreement in {} of trials; a zone of possible agreement exists in {}.\n\n",
        percent(summary.agreement_rate),
        percent(summary.zopa_rate)
    ));
    if let Some(rounds) = &summary.rounds {
        out.push_str(&format!(
            "Talks ended after {:.1} rounds on average (median {}, 95% within {}); they broke down in {} of trials.\n\n",
            rounds.mean,
            rounds.p50,
            rounds.p95,
            percent(rounds.breakdown_rate)
        ));
    }
    out.push_str(&issue_table(summary));
    out.push('\n');
    let mut actors = Table::new(&[
        ("Actor", Align::Left),
        ("Veto", Align::Left),
        ("Mean utility", Align::Right),
        ("Utility 5–95%", Align::Right),
        ("Deal beats no deal", Align::Right),
    ]);
    for actor in summary.actors.values() {
        let q = |p: Option<f64>| p.map_or("—".to_string(), |v| format!("{v:.2}"));
        actors.row(vec![
            actor.name.clone(),
            if actor.veto { "yes" } else { "no" }.to_string(),
            actor
                .mean_utility
                .map_or("—".to_string(), |v| format!("{v:.3}")),
            format!("{} – {}", q(actor.utility.p05), q(actor.utility.p95)),
            percent(actor.p_above_reservation),
        ]);
    }
    out.push_str(&actors.render());
    if !summary.proposals.is_empty() {
        out.push('\n');
        let mut columns = vec![("Proposal: P(accept)", Align::Left)];
        for id in summary.actors.keys() {
            columns.push((id.as_str(), Align::Right));
        }
        columns.push(("All veto actors", Align::Right));
        let mut table = Table::new(&columns);
        for (name, proposal) in &summary.proposals {
            let mut row = vec![name.clone()];
            row.extend(
                summary
                    .actors
                    .keys()
                    .map(|id| percent(proposal.acceptance.get(id).copied().unwrap_or(0.0))),
            );
            row.push(percent(proposal.p_all_veto_accept));
            table.row(row);
        }
        out.push_str(&table.render());
    }
    out
}

/// The top three options of a discrete issue with their shares.
fn option_shares(issue: &IssueSummary) -> String {
    let mut ranked: Vec<(usize, &String, f64)> = issue
        .shares
        .iter()
        .flatten()
        .enumerate()
        .map(|(k, (option, share))| (k, option, *share))
        .collect();
    ranked.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
    let shares: Vec<String> = ranked
        .iter()
        .filter(|(_, _, share)| *share > 0.0)
        .take(3)
        .map(|(_, option, share)| format!("{option} {}", percent(*share)))
        .collect();
    if shares.is_empty() {
        "—".to_string()
    } else {
        shares.join(", ")
    }
}

fn issue_table(summary: &Summary) -> String {
    let mut columns = vec![
        ("Issue (agreed trials)", Align::Left),
        ("Median", Align::Right),
        ("50% interval", Align::Right),
        ("90% interval", Align::Right),
    ];
    let wants: Vec<String> = summary
        .actors
        .keys()
        .map(|id| format!("{id} wants"))
        .collect();
    for label in &wants {
        columns.push((label.as_str(), Align::Right));
    }
    let mut table = Table::new(&columns);
    for (id, issue) in &summary.issues {
        let mut row = vec![issue.name.clone()];
        if issue.is_continuous() {
            let q = |p: Option<f64>| p.map_or("—".to_string(), format_number);
            row.push(q(issue.p50));
            row.push(format!("{} – {}", q(issue.p25), q(issue.p75)));
            row.push(format!("{} – {}", q(issue.p05), q(issue.p95)));
        } else {
            row.push(option_shares(issue));
            row.push(String::new());
            row.push(String::new());
        }
        for actor in summary.actors.values() {
            row.push(match actor.ideal.get(id) {
                Some(Position::Number(value)) => format_number(*value),
                Some(Position::Option(name)) => name.clone(),
                None => "—".to_string(),
            });
        }
        table.row(row);
    }
    table.render()
}

/// The header line of `trials.csv`.
pub fn csv_header(scenario: &Scenario) -> String {
    let mut fields = vec!["trial".to_string(), "agreement".to_string()];
    fields.extend(scenario.issues.iter().map(|issue| issue.id.clone()));
    fields.extend(
        scenario
            .actors
            .iter()
            .map(|actor| format!("utility_{}", actor.id)),
    );
    csv_line(fields)
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

//! `sweep.json`, `sweep.csv` and the sweep table.

use super::{issue_cell, percent};
use crate::format::json::round;
use crate::format::{csv_line, csv_number};
use crate::report::table::{Align, Table};
use crate::scenario::{IssueKind, Scenario, format_number};
use crate::whatif::IssueStats;
use crate::whatif::sweep::SweepResult;

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
    let mut out = csv_line(&header);
    let number = |value: f64| csv_number(round(value));
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
                    row.push(modal.unwrap_or("").to_string());
                    row.extend(shares.iter().map(|&share| number(share)));
                }
                _ => {}
            }
        }
        row.extend(stats.proposals.iter().map(|&p| number(p)));
        row.extend(stats.mean_utility.iter().map(|&u| number(u)));
        out.push_str(&csv_line(&row));
    }
    out
}

/// The terminal text of a sweep.
pub fn sweep_text(scenario: &Scenario, result: &SweepResult, elapsed_seconds: f64) -> String {
    let settings = &result.settings;
    let mut out = format!(
        "{} · sweep of {} (as written: {}) · model: {} · {} per value · seed {} · {:.2} s\n",
        scenario.name,
        result.path,
        result.written,
        settings.model.cli_name(),
        crate::format::count(settings.trials, "trial"),
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

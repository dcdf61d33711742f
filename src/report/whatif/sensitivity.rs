//! `sensitivity.json` and the tornado tables.

use super::{issue_cell, percent};
use crate::report::table::{Align, Table};
use crate::scenario::{IssueKind, Scenario, format_number};
use crate::whatif::sensitivity::SensitivityResult;

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
        "{} · sensitivity · model: {} · {} · {} of {} · seed {} · {:.2} s\n",
        scenario.name,
        settings.model.cli_name(),
        crate::format::count(result.inputs.len() as u64, "uncertain input"),
        crate::format::count(runs as u64, "run"),
        crate::format::count(settings.trials, "trial"),
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

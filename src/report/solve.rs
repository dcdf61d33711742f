//! `zopa solve`: one model's answer at nominal values, as a table or as JSON.
//! Only formatting: the solving is in [`crate::nominal`].

use super::json::{round, to_spaced_string};
use super::table::{Align, Table};
use crate::model_kind::ModelKind;
use crate::nominal::Solved;
use crate::scenario::{IssueKind, Scenario, format_number};
use crate::world::World;
use serde_json::{Map, Value, json};

/// An outcome in the issues' own terms: numbers in their units, options by name.
pub fn outcome_json(scenario: &Scenario, outcome: &[f64]) -> Value {
    let mut map = Map::new();
    for (issue, value) in scenario.issues.iter().zip(outcome) {
        let entry = match &issue.kind {
            IssueKind::Continuous { .. } => json!(round(issue.denormalise(*value))),
            IssueKind::Discrete { .. } => json!(issue.display_value(*value)),
        };
        map.insert(issue.id.clone(), entry);
    }
    Value::Object(map)
}

/// `{"model": .., "agreement": .., "outcome": {..} | null, "utilities": {..}}`.
pub fn to_json(scenario: &Scenario, solved: &Solved) -> String {
    let outcome = solved
        .outcome
        .as_ref()
        .map_or(Value::Null, |outcome| outcome_json(scenario, outcome));
    let utilities: Map<String, Value> = scenario
        .actors
        .iter()
        .zip(&solved.utilities)
        .map(|(actor, utility)| (actor.id.clone(), json!(round(*utility))))
        .collect();
    to_spaced_string(&json!({
        "model": solved.model.cli_name(),
        "agreement": solved.outcome.is_some(),
        "outcome": outcome,
        "utilities": utilities,
    }))
}

fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

/// The human-readable answer: outcome per issue beside each actor's ideal, each
/// actor's utility against its reservation, and how each proposal would fare.
pub fn to_text(scenario: &Scenario, solved: &Solved) -> String {
    let mut out = format!(
        "{} · model: {} · nominal values (uncertain numbers at their means)\n\n",
        scenario.name,
        solved.model.cli_name()
    );
    match &solved.outcome {
        Some(_) => out.push_str("Agreement: yes\n\n"),
        None => {
            let veto: Vec<&str> = scenario
                .actors
                .iter()
                .filter(|a| a.veto)
                .map(|a| a.name.as_str())
                .collect();
            out.push_str(&no_agreement(scenario, solved, &veto));
        }
    }
    out.push_str(&issue_table(scenario, solved));
    out.push('\n');
    out.push_str(&actor_table(scenario, solved));
    if !scenario.proposals.is_empty() {
        out.push('\n');
        out.push_str(&proposal_table(scenario, &solved.world));
    }
    out
}

/// Why there is no agreement: no zone of agreement, or (with one) what the
/// model did instead.
fn no_agreement(scenario: &Scenario, solved: &Solved, veto: &[&str]) -> String {
    if !crate::model::zopa_exists(&solved.world) {
        return format!(
            "Agreement: no. No outcome inside the red lines gives every veto actor ({}) more than its reservation.\n\n",
            veto.join(", ")
        );
    }
    let powerless: Vec<&str> = scenario
        .actors
        .iter()
        .zip(&solved.world.actors)
        .filter(|(_, party)| party.veto && party.power <= 0.0)
        .map(|(actor, _)| actor.name.as_str())
        .collect();
    let reason = match solved.model {
        ModelKind::Nash if !powerless.is_empty() => format!(
            "the Nash point gives {} (bargaining power 0) no more than its reservation, and a deal must give every veto actor more than that",
            powerless.join(", ")
        ),
        ModelKind::AlternatingOffers(_) => {
            "the talks ended without one (a breakdown or the deadline)".to_string()
        }
        _ => "the model found no outcome that every veto actor accepts".to_string(),
    };
    format!(
        "Agreement: no. Outcomes exist that every veto actor ({}) prefers to no agreement, but {reason}.\n\n",
        veto.join(", ")
    )
}

fn issue_table(scenario: &Scenario, solved: &Solved) -> String {
    let mut columns = vec![("Issue", Align::Left), ("Outcome", Align::Right)];
    let actor_ids: Vec<String> = scenario
        .actors
        .iter()
        .map(|a| format!("{} wants", a.id))
        .collect();
    for id in &actor_ids {
        columns.push((id.as_str(), Align::Right));
    }
    let mut table = Table::new(&columns);
    for (d, issue) in scenario.issues.iter().enumerate() {
        let mut row = vec![issue.name.clone()];
        row.push(match &solved.outcome {
            Some(outcome) => issue.display_value(outcome[d]),
            None => "—".to_string(),
        });
        for actor in &scenario.actors {
            row.push(actor.stances[d].ideal_text(issue));
        }
        table.row(row);
    }
    let mut out = table.render();
    out.push_str("Scales:\n");
    for issue in &scenario.issues {
        out.push_str(&format!("  {}: {}\n", issue.name, scale(issue)));
    }
    out
}

fn scale(issue: &crate::scenario::Issue) -> String {
    match &issue.kind {
        IssueKind::Continuous { min, max } => {
            let end = |value: f64, label: &Option<String>| match label {
                Some(label) => format!("{} = {label}", format_number(value)),
                None => format_number(value),
            };
            format!("{} … {}", end(*min, &issue.low), end(*max, &issue.high))
        }
        IssueKind::Discrete { options } => options.join(" / "),
    }
}

fn actor_table(scenario: &Scenario, solved: &Solved) -> String {
    let mut table = Table::new(&[
        ("Actor", Align::Left),
        ("Veto", Align::Left),
        ("Power", Align::Right),
        ("Utility", Align::Right),
        ("Reservation", Align::Right),
        ("Better than no deal", Align::Left),
    ]);
    for (i, actor) in scenario.actors.iter().enumerate() {
        let party = &solved.world.actors[i];
        let verdict = match &solved.outcome {
            None => "no deal".to_string(),
            Some(outcome) => {
                let gain = solved.utilities[i] - party.reservation;
                if !party.within_red_lines(outcome) {
                    "no (crosses a red line)".to_string()
                } else {
                    format!(
                        "{} ({}{:.3})",
                        yes_no(gain >= -1e-12),
                        if gain >= 0.0 { "+" } else { "" },
                        gain
                    )
                }
            }
        };
        table.row(vec![
            actor.name.clone(),
            yes_no(actor.veto).to_string(),
            format_number(party.power),
            format!("{:.3}", solved.utilities[i]),
            format!("{:.3}", party.reservation),
            verdict,
        ]);
    }
    table.render()
}

fn proposal_table(scenario: &Scenario, world: &World) -> String {
    let mut columns = vec![("Proposal", Align::Left)];
    for actor in &scenario.actors {
        columns.push((actor.name.as_str(), Align::Right));
    }
    columns.push(("All veto actors", Align::Left));
    let mut table = Table::new(&columns);
    for proposal in &scenario.proposals {
        let internal: Vec<f64> = scenario
            .issues
            .iter()
            .zip(&proposal.values)
            .map(|(issue, v)| issue.normalise(*v))
            .collect();
        let mut row = vec![proposal.name.clone()];
        let mut all_veto = true;
        for party in &world.actors {
            let accepts = party.accepts(&internal);
            if party.veto {
                all_veto &= accepts;
            }
            let mark = if !party.within_red_lines(&internal) {
                "red line"
            } else {
                yes_no(accepts)
            };
            row.push(format!("{mark} {:.2}", party.utility(&internal)));
        }
        row.push(if all_veto {
            "accepted".to_string()
        } else {
            "rejected".to_string()
        });
        table.row(row);
    }
    format!(
        "Reference proposals: accept? and utility (accepts when inside its red lines and utility ≥ reservation)\n{}",
        table.render_within(crate::report::run::DEFAULT_WIDTH)
    )
}

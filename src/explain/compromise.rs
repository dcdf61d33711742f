//! The compromise model explained: per issue, each actor's pull (capability ×
//! salience, as the model weighs it), its share and its ideal, then the
//! model's answer; whether each veto actor would sign it (the model never
//! asks); which red line binds; without a zone of agreement, why there is none.

use super::{paragraph, table, zone};
use crate::model::compromise::pull;
use crate::model::{self, TrialRng};
use crate::model_kind::ModelKind;
use crate::report::table::{Align, Table};
use crate::scenario::Scenario;
use crate::world::World;
use rand::SeedableRng;

pub(super) fn narrate(scenario: &Scenario, world: &World, allow_slow: bool) -> String {
    let mut out = paragraph(
        "The compromise model takes, per issue, the mean of the ideal points weighted by power × salience:",
    );
    out.push('\n');
    // A static model: the stream is never drawn from.
    let mut rng = TrialRng::seed_from_u64(0);
    let outcome = model::build(ModelKind::Compromise)
        .solve(world, &mut rng)
        .outcome;
    for (d, issue) in scenario.issues.iter().enumerate() {
        let total: f64 = world.actors.iter().map(|party| pull(party, d)).sum();
        let mut pulls = Table::new(&[
            (issue.name.as_str(), Align::Left),
            ("power × salience", Align::Right),
            ("share", Align::Right),
            ("wants", Align::Right),
        ]);
        for (actor, party) in scenario.actors.iter().zip(&world.actors) {
            let weight = pull(party, d);
            let share = if total > 0.0 { weight / total } else { 0.0 };
            let wants = match party.values[d].ideal() {
                Some(p) => issue.display_value(p),
                None => actor.stances[d].ideal_text(issue),
            };
            pulls.row(vec![
                actor.name.clone(),
                format!("{weight:.3}"),
                format!("{:.1}%", 100.0 * share),
                wants,
            ]);
        }
        out.push_str(&table(&pulls));
        if let Some(outcome) = &outcome {
            out.push_str(&format!(
                "→ {}: {}\n\n",
                issue.name,
                issue.display_value(outcome[d])
            ));
        }
    }
    let Some(outcome) = outcome else {
        out.push_str(&paragraph(
            "No agreement: the veto actors' red lines leave no outcome at all.",
        ));
        out.push('\n');
        out.push_str(&zone::without_zone(scenario, world, allow_slow));
        return out;
    };
    out.push_str(&signatures(scenario, world, &outcome));
    if !model::zopa_exists(world) {
        out.push('\n');
        out.push_str(&zone::without_zone(scenario, world, allow_slow));
    }
    let red_lines = zone::red_lines(
        scenario,
        world,
        ModelKind::Compromise,
        Some(&outcome),
        allow_slow,
    );
    if !red_lines.is_empty() {
        out.push('\n');
        out.push_str(&red_lines);
    }
    out
}

/// Whether each veto actor would sign the compromise: the model forecasts
/// without asking.
fn signatures(scenario: &Scenario, world: &World, outcome: &[f64]) -> String {
    let mut signs = Table::new(&[
        ("Veto actor", Align::Left),
        ("utility", Align::Right),
        ("reservation", Align::Right),
        ("would sign?", Align::Left),
    ]);
    let mut refusing = 0;
    for i in world.veto_actors() {
        let party = &world.actors[i];
        let utility = party.utility(outcome);
        let verdict = if !party.within_red_lines(outcome) {
            "no: beyond its red line"
        } else if party.accepts(outcome) {
            "yes"
        } else {
            "no: below its reservation"
        };
        refusing += usize::from(verdict != "yes");
        signs.row(vec![
            scenario.actors[i].name.clone(),
            format!("{utility:.4}"),
            format!("{:.4}", party.reservation),
            verdict.to_string(),
        ]);
    }
    let mut out = paragraph(
        "The compromise is a forecast: it never asks whether the veto actors would sign. Would they?",
    );
    out.push_str(&table(&signs));
    if refusing > 0 {
        out.push_str(&paragraph(
            "A veto actor that would not sign can block this outcome; a bargaining model (nash, kalai-smorodinsky, alternating-offers) asks where a deal they all prefer to no deal would land.",
        ));
    }
    out
}

//! `zopa explain`: one negotiation, narrated for a classroom.
//!
//! The narration never re-derives a model's answer. For the static models it
//! shows the quantities the model's own public functions return (the pulls of
//! the compromise, the factors of the Nash product, the ideal gains and shares
//! of Kalai–Smorodinsky); for the protocol and forecast models it tells the
//! story from the events the model reports while it plays (alternating offers
//! round by round, expected utility issue by issue). One file per model family;
//! this one holds the header and what they share. Numbers are rounded for
//! reading.

mod alternating;
mod compromise;
mod discrete_compromise;
mod expected_utility;
mod kalai_smorodinsky;
mod nash;

use crate::model::TrialRng;
use crate::model_kind::ModelKind;
use crate::report::table::{Align, Table};
use crate::scenario::Scenario;
use crate::world::World;

/// Which world is explained, for the header.
pub enum Draw {
    Nominal,
    Trial { seed: u64, trial: u64 },
}

/// The narration of `kind` on `world`, a draw of `scenario`; a protocol model
/// plays with `rng`.
pub fn explain(
    scenario: &Scenario,
    kind: ModelKind,
    world: &World,
    draw: &Draw,
    rng: &mut TrialRng,
) -> String {
    let which = match draw {
        Draw::Nominal => "nominal values (uncertain numbers at their means)".to_string(),
        Draw::Trial { seed, trial } => {
            format!("trial {trial} of seed {seed} (the draw `zopa run` makes for it)")
        }
    };
    let mut out = format!(
        "{} · model: {} · {which}\n\n",
        scenario.name,
        kind.cli_name()
    );
    out.push_str(&actors_table(scenario, world));
    out.push('\n');
    out.push_str(&match kind {
        ModelKind::Compromise => compromise::narrate(scenario, world),
        ModelKind::DiscreteCompromise { threshold } => {
            discrete_compromise::narrate(scenario, world, threshold)
        }
        ModelKind::Nash => nash::narrate(scenario, world),
        ModelKind::KalaiSmorodinsky => kalai_smorodinsky::narrate(scenario, world),
        ModelKind::AlternatingOffers(protocol) => {
            alternating::narrate(scenario, world, protocol, rng)
        }
        ModelKind::ExpectedUtility { rounds, rules } => {
            let model = crate::model::ExpectedUtility { rounds, rules };
            expected_utility::narrate(scenario, world, model, rng)
        }
    });
    out
}

fn actors_table(scenario: &Scenario, world: &World) -> String {
    let mut table = Table::new(&[
        ("Actor", Align::Left),
        ("Veto", Align::Left),
        ("Power", Align::Right),
        ("Reservation", Align::Right),
        ("Patience", Align::Right),
        ("Cares most about", Align::Left),
    ]);
    for (actor, party) in scenario.actors.iter().zip(&world.actors) {
        let top = (0..party.weights.len()).fold(0, |b, d| {
            if party.weights[d] > party.weights[b] {
                d
            } else {
                b
            }
        });
        table.row(vec![
            actor.name.clone(),
            if party.veto { "yes" } else { "no" }.to_string(),
            format!("{:.2}", party.power),
            format!("{:.3}", party.reservation),
            format!("{:.3}", party.patience),
            format!(
                "{} ({:.0}% of its weight)",
                scenario.issues[top].name,
                100.0 * party.weights[top]
            ),
        ]);
    }
    table.render()
}

/// `issue = value, …` in the issues' own terms.
fn describe(scenario: &Scenario, outcome: &[f64]) -> String {
    scenario
        .issues
        .iter()
        .zip(outcome)
        .map(|(issue, value)| format!("{} = {}", issue.id, issue.display_value(*value)))
        .collect::<Vec<_>>()
        .join(", ")
}

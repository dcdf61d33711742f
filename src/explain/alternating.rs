//! Alternating offers explained: equilibrium play as backward induction and
//! continuation values ([`super::equilibrium`]), time-dependent play as a
//! concession table ([`super::concession`]). This file picks one and holds
//! how the talks end, which both tell.

use super::{concession, describe, equilibrium, paragraph};
use crate::model::alternating::{AlternatingOffers, Behaviour};
use crate::model::{Solution, TrialRng};
use crate::scenario::Scenario;
use crate::world::World;

pub(super) fn narrate(
    scenario: &Scenario,
    world: &World,
    protocol: AlternatingOffers,
    rng: &mut TrialRng,
) -> String {
    match protocol.behaviour {
        Behaviour::Equilibrium => equilibrium::narrate(scenario, world, protocol, rng),
        Behaviour::TimeDependent { .. } | Behaviour::Faratin { .. } => {
            concession::narrate(scenario, world, protocol, rng)
        }
    }
}

/// How the talks ended, with what the deal gives each veto actor.
pub(super) fn ending(scenario: &Scenario, world: &World, solution: &Solution) -> String {
    let round = solution.rounds.unwrap_or(1);
    paragraph(&match (&solution.outcome, solution.broke_down) {
        (Some(outcome), _) => {
            let gains: Vec<String> = world
                .veto_actors()
                .iter()
                .map(|&i| {
                    format!(
                        "{} {:.6}",
                        scenario.actors[i].name,
                        world.actors[i].utility(outcome)
                    )
                })
                .collect();
            format!(
                "Agreement in round {round}: {}. Utilities: {}.",
                describe(scenario, outcome),
                gains.join(", ")
            )
        }
        (None, true) => format!(
            "The talks broke down after round {round}: everyone falls back on its reservation \
             value."
        ),
        (None, false) => "The deadline passed without agreement: everyone falls back on its \
                          reservation value."
            .to_string(),
    })
}

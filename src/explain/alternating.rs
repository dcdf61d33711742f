//! Alternating offers explained round by round, from the events the protocol
//! reports while it plays ([`AlternatingOffers::solve_observed`]): who
//! proposes what, who accepts or rejects and why, and how the talks end. Long
//! talks keep their first and last rounds.

use super::describe;
use crate::model::TrialRng;
use crate::model::alternating::{AlternatingOffers, RoundEvent, accepts};
use crate::scenario::Scenario;
use crate::world::World;

pub(super) fn narrate(
    scenario: &Scenario,
    world: &World,
    protocol: AlternatingOffers,
    rng: &mut TrialRng,
) -> String {
    let mut events = Vec::new();
    let solution = protocol.solve_observed(world, rng, &mut |event: &RoundEvent| {
        events.push(narrate_round(scenario, world, event));
    });
    let mut out = elide(&events);
    out.push('\n');
    out.push_str(&match (&solution.outcome, solution.broke_down) {
        (Some(outcome), _) => format!(
            "Agreement in round {}: {}\n",
            solution.rounds.unwrap_or(1),
            describe(scenario, outcome)
        ),
        (None, true) => format!(
            "The talks broke down after round {}: everyone falls back on its reservation value.\n",
            solution.rounds.unwrap_or(1)
        ),
        (None, false) => {
            "The deadline passed without agreement: everyone falls back on its reservation value.\n"
                .to_string()
        }
    });
    out
}

fn narrate_round(scenario: &Scenario, world: &World, event: &RoundEvent) -> String {
    let proposer = &scenario.actors[event.proposer].name;
    let Some(offer) = event.offer else {
        return format!(
            "Round {}: {proposer} can offer nothing the others would accept; the round passes.\n",
            event.round
        );
    };
    let mut text = format!(
        "Round {}: {proposer} proposes {}\n",
        event.round,
        describe(scenario, offer)
    );
    for (j, (actor, party)) in scenario.actors.iter().zip(&world.actors).enumerate() {
        if j == event.proposer {
            continue;
        }
        let utility = party.utility(offer);
        let verdict = if !party.veto {
            "has no veto".to_string()
        } else if !party.within_red_lines(offer) {
            "rejects: it crosses a red line".to_string()
        } else if accepts(party, offer, event.thresholds[j]) {
            format!("accepts ({utility:.3} ≥ needs {:.3})", event.thresholds[j])
        } else {
            format!("rejects ({utility:.3} < needs {:.3})", event.thresholds[j])
        };
        text.push_str(&format!(
            "    {:<width$}  {verdict}\n",
            actor.name,
            width = 16
        ));
    }
    if event.broke_down {
        text.push_str("    After the rejection the talks break down.\n");
    }
    text
}

/// Keeps the first and last rounds of a long negotiation.
fn elide(rounds: &[String]) -> String {
    const KEEP: usize = 4;
    if rounds.len() <= 3 * KEEP {
        return rounds.concat();
    }
    let hidden = rounds.len() - 2 * KEEP;
    format!(
        "{}… {hidden} more rounds in which every offer is rejected …\n{}",
        rounds[..KEEP].concat(),
        rounds[rounds.len() - KEEP..].concat()
    )
}

//! Equilibrium alternating offers as a lesson.
//!
//! The equilibrium is found from the deadline backwards
//! ([`AlternatingOffers::plans`]), so the narration shows it that way: a
//! table from the last round back to round 1 of what each veto actor needs
//! to accept (its continuation value `C`) and what the round's offer gives
//! it. Then the rounds as played ([`AlternatingOffers::solve_observed`]):
//! each responder's `C` worked out from its patience δ, what it expects from
//! the next round `V` and the breakdown probability, and why it accepts.
//! Last, the published closed form where the scenario meets its assumptions
//! ([`super::closed_form`]).

use super::closed_form::{self, number};
use super::{Align, Labels, Table, alternating, describe, fitting, indented, paragraph, rows};
use crate::model::TrialRng;
use crate::model::alternating::{
    AlternatingOffers, Proposer, RoundEvent, RoundPlan, accepts, proposer_weights,
};
use crate::scenario::Scenario;
use crate::world::World;

pub(super) fn narrate(
    scenario: &Scenario,
    world: &World,
    protocol: AlternatingOffers,
    rng: &mut TrialRng,
) -> String {
    let plans = protocol.plans(world);
    let mut out = intro(scenario, world, protocol);
    out.push('\n');
    out.push_str(&backward(scenario, world, protocol, &plans));
    out.push('\n');
    let mut played = Vec::new();
    let solution = protocol.solve_planned(world, rng, &plans, &mut |event: &RoundEvent| {
        played.push(round(scenario, world, protocol, &plans, event));
    });
    out.push_str(&elide(&played));
    out.push_str(&alternating::ending(scenario, world, &solution));
    out.push('\n');
    out.push_str(&closed_form::equilibrium(scenario, world, protocol, &plans));
    out
}

/// Who proposes, and the rule every responder follows.
fn intro(scenario: &Scenario, world: &World, protocol: AlternatingOffers) -> String {
    let rounds = protocol.max_rounds.max(1);
    let names: Vec<&str> = scenario.actors.iter().map(|a| a.name.as_str()).collect();
    let who = match protocol.proposer {
        Proposer::Rotating => {
            let first = protocol.first.min(names.len().saturating_sub(1));
            let order: Vec<&str> = (0..names.len())
                .map(|k| names[(first + k) % names.len()])
                .collect();
            format!(
                "The actors propose in turn: {} (then again from the start).",
                order.join(", ")
            )
        }
        Proposer::Random => {
            let shares: Vec<String> = proposer_weights(world)
                .iter()
                .zip(&names)
                .map(|(w, name)| format!("{name} {:.0}%", 100.0 * w))
                .collect();
            format!(
                "Each round the proposer is drawn with probability ∝ power (Baron–Ferejohn): {}.",
                shares.join(", ")
            )
        }
    };
    let rule = if protocol.breakdown > 0.0 {
        format!(
            "After a rejection the talks break down with probability p = {} (each actor then \
             gets its reservation r); otherwise they go on to the next round, which an actor \
             discounts by its patience δ. So a veto actor accepts an offer worth at least its \
             continuation value C = p·r + (1 − p)·δ·V, V being what it expects from the next \
             round.",
            number(protocol.breakdown)
        )
    } else {
        "A rejected offer costs a round, which an actor discounts by its patience δ. So a veto \
         actor accepts an offer worth at least its continuation value C = δ·V, V being what it \
         expects from the next round."
            .to_string()
    };
    paragraph(&format!(
        "Equilibrium play: the subgame-perfect equilibrium with a deadline of {rounds} round{}, \
         found by backward induction from the last round. {who} {rule} C is never less than its \
         reservation r, since it can always walk away; in the last round a rejection means no \
         deal, so there C = r. The proposer offers the outcome best for itself that gives every \
         other veto actor its C, so the talks end in the first round in which such an offer \
         exists.",
        if rounds == 1 { "" } else { "s" }
    ))
}

/// From the deadline back to round 1: per round what each veto actor needs
/// and what the round's offer gives it (under random proposers, what it
/// expects before the draw).
fn backward(
    scenario: &Scenario,
    world: &World,
    protocol: AlternatingOffers,
    plans: &[RoundPlan],
) -> String {
    let labels: Vec<u32> = (1..=plans.len() as u32).rev().collect();
    let (keep, sentence) = rows::select(&labels);
    let rotating = protocol.proposer == Proposer::Rotating;
    let mut out = paragraph(&format!(
        "Backward induction, from the deadline back to round 1 (utilities; \"needs\" is C{}){}",
        if rotating {
            ", \"gets\" what the round's offer gives"
        } else {
            ", \"expects\" the average over who is drawn to propose"
        },
        match sentence {
            Some(sentence) => format!(". Of the {} rounds, it shows {sentence}.", plans.len()),
            None => ":".to_string(),
        }
    ));
    let rounds: Vec<u32> = keep.iter().map(|&k| labels[k]).collect();
    let build = |names: Labels, veto: &[usize]| {
        backward_table(scenario, world, protocol, plans, &rounds, names, veto)
    };
    out.push_str(&fitting(scenario, &world.veto_actors(), true, build).unwrap_or_default());
    out
}

/// The backward-induction table of `rounds`, actors named by `names`.
fn backward_table(
    scenario: &Scenario,
    world: &World,
    protocol: AlternatingOffers,
    plans: &[RoundPlan],
    rounds: &[u32],
    names: Labels,
    veto: &[usize],
) -> Table {
    let name = |i: usize| names.of(scenario, i);
    let mut headers: Vec<(String, Align)> = vec![("round".to_string(), Align::Right)];
    let rotating = protocol.proposer == Proposer::Rotating;
    if rotating {
        headers.push(("proposer".to_string(), Align::Left));
    }
    for &j in veto {
        headers.push((format!("{} needs", name(j)), Align::Right));
        headers.push((
            format!("{} {}", name(j), if rotating { "gets" } else { "expects" }),
            Align::Right,
        ));
    }
    let columns: Vec<(&str, Align)> = headers.iter().map(|(h, a)| (h.as_str(), *a)).collect();
    let mut rows_table = Table::new(&columns);
    for &round in rounds {
        let plan = &plans[(round - 1) as usize];
        let mut cells = vec![round.to_string()];
        let proposer = proposer_of(protocol, world, round);
        if rotating {
            let offered = plan.offers[proposer].is_some();
            cells.push(format!(
                "{}{}",
                name(proposer),
                if offered { "" } else { " (no offer)" }
            ));
        }
        for &j in veto {
            cells.push(if rotating && j == proposer {
                "—".to_string()
            } else {
                format!("{:.6}", plan.thresholds[j])
            });
            cells.push(format!("{:.6}", plan.values[j]));
        }
        rows_table.row(cells);
    }
    rows_table
}

/// Round `round`'s proposer under rotation (any actor under random draws).
fn proposer_of(protocol: AlternatingOffers, world: &World, round: u32) -> usize {
    let n = world.actors.len().max(1);
    (protocol.first.min(n - 1) + (round as usize - 1)) % n
}

/// One round as played: the offer, each responder's continuation value
/// worked out, and its answer.
fn round(
    scenario: &Scenario,
    world: &World,
    protocol: AlternatingOffers,
    plans: &[RoundPlan],
    event: &RoundEvent,
) -> String {
    let proposer = &scenario.actors[event.proposer].name;
    let Some(offer) = event.offer else {
        return paragraph(&format!(
            "Round {}: {proposer} can offer nothing that gives every veto actor its C; the round \
             passes.{}",
            event.round,
            if event.broke_down {
                " The talks break down."
            } else {
                ""
            }
        ));
    };
    let mut text = paragraph(&format!(
        "Round {}: {proposer} proposes {}, the best it can get ({:.6}) while giving every other \
         veto actor its C.",
        event.round,
        describe(scenario, offer),
        world.actors[event.proposer].utility(offer)
    ));
    for (j, party) in world.actors.iter().enumerate() {
        if j == event.proposer {
            continue;
        }
        let name = &scenario.actors[j].name;
        let line = if !party.veto {
            format!("{name} has no veto: its consent is not needed.")
        } else {
            let needs = event.thresholds[j];
            let utility = party.utility(offer);
            let answer = if !party.within_red_lines(offer) {
                "It rejects: the offer crosses its red line".to_string()
            } else if accepts(party, offer, needs) {
                format!("It gets {utility:.6} ≥ {needs:.6} and accepts")
            } else {
                format!("It gets {utility:.6} < {needs:.6} and rejects")
            };
            format!(
                "{name} needs {}. {answer}.",
                continuation(scenario, world, protocol, plans, event.round, j)
            )
        };
        text.push_str(&indented(&line, 4));
    }
    if event.broke_down {
        text.push_str(&indented("After the rejection the talks break down.", 4));
    }
    text
}

/// How responder `j`'s continuation value in round `round` comes about.
fn continuation(
    scenario: &Scenario,
    world: &World,
    protocol: AlternatingOffers,
    plans: &[RoundPlan],
    round: u32,
    j: usize,
) -> String {
    let party = &world.actors[j];
    let r = party.reservation;
    let Some(next) = plans.get(round as usize) else {
        return format!(
            "its reservation r = {}: this is the last round, and a rejection means no deal",
            number(r)
        );
    };
    let (delta, value, p) = (party.patience, next.values[j], protocol.breakdown);
    let waiting = p * r + (1.0 - p) * delta * value;
    let formula = if p > 0.0 {
        format!(
            "C = p·r + (1 − p)·δ·V = {} × {} + {} × {} × {value:.6} = {waiting:.6}",
            number(p),
            number(r),
            number(1.0 - p),
            number(delta)
        )
    } else {
        format!("C = δ·V = {} × {value:.6} = {waiting:.6}", number(delta))
    };
    let names = |i: usize| scenario.actors[i].name.as_str();
    let source = match protocol.proposer {
        Proposer::Rotating => {
            let next_proposer = proposer_of(protocol, world, round + 1);
            if next_proposer == j {
                format!("V is what it keeps as proposer in round {}", round + 1)
            } else {
                format!(
                    "V is what {}'s offer in round {} gives it",
                    names(next_proposer),
                    round + 1
                )
            }
        }
        Proposer::Random => {
            let draws: Vec<String> = proposer_weights(world)
                .iter()
                .enumerate()
                .filter(|(_, w)| **w > 0.0)
                .map(|(i, w)| {
                    let gets = next.offers[i]
                        .as_ref()
                        .map_or(next.thresholds[j], |offer| party.utility(offer));
                    format!("{gets:.6} if {} proposes ({:.0}%)", names(i), 100.0 * w)
                })
                .collect();
            format!(
                "V is its expected utility in round {}: {}",
                round + 1,
                draws.join(", ")
            )
        }
    };
    let floor = if waiting < r - 1e-12 {
        format!(
            "; that is less than its reservation, so it needs r = {}: it can walk away",
            number(r)
        )
    } else {
        String::new()
    };
    format!("{formula}, where {source}{floor}")
}

/// Keeps the first and last rounds of a long stretch in which nothing can
/// be offered.
fn elide(rounds: &[String]) -> String {
    const KEEP: usize = 3;
    if rounds.len() <= 3 * KEEP {
        return rounds.concat();
    }
    let hidden = rounds.len() - 2 * KEEP;
    format!(
        "{}… {hidden} more rounds like these …\n{}",
        rounds[..KEEP].concat(),
        rounds[rounds.len() - KEEP..].concat()
    )
}

//! Time-dependent alternating offers as a lesson: the concession table.
//!
//! Every round as played ([`AlternatingOffers::solve_observed`]): who
//! proposes, its target, the offer, what the offer gives each veto actor
//! against what it needs (its own target, or under `Faratin` the worth of its
//! own next bid) and whether it passes. A long negotiation is shown compactly
//! ([`super::rows`]); an offer too wide for the screen gets a table of its
//! own, row for row. On a pie the narration adds why agreement comes when it
//! does: the two targets must fit in the pie.

use super::closed_form::{number, pie};
use super::{Align, Labels, Table, alternating, fitting, paragraph, rows, table};
use crate::model::TrialRng;
use crate::model::alternating::{AlternatingOffers, Behaviour, PlayedRound, RoundEvent};
use crate::scenario::{IssueKind, Scenario, format_number};
use crate::world::World;
use std::cell::OnceCell;

pub(super) fn narrate(
    scenario: &Scenario,
    world: &World,
    protocol: AlternatingOffers,
    rng: &mut TrialRng,
) -> String {
    let mut out = intro(scenario, world, protocol);
    out.push('\n');
    let mut played = Vec::new();
    let mut keep = |event: &RoundEvent| played.push(PlayedRound::of(event));
    let solution = if matches!(protocol.behaviour, Behaviour::TimeDependent { .. }) {
        // Offers only for the rounds the table shows: a proposer's offer may
        // take a program per combination of options, and play may last
        // thousands of rounds.
        let shown: OnceCell<Vec<u32>> = OnceCell::new();
        let shows = |last: Option<u32>, round: u32| {
            let Some(last) = last else {
                return true;
            };
            let rows = shown.get_or_init(|| {
                let labels: Vec<u32> = (1..=last).collect();
                let (kept, _) = rows::select(&labels);
                kept.into_iter().map(|k| labels[k]).collect()
            });
            rows.binary_search(&round).is_ok()
        };
        protocol.solve_showing(world, rng, shows, &mut keep)
    } else {
        protocol.solve_observed(world, rng, &mut keep)
    };
    out.push_str(&tables(scenario, world, &played));
    out.push('\n');
    if matches!(protocol.behaviour, Behaviour::TimeDependent { .. }) {
        out.push_str(&why_then(scenario, world, &played));
    }
    out.push_str(&alternating::ending(scenario, world, &solution));
    out
}

/// The concession rule, each actor's exponent, and how responders decide.
fn intro(scenario: &Scenario, world: &World, protocol: AlternatingOffers) -> String {
    let rounds = protocol.max_rounds.max(1);
    let (e, rule) = match protocol.behaviour {
        Behaviour::Faratin { e } => (
            e,
            format!(
                "Time-dependent concession as in Faratin, Sierra & Jennings (1998) and GENIUS: \
                 in round t of T = {rounds} each actor aims at P_min + (P_max − P_min)(1 − \
                 τ^(1/e)), τ = t/(T + 1), from its best utility P_max down to P_min, the larger \
                 of its reservation and its worst utility. It knows only its own utility: it \
                 bids an outcome worth its target to itself, conceding the same fraction of the \
                 way on every issue, and a veto responder accepts an offer worth at least its own \
                 next bid (\"needs\")."
            ),
        ),
        Behaviour::TimeDependent { e } => {
            let lone = match world.veto_actors()[..] {
                [lone] => format!(
                    " {} is the only veto actor: with nobody else to satisfy it offers its own \
                     best outcome, and talks end the first time it proposes.",
                    scenario.actors[lone].name
                ),
                _ => String::new(),
            };
            (
                e,
                format!(
                    "Time-dependent concession (Faratin, Sierra & Jennings 1998): in round t of \
                     T = {rounds} each actor aims at the target r + (1 − r)(1 − τ^(1/e)), τ = \
                     (t − 1)/(T − 1), falling from 1 to its reservation r at the deadline. The \
                     proposer offers the outcome best for the other veto actors that still \
                     gives it its target; a veto responder accepts an offer worth at least its \
                     own target (\"needs\").{lone}"
                ),
            )
        }
        Behaviour::Equilibrium => (1.0, String::new()),
    };
    let pace = |e: f64| {
        if e < 1.0 {
            "Boulware: holds out, concedes late"
        } else if e > 1.0 {
            "Conceder: gives in early"
        } else {
            "linear"
        }
    };
    let exponents: Vec<String> = scenario
        .actors
        .iter()
        .zip(&world.actors)
        .map(|(actor, party)| {
            let own = party.concession.unwrap_or(e);
            format!("{} e = {} ({})", actor.name, number(own), pace(own))
        })
        .collect();
    paragraph(&format!("{rule} Here: {}.", exponents.join("; ")))
}

/// The concession table, and the offers in a table of their own when they
/// do not fit beside it.
fn tables(scenario: &Scenario, world: &World, played: &[PlayedRound]) -> String {
    let labels: Vec<u32> = played.iter().map(|row| row.round).collect();
    let (keep, sentence) = rows::select(&labels);
    let mut out = String::new();
    if let Some(sentence) = sentence {
        out.push_str(&paragraph(&format!(
            "{} rounds were played; the table shows {sentence}. The rounds not shown all end \
             in rejection.",
            played.len()
        )));
    }
    // Names or ids, with the offers if they fit beside the rest, else apart.
    let veto = world.veto_actors();
    let keep = &keep;
    let build = |with_offers: bool| {
        move |labels: Labels, some: &[usize]| {
            concession_table(scenario, world, played, keep, labels, some, with_offers)
        }
    };
    if let Some(text) = fitting(scenario, &veto, false, build(true)) {
        out.push_str(&text);
        return out;
    }
    out.push_str(&fitting(scenario, &veto, true, build(false)).unwrap_or_default());
    out.push_str("\nThe offers, round by round:\n");
    out.push_str(&table(&offers_table(scenario, played, keep)));
    out
}

/// Round, proposer, its target, the offer (if `with_offer`), what each veto
/// actor gets and needs, and whether the offer passed.
fn concession_table(
    scenario: &Scenario,
    world: &World,
    played: &[PlayedRound],
    keep: &[usize],
    labels: Labels,
    veto: &[usize],
    with_offer: bool,
) -> Table {
    let name = |i: usize| labels.of(scenario, i);
    let mut headers: Vec<(String, Align)> = vec![
        ("round".to_string(), Align::Right),
        ("proposer".to_string(), Align::Left),
        ("target".to_string(), Align::Right),
    ];
    if with_offer {
        headers.extend(offer_headers(scenario));
    }
    for &j in veto {
        headers.push((format!("{} gets", name(j)), Align::Right));
        headers.push((format!("{} needs", name(j)), Align::Right));
    }
    headers.push(("result".to_string(), Align::Left));
    let columns: Vec<(&str, Align)> = headers.iter().map(|(h, a)| (h.as_str(), *a)).collect();
    let mut rows_table = Table::new(&columns);
    for row in keep.iter().map(|&k| &played[k]) {
        let mut cells = vec![
            row.round.to_string(),
            name(row.proposer).to_string(),
            utility(row.thresholds[row.proposer]),
        ];
        if with_offer {
            cells.extend(offer_cells(scenario, row));
        }
        for &j in veto {
            let gets = row.offer.as_ref().map(|x| world.actors[j].utility(x));
            cells.push(gets.map_or("—".to_string(), utility));
            cells.push(if j == row.proposer {
                "—".to_string()
            } else {
                utility(row.thresholds[j])
            });
        }
        cells.push(result(row));
        rows_table.row(cells);
    }
    rows_table
}

/// One column per issue: its id, and its unit if it has one.
fn offer_headers(scenario: &Scenario) -> Vec<(String, Align)> {
    scenario
        .issues
        .iter()
        .map(|issue| match (&issue.kind, &issue.unit) {
            (IssueKind::Continuous { .. }, Some(unit)) => {
                (format!("{} ({unit})", issue.id), Align::Right)
            }
            (IssueKind::Continuous { .. }, None) => (issue.id.clone(), Align::Right),
            (IssueKind::Discrete { .. }, _) => (issue.id.clone(), Align::Left),
        })
        .collect()
}

/// The offer's value on each issue, in the issue's units (no unit: the
/// header names it), or dashes when there is no offer.
fn offer_cells(scenario: &Scenario, row: &PlayedRound) -> Vec<String> {
    scenario
        .issues
        .iter()
        .enumerate()
        .map(|(d, issue)| match (&row.offer, &issue.kind) {
            (None, _) => "—".to_string(),
            (Some(offer), IssueKind::Continuous { .. }) => {
                format_number(issue.denormalise(offer[d]))
            }
            (Some(offer), IssueKind::Discrete { .. }) => issue.display_value(offer[d]),
        })
        .collect()
}

/// The offers of the rows kept, when they do not fit in the concession table.
fn offers_table(scenario: &Scenario, played: &[PlayedRound], keep: &[usize]) -> Table {
    let mut headers = vec![("round".to_string(), Align::Right)];
    headers.extend(offer_headers(scenario));
    let columns: Vec<(&str, Align)> = headers.iter().map(|(h, a)| (h.as_str(), *a)).collect();
    let mut offers = Table::new(&columns);
    for row in keep.iter().map(|&k| &played[k]) {
        let mut cells = vec![row.round.to_string()];
        cells.extend(offer_cells(scenario, row));
        offers.row(cells);
    }
    offers
}

/// Whether the round's offer passed (who refused it shows in its columns).
fn result(row: &PlayedRound) -> String {
    match (&row.offer, row.accepted, row.broke_down) {
        (None, _, _) => "no offer",
        (Some(_), true, _) => "accepted",
        (Some(_), false, true) => "rejected; talks break down",
        (Some(_), false, false) => "rejected",
    }
    .to_string()
}

/// A utility for the table; "—" where there is none.
fn utility(value: f64) -> String {
    if value.is_finite() {
        format!("{value:.4}")
    } else {
        "—".to_string()
    }
}

/// On a pie, why agreement comes in the round it does: the proposer offers
/// the other exactly what its own target leaves, so an offer passes once the
/// two targets add up to at most the whole pie.
fn why_then(scenario: &Scenario, world: &World, played: &[PlayedRound]) -> String {
    if pie(scenario, world).is_err() {
        return String::new();
    }
    let sum = |row: &PlayedRound| row.thresholds[0] + row.thresholds[1];
    let Some(at) = played.iter().position(|row| row.accepted) else {
        return String::new();
    };
    let row = &played[at];
    let before = at
        .checked_sub(1)
        .map(|k| {
            let earlier = &played[k];
            format!(
                " (in round {}: {:.4} + {:.4} = {:.4} > 1)",
                earlier.round,
                earlier.thresholds[0],
                earlier.thresholds[1],
                sum(earlier)
            )
        })
        .unwrap_or_default();
    paragraph(&format!(
        "Why round {}? On a pie the proposer offers the other exactly what its own target \
         leaves, 1 − its target, so an offer passes once the two targets fit in the pie: \
         target of {} + target of {} ≤ 1. That happens first in round {}: {:.4} + {:.4} = \
         {:.4}{before}.",
        row.round,
        scenario.actors[0].name,
        scenario.actors[1].name,
        row.round,
        row.thresholds[0],
        row.thresholds[1],
        sum(row)
    ))
}

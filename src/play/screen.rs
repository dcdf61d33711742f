//! What the student reads: the opening, each round, the help, and the
//! verdict at the end. Plain text in at most 100 columns; user text comes
//! from a checked scenario (no control characters) or is quoted.

use super::moves::{red_line_bounds, red_line_text};
use super::{Game, Setup};
use crate::model::{Behaviour, Proposer, Solution};
use crate::report::negotiation::NegotiationFile;
use crate::report::table::{Align, Table};
use crate::scenario::{IssueKind, format_number};
use crate::world::ValueFn;

/// A round's heading: `── Round 3 of 10 · Seller offers ───…`.
pub fn heading(text: &str) -> String {
    let used = text.chars().count() + 4;
    format!("\n── {text} {}\n", "─".repeat(72usize.saturating_sub(used)))
}

/// The opening: who plays whom, how the student values a deal, the
/// deadline, and how to move.
pub fn opening(setup: &Setup) -> String {
    let scenario = setup.scenario;
    let seat = setup.seat;
    let protocol = &setup.protocol;
    let others: Vec<usize> = (0..scenario.actors.len()).filter(|&j| j != seat).collect();
    let names: Vec<&str> = others
        .iter()
        .map(|&j| scenario.actors[j].name.as_str())
        .collect();
    let mut intro = format!(
        "You are {}. zopa plays {} with {}.",
        scenario.actors[seat].name,
        join(&names),
        super::against::describe(protocol.behaviour)
    );
    if !matches!(protocol.behaviour, Behaviour::Equilibrium) {
        for &j in &others {
            if let Some(e) = setup.world.actors[j].concession {
                intro.push_str(&format!(
                    " {} concedes at its own pace (the scenario gives it e = {e}).",
                    scenario.actors[j].name
                ));
            }
        }
    }
    intro.push(' ');
    intro.push_str(&match protocol.proposer {
        Proposer::Rotating => format!(
            "Proposers take turns, starting with {}",
            scenario
                .actors
                .get(protocol.first)
                .map_or("the first actor", |a| a.name.as_str())
        ),
        Proposer::Random => "Each round a proposer is drawn in proportion to power".to_string(),
    });
    intro.push_str(&format!(
        "; the deadline is round {}. Without a deal by then, everyone gets its reservation.",
        setup.deadline()
    ));
    if protocol.breakdown > 0.0 {
        intro.push_str(&format!(
            " After each rejected offer the talks break down with a {} chance.",
            crate::format::percent(protocol.breakdown)
        ));
    }
    let mut out = heading(&scenario.name);
    out.push_str(&prose(&intro, 0));
    out.push_str(&format!(
        "\nWhat a deal is worth to you (utility 0 to 1; with no deal you get {:.3}):\n",
        setup.world.actors[seat].reservation
    ));
    out.push_str(&values_table(setup));
    out.push_str(&format!(
        "\nMoves: {}. Type help for details.\n\n",
        super::moves::MOVES
    ));
    out
}

/// Per issue: its range or options, the student's weight, ideal and red line.
fn values_table(setup: &Setup) -> String {
    let scenario = setup.scenario;
    let party = &setup.world.actors[setup.seat];
    let mut table = Table::new(&[
        ("Issue", Align::Left),
        ("Range or options", Align::Left),
        ("Weight", Align::Right),
        ("Your ideal", Align::Left),
        ("Your red line", Align::Left),
    ]);
    for (d, issue) in scenario.issues.iter().enumerate() {
        let stance = &scenario.actors[setup.seat].stances[d];
        let values = match &issue.kind {
            IssueKind::Continuous { min, max } => format!(
                "{} to {}{}",
                format_number(*min),
                format_number(*max),
                issue
                    .unit
                    .as_deref()
                    .map_or(String::new(), |u| format!(" {u}"))
            ),
            IssueKind::Discrete { options } => options.join(", "),
        };
        let number = |p: f64| format_number(issue.denormalise(p));
        let ideal = match &party.values[d] {
            ValueFn::Linear(p) => format!("{} (linear)", number(*p)),
            ValueFn::Quadratic(p) => format!("{} (quadratic)", number(*p)),
            ValueFn::Table(table) => {
                let best = crate::scenario::best_option(table);
                format!("{} (values below)", issue.display_value(best as f64))
            }
        };
        table.row(vec![
            issue.id.clone(),
            values,
            format!("{:.0}%", 100.0 * party.weights[d]),
            ideal,
            stance
                .red_line
                .as_ref()
                .map_or("none".to_string(), |line| red_line_bounds(issue, line)),
        ]);
    }
    let mut out = indent(&table.render_within(96));
    // What each option of a discrete issue is worth, one issue a line.
    for (issue, value) in scenario.issues.iter().zip(&party.values) {
        if let (IssueKind::Discrete { options }, ValueFn::Table(table)) = (&issue.kind, value) {
            let values: Vec<String> = options
                .iter()
                .zip(table)
                .map(|(option, value)| format!("{option} {value:.2}"))
                .collect();
            out.push_str(&format!("  {}: {}\n", issue.id, values.join(", ")));
        }
    }
    out
}

/// An offer, one issue a line.
fn offer_lines(setup: &Setup, offer: &[f64]) -> String {
    let scenario = setup.scenario;
    let width = scenario
        .issues
        .iter()
        .map(|issue| issue.name.chars().count())
        .max()
        .unwrap_or(0)
        .min(40);
    scenario
        .issues
        .iter()
        .zip(offer)
        .map(|(issue, value)| {
            format!(
                "    {:<width$}  {}\n",
                issue.name,
                issue.display_value(*value)
            )
        })
        .collect()
}

/// An offer made to the student, with what it is worth to the student
/// against its reservation, and whether it crosses the student's red line.
pub fn offer_text(setup: &Setup, offer: &[f64]) -> String {
    let party = &setup.world.actors[setup.seat];
    let utility = party.utility(offer);
    let reservation = party.reservation;
    let verdict = if !party.within_red_lines(offer) {
        "; it crosses your red line: you cannot accept it".to_string()
    } else if utility < reservation - 1e-9 {
        format!(", below your reservation {reservation:.3}: no deal is better for you")
    } else {
        format!(" (your reservation: {reservation:.3})")
    };
    format!(
        "{}  Worth {utility:.3} to you{verdict}.\n",
        offer_lines(setup, offer)
    )
}

/// The student's own offer, with what it is worth to the student.
pub fn own_offer_text(setup: &Setup, offer: &[f64]) -> String {
    format!(
        "{}  Worth {:.3} to you.\n",
        offer_lines(setup, offer),
        setup.world.actors[setup.seat].utility(offer)
    )
}

/// The help: every move, every issue, the other side's red lines.
pub fn help(setup: &Setup) -> String {
    let scenario = setup.scenario;
    let mut out = String::from(
        "Moves:\n  accept                  take the offer on the table\n  reject                  \
         turn it down\n  offer ISSUE=VALUE ...   propose, or counter-offer (a counter-offer \
         rejects the offer\n                          on the table and is yours next round if you \
         propose then);\n                          issues you leave out keep your previous \
         offer's values,\n                          e.g. ",
    );
    out.push_str(&format!("offer {}\n", setup.example_offer()));
    out.push_str(
        "  help                    this text\n  quit                    leave the table: no deal, \
         everyone gets its reservation\nA value is a number in the issue's units or an option's \
         name (quote names with spaces).\n\n",
    );
    out.push_str(&values_table(setup));
    let lines: Vec<String> = scenario
        .actors
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != setup.seat && setup.world.actors[*j].veto)
        .flat_map(|(_, actor)| {
            scenario
                .issues
                .iter()
                .zip(&actor.stances)
                .filter_map(move |(issue, stance)| {
                    stance
                        .red_line
                        .as_ref()
                        .map(|line| format!("  {}: {}", actor.name, red_line_text(issue, line)))
                })
        })
        .collect();
    if !lines.is_empty() {
        out.push_str("\nThe others' red lines (they refuse any deal beyond them):\n");
        out.push_str(&lines.join("\n"));
        out.push('\n');
    }
    out
}

/// The verdict: how the talks ended, the deal beside the Nash and
/// Kalai–Smorodinsky points, the agents' equilibrium and no deal, what the
/// student got against the equilibrium and against zopa's agent in its seat,
/// and whether some deal would have given both sides more.
pub fn verdict(setup: &Setup, game: &Game, file: &NegotiationFile) -> String {
    let scenario = setup.scenario;
    let world = &setup.world;
    let (seat, partner) = (setup.seat, setup.partner);
    let me = &scenario.actors[seat].name;
    let them = &scenario.actors[partner].name;
    let utility = |solution: &Solution, j: usize| {
        solution
            .outcome
            .as_deref()
            .map_or(world.actors[j].reservation, |x| world.actors[j].utility(x))
    };
    let round = game.solution.rounds.unwrap_or(0);
    let mut out = heading(&match (&game.solution.outcome, game.left) {
        (Some(outcome), _) => format!("Deal in round {round}: {}", describe(setup, outcome)),
        (None, true) => format!("You left the table in round {round}: no deal"),
        (None, false) if game.solution.broke_down => {
            format!("The talks broke down after round {round}: no deal")
        }
        (None, false) => format!("The deadline passed after round {round}: no deal"),
    });
    let mut table = Table::new(&[
        ("", Align::Left),
        (&format!("{me} (you)"), Align::Right),
        (them.as_str(), Align::Right),
    ]);
    let row = |label: &str, point: Option<(f64, f64)>, table: &mut Table| {
        if let Some((x, y)) = point {
            table.row(vec![
                label.to_string(),
                format!("{x:.3}"),
                format!("{y:.3}"),
            ]);
        }
    };
    let yours = (
        utility(&game.solution, seat),
        utility(&game.solution, partner),
    );
    row(
        if game.solution.outcome.is_some() {
            "Your deal"
        } else {
            "Your result (no deal)"
        },
        Some(yours),
        &mut table,
    );
    row("Nash", file.nash, &mut table);
    row("Kalai–Smorodinsky", file.kalai_smorodinsky, &mut table);
    row(
        "The agents' equilibrium",
        Some((
            utility(&game.equilibrium, seat),
            utility(&game.equilibrium, partner),
        )),
        &mut table,
    );
    row(
        "No deal (reservations)",
        Some((
            world.actors[seat].reservation,
            world.actors[partner].reservation,
        )),
        &mut table,
    );
    out.push_str(&indent(&table.render()));
    let equilibrium = utility(&game.equilibrium, seat);
    let agents = utility(&game.agents, seat);
    out.push('\n');
    out.push_str(&prose(&format!(
        "You got {:.3}: {} what the agents' equilibrium play would have given you ({equilibrium:.3}){}.",
        yours.0,
        compare(yours.0, equilibrium),
        if setup.protocol.behaviour == crate::model::Behaviour::Equilibrium {
            String::new()
        } else {
            format!(
                ", and {} what zopa's agent won in your seat against the same agents ({agents:.3})",
                compare(yours.0, agents)
            )
        }
    ), 0));
    if game.solution.outcome.is_some() {
        // Frontier points are outcomes zopa found: one that gives both more
        // is a deal that was there to be had.
        let better = file
            .frontier
            .iter()
            .filter(|(x, y)| *x >= yours.0 - 1e-9 && *y >= yours.1 - 1e-9)
            .map(|&(x, y)| (x - yours.0) + (y - yours.1))
            .fold(0.0f64, f64::max);
        if better > 0.005 {
            out.push_str(&prose(
                &format!(
                    "Your deal lies inside the Pareto frontier: another deal would have given \
                     both of you more (together up to {better:.3} more)."
                ),
                0,
            ));
        } else {
            out.push_str(
                "Your deal lies on the Pareto frontier: no other deal gives both of you more.\n",
            );
        }
    }
    out
}

/// A paragraph broken at spaces into lines of at most 96 characters, the
/// first indented by `indent`, the rest by two more.
pub fn prose(text: &str, indent: usize) -> String {
    crate::report::run::wrap(text, 96, indent)
}

/// How `mine` compares with `other`, in words.
fn compare(mine: f64, other: f64) -> String {
    let gap = mine - other;
    if gap.abs() < 0.0005 {
        "the same as".to_string()
    } else if gap > 0.0 {
        format!("{gap:.3} more than")
    } else {
        format!("{:.3} less than", -gap)
    }
}

/// `issue = value, …` in the issues' own terms.
pub fn describe(setup: &Setup, outcome: &[f64]) -> String {
    setup.scenario.describe(outcome)
}

/// "A", "A and B", "A, B and C".
fn join(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Every line indented by two spaces.
fn indent(text: &str) -> String {
    text.lines().map(|line| format!("  {line}\n")).collect()
}

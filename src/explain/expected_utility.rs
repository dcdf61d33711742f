//! Bueno de Mesquita's expected utility model explained issue by issue, from
//! the events the model reports while it plays
//! ([`ExpectedUtility::solve_observed`]): where each issue starts, how many
//! actors move in each round and how (a run of rounds in which nobody moves
//! is one line with its count), and where each actor ends.

use super::{indented, paragraph, table};
use crate::model::TrialRng;
use crate::model::expected_utility::{
    EuEvent, EuRules, ExpectedUtility, OfferKind, Round, Stake, Still, mean_position,
};
use crate::report::table::{Align, Table};
use crate::scenario::{Issue, Scenario};
use crate::world::World;

pub(super) fn narrate(
    scenario: &Scenario,
    world: &World,
    model: ExpectedUtility,
    rng: &mut TrialRng,
) -> String {
    let mut out = paragraph(&format!(
        "Bueno de Mesquita's model, rules: {} ({}). Each round, every actor weighs challenging every other (who would win a vote of capability × salience, whether the rival gives in) and {}. Actors with salience 0 on an issue take no part in it. The forecast is the capability × salience weighted mean after the last round.",
        model.rules.name(),
        source(model.rules),
        choice(model.rules),
    ));
    out.push('\n');
    // The stakes an issue started from, for the table at its end; None while
    // the issue is not played.
    let mut start: Option<Vec<Stake>> = None;
    // The run of rounds in which nobody moved, not yet written: (first, last, mean).
    let mut idle: Option<(u32, u32, f64)> = None;
    // Lines written for the issue's rounds, and the rounds past
    // [`ROUND_LINES`], told in one line at the end.
    let mut lines = 0;
    let mut rest: Option<Rest> = None;
    model.solve_observed(world, rng, &mut |event: &EuEvent| match *event {
        EuEvent::Settled { issue, .. } => out.push_str(&format!(
            "{}: discrete, settled by the compromise rule.\n\n",
            scenario.issues[issue].name
        )),
        EuEvent::Start {
            issue,
            stakes,
            taking_part,
            still,
            ..
        } => {
            let issue = &scenario.issues[issue];
            lines = 0;
            out.push_str(&format!(
                "{}: start at weighted mean {}\n",
                issue.name,
                issue.display_value(mean_position(stakes))
            ));
            if taking_part.len() < stakes.len() {
                let out_of_it: Vec<&str> = (0..stakes.len())
                    .filter(|k| !taking_part.contains(k))
                    .map(|k| scenario.actors[k].name.as_str())
                    .collect();
                out.push_str(&indented(
                    &format!("Salience 0, so taking no part: {}.", out_of_it.join(", ")),
                    2,
                ));
            }
            start = match still {
                None => Some(stakes.to_vec()),
                Some(Still::Together) => {
                    out.push_str(
                        "  Every actor already stands at the same position: nothing moves.\n\n",
                    );
                    None
                }
                Some(Still::Unweighted) => {
                    out.push_str("  No actor weighs this issue (capability × salience is 0 for all): nothing moves.\n\n");
                    None
                }
            };
        }
        EuEvent::Round {
            issue,
            round,
            played,
            stakes,
        } => {
            let issue = &scenario.issues[issue];
            let mean = mean_position(stakes);
            let moves = played.accepted.iter().flatten().count();
            if lines >= ROUND_LINES {
                let rest = rest.get_or_insert(Rest {
                    first: round,
                    last: round,
                    moving: 0,
                    moves: 0,
                    mean,
                });
                rest.last = round;
                rest.moving += u32::from(moves > 0);
                rest.moves += moves;
                rest.mean = mean;
            } else if moves == 0 {
                let first = idle.map_or(round, |(first, _, _)| first);
                idle = Some((first, round, mean));
            } else {
                let idle_text = idle_line(issue, idle.take());
                lines += usize::from(!idle_text.is_empty()) + 1;
                out.push_str(&idle_text);
                out.push_str(&round_line(issue, round, played, stakes));
            }
        }
        EuEvent::Forecast {
            issue,
            stakes,
            forecast,
        } => {
            out.push_str(&idle_line(&scenario.issues[issue], idle.take()));
            out.push_str(&rest_line(&scenario.issues[issue], rest.take()));
            if let Some(start) = start.take() {
                let issue = &scenario.issues[issue];
                out.push('\n');
                out.push_str(&table(&moves_table(scenario, issue, &start, stakes)));
                out.push_str(&format!(
                    "→ forecast for {}: {}\n",
                    issue.name,
                    issue.display_value(forecast)
                ));
                out.push('\n');
            }
        }
    });
    out
}

/// The lines an issue's rounds take before the rest are told in one line:
/// a long run (100,000 rounds on 100 issues) would otherwise print a line a
/// round and hold them all, 1.57 GB in a random-scenario campaign.
const ROUND_LINES: usize = 40;

/// The rounds past [`ROUND_LINES`], told together.
struct Rest {
    first: u32,
    last: u32,
    /// Rounds in which some actor moved.
    moving: u32,
    /// Moves in all.
    moves: usize,
    /// The weighted mean after the last of them.
    mean: f64,
}

/// The rounds past [`ROUND_LINES`] as one line (nothing without them).
fn rest_line(issue: &Issue, rest: Option<Rest>) -> String {
    let Some(rest) = rest else {
        return String::new();
    };
    format!(
        "  rounds {}–{}, not listed: moves in {} of them ({} in all); mean ends at {}\n",
        rest.first,
        rest.last,
        rest.moving,
        rest.moves,
        issue.display_value(rest.mean)
    )
}

/// Where a rule set comes from.
fn source(rules: EuRules) -> &'static str {
    match rules {
        EuRules::Paper => "Scholz, Calbert & Smith 2011 as zopa reads the paper",
        EuRules::Jmckib => "the jmckib replication of Scholz's code",
        EuRules::Masad => "David Masad's replication",
    }
}

/// How an actor picks among the demands it faces, under `rules`.
fn choice(rules: EuRules) -> &'static str {
    match rules {
        EuRules::Paper => "moves to the credible demand that moves it least",
        EuRules::Jmckib => {
            "gives way to the nearest rival it expects to lose a confrontation to, else compromises (nobody capitulates under these rules)"
        }
        EuRules::Masad => "answers the demand whose sender expects to gain most from it",
    }
}

/// One round: the weighted mean after it, and how many actors moved how.
fn round_line(issue: &Issue, round: u32, played: &Round, stakes: &[Stake]) -> String {
    let count = |kind: OfferKind| {
        played
            .accepted
            .iter()
            .flatten()
            .filter(|offer| offer.kind == kind)
            .count()
    };
    let (confronted, compromises, gives_in) = (
        count(OfferKind::Confrontation),
        count(OfferKind::Compromise),
        count(OfferKind::Capitulation),
    );
    format!(
        "  round {round:>2}: mean {:>8}   {} move: {compromises} compromise, {confronted} lose a confrontation, {gives_in} give in\n",
        issue.display_value(mean_position(stakes)),
        compromises + confronted + gives_in
    )
}

/// A run of rounds in which nobody moved, as one line (nothing without one).
fn idle_line(issue: &Issue, idle: Option<(u32, u32, f64)>) -> String {
    match idle {
        None => String::new(),
        Some((first, last, mean)) if first == last => format!(
            "  round {first:>2}: nothing moves (mean stays {})\n",
            issue.display_value(mean)
        ),
        Some((first, last, mean)) => format!(
            "  rounds {first}–{last}: nothing moves ({} rounds; mean stays {})\n",
            last - first + 1,
            issue.display_value(mean)
        ),
    }
}

/// Each actor's weight and where it started and ended on the issue.
fn moves_table(scenario: &Scenario, issue: &Issue, start: &[Stake], end: &[Stake]) -> Table {
    let mut table = Table::new(&[
        ("Actor", Align::Left),
        ("capability × salience", Align::Right),
        ("start", Align::Right),
        ("end", Align::Right),
    ]);
    for ((actor, before), after) in scenario.actors.iter().zip(start).zip(end) {
        table.row(vec![
            actor.name.clone(),
            format!("{:.3}", before.weight()),
            issue.display_value(before.position),
            issue.display_value(after.position),
        ]);
    }
    table
}

//! What the static models' lessons add to their answer: which red line binds,
//! and without a zone of possible agreement, why there is none.
//!
//! A red line *binds* when the model, solved again without it (every other
//! input the same), gives another answer; that is the textbook meaning of a
//! binding constraint, and it works alike for every model and for discrete
//! issues, where "the deal sits on the line" has no meaning. Without a zone,
//! each veto actor's best outcome while every other veto actor gets at least
//! its reservation (within all their red lines) shows the gap: it is never
//! more than the actor's own reservation.

use super::{Align, Table, describe, paragraph, table};
use crate::cost::{self, Cost};
use crate::model::{self, TrialRng, best_over_combinations};
use crate::model_kind::ModelKind;
use crate::scenario::Scenario;
use crate::solve::space::{Floor, Space};
use crate::world::{Dimension, Limit, World};
use rand::SeedableRng;

/// The seconds, estimated on one core by [`crate::cost`], that a lesson here
/// may add to `explain` (which has solved the model once, itself held to the
/// per-trial limit) unless `--allow-slow` is given. Past it the lesson says
/// what it left out and why. A random-scenario campaign found lessons that
/// took 37 s (Kalai–Smorodinsky solved again for each of 72 red lines) and
/// over 39 s (a linear program per veto actor and combination of options);
/// five seconds keeps `explain` an answer one waits for.
const LESSON_SECONDS: f64 = 5.0;

/// The answer of a static model on `world`.
fn solve(kind: ModelKind, world: &World) -> Option<Vec<f64>> {
    // Static models never draw from the stream.
    let mut rng = TrialRng::seed_from_u64(0);
    model::build(kind).solve(world, &mut rng).outcome
}

/// Whether two answers differ (continuous values by more than 1e-6).
fn differ(world: &World, a: Option<&[f64]>, b: Option<&[f64]>) -> bool {
    match (a, b) {
        (None, None) => false,
        (Some(a), Some(b)) => world.issues.iter().enumerate().any(|(d, kind)| match kind {
            Dimension::Continuous => (a[d] - b[d]).abs() > 1e-6,
            Dimension::Discrete(_) => a[d].round() != b[d].round(),
        }),
        _ => true,
    }
}

/// A red line in the issue's terms: "at least 150 EUR", "only 2 weeks, 4 weeks".
fn red_line_text(scenario: &Scenario, limit: &Limit, d: usize) -> String {
    let issue = &scenario.issues[d];
    match limit {
        Limit::Free => "none".to_string(),
        Limit::Interval(lo, hi) => match (*lo > 0.0, *hi < 1.0) {
            (true, true) => format!(
                "between {} and {}",
                issue.display_value(*lo),
                issue.display_value(*hi)
            ),
            (true, false) => format!("at least {}", issue.display_value(*lo)),
            (false, true) => format!("at most {}", issue.display_value(*hi)),
            (false, false) => "the whole range".to_string(),
        },
        Limit::Allowed(allowed) => {
            let names: Vec<String> = allowed
                .iter()
                .enumerate()
                .filter(|(_, ok)| **ok)
                .map(|(k, _)| issue.display_value(k as f64))
                .collect();
            format!("only {}", names.join(", "))
        }
    }
}

/// Which of the veto actors' red lines bind `kind`'s answer `outcome` on
/// `world`; empty when no veto actor has one.
pub(super) fn red_lines(
    scenario: &Scenario,
    world: &World,
    kind: ModelKind,
    outcome: Option<&[f64]>,
    allow_slow: bool,
) -> String {
    let lines: Vec<(usize, usize)> = world
        .veto_actors()
        .into_iter()
        .flat_map(|i| (0..world.issues.len()).map(move |d| (i, d)))
        .filter(|&(i, d)| world.actors[i].limits[d] != Limit::Free)
        .collect();
    if lines.is_empty() {
        return String::new();
    }
    let model = kind.cli_name();
    // Each red line is tested by solving again without it, and all of them
    // together once more.
    let per_solve = Cost::of(scenario, kind)
        .slow
        .map_or(0.0, |slow| slow.seconds);
    let seconds = per_solve * (lines.len() + 1) as f64;
    if !allow_slow && seconds > LESSON_SECONDS {
        return paragraph(&format!(
            "The veto actors hold {} red lines. Whether one binds is found by solving {model} \
             again without it; {} solves at {} each would take {} on one core, so this \
             explanation leaves it out. Pass --allow-slow to find out which bind.",
            lines.len(),
            lines.len() + 1,
            cost::about(per_solve),
            cost::about(seconds)
        ));
    }
    let answer = |other: &Option<Vec<f64>>| match other {
        Some(other) => describe(scenario, other),
        None => "no agreement".to_string(),
    };
    let label = |i: usize, d: usize| {
        format!(
            "{}'s red line on {} ({})",
            scenario.actors[i].name,
            scenario.issues[d].name,
            red_line_text(scenario, &world.actors[i].limits[d], d)
        )
    };
    let mut out = String::new();
    let mut loose = Vec::new();
    for &(i, d) in &lines {
        let mut without = world.clone();
        without.actors[i].limits[d] = Limit::Free;
        let other = solve(kind, &without);
        if !differ(world, outcome, other.as_deref()) {
            loose.push(label(i, d));
            continue;
        }
        let on_it = match (outcome, &world.actors[i].limits[d]) {
            (Some(x), Limit::Interval(lo, hi))
                if (x[d] - lo).abs() < 1e-9 || (x[d] - hi).abs() < 1e-9 =>
            {
                format!(
                    ", and the deal sits on it ({} = {})",
                    scenario.issues[d].id,
                    scenario.issues[d].display_value(x[d])
                )
            }
            _ => String::new(),
        };
        out.push_str(&paragraph(&format!(
            "{} binds{on_it}: without it, {model} would give {}.",
            label(i, d),
            answer(&other)
        )));
    }
    if !loose.is_empty() {
        let joint = if out.is_empty() {
            let mut without = world.clone();
            for &(i, d) in &lines {
                without.actors[i].limits[d] = Limit::Free;
            }
            let other = solve(kind, &without);
            if differ(world, outcome, other.as_deref()) {
                format!(
                    " No single one changes the answer, but together they do: without any of \
                     them, {model} would give {}.",
                    answer(&other)
                )
            } else {
                String::new()
            }
        } else {
            String::new()
        };
        out.push_str(&paragraph(&if loose.len() == 1 {
            format!(
                "{} does not bind: the answer would be the same without it.{joint}",
                loose[0]
            )
        } else {
            format!(
                "These red lines do not bind (the answer would be the same without each one): \
                 {}.{joint}",
                loose.join("; ")
            )
        }));
    }
    out
}

/// Why no outcome gives every veto actor more than its reservation: the red
/// lines that leave nothing, or each veto actor's best while the others get
/// their reservations.
pub(super) fn without_zone(scenario: &Scenario, world: &World, allow_slow: bool) -> String {
    let veto = world.veto_actors();
    let space = Space::new(world, &veto);
    let name = |i: usize| scenario.actors[i].name.as_str();
    if space.empty {
        return conflicting_red_lines(scenario, world, &veto);
    }
    // A linear program per veto actor and combination of options; a lone
    // veto actor's best is set issue by issue.
    let seconds = if veto.len() == 1 {
        0.0
    } else {
        cost::edge_programs_seconds(scenario, veto.len() as f64)
    };
    if !allow_slow && seconds > LESSON_SECONDS {
        return paragraph(&format!(
            "Why there is no zone would show in each veto actor's best outcome while every other \
             gets its reservation: a linear program for each of the {} veto actors in each \
             combination of discrete options, {} on one core, so this explanation leaves \
             it out. Pass --allow-slow to see it.",
            veto.len(),
            cost::about(seconds)
        ));
    }
    let mut best_table = Table::new(&[
        ("Veto actor", Align::Left),
        ("reservation", Align::Right),
        ("its best, the others at their reservations", Align::Right),
        ("short by", Align::Right),
    ]);
    let mut all_short = true;
    let mut any_unreachable = false;
    for &i in &veto {
        let floors: Vec<Floor> = veto
            .iter()
            .filter(|&&j| j != i)
            .map(|&j| Floor {
                actor: j,
                floor: world.actors[j].reservation,
                scale: 0.0,
            })
            .collect();
        let best = if floors.is_empty() {
            Some(world.actors[i].utility(&model::best_for(world, &space, i)))
        } else {
            best_over_combinations(world, &space, &floors, 0.0, &[(i, 1.0)])
                .map(|(_, outcome)| world.actors[i].utility(&outcome))
        };
        let reservation = world.actors[i].reservation;
        let (best, short) = match best {
            Some(best) => {
                all_short &= best <= reservation + model::GAIN_TOLERANCE;
                // No "-0.0000" where the best is the reservation.
                let short = reservation - best;
                let short = if short.abs() < 5e-5 { 0.0 } else { short };
                (format!("{best:.4}"), format!("{short:.4}"))
            }
            None => {
                any_unreachable = true;
                ("—".to_string(), "—".to_string())
            }
        };
        best_table.row(vec![
            name(i).to_string(),
            format!("{reservation:.4}"),
            best,
            short,
        ]);
    }
    let mut out = paragraph(
        "Why there is no zone: for each veto actor, the most it could get from an outcome that \
         gives every other veto actor at least its reservation (within all their red lines).",
    );
    out.push_str(&table(&best_table));
    if any_unreachable {
        out.push_str(&paragraph(
            "—: the others cannot all reach their reservations at once, whatever this actor \
             gives up.",
        ));
    }
    out.push_str(&paragraph(if veto.len() == 1 {
        "No outcome gives the only veto actor more than its reservation: what it can get \
         elsewhere is worth at least as much as its best deal here."
    } else if all_short {
        "None of them gets more than its reservation: whatever one side needs to sign leaves \
         another below what it can get elsewhere. A deal needs new issues, side payments or \
         lower reservations."
    } else {
        "Each of them could gain alone, but no outcome lets them all gain at once."
    }));
    out
}

/// The issues on which the veto actors' red lines leave nothing.
fn conflicting_red_lines(scenario: &Scenario, world: &World, veto: &[usize]) -> String {
    let mut out = String::new();
    for (d, issue) in scenario.issues.iter().enumerate() {
        let limits = || veto.iter().map(|&i| &world.actors[i].limits[d]);
        let empty_here = match world.issues[d] {
            Dimension::Continuous => {
                let (lo, hi) = limits().fold((0.0f64, 1.0f64), |(lo, hi), limit| match limit {
                    Limit::Interval(a, b) => (lo.max(*a), hi.min(*b)),
                    _ => (lo, hi),
                });
                lo > hi
            }
            Dimension::Discrete(n) => !(0..n).any(|k| limits().all(|limit| limit.allows(k as f64))),
        };
        if !empty_here {
            continue;
        }
        let demands: Vec<String> = veto
            .iter()
            .filter(|&&i| world.actors[i].limits[d] != Limit::Free)
            .map(|&i| {
                format!(
                    "{} accepts {}",
                    scenario.actors[i].name,
                    red_line_text(scenario, &world.actors[i].limits[d], d)
                )
            })
            .collect();
        out.push_str(&paragraph(&format!(
            "Why there is no zone: on {}, {}; no value is left that all of them accept.",
            issue.name,
            demands.join(", ")
        )));
    }
    out
}

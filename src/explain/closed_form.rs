//! The published closed forms of alternating offers, computed from the
//! scenario's own numbers and set beside zopa's answer.
//!
//! Each closed form holds under assumptions, and is shown only when the
//! scenario meets them; otherwise the narration names the first assumption it
//! breaks. All of them are about a *pie*: two veto actors, one continuous
//! issue, linear values with ideals at opposite ends (so their utilities add
//! up to 1 everywhere), no red lines; the equilibrium forms also assume that
//! a player gets nothing without a deal (reservations 0).
//!
//! - Rotating proposers: Rubinstein (1982). Without a deadline the first
//!   proposer gets `x* = (1 − δ2)/(1 − δ1·δ2)`; with a deadline of `T` rounds
//!   backward induction gives `x_T = (1 − (−δ)^T)/(1 + δ)` for a common `δ`
//!   and, for two discount factors, `x_T = (1 − δ2)(1 − q^m)/(1 − q) + [T odd]·q^m`
//!   with `q = δ1·δ2` and `m = ⌊T/2⌋` (the same recursion
//!   `x ← 1 − δ2(1 − δ1·x)` summed over pairs of rounds, from the last
//!   proposer's whole pie or the second player's whole pie).
//! - Random proposers: the two-player, unanimity case of Baron & Ferejohn
//!   (1989): with recognition probabilities `π`, the stationary values solve
//!   `V1 = π1(1 − δ2·V2) + π2·δ1·V1` (and the mirror), so
//!   `V1 = π1(1 − δ2)/(1 − π2·δ1 − π1·δ2)`, and proposer 1 keeps `1 − δ2·V2`.
//! - A breakdown probability `p` with nothing on breakdown multiplies every
//!   discount factor by `1 − p` (Binmore, Rubinstein & Wolinsky 1986): the
//!   continuation value `p·r + (1 − p)·δ·V` is `(1 − p)·δ·V` when `r = 0`.

use super::{Align, Table};
use crate::model::alternating::{AlternatingOffers, Proposer, RoundPlan, proposer_weights};
use crate::scenario::Scenario;
use crate::world::{Limit, ValueFn, World};

/// Whether `world` is a pie: `Ok([a, b])` with the two actors, or why not.
pub(super) fn pie(scenario: &Scenario, world: &World) -> Result<[usize; 2], String> {
    let name = |i: usize| scenario.actors[i].name.as_str();
    if world.actors.len() != 2 {
        return Err(format!(
            "they are about two actors, and this scenario has {}",
            world.actors.len()
        ));
    }
    if let Some(i) = (0..2).find(|&i| !world.actors[i].veto) {
        return Err(format!("{} has no veto", name(i)));
    }
    if world.issues.len() != 1 || scenario.issues[0].is_discrete() {
        return Err(format!(
            "they split one pie (one continuous issue), and this scenario has {} issue{}{}",
            world.issues.len(),
            if world.issues.len() == 1 { "" } else { "s" },
            if world.issues.len() == 1 {
                " with options"
            } else {
                ""
            }
        ));
    }
    let mut ideals = [0.0; 2];
    for (i, ideal) in ideals.iter_mut().enumerate() {
        match world.actors[i].values[0] {
            ValueFn::Linear(p) => *ideal = p,
            _ => {
                return Err(format!(
                    "{} values the issue quadratically, so the frontier is curved, not a pie",
                    name(i)
                ));
            }
        }
        if world.actors[i].limits[0] != Limit::Free {
            return Err(format!("{} has a red line", name(i)));
        }
    }
    if (ideals[0] - ideals[1]).abs() != 1.0 {
        return Err(
            "the two ideals are not at opposite ends of the issue, so the utilities do not add \
             up to 1"
                .to_string(),
        );
    }
    Ok([0, 1])
}

/// The closed-form section for equilibrium play (see the module).
pub(super) fn equilibrium(
    scenario: &Scenario,
    world: &World,
    protocol: AlternatingOffers,
    plans: &[RoundPlan],
) -> String {
    let unmet = |reason: String| {
        super::paragraph(&format!(
            "Closed form: none of the published ones applies here, because {reason}. The \
             backward induction above is the answer."
        ))
    };
    let pair = match pie(scenario, world) {
        Ok(pair) => pair,
        Err(reason) => return unmet(reason),
    };
    let reservations = pair.map(|i| world.actors[i].reservation);
    if reservations.iter().any(|&r| r != 0.0) {
        return unmet(format!(
            "the published games give a player nothing without a deal, and here the \
             reservations are {} and {} (a player can walk away with its reservation, which \
             changes the shares)",
            number(reservations[0]),
            number(reservations[1])
        ));
    }
    let Some(first_plan) = plans.first() else {
        return String::new();
    };
    let mut out = String::new();
    let p = protocol.breakdown;
    let discount = |i: usize| (1.0 - p) * world.actors[i].patience;
    let name = |i: usize| scenario.actors[i].name.as_str();
    match protocol.proposer {
        Proposer::Rotating => {
            let first = protocol.first.min(1);
            let second = 1 - first;
            let (d1, d2) = (discount(first), discount(second));
            out.push_str(&super::paragraph(&format!(
                "Closed form. This is Rubinstein's (1982) game: two players split a pie (their \
                 utilities add up to 1), propose in turn and get nothing without a deal. Player \
                 1 = {} (proposes first), δ1 = {}; player 2 = {}, δ2 = {}.{} Without a deadline \
                 each proposer offers the other what waiting is worth to it, x* = 1 − δ2·(1 − \
                 δ1·x*). With a deadline of T rounds, backward induction starts from the last \
                 round, where the proposer takes the whole pie, and each pair of rounds back \
                 applies x ← (1 − δ2) + δ1·δ2·x: that gives x_T.",
                name(first),
                number(d1),
                name(second),
                number(d2),
                breakdown_note(p)
            )));
            let rounds = protocol.max_rounds.max(1);
            let infinite = (1.0 - d2) / (1.0 - d1 * d2);
            let finite = rubinstein_deadline(d1, d2, rounds);
            let zopa = first_plan.offers[first]
                .as_ref()
                .map(|offer| world.actors[first].utility(offer));
            let formula = if d1 == d2 {
                format!("(1 − (−δ)^T)/(1 + δ), δ = {}", number(d1))
            } else {
                format!(
                    "(1 − δ2)(1 − q^m)/(1 − q){}, q = δ1·δ2 = {}, m = {}",
                    if rounds % 2 == 1 { " + q^m" } else { "" },
                    number(d1 * d2),
                    rounds / 2
                )
            };
            let share = format!("{}'s share", name(first));
            let mut forms = Table::new(&[
                (share.as_str(), Align::Left),
                ("formula", Align::Left),
                ("value", Align::Right),
            ]);
            forms.row(vec![
                "x*, no deadline".to_string(),
                format!(
                    "(1 − δ2)/(1 − δ1·δ2) = {}/{}",
                    number(1.0 - d2),
                    number(1.0 - d1 * d2)
                ),
                format!("{infinite:.6}"),
            ]);
            forms.row(vec![
                format!("x_T, deadline T = {rounds}"),
                formula,
                format!("{finite:.6}"),
            ]);
            if let Some(zopa) = zopa {
                forms.row(vec![
                    "zopa's first offer".to_string(),
                    "backward induction (above)".to_string(),
                    format!("{zopa:.6}"),
                ]);
            }
            out.push_str(&super::table(&forms));
            out.push_str(&super::paragraph(&match zopa {
                Some(zopa) => verdict(zopa, finite, infinite, rounds),
                None => format!(
                    "zopa found no first offer for {}: the closed forms do not describe this play.",
                    name(first)
                ),
            }));
        }
        Proposer::Random => {
            let draw = proposer_weights(world);
            let (pi1, pi2) = (draw[0], draw[1]);
            let (d1, d2) = (discount(0), discount(1));
            let denominator = 1.0 - pi2 * d1 - pi1 * d2;
            let v1 = pi1 * (1.0 - d2) / denominator;
            let v2 = pi2 * (1.0 - d1) / denominator;
            out.push_str(&super::paragraph(&format!(
                "Closed form. This is the two-player case of Baron and Ferejohn's (1989) game: \
                 each round the proposer is drawn, player 1 = {} with π1 = {}, player 2 = {} \
                 with π2 = {} (∝ power); δ1 = {}, δ2 = {}; both must agree, and nothing without \
                 a deal. Without a deadline, what each expects before the draw solves V1 = π1(1 − \
                 δ2·V2) + π2·δ1·V1 and its mirror: a proposer keeps what the other does not need, \
                 and a responder gets what waiting is worth to it.{}",
                name(0),
                number(pi1),
                name(1),
                number(pi2),
                number(d1),
                number(d2),
                breakdown_note(p)
            )));
            let keeps = |i: usize| {
                first_plan.offers[i]
                    .as_ref()
                    .map(|offer| world.actors[i].utility(offer))
            };
            let (Some(k1), Some(k2)) = (keeps(0), keeps(1)) else {
                out.push_str(&super::paragraph(
                    "zopa found no first offer for one of them: the closed form does not \
                     describe this play.",
                ));
                return out;
            };
            let (z1, z2) = (first_plan.values[0], first_plan.values[1]);
            let rounds = protocol.max_rounds.max(1);
            let mut forms = Table::new(&[
                ("", Align::Left),
                ("formula, no deadline", Align::Left),
                ("value", Align::Right),
                (&format!("zopa, T = {rounds}"), Align::Right),
            ]);
            let rows = [
                (
                    format!("V1, what {} expects", name(0)),
                    "π1(1 − δ2)/(1 − π2·δ1 − π1·δ2)",
                    v1,
                    z1,
                ),
                (
                    format!("V2, what {} expects", name(1)),
                    "π2(1 − δ1)/(1 − π2·δ1 − π1·δ2)",
                    v2,
                    z2,
                ),
                (
                    format!("{} keeps as proposer", name(0)),
                    "1 − δ2·V2",
                    1.0 - d2 * v2,
                    k1,
                ),
                (
                    format!("{} keeps as proposer", name(1)),
                    "1 − δ1·V1",
                    1.0 - d1 * v1,
                    k2,
                ),
            ];
            for (label, formula, value, zopa) in &rows {
                forms.row(vec![
                    label.clone(),
                    formula.to_string(),
                    format!("{value:.6}"),
                    format!("{zopa:.6}"),
                ]);
            }
            out.push_str(&super::table(&forms));
            let largest = rows
                .iter()
                .fold(0.0f64, |m, (_, _, value, zopa)| m.max((value - zopa).abs()));
            out.push_str(&super::paragraph(&if largest < 1e-9 {
                format!(
                    "zopa's first round matches the closed form ({}).",
                    difference(largest)
                )
            } else {
                format!(
                    "zopa's first round differs from the closed form by up to {largest:.6}: the \
                     closed form has no deadline, and with {} rounds the deadline still matters \
                     (the difference shrinks as the deadline moves away).",
                    rounds
                )
            }));
        }
    }
    out
}

/// Rubinstein's share for the first proposer with a deadline of `rounds`
/// rounds (see the module).
pub(super) fn rubinstein_deadline(d1: f64, d2: f64, rounds: u32) -> f64 {
    let q = d1 * d2;
    let m = (rounds / 2) as i32;
    let pairs = if q == 1.0 {
        (1.0 - d2) * m as f64
    } else {
        (1.0 - d2) * (1.0 - q.powi(m)) / (1.0 - q)
    };
    pairs + if rounds % 2 == 1 { q.powi(m) } else { 0.0 }
}

/// What the closed forms say about zopa's first offer.
fn verdict(zopa: f64, finite: f64, infinite: f64, rounds: u32) -> String {
    let gap = (zopa - finite).abs();
    let against_finite = if gap < 1e-9 {
        format!("zopa's first offer is x_T ({}).", difference(gap))
    } else {
        format!("zopa's first offer differs from x_T by {gap:.6}.")
    };
    let deadline = (finite - infinite).abs();
    let against_infinite = if deadline < 5e-7 {
        format!(
            " With {rounds} rounds the deadline is too far to matter: x_T is x* to 6 decimals \
             ({}).",
            difference(deadline)
        )
    } else {
        format!(
            " The deadline moves the share {deadline:.6} {} x*: whoever proposes in the last \
             round takes the whole pie then, and backward induction carries that advantage back \
             to round 1, fading by δ1·δ2 every two rounds.",
            if finite > infinite { "above" } else { "below" }
        )
    };
    against_finite + &against_infinite
}

/// A small difference in words: "difference 3.3e-16".
fn difference(value: f64) -> String {
    if value < 1e-15 {
        "difference below 1e-15".to_string()
    } else {
        format!("difference {value:.1e}")
    }
}

/// The sentence that says how a breakdown probability enters the discount
/// factors (empty without one).
fn breakdown_note(p: f64) -> String {
    if p > 0.0 {
        format!(
            " With breakdown p = {}, nothing on breakdown and patience δ, each discount factor \
             here is (1 − p)·δ (Binmore, Rubinstein & Wolinsky 1986).",
            number(p)
        )
    } else {
        String::new()
    }
}

/// A parameter as written: up to six decimals, no trailing zeros.
pub(super) fn number(value: f64) -> String {
    crate::format::decimals(value, 6)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The two-discount form against the common-δ form and against playing
    /// the recursion round by round.
    #[test]
    fn the_deadline_form_is_the_backward_recursion() {
        for rounds in 1..=40u32 {
            let delta: f64 = 0.9;
            let common = (1.0 - (-delta).powi(rounds as i32)) / (1.0 + delta);
            assert!((rubinstein_deadline(delta, delta, rounds) - common).abs() < 1e-12);
            let (d1, d2) = (0.95, 0.6);
            // The share of round t's proposer (player 1 in odd rounds), from the
            // deadline back: the last proposer takes all, and an earlier one
            // leaves the next proposer its discounted share.
            let patience = |t: u32| if t % 2 == 1 { d1 } else { d2 };
            let mut share = 1.0;
            for t in (1..rounds).rev() {
                share = 1.0 - patience(t + 1) * share;
            }
            assert!(
                (rubinstein_deadline(d1, d2, rounds) - share).abs() < 1e-12,
                "T = {rounds}"
            );
        }
        assert!((rubinstein_deadline(0.9, 0.9, 10) - 0.342800821).abs() < 1e-9);
    }
}

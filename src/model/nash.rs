//! The asymmetric Nash bargaining solution among veto actors.
//!
//! `argmax_x Σ_{i∈V} c_i · ln(u_i(x) − r_i)` over outcomes inside every veto
//! actor's red lines with `u_i(x) > r_i` for all veto actors; weights `c_i` are
//! powers. If no such outcome exists there is no agreement.
//!
//! How it is solved: discrete issues are enumerated. For each combination, a
//! linear program finds an outcome that maximises the smallest gain; if that gain
//! is positive, coordinate ascent with an exact line search (`solve::line`)
//! climbs the Nash product from there. The objective is concave and its kinks
//! are separable (each lies along one issue), so the directional derivative
//! splits into per-issue parts: a point no single issue can improve is the
//! global maximum, which is where coordinate ascent stops.

use super::{GAIN_TOLERANCE, Model, Solution, TrialRng};
use crate::solve::line::{self, Term};
use crate::solve::space::Space;
use crate::world::{ValueFn, World};

/// The Nash bargaining solution.
#[derive(Clone, Copy, Debug, Default)]
pub struct Nash;

const MAX_SWEEPS: usize = 1_000;

impl Model for Nash {
    fn name(&self) -> &str {
        "nash"
    }

    fn solve(&self, world: &World, _rng: &mut TrialRng) -> Solution {
        // Nash agrees exactly when a zone of agreement exists.
        match solve_nash(world) {
            Some((_, outcome)) => Solution::agreed(outcome).with_zopa(true),
            None => Solution::none().with_zopa(false),
        }
    }
}

/// The Nash point and the value of the (log) Nash product there.
pub fn solve_nash(world: &World) -> Option<(f64, Vec<f64>)> {
    let veto = world.veto_actors();
    let mut space = Space::new(world, &veto);
    if space.empty {
        return None;
    }
    super::fix_indifferent_issues(world, &mut space, &veto);
    let weights = super::bargaining_weights(world, &veto);
    let mut best: Option<(f64, Vec<f64>)> = None;
    space.for_each_combination(world, |template| {
        let Some(start) = strictly_feasible(world, &space, template, &veto) else {
            return;
        };
        let (value, outcome) = ascend(world, &space, &veto, &weights, start);
        if best
            .as_ref()
            .is_none_or(|(best_value, _)| value > *best_value + 1e-12)
        {
            best = Some((value, outcome));
        }
    });
    best
}

/// An outcome giving every veto actor more than its reservation, if one exists.
fn strictly_feasible(
    world: &World,
    space: &Space,
    template: &[f64],
    veto: &[usize],
) -> Option<Vec<f64>> {
    let min_gain = |outcome: &[f64]| {
        veto.iter()
            .map(|&i| world.actors[i].utility(outcome) - world.actors[i].reservation)
            .fold(f64::INFINITY, f64::min)
    };
    // The middle of the box often works and saves a linear program.
    if min_gain(template) > GAIN_TOLERANCE {
        return Some(template.to_vec());
    }
    let (gain, outcome) = super::best_min_gain(world, space, template, veto)?;
    (gain > GAIN_TOLERANCE).then_some(outcome)
}

/// Coordinate ascent on `Σ c_i ln(u_i − r_i)` over the continuous issues, from a
/// start where every gain is positive; returns the objective and the maximiser.
pub(crate) fn ascend(
    world: &World,
    space: &Space,
    veto: &[usize],
    weights: &[f64],
    start: Vec<f64>,
) -> (f64, Vec<f64>) {
    let mut outcome = start;
    let continuous = space.continuous(world);
    let mut terms: Vec<Term> = Vec::with_capacity(veto.len());
    for _ in 0..MAX_SWEEPS {
        let mut moved = 0.0f64;
        let gains: Vec<f64> = veto
            .iter()
            .map(|&i| world.actors[i].utility(&outcome) - world.actors[i].reservation)
            .collect();
        let mut gains = gains;
        for &d in &continuous {
            let (lo, hi) = space.bounds[d];
            if hi <= lo {
                continue;
            }
            terms.clear();
            for (k, &i) in veto.iter().enumerate() {
                let actor = &world.actors[i];
                let w = actor.weights[d];
                if w <= 0.0 {
                    continue;
                }
                let (p, quadratic) = match actor.values[d] {
                    ValueFn::Linear(p) => (p, false),
                    ValueFn::Quadratic(p) => (p, true),
                    ValueFn::Table(_) => continue,
                };
                terms.push(Term {
                    c: weights[k],
                    base: gains[k] - w * actor.values[d].value(outcome[d]),
                    w,
                    p,
                    quadratic,
                });
            }
            if terms.is_empty() {
                continue;
            }
            let next = line::maximize(&terms, lo, hi, outcome[d]);
            for (k, &i) in veto.iter().enumerate() {
                let actor = &world.actors[i];
                gains[k] += actor.weights[d]
                    * (actor.values[d].value(next) - actor.values[d].value(outcome[d]));
            }
            moved = moved.max((next - outcome[d]).abs());
            outcome[d] = next;
        }
        if moved < 1e-13 {
            break;
        }
    }
    let value = veto
        .iter()
        .zip(weights)
        .map(|(&i, c)| c * (world.actors[i].utility(&outcome) - world.actors[i].reservation).ln())
        .sum();
    (value, outcome)
}

//! The compromise model: the capability–salience weighted mean of positions.
//!
//! `x_d = Σ_i c_i s_id p_id / Σ_i c_i s_id`, over every actor, with salience as
//! written, so an actor that cares little about an issue pulls it little. On a
//! discrete issue the option with the highest `Σ_i c_i s_id v_id(option)` wins.
//! This is the strongest simple predictor of EU legislative outcomes (Thomson et
//! al., *The European Union Decides*, 2006).
//!
//! Red lines: the model always predicts agreement, but a prediction outside a veto
//! actor's red line could never be signed, so the mean is clamped into the
//! veto actors' acceptable interval (a discrete issue picks the best allowed
//! option). Only when the red lines leave nothing at all is there no agreement.
//!
//! The discrete compromise ([`DiscreteCompromise`]) moves each continuous
//! issue's mean to the nearest ideal some actor holds (an actor that pulls the
//! issue, allowed by the red lines) when one lies within `threshold` of the
//! issue's range: real decisions often adopt one side's text rather than split
//! the difference (63% of the EU-15 outcomes in DEU III equal a position some actor
//! held), so a mean that is already close to a proposal on the table tends to
//! become that proposal. Of two positions equally near, the one with more pull
//! wins; an exact tie keeps the mean.

use super::{Model, Solution, TrialRng};
use crate::solve::space::Space;
use crate::world::{Dimension, Party, World};

/// The compromise model.
#[derive(Clone, Copy, Debug, Default)]
pub struct Compromise;

impl Model for Compromise {
    fn name(&self) -> &str {
        "compromise"
    }

    fn solve(&self, world: &World, _rng: &mut TrialRng) -> Solution {
        let space = Space::new(world, &world.veto_actors());
        if space.empty {
            return Solution::none();
        }
        Solution::agreed(outcome(world, &space))
    }
}

/// The compromise moved to the nearest actor's position within `threshold`.
#[derive(Clone, Copy, Debug)]
pub struct DiscreteCompromise {
    /// How near (a share of the issue's range, `[0, 1]`) a position must lie to
    /// the mean to replace it.
    pub threshold: f64,
}

impl Model for DiscreteCompromise {
    fn name(&self) -> &str {
        "discrete-compromise"
    }

    fn solve(&self, world: &World, _rng: &mut TrialRng) -> Solution {
        let space = Space::new(world, &world.veto_actors());
        if space.empty {
            return Solution::none();
        }
        let mut outcome = outcome(world, &space);
        for (d, value) in outcome.iter_mut().enumerate() {
            if world.issues[d] == Dimension::Continuous
                && let Some(position) = snap(world, &space, d, *value, self.threshold)
            {
                *value = position;
            }
        }
        Solution::agreed(outcome)
    }
}

/// The position the discrete compromise moves `mean` to on continuous issue
/// `d`, if one lies within `threshold`: the nearest ideal of an actor with
/// pull on the issue, inside the red lines' bounds. Of two positions equally
/// near, the one with more pull behind it; if that ties too, neither (the
/// mean lies exactly between two equal camps, and the model keeps it).
pub(crate) fn snap(
    world: &World,
    space: &Space,
    d: usize,
    mean: f64,
    threshold: f64,
) -> Option<f64> {
    let (lo, hi) = space.bounds[d];
    // Each position held (inside the bounds) with the pull behind it.
    let mut held: Vec<(f64, f64)> = Vec::new();
    for actor in &world.actors {
        let (Some(ideal), weight) = (actor.values[d].ideal(), pull(actor, d)) else {
            continue;
        };
        if weight <= 0.0 || ideal < lo || ideal > hi {
            continue;
        }
        match held.iter_mut().find(|(position, _)| *position == ideal) {
            Some((_, total)) => *total += weight,
            None => held.push((ideal, weight)),
        }
    }
    let near = |position: f64| (position - mean).abs();
    let nearest = held
        .iter()
        .map(|&(position, _)| near(position))
        .min_by(f64::total_cmp)?;
    if nearest > threshold + 1e-12 {
        return None;
    }
    let tied: Vec<(f64, f64)> = held
        .into_iter()
        .filter(|&(position, _)| near(position) <= nearest + 1e-12)
        .collect();
    let most = tied
        .iter()
        .map(|&(_, weight)| weight)
        .max_by(f64::total_cmp)?;
    let mut strongest = tied
        .iter()
        .filter(|&&(_, weight)| weight >= most * (1.0 - 1e-12));
    match (strongest.next(), strongest.next()) {
        (Some(&(position, _)), None) => Some(position),
        _ => None,
    }
}

/// How hard an actor pulls an issue towards its ideal: capability × salience
/// (`c_i s_id`, negatives counted as 0).
pub fn pull(actor: &Party, issue: usize) -> f64 {
    actor.power.max(0.0) * actor.saliences[issue].max(0.0)
}

/// The weighted-mean outcome within `space`.
pub(crate) fn outcome(world: &World, space: &Space) -> Vec<f64> {
    (0..world.issues.len())
        .map(|d| match world.issues[d] {
            Dimension::Continuous => {
                let (lo, hi) = space.bounds[d];
                let mut weighted = 0.0;
                let mut total = 0.0;
                for actor in &world.actors {
                    let weight = pull(actor, d);
                    weighted += weight * actor.values[d].ideal().unwrap_or(0.5);
                    total += weight;
                }
                let mean = if total > 0.0 {
                    weighted / total
                } else {
                    // Nobody weighs this issue: the plain mean of the ideal points.
                    let ideals: Vec<f64> = world
                        .actors
                        .iter()
                        .filter_map(|a| a.values[d].ideal())
                        .collect();
                    ideals.iter().sum::<f64>() / ideals.len().max(1) as f64
                };
                mean.clamp(lo, hi)
            }
            Dimension::Discrete(_) => {
                let mut best = (f64::NEG_INFINITY, 0usize);
                for &option in &space.options[d] {
                    let score: f64 = world
                        .actors
                        .iter()
                        .map(|actor| pull(actor, d) * actor.values[d].value(option as f64))
                        .sum();
                    if score > best.0 + 1e-12 {
                        best = (score, option);
                    }
                }
                best.1 as f64
            }
        })
        .collect()
}

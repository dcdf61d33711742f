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

/// How hard an actor pulls an issue towards its ideal: capability × salience
/// (`c_i s_id`, negatives counted as 0).
pub fn pull(actor: &Party, issue: usize) -> f64 {
    actor.power.max(0.0) * actor.saliences[issue].max(0.0)
}

/// The weighted-mean outcome within `space`.
pub(super) fn outcome(world: &World, space: &Space) -> Vec<f64> {
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

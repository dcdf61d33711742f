//! Proofs that a combination of discrete options holds no zone of agreement,
//! kept and reused across the combinations of one world.
//!
//! With veto actors `i` and continuous issues `x`, actor `i`'s gain in a
//! combination `k` is `g_i(x) = c_i(x) + f_i(k)`: a continuous part `c_i`
//! (its weighted values on the continuous issues) that is the same in every
//! combination, and a fixed part `f_i(k)` (its weighted values of `k`'s
//! options, less its reservation). For any weights `λ ≥ 0` (not all zero),
//! `Σ λ_i g_i(x) ≤ T(λ) + Σ λ_i f_i(k)` with `T(λ) = max_x Σ λ_i c_i(x)`. If
//! that bound is not positive, no outcome of `k` gives every veto actor a
//! gain. `T(λ)` is separable over the issues, so it is found exactly, issue
//! by issue ([`continuous_top`]); a cut `(λ, T(λ))` then settles any other
//! combination in as many multiplications as there are veto actors.
//!
//! The zone test ([`super::zopa_exists`]) and the Nash search with three or
//! more veto actors otherwise decide each combination by a homotopy of
//! coordinate ascents: a campaign case (7 of 10 actors veto, 8 mixed
//! continuous issues, 30,000 combinations, no zone in any) spent 2 s a trial
//! there. The weights the homotopy ends with where it proves a combination
//! empty are kept as a cut, and most other combinations fall to it.

use crate::solve::cuts::continuous_top;
use crate::solve::space::Space;
use crate::world::{Dimension, World};

/// How many cuts are kept; the most recently useful first. Checking one costs
/// as many multiplications as there are veto actors, a homotopy thousands.
const KEPT: usize = 32;

/// Added to every bound, so that rounding never turns a combination that holds
/// a zone into a proof that it holds none (the weights sum to 1).
const ROUNDING: f64 = 1e-12;

/// One proof: weights over the veto actors (summing to 1) and the exact
/// maximum over the continuous issues of their weighted continuous values.
#[derive(Clone, Debug)]
struct Cut {
    weights: Vec<f64>,
    top: f64,
}

/// The cuts found so far in one world, for its veto actors.
#[derive(Clone, Debug)]
pub(crate) struct Cuts {
    cuts: Vec<Cut>,
    /// Each veto actor's fixed part `f_i` in the combination last checked.
    fixed: Vec<f64>,
}

impl Cuts {
    /// The cut of equal weights, which settles most hopeless draws.
    pub(crate) fn new(world: &World, space: &Space, veto: &[usize]) -> Cuts {
        let mut cuts = Cuts {
            cuts: Vec::with_capacity(KEPT),
            fixed: vec![0.0; veto.len()],
        };
        if !veto.is_empty() {
            cuts.add(world, space, veto, &vec![1.0; veto.len()]);
        }
        cuts
    }

    /// Whether a kept cut proves that the combination `template` holds no
    /// outcome giving every veto actor a gain. A cut that proves it moves to
    /// the front.
    pub(crate) fn exclude(&mut self, world: &World, veto: &[usize], template: &[f64]) -> bool {
        for (fixed, &i) in self.fixed.iter_mut().zip(veto) {
            *fixed = fixed_gain(world, i, template);
        }
        let found = self.cuts.iter().position(|cut| {
            let bound: f64 = cut.top
                + cut
                    .weights
                    .iter()
                    .zip(&self.fixed)
                    .map(|(w, f)| w * f)
                    .sum::<f64>();
            bound + ROUNDING <= 0.0
        });
        if let Some(k) = found {
            self.cuts[..=k].rotate_right(1);
        }
        found.is_some()
    }

    /// Keeps the cut of these (non-negative) weights, at the front; the least
    /// recently useful cut goes if there are [`KEPT`].
    pub(crate) fn add(&mut self, world: &World, space: &Space, veto: &[usize], weights: &[f64]) {
        let total: f64 = weights.iter().sum();
        if !(total.is_finite() && total > 0.0) || weights.iter().any(|w| w.is_nan() || *w < 0.0) {
            return;
        }
        let weights: Vec<f64> = weights.iter().map(|w| w / total).collect();
        let top = continuous_top(world, space, veto, &weights);
        if !top.is_finite() {
            return;
        }
        if self.cuts.len() == KEPT {
            self.cuts.pop();
        }
        self.cuts.insert(0, Cut { weights, top });
    }
}

/// Actor `i`'s fixed part of the gain in the combination `template`: its
/// weighted values of the discrete options, less its reservation.
pub(crate) fn fixed_gain(world: &World, i: usize, template: &[f64]) -> f64 {
    let actor = &world.actors[i];
    let options: f64 = (0..world.issues.len())
        .filter(|&d| world.issues[d] != Dimension::Continuous)
        .map(|d| actor.weights[d] * actor.values[d].value(template[d]))
        .sum();
    options - actor.reservation
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{GAIN_TOLERANCE, best_min_gain, nash, zopa_exists};
    use rand::{RngExt, SeedableRng};

    /// A random world of 3 to 7 veto actors (and one without a veto) over 2 to
    /// 9 continuous issues of linear, quadratic or mixed stances and two or
    /// three issues of three options, each reservation a random outcome's
    /// utility moved by up to ±0.08, so that a fair share of the combinations
    /// hold a zone and another fair share come within a hair of one.
    fn world(seed: u64) -> World {
        let veto = 3 + seed as usize % 5;
        let shape = move |j: usize, d: usize| match seed % 3 {
            0 => "Linear",
            1 => "Quadratic",
            _ if (j + d).is_multiple_of(2) => "Linear",
            _ => "Quadratic",
        };
        let mut world = crate::model::dual::tests::random_world(
            2 + seed as usize % 8,
            veto + 1,
            900 + seed,
            2 + seed as usize % 2,
            shape,
        );
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(seed);
        let outcome: Vec<f64> = world
            .issues
            .iter()
            .map(|dimension| match dimension {
                Dimension::Continuous => rng.random::<f64>(),
                Dimension::Discrete(_) => rng.random_range(0..3usize) as f64,
            })
            .collect();
        for (j, actor) in world.actors.iter_mut().enumerate() {
            actor.veto = j < veto;
            actor.reservation = actor.utility(&outcome) + rng.random_range(-0.08..0.08);
        }
        world
    }

    /// Every combination decided with the cuts shared across them against the
    /// max-min linear program on that combination alone, and the zone test
    /// against whether any combination holds a zone: on 150 random worlds,
    /// the same answer wherever the program's smallest gain is not within
    /// 1e-7 of zero. A cut that is not a proof (a maximum over the continuous
    /// issues that misses a candidate point, rounding on the wrong side)
    /// excludes combinations that hold a zone and fails it.
    #[test]
    fn shared_cuts_decide_every_combination_as_the_linear_program() {
        let (mut excluded, mut held, mut empty, mut close) = (0, 0, 0, 0);
        for seed in 0..150u64 {
            let world = world(seed);
            let veto = world.veto_actors();
            let space = Space::new(&world, &veto);
            let mut cuts = Cuts::new(&world, &space, &veto);
            let mut any = false;
            space.for_each_combination(&world, |template| {
                let gain = best_min_gain(&world, &space, template, &veto).map(|(gain, _)| gain);
                let reference = gain.is_some_and(|gain| gain > GAIN_TOLERANCE);
                any |= reference;
                if gain.is_some_and(|gain| gain.abs() < 1e-7) {
                    close += 1;
                    return;
                }
                let mut probe = cuts.clone();
                if probe.exclude(&world, &veto, template) {
                    excluded += 1;
                    assert!(
                        !reference,
                        "seed {seed}: a cut excludes {template:?}, gain {gain:?}"
                    );
                }
                let found =
                    nash::strictly_feasible(&world, &space, template, &veto, &mut cuts).is_some();
                assert_eq!(found, reference, "seed {seed}: {template:?}, gain {gain:?}");
                if found {
                    held += 1;
                } else {
                    empty += 1;
                }
            });
            assert_eq!(zopa_exists(&world), any, "seed {seed}");
        }
        assert!(held > 300 && empty > 300, "held {held}, empty {empty}");
        assert!(excluded > empty / 2, "excluded {excluded} of {empty} empty");
        assert!(close < (held + empty) / 20, "{close} too close to call");
    }

    /// Deciding whether the max-min program clears a level, without solving
    /// it to the end, against solving it: at levels 0.05 and 0.002 either
    /// side of the optimum, on every combination of 60 random worlds, the
    /// same side; and every proof by weights holds with the exact maximum.
    #[test]
    fn deciding_a_level_agrees_with_the_optimum() {
        use crate::model::min_gain_exceeds;
        let (mut above, mut below, mut proofs) = (0, 0, 0);
        for seed in 0..60u64 {
            let world = world(seed);
            let veto = world.veto_actors();
            let space = Space::new(&world, &veto);
            space.for_each_combination(&world, |template| {
                let Some((best, _)) = best_min_gain(&world, &space, template, &veto) else {
                    return;
                };
                for offset in [-0.05, -0.002, 0.002, 0.05] {
                    let level = best + offset;
                    match min_gain_exceeds(&world, &space, template, &veto, level) {
                        Ok(outcome) => {
                            above += 1;
                            assert!(offset < 0.0, "seed {seed}: above {level}, best {best}");
                            let gains = veto.iter().map(|&i| {
                                world.actors[i].utility(&outcome) - world.actors[i].reservation
                            });
                            assert!(gains.fold(f64::INFINITY, f64::min) > level);
                        }
                        Err(proof) => {
                            below += 1;
                            assert!(offset > 0.0, "seed {seed}: below {level}, best {best}");
                            if let Some(weights) = proof {
                                proofs += 1;
                                let fixed: f64 = weights
                                    .iter()
                                    .zip(&veto)
                                    .map(|(w, &i)| w * fixed_gain(&world, i, template))
                                    .sum();
                                let top = continuous_top(&world, &space, &veto, &weights);
                                assert!(top + fixed <= level + 1e-9, "seed {seed}: a false proof");
                            }
                        }
                    }
                }
            });
        }
        assert!(
            above > 500 && below > 500 && proofs > 100,
            "{above} {below} {proofs}"
        );
    }

    /// The exact maximum of a weighted sum over the continuous issues against
    /// a fine grid: never below any grid point, and no further above the best
    /// one than the sum's steepest slope across half a step.
    #[test]
    fn continuous_top_is_the_maximum() {
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(5);
        for seed in 0..60u64 {
            let world = world(seed);
            let veto = world.veto_actors();
            let space = Space::new(&world, &veto);
            let lambdas: Vec<f64> = veto.iter().map(|_| rng.random::<f64>()).collect();
            let top = continuous_top(&world, &space, &veto, &lambdas);
            let (mut grid, mut resolution) = (0.0, 0.0);
            for d in space.continuous(&world) {
                let (lo, hi) = space.bounds[d];
                // Slopes are at most 1 (linear) and 2 (quadratic) on [0, 1].
                let steepest: f64 = veto
                    .iter()
                    .zip(&lambdas)
                    .map(|(&i, l)| 2.0 * l * world.actors[i].weights[d])
                    .sum();
                resolution += steepest * 0.5 * (hi - lo) / 20_000.0;
                let best = (0..=20_000)
                    .map(|k| lo + (hi - lo) * k as f64 / 20_000.0)
                    .map(|t| {
                        veto.iter()
                            .zip(&lambdas)
                            .map(|(&i, l)| {
                                l * world.actors[i].weights[d] * world.actors[i].values[d].value(t)
                            })
                            .sum::<f64>()
                    })
                    .fold(f64::NEG_INFINITY, f64::max);
                grid += best;
            }
            assert!(
                top >= grid - 1e-12,
                "seed {seed}: {top} below the grid's {grid}"
            );
            assert!(
                top - grid <= resolution,
                "seed {seed}: {top} more than {resolution} above the grid's {grid}"
            );
        }
    }
}

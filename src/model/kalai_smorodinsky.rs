//! The Kalai–Smorodinsky solution among veto actors.
//!
//! Each veto actor's ideal gain is `U_i − r_i`, where `U_i` is its best utility
//! among outcomes that give every veto actor at least its reservation (and respect
//! their red lines). The solution maximises `min_i (u_i(x) − r_i)/(U_i − r_i)`:
//! every actor gets the same share of its ideal gain. Among outcomes that reach
//! that share, it takes one that no other outcome improves for every actor (a
//! second linear program maximises the sum of shares), so the point is
//! Pareto-optimal. Like Nash, it needs a zone of agreement: without an outcome
//! that gives every veto actor more than its reservation there is no agreement.
//!
//! With two veto actors the point is found on their Pareto frontier
//! (`bilateral`); with three to six whose value functions on the free
//! continuous issues are quadratic, through Lagrangian duals with proofs
//! (`multilateral::kalai_smorodinsky`). Otherwise, and where those prove
//! nothing, every step is a linear program per combination of discrete
//! options, solved by cutting planes in the space of the issues
//! (`solve::cuts`: exact for linear value functions, tangents to 1e-9 for
//! quadratic ones), so 50 actors × 20 issues take milliseconds to a few
//! tenths of a second. With curved
//! value functions a final polish (`polish`) moves the point onto the exact
//! Pareto curve by weighted Nash steps (exact whenever every veto actor ends
//! with the same share, as in all two-actor cases without red lines).
//!
//! Should the cutting planes give up (rounding in a badly conditioned basis),
//! the dense epigraph LP takes over: slow beyond a few hundred variables, and
//! with quadratic value functions, red lines and three or more veto actors it
//! can lose precision (about 1e-3) or miss the agreement.

use super::{
    GAIN_TOLERANCE, Model, Solution, TrialRng, Verdict, Workspace, best_over_combinations,
};
use crate::solve::space::{Floor, Space};
use crate::world::{ValueFn, World};

/// How far below the common share the Pareto step may go (see `solve_ks`).
const SHARE_SLACK: f64 = 1e-8;

/// The Kalai–Smorodinsky solution.
#[derive(Clone, Copy, Debug, Default)]
pub struct KalaiSmorodinsky;

impl Model for KalaiSmorodinsky {
    fn name(&self) -> &str {
        "kalai-smorodinsky"
    }

    fn solve(&self, world: &World, _rng: &mut TrialRng) -> Solution {
        let (point, zopa) = ks_and_zopa(world);
        let solution = match point {
            Some(point) => Solution::agreed(point.outcome),
            None => Solution::none(),
        };
        match zopa {
            Some(zopa) => solution.with_zopa(zopa),
            None => solution,
        }
    }

    fn solve_in(&self, world: &World, rng: &mut TrialRng, work: &mut Workspace) -> Verdict {
        super::solve_pair_in(world, work, |space, actors, pair, outcome| {
            let (point, zopa) =
                super::bilateral::kalai_smorodinsky_in(world, space, actors, pair, outcome);
            Verdict::decided(point.is_some(), zopa)
        })
        .unwrap_or_else(|| work.keep(self.solve(world, rng)))
    }
}

/// The Kalai–Smorodinsky point and the quantities that define it.
#[derive(Clone, Debug, PartialEq)]
pub struct KsPoint {
    pub outcome: Vec<f64>,
    /// The veto actors, in world order.
    pub veto: Vec<usize>,
    /// Each veto actor's ideal gain `U_i − r_i`.
    pub ideal_gains: Vec<f64>,
    /// The share of its ideal gain every veto actor gets.
    pub share: f64,
}

impl KsPoint {
    /// Each veto actor's share of its ideal gain at the point, in the order of
    /// `veto` (1 for an actor with no room to gain, which is held at its
    /// reservation).
    pub fn shares(&self, world: &World) -> Vec<f64> {
        self.veto
            .iter()
            .zip(&self.ideal_gains)
            .map(|(&i, &gain)| {
                let actor = &world.actors[i];
                if gain > GAIN_TOLERANCE {
                    (actor.utility(&self.outcome) - actor.reservation) / gain
                } else {
                    1.0
                }
            })
            .collect()
    }
}

/// The Kalai–Smorodinsky point, or `None` without a zone of agreement.
pub fn solve_ks(world: &World) -> Option<KsPoint> {
    ks_and_zopa(world).0
}

/// The Kalai–Smorodinsky point, and whether a zone of agreement exists when
/// that was found on the way.
fn ks_and_zopa(world: &World) -> (Option<KsPoint>, Option<bool>) {
    let veto = world.veto_actors();
    let mut space = Space::new(world, &veto);
    if space.empty {
        return (None, Some(false));
    }
    super::fix_indifferent_issues(world, &mut space, &veto);
    if let [lone] = veto[..] {
        let point = super::lone_veto_best(world, &space, lone).map(|outcome| KsPoint {
            ideal_gains: vec![
                world.actors[lone].utility(&outcome) - world.actors[lone].reservation,
            ],
            outcome,
            veto,
            share: 1.0,
        });
        let zopa = point.is_some();
        return (point, Some(zopa));
    }
    if let [a, b] = veto[..] {
        let point = super::bilateral::kalai_smorodinsky(world, &space, [a, b]).map(
            |(outcome, ideal_gains, share)| KsPoint {
                outcome,
                veto,
                ideal_gains: ideal_gains.to_vec(),
                share,
            },
        );
        return (point, None);
    }
    if let Some(point) = super::multilateral::kalai_smorodinsky(world, &space, &veto) {
        let zopa = point.is_some();
        return (point, Some(zopa));
    }
    (solve_general(world, &space, veto), None)
}

/// The Kalai–Smorodinsky point by linear programs over every discrete
/// combination: any number of veto actors. The reference the two-actor
/// frontier walk is tested against.
pub(crate) fn solve_general(world: &World, space: &Space, veto: Vec<usize>) -> Option<KsPoint> {
    if !super::zopa_exists(world) {
        return None;
    }
    let at_least_reservation: Vec<Floor> = veto
        .iter()
        .map(|&i| Floor {
            actor: i,
            floor: world.actors[i].reservation,
            scale: 0.0,
        })
        .collect();
    // Ideal gains: each actor's best utility among outcomes acceptable to all.
    let mut ideal_gain = Vec::with_capacity(veto.len());
    for &i in &veto {
        let (_, best) =
            best_over_combinations(world, space, &at_least_reservation, 0.0, &[(i, 1.0)])?;
        ideal_gain.push(world.actors[i].utility(&best) - world.actors[i].reservation);
    }
    // An actor with no room to gain is held at its reservation, not divided by zero.
    let ratio_floors: Vec<Floor> = veto
        .iter()
        .zip(&ideal_gain)
        .map(|(&i, &gain)| Floor {
            actor: i,
            floor: world.actors[i].reservation,
            scale: if gain > GAIN_TOLERANCE { gain } else { 0.0 },
        })
        .collect();
    let Some((share, balanced)) = best_over_combinations(world, space, &ratio_floors, 1.0, &[])
    else {
        return equal_share_fallback(world, space, &veto, &ratio_floors, ideal_gain);
    };
    // Among outcomes reaching that share, the one with the largest total share.
    // The floors leave 1e-8 of room: a region of exactly one point is too thin
    // for the LP's tolerances once quadratic cuts are added.
    let reach: Vec<Floor> = ratio_floors
        .iter()
        .map(|f| Floor {
            actor: f.actor,
            floor: f.floor + (share - SHARE_SLACK).max(0.0) * f.scale,
            scale: 0.0,
        })
        .collect();
    let totals: Vec<(usize, f64)> = ratio_floors
        .iter()
        .map(|f| (f.actor, if f.scale > 0.0 { 1.0 / f.scale } else { 1.0 }))
        .collect();
    let outcome = best_over_combinations(world, space, &reach, 0.0, &totals)
        .map_or(balanced, |(_, outcome)| outcome);
    let outcome = polish(world, space, &ratio_floors, share, outcome);
    Some(KsPoint {
        outcome,
        veto,
        ideal_gains: ideal_gain,
        share,
    })
}

/// Sharpens the point found by linear programming.
///
/// The Pareto LP leaves 1e-8 of slack in the shares, and with curved value
/// functions cutting planes pin positions only to about 1e-5 (utility falls
/// quadratically off the Pareto curve).
/// A weighted Nash point is Pareto-optimal and found to machine precision by
/// `nash::ascend`; with the right weights it is the KS point. The weights are
/// corrected multiplicatively until every veto actor's share is equal, starting
/// from the LP point. The LP point is kept unless this converges to equal shares.
fn polish(
    world: &World,
    space: &Space,
    floors: &[Floor],
    share: f64,
    outcome: Vec<f64>,
) -> Vec<f64> {
    if share <= GAIN_TOLERANCE || floors.iter().any(|f| f.scale <= 0.0) {
        return outcome;
    }
    // Fix the discrete options the LP chose; polish the continuous issues only.
    let mut fixed = space.clone();
    for (d, options) in fixed.options.iter_mut().enumerate() {
        if !options.is_empty() {
            *options = vec![outcome[d] as usize];
        }
    }
    let veto: Vec<usize> = floors.iter().map(|f| f.actor).collect();
    let shares = |x: &[f64]| -> Vec<f64> {
        floors
            .iter()
            .map(|f| (world.actors[f.actor].utility(x) - f.floor) / f.scale)
            .collect()
    };
    // With linear value functions the LP point is exact up to the Pareto step's
    // slack. If its shares still differ by more than that, no Pareto-optimal
    // point has equal shares (the LP point would dominate it up to the slack), so
    // the weighted Nash steps below could only wander: keep the LP point.
    let spread = |shares: &[f64]| {
        let (lo, hi) = shares
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &s| {
                (lo.min(s), hi.max(s))
            });
        hi - lo
    };
    if linear_values(world, space, &veto) && spread(&shares(&outcome)) > 1e-6 {
        return outcome;
    }
    let mut weights = vec![1.0 / veto.len() as f64; veto.len()];
    let mut point = outcome.clone();
    for _ in 0..40 {
        let next = super::nash::ascend(world, &fixed, &veto, &weights, point, 0.0).outcome;
        let current = shares(&next);
        if current.iter().any(|s| *s <= 0.0) {
            return outcome;
        }
        let mean = current.iter().sum::<f64>() / current.len() as f64;
        let spread = current.iter().map(|s| (s - mean).abs()).fold(0.0, f64::max);
        // Converged to equal shares at least as high as the LP's: that is the KS point.
        if spread < 1e-11 {
            return if mean >= share - 1e-9 { next } else { outcome };
        }
        point = next;
        for (weight, s) in weights.iter_mut().zip(&current) {
            *weight *= mean / s;
        }
        let total: f64 = weights.iter().sum();
        weights.iter_mut().for_each(|w| *w /= total);
    }
    // Shares that cannot be equalised (an actor capped by red lines or the frontier's
    // end): the LP's max-min point stands.
    outcome
}

/// Whether every veto actor values every continuous issue it weighs linearly.
fn linear_values(world: &World, space: &Space, veto: &[usize]) -> bool {
    space.continuous(world).iter().all(|&d| {
        veto.iter().all(|&i| {
            world.actors[i].weights[d] <= 0.0
                || matches!(world.actors[i].values[d], ValueFn::Linear(_))
        })
    })
}

/// When the share LP loses precision (curved value functions, many cuts), the KS
/// point can still be reached without it. A Pareto-optimal point where every
/// veto actor has the same share is the KS point: a point with a higher minimum
/// share would give every actor more, and so dominate it. `polish` finds such a
/// point from any acceptable start. This is only sound without discrete issues
/// (with them, another combination could do better), and only if shares equalise.
fn equal_share_fallback(
    world: &World,
    space: &Space,
    veto: &[usize],
    floors: &[Floor],
    ideal_gains: Vec<f64>,
) -> Option<KsPoint> {
    if space.combination_count() != 1 {
        return None;
    }
    let mut start = None;
    space.for_each_combination(world, |template| {
        start = super::best_min_gain(world, space, template, veto)
    });
    let (_, start) = start?;
    let polished = polish(world, space, floors, 0.0, start.clone());
    if polished == start {
        return None;
    }
    let share = floors
        .iter()
        .map(|f| (world.actors[f.actor].utility(&polished) - f.floor) / f.scale)
        .fold(f64::INFINITY, f64::min);
    Some(KsPoint {
        outcome: polished,
        veto: veto.to_vec(),
        ideal_gains,
        share,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::bilateral::tests::{Shapes, flagship, reshape};
    use crate::model::{bargaining_weights, nash};
    use rand::SeedableRng;

    /// With one veto actor the Kalai–Smorodinsky and Nash points are its best
    /// outcome, set issue by issue (`model::lone_veto_best`). On flagship
    /// draws with either warring party as the only veto actor, value
    /// functions as written, all quadratic or mixed, that point matches the
    /// linear programs over every combination ([`solve_general`]) and
    /// coordinate ascent (`nash::solve_by_ascent`): the same decision on
    /// agreement, and the same utility for the veto actor.
    #[test]
    fn one_veto_actor_gets_its_best_outcome_as_the_programs_find_it() {
        let scenario = flagship();
        let mut agreed = 0;
        for shapes in [Shapes::AsWritten, Shapes::AllQuadratic, Shapes::Mixed] {
            let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(11);
            for trial in 0..120 {
                let mut world = World::sample(&scenario, &mut rng);
                reshape(&mut world, shapes, &mut rng);
                let lone = trial % 2;
                for (i, actor) in world.actors.iter_mut().enumerate() {
                    actor.veto = i == lone;
                }
                let context = format!("{shapes:?} draw {trial}");
                let veto = world.veto_actors();
                let mut space = Space::new(&world, &veto);
                crate::model::fix_indifferent_issues(&world, &mut space, &veto);
                let reference = solve_general(&world, &space, veto.clone());
                let ascent = nash::solve_by_ascent(
                    &world,
                    &space,
                    &veto,
                    &bargaining_weights(&world, &veto),
                );
                let ks = solve_ks(&world);
                let nash = nash::solve_nash(&world);
                assert_eq!(ks.is_some(), reference.is_some(), "{context}");
                assert_eq!(nash.is_some(), ascent.point.is_some(), "{context}");
                assert_eq!(ks.is_some(), crate::model::zopa_exists(&world), "{context}");
                let (Some(ks), Some(reference), Some((_, nash)), Some((_, ascent))) =
                    (ks, reference, nash, ascent.point)
                else {
                    continue;
                };
                agreed += 1;
                let utility = |outcome: &[f64]| world.actors[lone].utility(outcome);
                let best = utility(&ks.outcome);
                assert!(
                    (best - utility(&reference.outcome)).abs() < 1e-7,
                    "{context}"
                );
                assert!((best - utility(&ascent)).abs() < 1e-7, "{context}");
                assert!((best - utility(&nash)).abs() < 1e-12, "{context}");
                assert!((ks.ideal_gains[0] - reference.ideal_gains[0]).abs() < 1e-7);
                assert_eq!(ks.share, 1.0, "{context}");
                assert!(world.actors[lone].accepts(&ks.outcome), "{context}");
            }
        }
        assert!(agreed > 200, "too few agreements to test: {agreed}");
    }
}

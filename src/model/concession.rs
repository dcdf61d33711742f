//! Concession offers without linear programs, for linear value functions.
//!
//! A time-dependent proposer offers the outcome that is best for the other veto
//! actors (largest sum of their utilities) while still giving itself its target.
//! With linear value functions that is a fractional knapsack. Start from the
//! proposer's best outcome. On each issue, moving away from the proposer's ideal
//! costs it `w_pd` per unit, and gains the others a slope that falls, stepwise, at
//! their ideal points (their sum is concave). So every issue splits into segments
//! of falling gain per unit of the proposer's loss. Taking the segments of all
//! issues in order of that ratio, until the proposer's budget (its best utility
//! less its target) is spent, gives the optimum. The segments depend only on the
//! world, so they are computed once per trial and proposer, and each round's
//! offer is a short scan.

use crate::solve::space::Space;
use crate::world::{Dimension, ValueFn, World};

/// One stretch of one issue along which the others' gain rate is constant.
#[derive(Clone, Copy, Debug)]
struct Segment {
    issue: usize,
    /// Where the move starts and which way it goes.
    from: f64,
    direction: f64,
    length: f64,
    /// The proposer's utility lost per unit moved.
    cost: f64,
    /// The others' utility gained per unit moved.
    gain: f64,
    /// The others' utility gained per unit of the proposer's loss.
    ratio: f64,
}

/// A proposer's concession path within one discrete combination.
#[derive(Clone, Debug)]
pub struct ConcessionPath {
    /// The proposer's best outcome (discrete issues as in the combination).
    start: Vec<f64>,
    /// The proposer's utility there.
    best: f64,
    /// The others' total utility there.
    start_total: f64,
    segments: Vec<Segment>,
}

impl ConcessionPath {
    /// The path for `proposer`, whose offers should please `others`, from the
    /// combination `template`; `None` unless every value function involved on a
    /// continuous issue is linear.
    pub fn new(
        world: &World,
        space: &Space,
        proposer: usize,
        others: &[usize],
        template: &[f64],
    ) -> Option<ConcessionPath> {
        let mut start = template.to_vec();
        // At most (others + 1) segments per issue; one buffer for the ideals.
        let mut segments = Vec::with_capacity(world.issues.len() * (others.len() + 1));
        let mut ideals: Vec<(f64, f64)> = Vec::with_capacity(others.len());
        let p = &world.actors[proposer];
        for (d, dimension) in world.issues.iter().enumerate() {
            if *dimension != Dimension::Continuous {
                continue;
            }
            let (lo, hi) = space.bounds[d];
            let ValueFn::Linear(ideal) = p.values[d] else {
                return None;
            };
            ideals.clear();
            for &j in others {
                match world.actors[j].values[d] {
                    ValueFn::Linear(q) => ideals.push((q, world.actors[j].weights[d])),
                    _ => return None,
                }
            }
            let origin = ideal.clamp(lo, hi);
            start[d] = origin;
            // The others' slope moving from x in `direction`: +w for each actor ahead.
            let slope = |x: f64, direction: f64| -> f64 {
                ideals
                    .iter()
                    .map(|&(q, w)| if (q - x) * direction > 1e-15 { w } else { -w })
                    .sum()
            };
            for direction in [1.0f64, -1.0] {
                let end = if direction > 0.0 { hi } else { lo };
                let mut at = origin;
                while (end - at) * direction > 1e-15 {
                    let gain = slope(at, direction);
                    if gain <= 0.0 {
                        break;
                    }
                    // The next kink ahead, or the bound.
                    let next = ideals
                        .iter()
                        .map(|&(q, _)| q)
                        .filter(|&q| (q - at) * direction > 1e-15 && (end - q) * direction >= 0.0)
                        .fold(end, |best, q| {
                            if (q - best) * direction < 0.0 {
                                q
                            } else {
                                best
                            }
                        });
                    let cost = p.weights[d];
                    let ratio = if cost > 0.0 {
                        gain / cost
                    } else {
                        f64::INFINITY
                    };
                    segments.push(Segment {
                        issue: d,
                        from: at,
                        direction,
                        length: (next - at).abs(),
                        cost,
                        gain,
                        ratio,
                    });
                    at = next;
                }
            }
        }
        // Highest gain per unit of loss first; within an issue ratios fall, so its
        // segments stay in order (a stable sort keeps ties in path order).
        segments.sort_by(|a, b| b.ratio.total_cmp(&a.ratio));
        let best = p.utility(&start);
        let start_total = others
            .iter()
            .map(|&j| world.actors[j].utility(&start))
            .sum();
        Some(ConcessionPath {
            start,
            best,
            start_total,
            segments,
        })
    }

    /// Walks the path as far as the proposer's budget (`best − goal`) allows,
    /// calling `visit(issue, position)` for each move; returns the others' total.
    fn walk(&self, goal: f64, mut visit: impl FnMut(usize, f64)) -> f64 {
        let mut total = self.start_total;
        let mut budget = self.best - goal;
        for segment in &self.segments {
            if budget <= 0.0 && segment.cost > 0.0 {
                break;
            }
            let reach = if segment.cost > 0.0 {
                (budget / segment.cost).min(segment.length)
            } else {
                segment.length
            };
            visit(segment.issue, segment.from + segment.direction * reach);
            total += reach * segment.gain;
            if reach < segment.length {
                // The budget is spent inside this segment. (Continuing on rounding
                // dust would restart a later segment of the same issue at its start.)
                break;
            }
            budget -= reach * segment.cost;
        }
        total
    }

    /// The others' total utility for the offer that gives the proposer `goal`.
    fn value(&self, goal: f64) -> f64 {
        self.walk(goal, |_, _| {})
    }

    /// The offer that gives the proposer `goal`.
    fn offer(&self, goal: f64) -> Vec<f64> {
        let mut offer = self.start.clone();
        self.walk(goal, |issue, position| offer[issue] = position);
        offer
    }
}

/// Concession paths of one proposer over every discrete combination.
#[derive(Clone, Debug)]
pub struct ProposerPaths {
    paths: Vec<ConcessionPath>,
}

impl ProposerPaths {
    /// `None` if any value function involved is not linear (use the LP then).
    pub fn new(
        world: &World,
        space: &Space,
        proposer: usize,
        others: &[usize],
    ) -> Option<ProposerPaths> {
        let mut paths = Vec::with_capacity(space.combination_count());
        let mut linear = true;
        space.for_each_combination(world, |template| {
            if linear {
                match ConcessionPath::new(world, space, proposer, others, template) {
                    Some(path) => paths.push(path),
                    None => linear = false,
                }
            }
        });
        (linear && !paths.is_empty()).then_some(ProposerPaths { paths })
    }

    /// The others' total utility for the offer the proposer makes at `goal` (see
    /// [`ProposerPaths::offer`]), without building the offer.
    pub fn best_total(&self, world: &World, proposer: usize, goal: f64) -> f64 {
        let reachable = self
            .paths
            .iter()
            .filter(|path| path.best + 1e-12 >= goal)
            .map(|path| path.value(goal));
        match reachable.reduce(f64::max) {
            Some(total) => total,
            None => {
                let own = |path: &&ConcessionPath| world.actors[proposer].utility(&path.start);
                let top = self.paths.iter().fold(&self.paths[0], |a, b| {
                    if own(&b) > own(&a) + 1e-12 { b } else { a }
                });
                top.start_total
            }
        }
    }

    /// The best offer over all combinations that meets `goal`; if none can, the
    /// proposer's own best outcome.
    pub fn offer(&self, world: &World, proposer: usize, goal: f64) -> Vec<f64> {
        // Compare combinations by value first; build only the winning offer.
        let mut best: Option<(f64, &ConcessionPath)> = None;
        for path in &self.paths {
            if path.best + 1e-12 < goal {
                continue;
            }
            let total = path.value(goal);
            if best.is_none_or(|(value, _)| total > value + 1e-12) {
                best = Some((total, path));
            }
        }
        match best {
            Some((_, path)) => path.offer(goal),
            None => {
                let own = |path: &&ConcessionPath| world.actors[proposer].utility(&path.start);
                let top = self.paths.iter().fold(&self.paths[0], |a, b| {
                    if own(&b) > own(&a) + 1e-12 { b } else { a }
                });
                top.start.clone()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::best_over_combinations;
    use crate::solve::space::Floor;
    use crate::world::{Limit, Party, normalise_weights};
    use proptest::prelude::*;

    fn party(
        ideals: &[f64],
        saliences: &[f64],
        discrete: &[f64],
        veto: bool,
        line: Option<(f64, f64)>,
    ) -> Party {
        let mut values: Vec<ValueFn> = ideals.iter().map(|&p| ValueFn::Linear(p)).collect();
        values.push(ValueFn::Table(discrete.to_vec()));
        let mut limits = vec![Limit::Free; values.len()];
        if let Some((lo, hi)) = line {
            let p = ideals[0];
            limits[0] = Limit::Interval(lo.min(p), hi.max(p));
        }
        Party {
            power: 1.0,
            reservation: 0.0,
            patience: 1.0,
            veto,
            concession: None,
            weights: normalise_weights(saliences),
            saliences: saliences.to_vec(),
            values,
            limits,
        }
    }

    proptest! {
        /// The knapsack path gives the other veto actors as much as the linear program
        /// does, while meeting the proposer's goal.
        #[test]
        fn matches_the_linear_program(
            ideals in prop::collection::vec(prop::collection::vec(0.0..=1.0f64, 3), 3),
            saliences in prop::collection::vec(prop::collection::vec(0.05..=1.0f64, 4), 3),
            tables in prop::collection::vec(prop::collection::vec(0.0..=1.0f64, 2), 3),
            line in prop::option::of((0.0..0.5f64, 0.5..=1.0f64)),
            goal in 0.0..=1.0f64,
            proposer in 0usize..3,
        ) {
            // Actors 0 and 1 hold a veto; 2 is a mediator. One red line on issue 0.
            let actors = (0..3).map(|i| party(&ideals[i], &saliences[i], &tables[i], i < 2, if i == 0 { line } else { None })).collect();
            let world = World { issues: vec![Dimension::Continuous, Dimension::Continuous, Dimension::Continuous, Dimension::Discrete(2)], actors };
            let veto = world.veto_actors();
            let space = Space::new(&world, &veto);
            let others: Vec<usize> = veto.iter().copied().filter(|&j| j != proposer).collect();
            let paths = ProposerPaths::new(&world, &space, proposer, &others).expect("all linear");
            let fast = paths.offer(&world, proposer, goal);
            let weights: Vec<(usize, f64)> = others.iter().map(|&j| (j, 1.0)).collect();
            let floors = [Floor { actor: proposer, floor: goal, scale: 0.0 }];
            let total = |x: &[f64]| -> f64 { others.iter().map(|&j| world.actors[j].utility(x)).sum() };
            match best_over_combinations(&world, &space, &floors, 0.0, &weights) {
                Some((_, lp)) => {
                    prop_assert!(world.actors[proposer].utility(&fast) >= goal - 1e-9, "the goal is met");
                    prop_assert!((total(&fast) - total(&lp)).abs() < 1e-7, "fast {} vs LP {}", total(&fast), total(&lp));
                }
                None => {
                    // Out of reach: the proposer's own best outcome.
                    let best = best_over_combinations(&world, &space, &[], 0.0, &[(proposer, 1.0)]).unwrap().1;
                    prop_assert!((world.actors[proposer].utility(&fast) - world.actors[proposer].utility(&best)).abs() < 1e-9);
                }
            }
        }
    }
}

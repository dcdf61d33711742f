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
//! continuous issues, not on the discrete combination, so they are computed once
//! per trial and proposer and shared by every combination; each round's offer is
//! a short scan.

use super::GAIN_TOLERANCE;
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

/// The segments of a proposer's concession, taken in order. They depend only on
/// the continuous issues, so every discrete combination shares them.
fn segments(
    world: &World,
    space: &Space,
    proposer: usize,
    others: &[usize],
) -> Option<Vec<Segment>> {
    // At most (others + 1) segments per issue.
    let mut segments = Vec::with_capacity(world.issues.len() * (others.len() + 1));
    let p = &world.actors[proposer];
    for (d, dimension) in world.issues.iter().enumerate() {
        if *dimension != Dimension::Continuous {
            continue;
        }
        let (lo, hi) = space.bounds[d];
        let ValueFn::Linear(ideal) = p.values[d] else {
            return None;
        };
        // The others' ideal points and weights on this issue.
        if others
            .iter()
            .any(|&j| !matches!(world.actors[j].values[d], ValueFn::Linear(_)))
        {
            return None;
        }
        let ideals = || {
            others
                .iter()
                .map(move |&j| match world.actors[j].values[d] {
                    ValueFn::Linear(q) => (q, world.actors[j].weights[d]),
                    _ => unreachable!("checked above"),
                })
        };
        let origin = ideal.clamp(lo, hi);
        // The others' slope moving from x in `direction`: +w for each actor ahead.
        let slope = |x: f64, direction: f64| -> f64 {
            ideals()
                .map(|(q, w)| if (q - x) * direction > 1e-15 { w } else { -w })
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
                let next = ideals()
                    .map(|(q, _)| q)
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
    Some(segments)
}

/// Where a proposer's concession starts within one discrete combination.
#[derive(Clone, Copy, Debug)]
struct Start {
    /// The proposer's utility at its best outcome.
    best: f64,
    /// The others' total utility there.
    total: f64,
}

/// Concession paths of one proposer over every discrete combination: one shared
/// list of segments, and per combination the proposer's best outcome.
#[derive(Clone, Debug)]
pub struct ProposerPaths {
    segments: Vec<Segment>,
    starts: Vec<Start>,
    /// The best outcomes, one after another (`issues` values each).
    outcomes: Vec<f64>,
    issues: usize,
}

impl ProposerPaths {
    /// `None` if any value function involved is not linear (use the LP then).
    /// `combinations` holds the space's templates one after another (see
    /// [`Space::combinations`]).
    pub fn new(
        world: &World,
        space: &Space,
        combinations: &[f64],
        proposer: usize,
        others: &[usize],
    ) -> Option<ProposerPaths> {
        let segments = segments(world, space, proposer, others)?;
        let issues = world.issues.len();
        let count = if space.empty {
            0
        } else {
            space.combination_count()
        };
        // Every continuous issue starts at the proposer's ideal (within bounds).
        let mut outcomes = combinations.to_vec();
        let mut starts = Vec::with_capacity(count);
        for k in 0..count {
            let start = &mut outcomes[k * issues..(k + 1) * issues];
            for (d, x) in start.iter_mut().enumerate() {
                if let (Dimension::Continuous, ValueFn::Linear(ideal)) =
                    (world.issues[d], &world.actors[proposer].values[d])
                {
                    let (lo, hi) = space.bounds[d];
                    *x = ideal.clamp(lo, hi);
                }
            }
            let start = &*start;
            starts.push(Start {
                best: world.actors[proposer].utility(start),
                total: others.iter().map(|&j| world.actors[j].utility(start)).sum(),
            });
        }
        if starts.is_empty() {
            return None;
        }
        Some(ProposerPaths {
            segments,
            starts,
            outcomes,
            issues,
        })
    }

    /// The proposer's best outcome in combination `k`.
    fn start(&self, k: usize) -> &[f64] {
        &self.outcomes[k * self.issues..(k + 1) * self.issues]
    }

    /// Walks combination `k`'s path as far as the proposer's budget
    /// (`best − goal`) allows, calling `visit(issue, position)` for each move;
    /// returns the others' total.
    fn walk(&self, k: usize, goal: f64, mut visit: impl FnMut(usize, f64)) -> f64 {
        let start = self.starts[k];
        let mut total = start.total;
        let mut budget = start.best - goal;
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

    /// The combinations whose best outcome reaches `goal`.
    fn reaching(&self, goal: f64) -> impl Iterator<Item = usize> + '_ {
        (0..self.starts.len()).filter(move |&k| self.starts[k].best + 1e-12 >= goal)
    }

    /// The combination whose best outcome is best for the proposer (the first
    /// of near-ties).
    fn top(&self) -> usize {
        (1..self.starts.len()).fold(0, |a, b| {
            if self.starts[b].best > self.starts[a].best + 1e-12 {
                b
            } else {
                a
            }
        })
    }

    /// The most the others can get together from an offer that gives the
    /// proposer at least `goal`; `None` if no outcome gives it that much.
    pub fn most_for_others(&self, goal: f64) -> Option<f64> {
        self.reaching(goal)
            .map(|k| self.walk(k, goal, |_, _| {}))
            .reduce(f64::max)
    }

    /// Whether the proposer and `other`, the only other veto actor (these paths
    /// must be built towards it alone), have a zone of agreement, as
    /// [`zopa_exists`](crate::model::zopa_exists) defines it: some outcome gives
    /// both more than their reservation, by [`GAIN_TOLERANCE`]. The most `other`
    /// can get from an outcome that gives the proposer at least `g` is exactly
    /// the proposer's concession offer at goal `g` (linear value functions,
    /// within the veto red lines), so it is enough to look at the offer just
    /// above the proposer's reservation.
    pub fn zone_of_agreement(&self, world: &World, proposer: usize, other: usize) -> bool {
        let least = |actor: usize| world.actors[actor].reservation + GAIN_TOLERANCE;
        self.most_for_others(least(proposer))
            .is_some_and(|most| most > least(other))
    }

    /// The others' total utility for the offer the proposer makes at `goal` (see
    /// [`ProposerPaths::offer`]), without building the offer.
    pub fn best_total(&self, goal: f64) -> f64 {
        self.most_for_others(goal)
            .unwrap_or_else(|| self.starts[self.top()].total)
    }

    /// The best offer over all combinations that meets `goal`; if none can, the
    /// proposer's own best outcome.
    pub fn offer(&self, goal: f64) -> Vec<f64> {
        // Compare combinations by value first; build only the winning offer.
        let mut best: Option<(f64, usize)> = None;
        for k in self.reaching(goal) {
            let total = self.walk(k, goal, |_, _| {});
            if best.is_none_or(|(value, _)| total > value + 1e-12) {
                best = Some((total, k));
            }
        }
        match best {
            Some((_, k)) => {
                let mut offer = self.start(k).to_vec();
                self.walk(k, goal, |issue, position| offer[issue] = position);
                offer
            }
            None => self.start(self.top()).to_vec(),
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
            let paths = ProposerPaths::new(&world, &space, &space.combinations(&world), proposer, &others).expect("all linear");
            let fast = paths.offer(goal);
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

        /// Between two veto actors, the paths find a zone of agreement exactly when
        /// the general check does.
        #[test]
        fn zone_of_agreement_matches_the_general_check(
            ideals in prop::collection::vec(prop::collection::vec(0.0..=1.0f64, 3), 3),
            saliences in prop::collection::vec(prop::collection::vec(0.05..=1.0f64, 4), 3),
            tables in prop::collection::vec(prop::collection::vec(0.0..=1.0f64, 2), 3),
            line in prop::option::of((0.0..0.5f64, 0.5..=1.0f64)),
            reservations in prop::collection::vec(0.2..=0.9f64, 2),
            proposer in 0usize..2,
        ) {
            let actors = (0..3).map(|i| {
                let mut actor = party(&ideals[i], &saliences[i], &tables[i], i < 2, if i == 0 { line } else { None });
                actor.reservation = reservations.get(i).copied().unwrap_or(0.0);
                actor
            }).collect();
            let world = World { issues: vec![Dimension::Continuous, Dimension::Continuous, Dimension::Continuous, Dimension::Discrete(2)], actors };
            let other = 1 - proposer;
            let space = Space::new(&world, &world.veto_actors());
            let paths = ProposerPaths::new(&world, &space, &space.combinations(&world), proposer, &[other]).expect("all linear");
            prop_assert_eq!(paths.zone_of_agreement(&world, proposer, other), crate::model::zopa_exists(&world));
        }
    }
}

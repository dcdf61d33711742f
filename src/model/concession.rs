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

/// The segments of a proposer's concession, taken in order, written into
/// `segments` (cleared first); `false` if a value function involved is not
/// linear. They depend only on the continuous issues, so every discrete
/// combination shares them. `kinks`: storage for one issue's ideal points.
fn segments_into(
    world: &World,
    space: &Space,
    proposer: usize,
    others: &[usize],
    segments: &mut Vec<Segment>,
    kinks: &mut Vec<(f64, f64)>,
) -> bool {
    segments.clear();
    let p = &world.actors[proposer];
    for (d, dimension) in world.issues.iter().enumerate() {
        if *dimension != Dimension::Continuous {
            continue;
        }
        let (lo, hi) = space.bounds[d];
        let ValueFn::Linear(ideal) = p.values[d] else {
            return false;
        };
        // The others' ideal points and weights on this issue.
        kinks.clear();
        for &j in others {
            let ValueFn::Linear(q) = world.actors[j].values[d] else {
                return false;
            };
            kinks.push((q, world.actors[j].weights[d]));
        }
        let ideals = || kinks.iter().copied();
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
    true
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
///
/// [`ProposerPaths::build`] rebuilds them in place for another world, reusing
/// the storage: a Monte Carlo thread keeps a few from trial to trial.
#[derive(Clone, Debug, Default)]
pub struct ProposerPaths {
    segments: Vec<Segment>,
    starts: Vec<Start>,
    /// The best outcomes, one after another (`issues` values each).
    outcomes: Vec<f64>,
    issues: usize,
    /// The other actors the paths concede to.
    others: Vec<usize>,
    /// Storage for [`segments_into`] and for the terms of utilities.
    kinks: Vec<(f64, f64)>,
    terms: Vec<f64>,
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
        let mut paths = ProposerPaths::default();
        paths
            .build(world, space, combinations, proposer, others.iter().copied())
            .then_some(paths)
    }

    /// [`ProposerPaths::new`] in this storage: `false` (and the paths unusable)
    /// if any value function involved is not linear or there is no combination.
    pub fn build(
        &mut self,
        world: &World,
        space: &Space,
        combinations: &[f64],
        proposer: usize,
        others: impl IntoIterator<Item = usize>,
    ) -> bool {
        self.others.clear();
        self.others.extend(others);
        let others = &self.others[..];
        self.starts.clear();
        self.outcomes.clear();
        if !segments_into(
            world,
            space,
            proposer,
            others,
            &mut self.segments,
            &mut self.kinks,
        ) {
            return false;
        }
        let issues = world.issues.len();
        self.issues = issues;
        let count = if space.empty {
            0
        } else {
            space.combination_count()
        };
        // Every continuous issue starts at the proposer's ideal (within bounds).
        self.outcomes.extend_from_slice(combinations);
        // The terms `w·v(x)` of the proposer's utility and then each other's
        // at the start, issue by issue: the continuous issues' are the same in
        // every combination, so only the discrete ones are computed per
        // combination, and each utility is summed in issue order as
        // `Party::utility` sums it (the same bits).
        let actors = || std::iter::once(proposer).chain(others.iter().copied());
        self.terms.clear();
        self.terms.resize((1 + others.len()) * issues, 0.0);
        for k in 0..count {
            let start = &mut self.outcomes[k * issues..(k + 1) * issues];
            for (d, x) in start.iter_mut().enumerate() {
                if let (Dimension::Continuous, ValueFn::Linear(ideal)) =
                    (world.issues[d], &world.actors[proposer].values[d])
                {
                    let (lo, hi) = space.bounds[d];
                    *x = ideal.clamp(lo, hi);
                }
            }
            let start = &*start;
            let mut best = 0.0;
            let mut total = 0.0;
            for (slot, j) in actors().enumerate() {
                let party = &world.actors[j];
                let row = &mut self.terms[slot * issues..(slot + 1) * issues];
                for (d, term) in row.iter_mut().enumerate() {
                    if k == 0 || world.issues[d] != Dimension::Continuous {
                        *term = party.weights[d] * party.values[d].value(start[d]);
                    }
                }
                let utility: f64 = row.iter().sum();
                if slot == 0 {
                    best = utility;
                } else if slot == 1 {
                    total = utility;
                } else {
                    total += utility;
                }
            }
            self.starts.push(Start { best, total });
        }
        !self.starts.is_empty()
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

    /// With one other actor (paths built towards it alone): where the two
    /// targets' straight path meets these paths. The proposer's target is
    /// `r_p + s_p·(1 − c)` and the other's `r_o + s_o·(1 − c)`, both less
    /// `margin` (`(r, s)`: reservation and span, `s > 0`), at concession `c`;
    /// returns the least `c` at which the offer of some combination that
    /// meets the proposer's target gives the other its target (past 1 if only
    /// later). Along a combination's path the proposer's budget rises with
    /// `c` and the other's total with it, piecewise linearly, while the other's
    /// target falls, so each combination has one crossing, found segment by
    /// segment. The caps of time-dependent play's test for the first round
    /// worth playing (the other's best; the proposer's own best when its target
    /// is out of reach) are left out: this is a guess, which that test checks.
    pub fn meeting_concession(
        &self,
        (r_p, s_p): (f64, f64),
        (r_o, s_o): (f64, f64),
        margin: f64,
    ) -> Option<f64> {
        if !(s_p > 0.0 && s_o > 0.0) {
            return None;
        }
        let mut least = f64::INFINITY;
        for start in &self.starts {
            // Budget `best − (r_p + s_p(1 − c) − margin)` at concession c:
            // the concession at budget β.
            let at_zero = start.best - (r_p + s_p - margin);
            let concession = |budget: f64| (budget - at_zero) / s_p;
            // The other's target less its total at budget β, with the total
            // `total + rate·(β − from)` on the stretch at hand.
            let short =
                |budget: f64, total: f64| r_o + s_o * (1.0 - concession(budget)) - margin - total;
            let mut budget = at_zero.max(0.0);
            let mut total = start.total;
            let mut spent = 0.0;
            let mut found = None;
            for segment in &self.segments {
                let (length, rate) = if segment.cost > 0.0 {
                    (segment.length * segment.cost, segment.gain / segment.cost)
                } else {
                    // Free: taken at once.
                    total += segment.length * segment.gain;
                    continue;
                };
                let end = spent + length;
                if end > budget {
                    // On [max(spent, budget), end]: total rises at `rate`.
                    let from = spent.max(budget);
                    let at_from = total + rate * (from - spent);
                    let gap = short(from, at_from);
                    if gap <= 0.0 {
                        found = Some(concession(from));
                        break;
                    }
                    // The gap falls by rate + s_o/s_p per unit of budget.
                    let step = gap / (rate + s_o / s_p);
                    if from + step <= end {
                        found = Some(concession(from + step));
                        break;
                    }
                    budget = end;
                }
                total += rate * length;
                spent = end;
            }
            let crossing = found.unwrap_or_else(|| {
                // Past every segment the total stays: the other's target
                // falls to it.
                let from = spent.max(budget);
                concession(from).max((r_o + s_o - margin - total) / s_o)
            });
            least = least.min(crossing.max(0.0));
        }
        least.is_finite().then_some(least)
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

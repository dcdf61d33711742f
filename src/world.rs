//! One concrete draw of a scenario: every number fixed, issues normalised to `[0, 1]`.
//!
//! Models never see distributions or units. They get a [`World`]: per actor the
//! power, reservation, patience, normalised weights and value function per issue,
//! and red lines mapped to the same internal scale. `zopa solve` builds the
//! nominal world (every distribution at its mean); `zopa run` draws one world per
//! trial, reusing the allocation.
//!
//! Outcomes are `&[f64]` with one entry per issue: a continuous issue's value on
//! `[0, 1]`, or a discrete issue's option index.

use crate::scenario::{IssueKind, Preference, RedLine, Scenario, Shape};
use rand::Rng;

/// The kind of each issue, as models need it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dimension {
    /// Values on `[0, 1]`.
    Continuous,
    /// Option indices `0..n`.
    Discrete(usize),
}

/// How an actor values one issue.
#[derive(Clone, Debug, PartialEq)]
pub enum ValueFn {
    /// `v = 1 − |x − p|`, ideal point `p` on `[0, 1]`.
    Linear(f64),
    /// `v = 1 − (x − p)²`.
    Quadratic(f64),
    /// `v = table[option]`.
    Table(Vec<f64>),
}

impl ValueFn {
    /// The value of `x` (a point on `[0, 1]` or an option index).
    #[inline]
    pub fn value(&self, x: f64) -> f64 {
        match self {
            ValueFn::Linear(p) => 1.0 - (x - p).abs(),
            ValueFn::Quadratic(p) => 1.0 - (x - p) * (x - p),
            ValueFn::Table(table) => table.get(x as usize).copied().unwrap_or(0.0),
        }
    }

    /// The ideal point of a continuous value function.
    pub fn ideal(&self) -> Option<f64> {
        match self {
            ValueFn::Linear(p) | ValueFn::Quadratic(p) => Some(*p),
            ValueFn::Table(_) => None,
        }
    }
}

/// What an actor accepts on one issue.
#[derive(Clone, Debug, PartialEq)]
pub enum Limit {
    /// No red line.
    Free,
    /// Acceptable interval on `[0, 1]`.
    Interval(f64, f64),
    /// Acceptable options.
    Allowed(Vec<bool>),
}

impl Limit {
    /// Whether `x` is acceptable.
    #[inline]
    pub fn allows(&self, x: f64) -> bool {
        match self {
            Limit::Free => true,
            Limit::Interval(lo, hi) => x >= lo - 1e-12 && x <= hi + 1e-12,
            Limit::Allowed(allowed) => allowed.get(x as usize).copied().unwrap_or(false),
        }
    }
}

/// One actor with every number fixed.
#[derive(Clone, Debug, PartialEq)]
pub struct Party {
    pub power: f64,
    pub reservation: f64,
    pub patience: f64,
    pub veto: bool,
    /// Own concession exponent (time-dependent alternating offers), if any.
    pub concession: Option<f64>,
    /// Saliences as written (for models that weigh actors against each other).
    pub saliences: Vec<f64>,
    /// Saliences normalised to sum to 1 (the utility weights).
    pub weights: Vec<f64>,
    pub values: Vec<ValueFn>,
    pub limits: Vec<Limit>,
}

impl Party {
    /// Additive utility of an outcome, in `[0, 1]`.
    #[inline]
    pub fn utility(&self, outcome: &[f64]) -> f64 {
        self.weights
            .iter()
            .zip(&self.values)
            .zip(outcome)
            .map(|((w, v), x)| w * v.value(*x))
            .sum()
    }

    /// Whether the outcome respects every red line of this actor.
    pub fn within_red_lines(&self, outcome: &[f64]) -> bool {
        self.limits
            .iter()
            .zip(outcome)
            .all(|(limit, x)| limit.allows(*x))
    }

    /// Whether the actor would accept the outcome over no agreement.
    pub fn accepts(&self, outcome: &[f64]) -> bool {
        self.within_red_lines(outcome) && self.clears_reservation(self.utility(outcome))
    }

    /// Whether `utility` is at least the reservation (up to rounding): the
    /// second half of [`Party::accepts`], for callers that have the utility.
    #[inline]
    pub fn clears_reservation(&self, utility: f64) -> bool {
        utility >= self.reservation - 1e-12
    }
}

/// A fully numeric instance of a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct World {
    pub issues: Vec<Dimension>,
    pub actors: Vec<Party>,
}

impl World {
    /// Every uncertain number at its nominal value (the distribution's mean).
    pub fn nominal(scenario: &Scenario) -> World {
        World::build(scenario, |param| param.nominal())
    }

    /// One random draw of every uncertain number.
    pub fn sample<R: Rng + ?Sized>(scenario: &Scenario, rng: &mut R) -> World {
        World::build(scenario, |param| param.sample(rng))
    }

    /// Redraws every uncertain number in place, in the same order as [`World::sample`],
    /// reusing this world's allocations (the Monte Carlo hot loop). `self` must
    /// have been built from the same scenario.
    pub fn resample<R: Rng + ?Sized>(&mut self, scenario: &Scenario, rng: &mut R) {
        for (party, actor) in self.actors.iter_mut().zip(&scenario.actors) {
            party.power = actor.power.sample(rng);
            party.reservation = actor.reservation.sample(rng);
            party.patience = actor.patience.sample(rng);
            for (d, (issue, stance)) in scenario.issues.iter().zip(&actor.stances).enumerate() {
                party.saliences[d] = stance.salience.sample(rng);
                if let Preference::Ideal { position, .. } = &stance.preference {
                    let p = issue.normalise(position.sample(rng)).clamp(0.0, 1.0);
                    if let ValueFn::Linear(ideal) | ValueFn::Quadratic(ideal) = &mut party.values[d]
                    {
                        *ideal = p;
                    }
                }
            }
            let total: f64 = party.saliences.iter().sum();
            let count = party.saliences.len().max(1) as f64;
            for (weight, salience) in party.weights.iter_mut().zip(&party.saliences) {
                *weight = if total > 0.0 {
                    salience / total
                } else {
                    1.0 / count
                };
            }
        }
    }

    fn build(scenario: &Scenario, mut draw: impl FnMut(&crate::uncertain::Param) -> f64) -> World {
        let issues = scenario
            .issues
            .iter()
            .map(|issue| match &issue.kind {
                IssueKind::Continuous { .. } => Dimension::Continuous,
                IssueKind::Discrete { options } => Dimension::Discrete(options.len()),
            })
            .collect();
        let actors = scenario
            .actors
            .iter()
            .map(|actor| {
                let power = draw(&actor.power);
                let reservation = draw(&actor.reservation);
                let patience = draw(&actor.patience);
                let mut saliences = Vec::with_capacity(actor.stances.len());
                let mut values = Vec::with_capacity(actor.stances.len());
                let mut limits = Vec::with_capacity(actor.stances.len());
                for (issue, stance) in scenario.issues.iter().zip(&actor.stances) {
                    saliences.push(draw(&stance.salience));
                    values.push(match &stance.preference {
                        Preference::Ideal { position, shape } => {
                            let p = issue.normalise(draw(position)).clamp(0.0, 1.0);
                            match shape {
                                Shape::Linear => ValueFn::Linear(p),
                                Shape::Quadratic => ValueFn::Quadratic(p),
                            }
                        }
                        Preference::Values(table) => ValueFn::Table(table.clone()),
                    });
                    limits.push(match &stance.red_line {
                        None => Limit::Free,
                        Some(RedLine::Interval { min, max }) => {
                            Limit::Interval(issue.normalise(*min), issue.normalise(*max))
                        }
                        Some(RedLine::Allowed(allowed)) => Limit::Allowed(allowed.clone()),
                    });
                }
                let weights = normalise_weights(&saliences);
                Party {
                    power,
                    reservation,
                    patience,
                    veto: actor.veto,
                    concession: actor.concession,
                    saliences,
                    weights,
                    values,
                    limits,
                }
            })
            .collect();
        World { issues, actors }
    }

    /// Indices of the veto actors.
    pub fn veto_actors(&self) -> Vec<usize> {
        (0..self.actors.len())
            .filter(|&i| self.actors[i].veto)
            .collect()
    }

    /// Each actor's utility for an outcome.
    pub fn utilities(&self, outcome: &[f64]) -> Vec<f64> {
        self.actors
            .iter()
            .map(|actor| actor.utility(outcome))
            .collect()
    }
}

/// Saliences scaled to sum to 1; all zero (possible in a draw) gives equal weights.
pub fn normalise_weights(saliences: &[f64]) -> Vec<f64> {
    let total: f64 = saliences.iter().sum();
    if total > 0.0 {
        saliences.iter().map(|s| s / total).collect()
    } else {
        vec![1.0 / saliences.len().max(1) as f64; saliences.len()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_functions_follow_the_definitions() {
        assert!((ValueFn::Linear(0.2).value(0.7) - 0.5).abs() < 1e-15);
        assert!((ValueFn::Quadratic(0.2).value(0.7) - 0.75).abs() < 1e-15);
        assert_eq!(ValueFn::Table(vec![1.0, 0.4]).value(1.0), 0.4);
    }

    #[test]
    fn resampling_in_place_equals_a_fresh_draw() {
        use crate::scenario::build::{ActorBuilder, ScenarioBuilder, normal, uniform};
        use rand::SeedableRng;
        let scenario = ScenarioBuilder::new("draws")
            .continuous_issue("x", "X", 0.0, 10.0)
            .discrete_issue("o", "O", &["a", "b"])
            .actor(
                ActorBuilder::new("a", "A")
                    .power(uniform(1.0, 2.0))
                    .ideal("x", normal(4.0, 1.0), uniform(0.0, 1.0))
                    .favours("o", "a", 1.0),
            )
            .actor(
                ActorBuilder::new("b", "B")
                    .reservation(uniform(0.0, 0.5))
                    .ideal_quadratic("x", 7.0, 1.0)
                    .favours("o", "b", 2.0),
            )
            .build()
            .unwrap();
        let mut reused = World::nominal(&scenario);
        for seed in 0..20 {
            let mut a = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(seed);
            let mut b = a.clone();
            reused.resample(&scenario, &mut a);
            assert_eq!(reused, World::sample(&scenario, &mut b));
        }
    }

    #[test]
    fn weights_sum_to_one_and_all_zero_falls_back_to_equal() {
        assert_eq!(normalise_weights(&[1.0, 3.0]), vec![0.25, 0.75]);
        assert_eq!(normalise_weights(&[0.0, 0.0]), vec![0.5, 0.5]);
    }

    #[test]
    fn utility_is_additive_over_issues() {
        let party = Party {
            power: 1.0,
            reservation: 0.3,
            patience: 1.0,
            veto: true,
            concession: None,
            saliences: vec![1.0, 3.0],
            weights: vec![0.25, 0.75],
            values: vec![ValueFn::Linear(1.0), ValueFn::Table(vec![0.0, 1.0])],
            limits: vec![Limit::Interval(0.5, 1.0), Limit::Free],
        };
        // 0.25 * (1 - 0.4) + 0.75 * 1.0 = 0.9
        assert!((party.utility(&[0.6, 1.0]) - 0.9).abs() < 1e-15);
        assert!(party.accepts(&[0.6, 1.0]));
        assert!(!party.accepts(&[0.4, 1.0]), "outside the red line");
        assert!(
            !party.accepts(&[1.0, 0.0]),
            "utility 0.25 below reservation 0.3"
        );
    }
}

//! Bueno de Mesquita's expected utility model, as specified by Scholz, Calbert &
//! Smith (2011), "Unravelling Bueno de Mesquita's group decision model",
//! *Journal of Theoretical Politics* 23(4).
//!
//! # The model in words
//!
//! Each issue is played on its own, by every actor (veto or not). An actor has a
//! position, a capability `c` (the weight it can throw around) and a salience `s`
//! (how much it cares, read as the probability that it resists a challenge).
//! One round:
//!
//! 1. **Votes.** Were `i` and `j` to clash, every actor `k` would back the one
//!    whose position it prefers, with `c_k s_k` times the difference of its
//!    distances to them. `P_i^j`, the probability that `i` beats `j`, is the share
//!    of all those votes cast for `i`.
//! 2. **Challenges.** `i` may challenge `j`: demand that `j` adopt `i`'s position.
//!    `j` gives in (probability `1 − s_j`) or resists, and then `i` wins with
//!    `P_i^j`. `EU_i(ij)` is what this gamble is worth to `i` compared with
//!    leaving things as they are.
//! 3. **Risk.** An actor whose position invites many profitable challenges has, by
//!    holding it, shown that it accepts risk; a secure actor is cautious. Its risk
//!    exponent `r_i ∈ [0.5, 2]` bends its utilities accordingly.
//! 4. **Offers.** `i` looks at each rival `j` through its own eyes: its own gain
//!    from challenging `j`, `EU_i(ij)`, and `j`'s gain from challenging `i`,
//!    `EU_i(ji)`. When `j` gains, and gains more than `i`, `j`'s demand is
//!    credible. `i` then expects to lose a **confrontation** (both gain, `j` more:
//!    move to `j`), to **compromise** (`i` would lose less than `j` gains: move
//!    part of the way), or to **capitulate** (`i` would lose more: move all the way).
//! 5. **Moves.** Each actor takes the credible offer that moves it least, and all
//!    move at once. Positions drift towards the coalitions that can make their
//!    demands stick. After K rounds the prediction is the `c·s`-weighted mean.
//!
//! [`ExpectedUtility::solve_observed`] reports each issue's start, every round
//! and the forecast to an observer (`zopa explain` narrates from them); the
//! plain solve is the same play with an observer that does nothing.
//!
//! # Choices where published replications disagree
//!
//! Compared: the Python replications `jmckib/bdm-scholz-expected-utility-model`
//! ("jmckib", which says it follows Scholz's own code where that differs from the
//! paper) and `dmasad/BDM_DecisionModel_Replication` ("Masad").
//!
//! - **Scale.** Positions stay on the issue's `[0, 1]` scale; distances are
//!   divided by the spread (max − min) of the actors' *initial* positions, fixed
//!   for all rounds, as the paper (positions rescaled to `[0, 1]`) and both codes
//!   do. The forecast therefore does not depend on how wide the scenario draws the
//!   issue; when the issue's range equals the spread (the EU example on `[4, 10]`)
//!   the two normalisations coincide.
//! - **Salience** is a probability: when any salience on the issue exceeds 1 the
//!   issue uses the 0–100 convention and all are divided by 100. Capability is
//!   `power` (negative counts as 0).
//! - **Votes** are risk-neutral, `v_k(i:j) = c_k s_k (|x_k − x_j| − |x_k − x_i|)`,
//!   as in Masad's code; jmckib raises the distances to the voter's `r_k`.
//! - **`P_i^j`** = (votes for `i`) / Σ|votes|, as in the paper, so
//!   `P_i^j + P_j^i = 1`. Masad uses max(0, net votes) / Σ|votes| (the test file
//!   reproduces his published risk exponents with it); jmckib divides by the
//!   votes over *all* triples, which makes every `P` tiny. Equal positions: `P = 0`.
//! - **`Q = 1`, `T = 1`**: an unchallenged status quo persists, so the "better" and
//!   "worse" utilities drop out (kept, with `μ` the weighted median, for `Q < 1`).
//!   Both codes use 1; a known variant sets `Q = 0.5`.
//! - **Perspective.** `i` judges `EU_i(ji)` with its own `r_i` (jmckib, and BDM's
//!   perceptual quadrants); Masad uses each actor's own `r`.
//! - **Security** `S_i = Σ_{j≠i} EU_j(ji)`, computed with every `r = 1`;
//!   `R_i = (2 S_i − S_max − S_min)/(S_max − S_min)`, `R = 0` when all `S` are equal.
//! - **Choosing among offers**: least movement, over all kinds (the paper's text);
//!   ties go to the larger `EU_i(ji)`, then to the lower actor index. Scholz's code
//!   (per jmckib) prefers confrontations, then compromises ranked by an
//!   EU-weighted position; Masad takes the offer whose sender gains most.
//!   `|EU_i(ij)| = EU_i(ji)` counts as capitulation (the compromise would also
//!   move all the way). All actors move simultaneously.
//! - **Discrete issues** use the compromise rule: the option with the highest
//!   `Σ_i c_i s_i v_i(option)`, the first one on a tie. Red lines are not part of
//!   the model: it always predicts an outcome.

mod round;

pub use round::{
    BETTER_PROBABILITY, Offer, OfferKind, Round, STATUS_QUO_PROBABILITY, Utilities, credible_offer,
    expected_utility, play_round, risk_exponents, vote, weighted_median, win_probability,
};

use super::{Model, Solution, TrialRng, compromise_outcome};
use crate::solve::space::Space;
use crate::world::{Dimension, World};

/// The model's one setting (rounds) is plain data in [`crate::model_kind`];
/// the rounds are played here.
pub use crate::model_kind::ExpectedUtility;

impl Model for ExpectedUtility {
    fn name(&self) -> &str {
        "expected-utility"
    }

    fn solve(&self, world: &World, rng: &mut TrialRng) -> Solution {
        self.solve_observed(world, rng, &mut |_| {})
    }
}

impl ExpectedUtility {
    /// Plays the model and reports every step to `observe` (for `explain`):
    /// issue by issue, the start, each round and the forecast. The plain
    /// [`Model::solve`] is this with an observer that does nothing.
    pub fn solve_observed(
        &self,
        world: &World,
        _rng: &mut TrialRng,
        observe: &mut impl FnMut(&EuEvent),
    ) -> Solution {
        // Discrete issues: the compromise model's choice over every option.
        let compromise = compromise_outcome(world, &Space::new(world, &[]));
        let outcome = (0..world.issues.len())
            .map(|d| match world.issues[d] {
                Dimension::Continuous => {
                    let end = play_issue(d, &stakes(world, d), self.rounds, observe);
                    let forecast = mean_position(&end).clamp(0.0, 1.0);
                    observe(&EuEvent::Forecast {
                        issue: d,
                        stakes: &end,
                        forecast,
                    });
                    forecast
                }
                Dimension::Discrete(_) => {
                    observe(&EuEvent::Settled {
                        issue: d,
                        option: compromise[d],
                    });
                    compromise[d]
                }
            })
            .collect();
        Solution::agreed(outcome)
    }
}

/// One step of the model, as [`ExpectedUtility::solve_observed`] reports it.
/// Issues come in order; a continuous one brings a `Start`, a `Round` per
/// round played and a `Forecast`, a discrete one a `Settled`.
#[derive(Clone, Copy, Debug)]
pub enum EuEvent<'a> {
    /// A discrete issue, settled by the compromise rule on `option` (no rounds).
    Settled { issue: usize, option: f64 },
    /// Play on a continuous issue starts from `stakes`; distances are divided
    /// by `spread`. `still`: why no round is played, if none is.
    Start {
        issue: usize,
        stakes: &'a [Stake],
        spread: f64,
        still: Option<Still>,
    },
    /// Round `round` was played: everything it computed, and every stake after
    /// the moves.
    Round {
        issue: usize,
        round: u32,
        played: &'a Round,
        stakes: &'a [Stake],
    },
    /// The stakes after the last round and the forecast read off them.
    Forecast {
        issue: usize,
        stakes: &'a [Stake],
        forecast: f64,
    },
}

/// Why an issue is not played.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Still {
    /// Every actor stands at the same position: there is nothing to contest.
    Together,
    /// No actor weighs the issue (every `c·s` is 0): nobody can win a vote.
    Unweighted,
}

/// One actor's stake in one issue, as the model sees it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stake {
    /// Current position on the issue's `[0, 1]` scale.
    pub position: f64,
    /// Capability `c ≥ 0`.
    pub capability: f64,
    /// Salience `s ∈ [0, 1]`: the probability of resisting a challenge.
    pub salience: f64,
}

impl Stake {
    /// A stake at `position` with capability `c` and salience `s`.
    pub const fn new(position: f64, capability: f64, salience: f64) -> Stake {
        Stake {
            position,
            capability,
            salience,
        }
    }

    /// The actor's votes: `c·s`.
    pub fn weight(&self) -> f64 {
        self.capability * self.salience
    }
}

/// The stakes of every actor on continuous issue `issue` (see the module docs
/// for how saliences on 0–100 are read).
pub fn stakes(world: &World, issue: usize) -> Vec<Stake> {
    let largest = world
        .actors
        .iter()
        .map(|actor| actor.saliences[issue])
        .fold(0.0, f64::max);
    let scale = if largest > 1.0 { 100.0 } else { 1.0 };
    world
        .actors
        .iter()
        .map(|actor| Stake {
            position: actor.values[issue].ideal().unwrap_or(0.5),
            capability: actor.power.max(0.0),
            salience: (actor.saliences[issue] / scale).clamp(0.0, 1.0),
        })
        .collect()
}

/// The forecast for one issue: the weighted mean after `rounds` rounds.
pub fn predict(stakes: &[Stake], rounds: u32) -> f64 {
    mean_position(&play_issue(0, stakes, rounds, &mut |_| {}))
}

/// Plays `rounds` rounds on continuous issue `issue` from `stakes`, reporting
/// the start and each round; the stakes at the end.
fn play_issue(
    issue: usize,
    stakes: &[Stake],
    rounds: u32,
    observe: &mut impl FnMut(&EuEvent),
) -> Vec<Stake> {
    let mut current = stakes.to_vec();
    let spread = spread(&current);
    let total: f64 = current.iter().map(Stake::weight).sum();
    let still = if spread <= 1e-12 {
        Some(Still::Together)
    } else if total > 0.0 {
        None
    } else {
        Some(Still::Unweighted)
    };
    observe(&EuEvent::Start {
        issue,
        stakes: &current,
        spread,
        still,
    });
    if still.is_none() {
        // A round is a function of the stakes alone: once one moves nobody,
        // every later round repeats it exactly, and is reported, not replayed.
        let mut settled: Option<Round> = None;
        for round in 1..=rounds {
            if let Some(played) = &settled {
                observe(&EuEvent::Round {
                    issue,
                    round,
                    played,
                    stakes: &current,
                });
                continue;
            }
            let played = play_round(&current, spread);
            let mut moved = false;
            for (stake, position) in current.iter_mut().zip(&played.positions) {
                moved |= stake.position != *position;
                stake.position = *position;
            }
            observe(&EuEvent::Round {
                issue,
                round,
                played: &played,
                stakes: &current,
            });
            if !moved {
                settled = Some(played);
            }
        }
    }
    current
}

/// The `c·s`-weighted mean of the positions (the plain mean if nobody weighs
/// the issue): the forecast, once the rounds are played.
pub fn mean_position(stakes: &[Stake]) -> f64 {
    let (positions, weights) = split(stakes);
    weighted_mean(&positions, &weights)
}

/// Max − min of the positions (0 when there are none).
pub fn spread(stakes: &[Stake]) -> f64 {
    let (lo, hi) = stakes
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), s| {
            (lo.min(s.position), hi.max(s.position))
        });
    (hi - lo).max(0.0)
}

pub(super) fn split(stakes: &[Stake]) -> (Vec<f64>, Vec<f64>) {
    stakes.iter().map(|s| (s.position, s.weight())).unzip()
}

/// The weighted mean `Σ w x / Σ w`; the plain mean if no weight is positive.
pub fn weighted_mean(positions: &[f64], weights: &[f64]) -> f64 {
    let total: f64 = weights.iter().sum();
    if total > 0.0 {
        positions
            .iter()
            .zip(weights)
            .map(|(x, w)| x * w)
            .sum::<f64>()
            / total
    } else {
        positions.iter().sum::<f64>() / positions.len().max(1) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn consensus_and_indifference_need_no_rounds() {
        assert!(close(predict(&[Stake::new(0.3, 1.0, 0.5); 3], 10), 0.3));
        let careless = [Stake::new(0.2, 1.0, 0.0), Stake::new(0.6, 2.0, 0.0)];
        assert!(close(predict(&careless, 10), 0.4), "plain mean");
    }
}

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
//! 5. **Moves.** Each actor takes the credible offer that moves it least (under
//!    the `Paper` rules; the replications choose otherwise, below), and all
//!    move at once. Positions drift towards the coalitions that can make their
//!    demands stick. After K rounds the prediction is the `c·s`-weighted mean.
//!
//! [`ExpectedUtility::solve_observed`] reports each issue's start, every round
//! and the forecast to an observer (`zopa explain` narrates from them); the
//! plain solve is the same play with an observer that does nothing.
//!
//! # Rule sets: where published replications disagree
//!
//! Compared: the Python replications `jmckib/bdm-scholz-expected-utility-model`
//! ("jmckib", which says it follows Scholz's own code where that differs from the
//! paper; commit 55f63e9) and `dmasad/BDM_DecisionModel_Replication` ("Masad",
//! `GroupDecisionModel.py`, commit aa3899a). [`EuRules`] picks one reading:
//! `Paper` (the default: the paper's text as zopa reads it), `Jmckib`, `Masad`.
//! On the EU example they give 7.097317, 7.242131 and 7.391617 after 10 rounds
//! (`tests/it/eu_rules.rs` reproduces all three round by round).
//!
//! Shared by all three:
//!
//! - **Who plays.** An actor with salience 0 on an issue takes no part in it:
//!   it does not challenge, is not challenged, casts no votes, does not move,
//!   and enters no spread, security or risk exponent. (Neither replication has
//!   such actors; this is the published model's reading of "does not care".)
//! - **Scale.** Positions stay on the issue's `[0, 1]` scale; distances are
//!   divided by the spread (max − min) of the playing actors' *initial*
//!   positions, fixed for all rounds, as the paper (positions rescaled to
//!   `[0, 1]`) and both codes do. The forecast therefore does not depend on how
//!   wide the scenario draws the issue.
//! - **Salience** is a probability: when any salience on the issue exceeds 1 the
//!   issue uses the 0–100 convention and all are divided by 100. Capability is
//!   `power` (negative counts as 0).
//! - **`Q = 1`, `T = 1`**: an unchallenged status quo persists, so the "better" and
//!   "worse" utilities drop out (kept, with `μ` the weighted median, for `Q < 1`).
//!   Both codes use 1; a known variant sets `Q = 0.5`.
//! - **Security** `S_i = Σ_{j≠i} EU_j(ji)`, computed with every `r = 1` (voters'
//!   too); `R_i = (2 S_i − S_max − S_min)/(S_max − S_min)`, `R = 0` when all `S`
//!   are equal; all actors move simultaneously.
//!
//! Where they differ (`rules` holds the two steps that do):
//!
//! - **Votes.** Paper and Masad: risk-neutral, `v_k(i:j) = c_k s_k (|x_k − x_j| −
//!   |x_k − x_i|)`. Jmckib: each distance raised to the voter's current `r_k`.
//! - **`P_i^j`.** Paper: (votes for `i`) / Σ|votes|, so `P_i^j + P_j^i = 1`.
//!   Masad: max(0, net votes) / Σ|votes|. Jmckib: votes for `i` over the votes
//!   of *all* ordered pairs of actors, which makes every `P` tiny. Equal
//!   positions: `P = 0`.
//! - **Perspective.** Paper and Jmckib: `i` judges `EU_i(ji)` with its own `r_i`
//!   (BDM's perceptual quadrants). Masad: the rival's own gain `EU_j(ji)`, with `r_j`.
//! - **Choosing among offers.** Paper: least movement over all kinds; ties go to
//!   the larger `EU_i(ji)`, then to the lower actor index; `|EU_i(ij)| = EU_i(ji)`
//!   counts as capitulation. Jmckib: confrontations first (least movement), else
//!   the compromise whose EU-weighted position `(|EU_i(ij)| x_i + |EU_i(ji)| x_j) /
//!   (|EU_i(ij)| + |EU_i(ji)|)` is lowest; never a capitulation, because its test
//!   reads `eu_ji < abs(eu_ji)` (a typo for `abs(eu_ij)`), false for every
//!   positive `eu_ji`. Masad: only the demand its sender values most (then the
//!   nearest) is weighed, and accepted or not by the same octants (capitulation
//!   only when `|EU_i(ij)|` strictly exceeds the sender's gain).
//! - **Discrete issues** use the compromise rule under every rule set: the option
//!   with the highest `Σ_i c_i s_i v_i(option)`, the first one on a tie. Red lines
//!   are not part of the model: it always predicts an outcome.
//!
//! # Cost
//!
//! Under `Paper` and `Masad` a round counts its votes from sorted positions
//! (`sweep`): O(n²) for n actors instead of the O(n³) of counting every voter
//! in every contest ([`Counting`]); jmckib's bent votes are counted voter by
//! voter. A solve allocates its tables once ([`Square`], reused by every round
//! and issue), and the utilities `2 − 4·base^r` of the two actors of a contest
//! share one logarithm of each base.

mod power;
mod round;
mod rules;
mod square;
mod sweep;

pub use rules::net_probability;

pub use round::{
    BETTER_PROBABILITY, Counting, Offer, OfferKind, Round, STATUS_QUO_PROBABILITY, Utilities,
    credible_offer, expected_utility, play_round, play_round_counted, risk_exponents, vote,
    weighted_median, win_probability,
};
pub use square::Square;

use round::Scratch;

use super::{Model, Solution, TrialRng, Verdict, Workspace, compromise_outcome};
use crate::solve::space::Space;
use crate::world::{Dimension, World};

/// The model's settings (rounds, rule set) are plain data in
/// [`crate::model_kind`]; the rounds are played here.
pub use crate::model_kind::{EuRules, ExpectedUtility};

impl Model for ExpectedUtility {
    fn name(&self) -> &str {
        "expected-utility"
    }

    fn solve(&self, world: &World, rng: &mut TrialRng) -> Solution {
        self.solve_observed(world, rng, &mut |_| {})
    }

    /// [`Model::solve`] with the tables of the rounds kept in `work` from
    /// trial to trial, so that a trial allocates nothing once the first has
    /// sized them.
    fn solve_in(&self, world: &World, _rng: &mut TrialRng, work: &mut Workspace) -> Verdict {
        let Workspace {
            outcome,
            expected_utility,
            ..
        } = work;
        self.play_into(
            world,
            Counting::Sorted,
            &mut |_| {},
            expected_utility,
            outcome,
        );
        Verdict {
            agreed: true,
            zopa: None,
            rounds: None,
            broke_down: false,
            stopped_early: false,
        }
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
        self.play(world, Counting::Sorted, observe)
    }

    /// [`ExpectedUtility::solve_observed`] with the votes counted by
    /// `counting` (both count alike, to rounding; tests compare them).
    pub fn play(
        &self,
        world: &World,
        counting: Counting,
        observe: &mut impl FnMut(&EuEvent),
    ) -> Solution {
        let mut outcome = Vec::new();
        let mut table = Table {
            observed: true,
            ..Table::default()
        };
        self.play_into(world, counting, observe, &mut table, &mut outcome);
        Solution::agreed(outcome)
    }

    /// [`ExpectedUtility::play`] into `outcome`, with the tables in `table`.
    fn play_into(
        &self,
        world: &World,
        counting: Counting,
        observe: &mut impl FnMut(&EuEvent),
        table: &mut Table,
        outcome: &mut Vec<f64>,
    ) {
        // Discrete issues: the compromise model's choice over every option.
        let discrete = world
            .issues
            .iter()
            .any(|issue| matches!(issue, Dimension::Discrete(_)));
        let compromise = if discrete {
            compromise_outcome(world, &Space::new(world, &[]))
        } else {
            Vec::new()
        };
        outcome.clear();
        for (d, issue) in world.issues.iter().enumerate() {
            outcome.push(match issue {
                Dimension::Continuous => {
                    fill_stakes(world, d, &mut table.stakes);
                    table.play_issue(d, self, counting, observe);
                    let end = &table.stakes;
                    let forecast = mean_position(end).clamp(0.0, 1.0);
                    observe(&EuEvent::Forecast {
                        issue: d,
                        stakes: end,
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
            });
        }
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
    /// by `spread`. `taking_part`: the actors with a salience above 0, in
    /// order (the others sit the issue out). `still`: why no round is played,
    /// if none is.
    Start {
        issue: usize,
        stakes: &'a [Stake],
        spread: f64,
        taking_part: &'a [usize],
        still: Option<Still>,
    },
    /// Round `round` was played: everything it computed, and every stake after
    /// the moves. The round's rows, columns and offers count the actors taking
    /// part: its actor `k` is actor `taking_part[k]` of the `Start`.
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
    /// No actor weighs the issue (every `c·s` is 0, as when every salience is):
    /// nobody can win a vote.
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
    let mut stakes = Vec::with_capacity(world.actors.len());
    fill_stakes(world, issue, &mut stakes);
    stakes
}

/// [`stakes`] into `stakes`, reusing its buffer.
fn fill_stakes(world: &World, issue: usize, stakes: &mut Vec<Stake>) {
    let largest = world
        .actors
        .iter()
        .map(|actor| actor.saliences[issue])
        .fold(0.0, f64::max);
    let scale = if largest > 1.0 { 100.0 } else { 1.0 };
    stakes.clear();
    stakes.extend(world.actors.iter().map(|actor| Stake {
        position: actor.values[issue].ideal().unwrap_or(0.5),
        capability: actor.power.max(0.0),
        salience: (actor.saliences[issue] / scale).clamp(0.0, 1.0),
    }));
}

/// The forecast for one issue: the weighted mean after `model.rounds` rounds
/// under `model.rules`.
pub fn predict(stakes: &[Stake], model: &ExpectedUtility) -> f64 {
    predict_counted(stakes, model, Counting::Sorted)
}

/// [`predict`] with the votes counted by `counting`.
pub fn predict_counted(stakes: &[Stake], model: &ExpectedUtility, counting: Counting) -> f64 {
    let mut table = Table::default();
    table.stakes.extend_from_slice(stakes);
    table.play_issue(0, model, counting, &mut |_| {});
    mean_position(&table.stakes)
}

/// Everything playing an issue needs, kept from issue to issue, round to
/// round and (in a [`Workspace`]) trial to trial: a solve allocates only
/// while the first issue sizes the buffers.
#[derive(Clone, Debug, Default)]
pub(crate) struct Table {
    /// Every actor's stake: the start, then the stakes after each round.
    stakes: Vec<Stake>,
    /// The actors with a salience above 0, and their stakes.
    taking_part: Vec<usize>,
    playing: Vec<Stake>,
    /// The last round played.
    round: Round,
    scratch: Scratch,
    /// Whether the rounds are reported to an observer, which reads their
    /// median (a run's trials leave it out: with `Q = 1` it enters nothing).
    observed: bool,
}

impl Table {
    /// Plays `model.rounds` rounds on continuous issue `issue` from
    /// `self.stakes`, reporting the start and each round, and leaves the
    /// stakes at the end in `self.stakes`.
    ///
    /// An actor with salience 0 takes no part (the published model's reading of
    /// "does not care"): it neither challenges nor is challenged, casts no votes,
    /// does not move, and its position neither widens the spread nor enters
    /// anyone's security. The rounds are played among the others, as if it
    /// were absent.
    fn play_issue(
        &mut self,
        issue: usize,
        model: &ExpectedUtility,
        counting: Counting,
        observe: &mut impl FnMut(&EuEvent),
    ) {
        let stakes = &self.stakes;
        self.taking_part.clear();
        self.taking_part
            .extend((0..stakes.len()).filter(|&k| stakes[k].salience > 0.0));
        self.playing.clear();
        self.playing
            .extend(self.taking_part.iter().map(|&k| stakes[k]));
        let spread = spread(&self.playing);
        let total: f64 = self.playing.iter().map(Stake::weight).sum();
        let still = if self.taking_part.is_empty() {
            // Nobody cares about the issue: nobody plays it.
            Some(Still::Unweighted)
        } else if spread <= 1e-12 {
            Some(Still::Together)
        } else if total > 0.0 {
            None
        } else {
            Some(Still::Unweighted)
        };
        observe(&EuEvent::Start {
            issue,
            stakes: &self.stakes,
            spread,
            taking_part: &self.taking_part,
            still,
        });
        if still.is_some() {
            return;
        }
        // A round is a function of the stakes alone: once one moves nobody,
        // every later round repeats it exactly, and is reported, not replayed.
        let mut settled = false;
        for round in 1..=model.rounds {
            if !settled {
                self.round.play(
                    &self.playing,
                    spread,
                    model.rules,
                    counting,
                    self.observed,
                    &mut self.scratch,
                );
                let mut moved = false;
                for ((stake, &k), position) in self
                    .playing
                    .iter_mut()
                    .zip(&self.taking_part)
                    .zip(&self.round.positions)
                {
                    moved |= stake.position != *position;
                    stake.position = *position;
                    self.stakes[k].position = *position;
                }
                settled = !moved;
            }
            observe(&EuEvent::Round {
                issue,
                round,
                played: &self.round,
                stakes: &self.stakes,
            });
        }
    }
}

/// The `c·s`-weighted mean of the positions: the forecast, once the rounds are
/// played. If nobody weighs the issue, the plain mean of the positions of the
/// actors with a salience above 0 (of all actors if there are none).
pub fn mean_position(stakes: &[Stake]) -> f64 {
    let anyone_cares = stakes.iter().any(|s| s.salience > 0.0);
    let counted = || {
        stakes
            .iter()
            .filter(move |s| !anyone_cares || s.salience > 0.0)
    };
    let total: f64 = counted().map(Stake::weight).sum();
    if total > 0.0 {
        counted().map(|s| s.position * s.weight()).sum::<f64>() / total
    } else {
        counted().map(|s| s.position).sum::<f64>() / counted().count().max(1) as f64
    }
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
        let model = ExpectedUtility::DEFAULT;
        assert!(close(predict(&[Stake::new(0.3, 1.0, 0.5); 3], &model), 0.3));
        let careless = [Stake::new(0.2, 1.0, 0.0), Stake::new(0.6, 2.0, 0.0)];
        assert!(close(predict(&careless, &model), 0.4), "plain mean");
        let powerless = [Stake::new(0.2, 0.0, 0.5), Stake::new(0.6, 0.0, 0.5)];
        let silent = Stake::new(1.0, 5.0, 0.0);
        let with_silent = [powerless[0], silent, powerless[1]];
        assert!(
            close(predict(&with_silent, &model), 0.4),
            "silent actor left out"
        );
    }
}

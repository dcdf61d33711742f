//! The time-dependent agents of Faratin, Sierra & Jennings (1998) as the
//! automated-negotiation literature and GENIUS's `TimeDependentAgent` play
//! them: each agent knows only its own utility.
//!
//! - **Concession.** Agent `i` aims at `P_min + (P_max − P_min)·(1 − τ^(1/e))`,
//!   where `P_max` is its best utility over the outcomes and
//!   `P_min = max(reservation, its worst utility)`, at GENIUS's relative time
//!   for a deadline of `T` actions: `τ = round/(T + 1)` (its `DiscreteTimeline`
//!   counts each action as a round and puts the deadline one past the last).
//! - **Bidding.** It proposes an outcome whose own utility is closest to that
//!   target. GENIUS picks from a finite list of outcomes; on continuous issues
//!   many outcomes have the same utility, and the agent, having no model of the
//!   others, concedes the same fraction of the way on every continuous issue:
//!   from its ideal (within the red lines) towards the end of the allowed
//!   interval it likes least. For each combination of discrete options that
//!   path's utility falls steadily, so the target is met exactly where the
//!   combination allows it; the first combination (in the order the issues and
//!   options are written) that meets it, or else comes nearest, gives the bid.
//! - **Acceptance.** A responder accepts an offer worth at least what its own
//!   next bid would be worth to it (GENIUS's `AC_Next`: the bid it would
//!   counter with, at the time of its answer, the next round's).
//!
//! Red lines are public in a zopa scenario: agents bid within every veto
//! actor's red lines (an offer beyond one would be refused anyway). Unlike
//! [`Behaviour::TimeDependent`](super::Behaviour::TimeDependent), which offers
//! the outcome best for the others at the proposer's target (so it lands on
//! the efficient frontier, often near the Nash or Kalai–Smorodinsky point),
//! these agents leave gains from logrolling on the table, as real automated
//! agents without an opponent model do.

use super::{AlternatingOffers, Observer};
use crate::model::{Solution, TrialRng};
use crate::solve::space::Space;
use crate::world::{Dimension, World};

/// One agent's bidding over the space: per discrete combination, its best
/// outcome and the outcome at the far end of its concession path.
struct Bidder {
    issues: usize,
    /// Per combination: the start (its best) and the end of the path, one
    /// outcome after another.
    start: Vec<f64>,
    end: Vec<f64>,
    /// Per combination: the agent's utility at the start and at the end.
    range: Vec<(f64, f64)>,
    /// `P_max` and `P_min`.
    high: f64,
    low: f64,
    /// The concession exponent.
    e: f64,
}

impl Bidder {
    fn new(world: &World, space: &Space, combinations: &[f64], actor: usize, e: f64) -> Bidder {
        let party = &world.actors[actor];
        let issues = world.issues.len();
        let mut start = combinations.to_vec();
        let mut end = combinations.to_vec();
        for (d, dimension) in world.issues.iter().enumerate() {
            if *dimension != Dimension::Continuous {
                continue;
            }
            let (lo, hi) = space.bounds[d];
            let value = &party.values[d];
            let Some(ideal) = value.ideal() else {
                continue;
            };
            let ideal = ideal.clamp(lo, hi);
            // The end of the allowed interval it likes least.
            let far = if value.value(lo) <= value.value(hi) {
                lo
            } else {
                hi
            };
            let far = if party.weights[d] > 0.0 { far } else { ideal };
            for k in 0..combinations.len() / issues.max(1) {
                start[k * issues + d] = ideal;
                end[k * issues + d] = far;
            }
        }
        let range: Vec<(f64, f64)> = start
            .chunks_exact(issues.max(1))
            .zip(end.chunks_exact(issues.max(1)))
            .map(|(s, t)| (party.utility(s), party.utility(t)))
            .collect();
        let high = range.iter().map(|r| r.0).fold(f64::NEG_INFINITY, f64::max);
        let worst = range.iter().map(|r| r.1).fold(f64::INFINITY, f64::min);
        Bidder {
            issues,
            start,
            end,
            range,
            high,
            low: party.reservation.max(worst).min(high),
            e,
        }
    }

    /// The target at relative time `time`.
    fn target(&self, time: f64) -> f64 {
        let conceded = time.clamp(0.0, 1.0).powf(1.0 / self.e);
        self.low + (self.high - self.low) * (1.0 - conceded)
    }

    /// The combination whose path comes nearest to `target`, and the utility
    /// reached there.
    fn nearest(&self, target: f64) -> Option<(usize, f64)> {
        let mut best: Option<(usize, f64, f64)> = None;
        for (k, &(top, bottom)) in self.range.iter().enumerate() {
            let reached = target.clamp(bottom.min(top), top);
            let distance = (reached - target).abs();
            if best.is_none_or(|(_, _, d)| distance < d - 1e-12) {
                best = Some((k, reached, distance));
            }
        }
        best.map(|(k, reached, _)| (k, reached))
    }

    /// What its bid at `target` is worth to it.
    fn bid_utility(&self, target: f64) -> Option<f64> {
        self.nearest(target).map(|(_, reached)| reached)
    }

    /// Its bid at `target`: on the nearest combination's path, the point worth
    /// `target` (or the path's nearer end).
    fn bid(&self, world: &World, actor: usize, target: f64) -> Option<Vec<f64>> {
        let (k, reached) = self.nearest(target)?;
        let (from, to) = (
            &self.start[k * self.issues..(k + 1) * self.issues],
            &self.end[k * self.issues..(k + 1) * self.issues],
        );
        let at =
            |s: f64| -> Vec<f64> { from.iter().zip(to).map(|(a, b)| a + s * (b - a)).collect() };
        let (top, bottom) = self.range[k];
        if reached >= top {
            return Some(from.to_vec());
        }
        if reached <= bottom {
            return Some(to.to_vec());
        }
        // The utility falls along the path: bisect for the point worth `reached`.
        let party = &world.actors[actor];
        let (mut lo, mut hi) = (0.0f64, 1.0f64);
        for _ in 0..60 {
            let mid = 0.5 * (lo + hi);
            if party.utility(&at(mid)) >= reached {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        Some(at(lo))
    }
}

impl AlternatingOffers {
    /// Play between agents that know only their own utility (see the module).
    pub(super) fn play_faratin(
        &self,
        world: &World,
        rng: &mut TrialRng,
        e: f64,
        observe: Option<&mut dyn Observer>,
    ) -> Solution {
        let veto = world.veto_actors();
        let space = Space::new(world, &veto);
        let rounds = self.max_rounds.max(1);
        // GENIUS's DiscreteTimeline: action k of T at k/(T + 1).
        let time = |round: u32| (round as f64 / (rounds as f64 + 1.0)).min(1.0);
        let bidders: Vec<Bidder> = if space.empty {
            Vec::new()
        } else {
            let combinations = space.combinations(world);
            (0..world.actors.len())
                .map(|i| {
                    let own = world.actors[i].concession.unwrap_or(e);
                    Bidder::new(world, &space, &combinations, i, own)
                })
                .collect()
        };
        self.play(
            world,
            rng,
            1,
            |round, proposer, thresholds| {
                if space.empty {
                    return None;
                }
                for (j, actor) in world.actors.iter().enumerate() {
                    let bidder = &bidders[j];
                    thresholds[j] = if j == proposer {
                        bidder.target(time(round))
                    } else if actor.veto {
                        // What its own next bid would be worth to it.
                        bidder
                            .bid_utility(bidder.target(time(round + 1)))
                            .unwrap_or(f64::INFINITY)
                    } else {
                        f64::NAN
                    };
                }
                let bidder = &bidders[proposer];
                bidder.bid(world, proposer, bidder.target(time(round)))
            },
            observe,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Behaviour, Proposer, Scratch};
    use super::*;
    use crate::rng::trial_rng;

    fn pie(e: f64) -> World {
        let text = format!(
            r#"Scenario(
                name: "Pie", description: "",
                issues: [Issue(id: "x", name: "Share to A", min: 0.0, max: 100.0)],
                actors: [
                    Actor(id: "a", name: "A", power: 1.0, reservation: 0.0, veto: true,
                          stances: {{"x": (position: 100.0, salience: 1.0)}}),
                    Actor(id: "b", name: "B", power: 1.0, reservation: 0.0, veto: true,
                          stances: {{"x": (position: 0.0, salience: 1.0)}}),
                ],
                model: AlternatingOffers(behaviour: Faratin(e: {e})),
                trials: 1, seed: 1,
            )"#
        );
        let scenario = crate::scenario::parse_bytes(text.as_bytes(), "pie.ron")
            .unwrap_or_else(|err| panic!("{err}"));
        World::sample(&scenario, &mut trial_rng(1, 0))
    }

    /// On a one-issue pie (A's utility x/100, B's 1 − x/100, reservations 0),
    /// both agents aim at `1 − τ^(1/e)`, and the offer of round k is accepted
    /// exactly when the proposer's concession `τ_k^(1/e)` plus what the
    /// responder will ask next, `1 − τ_(k+1)^(1/e)`, leaves the responder no
    /// worse: `τ_k^(1/e) + τ_(k+1)^(1/e) ≥ 1`. The first such round, and the
    /// proposer's target then, are derived here from that condition alone.
    #[test]
    fn the_pie_is_split_where_the_concessions_meet() {
        for e in [0.2, 1.0, 2.0] {
            for deadline in [20u32, 100] {
                let tau = |k: u32| (k as f64 / (deadline + 1) as f64).min(1.0);
                let conceded = |k: u32| tau(k).powf(1.0 / e);
                // At the last round the responder's next bid (at τ = 1) asks for nothing.
                let round = (1..=deadline)
                    .find(|&k| conceded(k) + conceded(k + 1) >= 1.0 - 1e-12)
                    .expect("at the deadline the responder takes anything");
                // A proposes in odd rounds, B in even ones.
                let a_share = if round % 2 == 1 {
                    1.0 - conceded(round)
                } else {
                    conceded(round)
                };
                let protocol = AlternatingOffers {
                    proposer: Proposer::Rotating,
                    behaviour: Behaviour::Faratin { e },
                    breakdown: 0.0,
                    max_rounds: deadline,
                    first: 0,
                };
                let world = pie(e);
                let solution = protocol.play_faratin(&world, &mut trial_rng(1, 0), e, None);
                let outcome = solution.outcome.expect("an agreement");
                assert_eq!(solution.rounds, Some(round), "e {e}, deadline {deadline}");
                assert!(
                    (outcome[0] - a_share).abs() < 1e-9,
                    "e {e}, deadline {deadline}: A gets {} against {a_share}",
                    outcome[0]
                );
            }
        }
    }

    /// Two issues, each side caring most about a different one: the idealised
    /// agents (offering what is best for the other at their own target) trade
    /// the issues, these agents, blind to the other's priorities, concede on
    /// both alike and leave both worse off.
    #[test]
    fn without_an_opponent_model_logrolling_gains_are_lost() {
        let text = r#"Scenario(
            name: "Logroll", description: "",
            issues: [
                Issue(id: "p", name: "P", min: 0.0, max: 1.0),
                Issue(id: "q", name: "Q", min: 0.0, max: 1.0),
            ],
            actors: [
                Actor(id: "a", name: "A", power: 1.0, reservation: 0.0, veto: true,
                      stances: {"p": (position: 1.0, salience: 0.8), "q": (position: 1.0, salience: 0.2)}),
                Actor(id: "b", name: "B", power: 1.0, reservation: 0.0, veto: true,
                      stances: {"p": (position: 0.0, salience: 0.2), "q": (position: 0.0, salience: 0.8)}),
            ],
            model: AlternatingOffers(behaviour: Faratin(e: 1.0)),
            trials: 1, seed: 1,
        )"#;
        let scenario = crate::scenario::parse_bytes(text.as_bytes(), "logroll.ron")
            .unwrap_or_else(|err| panic!("{err}"));
        let world = World::sample(&scenario, &mut trial_rng(1, 0));
        let play = |behaviour| {
            let protocol = AlternatingOffers {
                behaviour,
                max_rounds: 20,
                ..AlternatingOffers::default()
            };
            let outcome = protocol
                .run(&world, &mut trial_rng(1, 0), None, &mut Scratch::default())
                .outcome
                .expect("an agreement");
            [0, 1].map(|i| world.actors[i].utility(&outcome))
        };
        let blind = play(Behaviour::Faratin { e: 1.0 });
        let ideal = play(Behaviour::TimeDependent { e: 1.0 });
        assert!(
            ideal[0] > blind[0] + 0.1 && ideal[1] > blind[1] + 0.1,
            "idealised {ideal:?} against blind {blind:?}"
        );
    }
}

//! Alternating offers: bargaining played round by round.
//!
//! Each round one actor proposes an outcome: actors take turns (Rubinstein 1982),
//! or the proposer is drawn with probability proportional to power
//! (Baron–Ferejohn 1989). The proposal is adopted when every veto actor accepts.
//! A rejected round ends the talks with probability `breakdown` (no agreement:
//! everyone gets its reservation value); after `max_rounds` rounds, the deadline,
//! there is no agreement either. Two ways to play:
//!
//! - **Equilibrium**: the subgame-perfect equilibrium of the game with this
//!   deadline, found by backward induction. In the last round a rejection means
//!   no deal, so a responder accepts anything worth its reservation; in an earlier
//!   round, responder `j` accepts anything worth its continuation value
//!   `C_j = breakdown·r_j + (1 − breakdown)·δ_j·V_j`, where `V_j` is what `j`
//!   expects from the next round (under rotation it depends on who proposes
//!   next), and never less than `r_j`: an actor can always walk away with its
//!   reservation value (the outside-option logic of Binmore, Shaked & Sutton). The proposer offers its best outcome that meets every other veto
//!   actor's `C_j` (within the veto actors' red lines), so talks end in the first
//!   round. With one unit pie, no breakdown and patience δ, this reproduces
//!   Rubinstein's `x_T = (1 − (−δ)^T)/(1 + δ)`; a long deadline approximates the
//!   infinite-horizon share `(1 − δ_2)/(1 − δ_1 δ_2)`.
//! - **TimeDependent(e)**: the concession agents of automated negotiation
//!   (Faratin, Sierra & Jennings 1998). At relative time `τ = (t − 1)/(T − 1)` an
//!   actor aims for `r + (1 − r)·(1 − τ^(1/e))`: Boulware (`e < 1`) holds out,
//!   Conceder (`e > 1`) gives in early. An actor's own `concession: e` (scenario
//!   field) overrides the protocol's `e` for it. The proposer offers the outcome best for
//!   the other veto actors (largest sum of their utilities) that still meets its
//!   own target; a responder accepts an offer worth at least its own target.
//! - **Faratin(e)**: the same concession by agents that know only their own
//!   utility, as in Faratin et al. and GENIUS (see `faratin`): each bids an
//!   outcome worth its target to itself and accepts an offer worth its own
//!   next bid.
//!
//! Any actor may propose, veto or not (a mediator may table a text); only veto
//! actors' consent counts. Each trial plays with its own random stream (proposer
//! and breakdown draws).

use super::bilateral::Frontier;
use super::concession::ProposerPaths;
use super::dual::{Answer, Separable};
use super::{Model, Solution, TrialRng, Verdict, Workspace, best_over_combinations};
use crate::solve::space::{Floor, Space};
use crate::world::World;
use rand::RngExt;
use std::cell::RefCell;

mod faratin;
mod time_dependent;

pub(crate) use time_dependent::Scratch;

/// The protocol's settings are plain data in [`crate::model_kind`]; the play is here.
pub use crate::model_kind::{AlternatingOffers, Behaviour, Proposer};

/// One round of the equilibrium: the offer each potential proposer makes, and
/// what each actor needs to accept.
#[derive(Clone, Debug, PartialEq)]
pub struct RoundPlan {
    /// Per actor as proposer: its offer (None: it can make no acceptable offer).
    pub offers: Vec<Option<Vec<f64>>>,
    /// Per actor: the utility it needs to accept this round.
    pub thresholds: Vec<f64>,
    /// Per actor: what it expects at the start of this round, before the
    /// proposer is known (`V` in the continuation values of the round before;
    /// under rotation, what this round's offer gives it). `zopa explain`
    /// shows it.
    pub values: Vec<f64>,
}

impl AlternatingOffers {
    fn proposer_order(&self, actors: usize) -> impl Fn(u32) -> usize {
        let first = self.first.min(actors.saturating_sub(1));
        move |round: u32| (first + (round as usize - 1)) % actors
    }

    /// Backward induction: for every round (first round first), each potential
    /// proposer's equilibrium offer and every actor's acceptance threshold.
    pub fn plans(&self, world: &World) -> Vec<RoundPlan> {
        let induction = self.induction(world);
        (0..induction.rounds)
            .map(|r| RoundPlan {
                offers: (0..induction.n)
                    .map(|p| induction.offer(r, p).map(<[f64]>::to_vec))
                    .collect(),
                thresholds: induction.thresholds(r).to_vec(),
                values: induction.values(r).to_vec(),
            })
            .collect()
    }

    /// The backward induction behind [`AlternatingOffers::plans`], in flat
    /// arrays: a few allocations per negotiation, not several per round.
    fn induction(&self, world: &World) -> Induction {
        let n = world.actors.len();
        let veto = world.veto_actors();
        let space = Space::new(world, &veto);
        let acceptable = Acceptable::new(world, &space, &veto);
        let rounds = self.max_rounds.max(1) as usize;
        let order = self.proposer_order(n);
        let draw_weights = proposer_weights(world);
        let mut induction = Induction {
            n,
            issues: world.issues.len(),
            rounds,
            thresholds: vec![0.0; rounds * n],
            values: vec![0.0; rounds * n],
            offer_at: vec![None; rounds * n],
            offers: Vec::new(),
        };
        // Far from the deadline thresholds settle (often at reservations), so a
        // proposer meets the same program round after round: its offer is
        // reused while the thresholds it reads (the other veto actors') keep
        // the same bits as at its last offer.
        let mut last: Vec<Option<(usize, Option<usize>)>> = vec![None; n];
        let mut value_if = vec![0.0; n];
        // Per distinct offer, every actor's utility.
        let mut offer_utilities: Vec<f64> = Vec::new();
        // Filled from the deadline backwards.
        for r in (0..rounds).rev() {
            for j in 0..n {
                let actor = &world.actors[j];
                induction.thresholds[r * n + j] = if r + 1 == rounds {
                    actor.reservation
                } else {
                    // What the actor expects at the start of the next round; it can
                    // always walk away with its reservation value, so it never
                    // accepts less, even when waiting is worth less still.
                    let next = induction.values[(r + 1) * n + j];
                    (self.breakdown * actor.reservation
                        + (1.0 - self.breakdown) * actor.patience * next)
                        .max(actor.reservation)
                };
            }
            let (first, last_proposer) = match self.proposer {
                Proposer::Rotating => {
                    let p = order(r as u32 + 1);
                    (p, p)
                }
                Proposer::Random => (0, n - 1),
            };
            let thresholds = &induction.thresholds[r * n..(r + 1) * n];
            for p in first..=last_proposer {
                let offer = if space.empty {
                    None
                } else {
                    let same = last[p].is_some_and(|(round, _)| {
                        veto.iter().filter(|&&j| j != p).all(|&j| {
                            induction.thresholds[round * n + j].to_bits() == thresholds[j].to_bits()
                        })
                    });
                    match last[p] {
                        Some((_, offer)) if same => offer,
                        _ => {
                            let offer = acceptable.best(p, thresholds).map(|x| {
                                let index = induction.offers.len() / induction.issues.max(1);
                                induction.offers.extend_from_slice(&x);
                                offer_utilities.extend(world.actors.iter().map(|a| a.utility(&x)));
                                index
                            });
                            last[p] = Some((r, offer));
                            offer
                        }
                    }
                };
                // A veto proposer would rather wait than accept less than waiting gives it.
                let offer = offer.filter(|&index| {
                    !world.actors[p].veto || offer_utilities[index * n + p] >= thresholds[p] - 1e-12
                });
                induction.offer_at[r * n + p] = offer;
                // What each actor gets if `p` proposes.
                match offer {
                    Some(index) => {
                        value_if.copy_from_slice(&offer_utilities[index * n..(index + 1) * n])
                    }
                    None => value_if.copy_from_slice(thresholds),
                }
                let values = &mut induction.values[r * n..(r + 1) * n];
                for (value, &value_if) in values.iter_mut().zip(&value_if) {
                    match self.proposer {
                        Proposer::Rotating => *value = value_if,
                        Proposer::Random => {
                            if p == 0 {
                                *value = 0.0;
                            }
                            *value += draw_weights[p] * value_if;
                        }
                    }
                }
            }
        }
        induction
    }

    fn play_equilibrium(
        &self,
        world: &World,
        rng: &mut TrialRng,
        observe: Option<&mut dyn Observer>,
    ) -> Solution {
        let induction = self.induction(world);
        let solution = self.play(
            world,
            rng,
            1,
            |round, proposer, thresholds| {
                let r = (round - 1) as usize;
                thresholds.copy_from_slice(induction.thresholds(r));
                induction.offer(r, proposer).map(<[f64]>::to_vec)
            },
            observe,
        );
        with_two_party_zone(world, solution)
    }

    /// Equilibrium play as [`AlternatingOffers::solve_observed`] plays it,
    /// from the backward induction's `plans` ([`AlternatingOffers::plans`])
    /// already made: `explain` shows them and then plays them, without
    /// solving the induction a second time.
    pub fn solve_planned(
        &self,
        world: &World,
        rng: &mut TrialRng,
        plans: &[RoundPlan],
        observe: &mut dyn FnMut(&RoundEvent),
    ) -> Solution {
        let solution = self.play(
            world,
            rng,
            1,
            |round, proposer, thresholds| {
                let plan = &plans[(round - 1) as usize];
                thresholds.copy_from_slice(&plan.thresholds);
                plan.offers[proposer].clone()
            },
            Some(&mut Watch(observe)),
        );
        with_two_party_zone(world, solution)
    }

    /// Plays the protocol: `plan(round, proposer)` gives the offer and what each
    /// actor needs to accept it. Rounds before `hopeless_until` are known to end
    /// in rejection: no offer is asked for (the randomness is drawn all the same).
    fn play(
        &self,
        world: &World,
        rng: &mut TrialRng,
        hopeless_until: u32,
        mut plan: impl FnMut(u32, usize, &mut Vec<f64>) -> Option<Vec<f64>>,
        mut observe: Option<&mut dyn Observer>,
    ) -> Solution {
        let n = world.actors.len();
        let rounds = self.max_rounds.max(1);
        let broke_down_in = |round: u32| {
            let mut solution = Solution::none();
            solution.rounds = Some(round);
            solution.broke_down = true;
            solution
        };
        // Unobserved, the rounds known to end in rejection are not played one by
        // one: only their randomness is drawn, as a played round would draw it.
        let mut start = 1;
        if observe.is_none() {
            while start < hopeless_until.min(rounds + 1) {
                if self.proposer == Proposer::Random {
                    rng.random::<f64>();
                }
                if start < rounds && self.breakdown > 0.0 && rng.random::<f64>() < self.breakdown {
                    return broke_down_in(start);
                }
                start += 1;
            }
        }
        // Under rotation, the proposer of the next round (a counter, as `proposer_order`).
        let mut next = self.proposer_order(n)(start);
        let draw_weights = match self.proposer {
            Proposer::Random => proposer_weights(world),
            Proposer::Rotating => Vec::new(),
        };
        let mut thresholds = vec![0.0; n];
        let seat = observe.as_ref().and_then(|observer| observer.seat());
        for round in start..=rounds {
            let proposer = match self.proposer {
                Proposer::Rotating => {
                    let proposer = next;
                    next = if next + 1 == n { 0 } else { next + 1 };
                    proposer
                }
                Proposer::Random => draw(&draw_weights, rng.random::<f64>()),
            };
            let shown = observe
                .as_ref()
                .is_none_or(|observer| observer.shows(round));
            let offer = if round < hopeless_until {
                None
            } else if !shown {
                thresholds.fill(f64::NAN);
                None
            } else {
                plan(round, proposer, &mut thresholds)
            };
            // A seat taken by someone else: its offer replaces its agent's, and
            // its answer (asked before the agents') its agent's acceptance rule.
            let mut left = false;
            let (offer, seat_accepts) = match (observe.as_mut(), seat) {
                (Some(observer), Some(seat)) if seat == proposer => {
                    match observer.propose(round, offer.as_deref()) {
                        Turn::Offer(offer) => (Some(offer), true),
                        Turn::Pass => (None, true),
                        Turn::Leave => {
                            left = true;
                            (None, true)
                        }
                    }
                }
                (Some(observer), Some(seat)) if world.actors[seat].veto => match &offer {
                    Some(offer) => match observer.respond(round, proposer, offer, thresholds[seat])
                    {
                        Reply::Accept => (Some(offer.clone()), true),
                        Reply::Reject => (Some(offer.clone()), false),
                        Reply::Leave => {
                            left = true;
                            (Some(offer.clone()), false)
                        }
                    },
                    None => (None, false),
                },
                _ => (offer, true),
            };
            let accepted = seat_accepts
                && offer.as_ref().is_some_and(|offer| {
                    world.actors.iter().enumerate().all(|(j, actor)| {
                        j == proposer
                            || Some(j) == seat
                            || !actor.veto
                            || accepts(actor, offer, thresholds[j])
                    })
                });
            let broke_down = left
                || (!accepted
                    && round < rounds
                    && self.breakdown > 0.0
                    && rng.random::<f64>() < self.breakdown);
            if let Some(observe) = observe.as_mut() {
                observe.round(&RoundEvent {
                    round,
                    proposer,
                    offer: offer.as_deref(),
                    thresholds: &thresholds,
                    accepted,
                    broke_down,
                });
            }
            if accepted {
                let mut solution = Solution::agreed(offer.unwrap_or_default());
                solution.rounds = Some(round);
                return solution;
            }
            if broke_down {
                return broke_down_in(round);
            }
        }
        let mut solution = Solution::none();
        solution.rounds = Some(rounds);
        solution
    }

    /// [`AlternatingOffers::solve_observed`] computing offers only where
    /// `shows` says so, for a narration that shows a few rounds of a long
    /// negotiation: play unobserved (which skips the rounds it can) gives the
    /// last round; every earlier round ends in rejection, so its offer may be
    /// left out. `shows(last)` is asked with that last round (`None` without
    /// a round) and the result is that of play unobserved, which the rounds
    /// reported end with. Should they not (a test guards against it), every
    /// round is played and reported afresh.
    pub fn solve_showing(
        &self,
        world: &World,
        rng: &mut TrialRng,
        shows: impl Fn(Option<u32>, u32) -> bool,
        observe: &mut dyn FnMut(&RoundEvent),
    ) -> Solution {
        let unobserved = self.run(world, &mut rng.clone(), None, &mut Scratch::default());
        let last = unobserved.rounds;
        let shows = |round: u32| shows(last, round);
        let mut events = Vec::new();
        let mut after = rng.clone();
        let solution = {
            let mut keep = |event: &RoundEvent| events.push(PlayedRound::of(event));
            let mut showing = Showing {
                watch: Watch(&mut keep),
                shows: &shows,
            };
            self.run(
                world,
                &mut after,
                Some(&mut showing),
                &mut Scratch::default(),
            )
        };
        if solution.rounds != last || solution.outcome.is_some() != unobserved.outcome.is_some() {
            return self.solve_observed(world, rng, observe);
        }
        *rng = after;
        for played in &events {
            observe(&played.event());
        }
        solution
    }

    /// Plays one negotiation and reports every round to `observe` (for `explain`).
    pub fn solve_observed(
        &self,
        world: &World,
        rng: &mut TrialRng,
        observe: &mut dyn FnMut(&RoundEvent),
    ) -> Solution {
        self.run(
            world,
            rng,
            Some(&mut Watch(observe)),
            &mut Scratch::default(),
        )
    }

    /// Plays one negotiation with `observer`, which hears every round and may
    /// take one actor's seat (`zopa play`): every other actor plays exactly as
    /// in [`Model::solve`], every round computed.
    pub fn solve_with(
        &self,
        world: &World,
        rng: &mut TrialRng,
        observer: &mut dyn Observer,
    ) -> Solution {
        self.run(world, rng, Some(observer), &mut Scratch::default())
    }

    /// Plays. Unobserved, time-dependent play skips rounds that provably end in
    /// rejection (same result, less work); narrated, every round is computed.
    /// `scratch`: time-dependent play's storage, reused from world to world.
    fn run(
        &self,
        world: &World,
        rng: &mut TrialRng,
        observe: Option<&mut dyn Observer>,
        scratch: &mut Scratch,
    ) -> Solution {
        match self.behaviour {
            Behaviour::Equilibrium => self.play_equilibrium(world, rng, observe),
            Behaviour::TimeDependent { e } => {
                self.play_time_dependent(world, rng, e, observe, scratch)
            }
            Behaviour::Faratin { e } => self.play_faratin(world, rng, e, observe),
        }
    }
}

/// The backward induction's results, round by round (0 = the first round).
struct Induction {
    n: usize,
    issues: usize,
    rounds: usize,
    /// Per round and actor: the utility it needs to accept.
    thresholds: Vec<f64>,
    /// Per round and actor: what it expects at the start of the round.
    values: Vec<f64>,
    /// Per round and proposer: its offer (an index into `offers`).
    offer_at: Vec<Option<usize>>,
    /// The distinct offers, one after another.
    offers: Vec<f64>,
}

impl Induction {
    fn thresholds(&self, round: usize) -> &[f64] {
        &self.thresholds[round * self.n..(round + 1) * self.n]
    }

    fn values(&self, round: usize) -> &[f64] {
        &self.values[round * self.n..(round + 1) * self.n]
    }

    fn offer(&self, round: usize, proposer: usize) -> Option<&[f64]> {
        self.offer_at[round * self.n + proposer].map(|index| self.offer_by_index(index))
    }

    fn offer_by_index(&self, index: usize) -> &[f64] {
        &self.offers[index * self.issues..(index + 1) * self.issues]
    }
}

/// Whether an actor accepts an offer: inside its red lines and worth its threshold.
pub fn accepts(actor: &crate::world::Party, offer: &[f64], threshold: f64) -> bool {
    actor.within_red_lines(offer) && actor.utility(offer) >= threshold - 1e-9
}

/// What happened in one round.
#[derive(Clone, Debug)]
pub struct RoundEvent<'a> {
    pub round: u32,
    pub proposer: usize,
    /// The proposal (None: the proposer could make no acceptable offer).
    pub offer: Option<&'a [f64]>,
    /// Per actor: the utility it needed to accept.
    pub thresholds: &'a [f64],
    /// Every veto actor accepted.
    pub accepted: bool,
    /// The talks broke down after this rejection.
    pub broke_down: bool,
}

/// One round as played, owned: a [`RoundEvent`] kept after the round.
#[derive(Clone, Debug, PartialEq)]
pub struct PlayedRound {
    pub round: u32,
    pub proposer: usize,
    pub offer: Option<Vec<f64>>,
    /// Per actor: what it needed to accept (NaN where nothing was asked).
    pub thresholds: Vec<f64>,
    pub accepted: bool,
    pub broke_down: bool,
}

impl PlayedRound {
    /// The event this round was.
    pub fn event(&self) -> RoundEvent<'_> {
        RoundEvent {
            round: self.round,
            proposer: self.proposer,
            offer: self.offer.as_deref(),
            thresholds: &self.thresholds,
            accepted: self.accepted,
            broke_down: self.broke_down,
        }
    }

    /// The round `event` reports.
    pub fn of(event: &RoundEvent) -> PlayedRound {
        PlayedRound {
            round: event.round,
            proposer: event.proposer,
            offer: event.offer.map(<[f64]>::to_vec),
            thresholds: event.thresholds.to_vec(),
            accepted: event.accepted,
            broke_down: event.broke_down,
        }
    }
}

/// Hears a negotiation round by round and may sit in for one actor (a
/// student in `zopa play`): that actor's offers and answers are then its, not
/// its agent's. Only veto actors' answers count, as for agents.
pub trait Observer {
    /// What happened in a round, after it was played.
    fn round(&mut self, event: &RoundEvent);

    /// The actor whose seat this observer takes, if any.
    fn seat(&self) -> Option<usize> {
        None
    }

    /// Whether the offer of `round` is wanted. A round not wanted is played
    /// as a rejection without an offer (its randomness still drawn, its
    /// thresholds NaN): only for an observer that knows, from play unobserved,
    /// that the round ends in rejection ([`AlternatingOffers::solve_showing`]).
    fn shows(&self, _round: u32) -> bool {
        true
    }

    /// The seat's move when it proposes in `round`; `agents` is the offer
    /// its agent would make there (`None`: it could make none).
    fn propose(&mut self, _round: u32, _agents: Option<&[f64]>) -> Turn {
        Turn::Pass
    }

    /// The seat's answer to `proposer`'s `offer` in `round`; `needs` is the
    /// utility its agent would need to accept (NaN where it is asked nothing).
    fn respond(&mut self, _round: u32, _proposer: usize, _offer: &[f64], _needs: f64) -> Reply {
        Reply::Reject
    }
}

/// A seat's move when it proposes.
#[derive(Clone, Debug, PartialEq)]
pub enum Turn {
    /// This offer goes on the table.
    Offer(Vec<f64>),
    /// No offer: the round passes.
    Pass,
    /// Leave the table: the talks end without agreement, as a breakdown.
    Leave,
}

/// A seat's answer to an offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reply {
    Accept,
    Reject,
    /// Reject and leave the table: the talks end without agreement.
    Leave,
}

/// A closure as an observer that only watches.
struct Watch<'a>(&'a mut dyn FnMut(&RoundEvent));

impl Observer for Watch<'_> {
    fn round(&mut self, event: &RoundEvent) {
        (self.0)(event)
    }
}

/// `solution` with its zone of agreement where there are two veto actors.
fn with_two_party_zone(world: &World, mut solution: Solution) -> Solution {
    let veto = world.veto_actors();
    if veto.len() == 2 {
        let space = Space::new(world, &veto);
        let combinations = space.combinations(world);
        solution.zopa = two_party_zone(world, &space, &veto, &combinations, None);
    }
    solution
}

/// A [`Watch`] that wants only some rounds' offers.
struct Showing<'a> {
    watch: Watch<'a>,
    shows: &'a dyn Fn(u32) -> bool,
}

impl Observer for Showing<'_> {
    fn round(&mut self, event: &RoundEvent) {
        self.watch.round(event)
    }

    fn shows(&self, round: u32) -> bool {
        (self.shows)(round)
    }
}

impl Model for AlternatingOffers {
    fn name(&self) -> &str {
        "alternating-offers"
    }

    fn solve(&self, world: &World, rng: &mut TrialRng) -> Solution {
        self.run(world, rng, None, &mut Scratch::default())
    }

    fn solve_in(&self, world: &World, rng: &mut TrialRng, work: &mut Workspace) -> Verdict {
        let solution = self.run(world, rng, None, &mut work.alternating);
        work.keep(solution)
    }
}

/// The concession target `r + (1 − r)(1 − τ^(1/e))` at relative time `τ`.
pub fn target(reservation: f64, e: f64, time: f64) -> f64 {
    reservation + (1.0 - reservation) * (1.0 - time.clamp(0.0, 1.0).powf(1.0 / e))
}

/// Proposal probabilities ∝ power (equal if every power is 0): who proposes
/// under [`Proposer::Random`].
pub fn proposer_weights(world: &World) -> Vec<f64> {
    let total: f64 = world.actors.iter().map(|a| a.power.max(0.0)).sum();
    let n = world.actors.len().max(1) as f64;
    world
        .actors
        .iter()
        .map(|a| {
            if total > 0.0 {
                a.power.max(0.0) / total
            } else {
                1.0 / n
            }
        })
        .collect()
}

/// The index drawn by `u ∈ [0, 1)` from a discrete distribution.
fn draw(weights: &[f64], u: f64) -> usize {
    let mut cumulative = 0.0;
    for (k, weight) in weights.iter().enumerate() {
        cumulative += weight;
        if u < cumulative {
            return k;
        }
    }
    weights.len() - 1
}

/// Whether the two veto actors (`None` unless there are exactly two) have a
/// zone of agreement, answered exactly by the first one's concession paths
/// towards the second; `None` too when a value function is not linear. The
/// engine would otherwise check with a program of its own. `at_hand`: those
/// paths, if already built (`Some(None)`: they cannot be).
fn two_party_zone(
    world: &World,
    space: &Space,
    veto: &[usize],
    combinations: &[f64],
    at_hand: Option<Option<&ProposerPaths>>,
) -> Option<bool> {
    let [first, second] = veto[..] else {
        return None;
    };
    if space.empty {
        return Some(false);
    }
    let built;
    let paths = match at_hand {
        Some(paths) => paths,
        None => {
            built = ProposerPaths::new(world, space, combinations, first, &[second]);
            built.as_ref()
        }
    };
    paths.map(|paths| paths.zone_of_agreement(world, first, second))
}

/// The proposer's best outcome that gives every other veto actor at least its
/// threshold. With one or two veto actors (other than a veto proposer) the
/// program is solved through its dual ([`Separable`]), warm-started from the
/// proposer's previous offer. Should the dual not prove its answer: with two
/// veto actors and a veto proposer, the point of their Pareto frontier where
/// the other's utility meets its threshold; otherwise a linear program.
struct Acceptable<'w> {
    world: &'w World,
    space: &'w Space,
    veto: &'w [usize],
    /// The two veto actors' frontier and the discrete combinations.
    frontier: Option<(Frontier<'w>, Vec<f64>)>,
    /// The dual and, per proposer, its multipliers from its last offer.
    dual: Option<(Separable<'w>, RefCell<Vec<Vec<f64>>>)>,
}

impl<'w> Acceptable<'w> {
    fn new(world: &'w World, space: &'w Space, veto: &'w [usize]) -> Acceptable<'w> {
        let frontier = match veto[..] {
            [a, b] if !space.empty => {
                Some((Frontier::new(world, space, a, b), space.combinations(world)))
            }
            _ => None,
        };
        let dual = (!space.empty && veto.len() <= 2).then(|| {
            let separable = Separable::new(world, space);
            let warm = vec![vec![0.0; separable.warm_len()]; world.actors.len()];
            (separable, RefCell::new(warm))
        });
        Acceptable {
            world,
            space,
            veto,
            frontier,
            dual,
        }
    }

    fn best(&self, proposer: usize, thresholds: &[f64]) -> Option<Vec<f64>> {
        if let Some((separable, warm)) = &self.dual {
            let mut floors = [(0, 0.0); 2];
            let mut count = 0;
            for &j in self.veto.iter().filter(|&&j| j != proposer) {
                floors[count] = (j, thresholds[j]);
                count += 1;
            }
            let warm = &mut warm.borrow_mut()[proposer];
            match separable.best(&[(proposer, 1.0)], &floors[..count], warm) {
                Answer::Best(outcome) => return Some(outcome),
                Answer::Infeasible => return None,
                Answer::Unsure => {}
            }
        }
        if let Some((frontier, combinations)) = &self.frontier
            && let Some(side) = self.veto.iter().position(|&j| j == proposer)
        {
            let other = self.veto[1 - side];
            return frontier
                .best_meeting(combinations, 1 - side, thresholds[other])
                .ok();
        }
        let floors: Vec<Floor> = self
            .veto
            .iter()
            .filter(|&&j| j != proposer)
            .map(|&j| Floor {
                actor: j,
                floor: thresholds[j],
                scale: 0.0,
            })
            .collect();
        best_over_combinations(self.world, self.space, &floors, 0.0, &[(proposer, 1.0)])
            .map(|(_, outcome)| outcome)
    }
}

/// Makes every third quadratic value function of `world` linear (in actor,
/// then issue order): draws with mixed shapes for the tests of frontier offers.
#[cfg(test)]
fn linear_thirds(world: &mut World) {
    let values = world.actors.iter_mut().flat_map(|a| &mut a.values);
    for (k, value) in values.enumerate() {
        if let crate::world::ValueFn::Quadratic(p) = *value
            && k % 3 == 0
        {
            *value = crate::world::ValueFn::Linear(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::trial_rng;

    /// Equilibrium play from plans made beforehand (`explain`'s way) against
    /// play that makes them itself, on 200 draws of both flagship files, both
    /// proposer rules, with and without breakdown: the same rounds, events and
    /// result, bit for bit.
    #[test]
    fn planned_play_matches_play() {
        for (f, file) in [
            "scenarios/ukraine_2026.ron",
            "scenarios/ukraine_2026_linear.ron",
        ]
        .iter()
        .enumerate()
        {
            let scenario =
                crate::scenario::load(file.as_ref()).unwrap_or_else(|err| panic!("{err}"));
            for trial in 0..100u64 {
                let mut rng = trial_rng(71 + f as u64, trial);
                let world = World::sample(&scenario, &mut rng);
                let protocol = AlternatingOffers {
                    proposer: [Proposer::Rotating, Proposer::Random][trial as usize % 2],
                    breakdown: [0.0, 0.05][trial as usize / 2 % 2],
                    max_rounds: 20,
                    ..AlternatingOffers::default()
                };
                let (mut ours, mut theirs) = (Vec::new(), Vec::new());
                let plans = protocol.plans(&world);
                let planned = protocol.solve_planned(&world, &mut rng.clone(), &plans, &mut |e| {
                    ours.push(PlayedRound::of(e))
                });
                let played = protocol
                    .solve_observed(&world, &mut rng, &mut |e| theirs.push(PlayedRound::of(e)));
                let context = format!("{file}, trial {trial}");
                assert_eq!(format!("{planned:?}"), format!("{played:?}"), "{context}");
                assert_eq!(format!("{ours:?}"), format!("{theirs:?}"), "{context}");
            }
        }
    }

    /// A program is solved once and its offer reused while the same proposer
    /// meets the same thresholds: every round's offer must still be what
    /// solving that round's program afresh gives (to rounding: the dual starts
    /// from the multipliers of the proposer's previous offer).
    #[test]
    fn reused_programs_match_fresh_ones() {
        let flagship = crate::scenario::load("scenarios/ukraine_2026.ron".as_ref())
            .unwrap_or_else(|err| panic!("{err}"));
        let mut offers = 0;
        for proposer in [Proposer::Rotating, Proposer::Random] {
            let protocol = AlternatingOffers {
                proposer,
                breakdown: 0.02,
                max_rounds: 30,
                ..AlternatingOffers::default()
            };
            for trial in 0..20 {
                let world = World::sample(&flagship, &mut trial_rng(7, trial));
                let veto = world.veto_actors();
                let space = Space::new(&world, &veto);
                let acceptable = Acceptable::new(&world, &space, &veto);
                for (round, plan) in protocol.plans(&world).iter().enumerate() {
                    for (p, offer) in plan.offers.iter().enumerate() {
                        let Some(offer) = offer else { continue };
                        let fresh = acceptable.best(p, &plan.thresholds);
                        let fresh = fresh.unwrap_or_else(|| panic!("trial {trial}, round {round}"));
                        for (a, b) in fresh.iter().zip(offer) {
                            assert!(
                                (a - b).abs() < 1e-9,
                                "trial {trial}, round {round}: {fresh:?} {offer:?}"
                            );
                        }
                        offers += 1;
                    }
                }
            }
        }
        assert!(offers > 0, "the comparison covers offers");
    }

    /// A veto proposer's equilibrium offer from the frontier against the linear
    /// program it replaces, on draws of the flagship (concave, and with a third of
    /// the value functions made linear): for the other veto actor's threshold from
    /// its reservation to above its best, the same feasibility, the threshold met,
    /// and the proposer at least as well off (to the program's precision).
    #[test]
    fn frontier_offers_match_the_linear_program() {
        let flagship = crate::scenario::load("scenarios/ukraine_2026.ron".as_ref())
            .unwrap_or_else(|err| panic!("{err}"));
        let (mut feasible, mut infeasible) = (0, 0);
        for trial in 0..60 {
            let mut world = World::sample(&flagship, &mut trial_rng(13, trial));
            if trial % 2 == 1 {
                linear_thirds(&mut world);
            }
            let veto = world.veto_actors();
            let space = Space::new(&world, &veto);
            if space.empty {
                continue;
            }
            let fast = Acceptable {
                dual: None,
                ..Acceptable::new(&world, &space, &veto)
            };
            let program = Acceptable {
                frontier: None,
                dual: None,
                ..Acceptable::new(&world, &space, &veto)
            };
            for side in 0..2 {
                let (proposer, other) = (veto[side], veto[1 - side]);
                let (p, o) = (&world.actors[proposer], &world.actors[other]);
                for step in 0..=8 {
                    let mut thresholds: Vec<f64> =
                        world.actors.iter().map(|a| a.reservation).collect();
                    thresholds[other] =
                        o.reservation + (1.05 - step as f64 / 8.0) * (1.0 - o.reservation);
                    let context = format!("trial {trial}, side {side}, step {step}");
                    match (
                        fast.best(proposer, &thresholds),
                        program.best(proposer, &thresholds),
                    ) {
                        (Some(ours), Some(theirs)) => {
                            assert!(o.utility(&ours) >= thresholds[other] - 1e-9, "{context}");
                            assert!(p.within_red_lines(&ours) && o.within_red_lines(&ours));
                            assert!(
                                p.utility(&ours) >= p.utility(&theirs) - 1e-6,
                                "{context}: {} < {}",
                                p.utility(&ours),
                                p.utility(&theirs)
                            );
                            feasible += 1;
                        }
                        (None, None) => infeasible += 1,
                        (ours, theirs) => panic!("{context}: {ours:?} against {theirs:?}"),
                    }
                }
            }
        }
        assert!(
            feasible > 300 && infeasible > 50,
            "{feasible} feasible, {infeasible} infeasible"
        );
    }
}

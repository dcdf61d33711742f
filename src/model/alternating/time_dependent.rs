//! Time-dependent play of alternating offers: each actor's target concedes
//! from its ideal towards its reservation as the deadline nears, and a
//! proposer offers the outcome best for the other veto actors that still meets
//! its own target (see the parent module). Rounds whose offer cannot be
//! accepted are skipped when nobody watches, with their randomness still drawn.
//!
//! How an offer is found:
//! - no veto actor but the proposer (it is the only one): every outcome is as
//!   good for the other veto actors, there being none, and the proposer offers
//!   its own best, issue by issue ([`best_for`]); the same where its target
//!   is out of reach;
//! - every value function involved linear: the proposer's concession paths
//!   (a fractional knapsack, [`ProposerPaths`]);
//! - otherwise, with exactly two veto actors and a veto proposer: the point of
//!   the two veto actors' Pareto frontier ([`Frontier`]) where the proposer's
//!   utility equals its target. Along the frontier the proposer's utility only
//!   rises as the other's only falls, so that point is the outcome best for the
//!   other that meets the target: the same answer as the linear program, without
//!   one; likewise, with one veto actor, any other proposer's offer is a point
//!   of its own frontier with the veto actor;
//! - otherwise (a mediator proposing to two veto actors with concave utilities,
//!   or three or more veto actors): a program per offer, through its dual
//!   ([`Separable`]) or a linear program.
//!
//! Which rounds are skipped: with two veto actors, one test on the first veto
//! actor's paths (or the frontier) says from which round on any offer at all
//! could be accepted ([`first_round_needed`]); most trials are settled by it
//! and one or two offers. Proposers are prepared only when they propose. With
//! one veto actor play ends at its first proposal at the latest, and each
//! other proposer is prepared when it first proposes.

use super::{AlternatingOffers, Observer, Proposer, accepts, two_party_zone};
use crate::model::GAIN_TOLERANCE;
use crate::model::bilateral::{Buffers, Frontier};
use crate::model::concession::ProposerPaths;
use crate::model::dual::{Answer, Separable};
use crate::model::{Solution, TrialRng, best_for, best_over_combinations};
use crate::solve::space::{Floor, Space};
use crate::world::{Dimension, World};
use std::cell::{OnceCell, RefCell};

impl AlternatingOffers {
    /// Time-dependent play. When nobody observes, rounds whose offer cannot be
    /// accepted are not computed (their randomness is still drawn, so the result is
    /// the same).
    ///
    /// - With two veto actors `a` and `b`, a test that every acceptance needs
    ///   and that never fails again once it holds: some outcome gives `a` its
    ///   target and `b` its target (each target capped at the most its actor can
    ///   get, less the acceptance tolerance and a margin). [`first_round_needed`]
    ///   finds the first round where it holds; play starts there, and a proposer
    ///   is prepared only when it first proposes. Should a proposer's offer be
    ///   rejected, its own first possible round is searched for before it
    ///   proposes again.
    /// - Otherwise, for a proposer `p`, `D_p(t)` = the most its offer can give
    ///   the other veto actors together, less the sum of their targets, is
    ///   necessary for acceptance to be ≥ 0 and never falls as `t` grows (`p`'s
    ///   target falls, so its best offer gives more; the others' targets fall).
    ///   A binary search over the rounds `p` proposes in finds the first where
    ///   `D_p ≥ 0`; no round before the earliest of these, whoever proposes, is
    ///   played out.
    pub(super) fn play_time_dependent(
        &self,
        world: &World,
        rng: &mut TrialRng,
        e: f64,
        observe: Option<&mut dyn Observer>,
        scratch: &mut Scratch,
    ) -> Solution {
        let skip_hopeless = observe.is_none();
        let Scratch {
            veto,
            space,
            combinations,
            cache,
            spare,
            frontier_storage,
            pair_storage,
        } = scratch;
        veto.clear();
        veto.extend((0..world.actors.len()).filter(|&i| world.actors[i].veto));
        let veto = &veto[..];
        space.reset(world, veto);
        let space = &*space;
        // Every proposer's paths start from the same discrete combinations.
        space.combinations_into(world, combinations);
        let combinations = &combinations[..];
        let spare = RefCell::new(spare);
        let frontier_storage = RefCell::new(frontier_storage);
        let pair_storage = RefCell::new(pair_storage);
        // With one veto actor: each other proposer's frontier with it, built
        // when that proposer first proposes.
        let pairs: RefCell<Vec<Option<Frontier>>> = RefCell::new(Vec::new());
        let lone = match veto[..] {
            [lone] => Some(lone),
            _ => None,
        };
        let rounds = self.max_rounds.max(1);
        let targets = Targets { world, rounds, e };
        let n = world.actors.len();
        // The rounds `proposer` can propose in from round `from` on: every
        // round when proposers are drawn, every n-th under rotation.
        let order = self.proposer_order(n);
        let own_rounds = |proposer: usize, from: u32| -> (u32, u32) {
            match self.proposer {
                Proposer::Random => (from, 1),
                Proposer::Rotating => {
                    let first = (from..from + n as u32).find(|&r| order(r) == proposer);
                    (first.unwrap_or(rounds + 1), n as u32)
                }
            }
        };
        // The two veto actors' frontier, built when a value function is not linear.
        let frontier_cell: OnceCell<Option<Frontier>> = OnceCell::new();
        let frontier = || {
            frontier_cell
                .get_or_init(|| match veto[..] {
                    [a, b] if !space.empty => {
                        let storage = std::mem::take(&mut **frontier_storage.borrow_mut());
                        Some(Frontier::with_buffers(world, space, a, b, storage))
                    }
                    _ => None,
                })
                .as_ref()
        };
        // Where the targets' path meets the frontier, if it was needed.
        let meeting_cell: OnceCell<Option<Meeting>> = OnceCell::new();
        // How `proposer` makes its offers.
        // Paths are built in the storage of an earlier world's.
        let offers_of = |proposer: usize| -> Offers {
            let mut others = veto.iter().copied().filter(|&j| j != proposer);
            if others.clone().next().is_none() {
                return Offers::Own(best_for(world, space, proposer));
            }
            let mut paths = spare.borrow_mut().pop().unwrap_or_default();
            if paths.build(world, space, combinations, proposer, others.by_ref()) {
                return Offers::Paths(paths);
            }
            spare.borrow_mut().push(paths);
            match (frontier(), veto.iter().position(|&j| j == proposer), lone) {
                (Some(_), Some(side), _) => Offers::Frontier(side),
                (_, _, Some(lone)) => {
                    let storage = pair_storage.borrow_mut().pop().unwrap_or_default();
                    let pair = Frontier::with_buffers(world, space, proposer, lone, storage);
                    let mut pairs = pairs.borrow_mut();
                    if pairs.len() < n {
                        pairs.resize_with(n, || None);
                    }
                    pairs[proposer] = Some(pair);
                    Offers::Pair
                }
                _ => Offers::Program,
            }
        };
        // The first of `proposer`'s rounds from `from` on in which its offer
        // could be accepted.
        let first_possible = |proposer: usize, offers: &Offers, from: u32| -> u32 {
            let (start, step) = own_rounds(proposer, from);
            match offers {
                Offers::Paths(paths) => {
                    let others = || veto.iter().filter(|&&j| j != proposer);
                    let tolerance = 1e-9 * (1 + others().count()) as f64;
                    let possible = |t: u32| {
                        let curve = targets.curve(t);
                        let needed: f64 = others().map(|&j| targets.goal(j, t, curve)).sum();
                        paths.best_total(targets.goal(proposer, t, curve)) >= needed - tolerance
                    };
                    first_possible_round(start, step, rounds, possible)
                }
                // No veto actor but the proposer: its offer passes.
                Offers::Own(_) => start,
                // Exactly: would the lone veto actor accept the offer?
                Offers::Pair => {
                    let (pairs, Some(lone)) = (pairs.borrow(), lone) else {
                        return from;
                    };
                    let Some(pair) = pairs.get(proposer).and_then(Option::as_ref) else {
                        return from;
                    };
                    let possible = |t: u32| {
                        let curve = targets.curve(t);
                        let goal = targets.goal(proposer, t, curve);
                        best_frontier_offer(pair, combinations, 0, goal).is_some_and(|offer| {
                            accepts(&world.actors[lone], &offer, targets.goal(lone, t, curve))
                        })
                    };
                    first_possible_round(start, step, rounds, possible)
                }
                // Exactly: would the other veto actor accept the offer?
                &Offers::Frontier(side) => {
                    let Some(frontier) = frontier() else {
                        return from;
                    };
                    let other = veto[1 - side];
                    let possible = |t: u32| {
                        let curve = targets.curve(t);
                        let goal = targets.goal(proposer, t, curve);
                        best_frontier_offer(frontier, combinations, side, goal).is_some_and(
                            |offer| {
                                accepts(&world.actors[other], &offer, targets.goal(other, t, curve))
                            },
                        )
                    };
                    first_possible_round(start, step, rounds, possible)
                }
                // Necessarily: does some outcome give both veto actors their
                // targets (less the acceptance tolerance, and a margin)?
                Offers::Program => {
                    let Some(frontier) = frontier() else {
                        return from;
                    };
                    let possible = |t: u32| {
                        let curve = targets.curve(t);
                        let least = |j: usize| targets.goal(j, t, curve) - MARGIN;
                        best_frontier_offer(frontier, combinations, 0, least(veto[0])).is_some_and(
                            |offer| world.actors[veto[1]].utility(&offer) >= least(veto[1]),
                        )
                    };
                    first_possible_round(start, step, rounds, possible)
                }
            }
        };
        // Per proposer that has proposed (or, unobserved, that will), how it
        // makes its offers and its first round in which one could be accepted.
        cache.clear();
        cache.resize_with(n, || None);
        let mut hopeless_until = 1;
        if skip_hopeless && !space.empty {
            if let [a, b] = veto[..] {
                // The first veto actor's offers give the test (see above).
                let first = offers_of(a);
                let needed = match &first {
                    Offers::Paths(paths) => Some(Needed::Paths(paths)),
                    _ => frontier().map(|frontier| {
                        let meeting = meeting_cell
                            .get_or_init(|| Meeting::new(world, a, b, frontier, combinations));
                        Needed::Frontier(frontier, meeting.as_ref())
                    }),
                };
                hopeless_until = needed.map_or(1, |needed| {
                    first_round_needed(&targets, a, b, needed, combinations)
                });
                cache[a] = Some(Prepared {
                    offers: first,
                    first: hopeless_until,
                    state: State::Fresh,
                });
            } else if lone.is_none() {
                // (With one veto actor play ends at its first proposal at the
                // latest, so proposers are prepared as they propose: preparing
                // every actor would build a frontier for each.)
                // Every proposer is prepared before play: no round before the
                // earliest of their first possible rounds can end in agreement.
                hopeless_until = rounds + 1;
                for proposer in (0..n).filter(|&p| own_rounds(p, 1).0 <= rounds) {
                    let offers = offers_of(proposer);
                    let first = first_possible(proposer, &offers, 1);
                    hopeless_until = hopeless_until.min(first);
                    cache[proposer] = Some(Prepared {
                        offers,
                        first,
                        state: State::Searched,
                    });
                }
            }
        }
        // Programs through their dual, built at the first one, with each
        // proposer's multipliers kept from its last offer.
        let dual: OnceCell<(Separable, RefCell<Vec<Vec<f64>>>)> = OnceCell::new();
        let mut solution = self.play(
            world,
            rng,
            hopeless_until,
            |round, proposer, thresholds| {
                if space.empty {
                    return None;
                }
                let prepared = cache[proposer].get_or_insert_with(|| Prepared {
                    offers: offers_of(proposer),
                    first: round,
                    state: if skip_hopeless {
                        State::Fresh
                    } else {
                        State::Searched
                    },
                });
                match prepared.state {
                    State::Fresh => prepared.state = State::Proposed,
                    // Its last offer was rejected: from now on it proposes only
                    // where it could succeed.
                    State::Proposed => {
                        prepared.first = first_possible(proposer, &prepared.offers, round);
                        prepared.state = State::Searched;
                    }
                    State::Searched => {}
                }
                if round < prepared.first {
                    // Provably rejected: no offer (and no thresholds) needed.
                    return None;
                }
                // Only the proposer's and the veto responders' targets matter.
                let curve = targets.curve(round);
                for (j, actor) in world.actors.iter().enumerate() {
                    thresholds[j] = if j == proposer || actor.veto {
                        targets.goal(j, round, curve)
                    } else {
                        f64::NAN
                    };
                }
                match &prepared.offers {
                    Offers::Own(best) => Some(best.clone()),
                    Offers::Pair => pairs.borrow().get(proposer)?.as_ref().and_then(|pair| {
                        best_frontier_offer(pair, combinations, 0, thresholds[proposer])
                    }),
                    Offers::Paths(paths) => Some(paths.offer(thresholds[proposer])),
                    &Offers::Frontier(side) => frontier().and_then(|f| {
                        best_frontier_offer(f, combinations, side, thresholds[proposer])
                    }),
                    Offers::Program => {
                        let (separable, warm) = dual.get_or_init(|| {
                            let separable = Separable::new(world, space);
                            let warm = vec![vec![0.0; separable.warm_len()]; n];
                            (separable, RefCell::new(warm))
                        });
                        let warm = &mut warm.borrow_mut()[proposer];
                        concession_offer(
                            world,
                            space,
                            veto,
                            proposer,
                            thresholds[proposer],
                            Some((separable, warm)),
                        )
                    }
                }
            },
            observe,
        );
        let at_hand = veto.first().and_then(|&first| cache[first].as_ref());
        // The first veto actor's paths, if prepared (`Some(None)`: they cannot be).
        let at_hand = at_hand.map(|prepared| match &prepared.offers {
            Offers::Paths(paths) => Some(paths),
            _ => None,
        });
        solution.zopa = two_party_zone(world, space, veto, combinations, at_hand);
        // Otherwise from the frontier, when there is one.
        if solution.zopa.is_none()
            && let (&[a, b], Some(frontier)) = (veto, frontier())
        {
            let zone = meeting_cell
                .get()
                .and_then(|meeting| meeting.as_ref()?.zone(world, a, b));
            solution.zopa = Some(
                zone.unwrap_or_else(|| widest_clears(frontier, combinations, world.issues.len())),
            );
        }
        // The frontier's and the paths' storage, for the next world.
        if let Some(Some(frontier)) = frontier_cell.into_inner() {
            **frontier_storage.borrow_mut() = frontier.into_buffers();
        }
        for pair in pairs.into_inner().into_iter().flatten() {
            pair_storage.borrow_mut().push(pair.into_buffers());
        }
        for prepared in cache.iter_mut() {
            if let Some(Prepared {
                offers: Offers::Paths(paths),
                ..
            }) = prepared.take()
            {
                spare.borrow_mut().push(paths);
            }
        }
        solution
    }
}

/// Storage time-dependent play reuses from one world to the next (one per
/// Monte Carlo thread, in the model's [`Workspace`](crate::model::Workspace)):
/// the veto actors, their space and its combinations, the proposers'
/// preparations and, between worlds, their concession paths. Every field is
/// rebuilt for each world; only the allocations carry over.
#[derive(Clone, Debug, Default)]
pub struct Scratch {
    veto: Vec<usize>,
    space: Space,
    combinations: Vec<f64>,
    cache: Vec<Option<Prepared>>,
    /// Concession paths of earlier worlds, for their storage.
    spare: Vec<ProposerPaths>,
    /// The last frontier's storage.
    frontier_storage: Buffers,
    /// With one veto actor, the storage of the last world's frontiers of
    /// each other proposer with it.
    pair_storage: Vec<Buffers>,
}

/// The acceptance tolerance of [`accepts`] and a margin for rounding: the
/// tests that skip rounds ask for targets less this much.
const MARGIN: f64 = 2e-9;

/// Every actor's target round by round: `r + (1 − r)·(1 − τ^(1/e))` at
/// relative time `τ = (t − 1)/(T − 1)`, with an actor's own exponent if it
/// has one.
struct Targets<'w> {
    world: &'w World,
    rounds: u32,
    e: f64,
}

impl Targets<'_> {
    fn time(&self, round: u32) -> f64 {
        if self.rounds > 1 {
            (round - 1) as f64 / (self.rounds - 1) as f64
        } else {
            1.0
        }
    }

    /// `τ^(1/e)` for the protocol's `e`: what every actor without its own
    /// exponent has conceded by `round`.
    fn curve(&self, round: u32) -> f64 {
        self.time(round).powf(1.0 / self.e)
    }

    /// Actor `j`'s target in `round`, given the round's [`Targets::curve`].
    fn goal(&self, j: usize, round: u32, curve: f64) -> f64 {
        let actor = &self.world.actors[j];
        let conceded = match actor.concession {
            Some(own) => self.time(round).powf(1.0 / own),
            None => curve,
        };
        actor.reservation + (1.0 - actor.reservation) * (1.0 - conceded)
    }

    /// A guess at the first round whose [`Targets::curve`] reaches `conceded`.
    fn first_round_conceding(&self, conceded: f64) -> u32 {
        if conceded.is_nan() || conceded <= 0.0 || self.rounds <= 1 {
            return 1;
        }
        let time = conceded.min(1.0).powf(self.e);
        let round = 1.0 + (time * (self.rounds - 1) as f64).ceil();
        (round as u32).clamp(1, self.rounds)
    }
}

/// How one proposer makes its offers (see the module's documentation).
#[derive(Clone, Debug)]
enum Offers {
    /// No veto actor but (perhaps) the proposer: every outcome is as good for
    /// the other veto actors (there are none), and the proposer offers its own
    /// best (computed once, [`best_for`]).
    Own(Vec<f64>),
    /// The proposer's frontier with the one veto actor (the proposer is not
    /// it): the point where the proposer's utility meets its target.
    Pair,
    /// Concession paths: every value function involved is linear.
    Paths(ProposerPaths),
    /// The two veto actors' frontier; the proposer is `veto[side]`.
    Frontier(usize),
    /// A linear program per offer.
    Program,
}

/// A proposer's offers and the first round in which one could be accepted.
#[derive(Clone, Debug)]
struct Prepared {
    offers: Offers,
    first: u32,
    state: State,
}

/// Whether a proposer's first possible round has been searched for.
#[derive(Clone, Copy, Debug, PartialEq)]
enum State {
    /// Not yet, and it has not proposed.
    Fresh,
    /// Not yet; it has proposed once (and, since play goes on, been rejected).
    Proposed,
    /// Yes (or nothing may be skipped).
    Searched,
}

/// What tells, for two veto actors `a` and `b`, the most `b` can get from an
/// outcome that gives `a` at least some utility.
#[derive(Clone, Copy)]
enum Needed<'a, 'w> {
    /// `a`'s concession paths towards `b` (linear value functions).
    Paths(&'a ProposerPaths),
    /// Their Pareto frontier, and where the targets' path meets it.
    Frontier(&'a Frontier<'w>, Option<&'a Meeting>),
}

/// With two veto actors `a` and `b`: the first round in which some proposer's
/// offer could be accepted (`rounds + 1` if none). Whoever proposes, an
/// accepted offer gives `a` at least `g_a` less the tolerance and `b` at least
/// `min(g_b, M_b)` (`M_b`: the most `b` can get; `b` offers its own best when
/// its target is out of reach), or is `a`'s own best when `g_a` is out of
/// reach. So acceptance in round `t` needs `most_b(g_a − m) ≥ min(g_b, M_b) − m`,
/// where `most_b(g)` is the most `b` can get from an outcome that gives `a` at
/// least `g` (`a`'s own best if none does) and `m` = [`MARGIN`]. Targets fall
/// round by round, so once this holds it holds until the deadline. On a
/// frontier, [`Meeting`] mostly settles the first round where it can hold
/// without a search; otherwise a bisection finds the first round where it does.
fn first_round_needed(
    targets: &Targets,
    a: usize,
    b: usize,
    needed: Needed,
    combinations: &[f64],
) -> u32 {
    let rounds = targets.rounds;
    let mut guess = None;
    if let Needed::Frontier(_, Some(meeting)) = needed {
        if meeting.rules_out(targets, a, b, rounds) {
            return rounds + 1;
        }
        let first = targets.first_round_conceding(meeting.least);
        if first <= 1 || meeting.rules_out(targets, a, b, first - 1) {
            return first.max(1);
        }
        guess = Some(first);
    }
    let world = targets.world;
    // On linear paths, where the targets' path meets them: the first round
    // is mostly the one that reaches that concession (two probes), or near it.
    if let Needed::Paths(paths) = needed
        && world.actors[a].concession.is_none()
        && world.actors[b].concession.is_none()
    {
        let reserve_and_span = |j: usize| {
            let r = world.actors[j].reservation;
            (r, 1.0 - r)
        };
        guess = paths
            .meeting_concession(reserve_and_span(a), reserve_and_span(b), MARGIN)
            .map(|c| targets.first_round_conceding(c));
    }
    let most_b = |goal: f64| -> f64 {
        match needed {
            Needed::Paths(paths) => paths.best_total(goal),
            Needed::Frontier(frontier, _) => best_frontier_offer(frontier, combinations, 0, goal)
                .map_or(f64::NEG_INFINITY, |offer| world.actors[b].utility(&offer)),
        }
    };
    let best_b = match needed {
        Needed::Paths(paths) => paths.most_for_others(f64::NEG_INFINITY),
        Needed::Frontier(frontier, _) => {
            best_frontier_offer(frontier, combinations, 1, f64::INFINITY)
                .map(|offer| world.actors[b].utility(&offer))
        }
    };
    let Some(best_b) = best_b else {
        return rounds + 1;
    };
    let possible = |t: u32| {
        let curve = targets.curve(t);
        most_b(targets.goal(a, t, curve) - MARGIN) >= targets.goal(b, t, curve).min(best_b) - MARGIN
    };
    first_round_from_guess(rounds, guess, possible)
}

/// How near the meeting point [`Meeting`] needs its frontier points: the
/// round it guesses is off only when a round's curve falls this close to the
/// meeting point's, and then a search settles it.
const NEAR: f64 = 1e-7;

/// Rounding allowance when a frontier point's utilities are compared.
const ROUNDING: f64 = 1e-12;

/// Where the targets of two veto actors `a` and `b` meet their Pareto
/// frontier, when both follow the protocol's curve `c` (no exponent of their
/// own): their targets `r + (1 − r)(1 − c)` then move on a straight line from
/// their ideals (utility 1) to their reservations. On each discrete
/// combination's frontier the `c` a point needs is
/// `max(1 − g_a/(1 − r_a), 1 − g_b/(1 − r_b))` (`g`: gains over the
/// reservations); the first term falls along the frontier and the second
/// rises, so the least is where `g_a/(1 − r_a) − g_b/(1 − r_b)` crosses zero:
/// one root per combination, taken to within [`NEAR`].
///
/// Every frontier point maximises a weighted sum of the two utilities, so no
/// outcome of the combination is better for both than any of its frontier
/// points, the meeting point or one near it: a pair of targets above every
/// combination's point (in both utilities) is out of reach. That rules out
/// rounds without a search ([`Meeting::rules_out`]), and the zone of agreement
/// is mostly read off the same points ([`Meeting::zone`]). The frontier's ends
/// are computed on the first combination and moved to the others by the
/// difference in their discrete options' utilities.
struct Meeting {
    /// Per combination, both actors' utilities at the meeting point.
    points: Vec<[f64; 2]>,
    /// The least `c` at which some combination's frontier is met.
    least: f64,
    /// At `a`'s best outcomes (what `a` offers when its target is out of
    /// reach): `M_a`, and the most `b` gets at any of them.
    best_a: [f64; 2],
    /// `M_b`: the most `b` can get.
    best_b: f64,
}

impl Meeting {
    /// `None` when an actor concedes at its own pace, a reservation is not
    /// below 1, or there is no combination.
    fn new(
        world: &World,
        a: usize,
        b: usize,
        frontier: &Frontier,
        combinations: &[f64],
    ) -> Option<Meeting> {
        let (pa, pb) = (&world.actors[a], &world.actors[b]);
        if pa.concession.is_some() || pb.concession.is_some() || world.issues.is_empty() {
            return None;
        }
        let reservations = [pa.reservation, pb.reservation];
        let spans = reservations.map(|r| 1.0 - r);
        if !(spans[0] > 0.0 && spans[1] > 0.0) {
            return None;
        }
        let issues = world.issues.len();
        let first = combinations.get(..issues)?;
        // The utility of a template's discrete options to both: every
        // combination's frontier is the first one's, moved by the difference.
        let discrete = |template: &[f64]| {
            [pa, pb].map(|party| {
                (0..issues)
                    .filter(|&d| world.issues[d] != Dimension::Continuous)
                    .map(|d| party.weights[d] * party.values[d].value(template[d]))
                    .sum::<f64>()
            })
        };
        let base = discrete(first);
        let mut outcome = vec![0.0; issues];
        // The frontier's ends: `a`'s best (θ = 1) and `b`'s (θ = 0).
        let top = frontier.crossing_into(first, |_, _| -1.0, &mut outcome);
        let bottom = frontier.crossing_into(first, |_, _| 1.0, &mut outcome);
        let mut meeting = Meeting {
            points: Vec::with_capacity(combinations.len() / issues),
            least: f64::INFINITY,
            best_a: [f64::NEG_INFINITY; 2],
            best_b: f64::NEG_INFINITY,
        };
        for template in combinations.chunks_exact(issues) {
            // Any frontier point near the meeting point serves (see above):
            // the root-finder stops once |φ| is below `NEAR`.
            let phi = |_: f64, g: [f64; 2]| {
                let phi = g[0] / spans[0] - g[1] / spans[1];
                if phi.abs() < NEAR { 0.0 } else { phi }
            };
            let gains = frontier.crossing_into(template, phi, &mut outcome);
            let needs = (1.0 - gains[0] / spans[0]).max(1.0 - gains[1] / spans[1]);
            meeting.least = meeting.least.min(needs);
            // Utilities from gains, moved from the first combination's options
            // to this one's.
            let here = discrete(template);
            let utilities = |gains: [f64; 2], moved: bool| {
                [0, 1].map(|k| {
                    let shift = if moved { here[k] - base[k] } else { 0.0 };
                    gains[k] + shift + reservations[k]
                })
            };
            meeting.points.push(utilities(gains, false));
            // `a`'s own best, should its target be out of reach, is one of
            // the combinations that give it the most: take the most `b` gets
            // among those (near-ties included, whatever the rounding).
            let end = utilities(top, true);
            if end[0] > meeting.best_a[0] + ROUNDING {
                meeting.best_a = end;
            } else if end[0] >= meeting.best_a[0] - ROUNDING {
                meeting.best_a = [end[0].max(meeting.best_a[0]), end[1].max(meeting.best_a[1])];
            }
            meeting.best_b = meeting.best_b.max(utilities(bottom, true)[1]);
        }
        meeting.least.is_finite().then_some(meeting)
    }

    /// Whether no proposer's offer can be accepted in round `t`: the targets
    /// as [`first_round_needed`] relaxes them lie above every meeting point,
    /// and `a`'s own best does not give `b` enough should `a`'s target be out
    /// of reach.
    fn rules_out(&self, targets: &Targets, a: usize, b: usize, t: u32) -> bool {
        let curve = targets.curve(t);
        let need_a = targets.goal(a, t, curve) - MARGIN;
        let need_b = targets.goal(b, t, curve).min(self.best_b) - MARGIN;
        let above = self
            .points
            .iter()
            .all(|u| u[0] < need_a - ROUNDING && u[1] < need_b - ROUNDING);
        above && (need_a <= self.best_a[0] - ROUNDING || self.best_a[1] < need_b - ROUNDING)
    }

    /// Whether the two have a zone of agreement, as
    /// [`zopa_exists`](crate::model::zopa_exists) decides it (some outcome
    /// gives both more than [`GAIN_TOLERANCE`] over their reservations), when
    /// the meeting points settle it: one clears it, or all lie below it in both
    /// gains (then so does every point of the frontier, the widest included).
    fn zone(&self, world: &World, a: usize, b: usize) -> Option<bool> {
        let (ra, rb) = (world.actors[a].reservation, world.actors[b].reservation);
        let gains = || self.points.iter().map(|u| [u[0] - ra, u[1] - rb]);
        if gains().any(|g| g[0].min(g[1]) > GAIN_TOLERANCE + ROUNDING) {
            return Some(true);
        }
        gains()
            .all(|g| g[0].max(g[1]) < GAIN_TOLERANCE - ROUNDING)
            .then_some(false)
    }
}

/// Whether the two veto actors of `frontier` have a zone of agreement: the
/// widest point (largest smallest gain) of some combination gives both more
/// than [`GAIN_TOLERANCE`], as [`zopa_exists`](crate::model::zopa_exists) decides.
fn widest_clears(frontier: &Frontier, combinations: &[f64], issues: usize) -> bool {
    let mut outcome = vec![0.0; issues];
    combinations.chunks_exact(issues.max(1)).any(|template| {
        let widest = frontier.crossing_into(template, |_, g| g[0] - g[1], &mut outcome);
        widest[0].min(widest[1]) > GAIN_TOLERANCE
    })
}

/// The first round in `1..=rounds` in which `possible` holds, given that once
/// it holds it holds in every later round; `rounds + 1` if there is none.
/// `guess`, if any, is tried first (with the round before it): right, it
/// settles the answer in two probes; wrong, it halves the search.
fn first_round_from_guess(rounds: u32, guess: Option<u32>, possible: impl Fn(u32) -> bool) -> u32 {
    if rounds == 0 || !possible(rounds) {
        return rounds + 1;
    }
    // Smallest t in [lo, hi] with possible(t); possible(hi) holds.
    let (mut lo, mut hi) = (1, rounds);
    if let Some(guess) = guess.filter(|&g| g >= 1 && g <= rounds) {
        if guess == rounds || possible(guess) {
            if guess == 1 || !possible(guess - 1) {
                return guess;
            }
            hi = guess - 1;
        } else {
            lo = guess + 1;
        }
    }
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if possible(mid) {
            hi = mid
        } else {
            lo = mid + 1
        }
    }
    lo
}

/// Veto actor `veto[side]`'s offer at target `goal`: the outcome best for the
/// other veto actor that meets the target, or if none does its own best.
fn best_frontier_offer(
    frontier: &Frontier,
    combinations: &[f64],
    side: usize,
    goal: f64,
) -> Option<Vec<f64>> {
    frontier
        .best_meeting(combinations, side, goal)
        .map_or_else(|own_best| own_best, Some)
}

/// The first of the rounds `start, start + step, …` (up to `rounds`) in which
/// `possible` holds, given that once it holds it holds in every later round;
/// `rounds + 1` if there is none.
fn first_possible_round(start: u32, step: u32, rounds: u32, possible: impl Fn(u32) -> bool) -> u32 {
    if start > rounds {
        return rounds + 1;
    }
    let last = (rounds - start) / step;
    // Many draws admit no deal at all: settle those with one probe.
    if !possible(start + last * step) {
        return rounds + 1;
    }
    // Smallest k in [0, last] with possible(start + k·step).
    let (mut lo, mut hi) = (0, last);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if possible(start + mid * step) {
            hi = mid
        } else {
            lo = mid + 1
        }
    }
    start + lo * step
}

/// The outcome best for the other veto actors that still meets the proposer's
/// target; if no outcome meets it, or there is no other veto actor, the
/// proposer's own best outcome ([`best_for`]). Through
/// the dual when given one (and warm multipliers) and it proves its answer;
/// otherwise, and for the proposer's own best, a linear program.
fn concession_offer(
    world: &World,
    space: &Space,
    veto: &[usize],
    proposer: usize,
    goal: f64,
    dual: Option<(&Separable, &mut Vec<f64>)>,
) -> Option<Vec<f64>> {
    let others: Vec<(usize, f64)> = veto
        .iter()
        .filter(|&&j| j != proposer)
        .map(|&j| (j, 1.0))
        .collect();
    if others.is_empty() {
        // Every outcome is as good for the other veto actors (there are none).
        return Some(best_for(world, space, proposer));
    }
    if let Some((separable, warm)) = dual {
        match separable.best(&others, &[(proposer, goal)], warm) {
            Answer::Best(outcome) => return Some(outcome),
            Answer::Infeasible => return Some(best_for(world, space, proposer)),
            Answer::Unsure => {}
        }
    }
    let floors = [Floor {
        actor: proposer,
        floor: goal,
        scale: 0.0,
    }];
    best_over_combinations(world, space, &floors, 0.0, &others)
        .map(|(_, outcome)| outcome)
        .or_else(|| Some(best_for(world, space, proposer)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::alternating::RoundEvent;
    use crate::model_kind::{Behaviour, Proposer};
    use crate::rng::trial_rng;

    /// Proposer `p`'s offer `ours` at target `goal` against the linear
    /// program's: where the program meets the target, so does `ours`, and it
    /// gives the responder `o` as much (to the program's precision; `true`);
    /// where not, both are `p`'s own best (`false`).
    fn against_program(
        p: &crate::world::Party,
        o: &crate::world::Party,
        ours: &[f64],
        program: &[f64],
        goal: f64,
        context: &str,
    ) -> bool {
        if p.utility(program) >= goal - 1e-9 {
            assert!(p.utility(ours) >= goal - 1e-9, "{context}: target missed");
            assert!(
                o.utility(ours) >= o.utility(program) - 1e-6,
                "{context}: the responder gets {} < the program's {}",
                o.utility(ours),
                o.utility(program)
            );
            true
        } else {
            assert!(
                p.utility(ours) < goal,
                "{context}: the program missed a target"
            );
            assert!(
                (p.utility(ours) - p.utility(program)).abs() < 1e-7,
                "{context}: own best {} against {}",
                p.utility(ours),
                p.utility(program)
            );
            false
        }
    }

    /// A veto proposer's offer from the frontier against the linear program it
    /// replaces, on draws of the flagship (concave utilities as shipped, and with
    /// each value function made linear or quadratic at random): at every target
    /// from the ideal down to the reservation, the frontier's offer meets the
    /// target whenever the program's does, gives the other veto actor at least
    /// as much (to the program's precision), and when no outcome meets the target
    /// both fall back to an outcome as good for the proposer.
    #[test]
    fn frontier_offers_match_the_linear_program() {
        let flagship = crate::scenario::load("scenarios/ukraine_2026.ron".as_ref())
            .unwrap_or_else(|err| panic!("{err}"));
        let (mut compared, mut unreachable) = (0, 0);
        for trial in 0..60 {
            let mut rng = trial_rng(11, trial);
            let mut world = World::sample(&flagship, &mut rng);
            if trial % 2 == 1 {
                super::super::linear_thirds(&mut world);
            }
            let veto = world.veto_actors();
            let space = Space::new(&world, &veto);
            if space.empty {
                continue;
            }
            let combinations = space.combinations(&world);
            let frontier = Frontier::new(&world, &space, veto[0], veto[1]);
            for side in 0..2 {
                let (proposer, other) = (veto[side], veto[1 - side]);
                let (p, o) = (&world.actors[proposer], &world.actors[other]);
                for step in 0..=8 {
                    // From above the ideal (unreachable) down to the reservation.
                    let goal = p.reservation + (1.05 - step as f64 / 8.0) * (1.0 - p.reservation);
                    let ours = best_frontier_offer(&frontier, &combinations, side, goal)
                        .expect("a non-empty space has an offer");
                    let program = concession_offer(&world, &space, &veto, proposer, goal, None)
                        .expect("a non-empty space has an offer");
                    assert!(
                        p.within_red_lines(&ours) && o.within_red_lines(&ours),
                        "trial {trial}: offer beyond a red line"
                    );
                    let context = format!("trial {trial}, side {side}, goal {goal}");
                    if against_program(p, o, &ours, &program, goal, &context) {
                        compared += 1;
                    } else {
                        unreachable += 1;
                    }
                }
            }
        }
        assert!(
            compared > 300 && unreachable > 50,
            "{compared} compared, {unreachable} unreachable"
        );
    }

    /// With a single veto actor, another actor's offer from their frontier
    /// ([`Offers::Pair`]) against the linear program it replaces, on draws
    /// of the flagship (each of its veto actors alone in turn, every partner
    /// proposing, value functions as shipped or made linear or quadratic at
    /// random): at every target from above the proposer's best down to its
    /// reservation, the frontier's offer meets the target whenever the
    /// program's does and gives the veto actor as much (to the program's
    /// precision); when no outcome meets it, both are the proposer's best.
    /// And the lone veto actor itself offers its own best ([`best_for`]).
    #[test]
    fn partner_offers_match_the_linear_program() {
        let flagship = crate::scenario::load("scenarios/ukraine_2026.ron".as_ref())
            .unwrap_or_else(|err| panic!("{err}"));
        let (mut compared, mut unreachable, mut played) = (0, 0, 0);
        for trial in 0..40 {
            let mut rng = trial_rng(17, trial);
            let mut world = World::sample(&flagship, &mut rng);
            if trial % 2 == 1 {
                super::super::linear_thirds(&mut world);
            }
            let both = world.veto_actors();
            let lone = both[trial as usize % 2];
            world.actors[both[1 - trial as usize % 2]].veto = false;
            let veto = [lone];
            let space = Space::new(&world, &veto);
            if space.empty {
                continue;
            }
            let combinations = space.combinations(&world);
            let own = concession_offer(&world, &space, &veto, lone, 0.0, None)
                .expect("a non-empty space has an offer");
            assert_eq!(own, best_for(&world, &space, lone), "trial {trial}");
            for proposer in (0..world.actors.len()).filter(|&p| p != lone) {
                let pair = Frontier::new(&world, &space, proposer, lone);
                let (p, o) = (&world.actors[proposer], &world.actors[lone]);
                let most = p.utility(&best_for(&world, &space, proposer));
                for step in 0..=8 {
                    let goal = p.reservation + (1.02 - step as f64 / 8.0) * (most - p.reservation);
                    let ours = best_frontier_offer(&pair, &combinations, 0, goal)
                        .expect("a non-empty space has an offer");
                    let program = concession_offer(&world, &space, &veto, proposer, goal, None)
                        .expect("a non-empty space has an offer");
                    assert!(
                        o.within_red_lines(&ours),
                        "trial {trial}: beyond a red line"
                    );
                    let context = format!("trial {trial}, proposer {proposer}, goal {goal}");
                    if against_program(p, o, &ours, &program, goal, &context) {
                        compared += 1;
                    } else {
                        unreachable += 1;
                    }
                }
            }
            // The offers as played: from the partner's frontier with the
            // veto actor (as good as the program's), or the veto actor's best.
            for seed in 0..6 {
                let protocol = AlternatingOffers {
                    proposer: Proposer::Random,
                    behaviour: Behaviour::TimeDependent {
                        e: [0.5, 2.0][seed as usize % 2],
                    },
                    max_rounds: 30,
                    ..AlternatingOffers::default()
                };
                let mut rng = trial_rng(23 + seed, trial);
                protocol.solve_observed(&world, &mut rng, &mut |event: &RoundEvent| {
                    let (proposer, Some(offer)) = (event.proposer, event.offer) else {
                        return;
                    };
                    let goal = event.thresholds[proposer];
                    let program = concession_offer(&world, &space, &veto, proposer, goal, None)
                        .expect("a non-empty space has an offer");
                    let (p, o) = (&world.actors[proposer], &world.actors[lone]);
                    let context = format!("trial {trial}, round {}", event.round);
                    if proposer == lone {
                        assert_eq!(offer, &program[..], "{context}: not the veto actor's best");
                    } else if p.utility(&program) >= goal - 1e-9 {
                        assert!(p.utility(offer) >= goal - 1e-9, "{context}: target missed");
                        // At the proposer's very best (a target of 1 in round
                        // 1) the program's tolerance of 1e-10 below the target
                        // buys the veto actor about its square root more on
                        // quadratic issues: compare only below it.
                        let most = p.utility(&best_for(&world, &space, proposer));
                        assert!(
                            goal > most - 1e-6 || o.utility(offer) >= o.utility(&program) - 1e-6,
                            "{context}: {} < {}",
                            o.utility(offer),
                            o.utility(&program)
                        );
                        played += 1;
                    } else {
                        let gap = p.utility(offer) - p.utility(&program);
                        assert!(gap.abs() < 1e-7, "{context}: own best off by {gap}");
                        played += 1;
                    }
                });
            }
        }
        assert!(
            compared > 300 && unreachable > 50 && played > 100,
            "{compared} compared, {unreachable} unreachable, {played} partners' offers played"
        );
    }
}

/// The rounds skipped unobserved ([`first_round_needed`], [`Meeting`],
/// proposers prepared on demand) against every round played, as `explain`
/// plays them.
#[cfg(test)]
mod skipping {
    use super::*;
    use crate::model::Model;
    use crate::model::alternating::{PlayedRound, RoundEvent};
    use crate::model_kind::Behaviour;
    use crate::rng::trial_rng;
    use rand::RngExt;

    /// Time-dependent play varied by `trial`: proposers in turn or drawn, and
    /// the exponent 0.2, 1 or 3.
    fn varied(trial: u64, breakdown: f64, max_rounds: u32) -> AlternatingOffers {
        AlternatingOffers {
            proposer: if trial.is_multiple_of(2) {
                Proposer::Rotating
            } else {
                Proposer::Random
            },
            behaviour: Behaviour::TimeDependent {
                e: [0.2, 1.0, 3.0][trial as usize % 3],
            },
            breakdown,
            max_rounds,
            ..AlternatingOffers::default()
        }
    }

    /// On 4,800 draws of the flagship (quadratic as shipped; every third value
    /// function made linear; the linear file; each of these with one veto
    /// actor conceding at its own pace, which the meeting point does not
    /// cover; and one in seven with a single veto actor, whose partners'
    /// offers come from their frontier with it), under both proposer rules,
    /// three concession exponents, with and without breakdown: the same
    /// agreement, round, breakdown and zone of agreement, and outcomes within
    /// 1e-9.
    #[test]
    fn skipped_rounds_match_every_round_played() {
        let files = [
            "scenarios/ukraine_2026.ron",
            "scenarios/ukraine_2026_linear.ron",
        ];
        let (mut agreements, mut zones, mut compared, mut lone) = (0, 0, 0, 0);
        for (f, file) in files.iter().enumerate() {
            let scenario =
                crate::scenario::load(file.as_ref()).unwrap_or_else(|err| panic!("{err}"));
            for trial in 0..2400u64 {
                let mut rng = trial_rng(29 + f as u64, trial);
                let mut world = World::sample(&scenario, &mut rng);
                if f == 0 && trial % 3 == 1 {
                    super::super::linear_thirds(&mut world);
                }
                if trial % 5 == 4 {
                    let veto = world.veto_actors();
                    world.actors[veto[(trial / 5) as usize % 2]].concession = Some(0.5);
                }
                if trial % 7 == 6 {
                    let veto = world.veto_actors();
                    world.actors[veto[(trial / 7) as usize % 2]].veto = false;
                    lone += 1;
                }
                let breakdown = if trial % 4 < 2 { 0.0 } else { 0.02 };
                let protocol = varied(trial, breakdown, AlternatingOffers::default().max_rounds);
                let fast = protocol.solve(&world, &mut rng.clone());
                let full = protocol.solve_observed(&world, &mut rng, &mut |_| {});
                let context = format!("{file}, trial {trial}: {fast:?} against {full:?}");
                assert_eq!(fast.rounds, full.rounds, "{context}");
                assert_eq!(fast.broke_down, full.broke_down, "{context}");
                assert_eq!(fast.zopa, full.zopa, "{context}");
                // (With one veto actor play leaves the zone to the caller.)
                assert!(fast.zopa.is_some() || trial % 7 == 6, "{context}");
                match (&fast.outcome, &full.outcome) {
                    (Some(ours), Some(theirs)) => {
                        for (x, y) in ours.iter().zip(theirs) {
                            assert!((x - y).abs() <= 1e-9, "{context}");
                        }
                        agreements += 1;
                    }
                    (None, None) => {}
                    _ => panic!("{context}"),
                }
                zones += usize::from(fast.zopa == Some(true));
                compared += 1;
            }
        }
        assert!(
            agreements > 1000 && zones > agreements && compared > zones && lone > 600,
            "{agreements} agreements, {zones} zones, {compared} trials, {lone} with one veto actor"
        );
    }

    /// `explain`'s play, which computes offers only for the rounds its table
    /// shows ([`AlternatingOffers::solve_showing`]), against every round
    /// played, on 600 draws of both flagship files (one in four with a single
    /// veto actor), under both proposer rules and three exponents, with and
    /// without breakdown: the same rounds, proposers and verdicts, the same
    /// offers and thresholds in the rounds shown (every seventh and the last),
    /// none in the others, the same result, and the generator left where
    /// play leaves it.
    #[test]
    fn rounds_shown_match_every_round_played() {
        let files = [
            "scenarios/ukraine_2026.ron",
            "scenarios/ukraine_2026_linear.ron",
        ];
        let (mut hidden, mut long) = (0, 0);
        for (f, file) in files.iter().enumerate() {
            let scenario =
                crate::scenario::load(file.as_ref()).unwrap_or_else(|err| panic!("{err}"));
            for trial in 0..300u64 {
                let mut rng = trial_rng(61 + f as u64, trial);
                let mut world = World::sample(&scenario, &mut rng);
                if trial % 4 == 3 {
                    let veto = world.veto_actors();
                    world.actors[veto[(trial / 4) as usize % 2]].veto = false;
                }
                let protocol = varied(trial, if trial % 5 < 3 { 0.0 } else { 0.01 }, 60);
                let mut all = Vec::new();
                let mut rng_all = rng.clone();
                let full = protocol.solve_observed(&world, &mut rng_all, &mut |event| {
                    all.push(PlayedRound::of(event))
                });
                let mut some = Vec::new();
                let shows =
                    |last: Option<u32>, round: u32| Some(round) == last || round.is_multiple_of(7);
                let shown =
                    protocol.solve_showing(&world, &mut rng, shows, &mut |event: &RoundEvent| {
                        some.push(PlayedRound::of(event))
                    });
                let context = format!("{file}, trial {trial}");
                assert_eq!(
                    (shown.rounds, shown.broke_down, &shown.outcome),
                    (full.rounds, full.broke_down, &full.outcome),
                    "{context}"
                );
                assert_eq!(rng.random::<u64>(), rng_all.random::<u64>(), "{context}");
                assert_eq!(some.len(), all.len(), "{context}");
                long += usize::from(all.len() > 7);
                for (ours, theirs) in some.iter().zip(&all) {
                    let round = ours.round;
                    assert_eq!(
                        (round, ours.proposer, ours.accepted, ours.broke_down),
                        (
                            theirs.round,
                            theirs.proposer,
                            theirs.accepted,
                            theirs.broke_down
                        ),
                        "{context}"
                    );
                    if shows(full.rounds, round) {
                        let bits = |x: &[f64]| x.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
                        assert_eq!(
                            bits(&ours.thresholds),
                            bits(&theirs.thresholds),
                            "{context}, round {round}"
                        );
                        match (&ours.offer, &theirs.offer) {
                            (Some(x), Some(y)) => assert!(
                                x.iter().zip(y).all(|(a, b)| (a - b).abs() <= 1e-9),
                                "{context}, round {round}: {x:?} against {y:?}"
                            ),
                            (x, y) => assert_eq!(x, y, "{context}, round {round}"),
                        }
                    } else {
                        assert_eq!(ours.offer, None, "{context}, round {round}");
                        hidden += 1;
                    }
                }
            }
        }
        assert!(
            hidden > 1000 && long > 100,
            "{hidden} rounds hidden, {long} long"
        );
    }

    /// One thread's storage reused over 3,000 draws (both files, both
    /// proposer rules, with and without breakdown, some actors conceding at
    /// their own pace, some with a single veto actor), as the Monte Carlo
    /// engine reuses it: every verdict and outcome bit for bit what play with
    /// fresh storage gives.
    #[test]
    fn reused_storage_matches_fresh_play() {
        let files = [
            "scenarios/ukraine_2026_linear.ron",
            "scenarios/ukraine_2026.ron",
        ];
        let mut work = crate::model::Workspace::default();
        let mut agreements = 0;
        for (f, file) in files.iter().enumerate() {
            let scenario =
                crate::scenario::load(file.as_ref()).unwrap_or_else(|err| panic!("{err}"));
            for trial in 0..1500u64 {
                let mut rng = trial_rng(41 + f as u64, trial);
                let mut world = World::sample(&scenario, &mut rng);
                if trial % 7 == 3 {
                    let veto = world.veto_actors();
                    world.actors[veto[0]].concession = Some(2.0);
                }
                if trial % 5 == 2 {
                    let veto = world.veto_actors();
                    world.actors[veto[1]].veto = false;
                }
                let protocol = AlternatingOffers {
                    proposer: if trial % 3 == 0 {
                        Proposer::Random
                    } else {
                        Proposer::Rotating
                    },
                    behaviour: Behaviour::TimeDependent {
                        e: [0.2, 1.0][trial as usize % 2],
                    },
                    breakdown: if trial % 4 == 1 { 0.01 } else { 0.0 },
                    ..AlternatingOffers::default()
                };
                let fresh = protocol.solve(&world, &mut rng.clone());
                let reused = protocol.solve_in(&world, &mut rng, &mut work);
                let context = format!("{file}, trial {trial}");
                assert_eq!(reused.agreed, fresh.outcome.is_some(), "{context}");
                assert_eq!(
                    (reused.rounds, reused.zopa, reused.broke_down),
                    (fresh.rounds, fresh.zopa, fresh.broke_down),
                    "{context}"
                );
                if let Some(outcome) = &fresh.outcome {
                    let bits = |x: &[f64]| x.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
                    assert_eq!(bits(&work.outcome), bits(outcome), "{context}");
                    agreements += 1;
                }
            }
        }
        assert!(agreements > 500, "{agreements} agreements");
    }

    /// The guess from where the targets' path meets linear concession paths
    /// ([`ProposerPaths::meeting_concession`]) is the first round worth
    /// playing itself in most draws of the linear flagship (then two probes
    /// settle it instead of a bisection); whatever the guess, the answer is
    /// that of a search without one.
    #[test]
    fn meeting_guess_on_linear_paths() {
        let scenario = crate::scenario::load("scenarios/ukraine_2026_linear.ron".as_ref())
            .unwrap_or_else(|err| panic!("{err}"));
        let (mut right, mut with_round) = (0, 0);
        for trial in 0..2000u64 {
            let world = World::sample(&scenario, &mut trial_rng(53, trial));
            let veto = world.veto_actors();
            let (a, b) = (veto[0], veto[1]);
            let space = Space::new(&world, &veto);
            if space.empty {
                continue;
            }
            let combinations = space.combinations(&world);
            let paths = ProposerPaths::new(&world, &space, &combinations, a, &[b])
                .expect("linear value functions");
            let targets = Targets {
                world: &world,
                rounds: 100,
                e: [0.2, 1.0, 3.0][trial as usize % 3],
            };
            let searched = first_round_needed(&targets, a, b, Needed::Paths(&paths), &combinations);
            // The same test searched without a guess.
            let best_b = paths
                .most_for_others(f64::NEG_INFINITY)
                .expect("a combination");
            let possible = |t: u32| {
                let curve = targets.curve(t);
                paths.best_total(targets.goal(a, t, curve) - MARGIN)
                    >= targets.goal(b, t, curve).min(best_b) - MARGIN
            };
            assert_eq!(
                searched,
                first_round_from_guess(100, None, possible),
                "trial {trial}"
            );
            if searched <= 100 {
                with_round += 1;
                let span = |j: usize| {
                    (
                        world.actors[j].reservation,
                        1.0 - world.actors[j].reservation,
                    )
                };
                let guess = paths
                    .meeting_concession(span(a), span(b), MARGIN)
                    .map(|c| targets.first_round_conceding(c));
                right += usize::from(guess == Some(searched));
            }
        }
        assert!(
            with_round > 500 && right * 10 >= with_round * 9,
            "guessed {right} of {with_round}"
        );
    }
}

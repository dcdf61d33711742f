//! Time-dependent play of alternating offers: each actor's target concedes
//! from its ideal towards its reservation as the deadline nears, and a
//! proposer offers the outcome best for the other veto actors that still meets
//! its own target (see the parent module). Rounds whose offer cannot be
//! accepted are skipped when nobody watches, with their randomness still drawn.

use super::{AlternatingOffers, Proposer, RoundEvent, two_party_zone};
use crate::model::concession::ProposerPaths;
use crate::model::{Solution, TrialRng, best_over_combinations};
use crate::solve::space::{Floor, Space};
use crate::world::World;

impl AlternatingOffers {
    /// Time-dependent play. When nobody observes, rounds whose offer cannot be
    /// accepted are not computed (their randomness is still drawn, so the result is
    /// the same): for a proposer `p`, `D_p(t)` = the most its offer can give the
    /// other veto actors together, less the sum of their targets, is necessary for
    /// acceptance to be ≥ 0 and never falls as `t` grows (`p`'s target falls, so
    /// its best offer gives more; the others' targets fall). A binary search over
    /// the rounds `p` proposes in finds the first where `D_p ≥ 0`; no round before
    /// the earliest of these, whoever proposes, is played out. Only with linear
    /// value functions.
    pub(super) fn play_time_dependent(
        &self,
        world: &World,
        rng: &mut TrialRng,
        e: f64,
        observe: Option<&mut dyn FnMut(&RoundEvent)>,
    ) -> Solution {
        let skip_hopeless = observe.is_none();
        let veto = world.veto_actors();
        let space = Space::new(world, &veto);
        // Every proposer's paths start from the same discrete combinations.
        let combinations = space.combinations(world);
        let rounds = self.max_rounds.max(1);
        let time = |round: u32| {
            if rounds > 1 {
                (round - 1) as f64 / (rounds - 1) as f64
            } else {
                1.0
            }
        };
        // τ^(1/e) for the protocol's e, computed once per round; actors with their
        // own exponent get their own power.
        let shared = |round: u32| time(round).powf(1.0 / e);
        let goal = |j: usize, round: u32, shared: f64| {
            let actor = &world.actors[j];
            let conceded = match actor.concession {
                Some(own) => time(round).powf(1.0 / own),
                None => shared,
            };
            actor.reservation + (1.0 - actor.reservation) * (1.0 - conceded)
        };
        // Per proposer that has proposed (or, unobserved, that will), what
        // `prepare` gives.
        let n = world.actors.len();
        let mut cache: Vec<Option<(Option<ProposerPaths>, u32)>> = vec![None; n];
        // The rounds `proposer` can propose in: every round when proposers are
        // drawn, every n-th under rotation. Searching only these finds the same
        // first proposing round in which an offer could be accepted.
        let order = self.proposer_order(n);
        let own_rounds = |proposer: usize| -> (u32, u32) {
            match self.proposer {
                Proposer::Random => (1, 1),
                Proposer::Rotating => {
                    let first = (1..=n as u32).find(|&r| order(r) == proposer);
                    (first.unwrap_or(rounds + 1), n as u32)
                }
            }
        };
        // A proposer's concession paths (linear value functions; None: a linear
        // program each round) and its first round in which an offer could be
        // accepted.
        let prepare = |proposer: usize| -> (Option<ProposerPaths>, u32) {
            let others: Vec<usize> = veto.iter().copied().filter(|&j| j != proposer).collect();
            let fast = ProposerPaths::new(world, &space, &combinations, proposer, &others);
            let first = match (&fast, skip_hopeless) {
                (Some(paths), true) => {
                    let possible = |t: u32| {
                        let curve = shared(t);
                        let needed: f64 = others.iter().map(|&j| goal(j, t, curve)).sum();
                        paths.best_total(goal(proposer, t, curve))
                            >= needed - 1e-9 * (1 + others.len()) as f64
                    };
                    let (start, step) = own_rounds(proposer);
                    first_possible_round(start, step, rounds, possible)
                }
                _ => 1,
            };
            (fast, first)
        };
        // Unobserved, every proposer is prepared before play: no round before the
        // earliest of their first possible rounds can end in agreement.
        let mut hopeless_until = 1;
        if skip_hopeless && !space.empty {
            hopeless_until = rounds + 1;
            // With two veto actors, an offer from an actor without a veto is
            // accepted only if it gives both veto actors their targets (less the
            // acceptance tolerance). Targets are lowest at the deadline; when the
            // first veto actor's paths show that no outcome gives both that much
            // even there, such proposers never succeed and need no paths.
            let mediators_hopeless = match veto[..] {
                [first, second] => {
                    let prepared = prepare(first);
                    let hopeless = prepared.0.as_ref().is_some_and(|paths| {
                        let curve = shared(rounds);
                        let least = |j: usize| goal(j, rounds, curve) - 2e-9;
                        paths
                            .most_for_others(least(first))
                            .is_none_or(|most| most < least(second))
                    });
                    cache[first] = Some(prepared);
                    hopeless
                }
                _ => false,
            };
            for proposer in (0..n).filter(|&p| own_rounds(p).0 <= rounds) {
                let prepared = match cache[proposer].take() {
                    Some(prepared) => prepared,
                    None if mediators_hopeless && !world.actors[proposer].veto => {
                        (None, rounds + 1)
                    }
                    None => prepare(proposer),
                };
                hopeless_until = hopeless_until.min(prepared.1);
                cache[proposer] = Some(prepared);
            }
        }
        let mut solution = self.play(
            world,
            rng,
            hopeless_until,
            |round, proposer, thresholds| {
                if space.empty {
                    return None;
                }
                let (fast, first_possible) =
                    cache[proposer].get_or_insert_with(|| prepare(proposer));
                if round < *first_possible {
                    // Provably rejected: no offer (and no thresholds) needed.
                    return None;
                }
                // Only the proposer's and the veto responders' targets matter.
                let curve = shared(round);
                for (j, actor) in world.actors.iter().enumerate() {
                    thresholds[j] = if j == proposer || actor.veto {
                        goal(j, round, curve)
                    } else {
                        f64::NAN
                    };
                }
                match fast {
                    Some(fast) => Some(fast.offer(thresholds[proposer])),
                    None => concession_offer(world, &space, &veto, proposer, thresholds[proposer]),
                }
            },
            observe,
        );
        let at_hand = veto.first().and_then(|&first| cache[first].as_ref());
        solution.zopa = two_party_zone(
            world,
            &space,
            &veto,
            &combinations,
            at_hand.map(|(paths, _)| paths.as_ref()),
        );
        solution
    }
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
/// target; if no outcome meets it, the proposer's own best outcome.
fn concession_offer(
    world: &World,
    space: &Space,
    veto: &[usize],
    proposer: usize,
    goal: f64,
) -> Option<Vec<f64>> {
    let others: Vec<(usize, f64)> = veto
        .iter()
        .filter(|&&j| j != proposer)
        .map(|&j| (j, 1.0))
        .collect();
    let floors = [Floor {
        actor: proposer,
        floor: goal,
        scale: 0.0,
    }];
    best_over_combinations(world, space, &floors, 0.0, &others)
        .or_else(|| best_over_combinations(world, space, &[], 0.0, &[(proposer, 1.0)]))
        .map(|(_, outcome)| outcome)
}

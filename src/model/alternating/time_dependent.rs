//! Time-dependent play of alternating offers: each actor's target concedes
//! from its ideal towards its reservation as the deadline nears, and a
//! proposer offers the outcome best for the other veto actors that still meets
//! its own target (see the parent module). Rounds whose offer cannot be
//! accepted are skipped when nobody watches, with their randomness still drawn.
//!
//! How an offer is found:
//! - every value function involved linear: the proposer's concession paths
//!   (a fractional knapsack, [`ProposerPaths`]);
//! - otherwise, with exactly two veto actors and a veto proposer: the point of
//!   the two veto actors' Pareto frontier ([`Frontier`]) where the proposer's
//!   utility equals its target. Along the frontier the proposer's utility only
//!   rises as the other's only falls, so that point is the outcome best for the
//!   other that meets the target: the same answer as the linear program, without
//!   one;
//! - otherwise (a mediator proposing to two veto actors with concave utilities,
//!   or three or more veto actors): a linear program per offer. With two veto
//!   actors the frontier still tells, cheaply, in which rounds no offer at all
//!   could give both veto actors their targets; those rounds need no program.

use super::{AlternatingOffers, Observer, Proposer, accepts, two_party_zone};
use crate::model::bilateral::Frontier;
use crate::model::concession::ProposerPaths;
use crate::model::dual::{Answer, Separable};
use crate::model::{Solution, TrialRng, best_over_combinations};
use crate::solve::space::{Floor, Space};
use crate::world::World;
use std::cell::{OnceCell, RefCell};

impl AlternatingOffers {
    /// Time-dependent play. When nobody observes, rounds whose offer cannot be
    /// accepted are not computed (their randomness is still drawn, so the result is
    /// the same): for a proposer `p`, `D_p(t)` = the most its offer can give the
    /// other veto actors together, less the sum of their targets, is necessary for
    /// acceptance to be ≥ 0 and never falls as `t` grows (`p`'s target falls, so
    /// its best offer gives more; the others' targets fall). A binary search over
    /// the rounds `p` proposes in finds the first where `D_p ≥ 0`; no round before
    /// the earliest of these, whoever proposes, is played out. With concave
    /// value functions and two veto actors the frontier gives the same bound
    /// (see the module).
    pub(super) fn play_time_dependent(
        &self,
        world: &World,
        rng: &mut TrialRng,
        e: f64,
        observe: Option<&mut dyn Observer>,
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
        let mut cache: Vec<Option<(Offers, u32)>> = (0..n).map(|_| None).collect();
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
        // The two veto actors' frontier, built when a value function is not linear.
        let frontier_cell: OnceCell<Option<Frontier>> = OnceCell::new();
        let frontier = || {
            frontier_cell
                .get_or_init(|| match veto[..] {
                    [a, b] if !space.empty => Some(Frontier::new(world, &space, a, b)),
                    _ => None,
                })
                .as_ref()
        };
        // A veto proposer's offer from the frontier (`side`: 0 or 1, its place in `veto`).
        let frontier_offer = |frontier: &Frontier, side: usize, goal: f64| {
            best_frontier_offer(frontier, &combinations, side, goal)
        };
        // How `proposer` makes its offers, and its first round in which an offer
        // could be accepted.
        let prepare = |proposer: usize| -> (Offers, u32) {
            let others: Vec<usize> = veto.iter().copied().filter(|&j| j != proposer).collect();
            if let Some(paths) = ProposerPaths::new(world, &space, &combinations, proposer, &others)
            {
                let first = if skip_hopeless {
                    let possible = |t: u32| {
                        let curve = shared(t);
                        let needed: f64 = others.iter().map(|&j| goal(j, t, curve)).sum();
                        paths.best_total(goal(proposer, t, curve))
                            >= needed - 1e-9 * (1 + others.len()) as f64
                    };
                    let (start, step) = own_rounds(proposer);
                    first_possible_round(start, step, rounds, possible)
                } else {
                    1
                };
                return (Offers::Paths(paths), first);
            }
            let Some(frontier) = frontier() else {
                return (Offers::Program, 1);
            };
            let side = veto.iter().position(|&j| j == proposer);
            if !skip_hopeless {
                return (side.map_or(Offers::Program, Offers::Frontier), 1);
            }
            let (start, step) = own_rounds(proposer);
            match side {
                // Exactly: would the other veto actor accept the offer?
                Some(side) => {
                    let other = veto[1 - side];
                    let possible = |t: u32| {
                        let curve = shared(t);
                        frontier_offer(frontier, side, goal(proposer, t, curve)).is_some_and(
                            |offer| accepts(&world.actors[other], &offer, goal(other, t, curve)),
                        )
                    };
                    let first = first_possible_round(start, step, rounds, possible);
                    (Offers::Frontier(side), first)
                }
                // Necessarily: does some outcome give both veto actors their
                // targets (less the acceptance tolerance, and a margin)?
                None => {
                    let possible = |t: u32| {
                        let curve = shared(t);
                        let least = |j: usize| goal(j, t, curve) - 2e-9;
                        frontier_offer(frontier, 0, least(veto[0])).is_some_and(|offer| {
                            world.actors[veto[1]].utility(&offer) >= least(veto[1])
                        })
                    };
                    let first = first_possible_round(start, step, rounds, possible);
                    (Offers::Program, first)
                }
            }
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
                    let hopeless = match &prepared.0 {
                        Offers::Paths(paths) => {
                            let curve = shared(rounds);
                            let least = |j: usize| goal(j, rounds, curve) - 2e-9;
                            paths
                                .most_for_others(least(first))
                                .is_none_or(|most| most < least(second))
                        }
                        _ => false,
                    };
                    cache[first] = Some(prepared);
                    hopeless
                }
                _ => false,
            };
            for proposer in (0..n).filter(|&p| own_rounds(p).0 <= rounds) {
                let prepared = match cache[proposer].take() {
                    Some(prepared) => prepared,
                    None if mediators_hopeless && !world.actors[proposer].veto => {
                        (Offers::Program, rounds + 1)
                    }
                    None => prepare(proposer),
                };
                hopeless_until = hopeless_until.min(prepared.1);
                cache[proposer] = Some(prepared);
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
                let (offers, first_possible) =
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
                match offers {
                    Offers::Paths(paths) => Some(paths.offer(thresholds[proposer])),
                    Offers::Frontier(side) => {
                        frontier().and_then(|f| frontier_offer(f, *side, thresholds[proposer]))
                    }
                    Offers::Program => {
                        let (separable, warm) = dual.get_or_init(|| {
                            let separable = Separable::new(world, &space);
                            let warm = vec![vec![0.0; separable.warm_len()]; n];
                            (separable, RefCell::new(warm))
                        });
                        let warm = &mut warm.borrow_mut()[proposer];
                        concession_offer(
                            world,
                            &space,
                            &veto,
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
        let at_hand = at_hand.map(|(offers, _)| match offers {
            Offers::Paths(paths) => Some(paths),
            _ => None,
        });
        solution.zopa = two_party_zone(world, &space, &veto, &combinations, at_hand);
        solution
    }
}

/// How one proposer makes its offers (see the module's documentation).
enum Offers {
    /// Concession paths: every value function involved is linear.
    Paths(ProposerPaths),
    /// The two veto actors' frontier; the proposer is `veto[side]`.
    Frontier(usize),
    /// A linear program per offer.
    Program,
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
/// target; if no outcome meets it, the proposer's own best outcome. Through
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
    if let Some((separable, warm)) = dual {
        match separable.best(&others, &[(proposer, goal)], warm) {
            Answer::Best(outcome) => return Some(outcome),
            Answer::Infeasible => {
                return best_over_combinations(world, space, &[], 0.0, &[(proposer, 1.0)])
                    .map(|(_, outcome)| outcome);
            }
            Answer::Unsure => {}
        }
    }
    let floors = [Floor {
        actor: proposer,
        floor: goal,
        scale: 0.0,
    }];
    best_over_combinations(world, space, &floors, 0.0, &others)
        .or_else(|| best_over_combinations(world, space, &[], 0.0, &[(proposer, 1.0)]))
        .map(|(_, outcome)| outcome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::trial_rng;

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
                    if p.utility(&program) >= goal - 1e-9 {
                        assert!(p.utility(&ours) >= goal - 1e-9, "{context}: target missed");
                        assert!(
                            o.utility(&ours) >= o.utility(&program) - 1e-6,
                            "{context}: other gets {} < program's {}",
                            o.utility(&ours),
                            o.utility(&program)
                        );
                        compared += 1;
                    } else {
                        assert!(
                            p.utility(&ours) < goal,
                            "{context}: the program missed a target"
                        );
                        assert!(
                            (p.utility(&ours) - p.utility(&program)).abs() < 1e-7,
                            "{context}: own best {} against {}",
                            p.utility(&ours),
                            p.utility(&program)
                        );
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
}

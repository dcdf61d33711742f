//! Bargaining models behind one trait.
//!
//! A model maps a [`World`] (one concrete draw of a scenario) to an outcome or to
//! no agreement. Static solution concepts ignore the random stream; protocol
//! models play rounds with it. Everything above this layer (the Monte Carlo
//! engine, reports) depends only on the trait, so a user can plug in a model of
//! their own. Which model, with which settings, is plain data in
//! [`crate::model_kind`]; this module gives each kind its behaviour
//! ([`build`]). Models that play in steps report them to an observer
//! (`solve_observed`), which is how `zopa explain` watches them.

pub mod alternating;
mod bilateral;
pub mod compromise;
mod concession;
mod cuts;
pub(crate) mod dual;
pub mod expected_utility;
mod frontier;
mod kalai_smorodinsky;
mod multilateral;
mod nash;

pub use alternating::{AlternatingOffers, Behaviour, Proposer};
pub use compromise::{Compromise, DiscreteCompromise};
pub use expected_utility::{EuEvent, EuRules, ExpectedUtility};
pub use frontier::{MAX_POINTS as FRONTIER_POINTS, pareto_frontier};
pub use kalai_smorodinsky::{KalaiSmorodinsky, KsPoint, solve_ks};
pub use nash::{Nash, NashFactor, nash_factors, solve_nash};

use crate::model_kind::ModelKind;
use crate::solve::cuts::Decision;
use crate::solve::space::{Floor, Space, UtilityLp};
use crate::world::{Dimension, World};

/// The random stream a trial hands to a model (defined in the leaf [`crate::rng`]).
pub use crate::rng::TrialRng;

/// What a model predicts for one world.
#[derive(Clone, Debug, PartialEq)]
pub struct Solution {
    /// One value per issue (continuous on `[0, 1]`, discrete as option index), or
    /// `None` for no agreement.
    pub outcome: Option<Vec<f64>>,
    /// Whether a zone of agreement exists, when the model found out anyway (the
    /// Monte Carlo engine computes it otherwise).
    pub zopa: Option<bool>,
    /// For protocol models: the round the talks ended in (agreement, breakdown
    /// or deadline).
    pub rounds: Option<u32>,
    /// For protocol models: whether the talks broke down after a rejection.
    pub broke_down: bool,
    /// An iterative solver stopped at its iteration cap before reaching its
    /// tolerance: the outcome may fall short of the model's solution.
    pub stopped_early: bool,
}

impl Solution {
    /// No agreement.
    pub fn none() -> Solution {
        Solution {
            outcome: None,
            zopa: None,
            rounds: None,
            broke_down: false,
            stopped_early: false,
        }
    }

    /// Agreement on `outcome`.
    pub fn agreed(outcome: Vec<f64>) -> Solution {
        Solution {
            outcome: Some(outcome),
            zopa: None,
            rounds: None,
            broke_down: false,
            stopped_early: false,
        }
    }

    /// Records that the model knows whether a zone of agreement exists.
    pub fn with_zopa(mut self, zopa: bool) -> Solution {
        self.zopa = Some(zopa);
        self
    }
}

/// A bargaining model.
pub trait Model: Send + Sync {
    /// The command-line name, e.g. `nash`.
    fn name(&self) -> &str;

    /// Predicts the outcome of one world.
    fn solve(&self, world: &World, rng: &mut TrialRng) -> Solution;

    /// [`Model::solve`] with storage reused from world to world: the outcome
    /// of an agreement is left in `work.outcome`. The Monte Carlo engine calls
    /// this, with one workspace per thread; models that allocate per solve
    /// need not override it.
    fn solve_in(&self, world: &World, rng: &mut TrialRng, work: &mut Workspace) -> Verdict {
        work.keep(self.solve(world, rng))
    }
}

/// Storage a model reuses from one world to the next (see [`Model::solve_in`]).
#[derive(Clone, Debug, Default)]
pub struct Workspace {
    /// The outcome of the last solve that agreed.
    pub outcome: Vec<f64>,
    /// The two-veto-actor frontier walk's storage (Nash, Kalai–Smorodinsky).
    pair: bilateral::Workspace,
    /// Time-dependent alternating offers' storage.
    alternating: alternating::Scratch,
    /// The expected utility model's tables.
    expected_utility: expected_utility::Table,
}

impl Workspace {
    /// Keeps `solution`'s outcome here and returns the rest.
    pub fn keep(&mut self, solution: Solution) -> Verdict {
        let verdict = Verdict {
            agreed: solution.outcome.is_some(),
            zopa: solution.zopa,
            rounds: solution.rounds,
            broke_down: solution.broke_down,
            stopped_early: solution.stopped_early,
        };
        if let Some(outcome) = solution.outcome {
            self.outcome = outcome;
        }
        verdict
    }
}

/// A [`Solution`] whose outcome, if any, is in the [`Workspace`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Verdict {
    /// Whether there is an agreement (on `Workspace::outcome`).
    pub agreed: bool,
    /// As in [`Solution`].
    pub zopa: Option<bool>,
    pub rounds: Option<u32>,
    pub broke_down: bool,
    pub stopped_early: bool,
}

impl Verdict {
    /// A static model's answer: agreement or not, and whether a zone exists.
    pub(crate) fn decided(agreed: bool, zopa: bool) -> Verdict {
        Verdict {
            agreed,
            zopa: Some(zopa),
            rounds: None,
            broke_down: false,
            stopped_early: false,
        }
    }
}

/// [`Model::solve_in`] for a model that walks the frontier of two veto
/// actors: if `world` has exactly two, `walk` gets their joint red lines (the
/// issues neither weighs fixed, see [`fix_indifferent_issues`]), the pair, the
/// walk's storage and the outcome buffer. `None` for other worlds.
pub(crate) fn solve_pair_in(
    world: &World,
    work: &mut Workspace,
    walk: impl FnOnce(&Space, [usize; 2], &mut bilateral::Workspace, &mut Vec<f64>) -> Verdict,
) -> Option<Verdict> {
    let pair = &mut work.pair;
    pair.veto.clear();
    pair.veto
        .extend((0..world.actors.len()).filter(|&i| world.actors[i].veto));
    let [a, b] = pair.veto[..] else {
        return None;
    };
    let mut space = std::mem::take(&mut pair.space);
    space.reset(world, &pair.veto);
    let verdict = if space.empty {
        Verdict::decided(false, false)
    } else {
        fix_indifferent_issues(world, &mut space, &pair.veto);
        walk(&space, [a, b], pair, &mut work.outcome)
    };
    pair.space = space;
    Some(verdict)
}

/// The model a [`ModelKind`] names.
pub fn build(kind: ModelKind) -> Box<dyn Model> {
    match kind {
        ModelKind::Compromise => Box::new(Compromise),
        ModelKind::DiscreteCompromise { threshold } => Box::new(DiscreteCompromise { threshold }),
        ModelKind::Nash => Box::new(Nash),
        ModelKind::KalaiSmorodinsky => Box::new(KalaiSmorodinsky),
        ModelKind::AlternatingOffers(protocol) => Box::new(protocol),
        ModelKind::ExpectedUtility { rounds, rules } => Box::new(ExpectedUtility { rounds, rules }),
    }
}

/// Smallest gain over the reservation that counts as "better than no deal".
pub const GAIN_TOLERANCE: f64 = 1e-9;

/// Whether a zone of possible agreement exists: some outcome inside every veto
/// actor's red lines gives each veto actor more than its reservation.
pub fn zopa_exists(world: &World) -> bool {
    let veto = world.veto_actors();
    let space = Space::new(world, &veto);
    if let [a, b] = veto[..] {
        return !space.empty && bilateral::zopa(world, &space, [a, b]);
    }
    if let [lone] = veto[..] {
        return !space.empty && lone_veto_best(world, &space, lone).is_some();
    }
    let mut found = false;
    let mut cuts = cuts::Cuts::new(world, &space, &veto);
    space.for_each_combination(world, |template| {
        if !found {
            found = nash::strictly_feasible(world, &space, template, &veto, &mut cuts).is_some();
        }
    });
    found
}

/// The best outcome for `lone`, the only veto actor, within `space`, when it
/// gains there (else `None`: no zone of agreement). Its utility is a sum over
/// the issues, so each issue is set on its own: a continuous one at the
/// actor's ideal point moved into the red lines' interval (its value falls
/// away from the ideal on either side), a discrete one at its most valued
/// allowed option (the first of equals). With one veto actor this is both the
/// Nash point (the largest `ln(u − r)`) and the Kalai–Smorodinsky point (the
/// whole of its ideal gain); finding it takes no search over the combinations
/// of discrete options, which with linear programs per combination took
/// minutes.
pub(crate) fn lone_veto_best(world: &World, space: &Space, lone: usize) -> Option<Vec<f64>> {
    let actor = &world.actors[lone];
    let outcome = best_for(world, space, lone);
    (actor.utility(&outcome) - actor.reservation > GAIN_TOLERANCE).then_some(outcome)
}

/// The best outcome for actor `i` within `space`, gain or not (see
/// [`lone_veto_best`]).
pub(crate) fn best_for(world: &World, space: &Space, i: usize) -> Vec<f64> {
    let actor = &world.actors[i];
    world
        .issues
        .iter()
        .enumerate()
        .map(|(d, dimension)| match dimension {
            Dimension::Continuous => {
                let (lo, hi) = space.bounds[d];
                actor.values[d]
                    .ideal()
                    .unwrap_or(0.5 * (lo + hi))
                    .clamp(lo, hi)
            }
            Dimension::Discrete(_) => {
                let mut best: Option<(f64, usize)> = None;
                for &k in &space.options[d] {
                    let value = actor.values[d].value(k as f64);
                    if best.is_none_or(|(top, _)| value > top) {
                        best = Some((value, k));
                    }
                }
                best.map_or(0.0, |(_, k)| k as f64)
            }
        })
        .collect()
}

/// The outcome (continuous issues free, discrete ones as in `template`) that
/// maximises the smallest gain `u_i − r_i` over the actors in `veto`.
pub(crate) fn best_min_gain(
    world: &World,
    space: &Space,
    template: &[f64],
    veto: &[usize],
) -> Option<(f64, Vec<f64>)> {
    let gains = |outcome: &[f64]| smallest_gain(world, veto, outcome);
    if space.continuous(world).is_empty() {
        return Some((gains(template), template.to_vec()));
    }
    min_gain_program(world, space, template, veto, |lp| lp.solve())
        .map(|(_, outcome)| (gains(&outcome), outcome))
}

/// An outcome (as in [`best_min_gain`]) at which every actor in `veto` gains
/// more than `level`, if the best one does: decided without solving for the
/// best where the cutting planes can ([`UtilityLp::exceeds`]). If none does,
/// the weights on `veto` that prove it, when the proof came from them.
pub(crate) fn min_gain_exceeds(
    world: &World,
    space: &Space,
    template: &[f64],
    veto: &[usize],
    level: f64,
) -> Result<Vec<f64>, Option<Vec<f64>>> {
    if space.continuous(world).is_empty() {
        return if smallest_gain(world, veto, template) > level {
            Ok(template.to_vec())
        } else {
            Err(None)
        };
    }
    match min_gain_program(world, space, template, veto, |lp| lp.exceeds(level)) {
        Decision::Above(_, outcome) if smallest_gain(world, veto, &outcome) > level => Ok(outcome),
        Decision::Above(..) => Err(None),
        Decision::Below(weights) => Err(weights),
    }
}

/// The smallest gain `u_i − r_i` over the actors in `veto` at `outcome`.
fn smallest_gain(world: &World, veto: &[usize], outcome: &[f64]) -> f64 {
    veto.iter()
        .map(|&i| world.actors[i].utility(outcome) - world.actors[i].reservation)
        .fold(f64::INFINITY, f64::min)
}

/// `solve` applied to the program "maximise `t` with `u_i − r_i ≥ t` for
/// every actor in `veto`" over the continuous issues of `template`.
fn min_gain_program<R>(
    world: &World,
    space: &Space,
    template: &[f64],
    veto: &[usize],
    solve: impl FnOnce(&UtilityLp) -> R,
) -> R {
    let floors: Vec<Floor> = veto
        .iter()
        .map(|&i| Floor {
            actor: i,
            floor: world.actors[i].reservation,
            scale: 1.0,
        })
        .collect();
    solve(&UtilityLp {
        world,
        space,
        template,
        floors: &floors,
        t_weight: 1.0,
        utility_weights: &[],
    })
}

/// The compromise value of each issue (power × salience weighted), used where a
/// model leaves an issue undetermined because no veto actor cares about it.
pub(crate) fn compromise_outcome(world: &World, space: &Space) -> Vec<f64> {
    compromise::outcome(world, space)
}

/// Issues no veto actor weighs: their value does not change any veto actor's
/// utility, so models fix them at the compromise value.
pub(crate) fn fix_indifferent_issues(world: &World, space: &mut Space, veto: &[usize]) {
    let indifferent = |d: usize| veto.iter().all(|&i| world.actors[i].weights[d] <= 0.0);
    if !(0..world.issues.len()).any(indifferent) {
        return;
    }
    let fallback = compromise_outcome(world, space);
    for (d, &value) in fallback.iter().enumerate() {
        if indifferent(d) {
            match world.issues[d] {
                Dimension::Continuous => space.bounds[d] = (value, value),
                Dimension::Discrete(_) => space.options[d] = vec![value as usize],
            }
        }
    }
}

/// Weights of the veto actors in the Nash product: their power, or equal
/// weights if every veto actor has power 0 in this draw.
pub(crate) fn bargaining_weights(world: &World, veto: &[usize]) -> Vec<f64> {
    veto.iter()
        .map(|&i| bargaining_weight(world, veto, i))
        .collect()
}

/// The bargaining weight of `actor` among the veto actors `veto` (see
/// [`bargaining_weights`]).
pub(crate) fn bargaining_weight(world: &World, veto: &[usize], actor: usize) -> f64 {
    let total: f64 = veto.iter().map(|&i| world.actors[i].power.max(0.0)).sum();
    if total > 0.0 {
        world.actors[actor].power.max(0.0) / total
    } else {
        1.0 / veto.len() as f64
    }
}

/// The best outcome over all discrete combinations of a linear program built per
/// combination (see [`UtilityLp`]): the objective is `t_weight·t + Σ w_i u_i`.
pub(crate) fn best_over_combinations(
    world: &World,
    space: &Space,
    floors: &[Floor],
    t_weight: f64,
    utility_weights: &[(usize, f64)],
) -> Option<(f64, Vec<f64>)> {
    let score = |t: f64, outcome: &[f64]| {
        t_weight * t
            + utility_weights
                .iter()
                .map(|&(i, w)| w * world.actors[i].utility(outcome))
                .sum::<f64>()
    };
    let mut best: Option<(f64, f64, Vec<f64>)> = None;
    space.for_each_combination(world, |template| {
        let solved = if space.continuous(world).is_empty() {
            // Nothing to optimise: check the rows directly.
            let feasible = floors.iter().all(|f| {
                f.scale != 0.0 || world.actors[f.actor].utility(template) >= f.floor - 1e-12
            });
            let t = floors
                .iter()
                .filter(|f| f.scale != 0.0)
                .map(|f| (world.actors[f.actor].utility(template) - f.floor) / f.scale)
                .fold(f64::INFINITY, f64::min);
            feasible.then(|| (if t.is_finite() { t } else { 0.0 }, template.to_vec()))
        } else {
            UtilityLp {
                world,
                space,
                template,
                floors,
                t_weight,
                utility_weights,
            }
            .solve()
        };
        if let Some((t, outcome)) = solved {
            let value = score(t, &outcome);
            if best
                .as_ref()
                .is_none_or(|(best_value, _, _)| value > *best_value + 1e-12)
            {
                best = Some((value, t, outcome));
            }
        }
    });
    best.map(|(_, t, outcome)| (t, outcome))
}

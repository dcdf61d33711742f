//! One model at nominal values: every uncertain number at its mean, one solve.
//!
//! `zopa solve` prints this; it sits above the models (it runs one) and below
//! the report layer, which only formats the [`Solved`] value it returns.

use crate::model;
use crate::model_kind::ModelKind;
use crate::rng::trial_rng;
use crate::scenario::Scenario;
use crate::world::World;

/// A model's prediction at nominal values.
#[derive(Clone, Debug)]
pub struct Solved {
    pub model: ModelKind,
    pub world: World,
    /// Internal outcome (see [`World`]), or `None` for no agreement.
    pub outcome: Option<Vec<f64>>,
    /// Each actor's utility: of the outcome, or its reservation without agreement.
    pub utilities: Vec<f64>,
}

/// Solves `scenario` at nominal values (every distribution at its mean). A
/// protocol model draws from the stream of trial 0 under the scenario's seed,
/// the stream `zopa explain` plays the nominal world with, so both tell the
/// same story (who proposes first under random proposers, when talks break
/// down).
pub fn solve_nominal(scenario: &Scenario, kind: ModelKind) -> Solved {
    let world = World::nominal(scenario);
    let mut rng = trial_rng(scenario.seed, 0);
    let outcome = model::build(kind).solve(&world, &mut rng).outcome;
    let utilities = match &outcome {
        Some(outcome) => world.utilities(outcome),
        None => world.actors.iter().map(|actor| actor.reservation).collect(),
    };
    Solved {
        model: kind,
        world,
        outcome,
        utilities,
    }
}

//! One model at nominal values: every uncertain number at its mean, one solve.
//!
//! `zopa solve` prints this; it sits above the models (it runs one) and below
//! the report layer, which only formats the [`Solved`] value it returns.

use crate::model::{self, TrialRng};
use crate::model_kind::ModelKind;
use crate::scenario::Scenario;
use crate::world::World;
use rand::SeedableRng;

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
/// protocol model draws from a stream seeded with the scenario's seed.
pub fn solve_nominal(scenario: &Scenario, kind: ModelKind) -> Solved {
    let world = World::nominal(scenario);
    let mut rng = TrialRng::seed_from_u64(scenario.seed);
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

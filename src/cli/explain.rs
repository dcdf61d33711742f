//! `zopa explain FILE [--model NAME] [--seed S] [--trial K]`.

use super::error::{CliError, emit};
use std::path::Path;
use zopa::explain::{Draw, explain};
use zopa::model_kind::ModelKind;
use zopa::rng::trial_rng;
use zopa::scenario;
use zopa::world::World;

pub fn run(
    file: &Path,
    model: Option<ModelKind>,
    seed: Option<u64>,
    trial: Option<u64>,
) -> Result<(), CliError> {
    let scenario = scenario::load(file)?;
    let kind = model.unwrap_or(scenario.model);
    let seed = seed.unwrap_or(scenario.seed);
    // Trial K is drawn exactly as `zopa run` draws it; without --trial, the nominal world.
    let (world, draw, mut rng) = match trial {
        Some(trial) => {
            let mut rng = trial_rng(seed, trial);
            let world = World::sample(&scenario, &mut rng);
            (world, Draw::Trial { seed, trial }, rng)
        }
        None => (World::nominal(&scenario), Draw::Nominal, trial_rng(seed, 0)),
    };
    emit(&explain(&scenario, kind, &world, &draw, &mut rng))
}

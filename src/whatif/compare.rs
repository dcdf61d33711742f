//! Comparisons: the same scenario under several models, trial for trial.
//!
//! Every model runs the same trials with the same seed. Trial `k` draws the
//! scenario's uncertain numbers first, from its own random stream, so every
//! model meets exactly the same worlds; a protocol model's own draws (proposers,
//! breakdown) come after and change nothing for the others. Differences between
//! models are therefore the models' doing, not sampling noise.
//!
//! Each model's run is summarised as soon as it ends and its tally dropped:
//! a tally keeps a histogram per actor, and holding every model's at once
//! (20,000 actors, five models) took 2.1 GB where one run takes 0.74 GB.

use super::{Hooks, Settings, WhatIfError, simulate_tally};
use crate::model::{AlternatingOffers, Behaviour, ExpectedUtility, Proposer};
use crate::model_kind::ModelKind;
use crate::scenario::{Scenario, format_number};
use crate::summary::{RunInfo, Summary};

/// The most models one comparison may hold.
pub const MAX_MODELS: usize = 10;

/// One model's run.
#[derive(Clone, Debug)]
pub struct ModelRun {
    pub kind: ModelKind,
    /// The model's name with any parameters that differ from its defaults,
    /// e.g. `alternating-offers (time-dependent e 0.2, breakdown 0.02)`.
    pub label: String,
    /// The run's summary without the parts only a single run's charts need
    /// ([`Summary::without_charts`]).
    pub summary: Summary,
}

/// Every model's run, in the order asked for.
#[derive(Clone, Debug)]
pub struct Comparison {
    pub trials: u64,
    pub seed: u64,
    pub runs: Vec<ModelRun>,
}

/// Runs `scenario` under each of `models` with the same trials and seed, one
/// model after another on the caller's rayon pool. Progress counts models.
pub fn compare(
    scenario: &Scenario,
    models: &[ModelKind],
    trials: u64,
    seed: u64,
    hooks: &Hooks,
) -> Result<Comparison, WhatIfError> {
    check_models(scenario, models)?;
    let mut runs = Vec::with_capacity(models.len());
    for (done, &kind) in models.iter().enumerate() {
        hooks.report(done, models.len());
        let settings = Settings {
            model: kind,
            trials,
            seed,
        };
        let tally = simulate_tally(scenario, &settings, hooks)?;
        let info = RunInfo {
            model: kind.cli_name().to_string(),
            trials,
            seed,
            elapsed_seconds: 0.0,
            threads: None,
            load_average: None,
        };
        runs.push(ModelRun {
            kind,
            label: model_label(scenario, kind),
            summary: Summary::without_charts(scenario, &info, &tally),
        });
    }
    hooks.report(models.len(), models.len());
    Ok(Comparison { trials, seed, runs })
}

/// At least one model, at most [`MAX_MODELS`], none twice.
pub fn check_models(scenario: &Scenario, models: &[ModelKind]) -> Result<(), WhatIfError> {
    if models.is_empty() {
        return Err(WhatIfError::invalid(
            "no models to compare",
            "name two or more, e.g. --models compromise,nash,kalai-smorodinsky",
        ));
    }
    if models.len() > MAX_MODELS {
        return Err(WhatIfError::invalid(
            format!(
                "{} models to compare; at most {MAX_MODELS} fit in one chart",
                models.len()
            ),
            "drop some from --models",
        ));
    }
    for (k, kind) in models.iter().enumerate() {
        if models[..k].contains(kind) {
            return Err(WhatIfError::invalid(
                format!("`{}` is listed twice", model_label(scenario, *kind)),
                "name each model once in --models (`scenario` is the scenario's own model)",
            ));
        }
    }
    Ok(())
}

/// The model's name, with the parameters that differ from its defaults.
pub fn model_label(scenario: &Scenario, kind: ModelKind) -> String {
    let mut parts: Vec<String> = Vec::new();
    match kind {
        ModelKind::AlternatingOffers(protocol) => {
            let default = AlternatingOffers::default();
            match protocol.behaviour {
                Behaviour::TimeDependent { e } => {
                    parts.push(format!("time-dependent e {}", format_number(e)))
                }
                Behaviour::Faratin { e } => {
                    parts.push(format!("Faratin agents e {}", format_number(e)))
                }
                Behaviour::Equilibrium => {}
            }
            if protocol.proposer == Proposer::Random {
                parts.push("random proposer".into());
            }
            if protocol.breakdown != default.breakdown {
                parts.push(format!("breakdown {}", format_number(protocol.breakdown)));
            }
            if protocol.max_rounds != default.max_rounds {
                parts.push(format!("{} rounds", protocol.max_rounds));
            }
            if protocol.first != default.first
                && protocol.proposer == Proposer::Rotating
                && let Some(actor) = scenario.actors.get(protocol.first)
            {
                parts.push(format!("{} first", actor.id));
            }
        }
        ModelKind::ExpectedUtility { rounds, rules } => {
            if rounds != ExpectedUtility::default().rounds {
                parts.push(format!("{rounds} rounds"));
            }
            if rules != ExpectedUtility::default().rules {
                parts.push(format!("{} rules", rules.name()));
            }
        }
        // The static models have no parameters.
        ModelKind::Compromise
        | ModelKind::DiscreteCompromise { .. }
        | ModelKind::Nash
        | ModelKind::KalaiSmorodinsky => {}
    }
    if parts.is_empty() {
        kind.cli_name().to_string()
    } else {
        format!("{} ({})", kind.cli_name(), parts.join(", "))
    }
}

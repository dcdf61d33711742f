//! The utility picture at nominal values (every uncertain number at its mean):
//! the Pareto frontier of two actors, the Nash and Kalai–Smorodinsky points
//! and the proposals. A run computes it once, beside its trials, and stores it
//! in the summary, so the charts and the report never run a model.

use crate::model::{self, pareto_frontier};
use crate::model_kind::ModelKind;
use crate::rng::trial_rng;
use crate::scenario::Scenario;
use crate::world::World;

/// The frontier and the Kalai–Smorodinsky point take linear programs that grow
/// with veto actors × issues. The crowd of the robustness tests (50 × 20 =
/// 1,000) adds about 0.07 s to a summary; past this size they are left out of
/// the summary (`null` / empty) rather than risk stalling the run.
pub const NOMINAL_LIMIT: usize = 2_000;

/// Which of the picture's costly parts to compute (`cost::nominal_parts`
/// says which a scenario affords); a part left out is empty or `None`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Parts {
    pub frontier: bool,
    pub nash: bool,
    pub kalai_smorodinsky: bool,
}

impl Parts {
    /// Every part.
    pub const ALL: Parts = Parts {
        frontier: true,
        nash: true,
        kalai_smorodinsky: true,
    };
}

/// Every actor's utility at a few points of interest, at nominal values.
#[derive(Clone, Debug, PartialEq)]
pub struct NominalPicture {
    /// The two actors of the utility chart (indices into the scenario's actors).
    pub actors: (usize, usize),
    /// Their reservations.
    pub reservations: (f64, f64),
    /// Their Pareto frontier, from the best for the first to the best for the second.
    pub frontier: Vec<(f64, f64)>,
    /// True when the frontier was not computed, as too costly (an empty
    /// frontier otherwise means no deal meets the other veto actors).
    pub frontier_left_out: bool,
    /// Their utilities at the Nash point, if there is an agreement.
    pub nash: Option<(f64, f64)>,
    /// Their utilities at the Kalai–Smorodinsky point (left out for large scenarios).
    pub kalai_smorodinsky: Option<(f64, f64)>,
    /// Their utilities at each proposal, in the scenario's order.
    pub proposals: Vec<(f64, f64)>,
}

impl NominalPicture {
    /// Solves the scenario at nominal values for the chart's two actors.
    pub fn compute(scenario: &Scenario, parts: Parts) -> NominalPicture {
        NominalPicture::of(
            scenario,
            &World::nominal(scenario),
            scenario.charts.utilities,
            parts,
        )
    }

    /// The same picture of any draw `world` of `scenario`, for actors
    /// `(a, b)` (a negotiation's concession chart).
    pub fn of(
        scenario: &Scenario,
        world: &World,
        (a, b): (usize, usize),
        parts: Parts,
    ) -> NominalPicture {
        let pair = |u: &[f64]| (u[a], u[b]);
        let solve = |kind: ModelKind| {
            model::build(kind)
                .solve(world, &mut trial_rng(scenario.seed, 0))
                .outcome
                .map(|outcome| pair(&world.utilities(&outcome)))
        };
        let small = world.veto_actors().len() * world.issues.len() <= NOMINAL_LIMIT;
        NominalPicture {
            actors: (a, b),
            reservations: (world.actors[a].reservation, world.actors[b].reservation),
            frontier_left_out: !(small && parts.frontier),
            frontier: if small && parts.frontier {
                pareto_frontier(world, a, b)
            } else {
                Vec::new()
            },
            nash: if parts.nash {
                solve(ModelKind::Nash)
            } else {
                None
            },
            kalai_smorodinsky: if small && parts.kalai_smorodinsky {
                solve(ModelKind::KalaiSmorodinsky)
            } else {
                None
            },
            proposals: scenario
                .proposals
                .iter()
                .map(|proposal| pair(&world.utilities(&proposal.internal(&scenario.issues))))
                .collect(),
        }
    }
}

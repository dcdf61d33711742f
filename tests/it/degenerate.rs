//! Valid but odd scenarios run and report sensibly: no NaN, no panic.

use rand::{RngExt, SeedableRng};
use zopa::ModelKind;
use zopa::model::{self, TrialRng};
use zopa::montecarlo::{self, Controls};
use zopa::scenario::Scenario;
use zopa::scenario::build::{ActorBuilder, ScenarioBuilder, uniform};
use zopa::summary::{NominalPicture, RunInfo, Summary};
use zopa::world::World;

const MODELS: [ModelKind; 4] = [
    ModelKind::Compromise,
    ModelKind::Nash,
    ModelKind::KalaiSmorodinsky,
    ModelKind::ExpectedUtility {
        rounds: 10,
        rules: zopa::model::EuRules::Paper,
    },
];

fn summary(scenario: &Scenario, kind: ModelKind, trials: u64) -> serde_json::Value {
    let tally = montecarlo::run(
        scenario,
        model::build(kind).as_ref(),
        trials,
        1,
        Controls::default(),
    )
    .unwrap();
    let info = RunInfo {
        model: kind.cli_name().to_string(),
        trials,
        seed: 1,
        elapsed_seconds: 1.0,
        threads: None,
        load_average: None,
    };
    let text = Summary::new(
        scenario,
        &info,
        &tally,
        &NominalPicture::compute(scenario, zopa::cost::nominal_parts(scenario)),
    )
    .to_json();
    assert!(!text.contains("NaN") && !text.contains("inf"), "{text}");
    serde_json::from_str(&text).unwrap()
}

#[test]
fn actors_who_all_want_the_same_get_it() {
    let scenario = ScenarioBuilder::new("consensus")
        .continuous_issue("x", "X", 0.0, 10.0)
        .continuous_issue("y", "Y", 0.0, 1.0)
        .actor(
            ActorBuilder::new("a", "A")
                .reservation(0.2)
                .ideal("x", 7.0, 1.0)
                .ideal("y", 0.3, 1.0),
        )
        .actor(
            ActorBuilder::new("b", "B")
                .reservation(0.5)
                .ideal("x", 7.0, 2.0)
                .ideal("y", 0.3, 0.0),
        )
        .actor(
            ActorBuilder::new("c", "C")
                .power(0.0)
                .veto(false)
                .ideal("x", 7.0, 1.0)
                .ideal("y", 0.3, 1.0),
        )
        .build()
        .unwrap();
    let world = World::nominal(&scenario);
    for kind in MODELS {
        let outcome = model::build(kind)
            .solve(&world, &mut TrialRng::seed_from_u64(1))
            .outcome
            .unwrap();
        assert!(
            (scenario.issues[0].denormalise(outcome[0]) - 7.0).abs() < 1e-9,
            "{kind:?}: {outcome:?}"
        );
        assert!((outcome[1] - 0.3).abs() < 1e-9, "{kind:?}: {outcome:?}");
        let json = summary(&scenario, kind, 200);
        assert_eq!(json["agreement_rate"], 1.0);
        assert_eq!(json["issues"]["x"]["p50"], 7.0);
    }
}

#[test]
fn no_zone_of_agreement_reports_nulls_not_nan() {
    let scenario = ScenarioBuilder::new("deadlock")
        .continuous_issue("x", "X", 0.0, 1.0)
        .actor(
            ActorBuilder::new("a", "A")
                .reservation(uniform(0.7, 0.9))
                .ideal("x", 1.0, 1.0),
        )
        .actor(
            ActorBuilder::new("b", "B")
                .reservation(0.8)
                .ideal("x", 0.0, 1.0),
        )
        .build()
        .unwrap();
    let json = summary(&scenario, ModelKind::Nash, 300);
    assert_eq!(json["agreement_rate"], 0.0);
    assert_eq!(json["zopa_rate"], 0.0);
    assert!(json["issues"]["x"]["p50"].is_null() && json["issues"]["x"]["mean"].is_null());
    // Without agreement each actor keeps its reservation.
    assert!((json["actors"]["b"]["mean_utility"].as_f64().unwrap() - 0.8).abs() < 1e-9);
}

/// 50 actors (all with a veto), 20 issues, uncertain reservations.
fn crowd() -> Scenario {
    let mut rng = TrialRng::seed_from_u64(3);
    let mut builder = ScenarioBuilder::new("crowd");
    for d in 0..20 {
        builder = builder.continuous_issue(&format!("i{d}"), &format!("Issue {d}"), 0.0, 1.0);
    }
    for a in 0..50 {
        let mut actor = ActorBuilder::new(&format!("a{a}"), &format!("Actor {a}"))
            .power(rng.random_range(0.5..2.0))
            .reservation(uniform(0.0, 0.3));
        for d in 0..20 {
            actor = actor.ideal(
                &format!("i{d}"),
                rng.random::<f64>(),
                rng.random_range(0.05..1.0),
            );
        }
        builder = builder.actor(actor);
    }
    builder.build().unwrap()
}

#[test]
fn fifty_actors_and_twenty_issues_run() {
    let scenario = crowd();
    for kind in MODELS {
        let json = summary(&scenario, kind, 10);
        assert!(
            json["agreement_rate"].as_f64().unwrap() > 0.9,
            "{kind:?}: {}",
            json["agreement_rate"]
        );
        for d in 0..20 {
            let median = json["issues"][format!("i{d}")]["p50"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&median), "{kind:?} i{d}: {median}");
        }
        // The utility chart's nominal picture is there too: a Pareto frontier
        // (one actor's gain is the other's loss) and the KS point.
        let utilities = &json["utilities"];
        let mut frontier: Vec<(f64, f64)> = utilities["frontier"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap()))
            .collect();
        assert!(frontier.len() > 2, "{kind:?}: {frontier:?}");
        frontier.sort_by(|p, q| p.0.total_cmp(&q.0));
        for pair in frontier.windows(2) {
            assert!(pair[1].1 <= pair[0].1 + 1e-6, "{kind:?}: {pair:?}");
        }
        assert!(utilities["kalai_smorodinsky"].is_array(), "{kind:?}");
    }
}

/// Kalai–Smorodinsky in a crowd: 50 veto actors and 20 issues. Checked through
/// `zopa_exists` (Nash's machinery, not KS's linear programs) by moving the
/// reservations: raised to each actor's share of its ideal gain plus 1e-7, no
/// outcome suits everyone (the share is the best); lowered by 1e-7, some outcome
/// does (it is reachable). Likewise for each ideal gain, and raised to the
/// utilities at the KS point, nobody can gain (it is Pareto-optimal).
#[test]
fn kalai_smorodinsky_reaches_the_best_common_share_in_a_crowd() {
    let world = World::nominal(&crowd());
    assert!(model::zopa_exists(&world));
    let point = model::solve_ks(&world).expect("a zone of agreement exists");
    assert_eq!(point.veto.len(), 50);
    let with_reservations = |reservation: &dyn Fn(usize) -> f64| {
        let mut moved = world.clone();
        for &i in &point.veto {
            moved.actors[i].reservation = reservation(i);
        }
        moved
    };
    let gain = |i: usize| point.ideal_gains[point.veto.iter().position(|&v| v == i).unwrap()];
    let reservation = |i: usize| world.actors[i].reservation;
    let utility = |i: usize| world.actors[i].utility(&point.outcome);

    assert!(point.share > 0.0 && point.share <= 1.0, "{}", point.share);
    for &i in &point.veto {
        assert!(world.actors[i].accepts(&point.outcome), "actor {i}");
        let share = (utility(i) - reservation(i)) / gain(i);
        assert!(
            share >= point.share - 1e-7,
            "actor {i}: {share} < {}",
            point.share
        );
    }
    let at_share =
        |delta: f64| with_reservations(&|i| reservation(i) + (point.share + delta) * gain(i));
    assert!(model::zopa_exists(&at_share(-1e-7)));
    assert!(!model::zopa_exists(&at_share(1e-7)));
    assert!(!model::zopa_exists(&with_reservations(
        &|i| utility(i) + 1e-7
    )));
    for &i in point.veto.iter().take(5) {
        let ideal = |delta: f64| {
            let mut moved = world.clone();
            moved.actors[i].reservation = reservation(i) + gain(i) + delta;
            moved
        };
        assert!(model::zopa_exists(&ideal(-1e-7)), "actor {i}");
        assert!(!model::zopa_exists(&ideal(1e-7)), "actor {i}");
    }
}

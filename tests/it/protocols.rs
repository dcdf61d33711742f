//! Alternating offers against the closed forms in MODELS.md and the behaviour the
//! concession literature describes.

use rand::SeedableRng;
use zopa::ModelKind;
use zopa::model::{self, AlternatingOffers, Behaviour, Model, Proposer, TrialRng};
use zopa::montecarlo::{self, Controls};
use zopa::scenario::Scenario;
use zopa::scenario::build::{ActorBuilder, ScenarioBuilder};
use zopa::world::World;

/// One unit pie: A (first proposer) wants x = 1, B wants x = 0; reservations 0.
fn pie(patience_a: f64, patience_b: f64, reservation_a: f64, reservation_b: f64) -> Scenario {
    ScenarioBuilder::new("pie")
        .continuous_issue("x", "Share to A", 0.0, 1.0)
        .actor(
            ActorBuilder::new("a", "A")
                .patience(patience_a)
                .reservation(reservation_a)
                .ideal("x", 1.0, 1.0),
        )
        .actor(
            ActorBuilder::new("b", "B")
                .patience(patience_b)
                .reservation(reservation_b)
                .ideal("x", 0.0, 1.0),
        )
        .build()
        .unwrap_or_else(|err| panic!("{err}"))
}

fn play(scenario: &Scenario, protocol: AlternatingOffers, seed: u64) -> (Option<f64>, Option<u32>) {
    let world = World::nominal(scenario);
    let solution = protocol.solve(&world, &mut TrialRng::seed_from_u64(seed));
    (solution.outcome.map(|x| x[0]), solution.rounds)
}

fn equilibrium(max_rounds: u32) -> AlternatingOffers {
    AlternatingOffers {
        max_rounds,
        ..AlternatingOffers::default()
    }
}

#[test]
fn rubinstein_infinite_horizon_shares() {
    // First mover gets (1 − δ2)/(1 − δ1δ2); a 400-round deadline approximates the
    // infinite horizon to well within 1e-4 ((0.95·0.6)^200 is negligible).
    for (d1, d2, expected) in [
        (0.9, 0.9, 0.526316),
        (0.9, 0.8, 0.714286),
        (0.95, 0.6, 0.930233),
    ] {
        let (share, rounds) = play(&pie(d1, d2, 0.0, 0.0), equilibrium(400), 1);
        let share = share.expect("agreement");
        assert!(
            (share - expected).abs() < 1e-4,
            "δ = ({d1}, {d2}): {share} vs {expected}"
        );
        assert!((share - (1.0 - d2) / (1.0 - d1 * d2)).abs() < 1e-4);
        assert_eq!(rounds, Some(1), "equilibrium offers are accepted at once");
    }
}

#[test]
fn rubinstein_finite_horizon_formula() {
    // x_T = (1 − (−δ)^T)/(1 + δ); δ = 0.9, T = 10 → 0.342800821.
    let (share, _) = play(&pie(0.9, 0.9, 0.0, 0.0), equilibrium(10), 1);
    assert!((share.unwrap() - 0.342800821).abs() < 1e-9);
    for rounds in [1u32, 2, 3, 7] {
        let expected = (1.0 - (-0.9f64).powi(rounds as i32)) / 1.9;
        let (share, _) = play(&pie(0.9, 0.9, 0.0, 0.0), equilibrium(rounds), 1);
        assert!((share.unwrap() - expected).abs() < 1e-9, "T = {rounds}");
    }
}

#[test]
fn the_second_mover_wins_when_b_proposes_first() {
    // With B first, B gets the first-mover share (1 − δa)/(1 − δaδb).
    let protocol = AlternatingOffers {
        first: 1,
        ..equilibrium(400)
    };
    let (share, _) = play(&pie(0.9, 0.8, 0.0, 0.0), protocol, 1);
    let b_share = 1.0 - share.unwrap();
    assert!(
        (b_share - (1.0 - 0.9) / (1.0 - 0.72)).abs() < 1e-4,
        "{b_share}"
    );
}

#[test]
fn random_proposers_with_equal_power_and_patience_split_evenly_on_average() {
    let scenario = pie(0.9, 0.9, 0.0, 0.0);
    let protocol = AlternatingOffers {
        proposer: Proposer::Random,
        ..equilibrium(60)
    };
    let tally = montecarlo::run(&scenario, &protocol, 4000, 3, Controls::default()).unwrap();
    let mean_a = tally.actors[0].utility.mean().unwrap();
    let mean_b = tally.actors[1].utility.mean().unwrap();
    // Each trial gives the drawn proposer 1 − δ/2 = 0.55 (its share when the next
    // proposer is a coin flip); the average over 4000 fair draws is 0.5 ± 0.05·2/√4000.
    assert!(
        (mean_a - 0.5).abs() < 0.01 && (mean_b - 0.5).abs() < 0.01,
        "{mean_a} {mean_b}"
    );
    let (share, _) = play(&scenario, protocol, 5);
    let share = share.unwrap();
    assert!(
        (share - 0.55).abs() < 1e-6 || (share - 0.45).abs() < 1e-6,
        "{share}"
    );
}

#[test]
fn linear_concession_with_mirror_preferences_meets_in_the_middle() {
    let protocol = AlternatingOffers {
        behaviour: Behaviour::TimeDependent { e: 1.0 },
        ..equilibrium(100)
    };
    let (share, _) = play(&pie(1.0, 1.0, 0.1, 0.1), protocol, 1);
    assert!((share.unwrap() - 0.5).abs() < 1e-9);
}

#[test]
fn boulware_agents_agree_later_than_conceders() {
    // Targets r + (1 − r)(1 − τ^(1/e)) cross when both have conceded a third of the
    // way (reservations 0.4 and 0.1): at τ = (2/3)^e, i.e. late for e = 0.2 (τ ≈ 0.92)
    // and early for e = 2 (τ ≈ 0.44).
    let scenario = pie(1.0, 1.0, 0.4, 0.1);
    let round = |e: f64| {
        let protocol = AlternatingOffers {
            behaviour: Behaviour::TimeDependent { e },
            ..equilibrium(100)
        };
        play(&scenario, protocol, 1).1.unwrap()
    };
    let (boulware, linear, conceder) = (round(0.2), round(1.0), round(2.0));
    assert!(
        boulware > linear && linear > conceder,
        "rounds {boulware} {linear} {conceder}"
    );
    assert!((88..=95).contains(&boulware), "{boulware}");
    assert!((42..=48).contains(&conceder), "{conceder}");
}

#[test]
fn breakdown_ends_talks_that_cannot_agree() {
    // Reservations 0.6 + 0.6 > 1: no offer is ever accepted. With breakdown 0.1 per
    // rejected round, talks last a geometric number of rounds (mean ≈ 10).
    let scenario = pie(0.9, 0.9, 0.6, 0.6);
    let protocol = AlternatingOffers {
        breakdown: 0.1,
        ..equilibrium(1000)
    };
    let tally = montecarlo::run(&scenario, &protocol, 400, 9, Controls::default()).unwrap();
    assert_eq!(tally.agreements, 0);
    assert!(tally.breakdowns > 390, "{}", tally.breakdowns);
    let total: u64 = tally.rounds.iter().sum();
    let mean = tally
        .rounds
        .iter()
        .enumerate()
        .map(|(k, c)| k as f64 * *c as f64)
        .sum::<f64>()
        / total as f64;
    assert!((mean - 10.0).abs() < 1.5, "mean rounds {mean}");
}

#[test]
fn scenario_files_name_the_protocol_and_its_parameters() {
    let text = r#"Scenario(
        name: "pie",
        issues: [Issue(id: "x", name: "x", min: 0.0, max: 1.0)],
        actors: [
            Actor(id: "a", name: "A", power: 1.0, reservation: 0.0, patience: 0.9, stances: { "x": (position: 1.0, salience: 1.0) }),
            Actor(id: "b", name: "B", power: 1.0, reservation: 0.0, patience: 0.9, stances: { "x": (position: 0.0, salience: 1.0) }),
        ],
        model: AlternatingOffers(proposer: Random, behaviour: TimeDependent(e: 0.5), breakdown: 0.02, max_rounds: 50, first: "b"),
    )"#;
    let scenario = zopa::scenario::parse(text, "pie.ron").unwrap();
    let ModelKind::AlternatingOffers(protocol) = scenario.model else {
        panic!("{:?}", scenario.model)
    };
    assert_eq!(protocol.proposer, Proposer::Random);
    assert_eq!(protocol.behaviour, Behaviour::TimeDependent { e: 0.5 });
    assert_eq!(
        (protocol.breakdown, protocol.max_rounds, protocol.first),
        (0.02, 50, 1)
    );
    let bad = text
        .replace("first: \"b\"", "first: \"bb\"")
        .replace("breakdown: 0.02", "breakdown: 1.5");
    let err = zopa::scenario::parse(&bad, "pie.ron")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("breakdown must lie in [0, 1)") && err.contains("did you mean `b`?"),
        "{err}"
    );
    assert_eq!(model::build(scenario.model).name(), "alternating-offers");
}

#[test]
fn a_boulware_agent_facing_a_conceder_gets_the_better_deal() {
    // Equal reservations 0.1, mirror preferences. With linear concession on both
    // sides the deal is 0.5; when A holds out (own e = 0.2) against a Conceder B
    // (own e = 2), B gives ground first and the deal moves towards A's ideal.
    let scenario = |e_a: f64, e_b: f64| {
        ScenarioBuilder::new("tough")
            .continuous_issue("x", "Share to A", 0.0, 1.0)
            .actor(
                ActorBuilder::new("a", "A")
                    .reservation(0.1)
                    .concession(e_a)
                    .ideal("x", 1.0, 1.0),
            )
            .actor(
                ActorBuilder::new("b", "B")
                    .reservation(0.1)
                    .concession(e_b)
                    .ideal("x", 0.0, 1.0),
            )
            .build()
            .unwrap()
    };
    let protocol = AlternatingOffers {
        behaviour: Behaviour::TimeDependent { e: 1.0 },
        ..equilibrium(100)
    };
    let (even, _) = play(&scenario(1.0, 1.0), protocol, 1);
    let (tough_a, rounds_tough) = play(&scenario(0.2, 2.0), protocol, 1);
    let (tough_b, _) = play(&scenario(2.0, 0.2), protocol, 1);
    let (even, tough_a, tough_b) = (even.unwrap(), tough_a.unwrap(), tough_b.unwrap());
    assert!((even - 0.5).abs() < 1e-9);
    assert!(
        tough_a > 0.7,
        "the deal lands near the Boulware side: {tough_a}"
    );
    assert!(
        tough_b < 0.3,
        "and mirrors when B is the Boulware: {tough_b}"
    );
    assert!(rounds_tough.unwrap() > 1);
}

#[test]
fn skipping_hopeless_rounds_changes_nothing() {
    // Time-dependent play skips rounds that provably end in rejection; narrated
    // play (solve_observed) computes every round. On the flagship, with breakdown,
    // both proposer rules, and mediators among the proposers, they must agree on
    // every trial: outcome, round and breakdown.
    let flagship = zopa::scenario::load("scenarios/ukraine_2026.ron".as_ref()).unwrap();
    for proposer in [Proposer::Rotating, Proposer::Random] {
        let protocol = AlternatingOffers {
            proposer,
            behaviour: Behaviour::TimeDependent { e: 0.2 },
            breakdown: 0.02,
            ..AlternatingOffers::default()
        };
        let mut agreements = 0;
        for trial in 0..400 {
            let mut rng = zopa::trial_rng(5, trial);
            let world = World::sample(&flagship, &mut rng);
            let fast = protocol.solve(&world, &mut rng.clone());
            let full = protocol.solve_observed(&world, &mut rng, &mut |_| {});
            assert_eq!(fast, full, "trial {trial}");
            agreements += usize::from(fast.outcome.is_some());
        }
        assert!(agreements > 0, "the comparison covers agreements too");
    }
}

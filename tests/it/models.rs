//! Known answers: every model against the closed forms and published values in
//! MODELS.md. Tolerance 1e-6 unless a test says otherwise.

use rand::SeedableRng;
use zopa::ModelKind;
use zopa::model::{self, TrialRng};
use zopa::scenario::{self, Scenario};
use zopa::world::World;

const TOLERANCE: f64 = 1e-6;

/// A one-issue split of a unit pie between A (wants 1) and B (wants 0).
fn pie(
    power_a: f64,
    power_b: f64,
    reservation_a: f64,
    reservation_b: f64,
    shape_b: &str,
    extra_b: &str,
) -> Scenario {
    let text = format!(
        r#"Scenario(
            name: "pie",
            issues: [Issue(id: "x", name: "Share to A", min: 0.0, max: 1.0)],
            actors: [
                Actor(id: "a", name: "A", power: {power_a}, reservation: {reservation_a},
                      stances: {{ "x": (position: 1.0, salience: 1.0) }}),
                Actor(id: "b", name: "B", power: {power_b}, reservation: {reservation_b},
                      stances: {{ "x": (position: 0.0, salience: 1.0, shape: {shape_b} {extra_b}) }}),
            ],
        )"#
    );
    scenario::parse(&text, "pie.ron").unwrap_or_else(|err| panic!("{err}"))
}

fn outcome(scenario: &Scenario, kind: ModelKind) -> Option<Vec<f64>> {
    let world = World::nominal(scenario);
    let mut rng = TrialRng::seed_from_u64(1);
    model::build(kind).solve(&world, &mut rng).outcome
}

fn share(scenario: &Scenario, kind: ModelKind) -> f64 {
    outcome(scenario, kind).expect("an agreement")[0]
}

fn assert_close(actual: f64, expected: f64, what: &str) {
    assert!(
        (actual - expected).abs() < TOLERANCE,
        "{what}: expected {expected}, got {actual}"
    );
}

#[test]
fn nash_splits_the_pie_at_0_55() {
    // u1 = x, u2 = 1 − x, d = (0.2, 0.1), equal power → x* = 0.55.
    assert_close(
        share(&pie(1.0, 1.0, 0.2, 0.1, "Linear", ""), ModelKind::Nash),
        0.55,
        "Nash",
    );
}

#[test]
fn asymmetric_nash_follows_the_power_formula() {
    // x* = d1 + α1/(α1+α2)·(1 − d1 − d2).
    for (alpha1, alpha2, d1, d2) in [
        (2.0, 1.0, 0.2, 0.1),
        (1.0, 3.0, 0.0, 0.0),
        (0.5, 4.0, 0.1, 0.3),
        (7.0, 2.0, 0.25, 0.05),
    ] {
        let expected = d1 + alpha1 / (alpha1 + alpha2) * (1.0 - d1 - d2);
        let got = share(&pie(alpha1, alpha2, d1, d2, "Linear", ""), ModelKind::Nash);
        assert_close(
            got,
            expected,
            &format!("Nash with powers ({alpha1}, {alpha2}), d = ({d1}, {d2})"),
        );
    }
}

#[test]
fn nash_on_the_curved_frontier_is_one_over_root_three() {
    // u1 = x, u2 = 1 − x² (B quadratic), d = 0 → u1 = 1/√3.
    let got = share(&pie(1.0, 1.0, 0.0, 0.0, "Quadratic", ""), ModelKind::Nash);
    assert_close(got, 1.0 / 3f64.sqrt(), "Nash on u2 = 1 − u1²");
}

#[test]
fn kalai_smorodinsky_on_the_curved_frontier_is_the_golden_ratio() {
    // Same frontier: u1 = u2 = (√5 − 1)/2, which differs from Nash on purpose.
    let got = share(
        &pie(1.0, 1.0, 0.0, 0.0, "Quadratic", ""),
        ModelKind::KalaiSmorodinsky,
    );
    assert_close(got, (5f64.sqrt() - 1.0) / 2.0, "KS on u2 = 1 − u1²");
}

#[test]
fn kalai_smorodinsky_gives_equal_shares_of_ideal_gains() {
    // d = (0.2, 0.1): U_a = 0.9, U_b = 0.8, equal ideal gains 0.7 → x = 0.55.
    assert_close(
        share(
            &pie(1.0, 1.0, 0.2, 0.1, "Linear", ""),
            ModelKind::KalaiSmorodinsky,
        ),
        0.55,
        "KS",
    );
    // d = (0.3, 0.0): U_a = 1.0, U_b = 0.7, gains 0.7 and 0.7 → x − 0.3 = 1 − x → 0.65.
    assert_close(
        share(
            &pie(1.0, 1.0, 0.3, 0.0, "Linear", ""),
            ModelKind::KalaiSmorodinsky,
        ),
        0.65,
        "KS",
    );
    // KS ignores power: same answer with unequal powers.
    assert_close(
        share(
            &pie(5.0, 1.0, 0.3, 0.0, "Linear", ""),
            ModelKind::KalaiSmorodinsky,
        ),
        0.65,
        "KS",
    );
    // d = (0.5, 0.0) and B's red line x ≤ 0.8: U_a = 0.8, U_b = 0.5, ideal gains 0.3 and 0.5;
    // (x − 0.5)/0.3 = (1 − x)/0.5 → 0.5x − 0.25 = 0.3 − 0.3x → x = 0.6875.
    let capped = pie(1.0, 1.0, 0.5, 0.0, "Linear", ", red_line: (max: 0.8)");
    assert_close(
        share(&capped, ModelKind::KalaiSmorodinsky),
        0.6875,
        "KS with a red line",
    );
}

#[test]
fn red_lines_bind_nash() {
    // B will not give A more than 0.5: the unconstrained 0.55 is cut back to 0.5.
    let capped = pie(1.0, 1.0, 0.2, 0.1, "Linear", ", red_line: (max: 0.5)");
    assert_close(share(&capped, ModelKind::Nash), 0.5, "Nash with a red line");
    // A red line at 0.3 pushes the compromise mean 0.5 down to 0.3.
    let tight = pie(1.0, 1.0, 0.0, 0.0, "Linear", ", red_line: (max: 0.3)");
    assert_close(
        share(&tight, ModelKind::Compromise),
        0.3,
        "compromise clamped to the red line",
    );
}

#[test]
fn no_zone_of_agreement_means_no_deal_for_nash_and_ks_only() {
    // Reservations 0.6 + 0.6 > 1: no split gives both more than their reservation.
    let greedy = pie(1.0, 1.0, 0.6, 0.6, "Linear", "");
    assert_eq!(outcome(&greedy, ModelKind::Nash), None);
    assert_eq!(outcome(&greedy, ModelKind::KalaiSmorodinsky), None);
    assert_close(
        share(&greedy, ModelKind::Compromise),
        0.5,
        "compromise always agrees",
    );
    assert!(!model::zopa_exists(&World::nominal(&greedy)));
    assert!(model::zopa_exists(&World::nominal(&pie(
        1.0, 1.0, 0.5, 0.45, "Linear", ""
    ))));
}

#[test]
fn compromise_is_the_power_salience_weighted_mean() {
    // Powers 3 and 1, saliences 1 and 1: (3·1 + 1·0)/4 = 0.75.
    assert_close(
        share(
            &pie(3.0, 1.0, 0.0, 0.0, "Linear", ""),
            ModelKind::Compromise,
        ),
        0.75,
        "compromise",
    );
}

#[test]
fn compromise_reproduces_the_eu_example_mean() {
    // MODELS.md: the ten-member-state example has weighted mean 7.389955686853767.
    let eu = scenario::load("scenarios/classroom/eu_expected_utility.ron".as_ref()).unwrap();
    let got = eu.issues[0].denormalise(share(&eu, ModelKind::Compromise));
    assert!(
        (got - 7.389955686853767).abs() < 1e-9,
        "weighted mean {got}"
    );
}

#[test]
fn discrete_issues_pick_the_best_option() {
    // Two options; A values them (1, 0), B (0.2, 1) with 3 times A's salience, equal power.
    // Compromise scores: first = 1·1 + 3·0.2 = 1.6, second = 0 + 3·1 = 3 → "second".
    let text = r#"Scenario(
        name: "vote",
        issues: [Issue(id: "o", name: "Option", options: ["first", "second"])],
        actors: [
            Actor(id: "a", name: "A", power: 1.0, reservation: 0.0,
                  stances: { "o": (values: { "first": 1.0, "second": 0.0 }, salience: 1.0) }),
            Actor(id: "b", name: "B", power: 1.0, reservation: 0.0,
                  stances: { "o": (values: { "first": 0.2, "second": 1.0 }, salience: 3.0) }),
        ],
    )"#;
    let vote = scenario::parse(text, "vote.ron").unwrap();
    assert_eq!(outcome(&vote, ModelKind::Compromise), Some(vec![1.0]));
    // "second" gives A utility 0, not more than its reservation 0: only "first" is in the
    // zone of agreement, so Nash and KS pick it.
    assert_eq!(outcome(&vote, ModelKind::Nash), Some(vec![0.0]));
    assert_eq!(outcome(&vote, ModelKind::KalaiSmorodinsky), Some(vec![0.0]));
}

#[test]
fn nash_trades_a_continuous_issue_against_a_discrete_one() {
    // Price on [0, 1]: A wants 1, B wants 0 (linear). Delivery: A values (first 1, second 0.5),
    // B (first 0, second 1). Equal saliences, reservations 0, equal power.
    // "first":  u_a = 0.5x + 0.5,  u_b = 0.5(1 − x): product (1 + x)(1 − x)/4, max at x = 0 → 0.25.
    // "second": u_a = 0.5x + 0.25, u_b = 0.5(1 − x) + 0.5: product (x + 0.5)(2 − x)/4,
    //           max at x = 0.75 → 1.5625/4 = 0.390625. So Nash = (0.75, "second").
    let text = r#"Scenario(
        name: "mixed",
        issues: [
            Issue(id: "price", name: "Price", min: 0.0, max: 1.0),
            Issue(id: "delivery", name: "Delivery", options: ["first", "second"]),
        ],
        actors: [
            Actor(id: "a", name: "A", power: 1.0, reservation: 0.0, stances: {
                "price": (position: 1.0, salience: 1.0),
                "delivery": (values: { "first": 1.0, "second": 0.5 }, salience: 1.0) }),
            Actor(id: "b", name: "B", power: 1.0, reservation: 0.0, stances: {
                "price": (position: 0.0, salience: 1.0),
                "delivery": (values: { "first": 0.0, "second": 1.0 }, salience: 1.0) }),
        ],
    )"#;
    let mixed = scenario::parse(text, "mixed.ron").unwrap();
    let got = outcome(&mixed, ModelKind::Nash).unwrap();
    assert_close(got[0], 0.75, "price");
    assert_eq!(got[1], 1.0, "delivery \"second\"");
}

#[test]
fn shipped_classroom_answers_hold() {
    let load = |name: &str| scenario::load(format!("scenarios/classroom/{name}").as_ref()).unwrap();
    assert_close(
        share(&load("divide_the_dollar.ron"), ModelKind::Nash),
        0.55,
        "divide the dollar, Nash",
    );
    assert_close(
        share(&load("nash_vs_ks.ron"), ModelKind::Nash),
        1.0 / 3f64.sqrt(),
        "nash_vs_ks, Nash",
    );
    assert_close(
        share(&load("nash_vs_ks.ron"), ModelKind::KalaiSmorodinsky),
        (5f64.sqrt() - 1.0) / 2.0,
        "nash_vs_ks, KS",
    );
    assert_eq!(outcome(&load("no_zopa.ron"), ModelKind::Nash), None);
}

#[test]
fn two_issue_case_where_nash_and_ks_differ() {
    // scenarios/classroom/nash_vs_ks_two_issues.ron states the closed forms in its header:
    // Nash (x, y) = (2√2/3, 1/√18); KS = ((√33 − 3)/3, (√33 − 3)/12).
    let case = scenario::load("scenarios/classroom/nash_vs_ks_two_issues.ron".as_ref()).unwrap();
    let nash = outcome(&case, ModelKind::Nash).unwrap();
    assert_close(nash[0], 2.0 * 2f64.sqrt() / 3.0, "Nash x");
    assert_close(nash[1], 1.0 / 18f64.sqrt(), "Nash y");
    let ks = outcome(&case, ModelKind::KalaiSmorodinsky).unwrap();
    assert_close(ks[0], (33f64.sqrt() - 3.0) / 3.0, "KS x");
    assert_close(ks[1], (33f64.sqrt() - 3.0) / 12.0, "KS y");
}

#[test]
fn mixed_continuous_and_discrete_case_with_a_red_line() {
    // scenarios/classroom/mixed_issues.ron: the seller refuses "1 week"; derivations in its header.
    let case = scenario::load("scenarios/classroom/mixed_issues.ron".as_ref()).unwrap();
    let price = |outcome: &[f64]| case.issues[0].denormalise(outcome[0]);
    let nash = outcome(&case, ModelKind::Nash).unwrap();
    assert_close(price(&nash), 200.0 - 20.0 * 6f64.sqrt(), "Nash price");
    assert_eq!(case.issues[1].display_value(nash[1]), "2 weeks");
    let ks = outcome(&case, ModelKind::KalaiSmorodinsky).unwrap();
    assert_close(price(&ks), 260.0 - 20.0 * 39f64.sqrt(), "KS price");
    assert_eq!(case.issues[1].display_value(ks[1]), "2 weeks");
    let compromise = outcome(&case, ModelKind::Compromise).unwrap();
    assert_close(price(&compromise), 1200.0 / 7.0, "compromise price");
    assert_eq!(case.issues[1].display_value(compromise[1]), "4 weeks");
}

/// Three actors on a 0–100 issue with given positions, powers and a red line
/// on the first: the discrete compromise's cases.
fn three(positions: [f64; 3], powers: [f64; 3], red_line: &str) -> Scenario {
    let actor = |k: usize, id: &str| {
        let extra = if k == 0 { red_line } else { "" };
        format!(
            r#"Actor(id: "{id}", name: "{id}", power: {}, reservation: 0.0, veto: true,
                  stances: {{ "x": (position: {}, salience: 1.0 {extra}) }})"#,
            powers[k], positions[k]
        )
    };
    let text = format!(
        r#"Scenario(name: "three", issues: [Issue(id: "x", name: "x", min: 0.0, max: 100.0)],
            actors: [{}, {}, {}])"#,
        actor(0, "a"),
        actor(1, "b"),
        actor(2, "c")
    );
    scenario::parse(&text, "three.ron").unwrap_or_else(|err| panic!("{err}"))
}

fn discrete(threshold: f64) -> ModelKind {
    ModelKind::DiscreteCompromise { threshold }
}

#[test]
fn discrete_compromise_moves_to_a_position_held_within_the_threshold() {
    // Mean (0 + 40 + 100) / 3 = 46.67: 40 lies 6.67 away (6.7% of the range).
    let scenario = three([0.0, 40.0, 100.0], [1.0, 1.0, 1.0], "");
    let mean = outcome(&scenario, ModelKind::Compromise).unwrap()[0];
    assert!((mean - 140.0 / 300.0).abs() < TOLERANCE);
    assert!((outcome(&scenario, discrete(0.15)).unwrap()[0] - 0.4).abs() < TOLERANCE);
    assert!((outcome(&scenario, discrete(0.066)).unwrap()[0] - mean).abs() < TOLERANCE);
    // Threshold 0 is the plain compromise.
    assert!((outcome(&scenario, discrete(0.0)).unwrap()[0] - mean).abs() < TOLERANCE);
}

#[test]
fn discrete_compromise_keeps_the_mean_between_equal_camps_and_respects_red_lines() {
    // Mean 50 between 45 and 55 held with equal pull: no reason to pick one.
    let tie = three([45.0, 55.0, 50.0], [1.0, 1.0, 0.0], "");
    assert!((outcome(&tie, discrete(0.15)).unwrap()[0] - 0.5).abs() < TOLERANCE);
    // Powers 1, 2 and 0.1 at 45, 55 and 0: mean (45 + 110) / 3.1 = 50, both
    // positions 5 away; 55 has more pull behind it.
    let weighted = three([45.0, 55.0, 0.0], [1.0, 2.0, 0.1], "");
    assert!((outcome(&weighted, discrete(0.15)).unwrap()[0] - 0.55).abs() < TOLERANCE);
    // A veto actor's red line (x ≤ 42) rules out 45: the mean (48.3) is
    // clamped to 42 and the nearest position the line allows is 0, too far.
    let lined = three(
        [0.0, 45.0, 100.0],
        [1.0, 1.0, 1.0],
        ", red_line: (max: 42.0)",
    );
    let x = outcome(&lined, discrete(0.15)).unwrap()[0];
    assert!((x - 0.42).abs() < TOLERANCE, "{x}");
}

#[test]
fn discrete_compromise_on_the_eu_classroom_case_lands_on_position_seven() {
    // docs/theory.md §3: the mean 7.389955687 lies 0.39 (6.5% of the 4–10
    // range) from the position 7 that Belgium, Ireland and Greece hold.
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios/classroom/eu_expected_utility.ron"),
    )
    .unwrap();
    let scenario = scenario::parse(&text, "eu_expected_utility.ron").unwrap();
    let mean =
        scenario.issues[0].denormalise(outcome(&scenario, ModelKind::Compromise).unwrap()[0]);
    assert!((mean - 7.389955686853767).abs() < TOLERANCE);
    let snapped = outcome(&scenario, ModelKind::ALL[1]).unwrap()[0];
    assert!((scenario.issues[0].denormalise(snapped) - 7.0).abs() < TOLERANCE);
}

//! `zopa import genius`: hand-worked answers on domains written for these tests
//! (tests/fixtures/genius/), and every class of bad input with its exact place.

use rand::SeedableRng;
use std::path::{Path, PathBuf};
use zopa::ModelKind;
use zopa::import::genius::{self, Source};
use zopa::import::{self, Imported};
use zopa::model::{self, TrialRng};
use zopa::scenario::Scenario;
use zopa::world::World;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/genius")
        .join(name)
}

fn import_fixtures(domain: &str, profiles: &[&str]) -> Imported {
    let profiles: Vec<PathBuf> = profiles.iter().map(|p| fixture(p)).collect();
    let profiles: Vec<&Path> = profiles.iter().map(PathBuf::as_path).collect();
    import::genius_files(&fixture(domain), &profiles).unwrap_or_else(|err| panic!("{err}"))
}

fn solve(scenario: &Scenario, kind: ModelKind) -> Vec<f64> {
    let world = World::nominal(scenario);
    let mut rng = TrialRng::seed_from_u64(1);
    model::build(kind)
        .solve(&world, &mut rng)
        .outcome
        .expect("an agreement")
}

/// The outcome's option names.
fn options(scenario: &Scenario, outcome: &[f64]) -> Vec<String> {
    scenario
        .issues
        .iter()
        .zip(outcome)
        .map(|(issue, &value)| issue.display_value(value))
        .collect()
}

fn assert_close(actual: f64, expected: f64, what: &str) {
    assert!(
        (actual - expected).abs() < 1e-12,
        "{what}: expected {expected}, got {actual}"
    );
}

/// The delivery domain, worked by hand.
///
/// Issues: Price (low, mid, high) and Delivery time (fast, slow).
/// Buyer: evaluations 10/6/2 and 4/2, divided by the largest → price values
/// 1, 0.6, 0.2 and delivery 1, 0.5; weights 0.6 / 0.4; reservation 0.1.
/// Seller: 1/3/4 and 1/4 → 0.25, 0.75, 1 and 0.25, 1; weights 0.5 / 0.5;
/// reservation 0.2. Utilities (u_b = 0.6 p + 0.4 d, u_s = 0.5 p + 0.5 d):
///
/// | outcome    | u_b  | u_s   | (u_b − 0.1)(u_s − 0.2) | share b: (u_b − 0.1)/0.9 | share s: (u_s − 0.2)/0.8 |
/// |------------|------|-------|------------------------|--------------------------|--------------------------|
/// | low, fast  | 1.00 | 0.250 | 0.0450                 | 1.0000                   | 0.0625                   |
/// | low, slow  | 0.80 | 0.625 | 0.2975                 | 0.7778                   | 0.53125                  |
/// | mid, fast  | 0.76 | 0.500 | 0.1980                 | 0.7333                   | 0.375                    |
/// | mid, slow  | 0.56 | 0.875 | **0.3105**             | 0.5111                   | 0.84375                  |
/// | high, fast | 0.52 | 0.625 | 0.1785                 | 0.4667                   | 0.53125                  |
/// | high, slow | 0.32 | 1.000 | 0.1760                 | 0.2444                   | 1.0000                   |
///
/// Nash (equal weights): the largest product, 0.3105 at (mid, slow).
/// Kalai–Smorodinsky: ideal utilities among outcomes both accept are 1.0 for
/// the buyer (low, fast: u_s = 0.25 ≥ 0.2) and 1.0 for the seller (high, slow:
/// u_b = 0.32 ≥ 0.1), so ideal gains 0.9 and 0.8. The smallest share is largest,
/// 17/32 = 0.53125, at (low, slow) (next: 0.5111 at mid, slow).
#[test]
fn delivery_domain_gives_the_hand_worked_nash_and_ks_points() {
    let imported = import_fixtures(
        "delivery_domain.xml",
        &["delivery_buyer.xml", "delivery_seller.xml"],
    );
    let scenario = &imported.scenario;
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    let nash = solve(scenario, ModelKind::Nash);
    assert_eq!(options(scenario, &nash), ["mid", "slow"]);
    let ks = solve(scenario, ModelKind::KalaiSmorodinsky);
    assert_eq!(options(scenario, &ks), ["low", "slow"]);
    let world = World::nominal(scenario);
    let nash_utilities = world.utilities(&nash);
    assert_close(nash_utilities[0], 0.56, "buyer at the Nash point");
    assert_close(nash_utilities[1], 0.875, "seller at the Nash point");
    let ks_utilities = world.utilities(&ks);
    assert_close(ks_utilities[0], 0.8, "buyer at the KS point");
    assert_close(ks_utilities[1], 0.625, "seller at the KS point");
}

#[test]
fn delivery_domain_maps_names_values_and_the_discount_factor() {
    let imported = import_fixtures(
        "delivery_domain.xml",
        &["delivery_buyer.xml", "delivery_seller.xml"],
    );
    let scenario = &imported.scenario;
    assert_eq!(scenario.name, "delivery");
    let ids: Vec<&str> = scenario.issues.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["price", "delivery_time"]);
    assert_eq!(scenario.issues[1].name, "Delivery time");
    let actors: Vec<&str> = scenario.actors.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(actors, ["buyer", "seller"]);
    assert_eq!(scenario.model, ModelKind::Nash);
    let buyer = &scenario.actors[0];
    assert_close(buyer.reservation.nominal(), 0.1, "buyer's reservation");
    // d = 0.9 over 100 rounds: patience^99 = 0.9 from the first round to the last.
    assert_close(
        buyer.patience.nominal().powi(99),
        0.9,
        "buyer's total discount",
    );
    assert_close(
        scenario.actors[1].patience.nominal(),
        1.0,
        "no discount factor",
    );
    // The seller lists issues and items in another order: matched by name.
    let world = World::nominal(scenario);
    assert_eq!(
        world.actors[1].values[0],
        zopa::world::ValueFn::Table(vec![0.25, 0.75, 1.0])
    );
    assert!(imported.text.contains("discount factor 0.9 -> patience"));
}

/// GENIUS utility of the contract domain, written straight from the XML:
/// salary x in [1000, 2000], bonus b in [0, 10], car (0 = yes, 1 = no);
/// the one-option Office issue adds its weight times 1.
fn genius_utility(actor: usize, salary: f64, bonus: f64, car: usize) -> f64 {
    if actor == 0 {
        0.5 * (0.001 * (salary - 1000.0))
            + 0.25 * (0.2 + 0.08 * bonus)
            + 0.15 * [1.0, 0.0][car]
            + 0.1
    } else {
        0.4 * (0.9 - 0.0008 * (salary - 1000.0))
            + 0.3 * (1.0 - 0.1 * bonus)
            + 0.2 * [0.25, 1.0][car]
            + 0.1
    }
}

/// Linear evaluators on ranges carry constants (the employee's bonus is worth
/// 0.2 at 0; the office adds 0.1 to both): U_genius = C + K·U_zopa with
/// C = 0.15, K = 0.85 (employee) and C = 0.14, K = 0.82 (employer), and the
/// reservations become (r − C)/K, so GENIUS's and zopa's gains over the
/// reservation differ by the factor K alone: Nash and KS points are the same.
#[test]
fn ranges_map_to_linear_issues_up_to_a_positive_affine_map() {
    let imported = import_fixtures(
        "contract_domain.xml",
        &["contract_employee.xml", "contract_employer.xml"],
    );
    let scenario = &imported.scenario;
    assert_eq!(
        scenario.issues.len(),
        3,
        "the one-option Office issue is left out"
    );
    assert_eq!(imported.warnings.len(), 1);
    assert!(
        imported.warnings[0]
            .to_string()
            .ends_with("contract_domain.xml:12:5: warning: issue `Office` has only one possible value, so it is left out (its constant utility is kept in the reservation values)"),
        "{}",
        imported.warnings[0]
    );
    let affine = [(0.15, 0.85, 0.4), (0.14, 0.82, 0.3)];
    let world = World::nominal(scenario);
    for (actor, &(constant, scale, reservation)) in affine.iter().enumerate() {
        let written = scenario.actors[actor].reservation.nominal();
        assert!((written - (reservation - constant) / scale).abs() < 1e-12);
        for salary in [1000.0, 1250.0, 1500.0, 2000.0] {
            for bonus in [0.0, 2.5, 10.0] {
                for car in 0..2 {
                    let outcome = [(salary - 1000.0) / 1000.0, bonus / 10.0, car as f64];
                    let zopa = world.actors[actor].utility(&outcome);
                    let genius = genius_utility(actor, salary, bonus, car);
                    assert!(
                        (constant + scale * zopa - genius).abs() < 1e-12,
                        "actor {actor} at ({salary}, {bonus}, {car}): zopa {zopa}, genius {genius}"
                    );
                }
            }
        }
    }
    // The employer's discount factor 0 means "no discount", as in GENIUS.
    assert_eq!(scenario.actors[1].patience.nominal(), 1.0);
    assert!(imported.text.contains("zopa treats it as continuous"));
}

// ---- Bad input: every error names the file, the line and column, and a fix. ----

const DOMAIN: &str = "<negotiation_template>\n<utility_space>\n<objective index=\"0\" name=\"D\">\n  <issue index=\"1\" type=\"discrete\" name=\"Colour\">\n    <item index=\"1\" value=\"red\"/>\n    <item index=\"2\" value=\"blue\"/>\n  </issue>\n</objective>\n</utility_space>\n</negotiation_template>\n";

const PROFILE: &str = "<utility_space>\n<objective index=\"0\" name=\"D\">\n  <issue index=\"1\" type=\"discrete\" name=\"Colour\">\n    <item index=\"1\" value=\"red\" evaluation=\"2\"/>\n    <item index=\"2\" value=\"blue\" evaluation=\"1\"/>\n  </issue>\n  <weight index=\"1\" value=\"1\"/>\n</objective>\n<reservation value=\"0.2\"/>\n</utility_space>\n";

/// Imports DOMAIN-like `domain` with `bad` as the first profile and PROFILE as the second.
fn error(domain: &str, bad: &str) -> String {
    let profiles = [
        Source {
            name: "a.xml",
            text: bad,
        },
        Source {
            name: "b.xml",
            text: PROFILE,
        },
    ];
    match genius::import(
        &Source {
            name: "d.xml",
            text: domain,
        },
        &profiles,
    ) {
        Ok(_) => panic!("expected an error"),
        Err(err) => err.to_string(),
    }
}

fn assert_starts(text: &str, expected: &str) {
    assert!(
        text.starts_with(expected),
        "expected `{expected}`, got:\n{text}"
    );
    assert!(text.contains("\n  help: "), "no help in:\n{text}");
}

#[test]
fn the_test_domain_itself_imports() {
    let profiles = [
        Source {
            name: "a.xml",
            text: PROFILE,
        },
        Source {
            name: "b.xml",
            text: PROFILE,
        },
    ];
    let imported = genius::import(
        &Source {
            name: "d.xml",
            text: DOMAIN,
        },
        &profiles,
    )
    .unwrap();
    assert_eq!(imported.scenario.actors[1].id, "b");
}

#[test]
fn malformed_xml_is_located() {
    let bad = PROFILE.replace("evaluation=\"1\"/>", "evaluation=\"1\">");
    let text = error(DOMAIN, &bad);
    assert_starts(
        &text,
        "a.xml:6:3: error: the XML is malformed: expected 'item' tag, not 'issue'",
    );
    let unquoted = error(DOMAIN, &PROFILE.replace("value=\"0.2\"", "value=0.2"));
    assert_starts(&unquoted, "a.xml:9:20: error: the XML is malformed");
}

#[test]
fn a_file_that_is_not_genius_is_refused() {
    let text = error("<html>\n<body/>\n</html>\n", PROFILE);
    assert_starts(
        &text,
        "d.xml:1:1: error: not a GENIUS domain: the root element is <html>, and no <utility_space> is inside it",
    );
}

#[test]
fn a_profile_naming_an_issue_the_domain_lacks_is_refused() {
    let text = error(
        DOMAIN,
        &PROFILE.replace("name=\"Colour\"", "name=\"Color\""),
    );
    assert_eq!(
        text,
        "a.xml:3:36: error: the profile names issue `Color`, which the domain lacks\n  help: did you mean `Colour`?"
    );
}

#[test]
fn a_profile_missing_a_domain_issue_is_refused() {
    let domain = DOMAIN.replace(
        "</objective>",
        "  <issue index=\"2\" type=\"discrete\" name=\"Size\"><item value=\"S\"/><item value=\"L\"/></issue>\n</objective>",
    );
    let text = error(&domain, PROFILE);
    assert_starts(
        &text,
        "a.xml:2:1: error: the profile does not evaluate the domain's issue(s) Size",
    );
}

#[test]
fn negative_weights_are_refused() {
    let text = error(
        DOMAIN,
        &PROFILE.replace(
            "<weight index=\"1\" value=\"1\"",
            "<weight index=\"1\" value=\"-0.5\"",
        ),
    );
    assert_starts(
        &text,
        "a.xml:7:21: error: the weight of issue `Colour` is negative (-0.5)",
    );
}

#[test]
fn weights_must_match_an_issue() {
    let text = error(
        DOMAIN,
        &PROFILE.replace("<weight index=\"1\"", "<weight index=\"7\""),
    );
    assert_starts(
        &text,
        "a.xml:7:11: error: <weight index=\"7\"> matches no <issue index=\"7\">",
    );
    let none = error(
        DOMAIN,
        &PROFILE.replace("  <weight index=\"1\" value=\"1\"/>\n", ""),
    );
    assert_starts(&none, "a.xml:3:3: error: issue `Colour` has no <weight>");
}

#[test]
fn missing_evaluations_are_refused() {
    let text = error(
        DOMAIN,
        &PROFILE.replace(" value=\"blue\" evaluation=\"1\"", " value=\"blue\""),
    );
    assert_starts(
        &text,
        "a.xml:5:5: error: item `blue` of issue `Colour` has no evaluation",
    );
    let missing_item = PROFILE.replace(
        "    <item index=\"2\" value=\"blue\" evaluation=\"1\"/>\n",
        "",
    );
    let text = error(DOMAIN, &missing_item);
    assert_starts(
        &text,
        "a.xml:3:3: error: issue `Colour` has no evaluation for blue",
    );
    let unknown = error(DOMAIN, &PROFILE.replace("value=\"blue\"", "value=\"bleu\""));
    assert_starts(
        &unknown,
        "a.xml:5:21: error: issue `Colour` has no option `bleu` in the domain",
    );
}

#[test]
fn evaluations_must_be_non_negative_numbers_and_not_all_zero() {
    let text = error(
        DOMAIN,
        &PROFILE.replace("evaluation=\"2\"", "evaluation=\"lots\""),
    );
    assert_starts(
        &text,
        "a.xml:4:33: error: `evaluation` of <item> must be a number, found \"lots\"",
    );
    let negative = error(
        DOMAIN,
        &PROFILE.replace("evaluation=\"2\"", "evaluation=\"-2\""),
    );
    assert_starts(
        &negative,
        "a.xml:4:33: error: item `red` of issue `Colour` has a negative evaluation (-2)",
    );
    let zeros = PROFILE
        .replace("evaluation=\"2\"", "evaluation=\"0\"")
        .replace("evaluation=\"1\"", "evaluation=\"0\"");
    assert_starts(
        &error(DOMAIN, &zeros),
        "a.xml:3:3: error: every evaluation of issue `Colour` is 0",
    );
}

#[test]
fn reservation_and_discount_must_lie_in_0_1() {
    let text = error(
        DOMAIN,
        &PROFILE.replace(
            "<reservation value=\"0.2\"/>",
            "<reservation value=\"1.5\"/>",
        ),
    );
    assert_starts(
        &text,
        "a.xml:9:14: error: the reservation value must lie in [0, 1], found 1.5",
    );
    let discount = error(
        DOMAIN,
        &PROFILE.replace(
            "<reservation value=\"0.2\"/>",
            "<discount_factor value=\"2\"/>",
        ),
    );
    assert_starts(
        &discount,
        "a.xml:9:18: error: the discount factor must lie in [0, 1], found 2",
    );
}

#[test]
fn a_negotiation_needs_two_profiles() {
    let only = [Source {
        name: "a.xml",
        text: PROFILE,
    }];
    let err = genius::import(
        &Source {
            name: "d.xml",
            text: DOMAIN,
        },
        &only,
    )
    .unwrap_err();
    assert_starts(
        &err.to_string(),
        "d.xml:1:1: error: a negotiation needs at least two parties, and 1 profile(s) were given",
    );
}

#[test]
fn unsupported_evaluators_are_refused() {
    let domain = "<utility_space>\n<objective name=\"D\">\n  <issue index=\"1\" type=\"real\" name=\"Rate\"><range lowerbound=\"0\" upperbound=\"1\"/></issue>\n</objective>\n</utility_space>\n";
    let profile = "<utility_space>\n<objective name=\"D\">\n  <issue index=\"1\" type=\"real\" name=\"Rate\">\n    <evaluator ftype=\"triangular\" parameter0=\"0\" parameter1=\"1\" parameter2=\"0.5\"/>\n  </issue>\n  <weight index=\"1\" value=\"1\"/>\n</objective>\n</utility_space>\n";
    let text = error(domain, profile);
    assert_starts(
        &text,
        "a.xml:4:16: error: issue `Rate`: evaluator type \"triangular\" is not supported",
    );
}

#[test]
fn an_evaluator_leaving_0_1_is_approximated_with_a_warning() {
    let domain = "<utility_space>\n<objective name=\"D\">\n  <issue index=\"1\" type=\"real\" name=\"Rate\"><range lowerbound=\"0\" upperbound=\"10\"/></issue>\n</objective>\n</utility_space>\n";
    let profile = |offset: &str, slope: &str| {
        format!(
            "<utility_space>\n<objective name=\"D\">\n  <issue index=\"1\" type=\"real\" name=\"Rate\">\n    <evaluator ftype=\"linear\" parameter0=\"{offset}\" parameter1=\"{slope}\"/>\n  </issue>\n  <weight index=\"1\" value=\"1\"/>\n</objective>\n</utility_space>\n"
        )
    };
    // 0.2·x reaches 1 at x = 5 and stays there; 1 − 0.1·x stays inside [0, 1].
    let (steep, falling) = (profile("0", "0.2"), profile("1", "-0.1"));
    let profiles = [
        Source {
            name: "a.xml",
            text: &steep,
        },
        Source {
            name: "b.xml",
            text: &falling,
        },
    ];
    let imported = genius::import(
        &Source {
            name: "d.xml",
            text: domain,
        },
        &profiles,
    )
    .unwrap();
    assert_eq!(imported.warnings.len(), 1);
    assert!(imported.warnings[0].to_string().starts_with(
        "a.xml:4:5: warning: issue `Rate`: the evaluator leaves [0, 1] inside the range"
    ));
}

#[test]
fn garbage_never_panics() {
    for text in [
        "",
        "<",
        "not xml at all",
        "<utility_space/>",
        "<utility_space><objective/></utility_space>",
        "\u{0}\u{1}",
    ] {
        let profiles = [
            Source {
                name: "a.xml",
                text,
            },
            Source {
                name: "b.xml",
                text,
            },
        ];
        assert!(
            genius::import(
                &Source {
                    name: "d.xml",
                    text
                },
                &profiles
            )
            .is_err(),
            "{text:?}"
        );
        assert!(
            genius::import(
                &Source {
                    name: "d.xml",
                    text: DOMAIN
                },
                &profiles
            )
            .is_err(),
            "{text:?}"
        );
    }
}

// ---- Issue 15, item 3: integer issues are imported exactly. ----

const INTEGER_DOMAIN: &str = "<negotiation_template>\n<utility_space>\n<objective index=\"0\" name=\"D\">\n  <issue index=\"1\" type=\"integer\" name=\"X\" lowerbound=\"0\" upperbound=\"10\"/>\n</objective>\n</utility_space>\n</negotiation_template>\n";

fn integer_profile(slope: f64, offset: f64) -> String {
    format!(
        "<utility_space>\n<objective index=\"0\" name=\"D\">\n  <issue index=\"1\" type=\"integer\" name=\"X\" lowerbound=\"0\" upperbound=\"10\">\n    <evaluator ftype=\"linear\" slope=\"{slope}\" offset=\"{offset}\"/>\n  </issue>\n  <weight index=\"1\" value=\"1\"/>\n</objective>\n<reservation value=\"0\"/>\n</utility_space>\n"
    )
}

/// The minimal case of issue 15: one integer issue 0..10, A `slope=0.05
/// offset=0.5` (u_A = 0.5 + 0.05x), B `slope=-0.1 offset=1` (u_B = 1 − 0.1x),
/// reservations 0. GENIUS evaluates these at integers only.
/// Nash: u_A·u_B = (0.5 + 0.05x)(1 − 0.1x) has derivative −0.01x ≤ 0, so the
/// product is largest at x = 0: utilities (0.5, 1.0). (Imported as a continuous
/// issue with A's constant 0.5 moved into a reservation raised to it, zopa gave
/// x = 5, (0.75, 0.5).) KS: ideals 1 and 1 (x = 10 and x = 0 both give the other
/// 0 ≥ 0); the smallest utility is largest where 0.5 + 0.05x = 1 − 0.1x, x = 10/3:
/// among integers x = 3 gives min(0.65, 0.7) = 0.65 and x = 4 min(0.7, 0.6).
#[test]
fn integer_issues_are_imported_option_by_option_as_genius_evaluates_them() {
    let (a, b) = (integer_profile(0.05, 0.5), integer_profile(-0.1, 1.0));
    let profiles = [
        Source {
            name: "a.xml",
            text: &a,
        },
        Source {
            name: "b.xml",
            text: &b,
        },
    ];
    let domain = Source {
        name: "d.xml",
        text: INTEGER_DOMAIN,
    };
    let imported = genius::import(&domain, &profiles).unwrap_or_else(|err| panic!("{err}"));
    let scenario = &imported.scenario;
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    assert!(scenario.issues[0].is_discrete());
    for actor in &scenario.actors {
        assert_eq!(actor.reservation.nominal(), 0.0, "the reservation stays");
    }
    let world = World::nominal(scenario);
    let nash = solve(scenario, ModelKind::Nash);
    assert_eq!(options(scenario, &nash), ["0"]);
    assert_close(world.actors[0].utility(&nash), 0.5, "A at the Nash point");
    assert_close(world.actors[1].utility(&nash), 1.0, "B at the Nash point");
    let ks = solve(scenario, ModelKind::KalaiSmorodinsky);
    assert_eq!(options(scenario, &ks), ["3"]);
    // Every option is valued as GENIUS evaluates it.
    for x in 0..=10 {
        let outcome = [f64::from(x)];
        let a = 0.5 + 0.05 * f64::from(x);
        let b = 1.0 - 0.1 * f64::from(x);
        assert!((world.actors[0].utility(&outcome) - a).abs() < 1e-12);
        assert!((world.actors[1].utility(&outcome) - b).abs() < 1e-12);
    }
    assert!(
        imported
            .text
            .contains("Nash and Kalai-Smorodinsky points equal GENIUS's."),
        "{}",
        imported.text
    );
}

/// GENIUS clamps an integer evaluator to [0, 1]; imported option by option the
/// clamp is exact, so there is nothing to warn about.
#[test]
fn a_clamped_integer_evaluator_is_exact_option_by_option() {
    let (a, b) = (integer_profile(0.2, 0.5), integer_profile(-0.1, 1.0));
    let profiles = [
        Source {
            name: "a.xml",
            text: &a,
        },
        Source {
            name: "b.xml",
            text: &b,
        },
    ];
    let domain = Source {
        name: "d.xml",
        text: INTEGER_DOMAIN,
    };
    let imported = genius::import(&domain, &profiles).unwrap_or_else(|err| panic!("{err}"));
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    let world = World::nominal(&imported.scenario);
    for (x, expected) in [(0.0, 0.5), (2.0, 0.9), (3.0, 1.0), (10.0, 1.0)] {
        assert_close(world.actors[0].utility(&[x]), expected, "clamped value");
    }
}

/// A wide integer range (Salary, 1000..2000: 1001 values) stays continuous, and
/// the header no longer claims GENIUS's Nash and KS points: it says why not.
#[test]
fn the_header_claims_genius_points_only_when_they_hold() {
    let imported = import_fixtures(
        "contract_domain.xml",
        &["contract_employee.xml", "contract_employer.xml"],
    );
    assert!(!imported.text.contains("points equal GENIUS's"));
    assert!(
        imported.text.contains(
            "may differ from GENIUS's, because:\n// - integer issue `Salary` is continuous here"
        ),
        "{}",
        imported.text
    );
    let delivery = import_fixtures(
        "delivery_domain.xml",
        &["delivery_buyer.xml", "delivery_seller.xml"],
    );
    assert!(delivery.text.contains("points equal GENIUS's."));
}

// ---- Issue 15, item 4: the root objective's weight is ignored, as in GENIUS. ----

/// ANAC 2012 Fitness A (unmodified copies from the NegMAS repository, see
/// tests/fixtures/genius/fitness/README.md): each profile gives the root
/// objective `<weight index="1" value="1.0"/>`. It imports, with the five issue
/// weights as saliences and the reservation 0.5 unchanged (the weights sum to 1).
#[test]
fn fitness_imports_ignoring_the_root_objectives_weight() {
    let imported = import_fixtures(
        "fitness/Fitness-A-domain.xml",
        &["fitness/Fitness-A-prof1.xml", "fitness/Fitness-A-prof2.xml"],
    );
    let scenario = &imported.scenario;
    assert_eq!(scenario.issues.len(), 5);
    assert_eq!(scenario.actors.len(), 2);
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    let weights = [
        0.15354168265071755,
        0.04506011216336407,
        0.2981224975326285,
        0.29905439297725833,
        0.20422131467603144,
    ];
    let sum: f64 = weights.iter().sum();
    let reservation = scenario.actors[0].reservation.nominal();
    assert!((reservation - 0.5 / sum).abs() < 1e-12, "{reservation}");
    let world = World::nominal(scenario);
    // prof1 at (tennis, 1hour, ~1km, as training, price 0): every issue at its best.
    let best = [4.0, 1.0, 1.0, 2.0, 0.0];
    assert_close(world.actors[0].utility(&best), 1.0, "prof1's best outcome");
    // The same in the small test profile (objective index 0): a weight with
    // index 0 is the objective's and is ignored; index 7 is still refused
    // (weights_must_match_an_issue).
    let with_root = PROFILE.replace(
        "  <weight index=\"1\"",
        "  <weight index=\"0\" value=\"1\"/>\n  <weight index=\"1\"",
    );
    let profiles = [
        Source {
            name: "a.xml",
            text: &with_root,
        },
        Source {
            name: "b.xml",
            text: PROFILE,
        },
    ];
    let domain = Source {
        name: "d.xml",
        text: DOMAIN,
    };
    assert!(genius::import(&domain, &profiles).is_ok());
}

#[test]
fn the_domain_and_profiles_together_are_held_to_one_imports_limit() {
    // One 6 MiB profile named three times passes the 16 MiB one import may
    // read (160 profiles of 16 MiB once took 2.6 GB): refused at the third.
    let profile = std::fs::read_to_string(fixture("delivery_buyer.xml")).unwrap();
    let padding = format!("<!--{}-->", "x".repeat(6 * 1024 * 1024));
    let fat = profile.replacen("<utility_space>", &format!("<utility_space>{padding}"), 1);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("import-genius-budget");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("fat.xml");
    std::fs::write(&path, fat).unwrap();
    let domain = fixture("delivery_domain.xml");
    let two = import::genius_files(&domain, &[&path, &path]);
    assert!(two.is_ok(), "{:?}", two.err());
    let err = import::genius_files(&domain, &[&path, &path, &path])
        .expect_err("three are over the limit")
        .to_string();
    assert!(
        err.contains(
            "with the domain and 2 profile(s) before it this file passes the 16777216 bytes"
        ),
        "{err}"
    );
}

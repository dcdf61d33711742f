//! Snapshots of `zopa explain`'s narration (insta): what a teacher puts on the
//! screen. Review changes with `cargo insta review`.

use assert_cmd::Command;

fn explain(args: &[&str]) -> String {
    let output = Command::cargo_bin("zopa")
        .unwrap()
        .arg("explain")
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn nash_on_the_mixed_issues_case() {
    insta::assert_snapshot!(explain(&[
        "scenarios/classroom/mixed_issues.ron",
        "--model",
        "nash"
    ]));
}

#[test]
fn compromise_on_the_mixed_issues_case() {
    insta::assert_snapshot!(explain(&[
        "scenarios/classroom/mixed_issues.ron",
        "--model",
        "compromise"
    ]));
}

#[test]
fn kalai_smorodinsky_on_the_curved_frontier() {
    insta::assert_snapshot!(explain(&[
        "scenarios/classroom/nash_vs_ks.ron",
        "--model",
        "kalai-smorodinsky"
    ]));
}

#[test]
fn alternating_offers_on_divide_the_dollar() {
    insta::assert_snapshot!(explain(&[
        "scenarios/classroom/divide_the_dollar.ron",
        "--model",
        "alternating-offers"
    ]));
}

#[test]
fn no_zone_of_agreement_is_explained() {
    let text = explain(&["scenarios/classroom/no_zopa.ron", "--model", "nash"]);
    assert!(text.contains("no zone of possible agreement"), "{text}");
}

#[test]
fn a_trial_is_explained_with_its_own_draw() {
    let text = explain(&["scenarios/ukraine_2026.ron", "--trial", "3", "--seed", "7"]);
    assert!(text.contains("trial 3 of seed 7"), "{text}");
    assert_eq!(
        text,
        explain(&["scenarios/ukraine_2026.ron", "--trial", "3", "--seed", "7"]),
        "the same trial twice"
    );
    assert_ne!(
        text,
        explain(&["scenarios/ukraine_2026.ron", "--trial", "4", "--seed", "7"])
    );
}

#[test]
fn expected_utility_on_the_eu_example() {
    insta::assert_snapshot!(explain(&[
        "scenarios/classroom/eu_expected_utility.ron",
        "--model",
        "expected-utility"
    ]));
}

#[test]
fn scenario_files_name_the_expected_utility_model() {
    let text = std::fs::read_to_string("scenarios/classroom/eu_expected_utility.ron").unwrap();
    let text = text.replacen("model: Compromise", "model: ExpectedUtility(rounds: 3)", 1);
    let scenario = zopa::scenario::parse(&text, "eu.ron").unwrap();
    assert_eq!(
        scenario.model,
        zopa::ModelKind::ExpectedUtility {
            rounds: 3,
            rules: zopa::model::EuRules::Paper,
        }
    );
}

//! What-if analysis: sweeps and sensitivity against closed forms, the checks on
//! paths and values, and byte-identical output at any thread count.
//!
//! The Nash oracle (MODELS.md): splitting a unit pie with u_a = x, u_b = 1 − x,
//! reservations d and powers α gives x* = d_a + α_a/(α_a + α_b)·(1 − d_a − d_b).
//! Tolerance 1e-6 for deterministic runs (the solver's precision; a fixed
//! outcome is reported exactly by the histogram), 1e-3 where a median of many
//! different outcomes is read from a 4096-bin histogram.

use crate::common::uncertain_dollar;
use std::path::Path;
use zopa::ModelKind;
use zopa::report::whatif::{SensitivityFile, SweepFile, sweep_csv, to_json};
use zopa::scenario::{self, Scenario};
use zopa::whatif::sensitivity::sensitivity;
use zopa::whatif::sweep::sweep;
use zopa::whatif::{Hooks, IssueStats, ParamPath, RunStats, Settings, WhatIfError};

fn load(file: &str) -> Scenario {
    scenario::load(Path::new(file)).unwrap_or_else(|err| panic!("{err}"))
}

fn dollar() -> Scenario {
    load("scenarios/classroom/divide_the_dollar.ron")
}

fn settings(scenario: &Scenario, model: Option<ModelKind>, trials: u64) -> Settings {
    Settings::resolve(scenario, model, Some(trials), None)
}

fn median(stats: &RunStats, issue: usize) -> f64 {
    match &stats.issues[issue] {
        IssueStats::Continuous(Some(band)) => band.median,
        other => panic!("no median: {other:?}"),
    }
}

fn run_sweep(scenario: &Scenario, path: &str, values: &[f64], settings: &Settings) -> Vec<f64> {
    let path = ParamPath::parse(scenario, path).unwrap_or_else(|err| panic!("{err}"));
    let result = sweep(scenario, &path, values, settings, &Hooks::default()).unwrap();
    result.points.iter().map(|p| median(&p.stats, 0)).collect()
}

fn assert_all_close(actual: &[f64], expected: &[f64], tolerance: f64) {
    assert_eq!(actual.len(), expected.len());
    for (a, e) in actual.iter().zip(expected) {
        assert!(
            (a - e).abs() < tolerance,
            "expected {expected:?}, got {actual:?}"
        );
    }
}

#[test]
fn a_reservation_sweep_follows_the_nash_closed_form() {
    let scenario = dollar();
    let values = [0.0, 0.1, 0.2, 0.3, 0.4];
    let medians = run_sweep(
        &scenario,
        "actors.a.reservation",
        &values,
        &settings(&scenario, None, 200),
    );
    // x* = d_a + ½(1 − d_a − 0.1) = 0.45 + d_a/2
    let expected: Vec<f64> = values.iter().map(|d| 0.45 + d / 2.0).collect();
    assert_all_close(&medians, &expected, 1e-6);
}

#[test]
fn a_power_sweep_follows_the_asymmetric_nash_closed_form() {
    let scenario = dollar();
    let powers = [0.5, 1.0, 2.0, 3.0];
    let medians = run_sweep(
        &scenario,
        "actors.a.power",
        &powers,
        &settings(&scenario, None, 200),
    );
    let expected: Vec<f64> = powers.iter().map(|a| 0.2 + a / (a + 1.0) * 0.7).collect();
    assert_all_close(&medians, &expected, 1e-6);
}

#[test]
fn a_position_sweep_moves_the_compromise_by_half() {
    // Compromise: the power × salience weighted mean of ideals, (p_a + 0)/2.
    let scenario = dollar();
    let settings = settings(&scenario, Some(ModelKind::Compromise), 100);
    let medians = run_sweep(
        &scenario,
        "actors.a.stances.share_a.position",
        &[0.4, 1.0],
        &settings,
    );
    assert_all_close(&medians, &[0.2, 0.5], 1e-9);
}

#[test]
fn a_proposal_sweep_changes_who_accepts() {
    let scenario = dollar();
    let path = ParamPath::parse(&scenario, "proposals.Even split.share_a").unwrap();
    let result = sweep(
        &scenario,
        &path,
        &[0.15, 0.5, 0.95],
        &settings(&scenario, None, 100),
        &Hooks::default(),
    )
    .unwrap();
    // A needs at least 0.2, B at least 0.1 (x <= 0.9).
    let accepted: Vec<f64> = result.points.iter().map(|p| p.stats.proposals[0]).collect();
    assert_eq!(accepted, vec![0.0, 1.0, 0.0]);
    assert_eq!(result.written, "0.5");
}

#[test]
fn sensitivity_ranks_the_input_that_matters_first() {
    let scenario = uncertain_dollar();
    let result = sensitivity(
        &scenario,
        &settings(&scenario, None, 10_000),
        &Hooks::default(),
    )
    .unwrap();
    let paths: Vec<&str> = result.inputs.iter().map(|i| i.path.as_str()).collect();
    // Fixed numbers (A's power, B's reservation, saliences, positions) are not inputs.
    assert_eq!(paths, vec!["actors.a.reservation", "actors.b.power"]);
    let reservation = &result.inputs[0];
    assert!((reservation.low - 0.12).abs() < 1e-12 && (reservation.high - 0.28).abs() < 1e-12);
    // x = d_a + w(0.9 − d_a), w = 1/(1 + α_b) with median ½: 0.51 at d_a = 0.12, 0.59 at 0.28.
    assert!((median(&reservation.at_low, 0) - 0.51).abs() < 1e-3);
    assert!((median(&reservation.at_high, 0) - 0.59).abs() < 1e-3);
    assert!((reservation.swings[0].unwrap() - 0.08).abs() < 1e-3);
    // With d_a at its median 0.2: x = 0.2 + 0.7 w, α_b from 0.96 to 1.04.
    let power = &result.inputs[1];
    let expected = 0.7 * (1.0 / 1.96 - 1.0 / 2.04);
    assert!(
        (power.swings[0].unwrap() - expected).abs() < 1e-3,
        "{:?}",
        power.swings
    );
    assert_eq!(result.ranking_for(0)[0].path, "actors.a.reservation");
    assert_eq!(result.baseline.agreement_rate, 1.0);
}

/// 501 actors on one issue, each with an uncertain power and reservation:
/// 1,002 uncertain inputs.
fn crowd_of_inputs() -> String {
    let actors: Vec<String> = (0..501)
        .map(|k| {
            format!(
                "Actor(id: \"a{k}\", name: \"A{k}\", power: Uniform(min: 1.0, max: 2.0), \
                 reservation: Uniform(min: 0.0, max: 0.1), veto: {}, \
                 stances: {{\"x\": (position: {}.0, salience: 1.0)}})",
                k < 2,
                k % 2
            )
        })
        .collect();
    format!(
        "Scenario(name: \"Crowd\", issues: [Issue(id: \"x\", name: \"X\", min: 0.0, max: 1.0)], \
         actors: [{}], model: Compromise)",
        actors.join(", ")
    )
}

#[test]
fn sensitivity_refuses_more_inputs_than_its_limit_before_any_run() {
    let scenario = scenario::parse(&crowd_of_inputs(), "crowd.ron").unwrap();
    let err = sensitivity(&scenario, &settings(&scenario, None, 1), &Hooks::default())
        .expect_err("1,002 inputs refused");
    assert!(
        err.to_string()
            .contains("1002 uncertain inputs is too many"),
        "{err}"
    );
    // The command says so before it makes its folder.
    let stderr = sensitivity_refused("too-many-inputs", &crowd_of_inputs());
    assert!(stderr.contains("at most 1000"), "{stderr}");
}

/// `zopa sensitivity --trials 1` on `text`, which must be refused (exit 1)
/// before its output folder is made; what it says, on one line.
fn sensitivity_refused(name: &str, text: &str) -> String {
    let dir = crate::common::fresh_dir("whatif", name);
    let file = dir.with_extension("ron");
    std::fs::create_dir_all(dir.parent().unwrap()).unwrap();
    std::fs::write(&file, text).unwrap();
    let out = crate::common::zopa()
        .args(["sensitivity", "--trials", "1", "--out"])
        .arg(&dir)
        .arg(&file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!dir.exists(), "{name}: the folder was made");
    stderr.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `n` actors on one issue under expected utility, each with an uncertain
/// power: `n` uncertain inputs, `2n + 1` runs of a trial that grows with
/// the square of `n`.
fn crowd_under_expected_utility(n: usize) -> String {
    let actors: Vec<String> = (0..n)
        .map(|k| {
            format!(
                "Actor(id: \"a{k}\", name: \"A{k}\", power: Uniform(min: 1.0, max: 2.0), \
                 reservation: 0.0, veto: {}, \
                 stances: {{\"x\": (position: {}, salience: 1.0)}})",
                k < 2,
                (k * 37 % 101) as f64 / 100.0
            )
        })
        .collect();
    format!(
        "Scenario(name: \"Crowd\", issues: [Issue(id: \"x\", name: \"X\", min: 0.0, max: 1.0)], \
         actors: [{}], model: ExpectedUtility(rounds: 10))",
        actors.join(", ")
    )
}

#[test]
fn sensitivity_refuses_runs_that_take_long_even_at_one_trial_each() {
    // 600 actors: about 0.14 s a trial, 1,201 runs: nearly 3 minutes at
    // --trials 1 (the file, not the command line, sets the number of runs).
    let stderr = sensitivity_refused("slow-analysis", &crowd_under_expected_utility(600));
    assert!(
        stderr.contains("1201 runs (the baseline and two for each of 600 uncertain inputs)")
            && stderr.contains("over zopa's limit of 30 s")
            && stderr.contains("--allow-slow"),
        "{stderr}"
    );
    // A shard small enough is let through the same check (it is not run here).
    let scenario = scenario::parse(&crowd_under_expected_utility(600), "crowd.ron").unwrap();
    let cost = zopa::cost::Cost::of(&scenario, scenario.model);
    assert!(cost.analysis_refusal(21, "a shard", "", false).is_none());
    assert!(cost.analysis_refusal(1201, "all", "", false).is_some());
    assert!(cost.analysis_refusal(1201, "all", "", true).is_none());
}

#[test]
fn a_scenario_without_uncertainty_has_nothing_to_rank() {
    let scenario = dollar();
    let result = sensitivity(
        &scenario,
        &settings(&scenario, None, 100),
        &Hooks::default(),
    )
    .unwrap();
    assert!(result.inputs.is_empty());
    assert!((median(&result.baseline, 0) - 0.55).abs() < 1e-6);
}

fn error(scenario: &Scenario, path: &str, value: f64) -> String {
    let parsed = ParamPath::parse(scenario, path);
    let err: WhatIfError = match parsed {
        Ok(path) => path.set(scenario, value).map(|_| ()).unwrap_err(),
        Err(err) => err,
    };
    err.to_string()
}

fn assert_contains(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "{part:?} not in:\n{text}");
    }
}

#[test]
fn unknown_path_segments_list_the_choices() {
    let scenario = load("scenarios/ukraine_2026.ron");
    let e = |path| error(&scenario, path, 0.5);
    assert_contains(
        &e("actors.rusia.power"),
        &[
            "unknown actor `rusia` in `actors.rusia.power`",
            "did you mean `russia`?",
            "ukraine, russia, united_states, europe",
        ],
    );
    assert_contains(
        &e("actors.russia.powr"),
        &["unknown actor field `powr`", "did you mean `power`?"],
    );
    assert_contains(
        &e("actor.russia.power"),
        &["unknown section `actor`", "did you mean `actors`?"],
    );
    assert_contains(
        &e("actors.russia.stances.troops.salience"),
        &[
            "unknown issue `troops`",
            "territory, neutrality, troop_presence",
        ],
    );
    assert_contains(
        &e("actors.russia.stances.troop_presence.weight"),
        &["unknown stance field `weight`", "salience, position"],
    );
    assert_contains(
        &e("actors.russia"),
        &[
            "`actors.russia` is incomplete: the actor field is missing",
            "power, reservation, patience, stances",
        ],
    );
    assert_contains(
        &e("actors.russia.power.mean"),
        &["goes on after a number, at `mean`"],
    );
    assert_contains(
        &e("actors.russia.stances.znpp_control.position"),
        &["`znpp_control` is a discrete issue"],
    );
    assert_contains(
        &e("proposals.28-point plan.znpp_control"),
        &["`znpp_control` is a discrete issue"],
    );
    assert_contains(
        &e("proposals.29-point plan.territory"),
        &[
            "unknown proposal `29-point plan`",
            "did you mean `28-point plan`?",
        ],
    );
}

#[test]
fn out_of_range_values_are_rejected_by_the_scenario_rules() {
    let scenario = load("scenarios/ukraine_2026.ron");
    assert_contains(
        &error(&scenario, "actors.ukraine.reservation", 1.5),
        &[
            "cannot set actors.ukraine.reservation to 1.5",
            "reservation must lie in [0, 1], found 1.5",
        ],
    );
    assert_contains(
        &error(
            &scenario,
            "actors.russia.stances.troop_presence.salience",
            -0.1,
        ),
        &["salience must lie in [0, 1e12], found -0.1"],
    );
    assert_contains(
        &error(
            &scenario,
            "actors.ukraine.stances.army_cap.position",
            1200.0,
        ),
        &["position must lie in [400, 1000], found 1200"],
    );
    assert_contains(
        &error(&scenario, "actors.ukraine.patience", 0.0),
        &["patience must lie in (0, 1]"],
    );
    // Russia's red line on territory is (max: 0.5): its own position must stay inside.
    assert_contains(
        &error(&scenario, "actors.russia.stances.territory.position", 0.8),
        &["excludes the actor's own position 0.8"],
    );
    assert_contains(
        &error(&scenario, "proposals.20-point plan.army_cap", 300.0),
        &["must lie in [400, 1000], found 300"],
    );
    let path = ParamPath::parse(&scenario, "actors.ukraine.reservation").unwrap();
    assert!(
        sweep(
            &scenario,
            &path,
            &[],
            &settings(&scenario, None, 10),
            &Hooks::default()
        )
        .is_err()
    );
}

#[test]
fn setting_a_value_changes_that_number_and_nothing_else() {
    for (file, path, value) in [
        (
            "scenarios/ukraine_2026.ron",
            "actors.ukraine.reservation",
            0.5,
        ),
        (
            "scenarios/ukraine_2026.ron",
            "actors.europe.stances.army_cap.position",
            850.0,
        ),
        (
            "scenarios/classroom/mixed_issues.ron",
            "actors.seller.reservation",
            0.2,
        ),
    ] {
        let scenario = load(file);
        let path = ParamPath::parse(&scenario, path).unwrap();
        let checked = path.set(&scenario, value).unwrap();
        assert_eq!(
            format!("{checked:?}"),
            format!("{:?}", path.fixed_at(&scenario, value))
        );
    }
}

#[test]
fn outputs_are_byte_identical_at_any_thread_count() {
    let flagship = load("scenarios/ukraine_2026.ron");
    let path =
        ParamPath::parse(&flagship, "actors.russia.stances.troop_presence.salience").unwrap();
    let sweep_settings = settings(&flagship, None, 5000);
    let small = uncertain_dollar();
    let small_settings = settings(&small, None, 5000);
    let outputs = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let swept = sweep(
                &flagship,
                &path,
                &[0.2, 0.9],
                &sweep_settings,
                &Hooks::default(),
            )
            .unwrap();
            let ranked = sensitivity(&small, &small_settings, &Hooks::default()).unwrap();
            (
                to_json(&SweepFile::new(&flagship, &swept)),
                sweep_csv(&flagship, &swept),
                to_json(&SensitivityFile::new(&small, &ranked)),
            )
        })
    };
    let one = outputs(1);
    assert_eq!(one, outputs(4));
    assert!(
        one.0
            .contains("\"parameter\": \"actors.russia.stances.troop_presence.salience\"")
    );
    assert!(
        one.1
            .starts_with("value,agreement_rate,zopa_rate,territory_p25,"),
        "{}",
        one.1
    );
}

#[test]
fn a_cancelled_analysis_stops() {
    let scenario = uncertain_dollar();
    let cancel = std::sync::atomic::AtomicBool::new(true);
    let hooks = Hooks {
        cancel: Some(&cancel),
        ..Hooks::default()
    };
    let err = sensitivity(&scenario, &settings(&scenario, None, 100), &hooks).unwrap_err();
    assert_eq!(err, WhatIfError::Interrupted);
}

#[test]
fn paths_are_labelled_with_the_scenarios_names() {
    let scenario = load("scenarios/ukraine_2026.ron");
    for (path, label) in [
        ("actors.ukraine.reservation", "Ukraine · reservation"),
        ("actors.russia.power", "Russia · power"),
        (
            "actors.russia.stances.troop_presence.salience",
            "Russia · Foreign troops in Ukraine · salience",
        ),
        (
            "actors.europe.stances.army_cap.position",
            "Europe (EU, UK, Coalition of the Willing) · Ukrainian peacetime army cap · ideal position",
        ),
        (
            "proposals.20-point plan.army_cap",
            "20-point plan · Ukrainian peacetime army cap",
        ),
    ] {
        let parsed = ParamPath::parse(&scenario, path).unwrap();
        assert_eq!(parsed.label(&scenario), label);
    }
    // The files carry the label beside the path.
    let path = ParamPath::parse(&scenario, "actors.ukraine.reservation").unwrap();
    let result = sweep(
        &scenario,
        &path,
        &[0.5],
        &settings(&scenario, None, 50),
        &Hooks::default(),
    )
    .unwrap();
    let file = SweepFile::new(&scenario, &result);
    assert_eq!(file.parameter, "actors.ukraine.reservation");
    assert_eq!(file.parameter_label, "Ukraine · reservation");
    assert_eq!(
        file.points[0].agreements,
        Some((file.points[0].agreement_rate * 50.0).round() as u64)
    );
}

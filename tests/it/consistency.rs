//! Result files that parse but cannot be what zopa wrote (hand-edited or
//! damaged) are refused when read, naming the field and what is wrong: one
//! test per class of inconsistency, each starting from a file zopa wrote and
//! changing one thing. The files zopa writes pass the same checks.

use crate::common::{fresh_dir, summary_of, zopa};
use serde_json::{Value, json};
use std::path::Path;
use zopa::ModelKind;
use zopa::backtest::file::BacktestFile;
use zopa::report::compare_file::CompareFile;
use zopa::report::negotiation::NegotiationFile;
use zopa::report::whatif::{SensitivityFile, SweepFile};
use zopa::summary::Summary;

const UKRAINE: &str = "scenarios/ukraine_2026.ron";

/// The Ukraine summary (continuous and discrete issues, zones, proposals).
fn ukraine() -> Value {
    serde_json::to_value(summary_of(UKRAINE, None, 300)).unwrap()
}

/// The message for `json` read as a summary.json; panics if it is accepted.
fn refused(json: &Value) -> String {
    match Summary::parse(&json.to_string()) {
        Ok(_) => panic!("an inconsistent summary was accepted"),
        Err(err) => err.to_string(),
    }
}

/// Asserts that the message names `field` and says `problem`, with the help.
fn says(message: &str, field: &str, problem: &str) {
    assert!(
        message.starts_with(&format!("`{field}` ")),
        "names `{field}` first: {message}"
    );
    assert!(message.contains(problem), "says {problem:?}: {message}");
    assert!(
        message.contains("help: zopa never writes this") && message.contains("`zopa run`"),
        "says how to rebuild it: {message}"
    );
}

#[test]
fn every_summary_zopa_writes_passes_its_own_check() {
    let mut scenarios: Vec<_> = std::fs::read_dir("scenarios/classroom")
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "ron"))
        .collect();
    scenarios.sort();
    scenarios.push(UKRAINE.into());
    scenarios.push("scenarios/ukraine_2026_linear.ron".into());
    for path in &scenarios {
        let path = path.to_str().unwrap();
        // summary_of reads each summary back through Summary::parse.
        summary_of(path, None, 200);
        for kind in ["compromise", "nash", "alternating-offers"] {
            let kind = ModelKind::from_cli_name(kind).unwrap();
            summary_of(path, Some(kind), 100);
        }
    }
}

#[test]
fn counts_that_do_not_add_up_to_the_trials_are_refused() {
    let mut json = ukraine();
    json["issues"]["territory"]["agreements"] = json!(301);
    says(
        &refused(&json),
        "issues.territory.agreements",
        "counts 301 agreements in a run of 300 trials",
    );

    let mut json = ukraine();
    let rate = json["agreement_rate"].as_f64().unwrap();
    json["agreement_rate"] = json!(rate / 2.0);
    says(
        &refused(&json),
        "issues.territory.agreements",
        "every agreement settles every issue",
    );

    let mut json = ukraine();
    json["issues"]["territory"]["density"][10] = json!(1000);
    says(
        &refused(&json),
        "issues.territory.density",
        "each in one bin",
    );

    let mut json = ukraine();
    json["zones"][0]["counts"][0] = json!(json["zones"][0]["counts"][0].as_u64().unwrap() + 1);
    says(&refused(&json), "zones[0].counts", "each in one cell");

    let mut json = ukraine();
    json["trials"] = json!(0);
    says(&refused(&json), "trials", "is 0");
}

#[test]
fn shares_above_one_or_not_adding_up_are_refused() {
    let mut json = ukraine();
    json["zopa_rate"] = json!(1.25);
    says(&refused(&json), "zopa_rate", "is 1.25, but it is a share");

    let mut json = ukraine();
    json["proposals"]["Russia's terms"]["acceptance"]["europe"] = json!(3.0);
    says(
        &refused(&json),
        r#"proposals["Russia's terms"].acceptance.europe"#,
        "is 3, but it is a share",
    );

    let mut json = ukraine();
    json["issues"]["znpp_control"]["shares"]["Russia"] = json!(0.5);
    says(
        &refused(&json),
        "issues.znpp_control.shares",
        "every agreement picks one option",
    );

    // Every veto actor accepting cannot be likelier than one of them accepting.
    let mut json = ukraine();
    json["proposals"]["28-point plan"]["acceptance"]["ukraine"] = json!(0.0);
    json["proposals"]["28-point plan"]["p_all_veto_accept"] = json!(0.5);
    says(
        &refused(&json),
        r#"proposals["28-point plan"].p_all_veto_accept"#,
        "veto actor `ukraine` alone accepts",
    );
}

#[test]
fn quantiles_out_of_order_or_outside_the_range_are_refused() {
    let mut json = ukraine();
    let p75 = json["issues"]["army_cap"]["p75"].as_f64().unwrap();
    json["issues"]["army_cap"]["p25"] = json!(p75 + 10.0);
    says(
        &refused(&json),
        "issues.army_cap.p50",
        "quantiles rise from p05 to p95",
    );

    let mut json = ukraine();
    json["issues"]["army_cap"]["p95"] = json!(1200.0);
    says(
        &refused(&json),
        "issues.army_cap.p95",
        "is 1200, outside the issue's range 400 – 1000",
    );

    let mut json = ukraine();
    json["issues"]["army_cap"]["range"] = json!([1000.0, 400.0]);
    says(
        &refused(&json),
        "issues.army_cap.range",
        "runs from 1000 down to 400",
    );

    let mut json = ukraine();
    json["actors"]["russia"]["utility"]["p95"] = json!(1.5);
    says(
        &refused(&json),
        "actors.russia.utility.p95",
        "utilities run from 0 to 1",
    );

    let mut json = ukraine();
    json["issues"]["army_cap"]["p50"] = Value::Null;
    says(&refused(&json), "issues.army_cap.p50", "is missing");
}

#[test]
fn arrays_and_maps_of_the_wrong_size_or_keys_are_refused() {
    let mut json = ukraine();
    json["issues"]["territory"]["density"]
        .as_array_mut()
        .unwrap()
        .pop();
    says(
        &refused(&json),
        "issues.territory.density",
        "has 63 bins where a run writes 64",
    );

    let mut json = ukraine();
    json["zones"][1]["counts"].as_array_mut().unwrap().pop();
    says(
        &refused(&json),
        "zones[1].counts",
        "has 1599 cells, but a grid of 40 × 40 bins has 1600",
    );

    let mut json = ukraine();
    json["zones"][0]["levels"]["80"] = json!(1);
    says(
        &refused(&json),
        "zones[0].levels",
        "are not the thresholds the grid's counts give",
    );

    let mut json = ukraine();
    json["issues"]["znpp_control"]["shares"]
        .as_object_mut()
        .unwrap()
        .remove("Trilateral");
    says(
        &refused(&json),
        "issues.znpp_control.shares",
        "lacks `Trilateral`",
    );

    let mut json = ukraine();
    json["proposals"]["20-point plan"]["acceptance"]
        .as_object_mut()
        .unwrap()
        .remove("russia");
    says(
        &refused(&json),
        r#"proposals["20-point plan"].acceptance"#,
        "lacks `russia`",
    );

    let mut json = ukraine();
    json["charts"]["utilities"][1] = json!("china");
    says(
        &refused(&json),
        "charts.utilities[1]",
        "names `china`, which is not among the actors",
    );

    let mut json = ukraine();
    json["actors"]["ukraine"]["ideal"]["znpp_control"] = json!("Moon");
    says(
        &refused(&json),
        "actors.ukraine.ideal.znpp_control",
        "is `Moon`, which is not one of the issue's options",
    );
}

#[test]
fn more_than_a_run_writes_is_refused() {
    // Charts, tables and the report grow with these: a crafted summary whose
    // names were 30 million characters long took 29 s and 1.4 GB to draw.
    let mut json = ukraine();
    json["scenario"] = json!("S".repeat(201));
    says(&refused(&json), "scenario", "is longer than 200 characters");

    let mut json = ukraine();
    json["issues"]["territory"]["low"] = json!("line\u{1b}[2J");
    says(
        &refused(&json),
        "issues.territory.low",
        "is not text a run writes",
    );

    let mut json = ukraine();
    json["proposals"]["20-point plan"]["description"] = json!("d".repeat(10_001));
    says(
        &refused(&json),
        r#"proposals["20-point plan"].description"#,
        "is longer than 10000 characters",
    );

    let mut json = ukraine();
    let plan = json["proposals"]["20-point plan"].clone();
    let point = json["utilities"]["proposals"]["20-point plan"].clone();
    for k in 0..100 {
        json["proposals"][format!("p{k}")] = plan.clone();
        json["utilities"]["proposals"][format!("p{k}")] = point.clone();
    }
    says(
        &refused(&json),
        "proposals",
        "holds 104 proposals, more than the 100 a run writes",
    );

    let mut json = ukraine();
    let frontier = json["utilities"]["frontier"].as_array().unwrap().clone();
    let last = frontier.last().unwrap().clone();
    json["utilities"]["frontier"] = json!(vec![last; 2_001]);
    says(
        &refused(&json),
        "utilities.frontier",
        "holds 2001 points, more than the 2000 a run writes",
    );

    // A frontier left out as too costly has no points.
    let mut json = ukraine();
    assert!(json["utilities"].get("frontier_left_out").is_none());
    json["utilities"]["frontier_left_out"] = json!(true);
    says(
        &refused(&json),
        "utilities.frontier_left_out",
        "a frontier left out has none",
    );
}

#[test]
fn rounds_that_do_not_add_up_are_refused() {
    let summary = summary_of(
        "scenarios/classroom/boulware_vs_conceder.ron",
        ModelKind::from_cli_name("alternating-offers"),
        200,
    );
    let mut json = serde_json::to_value(summary).unwrap();
    assert!(
        json["rounds"].is_object(),
        "alternating offers report rounds"
    );
    let played = json["rounds"]["distribution"].as_array().unwrap().len();
    json["rounds"]["agreement_by_round"][played - 1] = json!(1.0);
    json["rounds"]["distribution"][played - 1] = json!(0.5);
    says(
        &refused(&json),
        &format!("rounds.agreement_by_round[{}]", played - 1),
        &format!("is 1, above the 0.5 of trials that ended in round {played}"),
    );
}

#[test]
fn negative_counts_and_non_numbers_are_refused_with_line_and_column() {
    // JSON has no NaN or infinity, and counts are unsigned: the layout
    // itself refuses these, with the place in the file.
    let text = summary_of(UKRAINE, None, 300).to_json();
    let negative = text.replacen("\"agreements\": ", "\"agreements\": -", 1);
    let err = Summary::parse(&negative).unwrap_err().to_string();
    assert!(err.starts_with("line "), "{err}");
    assert!(err.contains("invalid value: integer `-"), "{err}");
    for not_a_number in ["NaN", "Infinity", "1e999", "null"] {
        let changed = text.replacen(
            "\"zopa_rate\": ",
            &format!("\"zopa_rate\": {not_a_number}, \"x\": "),
            1,
        );
        let err = Summary::parse(&changed).unwrap_err().to_string();
        assert!(err.starts_with("line "), "{not_a_number}: {err}");
    }
}

/// A compare.json of two models on the Ukraine scenario.
fn compare_json(dir: &Path) -> Value {
    zopa()
        .args([
            "compare",
            UKRAINE,
            "--models",
            "compromise,nash",
            "--trials",
            "100",
            "--quiet",
            "--out",
        ])
        .arg(dir)
        .assert()
        .success();
    serde_json::from_str(&std::fs::read_to_string(dir.join("compare.json")).unwrap()).unwrap()
}

#[test]
fn a_compare_file_checks_each_model_and_their_common_trials() {
    let json = compare_json(&fresh_dir("consistency", "compare"));
    CompareFile::parse(&json.to_string()).expect("zopa's own compare.json reads");

    let mut changed = json.clone();
    changed["models"][1]["summary"]["trials"] = json!(99);
    let err = CompareFile::parse(&changed.to_string()).unwrap_err();
    assert!(
        err.starts_with("`models[1].summary.trials` is 99, but `trials_per_run` is 100"),
        "{err}"
    );
    assert!(err.contains("run `zopa compare` again"), "{err}");

    let mut changed = json;
    changed["models"][0]["summary"]["issues"]["sanctions"]["p05"] = json!(2.0);
    let err = CompareFile::parse(&changed.to_string()).unwrap_err();
    assert!(
        err.starts_with("`models[0].summary.issues.sanctions.p05` is 2, outside"),
        "{err}"
    );
}

#[test]
fn sweep_and_sensitivity_files_are_checked() {
    let dir = fresh_dir("consistency", "whatif");
    zopa()
        .args([
            "sweep",
            "scenarios/classroom/mixed_issues.ron",
            "--param",
            "actors.buyer.reservation",
        ])
        .args(["--values", "0,0.5,1", "--trials", "100", "--quiet", "--out"])
        .arg(&dir)
        .assert()
        .success();
    zopa()
        .args([
            "sensitivity",
            UKRAINE,
            "--trials",
            "100",
            "--quiet",
            "--out",
        ])
        .arg(&dir)
        .assert()
        .success();
    let read = |name: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(dir.join(name)).unwrap()).unwrap()
    };
    let sweep = read("sweep.json");
    SweepFile::parse(&sweep.to_string()).expect("zopa's own sweep.json reads");
    // The last point (reservation 1) has no deal; the first has.
    assert_eq!(sweep["points"][2]["agreements"], json!(0));

    let refused_sweep = |json: &Value| SweepFile::parse(&json.to_string()).unwrap_err().to_string();
    let mut changed = sweep.clone();
    changed["points"][0]["agreement_rate"] = json!(1.5);
    let err = refused_sweep(&changed);
    assert!(
        err.starts_with("`points[0].agreement_rate` is 1.5, but"),
        "{err}"
    );
    assert!(err.contains("run `zopa sweep` again"), "{err}");

    let mut changed = sweep.clone();
    changed["points"][0]["issues"]["delivery"]["modal"] = json!("4 weeks");
    changed["points"][0]["issues"]["delivery"]["shares"] =
        json!({"1 week": 0.9, "2 weeks": 0.1, "4 weeks": 0.0});
    let err = refused_sweep(&changed);
    assert!(err.starts_with("`points[0].issues.delivery.modal` is `4 weeks` with 0 of the agreements, but another option has 0.9"), "{err}");

    let mut changed = sweep;
    changed["points"][2]["issues"]["price"] = json!({"p25": 150.0, "p50": 150.0, "p75": 150.0});
    let err = refused_sweep(&changed);
    assert!(
        err.starts_with("`points[2].issues.price` is a band, but the run had no agreements"),
        "{err}"
    );

    let sensitivity = read("sensitivity.json");
    SensitivityFile::parse(&sensitivity.to_string()).expect("zopa's own sensitivity.json reads");
    let refused_sensitivity = |json: &Value| {
        SensitivityFile::parse(&json.to_string())
            .unwrap_err()
            .to_string()
    };
    let mut changed = sensitivity.clone();
    let swing = changed["inputs"][0]["issues"]["territory"]["swing"]
        .as_f64()
        .unwrap();
    changed["inputs"][0]["issues"]["territory"]["swing"] = json!(swing + 0.25);
    let err = refused_sensitivity(&changed);
    assert!(
        err.starts_with("`inputs[0].issues.territory.swing` is"),
        "{err}"
    );
    assert!(
        err.contains("but the results at the two ends give"),
        "{err}"
    );

    let mut changed = sensitivity;
    changed["inputs"].as_array_mut().unwrap().reverse();
    let err = refused_sensitivity(&changed);
    assert!(
        err.contains("inputs are listed highest score first"),
        "{err}"
    );
}

#[test]
fn backtest_and_negotiation_files_are_checked() {
    let dir = fresh_dir("consistency", "explain");
    zopa()
        .args([
            "explain",
            "scenarios/classroom/boulware_vs_conceder.ron",
            "--chart",
        ])
        .arg(&dir)
        .assert()
        .success();
    let text = std::fs::read_to_string(dir.join("negotiation.json")).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    NegotiationFile::parse(&text).expect("zopa's own negotiation.json reads");
    let mut changed = json.clone();
    changed["rounds"][0]["accepted"] = json!(true);
    let err = NegotiationFile::parse(&changed.to_string()).unwrap_err();
    assert!(
        err.starts_with("`rounds[0].accepted` is true, but an accepted offer ends the talks"),
        "{err}"
    );
    let mut changed = json;
    changed["rounds"][0]["utilities"] = json!([1.4, 0.2]);
    let err = NegotiationFile::parse(&changed.to_string()).unwrap_err();
    assert!(
        err.starts_with("`rounds[0].utilities[0]` is 1.4, but utilities run from 0 to 1"),
        "{err}"
    );

    let mut backtest: Value = json!({
        "zopa_version": "0", "n": 10, "default": "compromise", "trials": 10, "seed": null,
        "calibration": "", "method": "",
        "models": {"compromise": {"n": 9, "no_agreement": 1, "mae": 0.2, "median_ae": 0.1,
            "mae_ci95": [0.1, 0.3], "coverage": {"50": 0.5, "90": 0.9},
            "coverage_inputs_only": {"50": 0.4}}}
    });
    BacktestFile::parse(&backtest.to_string()).expect("a consistent backtest.json reads");
    backtest["models"]["compromise"]["mae"] = json!(-0.2);
    let err = BacktestFile::parse(&backtest.to_string()).unwrap_err();
    assert!(
        err.starts_with("`models.compromise.mae` is -0.2, below 0"),
        "{err}"
    );
    backtest["models"]["compromise"]["mae"] = json!(0.2);
    backtest["models"]["compromise"]["coverage"]["90"] = json!(1.9);
    let err = BacktestFile::parse(&backtest.to_string()).unwrap_err();
    assert!(
        err.starts_with("`models.compromise.coverage[\"90\"]` is 1.9, but it is a share"),
        "{err}"
    );
}

#[test]
fn plot_refuses_an_inconsistent_summary_naming_file_and_field_and_writes_nothing() {
    let out = fresh_dir("consistency", "plot");
    zopa()
        .args([
            "run",
            "scenarios/classroom/mixed_issues.ron",
            "--trials",
            "200",
            "--quiet",
            "--format",
            "svg",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let path = out.join("summary.json");
    let mut json: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    json["issues"]["delivery"]["shares"]["1 week"] = json!(1.7);
    std::fs::write(&path, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    let report = std::fs::read(out.join("report.md")).unwrap();
    let charts = fresh_dir("consistency", "plot-charts");
    for args in [
        vec![],
        vec!["--out".to_string(), charts.display().to_string()],
    ] {
        let assert = zopa().arg("plot").arg(&path).args(&args).assert().failure();
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
        let expected = format!(
            "{}: `issues.delivery.shares[\"1 week\"]` is 1.7, but it is a share",
            path.display()
        );
        assert!(
            stderr.contains(&expected),
            "names the file and the field: {stderr}"
        );
        assert!(stderr.contains("help: zopa never writes this"), "{stderr}");
    }
    assert_eq!(
        std::fs::read(out.join("report.md")).unwrap(),
        report,
        "the report is untouched"
    );
    assert!(!charts.exists(), "no chart folder is made");
}

//! `zopa compare`: several models on the same trials. The library result
//! matches separate runs trial for trial; the JSON, table, CSV and chart agree;
//! the command writes its files, rejects bad model lists and is reproducible
//! at any thread count.

use crate::common::{svg_texts, uncertain_dollar, zopa};
use assert_cmd::Command;
use std::path::{Path, PathBuf};
use zopa::ModelKind;
use zopa::model::{self, AlternatingOffers, Behaviour, Proposer};
use zopa::montecarlo::{self, Controls};
use zopa::report::charts::registry::CompareChart;
use zopa::report::charts::{self, Chart, PNG_SCALE};
use zopa::report::compare_file::{CompareFile, compare_csv, compare_text};
use zopa::scenario::{self, Scenario};
use zopa::summary::{RunInfo, Summary};
use zopa::whatif::compare::{compare, model_label};
use zopa::whatif::{Hooks, WhatIfError};

fn mixed() -> Scenario {
    scenario::load(Path::new("scenarios/classroom/mixed_issues.ron"))
        .unwrap_or_else(|err| panic!("{err}"))
}

const STATIC: [ModelKind; 3] = [
    ModelKind::Nash,
    ModelKind::Compromise,
    ModelKind::KalaiSmorodinsky,
];

#[test]
fn each_model_sees_the_same_trials_as_its_own_run() {
    let scenario = uncertain_dollar();
    let result = compare(&scenario, &STATIC, 400, 11, &Hooks::default()).unwrap();
    assert_eq!(result.runs.len(), 3);
    for (run, kind) in result.runs.iter().zip(STATIC) {
        assert_eq!(run.kind, kind);
        let alone = montecarlo::run(
            &scenario,
            model::build(kind).as_ref(),
            400,
            11,
            Controls::default(),
        )
        .unwrap();
        let info = RunInfo {
            model: kind.cli_name().to_string(),
            trials: 400,
            seed: 11,
            elapsed_seconds: 0.0,
            threads: None,
            load_average: None,
        };
        let alone = Summary::without_charts(&scenario, &info, &alone);
        assert_eq!(run.summary, alone, "{}", run.label);
    }
    // Nash and KS differ on divide the dollar with unequal reservations.
    assert_ne!(result.runs[0].summary.issues, result.runs[2].summary.issues);
}

#[test]
fn a_model_list_must_be_short_and_without_repeats() {
    let scenario = uncertain_dollar();
    let hooks = Hooks::default();
    let err = compare(&scenario, &[], 10, 1, &hooks).unwrap_err();
    assert!(err.to_string().contains("no models"), "{err}");
    let twice = [ModelKind::Nash, ModelKind::Compromise, ModelKind::Nash];
    let err = compare(&scenario, &twice, 10, 1, &hooks).unwrap_err();
    assert!(err.to_string().contains("`nash` is listed twice"), "{err}");
    let many = [ModelKind::Nash; 11];
    assert!(matches!(
        compare(&scenario, &many, 10, 1, &hooks),
        Err(WhatIfError::Invalid { .. })
    ));
}

#[test]
fn labels_name_the_parameters_that_differ_from_the_defaults() {
    let scenario = uncertain_dollar();
    assert_eq!(model_label(&scenario, ModelKind::Nash), "nash");
    let default = ModelKind::AlternatingOffers(AlternatingOffers::default());
    assert_eq!(model_label(&scenario, default), "alternating-offers");
    let tuned = ModelKind::AlternatingOffers(AlternatingOffers {
        behaviour: Behaviour::TimeDependent { e: 0.2 },
        proposer: Proposer::Random,
        breakdown: 0.02,
        max_rounds: 30,
        first: 0,
    });
    assert_eq!(
        model_label(&scenario, tuned),
        "alternating-offers (time-dependent e 0.2, random proposer, breakdown 0.02, 30 rounds)"
    );
    assert_eq!(
        model_label(
            &scenario,
            ModelKind::ExpectedUtility {
                rounds: 4,
                rules: zopa::model::EuRules::Paper,
            }
        ),
        "expected-utility (4 rounds)"
    );
}

/// compare.json for the mixed-issues classroom case, read back.
fn mixed_comparison() -> CompareFile {
    let scenario = mixed();
    let result = compare(&scenario, &STATIC, 300, 5, &Hooks::default()).unwrap();
    let file = CompareFile::new(&scenario, result);
    let read_back = CompareFile::parse(&file.to_json()).unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(read_back, file, "compare.json reads back as written");
    file
}

#[test]
fn the_json_table_and_csv_hold_every_model_and_issue() {
    let file = mixed_comparison();
    assert_eq!(file.models.len(), 3);
    assert_eq!(file.trials_per_run, 300);
    let labels: Vec<&str> = file.models.iter().map(|m| m.label.as_str()).collect();
    assert_eq!(labels, ["nash", "compromise", "kalai-smorodinsky"]);
    // The summaries keep statistics but leave out the heavy chart inputs.
    for entry in &file.models {
        assert!(entry.summary.zones.is_none());
        assert!(entry.summary.utilities.is_none());
        assert!(entry.summary.issues.values().all(|i| i.density.is_none()));
    }
    let text = compare_text(&file, None);
    for needle in [
        "nash",
        "kalai-smorodinsky",
        "Delivery time",
        "2 weeks",
        "Median",
    ] {
        assert!(text.contains(needle), "`{needle}` missing:\n{text}");
    }
    let csv = compare_csv(&file);
    let issues = file.issues().count();
    assert_eq!(csv.lines().count(), 1 + 3 * issues, "{csv}");
    assert!(csv.starts_with("model,label,agreement_rate,zopa_rate,issue,"));
    // A continuous issue's median in the CSV is the summary's.
    let (id, _) = file.issues().find(|(_, i)| i.range.is_some()).unwrap();
    let p50 = file.models[0].summary.issues[id].p50.unwrap();
    let row = csv
        .lines()
        .find(|line| line.starts_with("nash,") && line.contains(&format!(",{id},")))
        .unwrap();
    assert_eq!(row.split(',').nth(9).unwrap(), p50.to_string(), "{row}");
}

#[test]
fn the_chart_shows_every_model_issue_and_actor() {
    let file = mixed_comparison();
    let svg = charts::svg(&CompareChart, &file).unwrap();
    // Text asks for the bundled font first, the one its layout was measured with.
    assert!(svg.contains("font-family=\"DejaVu Sans, Verdana, sans-serif\""));
    let text = svg_texts(&svg).join("\n");
    let mut labels = vec![
        "Models compared".to_string(),
        "Chance of agreement".into(),
        "nash".into(),
        "compromise".into(),
        "kalai-smorodinsky".into(),
        "300 trials each".into(),
    ];
    labels.extend(file.issues().map(|(_, issue)| issue.title().to_string()));
    labels.extend(
        file.models[0]
            .summary
            .actors
            .values()
            .map(|a| format!("{} wants", a.title())),
    );
    for label in &labels {
        assert!(text.contains(label.as_str()), "`{label}` missing");
    }
    let png = charts::render(&CompareChart, &file, charts::Format::Png).unwrap();
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).unwrap();
    assert_eq!(
        (pixmap.width(), pixmap.height()),
        (
            (CompareChart.size(&file).0 as f32 * PNG_SCALE) as u32,
            (CompareChart.size(&file).1 as f32 * PNG_SCALE) as u32
        )
    );
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn compare_command(out: &Path, threads: &str) -> Command {
    let mut command = zopa();
    command.args([
        "compare",
        "scenarios/classroom/nash_vs_ks.ron",
        "--models",
        "scenario,compromise,kalai-smorodinsky",
        "--trials",
        "500",
        "--threads",
        threads,
        "--quiet",
        "--out",
    ]);
    command.arg(out);
    command
}

#[test]
fn the_command_writes_its_files_and_prints_the_table() {
    let out = scratch("compare_files");
    let output = compare_command(&out, "2").output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("3 models · 500 trials each"), "{stdout}");
    assert!(stdout.contains("90% interval"), "{stdout}");
    for name in ["compare.json", "compare.csv", "compare.svg", "compare.png"] {
        assert!(out.join(name).is_file(), "{name} missing");
    }
    // Reproducible: the same at one thread.
    let again = scratch("compare_files_one_thread");
    compare_command(&again, "1").assert().success();
    assert_eq!(
        std::fs::read(out.join("compare.json")).unwrap(),
        std::fs::read(again.join("compare.json")).unwrap()
    );
    // `zopa plot` redraws the chart from compare.json alone.
    let redrawn = scratch("compare_plot");
    zopa()
        .args(["plot"])
        .arg(out.join("compare.json"))
        .args(["--format", "svg", "--out"])
        .arg(&redrawn)
        .assert()
        .success();
    assert_eq!(
        std::fs::read(out.join("compare.svg")).unwrap(),
        std::fs::read(redrawn.join("compare.svg")).unwrap()
    );
    assert!(!redrawn.join("compare.png").exists());
}

#[test]
fn a_bad_model_list_is_refused_before_anything_is_written() {
    // An unknown name is a usage error clap reports (exit 2); a duplicate is
    // found once the scenario's own model is known (bad input, exit 1).
    let cases = [
        ("nash,nsh", "unknown model `nsh`", "alternating-offers", 2),
        ("nash,nash", "`nash` is listed twice", "--models", 1),
    ];
    for (k, (models, problem, help, code)) in cases.into_iter().enumerate() {
        let out = scratch(&format!("compare_bad_{k}"));
        let output = zopa()
            .args([
                "compare",
                "scenarios/classroom/nash_vs_ks.ron",
                "--models",
                models,
                "--out",
            ])
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(code), "{models}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(problem), "{stderr}");
        assert!(stderr.contains(help), "{stderr}");
        assert!(!out.exists(), "nothing is written for a bad request");
    }
}

/// Each model's run is summarised as it ends: its tally (a 4,096-bin
/// histogram per actor: 64 MB at 4,000 actors) is not kept for the next.
/// Holding five, the old compare needed 400–450 MB of heap here and one run
/// needs under 200 MB; at 20,000 actors it peaked at 2.1 GB (now 0.76 GB).
#[cfg(target_os = "linux")]
#[test]
fn a_comparison_keeps_one_run_in_memory_at_a_time() {
    let out = scratch("compare_memory");
    std::fs::create_dir_all(&out).unwrap();
    let text = format!(
        "Scenario(name: \"Crowd\", issues: [Issue(id: \"share\", name: \"Share\", min: 0.0, \
         max: 1.0)], actors: [{}], model: Compromise, trials: 20, seed: 1)",
        crate::common::split_actors(4_000).join(", ")
    );
    let file = out.join("crowd.ron");
    std::fs::write(&file, text).unwrap();
    let output = crate::common::zopa_within(300_000)
        .arg("compare")
        .arg(&file)
        .args([
            "--models",
            "compromise,discrete-compromise,nash,kalai-smorodinsky,alternating-offers",
            "--threads",
            "1",
            "--format",
            "svg",
            "--quiet",
            "--out",
        ])
        .arg(out.join("result"))
        .output()
        .unwrap();
    crate::common::assert_success(&output);
    let file =
        CompareFile::parse(&std::fs::read_to_string(out.join("result/compare.json")).unwrap())
            .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(file.models.len(), 5);
    assert!(
        file.models
            .iter()
            .all(|entry| entry.summary.actors.len() == 4_000)
    );
}

//! `zopa backtest` on the development set shipped in data/deu-eu15: known
//! figures, errors computed here independently from the tables, the shipped
//! margins reproduced, and bad truth files reported with their location.

use crate::common::{fresh_dir, zopa};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/deu-eu15")
}

/// (position, salience) of every actor that takes a position, read straight
/// from the CSV (every power is 1 in this data set).
fn positions(file: &Path) -> Vec<(f64, f64)> {
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .skip(2)
        .filter_map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            Some((cells[3].parse().ok()?, cells[4].parse().ok()?))
        })
        .collect()
}

fn truth() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(data().join("truth.json")).unwrap()).unwrap()
}

fn backtest_json(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("backtest.json")).unwrap()).unwrap()
}

/// The compromise (salience-weighted mean) and its MAE, computed here.
fn compromise_mae(files: &[PathBuf]) -> f64 {
    let truth = truth();
    let errors: Vec<f64> = files
        .iter()
        .map(|file| {
            let stem = file.file_stem().unwrap().to_str().unwrap();
            let taken = positions(file);
            let weight: f64 = taken.iter().map(|(_, s)| s).sum();
            let mean = taken.iter().map(|(p, s)| p * s).sum::<f64>() / weight;
            (mean - truth[stem]["outcome"].as_f64().unwrap()).abs()
        })
        .collect();
    errors.iter().sum::<f64>() / errors.len() as f64
}

fn tables() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(data())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    files
}

#[test]
fn the_development_set_gives_the_published_compromise_error_and_the_discrete_gain() {
    let out = fresh_dir("backtest", "dev");
    let calibration = out.with_extension("calibration.json");
    zopa()
        .arg("backtest")
        .arg(data())
        .arg("--truth")
        .arg(data().join("truth.json"))
        .args([
            "--models",
            "compromise,discrete-compromise",
            "--quiet",
            "--out",
        ])
        .arg(&out)
        .arg("--write-calibration")
        .arg(&calibration)
        .assert()
        .success();
    let file = backtest_json(&out);
    assert_eq!(file["n"], 176);
    assert_eq!(file["default"], "discrete-compromise");
    let compromise = &file["models"]["compromise"];
    // 23.96: the figure the data set's README gives; and the same computed here.
    assert_eq!(
        format!("{:.2}", compromise["mae"].as_f64().unwrap()),
        "23.96"
    );
    assert!((compromise["mae"].as_f64().unwrap() - compromise_mae(&tables())).abs() < 1e-9);
    let discrete = &file["models"]["discrete-compromise"];
    assert_eq!(format!("{:.2}", discrete["mae"].as_f64().unwrap()), "23.33");
    let diff = &discrete["vs_compromise"];
    assert!(
        (diff["diff"].as_f64().unwrap() - (23.33 - 23.96)).abs() < 0.01,
        "{diff}"
    );
    let ci = diff["ci95"].as_array().unwrap();
    assert!(ci[0].as_f64().unwrap() < diff["diff"].as_f64().unwrap());
    assert!(ci[1].as_f64().unwrap() > diff["diff"].as_f64().unwrap());
    // In sample, split-conformal margins cover at least their level.
    for (level, share) in discrete["coverage"].as_object().unwrap() {
        let level: f64 = level.parse::<f64>().unwrap() / 100.0;
        assert!(share.as_f64().unwrap() >= level - 1e-9, "{level}: {share}");
    }
    // The shipped margins are these (the file was written by this command on
    // this data, all models; here the two quick ones are recomputed).
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&calibration).unwrap()).unwrap();
    let shipped: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("data/calibration.json"),
        )
        .unwrap(),
    )
    .unwrap();
    for model in ["compromise", "discrete-compromise"] {
        assert_eq!(
            written["margins"][model], shipped["margins"][model],
            "{model}"
        );
    }
    for model in [
        "nash",
        "kalai-smorodinsky",
        "alternating-offers",
        "expected-utility",
    ] {
        assert_eq!(
            shipped["margins"][model].as_array().map(Vec::len),
            Some(10),
            "{model}"
        );
    }
    // One CSV row per case and model.
    let csv = std::fs::read_to_string(out.join("backtest.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 2 * 176);
    assert!(csv.starts_with("id,issue,model,forecast,lo50,hi50,lo90,hi90,outcome,error\n"));
    for chart in [
        "calibration.svg",
        "calibration.png",
        "errors.svg",
        "errors.png",
        "backtest.md",
    ] {
        assert!(out.join(chart).is_file(), "{chart}");
    }
}

/// A small sample: a few tables copied into a folder of their own.
fn sample(name: &str, count: usize) -> (PathBuf, Vec<PathBuf>) {
    let dir = fresh_dir("backtest", name);
    std::fs::create_dir_all(&dir).unwrap();
    let files: Vec<PathBuf> = tables()
        .into_iter()
        .take(count)
        .map(|file| {
            let to = dir.join(file.file_name().unwrap());
            std::fs::copy(&file, &to).unwrap();
            to
        })
        .collect();
    (dir, files)
}

#[test]
fn a_csv_truth_file_scores_like_the_json_one_and_every_model_runs() {
    let (cases, files) = sample("sample-cases", 6);
    let truth = truth();
    let mut csv = String::from("id,outcome\n");
    let mut json = BTreeMap::new();
    for file in &files {
        let stem = file.file_stem().unwrap().to_str().unwrap().to_string();
        let outcome = truth[&stem]["outcome"].as_f64().unwrap();
        csv.push_str(&format!("{stem},{outcome}\n"));
        json.insert(stem, serde_json::json!({"outcome": outcome}));
    }
    let csv_truth = cases.with_extension("truth.csv");
    let json_truth = cases.with_extension("truth.json");
    std::fs::write(&csv_truth, csv).unwrap();
    std::fs::write(&json_truth, serde_json::to_string(&json).unwrap()).unwrap();
    let run = |truth: &Path, out: &str| {
        let out = fresh_dir("backtest", out);
        zopa()
            .arg("backtest")
            .arg(&cases)
            .arg("--truth")
            .arg(truth)
            .args(["--trials", "50", "--quiet", "--out"])
            .arg(&out)
            .assert()
            .success();
        backtest_json(&out)
    };
    let from_csv = run(&csv_truth, "sample-csv");
    assert_eq!(from_csv, run(&json_truth, "sample-json"));
    assert_eq!(from_csv["n"], 6);
    assert_eq!(from_csv["models"].as_object().unwrap().len(), 6);
    assert!(
        (from_csv["models"]["compromise"]["mae"].as_f64().unwrap() - compromise_mae(&files)).abs()
            < 1e-9
    );
}

/// What `zopa backtest CASES --truth TRUTH --out OUT` prints to stderr; it must fail.
fn failure(cases: &Path, truth: &Path, out: &Path) -> String {
    let output = zopa()
        .arg("backtest")
        .arg(cases)
        .arg("--truth")
        .arg(truth)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(!output.status.success());
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn bad_truth_files_and_cases_are_reported_with_their_place() {
    let (cases, _) = sample("bad-cases", 2);
    let out = fresh_dir("backtest", "bad-out");
    let bad = cases.with_extension("bad.csv");
    std::fs::write(&bad, "id,outcome\nd00032i1,forty\n").unwrap();
    let stderr = failure(&cases, &bad, &out);
    assert!(
        stderr.contains("bad.csv:2:10: error: the outcome of `d00032i1` is not a number"),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing written on bad input");
    // No outcome for any file.
    let none = cases.with_extension("none.json");
    std::fs::write(&none, r#"{"elsewhere": {"outcome": 1}}"#).unwrap();
    let stderr = failure(&cases, &none, &out);
    assert!(
        stderr.contains("has an outcome in the truth file"),
        "{stderr}"
    );
    // A scenario with two continuous issues needs the issue named.
    let two = fresh_dir("backtest", "two-issues");
    std::fs::create_dir_all(&two).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/ukraine_2026.ron"),
        two.join("flagship.ron"),
    )
    .unwrap();
    let truth = two.with_extension("truth.json");
    std::fs::write(&truth, r#"{"flagship": {"outcome": 20}}"#).unwrap();
    let stderr = failure(&two, &truth, &out);
    assert!(
        stderr.contains("truth.json:1:2: error: ")
            && stderr.contains("flagship.ron")
            && stderr.contains("\"issue\": \"<id>\""),
        "{stderr}"
    );
    // Named, the outcome must lie in the issue's range (0–1 here) ...
    std::fs::write(
        &truth,
        r#"{"flagship": {"outcome": 20, "issue": "territory"}}"#,
    )
    .unwrap();
    let stderr = failure(&two, &truth, &out);
    assert!(
        stderr.contains("outside the range [0, 1] of issue `territory` in")
            && stderr.contains("flagship.ron"),
        "{stderr}"
    );
    // ... and then it is scored.
    std::fs::write(
        &truth,
        r#"{"flagship": {"outcome": 0.2, "issue": "territory"}}"#,
    )
    .unwrap();
    zopa()
        .arg("backtest")
        .arg(&two)
        .arg("--truth")
        .arg(&truth)
        .args([
            "--models",
            "compromise",
            "--trials",
            "200",
            "--quiet",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(backtest_json(&out)["n"], 1);
}

/// A truth file of hostile size: its message quotes a few dozen characters
/// of the bad cell, header or string, and still names the file, the place and
/// the problem (a 10 MB cell or string and a 6 MB header were echoed whole).
#[test]
fn a_huge_cell_header_or_string_in_the_truth_file_is_quoted_short() {
    let (cases, _) = sample("huge-cases", 1);
    let out = fresh_dir("backtest", "huge-out");
    let huge = format!("\u{1b}[31m{}", "y".repeat(1_000_000));
    let files = [
        (
            "cell.csv",
            format!("id,outcome\nd00032i1,{huge}\n"),
            "cell.csv:2:10: error: the outcome of `d00032i1` is not a number: `\\u{1b}[31myyy",
        ),
        (
            "header.csv",
            format!("{huge},{}\nd00032i1,1\n", "h,".repeat(500_000)),
            "header.csv:1:1: error: the header should name the columns `id` and `outcome`, found `\\u{1b}[31myyy",
        ),
        (
            "string.json",
            format!(
                "{{\"d00032i1\": {{\"outcome\": \"{}\"}}}}",
                huge.replace('\u{1b}', "\\u001b")
            ),
            "string.json:1:1000037: error: not a truth file: invalid type: string \"\\u{1b}[31myyy",
        ),
    ];
    for (name, text, expected) in files {
        let truth = cases.with_extension(name);
        std::fs::write(&truth, text).unwrap();
        let stderr = failure(&cases, &truth, &out);
        assert!(stderr.len() < 2000, "{name}: {} bytes", stderr.len());
        assert!(stderr.contains(expected), "{stderr}");
        assert!(
            stderr.contains("…") && stderr.contains("\n  help: "),
            "{stderr}"
        );
    }
    // The other JSON files a backtest reads: margins and backtest.json.
    let long = "z".repeat(1_000_000);
    let margins = cases.with_extension("margins.json");
    std::fs::write(
        &margins,
        format!("{{\"source\": \"s\", \"levels\": \"{long}\"}}"),
    )
    .unwrap();
    let truth = cases.with_extension("good.csv");
    std::fs::write(&truth, "id,outcome\nd00032i1,50\n").unwrap();
    let output = zopa()
        .arg("backtest")
        .arg(&cases)
        .arg("--truth")
        .arg(&truth)
        .arg("--calibration")
        .arg(&margins)
        .args(["--models", "compromise", "--quiet", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!output.status.success() && stderr.len() < 2000, "{stderr}");
    assert!(
        stderr.contains(
            "margins.json:1:1000028: error: not a calibration file: invalid type: string \"zzz"
        ),
        "{stderr}"
    );
    let err =
        zopa::backtest::file::BacktestFile::parse(&format!("{{\"n\": \"{long}\"}}")).unwrap_err();
    assert!(err.len() < 200 && err.contains("string \"zzz"), "{err}");
}

/// An outcome outside its issue's range, or an issue the scenario does not
/// have, is found once the scenario is read, and reported at its line and
/// column in the truth file with a help line (it named no place in the truth
/// file, and printed 1e300 as 301 digits).
#[test]
fn a_bad_outcome_or_issue_is_reported_at_its_place_in_the_truth_file() {
    let (cases, _) = sample("placed-cases", 1);
    let out = fresh_dir("backtest", "placed-out");
    let hostile = format!("\u{1b}]0;pwn\u{7}{}", "x".repeat(300));
    let files = [
        (
            "range.json",
            "{\n \"d00032i1\": {\"outcome\": 1e300}\n}\n".to_string(),
            "range.json:2:26: error: the recorded outcome of `d00032i1` is 1e300, outside the range [0, 100] of issue `issue` in ",
            "\n  help: give the outcome in the issue's units, from 0 to 100\n",
        ),
        (
            "range.csv",
            "id,outcome\nd00032i1,-5\n".to_string(),
            "range.csv:2:10: error: the recorded outcome of `d00032i1` is -5, outside the range [0, 100]",
            "\n  help: give the outcome in the issue's units, from 0 to 100\n",
        ),
        (
            "issue.json",
            "{\n \"d00032i1\": {\"outcome\": 1, \"issue\": \"nope\"}\n}\n".to_string(),
            "issue.json:2:38: error: the outcome of `d00032i1` is recorded on issue `nope`, which ",
            "\n  help: name one of the scenario's continuous issues: `issue`\n",
        ),
        (
            "issue.csv",
            format!("id,outcome,issue\nd00032i1,1,{hostile}\n"),
            "issue.csv:2:12: error: the outcome of `d00032i1` is recorded on issue `\\u{1b}]0;pwn\\u{7}xxx",
            "\n  help: name one of the scenario's continuous issues: `issue`\n",
        ),
    ];
    for (name, text, expected, help) in files {
        let truth = cases.with_extension(name);
        std::fs::write(&truth, text).unwrap();
        let stderr = failure(&cases, &truth, &out);
        assert!(
            stderr.contains(expected) && stderr.contains(help),
            "{stderr}"
        );
        assert!(stderr.len() < 400, "{stderr}");
        assert!(!out.exists(), "nothing written on bad input");
    }
}

/// What lets a backtest run a deterministic model once: on a world without
/// uncertain numbers, every trial of such a model lands on the same outcome.
#[test]
fn deterministic_models_agree_in_every_trial_of_a_fixed_world() {
    use zopa::ModelKind;
    use zopa::model_kind::{AlternatingOffers, Behaviour};
    let table = data().join("d00032i1.csv");
    let scenario = zopa::import::table_file(&table, Default::default())
        .unwrap()
        .scenario;
    assert!(!zopa::backtest::has_uncertain_inputs(&scenario));
    let mut kinds = ModelKind::ALL.to_vec();
    for behaviour in [
        Behaviour::TimeDependent { e: 0.5 },
        Behaviour::Faratin { e: 2.0 },
    ] {
        kinds.push(ModelKind::AlternatingOffers(AlternatingOffers {
            behaviour,
            ..AlternatingOffers::DEFAULT
        }));
    }
    for kind in kinds {
        let model = zopa::model::build(kind);
        let tally =
            zopa::run(&scenario, model.as_ref(), 200, 3, zopa::Controls::default()).unwrap();
        let zopa::summary::IssueTally::Continuous(histogram) = &tally.issues[0] else {
            panic!()
        };
        let spread = histogram.quantile(1.0).unwrap() - histogram.quantile(0.0).unwrap();
        let fixed = tally.agreements == 200 && spread == 0.0;
        if kind.is_deterministic() {
            assert!(
                fixed,
                "{kind:?}: {} agreements, spread {spread}",
                tally.agreements
            );
        } else {
            // The random ones do vary here, so the test can tell them apart.
            assert!(!fixed, "{kind:?} never varied");
        }
    }
}

#[test]
fn write_calibration_replaces_only_a_regular_file_that_is_not_an_input() {
    use std::os::unix::fs::FileTypeExt;
    // A FIFO stands for any non-regular target (a device such as /dev/null
    // was replaced by a regular file before; a FIFO is safe to try).
    let (cases, files) = sample("calibration-targets", 1);
    let stem = files[0].file_stem().unwrap().to_str().unwrap().to_string();
    let truth = cases.with_extension("truth.json");
    let outcome = self::truth()[&stem]["outcome"].clone();
    std::fs::write(
        &truth,
        serde_json::json!({ stem: {"outcome": outcome} }).to_string(),
    )
    .unwrap();
    let fifo = cases.with_extension("fifo");
    let _ = std::fs::remove_file(&fifo);
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    let mut targets = vec![(truth.clone(), "is one of the input files")];
    if made.is_ok_and(|status| status.success()) {
        targets.push((fifo.clone(), "not a regular file"));
    }
    for (target, says) in &targets {
        let out = fresh_dir("backtest", "calibration-out");
        let output = zopa()
            .arg("backtest")
            .arg(&cases)
            .arg("--truth")
            .arg(&truth)
            .args([
                "--models",
                "compromise",
                "--trials",
                "5",
                "--quiet",
                "--out",
            ])
            .arg(&out)
            .arg("--write-calibration")
            .arg(target)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{target:?}: {stderr}");
        assert!(stderr.contains(says), "{stderr}");
        assert!(!out.exists(), "refused before any work");
    }
    if targets.len() == 2 {
        let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
        assert!(kind.is_fifo(), "the FIFO is still a FIFO");
    }
    assert!(std::fs::read_to_string(&truth).unwrap().contains("outcome"));
}

/// Each case runs its trials on its own thread: a case's run spread over
/// the pool from inside the parallel loop over cases let a waiting thread
/// start the other cases, so every case was in flight at once with its
/// tally (4,000 actors: 64 MB). Eight such cases needed over 500 MB of heap
/// here (1.05 GB peak), now about 200 MB; 20 cases of 20,000 actors peaked
/// at 3.98 GB, now 0.72 GB.
#[cfg(target_os = "linux")]
#[test]
fn cases_in_parallel_each_keep_one_run_in_memory() {
    let dir = crate::common::fresh_dir("backtest", "memory");
    let cases = dir.join("cases");
    std::fs::create_dir_all(&cases).unwrap();
    let text = format!(
        "Scenario(name: \"Crowd\", issues: [Issue(id: \"share\", name: \"Share\", min: 0.0, \
         max: 1.0)], actors: [{}], model: Compromise, trials: 20, seed: 1)",
        crate::common::split_actors(4_000).join(", ")
    );
    let mut truth = serde_json::Map::new();
    for k in 0..8 {
        std::fs::write(cases.join(format!("c{k}.ron")), &text).unwrap();
        truth.insert(format!("c{k}"), serde_json::json!({"outcome": 0.5}));
    }
    backtest_within(
        &dir,
        truth,
        400_000,
        &["--trials", "10", "--threads", "2"],
        8,
    );
}

/// `zopa backtest` of `dir/cases` against `truth` (written to
/// `dir/truth.json`) under the compromise, with `args`, within `kib` of
/// heap: it must pass and score `rows` cases.
#[cfg(target_os = "linux")]
fn backtest_within(
    dir: &std::path::Path,
    truth: serde_json::Map<String, serde_json::Value>,
    kib: u64,
    args: &[&str],
    rows: usize,
) {
    let truth_file = dir.join("truth.json");
    std::fs::write(&truth_file, serde_json::Value::Object(truth).to_string()).unwrap();
    let output = crate::common::zopa_within(kib)
        .arg("backtest")
        .arg(dir.join("cases"))
        .arg("--truth")
        .arg(&truth_file)
        .args(["--models", "compromise"])
        .args(args)
        .args(["--format", "svg", "--quiet", "--out"])
        .arg(dir.join("out"))
        .output()
        .unwrap();
    crate::common::assert_success(&output);
    let csv = std::fs::read_to_string(dir.join("out/backtest.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + rows, "a row per case");
}

/// A backtest keeps each case's scenario only while the case runs (it reads
/// the file again then), not every case's at once: 48 cases of 200 actors
/// on 20 issues (170 kB each) needed over 60 MB of heap with every scenario
/// held, and run within 40 MB now (about 18 MB, whatever the number of
/// cases). Cases of 14,000 actors (1.8 MB files) peaked at 648 MB for 10
/// cases and 978 MB for 40, a folder of 100 past 1.6 GB; now 579 MB for any
/// number (the worker's tally).
#[cfg(target_os = "linux")]
#[test]
fn a_backtest_holds_one_scenario_per_worker_not_every_case() {
    let dir = crate::common::fresh_dir("backtest", "many_cases");
    let cases = dir.join("cases");
    std::fs::create_dir_all(&cases).unwrap();
    let issues: Vec<String> = (0..20)
        .map(|d| format!("Issue(id: \"i{d}\", name: \"I{d}\", min: 0.0, max: 1.0)"))
        .collect();
    let actors: Vec<String> = (0..200)
        .map(|j| {
            let stances: Vec<String> = (0..20)
                .map(|d| {
                    let position = ((j * 7 + d) % 11) as f64 / 10.0;
                    format!("\"i{d}\": (position: {position:?}, salience: 1.0)")
                })
                .collect();
            format!(
                "Actor(id: \"a{j}\", name: \"A{j}\", power: 1.0, reservation: 0.1, \
                 veto: {}, stances: {{{}}})",
                j < 2,
                stances.join(", ")
            )
        })
        .collect();
    let text = format!(
        "Scenario(name: \"Wide\", issues: [{}], actors: [{}], model: Compromise, \
         trials: 20, seed: 1)",
        issues.join(", "),
        actors.join(", ")
    );
    let mut truth = serde_json::Map::new();
    for k in 0..48 {
        std::fs::write(cases.join(format!("c{k:02}.ron")), &text).unwrap();
        truth.insert(
            format!("c{k:02}"),
            serde_json::json!({"outcome": 0.5, "issue": "i0"}),
        );
    }
    backtest_within(&dir, truth, 40_000, &["--threads", "1"], 48);
}

/// The scenario a backtest is handed for a case must be the case's own: a
/// different one (a file changed between reading and running) is refused,
/// never scored on an issue it may not have.
#[test]
fn a_case_run_with_another_scenario_is_refused() {
    use zopa::backtest::{self, BacktestError, Case, Settings};
    let table = data().join("d00032i1.csv");
    let scenario = zopa::import::table_file(&table, Default::default())
        .unwrap()
        .scenario;
    let case = Case::new("d00032i1".into(), &scenario, 0, 50.0);
    let other =
        zopa::scenario::load(Path::new("scenarios/classroom/divide_the_dollar.ron")).unwrap();
    let settings = Settings {
        trials: 10,
        seed: Some(1),
    };
    let models = [zopa::ModelKind::Compromise];
    let own = |_: usize| Ok(scenario.clone());
    let cases = [case];
    let results = backtest::run(&cases, &own, &models, settings, None, None).unwrap();
    assert!(results[0].forecasts[0].is_some());
    let changed = |_: usize| Ok(other.clone());
    let refused = backtest::run(&cases, &changed, &models, settings, None, None);
    assert!(
        matches!(&refused, Err(BacktestError::Scenario(message)) if message.contains("d00032i1")),
        "{refused:?}"
    );
}

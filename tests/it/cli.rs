//! The `zopa` binary as a user meets it: exit codes, what goes to stdout and
//! stderr, and the exact JSON of `zopa solve` on the classroom scenarios.

use crate::common::{fresh_dir, zopa};
use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// Every `.ron` file under `scenarios/` and `scenarios/classroom/`, relative to the crate.
fn shipped_scenarios() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["scenarios", "scenarios/classroom"] {
        for entry in std::fs::read_dir(root.join(dir)).expect("scenario folder exists") {
            let name = entry.expect("readable entry").file_name();
            let file = Path::new(dir).join(name);
            if file.extension().is_some_and(|ext| ext == "ron") {
                files.push(file);
            }
        }
    }
    files.sort();
    files
}

/// A scratch file under cargo's per-test temporary folder; each test names its own.
fn scratch_file(name: &str, contents: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, contents).expect("temporary folder is writable");
    path
}

fn stdout_of(command: &mut Command) -> String {
    let output = command.output().expect("zopa runs");
    assert!(
        output.status.success(),
        "zopa failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("stdout is UTF-8")
}

/// Runs `zopa solve FILE --model MODEL --json` and parses what it prints.
fn solve_json(file: &str, model: &str) -> serde_json::Value {
    let stdout = stdout_of(zopa().args(["solve", file, "--model", model, "--json"]));
    serde_json::from_str(&stdout).expect("solve --json prints JSON")
}

#[test]
fn check_accepts_every_shipped_scenario_with_one_line_each() {
    let files = shipped_scenarios();
    assert!(files.len() >= 7, "found only {files:?}");
    let stdout = stdout_of(zopa().arg("check").args(&files));
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), files.len(), "{stdout}");
    for (line, file) in lines.iter().zip(&files) {
        let expected = format!("ok  {}: ", file.display());
        assert!(line.starts_with(&expected), "{line:?} for {file:?}");
    }
}

#[test]
fn check_reports_a_bad_file_with_its_location_and_exits_1() {
    let text = "Scenario(\n    name: \"Bad\",\n    issues: [],\n    actors: [],\n)\n";
    let path = scratch_file("cli_check_bad.ron", text);
    let output = zopa().arg("check").arg(&path).output().expect("zopa runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    // `issues: []` is on line 3; the list starts at column 13.
    let expected = format!("{}:3:13: error:", path.display());
    assert!(stderr.contains(&expected), "{stderr}");
    assert!(stderr.contains("help:"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn check_of_good_and_bad_files_says_how_many_failed() {
    let bad = scratch_file("cli_check_mixed.ron", "Scenario(");
    let output = zopa()
        .args(["check", "scenarios/classroom/divide_the_dollar.ron"])
        .arg(&bad)
        .output()
        .expect("zopa runs");
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.starts_with("ok  scenarios/classroom/divide_the_dollar.ron"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("1 of 2 files have errors"), "{stderr}");
}

#[test]
fn solve_nash_json_on_divide_the_dollar_is_exact() {
    let stdout = stdout_of(zopa().args([
        "solve",
        "scenarios/classroom/divide_the_dollar.ron",
        "--model",
        "nash",
        "--json",
    ]));
    assert_eq!(
        stdout,
        "{\"model\": \"nash\", \"agreement\": true, \"outcome\": {\"share_a\": 0.55}, \
         \"utilities\": {\"a\": 0.55, \"b\": 0.45}}\n"
    );
}

#[test]
fn solve_kalai_smorodinsky_finds_the_golden_ratio_point() {
    // MODELS.md oracle: x = (sqrt(5) - 1) / 2 on the frontier u_b = 1 - u_a².
    let json = solve_json("scenarios/classroom/nash_vs_ks.ron", "kalai-smorodinsky");
    assert_eq!(json["model"], "kalai-smorodinsky");
    assert_eq!(json["agreement"], true);
    let x = json["outcome"]["x"].as_f64().expect("x is a number");
    let expected = (5f64.sqrt() - 1.0) / 2.0;
    assert!((x - expected).abs() < 1e-6, "x = {x}, expected {expected}");
}

#[test]
fn solve_without_a_zopa_reports_no_agreement() {
    let json = solve_json("scenarios/classroom/no_zopa.ron", "nash");
    assert_eq!(json["agreement"], false);
    assert!(json["outcome"].is_null(), "{json}");
}

#[test]
fn solve_text_output_states_the_agreement_and_outcome() {
    let stdout = stdout_of(zopa().args(["solve", "scenarios/classroom/divide_the_dollar.ron"]));
    assert!(stdout.contains("Agreement: yes"), "{stdout}");
    assert!(stdout.contains("0.55"), "{stdout}");
}

#[test]
fn unknown_model_name_lists_the_valid_ones_and_exits_2() {
    let output = zopa()
        .args([
            "solve",
            "scenarios/classroom/divide_the_dollar.ron",
            "--model",
            "nsh",
        ])
        .output()
        .expect("zopa runs");
    assert_eq!(
        output.status.code(),
        Some(2),
        "a usage error exits 2, as clap and ripgrep do"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("nsh"), "{stderr}");
    for model in ["compromise", "nash", "kalai-smorodinsky"] {
        assert!(stderr.contains(model), "{stderr}");
    }
}

#[test]
fn missing_file_names_the_path_and_exits_1() {
    let output = zopa()
        .args(["solve", "scenarios/no_such_file.ron"])
        .output()
        .expect("zopa runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("scenarios/no_such_file.ron"), "{stderr}");
    assert!(stderr.contains("help:"), "{stderr}");
}

#[test]
fn help_exits_0_and_names_the_commands() {
    let stdout = stdout_of(zopa().arg("--help"));
    assert!(stdout.contains("check"), "{stdout}");
    assert!(stdout.contains("solve"), "{stdout}");
}

/// A fresh folder under cargo's per-test temporary folder.
fn scratch_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn plot_refuses_a_summary_with_a_misspelt_key_and_names_it() {
    let out = scratch_dir("plot_misspelt");
    zopa()
        .args([
            "run",
            "scenarios/classroom/divide_the_dollar.ron",
            "--quiet",
        ])
        .args(["--trials", "200", "--format", "svg", "--out"])
        .arg(&out)
        .assert()
        .success();
    let summary = out.join("summary.json");
    let text = std::fs::read_to_string(&summary).unwrap();
    // The last `"utilities": {` is the utility chart's block.
    let at = text.rfind("\"utilities\": {").expect("a utilities block");
    let broken = format!(
        "{}\"utilites\"{}",
        &text[..at],
        &text[at + "\"utilities\"".len()..]
    );
    let path = scratch_file("plot_misspelt_summary.json", &broken);
    let output = zopa()
        .arg("plot")
        .arg(&path)
        .arg("--out")
        .arg(out.join("redrawn"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unknown field `utilites`"), "{stderr}");
    assert!(stderr.contains("line "), "{stderr}");
    assert!(
        !out.join("redrawn").exists(),
        "nothing is drawn from a bad summary"
    );
}

#[test]
fn plot_redraws_the_sweep_and_tornado_charts_from_their_json() {
    let out = scratch_dir("plot_whatif");
    let dollar = "scenarios/classroom/divide_the_dollar.ron";
    zopa()
        .args(["sweep", dollar, "--param", "actors.a.reservation"])
        .args(["--values", "0.1,0.3", "--trials", "100", "--quiet", "--out"])
        .arg(out.join("sweep"))
        .assert()
        .success();
    zopa()
        .args([
            "sensitivity",
            "scenarios/ukraine_2026.ron",
            "--trials",
            "50",
        ])
        .args(["--quiet", "--out"])
        .arg(out.join("sensitivity"))
        .assert()
        .success();
    for (folder, json, chart) in [
        ("sweep", "sweep.json", "sweep.svg"),
        ("sensitivity", "sensitivity.json", "tornado.svg"),
    ] {
        let redrawn = out.join(format!("{folder}_redrawn"));
        zopa()
            .arg("plot")
            .arg(out.join(folder).join(json))
            .args(["--format", "svg", "--out"])
            .arg(&redrawn)
            .assert()
            .success();
        assert_eq!(
            std::fs::read(out.join(folder).join(chart)).unwrap(),
            std::fs::read(redrawn.join(chart)).unwrap(),
            "{chart} redrawn from {json} differs"
        );
    }
}

#[test]
fn check_piped_into_a_reader_that_stops_early_exits_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command as Process, Stdio};
    // Many files, so zopa is still writing when the reader goes away (as
    // `zopa check ... | head -1` does).
    let files = vec!["scenarios/classroom/divide_the_dollar.ron"; 3000];
    let mut child = Process::new(env!("CARGO_BIN_EXE_zopa"))
        .arg("check")
        .args(&files)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("zopa starts");
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("ok  "), "{first}");
    // The reader is dropped here: zopa's next writes meet a closed pipe.
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
}

#[test]
fn import_with_force_never_replaces_anything_but_a_regular_file() {
    use std::os::unix::fs::FileTypeExt;
    let table = "tests/fixtures/table/eu_example.csv";
    // A FIFO and a folder stand for any non-regular target (a device such as
    // /dev/full was replaced by a regular file before; a FIFO is safe to try).
    let dir = scratch_dir("import_force_targets");
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    let mut targets = vec![dir.clone()];
    if made.is_ok_and(|status| status.success()) {
        targets.push(fifo.clone());
    }
    for target in &targets {
        let output = zopa()
            .args(["import", "table", table, "-o"])
            .arg(target)
            .arg("--force")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{target:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("not a regular file"), "{stderr}");
    }
    if targets.len() == 2 {
        let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
        assert!(kind.is_fifo(), "the FIFO is still a FIFO");
    }
    assert!(dir.is_dir());
}

/// An import is checked as `zopa check` would check its result before it is
/// written: a table of 3,000 actors under expected utility (about 11 s a
/// trial) was written, then refused by `check`. It is refused with check's
/// reason and nothing written; `--allow-slow` writes it with check's note.
#[test]
fn imports_that_check_would_refuse_are_not_written() {
    use std::fmt::Write as _;
    let dir = fresh_dir("cli", "import_refused");
    std::fs::create_dir_all(&dir).unwrap();
    let mut table = String::from(
        "Many,generated\nActor,Description,Power,I0 Position,\
                                  I0 Salience,I1 Position,I1 Salience,I2 Position,I2 Salience\n",
    );
    for k in 0..3_000 {
        let at = |i: usize| (k * (7 + 3 * i)) % 100;
        writeln!(
            table,
            "Actor {k},,{},{},50,{},40,{},30",
            1 + k % 5,
            at(0),
            at(1),
            at(2)
        )
        .unwrap();
    }
    let csv = dir.join("many.csv");
    std::fs::write(&csv, table).unwrap();
    let out = dir.join("many.ron");
    let import = |slow: bool| {
        let mut command = zopa();
        if slow {
            command.arg("--allow-slow");
        }
        command
            .args(["import", "table"])
            .arg(&csv)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap()
    };
    let refused = import(false);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "zopa check would refuse the imported scenario: expected utility with \
                         3000 actors would take about"
        ) && stderr.contains("nothing was written")
            && stderr.contains("help: the time grows with the square of the number of actors"),
        "{stderr}"
    );
    assert!(!out.exists(), "a refused import wrote {}", out.display());
    let written = import(true);
    let stderr = String::from_utf8_lossy(&written.stderr);
    assert!(written.status.success(), "{stderr}");
    assert!(
        stderr.contains("note: expected utility with 3000 actors"),
        "{stderr}"
    );
    assert!(out.is_file());
}

#[test]
fn plot_refuses_devices_and_pipes_without_reading_them() {
    // `/dev/zero` never ends and a FIFO with no writer blocks: both must be
    // refused from the path's type, before any read.
    let dir = fresh_dir("cli", "plot_devices");
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("summary.json");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    let mut paths = vec![std::path::PathBuf::from("/dev/zero")];
    if made.is_ok_and(|status| status.success()) {
        paths.push(fifo);
    }
    for path in paths {
        let output = zopa().arg("plot").arg(&path).output().unwrap();
        assert!(!output.status.success(), "{}", path.display());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("not a regular file"),
            "{}: {stderr}",
            path.display()
        );
    }
}

#[test]
fn check_warns_when_expected_utility_will_be_slow_at_the_size_given() {
    // Expected utility grows with the square of the number of actors (the
    // cube under the Jmckib rules): with 400 actors a trial takes about
    // 0.06 s, and `check` says so with what to do.
    let dir = fresh_dir("cli", "eu_cost");
    std::fs::create_dir_all(&dir).unwrap();
    let check = |count: usize, model: &str| {
        let actors: Vec<String> = (0..count)
            .map(|k| {
                format!(
                    "Actor(id: \"a{k}\", name: \"A{k}\", power: 1.0, reservation: 0.0, \
                     stances: {{\"deal\": (position: {}.0, salience: 1.0)}})",
                    k % 100
                )
            })
            .collect();
        let text = format!(
            "Scenario(name: \"Many\", description: \"\", \
             issues: [Issue(id: \"deal\", name: \"Deal\", min: 0.0, max: 100.0)], \
             actors: [{}], model: {model}, trials: 100000, seed: 1)",
            actors.join(", ")
        );
        let many = dir.join(format!("many_{count}.ron"));
        std::fs::write(&many, text).unwrap();
        let output = zopa().arg("check").arg(&many).output().unwrap();
        assert!(output.status.success());
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let stdout = check(400, "ExpectedUtility(rounds: 10)");
    assert!(
        stdout.contains("note: expected utility with 400 actors")
            && stdout.contains("square of the number of actors")
            && stdout.contains("--trials"),
        "{stdout}"
    );
    assert!(
        stdout
            .lines()
            .skip(1)
            .all(|line| line.chars().count() <= 100),
        "{stdout}"
    );
    // 150 actors: quick under the paper's rules, slow under jmckib's.
    assert!(!check(150, "ExpectedUtility(rounds: 10)").contains("note:"));
    let stdout = check(150, "ExpectedUtility(rounds: 10, rules: Jmckib)");
    assert!(
        stdout.contains("note: expected utility with 150 actors") && stdout.contains("cube"),
        "{stdout}"
    );
    // The classroom example (10 actors) has no such note.
    let small = zopa()
        .args(["check", "scenarios/classroom/eu_expected_utility.ron"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&small.stdout).contains("note:"));
}

//! `zopa run` as a user meets it: the files it writes (and removes), the keys of
//! `summary.json`, exit codes and messages for bad input, and an interrupted
//! run that leaves earlier results untouched.
//!
//! Every run writes under cargo's per-test temporary folder (`--out`), never
//! into the crate's `output/`.

use crate::common::{fresh_dir, stray_files, zopa};
use std::path::Path;
use std::time::{Duration, Instant};

const DOLLAR: &str = "scenarios/classroom/divide_the_dollar.ron";
const FLAGSHIP: &str = "scenarios/ukraine_2026.ron";

/// Runs `zopa run FILE --out DIR ARGS...`, asserts success and returns stdout.
fn run_ok(file: &str, dir: &Path, args: &[&str]) -> String {
    let output = zopa()
        .args(["run", file, "--out"])
        .arg(dir)
        .args(args)
        .output()
        .expect("zopa runs");
    assert!(
        output.status.success(),
        "zopa run failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("stdout is UTF-8")
}

/// Runs `zopa run ARGS...`, asserts exit code 1 (bad input) and returns stderr.
fn run_fails(args: &[&str], out: &Path) -> String {
    run_fails_with(1, args, out)
}

/// Runs `zopa run ARGS...`, asserts exit code 2 (a usage error, which clap
/// reports) and returns stderr.
fn run_misused(args: &[&str], out: &Path) -> String {
    run_fails_with(2, args, out)
}

/// Runs `zopa run ARGS...`, asserts the exit code and returns stderr.
fn run_fails_with(code: i32, args: &[&str], out: &Path) -> String {
    let output = zopa()
        .arg("run")
        .args(args)
        .arg("--out")
        .arg(out)
        .output()
        .expect("zopa runs");
    let stderr = String::from_utf8(output.stderr).expect("stderr is UTF-8");
    assert_eq!(output.status.code(), Some(code), "{args:?}: {stderr}");
    assert!(output.stdout.is_empty(), "{args:?} printed a summary");
    stderr
}

fn summary(dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join("summary.json")).expect("summary.json exists");
    serde_json::from_str(&text).expect("summary.json is JSON")
}

/// Asserts that `value` has every `/`-separated path in `paths`.
fn assert_has(value: &serde_json::Value, paths: &[&str]) {
    for path in paths {
        let pointer = format!("/{path}");
        assert!(
            value.pointer(&pointer).is_some(),
            "summary.json lacks {path}: {value:#}"
        );
    }
}

#[test]
fn run_writes_a_summary_with_the_contract_keys_and_no_trials_csv() {
    let dir = fresh_dir("cli_run", "contract");
    let stdout = run_ok(DOLLAR, &dir, &["--trials", "2000"]);
    assert!(stdout.contains("Agreement in"), "{stdout}");
    assert!(
        !dir.join("trials.csv").exists(),
        "trials.csv without asking"
    );
    assert_eq!(stray_files(&dir), Vec::<String>::new());

    let json = summary(&dir);
    assert_has(
        &json,
        &[
            "zopa_version",
            "scenario",
            "model",
            "trials",
            "seed",
            "agreement_rate",
            "zopa_rate",
            "elapsed_seconds",
            "trials_per_second",
            "actors/a/mean_utility",
            "actors/a/p_above_reservation",
        ],
    );
    for stat in ["mean", "p05", "p25", "p50", "p75", "p95"] {
        assert_has(&json, &[&format!("issues/share_a/{stat}")]);
    }
    for proposal in ["Even split", "Nash split", "A takes 95 cents"] {
        let entry = &json["proposals"][proposal];
        assert!(
            entry["p_all_veto_accept"].is_number(),
            "{proposal}: {json:#}"
        );
        assert!(entry["acceptance"]["a"].is_number(), "{proposal}: {json:#}");
        assert!(entry["acceptance"]["b"].is_number(), "{proposal}: {json:#}");
    }
    // The values: the scenario's own model and seed, and its known answer
    // (no uncertainty, Nash = 0.55; B refuses 95 cents to A).
    assert_eq!(json["zopa_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(json["scenario"], "Divide the dollar");
    assert_eq!(json["model"], "nash");
    assert_eq!(json["trials"], 2000);
    assert_eq!(json["seed"], 1);
    assert_eq!(json["agreement_rate"], 1.0);
    assert_eq!(json["zopa_rate"], 1.0);
    assert_eq!(json["issues"]["share_a"]["p50"], 0.55);
    assert_eq!(json["actors"]["a"]["mean_utility"], 0.55);
    assert_eq!(
        json["proposals"]["A takes 95 cents"]["acceptance"]["b"],
        0.0
    );
    assert_eq!(
        json["proposals"]["A takes 95 cents"]["p_all_veto_accept"],
        0.0
    );
}

/// With `--trials-csv` each worker folds its chunks into one tally, as
/// without: a tally per chunk of a 64-chunk batch (2.2 MB each on 100
/// continuous issues) needed 100–120 MB of heap for 32 chunks here, now
/// under 60 MB; 20,000 actors at 8,192 trials went past 3 GB (now 0.75 GB).
#[cfg(target_os = "linux")]
#[test]
fn trials_csv_keeps_a_tally_per_worker_not_per_chunk() {
    let dir = fresh_dir("cli_run", "trials_csv_memory");
    std::fs::create_dir_all(&dir).unwrap();
    let issues: Vec<String> = (0..100)
        .map(|d| format!("Issue(id: \"i{d}\", name: \"I{d}\", min: 0.0, max: 1.0)"))
        .collect();
    let actor = |k: usize, position: f64| {
        let stances: Vec<String> = (0..100)
            .map(|d| {
                format!("\"i{d}\": (position: {position:?}, salience: Uniform(min: 0.5, max: 1.5))")
            })
            .collect();
        format!(
            "Actor(id: \"a{k}\", name: \"A{k}\", power: 1.0, reservation: 0.1, stances: {{{}}})",
            stances.join(", ")
        )
    };
    let text = format!(
        "Scenario(name: \"Wide\", issues: [{}], actors: [{}, {}], model: Compromise, trials: 10, seed: 1)",
        issues.join(", "),
        actor(0, 0.2),
        actor(1, 0.8)
    );
    let file = dir.join("wide.ron");
    std::fs::write(&file, text).unwrap();
    let trials = 32 * zopa::montecarlo::CHUNK;
    let output = crate::common::zopa_within(80_000)
        .arg("run")
        .arg(&file)
        .args([
            "--trials",
            &trials.to_string(),
            "--trials-csv",
            "--threads",
            "1",
        ])
        .args(["--format", "svg", "--quiet", "--out"])
        .arg(dir.join("out"))
        .output()
        .unwrap();
    crate::common::assert_success(&output);
    let csv = std::fs::read_to_string(dir.join("out/trials.csv")).unwrap();
    assert_eq!(csv.lines().count() as u64, trials + 1);
    assert_eq!(summary(&dir.join("out"))["trials"], trials);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn trials_csv_has_one_row_per_trial_and_a_later_run_removes_it() {
    let dir = fresh_dir("cli_run", "trials_csv");
    let trials = 2500;
    run_ok(
        DOLLAR,
        &dir,
        &["--trials", &trials.to_string(), "--trials-csv", "--quiet"],
    );
    let csv = std::fs::read_to_string(dir.join("trials.csv")).expect("trials.csv exists");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("trial,agreement,share_a,utility_a,utility_b")
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), trials);
    for (trial, row) in rows.iter().enumerate() {
        assert_eq!(*row, format!("{trial},true,0.55,0.55,0.45"));
    }
    assert_eq!(stray_files(&dir), Vec::<String>::new());

    // A trials.csv from an earlier run would not match the new summary.
    run_ok(DOLLAR, &dir, &["--trials", "100", "--quiet"]);
    assert!(!dir.join("trials.csv").exists(), "stale trials.csv kept");
    assert_eq!(summary(&dir)["trials"], 100);
    assert_eq!(stray_files(&dir), Vec::<String>::new());
}

#[test]
fn a_discrete_issue_reports_the_share_of_each_option() {
    let dir = fresh_dir("cli_run", "discrete");
    run_ok(
        "scenarios/classroom/mixed_issues.ron",
        &dir,
        &["--trials", "500", "--quiet"],
    );
    let json = summary(&dir);
    let shares = json["issues"]["delivery"]["shares"]
        .as_object()
        .unwrap_or_else(|| panic!("no delivery shares: {json:#}"));
    let options: Vec<&str> = shares.keys().map(String::as_str).collect();
    assert_eq!(options, ["1 week", "2 weeks", "4 weeks"]);
    let total: f64 = shares.values().map(|share| share.as_f64().unwrap()).sum();
    assert!((total - 1.0).abs() < 1e-9, "shares sum to {total}");
    // No uncertainty: Nash picks "2 weeks" in every trial (see the scenario file).
    assert_eq!(shares["2 weeks"], 1.0);
    assert_eq!(json["issues"]["delivery"]["agreements"], 500);
}

#[test]
fn the_thread_count_does_not_change_summary_json() {
    let without_timing = |threads: &str| {
        let dir = fresh_dir("cli_run", &format!("threads_{threads}"));
        run_ok(
            FLAGSHIP,
            &dir,
            &[
                "--trials",
                "3000",
                "--seed",
                "7",
                "--threads",
                threads,
                "--quiet",
            ],
        );
        let mut json = summary(&dir);
        let fields = json.as_object_mut().expect("an object");
        fields.remove("elapsed_seconds").expect("elapsed_seconds");
        fields
            .remove("trials_per_second")
            .expect("trials_per_second");
        // Facts about the run, not results: reported, never compared.
        assert!(
            fields
                .remove("threads")
                .is_some_and(|t| t.as_u64() == threads.parse().ok())
        );
        fields.remove("load_average");
        json
    };
    assert_eq!(without_timing("1"), without_timing("3"));
}

#[test]
fn an_unknown_model_is_refused_with_the_valid_names() {
    let dir = fresh_dir("cli_run", "bad_model");
    let stderr = run_misused(&[DOLLAR, "--model", "nsh"], &dir);
    assert!(stderr.contains("invalid value 'nsh'"), "{stderr}");
    assert!(stderr.contains("nash"), "{stderr}");
    assert!(!dir.exists(), "a refused run created its output folder");
}

#[test]
fn zero_trials_or_threads_are_refused_with_the_allowed_range() {
    let dir = fresh_dir("cli_run", "zero");
    for flag in ["--trials", "--threads"] {
        let stderr = run_misused(&[DOLLAR, flag, "0"], &dir);
        assert!(stderr.contains(flag), "{stderr}");
        assert!(stderr.contains("0 is not in 1..="), "{stderr}");
    }
    assert!(!dir.exists(), "a refused run created its output folder");
}

#[test]
fn an_output_folder_that_cannot_be_created_is_named() {
    let root = fresh_dir("cli_run", "unwritable");
    std::fs::create_dir_all(&root).expect("scratch folder");
    let file = root.join("a_file");
    std::fs::write(&file, "not a folder").expect("scratch file");
    let out = file.join("sub");
    let stderr = run_fails(&[DOLLAR], &out);
    assert!(
        stderr.contains("cannot create the output directory"),
        "{stderr}"
    );
    assert!(stderr.contains(&out.display().to_string()), "{stderr}");
    assert!(stderr.contains("--out"), "{stderr}");
    assert_eq!(stray_files(&root), Vec::<String>::new());
}

#[test]
fn a_missing_scenario_file_is_named_and_nothing_is_written() {
    let dir = fresh_dir("cli_run", "missing_file");
    let stderr = run_fails(&["scenarios/no_such_file.ron"], &dir);
    assert!(stderr.contains("scenarios/no_such_file.ron"), "{stderr}");
    assert!(stderr.contains("cannot read the file"), "{stderr}");
    assert!(!dir.exists(), "a failed run created its output folder");
}

/// Starts a run far too long to finish, sends `signal` (e.g. "-INT") after 1.5 s
/// and returns the exit code and stderr. Kills the child (by its id) if it does
/// not stop.
#[cfg(unix)]
fn signalled_run(dir: &Path, extra: &[&str], signal: &str) -> (Option<i32>, String) {
    signalled(&["run", FLAGSHIP], dir, extra, signal)
}

/// [`signalled_run`] for any command that takes --trials, --quiet and --out.
#[cfg(unix)]
fn signalled(command: &[&str], dir: &Path, extra: &[&str], signal: &str) -> (Option<i32>, String) {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("zopa"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(command)
        .args(["--trials", "100000000", "--quiet", "--out"])
        .arg(dir)
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("zopa starts");
    std::thread::sleep(Duration::from_millis(1500));
    let still_running = child.try_wait().expect("child status").is_none();
    if still_running {
        let sent = std::process::Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success(), "kill {signal} failed");
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().expect("child status") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("zopa did not stop within 10 s of kill {signal}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        pipe.read_to_string(&mut stderr).expect("stderr is UTF-8");
    }
    assert!(still_running, "the run ended before the signal: {stderr}");
    (status.code(), stderr)
}

#[cfg(unix)]
fn interrupted_run(dir: &Path, extra: &[&str]) -> (Option<i32>, String) {
    signalled_run(dir, extra, "-INT")
}

#[cfg(unix)]
#[test]
fn interrupted_comparisons_and_sweeps_exit_130_and_write_nothing() {
    let commands: [(&[&str], &str); 2] = [
        (
            &["compare", FLAGSHIP, "--models", "nash,compromise"],
            "compare.json",
        ),
        (
            &[
                "sweep",
                FLAGSHIP,
                "--param",
                "actors.ukraine.reservation",
                "--values",
                "0.4,0.5",
            ],
            "sweep.json",
        ),
    ];
    for (command, file) in commands {
        let dir = fresh_dir("cli_run", &format!("interrupted_{}", command[0]));
        let (code, stderr) = signalled(command, &dir, &[], "-INT");
        assert_eq!(code, Some(130), "{} {stderr}", command[0]);
        assert!(stderr.contains("interrupted"), "{stderr}");
        assert!(!dir.join(file).exists(), "{file} written");
        assert_eq!(stray_files(&dir), Vec::<String>::new());
    }
}

#[cfg(unix)]
#[test]
fn a_terminated_run_stops_cleanly_too() {
    // SIGTERM (what a job scheduler sends) is handled like Ctrl-C.
    let dir = fresh_dir("cli_run", "terminated_fresh");
    let (code, stderr) = signalled_run(&dir, &["--trials-csv"], "-TERM");
    assert_eq!(code, Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert!(!dir.join("summary.json").exists() && !dir.join("trials.csv").exists());
    assert_eq!(stray_files(&dir), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn an_interrupted_run_exits_130_and_writes_nothing() {
    let dir = fresh_dir("cli_run", "interrupted_fresh");
    let (code, stderr) = interrupted_run(&dir, &[]);
    assert_eq!(code, Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert!(!dir.join("summary.json").exists(), "summary.json written");
    assert!(!dir.join("trials.csv").exists(), "trials.csv written");
    assert_eq!(stray_files(&dir), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_earlier_results_byte_identical() {
    let dir = fresh_dir("cli_run", "interrupted_existing");
    run_ok(
        FLAGSHIP,
        &dir,
        &["--trials", "2000", "--trials-csv", "--quiet"],
    );
    let read = |name: &str| std::fs::read(dir.join(name)).expect("earlier result exists");
    let (summary_before, csv_before) = (read("summary.json"), read("trials.csv"));
    // --trials-csv: a pending trials.csv is being written when the signal comes.
    let (code, stderr) = interrupted_run(&dir, &["--trials-csv"]);
    assert_eq!(code, Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert!(
        read("summary.json") == summary_before,
        "summary.json changed"
    );
    assert!(read("trials.csv") == csv_before, "trials.csv changed");
    assert_eq!(stray_files(&dir), Vec::<String>::new());
}

/// Runs `zopa run` on divide the dollar into `dir` and returns (exit code, stderr).
fn run_into(dir: &Path) -> (Option<i32>, String) {
    let output = zopa()
        .args([
            "run",
            "scenarios/classroom/divide_the_dollar.ron",
            "--trials",
            "200",
            "--quiet",
            "--out",
        ])
        .arg(dir)
        .output()
        .expect("zopa runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_directory_holding_other_files_is_refused_and_left_alone() {
    // Files zopa did not write: at the top, or among the charts.
    for (place, name) in [("", "notes.txt"), ("charts", "my_figure.png")] {
        let dir = fresh_dir("cli_run", &format!("foreign_{}", name.replace('.', "_")));
        std::fs::create_dir_all(dir.join(place)).unwrap();
        let theirs = dir.join(place).join(name);
        std::fs::write(&theirs, "keep me").unwrap();
        let (code, stderr) = run_into(&dir);
        assert_eq!(code, Some(1), "{stderr}");
        assert!(
            stderr.contains("holds files zopa did not write"),
            "{stderr}"
        );
        assert!(stderr.contains(name), "{stderr}");
        assert!(stderr.contains("--out"), "{stderr}");
        assert_eq!(std::fs::read_to_string(&theirs).unwrap(), "keep me");
        assert!(!dir.join("summary.json").exists(), "results were mixed in");
    }
}

#[test]
fn a_directory_of_earlier_results_is_reused_and_hidden_files_are_ignored() {
    let dir = fresh_dir("cli_run", "reused");
    assert_eq!(run_into(&dir).0, Some(0));
    std::fs::write(dir.join(".DS_Store"), "").unwrap();
    let (code, stderr) = run_into(&dir);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(dir.join("summary.json").is_file());
}

#[test]
fn plot_refuses_a_folder_of_other_files() {
    let dir = fresh_dir("cli_run", "plot_source");
    assert_eq!(run_into(&dir).0, Some(0));
    let slides = fresh_dir("cli_run", "plot_slides");
    std::fs::create_dir_all(&slides).unwrap();
    std::fs::write(slides.join("title.png"), "not ours").unwrap();
    let output = zopa()
        .arg("plot")
        .arg(dir.join("summary.json"))
        .arg("--out")
        .arg(&slides)
        .output()
        .expect("zopa runs");
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(slides.join("title.png")).unwrap(),
        "not ours"
    );
    assert!(!slides.join("zones.svg").exists());
}

/// Every file below `dir`, as paths relative to it.
fn files_below(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(&next).expect("readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn issue_ids_that_look_like_paths_are_refused_before_anything_is_written() {
    let root = fresh_dir("cli_run", "hostile_ids");
    std::fs::create_dir_all(&root).unwrap();
    // Ids become chart file names: `check` holds them to letters, digits, `_`
    // and `-`, so a run refuses these before its trials and writes nothing.
    let text = r#"Scenario(
    name: "Hostile ids",
    issues: [
        Issue(id: "../../escaped/x", name: "X", min: 0.0, max: 1.0),
        Issue(id: "y/..", name: "Y", min: 0.0, max: 1.0),
    ],
    actors: [
        Actor(id: "a", name: "A", power: 1.0, reservation: 0.1,
              stances: { "../../escaped/x": (position: 1.0, salience: 0.5), "y/..": (position: 1.0, salience: 0.5) }),
        Actor(id: "b", name: "B", power: Uniform(min: 0.5, max: 1.5), reservation: 0.1,
              stances: { "../../escaped/x": (position: 0.0, salience: 0.5), "y/..": (position: 0.0, salience: 0.5) }),
    ],
)"#;
    let scenario = root.join("hostile.ron");
    std::fs::write(&scenario, text).unwrap();
    let out = root.join("out");
    let output = zopa()
        .arg("run")
        .arg(&scenario)
        .args(["--trials", "50", "--quiet", "--format", "svg", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "hostile.ron:4:19: error: an issue id `../../escaped/x` must start with an ASCII letter"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("hostile.ron:5:19: error: an issue id `y/..` holds the character /"),
        "{stderr}"
    );
    assert_eq!(files_below(&root), vec!["hostile.ron".to_string()]);
    assert!(!out.exists());
}

/// The terminal summary fits `COLUMNS` (100 when unset) and reads without the
/// scenario file: actors by name, each issue's scale, pinned values in words.
#[test]
fn the_terminal_summary_fits_its_width_and_names_things() {
    for (columns, width) in [(None, 100), (Some("100"), 100), (Some("80"), 80)] {
        let dir = fresh_dir("cli_run", &format!("width_{width}_{}", columns.is_some()));
        let mut command = zopa();
        command.args([
            "run", FLAGSHIP, "--trials", "2000", "--format", "svg", "--quiet", "--out",
        ]);
        command.arg(&dir);
        match columns {
            Some(value) => command.env("COLUMNS", value),
            None => command.env_remove("COLUMNS"),
        };
        let output = command.output().expect("zopa runs");
        assert!(output.status.success());
        let text = String::from_utf8(output.stdout).expect("UTF-8");
        for line in text.lines() {
            assert!(
                line.chars().count() <= width,
                "wider than {width}: {line:?}\n{text}"
            );
        }
        assert!(text.contains("United States"), "{text}");
        assert!(
            !text.contains("united_states"),
            "an id instead of a name:\n{text}"
        );
        assert!(
            text.contains("scale: 0 = NATO path open … 1 = permanent constitutional neutrality"),
            "{text}"
        );
        assert!(text.contains("pinned at 0.1 in"), "{text}");
        assert!(text.contains("of deals: Russia's red line"), "{text}");
        assert!(text.contains("± "), "no standard error:\n{text}");
    }
}

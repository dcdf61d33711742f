//! The output folder as a whole (issue 16, items 1, 2, 7 and 8): it always
//! holds one complete run, never half of two; one writer at a time; Ctrl-C
//! at any moment writes nothing; what `kill -9` leaves is cleared by the next
//! command; nothing is written outside the folder or through a link planted
//! in it; `import --force` replaces regular files only.
//!
//! Failures and pauses mid-write come from zopa's test hook, the environment
//! variable `ZOPA_TEST_HOOK` (src/cli/output/hook.rs).

use crate::common::child::{finished, paused, signal};
use crate::common::{fresh_dir, stray_files, zopa};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

const DOLLAR: &str = "scenarios/classroom/divide_the_dollar.ron";
const FLAGSHIP: &str = "scenarios/ukraine_2026.ron";
/// How long a command the tests hold before its switch waits there.
const PAUSE: Duration = Duration::from_secs(4);

/// `zopa run DOLLAR --trials 200 --seed SEED --out DIR ARGS...` with the
/// test hook set to `hook` (if any): (exit code, stderr).
fn run_dollar(dir: &Path, seed: u64, hook: Option<&str>, args: &[&str]) -> (Option<i32>, String) {
    let mut command = zopa();
    command
        .args(["run", DOLLAR, "--trials", "200", "--quiet", "--seed"])
        .arg(seed.to_string())
        .arg("--out")
        .arg(dir)
        .args(args);
    if let Some(hook) = hook {
        command.env("ZOPA_TEST_HOOK", hook);
    }
    let output = command.output().expect("zopa runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The seed each part of a run's set names: summary.json, report.md and
/// every chart's caption, with the chart files' names.
fn seeds(dir: &Path) -> (u64, String, Vec<(String, bool)>) {
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap();
    let seed = summary["seed"].as_u64().expect("summary names its seed");
    let report = std::fs::read_to_string(dir.join("report.md")).unwrap();
    let report_seed = report
        .lines()
        .find_map(|line| line.strip_prefix("- **Seed:** "))
        .expect("report names its seed")
        .to_string();
    let mut charts: Vec<(String, bool)> = std::fs::read_dir(dir.join("charts"))
        .unwrap()
        .flatten()
        .map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let caption = format!("seed {seed} ·");
            let matches = !name.ends_with(".svg")
                || std::fs::read_to_string(entry.path())
                    .unwrap()
                    .contains(&caption);
            (name, matches)
        })
        .collect();
    charts.sort();
    (seed, report_seed, charts)
}

/// Asserts that `dir` holds one whole run made with `seed` (in `formats`
/// extensions) and nothing stray.
fn assert_one_run(dir: &Path, seed: u64, extensions: &[&str]) {
    let (summary_seed, report_seed, charts) = seeds(dir);
    assert_eq!(summary_seed, seed);
    assert_eq!(report_seed, seed.to_string());
    assert!(!charts.is_empty());
    for (name, matches) in &charts {
        assert!(matches, "{name} is from another run");
        assert!(
            extensions.iter().any(|e| name.ends_with(e)),
            "{name} is left from another run"
        );
    }
    for name in ["zones", "proposals", "utilities"] {
        for extension in extensions {
            let file = format!("{name}.{extension}");
            assert!(charts.iter().any(|(n, _)| *n == file), "{file} missing");
        }
    }
    assert_eq!(stray_files(dir), Vec::<String>::new());
}

#[test]
fn a_second_run_replaces_the_whole_set_and_keeps_other_results() {
    let dir = fresh_dir("output_folder", "second_run");
    assert_eq!(run_dollar(&dir, 1, None, &["--trials-csv"]).0, Some(0));
    assert_one_run(&dir, 1, &["svg", "png"]);
    // A compare's files and a hidden file of the user's are not the run's.
    let compare = zopa()
        .args(["compare", DOLLAR, "--trials", "50", "--quiet", "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(compare.status.success());
    std::fs::write(dir.join(".notes"), "mine").unwrap();
    let (code, stderr) = run_dollar(&dir, 2, None, &["--format", "svg"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.join(".notes")).unwrap(), "mine");
    std::fs::remove_file(dir.join(".notes")).unwrap();
    assert_one_run(&dir, 2, &["svg"]);
    assert!(!dir.join("trials.csv").exists(), "trials.csv of run 1 kept");
    assert!(dir.join("compare.json").is_file() && dir.join("compare.svg").is_file());
    let report = std::fs::read_to_string(dir.join("report.md")).unwrap();
    assert!(
        report.contains("Models compared"),
        "the compare is in the report"
    );
}

#[test]
fn a_run_failing_mid_write_leaves_the_earlier_run_whole() {
    let dir = fresh_dir("output_folder", "failing_mid_write");
    assert_eq!(run_dollar(&dir, 1, None, &["--trials-csv"]).0, Some(0));
    let zones = std::fs::read(dir.join("charts/zones.svg")).unwrap();
    let csv = std::fs::read(dir.join("trials.csv")).unwrap();
    // The earlier writer renamed summary.json into place first, then the
    // charts: a failure among the charts left seed 2's summary beside seed
    // 1's charts and report.
    for point in [
        "summary.json",
        "charts/zones.svg",
        "charts/proposals.png",
        "report.md",
    ] {
        let hook = format!("fail-after:{point}");
        let (code, stderr) = run_dollar(&dir, 2, Some(&hook), &[]);
        assert_eq!(code, Some(1), "{point}: {stderr}");
        assert!(stderr.contains("failed on purpose"), "{stderr}");
        assert_one_run(&dir, 1, &["svg", "png"]);
        assert_eq!(std::fs::read(dir.join("charts/zones.svg")).unwrap(), zones);
        assert_eq!(std::fs::read(dir.join("trials.csv")).unwrap(), csv);
    }
    // The same for the other commands' sets.
    let hooked_compare = zopa()
        .args(["compare", DOLLAR, "--trials", "50", "--quiet", "--out"])
        .arg(&dir)
        .env("ZOPA_TEST_HOOK", "fail-after:compare.csv")
        .output()
        .unwrap();
    assert_eq!(hooked_compare.status.code(), Some(1));
    assert!(!dir.join("compare.json").exists(), "half a compare shows");
    assert_one_run(&dir, 1, &["svg", "png"]);
}

#[test]
fn a_chart_redrawn_into_another_folder_comes_with_the_data_it_is_drawn_from() {
    let compare = |dir: &Path, trials: &str| {
        let output = zopa()
            .args(["compare", DOLLAR, "--quiet", "--trials", trials, "--out"])
            .arg(dir)
            .output()
            .unwrap();
        assert!(output.status.success());
    };
    let ours = fresh_dir("output_folder", "redraw_target");
    let theirs = fresh_dir("output_folder", "redraw_source");
    compare(&ours, "40");
    compare(&theirs, "60");
    let plot = zopa()
        .arg("plot")
        .arg(theirs.join("compare.json"))
        .arg("--out")
        .arg(&ours)
        .output()
        .unwrap();
    assert!(plot.status.success());
    // The whole compare set of the other folder, never its chart beside
    // this folder's compare.json and compare.csv.
    for name in ["compare.json", "compare.csv", "compare.svg", "compare.png"] {
        assert!(
            std::fs::read(ours.join(name)).unwrap() == std::fs::read(theirs.join(name)).unwrap(),
            "{name} is not the one the chart is drawn from"
        );
    }
    assert_eq!(stray_files(&ours), Vec::<String>::new());
}

#[test]
fn a_second_writer_is_refused_while_the_first_holds_the_folder() {
    let dir = fresh_dir("output_folder", "second_writer");
    let first = paused(
        &["run", DOLLAR, "--trials", "200", "--quiet", "--seed", "1"],
        &dir,
        PAUSE,
    );
    // Another run, a compare and a redraw into the same folder meanwhile.
    let (code, stderr) = run_dollar(&dir, 2, None, &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("another zopa command is writing into")
            && stderr.contains(&dir.display().to_string())
            && stderr.contains("help: wait for it to finish"),
        "{stderr}"
    );
    let compare = zopa()
        .args(["compare", DOLLAR, "--trials", "50", "--quiet", "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(compare.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&compare.stderr).contains("another zopa command"));
    assert_eq!(finished(first), Some(0));
    assert_one_run(&dir, 1, &["svg", "png"]);
    assert!(!dir.join("compare.json").exists());
    // Once the first is done, the folder is free again.
    assert_eq!(run_dollar(&dir, 2, None, &[]).0, Some(0));
    assert_one_run(&dir, 2, &["svg", "png"]);
}

#[test]
fn ctrl_c_after_the_trials_writes_nothing_and_exits_130() {
    let dir = fresh_dir("output_folder", "ctrl_c_late");
    assert_eq!(run_dollar(&dir, 1, None, &["--trials-csv"]).0, Some(0));
    let summary = std::fs::read(dir.join("summary.json")).unwrap();
    // Every trial is done and every file staged when the signal comes.
    let late = paused(
        &["run", DOLLAR, "--trials", "300", "--quiet", "--seed", "2"],
        &dir,
        PAUSE,
    );
    signal(&late, "-INT");
    assert_eq!(finished(late), Some(130));
    assert_eq!(std::fs::read(dir.join("summary.json")).unwrap(), summary);
    assert!(dir.join("trials.csv").is_file(), "the earlier trials.csv");
    assert_one_run(&dir, 1, &["svg", "png"]);
    // The same for SIGTERM into a new folder: it is removed again.
    let fresh = fresh_dir("output_folder", "ctrl_c_late_fresh");
    let late = paused(
        &["run", DOLLAR, "--trials", "300", "--quiet"],
        &fresh,
        PAUSE,
    );
    signal(&late, "-TERM");
    assert_eq!(finished(late), Some(130));
    assert!(!fresh.exists(), "the folder made for the run is removed");
}

#[test]
fn what_kill_9_leaves_is_cleared_by_the_next_command() {
    let dir = fresh_dir("output_folder", "kill_9");
    assert_eq!(run_dollar(&dir, 1, None, &[]).0, Some(0));
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("zopa"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "run",
            FLAGSHIP,
            "--trials",
            "100000000",
            "--trials-csv",
            "--quiet",
            "--out",
        ])
        .arg(&dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert!(child.try_wait().unwrap().is_none(), "the run ended early");
    child.kill().unwrap();
    child.wait().unwrap();
    // The killed run's half-written trials.csv is still there, and a
    // temporary file as older zopa versions left them.
    let left = stray_files(&dir);
    assert!(!left.is_empty(), "kill -9 left nothing to clear?");
    let old_style = dir.join(format!(".trials.csv.tmp-{}", child.id()));
    std::fs::write(&old_style, "partial").unwrap();
    // Meanwhile the folder shows the earlier run whole.
    assert_eq!(seeds(&dir).0, 1);
    assert_eq!(run_dollar(&dir, 2, None, &[]).0, Some(0));
    assert_one_run(&dir, 2, &["svg", "png"]);
    assert!(!old_style.exists(), "{left:?}");
}

/// Plants something in an output folder (first) that may lead elsewhere (second).
type Plant = fn(&Path, &Path);

#[test]
fn links_and_folders_planted_under_zopas_names_are_refused_not_followed() {
    let root = fresh_dir("output_folder", "planted");
    let elsewhere = root.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("precious"), "keep").unwrap();
    let planted: [(&str, Plant); 4] = [
        ("charts (a link zopa did not make)", |dir, elsewhere| {
            std::os::unix::fs::symlink(elsewhere, dir.join("charts")).unwrap();
        }),
        (
            "summary.json (a link zopa did not make)",
            |dir, elsewhere| {
                std::os::unix::fs::symlink(elsewhere.join("precious"), dir.join("summary.json"))
                    .unwrap();
            },
        ),
        ("charts/zone_a_b.svg (a folder)", |dir, _| {
            std::fs::create_dir_all(dir.join("charts/zone_a_b.svg")).unwrap();
        }),
        (".zopa is not a folder zopa made", |dir, elsewhere| {
            std::os::unix::fs::symlink(elsewhere, dir.join(".zopa")).unwrap();
        }),
    ];
    for (at, (message, plant)) in planted.iter().enumerate() {
        let dir = root.join(format!("out{at}"));
        std::fs::create_dir_all(&dir).unwrap();
        plant(&dir, &elsewhere);
        let (code, stderr) = run_dollar(&dir, 1, None, &[]);
        assert_eq!(code, Some(1), "{message}: {stderr}");
        assert!(stderr.contains(message), "{stderr}");
        assert!(stderr.contains("--out"), "{stderr}");
        let mut there: Vec<_> = std::fs::read_dir(&elsewhere)
            .unwrap()
            .flatten()
            .map(|entry| entry.file_name())
            .collect();
        there.sort();
        assert_eq!(there, ["precious"], "{message}: written through the link");
        assert_eq!(
            std::fs::read_to_string(elsewhere.join("precious")).unwrap(),
            "keep"
        );
    }
}

/// JSON text for `text` (quoted, escaped).
fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

#[test]
fn ids_of_any_length_or_character_give_short_chart_names_inside_the_folder() {
    let root = fresh_dir("output_folder", "odd_ids");
    std::fs::create_dir_all(&root).unwrap();
    let run = root.join("run");
    let text = std::fs::read_to_string(FLAGSHIP).unwrap();
    // The longest ids `check` allows (64 safe characters) for both issues of
    // the flagship's first zone pair: `zone_<x>_<y>` would be 134 bytes.
    let long = "t".repeat(64);
    let text = text
        .replace("\"territory\"", &json_string(&long))
        .replace("\"troop_presence\"", &json_string(&"p".repeat(64)));
    let scenario = root.join("long.ron");
    std::fs::write(&scenario, text).unwrap();
    let output = zopa()
        .arg("run")
        .arg(&scenario)
        .args(["--trials", "200", "--quiet", "--format", "svg", "--out"])
        .arg(&run)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let zone_names = |dir: &Path| -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with("zone_"))
            .collect()
    };
    let names = zone_names(&run.join("charts"));
    assert_eq!(names.len(), 2, "{names:?}");
    let report = std::fs::read_to_string(run.join("report.md")).unwrap();
    for name in &names {
        assert!(name.len() < 100, "{name}");
        assert!(
            report.contains(&format!("charts/{name}")),
            "report links {name}"
        );
    }
    // Ids with separators and control characters, as a summary.json may
    // carry them whatever `check` allows: redrawn from the summary.
    let hostile = "../../escaped/\u{7}x";
    let summary = std::fs::read_to_string(run.join("summary.json"))
        .unwrap()
        .replace(&json_string(&long), &json_string(hostile));
    let copy = root.join("copy");
    std::fs::create_dir_all(&copy).unwrap();
    std::fs::write(copy.join("summary.json"), summary).unwrap();
    let output = zopa()
        .arg("plot")
        .arg(&copy)
        .args(["--format", "svg"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!root.join("escaped").exists() && !Path::new("../escaped").exists());
    let names = zone_names(&copy.join("charts"));
    assert_eq!(names.len(), 2, "{names:?}");
    let report = std::fs::read_to_string(copy.join("report.md")).unwrap();
    for name in &names {
        assert!(
            name.trim_end_matches(".svg")
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
            "{name}"
        );
        assert!(
            report.contains(&format!("charts/{name}")),
            "report links {name}"
        );
    }
    assert_eq!(stray_files(&copy), Vec::<String>::new());
}

#[test]
fn import_refuses_a_link_and_clears_a_killed_imports_temporary_file() {
    let dir = fresh_dir("output_folder", "import_force_link");
    std::fs::create_dir_all(dir.join("folder")).unwrap();
    let link = dir.join("scenario.ron");
    std::os::unix::fs::symlink(dir.join("folder"), &link).unwrap();
    let output = zopa()
        .args([
            "import",
            "table",
            "tests/fixtures/table/eu_example.csv",
            "-o",
        ])
        .arg(&link)
        .arg("--force")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not a regular file"), "{stderr}");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(dir.join("folder").is_dir());
    // A killed import's temporary file is removed by the next import to
    // that name, once its process is gone.
    let mut gone = Command::new("true").spawn().unwrap();
    gone.wait().unwrap();
    let target = dir.join("imported.ron");
    let left = dir.join(format!(".imported.ron.tmp-{}", gone.id()));
    std::fs::write(&left, "partial").unwrap();
    let output = zopa()
        .args([
            "import",
            "table",
            "tests/fixtures/table/eu_example.csv",
            "-o",
        ])
        .arg(&target)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(target.is_file() && !left.exists());
}

#[test]
fn a_folder_written_by_an_earlier_zopa_is_converted_whole() {
    let dir = fresh_dir("output_folder", "earlier_layout");
    assert_eq!(run_dollar(&dir, 1, None, &["--trials-csv"]).0, Some(0));
    // As zopa wrote folders before the store: real files and a real charts
    // folder, and the temporary files of a process that is gone.
    let legacy = fresh_dir("output_folder", "earlier_layout_copy");
    let copied = Command::new("cp")
        .arg("-rL")
        .arg(&dir)
        .arg(&legacy)
        .status()
        .unwrap();
    assert!(copied.success());
    std::fs::remove_dir_all(legacy.join(".zopa")).unwrap();
    let mut gone = Command::new("true").spawn().unwrap();
    gone.wait().unwrap();
    for temporary in [
        format!(".summary.json.tmp-{}", gone.id()),
        format!("charts/.zones.svg.tmp-{}", gone.id()),
    ] {
        std::fs::write(legacy.join(temporary), "partial").unwrap();
    }
    std::fs::write(legacy.join("compare.json"), "an earlier compare").unwrap();
    assert!(
        !std::fs::symlink_metadata(legacy.join("summary.json"))
            .unwrap()
            .is_symlink()
    );
    assert_eq!(
        run_dollar(&legacy, 2, None, &["--format", "svg"]).0,
        Some(0)
    );
    assert_one_run(&legacy, 2, &["svg"]);
    assert!(
        !legacy.join("trials.csv").exists(),
        "the earlier trials.csv"
    );
    assert_eq!(
        std::fs::read_to_string(legacy.join("compare.json")).unwrap(),
        "an earlier compare",
        "another set is not the run's to change"
    );
}

#[test]
fn the_store_itself_is_never_an_output_folder() {
    let dir = fresh_dir("output_folder", "inside_store");
    assert_eq!(run_dollar(&dir, 1, None, &[]).0, Some(0));
    let output = zopa()
        .arg("plot")
        .arg(dir.join(".zopa/run/summary.json"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("inside zopa's store"), "{stderr}");
    assert_one_run(&dir, 1, &["svg", "png"]);
    let version = std::fs::read_link(dir.join(".zopa/run")).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(dir.join(".zopa").join(version))
        .unwrap()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["charts", "report.html", "report.md", "summary.json"]
    );
    // Nor a folder not made yet below a link into the store: it would be
    // made inside the run's version, and the folder refused from then on.
    let charts = || std::fs::read_dir(dir.join("charts")).unwrap().count();
    let drawn = charts();
    for below in ["charts/new", "charts/a/../b"] {
        let (code, stderr) = run_dollar(&dir.join(below), 2, None, &[]);
        assert_eq!(code, Some(1), "{below}: {stderr}");
        assert!(stderr.contains("inside zopa's store"), "{stderr}");
    }
    assert_eq!(charts(), drawn, "nothing made among the run's charts");
    assert_eq!(run_dollar(&dir, 3, None, &[]).0, Some(0));
    assert_one_run(&dir, 3, &["svg", "png"]);
}

#[test]
fn an_output_folder_that_cannot_be_one_is_named_for_what_it_is() {
    let scratch = fresh_dir("output_folder", "not_a_folder");
    std::fs::create_dir_all(&scratch).unwrap();
    std::fs::write(scratch.join("file"), "mine").unwrap();
    std::os::unix::fs::symlink("nowhere", scratch.join("dangling")).unwrap();
    std::os::unix::fs::symlink("loop", scratch.join("loop")).unwrap();
    for (name, said) in [
        ("file", "it is a regular file, not a folder"),
        ("dangling", "it is a link that leads nowhere"),
        ("loop", "it is a link that leads nowhere"),
    ] {
        let (code, stderr) = run_dollar(&scratch.join(name), 1, None, &[]);
        assert_eq!(code, Some(1), "{stderr}");
        assert!(stderr.contains(said), "{name}: {stderr}");
    }
    assert_eq!(
        std::fs::read_to_string(scratch.join("file")).unwrap(),
        "mine"
    );
    assert!(!scratch.join("nowhere").exists());
}

//! Ctrl-C and SIGTERM stop a writing command at once, wherever its work is
//! (issue 16, item 7): nothing is written, earlier results stay as they were,
//! the exit status is 130, and nothing is left for the next command to clear.
//!
//! The test hook holds each command just before its switch for ten minutes,
//! far longer than `finished` waits: a stand-in for work that takes long
//! between two checks of a flag (the charts of 8,000 actors drew on for 5 s
//! after Ctrl-C; one trial may take up to zopa's 10-s limit).

use crate::common::child::{finished, held, paused, signal};
use crate::common::{fresh_dir, stray_files, zopa};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

const DOLLAR: &str = "scenarios/classroom/divide_the_dollar.ron";
const RUBINSTEIN: &str = "scenarios/classroom/rubinstein.ron";

/// Longer than any test waits.
const FOREVER: Duration = Duration::from_secs(600);

/// Every file a reader sees in `dir` (links followed, zopa's store left out),
/// with its bytes.
fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return files;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if name == ".zopa" {
            continue;
        }
        if path.is_dir() {
            for (inner, bytes) in contents(&path) {
                files.insert(format!("{name}/{inner}"), bytes);
            }
        } else {
            files.insert(name, std::fs::read(&path).unwrap());
        }
    }
    files
}

/// `zopa ARGS --out DIR`, which must succeed.
fn written(args: &[&str], dir: &Path) {
    let output = zopa().args(args).arg("--out").arg(dir).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn ctrl_c_and_sigterm_stop_every_writing_command_at_once() {
    let scratch = fresh_dir("interrupts", "scratch");
    std::fs::create_dir_all(&scratch).unwrap();
    let moves = scratch.join("moves.txt");
    std::fs::write(&moves, "accept\n").unwrap();
    let moves = moves.to_str().unwrap();
    let summary = fresh_dir("interrupts", "summary");
    written(&["run", DOLLAR, "--trials", "50", "--quiet"], &summary);
    let summary = summary.join("summary.json");
    let summary = summary.to_str().unwrap();
    let commands: [(&str, &[&str], &[&str], &str); 4] = [
        (
            "run",
            &["run", DOLLAR, "--trials", "60", "--quiet", "--seed", "1"],
            &["run", DOLLAR, "--trials", "60", "--quiet", "--seed", "2"],
            "-INT",
        ),
        (
            "compare",
            &[
                "compare", DOLLAR, "--trials", "40", "--quiet", "--seed", "1",
            ],
            &[
                "compare", DOLLAR, "--trials", "40", "--quiet", "--seed", "2",
            ],
            "-TERM",
        ),
        (
            "play",
            &["play", RUBINSTEIN, "--as", "b", "--moves", moves],
            &[
                "play",
                RUBINSTEIN,
                "--as",
                "b",
                "--against",
                "linear",
                "--moves",
                moves,
            ],
            "-INT",
        ),
        (
            "plot",
            &["plot", summary, "--format", "svg"],
            &["plot", summary],
            "-TERM",
        ),
    ];
    for (name, earlier, stopped, sent) in commands {
        let dir = fresh_dir("interrupts", name);
        written(earlier, &dir);
        let before = contents(&dir);
        assert!(!before.is_empty());
        let child = paused(stopped, &dir, FOREVER);
        signal(&child, sent);
        assert_eq!(finished(child), Some(130), "{name}");
        assert_eq!(contents(&dir), before, "{name}: the earlier results");
        assert_eq!(stray_files(&dir), Vec::<String>::new(), "{name}");
    }
}

/// A folder the command made for its results is removed again, with the
/// folders it made above it, when nothing was written into it; one that
/// existed before stays, and so does the folder above the first one made.
#[test]
fn ctrl_c_into_a_new_folder_leaves_no_trace() {
    let fresh = fresh_dir("interrupts", "fresh");
    let dir = fresh.join("made/for/it");
    let child = paused(&["run", DOLLAR, "--trials", "60", "--quiet"], &dir, FOREVER);
    signal(&child, "-INT");
    assert_eq!(finished(child), Some(130));
    assert!(!fresh.exists(), "the folders made for the run are gone");
    assert!(
        fresh.parent().unwrap().is_dir(),
        "the folder above them stays"
    );
    // An empty folder that was there before stays, empty.
    std::fs::create_dir_all(&dir).unwrap();
    let child = paused(&["run", DOLLAR, "--trials", "60", "--quiet"], &dir, FOREVER);
    signal(&child, "-TERM");
    assert_eq!(finished(child), Some(130));
    assert!(dir.is_dir(), "a folder the run did not make stays");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0, "and is empty");
    // A command that fails into a new folder leaves none either.
    std::fs::remove_dir_all(&fresh).unwrap();
    let output = zopa()
        .args(["run", DOLLAR, "--trials", "60", "--quiet", "--out"])
        .arg(&dir)
        .env("ZOPA_TEST_HOOK", "fail-after:summary.json")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        !fresh.exists(),
        "the folders made for the failed run are gone"
    );
}

#[test]
fn an_interrupted_backtest_writes_no_margins() {
    let dir = fresh_dir("interrupts", "backtest");
    let scratch = fresh_dir("interrupts", "margins");
    std::fs::create_dir_all(&scratch).unwrap();
    let margins = scratch.join("margins.json");
    let args = [
        "backtest",
        "data/deu-eu15",
        "--truth",
        "data/deu-eu15/truth.json",
        "--models",
        "compromise",
        "--trials",
        "20",
        "--quiet",
        "--write-calibration",
        margins.to_str().unwrap(),
    ];
    // Every case is scored and the margins computed when the signal comes.
    let child = paused(&args, &dir, FOREVER);
    signal(&child, "-INT");
    assert_eq!(finished(child), Some(130));
    assert!(!dir.exists(), "the folder made for the results is gone");
    let left: Vec<_> = std::fs::read_dir(&scratch).unwrap().flatten().collect();
    assert!(left.is_empty(), "{left:?}: nothing was written");
}

#[test]
fn sigterm_before_any_file_is_touched_exits_130_too() {
    // A game waiting for its first move has opened no folder yet.
    let dir = fresh_dir("interrupts", "early");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("zopa"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["play", RUBINSTEIN, "--as", "b", "--out"])
        .arg(&dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 1];
    std::io::Read::read_exact(&mut stdout, &mut first).expect("the game starts");
    signal(&child, "-TERM");
    assert_eq!(finished(child), Some(130), "not ended by the signal itself");
    assert!(!dir.exists());
}

#[test]
fn a_signal_after_the_switch_lets_the_command_finish() {
    // A run: the new set stays, and the command says it succeeded.
    let dir = fresh_dir("interrupts", "after_switch");
    written(
        &["run", DOLLAR, "--trials", "60", "--quiet", "--seed", "1"],
        &dir,
    );
    let before = contents(&dir);
    let mut args = vec!["run", DOLLAR, "--trials", "60", "--quiet", "--seed", "2"];
    args.extend(["--out", dir.to_str().unwrap()]);
    let child = held(&args, "after", Duration::from_secs(2));
    signal(&child, "-INT");
    assert_eq!(finished(child), Some(0));
    assert_ne!(contents(&dir), before, "the new run is in");
    assert_eq!(stray_files(&dir), Vec::<String>::new());
    // An import, whose switch is its one rename.
    let scratch = fresh_dir("interrupts", "import_after_switch");
    std::fs::create_dir_all(&scratch).unwrap();
    let scenario = scratch.join("imported.ron");
    let table = "tests/fixtures/table/eu_example.csv";
    let args = ["import", "table", table, "-o", scenario.to_str().unwrap()];
    let child = held(&args, "after", Duration::from_secs(2));
    signal(&child, "-TERM");
    assert_eq!(finished(child), Some(0), "not 'nothing was written'");
    assert!(scenario.is_file());
}

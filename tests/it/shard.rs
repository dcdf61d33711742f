//! Sharded runs as a cluster user meets them: `zopa run --shard K/N` (and
//! `sweep`, `sensitivity`) in separate processes, `zopa merge` of their
//! folders, and the merged files compared with those of one process doing
//! all the work. The refusals are in `shard_errors.rs`.
//!
//! Trial counts are chosen so that blocks start off the engine's chunks of
//! 1,024 trials and the utility cloud (the first 1,000 trials) is split
//! between shards.

use crate::common::{fresh_dir, stray_files, zopa};
use std::path::{Path, PathBuf};
use zopa::model::build;
use zopa::montecarlo::{self, Controls};
use zopa::shard::ShardSpec;
use zopa::shard::exact::TallyRecord;

pub const FLAGSHIP: &str = "scenarios/ukraine_2026.ron";

/// Runs `zopa ARGS...`, asserts success and returns stdout.
pub fn ok(args: &[&str]) -> String {
    let output = zopa().args(args).output().expect("zopa runs");
    assert!(
        output.status.success(),
        "zopa {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("stdout is UTF-8")
}

/// `path` as an argument.
pub fn arg(path: &Path) -> &str {
    path.to_str().expect("test paths are UTF-8")
}

/// Runs `zopa COMMAND FILE ARGS... --shard K/N --out BASE/K` for every K and
/// returns the shard folders.
pub fn shards(command: &str, file: &str, args: &[&str], count: u64, base: &Path) -> Vec<PathBuf> {
    (0..count)
        .map(|index| {
            let dir = base.join(index.to_string());
            let spec = format!("{index}/{count}");
            let mut all = vec![
                command,
                file,
                "--shard",
                &spec,
                "--out",
                arg(&dir),
                "--quiet",
            ];
            all.extend_from_slice(args);
            let stdout = ok(&all);
            assert!(stdout.starts_with(&format!("Shard {spec} of ")), "{stdout}");
            dir
        })
        .collect()
}

/// `zopa merge SOURCES... --out OUT --format svg --quiet`: its stdout.
pub fn merge(sources: &[&Path], out: &Path) -> String {
    let mut args = vec!["merge"];
    args.extend(sources.iter().map(|source| arg(source)));
    args.extend(["--out", arg(out), "--format", "svg", "--quiet"]);
    ok(&args)
}

/// `zopa COMMAND FLAGSHIP ARGS... --out OUT --quiet`, all in one process.
fn in_one_process(command: &str, args: &[&str], out: &Path) -> String {
    let mut all = vec![command, FLAGSHIP, "--out", arg(out), "--quiet"];
    all.extend_from_slice(args);
    ok(&all)
}

/// Shard `spec` of a one-value sweep of the flagship into `out`.
pub fn sweep_shard(trials: &str, spec: &str, out: &Path) -> String {
    let args = ["--param", "actors.ukraine.reservation", "--values", "0.6"];
    let mut all = vec!["sweep", FLAGSHIP, "--trials", trials, "--shard", spec];
    all.extend(args);
    all.extend(["--out", arg(out), "--quiet"]);
    ok(&all)
}

/// summary.json without the fields that describe how the run was made
/// rather than its result (timing, threads, load, shards).
fn without_timing(dir: &Path) -> String {
    let text = std::fs::read_to_string(dir.join("summary.json")).expect("summary.json exists");
    text.lines()
        .filter(|line| {
            ![
                "\"elapsed_seconds\":",
                "\"trials_per_second\":",
                "\"threads\":",
                "\"load_average\":",
                "\"shards\":",
            ]
            .iter()
            .any(|key| line.trim_start().starts_with(key))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// Shards 0/3, 1/3, 2/3 of a run merged, against one run of all trials.
fn merged_equals_single(name: &str, model: &str, trials: &str) {
    let base = fresh_dir("shard", name);
    let args = ["--model", model, "--trials", trials];
    let folders = shards("run", FLAGSHIP, &args, 3, &base.join("shards"));
    let merged = base.join("merged");
    let sources: Vec<&Path> = folders.iter().map(PathBuf::as_path).collect();
    let stdout = merge(&sources, &merged);
    assert!(
        stdout.contains(&format!("model: {model} · ")) && stdout.contains("merged from 3 shards"),
        "{stdout}"
    );
    let single = base.join("single");
    in_one_process("run", &[&args[..], &["--format", "svg"]].concat(), &single);
    assert_eq!(
        without_timing(&merged),
        without_timing(&single),
        "{model}: the merged summary.json differs from the single run's"
    );
    // Everything drawn from the summary is the same, byte for byte.
    for file in ["report.md", "report.html", "charts/zones.svg"] {
        assert!(
            read(&merged.join(file)) == read(&single.join(file)),
            "{model}: {file} differs"
        );
    }
    let summary: serde_json::Value =
        serde_json::from_slice(&read(&merged.join("summary.json"))).unwrap();
    assert_eq!(
        summary["shards"], 3,
        "the merged summary says it was merged"
    );
    assert!(summary.get("threads").is_none() && summary.get("load_average").is_none());
    assert!(summary["elapsed_seconds"].as_f64().is_some());
    assert!(
        stray_files(&merged).is_empty(),
        "{:?}",
        stray_files(&merged)
    );
}

#[test]
fn merged_shards_of_a_compromise_run_equal_the_single_run() {
    merged_equals_single("compromise", "compromise", "2500");
}

#[test]
fn merged_shards_of_a_nash_run_equal_the_single_run() {
    merged_equals_single("nash", "nash", "2500");
}

#[test]
fn merged_shards_of_an_alternating_offers_run_equal_the_single_run() {
    // Equilibrium play: a backward induction per trial, so fewer trials.
    merged_equals_single("alternating", "alternating-offers", "400");
}

#[test]
fn merged_shards_of_an_expected_utility_run_equal_the_single_run() {
    merged_equals_single("expected_utility", "expected-utility", "1100");
}

#[test]
fn a_shard_folder_holds_its_shard_file_and_nothing_else() {
    let base = fresh_dir("shard", "folder");
    let folders = shards("run", FLAGSHIP, &["--trials", "300"], 2, &base);
    let dir = &folders[1];
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.'))
        .collect();
    names.sort();
    assert_eq!(names, ["shard-run.json"], "no charts, report or summary");
    assert!(stray_files(dir).is_empty(), "{:?}", stray_files(dir));
    let file: serde_json::Value =
        serde_json::from_slice(&read(&dir.join("shard-run.json"))).unwrap();
    assert_eq!(file["format_version"], 1);
    assert_eq!(file["kind"], "run");
    assert_eq!(file["shard"], "1/2");
    assert_eq!(file["range"], serde_json::json!([150, 300]));
    assert_eq!(file["trials"], 300);
    assert_eq!(file["model"], "nash");
    assert_eq!(file["seed"], 2026);
    let text = std::fs::read_to_string(FLAGSHIP).unwrap();
    assert_eq!(file["scenario_text"], text.as_str(), "the scenario as run");
    let sha = file["scenario_sha256"].as_str().unwrap();
    assert_eq!(sha.len(), 64);
    assert_eq!(sha, zopa::shard::file::sha256_hex(text.as_bytes()));
    // A known SHA-256 (FIPS 180-2, appendix B.1), so the field is what
    // `sha256sum` prints.
    assert_eq!(
        zopa::shard::file::sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    // A shard of another kind goes beside it, and a second run shard into
    // the folder replaces the first whole.
    sweep_shard("100", "0/1", dir);
    ok(&[
        "run",
        FLAGSHIP,
        "--trials",
        "300",
        "--shard",
        "0/2",
        "--out",
        arg(dir),
        "--quiet",
    ]);
    let file: serde_json::Value =
        serde_json::from_slice(&read(&dir.join("shard-run.json"))).unwrap();
    assert_eq!(file["shard"], "0/2");
    assert!(dir.join("shard-sweep.json").is_file());
    assert!(stray_files(dir).is_empty(), "{:?}", stray_files(dir));
}

#[test]
fn shards_merge_from_a_folder_of_folders_or_files_in_any_order() {
    let base = fresh_dir("shard", "order");
    let folders = shards(
        "run",
        FLAGSHIP,
        &["--trials", "1500"],
        3,
        &base.join("shards"),
    );
    let by_folder = base.join("by-folder");
    merge(&[&base.join("shards")], &by_folder);
    let by_files = base.join("by-files");
    let files: Vec<PathBuf> = folders
        .iter()
        .rev()
        .map(|dir| dir.join("shard-run.json"))
        .collect();
    let sources: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    merge(&sources, &by_files);
    assert_eq!(
        read(&by_folder.join("summary.json")),
        read(&by_files.join("summary.json")),
        "the order of the shards does not matter"
    );
}

#[test]
fn more_shards_than_trials_leave_empty_shards_that_merge() {
    let base = fresh_dir("shard", "empty");
    let folders = shards("run", FLAGSHIP, &["--trials", "2"], 5, &base.join("shards"));
    let empty = ok(&[
        "run",
        FLAGSHIP,
        "--trials",
        "2",
        "--shard",
        "0/5",
        "--out",
        arg(&folders[0]),
    ]);
    assert!(
        empty.contains("no trials (more shards than the 2 trials)"),
        "an empty shard says so: {empty}"
    );
    let merged = base.join("merged");
    merge(&[&base.join("shards")], &merged);
    let single = base.join("single");
    in_one_process("run", &["--trials", "2", "--format", "svg"], &single);
    assert_eq!(without_timing(&merged), without_timing(&single));
}

#[test]
fn merge_writes_where_the_unsharded_command_would() {
    // Defaults are relative to the working directory: run in a scratch one.
    let base = fresh_dir("shard", "defaults");
    std::fs::create_dir_all(&base).unwrap();
    std::fs::copy(FLAGSHIP, base.join("talks.ron")).unwrap();
    let in_base = |args: &[&str]| {
        let output = zopa().current_dir(&base).args(args).output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    for spec in ["0/2", "1/2"] {
        in_base(&[
            "run",
            "talks.ron",
            "--model",
            "compromise",
            "--trials",
            "200",
            "--shard",
            spec,
            "--quiet",
        ]);
    }
    let shards = base.join("output/talks-compromise-run-shards");
    assert!(shards.join("0-of-2/shard-run.json").is_file());
    assert!(shards.join("1-of-2/shard-run.json").is_file());
    in_base(&[
        "merge",
        "output/talks-compromise-run-shards",
        "--format",
        "svg",
        "--quiet",
    ]);
    let summary = base.join("output/talks-compromise/summary.json");
    assert!(
        summary.is_file(),
        "merged where `zopa run --model compromise` writes"
    );
}

#[test]
fn sweep_shards_merge_to_the_unsharded_sweep() {
    let base = fresh_dir("shard", "sweep");
    let args = [
        "--param",
        "actors.russia.reservation",
        "--range",
        "0.6:0.9:7",
        "--trials",
        "700",
    ];
    shards("sweep", FLAGSHIP, &args, 3, &base.join("shards"));
    let merged = base.join("merged");
    let table = merge(&[&base.join("shards")], &merged);
    assert!(
        table.contains("sweep of actors.russia.reservation"),
        "{table}"
    );
    let single = base.join("single");
    in_one_process("sweep", &args, &single);
    for file in ["sweep.json", "sweep.csv", "sweep.svg"] {
        assert!(
            read(&merged.join(file)) == read(&single.join(file)),
            "{file} differs"
        );
    }
}

#[test]
fn sensitivity_shards_merge_to_the_unsharded_analysis() {
    let base = fresh_dir("shard", "sensitivity");
    let args = ["--trials", "60"];
    // 54 inputs and the baseline in 4 blocks; shard 0 holds the baseline.
    let folders = shards("sensitivity", FLAGSHIP, &args, 4, &base.join("shards"));
    let first = ok(&[
        "sensitivity",
        FLAGSHIP,
        "--trials",
        "60",
        "--shard",
        "0/4",
        "--out",
        arg(&folders[0]),
    ]);
    assert!(
        first.contains("the baseline and inputs 1 to 12 of 54"),
        "{first}"
    );
    let merged = base.join("merged");
    merge(&[&base.join("shards")], &merged);
    let single = base.join("single");
    in_one_process("sensitivity", &args, &single);
    for file in ["sensitivity.json", "tornado.svg"] {
        assert!(
            read(&merged.join(file)) == read(&single.join(file)),
            "{file} differs"
        );
    }
}

#[test]
fn blocks_of_trials_tally_exactly_what_one_run_does() {
    let scenario = zopa::load(Path::new(FLAGSHIP)).unwrap();
    let model = build(zopa::ModelKind::Nash);
    let trials = 2100;
    let whole = montecarlo::run(&scenario, model.as_ref(), trials, 5, Controls::default()).unwrap();
    for count in [1, 2, 3, 7] {
        let mut sum = montecarlo::empty_tally(&scenario);
        for index in 0..count {
            let block = ShardSpec { index, count }.block(trials);
            let part =
                montecarlo::run_range(&scenario, model.as_ref(), block, 5, Controls::default())
                    .unwrap();
            // Through the shard file's encoding and back, exactly.
            let record = TallyRecord::from(&part);
            let text = serde_json::to_string(&record).unwrap();
            let back: TallyRecord = serde_json::from_str(&text).unwrap();
            let decoded = back.decode().unwrap();
            assert_eq!(decoded, part, "a tally reads back as written");
            sum.merge(&decoded);
        }
        assert_eq!(sum, whole, "{count} blocks");
    }
}

/// A shard keeps the utility cloud of the utility chart's two actors only:
/// with every actor's, 12,500 actors at 1,000 trials wrote a 668 MB shard,
/// past the 512 MiB `zopa merge` reads (and 1.7 GB while writing it).
#[test]
fn a_shard_of_many_actors_keeps_the_cloud_of_two() {
    let actors = crate::common::split_actors(2_000);
    let text = format!(
        "Scenario(name: \"Many\", description: \"\", \
         issues: [Issue(id: \"share\", name: \"Share\", min: 0.0, max: 1.0)], \
         actors: [{}], model: Compromise, trials: 50, seed: 1)",
        actors.join(", ")
    );
    let dir = fresh_dir("shard", "many_actors_cloud");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("many.ron");
    std::fs::write(&path, text).unwrap();
    let shard = dir.join("shard");
    zopa()
        .arg("run")
        .arg(&path)
        .args(["--shard", "0/1", "--out"])
        .arg(&shard)
        .assert()
        .success();
    // The actors' own tallies take about 1 MB; with every actor's utility
    // and reservation in its 50 trials the shard was 4.8 MB.
    let size = std::fs::metadata(shard.join("shard-run.json"))
        .unwrap()
        .len();
    assert!(size < 2_000_000, "{size} bytes");
    let merged = dir.join("merged");
    zopa()
        .arg("merge")
        .arg(&shard)
        .arg("--out")
        .arg(&merged)
        .assert()
        .success();
    let summary = std::fs::read_to_string(merged.join("summary.json")).unwrap();
    let summary = zopa::summary::Summary::parse(&summary).unwrap();
    assert_eq!(
        summary.utilities.expect("a utility picture").cloud.len(),
        50
    );
}

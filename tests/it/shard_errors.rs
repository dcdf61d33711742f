//! What `--shard` and `zopa merge` refuse, and how they say it: a bad K/N
//! is a usage error (exit 2) that says what to write; shards that do not
//! belong together, a missing or doubled shard, or a damaged or foreign
//! shard file are refused (exit 1) with a message naming the file at fault,
//! and nothing is written.

use crate::common::{fresh_dir, zopa};
use crate::shard::{FLAGSHIP, arg, merge, ok, shards, sweep_shard};
use std::path::Path;

const DOLLAR: &str = "scenarios/classroom/divide_the_dollar.ron";

/// Runs `zopa ARGS...`, asserts exit `code` and an empty stdout, returns stderr.
fn fails(code: i32, args: &[&str]) -> String {
    let output = zopa().args(args).output().expect("zopa runs");
    let stderr = String::from_utf8(output.stderr).expect("stderr is UTF-8");
    assert_eq!(output.status.code(), Some(code), "{args:?}: {stderr}");
    assert!(output.stdout.is_empty(), "{args:?} printed results");
    stderr
}

/// `zopa merge SHARDS... --out OUT` refused: its message, after checking that
/// OUT was not written.
fn merge_refused(shards: &[&Path], out: &Path) -> String {
    let mut args = vec!["merge"];
    args.extend(shards.iter().map(|dir| arg(dir)));
    args.extend(["--out", arg(out)]);
    let stderr = fails(1, &args);
    assert!(!out.exists(), "a refused merge wrote {}", out.display());
    stderr
}

#[test]
fn bad_shard_numbers_are_usage_errors_that_say_what_to_write() {
    let out = fresh_dir("shard_errors", "usage");
    let cases = [
        ("0/0", "N must be at least 1"),
        (
            "3/3",
            "there is no shard 3/3: with 3 shards K runs from 0 to 2 (Slurm: --array=0-2)",
        ),
        ("4/3", "there is no shard 4/3"),
        (
            "garbage",
            "`garbage` is not K/N: write the shard's number K and the number of shards N",
        ),
        (
            "1/two",
            "the number of shards N `two` in `1/two` is not a whole number",
        ),
        ("-1/3", "the shard number K `-1`"),
    ];
    for (spec, expected) in cases {
        for command in [
            vec!["run", DOLLAR],
            vec!["sensitivity", DOLLAR],
            vec![
                "sweep",
                DOLLAR,
                "--param",
                "actors.a.reservation",
                "--values",
                "0.1",
            ],
        ] {
            let mut args = command.clone();
            args.extend(["--shard", spec, "--out", arg(&out)]);
            let stderr = fails(2, &args);
            assert!(stderr.contains(expected), "{spec}: {stderr}");
        }
    }
    // A shard writes no trials.csv and no charts: asking for them is an error.
    for extra in ["--trials-csv", "--format=png"] {
        let stderr = fails(
            2,
            &["run", DOLLAR, "--shard", "0/2", extra, "--out", arg(&out)],
        );
        assert!(stderr.contains("cannot be used with"), "{extra}: {stderr}");
    }
    assert!(!out.exists());
}

#[test]
fn shards_of_other_runs_are_refused_naming_the_shard() {
    let base = fresh_dir("shard_errors", "others");
    let run = |name: &str, file: &str, args: &[&str]| {
        let dir = base.join(name);
        let mut all = vec!["run", file, "--out", arg(&dir), "--quiet"];
        all.extend_from_slice(args);
        ok(&all);
        dir
    };
    let first = run("first", FLAGSHIP, &["--trials", "90", "--shard", "0/3"]);
    let second = run("second", FLAGSHIP, &["--trials", "90", "--shard", "1/3"]);
    let third = run("third", FLAGSHIP, &["--trials", "90", "--shard", "2/3"]);
    let out = base.join("merged");
    let cases = [
        (
            run(
                "scenario",
                "scenarios/ukraine_2026_linear.ron",
                &["--trials", "90", "--shard", "1/3"],
            ),
            "is a shard of another scenario than",
        ),
        (
            run(
                "seed",
                FLAGSHIP,
                &["--trials", "90", "--seed", "7", "--shard", "1/3"],
            ),
            "another seed",
        ),
        (
            run(
                "model",
                FLAGSHIP,
                &["--trials", "90", "--model", "compromise", "--shard", "1/3"],
            ),
            "model `compromise` (--model) there, model `nash` (the scenario's own) here",
        ),
        (
            run("trials", FLAGSHIP, &["--trials", "91", "--shard", "1/3"]),
            "91 trials there, 90 trials here",
        ),
        (
            run("split", FLAGSHIP, &["--trials", "90", "--shard", "1/4"]),
            "another split",
        ),
    ];
    for (odd, expected) in &cases {
        let stderr = merge_refused(&[&first, odd, &third], &out);
        let named = format!(
            "error: {}/shard-run.json is a shard of another",
            odd.display()
        );
        assert!(stderr.contains(&named), "names the odd shard: {stderr}");
        assert!(stderr.contains(&format!("than {}/shard-run.json", first.display())));
        assert!(stderr.contains(expected), "{stderr}");
        assert!(stderr.contains("help: "), "{stderr}");
    }
    // A shard of a sweep among those of a run.
    let sweep = base.join("sweep");
    sweep_shard("90", "1/3", &sweep);
    let stderr = merge_refused(&[&first, &sweep, &third], &out);
    assert!(
        stderr.contains(&format!(
            "{}/shard-sweep.json is a shard of a sweep, but {}/shard-run.json is a shard of a run",
            sweep.display(),
            first.display()
        )),
        "{stderr}"
    );
    // The same shard twice, from another run of it: an overlap.
    let again = run("again", FLAGSHIP, &["--trials", "90", "--shard", "1/3"]);
    let stderr = merge_refused(&[&first, &second, &again, &third], &out);
    assert!(
        stderr.contains(&format!(
            "{}/shard-run.json and {}/shard-run.json are both shard 1/3 (trials 30 to 59 of 90)",
            again.display(),
            second.display()
        )),
        "{stderr}"
    );
    // The same file twice.
    let stderr = merge_refused(
        &[&first, &second, &second.join("shard-run.json"), &third],
        &out,
    );
    assert!(stderr.contains("are the same shard file"), "{stderr}");
    // A missing shard.
    let stderr = merge_refused(&[&first, &third], &out);
    assert!(
        stderr.contains("shard 1/3 (trials 30 to 59 of 90) is missing")
            && stderr.contains("run it (the same command with --shard 1/3)"),
        "{stderr}"
    );
    // The three of one run still merge.
    merge(&[&first, &second, &third], &out);
}

#[test]
fn damaged_and_foreign_shard_files_are_refused() {
    let base = fresh_dir("shard_errors", "damaged");
    let dirs = shards("run", DOLLAR, &["--trials", "40"], 2, &base.join("shards"));
    let good = std::fs::read_to_string(dirs[1].join("shard-run.json")).unwrap();
    let out = base.join("merged");
    let write = |name: &str, text: &str| {
        let path = base.join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let edited = good.replacen("Divide the dollar", "Divide the pound", 1);
    let counted = good.replacen(
        "\"run\": {\n      \"trials\": 20,",
        "\"run\": {\n      \"trials\": 21,",
        1,
    );
    assert_ne!(counted, good, "the tally's trial count is in the file");
    let cases = [
        (
            write("edited.json", &edited),
            "its scenario text does not match its scenario_sha256",
        ),
        (
            write("cut.json", &good[..good.len() / 2]),
            "is not a shard file zopa can read: EOF while parsing",
        ),
        (
            write("counted.json", &counted),
            "is damaged: it counts 21 trials where its block has 20",
        ),
        (
            write("plain.json", "[1, 2]"),
            "is not a shard file zopa can read",
        ),
        (
            write(
                "newer.json",
                &good.replacen("\"format_version\": 1", "\"format_version\": 2", 1),
            ),
            "is in shard format 2, written by zopa 0.1.0; this zopa (0.1.0) reads format 1",
        ),
        (
            write(
                "backtest.json",
                &good.replacen("\"kind\": \"run\"", "\"kind\": \"backtest\"", 1),
            ),
            "is a shard of kind `backtest`, written by zopa 0.1.0, which this zopa cannot merge",
        ),
        (
            write(
                "older.json",
                &good.replacen(
                    "\"zopa_version\": \"0.1.0\"",
                    "\"zopa_version\": \"0.0.9\"",
                    1,
                ),
            ),
            "was written by zopa 0.0.9; this is zopa 0.1.0",
        ),
    ];
    for (path, expected) in &cases {
        let stderr = merge_refused(&[&dirs[0], path], &out);
        assert!(
            stderr.contains(&format!("error: {}", path.display())),
            "names the file: {stderr}"
        );
        assert!(stderr.contains(expected), "{}: {stderr}", path.display());
    }
    let empty = base.join("nothing-here");
    std::fs::create_dir_all(&empty).unwrap();
    let stderr = merge_refused(&[&empty], &out);
    assert!(stderr.contains("holds no shard file"), "{stderr}");
}

/// A shard's round counts must be those of its model: rounds 1 to the
/// deadline adding up to the trials, and none for a model without rounds. A
/// crafted shard with a count for round 5,000,000 of a 10-round deadline was
/// merged (and its summary's round distribution held five million shares).
#[test]
fn shards_whose_rounds_do_not_fit_their_model_are_refused() {
    let base = fresh_dir("shard_errors", "rounds");
    let deadline = "scenarios/classroom/deadline.ron";
    let dirs = shards(
        "run",
        deadline,
        &["--trials", "40"],
        2,
        &base.join("protocol"),
    );
    let good = std::fs::read_to_string(dirs[1].join("shard-run.json")).unwrap();
    let rounds = "\"rounds\": [\n        0,\n        20\n      ]";
    assert!(good.contains(rounds), "the rounds are in the file: {good}");
    let out = base.join("merged");
    let write = |name: &str, text: String| {
        let path = base.join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let mut late = String::from("\"rounds\": [0");
    for _ in 0..5_000 {
        late.push_str(", 0");
    }
    late.push_str(", 20]");
    let past = write("past.json", good.replacen(rounds, &late, 1));
    let stderr = merge_refused(&[&dirs[0], &past], &out);
    assert!(
        stderr.contains("it counts trials ending after round 10"),
        "{stderr}"
    );
    let short = write(
        "short.json",
        good.replacen(rounds, "\"rounds\": [0, 19]", 1),
    );
    let stderr = merge_refused(&[&dirs[0], &short], &out);
    assert!(
        stderr.contains("its rounds do not add up to its trials and agreements"),
        "{stderr}"
    );

    let dirs = shards("run", DOLLAR, &["--trials", "40"], 2, &base.join("nash"));
    let good = std::fs::read_to_string(dirs[1].join("shard-run.json")).unwrap();
    let none = "\"rounds\": [],";
    assert!(
        good.contains(none),
        "a model without rounds counts none: {good}"
    );
    let played = write(
        "played.json",
        good.replacen(none, "\"rounds\": [0, 20],", 1),
    );
    let stderr = merge_refused(&[&dirs[0], &played], &out);
    assert!(
        stderr.contains("it counts rounds, but its model plays none"),
        "{stderr}"
    );
}

/// A shard file as JSON, edited by `edit`, with its scenario's SHA-256 made
/// to match again, written to `base/name`.
fn edited(
    base: &Path,
    from: &Path,
    name: &str,
    edit: impl FnOnce(&mut serde_json::Value),
) -> std::path::PathBuf {
    use sha2::{Digest, Sha256};
    let text = std::fs::read_to_string(from).unwrap();
    let mut file: serde_json::Value = serde_json::from_str(&text).unwrap();
    edit(&mut file);
    let scenario = file["scenario_text"].as_str().unwrap().to_string();
    let sha: String = Sha256::digest(scenario.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    file["scenario_sha256"] = serde_json::Value::String(sha);
    let path = base.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(&file).unwrap()).unwrap();
    path
}

/// What a shard holds must be what zopa could have written, checked before
/// anything is merged: a campaign of hostile shards (session 17) merged
/// counts of 2^64 − 1 into a summary.json that `zopa plot` refused, hung
/// drawing a sweep whose values were ±1e308 and infinity, took 2.8 GB and
/// then aborted on a scenario text of 150,000 actors (no size limit), and
/// echoed a 100,000-character file name. Each is refused with the file named;
/// numbers the per-shard checks let through are caught by reading the merged
/// result back as `zopa plot` would.
#[test]
fn shards_holding_what_zopa_never_writes_are_refused() {
    let base = fresh_dir("shard_errors", "never_written");
    let dirs = shards("run", DOLLAR, &["--trials", "40"], 2, &base.join("run"));
    let run = dirs[1].join("shard-run.json");
    let out = base.join("merged");
    let cases = [
        (
            edited(&base, &run, "count.json", |file| {
                file["work"]["run"]["actors"][0]["above_reservation"] = u64::MAX.into();
            }),
            "is damaged: it counts more trials for an actor, a proposal or a zone than it ran",
        ),
        (
            edited(&base, &run, "large.json", |file| {
                let text = file["scenario_text"].as_str().unwrap();
                let padded = format!("{text}\n// {}\n", "x".repeat(2_200_000));
                file["scenario_text"] = padded.into();
            }),
            "the file is larger than the 2097152 bytes scenario files are limited to",
        ),
        (
            edited(&base, &run, "elapsed.json", |file| {
                file["elapsed_seconds"] = (-1.0).into();
            }),
            "its elapsed_seconds or load_average is not a time or a load",
        ),
        (
            edited(&base, &run, "name.json", |file| {
                file["scenario_file"] = "s".repeat(5_000).into();
            }),
            "its scenario_file is not a file name (over 4096 bytes",
        ),
    ];
    for (path, expected) in &cases {
        // The edited shard first: it is the one the others are checked against.
        let stderr = merge_refused(&[path, &dirs[0]], &out);
        assert!(stderr.contains(expected), "{}: {stderr}", path.display());
        assert!(stderr.len() < 2_000, "a short message: {stderr}");
    }

    let sweep = |values: &str, dir: &str| {
        let dir = base.join(dir);
        ok(&[
            "sweep",
            DOLLAR,
            "--param",
            "actors.a.reservation",
            "--values",
            values,
            "--trials",
            "10",
            "--shard",
            "0/1",
            "--out",
            arg(&dir),
            "--quiet",
        ]);
        dir.join("shard-sweep.json")
    };
    let good = sweep("0.1,0.2", "sweep");
    let huge = edited(&base, &good, "huge.json", |file| {
        file["work"]["sweep"]["values"][1] = "1e308".into();
    });
    let stderr = merge_refused(&[&huge], &out);
    assert!(
        stderr.contains("is damaged: it holds a sweep value zopa sweep refuses: cannot set")
            && stderr.contains("reservation must lie in [0, 1], found 1e308"),
        "{stderr}"
    );
    // A share of 2 passes the shard's own checks (its shapes fit), but not
    // the reader's.
    let share = edited(&base, &good, "share.json", |file| {
        file["work"]["sweep"]["points"][0]["agreement_rate"] = "2.0".into();
    });
    let stderr = merge_refused(&[&share], &out);
    assert!(
        stderr.contains("error: the merged sweep.json would not read back:")
            && stderr.contains("one of the shards holds numbers zopa never writes"),
        "{stderr}"
    );
}

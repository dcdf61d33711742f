//! `zopa check` warns when the scenario's own model will be slow at its size
//! (besides expected utility, tested in `cli`): equilibrium and time-dependent
//! alternating offers with concave stances on many continuous issues, and Nash
//! or Kalai–Smorodinsky over many combinations of discrete options; and every
//! command refuses, before any work, a trial estimated over 10 s (unless
//! `--allow-slow`) or a worker over the memory budget (`zopa::cost`). The
//! sizes here are those of issue 16 (50 veto actors × 30 quadratic issues with
//! red lines ran over 400 s per solve) and of the measurements in `src/cost.rs`.

use crate::common::{fresh_dir, zopa};

/// A scenario of `actors` veto actors on `issues` issues: continuous with
/// `shape` stances and red lines, or discrete with `options` options each.
fn synthetic(actors: usize, issues: usize, shape: &str, options: usize, model: &str) -> String {
    let issue_list: Vec<String> = (0..issues)
        .map(|d| {
            if options > 0 {
                let names: Vec<String> = (0..options).map(|k| format!("\"o{k}\"")).collect();
                format!(
                    "Issue(id: \"i{d}\", name: \"I{d}\", options: [{}])",
                    names.join(", ")
                )
            } else {
                format!("Issue(id: \"i{d}\", name: \"I{d}\", min: 0.0, max: 1.0)")
            }
        })
        .collect();
    let actor_list: Vec<String> = (0..actors)
        .map(|j| {
            let stances: Vec<String> = (0..issues)
                .map(|d| {
                    let position = ((j * 7 + d * 3) % 10) as f64 / 10.0;
                    if options > 0 {
                        let values: Vec<String> = (0..options)
                            .map(|k| format!("\"o{k}\": {}", ((j + k + d) % options) as f64 / options as f64))
                            .collect();
                        format!("\"i{d}\": (values: {{{}}}, salience: 1.0)", values.join(", "))
                    } else {
                        let red_line = if position < 0.5 { "(max: 0.8)" } else { "(min: 0.2)" };
                        format!(
                            "\"i{d}\": (position: {position}, salience: 1.0, shape: {shape}, red_line: {red_line})"
                        )
                    }
                })
                .collect();
            format!(
                "Actor(id: \"a{j}\", name: \"A{j}\", power: 1.0, reservation: 0.1, veto: true, stances: {{{}}})",
                stances.join(", ")
            )
        })
        .collect();
    format!(
        "Scenario(name: \"Synthetic\", description: \"\", issues: [{}], actors: [{}], model: {model}, trials: 1000, seed: 1)",
        issue_list.join(", "),
        actor_list.join(", ")
    )
}

/// Writes `text` as a scenario in a fresh folder and returns its path.
fn scenario_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = fresh_dir("check_cost", name);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("scenario.ron");
    std::fs::write(&path, text).unwrap();
    path
}

/// `zopa check`'s standard output for `text`, which must pass (with `flags`).
fn checked_with(name: &str, text: &str, flags: &[&str]) -> String {
    let path = scenario_file(name, text);
    let output = zopa().arg("check").args(flags).arg(&path).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout
            .lines()
            .skip(1)
            .all(|line| line.chars().count() <= 100),
        "notes wrap at 100 columns: {stdout}"
    );
    stdout
}

fn checked(name: &str, text: &str) -> String {
    checked_with(name, text, &[])
}

/// The error of `zopa ARGS FILE` for `text`, which must fail with status 1
/// without writing anything (the output folder, if any, is `out/` beside it).
fn refused(name: &str, text: &str, args: &[&str]) -> String {
    let path = scenario_file(name, text);
    let out = path.with_file_name("out");
    let output = zopa()
        .args(args)
        .arg(&path)
        .current_dir(path.parent().unwrap())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(!out.exists(), "nothing is written before a refusal");
    String::from_utf8_lossy(&output.stderr).to_string()
}

const EQUILIBRIUM: &str = "AlternatingOffers(proposer: Rotating, behaviour: Equilibrium, breakdown: 0.0, max_rounds: 100)";
const TIME_DEPENDENT: &str = "AlternatingOffers(proposer: Rotating, behaviour: TimeDependent(e: 1.0), breakdown: 0.0, max_rounds: 100)";

#[test]
fn equilibrium_play_on_many_concave_issues_is_refused_unless_allowed() {
    // 50 veto actors × 30 quadratic issues with red lines: over 400 s
    // measured, estimated at about 24 min.
    let text = synthetic(50, 30, "Quadratic", 0, EQUILIBRIUM);
    let error = refused("equilibrium", &text, &["check"]);
    assert!(
        error.contains("scenario.ron:1:")
            && error.contains(
                "error: equilibrium alternating offers with concave (quadratic) stances on 30"
            )
            && error.contains("over zopa's limit of 10 s per trial")
            && error.contains("help: the time grows with about the fifth power")
            && error.contains("--allow-slow"),
        "{error}"
    );
    // Every command that would run it refuses it the same way, before any work.
    for args in [
        &["run", "--out", "out"][..],
        &["solve"],
        &["explain"],
        &[
            "sweep",
            "--param",
            "actors.a0.power",
            "--values",
            "1,2",
            "--out",
            "out",
        ],
    ] {
        let error = refused("equilibrium", &text, args);
        assert!(error.contains("over zopa's limit"), "{args:?}: {error}");
    }
    // With --allow-slow, check passes with the estimate as a note.
    let note = checked_with("equilibrium_allowed", &text, &["--allow-slow"]);
    assert!(
        note.contains(
            "note: equilibrium alternating offers with concave (quadratic) stances on 30"
        ) && note.contains("per trial on one core")
            && note.contains("1000 trials may take")
            && note.contains("max_rounds")
            && note.contains("--trials"),
        "{note}"
    );
    // Linear stances are linear programs: 10 actors at 30 issues took 1.5 s
    // per 100 rounds, a note and no refusal.
    let linear = checked(
        "equilibrium_linear",
        &synthetic(50, 30, "Linear", 0, EQUILIBRIUM),
    );
    assert!(
        linear.contains("note: equilibrium alternating offers with linear stances"),
        "{linear}"
    );
    let small = checked(
        "equilibrium_small",
        &synthetic(5, 2, "Quadratic", 0, EQUILIBRIUM),
    );
    assert!(!small.contains("note:"), "{small}");
}

#[test]
fn check_warns_when_time_dependent_play_on_many_concave_issues_will_be_slow() {
    // 20 issues: 5 s measured, a note; 30 issues: 31–52 s, refused.
    let note = checked(
        "time_dependent",
        &synthetic(10, 20, "Quadratic", 0, TIME_DEPENDENT),
    );
    assert!(
        note.contains("note: time-dependent alternating offers with concave (quadratic) stances")
            && !note.contains("max_rounds"),
        "the deadline hardly matters to its cost: {note}"
    );
    let error = refused(
        "time_dependent_big",
        &synthetic(10, 30, "Quadratic", 0, TIME_DEPENDENT),
        &["check"],
    );
    assert!(error.contains("over zopa's limit"), "{error}");
    let small = checked(
        "time_dependent_small",
        &synthetic(10, 5, "Quadratic", 0, TIME_DEPENDENT),
    );
    assert!(!small.contains("note:"), "{small}");
}

#[test]
fn nash_or_ks_over_many_combinations_of_options_get_a_note_or_a_refusal() {
    for model in ["Nash", "KalaiSmorodinsky"] {
        let note = checked(model, &synthetic(10, 6, "", 10, model));
        // As one line, wherever the note wraps.
        let note = note.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            note.contains("every combination of the discrete issues' options (1,000,000)")
                && note.contains("each of 10 actors"),
            "{note}"
        );
    }
    // 10⁴⁰ combinations: a trial would never end, and the estimate says so
    // in words, not a count of days in 300 digits.
    let error = refused("nash_huge", &synthetic(10, 40, "", 10, "Nash"), &["check"]);
    assert!(
        error.contains("(1.0e40)") && error.contains("over a year"),
        "{error}"
    );
    // The compromise does not search combinations, but each trial tests for
    // a zone of agreement over them (0.11 s a trial measured here).
    let compromise = checked("compromise", &synthetic(10, 6, "", 10, "Compromise"));
    let compromise = compromise.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        compromise.contains("note: the test for a zone of agreement over every combination"),
        "{compromise}"
    );
}

#[test]
fn play_that_would_hold_every_combination_in_memory_is_refused_even_if_slow_is_allowed() {
    // 10 discrete issues of 10 options: time-dependent play would hold 10¹⁰
    // combinations (10⁷ took 2.7 GB), so no flag lets it run.
    let text = synthetic(3, 10, "", 10, TIME_DEPENDENT);
    let error = refused("play_memory", &text, &["--allow-slow", "check"]);
    assert!(
        error.contains("per worker thread (every combination of the discrete issues' options")
            && error.contains("over zopa's limit of 1.0 GB"),
        "{error}"
    );
}

#[test]
fn each_proposer_of_time_dependent_or_faratin_play_keeps_the_combinations() {
    // 1,000 actors on 14 two-option issues (16,384 combinations): every
    // Faratin agent keeps both ends of every combination's path, 3.86 GB in
    // `zopa solve`, and so does every time-dependent proposer drawn at
    // random, 2.06 GB; the estimate of 56 bytes per combination and per
    // issue or actor had said 0.93 GB and let both run on one worker.
    let faratin = "AlternatingOffers(behaviour: Faratin(e: 0.2), max_rounds: 100)";
    let error = refused(
        "faratin_memory",
        &synthetic(1000, 14, "", 2, faratin),
        &["--allow-slow", "check"],
    );
    assert!(
        error.contains("about 4.0 GB per worker thread (every combination")
            && error.contains("with each proposer's utilities"),
        "{error}"
    );
    let random = "AlternatingOffers(proposer: Random, behaviour: TimeDependent(e: 2.0), \
                  max_rounds: 100)";
    let error = refused(
        "random_proposer_memory",
        &synthetic(1000, 14, "", 2, random),
        &["--allow-slow", "check"],
    );
    assert!(error.contains("about 2.1 GB per worker thread"), "{error}");
    // Taking turns, at most 100 of them propose before the deadline: 220 MB
    // measured.
    let rotating = "AlternatingOffers(proposer: Rotating, behaviour: TimeDependent(e: 2.0), \
                    max_rounds: 100)";
    checked_with(
        "rotating_proposer_memory",
        &synthetic(1000, 14, "", 2, rotating),
        &["--allow-slow"],
    );
}

#[test]
fn expected_utility_whose_tables_would_not_fit_the_budget_is_refused() {
    // 4,500 actors on one issue: its tables and lists per pair of actors
    // held 1.37 GB in `zopa solve` (1.45 GB in a run), where the estimate
    // of 40 bytes a pair had said 0.99 GB and let it run; at 68 bytes a
    // pair it is 1.5 GB, and no flag lets it run.
    let text = synthetic(4500, 1, "Linear", 0, "ExpectedUtility(rounds: 10)");
    let error = refused("eu_memory", &text, &["solve", "--allow-slow"]);
    assert!(
        error.contains("about 1.5 GB per worker thread (expected utility's tables")
            && error.contains("over zopa's limit of 1.0 GB"),
        "{error}"
    );
    // Under jmckib's rules two more tables: 3,500 actors (0.95 GB under
    // the paper's rules, which run) are refused.
    let jmckib = synthetic(
        3500,
        1,
        "Linear",
        0,
        "ExpectedUtility(rounds: 10, rules: Jmckib)",
    );
    let error = refused("eu_memory_jmckib", &jmckib, &["solve", "--allow-slow"]);
    assert!(
        error.contains("per worker thread (expected utility's tables"),
        "{error}"
    );
}

#[test]
fn nash_and_ks_count_the_combinations_they_hold_in_memory() {
    // Two veto actors over 10⁷ combinations: Nash lays them all out, 560 MB
    // (554 MB measured in `zopa solve`), so two workers do not fit.
    let nash = synthetic(2, 7, "", 10, "Nash");
    let error = refused(
        "nash_combinations",
        &nash,
        &["run", "--allow-slow", "--threads", "2", "--out", "out"],
    );
    assert!(
        error.contains("each worker thread keeps about 560 MB (every combination"),
        "{error}"
    );
    // Kalai–Smorodinsky with three veto actors also keeps each actor's
    // utility of each combination: 1.34 GB measured at 10⁷ with 10 actors;
    // 10⁸ combinations are refused whatever the flags.
    let ks = synthetic(3, 8, "", 10, "KalaiSmorodinsky");
    let error = refused("ks_combinations", &ks, &["solve", "--allow-slow"]);
    assert!(
        error.contains("per worker thread (every combination of the discrete issues' options)"),
        "{error}"
    );
}

#[test]
fn more_threads_than_fit_the_memory_budget_are_refused() {
    // Each worker keeps a 4,096-bin histogram per continuous issue and actor
    // (100 issues, 5 actors: about 3.5 MB): 1,000 workers would keep 3.5 GB.
    let text = synthetic(5, 100, "Linear", 0, "Compromise");
    let error = refused(
        "threads",
        &text,
        &["run", "--threads", "1000", "--out", "out"],
    );
    assert!(
        error.contains("--threads 1000: each worker thread keeps about")
            && error.contains("use --threads"),
        "{error}"
    );
}

#[test]
fn no_shipped_scenario_gets_a_cost_note() {
    let mut files: Vec<_> = ["scenarios", "scenarios/classroom"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(dir).unwrap())
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    let output = zopa().arg("check").args(&files).output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!stdout.contains("note:"), "{stdout}");
}

/// `text` (from [`synthetic`] with continuous issues) with `issues` more
/// discrete issues of `options` options, each actor favouring one.
fn with_discrete(text: &str, issues: usize, options: usize) -> String {
    let names: Vec<String> = (0..options).map(|k| format!("\"o{k}\"")).collect();
    let added: String = (0..issues)
        .map(|d| {
            format!(
                ", Issue(id: \"d{d}\", name: \"D{d}\", options: [{}])",
                names.join(", ")
            )
        })
        .collect();
    let stances: String = (0..issues)
        .map(|d| {
            format!(
                ", \"d{d}\": (position: \"o{}\", salience: 1.0)",
                d % options
            )
        })
        .collect();
    text.replacen("], actors: [", &format!("{added}], actors: ["), 1)
        .replace("})", &format!("{stances}}})"))
}

#[test]
fn continuous_programs_are_estimated_once_per_combination_of_discrete_options() {
    // Kalai–Smorodinsky with 3 veto actors on 10 quadratic issues solves its
    // programs once per combination: with 4 discrete issues of 10 options
    // (10,000 combinations) a trial took 33 s, with no note before.
    let continuous = synthetic(3, 10, "Quadratic", 0, "KalaiSmorodinsky");
    let small = checked("ks_continuous", &continuous);
    assert!(!small.contains("note:"), "{small}");
    let error = refused(
        "ks_combinations",
        &with_discrete(&continuous, 4, 10),
        &["solve"],
    );
    let error = error.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        error.contains("kalai-smorodinsky with 3 veto actors on 10 continuous issues for each of 10,000 combinations of discrete options")
            && error.contains("over zopa's limit of 10 s per trial"),
        "{error}"
    );
}

/// The summary's nominal picture (the frontier of the utility chart, the Nash
/// and Kalai–Smorodinsky points) is computed on every run whatever its model,
/// and is held to what it can afford (`cost::nominal_parts`). A random
/// campaign found `run --trials 1` of the compromise model on 2 actors, one
/// continuous issue and 10⁶ combinations of options over 58 s in the
/// frontier alone; here 9 × 10⁴ combinations took about 5 s and drew it.
#[test]
fn a_run_leaves_out_a_nominal_frontier_it_cannot_afford() {
    let options = |k: usize| {
        (0..k)
            .map(|o| format!("\"o{o}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let actors: Vec<String> = (0..2)
        .map(|a| {
            format!(
                "Actor(id: \"a{a}\", name: \"A{a}\", power: 1.0, reservation: 0.0, stances: {{\
                 \"c\": (position: {a}.0, salience: 1.0), \
                 \"d0\": (position: \"o{}\", salience: 1.0), \
                 \"d1\": (position: \"o{}\", salience: 1.0)}})",
                a * 299,
                a * 299
            )
        })
        .collect();
    let text = format!(
        "Scenario(name: \"Costly frontier\", issues: [\
         Issue(id: \"c\", name: \"C\", min: 0.0, max: 1.0), \
         Issue(id: \"d0\", name: \"D0\", options: [{}]), \
         Issue(id: \"d1\", name: \"D1\", options: [{}])], \
         actors: [{}], model: Compromise, trials: 1, seed: 1)",
        options(300),
        options(300),
        actors.join(", ")
    );
    let path = scenario_file("costly_frontier", &text);
    let out = fresh_dir("check_cost", "costly_frontier_out");
    zopa()
        .arg("run")
        .arg(&path)
        .args(["--quiet", "--format", "svg", "--out"])
        .arg(&out)
        .timeout(std::time::Duration::from_secs(300))
        .assert()
        .success();
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let frontier = &summary["utilities"]["frontier"];
    assert_eq!(
        frontier.as_array().map(Vec::len),
        Some(0),
        "a frontier was drawn"
    );
    // The summary says why, and so does the chart's legend.
    assert_eq!(summary["utilities"]["frontier_left_out"], true);
    let chart = std::fs::read_to_string(out.join("charts").join("utilities.svg")).unwrap();
    assert!(
        chart.contains("Pareto frontier left out: too costly to compute"),
        "the legend does not say why"
    );
}

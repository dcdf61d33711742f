//! `zopa check` warns when the scenario's own model will be slow at its size
//! (besides expected utility, tested in `cli`): equilibrium and time-dependent
//! alternating offers with concave stances on many continuous issues, and Nash
//! or Kalai–Smorodinsky over many combinations of discrete options. The sizes
//! here are those of issue 16 (50 veto actors × 30 quadratic issues with red
//! lines ran over 400 s per solve) and of the measurements in `cli/check.rs`.

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

/// `zopa check`'s standard output for `text`, which must pass.
fn checked(name: &str, text: &str) -> String {
    let dir = fresh_dir("check_cost", name);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("scenario.ron");
    std::fs::write(&path, text).unwrap();
    let output = zopa().arg("check").arg(&path).output().unwrap();
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

const EQUILIBRIUM: &str = "AlternatingOffers(proposer: Rotating, behaviour: Equilibrium, breakdown: 0.0, max_rounds: 100)";
const TIME_DEPENDENT: &str = "AlternatingOffers(proposer: Rotating, behaviour: TimeDependent(e: 1.0), breakdown: 0.0, max_rounds: 100)";

#[test]
fn check_warns_when_equilibrium_play_on_many_concave_issues_will_be_slow() {
    let note = checked(
        "equilibrium",
        &synthetic(50, 30, "Quadratic", 0, EQUILIBRIUM),
    );
    assert!(
        note.contains(
            "note: equilibrium alternating offers with concave (quadratic) stances on 30"
        ) && note.contains("per trial on one core")
            && note.contains("1000 trials may take")
            && note.contains("max_rounds")
            && note.contains("--trials"),
        "{note}"
    );
    // Linear stances are cheap (0.2 s at 5 × 20), and so is one issue.
    let linear = checked(
        "equilibrium_linear",
        &synthetic(50, 30, "Linear", 0, EQUILIBRIUM),
    );
    assert!(!linear.contains("note:"), "{linear}");
    let small = checked(
        "equilibrium_small",
        &synthetic(5, 2, "Quadratic", 0, EQUILIBRIUM),
    );
    assert!(!small.contains("note:"), "{small}");
}

#[test]
fn check_warns_when_time_dependent_play_on_many_concave_issues_will_be_slow() {
    let note = checked(
        "time_dependent",
        &synthetic(10, 30, "Quadratic", 0, TIME_DEPENDENT),
    );
    assert!(
        note.contains("note: time-dependent alternating offers with concave (quadratic) stances")
            && !note.contains("max_rounds"),
        "the deadline hardly matters to its cost: {note}"
    );
    // At 10 issues a trial takes 0.15 s measured: over the note's threshold,
    // and a 1000-trial run a matter of seconds, which the note says.
    let small = checked(
        "time_dependent_small",
        &synthetic(10, 5, "Quadratic", 0, TIME_DEPENDENT),
    );
    assert!(!small.contains("note:"), "{small}");
}

#[test]
fn check_warns_when_nash_or_ks_search_many_combinations_of_options() {
    for model in ["Nash", "KalaiSmorodinsky"] {
        let note = checked(model, &synthetic(10, 6, "", 10, model));
        assert!(
            note.contains("every combination of the discrete issues' options (1,000,000)")
                && note.contains("for each of 10"),
            "{note}"
        );
    }
    // Beyond a year the note says so, not a count of days in 300 digits.
    let huge = checked("nash_huge", &synthetic(10, 40, "", 10, "Nash"));
    assert!(
        huge.contains("(1.0e40)") && huge.contains("over a year"),
        "{huge}"
    );
    // The compromise does not search combinations.
    let compromise = checked("compromise", &synthetic(10, 6, "", 10, "Compromise"));
    assert!(!compromise.contains("note:"), "{compromise}");
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

//! `zopa check FILE...`: validate and summarise each file.

use super::error::{CliError, emit};
use std::path::PathBuf;
use zopa::ModelKind;
use zopa::scenario::{self, Scenario};

pub fn run(files: &[PathBuf]) -> Result<(), CliError> {
    let mut failed = 0;
    for file in files {
        match scenario::load(file) {
            Ok(scenario) => {
                emit(&format!("ok  {}: {}\n", file.display(), summary(&scenario)))?;
                if let Some(note) = cost_note(&scenario) {
                    emit(&zopa::report::run::wrap(&format!("note: {note}"), 100, 4))?;
                }
            }
            Err(err) => {
                failed += 1;
                eprintln!("{err}");
            }
        }
    }
    match failed {
        0 => Ok(()),
        1 if files.len() == 1 => Err(CliError::Input(String::new())),
        _ => Err(CliError::Input(format!(
            "{failed} of {} files have errors",
            files.len()
        ))),
    }
}

fn summary(scenario: &Scenario) -> String {
    let discrete = scenario
        .issues
        .iter()
        .filter(|issue| issue.is_discrete())
        .count();
    let veto = scenario.actors.iter().filter(|actor| actor.veto).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "\"{}\": {} ({discrete} discrete), {} ({veto} with veto), {}, {} uncertain; default model {}, {} trials, seed {}",
        scenario.name,
        plural(scenario.issues.len(), "issue"),
        plural(scenario.actors.len(), "actor"),
        plural(scenario.proposals.len(), "proposal"),
        plural(scenario.uncertain_count(), "number"),
        scenario.model.cli_name(),
        scenario.trials,
        scenario.seed
    )
}

/// Seconds one trial of expected utility takes on one core, per issue and
/// round: 2.2 s / 10 rounds for 400 actors on one issue, growing with the cube
/// of the actor count (every actor weighs every challenge between every pair).
/// Measured with `zopa solve --model expected-utility` on synthetic one-issue
/// tables of 100, 200 and 400 actors (0.05, 0.35 and 2.2 s at 10 rounds) on the
/// 2-core "AMD EPYC" machine of the README's performance section.
const EU_SECONDS_PER_ISSUE_ROUND_AT_400: f64 = 0.22;

/// A plain warning when the scenario's own model will be slow at its size,
/// so a long run is not mistaken for a hang.
fn cost_note(scenario: &Scenario) -> Option<String> {
    let actors = scenario.actors.len() as f64;
    match scenario.model {
        ModelKind::ExpectedUtility { rounds, .. } => {
            let per_trial = EU_SECONDS_PER_ISSUE_ROUND_AT_400
                * (actors / 400.0).powi(3)
                * scenario.issues.len() as f64
                * rounds as f64;
            (per_trial >= 0.05).then(|| {
                format!(
                    "expected utility with {} actors costs about {} per trial on one core \
                     (it grows with the cube of the number of actors): {} trials take about \
                     {} on 2 cores; choose fewer with --trials, or fewer actors",
                    scenario.actors.len(),
                    duration(per_trial),
                    scenario.trials,
                    duration(per_trial * scenario.trials as f64 / 2.0)
                )
            })
        }
        _ => None,
    }
}

/// `0.3 s`, `12 min`, `5.2 h`, `3.1 days`.
fn duration(seconds: f64) -> String {
    match seconds {
        s if s < 60.0 => format!("{s:.1} s"),
        s if s < 3600.0 => format!("{:.0} min", s / 60.0),
        s if s < 86_400.0 => format!("{:.1} h", s / 3600.0),
        s => format!("{:.1} days", s / 86_400.0),
    }
}

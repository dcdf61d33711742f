//! `zopa check FILE...`: validate and summarise each file.

use super::error::{CliError, emit};
use std::path::PathBuf;
use zopa::ModelKind;
use zopa::model::EuRules;
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

/// Seconds one round of expected utility takes on one issue with 1,000
/// actors, on one core, under the `Paper` and `Masad` rules, which count a
/// round's votes from sorted positions: the cost grows with the square of the
/// actor count (every actor weighs a challenge to every other). Measured with
/// `zopa solve` on a synthetic one-issue table of 1,000 actors (random
/// positions, saliences and powers, made with `zopa import table`): 1.2 s of
/// CPU for 10 rounds under `Paper`, 0.96 s under `Masad` (400 actors: 0.16 s),
/// on the 2-core "AMD EPYC" machine of the README's performance section.
const EU_SECONDS_PER_ISSUE_ROUND_AT_1000: f64 = 0.12;

/// The same under the `Jmckib` rules, whose votes bend each voter's
/// distances by its own risk exponent and are counted voter by voter: the cost
/// grows with the cube of the actor count. Measured as above on the 400-actor
/// table: 5.8 s of CPU for 10 rounds (200 actors: 0.56 s).
const EU_JMCKIB_SECONDS_PER_ISSUE_ROUND_AT_400: f64 = 0.58;

/// A plain warning when the scenario's own model will be slow at its size,
/// so a long run is not mistaken for a hang.
fn cost_note(scenario: &Scenario) -> Option<String> {
    let actors = scenario.actors.len() as f64;
    match scenario.model {
        ModelKind::ExpectedUtility { rounds, rules } => {
            let (per_issue_round, growth) = match rules {
                EuRules::Jmckib => (
                    EU_JMCKIB_SECONDS_PER_ISSUE_ROUND_AT_400 * (actors / 400.0).powi(3),
                    "the cube of the number of actors under the Jmckib rules",
                ),
                EuRules::Paper | EuRules::Masad => (
                    EU_SECONDS_PER_ISSUE_ROUND_AT_1000 * (actors / 1000.0).powi(2),
                    "the square of the number of actors",
                ),
            };
            let per_trial = per_issue_round * scenario.issues.len() as f64 * rounds as f64;
            (per_trial >= 0.05).then(|| {
                format!(
                    "expected utility with {} actors costs about {} per trial on one core \
                     (it grows with {growth}): {} trials take about \
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

//! `zopa check FILE...`: validate and summarise each file.

use super::error::{CliError, emit};
use std::path::PathBuf;
use zopa::ModelKind;
use zopa::model::EuRules;
use zopa::model_kind::Behaviour;
use zopa::scenario::{self, IssueKind, Preference, Scenario, Shape};

pub fn run(files: &[PathBuf]) -> Result<(), CliError> {
    let mut failed = 0;
    for file in files {
        match scenario::load(file) {
            Ok(scenario) => {
                emit(&format!("ok  {}: {}\n", file.display(), summary(&scenario)))?;
                for note in cost_note(&scenario)
                    .into_iter()
                    .chain(play_cost_note(&scenario))
                {
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

/// Seconds one trial of equilibrium alternating offers takes on one core per
/// round of its deadline, at 10 continuous issues on which some actor's
/// utility is concave (quadratic), with three or more veto actors (with at most
/// two, see `concave_play_cost`, it is fast). Backward induction solves one constrained maximisation per
/// round and proposer, and the cutting-plane solver's work grows with about
/// the fifth power of the number of continuous issues ([`ISSUE_POWER`]); the
/// number of actors matters little. Measured (CPU time of `zopa solve`, which
/// plays one trial) on synthetic scenarios with random ideal points and
/// saliences, every actor with veto, quadratic stances, 100 rounds: 3 to 50
/// actors at 10 issues took 3.6–6.9 s; 3–10 actors at 4, 6, 8, 12 and 14
/// issues took 0.07, 0.4–0.5, 1.8, 13–18 and 34–68 s; 10, 30 and 100 rounds
/// took 0.65, 1.9 and 6.1 s (5 actors, 10 issues). Red lines make it cheaper
/// at 10–15 issues (0.4–4 s) but not at 20 (over 60 s), and 50 actors × 30
/// issues with red lines ran over 400 s (issue 16): the estimate is an upper
/// guide, not a promise. Same machine as [`EU_SECONDS_PER_ISSUE_ROUND_AT_400`].
const EQUILIBRIUM_SECONDS_PER_ROUND_AT_10: f64 = 0.06;

/// Seconds one trial of time-dependent alternating offers takes on one core
/// at 20 continuous issues with concave stances and three or more veto actors:
/// the proposer's best offer for the others at its own target is a concave
/// maximisation too, growing like [`EQUILIBRIUM_SECONDS_PER_ROUND_AT_10`]'s
/// with the issues but hardly with the deadline (agents agree early). Measured
/// like it, `TimeDependent(e: 1.0)`, 100 rounds: 10 and 50 actors at 10, 20,
/// 25 and 30 issues took 0.15, 5.2–5.6, 20 and 31–52 s; 20 rounds instead of
/// 100 took 4.6 s (10 × 20); linear stances or one veto actor under 0.1 s.
const TIME_DEPENDENT_SECONDS_AT_20: f64 = 5.0;

/// How the concave models' work grows with the number of continuous issues.
const ISSUE_POWER: i32 = 5;

/// Seconds the Nash and Kalai–Smorodinsky models take per trial, per
/// combination of discrete options and per actor: they search every
/// combination of the discrete issues' options. Measured like
/// [`EQUILIBRIUM_SECONDS_PER_ROUND_AT_10`] on 10 and 50 actors with 3 to 6
/// discrete issues of 10 or 20 options: Nash 3.3–3.6e-7 (e.g. 10 actors,
/// 10⁶ combinations: 3.3 s), Kalai–Smorodinsky 5.2e-7 (5.2 s).
const SECONDS_PER_COMBINATION_ACTOR: f64 = 5e-7;

/// A per-trial cost above which `check` warns (as for expected utility).
const NOTE_SECONDS_PER_TRIAL: f64 = 0.05;

/// Like [`cost_note`], for the models whose cost grows with the issues
/// rather than the actors: alternating offers with concave stances (the
/// equilibrium and time-dependent agents), and Nash or Kalai–Smorodinsky over
/// many combinations of discrete options.
fn play_cost_note(scenario: &Scenario) -> Option<String> {
    let per_trial = match scenario.model {
        ModelKind::AlternatingOffers(protocol) => concave_play_cost(scenario, protocol)?,
        ModelKind::Nash | ModelKind::KalaiSmorodinsky => {
            let combinations = scenario
                .issues
                .iter()
                .filter_map(|issue| match &issue.kind {
                    IssueKind::Discrete { options } => Some(options.len() as f64),
                    IssueKind::Continuous { .. } => None,
                })
                .product::<f64>();
            let seconds =
                combinations * scenario.actors.len() as f64 * SECONDS_PER_COMBINATION_ACTOR;
            return (seconds >= NOTE_SECONDS_PER_TRIAL).then(|| {
                format!(
                    "{} searches every combination of the discrete issues' options ({}) for \
                     each of {} actors: {} per trial on one core, so {} trials take {} on 2 \
                     cores; fewer discrete issues or options (or the compromise \
                     model) make it faster",
                    scenario.model.cli_name(),
                    combinations_text(combinations),
                    scenario.actors.len(),
                    about(seconds),
                    scenario.trials,
                    about(seconds * scenario.trials as f64 / 2.0)
                )
            });
        }
        _ => return None,
    };
    let (per_trial, play, shorter) = per_trial;
    (per_trial >= NOTE_SECONDS_PER_TRIAL).then(|| {
        format!(
            "{play} with concave (quadratic) stances on {} continuous issues may cost {} \
             per trial on one core (it grows with about the fifth power of the number of \
             continuous issues): {} trials may take {} on 2 cores; choose fewer with --trials, \
             fewer issues{shorter}, or linear stances",
            continuous_issues(scenario),
            about(per_trial),
            scenario.trials,
            about(per_trial * scenario.trials as f64 / 2.0)
        )
    })
}

/// Seconds per trial of alternating offers under `protocol` where it is the
/// concave maximisation that costs (else `None`), with how to name the play
/// and whether a shorter deadline helps.
fn concave_play_cost(
    scenario: &Scenario,
    protocol: zopa::model_kind::AlternatingOffers,
) -> Option<(f64, &'static str, &'static str)> {
    let veto = scenario.actors.iter().filter(|actor| actor.veto).count();
    let concave = scenario.actors.iter().any(|actor| {
        actor.stances.iter().any(|stance| {
            matches!(
                stance.preference,
                Preference::Ideal {
                    shape: Shape::Quadratic,
                    ..
                }
            )
        })
    });
    // With one or two veto actors every offer comes from the two veto actors'
    // frontier or the Lagrangian dual (`model::dual`), not a cutting-plane
    // program: 4 actors of which 2 veto, 30 quadratic issues with red lines,
    // 100 rounds took 0.67 s of CPU for 100 trials (`zopa run`), equilibrium
    // or time-dependent play alike.
    if veto < 3 || !concave {
        return None;
    }
    let issues = continuous_issues(scenario) as f64;
    match protocol.behaviour {
        Behaviour::Equilibrium => Some((
            EQUILIBRIUM_SECONDS_PER_ROUND_AT_10
                * protocol.max_rounds as f64
                * (issues / 10.0).powi(ISSUE_POWER),
            "equilibrium alternating offers",
            ", a shorter deadline (max_rounds; the cost is per round)",
        )),
        Behaviour::TimeDependent { .. } => Some((
            TIME_DEPENDENT_SECONDS_AT_20 * (issues / 20.0).powi(ISSUE_POWER),
            "time-dependent alternating offers",
            "",
        )),
        Behaviour::Faratin { .. } => None,
    }
}

fn continuous_issues(scenario: &Scenario) -> usize {
    scenario
        .issues
        .iter()
        .filter(|issue| !issue.is_discrete())
        .count()
}

/// `12,000`, or `3.2e15` beyond what reads well in digits.
fn combinations_text(combinations: f64) -> String {
    if combinations < 1e9 {
        zopa::format::thousands(combinations as u64)
    } else {
        format!("{combinations:.1e}")
    }
}

/// "about 5 min", or "over a year" (a count of days in 300 digits helps nobody).
fn about(seconds: f64) -> String {
    if seconds < 365.0 * 86_400.0 {
        format!("about {}", duration(seconds))
    } else {
        "over a year".into()
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

//! `zopa check FILE...`: validate and summarise each file.

use super::error::{CliError, emit, print_error, terminal_width};
use super::session::admit;
use std::path::PathBuf;
use zopa::cost::Cost;
use zopa::scenario::{self, Scenario};

pub fn run(files: &[PathBuf]) -> Result<(), CliError> {
    let mut failed = 0;
    for file in files {
        // The scenario's own model must also pass the cost limits every
        // run enforces, so that a file `check` passes never fails to run.
        let checked = scenario::load(file)
            .map_err(CliError::from)
            .and_then(|scenario| {
                admit(&scenario, file, &[scenario.model])?;
                Ok(scenario)
            });
        match checked {
            Ok(scenario) => {
                let width = terminal_width();
                let ok = format!("{}: {}", file.display(), summary(&scenario));
                // One line a file, for scripts; on a terminal broken at its
                // width (wrapped as if indented by 4, "ok  " put in the indent).
                if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
                    let ok = zopa::report::run::wrap(&ok, width, 4);
                    emit(&format!("ok  {}", &ok[4..]))?;
                } else {
                    emit(&format!("ok  {ok}\n"))?;
                }
                if let Some(note) = Cost::of(&scenario, scenario.model).note(scenario.trials) {
                    emit(&zopa::report::run::wrap(&format!("note: {note}"), width, 4))?;
                }
            }
            Err(err) => {
                failed += 1;
                print_error(&err.to_string());
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

//! The command line's one error type and its exit codes: bad input 1 (a file,
//! a value, an output directory), interrupted 130 (Ctrl-C or SIGTERM, as 128 +
//! SIGINT), and 0 when the reader of standard output went away. Usage errors (unknown flags or values) are clap's and exit 2, as
//! clap and ripgrep do; `main` maps both.

use std::path::Path;
use zopa::import::ImportError;
use zopa::scenario::ScenarioError;
use zopa::summary::SummaryError;
use zopa::whatif::WhatIfError;

/// Exit status for a job stopped by a signal (128 + SIGINT).
pub const INTERRUPTED_EXIT: u8 = 130;

/// Why a command failed; the message is printed to stderr as it is.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad input: what is wrong and how to fix it. An empty message means the
    /// command has already said it (e.g. `check`'s per-file errors).
    #[error("{0}")]
    Input(String),
    /// Stopped by Ctrl-C or SIGTERM before anything was written.
    #[error("{0}")]
    Interrupted(String),
    /// Whoever read standard output stopped reading (`zopa check ... | head -1`):
    /// the command ends quietly and successfully, as ripgrep does.
    #[error("")]
    PipeClosed,
}

impl CliError {
    /// The process exit status.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Input(_) => 1,
            CliError::Interrupted(_) => INTERRUPTED_EXIT,
            CliError::PipeClosed => 0,
        }
    }

    /// The interruption of a job writing into `dir`.
    pub fn interrupted(dir: &Path) -> CliError {
        CliError::Interrupted(format!(
            "interrupted: nothing was written; earlier results in {} are untouched",
            dir.display()
        ))
    }

    /// A what-if error, with the output directory for an interruption.
    pub fn whatif(err: WhatIfError, dir: &Path) -> CliError {
        match err {
            WhatIfError::Interrupted => CliError::interrupted(dir),
            other => CliError::Input(other.to_string()),
        }
    }
}

/// The width to write in: `COLUMNS` when set (shells set it for terminals),
/// otherwise [`DEFAULT_WIDTH`](zopa::report::run::DEFAULT_WIDTH).
pub fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|columns| columns.trim().parse::<usize>().ok())
        .filter(|&columns| columns > 0)
        .unwrap_or(zopa::report::run::DEFAULT_WIDTH)
}

/// An error `message` as a terminal shows it: every line longer than `width`
/// broken at spaces, its continuation lines indented two more than the line
/// itself (a diagnostic's `file:line:col: error:` line by 2, its `help:` line
/// by 4). Only for a terminal: piped or logged, a diagnostic stays one line
/// for editors and `grep`.
pub fn for_terminal(message: &str, width: usize) -> String {
    message
        .lines()
        .map(|line| {
            if line.chars().count() <= width {
                line.to_string()
            } else {
                let indent = line.len() - line.trim_start_matches(' ').len();
                zopa::report::run::wrap(line.trim_start_matches(' '), width, indent)
                    .trim_end_matches('\n')
                    .to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Prints an error message on standard error: no control character raw
/// (line breaks between lines excepted), and on a terminal long lines broken
/// at its width ([`for_terminal`]).
pub fn print_error(message: &str) {
    let message = zopa::scenario::text::defused(message);
    let message = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        for_terminal(&message, terminal_width())
    } else {
        message
    };
    if !message.is_empty() {
        eprintln!("{message}");
    }
}

/// Writes `text` to standard output. A reader that has closed the pipe ends
/// the command quietly ([`CliError::PipeClosed`]) instead of a panic.
pub fn emit(text: &str) -> Result<(), CliError> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Err(CliError::PipeClosed),
        Err(err) => Err(CliError::Input(format!(
            "cannot write to standard output: {err}"
        ))),
    }
}

impl From<String> for CliError {
    fn from(message: String) -> CliError {
        CliError::Input(message)
    }
}

impl From<ScenarioError> for CliError {
    fn from(err: ScenarioError) -> CliError {
        CliError::Input(err.to_string())
    }
}

impl From<ImportError> for CliError {
    fn from(err: ImportError) -> CliError {
        CliError::Input(err.to_string())
    }
}

impl From<SummaryError> for CliError {
    fn from(err: SummaryError) -> CliError {
        CliError::Input(err.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::for_terminal;

    #[test]
    fn long_error_lines_are_broken_for_the_terminal_and_short_ones_kept() {
        let message = "a.ron:3:7: error: the test for a zone of agreement over every combination \
                       would take about 115.7 days per trial\n  help: use fewer discrete issues \
                       or options, or pass --allow-slow to run it anyway\nshort line";
        let shown = for_terminal(message, 40);
        let lines: Vec<&str> = shown.lines().collect();
        assert!(
            lines.iter().all(|line| line.chars().count() <= 40),
            "{shown}"
        );
        assert!(
            lines[0].starts_with("a.ron:3:7: error: the test"),
            "{shown}"
        );
        assert!(
            lines[1].starts_with("  ") && !lines[1].starts_with("   "),
            "{shown}"
        );
        let help = lines.iter().position(|l| l.starts_with("  help:")).unwrap();
        assert!(lines[help + 1].starts_with("    ") && !lines[help + 1].starts_with("     "));
        assert_eq!(*lines.last().unwrap(), "short line");
        // Nothing is lost or reordered: the words are the message's.
        let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(words(&shown), words(message));
        // Lines that fit are left as they are.
        assert_eq!(for_terminal(message, 1000), message);
    }

    #[test]
    fn spaces_inside_a_broken_line_are_kept_and_those_at_a_break_dropped() {
        let line = "ok: scenarios/x.ron: \"Two  spaces\", 3 issues, 2 actors, model nash";
        let shown = for_terminal(line, 40);
        assert!(shown.contains("\"Two  spaces\""), "{shown}");
        assert!(shown.lines().all(|l| !l.ends_with(' ')), "{shown:?}");
        assert!(shown.lines().all(|l| l.chars().count() <= 40), "{shown}");
        let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(words(&shown), words(line));
    }
}

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

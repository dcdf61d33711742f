//! `zopa init [FILE] [--force]`: a commented scenario to start from (two
//! actors, a continuous and a discrete issue, an uncertain number, a red
//! line, a proposal, the model), printed, or written whole to FILE. An
//! existing FILE is replaced only with `--force`, and only if it is a
//! regular file (as `zopa import` does).

use super::error::{CliError, emit};
use super::output::PendingFile;
use std::path::Path;

/// The template (`assets/template.ron`); a test checks that it passes
/// `zopa check` and runs.
pub const TEMPLATE: &str = include_str!("../../assets/template.ron");

pub fn run(file: Option<&Path>, force: bool) -> Result<(), CliError> {
    let Some(out) = file else {
        return emit(TEMPLATE);
    };
    super::import::check_target(out, force, &[], "name")?;
    let mut pending = PendingFile::create(out).map_err(|err| {
        err.replace(
            "choose another directory with --out",
            "check that the folder exists and is writable",
        )
    })?;
    pending.write(TEMPLATE)?;
    pending.commit()?;
    let said = emit(&format!(
        "wrote {0}: a scenario to edit; then `zopa check {0}`, `zopa solve {0}`, `zopa run {0}`\n",
        out.display()
    ));
    match said {
        Ok(()) | Err(CliError::PipeClosed) => Ok(()),
        Err(err) => Err(err),
    }
}

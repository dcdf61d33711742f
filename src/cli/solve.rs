//! `zopa solve FILE [--model NAME] [--json]`.

use super::error::{CliError, emit};
use std::path::Path;
use zopa::model_kind::ModelKind;
use zopa::nominal::solve_nominal;
use zopa::report::solve as report;
use zopa::scenario;

pub fn run(file: &Path, model: Option<ModelKind>, json: bool) -> Result<(), CliError> {
    let scenario = scenario::load(file)?;
    let kind = model.unwrap_or(scenario.model);
    super::session::admit(&scenario, file, &[kind])?;
    let solved = solve_nominal(&scenario, kind);
    if json {
        emit(&format!("{}\n", report::to_json(&scenario, &solved)))
    } else {
        emit(&report::to_text(&scenario, &solved))
    }
}

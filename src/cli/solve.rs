//! `zopa solve FILE [--model NAME] [--json]`.

use std::path::Path;
use zopa::report::solve as report;
use zopa::scenario::{self, ModelKind};

pub fn run(file: &Path, model: Option<ModelKind>, json: bool) -> Result<(), String> {
    let scenario = scenario::load(file).map_err(|err| err.to_string())?;
    let kind = model.unwrap_or(scenario.model);
    let solved = report::solve_nominal(&scenario, kind);
    if json {
        println!("{}", report::to_json(&scenario, &solved));
    } else {
        print!("{}", report::to_text(&scenario, &solved));
    }
    Ok(())
}

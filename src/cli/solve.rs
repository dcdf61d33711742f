//! `zopa solve FILE [--model NAME] [--json]`.

use std::path::Path;
use zopa::model_kind::ModelKind;
use zopa::nominal::solve_nominal;
use zopa::report::solve as report;
use zopa::scenario;

pub fn run(file: &Path, model: Option<ModelKind>, json: bool) -> Result<(), String> {
    let scenario = scenario::load(file).map_err(|err| err.to_string())?;
    let kind = model.unwrap_or(scenario.model);
    let solved = solve_nominal(&scenario, kind);
    if json {
        println!("{}", report::to_json(&scenario, &solved));
    } else {
        print!("{}", report::to_text(&scenario, &solved));
    }
    Ok(())
}

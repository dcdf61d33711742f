//! `compare.json`: every model's summary of the same trials.

use super::finish;
use crate::report::run::{RunInfo, summary_value};
use crate::scenario::Scenario;
use crate::whatif::compare::Comparison;
use serde_json::{Map, Value, json};

/// How a comparison runs its models, as stated in `compare.json`.
pub const COMPARE_METHOD: &str = "every model runs the same trials with the same seed: trial k draws the scenario's uncertain numbers first, from its own random stream, so every model meets exactly the same worlds (common random numbers) and differences between models come from the models, not from sampling noise";

/// Parts of a run's summary a comparison leaves out: the zone grids, the
/// utility cloud and frontier, the chart settings, the per-issue density
/// strips, and timings (so the file is the same at any thread count).
const LEFT_OUT: [&str; 6] = [
    "zones",
    "utilities",
    "charts",
    "description",
    "elapsed_seconds",
    "trials_per_second",
];

/// `compare.json`: the settings, then per model its label and its summary in
/// the layout of `summary.json` (read back with `report::compare_file`).
pub fn compare_json(scenario: &Scenario, comparison: &Comparison) -> String {
    let models: Vec<Value> = comparison
        .runs
        .iter()
        .map(|run| {
            let info = RunInfo {
                model: run.kind.cli_name().to_string(),
                trials: comparison.trials,
                seed: comparison.seed,
                elapsed_seconds: 0.0,
            };
            let mut summary = summary_value(scenario, &info, &run.tally);
            if let Value::Object(map) = &mut summary {
                for key in LEFT_OUT {
                    map.remove(key);
                }
                if let Some(Value::Object(issues)) = map.get_mut("issues") {
                    for issue in issues.values_mut() {
                        if let Value::Object(fields) = issue {
                            fields.remove("density");
                        }
                    }
                }
            }
            json!({ "label": run.label, "summary": summary })
        })
        .collect();
    let mut map = Map::new();
    map.insert("zopa_version".into(), json!(env!("CARGO_PKG_VERSION")));
    map.insert("scenario".into(), json!(scenario.name));
    map.insert("description".into(), json!(scenario.description));
    map.insert("trials_per_run".into(), json!(comparison.trials));
    map.insert("seed".into(), json!(comparison.seed));
    map.insert("method".into(), json!(COMPARE_METHOD));
    map.insert("models".into(), Value::Array(models));
    finish(&Value::Object(map))
}

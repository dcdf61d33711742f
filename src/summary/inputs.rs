//! The `scenario_inputs` block of `summary.json`: every actor number as the scenario
//! wrote it (a plain number or a distribution), each stance's salience,
//! position, shape and red line, so the report's appendix of inputs is drawn
//! from the summary alone, as `zopa plot` needs.
//!
//! Numbers are kept as written (`Normal(mean 0.3, sd 0.1)`), like the
//! `as_written` of `sweep.json`: the reader wants what was assumed, not one
//! draw of it. The block is optional on read, so a summary written before it
//! existed still loads (its report says the inputs are missing). It is not
//! called `inputs`: that key tells a `sensitivity.json` apart
//! (`Source::detect`).

use crate::format::json::round;
use crate::scenario::{IssueKind, Preference, RedLine, Scenario, Shape};
use crate::uncertain::Param;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// The scenario's inputs, by actor id.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inputs {
    pub actors: IndexMap<String, ActorInputs>,
}

/// One actor's numbers as written, and its stance on each issue (by issue id).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorInputs {
    pub power: String,
    pub reservation: String,
    pub patience: String,
    /// Own concession exponent for alternating offers, when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concession: Option<f64>,
    pub stances: IndexMap<String, StanceInputs>,
}

/// One actor's stance on one issue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StanceInputs {
    /// Salience as written (any scale; the model normalises over issues).
    pub salience: String,
    /// Ideal position on a continuous issue, as written, in the issue's units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
    /// How utility falls away from the position: `linear` or `quadratic`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shape: Option<String>,
    /// Value of each option on a discrete issue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<IndexMap<String, f64>>,
    /// Outside this the actor refuses any outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub red_line: Option<RedLineInputs>,
}

/// A red line: an acceptable interval in the issue's units, or the
/// acceptable options by name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RedLineInputs {
    Interval { min: f64, max: f64 },
    Allowed { allowed: Vec<String> },
}

impl Inputs {
    /// The inputs of `scenario`, in its actor and issue order.
    pub fn of(scenario: &Scenario) -> Inputs {
        let actors = scenario
            .actors
            .iter()
            .map(|actor| {
                let stances = scenario
                    .issues
                    .iter()
                    .zip(&actor.stances)
                    .map(|(issue, stance)| {
                        let options = match &issue.kind {
                            IssueKind::Discrete { options } => options.as_slice(),
                            IssueKind::Continuous { .. } => &[],
                        };
                        let (position, shape, values) = match &stance.preference {
                            Preference::Ideal { position, shape } => {
                                (Some(written(position)), Some(shape_name(*shape)), None)
                            }
                            Preference::Values(values) => (
                                None,
                                None,
                                Some(
                                    options
                                        .iter()
                                        .zip(values)
                                        .map(|(option, value)| (option.clone(), round(*value)))
                                        .collect(),
                                ),
                            ),
                        };
                        let red_line = stance.red_line.as_ref().map(|line| match line {
                            RedLine::Interval { min, max } => RedLineInputs::Interval {
                                min: round(*min),
                                max: round(*max),
                            },
                            RedLine::Allowed(allowed) => RedLineInputs::Allowed {
                                allowed: options
                                    .iter()
                                    .zip(allowed)
                                    .filter(|(_, ok)| **ok)
                                    .map(|(option, _)| option.clone())
                                    .collect(),
                            },
                        });
                        let inputs = StanceInputs {
                            salience: written(&stance.salience),
                            position,
                            shape,
                            values,
                            red_line,
                        };
                        (issue.id.clone(), inputs)
                    })
                    .collect();
                let inputs = ActorInputs {
                    power: written(&actor.power),
                    reservation: written(&actor.reservation),
                    patience: written(&actor.patience),
                    concession: actor.concession,
                    stances,
                };
                (actor.id.clone(), inputs)
            })
            .collect();
        Inputs { actors }
    }
}

/// A number as the scenario wrote it: `0.3`, or its distribution.
fn written(param: &Param) -> String {
    param.dist.describe()
}

fn shape_name(shape: Shape) -> String {
    match shape {
        Shape::Linear => "linear",
        Shape::Quadratic => "quadratic",
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn older_summaries_without_red_lines_or_values_still_read() {
        let text = r#"{"actors": {"a": {"power": "1", "reservation": "Uniform(0.2..0.4)",
            "patience": "0.9", "stances": {"x": {"salience": "2", "position": "30",
            "shape": "linear"}}}}}"#;
        let inputs: Inputs = serde_json::from_str(text).expect("reads");
        let stance = &inputs.actors["a"].stances["x"];
        assert_eq!(stance.position.as_deref(), Some("30"));
        assert_eq!(stance.red_line, None);
        assert_eq!(inputs.actors["a"].reservation, "Uniform(0.2..0.4)");
    }

    #[test]
    fn red_lines_round_trip_in_both_kinds() {
        for line in [
            RedLineInputs::Interval { min: 0.0, max: 0.5 },
            RedLineInputs::Allowed {
                allowed: vec!["none".into(), "partial".into()],
            },
        ] {
            let text = serde_json::to_string(&line).expect("writes");
            let back: RedLineInputs = serde_json::from_str(&text).expect("reads");
            assert_eq!(back, line, "{text}");
        }
    }
}

//! The validated scenario: every reference resolved, every number in range.
//!
//! Code past the loader may rely on these invariants (they are checked once, in
//! `validate`): issue ids are unique, every actor has a stance on every issue
//! in issue order, saliences are non-negative and not all zero, positions lie
//! in their issue's range, red lines contain the actor's own (nominal) position.

use crate::model_kind::ModelKind;
use crate::uncertain::Param;

pub use super::schema::Shape;

/// A negotiation scenario ready to solve.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    pub issues: Vec<Issue>,
    pub actors: Vec<Actor>,
    pub proposals: Vec<Proposal>,
    /// The model `zopa solve` and `zopa run` use unless told otherwise.
    pub model: ModelKind,
    /// Default number of Monte Carlo trials.
    pub trials: u64,
    /// Default seed.
    pub seed: u64,
    /// What the charts show.
    pub charts: Charts,
}

/// Chart settings, defaults resolved (see `scenario::charts`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Charts {
    /// Pairs of continuous issues (indices) drawn as outcome-zone charts.
    pub pairs: Vec<(usize, usize)>,
    /// The two actors (indices) of the utility chart.
    pub utilities: (usize, usize),
}

/// One negotiated dimension.
#[derive(Clone, Debug)]
pub struct Issue {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    /// What the low end (or first option) means.
    pub low: Option<String>,
    /// What the high end (or last option) means.
    pub high: Option<String>,
    /// Unit of a continuous issue, e.g. "thousand troops".
    pub unit: Option<String>,
    pub kind: IssueKind,
}

/// Continuous range or named options.
#[derive(Clone, Debug, PartialEq)]
pub enum IssueKind {
    Continuous { min: f64, max: f64 },
    Discrete { options: Vec<String> },
}

impl Issue {
    /// Maps a value in the issue's own units to `[0, 1]`.
    pub fn normalise(&self, value: f64) -> f64 {
        match self.kind {
            IssueKind::Continuous { min, max } if max > min => (value - min) / (max - min),
            _ => value,
        }
    }

    /// Maps an internal value back to the issue's own units (option index for discrete).
    pub fn denormalise(&self, value: f64) -> f64 {
        match self.kind {
            IssueKind::Continuous { min, max } => min + value * (max - min),
            IssueKind::Discrete { .. } => value,
        }
    }

    /// A value in the issue's own terms: a number with its unit, or the option's name.
    pub fn display_value(&self, internal: f64) -> String {
        match &self.kind {
            IssueKind::Continuous { .. } => {
                let value = self.denormalise(internal);
                let number = format_number(value);
                match &self.unit {
                    Some(unit) => format!("{number} {unit}"),
                    None => number,
                }
            }
            IssueKind::Discrete { options } => options
                .get(internal.round() as usize)
                .cloned()
                .unwrap_or_else(|| "?".to_string()),
        }
    }

    /// True for a discrete issue.
    pub fn is_discrete(&self) -> bool {
        matches!(self.kind, IssueKind::Discrete { .. })
    }
}

/// Formats a number for people: up to four significant decimals, no trailing zeros.
pub fn format_number(value: f64) -> String {
    let magnitude = value.abs();
    let decimals = if magnitude >= 1000.0 {
        0
    } else if magnitude >= 100.0 {
        1
    } else if magnitude >= 10.0 {
        2
    } else {
        3
    };
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    if text == "-0" { "0".to_string() } else { text }
}

/// A party to the negotiation.
#[derive(Clone, Debug)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    /// Capability, >= 0.
    pub power: Param,
    /// Utility of no agreement, in [0, 1].
    pub reservation: Param,
    /// Discount factor per round, in (0, 1].
    pub patience: Param,
    /// Whether this actor's consent is required.
    pub veto: bool,
    /// Own concession exponent `e` for time-dependent alternating offers
    /// (overrides the protocol's): below 1 Boulware, above 1 Conceder.
    pub concession: Option<f64>,
    /// One stance per issue, in the scenario's issue order.
    pub stances: Vec<Stance>,
}

/// An actor's preferences on one issue.
#[derive(Clone, Debug)]
pub struct Stance {
    /// How much the actor cares, as written (any scale).
    pub salience: Param,
    /// What the actor wants.
    pub preference: Preference,
    /// Outside this the actor refuses any outcome.
    pub red_line: Option<RedLine>,
}

impl Stance {
    /// The actor's ideal in the issue's own terms, at nominal values: a number,
    /// or the name of its most valued option.
    pub fn ideal_text(&self, issue: &Issue) -> String {
        match &self.preference {
            Preference::Ideal { position, .. } => format_number(position.nominal()),
            Preference::Values(values) => issue.display_value(best_option(values) as f64),
        }
    }
}

/// Index of the highest value (the first, on ties).
pub fn best_option(values: &[f64]) -> usize {
    (0..values.len()).fold(0, |best, k| if values[k] > values[best] { k } else { best })
}

/// The ideal point on a continuous issue, or a value per option on a discrete one.
#[derive(Clone, Debug)]
pub enum Preference {
    /// Ideal point in the issue's own units, and how utility falls away from it.
    Ideal { position: Param, shape: Shape },
    /// Value in [0, 1] of each option, in option order.
    Values(Vec<f64>),
}

/// The acceptable part of an issue.
#[derive(Clone, Debug, PartialEq)]
pub enum RedLine {
    /// Acceptable interval in the issue's own units.
    Interval { min: f64, max: f64 },
    /// Acceptable options (true = allowed), in option order.
    Allowed(Vec<bool>),
}

/// A reference proposal: one value per issue (issue units, or option index).
#[derive(Clone, Debug)]
pub struct Proposal {
    pub name: String,
    pub description: Option<String>,
    pub values: Vec<f64>,
}

impl Proposal {
    /// The proposal in internal units (continuous issues on `[0, 1]`).
    pub fn internal(&self, issues: &[Issue]) -> Vec<f64> {
        issues
            .iter()
            .zip(&self.values)
            .map(|(issue, value)| issue.normalise(*value))
            .collect()
    }
}

impl Scenario {
    /// `issue = value, …`: an outcome (internal units) in the issues' own terms.
    pub fn describe(&self, outcome: &[f64]) -> String {
        self.issues
            .iter()
            .zip(outcome)
            .map(|(issue, value)| format!("{} = {}", issue.id, issue.display_value(*value)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Index of the issue with this id.
    pub fn issue_index(&self, id: &str) -> Option<usize> {
        self.issues.iter().position(|issue| issue.id == id)
    }

    /// Index of the actor with this id.
    pub fn actor_index(&self, id: &str) -> Option<usize> {
        self.actors.iter().position(|actor| actor.id == id)
    }

    /// How many numbers in the scenario are uncertain.
    pub fn uncertain_count(&self) -> usize {
        self.actors
            .iter()
            .map(|actor| {
                let own = [&actor.power, &actor.reservation, &actor.patience]
                    .into_iter()
                    .filter(|param| param.is_uncertain())
                    .count();
                let stances: usize = actor
                    .stances
                    .iter()
                    .map(|stance| {
                        let position = match &stance.preference {
                            Preference::Ideal { position, .. } => {
                                usize::from(position.is_uncertain())
                            }
                            Preference::Values(_) => 0,
                        };
                        position + usize::from(stance.salience.is_uncertain())
                    })
                    .sum();
                own + stances
            })
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_formatted_for_people() {
        assert_eq!(format_number(0.55), "0.55");
        assert_eq!(format_number(0.5500001), "0.55");
        assert_eq!(format_number(1.0 / 3.0), "0.333");
        assert_eq!(format_number(612.345), "612.3");
        assert_eq!(format_number(-0.0001), "0");
        assert_eq!(format_number(1500.0), "1500");
    }
}

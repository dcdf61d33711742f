//! Building a scenario in code, checked by exactly the rules a file is.
//!
//! The builder fills the same schema structs the RON reader produces and runs
//! the same validation, so a scenario built in code can be no less valid than
//! one read from disk. Messages carry no line and column (there is no file).
//!
//! ```
//! use zopa::scenario::build::{ActorBuilder, ScenarioBuilder};
//!
//! let scenario = ScenarioBuilder::new("Divide the dollar")
//!     .continuous_issue("share_a", "Share to A", 0.0, 1.0)
//!     .actor(ActorBuilder::new("a", "Player A").reservation(0.2).ideal("share_a", 1.0, 1.0))
//!     .actor(ActorBuilder::new("b", "Player B").reservation(0.1).ideal("share_a", 0.0, 1.0))
//!     .build()
//!     .unwrap();
//! assert_eq!(scenario.actors.len(), 2);
//! ```

use super::error::ScenarioError;
use super::locate::{Location, Spans};
use super::schema::*;
use super::types::Scenario;
use super::validate::validate;
use crate::model_kind::{Behaviour, EuRules, ModelKind, Proposer};

/// A number for the builder: plain, or a distribution (see [`normal`] and friends).
#[derive(Clone, Debug, PartialEq)]
pub struct Number(RawNumber);

impl From<f64> for Number {
    fn from(value: f64) -> Number {
        Number(RawNumber::Number(value))
    }
}

fn distribution(name: &str, params: &[(&str, f64)]) -> Number {
    Number(RawNumber::Params {
        name: Some(name.to_string()),
        params: params
            .iter()
            .map(|(key, value)| (key.to_string(), *value))
            .collect(),
    })
}

/// `Normal(mean, sd)`, clamped to the parameter's range when drawn.
pub fn normal(mean: f64, sd: f64) -> Number {
    distribution("Normal", &[("mean", mean), ("sd", sd)])
}

/// `Uniform(min, max)`.
pub fn uniform(min: f64, max: f64) -> Number {
    distribution("Uniform", &[("min", min), ("max", max)])
}

/// `Triangular(min, mode, max)`.
pub fn triangular(min: f64, mode: f64, max: f64) -> Number {
    distribution("Triangular", &[("min", min), ("mode", mode), ("max", max)])
}

/// `Beta(alpha, beta)` rescaled to `[min, max]`.
pub fn beta(alpha: f64, beta: f64, min: f64, max: f64) -> Number {
    distribution(
        "Beta",
        &[("alpha", alpha), ("beta", beta), ("min", min), ("max", max)],
    )
}

/// A proposal's value on one issue: a number, or an option's name.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    Number(f64),
    Option(&'a str),
}

/// Builds a [`Scenario`].
#[derive(Debug)]
pub struct ScenarioBuilder {
    raw: RawScenario,
}

impl ScenarioBuilder {
    /// An empty scenario with this name.
    pub fn new(name: &str) -> ScenarioBuilder {
        ScenarioBuilder {
            raw: RawScenario {
                name: name.to_string(),
                description: String::new(),
                issues: Vec::new(),
                actors: Vec::new(),
                proposals: Vec::new(),
                model: None,
                trials: None,
                seed: None,
                charts: None,
            },
        }
    }

    /// Sets the description.
    pub fn description(mut self, text: &str) -> Self {
        self.raw.description = text.to_string();
        self
    }

    fn issue(id: &str, name: &str) -> RawIssue {
        RawIssue {
            id: id.to_string(),
            name: name.to_string(),
            description: None,
            min: None,
            max: None,
            options: None,
            low: None,
            high: None,
            unit: None,
        }
    }

    /// Adds a continuous issue on `[min, max]`.
    pub fn continuous_issue(mut self, id: &str, name: &str, min: f64, max: f64) -> Self {
        self.raw.issues.push(RawIssue {
            min: Some(min),
            max: Some(max),
            ..Self::issue(id, name)
        });
        self
    }

    /// Adds a discrete issue with named options (in order).
    pub fn discrete_issue(mut self, id: &str, name: &str, options: &[&str]) -> Self {
        let options = options.iter().map(|option| option.to_string()).collect();
        self.raw.issues.push(RawIssue {
            options: Some(options),
            ..Self::issue(id, name)
        });
        self
    }

    /// Adds an actor.
    pub fn actor(mut self, actor: ActorBuilder) -> Self {
        self.raw.actors.push(actor.raw);
        self
    }

    /// Adds a reference proposal.
    pub fn proposal(mut self, name: &str, values: &[(&str, Value)]) -> Self {
        let values = values
            .iter()
            .map(|(issue, value)| {
                let value = match value {
                    Value::Number(number) => RawPosition::Number(RawNumber::Number(*number)),
                    Value::Option(option) => RawPosition::Option(option.to_string()),
                };
                (issue.to_string(), value)
            })
            .collect();
        self.raw.proposals.push(RawProposal {
            name: name.to_string(),
            description: None,
            values: OrderedMap(values),
        });
        self
    }

    /// Sets the default model.
    pub fn model(mut self, kind: ModelKind) -> Self {
        self.raw.model = Some(match kind {
            ModelKind::Compromise => RawModel::Compromise,
            ModelKind::DiscreteCompromise { threshold } => RawModel::DiscreteCompromise {
                threshold: Some(threshold),
            },
            ModelKind::Nash => RawModel::Nash,
            ModelKind::KalaiSmorodinsky => RawModel::KalaiSmorodinsky,
            // Call after adding actors: the first proposer is named by id.
            ModelKind::AlternatingOffers(protocol) => RawModel::AlternatingOffers {
                proposer: Some(match protocol.proposer {
                    Proposer::Rotating => RawProposer::Rotating,
                    Proposer::Random => RawProposer::Random,
                }),
                behaviour: Some(match protocol.behaviour {
                    Behaviour::Equilibrium => RawBehaviour::Equilibrium,
                    Behaviour::TimeDependent { e } => RawBehaviour::TimeDependent { e },
                    Behaviour::Faratin { e } => RawBehaviour::Faratin { e },
                }),
                breakdown: Some(protocol.breakdown),
                max_rounds: Some(protocol.max_rounds),
                first: self
                    .raw
                    .actors
                    .get(protocol.first)
                    .map(|actor| actor.id.clone()),
            },
            ModelKind::ExpectedUtility { rounds, rules } => RawModel::ExpectedUtility {
                rounds: Some(rounds),
                rules: Some(match rules {
                    EuRules::Paper => RawEuRules::Paper,
                    EuRules::Jmckib => RawEuRules::Jmckib,
                    EuRules::Masad => RawEuRules::Masad,
                }),
            },
        });
        self
    }

    /// Sets the default number of trials and seed.
    pub fn run_settings(mut self, trials: u64, seed: u64) -> Self {
        self.raw.trials = Some(trials);
        self.raw.seed = Some(seed);
        self
    }

    /// Names the pairs of continuous issues drawn as zone charts.
    pub fn zone_pairs(mut self, pairs: &[(&str, &str)]) -> Self {
        let charts = self.raw.charts.get_or_insert_with(RawCharts::default);
        charts.pairs = Some(
            pairs
                .iter()
                .map(|(x, y)| (x.to_string(), y.to_string()))
                .collect(),
        );
        self
    }

    /// Validates and returns the scenario.
    pub fn build(self) -> Result<Scenario, ScenarioError> {
        validate(self.raw, &Spans::default(), "(scenario built in code)").map_err(|mut err| {
            for diagnostic in &mut err.diagnostics {
                diagnostic.at = Location { line: 0, col: 0 };
            }
            err
        })
    }
}

/// Builds one actor: power 1, reservation 0, patience 1, veto, until told otherwise.
#[derive(Debug)]
pub struct ActorBuilder {
    raw: RawActor,
}

impl ActorBuilder {
    /// An actor with default numbers and no stances yet.
    pub fn new(id: &str, name: &str) -> ActorBuilder {
        ActorBuilder {
            raw: RawActor {
                id: id.to_string(),
                name: name.to_string(),
                description: None,
                power: RawNumber::Number(1.0),
                reservation: RawNumber::Number(0.0),
                patience: None,
                veto: None,
                concession: None,
                stances: OrderedMap(Vec::new()),
            },
        }
    }

    /// Capability (>= 0).
    pub fn power(mut self, power: impl Into<Number>) -> Self {
        self.raw.power = power.into().0;
        self
    }

    /// Utility of no agreement, in [0, 1].
    pub fn reservation(mut self, reservation: impl Into<Number>) -> Self {
        self.raw.reservation = reservation.into().0;
        self
    }

    /// Discount factor per round, in (0, 1].
    pub fn patience(mut self, patience: impl Into<Number>) -> Self {
        self.raw.patience = Some(patience.into().0);
        self
    }

    /// Own concession exponent for time-dependent alternating offers.
    pub fn concession(mut self, e: f64) -> Self {
        self.raw.concession = Some(e);
        self
    }

    /// Whether the actor's consent is required.
    pub fn veto(mut self, veto: bool) -> Self {
        self.raw.veto = Some(veto);
        self
    }

    fn stance(
        mut self,
        issue: &str,
        position: Option<RawPosition>,
        salience: Number,
        shape: Option<Shape>,
    ) -> Self {
        let stance = RawStance {
            position,
            values: None,
            salience: salience.0,
            shape,
            red_line: None,
        };
        self.raw.stances.0.push((issue.to_string(), stance));
        self
    }

    /// Ideal point on a continuous issue (linear utility) and how much it matters.
    pub fn ideal(
        self,
        issue: &str,
        position: impl Into<Number>,
        salience: impl Into<Number>,
    ) -> Self {
        self.stance(
            issue,
            Some(RawPosition::Number(position.into().0)),
            salience.into(),
            None,
        )
    }

    /// Ideal point with quadratic utility (small concessions cheap, large ones costly).
    pub fn ideal_quadratic(
        self,
        issue: &str,
        position: impl Into<Number>,
        salience: impl Into<Number>,
    ) -> Self {
        self.stance(
            issue,
            Some(RawPosition::Number(position.into().0)),
            salience.into(),
            Some(Shape::Quadratic),
        )
    }

    /// Favoured option on a discrete issue (values fall linearly with option order).
    pub fn favours(self, issue: &str, option: &str, salience: impl Into<Number>) -> Self {
        self.stance(
            issue,
            Some(RawPosition::Option(option.to_string())),
            salience.into(),
            None,
        )
    }

    /// A value in [0, 1] for each option of a discrete issue.
    pub fn values(
        mut self,
        issue: &str,
        values: &[(&str, f64)],
        salience: impl Into<Number>,
    ) -> Self {
        let values = OrderedMap(
            values
                .iter()
                .map(|(option, value)| (option.to_string(), *value))
                .collect(),
        );
        let stance = RawStance {
            position: None,
            values: Some(values),
            salience: salience.into().0,
            shape: None,
            red_line: None,
        };
        self.raw.stances.0.push((issue.to_string(), stance));
        self
    }

    /// A red line on a continuous issue: outcomes outside `[min, max]` are refused.
    /// Call after the stance on that issue.
    pub fn red_line(mut self, issue: &str, min: f64, max: f64) -> Self {
        if let Some((_, stance)) = self.raw.stances.0.iter_mut().find(|(id, _)| id == issue) {
            stance.red_line = Some(RawRedLine {
                min: Some(min),
                max: Some(max),
                allowed: None,
            });
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_scenarios_are_validated_like_files() {
        let err = ScenarioBuilder::new("bad")
            .continuous_issue("x", "X", 0.0, 1.0)
            .actor(
                ActorBuilder::new("a", "A")
                    .reservation(1.5)
                    .ideal("x", 0.5, 1.0),
            )
            .actor(ActorBuilder::new("b", "B").ideal("y", 0.5, 1.0))
            .build()
            .unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("reservation must lie in [0, 1], found 1.5"),
            "{text}"
        );
        assert!(text.contains("unknown issue `y`"), "{text}");
        assert!(
            text.starts_with("(scenario built in code): error:"),
            "{text}"
        );
    }

    #[test]
    fn distributions_keep_their_names() {
        let scenario = ScenarioBuilder::new("uncertain")
            .continuous_issue("x", "X", 0.0, 10.0)
            .actor(ActorBuilder::new("a", "A").power(uniform(1.0, 3.0)).ideal(
                "x",
                triangular(2.0, 3.0, 7.0),
                1.0,
            ))
            .actor(
                ActorBuilder::new("b", "B")
                    .reservation(beta(2.0, 2.0, 0.0, 0.4))
                    .ideal("x", normal(5.0, 1.0), 1.0),
            )
            .build()
            .unwrap();
        assert_eq!(scenario.uncertain_count(), 4);
        assert_eq!(scenario.actors[0].power.nominal(), 2.0);
        assert!((scenario.actors[1].reservation.nominal() - 0.2).abs() < 1e-12);
    }
}

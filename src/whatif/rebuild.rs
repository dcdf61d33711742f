//! Checking a changed number by the scenario's own rules.
//!
//! The validated [`Scenario`] is rebuilt through the public builder, which fills
//! the same schema structs a file is read into and runs the same validation, with
//! one number replaced. Going through the builder rather than the schema structs
//! keeps this code independent of schema fields it does not care about (the
//! builder gives them their defaults). What the builder cannot express is left
//! out, which is safe because a what-if path never changes it and the original
//! scenario passed validation with it: descriptions, units, labels, and red
//! lines on discrete issues.

use super::path::{ParamPath, Target};
use crate::scenario::build::{self, ActorBuilder, Number, ScenarioBuilder, Value};
use crate::scenario::{IssueKind, Preference, RedLine, Scenario, ScenarioError, Shape};
use crate::uncertain::{Param, Uncertain};

/// The number a builder needs to reproduce `param` as written.
fn number(param: &Param) -> Number {
    match param.dist {
        Uncertain::Fixed(value) => value.into(),
        Uncertain::Normal { mean, sd, .. } => build::normal(mean, sd),
        Uncertain::Uniform { min, max } => build::uniform(min, max),
        Uncertain::Triangular { min, mode, max } => build::triangular(min, mode, max),
        Uncertain::Beta {
            alpha,
            beta,
            min,
            max,
            ..
        } => build::beta(alpha, beta, min, max),
    }
}

/// `scenario` rebuilt and validated with the number at `path` set to `value`.
pub(super) fn with_value(
    scenario: &Scenario,
    path: &ParamPath,
    value: f64,
) -> Result<Scenario, ScenarioError> {
    let mut builder = ScenarioBuilder::new(&scenario.name);
    for issue in &scenario.issues {
        builder = match &issue.kind {
            IssueKind::Continuous { min, max } => {
                builder.continuous_issue(&issue.id, &issue.name, *min, *max)
            }
            IssueKind::Discrete { options } => {
                let names: Vec<&str> = options.iter().map(String::as_str).collect();
                builder.discrete_issue(&issue.id, &issue.name, &names)
            }
        };
    }
    // The number at `path` if it is `target`, else the scenario's own.
    let pick = |target: Target, param: &Param| {
        if path.target == target {
            Number::from(value)
        } else {
            number(param)
        }
    };
    for (a, actor) in scenario.actors.iter().enumerate() {
        let mut built = ActorBuilder::new(&actor.id, &actor.name)
            .power(pick(Target::Power { actor: a }, &actor.power))
            .reservation(pick(Target::Reservation { actor: a }, &actor.reservation))
            .patience(pick(Target::Patience { actor: a }, &actor.patience))
            .veto(actor.veto);
        if let Some(e) = actor.concession {
            built = built.concession(e);
        }
        for (d, (issue, stance)) in scenario.issues.iter().zip(&actor.stances).enumerate() {
            let salience = pick(Target::Salience { actor: a, issue: d }, &stance.salience);
            built = match &stance.preference {
                Preference::Ideal { position, shape } => {
                    let position = pick(Target::Position { actor: a, issue: d }, position);
                    match shape {
                        Shape::Linear => built.ideal(&issue.id, position, salience),
                        Shape::Quadratic => built.ideal_quadratic(&issue.id, position, salience),
                    }
                }
                Preference::Values(values) => {
                    let IssueKind::Discrete { options } = &issue.kind else {
                        continue;
                    };
                    let pairs: Vec<(&str, f64)> = options
                        .iter()
                        .map(String::as_str)
                        .zip(values.iter().copied())
                        .collect();
                    built.values(&issue.id, &pairs, salience)
                }
            };
            if let Some(RedLine::Interval { min, max }) = stance.red_line {
                built = built.red_line(&issue.id, min, max);
            }
        }
        builder = builder.actor(built);
    }
    for (p, proposal) in scenario.proposals.iter().enumerate() {
        let values: Vec<(&str, Value)> = scenario
            .issues
            .iter()
            .enumerate()
            .map(|(d, issue)| {
                let written = proposal.values[d];
                let value = match &issue.kind {
                    IssueKind::Discrete { options } => {
                        Value::Option(options.get(written as usize).map_or("", String::as_str))
                    }
                    IssueKind::Continuous { .. } if path.target == target(p, d) => {
                        Value::Number(value)
                    }
                    IssueKind::Continuous { .. } => Value::Number(written),
                };
                (issue.id.as_str(), value)
            })
            .collect();
        builder = builder.proposal(&proposal.name, &values);
    }
    builder
        .model(scenario.model)
        .run_settings(scenario.trials, scenario.seed)
        .build()
}

fn target(proposal: usize, issue: usize) -> Target {
    Target::Proposal { proposal, issue }
}

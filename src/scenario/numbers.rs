//! Scenario numbers: a plain number or a named distribution, checked against the
//! range of the parameter it stands for.

use super::schema::RawNumber;
use super::text::Num;
use crate::uncertain::{Param, Uncertain};

/// The valid range of a parameter and how to say it to a user.
#[derive(Clone, Copy, Debug)]
pub struct Range {
    pub lo: f64,
    pub hi: f64,
    /// Whether `lo` itself is allowed (patience must be > 0).
    pub lo_inclusive: bool,
    /// E.g. "a reservation", used in messages.
    pub what: &'static str,
}

impl Range {
    fn contains(&self, value: f64) -> bool {
        let above = if self.lo_inclusive {
            value >= self.lo
        } else {
            value > self.lo
        };
        above && value <= self.hi
    }

    fn describe(&self) -> String {
        let open = if self.lo_inclusive { "[" } else { "(" };
        if self.hi.is_infinite() {
            format!("{}{}, ∞)", open, Num(self.lo))
        } else {
            format!("{}{}, {}]", open, Num(self.lo), Num(self.hi))
        }
    }
}

/// Distribution names and their parameters, for messages and suggestions.
pub const DISTRIBUTIONS: [(&str, &[&str]); 4] = [
    ("Normal", &["mean", "sd"]),
    ("Uniform", &["min", "max"]),
    ("Triangular", &["min", "mode", "max"]),
    ("Beta", &["alpha", "beta", "min", "max"]),
];

/// A problem with one number: message, help, and the sub-path it concerns.
#[derive(Debug)]
pub struct NumberProblem {
    pub subpath: Option<String>,
    pub message: String,
    pub help: String,
}

/// Turns a raw number into a [`Param`]; `name` is the struct name written in the file.
pub fn to_param(raw: &RawNumber, name: Option<&str>, range: Range) -> Result<Param, NumberProblem> {
    let dist = match raw {
        RawNumber::Number(value) => {
            if !value.is_finite() {
                return Err(NumberProblem {
                    subpath: None,
                    message: format!(
                        "{} must be a finite number, found {}",
                        range.what,
                        Num(*value)
                    ),
                    help: format!("write a number in {}", range.describe()),
                });
            }
            if !range.contains(*value) {
                return Err(NumberProblem {
                    subpath: None,
                    message: format!(
                        "{} must lie in {}, found {}",
                        range.what,
                        range.describe(),
                        Num(*value)
                    ),
                    help: format!("change it to a value in {}", range.describe()),
                });
            }
            Uncertain::Fixed(*value)
        }
        RawNumber::Params { name: own, params } => {
            distribution(params, own.as_deref().or(name), range)?
        }
    };
    let lo = if range.lo_inclusive {
        range.lo
    } else {
        range.lo + 1e-9
    };
    Ok(Param {
        dist,
        lo,
        hi: range.hi,
    })
}

fn distribution(
    params: &[(String, f64)],
    name: Option<&str>,
    range: Range,
) -> Result<Uncertain, NumberProblem> {
    let names: Vec<&str> = DISTRIBUTIONS.iter().map(|(name, _)| *name).collect();
    let Some(name) = name else {
        return Err(NumberProblem {
            subpath: None,
            message: format!("{} is written as a struct without a distribution name", range.what),
            help: "name the distribution, e.g. Normal(mean: 0.5, sd: 0.1), Uniform(min: 0.2, max: 0.4), \
                   Triangular(min: 0.1, mode: 0.3, max: 0.6) or Beta(alpha: 2, beta: 5, min: 0, max: 1)"
                .to_string(),
        });
    };
    let Some((_, expected)) = DISTRIBUTIONS.iter().find(|(known, _)| *known == name) else {
        let help = match super::error::did_you_mean(name, names.iter().copied()) {
            Some(suggestion) => format!("did you mean `{suggestion}`?"),
            None => format!("use one of: {}", names.join(", ")),
        };
        return Err(NumberProblem {
            subpath: None,
            message: format!("unknown distribution {}", super::text::quoted(name)),
            help,
        });
    };
    let mut values = Vec::with_capacity(expected.len());
    for (key, value) in params {
        if !expected.contains(&key.as_str()) {
            let help = match super::error::did_you_mean(key, expected.iter().copied()) {
                Some(suggestion) => format!("did you mean `{suggestion}`?"),
                None => format!("{name} takes: {}", expected.join(", ")),
            };
            return Err(NumberProblem {
                subpath: Some(key.clone()),
                message: format!("{name} has no parameter {}", super::text::quoted(key)),
                help,
            });
        }
        if !value.is_finite() {
            return Err(NumberProblem {
                subpath: Some(key.clone()),
                message: format!(
                    "{name} parameter `{key}` must be finite, found {}",
                    Num(*value)
                ),
                help: "write a finite number".to_string(),
            });
        }
    }
    for key in expected.iter() {
        let value = params
            .iter()
            .find(|(given, _)| given == key)
            .map(|(_, value)| *value);
        let value = match (value, name, *key) {
            (Some(value), _, _) => value,
            (None, "Beta", "min") => 0.0,
            (None, "Beta", "max") => 1.0,
            (None, _, _) => {
                return Err(NumberProblem {
                    subpath: None,
                    message: format!("{name} is missing its parameter `{key}`"),
                    help: format!(
                        "write {name}({})",
                        expected
                            .iter()
                            .map(|k| format!("{k}: .."))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                });
            }
        };
        values.push(value);
    }
    let built = match name {
        "Normal" => Uncertain::normal(values[0], values[1]),
        "Uniform" => Uncertain::uniform(values[0], values[1]),
        "Triangular" => Uncertain::triangular(values[0], values[1], values[2]),
        _ => Uncertain::beta(values[0], values[1], values[2], values[3]),
    };
    let dist = built.map_err(|message| NumberProblem {
        subpath: None,
        message,
        help: "fix the distribution's parameters".to_string(),
    })?;
    let mean = dist.mean();
    if !range.contains(mean) {
        return Err(NumberProblem {
            subpath: None,
            message: format!(
                "{} must lie in {}, but this distribution's mean is {}",
                range.what,
                range.describe(),
                Num(mean)
            ),
            help: format!(
                "centre the distribution inside {}; draws outside it are clamped",
                range.describe()
            ),
        });
    }
    Ok(dist)
}

//! Sweeps: one parameter set to each of several values, the Monte Carlo rerun at each.
//!
//! Every value is checked before the first run starts, so a typo in the tenth
//! value fails at once rather than after nine runs. Points keep the order the
//! values were given in.

use super::path::ParamPath;
use super::{Hooks, RunStats, Settings, WhatIfError, simulate};
use crate::scenario::Scenario;
use crate::scenario::text::{quoted, shown};

/// The most values one sweep may have: more is a typo, not a plan.
pub const MAX_VALUES: usize = 1000;

/// The results at one value.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepPoint {
    pub value: f64,
    pub stats: RunStats,
}

/// A whole sweep: the parameter, the settings shared by every run, and a point per value.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepResult {
    pub settings: Settings,
    /// The parameter's path, e.g. `actors.ukraine.reservation`.
    pub path: String,
    /// The parameter as a reader names it, e.g. `Ukraine · reservation`
    /// ([`ParamPath::label`]).
    pub label: String,
    /// The parameter as the scenario writes it, e.g. `Beta(alpha 4, beta 4, 0.35..0.75)`.
    pub written: String,
    /// The parameter's unit, if it has one (positions and proposal values).
    pub unit: Option<String>,
    pub points: Vec<SweepPoint>,
}

/// Parses `--values`: numbers separated by commas, e.g. `0.3,0.4,0.5`.
pub fn parse_values(text: &str) -> Result<Vec<f64>, WhatIfError> {
    count_ok(text.split(',').count())?;
    let values = text
        .split(',')
        .map(|item| {
            let item = item.trim();
            item.parse::<f64>()
                .ok()
                .filter(|value| value.is_finite())
                .ok_or_else(|| {
                    WhatIfError::invalid(
                        format!("{} in --values is not a number", quoted(item)),
                        "give numbers separated by commas, e.g. --values 0.3,0.4,0.5",
                    )
                })
        })
        .collect::<Result<Vec<f64>, WhatIfError>>()?;
    Ok(values)
}

/// Parses `--range lo:hi:steps`: `steps` evenly spaced values from `lo` to `hi`
/// inclusive, e.g. `0.3:0.7:5` gives 0.3, 0.4, 0.5, 0.6, 0.7.
pub fn parse_range(text: &str) -> Result<Vec<f64>, WhatIfError> {
    let help = "write --range lo:hi:steps, e.g. --range 0.3:0.7:5 for 0.3, 0.4, ..., 0.7";
    let parts: Vec<&str> = text.split(':').map(str::trim).collect();
    let [lo, hi, steps] = parts[..] else {
        return Err(WhatIfError::invalid(
            format!(
                "--range {} needs three parts separated by colons",
                quoted(text)
            ),
            help,
        ));
    };
    let number = |item: &str, what: &str| {
        item.parse::<f64>()
            .ok()
            .filter(|value| value.is_finite())
            .ok_or_else(|| {
                WhatIfError::invalid(
                    format!("{what} {} in --range is not a number", quoted(item)),
                    help,
                )
            })
    };
    let (lo, hi) = (number(lo, "the low end")?, number(hi, "the high end")?);
    let whole = steps.chars().all(|c| c.is_ascii_digit()) && !steps.is_empty();
    let too_many = || {
        WhatIfError::invalid(
            format!("{} values is too many for one sweep", shown(steps)),
            format!("use at most {MAX_VALUES}"),
        )
    };
    // The count is checked before anything is allocated: a digit string too
    // long for any integer is simply too many.
    let steps: usize = match steps.parse::<u64>() {
        Ok(n) if n >= 2 => usize::try_from(n).map_err(|_| too_many())?,
        Err(_) if whole => return Err(too_many()),
        _ => {
            return Err(WhatIfError::invalid(
                format!(
                    "the number of steps {} in --range must be a whole number >= 2",
                    quoted(steps)
                ),
                help,
            ));
        }
    };
    count_ok(steps)?;
    // When `hi - lo` overflows (lo -1e308, hi 1e308) each value is taken as a
    // weighted mean of the ends instead, which stays finite.
    let span = hi - lo;
    let values = (0..steps)
        .map(|k| {
            let t = k as f64 / (steps - 1) as f64;
            if k + 1 == steps {
                hi
            } else if span.is_finite() {
                lo + span * t
            } else {
                lo * (1.0 - t) + hi * t
            }
        })
        .collect();
    Ok(values)
}

fn count_ok(count: usize) -> Result<(), WhatIfError> {
    if count > MAX_VALUES {
        return Err(WhatIfError::invalid(
            format!("{count} values is too many for one sweep"),
            format!("use at most {MAX_VALUES}"),
        ));
    }
    Ok(())
}

/// Sets the parameter at `path` to each value in turn (a plain number: an
/// uncertain input becomes certain) and runs the Monte Carlo with the same
/// settings and seed at each.
pub fn sweep(
    scenario: &Scenario,
    path: &ParamPath,
    values: &[f64],
    settings: &Settings,
    hooks: &Hooks,
) -> Result<SweepResult, WhatIfError> {
    if values.is_empty() {
        return Err(WhatIfError::invalid(
            "a sweep needs at least one value",
            "give --values 0.3,0.4,0.5 or --range 0.3:0.7:5",
        ));
    }
    let points = sweep_points(scenario, path, values, settings, hooks)?;
    Ok(SweepResult::new(scenario, path, settings, points))
}

/// The runs of a sweep at `values` (every value checked before the first
/// run), one point per value in order: a whole sweep's, or a shard's block
/// of its values.
pub fn sweep_points(
    scenario: &Scenario,
    path: &ParamPath,
    values: &[f64],
    settings: &Settings,
    hooks: &Hooks,
) -> Result<Vec<SweepPoint>, WhatIfError> {
    let scenarios = values
        .iter()
        .map(|&value| path.set(scenario, value))
        .collect::<Result<Vec<Scenario>, WhatIfError>>()?;
    let mut points = Vec::with_capacity(values.len());
    for (changed, &value) in scenarios.iter().zip(values) {
        let stats = simulate(changed, settings, hooks)?;
        points.push(SweepPoint { value, stats });
        hooks.report(points.len(), values.len());
    }
    Ok(points)
}

impl SweepResult {
    /// The sweep of the parameter at `path` with these points (from
    /// [`sweep_points`], in the order of the values).
    pub fn new(
        scenario: &Scenario,
        path: &ParamPath,
        settings: &Settings,
        points: Vec<SweepPoint>,
    ) -> SweepResult {
        SweepResult {
            settings: *settings,
            path: path.text.clone(),
            label: path.label(scenario),
            written: path.written(scenario),
            unit: path.unit(scenario).map(str::to_string),
            points,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_evenly_spaced_and_end_exactly() {
        let values = parse_range("0.3:0.7:5").unwrap();
        assert_eq!(values.len(), 5);
        assert!((values[1] - 0.4).abs() < 1e-15);
        assert_eq!(values[4], 0.7);
        assert_eq!(parse_range("1:0:2").unwrap(), vec![1.0, 0.0]);
    }

    #[test]
    fn bad_value_lists_name_the_culprit() {
        assert_eq!(
            parse_values(" 0.1, -2 ,3e-1").unwrap(),
            vec![0.1, -2.0, 0.3]
        );
        let err = parse_values("0.1,abc").unwrap_err().to_string();
        assert!(err.contains("`abc` in --values is not a number"), "{err}");
        assert!(parse_values("0.1,,0.2").is_err());
        assert!(parse_values("inf").is_err());
        let err = parse_range("0:1").unwrap_err().to_string();
        assert!(err.contains("three parts"), "{err}");
        let err = parse_range("0:1:1").unwrap_err().to_string();
        assert!(err.contains(">= 2"), "{err}");
        assert!(parse_range("0:1:100000").is_err());
    }

    #[test]
    fn huge_step_counts_are_refused_before_anything_is_allocated() {
        for steps in [
            "100000000000",
            "18446744073709551615",
            "99999999999999999999999",
        ] {
            let err = parse_range(&format!("0:1:{steps}"))
                .unwrap_err()
                .to_string();
            assert!(err.contains("too many"), "{steps}: {err}");
        }
        let many = vec!["0.5"; MAX_VALUES + 1].join(",");
        assert!(
            parse_values(&many)
                .unwrap_err()
                .to_string()
                .contains("too many")
        );
    }

    #[test]
    fn the_widest_ranges_give_finite_values() {
        let values = parse_range("-1e308:1e308:5").unwrap();
        assert!(values.iter().all(|value| value.is_finite()), "{values:?}");
        assert_eq!(values[2], 0.0);
    }
}

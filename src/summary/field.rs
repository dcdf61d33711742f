//! Checking that a result file's numbers can be what zopa wrote: a place in
//! the file ([`Field`], shown as a JSON path such as `issues.price.p25` or
//! `models[1].summary.trials`) and the checks the readers share (a finite
//! number, a share on 0–1, a value inside a range, quantiles in order).
//!
//! serde already refuses what the layout forbids (a missing key, a string for
//! a number); these checks catch what a layout cannot: a hand-edited or
//! damaged file whose counts do not add up, whose shares exceed 1, whose
//! quantiles are out of order. Charts drawn from such a file would look as
//! trustworthy as any other, so the readers refuse it instead, naming the
//! field and what is wrong with it.
//!
//! Numbers in result files are rounded to 9 decimals when written, so checks
//! between them allow [`SLACK`] (relative to the magnitudes compared).

use crate::scenario::text::{Num, shown};
use std::fmt;

/// Rounding the writers allow for: every number is written to 9 decimals.
pub const SLACK: f64 = 1e-8;

/// A value a file cannot hold as zopa writes it: where, and what is wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct Inconsistency {
    /// The JSON path of the value, e.g. `issues.price.p25`.
    pub field: String,
    /// What is wrong, e.g. "is 0.9, below p05 (1.2): quantiles rise from p05 to p95".
    pub problem: String,
}

impl fmt::Display for Inconsistency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` {}", self.field, self.problem)
    }
}

impl std::error::Error for Inconsistency {}

/// The outcome of a check.
pub type Checked = Result<(), Inconsistency>;

/// A place in a result file, as a JSON path.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Field(String);

impl Field {
    /// The file's top level.
    pub fn root() -> Field {
        Field::default()
    }

    /// The value under `key`: `.key`, or `["key"]` when the key is not a
    /// plain identifier (proposal names have spaces; a damaged file may have
    /// anything, shown escaped and cut short).
    pub fn key(&self, key: &str) -> Field {
        let plain = key.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && key.len() <= 64
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        let dot = if self.0.is_empty() { "" } else { "." };
        if plain {
            Field(format!("{}{dot}{key}", self.0))
        } else {
            Field(format!("{}[\"{}\"]", self.0, shown(key)))
        }
    }

    /// The item at `index` of an array: `[index]`.
    pub fn index(&self, index: usize) -> Field {
        Field(format!("{}[{index}]", self.0))
    }

    /// The path as the message shows it (`(top level)` for the root).
    pub fn path(&self) -> &str {
        if self.0.is_empty() {
            "(top level)"
        } else {
            &self.0
        }
    }

    /// This field is wrong in the way `problem` says.
    pub fn wrong(&self, problem: impl Into<String>) -> Inconsistency {
        Inconsistency {
            field: self.path().to_string(),
            problem: problem.into(),
        }
    }

    /// A finite number.
    pub fn finite(&self, value: f64) -> Checked {
        if value.is_finite() {
            Ok(())
        } else {
            Err(self.wrong(format!("is {value}, not a finite number")))
        }
    }

    /// A finite number of at least `min`.
    pub fn at_least(&self, value: f64, min: f64) -> Checked {
        self.finite(value)?;
        if value < min - SLACK * min.abs().max(1.0) {
            return Err(self.wrong(format!("is {}, below {}", Num(value), Num(min))));
        }
        Ok(())
    }

    /// A share of trials or of agreements: a number on 0–1.
    pub fn share(&self, value: f64) -> Checked {
        self.finite(value)?;
        if !(-SLACK..=1.0 + SLACK).contains(&value) {
            return Err(self.wrong(format!(
                "is {}, but it is a share, between 0 and 1",
                Num(value)
            )));
        }
        Ok(())
    }

    /// A utility: a number on 0–1 (zopa's utilities are normalised).
    pub fn utility(&self, value: f64) -> Checked {
        self.finite(value)?;
        if !(-SLACK..=1.0 + SLACK).contains(&value) {
            return Err(self.wrong(format!("is {}, but utilities run from 0 to 1", Num(value))));
        }
        Ok(())
    }

    /// A finite number inside `[low, high]` (`what` names the range, e.g.
    /// "the issue's range").
    pub fn inside(&self, value: f64, [low, high]: [f64; 2], what: &str) -> Checked {
        self.finite(value)?;
        let slack = SLACK * (low.abs().max(high.abs()).max(high - low)).max(1.0);
        if value < low - slack || value > high + slack {
            return Err(self.wrong(format!(
                "is {}, outside {what} {} – {}",
                Num(value),
                Num(low),
                Num(high)
            )));
        }
        Ok(())
    }

    /// A `[low, high]` pair with finite `low < high` (`strict`) or `low <= high`.
    pub fn interval(&self, [low, high]: [f64; 2], strict: bool) -> Checked {
        self.index(0).finite(low)?;
        self.index(1).finite(high)?;
        if low > high || (strict && low == high) {
            return Err(self.wrong(format!(
                "runs from {} down to {}: its first number must be {} the second",
                Num(low),
                Num(high),
                if strict { "below" } else { "at most" }
            )));
        }
        Ok(())
    }

    /// Named values that must not fall from one to the next, e.g. the
    /// quantiles `[("p05", v), ("p25", v), ...]` under this field.
    pub fn rising(&self, values: &[(&str, f64)], what: &str) -> Checked {
        for pair in values.windows(2) {
            let ((low_name, low), (high_name, high)) = (pair[0], pair[1]);
            let slack = SLACK * low.abs().max(high.abs()).max(1.0);
            if high < low - slack {
                return Err(self.key(high_name).wrong(format!(
                    "is {}, below {low_name} ({}): {what}",
                    Num(high),
                    Num(low)
                )));
            }
        }
        Ok(())
    }

    /// A map's keys are exactly `expected`, in that order (`what` says what
    /// they name, e.g. "the summary's actors").
    pub fn same_keys<'a>(
        &self,
        found: impl ExactSizeIterator<Item = &'a String>,
        expected: &[&str],
        what: &str,
    ) -> Checked {
        let found: Vec<&String> = found.collect();
        if found.len() == expected.len() && found.iter().zip(expected).all(|(a, b)| a == b) {
            return Ok(());
        }
        let missing = expected.iter().find(|key| !found.iter().any(|f| f == *key));
        let extra = found.iter().find(|key| !expected.contains(&key.as_str()));
        Err(self.wrong(match (missing, extra) {
            (Some(key), _) => format!(
                "lacks `{}`: it holds one entry for each of {what}",
                shown(key)
            ),
            (None, Some(key)) => format!("has `{}`, which is not one of {what}", shown(key)),
            (None, None) if found.len() != expected.len() => {
                format!("repeats a key: it holds one entry for each of {what}")
            }
            (None, None) => format!("lists {what} in another order than the file does"),
        }))
    }

    /// Shares per option (this field): keyed by exactly `options`, in order,
    /// each on `[0, 1]`. Gives their total, for the caller's own rule.
    pub fn option_shares<'a>(
        &self,
        shares: impl IntoIterator<Item = (&'a String, &'a f64)> + Clone,
        options: &[String],
    ) -> Result<f64, Inconsistency> {
        let names: Vec<&str> = options.iter().map(String::as_str).collect();
        let keys: Vec<&String> = shares.clone().into_iter().map(|(key, _)| key).collect();
        self.same_keys(keys.into_iter(), &names, "the issue's options")?;
        let mut total = 0.0;
        for (option, &share) in shares {
            self.key(option).share(share)?;
            total += share;
        }
        Ok(total)
    }

    /// A discrete issue's options (this field): at least one, none twice.
    pub fn options(&self, options: &[String]) -> Checked {
        if options.is_empty() {
            return Err(self.wrong("is empty: a discrete issue has options"));
        }
        for (k, option) in options.iter().enumerate() {
            if options[..k].contains(option) {
                return Err(self
                    .index(k)
                    .wrong(format!("repeats the option `{}`", shown(option))));
            }
        }
        Ok(())
    }
}

/// `count` of `total`, as the rate `rate` should say, to the writers' rounding.
pub fn rate_matches(rate: f64, count: u64, total: u64) -> bool {
    let exact = if total == 0 {
        0.0
    } else {
        count as f64 / total as f64
    };
    (rate - exact).abs() <= SLACK
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_quote_keys_that_are_not_identifiers() {
        let field = Field::root()
            .key("proposals")
            .key("Minsk II")
            .key("acceptance")
            .key("ukraine");
        assert_eq!(field.path(), r#"proposals["Minsk II"].acceptance.ukraine"#);
        assert_eq!(
            Field::root().key("models").index(2).key("trials").path(),
            "models[2].trials"
        );
        // A hostile key is escaped, not echoed to the terminal.
        assert_eq!(Field::root().key("a\u{1b}[2J").path(), "[\"a\\u{1b}[2J\"]");
    }

    #[test]
    fn shares_quantiles_and_ranges_allow_only_the_writers_rounding() {
        let field = Field::root().key("x");
        assert!(field.share(1.0 + 1e-10).is_ok());
        assert!(field.share(1.001).is_err());
        assert!(field.share(-0.001).is_err());
        assert!(field.share(f64::NAN).is_err());
        assert!(
            field
                .inside(100.0 + 1e-7, [0.0, 100.0], "the range")
                .is_ok()
        );
        assert!(field.inside(100.1, [0.0, 100.0], "the range").is_err());
        let quantiles = [("p05", 1.0), ("p25", 2.0), ("p50", 1.5)];
        let err = field.rising(&quantiles, "quantiles rise").unwrap_err();
        assert_eq!(err.field, "x.p50");
        assert!(err.problem.contains("below p25 (2)"), "{}", err.problem);
    }

    #[test]
    fn keys_must_match_in_order() {
        let keys = ["a".to_string(), "c".to_string()];
        let field = Field::root().key("m");
        assert!(
            field
                .same_keys(keys.iter(), &["a", "c"], "the actors")
                .is_ok()
        );
        let err = field
            .same_keys(keys.iter(), &["a", "b"], "the actors")
            .unwrap_err();
        assert!(err.problem.contains("lacks `b`"), "{}", err.problem);
        let err = field
            .same_keys(keys.iter(), &["c", "a"], "the actors")
            .unwrap_err();
        assert!(err.problem.contains("another order"), "{}", err.problem);
    }
}

//! The recorded outcomes a backtest scores against: JSON
//! `{"<file stem>": {"outcome": 42.0, "issue": "<id>", ...}}` (other fields,
//! such as DEU's reference point `rp`, are ignored) or CSV with a header
//! `id,outcome[,issue]`.

use crate::scenario::text::quoted;
use std::collections::BTreeMap;

/// One recorded outcome.
#[derive(Clone, Debug, PartialEq)]
pub struct Recorded {
    /// In the issue's own units.
    pub outcome: f64,
    /// Which issue, for scenarios with more than one continuous issue.
    pub issue: Option<String>,
}

/// Recorded outcomes by case id (file stem).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Truth {
    pub cases: BTreeMap<String, Recorded>,
}

/// A problem with the truth file, with where it is and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TruthError {
    pub line: usize,
    pub col: usize,
    pub message: String,
    pub help: String,
}

impl Truth {
    /// Reads JSON (text starting with `{`) or CSV.
    pub fn parse(text: &str) -> Result<Truth, TruthError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim_start().starts_with('{') {
            Truth::from_json(text)
        } else {
            Truth::from_csv(text)
        }
    }

    fn from_json(text: &str) -> Result<Truth, TruthError> {
        #[derive(serde::Deserialize)]
        struct Entry {
            outcome: Option<f64>,
            #[serde(default)]
            issue: Option<String>,
        }
        let entries: BTreeMap<String, Entry> = serde_json::from_str(text).map_err(|err| TruthError {
            line: err.line(),
            col: err.column(),
            message: format!("not a truth file: {err}"),
            help: "write {\"<file stem>\": {\"outcome\": 42.0}, ...}, one entry per scenario or table".into(),
        })?;
        let mut cases = BTreeMap::new();
        for (id, entry) in entries {
            let Some(outcome) = entry.outcome else {
                return Err(TruthError {
                    line: line_of(text, &id),
                    col: 1,
                    message: format!("{} has no `outcome`", quoted(&id)),
                    help: "give the recorded outcome in the issue's units, e.g. \"outcome\": 42.0, or remove the entry".into(),
                });
            };
            check_outcome(&id, outcome, line_of(text, &id))?;
            cases.insert(
                id,
                Recorded {
                    outcome,
                    issue: entry.issue,
                },
            );
        }
        Ok(Truth { cases })
    }

    fn from_csv(text: &str) -> Result<Truth, TruthError> {
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty());
        let Some((_, header)) = lines.next() else {
            return Err(TruthError {
                line: 1,
                col: 1,
                message: "the truth file is empty".into(),
                help: "write a header `id,outcome` and one line per scenario".into(),
            });
        };
        let columns: Vec<String> = header
            .split(',')
            .map(|c| c.trim().to_ascii_lowercase())
            .collect();
        let find = |name: &str| columns.iter().position(|c| c == name);
        let (Some(id_col), Some(outcome_col)) = (find("id"), find("outcome")) else {
            return Err(TruthError {
                line: 1,
                col: 1,
                message: format!(
                    "the header should name the columns `id` and `outcome`, found `{}`",
                    header.trim()
                ),
                help: "write `id,outcome` (and optionally `issue`) on the first line".into(),
            });
        };
        let issue_col = find("issue");
        let mut cases = BTreeMap::new();
        for (k, line) in lines {
            let cells: Vec<&str> = line.split(',').map(str::trim).collect();
            let cell = |c: usize| cells.get(c).copied().unwrap_or("");
            let id = cell(id_col).to_string();
            if id.is_empty() {
                return Err(TruthError {
                    line: k + 1,
                    col: 1,
                    message: "a line without an id".into(),
                    help: "give the scenario's file stem, e.g. d00032i1".into(),
                });
            }
            let outcome: f64 = cell(outcome_col).parse().map_err(|_| TruthError {
                line: k + 1,
                col: 1 + line
                    .split(',')
                    .take(outcome_col)
                    .map(|c| c.len() + 1)
                    .sum::<usize>(),
                message: format!(
                    "the outcome of {} is not a number: `{}`",
                    quoted(&id),
                    cell(outcome_col)
                ),
                help: "write the recorded outcome in the issue's units, e.g. 42.0".into(),
            })?;
            check_outcome(&id, outcome, k + 1)?;
            let issue = issue_col
                .map(cell)
                .filter(|s| !s.is_empty())
                .map(str::to_string);
            if cases
                .insert(id.clone(), Recorded { outcome, issue })
                .is_some()
            {
                return Err(TruthError {
                    line: k + 1,
                    col: 1,
                    message: format!("{} appears twice", quoted(&id)),
                    help: "give each scenario one line".into(),
                });
            }
        }
        Ok(Truth { cases })
    }
}

fn check_outcome(id: &str, outcome: f64, line: usize) -> Result<(), TruthError> {
    if outcome.is_finite() {
        return Ok(());
    }
    Err(TruthError {
        line,
        col: 1,
        message: format!("the outcome of {} is not a finite number", quoted(id)),
        help: "write the recorded outcome in the issue's units, e.g. 42.0".into(),
    })
}

/// The line on which `"id"` first appears (1 if it cannot be found).
fn line_of(text: &str, id: &str) -> usize {
    let key = format!("\"{id}\"");
    text.find(&key)
        .map_or(1, |at| 1 + text[..at].matches('\n').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_json_and_csv_alike() {
        let json = Truth::parse(
            r#"{"d1i1": {"outcome": 40.0, "rp": null}, "d1i2": {"outcome": 0, "issue": "x"}}"#,
        )
        .unwrap();
        let csv = Truth::parse("id,outcome,issue\nd1i1,40\nd1i2,0,x\n").unwrap();
        assert_eq!(json, csv);
        assert_eq!(json.cases["d1i2"].issue.as_deref(), Some("x"));
    }

    #[test]
    fn says_where_an_outcome_is_missing_or_bad() {
        let err = Truth::parse("{\n \"a\": {\"outcome\": 1},\n \"b\": {\"rp\": 2}\n}").unwrap_err();
        assert_eq!(
            (err.line, err.message.as_str()),
            (3, "`b` has no `outcome`")
        );
        let err = Truth::parse("id,outcome\na,1\nb,x\n").unwrap_err();
        assert_eq!((err.line, err.col), (3, 3));
        assert!(err.message.contains("not a number"), "{}", err.message);
        assert!(
            Truth::parse("name,value\n")
                .unwrap_err()
                .message
                .contains("`id` and `outcome`")
        );
        assert!(
            Truth::parse("id,outcome\na,1\na,2\n")
                .unwrap_err()
                .message
                .contains("twice")
        );
    }
}

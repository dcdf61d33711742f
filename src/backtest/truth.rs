//! The recorded outcomes a backtest scores against: JSON
//! `{"<file stem>": {"outcome": 42.0, "issue": "<id>", ...}}` (other fields,
//! such as DEU's reference point `rp`, are ignored) or CSV with a header
//! `id,outcome[,issue]`.

use crate::scenario::text::quoted;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;

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
        let Entries(entries) = serde_json::from_str(text).map_err(|err| TruthError {
            line: err.line(),
            col: err.column(),
            message: format!("not a truth file: {err}"),
            help:
                "write {\"<file stem>\": {\"outcome\": 42.0}, ...}, one entry per scenario or table"
                    .into(),
        })?;
        let mut cases = BTreeMap::new();
        for (id, entry) in entries {
            // Lines are looked up only for a message: looking each id up
            // in the whole text made 200,000 entries take minutes.
            if cases.contains_key(&id) {
                return Err(TruthError {
                    line: line_of(text, &id, 1),
                    col: 1,
                    message: format!("{} appears twice", quoted(&id)),
                    help: "give each scenario one entry".into(),
                });
            }
            let Some(outcome) = entry.outcome else {
                return Err(TruthError {
                    line: line_of(text, &id, 0),
                    col: 1,
                    message: format!("{} has no `outcome`", quoted(&id)),
                    help: "give the recorded outcome in the issue's units, e.g. \"outcome\": 42.0, or remove the entry".into(),
                });
            };
            check_outcome(&id, outcome, || line_of(text, &id, 0))?;
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
            check_outcome(&id, outcome, || k + 1)?;
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

/// One entry of a JSON truth file.
#[derive(serde::Deserialize)]
struct Entry {
    outcome: Option<f64>,
    #[serde(default)]
    issue: Option<String>,
}

/// A JSON truth file's entries in the file's order, a repeated id kept (a
/// map would silently keep the last), so it is reported as the CSV reader
/// reports it.
struct Entries(Vec<(String, Entry)>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Entries, D::Error> {
        struct InOrder;
        impl<'de> Visitor<'de> for InOrder {
            type Value = Entries;
            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("an object of entries {\"outcome\": ...}")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(InOrder)
    }
}

fn check_outcome(id: &str, outcome: f64, line: impl FnOnce() -> usize) -> Result<(), TruthError> {
    if outcome.is_finite() {
        return Ok(());
    }
    Err(TruthError {
        line: line(),
        col: 1,
        message: format!("the outcome of {} is not a finite number", quoted(id)),
        help: "write the recorded outcome in the issue's units, e.g. 42.0".into(),
    })
}

/// The line on which `"id"` appears for the time after `earlier` times (1 if
/// it cannot be found).
fn line_of(text: &str, id: &str, earlier: usize) -> usize {
    let key = format!("\"{id}\"");
    text.match_indices(&key)
        .nth(earlier)
        .map_or(1, |(at, _)| 1 + text[..at].matches('\n').count())
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
    fn a_long_truth_file_reads_in_linear_time() {
        // 200,000 entries (5 MB) took minutes when every id was looked up
        // in the whole text for its line; now well under a second.
        let entries: Vec<String> = (0..200_000)
            .map(|k| format!("\"d{k}\": {{\"outcome\": {k}}}"))
            .collect();
        let text = format!("{{{}}}", entries.join(",\n"));
        let started = std::time::Instant::now();
        let truth = Truth::parse(&text).unwrap();
        assert_eq!(truth.cases.len(), 200_000);
        assert!(
            started.elapsed().as_secs_f64() < 2.0,
            "{:?}",
            started.elapsed()
        );
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
        let err = Truth::parse("{\"a\": {\"outcome\": 1},\n \"a\": {\"outcome\": 2}}").unwrap_err();
        assert_eq!((err.line, err.message.as_str()), (2, "`a` appears twice"));
        assert!(
            Truth::parse("id,outcome\na,1\na,2\n")
                .unwrap_err()
                .message
                .contains("twice")
        );
    }
}

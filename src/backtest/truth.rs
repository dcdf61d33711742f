//! The recorded outcomes a backtest scores against: JSON
//! `{"<file stem>": {"outcome": 42.0, "issue": "<id>", ...}}` (other fields,
//! such as DEU's reference point `rp`, are ignored) or CSV with a header
//! `id,outcome[,issue]`.
//!
//! Each outcome keeps where it is written, so a problem found only once its
//! scenario is read (an outcome outside the issue's range, an issue the
//! scenario does not have) is reported at its line and column like one found
//! here. Messages quote the file's text only through [`quoted`], and
//! serde_json's messages are cut the same way: serde repeats a bad value
//! whole, and a 10 MB string made a 10 MB message.

use super::places::entry_places;
use crate::scenario::text::quoted;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;

/// Where something is written in a truth file: line and column from 1
/// (columns count bytes, as serde_json's do).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub line: usize,
    pub col: usize,
}

impl Default for Place {
    /// The start of the file.
    fn default() -> Place {
        Place { line: 1, col: 1 }
    }
}

/// One recorded outcome.
#[derive(Clone, Debug, PartialEq)]
pub struct Recorded {
    /// In the issue's own units.
    pub outcome: f64,
    /// Which issue, for scenarios with more than one continuous issue.
    pub issue: Option<String>,
    /// Where the outcome is written.
    pub outcome_at: Place,
    /// Where the issue is written; for an entry that names none, where the
    /// entry's id is.
    pub issue_at: Place,
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

impl TruthError {
    /// The problem `message` at `at`, fixed as `help` says.
    pub fn new(at: Place, message: impl Into<String>, help: impl Into<String>) -> TruthError {
        TruthError {
            line: at.line,
            col: at.col,
            message: message.into(),
            help: help.into(),
        }
    }

    /// The error as zopa reports bad input: `file:line:col: error: …` and
    /// a `help:` line.
    pub fn located(&self, file: impl fmt::Display) -> String {
        format!(
            "{file}:{}:{}: error: {}\n  help: {}",
            self.line, self.col, self.message, self.help
        )
    }
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
            message: format!("not a truth file: {}", json_message(&err)),
            help:
                "write {\"<file stem>\": {\"outcome\": 42.0}, ...}, one entry per scenario or table"
                    .into(),
        })?;
        let places = entry_places(text);
        let mut cases = BTreeMap::new();
        for (k, (id, entry)) in entries.into_iter().enumerate() {
            let at = places.get(k).copied().unwrap_or_default();
            if cases.contains_key(&id) {
                return Err(TruthError::new(
                    at.key,
                    format!("{} appears twice", quoted(&id)),
                    "give each scenario one entry",
                ));
            }
            let Some(outcome) = entry.outcome else {
                return Err(TruthError::new(
                    at.key,
                    format!("{} has no `outcome`", quoted(&id)),
                    "give the recorded outcome in the issue's units, e.g. \"outcome\": 42.0, or remove the entry",
                ));
            };
            let outcome_at = at.outcome.unwrap_or(at.key);
            check_outcome(&id, outcome, outcome_at)?;
            cases.insert(
                id,
                Recorded {
                    outcome,
                    issue: entry.issue,
                    outcome_at,
                    issue_at: at.issue.unwrap_or(at.key),
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
        let Some((header_index, header)) = lines.next() else {
            return Err(TruthError::new(
                Place::default(),
                "the truth file is empty",
                "write a header `id,outcome` and one line per scenario",
            ));
        };
        // Columns are found without copying the header's cells: a 6 MB
        // header can hold 3 million of them.
        let find = |name: &str| {
            header
                .split(',')
                .position(|column| column.trim().eq_ignore_ascii_case(name))
        };
        let (Some(id_col), Some(outcome_col)) = (find("id"), find("outcome")) else {
            return Err(TruthError::new(
                Place {
                    line: header_index + 1,
                    col: 1,
                },
                format!(
                    "the header should name the columns `id` and `outcome`, found {}",
                    quoted(header.trim())
                ),
                "write `id,outcome` (and optionally `issue`) on the first line",
            ));
        };
        let issue_col = find("issue");
        let mut cases = BTreeMap::new();
        for (index, line) in lines {
            let cells: Vec<&str> = line.split(',').collect();
            let cell = |c: usize| cells.get(c).map_or("", |cell| cell.trim());
            let place = |c: usize| Place {
                line: index + 1,
                col: 1 + cells
                    .iter()
                    .take(c)
                    .map(|cell| cell.len() + 1)
                    .sum::<usize>(),
            };
            let id = cell(id_col).to_string();
            if id.is_empty() {
                return Err(TruthError::new(
                    place(id_col),
                    "a line without an id",
                    "give the scenario's file stem, e.g. d00032i1",
                ));
            }
            let outcome_at = place(outcome_col);
            let outcome: f64 = cell(outcome_col).parse().map_err(|_| {
                TruthError::new(
                    outcome_at,
                    format!(
                        "the outcome of {} is not a number: {}",
                        quoted(&id),
                        quoted(cell(outcome_col))
                    ),
                    "write the recorded outcome in the issue's units, e.g. 42.0",
                )
            })?;
            check_outcome(&id, outcome, outcome_at)?;
            let issue_col = issue_col.filter(|&c| !cell(c).is_empty());
            let recorded = Recorded {
                outcome,
                issue: issue_col.map(|c| cell(c).to_string()),
                outcome_at,
                issue_at: place(issue_col.unwrap_or(id_col)),
            };
            if cases.insert(id.clone(), recorded).is_some() {
                return Err(TruthError::new(
                    place(id_col),
                    format!("{} appears twice", quoted(&id)),
                    "give each scenario one line",
                ));
            }
        }
        Ok(Truth { cases })
    }
}

/// One entry of a JSON truth file.
#[derive(serde::Deserialize)]
#[serde(expecting = "an entry {\"outcome\": 42.0}")]
struct Entry {
    #[serde(default, deserialize_with = "outcome")]
    outcome: Option<f64>,
    #[serde(default)]
    issue: Option<String>,
}

/// An entry's `outcome`: a number, or `null` for none.
fn outcome<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
    struct Number;
    impl<'de> Visitor<'de> for Number {
        type Value = Option<f64>;
        fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
            formatter.write_str("the outcome as a number, e.g. 42.0")
        }
        fn visit_f64<E>(self, value: f64) -> Result<Option<f64>, E> {
            Ok(Some(value))
        }
        fn visit_i64<E>(self, value: i64) -> Result<Option<f64>, E> {
            Ok(Some(value as f64))
        }
        fn visit_u64<E>(self, value: u64) -> Result<Option<f64>, E> {
            Ok(Some(value as f64))
        }
        fn visit_unit<E>(self) -> Result<Option<f64>, E> {
            Ok(None)
        }
        fn visit_none<E>(self) -> Result<Option<f64>, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, value: D) -> Result<Option<f64>, D::Error> {
            value.deserialize_f64(Number)
        }
    }
    deserializer.deserialize_option(Number)
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

pub use crate::format::json::json_message;

fn check_outcome(id: &str, outcome: f64, at: Place) -> Result<(), TruthError> {
    if outcome.is_finite() {
        return Ok(());
    }
    Err(TruthError::new(
        at,
        format!("the outcome of {} is not a finite number", quoted(id)),
        "write the recorded outcome in the issue's units, e.g. 42.0",
    ))
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
        let read = |truth: &Truth| -> Vec<(String, f64, Option<String>)> {
            truth
                .cases
                .iter()
                .map(|(id, r)| (id.clone(), r.outcome, r.issue.clone()))
                .collect()
        };
        assert_eq!(read(&json), read(&csv));
        assert_eq!(json.cases["d1i2"].issue.as_deref(), Some("x"));
    }

    #[test]
    fn each_outcome_keeps_where_it_and_its_issue_are_written() {
        let at = |line, col| Place { line, col };
        let json = Truth::parse(
            "{\n \"a\": {\"outcome\": 1},\n \"b\": {\"issue\": \"x\",\n  \"outcome\": 2e3}\n}",
        )
        .unwrap();
        assert_eq!(
            (json.cases["a"].outcome_at, json.cases["a"].issue_at),
            (at(2, 19), at(2, 2))
        );
        assert_eq!(
            (json.cases["b"].outcome_at, json.cases["b"].issue_at),
            (at(4, 14), at(3, 17))
        );
        let csv = Truth::parse("\nid,outcome,issue\na, 1\nb,2,x\n").unwrap();
        assert_eq!(
            (csv.cases["a"].outcome_at, csv.cases["a"].issue_at),
            (at(3, 3), at(3, 1))
        );
        assert_eq!(
            (csv.cases["b"].outcome_at, csv.cases["b"].issue_at),
            (at(4, 3), at(4, 5))
        );
    }

    #[test]
    fn messages_quote_the_file_short_and_defused() {
        let long = format!("\u{1b}[31m{}", "y".repeat(100_000));
        let errors = [
            Truth::parse(&format!(
                "{{\"a\": {{\"outcome\": \"{}\"}}}}",
                long.replace('\u{1b}', "\\u001b")
            )),
            Truth::parse(&format!("{{\"a\": \"{}\"}}", "z".repeat(100_000))),
            Truth::parse(&format!(
                "{{\"a\": {{\"issue\": [\"{}\"]}}}}",
                "z".repeat(100_000)
            )),
            Truth::parse(&format!("id,outcome\na,{long}\n")),
            Truth::parse(&format!("{long},{long}\na,1\n")),
            Truth::parse(&format!("id,outcome\n{long},1\n{long},2\n")),
        ];
        for error in errors {
            let error = error.unwrap_err();
            let shown = error.located("t");
            assert!(shown.len() < 400, "{}", &shown[..400]);
            assert!(!shown.contains('\u{1b}'), "{shown}");
        }
        let error = Truth::parse("{\"a\": {\"outcome\": \"a\\\"b`c\"}}").unwrap_err();
        assert_eq!(
            error.message,
            "not a truth file: invalid type: string \"a\\\"b`c\", expected the outcome as a number, e.g. 42.0"
        );
        assert_eq!((error.line, error.col), (1, 26));
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

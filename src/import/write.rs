//! A small RON writer for imported scenarios: readable, commented, in the
//! layout of the hand-written files in `scenarios/`.
//!
//! Importers fill a [`Draft`] (plain values plus the comments that say where
//! each came from) rather than zopa's schema structs, because the schema holds no
//! comments and a scenario file should explain its numbers. Numbers are written
//! with Rust's shortest round-trip formatting, so the file reads back to exactly
//! the values the importer computed.

use crate::scenario::text::{MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS, TextKind, cleaned};
use std::fmt::Write;

/// Text from a file zopa does not control, as `check` accepts it: control
/// characters out (see [`cleaned`]) and cut to the length allowed, with "…".
fn text(raw: &str, kind: TextKind) -> String {
    let limit = match kind {
        TextKind::Name => MAX_NAME_CHARS,
        TextKind::Description => MAX_DESCRIPTION_CHARS,
    };
    let clean = cleaned(raw, kind);
    if clean.chars().count() <= limit {
        return clean;
    }
    let mut cut: String = clean.chars().take(limit - 1).collect();
    cut.push('…');
    cut
}

/// A RON string literal of a name from an imported file.
fn name(raw: &str) -> String {
    string(&text(raw, TextKind::Name))
}

/// A scenario about to be written.
#[derive(Clone, Debug, Default)]
pub struct Draft {
    /// Comment lines above the scenario (without `//`).
    pub header: Vec<String>,
    pub name: String,
    pub description: String,
    pub issues: Vec<DraftIssue>,
    pub actors: Vec<DraftActor>,
    /// The model as RON, e.g. `Nash` or `ExpectedUtility(rounds: 10)`.
    pub model: String,
    /// Trailing comment on the model line.
    pub model_comment: String,
    pub trials: u64,
    pub seed: u64,
}

/// One issue.
#[derive(Clone, Debug)]
pub struct DraftIssue {
    pub id: String,
    pub name: String,
    /// Comment line above the issue.
    pub comment: Option<String>,
    pub kind: DraftIssueKind,
}

/// A range or named options.
#[derive(Clone, Debug)]
pub enum DraftIssueKind {
    Continuous {
        min: f64,
        max: f64,
        low: Option<String>,
        high: Option<String>,
    },
    Discrete {
        options: Vec<String>,
    },
}

/// One actor.
#[derive(Clone, Debug)]
pub struct DraftActor {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    /// Comment lines above the actor.
    pub comments: Vec<String>,
    pub power: f64,
    pub reservation: f64,
    /// Written only when below 1.
    pub patience: f64,
    pub veto: bool,
    /// One stance per issue, in issue order: (issue id, stance).
    pub stances: Vec<(String, DraftStance)>,
}

/// An actor's stance on one issue.
#[derive(Clone, Debug)]
pub struct DraftStance {
    pub preference: DraftPreference,
    pub salience: f64,
    /// When set, the salience is uncertain: `Triangular(min, mode: salience, max)`.
    pub salience_range: Option<(f64, f64)>,
    /// Comment line above the stance.
    pub comment: Option<String>,
}

/// Where the actor stands.
#[derive(Clone, Debug)]
pub enum DraftPreference {
    /// Ideal point on a continuous issue (linear value function).
    Position(f64),
    /// An uncertain ideal point: `Triangular(min, mode, max)`.
    UncertainPosition { min: f64, mode: f64, max: f64 },
    /// A value in [0, 1] per option, in option order.
    Values(Vec<(String, f64)>),
}

/// The draft as a RON scenario file.
pub fn to_ron(draft: &Draft) -> String {
    let mut out = String::new();
    for line in &draft.header {
        comment(&mut out, "", line);
    }
    out.push_str("Scenario(\n");
    let _ = writeln!(out, "    name: {},", name(&draft.name));
    let _ = writeln!(
        out,
        "    description: {},",
        string(&text(&draft.description, TextKind::Description))
    );
    out.push_str("    issues: [\n");
    for issue in &draft.issues {
        if let Some(text) = &issue.comment {
            comment(&mut out, "        ", text);
        }
        let head = format!(
            "        Issue(id: {}, name: {}",
            string(&issue.id),
            name(&issue.name)
        );
        match &issue.kind {
            DraftIssueKind::Continuous {
                min,
                max,
                low,
                high,
            } => {
                let _ = write!(out, "{head}, min: {}, max: {}", number(*min), number(*max));
                if let Some(low) = low {
                    let _ = write!(out, ", low: {}", name(low));
                }
                if let Some(high) = high {
                    let _ = write!(out, ", high: {}", name(high));
                }
                out.push_str("),\n");
            }
            DraftIssueKind::Discrete { options } => {
                let list: Vec<String> = options.iter().map(|o| name(o)).collect();
                let _ = writeln!(out, "{head}, options: [{}]),", list.join(", "));
            }
        }
    }
    out.push_str("    ],\n    actors: [\n");
    for actor in &draft.actors {
        write_actor(&mut out, actor);
    }
    out.push_str("    ],\n");
    if draft.model_comment.is_empty() {
        let _ = writeln!(out, "    model: {},", draft.model);
    } else {
        let _ = writeln!(
            out,
            "    model: {},  // {}",
            draft.model,
            one_line(&draft.model_comment)
        );
    }
    let _ = writeln!(out, "    trials: {},", draft.trials);
    let _ = writeln!(out, "    seed: {},", draft.seed);
    out.push_str(")\n");
    out
}

fn write_actor(out: &mut String, actor: &DraftActor) {
    for line in &actor.comments {
        comment(out, "        ", line);
    }
    out.push_str("        Actor(\n");
    let _ = writeln!(
        out,
        "            id: {}, name: {},",
        string(&actor.id),
        name(&actor.name)
    );
    if let Some(description) = &actor.description {
        let _ = writeln!(
            out,
            "            description: {},",
            string(&text(description, TextKind::Description))
        );
    }
    let _ = writeln!(out, "            power: {},", number(actor.power));
    let _ = writeln!(
        out,
        "            reservation: {},",
        number(actor.reservation)
    );
    if actor.patience < 1.0 {
        let _ = writeln!(out, "            patience: {},", number(actor.patience));
    }
    let _ = writeln!(out, "            veto: {},", actor.veto);
    out.push_str("            stances: {\n");
    for (issue, stance) in &actor.stances {
        if let Some(text) = &stance.comment {
            comment(out, "                ", text);
        }
        let preference = match &stance.preference {
            DraftPreference::Position(position) => format!("position: {}", number(*position)),
            DraftPreference::UncertainPosition { min, mode, max } => {
                format!("position: {}", triangular(*min, *mode, *max))
            }
            DraftPreference::Values(values) => {
                let entries: Vec<String> = values
                    .iter()
                    .map(|(option, value)| format!("{}: {}", name(option), number(*value)))
                    .collect();
                format!("values: {{{}}}", entries.join(", "))
            }
        };
        let _ = writeln!(
            out,
            "                {}: ({preference}, salience: {}),",
            string(issue),
            match stance.salience_range {
                Some((min, max)) => triangular(min, stance.salience, max),
                None => number(stance.salience),
            }
        );
    }
    out.push_str("            },\n        ),\n");
}

/// `Triangular(min: .., mode: .., max: ..)`, or the plain number when the
/// range is a point.
fn triangular(min: f64, mode: f64, max: f64) -> String {
    if min == max {
        return number(mode);
    }
    format!(
        "Triangular(min: {}, mode: {}, max: {})",
        number(min),
        number(mode),
        number(max)
    )
}

/// Writes `text` as `//` comment lines (one per line of `text`).
fn comment(out: &mut String, indent: &str, text: &str) {
    if text.is_empty() {
        let _ = writeln!(out, "{indent}//");
        return;
    }
    for line in text.lines() {
        let line = one_line(line);
        if line.is_empty() {
            let _ = writeln!(out, "{indent}//");
        } else {
            let _ = writeln!(out, "{indent}// {line}");
        }
    }
}

/// Text safe inside a line comment: control characters become spaces.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim_end()
        .to_string()
}

/// A RON string literal.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A RON float literal that reads back to exactly `value` (always with a `.`).
pub fn number(value: f64) -> String {
    let value = if value == 0.0 { 0.0 } else { value }; // no "-0"
    let text = format!("{value}");
    if text.contains(['.', 'e', 'E', 'N', 'i']) {
        text
    } else {
        format!("{text}.0")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_back_exactly() {
        for value in [
            0.0,
            -0.0,
            1.0,
            0.1,
            2.0 / 3.0,
            1e-9,
            123456.789,
            12.0 / 30.0,
        ] {
            let text = number(value);
            assert!(text.contains('.'), "{text}");
            let back: f64 = text.parse().unwrap();
            assert_eq!(back, if value == 0.0 { 0.0 } else { value });
        }
        assert_eq!(number(-0.0), "0.0");
    }

    #[test]
    fn strings_are_escaped() {
        assert_eq!(string(r#"19'' "LCD" \ x"#), r#""19'' \"LCD\" \\ x""#);
        assert_eq!(string("a\nb\u{1}"), "\"a\\nb\\u{1}\"");
    }

    #[test]
    fn comments_stay_on_their_lines() {
        let mut out = String::new();
        comment(&mut out, "  ", "one\ntwo\u{7}");
        assert_eq!(out, "  // one\n  // two\n");
    }
}

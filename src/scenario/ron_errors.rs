//! ron's parse errors, restated for people who write scenarios by hand.
//!
//! ron reports where its parser stopped, which is often just before or just
//! inside the offending value (the blank after `:`, the character after an
//! opening quote). Messages here point at the value itself, name the field, say
//! what was expected in the scenario's terms, and add the fix.

use super::error::{Diagnostic, did_you_mean};
use super::locate::Location;
use super::text::quoted;
use ron::error::{Error, SpannedError};

/// The diagnostic for a ron error in `text`.
pub fn diagnostic(err: &SpannedError, text: &str, file: &str) -> Diagnostic {
    let raw = Location {
        line: err.span.start.line.max(1),
        col: err.span.start.col.max(1),
    };
    let field = Field::around(text, raw);
    let (message, help) = explain(&err.code, field.as_ref(), rest_is_empty(text, raw));

    let at_end = rest_is_empty(text, raw);
    let at = match (&err.code, &field) {
        // Errors about a field's name already point at the name.
        (Error::NoSuchStructField { .. } | Error::DuplicateStructField { .. }, _) => raw,
        // A file cut short: point at where it stops.
        _ if at_end => end_of_text(text),
        (_, Some(field)) => field.value_at,
        (_, None) => raw,
    };
    Diagnostic {
        file: file.to_string(),
        at,
        message,
        help: Some(help),
    }
}

/// The `name: value` the error position falls in.
struct Field {
    name: String,
    value: String,
    value_at: Location,
}

impl Field {
    /// Looks back on the error's line for `name:` and forward for the value.
    fn around(text: &str, at: Location) -> Option<Field> {
        let line: Vec<char> = text.lines().nth(at.line - 1)?.chars().collect();
        let upto = (at.col - 1).min(line.len());
        let colon = line[..upto].iter().rposition(|&c| c == ':')?;
        let name_end = line[..colon].iter().rposition(|c| !c.is_whitespace())? + 1;
        let name_start = line[..name_end]
            .iter()
            .rposition(|c| !(c.is_alphanumeric() || *c == '_'))
            .map_or(0, |p| p + 1);
        let name: String = line[name_start..name_end].iter().collect();
        if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let value_start = (colon + 1..line.len()).find(|&k| !line[k].is_whitespace())?;
        let value_end = (value_start..line.len())
            .find(|&k| {
                matches!(line[k], ',' | ')' | ']' | '}') || (k > value_start && line[k] == '/')
            })
            .unwrap_or(line.len());
        let value: String = line[value_start..value_end]
            .iter()
            .collect::<String>()
            .trim()
            .to_string();
        Some(Field {
            name,
            // Shown cut short: an unclosed quote would otherwise echo the line's rest.
            value: super::text::shown(&value),
            value_at: Location {
                line: at.line,
                col: value_start + 1,
            },
        })
    }
}

/// Just past the last character that is not a blank.
fn end_of_text(text: &str) -> Location {
    let trimmed = text.trim_end();
    let line = trimmed.lines().count().max(1);
    let col = 1 + trimmed.lines().last().unwrap_or("").chars().count();
    Location { line, col }
}

/// True when nothing but blanks and comments follows `at`: the file was cut short.
fn rest_is_empty(text: &str, at: Location) -> bool {
    let mut rest = String::new();
    for (index, line) in text.lines().enumerate().skip(at.line - 1) {
        let from = if index == at.line - 1 { at.col - 1 } else { 0 };
        let line: String = line.chars().skip(from).collect();
        let code = line.split("//").next().unwrap_or("");
        rest.push_str(code.trim());
    }
    rest.is_empty()
}

fn explain(code: &Error, field: Option<&Field>, at_end: bool) -> (String, String) {
    let named = |what: &str| match field {
        Some(field) => format!("`{}` {what}", field.name),
        None => what.to_string(),
    };
    match code {
        Error::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let place = place(outer);
            let help = match did_you_mean(found, expected.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("valid fields{place}: {}", expected.join(", ")),
            };
            (format!("unknown field {}{place}", quoted(found)), help)
        }
        Error::MissingStructField {
            field: missing,
            outer,
        } => (
            format!("missing field `{missing}`{}", place(outer)),
            format!("add `{missing}: ..`{}", field_hint(missing)),
        ),
        Error::DuplicateStructField {
            field: twice,
            outer,
        } => (
            format!("field `{twice}` is given twice{}", place(outer)),
            "keep one of them".to_string(),
        ),
        Error::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => {
            let what = outer.as_deref().unwrap_or("value");
            let help = match did_you_mean(found, expected.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("use one of: {}", expected.join(", ")),
            };
            (format!("unknown {what} {}", quoted(found)), help)
        }
        _ if at_end => (
            "the file ends in the middle of a value".to_string(),
            "the file looks cut short: check for a missing `)`, `]`, `}` or closing quote"
                .to_string(),
        ),
        Error::IntegerOutOfBounds => (
            named(&format!(
                "must be a whole number from 0 up, found {}",
                field.map_or("", |f| f.value.as_str())
            )),
            "write a whole number such as 10000".to_string(),
        ),
        Error::ExpectedInteger => (
            named(&format!(
                "must be a whole number, found {}",
                field.map_or("something else", |f| f.value.as_str())
            )),
            "write a whole number such as 10000, without quotes".to_string(),
        ),
        Error::ExpectedComma if field.is_some_and(|f| f.value.parse::<f64>().is_ok()) => (
            named(&format!(
                "must be a whole number, found {}",
                field.map_or("", |f| f.value.as_str())
            )),
            "write a whole number such as 10000".to_string(),
        ),
        Error::ExpectedBoolean => (
            named(&format!(
                "must be true or false, found {}",
                field.map_or("something else", |f| f.value.as_str())
            )),
            "write true or false, without quotes".to_string(),
        ),
        Error::ExpectedString | Error::ExpectedStringEnd => (
            named(&format!(
                "must be text in double quotes, found {}",
                field.map_or("something else", |f| f.value.as_str())
            )),
            "write text in double quotes, e.g. \"Ukraine\"".to_string(),
        ),
        Error::ExpectedStructName(name) => (
            format!("expected the struct name `{name}`"),
            format!("write {name}(..)"),
        ),
        other => {
            let text = other.to_string();
            let help = if text.contains("found the string")
                && (text.contains("number") || text.contains("float"))
            {
                "write a number without quotes, e.g. 0.5".to_string()
            } else if text.contains("found") && text.contains("string") {
                "write text in double quotes, e.g. \"Ukraine\"".to_string()
            } else if text.contains("comma") {
                "separate items with commas".to_string()
            } else {
                "check the RON syntax near this point: Name(field: value, ..), [a, b], { \"key\": value }".to_string()
            };
            let message = match field {
                Some(field) => format!("`{}`: {}", field.name, lowercase_first(&text)),
                None => text,
            };
            (message, help)
        }
    }
}

/// " in Actor", naming the struct as the scenario writes it.
fn place(outer: &Option<String>) -> String {
    outer
        .as_deref()
        .map(|o| format!(" in {o}"))
        .unwrap_or_default()
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn field_hint(field: &str) -> &'static str {
    match field {
        "power" => " (capability, >= 0)",
        "reservation" => " (utility of no agreement, 0..1)",
        "salience" => " (how much the actor cares, >= 0)",
        "stances" => " with a stance per issue: { \"issue_id\": (position: .., salience: ..) }",
        "issues" => " with Issue(id: .., name: .., min: .., max: ..) entries",
        "actors" => {
            " with Actor(id: .., name: .., power: .., reservation: .., stances: {..}) entries"
        }
        "values" => " with a value per issue: { \"issue_id\": .. }",
        _ => "",
    }
}

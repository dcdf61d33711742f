//! Reading scenario files: RON text → schema structs → validated [`Scenario`].
//!
//! Three stages, each with its own kind of error: the bytes must be UTF-8 text of a
//! sane size; ron must parse the text into the schema (syntax, types, unknown or
//! missing fields); validation then checks ranges and cross-references. Every
//! error names `file:line:col`.

pub mod error;
pub mod locate;
pub mod numbers;
pub mod schema;
pub mod types;
pub mod validate;

pub use error::{Diagnostic, ScenarioError};
pub use locate::Location;
pub use types::*;

use std::path::Path;

/// Scenario files larger than this are refused (real ones are a few kB).
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;

/// Reads and validates a scenario file.
pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|err| {
        let help = match err.kind() {
            std::io::ErrorKind::NotFound => "check the path; scenarios ship in scenarios/",
            std::io::ErrorKind::PermissionDenied => "check the file's permissions",
            _ => "check that the path names a readable file",
        };
        ScenarioError::one(Diagnostic {
            file: file.clone(),
            at: Location { line: 1, col: 1 },
            message: format!("cannot read the file: {err}"),
            help: Some(help.to_string()),
        })
    })?;
    parse_bytes(&bytes, &file)
}

/// Validates scenario bytes; `file` names them in messages.
pub fn parse_bytes(bytes: &[u8], file: &str) -> Result<Scenario, ScenarioError> {
    let located = |at: Location, message: String, help: &str| {
        ScenarioError::one(Diagnostic {
            file: file.to_string(),
            at,
            message,
            help: Some(help.to_string()),
        })
    };
    if bytes.len() > MAX_FILE_BYTES {
        return Err(located(
            Location { line: 1, col: 1 },
            format!(
                "the file is {} bytes; scenario files are limited to {} bytes",
                bytes.len(),
                MAX_FILE_BYTES
            ),
            "check that this is a scenario file; split very large cases",
        ));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let valid = &bytes[..err.valid_up_to()];
            let line = 1 + valid.iter().filter(|&&b| b == b'\n').count();
            let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            let col = 1 + String::from_utf8_lossy(&valid[line_start..])
                .chars()
                .count();
            return Err(located(
                Location { line, col },
                format!(
                    "the file is not UTF-8 text (invalid byte 0x{:02x})",
                    bytes[err.valid_up_to()]
                ),
                "save the scenario as UTF-8 text; is this the right file?",
            ));
        }
    };
    parse(text, file)
}

/// Validates scenario text; `file` names it in messages.
pub fn parse(text: &str, file: &str) -> Result<Scenario, ScenarioError> {
    // Optional fields are written bare (`min: 0.0`), never as `Some(0.0)`.
    let raw: schema::RawScenario = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(text)
        .map_err(|err| ScenarioError::one(ron_diagnostic(&err, file)))?;
    let spans = locate::Spans::scan(text);
    validate::validate(raw, &spans, file)
}

/// Turns ron's error into a message with a fix.
fn ron_diagnostic(err: &ron::error::SpannedError, file: &str) -> Diagnostic {
    use ron::error::Error;
    let at = Location {
        line: err.span.start.line.max(1),
        col: err.span.start.col.max(1),
    };
    let (message, help) = match &err.code {
        Error::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let place = outer
                .as_deref()
                .map(|o| format!(" in {o}"))
                .unwrap_or_default();
            let help = match did_you_mean_field(found, expected) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("valid fields{place}: {}", expected.join(", ")),
            };
            (format!("unknown field `{found}`{place}"), help)
        }
        Error::MissingStructField { field, outer } => {
            let place = outer
                .as_deref()
                .map(|o| format!(" in {o}"))
                .unwrap_or_default();
            (
                format!("missing field `{field}`{place}"),
                format!("add `{field}: ..`{}", field_hint(field)),
            )
        }
        Error::DuplicateStructField { field, outer } => {
            let place = outer
                .as_deref()
                .map(|o| format!(" in {o}"))
                .unwrap_or_default();
            (
                format!("field `{field}` is given twice{place}"),
                "keep one of them".to_string(),
            )
        }
        Error::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => {
            let what = outer.as_deref().unwrap_or("value");
            let help = match did_you_mean_field(found, expected) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("use one of: {}", expected.join(", ")),
            };
            (format!("unknown {what} `{found}`"), help)
        }
        Error::Eof => (
            "the file ends in the middle of a value".to_string(),
            "check for a missing `)`, `]`, `}` or closing quote".to_string(),
        ),
        Error::ExpectedStructName(name) => (
            format!("expected the struct name `{name}`"),
            format!("write {name}(..)"),
        ),
        other => (other.to_string(), syntax_hint(other)),
    };
    Diagnostic {
        file: file.to_string(),
        at,
        message,
        help: Some(help),
    }
}

fn did_you_mean_field<'a>(found: &str, expected: &'a [&'a str]) -> Option<&'a str> {
    error::did_you_mean(found, expected.iter().copied())
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

fn syntax_hint(err: &ron::error::Error) -> String {
    let text = err.to_string();
    if text.contains("Expected") && text.contains("comma") {
        "separate items with commas".to_string()
    } else if text.contains("string") {
        "text values go in double quotes, e.g. \"Ukraine\"".to_string()
    } else if text.contains("float") || text.contains("integer") || text.contains("number") {
        "write a number, e.g. 0.5".to_string()
    } else {
        "check the RON syntax near this point: Name(field: value, ..), [a, b], { \"key\": value }"
            .to_string()
    }
}

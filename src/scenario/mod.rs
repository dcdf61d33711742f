//! Reading scenario files: RON text → schema structs → validated [`Scenario`].
//!
//! Three stages, each with its own kind of error: the bytes must be UTF-8 text of a
//! sane size; ron must parse the text into the schema (syntax, types, unknown or
//! missing fields); validation then checks ranges and cross-references. Every
//! error names `file:line:col`.

pub mod build;
mod charts;
pub mod error;
pub mod locate;
pub mod numbers;
mod ron_errors;
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
        .map_err(|err| ScenarioError::one(ron_errors::diagnostic(&err, text, file)))?;
    let spans = locate::Spans::scan(text);
    validate::validate(raw, &spans, file)
}

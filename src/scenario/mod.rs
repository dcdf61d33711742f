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
pub mod text;
pub mod types;
pub mod validate;

pub use error::{Diagnostic, ScenarioError};
pub use locate::Location;
pub use types::*;

use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

/// Scenario files larger than this are refused (real ones are a few kB).
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;

/// Reads and validates a scenario file.
pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
    parse_bytes(&read_file(path)?, &path.display().to_string())
}

/// The bytes of a scenario file, read as [`load`] reads them (a regular file,
/// at most one byte past [`MAX_FILE_BYTES`]), for a caller that keeps them
/// beside the scenario (a shard of a run carries its scenario's text).
pub fn read_file(path: &Path) -> Result<Vec<u8>, ScenarioError> {
    read_bounded(path, MAX_FILE_BYTES).map_err(|problem| {
        ScenarioError::one(Diagnostic {
            file: path.display().to_string(),
            at: Location { line: 1, col: 1 },
            message: problem.message,
            help: Some(problem.help),
        })
    })
}

/// Why a file could not be read: what happened and what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadProblem {
    pub message: String,
    pub help: String,
}

/// Reads a regular file of at most `limit` bytes, plus one byte if it is
/// longer, so a caller sees it is too long without reading all of it.
///
/// Anything but a regular file (a FIFO, `/dev/zero`, a directory) is refused
/// before a byte is read: a pipe may never end and a device never stop.
pub fn read_bounded(path: &Path, limit: usize) -> Result<Vec<u8>, ReadProblem> {
    let cannot = |err: std::io::Error| {
        let help = match err.kind() {
            std::io::ErrorKind::NotFound => "check the path; scenarios ship in scenarios/",
            std::io::ErrorKind::PermissionDenied => "check the file's permissions",
            _ => "check that the path names a readable file",
        };
        ReadProblem {
            message: format!("cannot read the file: {err}"),
            help: help.to_string(),
        }
    };
    // The type is asked of the path first, so opening a FIFO cannot block.
    let metadata = std::fs::metadata(path).map_err(cannot)?;
    if !metadata.is_file() {
        let what = if metadata.is_dir() {
            "a directory"
        } else {
            "a device, pipe or socket"
        };
        return Err(ReadProblem {
            message: format!("this is {what}, not a regular file"),
            help: "name a regular file; to read from a pipe, save it to a file first".to_string(),
        });
    }
    let file = std::fs::File::open(path).map_err(cannot)?;
    let mut bytes = Vec::with_capacity((metadata.len() as usize).min(limit) + 1);
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    Ok(bytes)
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
                "the file is larger than the {MAX_FILE_BYTES} bytes scenario files are limited to"
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
///
/// A byte-order mark at the start is skipped (some Windows editors write one),
/// and old Mac line endings (a lone CR) count as line breaks, so the line in a
/// message is the line an editor shows.
pub fn parse(text: &str, file: &str) -> Result<Scenario, ScenarioError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = unix_line_breaks(text);
    // Optional fields are written bare (`min: 0.0`), never as `Some(0.0)`.
    let raw: schema::RawScenario = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(&text)
        .map_err(|err| ScenarioError::one(ron_errors::diagnostic(&err, &text, file)))?;
    let spans = locate::Spans::scan(&text);
    validate::validate(raw, &spans, file)
}

/// `text` with every lone CR made an LF (CRLF is left as it is).
fn unix_line_breaks(text: &str) -> Cow<'_, str> {
    let lone_cr = text
        .as_bytes()
        .iter()
        .enumerate()
        .any(|(at, &byte)| byte == b'\r' && text.as_bytes().get(at + 1) != Some(&b'\n'));
    if !lone_cr {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

//! Importing negotiation cases from other tools' formats into zopa scenarios.
//!
//! Two formats: GENIUS XML domains and profiles (the automated-negotiation
//! competitions, [`genius`]) and the actor tables of political-science
//! forecasting tools (CSV, [`table`]). Each importer reads text, checks it the
//! way zopa checks its own files (every problem a [`Diagnostic`] with
//! `file:line:col`, what is wrong and how to fix it), maps it onto a [`Draft`]
//! and writes that as a commented RON file ([`write`](mod@write)).
//!
//! The written text is then read back with [`crate::scenario::parse`] before it is
//! handed out, so an import never yields a file that `zopa check` rejects: if it
//! did, that is a bug in the importer, reported as such.
//!
//! Reading files is done here, at the boundary, as `scenario::load` does; the
//! format modules work on text so they can be tested without a disk.

pub mod eu_council;
pub mod genius;
mod genius_profile;
mod genius_xml;
mod ids;
pub mod table;
mod table_cells;
pub mod write;

pub use write::Draft;

use crate::scenario::{self, Diagnostic, Location, Scenario};
use std::fmt;
use std::path::Path;

/// Input files larger than this are refused (real domains are a few kB); it
/// bounds a GENIUS domain and all its profiles together, so naming a large
/// profile many times cannot hold more (160 profiles of 16 MiB once took
/// 2.6 GB).
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

/// A successful import: the scenario text to write, the scenario it parses to,
/// and what the user should know about lossy or defaulted mappings.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The commented RON file.
    pub text: String,
    /// `text` as zopa's loader reads it.
    pub scenario: Scenario,
    /// Things that were left out or approximated.
    pub warnings: Vec<Warning>,
}

/// Something the importer did that the user should know about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// The input file as the user named it.
    pub file: String,
    /// Where in it.
    pub at: Location,
    /// What happened.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Location { line, col } = self.at;
        write!(f, "{}:{line}:{col}: warning: {}", self.file, self.message)
    }
}

/// Why an import failed: one or more problems, each located in an input file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", crate::scenario::error::lines(diagnostics))]
pub struct ImportError {
    pub diagnostics: Vec<Diagnostic>,
}

impl ImportError {
    /// A single problem at `line:col` of `file`.
    pub fn at(file: &str, at: Location, message: impl Into<String>, help: &str) -> ImportError {
        ImportError {
            diagnostics: vec![diagnostic(file, at, message, help)],
        }
    }
}

/// One located problem with a fix.
pub(crate) fn diagnostic(
    file: &str,
    at: Location,
    message: impl Into<String>,
    help: &str,
) -> Diagnostic {
    Diagnostic {
        file: file.to_string(),
        at,
        message: message.into(),
        help: (!help.is_empty()).then(|| help.to_string()),
    }
}

/// Reads an input file as UTF-8 text (a leading byte-order mark is dropped),
/// naming the file, and for bad bytes the line and column, in any error.
pub fn read_text(path: &Path) -> Result<String, ImportError> {
    read_text_within(path, MAX_INPUT_BYTES, "")
}

/// [`read_text`] of at most `limit` bytes: what is left of
/// [`MAX_INPUT_BYTES`] after the files read before it (`before` says which,
/// for the message; empty for a file read alone).
fn read_text_within(path: &Path, limit: usize, before: &str) -> Result<String, ImportError> {
    let file = path.display().to_string();
    let start = Location { line: 1, col: 1 };
    // At most one byte past the limit is read; devices and pipes are refused.
    let bytes = crate::scenario::read_bounded(path, limit)
        .map_err(|problem| ImportError::at(&file, start, problem.message, &problem.help))?;
    if bytes.len() > limit {
        let message = if before.is_empty() {
            format!("the file is larger than the {MAX_INPUT_BYTES} bytes imports are limited to")
        } else {
            format!(
                "with {before} this file passes the {MAX_INPUT_BYTES} bytes one import may read"
            )
        };
        return Err(ImportError::at(
            &file,
            start,
            message,
            "check that this is the right file",
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(err) => {
            let valid = &bytes[..err.valid_up_to()];
            let line = 1 + valid.iter().filter(|&&b| b == b'\n').count();
            let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            let col = 1 + String::from_utf8_lossy(&valid[line_start..])
                .chars()
                .count();
            Err(ImportError::at(
                &file,
                Location { line, col },
                format!(
                    "the file is not UTF-8 text (invalid byte 0x{:02x})",
                    bytes[err.valid_up_to()]
                ),
                "save it as UTF-8 (most editors and spreadsheets offer this when saving)",
            ))
        }
    }
}

/// Reads a GENIUS domain and its profiles from disk and imports them.
pub fn genius_files(domain: &Path, profiles: &[&Path]) -> Result<Imported, ImportError> {
    let domain_text = read_text(domain)?;
    let mut left = MAX_INPUT_BYTES - domain_text.len();
    let mut profile_texts = Vec::with_capacity(profiles.len());
    for (k, profile) in profiles.iter().enumerate() {
        let before = format!("the domain and {k} profile(s) before it");
        let text = read_text_within(profile, left, &before)?;
        left -= text.len();
        profile_texts.push((profile.display().to_string(), text));
    }
    let profile_sources: Vec<genius::Source> = profile_texts
        .iter()
        .map(|(name, text)| genius::Source { name, text })
        .collect();
    let domain_name = domain.display().to_string();
    genius::import(
        &genius::Source {
            name: &domain_name,
            text: &domain_text,
        },
        &profile_sources,
    )
}

/// Reads an actor table from disk and imports it.
pub fn table_file(path: &Path, options: table::TableOptions) -> Result<Imported, ImportError> {
    let text = read_text(path)?;
    table::import_with(&path.display().to_string(), &text, options)
}

/// Writes `draft` and reads it back with zopa's own loader.
pub(crate) fn finish(draft: &Draft, warnings: Vec<Warning>) -> Result<Imported, ImportError> {
    let text = write::to_ron(draft);
    if text.len() > scenario::MAX_FILE_BYTES {
        return Err(ImportError {
            diagnostics: vec![scenario::Diagnostic {
                file: "(imported scenario)".to_string(),
                at: scenario::Location { line: 1, col: 1 },
                message: format!(
                    "the imported scenario would be {} bytes, over the {} bytes zopa reads \
                     from a scenario file; nothing was written",
                    text.len(),
                    scenario::MAX_FILE_BYTES
                ),
                help: Some(
                    "import fewer profiles, or a table with fewer rows or dimensions".to_string(),
                ),
            }],
        });
    }
    match scenario::parse(&text, "(imported scenario)") {
        Ok(scenario) => Ok(Imported {
            text,
            scenario,
            warnings,
        }),
        Err(err) => Err(ImportError {
            diagnostics: err
                .diagnostics
                .into_iter()
                .map(|mut diagnostic| {
                    diagnostic.message = format!(
                        "the importer wrote a scenario zopa rejects ({}); this is a bug in zopa",
                        diagnostic.message
                    );
                    diagnostic.help =
                        Some("please report it with the input files attached".to_string());
                    diagnostic
                })
                .collect(),
        }),
    }
}

#[cfg(test)]
mod finish_tests {
    use super::write::*;
    use super::*;

    fn draft(name: &str, option: &str, actors: usize) -> Draft {
        let stance = DraftStance {
            salience_range: None,
            preference: DraftPreference::Values(vec![
                (option.to_string(), 1.0),
                ("plain".to_string(), 0.0),
            ]),
            salience: 1.0,
            comment: None,
        };
        Draft {
            name: name.to_string(),
            description: format!("{name}\nsecond line\u{1b}[2J"),
            issues: vec![DraftIssue {
                id: "deal".to_string(),
                name: name.to_string(),
                comment: None,
                kind: DraftIssueKind::Discrete {
                    options: vec![option.to_string(), "plain".to_string()],
                },
            }],
            actors: (0..actors)
                .map(|k| DraftActor {
                    id: format!("a{k}"),
                    name: format!("{name} {k}"),
                    description: None,
                    comments: Vec::new(),
                    power: 1.0,
                    reservation: 0.0,
                    patience: 1.0,
                    veto: k < 2,
                    stances: vec![("deal".to_string(), stance.clone())],
                })
                .collect(),
            model: "Nash".to_string(),
            trials: 10,
            seed: 1,
            ..Draft::default()
        }
    }

    /// Names from foreign files may hold control characters or run long:
    /// the written scenario passes `check` (same cleaning for an option in
    /// the list and in each actor's values), never "a bug in zopa".
    #[test]
    fn foreign_names_are_cleaned_and_cut_to_what_check_accepts() {
        let hostile = format!("Bad\u{7}\u{1b}]0;title\u{7} name {}", "x".repeat(400));
        let imported = finish(&draft(&hostile, "opt\u{0}ion", 2), Vec::new())
            .unwrap_or_else(|err| panic!("{:?}", err.diagnostics));
        let scenario = imported.scenario;
        assert!(scenario.name.chars().count() <= 200);
        assert!(
            !scenario.name.chars().any(char::is_control),
            "{:?}",
            scenario.name
        );
        assert!(scenario.name.ends_with('…'));
        assert!(!imported.text.contains('\u{1b}') && !imported.text.contains('\u{7}'));
    }

    /// A draft whose file would pass the 2 MiB zopa reads is refused with
    /// what to do, not written and then rejected as "a bug in zopa".
    #[test]
    fn an_import_too_large_to_read_back_is_refused_plainly() {
        let long = "n".repeat(190);
        let Err(err) = finish(&draft(&long, "option", 12_000), Vec::new()) else {
            panic!("a scenario over the size limit was imported");
        };
        let message = &err.diagnostics[0].message;
        assert!(message.contains("nothing was written"), "{message}");
        assert!(!message.contains("bug"), "{message}");
    }
}

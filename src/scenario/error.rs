//! Messages about a scenario file: where (`file:line:col`), what is wrong, and how to fix it.
//!
//! Every problem a user can make in a scenario ends up as a [`Diagnostic`]; a
//! file with several problems yields all of them at once, so a user fixes a file
//! in one pass rather than one error per run.

use super::locate::Location;
use super::text::defused;
use std::fmt;

/// One problem in a scenario file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user named it.
    pub file: String,
    /// Where the problem is.
    pub at: Location,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

/// The longest message or help line a diagnostic prints; user text is quoted
/// short where it is put in, this only catches what slipped through.
const MAX_LINE_CHARS: usize = 400;

/// `text` safe to print: no control character raw, no runaway length.
fn printable(text: &str) -> String {
    let mut out = defused(text);
    if let Some((cut, _)) = out.char_indices().nth(MAX_LINE_CHARS) {
        out.truncate(cut);
        out.push('…');
    }
    out
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = defused(&self.file);
        let message = printable(&self.message);
        if self.at.line == 0 {
            // No position to give (a scenario built in code).
            write!(f, "{file}: error: {message}")?;
        } else {
            let Location { line, col } = self.at;
            write!(f, "{file}:{line}:{col}: error: {message}")?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {}", printable(help))?;
        }
        Ok(())
    }
}

/// Why a scenario could not be loaded: one or more diagnostics, one per line.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", lines(diagnostics))]
pub struct ScenarioError {
    pub diagnostics: Vec<Diagnostic>,
}

impl ScenarioError {
    /// A single problem.
    pub fn one(diagnostic: Diagnostic) -> Self {
        ScenarioError {
            diagnostics: vec![diagnostic],
        }
    }
}

/// Diagnostics one per line (shared by every error made of them).
pub fn lines(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Words longer than this get no "did you mean": a typo is in a word people
/// type, and the edit distance costs the product of the two lengths.
pub const MAX_SUGGEST_CHARS: usize = 64;

/// The candidate closest to `word` by edit distance, if it is close enough to be a typo.
///
/// Costs at most [`MAX_SUGGEST_CHARS`]² per candidate, and nothing for a
/// candidate whose length alone puts it out of reach.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word_length = word.chars().take(MAX_SUGGEST_CHARS + 1).count();
    if word_length > MAX_SUGGEST_CHARS {
        return None;
    }
    let word_lower = word.to_lowercase();
    candidates
        .into_iter()
        .filter_map(|candidate| {
            let length = candidate.chars().take(MAX_SUGGEST_CHARS + 1).count();
            let allowed = 2.max(length / 3).min(word_length.max(1) - 1);
            // The distance is at least the difference in length.
            if length > MAX_SUGGEST_CHARS || length.abs_diff(word_length) > allowed {
                return None;
            }
            let distance = edit_distance(&word_lower, &candidate.to_lowercase());
            (distance <= allowed).then_some((distance, candidate))
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("salience", "salience"), 0);
        assert_eq!(edit_distance("saliense", "salience"), 1);
        assert_eq!(edit_distance("teritory", "territory"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn suggests_only_close_words() {
        let fields = ["position", "salience", "shape", "red_line", "values"];
        assert_eq!(did_you_mean("saliance", fields), Some("salience"));
        assert_eq!(did_you_mean("redline", fields), Some("red_line"));
        assert_eq!(did_you_mean("weight", fields), None);
    }

    #[test]
    fn display_names_file_line_col_and_help() {
        let diagnostic = Diagnostic {
            file: "a.ron".into(),
            at: Location { line: 3, col: 7 },
            message: "bad".into(),
            help: Some("fix it".into()),
        };
        assert_eq!(
            diagnostic.to_string(),
            "a.ron:3:7: error: bad\n  help: fix it"
        );
    }
}

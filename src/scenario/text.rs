//! The rules for text a scenario holds, and the one way messages quote it.
//!
//! Ids become file names, command-line paths and CSV headers; names become chart
//! labels, table cells and report headings. Both come from files people share,
//! so `check` holds them to rules stated once here (and in the README's limits
//! table): an id is a short ASCII word, a name a line of printable text of
//! bounded length. A message that echoes user text goes through [`quoted`], so
//! no terminal escape, however it got into a file, reaches the terminal raw,
//! and a runaway value is shortened rather than pasted whole.

use std::fmt;

/// The longest id (issue, actor): a command-line word, a file-name part.
pub const MAX_ID_CHARS: usize = 64;
/// The longest name (scenario, issue, actor, option, proposal; `low`, `high`,
/// `unit`): what fits on a chart label or a table cell.
pub const MAX_NAME_CHARS: usize = 200;
/// The longest description.
pub const MAX_DESCRIPTION_CHARS: usize = 10_000;
/// How many characters of user text a message quotes before it cuts with `…`.
const QUOTE_CHARS: usize = 40;

/// What a piece of text is, for its rules and messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextKind {
    /// One line: control characters are refused.
    Name,
    /// Running text: line breaks and tabs are allowed, other control characters not.
    Description,
}

/// What is wrong with an id, as (message, help), if anything.
///
/// Ids are ASCII letters, digits, `_` and `-`, start with a letter and hold at
/// most [`MAX_ID_CHARS`] characters.
pub fn id_problem(id: &str, what: &str) -> Option<(String, String)> {
    let help = format!(
        "an id is ASCII letters, digits, `_` and `-`, starting with a letter, at most \
         {MAX_ID_CHARS} characters, e.g. \"troop_presence\"; the display name goes in `name`"
    );
    if id.is_empty() {
        return Some((format!("{what} id must not be empty"), help));
    }
    let length = id.chars().count();
    if length > MAX_ID_CHARS {
        return Some((
            format!(
                "{what} id {} is {length} characters long; ids hold at most {MAX_ID_CHARS}",
                quoted(id)
            ),
            help,
        ));
    }
    if !id.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Some((
            format!("{what} id {} must start with an ASCII letter", quoted(id)),
            help,
        ));
    }
    if let Some(bad) = id
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
    {
        return Some((
            format!(
                "{what} id {} holds the character {}, which ids may not",
                quoted(id),
                quoted_char(bad)
            ),
            help,
        ));
    }
    None
}

/// What is wrong with a name or description, as (message, help), if anything.
pub fn text_problem(text: &str, kind: TextKind, what: &str) -> Option<(String, String)> {
    let limit = match kind {
        TextKind::Name => MAX_NAME_CHARS,
        TextKind::Description => MAX_DESCRIPTION_CHARS,
    };
    // Counting stops just past the limit: a runaway text costs no more than that.
    let length = text.chars().take(limit + 1).count();
    if length > limit {
        return Some((
            format!("{what} {} is longer than {limit} characters", quoted(text)),
            match kind {
                TextKind::Name => "shorten it; longer explanations go in a `description`".into(),
                TextKind::Description => "shorten it; cite a source in a comment instead".into(),
            },
        ));
    }
    let allowed = |c: char| kind == TextKind::Description && matches!(c, '\n' | '\r' | '\t');
    if let Some(bad) = text.chars().find(|&c| is_hazard(c) && !allowed(c)) {
        let help = match kind {
            TextKind::Name => "names are one line of printable text: remove the character",
            TextKind::Description => {
                "descriptions may hold line breaks and tabs, but no other control characters: \
                 remove the character"
            }
        };
        return Some((
            format!(
                "{what} {} holds the control character {}",
                quoted(text),
                quoted_char(bad)
            ),
            help.into(),
        ));
    }
    None
}

/// `text` with what [`text_problem`] would refuse taken out: for a name,
/// every control character becomes a space and runs of blanks one space; a
/// description keeps its line breaks and tabs. Importers use it on text from
/// files zopa does not control; the length is left to [`text_problem`].
pub fn cleaned(text: &str, kind: TextKind) -> String {
    match kind {
        TextKind::Name => text
            .split(|c: char| c.is_whitespace() || is_hazard(c))
            .filter(|word| !word.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
        TextKind::Description => text
            .chars()
            .filter(|&c| !is_hazard(c) || matches!(c, '\n' | '\t'))
            .collect::<String>()
            .trim()
            .to_string(),
    }
}

/// Characters that must not reach a terminal, an SVG or a CSV cell raw: control
/// characters (C0, DEL, C1) and the bidirectional overrides that reorder text.
pub fn is_hazard(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// User text as a message quotes it: in backticks, hazardous characters
/// escaped (`\u{1b}`), cut after a few dozen characters with `…`.
pub fn quoted(text: &str) -> String {
    format!("`{}`", Shown(text))
}

/// `text` with hazardous characters escaped and cut like [`quoted`], without backticks.
pub fn shown(text: &str) -> String {
    Shown(text).to_string()
}

fn quoted_char(c: char) -> String {
    format!("{} (U+{:04X})", Shown(&c.to_string()), u32::from(c))
}

struct Shown<'a>(&'a str);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, c) in self.0.chars().enumerate() {
            if index == QUOTE_CHARS {
                return f.write_str("…");
            }
            if is_hazard(c) {
                write!(f, "{}", c.escape_unicode())?;
            } else {
                write!(f, "{c}")?;
            }
        }
        Ok(())
    }
}

/// Escapes hazardous characters anywhere in a finished message (no cutting),
/// keeping its line breaks: the last line of defence for text that did not
/// go through [`quoted`].
pub fn defused(text: &str) -> String {
    let hazard = |c: char| is_hazard(c) && c != '\n';
    if !text.chars().any(hazard) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if hazard(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A number as a message shows it: plain when it reads well, in scientific
/// notation when very large or very small (`1e300`, not 301 digits).
#[derive(Clone, Copy, Debug)]
pub struct Num(pub f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = self.0;
        if value != 0.0 && value.is_finite() && !(1e-6..1e12).contains(&value.abs()) {
            write!(f, "{value:e}")
        } else {
            write!(f, "{value}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_short_ascii_words() {
        assert_eq!(id_problem("troop_presence", "an issue"), None);
        assert_eq!(id_problem("a-b_2", "an issue"), None);
        for bad in [
            "",
            "2nd",
            "_x",
            "a b",
            "a/b",
            "../x",
            "é",
            "a\u{1b}[2J",
            "a.b",
        ] {
            assert!(id_problem(bad, "an issue").is_some(), "{bad:?}");
        }
        let long = "a".repeat(MAX_ID_CHARS + 1);
        let (message, _) = id_problem(&long, "an issue").expect("too long");
        assert!(message.contains("65 characters"), "{message}");
        assert!(
            message.chars().count() < 120,
            "quoted, not pasted: {message}"
        );
    }

    #[test]
    fn names_refuse_control_characters_descriptions_allow_line_breaks() {
        assert_eq!(text_problem("Share to A", TextKind::Name, "name"), None);
        assert!(text_problem("a\u{b}b", TextKind::Name, "name").is_some());
        assert!(text_problem("a\nb", TextKind::Name, "name").is_some());
        assert!(text_problem("a\u{202e}b", TextKind::Name, "name").is_some());
        assert_eq!(
            text_problem("line\nnext\tcol", TextKind::Description, "d"),
            None
        );
        assert!(text_problem("a\u{0}b", TextKind::Description, "d").is_some());
        let long = "x".repeat(MAX_NAME_CHARS + 1);
        assert!(text_problem(&long, TextKind::Name, "name").is_some());
    }

    #[test]
    fn cleaning_leaves_text_the_rules_accept() {
        assert_eq!(
            cleaned(" Vertical\u{b}tab \u{1b}[2J  name\n", TextKind::Name),
            "Vertical tab [2J name"
        );
        assert_eq!(
            cleaned("a\r\nb\u{0}c\td", TextKind::Description),
            "a\nbc\td"
        );
        for kind in [TextKind::Name, TextKind::Description] {
            assert_eq!(
                text_problem(&cleaned("x\u{7}\u{202e}y", kind), kind, "t"),
                None
            );
        }
    }

    #[test]
    fn quoting_escapes_and_cuts() {
        assert_eq!(quoted("a\u{1b}[2Jb"), "`a\\u{1b}[2Jb`");
        let long = "y".repeat(1000);
        let shown = quoted(&long);
        assert!(shown.ends_with("…`") && shown.chars().count() == QUOTE_CHARS + 3);
        assert_eq!(defused("ok\u{7}"), "ok\\u{7}");
    }

    #[test]
    fn numbers_in_messages_stay_short() {
        assert_eq!(Num(1e300).to_string(), "1e300");
        assert_eq!(Num(-9e307).to_string(), "-9e307");
        assert_eq!(Num(0.5).to_string(), "0.5");
        assert_eq!(Num(700_000.0).to_string(), "700000");
        assert_eq!(Num(1e-9).to_string(), "1e-9");
        assert_eq!(Num(f64::INFINITY).to_string(), "inf");
    }
}

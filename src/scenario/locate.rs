//! Where each value sits in a RON text: a small structural scanner.
//!
//! serde hands validated data over without positions, but every message about a
//! scenario must name `file:line:col`. This scanner walks the same text once and
//! records, for each value, its path (`actors[1].stances.territory.salience`),
//! its line and column, and the struct name written before it (`Normal` in
//! `Normal(mean: .., sd: ..)`), which ron does not pass on. It runs only on text
//! that ron has already parsed, and on anything unexpected it stops quietly:
//! a missing location degrades a message, it never breaks a run.

use std::collections::HashMap;

/// A place in the text, 1-based like compilers and ron report it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub col: usize,
}

/// What the scanner knows about one value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Entry {
    /// Where the value starts (for a map entry: where its key starts).
    pub at: Location,
    /// The struct name written before `(`, if any.
    pub name: Option<String>,
}

/// Paths to locations for one scenario text.
#[derive(Clone, Debug, Default)]
pub struct Spans {
    entries: HashMap<String, Entry>,
    /// Where a struct field's name is written, for messages about the name.
    keys: HashMap<String, Location>,
}

impl Spans {
    /// Scans `text`; never fails, records what it can.
    pub fn scan(text: &str) -> Spans {
        let mut scanner = Scanner {
            chars: text.chars().collect(),
            pos: 0,
            line: 1,
            col: 1,
            spans: Spans::default(),
        };
        scanner.value(String::new(), 0);
        scanner.spans
    }

    /// The entry at `path`, or at its nearest recorded ancestor.
    pub fn find(&self, path: &str) -> Option<&Entry> {
        let mut path = path;
        loop {
            if let Some(entry) = self.entries.get(path) {
                return Some(entry);
            }
            let cut = path.rfind(['.', '['])?;
            path = &path[..cut];
        }
    }

    /// The location of `path` (or its nearest ancestor), else line 1, column 1.
    pub fn at(&self, path: &str) -> Location {
        self.find(path)
            .map(|entry| entry.at)
            .unwrap_or(Location { line: 1, col: 1 })
    }

    /// Where the field name of `path` is written (else where its value is).
    pub fn key_at(&self, path: &str) -> Location {
        self.keys
            .get(path)
            .copied()
            .unwrap_or_else(|| self.at(path))
    }

    /// The struct name written at exactly `path`.
    pub fn name(&self, path: &str) -> Option<&str> {
        self.entries
            .get(path)
            .and_then(|entry| entry.name.as_deref())
    }
}

const MAX_DEPTH: usize = 256;

struct Scanner {
    chars: Vec<char>,
    pos: usize,
    line: usize,
    col: usize,
    spans: Spans,
}

impl Scanner {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn here(&self) -> Location {
        Location {
            line: self.line,
            col: self.col,
        }
    }

    /// Skips white space and comments (`//` to end of line, nested `/* */`).
    fn skip_trivia(&mut self) {
        loop {
            match (self.peek(), self.peek_at(1)) {
                (Some(c), _) if c.is_whitespace() => {
                    self.bump();
                }
                (Some('/'), Some('/')) => {
                    while let Some(c) = self.bump() {
                        if c == '\n' {
                            break;
                        }
                    }
                }
                (Some('/'), Some('*')) => {
                    self.bump();
                    self.bump();
                    let mut depth = 1;
                    while depth > 0 {
                        match (self.bump(), self.peek()) {
                            (None, _) => return,
                            (Some('*'), Some('/')) => {
                                self.bump();
                                depth -= 1;
                            }
                            (Some('/'), Some('*')) => {
                                self.bump();
                                depth += 1;
                            }
                            _ => {}
                        }
                    }
                }
                _ => return,
            }
        }
    }

    /// The first location recorded for a path wins (a map entry's key comes
    /// before its value); a struct name is added whenever it is seen.
    fn record(&mut self, path: &str, at: Location, name: Option<String>) {
        let entry = self
            .spans
            .entries
            .entry(path.to_string())
            .or_insert(Entry { at, name: None });
        if entry.name.is_none() {
            entry.name = name;
        }
    }

    /// Scans one value at `path`. Returns false when the text ended or was not understood.
    fn value(&mut self, path: String, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        self.skip_trivia();
        let at = self.here();
        match self.peek() {
            None => false,
            Some('"') => {
                self.record(&path, at, None);
                self.string()
            }
            Some('r') if matches!(self.peek_at(1), Some('"' | '#')) => {
                self.record(&path, at, None);
                self.raw_string()
            }
            Some('\'') => {
                self.record(&path, at, None);
                self.char_literal()
            }
            Some('(') => {
                self.record(&path, at, None);
                self.parens(&path, depth)
            }
            Some('[') => {
                self.record(&path, at, None);
                self.list(&path, depth)
            }
            Some('{') => {
                self.record(&path, at, None);
                self.map(&path, depth)
            }
            Some(c) if c.is_alphabetic() || c == '_' => {
                let name = self.identifier();
                self.skip_trivia();
                if self.peek() == Some('(') {
                    self.record(&path, at, Some(name));
                    self.parens(&path, depth)
                } else {
                    self.record(&path, at, None);
                    true
                }
            }
            Some(_) => {
                self.record(&path, at, None);
                self.number()
            }
        }
    }

    fn identifier(&mut self) -> String {
        let mut name = String::new();
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || c == '_' || c == '#' {
                name.push(c);
                self.bump();
            } else {
                break;
            }
        }
        name
    }

    fn number(&mut self) -> bool {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || matches!(c, '.' | '+' | '-' | '_') {
                self.bump();
            } else {
                break;
            }
        }
        self.pos > start
    }

    fn string(&mut self) -> bool {
        self.bump();
        while let Some(c) = self.bump() {
            match c {
                '\\' => {
                    self.bump();
                }
                '"' => return true,
                _ => {}
            }
        }
        false
    }

    fn string_content(&mut self) -> Option<String> {
        self.bump();
        let mut content = String::new();
        while let Some(c) = self.bump() {
            match c {
                '\\' => {
                    let escaped = self.bump()?;
                    content.push(match escaped {
                        'n' => '\n',
                        't' => '\t',
                        other => other,
                    });
                }
                '"' => return Some(content),
                other => content.push(other),
            }
        }
        None
    }

    fn raw_string(&mut self) -> bool {
        self.bump();
        let mut hashes = 0;
        while self.peek() == Some('#') {
            self.bump();
            hashes += 1;
        }
        if self.bump() != Some('"') {
            return false;
        }
        while let Some(c) = self.bump() {
            if c == '"' {
                let mut closing = 0;
                while closing < hashes && self.peek() == Some('#') {
                    self.bump();
                    closing += 1;
                }
                if closing == hashes {
                    return true;
                }
            }
        }
        false
    }

    fn char_literal(&mut self) -> bool {
        self.bump();
        while let Some(c) = self.bump() {
            match c {
                '\\' => {
                    self.bump();
                }
                '\'' => return true,
                _ => {}
            }
        }
        false
    }

    /// `( field: value, .. )` or `( value, .. )`.
    fn parens(&mut self, path: &str, depth: usize) -> bool {
        self.bump();
        let mut index = 0;
        loop {
            self.skip_trivia();
            match self.peek() {
                None => return false,
                Some(')') => {
                    self.bump();
                    return true;
                }
                Some(',') => {
                    self.bump();
                    continue;
                }
                _ => {}
            }
            let key_at = self.here();
            if let Some(field) = self.field_name() {
                let child = join_field(path, &field);
                self.spans.keys.entry(child.clone()).or_insert(key_at);
                if !self.value(child, depth + 1) {
                    return false;
                }
            } else {
                let child = format!("{path}[{index}]");
                index += 1;
                if !self.value(child, depth + 1) {
                    return false;
                }
            }
        }
    }

    /// If the next tokens are `identifier :`, consumes them and returns the name.
    fn field_name(&mut self) -> Option<String> {
        let saved = (self.pos, self.line, self.col);
        match self.peek() {
            Some(c) if c.is_alphabetic() || c == '_' => {}
            _ => return None,
        }
        let name = self.identifier();
        self.skip_trivia();
        if self.peek() == Some(':') && self.peek_at(1) != Some(':') {
            self.bump();
            Some(name.trim_start_matches("r#").to_string())
        } else {
            (self.pos, self.line, self.col) = saved;
            None
        }
    }

    fn list(&mut self, path: &str, depth: usize) -> bool {
        self.bump();
        let mut index = 0;
        loop {
            self.skip_trivia();
            match self.peek() {
                None => return false,
                Some(']') => {
                    self.bump();
                    return true;
                }
                Some(',') => {
                    self.bump();
                }
                _ => {
                    let child = format!("{path}[{index}]");
                    index += 1;
                    if !self.value(child, depth + 1) {
                        return false;
                    }
                }
            }
        }
    }

    /// `{ key: value, .. }`; string keys become path segments.
    fn map(&mut self, path: &str, depth: usize) -> bool {
        self.bump();
        let mut index = 0;
        loop {
            self.skip_trivia();
            match self.peek() {
                None => return false,
                Some('}') => {
                    self.bump();
                    return true;
                }
                Some(',') => {
                    self.bump();
                    continue;
                }
                _ => {}
            }
            let at = self.here();
            let key = if self.peek() == Some('"') {
                match self.string_content() {
                    Some(key) => key,
                    None => return false,
                }
            } else {
                let placeholder = format!("#{index}");
                if !self.value(format!("{path}.{placeholder}"), depth + 1) {
                    return false;
                }
                placeholder
            };
            index += 1;
            // Each entry is also addressable by its order, for duplicate keys.
            let child = join_field(path, &key);
            self.record(&format!("{path}{{{}}}", index - 1), at, None);
            self.record(&child, at, None);
            self.skip_trivia();
            if self.peek() != Some(':') {
                return false;
            }
            self.bump();
            // The entry's location is its key's; the value's fields hang below it.
            if !self.value(child, depth + 1) {
                return false;
            }
        }
    }
}

fn join_field(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"// comment
Scenario(
    name: "x /* not a comment */",
    issues: [
        Issue(id: "a", min: 0.0, max: 1.0),
        Issue(id: "b", options: ["p", "q"]),
    ],
    actors: [ /* nested /* comment */ */
        Actor(id: "u", power: Normal(mean: 1.0, sd: 0.2),
            stances: { "a": (position: 0.5, salience: 1), "b": (position: "p", salience: 2) }),
    ],
)"#;

    #[test]
    fn finds_fields_list_items_and_map_entries() {
        let spans = Spans::scan(TEXT);
        assert_eq!(spans.at("name"), Location { line: 3, col: 11 });
        assert_eq!(spans.at("issues[1]"), Location { line: 6, col: 9 });
        assert_eq!(
            spans.at("issues[1].options[1]"),
            Location { line: 6, col: 39 }
        );
        assert_eq!(
            spans.at("actors[0].stances.b"),
            Location { line: 10, col: 59 }
        );
        assert_eq!(
            spans.at("actors[0].stances.b.position"),
            Location { line: 10, col: 75 }
        );
        assert_eq!(
            spans.at("actors[0].stances.a.salience"),
            Location { line: 10, col: 55 }
        );
    }

    #[test]
    fn recovers_struct_names_and_falls_back_to_ancestors() {
        let spans = Spans::scan(TEXT);
        assert_eq!(spans.name("actors[0].power"), Some("Normal"));
        assert_eq!(spans.name("actors[0]"), Some("Actor"));
        assert_eq!(
            spans.at("actors[0].power.sd"),
            Location { line: 9, col: 53 }
        );
        assert_eq!(spans.at("actors[0].no_such_field"), spans.at("actors[0]"));
    }

    #[test]
    fn never_panics_on_truncated_or_odd_text() {
        for text in [
            "",
            "(",
            "Scenario(name: \"",
            "[1, 2",
            "{\"a\": ",
            "/* open",
            "r#\"x",
            "'",
            "(a: b: c)",
        ] {
            let _ = Spans::scan(text);
        }
    }
}

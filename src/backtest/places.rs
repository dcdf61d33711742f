//! Where the parts of a JSON truth file's entries are written, so an error
//! about an entry (an outcome outside its issue's range, an issue the
//! scenario does not have) can name its line and column.
//!
//! serde_json gives positions only for its own errors, so the places come
//! from one more pass over the text, made after serde_json has read it whole:
//! the text is then known to be well-formed JSON, and the pass only has to
//! step over strings and nested values, in time linear in the text (looking
//! each id up in the whole text made 200,000 entries take minutes).

use super::truth::Place;

/// The places of one top-level entry `"<id>": {"outcome": …, "issue": …}`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EntryPlaces {
    /// The entry's id (its key).
    pub key: Place,
    /// The value of its `outcome`, if it has one.
    pub outcome: Option<Place>,
    /// The value of its `issue`, if it has one.
    pub issue: Option<Place>,
}

/// The places of every top-level entry of `text`, in the file's order.
///
/// `text` should be JSON that serde_json has read: on anything else the pass
/// stops early (never panics), and the entries it did not reach have none.
pub fn entry_places(text: &str) -> Vec<EntryPlaces> {
    let mut scan = Scan {
        bytes: text.as_bytes(),
        at: 0,
        line: 1,
        line_start: 0,
    };
    let mut entries = Vec::new();
    scan.skip_space();
    if !scan.take(b'{') {
        return entries;
    }
    loop {
        scan.skip_space();
        if scan.peek() != Some(b'"') {
            return entries;
        }
        let key = scan.place();
        scan.skip_string();
        scan.skip_space();
        if !scan.take(b':') {
            return entries;
        }
        scan.skip_space();
        let mut entry = EntryPlaces {
            key,
            ..EntryPlaces::default()
        };
        if scan.take(b'{') {
            scan.fields(&mut entry);
        } else {
            scan.skip_value();
        }
        entries.push(entry);
        scan.skip_space();
        if !scan.take(b',') {
            return entries;
        }
    }
}

/// A cursor over the text that keeps its line and the start of that line.
struct Scan<'a> {
    bytes: &'a [u8],
    at: usize,
    line: usize,
    line_start: usize,
}

impl Scan<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// Steps over `byte` if it is next.
    fn take(&mut self, byte: u8) -> bool {
        let next = self.peek() == Some(byte);
        if next {
            self.at += 1;
        }
        next
    }

    /// The cursor's place; columns count bytes from 1, as serde_json's do.
    fn place(&self) -> Place {
        Place {
            line: self.line,
            col: self.at - self.line_start + 1,
        }
    }

    /// Steps over one byte, counting a line break (JSON has them only
    /// between tokens; inside a string they are escaped).
    fn step(&mut self) {
        if self.peek() == Some(b'\n') {
            self.line += 1;
            self.line_start = self.at + 1;
        }
        self.at += 1;
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.step();
        }
    }

    /// Steps over the string starting at the cursor and returns its text
    /// between the quotes, escapes as written.
    fn skip_string(&mut self) -> &[u8] {
        self.at += 1;
        let start = self.at;
        while let Some(byte) = self.peek() {
            match byte {
                b'\\' => self.at += 2,
                b'"' => break,
                _ => self.step(),
            }
        }
        let inside = &self.bytes[start.min(self.bytes.len())..self.at.min(self.bytes.len())];
        self.at += 1;
        inside
    }

    /// Steps over one value of any kind.
    fn skip_value(&mut self) {
        let mut depth = 0usize;
        while let Some(byte) = self.peek() {
            match byte {
                b'"' => {
                    self.skip_string();
                }
                b'{' | b'[' => {
                    depth += 1;
                    self.at += 1;
                }
                b',' | b'}' | b']' if depth == 0 => return,
                b'}' | b']' => {
                    depth -= 1;
                    self.at += 1;
                }
                _ => self.step(),
            }
        }
    }

    /// Steps over an entry's fields (after its `{`), noting where the
    /// values of `outcome` and `issue` start.
    fn fields(&mut self, entry: &mut EntryPlaces) {
        loop {
            self.skip_space();
            if self.take(b'}') || self.peek() != Some(b'"') {
                return;
            }
            let name = self.skip_string();
            // serde_json matches field names after unescaping them.
            let name: Option<String> = if name.contains(&b'\\') {
                std::str::from_utf8(name)
                    .ok()
                    .and_then(|name| serde_json::from_str(&format!("\"{name}\"")).ok())
            } else {
                std::str::from_utf8(name).ok().map(str::to_string)
            };
            self.skip_space();
            if !self.take(b':') {
                return;
            }
            self.skip_space();
            match name.as_deref() {
                Some("outcome") => entry.outcome = Some(self.place()),
                Some("issue") => entry.issue = Some(self.place()),
                _ => {}
            }
            self.skip_value();
            self.skip_space();
            self.take(b',');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, col: usize) -> Place {
        Place { line, col }
    }

    #[test]
    fn finds_each_entry_and_its_outcome_and_issue() {
        let text = "{\n \"a\": {\"outcome\": 1, \"rp\": {\"x\": [1, \"}\"]}},\n \"b\\\"\": {\n  \"issue\": \"x,y\",\n  \"outc\\u006fme\": -2.5e3\n },\n \"c\": 3, \"d\": [{}], \"e\": \"{\"\n}\n";
        let places = entry_places(text);
        assert_eq!(
            places,
            vec![
                EntryPlaces {
                    key: at(2, 2),
                    outcome: Some(at(2, 19)),
                    issue: None
                },
                EntryPlaces {
                    key: at(3, 2),
                    outcome: Some(at(5, 19)),
                    issue: Some(at(4, 12)),
                },
                EntryPlaces {
                    key: at(7, 2),
                    ..EntryPlaces::default()
                },
                EntryPlaces {
                    key: at(7, 10),
                    ..EntryPlaces::default()
                },
                EntryPlaces {
                    key: at(7, 21),
                    ..EntryPlaces::default()
                },
            ]
        );
    }

    #[test]
    fn places_point_at_what_they_name_written_compact_or_pretty() {
        let tricky = ["", "}", "\"{[", "a\\", "\n\t", "é∑", "\u{1b}[2J", ":,"];
        let mut entries = serde_json::Map::new();
        for (k, text) in tricky.iter().enumerate() {
            let mut entry = serde_json::Map::new();
            if k % 3 != 0 {
                entry.insert("note".into(), serde_json::json!([text, {"x": text}, []]));
            }
            entry.insert("outcome".into(), serde_json::json!(k as f64 * 1.5 - 2.0));
            if k % 2 == 0 {
                entry.insert("issue".into(), serde_json::json!(text));
            }
            entries.insert(format!("{text}{k}"), serde_json::Value::Object(entry));
        }
        let value = serde_json::Value::Object(entries.clone());
        for text in [
            serde_json::to_string(&value).unwrap(),
            serde_json::to_string_pretty(&value).unwrap(),
        ] {
            let lines: Vec<&str> = text.split('\n').collect();
            let from = |place: Place| &lines[place.line - 1][place.col - 1..];
            let places = entry_places(&text);
            assert_eq!(places.len(), entries.len());
            for ((key, entry), at) in entries.iter().zip(places) {
                let written = |value: &serde_json::Value| serde_json::to_string(value).unwrap();
                assert!(from(at.key).starts_with(&written(&key.clone().into())));
                let outcome = at.outcome.expect("every entry has one");
                assert!(from(outcome).starts_with(&written(&entry["outcome"])));
                match at.issue {
                    Some(issue) => assert!(from(issue).starts_with(&written(&entry["issue"]))),
                    None => assert!(entry.get("issue").is_none()),
                }
            }
        }
    }

    #[test]
    fn stops_on_text_that_is_not_json() {
        for text in [
            "",
            "[",
            "{",
            "{\"a\"",
            "{\"a\": {\"outcome\"",
            "{\"a\\",
            "x",
        ] {
            assert!(entry_places(text).len() <= 1, "{text:?}");
        }
    }
}

//! JSON in the layout zopa's documentation shows: one line, `", "` between items
//! and `": "` after keys, numbers rounded to 9 decimals (well above the solvers'
//! precision, and free of float noise such as 0.5500000000000002).

use serde::Serialize;
use serde_json::ser::Formatter;
use std::io;

/// Serialises with spaces after `:` and `,`, all on one line.
pub fn to_spaced_string<T: Serialize>(value: &T) -> String {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, Spaced);
    // Serialising plain data (maps, strings, finite numbers) cannot fail.
    if value.serialize(&mut serializer).is_err() {
        return "null".to_string();
    }
    String::from_utf8(out).unwrap_or_else(|_| "null".to_string())
}

/// Pretty JSON, but with arrays of plain numbers on one line: a 40 × 40 grid of
/// counts reads as one line instead of 1,600.
pub fn to_pretty_compact_numbers<T: Serialize>(value: &T) -> String {
    let pretty = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".to_string());
    let mut out = String::with_capacity(pretty.len());
    let mut rest = pretty.as_str();
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find(']');
        let numeric = close.is_some_and(|close| {
            let inside = &after[..close];
            !inside.trim().is_empty()
                && inside.chars().all(|c| {
                    c.is_ascii_digit()
                        || matches!(c, '.' | '-' | '+' | 'e' | 'E' | ',' | ' ' | '\n')
                })
        });
        match (numeric, close) {
            (true, Some(close)) => {
                let items: Vec<&str> = after[..close].split(',').map(str::trim).collect();
                out.push('[');
                out.push_str(&items.join(", "));
                out.push(']');
                rest = &after[close + 1..];
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Rounds to 9 decimal places for output; non-finite values become 0.
///
/// A value too large to scale by 1e9 has no decimals to round (beyond 2^53
/// every f64 is whole) and is returned as it is, never as infinity.
pub fn round(value: f64) -> f64 {
    let scaled = value * 1e9;
    if !value.is_finite() {
        0.0
    } else if !scaled.is_finite() {
        value
    } else {
        let rounded = scaled.round() / 1e9;
        if rounded == 0.0 { 0.0 } else { rounded }
    }
}

struct Spaced;

/// `", "` before every item but the first, in arrays and objects alike.
fn separator<W: ?Sized + io::Write>(writer: &mut W, first: bool) -> io::Result<()> {
    if first {
        Ok(())
    } else {
        writer.write_all(b", ")
    }
}

impl Formatter for Spaced {
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        separator(writer, first)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        separator(writer, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }
}

/// serde_json's message for `err` without its position (a zopa error gives
/// it first) and with every value it quotes from the file, `"…"` or
/// `` `…` ``, shortened as [`crate::scenario::text::quoted`] shortens text:
/// for every JSON file zopa reads (a 1 MB string in a summary.json was
/// repeated whole).
pub fn json_message(err: &serde_json::Error) -> String {
    let message = err.to_string();
    let position = format!(" at line {} column {}", err.line(), err.column());
    let message = message.strip_suffix(&position).unwrap_or(&message);
    let mut shortened = String::new();
    let mut chars = message.chars();
    while let Some(c) = chars.next() {
        shortened.push(c);
        if c != '"' && c != '`' {
            continue;
        }
        // serde writes strings as Rust does (`"a\"b"`), so an escaped quote
        // does not end one.
        let mut inside = String::new();
        let mut escaped = false;
        for next in chars.by_ref() {
            if next == c && !escaped {
                break;
            }
            escaped = c == '"' && next == '\\' && !escaped;
            inside.push(next);
        }
        shortened.push_str(&crate::scenario::text::shown(&inside));
        shortened.push(c);
    }
    shortened
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn number_arrays_are_compact_and_the_value_unchanged() {
        let value = json!({"counts": [1, 2, 3], "nested": {"x": [0.5, -1e-3]}, "names": ["a", "b"], "empty": []});
        let text = to_pretty_compact_numbers(&value);
        assert!(
            text.contains("\"counts\": [1, 2, 3]") && text.contains("[0.5, -0.001]"),
            "{text}"
        );
        assert!(
            text.contains("\"a\",\n"),
            "string arrays stay one per line: {text}"
        );
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).unwrap(),
            value
        );
    }

    #[test]
    fn spaced_layout_and_rounding() {
        let value =
            json!({"model": "nash", "outcome": {"x": round(0.5500000000000002)}, "list": [1, 2]});
        assert_eq!(
            to_spaced_string(&value),
            r#"{"model": "nash", "outcome": {"x": 0.55}, "list": [1, 2]}"#
        );
        assert_eq!(round(-1e-12), 0.0);
    }
}

//! CSV rows with the place of every cell, for messages that say `file:line:col`.
//!
//! The `csv` crate splits records (quotes, doubled quotes, line breaks inside
//! quotes) and tells where each record starts; where each cell starts inside it is
//! found by walking the raw text with the same quoting rules. Lines that are
//! empty, or hold only empty cells (spreadsheets export such lines), are skipped.

use super::ImportError;
use super::table::located;
use crate::scenario::Location;

/// The rows of a CSV file.
pub(super) struct Cells<'a> {
    file: &'a str,
    text: &'a str,
    /// Byte offset at which each line starts.
    line_starts: Vec<usize>,
    pub rows: Vec<Row>,
}

/// One record and where its cells start.
#[derive(Clone, Debug)]
pub(super) struct Row {
    /// The line the record starts on (1-based).
    pub line: usize,
    fields: Vec<String>,
    /// Byte offset of each cell, and (last) of the end of the record.
    starts: Vec<usize>,
}

impl Row {
    /// Cell `column`, or "" past the end.
    pub fn text(&self, column: usize) -> &str {
        self.fields.get(column).map_or("", String::as_str)
    }

    /// Number of cells.
    pub fn len(&self) -> usize {
        self.fields.len()
    }
}

impl<'a> Cells<'a> {
    /// Splits `text` into rows.
    pub fn read(file: &'a str, text: &'a str) -> Result<Cells<'a>, ImportError> {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(index, _)| index + 1));
        let mut cells = Cells {
            file,
            text,
            line_starts,
            rows: Vec::new(),
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        for record in reader.records() {
            let record = record.map_err(|err| {
                let byte = err.position().map_or(0, |pos| pos.byte() as usize);
                located(
                    file,
                    cells.location(byte),
                    format!("cannot read this CSV line: {err}"),
                    "save the table as comma-separated values (CSV, UTF-8)",
                )
            })?;
            if record.iter().all(|field| field.trim().is_empty()) {
                continue;
            }
            let start = record.position().map_or(0, |pos| pos.byte() as usize);
            let starts = field_starts(text, start, record.len());
            cells.rows.push(Row {
                line: cells.location(start).line,
                fields: record.iter().map(str::to_string).collect(),
                starts,
            });
        }
        Ok(cells)
    }

    /// Where cell `column` of `row` starts (past the last cell: the end of the row).
    pub fn at(&self, row: &Row, column: usize) -> Location {
        let byte = row
            .starts
            .get(column)
            .or(row.starts.last())
            .copied()
            .unwrap_or(0);
        self.location(byte)
    }

    /// A problem in cell `column` of `row`.
    pub fn error(
        &self,
        row: &Row,
        column: usize,
        message: impl Into<String>,
        help: &str,
    ) -> ImportError {
        located(self.file, self.at(row, column), message, help)
    }

    /// The end of the file.
    pub fn end(&self) -> Location {
        self.location(self.text.len())
    }

    fn location(&self, byte: usize) -> Location {
        let byte = byte.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= byte);
        let start = self.line_starts[line - 1];
        let col = 1 + self.text.get(start..byte).map_or(0, |s| s.chars().count());
        Location { line, col }
    }
}

/// Byte offsets of `count` cells starting at `start`, then the record's end.
fn field_starts(text: &str, start: usize, count: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = Vec::with_capacity(count + 1);
    let mut pos = start.min(bytes.len());
    for _ in 0..count {
        starts.push(pos);
        if bytes.get(pos) == Some(&b'"') {
            pos += 1;
            while pos < bytes.len() {
                if bytes[pos] == b'"' {
                    if bytes.get(pos + 1) == Some(&b'"') {
                        pos += 2;
                        continue;
                    }
                    pos += 1;
                    break;
                }
                pos += 1;
            }
        }
        while pos < bytes.len() && !matches!(bytes[pos], b',' | b'\n' | b'\r') {
            pos += 1;
        }
        if bytes.get(pos) == Some(&b',') {
            pos += 1;
        }
    }
    // The end of the record: just after its last character.
    let end = pos;
    starts.push(end);
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_know_their_columns() {
        let text = "name,desc\n\"a, \"\"b\"\"\",x\n\n,,\nc,d";
        let cells = Cells::read("t.csv", text).unwrap();
        assert_eq!(cells.rows.len(), 3);
        let row = &cells.rows[1];
        assert_eq!(row.text(0), "a, \"b\"");
        assert_eq!(cells.at(row, 1), Location { line: 2, col: 12 });
        assert_eq!(cells.at(row, 2), Location { line: 2, col: 13 });
        assert_eq!(cells.rows[2].line, 5);
        assert_eq!(cells.at(&cells.rows[2], 1), Location { line: 5, col: 3 });
    }
}

//! Aligned text tables for the terminal.
//!
//! Columns are padded to their widest cell (counted in characters, so names like
//! "Türkiye" align); numeric columns are right-aligned.

/// Column alignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A text table built row by row.
#[derive(Clone, Debug)]
pub struct Table {
    headers: Vec<String>,
    align: Vec<Align>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column headers and alignments.
    pub fn new(columns: &[(&str, Align)]) -> Table {
        Table {
            headers: columns
                .iter()
                .map(|(header, _)| header.to_string())
                .collect(),
            align: columns.iter().map(|(_, align)| *align).collect(),
            rows: Vec::new(),
        }
    }

    /// Appends a row (missing cells are blank).
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Renders with two spaces between columns and a rule under the header.
    pub fn render(&self) -> String {
        self.render_within(usize::MAX)
    }

    /// Renders in at most `width` characters per line where it can: headers
    /// longer than their column's cells are shortened first, then the widest
    /// left-aligned (text) columns, down to a few characters each; a cut
    /// cell ends in "…".
    pub fn render_within(&self, width: usize) -> String {
        let columns = self.headers.len();
        let count = |text: &str| text.chars().count();
        let mut data: Vec<usize> = vec![0; columns];
        for row in &self.rows {
            for (c, cell) in row.iter().enumerate().take(columns) {
                data[c] = data[c].max(count(cell));
            }
        }
        let mut widths: Vec<usize> = self
            .headers
            .iter()
            .zip(&data)
            .map(|(h, d)| count(h).max(*d))
            .collect();
        let total = |widths: &[usize]| widths.iter().sum::<usize>() + 2 * columns.saturating_sub(1);
        // Headers wider than their cells give way first, the one with the
        // most to spare first, to their cells' width (at least 7).
        while total(&widths) > width {
            let spare = |c: usize| widths[c].saturating_sub(data[c].max(7));
            let Some(c) = (0..columns)
                .filter(|&c| spare(c) > 0)
                .max_by_key(|&c| spare(c))
            else {
                break;
            };
            widths[c] -= 1;
        }
        // Then text columns, the widest first, to at least 12.
        while total(&widths) > width {
            let Some(c) = (0..columns)
                .filter(|&c| self.align[c] == Align::Left && widths[c] > 12)
                .max_by_key(|&c| widths[c])
            else {
                break;
            };
            widths[c] -= 1;
        }
        let fit = |cell: &str, width: usize| -> String {
            if count(cell) <= width {
                cell.to_string()
            } else {
                let mut cut: String = cell.chars().take(width.saturating_sub(1)).collect();
                cut.push('…');
                cut
            }
        };
        let mut out = String::new();
        let line = |cells: &[String], out: &mut String| {
            let mut text = String::new();
            for (c, width) in widths.iter().enumerate() {
                let cell = fit(cells.get(c).map(String::as_str).unwrap_or(""), *width);
                let cell = cell.as_str();
                let pad = width - cell.chars().count();
                if c > 0 {
                    text.push_str("  ");
                }
                match self.align[c] {
                    Align::Left => {
                        text.push_str(cell);
                        text.push_str(&" ".repeat(pad));
                    }
                    Align::Right => {
                        text.push_str(&" ".repeat(pad));
                        text.push_str(cell);
                    }
                }
            }
            out.push_str(text.trim_end());
            out.push('\n');
        };
        line(&self.headers, &mut out);
        let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
        line(&rule, &mut out);
        for row in &self.rows {
            line(row, &mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_columns_to_the_widest_cell() {
        let mut table = Table::new(&[("Actor", Align::Left), ("Utility", Align::Right)]);
        table.row(vec!["Türkiye".into(), "0.5".into()]);
        table.row(vec!["EU".into(), "0.25".into()]);
        assert_eq!(
            table.render(),
            "Actor    Utility\n───────  ───────\nTürkiye      0.5\nEU          0.25\n"
        );
    }
}

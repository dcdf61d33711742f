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
    /// cell ends in "…". A table with more columns than that allows is
    /// shown in blocks of columns, each under the first column again.
    pub fn render_within(&self, width: usize) -> String {
        let columns = self.headers.len();
        let count = |text: &str| text.chars().count();
        let mut data: Vec<usize> = vec![0; columns];
        for row in &self.rows {
            for (c, cell) in row.iter().enumerate().take(columns) {
                data[c] = data[c].max(count(cell));
            }
        }
        let natural: Vec<usize> = self
            .headers
            .iter()
            .zip(&data)
            .map(|(h, d)| count(h).max(*d))
            .collect();
        let mut widths = natural.clone();
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
        // Still too wide (many columns): the columns after the first go in
        // blocks that fit, each under the first column again, one block
        // after another, so that no line runs past `width`. Blocks give the
        // room, so headers and text keep their full width (the first
        // column up to a third of the line).
        if total(&widths) > width && columns > 2 {
            widths[0] = natural[0].min(12.max(width / 3));
            let rest = width.saturating_sub(widths[0] + 2).max(1);
            for c in 1..columns {
                widths[c] = natural[c].min(rest);
            }
        }
        let mut blocks: Vec<Vec<usize>> = Vec::new();
        let mut used = widths.first().copied().unwrap_or(0);
        for c in 1..columns {
            let needed = 2 + widths[c];
            match blocks.last_mut() {
                Some(block) if used + needed <= width => block.push(c),
                _ => {
                    blocks.push(vec![c]);
                    used = widths[0];
                }
            }
            used += needed;
        }
        if blocks.is_empty() {
            blocks.push(Vec::new());
        }
        let mut out = String::new();
        for (k, block) in blocks.iter().enumerate() {
            if k > 0 {
                out.push('\n');
            }
            let shown: Vec<usize> = std::iter::once(0).chain(block.iter().copied()).collect();
            let line = |cells: &[String], out: &mut String| {
                let mut text = String::new();
                for (n, &c) in shown.iter().enumerate() {
                    let width = widths[c];
                    let cell = fit(cells.get(c).map(String::as_str).unwrap_or(""), width);
                    let pad = width - cell.chars().count();
                    if n > 0 {
                        text.push_str("  ");
                    }
                    match self.align[c] {
                        Align::Left => {
                            text.push_str(&cell);
                            text.push_str(&" ".repeat(pad));
                        }
                        Align::Right => {
                            text.push_str(&" ".repeat(pad));
                            text.push_str(&cell);
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

    #[test]
    fn columns_that_do_not_fit_go_in_blocks_under_the_first_column() {
        let mut columns = vec![("Issue", Align::Left)];
        let names: Vec<String> = (0..30).map(|a| format!("Actor {a}")).collect();
        columns.extend(names.iter().map(|name| (name.as_str(), Align::Right)));
        let mut table = Table::new(&columns);
        for issue in ["Price", "Term"] {
            let mut row = vec![issue.to_string()];
            row.extend((0..30).map(|a| format!("0.{a:02}")));
            table.row(row);
        }
        let text = table.render_within(100);
        assert!(
            text.lines().all(|line| line.chars().count() <= 100),
            "{text}"
        );
        // Every actor's column is shown once, whole, beside the issues.
        for (a, name) in names.iter().enumerate() {
            assert_eq!(
                text.matches(&format!("{name} ")).count()
                    + text.matches(&format!("{name}\n")).count(),
                1,
                "{name}: {text}"
            );
            assert!(text.contains(&format!("0.{a:02}")), "{text}");
        }
        let blocks: Vec<&str> = text.split("\n\n").collect();
        assert!(blocks.len() >= 3, "{text}");
        for block in blocks {
            assert!(block.starts_with("Issue "), "{block}");
            assert!(
                block.contains("\nPrice ") && block.contains("\nTerm "),
                "{block}"
            );
        }
        // A table that fits stays one block.
        let mut small = Table::new(&[("Issue", Align::Left), ("A", Align::Right)]);
        small.row(vec!["Price".into(), "1".into()]);
        assert!(!small.render_within(100).contains("\n\n"));
    }
}

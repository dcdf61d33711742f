//! The report as a list of sections made of a few kinds of block, rendered
//! once to Markdown and once to HTML. Each part of the report (tables,
//! caveats, appendix, results found in the folder) only builds blocks, so the
//! two formats cannot say different things.
//!
//! Numbers in table cells never wrap: intervals are joined with non-breaking
//! spaces ([`interval`]) and the HTML keeps every cell on one line except in
//! the columns a grid marks as text; a table wider than the page scrolls
//! rather than squeezing its cells.

use crate::scenario::format_number;

/// A heading and what follows it.
pub struct Section {
    pub title: String,
    pub blocks: Vec<Block>,
}

/// One piece of a section.
pub enum Block {
    Paragraph(String),
    /// A smaller heading inside a section.
    Subheading(String),
    /// Bulleted sentences.
    List(Vec<String>),
    /// Key–value pairs (the run settings).
    Settings(Vec<(String, String)>),
    Table(Grid),
    Figure(Figure),
}

/// A chart: its title and reading, its SVG for the HTML and the file the
/// Markdown links, either of which may be missing.
pub struct Figure {
    pub title: String,
    pub reading: String,
    pub svg: Option<String>,
    pub link: Option<String>,
}

/// A table: header and rows of cells. Columns listed in `text` hold words
/// and may wrap; every other cell stays on one line, or on the lines its
/// `\n`s make (a median above its interval; one line in Markdown).
pub struct Grid {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub text: Vec<usize>,
}

impl Grid {
    /// A table whose cells all stay on one line.
    pub fn new(header: Vec<String>, rows: Vec<Vec<String>>) -> Grid {
        Grid {
            header,
            rows,
            text: Vec::new(),
        }
    }

    /// Lets these columns wrap (sentences, lists of options).
    pub fn wrapping(mut self, columns: &[usize]) -> Grid {
        self.text.extend_from_slice(columns);
        self
    }
}

/// `low – high` that never breaks across lines.
pub fn interval(low: Option<f64>, high: Option<f64>) -> String {
    match (low, high) {
        (Some(low), Some(high)) => {
            format!("{}\u{a0}–\u{a0}{}", format_number(low), format_number(high))
        }
        _ => "–".into(),
    }
}

fn markdown_cell(text: &str) -> String {
    markdown_text(text).replace('|', "\\|")
}

/// Text from the scenario or the run made safe in Markdown: no raw HTML
/// (`<`, `>` and `&` become entities, which every renderer shows as the
/// characters), no line break that would end a heading, list item or table
/// row early (each becomes a space), no control character, and no `#` or `>`
/// at the start that would turn a paragraph into a heading or a quote.
pub fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if crate::scenario::text::is_hazard(c) => {}
            c => out.push(c),
        }
    }
    if out.starts_with('#') {
        out.insert(0, '\\');
    }
    out
}

/// A description as Markdown paragraphs: blank lines part them, other line
/// breaks are spaces, and each is made safe by [`markdown_text`].
pub fn markdown_paragraphs(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    text.split("\n\n")
        .map(|paragraph| markdown_text(paragraph.trim()))
        .filter(|paragraph| !paragraph.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn markdown_table(grid: &Grid, out: &mut String) {
    let line = |cells: &[String]| {
        format!(
            "| {} |\n",
            cells
                .iter()
                .map(|c| markdown_cell(c))
                .collect::<Vec<_>>()
                .join(" | ")
        )
    };
    out.push_str(&line(&grid.header));
    out.push_str(&format!("|{}\n", "---|".repeat(grid.header.len())));
    for row in &grid.rows {
        out.push_str(&line(row));
    }
    out.push('\n');
}

/// Sections as Markdown, each under a `##` heading.
pub fn markdown(sections: &[Section], out: &mut String) {
    for section in sections {
        let md = markdown_text;
        out.push_str(&format!("## {}\n\n", md(&section.title)));
        for block in &section.blocks {
            match block {
                Block::Paragraph(text) => out.push_str(&format!("{}\n\n", md(text))),
                Block::Subheading(text) => out.push_str(&format!("### {}\n\n", md(text))),
                Block::List(items) => {
                    for item in items {
                        out.push_str(&format!("- {}\n", md(item)));
                    }
                    out.push('\n');
                }
                Block::Settings(pairs) => {
                    for (key, value) in pairs {
                        out.push_str(&format!("- **{}:** {}\n", md(key), md(value)));
                    }
                    out.push('\n');
                }
                Block::Table(grid) => markdown_table(grid, out),
                Block::Figure(figure) => {
                    let title = md(&figure.title);
                    out.push_str(&format!("### {title}\n\n"));
                    if let Some(link) = &figure.link {
                        let alt = title.replace('[', "\\[").replace(']', "\\]");
                        out.push_str(&format!("![{alt}]({link})\n\n"));
                    }
                    if !figure.reading.is_empty() {
                        out.push_str(&format!("{}\n\n", md(&figure.reading)));
                    }
                }
            }
        }
    }
}

/// Text made safe inside HTML elements and attributes.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn html_table(grid: &Grid, out: &mut String) {
    out.push_str("<div class=\"scroll\"><table>\n<thead><tr>");
    for (column, cell) in grid.header.iter().enumerate() {
        let class = if grid.text.contains(&column) {
            " class=\"text\""
        } else {
            ""
        };
        out.push_str(&format!("<th{class}>{}</th>", escape(cell)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &grid.rows {
        out.push_str("<tr>");
        for (column, cell) in row.iter().enumerate() {
            let class = if grid.text.contains(&column) {
                " class=\"text\""
            } else {
                ""
            };
            let lines = escape(cell).replace('\n', "<br>");
            out.push_str(&format!("<td{class}>{lines}</td>"));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n");
}

/// The report's styles: cells stay on one line unless marked as text.
pub const STYLE: &str = "body{font-family:'DejaVu Sans',Verdana,Helvetica,Arial,sans-serif;color:#212121;max-width:1000px;margin:2em auto;padding:0 1em;line-height:1.45}\
h1{font-size:1.7em;margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:1px solid #ddd;padding-bottom:.2em}h3{margin-top:1.2em}\
.scroll{overflow-x:auto}table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.92em}th,td{padding:.3em .7em;border-bottom:1px solid #e3e3e3;text-align:right;white-space:nowrap}\
th:first-child,td:first-child{text-align:left}th.text,td.text{white-space:normal;text-align:left;min-width:7em}th{background:#f3f3f3}\
figure{margin:1.2em 0;page-break-inside:avoid;break-inside:avoid}figure svg{max-width:100%;height:auto;border:1px solid #eee}\
figcaption{color:#555;font-size:.95em;margin-top:.3em}dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:bold}dd{margin:0}\
ul.caveats li{margin-bottom:.3em}\
@media print{body{max-width:none;margin:0}h2{page-break-after:avoid}.scroll{overflow:visible}}";

/// Sections as HTML, each under an `<h2>`.
pub fn html(sections: &[Section], out: &mut String) {
    for section in sections {
        out.push_str(&format!("<h2>{}</h2>\n", escape(&section.title)));
        for block in &section.blocks {
            match block {
                Block::Paragraph(text) => out.push_str(&format!("<p>{}</p>\n", escape(text))),
                Block::Subheading(text) => out.push_str(&format!("<h3>{}</h3>\n", escape(text))),
                Block::List(items) => {
                    out.push_str("<ul class=\"caveats\">\n");
                    for item in items {
                        out.push_str(&format!("<li>{}</li>\n", escape(item)));
                    }
                    out.push_str("</ul>\n");
                }
                Block::Settings(pairs) => {
                    out.push_str("<dl>\n");
                    for (key, value) in pairs {
                        out.push_str(&format!(
                            "<dt>{}</dt><dd>{}</dd>\n",
                            escape(key),
                            escape(value)
                        ));
                    }
                    out.push_str("</dl>\n");
                }
                Block::Table(grid) => html_table(grid, out),
                Block::Figure(figure) => {
                    out.push_str("<figure>\n");
                    if let Some(svg) = &figure.svg {
                        out.push_str(strip_prolog(svg));
                        out.push('\n');
                    }
                    out.push_str(&format!(
                        "<figcaption><strong>{}.</strong> {}</figcaption>\n</figure>\n",
                        escape(&figure.title),
                        escape(&figure.reading)
                    ));
                }
            }
        }
    }
}

/// The `<svg ..>` element without any XML declaration before it.
fn strip_prolog(svg: &str) -> &str {
    svg.find("<svg").map_or(svg, |start| &svg[start..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_do_not_break_and_numeric_cells_stay_on_one_line() {
        assert_eq!(
            interval(Some(854.3), Some(959.4)),
            "854.3\u{a0}–\u{a0}959.4"
        );
        assert_eq!(interval(None, Some(1.0)), "–");
        let grid = Grid::new(
            vec!["Issue".into(), "Band".into()],
            vec![vec!["Army cap".into(), interval(Some(854.3), Some(959.4))]],
        )
        .wrapping(&[0]);
        let mut out = String::new();
        html(
            &[Section {
                title: "T".into(),
                blocks: vec![Block::Table(grid)],
            }],
            &mut out,
        );
        assert!(out.contains("<td class=\"text\">Army cap</td><td>854.3\u{a0}–\u{a0}959.4</td>"));
        assert!(STYLE.contains("white-space:nowrap"));
    }

    #[test]
    fn markdown_shows_names_as_text_never_as_html_or_structure() {
        assert_eq!(
            markdown_text("<img src=x onerror=alert(1)> & co\nnext"),
            "&lt;img src=x onerror=alert(1)&gt; &amp; co next"
        );
        assert_eq!(markdown_text("# not a heading\u{1b}"), "\\# not a heading");
        assert_eq!(markdown_paragraphs("one\ntwo\n\nthree"), "one two\n\nthree");
        let grid = Grid::new(vec!["A|B".into()], vec![vec!["x\ny".into()]]);
        let mut out = String::new();
        markdown_table(&grid, &mut out);
        assert_eq!(out, "| A\\|B |\n|---|\n| x y |\n\n");
    }
}

//! `report.md` and `report.html`: the scenario, the run settings, the summary
//! tables and every chart with a one-sentence reading, all from the summary.
//!
//! The HTML is self-contained (charts inlined as SVG, styles inline, no
//! scripts, nothing fetched) and prints cleanly; the Markdown links the chart
//! files in `charts/`.

use super::charts::Chart;
use super::charts::registry::run_charts;
use crate::format::{percent, thousands};
use crate::scenario::format_number;
use crate::summary::Summary;

/// A chart as the report shows it: its file stem, title and reading.
pub struct ChartEntry {
    pub name: String,
    pub title: String,
    pub reading: String,
}

/// The report's entry for each chart the summary has, in reading order, with
/// titles and readings from the chart registry.
pub fn chart_entries(summary: &Summary) -> Vec<ChartEntry> {
    run_charts(summary)
        .iter()
        .map(|chart| ChartEntry {
            name: chart.name(),
            title: chart.title(summary),
            reading: chart.reading(summary),
        })
        .collect()
}

/// A table: header and rows of cells.
struct Grid {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn issue_grid(summary: &Summary) -> Grid {
    let mut rows = Vec::new();
    for issue in summary.issues.values() {
        let unit = issue.unit.clone().unwrap_or_default();
        let row = if let Some(shares) = &issue.shares {
            let text: Vec<String> = shares
                .iter()
                .map(|(option, share)| format!("{option} {}", percent(*share)))
                .collect();
            vec![
                issue.title().to_string(),
                text.join(", "),
                String::new(),
                String::new(),
                unit,
            ]
        } else {
            let band = |lo: Option<f64>, hi: Option<f64>| match (lo, hi) {
                (Some(lo), Some(hi)) => format!("{} – {}", format_number(lo), format_number(hi)),
                _ => "–".into(),
            };
            vec![
                issue.title().to_string(),
                issue.p50.map_or("–".into(), format_number),
                band(issue.p25, issue.p75),
                band(issue.p05, issue.p95),
                unit,
            ]
        };
        rows.push(row);
    }
    Grid {
        header: [
            "Issue",
            "Median (or option shares)",
            "50% interval",
            "90% interval",
            "Unit",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    }
}

fn actor_grid(summary: &Summary) -> Grid {
    let rows = summary
        .actors
        .iter()
        .map(|(_, actor)| {
            vec![
                actor.title().to_string(),
                if actor.veto { "yes" } else { "no" }.into(),
                actor.mean_utility.map_or("–".into(), |u| format!("{u:.3}")),
                match (actor.utility.p05, actor.utility.p95) {
                    (Some(lo), Some(hi)) => format!("{lo:.2} – {hi:.2}"),
                    _ => "–".into(),
                },
                percent(actor.p_above_reservation),
            ]
        })
        .collect();
    Grid {
        header: [
            "Actor",
            "Veto",
            "Mean utility",
            "Utility 5–95%",
            "Deal beats no deal",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    }
}

fn proposal_grid(summary: &Summary) -> Grid {
    let mut header = vec!["Proposal: P(accept)".to_string()];
    header.extend(
        summary
            .actors
            .iter()
            .map(|(_, actor)| actor.title().to_string()),
    );
    header.push("All veto actors".into());
    let rows = summary
        .proposals
        .iter()
        .map(|(name, proposal)| {
            let mut row = vec![name.clone()];
            row.extend(summary.actors.keys().map(|id| {
                proposal
                    .acceptance
                    .get(id)
                    .map_or("–".into(), |p| percent(*p))
            }));
            row.push(percent(proposal.p_all_veto_accept));
            row
        })
        .collect();
    Grid { header, rows }
}

fn settings(summary: &Summary) -> Vec<(&'static str, String)> {
    vec![
        ("Model", summary.model.clone()),
        ("Trials", thousands(summary.trials)),
        ("Seed", summary.seed.to_string()),
        ("Agreement", percent(summary.agreement_rate)),
        (
            "Zone of possible agreement exists",
            percent(summary.zopa_rate),
        ),
        ("zopa version", summary.zopa_version.clone()),
    ]
}

fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
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

/// `report.md`; charts are linked as `charts/<name>.<extension>`.
pub fn markdown(summary: &Summary, charts: &[ChartEntry], extension: Option<&str>) -> String {
    let mut out = format!("# {}\n\n", summary.scenario);
    let description = summary.description.as_deref().unwrap_or_default().trim();
    if !description.is_empty() {
        out.push_str(&format!("{description}\n\n"));
    }
    out.push_str("## Run\n\n");
    for (key, value) in settings(summary) {
        out.push_str(&format!("- **{key}:** {value}\n"));
    }
    out.push_str("\n## Outcomes by issue (agreed trials)\n\n");
    markdown_table(&issue_grid(summary), &mut out);
    out.push_str("## Actors\n\n");
    markdown_table(&actor_grid(summary), &mut out);
    if !summary.proposals.is_empty() {
        out.push_str("## Reference proposals\n\n");
        markdown_table(&proposal_grid(summary), &mut out);
    }
    if !charts.is_empty() {
        out.push_str("## Charts\n\n");
        for chart in charts {
            out.push_str(&format!("### {}\n\n", chart.title));
            if let Some(extension) = extension {
                out.push_str(&format!(
                    "![{}](charts/{}.{extension})\n\n",
                    chart.title, chart.name
                ));
            }
            if !chart.reading.is_empty() {
                out.push_str(&format!("{}\n\n", chart.reading));
            }
        }
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn html_table(grid: &Grid, out: &mut String) {
    out.push_str("<table>\n<thead><tr>");
    for cell in &grid.header {
        out.push_str(&format!("<th>{}</th>", escape(cell)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &grid.rows {
        out.push_str("<tr>");
        for cell in row {
            out.push_str(&format!("<td>{}</td>", escape(cell)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

const STYLE: &str = "body{font-family:'DejaVu Sans',Verdana,Helvetica,Arial,sans-serif;color:#212121;max-width:1000px;margin:2em auto;padding:0 1em;line-height:1.45}\
h1{font-size:1.7em;margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:1px solid #ddd;padding-bottom:.2em}\
table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.92em}th,td{padding:.3em .7em;border-bottom:1px solid #e3e3e3;text-align:right}\
th:first-child,td:first-child{text-align:left}th{background:#f3f3f3}\
figure{margin:1.2em 0;page-break-inside:avoid;break-inside:avoid}figure svg{max-width:100%;height:auto;border:1px solid #eee}\
figcaption{color:#555;font-size:.95em;margin-top:.3em}dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:bold}dd{margin:0}\
@media print{body{max-width:none;margin:0}h2{page-break-after:avoid}}";

/// `report.html`, self-contained: `svgs` holds each chart's SVG, in chart order.
pub fn html(summary: &Summary, charts: &[ChartEntry], svgs: &[String]) -> String {
    let mut out =
        String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(&format!(
        "<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&summary.scenario)
    ));
    out.push_str(&format!("<h1>{}</h1>\n", escape(&summary.scenario)));
    let description = summary.description.as_deref().unwrap_or_default().trim();
    if !description.is_empty() {
        out.push_str(&format!("<p>{}</p>\n", escape(description)));
    }
    out.push_str("<h2>Run</h2>\n<dl>\n");
    for (key, value) in settings(summary) {
        out.push_str(&format!(
            "<dt>{}</dt><dd>{}</dd>\n",
            escape(key),
            escape(&value)
        ));
    }
    out.push_str("</dl>\n<h2>Outcomes by issue (agreed trials)</h2>\n");
    html_table(&issue_grid(summary), &mut out);
    out.push_str("<h2>Actors</h2>\n");
    html_table(&actor_grid(summary), &mut out);
    if !summary.proposals.is_empty() {
        out.push_str("<h2>Reference proposals</h2>\n");
        html_table(&proposal_grid(summary), &mut out);
    }
    if !charts.is_empty() {
        out.push_str("<h2>Charts</h2>\n");
        for (chart, svg) in charts.iter().zip(svgs) {
            out.push_str(&format!(
                "<figure>\n{}\n<figcaption><strong>{}.</strong> {}</figcaption>\n</figure>\n",
                strip_prolog(svg),
                escape(&chart.title),
                escape(&chart.reading)
            ));
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// The `<svg ..>` element without any XML declaration before it.
fn strip_prolog(svg: &str) -> &str {
    svg.find("<svg").map_or(svg, |start| &svg[start..])
}

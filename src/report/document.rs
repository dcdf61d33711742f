//! `report.md` and `report.html`: the scenario, the run settings, the summary
//! tables and every chart with a one-sentence reading, all from the summary.
//!
//! The HTML is self-contained (charts inlined as SVG, styles inline, no
//! scripts, nothing fetched) and prints cleanly; the Markdown links the chart
//! files in `charts/`.

use super::summary_file::{IssueSummary, Position, Summary, percent, thousands};
use crate::scenario::format_number;

/// A chart as the report shows it: its file stem and its reading.
pub struct ChartEntry {
    pub name: String,
    pub title: String,
    pub reading: String,
}

fn range_of(issue: &IssueSummary) -> f64 {
    issue
        .range
        .map_or(1.0, |[min, max]| (max - min).abs().max(1e-12))
}

/// The one-sentence readings, in chart order.
pub fn chart_entries(summary: &Summary, names: &[String]) -> Vec<ChartEntry> {
    names
        .iter()
        .map(|name| {
            let (title, reading) = match name.as_str() {
                "zones" => ("Zones of agreement".to_string(), zones_reading(summary)),
                "utilities" => ("Who gains".to_string(), utilities_reading(summary)),
                "proposals" => (
                    "Reference proposals".to_string(),
                    proposals_reading(summary),
                ),
                "rounds" => ("When talks end".to_string(), rounds_reading(summary)),
                _ => pair_reading(summary, name),
            };
            ChartEntry {
                name: name.clone(),
                title,
                reading,
            }
        })
        .collect()
}

fn zones_reading(summary: &Summary) -> String {
    if summary.agreement_rate == 0.0 {
        return "No trial reached agreement, so there is no zone to show; the markers show how far apart the actors stand.".into();
    }
    // Mean distance, as a share of each continuous issue's range, between the median deal and each actor's ideal.
    let mut distances: Vec<(String, f64)> = summary
        .actors
        .iter()
        .filter_map(|(id, actor)| {
            let gaps: Vec<f64> = summary
                .issues
                .iter()
                .filter_map(
                    |(issue_id, issue)| match (issue.p50, actor.ideal.get(issue_id)) {
                        (Some(median), Some(Position::Number(ideal))) => {
                            Some((median - ideal).abs() / range_of(issue))
                        }
                        _ => None,
                    },
                )
                .collect();
            (!gaps.is_empty()).then(|| {
                (
                    actor.title(id).to_string(),
                    gaps.iter().sum::<f64>() / gaps.len() as f64,
                )
            })
        })
        .collect();
    distances.sort_by(|a, b| a.1.total_cmp(&b.1));
    match (distances.first(), distances.last()) {
        (Some(near), Some(far)) if distances.len() > 1 => format!(
            "Agreement came in {:.1}% of trials; the median deal lies closest to {}'s ideals (on average {:.0}% of each issue's range away) and farthest from {}'s ({:.0}%).",
            summary.agreement_rate * 100.0,
            near.0,
            near.1 * 100.0,
            far.0,
            far.1 * 100.0
        ),
        _ => format!(
            "Agreement came in {:.1}% of trials.",
            summary.agreement_rate * 100.0
        ),
    }
}

fn pair_reading(summary: &Summary, name: &str) -> (String, String) {
    let pair = summary.charts.as_ref().and_then(|charts| {
        charts
            .pairs
            .iter()
            .find(|(x, y)| format!("zone_{x}_{y}") == name)
            .cloned()
    });
    let Some((x, y)) = pair else {
        return (name.to_string(), String::new());
    };
    let describe = |id: &str| {
        summary
            .issues
            .get(id)
            .map_or(id.to_string(), |issue| match issue.p50 {
                Some(median) => format!("{} at {}", issue.title(id), format_number(median)),
                None => issue.title(id).to_string(),
            })
    };
    let title = |id: &str| {
        summary
            .issues
            .get(id)
            .map_or(id, |issue| issue.title(id))
            .to_string()
    };
    (
        format!("{} × {}", title(&x), title(&y)),
        format!(
            "Half of all agreements fall in the darkest region; the medians put {} and {}.",
            describe(&x),
            describe(&y)
        ),
    )
}

fn utilities_reading(summary: &Summary) -> String {
    let Some(data) = &summary.utilities else {
        return String::new();
    };
    let name = |id: &str| {
        summary
            .actors
            .get(id)
            .map_or(id, |actor| actor.title(id))
            .to_string()
    };
    let (a, b) = (name(&data.actors.0), name(&data.actors.1));
    match data.nash {
        Some((ua, ub)) => format!(
            "At nominal values the Nash bargaining solution gives {a} {} and {b} {} in utility, against reservations of {} and {}; dots show how much the uncertain inputs move that picture.",
            format_number(ua),
            format_number(ub),
            format_number(data.reservations.0),
            format_number(data.reservations.1)
        ),
        None => format!(
            "At nominal values no deal leaves every veto actor above its reservation; the dots show the trials where {a} and {b} did find one."
        ),
    }
}

fn proposals_reading(summary: &Summary) -> String {
    let best = summary
        .proposals
        .iter()
        .max_by(|a, b| a.1.p_all_veto_accept.total_cmp(&b.1.p_all_veto_accept));
    match best {
        Some((name, proposal)) if proposal.p_all_veto_accept > 0.0 => format!(
            "The proposal most likely to be accepted by every veto actor is {name}, in {:.1}% of trials.",
            proposal.p_all_veto_accept * 100.0
        ),
        Some(_) => "No reference proposal is accepted by every veto actor in any trial: each is rejected by at least one party that must agree.".into(),
        None => String::new(),
    }
}

fn rounds_reading(summary: &Summary) -> String {
    match &summary.rounds {
        Some(rounds) => format!(
            "Half of the negotiations ended by round {} and 95% by round {}; talks broke down in {:.1}% of trials.",
            rounds.p50,
            rounds.p95,
            rounds.breakdown_rate * 100.0
        ),
        None => String::new(),
    }
}

/// A table: header and rows of cells.
struct Grid {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn issue_grid(summary: &Summary) -> Grid {
    let mut rows = Vec::new();
    for (id, issue) in &summary.issues {
        let unit = issue.unit.clone().unwrap_or_default();
        let row = if let Some(shares) = &issue.shares {
            let text: Vec<String> = shares
                .iter()
                .map(|(option, share)| format!("{option} {}", percent(*share)))
                .collect();
            vec![
                issue.title(id).to_string(),
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
                issue.title(id).to_string(),
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
        .map(|(id, actor)| {
            let q = |key: &str| actor.utility.get(key).copied().flatten();
            vec![
                actor.title(id).to_string(),
                match actor.veto {
                    Some(true) => "yes".into(),
                    Some(false) => "no".into(),
                    None => "–".into(),
                },
                actor.mean_utility.map_or("–".into(), |u| format!("{u:.3}")),
                match (q("p05"), q("p95")) {
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
            .map(|(id, actor)| actor.title(id).to_string()),
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
    if !summary.description.trim().is_empty() {
        out.push_str(&format!("{}\n\n", summary.description.trim()));
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
    if !summary.description.trim().is_empty() {
        out.push_str(&format!("<p>{}</p>\n", escape(summary.description.trim())));
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

//! `report.md` and `report.html`: the scenario, the run settings, the caveats,
//! the summary tables, every chart with a one-sentence reading, the results
//! of compare, sweep and sensitivity found beside the summary, and an
//! appendix of every input — all from the summary and those files.
//!
//! The HTML is self-contained (charts inlined as SVG, styles inline, no
//! scripts, nothing fetched) and prints cleanly; the Markdown links the chart
//! files in `charts/` (and the what-if charts beside it). Each part builds
//! [`blocks::Section`]s, rendered once per format.

mod appendix;
pub mod blocks;
mod caveats;
mod folder;

use super::charts::Chart;
use super::charts::registry::run_charts;
use crate::format::{percent, thousands};
use crate::scenario::format_number;
use crate::summary::Summary;
use blocks::{Block, Figure, Grid, Section, escape, interval};
pub use caveats::caveats;
pub use folder::{Attached, FolderResults};

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
            vec![
                issue.title().to_string(),
                issue.p50.map_or("–".into(), format_number),
                interval(issue.p25, issue.p75),
                interval(issue.p05, issue.p95),
                unit,
            ]
        };
        rows.push(row);
    }
    let header = [
        "Issue",
        "Median (or option shares)",
        "50% interval",
        "90% interval",
        "Unit",
    ];
    Grid::new(header.map(String::from).to_vec(), rows).wrapping(&[0, 1])
}

fn actor_grid(summary: &Summary) -> Grid {
    let rows = summary
        .actors
        .values()
        .map(|actor| {
            vec![
                actor.title().to_string(),
                if actor.veto { "yes" } else { "no" }.into(),
                actor.mean_utility.map_or("–".into(), |u| format!("{u:.3}")),
                match (actor.utility.p05, actor.utility.p95) {
                    (Some(lo), Some(hi)) => format!("{lo:.2}\u{a0}–\u{a0}{hi:.2}"),
                    _ => "–".into(),
                },
                percent(actor.p_above_reservation),
            ]
        })
        .collect();
    let header = [
        "Actor",
        "Veto",
        "Mean utility",
        "Utility 5–95%",
        "Deal beats no deal",
    ];
    Grid::new(header.map(String::from).to_vec(), rows)
}

fn proposal_grid(summary: &Summary) -> Grid {
    let mut header = vec!["Proposal: P(accept)".to_string()];
    header.extend(
        summary
            .actors
            .values()
            .map(|actor| actor.title().to_string()),
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
    Grid::new(header, rows)
}

fn settings(summary: &Summary) -> Vec<(String, String)> {
    [
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
    .map(|(key, value)| (key.to_string(), value))
    .to_vec()
}

/// Every section of the report, in reading order. `figures` holds the run's
/// charts as the format shows them.
fn sections(summary: &Summary, figures: Vec<Figure>, folder: &FolderResults) -> Vec<Section> {
    let mut sections = vec![
        Section {
            title: "Run".into(),
            blocks: vec![Block::Settings(settings(summary))],
        },
        Section {
            title: "Caveats".into(),
            blocks: vec![Block::List(caveats(summary))],
        },
        Section {
            title: "Outcomes by issue (agreed trials)".into(),
            blocks: vec![Block::Table(issue_grid(summary))],
        },
        Section {
            title: "Actors".into(),
            blocks: vec![Block::Table(actor_grid(summary))],
        },
    ];
    if !summary.proposals.is_empty() {
        sections.push(Section {
            title: "Reference proposals".into(),
            blocks: vec![Block::Table(proposal_grid(summary))],
        });
    }
    if !figures.is_empty() {
        sections.push(Section {
            title: "Charts".into(),
            blocks: figures.into_iter().map(Block::Figure).collect(),
        });
    }
    sections.extend(folder.sections(summary));
    sections.push(appendix::section(summary));
    sections
}

/// `report.md`; charts are linked as `charts/<name>.<extension>`, and the
/// charts of the results in `folder` as the files beside the report.
pub fn markdown(
    summary: &Summary,
    charts: &[ChartEntry],
    extension: Option<&str>,
    folder: &FolderResults,
) -> String {
    let mut out = format!("# {}\n\n", blocks::markdown_text(&summary.scenario));
    let description =
        blocks::markdown_paragraphs(summary.description.as_deref().unwrap_or_default());
    if !description.is_empty() {
        out.push_str(&format!("{description}\n\n"));
    }
    let figures = charts
        .iter()
        .map(|chart| Figure {
            title: chart.title.clone(),
            reading: chart.reading.clone(),
            svg: None,
            link: extension.map(|extension| format!("charts/{}.{extension}", chart.name)),
        })
        .collect();
    blocks::markdown(&sections(summary, figures, folder), &mut out);
    out
}

/// `report.html`, self-contained: `svgs` holds each chart's SVG, in chart
/// order; the results in `folder` bring their own.
pub fn html(
    summary: &Summary,
    charts: &[ChartEntry],
    svgs: &[String],
    folder: &FolderResults,
) -> String {
    let mut out =
        String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(&format!(
        "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n",
        escape(&summary.scenario),
        blocks::STYLE
    ));
    out.push_str(&format!("<h1>{}</h1>\n", escape(&summary.scenario)));
    let description = summary.description.as_deref().unwrap_or_default().trim();
    if !description.is_empty() {
        out.push_str(&format!("<p>{}</p>\n", escape(description)));
    }
    let figures = charts
        .iter()
        .zip(svgs)
        .map(|(chart, svg)| Figure {
            title: chart.title.clone(),
            reading: chart.reading.clone(),
            svg: Some(svg.clone()),
            link: None,
        })
        .collect();
    blocks::html(&sections(summary, figures, folder), &mut out);
    out.push_str("</body>\n</html>\n");
    out
}

//! Results of `zopa compare`, `zopa sweep` and `zopa sensitivity` that sit in
//! the same folder as the summary: each gets a section with its table and
//! chart. The builder takes them as inputs, already read; the caller decides
//! where they come from (the command line reads the folder). A file that
//! could not be read gets a section that says so, rather than vanishing.

use super::blocks::{Block, Figure, Grid, Section};
use crate::format::{count, percent};
use crate::report::charts::Chart;
use crate::report::charts::registry::{CompareChart, SweepChart, TornadoChart};
use crate::report::compare_file::{CompareFile, modal};
use crate::report::whatif::files::{IssueResult, SensitivityFile, SweepFile};
use crate::scenario::format_number;
use crate::summary::{IssueSummary, Summary};

/// A result file and its chart: the SVG the HTML inlines and the file name
/// the Markdown links (beside the report), either of which may be missing.
pub struct Attached<T> {
    pub file: T,
    pub svg: Option<String>,
    pub link: Option<String>,
}

/// What was found beside the summary: each file read, or why it could not be.
#[derive(Default)]
pub struct FolderResults {
    pub compare: Option<Result<Attached<CompareFile>, String>>,
    pub sweep: Option<Result<Attached<SweepFile>, String>>,
    pub sensitivity: Option<Result<Attached<SensitivityFile>, String>>,
}

impl FolderResults {
    /// A section per file found, in the order compare, sweep, sensitivity.
    pub fn sections(&self, summary: &Summary) -> Vec<Section> {
        let mut out = Vec::new();
        if let Some(found) = &self.compare {
            out.push(read_or_say("Models compared", "compare.json", found, |a| {
                compare(summary, a)
            }));
        }
        if let Some(found) = &self.sweep {
            out.push(read_or_say("Sweep", "sweep.json", found, |a| {
                sweep(summary, a)
            }));
        }
        if let Some(found) = &self.sensitivity {
            out.push(read_or_say("Sensitivity", "sensitivity.json", found, |a| {
                sensitivity(summary, a)
            }));
        }
        out
    }
}

fn read_or_say<T>(
    title: &str,
    file_name: &str,
    found: &Result<Attached<T>, String>,
    blocks: impl Fn(&Attached<T>) -> Vec<Block>,
) -> Section {
    Section {
        title: format!("{title} ({file_name})"),
        blocks: match found {
            Ok(attached) => blocks(attached),
            Err(message) => vec![Block::Paragraph(format!(
                "{file_name} in this folder could not be read, so its results are left out: {message}"
            ))],
        },
    }
}

/// A sentence when the file was made from another scenario or model than
/// the summary's; empty otherwise.
fn mismatch(summary: &Summary, scenario: &str, model: Option<&str>) -> String {
    let mut out = String::new();
    if scenario != summary.scenario {
        out.push_str(&format!(
            " Note: this file was written for the scenario “{scenario}”, not “{}”.",
            summary.scenario
        ));
    }
    if let Some(model) = model.filter(|model| *model != summary.model) {
        out.push_str(&format!(
            " Its runs use the {model} model; the rest of this report uses {}.",
            summary.model
        ));
    }
    out
}

fn figure<C: Chart>(chart: &C, attached: &Attached<C::Data>) -> Option<Block> {
    (attached.svg.is_some() || attached.link.is_some()).then(|| {
        Block::Figure(Figure {
            title: chart.title(&attached.file),
            reading: chart.reading(&attached.file),
            svg: attached.svg.clone(),
            link: attached.link.clone(),
        })
    })
}

fn compare(summary: &Summary, attached: &Attached<CompareFile>) -> Vec<Block> {
    let file = &attached.file;
    let mut blocks = vec![Block::Paragraph(format!(
        "{} models play the same {} (seed {}, the same draws of every uncertain number), so rows differ only because the models do.{}",
        file.models.len(),
        count(file.trials_per_run, "trial"),
        file.seed,
        mismatch(summary, &file.scenario, None)
    ))];
    let veto = file.veto_actors();
    let mut header: Vec<String> = ["Model", "Agreement", "ZOPA"].map(String::from).to_vec();
    header.extend(veto.iter().map(|(_, name)| format!("Mean utility: {name}")));
    let rows = file
        .models
        .iter()
        .map(|entry| {
            let model = &entry.summary;
            let mut row = vec![
                entry.label.clone(),
                percent(model.agreement_rate),
                percent(model.zopa_rate),
            ];
            row.extend(veto.iter().map(|(id, _)| {
                model
                    .actors
                    .get(*id)
                    .and_then(|actor| actor.mean_utility)
                    .map_or("–".into(), |u| format!("{u:.3}"))
            }));
            row
        })
        .collect();
    blocks.push(Block::Table(Grid::new(header, rows)));
    let mut header = vec!["Issue: median (50% interval)".to_string()];
    header.extend(file.models.iter().map(|entry| entry.label.clone()));
    let rows = file
        .issues()
        .map(|(id, issue)| {
            let mut row = vec![issue.title().to_string()];
            row.extend(file.models.iter().map(|entry| {
                entry
                    .summary
                    .issues
                    .get(id)
                    .map_or("–".into(), summary_cell)
            }));
            row
        })
        .collect();
    blocks.push(Block::Table(Grid::new(header, rows).wrapping(&[0])));
    blocks.extend(figure(&CompareChart, attached));
    blocks
}

/// A median over its 50% interval, on two lines so that many columns fit.
fn band_cell(p25: f64, p50: f64, p75: f64) -> String {
    format!(
        "{}\n({}–{})",
        format_number(p50),
        format_number(p25),
        format_number(p75)
    )
}

/// A model's result on an issue: its band, or its most frequent option.
fn summary_cell(issue: &IssueSummary) -> String {
    match (issue.p25, issue.p50, issue.p75) {
        (Some(p25), Some(p50), Some(p75)) => band_cell(p25, p50, p75),
        _ => match modal(issue) {
            Some((option, share)) => format!("{option}\n{}", percent(share)),
            None => "–".into(),
        },
    }
}

/// A what-if issue result in a cell: its band, or its most frequent option.
fn result_cell(result: Option<&IssueResult>) -> String {
    match result {
        Some(IssueResult::Band { p25, p50, p75 }) => band_cell(*p25, *p50, *p75),
        Some(IssueResult::Options {
            modal: Some(option),
            shares,
        }) => format!(
            "{option}\n{}",
            percent(shares.get(option).copied().unwrap_or(0.0))
        ),
        Some(IssueResult::Options { modal: None, .. }) | None => "–".into(),
    }
}

fn sweep(summary: &Summary, attached: &Attached<SweepFile>) -> Vec<Block> {
    let file = &attached.file;
    let unit = file
        .unit
        .as_deref()
        .map_or(String::new(), |u| format!(" ({u})"));
    let mut blocks = vec![Block::Paragraph(format!(
        "{}{unit}, written as {}, set to each value in turn: {} per value, seed {}, model {}; every value meets the same draws, so rows differ only because the parameter does.{}",
        file.parameter,
        file.as_written,
        count(file.trials_per_run, "trial"),
        file.seed,
        file.model,
        mismatch(summary, &file.scenario, Some(&file.model))
    ))];
    let mut header: Vec<String> = ["Value", "Agreement", "ZOPA"].map(String::from).to_vec();
    header.extend(file.issues.values().map(|issue| issue.name.clone()));
    let rows = file
        .points
        .iter()
        .map(|point| {
            let mut row = vec![
                format_number(point.value),
                percent(point.agreement_rate),
                percent(point.zopa_rate),
            ];
            row.extend(
                file.issues
                    .keys()
                    .map(|id| result_cell(point.issues.get(id).and_then(Option::as_ref))),
            );
            row
        })
        .collect();
    blocks.push(Block::Table(Grid::new(header, rows)));
    blocks.extend(figure(&SweepChart, attached));
    blocks
}

fn sensitivity(summary: &Summary, attached: &Attached<SensitivityFile>) -> Vec<Block> {
    let file = &attached.file;
    let (low, high) = file.percentiles;
    let mut blocks = vec![Block::Paragraph(format!(
        "Each uncertain input fixed at its {}th and then its {}th percentile while every other input stays uncertain: {} per run, seed {}, model {}. Baseline: agreement in {}, a zone of agreement in {}. Score: the largest swing of an issue's median as a share of its range, or of the agreement rate if larger.{}",
        format_number(low * 100.0),
        format_number(high * 100.0),
        count(file.trials_per_run, "trial"),
        file.seed,
        file.model,
        percent(file.baseline.agreement_rate),
        percent(file.baseline.zopa_rate),
        mismatch(summary, &file.scenario, Some(&file.model))
    ))];
    let header = [
        "Input",
        "As written",
        "Fixed at",
        "Score",
        "Agreement (low → high)",
    ]
    .map(String::from)
    .to_vec();
    let rows = file
        .inputs
        .iter()
        .map(|input| {
            vec![
                input.path.clone(),
                input.as_written.clone(),
                format!(
                    "{}\u{a0}/\u{a0}{}",
                    format_number(input.low),
                    format_number(input.high)
                ),
                format!("{:.3}", input.score),
                format!(
                    "{}\u{a0}→\u{a0}{}",
                    percent(input.agreement_rate.0),
                    percent(input.agreement_rate.1)
                ),
            ]
        })
        .collect();
    blocks.push(Block::Table(Grid::new(header, rows).wrapping(&[0, 1])));
    blocks.extend(figure(&TornadoChart, attached));
    blocks
}

//! `tornado`: which uncertain inputs move the outcome most (`zopa
//! sensitivity`). One bar per input, the top [`TOP`] by score, from the
//! outcome with the input fixed at its 10th percentile to the one at its 90th,
//! drawn around the baseline (the scenario as written).
//!
//! An input's score is its largest normalised swing (see
//! [`crate::whatif::sensitivity`]); its bar shows the outcome that sets the
//! score: an issue's median as a share of the issue's range, the agreement
//! rate in percentage points, or, for a discrete issue, the share of the
//! baseline's most common option.
//!
//! One unit per axis: bars measured in % of an issue's range and bars in
//! percentage points are drawn in two panels, each with its own axis, and
//! each row keeps its overall rank (`1.`, `2.`, ...) so the ranking across
//! panels is still read off. Inputs are named as a reader names them
//! (`Ukraine · reservation`), from the file's `label`.

use super::theme::*;
use crate::format::count;
use crate::report::whatif::files::{InputFile, IssueResult, SensitivityFile};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Inputs drawn at most.
pub const TOP: usize = 15;
/// The bar with the input at its 10th and at its 90th percentile.
pub const LOW_END: RGBColor = RGBColor(0, 114, 178);
pub const HIGH_END: RGBColor = RGBColor(213, 94, 0);
/// Height of one bar's row.
const ROW: u32 = 40;
/// Width of the label column on the left.
const LABELS: u32 = 380;

/// Height of a panel's heading and of its axis, beside its rows.
const PANEL_HEADING: u32 = 30;
const AXIS: u32 = 56;

/// The panels: each scale that has bars, with its bars and their overall
/// ranks (0 = highest score); the panel holding the top input first.
pub fn panels(result: &SensitivityFile) -> Vec<(Scale, Vec<(usize, Bar)>)> {
    let bars = bars(result);
    let mut panels: Vec<(Scale, Vec<(usize, Bar)>)> = [Scale::IssueRange, Scale::Points]
        .into_iter()
        .map(|scale| {
            let rows: Vec<(usize, Bar)> = bars
                .iter()
                .cloned()
                .enumerate()
                .filter(|(_, bar)| bar.scale == scale)
                .collect();
            (scale, rows)
        })
        .filter(|(_, rows)| !rows.is_empty())
        .collect();
    panels.sort_by_key(|(_, rows)| rows.first().map_or(usize::MAX, |(rank, _)| *rank));
    panels
}

/// Pixel size of the chart for `result`.
pub fn size(result: &SensitivityFile) -> (u32, u32) {
    let panels = panels(result);
    let rows = panels
        .iter()
        .map(|(_, rows)| rows.len() as u32)
        .sum::<u32>()
        .max(1);
    let headings = panels.len().max(1) as u32 * (PANEL_HEADING + AXIS + 14);
    (
        WIDTH,
        TITLE_HEIGHT as u32 + 10 + 40 + rows * ROW + headings + CAPTION_HEIGHT as u32 + 6,
    )
}

/// The caption: scenario, model, trials, seed, version.
pub fn caption(result: &SensitivityFile) -> String {
    format!(
        "{} · model: {} · {} per run · seed {} · zopa {}",
        result.scenario,
        result.model,
        count(result.trials_per_run, "trial"),
        result.seed,
        result.zopa_version
    )
}

/// The unit of a bar's ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// A change in an issue's median, in % of the issue's range.
    IssueRange,
    /// A change in a share, in percentage points: the agreement rate (of all
    /// trials) or a discrete option's share (of the agreements).
    Points,
}

impl Scale {
    /// The panel's heading.
    pub fn heading(self) -> &'static str {
        match self {
            Scale::IssueRange => "Inputs that move an issue's median most",
            Scale::Points => "Inputs that move the agreement rate or an option's share most",
        }
    }

    /// The panel's axis description: its one unit.
    pub fn axis(self) -> &'static str {
        match self {
            Scale::IssueRange => "Change in the median from baseline, % of the issue's range",
            Scale::Points => {
                "Change from baseline, percentage points (agreement rate: of all trials; option: of agreements)"
            }
        }
    }
}

/// One bar: the input (its path and the name charts show), what it measures,
/// and its two ends as changes from the baseline in the bar's [`Scale`].
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub path: String,
    pub label: String,
    pub measure: String,
    pub scale: Scale,
    pub low: f64,
    pub high: f64,
}

fn median(result: Option<&Option<IssueResult>>) -> Option<f64> {
    result?.as_ref()?.median()
}

fn shares(result: Option<&Option<IssueResult>>) -> Option<Vec<f64>> {
    result?.as_ref()?.shares()
}

/// The most frequent option (the first, on ties), if any option has a share.
fn modal(shares: &[f64]) -> Option<usize> {
    shares
        .iter()
        .any(|&share| share > 0.0)
        .then(|| crate::scenario::best_option(shares))
}

/// The bar for one input: the measure that sets its score.
pub fn bar(file: &SensitivityFile, input: &InputFile) -> Bar {
    let baseline = &file.baseline;
    let agreement = Bar {
        path: input.path.clone(),
        label: input.display_name().to_string(),
        measure: "agreement rate".into(),
        scale: Scale::Points,
        low: (input.agreement_rate.0 - baseline.agreement_rate) * 100.0,
        high: (input.agreement_rate.1 - baseline.agreement_rate) * 100.0,
    };
    let agreement_swing = input.agreement_swing();
    let deciding = input
        .issues
        .values()
        .enumerate()
        .filter_map(|(d, effect)| effect.normalised_swing.map(|swing| (d, swing)))
        .filter(|&(_, swing)| swing > agreement_swing)
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
    let Some((d, _)) = deciding else {
        return agreement;
    };
    let (Some((id, issue)), Some(effect)) = (file.issues.get_index(d), input.issues.get_index(d))
    else {
        return agreement;
    };
    let (at_low, at_high) = (Some(&effect.1.low), Some(&effect.1.high));
    let ends = match (&issue.range, &issue.options) {
        (Some([min, max]), _) => match (median(at_low), median(at_high)) {
            (Some(lo), Some(hi)) => {
                let base = median(baseline.issues.get(id)).unwrap_or((lo + hi) / 2.0);
                let span = (max - min).max(f64::MIN_POSITIVE);
                Some((
                    format!("{} (median)", issue.name),
                    Scale::IssueRange,
                    (lo - base) / span * 100.0,
                    (hi - base) / span * 100.0,
                ))
            }
            _ => None,
        },
        (None, Some(options)) => match (shares(at_low), shares(at_high)) {
            (Some(lo), Some(hi)) => {
                let base_shares = shares(baseline.issues.get(id));
                let reference = base_shares.as_deref().and_then(modal);
                let m = reference.or_else(|| modal(&lo)).unwrap_or(0);
                let base = base_shares.and_then(|s| s.get(m).copied()).unwrap_or(0.0);
                let at = |s: &[f64]| s.get(m).copied().unwrap_or(0.0);
                Some((
                    format!(
                        "{}: share of “{}”",
                        issue.name,
                        options.get(m).map_or("?", String::as_str)
                    ),
                    Scale::Points,
                    (at(&lo) - base) * 100.0,
                    (at(&hi) - base) * 100.0,
                ))
            }
            _ => None,
        },
        (None, None) => None,
    };
    match ends {
        Some((measure, scale, low, high)) => Bar {
            path: input.path.clone(),
            label: input.display_name().to_string(),
            measure,
            scale,
            low,
            high,
        },
        None => agreement,
    }
}

/// The bars drawn: the top [`TOP`] inputs, highest score first.
pub fn bars(result: &SensitivityFile) -> Vec<Bar> {
    result
        .inputs
        .iter()
        .take(TOP)
        .map(|input| bar(result, input))
        .collect()
}

/// Draws the chart for `result`, a sensitivity analysis of `scenario`.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    result: &SensitivityFile,
) -> ChartResult {
    let bars = bars(result);
    let title = "Which uncertain inputs move the outcome most";
    let subtitle = if bars.is_empty() {
        "The scenario has no uncertain inputs".to_string()
    } else {
        format!(
            "Top {} of {} inputs by score; each input fixed at its 10th and 90th percentile, the rest still uncertain",
            bars.len(),
            result.inputs.len()
        )
    };
    let body = frame(root, title, &subtitle, &caption(result))?;
    let (width, _) = body.dim_in_pixel();
    let items = [
        LegendItem {
            label: "input at its 10th percentile".into(),
            glyph: Glyph::Swatch(LOW_END),
        },
        LegendItem {
            label: "input at its 90th percentile".into(),
            glyph: Glyph::Swatch(HIGH_END),
        },
        LegendItem {
            label: "baseline (scenario as written)".into(),
            glyph: Glyph::Line(TEXT, 2),
        },
    ];
    if bars.is_empty() {
        // Nothing to draw: the subtitle says why, and a legend would promise bars.
        return Ok(());
    }
    let used = legend(&body, &items, (0, 0), width as i32)?;
    let mut plot = body.margin(used as u32 + 14, 0, 0, 0);
    for (scale, rows) in panels(result) {
        let height = PANEL_HEADING + rows.len() as u32 * ROW + AXIS;
        let (panel, rest) = plot.split_vertically(height);
        draw_panel(root, &panel, scale, &rows)?;
        plot = rest.margin(14, 0, 0, 0);
    }
    Ok(())
}

/// One panel: the bars of one scale under its heading, on its own axis.
fn draw_panel<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    panel: &DrawingArea<DB, Shift>,
    scale: Scale,
    bars: &[(usize, Bar)],
) -> ChartResult {
    text(panel, scale.heading(), (0, 4), &bold(15.0))?;
    let plot = panel.margin(PANEL_HEADING, 0, 0, 0);
    let rows = bars.len().max(1);
    let reach = bars
        .iter()
        .flat_map(|(_, bar)| [bar.low.abs(), bar.high.abs()])
        .fold(1.0f64, f64::max)
        * 1.12;
    let mut chart = ChartBuilder::on(&plot)
        .x_label_area_size(AXIS)
        .y_label_area_size(LABELS)
        .margin_right(16)
        .build_cartesian_2d(-reach..reach, 0.0..rows as f64)
        .map_err(failed)?;
    draw_mesh(
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_labels(9)
            .x_desc(scale.axis())
            .x_label_formatter(&|v| {
                if v.abs() < 1e-9 {
                    "0".to_string()
                } else {
                    format!("{v:+.0}")
                }
            }),
    )?;
    // Row k from the top.
    let y = |k: usize| rows as f64 - k as f64 - 0.5;
    for (k, (_, bar)) in bars.iter().enumerate() {
        let (top, bottom) = (y(k) + 0.3, y(k) - 0.3);
        chart
            .draw_series([
                Rectangle::new([(0.0, bottom), (bar.low, top)], LOW_END.filled()),
                Rectangle::new([(0.0, bottom), (bar.high, top)], HIGH_END.filled()),
            ])
            .map_err(failed)?;
    }
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(0.0, 0.0), (0.0, rows as f64)],
            TEXT.stroke_width(2),
        )))
        .map_err(failed)?;

    // Labels in the column on the left, in root pixels.
    let area = chart.plotting_area();
    let (root_x, root_y) = root.get_base_pixel();
    let (xs, _) = area.get_pixel_range();
    let right = xs.start - root_x - 12;
    let left = right - LABELS as i32 + 16;
    let name_style = anchored(font(13.5), HPos::Right, VPos::Bottom);
    let measure_style = anchored(font(11.5).color(&MUTED), HPos::Right, VPos::Top);
    for (k, (rank, bar)) in bars.iter().enumerate() {
        let (_, py) = area.map_coordinate(&(0.0, y(k)));
        let py = py - root_y;
        let room = right - left;
        let name = format!("{}. {}", rank + 1, bar.label);
        text(
            root,
            &fit(root, &name, &name_style, room),
            (right, py + 1),
            &name_style,
        )?;
        text(
            root,
            &fit(root, &bar.measure, &measure_style, room),
            (right, py + 2),
            &measure_style,
        )?;
    }
    Ok(())
}

//! `sweep`: what happens as one parameter changes (`zopa sweep`). One small
//! panel per issue, then one with the agreement and ZOPA rates, all against
//! the swept value.
//!
//! Each panel has one unit on its y axis and shows its whole scale: a
//! continuous issue from its minimum to its maximum (never zoomed on the
//! data, so a move from 0.95 to 1 looks as small as it is), a discrete issue
//! as shares of the agreements (0–100%), the rates as shares of all trials.
//! Quartiles and shares are drawn as findings only where enough trials agreed
//! ([`marks::MIN_AGREEMENTS`]); fewer give hollow marks with the count. The
//! parameter is named as a reader names it (`Ukraine · reservation`), from
//! the file's `parameter_label`.

pub mod marks;
mod panels;

use super::theme;
use super::theme::*;
use crate::format::count;
use crate::report::whatif::files::{SweepFile, SweepPointFile};
use crate::scenario::format_number;
use marks::MIN_AGREEMENTS;
use plotters::coord::Shift;
use plotters::prelude::*;

/// The agreement-rate and ZOPA-rate lines.
const AGREEMENT: RGBColor = RGBColor(0, 158, 115);
/// Vermillion, pale: drawn wide under the agreement rate.
const ZOPA: RGBColor = RGBColor(236, 170, 120);
/// Height of one panel.
const PANEL_HEIGHT: u32 = 270;
/// Height above the panels for the legend.
const LEGEND_HEIGHT: u32 = 40;

/// Panels per row and rows, for `panels` panels.
fn grid(panels: usize) -> (usize, usize) {
    let columns = if panels <= 3 { 1 } else { 2 };
    (columns, panels.div_ceil(columns))
}

/// Pixel size of the chart.
pub fn size(file: &SweepFile) -> (u32, u32) {
    let (_, rows) = grid(file.issues.len() + 1);
    let height = TITLE_HEIGHT as u32
        + 10
        + LEGEND_HEIGHT
        + rows as u32 * PANEL_HEIGHT
        + CAPTION_HEIGHT as u32
        + 6;
    (WIDTH, height)
}

/// The caption: scenario, model, trials, seed, version.
pub fn caption(file: &SweepFile) -> String {
    format!(
        "{} · model: {} · {} per value · seed {} · zopa {}",
        file.scenario,
        file.model,
        count(file.trials_per_run, "trial"),
        file.seed,
        file.zopa_version
    )
}

/// The x-axis description: the parameter's name and its unit.
fn x_description(file: &SweepFile) -> String {
    let name = file.parameter_name();
    match &file.unit {
        Some(unit) => format!("{name} ({unit})"),
        None if file.parameter.ends_with(".reservation") => format!("{name} (utility)"),
        None => name.to_string(),
    }
}

/// The legend: what each kind of mark means.
fn legend_items() -> Vec<LegendItem> {
    vec![
        LegendItem {
            label: "median".into(),
            glyph: Glyph::Line(MEDIAN, 3),
        },
        LegendItem {
            label: format!("50% band (p25–p75): ≥ {MIN_AGREEMENTS} agreements"),
            glyph: Glyph::Swatch(BAND_INNER),
        },
        LegendItem {
            label: format!("< {MIN_AGREEMENTS} agreements: hollow mark, n = count"),
            glyph: Glyph::Ring(MEDIAN),
        },
        LegendItem {
            label: "agreement rate".into(),
            glyph: Glyph::Line(AGREEMENT, 3),
        },
        LegendItem {
            label: "ZOPA rate (wide, under)".into(),
            glyph: Glyph::Line(ZOPA, 6),
        },
    ]
}

/// Draws the chart of a sweep.
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, result: &SweepFile) -> ChartResult {
    if result.points.is_empty() {
        return Err("the sweep has no points".into());
    }
    let title = format!("What if {} changes", result.parameter_name());
    let values = result.points.iter().map(|p| p.value);
    let (lo, hi) = (
        values.clone().fold(f64::INFINITY, f64::min),
        values.fold(f64::NEG_INFINITY, f64::max),
    );
    let values = if result.points.len() == 1 {
        format!("1 value, {}", format_number(lo))
    } else {
        format!(
            "{} values from {} to {}",
            result.points.len(),
            format_number(lo),
            format_number(hi)
        )
    };
    let subtitle = format!(
        "{values} (as written: {}); each point is a full Monte Carlo run; no mark: no trial agreed",
        result.as_written
    );
    let body = frame(root, &title, &subtitle, &caption(result))?;
    let (width, _) = body.dim_in_pixel();
    let used = theme::legend(&body, &legend_items(), (0, 0), width as i32)?;
    let panels_area = body.margin((used as u32 + 10).max(LEGEND_HEIGHT), 0, 0, 0);
    let (columns, rows) = grid(result.issues.len() + 1);
    let panels = panels_area.split_evenly((rows, columns));
    let x = (marks::x_range(result), x_description(result));
    let axis = (x.0, x.1.as_str());
    for (k, (id, issue)) in result.issues.iter().enumerate() {
        match (&issue.range, &issue.options) {
            (Some(range), _) => panels::continuous(&panels[k], result, id, *range, axis)?,
            (None, Some(options)) => panels::discrete(&panels[k], result, id, options, axis)?,
            (None, None) => return Err(format!("issue `{id}` has neither a range nor options")),
        }
    }
    rate_panel(&panels[result.issues.len()], result, axis)?;
    Ok(())
}

fn rate_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    result: &SweepFile,
    ((lo, hi), x_desc): ((f64, f64), &str),
) -> ChartResult {
    let mut chart = ChartBuilder::on(&area.margin(6, 10, 6, 14))
        .caption("Agreement and ZOPA rates", bold(14.0))
        .x_label_area_size(40)
        .y_label_area_size(62)
        .build_cartesian_2d(lo..hi, -4.0..104.0)
        .map_err(failed)?;
    let on_scale = |v: &f64| {
        if (0.0..=100.0).contains(v) {
            format!("{v:.0}%")
        } else {
            String::new()
        }
    };
    panels::mesh(&mut chart, x_desc, "% of trials", &on_scale)?;
    let mut points: Vec<_> = result.points.iter().collect();
    points.sort_by(|a, b| a.value.total_cmp(&b.value));
    // The ZOPA rate, wide and pale, under the agreement rate: with the static
    // models they coincide (a deal whenever a ZOPA exists).
    type Rate = fn(&SweepPointFile) -> f64;
    let rates: [(Rate, RGBColor, u32); 2] = [
        (|p| p.zopa_rate, ZOPA, 6),
        (|p| p.agreement_rate, AGREEMENT, 2),
    ];
    for (rate, colour, width) in rates {
        let line: Vec<(f64, f64)> = points.iter().map(|p| (p.value, rate(p) * 100.0)).collect();
        chart
            .draw_series(LineSeries::new(line.clone(), colour.stroke_width(width)))
            .map_err(failed)?;
        chart
            .draw_series(
                line.iter()
                    .map(|&point| Circle::new(point, width as i32 / 2 + 2, colour.filled())),
            )
            .map_err(failed)?;
    }
    Ok(())
}

//! `sweep`: what happens as one parameter changes (`zopa sweep`). One small
//! panel per continuous issue (median and 50% band against the swept value),
//! then one with the agreement and ZOPA rates. Discrete issues are in
//! `sweep.csv`, not drawn.

use super::theme::*;
use crate::format::thousands;
use crate::report::whatif::files::{IssueResult, SweepFile};
use crate::scenario::format_number;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

/// The agreement-rate and ZOPA-rate lines.
const AGREEMENT: RGBColor = RGBColor(0, 158, 115);
/// Vermillion, pale: drawn wide under the agreement rate.
const ZOPA: RGBColor = RGBColor(236, 170, 120);
/// Height of one panel.
const PANEL_HEIGHT: u32 = 270;
/// Height above the panels for the legend.
const LEGEND_HEIGHT: u32 = 40;

/// Indices of the continuous issues.
fn continuous(file: &SweepFile) -> Vec<usize> {
    file.issues
        .values()
        .enumerate()
        .filter(|(_, issue)| issue.range.is_some())
        .map(|(d, _)| d)
        .collect()
}

/// Panels per row and rows, for `panels` panels.
fn grid(panels: usize) -> (usize, usize) {
    let columns = if panels <= 3 { 1 } else { 2 };
    (columns, panels.div_ceil(columns))
}

/// Pixel size of the chart.
pub fn size(file: &SweepFile) -> (u32, u32) {
    let (_, rows) = grid(continuous(file).len() + 1);
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
        "{} · model: {} · {} trials per value · seed {} · zopa {}",
        file.scenario,
        file.model,
        thousands(file.trials_per_run),
        file.seed,
        file.zopa_version
    )
}

/// The x-axis description: the parameter and its unit.
fn x_description(file: &SweepFile) -> String {
    match &file.unit {
        Some(unit) => format!("{} ({unit})", file.parameter),
        None if file.parameter.ends_with(".reservation") => {
            format!("{} (utility)", file.parameter)
        }
        None => file.parameter.clone(),
    }
}

/// Draws the chart of a sweep.
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, result: &SweepFile) -> ChartResult {
    if result.points.is_empty() {
        return Err("the sweep has no points".into());
    }
    let issues = continuous(result);
    let title = format!("What if {} changes", result.parameter);
    let mut subtitle = format!(
        "{} values from {} to {} (as written: {}); each point is a full Monte Carlo run",
        result.points.len(),
        format_number(first_value(result, f64::min)),
        format_number(first_value(result, f64::max)),
        result.as_written
    );
    if issues.len() < result.issues.len() {
        subtitle.push_str("; discrete issues: see sweep.csv");
    }
    let body = frame(root, &title, &subtitle, &caption(result))?;
    let (width, _) = body.dim_in_pixel();
    let items = [
        LegendItem {
            label: "median agreement".into(),
            glyph: Glyph::Line(MEDIAN, 3),
        },
        LegendItem {
            label: "50% band (p25–p75)".into(),
            glyph: Glyph::Swatch(BAND_INNER),
        },
        LegendItem {
            label: "agreement rate".into(),
            glyph: Glyph::Line(AGREEMENT, 3),
        },
        LegendItem {
            label: "ZOPA rate (wide, under the agreement rate)".into(),
            glyph: Glyph::Line(ZOPA, 6),
        },
    ];
    let used = legend(&body, &items, (0, 0), width as i32)?;
    let panels_area = body.margin((used as u32 + 10).max(LEGEND_HEIGHT), 0, 0, 0);
    let (columns, rows) = grid(issues.len() + 1);
    let panels = panels_area.split_evenly((rows, columns));
    let (lo, hi) = x_range(result);
    let x_desc = x_description(result);
    for (k, &d) in issues.iter().enumerate() {
        issue_panel(&panels[k], result, d, (lo, hi), &x_desc)?;
    }
    rate_panel(&panels[issues.len()], result, (lo, hi), &x_desc)?;
    Ok(())
}

fn first_value(result: &SweepFile, pick: fn(f64, f64) -> f64) -> f64 {
    result
        .points
        .iter()
        .map(|p| p.value)
        .reduce(pick)
        .unwrap_or(0.0)
}

/// The x range: the swept values, padded when there is only one.
fn x_range(result: &SweepFile) -> (f64, f64) {
    let (lo, hi) = (first_value(result, f64::min), first_value(result, f64::max));
    if hi > lo {
        (lo, hi)
    } else {
        let pad = (lo.abs() * 0.1).max(0.1);
        (lo - pad, hi + pad)
    }
}

/// The points in value order (values may be given in any order).
fn ordered<T>(result: &SweepFile, pick: impl Fn(usize) -> Option<T>) -> Vec<(f64, Option<T>)> {
    let mut out: Vec<(f64, Option<T>)> = result
        .points
        .iter()
        .enumerate()
        .map(|(k, point)| (point.value, pick(k)))
        .collect();
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out
}

/// One value's 50% band and median.
#[derive(Clone, Copy)]
struct Band {
    p25: f64,
    median: f64,
    p75: f64,
}

type Coords = Cartesian2d<RangedCoordf64, RangedCoordf64>;

fn mesh<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Coords>,
    x_desc: &str,
    y_desc: &str,
    y_format: &dyn Fn(&f64) -> String,
) -> ChartResult {
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_desc(x_desc)
        .y_desc(y_desc)
        .x_labels(6)
        .y_labels(5)
        .x_label_formatter(&|v| format_number(*v))
        .y_label_formatter(y_format)
        .label_style(font(12.0))
        .axis_desc_style(font(12.5).color(&MUTED))
        .light_line_style(WHITE)
        .bold_line_style(GRID.stroke_width(1))
        .axis_style(MUTED.stroke_width(1))
        .draw()
        .map_err(failed)
}

fn issue_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    result: &SweepFile,
    d: usize,
    (lo, hi): (f64, f64),
    x_desc: &str,
) -> ChartResult {
    let Some((id, issue)) = result.issues.get_index(d) else {
        return Err(format!("the sweep has no issue {d}"));
    };
    let Some([min, max]) = issue.range else {
        return Err(format!("issue `{id}` is not continuous"));
    };
    let bands = ordered(result, |k| match result.points[k].issues.get(id) {
        Some(Some(IssueResult::Band { p25, p50, p75 })) => Some(Band {
            p25: *p25,
            median: *p50,
            p75: *p75,
        }),
        _ => None,
    });
    // Zoom on the data, but never closer than a fifth of the issue's range.
    let span = max - min;
    let (mut y0, mut y1) = bands
        .iter()
        .filter_map(|(_, band)| *band)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), band| {
            (a.min(band.p25), b.max(band.p75))
        });
    if !y0.is_finite() {
        (y0, y1) = (min, max);
    }
    let pad = (0.2 * span - (y1 - y0)).max(0.0) / 2.0 + 0.05 * span;
    let (y0, y1) = ((y0 - pad).max(min), (y1 + pad).min(max));
    let y_desc = issue
        .unit
        .clone()
        .unwrap_or_else(|| format!("position ({}–{})", format_number(min), format_number(max)));
    let mut chart = ChartBuilder::on(&area.margin(6, 10, 6, 14))
        .caption(fit(area, &issue.name, &bold(14.0), 520), bold(14.0))
        .x_label_area_size(40)
        .y_label_area_size(62)
        .build_cartesian_2d(lo..hi, y0..y1)
        .map_err(failed)?;
    mesh(&mut chart, x_desc, &y_desc, &|v| format_number(*v))?;
    // The band and line, in runs of values that had agreements.
    for run in bands.split(|(_, band)| band.is_none()) {
        let run: Vec<(f64, Band)> = run.iter().filter_map(|(x, b)| b.map(|b| (*x, b))).collect();
        if run.is_empty() {
            continue;
        }
        let mut outline: Vec<(f64, f64)> = run.iter().map(|(x, b)| (*x, b.p75)).collect();
        outline.extend(run.iter().rev().map(|(x, b)| (*x, b.p25)));
        chart
            .draw_series(std::iter::once(Polygon::new(
                outline,
                BAND_INNER.mix(0.6).filled(),
            )))
            .map_err(failed)?;
        chart
            .draw_series(LineSeries::new(
                run.iter().map(|(x, b)| (*x, b.median)),
                MEDIAN.stroke_width(2),
            ))
            .map_err(failed)?;
        chart
            .draw_series(
                run.iter()
                    .map(|(x, b)| Circle::new((*x, b.median), 3, MEDIAN.filled())),
            )
            .map_err(failed)?;
    }
    Ok(())
}

fn rate_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    result: &SweepFile,
    (lo, hi): (f64, f64),
    x_desc: &str,
) -> ChartResult {
    let mut chart = ChartBuilder::on(&area.margin(6, 10, 6, 14))
        .caption("Agreement and ZOPA rates", bold(14.0))
        .x_label_area_size(40)
        .y_label_area_size(62)
        .build_cartesian_2d(lo..hi, 0.0..100.0)
        .map_err(failed)?;
    mesh(&mut chart, x_desc, "% of trials", &|v| format!("{v:.0}%"))?;
    let rates = [
        (ordered(result, |k| Some(result.points[k].zopa_rate)), ZOPA),
        (
            ordered(result, |k| Some(result.points[k].agreement_rate)),
            AGREEMENT,
        ),
    ];
    // The ZOPA rate, wide and pale, under the agreement rate: with the static
    // models they coincide (a deal whenever a ZOPA exists).
    for ((points, colour), width) in rates.into_iter().zip([6, 2]) {
        let points: Vec<(f64, f64)> = points
            .into_iter()
            .filter_map(|(x, rate)| rate.map(|r| (x, r * 100.0)))
            .collect();
        chart
            .draw_series(LineSeries::new(points.clone(), colour.stroke_width(width)))
            .map_err(failed)?;
        chart
            .draw_series(
                points
                    .iter()
                    .map(|&point| Circle::new(point, width / 2 + 2, colour.filled())),
            )
            .map_err(failed)?;
    }
    Ok(())
}

//! The sweep chart's issue panels: a continuous issue's median and 50% band
//! on the issue's whole scale, a discrete issue's option shares as stacked
//! bars. Points with fewer than [`marks::MIN_AGREEMENTS`] agreements are drawn
//! hollow with their count (see [`super::marks`]).

use super::marks::{self, Mark};
use super::theme::*;
use crate::report::whatif::files::SweepFile;
use crate::scenario::format_number;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

pub type Coords = Cartesian2d<RangedCoordf64, RangedCoordf64>;

/// Colours of a discrete issue's options, in option order (Paul Tol's
/// "bright" scheme, colour-blind safe and apart from the rate lines).
const OPTION_COLOURS: [RGBColor; 7] = [
    RGBColor(68, 119, 170),
    RGBColor(238, 102, 119),
    RGBColor(34, 136, 51),
    RGBColor(204, 187, 68),
    RGBColor(102, 204, 238),
    RGBColor(170, 51, 119),
    RGBColor(187, 187, 187),
];

fn option_colour(k: usize) -> RGBColor {
    OPTION_COLOURS[k % OPTION_COLOURS.len()]
}

/// The axes and grid of a panel.
pub fn mesh<DB: DrawingBackend>(
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
        .y_labels(6)
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

/// The count beside a hollow mark, e.g. `n=5`.
fn count_label(agreements: u64) -> String {
    format!("n={agreements}")
}

/// A continuous issue: median and 50% band where enough trials agreed,
/// hollow medians with their count where fewer did.
pub fn continuous<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    file: &SweepFile,
    id: &str,
    range: [f64; 2],
    (x_range, x_desc): ((f64, f64), &str),
) -> ChartResult {
    let Some(issue) = file.issues.get(id) else {
        return Err(format!("the sweep has no issue `{id}`"));
    };
    let (y0, y1) = marks::issue_y_range(range);
    let y_desc = match &issue.unit {
        Some(unit) => unit.clone(),
        None => format!(
            "position ({}–{})",
            format_number(range[0]),
            format_number(range[1])
        ),
    };
    let mut chart = ChartBuilder::on(&area.margin(6, 10, 6, 14))
        .caption(fit(area, &issue.name, &bold(14.0), 520), bold(14.0))
        .x_label_area_size(40)
        .y_label_area_size(62)
        .build_cartesian_2d(x_range.0..x_range.1, y0..y1)
        .map_err(failed)?;
    // Ticks only on the scale itself, not in the room around it.
    let on_scale = |v: &f64| {
        if *v < range[0] - 1e-9 * (range[1] - range[0]).abs()
            || *v > range[1] + 1e-9 * (range[1] - range[0]).abs()
        {
            String::new()
        } else {
            format_number(*v)
        }
    };
    mesh(&mut chart, x_desc, &y_desc, &on_scale)?;
    let marks = marks::marks(file, id);
    // Bands and lines over runs of consecutive values with enough agreements.
    for run in marks.split(|(_, mark)| !matches!(mark, Mark::Band { .. })) {
        let run: Vec<(f64, f64, f64, f64)> = run
            .iter()
            .filter_map(|(x, mark)| match *mark {
                Mark::Band { p25, median, p75 } => Some((*x, p25, median, p75)),
                _ => None,
            })
            .collect();
        if run.is_empty() {
            continue;
        }
        if run.len() == 1 {
            let (x, p25, _, p75) = run[0];
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(x, p25), (x, p75)],
                    BAND_INNER.mix(0.8).stroke_width(8),
                )))
                .map_err(failed)?;
        } else {
            let mut outline: Vec<(f64, f64)> = run.iter().map(|r| (r.0, r.3)).collect();
            outline.extend(run.iter().rev().map(|r| (r.0, r.1)));
            chart
                .draw_series(std::iter::once(Polygon::new(
                    outline,
                    BAND_INNER.mix(0.6).filled(),
                )))
                .map_err(failed)?;
        }
        chart
            .draw_series(LineSeries::new(
                run.iter().map(|r| (r.0, r.2)),
                MEDIAN.stroke_width(2),
            ))
            .map_err(failed)?;
        chart
            .draw_series(
                run.iter()
                    .map(|r| Circle::new((r.0, r.2), 3, MEDIAN.filled())),
            )
            .map_err(failed)?;
    }
    // Too few agreements: a hollow median and the count, above the mark in
    // the lower half of the scale and below it in the upper half.
    let middle = (range[0] + range[1]) / 2.0;
    for (x, mark) in &marks {
        let Mark::Few { median, agreements } = *mark else {
            continue;
        };
        let (offset, v) = if median < middle {
            (-8, VPos::Bottom)
        } else {
            (8, VPos::Top)
        };
        let style = anchored(font(10.5).color(&MUTED), HPos::Center, v);
        chart
            .draw_series(std::iter::once(
                EmptyElement::at((*x, median))
                    + Circle::new((0, 0), 4, MEDIAN.stroke_width(2))
                    + Text::new(count_label(agreements), (0, offset), style),
            ))
            .map_err(failed)?;
    }
    Ok(())
}

/// A discrete issue: each value's option shares stacked to 100% of its
/// agreements, filled where enough trials agreed and outlined (with the
/// count) where fewer did; the options' legend above the plot.
pub fn discrete<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    file: &SweepFile,
    id: &str,
    options: &[String],
    (x_range, x_desc): ((f64, f64), &str),
) -> ChartResult {
    let Some(issue) = file.issues.get(id) else {
        return Err(format!("the sweep has no issue `{id}`"));
    };
    let inner = area.margin(6, 10, 6, 14);
    let (width, _) = inner.dim_in_pixel();
    let title = anchored(bold(14.0), HPos::Center, VPos::Top);
    text(
        &inner,
        &fit(&inner, &issue.name, &title, 520),
        (width as i32 / 2, 0),
        &title,
    )?;
    let items: Vec<LegendItem> = options
        .iter()
        .enumerate()
        .map(|(k, option)| LegendItem {
            label: option.clone(),
            glyph: Glyph::Swatch(option_colour(k)),
        })
        .collect();
    let used = legend(&inner, &items, (62, 20), width as i32)?;
    let mut chart = ChartBuilder::on(&inner.margin(used as u32 + 24, 0, 0, 0))
        .x_label_area_size(40)
        .y_label_area_size(62)
        .build_cartesian_2d(x_range.0..x_range.1, 0.0..100.0)
        .map_err(failed)?;
    mesh(&mut chart, x_desc, "% of agreements", &|v| {
        format!("{v:.0}%")
    })?;
    // A bar is two thirds of a step wide, but never more than a tenth of the
    // axis (a sweep of one or two values would otherwise draw slabs).
    let half = (marks::step(file) * 0.32).min((x_range.1 - x_range.0) * 0.05);
    for (x, point) in marks::shares(file, id) {
        let mut bottom = 0.0;
        for (k, share) in point.shares.iter().enumerate() {
            let top = bottom + share * 100.0;
            if top > bottom {
                let corners = [(x - half, bottom), (x + half, top)];
                let style = if point.enough() {
                    option_colour(k).filled()
                } else {
                    option_colour(k).stroke_width(2)
                };
                chart
                    .draw_series(std::iter::once(Rectangle::new(corners, style)))
                    .map_err(failed)?;
            }
            bottom = top;
        }
        if !point.enough() {
            let style = anchored(font(10.5).color(&MUTED), HPos::Center, VPos::Top);
            chart
                .draw_series(std::iter::once(
                    EmptyElement::at((x, 100.0))
                        + Text::new(count_label(point.agreements), (0, 4), style),
                ))
                .map_err(failed)?;
        }
    }
    Ok(())
}

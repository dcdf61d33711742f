//! The two charts of `zopa backtest`, drawn from `backtest.json` alone:
//!
//! - `calibration`: for each model, the share of recorded outcomes inside its
//!   central interval (y) against the interval's nominal level (x). A
//!   calibrated model lies on the diagonal; above it, intervals are too wide,
//!   below it, too narrow. The default model is drawn thick.
//! - `errors`: each model's mean absolute error with its 95% bootstrap
//!   interval, best first, with the compromise model's error as a reference
//!   line: the baseline the theory-driven models have to beat.

use super::theme::*;
use crate::backtest::LEVELS;
use crate::backtest::file::{BacktestFile, level_key};
use crate::format::thousands;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Pixel size of the calibration chart.
pub fn calibration_size() -> (u32, u32) {
    (WIDTH, 820)
}

/// Pixel size of the error chart: a row per model.
pub fn errors_size(file: &BacktestFile) -> (u32, u32) {
    (WIDTH, 300 + 46 * file.models.len() as u32)
}

fn caption(file: &BacktestFile) -> String {
    format!(
        "zopa {} backtest · {} recorded decisions · {}",
        file.zopa_version,
        thousands(file.n as u64),
        file.calibration
    )
}

/// Draws the calibration chart.
pub fn draw_calibration<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    file: &BacktestFile,
) -> ChartResult {
    let default = file
        .models
        .get(&file.default)
        .and_then(|m| m.coverage.as_ref());
    let subtitle = match default {
        Some(coverage) => format!(
            "Share of real outcomes inside each central interval; {}'s 50% interval held {:.0}%, its 90% interval {:.0}%",
            file.default,
            100.0 * coverage.get("50").copied().unwrap_or(0.0),
            100.0 * coverage.get("90").copied().unwrap_or(0.0)
        ),
        None => "Share of real outcomes inside each central interval; on the diagonal, an interval holds what it promises".into(),
    };
    let body = frame(
        root,
        "Do the forecast intervals hold the real outcome?",
        &subtitle,
        &caption(file),
    )?;
    let calibrated: Vec<(usize, &String, &indexmap::IndexMap<String, f64>)> = file
        .models
        .iter()
        .enumerate()
        .filter_map(|(k, (name, entry))| Some((k, name, entry.coverage.as_ref()?)))
        .collect();
    let mut items: Vec<LegendItem> = calibrated
        .iter()
        .map(|&(k, name, _)| LegendItem {
            label: if *name == file.default {
                format!("{name} (default)")
            } else {
                name.clone()
            },
            glyph: Glyph::Line(actor_colour(k), if *name == file.default { 4 } else { 2 }),
        })
        .collect();
    items.push(LegendItem {
        label: "perfect calibration".into(),
        glyph: Glyph::Line(MUTED, 1),
    });
    let plot = below_legend(&body, &items)?;
    let mut chart = ChartBuilder::on(&plot)
        .x_label_area_size(50)
        .y_label_area_size(70)
        .margin_right(24)
        .build_cartesian_2d(0.0..1.0f64, 0.0..1.0f64)
        .map_err(failed)?;
    draw_mesh(
        chart
            .configure_mesh()
            .x_desc("Nominal level of the central interval")
            .y_desc("Share of real outcomes inside")
            .x_label_formatter(&|v| format!("{:.0}%", v * 100.0))
            .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
            .x_labels(11)
            .y_labels(11),
    )?;
    chart
        .draw_series(LineSeries::new(
            [(0.0, 0.0), (1.0, 1.0)],
            MUTED.stroke_width(1),
        ))
        .map_err(failed)?;
    // The default model last, so it is drawn on top.
    let mut order: Vec<&(usize, &String, &indexmap::IndexMap<String, f64>)> =
        calibrated.iter().collect();
    order.sort_by_key(|(_, name, _)| **name == file.default);
    for &&(k, name, coverage) in &order {
        let points: Vec<(f64, f64)> = LEVELS
            .iter()
            .filter_map(|&level| Some((level, *coverage.get(&level_key(level))?)))
            .collect();
        let width = if *name == file.default { 4 } else { 2 };
        let colour = actor_colour(k);
        chart
            .draw_series(LineSeries::new(
                points.iter().copied(),
                colour.stroke_width(width),
            ))
            .map_err(failed)?;
        chart
            .draw_series(
                points
                    .iter()
                    .map(|&p| Circle::new(p, width + 1, colour.filled())),
            )
            .map_err(failed)?;
    }
    Ok(())
}

/// Draws the error chart.
pub fn draw_errors<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    file: &BacktestFile,
) -> ChartResult {
    let mut rows: Vec<(usize, &String, &crate::backtest::file::ModelEntry)> = file
        .models
        .iter()
        .enumerate()
        .map(|(k, (name, entry))| (k, name, entry))
        .collect();
    rows.sort_by(|a, b| a.2.mae.total_cmp(&b.2.mae));
    let baseline = file.models.get("compromise").map(|entry| entry.mae);
    let subtitle = match (rows.first(), baseline) {
        (Some((_, best, entry)), Some(base)) => format!(
            "Mean absolute error of the median forecast, with 95% bootstrap intervals; best: {best} {:.2} (compromise {:.2})",
            entry.mae, base
        ),
        _ => "Mean absolute error of the median forecast, with 95% bootstrap intervals".into(),
    };
    let body = frame(
        root,
        "How far the forecasts missed",
        &subtitle,
        &caption(file),
    )?;
    let mut items = vec![
        LegendItem {
            label: "mean absolute error".into(),
            glyph: Glyph::Marker(Marker::Circle, MEDIAN),
        },
        LegendItem {
            label: "95% interval (cases resampled by proposal)".into(),
            glyph: Glyph::Line(BAND_INNER, 6),
        },
    ];
    if baseline.is_some() {
        items.push(LegendItem {
            label: "the compromise model's error".into(),
            glyph: Glyph::Line(MUTED, 1),
        });
    }
    let plot = below_legend(&body, &items)?;
    let top = rows
        .iter()
        .map(|(_, _, entry)| entry.mae_ci95[1].max(entry.mae))
        .fold(1.0f64, f64::max);
    let top = (top / 5.0).ceil() * 5.0;
    const NAMES: i32 = 260;
    let (names, bars) = plot.split_horizontally(NAMES);
    let mut chart = ChartBuilder::on(&bars)
        .x_label_area_size(50)
        .margin_right(24)
        .build_cartesian_2d(0.0..top, 0.0..rows.len() as f64)
        .map_err(failed)?;
    draw_mesh(
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_desc("Mean absolute error (the issues' units)"),
    )?;
    if let Some(base) = baseline {
        chart
            .draw_series(LineSeries::new(
                [(base, 0.0), (base, rows.len() as f64)],
                MUTED.stroke_width(1),
            ))
            .map_err(failed)?;
    }
    let row_height = (bars.dim_in_pixel().1 as i32 - 50) as f64 / rows.len().max(1) as f64;
    for (row, (_, name, entry)) in rows.iter().enumerate() {
        let y = rows.len() as f64 - row as f64 - 0.5;
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(entry.mae_ci95[0], y - 0.12), (entry.mae_ci95[1], y + 0.12)],
                BAND_INNER.filled(),
            )))
            .map_err(failed)?;
        chart
            .draw_series(std::iter::once(Circle::new(
                (entry.mae, y),
                6,
                MEDIAN.filled(),
            )))
            .map_err(failed)?;
        let label = if **name == file.default {
            format!("{name} (default)")
        } else {
            (*name).clone()
        };
        let centre = (row_height * (row as f64 + 0.5)) as i32;
        text(
            &names,
            &fit(&names, &label, &bold(14.0), NAMES - 12),
            (NAMES - 12, centre - 9),
            &anchored(bold(14.0), HPos::Right, VPos::Center),
        )?;
        let detail = format!(
            "{:.2} [{:.1}, {:.1}] · n = {}{}",
            entry.mae,
            entry.mae_ci95[0],
            entry.mae_ci95[1],
            entry.n,
            if entry.no_agreement > 0 {
                format!(", {} without agreement", entry.no_agreement)
            } else {
                String::new()
            }
        );
        text(
            &names,
            &fit(&names, &detail, &font(12.0), NAMES - 12),
            (NAMES - 12, centre + 9),
            &anchored(font(12.0).color(&MUTED), HPos::Right, VPos::Center),
        )?;
    }
    Ok(())
}

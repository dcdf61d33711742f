//! `rounds`: for protocol models, in which round talks ended: with agreement
//! (blue) or without (grey: breakdown or deadline), as shares of all trials.

use super::theme::*;
use crate::format::percent;
use crate::summary::{Rounds, Summary};
use plotters::coord::Shift;
use plotters::prelude::*;

const NO_DEAL: RGBColor = RGBColor(170, 170, 170);

/// Pixel size of the chart.
pub fn size() -> (u32, u32) {
    (WIDTH, 640)
}

/// Draws the chart (the summary must have `rounds`).
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, summary: &Summary) -> ChartResult {
    let rounds: &Rounds = summary
        .rounds
        .as_ref()
        .ok_or("the summary has no round data")?;
    let subtitle = format!(
        "Agreement in {} of trials; talks broke down in {}; median end in round {}, 95% by round {}",
        percent(summary.agreement_rate),
        percent(rounds.breakdown_rate),
        rounds.p50,
        rounds.p95
    );
    let body = frame(root, "When talks end", &subtitle, &summary.caption())?;
    let last = rounds
        .distribution
        .iter()
        .rposition(|share| *share > 0.0)
        .map_or(1, |k| k + 1)
        // At least ten rounds on the axis, so agreement in round 1 reads as early.
        .max(10);
    let top = rounds
        .distribution
        .iter()
        .copied()
        .fold(0.0f64, f64::max)
        .max(1e-9)
        * 1.1;
    let items = [
        LegendItem {
            label: "agreement in this round".into(),
            glyph: Glyph::Swatch(BAND_INNER),
        },
        LegendItem {
            label: "ended without agreement".into(),
            glyph: Glyph::Swatch(NO_DEAL),
        },
    ];
    let plot = below_legend(&body, &items)?;
    let mut chart = ChartBuilder::on(&plot)
        .x_label_area_size(50)
        .y_label_area_size(70)
        .margin_right(16)
        .build_cartesian_2d(0.5..last as f64 + 0.5, 0.0..top)
        .map_err(failed)?;
    draw_mesh(
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_desc("Round")
            .y_desc("Share of all trials")
            .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
            .x_label_formatter(&|v| format!("{}", v.round() as i64))
            .x_labels(last.min(20)),
    )?;
    let bars = (0..last).flat_map(|k| {
        let round = k as f64 + 1.0;
        let total = rounds.distribution.get(k).copied().unwrap_or(0.0);
        let agreed = rounds
            .agreement_by_round
            .get(k)
            .copied()
            .unwrap_or(0.0)
            .min(total);
        [
            Rectangle::new(
                [(round - 0.38, 0.0), (round + 0.38, agreed)],
                BAND_INNER.filled(),
            ),
            Rectangle::new(
                [(round - 0.38, agreed), (round + 0.38, total)],
                NO_DEAL.filled(),
            ),
        ]
    });
    chart.draw_series(bars).map_err(failed)?;
    Ok(())
}

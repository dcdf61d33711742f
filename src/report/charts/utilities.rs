//! `utilities`: what the two veto actors gain over no deal. Each trial is
//! drawn as its own actors' gains over their own reservations in that draw, so
//! the no-deal line is the same for every trial: the axes at 0. Trials
//! without a deal sit at the origin and are drawn as one circle sized by their
//! number. The Pareto frontier, the Nash and Kalai–Smorodinsky points and the
//! proposals are at nominal values (gains over the nominal reservations); a
//! trial's own frontier differs, so dots may lie beyond the dashed line.

use super::labels::{draw_points, solution_points};
use super::theme::*;
use crate::summary::{Summary, Utilities};
use plotters::coord::Shift;
use plotters::prelude::*;

const AGREED: RGBColor = RGBColor(107, 174, 214);
const FAILED: RGBColor = RGBColor(150, 150, 150);
const BOTH_GAIN: RGBColor = RGBColor(234, 244, 234);

/// Pixel size of the chart.
pub fn size() -> (u32, u32) {
    (WIDTH, 960)
}

/// Draws the chart (the summary must have `utilities`).
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, summary: &Summary) -> ChartResult {
    let data: &Utilities = summary
        .utilities
        .as_ref()
        .ok_or("the summary has no utility data")?;
    let (a, b) = (&data.actors.0, &data.actors.1);
    let name = |id: &str| summary.actor_name(id).to_string();
    let colour = |id: &str| actor_colour(summary.actor_index(id).unwrap_or(0));
    let (ra, rb) = data.reservations;
    let gain = |(u, v): (f64, f64)| (u - ra, v - rb);
    let failed_count = data.gains.iter().filter(|point| point.2 == 0).count();
    let title = format!("Who gains: {} vs {}", name(a), name(b));
    let subtitle = format!(
        "Each actor's gain over no deal (its utility less its reservation) in {}; frontier, solutions and proposals at nominal values",
        first_trials(data.gains.len())
    );
    let body = frame(root, &title, &subtitle, &summary.caption())?;
    let mut items = vec![
        LegendItem {
            label: "trial with a deal".into(),
            glyph: Glyph::Marker(Marker::Circle, AGREED),
        },
        LegendItem {
            label: format!("trials without a deal (at 0, 0): {failed_count}"),
            glyph: Glyph::Marker(Marker::Circle, FAILED),
        },
        LegendItem {
            label: "both gain (a deal both accept)".into(),
            glyph: Glyph::Swatch(BOTH_GAIN),
        },
        LegendItem {
            // Empty when no deal satisfies the other veto actors, or left out
            // of the summary as too costly (`cost::nominal_parts`).
            label: frontier_label(
                data.frontier_left_out,
                data.frontier.is_empty(),
                " at nominal values",
            ),
            glyph: Glyph::Line(TEXT, 2),
        },
        LegendItem {
            label: format!("no better than no deal for {}", name(a)),
            glyph: Glyph::Line(colour(a), 2),
        },
        LegendItem {
            label: format!("… for {}", name(b)),
            glyph: Glyph::Line(colour(b), 2),
        },
        LegendItem {
            label: "Nash".into(),
            glyph: Glyph::Marker(Marker::Star, TEXT),
        },
        LegendItem {
            label: "Kalai–Smorodinsky".into(),
            glyph: Glyph::Marker(Marker::Plus, MEDIAN),
        },
    ];
    for (k, proposal) in summary.proposals.keys().enumerate() {
        if data.proposals.contains_key(proposal) {
            items.push(LegendItem {
                label: proposal.clone(),
                glyph: Glyph::Marker(proposal_marker(k), PROPOSAL),
            });
        }
    }
    let plot = below_legend(&body, &items)?;
    // The view holds every trial, the frontier, the solutions, the proposals
    // and the origin, with a margin.
    let mut xs: Vec<f64> = vec![0.0];
    let mut ys: Vec<f64> = vec![0.0];
    let mut add = |(x, y): (f64, f64)| {
        xs.push(x);
        ys.push(y);
    };
    data.gains.iter().for_each(|point| add((point.0, point.1)));
    data.frontier.iter().copied().map(gain).for_each(&mut add);
    data.nash
        .into_iter()
        .chain(data.kalai_smorodinsky)
        .map(gain)
        .for_each(&mut add);
    data.proposals
        .values()
        .copied()
        .map(gain)
        .for_each(&mut add);
    let span = |values: &[f64]| {
        let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let pad = 0.05 * (hi - lo).max(0.1);
        (lo - pad)..(hi + pad)
    };
    let (x_range, y_range) = (span(&xs), span(&ys));
    let mut chart = ChartBuilder::on(&plot)
        .x_label_area_size(56)
        .y_label_area_size(64)
        .margin_right(16)
        .build_cartesian_2d(x_range.clone(), y_range.clone())
        .map_err(failed)?;
    draw_mesh(
        chart
            .configure_mesh()
            .x_label_formatter(&|v| tick(*v))
            .y_label_formatter(&|v| tick(*v))
            .x_desc(format!("{}'s gain over no deal", name(a)))
            .y_desc(format!("{}'s gain over no deal", name(b))),
    )?;
    chart
        .draw_series(std::iter::once(Rectangle::new(
            [(0.0, 0.0), (x_range.end, y_range.end)],
            BOTH_GAIN.filled(),
        )))
        .map_err(failed)?;
    chart
        .draw_series([
            PathElement::new(
                vec![(0.0, y_range.start), (0.0, y_range.end)],
                colour(a).stroke_width(2),
            ),
            PathElement::new(
                vec![(x_range.start, 0.0), (x_range.end, 0.0)],
                colour(b).stroke_width(2),
            ),
        ])
        .map_err(failed)?;
    chart
        .draw_series(
            data.gains
                .iter()
                .filter(|point| point.2 == 1)
                .map(|point| Circle::new((point.0, point.1), 3, AGREED.mix(0.55).filled())),
        )
        .map_err(failed)?;
    if failed_count > 0 {
        // One circle for every trial without a deal, its area by their share.
        let share = failed_count as f64 / data.gains.len().max(1) as f64;
        let radius = (4.0 + 26.0 * share.sqrt()).round() as i32;
        chart
            .draw_series(std::iter::once(Circle::new(
                (0.0, 0.0),
                radius,
                FAILED.mix(0.45).filled(),
            )))
            .map_err(failed)?;
    }
    let frontier: Vec<(f64, f64)> = data.frontier.iter().copied().map(gain).collect();
    chart
        .draw_series(DashedLineSeries::new(frontier, 8, 5, TEXT.stroke_width(2)))
        .map_err(failed)?;

    let area = chart.plotting_area();
    let (root_x, root_y) = root.get_base_pixel();
    let pixel = |point: (f64, f64)| {
        let (px, py) = area.map_coordinate(&gain(point));
        (px - root_x, py - root_y)
    };
    let mut points = solution_points(data.nash.map(pixel), data.kalai_smorodinsky.map(pixel));
    for (k, proposal) in summary.proposals.keys().enumerate() {
        if let Some(&point) = data.proposals.get(proposal) {
            points.push((pixel(point), proposal_marker(k), PROPOSAL, proposal.clone()));
        }
    }
    draw_points(root, area, &points)
}

/// The trials the points come from, as the subtitle names them: "the first
/// trial" for one (a run of one trial), "the first 1,000 trials" for more
/// (grouped like every other count).
fn first_trials(count: usize) -> String {
    match count {
        0 => "no trial".to_string(),
        1 => "the first trial".to_string(),
        n => format!("the first {}", crate::format::count(n as u64, "trial")),
    }
}

/// A tick label with one decimal, or two where the ticks are closer than
/// 0.1 apart (with one, 0.15 and 0.2 both read "0.2"), and no "-0.0".
fn tick(value: f64) -> String {
    let tenths = value * 10.0;
    let text = if (tenths - tenths.round()).abs() < 1e-6 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    };
    if text == "-0.0" { "0.0".into() } else { text }
}

#[cfg(test)]
mod tests {
    use super::first_trials;

    #[test]
    fn the_subtitle_counts_its_trials_in_singular_and_plural() {
        assert_eq!(first_trials(1), "the first trial");
        assert_eq!(first_trials(2), "the first 2 trials");
        assert_eq!(first_trials(1000), "the first 1,000 trials");
        assert_eq!(first_trials(0), "no trial");
    }
}

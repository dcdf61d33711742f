//! `zone_<x>_<y>`: where agreed outcomes fall on two issues at once. Cells of
//! the 40 × 40 outcome grid are shaded by highest-density region (the
//! smallest sets of cells holding 50%, 80% and 95% of agreements) and the
//! regions are outlined; actors' ideal points and the proposals are marked.

use super::labels::draw_points;
use super::theme::*;
use crate::summary::{IssueSummary, Position, Summary, Zone};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Region fills, densest last.
const LEVELS: [(&str, RGBColor); 3] = [
    ("95", RGBColor(198, 219, 239)),
    ("80", RGBColor(107, 174, 214)),
    ("50", RGBColor(33, 113, 181)),
];
const OUTSIDE: RGBColor = RGBColor(236, 241, 246);

/// Pixel size of the chart.
pub fn size() -> (u32, u32) {
    (WIDTH, 900)
}

/// The zone for `x` and `y`, and whether it is stored transposed.
pub fn find<'a>(summary: &'a Summary, x: &str, y: &str) -> Option<(&'a Zone, bool)> {
    summary.zones.iter().flatten().find_map(|zone| {
        if zone.x == x && zone.y == y {
            Some((zone, false))
        } else if zone.x == y && zone.y == x {
            Some((zone, true))
        } else {
            None
        }
    })
}

fn axis_title(id: &str, issue: Option<&IssueSummary>) -> String {
    let Some(issue) = issue else {
        return id.to_string();
    };
    let mut title = issue.title().to_string();
    if let Some(unit) = &issue.unit {
        title.push_str(&format!(" ({unit})"));
    }
    if let (Some(low), Some(high)) = (&issue.low, &issue.high) {
        title.push_str(&format!(": low = {low}; high = {high}"));
    }
    title
}

/// Draws the chart for issues `x` and `y`.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    summary: &Summary,
    x: &str,
    y: &str,
) -> ChartResult {
    let (zone, transposed) =
        find(summary, x, y).ok_or_else(|| format!("no zone for `{x}` × `{y}` in the summary"))?;
    let (x_issue, y_issue) = (summary.issues.get(x), summary.issues.get(y));
    let name = |id: &str, issue: Option<&IssueSummary>| issue.map_or(id, |i| i.title()).to_string();
    let title = format!(
        "Where a deal lands: {} × {}",
        name(x, x_issue),
        name(y, y_issue)
    );
    let subtitle =
        "Shaded: the smallest regions holding 50%, 80% and 95% of agreed outcomes".to_string();
    let body = frame(root, &title, &subtitle, &summary.caption())?;
    let (x_range, y_range) = if transposed {
        (zone.y_range, zone.x_range)
    } else {
        (zone.x_range, zone.y_range)
    };
    let [x0, x1] = x_range.unwrap_or([0.0, 1.0]);
    let [y0, y1] = y_range.unwrap_or([0.0, 1.0]);

    let mut items: Vec<LegendItem> = LEVELS
        .iter()
        .rev()
        .map(|(level, colour)| LegendItem {
            label: format!("{level}% of agreements"),
            glyph: Glyph::Swatch(*colour),
        })
        .collect();
    items.push(LegendItem {
        label: "the other 5%".into(),
        glyph: Glyph::Swatch(OUTSIDE),
    });
    for (k, actor) in summary.actors.values().enumerate() {
        items.push(LegendItem {
            label: actor.title().to_string(),
            glyph: Glyph::Marker(actor_marker(k), actor_colour(k)),
        });
    }
    for (k, name) in summary.proposals.keys().enumerate() {
        items.push(LegendItem {
            label: name.clone(),
            glyph: Glyph::Marker(proposal_marker(k), PROPOSAL),
        });
    }
    let plot = below_legend(&body, &items)?;

    let mut chart = ChartBuilder::on(&plot)
        .x_label_area_size(56)
        .y_label_area_size(64)
        .margin_right(16)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(failed)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc(fit(
            &plot,
            &axis_title(x, x_issue),
            &font(14.0),
            plot.dim_in_pixel().0 as i32 - 80,
        ))
        .y_desc(fit(&plot, &axis_title(y, y_issue), &font(14.0), 700))
        .label_style(font(13.0))
        .axis_desc_style(font(14.0))
        .axis_style(MUTED.stroke_width(1))
        .draw()
        .map_err(failed)?;

    let bins = zone.bins.max(1);
    let count = |cx: usize, cy: usize| -> u64 {
        let (i, j) = if transposed { (cy, cx) } else { (cx, cy) };
        zone.counts.get(j * bins + i).copied().unwrap_or(0)
    };
    let threshold = |level: &str| zone.levels.get(level).copied().unwrap_or(u64::MAX).max(1);
    let cell_x = |cx: usize| x0 + (x1 - x0) * cx as f64 / bins as f64;
    let cell_y = |cy: usize| y0 + (y1 - y0) * cy as f64 / bins as f64;
    let mut cells = Vec::new();
    for cy in 0..bins {
        for cx in 0..bins {
            let n = count(cx, cy);
            if n == 0 {
                continue;
            }
            let colour = LEVELS
                .iter()
                .rev()
                .find(|(level, _)| n >= threshold(level))
                .map_or(OUTSIDE, |(_, colour)| *colour);
            cells.push(Rectangle::new(
                [(cell_x(cx), cell_y(cy)), (cell_x(cx + 1), cell_y(cy + 1))],
                colour.filled(),
            ));
        }
    }
    chart.draw_series(cells).map_err(failed)?;
    // Outlines: an edge between a cell inside a region and one outside it.
    for (level, _) in LEVELS {
        let t = threshold(level);
        let inside = |cx: isize, cy: isize| {
            cx >= 0
                && cy >= 0
                && (cx as usize) < bins
                && (cy as usize) < bins
                && count(cx as usize, cy as usize) >= t
        };
        let mut edges = Vec::new();
        for cy in 0..bins as isize {
            for cx in 0..bins as isize {
                if !inside(cx, cy) {
                    continue;
                }
                let (l, r) = (cell_x(cx as usize), cell_x(cx as usize + 1));
                let (b, t) = (cell_y(cy as usize), cell_y(cy as usize + 1));
                if !inside(cx - 1, cy) {
                    edges.push(vec![(l, b), (l, t)]);
                }
                if !inside(cx + 1, cy) {
                    edges.push(vec![(r, b), (r, t)]);
                }
                if !inside(cx, cy - 1) {
                    edges.push(vec![(l, b), (r, b)]);
                }
                if !inside(cx, cy + 1) {
                    edges.push(vec![(l, t), (r, t)]);
                }
            }
        }
        chart
            .draw_series(
                edges
                    .into_iter()
                    .map(|edge| PathElement::new(edge, MEDIAN.stroke_width(1))),
            )
            .map_err(failed)?;
    }

    // Markers and labels in pixel space.
    let area = chart.plotting_area();
    let (root_x, root_y) = root.get_base_pixel();
    let to_pixel = |vx: f64, vy: f64| {
        let (px, py) = area.map_coordinate(&(vx, vy));
        (px - root_x, py - root_y)
    };
    let number = |position: Option<&Position>| match position {
        Some(Position::Number(value)) => Some(*value),
        _ => None,
    };
    let mut points = Vec::new();
    for (k, actor) in summary.actors.values().enumerate() {
        if let (Some(vx), Some(vy)) = (number(actor.ideal.get(x)), number(actor.ideal.get(y))) {
            points.push((
                to_pixel(vx, vy),
                actor_marker(k),
                actor_colour(k),
                actor.title().to_string(),
            ));
        }
    }
    for (k, (name, proposal)) in summary.proposals.iter().enumerate() {
        if let (Some(vx), Some(vy)) = (
            number(proposal.values.get(x)),
            number(proposal.values.get(y)),
        ) {
            points.push((to_pixel(vx, vy), proposal_marker(k), PROPOSAL, name.clone()));
        }
    }
    draw_points(root, area, &points)
}

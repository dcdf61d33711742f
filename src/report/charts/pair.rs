//! `zone_<x>_<y>`: where agreed outcomes fall on two issues at once. Cells of
//! the 40 × 40 outcome grid are shaded by highest-density region (the
//! smallest sets of cells holding 50%, 80% and 95% of agreements) and the
//! regions are outlined; actors' ideal points and the proposals are marked.

use super::labels::draw_points;
use super::theme::*;
use crate::summary::{IssueSummary, Position, RedLineInputs, Summary, Zone, possessive};
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
    let subtitle = "Shaded: the smallest regions holding 50%, 80% and 95% of agreed outcomes; \
                    hatched: beyond a veto actor's red line (deals exactly on a line are drawn on it)"
        .to_string();
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
    let ruled_out = beyond_red_lines(summary, x, y, [x0, x1], [y0, y1]);
    let mut hatched: Vec<usize> = ruled_out.iter().map(|band| band.actor).collect();
    hatched.dedup();
    for &k in &hatched {
        let actor = &summary.actors[k];
        items.push(LegendItem {
            label: format!("beyond {} red line", possessive(actor.title())),
            glyph: Glyph::Hatch(faded(actor_colour(k))),
        });
    }
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
    let x_span = |cx: usize| drawn_span(&ruled_out, cell_x(cx), cell_x(cx + 1), true);
    let y_span = |cy: usize| drawn_span(&ruled_out, cell_y(cy), cell_y(cy + 1), false);
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
            let ((l, r), (b, t)) = (x_span(cx), y_span(cy));
            cells.push(Rectangle::new([(l, b), (r, t)], colour.filled()));
        }
    }
    // Pixel space, for the hatching and the markers.
    let area = chart.plotting_area().clone();
    let (root_x, root_y) = root.get_base_pixel();
    let to_pixel = |vx: f64, vy: f64| {
        let (px, py) = area.map_coordinate(&(vx, vy));
        (px - root_x, py - root_y)
    };
    // What a veto actor's red line rules out: hatched, the line itself solid.
    for band in &ruled_out {
        let colour = actor_colour(band.actor);
        let [left, right, bottom, top] = band.rect;
        hatch(
            root,
            to_pixel(left, top),
            to_pixel(right, bottom),
            12,
            colour,
        )?;
        let line = if band.vertical {
            vec![to_pixel(band.at, y0), to_pixel(band.at, y1)]
        } else {
            vec![to_pixel(x0, band.at), to_pixel(x1, band.at)]
        };
        root.draw(&PathElement::new(line, colour.stroke_width(2)))
            .map_err(failed)?;
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
                let ((l, r), (b, t)) = (x_span(cx as usize), y_span(cy as usize));
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
    draw_points(root, &area, &points)
}

/// A part of the chart a veto actor's red line rules out.
struct Band {
    /// The actor's index in the summary.
    actor: usize,
    /// `[x_low, x_high, y_low, y_high]` in issue units.
    rect: [f64; 4],
    /// The red line: `x = at` (vertical) or `y = at`.
    at: f64,
    vertical: bool,
}

/// The bands beyond each veto actor's red lines on `x` and `y`, from the
/// scenario inputs the summary carries (none without them).
fn beyond_red_lines(
    summary: &Summary,
    x: &str,
    y: &str,
    [x0, x1]: [f64; 2],
    [y0, y1]: [f64; 2],
) -> Vec<Band> {
    let Some(inputs) = &summary.scenario_inputs else {
        return Vec::new();
    };
    let mut bands = Vec::new();
    for (k, (id, actor)) in summary.actors.iter().enumerate() {
        if !actor.veto {
            continue;
        }
        let interval = |issue: &str| match inputs
            .actors
            .get(id)
            .and_then(|a| a.stances.get(issue))
            .and_then(|stance| stance.red_line.as_ref())
        {
            Some(RedLineInputs::Interval { min, max }) => Some((*min, *max)),
            _ => None,
        };
        if let Some((min, max)) = interval(x) {
            if min > x0 {
                bands.push(Band {
                    actor: k,
                    rect: [x0, min.min(x1), y0, y1],
                    at: min,
                    vertical: true,
                });
            }
            if max < x1 {
                bands.push(Band {
                    actor: k,
                    rect: [max.max(x0), x1, y0, y1],
                    at: max,
                    vertical: true,
                });
            }
        }
        if let Some((min, max)) = interval(y) {
            if min > y0 {
                bands.push(Band {
                    actor: k,
                    rect: [x0, x1, y0, min.min(y1)],
                    at: min,
                    vertical: false,
                });
            }
            if max < y1 {
                bands.push(Band {
                    actor: k,
                    rect: [x0, x1, max.max(y0), y1],
                    at: max,
                    vertical: false,
                });
            }
        }
    }
    bands
}

/// `colour` halfway to white: hatching that does not drown the zones.
fn faded(RGBColor(r, g, b): RGBColor) -> RGBColor {
    let half = |c: u8| ((c as u16 + 255) / 2) as u8;
    RGBColor(half(r), half(g), half(b))
}

/// Where to draw a grid cell spanning `[low, high]` on the x (`vertical`
/// bands) or y axis. A cell lying wholly beyond a veto actor's red line can
/// only hold deals exactly on the line (a value on a cell edge counts in the
/// cell above it), so it is drawn as a strip centred on the line, not beside it.
fn drawn_span(bands: &[Band], low: f64, high: f64, vertical: bool) -> (f64, f64) {
    let slack = 1e-9 * (high - low).abs().max(1.0);
    let line = bands.iter().find_map(|band| {
        let [from, to] = if vertical {
            [band.rect[0], band.rect[1]]
        } else {
            [band.rect[2], band.rect[3]]
        };
        (band.vertical == vertical && low >= from - slack && high <= to + slack).then_some(band.at)
    });
    match line {
        Some(at) => {
            let half = 0.3 * (high - low);
            (at - half, at + half)
        }
        None => (low, high),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_beyond_a_red_line_are_drawn_on_it() {
        // Territory ≤ 0.5 for actor 1: the band [0.5, 1] is ruled out.
        let bands = [Band {
            actor: 1,
            rect: [0.5, 1.0, 0.0, 1.0],
            at: 0.5,
            vertical: true,
        }];
        let (l, r) = drawn_span(&bands, 0.5, 0.525, true);
        assert!(
            (l - 0.4925).abs() < 1e-12 && (r - 0.5075).abs() < 1e-12,
            "{l}..{r}"
        );
        // Inside the allowed region, or on the other axis: as it is.
        assert_eq!(drawn_span(&bands, 0.475, 0.5, true), (0.475, 0.5));
        assert_eq!(drawn_span(&bands, 0.5, 0.525, false), (0.5, 0.525));
    }
}

//! `zone_<x>_<y>`: where agreed outcomes fall on two issues at once. The
//! highest-density regions holding 50%, 80% and 95% of agreements are shaded
//! and outlined, from a smoothed density over the summary's 40 × 40 outcome
//! grid (see `Regions`); what each veto actor's red lines rule out is
//! hatched, deals exactly on a red line drawn on it; the ideal points of the
//! first [`MARKED_ACTORS`] actors and the proposals are marked.

use super::labels::draw_points;
use super::theme::*;
use crate::summary::{IssueSummary, Position, RedLineInputs, Summary, Zone, possessive};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Region fills, widest region first: a cell at level `k` lies in region `k`
/// and every wider one (see [`Regions`]).
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
    for (k, actor) in summary.actors.values().enumerate().take(MARKED_ACTORS) {
        items.push(LegendItem {
            label: actor.title().to_string(),
            glyph: Glyph::Marker(actor_marker(k), actor_colour(k)),
        });
    }
    items.extend(unmarked_actors(summary.actors.len(), "not marked"));
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
    let cell_x = |cx: usize| x0 + (x1 - x0) * cx as f64 / bins as f64;
    let cell_y = |cy: usize| y0 + (y1 - y0) * cy as f64 / bins as f64;
    let x_span = |cx: usize| drawn_span(&ruled_out, cell_x(cx), cell_x(cx + 1), true);
    let y_span = |cy: usize| drawn_span(&ruled_out, cell_y(cy), cell_y(cy + 1), false);
    let on_line = |cx: usize, cy: usize| {
        x_span(cx) != (cell_x(cx), cell_x(cx + 1)) || y_span(cy) != (cell_y(cy), cell_y(cy + 1))
    };
    let regions = Regions::new(bins, &|cx, cy| count(cx, cy) as f64, &on_line);
    let colour_of = |level: Option<usize>| level.map_or(OUTSIDE, |k| LEVELS[k].1);
    // Fills: runs of equal colour along each fine row, then the strips.
    let fine = regions.fine;
    let (fx, fy) = (
        |i: usize| x0 + (x1 - x0) * i as f64 / (bins * fine) as f64,
        |j: usize| y0 + (y1 - y0) * j as f64 / (bins * fine) as f64,
    );
    let mut cells = Vec::new();
    for j in 0..bins * fine {
        let mut i = 0;
        while i < bins * fine {
            let Some(level) = regions.shade(i, j) else {
                i += 1;
                continue;
            };
            let start = i;
            while i < bins * fine && regions.shade(i, j) == Some(level) {
                i += 1;
            }
            cells.push(Rectangle::new(
                [(fx(start), fy(j)), (fx(i), fy(j + 1))],
                colour_of(level).filled(),
            ));
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
            faded(colour),
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
    // Outlines: an edge between a fine cell inside a region and one outside it.
    for k in 0..LEVELS.len() {
        let inside = |i: isize, j: isize| {
            i >= 0
                && j >= 0
                && (i as usize) < bins * fine
                && (j as usize) < bins * fine
                && regions
                    .level(i as usize, j as usize)
                    .is_some_and(|level| level >= k)
        };
        let mut edges = Vec::new();
        for j in 0..(bins * fine) as isize {
            for i in 0..(bins * fine) as isize {
                if !inside(i, j) {
                    continue;
                }
                let box_ = [
                    fx(i as usize),
                    fx(i as usize + 1),
                    fy(j as usize),
                    fy(j as usize + 1),
                ];
                let open = [
                    !inside(i - 1, j),
                    !inside(i + 1, j),
                    !inside(i, j - 1),
                    !inside(i, j + 1),
                ];
                outline(&mut edges, box_, open);
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
    // Strips on the red lines, over the cells they straddle: each region's
    // run of strips outlined as one.
    chart
        .draw_series(regions.strips.iter().map(|strip| {
            let ((l, r), (b, t)) = (x_span(strip.cx), y_span(strip.cy));
            Rectangle::new([(l, b), (r, t)], colour_of(strip.level).filled())
        }))
        .map_err(failed)?;
    for k in 0..LEVELS.len() {
        let inside = |cx: isize, cy: isize| {
            regions.strips.iter().any(|s| {
                (s.cx as isize, s.cy as isize) == (cx, cy) && s.level.is_some_and(|l| l >= k)
            })
        };
        let mut edges = Vec::new();
        for strip in regions
            .strips
            .iter()
            .filter(|s| s.level.is_some_and(|l| l >= k))
        {
            let ((l, r), (b, t)) = (x_span(strip.cx), y_span(strip.cy));
            let (cx, cy) = (strip.cx as isize, strip.cy as isize);
            // On a vertical line strips stack in y, on a horizontal one in x.
            let open = if x_span(strip.cx) != (cell_x(strip.cx), cell_x(strip.cx + 1)) {
                [true, true, !inside(cx, cy - 1), !inside(cx, cy + 1)]
            } else {
                [!inside(cx - 1, cy), !inside(cx + 1, cy), true, true]
            };
            outline(&mut edges, [l, r, b, t], open);
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
    // The first actors, as many as have a glyph of their own: every actor's
    // labelled mark, each placed clear of the earlier ones, took over two
    // minutes for a summary of 15,000 actors.
    for (k, actor) in summary.actors.values().enumerate().take(MARKED_ACTORS) {
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

/// The sides of the box `[left, right, bottom, top]` marked in `open`
/// (left, right, bottom, top), as line segments.
fn outline(edges: &mut Vec<Vec<(f64, f64)>>, [l, r, b, t]: [f64; 4], open: [bool; 4]) {
    let sides = [
        [(l, b), (l, t)],
        [(r, b), (r, t)],
        [(l, b), (r, b)],
        [(l, t), (r, t)],
    ];
    for (side, open) in sides.into_iter().zip(open) {
        if open {
            edges.push(side.to_vec());
        }
    }
}

/// What the shaded regions are drawn from. The zone's 40 × 40 counts are
/// smoothed (each cell's deals spread over its neighbours with binomial
/// weights 1-4-6-4-1 in each direction, never onto a cell beyond a red line,
/// so no deal moves where none can be, and every deal kept), refined to
/// [`Regions::FINE`]² sub-cells by bilinear interpolation between cell centres
/// (each cell's share kept), and the highest-density regions are the densest
/// sub-cells holding 50%, 80% and 95% of the deals. Deals exactly on a red
/// line (cells wholly beyond it, see [`drawn_span`]) are not smoothed: each such
/// cell is drawn as a strip on the line and ranks by its count, as a grid cell.
struct Regions {
    fine: usize,
    /// Per sub-cell (x fastest): the densest region holding it, if any.
    levels: Vec<Option<usize>>,
    /// Per sub-cell: whether its grid cell holds a deal.
    seen: Vec<bool>,
    strips: Vec<Strip>,
}

/// A grid cell of deals exactly on a red line, and its region.
struct Strip {
    cx: usize,
    cy: usize,
    level: Option<usize>,
}

impl Regions {
    const FINE: usize = 4;
    /// The share each region holds, in [`LEVELS`] order.
    const SHARES: [f64; 3] = [0.95, 0.80, 0.50];

    fn new(
        bins: usize,
        count: &dyn Fn(usize, usize) -> f64,
        on_line: &dyn Fn(usize, usize) -> bool,
    ) -> Regions {
        let n = bins;
        let f = Self::FINE;
        let m = n * f;
        let index = |cx: usize, cy: usize| cy * n + cx;
        let allowed = |x: isize, y: isize| {
            x >= 0
                && y >= 0
                && (x as usize) < n
                && (y as usize) < n
                && !on_line(x as usize, y as usize)
        };
        const WEIGHTS: [f64; 5] = [1.0, 4.0, 6.0, 4.0, 1.0];
        let mut smooth = vec![0.0; n * n];
        for cy in 0..n {
            for cx in 0..n {
                let deals = count(cx, cy);
                if deals <= 0.0 || on_line(cx, cy) {
                    continue;
                }
                let (x, y) = (cx as isize, cy as isize);
                let neighbours =
                    || (-2..=2isize).flat_map(move |dy| (-2..=2isize).map(move |dx| (dx, dy)));
                let weight = |(dx, dy): (isize, isize)| {
                    WEIGHTS[(dx + 2) as usize] * WEIGHTS[(dy + 2) as usize]
                };
                let total: f64 = neighbours()
                    .filter(|&(dx, dy)| allowed(x + dx, y + dy))
                    .map(weight)
                    .sum();
                for (dx, dy) in neighbours().filter(|&(dx, dy)| allowed(x + dx, y + dy)) {
                    smooth[index((x + dx) as usize, (y + dy) as usize)] +=
                        deals * weight((dx, dy)) / total;
                }
            }
        }
        let mut mass = vec![0.0; m * m];
        for cy in 0..n {
            for cx in 0..n {
                let here = smooth[index(cx, cy)];
                if here <= 0.0 || on_line(cx, cy) {
                    continue;
                }
                let at = |dx: isize, dy: isize| {
                    let (x, y) = (cx as isize + dx, cy as isize + dy);
                    if allowed(x, y) {
                        smooth[index(x as usize, y as usize)]
                    } else {
                        here
                    }
                };
                let mut sub = vec![0.0; f * f];
                for b in 0..f {
                    for a in 0..f {
                        // The sub-cell centre's offset from the cell centre, in cells.
                        let u = (a as f64 + 0.5) / f as f64 - 0.5;
                        let v = (b as f64 + 0.5) / f as f64 - 0.5;
                        let (sx, tx) = if u < 0.0 { (-1, -u) } else { (1, u) };
                        let (sy, ty) = if v < 0.0 { (-1, -v) } else { (1, v) };
                        sub[b * f + a] = ((1.0 - tx) * (1.0 - ty) * here
                            + tx * (1.0 - ty) * at(sx, 0)
                            + (1.0 - tx) * ty * at(0, sy)
                            + tx * ty * at(sx, sy))
                        .max(0.0);
                    }
                }
                let sum: f64 = sub.iter().sum();
                for b in 0..f {
                    for a in 0..f {
                        let share = if sum > 0.0 {
                            sub[b * f + a] / sum
                        } else {
                            1.0 / (f * f) as f64
                        };
                        mass[(cy * f + b) * m + cx * f + a] = here * share;
                    }
                }
            }
        }
        let total: f64 = (0..n)
            .flat_map(|cy| (0..n).map(move |cx| (cx, cy)))
            .map(|(cx, cy)| count(cx, cy).max(0.0))
            .sum();
        // The densest region an item joins: region k if the deals before it
        // hold less than its share (the smallest set reaching the share
        // takes the item that crosses it).
        let level_after = |before: f64| {
            (0..Self::SHARES.len())
                .rev()
                .find(|&k| before < Self::SHARES[k] * total)
        };
        // Every item with its density per grid-cell area: a sub-cell's share
        // times the sub-cells in a cell, a strip's deals as they stand (a strip
        // is drawn a cell high, so it competes with the cells beside it).
        enum Item {
            Strip(usize),
            Sub(usize),
        }
        let lines: Vec<(usize, usize, f64)> = (0..n)
            .flat_map(|cy| (0..n).map(move |cx| (cx, cy)))
            .filter(|&(cx, cy)| on_line(cx, cy) && count(cx, cy) > 0.0)
            .map(|(cx, cy)| (cx, cy, count(cx, cy)))
            .collect();
        let mut items: Vec<(f64, f64, Item)> = lines
            .iter()
            .enumerate()
            .map(|(k, &(_, _, deals))| (deals, deals, Item::Strip(k)))
            .chain(
                (0..m * m)
                    .filter(|&k| mass[k] > 0.0)
                    .map(|k| (mass[k] * (f * f) as f64, mass[k], Item::Sub(k))),
            )
            .collect();
        items.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut levels = vec![None; m * m];
        let mut strip_levels = vec![None; lines.len()];
        let mut before = 0.0;
        for (_, deals, item) in items {
            let level = level_after(before);
            match item {
                Item::Strip(k) => strip_levels[k] = level,
                Item::Sub(k) => levels[k] = level,
            }
            before += deals;
        }
        let strips = lines
            .iter()
            .zip(strip_levels)
            .map(|(&(cx, cy, _), level)| Strip { cx, cy, level })
            .collect();
        let seen = (0..m * m)
            .map(|k| {
                let (cx, cy) = ((k % m) / f, (k / m) / f);
                count(cx, cy) > 0.0 && !on_line(cx, cy)
            })
            .collect();
        Regions {
            fine: f,
            levels,
            seen,
            strips,
        }
    }

    fn width(&self) -> usize {
        (self.levels.len() as f64).sqrt().round() as usize
    }

    /// The densest region holding sub-cell `(i, j)`, if any.
    fn level(&self, i: usize, j: usize) -> Option<usize> {
        self.levels[j * self.width() + i]
    }

    /// How to shade sub-cell `(i, j)`: a region, the deals outside the widest
    /// region (`Some(None)`), or not at all.
    fn shade(&self, i: usize, j: usize) -> Option<Option<usize>> {
        match self.level(i, j) {
            Some(level) => Some(Some(level)),
            None if self.seen[j * self.width() + i] => Some(None),
            None => None,
        }
    }
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

    /// Regions nest, hold their shares of the deals, keep every deal inside
    /// the grid and off the cells beyond a red line, and take deals on a red
    /// line first.
    #[test]
    fn regions_nest_and_hold_their_shares() {
        let bins = 10;
        // A blob around (3, 3), a few deals at (8, 8), and 30 deals on a red
        // line in column 9 (wholly beyond the line, drawn on it).
        let count = |cx: usize, cy: usize| -> f64 {
            let d = (cx as f64 - 3.0).powi(2) + (cy as f64 - 3.0).powi(2);
            let blob = if d <= 4.0 { 20.0 - 4.0 * d } else { 0.0 };
            let far = if (cx, cy) == (8, 8) { 2.0 } else { 0.0 };
            let line = if cx == 9 && cy == 5 { 30.0 } else { 0.0 };
            blob + far + line
        };
        let on_line = |cx: usize, _: usize| cx == 9;
        let regions = Regions::new(bins, &count, &on_line);
        let m = bins * Regions::FINE;
        assert_eq!(regions.width(), m);
        // The strip joins the densest region first.
        assert_eq!(regions.strips.len(), 1);
        assert_eq!(regions.strips[0].level, Some(2));
        // Nothing beyond the line: no sub-cell of column 9 is in a region.
        for j in 0..m {
            for i in 9 * Regions::FINE..m {
                assert_eq!(regions.shade(i, j), None, "({i}, {j})");
            }
        }
        // Regions nest: the count of sub-cells falls from the widest to the densest.
        let sizes: Vec<usize> = (0..3)
            .map(|k| {
                regions
                    .levels
                    .iter()
                    .filter(|l| l.is_some_and(|l| l >= k))
                    .count()
            })
            .collect();
        assert!(
            sizes[0] >= sizes[1] && sizes[1] >= sizes[2] && sizes[2] > 0,
            "{sizes:?}"
        );
        // The blob's centre is in the densest region; the far corner is not.
        let f = Regions::FINE;
        assert_eq!(regions.level(3 * f + 1, 3 * f + 1), Some(2));
        assert_ne!(regions.level(8 * f + 1, 8 * f + 1), Some(2));
    }

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

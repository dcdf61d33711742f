//! Point labels that do not overlap: each label tries a few spots around its
//! point (right, left, above, below) and takes the first that is free.

use super::theme::*;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Labels placed so far, as pixel rectangles.
pub struct Labeller {
    taken: Vec<(i32, i32, i32, i32)>,
    /// Labels stay inside `(left, top, right, bottom)`.
    bounds: (i32, i32, i32, i32),
}

impl Labeller {
    /// A labeller keeping labels inside `bounds` (pixels).
    pub fn within(bounds: (i32, i32, i32, i32)) -> Labeller {
        Labeller {
            taken: Vec::new(),
            bounds,
        }
    }

    /// A labeller keeping labels inside `plot`, a chart's plotting area on
    /// `root`, in `root`'s pixels.
    pub fn over<DB: DrawingBackend, X: plotters::coord::CoordTranslate>(
        root: &DrawingArea<DB, Shift>,
        plot: &DrawingArea<DB, X>,
    ) -> Labeller {
        let (root_x, root_y) = root.get_base_pixel();
        let (xs, ys) = plot.get_pixel_range();
        Labeller::within((
            xs.start - root_x,
            ys.start - root_y,
            xs.end - root_x,
            ys.end - root_y,
        ))
    }

    /// Marks a rectangle (e.g. a marker) as taken.
    pub fn reserve(&mut self, rect: (i32, i32, i32, i32)) {
        self.taken.push(rect);
    }

    /// Draws `label` near `(x, y)` where it overlaps nothing placed before
    /// (or to the right, if every spot is taken).
    pub fn draw<DB: DrawingBackend>(
        &mut self,
        area: &DrawingArea<DB, Shift>,
        label: &str,
        (x, y): (i32, i32),
        style: &TextStyle<'static>,
    ) -> ChartResult {
        let width = text_width(area, label, style);
        let height = 14;
        let (min_x, min_y, max_x, max_y) = self.bounds;
        let spots = [
            (x + 9, y - height / 2),
            (x - 9 - width, y - height / 2),
            (x - width / 2, y - 10 - height),
            (x - width / 2, y + 10),
            (x + 9, y - height - 6),
            (x + 9, y + 6),
            // Farther out, for crowded corners.
            (x + 9, y - 2 * height - 10),
            (x + 24, y + 10),
            (x + 9, y - 3 * height - 12),
            (x - 9 - width, y - height - 10),
        ];
        let inside = |(left, top): (i32, i32)| {
            left >= min_x && top >= min_y && left + width <= max_x && top + height <= max_y
        };
        let free = |(left, top): (i32, i32), taken: &[(i32, i32, i32, i32)]| {
            taken
                .iter()
                .all(|&(l, t, r, b)| left + width < l || left > r || top + height < t || top > b)
        };
        // The first free spot inside the bounds; failing that, the first one
        // inside; failing that, the right-hand spot pulled inside. A label is
        // never cut off at the plot's edge.
        let spot = spots
            .iter()
            .copied()
            .find(|&spot| inside(spot) && free(spot, &self.taken))
            .or_else(|| spots.iter().copied().find(|&spot| inside(spot)))
            .unwrap_or_else(|| {
                (
                    spots[0].0.min(max_x - width).max(min_x),
                    spots[0].1.min(max_y - height).max(min_y),
                )
            });
        self.taken
            .push((spot.0, spot.1, spot.0 + width, spot.1 + height));
        text(
            area,
            label,
            spot,
            &anchored(style.clone(), HPos::Left, VPos::Top),
        )
    }
}

/// A marked point: where (pixels from the drawing area's origin), its marker,
/// colour and label.
pub type Point = ((i32, i32), Marker, RGBColor, String);

/// The Nash and Kalai–Smorodinsky points (where there are), as every chart
/// marks them: a star and an upright cross.
pub fn solution_points(nash: Option<(i32, i32)>, ks: Option<(i32, i32)>) -> Vec<Point> {
    let mut points = Vec::new();
    if let Some(at) = nash {
        points.push((at, Marker::Star, TEXT, "Nash".to_string()));
    }
    if let Some(at) = ks {
        points.push((at, Marker::Plus, MEDIAN, "Kalai–Smorodinsky".to_string()));
    }
    points
}

/// Draws `points` with labels that avoid each other and every marker, and
/// stay inside `plot` (a chart's plotting area on `root`).
pub fn draw_points<DB: DrawingBackend, X>(
    root: &DrawingArea<DB, Shift>,
    plot: &DrawingArea<DB, X>,
    points: &[Point],
) -> ChartResult
where
    X: plotters::coord::CoordTranslate,
{
    let mut labeller = Labeller::over(root, plot);
    draw_points_with(root, points, &mut labeller)
}

/// [`draw_points`] with a labeller that already holds other labels and
/// marks, which the points' labels then avoid too.
pub fn draw_points_with<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    points: &[Point],
    labeller: &mut Labeller,
) -> ChartResult {
    // A marker that would land on an earlier one moves aside, up and to the
    // right (or the other way at the plot's edge), with a thin line back to
    // where it belongs: an ideal point and a proposal at the same spot both
    // stay visible. The search ends where a step would leave the plot (a
    // step clamped to its corner could wait for ever on a marker drawn
    // there: 80 proposals at one point hung the utilities chart); a marker
    // with no free spot on its way then stays on its own point.
    let (left, top, right, bottom) = labeller.bounds;
    let reach = (right - left).max(bottom - top);
    let mut drawn: Vec<(i32, i32)> = Vec::new();
    let mut placed = Vec::with_capacity(points.len());
    for &((x, y), _, _, _) in points {
        let taken = |at: (i32, i32)| {
            drawn
                .iter()
                .any(|&(dx, dy)| (dx - at.0).abs() < 12 && (dy - at.1).abs() < 12)
        };
        let mut at = (x, y);
        let mut offset = 14;
        while taken(at) && offset <= reach {
            let dx = if x + offset + 7 <= right {
                offset
            } else {
                -offset
            };
            let dy = if y - offset - 7 >= top {
                -offset
            } else {
                offset
            };
            at = ((x + dx).max(left), (y + dy).min(bottom));
            offset += 14;
        }
        if taken(at) {
            at = (x, y);
        }
        drawn.push(at);
        placed.push(at);
        labeller.reserve((at.0 - 7, at.1 - 7, at.0 + 7, at.1 + 7));
    }
    for ((true_at, marker, colour, label), &at) in points.iter().zip(&placed) {
        if at != *true_at {
            root.draw(&PathElement::new(
                vec![*true_at, at],
                colour.mix(0.8).stroke_width(1),
            ))
            .map_err(failed)?;
        }
        draw_marker(root, *marker, at, 13, *colour)?;
        labeller.draw(root, label, at, &font(13.0))?;
    }
    Ok(())
}

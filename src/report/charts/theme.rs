//! The look shared by every chart: the bundled font, colours, marker shapes,
//! the title block and the caption line.
//!
//! Colours are the Okabe–Ito palette, which stays distinguishable under the
//! common forms of colour blindness; actors take them in scenario order, so an
//! actor has the same colour in every chart. Proposals are dark grey and told
//! apart by marker shape, so they never compete with actors' colours. Text is
//! DejaVu Sans, compiled into the binary and registered with plotters' ab_glyph
//! text path: charts look the same on a machine with no fonts at all.

use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontStyle, register_font};
use std::sync::Once;

/// What drawing can fail with, as text for the user.
pub type ChartResult = Result<(), String>;

/// Turns a plotters error into text.
pub fn failed<E: std::fmt::Debug>(err: E) -> String {
    format!("cannot draw the chart: {err:?}")
}

static FONT: Once = Once::new();

/// DejaVu Sans, compiled in (licence: assets/fonts/LICENSE).
pub const REGULAR_FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold.
pub const BOLD_FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// Registers the bundled font under the family name "sans-serif" (once).
pub fn register_fonts() {
    FONT.call_once(|| {
        // The bytes are a known-good font compiled in; failure is impossible
        // short of a corrupted build, and then text is simply not drawn.
        let _ = register_font("sans-serif", FontStyle::Normal, REGULAR_FONT);
        let _ = register_font("sans-serif", FontStyle::Bold, BOLD_FONT);
    });
}

/// Chart width in pixels (PNG) or user units (SVG).
pub const WIDTH: u32 = 1200;
/// Outer margin.
pub const MARGIN: i32 = 28;

pub const TEXT: RGBColor = RGBColor(33, 33, 33);
pub const MUTED: RGBColor = RGBColor(110, 110, 110);
pub const GRID: RGBColor = RGBColor(225, 225, 225);
pub const TRACK: RGBColor = RGBColor(240, 240, 240);
/// The 90% band and the 50% band of outcomes, and the median.
pub const BAND_OUTER: RGBColor = RGBColor(198, 219, 239);
pub const BAND_INNER: RGBColor = RGBColor(107, 174, 214);
pub const MEDIAN: RGBColor = RGBColor(8, 48, 107);
/// Proposals: one dark grey, told apart by shape.
pub const PROPOSAL: RGBColor = RGBColor(60, 60, 60);

/// Okabe–Ito, reordered so the first colours are the most distinct on white
/// (its yellow is last: it is faint on white).
const ACTOR_COLOURS: [RGBColor; 8] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(230, 159, 0),   // orange
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(0, 0, 0),       // black
    RGBColor(240, 228, 66),  // yellow
];

/// How many actors have a glyph of their own (a colour on a circle, then
/// on a square): charts mark the first this many actors' ideals, and the
/// legend says how many more there are, since further marks would repeat
/// glyphs a reader could not tell apart (and a scenario of 20,000 actors
/// took two minutes and 1.6 GB to chart with every mark stacked).
pub const MARKED_ACTORS: usize = 2 * ACTOR_COLOURS.len();

/// The legend entry that counts the actors past [`MARKED_ACTORS`] of
/// `actors`, which the chart leaves `left` ("not drawn", "not marked").
pub fn unmarked_actors(actors: usize, left: &str) -> Option<LegendItem> {
    (actors > MARKED_ACTORS).then(|| LegendItem {
        label: format!(
            "{} more actors {left} (see summary.json)",
            actors - MARKED_ACTORS
        ),
        glyph: Glyph::Swatch(TRACK),
    })
}

/// The colour of the actor at `index` (scenario order).
pub fn actor_colour(index: usize) -> RGBColor {
    ACTOR_COLOURS[index % ACTOR_COLOURS.len()]
}

/// Marker shapes: actors are circles (a second lap of the palette uses
/// squares), proposals take the other shapes in turn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Marker {
    Circle,
    Square,
    Diamond,
    TriangleUp,
    TriangleDown,
    Cross,
    Star,
    /// An upright cross, for a solution point that must not share a proposal's shape.
    Plus,
}

const PROPOSAL_MARKERS: [Marker; 5] = [
    Marker::Diamond,
    Marker::TriangleUp,
    Marker::Square,
    Marker::TriangleDown,
    Marker::Cross,
];

/// The marker of the actor at `index`.
pub fn actor_marker(index: usize) -> Marker {
    if index < ACTOR_COLOURS.len() {
        Marker::Circle
    } else {
        Marker::Square
    }
}

/// The marker of the proposal at `index`.
pub fn proposal_marker(index: usize) -> Marker {
    PROPOSAL_MARKERS[index % PROPOSAL_MARKERS.len()]
}

/// Draws `marker` centred on `(x, y)`, `size` pixels across.
pub fn draw_marker<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    marker: Marker,
    (x, y): (i32, i32),
    size: i32,
    colour: RGBColor,
) -> ChartResult {
    let r = size / 2;
    let fill = colour.filled();
    let edge = WHITE.stroke_width(1);
    let polygon = |points: Vec<(i32, i32)>| -> ChartResult {
        area.draw(&Polygon::new(points.clone(), fill))
            .map_err(failed)?;
        let mut closed = points;
        closed.push(closed[0]);
        area.draw(&PathElement::new(closed, edge)).map_err(failed)
    };
    match marker {
        Marker::Circle => {
            area.draw(&Circle::new((x, y), r, fill)).map_err(failed)?;
            area.draw(&Circle::new((x, y), r, edge)).map_err(failed)
        }
        Marker::Square => polygon(vec![
            (x - r, y - r),
            (x + r, y - r),
            (x + r, y + r),
            (x - r, y + r),
        ]),
        Marker::Diamond => polygon(vec![
            (x, y - r - 1),
            (x + r + 1, y),
            (x, y + r + 1),
            (x - r - 1, y),
        ]),
        Marker::TriangleUp => polygon(vec![(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)]),
        Marker::TriangleDown => {
            polygon(vec![(x, y + r + 1), (x + r + 1, y - r), (x - r - 1, y - r)])
        }
        Marker::Cross => {
            let style = colour.stroke_width(3);
            area.draw(&PathElement::new(
                vec![(x - r, y - r), (x + r, y + r)],
                style,
            ))
            .map_err(failed)?;
            area.draw(&PathElement::new(
                vec![(x - r, y + r), (x + r, y - r)],
                style,
            ))
            .map_err(failed)
        }
        Marker::Plus => {
            let style = colour.stroke_width(4);
            area.draw(&PathElement::new(
                vec![(x - r - 1, y), (x + r + 1, y)],
                style,
            ))
            .map_err(failed)?;
            area.draw(&PathElement::new(
                vec![(x, y - r - 1), (x, y + r + 1)],
                style,
            ))
            .map_err(failed)
        }
        Marker::Star => {
            let points: Vec<(i32, i32)> = (0..10)
                .map(|k| {
                    let angle = std::f64::consts::PI * (k as f64 / 5.0 - 0.5);
                    let radius = if k % 2 == 0 {
                        r as f64 + 2.0
                    } else {
                        r as f64 * 0.5
                    };
                    (
                        x + (radius * angle.cos()).round() as i32,
                        y + (radius * angle.sin()).round() as i32,
                    )
                })
                .collect();
            polygon(points)
        }
    }
}

/// A font of the bundled family.
pub fn font(size: f64) -> TextStyle<'static> {
    register_fonts();
    ("sans-serif", size).into_font().color(&TEXT)
}

/// The bold face.
pub fn bold(size: f64) -> TextStyle<'static> {
    register_fonts();
    ("sans-serif", size)
        .into_font()
        .style(FontStyle::Bold)
        .color(&TEXT)
}

/// `style` anchored at `(h, v)`.
pub fn anchored(style: TextStyle<'static>, h: HPos, v: VPos) -> TextStyle<'static> {
    style.pos(Pos::new(h, v))
}

/// Draws `text` at `(x, y)` with `style`.
pub fn text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    (x, y): (i32, i32),
    style: &TextStyle,
) -> ChartResult {
    area.draw(&Text::new(text.to_string(), (x, y), style.clone()))
        .map_err(failed)
}

/// Width of `text` in `style`, in pixels.
pub fn text_width<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
) -> i32 {
    area.estimate_text_size(text, style)
        .map(|(w, _)| w as i32)
        .unwrap_or(text.chars().count() as i32 * 8)
}

/// Shortens `text` with an ellipsis to fit `width` pixels.
///
/// The longest prefix that fits is found by bisection on its length in
/// characters, so a label costs O(n log n) in its length, however long: a
/// prefix's width only grows as characters are added.
pub fn fit<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
    width: i32,
) -> String {
    if text_width(area, text, style) <= width {
        return text.to_string();
    }
    // Byte offsets of every character boundary: prefix `k` is `text[..ends[k]]`.
    let ends: Vec<usize> = text
        .char_indices()
        .map(|(offset, _)| offset)
        .chain([text.len()])
        .collect();
    let cut = |chars: usize| format!("{}…", text[..ends[chars]].trim_end());
    // Invariant: prefix `fits` fits (0 chars: the ellipsis alone, or nothing);
    // prefix `too_long` does not (the whole text does not).
    let (mut fits, mut too_long) = (0, ends.len() - 1);
    while too_long - fits > 1 {
        let middle = fits + (too_long - fits) / 2;
        if text_width(area, &cut(middle), style) <= width {
            fits = middle;
        } else {
            too_long = middle;
        }
    }
    let best = cut(fits);
    if fits > 0 || text_width(area, &best, style) <= width {
        best
    } else {
        String::new()
    }
}

/// Height of the title block drawn by [`frame`].
pub const TITLE_HEIGHT: i32 = 64;
/// Height of the caption line drawn by [`frame`].
pub const CAPTION_HEIGHT: i32 = 34;

/// White background, title and subtitle at the top, caption at the bottom;
/// returns the area left for the chart body.
pub fn frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    subtitle: &str,
    caption: &str,
) -> Result<DrawingArea<DB, Shift>, String> {
    root.fill(&WHITE).map_err(failed)?;
    let (width, height) = root.dim_in_pixel();
    let width = width as i32;
    let height = height as i32;
    let usable = width - 2 * MARGIN;
    text(
        root,
        &fit(root, title, &bold(24.0), usable),
        (MARGIN, 16),
        &bold(24.0),
    )?;
    let sub = font(15.0).color(&MUTED);
    text(root, &fit(root, subtitle, &sub, usable), (MARGIN, 46), &sub)?;
    let cap = font(12.5).color(&MUTED);
    text(
        root,
        &fit(root, caption, &cap, usable),
        (MARGIN, height - 22),
        &cap,
    )?;
    root.draw(&PathElement::new(
        vec![
            (MARGIN, height - CAPTION_HEIGHT),
            (width - MARGIN, height - CAPTION_HEIGHT),
        ],
        GRID.stroke_width(1),
    ))
    .map_err(failed)?;
    Ok(root.margin(
        TITLE_HEIGHT as u32 + 10,
        CAPTION_HEIGHT as u32 + 6,
        MARGIN as u32,
        MARGIN as u32,
    ))
}

/// The legend's label for a Pareto frontier (`at`: where it is computed,
/// e.g. " at nominal values"): why there is none when it has no points,
/// left out as too costly or no deal the veto actors allow.
pub fn frontier_label(left_out: bool, empty: bool, at: &str) -> String {
    if left_out {
        "Pareto frontier left out: too costly to compute".into()
    } else if empty {
        format!("no Pareto frontier: no deal the veto actors allow{at}")
    } else {
        format!("Pareto frontier{at}")
    }
}

/// One entry of a legend.
pub struct LegendItem {
    pub label: String,
    pub glyph: Glyph,
}

/// What a legend entry shows before its label.
pub enum Glyph {
    Marker(Marker, RGBColor),
    Swatch(RGBColor),
    Line(RGBColor, u32),
    /// A hollow circle: a mark drawn from too few data to trust.
    Ring(RGBColor),
    /// A hatched square: a region ruled out (see [`hatch`]).
    Hatch(RGBColor),
}

/// Diagonal hatching over the pixel rectangle `[left, right] × [top, bottom]`
/// of `area`: lines at 45°, `spacing` pixels apart, in `colour`.
pub fn hatch<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (left, top): (i32, i32),
    (right, bottom): (i32, i32),
    spacing: i32,
    colour: RGBColor,
) -> Result<(), String> {
    let (left, right) = (left.min(right), left.max(right));
    let (top, bottom) = (top.min(bottom), top.max(bottom));
    // Lines x − y = k, clipped to the rectangle.
    let spacing = spacing.max(2);
    let mut k = left - bottom;
    // Align the lines to a global lattice so that neighbouring regions match.
    k -= k.rem_euclid(spacing);
    while k <= right - top {
        let (from, to) = ((top + k).max(left), (bottom + k).min(right));
        if from < to {
            area.draw(&PathElement::new(
                vec![(from, from - k), (to, to - k)],
                colour.stroke_width(1),
            ))
            .map_err(failed)?;
        }
        k += spacing;
    }
    Ok(())
}

/// Draws a legend in rows from `(x, y)`, wrapping at `right`; returns the
/// height used.
pub fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    items: &[LegendItem],
    (x, y): (i32, i32),
    right: i32,
) -> Result<i32, String> {
    const ROW: i32 = 24;
    let style = anchored(font(14.0), HPos::Left, VPos::Center);
    let (mut cx, mut cy) = (x, y + ROW / 2);
    for item in items {
        let width = 22 + text_width(area, &item.label, &style) + 22;
        if cx > x && cx + width > right {
            cx = x;
            cy += ROW;
        }
        match item.glyph {
            Glyph::Marker(marker, colour) => draw_marker(area, marker, (cx + 7, cy), 12, colour)?,
            Glyph::Swatch(colour) => area
                .draw(&Rectangle::new(
                    [(cx, cy - 6), (cx + 16, cy + 6)],
                    colour.filled(),
                ))
                .map_err(failed)?,
            Glyph::Line(colour, width) => area
                .draw(&PathElement::new(
                    vec![(cx, cy), (cx + 16, cy)],
                    colour.stroke_width(width),
                ))
                .map_err(failed)?,
            Glyph::Ring(colour) => area
                .draw(&Circle::new((cx + 8, cy), 5, colour.stroke_width(2)))
                .map_err(failed)?,
            Glyph::Hatch(colour) => {
                hatch(area, (cx, cy - 7), (cx + 16, cy + 7), 5, colour)?;
                area.draw(&Rectangle::new(
                    [(cx, cy - 7), (cx + 16, cy + 7)],
                    colour.stroke_width(1),
                ))
                .map_err(failed)?
            }
        }
        text(area, &item.label, (cx + 22, cy), &style)?;
        cx += width;
    }
    Ok(cy + ROW / 2 - y)
}

/// The height a chart reserves for a legend of `items` across `width`
/// pixels: the rows [`legend`] wraps them into (measured by drawing it on a
/// scratch SVG, the charts' own backend), with room below, and never less
/// than `least`; so a legend of many actors pushes the plot down rather than
/// running into it.
pub fn legend_space(items: &[LegendItem], width: i32, least: i32) -> i32 {
    let mut scratch = String::new();
    let rows = {
        let area = SVGBackend::with_string(&mut scratch, (width.max(1) as u32, 10_000))
            .into_drawing_area();
        legend(&area, items, (0, 0), width).unwrap_or(0)
    };
    (rows + 12).max(least)
}

/// Draws `items` as a legend across the top of `body` and returns the area
/// below it, for the plot.
pub fn below_legend<DB: DrawingBackend>(
    body: &DrawingArea<DB, Shift>,
    items: &[LegendItem],
) -> Result<DrawingArea<DB, Shift>, String> {
    let (width, _) = body.dim_in_pixel();
    let height = legend(body, items, (0, 0), width as i32)?;
    Ok(body.margin(height as u32 + 12, 0, 0, 0))
}

/// Draws a cartesian chart's mesh in the house style (tick labels 13 px, axis
/// titles 14 px, light grid lines only at the labelled ticks, grey axes),
/// after whatever the chart set on `mesh` itself (labels, formatters, titles).
pub fn draw_mesh<X, Y, XT, YT, DB>(mesh: &mut MeshStyle<'_, '_, X, Y, DB>) -> ChartResult
where
    X: Ranged<ValueType = XT> + ValueFormatter<XT>,
    Y: Ranged<ValueType = YT> + ValueFormatter<YT>,
    DB: DrawingBackend,
{
    mesh.label_style(font(13.0))
        .axis_desc_style(font(14.0))
        .light_line_style(WHITE)
        .bold_line_style(GRID.stroke_width(1))
        .axis_style(MUTED.stroke_width(1))
        .draw()
        .map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_keeps_the_longest_prefix_that_fits_even_of_a_huge_label() {
        let mut svg = String::new();
        let area = SVGBackend::with_string(&mut svg, (400, 100)).into_drawing_area();
        let style = font(12.0);
        assert_eq!(fit(&area, "Short", &style, 300), "Short");
        // 200,000 characters: one character at a time this took minutes.
        let text = "Ceasefire line ".repeat(13_334);
        let fitted = fit(&area, &text, &style, 300);
        assert!(fitted.ends_with('…'), "{fitted}");
        assert!(text_width(&area, &fitted, &style) <= 300, "{fitted}");
        let kept = fitted.trim_end_matches('…').chars().count();
        let one_more = format!("{}…", text.chars().take(kept + 2).collect::<String>());
        assert!(
            text_width(&area, &one_more, &style) > 300,
            "a longer prefix would have fitted: {fitted}"
        );
        assert_eq!(fit(&area, &text, &style, 1), "");
    }
}

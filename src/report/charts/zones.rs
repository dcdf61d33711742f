//! `zones`, the headline chart: one row per issue on its own scale, with the
//! 90% and 50% bands of agreed outcomes and their median, each actor's ideal
//! (coloured markers above the track) and each reference proposal (grey
//! shapes below it). Discrete issues show one cell per option, shaded by how
//! often it was agreed.

use super::theme::*;
use crate::format::percent;
use crate::scenario::format_number;
use crate::summary::{ActorSummary, IssueSummary, Position, Summary};
use indexmap::IndexMap;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

const NAME: i32 = 24;
pub(super) const LANE: i32 = 14;
const TRACK_HEIGHT: i32 = 20;
const ENDS: i32 = 22;
const GAP: i32 = 16;
/// The line naming an issue's pinned values, when it has any.
const PIN_LINE: i32 = 17;
/// Colour of the dots marking pinned values (in no actor's palette).
const PINNED: RGBColor = RGBColor(94, 60, 153);
/// The least room the legend takes (two rows).
const LEGEND: i32 = 60;
/// Markers closer than this (pixels) stack instead of overlapping.
const CLOSE: i32 = 13;

/// A marker in a lane: x in pixels, and its stack level.
pub(super) struct Placed {
    pub x: i32,
    pub level: i32,
    pub marker: Marker,
    pub colour: RGBColor,
}

struct Row<'a> {
    issue: &'a IssueSummary,
    actors: Vec<Placed>,
    proposals: Vec<Placed>,
}

pub(super) fn levels(placed: &[Placed]) -> i32 {
    placed.iter().map(|p| p.level + 1).max().unwrap_or(1)
}

fn row_height(row: &Row) -> i32 {
    let pins = if pins(row.issue).is_empty() {
        0
    } else {
        PIN_LINE
    };
    NAME + levels(&row.actors) * LANE
        + TRACK_HEIGHT
        + levels(&row.proposals) * LANE
        + ENDS
        + pins
        + GAP
}

/// "pinned: 0.1 in 100% of deals (Russia's red line)", one clause per pinned
/// value, or empty.
fn pins(issue: &IssueSummary) -> String {
    issue
        .pinned
        .iter()
        .flatten()
        .map(|pin| {
            format!(
                "{} in {} of deals ({})",
                format_number(pin.value),
                percent(pin.share),
                pin.reason
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Where `position` falls on a track from `left` to `right`.
pub(super) fn place(
    issue: &IssueSummary,
    position: &Position,
    left: i32,
    right: i32,
) -> Option<i32> {
    let span = (right - left) as f64;
    match (position, issue.range, issue.options.as_ref()) {
        (Position::Number(value), Some([min, max]), _) if max > min => {
            Some(left + (((value - min) / (max - min)).clamp(0.0, 1.0) * span).round() as i32)
        }
        (Position::Option(name), _, Some(options)) => {
            let k = options.iter().position(|o| o == name)?;
            Some(left + ((k as f64 + 0.5) / options.len() as f64 * span).round() as i32)
        }
        _ => None,
    }
}

/// Stacks markers whose x positions collide: each goes to the lowest level
/// whose last marker (the rightmost, as they come in order) is far enough.
pub(super) fn stack(mut items: Vec<(i32, Marker, RGBColor)>) -> Vec<Placed> {
    items.sort_by_key(|item| item.0);
    let mut placed: Vec<Placed> = Vec::new();
    let mut last: Vec<i32> = Vec::new();
    for (x, marker, colour) in items {
        let level = last
            .iter()
            .position(|&at| x - at >= CLOSE)
            .unwrap_or(last.len());
        if level == last.len() {
            last.push(x);
        } else {
            last[level] = x;
        }
        let level = level as i32;
        placed.push(Placed {
            x,
            level,
            marker,
            colour,
        });
    }
    placed
}

fn rows(summary: &Summary, left: i32, right: i32) -> Vec<Row<'_>> {
    summary
        .issues
        .iter()
        .map(|(id, issue)| {
            let actors = summary
                .actors
                .values()
                .take(MARKED_ACTORS)
                .enumerate()
                .filter_map(|(k, actor)| {
                    let x = place(issue, actor.ideal.get(id)?, left, right)?;
                    Some((x, actor_marker(k), actor_colour(k)))
                })
                .collect();
            let proposals = summary
                .proposals
                .values()
                .enumerate()
                .filter_map(|(k, proposal)| {
                    let x = place(issue, proposal.values.get(id)?, left, right)?;
                    Some((x, proposal_marker(k), PROPOSAL))
                })
                .collect();
            Row {
                issue,
                actors: stack(actors),
                proposals: stack(proposals),
            }
        })
        .collect()
}

/// Track ends in pixels for a chart of this width.
fn track_ends(width: u32) -> (i32, i32) {
    (MARGIN + 8, width as i32 - MARGIN - 8)
}

/// The chart's size for this summary.
pub fn size(summary: &Summary) -> (u32, u32) {
    let (left, right) = track_ends(WIDTH);
    let body: i32 = rows(summary, left, right).iter().map(row_height).sum();
    let legend = legend_space(&legend_items(summary), right - left + 16, LEGEND);
    let height = TITLE_HEIGHT + 10 + legend + body + CAPTION_HEIGHT + 10;
    (WIDTH, height as u32)
}

/// The chart's legend: the bands, pinned values, the actors and proposals.
fn legend_items(summary: &Summary) -> Vec<LegendItem> {
    let mut items = band_legend(&summary.actors);
    if summary.issues.values().any(|issue| !pins(issue).is_empty()) {
        items.insert(
            3,
            LegendItem {
                label: "one value held by ≥5% of deals (larger: more)".into(),
                glyph: Glyph::Marker(Marker::Circle, PINNED),
            },
        );
    }
    for (k, name) in summary.proposals.keys().enumerate() {
        items.push(LegendItem {
            label: name.clone(),
            glyph: Glyph::Marker(proposal_marker(k), PROPOSAL),
        });
    }
    items
}

/// Legend entries for the bands, the median and each actor's ideal.
pub(super) fn band_legend(actors: &IndexMap<String, ActorSummary>) -> Vec<LegendItem> {
    let mut items = vec![
        LegendItem {
            label: "90% of agreements".into(),
            glyph: Glyph::Swatch(BAND_OUTER),
        },
        LegendItem {
            label: "50%".into(),
            glyph: Glyph::Swatch(BAND_INNER),
        },
        LegendItem {
            label: "median".into(),
            glyph: Glyph::Line(MEDIAN, 3),
        },
    ];
    for (k, (_, actor)) in actors.iter().take(MARKED_ACTORS).enumerate() {
        items.push(LegendItem {
            label: format!("{} wants", actor.title()),
            glyph: Glyph::Marker(actor_marker(k), actor_colour(k)),
        });
    }
    if actors.len() > MARKED_ACTORS {
        items.push(LegendItem {
            label: format!(
                "{} more actors not marked (see summary.json)",
                actors.len() - MARKED_ACTORS
            ),
            glyph: Glyph::Ring(MUTED),
        });
    }
    items
}

/// Draws the chart onto `root` (sized by [`size`]).
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, summary: &Summary) -> ChartResult {
    let subtitle = format!(
        "Where agreed outcomes fall: bands hold 90% and 50% of agreements (agreement in {} of trials)",
        percent(summary.agreement_rate)
    );
    let body = frame(
        root,
        &format!("Zones of agreement — {}", summary.scenario),
        &subtitle,
        &summary.caption(),
    )?;
    let (width, _) = root.dim_in_pixel();
    let (left, right) = track_ends(width);
    let items = legend_items(summary);
    let (body_left, body_top) = body.get_base_pixel();
    let to_body = |(x, y): (i32, i32)| (x - body_left, y - body_top);
    let (l, r) = (to_body((left, 0)).0, to_body((right, 0)).0);
    legend(&body, &items, (l - 8, 0), r + 8)?;
    let mut y = legend_space(&items, r - l + 16, LEGEND);
    for row in rows(summary, l, r) {
        draw_row(&body, &row, y, l, r)?;
        y += row_height(&row);
    }
    Ok(())
}

fn draw_row<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    row: &Row,
    top: i32,
    left: i32,
    right: i32,
) -> ChartResult {
    let issue = row.issue;
    let name_style = anchored(bold(15.0), HPos::Left, VPos::Top);
    let stat_style = anchored(font(13.0).color(&MUTED), HPos::Right, VPos::Top);
    let stats = statistics(issue);
    let stats_width = text_width(area, &stats, &stat_style);
    let name = fit(
        area,
        issue.title(),
        &name_style,
        right - left - stats_width - 20,
    );
    text(area, &name, (left, top), &name_style)?;
    text(area, &stats, (right, top + 2), &stat_style)?;
    let actor_levels = levels(&row.actors);
    let track_top = top + NAME + actor_levels * LANE;
    let track_bottom = track_top + TRACK_HEIGHT;
    for placed in &row.actors {
        let y = track_top - 7 - placed.level * LANE;
        draw_marker(area, placed.marker, (placed.x, y), 11, placed.colour)?;
    }
    if let Some(options) = &issue.options {
        draw_options(
            area,
            issue,
            options,
            (left, track_top),
            (right, track_bottom),
        )?;
    } else {
        draw_bands(area, issue, (left, track_top), (right, track_bottom))?;
    }
    for placed in &row.proposals {
        let y = track_bottom + 8 + placed.level * LANE;
        draw_marker(area, placed.marker, (placed.x, y), 11, placed.colour)?;
    }
    let ends_y = track_bottom + levels(&row.proposals) * LANE + 6;
    let (low, high) = end_labels(issue);
    let end_style = font(12.0).color(&MUTED);
    let half = (right - left) / 2 - 10;
    text(
        area,
        &fit(area, &low, &end_style, half),
        (left, ends_y),
        &anchored(end_style.clone(), HPos::Left, VPos::Top),
    )?;
    text(
        area,
        &fit(area, &high, &end_style, half),
        (right, ends_y),
        &anchored(end_style, HPos::Right, VPos::Top),
    )?;
    let pinned = pins(issue);
    if !pinned.is_empty() {
        let style = anchored(font(12.0).color(&PINNED), HPos::Left, VPos::Top);
        let line = format!("Pinned exactly at {pinned}");
        text(
            area,
            &fit(area, &line, &style, right - left),
            (left, ends_y + ENDS - 4),
            &style,
        )?;
    }
    Ok(())
}

/// "median 0.46 · 50%: 0.29–0.5 · 90%: 0.25–0.5", or the modal option.
fn statistics(issue: &IssueSummary) -> String {
    if let Some(shares) = &issue.shares {
        if issue.agreements == 0 {
            return "no agreements".into();
        }
        let (best, share) = shares.iter().fold(("", -1.0), |acc, (name, share)| {
            if *share > acc.1 {
                (name.as_str(), *share)
            } else {
                acc
            }
        });
        return format!("most often: {best} ({:.0}%)", share * 100.0);
    }
    match (issue.p50, issue.p25, issue.p75, issue.p05, issue.p95) {
        (Some(p50), Some(p25), Some(p75), Some(p05), Some(p95)) => {
            let unit = issue
                .unit
                .as_deref()
                .map(|u| format!(" {u}"))
                .unwrap_or_default();
            format!(
                "median {}{unit} · 50%: {}–{} · 90%: {}–{}",
                format_number(p50),
                format_number(p25),
                format_number(p75),
                format_number(p05),
                format_number(p95)
            )
        }
        _ => "no agreements".into(),
    }
}

/// Texts under the ends of the track.
pub(super) fn end_labels(issue: &IssueSummary) -> (String, String) {
    let with = |number: Option<f64>, words: &Option<String>, number_first: bool| {
        let number = number.map(format_number);
        match (number, words) {
            (Some(n), Some(w)) if number_first => format!("{n} — {w}"),
            (Some(n), Some(w)) => format!("{w} — {n}"),
            (Some(n), None) => n,
            (None, Some(w)) => w.clone(),
            (None, None) => String::new(),
        }
    };
    let (min, max) = match issue.range {
        Some([min, max]) => (Some(min), Some(max)),
        None => (None, None),
    };
    let unit = issue
        .unit
        .as_deref()
        .map(|u| format!(" {u}"))
        .unwrap_or_default();
    let mut high = with(max, &issue.high, false);
    if max.is_some() && !unit.is_empty() {
        high.push_str(&unit);
    }
    (with(min, &issue.low, true), high)
}

fn x_of(issue: &IssueSummary, value: f64, left: i32, right: i32) -> i32 {
    place(issue, &Position::Number(value), left, right).unwrap_or(left)
}

pub(super) fn draw_bands<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    issue: &IssueSummary,
    (left, top): (i32, i32),
    (right, bottom): (i32, i32),
) -> ChartResult {
    area.draw(&Rectangle::new(
        [(left, top), (right, bottom)],
        TRACK.filled(),
    ))
    .map_err(failed)?;
    for quarter in 1..4 {
        let x = left + (right - left) * quarter / 4;
        area.draw(&PathElement::new(
            vec![(x, top), (x, bottom)],
            WHITE.stroke_width(2),
        ))
        .map_err(failed)?;
    }
    let x = |v: f64| x_of(issue, v, left, right);
    if let (Some(p05), Some(p95)) = (issue.p05, issue.p95) {
        area.draw(&Rectangle::new(
            [(x(p05) - 1, top + 2), (x(p95) + 1, bottom - 2)],
            BAND_OUTER.filled(),
        ))
        .map_err(failed)?;
    }
    if let (Some(p25), Some(p75)) = (issue.p25, issue.p75) {
        area.draw(&Rectangle::new(
            [(x(p25) - 1, top + 2), (x(p75) + 1, bottom - 2)],
            BAND_INNER.filled(),
        ))
        .map_err(failed)?;
    }
    // Point masses: a dot per pinned value, its area growing with its share.
    for pin in issue.pinned.iter().flatten() {
        let radius = (4.0 + 8.0 * pin.share.sqrt()).round() as i32;
        area.draw(&Circle::new(
            (x(pin.value), (top + bottom) / 2),
            radius,
            PINNED.mix(0.85).filled(),
        ))
        .map_err(failed)?;
    }
    if let Some(p50) = issue.p50 {
        let m = x(p50);
        area.draw(&Rectangle::new(
            [(m - 2, top - 3), (m + 2, bottom + 3)],
            MEDIAN.filled(),
        ))
        .map_err(failed)?;
    }
    Ok(())
}

/// Blends `share` of `MEDIAN` into the track colour.
fn shade(share: f64) -> RGBColor {
    let mix =
        |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * share.clamp(0.0, 1.0)).round() as u8;
    RGBColor(
        mix(TRACK.0, BAND_INNER.0),
        mix(TRACK.1, BAND_INNER.1),
        mix(TRACK.2, BAND_INNER.2),
    )
}

pub(super) fn draw_options<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    issue: &IssueSummary,
    options: &[String],
    (left, top): (i32, i32),
    (right, bottom): (i32, i32),
) -> ChartResult {
    let n = options.len().max(1) as i32;
    let label_style = anchored(font(12.0), HPos::Center, VPos::Center);
    for (k, option) in options.iter().enumerate() {
        let k = k as i32;
        let (x0, x1) = (
            left + (right - left) * k / n,
            left + (right - left) * (k + 1) / n,
        );
        let share = issue
            .shares
            .as_ref()
            .and_then(|s| s.get(option))
            .copied()
            .unwrap_or(0.0);
        area.draw(&Rectangle::new(
            [(x0 + 1, top), (x1 - 1, bottom)],
            shade(share).filled(),
        ))
        .map_err(failed)?;
        let label = format!("{option} {:.0}%", share * 100.0);
        let label = fit(area, &label, &label_style, x1 - x0 - 6);
        text(
            area,
            &label,
            ((x0 + x1) / 2, (top + bottom) / 2),
            &label_style,
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};

    /// The stacking against its definition, checked marker by marker on
    /// random positions: each marker at the lowest level where no marker
    /// placed before it lies within `CLOSE`.
    #[test]
    fn stacking_takes_the_lowest_free_level() {
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(3);
        for round in 0..200 {
            let count = 1 + round % 40;
            let spread = [20, 100, 1000][round % 3];
            let items: Vec<(i32, Marker, RGBColor)> = (0..count)
                .map(|_| (rng.random_range(0..spread), Marker::Circle, MUTED))
                .collect();
            let placed = stack(items);
            for (k, p) in placed.iter().enumerate() {
                let before = &placed[..k];
                let free = |level: i32| {
                    before
                        .iter()
                        .all(|q| q.level != level || (q.x - p.x).abs() >= CLOSE)
                };
                assert!(free(p.level), "round {round}: marker {k} collides");
                assert!(
                    (0..p.level).all(|level| !free(level)),
                    "round {round}: marker {k} could sit lower"
                );
            }
        }
    }
}

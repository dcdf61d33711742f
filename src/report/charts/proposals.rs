//! `proposals`: how likely each reference proposal is to be accepted, by each
//! actor (its colour) and by all veto actors together (grey), across trials.
//! Like the zones chart it draws the first [`MARKED_ACTORS`] actors, as many
//! as have a glyph of their own (a bar in a colour, then a hatched bar in
//! it, as the zones chart's circles and squares), and its legend counts the
//! rest: a bar per
//! actor and proposal made the chart of 10,000 actors and 100 proposals a
//! million bars, 2 GB of SVG being written.

use super::theme::*;
use crate::format::percent;
use crate::summary::Summary;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// The bar of all veto actors together: a neutral grey that no actor has.
/// It was the text's near-black (33, 33, 33), which beside the palette's
/// black (the seventh actor's) made two bars of one colour.
const ALL_VETO: RGBColor = RGBColor(120, 120, 120);

const BAR: i32 = 16;
const GROUP_GAP: i32 = 22;
const LABELS: i32 = 230;
/// The least room the legend takes (one row and the gap below it).
const LEGEND: i32 = 40;
const AXIS: i32 = 30;

/// The actors drawn: the first [`MARKED_ACTORS`].
fn marked(summary: &Summary) -> usize {
    summary.actors.len().min(MARKED_ACTORS)
}

fn group_height(summary: &Summary) -> i32 {
    (marked(summary) as i32 + 1) * (BAR + 3) + GROUP_GAP
}

/// The room the legend takes across the chart's body (one row, or as many
/// as its actors need, so that it never runs into the axis).
fn legend_height(summary: &Summary) -> i32 {
    legend_space(&legend_items(summary), WIDTH as i32 - 2 * MARGIN, LEGEND)
}

/// Whether the actor at `index` (scenario order) is drawn hatched: the
/// second lap of the palette.
fn hatched(index: usize) -> bool {
    index >= MARKED_ACTORS / 2
}

/// The legend: each drawn actor's bar, how many are not drawn, the veto actors.
fn legend_items(summary: &Summary) -> Vec<LegendItem> {
    let mut items: Vec<LegendItem> = summary
        .actors
        .iter()
        .take(MARKED_ACTORS)
        .enumerate()
        .map(|(k, (_, actor))| LegendItem {
            label: actor.title().to_string(),
            glyph: if hatched(k) {
                Glyph::Hatch(actor_colour(k))
            } else {
                Glyph::Swatch(actor_colour(k))
            },
        })
        .collect();
    items.extend(unmarked_actors(summary.actors.len(), "not drawn"));
    items.push(LegendItem {
        label: "all veto actors".into(),
        glyph: Glyph::Swatch(ALL_VETO),
    });
    items
}

/// Pixel size of the chart.
pub fn size(summary: &Summary) -> (u32, u32) {
    let body =
        legend_height(summary) + AXIS + summary.proposals.len() as i32 * group_height(summary);
    (
        WIDTH,
        (TITLE_HEIGHT + 10 + body + CAPTION_HEIGHT + 16) as u32,
    )
}

/// Draws the chart.
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, summary: &Summary) -> ChartResult {
    let subtitle = "Share of trials in which each actor would accept the proposal rather than go without a deal";
    let body = frame(
        root,
        "Would the proposals be accepted?",
        subtitle,
        &summary.caption(),
    )?;
    let (width, _) = body.dim_in_pixel();
    let items = legend_items(summary);
    legend(&body, &items, (0, 0), width as i32)?;
    let (left, right) = (LABELS, width as i32 - 50);
    let x = |share: f64| left + ((right - left) as f64 * share.clamp(0.0, 1.0)).round() as i32;
    let top = legend_height(summary) + AXIS;
    let bottom = top + summary.proposals.len() as i32 * group_height(summary) - GROUP_GAP;
    let tick_style = anchored(font(12.0).color(&MUTED), HPos::Center, VPos::Bottom);
    for tick in 0..=4 {
        let share = tick as f64 / 4.0;
        body.draw(&PathElement::new(
            vec![(x(share), top - 4), (x(share), bottom)],
            GRID.stroke_width(1),
        ))
        .map_err(failed)?;
        text(
            &body,
            &format!("{:.0}%", share * 100.0),
            (x(share), top - 8),
            &tick_style,
        )?;
    }
    let name_style = anchored(bold(14.0), HPos::Right, VPos::Center);
    let value_style = anchored(font(12.0), HPos::Left, VPos::Center);
    for (g, (name, proposal)) in summary.proposals.iter().enumerate() {
        let group_top = top + g as i32 * group_height(summary);
        let bars = marked(summary) as i32 + 1;
        let middle = group_top + bars * (BAR + 3) / 2;
        text(
            &body,
            &fit(&body, name, &name_style, LABELS - 16),
            (LABELS - 12, middle),
            &name_style,
        )?;
        let mut rows: Vec<(f64, RGBColor, bool)> = summary
            .actors
            .keys()
            .take(MARKED_ACTORS)
            .enumerate()
            .map(|(k, id)| {
                (
                    proposal.acceptance.get(id).copied().unwrap_or(0.0),
                    actor_colour(k),
                    hatched(k),
                )
            })
            .collect();
        rows.push((proposal.p_all_veto_accept, ALL_VETO, false));
        for (r, (share, colour, hatched)) in rows.into_iter().enumerate() {
            let y0 = group_top + r as i32 * (BAR + 3);
            body.draw(&Rectangle::new(
                [(left, y0), (right, y0 + BAR)],
                TRACK.filled(),
            ))
            .map_err(failed)?;
            if share > 0.0 {
                let end = x(share).max(left + 1);
                if hatched {
                    body.draw(&Rectangle::new(
                        [(left, y0), (end, y0 + BAR)],
                        WHITE.filled(),
                    ))
                    .map_err(failed)?;
                    hatch(&body, (left, y0), (end, y0 + BAR), 5, colour)?;
                    body.draw(&Rectangle::new(
                        [(left, y0), (end, y0 + BAR)],
                        colour.stroke_width(1),
                    ))
                    .map_err(failed)?;
                } else {
                    body.draw(&Rectangle::new(
                        [(left, y0), (end, y0 + BAR)],
                        colour.filled(),
                    ))
                    .map_err(failed)?;
                }
            }
            text(
                &body,
                &percent(share),
                (x(share) + 6, y0 + BAR / 2),
                &value_style,
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_all_veto_bar_has_a_colour_no_actor_has() {
        // Near-black beside the palette's black (the seventh actor) made two
        // bars a reader could not tell apart (distance 57).
        for k in 0..MARKED_ACTORS {
            let RGBColor(r, g, b) = actor_colour(k);
            let RGBColor(vr, vg, vb) = ALL_VETO;
            let distance = [(r, vr), (g, vg), (b, vb)]
                .iter()
                .map(|&(a, v)| (f64::from(a) - f64::from(v)).powi(2))
                .sum::<f64>()
                .sqrt();
            assert!(distance > 80.0, "actor {k}: {distance}");
        }
    }
}

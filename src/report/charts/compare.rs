//! `compare`: the same scenario under several models (`zopa compare`). First
//! each model's chance of agreement, then one block per issue with a row per
//! model: the 90% and 50% bands of its agreed outcomes and their median, on the
//! issue's own scale, under the actors' ideal points. Discrete issues show each
//! model's option shares. Drawn from `compare.json` alone.

use super::theme::*;
use super::zones::{LANE, band_legend, draw_bands, draw_options, end_labels, levels, place, stack};
use crate::format::percent;
use crate::report::compare_file::{CompareFile, median_cell};
use crate::summary::IssueSummary;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Height of an issue's name line.
const NAME: i32 = 26;
/// Height of one model's row, and of its track within it.
const ROW: i32 = 26;
const TRACK_HEIGHT: i32 = 16;
/// Height of the end labels under a block, and the gap after it.
const ENDS: i32 = 22;
const GAP: i32 = 18;
/// Room for the legend.
const LEGEND: i32 = 56;
/// The model-name column and the statistics column, in pixels.
const LABELS: i32 = 230;
const STATS: i32 = 200;
/// The agreement bars.
const AGREEMENT: RGBColor = RGBColor(0, 158, 115);

/// Issue blocks' heights: the name, the actors' lane, a row per model, the ends.
fn block_height(file: &CompareFile, issue_id: &str, issue: &IssueSummary) -> i32 {
    NAME + actor_levels(file, issue_id, issue) * LANE + file.models.len() as i32 * ROW + ENDS + GAP
}

fn actor_levels(file: &CompareFile, issue_id: &str, issue: &IssueSummary) -> i32 {
    // Only continuous issues show the actors' ideals (discrete rows carry text).
    if issue.options.is_some() {
        return 0;
    }
    levels(&ideals(file, issue_id, issue, 0, 1000))
}

/// The actors' ideal markers on the track from `left` to `right`, stacked.
fn ideals(
    file: &CompareFile,
    issue_id: &str,
    issue: &IssueSummary,
    left: i32,
    right: i32,
) -> Vec<super::zones::Placed> {
    let items = file.models[0]
        .summary
        .actors
        .values()
        .take(MARKED_ACTORS)
        .enumerate()
        .filter_map(|(k, actor)| {
            let x = place(issue, actor.ideal.get(issue_id)?, left, right)?;
            Some((x, actor_marker(k), actor_colour(k)))
        })
        .collect();
    stack(items)
}

/// The chart's size for this comparison.
pub fn size(file: &CompareFile) -> (u32, u32) {
    let agreement = NAME + file.models.len() as i32 * ROW + ENDS + GAP;
    let blocks: i32 = file
        .issues()
        .map(|(id, issue)| block_height(file, id, issue))
        .sum();
    let items = band_legend(&file.models[0].summary.actors);
    let legend = legend_space(&items, WIDTH as i32 - 2 * MARGIN, LEGEND);
    let height = TITLE_HEIGHT + 10 + legend + agreement + blocks + CAPTION_HEIGHT + 10;
    (WIDTH, height as u32)
}

/// Draws the chart onto `root` (sized by [`size`]).
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, file: &CompareFile) -> ChartResult {
    if file.models.is_empty() {
        return Err("the comparison has no models".into());
    }
    let body = frame(
        root,
        &format!("Models compared — {}", file.scenario),
        "Each model on the same trials: bands hold 90% and 50% of its agreed outcomes; the dark tick is the median",
        &file.caption(),
    )?;
    let (width, _) = body.dim_in_pixel();
    let width = width as i32;
    let (left, right) = (LABELS, width - STATS);
    let items = band_legend(&file.models[0].summary.actors);
    legend(&body, &items, (0, 0), width)?;
    let mut y = legend_space(&items, width, LEGEND);
    y += draw_agreement(&body, file, y, (left, right))?;
    for (id, issue) in file.issues() {
        draw_issue(&body, file, id, issue, y, (left, right))?;
        y += block_height(file, id, issue);
    }
    Ok(())
}

/// The model's name, right-aligned before the track.
fn model_label<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    label: &str,
    (x, y): (i32, i32),
) -> ChartResult {
    let style = anchored(font(13.0), HPos::Right, VPos::Center);
    text(area, &fit(area, label, &style, LABELS - 16), (x, y), &style)
}

/// The statistics text after the track.
fn stats_text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    stats: &str,
    (x, y): (i32, i32),
) -> ChartResult {
    let style = anchored(font(12.5).color(&MUTED), HPos::Left, VPos::Center);
    text(area, &fit(area, stats, &style, STATS - 16), (x, y), &style)
}

/// The block name and, on the right, what the statistics column shows.
fn block_name<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    name: &str,
    column: &str,
    top: i32,
    right: i32,
) -> ChartResult {
    let name_style = anchored(bold(15.0), HPos::Left, VPos::Top);
    text(
        area,
        &fit(area, name, &name_style, right - 10),
        (0, top),
        &name_style,
    )?;
    let column_style = anchored(font(12.0).color(&MUTED), HPos::Left, VPos::Top);
    text(area, column, (right + 12, top + 2), &column_style)
}

/// Each model's chance of agreement as a bar from 0 to 100%; returns the height.
fn draw_agreement<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    file: &CompareFile,
    top: i32,
    (left, right): (i32, i32),
) -> Result<i32, String> {
    block_name(area, "Chance of agreement", "share of trials", top, right)?;
    let mut y = top + NAME;
    for entry in &file.models {
        let mid = y + ROW / 2;
        let (t, b) = (mid - TRACK_HEIGHT / 2, mid + TRACK_HEIGHT / 2);
        model_label(area, &entry.label, (left - 12, mid))?;
        area.draw(&Rectangle::new([(left, t), (right, b)], TRACK.filled()))
            .map_err(failed)?;
        let share = entry.summary.agreement_rate.clamp(0.0, 1.0);
        let end = left + ((right - left) as f64 * share).round() as i32;
        if end > left {
            area.draw(&Rectangle::new(
                [(left, t + 2), (end, b - 2)],
                AGREEMENT.filled(),
            ))
            .map_err(failed)?;
        }
        let summary = &entry.summary;
        let mut stats = percent(summary.agreement_rate);
        if summary.agreement_rate > summary.zopa_rate {
            // A forecast model: it names an outcome even without a ZOPA.
            stats.push_str(&format!(" (ZOPA {})", percent(summary.zopa_rate)));
        }
        if let Some(rounds) = &summary.rounds {
            stats.push_str(&format!(" · {:.1} rounds", rounds.mean));
        }
        stats_text(area, &stats, (right + 12, mid))?;
        y += ROW;
    }
    let style = font(12.0).color(&MUTED);
    for (k, label) in ["0%", "50%", "100%"].iter().enumerate() {
        let x = left + (right - left) * k as i32 / 2;
        let h = [HPos::Left, HPos::Center, HPos::Right][k];
        text(
            area,
            label,
            (x, y + 4),
            &anchored(style.clone(), h, VPos::Top),
        )?;
    }
    Ok(NAME + file.models.len() as i32 * ROW + ENDS + GAP)
}

fn draw_issue<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    file: &CompareFile,
    id: &str,
    issue: &IssueSummary,
    top: i32,
    (left, right): (i32, i32),
) -> ChartResult {
    let mut name = issue.title().to_string();
    if let Some(unit) = &issue.unit {
        name.push_str(&format!(" ({unit})"));
    }
    let column = if issue.options.is_some() {
        "most often (share)"
    } else {
        "median (50% interval)"
    };
    block_name(area, &name, column, top, right)?;
    let mut y = top + NAME;
    if issue.options.is_none() {
        let placed = ideals(file, id, issue, left, right);
        let lanes = levels(&placed);
        for marker in &placed {
            let my = y + (lanes - 1 - marker.level) * LANE + LANE / 2;
            draw_marker(area, marker.marker, (marker.x, my), 11, marker.colour)?;
        }
        y += lanes * LANE;
    }
    for entry in &file.models {
        let stats = &entry.summary.issues[id];
        let mid = y + ROW / 2;
        let (t, b) = (mid - TRACK_HEIGHT / 2, mid + TRACK_HEIGHT / 2);
        model_label(area, &entry.label, (left - 12, mid))?;
        match &issue.options {
            Some(options) => draw_options(area, stats, options, (left, t), (right, b))?,
            None => draw_bands(area, stats, (left, t), (right, b))?,
        }
        let cell = if stats.agreements == 0 {
            "no agreements".to_string()
        } else {
            median_cell(stats)
        };
        stats_text(area, &cell, (right + 12, mid))?;
        y += ROW;
    }
    let (low, high) = end_labels(issue);
    let style = font(12.0).color(&MUTED);
    let half = (right - left) / 2 - 10;
    text(
        area,
        &fit(area, &low, &style, half),
        (left, y + 4),
        &anchored(style.clone(), HPos::Left, VPos::Top),
    )?;
    text(
        area,
        &fit(area, &high, &style, half),
        (right, y + 4),
        &anchored(style, HPos::Right, VPos::Top),
    )
}

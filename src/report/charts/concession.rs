//! `concession`: one alternating-offers negotiation, drawn from its
//! `negotiation.json` (`zopa play`, `zopa explain --chart`).
//!
//! Left, the offers in the utility space of two actors: each proposer's
//! offers in its own colour and marker, joined in round order so its
//! concession path shows, with the round of its first and last offer; the
//! Pareto frontier, both reservations (the shaded corner is what both prefer
//! to no deal), the Nash and Kalai–Smorodinsky points, the agents' equilibrium
//! deal when the file has one, and the deal (a ring) or the no-deal point.
//! Right, the same offers over rounds: what each offer gives each of the two
//! (marker: who proposed it), and, where an agent answered, what it needed to
//! accept, the curve a time-dependent agent concedes along. Each panel shows
//! the part of the 0–1 utility scale its marks occupy, with a margin (at
//! least a tenth of the scale), as the utilities chart does: in a scenario
//! whose deals all lie near both reservations the concessions stay legible.

use super::labels::{Labeller, draw_points_with, solution_points};
use super::theme::*;
use crate::report::negotiation::{Ending, NegotiationFile, RoundRecord};
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use std::ops::Range;

/// What both prefer to no deal (as in the utilities chart).
const BOTH_GAIN: RGBColor = RGBColor(234, 244, 234);
/// The proposers' markers, in the order they appear among the actors.
const PROPOSER_MARKERS: [Marker; 6] = [
    Marker::Circle,
    Marker::TriangleUp,
    Marker::Square,
    Marker::Diamond,
    Marker::TriangleDown,
    Marker::Star,
];
/// The share of the width the utility-space panel takes.
const SPACE_SHARE: f64 = 0.52;

/// Pixel size of the chart.
pub fn size() -> (u32, u32) {
    (WIDTH, 800)
}

/// One proposer: its id, colour and marker.
struct Proposer<'a> {
    id: &'a str,
    colour: RGBColor,
    marker: Marker,
}

/// Everyone who proposed, in the actors' order, each with its look.
fn proposers(file: &NegotiationFile) -> Vec<Proposer<'_>> {
    file.actors
        .iter()
        .enumerate()
        .filter(|(_, actor)| file.rounds.iter().any(|round| round.proposer == actor.id))
        .enumerate()
        .map(|(k, (index, actor))| Proposer {
            id: &actor.id,
            colour: actor_colour(index),
            marker: PROPOSER_MARKERS[k % PROPOSER_MARKERS.len()],
        })
        .collect()
}

/// The look of a round's proposer.
fn look<'a>(proposers: &'a [Proposer], round: &RoundRecord) -> Option<&'a Proposer<'a>> {
    proposers.iter().find(|p| p.id == round.proposer)
}

/// An actor's name, with "(you)" for the person at the table.
fn who(file: &NegotiationFile, id: &str) -> String {
    let human = file.actors.iter().any(|a| a.id == id && a.human);
    let name = file.actor_name(id);
    if human {
        format!("{name} (you)")
    } else {
        name.to_string()
    }
}

/// An axis name: "Seller's utility", or "Your utility (Buyer)".
fn utility_of(file: &NegotiationFile, id: &str) -> String {
    let name = file.actor_name(id);
    if file.actors.iter().any(|a| a.id == id && a.human) {
        format!("Your utility ({name})")
    } else {
        format!("{name}'s utility")
    }
}

/// How the talks ended, for the subtitle.
fn ending_text(file: &NegotiationFile) -> String {
    let round = file.last_round;
    match (file.ending, file.agreement().and_then(|r| r.utilities)) {
        (Ending::Agreement, Some((x, y))) => format!(
            "Deal in round {round}: {} gets {x:.3}, {} {y:.3}",
            file.actor_name(&file.axes.0),
            file.actor_name(&file.axes.1)
        ),
        (Ending::Agreement, None) => format!("Deal in round {round}"),
        (Ending::Breakdown, _) => format!("No deal: the talks broke down after round {round}"),
        (Ending::Deadline, _) => format!("No deal: the deadline passed after round {round}"),
        (Ending::Left, _) => format!("No deal: the table was left in round {round}"),
    }
}

/// Draws the chart.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    file: &NegotiationFile,
) -> ChartResult {
    let (x_id, y_id) = (&file.axes.0, &file.axes.1);
    let colour = |id: &str| actor_colour(file.actor_index(id).unwrap_or(0));
    let title = format!(
        "Concessions: {} and {}",
        file.actor_name(x_id),
        file.actor_name(y_id)
    );
    let subtitle = format!("{}; {}", ending_text(file), file.protocol);
    let body = frame(root, &title, &subtitle, &file.caption())?;
    let proposers = proposers(file);
    let mut items: Vec<LegendItem> = proposers
        .iter()
        .map(|p| LegendItem {
            label: format!("offer by {}", who(file, p.id)),
            glyph: Glyph::Marker(p.marker, p.colour),
        })
        .collect();
    items.push(LegendItem {
        label: frontier_label(file.frontier_left_out, file.frontier.is_empty(), ""),
        glyph: Glyph::Line(TEXT, 2),
    });
    items.push(LegendItem {
        label: "Nash".into(),
        glyph: Glyph::Marker(Marker::Star, TEXT),
    });
    items.push(LegendItem {
        label: "Kalai–Smorodinsky".into(),
        glyph: Glyph::Marker(Marker::Plus, MEDIAN),
    });
    if file.equilibrium.is_some() {
        items.push(LegendItem {
            label: "the agents' equilibrium".into(),
            glyph: Glyph::Marker(Marker::Cross, MUTED),
        });
    }
    items.push(LegendItem {
        label: match file.ending {
            Ending::Agreement => "the deal".into(),
            _ => "no deal: both reservations".into(),
        },
        glyph: Glyph::Ring(TEXT),
    });
    for id in [x_id, y_id] {
        items.push(LegendItem {
            label: format!(
                "{}: reservation (left), what the offer gives it (right)",
                file.actor_name(id)
            ),
            glyph: Glyph::Line(colour(id), 2),
        });
    }
    let needs = needs_shown(file);
    for (id, shown) in [x_id, y_id].into_iter().zip([needs.0, needs.1]) {
        if shown {
            items.push(LegendItem {
                label: format!("what {} needs to accept (dotted)", file.actor_name(id)),
                glyph: Glyph::Line(colour(id), 1),
            });
        }
    }
    let plot = below_legend(&body, &items)?;
    let (width, _) = plot.dim_in_pixel();
    let (left, right) = plot.split_horizontally((width as f64 * SPACE_SHARE) as u32);
    draw_space(root, &left, file, &proposers)?;
    draw_rounds(&right.margin(0, 0, 24, 0), file, &proposers, needs)
}

/// Whether the file holds what each plotted actor needed in at least two
/// rounds (a line to draw).
fn needs_shown(file: &NegotiationFile) -> (bool, bool) {
    let any = |pick: fn(&RoundRecord) -> Option<f64>| {
        file.rounds.iter().filter(|r| pick(r).is_some()).count() >= 2
    };
    (any(|r| r.needs.0), any(|r| r.needs.1))
}

/// A panel's heading; returns the area below it.
fn panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    heading: &str,
) -> Result<DrawingArea<DB, Shift>, String> {
    let (width, _) = area.dim_in_pixel();
    let style = bold(15.0);
    text(
        area,
        &fit(area, heading, &style, width as i32),
        (0, 0),
        &style,
    )?;
    Ok(area.margin(28, 0, 0, 0))
}

/// A panel's chart with its axes drawn in the look every chart shares:
/// ranges, axis names, tick labels; `rounds`: the number of round labels
/// (no vertical grid lines).
fn axes<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    (x, y): (Range<f64>, Range<f64>),
    (x_desc, y_desc): (&str, &str),
    x_tick: &dyn Fn(&f64) -> String,
    rounds: Option<usize>,
) -> Result<ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>, String> {
    let mut chart = ChartBuilder::on(area)
        .x_label_area_size(52)
        .y_label_area_size(56)
        .margin_right(12)
        .build_cartesian_2d(x, y)
        .map_err(failed)?;
    let mut mesh = chart.configure_mesh();
    if let Some(labels) = rounds {
        mesh.disable_x_mesh().x_labels(labels);
    }
    mesh.x_desc(x_desc)
        .y_desc(y_desc)
        .x_label_formatter(x_tick)
        .y_label_formatter(&|v| tick(*v))
        .label_style(font(13.0))
        .axis_desc_style(font(14.0))
        .light_line_style(WHITE)
        .bold_line_style(GRID.stroke_width(1))
        .axis_style(MUTED.stroke_width(1))
        .draw()
        .map_err(failed)?;
    Ok(chart)
}

/// Offers in the two actors' utility space.
fn draw_space<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    area: &DrawingArea<DB, Shift>,
    file: &NegotiationFile,
    proposers: &[Proposer],
) -> ChartResult {
    let area = panel(area, "Offers in utility space")?;
    let (x_id, y_id) = (&file.axes.0, &file.axes.1);
    let colour = |id: &str| actor_colour(file.actor_index(id).unwrap_or(0));
    let (rx, ry) = file.reservations();
    let mut xs = vec![rx];
    let mut ys = vec![ry];
    let marked = file.rounds.iter().filter_map(|r| r.utilities);
    let references = [file.nash, file.kalai_smorodinsky, file.equilibrium];
    // The view holds the offers, the solutions and the reservations; the
    // frontier runs on beyond it where it reaches further.
    for (x, y) in marked.chain(references.into_iter().flatten()) {
        xs.push(x);
        ys.push(y);
    }
    let (x_range, y_range) = (view(&xs), view(&ys));
    let mut chart = axes(
        &area,
        (x_range.clone(), y_range.clone()),
        (&utility_of(file, x_id), &utility_of(file, y_id)),
        &|v| tick(*v),
        None,
    )?;
    chart
        .draw_series(std::iter::once(Rectangle::new(
            [(rx, ry), (x_range.end, y_range.end)],
            BOTH_GAIN.filled(),
        )))
        .map_err(failed)?;
    chart
        .draw_series([
            PathElement::new(
                vec![(rx, y_range.start), (rx, y_range.end)],
                colour(x_id).stroke_width(2),
            ),
            PathElement::new(
                vec![(x_range.start, ry), (x_range.end, ry)],
                colour(y_id).stroke_width(2),
            ),
        ])
        .map_err(failed)?;
    for run in clip(&file.frontier, &x_range, &y_range) {
        chart
            .draw_series(DashedLineSeries::new(run, 8, 5, TEXT.stroke_width(2)))
            .map_err(failed)?;
    }
    // Each proposer's path through its offers, under the markers.
    for proposer in proposers {
        let path: Vec<(f64, f64)> = file
            .rounds
            .iter()
            .filter(|r| r.proposer == proposer.id)
            .filter_map(|r| r.utilities)
            .collect();
        chart
            .draw_series(LineSeries::new(
                path,
                proposer.colour.mix(0.55).stroke_width(1),
            ))
            .map_err(failed)?;
    }
    let plotting = chart.plotting_area();
    let (root_x, root_y) = root.get_base_pixel();
    let pixel = |point: (f64, f64)| {
        let (px, py) = plotting.map_coordinate(&point);
        (px - root_x, py - root_y)
    };
    let mut labeller = Labeller::over(root, plotting);
    let offered: Vec<(&RoundRecord, (f64, f64))> = file
        .rounds
        .iter()
        .filter_map(|r| r.utilities.map(|u| (r, u)))
        .collect();
    for (round, point) in &offered {
        if let Some(p) = look(proposers, round) {
            let at = pixel(*point);
            draw_marker(root, p.marker, at, 10, p.colour)?;
            labeller.reserve((at.0 - 5, at.1 - 5, at.0 + 5, at.1 + 5));
        }
    }
    // The end of the talks: a ring round the deal, or round the no-deal point.
    let end = match file.agreement().and_then(|r| r.utilities) {
        Some(point) => point,
        None => (rx, ry),
    };
    let at = pixel(end);
    root.draw(&Circle::new(at, 11, TEXT.stroke_width(2)))
        .map_err(failed)?;
    labeller.reserve((at.0 - 12, at.1 - 12, at.0 + 12, at.1 + 12));
    // The round of each proposer's first and last offer.
    let small = font(12.0).color(&MUTED);
    for proposer in proposers {
        let own: Vec<&(&RoundRecord, (f64, f64))> = offered
            .iter()
            .filter(|(r, _)| r.proposer == proposer.id)
            .collect();
        let mut ends = own
            .first()
            .into_iter()
            .chain(own.last())
            .collect::<Vec<_>>();
        ends.dedup_by_key(|(r, _)| r.round);
        for (round, point) in ends {
            labeller.draw(root, &format!("r{}", round.round), pixel(*point), &small)?;
        }
    }
    let end_label = match file.ending {
        Ending::Agreement => format!("deal, round {}", file.last_round),
        _ => "no deal".to_string(),
    };
    labeller.draw(root, &end_label, at, &bold(13.0))?;
    let mut points = solution_points(file.nash.map(pixel), file.kalai_smorodinsky.map(pixel));
    if let Some(equilibrium) = file.equilibrium {
        points.push((
            pixel(equilibrium),
            Marker::Cross,
            MUTED,
            "equilibrium".to_string(),
        ));
    }
    draw_points_with(root, &points, &mut labeller)
}

/// The offers' utilities over rounds.
fn draw_rounds<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    file: &NegotiationFile,
    proposers: &[Proposer],
    needs: (bool, bool),
) -> ChartResult {
    let area = panel(area, "What each offer gives, round by round")?;
    let last = file.rounds.iter().map(|r| r.round).max().unwrap_or(1);
    let first = file.rounds.iter().map(|r| r.round).min().unwrap_or(1);
    let mut values: Vec<f64> = vec![file.reservations().0, file.reservations().1];
    for round in &file.rounds {
        let (u, n) = (round.utilities, round.needs);
        values.extend(u.map(|(x, y)| [x, y]).into_iter().flatten());
        values.extend([n.0, n.1].into_iter().flatten());
    }
    let y_range = view(&values);
    let span = last - first + 1;
    // Whole rounds only.
    let whole = |v: &f64| {
        if (v - v.round()).abs() < 1e-6 {
            format!("{}", v.round() as i64)
        } else {
            String::new()
        }
    };
    let mut chart = axes(
        &area,
        (first as f64 - 0.5..last as f64 + 0.5, y_range.clone()),
        ("Round", "Utility"),
        &whole,
        Some(span.min(12) as usize + 1),
    )?;
    let ids = [&file.axes.0, &file.axes.1];
    // Long talks get finer lines and marks, so the rounds stay apart.
    let (line, marker) = if span > 20 { (1, 7) } else { (2, 9) };
    let (rx, ry) = file.reservations();
    let x_range = first as f64 - 0.5..last as f64 + 0.5;
    for (side, id) in ids.into_iter().enumerate() {
        let colour = actor_colour(file.actor_index(id).unwrap_or(0));
        let pick = |r: &RoundRecord| r.utilities.map(|(x, y)| if side == 0 { x } else { y });
        let reservation = if side == 0 { rx } else { ry };
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(x_range.start, reservation), (x_range.end, reservation)],
                colour.mix(0.45).stroke_width(1),
            )))
            .map_err(failed)?;
        // What it needed, dotted: a short dash every few pixels.
        let shown = if side == 0 { needs.0 } else { needs.1 };
        if shown {
            for run in runs(
                &file.rounds,
                |r| if side == 0 { r.needs.0 } else { r.needs.1 },
            ) {
                chart
                    .draw_series(DashedLineSeries::new(run, 2, 4, colour.stroke_width(2)))
                    .map_err(failed)?;
            }
        }
        for run in runs(&file.rounds, pick) {
            chart
                .draw_series(LineSeries::new(run, colour.stroke_width(line)))
                .map_err(failed)?;
        }
        let plotting = chart.plotting_area();
        for round in &file.rounds {
            if let (Some(value), Some(p)) = (pick(round), look(proposers, round)) {
                let at = plotting.map_coordinate(&(round.round as f64, value));
                let (base_x, base_y) = area.get_base_pixel();
                draw_marker(
                    &area,
                    p.marker,
                    (at.0 - base_x, at.1 - base_y),
                    marker,
                    colour,
                )?;
            }
        }
    }
    if let Some(deal) = file.agreement() {
        let x = deal.round as f64;
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(x, y_range.start), (x, y_range.end)],
                TEXT.mix(0.6).stroke_width(1),
            )))
            .map_err(failed)?;
        let plotting = chart.plotting_area();
        let (px, py) = plotting.map_coordinate(&(x, y_range.end));
        let (base_x, base_y) = area.get_base_pixel();
        let style = anchored(bold(13.0), HPos::Right, VPos::Top);
        text(&area, "deal", (px - base_x - 4, py - base_y + 4), &style)?;
    }
    Ok(())
}

/// The part of the utility scale that holds `values` (finite ones), with a
/// margin of 5% of the span, at least a tenth of the scale across, within
/// a little more than 0–1.
fn view(values: &[f64]) -> Range<f64> {
    let finite = values.iter().copied().filter(|v| v.is_finite());
    let lo = finite.clone().fold(f64::INFINITY, f64::min);
    let hi = finite.fold(f64::NEG_INFINITY, f64::max);
    if lo > hi {
        return -0.02..1.02;
    }
    let middle = 0.5 * (lo + hi);
    let half = (0.5 * (hi - lo) * 1.1).max(0.05);
    let (lo, hi) = (middle - half, middle + half);
    // Slide the window back inside the scale rather than show beyond it.
    let shift = (-0.02 - lo).max(0.0) - (hi - 1.02).max(0.0);
    (lo + shift).max(-0.02)..(hi + shift).min(1.02)
}

/// The parts of the polyline `points` inside the view (plotters would draw
/// points beyond it on its edge): each segment cut to the rectangle
/// (Liang–Barsky), consecutive pieces joined into runs.
fn clip(points: &[(f64, f64)], x: &Range<f64>, y: &Range<f64>) -> Vec<Vec<(f64, f64)>> {
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    for pair in points.windows(2) {
        let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
        let (dx, dy) = (x1 - x0, y1 - y0);
        let (mut enter, mut leave) = (0.0f64, 1.0f64);
        let mut inside = true;
        for (p, q) in [
            (-dx, x0 - x.start),
            (dx, x.end - x0),
            (-dy, y0 - y.start),
            (dy, y.end - y0),
        ] {
            if p == 0.0 {
                inside &= q >= 0.0;
            } else if p < 0.0 {
                enter = enter.max(q / p);
            } else {
                leave = leave.min(q / p);
            }
        }
        if !inside || enter > leave {
            if !current.is_empty() {
                runs.push(std::mem::take(&mut current));
            }
            continue;
        }
        let from = (x0 + enter * dx, y0 + enter * dy);
        let to = (x0 + leave * dx, y0 + leave * dy);
        if current.last() != Some(&from) {
            if !current.is_empty() {
                runs.push(std::mem::take(&mut current));
            }
            current.push(from);
        }
        current.push(to);
        if leave < 1.0 {
            runs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

/// A tick label: two decimals on a narrow view, one otherwise.
fn tick(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.strip_suffix('0').unwrap_or(&text).to_string();
    if text == "-0.0" { "0.0".into() } else { text }
}

/// The points `(round, value)` of consecutive rounds with a value, as runs
/// (a round without one breaks the line).
fn runs(
    rounds: &[RoundRecord],
    value: impl Fn(&RoundRecord) -> Option<f64>,
) -> Vec<Vec<(f64, f64)>> {
    let mut all: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current = Vec::new();
    for round in rounds {
        match value(round) {
            Some(v) if v.is_finite() => current.push((round.round as f64, v)),
            _ => {
                if !current.is_empty() {
                    all.push(std::mem::take(&mut current));
                }
            }
        }
    }
    if !current.is_empty() {
        all.push(current);
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_polyline_is_cut_to_the_view_where_it_crosses_it() {
        // Down a diagonal from (0, 1) to (1, 0), then out and back in.
        let line = [(0.0, 1.0), (1.0, 0.0), (1.0, -1.0), (0.5, 0.5)];
        let runs = clip(&line, &(0.2..0.8), &(0.0..1.0));
        assert_eq!(runs.len(), 2, "{runs:?}");
        let close = |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).abs() + (a.1 - b.1).abs() < 1e-12;
        assert!(close(runs[0][0], (0.2, 0.8)) && close(runs[0][1], (0.8, 0.2)));
        // Back in through the bottom edge, on to the last point.
        assert!(close(runs[1][0], (2.0 / 3.0, 0.0)) && close(runs[1][1], (0.5, 0.5)));
        assert!(clip(&[(2.0, 2.0), (3.0, 3.0)], &(0.0..1.0), &(0.0..1.0)).is_empty());
    }

    #[test]
    fn the_view_holds_the_marks_with_a_margin_inside_the_scale() {
        let view_of = |values: &[f64]| view(values);
        let range = view_of(&[0.70, 0.76]);
        assert!(range.start < 0.70 && range.end > 0.76 && range.end - range.start >= 0.1 - 1e-12);
        // Near an end it slides back inside the scale, never beyond.
        let range = view_of(&[0.99, 1.0]);
        assert!(range.end <= 1.02 && range.start <= 0.99 && range.end - range.start >= 0.1 - 1e-12);
        assert_eq!(view_of(&[f64::NAN]), -0.02..1.02);
    }
}

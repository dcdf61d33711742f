//! `utilities`: the bargaining problem of two veto actors in utility space.
//! Each dot is one trial (agreed, or the reservations when talks failed); the
//! reservation lines cut out what each would accept; the Pareto frontier, the
//! Nash and Kalai–Smorodinsky points and the proposals are at nominal values.

use super::labels::draw_points;
use super::theme::*;
use crate::summary::{Summary, Utilities};
use plotters::coord::Shift;
use plotters::prelude::*;

const AGREED: RGBColor = RGBColor(107, 174, 214);
const FAILED: RGBColor = RGBColor(170, 170, 170);

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
    let title = format!("Who gains: {} vs {}", name(a), name(b));
    let subtitle = format!(
        "Utilities (0 = worst, 1 = best outcome for the actor) in the first {} trials; frontier and solutions at nominal values",
        data.cloud.len()
    );
    let body = frame(root, &title, &subtitle, &summary.caption())?;
    let mut items = vec![
        LegendItem {
            label: "trial with agreement".into(),
            glyph: Glyph::Marker(Marker::Circle, AGREED),
        },
        LegendItem {
            label: "trial without (reservations)".into(),
            glyph: Glyph::Marker(Marker::Circle, FAILED),
        },
        LegendItem {
            label: "Pareto frontier".into(),
            glyph: Glyph::Line(TEXT, 2),
        },
        LegendItem {
            label: format!("{}'s reservation", name(a)),
            glyph: Glyph::Line(colour(a), 2),
        },
        LegendItem {
            label: format!("{}'s reservation", name(b)),
            glyph: Glyph::Line(colour(b), 2),
        },
        LegendItem {
            label: "Nash".into(),
            glyph: Glyph::Marker(Marker::Star, TEXT),
        },
        LegendItem {
            label: "Kalai–Smorodinsky".into(),
            glyph: Glyph::Marker(Marker::Square, MEDIAN),
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
    let mut chart = ChartBuilder::on(&plot)
        .x_label_area_size(56)
        .y_label_area_size(64)
        .margin_right(16)
        .build_cartesian_2d(0.0..1.0f64, 0.0..1.0f64)
        .map_err(failed)?;
    chart
        .configure_mesh()
        .x_desc(format!("{}'s utility", name(a)))
        .y_desc(format!("{}'s utility", name(b)))
        .label_style(font(13.0))
        .axis_desc_style(font(14.0))
        .light_line_style(WHITE)
        .bold_line_style(GRID.stroke_width(1))
        .axis_style(MUTED.stroke_width(1))
        .draw()
        .map_err(failed)?;
    let dots = |agreed: u8, colour: RGBColor| {
        data.cloud
            .iter()
            .filter(move |point| point.2 == agreed)
            .map(move |point| Circle::new((point.0, point.1), 3, colour.mix(0.55).filled()))
    };
    chart.draw_series(dots(0, FAILED)).map_err(failed)?;
    chart.draw_series(dots(1, AGREED)).map_err(failed)?;
    let (ra, rb) = data.reservations;
    chart
        .draw_series([
            PathElement::new(vec![(ra, 0.0), (ra, 1.0)], colour(a).stroke_width(2)),
            PathElement::new(vec![(0.0, rb), (1.0, rb)], colour(b).stroke_width(2)),
        ])
        .map_err(failed)?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            data.frontier.clone(),
            TEXT.stroke_width(2),
        )))
        .map_err(failed)?;

    let area = chart.plotting_area();
    let (root_x, root_y) = root.get_base_pixel();
    let pixel = |(u, v): (f64, f64)| {
        let (px, py) = area.map_coordinate(&(u, v));
        (px - root_x, py - root_y)
    };
    let mut points = Vec::new();
    if let Some(nash) = data.nash {
        points.push((pixel(nash), Marker::Star, TEXT, "Nash".to_string()));
    }
    if let Some(ks) = data.kalai_smorodinsky {
        points.push((
            pixel(ks),
            Marker::Square,
            MEDIAN,
            "Kalai–Smorodinsky".to_string(),
        ));
    }
    for (k, proposal) in summary.proposals.keys().enumerate() {
        if let Some(&point) = data.proposals.get(proposal) {
            points.push((pixel(point), proposal_marker(k), PROPOSAL, proposal.clone()));
        }
    }
    draw_points(root, area, &points)
}

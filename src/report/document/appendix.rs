//! The appendix: every input the run assumed — issues and their scales,
//! actors' power, reservation and patience, each actor's position, salience
//! and red line on each issue (numbers as written: plain, or a distribution),
//! and the reference proposals — from the summary's `scenario_inputs` block. A summary
//! written before that block existed gets the nominal ideals it does carry
//! and a line saying what is missing.

use super::blocks::{Block, Grid, Section, interval};
use crate::scenario::format_number;
use crate::summary::{IssueSummary, Position, RedLineInputs, StanceInputs, Summary};

/// The "Appendix: inputs" section.
pub fn section(summary: &Summary) -> Section {
    let mut blocks = vec![
        Block::Subheading("Issues".into()),
        Block::Table(issue_grid(summary)),
        Block::Subheading("Actors".into()),
        Block::Table(actor_grid(summary)),
    ];
    if summary.scenario_inputs.is_none() {
        blocks.push(Block::Paragraph(
            "This summary.json was written before zopa recorded its inputs: saliences, red lines and distributions are missing, and positions are nominal ideals. Run the scenario again for the full appendix.".into(),
        ));
    }
    for (id, issue) in &summary.issues {
        let unit = issue
            .unit
            .as_deref()
            .map_or(String::new(), |u| format!(" ({u})"));
        blocks.push(Block::Subheading(format!(
            "Stances on {}{unit}",
            issue.title()
        )));
        blocks.push(Block::Table(stance_grid(summary, id, issue)));
    }
    if !summary.proposals.is_empty() {
        blocks.push(Block::Subheading("Reference proposals".into()));
        blocks.push(Block::Table(proposal_grid(summary)));
    }
    Section {
        title: "Appendix: inputs".into(),
        blocks,
    }
}

fn issue_grid(summary: &Summary) -> Grid {
    let rows = summary
        .issues
        .iter()
        .map(|(id, issue)| {
            let scale = match (&issue.options, issue.range) {
                (Some(options), _) => options.join(" / "),
                (None, Some([min, max])) => interval(Some(min), Some(max)),
                (None, None) => "–".into(),
            };
            vec![
                issue.title().to_string(),
                id.clone(),
                scale,
                issue.unit.clone().unwrap_or_default(),
                issue.low.clone().unwrap_or_default(),
                issue.high.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let header = [
        "Issue",
        "Id",
        "Scale",
        "Unit",
        "Low end (first option) means",
        "High end (last option) means",
    ];
    Grid::new(header.map(String::from).to_vec(), rows).wrapping(&[0, 2, 3, 4, 5])
}

fn actor_grid(summary: &Summary) -> Grid {
    let inputs = summary.scenario_inputs.as_ref();
    let rows = summary
        .actors
        .iter()
        .map(|(id, actor)| {
            let written = inputs.and_then(|inputs| inputs.actors.get(id));
            let veto = if actor.veto { "yes" } else { "no" }.to_string();
            match written {
                Some(written) => vec![
                    actor.title().to_string(),
                    veto,
                    written.power.clone(),
                    written.reservation.clone(),
                    written.patience.clone(),
                    written.concession.map_or("–".into(), format_number),
                ],
                None => vec![
                    actor.title().to_string(),
                    veto,
                    format_number(actor.power),
                    format_number(actor.reservation),
                    "–".into(),
                    "–".into(),
                ],
            }
        })
        .collect();
    let header = [
        "Actor",
        "Veto",
        "Power",
        "Reservation",
        "Patience",
        "Concession",
    ];
    // Distributions as written are long: they wrap rather than widen the page.
    Grid::new(header.map(String::from).to_vec(), rows).wrapping(&[0, 2, 3, 4])
}

fn stance_grid(summary: &Summary, issue_id: &str, issue: &IssueSummary) -> Grid {
    let rows = summary
        .actors
        .iter()
        .map(|(actor_id, actor)| {
            let stance = summary
                .scenario_inputs
                .as_ref()
                .and_then(|inputs| inputs.actors.get(actor_id))
                .and_then(|inputs| inputs.stances.get(issue_id));
            match stance {
                Some(stance) => vec![
                    actor.title().to_string(),
                    preference(stance),
                    stance.salience.clone(),
                    red_line(stance),
                ],
                None => vec![
                    actor.title().to_string(),
                    actor.ideal.get(issue_id).map_or("–".into(), position),
                    "–".into(),
                    "–".into(),
                ],
            }
        })
        .collect();
    let first = if issue.is_continuous() {
        "Position (shape)"
    } else {
        "Value of each option"
    };
    let header = ["Actor", first, "Salience", "Red line: acceptable"];
    Grid::new(header.map(String::from).to_vec(), rows).wrapping(&[0, 1, 2, 3])
}

/// A position as written with its shape, or each option's value.
fn preference(stance: &StanceInputs) -> String {
    match (&stance.position, &stance.values) {
        (Some(position), _) => match &stance.shape {
            Some(shape) => format!("{position} ({shape})"),
            None => position.clone(),
        },
        (None, Some(values)) => values
            .iter()
            .map(|(option, value)| format!("{option}: {}", format_number(*value)))
            .collect::<Vec<_>>()
            .join(", "),
        (None, None) => "–".into(),
    }
}

fn red_line(stance: &StanceInputs) -> String {
    match &stance.red_line {
        None => "anything".into(),
        Some(RedLineInputs::Interval { min, max }) => interval(Some(*min), Some(*max)),
        Some(RedLineInputs::Allowed { allowed }) if allowed.is_empty() => "nothing".into(),
        Some(RedLineInputs::Allowed { allowed }) => allowed.join(", "),
    }
}

fn position(value: &Position) -> String {
    match value {
        Position::Number(number) => format_number(*number),
        Position::Option(name) => name.clone(),
    }
}

/// Issues down, proposals across: each proposal's terms.
fn proposal_grid(summary: &Summary) -> Grid {
    let mut header = vec!["Issue".to_string()];
    header.extend(summary.proposals.keys().cloned());
    let rows = summary
        .issues
        .iter()
        .map(|(id, issue)| {
            let mut row = vec![issue.title().to_string()];
            row.extend(
                summary
                    .proposals
                    .values()
                    .map(|proposal| proposal.values.get(id).map_or("–".into(), position)),
            );
            row
        })
        .collect();
    Grid::new(header, rows).wrapping(&[0])
}

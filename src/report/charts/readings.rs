//! The one-sentence reading of each run chart, from the summary: what the
//! report prints under the chart, so a reader knows what to look for.

use crate::format::percent;
use crate::scenario::format_number;
use crate::summary::{IssueSummary, Position, Summary};

fn range_of(issue: &IssueSummary) -> f64 {
    issue
        .range
        .map_or(1.0, |[min, max]| (max - min).abs().max(1e-12))
}

pub(super) fn zones_reading(summary: &Summary) -> String {
    if summary.agreement_rate == 0.0 {
        return "No trial reached agreement, so there is no zone to show; the markers show how far apart the actors stand.".into();
    }
    // Mean distance, as a share of each continuous issue's range, between the median deal and each actor's ideal.
    let mut distances: Vec<(String, f64)> = summary
        .actors
        .iter()
        .filter_map(|(_, actor)| {
            let gaps: Vec<f64> = summary
                .issues
                .iter()
                .filter_map(
                    |(issue_id, issue)| match (issue.p50, actor.ideal.get(issue_id)) {
                        (Some(median), Some(Position::Number(ideal))) => {
                            Some((median - ideal).abs() / range_of(issue))
                        }
                        _ => None,
                    },
                )
                .collect();
            (!gaps.is_empty()).then(|| {
                (
                    actor.title().to_string(),
                    gaps.iter().sum::<f64>() / gaps.len() as f64,
                )
            })
        })
        .collect();
    distances.sort_by(|a, b| a.1.total_cmp(&b.1));
    match (distances.first(), distances.last()) {
        (Some(near), Some(far)) if distances.len() > 1 => format!(
            "Agreement came in {} of trials; the median deal lies closest to {}'s ideals (on average {:.0}% of each issue's range away) and farthest from {}'s ({:.0}%).",
            percent(summary.agreement_rate),
            near.0,
            near.1 * 100.0,
            far.0,
            far.1 * 100.0
        ),
        _ => format!(
            "Agreement came in {} of trials.",
            percent(summary.agreement_rate)
        ),
    }
}

/// The title and reading of the zone chart of issues `x` and `y`.
pub(super) fn pair_reading(summary: &Summary, x: &str, y: &str) -> (String, String) {
    let describe = |id: &str| {
        summary
            .issues
            .get(id)
            .map_or(id.to_string(), |issue| match issue.p50 {
                Some(median) => format!("{} at {}", issue.title(), format_number(median)),
                None => issue.title().to_string(),
            })
    };
    let title = |id: &str| summary.issue_name(id).to_string();
    (
        format!("{} × {}", title(x), title(y)),
        format!(
            "Half of all agreements fall in the darkest region; the medians put {} and {}.",
            describe(x),
            describe(y)
        ),
    )
}

pub(super) fn utilities_reading(summary: &Summary) -> String {
    let Some(data) = &summary.utilities else {
        return String::new();
    };
    let (a, b) = (
        summary.actor_name(&data.actors.0),
        summary.actor_name(&data.actors.1),
    );
    match data.nash {
        Some((ua, ub)) => format!(
            "At nominal values the Nash bargaining solution gives {a} {} and {b} {} in utility, against reservations of {} and {}; dots show how much the uncertain inputs move that picture.",
            format_number(ua),
            format_number(ub),
            format_number(data.reservations.0),
            format_number(data.reservations.1)
        ),
        None => format!(
            "At nominal values no deal leaves every veto actor above its reservation; the dots show the trials where {a} and {b} did find one."
        ),
    }
}

pub(super) fn proposals_reading(summary: &Summary) -> String {
    let best = summary
        .proposals
        .iter()
        .max_by(|a, b| a.1.p_all_veto_accept.total_cmp(&b.1.p_all_veto_accept));
    match best {
        Some((name, proposal)) if proposal.p_all_veto_accept > 0.0 => format!(
            "The proposal most likely to be accepted by every veto actor is {name}, in {} of trials.",
            percent(proposal.p_all_veto_accept)
        ),
        Some(_) => "No reference proposal is accepted by every veto actor in any trial: each is rejected by at least one party that must agree.".into(),
        None => String::new(),
    }
}

pub(super) fn rounds_reading(summary: &Summary) -> String {
    match &summary.rounds {
        Some(rounds) => format!(
            "Half of the negotiations ended by round {} and 95% by round {}; talks broke down in {} of trials.",
            rounds.p50,
            rounds.p95,
            percent(rounds.breakdown_rate)
        ),
        None => String::new(),
    }
}

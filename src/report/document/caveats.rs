//! What a reader should know before trusting the numbers, in sentences: how
//! often a zone of agreement exists, what the agreement rate means beside it,
//! deals that beat a veto actor's reservation by a hair, statistics resting
//! on few agreements, and issues pinned at one value.

use crate::format::{percent, thousands};
use crate::summary::{Summary, THIN_MARGIN};

/// Agreements below this make the quantiles rough.
const FEW_AGREEMENTS: u64 = 100;

/// The caveats, most important first; never empty (the ZOPA rate is always
/// stated).
pub fn caveats(summary: &Summary) -> Vec<String> {
    let mut out = vec![zopa_rate(summary)];
    out.extend(agreement(summary));
    out.extend(thin_margins(summary));
    out.extend(pinned_issues(summary));
    out.extend(few_agreements(summary));
    out
}

fn zopa_rate(summary: &Summary) -> String {
    let rate = summary.zopa_rate;
    if rate >= 1.0 {
        "A zone of possible agreement (an outcome every veto actor prefers to no deal) exists in every trial.".into()
    } else if rate <= 0.0 {
        "No trial has a zone of possible agreement: no outcome suits every veto actor at once, so any deal reported is a forecast, not a deal all would prefer to none.".into()
    } else {
        format!(
            "A zone of possible agreement (an outcome every veto actor prefers to no deal) exists in only {} of trials; in the rest no outcome suits every veto actor at once.",
            percent(rate)
        )
    }
}

fn agreement(summary: &Summary) -> Option<String> {
    let (agreed, zone) = (summary.agreement_rate, summary.zopa_rate);
    if agreed > zone {
        Some(format!(
            "The {} model names an outcome in {} of trials, more than the {} with a zone of agreement: there its outcome is a forecast of where positions converge, not a deal every veto actor prefers to no deal.",
            summary.model,
            percent(agreed),
            percent(zone)
        ))
    } else if agreed < zone {
        Some(format!(
            "Talks reached agreement in {} of trials although a zone of agreement existed in {}: under the {} model some talks fail even when a deal was possible.",
            percent(agreed),
            percent(zone),
            summary.model
        ))
    } else {
        None
    }
}

/// For the Nash and Kalai–Smorodinsky points of the utility picture (at
/// nominal values), each veto actor whose gain over its reservation is under
/// [`THIN_MARGIN`] (from [`Summary::thin_margins`]).
fn thin_margins(summary: &Summary) -> Vec<String> {
    let margins = summary.thin_margins();
    let mut out = Vec::new();
    for (solution, name) in [
        ("nash", "Nash bargaining solution"),
        ("kalai-smorodinsky", "Kalai–Smorodinsky solution"),
    ] {
        let thin: Vec<String> = margins
            .iter()
            .filter(|margin| margin.solution == solution)
            .map(|margin| {
                format!(
                    "{} {:.3} against its reservation {:.3} ({:+.3})",
                    summary.actor_name(margin.actor),
                    margin.utility,
                    margin.reservation,
                    margin.utility - margin.reservation
                )
            })
            .collect();
        if !thin.is_empty() {
            out.push(format!(
                "Thin margin: at nominal values the {name} gives {}, under {THIN_MARGIN} — a small error in a reservation or salience closes the zone of agreement.",
                thin.join(" and ")
            ));
        }
    }
    out
}

/// Issues whose agreements sit at one value in at least half the deals: the
/// "zone" there is a point held by a red line, an ideal point or the scale's
/// end, which the sentence names (from the summary's `pinned` lists).
fn pinned_issues(summary: &Summary) -> Vec<String> {
    summary
        .issues
        .values()
        .flat_map(|issue| {
            issue
                .pinned
                .iter()
                .flatten()
                .filter(|pin| pin.share >= 0.5)
                .map(move |pin| {
                    let unit = issue.unit.as_deref().map_or(String::new(), |u| format!(" {u}"));
                    format!(
                        "{} is pinned at exactly {}{unit} in {} of deals: {}. Its interval says little beyond that.",
                        issue.title(),
                        crate::scenario::format_number(pin.value),
                        percent(pin.share),
                        pin.reason
                    )
                })
        })
        .collect()
}

fn few_agreements(summary: &Summary) -> Option<String> {
    let agreements = summary.agreements();
    if agreements == 0 {
        Some("No trial reached agreement: the outcome tables and charts are empty.".into())
    } else if agreements < FEW_AGREEMENTS {
        Some(format!(
            "The outcome statistics rest on only {} agreed trials: read the intervals as rough.",
            thousands(agreements)
        ))
    } else {
        None
    }
}

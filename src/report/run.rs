//! `zopa run` in words: the summary table printed to the terminal, read from
//! the [`Summary`] alone, and the per-trial CSV.

use super::table::{Align, Table};
use crate::format::json::round;
use crate::format::{count, csv_field, csv_line, percent, thousands};
use crate::montecarlo::TrialRecord;
use crate::scenario::{IssueKind, Scenario, format_number};
use crate::summary::{IssueSummary, Position, Summary};

/// How wide `zopa run` writes when it is not told: a report-friendly width.
pub const DEFAULT_WIDTH: usize = 100;

/// The human summary printed after a run, in lines of at most `width`
/// characters where the content allows (names are cut with "…" before a line
/// overflows). Everything it says comes from the summary, so it reads without
/// the scenario file: names, not ids; each issue's scale; what pins a value.
pub fn summary_text(summary: &Summary, width: usize) -> String {
    let width = width.max(40);
    let mut out = wrap(&summary.scenario, width, 0);
    let mut speed = format!(
        "{} trials/s",
        thousands(summary.trials_per_second.unwrap_or(0.0) as u64)
    );
    if let Some(threads) = summary.threads {
        let plural = if threads == 1 { "" } else { "s" };
        speed.push_str(&format!(" on {threads} thread{plural}"));
    }
    if let Some(load) = summary.load_average {
        speed.push_str(&format!(", load {load:.2}"));
    }
    let elapsed = summary.elapsed_seconds.unwrap_or(0.0);
    // A merged run's time is its shards' times added up, not a wall time.
    let time = match summary.shards {
        Some(shards) => format!(
            "merged from {} shards, {elapsed:.2} s of trials in all ({speed})",
            thousands(shards)
        ),
        None => format!("{elapsed:.2} s ({speed})"),
    };
    out.push_str(&wrap(
        &format!(
            "model: {} · {} · seed {} · {time}",
            summary.model,
            count(summary.trials, "trial"),
            summary.seed,
        ),
        width,
        0,
    ));
    out.push('\n');
    let n = summary.trials;
    out.push_str(&wrap(
        &format!(
            "Agreement in {} of trials; a zone of possible agreement exists in {} (± one Monte Carlo standard error).",
            with_error(summary.agreement_rate, n),
            with_error(summary.zopa_rate, n)
        ),
        width,
        0,
    ));
    if let Some(rounds) = &summary.rounds {
        let deadline = (1.0 - summary.agreement_rate - rounds.breakdown_rate).max(0.0);
        out.push_str(&wrap(
            &format!(
                "Talks ended after {:.1} rounds on average (median {}, 95% within {}). Without a deal: {} broke down after a rejection, {} reached the deadline.",
                rounds.mean,
                rounds.p50,
                rounds.p95,
                with_error(rounds.breakdown_rate, n),
                with_error(deadline, n)
            ),
            width,
            0,
        ));
    }
    if let Some(stopped) = summary.stopped_early {
        out.push_str(&wrap(
            &format!(
                "Solver: in {} coordinate ascent stopped at its sweep cap before reaching its tolerance; their deals may fall short of the Nash point.",
                count(stopped, "trial")
            ),
            width,
            0,
        ));
    }
    if let Some(omitted) = summary.zones_omitted {
        out.push_str(&wrap(
            &format!(
                "Outcome zones: summary.json keeps a grid for {} pairs of continuous issues (the charted pairs first); {} other pairs have none.",
                crate::scenario::validate::MAX_ZONE_PAIRS,
                thousands(omitted as u64)
            ),
            width,
            0,
        ));
    }
    out.push('\n');
    out.push_str(&issue_table(summary, width));
    out.push('\n');
    out.push_str(&ideal_table(summary, width));
    out.push('\n');
    let mut actors = Table::new(&[
        ("Actor", Align::Left),
        ("Veto", Align::Left),
        ("Mean utility", Align::Right),
        ("Utility 5–95%", Align::Right),
        ("Accepts the deal", Align::Right),
    ]);
    for actor in summary.actors.values() {
        let q = |p: Option<f64>| p.map_or("—".to_string(), |v| format!("{v:.2}"));
        actors.row(vec![
            actor.name.clone(),
            if actor.veto { "yes" } else { "no" }.to_string(),
            actor
                .mean_utility
                .map_or("—".to_string(), |v| format!("{v:.3}")),
            format!("{} – {}", q(actor.utility.p05), q(actor.utility.p95)),
            percent(actor.p_above_reservation),
        ]);
    }
    out.push_str(&actors.render_within(width));
    out.push_str(&wrap(
        "Utility is over all trials, a trial without a deal at the actor's reservation. \"Accepts the deal\": share of trials whose deal is inside the actor's red lines and worth at least its reservation (the rule by which it accepts a proposal).",
        width,
        0,
    ));
    out.push_str(&thin_margins(summary, width));
    if !summary.proposals.is_empty() {
        out.push('\n');
        let mut columns = vec![("Proposal: P(accept)", Align::Left)];
        for actor in summary.actors.values() {
            columns.push((actor.name.as_str(), Align::Right));
        }
        columns.push(("All veto actors", Align::Right));
        let mut table = Table::new(&columns);
        for (name, proposal) in &summary.proposals {
            let mut row = vec![name.clone()];
            row.extend(
                summary
                    .actors
                    .keys()
                    .map(|id| percent(proposal.acceptance.get(id).copied().unwrap_or(0.0))),
            );
            row.push(percent(proposal.p_all_veto_accept));
            table.row(row);
        }
        out.push_str(&table.render_within(width));
    }
    out
}

/// A rate with its Monte Carlo standard error over `n` trials, e.g.
/// "55.3% ± 0.2%".
fn with_error(rate: f64, n: u64) -> String {
    if n == 0 {
        return percent(rate);
    }
    let error = (rate * (1.0 - rate) / n as f64).sqrt() * 100.0;
    let error = if error >= 0.05 {
        format!("{error:.1}%")
    } else if error > 0.0 {
        "<0.1%".to_string()
    } else {
        "0%".to_string()
    };
    format!("{} ± {error}", percent(rate))
}

/// `text` broken into lines of at most `width` characters at spaces, the
/// first line indented by `indent` and the rest by `indent + 2`. Spaces
/// within a line are kept as they are (a name may hold two in a row); those
/// at a break are dropped, and any other white space counts as a space.
pub fn wrap(text: &str, width: usize, indent: usize) -> String {
    let mut out = String::new();
    let mut line = " ".repeat(indent);
    let mut empty = true;
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (word, after) = rest.split_at(end);
        let next = after.trim_start();
        let gap = after[..after.len() - next.len()].chars().count();
        let length = line.chars().count();
        if !empty && length + word.chars().count() > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = " ".repeat(indent + 2);
        }
        line.push_str(word);
        empty = false;
        if !next.is_empty() {
            line.extend(std::iter::repeat_n(' ', gap));
        }
        rest = next;
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// Where the nominal deal of the run's model (Nash or Kalai–Smorodinsky)
/// leaves a veto actor less than [`THIN_MARGIN`](crate::summary::THIN_MARGIN)
/// above its reservation.
fn thin_margins(summary: &Summary, width: usize) -> String {
    summary
        .thin_margins()
        .iter()
        .filter(|margin| margin.solution == summary.model)
        .map(|margin| {
            wrap(
                &format!(
                    "Thin margin: at nominal values the deal gives {} only {:+.3} over no deal; small changes in the inputs can undo it.",
                    summary.actor_name(margin.actor),
                    margin.utility - margin.reservation
                ),
                width,
                0,
            )
        })
        .collect()
}

/// The top three options of a discrete issue with their shares.
fn option_shares(issue: &IssueSummary) -> String {
    let mut ranked: Vec<(usize, &String, f64)> = issue
        .shares
        .iter()
        .flatten()
        .enumerate()
        .map(|(k, (option, share))| (k, option, *share))
        .collect();
    ranked.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
    let shares: Vec<String> = ranked
        .iter()
        .filter(|(_, _, share)| *share > 0.0)
        .take(3)
        .map(|(_, option, share)| format!("{option} {}", percent(*share)))
        .collect();
    if shares.is_empty() {
        "—".to_string()
    } else {
        shares.join(", ")
    }
}

/// A value of a continuous issue with its unit, and the anchor text when it
/// is one of the scale's ends.
fn value_text(issue: &IssueSummary, value: f64) -> String {
    let mut text = format_number(value);
    if let Some([min, max]) = issue.range {
        let anchor = if value == min {
            issue.low.as_deref()
        } else if value == max {
            issue.high.as_deref()
        } else {
            None
        };
        if let Some(anchor) = anchor {
            text.push_str(&format!(" ({anchor})"));
        }
    }
    text
}

/// Where deals land: per issue its median and intervals, then in words its
/// scale and every pinned value.
fn issue_table(summary: &Summary, width: usize) -> String {
    let mut out = wrap(
        &match summary.agreements() {
            1 => "Where the one deal lands:".to_string(),
            n => format!("Where the {} deals land:", thousands(n)),
        },
        width,
        0,
    );
    let mut table = Table::new(&[
        ("Issue", Align::Left),
        ("Median", Align::Right),
        ("50% of deals", Align::Right),
        ("90% of deals", Align::Right),
    ]);
    let mut notes: Vec<Vec<String>> = Vec::new();
    for issue in summary.issues.values() {
        let mut lines = Vec::new();
        if issue.is_continuous() {
            let q = |p: Option<f64>| p.map_or("—".to_string(), format_number);
            table.row(vec![
                issue.name.clone(),
                q(issue.p50),
                format!("{} – {}", q(issue.p25), q(issue.p75)),
                format!("{} – {}", q(issue.p05), q(issue.p95)),
            ]);
            if let Some([min, max]) = issue.range {
                let end = |value: f64, anchor: &Option<String>| match anchor {
                    Some(text) => format!("{} = {text}", format_number(value)),
                    None => format_number(value),
                };
                let unit = issue
                    .unit
                    .as_ref()
                    .map_or(String::new(), |unit| format!(" ({unit})"));
                lines.push(format!(
                    "scale: {} … {}{unit}",
                    end(min, &issue.low),
                    end(max, &issue.high)
                ));
            }
            for pin in issue.pinned.iter().flatten() {
                lines.push(format!(
                    "pinned at {} in {} of deals: {}",
                    value_text(issue, pin.value),
                    percent(pin.share),
                    pin.reason
                ));
            }
        } else {
            let top = issue
                .shares
                .iter()
                .flatten()
                .max_by(|a, b| a.1.total_cmp(b.1))
                .map_or("—".to_string(), |(option, _)| option.clone());
            table.row(vec![issue.name.clone(), top, String::new(), String::new()]);
            lines.push(format!("options: {}", option_shares(issue)));
        }
        notes.push(lines);
    }
    let rendered = table.render_within(width);
    let mut lines = rendered.lines();
    for _ in 0..2 {
        if let Some(line) = lines.next() {
            out.push_str(line);
            out.push('\n');
        }
    }
    for (line, extra) in lines.zip(&notes) {
        out.push_str(line);
        out.push('\n');
        for note in extra {
            out.push_str(&wrap(note, width, 2));
        }
    }
    out
}

/// Each actor's ideal on each issue, actors by name.
fn ideal_table(summary: &Summary, width: usize) -> String {
    let mut columns = vec![("What each actor wants", Align::Left)];
    for actor in summary.actors.values() {
        columns.push((actor.name.as_str(), Align::Right));
    }
    let mut table = Table::new(&columns);
    for (id, issue) in &summary.issues {
        let mut row = vec![issue.name.clone()];
        for actor in summary.actors.values() {
            row.push(match actor.ideal.get(id) {
                Some(Position::Number(value)) => format_number(*value),
                Some(Position::Option(name)) => name.clone(),
                None => "—".to_string(),
            });
        }
        table.row(row);
    }
    table.render_within(width)
}

/// The header line of `trials.csv`.
pub fn csv_header(scenario: &Scenario) -> String {
    let mut fields = vec!["trial".to_string(), "agreement".to_string()];
    fields.extend(scenario.issues.iter().map(|issue| issue.id.clone()));
    fields.extend(
        scenario
            .actors
            .iter()
            .map(|actor| format!("utility_{}", actor.id)),
    );
    csv_line(fields)
}

/// Appends one line per record to `out`.
pub fn csv_rows(scenario: &Scenario, records: &[TrialRecord], out: &mut String) {
    use std::fmt::Write;
    for record in records {
        let _ = write!(out, "{},{}", record.trial, record.outcome.is_some());
        for (d, issue) in scenario.issues.iter().enumerate() {
            out.push(',');
            if let Some(outcome) = &record.outcome {
                match issue.kind {
                    IssueKind::Continuous { .. } => {
                        let _ = write!(out, "{}", round(issue.denormalise(outcome[d])));
                    }
                    IssueKind::Discrete { .. } => {
                        out.push_str(&csv_field(&issue.display_value(outcome[d])))
                    }
                }
            }
        }
        for utility in &record.utilities {
            let _ = write!(out, ",{}", round(*utility));
        }
        out.push('\n');
    }
}

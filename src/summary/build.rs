//! A [`Summary`] made from what a run knows: the scenario (names, units, ideal
//! points, proposals, chart settings), the run's settings, its [`Tally`] and
//! the utility picture at nominal values. Numbers are put into the issues' own
//! units and rounded to 9 decimals here, once.

use super::file::{
    ActorSummary, ChartSettings, FORMAT_VERSION, IssueSummary, PINNED_SHARE, Pinned, Position,
    ProposalSummary, Quantiles, Rounds, Summary, Utilities, Zone,
};
use super::inputs::Inputs;
use super::nominal::NominalPicture;
use super::tally::{Histogram, IssueTally, Tally, ZONE_BINS, zone_thresholds};
use crate::format::json::round;
use crate::format::rate;
use crate::scenario::{IssueKind, Preference, RedLine, Scenario, best_option};
use indexmap::IndexMap;

/// Bins of the per-issue density strip.
pub const DENSITY_BINS: usize = 64;

/// The settings and timing of a run.
#[derive(Clone, Debug)]
pub struct RunInfo {
    /// The model's name as commands and JSON show it, e.g. `nash`.
    pub model: String,
    pub trials: u64,
    pub seed: u64,
    pub elapsed_seconds: f64,
    /// Worker threads the trials ran on, when measured.
    pub threads: Option<usize>,
    /// The machine's one-minute load average as the run started, where the
    /// system tells it (Linux): throughput means little without it.
    pub load_average: Option<f64>,
}

impl RunInfo {
    /// The one-minute load average from `/proc/loadavg`, if there is one.
    pub fn current_load() -> Option<f64> {
        let text = std::fs::read_to_string("/proc/loadavg").ok()?;
        text.split_whitespace().next()?.parse().ok()
    }

    /// Trials per second of wall time (0 when no time was measured).
    pub fn trials_per_second(&self) -> f64 {
        if self.elapsed_seconds > 0.0 {
            self.trials as f64 / self.elapsed_seconds
        } else {
            0.0
        }
    }
}

impl Summary {
    /// The summary of a run. Everything but the two timing fields is a
    /// function of scenario, model, trials and seed.
    pub fn new(
        scenario: &Scenario,
        info: &RunInfo,
        tally: &Tally,
        nominal: &NominalPicture,
    ) -> Summary {
        let mut summary = Summary::without_charts(scenario, info, tally);
        for (issue, tally) in summary.issues.values_mut().zip(&tally.issues) {
            if let IssueTally::Continuous(histogram) = tally {
                issue.density = Some(histogram.coarse(DENSITY_BINS));
            }
        }
        Summary {
            description: Some(scenario.description.clone()),
            zones: Some(zones(scenario, tally)),
            zones_omitted: Some(super::zone_pairs(scenario).omitted).filter(|&n| n > 0),
            charts: Some(chart_settings(scenario)),
            utilities: Some(utilities(scenario, tally, nominal)),
            scenario_inputs: Some(Inputs::of(scenario)),
            elapsed_seconds: Some((info.elapsed_seconds * 1000.0).round() / 1000.0),
            trials_per_second: Some(info.trials_per_second().round()),
            threads: info.threads,
            load_average: info.load_average,
            ..summary
        }
    }

    /// The summary as `compare.json` holds it for each model: no zone grids,
    /// utility picture, chart settings, densities, description or timings, so
    /// it is the same at any thread count.
    pub fn without_charts(scenario: &Scenario, info: &RunInfo, tally: &Tally) -> Summary {
        Summary {
            zopa_version: env!("CARGO_PKG_VERSION").to_string(),
            format_version: FORMAT_VERSION,
            scenario: scenario.name.clone(),
            description: None,
            model: info.model.clone(),
            trials: info.trials,
            seed: info.seed,
            agreement_rate: round(rate(tally.agreements, tally.trials)),
            zopa_rate: round(rate(tally.zopa, tally.trials)),
            issues: scenario
                .issues
                .iter()
                .zip(&tally.issues)
                .enumerate()
                .map(|(d, (issue, issue_tally))| {
                    (issue.id.clone(), issue_summary(scenario, d, issue_tally))
                })
                .collect(),
            actors: (0..scenario.actors.len())
                .map(|a| {
                    (
                        scenario.actors[a].id.clone(),
                        actor_summary(scenario, tally, a),
                    )
                })
                .collect(),
            proposals: (0..scenario.proposals.len())
                .map(|p| {
                    let name = scenario.proposals[p].name.clone();
                    (name, proposal_summary(scenario, tally, p))
                })
                .collect(),
            zones: None,
            zones_omitted: None,
            stopped_early: Some(tally.stopped_early).filter(|&n| n > 0),
            rounds: rounds(tally),
            charts: None,
            utilities: None,
            scenario_inputs: None,
            elapsed_seconds: None,
            trials_per_second: None,
            threads: None,
            load_average: None,
            shards: None,
        }
    }
}

fn quantiles(histogram: &Histogram, in_units: impl Fn(f64) -> f64) -> Quantiles {
    let q = |p: f64| histogram.quantile(p).map(|v| round(in_units(v)));
    Quantiles {
        p05: q(0.05),
        p25: q(0.25),
        p50: q(0.5),
        p75: q(0.75),
        p95: q(0.95),
    }
}

/// The values of continuous issue `d` that hold at least [`PINNED_SHARE`] of
/// the agreements exactly, each with what holds deals there.
fn pinned(scenario: &Scenario, d: usize, histogram: &Histogram) -> Vec<Pinned> {
    let issue = &scenario.issues[d];
    let total = histogram.count();
    histogram
        .point_masses()
        .filter(|&(_, count)| total > 0 && rate(count, total) >= PINNED_SHARE)
        .map(|(at, count)| Pinned {
            value: round(issue.denormalise(at)),
            share: round(rate(count, total)),
            reason: pinned_reason(scenario, d, at),
        })
        .collect()
}

/// Why deals land at `at` (normalised) on issue `d`: the veto actors' red
/// lines bounding there, then the actors' ideal points there (veto actors
/// first), then the end of the scale.
fn pinned_reason(scenario: &Scenario, d: usize, at: f64) -> String {
    let issue = &scenario.issues[d];
    let close = |x: f64| (x - at).abs() <= 1e-9;
    let end = close(0.0) || close(1.0);
    let mut reasons = Vec::new();
    for actor in scenario.actors.iter().filter(|a| a.veto) {
        if let Some(RedLine::Interval { min, max }) = &actor.stances[d].red_line
            && !end
            && (close(issue.normalise(*min)) || close(issue.normalise(*max)))
        {
            reasons.push(format!("{} red line", possessive(&actor.name)));
        }
    }
    let mut actors: Vec<_> = scenario.actors.iter().collect();
    actors.sort_by_key(|a| !a.veto);
    for actor in actors {
        if let Preference::Ideal { position, .. } = &actor.stances[d].preference
            && close(issue.normalise(position.nominal()).clamp(0.0, 1.0))
        {
            reasons.push(format!("{} ideal point", possessive(&actor.name)));
        }
    }
    if end {
        reasons.push("the end of the scale".to_string());
    }
    if reasons.is_empty() {
        reasons.push("no single cause (a coincidence of the draws)".to_string());
    }
    reasons.join("; ")
}

/// "Russia's", "United States'".
pub(crate) fn possessive(name: &str) -> String {
    if name.ends_with('s') {
        format!("{name}'")
    } else {
        format!("{name}'s")
    }
}

fn issue_summary(scenario: &Scenario, d: usize, tally: &IssueTally) -> IssueSummary {
    let issue = &scenario.issues[d];
    let mut summary = IssueSummary {
        name: issue.name.clone(),
        unit: issue.unit.clone(),
        low: issue.low.clone(),
        high: issue.high.clone(),
        ..IssueSummary::default()
    };
    match (tally, &issue.kind) {
        (IssueTally::Continuous(histogram), IssueKind::Continuous { min, max }) => {
            let stats = quantiles(histogram, |v| issue.denormalise(v));
            summary.range = Some([*min, *max]);
            summary.mean = histogram.mean().map(|v| round(issue.denormalise(v)));
            summary.p05 = stats.p05;
            summary.p25 = stats.p25;
            summary.p50 = stats.p50;
            summary.p75 = stats.p75;
            summary.p95 = stats.p95;
            summary.agreements = histogram.count();
            summary.pinned = Some(pinned(scenario, d, histogram));
        }
        (IssueTally::Discrete(counts), IssueKind::Discrete { options }) => {
            let total: u64 = counts.iter().sum();
            summary.options = Some(options.clone());
            summary.shares = Some(
                options
                    .iter()
                    .zip(counts)
                    .map(|(option, count)| (option.clone(), round(rate(*count, total))))
                    .collect(),
            );
            summary.agreements = total;
        }
        // The tally is made from the same scenario, so kinds always match.
        (IssueTally::Continuous(_), IssueKind::Discrete { .. })
        | (IssueTally::Discrete(_), IssueKind::Continuous { .. }) => {}
    }
    summary
}

/// A value in the issue's own terms: a number, or an option's name.
fn position(scenario: &Scenario, issue: usize, value: f64) -> Option<Position> {
    match &scenario.issues[issue].kind {
        IssueKind::Continuous { .. } => Some(Position::Number(round(value))),
        IssueKind::Discrete { options } => options
            .get(value.round() as usize)
            .map(|name| Position::Option(name.clone())),
    }
}

fn actor_summary(scenario: &Scenario, tally: &Tally, actor: usize) -> ActorSummary {
    let meta = &scenario.actors[actor];
    let actor_tally = &tally.actors[actor];
    let ideal: IndexMap<String, Position> = scenario
        .issues
        .iter()
        .zip(&meta.stances)
        .enumerate()
        .filter_map(|(d, (issue, stance))| {
            let value = match &stance.preference {
                Preference::Ideal { position, .. } => {
                    Some(Position::Number(round(position.nominal())))
                }
                Preference::Values(values) => position(scenario, d, best_option(values) as f64),
            };
            value.map(|value| (issue.id.clone(), value))
        })
        .collect();
    ActorSummary {
        name: meta.name.clone(),
        veto: meta.veto,
        power: round(meta.power.nominal()),
        reservation: round(meta.reservation.nominal()),
        ideal,
        mean_utility: actor_tally.utility.mean().map(round),
        p_above_reservation: round(rate(actor_tally.above_reservation, tally.trials)),
        utility: quantiles(&actor_tally.utility, |v| v),
    }
}

fn proposal_summary(scenario: &Scenario, tally: &Tally, proposal: usize) -> ProposalSummary {
    let meta = &scenario.proposals[proposal];
    let proposal_tally = &tally.proposals[proposal];
    ProposalSummary {
        description: meta.description.clone(),
        values: scenario
            .issues
            .iter()
            .enumerate()
            .filter_map(|(d, issue)| {
                position(scenario, d, meta.values[d]).map(|value| (issue.id.clone(), value))
            })
            .collect(),
        p_all_veto_accept: round(rate(proposal_tally.all_veto, tally.trials)),
        acceptance: scenario
            .actors
            .iter()
            .zip(&proposal_tally.accepted)
            .map(|(actor, count)| (actor.id.clone(), round(rate(*count, tally.trials))))
            .collect(),
    }
}

fn zones(scenario: &Scenario, tally: &Tally) -> Vec<Zone> {
    let range = |d: usize| match scenario.issues[d].kind {
        IssueKind::Continuous { min, max } => Some([min, max]),
        IssueKind::Discrete { .. } => None,
    };
    tally
        .zones
        .iter()
        .map(|zone| Zone {
            x: scenario.issues[zone.x].id.clone(),
            y: scenario.issues[zone.y].id.clone(),
            x_range: range(zone.x),
            y_range: range(zone.y),
            bins: ZONE_BINS,
            counts: zone.counts.clone(),
            levels: zone_thresholds(&zone.counts)
                .into_iter()
                .map(|(level, threshold)| (format!("{}", (level * 100.0).round()), threshold))
                .collect(),
        })
        .collect()
}

/// When a round-by-round protocol was played: how long talks took, in rounds.
/// `distribution[k]` and `agreement_by_round[k]` are shares of all trials that
/// ended (or agreed) in round `k + 1`.
fn rounds(tally: &Tally) -> Option<Rounds> {
    if tally.rounds.is_empty() {
        return None;
    }
    let counts = &tally.rounds;
    let total: u64 = counts.iter().sum();
    let weighted: f64 = counts
        .iter()
        .enumerate()
        .map(|(k, c)| k as f64 * *c as f64)
        .sum();
    let quantile = |q: f64| {
        let mut cumulative = 0u64;
        for (k, c) in counts.iter().enumerate() {
            cumulative += c;
            if cumulative as f64 >= q * total as f64 && *c > 0 {
                return k as u64;
            }
        }
        counts.len().saturating_sub(1) as u64
    };
    let shares = |counts: &[u64]| -> Vec<f64> {
        (1..tally.rounds.len())
            .map(|k| round(rate(counts.get(k).copied().unwrap_or(0), tally.trials)))
            .collect()
    };
    Some(Rounds {
        mean: round(if total > 0 {
            weighted / total as f64
        } else {
            0.0
        }),
        p50: quantile(0.5),
        p95: quantile(0.95),
        distribution: shares(&tally.rounds),
        agreement_by_round: shares(&tally.agreement_rounds),
        breakdown_rate: round(rate(tally.breakdowns, tally.trials)),
    })
}

fn chart_settings(scenario: &Scenario) -> ChartSettings {
    let (a, b) = scenario.charts.utilities;
    ChartSettings {
        pairs: scenario
            .charts
            .pairs
            .iter()
            .map(|&(x, y)| (scenario.issues[x].id.clone(), scenario.issues[y].id.clone()))
            .collect(),
        utilities: (scenario.actors[a].id.clone(), scenario.actors[b].id.clone()),
    }
}

fn utilities(scenario: &Scenario, tally: &Tally, nominal: &NominalPicture) -> Utilities {
    let (a, b) = nominal.actors;
    let pair = |(ua, ub): (f64, f64)| (round(ua), round(ub));
    Utilities {
        actors: (scenario.actors[a].id.clone(), scenario.actors[b].id.clone()),
        reservations: pair(nominal.reservations),
        cloud: tally
            .cloud
            .iter()
            .map(|point| {
                (
                    round(point.utilities[0]),
                    round(point.utilities[1]),
                    u8::from(point.agreed),
                )
            })
            .collect(),
        gains: tally
            .cloud
            .iter()
            .map(|point| {
                (
                    round(point.utilities[0] - point.reservations[0]),
                    round(point.utilities[1] - point.reservations[1]),
                    u8::from(point.agreed),
                )
            })
            .collect(),
        frontier: nominal.frontier.iter().copied().map(pair).collect(),
        frontier_left_out: nominal.frontier_left_out,
        nash: nominal.nash.map(pair),
        kalai_smorodinsky: nominal.kalai_smorodinsky.map(pair),
        proposals: scenario
            .proposals
            .iter()
            .zip(&nominal.proposals)
            .map(|(proposal, &point)| (proposal.name.clone(), pair(point)))
            .collect(),
    }
}

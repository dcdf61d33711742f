//! Whether a [`Summary`] read from a file can be one a run wrote: counts that
//! add up to the trials, shares on 0–1 that add up to 1, quantiles in order
//! and inside their issue's range, one entry per issue, actor or proposal
//! where one is due, zone grids of the size they claim with the thresholds
//! their counts give. [`Summary::parse`] checks every summary it reads, so a
//! hand-edited or damaged `summary.json` (or a model's summary in
//! `compare.json`) is refused with the field that is wrong rather than drawn
//! as if it were sound.
//!
//! Only what a run guarantees is checked: nominal ideal points may lie outside
//! their issue's range, for instance, so they are only required to be numbers
//! (or option names) of the right kind.

use super::field::{Checked, Field, SLACK, rate_matches};
use super::file::{
    ActorSummary, IssueSummary, Position, Quantiles, Rounds, Summary, Utilities, Zone,
};
use super::{CLOUD_TRIALS, DENSITY_BINS, zone_thresholds};
use crate::scenario::text::{Num, shown};
use crate::scenario::validate::MAX_ZONE_PAIRS;

/// What quantiles promise.
const RISING: &str = "quantiles rise from p05 to p95";

impl Summary {
    /// Checks that every number in the summary can be what a run wrote;
    /// `at` is where the summary sits in its file (the root for
    /// `summary.json`, `models[k].summary` in `compare.json`).
    pub fn check_consistency(&self, at: &Field) -> Checked {
        self.check_size(at)?;
        if self.trials == 0 {
            return Err(at
                .key("trials")
                .wrong("is 0: a run has at least one trial, and its charts need one"));
        }
        at.key("agreement_rate").share(self.agreement_rate)?;
        at.key("zopa_rate").share(self.zopa_rate)?;
        let issues = at.key("issues");
        for (id, issue) in &self.issues {
            self.check_issue(&issues.key(id), issue)?;
        }
        let actors = at.key("actors");
        for (id, actor) in &self.actors {
            self.check_actor(&actors.key(id), actor)?;
        }
        self.check_proposals(&at.key("proposals"))?;
        if let Some(zones) = &self.zones {
            let field = at.key("zones");
            if zones.len() > MAX_ZONE_PAIRS {
                return Err(field.wrong(format!(
                    "holds {} grids, more than the {MAX_ZONE_PAIRS} a run keeps",
                    zones.len()
                )));
            }
            for (k, zone) in zones.iter().enumerate() {
                self.check_zone(&field.index(k), zone)?;
            }
        }
        if let Some(rounds) = &self.rounds {
            self.check_rounds(&at.key("rounds"), rounds)?;
        }
        if let Some(charts) = &self.charts {
            let field = at.key("charts");
            for (k, (x, y)) in charts.pairs.iter().enumerate() {
                let pair = field.key("pairs").index(k);
                self.continuous_issue(&pair.index(0), x)?;
                self.continuous_issue(&pair.index(1), y)?;
            }
            let pair = field.key("utilities");
            self.known_actor(&pair.index(0), &charts.utilities.0)?;
            self.known_actor(&pair.index(1), &charts.utilities.1)?;
        }
        if let Some(utilities) = &self.utilities {
            self.check_utilities(&at.key("utilities"), utilities)?;
        }
        let timing = [
            ("elapsed_seconds", self.elapsed_seconds),
            ("trials_per_second", self.trials_per_second),
            ("load_average", self.load_average),
        ];
        for (key, value) in timing {
            if let Some(value) = value {
                at.key(key).at_least(value, 0.0)?;
            }
        }
        for (key, count) in [
            ("threads", self.threads.map(|n| n as u64)),
            ("shards", self.shards),
        ] {
            if count == Some(0) {
                return Err(at.key(key).wrong("is 0; it counts from 1"));
            }
        }
        Ok(())
    }

    fn check_issue(&self, field: &Field, issue: &IssueSummary) -> Checked {
        if issue.agreements > self.trials {
            return Err(field.key("agreements").wrong(format!(
                "counts {} agreements in a run of {} trials",
                issue.agreements, self.trials
            )));
        }
        if !rate_matches(self.agreement_rate, issue.agreements, self.trials) {
            return Err(field.key("agreements").wrong(format!(
                "counts {} agreements in {} trials, a rate of {}, but `agreement_rate` says {}: \
                 every agreement settles every issue",
                issue.agreements,
                self.trials,
                Num(issue.agreements as f64 / self.trials as f64),
                Num(self.agreement_rate)
            )));
        }
        match (&issue.range, &issue.options) {
            (Some(range), None) => continuous_issue(field, issue, *range),
            (None, Some(options)) => discrete_issue(field, issue, options),
            (Some(_), Some(_)) => Err(field
                .wrong("has both a `range` (a continuous issue) and `options` (a discrete one)")),
            (None, None) => Err(field.wrong(
                "has neither a `range` (a continuous issue) nor `options` (a discrete one)",
            )),
        }
    }

    fn check_actor(&self, field: &Field, actor: &ActorSummary) -> Checked {
        field.key("power").at_least(actor.power, 0.0)?;
        field.key("reservation").utility(actor.reservation)?;
        for (issue, position) in &actor.ideal {
            self.position(&field.key("ideal").key(issue), issue, position)?;
        }
        if let Some(mean) = actor.mean_utility {
            field.key("mean_utility").utility(mean)?;
        }
        field
            .key("p_above_reservation")
            .share(actor.p_above_reservation)?;
        quantiles(&field.key("utility"), &actor.utility, |field, value| {
            field.utility(value)
        })
    }

    fn check_proposals(&self, field: &Field) -> Checked {
        let actor_ids: Vec<&str> = self.actors.keys().map(String::as_str).collect();
        for (name, proposal) in &self.proposals {
            let field = field.key(name);
            for (issue, position) in &proposal.values {
                self.position(&field.key("values").key(issue), issue, position)?;
            }
            let all_veto = field.key("p_all_veto_accept");
            all_veto.share(proposal.p_all_veto_accept)?;
            let acceptance = field.key("acceptance");
            acceptance.same_keys(
                proposal.acceptance.keys(),
                &actor_ids,
                "the summary's actors",
            )?;
            for (id, &share) in &proposal.acceptance {
                acceptance.key(id).share(share)?;
                if self.actors[id].veto && proposal.p_all_veto_accept > share + SLACK {
                    return Err(all_veto.wrong(format!(
                        "is {}, above the {} at which the veto actor `{}` alone accepts: \
                         all veto actors accept no more often than any one of them",
                        Num(proposal.p_all_veto_accept),
                        Num(share),
                        shown(id)
                    )));
                }
            }
        }
        Ok(())
    }

    fn check_zone(&self, field: &Field, zone: &Zone) -> Checked {
        let x = self.continuous_issue(&field.key("x"), &zone.x)?;
        let y = self.continuous_issue(&field.key("y"), &zone.y)?;
        if zone.x == zone.y {
            return Err(field.key("y").wrong("is the same issue as `x`"));
        }
        for (key, range, issue) in [("x_range", zone.x_range, x), ("y_range", zone.y_range, y)] {
            if range != issue.range {
                return Err(field.key(key).wrong(format!(
                    "is not the range of its issue ({})",
                    shown_range(issue.range)
                )));
            }
        }
        let cells = zone.bins.checked_mul(zone.bins);
        if zone.bins == 0 || cells != Some(zone.counts.len()) {
            return Err(field.key("counts").wrong(format!(
                "has {} cells, but a grid of {} × {} bins has {}",
                zone.counts.len(),
                zone.bins,
                zone.bins,
                cells.map_or("more than can be counted".to_string(), |n| n.to_string())
            )));
        }
        let total = sum(&zone.counts);
        if total != Some(x.agreements) {
            return Err(field.key("counts").wrong(format!(
                "adds up to {}, but the run has {} agreements, each in one cell",
                total.map_or("more than can be counted".to_string(), |n| n.to_string()),
                x.agreements
            )));
        }
        let expected: Vec<(String, u64)> = zone_thresholds(&zone.counts)
            .into_iter()
            .map(|(level, threshold)| (format!("{}", (level * 100.0).round()), threshold))
            .collect();
        let found: Vec<(String, u64)> = zone
            .levels
            .iter()
            .map(|(level, &threshold)| (level.clone(), threshold))
            .collect();
        if found != expected {
            let wanted: Vec<String> = expected
                .iter()
                .map(|(level, threshold)| format!("\"{level}\": {threshold}"))
                .collect();
            return Err(field.key("levels").wrong(format!(
                "are not the thresholds the grid's counts give ({})",
                wanted.join(", ")
            )));
        }
        Ok(())
    }

    fn check_rounds(&self, field: &Field, rounds: &Rounds) -> Checked {
        let played = rounds.distribution.len();
        field
            .key("mean")
            .inside(rounds.mean, [0.0, played as f64], "the rounds played, 0")?;
        if rounds.p50 > rounds.p95 {
            return Err(field
                .key("p95")
                .wrong(format!("is {}, below p50 ({})", rounds.p95, rounds.p50)));
        }
        if rounds.p95 > played as u64 {
            return Err(field.key("p95").wrong(format!(
                "is round {}, but `distribution` covers {played} rounds",
                rounds.p95
            )));
        }
        if rounds.agreement_by_round.len() != played {
            return Err(field.key("agreement_by_round").wrong(format!(
                "covers {} rounds, `distribution` {played}: both have one share per round",
                rounds.agreement_by_round.len()
            )));
        }
        let ended = field.key("distribution");
        let agreed = field.key("agreement_by_round");
        for (k, (&all, &deals)) in rounds
            .distribution
            .iter()
            .zip(&rounds.agreement_by_round)
            .enumerate()
        {
            ended.index(k).share(all)?;
            agreed.index(k).share(deals)?;
            if deals > all + SLACK {
                return Err(agreed.index(k).wrong(format!(
                    "is {}, above the {} of trials that ended in round {}",
                    Num(deals),
                    Num(all),
                    k + 1
                )));
            }
        }
        let slack = SLACK * (played as f64).max(1.0);
        let total: f64 = rounds.distribution.iter().sum();
        if total > 1.0 + slack {
            return Err(ended.wrong(format!(
                "adds up to {}: shares of the trials add up to 1 at most",
                Num(total)
            )));
        }
        let deals: f64 = rounds.agreement_by_round.iter().sum();
        if deals > self.agreement_rate + slack {
            return Err(agreed.wrong(format!(
                "adds up to {}, more than the agreement rate ({})",
                Num(deals),
                Num(self.agreement_rate)
            )));
        }
        field.key("breakdown_rate").share(rounds.breakdown_rate)
    }

    fn check_utilities(&self, field: &Field, picture: &Utilities) -> Checked {
        let pair = field.key("actors");
        self.known_actor(&pair.index(0), &picture.actors.0)?;
        self.known_actor(&pair.index(1), &picture.actors.1)?;
        let reservations = field.key("reservations");
        reservations.index(0).utility(picture.reservations.0)?;
        reservations.index(1).utility(picture.reservations.1)?;
        let most = self.trials.min(CLOUD_TRIALS);
        if picture.cloud.len() as u64 > most {
            return Err(field.key("cloud").wrong(format!(
                "has {} points, but a run of {} trials keeps at most {most}",
                picture.cloud.len(),
                self.trials
            )));
        }
        if picture.frontier_left_out && !picture.frontier.is_empty() {
            return Err(field.key("frontier_left_out").wrong(format!(
                "is true, but `frontier` has {} points: a frontier left out has none",
                picture.frontier.len()
            )));
        }
        if !picture.gains.is_empty() && picture.gains.len() != picture.cloud.len() {
            return Err(field.key("gains").wrong(format!(
                "has {} points, `cloud` {}: one per trial of the cloud",
                picture.gains.len(),
                picture.cloud.len()
            )));
        }
        for (key, points, low) in [
            ("cloud", &picture.cloud, 0.0),
            ("gains", &picture.gains, -1.0),
        ] {
            for (k, &(a, b, agreed)) in points.iter().enumerate() {
                let point = field.key(key).index(k);
                point.index(0).inside(a, [low, 1.0], "utilities, from")?;
                point.index(1).inside(b, [low, 1.0], "utilities, from")?;
                if agreed > 1 {
                    return Err(point
                        .index(2)
                        .wrong(format!("is {agreed}; it is 1 for an agreement, else 0")));
                }
            }
        }
        let points = picture
            .frontier
            .iter()
            .enumerate()
            .map(|(k, &point)| (field.key("frontier").index(k), point))
            .chain(picture.nash.map(|point| (field.key("nash"), point)))
            .chain(
                picture
                    .kalai_smorodinsky
                    .map(|point| (field.key("kalai_smorodinsky"), point)),
            )
            .chain(
                picture
                    .proposals
                    .iter()
                    .map(|(name, &point)| (field.key("proposals").key(name), point)),
            );
        for (at, (a, b)) in points {
            at.index(0).utility(a)?;
            at.index(1).utility(b)?;
        }
        let names: Vec<&str> = self.proposals.keys().map(String::as_str).collect();
        field.key("proposals").same_keys(
            picture.proposals.keys(),
            &names,
            "the summary's proposals",
        )
    }

    /// The continuous issue `id`, which `field` names.
    fn continuous_issue(
        &self,
        field: &Field,
        id: &str,
    ) -> Result<&IssueSummary, super::field::Inconsistency> {
        match self.issues.get(id) {
            Some(issue) if issue.is_continuous() => Ok(issue),
            Some(_) => Err(field.wrong(format!(
                "names `{}`, a discrete issue, where a continuous one belongs",
                shown(id)
            ))),
            None => Err(field.wrong(format!(
                "names `{}`, which is not among the issues",
                shown(id)
            ))),
        }
    }

    fn known_actor(&self, field: &Field, id: &str) -> Checked {
        if self.actors.contains_key(id) {
            Ok(())
        } else {
            Err(field.wrong(format!(
                "names `{}`, which is not among the actors",
                shown(id)
            )))
        }
    }

    /// A position on issue `id`: a number on a continuous issue, one of the
    /// options of a discrete one.
    fn position(&self, field: &Field, id: &str, position: &Position) -> Checked {
        let Some(issue) = self.issues.get(id) else {
            return Err(field.wrong(format!(
                "is for `{}`, which is not among the issues",
                shown(id)
            )));
        };
        match (position, &issue.options) {
            (Position::Number(value), None) => field.finite(*value),
            (Position::Option(name), Some(options)) if options.contains(name) => Ok(()),
            (Position::Option(name), Some(_)) => Err(field.wrong(format!(
                "is `{}`, which is not one of the issue's options",
                shown(name)
            ))),
            (Position::Number(_), Some(_)) => {
                Err(field
                    .wrong("is a number, but the issue is discrete: it takes an option's name"))
            }
            (Position::Option(_), None) => {
                Err(field.wrong("is a name, but the issue is continuous: it takes a number"))
            }
        }
    }
}

fn continuous_issue(field: &Field, issue: &IssueSummary, range: [f64; 2]) -> Checked {
    field.key("range").interval(range, true)?;
    if issue.shares.is_some() {
        return Err(field
            .key("shares")
            .wrong("belongs to a discrete issue; this one has a range"));
    }
    if let Some(density) = &issue.density {
        if density.len() != DENSITY_BINS {
            return Err(field.key("density").wrong(format!(
                "has {} bins where a run writes {DENSITY_BINS}",
                density.len()
            )));
        }
        let total = sum(density);
        if total != Some(issue.agreements) {
            return Err(field.key("density").wrong(format!(
                "adds up to {}, but the issue counts {} agreements, each in one bin",
                total.map_or("more than can be counted".to_string(), |n| n.to_string()),
                issue.agreements
            )));
        }
    }
    let stats = Quantiles {
        p05: issue.p05,
        p25: issue.p25,
        p50: issue.p50,
        p75: issue.p75,
        p95: issue.p95,
    };
    let inside = |field: &Field, value: f64| field.inside(value, range, "the issue's range");
    let given = [
        issue.mean, issue.p05, issue.p25, issue.p50, issue.p75, issue.p95,
    ];
    let none_given = given.iter().all(Option::is_none);
    match (issue.agreements, none_given) {
        (0, true) => {}
        (0, false) => {
            return Err(field.wrong(
                "has statistics but no agreements: without agreements its mean and quantiles are null",
            ));
        }
        (count, _) => {
            if let Some(missing) = [("mean", issue.mean)]
                .into_iter()
                .chain(quantile_values(&stats))
                .find(|(_, value)| value.is_none())
            {
                return Err(field.key(missing.0).wrong(format!(
                    "is missing, though the issue has {count} agreements"
                )));
            }
        }
    }
    if let Some(mean) = issue.mean {
        inside(&field.key("mean"), mean)?;
    }
    quantiles(field, &stats, inside)?;
    if let Some(pinned) = &issue.pinned {
        let mut total = 0.0;
        for (k, point) in pinned.iter().enumerate() {
            let at = field.key("pinned").index(k);
            inside(&at.key("value"), point.value)?;
            at.key("share").share(point.share)?;
            total += point.share;
        }
        if total > 1.0 + SLACK * pinned.len().max(1) as f64 {
            return Err(field.key("pinned").wrong(format!(
                "holds {} of the agreements in all: shares of them add up to 1 at most",
                Num(total)
            )));
        }
    }
    Ok(())
}

fn discrete_issue(field: &Field, issue: &IssueSummary, options: &[String]) -> Checked {
    field.key("options").options(options)?;
    let continuous_only = [
        ("density", issue.density.is_some()),
        ("pinned", issue.pinned.is_some()),
        ("mean", issue.mean.is_some()),
        ("p05", issue.p05.is_some()),
        ("p25", issue.p25.is_some()),
        ("p50", issue.p50.is_some()),
        ("p75", issue.p75.is_some()),
        ("p95", issue.p95.is_some()),
    ];
    if let Some((key, _)) = continuous_only.iter().find(|(_, given)| *given) {
        return Err(field
            .key(key)
            .wrong("belongs to a continuous issue; this one has options"));
    }
    let Some(shares) = &issue.shares else {
        return Err(field.wrong("lacks `shares`, which every discrete issue has"));
    };
    let at = field.key("shares");
    let total = at.option_shares(shares, options)?;
    let slack = SLACK * options.len() as f64;
    let (expected, why) = if issue.agreements == 0 {
        (0.0, "0, as the issue has no agreements")
    } else {
        (1.0, "1: every agreement picks one option")
    };
    if (total - expected).abs() > slack {
        return Err(at.wrong(format!("adds up to {}, not {why}", Num(total))));
    }
    Ok(())
}

/// The five quantiles as `(name, value)`.
fn quantile_values(stats: &Quantiles) -> [(&'static str, Option<f64>); 5] {
    [
        ("p05", stats.p05),
        ("p25", stats.p25),
        ("p50", stats.p50),
        ("p75", stats.p75),
        ("p95", stats.p95),
    ]
}

/// Quantiles under `field`: all given or none, each passing `each`, rising.
fn quantiles(field: &Field, stats: &Quantiles, each: impl Fn(&Field, f64) -> Checked) -> Checked {
    let values = quantile_values(stats);
    let given: Vec<(&str, f64)> = values
        .iter()
        .filter_map(|&(name, value)| value.map(|value| (name, value)))
        .collect();
    if !given.is_empty() && given.len() < values.len() {
        let (missing, _) = values
            .iter()
            .find(|(_, value)| value.is_none())
            .expect("one is missing");
        return Err(field
            .key(missing)
            .wrong("is null while other quantiles are given: all five are given, or none"));
    }
    for &(name, value) in &given {
        each(&field.key(name), value)?;
    }
    field.rising(&given, RISING)
}

/// The sum of counts, `None` if it overflows.
fn sum(counts: &[u64]) -> Option<u64> {
    counts
        .iter()
        .try_fold(0u64, |total, &count| total.checked_add(count))
}

fn shown_range(range: Option<[f64; 2]>) -> String {
    match range {
        Some([low, high]) => format!("{} – {}", Num(low), Num(high)),
        None => "none".into(),
    }
}

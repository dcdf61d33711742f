//! Merging shards: the checks that they belong together, then the sum.
//!
//! Shards are added one at a time ([`Merger::add`]), so a merge of many large
//! shards holds one tally besides the sum. The first shard added is the
//! reference: every later one must come from the same zopa, scenario (by
//! SHA-256), model, seed, trials and split (`N`), and — for a sweep or a
//! sensitivity analysis — the same parameter and values or inputs. Each
//! shard's work is checked against the scenario (a tally of the right shape
//! and size, statistics of its issues and actors) before it is added, so a
//! damaged file is named rather than merged. [`Merger::finish`] then asks
//! that every shard `0..N` be there exactly once, and makes the result.
//!
//! Every message names the shard file at fault (and the reference it
//! disagrees with), says what differs, and what to do.

use super::exact::StatsRecord;
use super::file::{ShardFile, Work};
use super::{ShardKind, ShardSpec, describe_block};
use crate::cost::Cost;
use crate::model_kind::ModelKind;
use crate::montecarlo::empty_tally;
use crate::scenario::Scenario;
use crate::summary::field::SLACK;
use crate::summary::{
    CLOUD_TRIALS, IssueTally, NominalPicture, RunInfo, Summary, Tally, tally::HistogramParts,
};
use crate::whatif::path::uncertain_inputs;
use crate::whatif::sensitivity::{MAX_INPUTS, SensitivityResult, effect};
use crate::whatif::sweep::{MAX_VALUES, SweepPoint, SweepResult};
use crate::whatif::{IssueStats, ParamPath, RunStats, Settings, WhatIfError};
use std::collections::BTreeMap;
use std::ops::Range;

/// What a merge gives: what the command without `--shard` would have.
#[derive(Clone, Debug)]
pub struct Merged {
    pub kind: ShardKind,
    pub scenario: Scenario,
    /// The scenario file as the shards' command named it.
    pub scenario_file: String,
    /// `--model` as the shards' command gave it, if it did.
    pub model_option: Option<ModelKind>,
    /// How many shards were merged (`N`).
    pub shards: u64,
    /// The shards' trial times added up.
    pub elapsed_seconds: f64,
    pub result: MergedResult,
}

/// The merged result, by kind.
#[derive(Clone, Debug)]
pub enum MergedResult {
    /// The run's summary (its `shards` set, its timing the shards' summed).
    Run(Box<Summary>),
    Sweep(SweepResult),
    Sensitivity(SensitivityResult),
}

/// Adds shards one at a time; see the module's documentation.
#[derive(Default)]
pub struct Merger {
    reference: Option<Reference>,
    /// Shard index → the file that holds it.
    seen: BTreeMap<u64, String>,
    elapsed_seconds: f64,
}

/// The first shard's facts, and what has been merged so far.
struct Reference {
    name: String,
    header: ShardFile,
    scenario: Scenario,
    model: ModelKind,
    model_option: Option<ModelKind>,
    sum: Sum,
}

/// The merge so far, by kind.
enum Sum {
    Run(Tally),
    Sweep {
        path: ParamPath,
        values: Vec<f64>,
        points: BTreeMap<u64, RunStats>,
    },
    Sensitivity {
        inputs: Vec<ParamPath>,
        baseline: Option<RunStats>,
        runs: BTreeMap<u64, (RunStats, RunStats)>,
    },
}

impl Merger {
    /// A merge of no shards yet.
    pub fn new() -> Merger {
        Merger::default()
    }

    /// Adds the shard read from `name`, after checking that it belongs with
    /// those added before.
    pub fn add(&mut self, name: &str, mut file: ShardFile) -> Result<(), String> {
        let ours = env!("CARGO_PKG_VERSION");
        if file.zopa_version != ours {
            return Err(format!(
                "error: {name} was written by zopa {}; this is zopa {ours}\n  help: merge \
                 with zopa {} (a merge gives exactly one run's results only with the zopa \
                 that made the shards)",
                shown(&file.zopa_version),
                shown(&file.zopa_version)
            ));
        }
        // The work (a tally, maybe large) is merged and dropped; the header stays.
        let work = std::mem::replace(&mut file.work, Work::placeholder());
        let reference = match &mut self.reference {
            Some(reference) => reference,
            None => self
                .reference
                .insert(Reference::first(name, file.clone(), &work)?),
        };
        reference.agrees(name, &file, &work)?;
        if let Some(other) = self.seen.get(&file.shard.index) {
            return Err(format!(
                "error: {name} and {other} are both shard {} ({})\n  help: give each shard \
                 once; if one was run again, leave out the older folder",
                file.shard,
                describe_block(file.kind, &file.block(), file.items)
            ));
        }
        reference.add_work(name, file.block(), work)?;
        self.seen.insert(file.shard.index, name.to_string());
        self.elapsed_seconds += file.elapsed_seconds;
        Ok(())
    }

    /// The merged result, once every shard `0..N` has been added.
    pub fn finish(self) -> Result<Merged, String> {
        let Some(reference) = self.reference else {
            return Err(
                "error: no shards to merge\n  help: give the folders that the \
                        commands with --shard K/N wrote into"
                    .to_string(),
            );
        };
        let header = &reference.header;
        let count = header.shard.count;
        let missing = missing_shards(&self.seen, count);
        if let Some(&first) = missing.first() {
            let total = count - self.seen.len() as u64;
            let listed: Vec<String> = missing
                .iter()
                .map(|&index| {
                    let shard = ShardSpec { index, count };
                    format!(
                        "{shard} ({})",
                        describe_block(header.kind, &shard.block(header.items), header.items)
                    )
                })
                .collect();
            let more = if total > missing.len() as u64 {
                format!(" and {} more", total - missing.len() as u64)
            } else {
                String::new()
            };
            let (one, verb, it) = if total == 1 {
                ("shard", "is", "it")
            } else {
                ("shards", "are", "them")
            };
            return Err(format!(
                "error: {one} {}{more} {verb} missing: {} of {} in {count} shards needs every \
                 shard from 0/{count} to {}/{count} once\n  help: run {it} (the same command \
                 with --shard {first}/{count}{}) and merge again with every shard's folder",
                listed.join(", "),
                header.kind.article(),
                header.scenario_file,
                count - 1,
                if total > 1 { ", ..." } else { "" },
            ));
        }
        let settings = reference.settings();
        let Reference {
            header,
            scenario,
            model,
            model_option,
            sum,
            ..
        } = reference;
        let result = match sum {
            Sum::Run(tally) => {
                let info = RunInfo {
                    model: model.cli_name().to_string(),
                    trials: header.trials,
                    seed: header.seed,
                    elapsed_seconds: self.elapsed_seconds,
                    threads: None,
                    load_average: None,
                };
                let mut summary = Summary::new(
                    &scenario,
                    &info,
                    &tally,
                    &NominalPicture::compute(&scenario, crate::cost::nominal_parts(&scenario)),
                );
                summary.shards = Some(count);
                MergedResult::Run(Box::new(summary))
            }
            Sum::Sweep {
                path,
                values,
                points,
            } => {
                let points = points
                    .into_iter()
                    .map(|(index, stats)| SweepPoint {
                        value: values[index as usize],
                        stats,
                    })
                    .collect();
                MergedResult::Sweep(SweepResult::new(&scenario, &path, &settings, points))
            }
            Sum::Sensitivity {
                inputs,
                baseline,
                runs,
            } => {
                let effects = runs
                    .into_iter()
                    .map(|(k, (at_low, at_high))| {
                        effect(&scenario, &inputs[k as usize], at_low, at_high)
                    })
                    .collect();
                let Some(baseline) = baseline else {
                    return Err("error: the baseline run is missing".to_string());
                };
                MergedResult::Sensitivity(SensitivityResult::new(&settings, baseline, effects))
            }
        };
        Ok(Merged {
            kind: header.kind,
            scenario_file: header.scenario_file,
            model_option,
            shards: count,
            elapsed_seconds: self.elapsed_seconds,
            scenario,
            result,
        })
    }
}

/// Up to five of the shards of `0..count` not in `seen`, in order.
fn missing_shards(seen: &BTreeMap<u64, String>, count: u64) -> Vec<u64> {
    let mut missing = Vec::new();
    let mut next = 0;
    for &index in seen.keys().chain(std::iter::once(&count)) {
        while next < index && missing.len() < 5 {
            missing.push(next);
            next += 1;
        }
        next = index + 1;
    }
    missing
}

fn shown(text: &str) -> String {
    crate::scenario::text::shown(text)
}

impl Reference {
    /// The first shard: its scenario read, its model and its parameter or
    /// inputs found, and an empty sum of its kind.
    fn first(name: &str, file: ShardFile, work: &Work) -> Result<Reference, String> {
        // Read as a scenario file is, within the same limits (a shard once
        // carried 150,000 actors in 7 MB of text, and the merge took 2.8 GB).
        let scenario =
            crate::scenario::parse_bytes(file.scenario_text.as_bytes(), &file.scenario_file)
                .map_err(|err| {
                    format!("error: the scenario inside {name} does not read as a scenario:\n{err}")
                })?;
        let damaged = |detail: String| format!("error: {name} is damaged: {detail}");
        let model_option = match &file.model_option {
            None => None,
            Some(option) => Some(
                ModelKind::ALL
                    .into_iter()
                    .find(|kind| kind.cli_name() == option)
                    .ok_or_else(|| {
                        damaged(format!("it names an unknown model `{}`", shown(option)))
                    })?,
            ),
        };
        let model = model_option.unwrap_or(scenario.model);
        // The merge keeps one run's tally beside the sum: the memory a worker
        // of the run keeps, which `zopa check` holds within its budget.
        if let Some(refusal) = Cost::of(&scenario, model).refusal(true) {
            return Err(format!(
                "error: the scenario inside {name} is too large to merge: {}\n  help: {}",
                refusal.message, refusal.help
            ));
        }
        if model.cli_name() != file.model {
            return Err(damaged(format!(
                "it says it ran `{}`, but its scenario and options give `{}`",
                shown(&file.model),
                model.cli_name()
            )));
        }
        let sum = match work {
            Work::Run(_) => {
                if file.items != file.trials {
                    return Err(damaged("its items are not its trials".into()));
                }
                Sum::Run(empty_tally(&scenario))
            }
            Work::Sweep(sweep) => {
                let path = ParamPath::parse(&scenario, &sweep.parameter)
                    .map_err(|err| damaged(err.to_string()))?;
                if sweep.values.is_empty()
                    || sweep.values.len() > MAX_VALUES
                    || sweep.values.len() as u64 != file.items
                {
                    return Err(damaged("its list of values does not fit its items".into()));
                }
                // Each value as `zopa sweep` checks it before its first run
                // (values of ±1e308 and infinity once hung the chart).
                for value in &sweep.values {
                    let refused = if value.0.is_finite() {
                        match path.set(&scenario, value.0) {
                            Err(WhatIfError::Invalid { message, .. }) => Some(message),
                            Err(err) => Some(err.to_string()),
                            Ok(_) => None,
                        }
                    } else {
                        Some("it is not a number".to_string())
                    };
                    if let Some(why) = refused {
                        return Err(damaged(format!(
                            "it holds a sweep value zopa sweep refuses: {why}"
                        )));
                    }
                }
                Sum::Sweep {
                    path,
                    values: sweep.values.iter().map(|value| value.0).collect(),
                    points: BTreeMap::new(),
                }
            }
            Work::Sensitivity(work) => {
                let inputs = uncertain_inputs(&scenario);
                let paths: Vec<&str> = inputs.iter().map(|path| path.text.as_str()).collect();
                if inputs.len() > MAX_INPUTS
                    || work.inputs != paths
                    || file.items != inputs.len() as u64 + 1
                {
                    return Err(damaged(
                        "its uncertain inputs are not those of its scenario".into(),
                    ));
                }
                Sum::Sensitivity {
                    inputs,
                    baseline: None,
                    runs: BTreeMap::new(),
                }
            }
        };
        Ok(Reference {
            name: name.to_string(),
            header: file,
            scenario,
            model,
            model_option,
            sum,
        })
    }

    /// The settings every run of the shards' command had.
    fn settings(&self) -> Settings {
        Settings {
            model: self.model,
            trials: self.header.trials,
            seed: self.header.seed,
        }
    }

    /// Checks that the shard `file` read from `name` belongs with the
    /// reference: same kind, scenario, model, seed, trials and split.
    fn agrees(&self, name: &str, file: &ShardFile, work: &Work) -> Result<(), String> {
        let first = &self.header;
        let reference = &self.name;
        let differs = |what: &str, theirs: String, ours: String, help: &str| {
            Err(format!(
                "error: {name} is a shard of another {what} than {reference}: {theirs} there, \
                 {ours} here\n  help: {help}"
            ))
        };
        let one_run = "merge only the shards of one command (its shards share scenario, \
                       model, seed, trials and N)";
        if file.kind != first.kind {
            return Err(format!(
                "error: {name} is a shard of {}, but {reference} is a shard of {}\n  help: \
                 merge the shards of one command at a time",
                file.kind.article(),
                first.kind.article()
            ));
        }
        if file.scenario_sha256 != first.scenario_sha256 {
            return differs(
                "scenario",
                format!(
                    "{} (SHA-256 {})",
                    file.scenario_file,
                    &file.scenario_sha256[..12.min(file.scenario_sha256.len())]
                ),
                format!(
                    "{} (SHA-256 {})",
                    first.scenario_file,
                    &first.scenario_sha256[..12.min(first.scenario_sha256.len())]
                ),
                "merge only the shards of one scenario file, unchanged between its shards",
            );
        }
        if file.model != first.model || file.model_option != first.model_option {
            let model = |f: &ShardFile| match &f.model_option {
                Some(_) => format!("model `{}` (--model)", shown(&f.model)),
                None => format!("model `{}` (the scenario's own)", shown(&f.model)),
            };
            return differs("model", model(file), model(first), one_run);
        }
        if file.seed != first.seed {
            return differs(
                "seed",
                format!("seed {}", file.seed),
                format!("seed {}", first.seed),
                one_run,
            );
        }
        if file.trials != first.trials {
            let per_run = if first.kind == ShardKind::Run {
                ""
            } else {
                " per run"
            };
            return differs(
                "number of trials",
                format!("{} trials{per_run}", file.trials),
                format!("{} trials{per_run}", first.trials),
                one_run,
            );
        }
        if file.shard.count != first.shard.count || file.items != first.items {
            return differs(
                "split",
                format!(
                    "shard {} of {} {}",
                    file.shard,
                    file.items,
                    file.kind.items()
                ),
                format!(
                    "shard {} of {} {}",
                    first.shard,
                    first.items,
                    first.kind.items()
                ),
                "merge the shards of one split: all with the same N in --shard K/N",
            );
        }
        match (work, &self.sum) {
            (Work::Sweep(theirs), Sum::Sweep { path, values, .. }) => {
                let same_values = theirs.values.len() == values.len()
                    && theirs
                        .values
                        .iter()
                        .zip(values)
                        .all(|(a, b)| a.0.to_bits() == b.to_bits());
                if theirs.parameter != path.text || !same_values {
                    return differs(
                        "sweep",
                        format!("parameter {} at its values", shown(&theirs.parameter)),
                        format!("parameter {} at its values", path.text),
                        "merge the shards of one sweep: same --param and --values (or --range)",
                    );
                }
            }
            (Work::Sensitivity(theirs), Sum::Sensitivity { inputs, .. }) => {
                let same = theirs.inputs.len() == inputs.len()
                    && theirs.inputs.iter().zip(inputs).all(|(a, b)| *a == b.text);
                if !same {
                    return Err(format!("error: {name} is damaged: its inputs differ"));
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Checks the work of the shard `name` (its `block` of the items) against
    /// the scenario, and adds it to the sum.
    fn add_work(&mut self, name: &str, block: Range<u64>, work: Work) -> Result<(), String> {
        let damaged = |detail: String| {
            format!(
                "error: {name} is damaged: {detail}\n  help: run its shard again (the same \
                 command with --shard K/N)"
            )
        };
        let scenario = &self.scenario;
        let trials = self.header.trials;
        let stats = |record: &StatsRecord| stats_of(record, scenario, trials).map_err(damaged);
        let size = block.end - block.start;
        match (work, &mut self.sum) {
            (Work::Run(record), Sum::Run(sum)) => {
                let tally = record.decode().map_err(damaged)?;
                fits(&tally, sum, &block, deadline(self.model)).map_err(damaged)?;
                sum.merge(&tally);
            }
            (Work::Sweep(sweep), Sum::Sweep { points, .. }) => {
                if sweep.points.len() as u64 != size {
                    return Err(damaged("its points do not fill its block of values".into()));
                }
                for (index, record) in block.zip(&sweep.points) {
                    points.insert(index, stats(record)?);
                }
            }
            (
                Work::Sensitivity(work),
                Sum::Sensitivity {
                    inputs,
                    baseline,
                    runs,
                },
            ) => {
                let units = block.start.max(1)..block.end.max(1);
                if work.baseline.is_some() != block.contains(&0)
                    || work.effects.len() as u64 != units.end - units.start
                {
                    return Err(damaged("its runs do not fill its block".into()));
                }
                if let Some(record) = &work.baseline {
                    *baseline = Some(stats(record)?);
                }
                for (unit, input) in units.zip(&work.effects) {
                    let k = unit - 1;
                    let at = inputs.get(k as usize).map(|path| path.text.as_str());
                    if at != Some(input.path.as_str()) {
                        return Err(damaged(format!(
                            "its input {} is out of place",
                            shown(&input.path)
                        )));
                    }
                    runs.insert(k, (stats(&input.at_low)?, stats(&input.at_high)?));
                }
            }
            _ => return Err(damaged("its work is not of its kind".into())),
        }
        Ok(())
    }
}

/// The last round a trial of `model` can end in: the deadline of a protocol
/// model, `None` for a model without rounds.
fn deadline(model: ModelKind) -> Option<u32> {
    match model {
        ModelKind::AlternatingOffers(protocol) => Some(protocol.max_rounds.max(1)),
        _ => None,
    }
}

/// Checks that `tally` is one of `block`'s trials of the scenario whose empty
/// tally has the shape of `sum`: the same issues (and point masses), actors,
/// proposals and zone pairs, as many trials as the block, its rounds those of
/// a model with `deadline`, its utility cloud the block's trials below
/// [`CLOUD_TRIALS`], and counts that add up.
fn fits(
    tally: &Tally,
    sum: &Tally,
    block: &Range<u64>,
    deadline: Option<u32>,
) -> Result<(), String> {
    if tally.trials != block.end - block.start
        || tally.agreements > tally.trials
        || tally.zopa > tally.trials
        || tally.stopped_early > tally.trials
    {
        return Err(format!(
            "it counts {} trials where its block has {}",
            tally.trials,
            block.end - block.start
        ));
    }
    let actors = sum.actors.len();
    let same_issues = tally.issues.len() == sum.issues.len()
        && tally.issues.iter().zip(&sum.issues).all(|pair| match pair {
            (IssueTally::Continuous(a), IssueTally::Continuous(b)) => {
                let (a, b): (HistogramParts, HistogramParts) = (a.parts(), b.parts());
                a.atoms.len() == b.atoms.len()
                    && a.atoms
                        .iter()
                        .zip(&b.atoms)
                        .all(|(x, y)| x.to_bits() == y.to_bits())
                    && a.total == tally.agreements
            }
            (IssueTally::Discrete(a), IssueTally::Discrete(b)) => {
                a.len() == b.len() && checked_sum(a) == Some(tally.agreements)
            }
            _ => false,
        });
    if !same_issues {
        return Err("its issues are not those of its scenario".into());
    }
    let same_actors = tally.actors.len() == actors
        && tally
            .actors
            .iter()
            .all(|actor| actor.utility.count() == tally.trials);
    let same_proposals = tally.proposals.len() == sum.proposals.len()
        && tally
            .proposals
            .iter()
            .all(|proposal| proposal.accepted.len() == actors);
    let same_zones = tally.zones.len() == sum.zones.len()
        && tally
            .zones
            .iter()
            .zip(&sum.zones)
            .all(|(a, b)| (a.x, a.y) == (b.x, b.y));
    if !(same_actors && same_proposals && same_zones) {
        return Err("its actors, proposals or zone grids are not those of its scenario".into());
    }
    // Every count is of this block's trials (a crafted count of 2^64 − 1
    // would wrap the sum around to something plausible).
    let within = |count: u64| count <= tally.trials;
    let counts_fit = tally
        .actors
        .iter()
        .all(|actor| within(actor.above_reservation))
        && tally.proposals.iter().all(|proposal| {
            within(proposal.all_veto) && proposal.accepted.iter().all(|&count| within(count))
        })
        && tally
            .zones
            .iter()
            .all(|zone| checked_sum(&zone.counts).is_some_and(|total| total <= tally.agreements));
    if !counts_fit {
        return Err("it counts more trials for an actor, a proposal or a zone than it ran".into());
    }
    rounds_fit(tally, deadline)?;
    let cloud = block.start.min(CLOUD_TRIALS)..block.end.min(CLOUD_TRIALS);
    let cloud_fits = tally.cloud.len() as u64 == cloud.end - cloud.start
        && tally.cloud.iter().zip(cloud).all(|(point, trial)| {
            point.trial == trial
                && point.utilities.len() == 2
                && point.reservations.len() == 2
                && point
                    .utilities
                    .iter()
                    .chain(&point.reservations)
                    .all(|x| (-SLACK..=1.0 + SLACK).contains(x))
        });
    if !cloud_fits {
        return Err("its utility cloud is not that of its trials".into());
    }
    Ok(())
}

/// The sum of `counts`, if it does not overflow.
fn checked_sum(counts: &[u64]) -> Option<u64> {
    counts
        .iter()
        .try_fold(0u64, |total, &count| total.checked_add(count))
}

/// Checks a tally's rounds: none without a deadline; with one, a count for
/// rounds 1 to the deadline at most, adding up to the trials, and the
/// agreements and breakdowns among them. (A crafted shard once gave a run
/// 250 million rounds; the merge's memory bound stopped it, this check would
/// have.)
fn rounds_fit(tally: &Tally, deadline: Option<u32>) -> Result<(), String> {
    let Some(deadline) = deadline else {
        return if tally.rounds.is_empty()
            && tally.agreement_rounds.is_empty()
            && tally.breakdowns == 0
        {
            Ok(())
        } else {
            Err("it counts rounds, but its model plays none".into())
        };
    };
    let rounds = deadline as usize + 1;
    if tally.rounds.len() > rounds || tally.rounds.first().is_some_and(|&count| count > 0) {
        return Err(format!(
            "it counts trials ending after round {deadline}, its model's deadline, or in round 0"
        ));
    }
    let ended: u64 = tally
        .rounds
        .iter()
        .fold(0, |sum, &count| sum.saturating_add(count));
    let agreed: u64 = tally
        .agreement_rounds
        .iter()
        .fold(0, |sum, &count| sum.saturating_add(count));
    let within = tally.agreement_rounds.len() <= tally.rounds.len()
        && tally
            .agreement_rounds
            .iter()
            .zip(&tally.rounds)
            .all(|(deals, all)| deals <= all);
    if ended != tally.trials
        || agreed != tally.agreements
        || !within
        || tally.breakdowns > tally.trials - tally.agreements
    {
        return Err("its rounds do not add up to its trials and agreements".into());
    }
    Ok(())
}

/// A what-if run's statistics, checked to be of `scenario`'s issues, actors
/// and proposals and of `trials` trials.
fn stats_of(record: &StatsRecord, scenario: &Scenario, trials: u64) -> Result<RunStats, String> {
    let stats = record.decode();
    let issues_fit = stats.issues.len() == scenario.issues.len()
        && stats
            .issues
            .iter()
            .zip(&scenario.issues)
            .all(|(stats, issue)| match (stats, &issue.kind) {
                (IssueStats::Continuous(_), crate::scenario::IssueKind::Continuous { .. }) => true,
                (
                    IssueStats::Discrete { shares },
                    crate::scenario::IssueKind::Discrete { options },
                ) => shares.len() == options.len(),
                _ => false,
            });
    if !issues_fit
        || stats.proposals.len() != scenario.proposals.len()
        || stats.mean_utility.len() != scenario.actors.len()
        || stats.trials != trials
    {
        return Err("a run's statistics are not of its scenario".into());
    }
    Ok(stats)
}

//! What a run counts, accumulated trial by trial in memory bounded by the
//! summary, not by the number of trials.
//!
//! Quantiles come from fine histograms (4096 bins over each issue's range,
//! clamped to the smallest and largest value seen, so a fixed outcome reports
//! exactly). Outcome zones are 40 × 40 histograms over pairs of continuous
//! issues; their highest-density regions are the smallest sets of cells holding
//! 50%, 80% and 95% of the agreements. Everything is kept in integers (sums in
//! fixed point), so tallies merge exactly in any order: a summary is identical
//! whatever the number of threads and however the work is split.

use crate::world::{Dimension, World};

/// Histogram bins for quantiles of values on `[0, 1]`.
pub const BINS: usize = 4096;
/// Cells per side of an outcome-zone grid.
pub const ZONE_BINS: usize = 40;
/// The highest-density levels reported for outcome zones.
pub const ZONE_LEVELS: [f64; 3] = [0.5, 0.8, 0.95];
/// The first this many trials keep every actor's utility, for the utility cloud.
pub const CLOUD_TRIALS: u64 = 1000;
/// The quantiles reported for issues and utilities.
pub const QUANTILES: [(&str, f64); 5] = [
    ("p05", 0.05),
    ("p25", 0.25),
    ("p50", 0.5),
    ("p75", 0.75),
    ("p95", 0.95),
];

/// A distribution of values on `[0, 1]`.
///
/// Besides its bins it counts exact hits on a few candidate values fixed in
/// advance (an issue's scale ends, red-line bounds, ideal points): models
/// often put a deal exactly there, and a point mass must be reported as one,
/// not smeared across its bin.
#[derive(Clone, Debug)]
pub struct Histogram {
    counts: Bins,
    /// Candidate point masses, ascending, and how many values hit each.
    atoms: Vec<f64>,
    atom_counts: Vec<u64>,
    total: u64,
    /// The sum of values in fixed point (units of 2⁻⁵²): integer addition is
    /// exact, so merging in any order gives the same mean.
    sum: u128,
    min: f64,
    max: f64,
}

/// Counts per bin, kept in 32 bits with the high halves apart.
///
/// A worker's tally holds ten or more histograms and zone grids; in 64 bits
/// the flagship's came to 512 KB, as much as the core's L2 cache, and the
/// increments missed it: `Histogram::add` was 8% of a linear Nash trial,
/// nearly all of it on the bin's increment. In 32 bits they take half. A bin
/// past 2³² − 1 values (a run of billions of trials) carries into `high`,
/// allocated the first time it is needed, so no count is ever lost.
#[derive(Clone, Debug)]
struct Bins {
    low: Vec<u32>,
    /// Empty, or the high 32 bits of every bin's count.
    high: Vec<u32>,
}

impl Bins {
    fn new(len: usize) -> Bins {
        Bins {
            low: vec![0; len],
            high: Vec::new(),
        }
    }

    fn len(&self) -> usize {
        self.low.len()
    }

    /// The count of bin `bin`.
    #[inline]
    fn get(&self, bin: usize) -> u64 {
        let high = self.high.get(bin).map_or(0, |&h| u64::from(h) << 32);
        high | u64::from(self.low[bin])
    }

    /// Sets the count of bin `bin`.
    fn set(&mut self, bin: usize, count: u64) {
        self.low[bin] = count as u32;
        let high = (count >> 32) as u32;
        if high > 0 && self.high.is_empty() {
            self.high = vec![0; self.low.len()];
        }
        if let Some(slot) = self.high.get_mut(bin) {
            *slot = high;
        }
    }

    /// Adds one to bin `bin`.
    #[inline]
    fn bump(&mut self, bin: usize) {
        let low = &mut self.low[bin];
        *low = low.wrapping_add(1);
        if *low == 0 {
            self.carry(bin);
        }
    }

    #[cold]
    fn carry(&mut self, bin: usize) {
        if self.high.is_empty() {
            self.high = vec![0; self.low.len()];
        }
        self.high[bin] += 1;
    }

    /// Every bin's count.
    fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        (0..self.len()).map(|bin| self.get(bin))
    }
}

impl PartialEq for Bins {
    fn eq(&self, other: &Bins) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl PartialEq for Histogram {
    fn eq(&self, other: &Histogram) -> bool {
        self.counts == other.counts
            && self.atoms == other.atoms
            && self.atom_counts == other.atom_counts
            && self.total == other.total
            && self.sum == other.sum
            && self.min == other.min
            && self.max == other.max
    }
}

/// Fixed-point scale of [`Histogram`] sums.
const FIXED: f64 = (1u64 << 52) as f64;

/// `value` (on `[0, 1]`) in units of 2⁻⁵², rounded half away from zero as
/// `f64::round` does, without its library call: `value·2⁵²` is exact, so
/// are its whole part and the remainder.
#[inline]
fn to_fixed(value: f64) -> u64 {
    let scaled = value * FIXED;
    let whole = scaled as u64;
    whole + u64::from(scaled - whole as f64 >= 0.5)
}

impl Default for Histogram {
    fn default() -> Self {
        Histogram {
            counts: Bins::new(BINS),
            atoms: Vec::new(),
            atom_counts: Vec::new(),
            total: 0,
            sum: 0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }
}

/// How close a value must be to a candidate point mass to count as a hit.
const ATOM_TOLERANCE: f64 = 1e-12;

impl Histogram {
    /// An empty histogram that also counts exact hits on `atoms` (values on
    /// `[0, 1]`; duplicates and order do not matter).
    pub fn with_atoms(atoms: &[f64]) -> Histogram {
        let mut sorted: Vec<f64> = atoms.iter().map(|a| a.clamp(0.0, 1.0)).collect();
        sorted.sort_by(f64::total_cmp);
        sorted.dedup_by(|a, b| (*a - *b).abs() <= ATOM_TOLERANCE);
        Histogram {
            atom_counts: vec![0; sorted.len()],
            atoms: sorted,
            ..Histogram::default()
        }
    }

    /// Records one value (clamped to `[0, 1]`).
    #[inline]
    pub fn add(&mut self, value: f64) {
        let mut value = value.clamp(0.0, 1.0);
        // A hit counts at the point mass itself (and in its bin). The atoms
        // are ascending and further apart than the tolerance: the only one
        // that can be hit is the first not below `value − tolerance`.
        let k = self.atoms.partition_point(|&a| a < value - ATOM_TOLERANCE);
        if k < self.atoms.len() && self.atoms[k] <= value + ATOM_TOLERANCE {
            self.atom_counts[k] += 1;
            value = self.atoms[k];
        }
        let bin = ((value * BINS as f64) as usize).min(BINS - 1);
        self.counts.bump(bin);
        self.total += 1;
        self.sum += u128::from(to_fixed(value));
        self.min = self.min.min(value);
        self.max = self.max.max(value);
    }

    /// Adds another histogram's contents (exact: the order does not matter).
    pub fn merge(&mut self, other: &Histogram) {
        for bin in 0..self.counts.len().min(other.counts.len()) {
            let count = self.counts.get(bin) + other.counts.get(bin);
            self.counts.set(bin, count);
        }
        for (mine, theirs) in self.atom_counts.iter_mut().zip(&other.atom_counts) {
            *mine += theirs;
        }
        self.total += other.total;
        self.sum += other.sum;
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
    }

    /// Number of values recorded.
    pub fn count(&self) -> u64 {
        self.total
    }

    /// The mean, if any value was recorded.
    pub fn mean(&self) -> Option<f64> {
        (self.total > 0).then(|| self.sum as f64 / FIXED / self.total as f64)
    }

    /// Counts in `bins` equal bins over `[0, 1]` (`bins` must divide [`BINS`]).
    pub fn coarse(&self, bins: usize) -> Vec<u64> {
        let per = BINS / bins.clamp(1, BINS);
        let counts: Vec<u64> = self.counts.iter().collect();
        counts.chunks(per).map(|chunk| chunk.iter().sum()).collect()
    }

    /// The candidate point masses with the number of values exactly at each.
    pub fn point_masses(&self) -> impl Iterator<Item = (f64, u64)> + '_ {
        self.atoms
            .iter()
            .copied()
            .zip(self.atom_counts.iter().copied())
    }

    /// The `q`-quantile, clamped to the range seen. Values that hit a
    /// candidate point mass sit exactly there; the rest of a bin's values are
    /// taken as spread evenly across it. So a quantile that falls on a point
    /// mass is its value exactly, with no spread invented around it.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        if self.total == 0 {
            return None;
        }
        let target = q * self.total as f64;
        let mut cumulative = 0.0;
        let mut atom = 0;
        for (bin, count) in self.counts.iter().enumerate() {
            let (lo, hi) = (bin as f64 / BINS as f64, (bin + 1) as f64 / BINS as f64);
            // Point masses in this bin (the last bin also holds 1.0 itself).
            let first = atom;
            while atom < self.atoms.len() && (self.atoms[atom] < hi || bin == BINS - 1) {
                atom += 1;
            }
            let next = cumulative + count as f64;
            if count == 0 || next < target {
                cumulative = next;
                continue;
            }
            let masses = &self.atoms[first..atom];
            let hits = &self.atom_counts[first..atom];
            let free = count.saturating_sub(hits.iter().sum::<u64>()) as f64;
            let mut remaining = (target - cumulative).max(0.0);
            let mut from = lo;
            let mut value = None;
            for (&at, &hit) in masses.iter().zip(hits) {
                let stretch = if free > 0.0 {
                    free * (at - from) / (hi - lo)
                } else {
                    0.0
                };
                if stretch > 0.0 && remaining <= stretch {
                    value = Some(from + (at - from) * remaining / stretch);
                    break;
                }
                remaining -= stretch;
                if hit > 0 && remaining <= hit as f64 {
                    value = Some(at);
                    break;
                }
                remaining -= hit as f64;
                from = at;
            }
            let value = value.unwrap_or_else(|| {
                let stretch = free * (hi - from) / (hi - lo);
                if stretch > 0.0 {
                    from + (hi - from) * (remaining / stretch).clamp(0.0, 1.0)
                } else {
                    from
                }
            });
            // min > max only if nothing finite was recorded; never panic on it.
            return Some(if self.min <= self.max {
                value.clamp(self.min, self.max)
            } else {
                value
            });
        }
        Some(self.max)
    }
}

/// A [`Histogram`]'s whole state, field by field: what a shard file keeps so
/// that shards merged give exactly the histogram of one run.
#[derive(Clone, Debug, PartialEq)]
pub struct HistogramParts {
    /// Counts per bin ([`BINS`] of them).
    pub counts: Vec<u64>,
    /// Candidate point masses, ascending, and the hits on each.
    pub atoms: Vec<f64>,
    pub atom_counts: Vec<u64>,
    pub total: u64,
    /// The sum of the values in fixed point (units of 2⁻⁵²).
    pub sum: u128,
    /// The smallest and largest value seen (`inf` and `-inf` when empty).
    pub min: f64,
    pub max: f64,
}

impl Histogram {
    /// The histogram's whole state.
    pub fn parts(&self) -> HistogramParts {
        HistogramParts {
            counts: self.counts.iter().collect(),
            atoms: self.atoms.clone(),
            atom_counts: self.atom_counts.clone(),
            total: self.total,
            sum: self.sum,
            min: self.min,
            max: self.max,
        }
    }

    /// A histogram from its state, checked to be one [`Histogram::add`] could
    /// have made: [`BINS`] bins adding up to `total`, ascending point masses
    /// on `[0, 1]` with no more hits than values, the smallest and largest
    /// value on `[0, 1]` (or none seen when empty).
    pub fn from_parts(parts: HistogramParts) -> Result<Histogram, String> {
        if parts.counts.len() != BINS {
            return Err(format!(
                "{} bins where a histogram has {BINS}",
                parts.counts.len()
            ));
        }
        let binned = parts
            .counts
            .iter()
            .try_fold(0u64, |sum, &count| sum.checked_add(count));
        if binned != Some(parts.total) {
            return Err(format!(
                "its bins do not add up to its total of {}",
                parts.total
            ));
        }
        let ascending = parts.atoms.windows(2).all(|pair| pair[0] < pair[1]);
        let on_scale = |x: f64| (0.0..=1.0).contains(&x);
        let hits = parts
            .atom_counts
            .iter()
            .try_fold(0u64, |sum, &count| sum.checked_add(count));
        if parts.atoms.len() != parts.atom_counts.len()
            || !ascending
            || !parts.atoms.iter().all(|&atom| on_scale(atom))
            || hits.is_none_or(|hits| hits > parts.total)
        {
            return Err("its point masses are malformed".to_string());
        }
        let seen = if parts.total == 0 {
            parts.min == f64::INFINITY && parts.max == f64::NEG_INFINITY && parts.sum == 0
        } else {
            on_scale(parts.min) && on_scale(parts.max) && parts.min <= parts.max
        };
        if !seen {
            return Err("its smallest and largest values are malformed".to_string());
        }
        let mut counts = Bins::new(BINS);
        for (bin, &count) in parts.counts.iter().enumerate() {
            counts.set(bin, count);
        }
        Ok(Histogram {
            counts,
            atoms: parts.atoms,
            atom_counts: parts.atom_counts,
            total: parts.total,
            sum: parts.sum,
            min: parts.min,
            max: parts.max,
        })
    }
}

/// Where models put deals exactly on a continuous issue `d`: the scale's ends,
/// the veto actors' red-line bounds and every actor's ideal point (at its
/// nominal value in `world`; an uncertain ideal is rarely hit exactly, which
/// costs nothing).
pub fn point_mass_candidates(world: &World, d: usize) -> Vec<f64> {
    let mut candidates = vec![0.0, 1.0];
    for actor in &world.actors {
        if actor.veto
            && let crate::world::Limit::Interval(lo, hi) = actor.limits[d]
        {
            candidates.extend([lo, hi]);
        }
        candidates.extend(actor.values[d].ideal());
    }
    candidates
}

/// Per issue: a histogram (continuous) or counts per option (discrete).
#[derive(Clone, Debug, PartialEq)]
pub enum IssueTally {
    Continuous(Histogram),
    Discrete(Vec<u64>),
}

/// Per actor.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActorTally {
    /// Utility in every trial (the reservation when there is no agreement).
    pub utility: Histogram,
    /// Trials in which the agreement is at least as good as the actor's
    /// reservation and inside its red lines: what it would accept.
    pub above_reservation: u64,
}

/// Per reference proposal.
#[derive(Clone, Debug, PartialEq)]
pub struct ProposalTally {
    /// Per actor: trials in which it would accept.
    pub accepted: Vec<u64>,
    /// Trials in which every veto actor would accept.
    pub all_veto: u64,
}

/// A 2-D histogram of agreed outcomes on two continuous issues.
#[derive(Clone, Debug, PartialEq)]
pub struct ZoneTally {
    pub x: usize,
    pub y: usize,
    pub counts: Vec<u64>,
}

/// Everything a run reports, before it is put into words and units.
#[derive(Clone, Debug, PartialEq)]
pub struct Tally {
    pub trials: u64,
    pub agreements: u64,
    pub zopa: u64,
    pub issues: Vec<IssueTally>,
    pub actors: Vec<ActorTally>,
    pub proposals: Vec<ProposalTally>,
    pub zones: Vec<ZoneTally>,
    /// Trials ending in each round (index = round; protocol models only).
    pub rounds: Vec<u64>,
    /// Trials in which agreement came in each round (index = round).
    pub agreement_rounds: Vec<u64>,
    /// Trials whose talks broke down.
    pub breakdowns: u64,
    /// Trials whose solver stopped at its iteration cap short of its
    /// tolerance (`Solution::stopped_early`).
    pub stopped_early: u64,
    /// The first [`CLOUD_TRIALS`] trials' utilities, in trial order.
    pub cloud: Vec<CloudPoint>,
}

/// One trial's utilities (reservations when there was no agreement).
#[derive(Clone, Debug, PartialEq)]
pub struct CloudPoint {
    pub trial: u64,
    /// The utility chart's two actors' utilities (their reservations
    /// without agreement). Only they are kept: every actor's made a shard of
    /// 12,500 actors at 1,000 trials 668 MB, past what `zopa merge` reads.
    pub utilities: Vec<f64>,
    /// The same two actors' reservations in this trial's draw.
    pub reservations: Vec<f64>,
    pub agreed: bool,
}

/// One trial's result, as the engine hands it over.
#[derive(Clone, Debug, PartialEq)]
pub struct TrialResult<'a> {
    /// The trial's number (its random stream's index).
    pub trial: u64,
    pub world: &'a World,
    pub outcome: Option<&'a [f64]>,
    pub zopa: bool,
    /// For protocol models: the round the talks ended in, and whether they broke down.
    pub rounds: Option<u32>,
    pub broke_down: bool,
    /// Whether the solver stopped at its iteration cap short of its tolerance.
    pub stopped_early: bool,
    /// The scenario's reference proposals.
    pub proposals: &'a [ReferenceProposal],
    /// The utility chart's two actors, whose utilities the first
    /// [`CLOUD_TRIALS`] trials keep.
    pub cloud_actors: (usize, usize),
}

/// A reference proposal in internal units (see `World`), with whether it is
/// inside each actor's red lines: red lines are never drawn, so that holds in
/// every trial and is checked once per run.
#[derive(Clone, Debug, PartialEq)]
pub struct ReferenceProposal {
    pub outcome: Vec<f64>,
    /// Per actor, in world order.
    pub within_red_lines: Vec<bool>,
}

impl ReferenceProposal {
    /// The proposal `outcome` among the actors of `world`.
    pub fn new(world: &World, outcome: Vec<f64>) -> ReferenceProposal {
        let within_red_lines = world
            .actors
            .iter()
            .map(|actor| actor.within_red_lines(&outcome))
            .collect();
        ReferenceProposal {
            outcome,
            within_red_lines,
        }
    }
}

impl Tally {
    /// An empty tally for a world's shape, number of proposals, and the pairs
    /// of continuous issues to keep zone grids for (see [`super::zone_pairs`]).
    pub fn new(world: &World, proposals: usize, zone_pairs: &[(usize, usize)]) -> Tally {
        let zones = zone_pairs
            .iter()
            .map(|&(x, y)| ZoneTally {
                x,
                y,
                counts: vec![0; ZONE_BINS * ZONE_BINS],
            })
            .collect();
        Tally {
            trials: 0,
            agreements: 0,
            zopa: 0,
            issues: world
                .issues
                .iter()
                .enumerate()
                .map(|(d, dimension)| match dimension {
                    Dimension::Continuous => IssueTally::Continuous(Histogram::with_atoms(
                        &point_mass_candidates(world, d),
                    )),
                    Dimension::Discrete(n) => IssueTally::Discrete(vec![0; *n]),
                })
                .collect(),
            actors: vec![ActorTally::default(); world.actors.len()],
            proposals: vec![
                ProposalTally {
                    accepted: vec![0; world.actors.len()],
                    all_veto: 0
                };
                proposals
            ],
            zones,
            rounds: Vec::new(),
            agreement_rounds: Vec::new(),
            breakdowns: 0,
            stopped_early: 0,
            cloud: Vec::new(),
        }
    }

    /// Records one trial.
    pub fn record(&mut self, trial: &TrialResult) {
        self.trials += 1;
        if let Some(round) = trial.rounds {
            let round = round as usize;
            bump(&mut self.rounds, round);
            if trial.outcome.is_some() {
                bump(&mut self.agreement_rounds, round);
            }
        }
        self.breakdowns += u64::from(trial.broke_down);
        self.stopped_early += u64::from(trial.stopped_early);
        self.zopa += u64::from(trial.zopa);
        let world = trial.world;
        if let Some(outcome) = trial.outcome {
            self.agreements += 1;
            for (tally, &value) in self.issues.iter_mut().zip(outcome) {
                match tally {
                    IssueTally::Continuous(histogram) => histogram.add(value),
                    IssueTally::Discrete(counts) => {
                        if let Some(count) = counts.get_mut(value as usize) {
                            *count += 1;
                        }
                    }
                }
            }
            let cell =
                |v: f64| ((v.clamp(0.0, 1.0) * ZONE_BINS as f64) as usize).min(ZONE_BINS - 1);
            // Each issue's cell once, not once per pair it is in (a pair of
            // the flagship's six continuous issues is one of 15).
            const KEPT: usize = 32;
            let mut cells = [0usize; KEPT];
            for (slot, &value) in cells.iter_mut().zip(outcome) {
                *slot = cell(value);
            }
            let cell_of = |d: usize| cells.get(d).copied().unwrap_or_else(|| cell(outcome[d]));
            for zone in &mut self.zones {
                zone.counts[cell_of(zone.y) * ZONE_BINS + cell_of(zone.x)] += 1;
            }
        }
        if trial.trial < CLOUD_TRIALS {
            let (a, b) = trial.cloud_actors;
            let reservation = |k: usize| world.actors[k].reservation;
            let utility = |k: usize| match trial.outcome {
                Some(outcome) => world.actors[k].utility(outcome),
                None => reservation(k),
            };
            self.cloud.push(CloudPoint {
                trial: trial.trial,
                utilities: vec![utility(a), utility(b)],
                reservations: vec![reservation(a), reservation(b)],
                agreed: trial.outcome.is_some(),
            });
        }
        for (tally, actor) in self.actors.iter_mut().zip(&world.actors) {
            match trial.outcome {
                Some(outcome) => {
                    let utility = actor.utility(outcome);
                    tally.utility.add(utility);
                    // The rule by which an actor accepts a proposal (`Party::accepts`).
                    if actor.within_red_lines(outcome) && actor.clears_reservation(utility) {
                        tally.above_reservation += 1;
                    }
                }
                None => tally.utility.add(actor.reservation),
            }
        }
        for (tally, proposal) in self.proposals.iter_mut().zip(trial.proposals) {
            let mut all_veto = true;
            let actors = world.actors.iter().zip(&proposal.within_red_lines);
            for (count, (actor, &within)) in tally.accepted.iter_mut().zip(actors) {
                // `Party::accepts`, with the red lines checked once per run.
                let accepts = within && actor.clears_reservation(actor.utility(&proposal.outcome));
                *count += u64::from(accepts);
                if actor.veto {
                    all_veto &= accepts;
                }
            }
            tally.all_veto += u64::from(all_veto);
        }
    }

    /// Adds another tally (exact, in any order).
    pub fn merge(&mut self, other: &Tally) {
        self.trials += other.trials;
        self.agreements += other.agreements;
        self.zopa += other.zopa;
        for (mine, theirs) in self.issues.iter_mut().zip(&other.issues) {
            match (mine, theirs) {
                (IssueTally::Continuous(a), IssueTally::Continuous(b)) => a.merge(b),
                (IssueTally::Discrete(a), IssueTally::Discrete(b)) => {
                    a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                }
                _ => {}
            }
        }
        for (mine, theirs) in self.actors.iter_mut().zip(&other.actors) {
            mine.utility.merge(&theirs.utility);
            mine.above_reservation += theirs.above_reservation;
        }
        for (mine, theirs) in self.proposals.iter_mut().zip(&other.proposals) {
            mine.accepted
                .iter_mut()
                .zip(&theirs.accepted)
                .for_each(|(x, y)| *x += y);
            mine.all_veto += theirs.all_veto;
        }
        for (mine, theirs) in self.zones.iter_mut().zip(&other.zones) {
            mine.counts
                .iter_mut()
                .zip(&theirs.counts)
                .for_each(|(x, y)| *x += y);
        }
        add_counts(&mut self.rounds, &other.rounds);
        add_counts(&mut self.agreement_rounds, &other.agreement_rounds);
        self.breakdowns += other.breakdowns;
        self.stopped_early += other.stopped_early;
        if !other.cloud.is_empty() {
            self.cloud.extend(other.cloud.iter().cloned());
            self.cloud.sort_by_key(|point| point.trial);
        }
    }
}

/// Adds one to `counts[index]`, growing the vector as needed.
fn bump(counts: &mut Vec<u64>, index: usize) {
    if counts.len() <= index {
        counts.resize(index + 1, 0);
    }
    counts[index] += 1;
}

/// Adds `other` into `counts` element-wise, growing `counts` as needed.
fn add_counts(counts: &mut Vec<u64>, other: &[u64]) {
    if counts.len() < other.len() {
        counts.resize(other.len(), 0);
    }
    counts.iter_mut().zip(other).for_each(|(x, y)| *x += y);
}

/// The count thresholds of a zone's highest-density regions: a cell belongs to
/// the `level` region when its count is at least the threshold. Cells are taken
/// densest first until they hold `level` of the mass.
pub fn zone_thresholds(counts: &[u64]) -> Vec<(f64, u64)> {
    let total: u64 = counts.iter().sum();
    let mut sorted: Vec<u64> = counts.iter().copied().filter(|&c| c > 0).collect();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    ZONE_LEVELS
        .iter()
        .map(|&level| {
            let target = level * total as f64;
            let mut cumulative = 0u64;
            let mut threshold = sorted.last().copied().unwrap_or(0);
            for &count in &sorted {
                cumulative += count;
                if cumulative as f64 >= target {
                    threshold = count;
                    break;
                }
            }
            (level, threshold)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_of_a_uniform_grid() {
        let mut histogram = Histogram::default();
        for k in 0..10_000 {
            histogram.add((k as f64 + 0.5) / 10_000.0);
        }
        assert!((histogram.quantile(0.5).unwrap() - 0.5).abs() < 1.0 / BINS as f64);
        assert!((histogram.quantile(0.05).unwrap() - 0.05).abs() < 1.0 / BINS as f64);
        assert!((histogram.mean().unwrap() - 0.5).abs() < 1e-12);
    }

    #[test]
    fn a_fixed_value_reports_exactly() {
        let mut histogram = Histogram::default();
        for _ in 0..100 {
            histogram.add(0.55);
        }
        for (_, q) in QUANTILES {
            assert_eq!(histogram.quantile(q), Some(0.55));
        }
        assert_eq!(Histogram::default().quantile(0.5), None);
    }

    /// Bins counted in 32 bits carry into their high halves: no count is
    /// lost past 2³² − 1, in an increment, a merge or a shard's round trip.
    #[test]
    fn bins_count_past_32_bits() {
        let mut bins = Bins::new(4);
        bins.set(1, u64::from(u32::MAX));
        bins.bump(1);
        bins.bump(2);
        assert_eq!(bins.iter().collect::<Vec<_>>(), vec![0, 1 << 32, 1, 0]);
        assert_eq!(bins, {
            let mut same = Bins::new(4);
            same.set(2, 1);
            same.set(1, 1 << 32);
            same
        });
        let mut histogram = Histogram::default();
        histogram.add(0.3);
        let mut parts = histogram.parts();
        let bin = (0.3 * BINS as f64) as usize;
        parts.counts[bin] = 5_000_000_000;
        parts.total = 5_000_000_000;
        let big = Histogram::from_parts(parts).unwrap();
        assert_eq!(big.parts().counts[bin], 5_000_000_000);
        let mut twice = big.clone();
        twice.merge(&big);
        assert_eq!(twice.parts().counts[bin], 10_000_000_000);
        assert_eq!(twice.coarse(1), vec![10_000_000_000]);
        assert_ne!(twice, big);
    }

    #[test]
    fn zone_thresholds_take_the_densest_cells_first() {
        // Masses 50, 30, 15, 5 (of 100): 50% needs the top cell, 80% two, 95% three.
        let counts = [5, 50, 0, 15, 30];
        assert_eq!(
            zone_thresholds(&counts),
            vec![(0.5, 50), (0.8, 30), (0.95, 15)]
        );
    }
}

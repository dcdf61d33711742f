//! What a shard computed, in a form that reads back bit for bit.
//!
//! A merge must give exactly what one process would have: the same tally,
//! the same per-run statistics, down to the last bit of every float. JSON
//! numbers do not promise that (a reader may round a long decimal
//! differently), so floats are written as strings in Rust's shortest
//! round-trip form (`"0.1"`, `"inf"` for the smallest value of an empty
//! histogram), which `str::parse` reads back exactly; the fixed-point sums of
//! histograms (`u128`) are decimal strings. Histogram bins and zone cells,
//! mostly zero, are written sparsely as `[index, count]` pairs.
//!
//! Decoding checks the shape of what it reads (bin counts, lengths, totals)
//! but not that it fits a scenario: [`super::merge`] compares every tally
//! with the empty one the scenario gives.

use crate::summary::tally::{HistogramParts, ZONE_BINS};
use crate::summary::{
    ActorTally, BINS, CloudPoint, Histogram, IssueTally, ProposalTally, Tally, ZoneTally,
};
use crate::whatif::{Band, IssueStats, RunStats};
use serde::{Deserialize, Serialize};

/// A float written so that it reads back bit for bit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Exact(pub f64);

impl Serialize for Exact {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // `{:?}` is the shortest text that parses back to the same bits.
        serializer.collect_str(&format_args!("{:?}", self.0))
    }
}

impl<'de> Deserialize<'de> for Exact {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse::<f64>().map(Exact).map_err(|_| {
            serde::de::Error::custom(format!("`{text}` is not a number written by zopa"))
        })
    }
}

fn exact(values: &[f64]) -> Vec<Exact> {
    values.iter().copied().map(Exact).collect()
}

fn plain(values: &[Exact]) -> Vec<f64> {
    values.iter().map(|value| value.0).collect()
}

/// Counts of which most are zero: `[index, count]` for each that is not.
fn sparse(counts: &[u64]) -> Vec<[u64; 2]> {
    counts
        .iter()
        .enumerate()
        .filter(|&(_, &count)| count > 0)
        .map(|(index, &count)| [index as u64, count])
        .collect()
}

/// The `len` counts that `pairs` (ascending indexes below `len`) give.
fn dense(pairs: &[[u64; 2]], len: usize, what: &str) -> Result<Vec<u64>, String> {
    let mut counts = vec![0; len];
    let mut last = None;
    for &[index, count] in pairs {
        let at = usize::try_from(index).ok().filter(|&at| at < len);
        let Some(at) = at.filter(|&at| last.is_none_or(|last| at > last)) else {
            return Err(format!(
                "{what}: cell {index} is out of order or past the last ({})",
                len - 1
            ));
        };
        counts[at] = count;
        last = Some(at);
    }
    Ok(counts)
}

/// A [`Histogram`], whole.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistogramRecord {
    /// Non-empty bins of [`BINS`], as `[bin, count]`.
    pub bins: Vec<[u64; 2]>,
    pub atoms: Vec<Exact>,
    pub atom_counts: Vec<u64>,
    pub total: u64,
    /// The fixed-point sum, in decimal.
    pub sum: String,
    pub min: Exact,
    pub max: Exact,
}

impl From<&Histogram> for HistogramRecord {
    fn from(histogram: &Histogram) -> HistogramRecord {
        let parts = histogram.parts();
        HistogramRecord {
            bins: sparse(&parts.counts),
            atoms: exact(&parts.atoms),
            atom_counts: parts.atom_counts,
            total: parts.total,
            sum: parts.sum.to_string(),
            min: Exact(parts.min),
            max: Exact(parts.max),
        }
    }
}

impl HistogramRecord {
    fn decode(&self, what: &str) -> Result<Histogram, String> {
        let sum = self
            .sum
            .parse::<u128>()
            .map_err(|_| format!("{what}: the sum `{}` is not a whole number", self.sum))?;
        Histogram::from_parts(HistogramParts {
            counts: dense(&self.bins, BINS, what)?,
            atoms: plain(&self.atoms),
            atom_counts: self.atom_counts.clone(),
            total: self.total,
            sum,
            min: self.min.0,
            max: self.max.0,
        })
        .map_err(|err| format!("{what}: {err}"))
    }
}

/// One issue's tally.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IssueRecord {
    Continuous(HistogramRecord),
    /// Agreements per option.
    Discrete(Vec<u64>),
}

/// One actor's tally.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorRecord {
    pub utility: HistogramRecord,
    pub above_reservation: u64,
}

/// One proposal's tally.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProposalRecord {
    pub accepted: Vec<u64>,
    pub all_veto: u64,
}

/// One zone grid: issues `x` and `y`, non-empty cells as `[cell, count]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZoneRecord {
    pub x: usize,
    pub y: usize,
    pub cells: Vec<[u64; 2]>,
}

/// One trial of the utility cloud.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloudRecord {
    pub trial: u64,
    pub utilities: Vec<Exact>,
    pub reservations: Vec<Exact>,
    pub agreed: bool,
}

/// A run's [`Tally`], whole.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TallyRecord {
    pub trials: u64,
    pub agreements: u64,
    pub zopa: u64,
    pub issues: Vec<IssueRecord>,
    pub actors: Vec<ActorRecord>,
    pub proposals: Vec<ProposalRecord>,
    pub zones: Vec<ZoneRecord>,
    pub rounds: Vec<u64>,
    pub agreement_rounds: Vec<u64>,
    pub breakdowns: u64,
    /// Absent from shard files written before it was counted.
    #[serde(default)]
    pub stopped_early: u64,
    pub cloud: Vec<CloudRecord>,
}

impl From<&Tally> for TallyRecord {
    fn from(tally: &Tally) -> TallyRecord {
        TallyRecord {
            trials: tally.trials,
            agreements: tally.agreements,
            zopa: tally.zopa,
            issues: tally
                .issues
                .iter()
                .map(|issue| match issue {
                    IssueTally::Continuous(histogram) => IssueRecord::Continuous(histogram.into()),
                    IssueTally::Discrete(counts) => IssueRecord::Discrete(counts.clone()),
                })
                .collect(),
            actors: tally
                .actors
                .iter()
                .map(|actor| ActorRecord {
                    utility: (&actor.utility).into(),
                    above_reservation: actor.above_reservation,
                })
                .collect(),
            proposals: tally
                .proposals
                .iter()
                .map(|proposal| ProposalRecord {
                    accepted: proposal.accepted.clone(),
                    all_veto: proposal.all_veto,
                })
                .collect(),
            zones: tally
                .zones
                .iter()
                .map(|zone| ZoneRecord {
                    x: zone.x,
                    y: zone.y,
                    cells: sparse(&zone.counts),
                })
                .collect(),
            rounds: tally.rounds.clone(),
            agreement_rounds: tally.agreement_rounds.clone(),
            breakdowns: tally.breakdowns,
            stopped_early: tally.stopped_early,
            cloud: tally
                .cloud
                .iter()
                .map(|point| CloudRecord {
                    trial: point.trial,
                    utilities: exact(&point.utilities),
                    reservations: exact(&point.reservations),
                    agreed: point.agreed,
                })
                .collect(),
        }
    }
}

impl TallyRecord {
    /// The tally, or what in it is malformed.
    pub fn decode(&self) -> Result<Tally, String> {
        let issues = self
            .issues
            .iter()
            .enumerate()
            .map(|(d, issue)| match issue {
                IssueRecord::Continuous(histogram) => histogram
                    .decode(&format!("issue {}", d + 1))
                    .map(IssueTally::Continuous),
                IssueRecord::Discrete(counts) => Ok(IssueTally::Discrete(counts.clone())),
            })
            .collect::<Result<Vec<_>, String>>()?;
        let actors = self
            .actors
            .iter()
            .enumerate()
            .map(|(a, actor)| {
                Ok(ActorTally {
                    utility: actor.utility.decode(&format!("actor {}", a + 1))?,
                    above_reservation: actor.above_reservation,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let zones = self
            .zones
            .iter()
            .map(|zone| {
                Ok(ZoneTally {
                    x: zone.x,
                    y: zone.y,
                    counts: dense(&zone.cells, ZONE_BINS * ZONE_BINS, "a zone grid")?,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Tally {
            trials: self.trials,
            agreements: self.agreements,
            zopa: self.zopa,
            issues,
            actors,
            proposals: self
                .proposals
                .iter()
                .map(|proposal| ProposalTally {
                    accepted: proposal.accepted.clone(),
                    all_veto: proposal.all_veto,
                })
                .collect(),
            zones,
            rounds: self.rounds.clone(),
            agreement_rounds: self.agreement_rounds.clone(),
            breakdowns: self.breakdowns,
            stopped_early: self.stopped_early,
            cloud: self
                .cloud
                .iter()
                .map(|point| CloudPoint {
                    trial: point.trial,
                    utilities: plain(&point.utilities),
                    reservations: plain(&point.reservations),
                    agreed: point.agreed,
                })
                .collect(),
        })
    }
}

/// One issue's statistics in a what-if run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IssueStatsRecord {
    /// `[p25, median, p75]`, or `null` without agreements.
    Continuous(Option<[Exact; 3]>),
    /// Each option's share of the agreements.
    Discrete(Vec<Exact>),
}

/// A what-if run's [`RunStats`], whole.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatsRecord {
    pub trials: u64,
    pub agreements: u64,
    pub agreement_rate: Exact,
    pub zopa_rate: Exact,
    pub issues: Vec<IssueStatsRecord>,
    pub proposals: Vec<Exact>,
    pub mean_utility: Vec<Exact>,
}

impl From<&RunStats> for StatsRecord {
    fn from(stats: &RunStats) -> StatsRecord {
        StatsRecord {
            trials: stats.trials,
            agreements: stats.agreements,
            agreement_rate: Exact(stats.agreement_rate),
            zopa_rate: Exact(stats.zopa_rate),
            issues: stats
                .issues
                .iter()
                .map(|issue| match issue {
                    IssueStats::Continuous(band) => IssueStatsRecord::Continuous(
                        band.map(|band| [Exact(band.p25), Exact(band.median), Exact(band.p75)]),
                    ),
                    IssueStats::Discrete { shares } => IssueStatsRecord::Discrete(exact(shares)),
                })
                .collect(),
            proposals: exact(&stats.proposals),
            mean_utility: exact(&stats.mean_utility),
        }
    }
}

impl StatsRecord {
    /// The statistics (their fit to a scenario is checked by the merge).
    pub fn decode(&self) -> RunStats {
        RunStats {
            trials: self.trials,
            agreements: self.agreements,
            agreement_rate: self.agreement_rate.0,
            zopa_rate: self.zopa_rate.0,
            issues: self
                .issues
                .iter()
                .map(|issue| match issue {
                    IssueStatsRecord::Continuous(band) => {
                        IssueStats::Continuous(band.map(|[p25, median, p75]| Band {
                            p25: p25.0,
                            median: median.0,
                            p75: p75.0,
                        }))
                    }
                    IssueStatsRecord::Discrete(shares) => IssueStats::Discrete {
                        shares: plain(shares),
                    },
                })
                .collect(),
            proposals: plain(&self.proposals),
            mean_utility: plain(&self.mean_utility),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_read_back_bit_for_bit() {
        let values = [
            0.1,
            1.0 / 3.0,
            f64::MIN_POSITIVE,
            5e-324,
            1e300,
            -0.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.123_456_789_012_345_68,
        ];
        let text = serde_json::to_string(&exact(&values)).unwrap();
        let back: Vec<Exact> = serde_json::from_str(&text).unwrap();
        for (value, back) in values.iter().zip(back) {
            assert_eq!(value.to_bits(), back.0.to_bits(), "{value:?} via {text}");
        }
        assert!(serde_json::from_str::<Exact>("\"1.5x\"").is_err());
    }

    #[test]
    fn sparse_counts_read_back_and_bad_cells_are_refused() {
        let counts = [0, 3, 0, 0, 7, 1];
        assert_eq!(dense(&sparse(&counts), 6, "t").unwrap(), counts);
        assert!(dense(&[[6, 1]], 6, "t").is_err());
        assert!(dense(&[[2, 1], [1, 1]], 6, "t").is_err());
        assert!(dense(&[[2, 1], [2, 1]], 6, "t").is_err());
    }
}

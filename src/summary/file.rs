//! The summary of a run as `summary.json` holds it: one type, written and read
//! by the same derive, so the writer and the reader cannot drift apart.
//!
//! Every chart, the report, the terminal table and `zopa plot` read this type,
//! never the tally or the scenario. Unknown keys are refused (a misspelt key is
//! an error naming it, with line and column, not a silently missing chart), and
//! [`FORMAT_VERSION`] says which layout a file has. Maps keep the order they
//! were written in, so actors keep their colours and issues their order.
//!
//! `compare.json` holds one summary per model without the parts only a single
//! run's charts need (zone grids, utility picture, chart settings, densities,
//! timings): those fields are optional in the type, and [`Summary::parse`]
//! requires them of a `summary.json`.

use super::field::{Field, Inconsistency};
use indexmap::IndexMap;
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

/// The layout of `summary.json` this zopa writes and reads. Files without the
/// field were written before it existed, in the same layout: version 1.
pub const FORMAT_VERSION: u32 = 1;

/// The format of a file written before the field existed: version 1. Every
/// result file zopa writes (summary, compare, sweep, sensitivity) uses it.
pub(crate) fn first_format() -> u32 {
    1
}

/// A run's summary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    pub zopa_version: String,
    #[serde(default = "first_format")]
    pub format_version: u32,
    pub scenario: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The model's command-line name, e.g. `nash`.
    pub model: String,
    pub trials: u64,
    pub seed: u64,
    /// Share of trials that reached agreement.
    pub agreement_rate: f64,
    /// Share of trials in which some outcome suits every veto actor.
    pub zopa_rate: f64,
    pub issues: IndexMap<String, IssueSummary>,
    pub actors: IndexMap<String, ActorSummary>,
    pub proposals: IndexMap<String, ProposalSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zones: Option<Vec<Zone>>,
    /// Pairs of continuous issues left without a zone grid: a run keeps at
    /// most `MAX_ZONE_PAIRS` (absent when none was left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zones_omitted: Option<usize>,
    /// Trials whose solver stopped at its iteration cap short of its
    /// tolerance (Nash with three or more veto actors), whose deals may fall
    /// short of the model's solution (absent when there were none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped_early: Option<u64>,
    /// How long talks took (protocol models; `null` otherwise).
    pub rounds: Option<Rounds>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charts: Option<ChartSettings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utilities: Option<Utilities>,
    /// Every input as the scenario wrote it, for the report's appendix
    /// (absent in compare.json and in summaries written before it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario_inputs: Option<super::inputs::Inputs>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elapsed_seconds: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trials_per_second: Option<f64>,
    /// Worker threads of the run (a fact about the run, like the timings).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threads: Option<usize>,
    /// One-minute load average as the run started (Linux only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_average: Option<f64>,
    /// How many shards `zopa merge` made this run from (absent for a run
    /// made in one go). `elapsed_seconds` is then the shards' trial times
    /// added up and `trials_per_second` the trials over that sum; `threads`
    /// and `load_average` are absent, each shard having had its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shards: Option<u64>,
}

/// One issue: its description, then statistics in its own units (continuous)
/// or option shares (discrete).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueSummary {
    pub name: String,
    pub unit: Option<String>,
    pub low: Option<String>,
    pub high: Option<String>,
    /// `[min, max]` of a continuous issue.
    #[serde(default)]
    pub range: Option<[f64; 2]>,
    /// Option names of a discrete issue.
    #[serde(default)]
    pub options: Option<Vec<String>>,
    /// Agreements per equal bin over the range (continuous; not in compare.json).
    #[serde(default)]
    pub density: Option<Vec<u64>>,
    #[serde(default)]
    pub mean: Option<f64>,
    #[serde(default)]
    pub p05: Option<f64>,
    #[serde(default)]
    pub p25: Option<f64>,
    #[serde(default)]
    pub p50: Option<f64>,
    #[serde(default)]
    pub p75: Option<f64>,
    #[serde(default)]
    pub p95: Option<f64>,
    /// Share of agreements on each option (discrete issues).
    #[serde(default)]
    pub shares: Option<IndexMap<String, f64>>,
    /// Single values holding at least [`PINNED_SHARE`] of the agreements
    /// (continuous issues), with what holds them there.
    #[serde(default)]
    pub pinned: Option<Vec<Pinned>>,
    /// Trials that reached agreement (the statistics are over these).
    pub agreements: u64,
}

/// The share of agreements at which a single value is reported as pinned.
pub const PINNED_SHARE: f64 = 0.05;

/// A single value of a continuous issue that many deals land on exactly.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pinned {
    /// In the issue's own units.
    pub value: f64,
    /// Share of the agreements exactly at this value.
    pub share: f64,
    /// What holds deals there: an actor's red line, an actor's ideal point,
    /// the end of the scale (every one that applies, most binding first).
    pub reason: String,
}

/// Written by hand so each kind of issue carries only its own keys: a
/// continuous issue its range, density and quantiles (`null` without
/// agreements), a discrete one its options and shares.
impl Serialize for IssueSummary {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("name", &self.name)?;
        map.serialize_entry("unit", &self.unit)?;
        map.serialize_entry("low", &self.low)?;
        map.serialize_entry("high", &self.high)?;
        if let Some(range) = &self.range {
            map.serialize_entry("range", range)?;
        }
        if let Some(options) = &self.options {
            map.serialize_entry("options", options)?;
        }
        if let Some(density) = &self.density {
            map.serialize_entry("density", density)?;
        }
        match &self.shares {
            Some(shares) => map.serialize_entry("shares", shares)?,
            None => {
                map.serialize_entry("mean", &self.mean)?;
                map.serialize_entry("p05", &self.p05)?;
                map.serialize_entry("p25", &self.p25)?;
                map.serialize_entry("p50", &self.p50)?;
                map.serialize_entry("p75", &self.p75)?;
                map.serialize_entry("p95", &self.p95)?;
                if let Some(pinned) = &self.pinned {
                    map.serialize_entry("pinned", pinned)?;
                }
            }
        }
        map.serialize_entry("agreements", &self.agreements)?;
        map.end()
    }
}

impl IssueSummary {
    /// The display name.
    pub fn title(&self) -> &str {
        &self.name
    }

    /// Whether the issue is continuous (has a range rather than options).
    pub fn is_continuous(&self) -> bool {
        self.options.is_none()
    }
}

/// A position: a number in the issue's units, or an option's name.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Position {
    Number(f64),
    Option(String),
}

/// One actor: who it is at nominal values, then how it fared.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorSummary {
    pub name: String,
    pub veto: bool,
    /// Power at nominal values.
    pub power: f64,
    /// Reservation value at nominal values.
    pub reservation: f64,
    /// Ideal position on each issue, by issue id.
    pub ideal: IndexMap<String, Position>,
    /// Mean utility over all trials (the reservation where talks failed).
    pub mean_utility: Option<f64>,
    /// Share of trials whose agreement the actor would accept: inside its red
    /// lines and worth at least its reservation (the rule of `accepts`).
    pub p_above_reservation: f64,
    pub utility: Quantiles,
}

impl ActorSummary {
    /// The display name.
    pub fn title(&self) -> &str {
        &self.name
    }
}

/// The 5/25/50/75/95% quantiles of a distribution.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quantiles {
    pub p05: Option<f64>,
    pub p25: Option<f64>,
    pub p50: Option<f64>,
    pub p75: Option<f64>,
    pub p95: Option<f64>,
}

/// One reference proposal: its terms, then who would accept it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProposalSummary {
    pub description: Option<String>,
    /// The proposal's value on each issue, by issue id.
    pub values: IndexMap<String, Position>,
    /// Share of trials in which every veto actor would accept it.
    pub p_all_veto_accept: f64,
    /// Per actor id, the share of trials in which it would accept.
    pub acceptance: IndexMap<String, f64>,
}

/// A 2-D histogram of agreed outcomes on two continuous issues.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Zone {
    pub x: String,
    pub y: String,
    pub x_range: Option<[f64; 2]>,
    pub y_range: Option<[f64; 2]>,
    pub bins: usize,
    /// Row-major, `y` rows of `x` cells.
    pub counts: Vec<u64>,
    /// Per level ("50", "80", "95"): cells with at least this count are inside.
    pub levels: IndexMap<String, u64>,
}

/// How long talks took (protocol models).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rounds {
    pub mean: f64,
    pub p50: u64,
    pub p95: u64,
    /// Share of trials ending in round k + 1.
    pub distribution: Vec<f64>,
    /// Share of trials agreeing in round k + 1.
    pub agreement_by_round: Vec<f64>,
    pub breakdown_rate: f64,
}

/// Chart settings, by id.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartSettings {
    /// Pairs of continuous issues with a zone chart each.
    pub pairs: Vec<(String, String)>,
    /// The two actors of the utility chart.
    pub utilities: (String, String),
}

/// The utility chart's data: two actors' utilities in the first trials, and at
/// nominal values their reservations, the Pareto frontier, the Nash and
/// Kalai–Smorodinsky points and the proposals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Utilities {
    pub actors: (String, String),
    pub reservations: (f64, f64),
    /// `[u_a, u_b, agreed (0/1)]` for the first trials.
    pub cloud: Vec<(f64, f64, u8)>,
    /// `[g_a, g_b, agreed (0/1)]` for the same trials: each actor's gain over
    /// its own reservation in that trial's draw (0 and 0 without a deal).
    #[serde(default)]
    pub gains: Vec<(f64, f64, u8)>,
    pub frontier: Vec<(f64, f64)>,
    /// True when the frontier was left out of the summary as too costly to
    /// compute (`cost::nominal_parts`); written only then.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub frontier_left_out: bool,
    pub nash: Option<(f64, f64)>,
    pub kalai_smorodinsky: Option<(f64, f64)>,
    pub proposals: IndexMap<String, (f64, f64)>,
}

/// Why a summary could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SummaryError {
    #[error(
        "line {line}, column {column}: {message}\n  help: this file is not a zopa summary.json as this version writes it; run `zopa run` again to rebuild it"
    )]
    Malformed {
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "format version {found} is newer than this zopa reads ({FORMAT_VERSION})\n  help: update zopa, or run the scenario again with this version"
    )]
    Newer { found: u32 },
    #[error(
        "lacks `{0}`, which every summary.json has\n  help: run `zopa run` again to rebuild it"
    )]
    Missing(&'static str),
    /// Parsed, but holding numbers that zopa cannot have written together.
    #[error(
        "{found}\n  help: zopa never writes this: the file was edited or damaged; run `{command}` again to rebuild it"
    )]
    Inconsistent {
        found: Inconsistency,
        /// The command that writes such a file, e.g. `zopa run`.
        command: &'static str,
    },
}

impl SummaryError {
    fn from_json(err: serde_json::Error) -> SummaryError {
        SummaryError::Malformed {
            line: err.line(),
            column: err.column(),
            message: crate::format::json::json_message(&err),
        }
    }
}

/// The version field alone, read before the rest so a newer file gets a
/// message about versions rather than about a key this zopa does not know.
#[derive(Deserialize)]
struct VersionOnly {
    #[serde(default = "first_format")]
    format_version: u32,
}

/// A deal that beats a veto actor's reservation by less than this (utility on
/// 0–1) is called thin: a small error in the reservation closes it.
pub const THIN_MARGIN: f64 = 0.02;

/// A veto actor whose gain at a nominal solution point is under [`THIN_MARGIN`].
#[derive(Clone, Debug, PartialEq)]
pub struct ThinMargin<'a> {
    /// The solution's model name: `nash` or `kalai-smorodinsky`.
    pub solution: &'static str,
    pub actor: &'a str,
    pub utility: f64,
    pub reservation: f64,
}

impl Summary {
    /// The veto actors of the utility picture that the nominal Nash or
    /// Kalai–Smorodinsky point leaves less than [`THIN_MARGIN`] over their
    /// reservation, Nash first.
    pub fn thin_margins(&self) -> Vec<ThinMargin<'_>> {
        let Some(picture) = &self.utilities else {
            return Vec::new();
        };
        let actors = [
            (picture.actors.0.as_str(), picture.reservations.0),
            (picture.actors.1.as_str(), picture.reservations.1),
        ];
        let points = [
            ("nash", picture.nash),
            ("kalai-smorodinsky", picture.kalai_smorodinsky),
        ];
        let mut out = Vec::new();
        for (solution, point) in points {
            let Some((ua, ub)) = point else { continue };
            for ((actor, reservation), utility) in actors.into_iter().zip([ua, ub]) {
                let veto = self.actors.get(actor).is_some_and(|a| a.veto);
                if veto && utility - reservation < THIN_MARGIN {
                    out.push(ThinMargin {
                        solution,
                        actor,
                        utility,
                        reservation,
                    });
                }
            }
        }
        out
    }

    /// Agreed trials (the most any issue counts: every issue of a deal is
    /// counted once).
    pub fn agreements(&self) -> u64 {
        self.issues
            .values()
            .map(|issue| issue.agreements)
            .max()
            .unwrap_or(0)
    }

    /// Reads a `summary.json`: every key known, none of a run's keys missing,
    /// every number one a run can have written (see [`Summary::check_consistency`]).
    pub fn parse(text: &str) -> Result<Summary, SummaryError> {
        let summary = Summary::parse_entry(text)?;
        let missing = [
            ("description", summary.description.is_none()),
            ("zones", summary.zones.is_none()),
            ("charts", summary.charts.is_none()),
            ("utilities", summary.utilities.is_none()),
        ];
        if let Some((key, _)) = missing.iter().find(|(_, absent)| *absent) {
            return Err(SummaryError::Missing(key));
        }
        summary
            .check_consistency(&Field::root())
            .map_err(|found| SummaryError::Inconsistent {
                found,
                command: "zopa run",
            })?;
        Ok(summary)
    }

    /// Reads a summary as `compare.json` holds it (the chart-only parts may be
    /// absent).
    pub fn parse_entry(text: &str) -> Result<Summary, SummaryError> {
        read_json(text)
    }

    /// The summary as `summary.json` holds it: pretty JSON, arrays of numbers
    /// on one line, a final newline.
    pub fn to_json(&self) -> String {
        write_json(self)
    }

    /// The caption every chart carries.
    pub fn caption(&self) -> String {
        format!(
            "{} · model: {} · {} · seed {} · zopa {}",
            self.scenario,
            self.model,
            crate::format::count(self.trials, "trial"),
            self.seed,
            self.zopa_version
        )
    }

    /// An actor's name, or the id itself if the summary has no such actor.
    pub fn actor_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.actors.get(id).map_or(id, |actor| actor.title())
    }

    /// An issue's name, or the id itself if the summary has no such issue.
    pub fn issue_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.issues.get(id).map_or(id, |issue| issue.title())
    }

    /// Actor index by id (for colours).
    pub fn actor_index(&self, id: &str) -> Option<usize> {
        self.actors.get_index_of(id)
    }
}

/// Reads any of zopa's result files: the version first, then every key.
pub(crate) fn read_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, SummaryError> {
    check_version(text)?;
    serde_json::from_str(text).map_err(SummaryError::from_json)
}

/// Writes any of zopa's result files: pretty JSON, arrays of numbers on one
/// line, a final newline.
pub fn write_json<T: Serialize>(file: &T) -> String {
    let mut text = crate::format::json::to_pretty_compact_numbers(file);
    text.push('\n');
    text
}

/// Refuses a file written in a newer format before reading the rest.
fn check_version(text: &str) -> Result<(), SummaryError> {
    if let Ok(version) = serde_json::from_str::<VersionOnly>(text)
        && version.format_version > FORMAT_VERSION
    {
        return Err(SummaryError::Newer {
            found: version.format_version,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// serde repeats a mistyped string in its message: a 1 MB string in a
    /// summary.json gave `zopa plot` 1 MB of stderr. It is cut as zopa cuts
    /// quoted text, and the position comes first.
    #[test]
    fn a_huge_mistyped_string_is_quoted_short() {
        let text = format!(
            "{{\"format_version\": {FORMAT_VERSION}, \"trials\": \"{}\"}}",
            "z".repeat(1_000_000)
        );
        let message = Summary::parse(&text).unwrap_err().to_string();
        assert!(message.len() < 500, "{} bytes", message.len());
        assert!(
            message.starts_with("line 1, column ")
                && message.contains("invalid type: string \"zzz"),
            "{message}"
        );
    }
}

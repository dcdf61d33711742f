//! The shard file: what one shard computed, with everything needed to check
//! that shards belong together and to merge them without other input.
//!
//! ```text
//! {
//!   "format_version": 1,
//!   "kind": "run",                       // run | sweep | sensitivity
//!   "zopa_version": "0.1.0",
//!   "shard": "1/3",                      // K/N
//!   "items": 100000,                     // trials (run), values (sweep), units (sensitivity)
//!   "range": [33333, 66666],             // this shard's block of them
//!   "scenario_file": "scenarios/ukraine_2026.ron",
//!   "scenario_sha256": "9f2c…",          // of the scenario's bytes, as sha256sum prints it
//!   "model": "nash", "model_option": null, "trials": 100000, "seed": 1,
//!   "elapsed_seconds": 1.234, "threads": 2, "load_average": 0.5,
//!   "scenario_text": "Scenario(…)",      // the scenario as run, byte for byte
//!   "work": {"run": {…}}                 // the tally, or the what-if runs' statistics
//! }
//! ```
//!
//! The scenario's text travels in every shard, so `zopa merge` draws the
//! report from the scenario as it was run, even if the file has changed or
//! is not on the machine that merges; its SHA-256 names it in messages and
//! lets a user check which file a shard came from. `model_option` is the
//! `--model` given (absent: the scenario's own model with its parameters).
//!
//! A newer zopa may write a higher `format_version` or a `kind` this one
//! does not know (a backtest split by scenario, say): both are read first,
//! on their own, so such a file is refused with what it is rather than a
//! complaint about its fields.

use super::ShardKind;
use super::ShardSpec;
use super::exact::{StatsRecord, TallyRecord};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The layout of shard files this zopa writes and reads.
pub const SHARD_FORMAT: u32 = 1;

/// A shard file larger than this is refused unread (the largest a scenario
/// within zopa's limits gives is a few tens of megabytes).
pub const MAX_SHARD_BYTES: usize = 512 * 1024 * 1024;

/// The most array elements a shard file may hold. Text is denser than what
/// it becomes: `0,` is two bytes of a file and eight of a `Vec<u64>`, whose
/// growth may double it, so a crafted 509 MiB file of one long array took
/// `zopa merge` to 4.7 GB before it was found damaged. Counted before the
/// file is parsed, 32 million elements keep the parsed shard within about
/// 1 GB (32 bytes an element at worst, a pair of counts with growth), beside
/// the text itself. A shard zopa writes is pretty-printed, one element a
/// line, about 29 bytes an element (the flagship's at 1,000 trials: 683,966
/// bytes, 23,374 elements), so for its own files the 512 MiB size limit
/// binds first.
pub const MAX_SHARD_ELEMENTS: usize = 32_000_000;

/// The longest `scenario_file` a shard may name (a path's limit on Linux).
pub const MAX_SCENARIO_FILE_BYTES: usize = 4096;

/// The array elements in JSON `text`: its commas and opening brackets
/// outside strings (an upper bound on the elements, one more per array).
fn array_elements(text: &str) -> usize {
    let (mut count, mut in_string, mut escaped) = (0, false, false);
    for &byte in text.as_bytes() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match byte {
                b'"' => in_string = true,
                b',' | b'[' => count += 1,
                _ => {}
            }
        }
    }
    count
}

/// One shard: where it belongs and what it computed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShardFile {
    pub format_version: u32,
    pub kind: ShardKind,
    pub zopa_version: String,
    pub shard: ShardSpec,
    /// How many items the whole command splits: trials (run), values
    /// (sweep), or units (sensitivity: the baseline, then each input).
    pub items: u64,
    /// This shard's block of the items, `[start, end)`.
    pub range: [u64; 2],
    /// The scenario file as the command named it.
    pub scenario_file: String,
    /// SHA-256 of the scenario's bytes, in hex.
    pub scenario_sha256: String,
    /// The model's command-line name.
    pub model: String,
    /// `--model` as given, if it was.
    pub model_option: Option<String>,
    /// Trials of the run (per run for sweep and sensitivity).
    pub trials: u64,
    pub seed: u64,
    /// Wall time of this shard's trials.
    pub elapsed_seconds: f64,
    pub threads: usize,
    pub load_average: Option<f64>,
    /// The scenario's text, as run.
    pub scenario_text: String,
    pub work: Work,
}

/// What a shard computed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Work {
    /// The tally of the shard's trials.
    Run(TallyRecord),
    Sweep(SweepWork),
    Sensitivity(SensitivityWork),
}

impl Work {
    /// Work of no size, left in a header whose work was taken out to merge.
    pub(crate) fn placeholder() -> Work {
        Work::Sweep(SweepWork {
            parameter: String::new(),
            values: Vec::new(),
            points: Vec::new(),
        })
    }

    fn kind(&self) -> ShardKind {
        match self {
            Work::Run(_) => ShardKind::Run,
            Work::Sweep(_) => ShardKind::Sweep,
            Work::Sensitivity(_) => ShardKind::Sensitivity,
        }
    }
}

/// A block of a sweep's values and the run at each.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SweepWork {
    /// The parameter's path, e.g. `actors.ukraine.reservation`.
    pub parameter: String,
    /// Every value of the sweep (not only this shard's), in order.
    pub values: Vec<super::exact::Exact>,
    /// The run at each value of the shard's block.
    pub points: Vec<StatsRecord>,
}

/// A block of a sensitivity analysis: unit 0 is the baseline run, unit
/// `k + 1` the two runs of the `k`-th uncertain input (scenario order).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SensitivityWork {
    /// Every uncertain input's path, in scenario order.
    pub inputs: Vec<String>,
    /// The baseline run, if unit 0 is in the block.
    pub baseline: Option<StatsRecord>,
    /// The runs of each input in the block, in order.
    pub effects: Vec<InputRuns>,
}

/// One input fixed at its low and its high percentile.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputRuns {
    pub path: String,
    pub at_low: StatsRecord,
    pub at_high: StatsRecord,
}

/// The SHA-256 of `bytes` in lower-case hex, as `sha256sum` prints it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The fields a shard file of any version has, read on their own first.
#[derive(Deserialize)]
struct Probe {
    format_version: Option<u32>,
    kind: Option<String>,
    zopa_version: Option<String>,
}

impl ShardFile {
    /// The file as written: JSON, two-space indented.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Reads a shard file's text; `name` (its path) opens every message.
    pub fn parse(text: &str, name: &str) -> Result<ShardFile, String> {
        Self::parse_within(text, name, MAX_SHARD_ELEMENTS)
    }

    /// [`ShardFile::parse`], refusing unparsed a file of more than
    /// `max_elements` array elements ([`MAX_SHARD_ELEMENTS`]).
    fn parse_within(text: &str, name: &str, max_elements: usize) -> Result<ShardFile, String> {
        let elements = array_elements(text);
        if elements > max_elements {
            return Err(format!(
                "error: {name} holds about {elements} numbers in its lists, more than the \
                 {max_elements} a shard may hold (zopa would need gigabytes to read it)\n  \
                 help: a shard zopa wrote holds far fewer: the file is damaged or not zopa's; \
                 write it again with `zopa run --shard K/N`"
            ));
        }
        let not_shard = |detail: String| {
            format!(
                "error: {name} is not a shard file zopa can read: {detail}\n  help: give the \
                 folders (or shard-*.json files) that `zopa run --shard K/N`, `zopa sweep \
                 --shard K/N` or `zopa sensitivity --shard K/N` wrote"
            )
        };
        let probe: Probe = serde_json::from_str(text)
            .map_err(|err| not_shard(crate::format::json::json_message(&err)))?;
        let written_by = probe
            .zopa_version
            .map(|version| format!("zopa {version}"))
            .unwrap_or_else(|| "another program".to_string());
        match probe.format_version {
            Some(SHARD_FORMAT) => {}
            Some(version) if version > SHARD_FORMAT => {
                return Err(format!(
                    "error: {name} is in shard format {version}, written by {written_by}; this \
                     zopa ({}) reads format {SHARD_FORMAT}\n  help: merge with the zopa that \
                     wrote the shards",
                    env!("CARGO_PKG_VERSION")
                ));
            }
            other => {
                return Err(not_shard(match other {
                    Some(version) => format!("unknown format_version {version}"),
                    None => "it has no format_version".to_string(),
                }));
            }
        }
        let known = ShardKind::ALL
            .iter()
            .any(|kind| probe.kind.as_deref() == Some(kind.name()));
        if !known {
            let kind = probe.kind.as_deref().unwrap_or("(none)");
            return Err(format!(
                "error: {name} is a shard of kind `{}`, written by {written_by}, which this zopa \
                 cannot merge (it merges {})\n  help: merge with the zopa that wrote the shards",
                crate::scenario::text::shown(kind),
                ShardKind::ALL.map(ShardKind::name).join(", ")
            ));
        }
        let file: ShardFile = serde_json::from_str(text)
            .map_err(|err| not_shard(crate::format::json::json_message(&err)))?;
        file.check_itself().map_err(not_shard)?;
        Ok(file)
    }

    /// The checks a file can pass on its own: its kind, block and scenario
    /// agree with themselves.
    fn check_itself(&self) -> Result<(), String> {
        if self.work.kind() != self.kind {
            return Err(format!(
                "its kind is `{}` but it holds the work of {}",
                self.kind.name(),
                self.work.kind().article()
            ));
        }
        let block = self.shard.block(self.items);
        if self.range != [block.start, block.end] {
            return Err(format!(
                "its range {:?} is not the block of shard {} of {} items",
                self.range, self.shard, self.items
            ));
        }
        // The file's name opens messages and names the default output folder;
        // the timing goes into the merged results as it is.
        if self.scenario_file.len() > MAX_SCENARIO_FILE_BYTES
            || self.scenario_file.chars().any(char::is_control)
        {
            return Err(format!(
                "its scenario_file is not a file name (over {MAX_SCENARIO_FILE_BYTES} bytes, or \
                 with control characters)"
            ));
        }
        let non_negative = |x: f64| x.is_finite() && x >= 0.0;
        if !non_negative(self.elapsed_seconds) || !self.load_average.is_none_or(non_negative) {
            return Err("its elapsed_seconds or load_average is not a time or a load".into());
        }
        if sha256_hex(self.scenario_text.as_bytes()) != self.scenario_sha256 {
            return Err(
                "its scenario text does not match its scenario_sha256 (was it edited?)".into(),
            );
        }
        Ok(())
    }

    /// This shard's block of the items.
    pub fn block(&self) -> std::ops::Range<u64> {
        self.range[0]..self.range[1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_elements_are_counted_outside_strings() {
        assert_eq!(array_elements("{}"), 0);
        assert_eq!(array_elements("[]"), 1);
        assert_eq!(array_elements("[1, 2, 3]"), 3);
        assert_eq!(array_elements(r#"{"a": [[1, 2], [3, 4]], "b": "x,[y"}"#), 7);
        assert_eq!(array_elements(r#"["a\",", "b\\", 1]"#), 3);
    }

    #[test]
    fn a_shard_with_too_many_elements_is_refused_before_it_is_parsed() {
        // Not even JSON: the count comes first, so nothing is allocated for it.
        let text = format!("[{}0]", "0,".repeat(1_000));
        let error = ShardFile::parse_within(&text, "big.json", 1_000).unwrap_err();
        assert!(
            error.contains("big.json holds about 1001 numbers")
                && error.contains("more than the 1000 a shard may hold"),
            "{error}"
        );
        // Within the bound, the file is read and judged as usual.
        let error = ShardFile::parse_within(&text, "big.json", 2_000).unwrap_err();
        assert!(error.contains("is not a shard file"), "{error}");
    }
}

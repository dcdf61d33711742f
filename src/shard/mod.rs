//! Sharded work: one run (or sweep, or sensitivity analysis) split into `N`
//! contiguous blocks that separate processes or machines compute, each
//! writing a shard file, and merged afterwards into exactly what the whole
//! command would have written.
//!
//! Why this merges exactly: trial `k` draws from its own stream `(seed, k)`
//! whichever process runs it, and a run's [`Tally`](crate::summary::Tally)
//! holds only integers (and the smallest and largest values seen), so the
//! tallies of blocks that cover `0..trials` once add up to the tally of one
//! run, bit for bit. A sweep is split by its values and a sensitivity
//! analysis by its inputs: each of their runs is made whole by one shard, and
//! a shard keeps every number those runs give exactly (see [`exact`]).
//!
//! - [`ShardSpec`]: `K/N` on the command line, and the block it stands for.
//! - [`ShardKind`]: what was split (the `kind` of a shard file; a later kind,
//!   such as a backtest split by scenario, is a new variant and a new file name).
//! - [`file`](mod@file): the versioned shard file, which carries the scenario's text so
//!   that `zopa merge` needs nothing else.
//! - [`merge`]: the checks that shards belong together and the merge itself.

pub mod exact;
pub mod file;
pub mod merge;

pub use file::{SHARD_FORMAT, ShardFile, Work};
pub use merge::{Merged, Merger};

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;

/// Shard `index` of `count` (`K/N`, counting from 0 as Slurm's
/// `$SLURM_ARRAY_TASK_ID` does with `--array=0-(N-1)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShardSpec {
    pub index: u64,
    pub count: u64,
}

impl ShardSpec {
    /// Parses `K/N` as given to `--shard`, with a message that says what is
    /// wrong and what to write instead.
    ///
    /// ```
    /// use zopa::shard::ShardSpec;
    /// assert_eq!(ShardSpec::parse("2/3"), Ok(ShardSpec { index: 2, count: 3 }));
    /// assert!(ShardSpec::parse("3/3").unwrap_err().contains("from 0 to 2"));
    /// ```
    pub fn parse(text: &str) -> Result<ShardSpec, String> {
        let shown = crate::scenario::text::quoted(text);
        let example = "write the shard's number K and the number of shards N, e.g. --shard 0/3 \
                       (K counts from 0, as Slurm's $SLURM_ARRAY_TASK_ID does with --array=0-2)";
        let Some((index, count)) = text.split_once('/') else {
            return Err(format!("{shown} is not K/N: {example}"));
        };
        let number = |part: &str, what: &str| {
            let part = part.trim();
            if part.is_empty() || !part.chars().all(|c| c.is_ascii_digit()) {
                return Err(format!(
                    "{what} {} in {shown} is not a whole number: {example}",
                    crate::scenario::text::quoted(part)
                ));
            }
            part.parse::<u64>()
                .map_err(|_| format!("{what} in {shown} is too large (at most {})", u64::MAX))
        };
        let index = number(index, "the shard number K")?;
        let count = number(count, "the number of shards N")?;
        if count == 0 {
            return Err(format!(
                "{shown} asks for 0 shards; N must be at least 1 (--shard 0/1 is the whole run)"
            ));
        }
        if index >= count {
            return Err(format!(
                "there is no shard {index}/{count}: with {count} shards K runs from 0 to {} \
                 (Slurm: --array=0-{})",
                count - 1,
                count - 1
            ));
        }
        Ok(ShardSpec { index, count })
    }

    /// This shard's block of `items` (trials, sweep values, inputs): the
    /// `index`-th of `count` contiguous blocks of sizes differing by at most
    /// one, together covering `0..items` once. Blocks are empty when there are
    /// more shards than items.
    ///
    /// ```
    /// use zopa::shard::ShardSpec;
    /// let blocks: Vec<_> = (0..3).map(|k| ShardSpec { index: k, count: 3 }.block(10)).collect();
    /// assert_eq!(blocks, vec![0..3, 3..6, 6..10]);
    /// ```
    pub fn block(self, items: u64) -> Range<u64> {
        let at = |k: u64| (u128::from(items) * u128::from(k) / u128::from(self.count)) as u64;
        at(self.index)..at(self.index + 1)
    }
}

impl fmt::Display for ShardSpec {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// Written as `"K/N"`, as the command line gives it.
impl Serialize for ShardSpec {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ShardSpec {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        ShardSpec::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// What a shard is a part of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ShardKind {
    /// `zopa run --shard`: a block of the trials.
    Run,
    /// `zopa sweep --shard`: a block of the swept values.
    Sweep,
    /// `zopa sensitivity --shard`: a block of the runs' units (the baseline,
    /// then each uncertain input with its two runs).
    Sensitivity,
}

impl ShardKind {
    /// Every kind, in the order the command line lists the commands.
    pub const ALL: [ShardKind; 3] = [ShardKind::Run, ShardKind::Sweep, ShardKind::Sensitivity];

    /// The command's name and the `kind` a shard file names.
    pub fn name(self) -> &'static str {
        match self {
            ShardKind::Run => "run",
            ShardKind::Sweep => "sweep",
            ShardKind::Sensitivity => "sensitivity",
        }
    }

    /// The shard file's name in its output folder, e.g. `shard-run.json`.
    pub fn file_name(self) -> &'static str {
        match self {
            ShardKind::Run => "shard-run.json",
            ShardKind::Sweep => "shard-sweep.json",
            ShardKind::Sensitivity => "shard-sensitivity.json",
        }
    }

    /// What the shards split, in the plural: `trials`, `values`, `inputs`.
    pub fn items(self) -> &'static str {
        match self {
            ShardKind::Run => "trials",
            ShardKind::Sweep => "values",
            ShardKind::Sensitivity => "units",
        }
    }

    /// "a run", "a sweep", "a sensitivity analysis".
    pub fn article(self) -> &'static str {
        match self {
            ShardKind::Run => "a run",
            ShardKind::Sweep => "a sweep",
            ShardKind::Sensitivity => "a sensitivity analysis",
        }
    }
}

/// A block of items as messages show it: `trials 0 to 33,332 of 100,000`,
/// or `no trials (3 shards of 2 trials)` for an empty block.
pub fn describe_block(kind: ShardKind, range: &Range<u64>, items: u64) -> String {
    use crate::format::thousands;
    let what = kind.items();
    if range.is_empty() {
        format!(
            "no {what} (more shards than the {} {what})",
            thousands(items)
        )
    } else {
        format!(
            "{what} {} to {} of {}",
            thousands(range.start),
            thousands(range.end - 1),
            thousands(items)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_cover_every_item_once_for_any_split() {
        for items in [0u64, 1, 2, 7, 100, 1001] {
            for count in 1..=12u64 {
                let mut next = 0;
                for index in 0..count {
                    let block = ShardSpec { index, count }.block(items);
                    assert_eq!(block.start, next, "{index}/{count} of {items}");
                    assert!(block.end >= block.start);
                    assert!(block.end - block.start <= items / count + 1);
                    next = block.end;
                }
                assert_eq!(next, items, "{count} shards of {items}");
            }
        }
        // No overflow at the largest counts.
        let last = ShardSpec {
            index: u64::MAX - 1,
            count: u64::MAX,
        };
        assert_eq!(last.block(10_000_000_000).end, 10_000_000_000);
    }

    #[test]
    fn bad_shard_specs_say_what_to_write() {
        let cases = [
            ("0/0", "N must be at least 1"),
            ("3/3", "no shard 3/3: with 3 shards K runs from 0 to 2"),
            ("4/3", "no shard 4/3"),
            ("abc", "`abc` is not K/N"),
            (
                "1/x",
                "the number of shards N `x` in `1/x` is not a whole number",
            ),
            ("-1/3", "the shard number K `-1`"),
            ("/3", "the shard number K `` in `/3`"),
            ("1.5/3", "is not a whole number"),
            ("1/99999999999999999999999", "too large"),
        ];
        for (text, expected) in cases {
            let err = ShardSpec::parse(text).unwrap_err();
            assert!(err.contains(expected), "{text}: {err}");
        }
        assert_eq!(
            ShardSpec::parse(" 1 / 4 "),
            Ok(ShardSpec { index: 1, count: 4 })
        );
        assert_eq!(ShardSpec { index: 1, count: 4 }.to_string(), "1/4");
    }
}

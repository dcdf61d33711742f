//! What a run reports: the [`Tally`] it accumulates trial by trial (integers,
//! mergeable in any order), and the [`Summary`] made from it — the one type
//! that `summary.json` holds and that every chart, report and table reads.

mod build;
mod consistency;
pub mod field;
pub mod file;
pub mod inputs;
pub mod nominal;
pub mod pairs;
mod size;
pub mod tally;

pub(crate) use build::possessive;
pub use build::{DENSITY_BINS, RunInfo};
pub use file::{
    ActorSummary, ChartSettings, FORMAT_VERSION, IssueSummary, PINNED_SHARE, Pinned, Position,
    ProposalSummary, Quantiles, Rounds, Summary, SummaryError, THIN_MARGIN, ThinMargin, Utilities,
    Zone,
};
pub use inputs::{ActorInputs, Inputs, RedLineInputs, StanceInputs};
pub use nominal::{NOMINAL_LIMIT, NominalPicture};
pub use pairs::{ZonePairs, zone_pairs};
pub use tally::{
    ActorTally, BINS, CLOUD_TRIALS, CloudPoint, Histogram, IssueTally, ProposalTally, QUANTILES,
    ReferenceProposal, Tally, TrialResult, ZONE_BINS, ZONE_LEVELS, ZoneTally, zone_thresholds,
};

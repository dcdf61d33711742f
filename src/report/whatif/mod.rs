//! What users read from a what-if analysis: `sweep.json` and
//! `sensitivity.json` as types ([`files`]), `sweep.csv`, and the terminal
//! tables. The files hold no timings, so the same scenario, settings and seed
//! give byte-identical files; the terminal text says how long the analysis took.

mod consistency;
pub mod files;
mod sensitivity;
mod sweep;

pub use files::*;
pub use sensitivity::sensitivity_text;
pub use sweep::{sweep_csv, sweep_text};

use crate::format::percent;
use crate::scenario::{Scenario, format_number};
use crate::whatif::IssueStats;

/// One issue's result in a table cell: `median (p25–p75)` or `option share%`.
fn issue_cell(scenario: &Scenario, d: usize, stats: &IssueStats) -> String {
    match stats {
        IssueStats::Continuous(Some(band)) => format!(
            "{} ({}–{})",
            format_number(band.median),
            format_number(band.p25),
            format_number(band.p75)
        ),
        IssueStats::Discrete { shares } => match stats.modal_option() {
            Some(k) => format!(
                "{} {}",
                scenario.issues[d].display_value(k as f64),
                percent(shares[k])
            ),
            None => "—".to_string(),
        },
        IssueStats::Continuous(None) => "—".to_string(),
    }
}

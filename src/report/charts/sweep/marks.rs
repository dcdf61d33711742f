//! What each swept value contributes to an issue's panel, read from
//! `sweep.json` alone and kept apart from the drawing so tests can check it.
//!
//! A quartile band read from a handful of agreements is noise drawn as if it
//! were a finding: at 5 agreements in 5,000 trials the "50% band" is two of
//! five numbers. So a point is drawn as a band (continuous issues) or a filled
//! stack of option shares (discrete issues) only when at least
//! [`MIN_AGREEMENTS`] trials agreed; with fewer it is a hollow mark labelled
//! with the count, and with none it is not drawn at all.

use crate::report::whatif::files::{IssueResult, SweepFile};

/// Agreements a point needs before its quartiles or option shares are drawn
/// as a finding. 30 is the usual floor for reading quantiles from a sample:
/// below it the 25th and 75th percentiles each rest on a few trials and move
/// by whole steps from one seed to the next.
pub const MIN_AGREEMENTS: u64 = 30;

/// A continuous issue at one swept value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Mark {
    /// Enough agreements: the 50% band and median.
    Band { p25: f64, median: f64, p75: f64 },
    /// Fewer than [`MIN_AGREEMENTS`]: only the median, with the count.
    Few { median: f64, agreements: u64 },
    /// No agreement (or no result in the file).
    Empty,
}

/// A discrete issue at one swept value: each option's share of the
/// agreements, in option order, and how many agreements they rest on.
#[derive(Clone, Debug, PartialEq)]
pub struct Shares {
    pub shares: Vec<f64>,
    pub agreements: u64,
}

impl Shares {
    /// Whether the shares rest on enough agreements to draw filled.
    pub fn enough(&self) -> bool {
        self.agreements >= MIN_AGREEMENTS
    }
}

/// The swept values, lowest first, each with its point's index in the file.
fn in_value_order(file: &SweepFile) -> Vec<(f64, usize)> {
    let mut order: Vec<(f64, usize)> = file
        .points
        .iter()
        .enumerate()
        .map(|(k, point)| (point.value, k))
        .collect();
    order.sort_by(|a, b| a.0.total_cmp(&b.0));
    order
}

/// Issue `id`'s mark at each swept value, lowest value first.
pub fn marks(file: &SweepFile, id: &str) -> Vec<(f64, Mark)> {
    in_value_order(file)
        .into_iter()
        .map(|(value, k)| {
            let point = &file.points[k];
            let agreements = point.agreement_count(file.trials_per_run);
            let mark = match point.issues.get(id) {
                _ if agreements == 0 => Mark::Empty,
                Some(Some(IssueResult::Band { p25, p50, p75 })) => {
                    if agreements >= MIN_AGREEMENTS {
                        Mark::Band {
                            p25: *p25,
                            median: *p50,
                            p75: *p75,
                        }
                    } else {
                        Mark::Few {
                            median: *p50,
                            agreements,
                        }
                    }
                }
                _ => Mark::Empty,
            };
            (value, mark)
        })
        .collect()
}

/// Discrete issue `id`'s option shares at each swept value with agreements,
/// lowest value first (values without agreements are left out).
pub fn shares(file: &SweepFile, id: &str) -> Vec<(f64, Shares)> {
    in_value_order(file)
        .into_iter()
        .filter_map(|(value, k)| {
            let point = &file.points[k];
            let agreements = point.agreement_count(file.trials_per_run);
            let shares = point.issues.get(id)?.as_ref()?.shares()?;
            (agreements > 0 && shares.iter().any(|&share| share > 0.0))
                .then_some((value, Shares { shares, agreements }))
        })
        .collect()
}

/// The y range of a continuous issue's panel: the issue's whole scale, with a
/// little room so marks at either end are not cut in half. A panel never
/// zooms on the data: a move from 0.95 to 1 looks as small as it is.
pub fn issue_y_range([min, max]: [f64; 2]) -> (f64, f64) {
    let span = max - min;
    if span.is_finite() && span > 0.0 {
        (min - 0.04 * span, max + 0.04 * span)
    } else {
        let pad = (min.abs() * 0.1).max(0.1);
        (min - pad, max + pad)
    }
}

/// The x range shared by every panel: the swept values with half the
/// smallest step on either side, so the marks (and stacked bars) at the ends
/// are whole; padded by a tenth when there is only one value (or when the
/// padding would overflow).
pub fn x_range(file: &SweepFile) -> (f64, f64) {
    let values = values(file);
    let (Some(&lo), Some(&hi)) = (values.first(), values.last()) else {
        return (0.0, 1.0);
    };
    let half = step(file) / 2.0;
    if hi > lo && (lo - half).is_finite() && (hi + half).is_finite() {
        (lo - half, hi + half)
    } else {
        let pad = (lo.abs() * 0.1).max(0.1);
        (lo - pad, hi + pad)
    }
}

/// The swept values, lowest first.
fn values(file: &SweepFile) -> Vec<f64> {
    in_value_order(file).into_iter().map(|(v, _)| v).collect()
}

/// The smallest gap between two different swept values (0.1 when there is
/// no gap).
pub fn step(file: &SweepFile) -> f64 {
    let gap = values(file)
        .windows(2)
        .map(|pair| pair[1] - pair[0])
        .filter(|&gap| gap > 0.0)
        .fold(f64::INFINITY, f64::min);
    if gap.is_finite() { gap } else { 0.1 }
}

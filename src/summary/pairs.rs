//! Which pairs of continuous issues get an outcome-zone grid.
//!
//! Every pair of continuous issues grows quadratically with the issues, and each
//! grid is 40 × 40 counters in every worker's tally and in `summary.json`. So a
//! run keeps at most [`MAX_ZONE_PAIRS`] grids: the pairs the scenario's charts
//! draw (checked at `check` to be no more than that), then the remaining pairs
//! in file order while room is left. The summary says how many it left out.

use crate::scenario::validate::MAX_ZONE_PAIRS;
use crate::scenario::{IssueKind, Scenario};

/// The pairs a run keeps a zone grid for, and how many it leaves out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ZonePairs {
    /// Issue indices `(x, y)`, `x < y`, in file order.
    pub pairs: Vec<(usize, usize)>,
    /// Pairs of continuous issues without a grid.
    pub omitted: usize,
}

/// The zone pairs of `scenario`'s runs.
pub fn zone_pairs(scenario: &Scenario) -> ZonePairs {
    let continuous: Vec<usize> = (0..scenario.issues.len())
        .filter(|&d| matches!(scenario.issues[d].kind, IssueKind::Continuous { .. }))
        .collect();
    let charted = |x: usize, y: usize| {
        scenario
            .charts
            .pairs
            .iter()
            .any(|&pair| pair == (x, y) || pair == (y, x))
    };
    let room = MAX_ZONE_PAIRS.saturating_sub(scenario.charts.pairs.len());
    let mut others = 0;
    let mut result = ZonePairs::default();
    for (k, &x) in continuous.iter().enumerate() {
        for &y in &continuous[k + 1..] {
            if charted(x, y) {
                result.pairs.push((x, y));
            } else if others < room {
                others += 1;
                result.pairs.push((x, y));
            } else {
                result.omitted += 1;
            }
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::build::{ActorBuilder, ScenarioBuilder};

    fn scenario(issues: usize, pairs: &[(&str, &str)]) -> Scenario {
        let ids: Vec<String> = (0..issues).map(|d| format!("i{d}")).collect();
        let mut builder = ScenarioBuilder::new("Many issues");
        for id in &ids {
            builder = builder.continuous_issue(id, id, 0.0, 1.0);
        }
        for (actor, ideal) in [("a", 0.0), ("b", 1.0)] {
            let mut actor = ActorBuilder::new(actor, actor).reservation(0.1);
            for id in &ids {
                actor = actor.ideal(id, ideal, 1.0);
            }
            builder = builder.actor(actor);
        }
        if !pairs.is_empty() {
            builder = builder.zone_pairs(pairs);
        }
        builder.build().expect("a valid scenario")
    }

    #[test]
    fn few_issues_keep_every_pair() {
        let pairs = zone_pairs(&scenario(4, &[]));
        assert_eq!(pairs.pairs.len(), 6);
        assert_eq!(pairs.omitted, 0);
    }

    #[test]
    fn many_issues_keep_a_bounded_number_of_pairs_charted_ones_included() {
        let pairs = zone_pairs(&scenario(30, &[("i29", "i28")]));
        assert_eq!(pairs.pairs.len(), MAX_ZONE_PAIRS);
        assert_eq!(pairs.omitted, 30 * 29 / 2 - MAX_ZONE_PAIRS);
        assert!(pairs.pairs.contains(&(28, 29)), "the charted pair is kept");
    }
}

//! The discrete compromise explained: the compromise's weighted mean (as
//! [`super::compromise`] shows it), then, per continuous issue, the nearest
//! position an actor holds and whether it lies close enough to replace the mean.

use crate::model::compromise::{outcome, snap};
use crate::scenario::Scenario;
use crate::solve::space::Space;
use crate::world::{Dimension, World};

pub(super) fn narrate(
    scenario: &Scenario,
    world: &World,
    threshold: f64,
    allow_slow: bool,
) -> String {
    let mut out = super::compromise::narrate(scenario, world, allow_slow);
    let space = Space::new(world, &world.veto_actors());
    if space.empty {
        return out;
    }
    out.push('\n');
    out.push_str(&super::paragraph(&format!(
        "The discrete compromise then moves each continuous issue's mean to the nearest position an \
         actor holds, if one lies within {:.0}% of the issue's range (real decisions often adopt one \
         side's text rather than split the difference):",
        100.0 * threshold
    )));
    out.push('\n');
    let means = outcome(world, &space);
    for (d, issue) in scenario.issues.iter().enumerate() {
        if world.issues[d] != Dimension::Continuous {
            continue;
        }
        let mean = issue.display_value(means[d]);
        let snapped = snap(world, &space, d, means[d], threshold);
        out.push_str(&super::paragraph(&match (
            snapped,
            snap(world, &space, d, means[d], f64::INFINITY),
        ) {
            (Some(nearest), _) => format!(
                "→ {}: mean {mean}; the nearest position held, {}, lies {:.1}% of the range away: \
                 the outcome is {}",
                issue.name,
                issue.display_value(nearest),
                100.0 * (nearest - means[d]).abs(),
                issue.display_value(nearest)
            ),
            (None, Some(nearest)) => format!(
                "→ {}: mean {mean}; the nearest position held, {}, lies {:.1}% of the range away, \
                 beyond {:.0}%: the outcome stays {mean}",
                issue.name,
                issue.display_value(nearest),
                100.0 * (nearest - means[d]).abs(),
                100.0 * threshold
            ),
            (None, None) => format!(
                "→ {}: mean {mean}; no single position is nearest (two camps of equal pull stand \
                 equally near, or the red lines allow none held): the outcome stays {mean}",
                issue.name
            ),
        }));
    }
    out
}

//! The Pareto frontier of two actors' utilities, for the utility chart.
//!
//! Deals must keep every *other* veto actor at or above its reservation and
//! stay inside the veto actors' red lines; the two charted actors' own
//! reservations are not imposed, so the chart shows the whole frontier and the
//! reservation lines cut out the bargaining set. Points come from maximising
//! `w·u_a + (1 − w)·u_b` for weights across (0, 1), per combination of discrete
//! options, keeping the non-dominated ones. With continuous issues only, the
//! utility set is convex (value functions are concave), so these supported
//! points joined by segments are the frontier; with discrete options the set is
//! a union of convex pieces and the segments between pieces are approximate.

use crate::solve::space::{Floor, Space, UtilityLp};
use crate::world::World;

/// Weights tried (evenly spaced in (0, 1)).
const WEIGHTS: usize = 61;

/// Points gathered before the dominated ones are dropped: the points kept
/// grow with the frontier, not with the combinations of options (10⁷
/// combinations once held 61 points each, 14 GB).
const COMPACT_AT: usize = 4096;

/// The most points a frontier keeps: more than a chart can show apart.
/// A longer one (many combinations of discrete options, each on the
/// frontier) is thinned evenly, keeping both ends.
pub const MAX_POINTS: usize = 2_000;

/// Frontier points `(u_a, u_b)`, sorted by `u_a` ascending (so `u_b` descending);
/// empty when no deal satisfies the other veto actors.
pub fn pareto_frontier(world: &World, a: usize, b: usize) -> Vec<(f64, f64)> {
    let veto = world.veto_actors();
    let space = Space::new(world, &veto);
    let floors: Vec<Floor> = veto
        .iter()
        .filter(|&&i| i != a && i != b)
        .map(|&i| Floor {
            actor: i,
            floor: world.actors[i].reservation,
            scale: 0.0,
        })
        .collect();
    // With every issue fixed by the combination there is nothing to trade
    // off: each weight would find the same outcome.
    let weights = if space.continuous(world).is_empty() {
        1
    } else {
        WEIGHTS
    };
    let mut points = Vec::new();
    let mut compact_at = COMPACT_AT;
    space.for_each_combination(world, |template| {
        if points.len() >= compact_at {
            points = non_dominated(std::mem::take(&mut points));
            compact_at = COMPACT_AT.max(2 * points.len());
        }
        for k in 0..weights {
            let w = (k as f64 + 0.5) / weights as f64;
            let lp = UtilityLp {
                world,
                space: &space,
                template,
                floors: &floors,
                t_weight: 0.0,
                utility_weights: &[(a, w), (b, 1.0 - w)],
            };
            if let Some((_, outcome)) = lp.solve() {
                points.push((
                    world.actors[a].utility(&outcome),
                    world.actors[b].utility(&outcome),
                ));
            }
        }
    });
    thinned(non_dominated(points))
}

/// At most [`MAX_POINTS`] of `points`, evenly spaced in their order, the
/// first and the last always among them.
fn thinned(points: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    if points.len() <= MAX_POINTS {
        return points;
    }
    let last = points.len() - 1;
    (0..MAX_POINTS)
        .map(|k| points[k * last / (MAX_POINTS - 1)])
        .collect()
}

/// Keeps the points no other point beats on both coordinates, sorted by `x`.
fn non_dominated(mut points: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    const SAME: f64 = 1e-9;
    points.sort_by(|p, q| q.0.total_cmp(&p.0).then(q.1.total_cmp(&p.1)));
    let mut kept: Vec<(f64, f64)> = Vec::new();
    for point in points {
        // Sorted by x descending: a point survives if it beats every kept y.
        if kept.last().is_none_or(|last| point.1 > last.1 + SAME) {
            if kept
                .last()
                .is_some_and(|last| (last.0 - point.0).abs() < SAME)
            {
                kept.pop();
            }
            kept.push(point);
        }
    }
    kept.reverse();
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two veto actors with opposite values on four discrete issues of ten
    /// options, saliences 1, 10, 100 and 1,000: each of the 10⁴ combinations
    /// gives the actors utilities summing to one, all different, so every
    /// one is on the frontier.
    fn opposed() -> World {
        let options = (0..10)
            .map(|k| format!("\"o{k}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let issues = (0..4)
            .map(|d| format!("Issue(id: \"d{d}\", name: \"D{d}\", options: [{options}])"))
            .collect::<Vec<_>>()
            .join(", ");
        let stances = |ideal: usize| {
            (0..4)
                .map(|d| {
                    let salience = 10f64.powi(d);
                    format!("\"d{d}\": (position: \"o{ideal}\", salience: {salience:.1})")
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let scenario = crate::parse(
            &format!(
                "Scenario(name: \"S\", issues: [{issues}], actors: [\
                 Actor(id: \"a\", name: \"A\", power: 1.0, reservation: 0.0, stances: {{{}}}), \
                 Actor(id: \"b\", name: \"B\", power: 1.0, reservation: 0.0, stances: {{{}}})], \
                 model: Nash)",
                stances(0),
                stances(9)
            ),
            "s.ron",
        )
        .unwrap();
        World::nominal(&scenario)
    }

    #[test]
    fn a_frontier_of_many_combinations_is_thinned_to_its_cap() {
        let world = opposed();
        let frontier = pareto_frontier(&world, 0, 1);
        assert_eq!(frontier.len(), MAX_POINTS);
        // Both ends kept: each actor's best combination.
        let first = frontier[0];
        let last = frontier[MAX_POINTS - 1];
        assert!(
            first.0.abs() < 1e-12 && (first.1 - 1.0).abs() < 1e-12,
            "{first:?}"
        );
        assert!(
            (last.0 - 1.0).abs() < 1e-12 && last.1.abs() < 1e-12,
            "{last:?}"
        );
        for pair in frontier.windows(2) {
            assert!(pair[0].0 < pair[1].0 && pair[0].1 > pair[1].1, "{pair:?}");
            assert!((pair[0].0 + pair[0].1 - 1.0).abs() < 1e-9, "{pair:?}");
        }
    }

    #[test]
    fn dominated_points_are_dropped() {
        let kept = non_dominated(vec![
            (0.0, 1.0),
            (0.5, 0.5),
            (0.4, 0.4),
            (1.0, 0.0),
            (0.5, 0.2),
        ]);
        assert_eq!(kept, vec![(0.0, 1.0), (0.5, 0.5), (1.0, 0.0)]);
    }
}

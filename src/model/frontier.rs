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
    let mut points = Vec::new();
    space.for_each_combination(world, |template| {
        for k in 0..WEIGHTS {
            let w = (k as f64 + 0.5) / WEIGHTS as f64;
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
    non_dominated(points)
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

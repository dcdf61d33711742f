//! The outcomes veto actors could agree on, and linear programs over them.
//!
//! A [`Space`] intersects the veto actors' red lines: an interval per continuous
//! issue, a set of allowed options per discrete issue. Discrete issues are solved
//! by enumeration (each combination of options fixes their utilities); the
//! continuous issues left over form a box on which utilities are concave.
//!
//! [`UtilityLp`] writes problems of the form "maximise `a·t + Σ b_i u_i(x)` subject
//! to `u_i(x) − floor_i ≥ t·scale_i`" as a linear program, with the epigraph trick
//! `z_id ≤ v_id(x_d)`: exact for linear value functions (two cuts each) and, for
//! quadratic ones, refined by tangent cuts at the current solution until the gap
//! is below 1e-10 (Kelley's cutting-plane method). Problems go first to
//! [`super::cuts`], which needs no per-(actor, issue) variables; this LP is
//! the fallback should that solver give up.

use super::cuts;
use super::lp::{Lp, LpResult};
use crate::world::{Dimension, Limit, ValueFn, World};

/// The outcomes every veto actor's red lines allow.
#[derive(Clone, Debug, Default)]
pub struct Space {
    /// Per issue: `(lo, hi)` for continuous issues (unused for discrete ones).
    pub bounds: Vec<(f64, f64)>,
    /// Per issue: allowed option indices (empty for continuous issues).
    pub options: Vec<Vec<usize>>,
    /// True when the red lines leave nothing.
    pub empty: bool,
}

impl Space {
    /// Intersects the red lines of the actors in `veto`.
    pub fn new(world: &World, veto: &[usize]) -> Space {
        let mut space = Space::default();
        space.reset(world, veto);
        space
    }

    /// [`Space::new`] in this space's storage (a Monte Carlo trial reuses the
    /// last trial's space).
    pub fn reset(&mut self, world: &World, veto: &[usize]) {
        self.bounds.clear();
        self.options.resize_with(world.issues.len(), Vec::new);
        self.empty = false;
        for (d, dimension) in world.issues.iter().enumerate() {
            let allowed = &mut self.options[d];
            allowed.clear();
            match dimension {
                Dimension::Continuous => {
                    let (mut lo, mut hi) = (0.0f64, 1.0f64);
                    for &i in veto {
                        if let Limit::Interval(a, b) = world.actors[i].limits[d] {
                            lo = lo.max(a);
                            hi = hi.min(b);
                        }
                    }
                    self.empty |= lo > hi;
                    self.bounds.push((lo, hi.max(lo)));
                }
                Dimension::Discrete(n) => {
                    allowed.extend((0..*n).filter(|&k| {
                        veto.iter()
                            .all(|&i| world.actors[i].limits[d].allows(k as f64))
                    }));
                    self.empty |= allowed.is_empty();
                    self.bounds.push((0.0, 0.0));
                }
            }
        }
    }

    /// Indices of continuous issues.
    pub fn continuous(&self, world: &World) -> Vec<usize> {
        (0..world.issues.len())
            .filter(|&d| world.issues[d] == Dimension::Continuous)
            .collect()
    }

    /// Calls `visit` with an outcome template for each combination of allowed
    /// discrete options (continuous entries set to the middle of their bounds).
    pub fn for_each_combination(&self, world: &World, mut visit: impl FnMut(&[f64])) {
        if self.empty {
            return;
        }
        let mut outcome: Vec<f64> = self.bounds.iter().map(|(lo, hi)| 0.5 * (lo + hi)).collect();
        let discrete: Vec<usize> = (0..world.issues.len())
            .filter(|&d| !self.options[d].is_empty())
            .collect();
        let mut counters = vec![0usize; discrete.len()];
        loop {
            for (slot, &d) in discrete.iter().enumerate() {
                outcome[d] = self.options[d][counters[slot]] as f64;
            }
            visit(&outcome);
            // Odometer increment over the allowed options.
            let mut slot = 0;
            loop {
                if slot == discrete.len() {
                    return;
                }
                counters[slot] += 1;
                if counters[slot] < self.options[discrete[slot]].len() {
                    break;
                }
                counters[slot] = 0;
                slot += 1;
            }
        }
    }

    /// Every template [`Space::for_each_combination`] visits, in the same order,
    /// one after another (one value per issue each): for callers that go over
    /// the combinations many times.
    pub fn combinations(&self, world: &World) -> Vec<f64> {
        let mut all = Vec::new();
        self.combinations_into(world, &mut all);
        all
    }

    /// [`Space::combinations`] written into `all` (cleared first), without
    /// allocating once `all` is large enough: combination `k`'s options are the
    /// digits of `k` in the mixed radix of the option counts, the first
    /// discrete issue's the fastest, as the odometer of
    /// [`Space::for_each_combination`] turns.
    pub fn combinations_into(&self, world: &World, all: &mut Vec<f64>) {
        all.clear();
        if self.empty {
            return;
        }
        let issues = world.issues.len();
        for k in 0..self.combination_count() {
            let mut rest = k;
            for d in 0..issues {
                let options = &self.options[d];
                all.push(if options.is_empty() {
                    let (lo, hi) = self.bounds[d];
                    0.5 * (lo + hi)
                } else {
                    let option = options[rest % options.len()];
                    rest /= options.len();
                    option as f64
                });
            }
        }
    }

    /// How many discrete combinations there are.
    pub fn combination_count(&self) -> usize {
        self.options
            .iter()
            .filter(|o| !o.is_empty())
            .map(Vec::len)
            .product()
    }
}

/// One row `u_actor(x) − floor ≥ t·scale`.
#[derive(Clone, Copy, Debug)]
pub struct Floor {
    pub actor: usize,
    pub floor: f64,
    pub scale: f64,
}

/// A linear program over the continuous issues of one discrete combination.
pub struct UtilityLp<'a> {
    pub world: &'a World,
    pub space: &'a Space,
    /// The outcome template: discrete entries fixed, continuous ones replaced.
    pub template: &'a [f64],
    pub floors: &'a [Floor],
    /// Coefficient of `t` in the objective.
    pub t_weight: f64,
    /// Coefficients of actors' utilities in the objective.
    pub utility_weights: &'a [(usize, f64)],
}

impl UtilityLp<'_> {
    /// Solves; returns `t` (0 when unused) and the outcome, or `None` if infeasible.
    ///
    /// Problems go to the cutting-plane solver ([`super::cuts`]), whose size
    /// grows with the issues, not with actors × issues; the epigraph LP here
    /// takes any problem that solver does not apply to or gives up on.
    pub fn solve(&self) -> Option<(f64, Vec<f64>)> {
        if cuts::applies(self)
            && let Ok(answer) = cuts::solve(self)
        {
            return answer;
        }
        self.solve_epigraph()
    }

    /// Whether the optimum `t` exceeds `level` (see [`cuts::decide`]): an
    /// outcome and the `t` it allows if it does. For programs of `t` alone
    /// (no objective on the issues); the others, and any the cutting planes
    /// give up on, are solved whole.
    pub fn exceeds(&self, level: f64) -> cuts::Decision {
        if cuts::applies(self)
            && let Ok(answer) = cuts::decide(self, level)
        {
            return answer;
        }
        match self.solve() {
            Some((t, outcome)) if t > level => cuts::Decision::Above(t, outcome),
            _ => cuts::Decision::Below(None),
        }
    }

    /// Solves by the epigraph LP: one variable per (actor, issue) pair.
    pub(super) fn solve_epigraph(&self) -> Option<(f64, Vec<f64>)> {
        let world = self.world;
        let continuous = self.space.continuous(world);
        let x_var = |slot: usize| slot;
        // Actors that appear anywhere need z variables on the continuous issues they weigh.
        let mut involved: Vec<usize> = self
            .floors
            .iter()
            .map(|f| f.actor)
            .chain(self.utility_weights.iter().map(|u| u.0))
            .collect();
        involved.sort_unstable();
        involved.dedup();
        let mut z_index = Vec::new(); // (actor, issue, var)
        let mut next = continuous.len();
        for &i in &involved {
            for &d in &continuous {
                if world.actors[i].weights[d] > 0.0 {
                    z_index.push((i, d, next));
                    next += 1;
                }
            }
        }
        let uses_t = self.t_weight != 0.0 || self.floors.iter().any(|f| f.scale != 0.0);
        let t_var = next;
        let vars = next + usize::from(uses_t);
        // t = t' − shift, with shift large enough that t' = 0 satisfies every row.
        let shift = self
            .floors
            .iter()
            .filter(|f| f.scale > 0.0)
            .map(|f| (f.floor + 1.0) / f.scale)
            .fold(0.0f64, f64::max)
            + 1.0;
        // Constant utility from the discrete issues of this combination.
        let fixed = |i: usize| -> f64 {
            let actor = &world.actors[i];
            (0..world.issues.len())
                .filter(|&d| world.issues[d] != Dimension::Continuous)
                .map(|d| actor.weights[d] * actor.values[d].value(self.template[d]))
                .sum()
        };

        let mut lp = Lp::new(vars);
        for (slot, &d) in continuous.iter().enumerate() {
            let (lo, hi) = self.space.bounds[d];
            lp.less_equal(vec![(x_var(slot), 1.0)], hi - lo);
        }
        let slot_of = |d: usize| continuous.iter().position(|&c| c == d).unwrap_or(0);
        let mut quadratic_cuts: Vec<(usize, usize, usize, f64)> = Vec::new(); // (var, slot, lo, p)
        for &(i, d, var) in &z_index {
            let slot = slot_of(d);
            let lo = self.space.bounds[d].0;
            match world.actors[i].values[d] {
                ValueFn::Linear(p) => {
                    lp.less_equal(vec![(var, 1.0), (x_var(slot), 1.0)], 1.0 + p - lo);
                    lp.less_equal(vec![(var, 1.0), (x_var(slot), -1.0)], 1.0 - p + lo);
                }
                ValueFn::Quadratic(p) => {
                    let hi = self.space.bounds[d].1;
                    for a in [lo, hi, p.clamp(lo, hi), 0.5 * (lo + hi)] {
                        add_tangent(&mut lp, var, x_var(slot), lo, p, a);
                    }
                    quadratic_cuts.push((var, slot, d, p));
                }
                ValueFn::Table(_) => {}
            }
        }
        for floor in self.floors {
            // Σ w z + fixed − floor ≥ scale·(t' − shift)
            let mut terms: Vec<(usize, f64)> = z_index
                .iter()
                .filter(|(i, _, _)| *i == floor.actor)
                .map(|&(i, d, var)| (var, world.actors[i].weights[d]))
                .collect();
            if uses_t && floor.scale != 0.0 {
                terms.push((t_var, -floor.scale));
            }
            lp.greater_equal(
                terms,
                floor.floor - fixed(floor.actor) - floor.scale * shift,
            );
        }
        if uses_t {
            lp.set_objective(t_var, self.t_weight);
        }
        for &(actor, weight) in self.utility_weights {
            for &(i, d, var) in &z_index {
                if i == actor {
                    lp.set_objective(var, weight * world.actors[i].weights[d]);
                }
            }
        }

        let mut previous: Option<Vec<f64>> = None;
        for _ in 0..100 {
            let LpResult::Optimal { x, .. } = lp.maximize() else {
                return None;
            };
            let mut outcome = self.template.to_vec();
            for (slot, &d) in continuous.iter().enumerate() {
                let (lo, hi) = self.space.bounds[d];
                outcome[d] = (lo + x[x_var(slot)]).clamp(lo, hi);
            }
            // Largest overestimate of a quadratic value; cut it off where it is real.
            let mut gap = 0.0f64;
            for &(var, slot, d, p) in &quadratic_cuts {
                let at = outcome[d];
                let excess = x[var] - (1.0 - (at - p) * (at - p));
                if excess > CUT_TOLERANCE {
                    add_tangent(&mut lp, var, x_var(slot), self.space.bounds[d].0, p, at);
                }
                gap = gap.max(excess);
            }
            // Done when the cuts fit, or when rounding noise in the tableau makes a
            // repeated cut leave the solution where it was.
            let stalled = previous
                .as_ref()
                .is_some_and(|before: &Vec<f64>| before == &x);
            previous = Some(x.clone());
            if stalled && gap > 1e-4 {
                // A cut that no longer moves the solution yet leaves it far off the
                // curve means the LP has lost precision: give no answer, not a wrong one.
                return None;
            }
            if gap <= CUT_TOLERANCE || stalled {
                let t = if uses_t { x[t_var] - shift } else { 0.0 };
                return Some((t, outcome));
            }
        }
        None
    }
}

/// How far an LP value may overestimate a quadratic value function.
const CUT_TOLERANCE: f64 = 1e-10;

/// Adds the tangent of `v(x) = 1 − (x − p)²` at `a` as `z ≤ v(a) + v'(a)(x − a)`,
/// written over the shifted variable `x' = x − lo`.
fn add_tangent(lp: &mut Lp, z: usize, x: usize, lo: f64, p: f64, a: f64) {
    let slope = -2.0 * (a - p);
    // z − slope·x' ≤ 1 − (a − p)² + slope·(lo − a)
    lp.less_equal(
        vec![(z, 1.0), (x, -slope)],
        1.0 - (a - p) * (a - p) + slope * (lo - a),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::Party;

    fn party(values: Vec<ValueFn>, weights: Vec<f64>, reservation: f64) -> Party {
        let n = values.len();
        Party {
            power: 1.0,
            reservation,
            patience: 1.0,
            veto: true,
            concession: None,
            saliences: weights.clone(),
            weights,
            values,
            limits: vec![Limit::Free; n],
        }
    }

    #[test]
    fn max_min_on_divide_the_dollar() {
        let world = World {
            issues: vec![Dimension::Continuous],
            actors: vec![
                party(vec![ValueFn::Linear(1.0)], vec![1.0], 0.2),
                party(vec![ValueFn::Linear(0.0)], vec![1.0], 0.1),
            ],
        };
        let space = Space::new(&world, &[0, 1]);
        let floors = [
            Floor {
                actor: 0,
                floor: 0.2,
                scale: 1.0,
            },
            Floor {
                actor: 1,
                floor: 0.1,
                scale: 1.0,
            },
        ];
        let lp = UtilityLp {
            world: &world,
            space: &space,
            template: &[0.5],
            floors: &floors,
            t_weight: 1.0,
            utility_weights: &[],
        };
        let (t, outcome) = lp.solve().unwrap();
        // x − 0.2 = 0.9 − x → x = 0.55, t = 0.35.
        assert!(
            (t - 0.35).abs() < 1e-9 && (outcome[0] - 0.55).abs() < 1e-9,
            "{t} {outcome:?}"
        );
    }

    #[test]
    fn quadratic_cuts_converge_on_the_curved_frontier() {
        // max t with x ≥ t and 1 − x² ≥ t: t = x = (√5 − 1)/2.
        let world = World {
            issues: vec![Dimension::Continuous],
            actors: vec![
                party(vec![ValueFn::Linear(1.0)], vec![1.0], 0.0),
                party(vec![ValueFn::Quadratic(0.0)], vec![1.0], 0.0),
            ],
        };
        let space = Space::new(&world, &[0, 1]);
        let floors = [
            Floor {
                actor: 0,
                floor: 0.0,
                scale: 1.0,
            },
            Floor {
                actor: 1,
                floor: 0.0,
                scale: 1.0,
            },
        ];
        let lp = UtilityLp {
            world: &world,
            space: &space,
            template: &[0.5],
            floors: &floors,
            t_weight: 1.0,
            utility_weights: &[],
        };
        let (t, _) = lp.solve().unwrap();
        assert!((t - (5f64.sqrt() - 1.0) / 2.0).abs() < 1e-9, "{t}");
    }

    #[test]
    fn combinations_cover_allowed_options_only() {
        let mut a = party(
            vec![
                ValueFn::Table(vec![1.0, 0.5, 0.0]),
                ValueFn::Table(vec![0.0, 1.0]),
            ],
            vec![1.0, 1.0],
            0.0,
        );
        a.limits[0] = Limit::Allowed(vec![true, true, false]);
        let b = party(
            vec![
                ValueFn::Table(vec![0.0, 0.5, 1.0]),
                ValueFn::Table(vec![1.0, 0.0]),
            ],
            vec![1.0, 1.0],
            0.0,
        );
        let world = World {
            issues: vec![Dimension::Discrete(3), Dimension::Discrete(2)],
            actors: vec![a, b],
        };
        let space = Space::new(&world, &[0, 1]);
        let mut seen = Vec::new();
        space.for_each_combination(&world, |outcome| seen.push(outcome.to_vec()));
        assert_eq!(
            seen,
            vec![
                vec![0.0, 0.0],
                vec![1.0, 0.0],
                vec![0.0, 1.0],
                vec![1.0, 1.0]
            ]
        );
        assert_eq!(space.combination_count(), 4);
        assert_eq!(space.combinations(&world), seen.concat());
        // A space reset for other veto actors is the space built for them.
        let mut reused = space.clone();
        reused.reset(&world, &[1]);
        assert_eq!(reused.options, Space::new(&world, &[1]).options);
        assert_eq!(reused.combinations(&world).len(), 3 * 2 * 2);
    }
}

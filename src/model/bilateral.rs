//! Nash and Kalai–Smorodinsky for two veto actors, by walking their Pareto frontier.
//!
//! With two veto actors `a` and `b` and additive, separable, concave utilities,
//! every Pareto-optimal outcome maximises a weighted sum `θ·u_a + (1 − θ)·u_b`
//! for some `θ ∈ [0, 1]`, and that sum splits by issue: each continuous issue is
//! a one-dimensional concave problem with a closed form.
//!
//! - Both value it linearly: the issue sits at `b`'s end of its allowed interval
//!   (its ideal, clipped to the red lines) while `θ·w_a < (1 − θ)·w_b`, and jumps
//!   to `a`'s end at `θ = w_b / (w_a + w_b)`. Between the two ends every outcome
//!   of the jump is Pareto-optimal too: the frontier has a straight edge there.
//! - At least one values it quadratically: the optimum moves continuously from
//!   `b`'s end to `a`'s (the weighted mean of the ideals, or the point where the
//!   quadratic's slope balances the linear one), clipped to the interval.
//! - Only one cares, or both want the same end: it never moves.
//!
//! So as `θ` grows, `u_a` never falls and `u_b` never rises: the frontier is one
//! monotone path, a polyline when every value function is linear. Each solution
//! concept is the point of that path where some quantity that only grows along
//! it reaches zero:
//!
//! - Nash: at the optimum, `(c_a/g_a, c_b/g_b)` (the gradient of the log Nash
//!   product, `g` the gains over the reservations) is normal to the frontier,
//!   i.e. parallel to `(θ, 1 − θ)`: `F = θ·c_b·g_a − (1 − θ)·c_a·g_b = 0`. `F` is
//!   negative before the gains are both positive, positive after, and rises
//!   in between (the log Nash product is concave along the frontier).
//! - The largest smallest gain (does a zone of agreement exist?): `g_a − g_b = 0`.
//! - Each actor's ideal gain for Kalai–Smorodinsky: the other's gain reaching 0.
//! - The Kalai–Smorodinsky point: `g_a/G_a − g_b/G_b = 0`.
//!
//! The search walks the path's pieces in order; on a straight edge the quantity
//! is affine and its zero exact, on a curved piece Newton's method with the
//! gains' analytic rate of change, safeguarded by a bracket and warm-started
//! from the previous combination's zero (`solve::root`), takes `θ` to machine
//! precision in about four evaluations. Discrete issues are enumerated: each
//! allowed combination shifts both gains by a constant and has its own point;
//! the best one wins (combinations that provably cannot win are skipped). No
//! linear program, no iteration to a tolerance on the outcome; the general
//! solvers (`nash`, `kalai_smorodinsky`) stay as the reference in tests and for
//! three or more veto actors.

use super::GAIN_TOLERANCE;
use crate::solve::root::{Bracket, newton_in_bracket};
use crate::solve::space::Space;
use crate::world::{Dimension, Party, ValueFn, World};

/// How one continuous issue moves along the frontier as `θ` goes from 0 to 1.
#[derive(Clone, Copy, Debug)]
enum Move {
    /// The same value everywhere on the frontier.
    Fixed(f64),
    /// Both actors value it linearly: `b_end` below `at`, `a_end` above it.
    Jump { at: f64, b_end: f64, a_end: f64 },
    /// At least one values it quadratically: continuous in `θ`.
    Smooth(Smooth),
}

/// The data of a curved move (see [`Move::Smooth`]).
#[derive(Clone, Copy, Debug)]
struct Smooth {
    a: Side,
    b: Side,
    /// The interval between the two actors' ends.
    lo: f64,
    hi: f64,
}

/// One actor's value function on one issue, as the weighted optimum needs it.
#[derive(Clone, Copy, Debug)]
struct Side {
    weight: f64,
    ideal: f64,
    quadratic: bool,
    /// For a linear value function: its slope between the two ends (`±weight`).
    slope: f64,
}

impl Side {
    /// `w·v(t)`: the actor's utility from the issue at `t`.
    #[inline]
    fn utility(&self, t: f64) -> f64 {
        let d = t - self.ideal;
        self.weight
            * if self.quadratic {
                1.0 - d * d
            } else {
                1.0 - d.abs()
            }
    }

    /// `d(w·v)/dt` at `t` inside the interval between the two actors' ends.
    #[inline]
    fn utility_slope(&self, t: f64) -> f64 {
        if self.quadratic {
            -2.0 * self.weight * (t - self.ideal)
        } else {
            self.slope
        }
    }
}

impl Smooth {
    /// The maximiser of `θ·w_a v_a(t) + (1 − θ)·w_b v_b(t)` on `[lo, hi]`.
    #[inline]
    fn at(&self, theta: f64) -> f64 {
        self.at_with_rate(theta).0
    }

    /// [`Smooth::at`] and its rate of change `dt/dθ` (0 where the interval
    /// clips it).
    #[inline]
    fn at_with_rate(&self, theta: f64) -> (f64, f64) {
        let (a, b) = (&self.a, &self.b);
        let (t, rate) = match (a.quadratic, b.quadratic) {
            (true, true) => {
                // t = p_b + θ·w_a(p_a − p_b)/D with D = θ·w_a + (1 − θ)·w_b, and
                // d(θ/D)/dθ = w_b/D².
                let (wa, wb) = (theta * a.weight, (1.0 - theta) * b.weight);
                let inverse = 1.0 / (wa + wb);
                (
                    (wa * a.ideal + wb * b.ideal) * inverse,
                    a.weight * b.weight * (a.ideal - b.ideal) * inverse * inverse,
                )
            }
            // The quadratic's slope −2w(t − p) balances the linear one:
            // t = p_b + s_a·θ/(2(1 − θ)w_b), with 1/(1 − θ) = 2w_b·k.
            (false, true) => {
                let k = 1.0 / (2.0 * (1.0 - theta) * b.weight);
                (
                    b.ideal + theta * a.slope * k,
                    2.0 * b.weight * a.slope * k * k,
                )
            }
            (true, false) => {
                let k = 1.0 / (2.0 * theta * a.weight);
                (
                    a.ideal + (1.0 - theta) * b.slope * k,
                    -2.0 * a.weight * b.slope * k * k,
                )
            }
            (false, false) => unreachable!("two linear value functions make a jump"),
        };
        // At θ = 0 or 1 the division gives ±∞, which the clamp maps to the end.
        if t.is_nan() {
            (0.5 * (self.lo + self.hi), 0.0)
        } else if t <= self.lo {
            (self.lo, 0.0)
        } else if t >= self.hi {
            (self.hi, 0.0)
        } else {
            (t, rate)
        }
    }
}

/// Above how many combinations [`Frontier::best_meeting`] bounds each before
/// crossing it (below, the bounds cost about what they save).
const PRUNED_FROM: usize = 16;

/// The weights `θ` of the frontier's supporting lines that bound a
/// combination's meeting point in [`Frontier::best_meeting`]: dense near the
/// ends, where floors near an actor's best put the meeting point.
const SUPPORT_WEIGHTS: [f64; 17] = [
    1e-4, 1e-3, 0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999, 0.9999,
];

/// Which limit to take at a jump's threshold.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Limit {
    Before = 0,
    After = 1,
}

/// The two veto actors' Pareto frontier over the continuous issues: shared by
/// every combination of discrete options.
pub(crate) struct Frontier<'w> {
    world: &'w World,
    actors: [usize; 2],
    /// Whether some issue moves continuously (otherwise the path is a polyline).
    curved: bool,
    /// For a curved path, the fixed issues' utility to both actors.
    fixed_utility: [f64; 2],
    parts: Buffers,
}

/// The frontier's storage, reusable from one world to the next (see
/// [`Frontier::with_buffers`]): building a frontier then allocates nothing.
#[derive(Clone, Debug, Default)]
pub(crate) struct Buffers {
    /// Continuous issues and how each moves.
    moves: Vec<(usize, Move)>,
    /// The jumps (threshold, index in `moves`), by threshold and then issue.
    jumps: Vec<(f64, usize)>,
    /// The distinct jump thresholds, ascending, inside `(0, 1)`.
    thresholds: Vec<f64>,
    /// For a polyline: both actors' utility from the continuous issues at each
    /// vertex (vertex `j` is the outcome between thresholds `j − 1` and `j`).
    vertices: Vec<[f64; 2]>,
    /// For a curved path: each jump's threshold with both actors' utility at
    /// `b`'s end and at `a`'s, and the curved issues.
    jump_utility: Vec<(f64, [f64; 2], [f64; 2])>,
    smooth: Vec<Smooth>,
    /// For a curved path: both actors' utility from the continuous issues at
    /// θ = 0, at each jump threshold and at θ = 1, just before and just after
    /// it. Every combination and every search starts from these.
    ends: Vec<[[f64; 2]; 2]>,
    /// The discrete issues (their options come with each template).
    discrete: Vec<usize>,
}

impl<'w> Frontier<'w> {
    /// The frontier of `a` and `b` inside `space` (whose indifferent issues the
    /// caller has fixed).
    pub fn new(world: &'w World, space: &Space, a: usize, b: usize) -> Frontier<'w> {
        Frontier::with_buffers(world, space, a, b, Buffers::default())
    }

    /// [`Frontier::new`] in the storage of an earlier frontier (see
    /// [`Frontier::into_buffers`]).
    pub fn with_buffers(
        world: &'w World,
        space: &Space,
        a: usize,
        b: usize,
        mut parts: Buffers,
    ) -> Frontier<'w> {
        let (pa, pb) = (&world.actors[a], &world.actors[b]);
        parts.moves.clear();
        parts.jumps.clear();
        parts.thresholds.clear();
        parts.vertices.clear();
        parts.jump_utility.clear();
        parts.smooth.clear();
        parts.ends.clear();
        parts.discrete.clear();
        let mut curved = false;
        for (d, dimension) in world.issues.iter().enumerate() {
            if *dimension != Dimension::Continuous {
                parts.discrete.push(d);
                continue;
            }
            let movement = issue_move(pa, pb, d, space.bounds[d]);
            match movement {
                Move::Jump { at, .. } => parts.jumps.push((at, parts.moves.len())),
                Move::Smooth(_) => curved = true,
                Move::Fixed(_) => {}
            }
            parts.moves.push((d, movement));
        }
        // A stable sort: equal thresholds keep the issues' order.
        parts.jumps.sort_by(|x, y| x.0.total_cmp(&y.0));
        parts
            .thresholds
            .extend(parts.jumps.iter().map(|&(at, _)| at));
        parts.thresholds.dedup();
        let utility_at = |d: usize, t: f64| {
            [a, b].map(|i| world.actors[i].weights[d] * world.actors[i].values[d].value(t))
        };
        let mut fixed_utility = [0.0; 2];
        if curved {
            for &(d, movement) in &parts.moves {
                match movement {
                    Move::Fixed(value) => {
                        let u = utility_at(d, value);
                        fixed_utility[0] += u[0];
                        fixed_utility[1] += u[1];
                    }
                    Move::Jump { at, b_end, a_end } => {
                        parts
                            .jump_utility
                            .push((at, utility_at(d, b_end), utility_at(d, a_end)))
                    }
                    Move::Smooth(smooth) => parts.smooth.push(smooth),
                }
            }
        } else {
            // Each vertex differs from the last by the issues jumping between
            // them, taken threshold by threshold in the jumps' order.
            let mut vertex = [0.0; 2];
            for &(d, movement) in &parts.moves {
                let at = match movement {
                    Move::Fixed(value) => value,
                    Move::Jump { b_end, .. } => b_end,
                    Move::Smooth(_) => unreachable!("a polyline has no curved issue"),
                };
                let u = utility_at(d, at);
                vertex[0] += u[0];
                vertex[1] += u[1];
            }
            parts.vertices.push(vertex);
            let mut next = 0;
            for &threshold in &parts.thresholds {
                while next < parts.jumps.len() && parts.jumps[next].0 == threshold {
                    let (d, movement) = parts.moves[parts.jumps[next].1];
                    if let Move::Jump { b_end, a_end, .. } = movement {
                        for (k, &i) in [a, b].iter().enumerate() {
                            let party = &world.actors[i];
                            vertex[k] += party.weights[d]
                                * (party.values[d].value(a_end) - party.values[d].value(b_end));
                        }
                    }
                    next += 1;
                }
                parts.vertices.push(vertex);
            }
        }
        let mut frontier = Frontier {
            world,
            actors: [a, b],
            curved,
            fixed_utility,
            parts,
        };
        if curved {
            let mut ends = std::mem::take(&mut frontier.parts.ends);
            let thresholds = &frontier.parts.thresholds;
            for theta in std::iter::once(0.0)
                .chain(thresholds.iter().copied())
                .chain(std::iter::once(1.0))
            {
                let before = frontier.gains_at(theta, Limit::Before, [0.0; 2]);
                let after = if theta > 0.0 && theta < 1.0 {
                    frontier.gains_at(theta, Limit::After, [0.0; 2])
                } else {
                    before
                };
                ends.push([before, after]);
            }
            frontier.parts.ends = ends;
        }
        frontier
    }

    /// The frontier's storage, for [`Frontier::with_buffers`].
    pub fn into_buffers(self) -> Buffers {
        self.parts
    }

    /// Over the discrete combinations laid out one after another in
    /// `combinations`: the frontier point where the utility of `a` (`side` 0) or
    /// `b` (`side` 1) reaches `floor`, the best for the other actor among those
    /// that reach it (`Ok`); if none reaches it, the outcome best for the
    /// constrained actor (`Err`, `None` without combinations). Along the frontier
    /// one actor's utility only rises as the other's only falls, so each
    /// combination's crossing is the outcome best for the other that meets the
    /// floor: what a linear program with that floor would find.
    pub fn best_meeting(
        &self,
        combinations: &[f64],
        side: usize,
        floor: f64,
    ) -> Result<Vec<f64>, Option<Vec<f64>>> {
        self.meeting(combinations, side, floor, true)
    }

    /// [`Frontier::best_meeting`], with `prune`: a combination is crossed
    /// only if the most each actor can gain in it ([`Frontier::most`]) could
    /// change the answer (beat the best meeting point so far for the other
    /// actor, or, while none meets the floor, meet it or beat the nearest).
    /// The answer is the same bit for bit (a test crosses every one).
    fn meeting(
        &self,
        combinations: &[f64],
        side: usize,
        floor: f64,
        prune: bool,
    ) -> Result<Vec<f64>, Option<Vec<f64>>> {
        let need = floor - self.reservation(side);
        let other = 1 - side;
        let issues = self.world.issues.len().max(1);
        let template = |k: usize| &combinations[k * issues..(k + 1) * issues];
        // `a`'s gain rises along the frontier, `b`'s falls.
        let cross = |k: usize, outcome: &mut Vec<f64>| {
            outcome.clear();
            outcome.extend_from_slice(template(k));
            if side == 0 {
                self.crossing_into(template(k), |_, g| g[0] - need, outcome)
            } else {
                self.crossing_into(template(k), |_, g| need - g[1], outcome)
            }
        };
        let count = combinations.len() / issues;
        // Supporting lines of the continuous frontier, the same in every
        // combination: for weights `w = (θ, 1 − θ)`, every outcome has
        // `w·g ≤ w·base + S(θ)`, so one that gives `side` its floor gives the
        // other at most `(w·base + S(θ) − w_side·need) / w_other`.
        let lines: Vec<([f64; 2], f64)> = if prune && count > PRUNED_FROM {
            SUPPORT_WEIGHTS
                .iter()
                .map(|&theta| {
                    let w = [theta, 1.0 - theta];
                    let u = self.support(theta);
                    (w, w[0] * u[0] + w[1] * u[1])
                })
                .collect()
        } else {
            Vec::new()
        };
        let most_for_other = |base: [f64; 2]| {
            lines
                .iter()
                .map(|&(w, support)| {
                    (w[0] * base[0] + w[1] * base[1] + support - w[side] * need) / w[other]
                })
                .fold(f64::INFINITY, f64::min)
        };
        let mut meeting: Option<(f64, Vec<f64>)> = None;
        // The combination nearest the floor (its gain, its index) while none
        // meets it: its crossing (its end) is taken once it has won.
        let mut nearest: Option<(f64, usize)> = None;
        let mut outcome = Vec::with_capacity(issues);
        // Rounding in a crossing's gains is far below this.
        const SLACK: f64 = 1e-12;
        for k in 0..count {
            if !lines.is_empty() {
                let most = self.most(template(k));
                if most[side] < need - 2.0 * SLACK {
                    // It cannot meet the floor: the most it gives `side` is
                    // what its crossing would.
                    if meeting.is_none() && nearest.is_none_or(|(best, _)| most[side] > best) {
                        nearest = Some((most[side], k));
                    }
                    continue;
                }
                if let Some((best, _)) = &meeting
                    && most_for_other(self.base(template(k))) + 1e-9 <= *best
                {
                    continue;
                }
            }
            let gains = cross(k, &mut outcome);
            if gains[side] >= need - SLACK {
                if meeting
                    .as_ref()
                    .is_none_or(|(best, _)| gains[other] > *best)
                {
                    meeting = Some((gains[other], outcome.clone()));
                }
            } else if meeting.is_none() && nearest.is_none_or(|(best, _)| gains[side] > best) {
                nearest = Some((gains[side], k));
            }
        }
        match meeting {
            Some((_, outcome)) => Ok(outcome),
            None => Err(nearest.map(|(_, k)| {
                cross(k, &mut outcome);
                outcome
            })),
        }
    }

    /// The reservation value of `a` (side 0) or `b` (side 1): gains are counted from it.
    pub fn reservation(&self, side: usize) -> f64 {
        self.world.actors[self.actors[side]].reservation
    }

    /// Each actor's gain from the discrete options of `template`, less its
    /// reservation: what the continuous issues' utility is added to.
    fn base(&self, template: &[f64]) -> [f64; 2] {
        self.actors.map(|i| {
            let party = &self.world.actors[i];
            let discrete: f64 = self
                .parts
                .discrete
                .iter()
                .map(|&d| party.weights[d] * party.values[d].value(template[d]))
                .sum();
            discrete - party.reservation
        })
    }

    /// The gains at an outcome whose discrete part gives `base`.
    #[inline]
    fn gains_from(&self, base: [f64; 2], outcome: &[f64]) -> [f64; 2] {
        let mut gains = base;
        for &(d, _) in &self.parts.moves {
            for (k, &i) in self.actors.iter().enumerate() {
                let party = &self.world.actors[i];
                gains[k] += party.weights[d] * party.values[d].value(outcome[d]);
            }
        }
        gains
    }

    /// The gains on a curved path at `theta`, without building the outcome.
    #[inline]
    fn gains_at(&self, theta: f64, limit: Limit, base: [f64; 2]) -> [f64; 2] {
        let mut gains = self.jumps_at(theta, limit, base);
        for smooth in &self.parts.smooth {
            let t = smooth.at(theta);
            gains[0] += smooth.a.utility(t);
            gains[1] += smooth.b.utility(t);
        }
        gains
    }

    /// [`Frontier::gains_at`] and the gains' rates of change `dg/dθ` (the
    /// one-sided ones at a clipping point, taken from the side `theta` is on).
    #[inline]
    fn gains_and_rates_at(&self, theta: f64, limit: Limit, base: [f64; 2]) -> [[f64; 2]; 2] {
        let mut gains = self.jumps_at(theta, limit, base);
        let mut rates = [0.0; 2];
        for smooth in &self.parts.smooth {
            let (t, rate) = smooth.at_with_rate(theta);
            gains[0] += smooth.a.utility(t);
            gains[1] += smooth.b.utility(t);
            rates[0] += rate * smooth.a.utility_slope(t);
            rates[1] += rate * smooth.b.utility_slope(t);
        }
        [gains, rates]
    }

    /// `base` plus the utility of the issues that do not move continuously.
    #[inline]
    fn jumps_at(&self, theta: f64, limit: Limit, base: [f64; 2]) -> [f64; 2] {
        let mut gains = [
            base[0] + self.fixed_utility[0],
            base[1] + self.fixed_utility[1],
        ];
        for &(at, at_b, at_a) in &self.parts.jump_utility {
            let u = if theta > at || (theta == at && limit == Limit::After) {
                at_a
            } else {
                at_b
            };
            gains[0] += u[0];
            gains[1] += u[1];
        }
        gains
    }

    /// The polyline's crossing (see [`Frontier::crossing_into`]) from the
    /// vertices' utilities alone; only the answer is written as an outcome.
    fn polyline_crossing(
        &self,
        template: &[f64],
        phi: impl Fn(f64, [f64; 2]) -> f64,
        outcome: &mut [f64],
    ) -> [f64; 2] {
        let base = self.base(template);
        let thresholds = &self.parts.thresholds;
        let at = |j: usize| -> [f64; 2] {
            let v = self.parts.vertices[j];
            [base[0] + v[0], base[1] + v[1]]
        };
        let vertex = |j: usize, outcome: &mut [f64]| -> [f64; 2] {
            outcome.copy_from_slice(template);
            let theta = thresholds.get(j).copied().unwrap_or(1.0);
            self.fill(theta, Limit::Before, outcome);
            at(j)
        };
        if phi(0.0, at(0)) >= 0.0 {
            return vertex(0, outcome);
        }
        for (j, &threshold) in thresholds.iter().enumerate() {
            let before = phi(threshold, at(j));
            if before >= 0.0 {
                return vertex(j, outcome);
            }
            let after = phi(threshold, at(j + 1));
            if after >= 0.0 {
                // `phi` is affine along the edge: before < 0 ≤ after.
                let s = before / (before - after);
                vertex(j, outcome);
                self.along_edge(threshold, s, outcome);
                return self.gains_from(base, outcome);
            }
        }
        vertex(thresholds.len(), outcome)
    }

    /// Moves `outcome`, the frontier point just before the threshold `theta`,
    /// the fraction `s` of the way along the straight edge there: the issues
    /// that jump at `theta` go from `b`'s end towards `a`'s.
    fn along_edge(&self, theta: f64, s: f64, outcome: &mut [f64]) {
        for &(d, movement) in &self.parts.moves {
            if let Move::Jump { at, a_end, .. } = movement
                && at == theta
            {
                outcome[d] += s * (a_end - outcome[d]);
            }
        }
    }

    /// Sets the continuous issues of `outcome` to the frontier point at `theta`.
    fn fill(&self, theta: f64, limit: Limit, outcome: &mut [f64]) {
        for &(d, movement) in &self.parts.moves {
            outcome[d] = match movement {
                Move::Fixed(value) => value,
                Move::Jump { at, b_end, a_end } => {
                    if theta > at || (theta == at && limit == Limit::After) {
                        a_end
                    } else {
                        b_end
                    }
                }
                Move::Smooth(smooth) => smooth.at(theta),
            };
        }
    }

    /// The most each actor can gain in the combination `template`: `a`'s gain
    /// at the frontier's end θ = 1, `b`'s at θ = 0.
    fn most(&self, template: &[f64]) -> [f64; 2] {
        let base = self.base(template);
        let (at_b, at_a) = if self.curved {
            let ends = &self.parts.ends;
            (ends[0][0], ends[ends.len() - 1][0])
        } else {
            let vertices = &self.parts.vertices;
            (vertices[0], vertices[vertices.len() - 1])
        };
        [base[0] + at_a[0], base[1] + at_b[1]]
    }

    /// Both actors' utility from the continuous issues at a frontier point
    /// that maximises `θ·u_a + (1 − θ)·u_b` (either limit at a jump gives
    /// the same weighted sum), `θ` in (0, 1).
    fn support(&self, theta: f64) -> [f64; 2] {
        if self.curved {
            self.gains_at(theta, Limit::Before, [0.0; 2])
        } else {
            let thresholds = &self.parts.thresholds;
            self.parts.vertices[thresholds.partition_point(|&t| t < theta)]
        }
    }

    /// An upper bound on the log Nash product `Σ c_k ln g_k` of the
    /// combination `template`, from the weights `(θ, 1 − θ)`: the frontier
    /// point at `θ` maximises `θ·g_a + (1 − θ)·g_b`, say at `S`, so every
    /// outcome of the combination lies in the half-plane below that line, and
    /// over the half-plane the Nash product peaks at `g_a = c_a·S/(θ·C)`,
    /// `g_b = c_b·S/((1 − θ)·C)`, `C = c_a + c_b`. One evaluation of the
    /// frontier; `+∞` when `θ` is not inside (0, 1).
    fn nash_bound(&self, template: &[f64], c: [f64; 2], theta: f64) -> f64 {
        if !(theta > 0.0 && theta < 1.0) {
            return f64::INFINITY;
        }
        let base = self.base(template);
        let utility = self.support(theta);
        let weights = [theta, 1.0 - theta];
        let support: f64 = (0..2).map(|k| weights[k] * (base[k] + utility[k])).sum();
        if support <= 0.0 {
            return f64::NEG_INFINITY;
        }
        let total = c[0] + c[1];
        (0..2)
            .filter(|&k| c[k] > 0.0)
            .map(|k| c[k] * (c[k] * support / (weights[k] * total)).ln())
            .sum()
    }

    /// The first point of the frontier (from `b`'s best to `a`'s) where
    /// `phi(θ, g_a, g_b)` reaches 0, or the last point if it never does. `phi`
    /// must not fall along the frontier and must be affine in the gains for a
    /// fixed `θ`. `template` holds the discrete options; the point is written
    /// into `outcome` (as long as `template`), and its gains returned.
    pub fn crossing_into(
        &self,
        template: &[f64],
        phi: impl Fn(f64, [f64; 2]) -> f64,
        outcome: &mut [f64],
    ) -> [f64; 2] {
        let mut cold = f64::NAN;
        self.crossing_from(template, phi, outcome, &mut cold)
    }

    /// [`Frontier::crossing_into`] with a warm start: a root-find on a curved
    /// piece starts at `guess` if it lies inside the piece (the same
    /// function's zero for another combination: the curve is the same, only
    /// shifted), and leaves its zero there.
    fn crossing_from(
        &self,
        template: &[f64],
        phi: impl Fn(f64, [f64; 2]) -> f64,
        outcome: &mut [f64],
        guess: &mut f64,
    ) -> [f64; 2] {
        if !self.curved {
            return self.polyline_crossing(template, phi, outcome);
        }
        let base = self.base(template);
        let thresholds = &self.parts.thresholds;
        let write = |theta: f64, limit: Limit, outcome: &mut [f64]| {
            outcome.copy_from_slice(template);
            self.fill(theta, limit, outcome);
            // The same utilities as `gains_from` on the outcome, from the
            // frontier's own copy of the value functions.
            self.gains_at(theta, limit, base)
        };
        // The continuous issues' utility at the `k`-th end of a piece.
        let end_gains = |k: usize, limit: Limit| {
            let utility = self.parts.ends[k][limit as usize];
            [base[0] + utility[0], base[1] + utility[1]]
        };
        // No jump sits at θ = 0 (thresholds lie inside (0, 1)): both limits agree.
        let mut start_value = phi(0.0, end_gains(0, Limit::Before));
        if start_value >= 0.0 {
            return write(0.0, Limit::Before, outcome);
        }
        let mut start = 0.0;
        for piece in 0..=thresholds.len() {
            let end = thresholds.get(piece).copied().unwrap_or(1.0);
            // Along the piece (start, end) the curved issues move.
            let end_value = phi(end, end_gains(piece + 1, Limit::Before));
            if end_value >= 0.0 {
                let bracket = Bracket {
                    lo: start,
                    hi: end,
                    lo_value: start_value,
                    hi_value: end_value,
                };
                let theta = newton_in_bracket(bracket, *guess, self.rising(base, &phi));
                *guess = theta;
                return write(theta, Limit::Before, outcome);
            }
            if piece == thresholds.len() {
                return write(end, Limit::Before, outcome);
            }
            // The straight edge at `end`: the jumping issues move together.
            let after_value = phi(end, end_gains(piece + 1, Limit::After));
            if after_value >= 0.0 {
                // `phi` is affine along the edge: end_value < 0 ≤ after_value.
                let s = end_value / (end_value - after_value);
                outcome.copy_from_slice(template);
                self.fill(end, Limit::Before, outcome);
                self.along_edge(end, s, outcome);
                return self.gains_from(base, outcome);
            }
            start = end;
            start_value = after_value;
        }
        unreachable!("the last piece returns")
    }

    /// `phi` along the curved path and its derivative in `θ`, for
    /// [`newton_in_bracket`]: Newton's method with the analytic rate of change
    /// of the gains. `phi` is affine in `θ` for fixed gains and affine
    /// in the gains for fixed `θ`, so its total derivative is the sum of two
    /// differences that are exact up to rounding: `phi(θ + 1, g) − phi(θ, g)`
    /// and `phi(θ, g + g′) − phi(θ, g)`, `g′` the gains' rates of change.
    fn rising<'a>(
        &'a self,
        base: [f64; 2],
        phi: &'a impl Fn(f64, [f64; 2]) -> f64,
    ) -> impl FnMut(f64) -> (f64, f64) + 'a {
        move |theta| {
            let [gains, rates] = self.gains_and_rates_at(theta, Limit::After, base);
            let value = phi(theta, gains);
            let slope = (phi(theta, [gains[0] + rates[0], gains[1] + rates[1]]) - value)
                + (phi(theta + 1.0, gains) - value);
            (value, slope)
        }
    }
}

/// How issue `d` moves along the frontier of `a` and `b` within `(lo, hi)`.
fn issue_move(a: &Party, b: &Party, d: usize, (lo, hi): (f64, f64)) -> Move {
    if hi <= lo {
        return Move::Fixed(lo);
    }
    let (wa, wb) = (a.weights[d], b.weights[d]);
    let (ia, qa) = continuous_value(&a.values[d]);
    let (ib, qb) = continuous_value(&b.values[d]);
    let (end_a, end_b) = (ia.clamp(lo, hi), ib.clamp(lo, hi));
    if wa <= 0.0 && wb <= 0.0 {
        return Move::Fixed(0.5 * (lo + hi));
    }
    if wb <= 0.0 {
        return Move::Fixed(end_a);
    }
    if wa <= 0.0 || end_a == end_b {
        return Move::Fixed(end_b);
    }
    if !qa && !qb {
        return Move::Jump {
            at: wb / (wa + wb),
            b_end: end_b,
            a_end: end_a,
        };
    }
    let toward = |from: f64, to: f64| if to > from { 1.0 } else { -1.0 };
    Move::Smooth(Smooth {
        a: Side {
            weight: wa,
            ideal: ia,
            quadratic: qa,
            slope: wa * toward(end_b, end_a),
        },
        b: Side {
            weight: wb,
            ideal: ib,
            quadratic: qb,
            slope: wb * toward(end_a, end_b),
        },
        lo: end_a.min(end_b),
        hi: end_a.max(end_b),
    })
}

/// A continuous issue's ideal point and whether its value function is quadratic.
fn continuous_value(value: &ValueFn) -> (f64, bool) {
    match value {
        ValueFn::Linear(p) => (*p, false),
        ValueFn::Quadratic(p) => (*p, true),
        // A continuous issue never carries a table; treat it as flat.
        ValueFn::Table(_) => (0.5, false),
    }
}

/// The Nash point of two veto actors and whether a zone of agreement exists.
pub(crate) struct NashResult {
    /// The log Nash product and the outcome, when every gain is positive.
    pub point: Option<(f64, Vec<f64>)>,
    /// Whether some outcome gives both veto actors more than their reservation.
    pub zopa: bool,
}

/// What the frontier walk reuses from one world to the next (one per thread in
/// a Monte Carlo run): with it, a trial's Nash or Kalai–Smorodinsky point
/// allocates nothing.
#[derive(Clone, Debug, Default)]
pub(crate) struct Workspace {
    /// The veto actors of the world being solved.
    pub veto: Vec<usize>,
    /// Their joint red lines.
    pub space: Space,
    /// The discrete combinations, one template after another.
    combinations: Vec<f64>,
    frontier: Buffers,
    /// Outcomes of crossings being compared.
    here: Vec<f64>,
    probe: Vec<f64>,
}

impl Workspace {
    /// Runs `walk` on the frontier of `a` and `b` in `space`, with the
    /// combinations laid out and two outcome buffers of the world's size.
    fn walk<T>(
        &mut self,
        world: &World,
        space: &Space,
        [a, b]: [usize; 2],
        walk: impl FnOnce(&Frontier, Combinations, &mut [f64], &mut [f64]) -> T,
    ) -> T {
        space.combinations_into(world, &mut self.combinations);
        let issues = world.issues.len();
        self.here.resize(issues, 0.0);
        self.probe.resize(issues, 0.0);
        let frontier =
            Frontier::with_buffers(world, space, a, b, std::mem::take(&mut self.frontier));
        let combinations = Combinations {
            all: &self.combinations,
            issues,
            count: if space.empty {
                0
            } else {
                space.combination_count()
            },
        };
        let answer = walk(&frontier, combinations, &mut self.here, &mut self.probe);
        self.frontier = frontier.into_buffers();
        answer
    }
}

/// The templates of a space's discrete combinations (see [`Space::combinations`]).
#[derive(Clone, Copy)]
struct Combinations<'a> {
    all: &'a [f64],
    issues: usize,
    count: usize,
}

impl<'a> Combinations<'a> {
    fn iter(self) -> impl Iterator<Item = &'a [f64]> {
        (0..self.count).map(move |k| &self.all[k * self.issues..(k + 1) * self.issues])
    }
}

/// Whether the widest point (largest smallest gain) of some combination gives
/// both actors more than the tolerance: a zone of agreement.
fn widest_clears(frontier: &Frontier, combinations: Combinations, probe: &mut [f64]) -> bool {
    combinations.iter().any(|template| {
        let widest = frontier.crossing_into(template, |_, g| g[0] - g[1], probe);
        widest[0].min(widest[1]) > GAIN_TOLERANCE
    })
}

/// The asymmetric Nash solution for the two veto actors `a`, `b` with bargaining
/// weights `c` (summing to 1). A zero weight is the limit of small weights: the
/// actor is pushed down to its reservation if the other's interest asks it,
/// and since a deal must give every veto actor more than its reservation there
/// is then none.
pub(crate) fn nash(world: &World, space: &Space, actors: [usize; 2], c: [f64; 2]) -> NashResult {
    let mut outcome = Vec::new();
    let (value, zopa) = nash_in(
        world,
        space,
        actors,
        c,
        &mut Workspace::default(),
        &mut outcome,
    );
    NashResult {
        point: value.map(|value| (value, outcome)),
        zopa,
    }
}

/// [`nash`] in reused storage: the log Nash product if there is an agreement
/// (its outcome then in `outcome`), and whether a zone of agreement exists.
pub(crate) fn nash_in(
    world: &World,
    space: &Space,
    actors: [usize; 2],
    c: [f64; 2],
    work: &mut Workspace,
    outcome: &mut Vec<f64>,
) -> (Option<f64>, bool) {
    work.walk(
        world,
        space,
        actors,
        |frontier, combinations, here, probe| {
            let mut best: Option<f64> = None;
            let mut zopa = false;
            let mut guess = f64::NAN;
            for template in combinations.iter() {
                if let Some(best_value) = best
                    && frontier.nash_bound(template, c, guess) <= best_value
                {
                    // Cannot beat the best so far (and a zone is already known).
                    continue;
                }
                // No outcome of this combination gives both a gain above the
                // tolerance: it neither agrees nor shows a zone.
                if frontier.most(template).iter().any(|&g| g <= GAIN_TOLERANCE) {
                    continue;
                }
                let gains = frontier.crossing_from(
                    template,
                    |theta, g| theta * c[1] * g[0] - (1.0 - theta) * c[0] * g[1],
                    here,
                    &mut guess,
                );
                // A Nash point with both gains clear of the tolerance proves a zone of
                // agreement; otherwise the widest point decides.
                if gains[0].min(gains[1]) <= GAIN_TOLERANCE {
                    // A frontier point maximises `θ·g_a + (1 − θ)·g_b` for its
                    // `θ`: with both gains at most 0 there, every outcome of the
                    // combination has a gain at most 0.
                    if gains[0] <= 0.0 && gains[1] <= 0.0 {
                        continue;
                    }
                    let widest = frontier.crossing_into(template, |_, g| g[0] - g[1], probe);
                    if widest[0].min(widest[1]) <= GAIN_TOLERANCE {
                        continue;
                    }
                }
                zopa = true;
                if gains.iter().any(|&g| g <= 0.0) {
                    continue;
                }
                let value: f64 = c
                    .iter()
                    .zip(gains)
                    .filter(|(weight, _)| **weight > 0.0)
                    .map(|(weight, gain)| weight * gain.ln())
                    .sum();
                if best.is_none_or(|best_value| value > best_value + 1e-12) {
                    best = Some(value);
                    outcome.clear();
                    outcome.extend_from_slice(here);
                }
            }
            (best, zopa)
        },
    )
}

/// Whether a zone of agreement exists for the two veto actors.
pub(crate) fn zopa(world: &World, space: &Space, actors: [usize; 2]) -> bool {
    Workspace::default().walk(world, space, actors, |frontier, combinations, _, probe| {
        widest_clears(frontier, combinations, probe)
    })
}

/// The Kalai–Smorodinsky point of two veto actors: the outcome, each actor's
/// ideal gain, and the common share of it. `None` without a zone of agreement.
pub(crate) fn kalai_smorodinsky(
    world: &World,
    space: &Space,
    actors: [usize; 2],
) -> Option<(Vec<f64>, [f64; 2], f64)> {
    let mut outcome = Vec::new();
    let (point, _) = kalai_smorodinsky_in(
        world,
        space,
        actors,
        &mut Workspace::default(),
        &mut outcome,
    );
    let (ideal, share) = point?;
    Some((outcome, ideal, share))
}

/// [`kalai_smorodinsky`] in reused storage: each actor's ideal gain and the
/// common share, with the outcome in `outcome`; and whether a zone of
/// agreement exists.
pub(crate) fn kalai_smorodinsky_in(
    world: &World,
    space: &Space,
    actors: [usize; 2],
    work: &mut Workspace,
    outcome: &mut Vec<f64>,
) -> (Option<([f64; 2], f64)>, bool) {
    work.walk(
        world,
        space,
        actors,
        |frontier, combinations, here, probe| {
            // Ideal gains: the most each can get while the other keeps its reservation.
            let mut ideal = [f64::NEG_INFINITY; 2];
            let weakly = |g: [f64; 2]| g[0] >= -1e-12 && g[1] >= -1e-12;
            let mut guesses = [f64::NAN; 3];
            for template in combinations.iter() {
                // Below zero at its best, an actor has no ideal gain here.
                if frontier.most(template).iter().any(|&g| g < -1e-12) {
                    continue;
                }
                let for_a = frontier.crossing_from(template, |_, g| -g[1], probe, &mut guesses[0]);
                if weakly(for_a) {
                    ideal[0] = ideal[0].max(for_a[0]);
                }
                let for_b = frontier.crossing_from(template, |_, g| g[0], probe, &mut guesses[1]);
                if weakly(for_b) {
                    ideal[1] = ideal[1].max(for_b[1]);
                }
            }
            // A zone of agreement gives each actor an ideal gain above the tolerance.
            if ideal.iter().any(|&gain| gain <= GAIN_TOLERANCE) {
                return (None, false);
            }
            let mut best: Option<(f64, f64)> = None;
            for template in combinations.iter() {
                // The point below needs both gains positive.
                if frontier.most(template).iter().any(|&g| g <= 0.0) {
                    continue;
                }
                let gains = frontier.crossing_from(
                    template,
                    |_, g| g[0] / ideal[0] - g[1] / ideal[1],
                    here,
                    &mut guesses[2],
                );
                if gains.iter().any(|&g| g <= 0.0) {
                    continue;
                }
                let shares = [gains[0] / ideal[0], gains[1] / ideal[1]];
                let (share, total) = (shares[0].min(shares[1]), shares[0] + shares[1]);
                let better = best.is_none_or(|(best_share, best_total)| {
                    share > best_share + 1e-12
                        || (share > best_share - 1e-12 && total > best_total + 1e-12)
                });
                if better {
                    best = Some((share, total));
                    outcome.clear();
                    outcome.extend_from_slice(here);
                }
            }
            let Some((share, _)) = best else {
                return (None, widest_clears(frontier, combinations, probe));
            };
            // Gains clear of the tolerance prove a zone of agreement; short of that,
            // the widest point decides, as for Nash.
            let gains = frontier_gains(world, actors, outcome);
            if gains[0].min(gains[1]) <= GAIN_TOLERANCE
                && !widest_clears(frontier, combinations, probe)
            {
                return (None, false);
            }
            (Some((ideal, share)), true)
        },
    )
}

fn frontier_gains(world: &World, actors: [usize; 2], outcome: &[f64]) -> [f64; 2] {
    actors.map(|i| world.actors[i].utility(outcome) - world.actors[i].reservation)
}

#[cfg(test)]
pub(in crate::model) mod tests {
    use super::*;
    use crate::model::{bargaining_weights, fix_indifferent_issues};
    use rand::{RngExt, SeedableRng};

    /// The index of the flagship's actor `id`.
    pub(in crate::model) fn actor_index(scenario: &crate::scenario::Scenario, id: &str) -> usize {
        scenario
            .actors
            .iter()
            .position(|actor| actor.id == id)
            .unwrap_or_else(|| panic!("the flagship's {id}"))
    }

    pub(in crate::model) fn flagship() -> crate::scenario::Scenario {
        crate::scenario::parse_bytes(
            include_bytes!("../../scenarios/ukraine_2026_linear.ron"),
            "ukraine_2026_linear.ron",
        )
        .unwrap()
    }

    /// How the draws' continuous value functions are shaped.
    #[derive(Clone, Copy, Debug)]
    pub(in crate::model) enum Shapes {
        AsWritten,
        AllQuadratic,
        /// Quadratic for one actor, linear for the other, issue by issue at random.
        Mixed,
    }

    pub(in crate::model) fn reshape(world: &mut World, shapes: Shapes, rng: &mut impl rand::Rng) {
        for party in &mut world.actors {
            for value in &mut party.values {
                let quadratic = match shapes {
                    Shapes::AsWritten => continue,
                    Shapes::AllQuadratic => true,
                    Shapes::Mixed => rng.random_bool(0.5),
                };
                if let ValueFn::Linear(p) | ValueFn::Quadratic(p) = *value {
                    *value = if quadratic {
                        ValueFn::Quadratic(p)
                    } else {
                        ValueFn::Linear(p)
                    };
                }
            }
        }
    }

    /// The largest `Σ λ_i u_i(x)` over `space`, by enumeration of the discrete
    /// combinations, with the continuous issues' part maximised exactly
    /// (`solve::cuts::continuous_top`, itself checked against a grid in
    /// `model::cuts`): an independent check of the solvers.
    pub(in crate::model) fn weighted_best(
        world: &World,
        space: &Space,
        lambda: &[(usize, f64)],
    ) -> f64 {
        let (actors, weights): (Vec<usize>, Vec<f64>) = lambda.iter().copied().unzip();
        let continuous = crate::solve::cuts::continuous_top(world, space, &actors, &weights);
        let mut best = f64::NEG_INFINITY;
        space.for_each_combination(world, |template| {
            let discrete: f64 = (0..world.issues.len())
                .filter(|&d| world.issues[d] != Dimension::Continuous)
                .flat_map(|d| {
                    lambda.iter().map(move |&(i, l)| {
                        l * world.actors[i].weights[d]
                            * world.actors[i].values[d].value(template[d])
                    })
                })
                .sum();
            best = best.max(discrete + continuous);
        });
        best
    }

    fn prepared(world: &World) -> (Space, [usize; 2], [f64; 2]) {
        let veto = world.veto_actors();
        let mut space = Space::new(world, &veto);
        fix_indifferent_issues(world, &mut space, &veto);
        let c = bargaining_weights(world, &veto);
        (space, [veto[0], veto[1]], [c[0], c[1]])
    }

    fn gains(world: &World, veto: [usize; 2], x: &[f64]) -> [f64; 2] {
        veto.map(|i| world.actors[i].utility(x) - world.actors[i].reservation)
    }

    /// On thousands of random flagship draws, each with its value functions as
    /// written, all quadratic, or mixed: the frontier walk's Nash point is
    /// certified optimal by duality (with `λ_i = c_i/g_i`, it maximises
    /// `Σ λ_i u_i`, the condition for the maximum of the concave log Nash
    /// product), it is never worse than coordinate ascent's, and the two agree
    /// on whether there is an agreement.
    #[test]
    fn nash_is_certified_optimal_and_never_worse_than_the_general_solver() {
        let scenario = flagship();
        let mut agreed = 0;
        for shapes in [Shapes::AsWritten, Shapes::AllQuadratic, Shapes::Mixed] {
            let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(2026);
            for trial in 0..1500 {
                let mut world = World::sample(&scenario, &mut rng);
                reshape(&mut world, shapes, &mut rng);
                let (space, veto, c) = prepared(&world);
                let fast = nash(&world, &space, veto, c);
                let general = super::super::nash::solve_by_ascent(&world, &space, &veto, &c).point;
                let context = format!("{shapes:?} draw {trial}");
                assert_eq!(fast.point.is_some(), general.is_some(), "{context}");
                assert_eq!(fast.zopa, crate::model::zopa_exists(&world), "{context}");
                let Some((value, x)) = fast.point else {
                    continue;
                };
                agreed += 1;
                let g = gains(&world, veto, &x);
                assert!(g[0] > 0.0 && g[1] > 0.0, "{context}: zero-gain deal {g:?}");
                let lambda = [(veto[0], c[0] / g[0]), (veto[1], c[1] / g[1])];
                let at_x: f64 = lambda
                    .iter()
                    .map(|&(i, l)| l * world.actors[i].utility(&x))
                    .sum();
                // The certificate holds within the point's own discrete combination.
                let mut own = space.clone();
                for (d, options) in own.options.iter_mut().enumerate() {
                    if !options.is_empty() {
                        *options = vec![x[d] as usize];
                    }
                }
                let gap = weighted_best(&world, &own, &lambda) - at_x;
                assert!(gap <= 1e-9, "{context}: duality gap {gap:e}");
                let (general_value, _) = general.unwrap();
                assert!(
                    value >= general_value - 1e-10,
                    "{context}: {value} below coordinate ascent's {general_value}"
                );
            }
        }
        assert!(agreed > 1500, "too few agreements to test: {agreed}");
    }

    /// A veto actor's offer at a target ([`Frontier::best_meeting`]) with the
    /// combinations bounded by the frontier's supporting lines and crossed
    /// only where the bound leaves room, against crossing every one: on 40
    /// random worlds of 27 combinations (4 to 15 continuous issues, linear,
    /// quadratic and mixed), both sides, targets from easy to out of reach,
    /// the same answer to 1e-9 in both actors' utilities.
    #[test]
    fn bounded_meetings_match_crossing_every_combination() {
        let (mut met, mut missed) = (0, 0);
        for seed in 0..40u64 {
            let shape = move |j: usize, d: usize| match seed % 3 {
                0 => "Linear",
                1 => "Quadratic",
                _ if (j + d).is_multiple_of(2) => "Linear",
                _ => "Quadratic",
            };
            let world = crate::model::dual::tests::random_world(
                4 + seed as usize % 12,
                3,
                300 + seed,
                3,
                shape,
            );
            let veto = world.veto_actors();
            let space = Space::new(&world, &veto);
            let combinations = space.combinations(&world);
            let frontier = Frontier::new(&world, &space, veto[0], veto[1]);
            let utilities = |x: &[f64]| {
                veto.iter()
                    .map(|&i| world.actors[i].utility(x))
                    .collect::<Vec<_>>()
            };
            for side in 0..2 {
                for step in 0..=12 {
                    let floor = 0.3 + 0.06 * step as f64;
                    let context = format!("seed {seed}, side {side}, floor {floor}");
                    let fast = frontier.meeting(&combinations, side, floor, true);
                    let full = frontier.meeting(&combinations, side, floor, false);
                    let (x, y) = match (fast, full) {
                        (Ok(x), Ok(y)) => {
                            met += 1;
                            (x, y)
                        }
                        (Err(Some(x)), Err(Some(y))) => {
                            missed += 1;
                            (x, y)
                        }
                        (fast, full) => panic!("{context}: {fast:?} against {full:?}"),
                    };
                    for (u, v) in utilities(&x).iter().zip(utilities(&y)) {
                        assert!((u - v).abs() <= 1e-9, "{context}: {u} against {v}");
                    }
                }
            }
        }
        assert!(met > 600 && missed > 50, "{met} met, {missed} out of reach");
    }

    /// The Kalai–Smorodinsky point agrees with the linear-programming solver
    /// on the same draws: same agreements, same common share, equal shares.
    #[test]
    fn kalai_smorodinsky_matches_the_linear_programs() {
        let scenario = flagship();
        for shapes in [Shapes::AsWritten, Shapes::AllQuadratic, Shapes::Mixed] {
            let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7);
            for trial in 0..500 {
                let mut world = World::sample(&scenario, &mut rng);
                reshape(&mut world, shapes, &mut rng);
                let (space, veto, _) = prepared(&world);
                let mut outcome = Vec::new();
                let (_, zopa) = kalai_smorodinsky_in(
                    &world,
                    &space,
                    veto,
                    &mut Workspace::default(),
                    &mut outcome,
                );
                assert_eq!(zopa, crate::model::zopa_exists(&world), "draw {trial}");
                let fast = kalai_smorodinsky(&world, &space, veto);
                let general =
                    super::super::kalai_smorodinsky::solve_general(&world, &space, veto.to_vec());
                let context = format!("{shapes:?} draw {trial}");
                assert_eq!(fast.is_some(), general.is_some(), "{context}");
                let (Some((x, ideal, share)), Some(reference)) = (fast, general) else {
                    continue;
                };
                for k in 0..2 {
                    assert!(
                        (ideal[k] - reference.ideal_gains[k]).abs() < 1e-7,
                        "{context}: ideal gains {ideal:?} vs {:?}",
                        reference.ideal_gains
                    );
                }
                // The LP solver's share comes from cutting planes (to ~1e-6 with
                // curved value functions); the share its outcome actually gives
                // can never beat the frontier walk's.
                assert!(
                    (share - reference.share).abs() < 1e-5,
                    "{context}: share {share} vs {}",
                    reference.share
                );
                let actual = gains(&world, veto, &reference.outcome);
                let actual = (actual[0] / ideal[0]).min(actual[1] / ideal[1]);
                assert!(
                    actual <= share + 1e-9,
                    "{context}: LP point's share {actual} beats {share}"
                );
                let g = gains(&world, veto, &x);
                assert!(g[0] > 0.0 && g[1] > 0.0, "{context}");
                assert!(
                    (g[0] / ideal[0] - g[1] / ideal[1]).abs() < 1e-9,
                    "{context}: shares differ"
                );
            }
        }
    }

    /// The quadratic flagship as shipped.
    fn quadratic_flagship() -> crate::scenario::Scenario {
        crate::scenario::parse_bytes(
            include_bytes!("../../scenarios/ukraine_2026.ron"),
            "ukraine_2026.ron",
        )
        .unwrap()
    }

    /// On thousands of random draws of the quadratic flagship (as shipped, red
    /// lines included) and of the linear one with mixed shapes (curved pieces
    /// between jumps): on every curved piece where one of the walk's functions
    /// changes sign, the Newton root (warm-started from the previous
    /// combination's, as the walk does) gives the gains plain bisection to the
    /// last bit gives, within 1e-12, in a handful of evaluations.
    #[test]
    fn newton_roots_match_bisection_on_flagship_draws() {
        let (mut roots, mut evaluations, mut most) = (0usize, 0usize, 0usize);
        for (scenario, shapes, seed) in [
            (quadratic_flagship(), Shapes::AsWritten, 13),
            (flagship(), Shapes::Mixed, 14),
        ] {
            let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(seed);
            for trial in 0..1500 {
                let mut world = World::sample(&scenario, &mut rng);
                reshape(&mut world, shapes, &mut rng);
                let (space, [a, b], c) = prepared(&world);
                if space.empty {
                    continue;
                }
                let frontier = Frontier::new(&world, &space, a, b);
                if !frontier.curved {
                    continue;
                }
                let mut ends = vec![0.0];
                ends.extend(&frontier.parts.thresholds);
                ends.push(1.0);
                let mut guesses = [f64::NAN; 5];
                for template in space.combinations(&world).chunks_exact(world.issues.len()) {
                    let base = frontier.base(template);
                    let span = |limit, theta| frontier.gains_at(theta, limit, base);
                    let ideal = [span(Limit::Before, 1.0)[0], span(Limit::Before, 0.0)[1]];
                    let phis: [&dyn Fn(f64, [f64; 2]) -> f64; 5] = [
                        &|theta, g| theta * c[1] * g[0] - (1.0 - theta) * c[0] * g[1],
                        &|_, g| g[0] - g[1],
                        &|_, g| -g[1],
                        &|_, g| g[0],
                        &|_, g| g[0] / ideal[0] - g[1] / ideal[1],
                    ];
                    for (kind, phi) in phis.iter().enumerate() {
                        for piece in ends.windows(2) {
                            let value = |theta, limit| phi(theta, span(limit, theta));
                            let bracket = Bracket {
                                lo: piece[0],
                                hi: piece[1],
                                lo_value: value(piece[0], Limit::After),
                                hi_value: value(piece[1], Limit::Before),
                            };
                            if !(bracket.lo_value < 0.0 && bracket.hi_value >= 0.0) {
                                continue;
                            }
                            let mut count = 0;
                            let mut rising = frontier.rising(base, phi);
                            let theta = newton_in_bracket(bracket, guesses[kind], |theta| {
                                count += 1;
                                rising(theta)
                            });
                            guesses[kind] = theta;
                            let (mut lo, mut hi) = (piece[0], piece[1]);
                            loop {
                                let mid = 0.5 * (lo + hi);
                                if mid <= lo || mid >= hi {
                                    break;
                                }
                                if value(mid, Limit::After) >= 0.0 {
                                    hi = mid;
                                } else {
                                    lo = mid;
                                }
                            }
                            let (fast, exact) = (span(Limit::After, theta), span(Limit::After, hi));
                            for k in 0..2 {
                                assert!(
                                    (fast[k] - exact[k]).abs() <= 1e-12,
                                    "{shapes:?} draw {trial}, function {kind}: \
                                     {fast:?} vs {exact:?} (θ {theta} vs {hi})"
                                );
                            }
                            roots += 1;
                            evaluations += count;
                            most = most.max(count);
                        }
                    }
                }
            }
        }
        let mean = evaluations as f64 / roots as f64;
        eprintln!("{roots} roots, {mean:.2} evaluations each, at most {most}");
        // A count, not a timing: warm starts and quadratic convergence keep
        // it near four (4.2 when written); bisection alone would take ~50.
        assert!(mean < 6.0, "{mean} evaluations per root");
        assert!(roots > 10_000, "too few roots to test: {roots}");
    }

    fn two_actor_world(text: &str) -> World {
        World::nominal(&crate::scenario::parse_bytes(text.as_bytes(), "case.ron").unwrap())
    }

    /// Issue 13's first case: a red line at the edge of an issue's range must
    /// not leave one side at its reservation when an even split is open.
    #[test]
    fn a_red_line_edge_gives_the_even_split() {
        let world = two_actor_world(
            r#"Scenario(name: "edge", description: "",
              issues: [ Issue(id: "troops", name: "troops", min: 0.0, max: 1.0),
                        Issue(id: "land", name: "land", min: 0.0, max: 1.0) ],
              actors: [
                Actor(id: "a", name: "A", power: 1.0, reservation: 0.1,
                  stances: { "troops": (position: 1.0, salience: 0.5), "land": (position: 1.0, salience: 0.5) }),
                Actor(id: "b", name: "B", power: 1.0, reservation: 0.1,
                  stances: { "troops": (position: 0.0, salience: 0.5, red_line: (min: 0.0, max: 0.2)),
                             "land": (position: 0.0, salience: 0.5) }),
              ], model: Nash, trials: 10, seed: 7)"#,
        );
        let (_, x) = crate::model::solve_nash(&world).expect("an agreement");
        let u = world.utilities(&x);
        assert!(
            (u[0] - 0.5).abs() < 1e-12 && (u[1] - 0.5).abs() < 1e-12,
            "{u:?}"
        );
    }

    /// Issue 13's second case: a veto actor with no bargaining power would be
    /// held exactly at its reservation: no agreement, though a zone exists.
    #[test]
    fn a_powerless_veto_actor_gets_no_zero_gain_deal() {
        let world = two_actor_world(
            r#"Scenario(name: "zero", description: "",
              issues: [ Issue(id: "x", name: "x", min: 0.0, max: 1.0) ],
              actors: [
                Actor(id: "a", name: "A", power: 1.0, reservation: 0.0,
                  stances: { "x": (position: 1.0, salience: 1.0) }),
                Actor(id: "b", name: "B", power: 0.0, reservation: 0.2,
                  stances: { "x": (position: 0.0, salience: 1.0) }),
              ], model: Nash, trials: 10, seed: 7)"#,
        );
        assert!(crate::model::solve_nash(&world).is_none());
        assert!(crate::model::zopa_exists(&world));
        // Were the powerless actor's best still worth more than its reservation
        // at the other's ideal, the limit would be an agreement there.
        let mut relaxed = world.clone();
        relaxed.actors[1].reservation = -0.5;
        let (_, x) = crate::model::solve_nash(&relaxed).expect("an agreement");
        assert!((x[0] - 1.0).abs() < 1e-12, "{x:?}");
    }
}

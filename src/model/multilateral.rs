//! The Nash point with any number of veto actors whose value functions on the
//! free continuous issues are quadratic, through the Lagrangian dual of the
//! Nash program, in as many dimensions as there are veto actors.
//!
//! Within one combination of discrete options the veto actors' gains are
//! `g_i(x) = F_i − Σ_d w_id (x_d − p_id)²` (`F_i` collects the fixed issues,
//! the constant parts and `−r_i`), and the Nash point maximises
//! `Σ_i c_i ln g_i(x)` over the box of the joint red lines. For multipliers
//! `λ > 0` the weighted sum `Σ_i λ_i g_i(x)` is maximised issue by issue in
//! closed form: the `λ_i w_id`-weighted mean of the ideals, clipped to the
//! box (`x(λ)`). Its maximum `φ(λ)` is convex in `λ`, and the dual of the Nash
//! program is to minimise
//!
//! `D(λ) = φ(λ) − Σ_i c_i ln λ_i`  (plus a constant),
//!
//! a smooth convex function of `k` variables whose gradient is
//! `g_i(x(λ)) − c_i / λ_i` and whose Hessian is
//! `Σ_d 2 (w_d ∘ (p_d − x_d)) (w_d ∘ (p_d − x_d))ᵀ / A_d + diag(c_i / λ_i²)`
//! over the issues not clipped (`A_d = Σ_i λ_i w_id`). Newton's method with a
//! backtracking line search minimises it.
//!
//! Every answer carries its proof. At `λ`, `x(λ)` maximises `Σ_i λ_i g_i`, so
//! it satisfies the optimality conditions of the Nash program with weights
//! `c'_i = λ_i g_i(x(λ))`: where those equal `c_i` to 1e-11 relative and every
//! gain is positive, `x(λ)` is the Nash point (of weights that close to the
//! asked ones). Where `φ(λ) < 0` for some `λ ≥ 0`, no outcome gives every veto
//! actor a gain (`Σ λ_i g_i(x) ≤ φ(λ)` for every `x`): no agreement in this
//! combination. Anything else (a linear stance, a zero weight, a search that
//! does not settle) is [`Found::Unsure`], and the caller uses coordinate
//! ascent, which stays the reference.

use super::GAIN_TOLERANCE;
use super::dual::{Answer, Separable};
use super::kalai_smorodinsky::KsPoint;
use crate::solve::space::Space;
use crate::world::{Dimension, ValueFn, World};

/// The most veto actors [`kalai_smorodinsky`] takes on: it tries every set of
/// binding floors (`2^(k−1)` per actor and combination).
const MAX_VETO: usize = 6;

/// Newton steps one combination may take before it is [`Found::Unsure`]: the
/// random 3–6-veto programs of the tests took 5 to 25.
const MAX_STEPS: usize = 100;

/// How close `λ_i g_i` must come to `c_i`, relative to `c_i`.
const KKT: f64 = 1e-11;

/// What one combination holds.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Found {
    /// The Nash point: the log Nash product and the outcome.
    Best(f64, Vec<f64>),
    /// Proven: no outcome gives every veto actor a gain.
    Nothing,
    /// Not proven either way.
    Unsure,
}

/// The Nash program of the veto actors, its discrete part left open.
pub(crate) struct Quadratic<'a> {
    world: &'a World,
    veto: &'a [usize],
    /// Bargaining weights `c_i`, in the order of `veto`.
    weights: &'a [f64],
    /// The free continuous issues (`lo < hi`).
    issues: Vec<usize>,
    /// Their bounds.
    bounds: Vec<(f64, f64)>,
    /// `w[i * m + q]`, `p[i * m + q]`: veto actor `i`'s weight and ideal on
    /// free issue `q`.
    w: Vec<f64>,
    p: Vec<f64>,
    /// `x(λ)` on free issue `q` where no actor with `λ_i > 0` weighs it (any
    /// point maximises the Lagrangian there): the veto actors' ideals
    /// averaged by their weights, clipped, i.e. the limit of `x(λ)` as every
    /// multiplier that is 0 rises to the same small amount. Without it
    /// `x(λ)` was 0/0 and the dual gave up: an actor with salience 0 on one
    /// of 80 issues sent Kalai–Smorodinsky with five veto actors to the
    /// cutting planes, over 30 s instead of milliseconds.
    flat: Vec<f64>,
    /// Working space of the Newton iterations, kept from call to call so
    /// that they allocate nothing once the first has sized it.
    scratch: Scratch,
}

/// Buffers of the Newton iterations ([`Quadratic::solve`],
/// [`Quadratic::largest_share`], [`Quadratic::most_for`]).
#[derive(Default)]
struct Scratch {
    fixed: Vec<f64>,
    point: Point,
    next: Point,
    /// The multipliers and the trial multipliers of a line search.
    multipliers: Vec<f64>,
    trial: Vec<f64>,
    gradient: Vec<f64>,
    hessian: Vec<f64>,
    /// A reduced or bordered system and its solution.
    system: Vec<f64>,
    step: Vec<f64>,
    /// Per veto actor, for the Hessian.
    column: Vec<f64>,
    members: Vec<usize>,
}

/// Sizes `buffer` to `len` zeros, keeping its allocation.
fn zeros(buffer: &mut Vec<f64>, len: usize) {
    buffer.clear();
    buffer.resize(len, 0.0);
}

/// `x(λ)` and what depends on it.
#[derive(Default)]
struct Point {
    x: Vec<f64>,
    gains: Vec<f64>,
    /// `Σ_i λ_i g_i(x)`.
    phi: f64,
}

impl<'a> Quadratic<'a> {
    /// The program, if every veto actor's value function on every free
    /// continuous issue is quadratic and every bargaining weight is positive.
    pub fn new(
        world: &'a World,
        space: &Space,
        veto: &'a [usize],
        weights: &'a [f64],
    ) -> Option<Quadratic<'a>> {
        if !weights.iter().all(|&c| c > 0.0) {
            return None;
        }
        let issues: Vec<usize> = (0..world.issues.len())
            .filter(|&d| {
                world.issues[d] == Dimension::Continuous && space.bounds[d].0 < space.bounds[d].1
            })
            .collect();
        let m = issues.len();
        let mut w = vec![0.0; veto.len() * m];
        let mut p = vec![0.0; veto.len() * m];
        for (slot, &i) in veto.iter().enumerate() {
            let actor = &world.actors[i];
            for (q, &d) in issues.iter().enumerate() {
                let ValueFn::Quadratic(ideal) = actor.values[d] else {
                    return None;
                };
                w[slot * m + q] = actor.weights[d].max(0.0);
                p[slot * m + q] = ideal;
            }
        }
        // An issue no veto actor weighs would leave x(λ) undefined.
        if (0..m).any(|q| (0..veto.len()).all(|slot| w[slot * m + q] <= 0.0)) {
            return None;
        }
        let bounds: Vec<(f64, f64)> = issues.iter().map(|&d| space.bounds[d]).collect();
        let flat = (0..m)
            .map(|q| {
                let (mut a, mut n) = (0.0, 0.0);
                for slot in 0..veto.len() {
                    a += w[slot * m + q];
                    n += w[slot * m + q] * p[slot * m + q];
                }
                (n / a).clamp(bounds[q].0, bounds[q].1)
            })
            .collect();
        Some(Quadratic {
            world,
            veto,
            weights,
            issues,
            bounds,
            w,
            p,
            flat,
            scratch: Scratch::default(),
        })
    }

    /// The Nash point of the combination `template` (discrete issues set;
    /// continuous ones at their bounds' middle). `lambda` carries the
    /// multipliers from one combination to the next (empty at first).
    pub fn solve(&mut self, template: &[f64], lambda: &mut Vec<f64>) -> Found {
        let mut scratch = std::mem::take(&mut self.scratch);
        let found = self.solve_with(template, lambda, &mut scratch);
        self.scratch = scratch;
        found
    }

    /// [`Quadratic::solve`] with its buffers in `scratch`.
    fn solve_with(&self, template: &[f64], lambda: &mut Vec<f64>, scratch: &mut Scratch) -> Found {
        let k = self.veto.len();
        self.fixed(template, &mut scratch.fixed);
        let Scratch {
            fixed,
            point,
            next,
            gradient,
            hessian,
            step,
            trial,
            column,
            ..
        } = scratch;
        let c = self.weights;
        if lambda.len() != k || !lambda.iter().all(|l| l.is_finite() && *l > 0.0) {
            lambda.clear();
            lambda.extend_from_slice(c);
        }
        let dual = |point: &Point, lambda: &[f64]| {
            point.phi - (0..k).map(|i| c[i] * lambda[i].ln()).sum::<f64>()
        };
        self.evaluate(fixed, lambda, point);
        zeros(gradient, k);
        zeros(hessian, k * k);
        zeros(step, k);
        zeros(trial, k);
        for _ in 0..MAX_STEPS {
            let scale: f64 = lambda.iter().sum();
            if point.phi < -1e-12 * scale {
                return Found::Nothing;
            }
            if (0..k).all(|i| (lambda[i] * point.gains[i] - c[i]).abs() <= KKT * c[i])
                && point.gains.iter().all(|&g| g > GAIN_TOLERANCE)
            {
                let value = (0..k).map(|i| c[i] * point.gains[i].ln()).sum();
                return Found::Best(value, self.outcome(template, &point.x));
            }
            for i in 0..k {
                gradient[i] = point.gains[i] - c[i] / lambda[i];
            }
            self.hessian(lambda, point, hessian, column);
            for i in 0..k {
                hessian[i * k + i] += c[i] / (lambda[i] * lambda[i]);
            }
            if !cholesky_solve(hessian, gradient, step, k) {
                return Found::Unsure;
            }
            // Newton direction −H⁻¹∇; stay inside λ > 0.
            let mut alpha: f64 = 1.0;
            for i in 0..k {
                step[i] = -step[i];
                if step[i] < 0.0 {
                    alpha = alpha.min(0.9 * lambda[i] / -step[i]);
                }
            }
            let slope: f64 = (0..k).map(|i| gradient[i] * step[i]).sum();
            if slope.is_nan() || slope >= 0.0 {
                return Found::Unsure;
            }
            // Near the minimum `D` changes by less than its rounding: the
            // full Newton step, which converges quadratically there, without
            // a test it cannot pass.
            if -slope < 1e-12 {
                for i in 0..k {
                    lambda[i] += alpha * step[i];
                }
                self.evaluate(fixed, lambda, point);
                continue;
            }
            let before = dual(point, lambda);
            loop {
                for i in 0..k {
                    trial[i] = lambda[i] + alpha * step[i];
                }
                self.evaluate(fixed, trial, next);
                // Armijo's test of sufficient decrease.
                let after = dual(next, trial);
                if after <= before + 1e-4 * alpha * slope {
                    std::mem::swap(point, next);
                    lambda.copy_from_slice(trial);
                    break;
                }
                alpha *= 0.5;
                if alpha < 1e-12 {
                    return Found::Unsure;
                }
            }
        }
        Found::Unsure
    }

    /// `F_i` of each veto actor for the combination `template`: everything
    /// in its gain but the free issues' squared distances.
    fn fixed(&self, template: &[f64], fixed: &mut Vec<f64>) {
        let m = self.issues.len();
        fixed.clear();
        fixed.extend(self.veto.iter().enumerate().map(|(slot, &i)| {
            let actor = &self.world.actors[i];
            let mut total = -actor.reservation;
            let mut free = self.issues.iter().peekable();
            for (d, &value) in template.iter().enumerate() {
                if free.peek() == Some(&&d) {
                    free.next();
                    continue;
                }
                total += actor.weights[d] * actor.values[d].value(value);
            }
            total + (0..m).map(|q| self.w[slot * m + q]).sum::<f64>()
        }));
    }

    /// The outcome of `template` with the free issues at `x`.
    fn outcome(&self, template: &[f64], x: &[f64]) -> Vec<f64> {
        let mut outcome = template.to_vec();
        for (q, &d) in self.issues.iter().enumerate() {
            outcome[d] = x[q];
        }
        outcome
    }

    /// The largest share `t` of the ideal gains `ideal` that every veto
    /// actor can have at once in the combination `template` (`g_i ≥ t·a_i`),
    /// and the Pareto-optimal outcome that gives it. `support` carries, from
    /// one combination to the next, which actors' shares bound it. `None`
    /// without a proof.
    ///
    /// The dual of `max t` subject to `g_i(x) ≥ t·a_i` is to minimise `φ(μ)`
    /// over `μ ≥ 0` with `Σ_i μ_i a_i = 1`: for every `x`,
    /// `min_i g_i(x)/a_i ≤ Σ_i μ_i g_i(x) ≤ φ(μ)`. The actors whose share
    /// binds have `μ_i > 0` (where red lines or a lopsided frontier leave an
    /// actor above the common share, its `μ_i` is 0): each set of them is
    /// tried, the last one that worked first, by Newton's method on the
    /// optimality conditions within it (`g_i(x(μ)) = τ·a_i`). An answer is
    /// proven once `φ(μ)` exceeds the share `x(μ)` gives by at most 1e-12;
    /// `x(μ)`, the only maximiser of a sum with non-negative weights, is then
    /// Pareto-optimal.
    pub fn largest_share(
        &mut self,
        template: &[f64],
        ideal: &[f64],
        support: &mut u32,
    ) -> Option<(f64, Vec<f64>)> {
        let k = self.veto.len();
        let mut scratch = std::mem::take(&mut self.scratch);
        self.fixed(template, &mut scratch.fixed);
        let all = (1u32 << k) - 1;
        // The last set first, then from the largest down.
        let mut sets: Vec<u32> = (1..=all).rev().collect();
        sets.sort_by_key(|set| std::cmp::Reverse(set.count_ones()));
        if let Some(at) = sets.iter().position(|set| set == support) {
            sets[..=at].rotate_right(1);
        }
        let mut found = None;
        for set in sets {
            if let Some(share) = self.share_within(ideal, set, &mut scratch) {
                *support = set;
                found = Some((share, self.outcome(template, &scratch.point.x)));
                break;
            }
        }
        self.scratch = scratch;
        found
    }

    /// [`Quadratic::largest_share`] with `μ_i > 0` exactly for the actors in
    /// `set` (a bit per actor), from the fixed parts in `scratch.fixed`: the
    /// share, with its outcome's free issues in `scratch.point.x`.
    fn share_within(&self, ideal: &[f64], set: u32, scratch: &mut Scratch) -> Option<f64> {
        let k = self.veto.len();
        let Scratch {
            fixed,
            point,
            next,
            multipliers: mu,
            trial,
            gradient: solution,
            hessian,
            system,
            step,
            column,
            members,
        } = scratch;
        members.clear();
        members.extend((0..k).filter(|&i| set & (1 << i) != 0));
        let n = members.len();
        zeros(mu, k);
        for &i in members.iter() {
            mu[i] = 1.0 / (n as f64 * ideal[i]);
        }
        self.evaluate(fixed, mu, point);
        zeros(hessian, k * k);
        let width = n + 2;
        zeros(trial, k);
        for _ in 0..MAX_STEPS {
            if !point.phi.is_finite() {
                return None;
            }
            let share = (0..k)
                .map(|i| point.gains[i] / ideal[i])
                .fold(f64::INFINITY, f64::min);
            if point.phi - share <= 1e-12 * (1.0 + share.abs()) {
                return Some(share);
            }
            // Settled within the set while an actor outside it has a smaller
            // share: the set is wrong.
            let within = members
                .iter()
                .map(|&i| point.gains[i] / ideal[i])
                .fold(f64::INFINITY, f64::min);
            if point.phi - within <= 1e-12 * (1.0 + within.abs()) {
                return None;
            }
            // [H −a; aᵀ 0] [Δμ; τ] = [−g; 0] over the members.
            self.hessian(mu, point, hessian, column);
            zeros(system, (n + 1) * width);
            for (r, &i) in members.iter().enumerate() {
                for (c, &j) in members.iter().enumerate() {
                    system[r * width + c] = hessian[i * k + j];
                }
                system[r * width + n] = -ideal[i];
                system[r * width + n + 1] = -point.gains[i];
                system[n * width + r] = ideal[i];
            }
            zeros(solution, n + 1);
            if !gauss_solve(system, n + 1, solution) {
                return None;
            }
            zeros(step, k);
            for (r, &i) in members.iter().enumerate() {
                step[i] = solution[r];
            }
            let mut alpha: f64 = 1.0;
            for &i in members.iter() {
                if step[i] < 0.0 {
                    alpha = alpha.min(0.9 * mu[i] / -step[i]);
                }
            }
            let slope: f64 = (0..k).map(|i| point.gains[i] * step[i]).sum();
            if slope.is_nan() || slope > 0.0 {
                return None;
            }
            // Near the minimum `φ` changes by less than its rounding: the
            // full step, without a test it cannot pass.
            let full = -slope < 1e-14;
            loop {
                for i in 0..k {
                    trial[i] = mu[i] + alpha * step[i];
                }
                self.evaluate(fixed, trial, next);
                if full || next.phi <= point.phi + 1e-4 * alpha * slope {
                    std::mem::swap(point, next);
                    mu.copy_from_slice(trial);
                    break;
                }
                alpha *= 0.5;
                if alpha < 1e-12 {
                    return None;
                }
            }
            // A member heading for 0 belongs to a smaller set.
            let scale: f64 = mu.iter().sum();
            if members.iter().any(|&i| mu[i] < 1e-9 * scale) {
                return None;
            }
        }
        None
    }

    /// The most veto actor `i` (its slot) can gain in the combination
    /// `template` with every other veto actor at least at its reservation:
    /// `Ok(gain)` proven (to 1e-12), `Err(bound)` when no outcome proves it,
    /// with an upper bound on it (`−∞` if none was found). `floors` carries
    /// which actors' floors bind from one call to the next.
    ///
    /// The dual of `max g_i` subject to `g_j ≥ 0` is to minimise
    /// `ψ(ν) = φ(e_i + ν)` over `ν ≥ 0`: for every `x` meeting the floors,
    /// `g_i(x) ≤ g_i(x) + Σ_j ν_j g_j(x) ≤ ψ(ν)`. As for the shares, each set
    /// of binding floors is tried (the last that worked first, then from the
    /// smallest); an answer is proven when `x(e_i + ν)` meets every floor to
    /// 1e-12 and `Σ_j ν_j g_j` there is at most 1e-12.
    pub fn most_for(&mut self, template: &[f64], i: usize, floors: &mut u32) -> Result<f64, f64> {
        let k = self.veto.len();
        let mut scratch = std::mem::take(&mut self.scratch);
        self.fixed(template, &mut scratch.fixed);
        let others: Vec<usize> = (0..k).filter(|&j| j != i).collect();
        let mut sets: Vec<u32> = (0..1u32 << others.len()).collect();
        sets.sort_by_key(|set| set.count_ones());
        if let Some(at) = sets.iter().position(|set| set == floors) {
            sets[..=at].rotate_right(1);
        }
        let mut bound = f64::INFINITY;
        let mut found = Err(f64::INFINITY);
        for set in sets {
            scratch.members.clear();
            scratch.members.extend(
                (0..others.len())
                    .filter(|&b| set & (1 << b) != 0)
                    .map(|b| others[b]),
            );
            if let Some(gain) = self.most_within(i, &mut bound, &mut scratch) {
                *floors = set;
                found = Ok(gain);
                break;
            }
        }
        self.scratch = scratch;
        found.map_err(|_| bound)
    }

    /// [`Quadratic::most_for`] with `ν_j > 0` exactly for the actors in
    /// `scratch.members`, from the fixed parts in `scratch.fixed`; lowers
    /// `bound` to the smallest `ψ` seen.
    fn most_within(&self, i: usize, bound: &mut f64, scratch: &mut Scratch) -> Option<f64> {
        let k = self.veto.len();
        let Scratch {
            fixed,
            point,
            next,
            multipliers: lambda,
            trial,
            gradient,
            hessian,
            system: reduced,
            step,
            column,
            members,
        } = scratch;
        let n = members.len();
        zeros(lambda, k);
        lambda[i] = 1.0;
        for &j in members.iter() {
            lambda[j] = 1.0;
        }
        self.evaluate(fixed, lambda, point);
        zeros(hessian, k * k);
        zeros(reduced, n * n);
        zeros(gradient, n);
        zeros(step, n);
        zeros(trial, k);
        for _ in 0..MAX_STEPS {
            if !point.phi.is_finite() {
                return None;
            }
            *bound = bound.min(point.phi);
            let slack: f64 = members.iter().map(|&j| lambda[j] * point.gains[j]).sum();
            let feasible = (0..k).all(|j| j == i || point.gains[j] >= -1e-12);
            if slack.abs() <= 1e-12 && members.iter().all(|&j| point.gains[j] >= -1e-12) {
                // Settled within the set: the answer, or a floor outside the
                // set is broken and the set is wrong.
                return feasible.then_some(point.gains[i]);
            }
            if n == 0 {
                return None;
            }
            self.hessian(lambda, point, hessian, column);
            for (r, &a) in members.iter().enumerate() {
                gradient[r] = point.gains[a];
                for (c, &b) in members.iter().enumerate() {
                    reduced[r * n + c] = hessian[a * k + b];
                }
            }
            if !cholesky_solve(reduced, gradient, step, n) {
                return None;
            }
            let mut alpha: f64 = 1.0;
            for (r, &j) in members.iter().enumerate() {
                step[r] = -step[r];
                if step[r] < 0.0 {
                    alpha = alpha.min(0.9 * lambda[j] / -step[r]);
                }
            }
            let slope: f64 = (0..n).map(|r| gradient[r] * step[r]).sum();
            if slope.is_nan() || slope > 0.0 {
                return None;
            }
            let full = -slope < 1e-14;
            loop {
                trial.copy_from_slice(lambda);
                for (r, &j) in members.iter().enumerate() {
                    trial[j] += alpha * step[r];
                }
                self.evaluate(fixed, trial, next);
                if full || next.phi <= point.phi + 1e-4 * alpha * slope {
                    std::mem::swap(point, next);
                    lambda.copy_from_slice(trial);
                    break;
                }
                alpha *= 0.5;
                if alpha < 1e-12 {
                    return None;
                }
            }
            // A floor whose multiplier heads for 0 belongs to a smaller set.
            if members.iter().any(|&j| lambda[j] < 1e-12) {
                return None;
            }
        }
        None
    }

    /// `x(λ)`, the gains there and `φ(λ)`.
    fn evaluate(&self, fixed: &[f64], lambda: &[f64], point: &mut Point) {
        let m = self.issues.len();
        let Point { x, gains, phi } = point;
        gains.clear();
        gains.extend_from_slice(fixed);
        x.clear();
        x.extend((0..m).map(|q| {
            let (mut a, mut n) = (0.0, 0.0);
            for (slot, l) in lambda.iter().enumerate() {
                let weight = l * self.w[slot * m + q];
                a += weight;
                n += weight * self.p[slot * m + q];
            }
            let (lo, hi) = self.bounds[q];
            if a > 0.0 {
                (n / a).clamp(lo, hi)
            } else {
                self.flat[q]
            }
        }));
        for (slot, gain) in gains.iter_mut().enumerate() {
            for (q, &x) in x.iter().enumerate() {
                let distance = x - self.p[slot * m + q];
                *gain -= self.w[slot * m + q] * distance * distance;
            }
        }
        *phi = lambda.iter().zip(gains.iter()).map(|(l, g)| l * g).sum();
    }

    /// `φ`'s Hessian at `λ` (`k × k`, row-major), from the issues where
    /// `x(λ)` is not clipped.
    fn hessian(&self, lambda: &[f64], point: &Point, hessian: &mut [f64], v: &mut Vec<f64>) {
        let k = self.veto.len();
        let m = self.issues.len();
        hessian.fill(0.0);
        zeros(v, k);
        for q in 0..m {
            let (lo, hi) = self.bounds[q];
            let x = point.x[q];
            if x <= lo || x >= hi {
                continue;
            }
            let a: f64 = (0..k).map(|slot| lambda[slot] * self.w[slot * m + q]).sum();
            // Where no actor with a positive multiplier weighs the issue, x
            // stays at `flat` as they change: it adds nothing.
            if a <= 0.0 {
                continue;
            }
            for (slot, v) in v.iter_mut().enumerate() {
                *v = self.w[slot * m + q] * (self.p[slot * m + q] - x);
            }
            for i in 0..k {
                for j in 0..k {
                    hessian[i * k + j] += 2.0 * v[i] * v[j] / a;
                }
            }
        }
    }
}

/// The Kalai–Smorodinsky point with three to six veto actors whose value
/// functions on the free continuous issues are quadratic: `Some(None)` when
/// there is proven to be no zone of agreement, `None` when something is not
/// proven (the caller then uses the linear programs).
///
/// The zone of agreement from the Nash program of each combination (equal
/// weights: a proven point or a proven empty combination); each actor's ideal
/// gain, with three veto actors from the Lagrangian dual with the two others
/// at their reservations ([`Separable`]), with more from
/// [`Quadratic::most_for`] in each combination; the share from
/// [`Quadratic::largest_share`] in each combination, the largest winning
/// (ties to the larger sum of shares).
pub(crate) fn kalai_smorodinsky(
    world: &World,
    space: &Space,
    veto: &[usize],
) -> Option<Option<KsPoint>> {
    let k = veto.len();
    if !(3..=MAX_VETO).contains(&k) {
        return None;
    }
    let equal = vec![1.0 / k as f64; k];
    let mut program = Quadratic::new(world, space, veto, &equal)?;
    // Which combinations hold a zone of agreement (Nash points with equal
    // weights, each proven or proven empty).
    let mut holds = Vec::new();
    let mut lambda = Vec::new();
    let mut unsure = false;
    space.for_each_combination(world, |template| {
        holds.push(match program.solve(template, &mut lambda) {
            Found::Best(..) => true,
            Found::Nothing => false,
            Found::Unsure => {
                unsure = true;
                false
            }
        });
    });
    if unsure {
        return None;
    }
    if !holds.iter().any(|&h| h) {
        return Some(None);
    }
    let ideal = if k == 3 {
        ideal_gains_by_two_floors(world, space, veto)?
    } else {
        ideal_gains_by_sets(space, world, &mut program, &holds)?
    };
    if ideal.iter().any(|&a| a <= GAIN_TOLERANCE) {
        return None;
    }
    let mut best: Option<(f64, f64, Vec<f64>)> = None;
    let mut proven = true;
    let mut support = 0;
    space.for_each_combination(world, |template| {
        if !proven {
            return;
        }
        let Some((share, outcome)) = program.largest_share(template, &ideal, &mut support) else {
            proven = false;
            return;
        };
        let total: f64 = veto
            .iter()
            .zip(&ideal)
            .map(|(&i, a)| (world.actors[i].utility(&outcome) - world.actors[i].reservation) / a)
            .sum();
        let better = best.as_ref().is_none_or(|(best_share, best_total, _)| {
            share > best_share + 1e-12
                || (share >= best_share - 1e-12 && total > best_total + 1e-12)
        });
        if better {
            best = Some((share, total, outcome));
        }
    });
    if !proven {
        return None;
    }
    let (share, _, outcome) = best?;
    Some(Some(KsPoint {
        outcome,
        veto: veto.to_vec(),
        ideal_gains: ideal,
        share,
    }))
}

/// Each veto actor's ideal gain, through the Lagrangian dual with the two
/// other veto actors' reservations as floors ([`Separable`], which takes one
/// or two): `None` unless every one is proven.
fn ideal_gains_by_two_floors(world: &World, space: &Space, veto: &[usize]) -> Option<Vec<f64>> {
    let separable = Separable::new(world, space);
    let mut ideal = Vec::with_capacity(veto.len());
    for &i in veto {
        let floors: Vec<(usize, f64)> = veto
            .iter()
            .filter(|&&j| j != i)
            .map(|&j| (j, world.actors[j].reservation))
            .collect();
        let mut warm = vec![0.0; separable.warm_len()];
        let Answer::Best(best) = separable.best(&[(i, 1.0)], &floors, &mut warm) else {
            return None;
        };
        ideal.push(world.actors[i].utility(&best) - world.actors[i].reservation);
    }
    Some(ideal)
}

/// Each veto actor's ideal gain, by [`Quadratic::most_for`] in every
/// combination: those with a zone of agreement (`holds`) first, then the
/// others where their bound could beat it. `None` unless every one is proven.
fn ideal_gains_by_sets(
    space: &Space,
    world: &World,
    program: &mut Quadratic,
    holds: &[bool],
) -> Option<Vec<f64>> {
    let k = program.veto.len();
    let mut ideal = vec![f64::NEG_INFINITY; k];
    for (slot, best) in ideal.iter_mut().enumerate() {
        let mut floors = 0;
        for pass in [true, false] {
            let mut index = 0;
            let mut proven = true;
            space.for_each_combination(world, |template| {
                let here = holds[index];
                index += 1;
                if here != pass || !proven {
                    return;
                }
                match program.most_for(template, slot, &mut floors) {
                    Ok(gain) => *best = best.max(gain),
                    Err(bound) if bound <= *best => {}
                    Err(_) => proven = false,
                }
            });
            if !proven {
                return None;
            }
        }
    }
    Some(ideal)
}

/// Solves the `n × n` system whose augmented rows (`n + 1` wide) are in
/// `a`, by Gaussian elimination with partial pivoting, into `x[..n]`;
/// `false` if singular.
fn gauss_solve(a: &mut [f64], n: usize, x: &mut [f64]) -> bool {
    let width = n + 1;
    for column in 0..n {
        let Some(pivot) = (column..n).max_by(|&r, &s| {
            a[r * width + column]
                .abs()
                .total_cmp(&a[s * width + column].abs())
        }) else {
            return false;
        };
        if a[pivot * width + column].abs() < 1e-300 {
            return false;
        }
        for j in 0..width {
            a.swap(column * width + j, pivot * width + j);
        }
        for row in column + 1..n {
            let factor = a[row * width + column] / a[column * width + column];
            for j in column..width {
                a[row * width + j] -= factor * a[column * width + j];
            }
        }
    }
    for row in (0..n).rev() {
        let mut value = a[row * width + n];
        for j in row + 1..n {
            value -= a[row * width + j] * x[j];
        }
        x[row] = value / a[row * width + row];
    }
    x[..n].iter().all(|v| v.is_finite())
}

/// Solves `H s = b` for symmetric positive definite `H` (`k × k`,
/// overwritten by its Cholesky factor); `false` if `H` is not.
pub(crate) fn cholesky_solve(h: &mut [f64], b: &[f64], s: &mut [f64], k: usize) -> bool {
    for j in 0..k {
        let mut diagonal = h[j * k + j];
        for l in 0..j {
            diagonal -= h[j * k + l] * h[j * k + l];
        }
        if diagonal.is_nan() || diagonal <= 0.0 {
            return false;
        }
        let diagonal = diagonal.sqrt();
        h[j * k + j] = diagonal;
        for i in j + 1..k {
            let mut value = h[i * k + j];
            for l in 0..j {
                value -= h[i * k + l] * h[j * k + l];
            }
            h[i * k + j] = value / diagonal;
        }
    }
    // L y = b, then Lᵀ s = y.
    for i in 0..k {
        let mut value = b[i];
        for l in 0..i {
            value -= h[i * k + l] * s[l];
        }
        s[i] = value / h[i * k + i];
    }
    for i in (0..k).rev() {
        let mut value = s[i];
        for l in i + 1..k {
            value -= h[l * k + i] * s[l];
        }
        s[i] = value / h[i * k + i];
    }
    s.iter().all(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::bilateral::tests::{Shapes, actor_index, flagship, reshape};
    use crate::model::nash::solve_by_ascent;
    use crate::model::{bargaining_weights, best_min_gain, fix_indifferent_issues};
    use rand::{RngExt, SeedableRng};

    /// A draw of `scenario` with every value function quadratic, the actors
    /// `extra` given a veto too, and each veto actor's reservation raised by
    /// up to `raise` at random (combinations without a deal).
    fn draw(
        scenario: &crate::scenario::Scenario,
        extra: &[usize],
        raise: f64,
        rng: &mut rand_xoshiro::Xoshiro256PlusPlus,
    ) -> World {
        let mut world = World::sample(scenario, rng);
        reshape(&mut world, Shapes::AllQuadratic, rng);
        for &j in extra {
            world.actors[j].veto = true;
        }
        for actor in world.actors.iter_mut().filter(|actor| actor.veto) {
            actor.reservation += raise * rng.random::<f64>();
        }
        world
    }

    /// The flagship with three and four veto actors (the United States, then
    /// Europe too), on random draws with every value function quadratic, as
    /// drawn and with the veto actors' reservations raised at random: each
    /// discrete combination's answer against coordinate ascent on that
    /// combination alone (the same log Nash product
    /// to 1e-9, the same outcome to 1e-6) and, where it proves there is no
    /// agreement, against the max-min linear program.
    #[test]
    fn matches_coordinate_ascent_with_three_and_four_veto_actors() {
        let scenario = flagship();
        let extra = [
            actor_index(&scenario, "united_states"),
            actor_index(&scenario, "europe"),
        ];
        let (mut best, mut nothing, mut unsure) = (0, 0, 0);
        for (count, raise) in [(3, 0.0), (4, 0.0), (3, 0.2), (4, 0.2)] {
            let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(29);
            for trial in 0..100 {
                let world = draw(&scenario, &extra[..count - 2], raise, &mut rng);
                let veto = world.veto_actors();
                assert_eq!(veto.len(), count);
                let mut space = Space::new(&world, &veto);
                if space.empty {
                    continue;
                }
                fix_indifferent_issues(&world, &mut space, &veto);
                let c = bargaining_weights(&world, &veto);
                let Some(mut program) = Quadratic::new(&world, &space, &veto, &c) else {
                    panic!("draw {trial}: every stance is quadratic");
                };
                let mut lambda = Vec::new();
                space.for_each_combination(&world, |template| {
                    let context =
                        format!("{count} veto, raised {raise}, draw {trial}, {template:?}");
                    let mut alone = space.clone();
                    for (d, options) in alone.options.iter_mut().enumerate() {
                        if !options.is_empty() {
                            *options = vec![template[d] as usize];
                        }
                    }
                    match program.solve(template, &mut lambda) {
                        Found::Best(value, x) => {
                            best += 1;
                            let ascent = solve_by_ascent(&world, &alone, &veto, &c);
                            let Some((theirs, y)) = ascent.point else {
                                panic!("{context}: ascent found no agreement");
                            };
                            assert!(ascent.converged, "{context}");
                            assert!(
                                (value - theirs).abs() <= 1e-9,
                                "{context}: {value} against {theirs}"
                            );
                            let apart = x.iter().zip(&y).map(|(a, b)| (a - b).abs());
                            let apart = apart.fold(0.0, f64::max);
                            assert!(apart <= 1e-6, "{context}: {x:?} against {y:?}");
                        }
                        Found::Nothing => {
                            nothing += 1;
                            let widest = best_min_gain(&world, &alone, template, &veto)
                                .map_or(f64::NEG_INFINITY, |(gain, _)| gain);
                            assert!(widest <= 1e-9, "{context}: a gain of {widest} for all");
                        }
                        Found::Unsure => unsure += 1,
                    }
                });
            }
        }
        println!("{best} proven points, {nothing} proven empty, {unsure} unsure");
        assert!(
            best >= 300 && nothing >= 50,
            "{best} points, {nothing} empty"
        );
        assert!(unsure * 100 <= best + nothing, "{unsure} unsure");
    }
    /// The Kalai–Smorodinsky point with three and four veto actors (the
    /// United States given a veto too, then Europe), every value function
    /// quadratic, reservations as drawn and raised at random, against the linear programs
    /// (`kalai_smorodinsky::solve_general`): the same decision on agreement,
    /// the same ideal gains to 1e-7, a share at least what the programs'
    /// outcome gives (to 1e-12) and at most 1e-6 above the share they
    /// claim, the share the outcome gives, and an outcome within the programs'
    /// slack (1e-3), not better for every veto actor.
    #[test]
    fn kalai_smorodinsky_matches_the_linear_programs_with_three_and_four_veto_actors() {
        let scenario = flagship();
        let extra = [
            actor_index(&scenario, "united_states"),
            actor_index(&scenario, "europe"),
        ];
        let (mut agreed, mut none, mut unsure) = (0, 0, 0);
        let mut unsure_unweighed = 0;
        // `unweighed`: one veto actor gives one continuous issue no weight
        // (salience 0), which left the dual's x(λ) undefined.
        for (count, raise, unweighed) in [
            (3, 0.0, false),
            (3, 0.2, false),
            (4, 0.0, false),
            (4, 0.2, false),
            (3, 0.0, true),
            (4, 0.0, true),
        ] {
            let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(31);
            for trial in 0..100 {
                let mut world = draw(&scenario, &extra[..count - 2], raise, &mut rng);
                let veto = world.veto_actors();
                if unweighed {
                    let continuous: Vec<usize> = (0..world.issues.len())
                        .filter(|&d| world.issues[d] == Dimension::Continuous)
                        .collect();
                    let actor = &mut world.actors[veto[trial % count]];
                    actor.weights[continuous[trial % continuous.len()]] = 0.0;
                    let total: f64 = actor.weights.iter().sum();
                    actor.weights.iter_mut().for_each(|w| *w /= total);
                }
                let mut space = Space::new(&world, &veto);
                if space.empty {
                    continue;
                }
                fix_indifferent_issues(&world, &mut space, &veto);
                let context = format!("{count} veto, raised {raise}, draw {trial}");
                let general =
                    crate::model::kalai_smorodinsky::solve_general(&world, &space, veto.clone());
                match (kalai_smorodinsky(&world, &space, &veto), general) {
                    (None, _) => {
                        unsure += 1;
                        unsure_unweighed += usize::from(unweighed);
                    }
                    (Some(None), None) => none += 1,
                    (Some(Some(ours)), Some(theirs)) => {
                        agreed += 1;
                        for (a, b) in ours.ideal_gains.iter().zip(&theirs.ideal_gains) {
                            assert!(
                                (a - b).abs() <= 1e-7,
                                "{context}: ideal gain {a} against {b}"
                            );
                        }
                        // The programs' cuts overstate curved utilities by up to
                        // 1e-9: their share, divided by ideal gains of a few
                        // hundredths, may claim 1e-7 more than their outcome gives.
                        let theirs_given = theirs
                            .shares(&world)
                            .into_iter()
                            .fold(f64::INFINITY, f64::min);
                        assert!(
                            ours.share >= theirs_given - 1e-12 && ours.share <= theirs.share + 1e-6,
                            "{context}: share {} against {} (their outcome gives {})",
                            ours.share,
                            theirs.share,
                            theirs_given
                        );
                        let given = ours
                            .shares(&world)
                            .into_iter()
                            .fold(f64::INFINITY, f64::min);
                        assert!((given - ours.share).abs() <= 1e-12, "{context}: {given}");
                        // The programs leave 1e-8 of slack in the shares, and near
                        // the point utility is flat to first order: positions may
                        // move by about its square root.
                        let apart = ours.outcome.iter().zip(&theirs.outcome);
                        let apart = apart.map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
                        assert!(
                            apart <= 1e-3,
                            "{context}: {:?} against {:?}",
                            ours.outcome,
                            theirs.outcome
                        );
                        // And theirs is no better for every veto actor.
                        let better = veto.iter().all(|&i| {
                            let actor = &world.actors[i];
                            actor.utility(&theirs.outcome) > actor.utility(&ours.outcome) + 1e-9
                        });
                        assert!(!better, "{context}: dominated by the programs' outcome");
                    }
                    (ours, theirs) => panic!("{context}: {ours:?} against {theirs:?}"),
                }
            }
        }
        println!(
            "{agreed} agreements, {none} without, {unsure} unsure ({unsure_unweighed} with an \
             issue unweighed)"
        );
        assert!(
            agreed >= 100 && none >= 30,
            "{agreed} agreements, {none} without"
        );
        assert!(unsure * 20 <= agreed + none, "{unsure} unsure");
        // Before x(λ) had a value on unweighed issues, 19 of these 200 draws
        // went unproven (to the linear programs); now 1.
        assert!(
            unsure_unweighed <= 5,
            "{unsure_unweighed} unsure with an issue unweighed"
        );
    }
}

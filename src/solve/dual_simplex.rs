//! A dual simplex for linear programs with few variables and many rows.
//!
//! The cutting-plane solver ([`super::cuts`]) works in the space of the issues
//! themselves: a few dozen variables at most, but rows (cuts) that keep coming.
//! A vertex there is fixed by `n` active constraints (rows or variable bounds),
//! so the basis is an `n × n` matrix however many rows there are, and its
//! inverse is kept dense and refreshed from scratch every few pivots. Rows added
//! after a solve leave the basis dual feasible (the multipliers do not change),
//! so the next solve starts where the last one stopped: each round of cuts costs
//! a few pivots, not a fresh solve.
//!
//! Problem form: maximise `c·y` subject to `lower ≤ y ≤ upper` (finite bounds)
//! and rows `a·y ≤ b`. The all-bounds basis (each variable at the bound its
//! objective coefficient favours) is dual feasible, so no phase one is needed.
//! Pivots take the most violated row (scaled by its norm) and, after a run of
//! degenerate pivots, Bland's smallest-index rule, which cannot cycle.

/// A row counts as broken when it is violated by more than this (after scaling
/// the row to unit norm).
const FEASIBILITY_TOLERANCE: f64 = 1e-10;
/// Smaller entries of the pivot column are treated as zero.
const PIVOT_TOLERANCE: f64 = 1e-9;
/// The basis inverse is recomputed from the basis this often.
const REFACTOR_EVERY: usize = 16;
/// Degenerate pivots in a row before Bland's rule takes over.
const DEGENERATE_RUN: usize = 30;
/// Pivots in one solve after which Bland's rule takes over for good: rounding
/// can make tiny steps that are not quite degenerate go round in circles.
const LONG_SOLVE: usize = 1_000;

/// How a solve ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Optimal,
    Infeasible,
    /// The pivot limit was reached or the basis became singular.
    Failed,
}

/// One constraint of the basis: a variable at a bound, or a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Active {
    Upper(usize),
    Lower(usize),
    Row(usize),
}

/// A linear program over a few bounded variables, solved by the dual simplex.
#[derive(Clone, Debug)]
pub struct DualSimplex {
    vars: usize,
    objective: Vec<f64>,
    lower: Vec<f64>,
    upper: Vec<f64>,
    /// Row normals, `vars` entries per row, scaled to unit length.
    rows: Vec<f64>,
    bounds: Vec<f64>,
    /// Each row's length as given (rows are kept at unit length).
    norms: Vec<f64>,
    basis: Vec<Active>,
    /// The inverse of the matrix whose rows are the basis normals (row-major).
    inverse: Vec<f64>,
    pivots_since_refactor: usize,
}

impl DualSimplex {
    /// A program with the given objective and variable bounds (each finite,
    /// `lower ≤ upper`), and no rows yet.
    pub fn new(objective: Vec<f64>, lower: Vec<f64>, upper: Vec<f64>) -> DualSimplex {
        let vars = objective.len();
        let basis = (0..vars)
            .map(|j| {
                if objective[j] > 0.0 {
                    Active::Upper(j)
                } else {
                    Active::Lower(j)
                }
            })
            .collect();
        let mut solver = DualSimplex {
            vars,
            objective,
            lower,
            upper,
            rows: Vec::new(),
            bounds: Vec::new(),
            norms: Vec::new(),
            basis,
            inverse: vec![0.0; vars * vars],
            pivots_since_refactor: 0,
        };
        solver.refactor();
        solver
    }

    /// Adds the row `Σ coefficients[j]·y[j] ≤ bound`. A row of zeros is dropped
    /// if it holds and kept (making the program infeasible) if it does not.
    pub fn add_row(&mut self, coefficients: &[f64], bound: f64) {
        let norm = coefficients.iter().map(|c| c * c).sum::<f64>().sqrt();
        if norm == 0.0 {
            if bound >= 0.0 {
                return;
            }
            // Keep the impossible row `0 ≤ bound`: it makes the program infeasible.
            self.rows.extend(std::iter::repeat_n(0.0, self.vars));
            self.bounds.push(bound);
            self.norms.push(1.0);
            return;
        }
        self.rows.extend(coefficients.iter().map(|c| c / norm));
        self.bounds.push(bound / norm);
        self.norms.push(norm);
    }

    /// Each row's multiplier at the current basis, for the row as it was
    /// given to [`DualSimplex::add_row`] (rows outside the basis have none):
    /// the objective is `Σ multiplier · row` plus the bounds' part, so after
    /// an optimal solve the multipliers of `≤` rows are non-negative (up to
    /// rounding) and price each row.
    pub fn row_multipliers(&self) -> Vec<(usize, f64)> {
        let n = self.vars;
        self.basis
            .iter()
            .enumerate()
            .filter_map(|(slot, &active)| match active {
                Active::Row(k) => {
                    let multiplier: f64 = (0..n)
                        .map(|i| self.inverse[i * n + slot] * self.objective[i])
                        .sum();
                    Some((k, multiplier / self.norms[k]))
                }
                _ => None,
            })
            .collect()
    }

    /// How many rows have been added (a row of zeros that holds is dropped).
    pub fn rows(&self) -> usize {
        self.bounds.len()
    }

    /// The current vertex.
    pub fn point(&self) -> Vec<f64> {
        let mut point = vec![0.0; self.vars];
        self.write_point(&mut point, &mut vec![0.0; self.vars]);
        point
    }

    /// Writes the current vertex `M⁻¹·b` into `point`, using `rhs` as scratch.
    fn write_point(&self, point: &mut [f64], rhs: &mut [f64]) {
        let n = self.vars;
        for (value, &active) in rhs.iter_mut().zip(&self.basis) {
            *value = self.rhs(active);
        }
        for (i, value) in point.iter_mut().enumerate() {
            let row = &self.inverse[i * n..(i + 1) * n];
            *value = row.iter().zip(&*rhs).map(|(entry, b)| entry * b).sum();
        }
    }

    /// Solves from the current basis.
    pub fn solve(&mut self, max_pivots: usize) -> Status {
        let n = self.vars;
        let mut degenerate_run = 0;
        let (mut point, mut normal, mut rhs) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
        let (mut alpha, mut lambda) = (vec![0.0; n], vec![0.0; n]);
        for pivot in 0..max_pivots {
            if self.pivots_since_refactor >= REFACTOR_EVERY && !self.refactor() {
                return Status::Failed;
            }
            self.write_point(&mut point, &mut rhs);
            let bland = degenerate_run >= DEGENERATE_RUN || pivot >= LONG_SOLVE;
            let Some(entering) = self.violated(&point, bland) else {
                return Status::Optimal;
            };
            self.write_normal(entering, &mut normal);
            // α = M⁻ᵀ a_q and λ = M⁻ᵀ c: the entering normal and the objective in
            // terms of the basis normals.
            alpha.fill(0.0);
            lambda.fill(0.0);
            for (i, (normal_i, objective_i)) in normal.iter().zip(&self.objective).enumerate() {
                let row = &self.inverse[i * n..(i + 1) * n];
                for ((a, l), entry) in alpha.iter_mut().zip(lambda.iter_mut()).zip(row) {
                    *a += entry * normal_i;
                    *l += entry * objective_i;
                }
            }
            let Some((leaving, ratio)) = self.ratio_test(&alpha, &lambda, bland) else {
                // No multiplier limits the step: the entering row cannot be met
                // together with the basis rows, whose combination it is.
                return Status::Infeasible;
            };
            degenerate_run = if ratio <= 1e-14 {
                degenerate_run + 1
            } else {
                0
            };
            self.basis[leaving] = entering;
            self.update_inverse(&alpha, leaving);
        }
        Status::Failed
    }

    /// The most violated constraint (or, under Bland's rule, the first one).
    fn violated(&self, point: &[f64], bland: bool) -> Option<Active> {
        let mut worst: Option<(Active, f64)> = None;
        let mut consider = |active: Active, violation: f64| {
            if violation > FEASIBILITY_TOLERANCE
                && worst.is_none_or(|(_, v)| !bland && violation > v)
            {
                worst = Some((active, violation));
            }
        };
        // Visited in Bland's order (see `order`).
        for (j, &value) in point.iter().enumerate() {
            consider(Active::Upper(j), value - self.upper[j]);
        }
        for (j, &value) in point.iter().enumerate() {
            consider(Active::Lower(j), self.lower[j] - value);
        }
        for (k, bound) in self.bounds.iter().enumerate() {
            let row = &self.rows[k * self.vars..(k + 1) * self.vars];
            let lhs: f64 = row.iter().zip(point).map(|(a, y)| a * y).sum();
            consider(Active::Row(k), lhs - bound);
        }
        worst.map(|(active, _)| active)
    }

    /// The basis slot that leaves when the entering constraint's multiplier grows:
    /// the one whose multiplier reaches zero first. Among near ties the largest
    /// pivot element wins (a stable pivot), or under Bland's rule the smallest index.
    fn ratio_test(&self, alpha: &[f64], lambda: &[f64], bland: bool) -> Option<(usize, f64)> {
        let ratio = |s: usize| lambda[s].max(0.0) / alpha[s];
        let smallest = (0..self.vars)
            .filter(|&s| alpha[s] > PIVOT_TOLERANCE)
            .map(ratio)
            .fold(f64::INFINITY, f64::min);
        if !smallest.is_finite() {
            return None;
        }
        let mut best: Option<usize> = None;
        for s in (0..self.vars).filter(|&s| alpha[s] > PIVOT_TOLERANCE) {
            if ratio(s) > smallest + 1e-12 * (1.0 + smallest) {
                continue;
            }
            let better = match best {
                None => true,
                Some(b) if bland => self.order(self.basis[s]) < self.order(self.basis[b]),
                Some(b) => alpha[s] > alpha[b],
            };
            if better {
                best = Some(s);
            }
        }
        best.map(|s| (s, ratio(s)))
    }

    /// Replaces basis slot `leaving`: `M' = E·M` with `E` the identity whose row
    /// `leaving` is `αᵀ`, so `M'⁻¹ = M⁻¹·E⁻¹`.
    fn update_inverse(&mut self, alpha: &[f64], leaving: usize) {
        let n = self.vars;
        let pivot = alpha[leaving];
        for i in 0..n {
            let column_r = self.inverse[i * n + leaving] / pivot;
            for (s, &a) in alpha.iter().enumerate() {
                if s != leaving {
                    self.inverse[i * n + s] -= a * column_r;
                }
            }
            self.inverse[i * n + leaving] = column_r;
        }
        self.pivots_since_refactor += 1;
    }

    /// Recomputes the basis inverse by Gauss–Jordan elimination with partial
    /// pivoting; false if the basis is singular.
    fn refactor(&mut self) -> bool {
        let n = self.vars;
        let mut matrix = vec![0.0; n * n];
        for (s, &active) in self.basis.iter().enumerate() {
            self.write_normal(active, &mut matrix[s * n..(s + 1) * n]);
        }
        let mut inverse = vec![0.0; n * n];
        for i in 0..n {
            inverse[i * n + i] = 1.0;
        }
        for col in 0..n {
            let Some(pivot_row) = (col..n).max_by(|&a, &b| {
                matrix[a * n + col]
                    .abs()
                    .total_cmp(&matrix[b * n + col].abs())
            }) else {
                return false;
            };
            let pivot = matrix[pivot_row * n + col];
            if pivot.abs() < 1e-12 {
                return false;
            }
            for k in 0..n {
                matrix.swap(col * n + k, pivot_row * n + k);
                inverse.swap(col * n + k, pivot_row * n + k);
            }
            for k in 0..n {
                matrix[col * n + k] /= pivot;
                inverse[col * n + k] /= pivot;
            }
            for row in (0..n).filter(|&r| r != col) {
                let factor = matrix[row * n + col];
                if factor != 0.0 {
                    for k in 0..n {
                        matrix[row * n + k] -= factor * matrix[col * n + k];
                        inverse[row * n + k] -= factor * inverse[col * n + k];
                    }
                }
            }
        }
        self.inverse = inverse;
        self.pivots_since_refactor = 0;
        true
    }

    fn write_normal(&self, active: Active, out: &mut [f64]) {
        match active {
            Active::Upper(j) | Active::Lower(j) => {
                out.fill(0.0);
                out[j] = if matches!(active, Active::Upper(_)) {
                    1.0
                } else {
                    -1.0
                };
            }
            Active::Row(k) => out.copy_from_slice(&self.rows[k * self.vars..(k + 1) * self.vars]),
        }
    }

    fn rhs(&self, active: Active) -> f64 {
        match active {
            Active::Upper(j) => self.upper[j],
            Active::Lower(j) => -self.lower[j],
            Active::Row(k) => self.bounds[k],
        }
    }

    /// Bland's order: bounds first, then rows in the order they were added.
    fn order(&self, active: Active) -> usize {
        match active {
            Active::Upper(j) => j,
            Active::Lower(j) => self.vars + j,
            Active::Row(k) => 2 * self.vars + k,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::lp::{Lp, LpResult};

    #[test]
    fn textbook_program() {
        // max 3x + 5y, x ≤ 4, 2y ≤ 12, 3x + 2y ≤ 18 (bounds 0..100) → (2, 6).
        let mut lp = DualSimplex::new(vec![3.0, 5.0], vec![0.0; 2], vec![100.0; 2]);
        lp.add_row(&[1.0, 0.0], 4.0);
        lp.add_row(&[0.0, 2.0], 12.0);
        lp.add_row(&[3.0, 2.0], 18.0);
        assert_eq!(lp.solve(100), Status::Optimal);
        let y = lp.point();
        assert!(
            (y[0] - 2.0).abs() < 1e-12 && (y[1] - 6.0).abs() < 1e-12,
            "{y:?}"
        );
    }

    #[test]
    fn rows_added_later_continue_from_the_last_basis() {
        // max x + y on the unit box, then x + y ≤ 1.5, then x − y ≥ 0.5 → (1, 0.5).
        let mut lp = DualSimplex::new(vec![1.0, 1.0], vec![0.0; 2], vec![1.0; 2]);
        assert_eq!(lp.solve(100), Status::Optimal);
        assert_eq!(lp.point(), vec![1.0, 1.0]);
        lp.add_row(&[1.0, 1.0], 1.5);
        assert_eq!(lp.solve(100), Status::Optimal);
        let y = lp.point();
        assert!((y[0] + y[1] - 1.5).abs() < 1e-12, "{y:?}");
        lp.add_row(&[-1.0, 1.0], -0.5);
        assert_eq!(lp.solve(100), Status::Optimal);
        let y = lp.point();
        assert!(
            (y[0] - 1.0).abs() < 1e-12 && (y[1] - 0.5).abs() < 1e-12,
            "{y:?}"
        );
    }

    #[test]
    fn detects_infeasible_programs() {
        // x + y ≥ 3 on the unit box.
        let mut lp = DualSimplex::new(vec![1.0, 0.0], vec![0.0; 2], vec![1.0; 2]);
        lp.add_row(&[-1.0, -1.0], -3.0);
        assert_eq!(lp.solve(100), Status::Infeasible);
        let mut impossible = DualSimplex::new(vec![1.0], vec![0.0], vec![1.0]);
        impossible.add_row(&[0.0], -1.0);
        assert_eq!(impossible.solve(100), Status::Infeasible);
    }

    proptest::proptest! {
        /// Random bounded programs, solved in two batches of rows, agree with the
        /// dense two-phase tableau on the optimal value and on feasibility.
        #[test]
        fn agrees_with_the_tableau(
            n in 1usize..6,
            rows in proptest::collection::vec((proptest::collection::vec(-2.0..2.0f64, 6), -1.0..3.0f64), 1..16),
            objective in proptest::collection::vec(-1.0..1.0f64, 6),
            split in 0usize..16,
        ) {
            let mut dual = DualSimplex::new(objective[..n].to_vec(), vec![-1.0; n], vec![2.0; n]);
            let mut dense = Lp::new(n);
            for (var, &c) in objective.iter().take(n).enumerate() {
                dense.set_objective(var, c);
                // The tableau's variables are ≥ 0: shift y = x − 1 onto [0, 3].
                dense.less_equal(vec![(var, 1.0)], 3.0);
            }
            let mut status = Status::Optimal;
            for (k, (coefficients, bound)) in rows.iter().enumerate() {
                if k == split {
                    status = dual.solve(1_000);
                }
                dual.add_row(&coefficients[..n], *bound);
                let shifted = bound + coefficients[..n].iter().sum::<f64>();
                dense.less_equal(coefficients[..n].iter().copied().enumerate().collect(), shifted);
            }
            if status != Status::Infeasible {
                status = dual.solve(1_000);
            }
            match dense.maximize() {
                LpResult::Optimal { value, .. } => {
                    proptest::prop_assert_eq!(status, Status::Optimal);
                    let y = dual.point();
                    let ours: f64 = objective.iter().zip(&y).map(|(c, v)| c * v).sum();
                    let theirs = value - objective[..n].iter().sum::<f64>();
                    proptest::prop_assert!((ours - theirs).abs() < 1e-9, "{} vs {}", ours, theirs);
                    for (coefficients, bound) in &rows {
                        let lhs: f64 = coefficients.iter().zip(&y).map(|(a, v)| a * v).sum();
                        proptest::prop_assert!(lhs <= bound + 1e-9);
                    }
                }
                LpResult::Infeasible => proptest::prop_assert_eq!(status, Status::Infeasible),
                LpResult::Unbounded => unreachable!("the box bounds every variable"),
            }
        }
    }
}

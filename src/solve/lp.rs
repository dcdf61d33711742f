//! A small dense linear-programming solver (two-phase simplex).
//!
//! The bargaining problems zopa solves are tiny (tens of variables and rows), and
//! for linear value functions the max-min problems behind the zone of agreement
//! and the Kalai–Smorodinsky point are exactly linear programs. A dense tableau
//! is the simplest exact tool at that size. Pivoting uses Dantzig's rule and
//! falls back to Bland's rule (which cannot cycle) after a run of degenerate pivots.
//!
//! Problem form: maximise `c·x` subject to `A x ≤ b` and `x ≥ 0`, where `b` may
//! have any sign.

/// Reduced costs below this do not improve the objective.
const EPS: f64 = 1e-11;
/// Smaller pivot elements are treated as zero (pivoting on them amplifies rounding).
const PIVOT_EPS: f64 = 1e-9;
const MAX_PIVOTS: usize = 5_000;
/// How far an answer may break a row before it is distrusted: far above the
/// rounding a dense tableau accumulates over a hundred rows (about 1e-6), far
/// below a wrong pivot's damage.
const FEASIBILITY_EPS: f64 = 1e-5;

/// The result of a linear program.
#[derive(Clone, Debug, PartialEq)]
pub enum LpResult {
    /// An optimal point and the objective's value there.
    Optimal { x: Vec<f64>, value: f64 },
    /// No point satisfies the constraints.
    Infeasible,
    /// The objective grows without bound.
    Unbounded,
}

/// A linear program under construction.
#[derive(Clone, Debug, Default)]
pub struct Lp {
    vars: usize,
    objective: Vec<f64>,
    rows: Vec<(Vec<(usize, f64)>, f64)>,
}

impl Lp {
    /// A program over `vars` non-negative variables, objective zero.
    pub fn new(vars: usize) -> Lp {
        Lp {
            vars,
            objective: vec![0.0; vars],
            rows: Vec::new(),
        }
    }

    /// Sets the coefficient of variable `var` in the objective (to maximise).
    pub fn set_objective(&mut self, var: usize, coefficient: f64) {
        self.objective[var] = coefficient;
    }

    /// Adds `Σ coefficient·x[var] ≤ bound`.
    pub fn less_equal(&mut self, terms: Vec<(usize, f64)>, bound: f64) {
        self.rows.push((terms, bound));
    }

    /// Adds `Σ coefficient·x[var] ≥ bound`.
    pub fn greater_equal(&mut self, terms: Vec<(usize, f64)>, bound: f64) {
        let negated = terms.into_iter().map(|(var, c)| (var, -c)).collect();
        self.rows.push((negated, -bound));
    }

    /// The largest amount by which `x` breaks a row or a sign constraint.
    pub fn max_violation(&self, x: &[f64]) -> f64 {
        let rows = self
            .rows
            .iter()
            .map(|(terms, bound)| terms.iter().map(|(v, c)| c * x[*v]).sum::<f64>() - bound);
        rows.chain(x.iter().map(|v| -v)).fold(0.0, f64::max)
    }

    /// Solves the program.
    ///
    /// An answer is checked against every row. Should rounding ever leave it
    /// infeasible, the program is solved again by Bland's rule; if that fails too,
    /// it is reported as infeasible rather than passing on a wrong point.
    pub fn maximize(&self) -> LpResult {
        let result = Tableau::new(self).solve(&self.objective);
        match &result {
            LpResult::Optimal { x, .. } if self.max_violation(x) > FEASIBILITY_EPS => {
                let mut careful = Tableau::new(self);
                careful.bland_only = true;
                match careful.solve(&self.objective) {
                    LpResult::Optimal { x, value } if self.max_violation(&x) <= FEASIBILITY_EPS => {
                        LpResult::Optimal { x, value }
                    }
                    _ => LpResult::Infeasible,
                }
            }
            _ => result,
        }
    }
}

struct Tableau {
    rows: usize,
    /// Columns: structural variables, one slack per row, one artificial per
    /// row that needed one, then the right-hand side.
    width: usize,
    vars: usize,
    artificial_start: usize,
    cells: Vec<f64>,
    basis: Vec<usize>,
    /// Pivot by Bland's rule throughout (slow, but immune to cycling).
    bland_only: bool,
}

impl Tableau {
    fn new(lp: &Lp) -> Tableau {
        let rows = lp.rows.len();
        let needs_artificial: Vec<bool> = lp.rows.iter().map(|(_, bound)| *bound < 0.0).collect();
        let artificials = needs_artificial.iter().filter(|&&a| a).count();
        let artificial_start = lp.vars + rows;
        let width = artificial_start + artificials + 1;
        let mut cells = vec![0.0; rows * width];
        let mut basis = vec![0; rows];
        let mut next_artificial = artificial_start;
        for (r, (terms, bound)) in lp.rows.iter().enumerate() {
            let sign = if needs_artificial[r] { -1.0 } else { 1.0 };
            let row = &mut cells[r * width..(r + 1) * width];
            for &(var, coefficient) in terms {
                row[var] += sign * coefficient;
            }
            row[lp.vars + r] = sign;
            row[width - 1] = sign * bound;
            if needs_artificial[r] {
                row[next_artificial] = 1.0;
                basis[r] = next_artificial;
                next_artificial += 1;
            } else {
                basis[r] = lp.vars + r;
            }
        }
        Tableau {
            rows,
            width,
            vars: lp.vars,
            artificial_start,
            cells,
            basis,
            bland_only: false,
        }
    }

    fn at(&self, r: usize, c: usize) -> f64 {
        self.cells[r * self.width + c]
    }

    /// Reduced costs `c_j − c_B B⁻¹ A_j` for a cost vector over all columns.
    fn reduced_costs(&self, cost: &[f64]) -> Vec<f64> {
        let mut reduced = cost.to_vec();
        for r in 0..self.rows {
            let cb = cost[self.basis[r]];
            if cb != 0.0 {
                for (c, value) in reduced.iter_mut().enumerate() {
                    *value -= cb * self.at(r, c);
                }
            }
        }
        reduced
    }

    fn pivot(&mut self, row: usize, col: usize, reduced: &mut [f64]) {
        let width = self.width;
        let pivot = self.at(row, col);
        for c in 0..width {
            self.cells[row * width + c] /= pivot;
        }
        for r in 0..self.rows {
            if r != row {
                let factor = self.at(r, col);
                if factor != 0.0 {
                    for c in 0..width {
                        let delta = factor * self.cells[row * width + c];
                        self.cells[r * width + c] -= delta;
                    }
                }
            }
        }
        let factor = reduced[col];
        if factor != 0.0 {
            for (c, value) in reduced.iter_mut().enumerate() {
                *value -= factor * self.cells[row * width + c];
            }
        }
        self.basis[row] = col;
    }

    /// Runs simplex iterations for the given reduced costs; columns at or past
    /// `allowed` may not enter. Returns false if unbounded.
    fn iterate(&mut self, reduced: &mut [f64], allowed: usize) -> Option<bool> {
        let rhs = self.width - 1;
        let mut degenerate_run = 0;
        for _ in 0..MAX_PIVOTS {
            let bland = self.bland_only || degenerate_run > 50;
            let mut entering = None;
            let mut best = EPS;
            for (c, &value) in reduced.iter().enumerate().take(allowed) {
                if value > best {
                    entering = Some(c);
                    if bland {
                        break;
                    }
                    best = value;
                }
            }
            let Some(col) = entering else {
                return Some(true);
            };
            // Two-pass ratio test (after Harris): find the smallest ratio, then among
            // rows within a hair of it pivot on the largest element, which keeps
            // rounding small. Under Bland's rule, ties go to the lowest basic index.
            let mut min_ratio = f64::INFINITY;
            for r in 0..self.rows {
                let a = self.at(r, col);
                if a > PIVOT_EPS {
                    // Rounding can leave a basic value a hair below zero; it is zero.
                    min_ratio = min_ratio.min(self.at(r, rhs).max(0.0) / a);
                }
            }
            let mut leaving: Option<(usize, f64)> = None;
            for r in 0..self.rows {
                let a = self.at(r, col);
                if a <= PIVOT_EPS {
                    continue;
                }
                let ratio = self.at(r, rhs).max(0.0) / a;
                if ratio > min_ratio + 1e-9 * (1.0 + min_ratio) {
                    continue;
                }
                let better = match leaving {
                    None => true,
                    Some((lr, _)) if bland => self.basis[r] < self.basis[lr],
                    Some((lr, _)) => a > self.at(lr, col),
                };
                if better {
                    leaving = Some((r, ratio));
                }
            }
            let Some((row, ratio)) = leaving else {
                return Some(false);
            };
            degenerate_run = if ratio.abs() < 1e-14 {
                degenerate_run + 1
            } else {
                0
            };
            // A basic value a hair below zero is zero: clear it before dividing by
            // the pivot element, which would magnify the rounding.
            if self.at(row, rhs) < 0.0 {
                self.cells[row * self.width + rhs] = 0.0;
            }
            self.pivot(row, col, reduced);
        }
        None
    }

    fn solve(mut self, objective: &[f64]) -> LpResult {
        let columns = self.width - 1;
        let rhs = self.width - 1;
        if self.artificial_start < columns {
            let mut cost = vec![0.0; self.width];
            for value in cost.iter_mut().take(columns).skip(self.artificial_start) {
                *value = -1.0;
            }
            let mut reduced = self.reduced_costs(&cost);
            if self.iterate(&mut reduced, columns) != Some(true) {
                return LpResult::Infeasible;
            }
            let infeasibility: f64 = (0..self.rows)
                .filter(|&r| self.basis[r] >= self.artificial_start)
                .map(|r| self.at(r, rhs))
                .sum();
            if infeasibility > 1e-9 {
                return LpResult::Infeasible;
            }
            // Drive zero-level artificials out of the basis where possible.
            for r in 0..self.rows {
                if self.basis[r] >= self.artificial_start
                    && let Some(col) =
                        (0..self.artificial_start).find(|&c| self.at(r, c).abs() > 1e-9)
                {
                    let mut scratch = vec![0.0; self.width];
                    self.pivot(r, col, &mut scratch);
                }
            }
        }
        let mut cost = vec![0.0; self.width];
        cost[..self.vars].copy_from_slice(objective);
        let mut reduced = self.reduced_costs(&cost);
        match self.iterate(&mut reduced, self.artificial_start) {
            Some(true) => {}
            Some(false) => return LpResult::Unbounded,
            None => return LpResult::Infeasible,
        }
        let mut x = vec![0.0; self.vars];
        for r in 0..self.rows {
            if self.basis[r] < self.vars {
                x[self.basis[r]] = self.at(r, rhs);
            }
        }
        let value = objective.iter().zip(&x).map(|(c, v)| c * v).sum();
        LpResult::Optimal { x, value }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn optimum(lp: &Lp) -> (Vec<f64>, f64) {
        match lp.maximize() {
            LpResult::Optimal { x, value } => (x, value),
            other => panic!("expected an optimum, got {other:?}"),
        }
    }

    #[test]
    fn textbook_program() {
        // max 3x + 5y, x <= 4, 2y <= 12, 3x + 2y <= 18 → (2, 6), value 36.
        let mut lp = Lp::new(2);
        lp.set_objective(0, 3.0);
        lp.set_objective(1, 5.0);
        lp.less_equal(vec![(0, 1.0)], 4.0);
        lp.less_equal(vec![(1, 2.0)], 12.0);
        lp.less_equal(vec![(0, 3.0), (1, 2.0)], 18.0);
        let (x, value) = optimum(&lp);
        assert!((x[0] - 2.0).abs() < 1e-9 && (x[1] - 6.0).abs() < 1e-9);
        assert!((value - 36.0).abs() < 1e-9);
    }

    #[test]
    fn greater_equal_rows_need_phase_one() {
        // min x + y (max −x − y) with x + 2y >= 4, 3x + y >= 6 → (1.6, 1.2), value −2.8.
        let mut lp = Lp::new(2);
        lp.set_objective(0, -1.0);
        lp.set_objective(1, -1.0);
        lp.greater_equal(vec![(0, 1.0), (1, 2.0)], 4.0);
        lp.greater_equal(vec![(0, 3.0), (1, 1.0)], 6.0);
        let (x, value) = optimum(&lp);
        assert!(
            (x[0] - 1.6).abs() < 1e-9 && (x[1] - 1.2).abs() < 1e-9,
            "{x:?}"
        );
        assert!((value + 2.8).abs() < 1e-9);
    }

    #[test]
    fn detects_infeasible_and_unbounded() {
        let mut infeasible = Lp::new(1);
        infeasible.less_equal(vec![(0, 1.0)], 1.0);
        infeasible.greater_equal(vec![(0, 1.0)], 2.0);
        assert_eq!(infeasible.maximize(), LpResult::Infeasible);
        let mut unbounded = Lp::new(2);
        unbounded.set_objective(0, 1.0);
        unbounded.less_equal(vec![(0, 1.0), (1, -1.0)], 1.0);
        assert_eq!(unbounded.maximize(), LpResult::Unbounded);
    }

    proptest::proptest! {
        /// Random programs built around a known feasible point: the answer must
        /// satisfy every row and be at least as good as that point.
        #[test]
        fn solutions_are_feasible_and_no_worse_than_a_known_point(
            point in proptest::collection::vec(0.0..2.0f64, 1..6),
            rows in proptest::collection::vec((proptest::collection::vec(-2.0..2.0f64, 6), 0.0..1.0f64), 1..12),
            objective in proptest::collection::vec(-1.0..1.0f64, 6),
        ) {
            let n = point.len();
            let mut lp = Lp::new(n);
            for (var, c) in objective.iter().take(n).enumerate() {
                lp.set_objective(var, *c);
            }
            for (coefficients, slack) in &rows {
                let terms: Vec<(usize, f64)> = coefficients.iter().take(n).copied().enumerate().collect();
                let at_point: f64 = terms.iter().map(|(v, c)| c * point[*v]).sum();
                lp.less_equal(terms, at_point + slack);
            }
            // Keep it bounded.
            for var in 0..n {
                lp.less_equal(vec![(var, 1.0)], 10.0);
            }
            let LpResult::Optimal { x, value } = lp.maximize() else {
                return Err(proptest::test_runner::TestCaseError::fail("feasible bounded program not solved"));
            };
            for (terms, bound) in &lp.rows {
                let lhs: f64 = terms.iter().map(|(v, c)| c * x[*v]).sum();
                proptest::prop_assert!(lhs <= bound + 1e-7, "row violated: {} > {}", lhs, bound);
            }
            proptest::prop_assert!(x.iter().all(|v| *v >= -1e-9));
            let at_point: f64 = objective.iter().zip(&point).map(|(c, v)| c * v).sum();
            proptest::prop_assert!(value >= at_point - 1e-7);
        }
    }

    #[test]
    fn degenerate_program_terminates() {
        // A classic cycling example for Dantzig's rule (Beale 1955).
        let mut lp = Lp::new(4);
        for (var, c) in [(0, 0.75), (1, -150.0), (2, 0.02), (3, -6.0)] {
            lp.set_objective(var, c);
        }
        lp.less_equal(vec![(0, 0.25), (1, -60.0), (2, -0.04), (3, 9.0)], 0.0);
        lp.less_equal(vec![(0, 0.5), (1, -90.0), (2, -0.02), (3, 3.0)], 0.0);
        lp.less_equal(vec![(2, 1.0)], 1.0);
        let (_, value) = optimum(&lp);
        assert!((value - 0.05).abs() < 1e-9, "{value}");
    }
}

//! The chances of winning of every contest in a round, `P_i^j` under the
//! paper's and Masad's rules, in O(n²) for n actors instead of O(n³).
//!
//! In a contest between positions `a < b` (distance `g = b − a`), voter `k` at
//! `y` casts `c_k s_k (|y − b| − |y − a|)`: the full `g` for `a` when `y ≤ a`,
//! the full `g` for `b` when `y ≥ b`, and `g − 2(y − a)` in between (for `a`
//! below the midpoint, for `b` above it). So with the positions sorted, the
//! votes for `a` are `g·W(≤ a) + Σ_{a<y<mid} w (g − 2(y − a))` and those for `b`
//! `g·W(≥ b) + Σ_{mid<y<b} w (2(y − a) − g)`: weights at or beyond the rivals
//! (sums of positive numbers, precomputed once a round) and two running sums
//! over the voters between them, `Σ w` and `Σ w (y − a)`, which grow as `b`
//! moves right from `a` while the midpoint's pointer only moves right too.
//! One such sweep per challenger gives every contest in O(n).
//!
//! Measuring `y − a` from the challenger (not from 0) keeps the running sums of
//! the size of the votes between the rivals, so near rivals lose no digits to
//! the sums' cancellation; the result agrees with counting voter by voter
//! ([`super::Counting::PerVoter`]) to rounding. The spread that divides every
//! vote cancels in the ratios and is left out.

use super::square::Square;

/// The positions in increasing order with the sums a sweep reads; kept from
/// round to round so that a round allocates nothing.
#[derive(Debug, Default)]
pub(super) struct Sweep {
    /// Positions and weights in increasing order of position.
    position: Vec<f64>,
    weight: Vec<f64>,
    /// The first sorted index holding the same position, and one past the last.
    tie_start: Vec<usize>,
    tie_end: Vec<usize>,
    /// The weight at or below each sorted position, and at or above it.
    at_or_below: Vec<f64>,
    at_or_above: Vec<f64>,
}

impl Sweep {
    /// Fills `table[i][j] = P_i^j` for actors at `positions` with weights
    /// `c·s`, put in increasing order of position by `order`: the share of
    /// the votes cast for `i` (the paper), or with `net` the net votes for
    /// `i`, if positive, over all votes (Masad). Equal positions, or no votes
    /// cast: `P = 0`.
    pub(super) fn count(
        &mut self,
        positions: &[f64],
        weights: &[f64],
        order: &[usize],
        net: bool,
        table: &mut Square,
    ) {
        let n = order.len();
        table.reset(n);
        self.sort(positions, weights, order);
        let (y, w) = (&self.position, &self.weight);
        for p in 0..n {
            let a = y[p];
            let first = self.tie_end[p];
            // Voters strictly between the rivals: [first, between_end), and of
            // those the ones nearer a: [first, near_end).
            let (mut between_end, mut between_w, mut between_m) = (first, 0.0, 0.0);
            let (mut near_end, mut near_w, mut near_m) = (first, 0.0, 0.0);
            for q in first..n {
                let gap = y[q] - a;
                while between_end < self.tie_start[q] {
                    between_w += w[between_end];
                    between_m += w[between_end] * (y[between_end] - a);
                    between_end += 1;
                }
                while near_end < between_end && gap - 2.0 * (y[near_end] - a) > 0.0 {
                    near_w += w[near_end];
                    near_m += w[near_end] * (y[near_end] - a);
                    near_end += 1;
                }
                let (far_w, far_m) = (between_w - near_w, between_m - near_m);
                let for_a = gap * self.at_or_below[p] + (gap * near_w - 2.0 * near_m);
                let for_b = gap * self.at_or_above[q] + (2.0 * far_m - gap * far_w);
                let total = for_a + for_b;
                if total > 0.0 {
                    let (i, j) = (order[p], order[q]);
                    if net {
                        table[i][j] = (for_a - for_b).max(0.0) / total;
                        table[j][i] = (for_b - for_a).max(0.0) / total;
                    } else {
                        table[i][j] = for_a / total;
                        table[j][i] = for_b / total;
                    }
                }
            }
        }
    }

    /// Sorts the positions and weights by `order` and sums the weights at or
    /// beyond each position.
    fn sort(&mut self, positions: &[f64], weights: &[f64], order: &[usize]) {
        let n = order.len();
        self.position.clear();
        self.position.extend(order.iter().map(|&k| positions[k]));
        self.weight.clear();
        self.weight.extend(order.iter().map(|&k| weights[k]));
        let y = &self.position;
        self.tie_start.clear();
        for q in 0..n {
            let start = if q > 0 && y[q] == y[q - 1] {
                self.tie_start[q - 1]
            } else {
                q
            };
            self.tie_start.push(start);
        }
        self.tie_end.clear();
        self.tie_end.resize(n, n);
        for q in (0..n.saturating_sub(1)).rev() {
            self.tie_end[q] = if y[q + 1] == y[q] {
                self.tie_end[q + 1]
            } else {
                q + 1
            };
        }
        // Running sums from each end (positive terms only, no subtraction).
        self.at_or_below.clear();
        self.at_or_below.resize(n, 0.0);
        self.at_or_above.clear();
        self.at_or_above.resize(n, 0.0);
        let mut below = 0.0;
        let mut q = 0;
        while q < n {
            let end = self.tie_end[q];
            below += self.weight[q..end].iter().sum::<f64>();
            self.at_or_below[q..end].fill(below);
            q = end;
        }
        let mut above = 0.0;
        let mut q = n;
        while q > 0 {
            let start = self.tie_start[q - 1];
            above += self.weight[start..q].iter().sum::<f64>();
            self.at_or_above[start..q].fill(above);
            q = start;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_voters_by_hand() {
        // Weights 1, 6, 3 at 0, 0.5, 1 (the hand-worked round of
        // tests/it/expected_utility.rs): P[0][1] = 0.5/5, P[0][2] = 1/4, and
        // the voter at 1/2 casts nothing in the contest between 0 and 1.
        let (positions, weights) = ([1.0, 0.0, 0.5], [3.0, 1.0, 6.0]);
        let mut table = Square::default();
        Sweep::default().count(&positions, &weights, &[1, 2, 0], false, &mut table);
        let expected = [[0.0, 0.75, 0.3], [0.25, 0.0, 0.1], [0.7, 0.9, 0.0]];
        for (row, want) in table.rows().zip(expected) {
            for (p, e) in row.iter().zip(want) {
                assert!((p - e).abs() < 1e-15, "{row:?} against {want:?}");
            }
        }
        Sweep::default().count(&positions, &weights, &[1, 2, 0], true, &mut table);
        assert!((table[2][1] - 0.8).abs() < 1e-15 && table[1][2] == 0.0);
    }

    #[test]
    fn tied_positions_contest_nothing_and_vote_together() {
        // Two actors at 0.2 (weights 1 and 2), one at 0.8 (weight 3).
        let (positions, weights) = ([0.2, 0.8, 0.2], [1.0, 3.0, 2.0]);
        let mut table = Square::default();
        Sweep::default().count(&positions, &weights, &[0, 2, 1], false, &mut table);
        assert_eq!((table[0][2], table[2][0]), (0.0, 0.0));
        assert!((table[0][1] - 0.5).abs() < 1e-15 && (table[1][2] - 0.5).abs() < 1e-15);
    }
}

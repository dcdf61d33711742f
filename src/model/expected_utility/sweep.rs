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

/// Up to this many actors, [`Sweep::count`] counts every voter in every
/// contest (n³ votes, no sorting, no tables of sums). Timed on one core of
/// the README's machine (an ignored micro-benchmark, since removed), one
/// table each way: 3 actors 36 ns against 80 for the sweep, 4: 65 against
/// 89, 6: 123 against 161, 8: 291 against 205, 12: 944 against 434.
const DIRECT_UP_TO: usize = 6;

/// `table[i][j] = P_i^j` as [`Sweep::count`] defines it, counting every voter
/// in every contest: `c_k s_k (|y_k − b| − |y_k − a|)` for `a`'s side when
/// positive, for `b`'s when negative (the spread cancels and is left out).
fn count_directly(positions: &[f64], weights: &[f64], net: bool, table: &mut Square) {
    let n = positions.len();
    table.reset(n);
    for i in 0..n {
        for j in i + 1..n {
            let (a, b) = (positions[i], positions[j]);
            if a == b {
                continue;
            }
            let (mut for_a, mut for_b) = (0.0, 0.0);
            for (&y, &w) in positions.iter().zip(weights) {
                let vote = w * ((y - b).abs() - (y - a).abs());
                for_a += vote.max(0.0);
                for_b += (-vote).max(0.0);
            }
            store(table, (i, j), for_a, for_b, net);
        }
    }
}

/// `P_i^j` and `P_j^i` from the votes for `i` and for `j`: each side's share
/// of all votes, or with `net` its net votes, if positive, over all votes;
/// both left at 0 when no vote is cast.
#[inline]
fn store(table: &mut Square, (i, j): (usize, usize), for_a: f64, for_b: f64, net: bool) {
    let total = for_a + for_b;
    if total > 0.0 {
        if net {
            table[(i, j)] = (for_a - for_b).max(0.0) / total;
            table[(j, i)] = (for_b - for_a).max(0.0) / total;
        } else {
            table[(i, j)] = for_a / total;
            table[(j, i)] = for_b / total;
        }
    }
}

/// The positions in increasing order with the sums a sweep reads; kept from
/// round to round so that a round allocates nothing.
#[derive(Clone, Debug, Default)]
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

/// Whether [`Sweep::count`] sweeps `n` actors in order of position (and so
/// needs their order) rather than counting voter by voter.
pub(super) fn swept(n: usize) -> bool {
    n > DIRECT_UP_TO
}

impl Sweep {
    /// Fills `table[i][j] = P_i^j` for actors at `positions` with weights
    /// `c·s`, put in increasing order of position by `order`: the share of
    /// the votes cast for `i` (the paper), or with `net` the net votes for
    /// `i`, if positive, over all votes (Masad). Equal positions, or no votes
    /// cast: `P = 0`. `order` is read only when [`swept`] (it may be empty
    /// otherwise).
    pub(super) fn count(
        &mut self,
        positions: &[f64],
        weights: &[f64],
        order: &[usize],
        net: bool,
        table: &mut Square,
    ) {
        if !swept(positions.len()) {
            count_directly(positions, weights, net, table);
        } else {
            self.sweep(positions, weights, order, net, table);
        }
    }

    /// [`Sweep::count`] by sweeping the sorted positions, whatever their number.
    fn sweep(
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
                store(table, (order[p], order[q]), for_a, for_b, net);
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

    /// Both ways of counting, the sweep and voter by voter.
    fn count_both(positions: &[f64], weights: &[f64], order: &[usize], net: bool) -> [Square; 2] {
        let mut swept = Square::default();
        Sweep::default().sweep(positions, weights, order, net, &mut swept);
        let mut direct = Square::default();
        count_directly(positions, weights, net, &mut direct);
        [swept, direct]
    }

    #[test]
    fn three_voters_by_hand() {
        // Weights 1, 6, 3 at 0, 0.5, 1 (the hand-worked round of
        // tests/it/expected_utility.rs): P[0][1] = 0.5/5, P[0][2] = 1/4, and
        // the voter at 1/2 casts nothing in the contest between 0 and 1.
        let (positions, weights) = ([1.0, 0.0, 0.5], [3.0, 1.0, 6.0]);
        let expected = [[0.0, 0.75, 0.3], [0.25, 0.0, 0.1], [0.7, 0.9, 0.0]];
        for table in count_both(&positions, &weights, &[1, 2, 0], false) {
            for (row, want) in table.rows().zip(expected) {
                for (p, e) in row.iter().zip(want) {
                    assert!((p - e).abs() < 1e-15, "{row:?} against {want:?}");
                }
            }
        }
        for table in count_both(&positions, &weights, &[1, 2, 0], true) {
            assert!((table[2][1] - 0.8).abs() < 1e-15 && table[1][2] == 0.0);
        }
    }

    #[test]
    fn tied_positions_contest_nothing_and_vote_together() {
        // Two actors at 0.2 (weights 1 and 2), one at 0.8 (weight 3).
        let (positions, weights) = ([0.2, 0.8, 0.2], [1.0, 3.0, 2.0]);
        for table in count_both(&positions, &weights, &[0, 2, 1], false) {
            assert_eq!((table[0][2], table[2][0]), (0.0, 0.0));
            assert!((table[0][1] - 0.5).abs() < 1e-15 && (table[1][2] - 0.5).abs() < 1e-15);
        }
    }

    #[test]
    fn sweeping_and_counting_every_voter_agree() {
        // Random tables of 2 to 12 actors, a third of them on a coarse grid
        // (ties), some powerless, under both rules.
        let mut state = 0x853c_49e6_748f_ea9b_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        for case in 0..2_000 {
            let n = 2 + case % 11;
            let positions: Vec<f64> = (0..n)
                .map(|_| {
                    if next() < 0.3 {
                        (next() * 4.0).floor() / 4.0
                    } else {
                        next()
                    }
                })
                .collect();
            let weights: Vec<f64> = (0..n)
                .map(|_| if next() < 0.1 { 0.0 } else { next() })
                .collect();
            let mut order = Vec::new();
            super::super::round::sort_by_position(&positions, &mut order);
            let net = case % 2 == 0;
            let [swept, direct] = count_both(&positions, &weights, &order, net);
            for i in 0..n {
                for j in 0..n {
                    let (a, b) = (swept[i][j], direct[i][j]);
                    assert!((a - b).abs() <= 1e-13, "case {case}: P[{i}][{j}] {a} {b}");
                }
            }
        }
    }
}

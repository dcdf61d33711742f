//! The n × n tables a round fills (chances of winning, expected utilities),
//! stored row by row in one buffer that the rounds of an issue reuse, so a
//! round allocates nothing once the first has sized it. Indexed as
//! `table[i][j]`, like the nested vectors they replace.

use std::ops::{Index, IndexMut};

/// An n × n table of numbers, `table[i][j]` for row `i`, column `j`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Square {
    size: usize,
    cells: Vec<f64>,
}

impl Square {
    /// An n × n table of zeros.
    pub fn zeros(size: usize) -> Square {
        let mut table = Square::default();
        table.reset(size);
        table
    }

    /// Makes this an n × n table of zeros, keeping the buffer when it is
    /// large enough.
    pub fn reset(&mut self, size: usize) {
        self.size = size;
        self.cells.clear();
        self.cells.resize(size * size, 0.0);
    }

    /// The number of rows (and of columns).
    pub fn size(&self) -> usize {
        self.size
    }

    /// The rows in order.
    pub fn rows(&self) -> impl Iterator<Item = &[f64]> {
        (0..self.size).map(|i| &self[i])
    }
}

impl Index<usize> for Square {
    type Output = [f64];

    fn index(&self, row: usize) -> &[f64] {
        &self.cells[row * self.size..(row + 1) * self.size]
    }
}

impl IndexMut<usize> for Square {
    fn index_mut(&mut self, row: usize) -> &mut [f64] {
        &mut self.cells[row * self.size..(row + 1) * self.size]
    }
}

/// `table[(i, j)]`: one cell, with one bounds check (the hot loops of a
/// round use this; `table[i][j]` checks the row and then the column).
impl Index<(usize, usize)> for Square {
    type Output = f64;

    #[inline]
    fn index(&self, (row, column): (usize, usize)) -> &f64 {
        debug_assert!(column < self.size);
        &self.cells[row * self.size + column]
    }
}

impl IndexMut<(usize, usize)> for Square {
    #[inline]
    fn index_mut(&mut self, (row, column): (usize, usize)) -> &mut f64 {
        debug_assert!(column < self.size);
        &mut self.cells[row * self.size + column]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_cells_are_where_they_are_written() {
        let mut table = Square::zeros(3);
        table[1][2] = 5.0;
        table[2][0] = -1.0;
        assert_eq!(table[1], [0.0, 0.0, 5.0]);
        assert_eq!(
            (table[(1, 2)], table[(2, 0)], table[(0, 0)]),
            (5.0, -1.0, 0.0)
        );
        table[(0, 1)] = 3.0;
        assert_eq!(table[0][1], 3.0);
        assert_eq!(
            table.rows().map(|row| row[0]).collect::<Vec<_>>(),
            [0.0, 0.0, -1.0]
        );
        table.reset(2);
        assert_eq!((table.size(), table[1][1]), (2, 0.0), "reset to zeros");
        assert_eq!(Square::zeros(0).rows().count(), 0);
    }
}

//! Numeric building blocks the models share, each tested on its own:
//! a small dense LP solver, a dual simplex for LPs with few variables and many
//! rows, cutting planes built on it, an exact line search for log-utility sums,
//! a bracketed Newton root-finder, and the outcome space left by the veto
//! actors' red lines.

pub mod cuts;
pub mod dual_simplex;
pub mod line;
pub mod lp;
pub mod root;
pub mod space;

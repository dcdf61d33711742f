//! Numeric building blocks the models share, each tested on its own:
//! a small LP solver, an exact line search for log-utility sums, and the
//! outcome space left by the veto actors' red lines.

pub mod line;
pub mod lp;
pub mod space;

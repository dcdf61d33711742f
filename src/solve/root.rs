//! The zero of a rising function inside a bracket, by safeguarded Newton.
//!
//! The frontier walk (`model::bilateral`) looks for the point of a monotone
//! path where some quantity reaches zero; along a curved piece that quantity
//! is smooth except at a few kinks (an issue reaching the end of its interval),
//! and its derivative is known in closed form. Newton's method then converges
//! quadratically, in a few steps from the chord's zero. The bracket keeps it
//! honest: a step that would leave it, or that does not at least halve the one
//! before, is replaced by bisection, so the search always closes in on a sign
//! change, kinks or not.

/// An interval `(lo, hi)` with the function's values at its ends:
/// `lo_value < 0 ≤ hi_value`.
#[derive(Clone, Copy, Debug)]
pub struct Bracket {
    pub lo: f64,
    pub hi: f64,
    pub lo_value: f64,
    pub hi_value: f64,
}

/// A point of `bracket` where the rising function `eval` (which returns its
/// value and derivative at a point) crosses zero, to rounding precision.
///
/// It stops when the value is below `1e-15` of the larger end value (the
/// values are no more precise than that), when the bracket is two ulps wide,
/// or after a Newton step below `1e-11`: the error after a step is of the
/// order of the step squared times the ratio of the second derivative to the
/// first, so the new point is exact to rounding.
pub fn newton_in_bracket(bracket: Bracket, mut eval: impl FnMut(f64) -> (f64, f64)) -> f64 {
    let Bracket {
        lo: mut a,
        hi: mut b,
        lo_value,
        hi_value,
    } = bracket;
    let noise = 1e-15 * lo_value.abs().max(hi_value.abs());
    // Start where the chord crosses zero.
    let mut x = a - lo_value * (b - a) / (hi_value - lo_value);
    if !(x > a && x < b) {
        x = 0.5 * (a + b);
    }
    let mut last_step = b - a;
    for _ in 0..200 {
        let (value, slope) = eval(x);
        if value.abs() <= noise {
            return x;
        }
        if value > 0.0 {
            b = x;
        } else {
            a = x;
        }
        if b - a <= 2.0 * f64::EPSILON * b.abs().max(f64::MIN_POSITIVE) {
            return b;
        }
        let step = value / slope;
        let newton = x - step;
        if slope > 0.0 && newton > a && newton < b && step.abs() <= 0.5 * last_step {
            if step.abs() <= 1e-11 {
                return newton;
            }
            last_step = step.abs();
            x = newton;
        } else {
            last_step = b - a;
            x = 0.5 * (a + b);
        }
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bracket(f: impl Fn(f64) -> (f64, f64), lo: f64, hi: f64) -> Bracket {
        Bracket {
            lo,
            hi,
            lo_value: f(lo).0,
            hi_value: f(hi).0,
        }
    }

    #[test]
    fn a_smooth_root_to_rounding_in_a_few_steps() {
        let f = |x: f64| (x * x * x - 2.0, 3.0 * x * x);
        let mut calls = 0;
        let root = newton_in_bracket(bracket(f, 0.0, 3.0), |x| {
            calls += 1;
            f(x)
        });
        assert!((root - 2f64.cbrt()).abs() <= 4.0 * f64::EPSILON, "{root}");
        assert!(calls <= 12, "{calls} evaluations");
    }

    /// A kink at the root and a flat stretch before it: Newton alone would
    /// stall or leave the interval; the bracket still closes.
    #[test]
    fn kinks_and_flat_stretches_fall_back_to_bisection() {
        let f = |x: f64| {
            if x < 0.3 {
                (-1.0, 0.0)
            } else if x < 0.7 {
                (x - 0.7, 1.0)
            } else {
                (100.0 * (x - 0.7), 100.0)
            }
        };
        let root = newton_in_bracket(bracket(f, 0.0, 1.0), f);
        assert!((root - 0.7).abs() <= 1e-12, "{root}");
        // A wrong derivative (here of the opposite sign) costs speed, not the answer.
        let wrong = |x: f64| (x - 0.25, -1.0);
        let root = newton_in_bracket(bracket(wrong, 0.0, 1.0), wrong);
        assert!((root - 0.25).abs() <= 1e-15, "{root}");
    }
}

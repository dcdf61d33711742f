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
/// value and derivative at a point) crosses zero, to rounding precision. The
/// search starts at `guess` if it lies inside the bracket (a warm start: the
/// zero of a neighbouring problem), otherwise where the chord crosses zero.
///
/// It stops when the value is below `1e-15` of the larger end value (the
/// values are no more precise than that), when the bracket is two ulps wide,
/// or after a Newton step that leaves the point exact to rounding: the error
/// after a step is about `K·step²` with `K = f''/(2f')`, estimated from the
/// last two slopes (a step below `1e-5` leaving less than `1e-16`), or any
/// step below `1e-11`.
pub fn newton_in_bracket(
    bracket: Bracket,
    guess: f64,
    mut eval: impl FnMut(f64) -> (f64, f64),
) -> f64 {
    let Bracket {
        lo: mut a,
        hi: mut b,
        lo_value,
        hi_value,
    } = bracket;
    let noise = 1e-15 * lo_value.abs().max(hi_value.abs());
    let mut x = guess;
    if !(x > a && x < b) {
        x = a - lo_value * (b - a) / (hi_value - lo_value);
    }
    if !(x > a && x < b) {
        x = 0.5 * (a + b);
    }
    let mut last_step = b - a;
    // The last point and slope, for the curvature estimate.
    let mut previous: Option<(f64, f64)> = None;
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
            // The error left after the step: about `K·step²` with `K = f''/(2f')`,
            // the second derivative estimated from the last two slopes.
            let left = previous.map_or(f64::INFINITY, |(x0, slope0)| {
                ((slope - slope0) / (x - x0) / (2.0 * slope)).abs() * step * step
            });
            if step.abs() <= 1e-11 || (step.abs() <= 1e-5 && left <= 1e-16) {
                return newton;
            }
            previous = Some((x, slope));
            last_step = step.abs();
            x = newton;
        } else {
            previous = None;
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
        let root = newton_in_bracket(bracket(f, 0.0, 3.0), f64::NAN, |x| {
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
        let root = newton_in_bracket(bracket(f, 0.0, 1.0), 0.2, f);
        assert!((root - 0.7).abs() <= 1e-12, "{root}");
        // A wrong derivative (here of the opposite sign) costs speed, not the answer.
        let wrong = |x: f64| (x - 0.25, -1.0);
        let root = newton_in_bracket(bracket(wrong, 0.0, 1.0), f64::NAN, wrong);
        assert!((root - 0.25).abs() <= 1e-15, "{root}");
    }
}

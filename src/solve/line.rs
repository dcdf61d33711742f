//! Exact one-dimensional maximisation of a weighted log-utility sum.
//!
//! Along one continuous issue `t`, with every other issue held fixed, each
//! actor's gain over its reservation is `g_k(t) = base_k + w_k·v_k(t)`, where `v_k`
//! is a linear (`1 − |t − p|`) or quadratic (`1 − (t − p)²`) value function. The
//! function `φ(t) = Σ c_k ln g_k(t)` is concave where every `g_k > 0`, so its
//! maximum is where the derivative changes sign. Linear value functions put kinks
//! at ideal points: the maximum is either at such a kink (found exactly by
//! comparing one-sided derivatives) or inside a smooth piece, where a safeguarded
//! Newton iteration finds it to machine precision in a handful of steps.

/// One actor's term along the line.
#[derive(Clone, Copy, Debug)]
pub struct Term {
    /// Weight of `ln g` (the actor's bargaining power).
    pub c: f64,
    /// `g(t) = base + w·v(t)`.
    pub base: f64,
    /// The actor's weight on this issue.
    pub w: f64,
    /// Ideal point on the issue.
    pub p: f64,
    /// Quadratic (true) or linear (false) value function.
    pub quadratic: bool,
}

impl Term {
    #[inline]
    fn g(&self, t: f64) -> f64 {
        let d = t - self.p;
        self.base
            + self.w
                * if self.quadratic {
                    1.0 - d * d
                } else {
                    1.0 - d.abs()
                }
    }

    /// `w·v'(t)`; at a linear kink, `right` picks the one-sided slope.
    #[inline]
    fn slope(&self, t: f64, right: bool) -> f64 {
        if self.quadratic {
            -2.0 * self.w * (t - self.p)
        } else if t < self.p || (t == self.p && !right) {
            self.w
        } else {
            -self.w
        }
    }

    /// Half-width of the interval around `p` where `g > 0`.
    fn radius(&self) -> f64 {
        if self.w <= 0.0 {
            return f64::INFINITY;
        }
        let reach = (self.base + self.w) / self.w;
        if reach <= 0.0 {
            0.0
        } else if self.quadratic {
            reach.sqrt()
        } else {
            reach
        }
    }
}

fn derivative(terms: &[Term], t: f64, right: bool) -> f64 {
    terms
        .iter()
        .map(|term| term.c * term.slope(t, right) / term.g(t))
        .sum()
}

fn second_derivative(terms: &[Term], t: f64) -> f64 {
    terms
        .iter()
        .map(|term| {
            let g = term.g(t);
            let slope = term.slope(t, true);
            let curvature = if term.quadratic { -2.0 * term.w } else { 0.0 };
            term.c * (curvature / g - slope * slope / (g * g))
        })
        .sum()
}

/// Maximises `Σ c_k ln g_k(t)` over `t ∈ [lo, hi]`, starting from a point `start`
/// where every `g_k > 0`. Returns the maximiser.
pub fn maximize(terms: &[Term], lo: f64, hi: f64, start: f64) -> f64 {
    // The region where every g_k > 0 is an interval around `start`.
    let mut left = lo;
    let mut right = hi;
    let mut left_is_barrier = false;
    let mut right_is_barrier = false;
    for term in terms {
        let radius = term.radius();
        if term.p - radius > left {
            left = term.p - radius;
            left_is_barrier = true;
        }
        if term.p + radius < right {
            right = term.p + radius;
            right_is_barrier = true;
        }
    }
    if left >= right || left.is_nan() || right.is_nan() {
        return start.clamp(lo, hi);
    }
    if !left_is_barrier && derivative(terms, left, true) <= 0.0 {
        return left;
    }
    if !right_is_barrier && derivative(terms, right, false) >= 0.0 {
        return right;
    }
    // Walk the kinks (ideal points of linear terms) inside (left, right) in order.
    let mut kinks: [f64; 16] = [0.0; 16];
    let mut count = 0;
    let mut overflow = Vec::new();
    for term in terms.iter().filter(|term| !term.quadratic && term.w > 0.0) {
        if term.p > left && term.p < right {
            if count < kinks.len() {
                kinks[count] = term.p;
                count += 1;
            } else {
                overflow.push(term.p);
            }
        }
    }
    let mut points: Vec<f64>;
    let sorted: &mut [f64] = if overflow.is_empty() {
        &mut kinks[..count]
    } else {
        points = kinks[..count].to_vec();
        points.extend(overflow);
        &mut points
    };
    sorted.sort_by(f64::total_cmp);
    let mut piece_start = left;
    for &kink in sorted.iter() {
        if derivative(terms, kink, true) <= 0.0 {
            if derivative(terms, kink, false) >= 0.0 {
                return kink;
            }
            return smooth_root(terms, piece_start, kink);
        }
        piece_start = kink;
    }
    smooth_root(terms, piece_start, right)
}

/// The zero of the (decreasing) derivative inside a smooth piece `(a, b)`.
fn smooth_root(terms: &[Term], a: f64, b: f64) -> f64 {
    if let Some(root) = two_linear_terms_root(terms, a, b) {
        return root;
    }
    let (mut a, mut b) = (a, b);
    let mut t = 0.5 * (a + b);
    for _ in 0..100 {
        let d = derivative(terms, t, true);
        if d == 0.0 {
            return t;
        }
        if d > 0.0 {
            a = t;
        } else {
            b = t;
        }
        let dd = second_derivative(terms, t);
        let newton = if dd < 0.0 { t - d / dd } else { f64::NAN };
        let next = if newton > a && newton < b {
            newton
        } else {
            0.5 * (a + b)
        };
        // Newton converges quadratically: a step this small is rounding noise.
        if (next - t).abs() <= 1e-14 * (1.0 + t.abs()) || b - a <= 1e-15 {
            return next;
        }
        t = next;
    }
    t
}

/// The common case in closed form: on a piece where exactly two terms change and
/// both are linear, `g_k = α_k + s_k t`, and `c_1 s_1/g_1 + c_2 s_2/g_2 = 0`
/// gives `t = −(c_1 s_1 α_2 + c_2 s_2 α_1) / (s_1 s_2 (c_1 + c_2))`.
fn two_linear_terms_root(terms: &[Term], a: f64, b: f64) -> Option<f64> {
    let mid = 0.5 * (a + b);
    let mut moving = terms.iter().filter(|term| term.w > 0.0 && term.c > 0.0);
    let (first, second) = (moving.next()?, moving.next()?);
    if moving.next().is_some() || first.quadratic || second.quadratic {
        return None;
    }
    let line = |term: &Term| {
        let slope = term.slope(mid, true);
        (term.g(mid) - slope * mid, slope)
    };
    let ((alpha1, s1), (alpha2, s2)) = (line(first), line(second));
    let denominator = s1 * s2 * (first.c + second.c);
    if denominator == 0.0 {
        return None;
    }
    let root = -(first.c * s1 * alpha2 + second.c * s2 * alpha1) / denominator;
    (root > a && root < b).then_some(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linear(c: f64, base: f64, w: f64, p: f64) -> Term {
        Term {
            c,
            base,
            w,
            p,
            quadratic: false,
        }
    }

    #[test]
    fn divide_the_dollar_nash_split() {
        // u_a = t (p = 1), u_b = 1 − t (p = 0), reservations 0.2 and 0.1:
        // g_a = t − 0.2 = −0.2 + (1 − |t − 1|), g_b = 0.9 − t = −0.1 + (1 − |t|).
        let terms = [linear(1.0, -0.2, 1.0, 1.0), linear(1.0, -0.1, 1.0, 0.0)];
        let t = maximize(&terms, 0.0, 1.0, 0.5);
        assert!((t - 0.55).abs() < 1e-12, "{t}");
    }

    #[test]
    fn asymmetric_powers_follow_the_closed_form() {
        // x* = d1 + α1/(α1+α2)·(1 − d1 − d2) with α = (3, 1), d = (0.2, 0.1) → 0.725.
        let terms = [linear(3.0, -0.2, 1.0, 1.0), linear(1.0, -0.1, 1.0, 0.0)];
        let t = maximize(&terms, 0.0, 1.0, 0.5);
        assert!((t - 0.725).abs() < 1e-12, "{t}");
    }

    #[test]
    fn quadratic_frontier() {
        // u1 = t, u2 = 1 − t²: maximum of ln t + ln(1 − t²) at 1/√3.
        let terms = [
            linear(1.0, 0.0, 1.0, 1.0),
            Term {
                c: 1.0,
                base: 0.0,
                w: 1.0,
                p: 0.0,
                quadratic: true,
            },
        ];
        let t = maximize(&terms, 0.0, 1.0, 0.5);
        assert!((t - 1.0 / 3f64.sqrt()).abs() < 1e-12, "{t}");
    }

    #[test]
    fn maximum_at_a_kink_and_at_a_bound() {
        // A strong actor at 0.3 and a weak one at 0.8: the optimum sits at the kink 0.3.
        let terms = [linear(5.0, 0.0, 1.0, 0.3), linear(1.0, 0.0, 1.0, 0.8)];
        assert_eq!(maximize(&terms, 0.0, 1.0, 0.5), 0.3);
        // Both prefer the upper end: the bound wins.
        let terms = [linear(1.0, 0.0, 1.0, 1.0), linear(1.0, 0.0, 0.5, 1.0)];
        assert_eq!(maximize(&terms, 0.0, 0.7, 0.5), 0.7);
    }
}

//! Cumulative distribution functions for the quantiles of [`super::Uncertain`].
//!
//! Quantiles must be deterministic (a sensitivity analysis fixes an input at its
//! 10th percentile; two runs must agree to the last bit), so nothing here samples.
//! The normal CDF comes from `erfc` (a power series near zero, a continued
//! fraction in the tails: both converge to double precision), the beta CDF from
//! the regularised incomplete beta function (a continued fraction, with Lanczos'
//! log-gamma for the normalising constant). Quantiles then follow by bisection
//! on the CDF, which is monotone, so bisection cannot fail and needs no
//! starting guess.

use std::f64::consts::{PI, SQRT_2};

/// The standard normal CDF, Φ(x).
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * erfc(-x / SQRT_2)
}

/// The complementary error function, accurate to about 1e-14 relative.
pub fn erfc(z: f64) -> f64 {
    if z.is_nan() {
        return f64::NAN;
    }
    if z < 0.0 {
        return 2.0 - erfc(-z);
    }
    if z < 2.5 {
        1.0 - erf_series(z)
    } else {
        erfc_continued_fraction(z)
    }
}

/// erf(z) = 2/√π Σ (−1)ⁿ z²ⁿ⁺¹ / (n! (2n + 1)); for 0 ≤ z < 2.5 the largest
/// term is below e^(z²) ≈ 520, so cancellation costs under three digits.
fn erf_series(z: f64) -> f64 {
    let square = z * z;
    let mut term = z;
    let mut sum = z;
    for n in 1..200 {
        term *= -square / n as f64;
        let next = term / (2 * n + 1) as f64;
        sum += next;
        if next.abs() < 1e-17 * sum.abs() {
            break;
        }
    }
    sum * 2.0 / PI.sqrt()
}

/// erfc(z) = e^(−z²)/√π · 1/(z + ½/(z + 1/(z + 3⁄2/(z + ...)))), evaluated from the
/// tail; for z ≥ 2.5 a hundred levels converge to double precision.
fn erfc_continued_fraction(z: f64) -> f64 {
    let mut fraction = z;
    for level in (1..=100).rev() {
        fraction = z + (level as f64 / 2.0) / fraction;
    }
    (-z * z).exp() / PI.sqrt() / fraction
}

/// ln Γ(x) for x > 0 (Lanczos, g = 7, nine coefficients: ~1e-15 relative).
pub fn ln_gamma(x: f64) -> f64 {
    const COEFFICIENTS: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
        return (PI / (PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut sum = COEFFICIENTS[0];
    for (k, coefficient) in COEFFICIENTS.iter().enumerate().skip(1) {
        sum += coefficient / (x + k as f64);
    }
    let t = x + 7.5;
    0.5 * (2.0 * PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// The CDF of Beta(a, b) on [0, 1]: the regularised incomplete beta function.
pub fn beta_cdf(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = a * x.ln() + b * (1.0 - x).ln() + ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b);
    // The continued fraction converges fast below the mean-ish point
    // (a + 1)/(a + b + 2); above it, use the symmetry I_x(a, b) = 1 − I_{1−x}(b, a).
    if x < (a + 1.0) / (a + b + 2.0) {
        ln_front.exp() * beta_fraction(x, a, b) / a
    } else {
        1.0 - ln_front.exp() * beta_fraction(1.0 - x, b, a) / b
    }
}

/// 1/(1 + d₁/(1 + d₂/(1 + ...))) with d₂ₘ₊₁ = −(a+m)(a+b+m)x / ((a+2m)(a+2m+1)) and
/// d₂ₘ = m(b−m)x / ((a+2m−1)(a+2m)), by the modified Lentz method.
fn beta_fraction(x: f64, a: f64, b: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let guard = |value: f64| if value.abs() < TINY { TINY } else { value };
    // Level 1 has numerator 1; level j ≥ 2 has numerator d_{j−1}; all denominators are 1.
    let mut c = TINY;
    let mut d = 0.0;
    let mut value = TINY;
    for level in 1..=400 {
        let numerator = if level == 1 {
            1.0
        } else {
            let k = level - 1;
            let m = (k / 2) as f64;
            if k % 2 == 1 {
                -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 2.0 * m + 1.0))
            } else {
                m * (b - m) * x / ((a + 2.0 * m - 1.0) * (a + 2.0 * m))
            }
        };
        d = 1.0 / guard(1.0 + numerator * d);
        c = guard(1.0 + numerator / c);
        let step = c * d;
        value *= step;
        if (step - 1.0).abs() < 1e-16 {
            break;
        }
    }
    value
}

/// The `x` in `[lo, hi]` with `cdf(x) = p`, for a non-decreasing `cdf`: bisection
/// until the interval cannot shrink any further in floating point.
pub fn invert(cdf: impl Fn(f64) -> f64, p: f64, mut lo: f64, mut hi: f64) -> f64 {
    for _ in 0..300 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if cdf(mid) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64, tolerance: f64) {
        assert!(
            (actual - expected).abs() <= tolerance,
            "expected {expected}, got {actual}"
        );
    }

    #[test]
    fn erfc_matches_tabulated_values() {
        // Abramowitz & Stegun table 7.1 and standard references.
        close(erfc(0.0), 1.0, 1e-15);
        close(erfc(0.5), 0.479_500_122_186_953_5, 1e-14);
        close(erfc(1.0), 0.157_299_207_050_285_1, 1e-14);
        close(erfc(2.0), 0.004_677_734_981_047_266, 1e-15);
        close(erfc(3.0), 2.209_049_699_858_544e-5, 1e-18);
        close(erfc(-1.0), 1.842_700_792_949_715, 1e-14);
        // Either side of the switch from series to continued fraction.
        close(erfc(2.5 - 1e-12), erfc(2.5), 1e-14);
    }

    #[test]
    fn normal_cdf_at_known_quantiles() {
        close(normal_cdf(1.281_551_565_544_600_5), 0.9, 1e-14);
        close(normal_cdf(-1.959_963_984_540_054), 0.025, 1e-14);
        close(normal_cdf(0.0), 0.5, 1e-15);
    }

    #[test]
    fn ln_gamma_matches_factorials() {
        close(ln_gamma(5.0), 24f64.ln(), 1e-13);
        close(ln_gamma(0.5), PI.sqrt().ln(), 1e-13);
        close(ln_gamma(1.0), 0.0, 1e-14);
        close(ln_gamma(10.5), 13.940_625_219_403_763, 1e-12);
    }

    #[test]
    fn beta_cdf_matches_closed_forms() {
        // Beta(2, 2): 3x² − 2x³; Beta(a, 1): xᵃ; Beta(1, b): 1 − (1 − x)ᵇ.
        for x in [0.05, 0.3, 0.5, 0.77, 0.99] {
            close(beta_cdf(x, 2.0, 2.0), 3.0 * x * x - 2.0 * x * x * x, 1e-13);
            close(beta_cdf(x, 3.5, 1.0), x.powf(3.5), 1e-13);
            close(beta_cdf(x, 1.0, 0.4), 1.0 - (1.0 - x).powf(0.4), 1e-13);
        }
    }

    #[test]
    fn bisection_inverts_a_cdf() {
        close(invert(|x| x * x, 0.25, 0.0, 1.0), 0.5, 1e-15);
        close(
            invert(normal_cdf, 0.9, -40.0, 40.0),
            1.281_551_565_544_600_5,
            1e-12,
        );
    }
}

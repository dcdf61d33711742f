//! `base^r` for the utilities `2 − 4·base^r` of a round, a whole round's at
//! once: `exp(r·ln base)` with the logarithm and the exponential written out
//! as straight-line arithmetic, so that the compiler runs two of them at a
//! time in SIMD registers (SSE2, which every x86-64 has) instead of calling
//! libm once per number. On the flagship this was a third of the model's
//! time (libm's `log` and `exp`, each behind a call and an errno wrapper).
//!
//! Both are accurate to about one unit in the last place on the inputs a
//! round gives them (`tests` hold them to 2 ulp against the standard
//! library over the whole range); they use no fused multiply-add, so they
//! give the same bits on every x86-64 machine, which libm's run-time choice
//! of an FMA variant does not promise.
//!
//! The methods are the textbook ones: the logarithm splits off the binary
//! exponent and sums the series `ln m = 2 atanh((m − 1)/(m + 1))` for the
//! mantissa `m ∈ [√½, √2)`; the exponential reduces `x = k ln 2 + t` with
//! `|t| ≤ ln 2 / 2` (ln 2 in two parts, so `k ln 2` loses no digits) and sums
//! the Taylor series of `e^t`.

/// ln 2 in two parts: `LN2_HI` has its last 20 bits zero, so `k · LN2_HI` is
/// exact for every `|k| < 2¹¹`; `LN2_LO` is the rest, `ln 2 − LN2_HI`.
/// (`LN2_HI` = 0.693147180369123816490, `LN2_LO` = 1.90821492927058770002e-10.)
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
/// `1.5 · 2⁵²`: adding it to a number below 2⁵¹ in size rounds that number to
/// an integer, which the low bits of the sum then hold.
const ROUNDER: f64 = 6_755_399_441_055_744.0;
/// Below this `e^x < 1e-304`, and a power that small makes no difference
/// to `2 − 4·base^r`: it counts as 0 (as `e^{−∞}` is).
const SMALLEST_EXPONENT: f64 = -700.0;

/// `e^x` for `x ≤ 700`; 0 for `x < −700` (including `−∞`). Straight-line
/// code (the final choice is a select, not a branch) so that loops over it
/// vectorise.
#[inline(always)]
pub(super) fn exp(x: f64) -> f64 {
    // k = round(x / ln 2), in a float and in the low bits of `shifted`.
    let shifted = x * std::f64::consts::LOG2_E + ROUNDER;
    let k = shifted - ROUNDER;
    let t = (x - k * LN2_HI) - k * LN2_LO;
    // e^t = 1 + t + t² q(t) to degree 13: the next term is below
    // t¹⁴/14! < 5e-18 for |t| ≤ 0.347. q is summed by Estrin's scheme (pairs
    // of terms, then pairs of pairs, with t², t⁴, t⁸): six dependent steps
    // instead of Horner's 22, which is what a loop of these waits on; its
    // rounding errors are scaled by t² before they meet the leading 1 + t.
    let c = |k: f64| 1.0 / k;
    let t2 = t * t;
    let (t4, pair) = (t2 * t2, |a: f64, b: f64| c(a) + c(b) * t);
    let t8 = t4 * t4;
    let first = pair(2.0, 6.0) + pair(24.0, 120.0) * t2;
    let second = pair(720.0, 5_040.0) + pair(40_320.0, 362_880.0) * t2;
    let third = pair(3_628_800.0, 39_916_800.0) + pair(479_001_600.0, 6_227_020_800.0) * t2;
    let q = (first + second * t4) + third * t8;
    let sum = 1.0 + (t + t2 * q);
    // 2^k from k's bits: exponent field k + 1023, for −1010 ≤ k ≤ 1010.
    let k_bits = shifted.to_bits().wrapping_sub(ROUNDER.to_bits());
    let scale = f64::from_bits(k_bits.wrapping_add(1023) << 52);
    if x >= SMALLEST_EXPONENT {
        sum * scale
    } else {
        0.0
    }
}

/// `ln b` for `b ∈ [0, 1]`: `−∞` for 0 (and for subnormal `b`, below
/// 2.3e-308, whose powers `b^r` with `r ≥ 0.5` are below 1e-154 and count as
/// 0). Straight-line code, like [`exp`].
#[inline(always)]
pub(super) fn ln_unit(b: f64) -> f64 {
    const MANTISSA: u64 = (1 << 52) - 1;
    let bits = b.to_bits();
    // The biased exponent field as a float, by the same rounding trick.
    let two_52 = 4_503_599_627_370_496.0_f64;
    let biased = f64::from_bits(two_52.to_bits() | (bits >> 52)) - two_52;
    // The mantissa in [1, 2), halved when above √2.
    let mantissa = f64::from_bits((bits & MANTISSA) | 1.0_f64.to_bits());
    let high = mantissa > std::f64::consts::SQRT_2;
    let m = if high { 0.5 * mantissa } else { mantissa };
    let exponent = biased - 1023.0 + if high { 1.0 } else { 0.0 };
    // ln m = 2 atanh(s) = 2 (s + s³/3 + s⁵/5 + …), s = (m − 1)/(m + 1),
    // |s| ≤ 0.1716: the terms after s²¹/21 add less than 1e-18 of the sum.
    let s = (m - 1.0) / (m + 1.0);
    let z = s * s;
    // ln m = 2s + 2s·z·tail(z), tail = 1/3 + z/5 + … + z⁹/21 by Estrin's
    // scheme (see `exp`).
    let c = |odd: f64| 1.0 / odd;
    let (z2, pair) = (z * z, |a: f64, b: f64| c(a) + c(b) * z);
    let z4 = z2 * z2;
    let z8 = z4 * z4;
    let first = pair(3.0, 5.0) + pair(7.0, 9.0) * z2;
    let second = pair(11.0, 13.0) + pair(15.0, 17.0) * z2;
    let tail = (first + second * z4) + pair(19.0, 21.0) * z8;
    let twice = 2.0 * s;
    let ln_m = twice + twice * (z * tail);
    let ln = exponent * LN2_HI + (exponent * LN2_LO + ln_m);
    if b >= f64::MIN_POSITIVE {
        ln
    } else {
        f64::NEG_INFINITY
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Distance in units in the last place (both finite, same sign).
    fn ulps(a: f64, b: f64) -> u64 {
        a.to_bits().abs_diff(b.to_bits())
    }

    /// A fixed xorshift stream of uniforms on [0, 1).
    fn uniforms() -> impl FnMut() -> f64 {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    #[test]
    fn ln2_splits_exactly() {
        assert_eq!(LN2_HI.to_bits() & ((1 << 20) - 1), 0, "k·LN2_HI exact");
        assert_eq!(LN2_HI + LN2_LO, std::f64::consts::LN_2);
        // ln 2 rounded to a double is within 5.6e-17 of ln 2, so its
        // difference from LN2_HI (exact) is within that of LN2_LO.
        let rest = std::f64::consts::LN_2 - LN2_HI;
        assert!((rest - LN2_LO).abs() < 5.6e-17, "{rest:e}");
    }

    #[test]
    fn exp_is_within_two_ulp_of_the_standard_library() {
        let mut next = uniforms();
        let mut worst = 0;
        for i in 0..200_000 {
            // Most where a round's exponents lie (r ln b ∈ [−80, 0]), some
            // over the whole range the function promises.
            let x = if i % 4 == 0 {
                1400.0 * next() - 700.0
            } else {
                -80.0 * next()
            };
            worst = worst.max(ulps(exp(x), x.exp()));
        }
        assert!(worst <= 2, "{worst} ulp");
        for x in [0.0, -0.0, 1e-300, -1e-300, 700.0, -700.0] {
            assert!(ulps(exp(x), x.exp()) <= 2, "{x}");
        }
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(-700.5), 0.0);
        assert_eq!(exp(f64::NEG_INFINITY), 0.0);
    }

    #[test]
    fn ln_is_within_two_ulp_of_the_standard_library() {
        let mut next = uniforms();
        let mut worst = 0;
        for i in 0..200_000 {
            // Uniform on [0, 1], and spread over every binary exponent.
            let b = if i % 2 == 0 {
                next()
            } else {
                next() * 2f64.powi(-((next() * 1021.0) as i32))
            };
            if b >= f64::MIN_POSITIVE {
                worst = worst.max(ulps(ln_unit(b), b.ln()));
            }
        }
        assert!(worst <= 2, "{worst} ulp");
        assert_eq!(ln_unit(1.0), 0.0);
        assert_eq!(ln_unit(0.5), -std::f64::consts::LN_2);
        assert_eq!(ln_unit(0.0), f64::NEG_INFINITY);
        assert_eq!(ln_unit(f64::MIN_POSITIVE / 4.0), f64::NEG_INFINITY);
        assert!(ulps(ln_unit(f64::MIN_POSITIVE), f64::MIN_POSITIVE.ln()) <= 2);
        // Either side of √2, where the mantissa is halved.
        let root = std::f64::consts::SQRT_2 / 2.0;
        for b in [root, f64::from_bits(root.to_bits() + 1), 1.0 - 1e-16] {
            assert!(ulps(ln_unit(b), b.ln()) <= 2, "{b}");
        }
    }

    #[test]
    fn powers_of_a_round_match_powf() {
        // base^r = exp(r ln base) over the bases and exponents a round uses.
        let mut next = uniforms();
        for _ in 0..100_000 {
            let (base, risk) = (next(), 0.5 + 1.5 * next());
            let (ours, libm) = (exp(risk * ln_unit(base)), base.powf(risk));
            assert!((ours - libm).abs() <= 1e-14 * libm, "{base}^{risk}");
        }
        assert_eq!(exp(0.7 * ln_unit(0.0)), 0.0);
    }
}

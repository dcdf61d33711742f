//! Numbers that may be uncertain: a fixed value or a distribution, clamped to
//! the range that makes sense for the parameter it stands for.
//!
//! A scenario can write any actor number as `0.3` or as `Normal(mean: 0.3, sd: 0.1)`.
//! The validated form is [`Param`]: the distribution plus the clamp range of the
//! parameter (a reservation lives in `[0, 1]`, a position in the issue's range, ...).
//! Randomness is always an argument, never ambient, so that a trial's draws depend
//! only on the stream the Monte Carlo engine hands in.

mod special;

use rand::{Rng, RngExt};
use rand_distr::Distribution;

/// A probability distribution for one scenario number, or a fixed value.
#[derive(Clone, Debug)]
pub enum Uncertain {
    /// A plain number.
    Fixed(f64),
    /// Normal distribution (truncated by clamping to the parameter's range).
    Normal {
        mean: f64,
        sd: f64,
        dist: rand_distr::Normal<f64>,
    },
    /// Uniform on `[min, max]`.
    Uniform { min: f64, max: f64 },
    /// Triangular on `[min, max]` with its peak at `mode`.
    Triangular { min: f64, mode: f64, max: f64 },
    /// Beta(alpha, beta) rescaled from `[0, 1]` to `[min, max]`.
    Beta {
        alpha: f64,
        beta: f64,
        min: f64,
        max: f64,
        dist: BetaDraw,
    },
}

/// How a beta distribution is drawn, chosen when it is built.
#[derive(Clone, Debug)]
pub enum BetaDraw {
    /// Whole-number parameters with `alpha + beta ≤` [`BetaDraw::MAX_WHOLE`]:
    /// `G_α / (G_α + G_β)` with independent gamma variables `G_k`, each the
    /// sum of `k` exponentials, `−ln` of a product of `k` uniforms on `(0, 1]`.
    /// Exact, with two logarithms and `alpha + beta` uniforms per draw.
    Whole { alpha: u32, total: u32 },
    /// Any other parameters: Cheng's rejection algorithms (rand_distr).
    Cheng(rand_distr::Beta<f64>),
}

impl BetaDraw {
    /// Largest `alpha + beta` drawn as [`BetaDraw::Whole`]: a product of that
    /// many uniforms, each at least 2⁻⁵³, stays a normal number (≥ 2⁻¹⁰⁰⁷), so
    /// its logarithm is exact to rounding.
    pub const MAX_WHOLE: f64 = 19.0;

    fn new(alpha: f64, beta: f64) -> Result<BetaDraw, String> {
        let whole = |x: f64| x.fract() == 0.0;
        if whole(alpha) && whole(beta) && alpha + beta <= Self::MAX_WHOLE {
            return Ok(BetaDraw::Whole {
                alpha: alpha as u32,
                total: (alpha + beta) as u32,
            });
        }
        rand_distr::Beta::new(alpha, beta)
            .map(BetaDraw::Cheng)
            .map_err(|e| format!("Beta: {e}"))
    }

    /// One draw on `[0, 1]`. Kept out of line, so that [`Uncertain::sample`],
    /// mostly triangular draws, stays small enough to inline into the loop
    /// that redraws a world.
    #[inline(never)]
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match *self {
            BetaDraw::Whole { alpha, total } => {
                // 1 − U with U on [0, 1) is on (0, 1]: no logarithm of zero.
                let mut product =
                    |count: u32| (0..count).fold(1.0, |p: f64, _| p * (1.0 - rng.random::<f64>()));
                let first = product(alpha).ln();
                let rest = product(total - alpha).ln();
                let sum = first + rest;
                // Zero only if every uniform drew exactly 1 (odds 2^(−53·(α+β))).
                if sum < 0.0 { first / sum } else { 0.5 }
            }
            BetaDraw::Cheng(ref dist) => dist.sample(rng),
        }
    }
}

impl PartialEq for Uncertain {
    fn eq(&self, other: &Self) -> bool {
        self.describe() == other.describe()
    }
}

impl Uncertain {
    /// Builds a normal distribution; `sd` must be finite and non-negative.
    pub fn normal(mean: f64, sd: f64) -> Result<Self, String> {
        if !mean.is_finite() || !sd.is_finite() || sd < 0.0 {
            return Err(format!(
                "Normal needs a finite mean and sd >= 0, got mean {mean}, sd {sd}"
            ));
        }
        let dist = rand_distr::Normal::new(mean, sd).map_err(|e| format!("Normal: {e}"))?;
        Ok(Uncertain::Normal { mean, sd, dist })
    }

    /// Builds a uniform distribution on `[min, max]`.
    pub fn uniform(min: f64, max: f64) -> Result<Self, String> {
        if !min.is_finite() || !max.is_finite() || min > max {
            return Err(format!(
                "Uniform needs finite min <= max, got min {min}, max {max}"
            ));
        }
        Ok(Uncertain::Uniform { min, max })
    }

    /// Builds a triangular distribution; needs `min <= mode <= max`.
    pub fn triangular(min: f64, mode: f64, max: f64) -> Result<Self, String> {
        let finite = min.is_finite() && mode.is_finite() && max.is_finite();
        if !finite || min > mode || mode > max {
            return Err(format!(
                "Triangular needs finite min <= mode <= max, got min {min}, mode {mode}, max {max}"
            ));
        }
        Ok(Uncertain::Triangular { min, mode, max })
    }

    /// Builds a beta distribution rescaled to `[min, max]`; `alpha, beta > 0`.
    pub fn beta(alpha: f64, beta: f64, min: f64, max: f64) -> Result<Self, String> {
        let finite = alpha.is_finite() && beta.is_finite() && min.is_finite() && max.is_finite();
        if !finite || alpha <= 0.0 || beta <= 0.0 || min > max {
            return Err(format!(
                "Beta needs alpha > 0, beta > 0 and min <= max, got alpha {alpha}, beta {beta}, min {min}, max {max}"
            ));
        }
        let dist = BetaDraw::new(alpha, beta)?;
        Ok(Uncertain::Beta {
            alpha,
            beta,
            min,
            max,
            dist,
        })
    }

    /// The distribution's mean (the nominal value used by `zopa solve`).
    pub fn mean(&self) -> f64 {
        match *self {
            Uncertain::Fixed(value) => value,
            Uncertain::Normal { mean, .. } => mean,
            Uncertain::Uniform { min, max } => 0.5 * (min + max),
            Uncertain::Triangular { min, mode, max } => (min + mode + max) / 3.0,
            Uncertain::Beta {
                alpha,
                beta,
                min,
                max,
                ..
            } => min + (max - min) * alpha / (alpha + beta),
        }
    }

    /// The smallest and largest value a draw can take before clamping.
    pub fn support(&self) -> (f64, f64) {
        match *self {
            Uncertain::Fixed(value) => (value, value),
            Uncertain::Normal { .. } => (f64::NEG_INFINITY, f64::INFINITY),
            Uncertain::Uniform { min, max }
            | Uncertain::Triangular { min, max, .. }
            | Uncertain::Beta { min, max, .. } => (min, max),
        }
    }

    /// The `p`-quantile (`p` in `[0, 1]`) before clamping, computed without
    /// sampling: closed forms for uniform and triangular, bisection on the exact
    /// CDF for normal and beta. A normal's 0- and 1-quantiles are infinite.
    ///
    /// ```
    /// use zopa::uncertain::Uncertain;
    /// let normal = Uncertain::normal(0.0, 1.0).unwrap();
    /// assert!((normal.quantile(0.9) - 1.2815516).abs() < 1e-7);
    /// ```
    pub fn quantile(&self, p: f64) -> f64 {
        let p = if p.is_nan() { 0.5 } else { p.clamp(0.0, 1.0) };
        match *self {
            Uncertain::Fixed(value) => value,
            Uncertain::Normal { mean, sd, .. } => {
                if sd == 0.0 {
                    return mean;
                }
                let z = match p {
                    0.0 => f64::NEG_INFINITY,
                    1.0 => f64::INFINITY,
                    // Φ(±40) is 0 or 1 in double precision.
                    _ => special::invert(special::normal_cdf, p, -40.0, 40.0),
                };
                mean + sd * z
            }
            Uncertain::Uniform { min, max } => min + p * (max - min),
            Uncertain::Triangular { min, mode, max } => triangular_quantile(min, mode, max, p),
            Uncertain::Beta {
                alpha,
                beta,
                min,
                max,
                ..
            } => {
                let unit = special::invert(|x| special::beta_cdf(x, alpha, beta), p, 0.0, 1.0);
                min + (max - min) * unit
            }
        }
    }

    /// True for a plain number.
    pub fn is_fixed(&self) -> bool {
        matches!(self, Uncertain::Fixed(_))
    }

    /// Draws one value (not yet clamped).
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            Uncertain::Fixed(value) => *value,
            Uncertain::Normal { dist, .. } => dist.sample(rng),
            Uncertain::Uniform { min, max } => min + (max - min) * rng.random::<f64>(),
            Uncertain::Triangular { min, mode, max } => triangular_draw(*min, *mode, *max, rng),
            Uncertain::Beta { min, max, dist, .. } => min + (max - min) * dist.sample(rng),
        }
    }

    /// A short human description, e.g. `Uniform(0.2..0.4)`.
    pub fn describe(&self) -> String {
        match *self {
            Uncertain::Fixed(value) => format!("{value}"),
            Uncertain::Normal { mean, sd, .. } => format!("Normal(mean {mean}, sd {sd})"),
            Uncertain::Uniform { min, max } => format!("Uniform({min}..{max})"),
            Uncertain::Triangular { min, mode, max } => format!("Triangular({min}, {mode}, {max})"),
            Uncertain::Beta {
                alpha,
                beta,
                min,
                max,
                ..
            } => {
                format!("Beta(alpha {alpha}, beta {beta}, {min}..{max})")
            }
        }
    }
}

/// One draw of the triangular distribution on `[min, max]` with its peak at
/// `mode`, from two uniforms `U₁, U₂`:
/// `min + (max − mode)·min(U₁, U₂) + (mode − min)·max(U₁, U₂)`.
///
/// Exact, not an approximation: on the triangle `0 < m < M < 1` where the pair
/// `(min(U₁, U₂), max(U₁, U₂))` has density 2, the set where
/// `(1 − s)·m + s·M ≤ x` (with `s = (mode − min)/(max − min)`) is, for `x ≤ s`,
/// the triangle with corners `(0, 0)`, `(x, x)`, `(0, x/s)`, of area `x²/(2s)`:
/// probability `x²/s`, the triangular CDF below the mode; above it the same
/// holds by symmetry. Rescaled, that is the sum above. It replaces the inverse
/// CDF (a square root and a branch taken at random, half of the cost of
/// drawing the flagship's numbers) by a minimum and a maximum; it takes two
/// uniforms from the stream instead of one.
#[inline]
fn triangular_draw<R: Rng + ?Sized>(min: f64, mode: f64, max: f64, rng: &mut R) -> f64 {
    let (u, v) = (rng.random::<f64>(), rng.random::<f64>());
    // Rounding could put the sum an ulp above `max`.
    (min + (max - mode) * u.min(v) + (mode - min) * u.max(v)).min(max)
}

/// Inverse CDF of the triangular distribution.
fn triangular_quantile(min: f64, mode: f64, max: f64, p: f64) -> f64 {
    let width = max - min;
    if width <= 0.0 {
        return min;
    }
    let split = (mode - min) / width;
    if p < split {
        min + (p * width * (mode - min)).sqrt()
    } else {
        max - ((1.0 - p) * width * (max - mode)).sqrt()
    }
}

/// A validated scenario number: a distribution and the range its draws are clamped to.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// What the scenario wrote.
    pub dist: Uncertain,
    /// Smallest valid value.
    pub lo: f64,
    /// Largest valid value.
    pub hi: f64,
}

impl Param {
    /// A fixed value with no clamping beyond itself.
    pub fn fixed(value: f64) -> Self {
        Param {
            dist: Uncertain::Fixed(value),
            lo: value,
            hi: value,
        }
    }

    /// The nominal value: the distribution's mean, clamped to the valid range.
    pub fn nominal(&self) -> f64 {
        self.dist.mean().clamp(self.lo, self.hi)
    }

    /// One clamped draw.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        self.dist.sample(rng).clamp(self.lo, self.hi)
    }

    /// The `p`-quantile of the clamped draws. Clamping is monotone, so it is
    /// the distribution's quantile clamped to the valid range.
    pub fn quantile(&self, p: f64) -> f64 {
        self.dist.quantile(p).clamp(self.lo, self.hi)
    }

    /// True when the number is uncertain.
    pub fn is_uncertain(&self) -> bool {
        !self.dist.is_fixed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;

    #[test]
    fn means_match_closed_forms() {
        assert_eq!(Uncertain::uniform(0.2, 0.6).unwrap().mean(), 0.4);
        let tri = Uncertain::triangular(0.0, 0.3, 0.9).unwrap();
        assert!((tri.mean() - 0.4).abs() < 1e-12);
        let beta = Uncertain::beta(2.0, 6.0, 0.0, 1.0).unwrap();
        assert!((beta.mean() - 0.25).abs() < 1e-12);
    }

    #[test]
    fn triangular_draws_have_the_right_mean_and_range() {
        let tri = Uncertain::triangular(1.0, 2.0, 4.0).unwrap();
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let n = 200_000;
        let mut sum = 0.0;
        for _ in 0..n {
            let x = tri.sample(&mut rng);
            assert!((1.0..=4.0).contains(&x));
            sum += x;
        }
        // mean 7/3, sd ~0.62: the standard error of the mean is ~0.0014.
        assert!((sum / n as f64 - 7.0 / 3.0).abs() < 0.01);
    }

    /// Checks that 200,000 draws of `dist` follow its exact CDF (the inverse
    /// of `quantile`): at every decile the share of draws below it is within
    /// 0.005, four standard errors of a proportion; and that they stay in the
    /// support.
    fn assert_follows_the_exact_cdf(dist: &Uncertain, seed: u64) {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let n = 200_000;
        let draws: Vec<f64> = (0..n).map(|_| dist.sample(&mut rng)).collect();
        for decile in 1..10 {
            let p = decile as f64 / 10.0;
            let x = dist.quantile(p);
            let below = draws.iter().filter(|&&d| d <= x).count() as f64 / n as f64;
            assert!(
                (below - p).abs() < 0.005,
                "{}: {below} of draws below its {p}-quantile",
                dist.describe()
            );
        }
        let (lo, hi) = dist.support();
        assert!(draws.iter().all(|d| (lo..=hi).contains(d)));
    }

    /// The min/max draw is triangular, with the peak inside and at either end.
    #[test]
    fn triangular_draws_follow_the_exact_cdf() {
        for (min, mode, max) in [(0.0, 0.3, 1.0), (2.0, 2.0, 5.0), (-1.0, 1.0, 1.0)] {
            assert_follows_the_exact_cdf(&Uncertain::triangular(min, mode, max).unwrap(), 11);
        }
    }

    /// Both ways of drawing a beta (whole parameters by gamma ratios, others by
    /// Cheng's algorithms) follow the exact CDF.
    #[test]
    fn beta_draws_follow_the_exact_cdf() {
        for (alpha, beta) in [(4.0, 4.0), (2.0, 5.0), (1.0, 1.0), (0.5, 0.5), (2.5, 7.0)] {
            let dist = Uncertain::beta(alpha, beta, 0.0, 1.0).unwrap();
            let whole = matches!(
                dist,
                Uncertain::Beta {
                    dist: BetaDraw::Whole { .. },
                    ..
                }
            );
            assert_eq!(whole, alpha.fract() == 0.0 && beta.fract() == 0.0);
            assert_follows_the_exact_cdf(&dist, 5);
        }
    }

    #[test]
    fn params_clamp_draws_and_nominal() {
        let param = Param {
            dist: Uncertain::normal(0.9, 0.5).unwrap(),
            lo: 0.0,
            hi: 1.0,
        };
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        for _ in 0..1000 {
            let x = param.sample(&mut rng);
            assert!((0.0..=1.0).contains(&x));
        }
        let wide = Param {
            dist: Uncertain::Fixed(3.0),
            lo: 0.0,
            hi: 1.0,
        };
        assert_eq!(wide.nominal(), 1.0);
    }

    #[test]
    fn quantiles_match_known_values() {
        let close = |actual: f64, expected: f64| {
            assert!(
                (actual - expected).abs() < 1e-9,
                "expected {expected}, got {actual}"
            )
        };
        let normal = Uncertain::normal(0.0, 1.0).unwrap();
        close(normal.quantile(0.9), 1.281_551_565_5);
        close(normal.quantile(0.1), -1.281_551_565_5);
        close(normal.quantile(0.5), 0.0);
        close(
            Uncertain::normal(1.0, 0.15).unwrap().quantile(0.975),
            1.0 + 0.15 * 1.959_963_985,
        );
        assert_eq!(normal.quantile(1.0), f64::INFINITY);
        close(Uncertain::uniform(0.2, 0.6).unwrap().quantile(0.1), 0.24);
        // Triangular(0, 0.3, 1): below the mode, F(x) = x²/0.3, so x₀.₁ = √0.03;
        // above it, 1 − F(x) = (1 − x)²/0.7, so x₀.₉ = 1 − √0.07.
        let tri = Uncertain::triangular(0.0, 0.3, 1.0).unwrap();
        close(tri.quantile(0.1), 0.03f64.sqrt());
        close(tri.quantile(0.9), 1.0 - 0.07f64.sqrt());
        // Beta(2, 1) on [1, 3]: F(u) = u², so u₀.₉ = √0.9.
        let beta = Uncertain::beta(2.0, 1.0, 1.0, 3.0).unwrap();
        close(beta.quantile(0.9), 1.0 + 2.0 * 0.9f64.sqrt());
        // Beta(4, 4) is symmetric about its midpoint.
        let symmetric = Uncertain::beta(4.0, 4.0, 0.35, 0.75).unwrap();
        close(symmetric.quantile(0.1) + symmetric.quantile(0.9), 1.1);
        // scipy.stats.beta.ppf(0.1, 4, 4) = 0.27860204858
        close(
            Uncertain::beta(4.0, 4.0, 0.0, 1.0).unwrap().quantile(0.1),
            0.278_602_048_6,
        );
        // Beta(½, ½) is the arcsine law: F(u) = (2/π) asin(√u), so u_p = sin²(πp/2).
        let arcsine = Uncertain::beta(0.5, 0.5, 0.0, 1.0).unwrap();
        close(
            arcsine.quantile(0.1),
            (std::f64::consts::PI * 0.05).sin().powi(2),
        );
        close(Uncertain::Fixed(3.0).quantile(0.1), 3.0);
    }

    #[test]
    fn param_quantiles_are_clamped() {
        let param = Param {
            dist: Uncertain::normal(0.9, 0.5).unwrap(),
            lo: 0.0,
            hi: 1.0,
        };
        assert_eq!(param.quantile(0.9), 1.0);
        assert!((param.quantile(0.1) - (0.9 - 0.5 * 1.281_551_565_5)).abs() < 1e-9);
    }

    #[test]
    fn invalid_parameters_are_rejected_with_the_value() {
        let err = Uncertain::normal(0.0, -1.0).unwrap_err();
        assert!(err.contains("-1"), "{err}");
        assert!(Uncertain::triangular(0.0, 2.0, 1.0).is_err());
        assert!(Uncertain::beta(0.0, 1.0, 0.0, 1.0).is_err());
        assert!(Uncertain::uniform(f64::NAN, 1.0).is_err());
    }
}

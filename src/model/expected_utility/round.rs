//! One round of the expected utility model: votes, chances of winning,
//! utilities and risk, the offers each actor expects and the moves they make
//! (steps 1–5 of the parent module's description). The parent plays rounds
//! one after another and reads off the forecast.

use super::rules::{choose_offer, probabilities};
use super::{Stake, split};
use crate::model_kind::EuRules;

/// Probability `Q` that the status quo persists when nobody challenges it.
pub const STATUS_QUO_PROBABILITY: f64 = 1.0;
/// Probability `T` that an unchallenged change moves things in the actor's favour.
pub const BETTER_PROBABILITY: f64 = 1.0;

/// The median voter position `μ`: the position that no other beats in a
/// pairwise `c·s` vote, i.e. the first position (in increasing order) where the
/// cumulative weight reaches half the total. On an exact tie, the lower one.
pub fn weighted_median(positions: &[f64], weights: &[f64]) -> f64 {
    let total: f64 = weights.iter().sum();
    if total <= 0.0 {
        return weighted_median(positions, &vec![1.0; positions.len()]);
    }
    let mut order: Vec<usize> = (0..positions.len()).collect();
    order.sort_by(|&a, &b| positions[a].total_cmp(&positions[b]));
    let mut cumulative = 0.0;
    for &k in &order {
        cumulative += weights[k];
        if cumulative >= 0.5 * total * (1.0 - 1e-12) {
            return positions[k];
        }
    }
    order.last().map_or(0.5, |&k| positions[k])
}

/// `voter`'s vote for position `a` against `b`: `c s (|x − b| − |x − a|) / spread`,
/// positive when it prefers `a`.
pub fn vote(voter: &Stake, a: f64, b: f64, spread: f64) -> f64 {
    voter.weight() * ((voter.position - b).abs() - (voter.position - a).abs()) / spread
}

/// `P_i^j` under the paper's rules: the share of all votes in an
/// `i`-against-`j` contest cast for `i`. Zero when both hold the same position
/// (there is nothing to contest). The other rule sets' `P` are in `rules`.
pub fn win_probability(stakes: &[Stake], i: usize, j: usize, spread: f64) -> f64 {
    let (a, b) = (stakes[i].position, stakes[j].position);
    if a == b {
        return 0.0;
    }
    let (mut for_i, mut total) = (0.0, 0.0);
    for voter in stakes {
        let v = vote(voter, a, b, spread);
        for_i += v.max(0.0);
        total += v.abs();
    }
    if total > 0.0 { for_i / total } else { 0.0 }
}

/// The utilities of one actor in one contest, all of the form `2 − 4·base^r`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Utilities {
    /// `U_s`: the rival adopts my position (`base = 0.5 − 0.5 d`).
    pub success: f64,
    /// `U_f`: I have to adopt the rival's position (`base = 0.5 + 0.5 d`).
    pub failure: f64,
    /// `U_b`: unchallenged, things change in my favour.
    pub better: f64,
    /// `U_w`: unchallenged, things change against me.
    pub worse: f64,
    /// `U_sq`: nothing changes (`base = 0.5`).
    pub status_quo: f64,
}

impl Utilities {
    /// Utilities for normalised distance `distance` between the two positions,
    /// `to_median` between my position and `μ`, and risk exponent `risk`.
    pub fn new(distance: f64, to_median: f64, risk: f64) -> Utilities {
        let drift = 0.25 * (to_median + distance);
        Utilities {
            success: utility(0.5 - 0.5 * distance, risk),
            failure: utility(0.5 + 0.5 * distance, risk),
            better: utility(0.5 - drift, risk),
            worse: utility(0.5 + drift, risk),
            status_quo: utility(0.5, risk),
        }
    }

    /// The same utilities when success, failure and status quo are known
    /// (they do not depend on the distance to the median): `play_round` shares
    /// them between an actor's challenge and its view of the rival's threat.
    fn drifting(known: &Utilities, distance: f64, to_median: f64, risk: f64) -> Utilities {
        let drift = 0.25 * (to_median + distance);
        Utilities {
            better: utility(0.5 - drift, risk),
            worse: utility(0.5 + drift, risk),
            ..*known
        }
    }
}

/// `2 − 4·base^r`, with `base` clamped to `[0, 1]`; `r = 1` (the securities)
/// without calling `powf`, whose result for an exponent of 1 is `base` exactly.
#[inline]
fn utility(base: f64, risk: f64) -> f64 {
    let base = base.clamp(0.0, 1.0);
    2.0 - 4.0 * if risk == 1.0 { base } else { base.powf(risk) }
}

/// `EU_i(ij)`: the expected utility of challenging a target that resists with
/// probability `target_salience`, won with probability `probability`, minus the
/// expected utility of not challenging.
pub fn expected_utility(probability: f64, target_salience: f64, u: &Utilities) -> f64 {
    let resisted = probability * u.success + (1.0 - probability) * u.failure;
    let challenge = target_salience * resisted + (1.0 - target_salience) * u.success;
    let drift = BETTER_PROBABILITY * u.better + (1.0 - BETTER_PROBABILITY) * u.worse;
    let quiet = STATUS_QUO_PROBABILITY * u.status_quo + (1.0 - STATUS_QUO_PROBABILITY) * drift;
    challenge - quiet
}

/// Risk exponents from securities: `r_i = (1 − R_i/3)/(1 + R_i/3)` with `R_i`
/// the security rescaled to `[−1, 1]`. The actor most worth challenging gets
/// `r = 0.5` (risk-acceptant), the least `r = 2` (risk-averse).
pub fn risk_exponents(security: &[f64]) -> Vec<f64> {
    let max = security.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let min = security.iter().copied().fold(f64::INFINITY, f64::min);
    let range = max - min;
    let flat = !range.is_finite() || range <= 1e-12 * (1.0 + max.abs().max(min.abs()));
    let scale = if flat { 0.0 } else { 1.0 / range };
    security
        .iter()
        .map(|&s| {
            let r = (2.0 * s - max - min) * scale;
            (1.0 - r / 3.0) / (1.0 + r / 3.0)
        })
        .collect()
}

/// What an actor expects from a rival's credible demand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OfferKind {
    /// Both would gain from a challenge, the rival more: the actor expects to lose.
    Confrontation,
    /// The actor would lose less than the rival gains: it meets the rival part-way.
    Compromise,
    /// The actor would lose more than the rival gains: it gives in completely.
    Capitulation,
}

/// An offer an actor accepts: who made it, its kind and the position it leads to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Offer {
    /// The rival whose demand the actor accepts.
    pub from: usize,
    /// How the actor expects the contest to go.
    pub kind: OfferKind,
    /// The actor's new position.
    pub position: f64,
}

/// The offer an actor at `position` expects from a rival at `rival`, given its
/// own `challenge = EU_i(ij)` and its view of the rival's `threat = EU_i(ji)`;
/// `None` if the rival's demand is not credible.
pub fn credible_offer(
    position: f64,
    rival: f64,
    challenge: f64,
    threat: f64,
) -> Option<(OfferKind, f64)> {
    if threat <= 0.0 || position == rival {
        None
    } else if challenge > 0.0 {
        (threat > challenge).then_some((OfferKind::Confrontation, rival))
    } else if challenge < 0.0 && -challenge < threat {
        let share = -challenge / threat;
        Some((OfferKind::Compromise, position + (rival - position) * share))
    } else if challenge < 0.0 {
        Some((OfferKind::Capitulation, rival))
    } else {
        None
    }
}

/// Everything one round computes, for tests and explanations.
#[derive(Clone, Debug, PartialEq)]
pub struct Round {
    /// The median voter position `μ` at the start of the round.
    pub median: f64,
    /// `probability[i][j] = P_i^j`, as used for the offers (under jmckib's
    /// rules with the voters' new exponents; the securities used exponent 1).
    pub probability: Vec<Vec<f64>>,
    /// `S_i`: the others' expected utilities of challenging `i`, with `r = 1`.
    pub security: Vec<f64>,
    /// Risk exponents `r_i`.
    pub risk: Vec<f64>,
    /// `challenge[i][j] = EU_i(ij)`: `i`'s expected utility of challenging `j`.
    pub challenge: Vec<Vec<f64>>,
    /// `threat[i][j] = EU_i(ji)`: `j`'s expected utility of challenging `i`,
    /// as `i` sees it (with `i`'s exponent); under Masad's rules as `j` sees
    /// it, i.e. `challenge[j][i]`.
    pub threat: Vec<Vec<f64>>,
    /// The offer each actor accepts, if any.
    pub accepted: Vec<Option<Offer>>,
    /// Positions at the end of the round.
    pub positions: Vec<f64>,
}

/// Plays one round under `rules`; distances are divided by `spread` (must be
/// positive). Every stake takes part: the caller leaves out the actors with no
/// salience on the issue.
pub fn play_round(stakes: &[Stake], spread: f64, rules: EuRules) -> Round {
    let n = stakes.len();
    let (positions, weights) = split(stakes);
    let median = weighted_median(&positions, &weights);
    let matrix = |f: &dyn Fn(usize, usize) -> f64| -> Vec<Vec<f64>> {
        (0..n).map(|i| (0..n).map(|j| f(i, j)).collect()).collect()
    };
    // Securities are reckoned with every risk exponent at 1, voters' included.
    let neutral = probabilities(stakes, spread, rules, &vec![1.0; n]);
    // EU of `i` challenging `j`, with risk exponent `risk`.
    let eu = |i: usize, j: usize, risk: f64| {
        if i == j {
            return 0.0;
        }
        let distance = (positions[i] - positions[j]).abs() / spread;
        let to_median = (positions[i] - median).abs() / spread;
        let u = Utilities::new(distance, to_median, risk);
        expected_utility(neutral[i][j], stakes[j].salience, &u)
    };
    let security: Vec<f64> = (0..n)
        .map(|i| (0..n).map(|j| eu(j, i, 1.0)).sum())
        .collect();
    let risk = risk_exponents(&security);
    // Under jmckib's rules each voter weighs distances with its new exponent.
    let probability = match rules {
        EuRules::Jmckib => probabilities(stakes, spread, rules, &risk),
        EuRules::Paper | EuRules::Masad => neutral,
    };
    // `challenge[i][j] = EU_i(ij)` and `threat[i][j] = EU_i(ji)` use the same
    // exponent and distance: success, failure and status quo are computed once
    // (the same `powf` calls as `eu` would make, a third fewer of them).
    let mut challenge = vec![vec![0.0; n]; n];
    let mut threat = vec![vec![0.0; n]; n];
    for i in 0..n {
        let status_quo = utility(0.5, risk[i]);
        for j in (0..n).filter(|&j| j != i) {
            let distance = (positions[i] - positions[j]).abs() / spread;
            let known = Utilities {
                success: utility(0.5 - 0.5 * distance, risk[i]),
                failure: utility(0.5 + 0.5 * distance, risk[i]),
                better: 0.0,
                worse: 0.0,
                status_quo,
            };
            let mine = (positions[i] - median).abs() / spread;
            let theirs = (positions[j] - median).abs() / spread;
            let u = Utilities::drifting(&known, distance, mine, risk[i]);
            challenge[i][j] = expected_utility(probability[i][j], stakes[j].salience, &u);
            let u = Utilities::drifting(&known, distance, theirs, risk[i]);
            threat[i][j] = expected_utility(probability[j][i], stakes[i].salience, &u);
        }
    }
    if rules == EuRules::Masad {
        // The rival's demand is worth what the rival itself reckons, with its own exponent.
        threat = matrix(&|i, j| challenge[j][i]);
    }
    let accepted: Vec<Option<Offer>> = (0..n)
        .map(|i| choose_offer(rules, i, &positions, &challenge, &threat))
        .collect();
    let new_positions = accepted
        .iter()
        .zip(&positions)
        .map(|(offer, &x)| offer.map_or(x, |o| o.position))
        .collect();
    Round {
        median,
        probability,
        security,
        risk,
        challenge,
        threat,
        accepted,
        positions: new_positions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn risk_exponents_span_half_to_two() {
        let r = risk_exponents(&[0.0, 1.0, 2.0]);
        let expected = close(r[0], 2.0) && close(r[1], 1.0) && close(r[2], 0.5);
        assert!(expected, "{r:?}");
        assert_eq!(
            risk_exponents(&[0.3, 0.3]),
            vec![1.0, 1.0],
            "equal security"
        );
    }

    #[test]
    fn risk_neutral_utilities_are_linear_in_distance() {
        let u = Utilities::new(0.4, 0.0, 1.0);
        assert!(close(u.success, 0.8) && close(u.failure, -0.8) && close(u.status_quo, 0.0));
        // Risk-averse: the status quo is worth 2 − 4·0.25 = 1.
        assert!(close(Utilities::new(0.4, 0.0, 2.0).status_quo, 1.0));
    }

    #[test]
    fn offers_follow_the_octants() {
        use OfferKind::*;
        let cases = [
            ((0.2, 0.5), Some((Confrontation, 1.0))),
            ((0.5, 0.2), None), // i expects to win the confrontation
            ((-0.25, 1.0), Some((Compromise, 0.25))),
            ((-1.0, 0.25), Some((Capitulation, 1.0))),
            ((-1.0, -0.5), None), // the rival's threat is not credible
        ];
        for ((challenge, threat), expected) in cases {
            assert_eq!(credible_offer(0.0, 1.0, challenge, threat), expected);
        }
        assert_eq!(credible_offer(0.5, 0.5, -1.0, 2.0), None, "same position");
    }

    #[test]
    fn median_breaks_an_exact_tie_downwards() {
        assert_eq!(weighted_median(&[0.9, 0.1], &[1.0, 1.0]), 0.1);
        assert_eq!(weighted_median(&[0.9, 0.1, 0.5], &[1.0, 1.0, 0.5]), 0.5);
    }

    #[test]
    fn probabilities_of_a_pair_sum_to_one() {
        let stakes = [
            Stake::new(0.0, 1.0, 0.5),
            Stake::new(0.7, 2.0, 0.9),
            Stake::new(1.0, 3.0, 0.2),
        ];
        for (i, j) in [(0, 1), (0, 2), (1, 2)] {
            let sum = win_probability(&stakes, i, j, 1.0) + win_probability(&stakes, j, i, 1.0);
            assert!(close(sum, 1.0));
        }
    }
}

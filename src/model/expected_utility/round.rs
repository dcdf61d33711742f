//! One round of the expected utility model: votes, chances of winning,
//! utilities and risk, the offers each actor expects and the moves they make
//! (steps 1–5 of the parent module's description). The parent plays rounds
//! one after another and reads off the forecast.

use super::Stake;
use super::power;
use super::rules::{choose_offer, jmckib_probabilities, net_probability};
use super::square::Square;
use super::sweep::{self, Sweep};
use crate::model_kind::EuRules;

/// Probability `Q` that the status quo persists when nobody challenges it.
pub const STATUS_QUO_PROBABILITY: f64 = 1.0;
/// Probability `T` that an unchallenged change moves things in the actor's favour.
pub const BETTER_PROBABILITY: f64 = 1.0;

/// The median voter position `μ`: the position that no other beats in a
/// pairwise `c·s` vote, i.e. the first position (in increasing order) where the
/// cumulative weight reaches half the total. On an exact tie, the lower one.
pub fn weighted_median(positions: &[f64], weights: &[f64]) -> f64 {
    let mut order = Vec::new();
    sort_by_position(positions, &mut order);
    median_in_order(positions, weights, &order)
}

/// Fills `order` with the indices of `positions` in increasing order of
/// position, ties by index (as a stable sort would leave them; the unstable
/// sort allocates nothing).
pub(super) fn sort_by_position(positions: &[f64], order: &mut Vec<usize>) {
    order.clear();
    order.extend(0..positions.len());
    order.sort_unstable_by(|&a, &b| positions[a].total_cmp(&positions[b]).then(a.cmp(&b)));
}

/// [`weighted_median`] with the positions already put in `order`; every
/// weight counts 1 if none is positive.
fn median_in_order(positions: &[f64], weights: &[f64], order: &[usize]) -> f64 {
    let total: f64 = weights.iter().sum();
    let unweighted = total <= 0.0;
    let total = if unweighted {
        positions.len() as f64
    } else {
        total
    };
    let mut cumulative = 0.0;
    for &k in order {
        cumulative += if unweighted { 1.0 } else { weights[k] };
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
    let mut risk = Vec::with_capacity(security.len());
    risk_exponents_into(security, &mut risk);
    risk
}

/// [`risk_exponents`] into `risk`, reusing its buffer.
fn risk_exponents_into(security: &[f64], risk: &mut Vec<f64>) {
    let max = security.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let min = security.iter().copied().fold(f64::INFINITY, f64::min);
    let range = max - min;
    let flat = !range.is_finite() || range <= 1e-12 * (1.0 + max.abs().max(min.abs()));
    let scale = if flat { 0.0 } else { 1.0 / range };
    risk.clear();
    risk.extend(security.iter().map(|&s| {
        let r = (2.0 * s - max - min) * scale;
        (1.0 - r / 3.0) / (1.0 + r / 3.0)
    }));
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

/// How a round counts the votes of its contests. Both give the same chances
/// of winning (to rounding; `tests/it/expected_utility.rs` holds them to 1e-9
/// on random tables); they differ in cost.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Counting {
    /// Positions sorted once per round, each contest's votes summed from
    /// running sums over the voters between and beyond the two rivals: O(n²)
    /// a round for n actors (`sweep`). Under jmckib's rules, whose votes
    /// bend each voter's distances by its own exponent, the per-voter count.
    #[default]
    Sorted,
    /// Every voter's vote in every contest, as the paper states the model:
    /// O(n³) a round. The reference the sorted count is tested against.
    PerVoter,
}

/// Everything one round computes, for tests and explanations. The tables are
/// reused from round to round (see [`Square`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Round {
    /// The median voter position `μ` at the start of the round. With
    /// `Q = 1` it enters no utility, so a round played for a forecast alone
    /// (`Round::play` with `median: false`) leaves it NaN; every round that
    /// is observed or tested has it.
    pub median: f64,
    /// `probability[i][j] = P_i^j`, as used for the offers (under jmckib's
    /// rules with the voters' new exponents; the securities used exponent 1).
    pub probability: Square,
    /// `S_i`: the others' expected utilities of challenging `i`, with `r = 1`.
    pub security: Vec<f64>,
    /// Risk exponents `r_i`.
    pub risk: Vec<f64>,
    /// `challenge[i][j] = EU_i(ij)`: `i`'s expected utility of challenging `j`.
    pub challenge: Square,
    /// `threat[i][j] = EU_i(ji)`: `j`'s expected utility of challenging `i`,
    /// as `i` sees it (with `i`'s exponent); under Masad's rules as `j` sees
    /// it, i.e. `challenge[j][i]`.
    pub threat: Square,
    /// The offer each actor accepts, if any.
    pub accepted: Vec<Option<Offer>>,
    /// Positions at the end of the round.
    pub positions: Vec<f64>,
}

/// Working space of a round that is not part of its record: kept from round
/// to round (and issue to issue) so that rounds allocate nothing.
#[derive(Clone, Debug, Default)]
pub(super) struct Scratch {
    positions: Vec<f64>,
    weights: Vec<f64>,
    /// Actors by position (ties by index).
    order: Vec<usize>,
    /// Distance of each actor's position to the median, over the spread.
    to_median: Vec<f64>,
    /// Under jmckib's rules, `P` with every exponent at 1 (for the
    /// securities); the other rule sets use `Round::probability` for both.
    neutral: Square,
    sweep: Sweep,
    /// Under jmckib's rules, voter `k`'s bent distance to actor `a`.
    bent: Square,
    /// Each actor's utility of the status quo, `2 − 4·0.5^r`.
    status_quo: Vec<f64>,
    powers: Powers,
}

/// Plays one round under `rules`; distances are divided by `spread` (must be
/// positive). Every stake takes part: the caller leaves out the actors with no
/// salience on the issue.
pub fn play_round(stakes: &[Stake], spread: f64, rules: EuRules) -> Round {
    play_round_counted(stakes, spread, rules, Counting::Sorted)
}

/// [`play_round`], with the votes counted by `counting`.
pub fn play_round_counted(
    stakes: &[Stake],
    spread: f64,
    rules: EuRules,
    counting: Counting,
) -> Round {
    let mut round = Round::default();
    let scratch = &mut Scratch::default();
    round.play(stakes, spread, rules, counting, true, scratch);
    round
}

impl Round {
    /// Plays one round (see [`play_round`]) into this record, reusing its
    /// tables and `scratch`; the median is found only when `median` asks for
    /// it or the utilities need it (`Q < 1`). Skipping it spares a sort and
    /// a pass over the actors, about 5% of a flagship trial.
    pub(super) fn play(
        &mut self,
        stakes: &[Stake],
        spread: f64,
        rules: EuRules,
        counting: Counting,
        median: bool,
        scratch: &mut Scratch,
    ) {
        let n = stakes.len();
        let Scratch {
            positions,
            weights,
            order,
            to_median,
            neutral,
            sweep,
            bent,
            status_quo,
            powers,
        } = scratch;
        positions.clear();
        positions.extend(stakes.iter().map(|s| s.position));
        weights.clear();
        weights.extend(stakes.iter().map(Stake::weight));
        let median = median || STATUS_QUO_PROBABILITY < 1.0;
        let swept = rules != EuRules::Jmckib && counting == Counting::Sorted && sweep::swept(n);
        order.clear();
        if median || swept {
            sort_by_position(positions, order);
        }
        to_median.clear();
        if median {
            self.median = median_in_order(positions, weights, order);
            to_median.extend(positions.iter().map(|x| (x - self.median).abs() / spread));
        } else {
            self.median = f64::NAN;
            to_median.resize(n, f64::NAN);
        }

        // Chances of winning with every exponent at 1, for the securities.
        let neutral: &Square = match (rules, counting) {
            (EuRules::Jmckib, _) => {
                jmckib_probabilities(positions, weights, spread, None, bent, neutral);
                neutral
            }
            (_, Counting::Sorted) => {
                let net = rules == EuRules::Masad;
                sweep.count(positions, weights, order, net, &mut self.probability);
                &self.probability
            }
            (_, Counting::PerVoter) => {
                per_voter_probabilities(stakes, spread, rules, &mut self.probability);
                &self.probability
            }
        };
        securities(
            stakes,
            spread,
            positions,
            to_median,
            neutral,
            &mut self.security,
        );
        risk_exponents_into(&self.security, &mut self.risk);
        // Under jmckib's rules each voter weighs distances with its new exponent.
        if rules == EuRules::Jmckib {
            let risk = Some(self.risk.as_slice());
            jmckib_probabilities(
                positions,
                weights,
                spread,
                risk,
                bent,
                &mut self.probability,
            );
        }
        status_quo.clear();
        // 2 − 4·0.5^r, with 0.5^r = e^{−r ln 2}.
        status_quo.extend(self.risk.iter().map(|&risk| {
            2.0 - 4.0
                * if risk == 1.0 {
                    0.5
                } else {
                    power::exp(-risk * std::f64::consts::LN_2)
                }
        }));
        self.expected_utilities(stakes, spread, positions, to_median, status_quo, powers);
        if rules == EuRules::Masad {
            // The rival's demand is worth what the rival itself reckons, with its own exponent.
            for i in 0..n {
                for j in 0..n {
                    self.threat[(i, j)] = self.challenge[(j, i)];
                }
            }
        }
        self.accepted.clear();
        self.accepted.extend(
            (0..n).map(|i| choose_offer(rules, i, positions, &self.challenge[i], &self.threat[i])),
        );
        self.positions.clear();
        self.positions.extend(
            self.accepted
                .iter()
                .zip(positions.iter())
                .map(|(offer, &x)| offer.map_or(x, |o| o.position)),
        );
    }

    /// Fills `challenge[i][j] = EU_i(ij)` and `threat[i][j] = EU_i(ji)` from
    /// `probability` and `risk`. Each utility is `2 − 4·base^r` with the
    /// base shared by the two actors of a contest and `r` the actor's own:
    /// the bases of every contest are gathered first, their logarithms
    /// taken in one pass and the powers `exp(r ln base)` in another (see
    /// `power`: the passes run two numbers at a time), then the expected
    /// utilities are summed up.
    ///
    /// Two actors at the same position have nothing to contest: with `Q = 1`
    /// success, failure and the status quo are one outcome, so both expected
    /// utilities are exactly 0 and no power is taken. (The model moves
    /// actors onto their rivals' positions, so such pairs are common once
    /// play is under way.)
    fn expected_utilities(
        &mut self,
        stakes: &[Stake],
        spread: f64,
        positions: &[f64],
        to_median: &[f64],
        status_quo: &[f64],
        work: &mut Powers,
    ) {
        let n = stakes.len();
        self.challenge.reset(n);
        self.threat.reset(n);
        let drifts = STATUS_QUO_PROBABILITY < 1.0;
        let Powers {
            contests,
            bases,
            logs,
            powers,
        } = work;
        contests.clear();
        bases.clear();
        for i in 0..n {
            for j in i + 1..n {
                if positions[i] != positions[j] || drifts {
                    let distance = (positions[i] - positions[j]).abs() / spread;
                    contests.push((i, j, distance));
                    // Success (the rival moves to me) and failure (I move).
                    bases.push((0.5 - 0.5 * distance).clamp(0.0, 1.0));
                    bases.push((0.5 + 0.5 * distance).clamp(0.0, 1.0));
                }
            }
        }
        logs.clear();
        logs.extend_from_slice(bases);
        for x in logs.iter_mut() {
            *x = power::ln_unit(*x);
        }
        powers.clear();
        for (&(i, j, _), ln) in contests.iter().zip(logs.chunks_exact(2)) {
            let (ri, rj) = (self.risk[i], self.risk[j]);
            powers.extend([ri * ln[0], ri * ln[1], rj * ln[0], rj * ln[1]]);
        }
        for x in powers.iter_mut() {
            *x = power::exp(*x);
        }
        let contests = contests.iter().zip(bases.chunks_exact(2));
        for ((&(i, j, distance), base), power) in contests.zip(powers.chunks_exact(4)) {
            for (side, (me, rival)) in [(i, j), (j, i)].into_iter().enumerate() {
                let risk = self.risk[me];
                // `2 − 4·base` exactly when r = 1.
                let bent = |k: usize| {
                    if risk == 1.0 {
                        base[k]
                    } else {
                        power[2 * side + k]
                    }
                };
                let known = Utilities {
                    success: 2.0 - 4.0 * bent(0),
                    failure: 2.0 - 4.0 * bent(1),
                    better: 0.0,
                    worse: 0.0,
                    status_quo: status_quo[me],
                };
                // The drift utilities count only when an unchallenged status
                // quo may change (`Q < 1`); with `Q = 1` their weight is 0.
                let drifting = |to_median: f64| {
                    if drifts {
                        Utilities::drifting(&known, distance, to_median, risk)
                    } else {
                        known
                    }
                };
                self.challenge[(me, rival)] = expected_utility(
                    self.probability[(me, rival)],
                    stakes[rival].salience,
                    &drifting(to_median[me]),
                );
                self.threat[(me, rival)] = expected_utility(
                    self.probability[(rival, me)],
                    stakes[me].salience,
                    &drifting(to_median[rival]),
                );
            }
        }
    }
}

/// Working space of [`Round::expected_utilities`]: the contests between
/// actors at different positions `(i, j, distance)`, each one's success and
/// failure bases, their logarithms, and the four powers `base^r` of the two
/// actors.
#[derive(Clone, Debug, Default)]
pub(super) struct Powers {
    contests: Vec<(usize, usize, f64)>,
    bases: Vec<f64>,
    logs: Vec<f64>,
    powers: Vec<f64>,
}

/// `S_i = Σ_{j≠i} EU_j(ji)` with every exponent 1, from `probability` (`P`
/// counted with every exponent 1), into `security`.
///
/// The two actors of a pair share its distance, so its risk-neutral success
/// and failure utilities (`2 − 4·base`) are computed once and serve both
/// `EU_j(ji)` (in `S_i`) and `EU_i(ij)` (in `S_j`). Each `S_i` still adds its
/// terms in the order `j = 0, 1, …, n − 1`, the order of the sum over `j` as
/// written: the pairs are visited row by row, so the terms of `S_i` from
/// pairs `(k, i)`, `k < i`, come before those from `(i, j)`, `j > i`. The
/// result is the per-actor sum to the bit (`security_matches_the_sum_per_actor`
/// in the tests).
fn securities(
    stakes: &[Stake],
    spread: f64,
    positions: &[f64],
    to_median: &[f64],
    probability: &Square,
    security: &mut Vec<f64>,
) {
    let n = stakes.len();
    security.clear();
    security.resize(n, 0.0);
    for i in 0..n {
        for j in i + 1..n {
            let distance = (positions[j] - positions[i]).abs() / spread;
            let known = Utilities {
                success: utility(0.5 - 0.5 * distance, 1.0),
                failure: utility(0.5 + 0.5 * distance, 1.0),
                better: 0.0,
                worse: 0.0,
                status_quo: utility(0.5, 1.0),
            };
            // As in `expected_utilities`: the drift utilities (which depend on
            // the challenger's distance to the median) count only when `Q < 1`.
            let seen_by = |challenger: usize| {
                if STATUS_QUO_PROBABILITY < 1.0 {
                    Utilities::drifting(&known, distance, to_median[challenger], 1.0)
                } else {
                    known
                }
            };
            security[i] += expected_utility(probability[(j, i)], stakes[i].salience, &seen_by(j));
            security[j] += expected_utility(probability[(i, j)], stakes[j].salience, &seen_by(i));
        }
    }
}

/// `P_i^j` for every pair by counting every voter (see [`Counting::PerVoter`])
/// under the paper's or Masad's rules.
fn per_voter_probabilities(stakes: &[Stake], spread: f64, rules: EuRules, table: &mut Square) {
    let n = stakes.len();
    table.reset(n);
    for i in 0..n {
        for j in 0..n {
            table[(i, j)] = match rules {
                EuRules::Masad => net_probability(stakes, i, j, spread),
                _ => win_probability(stakes, i, j, spread),
            };
        }
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

    /// The securities as the model writes them: for each actor, the sum over
    /// its rivals of `EU_j(ji)`, each from `Utilities::new` with exponent 1.
    fn security_per_actor(stakes: &[Stake], spread: f64, p: &Square) -> Vec<f64> {
        let n = stakes.len();
        let positions: Vec<f64> = stakes.iter().map(|s| s.position).collect();
        let weights: Vec<f64> = stakes.iter().map(Stake::weight).collect();
        let median = weighted_median(&positions, &weights);
        (0..n)
            .map(|i| {
                (0..n)
                    .map(|j| {
                        if i == j {
                            return 0.0;
                        }
                        let distance = (positions[j] - positions[i]).abs() / spread;
                        let to_median = (positions[j] - median).abs() / spread;
                        let u = Utilities::new(distance, to_median, 1.0);
                        expected_utility(p[j][i], stakes[i].salience, &u)
                    })
                    .sum::<f64>()
            })
            .collect()
    }

    #[test]
    fn security_matches_the_sum_per_actor() {
        // Random tables (a fixed generator), 2 to 9 actors, some sharing a
        // position: the pairwise accumulation gives the same bits.
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        for case in 0..500 {
            let n = 2 + case % 8;
            let stakes: Vec<Stake> = (0..n)
                .map(|_| {
                    let position = if next() < 0.2 { 0.5 } else { next() };
                    Stake::new(position, 3.0 * next(), next())
                })
                .collect();
            let spread = super::super::spread(&stakes).max(1e-3);
            // (Under jmckib's rules the round keeps P with the new exponents,
            // not the table the securities read; the code path is the same.)
            for rules in [EuRules::Paper, EuRules::Masad] {
                let round = play_round(&stakes, spread, rules);
                let expected = security_per_actor(&stakes, spread, &round.probability);
                assert_eq!(round.security, expected, "case {case}, {rules:?}");
            }
        }
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

//! Where the three rule sets ([`EuRules`]) part ways within a round: how the
//! chance of winning a contest is counted, and which credible offer an actor
//! takes. Everything else in a round (utilities, securities, risk exponents,
//! the octants of `credible_offer`) is shared and lives in `round`; the parent
//! module's docs list the differences in words.
//!
//! The facts come from reading the two replications (jmckib's
//! `bdm_scholz_model.py` at commit 55f63e9, Masad's `GroupDecisionModel.py` at
//! aa3899a); the code is written afresh in zopa's terms.

use super::round::{Offer, OfferKind, credible_offer, vote, win_probability};
use super::{Stake, split};
use crate::model_kind::EuRules;

/// `P_i^j` for every pair, with `voter_risk[k]` the exponent voter `k` bends
/// distances with (only jmckib's rules use it; the others' votes are
/// risk-neutral). Equal positions: `P = 0`.
pub(super) fn probabilities(
    stakes: &[Stake],
    spread: f64,
    rules: EuRules,
    voter_risk: &[f64],
) -> Vec<Vec<f64>> {
    let n = stakes.len();
    match rules {
        EuRules::Paper => (0..n)
            .map(|i| {
                (0..n)
                    .map(|j| win_probability(stakes, i, j, spread))
                    .collect()
            })
            .collect(),
        EuRules::Masad => (0..n)
            .map(|i| {
                (0..n)
                    .map(|j| net_probability(stakes, i, j, spread))
                    .collect()
            })
            .collect(),
        EuRules::Jmckib => all_triples_probabilities(stakes, spread, voter_risk),
    }
}

/// Masad's `P_i^j`: the net votes for `i`, if positive, over all votes cast,
/// `max(0, Σ_k v_k) / Σ_k |v_k|`. Then `P_i^j = 0` whenever `i` would lose
/// the vote, and `P_i^j + P_j^i < 1`.
pub fn net_probability(stakes: &[Stake], i: usize, j: usize, spread: f64) -> f64 {
    let (a, b) = (stakes[i].position, stakes[j].position);
    if a == b {
        return 0.0;
    }
    let (mut net, mut total) = (0.0, 0.0);
    for voter in stakes {
        let v = vote(voter, a, b, spread);
        net += v;
        total += v.abs();
    }
    if total > 0.0 {
        net.max(0.0) / total
    } else {
        0.0
    }
}

/// jmckib's (Scholz's code's) `P_i^j`: the votes for `i` in the `i`-against-`j`
/// contest over the votes cast in *every* contest between two actors (ordered
/// pairs, each voter counted in each), with voter `k`'s distances raised to its
/// exponent: `v_k(a:b) = c_k s_k (d_kb^r_k − d_ka^r_k)`. The `P` are tiny (on the
/// EU example at most a few percent), so a challenger hardly ever expects to win a
/// contested vote; what it gains comes from rivals that give in.
fn all_triples_probabilities(stakes: &[Stake], spread: f64, voter_risk: &[f64]) -> Vec<Vec<f64>> {
    let n = stakes.len();
    let (positions, weights) = split(stakes);
    // bent[k][a]: voter k's bent distance to actor a's position.
    let bent: Vec<Vec<f64>> = (0..n)
        .map(|k| {
            positions
                .iter()
                .map(|&x| ((positions[k] - x).abs() / spread).powf(voter_risk[k]))
                .collect()
        })
        .collect();
    let votes = |k: usize, a: usize, b: usize| weights[k] * (bent[k][b] - bent[k][a]);
    let mut everything = 0.0;
    for a in 0..n {
        for b in 0..n {
            everything += (0..n).map(|k| votes(k, a, b).abs()).sum::<f64>();
        }
    }
    (0..n)
        .map(|i| {
            (0..n)
                .map(|j| {
                    if positions[i] == positions[j] || everything <= 0.0 {
                        return 0.0;
                    }
                    (0..n).map(|k| votes(k, i, j).max(0.0)).sum::<f64>() / everything
                })
                .collect()
        })
        .collect()
}

/// The offer actor `i` takes under `rules`, from `challenge[i][j] = EU_i(ij)`
/// and `threat[i][j]` (see `Round`); `None` if it stays put.
pub(super) fn choose_offer(
    rules: EuRules,
    i: usize,
    positions: &[f64],
    challenge: &[Vec<f64>],
    threat: &[Vec<f64>],
) -> Option<Offer> {
    let offer = |j: usize| {
        credible_offer(positions[i], positions[j], challenge[i][j], threat[i][j]).map(
            |(kind, position)| Offer {
                from: j,
                kind,
                position,
            },
        )
    };
    let movement = |o: &Offer| (o.position - positions[i]).abs();
    let rivals = (0..positions.len()).filter(|&j| j != i);
    match rules {
        EuRules::Paper => {
            // Least movement over every kind; a near-tie goes to the larger
            // threat, then the lower index.
            rivals.filter_map(offer).reduce(|best, o| {
                let (m, b) = (movement(&o), movement(&best));
                let stronger = threat[i][o.from] > threat[i][best.from];
                if m < b - 1e-12 || (m <= b + 1e-12 && stronger) {
                    o
                } else {
                    best
                }
            })
        }
        EuRules::Jmckib => {
            // The capitulation test reads `eu_ji < abs(eu_ji)`, never true for
            // the positive `eu_ji` it is reached with: nobody capitulates.
            let offers: Vec<Offer> = rivals
                .filter_map(offer)
                .filter(|o| o.kind != OfferKind::Capitulation)
                .collect();
            let first_least = |kind: OfferKind, key: &dyn Fn(&Offer) -> f64| {
                offers
                    .iter()
                    .filter(|o| o.kind == kind)
                    .copied()
                    .reduce(|best, o| if key(&o) < key(&best) { o } else { best })
            };
            // Confrontations first, least movement; else the compromise whose
            // EU-weighted position (|EU_i(ij)| x_i + |EU_i(ji)| x_j)/(|EU_i(ij)| + |EU_i(ji)|)
            // is lowest (not the compromise position itself); first on a tie.
            first_least(OfferKind::Confrontation, &movement).or_else(|| {
                first_least(OfferKind::Compromise, &|o: &Offer| {
                    let (mine, theirs) = (challenge[i][o.from].abs(), threat[i][o.from].abs());
                    (mine * positions[i] + theirs * positions[o.from]) / (mine + theirs)
                })
            })
        }
        EuRules::Masad => {
            // Every rival that gains from challenging i sends its demand; i
            // looks only at the demands its senders value most (then the
            // nearest, then the first) and accepts or rejects that one.
            let best = rivals
                .filter(|&j| positions[j] != positions[i] && threat[i][j] > 0.0)
                .reduce(|best, j| {
                    let (value, top) = (threat[i][j], threat[i][best]);
                    let nearer = (positions[j] - positions[i]).abs()
                        < (positions[best] - positions[i]).abs();
                    if value > top || (value == top && nearer) {
                        j
                    } else {
                        best
                    }
                })?;
            // Capitulation needs |EU_i(ij)| strictly above the sender's gain.
            offer(best).filter(|o| {
                o.kind != OfferKind::Capitulation || -challenge[i][best] > threat[i][best]
            })
        }
    }
}

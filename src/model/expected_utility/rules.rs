//! Where the three rule sets ([`EuRules`]) part ways within a round: how the
//! chance of winning a contest is counted, and which credible offer an actor
//! takes. Everything else in a round (utilities, securities, risk exponents,
//! the octants of `credible_offer`) is shared and lives in `round`; the parent
//! module's docs list the differences in words.
//!
//! The facts come from reading the two replications (jmckib's
//! `bdm_scholz_model.py` at commit 55f63e9, Masad's `GroupDecisionModel.py` at
//! aa3899a); the code is written afresh in zopa's terms.

use super::Stake;
use super::round::{Offer, OfferKind, credible_offer, vote};
use super::square::Square;
use crate::model_kind::EuRules;

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
/// exponent: `v_k(a:b) = c_k s_k (d_kb^r_k − d_ka^r_k)`; `voter_risk` `None`
/// for every exponent 1. The `P` are tiny (on the EU example at most a few
/// percent), so a challenger hardly ever expects to win a contested vote; what
/// it gains comes from rivals that give in. Counted voter by voter, O(n³): the
/// voters' own exponents keep the votes from the running sums of `sweep`.
/// `bent` is working space.
pub(super) fn jmckib_probabilities(
    positions: &[f64],
    weights: &[f64],
    spread: f64,
    voter_risk: Option<&[f64]>,
    bent: &mut Square,
    table: &mut Square,
) {
    let n = positions.len();
    // bent[k][a]: voter k's bent distance to actor a's position.
    bent.reset(n);
    for k in 0..n {
        let risk = voter_risk.map_or(1.0, |risk| risk[k]);
        for (a, &x) in positions.iter().enumerate() {
            bent[k][a] = ((positions[k] - x).abs() / spread).powf(risk);
        }
    }
    let bent = &*bent;
    let votes = |k: usize, a: usize, b: usize| weights[k] * (bent[k][b] - bent[k][a]);
    let mut everything = 0.0;
    for a in 0..n {
        for b in 0..n {
            everything += (0..n).map(|k| votes(k, a, b).abs()).sum::<f64>();
        }
    }
    table.reset(n);
    for i in 0..n {
        for j in 0..n {
            if positions[i] != positions[j] && everything > 0.0 {
                table[i][j] = (0..n).map(|k| votes(k, i, j).max(0.0)).sum::<f64>() / everything;
            }
        }
    }
}

/// The offer actor `i` takes under `rules`, from `challenge[j] = EU_i(ij)`
/// and `threat[j]` (see `Round`); `None` if it stays put.
pub(super) fn choose_offer(
    rules: EuRules,
    i: usize,
    positions: &[f64],
    challenge: &[f64],
    threat: &[f64],
) -> Option<Offer> {
    let offer = |j: usize| {
        credible_offer(positions[i], positions[j], challenge[j], threat[j]).map(
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
            // threat, then the lower index. (The best so far is kept in
            // plain numbers, not an `Option<Offer>`: copying that enum from
            // step to step stalled on its padding bytes and took a seventh
            // of the model's time.)
            let mut best: Option<usize> = None;
            let (mut kind, mut position, mut least) = (OfferKind::Confrontation, 0.0, 0.0);
            for j in rivals {
                let Some((k, p)) =
                    credible_offer(positions[i], positions[j], challenge[j], threat[j])
                else {
                    continue;
                };
                let m = (p - positions[i]).abs();
                let better = best.is_none_or(|b| {
                    m < least - 1e-12 || (m <= least + 1e-12 && threat[j] > threat[b])
                });
                if better {
                    (best, kind, position, least) = (Some(j), k, p, m);
                }
            }
            best.map(|from| Offer {
                from,
                kind,
                position,
            })
        }
        EuRules::Jmckib => {
            // The capitulation test reads `eu_ji < abs(eu_ji)`, never true for
            // the positive `eu_ji` it is reached with: nobody capitulates.
            let first_least = |kind: OfferKind, key: &dyn Fn(&Offer) -> f64| {
                rivals
                    .clone()
                    .filter_map(offer)
                    .filter(|o| o.kind == kind)
                    .reduce(|best, o| if key(&o) < key(&best) { o } else { best })
            };
            // Confrontations first, least movement; else the compromise whose
            // EU-weighted position (|EU_i(ij)| x_i + |EU_i(ji)| x_j)/(|EU_i(ij)| + |EU_i(ji)|)
            // is lowest (not the compromise position itself); first on a tie.
            first_least(OfferKind::Confrontation, &movement).or_else(|| {
                first_least(OfferKind::Compromise, &|o: &Offer| {
                    let (mine, theirs) = (challenge[o.from].abs(), threat[o.from].abs());
                    (mine * positions[i] + theirs * positions[o.from]) / (mine + theirs)
                })
            })
        }
        EuRules::Masad => {
            // Every rival that gains from challenging i sends its demand; i
            // looks only at the demands its senders value most (then the
            // nearest, then the first) and accepts or rejects that one.
            let best = rivals
                .filter(|&j| positions[j] != positions[i] && threat[j] > 0.0)
                .reduce(|best, j| {
                    let (value, top) = (threat[j], threat[best]);
                    let nearer = (positions[j] - positions[i]).abs()
                        < (positions[best] - positions[i]).abs();
                    if value > top || (value == top && nearer) {
                        j
                    } else {
                        best
                    }
                })?;
            // Capitulation needs |EU_i(ij)| strictly above the sender's gain.
            offer(best)
                .filter(|o| o.kind != OfferKind::Capitulation || -challenge[best] > threat[best])
        }
    }
}

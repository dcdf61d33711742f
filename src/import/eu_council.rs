//! Capabilities from the EU's voting rules, for actor tables of EU legislative
//! decisions (the DEU data sets): `zopa import table --capabilities eu-council`.
//!
//! - **Council members** get their Shapley–Shubik index in the Council under the
//!   rule the table's first line names: under qualified majority (`QMV`) the
//!   weighted voting game of the vote weights in force; under unanimity (`Unan`)
//!   an equal share, since every member can block. The indices sum to 1 over
//!   the whole Council, members without a position included (their votes count
//!   whether or not they spoke).
//! - **The weights in force** follow from who sits at the table: a table with
//!   any member that joined in 2004 or later uses the Nice weights (EU-25,
//!   threshold 232 of 321; with Bulgaria or Romania EU-27, 255 of 345),
//!   otherwise the pre-2004 weights (EU-15, 62 of 87). Nice's further conditions
//!   (a majority of members, 62% of the population) are left out: they rarely
//!   bind and make the game three-dimensional.
//! - **The Commission and the Parliament** get [`COMMISSION`] and, under
//!   codecision (`COD`), [`PARLIAMENT_CODECISION`], else
//!   [`PARLIAMENT_OTHER`], as shares of the Council's total of 1.
//!
//! Member states are named by the two-letter codes DEU uses (`de`, `fr`, `uk`,
//! `el` for Greece, ...); the Commission is `com`, the Parliament `ep`.

/// The Commission's capability, as a share of the Council's total. Chosen with
/// the two Parliament weights below on the 176 EU-15 decisions of the
/// development set (data/deu-eu15) by a grid over {0, 0.05, 1/15, 0.1, 0.15,
/// 0.25, 0.5, 1} for the Commission and Parliament under codecision and {0,
/// 0.05, 1/15, 0.1, 0.25} for the Parliament otherwise, minimising the
/// compromise model's mean absolute error: 23.72 at (0.15, 0.25, 0), against
/// 23.96 with every capability 1 and 24.31 with the Council's indices and
/// equal weights of 1/15 for both institutions. The gain is within noise (see
/// docs/backtest.md).
pub const COMMISSION: f64 = 0.15;
/// The Parliament's capability under codecision (see [`COMMISSION`]).
pub const PARLIAMENT_CODECISION: f64 = 0.25;
/// The Parliament's capability under consultation and other procedures, where
/// it gives an opinion the Council need not follow (see [`COMMISSION`]).
pub const PARLIAMENT_OTHER: f64 = 0.0;

/// Council vote weights before 2004 (EU-15): 87 votes, qualified majority 62.
const EU15: [(&str, u32); 15] = [
    ("de", 10),
    ("fr", 10),
    ("it", 10),
    ("uk", 10),
    ("es", 8),
    ("be", 5),
    ("el", 5),
    ("nl", 5),
    ("pt", 5),
    ("at", 4),
    ("se", 4),
    ("dk", 3),
    ("ie", 3),
    ("fi", 3),
    ("lu", 2),
];
const EU15_QUOTA: u32 = 62;

/// Nice weights (EU-25 from November 2004): 321 votes, qualified majority 232.
const EU25: [(&str, u32); 25] = [
    ("de", 29),
    ("fr", 29),
    ("it", 29),
    ("uk", 29),
    ("es", 27),
    ("pl", 27),
    ("nl", 13),
    ("be", 12),
    ("cz", 12),
    ("el", 12),
    ("hu", 12),
    ("pt", 12),
    ("at", 10),
    ("se", 10),
    ("dk", 7),
    ("ie", 7),
    ("lt", 7),
    ("sk", 7),
    ("fi", 7),
    ("cy", 4),
    ("ee", 4),
    ("lv", 4),
    ("lu", 4),
    ("si", 4),
    ("mt", 3),
];
const EU25_QUOTA: u32 = 232;
/// Added in 2007 with Nice weights: 345 votes, qualified majority 255.
const EU27_ADDED: [(&str, u32); 2] = [("ro", 14), ("bg", 10)];
const EU27_QUOTA: u32 = 255;

/// The legislative procedure and Council rule a table's first line names, e.g.
/// `documents issue 1 (COD, QMV)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub codecision: bool,
    pub unanimity: bool,
}

impl Rule {
    /// Reads `COD`/`CNS`/... and `QMV`/`Unan` from the description; `None`
    /// when it names no Council rule.
    pub fn from_description(description: &str) -> Option<Rule> {
        let words: Vec<&str> = description
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let has = |name: &str| words.iter().any(|w| w.eq_ignore_ascii_case(name));
        let unanimity = has("unan") || has("unanimity");
        if !unanimity && !has("qmv") {
            return None;
        }
        Some(Rule {
            codecision: has("cod"),
            unanimity,
        })
    }
}

/// The Council in force for a table whose actors are `ids`: its members'
/// weights and the quota.
fn council(ids: &[&str]) -> (Vec<(&'static str, u32)>, u32) {
    let present = |list: &[(&str, u32)]| list.iter().any(|(id, _)| ids.contains(id));
    if present(&EU27_ADDED) {
        let mut members = EU25.to_vec();
        members.extend(EU27_ADDED);
        (members, EU27_QUOTA)
    } else if EU25
        .iter()
        .any(|(id, _)| ids.contains(id) && !EU15.iter().any(|(old, _)| old == id))
    {
        (EU25.to_vec(), EU25_QUOTA)
    } else {
        (EU15.to_vec(), EU15_QUOTA)
    }
}

/// Shapley–Shubik indices of the weighted voting game `[quota; weights]`:
/// player i's share of the orderings in which it turns a losing coalition of
/// those before it into a winning one, counted exactly by coalition size and
/// weight (a dynamic program over the other players).
pub fn shapley_shubik(weights: &[u32], quota: u32) -> Vec<f64> {
    let n = weights.len();
    (0..n)
        .map(|i| {
            let total: u32 = weights
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, w)| w)
                .sum();
            let width = total as usize + 1;
            // ways[k][w]: coalitions of k other players with weight w.
            let mut ways = vec![vec![0f64; width]; n];
            ways[0][0] = 1.0;
            for (j, &w) in weights.iter().enumerate() {
                if j == i {
                    continue;
                }
                for k in (1..n).rev() {
                    for t in (w as usize..width).rev() {
                        ways[k][t] += ways[k - 1][t - w as usize];
                    }
                }
            }
            // An ordering with k players before i has weight k!(n−k−1)!/n! = 1/(n·C(n−1, k)).
            let mut binomial = 1.0; // C(n−1, k)
            let mut index = 0.0;
            for (k, row) in ways.iter().enumerate() {
                let pivotal: f64 = row
                    .iter()
                    .enumerate()
                    .filter(|&(t, _)| (t as u32) < quota && t as u32 + weights[i] >= quota)
                    .map(|(_, count)| count)
                    .sum();
                index += pivotal / (n as f64 * binomial);
                binomial = binomial * (n - 1 - k) as f64 / (k + 1) as f64;
            }
            index
        })
        .collect()
}

/// Each actor's capability under `rule`, actors named by `ids`; an id that is
/// neither `com`, `ep` nor a member of the Council in force is an error naming it.
pub fn capabilities(ids: &[&str], rule: Rule) -> Result<Vec<f64>, String> {
    let (members, quota) = council(ids);
    let weights: Vec<u32> = members.iter().map(|(_, w)| *w).collect();
    let indices = if rule.unanimity {
        vec![1.0 / members.len() as f64; members.len()]
    } else {
        shapley_shubik(&weights, quota)
    };
    ids.iter()
        .map(|&id| match id {
            "com" => Ok(COMMISSION),
            "ep" if rule.codecision => Ok(PARLIAMENT_CODECISION),
            "ep" => Ok(PARLIAMENT_OTHER),
            _ => members
                .iter()
                .position(|(member, _)| *member == id)
                .map(|k| indices[k])
                .ok_or_else(|| {
                    format!(
                        "`{id}` is not a member of the Council of {} members in force, nor `com` or `ep`",
                        members.len()
                    )
                }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eu15_indices_are_the_published_ones() {
        // Felsenthal & Machover (1998, 2001): the EU-15 Council under QMV.
        let weights: Vec<u32> = EU15.iter().map(|(_, w)| *w).collect();
        let indices = shapley_shubik(&weights, EU15_QUOTA);
        let rounded: Vec<String> = indices.iter().map(|i| format!("{i:.4}")).collect();
        assert_eq!(
            rounded,
            [
                "0.1167", "0.1167", "0.1167", "0.1167", "0.0955", "0.0552", "0.0552", "0.0552",
                "0.0552", "0.0454", "0.0454", "0.0353", "0.0353", "0.0353", "0.0207"
            ]
        );
        assert!((indices.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn small_games_against_enumerated_orderings() {
        // [3; 2, 1, 1]: the big player is pivotal in 4 of 6 orderings, each small one in 1.
        let indices = shapley_shubik(&[2, 1, 1], 3);
        for (got, want) in indices.iter().zip([4.0 / 6.0, 1.0 / 6.0, 1.0 / 6.0]) {
            assert!((got - want).abs() < 1e-12);
        }
        // Brute force over all 5! orderings of [6; 4, 3, 2, 1, 1].
        let weights = [4, 3, 2, 1, 1];
        let mut counts = [0u32; 5];
        let mut order = [0, 1, 2, 3, 4];
        permute(&mut order, 0, &mut |order| {
            let mut sum = 0;
            for &player in order.iter() {
                if sum < 6 && sum + weights[player] >= 6 {
                    counts[player] += 1;
                }
                sum += weights[player];
            }
        });
        let indices = shapley_shubik(&weights, 6);
        for (got, count) in indices.iter().zip(counts) {
            assert!(
                (got - f64::from(count) / 120.0).abs() < 1e-12,
                "{indices:?} {counts:?}"
            );
        }
    }

    fn permute(order: &mut [usize; 5], k: usize, visit: &mut dyn FnMut(&[usize; 5])) {
        if k == order.len() {
            visit(order);
            return;
        }
        for j in k..order.len() {
            order.swap(k, j);
            permute(order, k + 1, visit);
            order.swap(k, j);
        }
    }

    #[test]
    fn rules_and_councils_from_the_table() {
        assert_eq!(
            Rule::from_description("documents issue 1 (COD, QMV)"),
            Some(Rule {
                codecision: true,
                unanimity: false
            })
        );
        assert_eq!(
            Rule::from_description("x (CNS, Unan)"),
            Some(Rule {
                codecision: false,
                unanimity: true
            })
        );
        assert_eq!(
            Rule::from_description("employctte issue 150 (CNS, QMV(10))"),
            Some(Rule {
                codecision: false,
                unanimity: false
            })
        );
        assert_eq!(Rule::from_description("no rule here"), None);
        assert_eq!(council(&["de", "fr"]).1, EU15_QUOTA);
        assert_eq!(council(&["de", "pl"]).1, EU25_QUOTA);
        assert_eq!(council(&["de", "ro"]).1, EU27_QUOTA);
        let unanimous = capabilities(
            &["com", "ep", "de", "lu"],
            Rule {
                codecision: false,
                unanimity: true,
            },
        )
        .unwrap();
        assert_eq!(
            unanimous,
            vec![COMMISSION, PARLIAMENT_OTHER, 1.0 / 15.0, 1.0 / 15.0]
        );
        assert!(
            capabilities(
                &["xx"],
                Rule {
                    codecision: true,
                    unanimity: false
                }
            )
            .unwrap_err()
            .contains("`xx`")
        );
    }
}

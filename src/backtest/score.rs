//! The statistics of a backtest: errors, coverage, split-conformal margins
//! and bootstrap confidence intervals clustered by proposal.

use crate::rng::TrialRng;
use rand::{RngExt, SeedableRng};

/// The split-conformal quantile of `scores` at `level`: the
/// ⌈(n + 1)·level⌉-th smallest score. With scores from n development cases
/// exchangeable with a new one, the new case's score is at most this with
/// probability at least `level`. Infinite when `level` asks for more than n
/// cases can give (⌈(n + 1)·level⌉ > n); `None` without scores.
pub fn conformal_quantile(scores: &[f64], level: f64) -> Option<f64> {
    if scores.is_empty() {
        return None;
    }
    let mut sorted = scores.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((sorted.len() + 1) as f64 * level - 1e-9).ceil() as usize;
    Some(if rank > sorted.len() {
        f64::INFINITY
    } else {
        sorted[rank.max(1) - 1]
    })
}

/// The mean of `values` (0 when empty).
pub fn mean(values: &[f64]) -> f64 {
    if values.is_empty() {
        0.0
    } else {
        values.iter().sum::<f64>() / values.len() as f64
    }
}

/// The median of `values` (0 when empty).
pub fn median(values: &[f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

/// The proposal a case belongs to, for resampling: DEU ids `d<dossier>i<issue>`
/// (and `n<dossier>i<issue>`) give `d<dossier>`, so every issue of one
/// proposal is drawn together; any other id is a cluster of its own.
pub fn cluster_of(id: &str) -> &str {
    if let Some(at) = id.rfind('i') {
        let (head, tail) = (&id[..at], &id[at + 1..]);
        let issue_number = !tail.is_empty() && tail.bytes().all(|b| b.is_ascii_digit());
        let dossier = head.len() > 1
            && head.as_bytes()[0].is_ascii_alphabetic()
            && head[1..].bytes().all(|b| b.is_ascii_digit());
        if issue_number && dossier {
            return head;
        }
    }
    id
}

/// Resamples of a bootstrap.
pub const RESAMPLES: usize = 2000;

/// A percentile bootstrap 95% interval of `statistic` over cases, resampling
/// whole clusters with replacement ([`RESAMPLES`] times, from `seed`).
/// `statistic` gets the indices of the cases drawn (with repeats).
pub fn bootstrap_ci(clusters: &[&str], seed: u64, statistic: impl Fn(&[usize]) -> f64) -> [f64; 2] {
    let mut groups: Vec<(&str, Vec<usize>)> = Vec::new();
    for (k, &cluster) in clusters.iter().enumerate() {
        match groups.iter_mut().find(|(name, _)| *name == cluster) {
            Some((_, members)) => members.push(k),
            None => groups.push((cluster, vec![k])),
        }
    }
    if groups.is_empty() {
        return [0.0, 0.0];
    }
    let mut rng = TrialRng::seed_from_u64(seed);
    let mut values = Vec::with_capacity(RESAMPLES);
    let mut drawn = Vec::with_capacity(clusters.len() * 2);
    for _ in 0..RESAMPLES {
        drawn.clear();
        for _ in 0..groups.len() {
            drawn.extend_from_slice(&groups[rng.random_range(0..groups.len())].1);
        }
        values.push(statistic(&drawn));
    }
    values.sort_by(f64::total_cmp);
    let at = |q: f64| values[((RESAMPLES - 1) as f64 * q).round() as usize];
    [at(0.025), at(0.975)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conformal_rank_is_the_ceiling_of_n_plus_one_times_the_level() {
        let scores: Vec<f64> = (1..=9).map(f64::from).collect();
        // n = 9: level 0.5 → rank 5; 0.9 → rank 9; 0.95 → rank 10 > 9: unbounded.
        assert_eq!(conformal_quantile(&scores, 0.5), Some(5.0));
        assert_eq!(conformal_quantile(&scores, 0.9), Some(9.0));
        assert_eq!(conformal_quantile(&scores, 0.95), Some(f64::INFINITY));
        assert_eq!(conformal_quantile(&[], 0.5), None);
    }

    #[test]
    fn clusters_by_dossier() {
        assert_eq!(cluster_of("d00032i1"), "d00032");
        assert_eq!(cluster_of("n99192i2"), "n99192");
        assert_eq!(cluster_of("ukraine"), "ukraine");
        assert_eq!(cluster_of("di1"), "di1");
        assert_eq!(cluster_of("d12i"), "d12i");
    }

    #[test]
    fn bootstrap_brackets_the_mean_and_keeps_clusters_whole() {
        let errors = [1.0, 2.0, 3.0, 10.0, 11.0, 12.0];
        let clusters = ["a", "a", "a", "b", "b", "b"];
        let ci = bootstrap_ci(&clusters, 1, |drawn| {
            // Whole clusters: every draw holds a multiple of three cases.
            assert_eq!(drawn.len() % 3, 0);
            mean(&drawn.iter().map(|&k| errors[k]).collect::<Vec<_>>())
        });
        assert!(ci[0] <= 6.5 && 6.5 <= ci[1], "{ci:?}");
        assert_eq!(ci, [2.0, 11.0]);
    }
}

//! Which rounds a long table keeps, and how that is said in words.
//!
//! A table of a hundred rounds does not fit a screen, and most of it repeats
//! itself. A compact table keeps the first rounds (how play starts), every
//! k-th round between them (the trend, with k a round number: 2, 5, 10, 20,
//! 25, 50, …) and the last rounds (how it ends); the narration names
//! exactly which rounds are shown.

/// Tables up to this many rows are shown whole.
const WHOLE: usize = 24;
/// Rows kept at either end of a compact table.
const ENDS: usize = 5;
/// At most this many rows between the two ends.
const MIDDLE: usize = 10;

/// The rows of a table to show, as positions in `labels` (ascending), and
/// which rounds they are in words ("rounds 1–5, every 10th round from 10 to
/// 90 and rounds 96–100"): `None` when the table is shown whole. `labels`
/// are the rounds of the rows, in the order the table lists them (rising or
/// falling).
pub(super) fn select(labels: &[u32]) -> (Vec<usize>, Option<String>) {
    let n = labels.len();
    if n <= WHOLE {
        return ((0..n).collect(), None);
    }
    let inner = n - 2 * ENDS;
    let step = [2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000]
        .into_iter()
        .find(|step| inner / step <= MIDDLE)
        .unwrap_or(inner.div_ceil(MIDDLE).max(1));
    let mut keep: Vec<usize> = (0..ENDS).collect();
    // Every `step`-th round (by its number, so the rows read 10, 20, 30, …).
    let middle: Vec<usize> = (ENDS..n - ENDS)
        .filter(|&k| (labels[k] as usize).is_multiple_of(step))
        .collect();
    keep.extend(&middle);
    keep.extend(n - ENDS..n);
    let range = |from: usize, to: usize| {
        let (a, b) = (labels[from], labels[to]);
        format!("rounds {}–{}", a.min(b), a.max(b))
    };
    let mut parts = vec![range(0, ENDS - 1)];
    if let (Some(&first), Some(&last)) = (middle.first(), middle.last()) {
        let (a, b) = (
            labels[first].min(labels[last]),
            labels[first].max(labels[last]),
        );
        parts.push(if a == b {
            format!("round {a}")
        } else {
            let every = if step == 2 {
                "second".to_string()
            } else {
                format!("{step}th")
            };
            format!("every {every} round from {a} to {b}")
        });
    }
    let last = range(n - ENDS, n - 1);
    (keep, Some(format!("{} and {last}", parts.join(", "))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_tables_are_shown_whole() {
        let labels: Vec<u32> = (1..=24).collect();
        assert_eq!(select(&labels), ((0..24).collect(), None));
    }

    #[test]
    fn long_tables_keep_both_ends_and_every_kth_round() {
        let labels: Vec<u32> = (1..=100).collect();
        let (keep, sentence) = select(&labels);
        let rounds: Vec<u32> = keep.iter().map(|&k| labels[k]).collect();
        assert_eq!(
            rounds,
            [
                1, 2, 3, 4, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 96, 97, 98, 99, 100
            ]
        );
        assert_eq!(
            sentence.as_deref(),
            Some("rounds 1–5, every 10th round from 10 to 90 and rounds 96–100")
        );
        // Falling rounds (backward induction) read the same way.
        let falling: Vec<u32> = (1..=300).rev().collect();
        let (keep, sentence) = select(&falling);
        assert_eq!(falling[keep[5]], 250);
        assert!(
            sentence
                .unwrap()
                .contains("rounds 296–300, every 50th round from 50 to 250 and rounds 1–5"),
        );
    }
}

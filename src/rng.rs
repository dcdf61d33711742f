//! The random stream of one trial: a named, portable generator seeded from
//! `(seed, trial)`.
//!
//! A leaf module (it imports nothing of the crate) so that both the models,
//! which take the stream as an argument, and the Monte Carlo engine, which
//! makes one per trial, can name it without depending on each other.

use rand::SeedableRng;

/// The random stream a trial hands to a model: portable and seedable.
pub type TrialRng = rand_xoshiro::Xoshiro256PlusPlus;

/// The random stream of trial `trial` under `seed`: portable and independent of
/// which thread runs the trial.
pub fn trial_rng(seed: u64, trial: u64) -> TrialRng {
    TrialRng::seed_from_u64(splitmix64(splitmix64(seed) ^ trial))
}

/// SplitMix64's finaliser: a bijective mix, so distinct (seed, trial) pairs
/// give unrelated seeds.
fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn trial_streams_depend_only_on_seed_and_trial() {
        assert_eq!(trial_rng(7, 3).next_u64(), trial_rng(7, 3).next_u64());
        assert_ne!(trial_rng(7, 3).next_u64(), trial_rng(7, 4).next_u64());
        assert_ne!(trial_rng(7, 3).next_u64(), trial_rng(8, 3).next_u64());
    }
}

//! A bargaining model of your own, written outside the crate and run through the
//! Monte Carlo engine: the (power × salience weighted) median voter.
//!
//! Black's median voter theorem says that with single-peaked preferences on one
//! dimension, the position of the median voter beats every other in a pairwise
//! vote. Here each continuous issue goes to the weighted median of the actors'
//! ideal points (weights: power × salience); a discrete issue to the option the
//! most weight values most. Any type implementing `zopa::model::Model` can be
//! run like the built-in models.
//!
//! Run with `cargo run --release --example custom_model`.

use zopa::model::{Model, Solution, TrialRng};
use zopa::montecarlo::{self, Controls};
use zopa::report::run::{DEFAULT_WIDTH, summary_text};
use zopa::scenario;
use zopa::summary::IssueTally;
use zopa::summary::{NominalPicture, RunInfo, Summary};
use zopa::world::{Dimension, World};

/// The weighted median voter model.
pub struct MedianVoter;

impl Model for MedianVoter {
    fn name(&self) -> &str {
        "median-voter"
    }

    fn solve(&self, world: &World, _rng: &mut TrialRng) -> Solution {
        let outcome = world
            .issues
            .iter()
            .enumerate()
            .map(|(d, dimension)| {
                let weight = |i: usize| world.actors[i].power * world.actors[i].saliences[d];
                match dimension {
                    Dimension::Continuous => {
                        let mut ideals: Vec<(f64, f64)> = (0..world.actors.len())
                            .filter_map(|i| {
                                world.actors[i].values[d].ideal().map(|p| (p, weight(i)))
                            })
                            .collect();
                        weighted_median(&mut ideals)
                    }
                    Dimension::Discrete(options) => {
                        let support = |option: usize| -> f64 {
                            (0..world.actors.len())
                                .map(|i| weight(i) * world.actors[i].values[d].value(option as f64))
                                .sum()
                        };
                        (0..*options).fold(
                            0,
                            |best, k| if support(k) > support(best) { k } else { best },
                        ) as f64
                    }
                }
            })
            .collect();
        Solution::agreed(outcome)
    }
}

/// The smallest ideal point holding at least half of the total weight below or at it.
fn weighted_median(points: &mut [(f64, f64)]) -> f64 {
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: f64 = points.iter().map(|(_, w)| w).sum();
    let mut cumulative = 0.0;
    for (point, weight) in points.iter() {
        cumulative += weight;
        if cumulative >= total / 2.0 {
            return *point;
        }
    }
    points.last().map_or(0.5, |(point, _)| *point)
}

pub fn main() {
    let scenario = scenario::load("scenarios/classroom/eu_expected_utility.ron".as_ref())
        .unwrap_or_else(|err| panic!("{err}"));
    let trials = 2_000;
    let started = std::time::Instant::now();
    let tally = montecarlo::run(&scenario, &MedianVoter, trials, 1, Controls::default())
        .expect("not interrupted");
    let elapsed_seconds = started.elapsed().as_secs_f64();
    // The EU example's weighted median is 7.0 (MODELS.md); the compromise model's mean is 7.39.
    let IssueTally::Continuous(histogram) = &tally.issues[0] else {
        unreachable!("the EU issue is continuous")
    };
    let median = scenario.issues[0].denormalise(histogram.quantile(0.5).expect("agreements"));
    println!("median voter on the EU example: {median}");
    let info = RunInfo {
        model: MedianVoter.name().to_string(),
        trials,
        seed: 1,
        elapsed_seconds,
        threads: None,
        load_average: None,
    };
    println!();
    let summary = Summary::new(
        &scenario,
        &info,
        &tally,
        &NominalPicture::compute(&scenario, zopa::cost::nominal_parts(&scenario)),
    );
    print!("{}", summary_text(&summary, DEFAULT_WIDTH));
    assert!(
        (median - 7.0).abs() < 1e-9,
        "the weighted median of the EU example is 7.0"
    );
}

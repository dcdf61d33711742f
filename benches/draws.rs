//! What drawing a trial's uncertain numbers costs: `cargo bench --bench draws`.
//!
//! `resample` redraws every uncertain number of the flagship (51 triangular,
//! 3 beta, 2 normal and 2 uniform in `scenarios/ukraine_2026.ron`) into a
//! reused world, as the Monte Carlo engine does once per trial; its time per
//! iteration is the cost of a trial's draws. The single distributions show
//! where that time goes (one draw each, clamped as a scenario number is).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rand::{RngExt, SeedableRng};
use std::hint::black_box;
use zopa::model::TrialRng;
use zopa::scenario;
use zopa::uncertain::{Param, Uncertain};
use zopa::world::World;

fn bench(c: &mut Criterion) {
    let flagship =
        scenario::load("scenarios/ukraine_2026.ron".as_ref()).expect("flagship scenario");
    let mut world = World::nominal(&flagship);
    let mut rng = TrialRng::seed_from_u64(1);
    let mut group = c.benchmark_group("draws");
    group.throughput(Throughput::Elements(1));
    group.bench_function("flagship_resample", |b| {
        b.iter(|| world.resample(black_box(&flagship), &mut rng))
    });
    let distributions = [
        ("triangular", Uncertain::triangular(0.55, 0.7, 0.9)),
        ("beta", Uncertain::beta(4.0, 4.0, 0.35, 0.75)),
        ("normal", Uncertain::normal(0.5, 0.1)),
        ("uniform", Uncertain::uniform(0.2, 0.6)),
    ];
    for (label, dist) in distributions {
        let param = Param {
            dist: dist.expect("valid distribution"),
            lo: 0.0,
            hi: 1.0,
        };
        group.bench_function(label, |b| b.iter(|| black_box(&param).sample(&mut rng)));
    }
    // The inverse CDF the min/max draw replaced, for comparison: a square
    // root and a branch taken at random.
    let triangular = Uncertain::triangular(0.55, 0.7, 0.9).expect("valid distribution");
    group.bench_function("triangular_inverse_cdf", |b| {
        b.iter(|| black_box(&triangular).quantile(rng.random::<f64>()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

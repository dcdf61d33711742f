//! Monte Carlo throughput in trials per second: `cargo bench --bench montecarlo`.
//!
//! The flagship scenario with every model, on rayon pools of 1 and 2 threads
//! (this machine has 2 cores). Criterion reports throughput as elements/s, one
//! element per trial. Fast models run 100,000 trials per iteration (about 100
//! chunks, so the last chunk idles a core only briefly); slow ones fewer.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use zopa::ModelKind;
use zopa::model::{self, AlternatingOffers, Behaviour};
use zopa::montecarlo::{self, Controls};
use zopa::scenario;

fn bench(c: &mut Criterion) {
    let flagship =
        scenario::load("scenarios/ukraine_2026.ron".as_ref()).expect("flagship scenario");
    // Issue 4's speed target: time-dependent play with and without breakdown.
    let time_dependent = AlternatingOffers {
        behaviour: Behaviour::TimeDependent { e: 0.2 },
        breakdown: 0.02,
        ..AlternatingOffers::default()
    };
    let no_breakdown = AlternatingOffers {
        breakdown: 0.0,
        ..time_dependent
    };
    let models: [(&str, ModelKind, u64); 7] = [
        ("nash", ModelKind::Nash, 100_000),
        ("compromise", ModelKind::Compromise, 100_000),
        (
            "expected-utility",
            ModelKind::ExpectedUtility {
                rounds: 10,
                rules: zopa::model::EuRules::Paper,
            },
            20_000,
        ),
        (
            "alternating-offers-time-dependent",
            ModelKind::AlternatingOffers(time_dependent),
            100_000,
        ),
        (
            "alternating-offers-time-dependent-no-breakdown",
            ModelKind::AlternatingOffers(no_breakdown),
            100_000,
        ),
        ("kalai-smorodinsky", ModelKind::KalaiSmorodinsky, 5_000),
        (
            "alternating-offers-equilibrium",
            ModelKind::AlternatingOffers(AlternatingOffers::default()),
            1_000,
        ),
    ];
    let mut group = c.benchmark_group("flagship");
    group.sample_size(10);
    for (label, kind, trials) in models {
        group.throughput(Throughput::Elements(trials));
        let model = model::build(kind);
        for threads in [1, 2] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("thread pool");
            group.bench_function(format!("{label}/{threads}_threads"), |b| {
                b.iter(|| {
                    pool.install(|| {
                        black_box(montecarlo::run(
                            &flagship,
                            model.as_ref(),
                            trials,
                            1,
                            Controls::default(),
                        ))
                    })
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

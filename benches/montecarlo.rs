//! Monte Carlo throughput in trials per second: `cargo bench --bench montecarlo`.
//!
//! The flagship scenario with each model, on rayon pools of 1 and 2 threads
//! (this machine has 2 cores), 100,000 trials per iteration (about 100 chunks, so the last chunk of a batch idles a core only briefly). Criterion reports
//! the throughput as elements/s, one element per trial.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use zopa::model;
use zopa::montecarlo::{self, Controls};
use zopa::scenario::{self, ModelKind};

const TRIALS: u64 = 100_000;

fn bench(c: &mut Criterion) {
    let flagship =
        scenario::load("scenarios/ukraine_2026.ron".as_ref()).expect("flagship scenario");
    let mut group = c.benchmark_group("flagship");
    group.throughput(Throughput::Elements(TRIALS));
    group.sample_size(10);
    for kind in [ModelKind::Nash, ModelKind::Compromise] {
        let model = model::build(kind);
        for threads in [1, 2] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("thread pool");
            group.bench_function(format!("{}/{threads}_threads", kind.cli_name()), |b| {
                b.iter(|| {
                    pool.install(|| {
                        black_box(montecarlo::run(
                            &flagship,
                            model.as_ref(),
                            TRIALS,
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

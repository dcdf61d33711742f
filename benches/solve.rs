//! How long one solve takes: it will run millions of times in Monte Carlo.
//!
//! `cargo bench --bench solve`. Each static model on the flagship scenario at nominal
//! values (7 issues, one of them discrete with 4 options; 4 actors, 2 with veto)
//! and on a 4-issue, 4-actor case where all four actors hold a veto. Nash and
//! Kalai–Smorodinsky also on a crowd: 50 veto actors, 20 issues (as in
//! tests/it/degenerate.rs), with linear and with quadratic value functions.

use criterion::{Criterion, criterion_group, criterion_main};
use rand::{RngExt, SeedableRng};
use std::hint::black_box;
use zopa::model::{self, TrialRng};
use zopa::model_kind::ModelKind;
use zopa::scenario;
use zopa::scenario::build::{ActorBuilder, ScenarioBuilder};
use zopa::world::World;

fn four_by_four() -> World {
    let issues = ["a", "b", "c", "d"];
    let mut builder = ScenarioBuilder::new("4x4");
    for id in issues {
        builder = builder.continuous_issue(id, id, 0.0, 1.0);
    }
    let ideals = [
        [0.9, 0.1, 0.8, 0.3],
        [0.1, 0.9, 0.2, 0.6],
        [0.5, 0.4, 0.9, 0.1],
        [0.3, 0.7, 0.1, 0.9],
    ];
    let saliences = [
        [0.4, 0.1, 0.3, 0.2],
        [0.1, 0.5, 0.2, 0.2],
        [0.25, 0.25, 0.25, 0.25],
        [0.2, 0.2, 0.1, 0.5],
    ];
    for (k, (ideal, salience)) in ideals.iter().zip(&saliences).enumerate() {
        let mut actor = ActorBuilder::new(&format!("actor{k}"), "actor")
            .power(1.0 + k as f64)
            .reservation(0.3);
        for (d, id) in issues.iter().enumerate() {
            actor = actor.ideal(id, ideal[d], salience[d]);
        }
        builder = builder.actor(actor);
    }
    World::nominal(&builder.build().expect("valid benchmark scenario"))
}

/// 50 actors, all with a veto, on 20 issues; ideal points and saliences drawn
/// from a fixed seed.
fn crowd(quadratic: bool) -> World {
    let mut rng = TrialRng::seed_from_u64(3);
    let mut builder = ScenarioBuilder::new("crowd");
    for d in 0..20 {
        builder = builder.continuous_issue(&format!("i{d}"), "issue", 0.0, 1.0);
    }
    for a in 0..50 {
        let mut actor = ActorBuilder::new(&format!("a{a}"), "actor")
            .power(rng.random_range(0.5..2.0))
            .reservation(0.15);
        for d in 0..20 {
            let (ideal, salience) = (rng.random::<f64>(), rng.random_range(0.05..1.0));
            let id = format!("i{d}");
            actor = if quadratic {
                actor.ideal_quadratic(&id, ideal, salience)
            } else {
                actor.ideal(&id, ideal, salience)
            };
        }
        builder = builder.actor(actor);
    }
    World::nominal(&builder.build().expect("valid benchmark scenario"))
}

fn bench(c: &mut Criterion) {
    let flagship =
        scenario::load("scenarios/ukraine_2026.ron".as_ref()).expect("flagship scenario");
    let worlds = [
        ("flagship", World::nominal(&flagship)),
        ("4x4_all_veto", four_by_four()),
    ];
    let mut rng = TrialRng::seed_from_u64(1);
    for (label, world) in &worlds {
        // The static models; benches/montecarlo.rs times the protocol and forecast ones.
        for kind in ModelKind::ALL.into_iter().filter(|kind| kind.is_static()) {
            let model = model::build(kind);
            c.bench_function(&format!("{}/{label}", kind.cli_name()), |b| {
                b.iter(|| black_box(model.solve(black_box(world), &mut rng)))
            });
        }
    }
}

fn bench_crowd(c: &mut Criterion) {
    let mut rng = TrialRng::seed_from_u64(1);
    for (label, world) in [("50x20", crowd(false)), ("50x20_quadratic", crowd(true))] {
        for kind in [ModelKind::Nash, ModelKind::KalaiSmorodinsky] {
            let model = model::build(kind);
            c.bench_function(&format!("{}/{label}", kind.cli_name()), |b| {
                b.iter(|| black_box(model.solve(black_box(&world), &mut rng)))
            });
        }
    }
}

criterion_group!(benches, bench, bench_crowd);
criterion_main!(benches);

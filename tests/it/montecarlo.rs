//! The Monte Carlo engine: the same seed gives the same summary at any thread
//! count, the statistics match closed forms, and the caller's hooks
//! (cancellation, per-trial records, progress) behave as documented.
//!
//! Statistical tests state their standard error and use a tolerance of about six
//! of them, so a correct engine fails by chance far less than once in a
//! million runs, while a wrong formula (a missed factor, an off-by-one
//! quantile) is caught.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::AtomicBool;
use zopa::ModelKind;
use zopa::model;
use zopa::montecarlo::{self, CHUNK, Controls, RunError, TrialRecord};
use zopa::scenario::build::{ActorBuilder, ScenarioBuilder, Value, uniform};
use zopa::scenario::{self, Scenario};
use zopa::summary::{Histogram, IssueTally, QUANTILES, Tally};
use zopa::summary::{NominalPicture, RunInfo, Summary};

/// A scenario shipped with the crate, e.g. `scenarios/ukraine_2026.ron`.
fn shipped(relative: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    scenario::load(&path).unwrap_or_else(|err| panic!("{relative} loads: {err}"))
}

/// Runs `job` on a fresh rayon pool of `threads` threads.
fn on_threads<T: Send>(threads: usize, job: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool starts")
        .install(job)
}

/// An uninterrupted run with no hooks.
fn tally(scenario: &Scenario, kind: ModelKind, trials: u64, seed: u64, threads: usize) -> Tally {
    let model = model::build(kind);
    on_threads(threads, || {
        montecarlo::run(scenario, model.as_ref(), trials, seed, Controls::default())
    })
    .expect("a run without controls completes")
}

/// `summary.json` with the timing pinned, so equal runs give equal text.
fn summary(scenario: &Scenario, kind: ModelKind, trials: u64, seed: u64, tally: &Tally) -> String {
    let info = RunInfo {
        model: kind.cli_name().to_string(),
        trials,
        seed,
        elapsed_seconds: 1.0,
        threads: None,
        load_average: None,
    };
    Summary::new(
        scenario,
        &info,
        tally,
        &NominalPicture::compute(scenario, zopa::cost::nominal_parts(scenario)),
    )
    .to_json()
}

fn histogram_of(tally: &Tally, issue: usize) -> &Histogram {
    match &tally.issues[issue] {
        IssueTally::Continuous(histogram) => histogram,
        IssueTally::Discrete(_) => panic!("issue {issue} is continuous"),
    }
}

fn assert_close(actual: f64, expected: f64, tolerance: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= tolerance,
        "{what}: got {actual}, expected {expected} ± {tolerance}"
    );
}

/// One issue `x` on [0, 1]. Actor `a` has an uncertain ideal point
/// `Uniform(0, 1)`, actor `b` wants 0; both have power 1, salience 1 and
/// linear utility `1 − |x − p|`. `a`'s reservation is given.
fn uniform_ideal(reservation_a: f64) -> ScenarioBuilder {
    ScenarioBuilder::new("Uniform ideal point")
        .continuous_issue("x", "X", 0.0, 1.0)
        .actor(
            ActorBuilder::new("a", "A")
                .reservation(reservation_a)
                .ideal("x", uniform(0.0, 1.0), 1.0),
        )
        .actor(ActorBuilder::new("b", "B").ideal("x", 0.0, 1.0))
}

// ---------------------------------------------------------------------------
// Determinism
// ---------------------------------------------------------------------------

/// The flagship scenario at 1, 2 and 8 threads: identical tallies and
/// byte-identical summary JSON (timing pinned).
fn assert_thread_count_does_not_matter(kind: ModelKind, trials: u64) {
    let scenario = shipped("scenarios/ukraine_2026.ron");
    let seed = 7;
    let reference = tally(&scenario, kind, trials, seed, 1);
    let reference_json = summary(&scenario, kind, trials, seed, &reference);
    assert_eq!(reference.trials, trials);
    for threads in [2, 8] {
        let other = tally(&scenario, kind, trials, seed, threads);
        assert!(
            other == reference,
            "{kind:?}: the tally at {threads} threads differs from 1 thread"
        );
        assert_eq!(
            summary(&scenario, kind, trials, seed, &other),
            reference_json,
            "{kind:?}: summary.json at {threads} threads differs from 1 thread"
        );
    }
}

#[test]
fn nash_on_the_flagship_is_identical_at_1_2_and_8_threads() {
    assert_thread_count_does_not_matter(ModelKind::Nash, 5000);
}

#[test]
fn compromise_on_the_flagship_is_identical_at_1_2_and_8_threads() {
    assert_thread_count_does_not_matter(ModelKind::Compromise, 3000);
}

/// Time-dependent play keeps storage per thread from trial to trial: the
/// summary must not depend on which trials a thread played before.
#[test]
fn time_dependent_play_on_the_flagship_is_identical_at_1_2_and_8_threads() {
    let protocol = zopa::model_kind::AlternatingOffers {
        behaviour: zopa::model_kind::Behaviour::TimeDependent { e: 0.2 },
        ..Default::default()
    };
    assert_thread_count_does_not_matter(ModelKind::AlternatingOffers(protocol), 5000);
}

#[test]
fn the_seed_alone_decides_the_summary() {
    let scenario = shipped("scenarios/ukraine_2026.ron");
    let kind = ModelKind::Nash;
    let trials = 2000;
    let first = summary(
        &scenario,
        kind,
        trials,
        7,
        &tally(&scenario, kind, trials, 7, 2),
    );
    let again = summary(
        &scenario,
        kind,
        trials,
        7,
        &tally(&scenario, kind, trials, 7, 2),
    );
    assert_eq!(first, again, "two runs with seed 7 differ");
    let other_seed = summary(
        &scenario,
        kind,
        trials,
        8,
        &tally(&scenario, kind, trials, 8, 2),
    );
    // Compare without the `seed` field itself, so the difference must come
    // from the draws.
    let without_seed = |text: &str| {
        let mut value: serde_json::Value = serde_json::from_str(text).expect("valid JSON");
        value.as_object_mut().expect("an object").remove("seed");
        value
    };
    assert_ne!(
        without_seed(&first),
        without_seed(&other_seed),
        "seeds 7 and 8 give the same statistics"
    );
}

#[test]
fn only_the_two_timing_fields_depend_on_the_elapsed_time() {
    let scenario = shipped("scenarios/ukraine_2026.ron");
    let kind = ModelKind::Nash;
    let trials = 1000;
    let result = tally(&scenario, kind, trials, 7, 2);
    let render = |elapsed_seconds: f64| {
        let info = RunInfo {
            model: kind.cli_name().to_string(),
            trials,
            seed: 7,
            elapsed_seconds,
            threads: None,
            load_average: None,
        };
        let mut value: serde_json::Value = serde_json::from_str(
            &Summary::new(
                &scenario,
                &info,
                &result,
                &NominalPicture::compute(&scenario, zopa::cost::nominal_parts(&scenario)),
            )
            .to_json(),
        )
        .expect("valid JSON");
        let fields = value.as_object_mut().expect("an object");
        let timing = (
            fields.remove("elapsed_seconds").expect("elapsed_seconds"),
            fields
                .remove("trials_per_second")
                .expect("trials_per_second"),
        );
        (value, timing)
    };
    let (fast, fast_timing) = render(0.5);
    let (slow, slow_timing) = render(4.0);
    assert_eq!(fast, slow);
    // 1000 trials in 0.5 s and in 4 s.
    assert_eq!(
        fast_timing,
        (serde_json::json!(0.5), serde_json::json!(2000.0))
    );
    assert_eq!(
        slow_timing,
        (serde_json::json!(4.0), serde_json::json!(250.0))
    );
}

// ---------------------------------------------------------------------------
// Known answers
// ---------------------------------------------------------------------------

/// Compromise on `uniform_ideal`: x = (1·1·p_a + 1·1·0)/(1·1 + 1·1) = p_a/2, so
/// x ~ Uniform(0, 0.5): mean 0.25 and q-quantile q/2. Every trial agrees.
///
/// Standard errors at n = 100,000: the mean, sd(x)/√n = (0.5/√12)/√n ≈ 0.00046;
/// a quantile, √(q(1−q)/n)/density with density 2, at most √(0.25/n)/2 ≈ 0.0008
/// (the histogram's bins, 1/4096 ≈ 0.00024 wide, add less). Tolerance 0.005
/// (about six standard errors of the median, more for the others).
///
/// Utilities: u_a = 1 − |x − p_a| = 1 − p_a/2 and u_b = 1 − x = 1 − p_a/2, both
/// Uniform(0.5, 1) with mean 0.75; a's reservation is 0, so a gains in every
/// trial but p_a = 0 (probability zero).
#[test]
fn compromise_with_a_uniform_ideal_point_is_uniform_on_half_the_range() {
    let scenario = uniform_ideal(0.0).build().expect("valid scenario");
    let trials = 100_000;
    let result = tally(&scenario, ModelKind::Compromise, trials, 11, 2);
    assert_eq!(result.trials, trials);
    assert_eq!(result.agreements, trials, "compromise always agrees");
    let tolerance = 0.005;
    let histogram = histogram_of(&result, 0);
    assert_eq!(histogram.count(), trials);
    assert_close(histogram.mean().unwrap(), 0.25, tolerance, "mean of x");
    for (name, q) in QUANTILES {
        assert_close(histogram.quantile(q).unwrap(), q / 2.0, tolerance, name);
    }
    for (actor, tally) in ["a", "b"].iter().zip(&result.actors) {
        let what = format!("mean utility of {actor}");
        assert_close(tally.utility.mean().unwrap(), 0.75, tolerance, &what);
    }
    // The same numbers as the JSON reports them (units equal internal values on [0, 1]).
    let json: serde_json::Value = serde_json::from_str(&summary(
        &scenario,
        ModelKind::Compromise,
        trials,
        11,
        &result,
    ))
    .expect("valid JSON");
    assert_eq!(json["agreement_rate"], 1.0);
    let x = &json["issues"]["x"];
    assert_close(x["mean"].as_f64().unwrap(), 0.25, tolerance, "JSON mean");
    for (name, q) in QUANTILES {
        assert_close(x[name].as_f64().unwrap(), q / 2.0, tolerance, name);
    }
}

/// Proposal x = 0.3 on `uniform_ideal` with a's reservation 0.6: a accepts iff
/// 1 − |0.3 − p_a| ≥ 0.6 ⇔ |0.3 − p_a| ≤ 0.4 ⇔ p_a ≤ 0.7 (p_a ≥ −0.1 always), so
/// P(a accepts) = 0.7. b (ideal 0, reservation 0) always accepts, so both veto
/// actors accept with probability 0.7 too.
///
/// Also: under compromise a's utility is 1 − p_a/2, above 0.6 iff p_a < 0.8, so
/// `p_above_reservation` of a is 0.8.
///
/// Binomial standard error at n = 100,000: √(0.7·0.3/n) ≈ 0.0014 (0.0013 for
/// 0.8). Tolerance 0.01 (about seven standard errors).
#[test]
fn a_proposal_is_accepted_as_often_as_the_ideal_point_allows() {
    let scenario = uniform_ideal(0.6)
        .proposal("x = 0.3", &[("x", Value::Number(0.3))])
        .build()
        .expect("valid scenario");
    let trials = 100_000;
    let result = tally(&scenario, ModelKind::Compromise, trials, 12, 2);
    let tolerance = 0.01;
    let rate = |count: u64| count as f64 / trials as f64;
    let proposal = &result.proposals[0];
    assert_close(rate(proposal.accepted[0]), 0.7, tolerance, "a accepts");
    assert_eq!(proposal.accepted[1], trials, "b accepts every time");
    assert_eq!(proposal.all_veto, proposal.accepted[0]);
    let above = rate(result.actors[0].above_reservation);
    assert_close(above, 0.8, tolerance, "a above reservation");

    let json: serde_json::Value = serde_json::from_str(&summary(
        &scenario,
        ModelKind::Compromise,
        trials,
        12,
        &result,
    ))
    .expect("valid JSON");
    let entry = &json["proposals"]["x = 0.3"];
    assert_close(
        entry["acceptance"]["a"].as_f64().unwrap(),
        0.7,
        tolerance,
        "JSON acceptance of a",
    );
    assert_eq!(entry["acceptance"]["b"], 1.0);
    assert_eq!(entry["p_all_veto_accept"], entry["acceptance"]["a"]);
    assert_close(
        json["actors"]["a"]["p_above_reservation"].as_f64().unwrap(),
        0.8,
        tolerance,
        "JSON p_above_reservation of a",
    );
}

/// Divide the dollar (a wants x = 1, b wants x = 0, linear, both veto) with
/// r_a ~ Uniform(0, 1) and r_b = 0.5. u_a = x, u_b = 1 − x; a zone of agreement
/// exists iff some x has x > r_a and 1 − x > 0.5, i.e. iff r_a < 0.5:
/// P = 0.5. Nash agrees exactly when a zone exists, at
/// x* = r_a + ½(1 − r_a − 0.5) = 0.25 + r_a/2, so given agreement
/// x ~ Uniform(0.25, 0.5) with mean 0.375.
///
/// Standard errors at n = 50,000: the rate √(0.25/n) ≈ 0.0022 (tolerance 0.01,
/// about 4.5 s.e.; the tail beyond is below 1e-5); the conditional mean
/// (0.25/√12)/√25,000 ≈ 0.00046 (tolerance 0.003).
#[test]
fn a_zone_of_agreement_exists_when_the_reservations_leave_room() {
    let scenario = ScenarioBuilder::new("Divide the dollar, uncertain reservation")
        .continuous_issue("share_a", "Share to A", 0.0, 1.0)
        .actor(
            ActorBuilder::new("a", "A")
                .reservation(uniform(0.0, 1.0))
                .ideal("share_a", 1.0, 1.0),
        )
        .actor(
            ActorBuilder::new("b", "B")
                .reservation(0.5)
                .ideal("share_a", 0.0, 1.0),
        )
        .build()
        .expect("valid scenario");
    let trials = 50_000;
    let result = tally(&scenario, ModelKind::Nash, trials, 13, 2);
    let rate = |count: u64| count as f64 / trials as f64;
    assert_close(rate(result.zopa), 0.5, 0.01, "zopa rate");
    assert_close(rate(result.agreements), 0.5, 0.01, "agreement rate");
    // r_a within 1e-9 of 0.5 (where the two could part) has probability ~1e-9.
    assert_eq!(
        result.agreements, result.zopa,
        "Nash should agree exactly when a zone of agreement exists"
    );
    let histogram = histogram_of(&result, 0);
    assert_close(histogram.mean().unwrap(), 0.375, 0.003, "mean agreed share");
    assert!(histogram.quantile(0.0).unwrap() >= 0.25 - 1e-9);
    assert!(histogram.quantile(1.0).unwrap() <= 0.5 + 1e-9);
}

/// Divide the dollar as shipped has no uncertain number: every trial is the
/// nominal solve, Nash x = 0.55 (u_a = 0.55, u_b = 0.45), compromise x = 0.5.
/// The histograms clamp to the values seen, so every quantile is exact.
#[test]
fn without_uncertainty_every_quantile_is_the_nominal_solve() {
    let scenario = shipped("scenarios/classroom/divide_the_dollar.ron");
    assert_eq!(scenario.uncertain_count(), 0);
    for (kind, share) in [(ModelKind::Nash, 0.55), (ModelKind::Compromise, 0.5)] {
        let trials = 1000;
        let result = tally(&scenario, kind, trials, 1, 2);
        assert_eq!(result.agreements, trials, "{kind:?}");
        assert_eq!(result.zopa, trials, "{kind:?}");
        let histogram = histogram_of(&result, 0);
        assert_close(histogram.mean().unwrap(), share, 1e-9, "mean");
        for (name, q) in QUANTILES {
            assert_close(histogram.quantile(q).unwrap(), share, 1e-9, name);
        }
        for (actor, utility) in [(0, share), (1, 1.0 - share)] {
            for (name, q) in QUANTILES {
                let value = result.actors[actor].utility.quantile(q).unwrap();
                assert_close(value, utility, 1e-9, &format!("{kind:?} utility {name}"));
            }
        }
        let json: serde_json::Value =
            serde_json::from_str(&summary(&scenario, kind, trials, 1, &result))
                .expect("valid JSON");
        for (name, _) in QUANTILES {
            let value = json["issues"]["share_a"][name].as_f64().unwrap();
            assert_close(value, share, 1e-9, &format!("{kind:?} JSON {name}"));
        }
    }
}

// ---------------------------------------------------------------------------
// Controls
// ---------------------------------------------------------------------------

#[test]
fn a_run_cancelled_before_it_starts_is_interrupted() {
    let scenario = shipped("scenarios/classroom/divide_the_dollar.ron");
    let model = model::build(ModelKind::Nash);
    let cancel = AtomicBool::new(true);
    let result = on_threads(2, || {
        let controls = Controls {
            cancel: Some(&cancel),
            ..Controls::default()
        };
        montecarlo::run(&scenario, model.as_ref(), 10_000, 1, controls)
    });
    assert_eq!(result.unwrap_err(), RunError::Interrupted);
}

#[test]
fn records_arrive_once_per_trial_in_trial_order() {
    let scenario = shipped("scenarios/classroom/divide_the_dollar.ron");
    let model = model::build(ModelKind::Nash);
    let trials = 3000;
    assert!(trials > 2 * CHUNK, "the run spans several chunks");
    let mut records: Vec<TrialRecord> = Vec::new();
    let progress_calls = Mutex::new(Vec::new());
    let result = on_threads(2, || {
        let mut sink = |batch: &[TrialRecord]| -> Result<(), String> {
            records.extend_from_slice(batch);
            Ok(())
        };
        let progress = |done: u64| progress_calls.lock().unwrap().push(done);
        let controls = Controls {
            records: Some(&mut sink),
            progress: Some(&progress),
            ..Controls::default()
        };
        montecarlo::run(&scenario, model.as_ref(), trials, 1, controls)
    });
    let result = result.expect("the run completes");
    assert_eq!(result.trials, trials);
    let numbers: Vec<u64> = records.iter().map(|record| record.trial).collect();
    assert_eq!(numbers, (0..trials).collect::<Vec<u64>>());
    // No uncertainty: every record is the Nash split with utilities (0.55, 0.45).
    for record in &records {
        let outcome = record.outcome.as_deref().expect("agreement");
        assert_close(outcome[0], 0.55, 1e-9, "recorded share");
        assert_close(record.utilities[0], 0.55, 1e-9, "recorded u_a");
        assert_close(record.utilities[1], 0.45, 1e-9, "recorded u_b");
    }
    let progress_calls = progress_calls.into_inner().unwrap();
    assert_eq!(progress_calls.last(), Some(&trials), "{progress_calls:?}");
    assert!(progress_calls.is_sorted(), "{progress_calls:?}");
}

#[test]
fn a_failing_record_sink_stops_the_run_with_its_message() {
    let scenario = shipped("scenarios/classroom/divide_the_dollar.ron");
    let model = model::build(ModelKind::Nash);
    let result = on_threads(2, || {
        let mut sink = |_: &[TrialRecord]| -> Result<(), String> { Err("disk full".to_string()) };
        let controls = Controls {
            records: Some(&mut sink),
            ..Controls::default()
        };
        montecarlo::run(&scenario, model.as_ref(), 3000, 1, controls)
    });
    assert_eq!(
        result.unwrap_err(),
        RunError::Records("disk full".to_string())
    );
}

/// A red line that binds in most draws: the deal sits exactly on it. The
/// quartiles must be that value exactly (no spread invented inside its
/// histogram bin) and the summary must say what pins it there.
#[test]
fn a_point_mass_is_reported_exactly_and_named() {
    let scenario = ScenarioBuilder::new("pinned")
        .continuous_issue("cap", "Army cap", 400.0, 1000.0)
        .actor(
            ActorBuilder::new("a", "A")
                .reservation(uniform(0.0, 0.2))
                .ideal("cap", 1000.0, 1.0),
        )
        .actor(
            ActorBuilder::new("b", "B")
                .reservation(uniform(0.0, 0.2))
                .ideal("cap", 400.0, 1.0)
                .red_line("cap", 400.0, 610.0),
        )
        .build()
        .expect("a valid scenario");
    let result = tally(&scenario, ModelKind::Nash, 2000, 3, 2);
    let json: serde_json::Value =
        serde_json::from_str(&summary(&scenario, ModelKind::Nash, 2000, 3, &result))
            .expect("valid JSON");
    let cap = &json["issues"]["cap"];
    // The Nash split lies above 610 in most draws: the red line holds it.
    for key in ["p25", "p50", "p75"] {
        assert_eq!(cap[key], serde_json::json!(610.0), "{key}: {cap:#}");
    }
    let pinned = cap["pinned"].as_array().expect("a pinned list");
    assert_eq!(pinned.len(), 1, "{cap:#}");
    assert_eq!(pinned[0]["value"], serde_json::json!(610.0));
    assert!(pinned[0]["share"].as_f64().unwrap() > 0.75, "{cap:#}");
    assert_eq!(pinned[0]["reason"], serde_json::json!("B's red line"));
}

#[test]
fn quantiles_inside_a_bin_with_a_point_mass_keep_the_mass_exact() {
    let mut histogram = Histogram::with_atoms(&[0.3]);
    for _ in 0..70 {
        histogram.add(0.3);
    }
    // 30 values spread over [0.2, 0.4]: some in the point mass's own bin.
    for k in 0..30 {
        histogram.add(0.2 + 0.2 * k as f64 / 29.0);
    }
    for q in [0.25, 0.5, 0.75] {
        assert_eq!(histogram.quantile(q), Some(0.3), "q = {q}");
    }
    assert!(histogram.quantile(0.05).unwrap() < 0.3);
    assert!(histogram.quantile(0.95).unwrap() > 0.3);
    assert_eq!(
        histogram.point_masses().collect::<Vec<_>>(),
        vec![(0.3, 70)]
    );
}

//! zopa: a negotiation scenario simulator.
//!
//! A scenario (RON) names the actors of a negotiation, the issues they bargain
//! over, and each actor's stance. zopa solves it with textbook bargaining models
//! and, over many randomized trials, shows where a deal would plausibly land.
//!
//! Data flows one way, and so do the modules' imports (a test checks there is
//! no cycle): a [`Scenario`] is read and checked once; each trial draws a
//! [`World`] from it (one value for every uncertain number, from the trial's own
//! [`TrialRng`]); a [`Model`] (one of [`ModelKind::ALL`], or your own) maps the
//! world to a [`Solution`]; [`run`] tallies many trials in parallel into a
//! [`Tally`]; a [`Summary`] puts the tally into the issues' own units, and is
//! what `summary.json` holds and what every table, chart and report reads.
//!
//! What a library user needs is re-exported here; the modules hold the rest
//! (the importers in [`import`], what-if analyses in [`whatif`], text, charts
//! and the report in [`report`]).
//!
//! Solving one negotiation at nominal values, then running it as a Monte Carlo:
//!
//! ```
//! use rand::SeedableRng;
//! use zopa::{Controls, ModelKind, NominalPicture, RunInfo, Summary, TrialRng, World};
//!
//! let text = r#"Scenario(
//!     name: "Divide the dollar",
//!     issues: [Issue(id: "share_a", name: "Share to A", min: 0.0, max: 1.0)],
//!     actors: [
//!         Actor(id: "a", name: "A", power: 1.0, reservation: 0.2, stances: { "share_a": (position: 1.0, salience: 1.0) }),
//!         Actor(id: "b", name: "B", power: 1.0, reservation: 0.1, stances: { "share_a": (position: 0.0, salience: 1.0) }),
//!     ],
//! )"#;
//! let scenario = zopa::parse(text, "dollar.ron").unwrap();
//!
//! // The Nash bargaining solution at nominal values: A gets 0.55.
//! let world = World::nominal(&scenario);
//! let nash = zopa::model::build(ModelKind::Nash);
//! let solution = nash.solve(&world, &mut TrialRng::seed_from_u64(1));
//! assert!((solution.outcome.unwrap()[0] - 0.55).abs() < 1e-9);
//!
//! // 1,000 trials (nothing is uncertain here, so every trial agrees on 0.55),
//! // summarised as summary.json would hold them.
//! let tally = zopa::run(&scenario, nash.as_ref(), 1000, 7, Controls::default()).unwrap();
//! let info = RunInfo { model: "nash".into(), trials: 1000, seed: 7, elapsed_seconds: 0.0, threads: None, load_average: None };
//! let summary = Summary::new(&scenario, &info, &tally, &NominalPicture::compute(&scenario, zopa::cost::nominal_parts(&scenario)));
//! assert_eq!(summary.agreement_rate, 1.0);
//! assert_eq!(summary.issues["share_a"].p50, Some(0.55));
//! assert_eq!(Summary::parse(&summary.to_json()).unwrap(), summary);
//! ```

pub mod backtest;
pub mod cost;
pub mod explain;
pub mod format;
pub mod import;
pub mod model;
pub mod model_kind;
pub mod montecarlo;
pub mod nominal;
pub mod play;
pub mod report;
pub mod rng;
pub mod scenario;
pub mod shard;
pub(crate) mod solve;
pub mod summary;
pub mod uncertain;
pub mod whatif;
pub mod world;

pub use model::{Model, Solution};
pub use model_kind::ModelKind;
pub use montecarlo::{Controls, RunError, run};
pub use rng::{TrialRng, trial_rng};
pub use scenario::{Scenario, ScenarioError, load, parse};
pub use summary::{NominalPicture, RunInfo, Summary, SummaryError, Tally};
pub use world::World;

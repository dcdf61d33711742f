//! zopa: a negotiation scenario simulator.
//!
//! A scenario (RON) names the actors of a negotiation, the issues they bargain
//! over, and each actor's stance. zopa solves it with textbook bargaining models
//! and, over many randomized trials, shows where a deal would plausibly land.
//!
//! Data flows one way: scenario → [`world::World`] (one draw) → [`model::Model`] →
//! outcome.
//!
//! ```
//! use zopa::model::{self, TrialRng};
//! use zopa::model_kind::ModelKind;
//! use rand::SeedableRng;
//!
//! let text = r#"Scenario(
//!     name: "Divide the dollar",
//!     issues: [Issue(id: "share_a", name: "Share to A", min: 0.0, max: 1.0)],
//!     actors: [
//!         Actor(id: "a", name: "A", power: 1.0, reservation: 0.2, stances: { "share_a": (position: 1.0, salience: 1.0) }),
//!         Actor(id: "b", name: "B", power: 1.0, reservation: 0.1, stances: { "share_a": (position: 0.0, salience: 1.0) }),
//!     ],
//! )"#;
//! let scenario = zopa::scenario::parse(text, "dollar.ron").unwrap();
//! let world = zopa::world::World::nominal(&scenario);
//! let mut rng = TrialRng::seed_from_u64(1);
//! let solution = model::build(ModelKind::Nash).solve(&world, &mut rng);
//! let share = solution.outcome.unwrap()[0];
//! assert!((share - 0.55).abs() < 1e-9);
//! ```

pub mod explain;
pub mod format;
pub mod import;
pub mod model;
pub mod model_kind;
pub mod montecarlo;
pub mod nominal;
pub mod report;
pub mod rng;
pub mod scenario;
pub mod solve;
pub mod summary;
pub mod uncertain;
pub mod whatif;
pub mod world;

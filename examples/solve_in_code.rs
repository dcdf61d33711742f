//! Builds a small negotiation in code (no file), solves it with every model in
//! `ModelKind::ALL` (the protocol and forecast models with their default
//! parameters) and prints each outcome with the actors' utilities.
//!
//! Run with `cargo run --example solve_in_code`.

use rand::SeedableRng;
use zopa::model::{self, TrialRng};
use zopa::model_kind::ModelKind;
use zopa::scenario::build::{ActorBuilder, ScenarioBuilder, Value, triangular};
use zopa::world::World;

pub fn main() {
    // A buyer and a seller bargain over price and delivery time. The buyer cares
    // most about price, the seller most about delivery, so there is room to trade.
    let scenario = ScenarioBuilder::new("Supply contract")
        .description("Price against delivery time.")
        .continuous_issue("price", "Price (EUR)", 100.0, 200.0)
        .discrete_issue("delivery", "Delivery", &["1 week", "2 weeks", "4 weeks"])
        .actor(
            ActorBuilder::new("buyer", "Buyer")
                .reservation(0.3)
                .ideal("price", 100.0, 0.7)
                .favours("delivery", "1 week", 0.3),
        )
        .actor(
            ActorBuilder::new("seller", "Seller")
                .power(1.5)
                .reservation(0.2)
                // Uncertain: solve uses the mean, 170.
                .ideal("price", triangular(150.0, 160.0, 200.0), 0.4)
                .favours("delivery", "4 weeks", 0.6),
        )
        .proposal(
            "List price",
            &[
                ("price", Value::Number(180.0)),
                ("delivery", Value::Option("2 weeks")),
            ],
        )
        .build()
        .unwrap_or_else(|err| panic!("{err}"));

    let world = World::nominal(&scenario);
    let mut rng = TrialRng::seed_from_u64(1);
    println!("{}: {}", scenario.name, scenario.description);
    for kind in ModelKind::ALL {
        let solution = model::build(kind).solve(&world, &mut rng);
        match solution.outcome {
            Some(outcome) => {
                let terms: Vec<String> = scenario
                    .issues
                    .iter()
                    .zip(&outcome)
                    .map(|(issue, value)| format!("{} = {}", issue.id, issue.display_value(*value)))
                    .collect();
                let utilities: Vec<String> = scenario
                    .actors
                    .iter()
                    .zip(world.utilities(&outcome))
                    .map(|(actor, utility)| format!("{} {utility:.3}", actor.id))
                    .collect();
                println!(
                    "{:<18} {}  (utilities: {})",
                    kind.cli_name(),
                    terms.join(", "),
                    utilities.join(", ")
                );
            }
            None => println!("{:<18} no agreement", kind.cli_name()),
        }
    }
}

//! The compromise model explained: per issue, each actor's pull (capability ×
//! salience, as the model weighs it), its share and its ideal, then the
//! model's answer.

use crate::model::compromise::pull;
use crate::model::{self, TrialRng};
use crate::model_kind::ModelKind;
use crate::report::table::{Align, Table};
use crate::scenario::Scenario;
use crate::world::World;
use rand::SeedableRng;

pub(super) fn narrate(scenario: &Scenario, world: &World) -> String {
    let mut out = String::from(
        "The compromise model takes, per issue, the mean of the ideal points weighted by power × salience:\n\n",
    );
    // A static model: the stream is never drawn from.
    let mut rng = TrialRng::seed_from_u64(0);
    let outcome = model::build(ModelKind::Compromise)
        .solve(world, &mut rng)
        .outcome;
    for (d, issue) in scenario.issues.iter().enumerate() {
        let total: f64 = world.actors.iter().map(|party| pull(party, d)).sum();
        let mut table = Table::new(&[
            (issue.name.as_str(), Align::Left),
            ("power × salience", Align::Right),
            ("share", Align::Right),
            ("wants", Align::Right),
        ]);
        for (actor, party) in scenario.actors.iter().zip(&world.actors) {
            let weight = pull(party, d);
            let share = if total > 0.0 { weight / total } else { 0.0 };
            let wants = match party.values[d].ideal() {
                Some(p) => issue.display_value(p),
                None => actor.stances[d].ideal_text(issue),
            };
            table.row(vec![
                actor.name.clone(),
                format!("{weight:.3}"),
                format!("{:.1}%", 100.0 * share),
                wants,
            ]);
        }
        out.push_str(&table.render());
        if let Some(outcome) = &outcome {
            out.push_str(&format!(
                "→ {}: {}\n\n",
                issue.name,
                issue.display_value(outcome[d])
            ));
        }
    }
    if outcome.is_none() {
        out.push_str("No agreement: the veto actors' red lines leave no outcome at all.\n");
    }
    out
}

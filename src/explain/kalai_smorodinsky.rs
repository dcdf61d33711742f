//! Kalai–Smorodinsky explained: the point the model finds, each veto actor's
//! ideal gain and the share of it the point gives (from [`KsPoint`]).

use super::describe;
use crate::model::{KsPoint, solve_ks};
use crate::report::table::{Align, Table};
use crate::scenario::Scenario;
use crate::world::World;

pub(super) fn narrate(scenario: &Scenario, world: &World) -> String {
    let mut out = String::from(
        "Kalai–Smorodinsky gives every veto actor the same share of its ideal gain: the most it could get (U) among outcomes that leave every veto actor at least its reservation, minus that reservation.\n\n",
    );
    let Some(point) = solve_ks(world) else {
        out.push_str("There is no zone of possible agreement, so there is no agreement.\n");
        return out;
    };
    out.push_str(&format!(
        "Outcome: {}\n\n",
        describe(scenario, &point.outcome)
    ));
    out.push_str(&shares_table(scenario, world, &point));
    out
}

fn shares_table(scenario: &Scenario, world: &World, point: &KsPoint) -> String {
    let mut table = Table::new(&[
        ("Veto actor", Align::Left),
        ("reservation", Align::Right),
        ("ideal U", Align::Right),
        ("utility", Align::Right),
        ("share of ideal gain", Align::Right),
    ]);
    let shares = point.shares(world);
    for ((&i, gain), share) in point.veto.iter().zip(&point.ideal_gains).zip(shares) {
        let party = &world.actors[i];
        table.row(vec![
            scenario.actors[i].name.clone(),
            format!("{:.4}", party.reservation),
            format!("{:.4}", party.reservation + gain),
            format!("{:.4}", party.utility(&point.outcome)),
            format!("{:.1}%", 100.0 * share),
        ]);
    }
    table.render()
}

//! Kalai–Smorodinsky explained: the point the model finds, each veto actor's
//! ideal gain and the share of it the point gives (from [`KsPoint`]); which
//! red line binds; without a zone of agreement, why there is none.

use super::{describe, paragraph, table, zone};
use crate::model::{KsPoint, solve_ks};
use crate::model_kind::ModelKind;
use crate::report::table::{Align, Table};
use crate::scenario::Scenario;
use crate::world::World;

pub(super) fn narrate(scenario: &Scenario, world: &World) -> String {
    let mut out = paragraph(
        "Kalai–Smorodinsky gives every veto actor the same share of its ideal gain: the most it could get (U) among outcomes that leave every veto actor at least its reservation, minus that reservation.",
    );
    out.push('\n');
    let Some(point) = solve_ks(world) else {
        out.push_str(&paragraph(
            "There is no zone of possible agreement, so there is no agreement.",
        ));
        out.push('\n');
        out.push_str(&zone::without_zone(scenario, world));
        out.push_str(&zone::red_lines(
            scenario,
            world,
            ModelKind::KalaiSmorodinsky,
            None,
        ));
        return out;
    };
    out.push_str(&paragraph(&format!(
        "Outcome: {}",
        describe(scenario, &point.outcome)
    )));
    out.push('\n');
    out.push_str(&table(&shares_table(scenario, world, &point)));
    let red_lines = zone::red_lines(
        scenario,
        world,
        ModelKind::KalaiSmorodinsky,
        Some(&point.outcome),
    );
    if !red_lines.is_empty() {
        out.push('\n');
        out.push_str(&red_lines);
    }
    out
}

fn shares_table(scenario: &Scenario, world: &World, point: &KsPoint) -> Table {
    let mut shares_table = Table::new(&[
        ("Veto actor", Align::Left),
        ("reservation", Align::Right),
        ("ideal U", Align::Right),
        ("utility", Align::Right),
        ("share of ideal gain", Align::Right),
    ]);
    let shares = point.shares(world);
    for ((&i, gain), share) in point.veto.iter().zip(&point.ideal_gains).zip(shares) {
        let party = &world.actors[i];
        shares_table.row(vec![
            scenario.actors[i].name.clone(),
            format!("{:.4}", party.reservation),
            format!("{:.4}", party.reservation + gain),
            format!("{:.4}", party.utility(&point.outcome)),
            format!("{:.1}%", 100.0 * share),
        ]);
    }
    shares_table
}

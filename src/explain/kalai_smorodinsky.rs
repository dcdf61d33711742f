//! Kalai–Smorodinsky explained: the point the model finds, each veto actor's
//! ideal gain and the share of it the point gives (from [`KsPoint`]); which
//! red line binds; without a zone of agreement, why there is none.

use super::{describe, paragraph, table, zone};
use crate::model::{KsPoint, solve_ks};
use crate::model_kind::ModelKind;
use crate::report::table::{Align, Table};
use crate::scenario::Scenario;
use crate::world::World;

pub(super) fn narrate(scenario: &Scenario, world: &World, allow_slow: bool) -> String {
    let mut out = paragraph(
        "Kalai–Smorodinsky gives every veto actor the same share of its ideal gain: the most it could get (U) among outcomes that leave every veto actor at least its reservation, minus that reservation.",
    );
    out.push('\n');
    let Some(point) = solve_ks(world) else {
        out.push_str(&paragraph(
            "There is no zone of possible agreement, so there is no agreement.",
        ));
        out.push('\n');
        out.push_str(&zone::without_zone(scenario, world, allow_slow));
        out.push_str(&zone::red_lines(
            scenario,
            world,
            ModelKind::KalaiSmorodinsky,
            None,
            allow_slow,
        ));
        return out;
    };
    out.push_str(&paragraph(&format!(
        "Outcome: {}",
        describe(scenario, &point.outcome)
    )));
    out.push('\n');
    out.push_str(&table(&shares_table(scenario, world, &point)));
    let above = above_the_common_share(scenario, world, &point);
    if !above.is_empty() {
        out.push('\n');
        out.push_str(&paragraph(&above));
    }
    let red_lines = zone::red_lines(
        scenario,
        world,
        ModelKind::KalaiSmorodinsky,
        Some(&point.outcome),
        allow_slow,
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

/// Why an actor can end above the common share: where red lines or the shape
/// of the frontier stop some actors' shares from rising together, the
/// smallest share is as large as it can be and the others have what the
/// outcome then gives them. Empty when every share is the same.
fn above_the_common_share(scenario: &Scenario, world: &World, point: &KsPoint) -> String {
    let shares = point.shares(world);
    let (mut bind, mut above) = (Vec::new(), Vec::new());
    for (&i, share) in point.veto.iter().zip(&shares) {
        let name = scenario.actors[i].name.clone();
        if *share > point.share + 1e-6 {
            above.push(format!("{name} ({:.1}%)", 100.0 * share));
        } else {
            bind.push(name);
        }
    }
    if above.is_empty() {
        return String::new();
    }
    format!(
        "The shares are not all equal: no outcome gives {} more than {:.1}% of their ideal gains \
         at once, and that smallest share is what Kalai–Smorodinsky makes as large as it can be. \
         At the outcome that reaches it (one no other outcome improves for every veto actor), {} \
         {} more.",
        bind.join(" and "),
        100.0 * point.share,
        above.join(" and "),
        if above.len() == 1 { "has" } else { "have" }
    )
}

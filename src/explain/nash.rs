//! The Nash solution explained: the point the model finds and, per veto
//! actor, its factor of the Nash product there (from [`nash_factors`]); which
//! red line binds; without a zone of agreement, why there is none.

use super::{describe, paragraph, table, zone};
use crate::model::{nash_factors, solve_nash};
use crate::model_kind::ModelKind;
use crate::report::table::{Align, Table};
use crate::scenario::Scenario;
use crate::world::World;

pub(super) fn narrate(scenario: &Scenario, world: &World, allow_slow: bool) -> String {
    let names: Vec<&str> = world
        .veto_actors()
        .iter()
        .map(|&i| scenario.actors[i].name.as_str())
        .collect();
    let mut out = paragraph(&format!(
        "The Nash solution maximises Σ power·ln(utility − reservation) over the veto actors ({}), among outcomes inside their red lines that give each of them more than its reservation.",
        names.join(", ")
    ));
    out.push('\n');
    let Some((_, outcome)) = solve_nash(world) else {
        if crate::model::zopa_exists(world) {
            out.push_str(&paragraph("Outcomes exist that give every veto actor more than its reservation, but a veto actor with bargaining power 0 counts for nothing in the product: the others' interest pushes it down to its reservation, where it gains nothing from a deal. As the limit of ever smaller weights the Nash point is that zero-gain outcome, which is not an agreement, so there is none."));
        } else {
            out.push_str(&paragraph("No such outcome exists (there is no zone of possible agreement), so there is no agreement."));
            out.push('\n');
            out.push_str(&zone::without_zone(scenario, world, allow_slow));
            out.push_str(&zone::red_lines(
                scenario,
                world,
                ModelKind::Nash,
                None,
                allow_slow,
            ));
        }
        return out;
    };
    out.push_str(&paragraph(&format!(
        "Outcome: {}",
        describe(scenario, &outcome)
    )));
    out.push('\n');
    let mut factors = Table::new(&[
        ("Veto actor", Align::Left),
        ("weight", Align::Right),
        ("utility", Align::Right),
        ("reservation", Align::Right),
        ("gain", Align::Right),
        ("weight × ln(gain)", Align::Right),
    ]);
    let mut sum = 0.0;
    for factor in nash_factors(world, &outcome) {
        let party = &world.actors[factor.actor];
        let term = factor.term();
        sum += term;
        factors.row(vec![
            scenario.actors[factor.actor].name.clone(),
            format!("{:.3}", factor.weight),
            format!("{:.4}", party.utility(&outcome)),
            format!("{:.4}", party.reservation),
            format!("{:.4}", factor.gain),
            format!("{term:.4}"),
        ]);
    }
    out.push_str(&table(&factors));
    out.push_str(&paragraph(&format!(
        "Sum: {sum:.4}. No other acceptable outcome gives a larger sum; moving any issue would cost one side more (in these weighted log terms) than it gives the other."
    )));
    let red_lines = zone::red_lines(scenario, world, ModelKind::Nash, Some(&outcome), allow_slow);
    if !red_lines.is_empty() {
        out.push('\n');
        out.push_str(&red_lines);
    }
    out
}

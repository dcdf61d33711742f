//! The parts of `summary.json` that describe the scenario rather than the
//! trials: names, units, ideal points, proposal positions, chart settings and
//! the nominal utility picture. They make the summary self-contained, so charts
//! and reports (and `zopa plot`) need nothing but the summary file.

use super::json::round;
use crate::model::{self, pareto_frontier};
use crate::montecarlo::trial_rng;
use crate::scenario::{IssueKind, ModelKind, Preference, Scenario, best_option};
use crate::summary::{IssueTally, Tally};
use crate::world::World;
use serde_json::{Map, Value, json};

/// The frontier and the Kalai–Smorodinsky point take linear programs that grow
/// with veto actors × issues. The crowd of the robustness tests (50 × 20 =
/// 1,000) adds about 0.07 s to a summary; past this size they are left out of
/// the summary (`null` / empty) rather than risk stalling the run.
pub const NOMINAL_LIMIT: usize = 2_000;

/// Bins of the per-issue density strip.
pub const DENSITY_BINS: usize = 64;

/// A value in the issue's own terms: a number, or an option's name.
fn issue_value(scenario: &Scenario, issue: usize, value: f64) -> Value {
    match &scenario.issues[issue].kind {
        IssueKind::Continuous { .. } => json!(round(value)),
        IssueKind::Discrete { options } => options
            .get(value.round() as usize)
            .map_or(Value::Null, |name| json!(name)),
    }
}

/// Name, unit, ends, range or options, and (continuous) the density strip.
pub fn issue_fields(
    scenario: &Scenario,
    tally: &Tally,
    issue: usize,
    into: &mut Map<String, Value>,
) {
    let meta = &scenario.issues[issue];
    let mut fields = Map::new();
    fields.insert("name".into(), json!(meta.name));
    fields.insert("unit".into(), json!(meta.unit));
    fields.insert("low".into(), json!(meta.low));
    fields.insert("high".into(), json!(meta.high));
    match &meta.kind {
        IssueKind::Continuous { min, max } => {
            fields.insert("range".into(), json!([min, max]));
            if let IssueTally::Continuous(histogram) = &tally.issues[issue] {
                fields.insert("density".into(), json!(histogram.coarse(DENSITY_BINS)));
            }
        }
        IssueKind::Discrete { options } => {
            fields.insert("options".into(), json!(options));
        }
    }
    // Descriptive fields first, then the statistics already in `into`.
    fields.append(into);
    *into = fields;
}

/// Name, veto, nominal power and reservation, and the ideal on each issue.
pub fn actor_fields(scenario: &Scenario, actor: usize, into: &mut Map<String, Value>) {
    let meta = &scenario.actors[actor];
    let ideal: Map<String, Value> = scenario
        .issues
        .iter()
        .zip(&meta.stances)
        .enumerate()
        .map(|(d, (issue, stance))| {
            let value = match &stance.preference {
                Preference::Ideal { position, .. } => json!(round(position.nominal())),
                Preference::Values(values) => issue_value(scenario, d, best_option(values) as f64),
            };
            (issue.id.clone(), value)
        })
        .collect();
    let mut fields = Map::new();
    fields.insert("name".into(), json!(meta.name));
    fields.insert("veto".into(), json!(meta.veto));
    fields.insert("power".into(), json!(round(meta.power.nominal())));
    fields.insert(
        "reservation".into(),
        json!(round(meta.reservation.nominal())),
    );
    fields.insert("ideal".into(), Value::Object(ideal));
    fields.append(into);
    *into = fields;
}

/// The proposal's description and its value on each issue.
pub fn proposal_fields(scenario: &Scenario, proposal: usize, into: &mut Map<String, Value>) {
    let meta = &scenario.proposals[proposal];
    let values: Map<String, Value> = scenario
        .issues
        .iter()
        .enumerate()
        .map(|(d, issue)| (issue.id.clone(), issue_value(scenario, d, meta.values[d])))
        .collect();
    let mut fields = Map::new();
    fields.insert("description".into(), json!(meta.description));
    fields.insert("values".into(), Value::Object(values));
    fields.append(into);
    *into = fields;
}

/// The chart settings, by id.
pub fn charts(scenario: &Scenario) -> Value {
    let pairs: Vec<Value> = scenario
        .charts
        .pairs
        .iter()
        .map(|&(x, y)| json!([scenario.issues[x].id, scenario.issues[y].id]))
        .collect();
    let (a, b) = scenario.charts.utilities;
    json!({
        "pairs": pairs,
        "utilities": [scenario.actors[a].id, scenario.actors[b].id],
    })
}

/// The utility chart's data for its two actors: the first trials' utilities,
/// and at nominal values the reservations, the Pareto frontier, the Nash and
/// Kalai–Smorodinsky points and the proposals.
pub fn utilities(scenario: &Scenario, tally: &Tally) -> Value {
    let (a, b) = scenario.charts.utilities;
    let pair = |u: &[f64]| json!([round(u[a]), round(u[b])]);
    let cloud: Vec<Value> = tally
        .cloud
        .iter()
        .map(|point| {
            json!([
                round(point.utilities[a]),
                round(point.utilities[b]),
                u8::from(point.agreed)
            ])
        })
        .collect();
    let world = World::nominal(scenario);
    let solve = |kind: ModelKind| {
        model::build(kind)
            .solve(&world, &mut trial_rng(scenario.seed, 0))
            .outcome
            .map_or(Value::Null, |outcome| pair(&world.utilities(&outcome)))
    };
    let small = world.veto_actors().len() * world.issues.len() <= NOMINAL_LIMIT;
    let frontier: Vec<Value> = (if small {
        pareto_frontier(&world, a, b)
    } else {
        Vec::new()
    })
    .into_iter()
    .map(|(ua, ub)| json!([round(ua), round(ub)]))
    .collect();
    let proposals: Map<String, Value> = scenario
        .proposals
        .iter()
        .map(|proposal| {
            let outcome = proposal.internal(&scenario.issues);
            (proposal.name.clone(), pair(&world.utilities(&outcome)))
        })
        .collect();
    json!({
        "actors": [scenario.actors[a].id, scenario.actors[b].id],
        "reservations": [round(world.actors[a].reservation), round(world.actors[b].reservation)],
        "cloud": cloud,
        "frontier": frontier,
        "nash": solve(ModelKind::Nash),
        "kalai_smorodinsky": if small { solve(ModelKind::KalaiSmorodinsky) } else { Value::Null },
        "proposals": proposals,
    })
}

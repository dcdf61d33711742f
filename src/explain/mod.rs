//! `zopa explain`: one negotiation, narrated as a lesson.
//!
//! The narration never re-derives a model's answer. For the static models it
//! shows the quantities the model's own public functions return (the pulls of
//! the compromise, the factors of the Nash product, the ideal gains and shares
//! of Kalai–Smorodinsky), which veto actor's red line binds (the model solved
//! again without it), and without a zone of agreement what each veto actor
//! could get at best (`zone`). For the protocol and forecast models it tells
//! the story from what the model computes while it plays: the continuation
//! values of equilibrium play (`equilibrium`) and, where the scenario meets
//! the assumptions of a published closed form, that form computed from the
//! scenario's numbers beside zopa's answer (`closed_form`); the concession
//! table of time-dependent play (`concession`); expected utility issue by
//! issue. One file per model family; this one holds the header and what they
//! share. Everything fits in 100 columns ([`WIDTH`]); numbers are rounded for
//! reading.

mod alternating;
mod closed_form;
mod compromise;
mod concession;
mod discrete_compromise;
mod equilibrium;
mod expected_utility;
mod kalai_smorodinsky;
mod nash;
mod rows;
mod zone;

use crate::model::TrialRng;
use crate::model_kind::ModelKind;
use crate::report::table::{Align, Table};
use crate::scenario::Scenario;
use crate::world::World;

/// Which world is explained, for the header.
pub enum Draw {
    Nominal,
    Trial { seed: u64, trial: u64 },
}

/// The narration of `kind` on `world`, a draw of `scenario`; a protocol model
/// plays with `rng`. Lessons estimated to cost more than a few seconds beyond
/// the model's own answer are left out, and say so, unless `allow_slow`.
pub fn explain(
    scenario: &Scenario,
    kind: ModelKind,
    world: &World,
    draw: &Draw,
    rng: &mut TrialRng,
    allow_slow: bool,
) -> String {
    let which = match draw {
        Draw::Nominal => "nominal values (uncertain numbers at their means)".to_string(),
        Draw::Trial { seed, trial } => {
            format!("trial {trial} of seed {seed} (the draw `zopa run` makes for it)")
        }
    };
    let mut out = paragraph(&format!(
        "{} · model: {} · {which}",
        scenario.name,
        kind.cli_name()
    ));
    out.push('\n');
    out.push_str(&table(&actors_table(scenario, world)));
    out.push('\n');
    out.push_str(&match kind {
        ModelKind::Compromise => compromise::narrate(scenario, world, allow_slow),
        ModelKind::DiscreteCompromise { threshold } => {
            discrete_compromise::narrate(scenario, world, threshold, allow_slow)
        }
        ModelKind::Nash => nash::narrate(scenario, world, allow_slow),
        ModelKind::KalaiSmorodinsky => kalai_smorodinsky::narrate(scenario, world, allow_slow),
        ModelKind::AlternatingOffers(protocol) => {
            alternating::narrate(scenario, world, protocol, rng)
        }
        ModelKind::ExpectedUtility { rounds, rules } => {
            let model = crate::model::ExpectedUtility { rounds, rules };
            expected_utility::narrate(scenario, world, model, rng)
        }
    });
    out
}

fn actors_table(scenario: &Scenario, world: &World) -> Table {
    let mut table = Table::new(&[
        ("Actor", Align::Left),
        ("Veto", Align::Left),
        ("Power", Align::Right),
        ("Reservation", Align::Right),
        ("Patience", Align::Right),
        ("Cares most about", Align::Left),
    ]);
    for (actor, party) in scenario.actors.iter().zip(&world.actors) {
        let top = (0..party.weights.len()).fold(0, |b, d| {
            if party.weights[d] > party.weights[b] {
                d
            } else {
                b
            }
        });
        table.row(vec![
            actor.name.clone(),
            if party.veto { "yes" } else { "no" }.to_string(),
            format!("{:.2}", party.power),
            format!("{:.3}", party.reservation),
            format!("{:.3}", party.patience),
            format!(
                "{} ({:.0}% of its weight)",
                scenario.issues[top].name,
                100.0 * party.weights[top]
            ),
        ]);
    }
    table
}

/// The width of a terminal the narration is written for.
pub const WIDTH: usize = 100;

/// `text` as a paragraph: broken at spaces into lines of at most [`WIDTH`]
/// characters (a longer word stands alone), with a line break after the last.
fn paragraph(text: &str) -> String {
    paragraph_within(text, WIDTH)
}

/// `text` as a paragraph indented by `indent` spaces, within [`WIDTH`].
fn indented(text: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    paragraph_within(text, WIDTH.saturating_sub(indent).max(20))
        .lines()
        .map(|line| format!("{pad}{line}\n"))
        .collect()
}

/// `text` broken at spaces into lines of at most `width` characters.
fn paragraph_within(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// A table in at most [`WIDTH`] columns where it can be.
fn table(table: &Table) -> String {
    table.render_within(WIDTH)
}

/// How a table names actors: by name, or by id where names would make it too
/// wide for [`WIDTH`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Labels {
    Names,
    Ids,
}

impl Labels {
    fn of(self, scenario: &Scenario, actor: usize) -> &str {
        match self {
            Labels::Names => &scenario.actors[actor].name,
            Labels::Ids => &scenario.actors[actor].id,
        }
    }
}

/// The table `build` makes for the veto actors `veto`, fitted into
/// [`WIDTH`]: naming actors by name if that fits, else by id (after a line
/// that says which id is whom), else by id in several tables, each for as
/// many of the veto actors as fit. `build(labels, some)` makes the table
/// with columns for the veto actors `some` only. `None` if not even one
/// veto actor per table fits (`whole` says whether that may happen: if not,
/// the last resort is one table per veto actor, cut to the width).
fn fitting(
    scenario: &Scenario,
    veto: &[usize],
    whole: bool,
    build: impl Fn(Labels, &[usize]) -> Table,
) -> Option<String> {
    let fits = |text: &str| text.lines().all(|line| line.chars().count() <= WIDTH);
    let by_name = build(Labels::Names, veto).render();
    if fits(&by_name) {
        return Some(by_name);
    }
    let actors: Vec<usize> = (0..scenario.actors.len()).collect();
    let by_id = build(Labels::Ids, veto).render();
    if fits(&by_id) {
        return Some(legend(scenario, &actors) + &by_id);
    }
    if !whole {
        return None;
    }
    // The most veto actors per table that fit, one table per group.
    let per_table = (1..veto.len())
        .rev()
        .find(|&size| {
            veto.chunks(size)
                .all(|group| fits(&build(Labels::Ids, group).render()))
        })
        .unwrap_or(1);
    let tables: Vec<String> = veto
        .chunks(per_table)
        .map(|group| table(&build(Labels::Ids, group)))
        .collect();
    Some(legend(scenario, &actors) + &tables.join("\n"))
}

/// Which id is whom, for a table that names actors by id.
fn legend(scenario: &Scenario, actors: &[usize]) -> String {
    let ids: Vec<String> = actors
        .iter()
        .map(|&i| format!("{} = {}", scenario.actors[i].id, scenario.actors[i].name))
        .collect();
    paragraph(&format!("Actors by id: {}.", ids.join(", ")))
}

/// `issue = value, …` in the issues' own terms.
fn describe(scenario: &Scenario, outcome: &[f64]) -> String {
    scenario.describe(outcome)
}

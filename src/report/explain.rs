//! `zopa explain`: one negotiation, narrated for a classroom.
//!
//! For the static models it shows the quantities behind the answer (the weights
//! of the compromise, the factors of the Nash product, the ideal gains and shares
//! of Kalai–Smorodinsky); for alternating offers it tells the talks round by
//! round, from the model's own trace. Numbers are rounded for reading.

use super::table::{Align, Table};
use crate::model::alternating::{RoundEvent, accepts};
use crate::model::{self, TrialRng, solve_ks};
use crate::scenario::{ModelKind, Scenario};
use crate::world::World;
use rand::SeedableRng;

/// Which world is explained, for the header.
pub enum Draw {
    Nominal,
    Trial { seed: u64, trial: u64 },
}

/// The narration of `kind` on `world`, a draw of `scenario`.
pub fn explain(
    scenario: &Scenario,
    kind: ModelKind,
    world: &World,
    draw: &Draw,
    rng: &mut TrialRng,
) -> String {
    let which = match draw {
        Draw::Nominal => "nominal values (uncertain numbers at their means)".to_string(),
        Draw::Trial { seed, trial } => {
            format!("trial {trial} of seed {seed} (the draw `zopa run` makes for it)")
        }
    };
    let mut out = format!(
        "{} · model: {} · {which}\n\n",
        scenario.name,
        kind.cli_name()
    );
    out.push_str(&actors_table(scenario, world));
    out.push('\n');
    match kind {
        ModelKind::Compromise => out.push_str(&compromise(scenario, world)),
        ModelKind::Nash => out.push_str(&nash(scenario, world)),
        ModelKind::KalaiSmorodinsky => out.push_str(&kalai_smorodinsky(scenario, world)),
        ModelKind::ExpectedUtility { rounds } => {
            out.push_str(&expected_utility(scenario, world, rounds))
        }
        ModelKind::AlternatingOffers(protocol) => {
            let mut events = Vec::new();
            let solution = protocol.solve_observed(world, rng, &mut |event: &RoundEvent| {
                events.push(narrate_round(scenario, world, event));
            });
            out.push_str(&elide(&events));
            out.push('\n');
            out.push_str(&match (&solution.outcome, solution.broke_down) {
                (Some(outcome), _) => format!(
                    "Agreement in round {}: {}\n",
                    solution.rounds.unwrap_or(1),
                    describe(scenario, outcome)
                ),
                (None, true) => format!(
                    "The talks broke down after round {}: everyone falls back on its reservation value.\n",
                    solution.rounds.unwrap_or(1)
                ),
                (None, false) => "The deadline passed without agreement: everyone falls back on its reservation value.\n".to_string(),
            });
        }
    }
    out
}

fn actors_table(scenario: &Scenario, world: &World) -> String {
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
    table.render()
}

/// `issue = value, …` in the issues' own terms.
fn describe(scenario: &Scenario, outcome: &[f64]) -> String {
    scenario
        .issues
        .iter()
        .zip(outcome)
        .map(|(issue, value)| format!("{} = {}", issue.id, issue.display_value(*value)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn compromise(scenario: &Scenario, world: &World) -> String {
    let mut out = String::from(
        "The compromise model takes, per issue, the mean of the ideal points weighted by power × salience:\n\n",
    );
    let mut rng = TrialRng::seed_from_u64(0);
    let outcome = model::build(ModelKind::Compromise)
        .solve(world, &mut rng)
        .outcome;
    for (d, issue) in scenario.issues.iter().enumerate() {
        let total: f64 = world.actors.iter().map(|a| a.power * a.saliences[d]).sum();
        let mut table = Table::new(&[
            (issue.name.as_str(), Align::Left),
            ("power × salience", Align::Right),
            ("share", Align::Right),
            ("wants", Align::Right),
        ]);
        for (actor, party) in scenario.actors.iter().zip(&world.actors) {
            let weight = party.power * party.saliences[d];
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

fn nash(scenario: &Scenario, world: &World) -> String {
    let veto = world.veto_actors();
    let names: Vec<&str> = veto
        .iter()
        .map(|&i| scenario.actors[i].name.as_str())
        .collect();
    let mut out = format!(
        "The Nash solution maximises Σ power·ln(utility − reservation) over the veto actors ({}), among outcomes inside their red lines that give each of them more than its reservation.\n\n",
        names.join(", ")
    );
    let Some((_, outcome)) = model::solve_nash(world) else {
        out.push_str("No such outcome exists (there is no zone of possible agreement), so there is no agreement.\n");
        return out;
    };
    out.push_str(&format!("Outcome: {}\n\n", describe(scenario, &outcome)));
    let total_power: f64 = veto.iter().map(|&i| world.actors[i].power).sum();
    let mut table = Table::new(&[
        ("Veto actor", Align::Left),
        ("weight", Align::Right),
        ("utility", Align::Right),
        ("reservation", Align::Right),
        ("gain", Align::Right),
        ("weight × ln(gain)", Align::Right),
    ]);
    let mut sum = 0.0;
    for &i in &veto {
        let party = &world.actors[i];
        let weight = if total_power > 0.0 {
            party.power / total_power
        } else {
            1.0 / veto.len() as f64
        };
        let gain = party.utility(&outcome) - party.reservation;
        let term = weight * gain.ln();
        sum += term;
        table.row(vec![
            scenario.actors[i].name.clone(),
            format!("{weight:.3}"),
            format!("{:.4}", party.utility(&outcome)),
            format!("{:.4}", party.reservation),
            format!("{gain:.4}"),
            format!("{term:.4}"),
        ]);
    }
    out.push_str(&table.render());
    out.push_str(&format!(
        "Sum: {sum:.4}. No other acceptable outcome gives a larger sum; moving any issue would cost one side more (in these weighted log terms) than it gives the other.\n"
    ));
    out
}

fn kalai_smorodinsky(scenario: &Scenario, world: &World) -> String {
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
    let mut table = Table::new(&[
        ("Veto actor", Align::Left),
        ("reservation", Align::Right),
        ("ideal U", Align::Right),
        ("utility", Align::Right),
        ("share of ideal gain", Align::Right),
    ]);
    for (&i, gain) in point.veto.iter().zip(&point.ideal_gains) {
        let party = &world.actors[i];
        let utility = party.utility(&point.outcome);
        let share = if *gain > 1e-12 {
            (utility - party.reservation) / gain
        } else {
            1.0
        };
        table.row(vec![
            scenario.actors[i].name.clone(),
            format!("{:.4}", party.reservation),
            format!("{:.4}", party.reservation + gain),
            format!("{utility:.4}"),
            format!("{:.1}%", 100.0 * share),
        ]);
    }
    out.push_str(&table.render());
    out
}

fn expected_utility(scenario: &Scenario, world: &World, rounds: u32) -> String {
    use crate::model::expected_utility::{
        OfferKind, Stake, play_round, spread, stakes, weighted_mean,
    };
    let mut out = String::from(
        "Bueno de Mesquita's model: each round, every actor weighs challenging every other (who would win a vote of capability × salience, whether the rival gives in) and moves to the credible demand that moves it least. The forecast is the capability × salience weighted mean after the last round.\n\n",
    );
    let weighted = |stakes: &[Stake]| {
        let positions: Vec<f64> = stakes.iter().map(|s| s.position).collect();
        let weights: Vec<f64> = stakes.iter().map(Stake::weight).collect();
        weighted_mean(&positions, &weights)
    };
    for (d, issue) in scenario.issues.iter().enumerate() {
        if issue.is_discrete() {
            out.push_str(&format!(
                "{}: discrete, settled by the compromise rule.\n\n",
                issue.name
            ));
            continue;
        }
        let mut current = stakes(world, d);
        let scale = spread(&current);
        out.push_str(&format!(
            "{}: start at weighted mean {}\n",
            issue.name,
            issue.display_value(weighted(&current))
        ));
        if scale <= 0.0 {
            out.push_str("  Every actor already stands at the same position: nothing moves.\n\n");
            continue;
        }
        let start = current.clone();
        for round in 1..=rounds {
            let played = play_round(&current, scale);
            let count = |kind: OfferKind| {
                played
                    .accepted
                    .iter()
                    .flatten()
                    .filter(|offer| offer.kind == kind)
                    .count()
            };
            let (confronted, compromises, gives_in) = (
                count(OfferKind::Confrontation),
                count(OfferKind::Compromise),
                count(OfferKind::Capitulation),
            );
            for (stake, position) in current.iter_mut().zip(&played.positions) {
                stake.position = *position;
            }
            out.push_str(&format!(
                "  round {round:>2}: mean {:>8}   {} move: {compromises} compromise, {confronted} lose a confrontation, {gives_in} give in\n",
                issue.display_value(weighted(&current)),
                compromises + confronted + gives_in
            ));
        }
        let mut table = Table::new(&[
            ("Actor", Align::Left),
            ("capability × salience", Align::Right),
            ("start", Align::Right),
            ("end", Align::Right),
        ]);
        for ((actor, before), after) in scenario.actors.iter().zip(&start).zip(&current) {
            table.row(vec![
                actor.name.clone(),
                format!("{:.3}", before.weight()),
                issue.display_value(before.position),
                issue.display_value(after.position),
            ]);
        }
        out.push('\n');
        out.push_str(&table.render());
        out.push_str(&format!(
            "→ forecast for {}: {}\n",
            issue.name,
            issue.display_value(weighted(&current))
        ));
        out.push('\n');
    }
    out
}

fn narrate_round(scenario: &Scenario, world: &World, event: &RoundEvent) -> String {
    let proposer = &scenario.actors[event.proposer].name;
    let Some(offer) = event.offer else {
        return format!(
            "Round {}: {proposer} can offer nothing the others would accept; the round passes.\n",
            event.round
        );
    };
    let mut text = format!(
        "Round {}: {proposer} proposes {}\n",
        event.round,
        describe(scenario, offer)
    );
    for (j, (actor, party)) in scenario.actors.iter().zip(&world.actors).enumerate() {
        if j == event.proposer {
            continue;
        }
        let utility = party.utility(offer);
        let verdict = if !party.veto {
            "has no veto".to_string()
        } else if !party.within_red_lines(offer) {
            "rejects: it crosses a red line".to_string()
        } else if accepts(party, offer, event.thresholds[j]) {
            format!("accepts ({utility:.3} ≥ needs {:.3})", event.thresholds[j])
        } else {
            format!("rejects ({utility:.3} < needs {:.3})", event.thresholds[j])
        };
        text.push_str(&format!(
            "    {:<width$}  {verdict}\n",
            actor.name,
            width = 16
        ));
    }
    if event.broke_down {
        text.push_str("    After the rejection the talks break down.\n");
    }
    text
}

/// Keeps the first and last rounds of a long negotiation.
fn elide(rounds: &[String]) -> String {
    const KEEP: usize = 4;
    if rounds.len() <= 3 * KEEP {
        return rounds.concat();
    }
    let hidden = rounds.len() - 2 * KEEP;
    format!(
        "{}… {hidden} more rounds in which every offer is rejected …\n{}",
        rounds[..KEEP].concat(),
        rounds[rounds.len() - KEEP..].concat()
    )
}

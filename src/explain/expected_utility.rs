//! Bueno de Mesquita's expected utility model explained issue by issue, from
//! the events the model reports while it plays
//! ([`ExpectedUtility::solve_observed`]): where each issue starts, how many
//! actors move in each round and how, and where each actor ends.

use crate::model::TrialRng;
use crate::model::expected_utility::{
    EuEvent, ExpectedUtility, OfferKind, Round, Stake, Still, mean_position,
};
use crate::report::table::{Align, Table};
use crate::scenario::{Issue, Scenario};
use crate::world::World;

pub(super) fn narrate(
    scenario: &Scenario,
    world: &World,
    rounds: u32,
    rng: &mut TrialRng,
) -> String {
    let mut out = String::from(
        "Bueno de Mesquita's model: each round, every actor weighs challenging every other (who would win a vote of capability × salience, whether the rival gives in) and moves to the credible demand that moves it least. The forecast is the capability × salience weighted mean after the last round.\n\n",
    );
    // The stakes an issue started from, for the table at its end; None while
    // the issue is not played.
    let mut start: Option<Vec<Stake>> = None;
    let model = ExpectedUtility { rounds };
    model.solve_observed(world, rng, &mut |event: &EuEvent| match *event {
        EuEvent::Settled { issue, .. } => out.push_str(&format!(
            "{}: discrete, settled by the compromise rule.\n\n",
            scenario.issues[issue].name
        )),
        EuEvent::Start {
            issue,
            stakes,
            still,
            ..
        } => {
            let issue = &scenario.issues[issue];
            out.push_str(&format!(
                "{}: start at weighted mean {}\n",
                issue.name,
                issue.display_value(mean_position(stakes))
            ));
            start = match still {
                None => Some(stakes.to_vec()),
                Some(Still::Together) => {
                    out.push_str(
                        "  Every actor already stands at the same position: nothing moves.\n\n",
                    );
                    None
                }
                Some(Still::Unweighted) => {
                    out.push_str("  No actor weighs this issue (capability × salience is 0 for all): nothing moves.\n\n");
                    None
                }
            };
        }
        EuEvent::Round {
            issue,
            round,
            played,
            stakes,
        } => out.push_str(&round_line(&scenario.issues[issue], round, played, stakes)),
        EuEvent::Forecast {
            issue,
            stakes,
            forecast,
        } => {
            if let Some(start) = start.take() {
                let issue = &scenario.issues[issue];
                out.push('\n');
                out.push_str(&moves_table(scenario, issue, &start, stakes));
                out.push_str(&format!(
                    "→ forecast for {}: {}\n",
                    issue.name,
                    issue.display_value(forecast)
                ));
                out.push('\n');
            }
        }
    });
    out
}

/// One round: the weighted mean after it, and how many actors moved how.
fn round_line(issue: &Issue, round: u32, played: &Round, stakes: &[Stake]) -> String {
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
    format!(
        "  round {round:>2}: mean {:>8}   {} move: {compromises} compromise, {confronted} lose a confrontation, {gives_in} give in\n",
        issue.display_value(mean_position(stakes)),
        compromises + confronted + gives_in
    )
}

/// Each actor's weight and where it started and ended on the issue.
fn moves_table(scenario: &Scenario, issue: &Issue, start: &[Stake], end: &[Stake]) -> String {
    let mut table = Table::new(&[
        ("Actor", Align::Left),
        ("capability × salience", Align::Right),
        ("start", Align::Right),
        ("end", Align::Right),
    ]);
    for ((actor, before), after) in scenario.actors.iter().zip(start).zip(end) {
        table.row(vec![
            actor.name.clone(),
            format!("{:.3}", before.weight()),
            issue.display_value(before.position),
            issue.display_value(after.position),
        ]);
    }
    table.render()
}

//! A negotiation's record: the rounds as the protocol reported them, turned
//! into `negotiation.json` (the concession chart's data) with the reference
//! points of the two plotted actors' utility space. Shared by `zopa play`
//! (a student's game) and `zopa explain --chart` (the agents' own game,
//! [`trace`]).

use crate::format::json::round;
use crate::model::alternating::{AlternatingOffers, RoundEvent};
use crate::model::{Proposer, Solution, TrialRng};
use crate::report::negotiation::{
    Ending, NEGOTIATION_FORMAT, NegotiationActor, NegotiationFile, OfferValue, RoundRecord,
};
use crate::scenario::{IssueKind, Scenario};
use crate::summary::NominalPicture;
use crate::world::World;
use indexmap::IndexMap;

pub use crate::model::alternating::PlayedRound;

/// Plays the agents' own negotiation and keeps every round.
pub fn trace(
    world: &World,
    protocol: &AlternatingOffers,
    rng: &mut TrialRng,
) -> (Solution, Vec<PlayedRound>) {
    let mut rounds = Vec::new();
    let solution = protocol.solve_observed(world, rng, &mut |event: &RoundEvent| {
        rounds.push(PlayedRound::of(event));
    });
    (solution, rounds)
}

/// What a game was, for the file.
pub struct Context<'a> {
    pub scenario: &'a Scenario,
    pub world: &'a World,
    pub protocol: &'a AlternatingOffers,
    /// The two actors the chart plots: across, then up.
    pub axes: (usize, usize),
    /// The actor a person played, if any.
    pub human: Option<usize>,
    /// Who played and from which draw, for the caption.
    pub played: String,
}

impl Context<'_> {
    /// The file of a negotiation that went through `rounds` and ended in
    /// `solution`; `left`: the person at the table left it; `equilibrium`:
    /// where the agents' equilibrium play ends, if the file should show it.
    pub fn file(
        &self,
        rounds: &[PlayedRound],
        solution: &Solution,
        left: bool,
        equilibrium: Option<&Solution>,
    ) -> NegotiationFile {
        let (a, b) = self.axes;
        let world = self.world;
        // Numbers to 9 decimals, as every result file (no float noise).
        let pair = |outcome: &[f64]| {
            (
                round(world.actors[a].utility(outcome)),
                round(world.actors[b].utility(outcome)),
            )
        };
        let need = |played: &PlayedRound, j: usize| {
            let value = played.thresholds.get(j).copied().unwrap_or(f64::NAN);
            (Some(j) != self.human && world.actors[j].veto && value.is_finite())
                .then_some(round(value))
        };
        let ending = match (&solution.outcome, left, solution.broke_down) {
            (Some(_), _, _) => Ending::Agreement,
            (None, true, _) => Ending::Left,
            (None, false, true) => Ending::Breakdown,
            (None, false, false) => Ending::Deadline,
        };
        let picture = NominalPicture::of(
            self.scenario,
            world,
            self.axes,
            crate::cost::nominal_parts_of(self.scenario, world, self.axes),
        );
        let rounded = |(x, y): (f64, f64)| (round(x), round(y));
        let reservations = (
            round(world.actors[a].reservation),
            round(world.actors[b].reservation),
        );
        NegotiationFile {
            zopa_version: env!("CARGO_PKG_VERSION").to_string(),
            format_version: NEGOTIATION_FORMAT,
            scenario: self.scenario.name.clone(),
            protocol: describe_protocol(self.scenario, self.protocol),
            played: self.played.clone(),
            deadline: self.protocol.max_rounds.max(1),
            actors: self
                .scenario
                .actors
                .iter()
                .zip(&world.actors)
                .enumerate()
                .map(|(j, (actor, party))| NegotiationActor {
                    id: actor.id.clone(),
                    name: actor.name.clone(),
                    veto: party.veto,
                    reservation: round(party.reservation),
                    human: Some(j) == self.human,
                })
                .collect(),
            axes: (
                self.scenario.actors[a].id.clone(),
                self.scenario.actors[b].id.clone(),
            ),
            rounds: rounds
                .iter()
                .map(|round| RoundRecord {
                    round: round.round,
                    proposer: self.scenario.actors[round.proposer].id.clone(),
                    offer: round
                        .offer
                        .as_deref()
                        .map(|offer| offer_values(self.scenario, offer)),
                    utilities: round.offer.as_deref().map(pair),
                    needs: (need(round, a), need(round, b)),
                    accepted: round.accepted,
                })
                .collect(),
            frontier_left_out: picture.frontier_left_out,
            frontier: picture.frontier.into_iter().map(rounded).collect(),
            nash: picture.nash.map(rounded),
            kalai_smorodinsky: picture.kalai_smorodinsky.map(rounded),
            equilibrium: equilibrium
                .map(|solution| solution.outcome.as_deref().map_or(reservations, pair)),
            ending,
            last_round: rounds.last().map_or(0, |round| round.round),
        }
    }
}

/// An offer per issue id, in the issues' own units and option names.
pub fn offer_values(scenario: &Scenario, offer: &[f64]) -> IndexMap<String, OfferValue> {
    scenario
        .issues
        .iter()
        .zip(offer)
        .map(|(issue, &value)| {
            let shown = match &issue.kind {
                IssueKind::Continuous { .. } => OfferValue::Number(round(issue.denormalise(value))),
                IssueKind::Discrete { .. } => OfferValue::Option(issue.display_value(value)),
            };
            (issue.id.clone(), shown)
        })
        .collect()
}

/// The protocol in words: proposers, agents, deadline, breakdown.
pub fn describe_protocol(scenario: &Scenario, protocol: &AlternatingOffers) -> String {
    let proposers = match protocol.proposer {
        Proposer::Rotating => {
            let first = scenario
                .actors
                .get(protocol.first)
                .map_or("the first actor", |actor| actor.name.as_str());
            format!("rotating proposers from {first}")
        }
        Proposer::Random => "proposer drawn each round in proportion to power".to_string(),
    };
    let breakdown = if protocol.breakdown > 0.0 {
        format!(
            ", a {} chance that a rejected round ends the talks",
            crate::format::percent(protocol.breakdown)
        )
    } else {
        String::new()
    };
    format!(
        "{proposers}, agents playing {}, deadline {} rounds{breakdown}",
        super::against::describe(protocol.behaviour),
        protocol.max_rounds.max(1)
    )
}

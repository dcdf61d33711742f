//! `negotiation.json`: one alternating-offers negotiation, round by round, as
//! `zopa play` and `zopa explain --chart` write it: who offered what (in the
//! issues' own units and option names), what the offer was worth to the two
//! actors the concession chart plots and what each needed to accept, how the
//! talks ended, and the reference points of their utility space (the Pareto
//! frontier, the Nash and Kalai–Smorodinsky points). The concession chart
//! (`charts::concession`) draws from this type alone, so `zopa plot
//! negotiation.json` redraws it, and a teacher can collect the files of a
//! class.

use crate::scenario::text::shown;
use crate::summary::SummaryError;
use crate::summary::field::{Checked, Field};
use crate::summary::file::{read_json, write_json};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// The layout `negotiation.json` is written in.
pub const NEGOTIATION_FORMAT: u32 = 1;

/// One negotiation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NegotiationFile {
    pub zopa_version: String,
    #[serde(default = "crate::summary::file::first_format")]
    pub format_version: u32,
    pub scenario: String,
    /// How the talks were played, e.g. "rotating proposers, time-dependent
    /// agents (e = 0.2), deadline 10 rounds".
    pub protocol: String,
    /// Who played and from which draw, e.g. "Player A played by a student,
    /// nominal values, seed 1".
    pub played: String,
    /// The last round the talks could have had.
    pub deadline: u32,
    /// Every actor, in the scenario's order (which gives its chart colour).
    pub actors: Vec<NegotiationActor>,
    /// The ids of the two actors whose utilities the chart plots: across,
    /// then up.
    pub axes: (String, String),
    /// The rounds played, in order.
    pub rounds: Vec<RoundRecord>,
    /// The two actors' Pareto frontier, `(across, up)`, from the best for the
    /// first to the best for the second (empty if there is none).
    pub frontier: Vec<(f64, f64)>,
    /// True when the frontier was left out as too costly to compute
    /// (`cost::nominal_parts_of`); written only then.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub frontier_left_out: bool,
    /// Their utilities at the Nash point, if there is one.
    pub nash: Option<(f64, f64)>,
    /// Their utilities at the Kalai–Smorodinsky point, if there is one.
    pub kalai_smorodinsky: Option<(f64, f64)>,
    /// Their utilities where the agents' equilibrium play ends (their
    /// reservations if it ends without a deal), when the file compares a
    /// game with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equilibrium: Option<(f64, f64)>,
    /// How the talks ended.
    pub ending: Ending,
    /// The round they ended in.
    pub last_round: u32,
}

/// An actor as the file names it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NegotiationActor {
    pub id: String,
    pub name: String,
    pub veto: bool,
    pub reservation: f64,
    /// Played by a person (`zopa play`), not by zopa's agent.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub human: bool,
}

/// One round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoundRecord {
    pub round: u32,
    /// The proposer's id.
    pub proposer: String,
    /// The offer per issue id: a number in the issue's units or an option's
    /// name; `None` when the proposer made none.
    pub offer: Option<IndexMap<String, OfferValue>>,
    /// What the offer is worth to the two plotted actors.
    pub utilities: Option<(f64, f64)>,
    /// What each of the two needed to accept it, where an agent answered
    /// (`None` for the proposer's own side of a person, or a non-veto actor).
    pub needs: (Option<f64>, Option<f64>),
    /// Every veto actor accepted.
    pub accepted: bool,
}

/// A value on one issue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OfferValue {
    Number(f64),
    Option(String),
}

/// How a negotiation ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ending {
    Agreement,
    /// A rejection ended the talks (the protocol's breakdown chance).
    Breakdown,
    /// The deadline passed.
    Deadline,
    /// The person at the table left it.
    Left,
}

impl NegotiationFile {
    /// `negotiation.json`: pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        write_json(self)
    }

    /// Reads a file; the message says what is wrong.
    pub fn parse(text: &str) -> Result<NegotiationFile, String> {
        let file: NegotiationFile = read_json(text).map_err(|err| match err {
            SummaryError::Malformed {
                line,
                column,
                message,
            } => format!(
                "line {line}, column {column}: {message}\n  help: this is not a negotiation.json \
                 as this zopa writes it; play or explain the negotiation again to rebuild it"
            ),
            other => other.to_string(),
        })?;
        if file.format_version > NEGOTIATION_FORMAT {
            return Err(format!(
                "format version {} is newer than this zopa reads ({NEGOTIATION_FORMAT})\n  \
                 help: update zopa",
                file.format_version
            ));
        }
        for id in [&file.axes.0, &file.axes.1] {
            if file.actor_index(id).is_none() {
                return Err(format!(
                    "the chart's actor `{id}` is not among the file's actors"
                ));
            }
        }
        if let Some(round) = file
            .rounds
            .iter()
            .find(|round| file.actor_index(&round.proposer).is_none())
        {
            return Err(format!(
                "round {}: the proposer `{}` is not among the file's actors",
                round.round,
                shown(&round.proposer)
            ));
        }
        file.check_consistency().map_err(|found| {
            SummaryError::Inconsistent {
                found,
                command: "zopa play` or `zopa explain --chart",
            }
            .to_string()
        })?;
        Ok(file)
    }

    /// Checks that the rounds, the ending and every utility can be what
    /// `zopa play` or `zopa explain --chart` wrote (see
    /// [`crate::summary::field`]).
    fn check_consistency(&self) -> Checked {
        let root = Field::root();
        for (k, actor) in self.actors.iter().enumerate() {
            let field = root.key("actors").index(k);
            if self.actors[..k].iter().any(|other| other.id == actor.id) {
                return Err(field
                    .key("id")
                    .wrong(format!("repeats the actor `{}`", shown(&actor.id))));
            }
            field.key("reservation").utility(actor.reservation)?;
        }
        if self.last_round > self.deadline {
            return Err(root.key("last_round").wrong(format!(
                "is {}, past the deadline ({})",
                self.last_round, self.deadline
            )));
        }
        let last = self.rounds.last().map_or(0, |round| round.round);
        if self.last_round != last {
            return Err(root.key("last_round").wrong(format!(
                "is {}, but the last round recorded is {last}",
                self.last_round
            )));
        }
        for (k, round) in self.rounds.iter().enumerate() {
            let field = root.key("rounds").index(k);
            let before = k.checked_sub(1).map_or(0, |j| self.rounds[j].round);
            if round.round <= before {
                return Err(field.key("round").wrong(format!(
                    "is {}, not after the round before it ({before}): rounds are listed in \
                     order, from 1",
                    round.round
                )));
            }
            if round.accepted && (k + 1 < self.rounds.len() || self.ending != Ending::Agreement) {
                return Err(field.key("accepted").wrong(
                    "is true, but an accepted offer ends the talks in agreement: only the last \
                     round of a negotiation that ended in a deal is accepted",
                ));
            }
            if let Some((x, y)) = round.utilities {
                field.key("utilities").index(0).utility(x)?;
                field.key("utilities").index(1).utility(y)?;
            }
            for (j, need) in [round.needs.0, round.needs.1].into_iter().enumerate() {
                if let Some(need) = need {
                    field.key("needs").index(j).finite(need)?;
                }
            }
            if let Some(offer) = &round.offer {
                for (issue, value) in offer {
                    if let OfferValue::Number(value) = value {
                        field.key("offer").key(issue).finite(*value)?;
                    }
                }
            }
        }
        if self.frontier_left_out && !self.frontier.is_empty() {
            return Err(root.key("frontier_left_out").wrong(format!(
                "is true, but `frontier` has {} points: a frontier left out has none",
                self.frontier.len()
            )));
        }
        let points = self
            .frontier
            .iter()
            .enumerate()
            .map(|(k, &point)| (root.key("frontier").index(k), point))
            .chain(self.nash.map(|point| (root.key("nash"), point)))
            .chain(
                self.kalai_smorodinsky
                    .map(|point| (root.key("kalai_smorodinsky"), point)),
            )
            .chain(
                self.equilibrium
                    .map(|point| (root.key("equilibrium"), point)),
            );
        for (field, (x, y)) in points {
            field.index(0).utility(x)?;
            field.index(1).utility(y)?;
        }
        Ok(())
    }

    /// The actor with this id's place in the scenario's order.
    pub fn actor_index(&self, id: &str) -> Option<usize> {
        self.actors.iter().position(|actor| actor.id == id)
    }

    /// The actor with this id's name (the id if there is none).
    pub fn actor_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.actors
            .iter()
            .find(|actor| actor.id == id)
            .map_or(id, |actor| actor.name.as_str())
    }

    /// The two plotted actors' reservations.
    pub fn reservations(&self) -> (f64, f64) {
        let of = |id: &str| {
            self.actors
                .iter()
                .find(|actor| actor.id == id)
                .map_or(0.0, |actor| actor.reservation)
        };
        (of(&self.axes.0), of(&self.axes.1))
    }

    /// The agreed round's record, if the talks ended in agreement.
    pub fn agreement(&self) -> Option<&RoundRecord> {
        (self.ending == Ending::Agreement)
            .then(|| self.rounds.iter().rev().find(|round| round.accepted))
            .flatten()
    }

    /// The caption every concession chart carries.
    pub fn caption(&self) -> String {
        format!(
            "{} · {} · zopa {}",
            self.scenario, self.played, self.zopa_version
        )
    }
}

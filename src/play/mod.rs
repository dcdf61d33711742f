//! `zopa play`: a student negotiates against zopa's agents, round by round.
//!
//! The game is the alternating-offers protocol of `model::alternating`, played
//! by the protocol itself: the student takes one actor's seat through the
//! protocol's [`Observer`](crate::model::alternating::Observer) hook, and every
//! other actor is the same agent `zopa run --model alternating-offers` plays
//! (equilibrium or time-dependent, with the scenario's deadline, proposer
//! order and breakdown chance). Nothing here decides an agent's offer or
//! answer.
//!
//! - [`against`]: the agents' behaviour by name (`boulware`, `e=0.5`, ...);
//! - [`moves`]: what the student types, read and checked;
//! - [`student`]: the student's seat, asking a [`Console`];
//! - [`screen`]: what the student reads;
//! - [`record`]: the game as `negotiation.json`, the concession chart's data
//!   (also for `zopa explain --chart`).
//!
//! No I/O here: the command line supplies the console and writes the files.

pub mod against;
pub mod moves;
pub mod record;
pub mod screen;
pub mod student;

pub use against::{AGAINST_HELP, parse_against};
pub use student::Console;

use crate::model::alternating::AlternatingOffers;
use crate::model::{Behaviour, Model, Solution};
use crate::model_kind::ModelKind;
use crate::report::negotiation::NegotiationFile;
use crate::rng::trial_rng;
use crate::scenario::Scenario;
use crate::scenario::text::quoted;
use crate::world::World;

/// Why a game stopped before it ended.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlayError {
    /// The moves ran out, or could not be read.
    #[error("{0}")]
    Input(String),
    /// Whoever read the game stopped reading (a closed pipe).
    #[error("standard output was closed")]
    Closed,
}

/// A game to play: the scenario at nominal values, the protocol, the seat.
pub struct Setup<'a> {
    pub scenario: &'a Scenario,
    pub world: World,
    pub protocol: AlternatingOffers,
    /// The student's actor.
    pub seat: usize,
    /// The other actor the verdict and the chart compare with: the other of
    /// the scenario's two charted actors if the student is one of them,
    /// else the most powerful other veto actor.
    pub partner: usize,
    /// Seeds the protocol's draws (proposers, breakdown).
    pub seed: u64,
}

impl<'a> Setup<'a> {
    /// The game of `scenario` with the student as actor `actor` (an id);
    /// `against` and `rounds` override the scenario's own agents and
    /// deadline (a scenario whose model is not alternating offers plays the
    /// protocol's defaults).
    pub fn new(
        scenario: &'a Scenario,
        actor: &str,
        against: Option<Behaviour>,
        rounds: Option<u32>,
        seed: Option<u64>,
    ) -> Result<Setup<'a>, String> {
        let world = World::nominal(scenario);
        let veto_names = || {
            scenario
                .actors
                .iter()
                .zip(&world.actors)
                .filter(|(_, party)| party.veto)
                .map(|(actor, _)| actor.id.as_str())
                .collect::<Vec<_>>()
        };
        let Some(seat) = scenario.actor_index(actor) else {
            let ids = scenario.actors.iter().map(|a| a.id.as_str());
            let hint = match crate::scenario::error::did_you_mean(actor, ids) {
                Some(best) => format!("did you mean `{best}`? "),
                None => String::new(),
            };
            return Err(format!(
                "error: {} is not an actor of {}\n  help: {hint}play one of the veto actors: {}",
                quoted(actor),
                scenario.name,
                veto_names().join(", ")
            ));
        };
        if !world.actors[seat].veto {
            return Err(format!(
                "error: {} has no veto: its answers would not count\n  help: play one of the \
                 veto actors: {}",
                scenario.actors[seat].id,
                veto_names().join(", ")
            ));
        }
        if world.actors.len() < 2 {
            return Err(
                "error: the scenario has one actor; a negotiation needs two\n  help: add an actor"
                    .into(),
            );
        }
        let mut protocol = match scenario.model {
            ModelKind::AlternatingOffers(protocol) => protocol,
            _ => AlternatingOffers::default(),
        };
        if let Some(behaviour) = against {
            protocol.behaviour = behaviour;
        }
        if let Some(rounds) = rounds {
            protocol.max_rounds = rounds;
        }
        let (a, b) = scenario.charts.utilities;
        let partner = if a == seat && b != seat {
            b
        } else if b == seat && a != seat {
            a
        } else {
            // The most powerful other veto actor (the first on ties), or any other.
            let others = (0..world.actors.len()).filter(|&j| j != seat);
            others
                .clone()
                .filter(|&j| world.actors[j].veto)
                .fold(None, |best: Option<usize>, j| match best {
                    Some(k) if world.actors[k].power >= world.actors[j].power => Some(k),
                    _ => Some(j),
                })
                .or_else(|| others.clone().next())
                .unwrap_or(seat)
        };
        Ok(Setup {
            scenario,
            world,
            protocol,
            seat,
            partner,
            seed: seed.unwrap_or(scenario.seed),
        })
    }

    /// The last round.
    pub fn deadline(&self) -> u32 {
        self.protocol.max_rounds.max(1)
    }

    /// `issue=value ...`: the middle of each range, the first option of
    /// each discrete issue.
    /// Issues are given while the example stays short enough for a line;
    /// ` ...` stands for the rest.
    pub fn example_offer(&self) -> String {
        let mut text = String::new();
        for (k, issue) in self.scenario.issues.iter().enumerate() {
            let pair = moves::example(issue);
            if k > 0 && text.chars().count() + pair.chars().count() > 60 {
                text.push_str(" ...");
                break;
            }
            if k > 0 {
                text.push(' ');
            }
            text.push_str(&pair);
        }
        text
    }

    /// What the game is, for the file's caption.
    fn played(&self) -> String {
        format!(
            "{} played by a person (zopa play), nominal values, seed {}",
            self.scenario.actors[self.seat].name, self.seed
        )
    }
}

/// A game played to its end.
pub struct Game {
    /// How the talks ended.
    pub solution: Solution,
    /// Where the agents' equilibrium play ends, the student's seat played by
    /// its agent (same protocol and seed).
    pub equilibrium: Solution,
    /// Where the agents end with the chosen behaviour, the student's seat
    /// played by its agent.
    pub agents: Solution,
    /// The student left the table.
    pub left: bool,
    /// The moves that took effect, one a line with its round as a comment:
    /// a script that replays the game.
    pub moves: Vec<String>,
    /// The game as `negotiation.json`.
    pub file: NegotiationFile,
}

/// Plays the game, the student's moves read from `console`.
pub fn play(setup: &Setup, console: &mut dyn Console) -> Result<Game, PlayError> {
    console.show(&screen::opening(setup))?;
    let mut rng = trial_rng(setup.seed, 0);
    let mut student = student::Student::new(setup, console);
    let solution = setup
        .protocol
        .solve_with(&setup.world, &mut rng, &mut student);
    if let Some(failure) = student.failure.take() {
        return Err(failure);
    }
    let reference = |behaviour: Behaviour| {
        let protocol = AlternatingOffers {
            behaviour,
            ..setup.protocol
        };
        protocol.solve(&setup.world, &mut trial_rng(setup.seed, 0))
    };
    let equilibrium = reference(Behaviour::Equilibrium);
    let agents = reference(setup.protocol.behaviour);
    let context = record::Context {
        scenario: setup.scenario,
        world: &setup.world,
        protocol: &setup.protocol,
        axes: (setup.seat, setup.partner),
        human: Some(setup.seat),
        played: setup.played(),
    };
    let file = context.file(&student.rounds, &solution, student.left, Some(&equilibrium));
    let moves = std::mem::take(&mut student.moves);
    let game = Game {
        solution,
        equilibrium,
        agents,
        left: student.left,
        moves,
        file,
    };
    console.show(&screen::verdict(setup, &game, &game.file))?;
    Ok(game)
}

//! The student's seat at the table: an [`Observer`] of the protocol that
//! answers for one actor by asking a [`Console`] (a terminal, a moves file,
//! or a pipe). Every other actor is zopa's agent, played by the protocol
//! itself, so agents behave exactly as in `zopa run`.
//!
//! A counter-offer typed in reply to an offer rejects it and goes on the
//! table in the next round if the student proposes then (two actors in
//! turn); otherwise it lapses, and the student is told.

use super::moves::{Move, build_offer, crossed_red_line, parse_move};
use super::record::PlayedRound;
use super::{PlayError, Setup, screen};
use crate::model::alternating::{Observer, Reply, RoundEvent, Turn, accepts};

/// Where the student's moves come from and where the game is shown.
pub trait Console {
    /// Shows text (whole lines).
    fn show(&mut self, text: &str) -> Result<(), PlayError>;

    /// Shows `prompt` and reads the next line; `Ok(None)` at the end of input.
    fn ask(&mut self, prompt: &str) -> Result<Option<String>, PlayError>;

    /// Where the last line came from, for messages (`moves.txt:3`), when the
    /// moves are a script; `None` at a terminal.
    fn origin(&self) -> Option<String>;
}

/// The student's seat.
pub struct Student<'a> {
    setup: &'a Setup<'a>,
    console: &'a mut dyn Console,
    /// The student's previous offer: issues left out of a new one keep its values.
    own: Option<Vec<f64>>,
    /// A counter-offer, and the round it is for.
    pending: Option<(u32, Vec<f64>)>,
    /// The offer the student is answering.
    table: Option<Vec<f64>>,
    /// The moves that took effect, as typed, with the rounds as comments:
    /// a script that replays the game.
    pub moves: Vec<String>,
    /// Every round, as played.
    pub rounds: Vec<PlayedRound>,
    /// The student left the table.
    pub left: bool,
    /// What stopped the game, if it did not end by itself.
    pub failure: Option<PlayError>,
}

/// What a prompt asks for.
#[derive(Clone, Copy, PartialEq)]
enum Prompt {
    Propose,
    Respond,
}

impl<'a> Student<'a> {
    pub fn new(setup: &'a Setup<'a>, console: &'a mut dyn Console) -> Student<'a> {
        Student {
            setup,
            console,
            own: None,
            pending: None,
            table: None,
            moves: Vec::new(),
            rounds: Vec::new(),
            left: false,
            failure: None,
        }
    }

    /// Shows text; a failure to show ends the game.
    fn show(&mut self, text: &str) {
        if self.failure.is_none()
            && let Err(err) = self.console.show(text)
        {
            self.failure = Some(err);
        }
    }

    /// Keeps a move that took effect, with its round as a comment.
    fn record(&mut self, round: u32, typed: &str) {
        self.moves.push(format!("{typed:<40}  # round {round}"));
    }

    /// Drops a counter-offer that can no longer be tabled.
    fn lapse(&mut self, round: u32, proposer: usize) {
        if let Some((due, _)) = &self.pending
            && *due <= round
            && proposer != self.setup.seat
        {
            self.pending = None;
            let name = self.setup.scenario.actors[proposer].name.clone();
            self.show(&format!(
                "  (Your counter-offer lapses: {name} proposes in round {round}.)\n"
            ));
        }
    }

    /// Asks until a move that takes effect: `Some(move)` with an offer
    /// already checked (for `Move::Offer`, the offer), `None` to leave.
    fn ask(&mut self, round: u32, prompt: Prompt) -> Option<(Move, Option<Vec<f64>>)> {
        let text = match prompt {
            Prompt::Propose => format!("Round {round} · your offer> "),
            Prompt::Respond => format!("Round {round} · your move> "),
        };
        loop {
            if self.failure.is_some() {
                return None;
            }
            let line = match self.console.ask(&text) {
                Ok(Some(line)) => line,
                Ok(None) => {
                    match self.console.origin() {
                        Some(_) => {
                            self.failure = Some(PlayError::Input(format!(
                                "the moves ended in round {round}, before the game did\n  help: \
                                 add moves (accept, reject, offer ISSUE=VALUE ..., quit); a game \
                                 can last until round {}",
                                self.setup.protocol.max_rounds.max(1)
                            )));
                        }
                        None => self.show("\n(End of input: you leave the table.)\n"),
                    }
                    return None;
                }
                Err(err) => {
                    self.failure = Some(err);
                    return None;
                }
            };
            let problem = match parse_move(&line) {
                Ok(None) => continue,
                Ok(Some(Move::Help)) => {
                    let text = screen::help(self.setup);
                    self.show(&text);
                    continue;
                }
                Ok(Some(Move::Quit)) => {
                    self.record(round, "quit");
                    return None;
                }
                Ok(Some(Move::Offer(values))) => {
                    match build_offer(
                        self.setup.scenario,
                        &self.setup.world,
                        self.setup.seat,
                        &values,
                        self.own.as_deref(),
                    ) {
                        Ok(offer) => {
                            self.record(round, super::moves::strip_comment(&line));
                            return Some((Move::Offer(values), Some(offer)));
                        }
                        Err(problem) => problem,
                    }
                }
                Ok(Some(found)) if prompt == Prompt::Propose => format!(
                    "it is your turn to propose: there is no offer to {}\n  help: type offer \
                     ISSUE=VALUE ..., e.g. offer {}",
                    if found == Move::Accept {
                        "accept"
                    } else {
                        "reject"
                    },
                    self.setup.example_offer()
                ),
                Ok(Some(Move::Accept)) => match self.why_not_accept() {
                    Some(problem) => problem,
                    None => {
                        self.record(round, "accept");
                        return Some((Move::Accept, None));
                    }
                },
                Ok(Some(found)) => {
                    self.record(round, "reject");
                    return Some((found, None));
                }
                Err(problem) => problem,
            };
            let origin = self
                .console
                .origin()
                .map_or(String::new(), |origin| format!("{origin}: "));
            self.show(&format!("{origin}error: {problem}\n"));
        }
    }

    /// Why the offer on the table cannot be accepted: it crosses the
    /// student's own red line (checked first by [`crossed_red_line`]).
    fn why_not_accept(&self) -> Option<String> {
        let offer = self.table.as_ref()?;
        let setup = self.setup;
        if setup.world.actors[setup.seat].within_red_lines(offer) {
            return None;
        }
        let problem = crossed_red_line(setup.scenario, &setup.world, setup.seat, offer)?;
        Some(format!(
            "{}\n  help: you cannot accept a deal beyond your red line; reject it or \
             counter-offer",
            problem.lines().next().unwrap_or_default()
        ))
    }
}

impl Observer for Student<'_> {
    fn round(&mut self, event: &RoundEvent) {
        self.rounds.push(PlayedRound::of(event));
        if self.failure.is_some() || self.left {
            return;
        }
        let setup = self.setup;
        let seat = setup.seat;
        let names = |j: usize| setup.scenario.actors[j].name.as_str();
        if event.proposer != seat {
            self.lapse(event.round, event.proposer);
        }
        let mut text = String::new();
        match event.offer {
            None if event.proposer != seat => {
                text.push_str(&screen::heading(&format!(
                    "Round {} of {} · {}",
                    event.round,
                    setup.deadline(),
                    names(event.proposer)
                )));
                text.push_str(&format!(
                    "  {} can offer nothing the others would accept; the round passes.\n",
                    names(event.proposer)
                ));
            }
            None => {}
            Some(offer) => {
                // The agents' answers: to the student's offer, or beside the
                // student's own (with three or more veto actors).
                for (j, party) in setup.world.actors.iter().enumerate() {
                    if j == seat || j == event.proposer || !party.veto {
                        continue;
                    }
                    let verdict = if accepts(party, offer, event.thresholds[j]) {
                        "accepts"
                    } else {
                        "rejects"
                    };
                    text.push_str(&format!("  {} {verdict}.\n", names(j)));
                }
            }
        }
        if event.broke_down {
            text.push_str(&format!(
                "  The talks break down after this rejection (a {} chance each round): no deal.\n",
                crate::format::percent(setup.protocol.breakdown)
            ));
        }
        self.show(&text);
    }

    fn seat(&self) -> Option<usize> {
        Some(self.setup.seat)
    }

    fn propose(&mut self, round: u32, _agents: Option<&[f64]>) -> Turn {
        self.table = None;
        let deadline = self.setup.deadline();
        let offer = match self.pending.take() {
            Some((due, offer)) if due == round => {
                let text =
                    screen::heading(&format!("Round {round} of {deadline} · your counter-offer"));
                self.show(&text);
                offer
            }
            _ => {
                let mut text = screen::heading(&format!(
                    "Round {round} of {deadline} · your turn to propose"
                ));
                let hint = match &self.own {
                    Some(own) => format!(
                        "Your previous offer: {} (worth {:.3} to you); issues you leave out \
                         keep its values.",
                        screen::describe(self.setup, own),
                        self.setup.world.actors[self.setup.seat].utility(own)
                    ),
                    None => format!(
                        "Give a value for every issue, e.g. offer {}",
                        self.setup.example_offer()
                    ),
                };
                text.push_str(&screen::prose(&hint, 2));
                self.show(&text);
                let Some((_, Some(offer))) = self.ask(round, Prompt::Propose) else {
                    self.left = true;
                    return Turn::Leave;
                };
                self.own = Some(offer.clone());
                offer
            }
        };
        let text = format!(
            "  You offer:\n{}",
            screen::own_offer_text(self.setup, &offer)
        );
        self.show(&text);
        Turn::Offer(offer)
    }

    fn respond(&mut self, round: u32, proposer: usize, offer: &[f64], _needs: f64) -> Reply {
        self.lapse(round, proposer);
        self.table = Some(offer.to_vec());
        let name = &self.setup.scenario.actors[proposer].name;
        let text = format!(
            "{}{}",
            screen::heading(&format!(
                "Round {round} of {} · {name} offers",
                self.setup.deadline()
            )),
            screen::offer_text(self.setup, offer)
        );
        self.show(&text);
        match self.ask(round, Prompt::Respond) {
            Some((Move::Accept, _)) => Reply::Accept,
            Some((_, Some(counter))) => {
                self.own = Some(counter.clone());
                self.pending = Some((round + 1, counter));
                Reply::Reject
            }
            Some(_) => Reply::Reject,
            None => {
                self.left = true;
                Reply::Leave
            }
        }
    }
}

//! Parameter paths: which number of a scenario a what-if analysis changes.
//!
//! A path names a number the way the scenario file nests it, by ids:
//!
//! ```text
//! actors.<actor>.power | reservation | patience
//! actors.<actor>.stances.<issue>.salience | position     (position: continuous issues)
//! proposals.<proposal>.<issue>                          (continuous issues)
//! ```
//!
//! Ids and proposal names may themselves contain dots or spaces, so each segment
//! is matched against the names that exist at that point (the longest that fits)
//! rather than split blindly; a segment that matches nothing is reported with the
//! valid choices and, for a likely typo, "did you mean".
//!
//! Setting a value ([`ParamPath::set`]) checks it by the scenario's own rules,
//! not by a copy of them: the scenario is rebuilt through
//! [`crate::scenario::build`] with the value in place, which validates exactly
//! as a file is validated (ranges, red lines containing the position, an actor
//! caring about something, ...). The checked number then replaces the original
//! in a copy of the scenario, which keeps everything else (units, labels,
//! discrete red lines) as it was.

use super::WhatIfError;
use crate::scenario::error::did_you_mean;
use crate::scenario::{IssueKind, Preference, Scenario, format_number};
use crate::uncertain::{Param, Uncertain};

/// The number a path names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Power {
        actor: usize,
    },
    Reservation {
        actor: usize,
    },
    Patience {
        actor: usize,
    },
    Salience {
        actor: usize,
        issue: usize,
    },
    /// The ideal point on a continuous issue.
    Position {
        actor: usize,
        issue: usize,
    },
    /// A reference proposal's value on a continuous issue.
    Proposal {
        proposal: usize,
        issue: usize,
    },
}

/// A parsed path and its canonical text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamPath {
    pub target: Target,
    /// E.g. `actors.russia.stances.troop_presence.salience`.
    pub text: String,
}

const ACTOR_FIELDS: [&str; 4] = ["power", "reservation", "patience", "stances"];
const STANCE_FIELDS: [&str; 2] = ["salience", "position"];

/// The candidate that `rest` starts with (the longest, followed by a dot or the
/// end), and what follows it.
fn take<'a>(rest: &'a str, candidates: &[&str]) -> Option<(usize, &'a str)> {
    candidates
        .iter()
        .enumerate()
        .filter(|(_, candidate)| {
            rest.strip_prefix(**candidate)
                .is_some_and(|after| after.is_empty() || after.starts_with('.'))
        })
        .max_by_key(|(index, candidate)| (candidate.len(), usize::MAX - index))
        .map(|(index, candidate)| {
            let after = &rest[candidate.len()..];
            (index, after.strip_prefix('.').unwrap_or(after))
        })
}

/// The error for a segment that names nothing.
fn unknown(kind: &str, rest: &str, candidates: &[&str], full: &str) -> WhatIfError {
    let segment = rest.split('.').next().unwrap_or(rest);
    let listed = candidates.join(", ");
    let help = match did_you_mean(segment, candidates.iter().copied()) {
        Some(best) => format!("did you mean `{best}`? Valid {kind}s: {listed}"),
        None => format!("valid {kind}s: {listed}"),
    };
    if segment.is_empty() {
        WhatIfError::invalid(
            format!("`{full}` is incomplete: the {kind} is missing"),
            help,
        )
    } else {
        WhatIfError::invalid(format!("unknown {kind} `{segment}` in `{full}`"), help)
    }
}

/// Fails unless the path ends here.
fn end(rest: &str, full: &str) -> Result<(), WhatIfError> {
    if rest.is_empty() {
        Ok(())
    } else {
        Err(WhatIfError::invalid(
            format!("`{full}` goes on after a number, at `{rest}`"),
            "a path ends at the number it names, e.g. actors.<actor>.reservation",
        ))
    }
}

impl ParamPath {
    /// Parses `text` against the scenario's actors, issues and proposals.
    pub fn parse(scenario: &Scenario, text: &str) -> Result<ParamPath, WhatIfError> {
        let full = text.trim();
        let roots = ["actors", "proposals"];
        let (root, rest) =
            take(full, &roots).ok_or_else(|| unknown("section", full, &roots, full))?;
        let issues: Vec<&str> = scenario.issues.iter().map(|i| i.id.as_str()).collect();
        let target = if root == 0 {
            let actors: Vec<&str> = scenario.actors.iter().map(|a| a.id.as_str()).collect();
            let (actor, rest) =
                take(rest, &actors).ok_or_else(|| unknown("actor", rest, &actors, full))?;
            let (field, rest) = take(rest, &ACTOR_FIELDS)
                .ok_or_else(|| unknown("actor field", rest, &ACTOR_FIELDS, full))?;
            match field {
                0 => end(rest, full).map(|()| Target::Power { actor })?,
                1 => end(rest, full).map(|()| Target::Reservation { actor })?,
                2 => end(rest, full).map(|()| Target::Patience { actor })?,
                _ => {
                    let (issue, rest) =
                        take(rest, &issues).ok_or_else(|| unknown("issue", rest, &issues, full))?;
                    let (field, rest) = take(rest, &STANCE_FIELDS)
                        .ok_or_else(|| unknown("stance field", rest, &STANCE_FIELDS, full))?;
                    end(rest, full)?;
                    if field == 0 {
                        Target::Salience { actor, issue }
                    } else {
                        continuous(
                            scenario,
                            issue,
                            full,
                            "a position on it is a value per option",
                        )?;
                        Target::Position { actor, issue }
                    }
                }
            }
        } else {
            let proposals: Vec<&str> = scenario.proposals.iter().map(|p| p.name.as_str()).collect();
            if proposals.is_empty() {
                return Err(WhatIfError::invalid(
                    format!("`{full}`: the scenario has no proposals"),
                    "vary an actor's number instead, e.g. actors.<actor>.reservation",
                ));
            }
            let (proposal, rest) = take(rest, &proposals)
                .ok_or_else(|| unknown("proposal", rest, &proposals, full))?;
            let (issue, rest) =
                take(rest, &issues).ok_or_else(|| unknown("issue", rest, &issues, full))?;
            end(rest, full)?;
            continuous(scenario, issue, full, "a proposal names one of its options")?;
            Target::Proposal { proposal, issue }
        };
        Ok(ParamPath::new(scenario, target))
    }

    /// The path of a target, with its canonical text.
    pub fn new(scenario: &Scenario, target: Target) -> ParamPath {
        let actor = |a: usize| format!("actors.{}", scenario.actors[a].id);
        let stance = |a: usize, d: usize, field: &str| {
            format!("{}.stances.{}.{field}", actor(a), scenario.issues[d].id)
        };
        let text = match target {
            Target::Power { actor: a } => format!("{}.power", actor(a)),
            Target::Reservation { actor: a } => format!("{}.reservation", actor(a)),
            Target::Patience { actor: a } => format!("{}.patience", actor(a)),
            Target::Salience { actor: a, issue } => stance(a, issue, "salience"),
            Target::Position { actor: a, issue } => stance(a, issue, "position"),
            Target::Proposal { proposal, issue } => format!(
                "proposals.{}.{}",
                scenario.proposals[proposal].name, scenario.issues[issue].id
            ),
        };
        ParamPath { target, text }
    }

    /// The number as a reader names it, from the scenario's names rather than
    /// its ids: `Ukraine · reservation`, `Russia · Foreign troops in Ukraine ·
    /// salience`, `Ukraine's terms · Territorial settlement`. Charts label with
    /// this; the path itself stays in the files and tables for typing back in.
    pub fn label(&self, scenario: &Scenario) -> String {
        let actor = |a: usize| scenario.actors[a].name.as_str();
        let issue = |d: usize| scenario.issues[d].name.as_str();
        match self.target {
            Target::Power { actor: a } => format!("{} · power", actor(a)),
            Target::Reservation { actor: a } => format!("{} · reservation", actor(a)),
            Target::Patience { actor: a } => format!("{} · patience", actor(a)),
            Target::Salience { actor: a, issue: d } => {
                format!("{} · {} · salience", actor(a), issue(d))
            }
            Target::Position { actor: a, issue: d } => {
                format!("{} · {} · ideal position", actor(a), issue(d))
            }
            Target::Proposal { proposal, issue: d } => {
                format!("{} · {}", scenario.proposals[proposal].name, issue(d))
            }
        }
    }

    /// The scenario number this path names (`None` for a proposal's value,
    /// which is always a plain number).
    pub fn param<'s>(&self, scenario: &'s Scenario) -> Option<&'s Param> {
        let stance = |actor: usize, issue: usize| &scenario.actors[actor].stances[issue];
        match self.target {
            Target::Power { actor } => Some(&scenario.actors[actor].power),
            Target::Reservation { actor } => Some(&scenario.actors[actor].reservation),
            Target::Patience { actor } => Some(&scenario.actors[actor].patience),
            Target::Salience { actor, issue } => Some(&stance(actor, issue).salience),
            Target::Position { actor, issue } => match &stance(actor, issue).preference {
                Preference::Ideal { position, .. } => Some(position),
                Preference::Values(_) => None,
            },
            Target::Proposal { .. } => None,
        }
    }

    fn param_mut<'s>(&self, scenario: &'s mut Scenario) -> Option<&'s mut Param> {
        match self.target {
            Target::Power { actor } => Some(&mut scenario.actors[actor].power),
            Target::Reservation { actor } => Some(&mut scenario.actors[actor].reservation),
            Target::Patience { actor } => Some(&mut scenario.actors[actor].patience),
            Target::Salience { actor, issue } => {
                Some(&mut scenario.actors[actor].stances[issue].salience)
            }
            Target::Position { actor, issue } => {
                match &mut scenario.actors[actor].stances[issue].preference {
                    Preference::Ideal { position, .. } => Some(position),
                    Preference::Values(_) => None,
                }
            }
            Target::Proposal { .. } => None,
        }
    }

    /// The number as the scenario writes it, e.g. `Triangular(0.55, 0.7, 0.9)` or `0.2`.
    pub fn written(&self, scenario: &Scenario) -> String {
        match (self.param(scenario), self.target) {
            (Some(param), _) => param.dist.describe(),
            (None, Target::Proposal { proposal, issue }) => {
                format_number(scenario.proposals[proposal].values[issue])
            }
            (None, _) => String::new(),
        }
    }

    /// The unit of the number: the issue's for positions and proposal values.
    pub fn unit<'s>(&self, scenario: &'s Scenario) -> Option<&'s str> {
        match self.target {
            Target::Position { issue, .. } | Target::Proposal { issue, .. } => {
                scenario.issues[issue].unit.as_deref()
            }
            _ => None,
        }
    }

    /// A copy of `scenario` with this number set to `value`, checked by the
    /// scenario's validation rules (the message names the path and the value).
    pub fn set(&self, scenario: &Scenario, value: f64) -> Result<Scenario, WhatIfError> {
        let checked = super::rebuild::with_value(scenario, self, value).map_err(|err| {
            let messages: Vec<&str> = err.diagnostics.iter().map(|d| d.message.as_str()).collect();
            let help = err
                .diagnostics
                .iter()
                .find_map(|d| d.help.clone())
                .unwrap_or_default();
            WhatIfError::invalid(
                format!(
                    "cannot set {} to {}: {}",
                    self.text,
                    crate::scenario::text::Num(value),
                    messages.join("; ")
                ),
                help,
            )
        })?;
        let mut changed = scenario.clone();
        match (
            self.param(&checked),
            self.param_mut(&mut changed),
            self.target,
        ) {
            (Some(param), Some(slot), _) => *slot = param.clone(),
            (_, _, Target::Proposal { proposal, issue }) => {
                changed.proposals[proposal].values[issue] = value;
            }
            _ => {}
        }
        Ok(changed)
    }

    /// A copy of `scenario` with this number fixed at `value` and its valid
    /// range kept, unchecked: for values a draw could take anyway (a quantile
    /// of the number's own clamped distribution).
    pub fn fixed_at(&self, scenario: &Scenario, value: f64) -> Scenario {
        let mut changed = scenario.clone();
        if let Some(slot) = self.param_mut(&mut changed) {
            slot.dist = Uncertain::Fixed(value);
        }
        changed
    }
}

/// Fails unless issue `d` is continuous.
fn continuous(scenario: &Scenario, d: usize, full: &str, why: &str) -> Result<(), WhatIfError> {
    let issue = &scenario.issues[d];
    match issue.kind {
        IssueKind::Continuous { .. } => Ok(()),
        IssueKind::Discrete { .. } => Err(WhatIfError::invalid(
            format!(
                "`{full}`: `{}` is a discrete issue ({why}), so there is no number to vary",
                issue.id
            ),
            "vary a salience, or a position or proposal value on a continuous issue",
        )),
    }
}

/// Every uncertain number of the scenario, in the order the Monte Carlo draws them.
pub fn uncertain_inputs(scenario: &Scenario) -> Vec<ParamPath> {
    let mut targets = Vec::new();
    for (actor, spec) in scenario.actors.iter().enumerate() {
        targets.push(Target::Power { actor });
        targets.push(Target::Reservation { actor });
        targets.push(Target::Patience { actor });
        for issue in 0..spec.stances.len() {
            targets.push(Target::Salience { actor, issue });
            targets.push(Target::Position { actor, issue });
        }
    }
    targets
        .into_iter()
        .map(|target| ParamPath::new(scenario, target))
        .filter(|path| path.param(scenario).is_some_and(Param::is_uncertain))
        .collect()
}

//! From the file as written ([`RawScenario`]) to a [`Scenario`] the models can trust.
//!
//! Every check a user can fail lives here, and each failure becomes a
//! [`Diagnostic`] located through [`Spans`]. All problems are collected, not just
//! the first, so a user fixes a file in one pass.

use super::error::{Diagnostic, ScenarioError, did_you_mean};
use super::locate::Spans;
use super::numbers::{Range, to_param};
use super::schema::{
    OrderedMap, RawActor, RawBehaviour, RawEuRules, RawIssue, RawModel, RawNumber, RawPosition,
    RawProposer, RawScenario, RawStance, Shape,
};
use super::types::*;
use crate::model_kind::{
    AlternatingOffers, Behaviour, EuRules, ExpectedUtility, ModelKind, Proposer,
};
use crate::uncertain::Param;
use std::collections::HashSet;

/// Defaults for the run settings a scenario may leave out.
pub const DEFAULT_TRIALS: u64 = 10_000;
/// Default seed.
pub const DEFAULT_SEED: u64 = 1;
/// More trials than this is a typo, not a plan (it would run for days).
pub const MAX_TRIALS: u64 = 10_000_000_000;
/// Longest deadline for alternating offers.
pub const MAX_ROUNDS: u32 = 100_000;

const POWER: Range = Range {
    lo: 0.0,
    hi: f64::INFINITY,
    lo_inclusive: true,
    what: "power",
};
const RESERVATION: Range = Range {
    lo: 0.0,
    hi: 1.0,
    lo_inclusive: true,
    what: "reservation",
};
const PATIENCE: Range = Range {
    lo: 0.0,
    hi: 1.0,
    lo_inclusive: false,
    what: "patience",
};
const SALIENCE: Range = Range {
    lo: 0.0,
    hi: f64::INFINITY,
    lo_inclusive: true,
    what: "salience",
};

/// The largest magnitude an issue's ends may have: positions are kept as
/// shares of the range in f64, and beyond this the range itself (max − min)
/// or the units a share maps back to lose the precision the models work at.
const MAX_MAGNITUDE: f64 = 1e15;

pub(super) struct Checker<'a> {
    file: &'a str,
    spans: &'a Spans,
    found: Vec<Diagnostic>,
}

impl Checker<'_> {
    pub(super) fn error(
        &mut self,
        path: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let help = help.into();
        self.found.push(Diagnostic {
            file: self.file.to_string(),
            at: self.spans.at(path),
            message: message.into(),
            help: if help.is_empty() { None } else { Some(help) },
        });
    }

    fn param(&mut self, path: &str, raw: &RawNumber, range: Range, who: &str) -> Param {
        match to_param(raw, self.spans.name(path), range) {
            Ok(param) => param,
            Err(problem) => {
                // A problem with one parameter points at that parameter's name.
                let at = match &problem.subpath {
                    Some(sub) => self.spans.key_at(&format!("{path}.{sub}")),
                    None => self.spans.at(path),
                };
                self.found.push(Diagnostic {
                    file: self.file.to_string(),
                    at,
                    message: format!("{who}: {}", problem.message),
                    help: Some(problem.help),
                });
                Param::fixed(range.lo.max(0.0).min(range.hi))
            }
        }
    }
}

/// Suggestion text for an unknown name.
pub(super) fn suggestion<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
) -> String {
    match did_you_mean(word, candidates.clone()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => {
            let mut all: Vec<&str> = candidates.into_iter().collect();
            all.dedup();
            if all.is_empty() {
                "nothing is defined to refer to yet".to_string()
            } else {
                format!("known ids: {}", all.join(", "))
            }
        }
    }
}

/// Checks a parsed scenario; `file` names it in messages.
pub fn validate(raw: RawScenario, spans: &Spans, file: &str) -> Result<Scenario, ScenarioError> {
    let mut check = Checker {
        file,
        spans,
        found: Vec::new(),
    };
    let issues = issues(&mut check, &raw.issues);
    if raw.actors.len() < 2 {
        check.error(
            "actors",
            format!("a negotiation needs at least two actors, found {}", raw.actors.len()),
            "add an Actor(id: .., name: .., power: .., reservation: .., stances: {..}) for each party",
        );
    }
    let mut actor_ids = HashSet::new();
    let actors: Vec<Actor> = raw
        .actors
        .iter()
        .enumerate()
        .map(|(index, actor)| {
            let path = format!("actors[{index}]");
            if actor.id.trim().is_empty() {
                check.error(
                    &format!("{path}.id"),
                    "an actor id must not be empty",
                    "give the actor a short id such as \"ukraine\"",
                );
            } else if !actor_ids.insert(actor.id.clone()) {
                check.error(
                    &format!("{path}.id"),
                    format!("duplicate actor id `{}`", actor.id),
                    "give every actor its own id",
                );
            }
            self::actor(&mut check, &path, actor, &issues)
        })
        .collect();
    if !raw.actors.is_empty() && actors.iter().all(|actor| !actor.veto) {
        check.error(
            "actors",
            "no actor has a veto, so no model knows whose consent an agreement needs",
            "set `veto: true` on the parties that must agree (it is the default)",
        );
    }
    if !actors.is_empty() && actors.iter().all(|actor| actor.power.nominal() <= 0.0) {
        check.error(
            "actors",
            "every actor has power 0, so no actor pulls the outcome",
            "give at least one actor power > 0",
        );
    }
    let proposals = proposals(&mut check, &raw, &issues);
    let model = model_kind(&mut check, raw.model.as_ref(), &actors);
    let charts = super::charts::resolve(&mut check, raw.charts.as_ref(), &issues, &actors);
    let trials = raw.trials.unwrap_or(DEFAULT_TRIALS);
    if trials == 0 {
        check.error(
            "trials",
            "trials must be at least 1",
            "write e.g. `trials: 10000`",
        );
    } else if trials > MAX_TRIALS {
        check.error(
            "trials",
            format!("{trials} trials would take days to run"),
            format!("use at most {MAX_TRIALS}; a million trials already pins rates to ±0.1%"),
        );
    }
    if check.found.is_empty() {
        Ok(Scenario {
            name: raw.name,
            description: raw.description,
            issues,
            actors,
            proposals,
            model,
            trials,
            seed: raw.seed.unwrap_or(DEFAULT_SEED),
            charts,
        })
    } else {
        Err(ScenarioError {
            diagnostics: check.found,
        })
    }
}

/// The scenario's model with its parameters checked (default: Nash).
fn model_kind(check: &mut Checker, raw: Option<&RawModel>, actors: &[Actor]) -> ModelKind {
    let Some(raw) = raw else {
        return ModelKind::Nash;
    };
    match raw {
        RawModel::Nash => ModelKind::Nash,
        RawModel::Compromise => ModelKind::Compromise,
        RawModel::KalaiSmorodinsky => ModelKind::KalaiSmorodinsky,
        RawModel::AlternatingOffers {
            proposer,
            behaviour,
            breakdown,
            max_rounds,
            first,
        } => {
            let mut protocol = AlternatingOffers::default();
            if let Some(RawProposer::Random) = proposer {
                protocol.proposer = Proposer::Random;
            }
            if let Some(RawBehaviour::TimeDependent { e } | RawBehaviour::Faratin { e }) = behaviour
            {
                if !e.is_finite() || *e <= 0.0 {
                    check.error("model.behaviour.e", format!("the concession exponent e must be > 0, found {e}"), "e < 1 is Boulware (tough), e = 1 linear, e > 1 Conceder, e.g. TimeDependent(e: 0.2)");
                }
                protocol.behaviour = match behaviour {
                    Some(RawBehaviour::Faratin { .. }) => Behaviour::Faratin { e: *e },
                    _ => Behaviour::TimeDependent { e: *e },
                };
            }
            if let Some(breakdown) = breakdown {
                if !breakdown.is_finite() || !(0.0..1.0).contains(breakdown) {
                    check.error(
                        "model.breakdown",
                        format!("breakdown must lie in [0, 1), found {breakdown}"),
                        "it is the chance that a rejected round ends the talks, e.g. 0.02",
                    );
                }
                protocol.breakdown = *breakdown;
            }
            if let Some(rounds) = max_rounds {
                if *rounds == 0 || *rounds > MAX_ROUNDS {
                    check.error(
                        "model.max_rounds",
                        format!("max_rounds must be between 1 and {MAX_ROUNDS}, found {rounds}"),
                        "the deadline in rounds, e.g. 100",
                    );
                }
                protocol.max_rounds = (*rounds).clamp(1, MAX_ROUNDS);
            }
            if let Some(first) = first {
                match actors.iter().position(|actor| &actor.id == first) {
                    Some(index) => protocol.first = index,
                    None => check.error(
                        "model.first",
                        format!("`{first}` is not an actor"),
                        suggestion(first, actors.iter().map(|a| a.id.as_str())),
                    ),
                }
            }
            ModelKind::AlternatingOffers(protocol)
        }
        RawModel::ExpectedUtility { rounds, rules } => {
            let rounds = rounds.unwrap_or(ExpectedUtility::default().rounds);
            if rounds > MAX_ROUNDS {
                check.error(
                    "model.rounds",
                    format!("rounds must be at most {MAX_ROUNDS}, found {rounds}"),
                    "the replications use about 10 rounds",
                );
            }
            ModelKind::ExpectedUtility {
                rounds: rounds.min(MAX_ROUNDS),
                rules: match rules {
                    None | Some(RawEuRules::Paper) => EuRules::Paper,
                    Some(RawEuRules::Jmckib) => EuRules::Jmckib,
                    Some(RawEuRules::Masad) => EuRules::Masad,
                },
            }
        }
    }
}

fn issues(check: &mut Checker, raw: &[RawIssue]) -> Vec<Issue> {
    if raw.is_empty() {
        check.error("issues", "a scenario needs at least one issue", "add Issue(id: .., name: .., min: 0.0, max: 1.0) or Issue(id: .., name: .., options: [..])");
    }
    let mut ids = HashSet::new();
    raw.iter()
        .enumerate()
        .map(|(index, issue)| {
            let path = format!("issues[{index}]");
            if issue.id.trim().is_empty() {
                check.error(&format!("{path}.id"), "an issue id must not be empty", "give the issue a short id such as \"territory\"");
            } else if !ids.insert(issue.id.clone()) {
                check.error(&format!("{path}.id"), format!("duplicate issue id `{}`", issue.id), "give every issue its own id");
            }
            let kind = match (&issue.options, issue.min, issue.max) {
                (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
                    check.error(&path, format!("issue `{}` has both options and min/max", issue.id), "a discrete issue has `options`, a continuous one `min` and `max`: keep one");
                    IssueKind::Continuous { min: 0.0, max: 1.0 }
                }
                (Some(options), None, None) => {
                    let mut seen = HashSet::new();
                    for (k, option) in options.iter().enumerate() {
                        if option.trim().is_empty() || !seen.insert(option.as_str()) {
                            check.error(&format!("{path}.options[{k}]"), format!("option `{option}` of issue `{}` is empty or repeated", issue.id), "give each option its own name");
                        }
                    }
                    if options.len() < 2 {
                        check.error(&format!("{path}.options"), format!("issue `{}` needs at least two options", issue.id), "list the alternatives, e.g. options: [\"Ukraine\", \"Russia\"]");
                    }
                    IssueKind::Discrete { options: options.clone() }
                }
                (None, Some(min), Some(max)) => {
                    if !min.is_finite() || !max.is_finite() || min >= max {
                        check.error(&format!("{path}.max"), format!("issue `{}` needs finite min < max, found min {min}, max {max}", issue.id), "e.g. min: 0.0, max: 1.0");
                    } else if min.abs() > MAX_MAGNITUDE || max.abs() > MAX_MAGNITUDE {
                        check.error(&format!("{path}.max"), format!("issue `{}` reaches beyond ±1e15 (min {min:e}, max {max:e}), where positions lose the precision the models need", issue.id), "state the issue in larger units, e.g. billions rather than units");
                    }
                    IssueKind::Continuous { min, max }
                }
                (None, _, _) => {
                    check.error(&path, format!("issue `{}` needs either `min` and `max` or `options`", issue.id), "continuous: min: 0.0, max: 1.0; discrete: options: [\"a\", \"b\"]");
                    IssueKind::Continuous { min: 0.0, max: 1.0 }
                }
            };
            Issue {
                id: issue.id.clone(),
                name: issue.name.clone(),
                description: issue.description.clone(),
                low: issue.low.clone(),
                high: issue.high.clone(),
                unit: issue.unit.clone(),
                kind,
            }
        })
        .collect()
}

fn actor(check: &mut Checker, path: &str, raw: &RawActor, issues: &[Issue]) -> Actor {
    let who = format!("actor `{}`", raw.id);
    let power = check.param(&format!("{path}.power"), &raw.power, POWER, &who);
    let reservation = check.param(
        &format!("{path}.reservation"),
        &raw.reservation,
        RESERVATION,
        &who,
    );
    let patience = match &raw.patience {
        Some(patience) => check.param(&format!("{path}.patience"), patience, PATIENCE, &who),
        None => Param::fixed(1.0),
    };
    let stances = stances(check, path, raw, issues);
    let total_salience: f64 = stances.iter().map(|stance| stance.salience.nominal()).sum();
    if stances.len() == issues.len() && !issues.is_empty() && total_salience <= 0.0 {
        check.error(
            &format!("{path}.stances"),
            format!("{who} has salience 0 on every issue, so it prefers nothing"),
            "give at least one issue a salience > 0, or leave the actor out",
        );
    }
    Actor {
        id: raw.id.clone(),
        name: raw.name.clone(),
        description: raw.description.clone(),
        power,
        reservation,
        patience,
        veto: raw.veto.unwrap_or(true),
        concession: raw.concession.inspect(|&e| {
            if !e.is_finite() || e <= 0.0 {
                check.error(
                    &format!("{path}.concession"),
                    format!("{who}: the concession exponent must be > 0, found {e}"),
                    "below 1 is Boulware (tough), 1 linear, above 1 Conceder",
                );
            }
        }),
        stances,
    }
}

fn stances(check: &mut Checker, path: &str, raw: &RawActor, issues: &[Issue]) -> Vec<Stance> {
    let OrderedMap(entries) = &raw.stances;
    let mut seen = HashSet::new();
    for (key, _) in entries {
        if issues.iter().all(|issue| &issue.id != key) {
            check.error(
                &format!("{path}.stances.{key}"),
                format!("actor `{}` has a stance on unknown issue `{key}`", raw.id),
                suggestion(key, issues.iter().map(|issue| issue.id.as_str())),
            );
        } else if !seen.insert(key.as_str()) {
            check.error(
                &format!("{path}.stances.{key}"),
                format!("actor `{}` has two stances on `{key}`", raw.id),
                "keep one",
            );
        }
    }
    let mut result = Vec::with_capacity(issues.len());
    for issue in issues {
        let stance_path = format!("{path}.stances.{}", issue.id);
        match entries.iter().find(|(key, _)| key == &issue.id) {
            Some((_, stance)) => {
                result.push(self::stance(check, &stance_path, &raw.id, stance, issue))
            }
            None => {
                check.error(
                    &format!("{path}.stances"),
                    format!("actor `{}` has no stance on issue `{}`", raw.id, issue.id),
                    format!("add \"{}\": (position: .., salience: ..); use salience: 0 if it does not care", issue.id),
                );
            }
        }
    }
    result
}

fn stance(check: &mut Checker, path: &str, actor: &str, raw: &RawStance, issue: &Issue) -> Stance {
    let who = format!("actor `{actor}` on `{}`", issue.id);
    let salience = check.param(&format!("{path}.salience"), &raw.salience, SALIENCE, &who);
    let preference = match &issue.kind {
        IssueKind::Continuous { min, max } => {
            continuous_preference(check, path, &who, raw, *min, *max)
        }
        IssueKind::Discrete { options } => discrete_preference(check, path, &who, raw, options),
    };
    let red_line = raw.red_line.as_ref().and_then(|line| {
        let line_path = format!("{path}.red_line");
        match (&issue.kind, &preference) {
            (IssueKind::Continuous { min, max }, Preference::Ideal { position, .. }) => {
                if line.allowed.is_some() {
                    check.error(&line_path, format!("{who}: `allowed` is for discrete issues"), "on a continuous issue write red_line: (min: .., max: ..)");
                    return None;
                }
                let lo = line.min.unwrap_or(*min);
                let hi = line.max.unwrap_or(*max);
                if !lo.is_finite() || !hi.is_finite() || lo > hi {
                    check.error(&line_path, format!("{who}: red line needs finite min <= max, found {lo}..{hi}"), "write red_line: (min: .., max: ..)");
                    return None;
                }
                let own = position.nominal();
                if own < lo || own > hi {
                    check.error(
                        &line_path,
                        format!("{who}: red line {lo}..{hi} excludes the actor's own position {own}"),
                        "a red line bounds what the actor accepts, so it must contain its ideal position",
                    );
                }
                Some(RedLine::Interval { min: lo, max: hi })
            }
            (IssueKind::Discrete { options }, Preference::Values(values)) => {
                if line.min.is_some() || line.max.is_some() {
                    check.error(&line_path, format!("{who}: min/max red lines are for continuous issues"), "on a discrete issue write red_line: (allowed: [\"option\", ..])");
                    return None;
                }
                let Some(allowed_names) = &line.allowed else {
                    check.error(&line_path, format!("{who}: empty red line"), "write red_line: (allowed: [\"option\", ..])");
                    return None;
                };
                let mut allowed = vec![false; options.len()];
                for (k, name) in allowed_names.iter().enumerate() {
                    match options.iter().position(|option| option == name) {
                        Some(index) => allowed[index] = true,
                        None => check.error(
                            &format!("{line_path}.allowed[{k}]"),
                            format!("{who}: `{name}` is not an option of `{}`", issue.id),
                            suggestion(name, options.iter().map(String::as_str)),
                        ),
                    }
                }
                let favourite = best_option(values);
                if !allowed[favourite] {
                    check.error(
                        &line_path,
                        format!("{who}: red line excludes the actor's favoured option `{}`", options[favourite]),
                        "a red line bounds what the actor accepts, so it must allow its favoured option",
                    );
                }
                Some(RedLine::Allowed(allowed))
            }
            _ => None,
        }
    });
    Stance {
        salience,
        preference,
        red_line,
    }
}

fn continuous_preference(
    check: &mut Checker,
    path: &str,
    who: &str,
    raw: &RawStance,
    min: f64,
    max: f64,
) -> Preference {
    let shape = raw.shape.unwrap_or_default();
    if raw.values.is_some() {
        check.error(
            &format!("{path}.values"),
            format!("{who}: `values` is for discrete issues"),
            "on a continuous issue write position: <number>",
        );
    }
    let position_path = format!("{path}.position");
    let position = match &raw.position {
        Some(RawPosition::Number(number)) => {
            let range = Range {
                lo: min,
                hi: max,
                lo_inclusive: true,
                what: "position",
            };
            check.param(&position_path, number, range, who)
        }
        Some(RawPosition::Option(text)) => {
            check.error(
                &position_path,
                format!("{who}: the issue is continuous, but the position is the text \"{text}\""),
                format!("write a number in [{min}, {max}]"),
            );
            Param::fixed(min)
        }
        None => {
            check.error(
                path,
                format!("{who}: missing `position`"),
                format!("add position: <number in [{min}, {max}]>"),
            );
            Param::fixed(min)
        }
    };
    Preference::Ideal { position, shape }
}

fn discrete_preference(
    check: &mut Checker,
    path: &str,
    who: &str,
    raw: &RawStance,
    options: &[String],
) -> Preference {
    if raw.shape.is_some_and(|shape| shape != Shape::Linear) {
        check.error(
            &format!("{path}.shape"),
            format!("{who}: `shape` applies to continuous issues"),
            "on a discrete issue give `values` per option instead",
        );
    }
    let names = || options.iter().map(String::as_str);
    let values = match (&raw.position, &raw.values) {
        (Some(_), Some(_)) => {
            check.error(
                path,
                format!("{who}: both `position` and `values` given"),
                "keep one: a favoured option, or a value per option",
            );
            vec![0.0; options.len()]
        }
        (Some(RawPosition::Option(name)), None) => {
            match options.iter().position(|option| option == name) {
                // Values fall linearly with distance in option order.
                Some(favourite) => {
                    let span = (options.len() - 1).max(1) as f64;
                    (0..options.len())
                        .map(|k| 1.0 - (k as f64 - favourite as f64).abs() / span)
                        .collect()
                }
                None => {
                    check.error(
                        &format!("{path}.position"),
                        format!("{who}: `{name}` is not an option"),
                        suggestion(name, names()),
                    );
                    vec![0.0; options.len()]
                }
            }
        }
        (Some(RawPosition::Number(_)), None) => {
            check.error(
                &format!("{path}.position"),
                format!("{who}: the issue is discrete, so the position must be an option name"),
                format!("write one of: {}", options.join(", ")),
            );
            vec![0.0; options.len()]
        }
        (None, Some(OrderedMap(values))) => {
            let mut result = vec![f64::NAN; options.len()];
            for (name, value) in values {
                let value_path = format!("{path}.values.{name}");
                match options.iter().position(|option| option == name) {
                    Some(index) => {
                        if !value.is_finite() || !(0.0..=1.0).contains(value) {
                            check.error(
                                &value_path,
                                format!(
                                    "{who}: value of `{name}` must lie in [0, 1], found {value}"
                                ),
                                "utilities are on a 0–1 scale",
                            );
                        }
                        result[index] = *value;
                    }
                    None => check.error(
                        &value_path,
                        format!("{who}: `{name}` is not an option"),
                        suggestion(name, names()),
                    ),
                }
            }
            let missing: Vec<&str> = options
                .iter()
                .zip(&result)
                .filter(|(_, v)| v.is_nan())
                .map(|(o, _)| o.as_str())
                .collect();
            if !missing.is_empty() {
                check.error(
                    &format!("{path}.values"),
                    format!("{who}: no value for {}", missing.join(", ")),
                    "give every option a value in [0, 1]",
                );
            }
            result
                .iter()
                .map(|v| {
                    if v.is_finite() {
                        v.clamp(0.0, 1.0)
                    } else {
                        0.0
                    }
                })
                .collect()
        }
        (None, None) => {
            check.error(
                path,
                format!("{who}: missing `position` or `values`"),
                format!(
                    "add position: \"{}\" or values: {{..}}",
                    options.first().map_or("<option>", String::as_str)
                ),
            );
            vec![0.0; options.len()]
        }
    };
    Preference::Values(values)
}

fn proposals(check: &mut Checker, raw: &RawScenario, issues: &[Issue]) -> Vec<Proposal> {
    let mut names = HashSet::new();
    raw.proposals
        .iter()
        .enumerate()
        .map(|(index, proposal)| {
            let path = format!("proposals[{index}]");
            if !names.insert(proposal.name.clone()) {
                check.error(
                    &format!("{path}.name"),
                    format!("duplicate proposal name `{}`", proposal.name),
                    "give every proposal its own name",
                );
            }
            let OrderedMap(entries) = &proposal.values;
            for (key, _) in entries {
                if issues.iter().all(|issue| &issue.id != key) {
                    check.error(
                        &format!("{path}.values.{key}"),
                        format!("proposal `{}` names unknown issue `{key}`", proposal.name),
                        suggestion(key, issues.iter().map(|issue| issue.id.as_str())),
                    );
                }
            }
            let values = issues
                .iter()
                .map(|issue| {
                    let value_path = format!("{path}.values.{}", issue.id);
                    let Some((_, value)) = entries.iter().find(|(key, _)| key == &issue.id) else {
                        check.error(
                            &format!("{path}.values"),
                            format!(
                                "proposal `{}` gives no value for issue `{}`",
                                proposal.name, issue.id
                            ),
                            format!("add \"{}\": .. so the proposal can be evaluated", issue.id),
                        );
                        return 0.0;
                    };
                    proposal_value(check, &value_path, &proposal.name, issue, value)
                })
                .collect();
            Proposal {
                name: proposal.name.clone(),
                description: proposal.description.clone(),
                values,
            }
        })
        .collect()
}

fn proposal_value(
    check: &mut Checker,
    path: &str,
    proposal: &str,
    issue: &Issue,
    value: &RawPosition,
) -> f64 {
    match (&issue.kind, value) {
        (IssueKind::Continuous { min, max }, RawPosition::Number(RawNumber::Number(number))) => {
            if !number.is_finite() || number < min || number > max {
                check.error(
                    path,
                    format!(
                        "proposal `{proposal}`: `{}` must lie in [{min}, {max}], found {number}",
                        issue.id
                    ),
                    "proposals use the issue's own units",
                );
                return *min;
            }
            *number
        }
        (IssueKind::Continuous { min, max }, _) => {
            check.error(
                path,
                format!("proposal `{proposal}`: `{}` needs a plain number", issue.id),
                format!("write a number in [{min}, {max}]"),
            );
            *min
        }
        (IssueKind::Discrete { options }, RawPosition::Option(name)) => {
            match options.iter().position(|option| option == name) {
                Some(index) => index as f64,
                None => {
                    check.error(
                        path,
                        format!(
                            "proposal `{proposal}`: `{name}` is not an option of `{}`",
                            issue.id
                        ),
                        suggestion(name, options.iter().map(String::as_str)),
                    );
                    0.0
                }
            }
        }
        (IssueKind::Discrete { options }, _) => {
            check.error(
                path,
                format!(
                    "proposal `{proposal}`: `{}` is discrete, so its value is an option name",
                    issue.id
                ),
                format!("write one of: {}", options.join(", ")),
            );
            0.0
        }
    }
}

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
use super::text::{self, Num, TextKind, quoted};
use super::types::*;
use crate::model_kind::{
    AlternatingOffers, Behaviour, DISCRETE_COMPROMISE_THRESHOLD, EuRules, ExpectedUtility,
    ModelKind, Proposer,
};
use crate::uncertain::Param;
use std::collections::{HashMap, HashSet};

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
    hi: MAX_WEIGHT,
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
    hi: MAX_WEIGHT,
    lo_inclusive: true,
    what: "salience",
};

/// The largest magnitude an issue's ends may have: positions are kept as
/// shares of the range in f64, and beyond this the range itself (max − min)
/// or the units a share maps back to lose the precision the models work at.
const MAX_MAGNITUDE: f64 = 1e15;

/// The most issues a scenario may have: every continuous issue keeps a
/// 4,096-bin histogram per worker, and the summary a row per issue.
pub const MAX_ISSUES: usize = 100;
/// The most reference proposals a scenario may have: every chart of the
/// actors' utilities marks and labels each one, every actor's tally counts
/// its acceptance of each, and the report gives each a row. 30,000
/// proposals made `zopa run` take 30 s and 1.9 GB in those charts alone.
pub const MAX_PROPOSALS: usize = 100;
/// The most options a discrete issue may have.
pub const MAX_OPTIONS: usize = 1_000;
/// The most zone pairs `charts: (pairs: [..])` may name (also the most pairs
/// `summary.json` holds a 40 × 40 grid for; see `summary::zone_pairs`).
pub const MAX_ZONE_PAIRS: usize = 45;
/// The largest power or salience: their products and sums must stay finite.
pub const MAX_WEIGHT: f64 = 1e12;
/// Problems reported per file; past this the rest are counted, not described
/// (and no suggestions are searched for them).
const MAX_DIAGNOSTICS: usize = 100;

pub(super) struct Checker<'a> {
    file: &'a str,
    spans: &'a Spans,
    found: Vec<Diagnostic>,
    /// Problems beyond [`MAX_DIAGNOSTICS`].
    unreported: usize,
}

impl Checker<'_> {
    /// True once enough problems are reported; callers may skip costly help.
    pub(super) fn full(&self) -> bool {
        self.found.len() >= MAX_DIAGNOSTICS
    }

    pub(super) fn error(
        &mut self,
        path: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        if self.full() {
            self.unreported += 1;
            return;
        }
        let help = help.into();
        self.found.push(Diagnostic {
            file: self.file.to_string(),
            at: self.spans.at(path),
            message: message.into(),
            help: if help.is_empty() { None } else { Some(help) },
        });
    }

    /// An unknown `word` where one of `candidates` belongs; the suggestion
    /// is searched for only while problems are still being described.
    pub(super) fn unknown<'c>(
        &mut self,
        path: &str,
        message: impl Into<String>,
        word: &str,
        candidates: impl IntoIterator<Item = &'c str> + Clone,
    ) {
        let help = if self.full() {
            String::new()
        } else {
            suggestion(word, candidates)
        };
        self.error(path, message, help);
    }

    /// Checks an id against [`text::id_problem`].
    fn id(&mut self, path: &str, id: &str, what: &str) {
        if let Some((message, help)) = text::id_problem(id, what) {
            self.error(path, message, help);
        }
    }

    /// Checks a name or description against [`text::text_problem`].
    fn text(&mut self, path: &str, value: &str, kind: TextKind, what: &str) {
        if let Some((message, help)) = text::text_problem(value, kind, what) {
            self.error(path, message, help);
        }
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
        Some(best) => format!("did you mean {}?", quoted(best)),
        None => {
            const LISTED: usize = 12;
            let mut all: Vec<&str> = candidates.into_iter().take(LISTED + 1).collect();
            all.dedup();
            if all.is_empty() {
                "nothing is defined to refer to yet".to_string()
            } else {
                let more = if all.len() > LISTED { ", …" } else { "" };
                let listed: Vec<String> =
                    all.iter().take(LISTED).map(|id| text::shown(id)).collect();
                format!("known ids: {}{more}", listed.join(", "))
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
        unreported: 0,
    };
    check.text("name", &raw.name, TextKind::Name, "the scenario's name");
    check.text(
        "description",
        &raw.description,
        TextKind::Description,
        "the scenario's description",
    );
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
            if text::id_problem(&actor.id, "an actor").is_some() {
                check.id(&format!("{path}.id"), &actor.id, "an actor");
            } else if !actor_ids.insert(actor.id.as_str()) {
                check.error(
                    &format!("{path}.id"),
                    format!("duplicate actor id {}", quoted(&actor.id)),
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
    if check.unreported > 0 {
        let more = check.unreported;
        check.found.push(Diagnostic {
            file: file.to_string(),
            at: super::locate::Location { line: 1, col: 1 },
            message: format!("{more} more problems not shown"),
            help: Some("fix the ones above and check again".to_string()),
        });
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
        RawModel::DiscreteCompromise { threshold } => {
            let threshold = threshold.unwrap_or(DISCRETE_COMPROMISE_THRESHOLD);
            if !threshold.is_finite() || !(0.0..=1.0).contains(&threshold) {
                check.error(
                    "model.threshold",
                    format!("threshold must lie in [0, 1], found {}", Num(threshold)),
                    "it is a share of each issue's range, e.g. DiscreteCompromise(threshold: 0.15)",
                );
            }
            ModelKind::DiscreteCompromise { threshold }
        }
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
                    check.error("model.behaviour.e", format!("the concession exponent e must be > 0, found {}", Num(*e)), "e < 1 is Boulware (tough), e = 1 linear, e > 1 Conceder, e.g. TimeDependent(e: 0.2)");
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
                        format!("breakdown must lie in [0, 1), found {}", Num(*breakdown)),
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
                    None => check.unknown(
                        "model.first",
                        format!("{} is not an actor", quoted(first)),
                        first,
                        actors.iter().map(|a| a.id.as_str()),
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
    if raw.len() > MAX_ISSUES {
        check.error(
            "issues",
            format!(
                "{} issues is more than the {MAX_ISSUES} a scenario may have",
                raw.len()
            ),
            "merge minor issues, or split the negotiation into several scenarios",
        );
    }
    let mut ids = HashSet::new();
    raw.iter()
        .enumerate()
        .map(|(index, issue)| {
            let path = format!("issues[{index}]");
            if text::id_problem(&issue.id, "an issue").is_some() {
                check.id(&format!("{path}.id"), &issue.id, "an issue");
            } else if !ids.insert(issue.id.as_str()) {
                check.error(&format!("{path}.id"), format!("duplicate issue id {}", quoted(&issue.id)), "give every issue its own id");
            }
            let who = format!("issue {}", quoted(&issue.id));
            check.text(&format!("{path}.name"), &issue.name, TextKind::Name, &format!("the name of {who}"));
            for (field, value) in [("low", &issue.low), ("high", &issue.high), ("unit", &issue.unit)] {
                if let Some(value) = value {
                    check.text(&format!("{path}.{field}"), value, TextKind::Name, &format!("`{field}` of {who}"));
                }
            }
            if let Some(description) = &issue.description {
                check.text(&format!("{path}.description"), description, TextKind::Description, &format!("the description of {who}"));
            }
            let kind = match (&issue.options, issue.min, issue.max) {
                (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
                    check.error(&path, format!("{who} has both options and min/max"), "a discrete issue has `options`, a continuous one `min` and `max`: keep one");
                    IssueKind::Continuous { min: 0.0, max: 1.0 }
                }
                (Some(options), None, None) => {
                    let mut seen = HashSet::new();
                    for (k, option) in options.iter().enumerate() {
                        let option_path = format!("{path}.options[{k}]");
                        if option.trim().is_empty() || !seen.insert(option.as_str()) {
                            check.error(&option_path, format!("option {} of {who} is empty or repeated", quoted(option)), "give each option its own name");
                        } else {
                            check.text(&option_path, option, TextKind::Name, &format!("option of {who}"));
                        }
                    }
                    if options.len() < 2 {
                        check.error(&format!("{path}.options"), format!("{who} needs at least two options"), "list the alternatives, e.g. options: [\"Ukraine\", \"Russia\"]");
                    } else if options.len() > MAX_OPTIONS {
                        check.error(&format!("{path}.options"), format!("{who} has {} options, more than the {MAX_OPTIONS} an issue may have", options.len()), "group the options, or make the issue continuous");
                    }
                    IssueKind::Discrete { options: options.clone() }
                }
                (None, Some(min), Some(max)) => {
                    if !min.is_finite() || !max.is_finite() || min >= max {
                        check.error(&format!("{path}.max"), format!("{who} needs finite min < max, found min {}, max {}", Num(min), Num(max)), "e.g. min: 0.0, max: 1.0");
                    } else if min.abs() > MAX_MAGNITUDE || max.abs() > MAX_MAGNITUDE {
                        check.error(&format!("{path}.max"), format!("{who} reaches beyond ±1e15 (min {min:e}, max {max:e}), where positions lose the precision the models need"), "state the issue in larger units, e.g. billions rather than units");
                    }
                    IssueKind::Continuous { min, max }
                }
                (None, _, _) => {
                    check.error(&path, format!("{who} needs either `min` and `max` or `options`"), "continuous: min: 0.0, max: 1.0; discrete: options: [\"a\", \"b\"]");
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
    let who = format!("actor {}", quoted(&raw.id));
    check.text(
        &format!("{path}.name"),
        &raw.name,
        TextKind::Name,
        &format!("the name of {who}"),
    );
    if let Some(description) = &raw.description {
        check.text(
            &format!("{path}.description"),
            description,
            TextKind::Description,
            &format!("the description of {who}"),
        );
    }
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
                    format!(
                        "{who}: the concession exponent must be > 0, found {}",
                        Num(e)
                    ),
                    "below 1 is Boulware (tough), 1 linear, above 1 Conceder",
                );
            }
        }),
        stances,
    }
}

fn stances(check: &mut Checker, path: &str, raw: &RawActor, issues: &[Issue]) -> Vec<Stance> {
    let OrderedMap(entries) = &raw.stances;
    let known = index_of(issues.iter().map(|issue| issue.id.as_str()));
    let actor = quoted(&raw.id);
    // Each issue's stance: the first entry naming it.
    let mut given: HashMap<&str, &RawStance> = HashMap::new();
    for (k, (key, stance)) in entries.iter().enumerate() {
        if !known.contains_key(key.as_str()) {
            check.unknown(
                &format!("{path}.stances.{key}"),
                format!(
                    "actor {actor} has a stance on unknown issue {}",
                    quoted(key)
                ),
                key,
                issues.iter().map(|issue| issue.id.as_str()),
            );
        } else if given.contains_key(key.as_str()) {
            check.error(
                &format!("{path}.stances{{{k}}}"),
                format!("actor {actor} has two stances on {}", quoted(key)),
                "keep one",
            );
        } else {
            given.insert(key.as_str(), stance);
        }
    }
    let mut result = Vec::with_capacity(issues.len());
    for issue in issues {
        let stance_path = format!("{path}.stances.{}", issue.id);
        match given.get(issue.id.as_str()) {
            Some(stance) => result.push(self::stance(check, &stance_path, &raw.id, stance, issue)),
            None => {
                check.error(
                    &format!("{path}.stances"),
                    format!("actor {actor} has no stance on issue {}", quoted(&issue.id)),
                    format!("add \"{}\": (position: .., salience: ..); use salience: 0 if it does not care", text::shown(&issue.id)),
                );
            }
        }
    }
    result
}

/// Each name's position in `names` (the first, if one repeats): lookups in
/// constant time, so a file naming many options checks in linear time.
fn index_of<'a>(names: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    let mut index = HashMap::new();
    for (position, name) in names.enumerate() {
        index.entry(name).or_insert(position);
    }
    index
}

fn stance(check: &mut Checker, path: &str, actor: &str, raw: &RawStance, issue: &Issue) -> Stance {
    let who = format!("actor {} on {}", quoted(actor), quoted(&issue.id));
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
                    check.error(&line_path, format!("{who}: red line needs finite min <= max, found {}..{}", Num(lo), Num(hi)), "write red_line: (min: .., max: ..)");
                    return None;
                }
                let own = position.nominal();
                if own < lo || own > hi {
                    check.error(
                        &line_path,
                        format!("{who}: red line {}..{} excludes the actor's own position {}", Num(lo), Num(hi), Num(own)),
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
                let index = index_of(options.iter().map(String::as_str));
                for (k, name) in allowed_names.iter().enumerate() {
                    match index.get(name.as_str()) {
                        Some(&position) => allowed[position] = true,
                        None => check.unknown(
                            &format!("{line_path}.allowed[{k}]"),
                            format!("{who}: {} is not an option of {}", quoted(name), quoted(&issue.id)),
                            name,
                            options.iter().map(String::as_str),
                        ),
                    }
                }
                let favourite = best_option(values);
                if allowed.get(favourite) == Some(&false) {
                    check.error(
                        &line_path,
                        format!("{who}: red line excludes the actor's favoured option {}", quoted(&options[favourite])),
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
                format!(
                    "{who}: the issue is continuous, but the position is the text {}",
                    quoted(text)
                ),
                format!("write a number in [{}, {}]", Num(min), Num(max)),
            );
            Param::fixed(min)
        }
        None => {
            check.error(
                path,
                format!("{who}: missing `position`"),
                format!("add position: <number in [{}, {}]>", Num(min), Num(max)),
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
                    check.unknown(
                        &format!("{path}.position"),
                        format!("{who}: {} is not an option", quoted(name)),
                        name,
                        names(),
                    );
                    vec![0.0; options.len()]
                }
            }
        }
        (Some(RawPosition::Number(_)), None) => {
            check.error(
                &format!("{path}.position"),
                format!("{who}: the issue is discrete, so the position must be an option name"),
                format!("write one of: {}", listed(options)),
            );
            vec![0.0; options.len()]
        }
        (None, Some(OrderedMap(values))) => {
            let mut result = vec![f64::NAN; options.len()];
            let index = index_of(names());
            for (k, (name, value)) in values.iter().enumerate() {
                let value_path = format!("{path}.values.{name}");
                match index.get(name.as_str()) {
                    Some(&position) if !result[position].is_nan() => check.error(
                        &format!("{path}.values{{{k}}}"),
                        format!("{who}: {} is given two values", quoted(name)),
                        "keep one",
                    ),
                    Some(&position) => {
                        if !value.is_finite() || !(0.0..=1.0).contains(value) {
                            check.error(
                                &value_path,
                                format!(
                                    "{who}: value of {} must lie in [0, 1], found {}",
                                    quoted(name),
                                    Num(*value)
                                ),
                                "utilities are on a 0–1 scale",
                            );
                        }
                        // Out of range is reported above; any number marks it given.
                        result[position] = if value.is_nan() { 0.0 } else { *value };
                    }
                    None => check.unknown(
                        &value_path,
                        format!("{who}: {} is not an option", quoted(name)),
                        name,
                        names(),
                    ),
                }
            }
            let missing: Vec<String> = options
                .iter()
                .zip(&result)
                .filter(|(_, v)| v.is_nan())
                .map(|(o, _)| o.clone())
                .collect();
            if !missing.is_empty() {
                check.error(
                    &format!("{path}.values"),
                    format!("{who}: no value for {}", listed(&missing)),
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

/// Names for a message: the first dozen, each shown safely, then `…`.
fn listed(names: &[String]) -> String {
    const LISTED: usize = 12;
    let mut shown: Vec<String> = names
        .iter()
        .take(LISTED)
        .map(|name| text::shown(name))
        .collect();
    if names.len() > LISTED {
        shown.push(format!("… ({} in all)", names.len()));
    }
    shown.join(", ")
}

fn proposals(check: &mut Checker, raw: &RawScenario, issues: &[Issue]) -> Vec<Proposal> {
    if raw.proposals.len() > MAX_PROPOSALS {
        check.error(
            "proposals",
            format!(
                "{} proposals is more than the {MAX_PROPOSALS} a scenario may have",
                raw.proposals.len()
            ),
            "keep the proposals you want compared; `zopa sweep` explores a range of values",
        );
    }
    let mut names = HashSet::new();
    let known = index_of(issues.iter().map(|issue| issue.id.as_str()));
    raw.proposals
        .iter()
        .enumerate()
        .map(|(index, proposal)| {
            let path = format!("proposals[{index}]");
            let who = format!("proposal {}", quoted(&proposal.name));
            if !names.insert(proposal.name.as_str()) {
                check.error(
                    &format!("{path}.name"),
                    format!("duplicate proposal name {}", quoted(&proposal.name)),
                    "give every proposal its own name",
                );
            }
            check.text(
                &format!("{path}.name"),
                &proposal.name,
                TextKind::Name,
                "a proposal's name",
            );
            if let Some(description) = &proposal.description {
                check.text(
                    &format!("{path}.description"),
                    description,
                    TextKind::Description,
                    &format!("the description of {who}"),
                );
            }
            let OrderedMap(entries) = &proposal.values;
            // Each issue's value: the first entry naming it.
            let mut given: HashMap<&str, &RawPosition> = HashMap::new();
            for (k, (key, value)) in entries.iter().enumerate() {
                if !known.contains_key(key.as_str()) {
                    check.unknown(
                        &format!("{path}.values.{key}"),
                        format!("{who} names unknown issue {}", quoted(key)),
                        key,
                        issues.iter().map(|issue| issue.id.as_str()),
                    );
                } else if given.contains_key(key.as_str()) {
                    check.error(
                        &format!("{path}.values{{{k}}}"),
                        format!("{who} gives issue {} two values", quoted(key)),
                        "keep one",
                    );
                } else {
                    given.insert(key.as_str(), value);
                }
            }
            let values = issues
                .iter()
                .map(|issue| {
                    let value_path = format!("{path}.values.{}", issue.id);
                    let Some(value) = given.get(issue.id.as_str()) else {
                        check.error(
                            &format!("{path}.values"),
                            format!("{who} gives no value for issue {}", quoted(&issue.id)),
                            format!("add \"{}\": .. so the proposal can be evaluated", issue.id),
                        );
                        return 0.0;
                    };
                    proposal_value(check, &value_path, &who, issue, value)
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
    who: &str,
    issue: &Issue,
    value: &RawPosition,
) -> f64 {
    let id = quoted(&issue.id);
    match (&issue.kind, value) {
        (IssueKind::Continuous { min, max }, RawPosition::Number(RawNumber::Number(number))) => {
            if !number.is_finite() || number < min || number > max {
                check.error(
                    path,
                    format!(
                        "{who}: {id} must lie in [{}, {}], found {}",
                        Num(*min),
                        Num(*max),
                        Num(*number)
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
                format!("{who}: {id} needs a plain number"),
                format!("write a number in [{}, {}]", Num(*min), Num(*max)),
            );
            *min
        }
        (IssueKind::Discrete { options }, RawPosition::Option(name)) => {
            match options.iter().position(|option| option == name) {
                Some(index) => index as f64,
                None => {
                    check.unknown(
                        path,
                        format!("{who}: {} is not an option of {id}", quoted(name)),
                        name,
                        options.iter().map(String::as_str),
                    );
                    0.0
                }
            }
        }
        (IssueKind::Discrete { options }, _) => {
            check.error(
                path,
                format!("{who}: {id} is discrete, so its value is an option name"),
                format!("write one of: {}", listed(options)),
            );
            0.0
        }
    }
}

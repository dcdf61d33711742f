//! What a student types, read and checked: `accept`, `reject`,
//! `offer ISSUE=VALUE ...`, `help`, `quit`; `#` starts a comment. An offer
//! gives values in the issues' own units and option names, and is checked
//! against the issue's range, its options and the veto actors' red lines
//! before it goes on the table; every problem is a message that says what is
//! wrong and what to type instead, never a panic.

use crate::scenario::text::quoted;
use crate::scenario::{Issue, IssueKind, RedLine, Scenario, format_number};
use crate::world::World;

/// One move.
#[derive(Clone, Debug, PartialEq)]
pub enum Move {
    Accept,
    Reject,
    /// Values by issue id, as typed.
    Offer(Vec<(String, String)>),
    Help,
    Quit,
}

/// The moves, for messages.
pub const MOVES: &str = "accept, reject, offer ISSUE=VALUE ..., help or quit";

/// A line without its comment (from a `#` outside double quotes), trimmed.
pub fn strip_comment(line: &str) -> &str {
    let mut quoted = false;
    for (at, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '#' if !quoted => return line[..at].trim(),
            _ => {}
        }
    }
    line.trim()
}

/// Reads a move; `Ok(None)` for a blank line or a comment.
///
/// ```
/// use zopa::play::moves::{Move, parse_move};
/// assert_eq!(parse_move("accept  # fair enough"), Ok(Some(Move::Accept)));
/// assert_eq!(
///     parse_move(r#"offer price=150 delivery="2 weeks""#),
///     Ok(Some(Move::Offer(vec![
///         ("price".into(), "150".into()),
///         ("delivery".into(), "2 weeks".into()),
///     ])))
/// );
/// assert!(parse_move("acept").unwrap_err().contains("did you mean `accept`"));
/// ```
pub fn parse_move(line: &str) -> Result<Option<Move>, String> {
    let line = strip_comment(line);
    if line.is_empty() {
        return Ok(None);
    }
    let (word, rest) = match line.find(char::is_whitespace) {
        Some(at) => (&line[..at], line[at..].trim_start()),
        None => (line, ""),
    };
    let word = word.to_ascii_lowercase();
    let simple = |found: Move| {
        if rest.is_empty() {
            Ok(Some(found))
        } else {
            Err(format!(
                "`{word}` takes nothing after it, found {}\n  help: type `{word}` alone",
                quoted(rest)
            ))
        }
    };
    match word.as_str() {
        "accept" => simple(Move::Accept),
        "reject" => simple(Move::Reject),
        "help" | "?" => simple(Move::Help),
        "quit" | "exit" => simple(Move::Quit),
        "offer" => assignments(rest).map(|values| Some(Move::Offer(values))),
        _ => {
            let known = ["accept", "reject", "offer", "help", "quit"];
            let hint = match crate::scenario::error::did_you_mean(&word, known) {
                Some(best) => format!("did you mean `{best}`? "),
                None => String::new(),
            };
            Err(format!(
                "unknown move {}\n  help: {hint}moves: {MOVES}",
                quoted(&word)
            ))
        }
    }
}

/// `ISSUE=VALUE` pairs; a value with spaces goes in double quotes.
fn assignments(text: &str) -> Result<Vec<(String, String)>, String> {
    let example = "e.g. offer price=150 delivery=\"2 weeks\"";
    let mut pairs = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let key_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let key = &rest[..key_end];
        rest = rest[key_end..].trim_start();
        let Some(after) = rest.strip_prefix('=') else {
            return Err(format!(
                "{} has no value\n  help: give each issue as ISSUE=VALUE, {example}",
                quoted(key)
            ));
        };
        if key.is_empty() {
            return Err(format!(
                "a value without its issue\n  help: give each issue as ISSUE=VALUE, {example}"
            ));
        }
        rest = after.trim_start();
        let value;
        if let Some(inside) = rest.strip_prefix('"') {
            let Some(close) = inside.find('"') else {
                return Err(format!(
                    "the value of {} opens a quote it never closes\n  help: {example}",
                    quoted(key)
                ));
            };
            value = &inside[..close];
            rest = inside[close + 1..].trim_start();
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            value = &rest[..end];
            rest = rest[end..].trim_start();
        }
        if value.is_empty() {
            return Err(format!(
                "{} has an empty value\n  help: {example}",
                quoted(key)
            ));
        }
        pairs.push((key.to_string(), value.to_string()));
    }
    if pairs.is_empty() {
        return Err(format!(
            "an offer names at least one issue\n  help: {example}; issues you leave out keep \
             the values of your previous offer"
        ));
    }
    Ok(pairs)
}

/// An offer in the world's terms (continuous issues on `[0, 1]`, options by
/// index) from typed values; issues left out keep `previous`'s values.
/// `seat` is the actor making it: crossing its own red line or another veto
/// actor's is refused with whose line it is.
pub fn build_offer(
    scenario: &Scenario,
    world: &World,
    seat: usize,
    values: &[(String, String)],
    previous: Option<&[f64]>,
) -> Result<Vec<f64>, String> {
    let mut offer: Vec<Option<f64>> = match previous {
        Some(previous) => previous.iter().copied().map(Some).collect(),
        None => vec![None; scenario.issues.len()],
    };
    let mut given = vec![false; scenario.issues.len()];
    for (key, text) in values {
        let Some(index) = scenario.issue_index(key) else {
            let ids = scenario.issues.iter().map(|issue| issue.id.as_str());
            let hint = match crate::scenario::error::did_you_mean(key, ids.clone()) {
                Some(best) => format!("did you mean `{best}`? "),
                None => String::new(),
            };
            return Err(format!(
                "there is no issue {}\n  help: {hint}issues: {}",
                quoted(key),
                ids.collect::<Vec<_>>().join(", ")
            ));
        };
        if given[index] {
            return Err(format!(
                "{} is given twice\n  help: give each issue once",
                quoted(key)
            ));
        }
        given[index] = true;
        offer[index] = Some(value_of(&scenario.issues[index], text)?);
    }
    let missing: Vec<&str> = scenario
        .issues
        .iter()
        .zip(&offer)
        .filter(|(_, value)| value.is_none())
        .map(|(issue, _)| issue.id.as_str())
        .collect();
    if !missing.is_empty() {
        let example: Vec<String> = missing
            .iter()
            .filter_map(|id| scenario.issue_index(id))
            .map(|index| example(&scenario.issues[index]))
            .collect();
        return Err(format!(
            "your first offer needs a value for every issue; missing: {}\n  help: add {}",
            missing.join(", "),
            example.join(" ")
        ));
    }
    let offer: Vec<f64> = offer
        .into_iter()
        .map(|value| value.unwrap_or(0.0))
        .collect();
    crossed_red_line(scenario, world, seat, &offer).map_or(Ok(offer), Err)
}

/// An issue's value from text: a number in its range, or an option's name.
fn value_of(issue: &Issue, text: &str) -> Result<f64, String> {
    match &issue.kind {
        IssueKind::Continuous { min, max } => {
            let unit = issue
                .unit
                .as_deref()
                .map_or(String::new(), |unit| format!(" {unit}"));
            let range = format!("{} to {}{unit}", format_number(*min), format_number(*max));
            let number: f64 = text
                .parse()
                .ok()
                .filter(|x: &f64| x.is_finite())
                .ok_or_else(|| {
                    format!(
                        "{} = {} is not a number\n  help: {} takes a number from {range}, e.g. {}",
                        issue.id,
                        quoted(text),
                        issue.id,
                        example(issue)
                    )
                })?;
            if number < *min || number > *max {
                return Err(format!(
                    "{} = {} is outside its range, {range}\n  help: e.g. {}",
                    issue.id,
                    format_number(number),
                    example(issue)
                ));
            }
            Ok(issue.normalise(number).clamp(0.0, 1.0))
        }
        IssueKind::Discrete { options } => {
            let found = options
                .iter()
                .position(|option| option == text)
                .or_else(|| {
                    options
                        .iter()
                        .position(|option| option.eq_ignore_ascii_case(text))
                });
            found.map(|k| k as f64).ok_or_else(|| {
                let hint = match crate::scenario::error::did_you_mean(
                    text,
                    options.iter().map(String::as_str),
                ) {
                    Some(best) => format!("did you mean {}? ", quoted(best)),
                    None => String::new(),
                };
                format!(
                    "{} has no option {}\n  help: {hint}options: {} (quote a name with spaces, \
                     e.g. {})",
                    issue.id,
                    quoted(text),
                    options
                        .iter()
                        .map(|option| format!("\"{option}\""))
                        .collect::<Vec<_>>()
                        .join(", "),
                    example(issue)
                )
            })
        }
    }
}

/// `issue=VALUE` for a message: the middle of the range or the first option.
pub fn example(issue: &Issue) -> String {
    match &issue.kind {
        IssueKind::Continuous { min, max } => {
            format!("{}={}", issue.id, format_number(0.5 * (min + max)))
        }
        IssueKind::Discrete { options } => {
            let first = options.first().map_or("", String::as_str);
            if first.contains(char::is_whitespace) {
                format!("{}=\"{first}\"", issue.id)
            } else {
                format!("{}={first}", issue.id)
            }
        }
    }
}

/// The first red line `offer` crosses, as a message: the seat's own (it
/// could never accept the deal itself), then each other veto actor's (it
/// would refuse any deal there).
pub fn crossed_red_line(
    scenario: &Scenario,
    world: &World,
    seat: usize,
    offer: &[f64],
) -> Option<String> {
    let order = std::iter::once(seat).chain((0..world.actors.len()).filter(|&j| j != seat));
    for j in order {
        if j != seat && !world.actors[j].veto {
            continue;
        }
        let actor = &scenario.actors[j];
        for (d, issue) in scenario.issues.iter().enumerate() {
            if world.actors[j].limits[d].allows(offer[d]) {
                continue;
            }
            let line = actor.stances[d]
                .red_line
                .as_ref()
                .map_or(String::new(), |line| red_line_text(issue, line));
            let value = issue.display_value(offer[d]);
            return Some(if j == seat {
                format!(
                    "{} = {value} crosses your red line ({line})\n  help: you could never \
                     accept a deal there yourself; stay within it",
                    issue.id
                )
            } else {
                format!(
                    "{} = {value} crosses {}'s red line ({line})\n  help: {} refuses any deal \
                     there, whatever the rest; stay within it",
                    issue.id, actor.name, actor.name
                )
            });
        }
    }
    None
}

/// A red line in the issue's terms: `territory at least 10`,
/// `delivery one of "2 weeks", "4 weeks"`.
pub fn red_line_text(issue: &Issue, line: &RedLine) -> String {
    format!("{} {}", issue.id, red_line_bounds(issue, line))
}

/// What a red line allows, without the issue: `at least 10`, `from 10 to
/// 20 km`, `one of "2 weeks", "4 weeks"`.
pub fn red_line_bounds(issue: &Issue, line: &RedLine) -> String {
    let unit = issue
        .unit
        .as_deref()
        .map_or(String::new(), |unit| format!(" {unit}"));
    match (line, &issue.kind) {
        (RedLine::Interval { min, max }, IssueKind::Continuous { min: lo, max: hi }) => {
            match (min > lo, max < hi) {
                (true, true) => format!(
                    "from {} to {}{unit}",
                    format_number(*min),
                    format_number(*max)
                ),
                (true, false) => format!("at least {}{unit}", format_number(*min)),
                (false, true) => format!("at most {}{unit}", format_number(*max)),
                (false, false) => "anywhere in its range".to_string(),
            }
        }
        (RedLine::Allowed(allowed), IssueKind::Discrete { options }) => format!(
            "one of {}",
            options
                .iter()
                .zip(allowed)
                .filter(|(_, ok)| **ok)
                .map(|(option, _)| format!("\"{option}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => String::new(),
    }
}

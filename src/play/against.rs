//! `--against`: the behaviour of zopa's agents in a game, by the names a
//! course uses. Time-dependent agents concede along `r + (1 − r)(1 − τ^(1/e))`
//! (docs/theory.md §10); the names stand for the usual exponents of the
//! literature (Faratin, Sierra & Jennings 1998): Boulware e = 0.2 (holds out,
//! concedes at the deadline), linear e = 1, Conceder e = 2 (gives in early).

use crate::model::Behaviour;

/// The exponent `--against boulware` stands for.
pub const BOULWARE: f64 = 0.2;
/// The exponent `--against linear` stands for.
pub const LINEAR: f64 = 1.0;
/// The exponent `--against conceder` stands for.
pub const CONCEDER: f64 = 2.0;

/// What `--against` accepts, for messages and help.
pub const AGAINST_HELP: &str = "equilibrium, boulware (e = 0.2), linear (e = 1), conceder \
     (e = 2) or e=NUMBER (time-dependent agents that know every side's utility); \
     faratin:boulware, faratin:e=0.5, ... for agents that know only their own";

/// Parses `--against`: `equilibrium`, `boulware`, `linear`, `conceder`,
/// `e=0.5`, or any of the time-dependent forms after `faratin:`.
///
/// ```
/// use zopa::model::Behaviour;
/// use zopa::play::parse_against;
/// assert_eq!(parse_against("boulware"), Ok(Behaviour::TimeDependent { e: 0.2 }));
/// assert_eq!(parse_against("faratin:e=3"), Ok(Behaviour::Faratin { e: 3.0 }));
/// assert!(parse_against("e=0").is_err());
/// ```
pub fn parse_against(text: &str) -> Result<Behaviour, String> {
    let word = text.trim().to_ascii_lowercase();
    if word == "equilibrium" {
        return Ok(Behaviour::Equilibrium);
    }
    let (faratin, rest) = match word.strip_prefix("faratin:") {
        Some(rest) => (true, rest),
        None => (false, word.as_str()),
    };
    let e = match rest {
        "boulware" => BOULWARE,
        "linear" => LINEAR,
        "conceder" => CONCEDER,
        _ => match rest.strip_prefix("e=") {
            Some(number) => match number.trim().parse::<f64>() {
                Ok(e) if e.is_finite() && e > 0.0 => e,
                _ => {
                    return Err(format!(
                        "the concession exponent in `{text}` must be a number above 0, \
                         e.g. e=0.2 (below 1 Boulware, above 1 Conceder)"
                    ));
                }
            },
            None => {
                return Err(format!("unknown opponent `{text}`: use {AGAINST_HELP}"));
            }
        },
    };
    Ok(if faratin {
        Behaviour::Faratin { e }
    } else {
        Behaviour::TimeDependent { e }
    })
}

/// The `--against` value that gives `behaviour`.
///
/// ```
/// use zopa::play::against::{name, parse_against};
/// for text in ["equilibrium", "e=0.2", "faratin:e=1.5"] {
///     assert_eq!(name(parse_against(text).unwrap()), text);
/// }
/// ```
pub fn name(behaviour: Behaviour) -> String {
    match behaviour {
        Behaviour::Equilibrium => "equilibrium".into(),
        Behaviour::TimeDependent { e } => format!("e={e}"),
        Behaviour::Faratin { e } => format!("faratin:e={e}"),
    }
}

/// How agents of this behaviour play, in a few words ("zopa plays B with ...").
pub fn describe(behaviour: Behaviour) -> String {
    let kind = |e: f64| {
        if e < 1.0 {
            "Boulware"
        } else if e > 1.0 {
            "Conceder"
        } else {
            "linear"
        }
    };
    match behaviour {
        Behaviour::Equilibrium => "subgame-perfect equilibrium strategies".into(),
        Behaviour::TimeDependent { e } => {
            format!("time-dependent concession, e = {e} ({})", kind(e))
        }
        Behaviour::Faratin { e } => format!(
            "time-dependent concession knowing only its own utility, e = {e} ({})",
            kind(e)
        ),
    }
}

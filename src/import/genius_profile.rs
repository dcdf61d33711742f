//! Reading one GENIUS profile (a party's preferences) against its domain.
//!
//! The profile's issues are matched to the domain's by name and its items by
//! value; every domain issue and item must be evaluated, weights must be
//! non-negative, the reservation value must lie in [0, 1] and the discount
//! factor in [0, 1] (GENIUS reads 0 as "no discount", and so does zopa).

use super::genius::{DomainIssue, DomainKind};
use super::genius_xml::{Xml, bounds, children, unique_names, unknown_help};
use super::{ImportError, Warning};
use crate::scenario::Location;
use roxmltree::Node;
use std::collections::HashMap;

type Result<T> = std::result::Result<T, ImportError>;

/// One party's preferences, in domain issue order.
#[derive(Clone, Debug)]
pub(super) struct Profile {
    pub reservation: f64,
    /// True when the file gives a reservation value.
    pub reservation_given: bool,
    /// In (0, 1]; 1 = no discount.
    pub discount: f64,
    /// As written (None: absent).
    pub discount_written: Option<f64>,
    pub issues: Vec<ProfileIssue>,
}

/// A party's weight and evaluation of one issue.
#[derive(Clone, Debug)]
pub(super) struct ProfileIssue {
    pub weight: f64,
    pub evaluation: Evaluation,
}

/// How a party values the points of an issue, before normalisation.
#[derive(Clone, Debug)]
pub(super) enum Evaluation {
    /// Evaluations per domain option, as written (GENIUS divides by the largest).
    Discrete(Vec<f64>),
    /// A linear evaluator's value at the domain's lower and upper bound (each
    /// clamped to [0, 1], as GENIUS clamps), the line itself, whether it
    /// leaves [0, 1] inside the range, and the formula for comments.
    Linear {
        at_lo: f64,
        at_hi: f64,
        line: Line,
        clamped: bool,
        formula: String,
    },
}

/// A linear evaluator: `offset + slope·(x − origin)`, clamped to [0, 1] as
/// GENIUS clamps (`origin` is the profile's lower bound on integer issues, 0
/// on real ones).
#[derive(Clone, Copy, Debug)]
pub(super) struct Line {
    pub offset: f64,
    pub slope: f64,
    pub origin: f64,
}

impl Line {
    /// The evaluation at `x`, clamped to [0, 1].
    pub fn at(&self, x: f64) -> f64 {
        (self.offset + self.slope * (x - self.origin)).clamp(0.0, 1.0)
    }
}

/// Reads a profile; `domain` gives the issues it must evaluate.
pub(super) fn read(
    xml: &Xml,
    domain: &[DomainIssue],
    warnings: &mut Vec<Warning>,
) -> Result<Profile> {
    let space = xml.utility_space("profile")?;
    let (holder, issue_nodes) = xml.issues(space)?;
    let names: Vec<String> = domain.iter().map(|issue| issue.name.clone()).collect();
    let mut named = Vec::with_capacity(issue_nodes.len());
    for &node in &issue_nodes {
        let name = xml.attr(
            node,
            "name",
            "name the issue as the domain does: name=\"..\"",
        )?;
        if !names.iter().any(|known| known == name) {
            return Err(xml.error(
                xml.attr_at(node, "name"),
                format!("the profile names issue `{name}`, which the domain lacks"),
                &unknown_help(name, &names, "issues"),
            ));
        }
        named.push((node, name.to_string()));
    }
    let by_name = unique_names(xml, &named, "issue")?;
    let missing: Vec<&str> = names
        .iter()
        .filter(|name| !by_name.contains_key(*name))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        return Err(xml.error(
            xml.at(holder),
            format!("the profile does not evaluate the domain's issue(s) {}", missing.join(", ")),
            "add an <issue name=..> with its evaluations for each, or check that profile and domain belong together",
        ));
    }
    let weights = weights(xml, holder, &named)?;
    let mut issues = Vec::with_capacity(domain.len());
    for issue in domain {
        let index = by_name[&issue.name];
        let node = named[index].0;
        let Some(&weight) = weights.get(&index) else {
            return Err(xml.error(
                xml.at(node),
                format!("issue `{}` has no <weight>", issue.name),
                "add <weight index=\"..\" value=\"..\"/> under <objective>, with the issue's index",
            ));
        };
        let evaluation = evaluation(xml, node, issue, warnings)?;
        issues.push(ProfileIssue { weight, evaluation });
    }
    let reservation_node = space.descendants().find(|n| n.has_tag_name("reservation"));
    let reservation = match reservation_node {
        Some(node) => {
            let value = xml.number(node, "value", "write <reservation value=\"0.3\"/>")?;
            if !(0.0..=1.0).contains(&value) {
                return Err(xml.error(
                    xml.attr_at(node, "value"),
                    format!("the reservation value must lie in [0, 1], found {value}"),
                    "GENIUS reservation values are utilities on a 0-1 scale",
                ));
            }
            value
        }
        None => 0.0,
    };
    let discount_node = space
        .descendants()
        .find(|n| n.has_tag_name("discount_factor"));
    let discount_written = match discount_node {
        Some(node) => {
            let value = xml.number(node, "value", "write <discount_factor value=\"0.9\"/>")?;
            if !(0.0..=1.0).contains(&value) {
                return Err(xml.error(
                    xml.attr_at(node, "value"),
                    format!("the discount factor must lie in [0, 1], found {value}"),
                    "GENIUS discounts utility U to U·d^t over normalised time t; d = 1 (or 0) means no discount",
                ));
            }
            Some(value)
        }
        None => None,
    };
    let discount = match discount_written {
        Some(d) if d > 0.0 => d,
        _ => 1.0,
    };
    Ok(Profile {
        reservation,
        reservation_given: reservation_node.is_some(),
        discount,
        discount_written,
        issues,
    })
}

/// Weight per position in `named`, from `<weight index value>` matched to the
/// issues' `index` attributes. A weight whose index is the enclosing
/// `<objective>`'s (and no issue's) is the root objective's, which GENIUS
/// ignores: it is skipped.
fn weights(xml: &Xml, holder: Node, named: &[(Node, String)]) -> Result<HashMap<usize, f64>> {
    let mut by_index = HashMap::new();
    for (position, (node, _)) in named.iter().enumerate() {
        if let Some(index) = node.attribute("index") {
            by_index.insert(index.trim().to_string(), position);
        }
    }
    let mut weights = HashMap::new();
    for node in children(holder, "weight") {
        let help = "write <weight index=\"1\" value=\"0.4\"/>, index as on the issue";
        let index = xml.attr(node, "index", help)?.trim();
        let value = xml.number(node, "value", help)?;
        let objective = holder.has_tag_name("objective")
            && holder.attribute("index").map(str::trim) == Some(index);
        if objective && !by_index.contains_key(index) {
            // A weight for the root objective itself (ANAC 2012's Fitness
            // profiles give it 1.0): GENIUS ignores it, and so does zopa.
            continue;
        }
        let Some(&position) = by_index.get(index) else {
            return Err(xml.error(
                xml.attr_at(node, "index"),
                format!("<weight index=\"{index}\"> matches no <issue index=\"{index}\">"),
                "each weight's index must be the index of one of the profile's issues",
            ));
        };
        if value < 0.0 {
            return Err(xml.error(
                xml.attr_at(node, "value"),
                format!(
                    "the weight of issue `{}` is negative ({value})",
                    named[position].1
                ),
                "weights say how much each issue matters: use numbers >= 0 (usually summing to 1)",
            ));
        }
        if weights.insert(position, value).is_some() {
            return Err(xml.error(
                xml.at(node),
                format!("issue `{}` has two weights", named[position].1),
                "keep one <weight> per issue",
            ));
        }
    }
    Ok(weights)
}

fn evaluation(
    xml: &Xml,
    node: Node,
    issue: &DomainIssue,
    warnings: &mut Vec<Warning>,
) -> Result<Evaluation> {
    match &issue.kind {
        DomainKind::Discrete(options) => discrete(xml, node, &issue.name, options),
        DomainKind::Range { lo, hi, integer } => {
            let exact = issue.integer_points().is_some();
            linear(
                xml,
                node,
                &issue.name,
                (*lo, *hi),
                (*integer, exact),
                warnings,
            )
        }
    }
}

fn discrete(xml: &Xml, node: Node, issue: &str, options: &[String]) -> Result<Evaluation> {
    let mut items = Vec::new();
    for item in children(node, "item") {
        let value = xml.attr(
            item,
            "value",
            "name the item as the domain does: value=\"..\"",
        )?;
        if !options.iter().any(|option| option == value) {
            return Err(xml.error(
                xml.attr_at(item, "value"),
                format!("issue `{issue}` has no option `{value}` in the domain"),
                &unknown_help(value, options, "options"),
            ));
        }
        items.push((item, value.to_string()));
    }
    let by_value = unique_names(xml, &items, "item")?;
    let mut evaluations = Vec::with_capacity(options.len());
    let mut missing = Vec::new();
    for option in options {
        let Some(&index) = by_value.get(option) else {
            missing.push(option.as_str());
            continue;
        };
        let item = items[index].0;
        let help = "give every item an evaluation >= 0, e.g. evaluation=\"10\" (GENIUS divides by the issue's largest)";
        if !item.has_attribute("evaluation") {
            return Err(xml.error(
                xml.at(item),
                format!("item `{option}` of issue `{issue}` has no evaluation"),
                "add evaluation=\"..\" (is this a domain file given as a profile?)",
            ));
        }
        let evaluation = xml.number(item, "evaluation", help)?;
        if evaluation < 0.0 {
            return Err(xml.error(
                xml.attr_at(item, "evaluation"),
                format!(
                    "item `{option}` of issue `{issue}` has a negative evaluation ({evaluation})"
                ),
                help,
            ));
        }
        evaluations.push(evaluation);
    }
    if !missing.is_empty() {
        return Err(xml.error(
            xml.at(node),
            format!(
                "issue `{issue}` has no evaluation for {}",
                missing.join(", ")
            ),
            "add an <item value=\"..\" evaluation=\"..\"/> for every option of the domain",
        ));
    }
    if evaluations.iter().all(|&e| e <= 0.0) {
        return Err(xml.error(
            xml.at(node),
            format!("every evaluation of issue `{issue}` is 0"),
            "GENIUS divides evaluations by the largest one: give the best option an evaluation > 0 (set the issue's weight to 0 if the party does not care)",
        ));
    }
    Ok(Evaluation::Discrete(evaluations))
}

fn linear(
    xml: &Xml,
    node: Node,
    issue: &str,
    (lo, hi): (f64, f64),
    (integer, enumerated): (bool, bool),
    warnings: &mut Vec<Warning>,
) -> Result<Evaluation> {
    let Some(evaluator) = children(node, "evaluator").next() else {
        return Err(xml.error(
            xml.at(node),
            format!("issue `{issue}` has no <evaluator>"),
            "add <evaluator ftype=\"linear\" ../> giving the utility along the range",
        ));
    };
    let ftype = evaluator.attribute("ftype").unwrap_or("linear");
    let (slope, offset, origin) = match (integer, ftype) {
        (true, "linear") => {
            let help = "an integer issue's evaluator is <evaluator ftype=\"linear\" slope=\"..\" offset=\"..\"/>";
            let slope = xml.number(evaluator, "slope", help)?;
            let offset = xml.number(evaluator, "offset", help)?;
            // GENIUS applies the line to (x − the profile's lower bound).
            let origin =
                if node.has_attribute("lowerbound") || children(node, "range").next().is_some() {
                    bounds(xml, node)?.0
                } else {
                    lo
                };
            (slope, offset, origin)
        }
        (false, "linear") => {
            let help = "a real issue's evaluator is <evaluator ftype=\"linear\" parameter0=\"offset\" parameter1=\"slope\"/>";
            (
                xml.number(evaluator, "parameter1", help)?,
                xml.number(evaluator, "parameter0", help)?,
                0.0,
            )
        }
        (false, "constant") => {
            let help = "a constant evaluator is <evaluator ftype=\"constant\" parameter0=\"..\"/>";
            (0.0, xml.number(evaluator, "parameter0", help)?, 0.0)
        }
        _ => {
            return Err(xml.error(
                xml.attr_at(evaluator, "ftype"),
                format!("issue `{issue}`: evaluator type \"{ftype}\" is not supported"),
                "zopa imports linear (and, for real issues, constant) evaluators; its value functions on ranges are linear",
            ));
        }
    };
    let line = Line {
        offset,
        slope,
        origin,
    };
    let raw = |x: f64| offset + slope * (x - origin);
    let (raw_lo, raw_hi) = (raw(lo), raw(hi));
    let (at_lo, at_hi) = (line.at(lo), line.at(hi));
    let clamped = raw_lo.min(raw_hi) < -1e-12 || raw_lo.max(raw_hi) > 1.0 + 1e-12;
    // An integer issue imported option by option is evaluated at each point,
    // clamped as GENIUS clamps: exact, nothing to warn about.
    if clamped && !enumerated {
        warnings.push(xml.warning(
            xml.at(evaluator),
            format!(
                "issue `{issue}`: the evaluator leaves [0, 1] inside the range ({raw_lo} at {lo}, {raw_hi} at {hi}); GENIUS clamps it there, zopa takes the straight line from {at_lo} to {at_hi}"
            ),
        ));
    }
    let x = if origin == 0.0 {
        "x".to_string()
    } else {
        format!("(x - {origin})")
    };
    let sign = if slope < 0.0 { '-' } else { '+' };
    let formula = format!("{offset} {sign} {}·{x}", slope.abs());
    Ok(Evaluation::Linear {
        at_lo,
        at_hi,
        line,
        clamped,
        formula,
    })
}

/// Where the profile's root element starts (for messages about the whole profile).
pub(super) fn root_at(xml: &Xml) -> Location {
    xml.at(xml.doc.root_element())
}

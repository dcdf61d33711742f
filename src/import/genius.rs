//! `zopa import genius`: GENIUS XML (the automated-negotiation competitions,
//! ANAC) to a zopa scenario.
//!
//! # How GENIUS preferences map onto zopa
//!
//! GENIUS utility is additive: `U(x) = Σ_i w_i · v_i(x_i)`. zopa's is too, with
//! saliences normalised to sum to 1, so:
//!
//! - **Discrete issues** become discrete issues with the domain's options (in
//!   domain order); each party's evaluations are divided by the issue's largest,
//!   as GENIUS does, and written as `values`. Weights become saliences.
//! - **Integer issues** with at most [`MAX_INTEGER_OPTIONS`] values become
//!   discrete issues, one option per integer, each party valuing option `x` as
//!   GENIUS does, `clamp(offset + slope·(x − lowerbound))`, with salience `w`:
//!   exact, and nothing moves into the reservation.
//! - **Real ranges and wider integer ranges** become continuous issues on
//!   `[lo, hi]` (a wide integer issue is not rounded: a solution may fall
//!   between integers, and the header says so). A linear
//!   evaluator runs from `v(lo)` to `v(hi)`; zopa's linear value function runs
//!   from 0 to 1 towards the ideal end, so it is written as an ideal at the better
//!   end with salience `w·|v(hi) − v(lo)|`, and the constant `w·min(v(lo), v(hi))`
//!   is carried by the reservation (below). Issues with one option or an empty
//!   range are left out; their constant value is carried the same way.
//! - **Reservation.** With `C` the sum of those constants and `K` the sum of the
//!   saliences, `U = C + K·U_zopa` exactly, so the reservation value `r` becomes
//!   `(r − C)/K`. For profiles without ranges and with weights summing to 1 this
//!   is `r` itself. A positive affine map changes neither the Nash nor the
//!   Kalai–Smorodinsky point, so `zopa solve` gives GENIUS's. (If `r < C`, the
//!   written reservation is clamped to 0 with a warning, and the two points may
//!   then differ from GENIUS's, whose disagreement point lies below every deal.)
//!   The written file's header claims that the points equal GENIUS's only when
//!   nothing of the kind happened; otherwise it lists why they may differ.
//! - **Discount factor.** GENIUS discounts `U·d^t` over normalised time
//!   `t ∈ [0, 1]`. zopa's `patience` is a discount factor per round of
//!   alternating offers, whose time-dependent agents already measure relative time
//!   as `τ = (round − 1)/(max_rounds − 1)`; so `patience = d^(1/(T − 1))` with
//!   `T` = 100, the default deadline: from the first round to the last, talks lose
//!   a factor `d` in all, as a GENIUS session does from `t = 0` to `t = 1`. Nash
//!   and KS ignore patience. GENIUS (since 2011) also discounts the reservation
//!   value; zopa does not.
//! - Every party gets power 1 (symmetric Nash) and a veto (GENIUS sessions need
//!   every party's consent); the model is Nash. Ids come from file and issue
//!   names (the `ids` module); options keep their names.

use super::genius_profile::{self, Evaluation, Profile};
use super::genius_xml::{Xml, bounds, children, issue_type, unique_names};
use super::ids::{Ids, without_common_prefix};
use super::write::*;
use super::{ImportError, Imported, Warning, finish};
use crate::model::AlternatingOffers;
use crate::scenario::Location;
use std::path::Path;

pub use super::genius_xml::Source;

type Result<T> = std::result::Result<T, ImportError>;

/// One issue of the domain.
#[derive(Clone, Debug)]
pub(super) struct DomainIssue {
    pub name: String,
    pub at: Location,
    pub kind: DomainKind,
}

/// Named options, or a range.
#[derive(Clone, Debug)]
pub(super) enum DomainKind {
    Discrete(Vec<String>),
    Range { lo: f64, hi: f64, integer: bool },
}

/// Integer issues with at most this many values are imported option by option.
pub const MAX_INTEGER_OPTIONS: usize = 101;

impl DomainIssue {
    /// The values of an integer issue imported as discrete options: every
    /// integer from its lower to its upper bound, if there are two to
    /// [`MAX_INTEGER_OPTIONS`] of them.
    pub(super) fn integer_points(&self) -> Option<Vec<f64>> {
        let DomainKind::Range { lo, hi, integer } = self.kind else {
            return None;
        };
        let whole = lo.fract() == 0.0 && hi.fract() == 0.0 && lo.abs() < 1e15 && hi.abs() < 1e15;
        let count = hi - lo + 1.0;
        (integer && whole && count >= 2.0 && count <= MAX_INTEGER_OPTIONS as f64)
            .then(|| (0..count as usize).map(|k| lo + k as f64).collect())
    }

    /// An issue whose outcome is fixed (one option, or an empty range).
    fn is_fixed(&self) -> bool {
        match &self.kind {
            DomainKind::Discrete(options) => options.len() < 2,
            DomainKind::Range { lo, hi, .. } => lo >= hi,
        }
    }
}

/// Imports a domain and one profile per party.
pub fn import(domain: &Source, profiles: &[Source]) -> Result<Imported> {
    let mut warnings = Vec::new();
    let domain_xml = Xml::parse(domain)?;
    let issues = read_domain(&domain_xml, &mut warnings)?;
    if profiles.len() < 2 {
        return Err(domain_xml.error(
            Location { line: 1, col: 1 },
            format!(
                "a negotiation needs at least two parties, and {} profile(s) were given",
                profiles.len()
            ),
            "name one profile file per party after the domain file",
        ));
    }
    let mut parties = Vec::with_capacity(profiles.len());
    for source in profiles {
        let xml = Xml::parse(source)?;
        let profile = genius_profile::read(&xml, &issues, &mut warnings)?;
        parties.push((xml, profile));
    }
    let stems: Vec<String> = profiles.iter().map(|p| stem(p.name)).collect();
    let names = without_common_prefix(&stems);
    let mut draft = header(domain, profiles, &names);
    let mut issue_ids = Ids::default();
    let kept: Vec<(usize, String)> = issues
        .iter()
        .enumerate()
        .filter(|(_, issue)| !issue.is_fixed())
        .map(|(index, issue)| (index, issue_ids.unique(&issue.name, "issue")))
        .collect();
    for (index, id) in &kept {
        draft.issues.push(draft_issue(&issues[*index], id));
    }
    let mut actor_ids = Ids::default();
    let mut inexact = Vec::new();
    for (((xml, profile), name), source) in parties.iter().zip(&names).zip(profiles) {
        let id = actor_ids.unique(name, "party");
        let actor = draft_actor(
            xml,
            profile,
            &issues,
            &kept,
            (id, name),
            (source.name, &mut inexact),
            &mut warnings,
        )?;
        draft.actors.push(actor);
    }
    for (index, _) in &kept {
        let issue = &issues[*index];
        if matches!(issue.kind, DomainKind::Range { integer: true, .. })
            && issue.integer_points().is_none()
        {
            inexact.push(format!(
                "integer issue `{}` is continuous here (a solution may fall between integers)",
                issue.name
            ));
        }
    }
    draft.header.extend(claim(&inexact));
    finish(&draft, warnings)
}

fn read_domain(xml: &Xml, warnings: &mut Vec<Warning>) -> Result<Vec<DomainIssue>> {
    let space = xml.utility_space("domain")?;
    let (_, nodes) = xml.issues(space)?;
    let mut named = Vec::with_capacity(nodes.len());
    for &node in &nodes {
        let name = xml.attr(node, "name", "give the issue a name: name=\"..\"")?;
        named.push((node, name.to_string()));
    }
    unique_names(xml, &named, "issue")?;
    let mut issues = Vec::with_capacity(named.len());
    for (node, name) in named {
        let items: Vec<_> = children(node, "item").collect();
        let kind = match issue_type(node) {
            Some("discrete") => None,
            None if !items.is_empty() => None,
            Some("integer") => Some(true),
            Some("real") => Some(false),
            other => {
                return Err(xml.error(
                    xml.at(node),
                    format!("issue `{name}` has type {:?}; expected discrete, integer or real", other.unwrap_or("(none)")),
                    "write type=\"discrete\" (with <item value=..> children), type=\"integer\" or type=\"real\"",
                ));
            }
        };
        let kind = match kind {
            None => {
                let mut options = Vec::with_capacity(items.len());
                for &item in &items {
                    let value = xml.attr(item, "value", "name each item: value=\"..\"")?;
                    if value.trim().is_empty() {
                        return Err(xml.error(
                            xml.attr_at(item, "value"),
                            format!("an item of issue `{name}` has an empty value"),
                            "give every item a name",
                        ));
                    }
                    options.push((item, value.to_string()));
                }
                unique_names(xml, &options, "item")?;
                if options.is_empty() {
                    return Err(xml.error(
                        xml.at(node),
                        format!("discrete issue `{name}` has no <item>"),
                        "list its values as <item index=\"1\" value=\"..\"/>",
                    ));
                }
                DomainKind::Discrete(options.into_iter().map(|(_, value)| value).collect())
            }
            Some(integer) => {
                let (lo, hi) = bounds(xml, node)?;
                if lo > hi {
                    return Err(xml.error(
                        xml.at(node),
                        format!("issue `{name}` has lowerbound {lo} above upperbound {hi}"),
                        "swap them",
                    ));
                }
                DomainKind::Range { lo, hi, integer }
            }
        };
        let issue = DomainIssue {
            name,
            at: xml.at(node),
            kind,
        };
        if issue.is_fixed() {
            warnings.push(xml.warning(issue.at, format!("issue `{}` has only one possible value, so it is left out (its constant utility is kept in the reservation values)", issue.name)));
        }
        issues.push(issue);
    }
    if issues.iter().all(DomainIssue::is_fixed) {
        return Err(xml.error(
            xml.at(xml.doc.root_element()),
            "no issue has two or more possible values: there is nothing to negotiate",
            "give an issue at least two items, or a range with lowerbound < upperbound",
        ));
    }
    Ok(issues)
}

fn stem(file: &str) -> String {
    Path::new(file)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(file)
        .to_string()
}

fn header(domain: &Source, profiles: &[Source], names: &[String]) -> Draft {
    let files: Vec<String> = profiles.iter().map(|p| file_name(p.name)).collect();
    let mut lines = vec![
        format!("Imported by `zopa import genius` from the GENIUS domain {}", file_name(domain.name)),
        format!("and the profiles {}.", files.join(", ")),
        String::new(),
        "How GENIUS numbers were mapped (see docs/import.md):".to_string(),
        "- discrete evaluations are divided by the issue's largest (as GENIUS does) and written as values;".to_string(),
        "  weights are the saliences (zopa normalises them to sum to 1);".to_string(),
        "- a linear evaluator on a range is an ideal at its better end with salience weight x |v(hi) - v(lo)|;".to_string(),
        "  its constant part, and any issue with a single value, is moved into the reservation:".to_string(),
        "  reservation = (r - C)/K, C = constant utility, K = sum of saliences, so U_genius = C + K * U_zopa;".to_string(),
        "- the discount factor d becomes patience = d^(1/99): over alternating offers' default deadline of".to_string(),
        "  100 rounds talks lose a factor d in all, as a GENIUS session does over t in [0, 1];".to_string(),
        "  with AlternatingOffers(max_rounds: T), use d^(1/(T-1)). Nash and KS ignore patience;".to_string(),
        "- an integer issue with at most 101 values becomes a discrete issue, one option per integer,".to_string(),
        "  valued clamp(offset + slope * (x - lowerbound)) as GENIUS evaluates it; a wider one is continuous;".to_string(),
        "- every party has power 1 and a veto.".to_string(),
    ];
    if names
        .iter()
        .zip(profiles)
        .any(|(name, p)| *name != stem(p.name))
    {
        lines.push(
            "Actor names are the profile file names without their common prefix.".to_string(),
        );
    }
    Draft {
        header: lines,
        name: domain_name(domain.name),
        description: format!(
            "GENIUS domain {} with profiles {}",
            file_name(domain.name),
            files.join(", ")
        ),
        model: "Nash".to_string(),
        model_comment: "or --model kalai-smorodinsky / alternating-offers".to_string(),
        trials: 1000,
        seed: 1,
        ..Draft::default()
    }
}

/// What the header may claim about Nash and KS points: equal to GENIUS's
/// only if nothing in `inexact` (each a reason they may differ) happened.
fn claim(inexact: &[String]) -> Vec<String> {
    if inexact.is_empty() {
        return vec![
            String::new(),
            "Nash and Kalai-Smorodinsky points equal GENIUS's.".to_string(),
        ];
    }
    let mut lines = vec![
        String::new(),
        "Nash and Kalai-Smorodinsky points may differ from GENIUS's, because:".to_string(),
    ];
    lines.extend(inexact.iter().map(|reason| format!("- {reason}")));
    lines
}

/// The domain file's stem without a trailing `domain` word: `Laptop-C-domain` → `Laptop-C`.
fn domain_name(file: &str) -> String {
    let stem = stem(file);
    let cut = stem.len().saturating_sub("domain".len());
    match (stem.get(..cut), stem.get(cut..)) {
        (Some(head), Some(tail)) if tail.eq_ignore_ascii_case("domain") => {
            let head = head.trim_end_matches(['-', '_', ' ', '.']);
            if head.is_empty() {
                stem.clone()
            } else {
                head.to_string()
            }
        }
        _ => stem,
    }
}

/// A number for comments: at most 10 decimals, no float noise.
fn short(value: f64) -> String {
    crate::format::decimals(value, 10)
}

fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .and_then(|s| s.to_str())
        .unwrap_or(path)
        .to_string()
}

fn draft_issue(issue: &DomainIssue, id: &str) -> DraftIssue {
    match &issue.kind {
        DomainKind::Discrete(options) => DraftIssue {
            id: id.to_string(),
            name: issue.name.clone(),
            comment: None,
            kind: DraftIssueKind::Discrete {
                options: options.clone(),
            },
        },
        DomainKind::Range { .. } if issue.integer_points().is_some() => DraftIssue {
            id: id.to_string(),
            name: issue.name.clone(),
            comment: Some("an integer issue in GENIUS: one option per integer".to_string()),
            kind: DraftIssueKind::Discrete {
                options: issue
                    .integer_points()
                    .unwrap_or_default()
                    .iter()
                    .map(|x| x.to_string())
                    .collect(),
            },
        },
        DomainKind::Range { lo, hi, integer } => DraftIssue {
            id: id.to_string(),
            name: issue.name.clone(),
            comment: integer.then(|| {
                "an integer issue in GENIUS with more than 101 values: zopa treats it as continuous (round the outcome)"
                    .to_string()
            }),
            kind: DraftIssueKind::Continuous {
                min: *lo,
                max: *hi,
                low: None,
                high: None,
            },
        },
    }
}

fn draft_actor(
    xml: &Xml,
    profile: &Profile,
    issues: &[DomainIssue],
    kept: &[(usize, String)],
    (id, name): (String, &String),
    (file, inexact): (&str, &mut Vec<String>),
    warnings: &mut Vec<Warning>,
) -> Result<DraftActor> {
    let mut constant = 0.0;
    // The salience of the issues on which the party prefers one outcome to another.
    let mut preferring = 0.0;
    let mut stances = Vec::with_capacity(kept.len());
    for (index, (issue, own)) in issues.iter().zip(&profile.issues).enumerate() {
        let weight = own.weight;
        let stance = match &own.evaluation {
            Evaluation::Discrete(evaluations) => {
                let best = evaluations.iter().copied().fold(0.0, f64::max);
                let values: Vec<f64> = evaluations.iter().map(|e| e / best).collect();
                if issue.is_fixed() {
                    constant += weight * values[0];
                    continue;
                }
                let DomainKind::Discrete(options) = &issue.kind else {
                    continue;
                };
                let shown: Vec<String> = evaluations.iter().map(f64::to_string).collect();
                if values.iter().any(|&v| v != values[0]) {
                    preferring += weight;
                }
                DraftStance {
                    salience_range: None,
                    preference: DraftPreference::Values(
                        options.iter().cloned().zip(values).collect(),
                    ),
                    salience: weight,
                    comment: Some(format!(
                        "weight {weight}; evaluations {} divided by {best}",
                        shown.join(", ")
                    )),
                }
            }
            Evaluation::Linear {
                at_lo,
                at_hi,
                line,
                clamped,
                formula,
            } => {
                let DomainKind::Range { lo, hi, .. } = issue.kind else {
                    continue;
                };
                if let Some(points) = issue.integer_points() {
                    // Option by option, valued as GENIUS evaluates each integer.
                    let values: Vec<f64> = points.iter().map(|&x| line.at(x)).collect();
                    if values.iter().any(|&v| v != values[0]) {
                        preferring += weight;
                    }
                    let stance = DraftStance {
                        salience_range: None,
                        preference: DraftPreference::Values(
                            points.iter().map(|x| x.to_string()).zip(values).collect(),
                        ),
                        salience: weight,
                        comment: Some(format!(
                            "weight {weight}; v(x) = {formula}, clamped to [0, 1], at each integer"
                        )),
                    };
                    stances.push((issue_id(kept, index), stance));
                    continue;
                }
                let base = at_lo.min(*at_hi);
                constant += weight * base;
                if issue.is_fixed() {
                    continue;
                }
                if *clamped {
                    inexact.push(format!(
                        "{}'s evaluator of `{}` leaves [0, 1] inside the range (zopa takes the straight line between the clamped ends)",
                        file_name(file),
                        issue.name
                    ));
                }
                let rise = (at_hi - at_lo).abs();
                if rise > 0.0 {
                    preferring += weight;
                }
                let ideal = if at_hi >= at_lo { hi } else { lo };
                DraftStance {
                    salience_range: None,
                    preference: DraftPreference::Position(ideal),
                    salience: weight * rise,
                    comment: Some(format!(
                        "weight {weight}; v(x) = {formula}: {} at {lo}, {} at {hi}; constant {} moved to the reservation",
                        short(*at_lo),
                        short(*at_hi),
                        short(base)
                    )),
                }
            }
        };
        stances.push((issue_id(kept, index), stance));
    }
    let spread: f64 = stances.iter().map(|(_, s)| s.salience).sum();
    let root = genius_profile::root_at(xml);
    if preferring <= 0.0 || spread <= 0.0 {
        return Err(xml.error(root, "the profile prefers nothing: every issue that can vary has weight 0 or a constant evaluation", "give some issue a positive weight and evaluations that differ"));
    }
    let mapped = (profile.reservation - constant) / spread;
    let reservation = mapped.clamp(0.0, 1.0);
    if mapped < -1e-12 {
        inexact.push(format!(
            "{}'s reservation value lies below the utility every deal gives it, and was raised to that level",
            file_name(file)
        ));
        warnings.push(xml.warning(root, format!("the reservation value {} lies below the constant utility {constant} every deal gives; it is raised to that level (reservation 0), so Nash and KS points may differ from GENIUS's", profile.reservation)));
    } else if mapped > 1.0 + 1e-12 {
        warnings.push(xml.warning(root, format!("the reservation value {} exceeds the best utility any deal gives ({}): this party never agrees", profile.reservation, constant + spread)));
    }
    let rounds = AlternatingOffers::default().max_rounds;
    let patience = profile.discount.powf(1.0 / f64::from(rounds - 1));
    let mut comments = vec![format!("from {}:", file_name(file))];
    let given = if profile.reservation_given {
        ""
    } else {
        " (none given: GENIUS's default)"
    };
    if (reservation - profile.reservation).abs() > 0.0 {
        comments.push(format!(
            "  reservation value {}{given} -> ({} - {}) / {} = {reservation}",
            profile.reservation,
            profile.reservation,
            short(constant),
            short(spread)
        ));
    } else {
        comments.push(format!(
            "  reservation value {}{given}",
            profile.reservation
        ));
    }
    comments.push(match profile.discount_written {
        Some(d) if d > 0.0 && d < 1.0 => format!(
            "  discount factor {d} -> patience {d}^(1/{}) = {patience}",
            rounds - 1
        ),
        Some(d) => format!("  discount factor {d}: no discount"),
        None => "  no discount factor: no discount".to_string(),
    });
    Ok(DraftActor {
        id,
        name: name.clone(),
        description: None,
        comments,
        power: 1.0,
        reservation,
        patience,
        veto: true,
        stances,
    })
}

/// The id of domain issue `index` among the `kept` ones.
fn issue_id(kept: &[(usize, String)], index: usize) -> String {
    kept.iter()
        .find(|(k, _)| *k == index)
        .map(|(_, id)| id.clone())
        .unwrap_or_default()
}

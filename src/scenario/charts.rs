//! The scenario's chart settings: which issue pairs get an outcome-zone chart
//! and which two actors the utility chart plots, checked and with defaults.
//!
//! Defaults are chosen here, once, so every chart and report agrees on them:
//! the pair is the two continuous issues the actors care most about (saliences
//! normalised per actor, then summed), and the utility chart shows the two most
//! powerful veto actors (or the most powerful actors, if only one has a veto).

use super::schema::RawCharts;
use super::text::{quoted, shown};
use super::types::{Actor, Charts, Issue, IssueKind};
use super::validate::{Checker, MAX_ZONE_PAIRS};

/// Resolves `charts: (..)` against the scenario's issues and actors.
pub(super) fn resolve(
    check: &mut Checker,
    raw: Option<&RawCharts>,
    issues: &[Issue],
    actors: &[Actor],
) -> Charts {
    let raw_pairs = raw.and_then(|charts| charts.pairs.as_ref());
    if let Some(pairs) = raw_pairs.filter(|pairs| pairs.len() > MAX_ZONE_PAIRS) {
        check.error(
            "charts.pairs",
            format!(
                "{} zone pairs is more than the {MAX_ZONE_PAIRS} a scenario may name",
                pairs.len()
            ),
            "name the pairs worth a chart; summary.json keeps at most that many grids",
        );
    }
    let pairs = match raw_pairs {
        Some(pairs) => pairs
            .iter()
            .enumerate()
            .filter_map(|(index, (x, y))| {
                let path = format!("charts.pairs[{index}]");
                let x = continuous_issue(check, &format!("{path}[0]"), x, issues)?;
                let y = continuous_issue(check, &format!("{path}[1]"), y, issues)?;
                if x == y {
                    check.error(
                        &path,
                        format!(
                            "a zone chart needs two different issues, found {} twice",
                            quoted(&issues[x].id)
                        ),
                        "name two continuous issues, e.g. (\"territory\", \"sanctions\")",
                    );
                    return None;
                }
                Some((x, y))
            })
            .collect(),
        None => default_pair(issues, actors).into_iter().collect(),
    };
    let utilities = match raw.and_then(|charts| charts.utilities.as_ref()) {
        Some((a, b)) => {
            let a = actor(check, "charts.utilities[0]", a, actors);
            let b = actor(check, "charts.utilities[1]", b, actors);
            if let (Some(a), Some(b)) = (a, b) {
                if a == b {
                    check.error(
                        "charts.utilities",
                        format!(
                            "the utility chart needs two different actors, found {} twice",
                            quoted(&actors[a].id)
                        ),
                        "name two actors, e.g. (\"ukraine\", \"russia\")",
                    );
                }
                (a, b)
            } else {
                (0, 1)
            }
        }
        None => default_utility_actors(actors),
    };
    Charts { pairs, utilities }
}

fn continuous_issue(check: &mut Checker, path: &str, id: &str, issues: &[Issue]) -> Option<usize> {
    let Some(index) = issues.iter().position(|issue| issue.id == id) else {
        check.unknown(
            path,
            format!("charts: unknown issue {}", quoted(id)),
            id,
            issues.iter().map(|issue| issue.id.as_str()),
        );
        return None;
    };
    if issues[index].is_discrete() {
        let continuous: Vec<&str> = issues
            .iter()
            .filter(|issue| !issue.is_discrete())
            .map(|issue| issue.id.as_str())
            .collect();
        check.error(
            path,
            format!(
                "charts: {} has named options; zone charts need two continuous issues",
                quoted(id)
            ),
            if continuous.is_empty() {
                "this scenario has no continuous issues; remove `pairs`".to_string()
            } else {
                format!("continuous issues: {}", shown_list(&continuous))
            },
        );
        return None;
    }
    Some(index)
}

fn actor(check: &mut Checker, path: &str, id: &str, actors: &[Actor]) -> Option<usize> {
    let index = actors.iter().position(|actor| actor.id == id);
    if index.is_none() {
        check.unknown(
            path,
            format!("charts: unknown actor {}", quoted(id)),
            id,
            actors.iter().map(|actor| actor.id.as_str()),
        );
    }
    index
}

/// The two continuous issues with the largest summed (per-actor normalised) salience.
fn default_pair(issues: &[Issue], actors: &[Actor]) -> Option<(usize, usize)> {
    let mut weight = vec![0.0; issues.len()];
    for actor in actors {
        let total: f64 = actor.stances.iter().map(|s| s.salience.nominal()).sum();
        if total > 0.0 {
            for (w, stance) in weight.iter_mut().zip(&actor.stances) {
                *w += stance.salience.nominal() / total;
            }
        }
    }
    let mut continuous: Vec<usize> = (0..issues.len())
        .filter(|&d| matches!(issues[d].kind, IssueKind::Continuous { .. }))
        .collect();
    // Most salient first; ties keep file order.
    continuous.sort_by(|&a, &b| weight[b].total_cmp(&weight[a]).then(a.cmp(&b)));
    match continuous[..] {
        [first, second, ..] => Some((first.min(second), first.max(second))),
        _ => None,
    }
}

/// The two most powerful veto actors, topped up with the most powerful others.
fn default_utility_actors(actors: &[Actor]) -> (usize, usize) {
    let mut order: Vec<usize> = (0..actors.len()).collect();
    order.sort_by(|&a, &b| {
        actors[b]
            .veto
            .cmp(&actors[a].veto)
            .then(
                actors[b]
                    .power
                    .nominal()
                    .total_cmp(&actors[a].power.nominal()),
            )
            .then(a.cmp(&b))
    });
    match order[..] {
        [first, second, ..] => (first.min(second), first.max(second)),
        _ => (0, 0),
    }
}

/// Ids for a help line: the first dozen, shown safely.
fn shown_list(ids: &[&str]) -> String {
    let mut list: Vec<String> = ids.iter().take(12).map(|id| shown(id)).collect();
    if ids.len() > 12 {
        list.push("…".to_string());
    }
    list.join(", ")
}

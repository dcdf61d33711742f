//! The sizes a run writes: a summary read from a file is refused before it
//! is drawn when it holds more issues, options, proposals or frontier points
//! than a scenario zopa runs can give, ids longer than it allows, or names
//! and descriptions that `zopa check` would not pass. Charts, tables and the report grow with these, so a
//! file zopa could not have written must not set their cost: a crafted
//! `summary.json` whose issue and scenario names were 30 million characters
//! long took 29 s and 1.4 GB to draw.

use super::field::{Checked, Field};
use super::file::{IssueSummary, Summary};
use crate::model::FRONTIER_POINTS;
use crate::scenario::text::{MAX_ID_CHARS, TextKind, text_problem};
use crate::scenario::validate::{MAX_ISSUES, MAX_OPTIONS, MAX_PROPOSALS};

impl Summary {
    /// Checks the summary's counts and texts against what a run writes.
    pub(super) fn check_size(&self, at: &Field) -> Checked {
        name(&at.key("scenario"), &self.scenario)?;
        if let Some(description) = &self.description {
            text(&at.key("description"), description, TextKind::Description)?;
        }
        at_most(&at.key("issues"), self.issues.len(), MAX_ISSUES, "issues")?;
        for (id, issue) in &self.issues {
            check_issue(&at.key("issues").key(id), id, issue)?;
        }
        for (id, actor) in &self.actors {
            let field = at.key("actors").key(id);
            identifier(&field, id)?;
            name(&field.key("name"), &actor.name)?;
        }
        let proposals = at.key("proposals");
        at_most(&proposals, self.proposals.len(), MAX_PROPOSALS, "proposals")?;
        for (title, proposal) in &self.proposals {
            let field = proposals.key(title);
            name(&field, title)?;
            if let Some(description) = &proposal.description {
                text(
                    &field.key("description"),
                    description,
                    TextKind::Description,
                )?;
            }
        }
        if let Some(utilities) = &self.utilities {
            let frontier = at.key("utilities").key("frontier");
            at_most(
                &frontier,
                utilities.frontier.len(),
                FRONTIER_POINTS,
                "points",
            )?;
        }
        Ok(())
    }
}

fn check_issue(field: &Field, id: &str, issue: &IssueSummary) -> Checked {
    identifier(field, id)?;
    name(&field.key("name"), &issue.name)?;
    for (key, value) in [
        ("unit", &issue.unit),
        ("low", &issue.low),
        ("high", &issue.high),
    ] {
        if let Some(value) = value {
            name(&field.key(key), value)?;
        }
    }
    if let Some(options) = &issue.options {
        let field = field.key("options");
        at_most(&field, options.len(), MAX_OPTIONS, "options")?;
        for (k, option) in options.iter().enumerate() {
            name(&field.index(k), option)?;
        }
    }
    Ok(())
}

/// At most `most` of `what`.
fn at_most(field: &Field, count: usize, most: usize, what: &str) -> Checked {
    if count > most {
        return Err(field.wrong(format!(
            "holds {count} {what}, more than the {most} a run writes"
        )));
    }
    Ok(())
}

/// An issue's or actor's id of at most [`MAX_ID_CHARS`] characters. What
/// they hold is not checked: chart files take a file-safe form of ids
/// whatever a summary carries (`report::charts::registry::pair_stem`).
fn identifier(field: &Field, id: &str) -> Checked {
    let length = id.chars().take(MAX_ID_CHARS + 1).count();
    if length > MAX_ID_CHARS {
        return Err(field.wrong(format!(
            "is not an id a run writes: ids hold at most {MAX_ID_CHARS} characters"
        )));
    }
    Ok(())
}

/// A name, as `zopa check` allows them.
fn name(field: &Field, value: &str) -> Checked {
    text(field, value, TextKind::Name)
}

fn text(field: &Field, value: &str, kind: TextKind) -> Checked {
    match text_problem(value, kind, "the text") {
        Some((problem, _)) => Err(field.wrong(format!("is not text a run writes: {problem}"))),
        None => Ok(()),
    }
}

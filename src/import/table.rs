//! `zopa import table`: the actor tables of political-science forecasting tools
//! (the input of Bueno de Mesquita's expected utility model) to a scenario.
//!
//! The format, one CSV line each:
//!
//! ```text
//! Scenario name,Description[,anything else, e.g. actor and issue counts]
//! Actor,Description,Power,<Issue> Position,<Issue> Salience,...
//! Germany,Federal Republic,16,0,80,...
//! ```
//!
//! Positions and saliences are on 0–100; `Capability` is accepted for `Power`.
//! Each issue becomes a continuous issue on [0, 100]. Saliences are divided by
//! 100, so the expected-utility model reads them as probabilities whatever the
//! scale of the other actors'. An empty position and salience pair means the actor takes no
//! position: it gets salience 0 there, and its position (which zopa requires)
//! is set to the capability × salience weighted mean of the positions taken, so
//! it widens no issue's spread and pulls no weighted mean. An actor with no position at all, or only
//! zero saliences, cannot prefer anything: it is left out with a warning.
//!
//! What tables lack gets these defaults (written into the file's comments):
//! reservation 0 (any agreement beats none), a veto for everyone (Nash and KS
//! then ask for unanimity; the expected-utility and compromise models ignore
//! vetoes), patience 1, and the model `ExpectedUtility(rounds: 10)`, since that is
//! what such tables are made for.

use super::ids::Ids;
use super::table_cells::{Cells, Row};
use super::write::*;
use super::{ImportError, Imported, Warning, diagnostic, finish};
use crate::model::ExpectedUtility;
use crate::scenario::text::{Num, TextKind, cleaned, quoted, text_problem};
use crate::scenario::validate::{MAX_ISSUES, MAX_WEIGHT};
use std::collections::HashMap;

type Result<T> = std::result::Result<T, ImportError>;

/// One actor row, read.
struct ActorRow {
    row: Row,
    name: String,
    description: String,
    power: f64,
    /// Per issue: (position, salience on 0–100), or None for no position.
    stances: Vec<Option<(f64, f64)>>,
}

/// Where the actors' capabilities (powers) come from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Capabilities {
    /// The table's `Power` column.
    #[default]
    Table,
    /// The EU's voting rules, for DEU tables (see [`super::eu_council`]).
    EuCouncil,
}

/// How to read a table beyond its cells.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TableOptions {
    pub capabilities: Capabilities,
    /// Measurement error of the positions, in points of the 0–100 scale: each
    /// position `p` becomes `Triangular(min: p − e, mode: p, max: p + e)`, cut
    /// to the scale. 0: positions as written.
    pub position_error: f64,
    /// The same for saliences (before they are divided by 100).
    pub salience_error: f64,
}

/// The fewest bytes one imported actor takes in the written scenario.
const MIN_ACTOR_BYTES: usize = 100;

/// Imports an actor table; `file` names it in messages.
pub fn import(file: &str, text: &str) -> Result<Imported> {
    import_with(file, text, TableOptions::default())
}

/// Imports an actor table read as `options` say.
pub fn import_with(file: &str, text: &str, options: TableOptions) -> Result<Imported> {
    let capabilities = options.capabilities;
    for (error, what) in [
        (options.position_error, "position"),
        (options.salience_error, "salience"),
    ] {
        if !(0.0..=100.0).contains(&error) {
            return Err(ImportError::at(
                file,
                crate::scenario::Location { line: 1, col: 1 },
                format!(
                    "the {what} error must lie between 0 and 100 points, found {}",
                    Num(error)
                ),
                "give it in points of the table's 0-100 scale, e.g. 10",
            ));
        }
    }
    let cells = Cells::read(file, text)?;
    let Some(title) = cells.rows.first() else {
        return Err(ImportError::at(
            file,
            cells.end(),
            "the file is empty",
            "the first line gives the scenario's name and description, the second the column headers, then one line per actor",
        ));
    };
    let name = cell_text(&cells, title, 0, TextKind::Name, "the scenario's name")?;
    if name.is_empty() {
        return Err(cells.error(
            title,
            0,
            "the first line must start with the scenario's name",
            "write e.g. `EU budget,Member states' positions` on the first line",
        ));
    }
    let description = cell_text(
        &cells,
        title,
        1,
        TextKind::Description,
        "the scenario's description",
    )?;
    let Some(header) = cells.rows.get(1) else {
        return Err(ImportError::at(
            file,
            cells.end(),
            "the header line is missing",
            "the second line names the columns: Actor,Description,Power,<Issue> Position,<Issue> Salience,...",
        ));
    };
    let issues = read_header(&cells, header)?;
    let mut actors: Vec<ActorRow> = Vec::new();
    let mut lines: HashMap<String, usize> = HashMap::new();
    for row in &cells.rows[2..] {
        let actor = read_actor(&cells, row, &issues, header.len())?;
        if let Some(earlier) = lines.insert(actor.name.clone(), row.line) {
            return Err(cells.error(
                row,
                0,
                format!(
                    "actor {} appears twice (also on line {earlier})",
                    quoted(&actor.name)
                ),
                "give each actor one line",
            ));
        }
        actors.push(actor);
    }
    let mut warnings = Vec::new();
    actors.retain(|actor| {
        let cares = actor.stances.iter().flatten().any(|&(_, salience)| salience > 0.0);
        if !cares {
            let at = cells.at(&actor.row, 0);
            warnings.push(Warning { file: file.to_string(), at, message: format!("actor {} (line {}) takes no position, or only with salience 0: left out, since it cannot prefer anything", quoted(&actor.name), actor.row.line) });
        }
        cares
    });
    // Each actor is written as at least its `Actor(..)` frame (id, name,
    // power, reservation, veto, stances): over 100 bytes. A table with more
    // actors than the scenario file limit holds at that is refused here,
    // before the scenario is laid out and written: 1.19 million one-issue
    // rows (16.7 MB) took 2.16 GB to find out the text would be too large.
    if actors.len() * MIN_ACTOR_BYTES > crate::scenario::MAX_FILE_BYTES {
        return Err(cells.error(
            header,
            0,
            format!(
                "{} actors would make a scenario larger than the {} bytes zopa reads from a \
                 scenario file (each takes over {MIN_ACTOR_BYTES} bytes); nothing was written",
                actors.len(),
                crate::scenario::MAX_FILE_BYTES
            ),
            "import a table with fewer rows",
        ));
    }
    if actors.len() < 2 {
        return Err(cells.error(header, 0, format!("{} actor(s) with a position and a positive salience; a negotiation needs at least two", actors.len()), "fill in positions and saliences for at least two actors"));
    }
    if actors.iter().all(|actor| actor.power <= 0.0) {
        return Err(cells.error(
            header,
            2,
            "every actor has power 0, so no actor pulls the outcome",
            "give at least one actor power > 0",
        ));
    }
    let mut notes: Vec<Option<String>> = vec![None; actors.len()];
    if capabilities == Capabilities::EuCouncil {
        let Some(rule) = super::eu_council::Rule::from_description(&description) else {
            return Err(cells.error(
                title,
                1,
                "--capabilities eu-council needs the Council's voting rule, and the first line names none",
                "end the description with the procedure and rule, e.g. `(COD, QMV)` or `(CNS, Unan)`",
            ));
        };
        let ids: Vec<String> = actors
            .iter()
            .map(|a| a.name.trim().to_ascii_lowercase())
            .collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let powers = super::eu_council::capabilities(&ids, rule).map_err(|problem| {
            let row = ids
                .iter()
                .position(|id| super::eu_council::capabilities(&[id], rule).is_err())
                .map_or(title, |k| &actors[k].row);
            cells.error(row, 0, problem, "name member states by DEU's two-letter codes (de, fr, uk, el, ...), the Commission `com` and the Parliament `ep`")
        })?;
        let how = if rule.unanimity {
            "an equal share of the Council (unanimity)"
        } else {
            "Shapley-Shubik index in the Council (qualified majority)"
        };
        for (k, (actor, power)) in actors.iter_mut().zip(powers).enumerate() {
            actor.power = power;
            notes[k] = Some(match ids[k] {
                "com" | "ep" => format!(
                    "capability {power} for the {} (procedure-dependent weight, tuned on DEU EU-15)",
                    if ids[k] == "com" {
                        "Commission"
                    } else {
                        "Parliament"
                    }
                ),
                _ => format!("capability {power:.4}: {how}"),
            });
        }
        if actors.iter().all(|actor| actor.power <= 0.0) {
            return Err(cells.error(
                header,
                2,
                "under this rule every actor has capability 0",
                "check the actors' codes",
            ));
        }
    }
    let mut draft = header_draft(file, &name, &description, title.len());
    let mut issue_ids = Ids::default();
    let mut fill = Vec::with_capacity(issues.len());
    for (k, issue) in issues.iter().enumerate() {
        let taken: Vec<(f64, f64)> = actors
            .iter()
            .filter_map(|a| a.stances[k].map(|(p, s)| (p, a.power * s)))
            .collect();
        if taken.is_empty() {
            return Err(cells.error(
                header,
                3 + 2 * k,
                format!("no actor takes a position on {}", quoted(issue)),
                "fill in positions, or remove the issue's two columns",
            ));
        }
        let weight: f64 = taken.iter().map(|(_, w)| w).sum();
        fill.push(if weight > 0.0 {
            taken.iter().map(|(p, w)| p * w).sum::<f64>() / weight
        } else {
            taken.iter().map(|(p, _)| p).sum::<f64>() / taken.len() as f64
        });
        draft.issues.push(DraftIssue {
            id: issue_ids.unique(issue, "issue"),
            name: issue.clone(),
            comment: None,
            kind: DraftIssueKind::Continuous {
                min: 0.0,
                max: 100.0,
                low: None,
                high: None,
            },
        });
    }
    let mut actor_ids = Ids::default();
    for (actor, note) in actors.iter().zip(&notes) {
        let stances = actor.stances.iter().zip(&draft.issues).zip(&fill).map(|((stance, issue), &mean)| {
            let stance = match stance {
                Some((position, salience)) => {
                    let (e, f) = (options.position_error, options.salience_error);
                    DraftStance {
                        preference: if e > 0.0 {
                            DraftPreference::UncertainPosition { min: (position - e).max(0.0), mode: *position, max: (position + e).min(100.0) }
                        } else {
                            DraftPreference::Position(*position)
                        },
                        salience: salience / 100.0,
                        salience_range: (f > 0.0).then(|| ((salience - f).max(0.0) / 100.0, (salience + f).min(100.0) / 100.0)),
                        comment: None,
                    }
                }
                None => DraftStance { salience_range: None, preference: DraftPreference::Position(mean), salience: 0.0, comment: Some("no position in the table: salience 0, at the weighted mean of the positions taken".to_string()) },
            };
            (issue.id.clone(), stance)
        }).collect();
        draft.actors.push(DraftActor {
            id: actor_ids.unique(&actor.name, "actor"),
            name: actor.name.clone(),
            description: (!actor.description.is_empty()).then(|| actor.description.clone()),
            comments: std::iter::once(format!("line {} of the table", actor.row.line))
                .chain(note.clone())
                .collect(),
            power: actor.power,
            reservation: 0.0,
            patience: 1.0,
            veto: true,
            stances,
        });
    }
    finish(&draft, warnings)
}

/// The issue names from `<Issue> Position,<Issue> Salience` column pairs.
fn read_header(cells: &Cells, header: &Row) -> Result<Vec<String>> {
    let pattern = "the header is Actor,Description,Power, then `<Issue> Position,<Issue> Salience` for each issue";
    for (column, expected) in [
        (0, &["actor"][..]),
        (1, &["description"]),
        (2, &["power", "capability"]),
    ] {
        let found = header.text(column).trim();
        if !expected.iter().any(|e| found.eq_ignore_ascii_case(e)) {
            let want = if column == 2 {
                "`Power` (or `Capability`)".to_string()
            } else {
                format!("`{}{}`", expected[0][..1].to_uppercase(), &expected[0][1..])
            };
            return Err(cells.error(
                header,
                column,
                format!(
                    "column {} of the header should be {want}, found `{found}`",
                    column + 1
                ),
                pattern,
            ));
        }
    }
    let columns = header.len();
    if columns < 5 {
        return Err(cells.error(
            header,
            columns,
            format!("the header has {columns} columns and names no issue"),
            pattern,
        ));
    }
    if !(columns - 3).is_multiple_of(2) {
        return Err(cells.error(
            header,
            columns - 1,
            format!(
                "issue column `{}` has no partner: positions and saliences come in pairs",
                header.text(columns - 1).trim()
            ),
            pattern,
        ));
    }
    let count = (columns - 3) / 2;
    if count > MAX_ISSUES {
        return Err(cells.error(
            header,
            3 + 2 * MAX_ISSUES,
            format!("the header names {count} issues; a scenario may have at most {MAX_ISSUES}"),
            "merge minor issues, or split the table into several scenarios",
        ));
    }
    let mut issues: Vec<String> = Vec::new();
    for k in 0..count {
        let (position, salience) = (header.text(3 + 2 * k).trim(), header.text(4 + 2 * k).trim());
        let Some(issue) = strip_suffix(position, " position") else {
            return Err(cells.error(
                header,
                3 + 2 * k,
                format!("expected `<Issue> Position`, found `{position}`"),
                pattern,
            ));
        };
        match strip_suffix(salience, " salience") {
            Some(other) if other.eq_ignore_ascii_case(issue) => {}
            _ => {
                return Err(cells.error(
                    header,
                    4 + 2 * k,
                    format!("expected `{issue} Salience` after `{position}`, found `{salience}`"),
                    pattern,
                ));
            }
        }
        if issues
            .iter()
            .any(|known: &String| known.eq_ignore_ascii_case(issue))
        {
            return Err(cells.error(
                header,
                3 + 2 * k,
                format!("issue `{issue}` has two pairs of columns"),
                "give each issue one Position and one Salience column",
            ));
        }
        let issue = cleaned(issue, TextKind::Name);
        if let Some((message, help)) = text_problem(&issue, TextKind::Name, "an issue's name") {
            return Err(cells.error(header, 3 + 2 * k, message, &help));
        }
        issues.push(issue);
    }
    Ok(issues)
}

/// `text` without a case-insensitive `suffix`, if what is left is not empty.
fn strip_suffix<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = text.len().checked_sub(suffix.len())?;
    let (head, tail) = (text.get(..cut)?, text.get(cut..)?);
    (tail.eq_ignore_ascii_case(suffix) && !head.trim().is_empty()).then(|| head.trim())
}

fn read_actor(cells: &Cells, row: &Row, issues: &[String], columns: usize) -> Result<ActorRow> {
    if row.len() < columns {
        return Err(cells.error(
            row,
            row.len(),
            format!(
                "line {} has {} cells; the header has {columns}",
                row.line,
                row.len()
            ),
            "give every actor a cell per column (an empty cell for no position: `,,`)",
        ));
    }
    if let Some(extra) = (columns..row.len()).find(|&c| !row.text(c).trim().is_empty()) {
        return Err(cells.error(
            row,
            extra,
            format!(
                "line {} has {} cells; the header has {columns}",
                row.line,
                row.len()
            ),
            "remove the extra cells, or name their columns in the header",
        ));
    }
    let name = cell_text(cells, row, 0, TextKind::Name, "an actor's name")?;
    if name.is_empty() {
        return Err(cells.error(
            row,
            0,
            "an actor line needs a name in the Actor column",
            "write the actor's name first",
        ));
    }
    let power = number(cells, row, 2, "power", 0.0, MAX_WEIGHT)?.ok_or_else(|| {
        cells.error(
            row,
            2,
            format!("actor {} has no power", quoted(&name)),
            "give its capability, a number >= 0",
        )
    })?;
    let mut stances = Vec::with_capacity(issues.len());
    for (k, issue) in issues.iter().enumerate() {
        let (pc, sc) = (3 + 2 * k, 4 + 2 * k);
        let position = number(
            cells,
            row,
            pc,
            &format!("{} position", quoted(issue)),
            0.0,
            100.0,
        )?;
        let salience = number(
            cells,
            row,
            sc,
            &format!("{} salience", quoted(issue)),
            0.0,
            100.0,
        )?;
        stances.push(match (position, salience) {
            (Some(position), Some(salience)) => Some((position, salience)),
            (None, None) => None,
            (None, Some(0.0)) => None,
            (Some(_), None) => {
                return Err(cells.error(
                    row,
                    sc,
                    format!(
                        "actor {} has a position on {} but no salience",
                        quoted(&name),
                        quoted(issue)
                    ),
                    "give a salience on 0-100, or leave both cells empty for no position",
                ));
            }
            (None, Some(_)) => {
                return Err(cells.error(
                    row,
                    pc,
                    format!(
                        "actor {} has a salience on {} but no position",
                        quoted(&name),
                        quoted(issue)
                    ),
                    "give a position on 0-100, or leave both cells empty for no position",
                ));
            }
        });
    }
    Ok(ActorRow {
        row: row.clone(),
        name,
        description: cell_text(
            cells,
            row,
            1,
            TextKind::Description,
            "an actor's description",
        )?,
        power,
        stances,
    })
}

/// A cell's text as a name or description: control characters taken out
/// (a name's become spaces), and refused if it is still too long.
fn cell_text(
    cells: &Cells,
    row: &Row,
    column: usize,
    kind: TextKind,
    what: &str,
) -> Result<String> {
    let text = cleaned(row.text(column), kind);
    match text_problem(&text, kind, what) {
        Some((message, help)) => Err(cells.error(row, column, message, &help)),
        None => Ok(text),
    }
}

/// An optional number in [lo, hi] (`None` for an empty cell).
fn number(
    cells: &Cells,
    row: &Row,
    column: usize,
    what: &str,
    lo: f64,
    hi: f64,
) -> Result<Option<f64>> {
    let text = row.text(column).trim();
    if text.is_empty() {
        return Ok(None);
    }
    let range = |value: f64| {
        if hi <= 100.0 {
            format!("lie in [{}, {}]", Num(lo), Num(hi))
        } else if value < lo {
            format!("be >= {}", Num(lo))
        } else {
            format!("be at most {}", Num(hi))
        }
    };
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() && value >= lo && value <= hi => Ok(Some(value)),
        Ok(value) => Err(cells.error(
            row,
            column,
            format!("{what} must {}, found {}", range(value), Num(value)),
            "positions and saliences are on 0-100; power is >= 0",
        )),
        Err(_) => Err(cells.error(
            row,
            column,
            format!("{what} must be a number, found {}", quoted(text)),
            "write a plain number such as 42.5 (no units, no thousands separators)",
        )),
    }
}

fn header_draft(file: &str, name: &str, description: &str, title_fields: usize) -> Draft {
    let source = std::path::Path::new(file)
        .file_name()
        .and_then(|f| f.to_str())
        .unwrap_or(file);
    let mut header = vec![
        format!("Imported by `zopa import table` from {source}."),
        String::new(),
        "How the table was mapped (see docs/import.md):".to_string(),
        "- each `<Issue> Position,<Issue> Salience` pair is a continuous issue on [0, 100];"
            .to_string(),
        "- Power is power (capability); saliences are divided by 100, so the expected-utility"
            .to_string(),
        "  model reads them as probabilities of resisting a challenge;".to_string(),
        "- an empty pair of cells means no position: salience 0, and a position at the".to_string(),
        "  power x salience weighted mean of the positions taken; actors with no position"
            .to_string(),
        "  (or only zero saliences) are left out.".to_string(),
        "Defaults for what the table does not say:".to_string(),
        "- reservation 0: any agreement beats none;".to_string(),
        "- veto for every actor: Nash and KS ask for unanimity (EU and compromise ignore vetoes);"
            .to_string(),
        "- patience 1; model ExpectedUtility, the model such tables are made for.".to_string(),
    ];
    if title_fields > 2 {
        header.push(
            "Fields after the description on the first line (e.g. counts) were ignored."
                .to_string(),
        );
    }
    Draft {
        header,
        name: name.to_string(),
        description: description.to_string(),
        model: format!(
            "ExpectedUtility(rounds: {})",
            ExpectedUtility::default().rounds
        ),
        model_comment: "or --model compromise / nash / kalai-smorodinsky".to_string(),
        trials: 1000,
        seed: 1,
        ..Draft::default()
    }
}

/// Used by `Cells` for located errors.
pub(super) fn located(
    file: &str,
    at: crate::scenario::Location,
    message: impl Into<String>,
    help: &str,
) -> ImportError {
    ImportError {
        diagnostics: vec![diagnostic(file, at, message, help)],
    }
}

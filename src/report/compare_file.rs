//! `compare.json`: every model's summary of the same trials, as one type that
//! is written and read by the same derive; and what is made from it: the
//! terminal table and `compare.csv`. The compare chart (`charts::compare`)
//! draws from the same type, so the table, the CSV and the chart always agree,
//! and `zopa plot compare.json` redraws the chart from the file alone.

use super::table::{Align, Table};
use crate::format::{count, csv_line, csv_number, percent};
use crate::scenario::text::shown;
use crate::scenario::{Scenario, format_number};
use crate::summary::field::{Checked, Field};
use crate::summary::file::{read_json, write_json};
use crate::summary::{FORMAT_VERSION, IssueSummary, Summary, SummaryError};
use crate::whatif::compare::Comparison;
use serde::{Deserialize, Serialize};

/// How a comparison runs its models, as stated in `compare.json`.
pub const COMPARE_METHOD: &str = "every model runs the same trials with the same seed: trial k draws the scenario's uncertain numbers first, from its own random stream, so every model meets exactly the same worlds (common random numbers) and differences between models come from the models, not from sampling noise";

/// A comparison of models on one scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompareFile {
    pub zopa_version: String,
    #[serde(default = "crate::summary::file::first_format")]
    pub format_version: u32,
    pub scenario: String,
    pub description: String,
    pub trials_per_run: u64,
    pub seed: u64,
    pub method: String,
    pub models: Vec<ModelEntry>,
}

/// One model: its label and its summary (laid out as `summary.json`, without
/// the parts only a single run's charts need).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelEntry {
    pub label: String,
    pub summary: Summary,
}

impl CompareFile {
    /// The file for a comparison run on `scenario`, taking its summaries.
    pub fn new(scenario: &Scenario, comparison: Comparison) -> CompareFile {
        CompareFile {
            zopa_version: env!("CARGO_PKG_VERSION").to_string(),
            format_version: FORMAT_VERSION,
            scenario: scenario.name.clone(),
            description: scenario.description.clone(),
            trials_per_run: comparison.trials,
            seed: comparison.seed,
            method: COMPARE_METHOD.to_string(),
            models: comparison
                .runs
                .into_iter()
                .map(|run| ModelEntry {
                    label: run.label,
                    summary: run.summary,
                })
                .collect(),
        }
    }

    /// `compare.json`: pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        write_json(self)
    }

    /// Parses a comparison; the message says what is missing or malformed.
    pub fn parse(text: &str) -> Result<CompareFile, String> {
        let file: CompareFile = read_json(text).map_err(|err| err.to_string())?;
        let Some(first) = file.models.first() else {
            return Err("compare.json lists no models".into());
        };
        let ids: Vec<&String> = first.summary.issues.keys().collect();
        for entry in &file.models[1..] {
            if entry.summary.issues.keys().collect::<Vec<_>>() != ids {
                return Err(format!(
                    "compare.json: model `{}` has different issues from `{}`",
                    shown(&entry.label),
                    shown(&first.label)
                ));
            }
        }
        file.check_consistency().map_err(|found| {
            SummaryError::Inconsistent {
                found,
                command: "zopa compare",
            }
            .to_string()
        })?;
        Ok(file)
    }

    /// Checks that every model's summary can be one a run wrote, over the
    /// file's trials and seed, with the same actors and proposals as the first.
    fn check_consistency(&self) -> Checked {
        let first = &self.models[0].summary;
        let actors: Vec<&str> = first.actors.keys().map(String::as_str).collect();
        let proposals: Vec<&str> = first.proposals.keys().map(String::as_str).collect();
        for (k, entry) in self.models.iter().enumerate() {
            let field = Field::root().key("models").index(k).key("summary");
            let summary = &entry.summary;
            if summary.trials != self.trials_per_run {
                return Err(field.key("trials").wrong(format!(
                    "is {}, but `trials_per_run` is {}: every model runs the same trials",
                    summary.trials, self.trials_per_run
                )));
            }
            if summary.seed != self.seed {
                return Err(field.key("seed").wrong(format!(
                    "is {}, but the file's `seed` is {}: every model runs with the same seed",
                    summary.seed, self.seed
                )));
            }
            field.key("actors").same_keys(
                summary.actors.keys(),
                &actors,
                "the first model's actors",
            )?;
            field.key("proposals").same_keys(
                summary.proposals.keys(),
                &proposals,
                "the first model's proposals",
            )?;
            summary.check_consistency(&field)?;
        }
        Ok(())
    }

    /// The caption every compare chart carries.
    pub fn caption(&self) -> String {
        format!(
            "{} · {} models · {} each · seed {} · zopa {}",
            self.scenario,
            self.models.len(),
            count(self.trials_per_run, "trial"),
            self.seed,
            self.zopa_version
        )
    }

    /// The issues, in order, from the first model (every model has the same).
    pub fn issues(&self) -> impl Iterator<Item = (&String, &IssueSummary)> {
        self.models[0].summary.issues.iter()
    }

    /// The veto actors' ids and display names (all actors if none has veto).
    pub fn veto_actors(&self) -> Vec<(&str, &str)> {
        let actors = &self.models[0].summary.actors;
        let veto: Vec<(&str, &str)> = actors
            .iter()
            .filter(|(_, actor)| actor.veto)
            .map(|(id, actor)| (id.as_str(), actor.title()))
            .collect();
        if veto.is_empty() {
            actors
                .iter()
                .map(|(id, actor)| (id.as_str(), actor.title()))
                .collect()
        } else {
            veto
        }
    }
}

/// An issue's result in short: `median (p25–p75)`, or `option share%`.
pub fn median_cell(issue: &IssueSummary) -> String {
    match (issue.p50, issue.p25, issue.p75) {
        (Some(p50), Some(p25), Some(p75)) => format!(
            "{} ({}–{})",
            format_number(p50),
            format_number(p25),
            format_number(p75)
        ),
        _ => match modal(issue) {
            Some((option, share)) => format!("{option} {}", percent(share)),
            None => "—".into(),
        },
    }
}

/// The most frequent option of a discrete issue and its share of agreements.
pub fn modal(issue: &IssueSummary) -> Option<(&str, f64)> {
    if issue.agreements == 0 {
        return None;
    }
    issue
        .shares
        .as_ref()?
        .iter()
        .fold(
            None,
            |best: Option<(&str, f64)>, (name, &share)| match best {
                Some((_, top)) if top >= share => best,
                _ => Some((name.as_str(), share)),
            },
        )
}

fn interval(low: Option<f64>, high: Option<f64>) -> String {
    match (low, high) {
        (Some(low), Some(high)) => format!("{} – {}", format_number(low), format_number(high)),
        _ => "—".into(),
    }
}

/// The terminal text: agreement and utilities per model, then per issue each
/// model's median and 50% and 90% intervals (discrete issues: option shares).
pub fn compare_text(file: &CompareFile, elapsed_seconds: Option<f64>) -> String {
    let mut out = format!(
        "{} · {} models · {} each · seed {}",
        file.scenario,
        file.models.len(),
        count(file.trials_per_run, "trial"),
        file.seed
    );
    if let Some(seconds) = elapsed_seconds {
        out.push_str(&format!(" · {seconds:.2} s"));
    }
    out.push_str(
        "\nEvery model plays the same trials (same seed, same draws of the uncertain \
         numbers), so differences between rows come from the models.\n\n",
    );

    let veto = file.veto_actors();
    let has_rounds = file.models.iter().any(|m| m.summary.rounds.is_some());
    let headers: Vec<String> = veto.iter().map(|(_, name)| format!("u({name})")).collect();
    let mut columns = vec![
        ("Model", Align::Left),
        ("Agreement", Align::Right),
        ("ZOPA", Align::Right),
    ];
    if has_rounds {
        columns.push(("Rounds (mean)", Align::Right));
    }
    columns.extend(headers.iter().map(|h| (h.as_str(), Align::Right)));
    let mut table = Table::new(&columns);
    for entry in &file.models {
        let summary = &entry.summary;
        let mut row = vec![
            entry.label.clone(),
            percent(summary.agreement_rate),
            percent(summary.zopa_rate),
        ];
        if has_rounds {
            row.push(
                summary
                    .rounds
                    .as_ref()
                    .map_or("—".into(), |r| format!("{:.1}", r.mean)),
            );
        }
        for (id, _) in &veto {
            let utility = summary.actors.get(*id).and_then(|a| a.mean_utility);
            row.push(utility.map_or("—".into(), |u| format!("{u:.3}")));
        }
        table.row(row);
    }
    out.push_str(&table.render());
    out.push_str(
        "u(actor): mean utility over all trials (its reservation when there is no deal).\n",
    );
    let forecasts: Vec<&str> = file
        .models
        .iter()
        .filter(|m| m.summary.agreement_rate > m.summary.zopa_rate)
        .map(|m| m.label.as_str())
        .collect();
    if !forecasts.is_empty() {
        out.push_str(&format!(
            "{} name an outcome even in trials without a ZOPA: a forecast of where \
             positions converge, not a deal every veto actor prefers to no deal.\n",
            forecasts.join(", ")
        ));
    }

    for (id, issue) in file.issues() {
        let unit = issue
            .unit
            .as_deref()
            .map_or(String::new(), |u| format!(" ({u})"));
        out.push_str(&format!("\n{}{unit}\n", issue.title()));
        let entries = file.models.iter().map(|m| (m, &m.summary.issues[id]));
        if let Some(options) = &issue.options {
            let mut columns = vec![("Model", Align::Left)];
            columns.extend(options.iter().map(|o| (o.as_str(), Align::Right)));
            let mut table = Table::new(&columns);
            for (entry, stats) in entries {
                let mut row = vec![entry.label.clone()];
                for option in options {
                    let share = stats.shares.as_ref().and_then(|s| s.get(option));
                    row.push(match share {
                        Some(&share) if stats.agreements > 0 => percent(share),
                        _ => "—".into(),
                    });
                }
                table.row(row);
            }
            out.push_str(&table.render());
        } else {
            let mut table = Table::new(&[
                ("Model", Align::Left),
                ("Median", Align::Right),
                ("50% interval", Align::Right),
                ("90% interval", Align::Right),
            ]);
            for (entry, stats) in entries {
                table.row(vec![
                    entry.label.clone(),
                    stats.p50.map_or("—".into(), format_number),
                    interval(stats.p25, stats.p75),
                    interval(stats.p05, stats.p95),
                ]);
            }
            out.push_str(&table.render());
        }
    }
    out
}

/// `compare.csv`: one row per model and issue. Continuous issues fill the
/// quantiles and mean, discrete ones the modal option and its share.
pub fn compare_csv(file: &CompareFile) -> String {
    let mut out = csv_line([
        "model",
        "label",
        "agreement_rate",
        "zopa_rate",
        "issue",
        "agreements",
        "mean",
        "p05",
        "p25",
        "p50",
        "p75",
        "p95",
        "modal_option",
        "modal_share",
    ]);
    let number = |value: Option<f64>| value.map_or(String::new(), csv_number);
    for entry in &file.models {
        let summary = &entry.summary;
        for (id, issue) in &summary.issues {
            let (option, share) = match modal(issue) {
                Some((option, share)) => (option.to_string(), csv_number(share)),
                None => (String::new(), String::new()),
            };
            out.push_str(&csv_line([
                summary.model.clone(),
                entry.label.clone(),
                csv_number(summary.agreement_rate),
                csv_number(summary.zopa_rate),
                id.clone(),
                issue.agreements.to_string(),
                number(issue.mean),
                number(issue.p05),
                number(issue.p25),
                number(issue.p50),
                number(issue.p75),
                number(issue.p95),
                option,
                share,
            ]));
        }
    }
    out
}

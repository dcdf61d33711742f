//! What `zopa backtest` prints and the `backtest.md` it writes, both made from
//! `backtest.json`'s type, so the table, the report and the charts agree.

use super::table::{Align, Table};
use crate::backtest::file::BacktestFile;

/// The comparison table: one row per model, best MAE first.
fn scores_table(file: &BacktestFile) -> Table {
    let mut table = Table::new(&[
        ("Model", Align::Left),
        ("n", Align::Right),
        ("MAE", Align::Right),
        ("95% CI", Align::Right),
        ("vs compromise", Align::Right),
        ("median AE", Align::Right),
        ("in 50%", Align::Right),
        ("in 90%", Align::Right),
    ]);
    let mut rows: Vec<_> = file.models.iter().collect();
    rows.sort_by(|a, b| a.1.mae.total_cmp(&b.1.mae));
    for (name, entry) in rows {
        let covered = |level: &str| {
            entry
                .coverage
                .as_ref()
                .and_then(|c| c.get(level))
                .map_or("–".to_string(), |share| format!("{:.0}%", 100.0 * share))
        };
        table.row(vec![
            if *name == file.default {
                format!("{name} *")
            } else {
                name.clone()
            },
            entry.n.to_string(),
            format!("{:.2}", entry.mae),
            format!("{:.1}–{:.1}", entry.mae_ci95[0], entry.mae_ci95[1]),
            entry.vs_compromise.as_ref().map_or("–".to_string(), |d| {
                format!("{:+.1} [{:+.1}, {:+.1}]", d.diff, d.ci95[0], d.ci95[1])
            }),
            format!("{:.1}", entry.median_ae),
            covered("50"),
            covered("90"),
        ]);
    }
    table
}

/// Notes under the table: what the columns mean, and models without agreement.
fn notes(file: &BacktestFile) -> Vec<String> {
    let mut notes = vec![
        format!("* the default model for forecasts ({}).", file.default),
        "MAE: mean absolute error of the median forecast, in the issues' units; 95% CI and \
         `vs compromise` (difference in MAE on the same cases) by bootstrap, resampling whole \
         proposals. On data this noisy, differences under about one point are not meaningful."
            .to_string(),
        format!(
            "in 50% / in 90%: share of recorded outcomes inside the central 50% / 90% interval \
             (the runs' own spread widened by the model's conformal margin). Margins: {}. A \
             calibrated model shows about 50% and 90%.",
            file.calibration
        ),
    ];
    for (name, entry) in &file.models {
        if entry.no_agreement > 0 {
            notes.push(format!(
                "{name} reached no agreement in any trial on {} case(s); its scores are over the other {}.",
                entry.no_agreement, entry.n
            ));
        }
        if entry.coverage.is_none() {
            notes.push(format!(
                "{name} has no calibrated margins, so no interval coverage."
            ));
        }
    }
    notes
}

/// The terminal summary.
pub fn backtest_text(file: &BacktestFile, elapsed: Option<f64>) -> String {
    let mut out = format!(
        "Backtest: {} recorded decisions, {} model(s){}\n\n",
        file.n,
        file.models.len(),
        elapsed.map_or(String::new(), |s| format!(", {s:.1} s"))
    );
    out.push_str(&scores_table(file).render_within(100));
    out.push('\n');
    for note in notes(file) {
        out.push_str(&crate::report::run::wrap(&note, 100, 2));
    }
    out
}

/// `backtest.md`: the table, the notes and the two charts.
pub fn backtest_markdown(file: &BacktestFile) -> String {
    let mut out = format!(
        "# Backtest: {} recorded decisions\n\nzopa {} · {} trials per case and model · seed {}\n\n",
        file.n,
        file.zopa_version,
        file.trials,
        file.seed
            .map_or("of each scenario".to_string(), |s| s.to_string())
    );
    out.push_str("```text\n");
    out.push_str(&scores_table(file).render());
    out.push_str("```\n\n");
    for note in notes(file) {
        out.push_str(&format!("- {note}\n"));
    }
    out.push_str(
        "\n## Do the forecast intervals hold the real outcome?\n\n![Calibration: nominal against \
         observed coverage per model](calibration.svg)\n\nOn the diagonal an interval holds the \
         real outcome as often as it promises; above it the intervals are wider than they need \
         be, below it too narrow.\n\n## How far the forecasts missed\n\n![Mean absolute error \
         per model with 95% intervals](errors.svg)\n\nHow the figures are made: ",
    );
    out.push_str(&file.method);
    out.push_str(".\n");
    out
}

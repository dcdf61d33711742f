//! Any bytes → what `zopa plot` does with a result file, in memory: tell its
//! kind, read it (layout and consistency checks), and for one that reads,
//! draw every chart it has (SVG) and, for a summary, the terminal summary,
//! report.md and report.html. Seeded with files zopa wrote, so mutations are
//! hand edits and damage. Must never panic, hang or allocate without bound:
//! a file that passes the checks must draw.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zopa::backtest::file::BacktestFile;
use zopa::report::charts::registry::{
    BacktestChart, CompareChart, ConcessionChart, Source, SweepChart, TornadoChart, run_charts,
};
use zopa::report::charts::{self};
use zopa::report::compare_file::CompareFile;
use zopa::report::document::{self, FolderResults};
use zopa::report::negotiation::NegotiationFile;
use zopa::report::run::summary_text;
use zopa::report::whatif::{SensitivityFile, SweepFile};
use zopa::Summary;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match Source::detect(text) {
        Some(Source::Summary) => {
            let Ok(summary) = Summary::parse(text) else { return };
            let _ = summary_text(&summary, 100);
            let svgs: Vec<String> = run_charts(&summary)
                .iter()
                .map(|chart| charts::svg(chart, &summary).expect("a consistent summary draws"))
                .collect();
            let entries = document::chart_entries(&summary);
            let folder = FolderResults::default();
            let _ = document::markdown(&summary, &entries, Some("svg"), &folder);
            let _ = document::html(&summary, &entries, &svgs, &folder);
        }
        Some(Source::Compare) => {
            if let Ok(file) = CompareFile::parse(text) {
                charts::svg(&CompareChart, &file).expect("a consistent compare.json draws");
                let _ = zopa::report::compare_file::compare_text(&file, None);
            }
        }
        Some(Source::Sweep) => {
            if let Ok(file) = SweepFile::parse(text) {
                charts::svg(&SweepChart, &file).expect("a consistent sweep.json draws");
            }
        }
        Some(Source::Sensitivity) => {
            if let Ok(file) = SensitivityFile::parse(text) {
                charts::svg(&TornadoChart, &file).expect("a consistent sensitivity.json draws");
            }
        }
        Some(Source::Backtest) => {
            if let Ok(file) = BacktestFile::parse(text) {
                for chart in BacktestChart::ALL {
                    charts::svg(&chart, &file).expect("a consistent backtest.json draws");
                }
            }
        }
        Some(Source::Negotiation) => {
            if let Ok(file) = NegotiationFile::parse(text) {
                charts::svg(&ConcessionChart, &file).expect("a consistent negotiation.json draws");
            }
        }
        None => {}
    }
});

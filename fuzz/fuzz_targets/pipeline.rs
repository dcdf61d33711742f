//! Any bytes → scenario → a short Monte Carlo run with the scenario's own
//! model → summary.json (written and read back) → terminal summary → every
//! chart of the run (SVG) → report.md and report.html. What `zopa run` does
//! after reading a file, in memory. Must never panic, hang or allocate without
//! bound.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zopa::report::charts::{self, registry::run_charts};
use zopa::report::document::{self, FolderResults};
use zopa::report::run::summary_text;
use zopa::{Controls, NominalPicture, RunInfo, Summary, model, montecarlo, scenario};

fuzz_target!(|data: &[u8]| {
    let Ok(scenario) = scenario::parse_bytes(data, "fuzz.ron") else { return };
    // Keep each input fast: the fuzzer should explore the pipeline's inputs,
    // not big programs.
    if scenario.actors.len() * scenario.issues.len() > 48 {
        return;
    }
    let kind = scenario.model;
    let model = model::build(kind);
    let trials = 16;
    let Ok(tally) = montecarlo::run(&scenario, model.as_ref(), trials, scenario.seed, Controls::default())
    else {
        return;
    };
    let info = RunInfo {
        model: kind.cli_name().to_string(),
        trials,
        seed: scenario.seed,
        elapsed_seconds: 0.0,
        threads: None,
        load_average: None,
    };
    let summary = Summary::new(&scenario, &info, &tally, &NominalPicture::compute(&scenario, zopa::cost::nominal_parts(&scenario)));
    let json = summary.to_json();
    let summary = Summary::parse(&json).expect("a summary zopa wrote reads back");
    let _ = summary_text(&summary, 100);
    let mut svgs = Vec::new();
    for chart in run_charts(&summary) {
        let svg = charts::svg(&chart, &summary).expect("every chart of a run draws");
        svgs.push(svg);
    }
    let entries = document::chart_entries(&summary);
    let folder = FolderResults::default();
    let _ = document::markdown(&summary, &entries, Some("svg"), &folder);
    if entries.len() == svgs.len() {
        let _ = document::html(&summary, &entries, &svgs, &folder);
    }
});

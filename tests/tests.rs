//! The integration tests, compiled and linked as one test binary (see
//! `[[test]]` in Cargo.toml; `autotests = false`). Linking each file as its
//! own binary cost most of `cargo test`'s build time. Each file under `it/`
//! stays a module of its own, so test names read `charts::...`, `cli::...`,
//! and `cargo test charts::` runs one file's tests. Shared fixtures live in
//! `common/`.

mod common;

#[path = "it/architecture.rs"]
mod architecture;
#[path = "it/backtest.rs"]
mod backtest;
#[path = "it/broken_pipe.rs"]
mod broken_pipe;
#[path = "it/chart_size.rs"]
mod chart_size;
#[path = "it/charts.rs"]
mod charts;
#[path = "it/check_cost.rs"]
mod check_cost;
#[path = "it/classroom.rs"]
mod classroom;
#[path = "it/cli.rs"]
mod cli;
#[path = "it/cli_run.rs"]
mod cli_run;
#[path = "it/compare.rs"]
mod compare;
#[path = "it/consistency.rs"]
mod consistency;
#[path = "it/degenerate.rs"]
mod degenerate;
#[path = "it/eu_rules.rs"]
mod eu_rules;
#[path = "it/examples.rs"]
mod examples;
#[path = "it/expected_utility.rs"]
mod expected_utility;
#[path = "it/explain.rs"]
mod explain;
#[path = "it/fuzz_corpus.rs"]
mod fuzz_corpus;
#[path = "it/import_genius.rs"]
mod import_genius;
#[path = "it/import_table.rs"]
mod import_table;
#[path = "it/init.rs"]
mod init;
#[path = "it/interrupts.rs"]
mod interrupts;
#[path = "it/models.rs"]
mod models;
#[path = "it/montecarlo.rs"]
mod montecarlo;
#[cfg(unix)]
#[path = "it/output_folder.rs"]
mod output_folder;
#[path = "it/play.rs"]
mod play;
#[path = "it/properties.rs"]
mod properties;
#[path = "it/protocols.rs"]
mod protocols;
#[path = "it/report.rs"]
mod report;
#[path = "it/screenshot.rs"]
mod screenshot;
#[path = "it/shard.rs"]
mod shard;
#[path = "it/shard_errors.rs"]
mod shard_errors;
#[path = "it/validation.rs"]
mod validation;
#[path = "it/whatif.rs"]
mod whatif;
#[path = "it/whatif_charts.rs"]
mod whatif_charts;

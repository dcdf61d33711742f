//! Command-line arguments and one small function per command.

mod backtest;
mod charts;
mod check;
mod compare;
mod error;
mod explain;
mod import;
mod init;
mod interrupt;
mod merge;
mod output;
mod play;
mod run;
mod sensitivity;
mod session;
mod shard;
mod solve;
mod sweep;

pub use error::{CliError, print_error};

use clap::builder::PossibleValue;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use zopa::model_kind::ModelKind;

/// zopa: negotiation scenario simulator.
#[derive(Debug, Parser)]
#[command(name = "zopa", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Run even if one trial is estimated to take over 10 s (README: Limits).
    #[arg(long, global = true)]
    allow_slow: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate scenario files and print a one-line summary of each.
    Check {
        /// Scenario files (RON).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    Run(run::RunArgs),
    /// Narrate one negotiation step by step (for teaching).
    Explain {
        /// Scenario file (RON).
        file: PathBuf,
        /// Bargaining model; default: the scenario's own.
        #[arg(long, value_enum)]
        model: Option<ModelArg>,
        /// Random seed; default: the scenario's `seed`.
        #[arg(long)]
        seed: Option<u64>,
        /// Explain this trial of `zopa run` (its own draw of the uncertain
        /// numbers); default: nominal values.
        #[arg(long)]
        trial: Option<u64>,
        /// Alternating offers: also write the concession chart and
        /// negotiation.json into DIR; default: the folder `zopa run` writes to.
        #[arg(long, value_name = "DIR", num_args = 0..=1)]
        chart: Option<Option<PathBuf>>,
    },
    /// Negotiate in the terminal against zopa's agents (alternating offers).
    Play(play::PlayArgs),
    /// Write a commented scenario to start from (to FILE, or to standard output).
    Init {
        /// The scenario file to write; default: print it.
        file: Option<PathBuf>,
        /// Overwrite FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Import a scenario from another tool's format (GENIUS XML, actor tables).
    Import {
        #[command(subcommand)]
        what: import::ImportCommand,
    },
    Compare(compare::CompareArgs),
    Sweep(sweep::SweepArgs),
    Sensitivity(sensitivity::SensitivityArgs),
    Backtest(backtest::BacktestArgs),
    Merge(merge::MergeArgs),
    /// Redraw a run's charts from its summary.json, or a what-if file's chart.
    ///
    /// Reads a summary.json written by `zopa run`, or a compare.json,
    /// sweep.json, sensitivity.json, backtest.json or negotiation.json.
    Plot {
        /// A summary.json written by `zopa run` (or a folder holding one), or
        /// a compare.json, sweep.json, sensitivity.json, backtest.json or
        /// negotiation.json.
        summary: PathBuf,
        /// Where to write the charts; default: charts/ next to the summary.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Only this format; default: both SVG and PNG.
        #[arg(long, value_enum)]
        format: Option<session::FormatArg>,
    },
    /// Solve a scenario at nominal values (uncertain numbers at their means).
    Solve {
        /// Scenario file (RON).
        file: PathBuf,
        /// Bargaining model; default: the scenario's own.
        #[arg(long, value_enum)]
        model: Option<ModelArg>,
        /// Print JSON instead of tables.
        #[arg(long)]
        json: bool,
    },
}

/// A model named on the command line: one of [`ModelKind::ALL`], with its
/// default parameters. The possible values (names and help) come from that
/// list, so a model added there appears in `--model` and `--models` at once.
#[derive(Clone, Copy, Debug)]
pub struct ModelArg(ModelKind);

/// [`ModelKind::ALL`] as command-line values.
static MODEL_ARGS: [ModelArg; ModelKind::ALL.len()] = {
    let mut args = [ModelArg(ModelKind::ALL[0]); ModelKind::ALL.len()];
    let mut k = 1;
    while k < args.len() {
        args[k] = ModelArg(ModelKind::ALL[k]);
        k += 1;
    }
    args
};

impl ValueEnum for ModelArg {
    fn value_variants<'a>() -> &'a [Self] {
        &MODEL_ARGS
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let value = PossibleValue::new(self.0.cli_name());
        Some(match self.0.defaults_help() {
            Some(help) => value.help(help),
            None => value,
        })
    }
}

impl From<ModelArg> for ModelKind {
    fn from(arg: ModelArg) -> ModelKind {
        arg.0
    }
}

/// Runs a command.
pub fn run(cli: Cli) -> Result<(), CliError> {
    session::allow_slow(cli.allow_slow);
    // Every command that may write stops on Ctrl-C or SIGTERM the same way,
    // from its first moment: nothing written, status 130 (cli/interrupt).
    if !matches!(cli.command, Command::Check { .. } | Command::Solve { .. }) {
        interrupt::catch();
    }
    match cli.command {
        Command::Check { files } => Ok(check::run(&files)?),
        Command::Import { what } => Ok(import::run(what)?),
        Command::Compare(args) => compare::run(args),
        Command::Sweep(args) => sweep::run(args),
        Command::Sensitivity(args) => sensitivity::run(args),
        Command::Backtest(args) => backtest::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Plot {
            summary,
            out,
            format,
        } => charts::plot(&summary, out.as_deref(), format),
        Command::Explain {
            file,
            model,
            seed,
            trial,
            chart,
        } => explain::run(&file, model.map(ModelKind::from), seed, trial, chart),
        Command::Play(args) => play::run(args),
        Command::Init { file, force } => init::run(file.as_deref(), force),
        Command::Solve { file, model, json } => {
            Ok(solve::run(&file, model.map(ModelKind::from), json)?)
        }
        Command::Run(args) => run::run(args),
    }
}

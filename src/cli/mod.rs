//! Command-line arguments and one small function per command.

mod check;
mod solve;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use zopa::scenario::ModelKind;

/// zopa: negotiation scenario simulator.
#[derive(Debug, Parser)]
#[command(name = "zopa", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate scenario files and print a one-line summary of each.
    Check {
        /// Scenario files (RON).
        #[arg(required = true)]
        files: Vec<PathBuf>,
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

/// Model names on the command line.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ModelArg {
    Compromise,
    Nash,
    KalaiSmorodinsky,
}

impl From<ModelArg> for ModelKind {
    fn from(arg: ModelArg) -> ModelKind {
        match arg {
            ModelArg::Compromise => ModelKind::Compromise,
            ModelArg::Nash => ModelKind::Nash,
            ModelArg::KalaiSmorodinsky => ModelKind::KalaiSmorodinsky,
        }
    }
}

/// Runs a command; the error is the text for stderr.
pub fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Check { files } => check::run(&files),
        Command::Solve { file, model, json } => solve::run(&file, model.map(ModelKind::from), json),
    }
}

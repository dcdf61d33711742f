//! The `zopa` command: parses arguments, calls the library, maps results to
//! exit codes: 0 success, 1 bad input, 2 usage (clap's), 130 interrupted.

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = match cli::Cli::try_parse() {
        Ok(args) => args,
        Err(err) => {
            // Help and version go to stdout with success; usage errors exit 2.
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // Whatever user text a message quotes, no control character
            // reaches the terminal raw; on a terminal long lines are broken.
            cli::print_error(&err.to_string());
            ExitCode::from(err.exit_code())
        }
    }
}

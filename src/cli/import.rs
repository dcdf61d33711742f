//! `zopa import genius|table ... -o FILE.ron`: other tools' formats to a scenario.
//!
//! The library does the reading, mapping and checking (`zopa::import`); this
//! file only resolves paths, prints warnings to stderr, and writes the result
//! atomically. It refuses to overwrite an existing file without `--force`, and
//! never writes over one of its own input files.

use super::error::terminal_width;
use super::output::PendingFile;
use super::session::slow_allowed;
use std::path::{Path, PathBuf};
use zopa::cost::Cost;
use zopa::import::{self, Imported};

/// The formats `zopa import` reads.
#[derive(Debug, clap::Subcommand)]
pub enum ImportCommand {
    /// A GENIUS domain (XML) and one profile per party (ANAC competitions).
    Genius {
        /// The domain file (issues and their values).
        domain: PathBuf,
        /// One profile file per party (weights, evaluations, reservation value).
        #[arg(required = true)]
        profiles: Vec<PathBuf>,
        /// The scenario file to write (RON).
        #[arg(short, long)]
        out: PathBuf,
        /// Overwrite the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// An actor table (CSV): name line, header, one line per actor with power,
    /// and a position and salience (0-100) per issue.
    Table {
        /// The table (CSV).
        file: PathBuf,
        #[command(flatten)]
        reading: TableArgs,
        /// The scenario file to write (RON).
        #[arg(short, long)]
        out: PathBuf,
        /// Overwrite the output file if it exists.
        #[arg(long)]
        force: bool,
    },
}

/// How to read an actor table, for `zopa import table` and `zopa backtest`.
#[derive(Debug, clap::Args)]
pub struct TableArgs {
    /// Where capabilities come from: the table's Power column, or the EU's
    /// voting rules (Shapley-Shubik indices in the Council under the rule
    /// the first line names; for DEU tables).
    #[arg(long, value_enum, default_value = "table")]
    pub capabilities: CapabilitiesArg,
    /// Measurement error of the positions, in points of the 0-100 scale:
    /// each position p becomes Triangular(min: p - E, mode: p, max: p + E),
    /// cut to the scale.
    #[arg(long, value_name = "E", default_value_t = 0.0)]
    pub position_error: f64,
    /// The same for the saliences.
    #[arg(long, value_name = "E", default_value_t = 0.0)]
    pub salience_error: f64,
}

impl TableArgs {
    pub fn options(&self) -> import::table::TableOptions {
        import::table::TableOptions {
            capabilities: self.capabilities.into(),
            position_error: self.position_error,
            salience_error: self.salience_error,
        }
    }
}

/// `--capabilities` of actor tables.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum CapabilitiesArg {
    /// The table's Power column.
    Table,
    /// The EU's voting rules (DEU tables: first line names procedure and rule).
    EuCouncil,
}

impl From<CapabilitiesArg> for import::table::Capabilities {
    fn from(arg: CapabilitiesArg) -> Self {
        match arg {
            CapabilitiesArg::Table => import::table::Capabilities::Table,
            CapabilitiesArg::EuCouncil => import::table::Capabilities::EuCouncil,
        }
    }
}

/// Runs an import; the error is the text for stderr.
pub fn run(command: ImportCommand) -> Result<(), String> {
    match command {
        ImportCommand::Genius {
            domain,
            profiles,
            out,
            force,
        } => {
            let mut inputs: Vec<&Path> = vec![&domain];
            inputs.extend(profiles.iter().map(PathBuf::as_path));
            check_target(&out, force, &inputs, "with -o")?;
            let profiles: Vec<&Path> = profiles.iter().map(PathBuf::as_path).collect();
            let imported = import::genius_files(&domain, &profiles).map_err(|e| e.to_string())?;
            save(&out, &imported)
        }
        ImportCommand::Table {
            file,
            reading,
            out,
            force,
        } => {
            check_target(&out, force, &[&file], "with -o")?;
            let imported =
                import::table_file(&file, reading.options()).map_err(|e| e.to_string())?;
            save(&out, &imported)
        }
    }
}

/// Refuses to overwrite without `--force`, never overwrites an input, and
/// never replaces anything but a regular file (a device such as /dev/full, a
/// folder, a FIFO), whatever `--force` says. `how` says how to name
/// another file (`with -o`).
pub(super) fn check_target(
    out: &Path,
    force: bool,
    inputs: &[&Path],
    how: &str,
) -> Result<(), String> {
    let Ok(metadata) = std::fs::symlink_metadata(out) else {
        return Ok(());
    };
    if !metadata.file_type().is_file() {
        return Err(format!(
            "{} exists and is not a regular file; zopa writes only to new or regular \
             files: choose another file {how}",
            out.display()
        ));
    }
    let same = |input: &&Path| match (out.canonicalize(), input.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if inputs.iter().any(same) {
        return Err(format!(
            "{} is one of the input files; choose another output {how}",
            out.display()
        ));
    }
    if !force {
        return Err(format!(
            "{} already exists; pass --force to overwrite it, or choose another file {how}",
            out.display()
        ));
    }
    Ok(())
}

fn save(out: &Path, imported: &Imported) -> Result<(), String> {
    for warning in &imported.warnings {
        eprintln!("{warning}");
    }
    // What `zopa check` would say of the file, said before it is written: a
    // scenario it would refuse is not written (a table of 6,000 actors was,
    // whose run would keep 2.4 GB a worker), one it would note is noted.
    let scenario = &imported.scenario;
    let cost = Cost::of(scenario, scenario.model);
    if let Some(refusal) = cost.refusal(slow_allowed()) {
        return Err(format!(
            "error: {}: zopa check would refuse the imported scenario: {}; nothing was \
             written\n  help: {}",
            out.display(),
            refusal.message,
            refusal.help
        ));
    }
    if let Some(note) = cost.note(scenario.trials) {
        eprint!(
            "{}",
            zopa::report::run::wrap(&format!("note: {note}"), terminal_width(), 4)
        );
    }
    let mut file = PendingFile::create(out).map_err(|err| {
        err.replace(
            "choose another directory with --out",
            "check that the output's directory exists and is writable",
        )
    })?;
    file.write(&imported.text)?;
    file.commit()?;
    // The file is written: a reader that closed the pipe misses only this line.
    let said = super::error::emit(&format!(
        "wrote {}: \"{}\", {} issue(s), {} actor(s){}; check it with `zopa check`, solve it with `zopa solve`\n",
        out.display(),
        scenario.name,
        scenario.issues.len(),
        scenario.actors.len(),
        match imported.warnings.len() {
            0 => String::new(),
            n => format!(", {n} warning(s) above"),
        }
    ));
    match said {
        Ok(()) | Err(super::error::CliError::PipeClosed) => Ok(()),
        Err(err) => Err(err.to_string()),
    }
}

//! `zopa merge SHARD...`: the shards of a run, sweep or sensitivity analysis
//! made with `--shard K/N` (on a cluster, say), checked to belong together
//! and merged into exactly what the command without `--shard` writes.
//!
//! Shards are read one at a time and added to the sum, so a merge of many
//! large shards holds one tally beside the sum. Each argument is a shard file,
//! a folder holding one (what a command with `--shard` wrote into), or a
//! folder of such folders (`zopa merge shards/` for `shards/0`, `shards/1`,
//! ...). The scenario comes from the shards themselves: each carries the text
//! it ran.

use super::error::CliError;
use super::output::ResultSet;
use super::session::{FormatArg, default_directory, formats, start, worker_pool};
use std::fs;
use std::path::{Path, PathBuf};
use zopa::format::thousands;
use zopa::report::whatif::{SensitivityFile, SweepFile, to_json};
use zopa::scenario::read_bounded;
use zopa::shard::file::MAX_SHARD_BYTES;
use zopa::shard::merge::MergedResult;
use zopa::shard::{Merged, Merger, ShardFile, ShardKind};
use zopa::summary::file::Summary;

/// Merge the shards of a run, sweep or sensitivity analysis (--shard K/N).
///
/// Writes the files the command without --shard writes. The shards must come from the same zopa, scenario file (unchanged), model,
/// seed and trials, and cover every K of 0..N once; the merged summary.json
/// (sweep.json, sensitivity.json) is then the one a single run gives, but
/// for its timing, which adds up the shards' times.
#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// Shard folders (each written by a command with --shard K/N), shard
    /// files (shard-run.json, ...), or folders of shard folders.
    #[arg(required = true, value_name = "SHARD")]
    pub shards: Vec<PathBuf>,
    /// Output directory; default: the one the command without --shard would
    /// have written to (output/<scenario file name>/, ...).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Charts of a merged run in this format only; default: both SVG and PNG.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Worker threads for drawing the charts; default: one per core.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
    /// No file messages.
    #[arg(long)]
    pub quiet: bool,
}

/// Merges the shards and writes the result.
pub fn run(args: MergeArgs) -> Result<(), CliError> {
    let files = shard_files(&args.shards)?;
    let mut merger = Merger::new();
    for path in &files {
        let name = path.display().to_string();
        let bytes = read_bounded(path, MAX_SHARD_BYTES).map_err(|problem| {
            format!(
                "error: {name}: {}\n  help: {}",
                problem.message, problem.help
            )
        })?;
        if bytes.len() > MAX_SHARD_BYTES {
            return Err(CliError::Input(format!(
                "error: {name} is larger than the {} bytes a shard file can be\n  help: \
                 is this a shard file?",
                thousands(MAX_SHARD_BYTES as u64)
            )));
        }
        let text = String::from_utf8(bytes)
            .map_err(|_| format!("error: {name} is not a shard file: it is not UTF-8 text"))?;
        merger.add(&name, ShardFile::parse(&text, &name)?)?;
    }
    let merged = merger.finish()?;
    reads_back(&merged)?;
    let dir = args.out.clone().unwrap_or_else(|| {
        default_directory(
            Path::new(&merged.scenario_file),
            merged.scenario.model,
            merged.model_option,
        )
    });
    write(&merged, &dir, &args)
}

/// Refuses a merged result that `zopa plot` would refuse to read: each shard
/// is checked to fit its scenario, but a number a shard should never hold (a
/// share above 1, say, from a count above its trials) shows in the result,
/// which is read back here with every check the readers make, before
/// anything is written.
fn reads_back(merged: &Merged) -> Result<(), CliError> {
    let (file, read) = match &merged.result {
        MergedResult::Run(summary) => {
            ("summary.json", Summary::parse(&summary.to_json()).map(drop))
        }
        MergedResult::Sweep(result) => (
            "sweep.json",
            SweepFile::parse(&to_json(&SweepFile::new(&merged.scenario, result))).map(drop),
        ),
        MergedResult::Sensitivity(result) => (
            "sensitivity.json",
            SensitivityFile::parse(&to_json(&SensitivityFile::new(&merged.scenario, result)))
                .map(drop),
        ),
    };
    read.map_err(|err| {
        let err = err.to_string();
        let found = err.split("\n  help:").next().unwrap_or_default();
        CliError::Input(format!(
            "error: the merged {file} would not read back: {found}\n  help: one of the shards \
             holds numbers zopa never writes (edited or damaged); run it again with --shard K/N"
        ))
    })
}

/// Writes what the command without `--shard` writes into `dir`.
fn write(merged: &Merged, dir: &Path, args: &MergeArgs) -> Result<(), CliError> {
    let pool = worker_pool(args.threads)?;
    let output = start(dir)?;
    match &merged.result {
        MergedResult::Run(summary) => {
            let formats = formats(args.format);
            let staged = output.stage(ResultSet::Run)?;
            super::run::write_results(staged, summary, &formats, &pool, dir, None)?;
            if !args.quiet {
                eprintln!(
                    "\nMerged {} shards into {}, report.md, report.html and charts/",
                    thousands(merged.shards),
                    dir.join("summary.json").display(),
                );
            }
            Ok(())
        }
        MergedResult::Sweep(result) => super::sweep::write_sweep(
            &output,
            &merged.scenario,
            result,
            merged.elapsed_seconds,
            args.quiet,
        ),
        MergedResult::Sensitivity(result) => super::sensitivity::write_sensitivity(
            &output,
            &merged.scenario,
            result,
            merged.elapsed_seconds,
            args.quiet,
        ),
    }?;
    if !args.quiet && !matches!(merged.result, MergedResult::Run(_)) {
        eprintln!(
            "Merged {} shards; the time above is their run times added up.",
            thousands(merged.shards)
        );
    }
    Ok(())
}

/// The shard files the arguments name, in order: a file as it is, a folder's
/// own shard files, or else the shard files of the folders inside it.
fn shard_files(arguments: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    let mut files = Vec::new();
    for argument in arguments {
        let metadata = fs::metadata(argument).map_err(|err| {
            format!(
                "error: cannot read {}: {err}\n  help: give the folders the commands with \
                 --shard K/N wrote into",
                argument.display()
            )
        })?;
        if !metadata.is_dir() {
            files.push(argument.clone());
            continue;
        }
        let own = shard_files_in(argument);
        if !own.is_empty() {
            files.extend(own);
            continue;
        }
        let mut folders: Vec<PathBuf> = fs::read_dir(argument)
            .map_err(|err| format!("error: cannot read {}: {err}", argument.display()))?
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path.is_dir())
            .collect();
        folders.sort();
        let inner: Vec<PathBuf> = folders.iter().flat_map(|f| shard_files_in(f)).collect();
        if inner.is_empty() {
            let names = ShardKind::ALL.map(ShardKind::file_name).join(", ");
            return Err(CliError::Input(format!(
                "error: {} holds no shard file ({names}), nor do the folders in it\n  help: \
                 give the folders that `zopa run --shard K/N` (or sweep, sensitivity) wrote \
                 into",
                argument.display()
            )));
        }
        files.extend(inner);
    }
    // The same file named twice (as a folder and as a file, say) is a slip,
    // not two shards of the same block.
    let mut seen = std::collections::HashMap::new();
    for file in &files {
        let real = fs::canonicalize(file).unwrap_or_else(|_| file.clone());
        if let Some(earlier) = seen.insert(real, file) {
            return Err(CliError::Input(format!(
                "error: {} and {} are the same shard file\n  help: give each shard once",
                earlier.display(),
                file.display()
            )));
        }
    }
    Ok(files)
}

/// The shard files directly in `folder`.
fn shard_files_in(folder: &Path) -> Vec<PathBuf> {
    ShardKind::ALL
        .iter()
        .map(|kind| folder.join(kind.file_name()))
        .filter(|path| path.is_file())
        .collect()
}

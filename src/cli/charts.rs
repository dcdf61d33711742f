//! Writing a summary's charts: shared by `zopa run` (after the trials) and
//! `zopa plot` (from a summary.json on disk).
//!
//! Every chart is rendered in memory first; only when all succeeded are the
//! files written, each atomically. Charts left from an earlier run that this
//! summary no longer has (say, a zone pair since removed) are deleted, so the
//! folder always matches its summary.

use super::output::{prepare_directory, write_bytes_atomically};
use clap::ValueEnum;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use zopa::report::charts::{self, Format};
use zopa::report::summary_file::Summary;

/// `--format` on the command line.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FormatArg {
    Svg,
    Png,
}

/// The formats to write: the one asked for, or both.
pub fn formats(arg: Option<FormatArg>) -> Vec<Format> {
    match arg {
        Some(FormatArg::Svg) => vec![Format::Svg],
        Some(FormatArg::Png) => vec![Format::Png],
        None => vec![Format::Svg, Format::Png],
    }
}

/// Renders every chart of `summary` into `dir`; returns the files written.
pub fn write_charts(
    summary: &Summary,
    dir: &Path,
    formats: &[Format],
) -> Result<Vec<PathBuf>, String> {
    let mut rendered = Vec::new();
    for chart in charts::charts(summary) {
        for &format in formats {
            let bytes = chart
                .render(format)
                .map_err(|err| format!("chart `{}`: {err}", chart.name))?;
            rendered.push((
                dir.join(format!("{}.{}", chart.name, format.extension())),
                bytes,
            ));
        }
    }
    prepare_directory(dir)?;
    for (path, bytes) in &rendered {
        write_bytes_atomically(path, bytes)?;
    }
    let written: HashSet<&PathBuf> = rendered.iter().map(|(path, _)| path).collect();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            let ours = matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("svg" | "png")
            );
            if ours && !written.contains(&path) {
                std::fs::remove_file(&path).map_err(|err| {
                    format!("cannot remove the stale chart {}: {err}", path.display())
                })?;
            }
        }
    }
    Ok(rendered.into_iter().map(|(path, _)| path).collect())
}

/// `zopa plot SUMMARY [--out DIR] [--format ..]`.
pub fn plot(
    summary_path: &Path,
    out: Option<&Path>,
    format: Option<FormatArg>,
) -> Result<(), String> {
    let text = std::fs::read_to_string(summary_path)
        .map_err(|err| format!("cannot read {}: {err}", summary_path.display()))?;
    let summary =
        Summary::parse(&text).map_err(|err| format!("{}: {err}", summary_path.display()))?;
    let dir = match out {
        Some(dir) => dir.to_path_buf(),
        None => summary_path
            .parent()
            .unwrap_or(Path::new("."))
            .join("charts"),
    };
    let written = write_charts(&summary, &dir, &formats(format))?;
    eprintln!("Wrote {} charts to {}", written.len(), dir.display());
    Ok(())
}

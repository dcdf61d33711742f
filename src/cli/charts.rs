//! Writing a summary's charts and report: shared by `zopa run` (after the
//! trials) and `zopa plot` (charts only, from a summary.json on disk).
//!
//! The report takes in the compare, sweep and sensitivity results found in
//! the folder it is written to ([`folder_results`]).
//!
//! Every chart is rendered in memory first; only when all succeeded are the
//! files written, each atomically. Charts left from an earlier run that this
//! summary no longer has (say, a zone pair since removed) are deleted, so the
//! folder always matches its summary.

use super::output::{
    Folder, is_chart_file, prepare_directory, write_atomically, write_bytes_atomically, write_files,
};
use super::session::{FormatArg, formats};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::Path;
use zopa::report::charts::registry::{CompareChart, Source, SweepChart, TornadoChart, run_charts};
use zopa::report::charts::{self, Chart, Format};
use zopa::report::compare_file::CompareFile;
use zopa::report::document::{self, Attached, FolderResults};
use zopa::report::whatif::{SensitivityFile, SweepFile};
use zopa::summary::Summary;

/// One chart file: its name and bytes.
type ChartFile = (String, Vec<u8>);

/// A summary's charts and report, rendered in memory and not yet written.
pub struct ReportFiles {
    /// `(file name, bytes)` for `charts/`.
    charts: Vec<(String, Vec<u8>)>,
    markdown: String,
    html: String,
}

impl ReportFiles {
    /// Renders every chart in `formats`, and the report (its HTML inlines
    /// SVG) with a section for each result in `folder`.
    pub fn render(
        summary: &Summary,
        formats: &[Format],
        folder: &FolderResults,
    ) -> Result<ReportFiles, String> {
        // Charts are independent: drawn and rasterised in parallel, kept in order.
        let rendered: Vec<(Vec<ChartFile>, String)> = run_charts(summary)
            .into_par_iter()
            .map(|chart| {
                let named = |err: String| format!("chart `{}`: {err}", chart.name());
                let svg = charts::svg(&chart, summary).map_err(named)?;
                let files = formats
                    .par_iter()
                    .map(|&format| {
                        let bytes = match format {
                            Format::Svg => svg.clone().into_bytes(),
                            Format::Png => charts::svg_to_png(&svg).map_err(named)?,
                        };
                        Ok((format!("{}.{}", chart.name(), format.extension()), bytes))
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                Ok((files, svg))
            })
            .collect::<Result<_, String>>()?;
        let mut files = Vec::new();
        let mut svgs = Vec::new();
        for (chart_files, svg) in rendered {
            files.extend(chart_files);
            svgs.push(svg);
        }
        let entries = document::chart_entries(summary);
        // The Markdown links PNG when written (it shows everywhere), else SVG.
        let linked = if formats.contains(&Format::Png) {
            Some("png")
        } else if formats.contains(&Format::Svg) {
            Some("svg")
        } else {
            None
        };
        Ok(ReportFiles {
            charts: files,
            markdown: document::markdown(summary, &entries, linked, folder),
            html: document::html(summary, &entries, &svgs, folder),
        })
    }

    /// Writes `report.md`, `report.html` and `charts/` into `dir`.
    pub fn write(&self, dir: &Path) -> Result<(), String> {
        if !self.charts.is_empty() {
            write_charts(&self.charts, &dir.join("charts"))?;
        }
        write_atomically(&dir.join("report.md"), &self.markdown)?;
        write_atomically(&dir.join("report.html"), &self.html)
    }

    /// Writes only the charts, into `dir`.
    pub fn write_charts_only(&self, dir: &Path) -> Result<usize, String> {
        write_charts(&self.charts, dir)?;
        Ok(self.charts.len())
    }
}

/// The compare, sweep and sensitivity results in `dir`, each with its chart:
/// the SVG drawn again from the file for the HTML, and the chart file beside
/// it (PNG, else SVG) for the Markdown to link. A file that cannot be read is
/// kept as its error, for the report to say so; one that is absent is `None`.
pub fn folder_results(dir: &Path) -> FolderResults {
    FolderResults {
        compare: found(dir, Source::Compare, &CompareChart, CompareFile::parse),
        sweep: found(dir, Source::Sweep, &SweepChart, |text| {
            SweepFile::parse(text).map_err(|err| err.to_string())
        }),
        sensitivity: found(dir, Source::Sensitivity, &TornadoChart, |text| {
            SensitivityFile::parse(text).map_err(|err| err.to_string())
        }),
    }
}

fn found<C: Chart>(
    dir: &Path,
    source: Source,
    chart: &C,
    parse: impl Fn(&str) -> Result<C::Data, String>,
) -> Option<Result<Attached<C::Data>, String>> {
    let path = dir.join(source.file_name());
    if !path.is_file() {
        return None;
    }
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) => return Some(Err(err.to_string())),
    };
    Some(parse(&text).map(|file| {
        let svg = charts::svg(chart, &file).ok();
        let link = ["png", "svg"]
            .iter()
            .map(|extension| format!("{}.{extension}", chart.name()))
            .find(|name| dir.join(name).is_file());
        Attached { file, svg, link }
    }))
}

/// Writes chart files into `dir`, then removes charts an earlier run left
/// that this set does not have.
fn write_charts(files: &[(String, Vec<u8>)], dir: &Path) -> Result<(), String> {
    prepare_directory(dir, Folder::Charts)?;
    for (name, bytes) in files {
        write_bytes_atomically(&dir.join(name), bytes)?;
    }
    let written: HashSet<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if is_chart_file(name) && !written.contains(name) {
                std::fs::remove_file(&path).map_err(|err| {
                    format!("cannot remove the stale chart {}: {err}", path.display())
                })?;
            }
        }
    }
    Ok(())
}

/// `zopa plot FILE [--out DIR] [--format ..]`: a run's charts from its
/// summary.json, or the chart of a compare.json, sweep.json or
/// sensitivity.json; whichever the file is, told by its keys. A folder stands
/// for the summary.json in it. Without `--out`, a summary's report is
/// rewritten beside it too, with the compare, sweep and sensitivity results
/// now in that folder.
pub fn plot(path: &Path, out: Option<&Path>, format: Option<FormatArg>) -> Result<(), String> {
    let path = if path.is_dir() {
        path.join(Source::Summary.file_name())
    } else {
        path.to_path_buf()
    };
    let path = path.as_path();
    let text = std::fs::read_to_string(path)
        .map_err(|err| format!("cannot read {}: {err}", path.display()))?;
    let located = |err: String| format!("{}: {err}", path.display());
    let beside = || match out {
        Some(dir) => dir.to_path_buf(),
        None => path.parent().unwrap_or(Path::new(".")).to_path_buf(),
    };
    let formats = formats(format);
    let files = match Source::detect(&text) {
        Some(Source::Summary) => {
            let summary = Summary::parse(&text).map_err(|err| located(err.to_string()))?;
            return plot_summary(&summary, &beside(), out.is_some(), &formats);
        }
        Some(Source::Compare) => {
            let file = CompareFile::parse(&text).map_err(located)?;
            charts::files(&CompareChart, &file, &formats)?
        }
        Some(Source::Sweep) => {
            let file = SweepFile::parse(&text).map_err(|err| located(err.to_string()))?;
            charts::files(&SweepChart, &file, &formats)?
        }
        Some(Source::Sensitivity) => {
            let file = SensitivityFile::parse(&text).map_err(|err| located(err.to_string()))?;
            charts::files(&TornadoChart, &file, &formats)?
        }
        None => {
            return Err(located(
                "not a file zopa draws charts from\n  help: give a summary.json, \
                 compare.json, sweep.json or sensitivity.json that zopa wrote"
                    .into(),
            ));
        }
    };
    let dir = beside();
    prepare_directory(&dir, Folder::Results)?;
    write_files(&dir, &files)?;
    eprintln!("Wrote {} to {}", chart_files(files.len()), dir.display());
    Ok(())
}

/// A summary's charts: into `dir` itself when it was given with `--out`,
/// else into `dir/charts/` with the report rewritten beside them, unless the
/// folder holds files zopa did not write (then the charts alone, as before).
fn plot_summary(
    summary: &Summary,
    dir: &Path,
    charts_only: bool,
    formats: &[Format],
) -> Result<(), String> {
    if charts_only {
        let files = ReportFiles::render(summary, formats, &FolderResults::default())?;
        let count = files.write_charts_only(dir)?;
        eprintln!("Wrote {} to {}", chart_files(count), dir.display());
        return Ok(());
    }
    let report = ReportFiles::render(summary, formats, &folder_results(dir))?;
    match prepare_directory(dir, Folder::Results) {
        Ok(()) => {
            report.write(dir)?;
            eprintln!(
                "Wrote {}, report.md and report.html to {}",
                chart_files(report.charts.len()),
                dir.display()
            );
        }
        Err(reason) => {
            let charts = dir.join("charts");
            let count = report.write_charts_only(&charts)?;
            eprintln!(
                "Wrote {} to {}; the report was not rewritten: {reason}",
                chart_files(count),
                charts.display()
            );
        }
    }
    Ok(())
}

/// After a compare, sweep or sensitivity written into `dir`: if a run's
/// summary is there too, how to bring these results into its report.
pub fn report_hint(dir: &Path) -> Option<String> {
    dir.join(Source::Summary.file_name()).is_file().then(|| {
        format!(
            "The report in {0} does not show these results yet: `zopa plot {0}` adds them.",
            dir.display()
        )
    })
}

/// "1 chart file", "10 chart files".
fn chart_files(count: usize) -> String {
    if count == 1 {
        "1 chart file".into()
    } else {
        format!("{count} chart files")
    }
}

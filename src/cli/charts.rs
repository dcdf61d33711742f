//! Writing a summary's charts and report: shared by `zopa run` (after the
//! trials) and `zopa plot` (charts only, from a summary.json on disk).
//!
//! The report takes in the compare, sweep and sensitivity results found in
//! the folder it is written to ([`folder_results`]).
//!
//! Every chart is rendered in memory first, then written into a new version
//! of the folder's result set and switched in whole (see `cli/output`), so
//! the folder always matches one summary: charts an earlier run drew that
//! this summary no longer has (say, a zone pair since removed) leave with it.

use super::error::CliError;
use super::output::{
    Folder, OutputFolder, ResultSet, Staged, only_foreign_names_at_top, refuse_foreign,
};
use super::session::{FormatArg, formats};
use rayon::prelude::*;
use std::path::Path;
use zopa::backtest::file::BacktestFile;
use zopa::report::charts::registry::{
    BacktestChart, CompareChart, ConcessionChart, Source, SweepChart, TornadoChart, run_charts,
};
use zopa::report::charts::{self, Chart, Format};
use zopa::report::compare_file::CompareFile;
use zopa::report::document::{self, Attached, FolderResults};
use zopa::report::negotiation::NegotiationFile;
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

    /// Writes `charts/`, `report.md` and `report.html` into a run's set.
    pub fn stage(&self, staged: &mut Staged) -> Result<(), String> {
        self.stage_charts(staged, "charts/")?;
        staged.write("report.md", self.markdown.as_bytes())?;
        staged.write("report.html", self.html.as_bytes())
    }

    /// Writes only the charts into a set, each name after `prefix`.
    fn stage_charts(&self, staged: &mut Staged, prefix: &str) -> Result<usize, String> {
        for (name, bytes) in &self.charts {
            staged.write(&format!("{prefix}{name}"), bytes)?;
        }
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
    let text = match read_result(&path) {
        Ok(text) => text,
        Err(err) => return Some(Err(err)),
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

/// `zopa plot FILE [--out DIR] [--format ..]`: a run's charts from its
/// summary.json, or the chart of a compare.json, sweep.json or
/// sensitivity.json; whichever the file is, told by its keys. A folder stands
/// for the summary.json in it. Without `--out`, a summary's report is
/// rewritten beside it too, with the compare, sweep and sensitivity results
/// now in that folder.
///
/// The file is read, checked and read again once the folder is locked, so
/// what is drawn is what the folder holds; the set it belongs to is then
/// switched in whole like any other (its data files carried over as they
/// are, the charts and report new).
pub fn plot(path: &Path, out: Option<&Path>, format: Option<FormatArg>) -> Result<(), CliError> {
    let path = if path.is_dir() {
        path.join(Source::Summary.file_name())
    } else {
        path.to_path_buf()
    };
    let path = path.as_path();
    let dir = match out {
        Some(dir) => dir.to_path_buf(),
        None => path.parent().unwrap_or(Path::new(".")).to_path_buf(),
    };
    let formats = formats(format);
    let (source, text) = read_source(path)?;
    if source == Source::Summary {
        return plot_summary(path, &dir, out.is_some(), &formats);
    }
    // Checked before the folder is touched: a bad file writes nothing.
    let mut drawn = whatif_files(path, source, &text, &formats)?;
    let output = OutputFolder::open(&dir, Folder::Results)?;
    // The file is read again where it really is (a zopa folder's names lead
    // into a version of its store, which never changes), and the files that
    // go with it are taken from that same folder, not from the output
    // folder, which may hold another set (`--out`).
    let real = std::fs::canonicalize(path).map_err(|err| format!("{}: {err}", path.display()))?;
    let (source_now, text_now) = read_source(&real)?;
    if (source_now, &text_now) != (source, &text) {
        drawn = whatif_files(path, source_now, &text_now, &formats)?;
    }
    let (set, data_files, files) = drawn;
    let mut staged = output.stage(set)?;
    // The set's data files are those the chart is drawn from; only its
    // chart is new.
    let drawn_from = source_now.file_name();
    staged.write(drawn_from, text_now.as_bytes())?;
    let beside = real.parent().unwrap_or(Path::new("/"));
    for name in data_files.iter().filter(|name| **name != drawn_from) {
        staged.carry_from(beside, name)?;
    }
    for (name, bytes) in &files {
        staged.write(name, bytes)?;
    }
    staged.commit()?;
    eprintln!("Wrote {} to {}", chart_files(files.len()), dir.display());
    Ok(())
}

/// The set a compare.json, sweep.json or sensitivity.json belongs to, its
/// data files, and its chart drawn from `text`.
fn whatif_files(
    path: &Path,
    source: Source,
    text: &str,
    formats: &[Format],
) -> Result<(ResultSet, &'static [&'static str], Vec<ChartFile>), String> {
    let located = |err: String| format!("{}: {err}", path.display());
    Ok(match source {
        Source::Compare => {
            let file = CompareFile::parse(text).map_err(located)?;
            let files = charts::files(&CompareChart, &file, formats)?;
            (ResultSet::Compare, &["compare.json", "compare.csv"], files)
        }
        Source::Sweep => {
            let file = SweepFile::parse(text).map_err(|err| located(err.to_string()))?;
            let files = charts::files(&SweepChart, &file, formats)?;
            (ResultSet::Sweep, &["sweep.json", "sweep.csv"], files)
        }
        Source::Sensitivity => {
            let file = SensitivityFile::parse(text).map_err(|err| located(err.to_string()))?;
            let files = charts::files(&TornadoChart, &file, formats)?;
            (ResultSet::Sensitivity, &["sensitivity.json"], files)
        }
        Source::Backtest => {
            let file = BacktestFile::parse(text).map_err(located)?;
            let mut files = Vec::new();
            for chart in BacktestChart::ALL {
                files.extend(charts::files(&chart, &file, formats)?);
            }
            (
                ResultSet::Backtest,
                &["backtest.json", "backtest.csv", "backtest.md"],
                files,
            )
        }
        Source::Negotiation => {
            let file = NegotiationFile::parse(text).map_err(located)?;
            let files = charts::files(&ConcessionChart, &file, formats)?;
            (
                ResultSet::Negotiation,
                &["negotiation.json", "moves.txt"],
                files,
            )
        }
        Source::Summary => {
            return Err(located(
                "changed from a compare, sweep or sensitivity file into a summary while \
                 zopa read it; run zopa plot again"
                    .into(),
            ));
        }
    })
}

/// The largest result file `zopa plot` reads. A summary.json holds at most
/// 45 zone grids of 40 × 40 counts and a few thousand other numbers (a few
/// MB at most); anything far larger is not one zopa wrote.
const MAX_RESULT_BYTES: usize = 64 * 1024 * 1024;

/// Reads a result file: a regular file (never a pipe or device, which could
/// block or never end) of at most [`MAX_RESULT_BYTES`], as UTF-8.
fn read_result(path: &Path) -> Result<String, String> {
    let bytes = zopa::scenario::read_bounded(path, MAX_RESULT_BYTES).map_err(|problem| {
        format!(
            "{}: {}\n  help: {}",
            path.display(),
            problem.message,
            problem.help
        )
    })?;
    if bytes.len() > MAX_RESULT_BYTES {
        return Err(format!(
            "{}: larger than the {} MB a result file zopa writes can be\n  help: give \
             {RESULT_FILES} that zopa wrote",
            path.display(),
            MAX_RESULT_BYTES / (1024 * 1024)
        ));
    }
    String::from_utf8(bytes).map_err(|_| {
        format!(
            "{}: not UTF-8 text\n  help: give {RESULT_FILES} that zopa wrote",
            path.display()
        )
    })
}

/// The files `zopa plot` draws from, for messages.
const RESULT_FILES: &str =
    "a summary.json, compare.json, sweep.json, sensitivity.json, backtest.json or negotiation.json";

/// Reads a file zopa draws charts from and tells its kind.
fn read_source(path: &Path) -> Result<(Source, String), String> {
    let text = read_result(path)?;
    match Source::detect(&text) {
        Some(source) => Ok((source, text)),
        None => Err(format!(
            "{}: not a file zopa draws charts from\n  help: give {RESULT_FILES} that zopa wrote",
            path.display()
        )),
    }
}

/// Reads and parses a summary.json.
fn read_summary(path: &Path) -> Result<(String, Summary), String> {
    let text = read_result(path)?;
    let summary = Summary::parse(&text).map_err(|err| format!("{}: {err}", path.display()))?;
    Ok((text, summary))
}

/// A summary's charts: into `dir` itself when it was given with `--out`,
/// else into `dir/charts/` with the report rewritten beside them, unless the
/// folder holds files zopa did not write (then the charts alone, as before,
/// the earlier report kept).
fn plot_summary(
    path: &Path,
    dir: &Path,
    charts_only: bool,
    formats: &[Format],
) -> Result<(), CliError> {
    // Checked before the folder is touched: a bad summary writes nothing.
    read_summary(path)?;
    if charts_only {
        let output = OutputFolder::open(dir, Folder::Charts)?;
        let (_, summary) = read_summary(path)?;
        let files = ReportFiles::render(&summary, formats, &FolderResults::default())?;
        let mut staged = output.stage(ResultSet::Charts)?;
        let count = files.stage_charts(&mut staged, "")?;
        staged.commit()?;
        eprintln!("Wrote {} to {}", chart_files(count), dir.display());
        return Ok(());
    }
    // Files of the user's beside the summary keep the report as it was; a
    // name of zopa's holding something else, or a foreign file among the
    // charts, is refused as `zopa run` would.
    let refused = refuse_foreign(dir, Folder::Results).err();
    if let Some(reason) = &refused
        && !only_foreign_names_at_top(dir)
    {
        return Err(reason.clone().into());
    }
    let output = OutputFolder::open_unchecked(dir)?;
    let (text, summary) = read_summary(path)?;
    let report = ReportFiles::render(&summary, formats, &folder_results(dir))?;
    let mut staged = output.stage(ResultSet::Run)?;
    staged.write(Source::Summary.file_name(), text.as_bytes())?;
    staged.carry("trials.csv")?;
    match &refused {
        None => report.stage(&mut staged)?,
        Some(_) => {
            report.stage_charts(&mut staged, "charts/")?;
            staged.carry("report.md")?;
            staged.carry("report.html")?;
        }
    }
    staged.commit()?;
    match refused {
        None => eprintln!(
            "Wrote {}, report.md and report.html to {}",
            chart_files(report.charts.len()),
            dir.display()
        ),
        Some(reason) => eprintln!(
            "Wrote {} to {}; the report was not rewritten: {reason}",
            chart_files(report.charts.len()),
            dir.join("charts").display()
        ),
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

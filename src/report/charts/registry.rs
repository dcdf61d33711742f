//! Every chart zopa draws, listed once. The output-directory policy (which
//! file names zopa may write and remove), the report (titles and readings) and
//! `zopa plot` (which charts a file redraws) all read this list, so a new chart
//! added here is written, reported, cleaned up and redrawn alike, and one left
//! out of a `match` fails the build.

use super::theme::ChartResult;
use super::{
    Chart, backtest, compare, concession, pair, proposals, readings, rounds, sweep, tornado,
    utilities, zones,
};
use crate::backtest::file::BacktestFile;
use crate::report::compare_file::CompareFile;
use crate::report::negotiation::NegotiationFile;
use crate::report::whatif::files::{SensitivityFile, SweepFile};
use crate::summary::Summary;
use plotters::coord::Shift;
use plotters::prelude::*;

/// The kinds of chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartKind {
    Zones,
    Pair,
    Utilities,
    Proposals,
    Rounds,
    Compare,
    Sweep,
    Tornado,
    Calibration,
    Errors,
    Concession,
}

/// The JSON file a chart is drawn from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// `summary.json` of `zopa run`; its charts go into `charts/`.
    Summary,
    /// `compare.json` of `zopa compare`; its chart goes beside it.
    Compare,
    /// `sweep.json` of `zopa sweep`; its chart goes beside it.
    Sweep,
    /// `sensitivity.json` of `zopa sensitivity`; its chart goes beside it.
    Sensitivity,
    /// `backtest.json` of `zopa backtest`; its charts go beside it.
    Backtest,
    /// `negotiation.json` of `zopa play` or `zopa explain --chart`; its
    /// chart goes beside it.
    Negotiation,
}

impl Source {
    /// The file's name.
    pub fn file_name(self) -> &'static str {
        match self {
            Source::Summary => "summary.json",
            Source::Compare => "compare.json",
            Source::Sweep => "sweep.json",
            Source::Sensitivity => "sensitivity.json",
            Source::Backtest => "backtest.json",
            Source::Negotiation => "negotiation.json",
        }
    }

    /// Tells the kind of a result file by its top-level keys: each has one no
    /// other has.
    pub fn detect(text: &str) -> Option<Source> {
        #[derive(serde::Deserialize)]
        struct Keys {
            calibration: Option<serde::de::IgnoredAny>,
            models: Option<serde::de::IgnoredAny>,
            points: Option<serde::de::IgnoredAny>,
            inputs: Option<serde::de::IgnoredAny>,
            issues: Option<serde::de::IgnoredAny>,
            axes: Option<serde::de::IgnoredAny>,
        }
        let keys: Keys = serde_json::from_str(text).ok()?;
        if keys.calibration.is_some() {
            return Some(Source::Backtest);
        }
        if keys.axes.is_some() {
            return Some(Source::Negotiation);
        }
        match (keys.models, keys.points, keys.inputs, keys.issues) {
            (Some(_), _, _, _) => Some(Source::Compare),
            (None, Some(_), _, _) => Some(Source::Sweep),
            (None, None, Some(_), _) => Some(Source::Sensitivity),
            (None, None, None, Some(_)) => Some(Source::Summary),
            (None, None, None, None) => None,
        }
    }
}

impl ChartKind {
    /// Every kind, in the order a report shows them.
    pub const ALL: [ChartKind; 11] = [
        ChartKind::Zones,
        ChartKind::Pair,
        ChartKind::Utilities,
        ChartKind::Proposals,
        ChartKind::Rounds,
        ChartKind::Compare,
        ChartKind::Sweep,
        ChartKind::Tornado,
        ChartKind::Calibration,
        ChartKind::Errors,
        ChartKind::Concession,
    ];

    /// The file stem (for [`ChartKind::Pair`], the prefix before the issue ids).
    pub fn stem(self) -> &'static str {
        match self {
            ChartKind::Zones => "zones",
            ChartKind::Pair => "zone_",
            ChartKind::Utilities => "utilities",
            ChartKind::Proposals => "proposals",
            ChartKind::Rounds => "rounds",
            ChartKind::Compare => "compare",
            ChartKind::Sweep => "sweep",
            ChartKind::Tornado => "tornado",
            ChartKind::Calibration => "calibration",
            ChartKind::Errors => "errors",
            ChartKind::Concession => "concession",
        }
    }

    /// What the chart is drawn from.
    pub fn source(self) -> Source {
        match self {
            ChartKind::Zones
            | ChartKind::Pair
            | ChartKind::Utilities
            | ChartKind::Proposals
            | ChartKind::Rounds => Source::Summary,
            ChartKind::Compare => Source::Compare,
            ChartKind::Sweep => Source::Sweep,
            ChartKind::Tornado => Source::Sensitivity,
            ChartKind::Calibration | ChartKind::Errors => Source::Backtest,
            ChartKind::Concession => Source::Negotiation,
        }
    }

    /// Whether a file stem is one this kind writes.
    pub fn matches(self, stem: &str) -> bool {
        match self {
            ChartKind::Pair => stem.starts_with(self.stem()),
            ChartKind::Zones
            | ChartKind::Utilities
            | ChartKind::Proposals
            | ChartKind::Rounds
            | ChartKind::Compare
            | ChartKind::Sweep
            | ChartKind::Tornado
            | ChartKind::Calibration
            | ChartKind::Errors
            | ChartKind::Concession => stem == self.stem(),
        }
    }
}

/// The chart formats' extensions.
const EXTENSIONS: [&str; 2] = ["svg", "png"];

/// Whether `name` is a chart file that a run's `charts/` folder may hold.
pub fn is_run_chart_file(name: &str) -> bool {
    let Some((stem, extension)) = name.rsplit_once('.') else {
        return false;
    };
    EXTENSIONS.contains(&extension)
        && ChartKind::ALL
            .iter()
            .any(|kind| kind.source() == Source::Summary && kind.matches(stem))
}

/// The chart files written beside a what-if file (e.g. `compare.svg`).
pub fn beside_chart_files() -> Vec<String> {
    ChartKind::ALL
        .iter()
        .filter(|kind| kind.source() != Source::Summary)
        .flat_map(|kind| EXTENSIONS.map(|extension| format!("{}.{extension}", kind.stem())))
        .collect()
}

/// The longest chart file stem: with `.svg` or `.png` a name stays under
/// 100 bytes, far inside every file system's limit (255 on Linux).
const MAX_STEM: usize = 90;

/// Whether a character may stand in a chart file name as it is.
fn file_safe_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// The file stem of the zone chart of issues `x` and `y`: the one place issue
/// ids become part of a file name.
///
/// Ids of ASCII letters, digits, `-` and `_` give `zone_<x>_<y>` as they are.
/// Anything else (a `/`, a `.`, a control character, a letter outside ASCII)
/// becomes `_`, and a stem that had to change, or would pass 90 bytes, is
/// cut short and ends in a hash of both ids, so two pairs never share a name
/// and a file name stays under 100 bytes. Whatever an id holds, the file
/// stays in its folder.
///
/// ```
/// use zopa::report::charts::registry::pair_stem;
/// assert_eq!(pair_stem("territory", "sanctions"), "zone_territory_sanctions");
/// let odd = pair_stem("../../etc", "x");
/// assert!(odd.starts_with("zone_______etc_x-"));
/// assert!(!odd.contains('/') && !odd.contains('.'));
/// ```
pub fn pair_stem(x: &str, y: &str) -> String {
    let plain = format!("{}{x}_{y}", ChartKind::Pair.stem());
    if plain.len() <= MAX_STEM && x.chars().chain(y.chars()).all(file_safe_char) {
        return plain;
    }
    hashed_pair_stem(x, y)
}

/// [`pair_stem`]'s changed form: the stem made safe, cut short, and a
/// 48-bit hash of both ids (12 hex digits) after a `-`.
fn hashed_pair_stem(x: &str, y: &str) -> String {
    let hash = pair_hash(x, y);
    let kept: String = format!("{}{x}_{y}", ChartKind::Pair.stem())
        .chars()
        .map(|c| if file_safe_char(c) { c } else { '_' })
        .take(MAX_STEM - 13)
        .collect();
    format!("{kept}-{hash:012x}")
}

/// FNV-1a over `x`'s length, `x` and `y` (the length keeps `("a_b", "c")`
/// and `("a", "b_c")` apart): a fixed, portable hash, so names are the same
/// on every machine. 48 bits.
fn pair_hash(x: &str, y: &str) -> u64 {
    let bytes = (x.len() as u64)
        .to_le_bytes()
        .into_iter()
        .chain(x.bytes())
        .chain(y.bytes());
    let hash = bytes.fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    (hash ^ (hash >> 48)) & 0xffff_ffff_ffff
}

/// One chart of a run, drawn from its summary.
#[derive(Clone, Debug, PartialEq)]
pub enum RunChart {
    Zones,
    /// The outcome zone of two continuous issues, by id. `hashed` when
    /// another pair of the run has the same plain name (`("a_b", "c")` and
    /// `("a", "b_c")` both give `zone_a_b_c`): this one then takes the
    /// hashed form of [`pair_stem`].
    Pair {
        x: String,
        y: String,
        hashed: bool,
    },
    Utilities,
    Proposals,
    Rounds,
}

/// Every chart the summary has data for, in reading order.
pub fn run_charts(summary: &Summary) -> Vec<RunChart> {
    let mut all = vec![RunChart::Zones];
    let pairs = summary
        .charts
        .as_ref()
        .map(|c| c.pairs.clone())
        .unwrap_or_default();
    // Every chart of a run needs a file name of its own: a pair listed twice
    // is drawn once, and a pair whose name another already took is hashed.
    let mut names = std::collections::HashSet::new();
    for (x, y) in pairs {
        if pair::find(summary, &x, &y).is_none()
            || all.iter().any(
                |chart| matches!(chart, RunChart::Pair { x: a, y: b, .. } if *a == x && *b == y),
            )
        {
            continue;
        }
        let hashed = !names.insert(pair_stem(&x, &y));
        if hashed {
            names.insert(hashed_pair_stem(&x, &y));
        }
        all.push(RunChart::Pair { x, y, hashed });
    }
    if summary.utilities.is_some() {
        all.push(RunChart::Utilities);
    }
    if !summary.proposals.is_empty() {
        all.push(RunChart::Proposals);
    }
    if summary.rounds.is_some() {
        all.push(RunChart::Rounds);
    }
    all
}

impl Chart for RunChart {
    type Data = Summary;

    fn kind(&self) -> ChartKind {
        match self {
            RunChart::Zones => ChartKind::Zones,
            RunChart::Pair { .. } => ChartKind::Pair,
            RunChart::Utilities => ChartKind::Utilities,
            RunChart::Proposals => ChartKind::Proposals,
            RunChart::Rounds => ChartKind::Rounds,
        }
    }

    fn name(&self) -> String {
        match self {
            RunChart::Pair { x, y, hashed } => {
                if *hashed {
                    hashed_pair_stem(x, y)
                } else {
                    pair_stem(x, y)
                }
            }
            RunChart::Zones | RunChart::Utilities | RunChart::Proposals | RunChart::Rounds => {
                self.kind().stem().to_string()
            }
        }
    }

    fn title(&self, summary: &Summary) -> String {
        match self {
            RunChart::Zones => "Zones of agreement".into(),
            RunChart::Pair { x, y, .. } => readings::pair_reading(summary, x, y).0,
            RunChart::Utilities => "Who gains".into(),
            RunChart::Proposals => "Reference proposals".into(),
            RunChart::Rounds => "When talks end".into(),
        }
    }

    fn reading(&self, summary: &Summary) -> String {
        match self {
            RunChart::Zones => readings::zones_reading(summary),
            RunChart::Pair { x, y, .. } => readings::pair_reading(summary, x, y).1,
            RunChart::Utilities => readings::utilities_reading(summary),
            RunChart::Proposals => readings::proposals_reading(summary),
            RunChart::Rounds => readings::rounds_reading(summary),
        }
    }

    fn size(&self, summary: &Summary) -> (u32, u32) {
        match self {
            RunChart::Zones => zones::size(summary),
            RunChart::Pair { .. } => pair::size(),
            RunChart::Utilities => utilities::size(),
            RunChart::Proposals => proposals::size(summary),
            RunChart::Rounds => rounds::size(),
        }
    }

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        summary: &Summary,
    ) -> ChartResult {
        match self {
            RunChart::Zones => zones::draw(area, summary),
            RunChart::Pair { x, y, .. } => pair::draw(area, summary, x, y),
            RunChart::Utilities => utilities::draw(area, summary),
            RunChart::Proposals => proposals::draw(area, summary),
            RunChart::Rounds => rounds::draw(area, summary),
        }
    }
}

/// The compare chart, drawn from `compare.json`.
pub struct CompareChart;

impl Chart for CompareChart {
    type Data = CompareFile;

    fn kind(&self) -> ChartKind {
        ChartKind::Compare
    }

    fn name(&self) -> String {
        ChartKind::Compare.stem().into()
    }

    fn title(&self, _: &CompareFile) -> String {
        "Models compared".into()
    }

    fn reading(&self, file: &CompareFile) -> String {
        format!(
            "Each model plays the same {}; rows differ only because the models do.",
            crate::format::count(file.trials_per_run, "trial")
        )
    }

    fn size(&self, file: &CompareFile) -> (u32, u32) {
        compare::size(file)
    }

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        file: &CompareFile,
    ) -> ChartResult {
        compare::draw(area, file)
    }
}

/// The sweep chart, drawn from `sweep.json`.
pub struct SweepChart;

impl Chart for SweepChart {
    type Data = SweepFile;

    fn kind(&self) -> ChartKind {
        ChartKind::Sweep
    }

    fn name(&self) -> String {
        ChartKind::Sweep.stem().into()
    }

    fn title(&self, file: &SweepFile) -> String {
        format!("What if {} changes", file.parameter_name())
    }

    fn reading(&self, file: &SweepFile) -> String {
        format!(
            "Each point is a full run with {} set to that value and the same seed, so the lines move only because the parameter does.",
            file.parameter_name()
        )
    }

    fn size(&self, file: &SweepFile) -> (u32, u32) {
        sweep::size(file)
    }

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        file: &SweepFile,
    ) -> ChartResult {
        sweep::draw(area, file)
    }
}

/// The tornado chart, drawn from `sensitivity.json`.
pub struct TornadoChart;

impl Chart for TornadoChart {
    type Data = SensitivityFile;

    fn kind(&self) -> ChartKind {
        ChartKind::Tornado
    }

    fn name(&self) -> String {
        ChartKind::Tornado.stem().into()
    }

    fn title(&self, _: &SensitivityFile) -> String {
        "Which uncertain inputs matter".into()
    }

    fn reading(&self, file: &SensitivityFile) -> String {
        match file.inputs.first() {
            Some(top) => format!(
                "{} moves the outcome most; bars show each input fixed at its 10th and 90th percentile.",
                top.display_name()
            ),
            None => "The scenario has no uncertain inputs.".into(),
        }
    }

    fn size(&self, file: &SensitivityFile) -> (u32, u32) {
        tornado::size(file)
    }

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        file: &SensitivityFile,
    ) -> ChartResult {
        tornado::draw(area, file)
    }
}

/// The concession chart, drawn from `negotiation.json`.
pub struct ConcessionChart;

impl Chart for ConcessionChart {
    type Data = NegotiationFile;

    fn kind(&self) -> ChartKind {
        ChartKind::Concession
    }

    fn name(&self) -> String {
        ChartKind::Concession.stem().into()
    }

    fn title(&self, _: &NegotiationFile) -> String {
        "Concessions round by round".into()
    }

    fn reading(&self, file: &NegotiationFile) -> String {
        format!(
            "Each marker is one offer; read how far each proposer conceded before {}.",
            match file.ending {
                crate::report::negotiation::Ending::Agreement => "the deal",
                _ => "the talks ended",
            }
        )
    }

    fn size(&self, _: &NegotiationFile) -> (u32, u32) {
        concession::size()
    }

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        file: &NegotiationFile,
    ) -> ChartResult {
        concession::draw(area, file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_become_safe_distinct_short_file_names() {
        assert_eq!(
            pair_stem("territory", "army-cap_2"),
            "zone_territory_army-cap_2"
        );
        let safe = |name: &str| name.chars().all(file_safe_char);
        for hostile in [
            "../../etc",
            "a/b",
            "a\\b",
            ".hidden",
            "x\u{1b}[2J",
            "ü",
            "",
            "\0",
        ] {
            let name = pair_stem(hostile, "y");
            assert!(safe(&name), "{hostile:?} gave {name:?}");
            assert!(is_run_chart_file(&format!("{name}.svg")), "{name}");
        }
        // Changed ids stay distinct, from each other and from plain ids.
        let names = [
            pair_stem("a/b", "c"),
            pair_stem("a.b", "c"),
            pair_stem("a_b", "c"),
            pair_stem("a", "b/c"),
            hashed_pair_stem("a_b", "c"),
            hashed_pair_stem("a", "b_c"),
        ];
        let distinct: std::collections::HashSet<_> = names.iter().collect();
        assert_eq!(distinct.len(), names.len(), "{names:?}");
        // Long ids, even of safe characters, give names under 100 bytes
        // (with the extension) that still differ.
        let long = "x".repeat(5000);
        let longer = "x".repeat(5001);
        for (x, y) in [
            (long.as_str(), "y"),
            (longer.as_str(), "y"),
            ("y", long.as_str()),
            (long.as_str(), longer.as_str()),
        ] {
            let name = format!("{}.png", pair_stem(x, y));
            assert!(name.len() < 100, "{} bytes", name.len());
            assert!(safe(name.trim_end_matches(".png")));
        }
        assert_ne!(pair_stem(&long, "y"), pair_stem(&longer, "y"));
        assert_ne!(pair_stem(&long, "y"), pair_stem("y", &long));
        // Multi-byte characters are cut on a character boundary.
        assert!(pair_stem(&"é".repeat(300), "y").len() <= MAX_STEM);
    }
}

/// The charts of `zopa backtest`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BacktestChart {
    Calibration,
    Errors,
}

impl BacktestChart {
    pub const ALL: [BacktestChart; 2] = [BacktestChart::Calibration, BacktestChart::Errors];
}

impl Chart for BacktestChart {
    type Data = BacktestFile;

    fn kind(&self) -> ChartKind {
        match self {
            BacktestChart::Calibration => ChartKind::Calibration,
            BacktestChart::Errors => ChartKind::Errors,
        }
    }

    fn name(&self) -> String {
        self.kind().stem().into()
    }

    fn title(&self, _: &BacktestFile) -> String {
        match self {
            BacktestChart::Calibration => "Do the forecast intervals hold the real outcome?".into(),
            BacktestChart::Errors => "How far the forecasts missed".into(),
        }
    }

    fn reading(&self, file: &BacktestFile) -> String {
        match self {
            BacktestChart::Calibration => format!(
                "On the diagonal an interval holds the real outcome as often as it promises; above it the intervals are wider than they need be, below it too narrow. Margins: {}.",
                file.calibration
            ),
            BacktestChart::Errors => "Best model first. Intervals overlap much: on data this noisy, differences under about one point are not meaningful.".into(),
        }
    }

    fn size(&self, file: &BacktestFile) -> (u32, u32) {
        match self {
            BacktestChart::Calibration => backtest::calibration_size(),
            BacktestChart::Errors => backtest::errors_size(file),
        }
    }

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        file: &BacktestFile,
    ) -> ChartResult {
        match self {
            BacktestChart::Calibration => backtest::draw_calibration(area, file),
            BacktestChart::Errors => backtest::draw_errors(area, file),
        }
    }
}

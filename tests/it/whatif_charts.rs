//! The sweep and tornado charts: drawn from a small sweep and a small
//! sensitivity analysis, as SVG that parses and PNG that decodes at twice the
//! chart's size.

use crate::common::{svg_texts, uncertain_dollar};
use std::path::Path;
use zopa::report::charts::registry::{SweepChart, TornadoChart};
use zopa::report::charts::{self, Chart, PNG_SCALE, tornado};
use zopa::report::whatif::{SensitivityFile, SweepFile, to_json};
use zopa::scenario::{self, Scenario};
use zopa::whatif::sensitivity::sensitivity;
use zopa::whatif::sweep::sweep as run_sweep;
use zopa::whatif::{Hooks, ParamPath, Settings};

fn dollar() -> Scenario {
    scenario::load(Path::new("scenarios/classroom/divide_the_dollar.ron"))
        .unwrap_or_else(|err| panic!("{err}"))
}

/// Checks the SVG parses and holds every label, and the PNG decodes at 2×.
fn check<C: Chart>(chart: &C, data: &C::Data, labels: &[&str]) {
    let svg = charts::svg(chart, data).unwrap();
    let text = svg_texts(&svg).join("\n");
    for label in labels {
        assert!(
            text.contains(label),
            "`{label}` missing from {}",
            chart.name()
        );
    }
    let png = charts::render(chart, data, charts::Format::Png).unwrap();
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).unwrap();
    assert_eq!(PNG_SCALE, 2.0);
    assert_eq!(
        (pixmap.width(), pixmap.height()),
        (chart.size(data).0 * 2, chart.size(data).1 * 2)
    );
}

#[test]
fn the_sweep_chart_shows_each_issue_and_the_rates() {
    let scenario = dollar();
    let settings = Settings::resolve(&scenario, None, Some(200), None);
    let path = ParamPath::parse(&scenario, "actors.a.reservation").unwrap();
    let result = run_sweep(
        &scenario,
        &path,
        &[0.0, 0.1, 0.2, 0.3],
        &settings,
        &Hooks::default(),
    )
    .unwrap();
    // Drawn from sweep.json as written and read back, as `zopa plot` does.
    let file = SweepFile::parse(&to_json(&SweepFile::new(&scenario, &result))).unwrap();
    let mut labels = vec![
        "What if actors.a.reservation changes",
        "Agreement and ZOPA rates",
        "200 trials per value",
    ];
    labels.extend(scenario.issues.iter().map(|issue| issue.name.as_str()));
    labels.push(&scenario.name);
    check(&SweepChart, &file, &labels);
}

#[test]
fn the_tornado_chart_labels_each_input() {
    let scenario = uncertain_dollar();
    let settings = Settings::resolve(&scenario, None, Some(200), None);
    let result = sensitivity(&scenario, &settings, &Hooks::default()).unwrap();
    assert_eq!(result.inputs.len(), 2);
    let file = SensitivityFile::parse(&to_json(&SensitivityFile::new(&scenario, &result))).unwrap();
    let mut labels = vec![
        "input at its 10th percentile",
        "input at its 90th percentile",
    ];
    labels.extend(
        result
            .inputs
            .iter()
            .take(tornado::TOP)
            .map(|input| input.path.as_str()),
    );
    check(&TornadoChart, &file, &labels);
    // Bars follow the score order.
    let bars = tornado::bars(&file);
    for (bar, input) in bars.iter().zip(&result.inputs) {
        assert_eq!(bar.path, input.path);
        assert!(bar.low.is_finite() && bar.high.is_finite());
    }
}

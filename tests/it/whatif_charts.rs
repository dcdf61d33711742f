//! The sweep and tornado charts: drawn from a small sweep and a small
//! sensitivity analysis, as SVG that parses and PNG that decodes at twice the
//! chart's size.

use crate::common::{svg_texts, uncertain_dollar};
use std::path::Path;
use zopa::report::charts::registry::{SweepChart, TornadoChart};
use zopa::report::charts::sweep::marks::{self, MIN_AGREEMENTS, Mark};
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
        "What if Player A · reservation changes",
        "Player A · reservation (utility)",
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
            .map(|input| input.label.as_str()),
    );
    check(&TornadoChart, &file, &labels);
    // Bars follow the score order.
    let bars = tornado::bars(&file);
    for (bar, input) in bars.iter().zip(&result.inputs) {
        assert_eq!(bar.path, input.path);
        assert_eq!(bar.label, input.label);
        assert!(bar.low.is_finite() && bar.high.is_finite());
    }
}

fn load(file: &str) -> Scenario {
    scenario::load(Path::new(file)).unwrap_or_else(|err| panic!("{err}"))
}

/// `sweep.json` of `path` over `values`, written and read back.
fn sweep_file(scenario: &Scenario, path: &str, values: &[f64], trials: u64) -> SweepFile {
    let settings = Settings::resolve(scenario, None, Some(trials), None);
    let path = ParamPath::parse(scenario, path).unwrap();
    let result = run_sweep(scenario, &path, values, &settings, &Hooks::default()).unwrap();
    SweepFile::parse(&to_json(&SweepFile::new(scenario, &result))).unwrap()
}

#[test]
fn an_issue_panel_spans_the_issues_whole_scale() {
    // Agreements on the flagship's neutrality sit at 0.9–1; the panel still
    // runs from 0 to 1, and the army cap's from 400 to 1,000.
    for range in [[0.0, 1.0], [400.0, 1000.0], [-5.0, 5.0]] {
        let (y0, y1) = marks::issue_y_range(range);
        let span = range[1] - range[0];
        assert!(y0 <= range[0] && y1 >= range[1], "{range:?} -> {y0}..{y1}");
        assert!(range[0] - y0 <= 0.1 * span && y1 - range[1] <= 0.1 * span);
    }
    // A degenerate range still gives a drawable axis around it.
    let (y0, y1) = marks::issue_y_range([3.0, 3.0]);
    assert!(y0 < 3.0 && y1 > 3.0);
}

#[test]
fn a_point_with_few_agreements_gets_a_hollow_mark_not_a_band() {
    let scenario = dollar();
    let mut file = sweep_file(&scenario, "actors.a.reservation", &[0.0, 0.1, 0.2], 200);
    assert_eq!(file.points[0].agreements, Some(200));
    file.points[0].agreements = Some(MIN_AGREEMENTS - 1);
    file.points[1].agreements = Some(MIN_AGREEMENTS);
    file.points[2].agreements = Some(0);
    let marks = marks::marks(&file, "share_a");
    assert!(matches!(
        marks[0].1,
        Mark::Few { agreements, .. } if agreements == MIN_AGREEMENTS - 1
    ));
    assert!(matches!(marks[1].1, Mark::Band { .. }));
    assert_eq!(marks[2].1, Mark::Empty);
    // The chart says so: the count beside the mark, the rule in the legend.
    let svg = charts::svg(&SweepChart, &file).unwrap();
    let text = svg_texts(&svg).join("\n");
    assert!(
        text.contains(&format!("n={}", MIN_AGREEMENTS - 1)),
        "{text}"
    );
    assert!(
        text.contains(&format!("≥ {MIN_AGREEMENTS} agreements")),
        "{text}"
    );
    assert!(!text.contains(&format!("n={MIN_AGREEMENTS}")), "{text}");
}

#[test]
fn a_file_without_counts_or_labels_still_draws() {
    let scenario = dollar();
    let file = sweep_file(&scenario, "actors.a.reservation", &[0.0, 0.1], 200);
    let mut json: serde_json::Value = serde_json::from_str(&to_json(&file)).unwrap();
    json.as_object_mut().unwrap().remove("parameter_label");
    for point in json["points"].as_array_mut().unwrap() {
        point.as_object_mut().unwrap().remove("agreements");
    }
    let old = SweepFile::parse(&json.to_string()).unwrap();
    assert_eq!(old.parameter_name(), "actors.a.reservation");
    assert_eq!(old.points[0].agreement_count(old.trials_per_run), 200);
    check(&SweepChart, &old, &["What if actors.a.reservation changes"]);
}

#[test]
fn the_sweep_chart_draws_a_discrete_issue() {
    let scenario = load("scenarios/classroom/mixed_issues.ron");
    let file = sweep_file(&scenario, "actors.seller.reservation", &[0.0, 0.3], 200);
    let shares = marks::shares(&file, "delivery");
    assert_eq!(shares.len(), 2);
    for (_, point) in &shares {
        assert!(point.enough());
        assert!((point.shares.iter().sum::<f64>() - 1.0).abs() < 1e-6);
    }
    check(
        &SweepChart,
        &file,
        &[
            "Delivery time",
            "1 week",
            "2 weeks",
            "4 weeks",
            "% of agreements",
            "Seller · reservation (utility)",
        ],
    );
}

#[test]
fn each_tornado_panel_has_one_unit() {
    let scenario = load("scenarios/ukraine_2026.ron");
    let settings = Settings::resolve(&scenario, None, Some(300), None);
    let result = sensitivity(&scenario, &settings, &Hooks::default()).unwrap();
    let file = SensitivityFile::parse(&to_json(&SensitivityFile::new(&scenario, &result))).unwrap();
    let panels = tornado::panels(&file);
    let scales: Vec<tornado::Scale> = panels.iter().map(|(scale, _)| *scale).collect();
    assert_eq!(scales.len(), 2, "the flagship has bars of both units");
    assert_ne!(scales[0], scales[1]);
    let mut ranks = Vec::new();
    for (scale, rows) in &panels {
        for (rank, bar) in rows {
            assert_eq!(bar.scale, *scale);
            assert_eq!(
                bar.scale == tornado::Scale::IssueRange,
                bar.measure.ends_with("(median)"),
                "{bar:?}"
            );
            ranks.push(*rank);
        }
    }
    ranks.sort_unstable();
    assert_eq!(ranks, (0..tornado::bars(&file).len()).collect::<Vec<_>>());
    // Labels from names, with the overall rank; the path stays in the file.
    let top = &file.inputs[0];
    check(
        &TornadoChart,
        &file,
        &[
            &format!("1. {}", top.label),
            tornado::Scale::IssueRange.axis(),
            tornado::Scale::Points.axis(),
        ],
    );
    assert!(top.label.contains(" · ") && !top.label.contains("actors."));
}

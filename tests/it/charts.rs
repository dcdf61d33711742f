//! Charts and the report, rendered from summaries of real runs: every SVG
//! parses and carries its title, labels and series; every PNG decodes at the
//! expected size; the drawing code also runs on a bitmap backend; the
//! Markdown report is snapshot-tested.

use crate::common::{summary_of, svg_texts};

use plotters::prelude::*;
use zopa::ModelKind;
use zopa::report::charts::Chart;
use zopa::report::charts::registry::run_charts;
use zopa::report::charts::{self, PNG_SCALE, zones};
use zopa::report::document;
use zopa::summary::Summary;

fn flagship() -> Summary {
    summary_of("scenarios/ukraine_2026.ron", None, 3000)
}

fn has(texts: &[String], wanted: &str) -> bool {
    texts.iter().any(|t| t.contains(wanted))
}

#[test]
fn the_flagship_gets_every_static_chart_with_its_labels() {
    let summary = flagship();
    let all = run_charts(&summary);
    let names: Vec<String> = all.iter().map(|c| c.name()).collect();
    assert_eq!(
        names,
        [
            "zones",
            "zone_territory_troop_presence",
            "zone_territory_sanctions",
            "utilities",
            "proposals"
        ]
    );
    for chart in &all {
        let texts = svg_texts(&charts::svg(chart, &summary).unwrap());
        // Every chart has its caption naming scenario, model, trials and seed.
        assert!(
            has(&texts, "model: nash · 3,000 trials · seed 2026"),
            "{}: no caption in {texts:?}",
            chart.name()
        );
    }
    let zones = svg_texts(&charts::svg(&all[0], &summary).unwrap());
    for label in [
        "Zones of agreement",
        "Territorial settlement",
        "Zaporizhzhia nuclear plant control",
        "1991 borders restored",
        "Ukraine wants",
        "Russia wants",
        "28-point plan",
        "20-point plan",
        "90% of agreements",
        "median",
    ] {
        assert!(has(&zones, label), "zones lacks `{label}`");
    }
    let utilities = svg_texts(&charts::svg(&all[3], &summary).unwrap());
    for label in [
        "Ukraine's gain over no deal",
        "Russia's gain over no deal",
        "Nash",
        "Kalai–Smorodinsky",
        "Pareto frontier at nominal values",
        "trials without a deal",
    ] {
        assert!(has(&utilities, label), "utilities lacks `{label}`");
    }
    let proposals = svg_texts(&charts::svg(&all[4], &summary).unwrap());
    for label in [
        "28-point plan",
        "Ukraine's terms",
        "all veto actors",
        "100%",
    ] {
        assert!(has(&proposals, label), "proposals lacks `{label}`");
    }
}

#[test]
fn the_utility_cloud_and_zone_cells_are_drawn() {
    let summary = flagship();
    let all = run_charts(&summary);
    let utilities = all
        .iter()
        .find(|c| c.name() == "utilities")
        .map(|c| charts::svg(c, &summary).unwrap())
        .unwrap();
    // One circle per trial with a deal, one for all trials without, plus
    // legend markers.
    let gains = &summary.utilities.as_ref().expect("a utility picture").gains;
    let agreed = gains.iter().filter(|point| point.2 == 1).count();
    assert!(agreed > 100, "too few deals to test: {agreed}");
    let circles = utilities.matches("<circle").count();
    assert!(
        circles > agreed,
        "only {circles} circles for {agreed} deals in the utility chart"
    );
    // Every deal is drawn against its own trial's reservations: no deal may
    // sit below the no-deal line of a veto actor.
    for point in gains.iter().filter(|point| point.2 == 1) {
        assert!(
            point.0 > 0.0 && point.1 > 0.0,
            "a deal with a loss: {point:?}"
        );
    }
    let zone = all
        .iter()
        .find(|c| c.name() == "zone_territory_troop_presence")
        .map(|c| charts::svg(c, &summary).unwrap())
        .unwrap();
    // Shaded cells are rectangles: at least one per occupied cell of the grid.
    let cells = summary
        .zones
        .iter()
        .flatten()
        .find(|z| z.x == "territory" && z.y == "troop_presence")
        .unwrap();
    let occupied = cells.counts.iter().filter(|&&n| n > 0).count();
    assert!(occupied > 0);
    assert!(zone.matches("<rect").count() >= occupied);
    // Both veto actors' red lines are hatched and named: Russia's on both
    // issues (territory ≤ 0.5, troops ≤ 0.1), Ukraine's on territory (≥ 0.25).
    for label in [
        "beyond Ukraine&apos;s red line",
        "beyond Russia&apos;s red line",
    ] {
        assert!(
            zone.contains(label) || zone.contains(&label.replace("&apos;", "'")),
            "no legend entry `{label}`"
        );
    }
}

#[test]
fn pngs_decode_at_twice_the_svg_size() {
    let summary = flagship();
    for chart in run_charts(&summary) {
        let png = charts::render(&chart, &summary, charts::Format::Png).unwrap();
        let image = resvg::tiny_skia::Pixmap::decode_png(&png).expect("PNG decodes");
        let (w, h) = chart.size(&summary);
        assert_eq!(
            (image.width(), image.height()),
            ((w as f32 * PNG_SCALE) as u32, (h as f32 * PNG_SCALE) as u32),
            "{}",
            chart.name()
        );
        // Not blank: some pixels are dark (text) and some coloured.
        let dark = image
            .pixels()
            .iter()
            .filter(|p| p.red() < 80 && p.green() < 80 && p.blue() < 80)
            .count();
        assert!(dark > 1000, "{} looks blank", chart.name());
    }
}

#[test]
fn drawing_code_is_generic_over_the_backend() {
    let summary = flagship();
    let size = zones::size(&summary);
    let mut pixels = vec![0u8; size.0 as usize * size.1 as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, size).into_drawing_area();
        zones::draw(&root, &summary).unwrap();
        root.present().unwrap();
    }
    let white = pixels.chunks(3).filter(|p| p == &[255, 255, 255]).count();
    let total = pixels.len() / 3;
    assert!(
        white > total / 2 && white < total,
        "{white} of {total} white"
    );
}

#[test]
fn protocol_models_get_a_rounds_chart() {
    let summary = summary_of(
        "scenarios/classroom/divide_the_dollar.ron",
        Some(ModelKind::AlternatingOffers(Default::default())),
        500,
    );
    let all = run_charts(&summary);
    let rounds = all
        .iter()
        .find(|c| c.name() == "rounds")
        .expect("a rounds chart");
    let texts = svg_texts(&charts::svg(rounds, &summary).unwrap());
    assert!(has(&texts, "When talks end"));
    assert!(has(&texts, "Round"));
    // Static models have no rounds, so no such chart.
    let nash = summary_of(
        "scenarios/classroom/divide_the_dollar.ron",
        Some(ModelKind::Nash),
        500,
    );
    assert!(run_charts(&nash).iter().all(|c| c.name() != "rounds"));
}

#[test]
fn a_summary_without_agreements_still_charts() {
    let summary = summary_of("scenarios/classroom/no_zopa.ron", None, 500);
    assert_eq!(summary.agreement_rate, 0.0);
    for chart in run_charts(&summary) {
        let texts = svg_texts(&charts::svg(&chart, &summary).unwrap());
        assert!(!texts.is_empty(), "{}", chart.name());
    }
}

#[test]
fn report_markdown() {
    let summary = summary_of("scenarios/classroom/mixed_issues.ron", None, 2000);
    let entries = document::chart_entries(&summary);
    insta::assert_snapshot!(document::markdown(
        &summary,
        &entries,
        Some("png"),
        &document::FolderResults::default()
    ));
}

#[test]
fn report_html_is_self_contained() {
    let summary = flagship();
    let all = run_charts(&summary);
    let svgs: Vec<String> = all
        .iter()
        .map(|c| charts::svg(c, &summary).unwrap())
        .collect();
    let html = document::html(
        &summary,
        &document::chart_entries(&summary),
        &svgs,
        &document::FolderResults::default(),
    );
    assert_eq!(html.matches("<svg").count(), all.len());
    for forbidden in ["<script", "src=\"http", "href=\"http", "<link", "@import"] {
        assert!(
            !html.contains(forbidden),
            "report.html contains {forbidden}"
        );
    }
    assert!(html.contains("<h1>Russia-Ukraine peace talks, winter 2025/26</h1>"));
    assert!(html.contains("28-point plan"));
}

/// A scenario of 200 actors: the zones chart marks the first 16 (every
/// distinct glyph) and its legend counts the rest, rather than stacking 200
/// marks (20,000 actors took two minutes and 1.6 GB to chart that way); the
/// legend wraps to more rows than a three-actor one's, and the chart grows by
/// them instead of drawing the issues over the legend.
#[test]
fn many_actors_are_counted_not_stacked() {
    let summary = many(200);
    let zones = &run_charts(&summary)[0];
    let texts = svg_texts(&charts::svg(zones, &summary).unwrap());
    let wants = texts.iter().filter(|t| t.ends_with(" wants")).count();
    assert_eq!(
        wants,
        zopa::report::charts::theme::MARKED_ACTORS,
        "{texts:?}"
    );
    assert!(
        has(&texts, "184 more actors not marked (see summary.json)"),
        "{texts:?}"
    );
    let (_, tall) = zones::size(&summary);
    let (_, short) = zones::size(&many(3));
    assert!(tall >= short + 24, "{tall} against {short}");
}

/// A run of `count` actors on one issue (the first two veto actors).
fn many(count: usize) -> Summary {
    let actors: Vec<String> = (0..count)
        .map(|j| {
            format!(
                "Actor(id: \"a{j}\", name: \"Member state number {j}\", power: 1, reservation: 0, veto: {}, \
                 stances: {{\"c\": (position: 0.{}, salience: 1)}})",
                j < 2,
                j % 10
            )
        })
        .collect();
    let text = format!(
        "Scenario(name: \"Many\", issues: [Issue(id: \"c\", name: \"C\", min: 0.0, max: 1.0)], \
         actors: [{}], model: Compromise, trials: 10, seed: 1)",
        actors.join(", ")
    );
    let dir = crate::common::fresh_dir("charts", &format!("many_actors_{count}"));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("many.ron");
    std::fs::write(&path, text).unwrap();
    summary_of(path.to_str().unwrap(), None, 10)
}

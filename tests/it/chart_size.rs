//! Charts whose content grows with the scenario stay bounded in memory and
//! time (issue 16): a PNG is rasterised within [`MAX_PNG_PIXELS`], however
//! tall its chart, and markers that share one point (many identical
//! proposals) are placed by a search that ends.

use crate::common::{fresh_dir, zopa};
use std::time::Duration;
use zopa::report::charts::{MAX_PNG_PIXELS, PNG_SCALE, svg_to_png};

/// The pixel size of PNG bytes.
fn png_size(png: &[u8]) -> (u32, u32) {
    let image = resvg::tiny_skia::Pixmap::decode_png(png).expect("PNG decodes");
    (image.width(), image.height())
}

/// An SVG of `width` × `height` units holding one bar down its left side.
fn tall_svg(width: u32, height: u32) -> String {
    format!(
        "<svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" \
         xmlns=\"http://www.w3.org/2000/svg\"><rect x=\"10\" y=\"10\" width=\"100\" \
         height=\"{}\" fill=\"#0072B2\"/></svg>",
        height - 20
    )
}

#[test]
fn a_chart_of_ordinary_size_is_rasterised_at_twice_its_size() {
    let png = svg_to_png(&tall_svg(1200, 960)).unwrap();
    assert_eq!(
        png_size(&png),
        ((1200.0 * PNG_SCALE) as u32, (960.0 * PNG_SCALE) as u32)
    );
}

#[test]
fn a_chart_taller_than_the_pixel_limit_is_rasterised_smaller() {
    // The proposals chart of 8,000 actors: 1,200 × 152,235 units, whose PNG
    // at twice that size held 5.4 GB (the pixmap and its RGB copy).
    let png = svg_to_png(&tall_svg(1200, 152_235)).unwrap();
    let (width, height) = png_size(&png);
    assert!(
        f64::from(width) * f64::from(height) <= MAX_PNG_PIXELS,
        "{width} × {height} pixels"
    );
    // Scaled, not cropped: the chart keeps its proportions.
    let ratio = f64::from(height) / f64::from(width);
    assert!((ratio - 152_235.0 / 1200.0).abs() < 0.5, "{ratio}");
}

#[test]
fn many_proposals_at_one_point_are_charted() {
    // Every proposal gives both actors the same utilities: their markers
    // share one point, and each moves aside from the ones before it. From
    // about 80 the way aside ran into the plot's corner and the search for
    // a free spot never ended.
    let proposals: Vec<String> = (0..120)
        .map(|k| format!("Proposal(name: \"P{k}\", values: {{\"share\": 0.5}})"))
        .collect();
    let text = format!(
        "Scenario(name: \"Same offers\", description: \"\", \
         issues: [Issue(id: \"share\", name: \"Share\", min: 0.0, max: 1.0)], \
         actors: [Actor(id: \"a\", name: \"A\", power: 1.0, reservation: 0.1, \
                        stances: {{\"share\": (position: 1.0, salience: 1.0)}}), \
                  Actor(id: \"b\", name: \"B\", power: 1.0, reservation: 0.1, \
                        stances: {{\"share\": (position: 0.0, salience: 1.0)}})], \
         proposals: [{}], model: Nash, trials: 10, seed: 1)",
        proposals.join(", ")
    );
    let dir = fresh_dir("chart_size", "same_point");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("scenario.ron");
    std::fs::write(&path, text).unwrap();
    let out = dir.join("out");
    zopa()
        .arg("run")
        .arg(&path)
        .args(["--format", "svg", "--quiet", "--out"])
        .arg(&out)
        // A guard against the hang coming back, not a timing: the run takes
        // well under a second.
        .timeout(Duration::from_secs(120))
        .assert()
        .success();
    let svg = std::fs::read_to_string(out.join("charts/utilities.svg")).unwrap();
    let labels = svg
        .lines()
        .filter(|line| line.trim().starts_with('P'))
        .count();
    assert!(labels >= 120, "every proposal is labelled: {labels} labels");
}

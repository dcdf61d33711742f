//! Charts whose content grows with the scenario stay bounded in memory and
//! time (issue 16): a PNG is rasterised within [`MAX_PNG_PIXELS`], however
//! tall its chart, and markers that share one point (many identical
//! proposals) are placed by a search that ends.

use crate::common::{fresh_dir, zopa};
use std::path::{Path, PathBuf};
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

/// A scenario of `actors` actors on one issue (the first two veto actors,
/// at opposite ends) with `proposals` proposals, all at its middle, written
/// to a fresh folder named `name`; returns the folder and the file.
fn scenario(name: &str, actors: usize, proposals: usize) -> (PathBuf, PathBuf) {
    let actor_list = crate::common::split_actors(actors);
    let proposal_list: Vec<String> = (0..proposals)
        .map(|k| format!("Proposal(name: \"P{k}\", values: {{\"share\": 0.5}})"))
        .collect();
    let text = format!(
        "Scenario(name: \"Sizes\", description: \"\", \
         issues: [Issue(id: \"share\", name: \"Share\", min: 0.0, max: 1.0)], \
         actors: [{}], proposals: [{}], model: Nash, trials: 10, seed: 1)",
        actor_list.join(", "),
        proposal_list.join(", ")
    );
    let dir = fresh_dir("chart_size", name);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("scenario.ron");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// Runs `path` for 10 trials with SVG charts into `dir/out`; returns the
/// chart `name`'s SVG lines, trimmed.
fn charted(dir: &Path, path: &Path, name: &str) -> Vec<String> {
    let out = dir.join("out");
    zopa()
        .arg("run")
        .arg(path)
        .args(["--format", "svg", "--quiet", "--out"])
        .arg(&out)
        // A guard against a hang coming back, not a timing: the run takes
        // well under a second.
        .timeout(Duration::from_secs(120))
        .assert()
        .success();
    let svg = std::fs::read_to_string(out.join("charts").join(format!("{name}.svg"))).unwrap();
    svg.lines().map(|line| line.trim().to_string()).collect()
}

#[test]
fn many_proposals_at_one_point_are_charted() {
    // Every proposal gives both actors the same utilities: their markers
    // share one point, and each moves aside from the ones before it. From
    // about 80 the way aside ran into the plot's corner and the search for
    // a free spot never ended.
    let (dir, path) = scenario("same_point", 2, 100);
    let lines = charted(&dir, &path, "utilities");
    let labels = lines.iter().filter(|line| line.as_str() == "P99").count();
    assert!(labels >= 1, "the last proposal is labelled");
}

#[test]
fn the_proposals_chart_draws_the_first_sixteen_actors_and_counts_the_rest() {
    // A bar per actor and proposal made 10,000 actors and 100 proposals a
    // million bars: 2 GB while the SVG was written.
    let (dir, path) = scenario("many_actors", 40, 2);
    let lines = charted(&dir, &path, "proposals");
    let has = |text: &str| lines.iter().any(|line| line == text);
    assert!(has("A15"), "the 16th actor is drawn");
    assert!(!has("A16"), "the 17th is not");
    assert!(has("24 more actors not drawn (see summary.json)"));
    // The legend's rows stay above the axis: with room for one, a third row
    // (longer names) ran into the tick labels.
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("name: \"A", "name: \"Actor number ")).unwrap();
    let lines = charted(&dir, &path, "proposals");
    let y_of = |text: &str| -> f64 {
        let at = lines.iter().position(|line| line == text).unwrap();
        let tag = &lines[at - 1];
        let y = tag.split("y=\"").nth(1).unwrap().split('"').next().unwrap();
        y.parse().unwrap()
    };
    let (legend, axis) = (y_of("all veto actors"), y_of("0%"));
    assert!(
        legend + 20.0 < axis,
        "legend at {legend}, axis labels at {axis}"
    );
}

#[test]
fn more_than_a_hundred_proposals_are_refused() {
    let (_, path) = scenario("hundred", 2, 100);
    zopa().arg("check").arg(&path).assert().success();
    let (_, path) = scenario("hundred_and_one", 2, 101);
    let output = zopa().arg("check").arg(&path).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("101 proposals is more than the 100 a scenario may have"),
        "{stderr}"
    );
}

#[test]
fn the_zone_pair_chart_marks_the_first_sixteen_actors() {
    // Every actor's labelled mark, each placed clear of the earlier ones,
    // took over two minutes for a summary of 15,000 actors.
    let actors: Vec<String> = (0..40)
        .map(|j| {
            let (x, y) = ((j % 7) as f64 / 7.0, (j % 5) as f64 / 5.0);
            format!(
                "Actor(id: \"a{j}\", name: \"A{j}\", power: 1.0, reservation: 0.1, veto: {}, \
                 stances: {{\"x\": (position: {x:?}, salience: 1.0), \
                 \"y\": (position: {y:?}, salience: 1.0)}})",
                j < 2
            )
        })
        .collect();
    let text = format!(
        "Scenario(name: \"Pair\", issues: [Issue(id: \"x\", name: \"X\", min: 0.0, max: 1.0), \
         Issue(id: \"y\", name: \"Y\", min: 0.0, max: 1.0)], actors: [{}], model: Compromise, \
         trials: 10, seed: 1)",
        actors.join(", ")
    );
    let dir = fresh_dir("chart_size", "pair_actors");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("scenario.ron");
    std::fs::write(&path, text).unwrap();
    let lines = charted(&dir, &path, "zone_x_y");
    let has = |text: &str| lines.iter().any(|line| line == text);
    assert!(has("A0") && has("A15"), "the first 16 actors are marked");
    assert!(!has("A16") && !has("A39"), "the 17th and later are not");
    assert!(has("24 more actors not marked (see summary.json)"));
}

//! report.html as a reader sees it: rendered by headless Chromium and checked
//! for text and drawn charts. Chromium is not a build dependency, so the test
//! is ignored by default; `.ci/run` installs Chromium (Debian's `chromium`)
//! and runs it with `--ignored`, and says plainly when it cannot.

use crate::common::{fresh_dir, zopa};
use std::path::{Path, PathBuf};
use std::process::Command;

/// `ZOPA_CHROMIUM`, or the first of the usual names found on `PATH`.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("ZOPA_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
    .find(|candidate| candidate.is_file())
}

fn screenshot(browser: &Path, page: &Path, shot: &Path, (width, height): (u32, u32)) {
    let status = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            &format!("--screenshot={}", shot.display()),
            &format!("--window-size={width},{height}"),
        ])
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium starts");
    assert!(
        status.status.success() && shot.is_file(),
        "chromium failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

#[test]
#[ignore = "needs Chromium; .ci/run installs it and runs this with --ignored"]
fn report_html_renders_with_text_and_charts() {
    let browser = chromium().expect(
        "no Chromium: install Debian's `chromium` or set ZOPA_CHROMIUM to the browser's path",
    );
    let dir = fresh_dir("screenshot", "flagship");
    let out = dir.join("out");
    let run = zopa()
        .args([
            "run",
            "scenarios/ukraine_2026.ron",
            "--trials",
            "20000",
            "--quiet",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let page = out.join("report.html").canonicalize().unwrap();
    let shot = dir.join("report.png");
    let size = (1200, 5000);
    screenshot(&browser, &page, &shot, size);
    let image = resvg::tiny_skia::Pixmap::load_png(&shot).expect("the screenshot decodes");
    assert_eq!((image.width(), image.height()), size);
    let pixels = image.pixels();
    let count = |test: &dyn Fn(u8, u8, u8) -> bool| {
        pixels
            .iter()
            .filter(|p| test(p.red(), p.green(), p.blue()))
            .count()
    };
    // Text: dark grey to black. Charts: saturated colour (zone blues, the
    // actors' colours), which the page's own styles do not use in bulk.
    let text = count(&|r, g, b| r.max(g).max(b) < 90);
    let colour = count(&|r, g, b| {
        let (max, min) = (r.max(g).max(b) as i32, r.min(g).min(b) as i32);
        max - min > 60
    });
    let total = pixels.len();
    assert!(
        text > total / 200,
        "too little text: {text} of {total} pixels"
    );
    assert!(
        colour > total / 100,
        "no charts drawn: {colour} of {total} coloured pixels"
    );
}

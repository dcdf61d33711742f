//! The report as an analyst reads it: the caveats, the appendix of every
//! input, cells that do not wrap, and the sections for compare, sweep and
//! sensitivity results found beside the summary; and the default folder of a
//! run whose `--model` overrides the scenario's own.

use crate::common::{fresh_dir, summary_of, zopa};
use assert_cmd::Command;
use std::path::Path;
use zopa::report::charts::registry::Source;
use zopa::report::document::{self, FolderResults, caveats};
use zopa::summary::Summary;

const DOLLAR: &str = "scenarios/classroom/divide_the_dollar.ron";
const FLAGSHIP: &str = "scenarios/ukraine_2026.ron";

fn markdown(summary: &Summary, folder: &FolderResults) -> String {
    document::markdown(summary, &document::chart_entries(summary), None, folder)
}

#[test]
fn the_appendix_lists_every_input_as_written() {
    let summary = summary_of(FLAGSHIP, None, 300);
    let inputs = summary
        .scenario_inputs
        .as_ref()
        .expect("a run records its inputs");
    assert_eq!(inputs.actors.len(), summary.actors.len());
    assert_eq!(
        Source::detect(&summary.to_json()),
        Some(Source::Summary),
        "the inputs block does not make a summary look like another file"
    );
    let report = markdown(&summary, &FolderResults::default());
    let appendix = &report[report.find("## Appendix: inputs").expect("an appendix")..];
    for written in [
        // Ukraine's reservation and its army-cap position, distributions as written.
        "Beta(alpha 4, beta 4, 0.509..0.881)",
        "Triangular(800, 1000, 1000) (quadratic)",
        // Saliences, and red lines of both kinds.
        "Triangular(0.8, 0.9, 1)",
        "Ukraine, Ukraine+US",
        "0.25\u{a0}–\u{a0}1",
    ] {
        assert!(
            appendix.contains(written),
            "appendix lacks {written}:\n{appendix}"
        );
    }
    for (_, issue) in &summary.issues {
        assert!(appendix.contains(&format!("### Stances on {}", issue.name)));
    }
}

#[test]
fn a_summary_from_before_the_inputs_block_still_reports_and_says_so() {
    let mut summary = summary_of(DOLLAR, None, 200);
    let mut json: serde_json::Value = serde_json::from_str(&summary.to_json()).unwrap();
    json.as_object_mut().unwrap().remove("scenario_inputs");
    let old = Summary::parse(&json.to_string()).expect("an older summary.json reads");
    assert_eq!(old.scenario_inputs, None);
    let report = markdown(&old, &FolderResults::default());
    assert!(report.contains("written before zopa recorded its inputs"));
    summary.scenario_inputs = None;
    assert_eq!(old, summary);
}

#[test]
fn caveats_state_the_zopa_rate_and_flag_thin_margins() {
    let mut summary = summary_of(FLAGSHIP, None, 300);
    let picture = summary.utilities.as_mut().expect("a utility picture");
    let (ua, ub) = picture.nash.expect("a nominal Nash point");
    picture.kalai_smorodinsky = None;
    picture.reservations = (ua - 0.3, ub - 0.3);
    let roomy = caveats(&summary);
    assert!(roomy[0].contains("zone of possible agreement"), "{roomy:?}");
    assert!(
        !roomy.iter().any(|c| c.contains("Thin margin")),
        "{roomy:?}"
    );

    let picture = summary.utilities.as_mut().unwrap();
    picture.reservations = (ua - 0.008, ub - 0.5);
    let thin = caveats(&summary);
    let line = thin
        .iter()
        .find(|c| c.contains("Thin margin"))
        .unwrap_or_else(|| panic!("no thin-margin caveat: {thin:?}"));
    let (a, b) = picture_names(&summary);
    assert!(
        line.contains(&format!("{a} ")) && line.contains("(+0.008)"),
        "{line}"
    );
    assert!(!line.contains(&format!("{b} ")), "{b} has room: {line}");
    assert!(markdown(&summary, &FolderResults::default()).contains(line.as_str()));
}

fn picture_names(summary: &Summary) -> (String, String) {
    let picture = summary.utilities.as_ref().unwrap();
    (
        summary.actor_name(&picture.actors.0).to_string(),
        summary.actor_name(&picture.actors.1).to_string(),
    )
}

#[test]
fn interval_cells_never_wrap_in_the_html() {
    let summary = summary_of(FLAGSHIP, None, 300);
    let html = document::html(&summary, &[], &[], &FolderResults::default());
    assert!(html.contains("white-space:nowrap"));
    // Every interval in a cell is joined by non-breaking spaces.
    for cell in html.split("<td").skip(1) {
        let text = &cell[..cell.find("</td>").unwrap()];
        assert!(!text.contains(" – "), "breakable interval: {text}");
    }
    assert!(html.contains("\u{a0}–\u{a0}"));
}

#[test]
fn a_result_file_that_cannot_be_read_is_said_not_dropped() {
    let summary = summary_of(DOLLAR, None, 200);
    let folder = FolderResults {
        sweep: Some(Err("line 1, column 2: expected value".into())),
        ..FolderResults::default()
    };
    let report = markdown(&summary, &folder);
    assert!(report.contains("## Sweep (sweep.json)"));
    assert!(report.contains("sweep.json in this folder could not be read"));
    assert!(report.contains("expected value"));
}

fn ok(command: &mut Command) {
    let output = command.output().expect("zopa runs");
    assert!(
        output.status.success(),
        "zopa failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn compare_sweep_and_sensitivity_in_the_folder_get_their_sections() {
    let dir = fresh_dir("report", "sections");
    let quiet = ["--quiet", "--format", "svg", "--out"];
    ok(zopa()
        .args(["run", DOLLAR, "--trials", "200"])
        .args(quiet)
        .arg(&dir));
    let report = std::fs::read_to_string(dir.join("report.md")).unwrap();
    assert!(!report.contains("(compare.json)"), "nothing to report yet");
    ok(zopa()
        .args(["compare", DOLLAR, "--trials", "100"])
        .args(quiet)
        .arg(&dir));
    ok(zopa()
        .args(["sweep", DOLLAR, "--param", "actors.a.reservation"])
        .args(["--values", "0.1,0.3", "--trials", "100", "--quiet", "--out"])
        .arg(&dir));
    ok(zopa()
        .args([
            "sensitivity",
            FLAGSHIP,
            "--trials",
            "30",
            "--quiet",
            "--out",
        ])
        .arg(&dir));
    // `zopa plot DIR` rewrites the report with what the folder now holds.
    ok(zopa().arg("plot").arg(&dir).args(["--format", "svg"]));
    let report = std::fs::read_to_string(dir.join("report.md")).unwrap();
    for heading in [
        "## Models compared (compare.json)",
        "## Sweep (sweep.json)",
        "## Sensitivity (sensitivity.json)",
        "![Models compared](compare.svg)",
        "](sweep.png)",
        "](tornado.png)",
    ] {
        assert!(report.contains(heading), "report.md lacks {heading}");
    }
    // The sensitivity ran on another scenario, and the report says so.
    let sensitivity = &report[report.find("## Sensitivity").unwrap()..];
    assert!(
        sensitivity.contains("written for the scenario"),
        "{sensitivity}"
    );
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    let run_charts = std::fs::read_dir(dir.join("charts")).unwrap().count();
    assert_eq!(
        html.matches("<svg").count(),
        run_charts + 3,
        "the run's charts and the compare, sweep and tornado charts are inlined"
    );
    // A later run into the same folder keeps the sections.
    ok(zopa()
        .args(["run", DOLLAR, "--trials", "200"])
        .args(quiet)
        .arg(&dir));
    let report = std::fs::read_to_string(dir.join("report.md")).unwrap();
    assert!(report.contains("## Sweep (sweep.json)"));

    // A damaged compare.json is named in the report; the run still succeeds.
    std::fs::write(dir.join("compare.json"), "{\"models\": [").unwrap();
    ok(zopa()
        .args(["run", DOLLAR, "--trials", "200"])
        .args(quiet)
        .arg(&dir));
    let report = std::fs::read_to_string(dir.join("report.md")).unwrap();
    assert!(report.contains("compare.json in this folder could not be read"));

    // A sweep into a folder with a run says how to bring it into the report.
    let output = zopa()
        .args(["sweep", DOLLAR, "--param", "actors.a.reservation"])
        .args(["--values", "0.2", "--trials", "50", "--out"])
        .arg(&dir)
        .output()
        .expect("zopa runs");
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("`zopa plot "), "{stderr}");
}

#[test]
fn a_model_other_than_the_scenarios_own_gets_its_own_default_folder() {
    let home = fresh_dir("report", "default_folder");
    std::fs::create_dir_all(&home).unwrap();
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join(DOLLAR);
    std::fs::copy(&scenario, home.join("dollar.ron")).unwrap();
    let run = |model: Option<&str>| {
        let mut command = Command::cargo_bin("zopa").unwrap();
        command.current_dir(&home).args([
            "run",
            "dollar.ron",
            "--trials",
            "50",
            "--quiet",
            "--format",
            "svg",
        ]);
        if let Some(model) = model {
            command.args(["--model", model]);
        }
        ok(&mut command);
    };
    run(Some("compromise"));
    let summary = |dir: &str| home.join("output").join(dir).join("summary.json");
    assert!(summary("dollar-compromise").is_file());
    assert!(
        !summary("dollar").exists(),
        "the scenario's own results are not replaced"
    );
    // The scenario's own model (Nash), named or not, writes output/dollar/.
    run(Some("nash"));
    let nash = std::fs::read_to_string(summary("dollar")).unwrap();
    assert!(nash.contains("\"model\": \"nash\""));
    run(None);
    let compromise = std::fs::read_to_string(summary("dollar-compromise")).unwrap();
    assert!(compromise.contains("\"model\": \"compromise\""));
}

//! Fixtures shared by several test modules (each uses some of them).

pub mod child;

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use zopa::ModelKind;
use zopa::model;
use zopa::montecarlo::{self, Controls};
use zopa::scenario::{self, Scenario};
use zopa::summary::{NominalPicture, RunInfo, Summary};

/// The `zopa` binary, run from the crate's root (so shipped paths resolve).
pub fn zopa() -> Command {
    let mut command = Command::cargo_bin("zopa").expect("zopa binary is built");
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

/// The `zopa` binary with its data segment (the heap: whatever `malloc`
/// takes, by `brk` or `mmap`) limited to `kib` KiB, so that an allocation
/// past it aborts the command: a test asserts a memory bound without timing
/// anything. Linux counts private writable mappings in the limit since 4.7.
#[cfg(target_os = "linux")]
pub fn zopa_within(kib: u64) -> Command {
    let mut command = Command::new("sh");
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command.args(["-c", &format!("ulimit -d {kib} && exec \"$0\" \"$@\"")]);
    command.arg(assert_cmd::cargo::cargo_bin("zopa"));
    command
}

/// Asserts that a command's `output` is a success, showing its status and
/// standard error otherwise.
pub fn assert_success(output: &std::process::Output) {
    assert!(
        output.status.success(),
        "{:?}: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
}

/// An output directory that does not exist yet, under `group` (one per test
/// module); each test names its own.
pub fn fresh_dir(group: &str, name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(group)
        .join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("old scratch folder can be removed");
    }
    dir
}

/// The summary of a shipped scenario run with `kind` (the scenario's own
/// model if `None`) for `trials` trials at its seed, as `summary.json` reads
/// back; asserts that it reads back exactly as written.
pub fn summary_of(path: &str, kind: Option<ModelKind>, trials: u64) -> Summary {
    let scenario = scenario::load(Path::new(path)).expect("shipped scenario loads");
    let kind = kind.unwrap_or(scenario.model);
    let model = model::build(kind);
    let tally = montecarlo::run(
        &scenario,
        model.as_ref(),
        trials,
        scenario.seed,
        Controls::default(),
    )
    .expect("run completes");
    let info = RunInfo {
        model: kind.cli_name().to_string(),
        trials,
        seed: scenario.seed,
        elapsed_seconds: 0.0,
        threads: None,
        load_average: None,
    };
    let summary = Summary::new(
        &scenario,
        &info,
        &tally,
        &NominalPicture::compute(&scenario, zopa::cost::nominal_parts(&scenario)),
    );
    let read_back = Summary::parse(&summary.to_json()).expect("summary reads back");
    assert_eq!(read_back, summary, "summary.json reads back as written");
    summary
}

/// Divide the dollar with A's reservation Uniform(0.1, 0.3) and B's power
/// Uniform(0.95, 1.05): two uncertain inputs of very different weight.
pub fn uncertain_dollar() -> Scenario {
    let text = std::fs::read_to_string("scenarios/classroom/divide_the_dollar.ron").unwrap();
    let text = text
        .replacen(
            "reservation: 0.2,",
            "reservation: Uniform(min: 0.1, max: 0.3),",
            1,
        )
        .replacen(
            "power: 1.0,        // equal power\n",
            "power: Uniform(min: 0.95, max: 1.05),\n",
            1,
        );
    let scenario =
        scenario::parse(&text, "uncertain_dollar.ron").unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(
        scenario.uncertain_count(),
        2,
        "the replacements must both apply"
    );
    scenario
}

/// All text nodes of an SVG, trimmed, after checking it parses as XML.
pub fn svg_texts(svg: &str) -> Vec<String> {
    let document = roxmltree::Document::parse(svg).expect("chart SVG is well-formed XML");
    assert_eq!(document.root_element().tag_name().name(), "svg");
    document
        .descendants()
        .filter(|node| node.is_text())
        .filter_map(|node| node.text().map(|t| t.trim().to_string()))
        .filter(|t| !t.is_empty())
        .collect()
}

/// What an output folder holds beyond its results: hidden files other than
/// zopa's store `.zopa`, anything in the store other than the sets' links and
/// the versions they lead to, links that lead nowhere, and hidden files among
/// the charts. Empty after every command, however it ended, once the next
/// one has run.
pub fn stray_files(dir: &Path) -> Vec<String> {
    let names = |dir: &Path| -> Vec<String> {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|entry| entry.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut stray = Vec::new();
    for name in names(dir) {
        let path = dir.join(&name);
        if name.starts_with('.') && name != ".zopa" {
            stray.push(name);
        } else if path.is_symlink() && !path.exists() {
            stray.push(format!("{name} (leads nowhere)"));
        }
    }
    let store = dir.join(".zopa");
    let live: Vec<String> = names(&store)
        .into_iter()
        .filter_map(|name| {
            let target = std::fs::read_link(store.join(&name)).ok()?;
            store
                .join(&target)
                .is_dir()
                .then_some(vec![name, target.display().to_string()])
        })
        .flatten()
        .collect();
    for name in names(&store) {
        if !live.contains(&name) {
            stray.push(format!(".zopa/{name}"));
        }
    }
    for name in names(&dir.join("charts")) {
        if name.starts_with('.') {
            stray.push(format!("charts/{name}"));
        }
    }
    stray.sort();
    stray
}

/// `n` actors on the one issue `share` (on [0, 1]), alternately at 1 and 0,
/// the first two with a veto: a crowd of the RON text a scenario's `actors`
/// list takes, for tests of scale.
pub fn split_actors(n: usize) -> Vec<String> {
    (0..n)
        .map(|j| {
            format!(
                "Actor(id: \"a{j}\", name: \"A{j}\", power: 1.0, reservation: 0.1, veto: {}, \
                 stances: {{\"share\": (position: {}, salience: 1.0)}})",
                j < 2,
                if j % 2 == 0 { 1.0 } else { 0.0 }
            )
        })
        .collect()
}

//! `zopa init`: the template it writes passes `zopa check`, solves and runs,
//! holds what it promises (two actors, a continuous and a discrete issue, an
//! uncertain number, a proposal, the model), and never replaces a file
//! without `--force`.

use crate::common::{fresh_dir, zopa};
use zopa::scenario::IssueKind;

#[test]
fn the_template_checks_solves_and_runs() {
    let dir = fresh_dir("init", "template");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("mine.ron");
    let output = zopa().arg("init").arg(&file).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("zopa check"));
    // Printed without FILE: the same text.
    let printed = zopa().arg("init").output().unwrap();
    assert!(printed.status.success());
    assert_eq!(printed.stdout, std::fs::read(&file).unwrap());

    let scenario = zopa::scenario::load(&file).unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(scenario.actors.len(), 2);
    let continuous = |kind: &IssueKind| matches!(kind, IssueKind::Continuous { .. });
    assert!(scenario.issues.iter().any(|issue| continuous(&issue.kind)));
    assert!(scenario.issues.iter().any(|issue| !continuous(&issue.kind)));
    assert_eq!(scenario.uncertain_count(), 1);
    assert_eq!(scenario.proposals.len(), 1);
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("model: Nash"),
        "the model is chosen in the file"
    );

    let check = zopa().arg("check").arg(&file).output().unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let solve = zopa()
        .arg("solve")
        .arg(&file)
        .arg("--json")
        .output()
        .unwrap();
    let solved = String::from_utf8(solve.stdout).unwrap();
    assert!(
        solve.status.success() && solved.contains("\"agreement\": true"),
        "{solved}"
    );
    let out = dir.join("run");
    let run = zopa()
        .arg("run")
        .arg(&file)
        .args(["--trials", "500", "--quiet", "--format", "svg", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let summary = std::fs::read_to_string(out.join("summary.json")).unwrap();
    let summary = zopa::Summary::parse(&summary).unwrap();
    assert!(summary.agreement_rate > 0.5, "{}", summary.agreement_rate);
    // The file it names for `zopa play` plays.
    let play = zopa()
        .arg("play")
        .arg(&file)
        .args(["--as", "candidate", "--rounds", "4", "--out"])
        .arg(dir.join("play"))
        .write_stdin("offer salary=75 start=September\naccept\n")
        .output()
        .unwrap();
    assert!(
        play.status.success(),
        "{}",
        String::from_utf8_lossy(&play.stderr)
    );
}

#[test]
fn an_existing_file_is_replaced_only_with_force() {
    let dir = fresh_dir("init", "force");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("notes.ron");
    std::fs::write(&file, "my own notes").unwrap();
    let output = zopa().arg("init").arg(&file).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("already exists; pass --force to overwrite it"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "my own notes");
    let forced = zopa()
        .arg("init")
        .arg(&file)
        .arg("--force")
        .output()
        .unwrap();
    assert!(forced.status.success());
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .starts_with("// A zopa scenario")
    );
    // A folder is never replaced, --force or not.
    let folder = dir.join("folder.ron");
    std::fs::create_dir_all(&folder).unwrap();
    let output = zopa()
        .arg("init")
        .arg(&folder)
        .arg("--force")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(folder.is_dir());
}

//! Issue 15, item 6: a reader that stops early (`zopa ... | head -1`) ends the
//! command quietly, status 0, as ripgrep does, not with a panic (status 101).
//! `check` is covered in cli.rs; this covers `import`, whose one line of output
//! was still a `println!`, and `check` through a real shell pipe.

use std::process::Command;

fn zopa() -> &'static str {
    env!("CARGO_BIN_EXE_zopa")
}

/// Runs `pipeline` under sh with `$ZOPA` set; the status of zopa (the first
/// command) and its stderr, which `2>` sends to a file in the pipeline.
fn run_in_shell(name: &str, pipeline: &str) -> (String, String) {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("broken_pipe");
    std::fs::create_dir_all(&dir).expect("scratch folder");
    let stderr = dir.join(format!("{name}.stderr"));
    let script = format!("{pipeline}; echo \"${{PIPESTATUS[0]}}\"");
    let output = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .env("ZOPA", zopa())
        .env("ERR", &stderr)
        .env("OUT", dir.join(format!("{name}.ron")))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    let status = stdout.lines().last().unwrap_or_default().to_string();
    (status, std::fs::read_to_string(stderr).unwrap_or_default())
}

#[test]
fn import_into_a_closed_pipe_exits_quietly() {
    let (status, stderr) = run_in_shell(
        "import",
        "\"$ZOPA\" import table tests/fixtures/table/eu_example.csv -o \"$OUT\" --force 2>\"$ERR\" | head -c 0",
    );
    assert_eq!(status, "0", "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn check_of_many_files_piped_to_head_exits_quietly() {
    let files = vec!["scenarios/classroom/divide_the_dollar.ron"; 3000].join(" ");
    let (status, stderr) = run_in_shell(
        "check",
        &format!("\"$ZOPA\" check {files} 2>\"$ERR\" | head -1 >/dev/null"),
    );
    assert_eq!(status, "0", "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

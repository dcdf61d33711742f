//! zopa as a child process the tests stop: held just before it switches its
//! results in (the test hook `ZOPA_TEST_HOOK`, src/cli/output/hook.rs), then
//! signalled.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Starts `zopa ARGS --out DIR` with the hook pausing for `pause` before the
/// switch, and waits until it says it paused (its results all staged,
/// nothing switched in).
pub fn paused(args: &[&str], dir: &Path, pause: Duration) -> Child {
    let mut args: Vec<&str> = args.to_vec();
    let dir = dir.to_str().expect("test folders are UTF-8");
    args.extend(["--out", dir]);
    held(&args, "before", pause)
}

/// Starts `zopa ARGS` with the hook pausing for `pause` `when` ("before"
/// or "after") the switch, and waits until it says it paused.
pub fn held(args: &[&str], when: &str, pause: Duration) -> Child {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("zopa"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .env(
            "ZOPA_TEST_HOOK",
            format!("pause-{when}-switch:{}", pause.as_millis()),
        )
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("zopa starts");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr is piped"));
    let mut line = String::new();
    loop {
        line.clear();
        let read = stderr.read_line(&mut line).expect("stderr is readable");
        assert!(read > 0, "zopa ended without pausing {when} the switch");
        if line.contains(&format!("pausing {when} the switch")) {
            break;
        }
    }
    // The rest of stderr is drained so the child never blocks on it.
    std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
    child
}

/// Waits for `child` to end (at most 20 s) and returns its exit code.
pub fn finished(mut child: Child) -> Option<i32> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = child.try_wait().expect("child status") {
            return status.code();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("zopa did not end");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Sends `signal` (`-INT`, `-TERM`, ...) to `child`.
pub fn signal(child: &Child, signal: &str) {
    let sent = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
}

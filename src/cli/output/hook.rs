//! A test hook, for the integration tests only (not a user setting): the
//! environment variable `ZOPA_TEST_HOOK` makes a command fail or pause at a
//! chosen point of writing its results, so the tests can check that an
//! output folder never shows half a set.
//!
//! - `fail-after:PATH`: fail as if the disk were full once the file `PATH`
//!   of the set (e.g. `charts/zones.svg`) has been written;
//! - `pause-before-switch:MS`: say so on stderr, then wait `MS` milliseconds
//!   just before switching a set in (a window to send Ctrl-C or a second
//!   writer into);
//! - `pause-after-switch:MS`: the same just after a set (or a single file
//!   such as an imported scenario) is switched in.

/// The hook's setting, if any.
fn setting() -> Option<String> {
    std::env::var("ZOPA_TEST_HOOK").ok()
}

/// After the file `relative` of a set was written.
pub fn after_write(relative: &str) -> Result<(), String> {
    match setting() {
        Some(hook) if hook.strip_prefix("fail-after:") == Some(relative) => Err(format!(
            "cannot write {relative}: failed on purpose (ZOPA_TEST_HOOK)"
        )),
        _ => Ok(()),
    }
}

/// Just before a set is switched in.
pub fn before_switch() {
    pause("before");
}

/// Just after a set or a file is switched in.
pub fn after_switch() {
    pause("after");
}

/// Pauses if the hook says `pause-WHEN-switch:MS`.
fn pause(when: &str) {
    let Some(hook) = setting() else { return };
    if let Some(milliseconds) = hook
        .strip_prefix(&format!("pause-{when}-switch:"))
        .and_then(|ms| ms.parse::<u64>().ok())
    {
        eprintln!("ZOPA_TEST_HOOK: pausing {when} the switch");
        std::thread::sleep(std::time::Duration::from_millis(milliseconds));
    }
}

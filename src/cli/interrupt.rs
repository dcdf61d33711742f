//! Ctrl-C and SIGTERM: a command writing results stops at once, removes what
//! it had begun to write, and exits with status 130; once its results are
//! switched in, it finishes instead.
//!
//! # Why the handler stops the command itself
//!
//! A flag the work checks between chunks (trials, charts, files) leaves the
//! process running for as long as the current chunk takes: the charts of a
//! scenario of 8,000 actors went on drawing for 5 s after Ctrl-C, and one
//! trial may take up to zopa's 10-s limit (longer with `--allow-slow`). So
//! the handler, which the `ctrlc` crate runs on a thread of its own (not in
//! signal context, so it may take locks and remove files), does the stopping:
//! it removes every entry registered as not yet committed ([`Pending`]) and
//! ends the process. The flag is still set, for work that checks it.
//!
//! A step that must not be cut in half — creating an entry and registering
//! it, the switch of a result set — runs through [`exclusive`]: the handler
//! waits for it, and no such step starts once the command is interrupted.
//! The switch marks the command as switched ([`Step::switched`]): an interrupt after it only
//! sets the flag, and the command finishes what it has begun (tidying the
//! folder, a file that goes with the set), so it either wrote nothing and
//! exits 130, or wrote everything.

use super::error::{CliError, print_error};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

/// Set by Ctrl-C or SIGTERM, only in the handler ([`stop`]), which then
/// ends the process unless the results are switched in.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Held through each [`exclusive`] step and by the handler while it stops
/// the command.
static GATE: Mutex<Gate> = Mutex::new(Gate {
    switched: false,
    folder: None,
});

/// What the handler must remove, by registration number. Locked only
/// briefly, always after [`GATE`] when both are held.
static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    entries: Vec::new(),
    next: 0,
});

struct Gate {
    /// A result set has been switched in: the command finishes.
    switched: bool,
    /// The output folder, for the message.
    folder: Option<PathBuf>,
}

struct Registry {
    entries: Vec<(u64, Removal)>,
    next: u64,
}

/// An entry of a result not yet committed, and how to remove it.
#[derive(Debug)]
pub enum Removal {
    /// A folder and all it holds (a staged version).
    Tree(PathBuf),
    /// A file or a link zopa made (a temporary file, a placed link).
    File(PathBuf),
    /// A folder, if it is empty (a store made for the first set, an output
    /// folder made for the command).
    EmptyFolder(PathBuf),
}

impl Removal {
    fn remove(&self) {
        let _ = match self {
            Removal::Tree(path) => fs::remove_dir_all(path),
            Removal::File(path) => fs::remove_file(path),
            Removal::EmptyFolder(path) => fs::remove_dir(path),
        };
    }
}

/// A registered [`Removal`], forgotten (not performed) when dropped: its
/// owner commits it or removes it on its own error paths.
#[derive(Debug)]
pub struct Pending {
    number: u64,
}

impl Drop for Pending {
    fn drop(&mut self) {
        registry()
            .entries
            .retain(|(number, _)| *number != self.number);
    }
}

/// Registers `removal` for the handler; call inside an [`exclusive`] step
/// together with making the entry, so that no interrupt falls between.
pub fn register(removal: Removal) -> Pending {
    let mut registry = registry();
    let number = registry.next;
    registry.next += 1;
    registry.entries.push((number, removal));
    Pending { number }
}

/// Inside an [`exclusive`] step.
pub struct Step<'a> {
    gate: &'a mut Gate,
}

impl Step<'_> {
    /// Marks the results switched in: from now on an interrupt lets the
    /// command finish.
    pub fn switched(&mut self) {
        self.gate.switched = true;
    }
}

/// Runs `step` whole: the handler waits for it to end. Once the command is
/// interrupted (before its results were switched in) no step starts: the
/// handler, which set the flag, is about to remove what was registered and
/// end the process, so the caller waits for that instead of going on.
pub fn exclusive<T>(step: impl FnOnce(&mut Step) -> T) -> T {
    let mut gate = gate();
    if INTERRUPTED.load(Ordering::SeqCst) && !gate.switched {
        drop(gate);
        loop {
            std::thread::park();
        }
    }
    step(&mut Step { gate: &mut gate })
}

/// Records the output folder the command writes into, for the message.
pub fn writing_into(dir: &Path) {
    gate().folder = Some(dir.to_path_buf());
}

/// The flag Ctrl-C and SIGTERM set.
pub fn flag() -> &'static AtomicBool {
    &INTERRUPTED
}

/// From now on Ctrl-C and SIGTERM stop the command as the module says.
pub fn catch() {
    let _ = ctrlc::set_handler(stop);
}

/// The handler.
fn stop() {
    INTERRUPTED.store(true, Ordering::SeqCst);
    let gate = gate();
    if gate.switched {
        return;
    }
    let registry = registry();
    for (_, removal) in registry.entries.iter().rev() {
        removal.remove();
    }
    let error = match &gate.folder {
        Some(folder) => CliError::interrupted(folder),
        None => CliError::Interrupted("interrupted: nothing was written".into()),
    };
    print_error(&error.to_string());
    std::process::exit(i32::from(error.exit_code()));
}

/// The locks, taken even if a thread panicked holding them: what they guard
/// stays consistent (a flag, a list).
fn gate() -> MutexGuard<'static, Gate> {
    GATE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn registry() -> MutexGuard<'static, Registry> {
    REGISTRY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

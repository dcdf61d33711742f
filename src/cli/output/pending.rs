//! A single file written whole or not at all: into a temporary file beside
//! it, then renamed over it (`zopa import`'s scenario file). Temporary files
//! that a killed process left (`.NAME.tmp-PID`) are removed by the next
//! writer once their process is gone.

use super::super::interrupt::{self, Pending, Removal};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A file being written next to its final place.
pub struct PendingFile {
    temp: PathBuf,
    target: PathBuf,
    file: Option<fs::File>,
    /// The temporary file, as Ctrl-C would remove it (see `cli/interrupt`).
    _pending: Pending,
}

impl PendingFile {
    /// Starts writing what will become `target`.
    pub fn create(target: &Path) -> Result<PendingFile, String> {
        let name = target
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("output");
        let temp = target.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
        if let Some(parent) = target.parent() {
            remove_stale(parent, Some(name));
        }
        // A new file: O_EXCL never follows a link planted under its name.
        let _ = fs::remove_file(&temp);
        let (file, pending) = interrupt::exclusive(|_| {
            fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&temp)
                .map(|file| (file, interrupt::register(Removal::File(temp.clone()))))
        })
        .map_err(|err| {
            format!(
                "cannot write {}: {err}; choose another directory with --out",
                temp.display()
            )
        })?;
        Ok(PendingFile {
            temp,
            target: target.to_path_buf(),
            file: Some(file),
            _pending: pending,
        })
    }

    /// Appends text.
    pub fn write(&mut self, text: &str) -> Result<(), String> {
        match &mut self.file {
            Some(file) => file
                .write_all(text.as_bytes())
                .map_err(|err| format!("cannot write {}: {err}", self.temp.display())),
            None => Err("file already finished".to_string()),
        }
    }

    /// Flushes to disk and renames into place, over a regular file only:
    /// whatever else took the name meanwhile (a folder, a device, a FIFO, a
    /// link) is refused, never replaced.
    pub fn commit(mut self) -> Result<(), String> {
        if let Some(file) = self.file.take() {
            file.sync_all()
                .map_err(|err| format!("cannot write {}: {err}", self.temp.display()))?;
        }
        if let Ok(metadata) = fs::symlink_metadata(&self.target)
            && !metadata.is_file()
        {
            return Err(format!(
                "{} is a {}, not a regular file; zopa replaces only regular files: \
                 choose another file",
                self.target.display(),
                super::links::kind_of(&metadata)
            ));
        }
        // The rename is this file's switch: from it on, Ctrl-C lets the
        // command finish (it has written the file).
        interrupt::exclusive(|step| fs::rename(&self.temp, &self.target).map(|()| step.switched()))
            .map_err(|err| format!("cannot move {} into place: {err}", self.target.display()))?;
        super::hook::after_switch();
        Ok(())
    }
}

impl Drop for PendingFile {
    /// An uncommitted file is removed, so no partial file is left behind.
    fn drop(&mut self) {
        if self.file.is_some() || self.temp.exists() {
            let _ = fs::remove_file(&self.temp);
        }
    }
}

/// Removes temporary files of processes that are gone from `dir`: those of
/// older zopa versions, which wrote every result file this way.
pub fn remove_stale_in(dir: &Path) {
    remove_stale(dir, None);
}

/// Removes `.NAME.tmp-PID` files in `dir` (for one `NAME`, or any) whose
/// process `PID` is gone. A process that may still run keeps its file.
fn remove_stale(dir: &Path, only: Option<&str>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(name) = file_name.to_str() else {
            continue;
        };
        let Some((stem, pid)) = name
            .strip_prefix('.')
            .and_then(|rest| rest.rsplit_once(".tmp-"))
        else {
            continue;
        };
        let stale = only.is_none_or(|only| only == stem)
            && pid.parse::<u32>().is_ok_and(process_is_gone)
            && entry.file_type().is_ok_and(|kind| kind.is_file());
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Whether no process `pid` runs (Linux: no /proc/PID). Where /proc is not
/// mounted nothing is known, and the file is kept.
fn process_is_gone(pid: u32) -> bool {
    pid != std::process::id()
        && Path::new("/proc/self").exists()
        && !Path::new("/proc").join(pid.to_string()).exists()
}

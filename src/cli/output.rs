//! Result files are written whole or not at all: into a temporary file in the
//! same directory, then renamed over the old one. A run that fails or is
//! interrupted leaves the previous results as they were.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use zopa::report::charts::registry;

/// A file being written next to its final place.
pub struct PendingFile {
    temp: PathBuf,
    target: PathBuf,
    file: Option<fs::File>,
}

impl PendingFile {
    /// Starts writing what will become `target`.
    pub fn create(target: &Path) -> Result<PendingFile, String> {
        let name = target
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("output");
        let temp = target.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
        let file = fs::File::create(&temp).map_err(|err| {
            format!(
                "cannot write {}: {err}; choose another directory with --out",
                temp.display()
            )
        })?;
        Ok(PendingFile {
            temp,
            target: target.to_path_buf(),
            file: Some(file),
        })
    }

    /// Appends text.
    pub fn write(&mut self, text: &str) -> Result<(), String> {
        self.write_bytes(text.as_bytes())
    }

    /// Appends bytes.
    pub fn write_bytes(&mut self, bytes: &[u8]) -> Result<(), String> {
        match &mut self.file {
            Some(file) => file
                .write_all(bytes)
                .map_err(|err| format!("cannot write {}: {err}", self.temp.display())),
            None => Err("file already finished".to_string()),
        }
    }

    /// Flushes to disk and renames into place.
    pub fn commit(mut self) -> Result<(), String> {
        if let Some(file) = self.file.take() {
            file.sync_all()
                .map_err(|err| format!("cannot write {}: {err}", self.temp.display()))?;
        }
        fs::rename(&self.temp, &self.target)
            .map_err(|err| format!("cannot move {} into place: {err}", self.target.display()))
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

/// Writes `text` to `target` atomically.
pub fn write_atomically(target: &Path, text: &str) -> Result<(), String> {
    write_bytes_atomically(target, text.as_bytes())
}

/// Writes `bytes` to `target` atomically.
pub fn write_bytes_atomically(target: &Path, bytes: &[u8]) -> Result<(), String> {
    let mut pending = PendingFile::create(target)?;
    pending.write_bytes(bytes)?;
    pending.commit()
}

/// Writes rendered files (`(name, bytes)`) into `dir`, each atomically.
pub fn write_files(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), String> {
    for (name, bytes) in files {
        write_bytes_atomically(&dir.join(name), bytes)?;
    }
    Ok(())
}

/// The data files (and the `charts` folder) zopa writes into an output
/// directory; chart files beside them come from the chart registry.
const DATA_FILES: [&str; 10] = [
    "summary.json",
    "report.md",
    "report.html",
    "trials.csv",
    "charts",
    "sweep.json",
    "sweep.csv",
    "sensitivity.json",
    "compare.json",
    "compare.csv",
];

/// Whether zopa writes a file called `name` into a results directory.
fn is_result_file(name: &str) -> bool {
    DATA_FILES.contains(&name) || registry::beside_chart_files().iter().any(|f| f == name)
}

/// Whether `name` is a chart file `zopa run` or `zopa plot` writes into a
/// charts folder (the registry's run charts).
pub fn is_chart_file(name: &str) -> bool {
    registry::is_run_chart_file(name)
}

/// What a directory is for, and so which files may already be in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Folder {
    /// A results directory: its data files and what-if charts, with a run's
    /// charts in `charts/`.
    Results,
    /// A charts folder: [`is_chart_file`] names only.
    Charts,
}

/// Creates `dir` if needed, checks that files can be written into it, and
/// refuses a directory that holds files zopa did not write.
///
/// The policy: zopa writes only into a new or empty directory, or one that
/// holds nothing but its own results. It replaces its own files and removes
/// its own stale charts, and never mixes its output with other files or
/// deletes them. Hidden files (names starting with `.`) are ignored.
pub fn prepare_directory(dir: &Path, folder: Folder) -> Result<(), String> {
    let mut foreign = foreign_entries(dir, folder);
    if folder == Folder::Results {
        foreign.extend(
            foreign_entries(&dir.join("charts"), Folder::Charts)
                .into_iter()
                .map(|name| format!("charts/{name}")),
        );
    }
    if !foreign.is_empty() {
        let shown: Vec<&str> = foreign.iter().take(5).map(String::as_str).collect();
        let more = match foreign.len() - shown.len() {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        return Err(format!(
            "error: the output directory {} holds files zopa did not write: {}{more}\n  \
             help: zopa writes only into a new or empty directory or one holding its own \
             results, so nothing of yours is overwritten or mixed with them; choose another \
             directory with --out, or move those files away",
            dir.display(),
            shown.join(", ")
        ));
    }
    fs::create_dir_all(dir).map_err(|err| {
        format!(
            "cannot create the output directory {}: {err}; choose another with --out",
            dir.display()
        )
    })?;
    let probe = PendingFile::create(&dir.join("write-test"))?;
    drop(probe);
    Ok(())
}

/// Names in `dir` (if it exists) that zopa does not write there, sorted.
fn foreign_entries(dir: &Path, folder: Folder) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut foreign: Vec<String> = entries
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.'))
        .filter(|name| match folder {
            Folder::Results => !is_result_file(name),
            Folder::Charts => !is_chart_file(name),
        })
        .collect();
    foreign.sort();
    foreign
}

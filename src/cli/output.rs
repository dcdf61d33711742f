//! Result files are written whole or not at all: into a temporary file in the
//! same directory, then renamed over the old one. A run that fails or is
//! interrupted leaves the previous results as they were.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

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

/// Creates `dir` if needed and checks that files can be written into it.
pub fn prepare_directory(dir: &Path) -> Result<(), String> {
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

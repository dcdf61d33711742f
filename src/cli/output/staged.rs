//! A new version of a result set: written into a fresh folder of zopa's store,
//! then switched in with one `rename(2)` (see the parent module for why).
//! Also the repairs a writer makes when it takes the lock ([`recover`]).

use super::super::error::CliError;
use super::{OutputFolder, STORE, hook, is_chart_file};
use std::collections::BTreeSet;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use zopa::report::charts::registry::{ChartKind, Source};

/// The sets of files zopa writes together, each switched in as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResultSet {
    /// `zopa run` (and `zopa plot DIR`): summary.json, report.md,
    /// report.html, charts/ and trials.csv.
    Run,
    /// `zopa compare`: compare.json, compare.csv and its chart.
    Compare,
    /// `zopa sweep`: sweep.json, sweep.csv and its chart.
    Sweep,
    /// `zopa sensitivity`: sensitivity.json and the tornado chart.
    Sensitivity,
    /// `zopa plot summary.json --out DIR`: a run's charts alone.
    Charts,
}

impl ResultSet {
    const ALL: [ResultSet; 5] = [
        ResultSet::Run,
        ResultSet::Compare,
        ResultSet::Sweep,
        ResultSet::Sensitivity,
        ResultSet::Charts,
    ];

    /// Its link's name in the store (its versions are `<slot>-<pid>-<time>`).
    fn slot(self) -> &'static str {
        match self {
            ResultSet::Run => "run",
            ResultSet::Compare => "compare",
            ResultSet::Sweep => "sweep",
            ResultSet::Sensitivity => "sensitivity",
            ResultSet::Charts => "plot",
        }
    }

    /// Whether `name` in the output folder belongs to this set: a commit
    /// removes such names that its version does not have (a trials.csv that
    /// a new run did not write, a chart it no longer draws).
    fn owns(self, name: &str) -> bool {
        let beside = |source: Source| {
            ChartKind::ALL
                .iter()
                .filter(|kind| kind.source() == source)
                .any(|kind| {
                    name.strip_prefix(kind.stem())
                        .is_some_and(|rest| rest == ".svg" || rest == ".png")
                })
        };
        match self {
            ResultSet::Run => [
                "summary.json",
                "report.md",
                "report.html",
                "trials.csv",
                "charts",
            ]
            .contains(&name),
            ResultSet::Compare => {
                name == "compare.json" || name == "compare.csv" || beside(Source::Compare)
            }
            ResultSet::Sweep => {
                name == "sweep.json" || name == "sweep.csv" || beside(Source::Sweep)
            }
            ResultSet::Sensitivity => name == "sensitivity.json" || beside(Source::Sensitivity),
            ResultSet::Charts => is_chart_file(name),
        }
    }

    fn from_slot(slot: &str) -> Option<ResultSet> {
        ResultSet::ALL.into_iter().find(|set| set.slot() == slot)
    }
}

/// A version of a set being written. Dropped without [`Staged::commit`]
/// (an error, an interruption), it is removed and the folder is as it was.
pub struct Staged<'a> {
    folder: &'a OutputFolder,
    set: ResultSet,
    /// The version's folder name in the store.
    version: String,
    /// The names this version will show in the output folder.
    names: BTreeSet<String>,
    /// Links made in the output folder before the switch, removed again if
    /// the switch does not come.
    placed: Vec<String>,
    committed: bool,
}

/// A file of a staged version, written as a stream (trials.csv).
pub struct StagedFile {
    file: BufWriter<fs::File>,
    path: PathBuf,
}

impl StagedFile {
    /// Appends text.
    pub fn write(&mut self, text: &str) -> Result<(), String> {
        self.write_bytes(text.as_bytes())
    }

    /// Appends bytes.
    pub fn write_bytes(&mut self, bytes: &[u8]) -> Result<(), String> {
        self.file
            .write_all(bytes)
            .map_err(|err| cannot_write(&self.path, &err))
    }

    /// Flushes the file to disk.
    pub fn finish(self) -> Result<(), String> {
        let path = self.path;
        let file = self
            .file
            .into_inner()
            .map_err(|err| cannot_write(&path, err.error()))?;
        file.sync_all().map_err(|err| cannot_write(&path, &err))
    }
}

fn cannot_write(path: &Path, err: &std::io::Error) -> String {
    format!(
        "cannot write {}: {err}; free some space or choose another directory with --out",
        path.display()
    )
}

impl<'a> Staged<'a> {
    pub(super) fn new(folder: &'a OutputFolder, set: ResultSet) -> Result<Staged<'a>, String> {
        let store = folder.dir().join(STORE);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_nanos());
        let version = format!("{}-{}-{nanos:x}", set.slot(), std::process::id());
        fs::create_dir_all(&store)
            .and_then(|()| fs::create_dir(store.join(&version)))
            .map_err(|err| {
                format!(
                    "cannot write into {}: {err}; choose another directory with --out",
                    folder.dir().display()
                )
            })?;
        Ok(Staged {
            folder,
            set,
            version,
            names: BTreeSet::new(),
            placed: Vec::new(),
            committed: false,
        })
    }

    fn store(&self) -> PathBuf {
        self.folder.dir().join(STORE)
    }

    /// Starts the file `relative` (e.g. `trials.csv`, `charts/zones.svg`) of
    /// the version, as a stream.
    pub fn file(&mut self, relative: &str) -> Result<StagedFile, String> {
        let mut parts = Vec::new();
        for component in Path::new(relative).components() {
            match component {
                Component::Normal(part) if !part.to_string_lossy().starts_with('.') => {
                    parts.push(part.to_string_lossy().into_owned());
                }
                // Names come from zopa's own lists and the chart registry's
                // safe names; this refuses anything else outright.
                _ => return Err(format!("refusing to write the file name {relative:?}")),
            }
        }
        let Some(top) = parts.first() else {
            return Err("refusing to write a file without a name".into());
        };
        let mut path = self.store().join(&self.version);
        for (at, part) in parts.iter().enumerate() {
            path.push(part);
            if at + 1 < parts.len() {
                match fs::create_dir(&path) {
                    Err(err) if err.kind() != std::io::ErrorKind::AlreadyExists => {
                        return Err(cannot_write(&path, &err));
                    }
                    _ => {}
                }
            }
        }
        // A new file in a new folder: O_EXCL never follows a link.
        let file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|err| cannot_write(&path, &err))?;
        self.names.insert(top.clone());
        Ok(StagedFile {
            file: BufWriter::new(file),
            path,
        })
    }

    /// Writes the file `relative` of the version whole.
    pub fn write(&mut self, relative: &str, bytes: &[u8]) -> Result<(), String> {
        let mut file = self.file(relative)?;
        file.write_bytes(bytes)?;
        file.finish()?;
        hook::after_write(relative)
    }

    /// Writes rendered files (`(name, bytes)`), each whole.
    pub fn write_files(&mut self, files: &[(String, Vec<u8>)]) -> Result<(), String> {
        for (name, bytes) in files {
            self.write(name, bytes)?;
        }
        Ok(())
    }

    /// Takes `name` from the set now in the folder into the version as it
    /// is (a hard link, or a copy where links cannot be made): what a redraw
    /// keeps, such as a run's trials.csv. False if there is no such file.
    pub fn carry(&mut self, name: &str) -> Result<bool, String> {
        let source = self.folder.dir().join(name);
        if !fs::metadata(&source).is_ok_and(|metadata| metadata.is_file()) {
            return Ok(false);
        }
        let target = self.store().join(&self.version).join(name);
        let real = fs::canonicalize(&source).map_err(|err| cannot_write(&source, &err))?;
        // Only a file of the folder itself is carried, never one a planted
        // link leads to elsewhere.
        let folder =
            fs::canonicalize(self.folder.dir()).map_err(|err| cannot_write(&source, &err))?;
        if !real.starts_with(&folder) {
            return Err(format!(
                "{} leads outside {}; zopa does not copy it\n  help: remove the link, or \
                 choose another directory with --out",
                source.display(),
                folder.display()
            ));
        }
        if fs::hard_link(&real, &target).is_err() {
            fs::copy(&real, &target).map_err(|err| cannot_write(&target, &err))?;
        }
        self.names.insert(name.to_string());
        Ok(true)
    }

    /// Switches the version in: after this, every name of the set in the
    /// output folder shows it. Stops without changing anything if `cancel`
    /// was set (Ctrl-C) before the switch.
    pub fn commit(mut self, cancel: &AtomicBool) -> Result<(), CliError> {
        let dir = self.folder.dir().to_path_buf();
        let store = self.store();
        hook::before_switch();
        sync_folder(&store.join(&self.version));
        sync_folder(&store.join(&self.version).join("charts"));
        if cancel.load(Ordering::SeqCst) {
            return Err(CliError::interrupted(&dir));
        }
        // A name the folder does not have yet gets its link now: until the
        // switch the link leads nowhere, so the name is still absent.
        for name in self.names.clone() {
            if fs::symlink_metadata(dir.join(&name)).is_err() {
                place_link(&dir, self.set, &name)?;
                self.placed.push(name);
            }
        }
        if cancel.load(Ordering::SeqCst) {
            return Err(CliError::interrupted(&dir));
        }
        let previous = current_version(&store, self.set);
        switch(&store, self.set, &self.version)?;
        self.committed = true;
        sync_folder(&store);
        // The new set is in place; what follows tidies up.
        let tidied = tidy(&dir, self.set, &self.version);
        if let Some(previous) = previous.filter(|previous| *previous != self.version) {
            let _ = fs::remove_dir_all(store.join(previous));
        }
        sync_folder(&dir);
        tidied.map_err(|err| {
            CliError::Input(format!(
                "the new results are in {}, but {err}",
                dir.display()
            ))
        })
    }
}

impl Drop for Staged<'_> {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        let dir = self.folder.dir();
        for name in &self.placed {
            if our_link(&dir.join(name)).is_some() {
                let _ = fs::remove_file(dir.join(name));
            }
        }
        let store = self.store();
        let _ = fs::remove_dir_all(store.join(&self.version));
        // Gone again if this was the folder's first set (fails if not empty).
        let _ = fs::remove_dir(&store);
    }
}

/// The set a link zopa made in an output folder leads to:
/// `NAME -> .zopa/<slot>/NAME`.
pub fn our_link(path: &Path) -> Option<ResultSet> {
    let target = fs::read_link(path).ok()?;
    let name = path.file_name()?;
    let mut parts = target.components();
    let (
        Some(Component::Normal(store)),
        Some(Component::Normal(slot)),
        Some(Component::Normal(last)),
        None,
    ) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    (store == STORE && last == name)
        .then(|| ResultSet::from_slot(&slot.to_string_lossy()))
        .flatten()
}

/// The version a set's link in `store` leads to, if it is a valid one.
fn current_version(store: &Path, set: ResultSet) -> Option<String> {
    let target = fs::read_link(store.join(set.slot())).ok()?;
    let name = target.to_str()?;
    let valid = name
        .strip_prefix(set.slot())
        .is_some_and(|rest| rest.starts_with('-'))
        && !name.contains('/')
        && fs::symlink_metadata(store.join(name)).is_ok_and(|metadata| metadata.is_dir());
    valid.then(|| name.to_string())
}

/// Makes `store/<slot>` lead to `version`: a new link renamed over the old
/// one, the one atomic step of a commit.
fn switch(store: &Path, set: ResultSet, version: &str) -> Result<(), String> {
    let next = store.join(format!("next-{}-{}", set.slot(), std::process::id()));
    let _ = fs::remove_file(&next);
    symlink(Path::new(version), &next)
        .and_then(|()| fs::rename(&next, store.join(set.slot())))
        .map_err(|err| {
            let _ = fs::remove_file(&next);
            format!(
                "cannot switch the new results in ({}): {err}; the earlier results are untouched",
                store.display()
            )
        })
}

/// Puts the link `dir/name -> .zopa/<slot>/name` in place, replacing
/// whatever is there by `rename` (which never follows a link).
fn place_link(dir: &Path, set: ResultSet, name: &str) -> Result<(), String> {
    let store = dir.join(STORE);
    let temporary = store.join(format!("link-{}-{name}", std::process::id()));
    let _ = fs::remove_file(&temporary);
    let target = Path::new(STORE).join(set.slot()).join(name);
    symlink(&target, &temporary)
        .and_then(|()| fs::rename(&temporary, dir.join(name)))
        .map_err(|err| {
            let _ = fs::remove_file(&temporary);
            format!("cannot link {} into place: {err}", dir.join(name).display())
        })
}

/// Brings the names `set` owns in `dir` in line with `version`: a link for
/// each of its entries (replacing files an older zopa wrote there), and
/// nothing for names it lacks (a stale trials.csv or chart).
fn tidy(dir: &Path, set: ResultSet, version: &str) -> Result<(), String> {
    let store = dir.join(STORE);
    let wanted: BTreeSet<String> = fs::read_dir(store.join(version))
        .map_err(|err| format!("cannot read {}: {err}", store.join(version).display()))?
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    for name in &wanted {
        let path = dir.join(name);
        match fs::symlink_metadata(&path) {
            Ok(_) if our_link(&path) == Some(set) => {}
            Ok(metadata) if metadata.is_dir() => {
                // A folder cannot be renamed over: moved into the store first.
                let aside = store.join(format!("old-{}-{name}", std::process::id()));
                fs::rename(&path, &aside)
                    .map_err(|err| format!("cannot replace {}: {err}", path.display()))?;
                place_link(dir, set, name)?;
                let _ = fs::remove_dir_all(&aside);
            }
            _ => place_link(dir, set, name)?,
        }
    }
    let entries =
        fs::read_dir(dir).map_err(|err| format!("cannot read {}: {err}", dir.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !set.owns(&name) || wanted.contains(&name) {
            continue;
        }
        let path = entry.path();
        let Ok(metadata) = fs::symlink_metadata(&path) else {
            continue;
        };
        let removed = if metadata.is_dir() {
            fs::remove_dir_all(&path)
        } else if metadata.is_file() || our_link(&path).is_some() {
            fs::remove_file(&path)
        } else {
            continue;
        };
        removed.map_err(|err| format!("cannot remove the stale {}: {err}", path.display()))?;
    }
    Ok(())
}

/// Repairs an output folder when its lock is taken: removes what writers
/// that died left in the store (unfinished versions, temporary links) and
/// links made for a switch that never came, and completes the tidying of a
/// commit cut short.
pub fn recover(dir: &Path) -> Result<(), String> {
    let store = dir.join(STORE);
    let live: Vec<(ResultSet, String)> = ResultSet::ALL
        .into_iter()
        .filter_map(|set| current_version(&store, set).map(|version| (set, version)))
        .collect();
    if let Ok(entries) = fs::read_dir(&store) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let kept = name == "lock"
                || live
                    .iter()
                    .any(|(set, version)| name == set.slot() || name == *version);
            if kept {
                continue;
            }
            let path = entry.path();
            let _ = match fs::symlink_metadata(&path) {
                Ok(metadata) if metadata.is_dir() => fs::remove_dir_all(&path),
                _ => fs::remove_file(&path),
            };
        }
    }
    for (set, version) in &live {
        tidy(dir, *set, version)?;
    }
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if our_link(&path).is_some() && fs::metadata(&path).is_err() {
                let _ = fs::remove_file(&path);
            }
        }
    }
    let _ = fs::remove_dir(&store);
    Ok(())
}

/// What a file system entry is, for messages.
pub fn kind_of(metadata: &fs::Metadata) -> &'static str {
    let kind = metadata.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "FIFO";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "device";
        }
        if kind.is_socket() {
            return "socket";
        }
    }
    if kind.is_symlink() {
        "symbolic link"
    } else if kind.is_dir() {
        "folder"
    } else if kind.is_file() {
        "regular file"
    } else {
        "special file"
    }
}

/// Flushes a folder's entries to disk, so a switch survives a power cut.
/// Best effort: not every file system can sync a folder.
fn sync_folder(path: &Path) {
    if let Ok(folder) = fs::File::open(path) {
        let _ = folder.sync_all();
    }
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn symlink(_target: &Path, _link: &Path) -> std::io::Result<()> {
    Err(std::io::Error::new(
        std::io::ErrorKind::Unsupported,
        "zopa's output folders need symbolic links, which this system does not offer",
    ))
}

//! A new version of a result set: written into a fresh folder of zopa's store,
//! then switched in with one `rename(2)` (see the parent module for why, and
//! `links` for the links it switches).

use super::super::error::CliError;
use super::super::interrupt::{self, Pending, Removal};
use super::links::{current_version, our_link, place_link, switch, sync_folder, tidy};
use super::{OutputFolder, STORE, hook, is_chart_file};
use std::collections::BTreeSet;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Component, Path, PathBuf};
use zopa::report::charts::registry::{ChartKind, Source};
use zopa::shard::ShardKind;

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
    /// `zopa backtest`: backtest.json, backtest.csv, backtest.md and its charts.
    Backtest,
    /// A command with `--shard K/N`: its shard file (`shard-run.json`, ...).
    Shard(ShardKind),
    /// `zopa play` and `zopa explain --chart`: negotiation.json, its chart
    /// and (from `zopa play`) moves.txt.
    Negotiation,
}

impl ResultSet {
    pub(super) const ALL: [ResultSet; 10] = [
        ResultSet::Run,
        ResultSet::Compare,
        ResultSet::Sweep,
        ResultSet::Sensitivity,
        ResultSet::Charts,
        ResultSet::Backtest,
        ResultSet::Shard(ShardKind::Run),
        ResultSet::Shard(ShardKind::Sweep),
        ResultSet::Shard(ShardKind::Sensitivity),
        ResultSet::Negotiation,
    ];

    /// Its link's name in the store (its versions are `<slot>-<pid>-<time>`).
    pub(super) fn slot(self) -> &'static str {
        match self {
            ResultSet::Run => "run",
            ResultSet::Compare => "compare",
            ResultSet::Sweep => "sweep",
            ResultSet::Sensitivity => "sensitivity",
            ResultSet::Charts => "plot",
            ResultSet::Backtest => "backtest",
            // No slot may be the start of another's versions (`run-…`).
            ResultSet::Shard(kind) => match kind {
                ShardKind::Run => "shard-run",
                ShardKind::Sweep => "shard-sweep",
                ShardKind::Sensitivity => "shard-sensitivity",
            },
            ResultSet::Negotiation => "negotiation",
        }
    }

    /// Whether `name` in the output folder belongs to this set: a commit
    /// removes such names that its version does not have (a trials.csv that
    /// a new run did not write, a chart it no longer draws).
    pub(super) fn owns(self, name: &str) -> bool {
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
            ResultSet::Backtest => {
                ["backtest.json", "backtest.csv", "backtest.md"].contains(&name)
                    || beside(Source::Backtest)
            }
            ResultSet::Shard(kind) => name == kind.file_name(),
            ResultSet::Negotiation => {
                name == "negotiation.json" || name == "moves.txt" || beside(Source::Negotiation)
            }
        }
    }

    pub(super) fn from_slot(slot: &str) -> Option<ResultSet> {
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
    /// The version (and the links placed for it) as Ctrl-C would remove
    /// them: see `cli/interrupt`.
    pending: Vec<Pending>,
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
        // Made and registered in one step, so that Ctrl-C removes it.
        let pending = interrupt::exclusive(|_| {
            fs::create_dir_all(&store)
                .and_then(|()| fs::create_dir(store.join(&version)))
                .map(|()| {
                    vec![
                        interrupt::register(Removal::EmptyFolder(store.clone())),
                        interrupt::register(Removal::Tree(store.join(&version))),
                    ]
                })
        })
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
            pending,
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
        // One step, so that Ctrl-C never removes the version while a folder
        // or file is being made in it.
        let file = interrupt::exclusive(|_| {
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
            fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
                .map_err(|err| cannot_write(&path, &err))
        })?;
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
        let folder = self.folder.dir().to_path_buf();
        self.carry_from(&folder, name)
    }

    /// [`Staged::carry`] from another `folder`: the files that go with a
    /// file drawn from there.
    pub fn carry_from(&mut self, folder: &Path, name: &str) -> Result<bool, String> {
        let source = folder.join(name);
        if !fs::metadata(&source).is_ok_and(|metadata| metadata.is_file()) {
            return Ok(false);
        }
        let target = self.store().join(&self.version).join(name);
        let real = fs::canonicalize(&source).map_err(|err| cannot_write(&source, &err))?;
        // Only a file of the folder itself is carried, never one a planted
        // link leads to elsewhere.
        let folder = fs::canonicalize(folder).map_err(|err| cannot_write(&source, &err))?;
        if !real.starts_with(&folder) {
            return Err(format!(
                "{} leads outside {}; zopa does not copy it\n  help: remove the link, or \
                 choose another directory with --out",
                source.display(),
                folder.display()
            ));
        }
        interrupt::exclusive(|_| {
            if fs::hard_link(&real, &target).is_err() {
                fs::copy(&real, &target).map_err(|err| cannot_write(&target, &err))?;
            }
            Ok::<(), String>(())
        })?;
        self.names.insert(name.to_string());
        Ok(true)
    }

    /// Switches the version in: after this, every name of the set in the
    /// output folder shows it. Ctrl-C up to the switch removes the version
    /// and ends the command (see `cli/interrupt`); after it, the command
    /// finishes.
    pub fn commit(mut self) -> Result<(), CliError> {
        let dir = self.folder.dir().to_path_buf();
        let store = self.store();
        hook::before_switch();
        sync_folder(&store.join(&self.version));
        sync_folder(&store.join(&self.version).join("charts"));
        let previous = current_version(&store, self.set);
        interrupt::exclusive(|step| {
            // A name the folder does not have yet gets its link now: until
            // the switch the link leads nowhere, so the name is still absent.
            for name in self.names.clone() {
                if fs::symlink_metadata(dir.join(&name)).is_err() {
                    place_link(&dir, self.set, &name)?;
                    self.pending
                        .push(interrupt::register(Removal::File(dir.join(&name))));
                    self.placed.push(name);
                }
            }
            switch(&store, self.set, &self.version)?;
            step.switched();
            self.committed = true;
            Ok::<(), String>(())
        })?;
        self.pending.clear();
        hook::after_switch();
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

//! Output folders: a result set (a run's summary, report, charts and
//! trials.csv; a compare's, sweep's or sensitivity's files; charts redrawn by
//! `zopa plot`) appears in its folder whole or not at all, one writer at a
//! time, and nothing is ever written outside the folder.
//!
//! # How a set is switched in
//!
//! A set is several names side by side in the folder (`summary.json`,
//! `report.md`, `charts/`, ...), and no file system can rename several names
//! at once. Swapping the whole folder for a staged copy (`rename` with
//! `RENAME_EXCHANGE`) would, but it replaces the folder itself: a shell `cd`'d
//! into it is left in a deleted directory, `--out .` cannot be renamed at
//! all, a mount point or a folder whose parent is not writable fails, and the
//! files of other commands and the user's hidden files would have to be moved
//! across. So the folder stays, and each set lives in a versioned folder of
//! zopa's hidden store, reached through one symbolic link:
//!
//! ```text
//! DIR/summary.json -> .zopa/run/summary.json      (one link per name, made once)
//! DIR/charts       -> .zopa/run/charts
//! DIR/.zopa/run    -> run-4242-18c3f...           (the one link a commit replaces)
//! DIR/.zopa/run-4242-18c3f.../summary.json, report.md, charts/, ...
//! ```
//!
//! A command writes its set into a new version folder ([`Staged`]), then
//! makes `.zopa/run` point at it by renaming a new link over the old one: a
//! single atomic `rename(2)`, so every name in `DIR` shows the complete earlier
//! set up to that instant and the complete new one after it. The old version
//! is then deleted. Nothing is written through an existing name: versions are
//! new folders of new files (`O_EXCL`), and names in `DIR` are only ever
//! replaced by `rename`, which never follows a link planted there.
//!
//! # One writer, and what a crash leaves
//!
//! [`OutputFolder::open`] takes an advisory lock (`flock`) on the folder
//! itself, so a second zopa writing into it is refused at once (see
//! [`lock`]); the kernel drops the lock when its holder dies, even by
//! `kill -9`. Whoever takes the lock next removes what a dead writer left:
//! unfinished versions, links made for a switch that never came, and the
//! temporary files of older zopa versions whose process is gone.
//!
//! A folder the command made (and any it made above it) is removed again
//! when the command ends without a set in it, by Ctrl-C or an error: only
//! while the command holds the lock, and only if it is empty, so a folder
//! that was there before, or that another zopa locked, is never removed.
//!
//! A folder written by a zopa from before this layout holds real files: the
//! first commit of each set replaces them by links, name by name.

mod hook;
mod links;
mod lock;
mod pending;
mod staged;

pub use pending::PendingFile;
pub use staged::{ResultSet, Staged, StagedFile};

use super::interrupt::{self, Pending, Removal};
use lock::FolderLock;
use std::fs;
use std::path::{Component, Path, PathBuf};
use zopa::report::charts::registry;

/// zopa's hidden store in an output folder: the versions of each set.
pub const STORE: &str = ".zopa";

/// The data files (and the `charts` folder) zopa writes into an output
/// directory; chart files beside them come from the chart registry.
const DATA_FILES: [&str; 15] = [
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
    "backtest.json",
    "backtest.csv",
    "backtest.md",
    "negotiation.json",
    "moves.txt",
];

/// Whether zopa writes a file called `name` into a results directory.
fn is_result_file(name: &str) -> bool {
    DATA_FILES.contains(&name)
        || zopa::shard::ShardKind::ALL
            .iter()
            .any(|kind| kind.file_name() == name)
        || registry::beside_chart_files().iter().any(|f| f == name)
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

/// An output folder, locked for this process until dropped.
///
/// The folders the command made for it (the folder itself, and any missing
/// above it) are removed again if it leaves them empty: when it is dropped
/// (an error, an interruption the work noticed) and by the Ctrl-C handler,
/// so an interrupted command into a new folder leaves no trace. Only empty
/// folders this process made, and only while it holds the lock: a folder
/// that existed before, or holds anything, is never removed.
pub struct OutputFolder {
    dir: PathBuf,
    /// The folders made for this one, outermost first.
    created: Vec<PathBuf>,
    /// Their removal, registered for the Ctrl-C handler.
    _registered: Vec<Pending>,
    _lock: FolderLock,
}

impl Drop for OutputFolder {
    fn drop(&mut self) {
        // Still locked here: the fields, the lock among them, drop after.
        for folder in self.created.iter().rev() {
            let _ = fs::remove_dir(folder);
        }
    }
}

/// Makes `dir` and the folders missing above it, and says which this call
/// made (outermost first): one made at the same moment by another process
/// is not counted.
fn create_folders(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut missing = Vec::new();
    let mut at = Some(dir);
    while let Some(path) = at.filter(|path| !path.as_os_str().is_empty()) {
        match fs::symlink_metadata(path) {
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                missing.push(path.to_path_buf());
            }
            _ => break,
        }
        at = path.parent();
    }
    let made = missing
        .into_iter()
        .rev()
        .filter(|folder| fs::create_dir(folder).is_ok())
        .collect();
    // Whatever is in the way, `create_dir_all` says so as it always has.
    fs::create_dir_all(dir)?;
    Ok(made)
}

impl OutputFolder {
    /// Checks that `dir` holds nothing but zopa's own results (see
    /// [`refuse_foreign`]), creates it if needed, locks it, and removes what
    /// an earlier writer that died left behind.
    pub fn open(dir: &Path, folder: Folder) -> Result<OutputFolder, String> {
        refuse_store(dir)?;
        refuse_foreign(dir, folder)?;
        OutputFolder::open_unchecked(dir)
    }

    /// [`OutputFolder::open`] without the check for files zopa did not write
    /// (for `zopa plot`, which redraws a run's charts in a folder the user
    /// has added files to, without touching them).
    pub fn open_unchecked(dir: &Path) -> Result<OutputFolder, String> {
        refuse_store(dir)?;
        // One step, which Ctrl-C waits for: the folders this command makes
        // are registered for removal (see `Removal::EmptyFolder`) only once
        // they are locked, so an interrupted command removes no folder that
        // another zopa may have locked in the meantime.
        let (created, lock, registered) = interrupt::exclusive(|_| {
            let created = create_folders(dir).map_err(|err| {
                // "File exists" would not say what is in the way.
                let what = match (fs::symlink_metadata(dir), fs::metadata(dir)) {
                    (Ok(link), Err(_)) if link.file_type().is_symlink() => {
                        "it is a link that leads nowhere (or round in a loop)".to_string()
                    }
                    (_, Ok(target)) if !target.is_dir() => {
                        format!("it is a {}, not a folder", links::kind_of(&target))
                    }
                    _ => err.to_string(),
                };
                format!(
                    "cannot create the output directory {}: {what}; choose another with --out",
                    dir.display()
                )
            })?;
            let lock = lock::lock(dir)?;
            let registered: Vec<Pending> = created
                .iter()
                .map(|folder| interrupt::register(Removal::EmptyFolder(folder.clone())))
                .collect();
            Ok::<_, String>((created, lock, registered))
        })?;
        let folder = OutputFolder {
            dir: dir.to_path_buf(),
            created,
            _registered: registered,
            _lock: lock,
        };
        let store = dir.join(STORE);
        if let Ok(metadata) = fs::symlink_metadata(&store)
            && !metadata.is_dir()
        {
            return Err(format!(
                "error: {} is not a folder zopa made (it is a {})\n  help: zopa keeps its \
                 results there; move it away, or choose another directory with --out",
                store.display(),
                links::kind_of(&metadata)
            ));
        }
        interrupt::writing_into(dir);
        // One step, which Ctrl-C waits for: the repairs are never cut short.
        interrupt::exclusive(|_| {
            // The store is made now, before any work, so a folder zopa cannot
            // write into is named at once; `recover` removes it again if empty.
            fs::create_dir_all(&store).map_err(|err| {
                format!(
                    "cannot write into the output directory {}: {err}; choose another with --out",
                    dir.display()
                )
            })?;
            links::recover(dir)?;
            pending::remove_stale_in(dir);
            pending::remove_stale_in(&dir.join("charts"));
            Ok::<(), String>(())
        })?;
        Ok(folder)
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Starts a new version of `set`, to be filled and then committed.
    pub fn stage(&self, set: ResultSet) -> Result<Staged<'_>, String> {
        Staged::new(self, set)
    }
}

/// Refuses a folder inside zopa's store of an output folder, as named or
/// where it really is: a version there never changes once written, and is
/// removed whole by the next set. A folder not made yet counts where it
/// would be made, so `DIR/charts/new` (through the link `DIR/charts` into
/// the store) is refused, not created in a version of the store.
fn refuse_store(dir: &Path) -> Result<(), String> {
    let inside_store = |path: &Path| {
        path.components()
            .any(|part| part.as_os_str() == std::ffi::OsStr::new(STORE))
    };
    if inside_store(dir) || inside_store(&real_location(dir)) {
        return Err(format!(
            "error: {} is inside zopa's store of an output folder\n  help: give the \
             output folder itself (the one holding summary.json), or another with --out",
            dir.display()
        ));
    }
    Ok(())
}

/// Where `dir` is, links followed, though it may not exist yet: each part
/// that exists is resolved, and the parts after them (which `create_dir_all`
/// would make as plain folders) are taken as written.
fn real_location(dir: &Path) -> PathBuf {
    let mut real = if dir.is_absolute() {
        PathBuf::new()
    } else {
        fs::canonicalize(".").unwrap_or_default()
    };
    for part in dir.components() {
        match part {
            Component::ParentDir => {
                real.pop();
            }
            Component::CurDir => {}
            Component::Normal(name) => {
                let next = real.join(name);
                real = fs::canonicalize(&next).unwrap_or(next);
            }
            Component::RootDir | Component::Prefix(_) => real.push(part),
        }
    }
    real
}

/// One entry of a folder that zopa did not write, with why if its name is one
/// of zopa's.
struct Foreign {
    name: String,
    why: Option<&'static str>,
}

/// Refuses a directory that holds files zopa did not write.
///
/// The policy: zopa writes only into a new or empty directory, or one that
/// holds nothing but its own results. It replaces its own files and removes
/// its own stale charts, and never mixes its output with other files or
/// deletes them. Hidden files (names starting with `.`) are ignored. A name
/// zopa uses that holds something zopa would not have written there (a
/// folder, a device, a link zopa did not make) is refused too, so nothing is
/// ever written through it.
pub fn refuse_foreign(dir: &Path, folder: Folder) -> Result<(), String> {
    let mut foreign = foreign_entries(dir, folder);
    if folder == Folder::Results {
        foreign.extend(
            foreign_entries(&dir.join("charts"), Folder::Charts)
                .into_iter()
                .map(|entry| Foreign {
                    name: format!("charts/{}", entry.name),
                    why: entry.why,
                }),
        );
    }
    if foreign.is_empty() {
        return Ok(());
    }
    let shown: Vec<String> = foreign
        .iter()
        .take(5)
        .map(|entry| match entry.why {
            Some(why) => format!("{} ({why})", entry.name),
            None => entry.name.clone(),
        })
        .collect();
    let more = match foreign.len() - shown.len() {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    Err(format!(
        "error: the output directory {} holds files zopa did not write: {}{more}\n  \
         help: zopa writes only into a new or empty directory or one holding its own \
         results, so nothing of yours is overwritten or mixed with them; choose another \
         directory with --out, or move those files away",
        dir.display(),
        shown.join(", ")
    ))
}

/// Entries of `dir` (if it exists) that zopa did not write there, sorted.
fn foreign_entries(dir: &Path, folder: Folder) -> Vec<Foreign> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut foreign: Vec<Foreign> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                return None;
            }
            let ours = match folder {
                Folder::Results => is_result_file(&name),
                Folder::Charts => is_chart_file(&name),
            };
            if !ours {
                return Some(Foreign { name, why: None });
            }
            let why = unexpected_kind(
                &dir.join(&name),
                name == "charts" && folder == Folder::Results,
            );
            why.map(|why| Foreign {
                name,
                why: Some(why),
            })
        })
        .collect();
    foreign.sort_by(|a, b| a.name.cmp(&b.name));
    foreign
}

/// Why the entry at `path`, named as one of zopa's, is not one zopa made: a
/// link into zopa's store and a regular file (a folder for `charts`, as
/// written before the store) are zopa's.
fn unexpected_kind(path: &Path, folder_expected: bool) -> Option<&'static str> {
    let metadata = fs::symlink_metadata(path).ok()?;
    let kind = metadata.file_type();
    if kind.is_symlink() {
        return links::our_link(path)
            .is_none()
            .then_some("a link zopa did not make");
    }
    match (folder_expected, kind.is_dir(), kind.is_file()) {
        (true, true, _) | (false, _, true) => None,
        (true, false, _) => Some("not a folder"),
        (false, true, _) => Some("a folder"),
        (false, false, false) => Some("not a regular file"),
    }
}

/// Whether the only files zopa did not write in the results folder `dir` are
/// the user's own names at its top (not a name of zopa's holding something
/// else, nor a file among the charts): `zopa plot` then redraws the charts
/// and leaves the report as it was.
pub fn only_foreign_names_at_top(dir: &Path) -> bool {
    foreign_entries(dir, Folder::Results)
        .iter()
        .all(|entry| entry.why.is_none())
        && foreign_entries(&dir.join("charts"), Folder::Charts).is_empty()
}

//! One writer per output folder: an advisory lock (`flock(2)`, through
//! `std::fs::File::try_lock`) on the folder itself.
//!
//! Locking the folder rather than a lock file inside it leaves nothing to
//! clean up: the lock lives as long as the process holds the folder open and
//! the kernel drops it when the process ends, however it ends. The folder is
//! never replaced (see the parent module), so every writer locks the same
//! inode. Where a file system cannot lock a folder (some network file
//! systems), a lock file `.zopa/lock` stands in; it is never removed, so two
//! writers never hold locks on two different files of that name.

use std::fs::{self, File, TryLockError};
use std::path::Path;

/// The lock on an output folder, held until dropped.
pub struct FolderLock {
    _file: File,
}

/// Locks `dir` for this process, or says who to wait for.
pub fn lock(dir: &Path) -> Result<FolderLock, String> {
    let cannot = |err: std::io::Error| {
        format!(
            "cannot lock the output directory {}: {err}; choose another with --out",
            dir.display()
        )
    };
    let folder = File::open(dir).map_err(cannot)?;
    match folder.try_lock() {
        Ok(()) if still_at(&folder, dir) => return Ok(FolderLock { _file: folder }),
        Ok(()) | Err(TryLockError::WouldBlock) => return Err(busy(dir)),
        Err(TryLockError::Error(_)) => {}
    }
    let store = dir.join(super::STORE);
    fs::create_dir_all(&store).map_err(cannot)?;
    let path = store.join("lock");
    if fs::symlink_metadata(&path).is_ok_and(|metadata| !metadata.is_file()) {
        return Err(format!(
            "error: {} is not a lock file zopa made\n  help: remove it, or choose another \
             directory with --out",
            path.display()
        ));
    }
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(cannot)?;
    match file.try_lock() {
        Ok(()) => Ok(FolderLock { _file: file }),
        Err(TryLockError::WouldBlock) => Err(busy(dir)),
        Err(TryLockError::Error(err)) => Err(cannot(err)),
    }
}

/// Whether the folder `file` was opened as is still the one at `dir`. An
/// interrupted zopa removes the empty folder it made, holding its lock; a
/// zopa that opened that folder just before then locks a folder that is
/// gone once the first has ended, and is refused as if it were still busy.
#[cfg(unix)]
fn still_at(file: &File, dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(dir)) {
        (Ok(held), Ok(there)) => held.dev() == there.dev() && held.ino() == there.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_at(_file: &File, _dir: &Path) -> bool {
    true
}

/// The refusal of a second writer.
fn busy(dir: &Path) -> String {
    format!(
        "error: another zopa command is writing into {}\n  help: wait for it to finish and \
         run this again, or write elsewhere with --out",
        dir.display()
    )
}

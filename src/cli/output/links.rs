//! The links of an output folder: each name of a set in the folder leads
//! through `.zopa/<slot>` to the set's current version, and switching that one
//! link is a commit. Here: making and reading those links, bringing a folder's
//! names in line with a version ([`tidy`]), and the repairs a writer makes when
//! it takes the lock ([`recover`]).

use super::STORE;
use super::staged::ResultSet;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path};

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
pub(super) fn current_version(store: &Path, set: ResultSet) -> Option<String> {
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
pub(super) fn switch(store: &Path, set: ResultSet, version: &str) -> Result<(), String> {
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
pub(super) fn place_link(dir: &Path, set: ResultSet, name: &str) -> Result<(), String> {
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
pub(super) fn tidy(dir: &Path, set: ResultSet, version: &str) -> Result<(), String> {
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
pub(super) fn sync_folder(path: &Path) {
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

//! Stage 4: write every table as CSV and Parquet, plus `datapackage.json` and a data
//! dictionary, into a staging folder beside `--out`; only when all of it is written and synced
//! is it exchanged with the old folder in one atomic step (`renameat2(RENAME_EXCHANGE)`), so a
//! reader sees the whole old set or the whole new set, and a run killed at any instant leaves
//! one of them in place. A lock file beside `--out` keeps two runs from publishing at once.
//!
//! Beside `--out` (same folder, so the exchange stays on one file system) petrochip keeps only
//! hidden names of its own: `.<out>.lock`, and while it runs `.<out>.staging-<pid>`; a staging
//! folder left by a killed run is removed by the next run, which says so.

mod csv;
pub mod docs;
mod fault;
mod lock;
mod parquet;

use std::fs;
use std::path::{Path, PathBuf};

use crate::manifest::{self, Entry};
use crate::validate::Validated;
pub use lock::Wait;

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("{path}: --out must be a folder, and this is a file; pass another path")]
    OutIsFile { path: String },
    #[error(
        "{path}: this folder is not empty and is not a petrochip output (it has neither a datapackage.json nor a manifest.json written by petrochip); petrochip replaces --out as a whole, so pass a new or empty folder"
    )]
    NotOurs { path: String },
    #[error(
        "{path}: --out is read-only (it has no write permission); make it writable (chmod u+w {path}) or pass another folder"
    )]
    ReadOnly { path: String },
    #[error(
        "{path}: --out is inside the raw folder ({raw}); the tables would sit among the sheets; pass a folder outside it"
    )]
    InsideRaw { path: String, raw: String },
    #[error(
        "{raw}: the raw folder is inside --out ({path}), which petrochip replaces as a whole; the sheets would be deleted: pass an --out outside the raw folder"
    )]
    RawInside { path: String, raw: String },
    #[error(
        "{path}: --out holds files petrochip did not write ({files}); it replaces --out as a whole, so move them out or pass another folder"
    )]
    ForeignFiles { path: String, files: String },
    #[error(
        "{path}: --out is a symbolic link (to {target}); petrochip replaces --out as a whole and would replace the link by a folder: pass the folder it leads to"
    )]
    OutIsLink { path: String, target: String },
    #[error("{path}: cannot tell where --out is ({source}); pass a path petrochip can resolve")]
    Unresolvable {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "{path}: another petrochip run is publishing here ({holder}); wait for it to finish, or pass --wait to queue behind it"
    )]
    Locked { path: String, holder: String },
    #[error(
        "{path}: another petrochip run still held the lock after {secs} s ({holder}); nothing was written: look at that run, or retry"
    )]
    WaitedTooLong {
        path: String,
        holder: String,
        secs: u64,
    },
    #[error(
        "{path}: cannot write: {source}; check that the folder exists, is writable and that the disk has room"
    )]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: cannot write the Parquet file: {message}")]
    Parquet { path: String, message: String },
}

impl PublishError {
    /// Exit code 3 tells a scheduler the run was skipped because another one holds the lock.
    pub fn is_locked(&self) -> bool {
        matches!(self, PublishError::Locked { .. })
    }

    /// Exit code 4: --wait=SECS ran out before the other run finished.
    pub fn waited_too_long(&self) -> bool {
        matches!(self, PublishError::WaitedTooLong { .. })
    }
}

pub(crate) fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> PublishError + '_ {
    move |source| PublishError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// What a publish writes into `--out`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contents {
    /// The tables, their documents and the site in `site/` (`petrochip run`).
    Output,
    /// The site alone, with its manifest (`petrochip docs --out DIR`).
    Site,
}

/// The folder of the site inside an output.
pub const SITE_DIR: &str = "site";

/// Publishes a validated dataset to `out`, never inside `raw`.
pub fn publish(
    validated: &Validated,
    inputs: &[Entry],
    out: &Path,
    raw: &Path,
    wait: Wait,
) -> Result<(), PublishError> {
    publish_contents(validated, inputs, out, raw, wait, Contents::Output)
}

/// Publishes `contents` to `out` through the same guards, staging and atomic exchange.
pub fn publish_contents(
    validated: &Validated,
    inputs: &[Entry],
    out: &Path,
    raw: &Path,
    wait: Wait,
    contents: Contents,
) -> Result<(), PublishError> {
    let shown = out.display().to_string();
    if let Ok(meta) = fs::symlink_metadata(out)
        && meta.file_type().is_symlink()
    {
        let target = fs::read_link(out)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        return Err(PublishError::OutIsLink {
            path: shown,
            target,
        });
    }
    if out.is_file() {
        return Err(PublishError::OutIsFile { path: shown });
    }
    // Both directions: --out inside raw/ would mix tables into the sheets, raw/ inside --out
    // would delete the sheets when --out is replaced. A path that cannot be resolved is refused,
    // never assumed to be elsewhere.
    let unresolvable = |source| PublishError::Unresolvable {
        path: shown.clone(),
        source,
    };
    if inside(out, raw).map_err(unresolvable)? {
        return Err(PublishError::InsideRaw {
            path: shown,
            raw: raw.display().to_string(),
        });
    }
    if inside(raw, out).map_err(unresolvable)? {
        return Err(PublishError::RawInside {
            path: shown,
            raw: raw.display().to_string(),
        });
    }
    if out.is_dir() && !replaceable(out) {
        return Err(PublishError::NotOurs { path: shown });
    }
    let foreign = foreign_files(out);
    if !foreign.is_empty() {
        return Err(PublishError::ForeignFiles {
            path: shown,
            files: foreign.join(", "),
        });
    }
    let (parent, name) = parent_and_name(out);
    for folder in [out, parent.as_path()] {
        if fs::metadata(folder).is_ok_and(|m| m.permissions().readonly()) {
            return Err(PublishError::ReadOnly {
                path: folder.display().to_string(),
            });
        }
    }
    // `--out a/b/output` when `a/b` does not exist yet: the lock and staging folder live there.
    fs::create_dir_all(&parent).map_err(io_error(&parent))?;
    let _lock = lock::acquire(&parent.join(format!(".{name}.lock")), wait)?;
    remove_leftovers(&parent, &name);
    let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
    let result = crate::cleanup::create_dir(&staging)
        .map_err(io_error(&staging))
        .and_then(|()| {
            write_all(validated, inputs, &staging, contents)
                .and_then(|()| swap_in(&staging, out, &parent))
        });
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    crate::cleanup::unregister(&staging);
    result
}

/// Whether `path` is `root` or lies under it (compared as absolute, resolved paths; either may
/// not exist yet, in which case its nearest existing ancestor is resolved).
fn inside(path: &Path, root: &Path) -> std::io::Result<bool> {
    Ok(resolve(path)?.starts_with(resolve(root)?))
}

fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while fs::symlink_metadata(existing).is_err() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = fs::canonicalize(existing)?;
    resolved.extend(rest.iter().rev());
    Ok(resolved)
}

/// A file's text, if it is a regular file: a FIFO put in place of one would hang the read.
fn read_regular(path: &Path) -> Option<String> {
    fs::symlink_metadata(path)
        .ok()
        .filter(|m| m.file_type().is_file())?;
    fs::read_to_string(path).ok()
}

/// Files in an output folder (or in its site's folder) that its manifest does not list:
/// someone's notes, which the next publish would delete with the folder.
fn foreign_files(out: &Path) -> Vec<String> {
    let Some(text) = read_regular(&out.join(manifest::FILE)) else {
        return Vec::new();
    };
    let Ok(manifest) = serde_json::from_str::<manifest::Manifest>(&text) else {
        return Vec::new();
    };
    let listed: std::collections::HashSet<&str> =
        manifest.outputs.iter().map(|o| o.path.as_str()).collect();
    let mut foreign = Vec::new();
    let mut pending = vec![(out.to_path_buf(), String::new())];
    while let Some((dir, prefix)) = pending.pop() {
        for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                pending.push((entry.path(), format!("{name}/")));
            } else if name != manifest::FILE && !listed.contains(name.as_str()) {
                foreign.push(name);
            }
        }
    }
    foreign.sort();
    foreign
}

/// The folder beside `--out` and `--out`'s own name.
fn parent_and_name(out: &Path) -> (PathBuf, String) {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    (parent, name)
}

/// Staging or previous folders beside `out`, sorted: a live run's, or a killed run's.
fn leftovers(parent: &Path, name: &str) -> Vec<PathBuf> {
    let prefixes = [format!(".{name}.staging-"), format!(".{name}.previous-")];
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut leftovers: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| {
            let file = e.file_name();
            let file = file.to_string_lossy();
            prefixes.iter().any(|p| file.starts_with(p.as_str()))
        })
        .map(|e| e.path())
        .collect();
    leftovers.sort();
    leftovers
}

/// Whether a folder left by a killed (or running) publish sits beside `out`: an up-to-date
/// check must then not skip the run that cleans it up.
pub fn has_leftovers(out: &Path) -> bool {
    let (parent, name) = parent_and_name(out);
    !leftovers(&parent, &name).is_empty()
}

/// Folders a killed run left beside `out`. Called under the lock, so no live run owns them. A
/// previous output with no output beside it is the only copy left by a run killed between its
/// two renames: it is put back, never deleted.
fn remove_leftovers(parent: &Path, name: &str) {
    let out = parent.join(name);
    for path in leftovers(parent, name) {
        let previous = path.file_name().is_some_and(|n| {
            n.to_string_lossy()
                .starts_with(&format!(".{name}.previous-"))
        });
        if previous && fs::symlink_metadata(&out).is_err() {
            match fs::rename(&path, &out) {
                Ok(()) => tracing::warn!(
                    "restored {} from {}, left by a petrochip run killed while publishing",
                    out.display(),
                    path.display()
                ),
                Err(e) => tracing::warn!(
                    "could not restore {} from {}: {e}; rename it back by hand",
                    out.display(),
                    path.display()
                ),
            }
            continue;
        }
        match fs::remove_dir_all(&path) {
            Ok(()) => tracing::warn!(
                "removed {}, left by a petrochip run that was killed while publishing; the output it sits beside is complete",
                path.display()
            ),
            Err(e) => tracing::warn!(
                "could not remove {}, left by a killed run: {e}",
                path.display()
            ),
        }
    }
}

/// Only an empty folder or one petrochip wrote may be replaced: `--out raw` or `--out .` must
/// never delete the analyst's work.
fn replaceable(out: &Path) -> bool {
    let empty = fs::read_dir(out)
        .map(|mut entries| entries.next().is_none())
        .unwrap_or(false);
    let ours = read_regular(&out.join("datapackage.json"))
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .is_some_and(|package| package["name"] == "petrochip");
    // A site rendered alone has no datapackage.json, but the manifest petrochip wrote.
    let site = read_regular(&out.join(manifest::FILE))
        .is_some_and(|text| serde_json::from_str::<manifest::Manifest>(&text).is_ok());
    empty || ours || site
}

fn write_all(
    validated: &Validated,
    inputs: &[Entry],
    staging: &Path,
    contents: Contents,
) -> Result<(), PublishError> {
    if contents == Contents::Site {
        let pages = crate::site::render(validated, crate::site::Options { downloads: None });
        write_site(&pages, staging)?;
        write_file(
            &staging.join(manifest::FILE),
            manifest::render(inputs, outputs(validated, staging)?).as_bytes(),
        )?;
        return sync_dir(staging);
    }
    for table in &validated.dataset().tables {
        csv::write(table, &staging.join(format!("{}.csv", table.spec.name)))?;
        parquet::write(table, &staging.join(format!("{}.parquet", table.spec.name)))?;
    }
    write_file(
        &staging.join("datapackage.json"),
        docs::datapackage(validated.dataset()).as_bytes(),
    )?;
    write_file(
        &staging.join("validation.json"),
        crate::validate::validation_json(validated).as_bytes(),
    )?;
    write_file(
        &staging.join("README.md"),
        docs::dictionary(validated.dataset()).as_bytes(),
    )?;
    let site = staging.join(SITE_DIR);
    fs::create_dir(&site).map_err(io_error(&site))?;
    let start = std::time::Instant::now();
    let pages = crate::site::render(
        validated,
        crate::site::Options {
            downloads: Some("../"),
        },
    );
    tracing::debug!(ms = start.elapsed().as_secs_f64() * 1000.0, "site rendered");
    write_site(&pages, &site)?;
    write_file(
        &staging.join(manifest::FILE),
        manifest::render(inputs, outputs(validated, staging)?).as_bytes(),
    )?;
    sync_dir(staging)
}

/// Writes the site's pages into `dir`, then makes them durable with one `syncfs` of their file
/// system rather than one `fsync` per page (hundreds of pages would make every run wait on
/// the disk hundreds of times). One crash checkpoint before the pages and one before the sync
/// (the staging folder makes a crash in between as harmless as anywhere before the exchange),
/// so the crash tests stay as long whatever the site's size.
fn write_site(pages: &[crate::site::Page], dir: &Path) -> Result<(), PublishError> {
    let start = std::time::Instant::now();
    fault::checkpoint().map_err(io_error(dir))?;
    for page in pages {
        let path = dir.join(&page.path);
        fs::write(&path, page.body.as_bytes()).map_err(io_error(&path))?;
    }
    fault::checkpoint().map_err(io_error(dir))?;
    let folder = fs::File::open(dir).map_err(io_error(dir))?;
    rustix::fs::syncfs(&folder).map_err(|e| io_error(dir)(e.into()))?;
    sync_dir(dir)?;
    tracing::debug!(
        pages = pages.len(),
        ms = start.elapsed().as_secs_f64() * 1000.0,
        "site written"
    );
    Ok(())
}

/// Every file written so far under `staging`, `/`-separated and hashed as it is on disk,
/// with its table's rows.
fn outputs(validated: &Validated, staging: &Path) -> Result<Vec<Entry>, PublishError> {
    let mut files = Vec::new();
    let mut pending = vec![(staging.to_path_buf(), String::new())];
    while let Some((dir, prefix)) = pending.pop() {
        for entry in fs::read_dir(&dir).map_err(io_error(&dir))? {
            let entry = entry.map_err(io_error(&dir))?;
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.file_type().map_err(io_error(&dir))?.is_dir() {
                pending.push((entry.path(), format!("{name}/")));
            } else {
                files.push((entry.path(), name));
            }
        }
    }
    files
        .into_iter()
        .map(|(path, name)| {
            let bytes = fs::read(&path).map_err(io_error(&path))?;
            let table = name
                .strip_suffix(".csv")
                .or_else(|| name.strip_suffix(".parquet"));
            let rows = table
                .and_then(|t| validated.dataset().table(t))
                .map(|t| t.rows.len());
            Ok(Entry {
                sha256: manifest::sha256(&bytes),
                path: name,
                rows,
            })
        })
        .collect()
}

/// Writes and syncs one file, so a crash after the swap cannot leave it half-written.
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<(), PublishError> {
    use std::io::Write;
    fault::checkpoint().map_err(io_error(path))?;
    let mut file = fs::File::create(path).map_err(io_error(path))?;
    file.write_all(bytes).map_err(io_error(path))?;
    fault::checkpoint().map_err(io_error(path))?;
    file.sync_all().map_err(io_error(path))
}

fn sync_dir(dir: &Path) -> Result<(), PublishError> {
    fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_error(dir))
}

/// Exchanges the staging folder with `out` in one step, then removes the old set (now at the
/// staging path). Once the exchange is done the new output is in place, so a failure to clean
/// up is a warning, never an error: "nothing was written" must stay true of every error.
fn swap_in(staging: &Path, out: &Path, parent: &Path) -> Result<(), PublishError> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    fault::checkpoint().map_err(io_error(out))?;
    let flags = if fs::symlink_metadata(out).is_ok() {
        RenameFlags::EXCHANGE
    } else {
        RenameFlags::NOREPLACE
    };
    // PETROCHIP_TWO_RENAMES=1 takes the fallback path, for the crash tests of file systems
    // without an atomic exchange.
    let forced = std::env::var_os("PETROCHIP_TWO_RENAMES").is_some_and(|v| v == "1");
    if forced {
        return swap_by_two_renames(staging, out, parent);
    }
    match renameat_with(CWD, staging, CWD, out, flags) {
        Ok(()) => {}
        // A file system without renameat2 (some network mounts): two renames, a short window.
        Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS) => {
            return swap_by_two_renames(staging, out, parent);
        }
        Err(e) => return Err(io_error(out)(e.into())),
    }
    tracing::debug!("exchanged {} with {}", staging.display(), out.display());
    if let Err(e) = fault::checkpoint().and_then(|()| fs::File::open(parent)?.sync_all()) {
        tracing::warn!(
            "{}: could not sync the folder after publishing: {e}",
            parent.display()
        );
    }
    if flags == RenameFlags::EXCHANGE
        && let Err(e) = fault::checkpoint().and_then(|()| fs::remove_dir_all(staging))
    {
        tracing::warn!(
            "could not remove the previous output, now at {}: {e}; the next run removes it",
            staging.display()
        );
    }
    Ok(())
}

fn swap_by_two_renames(staging: &Path, out: &Path, parent: &Path) -> Result<(), PublishError> {
    let name = staging
        .file_name()
        .map(|n| n.to_string_lossy().replace(".staging-", ".previous-"));
    let previous = parent.join(name.unwrap_or_default());
    let had_previous = fs::symlink_metadata(out).is_ok();
    let sync_parent = || fs::File::open(parent).and_then(|f| f.sync_all());
    if had_previous {
        fault::checkpoint().map_err(io_error(out))?;
        fs::rename(out, &previous).map_err(io_error(out))?;
    }
    // Killed here, the only copy is `previous`: the next run restores it (see
    // `remove_leftovers`), never deletes it.
    let second = fault::checkpoint().and_then(|()| fs::rename(staging, out));
    if let Err(e) = second {
        if had_previous {
            let _ = fs::rename(&previous, out);
        }
        return Err(io_error(out)(e));
    }
    // As durable as the exchange: the folder's new entries reach the disk.
    if let Err(e) = fault::checkpoint().and_then(|()| sync_parent()) {
        tracing::warn!(
            "{}: could not sync the folder after publishing: {e}",
            parent.display()
        );
    }
    if had_previous && let Err(e) = fault::checkpoint().and_then(|()| fs::remove_dir_all(&previous))
    {
        tracing::warn!(
            "could not remove {}: {e}; the next run removes it",
            previous.display()
        );
    }
    Ok(())
}

//! Stage 4: write every table as CSV and Parquet, plus `datapackage.json`, a data dictionary
//! and `duckdb.sql` (documented views), into a staging folder beside `--out`; only when all of it is written and synced
//! is it exchanged with the old folder in one atomic step (`renameat2(RENAME_EXCHANGE)`), so a
//! reader sees the whole old set or the whole new set, and a run killed at any instant leaves
//! one of them in place. A lock file beside `--out` keeps two runs from publishing at once.
//!
//! Beside `--out` (same folder, so the exchange stays on one file system) petrochip keeps only
//! hidden names of its own: `.<out>.lock`, `.<out>.replaced` (the set the last run replaced,
//! which the next one stages in: see [`reuse`]), `.<out>.vouched` (what the last run recorded
//! of the files it published, so the next need not read them back: see [`vouch`]), and while it
//! runs `.<out>.staging-<pid>`; a
//! staging folder left by a killed run is removed by the next run, which says so.

mod csv;
pub mod docs;
mod fault;
mod lock;
mod parquet;
mod reuse;
mod vouch;

use std::fs;
use std::path::{Path, PathBuf};

use crate::manifest::{self, Entry};
use crate::validate::Validated;
pub use lock::Wait;
pub use vouch::Vouched;

/// How the tables are laid out in `--out`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// `<table>.csv` and `<table>.parquet` side by side.
    #[default]
    Flat,
    /// The flat files, and a hive-partitioned Parquet copy of each table that has `source_id`
    /// (`<table>/source_id=<id>/part-0.parquet`), for engines that read a folder of parts.
    BySource,
}

impl Layout {
    /// The column the manifest records as `partition_by`.
    pub fn partition_by(self) -> Option<&'static str> {
        match self {
            Layout::Flat => None,
            Layout::BySource => Some(parquet::PARTITION_COLUMN),
        }
    }

    /// The layout an output folder's manifest records (flat when it records none).
    pub fn of(out: &Path) -> Layout {
        shape_of(out).0
    }
}

/// The layout and the contents an output folder's manifest records, read once: flat when it
/// records no partitioning, the tables and the site unless it records the site as left out.
pub fn shape_of(out: &Path) -> (Layout, Contents) {
    let Some(manifest) = manifest::read(out) else {
        return (Layout::Flat, Contents::Output);
    };
    let layout = match manifest.partition_by {
        Some(column) if column == parquet::PARTITION_COLUMN => Layout::BySource,
        _ => Layout::Flat,
    };
    let contents = if manifest.without_site {
        Contents::Tables
    } else {
        Contents::Output
    };
    (layout, contents)
}

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("{path}: --out must be a folder, and this is a file; pass another path")]
    OutIsFile { path: String },
    #[error(
        "{path}: this folder is not empty and is not a petrochip output (it has neither a datapackage.json nor a manifest.json written by petrochip, and it holds {entries}); petrochip replaces --out as a whole, so pass a new or empty folder"
    )]
    NotOurs { path: String, entries: String },
    #[error(
        "{path}: --out is read-only (it has no write permission); make it writable (chmod u+w {path}) or pass another folder"
    )]
    ReadOnly { path: String },
    #[error(
        "{path}: --out is inside the raw folder ({raw}); the tables would sit among the sheets; pass a folder outside it"
    )]
    InsideRaw { path: String, raw: String },
    #[error(
        "{path}: --out is the raw folder itself; publishing would replace the sheets with the tables; pass another folder (output is the default)"
    )]
    IsRaw { path: String },
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
    /// The tables and their documents, the site left out (`petrochip run --no-site`): at a
    /// corpus's size the site is most of a run's time and bytes, and a scheduled job that
    /// only feeds notebooks has no use for it.
    Tables,
    /// The site alone, with its manifest (`petrochip docs --out DIR`).
    Site,
}

impl Contents {
    /// Whether the manifest records the site as left out.
    pub fn without_site(self) -> bool {
        self == Contents::Tables
    }
}

/// The folder of the site inside an output.
pub const SITE_DIR: &str = "site";

/// Publishes a validated dataset's `contents` to `out` (the tables in `layout`), never inside
/// `raw`, through a staging folder swapped in whole.
pub fn publish(
    validated: &Validated,
    inputs: &[Entry],
    out: &Path,
    raw: &Path,
    wait: Wait,
    (layout, contents): (Layout, Contents),
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
    let same = inside(out, raw).map_err(unresolvable)? && inside(raw, out).map_err(unresolvable)?;
    if same {
        return Err(PublishError::IsRaw { path: shown });
    }
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
        return Err(PublishError::NotOurs {
            entries: some_entries(out),
            path: shown,
        });
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
    let kept = parent.join(reuse::kept_name(&name));
    let adopted = reuse::adopt(&kept, &staging);
    let made = match adopted {
        Some(_) => Ok(()),
        None => crate::cleanup::create_dir(&staging).map_err(io_error(&staging)),
    };
    let vouched_at = parent.join(vouch::file_name(&name));
    let result = made.and_then(|()| {
        let previous = out.is_dir().then_some(out);
        let vouched = match previous {
            Some(_) => Vouched::load(&vouched_at),
            None => Vouched::none(),
        };
        let folders = (staging.as_path(), previous, adopted);
        let taken = write_all(
            validated,
            inputs,
            folders,
            (layout, &vouched, &vouched_at),
            contents,
        )?;
        tracing::debug!(
            files = vouched.taken(),
            "files taken on their record, unread"
        );
        swap_in(&staging, out, &parent, &kept)?;
        // Published: a failure now is a warning (the next run compares those files).
        if let Err(e) = vouch::write(&vouched_at, &taken) {
            tracing::warn!(
                "{}: could not record the files published: {e}",
                vouched_at.display()
            );
        }
        Ok(())
    });
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    crate::cleanup::unregister(&staging);
    result
}

/// The record the run that published `out` left of its files (none if there is no such
/// record, or it does not read whole).
pub(crate) fn vouched_for(out: &Path) -> Vouched {
    let (parent, name) = parent_and_name(out);
    Vouched::load(&parent.join(vouch::file_name(&name)))
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

/// Files in an output folder (at any depth) that its manifest does not list: someone's notes,
/// which the next publish would delete with the folder.
fn foreign_files(out: &Path) -> Vec<String> {
    let Some(manifest) = manifest::read(out) else {
        return Vec::new();
    };
    // A set, not a scan of the list per file: a corpus's site has tens of thousands of pages.
    let listed: rustc_hash::FxHashSet<&str> =
        manifest.outputs.iter().map(|o| o.path.as_str()).collect();
    manifest::files_under(out)
        .unwrap_or_default()
        .into_iter()
        .filter(|n| n != manifest::FILE && !listed.contains(n.as_str()))
        .collect()
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

/// Staging or previous folders beside `out`, sorted: a live run's, or a killed run's. Only
/// petrochip's own names count (the prefix, then the process id that made it, digits only) and
/// only real folders: a user's `.output.staging-notes/`, or a link, is never taken for one.
fn leftovers(parent: &Path, name: &str) -> Vec<PathBuf> {
    let prefixes = [format!(".{name}.staging-"), format!(".{name}.previous-")];
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let ours = |file: &str| {
        prefixes.iter().any(|p| {
            file.strip_prefix(p.as_str())
                .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        })
    };
    let mut leftovers: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| {
            let file = e.file_name();
            ours(&file.to_string_lossy()) && e.file_type().is_ok_and(|t| t.is_dir())
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

/// The first few names in a folder, sorted, so a refusal says what it would have deleted.
fn some_entries(dir: &Path) -> String {
    const SHOWN: usize = 5;
    let mut names: Vec<String> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let more = names.len().saturating_sub(SHOWN);
    names.truncate(SHOWN);
    let mut shown = names.join(", ");
    if more > 0 {
        shown.push_str(&format!(" and {more} more"));
    }
    shown
}

/// Only an empty folder or one petrochip wrote may be replaced: `--out raw` or `--out .` must
/// never delete the analyst's work.
fn replaceable(out: &Path) -> bool {
    /// The one field of datapackage.json that says petrochip wrote it (the rest is skipped
    /// unread, not built into a tree: the file describes every column).
    #[derive(serde::Deserialize)]
    struct Package {
        name: String,
    }
    let empty = || {
        fs::read_dir(out)
            .map(|mut entries| entries.next().is_none())
            .unwrap_or(false)
    };
    let ours = || {
        read_regular(&out.join("datapackage.json"))
            .and_then(|text| serde_json::from_str::<Package>(&text).ok())
            .is_some_and(|package| package.name == "petrochip")
    };
    // A site rendered alone has no datapackage.json, but the manifest petrochip wrote.
    let site = || manifest::read(out).is_some();
    empty() || ours() || site()
}

/// How many tables are encoded at once: enough for every core, few enough that a large
/// corpus's encoded tables are not all held in memory together.
const ENCODED_AT_ONCE: usize = 8;

/// How many rows a batch of tables holds at most, unless one table alone has more: a corpus's
/// large tables (a million comparisons, half a million figures) are encoded one at a time, each
/// with its frame and bytes, rather than side by side.
const ENCODED_ROWS_AT_ONCE: usize = 100_000;

/// The positions of tables of `rows` rows each, in order, cut into batches of
/// [`ENCODED_AT_ONCE`] tables and [`ENCODED_ROWS_AT_ONCE`] rows at most (a larger table alone).
fn batches(rows: &[usize]) -> Vec<std::ops::Range<usize>> {
    let mut batches = Vec::new();
    let (mut start, mut held) = (0, 0);
    for (i, &n) in rows.iter().enumerate() {
        if i > start && (i - start == ENCODED_AT_ONCE || held + n > ENCODED_ROWS_AT_ONCE) {
            batches.push(start..i);
            (start, held) = (i, 0);
        }
        held += n;
    }
    if start < rows.len() {
        batches.push(start..rows.len());
    }
    batches
}

/// Below this many rows the site, the tables and the documents are written side by side: on
/// the seed that keeps both cores busy while one thread links or writes the site's pages (the
/// folder's lock lets one file in at a time). Above it the site goes first, so that its index
/// is freed before the tables' buffers are taken (at 10,000 sources the peak fell from 1.81 to
/// 1.68 GB that way).
const SIDE_BY_SIDE_BELOW_ROWS: usize = 100_000;

/// Writes everything into `staging`, reusing each file whose bytes `previous` (the output
/// being replaced, if any) already holds; when `staging` is an `adopted` set, what it holds
/// that this run does not write is removed before the sync.
/// Returns the records of the files written ([`vouch::take`], which starts the record file at
/// `vouched_at`), `vouched` vouching for those of `previous`.
fn write_all(
    validated: &Validated,
    inputs: &[Entry],
    (staging, previous, adopted): (&Path, Option<&Path>, Option<reuse::Adopted>),
    (layout, vouched, vouched_at): (Layout, &Vouched, &Path),
    contents: Contents,
) -> Result<vouch::Taken, PublishError> {
    let mut staged = Staged::new(staging, previous, vouched);
    // What each kind of contents writes: its files, whether that changed the staging folder,
    // and the site's folder to sync, if the site is beside the tables.
    let (entries, changed, site) = match contents {
        Contents::Site => {
            let site = crate::site::Site::new(
                validated.dataset(),
                validated.checks(),
                validated.warnings(),
                crate::site::Options { downloads: None },
            );
            let (entries, pages_changed) = write_site(&site, (staging, previous), (vouched, ""))?;
            (entries, pages_changed, None)
        }
        Contents::Tables => {
            // The site of the output replaced, if it had one, is swept with the other files
            // not listed.
            write_tables(validated, layout, &mut staged)?;
            write_documents(validated, &mut staged)?;
            (std::mem::take(&mut staged.entries), false, None)
        }
        Contents::Output => {
            let site = staging.join(SITE_DIR);
            staged.changed |= reuse::folder(&site).map_err(io_error(&site))?;
            let (entries, changed) =
                write_site_beside_tables(validated, (staging, previous), (layout, vouched), &site)?;
            (entries, changed, Some(site))
        }
    };
    let swept = sweep(adopted, staging, &entries)?;
    let taken = vouch::take(staging, &entries, vouched_at).map_err(io_error(vouched_at))?;
    let manifest = manifest::render(
        inputs,
        entries,
        layout.partition_by(),
        contents.without_site(),
    );
    staged.write(manifest::FILE, manifest.as_bytes(), None)?;
    staged.changed |= changed || swept;
    let folders: Vec<&Path> = site.iter().map(PathBuf::as_path).collect();
    staged.sync(&folders)?;
    Ok(taken)
}

/// Writes the site into `site` and the tables and their documents into `staging`: side by side
/// for a small dataset, the site first for a large one ([`SIDE_BY_SIDE_BELOW_ROWS`]). Returns
/// every file written and whether the folder changed.
fn write_site_beside_tables(
    validated: &Validated,
    (staging, previous): (&Path, Option<&Path>),
    (layout, vouched): (Layout, &Vouched),
    site: &Path,
) -> Result<(Vec<Entry>, bool), PublishError> {
    let previous_site = previous.map(|out| out.join(SITE_DIR));
    let site_pages = || {
        let start = std::time::Instant::now();
        let pages = crate::site::Site::new(
            validated.dataset(),
            validated.checks(),
            validated.warnings(),
            crate::site::Options {
                downloads: Some("../"),
            },
        );
        tracing::debug!(ms = crate::ms_since(start), "site indexed");
        write_site(
            &pages,
            (site, previous_site.as_deref()),
            (vouched, &format!("{SITE_DIR}/")),
        )
    };
    // The tables and the documents each list their files apart, so that they can be written
    // beside the site; the manifest sorts every entry by path.
    let mut tables = Staged::new(staging, previous, vouched);
    let mut write_rest = || {
        write_tables(validated, layout, &mut tables)?;
        write_documents(validated, &mut tables)
    };
    let (pages, rest) = if validated.dataset().row_count() < SIDE_BY_SIDE_BELOW_ROWS {
        rayon::join(site_pages, write_rest)
    } else {
        let pages = site_pages()?;
        (Ok(pages), write_rest())
    };
    let (mut entries, pages_changed) = pages?;
    rest?;
    entries.append(&mut tables.entries);
    Ok((entries, pages_changed || tables.changed))
}

/// Removes from `staging`, when it is an `adopted` set, each file that neither `entries` nor the
/// manifest is. Returns whether the staging folder may differ from the set it was taken from:
/// always, when it was made empty.
fn sweep(
    adopted: Option<reuse::Adopted>,
    staging: &Path,
    entries: &[Entry],
) -> Result<bool, PublishError> {
    let Some(adopted) = adopted else {
        return Ok(true);
    };
    let mut written: std::collections::HashSet<&str> =
        entries.iter().map(|e| e.path.as_str()).collect();
    written.insert(manifest::FILE);
    adopted.sweep(staging, &written).map_err(io_error(staging))
}

/// Encodes every table as CSV and Parquet (and its partitions, if `layout` asks) into
/// `staged`.
fn write_tables(
    validated: &Validated,
    layout: Layout,
    staged: &mut Staged,
) -> Result<(), PublishError> {
    let start = std::time::Instant::now();
    // Tables are encoded a batch at a time over every core, each batch's bytes held only until
    // written, and written in the tables' order, so a failure names the same file every run.
    let tables = &validated.dataset().tables;
    let sizes: Vec<usize> = tables.iter().map(|t| t.rows.len()).collect();
    for batch in batches(&sizes).into_iter().map(|range| &tables[range]) {
        if let [table] = batch
            && table.rows.len() > ENCODED_ROWS_AT_ONCE
        {
            write_large_table(table, layout, staged)?;
            continue;
        }
        let encoded: Vec<_> = {
            use rayon::prelude::*;
            batch
                .par_iter()
                .map(|table| {
                    // Side by side: a table's Parquet is encoded on one core while its CSV
                    // parts take the others.
                    let (parquet, csv) = rayon::join(
                        || hashed_parquet(table),
                        || {
                            let parts = csv::parts(table);
                            let hash = manifest::sha256_of_parts(&parts);
                            (parts, hash)
                        },
                    );
                    (csv, parquet)
                })
                .collect()
        };
        for (table, ((csv, csv_hash), parquet)) in batch.iter().zip(encoded) {
            let rows = Some(table.rows.len());
            let name = table.spec.name;
            staged.write_hashed(&format!("{name}.csv"), &csv, rows, Some(csv_hash))?;
            write_parquet(table, parquet, layout, staged)?;
        }
    }
    tracing::debug!(ms = crate::ms_since(start), "tables encoded and written");
    Ok(())
}

/// A table too large to hold its CSV whole (a corpus's million comparisons: 170 MB): its
/// Parquet is encoded on one core, a row group at a time, while its CSV is written as it is
/// encoded, a few parts at a time over the other cores ([`csv::write`]), compared with the
/// published file and hashed as it goes.
fn write_large_table(
    table: &crate::table::Table,
    layout: Layout,
    staged: &mut Staged,
) -> Result<(), PublishError> {
    let name = format!("{}.csv", table.spec.name);
    let rows = Some(table.rows.len());
    let (parquet, csv) = rayon::join(
        || hashed_parquet(table),
        || staged.write_streamed(&name, rows, |out| csv::write(table, out)),
    );
    csv?;
    write_parquet(table, parquet, layout, staged)
}

/// A table's Parquet file's bytes (its row groups in order, the same bytes every run) and
/// their hash, taken on the thread that encoded them.
fn hashed_parquet(table: &crate::table::Table) -> Result<(Vec<u8>, String), PublishError> {
    let bytes = parquet::bytes(table, &format!("{}.parquet", table.spec.name))?;
    let hash = manifest::sha256(&bytes);
    Ok((bytes, hash))
}

/// Writes a table's encoded Parquet file, then its partitions if `layout` asks.
fn write_parquet(
    table: &crate::table::Table,
    encoded: Result<(Vec<u8>, String), PublishError>,
    layout: Layout,
    staged: &mut Staged,
) -> Result<(), PublishError> {
    let (bytes, hash) = encoded?;
    let rows = Some(table.rows.len());
    staged.write_hashed(
        &format!("{}.parquet", table.spec.name),
        &[bytes],
        rows,
        Some(hash),
    )?;
    if layout == Layout::BySource {
        parquet::write_partitions(table, staged)?;
    }
    Ok(())
}

/// The documents beside the tables: `datapackage.json`, `validation.json`, the data
/// dictionary and `duckdb.sql`.
fn write_documents(validated: &Validated, staged: &mut Staged) -> Result<(), PublishError> {
    let start = std::time::Instant::now();
    let dataset = validated.dataset();
    staged.write(
        "datapackage.json",
        docs::datapackage(dataset).as_bytes(),
        None,
    )?;
    staged.write_streamed("validation.json", None, |out| {
        crate::validate::write_validation_json(validated, out)
    })?;
    staged.write("README.md", docs::dictionary(dataset).as_bytes(), None)?;
    staged.write("duckdb.sql", docs::duckdb_sql(dataset).as_bytes(), None)?;
    tracing::debug!(ms = crate::ms_since(start), "documents written");
    Ok(())
}

/// Writes the site's pages into `dir` (`prefix` is its path in the staging folder) and gives
/// their entries for the manifest, each hashed as written; made durable with the other files
/// ([`Staged::sync`]). One crash checkpoint before the pages (the staging folder makes a crash
/// among them as harmless as anywhere before the exchange).
fn write_site(
    site: &crate::site::Site,
    (dir, previous): (&Path, Option<&Path>),
    (vouched, prefix): (&Vouched, &str),
) -> Result<(Vec<Entry>, bool), PublishError> {
    let start = std::time::Instant::now();
    fault::checkpoint().map_err(io_error(dir))?;
    let Pages {
        mut entries,
        changed,
    } = write_pages(site, dir, previous, (vouched, prefix))?;
    for entry in &mut entries {
        entry.path.insert_str(0, prefix);
    }
    tracing::debug!(
        pages = entries.len(),
        ms = crate::ms_since(start),
        "site rendered and written"
    );
    Ok((entries, changed))
}

/// The site's pages as [`write_pages`] left them.
pub struct Pages {
    /// Each page's entry for the manifest, sorted by path.
    pub entries: Vec<Entry>,
    /// Whether any page was linked or written, rather than kept as it was in `dir`.
    pub changed: bool,
}

/// Renders the site's pages on every core, hashing each from its bytes. A page whose bytes the
/// same path in `previous` (the output being replaced, if any) holds is linked to it there and
/// then ([`reuse`]); the others go to one thread that writes them into `dir` (threads creating
/// files in one folder only wait for each other's lock, and a link is cheaper than a file: on
/// the seed, linking on the rendering threads rather than on the writer took a run from 26.9
/// to 25.6 ms). Not synced (the caller syncs the file system once). The entries, paths
/// relative to `dir`, come sorted by path. A page of `previous` that `vouched` vouches for (its
/// records name the pages under `prefix`) is taken unread. `just bench-site` times this.
pub fn write_pages(
    site: &crate::site::Site,
    dir: &Path,
    previous: Option<&Path>,
    (vouched, prefix): (&Vouched, &str),
) -> Result<Pages, PublishError> {
    let changed = std::sync::atomic::AtomicBool::new(false);
    let (send, receive) = std::sync::mpsc::sync_channel::<crate::site::Page>(64);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || {
            for page in receive {
                let path = dir.join(&page.path);
                write_new(&path, &[page.body.as_bytes()]).map_err(io_error(&path))?;
            }
            Ok(())
        });
        let entries = site.render_each(|page| {
            let entry = Entry {
                sha256: manifest::sha256(page.body.as_bytes()),
                path: page.path.clone(),
                rows: None,
            };
            let old = previous.map(|old| old.join(&page.path));
            let new = dir.join(&page.path);
            let holds =
                |meta: &fs::Metadata| vouched.holds((prefix, &page.path), meta, &entry.sha256);
            let vouch = (!vouched.is_empty()).then_some(&holds as &dyn Fn(&fs::Metadata) -> bool);
            let placed = reuse::place(old.as_deref(), &[page.body.as_bytes()], &new, vouch)
                .map_err(io_error(&new))?;
            if placed.changed() {
                changed.store(true, std::sync::atomic::Ordering::Relaxed);
            }
            if placed == reuse::Placed::Absent {
                // Refused only when the writer stopped on an error, which is the one returned.
                send.send(page).map_err(|_| PublishError::Io {
                    path: dir.display().to_string(),
                    source: std::io::Error::other("the writer of the pages stopped"),
                })?;
            }
            Ok(entry)
        });
        drop(send);
        let written: Result<(), PublishError> = match writer.join() {
            Ok(written) => written,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        written?;
        Ok(Pages {
            entries: entries?,
            changed: changed.into_inner(),
        })
    })
}

/// The files written into the staging folder, each hashed from the bytes written (never read
/// back) for the manifest, and made durable all at once by [`Staged::sync`].
pub(crate) struct Staged<'v> {
    dir: PathBuf,
    /// The output being replaced, whose unchanged files are linked, not written again.
    previous: Option<PathBuf>,
    /// What the run that published `previous` recorded of its files.
    vouched: &'v Vouched,
    /// Every file but the manifest, for the manifest.
    entries: Vec<Entry>,
    /// Whether anything in the folder was written, linked or removed: a staging folder that is
    /// still the set it was taken from needs no sync ([`Staged::sync`]).
    pub(crate) changed: bool,
}

impl<'v> Staged<'v> {
    fn new(dir: &Path, previous: Option<&Path>, vouched: &'v Vouched) -> Staged<'v> {
        Staged {
            dir: dir.to_path_buf(),
            previous: previous.map(Path::to_path_buf),
            vouched,
            entries: Vec::new(),
            changed: false,
        }
    }

    /// Writes `bytes` as the staging folder's file `name`; `rows` is its table's, if any.
    pub(crate) fn write(
        &mut self,
        name: &str,
        bytes: &[u8],
        rows: Option<usize>,
    ) -> Result<(), PublishError> {
        let hash = (name != manifest::FILE).then(|| manifest::sha256(bytes));
        self.write_hashed(name, &[bytes], rows, hash)
    }

    /// [`Staged::write`] of a file whose bytes are `parts`, one after the other, with their
    /// hash already taken (on the thread that encoded them); `None` for the manifest, which
    /// lists every other file but not itself. Linked to the previous output's file `name`
    /// when that holds the same bytes ([`reuse`]).
    fn write_hashed<B: AsRef<[u8]>>(
        &mut self,
        name: &str,
        parts: &[B],
        rows: Option<usize>,
        sha256: Option<String>,
    ) -> Result<(), PublishError> {
        let previous = self.previous.as_ref().map(|old| old.join(name));
        let vouched = self.vouched;
        self.create(name, rows, |path| {
            let holds = |meta: &fs::Metadata| {
                sha256
                    .as_deref()
                    .is_some_and(|hash| vouched.holds(("", name), meta, hash))
            };
            let vouch = (!vouched.is_empty() && sha256.is_some())
                .then_some(&holds as &dyn Fn(&fs::Metadata) -> bool);
            let placed = reuse::place(previous.as_deref(), parts, path, vouch)?;
            if placed == reuse::Placed::Absent {
                write_new(path, parts)?;
            }
            Ok((sha256, placed.changed()))
        })
    }

    /// [`Staged::write`] of a file too large to hold whole (with `rows`, its table's, if any):
    /// `write` writes it, buffered, and it is hashed as it goes, and compared with the previous output's file `name`, which it
    /// reuses when the two are the same ([`reuse::Streamed`]).
    fn write_streamed(
        &mut self,
        name: &str,
        rows: Option<usize>,
        write: impl FnOnce(&mut Hashing<std::io::BufWriter<reuse::Streamed>>) -> std::io::Result<()>,
    ) -> Result<(), PublishError> {
        let previous = self.previous.as_ref().map(|old| old.join(name));
        self.create(name, rows, |path| {
            let stream = reuse::Streamed::new(previous.as_deref(), path)?;
            let mut out = Hashing {
                inner: std::io::BufWriter::with_capacity(1 << 16, stream),
                hasher: sha2::Sha256::default(),
            };
            write(&mut out)?;
            let hash = manifest::hex(&sha2::Digest::finalize(out.hasher));
            let placed = out
                .inner
                .into_inner()
                .map_err(|e| e.into_error())?
                .finish()?;
            Ok((Some(hash), placed.changed()))
        })
    }

    /// Makes the staging folder's file `name` after its crash checkpoint: `make` creates it at
    /// the path it is given and gives its hash and whether it changed the folder, and the file
    /// is then listed for the manifest (with `rows`, its table's, if any), unless the hash is
    /// `None`.
    fn create(
        &mut self,
        name: &str,
        rows: Option<usize>,
        make: impl FnOnce(&Path) -> std::io::Result<(Option<String>, bool)>,
    ) -> Result<(), PublishError> {
        let path = self.dir.join(name);
        fault::checkpoint().map_err(io_error(&path))?;
        let (sha256, changed) = make(&path).map_err(io_error(&path))?;
        self.changed |= changed;
        if let Some(sha256) = sha256 {
            self.entries.push(Entry {
                sha256,
                path: name.to_string(),
                rows,
            });
        }
        Ok(())
    }

    /// Makes every file written durable with one `syncfs` of the staging folder's file system
    /// (one journal commit, where a `fsync` per file costs a disk round trip each, and a large
    /// corpus has tens of thousands of pages; the price is that other processes' unsaved data
    /// on that file system is flushed too), then the entries of `folders` and of the staging
    /// folder itself. A staging folder in which nothing was written, linked or removed is the
    /// set it was taken from, every file and entry of it made durable when that set was
    /// published: it is not synced again (a rerun with nothing changed saves the sync).
    fn sync(self, folders: &[&Path]) -> Result<(), PublishError> {
        let start = std::time::Instant::now();
        fault::checkpoint().map_err(io_error(&self.dir))?;
        if !self.changed {
            tracing::debug!("nothing changed in the staging folder: no sync needed");
            return Ok(());
        }
        let folder = fs::File::open(&self.dir).map_err(io_error(&self.dir))?;
        rustix::fs::syncfs(&folder).map_err(|e| io_error(&self.dir)(e.into()))?;
        for dir in folders {
            sync_dir(dir)?;
        }
        sync_dir(&self.dir)?;
        tracing::debug!(ms = crate::ms_since(start), "synced");
        Ok(())
    }
}

/// Creates the file `path`, which must not exist (so that no name sharing a published file is
/// ever written through), holding `parts` one after the other.
fn write_new<B: AsRef<[u8]>>(path: &Path, parts: &[B]) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut file = fs::File::create_new(path)?;
    parts
        .iter()
        .try_for_each(|part| file.write_all(part.as_ref()))
}

/// A writer that hashes what it passes on, for a file hashed as it is written.
pub(crate) struct Hashing<W> {
    inner: W,
    hasher: sha2::Sha256,
}

impl<W: std::io::Write> std::io::Write for Hashing<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let written = self.inner.write(bytes)?;
        sha2::Digest::update(&mut self.hasher, &bytes[..written]);
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn sync_dir(dir: &Path) -> Result<(), PublishError> {
    fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_error(dir))
}

/// Exchanges the staging folder with `out` in one step, then keeps the old set (now at the
/// staging path) as `kept`, for the next run to stage in. Once the exchange is done the new
/// output is in place, so a failure to keep or clean up is a warning, never an error: "nothing
/// was written" must stay true of every error.
fn swap_in(staging: &Path, out: &Path, parent: &Path, kept: &Path) -> Result<(), PublishError> {
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
        return swap_by_two_renames(staging, out, parent, kept);
    }
    match renameat_with(CWD, staging, CWD, out, flags) {
        Ok(()) => {}
        // A file system without renameat2 (some network mounts): two renames, a short window.
        Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS) => {
            return swap_by_two_renames(staging, out, parent, kept);
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
    if flags == RenameFlags::EXCHANGE {
        let start = std::time::Instant::now();
        match fault::checkpoint().and_then(|()| keep(staging, kept)) {
            Ok(()) => tracing::debug!(ms = crate::ms_since(start), "previous output kept"),
            Err(e) => tracing::warn!(
                "could not keep or remove the previous output, now at {}: {e}; the next run removes it",
                staging.display()
            ),
        }
    }
    Ok(())
}

/// Renames the replaced set `old` to `kept`, where the next run stages in it; removes it when
/// that name is taken by something else than an empty folder (a file, a link, another set).
fn keep(old: &Path, kept: &Path) -> std::io::Result<()> {
    fs::rename(old, kept).or_else(|e| {
        tracing::debug!(
            "could not keep {} as {}: {e}",
            old.display(),
            kept.display()
        );
        remove_set(old)
    })
}

/// Removes a replaced output folder: its files split over the machine's cores, then its
/// folders, deepest first. Unlinking frees a file's blocks and inode outside its folder's lock,
/// so even the site's one folder of pages empties faster on two threads than on one. A
/// symbolic link is removed, never followed.
fn remove_set(dir: &Path) -> std::io::Result<()> {
    let mut folders = vec![dir.to_path_buf()];
    let mut files = Vec::new();
    let mut next = 0;
    while let Some(folder) = folders.get(next) {
        for entry in fs::read_dir(folder)? {
            let entry = entry?;
            if entry.file_type()?.is_dir() {
                folders.push(entry.path());
            } else {
                files.push(entry.path());
            }
        }
        next += 1;
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let share = files.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = files
            .chunks(share)
            .map(|part| scope.spawn(move || part.iter().try_for_each(fs::remove_file)))
            .collect();
        workers.into_iter().try_for_each(|worker| {
            worker
                .join()
                .unwrap_or_else(|_| Err(std::io::Error::other("a removal thread panicked")))
        })
    })?;
    folders.iter().rev().try_for_each(fs::remove_dir)
}

fn swap_by_two_renames(
    staging: &Path,
    out: &Path,
    parent: &Path,
    kept: &Path,
) -> Result<(), PublishError> {
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
    if had_previous && let Err(e) = fault::checkpoint().and_then(|()| keep(&previous, kept)) {
        tracing::warn!(
            "could not keep or remove {}: {e}; the next run removes it",
            previous.display()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{Hashing, batches};

    #[test]
    fn a_streamed_file_is_hashed_as_the_bytes_it_passes_on() {
        use std::io::Write as _;
        let mut out = Hashing {
            inner: Vec::new(),
            hasher: sha2::Sha256::default(),
        };
        out.write_all(b"ab").unwrap();
        out.write_all(b"c").unwrap();
        assert_eq!(out.inner, b"abc");
        // SHA-256 of "abc", FIPS 180-2's first example.
        assert_eq!(
            crate::manifest::hex(&sha2::Digest::finalize(out.hasher)),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn tables_are_encoded_eight_at_a_time_and_a_large_one_alone() {
        // The seed: 32 small tables, four batches of eight.
        assert_eq!(batches(&[10; 32]), [0..8, 8..16, 16..24, 24..32]);
        // A corpus: a batch is cut before the table that takes it past 100,000 rows (5 +
        // 60,000 + 40,000 would be 100,005), and a table of more rows is a batch of its own.
        assert_eq!(
            batches(&[5, 60_000, 40_000, 1, 450_000, 820_000, 3, 3]),
            [0..2, 2..4, 4..5, 5..6, 6..8]
        );
        // Exactly 100,000 rows is one batch.
        assert_eq!(batches(&[100_000, 0]).len(), 1);
        assert_eq!(batches(&[100_000, 1]), [0..1, 1..2]);
        assert_eq!(batches(&[]), Vec::<std::ops::Range<usize>>::new());
    }
}

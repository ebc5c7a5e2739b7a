//! Stage 4: write every table as CSV and Parquet, plus `datapackage.json` and a data
//! dictionary, into a staging folder beside `--out`; only when all of it is written and synced
//! is it swapped in for the old folder. A failure at any point leaves the old `output/` as it was.

mod csv;
pub mod docs;
mod parquet;

use std::fs;
use std::path::{Path, PathBuf};

use crate::validate::Validated;

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("{path}: --out must be a folder, and this is a file; pass another path")]
    OutIsFile { path: String },
    #[error(
        "{path}: this folder is not empty and is not a petrochip output (it has no datapackage.json written by petrochip); petrochip replaces --out as a whole, so pass a new or empty folder"
    )]
    NotOurs { path: String },
    #[error("{path}: cannot write: {source}; check that the folder exists and is writable")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: cannot write the Parquet file: {message}")]
    Parquet { path: String, message: String },
}

pub(crate) fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> PublishError + '_ {
    move |source| PublishError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Publishes a validated dataset to `out`.
pub fn publish(validated: &Validated, out: &Path) -> Result<(), PublishError> {
    if out.is_file() {
        return Err(PublishError::OutIsFile {
            path: out.display().to_string(),
        });
    }
    if out.is_dir() && !replaceable(out) {
        return Err(PublishError::NotOurs {
            path: out.display().to_string(),
        });
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
    let result =
        write_all(validated, &staging).and_then(|()| swap_in(&staging, out, &parent, &name));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

/// Only an empty folder or one petrochip wrote may be replaced: `--out raw` or `--out .` must
/// never delete the analyst's work.
fn replaceable(out: &Path) -> bool {
    let empty = fs::read_dir(out)
        .map(|mut entries| entries.next().is_none())
        .unwrap_or(false);
    let ours = fs::read_to_string(out.join("datapackage.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .is_some_and(|package| package["name"] == "petrochip");
    empty || ours
}

fn write_all(validated: &Validated, staging: &Path) -> Result<(), PublishError> {
    fs::create_dir_all(staging).map_err(io_error(staging))?;
    for table in &validated.dataset().tables {
        csv::write(table, &staging.join(format!("{}.csv", table.spec.name)))?;
        parquet::write(table, &staging.join(format!("{}.parquet", table.spec.name)))?;
    }
    write_file(
        &staging.join("datapackage.json"),
        docs::datapackage(validated.dataset()).as_bytes(),
    )?;
    write_file(
        &staging.join("README.md"),
        docs::dictionary(validated.dataset()).as_bytes(),
    )?;
    sync_dir(staging)
}

/// Writes and syncs one file, so a crash after the swap cannot leave it half-written.
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<(), PublishError> {
    use std::io::Write;
    let mut file = fs::File::create(path).map_err(io_error(path))?;
    file.write_all(bytes).map_err(io_error(path))?;
    file.sync_all().map_err(io_error(path))
}

fn sync_dir(dir: &Path) -> Result<(), PublishError> {
    fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_error(dir))
}

/// Moves the old folder aside, the new one in, then removes the old one. If the second rename
/// fails, the old folder is put back.
fn swap_in(staging: &Path, out: &Path, parent: &Path, name: &str) -> Result<(), PublishError> {
    let previous = parent.join(format!(".{name}.previous-{}", std::process::id()));
    let had_previous = out.exists();
    if had_previous {
        fs::rename(out, &previous).map_err(io_error(out))?;
    }
    if let Err(e) = fs::rename(staging, out) {
        if had_previous {
            let _ = fs::rename(&previous, out);
        }
        return Err(io_error(out)(e));
    }
    sync_dir(parent)?;
    if had_previous {
        fs::remove_dir_all(&previous).map_err(io_error(&previous))?;
    }
    Ok(())
}

//! `output/manifest.json`: what a published output was made from and what it holds. No
//! timestamps, so it is committed and the same on every run of the same inputs. It also makes
//! `run` a no-op when nothing changed: same petrochip and contract versions, every input and
//! every output file with the hash the manifest records.

use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::contract::CONTRACT_VERSION;

pub const FILE: &str = "manifest.json";

/// The identity of this build (see build.rs): a binary built from other code with the same
/// version number never calls an output up to date.
pub const BUILD: &str = env!("PETROCHIP_BUILD");

/// One file: its path (relative to `--raw` or `--out`), content hash, and rows when it is a
/// sheet or a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    pub sha256: String,
    pub rows: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub petrochip_version: String,
    /// The build: a hash of the code it was compiled from (`petrochip --version` shows it).
    pub petrochip_build: String,
    pub contract_version: String,
    /// The column a hive-partitioned copy of the tables is split on (`run --partition-by`);
    /// absent for the flat layout, so flat manifests read as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition_by: Option<String>,
    /// True when the run left the site out (`run --no-site`); absent when it did not, so
    /// manifests of runs with the site read as before.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub without_site: bool,
    pub inputs: Vec<Entry>,
    pub outputs: Vec<Entry>,
}

pub fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// [`sha256`] of `parts` one after the other, as one file holds them.
pub fn sha256_of_parts<B: AsRef<[u8]>>(parts: &[B]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_ref());
    }
    hex(&hasher.finalize())
}

/// `bytes` as lower-case hex digits, two a byte.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    out
}

/// The sheets a run read, with the hashes of the bytes it parsed; paths relative to `raw`.
pub fn inputs(raw: &Path, files: &[&crate::ingest::SheetFile]) -> Vec<Entry> {
    let mut entries: Vec<Entry> = files
        .iter()
        .map(|f| {
            let path = Path::new(&*f.file);
            let relative = path.strip_prefix(raw).unwrap_or(path);
            Entry {
                path: relative.display().to_string(),
                sha256: f.sha256.clone(),
                rows: Some(f.rows),
            }
        })
        .collect();
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    entries
}

/// The manifest of `outputs`, made from `inputs`, with the column the tables are partitioned on
/// (if any) and whether the site was left out.
pub fn render(
    inputs: &[Entry],
    mut outputs: Vec<Entry>,
    partition_by: Option<&str>,
    without_site: bool,
) -> String {
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    let manifest = Manifest {
        petrochip_version: env!("CARGO_PKG_VERSION").into(),
        petrochip_build: BUILD.into(),
        contract_version: CONTRACT_VERSION.into(),
        partition_by: partition_by.map(String::from),
        without_site,
        inputs: inputs.to_vec(),
        outputs,
    };
    let mut text = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    text.push('\n');
    text
}

/// The manifest of an output folder, if it has a readable one.
pub fn read(out: &Path) -> Option<Manifest> {
    // A manifest that is not a regular file (a FIFO) would hang the read.
    if !fs::symlink_metadata(out.join(FILE)).is_ok_and(|m| m.file_type().is_file()) {
        return None;
    }
    let text = fs::read_to_string(out.join(FILE)).ok()?;
    serde_json::from_str(&text).ok()
}

/// Whether `out` already holds what `raw` gives, in the layout asked for (`partition_by`) and
/// with the contents asked for (the site or not): versions match, and every input and output
/// file has the recorded hash (an edited or missing output file makes it stale too). An output
/// file `known` to hold its recorded bytes (the publishing run's record of it, its inode
/// unchanged since) is not read: at 10,000 sources the output is 2 GB, which a scheduled rerun
/// with nothing to do would otherwise read and hash whole. Any doubt (no manifest, unreadable
/// file) means "not up to date", never an error.
pub fn up_to_date(
    raw: &Path,
    out: &Path,
    (partition_by, without_site): (Option<&str>, bool),
    known: &(dyn Fn(&Entry, &fs::Metadata) -> bool + Sync),
) -> bool {
    use rayon::prelude::*;
    let Some(manifest) = read(out) else {
        return false;
    };
    // Only plain files: a sheet that became a link (perhaps out of raw/) needs the full run's
    // checks, even when the bytes it leads to are the same.
    let same = |dir: &Path, entry: &Entry, known: &(dyn Fn(&fs::Metadata) -> bool + Sync)| {
        let path = dir.join(&entry.path);
        fs::symlink_metadata(&path).is_ok_and(|m| {
            m.file_type().is_file()
                && (known(&m) || fs::read(&path).is_ok_and(|b| sha256(&b) == entry.sha256))
        })
    };
    manifest.petrochip_version == env!("CARGO_PKG_VERSION")
        && manifest.petrochip_build == BUILD
        && manifest.contract_version == CONTRACT_VERSION
        && manifest.partition_by.as_deref() == partition_by
        && manifest.without_site == without_site
        && !manifest.inputs.is_empty()
        && manifest.inputs.par_iter().all(|e| same(raw, e, &|_| false))
        && sheets_are_the_inputs(raw, &manifest.inputs)
        && manifest
            .outputs
            .par_iter()
            .all(|e| same(out, e, &|meta| known(e, meta)))
        && folder_holds_only(out, &manifest.outputs)
}

/// Every `.csv` file under `raw` is an input the manifest lists: a sheet added since (a new
/// source folder, a sheet put in the wrong place) makes the output stale, so the full run reads
/// or refuses it.
fn sheets_are_the_inputs(raw: &Path, inputs: &[Entry]) -> bool {
    let listed: std::collections::HashSet<&str> = inputs.iter().map(|e| e.path.as_str()).collect();
    let mut pending = vec![raw.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            return false;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                return false;
            };
            if kind.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
            {
                let relative = path.strip_prefix(raw).unwrap_or(&path);
                if !listed.contains(relative.display().to_string().as_str()) {
                    return false;
                }
            }
        }
    }
    true
}

/// No file in `out` beyond the manifest's outputs (and the manifest itself), at any depth.
fn folder_holds_only(out: &Path, outputs: &[Entry]) -> bool {
    files_under(out).is_ok_and(|files| files.len() == outputs.len() + 1)
}

/// Every file under `dir` (not folders), as `/`-separated paths relative to it, sorted. A link
/// counts as a file and is never followed.
pub fn files_under(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut files = Vec::new();
    let mut pending = vec![(dir.to_path_buf(), String::new())];
    while let Some((folder, prefix)) = pending.pop() {
        for entry in fs::read_dir(&folder)? {
            let entry = entry?;
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.file_type()?.is_dir() {
                pending.push((entry.path(), format!("{name}/")));
            } else {
                files.push(name);
            }
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_is_the_standard_digest() {
        assert_eq!(
            sha256_of_parts(&[&b"a"[..], b"", b"bc"]),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_missing_or_unreadable_manifest_is_never_up_to_date() {
        let dir = tempfile::tempdir().unwrap();
        let fresh = || up_to_date(dir.path(), dir.path(), (None, false), &|_, _| false);
        assert!(!fresh());
        fs::write(dir.path().join(FILE), "{not json").unwrap();
        assert!(!fresh());
    }
}

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
    pub inputs: Vec<Entry>,
    pub outputs: Vec<Entry>,
}

pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
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

pub fn render(inputs: &[Entry], mut outputs: Vec<Entry>) -> String {
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    let manifest = Manifest {
        petrochip_version: env!("CARGO_PKG_VERSION").into(),
        petrochip_build: BUILD.into(),
        contract_version: CONTRACT_VERSION.into(),
        inputs: inputs.to_vec(),
        outputs,
    };
    let mut text = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    text.push('\n');
    text
}

/// Whether `out` already holds what `raw` gives: versions match, and every input and output
/// file has the recorded hash (an edited or missing output file makes it stale too). Any
/// doubt (no manifest, unreadable file) means "not up to date", never an error.
pub fn up_to_date(raw: &Path, out: &Path) -> bool {
    // A manifest that is not a regular file (a FIFO) would hang the read.
    if !fs::symlink_metadata(out.join(FILE)).is_ok_and(|m| m.file_type().is_file()) {
        return false;
    }
    let Ok(text) = fs::read_to_string(out.join(FILE)) else {
        return false;
    };
    let Ok(manifest) = serde_json::from_str::<Manifest>(&text) else {
        return false;
    };
    // Only plain files: a sheet that became a link (perhaps out of raw/) needs the full run's
    // checks, even when the bytes it leads to are the same.
    let same = |dir: &Path, entry: &Entry| {
        let path = dir.join(&entry.path);
        fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file())
            && fs::read(&path).is_ok_and(|bytes| sha256(&bytes) == entry.sha256)
    };
    manifest.petrochip_version == env!("CARGO_PKG_VERSION")
        && manifest.petrochip_build == BUILD
        && manifest.contract_version == CONTRACT_VERSION
        && !manifest.inputs.is_empty()
        && manifest.inputs.iter().all(|e| same(raw, e))
        && sheets_are_the_inputs(raw, &manifest.inputs)
        && manifest.outputs.iter().all(|e| same(out, e))
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

/// No file in `out` or its folders (the site) beyond the manifest's outputs (and the manifest
/// itself).
fn folder_holds_only(out: &Path, outputs: &[Entry]) -> bool {
    let mut count = 0;
    let mut pending = vec![out.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            return false;
        };
        for entry in entries.flatten() {
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => pending.push(entry.path()),
                Ok(_) => count += 1,
                Err(_) => return false,
            }
        }
    }
    count == outputs.len() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_is_the_standard_digest() {
        assert_eq!(
            sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_missing_or_unreadable_manifest_is_never_up_to_date() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!up_to_date(dir.path(), dir.path()));
        fs::write(dir.path().join(FILE), "{not json").unwrap();
        assert!(!up_to_date(dir.path(), dir.path()));
    }
}

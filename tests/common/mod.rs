//! What every integration test needs: the repository, and scratch copies of `raw/`.

use std::fs;
use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A scratch project holding a copy of `raw/`, with `../shared` beside it as in the
/// repository (a link), so that a source's `text_path` leads to the same text.
pub struct Workspace {
    _root: tempfile::TempDir,
    project: PathBuf,
}

impl Workspace {
    pub fn path(&self) -> &Path {
        &self.project
    }
}

pub fn workspace() -> Workspace {
    let root = tempfile::tempdir().unwrap();
    let project = root.path().join("project");
    copy_dir(&repo().join("raw"), &project.join("raw"));
    let shared = repo().join("../shared");
    if shared.exists() {
        std::os::unix::fs::symlink(
            fs::canonicalize(shared).unwrap(),
            root.path().join("shared"),
        )
        .unwrap();
    }
    Workspace {
        _root: root,
        project,
    }
}

/// A test that cannot run here (the seed article is not beside the clone): in CI (`CI` set) a
/// failure, elsewhere a line on the terminal. Written to the process's stderr directly, since
/// the harness captures `println!` and `eprintln!` of a passing test and would hide the skip.
#[allow(dead_code)]
pub fn skip(what: &str, why: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "{what}: {why}, and CI must not skip it"
    );
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED {what}: {why}");
}

/// Runs the binary in `dir` (no RUST_LOG) and asserts it exits 0, showing stderr when not.
#[allow(dead_code)]
pub fn run_ok(dir: &Path, args: &[&str]) -> std::process::Output {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_petrochip"))
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_LOG")
        .output()
        .expect("the binary runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "petrochip {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Every file under `dir`, at any depth (the site's pages under `site/`), by `/`-separated
/// path, with its bytes.
#[allow(dead_code)]
pub fn files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, prefix: &str, into: &mut std::collections::BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.file_type().unwrap().is_dir() {
                walk(&entry.path(), &format!("{name}/"), into);
            } else {
                into.insert(name, fs::read(entry.path()).unwrap());
            }
        }
    }
    let mut found = std::collections::BTreeMap::new();
    walk(dir, "", &mut found);
    found
}

/// A CSV file's rows, each a map from its header's column names to the cells.
#[allow(dead_code)]
pub fn csv_rows(path: &Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

//! What every integration test needs: the repository, and scratch copies of `raw/`.

use std::collections::{BTreeMap, BTreeSet};
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

/// The files an output's `manifest.json` lists, path to SHA-256.
#[allow(dead_code)]
pub fn manifest_outputs(out: &Path) -> BTreeMap<String, String> {
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    manifest["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap().to_string(),
                e["sha256"].as_str().unwrap().to_string(),
            )
        })
        .collect()
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

/// The values of one attribute in a page, unescaped.
#[allow(dead_code)]
pub fn attributes(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .map(|(at, _)| {
            let start = at + needle.len();
            let end = html[start..].find('"').map_or(html.len(), |e| start + e);
            unescape(&html[start..end])
        })
        .collect()
}

#[allow(dead_code)]
pub fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Checks that every link of the site in `output/site` is relative and lands on a file of the
/// output set and, with a fragment, on an id of that file, and that no page uses an id twice;
/// returns how many links it checked.
#[allow(dead_code)]
pub fn assert_links_land(output: &Path) -> usize {
    let site = output.join("site");
    let pages = files(&site);
    assert!(pages.contains_key("index.html") && pages.contains_key("a-z.html"));
    let mut ids: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    for (name, bytes) in &pages {
        let html = String::from_utf8(bytes.clone()).unwrap();
        let found: BTreeSet<String> = attributes(&html, "id").into_iter().collect();
        assert_eq!(
            found.len(),
            attributes(&html, "id").len(),
            "{name}: an id is used twice"
        );
        ids.insert(fs::canonicalize(site.join(name)).unwrap(), found);
    }
    let output = fs::canonicalize(output).unwrap();
    let mut checked = 0;
    for (name, bytes) in pages.iter().filter(|(n, _)| n.ends_with(".html")) {
        let html = String::from_utf8(bytes.clone()).unwrap();
        let links = attributes(&html, "href")
            .into_iter()
            .chain(attributes(&html, "src"));
        for link in links {
            if link.starts_with("https://") || link.starts_with("http://") {
                continue;
            }
            assert!(
                !link.starts_with('/') && !link.contains("//") && !link.contains(':'),
                "{name}: {link} is not a relative link"
            );
            let (file, fragment) = link.split_once('#').unwrap_or((&link, ""));
            let target = if file.is_empty() {
                site.join(name)
            } else {
                site.join(file)
            };
            let target = fs::canonicalize(&target)
                .unwrap_or_else(|_| panic!("{name}: {link} leads to no file"));
            assert!(
                target.starts_with(&output),
                "{name}: {link} leads out of the output set"
            );
            if !fragment.is_empty() {
                assert!(
                    ids.get(&target).is_some_and(|ids| ids.contains(fragment)),
                    "{name}: {link}: no id {fragment} there"
                );
            }
            checked += 1;
        }
    }
    checked
}

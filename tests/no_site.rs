//! `run --no-site`: the tables and their documents, byte for byte those of a plain run, without
//! `site/`; the manifest says the site was left out, so a run that asks for the site reruns,
//! `check` regenerates without it, and `docs` puts it back.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

mod common;
use common::{manifest_outputs, repo, run_ok, workspace};

fn manifest(out: &Path) -> serde_json::Value {
    serde_json::from_str(&fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap()
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Every name in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// `out` holds the site again, and its manifest is the committed one, byte for byte.
fn assert_site_is_back(out: &Path) {
    assert!(out.join("site/index.html").is_file());
    assert_eq!(
        fs::read_to_string(out.join("manifest.json")).unwrap(),
        fs::read_to_string(repo().join("output/manifest.json")).unwrap()
    );
}

#[test]
fn a_run_without_the_site_writes_the_same_tables_and_documents_and_no_site() {
    let dir = workspace();
    let run = run_ok(dir.path(), &["run", "--no-site"]);
    let out = dir.path().join("output");
    assert!(!out.join("site").exists());
    assert!(
        stdout(&run).contains(
            "wrote output/ (<table>.csv and <table>.parquet, datapackage.json, validation.json, README.md, duckdb.sql, manifest.json; no site (--no-site)):\n"
        ),
        "{}",
        stdout(&run)
    );

    let committed = repo().join("output");
    let committed_manifest = manifest(&committed);
    let expected: BTreeMap<String, String> = manifest_outputs(&committed)
        .into_iter()
        .filter(|(path, _)| !path.starts_with("site/"))
        .collect();
    // 33 tables as CSV and Parquet, then datapackage.json, validation.json, README.md and
    // duckdb.sql (the manifest does not list itself).
    assert_eq!(expected.len(), 70);
    let written = manifest(&out);
    assert_eq!(manifest_outputs(&out), expected);
    assert_eq!(written["without_site"], true);
    assert_eq!(written["inputs"], committed_manifest["inputs"]);
    assert_eq!(committed_manifest.get("without_site"), None);

    // The folder holds exactly what the manifest lists, each file as the committed one.
    let mut listed: Vec<String> = expected.keys().cloned().collect();
    listed.push("manifest.json".into());
    listed.sort();
    assert_eq!(names(&out), listed);
    for path in expected.keys() {
        assert_eq!(
            fs::read(out.join(path)).unwrap(),
            fs::read(committed.join(path)).unwrap(),
            "{path}"
        );
    }
}

#[test]
fn whether_the_site_is_asked_for_decides_whether_the_output_is_up_to_date() {
    let dir = workspace();
    let out = dir.path().join("output");
    let plain = run_ok(dir.path(), &["run"]);
    assert!(out.join("site/index.html").is_file());
    assert!(
        stdout(&plain)
            .contains("README.md, duckdb.sql, manifest.json; the site: output/site/index.html):\n"),
        "{}",
        stdout(&plain)
    );

    // Leaving the site out reruns and removes the whole folder, not only its files.
    let without = run_ok(dir.path(), &["run", "--no-site"]);
    assert!(
        !stdout(&without).contains("is up to date"),
        "{}",
        stdout(&without)
    );
    assert!(!out.join("site").exists());
    let again = run_ok(dir.path(), &["run", "--no-site"]);
    assert!(
        stdout(&again).contains("is up to date"),
        "{}",
        stdout(&again)
    );
    // `check` regenerates as the manifest records, without the site: nothing differs.
    run_ok(dir.path(), &["check"]);

    // A plain run asks for the site: it reruns and the output is the committed one again.
    let plain = run_ok(dir.path(), &["run"]);
    assert!(
        !stdout(&plain).contains("is up to date"),
        "{}",
        stdout(&plain)
    );
    assert_site_is_back(&out);
}

#[test]
fn docs_puts_back_the_site_a_run_left_out() {
    let dir = workspace();
    let out = dir.path().join("output");
    run_ok(dir.path(), &["run", "--no-site"]);
    let docs = run_ok(dir.path(), &["docs"]);
    assert!(
        !stdout(&docs).contains("is up to date"),
        "{}",
        stdout(&docs)
    );
    assert_site_is_back(&out);
}

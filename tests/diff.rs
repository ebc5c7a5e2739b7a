//! `petrochip diff` and `petrochip check`: the real binary on a scratch copy of `raw/`.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::workspace;

const BIN: &str = env!("CARGO_BIN_EXE_petrochip");

/// The edit every test makes to a copy of `raw/`: Nvidia's co-founders, three -> four. The
/// quote still says "trois", so the row must say it is the analyst's reading, with a note, or
/// the run refuses it.
const SHEET: &str = "sources/muller_park_2024/figures.csv";
const FIND: &str = ",cofounders,trois,,,,,,25,";
const REPLACE: &str = ",cofounders,quatre,,,,analyst_reading,Edited by a test,25,";

/// What the edit changes in the published tables, and the site's pages that show the figure:
/// its subject's, its source's and its table's.
const REPORT: &str = "\
differ: 1 of TABLES tables, 4 other files

table    added  removed  changed
figures      0        0        1

figures:
  (muller_park_2024, nvidia_cofounders): value: \"3.0\" -> \"4.0\"
  (muller_park_2024, nvidia_cofounders): value_low: \"3.0\" -> \"4.0\"
  (muller_park_2024, nvidia_cofounders): value_high: \"3.0\" -> \"4.0\"
  (muller_park_2024, nvidia_cofounders): value_text: \"trois\" -> \"quatre\"
  (muller_park_2024, nvidia_cofounders): quote_support: \"states_value\" -> \"analyst_reading\"
  (muller_park_2024, nvidia_cofounders): note: \"\" -> \"Edited by a test\"

files:
  manifest.json: differs
  site/entity-nvidia.html: differs
  site/source-muller_park_2024.html: differs
  site/table-figures.html: differs
";

fn petrochip(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_LOG")
        .output()
        .expect("the binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs and asserts the exit code, showing both streams when it is not the one expected.
fn expect(dir: &Path, args: &[&str], code: i32) -> Output {
    let out = petrochip(dir, args);
    assert_eq!(
        out.status.code(),
        Some(code),
        "petrochip {args:?}\nstdout:\n{}\nstderr:\n{}",
        stdout(&out),
        stderr(&out)
    );
    out
}

fn edit_raw(dir: &Path) {
    let path = dir.join("raw").join(SHEET);
    let text = fs::read_to_string(&path).unwrap();
    assert_eq!(
        text.matches(FIND).count(),
        1,
        "raw/{SHEET} must hold `{FIND}` once for this test; pick another value if it changed"
    );
    fs::write(&path, text.replace(FIND, REPLACE)).unwrap();
}

/// Tables and rows of an output folder, from its datapackage.json.
fn counts(folder: &Path) -> (usize, u64) {
    let text = fs::read_to_string(folder.join("datapackage.json")).unwrap();
    let package: serde_json::Value = serde_json::from_str(&text).unwrap();
    let resources = package["resources"].as_array().unwrap();
    let rows = resources.iter().map(|r| r["rows"].as_u64().unwrap()).sum();
    (resources.len(), rows)
}

fn report(folder: &Path) -> String {
    REPORT.replace("TABLES", &counts(folder).0.to_string())
}

#[test]
fn diff_reports_the_changed_rows_and_exits_1() {
    let dir = workspace();
    expect(dir.path(), &["run", "--out", "a"], 0);
    edit_raw(dir.path());
    expect(dir.path(), &["run", "--out", "b"], 0);

    let out = expect(dir.path(), &["diff", "a", "b"], 1);
    assert_eq!(stdout(&out), report(&dir.path().join("a")));
    assert_eq!(stderr(&out), "");
}

/// An output beside one run with `--no-site`: the same tables, and the site's pages counted in
/// one line rather than listed one by one; the JSON report still lists every file.
#[test]
fn diff_counts_a_folder_on_one_side_only_in_one_line() {
    let dir = workspace();
    expect(dir.path(), &["run", "--out", "a"], 0);
    expect(dir.path(), &["run", "--no-site", "--out", "b"], 0);
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("a/manifest.json")).unwrap())
            .unwrap();
    let pages = manifest["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["path"].as_str().unwrap().starts_with("site/"))
        .count();
    assert!(pages > 200, "{pages}");
    let tables = counts(&dir.path().join("a")).0;

    let out = expect(dir.path(), &["diff", "a", "b"], 1);
    assert_eq!(
        stdout(&out),
        format!(
            "differ: 0 of {tables} tables, {} other files\n\nfiles:\n  manifest.json: differs\n  {pages} files under site/: only in old\n",
            pages + 1
        )
    );
    let out = expect(dir.path(), &["diff", "b", "a"], 1);
    assert!(
        stdout(&out).ends_with(&format!("  {pages} files under site/: only in new\n")),
        "{}",
        stdout(&out)
    );
    let out = expect(dir.path(), &["diff", "a", "b", "--format", "json"], 1);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let only_in_old = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["change"] == "only_in_old")
        .count();
    assert_eq!(only_in_old, pages);
}

#[test]
fn diff_of_a_folder_with_itself_is_identical_and_exits_0() {
    let dir = workspace();
    expect(dir.path(), &["run", "--out", "a"], 0);
    let (tables, rows) = counts(&dir.path().join("a"));
    let out = expect(dir.path(), &["diff", "a", "a"], 0);
    assert_eq!(
        stdout(&out),
        format!("identical: {tables} tables, {rows} rows\n")
    );
}

#[test]
fn diff_of_an_unreadable_folder_exits_1_and_a_usage_error_exits_2() {
    let dir = workspace();
    expect(dir.path(), &["run", "--out", "a"], 0);
    let out = expect(dir.path(), &["diff", "a", "raw"], 1);
    assert_eq!(stdout(&out), "");
    assert_eq!(
        stderr(&out),
        "error: cannot compare the folders: raw: not a petrochip output folder: it has no \
         datapackage.json; pass a folder written by `petrochip run`\n"
    );
    expect(dir.path(), &["diff", "a"], 2);
}

#[test]
fn check_passes_on_fresh_output_and_fails_with_the_report_once_raw_changes() {
    let dir = workspace();
    expect(dir.path(), &["run"], 0);
    let output = dir.path().join("output");
    let (tables, rows) = counts(&output);
    let out = expect(dir.path(), &["check"], 0);
    assert_eq!(
        stdout(&out),
        format!("output/ is up to date: {tables} tables, {rows} rows\n")
    );

    edit_raw(dir.path());
    let before = fs::read(output.join("figures.csv")).unwrap();
    let out = expect(dir.path(), &["check"], 1);
    assert_eq!(
        stdout(&out),
        format!(
            "output/ is out of date: what raw/ produces differs from it (old: output/, new: regenerated).\n\
             \n\
             {}\n\
             hint: run `petrochip run` (or `just run`) and commit output/\n",
            report(&output)
        )
    );
    assert_eq!(fs::read(output.join("figures.csv")).unwrap(), before);
    // The lock, the record of the files published and the run log `run` keeps beside
    // output/ are the only other names; check adds none.
    let entries: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != ".output.lock" && n != ".output.vouched" && n != ".petrochip")
        .collect();
    assert_eq!(
        entries.len(),
        2,
        "check leaves nothing beside raw/ and output/"
    );
}

/// A Parquet file edited on its own (its CSV twin untouched) is compared by its rows: the
/// report names the row and the cell, not only that bytes differ.
#[test]
fn check_reads_an_edited_parquet_file_by_its_rows() {
    use polars::prelude::*;
    let dir = workspace();
    expect(dir.path(), &["run"], 0);
    let output = dir.path().join("output");
    let path = output.join("figures.parquet");
    let mut frame = ParquetReader::new(fs::File::open(&path).unwrap())
        .finish()
        .unwrap();
    let ids = frame.column("figure_id").unwrap().str().unwrap().clone();
    let values = frame.column("value").unwrap().f64().unwrap().clone();
    let edited: Float64Chunked = ids
        .iter()
        .zip(values.iter())
        .map(|(id, v)| {
            if id == Some("nvidia_cofounders") {
                Some(4.0)
            } else {
                v
            }
        })
        .collect();
    frame
        .with_column(edited.with_name("value".into()).into_column())
        .unwrap();
    let mut bytes = Vec::new();
    ParquetWriter::new(&mut bytes).finish(&mut frame).unwrap();
    fs::write(&path, bytes).unwrap();

    let out = expect(dir.path(), &["check"], 1);
    let tables = counts(&output).0;
    assert_eq!(
        stdout(&out),
        format!(
            "output/ is out of date: what raw/ produces differs from it (old: output/, new: regenerated).\n\
             \n\
             differ: 1 of {tables} tables, 0 other files\n\
             \n\
             table    added  removed  changed\n\
             figures      0        0        0  the Parquet file's rows differ otherwise: see below\n\
             \n\
             figures:\n  \
               figures.parquet: (muller_park_2024, nvidia_cofounders): value: \"4.0\" -> \"3.0\"\n\
             \n\
             files:\n  \
               figures.parquet: rows differ (listed above)\n\
             \n\
             hint: run `petrochip run` (or `just run`) and commit output/\n"
        )
    );
}

/// A link inside an output folder is listed as a link's name, never followed: a link to `.`
/// made diff list the folder inside itself, 40 levels deep.
#[test]
fn diff_never_follows_a_link_inside_a_folder() {
    let dir = workspace();
    for side in ["a", "b"] {
        let out = Command::new(env!("CARGO_BIN_EXE_petrochip"))
            .args(["-q", "run", "--no-run-log", "--out", side])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
    }
    std::os::unix::fs::symlink(".", dir.path().join("b/loop")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_petrochip"))
        .args(["diff", "a", "b"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(!stdout.contains("loop/"), "{stdout}");
    assert!(stdout.contains("  loop: only in new"), "{stdout}");
}

/// `--format json` says the same as the text report, for scripts: the changed row by its key,
/// each changed cell old and new, the files that differ; `check --format json` too.
#[test]
fn diff_and_check_speak_json_for_scripts() {
    let dir = workspace();
    expect(dir.path(), &["run", "--out", "a"], 0);
    edit_raw(dir.path());
    expect(dir.path(), &["run", "--out", "b"], 0);
    let out = expect(dir.path(), &["diff", "a", "b", "--format", "json"], 1);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["identical"], false);
    let figures = json["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "figures")
        .unwrap();
    assert_eq!(figures["change"]["change"], "rows");
    let changed = &figures["change"]["changed"];
    assert_eq!(changed.as_array().unwrap().len(), 1);
    assert_eq!(
        changed[0]["key"],
        serde_json::json!(["muller_park_2024", "nvidia_cofounders"])
    );
    assert_eq!(
        changed[0]["cells"][0],
        serde_json::json!({"column": "value", "old": "3.0", "new": "4.0"})
    );
    let same = json["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "producers")
        .unwrap();
    assert_eq!(same["change"]["change"], "same");
    assert!(
        json["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["path"] == "figures.csv" && f["change"] == "differs"),
        "{json}"
    );
    // check: the committed output (a) against what the edited raw/ gives.
    let out = expect(dir.path(), &["check", "--out", "a", "--format", "json"], 1);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["identical"], false);
    let out = expect(dir.path(), &["check", "--out", "b", "--format", "json"], 0);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["identical"], true);
}

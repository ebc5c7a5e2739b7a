//! The real binary on the real `raw/`, and on deliberately broken copies of it.
//!
//! A broken copy is described under `tests/fixtures/bad/<case>/`:
//! - `edit`: lines of `sheet: <file under raw/>`, `find: <text>`, `replace: <text>` (applied in
//!   order; the text must occur), or `encoding: latin-1` (re-encodes the last sheet named);
//! - `args` (optional): extra arguments, `{article}` standing for the article's path;
//! - `expected`: the exit code on the first line, then the exact stderr.
//!
//! Run with `PETROCHIP_BLESS=1` to write the actual stderr into `expected` (then review it).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use petrochip::contract::{self, ColumnType};
use polars::prelude::*;

const BIN: &str = env!("CARGO_BIN_EXE_petrochip");

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn article() -> Option<PathBuf> {
    let path = repo().join("../shared/seed/petrole-et-semi-conducteurs.txt");
    path.exists().then_some(path)
}

fn petrochip(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_LOG")
        .output()
        .expect("the binary runs")
}

fn copy_dir(from: &Path, to: &Path) {
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

/// Every file of a folder and its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        files.insert(
            path.file_name().unwrap().to_string_lossy().into_owned(),
            fs::read(&path).unwrap(),
        );
    }
    files
}

/// A scratch folder holding a copy of `raw/`.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("raw"), &dir.path().join("raw"));
    dir
}

#[test]
fn run_on_raw_publishes_every_table_in_both_formats_with_the_same_rows() {
    let dir = workspace();
    let out = petrochip(dir.path(), &["run"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("petrochip: 19 tables, "), "{stdout}");
    let output = dir.path().join("output");
    for spec in contract::tables() {
        let csv_rows = read_csv(&output.join(format!("{}.csv", spec.name)));
        let frame = ParquetReader::new(
            fs::File::open(output.join(format!("{}.parquet", spec.name))).unwrap(),
        )
        .finish()
        .unwrap();
        assert_eq!(frame.height(), csv_rows.len(), "{}: row count", spec.name);
        assert!(frame.height() > 0, "{} is empty", spec.name);
        let names: Vec<&str> = frame
            .get_column_names()
            .iter()
            .map(|n| n.as_str())
            .collect();
        let expected: Vec<&str> = spec.columns.iter().map(|c| c.name).collect();
        assert_eq!(names, expected, "{}: columns", spec.name);
        for (i, column) in spec.columns.iter().enumerate() {
            let series = frame
                .column(column.name)
                .unwrap()
                .as_materialized_series()
                .clone();
            let wanted = match column.ty {
                ColumnType::Text => DataType::String,
                ColumnType::Enum(_) => series.dtype().clone(),
                ColumnType::Integer => DataType::Int64,
                ColumnType::Number => DataType::Float64,
                ColumnType::Boolean => DataType::Boolean,
                ColumnType::Date => DataType::Date,
            };
            assert_eq!(series.dtype(), &wanted, "{}.{}", spec.name, column.name);
            if let ColumnType::Enum(_) = column.ty {
                assert!(
                    matches!(series.dtype(), DataType::Enum(..)),
                    "{}.{} is an Enum",
                    spec.name,
                    column.name
                );
            }
            let as_text = series.cast(&DataType::String).unwrap();
            for (row, parquet) in as_text.str().unwrap().iter().enumerate() {
                let csv = csv_rows[row][i].as_str();
                let same = match (column.ty, parquet) {
                    (_, None) => csv.is_empty(),
                    (ColumnType::Number, Some(p)) => {
                        p.parse::<f64>().ok() == csv.parse::<f64>().ok()
                    }
                    (_, Some(p)) => p == csv,
                };
                assert!(
                    same,
                    "{}.{} row {row}: parquet {parquet:?}, csv {csv:?}",
                    spec.name, column.name
                );
            }
        }
    }
    assert!(output.join("datapackage.json").exists());
    assert!(output.join("README.md").exists());
}

fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn committed_output_is_what_raw_produces_byte_for_byte() {
    let dir = workspace();
    let out = petrochip(dir.path(), &["run", "--out", "fresh"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fresh = snapshot(&dir.path().join("fresh"));
    let committed = snapshot(&repo().join("output"));
    assert_eq!(
        fresh.keys().collect::<Vec<_>>(),
        committed.keys().collect::<Vec<_>>(),
        "output/ does not hold the files a run writes; run `just run` and commit output/"
    );
    for (name, bytes) in &fresh {
        assert!(
            committed[name] == *bytes,
            "output/{name} is stale; run `just run` and commit output/"
        );
    }
}

#[test]
fn two_runs_write_the_same_bytes() {
    let dir = workspace();
    assert_eq!(
        petrochip(dir.path(), &["run", "--out", "a"]).status.code(),
        Some(0)
    );
    assert_eq!(
        petrochip(dir.path(), &["run", "--out", "b"]).status.code(),
        Some(0)
    );
    assert!(
        snapshot(&dir.path().join("a")) == snapshot(&dir.path().join("b")),
        "two runs differ"
    );
}

#[test]
fn grounding_finds_every_quote_in_its_paragraph() {
    let Some(article) = article() else {
        eprintln!("skipped: ../shared/seed/ is not here");
        return;
    };
    let dir = workspace();
    let out = petrochip(
        dir.path(),
        &["validate", "--source-text", article.to_str().unwrap()],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("every quote found in its paragraph of the article (74 paragraphs)")
    );
    assert!(
        !dir.path().join("output").exists(),
        "validate writes nothing"
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = workspace();
    assert_eq!(
        petrochip(dir.path(), &["run", "--no-such-flag"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(petrochip(dir.path(), &[]).status.code(), Some(2));
}

#[test]
fn tables_prints_the_contract() {
    let out = petrochip(&repo(), &["tables"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for spec in contract::tables() {
        assert!(
            text.contains(&format!("\n## {}\n", spec.name)),
            "{} missing",
            spec.name
        );
    }
    assert!(
        text.contains(
            "| value | number | yes | The value, in unit (money in the currency's unit). |"
        )
    );
}

/// Applies a case's edits to a copy of raw/.
fn apply(case: &Path, raw: &Path) {
    let Ok(script) = fs::read_to_string(case.join("edit")) else {
        return;
    };
    let mut sheet: Option<PathBuf> = None;
    let mut find: Option<String> = None;
    for line in script.lines().filter(|l| !l.trim().is_empty()) {
        let (key, value) = line
            .split_once(": ")
            .unwrap_or((line.trim_end_matches(':'), ""));
        match key {
            "sheet" => sheet = Some(raw.join(value)),
            "find" => find = Some(value.to_string()),
            "replace" => {
                let path = sheet.as_ref().expect("sheet: before replace:");
                let text = fs::read_to_string(path).unwrap();
                let needle = find.take().expect("find: before replace:");
                assert!(
                    text.contains(&needle),
                    "{}: {needle:?} not in {}",
                    case.display(),
                    path.display()
                );
                fs::write(path, text.replacen(&needle, &value.replace("\\n", "\n"), 1)).unwrap();
            }
            "encoding" => {
                assert_eq!(value, "latin-1");
                let path = sheet.as_ref().expect("sheet: before encoding:");
                let text = fs::read_to_string(path).unwrap();
                let bytes: Vec<u8> = text
                    .chars()
                    .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
                    .collect();
                fs::write(path, bytes).unwrap();
            }
            other => panic!("{}: unknown edit {other:?}", case.display()),
        }
    }
}

#[test]
fn broken_inputs_fail_with_their_exact_message_and_leave_output_untouched() {
    let cases_dir = repo().join("tests/fixtures/bad");
    let mut cases: Vec<PathBuf> = fs::read_dir(&cases_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(!cases.is_empty());
    let bless = std::env::var_os("PETROCHIP_BLESS").is_some();
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let dir = workspace();
        let good = petrochip(dir.path(), &["run"]);
        assert_eq!(good.status.code(), Some(0), "{name}: the clean run failed");
        let before = snapshot(&dir.path().join("output"));
        apply(case, &dir.path().join("raw"));
        let extra = fs::read_to_string(case.join("args")).unwrap_or_default();
        if extra.contains("{article}") && article().is_none() {
            eprintln!("{name}: skipped, ../shared/seed/ is not here");
            continue;
        }
        let article = article()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let extra = extra.replace("{article}", &article);
        let mut args = vec!["run"];
        args.extend(extra.split_whitespace());
        let out = petrochip(dir.path(), &args);
        let actual = format!(
            "{}\n{}",
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr)
        );
        let expected_path = case.join("expected");
        if bless {
            fs::write(&expected_path, &actual).unwrap();
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            failures.push(format!(
                "{name}:\n--- expected\n{expected}--- actual\n{actual}"
            ));
        }
        let after = snapshot(&dir.path().join("output"));
        let changed: Vec<&String> = before
            .keys()
            .chain(after.keys())
            .filter(|f| before.get(*f) != after.get(*f))
            .collect();
        assert!(changed.is_empty(), "{name}: output/ changed: {changed:?}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

//! The real binary on the real `raw/`, and on deliberately broken copies of it.
//!
//! A broken copy is described under `tests/fixtures/bad/<case>/`:
//! - `edit` (optional): commands, one a line, applied in order to a scratch folder holding a
//!   copy of `raw/` (blank lines and lines starting with `#` are skipped). Texts take escapes:
//!   `\n`, `\r`, `\t`, `\0`, `\\` and `\xHH`, one byte (`\xE9` is a Latin-1 é, `\x1b` ESC).
//!   - `sheet: <path under raw/>` picks what the next commands change; `sheet: *` every `.csv`
//!     under `raw/`; `sheet: .` the `raw/` folder itself.
//!   - `find: <text>`, then `replace: <text>`: replaces the first occurrence, which must exist;
//!     `repeat: <n>` before `replace:` repeats the replacement n times (a 10 MB cell is made at
//!     test time, not committed).
//!   - `write: <text>` replaces the whole file, `append: <text>` adds to its end, `truncate`
//!     leaves it empty (0 bytes).
//!   - `reverse-rows` writes the sheet's rows in reverse order, its header first.
//!   - `separator: ;` or `separator: \t` rewrites the sheet with that separator (as French
//!     Excel or a pasted spreadsheet saves it).
//!   - `encoding: latin-1 | utf-8-bom | utf-16le | utf-16le-bom | utf-16be-bom` re-encodes the
//!     file (Latin-1 writes `?` for what it cannot hold); `line-ends: crlf | cr` rewrites LF.
//!   - `remove` deletes the file or folder; `mkdir` replaces it with an empty folder;
//!     `move: <path under raw/>` moves it (`../x` leaves `raw/`); `symlink: <target>` makes
//!     it a symbolic link whose text is `<target>` (relative to the link's folder).
//!   - For `--out`, paths relative to the scratch folder: `out-file: <path>` makes a file;
//!     `out-foreign: <path>` a folder holding someone's `notes.txt`; `out-readonly: <path>` a
//!     folder a clean run published to, then made read-only (0555).
//! - `args` (optional): extra arguments after `run`; or `argv`: the whole argument list, for
//!   usage errors.
//! - `needs_seed` (optional, says why): the case reads the seed article in `../shared/seed/`.
//!   Without it the case is skipped and says so, except in CI (`CI` set), where it fails.
//! - `expected`: the exit code on the first line, then the exact stderr.
//! - `pending` (optional): why the program does not behave as `expected` says yet. Such a case
//!   is reported, not failed, until it passes; then the runner asks for `pending` to go.
//!
//! Every case must exit 1 (2 for a usage error), and leave the scratch folder as it found it:
//! `raw/`, `output/`, any `--out` and their neighbours, bytes and permissions.
//!
//! Run with `PETROCHIP_BLESS=1` to write the actual stderr into `expected` (then review it; a
//! `pending` case's `expected` is written by hand and left alone).
//!
//! Harmless variations under `tests/fixtures/good/<case>/edit` (same commands) must publish
//! byte for byte what the pristine `raw/` publishes.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use petrochip::contract::{self, ColumnType};
use polars::prelude::*;

mod common;
use common::{repo, workspace};

const BIN: &str = env!("CARGO_BIN_EXE_petrochip");

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

/// Every file of a folder and its folders (the site), by `/`-separated path, and its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    common::files(dir)
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
    assert!(stdout.starts_with("petrochip: 33 tables, "), "{stdout}");
    let output = dir.path().join("output");
    for spec in petrochip::domains::tables() {
        let csv_rows = read_csv(&output.join(format!("{}.csv", spec.name)));
        let frame = ParquetReader::new(
            fs::File::open(output.join(format!("{}.parquet", spec.name))).unwrap(),
        )
        .finish()
        .unwrap();
        assert_eq!(frame.height(), csv_rows.len(), "{}: row count", spec.name);
        assert!(
            frame.height() > 0 || spec.may_be_empty,
            "{} is empty",
            spec.name
        );
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
                // An Enum's categories are the contract's codes, in the contract's order.
                ColumnType::Enum(choices) => {
                    let DataType::Enum(categories, _) = series.dtype() else {
                        panic!("{}.{} is not an Enum", spec.name, column.name);
                    };
                    let found: Vec<&str> = categories.categories().values_iter().collect();
                    let codes: Vec<&str> = choices.iter().map(|c| c.code).collect();
                    assert_eq!(found, codes, "{}.{}: categories", spec.name, column.name);
                    series.dtype().clone()
                }
                ColumnType::Integer => DataType::Int64,
                ColumnType::Number => DataType::Float64,
                ColumnType::Boolean => DataType::Boolean,
                ColumnType::Date => DataType::Date,
            };
            assert_eq!(series.dtype(), &wanted, "{}.{}", spec.name, column.name);
            let as_text = series.cast(&DataType::String).unwrap();
            for (row, parquet) in as_text.str().unwrap().iter().enumerate() {
                let csv = csv_rows[row][i].as_str();
                let same = match (column.ty, parquet) {
                    (_, None) => csv.is_empty(),
                    (ColumnType::Number, Some(p)) => {
                        p.parse::<f64>().ok() == csv.parse::<f64>().ok()
                    }
                    // CSV neutralises a cell a spreadsheet would run (README): one leading '.
                    (_, Some(p)) if p.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) => {
                        csv == format!("'{p}")
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
    if article().is_none() {
        common::skip("grounding", "../shared/seed/ is not here");
        return;
    }
    let dir = workspace();
    let out = petrochip(dir.path(), &["validate"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(
            "14 sources, 1 grounded (every quote found in its paragraph of the source's text)"
        ),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // The pages transcribed without their text cannot be grounded: --require-grounding stops.
    let strict = petrochip(dir.path(), &["validate", "--require-grounding"]);
    assert_eq!(strict.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&strict.stderr);
    assert!(
        stderr.contains("raw/sources/enr_2024_intel_chips/source.csv: source enr_2024_intel_chips is not grounded: it declares no text_path, so its quotes were not checked"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("muller_park_2024 is not grounded"),
        "{stderr}"
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
    for spec in petrochip::domains::tables() {
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

/// What a folder holds, recursively: every file's bytes, every link's target, every mode.
#[derive(Clone, PartialEq, Eq)]
enum Entry {
    File { mode: u32, bytes: Vec<u8> },
    Dir { mode: u32 },
    Link(PathBuf),
}

fn tree(root: &Path) -> BTreeMap<PathBuf, Entry> {
    use std::os::unix::fs::PermissionsExt;
    let mut entries = BTreeMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(path) = pending.pop() {
        let meta = fs::symlink_metadata(&path).unwrap();
        let mode = meta.permissions().mode();
        let entry = if meta.file_type().is_symlink() {
            Entry::Link(fs::read_link(&path).unwrap())
        } else if meta.is_dir() {
            for child in fs::read_dir(&path).unwrap() {
                pending.push(child.unwrap().path());
            }
            Entry::Dir { mode }
        } else {
            Entry::File {
                mode,
                bytes: fs::read(&path).unwrap(),
            }
        };
        entries.insert(path.strip_prefix(root).unwrap().to_path_buf(), entry);
    }
    // The run log is the one thing a failed run appends to, by design.
    entries.retain(|path, _| !path.starts_with(".petrochip"));
    entries
}

/// The paths whose entry differs between two trees.
fn changes(before: &BTreeMap<PathBuf, Entry>, after: &BTreeMap<PathBuf, Entry>) -> Vec<String> {
    let mut paths: Vec<&PathBuf> = before.keys().chain(after.keys()).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter(|p| before.get(*p) != after.get(*p))
        .map(|p| {
            let how = match (before.get(p), after.get(p)) {
                (None, _) => "created",
                (_, None) => "deleted",
                _ => "changed",
            };
            format!("{} {how}", p.display())
        })
        .collect()
}

/// A script's text with its escapes turned into bytes: `\n`, `\r`, `\t`, `\0`, `\\`, and
/// `\xHH`, one byte (so `\xE9` is a Latin-1 é, not a UTF-8 one).
fn unescape(text: &str) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            bytes.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            continue;
        }
        bytes.push(match chars.next() {
            Some('n') => b'\n',
            Some('r') => b'\r',
            Some('t') => b'\t',
            Some('0') => 0,
            Some('\\') => b'\\',
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                u8::from_str_radix(&hex, 16).unwrap_or_else(|_| panic!("bad escape \\x{hex}"))
            }
            other => panic!("unknown escape \\{other:?} in {text:?}"),
        });
    }
    bytes
}

/// The text of a sheet re-encoded.
fn encode(text: &str, encoding: &str) -> Vec<u8> {
    let utf16 = |bom: &[u8], unit: fn(u16) -> [u8; 2]| {
        let mut bytes = bom.to_vec();
        bytes.extend(text.encode_utf16().flat_map(unit));
        bytes
    };
    match encoding {
        "latin-1" => text
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
            .collect(),
        "utf-8-bom" => [b"\xEF\xBB\xBF", text.as_bytes()].concat(),
        "utf-16le" => utf16(b"", u16::to_le_bytes),
        "utf-16le-bom" => utf16(b"\xFF\xFE", u16::to_le_bytes),
        "utf-16be-bom" => utf16(b"\xFE\xFF", u16::to_be_bytes),
        other => panic!("unknown encoding {other:?}"),
    }
}

/// Every `.csv` under a folder, recursively.
fn csv_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = tree(dir)
        .into_iter()
        .filter(|(path, entry)| {
            matches!(entry, Entry::File { .. }) && path.extension().is_some_and(|e| e == "csv")
        })
        .map(|(path, _)| dir.join(path))
        .collect();
    files.sort();
    files
}

/// Applies a case's `edit` script (see the top of this file) to the workspace `dir`.
fn apply(case: &Path, dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let Ok(script) = fs::read_to_string(case.join("edit")) else {
        return;
    };
    let raw = dir.join("raw");
    let mut sheets: Vec<PathBuf> = Vec::new();
    let mut find: Option<Vec<u8>> = None;
    let mut repeat = 1;
    let lines = script
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'));
    for line in lines {
        let (key, value) = line
            .split_once(": ")
            .unwrap_or((line.trim_end_matches(':'), ""));
        let fail = |why: &str| -> ! { panic!("{}: `{line}`: {why}", case.display()) };
        let one = || match sheets.as_slice() {
            [path] => path.clone(),
            _ => fail("needs exactly one sheet"),
        };
        match key {
            "sheet" => {
                sheets = match value {
                    "*" => csv_files(&raw),
                    "." => vec![raw.clone()],
                    name => vec![raw.join(name)],
                }
            }
            "find" => find = Some(unescape(value)),
            "repeat" => repeat = value.parse().unwrap_or_else(|_| fail("not a count")),
            "replace" => {
                let needle = find.take().unwrap_or_else(|| fail("find: first"));
                let with = unescape(value).repeat(std::mem::replace(&mut repeat, 1));
                for path in &sheets {
                    let mut bytes = fs::read(path).unwrap();
                    let at = bytes
                        .windows(needle.len())
                        .position(|w| w == needle.as_slice())
                        .unwrap_or_else(|| fail(&format!("not found in {}", path.display())));
                    bytes.splice(at..at + needle.len(), with.iter().copied());
                    fs::write(path, bytes).unwrap();
                }
            }
            "write" | "append" | "truncate" => {
                for path in &sheets {
                    let mut bytes = match key {
                        "append" => fs::read(path).unwrap(),
                        _ => Vec::new(),
                    };
                    bytes.extend(unescape(value));
                    fs::write(path, bytes).unwrap();
                }
            }
            "separator" => {
                let delimiter = match value {
                    ";" => b';',
                    "\\t" => b'\t',
                    _ => fail("separator: ; or \\t"),
                };
                for path in &sheets {
                    let mut reader = csv::ReaderBuilder::new()
                        .has_headers(false)
                        .from_path(path)
                        .unwrap();
                    let mut writer = csv::WriterBuilder::new()
                        .delimiter(delimiter)
                        .from_writer(Vec::new());
                    for record in reader.records() {
                        writer.write_record(&record.unwrap()).unwrap();
                    }
                    fs::write(path, writer.into_inner().unwrap()).unwrap();
                }
            }
            "reverse-rows" => {
                for path in &sheets {
                    let mut reader = csv::ReaderBuilder::new()
                        .has_headers(false)
                        .from_path(path)
                        .unwrap();
                    let mut records: Vec<csv::StringRecord> =
                        reader.records().map(Result::unwrap).collect();
                    records[1..].reverse();
                    let mut writer = csv::Writer::from_writer(Vec::new());
                    for record in &records {
                        writer.write_record(record).unwrap();
                    }
                    fs::write(path, writer.into_inner().unwrap()).unwrap();
                }
            }
            "encoding" | "line-ends" => {
                for path in &sheets {
                    let text = String::from_utf8(fs::read(path).unwrap()).unwrap();
                    let bytes = match (key, value) {
                        ("encoding", encoding) => encode(&text, encoding),
                        (_, "crlf") => text.replace('\n', "\r\n").into_bytes(),
                        (_, "cr") => text.replace('\n', "\r").into_bytes(),
                        _ => fail("line-ends: crlf or cr"),
                    };
                    fs::write(path, bytes).unwrap();
                }
            }
            "remove" | "mkdir" => {
                for path in &sheets {
                    if path.is_dir() {
                        fs::remove_dir_all(path).unwrap();
                    } else {
                        fs::remove_file(path).unwrap();
                    }
                    if key == "mkdir" {
                        fs::create_dir(path).unwrap();
                    }
                }
            }
            "move" => {
                let to = raw.join(value);
                fs::create_dir_all(to.parent().unwrap()).unwrap();
                fs::rename(one(), to).unwrap();
            }
            "symlink" => std::os::unix::fs::symlink(value, one()).unwrap(),
            "out-file" => fs::write(dir.join(value), "my notes\n").unwrap(),
            "out-foreign" => {
                fs::create_dir_all(dir.join(value)).unwrap();
                fs::write(dir.join(value).join("notes.txt"), "my notes\n").unwrap();
            }
            "out-readonly" => {
                let out = petrochip(dir, &["run", "--out", value]);
                assert_eq!(out.status.code(), Some(0), "{}", case.display());
                fs::set_permissions(dir.join(value), fs::Permissions::from_mode(0o555)).unwrap();
            }
            _ => fail("unknown edit"),
        }
    }
    assert!(find.is_none(), "{}: find: without replace:", case.display());
}

/// The cases under `tests/fixtures/<kind>/`, sorted.
fn cases(kind: &str) -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir(repo().join("tests/fixtures").join(kind))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(!cases.is_empty());
    cases
}

#[test]
fn broken_inputs_fail_with_their_exact_message_and_leave_output_untouched() {
    // Only "1" blesses: PETROCHIP_BLESS=0 must not rewrite every expected message.
    let bless = std::env::var_os("PETROCHIP_BLESS").is_some_and(|v| v == "1");
    let ci = std::env::var_os("CI").is_some();
    let mut failures = Vec::new();
    for case in cases("bad") {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let read = |file: &str| fs::read_to_string(case.join(file)).ok();
        let dir = workspace();
        let good = petrochip(dir.path(), &["run"]);
        assert_eq!(good.status.code(), Some(0), "{name}: the clean run failed");
        let output = snapshot(&dir.path().join("output"));
        apply(&case, dir.path());
        let (argv, extra) = match read("argv") {
            Some(argv) => (argv, Vec::new()),
            None => (read("args").unwrap_or_default(), vec!["run"]),
        };
        if case.join("needs_seed").exists() && article().is_none() {
            common::skip(&name, "../shared/seed/ is not here");
            continue;
        }
        let mut args = extra;
        args.extend(argv.split_whitespace());
        let before = tree(dir.path());
        let out = petrochip(dir.path(), &args);
        let code = out.status.code().unwrap_or(-1);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let actual = format!("{code}\n{stderr}");
        let pending = read("pending");
        if bless && pending.is_none() {
            fs::write(case.join("expected"), &actual).unwrap();
        }
        let mut wrong = Vec::new();
        if !matches!(code, 1 | 2) || stderr.contains("panicked") {
            wrong.push(format!("exits {code}; a refusal exits 1, a usage error 2"));
        }
        let expected = read("expected").unwrap_or_default();
        if actual != expected {
            wrong.push(format!("--- expected\n{expected}--- actual\n{actual}"));
        }
        if snapshot(&dir.path().join("output")) != output {
            wrong.push("output/ differs from the clean run's".into());
        }
        let changed = changes(&before, &tree(dir.path()));
        if !changed.is_empty() {
            wrong.push(format!("the run changed the workspace: {changed:?}"));
        }
        match (pending, wrong.is_empty()) {
            (None, true) => {}
            (None, false) => failures.push(format!("{name}:\n{}", wrong.join("\n"))),
            (Some(_), true) => failures.push(format!("{name}: passes now; delete its `pending`")),
            (Some(why), false) if ci => failures.push(format!(
                "{name}: pending ({}), and CI does not accept a pending case",
                why.trim()
            )),
            (Some(why), false) => common::skip(&name, &format!("pending ({})", why.trim())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn harmless_variations_of_raw_publish_the_same_bytes() {
    let pristine = workspace();
    let out = petrochip(pristine.path(), &["run"]);
    assert_eq!(out.status.code(), Some(0));
    let expected = tree(&pristine.path().join("output"));
    for case in cases("good") {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let dir = workspace();
        apply(&case, dir.path());
        let edited = petrochip(dir.path(), &["run"]);
        assert_eq!(
            edited.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&edited.stderr)
        );
        assert_eq!(edited.stdout, out.stdout, "{name}: the summary differs");
        // The manifest records the inputs' hashes, which differ by design; what it says of the
        // outputs must not.
        let mut actual = tree(&dir.path().join("output"));
        let mut wanted = expected.clone();
        let outputs =
            |tree: &mut BTreeMap<PathBuf, Entry>| match tree.remove(Path::new("manifest.json")) {
                Some(Entry::File { bytes, .. }) => {
                    serde_json::from_slice::<serde_json::Value>(&bytes).unwrap()["outputs"].clone()
                }
                _ => panic!("{name}: no manifest.json"),
            };
        assert_eq!(
            outputs(&mut actual),
            outputs(&mut wanted),
            "{name}: manifest outputs"
        );
        let changed = changes(&wanted, &actual);
        assert!(changed.is_empty(), "{name}: output differs: {changed:?}");
    }
}

#[test]
fn a_warning_is_reported_and_published_and_the_report_lists_it() {
    let dir = workspace();
    let figures = dir.path().join("raw/sources/muller_park_2024/figures.csv");
    let text = fs::read_to_string(&figures).unwrap();
    let quote = ",Les ventes de la société ont bondi de 265%\n";
    assert!(text.contains(quote));
    fs::write(&figures, text.replacen(quote, ",de 265%\n", 1)).unwrap();
    let out = petrochip(dir.path(), &["run", "--report", "report.json"]);
    assert_eq!(out.status.code(), Some(0));
    let line = "warning: figures: quote_evidence [source_id=muller_park_2024, figure_id=nvidia_revenue_growth_2023q4] (raw/sources/muller_park_2024/figures.csv:2): the quote has 2 word(s), too few to find it again in the article; quote at least 3 words";
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.lines().any(|l| l == line), "{stderr}");
    let report: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(report["outcome"], "passed");
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["table"] == "figures" && f["check"] == "quote_evidence")
        .unwrap();
    assert_eq!(
        finding,
        &serde_json::json!({
            "stage": "validate",
            "table": "figures",
            "check": "quote_evidence",
            "severity": "warn",
            "key": "source_id=muller_park_2024, figure_id=nvidia_revenue_growth_2023q4",
            "column": "quote",
            "value": "de 265%",
            "file": "raw/sources/muller_park_2024/figures.csv",
            "line": 2,
            "depends_on": null,
            "message": line
        })
    );
    // Every figure of raw/, counted in the published CSV (header line aside).
    let figure_rows = fs::read_to_string(dir.path().join("output/figures.csv"))
        .unwrap()
        .lines()
        .count()
        - 1;
    let validation: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(dir.path().join("output/validation.json")).unwrap(),
    )
    .unwrap();
    let check = validation["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["table"] == "figures" && c["check"] == "quote_evidence")
        .unwrap();
    assert_eq!(
        check,
        &serde_json::json!({"table": "figures", "check": "quote_evidence", "severity": "warn",
            "rows": figure_rows, "failures": 1, "status": "warned"})
    );
    assert_eq!(validation["warnings"], report["findings"]);
    // -q is for cron mail: errors only.
    let quiet = petrochip(dir.path(), &["-q", "run", "--out", "again"]);
    assert_eq!((quiet.status.code(), quiet.stderr.len()), (Some(0), 0));
}

#[test]
fn a_failed_run_writes_every_finding_to_the_report() {
    let dir = workspace();
    let figures = dir.path().join("raw/sources/muller_park_2024/figures.csv");
    let text = fs::read_to_string(&figures).unwrap();
    fs::write(&figures, text.replacen(",265%,", ",265 %%,", 1)).unwrap();
    let out = petrochip(dir.path(), &["validate", "--report", "report.json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(report["outcome"], "failed");
    assert_eq!(report["stopped_at"], "normalise");
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1);
    let finding = &findings[0];
    assert_eq!(
        (
            &finding["file"],
            &finding["line"],
            &finding["column"],
            &finding["severity"]
        ),
        (
            &serde_json::json!("raw/sources/muller_park_2024/figures.csv"),
            &serde_json::json!(2),
            &serde_json::json!("value"),
            &serde_json::json!("error")
        )
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(finding["message"].as_str().unwrap()),
        "{stderr}"
    );
}

/// `--report` is written whichever stage stops the run, and says which: one broken copy of
/// `raw/` per stage, each edit the same as a fixture of `tests/fixtures/bad/`.
#[test]
fn a_failed_run_writes_its_report_at_every_stage() {
    let figures = "raw/sources/muller_park_2024/figures.csv";
    let cases: [(&str, &str, &str, &str, &[&str]); 5] = [
        (
            "ingest",
            "raw/entities.csv",
            "country,description,",
            "country,",
            &[],
        ),
        ("normalise", figures, ",265%,", ",265 %%,", &[]),
        (
            "validate",
            figures,
            ",eu_chips_plan,",
            ",eu_chips_plam,",
            &[],
        ),
        (
            "ground",
            figures,
            "Les ventes de la société ont bondi",
            "Les ventes de l'entreprise ont bondi",
            &[],
        ),
        ("publish", figures, "", "", &["--out", "raw/entities.csv"]),
    ];
    for (stage, sheet, find, replace, args) in cases {
        if stage == "ground" && !repo().join("../shared/seed").is_dir() {
            common::skip("the ground stage's report", "../shared/seed/ is missing");
            continue;
        }
        let dir = workspace();
        let path = dir.path().join(sheet);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(find), "{sheet} holds {find:?}");
        fs::write(&path, text.replacen(find, replace, 1)).unwrap();
        let mut argv = vec!["run", "--report", "report.json"];
        argv.extend_from_slice(args);
        let out = petrochip(dir.path(), &argv);
        assert_eq!(out.status.code(), Some(1), "{stage}");
        let report: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(dir.path().join("report.json")).unwrap())
                .unwrap();
        assert_eq!(report["outcome"], "failed", "{stage}");
        assert_eq!(report["stopped_at"], stage);
        let findings = report["findings"].as_array().unwrap();
        assert!(!findings.is_empty(), "{stage}");
        assert!(
            findings.iter().all(|f| f["stage"] == stage),
            "{stage}: {findings:?}"
        );
        // The run log says the same: the stage, the exit code and how many problems.
        let log = fs::read_to_string(dir.path().join(".petrochip/runs.jsonl")).unwrap();
        let last: serde_json::Value = serde_json::from_str(log.lines().last().unwrap()).unwrap();
        assert_eq!(
            (&last["outcome"], &last["exit_code"], &last["stopped_at"]),
            (
                &serde_json::json!("failed"),
                &serde_json::json!(1),
                &serde_json::json!(stage)
            )
        );
        // It counts the errors; the report also lists the warnings of a run stopped late.
        let errors = findings.iter().filter(|f| f["severity"] == "error").count();
        assert_eq!(last["problems"].as_u64(), Some(errors as u64), "{stage}");
    }
}

#[test]
fn the_report_lists_each_dependent_problem_with_its_cause() {
    let dir = workspace();
    let entities = dir.path().join("raw/entities.csv");
    let text = fs::read_to_string(&entities).unwrap();
    fs::write(
        &entities,
        text.replacen("tencent,entreprise,", "tencent,entreprse,", 1),
    )
    .unwrap();
    let out = petrochip(dir.path(), &["validate", "--report", "report.json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("report.json")).unwrap()).unwrap();
    let listed: Vec<(String, String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let text = |k: &str| f[k].as_str().unwrap_or("-").to_string();
            (
                format!("{}:{}", text("file"), f["line"]),
                text("value"),
                text("depends_on"),
            )
        })
        .collect();
    // Written from the sheets: the type error on entities.csv:48, then the three rows that
    // name Tencent (its misspelling "Tecent" in aliases.csv, corporate users and relations).
    let users = "raw/sources/muller_park_2024/corporate_users.csv:3";
    let relations = "raw/sources/muller_park_2024/relations.csv:38";
    let cause = "raw/entities.csv:48";
    let row = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(
        listed,
        vec![
            row(cause, "-", "-"),
            row("raw/aliases.csv:11", "tencent", cause),
            row(users, "Tecent", cause),
            row(relations, "Tecent", cause),
        ]
    );
}

#[test]
fn an_up_to_date_output_is_left_alone_and_every_run_is_logged() {
    let dir = workspace();
    assert_eq!(petrochip(dir.path(), &["run"]).status.code(), Some(0));
    let before = snapshot(&dir.path().join("output"));
    let manifest: serde_json::Value = serde_json::from_slice(&before["manifest.json"]).unwrap();
    assert_eq!(manifest["contract_version"], contract::CONTRACT_VERSION);
    // Every sheet under raw/, and the seed article, whose hash makes a changed text a reason
    // to rerun.
    let mut sheets = 0;
    let mut pending = vec![dir.path().join("raw")];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "csv") {
                sheets += 1;
            }
        }
    }
    let texts = usize::from(article().is_some());
    assert_eq!(manifest["inputs"].as_array().unwrap().len(), sheets + texts);
    let figures = manifest["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"] == "figures.parquet")
        .unwrap();
    let figure_rows = fs::read_to_string(dir.path().join("output/figures.csv"))
        .unwrap()
        .lines()
        .count()
        - 1;
    assert_eq!(figures["rows"], figure_rows);
    assert_eq!(figures["sha256"].as_str().unwrap().len(), 64);

    let again = petrochip(dir.path(), &["run"]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&again.stdout),
        "output/ is up to date with raw/ (manifest.json); nothing to do (--force reruns)\n"
    );
    assert!(snapshot(&dir.path().join("output")) == before);
    let quiet = petrochip(dir.path(), &["-q", "run"]);
    assert_eq!((quiet.stdout.len(), quiet.stderr.len()), (0, 0));

    // An output file edited by hand makes the output stale; the run restores it.
    fs::write(dir.path().join("output/figures.csv"), "edited").unwrap();
    let rerun = petrochip(dir.path(), &["run"]);
    assert!(String::from_utf8_lossy(&rerun.stdout).starts_with("petrochip: 33 tables"));
    assert!(snapshot(&dir.path().join("output")) == before);
    let forced = petrochip(dir.path(), &["run", "--force"]);
    assert!(String::from_utf8_lossy(&forced.stdout).starts_with("petrochip: 33 tables"));

    let log = fs::read_to_string(dir.path().join(".petrochip/runs.jsonl")).unwrap();
    let outcomes: Vec<String> = log
        .lines()
        .map(|l| {
            let entry: serde_json::Value = serde_json::from_str(l).unwrap();
            entry["outcome"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            "published",
            "up_to_date",
            "up_to_date",
            "published",
            "published"
        ]
    );
    let first: serde_json::Value = serde_json::from_str(log.lines().next().unwrap()).unwrap();
    let stages: Vec<&str> = first["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s[0].as_str().unwrap())
        .collect();
    assert_eq!(
        stages,
        ["ingest", "normalise", "validate", "ground", "publish"]
    );
    let none = petrochip(dir.path(), &["run", "--no-run-log", "--force"]);
    assert_eq!(none.status.code(), Some(0));
    assert_eq!(
        fs::read_to_string(dir.path().join(".petrochip/runs.jsonl"))
            .unwrap()
            .lines()
            .count(),
        5
    );
}

#[test]
fn completions_man_page_json_logs_and_documented_exit_codes() {
    for shell in ["bash", "zsh", "fish"] {
        let out = petrochip(&repo(), &["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("require-grounding"),
            "{shell}"
        );
    }
    let man = petrochip(&repo(), &["man"]);
    assert_eq!(man.status.code(), Some(0));
    let man = String::from_utf8_lossy(&man.stdout);
    assert!(man.contains(".TH petrochip 1"), "{man}");
    assert!(man.contains("Exit codes: 0 success"));
    let help = petrochip(&repo(), &["--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains(
        "Exit codes: 0 success, 1 input, validation or write failure (nothing written), 2 usage error, 3 another run is publishing to the same --out"
    ));

    let dir = workspace();
    let out = petrochip(dir.path(), &["--log-format", "json", "-v", "validate"]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.is_empty());
    // Every line is a JSON event, warnings (the sources that disagree) included.
    let mut levels = std::collections::BTreeSet::new();
    for line in stderr.lines() {
        let entry: serde_json::Value = serde_json::from_str(line).unwrap();
        levels.insert(entry["level"].as_str().unwrap().to_string());
    }
    assert_eq!(
        levels.into_iter().collect::<Vec<_>>(),
        ["INFO", "WARN"],
        "{stderr}"
    );
}

#[test]
fn sources_lists_each_source_with_its_rows_and_grounding() {
    let dir = workspace();
    let out = petrochip(dir.path(), &["sources", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let seed = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source_id"] == "muller_park_2024")
        .expect("the seed is listed");
    // Counted by hand in the seed's sheets: 18 figure rows (tests/fixtures/seed_facts), 2
    // authors, Paris and Singapore.
    assert_eq!(seed["rows"]["figures"], 18);
    assert_eq!(seed["rows"]["source_authors"], 2);
    assert_eq!(seed["rows"]["source_places"], 2);
    assert_eq!(seed["published_on"], "2024-03-06");
    if article().is_some() {
        assert_eq!(seed["grounding"], "grounded");
        assert_eq!(seed["paragraphs"], 74);
    }
    let text = petrochip(dir.path(), &["sources"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("\nmuller_park_2024  Pétrole et semi-conducteurs"),
        "{text}"
    );
    // Without its text, the same source is listed as not grounded.
    fs::remove_file(dir.path().join("../shared")).ok();
    let out = petrochip(dir.path(), &["sources", "--format", "json"]);
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let seed = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source_id"] == "muller_park_2024")
        .unwrap();
    assert_eq!(seed["grounding"], "text_missing");
    // A page transcribed without its text is never grounded.
    let page = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source_id"] == "enr_2024_intel_chips")
        .unwrap();
    assert_eq!(page["grounding"], "no_text");
}

/// The counts README gives of the test suite stay true as cases are added.
#[test]
fn readme_counts_the_broken_inputs_and_checked_facts_truly() {
    let readme = fs::read_to_string(repo().join("README.md")).unwrap();
    let flat = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    let cases = cases("bad").len();
    assert!(
        flat.contains(&format!("on {cases} broken copies")),
        "README must say `on {cases} broken copies`"
    );
    let count = |file: &str| {
        fs::read_to_string(repo().join("tests/fixtures/real_sources").join(file))
            .unwrap()
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .count()
    };
    let figures = count("checked.csv");
    assert!(
        flat.contains(&format!("{figures} figures by value and unit")),
        "README must say `{figures} figures by value and unit`"
    );
    let rows = count("checked_rows.csv");
    assert!(
        flat.contains(&format!("{rows} other published rows")),
        "README must say `{rows} other published rows`"
    );
}

/// `petrochip sheets --format json` describes every CSV file of `raw/`, each with the header the
/// file really has: the expected resources are read from the folder, not from the program.
#[test]
fn sheets_describes_every_sheet_of_raw_with_its_real_header() {
    let dir = workspace();
    let out = petrochip(dir.path(), &["sheets", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let package: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let described: BTreeMap<String, Vec<String>> = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let fields = r["schema"]["fields"].as_array().unwrap();
            let names = fields
                .iter()
                .map(|f| f["name"].as_str().unwrap().to_string());
            (r["path"].as_str().unwrap().to_string(), names.collect())
        })
        .collect();
    let mut found = BTreeMap::new();
    fn walk(root: &Path, dir: &Path, found: &mut BTreeMap<String, Vec<String>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, found);
            } else if path.extension().is_some_and(|e| e == "csv") {
                let text = fs::read_to_string(&path).unwrap();
                let header = text.trim_start_matches('\u{feff}').lines().next().unwrap();
                let relative = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                found.insert(relative, header.split(',').map(String::from).collect());
            }
        }
    }
    let raw = dir.path().join("raw");
    walk(&raw, &raw, &mut found);
    assert_eq!(described, found);
    // The text form needs no folder and names each sheet's place and what a list cell is.
    let text = petrochip(Path::new("/"), &["sheets"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains(
        "\n## raw/sources/<source_id>/producers.csv\n\n- in a source folder; optional\n"
    ));
    assert!(text.contains("\n| producers | yes | yes | "), "{text}");
}

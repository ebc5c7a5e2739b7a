//! `run --partition-by source`: beside the flat files, each table that has `source_id` is
//! written as hive-partitioned Parquet, `<table>/source_id=<id>/part-0.parquet`, one part per
//! source with rows; the manifest lists every part with its rows, and the up-to-date check,
//! `check` and the refusal of foreign files see the parts. (tests/interop reads the layout back
//! with DuckDB and compares it with the flat tables.)

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

mod common;
use common::{repo, run_ok, workspace};

/// Rows per source_id of a flat CSV table, read with the csv crate (not by petrochip), or
/// `None` when the table has no `source_id` column.
fn rows_per_source(csv_path: &Path) -> Option<BTreeMap<String, usize>> {
    let mut reader = csv::Reader::from_path(csv_path).unwrap();
    let index = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "source_id")?;
    let mut counts = BTreeMap::new();
    for record in reader.records() {
        *counts
            .entry(record.unwrap()[index].to_string())
            .or_insert(0) += 1;
    }
    Some(counts)
}

fn manifest(out: &Path) -> serde_json::Value {
    serde_json::from_str(&fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn every_source_of_every_table_with_source_id_gets_one_part_listed_in_the_manifest() {
    let dir = workspace();
    run_ok(dir.path(), &["run", "--partition-by", "source"]);
    let out = dir.path().join("output");
    let manifest = manifest(&out);
    assert_eq!(manifest["partition_by"], "source_id");
    let listed: BTreeMap<String, Option<u64>> = manifest["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["path"].as_str().unwrap().to_string(), e["rows"].as_u64()))
        .collect();

    let mut expected_parts = BTreeMap::new();
    for entry in fs::read_dir(&out).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let Some(table) = name.strip_suffix(".csv") else {
            continue;
        };
        // The flat files are those of a plain run: byte for byte the committed output.
        for file in [format!("{table}.csv"), format!("{table}.parquet")] {
            assert_eq!(
                fs::read(out.join(&file)).unwrap(),
                fs::read(repo().join("output").join(&file)).unwrap(),
                "{file}"
            );
        }
        for (source, rows) in rows_per_source(&out.join(&name)).unwrap_or_default() {
            expected_parts.insert(format!("{table}/source_id={source}/part-0.parquet"), rows);
        }
    }
    let on_disk: Vec<String> = petrochip_files(&out)
        .into_iter()
        .filter(|p| p.contains("/source_id="))
        .collect();
    assert_eq!(on_disk, expected_parts.keys().cloned().collect::<Vec<_>>());
    for (path, rows) in &expected_parts {
        assert_eq!(listed.get(path), Some(&Some(*rows as u64)), "{path}");
    }
    // Written by hand: the seed states figures; a table without source_id (the comparisons,
    // keyed by source_id_a and source_id_b) and the reference tables are not partitioned.
    assert!(
        out.join("figures/source_id=muller_park_2024/part-0.parquet")
            .is_file()
    );
    assert!(!out.join("figure_comparisons").exists());
    assert!(!out.join("countries").exists());
}

/// Every file under `dir`, as sorted `/`-separated relative paths.
fn petrochip_files(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut pending = vec![(dir.to_path_buf(), String::new())];
    while let Some((folder, prefix)) = pending.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let entry = entry.unwrap();
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.file_type().unwrap().is_dir() {
                pending.push((entry.path(), format!("{name}/")));
            } else {
                files.push(name);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn the_layout_asked_for_decides_whether_the_output_is_up_to_date() {
    let dir = workspace();
    let out = dir.path().join("output");
    run_ok(dir.path(), &["run", "--partition-by", "source"]);
    let again = run_ok(dir.path(), &["run", "--partition-by", "source"]);
    assert!(
        String::from_utf8_lossy(&again.stdout).contains("is up to date"),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );
    // `check` regenerates in the layout the manifest records: nothing differs.
    run_ok(dir.path(), &["check"]);
    // A plain run asks for the flat layout: it reruns and the parts go.
    let plain = run_ok(dir.path(), &["run"]);
    assert!(!String::from_utf8_lossy(&plain.stdout).contains("is up to date"));
    assert!(!out.join("figures").exists());
    assert_eq!(manifest(&out).get("partition_by"), None);
    assert_eq!(
        fs::read(out.join("manifest.json")).unwrap(),
        fs::read(repo().join("output/manifest.json")).unwrap()
    );
    let partitioned = run_ok(dir.path(), &["run", "--partition-by", "source"]);
    assert!(!String::from_utf8_lossy(&partitioned.stdout).contains("is up to date"));
    assert!(
        out.join("figures/source_id=muller_park_2024/part-0.parquet")
            .is_file()
    );
}

#[test]
fn a_file_put_among_the_parts_is_never_deleted_by_the_next_run() {
    let dir = workspace();
    let out = dir.path().join("output");
    run_ok(dir.path(), &["run", "--partition-by", "source"]);
    let notes = out.join("figures/source_id=muller_park_2024/notes.txt");
    fs::write(&notes, "mine").unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_petrochip"))
        .args(["run", "--force", "--partition-by", "source"])
        .current_dir(dir.path())
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(
        stderr(&run).contains(
            "output: --out holds files petrochip did not write (figures/source_id=muller_park_2024/notes.txt)"
        ),
        "{}",
        stderr(&run)
    );
    assert_eq!(fs::read_to_string(&notes).unwrap(), "mine");
}

#[test]
fn a_run_killed_while_writing_parts_leaves_the_old_output_whole() {
    let dir = workspace();
    let out = dir.path().join("output");
    run_ok(dir.path(), &["run"]);
    let before: Vec<(String, Vec<u8>)> = petrochip_files(&out)
        .into_iter()
        .map(|p| (p.clone(), fs::read(out.join(&p)).unwrap()))
        .collect();
    // One checkpoint per file written, tables (each followed by its parts) first, then the
    // documents and the site's pages (two checkpoints for all of them), then one per file
    // before the sync: halfway through the files written one by one falls among the tables
    // and their parts.
    let files = manifest_files_of_a_partitioned_run();
    let kill_at = files / 2;
    let killed = std::process::Command::new(env!("CARGO_BIN_EXE_petrochip"))
        .args(["run", "--force", "--partition-by", "source"])
        .current_dir(dir.path())
        .env_remove("RUST_LOG")
        .env("PETROCHIP_FAULT", format!("kill:{kill_at}"))
        .output()
        .unwrap();
    assert_ne!(killed.status.code(), Some(0), "{}", stderr(&killed));
    let after: Vec<(String, Vec<u8>)> = petrochip_files(&out)
        .into_iter()
        .map(|p| (p.clone(), fs::read(out.join(&p)).unwrap()))
        .collect();
    assert_eq!(after, before, "the old set, whole");
    let next = run_ok(dir.path(), &["run", "--partition-by", "source"]);
    assert!(stderr(&next).contains("left by a petrochip run that was killed while publishing"));
    assert!(
        out.join("figures/source_id=muller_park_2024/part-0.parquet")
            .is_file()
    );
}

/// How many files a partitioned run writes one by one (its manifest's outputs but the site's
/// pages, and the manifest).
fn manifest_files_of_a_partitioned_run() -> usize {
    let dir = workspace();
    run_ok(dir.path(), &["run", "--partition-by", "source"]);
    manifest(&dir.path().join("output"))["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| !o["path"].as_str().unwrap_or_default().starts_with("site/"))
        .count()
        + 1
}

#[test]
fn docs_keeps_the_partitions_a_run_wrote() {
    let dir = workspace();
    let out = dir.path().join("output");
    run_ok(dir.path(), &["run", "--partition-by", "source"]);
    let docs = run_ok(dir.path(), &["docs"]);
    assert!(
        String::from_utf8_lossy(&docs.stdout).contains("output/site/ is up to date"),
        "{}",
        String::from_utf8_lossy(&docs.stdout)
    );
    assert_eq!(manifest(&out)["partition_by"], "source_id");
    assert!(
        out.join("figures/source_id=muller_park_2024/part-0.parquet")
            .is_file()
    );
}

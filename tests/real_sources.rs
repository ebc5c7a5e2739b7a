//! Facts checked by hand against each real source's page (tests/fixtures/real_sources/), against
//! what a fresh run publishes: figures by value and unit (`checked.csv`), and other published
//! rows, such as a source's date or the paragraph naming a company, by their cells
//! (`checked_rows.csv`). Every real source has at least three; the seed has its own test
//! (`tests/seed_facts.rs`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

mod common;
use common::{csv_rows, repo, run_ok, workspace};

/// The seed article, whose every figure `tests/seed_facts.rs` checks.
const SEED: &str = "muller_park_2024";

#[test]
fn every_real_source_has_three_hand_checked_facts_and_each_is_published() {
    let dir = workspace();
    run_ok(dir.path(), &["-q", "run", "--no-run-log"]);
    let output = dir.path().join("output");
    let fixtures = repo().join("tests/fixtures/real_sources");
    let mut wrong = Vec::new();
    let mut checked: BTreeMap<String, usize> = BTreeMap::new();
    for source in check_figures(&output, &fixtures.join("checked.csv"), &mut wrong) {
        *checked.entry(source).or_default() += 1;
    }
    for source in check_rows(&output, &fixtures.join("checked_rows.csv"), &mut wrong) {
        *checked.entry(source).or_default() += 1;
    }
    let real: BTreeSet<String> = csv_rows(&output.join("sources.csv"))
        .into_iter()
        .map(|row| row["source_id"].clone())
        .filter(|id| id != SEED)
        .collect();
    for source in &real {
        let n = checked.get(source).copied().unwrap_or(0);
        if n < 3 {
            wrong.push(format!(
                "{source}: {n} facts checked by hand, at least 3 wanted"
            ));
        }
    }
    for source in checked.keys().filter(|s| !real.contains(*s)) {
        wrong.push(format!(
            "{source}: checked, but not a published real source"
        ));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(real.len(), 13, "{real:?}");
}

/// Each figure of `checked` published with its value and unit; the sources checked, once per fact.
fn check_figures(output: &Path, checked: &Path, wrong: &mut Vec<String>) -> Vec<String> {
    let published: HashMap<(String, String), (f64, String)> = csv_rows(&output.join("figures.csv"))
        .into_iter()
        .map(|row| {
            let value = row["value"].parse().unwrap();
            let key = (row["source_id"].clone(), row["figure_id"].clone());
            (key, (value, row["unit"].clone()))
        })
        .collect();
    let mut sources = Vec::new();
    for row in csv_rows(checked) {
        let key = (row["source_id"].clone(), row["figure_id"].clone());
        let expected: f64 = row["expected_value"].parse().unwrap();
        match published.get(&key) {
            None => wrong.push(format!("{key:?}: not published")),
            Some((value, unit)) => {
                if (value - expected).abs() > expected.abs() * 1e-9 || unit != &row["expected_unit"]
                {
                    wrong.push(format!(
                        "{key:?}: published {value} {unit}, the page says {expected} {} ({})",
                        row["expected_unit"], row["value_as_written"]
                    ));
                }
            }
        }
        sources.push(key.0);
    }
    sources
}

/// Each row of `checked`: its table has a row of that source whose cells are `expected`
/// (`column=value` pairs separated by `;`); the sources checked, once per fact.
fn check_rows(output: &Path, checked: &Path, wrong: &mut Vec<String>) -> Vec<String> {
    let mut tables: HashMap<String, Vec<BTreeMap<String, String>>> = HashMap::new();
    let mut sources = Vec::new();
    for row in csv_rows(checked) {
        let (source, table) = (&row["source_id"], &row["table"]);
        let rows = tables
            .entry(table.clone())
            .or_insert_with(|| csv_rows(&output.join(format!("{table}.csv"))));
        let expected: Vec<(&str, &str)> = row["expected"]
            .split(';')
            .map(|pair| pair.split_once('=').expect("column=value"))
            .collect();
        let found = rows.iter().any(|published| {
            published.get("source_id") == Some(source)
                && expected.iter().all(|(column, value)| {
                    published.get(*column).map(String::as_str) == Some(value)
                })
        });
        if !found {
            wrong.push(format!(
                "{source}: no row of {table} with {} (the page: {})",
                row["expected"], row["how_checked"]
            ));
        }
        sources.push(source.clone());
    }
    sources
}

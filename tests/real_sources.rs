//! Facts checked by hand against each real source's page (tests/fixtures/real_sources/), against
//! what a fresh run publishes.

use std::collections::HashMap;

mod common;
use common::{repo, run_ok, workspace};

#[test]
fn every_hand_checked_fact_is_published_with_its_value_and_unit() {
    let dir = workspace();
    run_ok(dir.path(), &["-q", "run", "--no-run-log"]);
    let mut published: HashMap<(String, String), (f64, String)> = HashMap::new();
    let mut figures = csv::Reader::from_path(dir.path().join("output/figures.csv")).unwrap();
    let header = figures.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (source, figure, value, unit) = (at("source_id"), at("figure_id"), at("value"), at("unit"));
    for row in figures.records() {
        let row = row.unwrap();
        published.insert(
            (row[source].to_string(), row[figure].to_string()),
            (row[value].parse().unwrap(), row[unit].to_string()),
        );
    }
    let mut checked =
        csv::Reader::from_path(repo().join("tests/fixtures/real_sources/checked.csv")).unwrap();
    let mut sources = std::collections::BTreeSet::new();
    let mut wrong = Vec::new();
    for row in checked.deserialize::<HashMap<String, String>>() {
        let row = row.unwrap();
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
        sources.insert(key.0);
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // At least five real sources, each with facts checked by hand.
    assert!(sources.len() >= 5, "{sources:?}");
}

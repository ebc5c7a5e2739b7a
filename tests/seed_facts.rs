//! The seed's figures against values written by hand from the article
//! (`tests/fixtures/seed_facts/figures.csv`), not read back from `output/`.

use std::collections::BTreeMap;
use std::fs;

mod common;
use common::{repo, run_ok, workspace};

type Row = BTreeMap<String, String>;

fn rows(path: &std::path::Path) -> Vec<Row> {
    common::csv_rows(path)
}

/// Numbers compare as numbers ("2000" and "2000.0"); everything else as text.
fn same(expected: &str, published: &str) -> bool {
    match (expected.parse::<f64>(), published.parse::<f64>()) {
        (Ok(a), Ok(b)) => (a - b).abs() <= a.abs() * 1e-12,
        _ => expected == published,
    }
}

#[test]
fn every_figure_of_the_seed_is_published_as_the_article_states_it() {
    let dir = workspace();
    run_ok(dir.path(), &["run"]);
    let expected = rows(&repo().join("tests/fixtures/seed_facts/figures.csv"));
    let published: Vec<Row> = rows(&dir.path().join("output/figures.csv"))
        .into_iter()
        .filter(|r| r["source_id"] == "muller_park_2024")
        .collect();
    let key = |r: &Row| (r["subject_id"].clone(), r["metric"].clone());
    let mut wrong = Vec::new();
    for fact in &expected {
        let Some(row) = published.iter().find(|r| key(r) == key(fact)) else {
            wrong.push(format!("{:?}: not published", key(fact)));
            continue;
        };
        for (column, value) in fact {
            if column == "article_words" {
                continue;
            }
            if !same(value, &row[column]) {
                wrong.push(format!(
                    "{:?} {column}: the article gives {value:?}, the run published {:?}",
                    key(fact),
                    row[column]
                ));
            }
        }
    }
    for row in &published {
        if !expected.iter().any(|f| key(f) == key(row)) {
            wrong.push(format!(
                "{:?} ({}) is published but not in the hand-written facts",
                key(row),
                row["figure_id"]
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    let text = fs::read_to_string(repo().join("tests/fixtures/seed_facts/figures.csv")).unwrap();
    assert_eq!(
        expected.len(),
        text.lines().count() - 1,
        "one line per fact"
    );
}

/// Every name the seed's rows are said to mention is written in that paragraph of the article
/// (paragraphs are its lines with text; case and the two apostrophes aside, as names are
/// compared). A figure's subject that its paragraph only implies is not a mention: before,
/// "ordinateur de jeu milieu de gamme" was listed for paragraph 22, which says "un modèle
/// milieu de gamme".
#[test]
fn every_mention_of_the_seed_is_written_in_its_paragraph() {
    let seed = repo().join("../shared/seed/petrole-et-semi-conducteurs.txt");
    let Ok(text) = fs::read_to_string(&seed) else {
        common::skip("the seed's mentions", "../shared/seed/ is not here");
        return;
    };
    let fold = |s: &str| s.to_lowercase().replace('\u{2019}', "'");
    let paragraphs: Vec<String> = text
        .lines()
        .filter(|line| line.chars().any(|c| !c.is_whitespace()))
        .map(fold)
        .collect();
    let dir = workspace();
    run_ok(dir.path(), &["run"]);
    let mentions: Vec<Row> = rows(&dir.path().join("output/entity_mentions.csv"))
        .into_iter()
        .filter(|r| r["source_id"] == "muller_park_2024")
        .collect();
    assert!(mentions.len() > 100, "{} mentions", mentions.len());
    let wrong: Vec<&Row> = mentions
        .iter()
        .filter(|r| {
            let n: usize = r["paragraph"].parse().unwrap_or(0);
            !paragraphs
                .get(n.wrapping_sub(1))
                .is_some_and(|p| p.contains(&fold(&r["surface"])))
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

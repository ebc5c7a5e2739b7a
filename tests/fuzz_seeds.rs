//! The committed fuzz seeds (`fuzz/seeds/<target>/`), replayed through the same checks the fuzz
//! targets run (`petrochip_text::invariants`, `petrochip::draft::invariants`), so that an input
//! that once crashed the grammars stays fixed without cargo-fuzz.

use std::fs;

#[allow(dead_code)]
mod common;
use common::repo;

/// Every seed of a target, as text (a seed that is not UTF-8 is skipped by the targets too).
fn seeds(target: &str) -> Vec<(String, String)> {
    let dir = repo().join("fuzz/seeds").join(target);
    let mut seeds: Vec<(String, String)> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let text = String::from_utf8_lossy(&fs::read(&path).unwrap()).into_owned();
            (name, text)
        })
        .collect();
    seeds.sort();
    assert!(!seeds.is_empty(), "no seeds in {}", dir.display());
    seeds
}

fn replay(target: &str, check: fn(&str)) -> usize {
    let seeds = seeds(target);
    for (name, text) in &seeds {
        let outcome = std::panic::catch_unwind(|| check(text));
        assert!(
            outcome.is_ok(),
            "fuzz/seeds/{target}/{name} breaks {target}'s invariants"
        );
    }
    seeds.len()
}

#[test]
fn every_committed_seed_holds_the_grammars_invariants() {
    assert!(replay("number", petrochip_text::invariants::number) >= 70);
    assert!(replay("period", petrochip_text::invariants::period) >= 30);
    assert!(replay("draft", petrochip::draft::invariants::draft) >= 5);
}

//! The benchmarks' synthetic corpus (`just bench-corpus N`): valid (a real run publishes it,
//! every quote of a source with a text found in its paragraph), deterministic, the size asked,
//! and never written over a folder it did not write.

use std::path::Path;
use std::process::Command;

// The recipe's default folder is not used here.
#[allow(dead_code)]
#[path = "../benches/support/corpus.rs"]
mod corpus;

// Only files() and repo() are needed here.
#[allow(dead_code)]
mod common;
use common::{files, repo};

/// A corpus of `sources` sources, one invented company each, in `scratch/corpus`; its raw folder.
fn one_company_per_source(sources: usize, scratch: &Path) -> std::path::PathBuf {
    let dir = scratch.join("corpus");
    corpus::generate(&repo(), sources, corpus::Subjects::OnePerSource, &dir).unwrap()
}

/// A `petrochip run` of `raw` into `out` (with `flags` before `run`), asserted to pass; what it
/// printed, standard output then error.
fn publish(raw: &Path, out: &Path, flags: &[&str]) -> String {
    let run = Command::new(env!("CARGO_BIN_EXE_petrochip"))
        .args(flags)
        .args(["run", "--no-run-log", "--raw"])
        .arg(raw)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    format!("{}{stderr}", String::from_utf8_lossy(&run.stdout))
}

#[test]
fn a_ten_source_corpus_publishes_and_is_the_same_bytes_every_time() {
    let scratch = tempfile::tempdir().unwrap();
    let (first, second) = (scratch.path().join("a"), scratch.path().join("b"));
    let raw = corpus::generate(&repo(), 10, corpus::Subjects::OnePerSource, &first).unwrap();
    corpus::generate(&repo(), 10, corpus::Subjects::OnePerSource, &second).unwrap();
    assert_eq!(files(&first), files(&second), "two corpora of 10 differ");
    assert!(first.join(corpus::MARKER).is_file());

    let out = scratch.path().join("output");
    let said = publish(&raw, &out, &[]);
    // 10 sources: the fixture's 3 and 7 generated, 4 of them (0, 2, 4, 6) with a text.
    assert!(said.contains("; 10 sources, 6 grounded "), "{said}");
    let rows = |table: &str| {
        let csv = std::fs::read_to_string(out.join(format!("{table}.csv"))).unwrap();
        csv.lines().count() - 1
    };
    assert_eq!(rows("sources"), 10);
    // The fixture's 4 + 3 + 5 figures, and 45 for each generated source.
    assert_eq!(rows("figures"), 12 + 7 * 45);
    // beta_fr_dot's one skipped paragraph, and the title and notice of the 4 texts.
    assert_eq!(rows("skipped_paragraphs"), 1 + 4 * 2);
    // 30 invented companies (the fewest) and 20 publishers beside the fixture's 8 entities.
    assert_eq!(rows("entities"), 8 + 30 + 20);
}

/// `--companies K`: every generated source writes about the same K companies, so a figure's
/// group grows with the sources (what `just bench-scale --companies K` measures).
#[test]
fn with_shared_companies_every_source_writes_about_the_same_ones() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path().join("shared");
    let raw = corpus::generate(&repo(), 10, corpus::Subjects::Shared(2), &dir).unwrap();
    let marker = std::fs::read_to_string(dir.join(corpus::MARKER)).unwrap();
    assert!(
        marker.contains("`just bench-corpus 10 --companies 2`")
            && marker.contains("all about the same 2 invented companies"),
        "{marker}"
    );
    let entities = std::fs::read_to_string(raw.join("entities.csv")).unwrap();
    let companies: Vec<&str> = entities
        .lines()
        .filter(|l| l.starts_with("synth_co_"))
        .collect();
    assert_eq!(companies.len(), 2, "{companies:?}");
    // Every generated figure's id names one of the two companies (f<j>_<company>_…).
    for i in 0..7 {
        let sheet = raw.join(format!("sources/synth_{i:05}/figures.csv"));
        let figures = std::fs::read_to_string(&sheet).unwrap();
        for line in figures.lines().skip(1) {
            let id = line.split(',').next().unwrap_or_default();
            assert!(
                id.contains("_synth_co_00000_") || id.contains("_synth_co_00001_"),
                "{}: {id}",
                sheet.display()
            );
        }
    }
    publish(&raw, &scratch.path().join("output"), &["-q"]);
}

#[test]
fn a_folder_the_generator_did_not_write_is_never_replaced() {
    let scratch = tempfile::tempdir().unwrap();
    let notes = scratch.path().join("notes");
    std::fs::create_dir(&notes).unwrap();
    std::fs::write(notes.join("todo.txt"), "keep me").unwrap();
    let error = corpus::generate(&repo(), 10, corpus::Subjects::OnePerSource, &notes).unwrap_err();
    assert!(
        error.to_string().contains("holds no SYNTHETIC.md"),
        "{error}"
    );
    assert_eq!(std::fs::read(notes.join("todo.txt")).unwrap(), b"keep me");
    let error = corpus::generate(
        &repo(),
        2,
        corpus::Subjects::OnePerSource,
        &scratch.path().join("tiny"),
    )
    .unwrap_err();
    assert!(error.to_string().contains("ask for 3 or more"), "{error}");
}

#[test]
fn warnings_of_one_kind_are_shown_ten_at_a_time_and_counted() {
    let scratch = tempfile::tempdir().unwrap();
    let raw = one_company_per_source(30, scratch.path());
    let run = Command::new(env!("CARGO_BIN_EXE_petrochip"))
        .args(["validate", "--raw"])
        .arg(&raw)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    // 30 sources: the fixture's 3 (2 with a text) and 27 generated, the even ones (14) with a
    // text: 14 sources are not grounded, 10 are named and 4 counted.
    let named = stderr
        .lines()
        .filter(|l| l.starts_with("warning: ") && l.contains(" is not grounded: "))
        .count();
    assert_eq!(named, 10, "{stderr}");
    let counted: Vec<&str> = stderr.lines().filter(|l| l.contains("… and ")).collect();
    assert!(
        counted.contains(
            &"warning: … and 4 more sources not grounded; `petrochip sources` lists them all"
        ),
        "{stderr}"
    );
}

/// A 30-source corpus published into a scratch folder: the folder (kept alive) and the output.
fn published_corpus() -> (tempfile::TempDir, std::path::PathBuf) {
    let scratch = tempfile::tempdir().unwrap();
    let raw = one_company_per_source(30, scratch.path());
    let out = scratch.path().join("output");
    publish(&raw, &out, &["-q"]);
    (scratch, out)
}

/// Checks that the site's listing `stem` holds `total` items (each counted by `marker`),
/// `per_page` to a page and the rest on the last, and no page after it; returns the pages.
fn assert_paged(
    out: &std::path::Path,
    stem: &str,
    marker: &str,
    per_page: usize,
    total: usize,
) -> Vec<String> {
    let pages = total.div_ceil(per_page);
    let file = |p: usize| match p {
        1 => format!("{stem}.html"),
        _ => format!("{stem}-p{p}.html"),
    };
    let mut shown = 0;
    let mut read = Vec::new();
    for p in 1..=pages {
        let page = std::fs::read_to_string(out.join("site").join(file(p))).unwrap();
        let on_page = page.matches(marker).count();
        let expected = if p < pages {
            per_page
        } else {
            total - per_page * (pages - 1)
        };
        assert_eq!(on_page, expected, "{}", file(p));
        shown += on_page;
        read.push(page);
    }
    assert_eq!(shown, total);
    assert!(!out.join("site").join(file(pages + 1)).exists());
    read
}

#[test]
fn the_disagreements_of_a_corpus_are_paged_fifty_pairs_a_page() {
    let (_scratch, out) = published_corpus();
    // The pages list the pairs that disagree: `agree` is the table's last column.
    let pairs = std::fs::read_to_string(out.join("figure_comparisons.csv"))
        .unwrap()
        .lines()
        .filter(|line| line.ends_with(",false"))
        .count();
    assert!(
        pairs > 100,
        "the corpus has {pairs} disagreeing pairs, too few to page"
    );
    assert_paged(&out, "disagreements", "class=\"pair\"", 50, pairs);
}

/// 100 sources about the same 2 companies make groups far larger than the 16 figures paired:
/// their contested figures (more of the others disagree than agree) are paged, 50 a page.
#[test]
fn the_contested_figures_of_a_corpus_are_paged_fifty_a_page() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path().join("shared");
    let raw = corpus::generate(&repo(), 100, corpus::Subjects::Shared(2), &dir).unwrap();
    let out = scratch.path().join("output");
    publish(&raw, &out, &["-q"]);
    let rows = common::csv_rows(&out.join("figure_agreement.csv"));
    let count = |row: &std::collections::BTreeMap<String, String>, column: &str| {
        row[column].parse::<u64>().unwrap()
    };
    let contested = rows
        .iter()
        .filter(|r| r["paired"] == "false" && count(r, "disagreeing") > count(r, "agreeing"))
        .count();
    assert!(
        contested > 100,
        "the corpus has {contested} contested figures, too few to page"
    );
    let pages = assert_paged(
        &out,
        "contested",
        "<section class=\"contested\"",
        50,
        contested,
    );
    assert!(pages[1].contains(&format!("Figures 51 to 100, page 2 of {}.", pages.len())));
}

#[test]
fn the_warned_rows_are_paged_a_hundred_a_page_and_every_check_is_on_the_first() {
    let (_scratch, out) = published_corpus();
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("validation.json")).unwrap())
            .unwrap();
    let warnings = report["warnings"].as_array().unwrap().len();
    assert!(
        warnings > 200,
        "the corpus warns {warnings} times, too few to page"
    );
    let pages = assert_paged(
        &out,
        "validation",
        "<th class=\"wrap\" scope=\"row\">",
        100,
        warnings,
    );
    for (p, page) in pages.iter().enumerate() {
        assert_eq!(page.contains("Every check"), p == 0, "page {}", p + 1);
    }
}

/// A table past ten pages of rows (the 30-source corpus's 12 + 27 × 45 = 1,227 figures)
/// shows its first 1,000 on its pages and says where every row is; a link to a figure past
/// them leads to the figure under its paragraph on its source's page.
#[test]
fn a_tables_pages_stop_at_a_thousand_rows_and_links_past_them_lead_to_its_source() {
    let (_scratch, out) = published_corpus();
    let figures = common::csv_rows(&out.join("figures.csv"));
    assert_eq!(figures.len(), 1227);
    let pages = assert_paged(
        &out,
        "table-figures",
        "<th scope=\"row\"><a href=\"source-",
        100,
        1000,
    );
    let note = "<p>These pages show the first 1000 rows; every row is in \
        <a href=\"../figures.csv\"><code>figures.csv</code></a> and \
        <a href=\"../figures.parquet\"><code>figures.parquet</code></a>, and each stands under \
        its paragraph on its source's page, where links to it lead.</p>";
    for (p, page) in pages.iter().enumerate() {
        assert!(page.contains(note), "page {}", p + 1);
    }
    assert!(pages[9].contains("<caption>figures: rows 901 to 1000 of 1227</caption>"));
    let site = out.join("site");
    for figure in &figures[1000..] {
        let (source, id) = (&figure["source_id"], &figure["figure_id"]);
        let page = std::fs::read_to_string(site.join(format!("source-{source}.html"))).unwrap();
        assert!(
            page.contains(&format!("<li id=\"figures~{source}.{id}\">figures {id} ")),
            "{source} {id}"
        );
    }
    let last = &figures[1226];
    let subject =
        std::fs::read_to_string(site.join(format!("entity-{}.html", last["subject_id"]))).unwrap();
    let href = format!(
        "<a href=\"source-{0}.html#figures~{0}.{1}\">under paragraph {2}</a>",
        last["source_id"], last["figure_id"], last["paragraph"]
    );
    assert!(subject.contains(&href), "{href}");
    // A comparison on the comparisons' pages names a figure past the figures' pages: its
    // figure_id cell links to that figure under its paragraph.
    let past: std::collections::BTreeSet<(String, String)> = figures[1000..]
        .iter()
        .map(|f| (f["source_id"].clone(), f["figure_id"].clone()))
        .collect();
    let pair = common::csv_rows(&out.join("figure_comparisons.csv"))
        .into_iter()
        .take(1000)
        .find_map(|c| {
            let b = (c["source_id_b"].clone(), c["figure_id_b"].clone());
            past.contains(&b).then_some(b)
        })
        .expect("a shown comparison names a figure past the figures' pages");
    let cell = format!(
        "<a href=\"source-{0}.html#figures~{0}.{1}\">{1}</a>",
        pair.0, pair.1
    );
    let comparisons: String = (1..=10)
        .map(|p| site.join(table_page("figure_comparisons", p)))
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .collect();
    assert!(comparisons.contains(&cell), "{cell}");
    assert!(common::assert_links_land(&out) > 10_000);
}

/// The file of page `page` (from 1) of a table's pages, as the site names it.
fn table_page(table: &str, page: usize) -> String {
    if page == 1 {
        format!("table-{table}.html")
    } else {
        format!("table-{table}-p{page}.html")
    }
}

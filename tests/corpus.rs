//! The real binary on a small synthetic corpus (`tests/fixtures/corpus/`): three sources in
//! three number styles, two grounded in their text and one not, built to give known
//! comparisons across sources (see the corpus's README.md). Every expected value here is
//! written by hand from the corpus, never copied from a run, so a change in what petrochip
//! reads, compares or refuses shows up as a failure.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sha2::{Digest, Sha256};

// Only repo() and copy_dir() are needed here; the rest of the module serves other files.
#[allow(dead_code)]
mod common;
use common::{copy_dir, repo};

const BIN: &str = env!("CARGO_BIN_EXE_petrochip");

const SOURCES: [&str; 3] = ["alpha_fr", "beta_fr_dot", "gamma_en"];

/// A row of a published CSV table, by column name.
type Row = BTreeMap<String, String>;

/// A scratch copy of the corpus: `<dir>/raw`, published to `<dir>/output`.
struct Corpus {
    dir: tempfile::TempDir,
}

impl Corpus {
    fn new() -> Corpus {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(
            &repo().join("tests/fixtures/corpus/raw"),
            &dir.path().join("raw"),
        );
        Corpus { dir }
    }

    fn raw(&self) -> PathBuf {
        self.dir.path().join("raw")
    }

    /// The raw folder as petrochip's messages show it.
    fn shown(&self) -> String {
        self.raw().display().to_string()
    }

    fn source(&self, id: &str) -> PathBuf {
        self.raw().join("sources").join(id)
    }

    fn petrochip(&self, args: &[&str]) -> Output {
        Command::new(BIN)
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("RUST_LOG")
            .output()
            .expect("the binary runs")
    }

    /// `petrochip run --raw <dir>/raw --out <dir>/output --no-run-log`, plus `extra`.
    fn run(&self, extra: &[&str]) -> Output {
        let raw = self.raw();
        let out = self.dir.path().join("output");
        let mut args = vec![
            "run",
            "--raw",
            raw.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--no-run-log",
        ];
        args.extend(extra);
        self.petrochip(&args)
    }

    /// A run that must pass; its stdout and stderr.
    fn publish(&self) -> (String, String) {
        let out = self.run(&[]);
        let (stdout, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
        (stdout, stderr)
    }

    /// Publishes the pristine corpus, applies `edit`, then runs again: the run must fail with
    /// exit 1 and leave the scratch folder (raw/, output/ and their neighbours) byte for byte
    /// as it was. Returns the failed run's stderr.
    fn fails_after(&self, edit: impl FnOnce(&Corpus), extra: &[&str]) -> String {
        self.publish();
        edit(self);
        let before = snapshot(self.dir.path());
        let out = self.run(extra);
        let (stdout, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
        assert_eq!(stdout, "", "a failed run prints nothing on stdout");
        assert!(
            before == snapshot(self.dir.path()),
            "a failed run changed the scratch folder"
        );
        stderr
    }

    /// Every row of a published table, read back from its CSV file.
    fn table(&self, name: &str) -> Vec<Row> {
        let path = self.dir.path().join("output").join(format!("{name}.csv"));
        let mut reader = csv::Reader::from_path(&path).unwrap();
        reader
            .deserialize::<Row>()
            .map(|row| row.unwrap())
            .collect()
    }
}

fn texts(out: &Output) -> (String, String) {
    (
        String::from_utf8(out.stdout.clone()).unwrap(),
        String::from_utf8(out.stderr.clone()).unwrap(),
    )
}

/// Every file under `dir`, by path relative to it, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, files: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, files);
            } else {
                let bytes = fs::read(&path).unwrap();
                files.insert(path.strip_prefix(root).unwrap().to_path_buf(), bytes);
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(dir, dir, &mut files);
    files
}

/// Replaces the one occurrence of `from` in a file (which must hold it exactly once).
fn replace(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert_eq!(
        text.matches(from).count(),
        1,
        "{from:?} in {}",
        path.display()
    );
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// A number cell; an empty cell is None.
fn number(cell: &str) -> Option<f64> {
    (!cell.is_empty()).then(|| cell.parse().unwrap())
}

fn same(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= b.abs() * 1e-12,
        (None, None) => true,
        _ => false,
    }
}

/// The published `source_id` values of a table, in every column that names a source.
fn sources_in(rows: &[Row]) -> BTreeSet<String> {
    rows.iter()
        .flat_map(|row| {
            row.iter()
                .filter(|(column, _)| column.starts_with("source_id"))
                .map(|(_, value)| value.clone())
        })
        .collect()
}

/// The paragraphs of a text as README.md counts them: lines holding a non-space character.
fn lines_of(text: &str) -> Vec<String> {
    text.lines()
        .filter(|line| line.chars().any(|c| !c.is_whitespace()))
        .map(str::to_string)
        .collect()
}

/// A grounded source's paragraphs.
fn paragraphs(corpus: &Corpus, source: &str) -> Vec<String> {
    lines_of(&fs::read_to_string(corpus.source(source).join("text.txt")).unwrap())
}

// -- the pristine corpus -----------------------------------------------------------------------

#[test]
fn the_corpus_publishes_with_one_ungrounded_source_and_one_disagreement() {
    let corpus = Corpus::new();
    let (stdout, stderr) = corpus.publish();
    assert!(
        stdout.contains("; 3 sources, 2 grounded (every quote found"),
        "{stdout}"
    );
    let raw = corpus.shown();
    let warnings: Vec<&str> = stderr.lines().collect();
    assert_eq!(warnings.len(), 2, "{stderr}");
    // The disagreement names both rows, beta's line 2 and gamma's line 3, each value as its
    // source wrote it.
    let disagree = format!(
        "warning: figure_comparisons: sources_agree [source_id_a=beta_fr_dot, figure_id_a=veltrix_market_cap_2024_05_15, source_id_b=gamma_en, figure_id_b=veltrix_market_cap_2024_05_15] ({raw}/sources/beta_fr_dot/figures.csv:2): the sources disagree on veltrix market_cap in 2024-05-15: beta_fr_dot says \"1.000 milliards de dollars\" ({raw}/sources/beta_fr_dot/figures.csv:2), but gamma_en says \"$980 billion\" ({raw}/sources/gamma_en/figures.csv:3); check both transcriptions against their sources"
    );
    assert!(warnings.contains(&disagree.as_str()), "{stderr}");
    let ungrounded = format!(
        "warning: {raw}/sources/gamma_en/source.csv: source gamma_en is not grounded: it declares no text_path, so its quotes were not checked"
    );
    assert!(warnings.contains(&ungrounded.as_str()), "{stderr}");
}

/// An entity's page lists the comparisons of its figures that disagree, by the corpus's design
/// (each figure's note says which it meets): Veltrix's market cap (1.000 milliards against $980
/// billion) disagrees and its foundry share (plus de la moitié, 55 %) agrees; Corvane's three
/// pairs (revenue, market cap, investment) all agree.
#[test]
fn an_entity_page_lists_the_pairs_that_disagree_or_says_there_are_none() {
    let corpus = Corpus::new();
    corpus.publish();
    let site = corpus.dir.path().join("output/site");
    let sentences = |entity: &str| -> Vec<String> {
        let page = fs::read_to_string(site.join(format!("entity-{entity}.html"))).unwrap();
        page.split("<p>Listed here: ")
            .skip(1)
            .map(|rest| rest[..rest.find("</p>").unwrap()].to_string())
            .collect()
    };
    assert_eq!(
        sentences("veltrix"),
        [
            "the 2 that another source's figure contradicts. The other 2 agree with every other source's figure and each restates a figure listed above. Every row is in the <a href=\"table-figure_agreement.html\">figure_agreement</a> table.",
            "the one that disagrees. The other one agrees and restates two figures listed above. Every row is in the <a href=\"table-figure_comparisons.html\">figure_comparisons</a> table.",
        ]
    );
    assert_eq!(
        sentences("corvane"),
        [
            "none that another source's figure contradicts. All 6 agree with every other source's figure and each restates a figure listed above. Every row is in the <a href=\"table-figure_agreement.html\">figure_agreement</a> table.",
            "none that disagree. All 3 agree and each restates two figures listed above. Every row is in the <a href=\"table-figure_comparisons.html\">figure_comparisons</a> table.",
        ]
    );
    let corvane = fs::read_to_string(site.join("entity-corvane.html")).unwrap();
    assert!(!corvane.contains("<li id=\"figure_comparisons~"));
    assert!(!corvane.contains("<li id=\"figure_agreement~"));
}

/// One designed comparison: subject, metric, period label, each side's (source, figure,
/// value, qualifier, low, high), and whether they agree.
type Side = (
    &'static str,
    &'static str,
    f64,
    &'static str,
    Option<f64>,
    Option<f64>,
);

#[test]
fn figure_comparisons_hold_exactly_the_designed_pairs() {
    let corpus = Corpus::new();
    corpus.publish();
    let exact = |source, figure, v: f64| -> Side { (source, figure, v, "exact", Some(v), Some(v)) };
    let expected: Vec<(&str, &str, &str, &str, Side, Side, bool)> = vec![
        // The same revenue, written 22,1 milliards de dollars and $22.1 billion.
        (
            "corvane",
            "quarterly_revenue",
            "2023-Q4",
            "USD",
            exact("alpha_fr", "corvane_revenue_2023_q4", 22.1e9),
            exact("gamma_en", "corvane_revenue_2023_q4", 22.1e9),
            true,
        ),
        // Two exact values that differ, the same day.
        (
            "veltrix",
            "market_cap",
            "2024-05-15",
            "USD",
            exact("beta_fr_dot", "veltrix_market_cap_2024_05_15", 1.0e12),
            exact("gamma_en", "veltrix_market_cap_2024_05_15", 980.0e9),
            false,
        ),
        // "plus de la moitié" (a ratio, compared as a percent: above 50) holds 55 %.
        (
            "veltrix",
            "foundry_market_share",
            "2023",
            "percent",
            (
                "alpha_fr",
                "veltrix_foundry_share_2023",
                50.0,
                "more_than",
                Some(50.0),
                None,
            ),
            exact("beta_fr_dot", "veltrix_foundry_share_2023", 55.0),
            true,
        ),
        // "more than $1,000 billion" holds 3.300 milliards de dollars.
        (
            "corvane",
            "market_cap",
            "2024-05-15",
            "USD",
            exact("beta_fr_dot", "corvane_market_cap_2024_05_15", 3.3e12),
            (
                "gamma_en",
                "corvane_market_cap_2024_05_15",
                1.0e12,
                "more_than",
                Some(1.0e12),
                None,
            ),
            true,
        ),
        // Undated on both sides; "environ" reaches 10 % either side of 40 milliards.
        (
            "corvane",
            "planned_investment",
            "",
            "USD",
            (
                "alpha_fr",
                "corvane_plants_investment",
                40.0e9,
                "approximate",
                Some(36.0e9),
                Some(44.0e9),
            ),
            exact("gamma_en", "corvane_plants_investment", 39.0e9),
            true,
        ),
    ];
    let rows = corpus.table("figure_comparisons");
    assert_eq!(rows.len(), expected.len(), "{rows:#?}");
    let side_matches = |row: &Row, s: &str, side: &Side| {
        row[&format!("source_id_{s}")] == side.0
            && row[&format!("figure_id_{s}")] == side.1
            && same(number(&row[&format!("value_{s}")]), Some(side.2))
            && row[&format!("qualifier_{s}")] == side.3
            && same(number(&row[&format!("low_{s}")]), side.4)
            && same(number(&row[&format!("high_{s}")]), side.5)
    };
    for (subject, metric, period, unit, a, b, agree) in &expected {
        let found = rows.iter().filter(|row| {
            row["subject_id"] == *subject
                && row["metric"] == *metric
                && row["period"] == *period
                && row["unit"] == *unit
                && side_matches(row, "a", a)
                && side_matches(row, "b", b)
                && row["agree"] == agree.to_string()
        });
        assert_eq!(
            found.count(),
            1,
            "{subject} {metric} {period}: {a:?} / {b:?} agree={agree}\n{rows:#?}"
        );
    }
    // No pair across metrics: each side's figure is published under the pair's metric, and
    // Taiwan's share of capacity never meets its share of the foundry market.
    let figures = corpus.table("figures");
    let metric_of = |source: &str, figure: &str| {
        figures
            .iter()
            .find(|f| f["source_id"] == source && f["figure_id"] == figure)
            .map(|f| f["metric"].clone())
    };
    for row in &rows {
        for s in ["a", "b"] {
            let metric = metric_of(
                &row[&format!("source_id_{s}")],
                &row[&format!("figure_id_{s}")],
            );
            assert_eq!(metric.as_deref(), Some(row["metric"].as_str()), "{row:?}");
        }
    }
    assert!(
        rows.iter().all(|row| row["subject_id"] != "TWN"),
        "{rows:#?}"
    );
}

#[test]
fn figures_are_read_in_each_sources_number_style() {
    let corpus = Corpus::new();
    corpus.publish();
    // (source, figure, value as written, value, unit, qualifier, period label)
    #[rustfmt::skip]
    let expected: [(&str, &str, &str, f64, &str, &str, &str); 12] = [
        ("alpha_fr", "corvane_revenue_2023_q4", "22,1 milliards de dollars", 22.1e9, "USD", "exact", "2023-Q4"),
        ("alpha_fr", "veltrix_foundry_share_2023", "plus de la moitié", 0.5, "ratio", "more_than", "2023"),
        ("alpha_fr", "taiwan_capacity_share_2023", "environ 55 %", 55.0, "percent", "approximate", "2023"),
        ("alpha_fr", "corvane_plants_investment", "environ 40 milliards de dollars", 40.0e9, "USD", "approximate", ""),
        ("beta_fr_dot", "veltrix_market_cap_2024_05_15", "1.000 milliards de dollars", 1.0e12, "USD", "exact", "2024-05-15"),
        ("beta_fr_dot", "corvane_market_cap_2024_05_15", "3.300 milliards de dollars", 3.3e12, "USD", "exact", "2024-05-15"),
        ("beta_fr_dot", "veltrix_foundry_share_2023", "55 %", 55.0, "percent", "exact", "2023"),
        ("gamma_en", "corvane_revenue_2023_q4", "$22.1 billion", 22.1e9, "USD", "exact", "2023-Q4"),
        ("gamma_en", "veltrix_market_cap_2024_05_15", "$980 billion", 980.0e9, "USD", "exact", "2024-05-15"),
        ("gamma_en", "corvane_market_cap_2024_05_15", "more than $1,000 billion", 1.0e12, "USD", "more_than", "2024-05-15"),
        ("gamma_en", "corvane_plants_investment", "$39bn", 39.0e9, "USD", "exact", ""),
        ("gamma_en", "taiwan_foundry_share_2023", "two-thirds", 2.0 / 3.0, "ratio", "exact", "2023"),
    ];
    let rows = corpus.table("figures");
    assert_eq!(rows.len(), expected.len());
    for (source, figure, written, value, unit, qualifier, period) in expected {
        let row = rows
            .iter()
            .find(|r| r["source_id"] == source && r["figure_id"] == figure)
            .unwrap_or_else(|| panic!("{source} {figure} is not published"));
        let currency = if unit == "USD" { "USD" } else { "" };
        let got = (
            row["value_text"].as_str(),
            number(&row["value"]),
            row["unit"].as_str(),
            row["currency"].as_str(),
            row["qualifier"].as_str(),
            row["period"].as_str(),
        );
        assert!(
            got.0 == written
                && same(got.1, Some(value))
                && (got.2, got.3, got.4, got.5) == (unit, currency, qualifier, period),
            "{source} {figure}: got {got:?}, expected {written:?} = {value} {unit} {qualifier} {period:?}"
        );
    }
}

#[test]
fn entity_mentions_come_from_every_source_and_each_mentions_csv_row() {
    let corpus = Corpus::new();
    corpus.publish();
    let rows = corpus.table("entity_mentions");
    assert_eq!(
        sources_in(&rows),
        SOURCES.iter().map(|s| s.to_string()).collect()
    );
    // Every row of each mentions.csv is published (none repeats another in the corpus).
    for (source, listed) in [("alpha_fr", 16), ("beta_fr_dot", 4), ("gamma_en", 5)] {
        let published = rows
            .iter()
            .filter(|r| r["source_id"] == source && r["sheet"] == "mentions")
            .count();
        assert_eq!(published, listed, "{source}");
    }
}

/// petrochip records a source's publisher as named in its dateline's paragraph, which does
/// not name it (alpha_fr's paragraph 2 is "Par Camille Arnaud, depuis la Corée du Sud, le 6
/// mars 2024."). The comment in `Normaliser::push` says this should not happen.
#[test]
fn entity_mentions_of_grounded_sources_occur_in_their_paragraph() {
    let corpus = Corpus::new();
    corpus.publish();
    let texts: BTreeMap<&str, Vec<String>> = ["alpha_fr", "beta_fr_dot"]
        .into_iter()
        .map(|s| (s, paragraphs(&corpus, s)))
        .collect();
    let wrong: Vec<Row> = corpus
        .table("entity_mentions")
        .into_iter()
        .filter(|row| {
            texts.get(row["source_id"].as_str()).is_some_and(|text| {
                let p: usize = row["paragraph"].parse().unwrap();
                !text[p - 1].contains(&row["surface"])
            })
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn sources_json_lists_each_source_with_its_grounding() {
    let corpus = Corpus::new();
    let out = corpus.petrochip(&["sources", "--raw", &corpus.shown(), "--format", "json"]);
    let (stdout, stderr) = texts(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let listed: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let got: Vec<(String, String, serde_json::Value)> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["source_id"].as_str().unwrap().to_string(),
                s["grounding"].as_str().unwrap().to_string(),
                s["paragraphs"].clone(),
            )
        })
        .collect();
    // Paragraph counts: the non-blank lines of each text.txt.
    assert_eq!(
        got,
        vec![
            ("alpha_fr".into(), "grounded".into(), 17.into()),
            ("beta_fr_dot".into(), "grounded".into(), 5.into()),
            ("gamma_en".into(), "no_text".into(), serde_json::Value::Null),
        ]
    );
}

/// The corpus keeps the promises its README makes: quotes of at most 15 words that hold the
/// value as written and lie in the cited paragraph, and the real hash of each text. Checked
/// here without petrochip, so that a mistake in the corpus is not mistaken for one in it.
#[test]
fn the_corpus_quotes_its_texts_faithfully() {
    let corpus = Corpus::new();
    for source in SOURCES {
        let folder = corpus.source(source);
        let mut meta = csv::Reader::from_path(folder.join("source.csv")).unwrap();
        let meta: Vec<Row> = meta.deserialize().map(|r| r.unwrap()).collect();
        assert_eq!(meta.len(), 1);
        let meta = &meta[0];
        assert_eq!(meta["source_id"], source);
        assert_eq!(
            meta["licence_note"],
            "Synthetic test source written for petrochip's tests; not a real publication"
        );
        let text = (!meta["text_path"].is_empty()).then(|| {
            let bytes = fs::read(folder.join(&meta["text_path"])).unwrap();
            let hash: String = Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(meta["text_sha256"], hash, "{source}");
            lines_of(&String::from_utf8(bytes).unwrap())
        });
        assert_eq!(text.is_some(), source != "gamma_en");
        let mut figures = csv::Reader::from_path(folder.join("figures.csv")).unwrap();
        for figure in figures.deserialize::<Row>() {
            let figure = figure.unwrap();
            let quote = &figure["quote"];
            assert!(quote.split_whitespace().count() <= 15, "{quote}");
            assert!(quote.contains(&figure["value"]), "{quote}");
            if let Some(text) = &text {
                let p: usize = figure["paragraph"].parse().unwrap();
                assert!(
                    text[p - 1].contains(quote.as_str()),
                    "{source} {p}: {quote}"
                );
            }
        }
    }
}

// -- adding, removing and renaming a source folder -----------------------------------------------

#[test]
fn adding_a_source_is_copying_a_folder() {
    let corpus = Corpus::new();
    copy_dir(&corpus.source("gamma_en"), &corpus.source("delta_en"));
    replace(
        &corpus.source("delta_en").join("source.csv"),
        "\ngamma_en,",
        "\ndelta_en,",
    );
    let (stdout, stderr) = corpus.publish();
    assert!(stdout.contains("; 4 sources, 2 grounded"), "{stdout}");
    let raw = corpus.shown();
    assert!(
        stderr.contains(&format!(
            "warning: {raw}/sources/delta_en/source.csv: source delta_en is not grounded"
        )),
        "{stderr}"
    );
    let sources: Vec<String> = corpus
        .table("sources")
        .iter()
        .map(|r| r["source_id"].clone())
        .collect();
    assert_eq!(sources, ["alpha_fr", "beta_fr_dot", "delta_en", "gamma_en"]);
    assert_eq!(corpus.table("figures").len(), 12 + 5);
    // delta_en repeats gamma_en's five figures, so it meets every source gamma_en meets, and
    // gamma_en itself: 2 (revenue) + 2 + 2 (market values) + 2 (investment) + 1 (Taiwan's
    // foundry share, which only gamma_en stated) = 9 new pairs, 14 in all.
    let pairs = corpus.table("figure_comparisons");
    assert_eq!(pairs.len(), 14);
    let with_delta: Vec<&Row> = pairs
        .iter()
        .filter(|r| r["source_id_a"] == "delta_en" || r["source_id_b"] == "delta_en")
        .collect();
    assert_eq!(with_delta.len(), 9);
    // It disagrees with beta_fr_dot on Veltrix, as gamma_en does, and agrees with gamma_en.
    let disagreeing: BTreeSet<(String, String)> = pairs
        .iter()
        .filter(|r| r["agree"] == "false")
        .map(|r| (r["source_id_a"].clone(), r["source_id_b"].clone()))
        .collect();
    assert_eq!(
        disagreeing,
        [("beta_fr_dot", "delta_en"), ("beta_fr_dot", "gamma_en")]
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .into()
    );
}

/// Fifteen copies of gamma_en make groups of 17 figures, one more than `figure_comparisons`
/// pairs, and Taiwan's foundry share (which only gamma_en and its copies state) a group of 16,
/// the most it pairs. One copy says "about $990 billion" of Veltrix, which meets both beta's
/// 1.000 milliards and gamma's $980 billion; eight say Corvane will invest $45bn, not $39bn.
/// Every count below is worked out by hand.
#[test]
fn a_group_too_large_to_pair_is_counted_per_figure_and_warns_on_its_outliers() {
    let corpus = Corpus::new();
    let copies: Vec<String> = (1..=15).map(|i| format!("delta_{i:02}")).collect();
    for copy in &copies {
        copy_dir(&corpus.source("gamma_en"), &corpus.source(copy));
        replace(
            &corpus.source(copy).join("source.csv"),
            "\ngamma_en,",
            &format!("\n{copy},"),
        );
    }
    // Corvane's investment splits: alpha_fr's environ 40 milliards, gamma_en and seven copies at
    // $39bn, eight copies at $45bn (beyond alpha_fr's 44).
    for copy in &copies[7..] {
        let figures = corpus.source(copy).join("figures.csv");
        replace(
            &figures,
            "planned_investment,$39bn,",
            "planned_investment,$45bn,",
        );
        replace(&figures, "spend $39bn", "spend $45bn");
    }
    let figures = corpus.source("delta_01").join("figures.csv");
    replace(&figures, "$980 billion,\"May", "about $990 billion,\"May");
    replace(&figures, "valued at $980", "valued at about $990");
    let (_, stderr) = corpus.publish();

    // Only the two groups of at most 16 figures are paired: Veltrix's foundry share (alpha_fr
    // and beta_fr_dot) and Taiwan's (16 sources, 120 pairs, all two-thirds).
    let pairs = corpus.table("figure_comparisons");
    let mut paired: BTreeMap<(String, String), usize> = BTreeMap::new();
    for row in &pairs {
        assert_eq!(row["agree"], "true", "{row:?}");
        *paired
            .entry((row["subject_id"].clone(), row["metric"].clone()))
            .or_default() += 1;
    }
    let key = |s: &str, m: &str| (s.to_string(), m.to_string());
    assert_eq!(
        paired,
        BTreeMap::from([
            (key("TWN", "foundry_market_share"), 120),
            (key("veltrix", "foundry_market_share"), 1),
        ])
    );

    // One row per compared figure: 4 groups of 17, and 2 + 16.
    let agreement = corpus.table("figure_agreement");
    assert_eq!(agreement.len(), 4 * 17 + 2 + 16);
    let counts = |source: &str, figure: &str| {
        let row = agreement
            .iter()
            .find(|r| r["source_id"] == source && r["figure_id"] == figure)
            .unwrap_or_else(|| panic!("no row for {source} {figure}"));
        (
            row["agreeing"].as_str(),
            row["disagreeing"].as_str(),
            row["paired"].as_str(),
        )
    };
    let veltrix = "veltrix_market_cap_2024_05_15";
    assert_eq!(counts("beta_fr_dot", veltrix), ("1", "15", "false"));
    assert_eq!(counts("delta_01", veltrix), ("16", "0", "false"));
    assert_eq!(counts("gamma_en", veltrix), ("15", "1", "false"));
    assert_eq!(counts("delta_15", veltrix), ("15", "1", "false"));
    // A tie is not contested: alpha_fr and the $39bn figures meet 8 and miss 8.
    let investment = "corvane_plants_investment";
    assert_eq!(counts("alpha_fr", investment), ("8", "8", "false"));
    assert_eq!(counts("gamma_en", investment), ("8", "8", "false"));
    assert_eq!(counts("delta_07", investment), ("8", "8", "false"));
    assert_eq!(counts("delta_08", investment), ("7", "9", "false"));
    let revenue = "corvane_revenue_2023_q4";
    assert_eq!(counts("alpha_fr", revenue), ("16", "0", "false"));
    assert_eq!(counts("delta_07", revenue), ("16", "0", "false"));
    assert_eq!(
        counts("delta_07", "taiwan_foundry_share_2023"),
        ("15", "0", "true")
    );
    assert_eq!(
        counts("alpha_fr", "veltrix_foundry_share_2023"),
        ("1", "0", "true")
    );
    let approximate = agreement
        .iter()
        .find(|r| r["source_id"] == "delta_01" && r["figure_id"] == veltrix)
        .unwrap();
    assert_eq!(
        (
            approximate["value"].as_str(),
            approximate["qualifier"].as_str(),
            approximate["low"].as_str(),
            approximate["high"].as_str()
        ),
        (
            "990000000000.0",
            "approximate",
            "891000000000.0",
            "1089000000000.0"
        )
    );

    // Nine contested figures, each a warning: beta_fr_dot, whom 15 of the 16 others contradict
    // (the 15 who disagree with beta_fr_dot alone are the group's majority and do not warn),
    // and the eight $45bn investments. Ten are shown, so all nine are on stderr.
    let raw = corpus.shown();
    let disagreements: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("sources_agree"))
        .collect();
    assert_eq!(disagreements.len(), 9, "{stderr}");
    assert_eq!(
        disagreements[0],
        format!(
            "warning: figure_agreement: sources_agree [source_id=beta_fr_dot, figure_id={veltrix}] ({raw}/sources/beta_fr_dot/figures.csv:2): the sources disagree on veltrix market_cap in 2024-05-15: beta_fr_dot says \"1.000 milliards de dollars\" ({raw}/sources/beta_fr_dot/figures.csv:2), but 15 of the 16 figures other sources state disagree with it; check its transcription against its source"
        )
    );
    for (line, copy) in disagreements[1..].iter().zip(&copies[7..]) {
        assert!(
            line.starts_with(&format!(
                "warning: figure_agreement: sources_agree [source_id={copy}, figure_id={investment}] ({raw}/sources/{copy}/figures.csv:5): the sources disagree on corvane planned_investment: {copy} says \"$45bn\""
            )) && line.contains("but 9 of the 16 figures other sources state disagree with it"),
            "{line}"
        );
    }

    // The site lists the same nine, beta_fr_dot's with its quote and its counts.
    let site = corpus.dir.path().join("output/site");
    let page = fs::read_to_string(site.join("contested.html")).unwrap();
    assert_eq!(
        page.matches("<section class=\"contested\"").count(),
        9,
        "{page}"
    );
    for shown in [
        "<strong>9 figures</strong>",
        "id=\"beta_fr_dot.veltrix_market_cap_2024_05_15\"",
        "As written: 1.000 milliards de dollars",
        "<strong>15</strong> of the 16 figures other sources state disagree with it; 1 agree.",
    ] {
        assert!(page.contains(shown), "{shown}\n{page}");
    }
    let pairs = fs::read_to_string(site.join("disagreements.html")).unwrap();
    assert!(
        pairs.contains("<strong>0 of 121 pairs disagree</strong>"),
        "{pairs}"
    );
}

/// The way README.md adds a source, in a project that has published before: the next run
/// must publish it. petrochip's up-to-date check hashes only the inputs its manifest lists,
/// so a new folder (or any new sheet) goes unseen and the run does nothing.
#[test]
fn a_run_after_adding_a_source_folder_publishes_it() {
    let corpus = Corpus::new();
    corpus.publish();
    copy_dir(&corpus.source("gamma_en"), &corpus.source("delta_en"));
    replace(
        &corpus.source("delta_en").join("source.csv"),
        "\ngamma_en,",
        "\ndelta_en,",
    );
    let (stdout, _) = corpus.publish();
    assert!(stdout.contains("; 4 sources, 2 grounded"), "{stdout}");
    assert_eq!(corpus.table("sources").len(), 4);
}

#[test]
fn removing_a_folder_and_its_publishers_row_removes_its_rows_from_every_table() {
    let corpus = Corpus::new();
    corpus.publish();
    let figures_before = corpus.table("figures");
    fs::remove_dir_all(corpus.source("gamma_en")).unwrap();
    // gamma_en is the source that describes its publisher in entities.csv.
    replace(
        &corpus.raw().join("entities.csv"),
        "chip_ledger,organisme,Chip Ledger,Chip Ledger,,Synthetic publisher of gamma_en (not a real publication),gamma_en,,\n",
        "",
    );
    let (stdout, stderr) = corpus.publish();
    assert!(stdout.contains("; 2 sources, 2 grounded"), "{stdout}");
    // Its disagreement and its missing text went with it.
    assert_eq!(stderr, "");
    let output = corpus.dir.path().join("output");
    let mut tables = 0;
    for entry in fs::read_dir(&output).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let rows = corpus.table(&name);
            assert!(!sources_in(&rows).contains("gamma_en"), "{name}");
            tables += 1;
        }
    }
    assert_eq!(tables, petrochip::domains::tables().len());
    // The other sources' figures are published as before; one pair is left.
    let kept: Vec<Row> = figures_before
        .into_iter()
        .filter(|r| r["source_id"] != "gamma_en")
        .collect();
    assert_eq!(corpus.table("figures"), kept);
    let pairs = corpus.table("figure_comparisons");
    assert_eq!(pairs.len(), 1);
    assert_eq!(
        (pairs[0]["subject_id"].as_str(), pairs[0]["agree"].as_str()),
        ("veltrix", "true")
    );
    assert!(
        corpus
            .table("entities")
            .iter()
            .all(|r| r["entity_id"] != "chip_ledger")
    );
}

#[test]
fn removing_a_folder_whose_source_describes_an_entity_is_refused() {
    let corpus = Corpus::new();
    let stderr = corpus.fails_after(|c| fs::remove_dir_all(c.source("gamma_en")).unwrap(), &[]);
    // The row of entities.csv that still cites gamma_en (its publisher, line 9).
    let raw = corpus.shown();
    assert!(
        stderr.starts_with(
            "error: the tables failed validation (1 problem); the run stopped at validate:\n"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "  entities: foreign_key(source_id → sources) [chip_ledger] ({raw}/entities.csv:9): "
        )),
        "{stderr}"
    );
    assert!(stderr.contains("gamma_en"), "{stderr}");
    assert!(stderr.ends_with("\nNothing was written: the previous output is unchanged.\n"));
}

#[test]
fn a_renamed_folder_whose_source_csv_was_not_edited_is_refused() {
    let corpus = Corpus::new();
    let stderr = corpus.fails_after(
        |c| fs::rename(c.source("gamma_en"), c.source("delta_en")).unwrap(),
        &[],
    );
    let raw = corpus.shown();
    assert_eq!(
        stderr,
        format!(
            "error: the sheets could not be read (1 problem); the run stopped at ingest:\n  {raw}/sources/delta_en/source.csv:2: column \"source_id\": the folder is named \"delta_en\" but its source.csv says \"gamma_en\"; a source's folder is named after its source_id, so rename one of them\nNothing was written: the previous output is unchanged.\n"
        )
    );
}

#[test]
fn two_folders_claiming_one_source_id_are_refused() {
    let corpus = Corpus::new();
    // A copy of gamma_en whose source.csv was not edited: delta_en is the misnamed one.
    // --force: without it the run wrongly calls output/ up to date (see
    // a_run_after_adding_a_source_folder_publishes_it).
    let stderr = corpus.fails_after(
        |c| copy_dir(&c.source("gamma_en"), &c.source("delta_en")),
        &["--force"],
    );
    let raw = corpus.shown();
    assert_eq!(
        stderr,
        format!(
            "error: the sheets could not be read (1 problem); the run stopped at ingest:\n  {raw}/sources/delta_en/source.csv:2: column \"source_id\": the folder is named \"delta_en\" but its source.csv says \"gamma_en\"; a source's folder is named after its source_id, so rename one of them\nNothing was written: the previous output is unchanged.\n"
        )
    );
}

#[test]
fn a_shared_sheet_in_a_source_folder_is_refused() {
    let corpus = Corpus::new();
    let stderr = corpus.fails_after(
        |c| {
            fs::copy(
                c.raw().join("entities.csv"),
                c.source("gamma_en").join("entities.csv"),
            )
            .unwrap();
        },
        // --force: without it the run wrongly calls output/ up to date (a new file is not
        // an input the manifest knows; see a_run_after_adding_a_source_folder_publishes_it).
        &["--force"],
    );
    let raw = corpus.shown();
    assert_eq!(
        stderr,
        format!(
            "error: the sheets could not be read (1 problem); the run stopped at ingest:\n  {raw}/sources/gamma_en/entities.csv: this sheet is shared by every source, so it lives at {raw}/entities.csv; move its rows there\nNothing was written: the previous output is unchanged.\n"
        )
    );
}

#[test]
fn a_source_read_in_another_number_style_is_refused() {
    let corpus = Corpus::new();
    // beta_fr_dot declared as plain fr: its dots between thousands become ambiguous.
    let stderr = corpus.fails_after(
        |c| {
            replace(
                &c.source("beta_fr_dot").join("source.csv"),
                ",fr_dot,",
                ",fr,",
            )
        },
        &[],
    );
    let raw = corpus.shown();
    assert!(
        stderr.starts_with("error: the sheets could not be normalised (2 problems); the run stopped at normalise:\n"),
        "{stderr}"
    );
    for (line, value) in [
        (2, "1.000 milliards de dollars"),
        (3, "3.300 milliards de dollars"),
    ] {
        let reason = format!(
            "  {raw}/sources/beta_fr_dot/figures.csv:{line}: column \"value\": cannot read \"{value}\" as a number: it is ambiguous: the dot may separate thousands or decimals"
        );
        assert!(stderr.contains(&reason), "{reason}\n{stderr}");
    }
}

// -- grounding ---------------------------------------------------------------------------------

#[test]
fn an_edited_text_without_its_new_hash_stops_the_run() {
    let corpus = Corpus::new();
    let text = corpus.source("alpha_fr").join("text.txt");
    // One character of the title; every quote still holds, only the hash tells.
    let stderr = corpus.fails_after(|_| replace(&text, "sous tension", "sous Tension"), &[]);
    let found: String = Sha256::digest(fs::read(&text).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let raw = corpus.shown();
    assert_eq!(
        stderr,
        format!(
            "error: the sources' texts could not be read (1 problem); the run stopped at ground:\n  {raw}/sources/alpha_fr/source.csv:2: column \"text_sha256\": the text {raw}/sources/alpha_fr/text.txt has SHA-256 {found}, not the e9d7e61e732a953ec11cf5aa5ea19fc885b6b2922f6dd00987c2d6abb329018b recorded when it was transcribed; the text or the recorded hash changed: if the hash was mistyped, restore it; otherwise check the quotes against the text, then record the new hash\nNothing was written: the previous output is unchanged.\n"
        )
    );
}

#[test]
fn require_grounding_refuses_the_source_without_a_text() {
    let corpus = Corpus::new();
    let stderr = corpus.fails_after(|_| {}, &["--require-grounding"]);
    let raw = corpus.shown();
    assert_eq!(
        stderr,
        format!(
            "error: sources are not grounded, and --require-grounding is set (1 problem); the run stopped at ground:\n  {raw}/sources/gamma_en/source.csv: source gamma_en is not grounded: it declares no text_path, so its quotes were not checked\nNothing was written: the previous output is unchanged.\n"
        )
    );
}

/// `petrochip coverage` on beta_fr_dot (five paragraphs, counted by hand in its text.txt): the
/// title and the three figures' paragraphs are cited, the synthetic notice is skipped with its
/// reason; without the skip it is left; a skipped paragraph that rows cite is a conflict.
#[test]
fn coverage_lists_each_paragraph_cited_skipped_or_left() {
    let corpus = Corpus::new();
    let raw = corpus.raw();
    let raw = raw.to_str().unwrap();
    let coverage = |extra: &[&str]| {
        let mut args = vec!["coverage", "--raw", raw, "--source", "beta_fr_dot"];
        args.extend(extra);
        let out = corpus.petrochip(&args);
        let (stdout, stderr) = texts(&out);
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        stdout
    };
    assert_eq!(
        coverage(&[]),
        "beta_fr_dot: 5 paragraphs: 4 cited, 1 skipped, 0 left
     1  cited: entity_mentions 1  | Bourse : Veltrix franchit un cap symbolique
     2  cited: entity_mentions 1, figures 1  | Le 15 mai 2024, la fonderie Veltrix valait
     3  cited: entity_mentions 1, figures 1  | Le même jour, Corvane Microsystems pesait 3.300 milliards
     4  cited: entity_mentions 1, figures 1  | Veltrix détenait 55 % du marché mondial de
     5  skipped: no_statement  | Ce texte est synthétique : il a été
"
    );
    assert_eq!(
        coverage(&["--left"]),
        "beta_fr_dot: 5 paragraphs: 4 cited, 1 skipped, 0 left\n"
    );
    let skipped = corpus.source("beta_fr_dot").join("skipped_paragraphs.csv");
    fs::write(&skipped, "paragraph,reason,note\n").unwrap();
    assert_eq!(
        coverage(&["--left"]),
        "beta_fr_dot: 5 paragraphs: 4 cited, 0 skipped, 1 left
     5  LEFT  | Ce texte est synthétique : il a été
"
    );
    fs::write(
        &skipped,
        "paragraph,reason,note\n2,heading,\n9,page_furniture,\n",
    )
    .unwrap();
    let text = coverage(&["--left"]);
    assert!(text.contains("  conflict: paragraph 2 is skipped (heading) but rows cite it; remove it from skipped_paragraphs.csv\n"), "{text}");
    assert!(
        text.contains(
            "  conflict: paragraph 9 is skipped (page_furniture) but the text has 5 paragraphs\n"
        ),
        "{text}"
    );
    let out = corpus.petrochip(&["coverage", "--raw", raw, "--source", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        texts(&out).1,
        "error: no source nope in the raw folder; petrochip sources lists them\n"
    );
    // gamma_en has no text: said so, not counted as left.
    let out = corpus.petrochip(&["coverage", "--raw", raw, "--source", "gamma_en"]);
    assert_eq!(
        texts(&out).0,
        "gamma_en: no text to cover (no text); give the source a text_path\n"
    );
}

//! `petrochip draft`, the real binary: a synthetic article drafted, filled in as an analyst
//! would and read back by `petrochip validate`; every bad input refused with its exact message
//! and exit 1; and the draft's recall on the seed article.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::{repo, workspace};

const BIN: &str = env!("CARGO_BIN_EXE_petrochip");

fn petrochip(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_LOG")
        .output()
        .expect("the binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs a draft that must fail, and checks its exit code, its exact stderr and that no draft
/// folder appeared.
fn refused(dir: &Path, args: &[&str], expected: &str) {
    let before = fs::read_dir(dir).map(|d| d.count()).unwrap_or(0);
    let out = petrochip(dir, args);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(stderr(&out), expected);
    assert_eq!(fs::read_dir(dir).map(|d| d.count()).unwrap_or(0), before);
}

#[test]
fn bad_inputs_are_refused_with_exit_1() {
    let ws = workspace();
    let dir = ws.path();
    fs::write(dir.join("latin1.txt"), b"Titre\n\xE9t\xE9 2023\n").unwrap();
    refused(
        dir,
        &["draft", "latin1.txt", "--source-id", "s1"],
        "error: latin1.txt: is not UTF-8 (byte 0xE9 at offset 6, line 2); save it as UTF-8\nNothing was written.\n",
    );
    fs::write(dir.join("empty.txt"), b"").unwrap();
    refused(
        dir,
        &["draft", "empty.txt", "--source-id", "s1"],
        "error: empty.txt: is empty; there is nothing to draft\nNothing was written.\n",
    );
    fs::write(dir.join("blank.txt"), " \n\u{a0}\n".as_bytes()).unwrap();
    refused(
        dir,
        &["draft", "blank.txt", "--source-id", "s1"],
        "error: blank.txt: holds only white space; there is nothing to draft\nNothing was written.\n",
    );
    fs::create_dir(dir.join("folder")).unwrap();
    refused(
        dir,
        &["draft", "folder", "--source-id", "s1"],
        "error: folder: is a folder, not a text file; give the path of the article's text\nNothing was written.\n",
    );
    let made = Command::new("mkfifo")
        .arg(dir.join("pipe"))
        .status()
        .is_ok_and(|s| s.success());
    assert!(made, "mkfifo");
    refused(
        dir,
        &["draft", "pipe", "--source-id", "s1"],
        "error: pipe: is a FIFO (named pipe), not a regular file; save the text to a file and give its path\nNothing was written.\n",
    );
    refused(
        dir,
        &["draft", "missing.txt", "--source-id", "s1"],
        "error: missing.txt: cannot read it: No such file or directory (os error 2)\nNothing was written.\n",
    );
    fs::copy(
        repo().join("tests/fixtures/draft/article.txt"),
        dir.join("article.txt"),
    )
    .unwrap();
    refused(
        dir,
        &[
            "draft",
            "article.txt",
            "--source-id",
            "s1",
            "--out",
            "raw/sources/s1",
        ],
        "error: raw/sources/s1: is inside raw, where it would be read as a source before it is reviewed; write the draft elsewhere (the default is drafts/<source_id>/) and move it into raw/sources/ once reviewed\nNothing was written.\n",
    );
    fs::write(dir.join("taken"), "x").unwrap();
    refused(
        dir,
        &[
            "draft",
            "article.txt",
            "--source-id",
            "s1",
            "--out",
            "taken",
        ],
        "error: taken: already exists and is not a folder; choose another --out\nNothing was written.\n",
    );
    // A usage error is exit 2.
    let out = petrochip(dir, &["draft", "article.txt", "--source-id", "S-1"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn an_existing_draft_is_replaced_only_with_force() {
    let ws = workspace();
    let dir = ws.path();
    fs::copy(
        repo().join("tests/fixtures/draft/article.txt"),
        dir.join("article.txt"),
    )
    .unwrap();
    let args = ["draft", "article.txt", "--source-id", "s1"];
    assert_eq!(petrochip(dir, &args).status.code(), Some(0));
    let figures = dir.join("drafts/s1/figures.csv");
    fs::write(&figures, "edited by hand").unwrap();
    let out = petrochip(dir, &args);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: drafts/s1: already exists; pass --force to replace it, or choose another --out\nNothing was written.\n"
    );
    assert_eq!(fs::read_to_string(&figures).unwrap(), "edited by hand");
    let forced = petrochip(
        dir,
        &["draft", "article.txt", "--source-id", "s1", "--force"],
    );
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert!(
        fs::read_to_string(&figures)
            .unwrap()
            .starts_with("figure_id,")
    );
    // Not a folder of someone else's.
    fs::write(dir.join("drafts/s1/notes.txt"), "mine").unwrap();
    let out = petrochip(
        dir,
        &["draft", "article.txt", "--source-id", "s1", "--force"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: drafts/s1: holds notes.txt besides a draft's files, so --force will not replace it; move them away or choose another --out\nNothing was written.\n"
    );
}

/// The rows of a CSV file, header first.
fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap();
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn a_draft_filled_in_reads_like_any_source() {
    let ws = workspace();
    let dir = ws.path();
    let text = fs::read_to_string(repo().join("tests/fixtures/draft/article.txt")).unwrap();
    fs::write(dir.join("article.txt"), &text).unwrap();
    let out = petrochip(
        dir,
        &["draft", "article.txt", "--source-id", "synthetic_draft"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("petrochip draft: article.txt, language fr (decided from the text: "),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "  8 figures (3 money, 1 percent, 1 ratio, 1 multiplier, 1 count, 1 duration)\n"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("  1 dates, 3 periods\n"), "{stdout}");
    let folder = dir.join("drafts/synthetic_draft");

    // Every span's text is the slice its offsets name, in characters and in bytes.
    let spans = csv_rows(&folder.join("spans.csv"));
    let lines: Vec<&str> = text.lines().collect();
    for row in &spans[1..] {
        let line = lines[row[2].parse::<usize>().unwrap() - 1];
        let (start, end): (usize, usize) = (row[3].parse().unwrap(), row[4].parse().unwrap());
        let chars: String = line.chars().skip(start).take(end - start).collect();
        assert_eq!(chars, row[7]);
        let (b0, b1): (usize, usize) = (row[5].parse().unwrap(), row[6].parse().unwrap());
        assert_eq!(&text[b0..b1], row[7]);
    }

    // The figures, as written by hand from the article above.
    // Each quote holds its figure with its unit (the 39 billion's sentence also holds the
    // 52,7 billion dollars it takes its currency from), so quote_support stays empty.
    let figures = csv_rows(&folder.join("figures.csv"));
    let column = |name: &str| figures[0].iter().position(|h| h == name).unwrap();
    let (value, period, support, paragraph) = (
        column("value"),
        column("period"),
        column("quote_support"),
        column("paragraph"),
    );
    let values: Vec<(&str, &str, &str, &str)> = figures[1..]
        .iter()
        .map(|r| {
            (
                r[value].as_str(),
                r[period].as_str(),
                r[support].as_str(),
                r[paragraph].as_str(),
            )
        })
        .collect();
    assert_eq!(
        values,
        [
            ("22,1 milliards de $", "dernier trimestre 2023", "", "4"),
            ("265 %", "dernier trimestre 2023", "", "4"),
            ("doubler", "d’ici 2030", "", "5"),
            ("la moitié", "d’ici 2030", "", "5"),
            ("52,7 milliards de dollars", "depuis 2021", "", "6"),
            ("39 milliards USD", "depuis 2021", "", "6"),
            ("15 ans", "", "", "7"),
            ("3", "", "", "7"),
        ]
    );
    let source = csv_rows(&folder.join("source.csv"));
    assert_eq!(
        &source[1][..5],
        [
            "synthetic_draft",
            "Les puces de Nvidia, un article de test",
            "Jean-Claude Muller",
            "6 mars 2024",
            "fr"
        ]
    );
    assert_eq!(
        &source[1][10..],
        [
            "../../../article.txt",
            &petrochip::manifest::sha256(text.as_bytes()),
            "Paris",
            "8",
            "Écrit à Paris, le 6 mars 2024"
        ]
    );

    // What the analyst does: a publisher, subjects and metrics, then the folder moves in.
    let mut filled = source.clone();
    filled[1][5] = "btobioinnovation".into();
    write_csv(&folder.join("source.csv"), &filled);
    let metric = |value: &str| match value {
        "265 %" => "revenue_growth",
        "doubler" => "production_share_multiplier",
        "la moitié" => "price_share",
        "15 ans" => "career_years",
        "3" => "startups_founded",
        _ => "quarterly_revenue",
    };
    let mut rows = figures.clone();
    for row in rows.iter_mut().skip(1) {
        if row[1].is_empty() {
            row[1] = "Nvidia".into();
        }
        row[2] = metric(&row[3]).into();
    }
    write_csv(&folder.join("figures.csv"), &rows);
    fs::rename(&folder, dir.join("raw/sources/synthetic_draft")).unwrap();
    let out = petrochip(dir, &["validate"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sources = petrochip(dir, &["sources"]);
    let listed = String::from_utf8_lossy(&sources.stdout);
    assert!(listed.contains("synthetic_draft"), "{listed}");
}

fn write_csv(path: &Path, rows: &[Vec<String>]) {
    let mut writer = csv::Writer::from_path(path).unwrap();
    for row in rows {
        writer.write_record(row).unwrap();
    }
    writer.flush().unwrap();
}

#[test]
fn the_seed_article_recall_is_at_least_95_percent() {
    if !repo()
        .join("../shared/seed/petrole-et-semi-conducteurs.txt")
        .exists()
    {
        common::skip(
            "recall on the seed",
            "the seed article is not in ../shared/seed/",
        );
        return;
    }
    let report = petrochip::draft::eval::evaluate(&repo().join("raw")).unwrap();
    let seed = report
        .sources
        .iter()
        .find(|s| s.source_id == "muller_park_2024")
        .expect("the seed is drafted");
    let figures = seed.figures();
    assert_eq!(figures.expected, 16);
    assert!(
        figures.recall().is_some_and(|r| r >= 0.95),
        "{}",
        petrochip::draft::eval::render(&report)
    );
}

//! `just bench-draft`: throughput of `petrochip draft` on one core, in MB/s, over a corpus of
//! repeated articles (the seed, from ../shared/seed/, when it is there; else the synthetic
//! test article). Measures the draft in memory: reading, scanning and building every row;
//! not loading raw/ (once per run) nor writing four small files. Target: 20 MB/s.
//!
//! `-- --copies N --runs R` drafts N copies R times instead, and nothing else: `just
//! count-draft` counts the instructions of one draft under callgrind, which a shared machine's
//! load does not change as it changes the clock.

use std::path::PathBuf;
use std::time::Instant;

use petrochip::draft::{Knowledge, Setup, draft_text};

fn main() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let seed = repo.join("../shared/seed/petrole-et-semi-conducteurs.txt");
    let (name, article) = match std::fs::read_to_string(&seed) {
        Ok(text) => ("the seed article", text),
        Err(_) => (
            "the synthetic test article (the seed is not in ../shared/seed/)",
            std::fs::read_to_string(repo.join("tests/fixtures/draft/article.txt"))
                .expect("the test article"),
        ),
    };
    let (knowledge, _) = Knowledge::load(&repo.join("raw"))
        .unwrap_or_else(|e| panic!("raw/ must read: {}", e.report()));
    let mut copies = (8 * 1024 * 1024 / article.len()).max(1);
    let mut runs = 5;
    let mut counting = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = || -> usize {
            args.next()
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("{arg} takes a positive whole number"))
        };
        match arg.as_str() {
            "--copies" => {
                copies = number().max(1);
                counting = true;
            }
            "--runs" => runs = number().max(1),
            // cargo bench passes --bench.
            _ => {}
        }
    }
    let corpus = article.repeat(copies);
    let setup = Setup {
        source_id: "bench".into(),
        lang: None,
        style: None,
        text_path: String::new(),
        text_sha256: String::new(),
    };
    let mb = corpus.len() as f64 / 1e6;
    let mut times = Vec::new();
    let mut spans = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let draft = draft_text(&corpus, &knowledge, &setup);
        times.push(start.elapsed().as_secs_f64());
        spans = draft.spans.len();
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    print!(
        "draft throughput, one core: {:.1} MB/s ({copies} copies of {name}, {mb:.1} MB, {spans} findings; median of {runs}: {:.0} ms)",
        mb / median,
        median * 1000.0,
    );
    // Not when counting instructions: they would be those of two drafts.
    if !counting {
        let one = Instant::now();
        let _ = draft_text(&article, &knowledge, &setup);
        print!(
            "; one article of {} bytes: {:.2} ms",
            article.len(),
            one.elapsed().as_secs_f64() * 1000.0
        );
    }
    println!();
}

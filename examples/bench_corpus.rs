//! `just bench-corpus N [DIR] [--companies K]`: writes a synthetic corpus of N sources (default
//! folder `$CARGO_TARGET_DIR/bench-corpus/N`, else `target/bench-corpus/N`; `N-shared-K` with
//! `--companies K`) and prints its raw folder. With `--companies K` every generated source
//! writes about the same K invented companies, so each figure is stated by more sources as N
//! grows. See `benches/support/corpus.rs` for its shape.
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[path = "../benches/support/corpus.rs"]
mod corpus;

const USAGE: &str = "usage: bench_corpus N [DIR] [--companies K]: N, the number of sources, is a whole number (3 or more); K, the number of companies they share, is a whole number (1 or more)";

fn main() -> ExitCode {
    let Ok((subjects, positional)) = corpus::take_companies(std::env::args().skip(1).collect())
    else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let Some(sources) = positional.first().and_then(|n| corpus::whole(n)) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let dir = positional
        .get(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| corpus::default_dir(sources, subjects));
    match corpus::generate(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        sources,
        subjects,
        &dir,
    ) {
        Ok(raw) => {
            println!("{}", raw.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("bench-corpus: {}: {error}", dir.display());
            ExitCode::from(1)
        }
    }
}

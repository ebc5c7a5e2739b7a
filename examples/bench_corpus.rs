//! `just bench-corpus N [DIR]`: writes a synthetic corpus of N sources (default folder
//! `$CARGO_TARGET_DIR/bench-corpus/N`, else `target/bench-corpus/N`) and prints its raw folder.
//! See `benches/support/corpus.rs` for its shape.
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[path = "../benches/support/corpus.rs"]
mod corpus;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(sources) = args
        .first()
        .and_then(|n| n.replace('_', "").parse::<usize>().ok())
    else {
        eprintln!(
            "usage: bench_corpus N [DIR]: N, the number of sources, is a whole number (3 or more)"
        );
        return ExitCode::from(2);
    };
    let dir = args
        .get(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| corpus::default_dir(sources));
    match corpus::generate(Path::new(env!("CARGO_MANIFEST_DIR")), sources, &dir) {
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

//! `just eval-draft [RAW]`: the draft against the sources transcribed by hand; prints
//! precision and recall per kind, and what to review. Exit 1 when the figures' recall on a
//! source with a text is under 95 %.
use std::process::ExitCode;

fn main() -> ExitCode {
    let raw = std::env::args().nth(1).unwrap_or_else(|| "raw".into());
    match petrochip::draft::eval::evaluate(std::path::Path::new(&raw)) {
        Ok(report) => {
            print!("{}", petrochip::draft::eval::render(&report));
            if report.sources.is_empty() {
                println!("no source of {raw}/ has its text on disk: nothing drafted");
            }
            let low = report
                .sources
                .iter()
                .filter(|s| s.figures().recall().is_some_and(|r| r < 0.95))
                .count();
            ExitCode::from(u8::from(low > 0))
        }
        Err(error) => {
            eprint!("{}", error.report());
            ExitCode::from(1)
        }
    }
}

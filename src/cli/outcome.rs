//! What a command that builds the dataset (`run`, `validate`, `docs`, and the listings
//! `sources` and `coverage`) prints and exits with: its warnings, a few of each kind, the
//! summary, the JSON report and the exit code.

use std::path::Path;
use std::process::ExitCode;

use petrochip::{Summary, report};

/// Every stage and gate for a command that lists what it found; on failure the problems are
/// printed and the exit code (1) is the error.
pub fn build(inputs: crate::InputArgs) -> Result<Summary, ExitCode> {
    petrochip::build(&inputs.into()).map_err(|error| {
        eprint!("{}", error.report());
        ExitCode::from(1)
    })
}

/// A listing as `format` asks: `text`, rendered for people, or `value` as JSON for scripts.
pub fn print<T: serde::Serialize>(format: crate::Format, text: impl FnOnce() -> String, value: &T) {
    match format {
        crate::Format::Text => out!("{}", text()),
        crate::Format::Json => outln!(
            "{}",
            serde_json::to_string_pretty(value).unwrap_or_default()
        ),
    }
}

/// A --report path that cannot be written is a usage error, found before any work (exit 2).
pub fn bad_report_path(path: Option<&Path>) -> Option<ExitCode> {
    let message = report::check_report_path(path?).err()?;
    eprintln!("error: {message}");
    Some(ExitCode::from(2))
}

pub fn write_report(
    path: Option<&Path>,
    outcome: Result<&Summary, &petrochip::Error>,
) -> Result<(), ExitCode> {
    let Some(path) = path else {
        return Ok(());
    };
    let json = report::report_json(outcome.map(|s| &s.validated));
    // Checked before the run: a failure here is rare, and never hides what the run did.
    if let Err(e) = report::write_report(path, &json) {
        eprintln!("warning: {}: cannot write the report: {e}", path.display());
    }
    Ok(())
}

/// How many warnings of one kind are printed before the rest is counted.
const WARNINGS_SHOWN: usize = 10;

/// Where a run published, and whether the site is there.
#[derive(Clone, Copy)]
pub struct Published<'a> {
    pub out: &'a Path,
    pub contents: petrochip::Contents,
}

pub fn finish(
    outcome: Result<Summary, petrochip::Error>,
    published: Option<Published<'_>>,
    quiet: bool,
) -> ExitCode {
    match outcome {
        Ok(summary) => {
            if !quiet {
                // Each kind of warning: its first few, then how many more (a large corpus has
                // thousands of disagreements; a cron mail of 9,000 lines helps nobody).
                let all = match published {
                    Some(p) => format!("all are in {}", p.out.join("validation.json").display()),
                    None => "pass --report FILE to list them all".to_string(),
                };
                let mut kinds: Vec<(String, Vec<String>)> = Vec::new();
                let mut add = |kind: String, warning: String| match kinds.last_mut() {
                    Some((last, list)) if *last == kind => list.push(warning),
                    _ => kinds.push((kind, vec![warning])),
                };
                for warning in summary.validated.warnings() {
                    let kind = format!("{} warnings on {}; {all}", warning.check, warning.table);
                    add(kind, warning.to_string());
                }
                for (id, grounding) in &summary.grounding.sources {
                    if !grounding.is_grounded() {
                        let warning = petrochip::not_grounded(&summary.raw, id, grounding);
                        add(
                            "sources not grounded; `petrochip sources` lists them all".to_string(),
                            format!("warning: {warning}"),
                        );
                    }
                }
                let mut warnings: Vec<String> = Vec::new();
                for (kind, list) in kinds {
                    let more = list.len().saturating_sub(WARNINGS_SHOWN);
                    warnings.extend(list.into_iter().take(WARNINGS_SHOWN));
                    if more > 0 {
                        warnings.push(format!("warning: … and {more} more {kind}"));
                    }
                }
                // With --log-format json, a warning is a log event, so collectors parse it.
                for warning in warnings {
                    if super::logging::json_logs() {
                        tracing::warn!("{}", warning.trim_start_matches("warning: "));
                    } else {
                        eprintln!("{warning}");
                    }
                }
                print_summary(&summary, published);
            }
            // The process ends here: freeing a million rows one by one would only delay the
            // exit (7 % of a large run), and the operating system takes the memory back whole.
            std::mem::forget(summary);
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprint!("{}", error.report());
            // `validate` writes nothing in any case; only a run has an output to keep.
            if published.is_some() {
                eprintln!("Nothing was written: the previous output is unchanged.");
            }
            ExitCode::from(error.exit_code())
        }
    }
}

fn print_summary(summary: &Summary, published: Option<Published<'_>>) {
    let sources = &summary.grounding.sources;
    let grounded = sources.values().filter(|g| g.is_grounded()).count();
    let grounded = format!(
        "; {} sources, {grounded} grounded (every quote found in its paragraph of the source's text)",
        sources.len()
    );
    outln!(
        "petrochip: {} tables, {} rows, {} checks passed{grounded}",
        summary.tables(),
        summary.rows(),
        summary.checks()
    );
    match published {
        Some(Published { out, contents }) => {
            let site = match contents {
                petrochip::Contents::Tables => "no site (--no-site)".to_string(),
                _ => format!("the site: {}", out.join("site/index.html").display()),
            };
            outln!(
                "wrote {}/ (<table>.csv and <table>.parquet, datapackage.json, validation.json, README.md, duckdb.sql, manifest.json; {site}):",
                out.display()
            )
        }
        None => outln!("validated only; nothing written:"),
    }
    for table in &summary.validated.dataset().tables {
        outln!("  {:<22}{:>5} rows", table.spec.name, table.rows.len());
    }
}

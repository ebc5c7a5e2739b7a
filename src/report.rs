//! The machine-readable report: every problem a run found, one object each, with the same
//! facts the human report gives (stage, table, check, severity, key, column, value, file, line,
//! message). `--report PATH` writes it whether the run passed or failed.

use std::path::Path;

use serde::Serialize;

use crate::error::Error;
use crate::problem::Problem;
use crate::validate::{Validated, warnings};

/// Every problem of a failed run.
pub fn findings(error: &Error) -> Vec<Problem> {
    let stage = error.stage();
    match error {
        Error::Ingest(errors) => errors
            .iter()
            .map(|e| {
                let mut finding = Problem::error(stage, e.to_string());
                if let Some(place) = e.place() {
                    finding.file = Some(place.file.clone());
                    finding.line = place.line;
                    finding.column = place.column.clone();
                }
                finding.value = e.value().map(str::to_string);
                finding
            })
            .collect(),
        Error::Normalise(errors) => errors
            .iter()
            .map(|e| {
                let finding = Problem::error(stage, e.to_string());
                match e {
                    crate::normalise::NormaliseError::Cell { origin, column, .. } => Problem {
                        column: Some(column.to_string()),
                        ..finding.at(origin)
                    },
                    crate::normalise::NormaliseError::Depends {
                        origin,
                        column,
                        value,
                        cause,
                    } => Problem {
                        column: Some(column.to_string()),
                        value: Some(value.clone()),
                        depends_on: Some(cause.to_string()),
                        ..finding.at(origin)
                    },
                    crate::normalise::NormaliseError::Internal(_) => finding,
                }
            })
            .collect(),
        Error::Validate(failures) => failures.iter().map(Problem::from).collect(),
        Error::Ground(mismatches) => mismatches
            .iter()
            .map(|m| Problem {
                check: Some("quote_in_paragraph".into()),
                column: Some("quote".into()),
                value: Some(m.quote.clone()),
                ..Problem::error(stage, m.to_string()).at(&m.origin)
            })
            .collect(),
        other => other
            .problems()
            .into_iter()
            .map(|p| Problem::error(stage, p))
            .collect(),
    }
}

#[derive(Serialize)]
struct Report<'a> {
    petrochip_version: &'static str,
    outcome: &'static str,
    stopped_at: Option<&'static str>,
    findings: &'a [Problem],
}

/// The JSON `--report` of a run: its outcome and every finding.
pub fn report_json(outcome: Result<&Validated, &Error>) -> String {
    let (findings, stopped_at) = match outcome {
        Ok(validated) => (warnings(validated), None),
        Err(error) => (findings(error), Some(error.stage())),
    };
    let report = Report {
        petrochip_version: env!("CARGO_PKG_VERSION"),
        outcome: if stopped_at.is_some() {
            "failed"
        } else {
            "passed"
        },
        stopped_at,
        findings: &findings,
    };
    to_json(&report)
}

/// The JSON `--report` of a run that found its output up to date and did nothing: a monitor
/// reading the report sees this run, not yesterday's.
pub fn up_to_date_json() -> String {
    to_json(&Report {
        petrochip_version: env!("CARGO_PKG_VERSION"),
        outcome: "up_to_date",
        stopped_at: None,
        findings: &[],
    })
}

/// Writes the JSON report, whole or not at all: into a temporary file beside it, then renamed
/// over it, so a CI uploader never reads half a report. `-` is standard output.
pub fn write_report(path: &Path, json: &str) -> std::io::Result<()> {
    use std::io::Write;
    if path == Path::new("-") {
        return std::io::stdout().write_all(json.as_bytes());
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(folder)?;
    file.write_all(json.as_bytes())?;
    file.persist(path).map(|_| ()).map_err(|e| e.error)
}

/// Whether a report can be written at `path`, checked before any work so that a bad path is a
/// usage error and never hides what the run did.
pub fn check_report_path(path: &Path) -> Result<(), String> {
    if path == Path::new("-") {
        return Ok(());
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if path.is_dir() {
        return Err(format!(
            "{}: --report names a folder; pass a file path",
            path.display()
        ));
    }
    tempfile::NamedTempFile::new_in(folder)
        .map(drop)
        .map_err(|e| {
            format!(
                "{}: cannot write the report there ({e}); pass a --report path in a writable folder, or - for standard output",
                path.display()
            )
        })
}

fn to_json<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|e| {
        // Serialising plain structs of strings and numbers cannot fail; say so if it ever does.
        format!("{{\"error\": \"the report could not be serialised: {e}\"}}")
    });
    text.push('\n');
    text
}

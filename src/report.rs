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

/// Writes the JSON report; the report is for people and tools, so a failure to write it is
/// itself reported (by the caller) but does not change what the run did.
pub fn write_report(path: &Path, json: &str) -> std::io::Result<()> {
    std::fs::write(path, json)
}

fn to_json<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|e| {
        // Serialising plain structs of strings and numbers cannot fail; say so if it ever does.
        format!("{{\"error\": \"the report could not be serialised: {e}\"}}")
    });
    text.push('\n');
    text
}

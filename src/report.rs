//! The machine-readable report: every problem a run found, one object each, with the same
//! facts the human report gives (stage, table, check, severity, key, column, value, file, line,
//! message). `--report PATH` writes it whether the run passed or failed; a passing run also
//! publishes its check results as `output/validation.json`.

use std::path::Path;

use serde::Serialize;

use crate::contract::CONTRACT_VERSION;
use crate::error::Error;
use crate::table::Origin;
use crate::validate::{CheckResult, Failure, Severity, Validated};

/// One problem.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub stage: &'static str,
    pub table: Option<String>,
    pub check: Option<String>,
    pub severity: Severity,
    pub key: Option<String>,
    pub column: Option<String>,
    pub value: Option<String>,
    pub file: Option<String>,
    pub line: Option<u64>,
    /// The line of the human report.
    pub message: String,
}

impl Finding {
    fn error(stage: &'static str, message: String) -> Self {
        Finding {
            stage,
            table: None,
            check: None,
            severity: Severity::Error,
            key: None,
            column: None,
            value: None,
            file: None,
            line: None,
            message,
        }
    }

    fn at(mut self, origin: &Origin) -> Self {
        self.file = Some(origin.file.to_string());
        self.line = Some(origin.line);
        self
    }

    fn from_failure(failure: &Failure) -> Self {
        let mut finding = Finding {
            table: Some(failure.table.to_string()),
            check: Some(failure.check.clone()),
            severity: failure.severity,
            key: Some(failure.key.clone()).filter(|k| !k.is_empty()),
            column: failure.column.map(str::to_string),
            value: failure.value.clone(),
            ..Finding::error("validate", failure.to_string())
        };
        if let Some(origin) = &failure.origin {
            finding = finding.at(origin);
        }
        finding
    }
}

/// Every problem of a failed run.
pub fn findings(error: &Error) -> Vec<Finding> {
    let stage = error.stage();
    match error {
        Error::Ingest(errors) => errors
            .iter()
            .map(|e| {
                let mut finding = Finding::error(stage, e.to_string());
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
                let finding = Finding::error(stage, e.to_string());
                match e {
                    crate::normalise::NormaliseError::Cell { origin, column, .. } => Finding {
                        column: Some(column.to_string()),
                        ..finding.at(origin)
                    },
                    crate::normalise::NormaliseError::Internal(_) => finding,
                }
            })
            .collect(),
        Error::Validate(failures) => failures.iter().map(Finding::from_failure).collect(),
        Error::Ground(mismatches) => mismatches
            .iter()
            .map(|m| Finding {
                check: Some("quote_in_paragraph".into()),
                column: Some("quote".into()),
                value: Some(m.quote.clone()),
                ..Finding::error(stage, m.to_string()).at(&m.origin)
            })
            .collect(),
        other => other
            .problems()
            .into_iter()
            .map(|p| Finding::error(stage, p))
            .collect(),
    }
}

/// The warnings of a passing run.
pub fn warnings(validated: &Validated) -> Vec<Finding> {
    validated
        .warnings()
        .iter()
        .map(Finding::from_failure)
        .collect()
}

#[derive(Serialize)]
struct Report<'a> {
    petrochip_version: &'static str,
    outcome: &'static str,
    stopped_at: Option<&'static str>,
    findings: &'a [Finding],
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

#[derive(Serialize)]
struct CheckRow<'a> {
    table: &'a str,
    check: &'a str,
    severity: Severity,
    rows: usize,
    failures: usize,
    status: &'static str,
}

#[derive(Serialize)]
struct Validation<'a> {
    contract_version: &'static str,
    checks: Vec<CheckRow<'a>>,
    warnings: Vec<Finding>,
}

/// `output/validation.json`: every check that ran and what it found. No timestamps, so the
/// file is the same on every run of the same inputs.
pub fn validation_json(validated: &Validated) -> String {
    let checks = validated
        .checks()
        .iter()
        .map(|c: &CheckResult| CheckRow {
            table: c.table,
            check: &c.check,
            severity: c.severity,
            rows: c.rows,
            failures: c.failures,
            status: if c.failures == 0 { "passed" } else { "warned" },
        })
        .collect();
    to_json(&Validation {
        contract_version: CONTRACT_VERSION,
        checks,
        warnings: warnings(validated),
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

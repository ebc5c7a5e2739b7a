//! The one shape of a problem, whichever stage found it: what is wrong, where, how bad. The
//! human report prints `message`; `--report` and `output/validation.json` serialise the rest.

use serde::Serialize;

use crate::table::Origin;

/// How bad a problem is: an error stops the run, a warning is printed and published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warn,
}

/// One problem, with the same facts the human report gives.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub stage: &'static str,
    pub table: Option<String>,
    pub check: Option<String>,
    pub severity: Severity,
    pub key: Option<String>,
    pub column: Option<String>,
    pub value: Option<String>,
    pub file: Option<String>,
    pub line: Option<u64>,
    /// The failed row (file:line) this problem follows from; it was not checked on its own.
    pub depends_on: Option<String>,
    /// The line of the human report.
    pub message: String,
}

impl Problem {
    pub fn error(stage: &'static str, message: String) -> Self {
        Problem {
            stage,
            table: None,
            check: None,
            severity: Severity::Error,
            key: None,
            column: None,
            value: None,
            file: None,
            line: None,
            depends_on: None,
            message,
        }
    }

    pub fn at(mut self, origin: &Origin) -> Self {
        self.file = Some(origin.file.to_string());
        self.line = Some(origin.line);
        self
    }
}

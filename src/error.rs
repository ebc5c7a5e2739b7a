//! The one error a run can end with, and the report a person reads.

use crate::ground::{GroundError, Mismatch};
use crate::ingest::IngestError;
use crate::normalise::NormaliseError;
use crate::publish::PublishError;
use crate::validate::Failure;

/// How many problems of one validation check the human report shows.
pub const PER_CHECK: usize = 10;
/// How many problems of another stage the human report shows.
pub const PER_STAGE: usize = 50;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the sheets could not be read")]
    Ingest(Vec<IngestError>),
    #[error("the sheets could not be normalised")]
    Normalise(Vec<NormaliseError>),
    #[error("the tables failed validation")]
    Validate(Vec<Failure>),
    #[error("the sources' texts could not be read")]
    Text(Vec<GroundError>),
    #[error("quotes do not match their source's text")]
    Ground(Vec<Mismatch>),
    #[error("sources are not grounded, and --require-grounding is set")]
    NotGrounded(Vec<String>),
    #[error("the tables could not be published")]
    Publish(#[from] PublishError),
    #[error("the output folders could not be compared")]
    Diff(#[from] crate::diff::DiffError),
}

impl Error {
    /// The process exit code: 3 when another run holds the lock on `--out`, else 1.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Publish(e) if e.is_locked() => 3,
            Error::Publish(e) if e.waited_too_long() => 4,
            _ => 1,
        }
    }

    /// The stage the run stopped at.
    pub fn stage(&self) -> &'static str {
        match self {
            Error::Ingest(_) => "ingest",
            Error::Normalise(_) => "normalise",
            Error::Validate(_) => "validate",
            Error::Text(_) | Error::Ground(_) | Error::NotGrounded(_) => "ground",
            Error::Publish(_) => "publish",
            Error::Diff(_) => "diff",
        }
    }

    /// Every problem, one per line, as people read them.
    pub fn problems(&self) -> Vec<String> {
        fn lines<T: ToString>(items: &[T]) -> Vec<String> {
            items.iter().map(ToString::to_string).collect()
        }
        match self {
            Error::Ingest(e) => lines(e),
            Error::Normalise(e) => with_dependents(
                e.iter()
                    .map(|e| {
                        let at = |o: Option<&crate::table::Origin>| o.map(ToString::to_string);
                        (e.to_string(), at(e.origin()), at(e.cause()))
                    })
                    .collect(),
            ),
            // A failed run is about its errors; its warnings are in --report.
            Error::Validate(e) => with_dependents(
                e.iter()
                    .filter(|f| f.severity == crate::validate::Severity::Error)
                    .map(|f| {
                        let at =
                            |o: &Option<crate::table::Origin>| o.as_ref().map(ToString::to_string);
                        (f.to_string(), at(&f.origin), at(&f.depends_on))
                    })
                    .collect(),
            ),
            Error::Ground(e) => lines(e),
            Error::Text(e) => lines(e),
            Error::NotGrounded(e) => e.clone(),
            Error::Publish(e) => vec![e.to_string()],
            Error::Diff(e) => vec![e.to_string()],
        }
    }

    /// How many problems the run found, not counting those that only follow from another.
    pub fn count(&self) -> usize {
        match self {
            Error::Normalise(e) => e.iter().filter(|e| e.cause().is_none()).count(),
            Error::Validate(e) => e
                .iter()
                .filter(|f| f.severity == crate::validate::Severity::Error)
                .filter(|f| f.depends_on.is_none())
                .count(),
            _ => self.problems().len(),
        }
    }

    /// The whole report: a heading naming the stage, then every problem.
    pub fn report(&self) -> String {
        let problems = self.problems();
        let count = match self.count() {
            1 => "1 problem".to_string(),
            n => format!("{n} problems"),
        };
        let mut out = format!(
            "error: {self} ({count}); the run stopped at {}:\n",
            self.stage()
        );
        // A million bad rows must not become a million lines of cron mail: a few of each kind,
        // then a count. --report has them all.
        let kind = |line: &str| -> String {
            match self {
                // "table: check [key] …": the table and check are the kind.
                Error::Validate(_) => line.split(" [").next().unwrap_or(line).to_string(),
                _ => String::new(),
            }
        };
        let limit = match self {
            Error::Validate(_) => PER_CHECK,
            _ => PER_STAGE,
        };
        let mut shown: std::collections::HashMap<String, usize> = Default::default();
        let mut hidden = 0;
        for line in problems {
            let seen = shown.entry(kind(&line)).or_default();
            *seen += 1;
            if *seen > limit {
                hidden += 1;
                continue;
            }
            out.push_str("  ");
            out.push_str(&line);
            out.push('\n');
        }
        if hidden > 0 {
            out.push_str(&format!(
                "  … and {hidden} more like these; pass --report PATH to see every one\n"
            ));
        }
        out
    }
}

/// How many dependent rows a summary line names before "and N more".
const DEPENDENTS_SHOWN: usize = 3;

/// Each problem's line; the problems that depend on a failed row are not listed one by one but
/// summarised on one indented line after their cause's first problem ("report the cause once").
/// Each problem is (its line, the row it is on, the failed row it depends on).
fn with_dependents(problems: Vec<(String, Option<String>, Option<String>)>) -> Vec<String> {
    let mut dependents: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for (_, origin, cause) in &problems {
        if let (Some(cause), Some(origin)) = (cause, origin) {
            let rows = dependents.entry(cause.clone()).or_default();
            // A row with two problems from one cause is one row that depends on it.
            if !rows.contains(origin) {
                rows.push(origin.clone());
            }
        }
    }
    let mut lines = Vec::new();
    for (line, origin, _) in problems.iter().filter(|(_, _, cause)| cause.is_none()) {
        lines.push(line.clone());
        let Some(rows) = origin.as_ref().and_then(|o| dependents.remove(o)) else {
            continue;
        };
        let mut shown = rows[..rows.len().min(DEPENDENTS_SHOWN)].join(", ");
        if rows.len() > DEPENDENTS_SHOWN {
            shown.push_str(&format!(
                " and {} more (--report lists each)",
                rows.len() - DEPENDENTS_SHOWN
            ));
        }
        let count = match rows.len() {
            1 => "1 row depends on it and was".to_string(),
            n => format!("{n} rows depend on it and were"),
        };
        lines.push(format!("  {count} not checked: {shown}"));
    }
    // A dependent whose cause printed nothing of its own (never expected) is still reported.
    for (line, _, cause) in &problems {
        if cause.as_ref().is_some_and(|c| dependents.contains_key(c)) {
            lines.push(line.clone());
        }
    }
    lines
}

//! The run log: one JSON line per `run`, appended to a file outside `--out` (default
//! `.petrochip/runs.jsonl`, git-ignored). It holds what the committed, deterministic output
//! must not: when the run started, how long each stage took, and how it ended.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, SystemTime};

use serde::Serialize;

use crate::{Error, Inputs, Summary};

#[derive(Debug, Serialize)]
pub struct Entry {
    pub petrochip_version: &'static str,
    /// When the run started, UTC, RFC 3339 to the millisecond.
    pub started: String,
    pub raw: String,
    pub out: String,
    /// `published`, `up_to_date` or `failed`.
    pub outcome: &'static str,
    pub exit_code: u8,
    pub stopped_at: Option<&'static str>,
    pub problems: usize,
    pub duration_ms: f64,
    /// Milliseconds per stage, in the order they ran (published runs only).
    pub stages: Vec<(&'static str, f64)>,
}

pub fn entry(
    inputs: &Inputs,
    out: &Path,
    started: SystemTime,
    duration: Duration,
    outcome: &Result<Option<Summary>, Error>,
) -> Entry {
    let ms = |d: Duration| (d.as_secs_f64() * 1e6).round() / 1e3;
    let (label, exit_code, stopped_at, problems, stages) = match outcome {
        Ok(None) => ("up_to_date", 0, None, 0, Vec::new()),
        Ok(Some(summary)) => (
            "published",
            0,
            None,
            summary.validated.warnings().len(),
            summary.timings.iter().map(|(s, d)| (*s, ms(*d))).collect(),
        ),
        Err(error) => (
            "failed",
            error.exit_code(),
            Some(error.stage()),
            error.count(),
            Vec::new(),
        ),
    };
    Entry {
        petrochip_version: env!("CARGO_PKG_VERSION"),
        started: chrono::DateTime::<chrono::Utc>::from(started)
            .format("%Y-%m-%dT%H:%M:%S%.3fZ")
            .to_string(),
        raw: inputs.raw.display().to_string(),
        out: out.display().to_string(),
        outcome: label,
        exit_code,
        stopped_at,
        problems,
        duration_ms: ms(duration),
        stages,
    }
}

/// Appends one line, creating the file and its folder when needed. One `write` call per line,
/// on a file opened for appending, so concurrent runs do not interleave within a line.
pub fn append(path: &Path, entry: &Entry) -> std::io::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let mut line = serde_json::to_string(entry).map_err(std::io::Error::other)?;
    line.push('\n');
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?
        .write_all(line.as_bytes())
}

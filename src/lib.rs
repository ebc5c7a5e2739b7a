//! petrochip: the article "Pétrole et semi-conducteurs" as tidy, validated tables.
//!
//! Data flows one way: [`ingest`] reads `raw/` into typed records, [`normalise`] turns French
//! text into typed tables, [`validate`] checks them against the [`contract`], [`ground`]
//! optionally checks every quote against the article, and [`publish`] writes `output/`.
//! Each stage either hands the next a checked result or stops the run with every problem found.

pub mod catalog;
pub mod cleanup;
pub mod contract;
pub mod coverage;
pub mod diff;
pub mod domains;
pub mod draft;
pub mod error;
pub mod ground;
pub mod ingest;
pub mod init;
pub mod interned;
pub mod manifest;
pub mod normalise;
pub mod parallel;
pub mod problem;
pub mod publish;
pub mod report;
pub mod runlog;
pub mod sheets;
pub mod site;
pub mod table;
pub mod validate;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use error::Error;
pub use publish::{Contents, Layout, Wait};
use validate::Validated;

/// Where the inputs are, and how strict grounding is.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub raw: PathBuf,
    /// A source whose quotes cannot be checked against its text stops the run.
    pub require_grounding: bool,
}

/// What a run did, for the summary line and the benchmark.
#[derive(Debug)]
pub struct Summary {
    pub validated: Validated,
    /// Each source's grounding, and the texts read.
    pub grounding: ground::Outcome,
    pub timings: Vec<(&'static str, Duration)>,
    /// The sheets and texts read, hashed, for `output/manifest.json`.
    pub inputs: Vec<manifest::Entry>,
    /// The raw folder, as given, to name files in messages.
    pub raw: PathBuf,
}

impl Summary {
    pub fn tables(&self) -> usize {
        self.validated.dataset().tables.len()
    }
    pub fn rows(&self) -> usize {
        self.validated.dataset().row_count()
    }
    pub fn checks(&self) -> usize {
        self.validated.checks().len()
    }
}

/// Milliseconds since `start`, as the `-vv` log lines give them.
pub(crate) fn ms_since(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

fn timed<T>(
    timings: &mut Vec<(&'static str, Duration)>,
    stage: &'static str,
    f: impl FnOnce() -> T,
) -> T {
    let start = Instant::now();
    let result = f();
    let elapsed = start.elapsed();
    tracing::info!(stage, ms = elapsed.as_secs_f64() * 1000.0, "stage done");
    timings.push((stage, elapsed));
    result
}

/// Every stage and gate, nothing written.
pub fn build(inputs: &Inputs) -> Result<Summary, Error> {
    let mut timings = Vec::new();
    let (mut sheets, files) = timed(&mut timings, "ingest", || {
        let sheets = domains::RawSheets::read(&inputs.raw)?;
        let start = Instant::now();
        let files = manifest::inputs(&inputs.raw, &sheets.files());
        tracing::debug!(ms = ms_since(start), "inputs hashed");
        Ok((sheets, files))
    })
    .map_err(Error::Ingest)?;
    let dataset = timed(&mut timings, "normalise", || {
        let mut cx = normalise::Context::default();
        sheets.normalise(&mut cx);
        // Every text cell is interned (`table::Value::Text`): how many distinct ones, held how.
        let (texts, bytes) = interned::Interned::held();
        tracing::debug!(texts, mib = bytes >> 20, "texts interned");
        cx.finish(domains::tables())
    })
    .map_err(Error::Normalise)?;
    let (folders, sources) = sheets.into_sources();
    let validated =
        timed(&mut timings, "validate", || validate::validate(dataset)).map_err(Error::Validate)?;
    let grounding = timed(&mut timings, "ground", || {
        ground::ground(&inputs.raw, &folders, &sources, validated.dataset())
    })
    .map_err(|failure| match failure {
        ground::Failure::Text(errors) => Error::Text(errors),
        ground::Failure::Quotes(mismatches) => Error::Ground(mismatches),
    })?;
    if inputs.require_grounding {
        let ungrounded: Vec<String> = grounding
            .sources
            .iter()
            .filter(|(_, g)| !g.is_grounded())
            .map(|(id, g)| not_grounded(&inputs.raw, id, g))
            .collect();
        if !ungrounded.is_empty() {
            return Err(Error::NotGrounded(ungrounded));
        }
    }
    let mut inputs_hashed = files;
    inputs_hashed.extend(grounding.texts.iter().map(|t| manifest::Entry {
        path: t.path.clone(),
        sha256: t.sha256.clone(),
        rows: None,
    }));
    inputs_hashed.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Summary {
        validated,
        grounding,
        timings,
        inputs: inputs_hashed,
        raw: inputs.raw.clone(),
    })
}

/// What a person reads about a source whose quotes were not checked.
pub fn not_grounded(raw: &Path, source_id: &str, grounding: &ground::Grounding) -> String {
    let file = raw
        .join(ingest::SOURCES_DIR)
        .join(source_id)
        .join(ingest::SOURCE_SHEET);
    match grounding {
        ground::Grounding::TextMissing { path } => format!(
            "{}: source {source_id} is not grounded: its text {path} is not there, so its quotes were not checked",
            file.display()
        ),
        _ => format!(
            "{}: source {source_id} is not grounded: it declares no text_path, so its quotes were not checked",
            file.display()
        ),
    }
}

/// Every stage and gate, then the tables written to `out`.
/// With [`Wait::No`], a run that finds another publishing to `out` fails at once
/// ([`Error::is_locked`]).
///
/// Unless `force`, a run whose inputs (sheets and source texts) and petrochip version match
/// `out`'s manifest does nothing and returns `None` ("up to date").
pub fn run(inputs: &Inputs, out: &Path, wait: Wait, force: bool) -> Result<Option<Summary>, Error> {
    run_laid_out(inputs, out, wait, force, (Layout::Flat, Contents::Output))
}

/// [`run`], writing the tables in `layout`, with the site or without it (`contents`: a run
/// asking for another layout or other contents than `out` has is never up to date).
pub fn run_laid_out(
    inputs: &Inputs,
    out: &Path,
    wait: Wait,
    force: bool,
    (layout, contents): (Layout, Contents),
) -> Result<Option<Summary>, Error> {
    // A killed run's leftover is cleaned up by a real run, so it is never skipped; a run that
    // must ground every source runs, since the manifest does not record missing texts.
    if !force
        && !inputs.require_grounding
        && !publish::has_leftovers(out)
        && up_to_date(&inputs.raw, out, (layout, contents))
    {
        tracing::info!(
            "{} is up to date with {}",
            out.display(),
            inputs.raw.display()
        );
        return Ok(None);
    }
    let mut summary = build(inputs)?;
    timed(&mut summary.timings, "publish", || {
        publish::publish(
            &summary.validated,
            &summary.inputs,
            out,
            &inputs.raw,
            wait,
            (layout, contents),
        )
    })?;
    Ok(Some(summary))
}

/// Whether `out` holds what `raw` gives, laid out and with the contents asked for
/// ([`manifest::up_to_date`]); the output files the run that published them recorded, still
/// the inodes it recorded, are taken on that record, unread.
fn up_to_date(raw: &Path, out: &Path, (layout, contents): (Layout, Contents)) -> bool {
    let vouched = publish::vouched_for(out);
    let known = |entry: &manifest::Entry, meta: &std::fs::Metadata| {
        vouched.holds(("", &entry.path), meta, &entry.sha256)
    };
    let fresh = manifest::up_to_date(
        raw,
        out,
        (layout.partition_by(), contents.without_site()),
        &known,
    );
    tracing::debug!(
        files = vouched.taken(),
        "outputs taken on their record, unread"
    );
    fresh
}

/// Every stage and gate, then the data-docs site alone written to `out` (through the same
/// guards, staging and atomic exchange as [`run`]); always renders, since `out`'s manifest
/// records the site's pages only.
pub fn docs(inputs: &Inputs, out: &Path, wait: Wait) -> Result<Summary, Error> {
    let mut summary = build(inputs)?;
    timed(&mut summary.timings, "publish", || {
        publish::publish(
            &summary.validated,
            &summary.inputs,
            out,
            &inputs.raw,
            wait,
            (publish::Layout::Flat, publish::Contents::Site),
        )
    })?;
    Ok(summary)
}

/// Regenerates the output into a temporary folder and compares `out` (old) with it (new);
/// nothing is written to `out`. An identical [`diff::Diff`] means `out` is up to date.
pub fn check(inputs: &Inputs, out: &Path) -> Result<diff::Diff, Error> {
    let scratch = tempfile::Builder::new()
        .prefix("petrochip-check-")
        .tempdir()
        .map_err(diff::DiffError::Scratch)?;
    let fresh = scratch.path().join("output");
    cleanup::register(scratch.path());
    let result = run_laid_out(inputs, &fresh, Wait::No, true, publish::shape_of(out))
        .and_then(|_| diff::diff(out, &fresh).map_err(Error::from));
    cleanup::unregister(scratch.path());
    result
}

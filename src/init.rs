//! `petrochip init DIR`: a new, valid raw folder with the documented layout, so an analyst
//! starts from the sheets petrochip reads rather than from error messages. Headers come from
//! the groups' own declarations (the same the reader checks); the reference sheets and
//! vocabularies are the ones this build ships with; one example source shows a source folder.

use std::fs;
use std::path::Path;

use crate::domains::RawSheets;
use crate::ingest::SOURCES_DIR;

/// Reference data and shared vocabularies, as committed beside this build.
const SHIPPED: &[(&str, &str)] = &[
    (
        "reference/countries.csv",
        include_str!("../raw/reference/countries.csv"),
    ),
    (
        "reference/currencies.csv",
        include_str!("../raw/reference/currencies.csv"),
    ),
    (
        "reference/exchange_rates.csv",
        include_str!("../raw/reference/exchange_rates.csv"),
    ),
    (
        "reference/elements.csv",
        include_str!("../raw/reference/elements.csv"),
    ),
    (
        "reference/fiscal_periods.csv",
        "entity,fiscal_year,fiscal_quarter,start,end,source_url,note\n",
    ),
    (
        "vocabularies/metrics.csv",
        include_str!("../raw/vocabularies/metrics.csv"),
    ),
    (
        "vocabularies/instruments.csv",
        include_str!("../raw/vocabularies/instruments.csv"),
    ),
    (
        "vocabularies/activities.csv",
        include_str!("../raw/vocabularies/activities.csv"),
    ),
    (
        "vocabularies/relations.csv",
        include_str!("../raw/vocabularies/relations.csv"),
    ),
];

/// The example source and the one entity it needs (its publisher).
const EXAMPLE: &str = "example_source";

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{0}: already exists and is not empty; pass a new or empty folder")]
    NotEmpty(String),
    #[error("{path}: cannot write: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// Writes a raw folder at `dir`; returns the files written, relative to it.
pub fn init(dir: &Path) -> Result<Vec<String>, InitError> {
    let shown = dir.display().to_string();
    if fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some()) {
        return Err(InitError::NotEmpty(shown));
    }
    let mut written = Vec::new();
    let mut write = |relative: String, text: String| -> Result<(), InitError> {
        let path = dir.join(&relative);
        let io = |source| InitError::Io {
            path: path.display().to_string(),
            source,
        };
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io)?;
        }
        fs::write(&path, text).map_err(io)?;
        written.push(relative);
        Ok(())
    };
    for sheet in RawSheets::layout() {
        let header = format!("{}\n", sheet.columns.join(","));
        if sheet.per_source {
            let relative = format!("{SOURCES_DIR}/{EXAMPLE}/{}", sheet.name);
            let body = if sheet.name == crate::ingest::SOURCE_SHEET {
                format!(
                    "{EXAMPLE},Title of the source as published,,2024-03-06,fr,Example Publisher,https://example.org/article,2026-01-01,What the licence allows and what was taken,fr,,,,,\n"
                )
            } else {
                String::new()
            };
            write(relative, header + &body)?;
        } else if let Some((_, text)) = SHIPPED.iter().find(|(name, _)| *name == sheet.name) {
            write(sheet.name.clone(), (*text).to_string())?;
        } else if sheet.name == "entities.csv" {
            let row = format!(
                "example_publisher,organisme,Example Publisher,Example Publisher,,The publisher of the example source; replace it with a real one,{EXAMPLE},,\n"
            );
            write(sheet.name.clone(), header + &row)?;
        } else {
            write(sheet.name.clone(), header)?;
        }
    }
    Ok(written)
}

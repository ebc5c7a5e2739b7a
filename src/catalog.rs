//! `petrochip sources`: what each source contributes, whether its quotes were checked against
//! its text, and when its folder last changed.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::Summary;
use crate::ground::Grounding;

#[derive(Debug, Serialize)]
pub struct SourceStatus {
    pub source_id: String,
    pub title: String,
    pub published_on: Option<String>,
    pub language: Option<String>,
    pub folder: String,
    /// Rows per table that carry this source's id, tables with none left out.
    pub rows: BTreeMap<&'static str, usize>,
    /// `grounded`, `no_text` or `text_missing`.
    pub grounding: &'static str,
    /// Paragraphs of the text, when grounded.
    pub paragraphs: Option<usize>,
    /// The newest modification time of a file in the folder (UTC, RFC 3339).
    pub last_changed: Option<String>,
}

/// One status per source, in id order, from a run's validated tables.
pub fn sources(summary: &Summary) -> Vec<SourceStatus> {
    let dataset = summary.validated.dataset();
    let Some(sources) = dataset.table(crate::domains::sources::SOURCES.name) else {
        return Vec::new();
    };
    sources
        .rows
        .iter()
        .map(|row| {
            let view = sources.view(row);
            let id = view.text("source_id").unwrap_or_default().to_string();
            let mut rows = BTreeMap::new();
            for table in &dataset.tables {
                let Some(c) = table.spec.column_index("source_id") else {
                    continue;
                };
                if table.spec.name == crate::domains::sources::SOURCES.name {
                    continue;
                }
                let n = table
                    .rows
                    .iter()
                    .filter(|r| r.get(c).as_text() == Some(id.as_str()))
                    .count();
                if n > 0 {
                    rows.insert(table.spec.name, n);
                }
            }
            let folder = summary.raw.join(crate::ingest::SOURCES_DIR).join(&id);
            let (grounding, paragraphs) = match summary.grounding.sources.get(&id) {
                Some(Grounding::Grounded { paragraphs }) => ("grounded", Some(*paragraphs)),
                Some(Grounding::TextMissing { .. }) => ("text_missing", None),
                _ => ("no_text", None),
            };
            SourceStatus {
                title: view.text("title").unwrap_or_default().to_string(),
                published_on: view.date("published_on").map(|d| d.to_string()),
                language: view.text("language").map(str::to_string),
                last_changed: last_changed(&folder),
                folder: folder.display().to_string(),
                rows,
                grounding,
                paragraphs,
                source_id: id,
            }
        })
        .collect()
}

/// The newest modification time among the folder's files, as a UTC date and time.
fn last_changed(folder: &Path) -> Option<String> {
    let newest = std::fs::read_dir(folder)
        .ok()?
        .flatten()
        .filter_map(|e| e.metadata().ok()?.modified().ok())
        .max()?;
    let time: chrono::DateTime<chrono::Utc> = newest.into();
    Some(time.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// The statuses as people read them: one block per source.
pub fn render(statuses: &[SourceStatus]) -> String {
    let mut out = String::new();
    for s in statuses {
        let when = s.published_on.as_deref().unwrap_or("undated");
        let grounded = match (s.grounding, s.paragraphs) {
            ("grounded", Some(n)) => format!("grounded ({n} paragraphs)"),
            ("text_missing", _) => "not grounded (its text is not there)".to_string(),
            _ => "not grounded (no text)".to_string(),
        };
        let rows: Vec<String> = s.rows.iter().map(|(t, n)| format!("{t} {n}")).collect();
        out.push_str(&format!(
            "{}  {} ({when}, {})\n  {grounded}; last changed {}\n  rows: {}\n",
            s.source_id,
            s.title,
            s.language.as_deref().unwrap_or("?"),
            s.last_changed.as_deref().unwrap_or("unknown"),
            if rows.is_empty() {
                "none".to_string()
            } else {
                rows.join(", ")
            }
        ));
    }
    out
}

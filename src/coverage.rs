//! `petrochip coverage`: for each source with a text, every paragraph and what cites it, so an
//! analyst sees what is left to transcribe. A paragraph is cited (rows of some table name it),
//! skipped (`skipped_paragraphs.csv` says why nothing is recorded from it), or left.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::Summary;
use crate::domains::paragraphs::SKIPPED_PARAGRAPHS;
use crate::ground::Grounding;
use crate::table::Value;

/// One paragraph's status.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Status {
    /// Rows per table that cite it.
    Cited {
        rows: BTreeMap<&'static str, usize>,
    },
    Skipped {
        reason: String,
    },
    Left,
}

#[derive(Debug, Clone, Serialize)]
pub struct Paragraph {
    pub paragraph: usize,
    #[serde(flatten)]
    pub status: Status,
    /// Its first words, to find it in the text.
    pub opening: String,
}

/// A source's coverage; `paragraphs` is empty when its text was not read.
#[derive(Debug, Clone, Serialize)]
pub struct SourceCoverage {
    pub source_id: String,
    /// `grounded`, `no_text` or `text_missing`: coverage needs the text.
    pub grounding: &'static str,
    pub cited: usize,
    pub skipped: usize,
    pub left: usize,
    /// Skipped paragraphs that rows cite all the same, or that the text does not have.
    pub conflicts: Vec<String>,
    pub paragraphs: Vec<Paragraph>,
}

/// How many words of a paragraph to show.
const OPENING_WORDS: usize = 8;

/// Coverage of every source (or of `only`), in id order, from a run's validated tables.
pub fn coverage(summary: &Summary, only: Option<&str>) -> Vec<SourceCoverage> {
    let dataset = summary.validated.dataset();
    // (source, paragraph) → rows per table; and the skipped paragraphs with their reason.
    let mut cited: BTreeMap<(String, usize), BTreeMap<&'static str, usize>> = BTreeMap::new();
    let mut skipped: BTreeMap<(String, usize), String> = BTreeMap::new();
    for table in &dataset.tables {
        let (Some(s), Some(p)) = (
            table.spec.column_index("source_id"),
            table.spec.column_index("paragraph"),
        ) else {
            continue;
        };
        let reason = table.spec.column_index("reason");
        for row in &table.rows {
            let (Value::Text(source), Value::Int(paragraph)) = (&row.get(s), &row.get(p)) else {
                continue;
            };
            let key = (source.to_string(), usize::try_from(*paragraph).unwrap_or(0));
            if table.spec.name == SKIPPED_PARAGRAPHS.name {
                let why = reason
                    .and_then(|r| row.get(r).as_text())
                    .unwrap_or_default();
                skipped.insert(key, why.to_string());
            } else {
                *cited
                    .entry(key)
                    .or_default()
                    .entry(table.spec.name)
                    .or_default() += 1;
            }
        }
    }
    let mut out = Vec::new();
    for (source_id, grounding) in &summary.grounding.sources {
        if only.is_some_and(|o| o != source_id) {
            continue;
        }
        let text = summary
            .grounding
            .texts
            .iter()
            .find(|t| &t.source_id == source_id)
            .and_then(|t| std::fs::read_to_string(summary.raw.join(&t.path)).ok());
        let (label, count) = match grounding {
            Grounding::Grounded { paragraphs } => ("grounded", *paragraphs),
            Grounding::TextMissing { .. } => ("text_missing", 0),
            Grounding::NoText => ("no_text", 0),
        };
        let lines: Vec<&str> = text
            .as_deref()
            .map(|t| {
                t.lines()
                    .filter(|l| l.chars().any(|c| !c.is_whitespace()))
                    .collect()
            })
            .unwrap_or_default();
        let mut coverage = SourceCoverage {
            source_id: source_id.clone(),
            grounding: label,
            cited: 0,
            skipped: 0,
            left: 0,
            conflicts: Vec::new(),
            paragraphs: Vec::new(),
        };
        for n in 1..=count.min(lines.len()) {
            let key = (source_id.clone(), n);
            let status = match (cited.get(&key), skipped.get(&key)) {
                (Some(rows), why) => {
                    if let Some(why) = why {
                        coverage.conflicts.push(format!(
                            "paragraph {n} is skipped ({why}) but rows cite it; remove it from skipped_paragraphs.csv"
                        ));
                    }
                    coverage.cited += 1;
                    Status::Cited { rows: rows.clone() }
                }
                (None, Some(why)) => {
                    coverage.skipped += 1;
                    Status::Skipped {
                        reason: why.clone(),
                    }
                }
                (None, None) => {
                    coverage.left += 1;
                    Status::Left
                }
            };
            let opening: Vec<&str> = lines[n - 1]
                .split_whitespace()
                .take(OPENING_WORDS)
                .collect();
            coverage.paragraphs.push(Paragraph {
                paragraph: n,
                status,
                opening: opening.join(" "),
            });
        }
        if count > 0 {
            for ((source, n), why) in &skipped {
                if source == source_id && *n > count {
                    coverage.conflicts.push(format!(
                        "paragraph {n} is skipped ({why}) but the text has {count} paragraphs"
                    ));
                }
            }
        }
        out.push(coverage);
    }
    out
}

/// The coverage as people read it: a line per paragraph, `left` ones marked, then a summary.
pub fn render(sources: &[SourceCoverage], left_only: bool) -> String {
    let mut out = String::new();
    for source in sources {
        if source.grounding != "grounded" {
            out.push_str(&format!(
                "{}: no text to cover ({}); give the source a text_path\n",
                source.source_id,
                source.grounding.replace('_', " ")
            ));
            continue;
        }
        out.push_str(&format!(
            "{}: {} paragraphs: {} cited, {} skipped, {} left\n",
            source.source_id,
            source.paragraphs.len(),
            source.cited,
            source.skipped,
            source.left
        ));
        for p in &source.paragraphs {
            let what = match &p.status {
                Status::Cited { rows } => {
                    if left_only {
                        continue;
                    }
                    let tables: Vec<String> =
                        rows.iter().map(|(t, n)| format!("{t} {n}")).collect();
                    format!("cited: {}", tables.join(", "))
                }
                Status::Skipped { reason } => {
                    if left_only {
                        continue;
                    }
                    format!("skipped: {reason}")
                }
                Status::Left => "LEFT".to_string(),
            };
            out.push_str(&format!("  {:>4}  {what}  | {}\n", p.paragraph, p.opening));
        }
        for conflict in &source.conflicts {
            out.push_str(&format!("  conflict: {conflict}\n"));
        }
    }
    out
}

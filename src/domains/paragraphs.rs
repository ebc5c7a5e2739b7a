//! The paragraphs of a source's text that no row cites, each with why: a heading, the byline,
//! a summary that repeats the body, sharing links, or prose that states nothing to record.
//! With them, `petrochip coverage` can tell what is left to transcribe from what was judged
//! empty.

#![allow(clippy::wildcard_imports)]

use serde::Deserialize;

use super::{Group, RawSheets};
use crate::contract::*;
use crate::ingest::cells::{Text, Whole};
use crate::ingest::{FromSource, Reader, Sheet};
use crate::normalise::*;

/// The sheets this group reads.
#[derive(Debug, Clone)]
pub struct Sheets {
    pub skipped: Sheet<SkippedRow>,
}

impl Group for Sheets {
    const TABLES: &'static [&'static TableSpec] = &[&SKIPPED_PARAGRAPHS];

    fn read(reader: &mut Reader) -> Self {
        Sheets {
            skipped: reader.per_source("skipped_paragraphs.csv", false),
        }
    }

    fn files(&self) -> Vec<&[crate::ingest::SheetFile]> {
        vec![&self.skipped.files]
    }

    fn normalise(&self, raw: &RawSheets, cx: &mut Context) {
        let _ = raw;
        cx.skipped_paragraphs(&self.skipped);
    }
}

// -- sheets ---------------------------------------------------------------------------------

/// `skipped_paragraphs.csv`: a paragraph, why nothing is recorded from it, and a remark.
#[derive(Debug, Clone, Deserialize)]
pub struct SkippedRow {
    pub paragraph: Whole,
    pub reason: Text,
    pub note: Option<String>,
    #[serde(skip)]
    pub source_id: Text,
}

impl FromSource for SkippedRow {
    fn set_source_id(&mut self, source_id: &str) {
        self.source_id = Text(source_id.into());
    }
}

// -- vocabularies -------------------------------------------------------------------------

pub const REASONS: &[Choice] = &[
    choice("title", "The title (in sources.title)", &["titre"]),
    choice(
        "byline",
        "The byline or dateline (in sources and source_authors)",
        &["signature"],
    ),
    choice(
        "heading",
        "A section heading",
        &["intertitre", "titre de section"],
    ),
    choice(
        "summary",
        "A summary that repeats statements the body makes and the tables cite there",
        &["résumé", "chapeau"],
    ),
    choice(
        "page_furniture",
        "Sharing buttons, empty bullets and other text of the page, not of the article",
        &["share", "partage"],
    ),
    choice(
        "no_statement",
        "Prose that states no fact, figure, relation or analogy to record (the note says what it does)",
        &["rien à relever"],
    ),
];

// -- tables -------------------------------------------------------------------------------

pub static SKIPPED_PARAGRAPHS: TableSpec = TableSpec {
    name: "skipped_paragraphs",
    description: "Paragraphs of a source's text that no table cites, each with why nothing is recorded from it (petrochip coverage lists the rest).",
    sheet: "sources/<source_id>/skipped_paragraphs.csv",
    may_be_empty: true,
    columns: &[
        SOURCE_ID,
        PARAGRAPH,
        col(
            "reason",
            ColumnType::Enum(REASONS),
            "Why nothing is recorded from it.",
        ),
        optional(text("note", "What the paragraph does instead (English).")),
    ],
    primary_key: &["source_id", "paragraph"],
    foreign_keys: &[FK_SOURCE],
    rules: &[],
};

// -- normaliser ---------------------------------------------------------------------------

impl Context {
    fn skipped_paragraphs(&mut self, sheet: &Sheet<SkippedRow>) {
        let spec = &crate::domains::paragraphs::SKIPPED_PARAGRAPHS;
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let reason = self.code(spec, "reason", row.reason.as_str(), &origin);
            let cells = vec![
                ("source_id", row.source_id.as_str().into()),
                ("paragraph", i64::from(row.paragraph.0).into()),
                ("reason", reason),
                ("note", row.note.as_deref().into()),
            ];
            self.push(spec, &origin, cells);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::testing::{errors, rows, source_sheet};

    #[test]
    fn a_skipped_paragraph_says_why_in_a_code() {
        let mut cx = Context::default();
        let skipped = source_sheet::<SkippedRow>(
            "s",
            "raw/sources/s/skipped_paragraphs.csv",
            "paragraph,reason,note\n1,titre,\n7,intertitre,Le contexte\n9,publicité,\n",
        );
        cx.skipped_paragraphs(&skipped);
        assert_eq!(
            rows(
                &cx,
                "skipped_paragraphs",
                &["source_id", "paragraph", "reason", "note"]
            ),
            [
                ["s", "1", "title", ""],
                ["s", "7", "heading", "Le contexte"],
                ["s", "9", "", ""],
            ]
        );
        assert_eq!(
            errors(&cx),
            [
                "raw/sources/s/skipped_paragraphs.csv:4: column \"reason\": \"publicité\" is not an accepted reason; use one of: title (titre); byline (signature); heading (intertitre, titre de section); summary (résumé, chapeau); page_furniture (share, partage); no_statement (rien à relever)"
            ]
        );
    }
}

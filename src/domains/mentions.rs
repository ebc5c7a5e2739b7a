//! Every source and paragraph that names an entity. Registered last: it gathers the names every
//! other group resolved.

#![allow(clippy::wildcard_imports)]

use rustc_hash::FxHashSet;

use compact_str::CompactString;
use serde::Deserialize;

use super::{Group, RawSheets};
use crate::contract::*;
use crate::ingest::cells::{Text, Whole};
use crate::ingest::{FromSource, Reader, Sheet};
use crate::normalise::gazetteer::Gazetteer;
use crate::normalise::*;
use crate::table::Origin;

/// The sheets this group reads.
#[derive(Debug, Clone)]
pub struct Sheets {
    pub mentions: Sheet<MentionRow>,
}

impl Group for Sheets {
    const TABLES: &'static [&'static TableSpec] = &[&ENTITY_MENTIONS];

    fn read(reader: &mut Reader) -> Self {
        Sheets {
            mentions: reader.per_source("mentions.csv", false),
        }
    }

    fn files(&self) -> Vec<&[crate::ingest::SheetFile]> {
        vec![&self.mentions.files]
    }

    fn normalise(&self, raw: &RawSheets, cx: &mut Context) {
        let _ = raw;
        let g = cx.gazetteer.clone();
        cx.mentions(&self.mentions, &g);
    }
}

// -- sheets ---------------------------------------------------------------------------------

/// `mentions.csv`: names a source writes, verbatim, and the paragraph they are in.
#[derive(Debug, Clone, Deserialize)]
pub struct MentionRow {
    pub name: Text,
    pub paragraph: Whole,
    #[serde(skip)]
    pub source_id: Text,
}

impl FromSource for MentionRow {
    fn set_source_id(&mut self, source_id: &str) {
        self.source_id = Text(source_id.to_string());
    }
}

// -- tables -------------------------------------------------------------------------------

pub static ENTITY_MENTIONS: TableSpec = TableSpec {
    name: "entity_mentions",
    description: "Every source and paragraph that names an entity, with the name as written: from the source's mentions.csv, and from every name its other sheets resolve.",
    sheet: "sources/<source_id>/mentions.csv",
    may_be_empty: false,
    columns: &[
        SOURCE_ID,
        text("entity_id", "The entity named (entities.entity_id)."),
        PARAGRAPH,
        text(
            "surface",
            "The name as the analyst copied it from the source (mentions.csv rows are checked against the source's text).",
        ),
        text(
            "sheet",
            "The sheet the name was read from: mentions, or the fact sheet whose row names it.",
        ),
    ],
    primary_key: &["source_id", "entity_id", "paragraph", "surface"],
    foreign_keys: &[FK_SOURCE, FK_ENTITY],
    rules: &[],
};

// -- normaliser ---------------------------------------------------------------------------

impl Context {
    /// Every source and paragraph that names an entity, with the name as written: the names a
    /// source's `mentions.csv` lists, then every name its other sheets resolved, once each.
    fn mentions(&mut self, sheet: &Sheet<MentionRow>, g: &Gazetteer) {
        // Every other sheet is normalised: the rows cited so far are all there are to place.
        self.names_placed = true;
        let spec = &crate::domains::mentions::ENTITY_MENTIONS;
        // (source, entity, paragraph, surface): inline strings, so that a corpus's hundreds of
        // thousands of resolved names are told apart without a heap string each.
        type Key = (CompactString, CompactString, i64, CompactString);
        let mut seen: FxHashSet<Key> = FxHashSet::default();
        let mut push = |cx: &mut Context, origin: &Origin, key: Key, sheet: CompactString| {
            if !seen.insert(key.clone()) {
                return;
            }
            let (source, id, paragraph, surface) = key;
            let cells = vec![
                ("source_id", source.into()),
                ("entity_id", id.into()),
                ("paragraph", paragraph.into()),
                ("surface", surface.into()),
                ("sheet", sheet.into()),
            ];
            cx.push(spec, origin, cells);
        };
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let name = row.name.as_str();
            match g.entity(name) {
                Ok(id) => {
                    let source = row.source_id.as_str().into();
                    let key = (source, id.into(), i64::from(row.paragraph.0), name.into());
                    push(self, &origin, key, "mentions".into());
                }
                Err(message) => self.unknown_name(&origin, "name", name, message),
            }
        }
        let cited = std::mem::take(&mut self.cited);
        for (origin, surface, id) in std::mem::take(&mut self.resolved) {
            let Some((source, paragraph)) = cited.get(&origin) else {
                continue;
            };
            let sheet = std::path::Path::new(&*origin.file)
                .file_stem()
                .map(|s| s.to_string_lossy().into())
                .unwrap_or_default();
            push(
                self,
                &origin,
                (source.clone(), id, *paragraph, surface),
                sheet,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::testing::{errors, gazetteer, rows, source_sheet};

    #[test]
    fn each_name_once_per_source_paragraph_and_spelling_from_mentions_and_other_sheets() {
        let mut cx = Context::default();
        let g = gazetteer(&[("nvidia", "company", "Nvidia"), ("tsmc", "company", "TSMC")]);
        let mentions = source_sheet::<MentionRow>(
            "s",
            "raw/sources/s/mentions.csv",
            "name,paragraph\nNvidia,3\nNvidia,3\nTSMC,4\nIntel,4\n",
        );
        // A figure's row of paragraph 5 named Nvidia, one of paragraph 3 named it again, and a
        // shared sheet's row (cited by no source) named TSMC.
        let figure = |line| Origin {
            file: "raw/sources/s/figures.csv".into(),
            line,
        };
        cx.cited.insert(figure(2), ("s".into(), 5));
        cx.cited.insert(figure(3), ("s".into(), 3));
        cx.resolved = vec![
            (figure(2), "Nvidia".into(), "nvidia".into()),
            (figure(3), "Nvidia".into(), "nvidia".into()),
            (
                Origin {
                    file: "raw/entities.csv".into(),
                    line: 7,
                },
                "TSMC".into(),
                "tsmc".into(),
            ),
        ];
        cx.mentions(&mentions, &g);
        assert_eq!(
            rows(
                &cx,
                "entity_mentions",
                &["source_id", "entity_id", "paragraph", "surface", "sheet"]
            ),
            [
                ["s", "nvidia", "3", "Nvidia", "mentions"],
                ["s", "tsmc", "4", "TSMC", "mentions"],
                ["s", "nvidia", "5", "Nvidia", "figures"],
            ]
        );
        let errors = errors(&cx);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with("raw/sources/s/mentions.csv:5: column \"name\": ")
                && errors[0].contains("Intel"),
            "{errors:?}"
        );
        assert!(cx.resolved.is_empty(), "the resolved names are taken once");
    }
}

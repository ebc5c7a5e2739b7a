//! Every source and paragraph that names an entity. Registered last: it gathers the names every
//! other group resolved.

#![allow(clippy::wildcard_imports)]

use rustc_hash::FxHashSet;

use crate::interned::Interned;
use serde::Deserialize;

use super::{Group, RawSheets};
use crate::contract::*;
use crate::ingest::cells::{Text, Whole};
use crate::ingest::{FromSource, Reader, Sheet};
use crate::normalise::gazetteer::Gazetteer;
use crate::normalise::*;
use crate::table::{Origin, Value};

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

    fn release(&mut self) {
        self.mentions.records = Vec::new();
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
        self.source_id = Text(source_id.into());
    }
}

// -- tables -------------------------------------------------------------------------------

pub static ENTITY_MENTIONS: TableSpec = TableSpec {
    name: "entity_mentions",
    description: "Every source and paragraph that names an entity, with the name as written: from the source's mentions.csv, and from every name its other sheets resolve where the row's quote writes it.",
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
            "The sheet the name was read from: mentions, or the fact sheet whose row names it (in its quote).",
        ),
    ],
    primary_key: &["source_id", "entity_id", "paragraph", "surface"],
    foreign_keys: &[FK_SOURCE, FK_ENTITY],
    rules: &[],
};

// -- normaliser ---------------------------------------------------------------------------

impl Context {
    /// Every source and paragraph that names an entity, with the name as written: the names a
    /// source's `mentions.csv` lists, then every name its other sheets resolved where the row's
    /// quote writes it ([`placed`]), once each.
    fn mentions(&mut self, sheet: &Sheet<MentionRow>, g: &Gazetteer) {
        // Every other sheet is normalised: the rows cited so far are all there are to place.
        self.names_placed = true;
        let spec = &crate::domains::mentions::ENTITY_MENTIONS;
        // (source, entity, paragraph, surface): interned, as the cells they become, so that a
        // corpus's hundreds of thousands of resolved names are told apart by four words each.
        type Key = (Interned, Interned, i64, Interned);
        let mut seen: FxHashSet<Key> = FxHashSet::default();
        let mut push = |cx: &mut Context, origin: &Origin, key: Key, sheet: Interned| {
            if !seen.insert(key) {
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
        // Names looked up, and other sheets' names placed, over every core; pushed in order.
        let found =
            crate::parallel::map(&sheet.records, |record| g.entity(record.row.name.as_str()));
        let listed = Interned::from("mentions");
        for (record, found) in sheet.records.iter().zip(found) {
            let origin = sheet.origin(record);
            let row = &record.row;
            match found {
                Ok(id) => {
                    let paragraph = i64::from(row.paragraph.0);
                    let key = (row.source_id.0, id.into(), paragraph, row.name.0);
                    push(self, &origin, key, listed);
                }
                Err(message) => self.unknown_name(&origin, "name", row.name.as_str(), message),
            }
        }
        let cited = std::mem::take(&mut self.cited);
        let resolved = std::mem::take(&mut self.resolved);
        let tables = &self.tables;
        let places = crate::parallel::map(&resolved, |(origin, surface, _)| {
            let &(table, index) = cited.get(origin)?;
            placed(tables, table, index, surface)
        });
        // Every row cited is placed: its index is not needed for the rows pushed now.
        drop(cited);
        // A sheet's rows come one after another: its name is read from its path once a run.
        let mut sheet = (Interned::default(), Interned::default());
        for ((origin, surface, id), place) in resolved.into_iter().zip(places) {
            let Some((source, paragraph)) = place else {
                continue;
            };
            if sheet.0 != origin.file || sheet.1.is_empty() {
                let stem = std::path::Path::new(origin.file.as_str())
                    .file_stem()
                    .map_or(Interned::default(), |s| {
                        Interned::from(&s.to_string_lossy())
                    });
                sheet = (origin.file, stem);
            }
            push(self, &origin, (source, id, paragraph, surface), sheet.1);
        }
    }
}

/// The source and paragraph where a row's name is a mention: the row's own, when its quote
/// names it as written (folded like names, whole words), since the quote is the evidence that
/// the paragraph names it. A subject the paragraph only implies ("l'usine" for Intel Ohio) is
/// the figure's subject, not a mention. A table without quotes is taken at its word.
fn placed(
    tables: &rustc_hash::FxHashMap<&'static str, crate::table::Table>,
    table: &'static str,
    index: u32,
    surface: &str,
) -> Option<(Interned, i64)> {
    let table = tables.get(table)?;
    let row = table.rows.get(usize::try_from(index).ok()?)?;
    let cell = |column: &str| table.spec.column_index(column).map(|i| row.get(i));
    let (Some(Value::Text(source)), Some(Value::Int(paragraph))) =
        (cell(SOURCE_ID.name), cell(PARAGRAPH.name))
    else {
        return None;
    };
    if let Some(quote) = cell(QUOTE.name) {
        let quote = quote.as_text().unwrap_or_default();
        if !crate::normalise::names(quote, surface) {
            return None;
        }
    }
    Some((source, paragraph))
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
        let figure = |line| Origin {
            file: "raw/sources/s/figures.csv".into(),
            line,
        };
        // Figures of source s that named Nvidia in their subject: (line, paragraph, quote).
        let figures = [
            (2, 5, "les ventes de NVIDIA ont doublé"),
            (3, 3, "Nvidia a vendu 3 millions de puces"),
            (4, 6, "l'entreprise a vendu 3 millions de puces"),
            (5, 7, "les ventes de Nvidias ont doublé"),
        ];
        for (line, paragraph, quote) in figures {
            let cells = vec![
                ("source_id", "s".into()),
                ("paragraph", i64::from(paragraph).into()),
                ("quote", quote.into()),
            ];
            cx.push(&crate::domains::figures::FIGURES, &figure(line), cells);
            cx.resolved
                .push((figure(line), "Nvidia".into(), "nvidia".into()));
        }
        // A comparison made from the first figure's row, with its origin: it cites no
        // paragraph, so the figure's row still places the name.
        let comparison = vec![("subject_id", "nvidia".into()), ("agree", true.into())];
        cx.push(
            &crate::domains::figures::FIGURE_COMPARISONS,
            &figure(2),
            comparison,
        );
        // A shared sheet's row (cited by no source) named TSMC.
        cx.resolved.push((
            Origin {
                file: "raw/entities.csv".into(),
                line: 7,
            },
            "TSMC".into(),
            "tsmc".into(),
        ));
        cx.mentions(&mentions, &g);
        assert_eq!(
            rows(
                &cx,
                "entity_mentions",
                &["source_id", "entity_id", "paragraph", "surface", "sheet"]
            ),
            // Paragraph 5's quote names Nvidia (in capitals); paragraph 3's was listed already;
            // paragraph 6's quote does not name it, nor does paragraph 7's ("Nvidias" is
            // another word).
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

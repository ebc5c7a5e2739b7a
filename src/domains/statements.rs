//! What a source says beyond its figures: how entities relate (who co-founded, mentored, owns,
//! builds where, what a technology is used for), what people are quoted saying, and the
//! analogies a source draws between oil and chips.

#![allow(clippy::wildcard_imports)]

use super::{Group, RawSheets};
use crate::contract::*;
use crate::ingest::cells::{List, Text};
use crate::ingest::{Cited, Reader, Sheet, fact_sheet};
use crate::normalise::gazetteer::Gazetteer;
use crate::normalise::*;

/// The sheets this group reads.
#[derive(Debug, Clone)]
pub struct Sheets {
    pub relations: Sheet<RelationRow>,
    pub quotations: Sheet<QuotationRow>,
    pub analogies: Sheet<AnalogyRow>,
}

impl Group for Sheets {
    const TABLES: &'static [&'static TableSpec] = &[&ENTITY_RELATIONS, &QUOTATIONS, &ANALOGIES];

    fn read(reader: &mut Reader) -> Self {
        Sheets {
            relations: reader.per_source("relations.csv", false),
            quotations: reader.per_source("quotations.csv", false),
            analogies: reader.per_source("analogies.csv", false),
        }
    }

    fn files(&self) -> Vec<&[crate::ingest::SheetFile]> {
        vec![
            &self.relations.files,
            &self.quotations.files,
            &self.analogies.files,
        ]
    }

    fn normalise(&self, raw: &RawSheets, cx: &mut Context) {
        let _ = raw;
        let g = cx.gazetteer.clone();
        cx.relations(&self.relations, &g);
        cx.quotations(&self.quotations, &g);
        cx.analogies(&self.analogies);
    }
}

// -- sheets ---------------------------------------------------------------------------------

fact_sheet!(RelationRow {
    /// One name, or several separated by `;` or " et " (one row each).
    subjects: List,
    relation: Text,
    /// One name, or several (one row each).
    objects: List,
    note: Option<String>,
});

fact_sheet!(QuotationRow {
    quotation_id: Text,
    speaker: Text,
    /// What the words mean in English, for a quotation in another language.
    translation_en: Option<String>,
    note: Option<String>,
});

fact_sheet!(AnalogyRow {
    analogy_id: Text,
    aspect: Text,
    oil: Text,
    semiconductors: Text,
    note: Option<String>,
});

// -- tables -------------------------------------------------------------------------------

pub static ENTITY_RELATIONS: TableSpec = TableSpec {
    name: "entity_relations",
    description: "How the entities a source names relate: subject, relation (relations.code), object; one row per pair, so a sentence naming three co-founders gives three rows of one statement.",
    sheet: "sources/<source_id>/relations.csv",
    may_be_empty: true,
    columns: &[
        text(
            "subject_id",
            "Who or what the relation starts from (entities.entity_id).",
        ),
        text(
            "relation",
            "How they relate (relations.code): co_founded, mentored, used_for…",
        ),
        text(
            "object_id",
            "Who or what it points to (entities.entity_id).",
        ),
        optional(text("note", "The analyst's remark (English).")),
        STATEMENT_ID,
        SOURCE_ID,
        PARAGRAPH,
        QUOTE,
    ],
    primary_key: &["source_id", "subject_id", "relation", "object_id"],
    foreign_keys: &[
        FK_SOURCE,
        ForeignKey {
            columns: &["subject_id"],
            table: "entities",
            references: &["entity_id"],
        },
        ForeignKey {
            columns: &["object_id"],
            table: "entities",
            references: &["entity_id"],
        },
        ForeignKey {
            columns: &["relation"],
            table: "relations",
            references: &["code"],
        },
    ],
    rules: &[rule(
        "relation_is_not_reflexive",
        "An entity does not relate to itself.",
        rules::relation_is_not_reflexive,
    )],
};

pub static QUOTATIONS: TableSpec = TableSpec {
    name: "quotations",
    description: "What a source quotes someone as saying: the words (quote, verbatim, 15 words at most) and who said them.",
    sheet: "sources/<source_id>/quotations.csv",
    may_be_empty: true,
    columns: &[
        text("quotation_id", "Identifier, unique within the source."),
        text(
            "speaker_id",
            "Who the source says spoke the words (entities.entity_id).",
        ),
        optional(text(
            "translation_en",
            "The words in English, when the source quotes them in another language (the analyst's translation).",
        )),
        optional(text("note", "The analyst's remark (English).")),
        STATEMENT_ID,
        SOURCE_ID,
        PARAGRAPH,
        QUOTE,
    ],
    primary_key: &["source_id", "quotation_id"],
    foreign_keys: &[
        FK_SOURCE,
        ForeignKey {
            columns: &["speaker_id"],
            table: "entities",
            references: &["entity_id"],
        },
    ],
    rules: &[],
};

pub static ANALOGIES: TableSpec = TableSpec {
    name: "analogies",
    description: "The parallels a source draws between oil and semiconductors: on what aspect, and what it says of each side (the analyst's English summary; the quote is the source's words).",
    sheet: "sources/<source_id>/analogies.csv",
    may_be_empty: true,
    columns: &[
        text("analogy_id", "Identifier, unique within the source."),
        text(
            "aspect",
            "What is compared (English): geography of supply, market dominance…",
        ),
        text("oil", "What the source says of oil (English)."),
        text(
            "semiconductors",
            "What the source says of semiconductors (English).",
        ),
        optional(text("note", "The analyst's remark (English).")),
        STATEMENT_ID,
        SOURCE_ID,
        PARAGRAPH,
        QUOTE,
    ],
    primary_key: &["source_id", "analogy_id"],
    foreign_keys: &[FK_SOURCE],
    rules: &[],
};

mod rules {
    use crate::contract::Row;

    pub fn relation_is_not_reflexive(row: &dyn Row) -> Option<String> {
        let subject = row.text("subject_id")?;
        (Some(subject) == row.text("object_id")).then(|| {
            format!("{subject} is both subject and object; an entity does not relate to itself")
        })
    }
}

// -- normaliser ---------------------------------------------------------------------------

impl Context {
    fn relations(&mut self, sheet: &Sheet<RelationRow>, g: &Gazetteer) {
        let spec = &crate::domains::statements::ENTITY_RELATIONS;
        let vocabulary = &crate::domains::vocabularies::RELATIONS;
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let relation =
                self.vocabulary_code(vocabulary, "relation", row.relation.as_str(), &origin);
            let cited = (&origin, row.quote());
            let subjects = self.named_in_quote(g, cited, "subjects", row.subjects.as_str(), false);
            let objects = self.named_in_quote(g, cited, "objects", row.objects.as_str(), false);
            for subject in &subjects {
                for object in &objects {
                    let cells = vec![
                        ("subject_id", subject.as_str().into()),
                        ("relation", relation),
                        ("object_id", object.as_str().into()),
                        ("note", row.note.as_deref().into()),
                    ];
                    self.push(spec, &origin, with_cite(cells, row));
                }
            }
        }
    }

    fn quotations(&mut self, sheet: &Sheet<QuotationRow>, g: &Gazetteer) {
        let spec = &crate::domains::statements::QUOTATIONS;
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let Some(speaker) = self.entity(g, row.speaker.as_str(), &origin, "speaker") else {
                continue;
            };
            let cells = vec![
                ("quotation_id", row.quotation_id.as_str().into()),
                ("speaker_id", speaker.into()),
                ("translation_en", row.translation_en.as_deref().into()),
                ("note", row.note.as_deref().into()),
            ];
            self.push(spec, &origin, with_cite(cells, row));
        }
    }

    fn analogies(&mut self, sheet: &Sheet<AnalogyRow>) {
        let spec = &crate::domains::statements::ANALOGIES;
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let cells = vec![
                ("analogy_id", row.analogy_id.as_str().into()),
                ("aspect", row.aspect.as_str().into()),
                ("oil", row.oil.as_str().into()),
                ("semiconductors", row.semiconductors.as_str().into()),
                ("note", row.note.as_deref().into()),
            ];
            self.push(spec, &origin, with_cite(cells, row));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::testing::{errors, gazetteer, rows, source_sheet};

    #[test]
    fn a_relation_is_one_row_per_subject_and_object_its_quote_names() {
        // The quote check reads each name's spellings from the context's gazetteer.
        let mut cx = Context {
            gazetteer: std::rc::Rc::new(gazetteer(&[
                ("nvidia", "company", "Nvidia"),
                ("amd", "company", "AMD"),
                ("intel", "company", "Intel"),
                ("tsmc", "company", "TSMC"),
            ])),
            ..Context::default()
        };
        cx.vocabularies.insert(
            "relations",
            [(
                petrochip_text::fold("concurrent de"),
                "competes_with".to_string(),
            )]
            .into_iter()
            .collect(),
        );
        let g = cx.gazetteer.clone();
        let relations = source_sheet::<RelationRow>(
            "s",
            "raw/sources/s/relations.csv",
            "subjects,relation,objects,note,paragraph,quote\n\
             Nvidia et AMD,concurrent de,Intel,,12,Nvidia et AMD concurrencent Intel\n\
             TSMC,concurrent de,Intel,,13,la fonderie taïwanaise devance Intel\n",
        );
        cx.relations(&relations, &g);
        assert_eq!(
            rows(
                &cx,
                "entity_relations",
                &["subject_id", "relation", "object_id", "paragraph"]
            ),
            [
                ["nvidia", "competes_with", "intel", "12"],
                ["amd", "competes_with", "intel", "12"],
                ["tsmc", "competes_with", "intel", "13"],
            ]
        );
        assert_eq!(
            errors(&cx),
            [
                "raw/sources/s/relations.csv:3: column \"subjects\": the quote does not name \"TSMC\" (tsmc): a quote must state its row; quote the words that name it, or cite the paragraph where the source does"
            ]
        );
    }

    #[test]
    fn a_quotation_needs_a_known_speaker_and_an_analogy_is_published_as_typed() {
        let mut cx = Context::default();
        let g = gazetteer(&[("sam_altman", "person", "Sam Altman")]);
        let quotations = source_sheet::<QuotationRow>(
            "s",
            "raw/sources/s/quotations.csv",
            "quotation_id,speaker,translation_en,note,paragraph,quote\n\
             altman_compute,Sam Altman,Compute is the currency,,20,le calcul est la monnaie\n\
             nobody,Jean Inconnu,,,21,personne ne le dit\n",
        );
        cx.quotations(&quotations, &g);
        assert_eq!(
            rows(
                &cx,
                "quotations",
                &["quotation_id", "speaker_id", "translation_en"]
            ),
            [["altman_compute", "sam_altman", "Compute is the currency"]]
        );
        assert_eq!(
            errors(&cx),
            [
                "raw/sources/s/quotations.csv:3: column \"speaker\": \"Jean Inconnu\" is not a name petrochip knows; fix the spelling; if it is another spelling of a known entity, add it to raw/aliases.csv; if it is a new entity, add a row to raw/entities.csv"
            ]
        );
        let analogies = source_sheet::<AnalogyRow>(
            "s",
            "raw/sources/s/analogies.csv",
            "analogy_id,aspect,oil,semiconductors,note,paragraph,quote\n\
             cartel,concentration,Standard Oil,TSMC,,30,comme la Standard Oil hier\n",
        );
        cx.analogies(&analogies);
        assert_eq!(
            rows(
                &cx,
                "analogies",
                &["analogy_id", "aspect", "oil", "semiconductors", "source_id"]
            ),
            [["cartel", "concentration", "Standard Oil", "TSMC", "s"]]
        );
    }
}

//! Who makes or designs chips, by role and segment, as each source says.

#![allow(clippy::wildcard_imports)]

use super::{Group, RawSheets};
use crate::contract::*;
use crate::ingest::cells::{List, Text};
use crate::ingest::{Reader, Sheet, fact_sheet};
use crate::normalise::gazetteer::{Gazetteer, split_list};
use crate::normalise::*;

/// The sheets this group reads.
#[derive(Debug, Clone)]
pub struct Sheets {
    pub producers: Sheet<ProducerRow>,
}

impl Group for Sheets {
    const TABLES: &'static [&'static TableSpec] = &[&PRODUCERS];

    fn read(reader: &mut Reader) -> Self {
        Sheets {
            producers: reader.per_source("producers.csv", false),
        }
    }

    fn files(&self) -> Vec<&[crate::ingest::SheetFile]> {
        vec![&self.producers.files]
    }

    fn normalise(&self, raw: &RawSheets, cx: &mut Context) {
        let _ = raw;
        let g = cx.gazetteer.clone();
        cx.producers(&self.producers, &g);
    }
}

// -- sheets ---------------------------------------------------------------------------------

fact_sheet!(ProducerRow {
    producers: List,
    role: Text,
    segment: Text,
    description: Text,
});

// -- vocabularies -------------------------------------------------------------------------

pub const PRODUCER_ROLES: &[Choice] = &[
    choice(
        "manufacturing",
        "Makes chips (production, fabrication)",
        &["fabrication", "production", "producteur", "fabricant"],
    ),
    choice(
        "innovation",
        "Designs chips and drives their progress",
        &["innovation", "conception", "concepteur", "développement"],
    ),
];

pub const SEGMENTS: &[Choice] = &[
    choice(
        "semiconductors",
        "Semiconductors in general",
        &["semi-conducteurs", "puces"],
    ),
    choice(
        "gpu",
        "Graphics processing units",
        &["GPU", "processeurs graphiques"],
    ),
];

// -- tables -------------------------------------------------------------------------------

pub static PRODUCERS: TableSpec = TableSpec {
    name: "producers",
    description: "Countries, regions and companies that make or design chips, by role and segment, as each source states it (one row per producer a statement names).",
    sheet: "sources/<source_id>/producers.csv",
    may_be_empty: false,
    columns: &[
        text("entity_id", "The producer (entities.entity_id)."),
        col(
            "entity_type",
            ColumnType::Enum(crate::domains::entities::ENTITY_TYPES),
            "What the producer is (its entities.entity_type): a country, a company, a region… Filter on it before counting: a country and its companies are separate rows.",
        ),
        col(
            "role",
            ColumnType::Enum(PRODUCER_ROLES),
            "What the producer does.",
        ),
        col("segment", ColumnType::Enum(SEGMENTS), "Which chips."),
        optional(text(
            "country_iso3",
            "The producer's country (its own code for a country; empty for a region). To count countries, keep entity_type = country; to count companies per country, keep entity_type = company.",
        )),
        text("description", "What the article says of it (English)."),
        STATEMENT_ID,
        SOURCE_ID,
        PARAGRAPH,
        QUOTE,
    ],
    primary_key: &["source_id", "entity_id", "role", "segment"],
    foreign_keys: &[FK_SOURCE, FK_ENTITY, FK_COUNTRY, FK_COUNTRY_ENTITY],
    rules: &[],
};

// -- normaliser ---------------------------------------------------------------------------

impl Context {
    fn producers(&mut self, sheet: &Sheet<ProducerRow>, g: &Gazetteer) {
        let spec = &crate::domains::producers::PRODUCERS;
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let role = self.code(spec, "role", row.role.as_str(), &origin);
            let segment = self.code(spec, "segment", row.segment.as_str(), &origin);
            for name in split_list(row.producers.as_str()) {
                let Some(id) = self.entity(g, &name, &origin, "producers") else {
                    continue;
                };
                let country = g.country_of(&id).map(str::to_string);
                let entity_type = g.entity_type(&id).map(str::to_string);
                let cells = vec![
                    ("entity_id", id.into()),
                    ("entity_type", entity_type.into()),
                    ("role", role),
                    ("segment", segment),
                    ("country_iso3", country.into()),
                    ("description", row.description.as_str().into()),
                ];
                self.push(spec, &origin, with_cite(cells, row));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::testing::{errors, gazetteer, rows, source_sheet};

    #[test]
    fn one_row_per_producer_a_statement_names_with_its_type_and_country() {
        let mut cx = Context::default();
        let mut g = gazetteer(&[
            ("nvidia", "company", "Nvidia"),
            ("amd", "company", "AMD"),
            ("TWN", "country", "Taïwan"),
        ]);
        g.set_country("nvidia", Some("USA".into()));
        let producers = source_sheet::<ProducerRow>(
            "s",
            "raw/sources/s/producers.csv",
            "producers,role,segment,description,paragraph,quote\n\
             Nvidia et AMD,conception,GPU,Design GPUs,12,Nvidia et AMD conçoivent les GPU\n\
             Taïwan,production,puces,Makes chips,3,Taïwan produit les puces\n\
             Intel,fabrication,semi-conducteurs,Makes chips,4,Intel fabrique aussi\n",
        );
        cx.producers(&producers, &g);
        // AMD has no country in this gazetteer; Intel is not in it at all.
        assert_eq!(
            rows(
                &cx,
                "producers",
                &[
                    "entity_id",
                    "entity_type",
                    "role",
                    "segment",
                    "country_iso3",
                    "paragraph"
                ]
            ),
            [
                ["nvidia", "company", "innovation", "gpu", "USA", "12"],
                ["amd", "company", "innovation", "gpu", "", "12"],
                [
                    "TWN",
                    "country",
                    "manufacturing",
                    "semiconductors",
                    "TWN",
                    "3"
                ],
            ]
        );
        assert_eq!(
            errors(&cx),
            [
                "raw/sources/s/producers.csv:4: column \"producers\": \"Intel\" is not a name petrochip knows; fix the spelling; if it is another spelling of a known entity, add it to raw/aliases.csv; if it is a new entity, add a row to raw/entities.csv"
            ]
        );
    }
}

//! What chips cost in energy and the environment, and the ways out the sources name.

#![allow(clippy::wildcard_imports)]

use super::{Group, RawSheets};
use crate::contract::*;
use crate::ingest::cells::{List, Text};
use crate::ingest::{Reader, Sheet, fact_sheet};
use crate::normalise::gazetteer::split_list;
use crate::normalise::*;
use crate::table::Value;

/// The sheets this group reads.
#[derive(Debug, Clone)]
pub struct Sheets {
    pub energy_concerns: Sheet<EnergyConcernRow>,
    pub mitigations: Sheet<MitigationRow>,
}

impl Group for Sheets {
    const TABLES: &'static [&'static TableSpec] = &[&ENERGY_CONCERNS, &MITIGATIONS];

    fn read(reader: &mut Reader) -> Self {
        Sheets {
            energy_concerns: reader.per_source("energy_concerns.csv", false),
            mitigations: reader.per_source("mitigations.csv", false),
        }
    }

    fn files(&self) -> Vec<&[crate::ingest::SheetFile]> {
        vec![&self.energy_concerns.files, &self.mitigations.files]
    }

    fn normalise(&self, raw: &RawSheets, cx: &mut Context) {
        let _ = raw;
        cx.energy_concerns(&self.energy_concerns);
        cx.mitigations(&self.mitigations);
    }
}

// -- sheets ---------------------------------------------------------------------------------

fact_sheet!(EnergyConcernRow {
    stage: Text,
    activities: List,
    impacts: List,
    description: Text,
});

fact_sheet!(MitigationRow {
    mitigation_id: Text,
    name_fr: Text,
    name_en: Text,
    description: Text,
});

// -- vocabularies -------------------------------------------------------------------------

pub const STAGES: &[Choice] = &[
    choice(
        "manufacturing",
        "Making the chips",
        &["fabrication", "production"],
    ),
    choice("use", "Running the chips", &["utilisation", "usage"]),
];

pub const IMPACTS: &[Choice] = &[
    choice("energy_intensive", "Uses a lot of energy", &["énergivore"]),
    choice("costly", "Costly", &["coûteux"]),
    choice(
        "energy_demand",
        "Raises the demand for energy",
        &["demande en énergie"],
    ),
    choice("co2_emissions", "Emits CO2", &["émissions de CO2"]),
    choice(
        "climate_change",
        "Contributes to climate change",
        &["changement climatique"],
    ),
    choice(
        "environmental_damage",
        "Harms the environment",
        &[
            "détriment de considérations environnementales",
            "dommages environnementaux",
        ],
    ),
];

// -- tables -------------------------------------------------------------------------------

pub static ENERGY_CONCERNS: TableSpec = TableSpec {
    name: "energy_concerns",
    description: "Energy and environmental costs of chips, by life-cycle stage, activity and impact.",
    sheet: "sources/<source_id>/energy_concerns.csv",
    may_be_empty: false,
    columns: &[
        text(
            "concern_id",
            "Identifier: activity and impact codes joined by '__'.",
        ),
        col("stage", ColumnType::Enum(STAGES), "Life-cycle stage."),
        text("activity", "What uses the energy (activities.code)."),
        col("impact", ColumnType::Enum(IMPACTS), "What it costs."),
        text("description", "What the article says (English)."),
        STATEMENT_ID,
        SOURCE_ID,
        PARAGRAPH,
        QUOTE,
    ],
    primary_key: &["source_id", "concern_id"],
    foreign_keys: &[
        FK_SOURCE,
        ForeignKey {
            columns: &["activity"],
            table: "activities",
            references: &["code"],
        },
    ],
    rules: &[],
};

pub static MITIGATIONS: TableSpec = TableSpec {
    name: "mitigations",
    description: "Ways out the article names for the energy and material limits of chips.",
    sheet: "sources/<source_id>/mitigations.csv",
    may_be_empty: false,
    columns: &[
        text("mitigation_id", "Identifier."),
        text("name_en", "Name in English."),
        text("name_fr", "Name as the article writes it."),
        text("description", "What it is for (English)."),
        STATEMENT_ID,
        SOURCE_ID,
        PARAGRAPH,
        QUOTE,
    ],
    primary_key: &["source_id", "mitigation_id"],
    foreign_keys: &[FK_SOURCE],
    rules: &[],
};

// -- normaliser ---------------------------------------------------------------------------

impl Context {
    fn energy_concerns(&mut self, sheet: &Sheet<EnergyConcernRow>) {
        let spec = &crate::domains::energy::ENERGY_CONCERNS;
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let stage = self.code(spec, "stage", row.stage.as_str(), &origin);
            let activities: Vec<Value> = split_list(row.activities.as_str())
                .iter()
                .map(|a| {
                    self.vocabulary_code(
                        &crate::domains::vocabularies::ACTIVITIES,
                        "activities",
                        a,
                        &origin,
                    )
                })
                .collect();
            let impacts: Vec<Value> = split_list(row.impacts.as_str())
                .iter()
                .map(|i| self.code(spec, "impact", i, &origin))
                .collect();
            for activity in &activities {
                for impact in &impacts {
                    let cells = vec![
                        ("concern_id", format!("{activity}__{impact}").into()),
                        ("stage", stage),
                        ("activity", *activity),
                        ("impact", *impact),
                        ("description", row.description.as_str().into()),
                    ];
                    self.push(spec, &origin, with_cite(cells, row));
                }
            }
        }
    }

    fn mitigations(&mut self, sheet: &Sheet<MitigationRow>) {
        for record in &sheet.records {
            let row = &record.row;
            let cells = vec![
                ("mitigation_id", row.mitigation_id.as_str().into()),
                ("name_en", row.name_en.as_str().into()),
                ("name_fr", row.name_fr.as_str().into()),
                ("description", row.description.as_str().into()),
            ];
            self.push(
                &crate::domains::energy::MITIGATIONS,
                &sheet.origin(record),
                with_cite(cells, row),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::testing::{errors, rows, source_sheet};

    #[test]
    fn a_concern_is_one_row_per_activity_and_impact() {
        let mut cx = Context::default();
        cx.vocabularies.insert(
            "activities",
            [
                ("purification du silicium", "silicon_purification"),
                ("fabrication des puces", "chip_fabrication"),
                ("entraînement des modèles", "model_training"),
            ]
            .into_iter()
            .map(|(spelling, code)| (petrochip_text::fold(spelling), code.to_string()))
            .collect(),
        );
        let concerns = source_sheet::<EnergyConcernRow>(
            "s",
            "raw/sources/s/energy_concerns.csv",
            "stage,activities,impacts,description,paragraph,quote\n\
             fabrication,\"purification du silicium, fabrication des puces\",\"énergivore, coûteux\",Costly to make,41,La fabrication est énergivore\n\
             recyclage,entraînement des modèles,émissions de CO2,Training emits,42,l'entraînement émet du CO2\n",
        );
        cx.energy_concerns(&concerns);
        assert_eq!(
            rows(
                &cx,
                "energy_concerns",
                &["concern_id", "stage", "activity", "impact", "paragraph"]
            ),
            [
                [
                    "silicon_purification__energy_intensive",
                    "manufacturing",
                    "silicon_purification",
                    "energy_intensive",
                    "41"
                ],
                [
                    "silicon_purification__costly",
                    "manufacturing",
                    "silicon_purification",
                    "costly",
                    "41"
                ],
                [
                    "chip_fabrication__energy_intensive",
                    "manufacturing",
                    "chip_fabrication",
                    "energy_intensive",
                    "41"
                ],
                [
                    "chip_fabrication__costly",
                    "manufacturing",
                    "chip_fabrication",
                    "costly",
                    "41"
                ],
                [
                    "model_training__co2_emissions",
                    "",
                    "model_training",
                    "co2_emissions",
                    "42"
                ],
            ]
        );
        assert_eq!(
            errors(&cx),
            [
                "raw/sources/s/energy_concerns.csv:3: column \"stage\": \"recyclage\" is not an accepted stage; use one of: manufacturing (fabrication, production); use (utilisation, usage)"
            ]
        );
    }

    #[test]
    fn a_mitigation_is_published_as_typed_with_its_citation() {
        let mut cx = Context::default();
        let mitigations = source_sheet::<MitigationRow>(
            "s",
            "raw/sources/s/mitigations.csv",
            "mitigation_id,name_fr,name_en,description,paragraph,quote\n\
             renewable_energy,énergies renouvelables,renewable energy,Power fabs with renewables,45,des sources d'énergie renouvelables\n",
        );
        cx.mitigations(&mitigations);
        assert_eq!(
            rows(
                &cx,
                "mitigations",
                &[
                    "mitigation_id",
                    "name_en",
                    "name_fr",
                    "source_id",
                    "paragraph",
                    "quote"
                ]
            ),
            [[
                "renewable_energy",
                "renewable energy",
                "énergies renouvelables",
                "s",
                "45",
                "des sources d'énergie renouvelables"
            ]]
        );
        assert_eq!(errors(&cx), Vec::<String>::new());
    }
}

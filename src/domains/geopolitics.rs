//! The oil comparison, data-centre location and where each source places countries in the chip
//! contest.

#![allow(clippy::wildcard_imports)]

use super::{Group, RawSheets};
use crate::contract::*;
use crate::ingest::cells::{List, Text, Whole};
use crate::ingest::{Cited, Reader, Sheet, fact_sheet};
use crate::normalise::gazetteer::Gazetteer;
use crate::normalise::*;

/// The sheets this group reads.
#[derive(Debug, Clone)]
pub struct Sheets {
    pub oil_regions: Sheet<OilRegionRow>,
    pub datacentre_factors: Sheet<DatacentreFactorRow>,
    pub positions: Sheet<PositionRow>,
}

impl Group for Sheets {
    const TABLES: &'static [&'static TableSpec] = &[&OIL_REGIONS, &DATACENTRE_FACTORS, &POSITIONS];

    fn read(reader: &mut Reader) -> Self {
        Sheets {
            oil_regions: reader.per_source("oil_regions.csv", false),
            datacentre_factors: reader.per_source("datacentre_factors.csv", false),
            positions: reader.per_source("positions.csv", false),
        }
    }

    fn files(&self) -> Vec<&[crate::ingest::SheetFile]> {
        vec![
            &self.oil_regions.files,
            &self.datacentre_factors.files,
            &self.positions.files,
        ]
    }

    fn normalise(&self, raw: &RawSheets, cx: &mut Context) {
        let _ = raw;
        let g = cx.gazetteer.clone();
        cx.oil_regions(&self.oil_regions, &g);
        cx.datacentre_factors(&self.datacentre_factors);
        cx.positions(&self.positions, &g);
    }
}

// -- sheets ---------------------------------------------------------------------------------

fact_sheet!(OilRegionRow {
    region_id: Text,
    name_fr: Text,
    name_en: Text,
    /// Empty when the region is itself a country or spans several.
    country: Option<String>,
    setting: Option<String>,
    wave: Whole,
    listed_order: Whole,
});

fact_sheet!(DatacentreFactorRow {
    /// The analyst's id (snake_case English), never derived from the name.
    factor_id: Text,
    rank: Text,
    name_fr: Text,
    name_en: Text,
    description: Text,
});

fact_sheet!(PositionRow {
    entities: List,
    domain: Text,
    stance: Text,
});

// -- vocabularies -------------------------------------------------------------------------

pub const SETTINGS: &[Choice] = &[
    choice("onshore", "On land", &["à terre", "terrestre"]),
    choice("offshore", "At sea", &["en offshore", "offshore", "en mer"]),
];

pub const DOMAINS: &[Choice] = &[
    choice(
        "semiconductors",
        "Design and manufacture of semiconductors",
        &["semi-conducteurs"],
    ),
    choice("gpu", "Access to GPUs", &["GPU"]),
    choice(
        "artificial_intelligence",
        "Artificial intelligence",
        &["IA", "intelligence artificielle"],
    ),
    choice(
        "chip_users",
        "Large users of processors and semiconductors",
        &["utilisateurs"],
    ),
];

pub const STANCES: &[Choice] = &[
    choice(
        "bipolar_pole",
        "One of the two poles of a bipolar world",
        &["pôle", "monde bipolaire"],
    ),
    choice(
        "absent_non_aligned",
        "Absent and non-aligned",
        &["absents et non-alignés"],
    ),
    choice("leader", "Has taken the lead", &["leadership", "leader"]),
    choice(
        "not_yet_competitive",
        "Not (yet) competitive",
        &["pas (encore) compétitifs"],
    ),
    choice(
        "no_major_player",
        "Has no major player",
        &["aucun acteur important"],
    ),
    choice(
        "critical_supplier",
        "A supplier the world depends on",
        &["fournisseur", "dépendance mondiale"],
    ),
    choice(
        "performance_race",
        "Engaged in a race for performance",
        &["course à la performance"],
    ),
];

// -- tables -------------------------------------------------------------------------------

pub static OIL_REGIONS: TableSpec = TableSpec {
    name: "oil_regions",
    description: "The oil regions of the historical comparison, in the order the article lists them.",
    sheet: "sources/<source_id>/oil_regions.csv",
    may_be_empty: false,
    columns: &[
        text("region_id", "Identifier."),
        text("name_en", "Name in English."),
        text(
            "name_fr",
            "Name as the article writes it (typos corrected).",
        ),
        optional(text(
            "country_iso3",
            "The country, when the region lies in one (countries.iso3).",
        )),
        optional(col(
            "setting",
            ColumnType::Enum(SETTINGS),
            "Onshore or offshore, where the article says.",
        )),
        ranged(
            col(
                "wave",
                ColumnType::Integer,
                "Which wave of the article's sequence (1, 2, 3).",
            ),
            1.0,
            10.0,
        ),
        ranged(
            col(
                "listed_order",
                ColumnType::Integer,
                "Position in the article's list.",
            ),
            1.0,
            1000.0,
        ),
        STATEMENT_ID,
        SOURCE_ID,
        PARAGRAPH,
        QUOTE,
    ],
    primary_key: &["source_id", "region_id"],
    foreign_keys: &[FK_SOURCE, FK_COUNTRY, FK_COUNTRY_ENTITY],
    rules: &[],
};

pub static DATACENTRE_FACTORS: TableSpec = TableSpec {
    name: "datacentre_factors",
    description: "Why the location of data centres is a geopolitical issue, in the article's order.",
    sheet: "sources/<source_id>/datacentre_factors.csv",
    may_be_empty: false,
    columns: &[
        text(
            "factor_id",
            "Identifier the analyst types (snake_case English); never derived from the name, so renaming a factor keeps its key.",
        ),
        ranged(
            col(
                "rank",
                ColumnType::Integer,
                "Number the article gives the factor.",
            ),
            1.0,
            100.0,
        ),
        text("name_en", "Name in English."),
        text("name_fr", "Name as the article writes it."),
        text("description", "What the article says (English)."),
        STATEMENT_ID,
        SOURCE_ID,
        PARAGRAPH,
        QUOTE,
    ],
    primary_key: &["source_id", "factor_id"],
    foreign_keys: &[FK_SOURCE],
    rules: &[],
};

pub static POSITIONS: TableSpec = TableSpec {
    name: "positions",
    description: "Where the article places countries and regions in the chip contest.",
    sheet: "sources/<source_id>/positions.csv",
    may_be_empty: false,
    columns: &[
        text("entity_id", "The country or region (entities.entity_id)."),
        col(
            "domain",
            ColumnType::Enum(DOMAINS),
            "The field the position is about.",
        ),
        col("stance", ColumnType::Enum(STANCES), "The position."),
        STATEMENT_ID,
        SOURCE_ID,
        PARAGRAPH,
        QUOTE,
    ],
    primary_key: &["source_id", "entity_id", "domain", "stance", "paragraph"],
    foreign_keys: &[FK_SOURCE, FK_ENTITY],
    rules: &[],
};

// -- normaliser ---------------------------------------------------------------------------

impl Context {
    fn oil_regions(&mut self, sheet: &Sheet<OilRegionRow>, g: &Gazetteer) {
        let spec = &crate::domains::geopolitics::OIL_REGIONS;
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let country = row
                .country
                .as_deref()
                .and_then(|c| self.country(g, c, &origin, "country"));
            let setting = self.optional_code(spec, "setting", row.setting.as_deref(), &origin);
            let cells = vec![
                ("region_id", row.region_id.as_str().into()),
                ("name_en", row.name_en.as_str().into()),
                ("name_fr", row.name_fr.as_str().into()),
                ("country_iso3", country.into()),
                ("setting", setting),
                ("wave", i64::from(row.wave.0).into()),
                ("listed_order", i64::from(row.listed_order.0).into()),
            ];
            let mut trace = Trace {
                typed: vec![
                    typed("wave", "wave", &row.wave.0.to_string()),
                    typed(
                        "listed_order",
                        "listed_order",
                        &row.listed_order.0.to_string(),
                    ),
                ],
                inputs: Vec::new(),
            };
            if let Some(country) = row.country.as_deref() {
                trace.typed.push(typed("country_iso3", "country", country));
            }
            self.push_traced(spec, &origin, with_cite(cells, row), trace);
        }
    }

    fn datacentre_factors(&mut self, sheet: &Sheet<DatacentreFactorRow>) {
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let typed = row.rank.as_str();
            let rank = typed
                .trim_end_matches(['.', ')'])
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|r| *r >= 1);
            if rank.is_none() {
                self.fail(
                    &origin,
                    "rank",
                    format!("\"{typed}\" is not a list number; write 1, 1. or 1)"),
                );
            }
            let cells = vec![
                ("factor_id", row.factor_id.as_str().into()),
                ("rank", rank.map(i64::from).into()),
                ("name_en", row.name_en.as_str().into()),
                ("name_fr", row.name_fr.as_str().into()),
                ("description", row.description.as_str().into()),
            ];
            self.push(
                &crate::domains::geopolitics::DATACENTRE_FACTORS,
                &origin,
                with_cite(cells, row),
            );
        }
    }

    fn positions(&mut self, sheet: &Sheet<PositionRow>, g: &Gazetteer) {
        let spec = &crate::domains::geopolitics::POSITIONS;
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let domain = self.code(spec, "domain", row.domain.as_str(), &origin);
            let stance = self.code(spec, "stance", row.stance.as_str(), &origin);
            let cited = (&origin, row.quote());
            for id in self.named_in_quote(g, cited, "entities", row.entities.as_str(), false) {
                let cells = vec![
                    ("entity_id", id.into()),
                    ("domain", domain),
                    ("stance", stance),
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
    fn a_factor_rank_is_a_list_number() {
        let mut cx = Context::default();
        let factors = source_sheet::<DatacentreFactorRow>(
            "s",
            "raw/sources/s/datacentre_factors.csv",
            "factor_id,rank,name_fr,name_en,description,paragraph,quote\n\
             energy,2),Énergie,Energy,Cheap power,3,des sources d'énergie bon marché\n\
             sovereignty,1.,Souveraineté,Sovereignty,Control of data,2,leur souveraineté numérique\n\
             climate,premier,Climat,Climate,Cooling,4,un climat frais aide\n",
        );
        cx.datacentre_factors(&factors);
        assert_eq!(
            rows(
                &cx,
                "datacentre_factors",
                &["factor_id", "rank", "name_en", "source_id", "paragraph"]
            ),
            [
                ["energy", "2", "Energy", "s", "3"],
                ["sovereignty", "1", "Sovereignty", "s", "2"],
                ["climate", "", "Climate", "s", "4"],
            ]
        );
        assert_eq!(
            errors(&cx),
            [
                "raw/sources/s/datacentre_factors.csv:4: column \"rank\": \"premier\" is not a list number; write 1, 1. or 1)"
            ]
        );
    }

    #[test]
    fn an_oil_region_names_its_country_by_code_and_keeps_what_was_typed() {
        let mut cx = Context::default();
        let g = gazetteer(&[("USA", "country", "États-Unis"), ("IRQ", "country", "Irak")]);
        let regions = source_sheet::<OilRegionRow>(
            "s",
            "raw/sources/s/oil_regions.csv",
            "region_id,name_fr,name_en,country,setting,wave,listed_order,paragraph,quote\n\
             texas,Texas,Texas,États-Unis,à terre,1,1,5,le Texas puis l'Irak\n\
             gulf,Golfe,Gulf,,en mer,2,2,5,le golfe Persique ensuite\n",
        );
        cx.oil_regions(&regions, &g);
        assert_eq!(
            rows(
                &cx,
                "oil_regions",
                &[
                    "region_id",
                    "country_iso3",
                    "setting",
                    "wave",
                    "listed_order"
                ]
            ),
            [
                ["texas", "USA", "onshore", "1", "1"],
                ["gulf", "", "offshore", "2", "2"],
            ]
        );
        assert_eq!(errors(&cx), Vec::<String>::new());
        let texas = &cx.tables["oil_regions"].rows[0];
        assert_eq!(
            texas.trace().typed,
            [
                typed("wave", "wave", "1"),
                typed("listed_order", "listed_order", "1"),
                typed("country_iso3", "country", "États-Unis"),
            ]
        );
    }
}

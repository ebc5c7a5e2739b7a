//! The largest corporate users of chips.

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
    pub corporate_users: Sheet<CorporateUserRow>,
}

impl Group for Sheets {
    const TABLES: &'static [&'static TableSpec] = &[&CORPORATE_USERS];

    fn read(reader: &mut Reader) -> Self {
        Sheets {
            corporate_users: reader.per_source("corporate_users.csv", false),
        }
    }

    fn files(&self) -> Vec<&[crate::ingest::SheetFile]> {
        vec![&self.corporate_users.files]
    }

    fn normalise(&self, raw: &RawSheets, cx: &mut Context) {
        let _ = raw;
        let g = cx.gazetteer.clone();
        cx.corporate_users(&self.corporate_users, &g);
    }
}

// -- sheets ---------------------------------------------------------------------------------

fact_sheet!(CorporateUserRow {
    companies: List,
    nationality: Text,
    user_group: Text,
});

// -- vocabularies -------------------------------------------------------------------------

pub const USER_GROUPS: &[Choice] = &[
    choice(
        "magnificent_seven",
        "One of the American 'Magnificent Seven'",
        &["Magnificent Seven"],
    ),
    choice(
        "other_major_user",
        "Another of the largest users the article adds to the Magnificent Seven",
        &["autre grand utilisateur"],
    ),
];

// -- tables -------------------------------------------------------------------------------

pub static CORPORATE_USERS: TableSpec = TableSpec {
    name: "corporate_users",
    description: "The largest corporate users of processors and semiconductors.",
    sheet: "sources/<source_id>/corporate_users.csv",
    may_be_empty: false,
    columns: &[
        text("entity_id", "The company (entities.entity_id)."),
        text(
            "country_iso3",
            "Its country, from the nationality the article gives (countries.iso3).",
        ),
        col(
            "user_group",
            ColumnType::Enum(USER_GROUPS),
            "The group the article puts it in.",
        ),
        STATEMENT_ID,
        SOURCE_ID,
        PARAGRAPH,
        QUOTE,
    ],
    primary_key: &["source_id", "entity_id"],
    foreign_keys: &[FK_SOURCE, FK_ENTITY, FK_COUNTRY, FK_COUNTRY_ENTITY],
    rules: &[],
};

// -- normaliser ---------------------------------------------------------------------------

impl Context {
    fn corporate_users(&mut self, sheet: &Sheet<CorporateUserRow>, g: &Gazetteer) {
        let spec = &crate::domains::users::CORPORATE_USERS;
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let country = self.country(g, row.nationality.as_str(), &origin, "nationality");
            let group = self.code(spec, "user_group", row.user_group.as_str(), &origin);
            for name in split_list(row.companies.as_str()) {
                let Some(id) = self.entity(g, &name, &origin, "companies") else {
                    continue;
                };
                if let (Some(known), Some(stated)) = (g.country_of(&id), &country)
                    && known != stated
                {
                    self.fail(&origin, "nationality", format!("{id} belongs to {known} in raw/entities.csv, but this row says {stated}"));
                }
                let cells = vec![
                    ("entity_id", id.into()),
                    ("country_iso3", country.clone().into()),
                    ("user_group", group),
                ];
                let trace = Trace {
                    typed: vec![typed(
                        "country_iso3",
                        "nationality",
                        row.nationality.as_str(),
                    )],
                    inputs: Vec::new(),
                };
                self.push_traced(spec, &origin, with_cite(cells, row), trace);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::testing::{errors, gazetteer, rows, source_sheet};

    #[test]
    fn each_company_a_row_with_the_nationality_the_row_gives() {
        let mut cx = Context::default();
        let mut g = gazetteer(&[
            ("USA", "country", "américains"),
            ("nvidia", "company", "Nvidia"),
            ("tesla", "company", "Tesla"),
            ("alibaba", "company", "Alibaba"),
        ]);
        g.set_country("nvidia", Some("USA".into()));
        g.set_country("alibaba", Some("CHN".into()));
        let users = source_sheet::<CorporateUserRow>(
            "s",
            "raw/sources/s/corporate_users.csv",
            "companies,nationality,user_group,paragraph,quote\n\
             Nvidia et Tesla,américains,Magnificent Seven,44,les Magnificent Seven américains\n\
             Alibaba,américains,autre grand utilisateur,44,et le chinois Alibaba\n",
        );
        cx.corporate_users(&users, &g);
        // Tesla has no country of its own to contradict the row; Alibaba's is CHN.
        assert_eq!(
            rows(
                &cx,
                "corporate_users",
                &["entity_id", "country_iso3", "user_group"]
            ),
            [
                ["nvidia", "USA", "magnificent_seven"],
                ["tesla", "USA", "magnificent_seven"],
                ["alibaba", "USA", "other_major_user"],
            ]
        );
        assert_eq!(
            errors(&cx),
            [
                "raw/sources/s/corporate_users.csv:3: column \"nationality\": alibaba belongs to CHN in raw/entities.csv, but this row says USA"
            ]
        );
        let typed_as: Vec<&AsTyped> = cx.tables["corporate_users"]
            .rows
            .iter()
            .flat_map(|r| &r.trace().typed)
            .collect();
        let nationality = typed("country_iso3", "nationality", "américains");
        assert_eq!(typed_as, [&nationality, &nationality, &nationality]);
    }
}

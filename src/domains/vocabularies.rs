//! Vocabularies that grow with the sources, kept as data: initiative instruments, energy
//! activities and the relations between entities. Each is a shared sheet under
//! `raw/vocabularies/` (code, description, the spellings an analyst may type) and a published
//! table; a column that takes one is a foreign key to it, and adding a code is a line in the
//! sheet, not a change to petrochip.

use rustc_hash::FxHashMap;

use serde::Deserialize;

use super::{Group, RawSheets};
use crate::contract::*;
use crate::ingest::cells::Text;
use crate::ingest::{Reader, Sheet};
use crate::normalise::*;
use crate::table::{Origin, Value};

/// The sheets this group reads.
#[derive(Debug, Clone)]
pub struct Sheets {
    pub instruments: Sheet<VocabularyRow>,
    pub activities: Sheet<VocabularyRow>,
    pub relations: Sheet<VocabularyRow>,
}

impl Group for Sheets {
    const TABLES: &'static [&'static TableSpec] = &[&INSTRUMENTS, &ACTIVITIES, &RELATIONS];

    fn read(reader: &mut Reader) -> Self {
        Sheets {
            instruments: reader.shared("vocabularies/instruments.csv"),
            activities: reader.shared("vocabularies/activities.csv"),
            relations: reader.shared("vocabularies/relations.csv"),
        }
    }

    fn files(&self) -> Vec<&[crate::ingest::SheetFile]> {
        vec![
            &self.instruments.files,
            &self.activities.files,
            &self.relations.files,
        ]
    }

    fn normalise(&self, _raw: &RawSheets, cx: &mut Context) {
        cx.vocabulary(&INSTRUMENTS, &self.instruments);
        cx.vocabulary(&ACTIVITIES, &self.activities);
        cx.vocabulary(&RELATIONS, &self.relations);
    }
}

// -- sheets ---------------------------------------------------------------------------------

/// A row of a vocabulary sheet.
#[derive(Debug, Clone, Deserialize)]
pub struct VocabularyRow {
    pub code: Text,
    pub description: Text,
    /// Other spellings, separated by `|` (matched like names: case and apostrophes folded).
    pub spellings: Option<String>,
}

// -- tables ---------------------------------------------------------------------------------

const CODE: ColumnSpec = text("code", "The code a table publishes (snake_case English).");
const DESCRIPTION: ColumnSpec = text("description", "What the code means (English).");

pub static INSTRUMENTS: TableSpec = TableSpec {
    name: "instruments",
    description: "How an initiative acts: subsidies, plans, strategies, investment, fundraising (vocabulary).",
    sheet: "vocabularies/instruments.csv",
    may_be_empty: false,
    columns: &[CODE, DESCRIPTION],
    primary_key: &["code"],
    foreign_keys: &[],
    rules: &[],
};

pub static ACTIVITIES: TableSpec = TableSpec {
    name: "activities",
    description: "What uses energy, from silicon purification to running data centres (vocabulary).",
    sheet: "vocabularies/activities.csv",
    may_be_empty: false,
    columns: &[CODE, DESCRIPTION],
    primary_key: &["code"],
    foreign_keys: &[],
    rules: &[],
};

pub static RELATIONS: TableSpec = TableSpec {
    name: "relations",
    description: "How two entities relate in entity_relations: co-founded, mentored, used for… (vocabulary; each code reads subject → object).",
    sheet: "vocabularies/relations.csv",
    may_be_empty: false,
    columns: &[CODE, DESCRIPTION],
    primary_key: &["code"],
    foreign_keys: &[],
    rules: &[],
};

// -- normaliser ---------------------------------------------------------------------------

impl Context {
    /// Publishes a vocabulary and remembers every spelling of its codes.
    fn vocabulary(&mut self, spec: &'static TableSpec, sheet: &Sheet<VocabularyRow>) {
        let mut spellings: FxHashMap<String, String> = FxHashMap::default();
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let code = row.code.as_str();
            let typed = row.spellings.as_deref().unwrap_or_default();
            for spelling in std::iter::once(code).chain(typed.split('|')) {
                let key = petrochip_text::fold(spelling);
                if key.is_empty() {
                    continue;
                }
                if let Some(other) = spellings.get(&key)
                    && other != code
                {
                    self.fail(
                        &origin,
                        "spellings",
                        format!("\"{}\" would mean both {other} and {code}; a spelling must mean one code", spelling.trim()),
                    );
                    continue;
                }
                spellings.insert(key, code.to_string());
            }
            let cells = vec![
                ("code", code.into()),
                ("description", row.description.as_str().into()),
            ];
            self.push(spec, &origin, cells);
        }
        self.vocabularies.insert(spec.name, spellings);
    }

    /// The code of `vocabulary` for what the analyst typed, or an error listing the codes and
    /// where to add a new one.
    pub(crate) fn vocabulary_code(
        &mut self,
        vocabulary: &'static TableSpec,
        column: &'static str,
        typed: &str,
        origin: &Origin,
    ) -> Value {
        let found = self
            .vocabularies
            .get(vocabulary.name)
            .and_then(|spellings| spellings.get(&petrochip_text::fold(typed)))
            .cloned();
        match found {
            Some(code) => code.into(),
            None => {
                let mut codes: Vec<String> = self
                    .vocabularies
                    .get(vocabulary.name)
                    .map(|s| s.values().cloned().collect())
                    .unwrap_or_default();
                codes.sort();
                codes.dedup();
                self.fail(
                    origin,
                    column,
                    format!(
                        "\"{typed}\" is not in raw/{}; use one of its codes or spellings ({}), or add it there",
                        vocabulary.sheet,
                        codes.join(", ")
                    ),
                );
                Value::Null
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::testing::{errors, rows, sheet};

    #[test]
    fn a_code_is_found_by_any_of_its_spellings_and_a_spelling_means_one_code() {
        let mut cx = Context::default();
        let instruments = sheet::<VocabularyRow>(
            "raw/vocabularies/instruments.csv",
            "code,description,spellings\n\
             subsidy,Public money,subventions|Subvention\n\
             plan,A plan,plan européen\n\
             law,A law,loi|subventions\n",
        );
        cx.vocabulary(&INSTRUMENTS, &instruments);
        assert_eq!(
            rows(&cx, "instruments", &["code", "description"]),
            [
                ["subsidy", "Public money"],
                ["plan", "A plan"],
                ["law", "A law"]
            ]
        );
        assert_eq!(
            errors(&cx),
            [
                "raw/vocabularies/instruments.csv:4: column \"spellings\": \"subventions\" would mean both subsidy and law; a spelling must mean one code"
            ]
        );
        let origin = Origin {
            file: "raw/sources/s/initiatives.csv".into(),
            line: 2,
        };
        let mut code = |typed: &str| cx.vocabulary_code(&INSTRUMENTS, "instrument", typed, &origin);
        // Case and spaces fold; the first code keeps the clashing spelling.
        assert_eq!(code("SUBVENTIONS"), Value::from("subsidy"));
        assert_eq!(code("Plan Européen"), Value::from("plan"));
        assert_eq!(code("loi"), Value::from("law"));
        assert_eq!(code("décret"), Value::Null);
        assert_eq!(
            errors(&cx)[1],
            "raw/sources/s/initiatives.csv:2: column \"instrument\": \"décret\" is not in raw/vocabularies/instruments.csv; use one of its codes or spellings (law, plan, subsidy), or add it there"
        );
    }
}

//! Programmes to build chip capacity or raise capital.

#![allow(clippy::wildcard_imports)]

use super::{Group, RawSheets};
use crate::contract::*;
use crate::ingest::cells::Text;
use crate::ingest::{Reader, Sheet, fact_sheet};
use crate::normalise::gazetteer::Gazetteer;
use crate::normalise::*;
use petrochip_text::period::{PeriodKind, parse_period};

/// The sheets this group reads.
#[derive(Debug, Clone)]
pub struct Sheets {
    pub initiatives: Sheet<InitiativeRow>,
}

impl Group for Sheets {
    const TABLES: &'static [&'static TableSpec] = &[&INITIATIVES];

    fn read(reader: &mut Reader) -> Self {
        Sheets {
            initiatives: reader.per_source("initiatives.csv", false),
        }
    }

    fn files(&self) -> Vec<&[crate::ingest::SheetFile]> {
        vec![&self.initiatives.files]
    }

    fn normalise(&self, raw: &RawSheets, cx: &mut Context) {
        let _ = raw;
        let g = cx.gazetteer.clone();
        cx.initiatives(&self.initiatives, &g);
    }
}

// -- sheets ---------------------------------------------------------------------------------

fact_sheet!(InitiativeRow {
    initiative_id: Text,
    actor: Text,
    name: Text,
    instrument: Text,
    objective: Text,
    target: Option<String>,
});

// -- vocabularies -------------------------------------------------------------------------

// -- tables -------------------------------------------------------------------------------

pub static INITIATIVES: TableSpec = TableSpec {
    name: "initiatives",
    description: "Programmes to build chip capacity or capital: laws, plans, strategies, investments.",
    sheet: "sources/<source_id>/initiatives.csv",
    may_be_empty: false,
    columns: &[
        text("initiative_id", "Identifier."),
        text("actor_id", "Who runs it (entities.entity_id)."),
        text(
            "name",
            "Its name as the article gives it, or a short English label when it has none.",
        ),
        text("instrument", "How it acts (instruments.code)."),
        text("objective", "What it aims at (English)."),
        optional(ranged(
            col(
                "target_year",
                ColumnType::Integer,
                "Year the objective is due, when the article gives one.",
            ),
            1900.0,
            2100.0,
        )),
        STATEMENT_ID,
        SOURCE_ID,
        PARAGRAPH,
        QUOTE,
    ],
    primary_key: &["source_id", "initiative_id"],
    foreign_keys: &[
        FK_SOURCE,
        ForeignKey {
            columns: &["actor_id"],
            table: "entities",
            references: &["entity_id"],
        },
        ForeignKey {
            columns: &["instrument"],
            table: "instruments",
            references: &["code"],
        },
    ],
    rules: &[],
};

// -- normaliser ---------------------------------------------------------------------------

impl Context {
    fn initiatives(&mut self, sheet: &Sheet<InitiativeRow>, g: &Gazetteer) {
        let spec = &crate::domains::initiatives::INITIATIVES;
        for record in &sheet.records {
            let origin = sheet.origin(record);
            let row = &record.row;
            let actor = self.entity(g, row.actor.as_str(), &origin, "actor");
            let instrument = self.vocabulary_code(
                &crate::domains::vocabularies::INSTRUMENTS,
                "instrument",
                row.instrument.as_str(),
                &origin,
            );
            let target_year = match row.target.as_deref().map(|t| parse_period(t, None)) {
                None => None,
                Some(Ok(p)) if p.kind == PeriodKind::Target => p.target_year,
                Some(Ok(p)) if p.kind == PeriodKind::Year => {
                    p.start.map(|d| chrono::Datelike::year(&d))
                }
                Some(Ok(p)) => {
                    self.fail(
                        &origin,
                        "target",
                        format!(
                            "\"{}\" is a {} period; a target is a year or a deadline (d'ici 2030)",
                            p.label,
                            p.kind.code()
                        ),
                    );
                    None
                }
                Some(Err(e)) => {
                    self.fail(&origin, "target", e.to_string());
                    None
                }
            };
            let cells = vec![
                ("initiative_id", row.initiative_id.as_str().into()),
                ("actor_id", actor.into()),
                ("name", row.name.as_str().into()),
                ("instrument", instrument),
                ("objective", row.objective.as_str().into()),
                ("target_year", target_year.map(i64::from).into()),
            ];
            let trace = Trace {
                typed: row
                    .target
                    .iter()
                    .map(|t| typed("target_year", "target", t))
                    .collect(),
                inputs: Vec::new(),
            };
            self.push_traced(spec, &origin, with_cite(cells, row), trace);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::testing::{errors, gazetteer, rows, source_sheet};

    #[test]
    fn a_target_is_a_year_or_a_deadline() {
        let mut cx = Context::default();
        cx.vocabularies.insert(
            "instruments",
            [("plan".to_string(), "plan".to_string())]
                .into_iter()
                .collect(),
        );
        let g = gazetteer(&[("eu", "organisation", "UE")]);
        let initiatives = source_sheet::<InitiativeRow>(
            "s",
            "raw/sources/s/initiatives.csv",
            "initiative_id,actor,name,instrument,objective,target,paragraph,quote\n\
             by_2030,UE,plan A,plan,Double the share,d'ici 2030,3,vise à doubler sa part\n\
             in_2027,UE,plan B,plan,Build plants,2027,4,des usines en 2027\n\
             open,UE,plan C,plan,Keep going,,5,un plan sans date\n\
             quarter,UE,plan D,plan,Start,2024-Q1,6,au premier trimestre\n",
        );
        cx.initiatives(&initiatives, &g);
        assert_eq!(
            rows(
                &cx,
                "initiatives",
                &["initiative_id", "actor_id", "instrument", "target_year"]
            ),
            [
                ["by_2030", "eu", "plan", "2030"],
                ["in_2027", "eu", "plan", "2027"],
                ["open", "eu", "plan", ""],
                ["quarter", "eu", "plan", ""],
            ]
        );
        assert_eq!(
            errors(&cx),
            [
                "raw/sources/s/initiatives.csv:5: column \"target\": \"2024-Q1\" is a quarter period; a target is a year or a deadline (d'ici 2030)"
            ]
        );
        // The target is named as typed, for validation's messages.
        let traces: Vec<Vec<AsTyped>> = cx.tables["initiatives"]
            .rows
            .iter()
            .map(|r| r.trace().typed.clone())
            .collect();
        assert_eq!(
            traces,
            [
                vec![typed("target_year", "target", "d'ici 2030")],
                vec![typed("target_year", "target", "2027")],
                vec![],
                vec![typed("target_year", "target", "2024-Q1")],
            ]
        );
    }
}

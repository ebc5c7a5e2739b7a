//! The contract as documents: a Frictionless `datapackage.json` and a Markdown data dictionary
//! (also printed by `petrochip tables`). Both come from the same table descriptions as the data.

use serde::Serialize;

use crate::contract::{CONTRACT_VERSION, ColumnSpec, ColumnType, TableSpec};
use crate::table::Dataset;

/// Frictionless Tabular Data Package describing the CSV files, with each Parquet twin noted.
/// Written from typed records, not a `serde_json::Value` tree (3 % of a seed run, its maps
/// built and dropped); their fields are declared in alphabetical order, the order the tree's
/// sorted maps gave, so the file's bytes stay what they were.
pub fn datapackage(dataset: &Dataset) -> String {
    let resources: Vec<Resource> = dataset
        .tables
        .iter()
        .map(|table| {
            let spec = table.spec;
            Resource {
                description: spec.description,
                dialect: Dialect {
                    delimiter: ",",
                    header: true,
                    line_terminator: "\n",
                    quote_char: "\"",
                },
                encoding: "utf-8",
                format: "csv",
                mediatype: "text/csv",
                name: spec.name,
                parquet: format!("{}.parquet", spec.name),
                path: format!("{}.csv", spec.name),
                profile: "tabular-data-resource",
                rows: table.rows.len(),
                schema: schema(spec),
            }
        })
        .collect();
    let package = Package {
        licenses: [Named {
            name: "CC-BY-4.0",
            title: "Creative Commons Attribution 4.0",
        }],
        name: "petrochip",
        profile: "tabular-data-package",
        resources,
        sources: [Titled {
            title: "Pétrole et semi-conducteurs : une histoire qui se répète mais qui ne se ressemble pas (Jean-Claude Muller, John-Guy Park, 6 March 2024)",
        }],
        title: "Oil and semiconductors: the figures and entities of one article",
        version: CONTRACT_VERSION,
    };
    let mut text = serde_json::to_string_pretty(&package).unwrap_or_default();
    text.push('\n');
    text
}

#[derive(Serialize)]
struct Package {
    licenses: [Named; 1],
    name: &'static str,
    profile: &'static str,
    resources: Vec<Resource>,
    sources: [Titled; 1],
    title: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Named {
    name: &'static str,
    title: &'static str,
}

#[derive(Serialize)]
struct Titled {
    title: &'static str,
}

#[derive(Serialize)]
struct Resource {
    description: &'static str,
    dialect: Dialect,
    encoding: &'static str,
    format: &'static str,
    mediatype: &'static str,
    name: &'static str,
    parquet: String,
    path: String,
    profile: &'static str,
    rows: usize,
    schema: Schema,
}

#[derive(Serialize)]
struct Dialect {
    delimiter: &'static str,
    header: bool,
    #[serde(rename = "lineTerminator")]
    line_terminator: &'static str,
    #[serde(rename = "quoteChar")]
    quote_char: &'static str,
}

#[derive(Serialize)]
struct Schema {
    fields: Vec<Field>,
    #[serde(rename = "foreignKeys")]
    foreign_keys: Vec<Reference>,
    #[serde(rename = "missingValues")]
    missing_values: [&'static str; 1],
    #[serde(rename = "primaryKey")]
    primary_key: &'static [&'static str],
}

#[derive(Serialize)]
struct Reference {
    fields: &'static [&'static str],
    reference: Target,
}

#[derive(Serialize)]
struct Target {
    fields: &'static [&'static str],
    resource: &'static str,
}

#[derive(Serialize)]
struct Field {
    constraints: Constraints,
    description: &'static str,
    name: &'static str,
    #[serde(rename = "type")]
    ty: &'static str,
}

#[derive(Serialize)]
struct Constraints {
    #[serde(rename = "enum", skip_serializing_if = "Option::is_none")]
    choices: Option<Vec<&'static str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    maximum: Option<Bound>,
    #[serde(skip_serializing_if = "Option::is_none")]
    minimum: Option<Bound>,
    required: bool,
}

/// A range's bound: whole for an integer column (`0`), a number otherwise (`0.0`).
#[derive(Serialize)]
#[serde(untagged)]
enum Bound {
    Integer(i64),
    Number(f64),
}

fn schema(spec: &TableSpec) -> Schema {
    // Table Schema treats a composite key that is partly empty as dangling, where petrochip
    // (like SQL) skips it: such a key (a figure's source_id with no initiative_id) is checked by
    // petrochip's gate and left out of the package.
    let partly_optional = |fk: &&crate::contract::ForeignKey| {
        fk.columns.len() > 1
            && fk
                .columns
                .iter()
                .any(|c| spec.column(c).is_some_and(|c| !c.required))
    };
    Schema {
        fields: spec.columns.iter().map(field).collect(),
        foreign_keys: spec
            .foreign_keys
            .iter()
            .filter(|fk| !partly_optional(fk))
            .map(|fk| Reference {
                fields: fk.columns,
                reference: Target {
                    fields: fk.references,
                    resource: fk.table,
                },
            })
            .collect(),
        missing_values: [""],
        primary_key: spec.primary_key,
    }
}

fn field(column: &ColumnSpec) -> Field {
    let bound = |x: f64| {
        if matches!(column.ty, ColumnType::Integer) {
            Bound::Integer(x as i64)
        } else {
            Bound::Number(x)
        }
    };
    let choices = match column.ty {
        ColumnType::Enum(choices) => Some(choices.iter().map(|c| c.code).collect()),
        _ => None,
    };
    Field {
        constraints: Constraints {
            choices,
            maximum: column.range.map(|(_, high)| bound(high)),
            minimum: column.range.map(|(low, _)| bound(low)),
            required: column.required,
        },
        description: column.description,
        name: column.name,
        ty: match column.ty {
            ColumnType::Enum(_) | ColumnType::Text => "string",
            other => other.name(),
        },
    }
}

/// The data dictionary in Markdown; with a dataset, it also gives each table's row count.
pub fn dictionary(dataset: &Dataset) -> String {
    render(|name| dataset.table(name).map(|t| t.rows.len()))
}

/// The contract alone, for `petrochip tables`.
pub fn contract_text() -> String {
    render(|_| None)
}

fn render(rows: impl Fn(&str) -> Option<usize>) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "# petrochip output, contract {CONTRACT_VERSION}\n\n\
         Generated by petrochip from its table contract; do not edit. Every table is here as\n\
         `<table>.csv` and `<table>.parquet` with the same rows; `datapackage.json` describes them\n\
         for Frictionless tools. In CSV, an empty cell is a null.\n\n\
         Safe to open in a spreadsheet: in the CSV files only, a text cell that starts with `=`,\n\
         `+`, `-`, `@`, a tab, a carriage return or `'` is written with one extra leading `'`, so\n\
         no spreadsheet runs it as a formula; strip one leading `'` from a text cell to get the\n\
         value. Parquet keeps every text as it is. `validation.json` lists every check that ran,\n\
         its severity, and what it found.\n\n\
         Each Parquet file documents itself: every column's description is its Arrow field's\n\
         `description`, the table's description and keys are the schema's `petrochip.*` pairs, and\n\
         required columns are non-nullable. `duckdb.sql` makes a DuckDB view of every table with\n\
         these descriptions as comments: run it from this folder, or after\n\
         `SET file_search_path = '<this folder>'`.\n"
    ));
    for spec in crate::domains::tables() {
        out.push_str(&format!("\n## {}\n\n{}\n\n", spec.name, spec.description));
        if let Some(n) = rows(spec.name) {
            out.push_str(&format!("- rows: {n}\n"));
        }
        out.push_str(&format!("- from: `raw/{}`\n", spec.sheet));
        out.push_str(&format!("- primary key: {}\n", spec.primary_key.join(", ")));
        for fk in spec.foreign_keys {
            out.push_str(&format!(
                "- foreign key: {} → {}.{}\n",
                fk.columns.join(", "),
                fk.table,
                fk.references.join(", ")
            ));
        }
        for rule in spec.rules {
            out.push_str(&format!("- rule `{}`: {}\n", rule.name, rule.description));
        }
        out.push_str("\n| column | type | required | description |\n|---|---|---|---|\n");
        for column in spec.columns {
            let ty = match column.range {
                Some((low, high)) => format!("{} ({low}..{high})", column.ty.name()),
                None => column.ty.name().to_string(),
            };
            let required = if column.required { "yes" } else { "no" };
            let mut description = column.description.to_string();
            if let ColumnType::Enum(choices) = column.ty {
                let values: Vec<String> = choices
                    .iter()
                    .map(|c| format!("`{}` {}", c.code, c.description))
                    .collect();
                description.push_str(&format!(" Values: {}.", values.join("; ")));
            }
            out.push_str(&format!(
                "| {} | {ty} | {required} | {} |\n",
                column.name,
                description.replace('|', "\\|")
            ));
        }
    }
    out
}

/// `duckdb.sql`: a view over each table's Parquet file, with the table's and every column's
/// description as DuckDB comments, so `duckdb_columns()` and the `.schema` of a database built
/// from it document themselves. The files are named bare (`'figures.parquet'`), which DuckDB
/// finds from the output folder itself or through `SET file_search_path`; no path in the file
/// depends on where `--out` is, so the file is the same wherever the run writes.
pub fn duckdb_sql(dataset: &Dataset) -> String {
    let mut out = format!(
        "-- petrochip output, contract {CONTRACT_VERSION}: a documented DuckDB view over each Parquet file.\n\
         -- Generated by petrochip from its table contract; do not edit.\n\
         -- The files are named without a folder. From the output folder:\n\
         --   cd output && duckdb ../petrochip.duckdb < duckdb.sql\n\
         -- From its parent (the repository root), tell DuckDB where to look first:\n\
         --   duckdb -cmd \"SET file_search_path = 'output'\" petrochip.duckdb < output/duckdb.sql\n\
         -- A view reads its file when queried: query from output/, or with the same search path.\n\
         -- Enumerations read as VARCHAR; each column's comment lists the values.\n"
    );
    for table in &dataset.tables {
        let spec = table.spec;
        let view = sql_identifier(spec.name);
        out.push_str(&format!(
            "\nCREATE OR REPLACE VIEW {view} AS SELECT * FROM read_parquet({});\n",
            sql_string(&format!("{}.parquet", spec.name))
        ));
        out.push_str(&format!(
            "COMMENT ON VIEW {view} IS {};\n",
            sql_string(&view_comment(spec))
        ));
        for column in spec.columns {
            out.push_str(&format!(
                "COMMENT ON COLUMN {view}.{} IS {};\n",
                sql_identifier(column.name),
                sql_string(&column_comment(column))
            ));
        }
    }
    out
}

/// A table's description and key, as the view's comment.
fn view_comment(spec: &TableSpec) -> String {
    format!("{} Key: {}.", spec.description, spec.primary_key.join(", "))
}

/// A column's description; an enumeration's values follow, since DuckDB reads them as text.
fn column_comment(column: &ColumnSpec) -> String {
    match column.ty {
        ColumnType::Enum(choices) => {
            let codes: Vec<&str> = choices.iter().map(|c| c.code).collect();
            format!("{} Values: {}.", column.description, codes.join(", "))
        }
        _ => column.description.to_string(),
    }
}

/// A SQL string literal: single quotes doubled.
fn sql_string(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// A quoted SQL identifier: double quotes doubled.
fn sql_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sql_literals_double_their_quotes() {
        assert_eq!(sql_string("l'usine d'Intel"), "'l''usine d''Intel'");
        assert_eq!(sql_string("''"), "''''''");
        assert_eq!(sql_string("a;b -- c"), "'a;b -- c'");
        assert_eq!(sql_identifier("figures"), "\"figures\"");
        assert_eq!(sql_identifier("a\"b"), "\"a\"\"b\"");
    }

    #[test]
    fn every_table_and_column_is_commented_once() {
        let dataset = Dataset {
            tables: crate::domains::tables()
                .iter()
                .map(|spec| crate::table::Table::new(spec))
                .collect(),
        };
        let sql = duckdb_sql(&dataset);
        for spec in crate::domains::tables() {
            let view = format!("\"{}\"", spec.name);
            let create = format!(
                "CREATE OR REPLACE VIEW {view} AS SELECT * FROM read_parquet('{}.parquet');\n",
                spec.name
            );
            assert_eq!(sql.matches(&create).count(), 1, "{}", spec.name);
            assert_eq!(
                sql.matches(&format!("COMMENT ON VIEW {view} IS '")).count(),
                1
            );
            for column in spec.columns {
                let comment = format!("COMMENT ON COLUMN {view}.\"{}\" IS '", column.name);
                assert_eq!(
                    sql.matches(&comment).count(),
                    1,
                    "{}.{}",
                    spec.name,
                    column.name
                );
            }
        }
    }
}

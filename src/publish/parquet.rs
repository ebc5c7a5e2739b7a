//! Parquet through Polars, typed from the contract: enumerations as Enum (dictionary-encoded
//! categoricals in pyarrow, pandas and DuckDB), dates as Date, integers as Int64. zstd, one row
//! group, no parallel writing, so the bytes are the same on every run. The file's metadata
//! carries the table's and columns' descriptions and the contract version.

use std::path::Path;

use polars::prelude::*;

use super::{PublishError, Staged};
use crate::contract::{CONTRACT_VERSION, ColumnSpec, ColumnType};
use crate::table::{Table, Value};

/// Polars' default row group size.
const DEFAULT_ROW_GROUP: usize = 512 * 512;

pub fn write(table: &Table, path: &Path, staged: &mut Staged) -> Result<(), PublishError> {
    let fail = |e: PolarsError| PublishError::Parquet {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let mut frame = frame(table).map_err(fail)?;
    let mut bytes = Vec::new();
    ParquetWriter::new(&mut bytes)
        .with_compression(ParquetCompression::Zstd(None))
        .set_parallel(false)
        // The writer's default (512² rows) for large tables; sized to a small table, it spares
        // zeroing an 8 MiB buffer. Either way the same bytes.
        .with_row_group_size(Some(table.rows.len().clamp(1, DEFAULT_ROW_GROUP)))
        .with_key_value_metadata(Some(KeyValueMetadata::from_static(metadata(table))))
        .finish(&mut frame)
        .map_err(fail)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    staged.write(&name.unwrap_or_default(), &bytes, Some(table.rows.len()))
}

/// The table as a Polars frame with the contract's types.
pub fn frame(table: &Table) -> PolarsResult<DataFrame> {
    let columns = table
        .spec
        .columns
        .iter()
        .enumerate()
        .map(|(i, spec)| series(table, i, spec).map(IntoColumn::into_column))
        .collect::<PolarsResult<Vec<_>>>()?;
    DataFrame::new(table.rows.len(), columns)
}

fn series(table: &Table, index: usize, spec: &ColumnSpec) -> PolarsResult<Series> {
    let name: PlSmallStr = spec.name.into();
    let values = table.rows.iter().map(|r| &r.values[index]);
    Ok(match spec.ty {
        ColumnType::Text => Series::new(name, values.map(Value::as_text).collect::<Vec<_>>()),
        ColumnType::Enum(choices) => {
            let categories = FrozenCategories::new(choices.iter().map(|c| c.code))?;
            let strings = Series::new(name, values.map(Value::as_text).collect::<Vec<_>>());
            strings.strict_cast(&DataType::from_frozen_categories(categories))?
        }
        ColumnType::Integer => Series::new(name, values.map(Value::as_int).collect::<Vec<_>>()),
        ColumnType::Number => Series::new(name, values.map(Value::as_f64).collect::<Vec<_>>()),
        ColumnType::Boolean => Series::new(name, values.map(Value::as_bool).collect::<Vec<_>>()),
        ColumnType::Date => {
            let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
            let days = values
                .map(|v| {
                    v.as_date()
                        .and_then(|d| i32::try_from((d - epoch).num_days()).ok())
                })
                .collect::<Vec<_>>();
            Series::new(name, days).cast(&DataType::Date)?
        }
    })
}

/// Key-value metadata so a notebook can read the dictionary without the repository:
/// `petrochip.columns` maps each column to its description, in the table's column order, and
/// `petrochip.foreign_keys` lists the joins in `datapackage.json`'s `foreignKeys` form.
fn metadata(table: &Table) -> Vec<(String, String)> {
    let spec = table.spec;
    // Built by hand: a serde_json map would sort the columns by name.
    let columns = spec
        .columns
        .iter()
        .map(|c| {
            format!(
                "{}:{}",
                serde_json::Value::from(c.name),
                serde_json::Value::from(c.description)
            )
        })
        .collect::<Vec<_>>()
        .join(",");
    let foreign_keys: Vec<serde_json::Value> = spec
        .foreign_keys
        .iter()
        .map(|fk| {
            serde_json::json!({
                "fields": fk.columns,
                "reference": { "resource": fk.table, "fields": fk.references },
            })
        })
        .collect();
    vec![
        ("petrochip.contract_version".into(), CONTRACT_VERSION.into()),
        ("petrochip.table".into(), spec.name.into()),
        ("petrochip.description".into(), spec.description.into()),
        ("petrochip.primary_key".into(), spec.primary_key.join(",")),
        ("petrochip.columns".into(), format!("{{{columns}}}")),
        (
            "petrochip.foreign_keys".into(),
            serde_json::Value::from(foreign_keys).to_string(),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_columns_keep_the_table_order_and_parse_as_json() {
        for spec in crate::domains::tables() {
            let table = Table::new(spec);
            let pairs = metadata(&table);
            let value = |key: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            };
            let columns = value("petrochip.columns");
            serde_json::from_str::<serde_json::Value>(&columns).expect("columns are JSON");
            let mut at = 0;
            for column in spec.columns {
                let key = serde_json::Value::from(column.name).to_string();
                let found = columns[at..].find(&key).expect("every column, in order");
                at += found + key.len();
            }
            let fks: serde_json::Value =
                serde_json::from_str(&value("petrochip.foreign_keys")).expect("JSON");
            assert_eq!(fks.as_array().map(Vec::len), Some(spec.foreign_keys.len()));
        }
    }
}

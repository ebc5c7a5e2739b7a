//! Parquet through Polars, typed from the contract: enumerations as Enum (dictionary-encoded
//! categoricals in pyarrow, pandas and DuckDB), dates as Date, integers as Int64. zstd, one row
//! group, no parallel writing, so the bytes are the same on every run. The file's metadata
//! carries the table's and columns' descriptions and the contract version.

use std::path::Path;

use polars::prelude::*;

use super::{PublishError, write_file};
use crate::contract::{CONTRACT_VERSION, ColumnSpec, ColumnType};
use crate::table::{Table, Value};

pub fn write(table: &Table, path: &Path) -> Result<(), PublishError> {
    let fail = |e: PolarsError| PublishError::Parquet {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let mut frame = frame(table).map_err(fail)?;
    let mut bytes = Vec::new();
    ParquetWriter::new(&mut bytes)
        .with_compression(ParquetCompression::Zstd(None))
        .set_parallel(false)
        .with_key_value_metadata(Some(KeyValueMetadata::from_static(metadata(table))))
        .finish(&mut frame)
        .map_err(fail)?;
    write_file(path, &bytes)
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

/// Key-value metadata so a notebook can read the dictionary without the repository.
fn metadata(table: &Table) -> Vec<(String, String)> {
    let columns: serde_json::Map<String, serde_json::Value> = table
        .spec
        .columns
        .iter()
        .map(|c| (c.name.to_string(), serde_json::Value::from(c.description)))
        .collect();
    vec![
        ("petrochip.contract_version".into(), CONTRACT_VERSION.into()),
        ("petrochip.table".into(), table.spec.name.into()),
        (
            "petrochip.description".into(),
            table.spec.description.into(),
        ),
        (
            "petrochip.primary_key".into(),
            table.spec.primary_key.join(","),
        ),
        (
            "petrochip.columns".into(),
            serde_json::Value::Object(columns).to_string(),
        ),
    ]
}

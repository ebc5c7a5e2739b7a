//! A table's rows as its Parquet file holds them, as the same cell text its CSV twin would
//! show, so that `diff` and `check` can say which rows of an edited Parquet file differ instead
//! of only that its bytes do.

use std::path::Path;

use chrono::{Duration, NaiveDate};
use polars::prelude::*;

use super::{DiffError, Resource, Rows, show_key};
use crate::table::Value;

/// The rows of `resource`'s Parquet file in `folder`, keyed like [`super::read_rows`]; the
/// "line" of a row is its position in the file, counting from 1.
pub(super) fn read_rows(folder: &Path, resource: &Resource, path: &str) -> Result<Rows, DiffError> {
    let full = folder.join(path);
    let shown = full.display().to_string();
    let fail = |message: String| DiffError::Parquet {
        path: shown.clone(),
        message,
    };
    let file = std::fs::File::open(&full).map_err(|source| DiffError::Io {
        path: shown.clone(),
        source,
    })?;
    let frame = ParquetReader::new(file)
        .finish()
        .map_err(|e| fail(format!("not readable as Parquet: {e}")))?;
    let fields = resource.field_names();
    let names: Vec<&str> = frame
        .get_column_names()
        .iter()
        .map(|n| n.as_str())
        .collect();
    if names != fields {
        return Err(fail(format!(
            "its columns are `{}` but datapackage.json lists `{}`",
            names.join(","),
            fields.join(",")
        )));
    }
    let key_positions = resource.key_positions();
    let columns = frame.columns();
    let mut rows = Rows::new();
    for index in 0..frame.height() {
        let cells = columns
            .iter()
            .map(|column| {
                let value = column.get(index).map_err(|e| fail(e.to_string()))?;
                cell(&value).ok_or_else(|| {
                    fail(format!(
                        "column {} has type {}, which no petrochip table writes",
                        column.name(),
                        column.dtype()
                    ))
                })
            })
            .collect::<Result<Vec<String>, DiffError>>()?;
        let key: Vec<String> = key_positions.iter().map(|&i| cells[i].clone()).collect();
        let line = index as u64 + 1;
        if let Some((first, _)) = rows.get(&key) {
            return Err(fail(format!(
                "primary key {} repeats row {first} at row {line}",
                show_key(&key)
            )));
        }
        rows.insert(key, (line, cells));
    }
    Ok(rows)
}

/// A Parquet value as the CSV writer prints the same value (a float keeps its ".0", a date is
/// ISO), or None for a type petrochip never writes.
fn cell(value: &AnyValue) -> Option<String> {
    let value = match value {
        AnyValue::Null => Value::Null,
        AnyValue::Boolean(b) => Value::Bool(*b),
        AnyValue::Int64(i) => Value::Int(*i),
        AnyValue::Int32(i) => Value::Int(i64::from(*i)),
        AnyValue::Float64(x) => Value::Float(*x),
        AnyValue::Date(days) => {
            let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
            Value::Date(epoch.checked_add_signed(Duration::try_days(i64::from(*days))?)?)
        }
        other => Value::Text(other.get_str()?.into()),
    };
    Some(value.to_string())
}

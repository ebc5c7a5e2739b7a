//! Parquet through Polars, typed from the contract: enumerations as Enum (dictionary-encoded
//! categoricals in pyarrow, pandas and DuckDB), dates as Date, integers as Int64. zstd for large
//! tables and Snappy for small ones, one row group, no parallel writing within a file, so the
//! bytes are the same on every run.
//!
//! Polars' `ParquetWriter` writes every column as optional and its Arrow schema without
//! metadata, so this module drives polars-parquet's file writer with an Arrow schema of its own:
//! required columns (the contract's `required` and the primary key) are `required` in Parquet
//! and non-nullable in Arrow, each field carries its `description`, and the schema carries the
//! table's dictionary (the same `petrochip.*` pairs as the file's key-value metadata, which
//! DuckDB's `parquet_kv_metadata` and polars' `read_parquet_metadata` read).

use polars::io::parquet::write::get_encodings;
use polars::prelude::*;
use polars_arrow::datatypes::{ArrowSchema, Field as ArrowField, Metadata};
use polars_parquet::write::{
    CompressionOptions, Encoding, FileWriter, KeyValue, RowGroupIterator, StatisticsOptions,
    Version, WriteOptions,
};

use super::{PublishError, Staged};
use crate::contract::{CONTRACT_VERSION, ColumnSpec, ColumnType, TableSpec};
use crate::table::{Table, Value};

/// The Arrow field metadata key holding a column's description (pyarrow:
/// `schema.field(name).metadata[b"description"]`).
pub const DESCRIPTION: &str = "description";

/// The bytes of the table's Parquet file, `name` in the staging folder (for the error).
pub fn bytes(table: &Table, name: &str) -> Result<Vec<u8>, PublishError> {
    let fail = |e: PolarsError| PublishError::Parquet {
        path: name.to_string(),
        message: e.to_string(),
    };
    required_filled(table.spec, &table.rows).map_err(fail)?;
    let frames = table
        .rows
        .chunks(ROW_GROUP_ROWS)
        .map(|rows| frame_of(table.spec, rows));
    encode(table.spec, table.rows.len(), frames).map_err(fail)
}

/// Rows a row group holds: a large table's columns are built one group at a time, so that a
/// corpus's million comparisons never stand whole as a frame beside their CSV.
const ROW_GROUP_ROWS: usize = 1 << 17;

/// Refuses a table with an empty cell in a column no row may leave empty, counting them all:
/// each row group is checked again as it is written, but sees only its own rows.
fn required_filled(spec: &TableSpec, rows: &[crate::table::Row]) -> PolarsResult<()> {
    for (i, column) in spec.columns.iter().enumerate() {
        if !is_required(spec, column) {
            continue;
        }
        let empty = rows.iter().filter(|r| r.get(i) == Value::Null).count();
        polars_ensure!(
            empty == 0,
            ComputeError: "{}.{} is required but holds {} empty cells",
            spec.name, column.name, empty
        );
    }
    Ok(())
}

/// The column a partitioned layout splits tables on, and names folders after: the citation
/// column every fact table shares.
pub const PARTITION_COLUMN: &str = crate::contract::SOURCE_ID.name;

/// A hive-partitioned copy of a table that has `source_id`:
/// `<table>/source_id=<id>/part-0.parquet` in the staging folder, one file per source with
/// rows, without the `source_id` column (readers take it from the folder name, as Hive, Spark,
/// DataFusion and DuckDB's `hive_partitioning` do). Other tables, and sources without rows, get no folder.
pub fn write_partitions(table: &Table, staged: &mut Staged) -> Result<(), PublishError> {
    let Some(index) = table.spec.column_index(PARTITION_COLUMN) else {
        return Ok(());
    };
    let mut groups: std::collections::BTreeMap<&str, Vec<crate::table::Row>> = Default::default();
    for row in &table.rows {
        let id = row.get(index).as_text().unwrap_or_default();
        groups.entry(id).or_default().push(row.clone());
    }
    let table_dir = staged.dir.join(table.spec.name);
    if !groups.is_empty() {
        staged.changed |= super::reuse::folder(&table_dir).map_err(super::io_error(&table_dir))?;
    }
    let mut written = false;
    for (id, rows) in groups {
        // Ids are checked snake_case by the gate; anything else would escape the folder.
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(PublishError::Parquet {
                path: table_dir.display().to_string(),
                message: format!(
                    "{PARTITION_COLUMN} {id:?} cannot name a folder; ids are ASCII letters, digits and _"
                ),
            });
        }
        let folder = format!("{PARTITION_COLUMN}={id}");
        let part_dir = table_dir.join(&folder);
        staged.changed |= super::reuse::folder(&part_dir).map_err(super::io_error(&part_dir))?;
        let path = part_dir.join("part-0.parquet");
        let fail = |e: PolarsError| PublishError::Parquet {
            path: path.display().to_string(),
            message: e.to_string(),
        };
        let subset = Table {
            spec: table.spec,
            rows,
        };
        let frame = frame(&subset)
            .and_then(|f| f.drop(PARTITION_COLUMN))
            .map_err(fail)?;
        let rows = frame.height();
        let bytes = encode(table.spec, rows, std::iter::once(Ok(frame))).map_err(fail)?;
        let relative = format!("{}/{folder}/part-0.parquet", table.spec.name);
        staged.write(&relative, &bytes, Some(subset.rows.len()))?;
        // The folder's entry is made durable here; the file's bytes with every other file's.
        super::sync_dir(&part_dir)?;
        written = true;
    }
    if written {
        super::sync_dir(&table_dir)?;
    }
    Ok(())
}

/// From how many rows a table is compressed with zstd rather than Snappy: zstd makes a large
/// table a third smaller, but sets up a context for every column, which costs more than it
/// saves on the small tables most runs write (a tenth of a run on the seed).
const ZSTD_FROM_ROWS: usize = 10_000;

/// The file's bytes, from a table of `height` rows given as `frames`: a row group per frame
/// (none for an empty table), each built only when the one before is written, polars' default
/// statistics, and zstd at its default level from [`ZSTD_FROM_ROWS`] rows, Snappy below.
fn encode(
    spec: &TableSpec,
    height: usize,
    frames: impl Iterator<Item = PolarsResult<DataFrame>>,
) -> PolarsResult<Vec<u8>> {
    let mut frames = frames;
    let first = match frames.next() {
        Some(frame) => frame?,
        None => frame_of(spec, &[])?,
    };
    let schema = arrow_schema(spec, &first)?;
    let compression = if height >= ZSTD_FROM_ROWS {
        CompressionOptions::Zstd(None)
    } else {
        CompressionOptions::Snappy
    };
    let options = WriteOptions {
        statistics: StatisticsOptions::default(),
        version: Version::V1,
        compression,
        data_page_size: None,
    };
    let encodings = encodings(&schema).into();
    let batches = std::iter::once(Ok(first))
        .chain(frames)
        .flat_map(|frame| match frame {
            Ok(frame) => frame
                .iter_chunks(CompatLevel::newest(), false)
                .filter(|batch| !batch.is_empty())
                .map(dictionary_cast)
                .collect::<Vec<_>>(),
            Err(e) => vec![Err(e)],
        });
    let groups = RowGroupIterator::try_new(batches, &schema, options, encodings)?;
    let mut writer = FileWriter::try_new(Vec::new(), schema.clone(), options)?;
    for group in groups {
        // u64::MAX: the writer counts the rows from the encoded pages (polars' own convention).
        writer.write(u64::MAX, group?)?;
    }
    let mut pairs = vec![arrow_schema_key(&schema)];
    pairs.extend(metadata(spec).into_iter().map(|(key, value)| KeyValue {
        key,
        value: Some(value),
    }));
    writer.end(Some(pairs))?;
    Ok(writer.into_inner())
}

/// Up to this many rows polars-parquet dictionary-encodes a text column whatever its estimate
/// of the column's distinct values says (`encode_as_dictionary_optional`), but it still makes
/// the estimate: a HyperLogLog of 16,384 registers counted for every such column, 3 % of a seed
/// run's CPU.
const DICTIONARY_WHATEVER_THE_ESTIMATE: usize = 128;

/// A batch of at most [`DICTIONARY_WHATEVER_THE_ESTIMATE`] rows with its text columns cast to
/// dictionaries, as polars-parquet itself would cast them (same cast, same key type) before
/// writing their pages: the same bytes, without the estimate. The schema written stays the
/// frame's, so readers see text as before.
fn dictionary_cast(
    batch: polars_arrow::record_batch::RecordBatch,
) -> PolarsResult<polars_arrow::record_batch::RecordBatch> {
    use polars_arrow::datatypes::{ArrowDataType, IntegerType, PhysicalType};
    use polars_arrow::record_batch::RecordBatch;
    if batch.height() > DICTIONARY_WHATEVER_THE_ESTIMATE {
        return Ok(batch);
    }
    let height = batch.height();
    let (schema, arrays) = batch.into_schema_and_arrays();
    let arrays = arrays
        .into_iter()
        .map(|array| match array.dtype().to_physical_type() {
            PhysicalType::Utf8View
            | PhysicalType::BinaryView
            | PhysicalType::LargeUtf8
            | PhysicalType::LargeBinary => {
                let dictionary = ArrowDataType::Dictionary(
                    IntegerType::UInt32,
                    Box::new(array.dtype().clone()),
                    false,
                );
                polars_compute::cast::cast(array.as_ref(), &dictionary, Default::default())
            }
            _ => Ok(array),
        })
        .collect::<PolarsResult<Vec<_>>>()?;
    RecordBatch::try_new(height, schema, arrays)
}

/// polars-parquet's encodings for the schema, floats plain: it would estimate a float column's
/// distinct values, then fail to cast it to a dictionary (it packs no floats) and write it
/// plain anyway.
fn encodings(schema: &ArrowSchema) -> Vec<Vec<Encoding>> {
    use polars_arrow::datatypes::ArrowDataType;
    get_encodings(schema)
        .iter()
        .zip(schema.iter_values())
        .map(|(encodings, field)| match field.dtype {
            ArrowDataType::Float32 | ArrowDataType::Float64 => vec![Encoding::Plain],
            _ => encodings.clone(),
        })
        .collect()
}

/// Polars' Arrow schema for the frame (it keeps enumerations' categories in field metadata),
/// with each column's description, required columns non-nullable, and the table's dictionary as
/// schema metadata. A null in a required column is refused rather than written unreadable.
fn arrow_schema(spec: &TableSpec, frame: &DataFrame) -> PolarsResult<ArrowSchema> {
    let mut schema: ArrowSchema = frame
        .columns()
        .iter()
        .map(|data| {
            let column = spec.column(data.name()).ok_or_else(
                || polars_err!(ColumnNotFound: "{} has no column {}", spec.name, data.name()),
            )?;
            let field = data.field().to_arrow(CompatLevel::newest());
            let required = is_required(spec, column);
            polars_ensure!(
                !required || data.null_count() == 0,
                ComputeError: "{}.{} is required but holds {} empty cells",
                spec.name, column.name, data.null_count()
            );
            let mut meta: Metadata = field.metadata.as_deref().cloned().unwrap_or_default();
            meta.insert(DESCRIPTION.into(), column.description.into());
            let field = ArrowField::new(field.name.clone(), field.dtype.clone(), !required)
                .with_metadata(meta);
            Ok((field.name.clone(), field))
        })
        .collect::<PolarsResult<_>>()?;
    schema.metadata_mut().extend(
        metadata(spec)
            .into_iter()
            .map(|(k, v)| (k.into(), v.into())),
    );
    Ok(schema)
}

/// The `ARROW:schema` footer pair, with the schema's metadata. polars-parquet's own
/// `schema_to_metadata_key` drops it when a column is a dictionary (an enumeration); its
/// conversion of such schemas changes only lists, structs and extensions, which no table has.
fn arrow_schema_key(schema: &ArrowSchema) -> KeyValue {
    use base64::Engine as _;
    use polars_arrow::io::ipc::write::{default_ipc_fields, schema_to_bytes};
    let message = schema_to_bytes(schema, &default_ipc_fields(schema.iter_values()), None);
    // The legacy IPC framing readers expect: a continuation marker, then the length.
    let mut framed = Vec::with_capacity(message.len() + 8);
    framed.extend_from_slice(&[255, 255, 255, 255]);
    framed.extend_from_slice(
        &u32::try_from(message.len())
            .unwrap_or(u32::MAX)
            .to_le_bytes(),
    );
    framed.extend_from_slice(&message);
    KeyValue {
        key: "ARROW:schema".into(),
        value: Some(base64::engine::general_purpose::STANDARD.encode(&framed)),
    }
}

/// A column no row may leave empty: the contract says so, or it is part of the key.
pub fn is_required(spec: &TableSpec, column: &ColumnSpec) -> bool {
    column.required || spec.primary_key.contains(&column.name)
}

/// The table as a Polars frame with the contract's types.
pub fn frame(table: &Table) -> PolarsResult<DataFrame> {
    frame_of(table.spec, &table.rows)
}

/// [`frame`] of some of a table's rows.
fn frame_of(spec: &TableSpec, rows: &[crate::table::Row]) -> PolarsResult<DataFrame> {
    let columns = spec
        .columns
        .iter()
        .enumerate()
        .map(|(i, column)| series(rows, i, column).map(IntoColumn::into_column))
        .collect::<PolarsResult<Vec<_>>>()?;
    DataFrame::new(rows.len(), columns)
}

fn series(rows: &[crate::table::Row], index: usize, spec: &ColumnSpec) -> PolarsResult<Series> {
    let name: PlSmallStr = spec.name.into();
    let values = rows.iter().map(|r| r.get(index));
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
fn metadata(spec: &TableSpec) -> Vec<(String, String)> {
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
            let pairs = metadata(spec);
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

    #[test]
    fn a_null_in_a_required_column_is_an_error_not_a_file() {
        let spec = crate::domains::table("currencies").expect("currencies is a table");
        let mut table = Table::new(spec);
        let origin = crate::table::Origin {
            file: "raw/reference/currencies.csv".into(),
            line: 2,
        };
        table
            .push(&origin, vec![("name_en", Value::Text("Euro".into()))])
            .expect("name_en is a column");
        let error = bytes(&table, "currencies.parquet").expect_err("code is the key and is empty");
        assert!(
            error
                .to_string()
                .contains("currencies.code is required but holds 1 empty cells"),
            "{error}"
        );
    }

    #[test]
    fn required_means_the_contract_says_so_or_the_key_holds_it() {
        let spec = crate::domains::table("figures").expect("figures is a table");
        let column = |name: &str| spec.column(name).expect("a column of figures");
        assert!(is_required(spec, column("figure_id")));
        assert!(is_required(spec, column("source_id")));
        assert!(!is_required(spec, column("currency")));
    }
}

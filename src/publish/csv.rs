//! CSV as every reader expects it: UTF-8, a header row, comma separators, LF line ends, quotes
//! only where needed, empty cells for nulls (text is never empty, so empty always means null).

use std::path::Path;

use super::{PublishError, io_error, write_file};
use crate::table::Table;

pub fn write(table: &Table, path: &Path) -> Result<(), PublishError> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let header = table.spec.columns.iter().map(|c| c.name);
    let io = |e: csv::Error| io_error(path)(std::io::Error::other(e));
    writer.write_record(header).map_err(io)?;
    for row in &table.rows {
        writer
            .write_record(row.values.iter().map(ToString::to_string))
            .map_err(io)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| io_error(path)(std::io::Error::other(e.to_string())))?;
    write_file(path, &bytes)
}

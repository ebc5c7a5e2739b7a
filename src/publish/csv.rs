//! CSV as every reader expects it: UTF-8, a header row, comma separators, LF line ends, quotes
//! only where needed, empty cells for nulls (text is never empty, so empty always means null).
//!
//! Safe to open: a text cell a spreadsheet would run as a formula (one starting with `=`, `+`,
//! `-`, `@`, tab or carriage return) gets one leading `'`, and so does one that already starts
//! with `'`, so the rule reverses exactly: strip one leading `'` from a text cell that has one.
//! Only text and enumeration columns; numbers keep their sign. Parquet keeps the text as is.

use std::path::Path;

use super::{PublishError, io_error, write_file};
use crate::table::{Table, Value};

pub fn write(table: &Table, path: &Path) -> Result<(), PublishError> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let header = table.spec.columns.iter().map(|c| c.name);
    let io = |e: csv::Error| io_error(path)(std::io::Error::other(e));
    writer.write_record(header).map_err(io)?;
    for row in &table.rows {
        writer
            .write_record(row.values.iter().map(cell))
            .map_err(io)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| io_error(path)(std::io::Error::other(e.to_string())))?;
    write_file(path, &bytes)
}

/// A cell as CSV text, neutralised when a spreadsheet would execute it.
fn cell(value: &Value) -> String {
    let text = value.to_string();
    match value {
        Value::Text(_) if text.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) => {
            format!("'{text}")
        }
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_run_are_neutralised_and_nothing_else() {
        let text = |s: &str| cell(&Value::Text(s.into()));
        assert_eq!(text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text("+33"), "'+33");
        assert_eq!(text("-2 %"), "'-2 %");
        assert_eq!(text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text("\tx"), "'\tx");
        assert_eq!(text("\rx"), "'\rx");
        assert_eq!(text("'quoted"), "''quoted");
        assert_eq!(text("TSMC"), "TSMC");
        assert_eq!(text("a-b"), "a-b");
        assert_eq!(cell(&Value::Float(-2.5)), "-2.5");
        assert_eq!(cell(&Value::Int(-3)), "-3");
    }
}

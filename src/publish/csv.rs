//! CSV as every reader expects it: UTF-8, a header row, comma separators, LF line ends, quotes
//! only where needed, empty cells for nulls (text is never empty, so empty always means null).
//!
//! Safe to open: a text cell a spreadsheet would run as a formula (one starting with `=`, `+`,
//! `-`, `@`, tab or carriage return) gets one leading `'`, and so does one that already starts
//! with `'`, so the rule reverses exactly: strip one leading `'` from a text cell that has one.
//! Only text and enumeration columns; numbers keep their sign. Parquet keeps the text as is.
//! A cell holding `;` is quoted as well: a spreadsheet in a French locale splits on `;`, and
//! "a;=1+1" would put a formula in a cell of its own; quoted, it stays one cell.

use crate::table::{Row, Table, Value};

/// Rows a part of a CSV file holds: a large table's parts are encoded over every core.
const ROWS_PER_PART: usize = 25_000;

/// The table as a CSV file's bytes, in parts to be written one after the other: the header
/// and the first rows, then [`ROWS_PER_PART`] rows a part.
pub fn parts(table: &Table) -> Vec<Vec<u8>> {
    use rayon::prelude::*;
    let mut header = header(table);
    let mut parts: Vec<Vec<u8>> = table.rows.par_chunks(ROWS_PER_PART).map(lines).collect();
    match parts.first_mut() {
        Some(first) => {
            header.append(first);
            *first = header;
        }
        None => parts.push(header),
    }
    parts
}

/// Parts encoded at once by [`write`]: enough for every core, few enough to stay small.
const PARTS_AT_ONCE: usize = 4;

/// Writes the table as a CSV file to `out`, the same bytes as [`parts`]: a few parts at a
/// time, each encoded over every core and then written in order, so that a large table's CSV
/// is never held whole.
pub fn write(table: &Table, out: &mut impl std::io::Write) -> std::io::Result<()> {
    use rayon::prelude::*;
    out.write_all(&header(table))?;
    for window in table.rows.chunks(ROWS_PER_PART * PARTS_AT_ONCE) {
        let parts: Vec<Vec<u8>> = window.par_chunks(ROWS_PER_PART).map(lines).collect();
        for part in parts {
            out.write_all(&part)?;
        }
    }
    Ok(())
}

/// The header line: the columns' names.
fn header(table: &Table) -> Vec<u8> {
    let mut header = Vec::new();
    for (i, column) in table.spec.columns.iter().enumerate() {
        push_field(&mut header, i, column.name);
    }
    header.push(b'\n');
    header
}

/// The lines of `rows`.
fn lines(rows: &[Row]) -> Vec<u8> {
    let mut bytes = Vec::new();
    // One buffer for every cell: a corpus's tables hold tens of millions.
    let mut field = String::new();
    for row in rows {
        for (i, value) in row.values().enumerate() {
            field.clear();
            write_cell(&mut field, &value);
            push_field(&mut bytes, i, &field);
        }
        bytes.push(b'\n');
    }
    bytes
}

/// Field `i` of a line: after a comma unless first, quoted when it holds a comma, a quote, a
/// line break or a semicolon (quotes inside doubled).
fn push_field(out: &mut Vec<u8>, i: usize, field: &str) {
    if i > 0 {
        out.push(b',');
    }
    // Byte by byte: every cell of every table passes here, and the five are ASCII.
    if field
        .bytes()
        .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r' | b';'))
    {
        out.push(b'"');
        for (n, part) in field.split('"').enumerate() {
            if n > 0 {
                out.extend_from_slice(b"\"\"");
            }
            out.extend_from_slice(part.as_bytes());
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(field.as_bytes());
    }
}

/// A cell as CSV text, neutralised when a spreadsheet would execute it.
fn write_cell(out: &mut String, value: &Value) {
    use std::fmt::Write as _;
    match value {
        Value::Text(text) => {
            if text.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) {
                out.push('\'');
            }
            out.push_str(text);
        }
        other => {
            let _ = write!(out, "{other}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_run_are_neutralised_and_nothing_else() {
        let cell = |value: &Value| {
            let mut out = String::new();
            write_cell(&mut out, value);
            out
        };
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

    /// A countries table of one row per code, the code alone filled.
    fn countries(codes: impl Iterator<Item = String>) -> Table {
        let mut table = Table::new(&crate::domains::reference::COUNTRIES);
        let origin = crate::table::Origin {
            file: "raw/reference/countries.csv".into(),
            line: 2,
        };
        for code in codes {
            table.push(&origin, vec![("iso3", code.into())]).unwrap();
        }
        table
    }

    /// A table past one part (25,000 rows) is every row once, in order, after one header.
    #[test]
    fn a_large_table_is_its_header_then_every_row_in_order() {
        let table = countries((0..25_001).map(|i| format!("C{i:05}")));
        let text = String::from_utf8(parts(&table).concat()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1 + 25_001);
        let columns = table.spec.columns.len();
        assert_eq!(lines[0].split(',').count(), columns);
        assert_eq!(lines[0].split(',').next(), Some(table.spec.columns[0].name));
        let empty = ",".repeat(columns - 1);
        for (i, line) in lines[1..].iter().enumerate() {
            assert_eq!(*line, format!("C{i:05}{empty}"), "row {i}");
        }
    }

    /// Written as a stream, a few parts at a time, a table past one window (100,000 rows) is
    /// its header then every row in order, as the parts give it; an empty one is its header.
    #[test]
    fn a_streamed_table_is_its_header_then_every_row_in_order() {
        let table = countries(std::iter::empty());
        let mut written = Vec::new();
        write(&table, &mut written).unwrap();
        let header = format!(
            "{}\n",
            table
                .spec
                .columns
                .iter()
                .map(|c| c.name)
                .collect::<Vec<_>>()
                .join(",")
        );
        assert_eq!(String::from_utf8(written).unwrap(), header);
        let rows = ROWS_PER_PART * PARTS_AT_ONCE + 7;
        let table = countries((0..rows).map(|i| format!("C{i:06}")));
        let mut written = Vec::new();
        write(&table, &mut written).unwrap();
        let text = String::from_utf8(written).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1 + rows);
        assert_eq!(format!("{}\n", lines[0]), header);
        let empty = ",".repeat(table.spec.columns.len() - 1);
        for (i, line) in lines[1..].iter().enumerate() {
            assert_eq!(*line, format!("C{i:06}{empty}"), "row {i}");
        }
    }

    #[test]
    fn a_field_is_quoted_where_a_reader_would_split_it_and_only_there() {
        let line = |fields: &[&str]| {
            let mut out = Vec::new();
            for (i, field) in fields.iter().enumerate() {
                push_field(&mut out, i, field);
            }
            out.push(b'\n');
            String::from_utf8(out).unwrap()
        };
        assert_eq!(line(&["a", "b c", ""]), "a,b c,\n");
        assert_eq!(line(&["a,b", "say \"hi\""]), "\"a,b\",\"say \"\"hi\"\"\"\n");
        assert_eq!(
            line(&["x;=1+1", "two\nlines"]),
            "\"x;=1+1\",\"two\nlines\"\n"
        );
        assert_eq!(line(&["\"", "c\rd"]), "\"\"\"\",\"c\rd\"\n");
        assert_eq!(line(&["Pétrole, puces"]), "\"Pétrole, puces\"\n");
        // What the csv crate reads back is the field as written.
        let text = line(&["x;=1+1", "a,\"b\"", "plain"]);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        let read: Vec<String> = reader
            .records()
            .next()
            .unwrap()
            .unwrap()
            .iter()
            .map(str::to_string)
            .collect();
        assert_eq!(read, ["x;=1+1", "a,\"b\"", "plain"]);
    }
}

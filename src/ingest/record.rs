//! Deserializes one CSV record into a sheet type, cell by cell, so that an error always knows
//! its column (the csv crate drops the column of errors raised inside a cell's own type).

use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::forward_to_deserialize_any;

/// A cell that failed to read: its column (when known) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for CellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CellError {}

impl de::Error for CellError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        CellError {
            column: None,
            message: message.to_string(),
        }
    }
}

/// Reads `values` (one per header, in order) into `T`.
pub fn deserialize<T: DeserializeOwned>(
    headers: &csv::StringRecord,
    values: &csv::StringRecord,
) -> Result<T, CellError> {
    let cells: Vec<Cell<'_>> = headers
        .iter()
        .zip(values.iter())
        .map(|(column, value)| Cell {
            column,
            value: value.trim(),
        })
        .collect();
    T::deserialize(Row {
        cells: &cells,
        next: 0,
    })
}

/// The record as a map from column to cell. Every error raised while a cell's value is read,
/// by the cell or by the type reading it, is tagged with the cell's column here.
struct Row<'a, 'b> {
    cells: &'b [Cell<'a>],
    next: usize,
}

impl<'de> Deserializer<'de> for Row<'_, '_> {
    type Error = CellError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CellError> {
        visitor.visit_map(self)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

impl<'de> MapAccess<'de> for Row<'_, '_> {
    type Error = CellError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, CellError> {
        match self.cells.get(self.next) {
            Some(cell) => seed.deserialize(Key(cell.column)).map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, CellError> {
        let cell = self.cells[self.next];
        self.next += 1;
        seed.deserialize(cell).map_err(|e| cell.tag(e))
    }
}

/// A column name, as the key of the record's map.
struct Key<'a>(&'a str);

impl<'de> Deserializer<'de> for Key<'_> {
    type Error = CellError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CellError> {
        visitor.visit_str(self.0)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

#[derive(Clone, Copy)]
struct Cell<'a> {
    column: &'a str,
    value: &'a str,
}

impl Cell<'_> {
    fn tag(&self, mut error: CellError) -> CellError {
        error.column.get_or_insert_with(|| self.column.to_string());
        error
    }
}

impl<'de, 'a> Deserializer<'de> for Cell<'a> {
    type Error = CellError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CellError> {
        visitor.visit_str(self.value)
    }

    /// An empty cell is `None`.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CellError> {
        if self.value.is_empty() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, CellError> {
        visitor.visit_newtype_struct(self)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// What a sheet type makes of one column, probed through the same serde path as a real cell:
/// whether an empty cell is accepted, and whether the cell is a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Probed {
    pub required: bool,
    pub list: bool,
}

/// Probes `column` of `T`: a record holding only that column, whose cell notes what the type
/// asks of it and then refuses, so nothing but the column's own type is exercised.
pub fn probe<T: DeserializeOwned>(column: &str) -> Probed {
    let seen = std::cell::Cell::new(Probed {
        required: true,
        list: false,
    });
    let _ = T::deserialize(ProbeRow {
        column,
        seen: &seen,
        done: false,
    });
    seen.get()
}

struct ProbeRow<'a> {
    column: &'a str,
    seen: &'a std::cell::Cell<Probed>,
    done: bool,
}

impl<'de> Deserializer<'de> for ProbeRow<'_> {
    type Error = CellError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CellError> {
        visitor.visit_map(self)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

impl<'de> MapAccess<'de> for ProbeRow<'_> {
    type Error = CellError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, CellError> {
        if self.done {
            return Ok(None);
        }
        seed.deserialize(Key(self.column)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, CellError> {
        self.done = true;
        seed.deserialize(ProbeCell(self.seen))
    }
}

/// A cell that records what its type asks for and then fails, ending the probe.
struct ProbeCell<'a>(&'a std::cell::Cell<Probed>);

impl<'de> Deserializer<'de> for ProbeCell<'_> {
    type Error = CellError;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, CellError> {
        Err(de::Error::custom("probed"))
    }

    /// An optional cell: the type inside may still say more (an optional list).
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CellError> {
        let seen = self.0.get();
        self.0.set(Probed {
            required: false,
            ..seen
        });
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, CellError> {
        if name == super::cells::LIST {
            let seen = self.0.get();
            self.0.set(Probed { list: true, ..seen });
        }
        visitor.visit_newtype_struct(self)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::ElementRow;

    fn record(fields: &[&str]) -> csv::StringRecord {
        csv::StringRecord::from(fields.to_vec())
    }

    #[test]
    fn an_error_names_its_column() {
        let headers = record(&["atomic_number", "symbol", "name_en", "name_fr"]);
        let row: ElementRow =
            deserialize(&headers, &record(&["14", "Si", "silicon", "silicium"])).unwrap();
        assert_eq!(row.symbol.as_str(), "Si");
        let Err(error) =
            deserialize::<ElementRow>(&headers, &record(&["0", "Si", "silicon", "silicium"]))
        else {
            panic!("0 is not an atomic number");
        };
        assert_eq!(error.column.as_deref(), Some("atomic_number"));
        assert_eq!(
            error.message,
            "\"0\" is not a whole number from 1; write 1, 2, 3…"
        );
        let Err(error) =
            deserialize::<ElementRow>(&headers, &record(&["14", " ", "silicon", "silicium"]))
        else {
            panic!("a blank symbol is refused");
        };
        assert_eq!(error.column.as_deref(), Some("symbol"));
    }

    #[test]
    fn a_probe_tells_required_optional_and_list_columns() {
        #[derive(serde::Deserialize)]
        #[allow(dead_code)]
        struct Row {
            name: crate::ingest::cells::Text,
            note: Option<String>,
            members: crate::ingest::cells::List,
            places: Option<crate::ingest::cells::List>,
            count: crate::ingest::cells::Whole,
        }
        let probed = |c| probe::<Row>(c);
        let p = |required, list| Probed { required, list };
        assert_eq!(probed("name"), p(true, false));
        assert_eq!(probed("note"), p(false, false));
        assert_eq!(probed("members"), p(true, true));
        assert_eq!(probed("places"), p(false, true));
        assert_eq!(probed("count"), p(true, false));
    }

    #[test]
    fn a_list_cell_reads_like_a_text_cell() {
        use crate::ingest::cells::List;
        #[derive(serde::Deserialize)]
        struct Row {
            members: List,
        }
        let headers = record(&["members"]);
        let row: Row = deserialize(&headers, &record(&[" Nvidia et AMD "])).unwrap();
        assert_eq!(row.members.as_str(), "Nvidia et AMD");
        let Err(error) = deserialize::<Row>(&headers, &record(&[""])) else {
            panic!("an empty list cell is refused");
        };
        assert_eq!(error.message, "the cell is empty but required; fill it in");
    }
}

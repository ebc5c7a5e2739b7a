//! Tables as the stages hand them on: rows of typed values, in the column order of their
//! contract, each row remembering the sheet and line it came from.

use std::cmp::Ordering;
use std::fmt;

use crate::interned::Interned;
use chrono::{Datelike as _, NaiveDate};

use crate::contract::{ColumnType, TableSpec};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    Null,
    /// Interned: a corpus repeats its ids, units and codes in millions of cells.
    Text(Interned),
    Int(i64),
    Float(f64),
    Bool(bool),
    Date(NaiveDate),
}

// A corpus holds tens of millions of cells: a text is one interned pointer, no wider than a
// number.
const _: () = assert!(std::mem::size_of::<Value>() == 16);

impl Value {
    /// Whether the value can live in a column of this type (nulls are checked elsewhere).
    pub fn fits(&self, ty: &ColumnType) -> bool {
        matches!(
            (self, ty),
            (Value::Null, _)
                | (Value::Text(_), ColumnType::Text | ColumnType::Enum(_))
                | (Value::Int(_), ColumnType::Integer)
                | (Value::Float(_), ColumnType::Number)
                | (Value::Bool(_), ColumnType::Boolean)
                | (Value::Date(_), ColumnType::Date)
        )
    }

    /// Its type as the contract names column types, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "empty",
            Value::Text(_) => "string",
            Value::Int(_) => "integer",
            Value::Float(_) => "number",
            Value::Bool(_) => "boolean",
            Value::Date(_) => "date",
        }
    }

    /// Its text: interned, so it outlives the value it was read from.
    pub fn as_text(self) -> Option<&'static str> {
        match self {
            Value::Text(s) => Some(s.as_str()),
            _ => None,
        }
    }

    pub fn as_int(self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(i),
            _ => None,
        }
    }

    pub fn as_bool(self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_date(self) -> Option<NaiveDate> {
        match self {
            Value::Date(d) => Some(d),
            _ => None,
        }
    }

    pub fn as_f64(self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(i as f64),
            Value::Float(f) => Some(f),
            _ => None,
        }
    }

    fn rank(&self) -> u8 {
        match self {
            Value::Null => 0,
            Value::Bool(_) => 1,
            Value::Int(_) | Value::Float(_) => 2,
            Value::Date(_) => 3,
            Value::Text(_) => 4,
        }
    }

    /// A total order, so sorting by key is deterministic whatever the values.
    pub fn total_cmp(&self, other: &Value) -> Ordering {
        match (self, other) {
            // Interned: the same text is the same pointer, told equal without reading it.
            (Value::Text(a), Value::Text(b)) if a == b => Ordering::Equal,
            (Value::Text(a), Value::Text(b)) => a.cmp(b),
            (Value::Int(a), Value::Int(b)) => a.cmp(b),
            (Value::Bool(a), Value::Bool(b)) => a.cmp(b),
            (Value::Date(a), Value::Date(b)) => a.cmp(b),
            (a, b) if a.rank() == 2 && b.rank() == 2 => a
                .as_f64()
                .unwrap_or(0.0)
                .total_cmp(&b.as_f64().unwrap_or(0.0)),
            (a, b) => a.rank().cmp(&b.rank()),
        }
    }
}

/// Renders the value as it appears in the CSV files and in messages.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => Ok(()),
            Value::Text(s) => f.write_str(s),
            // Integers, whole floats and dates written without the formatting machinery (every
            // cell of every table goes through here, millions at corpus size), as it would.
            Value::Int(i) => f.write_str(itoa::Buffer::new().format(*i)),
            // Rust never prints floats in exponent form; a trailing ".0" keeps them readable
            // as floats by every CSV reader. Under 2^53 a whole float is its integer exactly
            // (-0.0 is not: it prints "-0").
            Value::Float(x) if x.fract() == 0.0 && x.abs() < 9e15 && *x != 0.0 => {
                f.write_str(itoa::Buffer::new().format(*x as i64))?;
                f.write_str(".0")
            }
            Value::Float(x) if x.is_finite() && x.fract() == 0.0 => write!(f, "{x}.0"),
            Value::Float(x) => write!(f, "{x}"),
            Value::Bool(b) => f.write_str(if *b { "true" } else { "false" }),
            Value::Date(d) if (0..=9999).contains(&d.year()) => {
                let mut text = *b"0000-00-00";
                let (year, month, day) = (d.year() as u32, d.month(), d.day());
                for (at, digits, mut n) in [(0, 4, year), (5, 2, month), (8, 2, day)] {
                    for i in (at..at + digits).rev() {
                        text[i] = b'0' + (n % 10) as u8;
                        n /= 10;
                    }
                }
                // ASCII digits and dashes only.
                f.write_str(std::str::from_utf8(&text).map_err(|_| fmt::Error)?)
            }
            Value::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Text(Interned::from(s))
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Text(Interned::from(&s))
    }
}

impl From<Interned> for Value {
    fn from(s: Interned) -> Self {
        Value::Text(s)
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}
impl From<f64> for Value {
    fn from(x: f64) -> Self {
        Value::Float(x)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
impl From<NaiveDate> for Value {
    fn from(d: NaiveDate) -> Self {
        Value::Date(d)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// A value as part of a key: hashed and compared as its CSV rendering would be within one
/// column type, without rendering it, so indexing a million keys builds no strings.
#[derive(Debug, Clone, Copy)]
pub struct KeyValue(pub Value);

impl PartialEq for KeyValue {
    fn eq(&self, other: &Self) -> bool {
        match (self.0, other.0) {
            (Value::Float(a), Value::Float(b)) => float_bits(a) == float_bits(b),
            (a, b) => a == b,
        }
    }
}

impl Eq for KeyValue {}

impl std::hash::Hash for KeyValue {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::mem::discriminant(&self.0).hash(state);
        match self.0 {
            Value::Null => {}
            Value::Text(s) => s.hash(state),
            Value::Int(i) => i.hash(state),
            Value::Float(x) => float_bits(x).hash(state),
            Value::Bool(b) => b.hash(state),
            Value::Date(d) => d.hash(state),
        }
    }
}

impl fmt::Display for KeyValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Equal floats render alike, and so does every NaN.
fn float_bits(x: f64) -> u64 {
    if x.is_nan() {
        f64::NAN.to_bits()
    } else {
        x.to_bits()
    }
}

/// Where a row came from: a `raw/` sheet and its 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    pub file: Interned,
    pub line: u64,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// One row of a table: 8 bytes a value and 56 beside them, since a corpus holds millions of
/// rows and tens of millions of values (a [`Value`] alone is 16).
#[derive(Clone)]
pub struct Row {
    /// Each column's payload, read as its kind in `kinds` says.
    payloads: Box<[Payload]>,
    /// Each column's kind ([`Kind`]), 3 bits each, [`KINDS_PER_WORD`] a word.
    kinds: [u64; 2],
    pub origin: Origin,
    /// How the row came to be, for messages that name what the analyst can fix; boxed, and
    /// absent when there is nothing to say, as for most rows.
    trace: Option<Box<Trace>>,
}

const _: () = assert!(std::mem::size_of::<Row>() == 56);

/// A value without its kind: an interned text, or the bits of any other value.
#[derive(Clone, Copy)]
union Payload {
    text: Interned,
    bits: u64,
}

/// What a [`Payload`] holds; 0 is an empty cell.
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Kind {
    Null = 0,
    Text = 1,
    Int = 2,
    Float = 3,
    Bool = 4,
    Date = 5,
}

const KINDS_PER_WORD: usize = 64 / 3;

/// Where column `column`'s kind sits: its word, and its shift in that word.
fn kind_at(column: usize) -> (usize, usize) {
    (column / KINDS_PER_WORD, 3 * (column % KINDS_PER_WORD))
}

/// The most columns a table can have: as many kinds as the row's words hold.
pub const MAX_COLUMNS: usize = 2 * KINDS_PER_WORD;

impl Kind {
    fn of(bits: u64) -> Kind {
        match bits & 7 {
            1 => Kind::Text,
            2 => Kind::Int,
            3 => Kind::Float,
            4 => Kind::Bool,
            5 => Kind::Date,
            _ => Kind::Null,
        }
    }
}

/// A value as its kind and payload.
fn pack(value: Value) -> (Kind, Payload) {
    let bits = |bits: u64| Payload { bits };
    match value {
        Value::Null => (Kind::Null, bits(0)),
        Value::Text(text) => (Kind::Text, Payload { text }),
        Value::Int(i) => (Kind::Int, bits(i as u64)),
        Value::Float(x) => (Kind::Float, bits(x.to_bits())),
        Value::Bool(b) => (Kind::Bool, bits(u64::from(b))),
        Value::Date(d) => (Kind::Date, bits(d.num_days_from_ce() as u64)),
    }
}

/// The value a kind and payload written by [`pack`] stand for.
fn unpack(kind: Kind, payload: Payload) -> Value {
    if kind == Kind::Text {
        // SAFETY: a payload of kind Text was written by `pack` through its `text` field.
        return Value::Text(unsafe { payload.text });
    }
    // SAFETY: a payload of any other kind was written by `pack` through its `bits` field.
    let bits = unsafe { payload.bits };
    match kind {
        Kind::Int => Value::Int(bits as i64),
        Kind::Float => Value::Float(f64::from_bits(bits)),
        Kind::Bool => Value::Bool(bits != 0),
        Kind::Date => {
            NaiveDate::from_num_days_from_ce_opt(bits as i32).map_or(Value::Null, Value::Date)
        }
        Kind::Null | Kind::Text => Value::Null,
    }
}

/// The trace of a row with none.
static NO_TRACE: Trace = Trace {
    typed: Vec::new(),
    inputs: Vec::new(),
};

impl fmt::Debug for Row {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Row")
            .field("values", &self.values().collect::<Vec<_>>())
            .field("origin", &self.origin)
            .field("trace", &self.trace)
            .finish()
    }
}

impl Row {
    /// A row of a `spec` table from its named cells; the columns not named are empty.
    pub fn new(
        spec: &'static TableSpec,
        origin: &Origin,
        cells: Vec<(&'static str, Value)>,
        trace: Trace,
    ) -> Result<Row, UnknownColumn> {
        let columns = spec.columns;
        if columns.len() > MAX_COLUMNS {
            return Err(UnknownColumn {
                table: spec.name,
                column: "(a column past the 42 a table may have)",
            });
        }
        let mut row = Row {
            payloads: vec![Payload { bits: 0 }; columns.len()].into_boxed_slice(),
            kinds: [0; 2],
            origin: origin.clone(),
            trace: None,
        };
        // Cells mostly come in the columns' order: the one after the last is tried first.
        let mut next = 0;
        for (name, value) in cells {
            let index = if columns.get(next).is_some_and(|c| c.name == name) {
                next
            } else {
                spec.column_index(name).ok_or(UnknownColumn {
                    table: spec.name,
                    column: name,
                })?
            };
            row.set(index, value);
            next = index + 1;
        }
        let empty = trace.typed.is_empty() && trace.inputs.is_empty();
        row.trace = (!empty).then(|| Box::new(trace));
        Ok(row)
    }

    /// The value in column `column` (by position); empty past the row's columns.
    pub fn get(&self, column: usize) -> Value {
        match self.payloads.get(column) {
            Some(&payload) => unpack(self.kind(column), payload),
            None => Value::Null,
        }
    }

    /// Puts `value` in column `column` (by position); a column past the row's is left alone.
    pub fn set(&mut self, column: usize, value: Value) {
        let Some(slot) = self.payloads.get_mut(column) else {
            return;
        };
        let (kind, payload) = pack(value);
        *slot = payload;
        let (word, shift) = kind_at(column);
        self.kinds[word] = (self.kinds[word] & !(7 << shift)) | ((kind as u64) << shift);
    }

    /// Its values, in column order.
    pub fn values(&self) -> impl Iterator<Item = Value> + '_ {
        (0..self.payloads.len()).map(|i| self.get(i))
    }

    fn kind(&self, column: usize) -> Kind {
        let (word, shift) = kind_at(column);
        Kind::of(self.kinds[word] >> shift)
    }

    pub fn trace(&self) -> &Trace {
        self.trace.as_deref().unwrap_or(&NO_TRACE)
    }

    pub fn trace_mut(&mut self) -> &mut Trace {
        self.trace.get_or_insert_with(Box::default)
    }
}

/// What a row was made from beyond its own line: cells typed in another column or form than
/// the one published ("Pérou" in `country` → `country_iso3` PER), and the rows it was
/// computed from (a derived figure's stated figures).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trace {
    pub typed: Vec<AsTyped>,
    pub inputs: Vec<Origin>,
}

/// A published column and the sheet's cell it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct AsTyped {
    pub column: &'static str,
    /// The sheet's column, as in its header.
    pub sheet_column: &'static str,
    /// The cell as typed.
    pub text: String,
}

impl Trace {
    /// The cell a published column was read from, when it is recorded.
    pub fn typed(&self, column: &str) -> Option<&AsTyped> {
        self.typed.iter().find(|t| t.column == column)
    }
}

#[derive(Debug, Clone)]
pub struct Table {
    pub spec: &'static TableSpec,
    pub rows: Vec<Row>,
}

impl Table {
    pub fn new(spec: &'static TableSpec) -> Self {
        Table {
            spec,
            rows: Vec::new(),
        }
    }

    /// Adds a row from `(column, value)` pairs; columns left out are null. Naming a column
    /// the contract lacks is a bug in petrochip, reported rather than panicked on.
    pub fn push(
        &mut self,
        origin: &Origin,
        cells: Vec<(&'static str, Value)>,
    ) -> Result<(), UnknownColumn> {
        self.push_traced(origin, cells, Trace::default())
    }

    /// [`Table::push`], with what the row was made from.
    pub fn push_traced(
        &mut self,
        origin: &Origin,
        cells: Vec<(&'static str, Value)>,
        trace: Trace,
    ) -> Result<(), UnknownColumn> {
        self.rows.push(Row::new(self.spec, origin, cells, trace)?);
        Ok(())
    }

    /// Adds a row made by [`Row::new`] for this table (on another thread, say).
    pub fn push_row(&mut self, row: Row) {
        self.rows.push(row);
    }

    pub fn view<'a>(&'a self, row: &'a Row) -> RowView<'a> {
        RowView {
            spec: self.spec,
            row,
        }
    }

    /// The primary key of a row, rendered for messages and lookups.
    pub fn key(&self, row: &Row) -> String {
        render_key(self.spec, row, self.spec.primary_key)
    }

    /// Rows sorted by primary key, so outputs do not depend on the order of `raw/` lines.
    /// Sorts the rows by key, keeping rows of one key in their order (a large table over
    /// every core: the same order either way, since the sort is stable).
    pub fn sort_by_key(&mut self) {
        let positions = self.spec.key_positions();
        if self.rows.len() > PARALLEL_SORT_FROM {
            if let Some(order) = order_by_first_text(&self.rows, &positions) {
                let mut rows: Vec<Option<Row>> = std::mem::take(&mut self.rows)
                    .into_iter()
                    .map(Some)
                    .collect();
                self.rows = order
                    .into_iter()
                    .filter_map(|i| rows[i as usize].take())
                    .collect();
                return;
            }
            use rayon::slice::ParallelSliceMut as _;
            self.rows.par_sort_by(|a, b| compare_at(&positions, a, b));
        } else {
            self.rows.sort_by(|a, b| compare_at(&positions, a, b));
        }
    }

    /// The rows' indices in key order (rows of one key in table order), for finding duplicate
    /// keys side by side without building a key per row.
    pub fn indices_by_key(&self) -> Vec<usize> {
        let positions = self.spec.key_positions();
        let mut indices: Vec<usize> = (0..self.rows.len()).collect();
        // Normalising leaves every table sorted by key: seeing that is one pass, where sorting
        // again compared every key some twenty times.
        let sorted = self
            .rows
            .windows(2)
            .all(|pair| compare_at(&positions, &pair[0], &pair[1]) != Ordering::Greater);
        if !sorted {
            indices.sort_by(|&a, &b| compare_at(&positions, &self.rows[a], &self.rows[b]));
        }
        indices
    }

    pub fn column_values(&self, name: &str) -> impl Iterator<Item = Value> + '_ {
        let index = self.spec.column_index(name);
        self.rows
            .iter()
            .filter_map(move |r| index.map(|i| r.get(i)))
    }
}

/// A table's rows found by the values of some of their columns (its key, as a foreign key
/// names it): row numbers hashed by those values, so a million rows are indexed without a key
/// of their own each. Values match as [`KeyValue`]s, as the gate's foreign-key check matches
/// them; of two rows with one key, the later is found.
pub struct RowsByKey<'t> {
    table: &'t Table,
    positions: Vec<usize>,
    rows: hashbrown::HashTable<u32>,
}

impl<'t> RowsByKey<'t> {
    /// Indexes `table`'s rows by their values at `positions`. A row past 4 billion is not
    /// indexed: no run holds that many.
    pub fn new(table: &'t Table, positions: Vec<usize>) -> RowsByKey<'t> {
        let hash_row =
            |row: u32| hash_key(positions.iter().map(|&p| table.rows[row as usize].get(p)));
        let same = |a: u32, b: u32| {
            let (a, b) = (&table.rows[a as usize], &table.rows[b as usize]);
            positions
                .iter()
                .all(|&p| KeyValue(a.get(p)) == KeyValue(b.get(p)))
        };
        let mut rows = hashbrown::HashTable::with_capacity(table.rows.len());
        for row in (0..table.rows.len()).map_while(|i| u32::try_from(i).ok()) {
            match rows.entry(
                hash_row(row),
                |&other| same(other, row),
                |&other| hash_row(other),
            ) {
                hashbrown::hash_table::Entry::Occupied(mut entry) => *entry.get_mut() = row,
                hashbrown::hash_table::Entry::Vacant(entry) => {
                    entry.insert(row);
                }
            }
        }
        RowsByKey {
            table,
            positions,
            rows,
        }
    }

    /// Every row's key values, in table order (for the nearest key to one not found).
    pub fn keys(&self) -> impl Iterator<Item = Vec<Value>> + '_ {
        let positions = &self.positions;
        self.table
            .rows
            .iter()
            .map(move |row| positions.iter().map(|&p| row.get(p)).collect())
    }

    /// The row whose values at the key's positions are `values`, in order.
    pub fn find(&self, values: &[Value]) -> Option<usize> {
        if values.len() != self.positions.len() {
            return None;
        }
        let hash = hash_key(values.iter().copied());
        let found = self.rows.find(hash, |&row| {
            let row = &self.table.rows[row as usize];
            self.positions
                .iter()
                .zip(values)
                .all(|(&p, &v)| KeyValue(row.get(p)) == KeyValue(v))
        });
        found.map(|&row| row as usize)
    }
}

fn hash_key(values: impl Iterator<Item = Value>) -> u64 {
    use std::hash::{Hash as _, Hasher as _};
    let mut hasher = rustc_hash::FxHasher::default();
    for value in values {
        KeyValue(value).hash(&mut hasher);
    }
    hasher.finish()
}

/// The order a stable sort by the key at `positions` gives `rows`, found group by group when
/// the key's first column is text in every row (a source id, mostly): the rows of each text,
/// in table order, sorted by the rest of the key, the groups in the texts' order. A corpus's
/// million rows are then sorted as ten thousand groups of a hundred, each comparison past
/// the first column, rather than as one run compared twenty times a row. `None` for a key whose
/// first column is empty or not text somewhere (or a table past 4 billion rows), which the
/// whole sort orders.
fn order_by_first_text(rows: &[Row], positions: &[usize]) -> Option<Vec<u32>> {
    use rayon::prelude::*;
    let (&first, rest) = positions.split_first()?;
    let mut groups: rustc_hash::FxHashMap<Interned, Vec<u32>> = rustc_hash::FxHashMap::default();
    for (i, row) in rows.iter().enumerate() {
        let Value::Text(text) = row.get(first) else {
            return None;
        };
        groups.entry(text).or_default().push(u32::try_from(i).ok()?);
    }
    let mut texts: Vec<Interned> = groups.keys().copied().collect();
    // Distinct texts: an unstable sort orders them as a stable one would.
    texts.sort_unstable_by(|a, b| a.as_str().cmp(b.as_str()));
    let mut ordered: Vec<Vec<u32>> = texts
        .iter()
        .map(|text| groups.remove(text).unwrap_or_default())
        .collect();
    ordered.par_iter_mut().for_each(|group| {
        group.sort_by(|&a, &b| compare_at(rest, &rows[a as usize], &rows[b as usize]));
    });
    Some(ordered.concat())
}

/// How many rows a table holds before it is sorted over every core.
const PARALLEL_SORT_FROM: usize = 50_000;

/// Two rows compared column by column at `positions`.
pub fn compare_at(positions: &[usize], a: &Row, b: &Row) -> Ordering {
    positions
        .iter()
        .map(|&i| a.get(i).total_cmp(&b.get(i)))
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

/// `col=value` pairs joined by `, `; a single column shows its value alone.
pub fn render_key(spec: &TableSpec, row: &Row, columns: &[&str]) -> String {
    let parts: Vec<String> = columns
        .iter()
        .filter_map(|c| spec.column_index(c).map(|i| (c, row.get(i))))
        .map(|(c, v)| {
            if columns.len() == 1 {
                v.to_string()
            } else {
                format!("{c}={v}")
            }
        })
        .collect();
    parts.join(", ")
}

#[derive(Debug, thiserror::Error)]
#[error("internal error: table {table} has no column {column} in its contract")]
pub struct UnknownColumn {
    pub table: &'static str,
    pub column: &'static str,
}

/// Read access to one row by column name, for the contract's row rules.
pub struct RowView<'a> {
    spec: &'static TableSpec,
    row: &'a Row,
}

impl crate::contract::Row for RowView<'_> {
    fn text(&self, column: &str) -> Option<&str> {
        RowView::text(self, column)
    }
    fn int(&self, column: &str) -> Option<i64> {
        RowView::int(self, column)
    }
    fn float(&self, column: &str) -> Option<f64> {
        RowView::float(self, column)
    }
    fn bool(&self, column: &str) -> Option<bool> {
        RowView::bool(self, column)
    }
    fn date(&self, column: &str) -> Option<NaiveDate> {
        RowView::date(self, column)
    }
}

impl<'a> RowView<'a> {
    pub fn get(&self, column: &str) -> Option<Value> {
        self.spec.column_index(column).map(|i| self.row.get(i))
    }
    /// The interned text in `column`, for a cell that becomes another's without hashing again.
    pub fn interned(&self, column: &str) -> Option<Interned> {
        match self.get(column)? {
            Value::Text(text) => Some(text),
            _ => None,
        }
    }
    pub fn text(&self, column: &str) -> Option<&'static str> {
        self.get(column)?.as_text()
    }
    pub fn int(&self, column: &str) -> Option<i64> {
        self.get(column)?.as_int()
    }
    pub fn float(&self, column: &str) -> Option<f64> {
        self.get(column)?.as_f64()
    }
    pub fn bool(&self, column: &str) -> Option<bool> {
        self.get(column)?.as_bool()
    }
    pub fn date(&self, column: &str) -> Option<NaiveDate> {
        self.get(column)?.as_date()
    }
}

/// All tables of one run, in contract order.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub tables: Vec<Table>,
}

impl Dataset {
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.spec.name == name)
    }

    /// The tables some foreign key leads to: the ones whose rows are found by key.
    pub fn referenced(&self) -> std::collections::HashSet<&'static str> {
        self.tables
            .iter()
            .flat_map(|t| t.spec.foreign_keys.iter().map(|fk| fk.table))
            .collect()
    }

    pub fn row_count(&self) -> usize {
        self.tables.iter().map(|t| t.rows.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_render_without_exponent() {
        assert_eq!(Value::Float(22_100_000_000.0).to_string(), "22100000000.0");
        assert_eq!(Value::Float(7e12).to_string(), "7000000000000.0");
        assert_eq!(Value::Float(0.5).to_string(), "0.5");
        assert_eq!(Value::Null.to_string(), "");
    }

    #[test]
    fn each_kind_of_value_renders_as_written_by_hand() {
        let date = |y, m, d| Value::Date(NaiveDate::from_ymd_opt(y, m, d).expect("a real day"));
        let cases = [
            (Value::Int(0), "0"),
            (Value::Int(-42), "-42"),
            (Value::Int(i64::MIN), "-9223372036854775808"),
            (Value::Float(0.0), "0.0"),
            (Value::Float(-0.0), "-0.0"),
            (Value::Float(-3.0), "-3.0"),
            (Value::Float(8_999_999_999_999_998.0), "8999999999999998.0"),
            (Value::Float(1e20), "100000000000000000000.0"),
            (Value::Float(-2.5), "-2.5"),
            (Value::Float(0.0001), "0.0001"),
            (Value::Float(f64::NAN), "NaN"),
            (Value::Float(f64::INFINITY), "inf"),
            (Value::Bool(true), "true"),
            (Value::Bool(false), "false"),
            (date(2024, 3, 6), "2024-03-06"),
            (date(987, 12, 31), "0987-12-31"),
            (date(0, 1, 1), "0000-01-01"),
            (date(10_000, 1, 1), "+10000-01-01"),
            (date(-1, 1, 1), "-0001-01-01"),
        ];
        for (value, text) in cases {
            assert_eq!(value.to_string(), text, "{value:?}");
        }
    }

    /// Exchange rates, keyed by (currency, year), pushed in the order given.
    fn rates(keys: &[(&str, i64)]) -> Table {
        let mut table = Table::new(&crate::domains::reference::EXCHANGE_RATES);
        for (line, (currency, year)) in keys.iter().enumerate() {
            let origin = Origin {
                file: "rates.csv".into(),
                line: line as u64 + 2,
            };
            let cells = vec![
                ("currency", (*currency).into()),
                ("year", Value::Int(*year)),
            ];
            table.push(&origin, cells).expect("the contract's columns");
        }
        table
    }

    #[test]
    fn rows_in_key_order_rows_of_one_key_in_table_order() {
        // Sorted by hand: EUR 2020 (rows 1 and 3, in that order), EUR 2021, USD 2020.
        let unsorted = rates(&[("USD", 2020), ("EUR", 2020), ("EUR", 2021), ("EUR", 2020)]);
        assert_eq!(unsorted.indices_by_key(), [1, 3, 2, 0]);
        // Already sorted, as normalising leaves a table: the rows' own order, ties included.
        let sorted = rates(&[("EUR", 2020), ("EUR", 2020), ("EUR", 2021), ("USD", 2020)]);
        assert_eq!(sorted.indices_by_key(), [0, 1, 2, 3]);
        let mut table = unsorted;
        table.sort_by_key();
        let lines: Vec<u64> = table.rows.iter().map(|row| row.origin.line).collect();
        assert_eq!(lines, [3, 5, 4, 2]);
    }

    /// A row of `values` in a table of as many text columns as the widest contract allows.
    fn packed(values: &[Value]) -> Row {
        let mut row = Row::new(
            &crate::domains::reference::EXCHANGE_RATES,
            &Origin {
                file: "rates.csv".into(),
                line: 2,
            },
            Vec::new(),
            Trace::default(),
        )
        .expect("the contract's columns");
        row.payloads = vec![Payload { bits: 0 }; values.len()].into_boxed_slice();
        for (i, value) in values.iter().enumerate() {
            row.set(i, *value);
        }
        row
    }

    #[test]
    fn a_packed_row_gives_back_every_value_as_it_was_set() {
        let date = |y, m, d| Value::Date(NaiveDate::from_ymd_opt(y, m, d).expect("a real day"));
        // Each kind, its edges, and enough columns that the kinds fill both words.
        let mut values = vec![
            Value::Null,
            Value::Text("".into()),
            Value::Text("Pétrole et semi-conducteurs".into()),
            Value::Int(0),
            Value::Int(i64::MIN),
            Value::Int(i64::MAX),
            Value::Int(-1),
            Value::Float(-0.0),
            Value::Float(22_100_000_000.0),
            Value::Float(f64::MIN_POSITIVE),
            Value::Float(f64::INFINITY),
            Value::Bool(false),
            Value::Bool(true),
            date(2024, 3, 6),
            date(1, 1, 1),
            date(-4000, 12, 31),
            date(9999, 12, 31),
        ];
        while values.len() < MAX_COLUMNS {
            values.push(Value::Int(values.len() as i64));
        }
        let row = packed(&values);
        assert_eq!(row.values().collect::<Vec<_>>(), values);
        // -0.0 == 0.0 as floats: its sign is checked by its bits.
        assert_eq!(
            row.get(7).as_f64().map(f64::to_bits),
            Some((-0.0f64).to_bits())
        );
        assert!(matches!(packed(&[Value::Float(f64::NAN)]).get(0), Value::Float(x) if x.is_nan()));
        assert_eq!(row.get(MAX_COLUMNS), Value::Null);
    }

    #[test]
    fn setting_a_column_changes_it_alone() {
        let mut row = packed(&[Value::Int(1); 30]);
        row.set(21, "text".into());
        row.set(20, Value::Null);
        row.set(22, Value::Bool(true));
        row.set(40, Value::Null);
        let mut expected = vec![Value::Int(1); 30];
        expected[20] = Value::Null;
        expected[21] = "text".into();
        expected[22] = Value::Bool(true);
        assert_eq!(row.values().collect::<Vec<_>>(), expected);
    }

    #[test]
    fn every_table_fits_a_packed_row() {
        for spec in crate::domains::tables() {
            assert!(
                spec.columns.len() <= MAX_COLUMNS,
                "{} has {} columns; a row holds {MAX_COLUMNS}",
                spec.name,
                spec.columns.len()
            );
        }
    }

    #[test]
    fn rows_are_found_by_their_key_values_the_later_of_two_alike() {
        let table = rates(&[("USD", 2020), ("EUR", 2020), ("EUR", 2021), ("EUR", 2020)]);
        let keyed = RowsByKey::new(&table, table.spec.key_positions());
        let find = |currency: &str, year: i64| keyed.find(&[currency.into(), Value::Int(year)]);
        assert_eq!(find("USD", 2020), Some(0));
        assert_eq!(find("EUR", 2021), Some(2));
        assert_eq!(find("EUR", 2020), Some(3));
        assert_eq!(find("EUR", 2019), None);
        // Another type is another value, as in the gate's check; so is a key of other length.
        assert_eq!(keyed.find(&["USD".into(), Value::Float(2020.0)]), None);
        assert_eq!(keyed.find(&["USD".into()]), None);
    }

    #[test]
    fn a_large_table_sorts_as_one_stable_sort_would() {
        // 60,000 rates over 97 currencies and 7 years: many rows share a key, whose table
        // order must be kept. Pseudo-random, the same every run.
        let mut state: u64 = 7;
        let mut next = |n: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 33) % n
        };
        let codes: Vec<String> = (0..97).map(|i| format!("C{:02}", (i * 37) % 97)).collect();
        let keys: Vec<(&str, i64)> = (0..60_000)
            .map(|_| (codes[next(97) as usize].as_str(), 2000 + next(7) as i64))
            .collect();
        let lines = |table: &Table| table.rows.iter().map(|r| r.origin.line).collect::<Vec<_>>();
        let expected = |table: &Table| {
            let positions = table.spec.key_positions();
            let mut rows = table.rows.clone();
            rows.sort_by(|a, b| compare_at(&positions, a, b));
            rows.iter().map(|r| r.origin.line).collect::<Vec<_>>()
        };
        let mut table = rates(&keys);
        let want = expected(&table);
        table.sort_by_key();
        assert_eq!(lines(&table), want);
        // A first key column empty in one row: the whole table is sorted at once, the same way.
        let mut table = rates(&keys);
        table.rows[123].set(0, Value::Null);
        let want = expected(&table);
        assert_eq!(want[0], 125, "the empty currency sorts first");
        table.sort_by_key();
        assert_eq!(lines(&table), want);
    }
}

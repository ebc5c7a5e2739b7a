//! The data-docs site: static HTML pages rendered from a validated dataset, so a reader can open
//! `output/site/index.html` from disk and follow every published number to the words that
//! support it. The engine walks the registry ([`crate::domains::tables`] and the groups'
//! [`Section`]s) and names no table: a group that needs pages of its own declares them beside
//! its module.
//!
//! Every page is a pure function of the dataset: no timestamps, rows in key order, so two
//! renders are byte-identical. Links are relative, so the folder can be opened from `file://`
//! or hosted under any sub-path; nothing is loaded from outside the site.

mod anchors;
mod pages;
mod records;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use maud::{DOCTYPE, Markup, PreEscaped, Render, html};

use crate::contract::Unit;
use crate::table::{Dataset, RowsByKey, Table, Value};
use crate::validate::{CheckResult, Failure};
use anchors::Anchors;

pub use pages::pager;
pub use records::{Records, Selected};

/// Rows per page of a table: a large table is split so that no page holds a whole big table.
pub const PAGE_ROWS: usize = 100;

/// Pages of rows a table gets at most, so its first [`PAGE_ROWS`] × 10 rows. A corpus's
/// million figures would otherwise be ten thousand pages, gigabytes no static host takes and
/// nobody pages through: past them a row is read in the table's CSV and Parquet files, and a
/// fact row also under its paragraph on its source's page, where links to it lead.
pub const TABLE_PAGES: usize = 10;

/// Rows of one table listed on a record page (an entity named ten thousand times links to the
/// table's pages for the rest).
pub const RECORD_ROWS: usize = 200;

/// Entries per page of the A–Z index, so ten thousand sources make many small pages.
pub const AZ_ROWS: usize = 100;

const STYLE: &str = include_str!("style.css");
const SCRIPT: &str = include_str!("search.js");

/// One file of the site: its path relative to the site's folder, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub path: String,
    pub body: String,
}

/// What a group adds to the site beyond one page per table.
#[derive(Debug)]
pub enum Section {
    /// One page per row of a table (a source, an entity).
    Records(Records),
    /// A page the group renders itself (the cross-source disagreements).
    Page(Custom),
    /// A table of which record pages list only some rows.
    Selected(Selected),
}

/// Pages a group renders from the dataset: the items it shows (rows of a table, say), found
/// once for all its pages, `per_page` to a page, so a corpus with a million comparisons is
/// not one page of a million.
#[derive(Debug)]
pub struct Custom {
    /// File name of the first page, e.g. `disagreements.html`; the next are
    /// `disagreements-p2.html`, `disagreements-p3.html`…
    pub file: &'static str,
    /// Its title, in the navigation of every page.
    pub title: &'static str,
    /// What its pages show, in order.
    pub items: fn(&Site) -> Vec<usize>,
    pub per_page: usize,
    /// Page `page` (0-based) of the items: the whole list, for counts and the pager.
    pub render: fn(&Site, &[usize], usize) -> Markup,
}

impl Custom {
    /// The file of page `page` (0-based).
    pub fn file_of(&self, page: usize) -> String {
        paged_file(self.file.strip_suffix(".html").unwrap_or(self.file), page)
    }

    /// How many pages `items` fill (one, if empty, to say so).
    pub fn pages(&self, items: &[usize]) -> usize {
        page_count(items.len(), self.per_page)
    }

    /// Where page `page` (0-based) starts and ends in `items`.
    pub fn window(&self, items: &[usize], page: usize) -> std::ops::Range<usize> {
        let start = (page * self.per_page).min(items.len());
        start..(start + self.per_page).min(items.len())
    }
}

/// Where the downloads (CSV, Parquet, datapackage.json…) are, relative to the site's folder:
/// `Some("../")` when the site sits inside the output set, `None` for a site rendered alone.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    pub downloads: Option<&'a str>,
}

/// What the pages are rendered from, with the lookups every page needs.
pub struct Site<'a> {
    pub dataset: &'a Dataset,
    pub checks: &'a [CheckResult],
    pub warnings: &'a [Failure],
    pub options: Options<'a>,
    /// Per table, in the dataset's order: its rows' anchors and where their foreign keys lead,
    /// computed once, so no page hashes a key or builds a string to find a row.
    indexes: Vec<Index>,
    /// A table's position in the dataset, by name.
    positions: HashMap<&'static str, usize>,
    records: Vec<&'static Records>,
    customs: Vec<&'static Custom>,
    selected: Vec<&'static Selected>,
    /// Per custom page, its items, found once for all its pages.
    custom_items: Vec<OnceLock<Vec<usize>>>,
    /// The A–Z index's entries, sorted once for all its pages.
    entries: OnceLock<Vec<pages::Entry>>,
    /// The row each warning names (its table's position and the row), found once for all the
    /// validation pages.
    warned: OnceLock<Vec<Option<(usize, usize)>>>,
    /// The page template around a title and a `main`, cut once ([`Site::layout`]).
    frame: OnceLock<Option<Frame>>,
}

/// The fixed text of every page, cut from [`Site::template`] at its title and its `main`.
struct Frame {
    head: String,
    nav: String,
    foot: String,
}

/// What the pages need of one table's rows.
struct Index {
    /// Each row's anchor (its key, written as [`anchor`] does), and the rows by anchor: an
    /// anchor stands for its key one to one. Held only for a table some foreign key leads to;
    /// another table's anchors are written when a page shows its row (at 10,000 sources the
    /// comparisons' alone were 110 MB).
    anchors: Option<Anchors>,
    /// The positions of the table's key in its rows.
    key: Vec<usize>,
    /// Per foreign key of the table's spec, in order: the target table's position (absent
    /// when the dataset lacks it) and the row each row's key leads to.
    targets: Vec<Option<(usize, Vec<u32>)>>,
}

/// Where a listed row's links lead: its table's pages, or its paragraph on its source's page.
pub(super) enum Place {
    Table,
    Cited,
}

/// Room for a row's anchor or link from the start: most are 40 to 100 bytes, and a string that
/// grows to that size from empty is moved four times (a corpus's pages write millions).
const LINK_CAPACITY: usize = 128;

/// The link `write` writes, if it writes one, in a string with room for it.
fn written(write: impl FnOnce(&mut String) -> bool) -> Option<String> {
    let mut out = String::with_capacity(LINK_CAPACITY);
    write(&mut out).then_some(out)
}

/// In [`Index::targets`], a row whose key leads nowhere (empty, or no such row): four bytes a
/// row rather than an option's eight, for millions of rows.
const NO_TARGET: u32 = u32::MAX;

/// Appends the anchor of a key's values to `id` (see [`anchor`]).
fn push_anchor<'v>(id: &mut String, parts: impl Iterator<Item = &'v str>) {
    let start = id.len();
    for (i, part) in parts.enumerate() {
        if i > 0 {
            id.push('.');
        }
        push_escaped(id, part);
    }
    if id.len() == start {
        id.push('-');
    }
}

/// Appends one part of an anchor: ASCII letters, digits and `_` as they are, any other byte
/// as `-XX`.
fn push_escaped(id: &mut String, part: &str) {
    let mut plain = 0;
    for (at, byte) in part.bytes().enumerate() {
        if !is_plain(byte) {
            // A run of plain bytes is ASCII, so it starts and ends on characters.
            if at > plain {
                id.push_str(&part[plain..at]);
            }
            let _ = write!(id, "-{byte:02X}");
            plain = at + 1;
        }
    }
    id.push_str(&part[plain..]);
}

fn is_plain(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// The anchor id of a row: its key's values, each kept when it is ASCII letters, digits or `_`
/// and otherwise escaped byte by byte as `-XX`, joined by `.`. Ids stay unique (the escape
/// character is escaped too), valid in HTML and safe in a URL fragment or a file name.
pub fn anchor<S: AsRef<str>>(key: &[S]) -> String {
    let mut id = String::new();
    push_anchor(&mut id, key.iter().map(AsRef::as_ref));
    id
}

/// Appends the anchor of a row's values at `positions` to `out`, as [`anchor`] writes them,
/// straight from the values (a page shows hundreds of rows, a corpus's site millions); `false`,
/// with `out` as it was, when one is empty (a key that is partly empty leads nowhere).
fn write_values_anchor(out: &mut String, row: &crate::table::Row, positions: &[usize]) -> bool {
    if positions.iter().any(|&p| row.get(p) == Value::Null) {
        return false;
    }
    let start = out.len();
    for (i, &p) in positions.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        match row.get(p) {
            Value::Text(text) => push_escaped(out, &text),
            other => {
                // Written in place; escaped again only if it must be (a sign, a decimal point).
                let at = out.len();
                let _ = write!(out, "{other}");
                if !out.as_bytes()[at..].iter().all(|&b| is_plain(b)) {
                    let written = out.split_off(at);
                    push_escaped(out, &written);
                }
            }
        }
    }
    if out.len() == start {
        out.push('-');
    }
    true
}

/// Writes the anchor of row `i` of `table`, whose key sits at `key` (see [`anchor`]).
fn write_anchor(out: &mut String, (table, key): (&Table, &[usize]), i: usize) {
    let row = &table.rows[i];
    if !write_values_anchor(out, row, key) {
        out.push_str(&anchor(&key_values(table, row)));
    }
}

/// `f` of each item, in the items' order, on rayon's pool: one task per item, so a slow page
/// never holds others back. The pool is already running (the tables are encoded on it beside
/// the site); spawning threads of its own for each call cost the site a thread start and its
/// stack's faults three times a run.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use rayon::prelude::*;
    items.par_iter().with_max_len(1).map(&f).collect()
}

/// Where foreign key `k` of a table leads, row by row (see [`Index::targets`]): found by the
/// key's values, as the gate's foreign-key check finds them.
fn foreign_targets(
    table: &Table,
    k: usize,
    positions: &HashMap<&'static str, usize>,
    keyed: &[Option<RowsByKey>],
) -> Option<(usize, Vec<u32>)> {
    let fk = table.spec.foreign_keys.get(k)?;
    let target = *positions.get(fk.table)?;
    let columns: Vec<usize> = fk
        .columns
        .iter()
        .map(|c| table.spec.column_index(c))
        .collect::<Option<_>>()?;
    let keyed = keyed[target].as_ref()?;
    let mut values = Vec::with_capacity(columns.len());
    let rows = table
        .rows
        .iter()
        .map(|row| {
            values.clear();
            values.extend(columns.iter().map(|&c| row.get(c)));
            // A key that is partly empty leads nowhere.
            let found = (!values.contains(&Value::Null))
                .then(|| keyed.find(&values))
                .flatten()
                .and_then(|row| u32::try_from(row).ok());
            // A table of 4 billion rows is past what a run holds; its last row is not linked.
            found.filter(|&row| row != NO_TARGET).unwrap_or(NO_TARGET)
        })
        .collect();
    Some((target, rows))
}

/// A value as text, escaped.
fn write_value(out: &mut String, value: &Value) {
    match value {
        Value::Text(text) => escape_into(out, text),
        // Numbers, dates and booleans hold nothing to escape.
        other => {
            let _ = write!(out, "{other}");
        }
    }
}

/// A row's key values, as text.
pub fn key_values(table: &Table, row: &crate::table::Row) -> Vec<String> {
    table
        .spec
        .key_positions()
        .iter()
        .map(|&i| row.get(i).to_string())
        .collect()
}

/// How many pages `items` entries fill at `per_page` a page: one for none, which says so.
pub(crate) fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page.max(1)).max(1)
}

/// How many of a table's rows its pages show: every one, up to [`TABLE_PAGES`] pages.
pub(crate) fn shown_rows(table: &Table) -> usize {
    table.rows.len().min(TABLE_PAGES * PAGE_ROWS)
}

/// The file of page `page` (0-based) of a paged listing named `stem`: `stem.html`, then
/// `stem-p2.html`, `stem-p3.html`… (row links write the same form in place, see
/// `write_row_href`).
pub fn paged_file(stem: &str, page: usize) -> String {
    match page {
        0 => format!("{stem}.html"),
        _ => format!("{stem}-p{}.html", page + 1),
    }
}

/// The file of page `page` (0-based) of a table's rows.
pub fn table_file(table: &str, page: usize) -> String {
    paged_file(&format!("table-{table}"), page)
}

/// Text escaped for HTML as maud escapes it (`&`, `<`, `>`, `"`), appended in runs rather
/// than byte by byte.
fn escape_into(out: &mut String, text: &str) {
    let mut plain = 0;
    for (at, byte) in text.bytes().enumerate() {
        let escaped = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => continue,
        };
        out.push_str(&text[plain..at]);
        out.push_str(escaped);
        plain = at + 1;
    }
    out.push_str(&text[plain..]);
}

/// A number as people read it: digits grouped by threes with commas, never an exponent, the
/// shortest decimals that give the value back (`1000000000000.0` is `1,000,000,000,000`,
/// `0.519` stays `0.519`).
pub fn group_digits(value: f64) -> String {
    let mut out = String::new();
    push_grouped(&mut out, &Value::Float(value).to_string());
    out
}

/// Appends `plain`, a number as [`Value`] writes it (`-1234.50`, `1000.0`, `NaN`), with its
/// whole digits grouped by threes and a fraction of zeros left out.
fn push_grouped(out: &mut String, plain: &str) {
    let (sign, digits) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain),
    };
    if !digits.bytes().next().is_some_and(|b| b.is_ascii_digit()) {
        out.push_str(plain);
        return;
    }
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    // Negative zero is shown as zero.
    if digits.bytes().any(|b| matches!(b, b'1'..=b'9')) {
        out.push_str(sign);
    }
    for (i, digit) in whole.char_indices() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    if fraction.bytes().any(|b| b != b'0') {
        out.push('.');
        out.push_str(fraction);
    }
}

/// A measured value as every page shows it: grouped digits and its unit, in a `<data>`
/// element whose `value` is the exact value as the CSV files hold it.
pub fn write_measure(out: &mut String, value: f64, unit: Option<&str>) {
    // The digits formatted once, then shown grouped: a corpus's pages hold millions of values.
    let plain = Value::Float(value).to_string();
    out.push_str("<data value=\"");
    out.push_str(&plain);
    out.push_str("\">");
    push_grouped(out, &plain);
    if let Some(unit) = unit.filter(|u| !u.is_empty()) {
        out.push('\u{a0}');
        escape_into(out, unit);
    }
    out.push_str("</data>");
}

/// [`write_measure`] as markup.
pub fn measure(value: f64, unit: Option<&str>) -> Markup {
    let mut out = String::new();
    write_measure(&mut out, value, unit);
    PreEscaped(out)
}

/// One cell of a row as shown, written straight into its page (see [`Site::cell`]).
pub struct Cell<'s, 'a> {
    site: &'s Site<'a>,
    table: &'a Table,
    index: usize,
    column: usize,
}

impl Render for Cell<'_, '_> {
    fn render_to(&self, out: &mut String) {
        self.site
            .write_cell(out, self.table, self.index, self.column);
    }
}

/// A value as text, escaped, with no link or formatting (a key inside its record's link).
pub struct Text<'a>(pub &'a Value);

impl Render for Text<'_> {
    fn render_to(&self, out: &mut String) {
        write_value(out, self.0);
    }
}

/// Text escaped as maud escapes it, in runs rather than byte by byte ([`escape_into`]): a
/// corpus's pages splice millions of ids and links.
pub struct Escaped<'a>(pub &'a str);

impl Render for Escaped<'_> {
    fn render_to(&self, out: &mut String) {
        escape_into(out, self.0);
    }
}

/// A page to render, in the order the pages are listed to the threads.
#[derive(Clone, Copy)]
enum Job {
    Style,
    Script,
    Index,
    /// A page of the validation report.
    Validation(usize),
    AtoZ(usize),
    /// A group's pages and one of them.
    Custom(usize, usize),
    /// A table's position and a page of its rows.
    Table(usize, usize),
    /// A kind of records and a row of its table.
    Record(usize, usize),
}

impl<'a> Site<'a> {
    pub fn new(
        dataset: &'a Dataset,
        checks: &'a [CheckResult],
        warnings: &'a [Failure],
        options: Options<'a>,
    ) -> Site<'a> {
        let positions: HashMap<&'static str, usize> = dataset
            .tables
            .iter()
            .enumerate()
            .map(|(i, t)| (t.spec.name, i))
            .collect();
        let referenced = dataset.referenced();
        let anchors: Vec<Option<Anchors>> = parallel_map(&dataset.tables, |table| {
            if !referenced.contains(table.spec.name) {
                return None;
            }
            let key = table.spec.key_positions();
            Some(Anchors::new(table.rows.len(), |i, out| {
                write_anchor(out, (table, &key), i);
            }))
        });
        let keyed: Vec<Option<RowsByKey>> = {
            use rayon::prelude::*;
            dataset
                .tables
                .par_iter()
                .map(|table| {
                    referenced
                        .contains(table.spec.name)
                        .then(|| RowsByKey::new(table, table.spec.key_positions()))
                })
                .collect()
        };
        // One job per foreign key, not per table: the largest table has five of them.
        let keys: Vec<(usize, usize)> = dataset
            .tables
            .iter()
            .enumerate()
            .flat_map(|(t, table)| (0..table.spec.foreign_keys.len()).map(move |k| (t, k)))
            .collect();
        let mut found = parallel_map(&keys, |&(t, k)| {
            foreign_targets(&dataset.tables[t], k, &positions, &keyed)
        })
        .into_iter();
        let targets: Vec<_> = dataset
            .tables
            .iter()
            .map(|table| found.by_ref().take(table.spec.foreign_keys.len()).collect())
            .collect();
        let indexes = anchors
            .into_iter()
            .zip(targets)
            .zip(&dataset.tables)
            .map(|((anchors, targets), table)| Index {
                anchors,
                key: table.spec.key_positions(),
                targets,
            })
            .collect();
        let mut records = Vec::new();
        let mut customs = Vec::new();
        let mut selected = Vec::new();
        for section in crate::domains::site_sections() {
            match section {
                Section::Records(r) if dataset.table(r.table).is_some() => records.push(r),
                Section::Records(_) => {}
                Section::Page(c) => customs.push(c),
                Section::Selected(c) => selected.push(c),
            }
        }
        Site {
            dataset,
            checks,
            warnings,
            options,
            indexes,
            positions,
            records,
            custom_items: customs.iter().map(|_| OnceLock::new()).collect(),
            customs,
            selected,
            entries: OnceLock::new(),
            warned: OnceLock::new(),
            frame: OnceLock::new(),
        }
    }

    /// The items of custom page `c`.
    fn custom_items(&self, c: usize) -> &[usize] {
        self.custom_items[c].get_or_init(|| (self.customs[c].items)(self))
    }

    /// The row each warning names, in the warnings' order.
    fn warned(&self) -> &[Option<(usize, usize)>] {
        self.warned.get_or_init(|| {
            self.warnings
                .iter()
                .map(|failure| Some((*self.positions.get(failure.table)?, failure.row?)))
                .collect()
        })
    }

    /// What the A–Z index lists, in its order.
    fn entries(&self) -> &[pages::Entry] {
        self.entries.get_or_init(|| pages::entries(self))
    }

    /// A table's index: found by address among the dataset's tables (every table a page
    /// holds is one of them), by name otherwise.
    fn index(&self, table: &Table) -> Option<&Index> {
        let position = self
            .dataset
            .tables
            .iter()
            .position(|t| std::ptr::eq(t, table))
            .or_else(|| self.positions.get(table.spec.name).copied())?;
        self.indexes.get(position)
    }

    /// The anchor of row `index` of `table`.
    pub fn row_anchor(&self, table: &Table, index: usize) -> String {
        let mut out = String::with_capacity(LINK_CAPACITY);
        self.write_row_anchor(&mut out, table, index);
        out
    }

    /// Writes the anchor of row `index` of `table`: held, or written from its key.
    fn write_row_anchor(&self, out: &mut String, table: &Table, index: usize) {
        let Some(found) = self.index(table) else {
            out.push('-');
            return;
        };
        match &found.anchors {
            Some(anchors) => out.push_str(anchors.get(index).unwrap_or("-")),
            None if index < table.rows.len() => {
                write_anchor(out, (table, &found.key), index);
            }
            None => out.push('-'),
        }
    }

    /// The row of `table` whose key values are `key` (a table some foreign key leads to, whose
    /// anchors are held; another's rows are searched one by one).
    pub fn find(&self, table: &str, key: &[String]) -> Option<(&'a Table, usize)> {
        let position = *self.positions.get(table)?;
        let wanted = anchor(key);
        let found = &self.indexes[position];
        let rows = &self.dataset.tables[position];
        let index = match &found.anchors {
            Some(anchors) => anchors.find(&wanted)?,
            None => {
                let mut written = String::new();
                (0..rows.rows.len()).rev().find(|&i| {
                    written.clear();
                    write_anchor(&mut written, (rows, &found.key), i);
                    written == wanted
                })?
            }
        };
        Some((rows, index))
    }

    /// The row foreign key `fk` (its position in the spec) of row `index` leads to.
    fn target(&self, table: &Table, fk: usize, index: usize) -> Option<(&'a Table, usize)> {
        let (position, rows) = self.index(table)?.targets.get(fk)?.as_ref()?;
        let found = *rows.get(index)?;
        (found != NO_TARGET).then(|| (&self.dataset.tables[*position], found as usize))
    }

    /// Writes where a row is: on its table's pages, or past the rows they show, under its
    /// paragraph on its source's page (a fact row) or on its own record page; says whether it
    /// has a place on the site at all (a comparison past the pages has none).
    fn write_row_href(&self, out: &mut String, table: &Table, index: usize) -> bool {
        self.write_table_href(out, table, index)
            || (records::cites(table) && self.write_cited_href(out, table, index))
            || self.write_record_href(out, table, index)
    }

    /// Writes where a row is on its table's pages, if they show it.
    fn write_table_href(&self, out: &mut String, table: &Table, index: usize) -> bool {
        self.write_href(out, Place::Table, (table, index), None)
    }

    /// Writes where `place` puts row `index` of `table`, if it has such a place: on its table's
    /// pages, or under its paragraph on its source's page, where its id is `<table>~<anchor>`
    /// so that a link from anywhere lands on the row. The anchor is `anchor` when the caller
    /// has written it already.
    fn write_href(
        &self,
        out: &mut String,
        place: Place,
        (table, index): (&Table, usize),
        anchor: Option<&str>,
    ) -> bool {
        match place {
            Place::Table => {
                if index >= shown_rows(table) {
                    return false;
                }
                let page = index / PAGE_ROWS;
                out.push_str("table-");
                out.push_str(table.spec.name);
                if page > 0 {
                    let _ = write!(out, "-p{}", page + 1);
                }
                out.push_str(".html#");
            }
            Place::Cited => {
                let Some((_, target, row)) = self.citing_fk(table, index) else {
                    return false;
                };
                self.write_record_href(out, target, row);
                out.push('#');
                out.push_str(table.spec.name);
                out.push('~');
            }
        }
        match anchor {
            Some(anchor) => out.push_str(anchor),
            None => self.write_row_anchor(out, table, index),
        }
        true
    }

    /// Where a row is on its table's pages, if they show it.
    pub fn table_href(&self, table: &Table, index: usize) -> Option<String> {
        written(|out| self.write_table_href(out, table, index))
    }

    /// [`Site::table_href`] or [`Site::cited_href`], with the row's `anchor` written already.
    pub(super) fn href_at(
        &self,
        place: Place,
        row: (&Table, usize),
        anchor: &str,
    ) -> Option<String> {
        written(|out| self.write_href(out, place, row, Some(anchor)))
    }

    /// Where a row is on the site (see [`Site::write_row_href`]).
    pub fn row_href(&self, table: &Table, index: usize) -> Option<String> {
        written(|out| self.write_row_href(out, table, index))
    }

    /// Writes the record page of a row, when its table has them; says whether it did.
    fn write_record_href(&self, out: &mut String, table: &Table, index: usize) -> bool {
        let Some(records) = self.records_of(table.spec.name) else {
            return false;
        };
        out.push_str(records.prefix);
        out.push('-');
        self.write_row_anchor(out, table, index);
        out.push_str(".html");
        true
    }

    /// The record page of a row, when its table has them.
    pub fn record_href(&self, table: &Table, index: usize) -> Option<String> {
        written(|out| self.write_record_href(out, table, index))
    }

    pub fn records_of(&self, table: &str) -> Option<&'static Records> {
        self.records.iter().copied().find(|r| r.table == table)
    }

    /// Where foreign key `fk` of a row leads: the target's record page, or where its row is
    /// (see [`Site::write_row_href`]); `None` when a column of the key is empty or the row has
    /// no place on the site.
    pub fn fk_href(&self, table: &Table, fk: usize, index: usize) -> Option<String> {
        written(|out| self.write_fk_href(out, table, fk, index))
    }

    fn write_fk_href(&self, out: &mut String, table: &Table, fk: usize, index: usize) -> bool {
        let Some((target, row)) = self.target(table, fk, index) else {
            return false;
        };
        self.write_record_href(out, target, row) || self.write_row_href(out, target, row)
    }

    /// The foreign key of a row that leads to a record listed by paragraph (its source).
    fn citing_fk(
        &self,
        table: &Table,
        index: usize,
    ) -> Option<(&'static Records, &'a Table, usize)> {
        table
            .spec
            .foreign_keys
            .iter()
            .enumerate()
            .find_map(|(k, fk)| {
                let records = self.records_of(fk.table).filter(|r| r.by_paragraph)?;
                let (target, row) = self.target(table, k, index)?;
                Some((records, target, row))
            })
    }

    fn write_cited_href(&self, out: &mut String, table: &Table, index: usize) -> bool {
        self.write_href(out, Place::Cited, (table, index), None)
    }

    /// Where a row that cites a source stands on that source's page, under its paragraph with
    /// its quote: the anchor is the table and the row's key.
    pub fn cited_href(&self, table: &Table, index: usize) -> Option<String> {
        written(|out| self.write_cited_href(out, table, index))
    }

    /// The language of a row's quote: the one its source declares, through a foreign key to a
    /// table whose records name a language column.
    pub fn quote_lang(&self, table: &Table, index: usize) -> Option<&'a str> {
        table
            .spec
            .foreign_keys
            .iter()
            .enumerate()
            .find_map(|(k, fk)| {
                let lang = self.records_of(fk.table)?.lang?;
                let (target, row) = self.target(table, k, index)?;
                let column = target.spec.column_index(lang)?;
                target.rows[row]
                    .get(column)
                    .as_text()
                    .filter(|l| !l.is_empty())
            })
    }

    /// A row's own language, when it is a record that names one (a source's title).
    fn own_lang(&self, table: &'a Table, index: usize) -> Option<&'a str> {
        let lang = self.records_of(table.spec.name)?.lang?;
        let column = table.spec.column_index(lang)?;
        table.rows[index]
            .get(column)
            .as_text()
            .filter(|l| !l.is_empty())
    }

    /// The unit of a measured cell: the contract's, or the one its row names.
    fn unit_of(&self, table: &'a Table, index: usize, column: usize) -> Option<&'a str> {
        match table.spec.columns[column].unit? {
            Unit::Fixed(unit) => Some(unit),
            Unit::Column(name) => {
                let at = table.spec.column_index(name)?;
                table.rows[index].get(at).as_text()
            }
        }
    }

    /// One cell as shown: a quote in `<q>` with its source's language, a foreign key as a link
    /// to its target, a record's URL as an external link, a number with its digits grouped and
    /// its unit; other values as text. It renders straight into the page that holds it.
    pub fn cell<'s>(&'s self, table: &'a Table, index: usize, column: usize) -> Cell<'s, 'a> {
        Cell {
            site: self,
            table,
            index,
            column,
        }
    }

    fn write_cell(&self, out: &mut String, table: &'a Table, index: usize, column: usize) {
        let spec = table.spec;
        let value = &table.rows[index].get(column);
        if *value == Value::Null {
            return;
        }
        let name = spec.columns[column].name;
        if name == crate::contract::QUOTE.name {
            out.push_str("<q");
            if let Some(lang) = self
                .quote_lang(table, index)
                .or_else(|| self.own_lang(table, index))
            {
                out.push_str(" lang=\"");
                escape_into(out, lang);
                out.push('"');
            }
            out.push('>');
            write_value(out, value);
            out.push_str("</q>");
            return;
        }
        if let Some(text) = value.as_text()
            && let Some(records) = self.records_of(spec.name)
            && records.url == Some(name)
            && (text.starts_with("https://") || text.starts_with("http://"))
        {
            out.push_str("<a href=\"");
            escape_into(out, text);
            out.push_str("\" rel=\"external\">");
            escape_into(out, text);
            out.push_str("</a>");
            return;
        }
        if name == crate::contract::PARAGRAPH.name && spec.is_fact() {
            let start = out.len();
            out.push_str("<a href=\"");
            if self.write_cited_href(out, table, index) {
                out.push_str("\" title=\"This row under its paragraph, on its source's page\">");
                write_value(out, value);
                out.push_str("</a>");
                return;
            }
            out.truncate(start);
        }
        for (k, fk) in spec.foreign_keys.iter().enumerate() {
            if !fk.columns.contains(&name) {
                continue;
            }
            let start = out.len();
            out.push_str("<a href=\"");
            if self.write_fk_href(out, table, k, index) {
                out.push_str("\">");
                write_value(out, value);
                out.push_str("</a>");
                return;
            }
            out.truncate(start);
        }
        match value {
            Value::Float(x) => write_measure(out, *x, self.unit_of(table, index, column)),
            _ => write_value(out, value),
        }
    }

    /// The jobs of every page, to be rendered in any order.
    fn jobs(&self) -> Vec<Job> {
        let mut jobs = vec![Job::Style, Job::Script, Job::Index];
        jobs.extend((0..pages::validation_pages(self)).map(Job::Validation));
        jobs.extend((0..pages::a_to_z_pages(self)).map(Job::AtoZ));
        for (c, custom) in self.customs.iter().enumerate() {
            let pages = custom.pages(self.custom_items(c));
            jobs.extend((0..pages).map(|p| Job::Custom(c, p)));
        }
        for (t, table) in self.dataset.tables.iter().enumerate() {
            let pages = page_count(shown_rows(table), PAGE_ROWS);
            jobs.extend((0..pages).map(|p| Job::Table(t, p)));
        }
        for (r, records) in self.records.iter().enumerate() {
            if let Some(table) = self.dataset.table(records.table) {
                jobs.extend((0..table.rows.len()).map(|i| Job::Record(r, i)));
            }
        }
        jobs
    }

    fn render_job(&self, job: Job, referrers: &[records::Referrers]) -> Page {
        match job {
            Job::Style => Page {
                path: "style.css".into(),
                body: STYLE.into(),
            },
            Job::Script => Page {
                path: "search.js".into(),
                body: SCRIPT.into(),
            },
            Job::Index => pages::index(self),
            Job::Validation(page) => pages::validation(self, page),
            Job::AtoZ(page) => pages::a_to_z(self, page),
            Job::Custom(c, page) => {
                let custom = self.customs[c];
                Page {
                    path: custom.file_of(page),
                    body: self
                        .layout(
                            custom.title,
                            &(custom.render)(self, self.custom_items(c), page),
                        )
                        .into_string(),
                }
            }
            Job::Table(t, page) => pages::table(self, &self.dataset.tables[t], page),
            Job::Record(r, index) => records::page(self, self.records[r], &referrers[r], index),
        }
    }

    /// Every page of the site, and its stylesheet and script, sorted by path.
    pub fn render(&self) -> Vec<Page> {
        let rendered: Result<Vec<Page>, std::convert::Infallible> = self.render_each(Ok);
        rendered.unwrap_or_else(|never| match never {})
    }

    /// Renders every page over the machine's cores and hands each to `sink` as soon as it is
    /// rendered (to write it, so the site is never whole in memory); the results come back
    /// sorted by the pages' paths, so they do not depend on which thread did what. The first
    /// error, by path, is returned, and no page is started after one.
    /// How record pages list `table`'s rows, if they list only some.
    fn selected(&self, table: &str) -> Option<&'static Selected> {
        self.selected.iter().copied().find(|c| c.table == table)
    }

    pub fn render_each<T: Send, E: Send>(
        &self,
        sink: impl Fn(Page) -> Result<T, E> + Sync,
    ) -> Result<Vec<T>, E> {
        let referrers: Vec<records::Referrers> = self
            .records
            .iter()
            .map(|r| records::referrers(self, r))
            .collect();
        let jobs = self.jobs();
        let failed = AtomicBool::new(false);
        // After a failure the jobs left are skipped, not rendered.
        let mut done: Vec<(String, Result<T, E>)> = parallel_map(&jobs, |&job| {
            if failed.load(Ordering::Relaxed) {
                return None;
            }
            let page = self.render_job(job, &referrers);
            let path = page.path.clone();
            let result = sink(page);
            if result.is_err() {
                failed.store(true, Ordering::Relaxed);
            }
            Some((path, result))
        })
        .into_iter()
        .flatten()
        .collect();
        done.sort_by(|a, b| a.0.cmp(&b.0));
        done.into_iter().map(|(_, result)| result).collect()
    }

    /// A whole page: landmarks, a skip link, the navigation and `main`. The same bytes as
    /// [`Site::template`], written into one string of the page's size: the template's own
    /// string grew, copying itself, as `main` went in (4 % of a seed run's CPU).
    pub fn layout(&self, title: &str, main: &Markup) -> Markup {
        let frame = self.frame.get_or_init(|| {
            const TITLE: &str = "\u{1}title\u{1}";
            const MAIN: &str = "\u{1}main\u{1}";
            let page = self
                .template(TITLE, &PreEscaped(MAIN.to_string()))
                .into_string();
            let (head, rest) = page.split_once(TITLE)?;
            let (nav, foot) = rest.split_once(MAIN)?;
            Some(Frame {
                head: head.to_string(),
                nav: nav.to_string(),
                foot: foot.to_string(),
            })
        });
        let Some(frame) = frame else {
            return self.template(title, main);
        };
        let mut page = String::with_capacity(
            frame.head.len() + title.len() + frame.nav.len() + main.0.len() + frame.foot.len(),
        );
        page.push_str(&frame.head);
        title.render_to(&mut page);
        page.push_str(&frame.nav);
        page.push_str(&main.0);
        page.push_str(&frame.foot);
        PreEscaped(page)
    }

    /// The page template, whose text outside `title` and `main` [`Site::layout`] reuses.
    fn template(&self, title: &str, main: &Markup) -> Markup {
        html! {
            (DOCTYPE)
            html lang="en" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) " · petrochip" }
                    link rel="stylesheet" href="style.css";
                }
                body {
                    a.skip href="#main" { "Skip to content" }
                    header {
                        nav aria-label="Site" {
                            ul {
                                li { a href="index.html" { "petrochip" } }
                                li { a href="validation.html" { "Validation" } }
                                @for custom in &self.customs {
                                    li { a href=(custom.file) { (custom.title) } }
                                }
                                li { a href="a-z.html" { "A–Z and search" } }
                            }
                        }
                    }
                    main id="main" tabindex="-1" {
                        (main)
                    }
                    footer {
                        p { "Contract " (crate::contract::CONTRACT_VERSION) ", petrochip " (env!("CARGO_PKG_VERSION")) ". Quotes are short extracts; no source's full text is reproduced." }
                    }
                }
            }
        }
    }
}

/// JSON for a `<script type="application/json">`: `<` escaped, so no value can close the tag.
fn inline_json(json: &str) -> PreEscaped<String> {
    PreEscaped(json.replace('<', "\\u003c"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_keep_plain_ids_and_escape_the_rest() {
        assert_eq!(anchor(&["nvidia"]), "nvidia");
        assert_eq!(
            anchor(&["muller_park_2024", "fig_1"]),
            "muller_park_2024.fig_1"
        );
        assert_eq!(anchor(&["a b", "x.y"]), "a-20b.x-2Ey");
        assert_eq!(anchor(&["a-b"]), "a-2Db");
        assert_eq!(anchor(&["é"]), "-C3-A9");
        assert_eq!(anchor(&["\"><script>"]), "-22-3E-3Cscript-3E");
        assert_eq!(anchor::<&str>(&[]), "-");
    }

    #[test]
    fn a_rows_anchor_is_written_from_its_values_as_from_their_text() {
        let origin = crate::table::Origin {
            file: "x.csv".into(),
            line: 2,
        };
        let cells = vec![("currency", Value::from("a b")), ("year", Value::Int(-12))];
        let row = crate::table::Row::new(
            &crate::domains::reference::EXCHANGE_RATES,
            &origin,
            cells,
            Default::default(),
        )
        .expect("the contract's columns");
        let key = crate::domains::reference::EXCHANGE_RATES.key_positions();
        let mut out = String::from("#");
        assert!(write_values_anchor(&mut out, &row, &key));
        // "a b" and "-12", escaped as `anchor` escapes them.
        assert_eq!(out, "#a-20b.-2D12");
        assert_eq!(&out[1..], anchor(&["a b", "-12"]));
        let partly_empty = crate::table::Row::new(
            &crate::domains::reference::EXCHANGE_RATES,
            &origin,
            vec![("year", Value::Int(2020))],
            Default::default(),
        )
        .expect("the contract's columns");
        assert!(!write_values_anchor(&mut out, &partly_empty, &key));
        assert_eq!(out, "#a-20b.-2D12");
    }

    #[test]
    fn anchors_of_different_keys_differ() {
        // The separator and the escape character are escaped inside a part.
        assert_ne!(anchor(&["a.b"]), anchor(&["a", "b"]));
        assert_ne!(anchor(&["a-2Eb"]), anchor(&["a.b"]));
    }

    #[test]
    fn anchors_escape_every_byte_of_a_character_outside_ascii() {
        assert_eq!(anchor(&["Américaine"]), "Am-C3-A9ricaine");
        assert_eq!(anchor(&["ééa"]), "-C3-A9-C3-A9a");
        assert_eq!(anchor(&["a", ""]), "a.");
    }

    #[test]
    fn numbers_group_their_digits_by_threes_and_keep_their_decimals() {
        assert_eq!(group_digits(1_000_000_000_000.0), "1,000,000,000,000");
        assert_eq!(group_digits(980_000_000_000.0), "980,000,000,000");
        assert_eq!(group_digits(51.9), "51.9");
        assert_eq!(group_digits(0.519), "0.519");
        assert_eq!(group_digits(999.0), "999");
        assert_eq!(group_digits(1000.0), "1,000");
        assert_eq!(group_digits(-1234.5), "-1,234.5");
        assert_eq!(group_digits(0.0000001), "0.0000001");
        assert_eq!(group_digits(1e21), "1,000,000,000,000,000,000,000");
        assert_eq!(group_digits(f64::NAN), "NaN");
        assert_eq!(group_digits(f64::NEG_INFINITY), "-inf");
        assert_eq!(group_digits(-0.0), "0");
        assert_eq!(group_digits(-0.25), "-0.25");
    }

    #[test]
    fn a_measure_shows_people_its_digits_and_unit_and_keeps_the_exact_value() {
        assert_eq!(
            measure(8_500_000_000.0, Some("USD")).0,
            "<data value=\"8500000000.0\">8,500,000,000\u{a0}USD</data>"
        );
        assert_eq!(
            measure(2.5, Some("USD/kg")).0,
            "<data value=\"2.5\">2.5\u{a0}USD/kg</data>"
        );
        assert_eq!(measure(40.0, None).0, "<data value=\"40.0\">40</data>");
        assert_eq!(
            measure(1.0, Some("<b>")).0,
            "<data value=\"1.0\">1\u{a0}&lt;b&gt;</data>"
        );
    }

    #[test]
    fn escaping_matches_maud() {
        let text = "a & b <c> \"d\" é'";
        let mut ours = String::new();
        escape_into(&mut ours, text);
        assert_eq!(ours, html! { (text) }.0);
        assert_eq!(ours, "a &amp; b &lt;c&gt; &quot;d&quot; é'");
    }

    #[test]
    fn a_page_is_the_template_around_its_escaped_title_and_its_main() {
        let dataset = Dataset { tables: Vec::new() };
        let site = Site::new(&dataset, &[], &[], Options { downloads: None });
        let main = PreEscaped("<p>Taiwan & Korea</p>".to_string());
        let title = "R&D <chips> \"2024\"";
        let page = site.layout(title, &main).0;
        assert_eq!(page, site.template(title, &main).0);
        assert!(page.starts_with("<!DOCTYPE html><html lang=\"en\"><head>"));
        assert!(page.contains("<title>R&amp;D &lt;chips&gt; &quot;2024&quot; · petrochip</title>"));
        assert!(
            page.contains("<main id=\"main\" tabindex=\"-1\"><p>Taiwan & Korea</p></main><footer>")
        );
        assert!(page.ends_with("</footer></body></html>"));
        // The second page reuses the cut template.
        assert_eq!(site.layout("Two", &main).0, site.template("Two", &main).0);
    }

    #[test]
    fn inline_json_cannot_close_its_script() {
        assert_eq!(
            inline_json(r#"["</script><b>"]"#).0,
            r#"["\u003c/script>\u003cb>"]"#
        );
    }
}

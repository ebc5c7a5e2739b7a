//! One page per row of a table a group declares (a source, an entity): the row's columns, how
//! to cite it, then every row of every table whose foreign key leads to it. Under a source,
//! the rows that cite it are grouped by paragraph, each with its quote.

use std::collections::BTreeMap;

use maud::{Markup, Render, html};

use super::{Escaped, Page, Place, RECORD_ROWS, Site, key_values, table_file};
use crate::contract::{PARAGRAPH, QUOTE, Unit};
use crate::table::{Row, Table, Value};

/// A table whose rows each get a page.
#[derive(Debug)]
pub struct Records {
    pub table: &'static str,
    /// Start of each page's file name: `source` gives `source-<key>.html`.
    pub prefix: &'static str,
    /// Heading of the list of records on the index and the A–Z page.
    pub heading: &'static str,
    /// Columns naming the record, the first one filled wins.
    pub title: &'static [&'static str],
    /// The language of the record, and of every quote of the rows that cite it.
    pub lang: Option<&'static str>,
    /// A column holding the record's own web address, linked as external.
    pub url: Option<&'static str>,
    /// Columns that make up how to cite it, joined by ", ".
    pub cite: &'static [&'static str],
    /// Whether the rows citing it are listed by paragraph (a source's), or table by table.
    pub by_paragraph: bool,
}

/// A table whose rows restate rows that a record's page already lists (the comparisons restate
/// the figures, with both sides' values): a record's page lists only the rows that tell more
/// (the pairs that disagree) and counts the others. At 10,000 sources the comparisons were half
/// the bytes of every entity's page, nearly all of them pairs that agree.
#[derive(Debug)]
pub struct Selected {
    pub table: &'static str,
    /// Whether a record's page lists row `index` of the table.
    pub listed: fn(&Table, usize) -> bool,
    /// What the listed rows do, for one and for several: "Listed here: the one that
    /// disagrees", "the 3 that disagree".
    pub listed_as: (&'static str, &'static str),
    /// What the others do, for one and for several: "The other one agrees", "The other 12
    /// agree".
    pub others_as: (&'static str, &'static str),
    /// What each row restates, for "each restates two figures listed above".
    pub restates: &'static str,
}

impl Records {
    /// The record's name: its first filled title column, or its key.
    pub fn title_of(&self, table: &Table, row: &Row) -> String {
        self.title
            .iter()
            .filter_map(|c| table.spec.column_index(c))
            .map(|i| row.get(i).to_string())
            .find(|t| !t.is_empty())
            .unwrap_or_else(|| key_values(table, row).join(", "))
    }

    pub fn citation(&self, table: &Table, row: &Row) -> String {
        self.cite
            .iter()
            .filter_map(|c| table.spec.column_index(c))
            .map(|i| row.get(i).to_string())
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A row that refers to a record. Kept small (8 bytes; its table is found by position): a
/// corpus's records are referred to millions of times, all held while the site renders.
pub(super) struct Referrer {
    /// The row's index in its table.
    row: u32,
    /// The table's position in the dataset, to list referrers in registry order.
    position: u16,
    /// Which of the table's foreign keys leads to the record.
    fk: u8,
    /// Whether the row cites the record's paragraphs (see [`cites`]).
    cites: bool,
}

const _: () = assert!(std::mem::size_of::<Referrer>() == 8);

impl Referrer {
    fn index(&self) -> usize {
        self.row as usize
    }

    /// The table the row is in.
    fn table<'s>(&self, site: &Site<'s>) -> &'s Table {
        &site.dataset.tables[usize::from(self.position)]
    }

    /// The foreign key's columns, left out of the row's summary (they name the record).
    fn via(&self, site: &Site) -> &'static [&'static str] {
        self.table(site)
            .spec
            .foreign_keys
            .get(usize::from(self.fk))
            .map_or(&[], |fk| fk.columns)
    }
}

/// The rows that refer to each record of one table, by the record's row.
pub(super) type Referrers = Vec<Vec<Referrer>>;

/// One record's page.
pub(super) fn page<'a>(
    site: &Site<'a>,
    records: &Records,
    referrers: &Referrers,
    index: usize,
) -> Page {
    let Some(table) = site.dataset.table(records.table) else {
        return Page {
            path: String::new(),
            body: String::new(),
        };
    };
    let row = &table.rows[index];
    let title = records.title_of(table, row);
    let cited = referrers.get(index).map_or(&[][..], Vec::as_slice);
    let main = record(site, records, table, index, cited, &title);
    let mut path = String::new();
    site.write_record_href(&mut path, table, index);
    Page {
        path,
        body: site.layout(&title, &main).into_string(),
    }
}

fn record(
    site: &Site,
    records: &Records,
    table: &Table,
    index: usize,
    referrers: &[Referrer],
    title: &str,
) -> Markup {
    let row = &table.rows[index];
    let lang = site.own_lang(table, index);
    html! {
        h1 lang=[lang] { (title) }
        p {
            "A row of "
            @match site.row_href(table, index) {
                Some(href) => a href=(href) { (table.spec.name) },
                None => (table.spec.name),
            }
            ": " (table.spec.description)
        }
        dl.record {
            @for (i, column) in table.spec.columns.iter().enumerate() {
                @if row.get(i) != Value::Null {
                    dt { (column.name) }
                    dd { (site.cell(table, index, i)) }
                }
            }
        }
        @if !records.cite.is_empty() {
            h2 { "How to cite" }
            p.cite lang=[lang] { (records.citation(table, row)) }
        }
        @if records.by_paragraph {
            (by_paragraph(site, referrers))
        }
        @for (name, group) in by_table(site, referrers, records.by_paragraph) {
            @match site.selected(name) {
                Some(selected) => (selection(site, selected, &group)),
                None => (listing(site, name, group.len(), &group, html! {})),
            }
        }
    }
}

/// Every row of every table with a foreign key into `records`' table, by the row it leads to,
/// in registry order; a row with two keys to one record (a relation's subject and object) once.
pub(super) fn referrers(site: &Site, records: &Records) -> Referrers {
    let Some(target) = site.dataset.table(records.table) else {
        return Vec::new();
    };
    let mut found: Referrers = (0..target.rows.len()).map(|_| Vec::new()).collect();
    for (position, table) in site.dataset.tables.iter().enumerate() {
        for (k, fk) in table.spec.foreign_keys.iter().enumerate() {
            if fk.table != target.spec.name {
                continue;
            }
            let cites = cites(table);
            // A table past these bounds (65,536 tables, 256 keys, 4 billion rows) is not one a
            // run can hold; its rows would go unlisted rather than mislisted.
            let (Ok(position), Ok(fk)) = (u16::try_from(position), u8::try_from(k)) else {
                continue;
            };
            for index in 0..table.rows.len() {
                if let Some((_, target)) = site.target(table, k, index)
                    && let Some(list) = found.get_mut(target)
                    && let Ok(row) = u32::try_from(index)
                {
                    list.push(Referrer {
                        row,
                        position,
                        fk,
                        cites,
                    });
                }
            }
        }
    }
    for list in &mut found {
        // Stable: of a row's two keys to one record, the first declared is kept.
        list.sort_by_key(|r| (r.position, r.row));
        list.dedup_by_key(|r| (r.position, r.row));
    }
    found
}

/// Whether a table's rows cite a source's paragraph with a quote (a fact table's).
pub(super) fn cites(table: &Table) -> bool {
    table.spec.is_fact() && table.spec.column_index(PARAGRAPH.name).is_some()
}

/// A source's paragraphs: the ones its rows cite, each with its rows and quotes.
fn by_paragraph(site: &Site, referrers: &[Referrer]) -> Markup {
    let mut summaries = Summaries::default();
    let mut numbers: BTreeMap<Option<i64>, Vec<&Referrer>> = BTreeMap::new();
    for r in referrers.iter().filter(|r| r.cites) {
        numbers
            .entry(paragraph_of(r.table(site), r.index()))
            .or_default()
            .push(r);
    }
    html! {
        h2 { "What it states, paragraph by paragraph" }
        p {
            @if numbers.is_empty() {
                "No row cites this source."
            } @else {
                "Paragraphs cited: "
                (numbers.keys().map(|n| n.map_or("none given".into(), |n| n.to_string())).collect::<Vec<_>>().join(", "))
                ". Paragraphs recorded as left uncited are listed further down, with why."
            }
        }
        @for (number, cited) in &numbers {
            section aria-labelledby=(paragraph_id(*number)) {
                h3 id=(paragraph_id(*number)) {
                    @match number {
                        Some(n) => { "Paragraph " (n) }
                        None => { "No paragraph given" }
                    }
                }
                ul.facts {
                    @for r in cited {
                        (fact(site, r, &mut summaries))
                    }
                }
            }
        }
    }
}

/// The paragraph a row cites, if it gives one.
fn paragraph_of(table: &Table, index: usize) -> Option<i64> {
    table
        .spec
        .column_index(PARAGRAPH.name)
        .and_then(|i| table.rows[index].get(i).as_int())
}

fn paragraph_id(number: Option<i64>) -> String {
    number.map_or_else(|| "p-none".into(), |n| format!("p-{n}"))
}

/// One row that cites the source: its table and key (linked to its row), what it says, and
/// its quote. Its id is the table and key, so a link lands on its quote.
fn fact(site: &Site, r: &Referrer, summaries: &mut Summaries) -> Markup {
    let table = r.table(site);
    let quote = table.spec.column_index(QUOTE.name);
    let anchor = site.row_anchor(table, r.index());
    html! {
        li id={ (table.spec.name) "~" (Escaped(&anchor)) } {
            @match site.href_at(Place::Table, (table, r.index()), &anchor) {
                Some(href) => a href=(Escaped(&href)) { (table.spec.name) " " (LastKey(table, r.index())) },
                None => { (table.spec.name) " " (LastKey(table, r.index())) },
            }
            " "
            (summary(site, table, r.index(), summaries.get(site, r, &[PARAGRAPH.name, QUOTE.name])))
            @if let Some(q) = quote {
                br;
                (site.cell(table, r.index(), q))
            }
        }
    }
}

/// The last value of a row's key, as text (a figure's id, without its source's).
struct LastKey<'s>(&'s Table, usize);

impl Render for LastKey<'_> {
    fn render_to(&self, out: &mut String) {
        let spec = self.0.spec;
        if let Some(&at) = spec
            .primary_key
            .last()
            .and_then(|k| spec.column_index(k))
            .as_ref()
        {
            super::write_value(out, &self.0.rows[self.1].get(at));
        }
    }
}

/// Which columns a row's summary may show, worked out once for the rows of a page that come
/// from one table through one foreign key under one heading (a corpus's pages summarise
/// millions of rows): a row then only tells which of them are empty.
struct Shown {
    /// The columns other than the key, those naming the record, the statement's hash, the
    /// `dropped` ones and those that restate others, in order.
    columns: Vec<usize>,
    /// Each measured column among them, with the column of its unit: a measured value shown
    /// names its unit already, so the unit's own column goes.
    units: Vec<(usize, usize)>,
}

impl Shown {
    fn new(table: &Table, via: &[&str], dropped: &[&str]) -> Shown {
        let spec = table.spec;
        let columns: Vec<usize> = spec
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                !via.contains(&c.name)
                    && !spec.primary_key.contains(&c.name)
                    && c.name != crate::contract::STATEMENT_ID.name
                    && !dropped.contains(&c.name)
                    && c.restates.is_empty()
            })
            .map(|(i, _)| i)
            .collect();
        let units = columns
            .iter()
            .filter_map(|&i| match spec.columns[i].unit {
                Some(Unit::Column(unit)) => Some((i, spec.column_index(unit)?)),
                _ => None,
            })
            .collect();
        Shown { columns, units }
    }
}

/// The [`Shown`] of each way a page's rows come (their table, foreign key and dropped
/// columns), made on first use.
#[derive(Default)]
struct Summaries(Vec<(Way, Shown)>);

/// The table's position, the foreign key and the dropped columns a page's rows come by.
type Way = (u16, u8, Vec<&'static str>);

impl Summaries {
    /// What the summary of `r` shows, with `dropped` left out.
    fn get(&mut self, site: &Site, r: &Referrer, dropped: &[&'static str]) -> &Shown {
        let at = self
            .0
            .iter()
            .position(|((position, fk, gone), _)| {
                (*position, *fk) == (r.position, r.fk) && gone.as_slice() == dropped
            })
            .unwrap_or_else(|| {
                let shown = Shown::new(r.table(site), r.via(site), dropped);
                self.0.push(((r.position, r.fk, dropped.to_vec()), shown));
                self.0.len() - 1
            });
        &self.0[at].1
    }
}

/// The cells of a row that `shown` lets through and that are not empty, as `column: value`.
/// The row's link leads to all of them on its table's page.
fn summary(site: &Site, table: &Table, index: usize, shown: &Shown) -> Markup {
    let row = &table.rows[index];
    let filled = |i: usize| row.get(i) != Value::Null;
    let units: Vec<usize> = shown
        .units
        .iter()
        .filter(|&&(measured, _)| filled(measured))
        .map(|&(_, unit)| unit)
        .collect();
    let cells = shown
        .columns
        .iter()
        .copied()
        .filter(|&i| filled(i) && !units.contains(&i));
    html! {
        span.summary {
            @for (n, i) in cells.enumerate() {
                @if n > 0 { " · " }
                span.k { (table.spec.columns[i].name) } ": " (site.cell(table, index, i))
            }
        }
    }
}

fn by_table<'b>(
    site: &Site,
    referrers: &'b [Referrer],
    skip_cites: bool,
) -> Vec<(&'static str, Vec<&'b Referrer>)> {
    let mut groups: Vec<(&'static str, Vec<&Referrer>)> = Vec::new();
    for r in referrers.iter().filter(|r| !(skip_cites && r.cites)) {
        let name = r.table(site).spec.name;
        match groups.last_mut() {
            Some((last, list)) if *last == name => list.push(r),
            _ => groups.push((name, vec![r])),
        }
    }
    groups
}

/// The rows of a [`Selected`] table that refer to the record: those it lists, and how many
/// others there are.
fn selection(site: &Site, selected: &Selected, group: &[&Referrer]) -> Markup {
    let Some(first) = group.first() else {
        return html! {};
    };
    let table = first.table(site);
    let listed: Vec<&Referrer> = group
        .iter()
        .copied()
        .filter(|r| (selected.listed)(table, r.index()))
        .collect();
    let others = group.len() - listed.len();
    let note = html! {
        p {
            @match listed.len() {
                0 => { "Listed here: none that " (selected.listed_as.1) ". " }
                1 => { "Listed here: the one that " (selected.listed_as.0) ". " }
                n => { "Listed here: the " (n) " that " (selected.listed_as.1) ". " }
            }
            @match (listed.is_empty(), others) {
                (_, 0) => {}
                (true, 1) => { "It " (selected.others_as.0) " and restates " (selected.restates) ". " }
                (false, 1) => {
                    "The other one " (selected.others_as.0) " and restates " (selected.restates) ". "
                }
                (true, n) => {
                    "All " (n) " " (selected.others_as.1) " and each restates " (selected.restates) ". "
                }
                (false, n) => {
                    "The other " (n) " " (selected.others_as.1) " and each restates "
                    (selected.restates) ". "
                }
            }
            "Every row is in the " a href=(table_file(selected.table, 0)) { (selected.table) }
            " table."
        }
    };
    listing(site, selected.table, group.len(), &listed, note)
}

/// The rows of one table that refer to the record (`total` of them), `group` listed, at most
/// [`RECORD_ROWS`] of them, after `note`.
fn listing(site: &Site, name: &str, total: usize, group: &[&Referrer], note: Markup) -> Markup {
    let Some(table) = site.dataset.table(name) else {
        return html! {};
    };
    let mut summaries = Summaries::default();
    html! {
        section {
            h2 { a href=(table_file(name, 0)) { (name) } " (" (total) ")" }
            p.desc { (table.spec.description) }
            (note)
            @if !group.is_empty() { ul.facts {
                @for r in group.iter().take(RECORD_ROWS) {
                    // Its anchor, written once for its id and its links.
                    @let anchor = site.row_anchor(table, r.index());
                    @let cited = site.href_at(Place::Cited, (table, r.index()), &anchor);
                    // Past its table's pages, a cited row's place is its paragraph, linked once.
                    @let row = if cited.is_some() { site.href_at(Place::Table, (table, r.index()), &anchor) } else { site.row_href(table, r.index()) };
                    li id={ (table.spec.name) "~" (Escaped(&anchor)) } {
                        @match row {
                            Some(href) => a href=(Escaped(&href)) { (LastKey(table, r.index())) },
                            None => (LastKey(table, r.index())),
                        }
                        " "
                        // A cited row's paragraph is the link to it there, said once.
                        (summary(site, table, r.index(), summaries.get(site, r, if cited.is_some() { &[PARAGRAPH.name] } else { &[] })))
                        @if let Some(href) = cited {
                            " · " a href=(Escaped(&href)) {
                                @match paragraph_of(table, r.index()) {
                                    Some(n) => { "under paragraph " (n) },
                                    None => "under its paragraph",
                                }
                            }
                        }
                    }
                }
            } }
            @if group.len() > RECORD_ROWS {
                p { "… and " (group.len() - RECORD_ROWS) " more rows: see the " a href=(table_file(name, 0)) { (name) } " table." }
            }
        }
    }
}

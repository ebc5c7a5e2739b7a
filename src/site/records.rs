//! One page per row of a table a group declares (a source, an entity): the row's columns, how
//! to cite it, then every row of every table whose foreign key leads to it. Under a source,
//! the rows that cite it are grouped by paragraph, each with its quote.

use std::collections::BTreeSet;

use maud::{Markup, html};

use super::{Page, RECORD_ROWS, Site, anchor, fact_id, key_values, table_file};
use crate::contract::{PARAGRAPH, QUOTE};
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

impl Records {
    pub fn file(&self, key: &[String]) -> String {
        format!("{}-{}.html", self.prefix, anchor(key))
    }

    /// The record's name: its first filled title column, or its key.
    pub fn title_of(&self, table: &Table, row: &Row) -> String {
        self.title
            .iter()
            .filter_map(|c| table.spec.column_index(c))
            .map(|i| row.values[i].to_string())
            .find(|t| !t.is_empty())
            .unwrap_or_else(|| key_values(table, row).join(", "))
    }

    pub fn citation(&self, table: &Table, row: &Row) -> String {
        self.cite
            .iter()
            .filter_map(|c| table.spec.column_index(c))
            .map(|i| row.values[i].to_string())
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A row that refers to a record, with the table it belongs to.
struct Referrer<'a> {
    table: &'a Table,
    index: usize,
    /// The foreign key's columns, left out of the row's summary (they name the record).
    via: &'static [&'static str],
}

pub(super) fn pages(site: &Site, records: &Records) -> Vec<Page> {
    let Some(table) = site.dataset.table(records.table) else {
        return Vec::new();
    };
    let referrers = referrers(site, table);
    (0..table.rows.len())
        .map(|index| {
            let row = &table.rows[index];
            let key = key_values(table, row);
            let title = records.title_of(table, row);
            let none = Vec::new();
            let cited = referrers.get(&key).unwrap_or(&none);
            let main = page(site, records, table, index, cited, &title);
            Page {
                path: records.file(&key),
                body: site.layout(&title, &main).into_string(),
            }
        })
        .collect()
}

fn page(
    site: &Site,
    records: &Records,
    table: &Table,
    index: usize,
    referrers: &[Referrer],
    title: &str,
) -> Markup {
    let row = &table.rows[index];
    let lang = site.own_lang(table.spec, row);
    html! {
        h1 lang=[lang.clone()] { (title) }
        p { "A row of " a href=(site.row_href(table, index)) { (table.spec.name) } ": " (table.spec.description) }
        dl.record {
            @for (i, column) in table.spec.columns.iter().enumerate() {
                @if row.values[i] != Value::Null {
                    dt { (column.name) }
                    dd { (site.cell(table, row, i)) }
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
        @for (name, group) in by_table(referrers, records.by_paragraph) {
            (listing(site, name, &group))
        }
    }
}

/// Every row of every table with a foreign key into `target`, by the key it leads to, in
/// registry order; a row with two keys to one record (a relation's subject and object) once.
fn referrers<'a>(
    site: &Site<'a>,
    target: &Table,
) -> std::collections::HashMap<Vec<String>, Vec<Referrer<'a>>> {
    let mut found: std::collections::HashMap<Vec<String>, Vec<Referrer<'a>>> =
        std::collections::HashMap::new();
    for table in &site.dataset.tables {
        for fk in table.spec.foreign_keys {
            if fk.table != target.spec.name {
                continue;
            }
            let positions: Vec<usize> = fk
                .columns
                .iter()
                .filter_map(|c| table.spec.column_index(c))
                .collect();
            for (index, row) in table.rows.iter().enumerate() {
                let key: Vec<String> = positions
                    .iter()
                    .map(|&p| row.values[p].to_string())
                    .collect();
                let list = found.entry(key).or_default();
                if !list
                    .iter()
                    .any(|r| r.index == index && std::ptr::eq(r.table, table))
                {
                    list.push(Referrer {
                        table,
                        index,
                        via: fk.columns,
                    });
                }
            }
        }
    }
    for list in found.values_mut() {
        let order = |r: &Referrer| {
            site.dataset
                .tables
                .iter()
                .position(|t| std::ptr::eq(t, r.table))
        };
        list.sort_by_key(|r| (order(r), r.index));
    }
    found
}

fn cites(referrer: &Referrer) -> bool {
    referrer.table.spec.is_fact() && referrer.table.spec.column_index(PARAGRAPH.name).is_some()
}

/// A source's paragraphs: the ones its rows cite, each with its rows and quotes.
fn by_paragraph(site: &Site, referrers: &[Referrer]) -> Markup {
    let paragraph = |r: &Referrer| {
        r.table
            .spec
            .column_index(PARAGRAPH.name)
            .and_then(|i| r.table.rows[r.index].values[i].as_int())
    };
    let cited: Vec<&Referrer> = referrers.iter().filter(|r| cites(r)).collect();
    let numbers: BTreeSet<Option<i64>> = cited.iter().map(|r| paragraph(r)).collect();
    html! {
        h2 { "What it states, paragraph by paragraph" }
        p {
            @if numbers.is_empty() {
                "No row cites this source."
            } @else {
                "Paragraphs cited: "
                (numbers.iter().map(|n| n.map_or("none given".into(), |n| n.to_string())).collect::<Vec<_>>().join(", "))
                ". Paragraphs recorded as left uncited are listed further down, with why."
            }
        }
        @for number in &numbers {
            section aria-labelledby=(paragraph_id(*number)) {
                h3 id=(paragraph_id(*number)) {
                    @match number {
                        Some(n) => { "Paragraph " (n) }
                        None => { "No paragraph given" }
                    }
                }
                ul.facts {
                    @for r in cited.iter().filter(|r| paragraph(r) == *number) {
                        (fact(site, r))
                    }
                }
            }
        }
    }
}

fn paragraph_id(number: Option<i64>) -> String {
    number.map_or_else(|| "p-none".into(), |n| format!("p-{n}"))
}

/// One row that cites the source: its table and key (linked to its row), what it says, and
/// its quote. Its id is the table and key, so a link lands on its quote.
fn fact(site: &Site, r: &Referrer) -> Markup {
    let table = r.table;
    let row = &table.rows[r.index];
    let key = key_values(table, row);
    let quote = table.spec.column_index(QUOTE.name);
    html! {
        li id=(fact_id(table.spec.name, &key)) {
            a href=(site.row_href(table, r.index)) { (table.spec.name) " " (key.last().map_or("", String::as_str)) }
            " "
            (summary(site, table, row, r.via, true))
            @if let Some(q) = quote {
                br;
                (site.cell(table, row, q))
            }
        }
    }
}

/// The cells of a row other than its key, those naming the record, its statement's hash and
/// (under a paragraph heading) the citation, as `column: value`.
fn summary(site: &Site, table: &Table, row: &Row, via: &[&str], drop_citation: bool) -> Markup {
    let shown: Vec<usize> = table
        .spec
        .columns
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            row.values[*i] != Value::Null
                && !via.contains(&c.name)
                && !table.spec.primary_key.contains(&c.name)
                && c.name != crate::contract::STATEMENT_ID.name
                && !(drop_citation && [PARAGRAPH.name, QUOTE.name].contains(&c.name))
        })
        .map(|(i, _)| i)
        .collect();
    html! {
        span.summary {
            @for (n, i) in shown.iter().enumerate() {
                @if n > 0 { " · " }
                span.k { (table.spec.columns[*i].name) } ": " (site.cell(table, row, *i))
            }
        }
    }
}

fn by_table<'a, 'b>(
    referrers: &'b [Referrer<'a>],
    skip_cites: bool,
) -> Vec<(&'static str, Vec<&'b Referrer<'a>>)> {
    let mut groups: Vec<(&'static str, Vec<&Referrer>)> = Vec::new();
    for r in referrers.iter().filter(|r| !(skip_cites && cites(r))) {
        match groups.last_mut() {
            Some((name, list)) if *name == r.table.spec.name => list.push(r),
            _ => groups.push((r.table.spec.name, vec![r])),
        }
    }
    groups
}

/// The rows of one table that refer to the record, at most [`RECORD_ROWS`] of them.
fn listing(site: &Site, name: &str, group: &[&Referrer]) -> Markup {
    let Some(first) = group.first() else {
        return html! {};
    };
    let table = first.table;
    html! {
        section {
            h2 { a href=(table_file(name, 0)) { (name) } " (" (group.len()) ")" }
            p.desc { (table.spec.description) }
            ul.facts {
                @for r in group.iter().take(RECORD_ROWS) {
                    @let key = key_values(table, &table.rows[r.index]);
                    li id=(fact_id(name, &key)) {
                        a href=(site.row_href(table, r.index)) { (key.last().map_or("", String::as_str)) }
                        " "
                        (summary(site, table, &table.rows[r.index], r.via, false))
                        @if let Some(href) = site.cited_href(table, r.index) {
                            " · " a href=(href) { "under its paragraph" }
                        }
                    }
                }
            }
            @if group.len() > RECORD_ROWS {
                p { "… and " (group.len() - RECORD_ROWS) " more rows: see the " a href=(table_file(name, 0)) { (name) } " table." }
            }
        }
    }
}

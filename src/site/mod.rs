//! The data-docs site: static HTML pages rendered from a validated dataset, so a reader can open
//! `output/site/index.html` from disk and follow every published number to the words that
//! support it. The engine walks the registry ([`crate::domains::tables`] and the groups'
//! [`Section`]s) and names no table: a group that needs pages of its own declares them beside
//! its module.
//!
//! Every page is a pure function of the dataset: no timestamps, rows in key order, so two
//! renders are byte-identical. Links are relative, so the folder can be opened from `file://`
//! or hosted under any sub-path; nothing is loaded from outside the site.

mod pages;
mod records;

use std::collections::HashMap;

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::contract::TableSpec;
use crate::table::{Dataset, Row, Table, Value};
use crate::validate::{CheckResult, Failure};

pub use records::Records;

/// Rows per page of a table: a large table is split so that no page holds a whole big table.
pub const PAGE_ROWS: usize = 100;

/// Rows of one table listed on a record page (an entity named ten thousand times links to the
/// table's pages for the rest).
pub const RECORD_ROWS: usize = 200;

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
}

/// A page a group renders from the dataset.
#[derive(Debug)]
pub struct Custom {
    /// File name, e.g. `disagreements.html`.
    pub file: &'static str,
    /// Its title, in the navigation of every page.
    pub title: &'static str,
    pub render: fn(&Site) -> Markup,
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
    /// Every table's rows by key values.
    keys: HashMap<&'static str, HashMap<Vec<String>, usize>>,
    /// Every table's rows by rendered key (as validation reports them).
    rendered: HashMap<&'static str, HashMap<String, usize>>,
    records: Vec<&'static Records>,
    customs: Vec<&'static Custom>,
}

/// The anchor id of a row: its key's values, each kept when it is ASCII letters, digits or `_`
/// and otherwise escaped byte by byte as `-XX`, joined by `.`. Ids stay unique (the escape
/// character is escaped too), valid in HTML and safe in a URL fragment or a file name.
pub fn anchor<S: AsRef<str>>(key: &[S]) -> String {
    let mut id = String::new();
    for (i, part) in key.iter().enumerate() {
        if i > 0 {
            id.push('.');
        }
        for byte in part.as_ref().bytes() {
            if byte.is_ascii_alphanumeric() || byte == b'_' {
                id.push(char::from(byte));
            } else {
                id.push_str(&format!("-{byte:02X}"));
            }
        }
    }
    if id.is_empty() { "-".into() } else { id }
}

/// The id of a row on a record page: its table and its key's anchor.
pub fn fact_id(table: &str, key: &[String]) -> String {
    format!("{table}~{}", anchor(key))
}

/// A row's key values, as text.
pub fn key_values(table: &Table, row: &Row) -> Vec<String> {
    table
        .spec
        .key_positions()
        .iter()
        .map(|&i| row.values[i].to_string())
        .collect()
}

/// The file of page `page` (0-based) of a table's rows.
pub fn table_file(table: &str, page: usize) -> String {
    if page == 0 {
        format!("table-{table}.html")
    } else {
        format!("table-{table}-p{}.html", page + 1)
    }
}

impl<'a> Site<'a> {
    pub fn new(
        dataset: &'a Dataset,
        checks: &'a [CheckResult],
        warnings: &'a [Failure],
        options: Options<'a>,
    ) -> Site<'a> {
        let mut keys = HashMap::new();
        let mut rendered = HashMap::new();
        for table in &dataset.tables {
            let by_key = table
                .rows
                .iter()
                .enumerate()
                .map(|(i, row)| (key_values(table, row), i))
                .collect();
            keys.insert(table.spec.name, by_key);
            let by_rendered = table
                .rows
                .iter()
                .enumerate()
                .map(|(i, row)| (table.key(row), i))
                .collect();
            rendered.insert(table.spec.name, by_rendered);
        }
        let mut records = Vec::new();
        let mut customs = Vec::new();
        for section in crate::domains::site_sections() {
            match section {
                Section::Records(r) if dataset.table(r.table).is_some() => records.push(r),
                Section::Records(_) => {}
                Section::Page(c) => customs.push(c),
            }
        }
        Site {
            dataset,
            checks,
            warnings,
            options,
            keys,
            rendered,
            records,
            customs,
        }
    }

    /// The row of `table` whose key values are `key`.
    pub fn find(&self, table: &str, key: &[String]) -> Option<(&'a Table, usize)> {
        let index = *self.keys.get(table)?.get(key)?;
        Some((self.dataset.table(table)?, index))
    }

    /// The row of `table` whose rendered key is `key` (as a validation failure names it).
    fn find_rendered(&self, table: &str, key: &str) -> Option<(&'a Table, usize)> {
        let index = *self.rendered.get(table)?.get(key)?;
        Some((self.dataset.table(table)?, index))
    }

    /// The position of a row in its table.
    fn index_of(&self, table: &Table, row: &Row) -> Option<usize> {
        self.keys
            .get(table.spec.name)?
            .get(&key_values(table, row))
            .copied()
    }

    /// Where a row is on its table's pages.
    pub fn row_href(&self, table: &Table, index: usize) -> String {
        format!(
            "{}#{}",
            table_file(table.spec.name, index / PAGE_ROWS),
            anchor(&key_values(table, &table.rows[index]))
        )
    }

    /// The record page of a row, when its table has them.
    pub fn record_href(&self, table: &Table, index: usize) -> Option<String> {
        let records = self.records_of(table.spec.name)?;
        Some(records.file(&key_values(table, &table.rows[index])))
    }

    pub fn records_of(&self, table: &str) -> Option<&'static Records> {
        self.records.iter().copied().find(|r| r.table == table)
    }

    /// Where a foreign key of a row leads: the target's record page, or its row on the target
    /// table's pages; `None` when a column of the key is empty.
    pub fn fk_href(
        &self,
        spec: &TableSpec,
        fk: &crate::contract::ForeignKey,
        row: &Row,
    ) -> Option<String> {
        let key: Option<Vec<String>> = fk
            .columns
            .iter()
            .map(|c| {
                let value = &row.values[spec.column_index(c)?];
                (*value != Value::Null).then(|| value.to_string())
            })
            .collect();
        let (target, index) = self.find(fk.table, &key?)?;
        self.record_href(target, index)
            .or_else(|| Some(self.row_href(target, index)))
    }

    /// Where a row that cites a source stands on that source's page, under its paragraph with
    /// its quote: the anchor is the table and the row's key.
    pub fn cited_href(&self, table: &Table, index: usize) -> Option<String> {
        let row = &table.rows[index];
        table.spec.foreign_keys.iter().find_map(|fk| {
            let records = self.records_of(fk.table).filter(|r| r.by_paragraph)?;
            let key: Option<Vec<String>> = fk
                .columns
                .iter()
                .map(|c| {
                    table
                        .spec
                        .column_index(c)
                        .map(|i| row.values[i].to_string())
                })
                .collect();
            Some(format!(
                "{}#{}",
                records.file(&key?),
                fact_id(table.spec.name, &key_values(table, row))
            ))
        })
    }

    /// The language of a row's quote: the one its source declares, through a foreign key to a
    /// table whose records name a language column.
    pub fn quote_lang(&self, spec: &TableSpec, row: &Row) -> Option<String> {
        spec.foreign_keys.iter().find_map(|fk| {
            let lang = self.records_of(fk.table)?.lang?;
            let key: Option<Vec<String>> = fk
                .columns
                .iter()
                .map(|c| spec.column_index(c).map(|i| row.values[i].to_string()))
                .collect();
            let (target, index) = self.find(fk.table, &key?)?;
            let column = target.spec.column_index(lang)?;
            Some(target.rows[index].values[column].to_string()).filter(|l| !l.is_empty())
        })
    }

    /// A row's own language, when it is a record that names one (a source's title).
    fn own_lang(&self, spec: &TableSpec, row: &Row) -> Option<String> {
        let lang = self.records_of(spec.name)?.lang?;
        let column = spec.column_index(lang)?;
        Some(row.values[column].to_string()).filter(|l| !l.is_empty())
    }

    /// One cell as shown: a quote in `<q>` with its source's language, a foreign key as a link
    /// to its target, a record's URL as an external link; other values as text.
    pub fn cell(&self, table: &Table, row: &Row, column: usize) -> Markup {
        let spec = table.spec;
        let value = &row.values[column];
        if *value == Value::Null {
            return html! {};
        }
        let name = spec.columns[column].name;
        let text = value.to_string();
        if name == crate::contract::QUOTE.name {
            let lang = self
                .quote_lang(spec, row)
                .or_else(|| self.own_lang(spec, row));
            return html! { q lang=[lang] { (text) } };
        }
        if let Some(records) = self.records_of(spec.name)
            && records.url == Some(name)
            && (text.starts_with("https://") || text.starts_with("http://"))
        {
            return html! { a href=(text) rel="external" { (text) } };
        }
        if name == crate::contract::PARAGRAPH.name
            && spec.is_fact()
            && let Some(index) = self.index_of(table, row)
            && let Some(href) = self.cited_href(table, index)
        {
            return html! { a href=(href) title="This row under its paragraph, on its source's page" { (text) } };
        }
        let fk = spec
            .foreign_keys
            .iter()
            .filter(|fk| fk.columns.contains(&name))
            .find_map(|fk| self.fk_href(spec, fk, row));
        match fk {
            Some(href) => html! { a href=(href) { (text) } },
            None => html! { (text) },
        }
    }

    /// Every page of the site, and its stylesheet and script, sorted by path.
    pub fn render(&self) -> Vec<Page> {
        let mut files = vec![
            Page {
                path: "style.css".into(),
                body: STYLE.into(),
            },
            Page {
                path: "search.js".into(),
                body: SCRIPT.into(),
            },
        ];
        files.push(pages::index(self));
        files.push(pages::validation(self));
        files.push(pages::a_to_z(self));
        for custom in &self.customs {
            files.push(Page {
                path: custom.file.into(),
                body: self
                    .layout(custom.title, &(custom.render)(self))
                    .into_string(),
            });
        }
        for table in &self.dataset.tables {
            files.extend(pages::table(self, table));
        }
        for records in &self.records {
            files.extend(records::pages(self, records));
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }

    /// A whole page: landmarks, a skip link, the navigation and `main`.
    pub fn layout(&self, title: &str, main: &Markup) -> Markup {
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

/// Renders the site of a validated dataset.
pub fn render(validated: &crate::validate::Validated, options: Options) -> Vec<Page> {
    Site::new(
        validated.dataset(),
        validated.checks(),
        validated.warnings(),
        options,
    )
    .render()
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
    fn anchors_of_different_keys_differ() {
        // The separator and the escape character are escaped inside a part.
        assert_ne!(anchor(&["a.b"]), anchor(&["a", "b"]));
        assert_ne!(anchor(&["a-2Eb"]), anchor(&["a.b"]));
    }

    #[test]
    fn inline_json_cannot_close_its_script() {
        assert_eq!(
            inline_json(r#"["</script><b>"]"#).0,
            r#"["\u003c/script>\u003cb>"]"#
        );
    }
}

//! The pages every dataset has: the index, validation, the A–Z index with its search box, and
//! each table's pages (its data dictionary, then its rows, [`PAGE_ROWS`] to a page).

use maud::{Markup, PreEscaped, html};

use super::{AZ_ROWS, PAGE_ROWS, Page, Site, Text, inline_json, table_file};
use crate::contract::{ColumnSpec, ColumnType, TableSpec, Unit};
use crate::problem::Severity;
use crate::table::Table;

/// The files of the whole dataset a published output holds beside the site, and what each is.
const DOWNLOADS: [(&str, &str); 5] = [
    (
        "datapackage.json",
        "every table and column described for Frictionless tools",
    ),
    ("manifest.json", "every file with its SHA-256 and rows"),
    ("validation.json", "every check that ran and what it found"),
    (
        "duckdb.sql",
        "a DuckDB view of every table, with its descriptions; run it from the output folder",
    ),
    ("README.md", "the data dictionary"),
];

/// Each table's files a published output holds beside the site, for the downloads.
fn downloads(site: &Site) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for table in &site.dataset.tables {
        let name = table.spec.name;
        files.push((format!("{name}.csv"), format!("{name}.parquet")));
    }
    files
}

pub(super) fn index(site: &Site) -> Page {
    let warned = site.warnings.len();
    let errors = site
        .checks
        .iter()
        .filter(|c| c.severity == Severity::Error)
        .count();
    let main = html! {
        h1 { "petrochip: the dataset" }
        p {
            "Tables of what sources say about chips as a strategic resource: who makes them, the "
            "programmes to make more, the materials and energy they need, who uses them, every "
            "figure each source states and every entity it names. Every row cites its source "
            "and paragraph, and every figure links to the quote that supports it."
        }
        h2 { "Validation" }
        p.status {
            "PASSED: " (site.checks.len()) " checks ran (" (errors) " that stop a run), none failed; "
            (warned) " " (if warned == 1 { "warning" } else { "warnings" }) ". "
            a href="validation.html" { "Every check and every warned row" } "."
        }
        p { "Contract version " (crate::contract::CONTRACT_VERSION) "." }
        @for records in &site.records {
            @if let Some(table) = site.dataset.table(records.table) {
                @if records.cite.is_empty() {
                    h2 { (records.heading) " (" (table.rows.len()) ")" }
                    p { "Each has its own page; all of them are in the " a href="a-z.html" { "A–Z index" } "." }
                } @else {
                    h2 { (records.heading) " (" (table.rows.len()) "), and how to cite each" }
                    ul.records {
                        @for (i, row) in table.rows.iter().enumerate().take(super::RECORD_ROWS) {
                            li {
                                a href=(site.record_href(table, i).unwrap_or_default()) lang=[site.own_lang(table, i)] { (records.title_of(table, row)) }
                                ". Cite as: " span lang=[site.own_lang(table, i)] { (records.citation(table, row)) }
                                @if i + 1 == super::RECORD_ROWS && table.rows.len() > super::RECORD_ROWS {
                                    " … " a href="a-z.html" { "the rest in the A–Z index" }
                                }
                            }
                        }
                    }
                }
            }
        }
        h2 { "Tables" }
        table {
            caption { "Every table, with its rows" }
            thead { tr { th scope="col" { "table" } th scope="col" { "rows" } th scope="col" { "what it holds" } } }
            tbody {
                @for table in &site.dataset.tables {
                    tr {
                        th scope="row" { a href=(table_file(table.spec.name, 0)) { (table.spec.name) } }
                        td.num { (table.rows.len()) }
                        td { (table.spec.description) }
                    }
                }
            }
        }
        h2 { "Downloads" }
        @match site.options.downloads {
            Some(prefix) => {
                p { "The whole dataset, beside the site:" }
                ul.downloads {
                    @for (file, what) in DOWNLOADS {
                        li { a href=(format!("{prefix}{file}")) { (file) } ": " (what) }
                    }
                }
                p { "Load the Parquet files in DuckDB with " code { "select * from 'figures.parquet'" } "." }
                table {
                    caption { "Each table as CSV and Parquet" }
                    thead { tr { th scope="col" { "table" } th scope="col" { "CSV" } th scope="col" { "Parquet" } } }
                    tbody {
                        @for (csv, parquet) in downloads(site) {
                            tr {
                                th scope="row" { (csv.trim_end_matches(".csv")) }
                                td { a href=(format!("{prefix}{csv}")) { (csv) } }
                                td { a href=(format!("{prefix}{parquet}")) { (parquet) } }
                            }
                        }
                    }
                }
            }
            None => {
                p { "This copy of the site was rendered alone (" code { "petrochip docs --out" } "): the CSV and Parquet files, datapackage.json, manifest.json and duckdb.sql are in the output folder " code { "petrochip run" } " writes." }
            }
        }
        h2 { "How to cite" }
        p {
            "The dataset: petrochip, contract " (crate::contract::CONTRACT_VERSION)
            ", build " (crate::manifest::BUILD) ", licence CC BY 4.0. "
            "A figure: its source as its page gives it, with the paragraph, and the dataset."
        }
    };
    Page {
        path: "index.html".into(),
        body: site.layout("The dataset", &main).into_string(),
    }
}

/// Warned rows on one validation page: a corpus can warn thousands of times.
const WARNINGS_PER_PAGE: usize = PAGE_ROWS;

pub(super) fn validation_pages(site: &Site) -> usize {
    super::page_count(site.warnings.len(), WARNINGS_PER_PAGE)
}

/// The file of validation page `page` (0-based).
fn validation_file(page: usize) -> String {
    super::paged_file("validation", page)
}

/// Page `page` (0-based) of the validation report: the outcome, the warned rows of the page,
/// and, on the first, every check.
pub(super) fn validation(site: &Site, page: usize) -> Page {
    let warned = site.warned();
    let pages = validation_pages(site);
    let start = (page * WARNINGS_PER_PAGE).min(site.warnings.len());
    let end = (start + WARNINGS_PER_PAGE).min(site.warnings.len());
    let pager = pager("Pages of warned rows", page, pages, validation_file);
    let main = html! {
        h1 { "Validation" }
        p.status {
            "PASSED: every one of the " (site.checks.len()) " checks "
            @if page == 0 { "below" } @else { a href=(validation_file(0)) { "on the first page" } }
            " passed or only warned; "
            (site.warnings.len()) " rows warned. A check with severity error stops a run, so a "
            "published dataset has no error; a warning is published and listed here."
        }
        h2 { "Warned rows" }
        @if site.warnings.is_empty() {
            p { "None." }
        } @else {
            @if pages > 1 { p { "Rows " (start + 1) " to " (end) ", page " (page + 1) " of " (pages) "." } }
            (pager)
            div.scroll { table.warned {
                caption { "Every warned row: its key, column, value, where it was typed and why" }
                thead {
                    tr {
                        th scope="col" { "key" } th scope="col" { "status" } th scope="col" { "table" }
                        th scope="col" { "check" } th scope="col" { "column" } th scope="col" { "value" }
                        th scope="col" { "message" } th scope="col" { "file:line" }
                    }
                }
                tbody {
                    @for (failure, row) in site.warnings[start..end].iter().zip(&warned[start..end]) {
                        tr {
                            th.wrap scope="row" {
                                @match row.and_then(|(table, index)| site.row_href(&site.dataset.tables[table], index)) {
                                    Some(href) => a href=(href) { (failure.key) },
                                    None => (failure.key),
                                }
                            }
                            td { (status(failure.severity)) }
                            td { (failure.table) }
                            td { (failure.check) }
                            td { (failure.column.unwrap_or("")) }
                            td { (failure.value.as_deref().unwrap_or("")) }
                            td.wrap { (failure.message) }
                            td.wrap { @if let Some(origin) = &failure.origin { code { (origin) } } }
                        }
                    }
                }
            } }
            (pager)
        }
        @if page == 0 {
            h2 { "Every check" }
            table.checks {
                caption { "Every check that can fail, table by table, with its outcome" }
                thead { tr { th scope="col" { "table" } th scope="col" { "rows" } th scope="col" { "PASS" } th scope="col" { "WARN (failures)" } } }
                tbody {
                    @for table in &site.dataset.tables {
                        @let checks: Vec<_> = site.checks.iter().filter(|c| c.table == table.spec.name).collect();
                        tr {
                            th scope="row" { a href=(table_file(table.spec.name, 0)) { (table.spec.name) } }
                            td.num { (table.rows.len()) }
                            td {
                                (checks.iter().filter(|c| c.failures == 0).map(|c| format!("{} ({})", c.check, severity(c.severity))).collect::<Vec<_>>().join(", "))
                            }
                            td {
                                (checks.iter().filter(|c| c.failures > 0).map(|c| format!("{} ({}): {}", c.check, severity(c.severity), c.failures)).collect::<Vec<_>>().join(", "))
                            }
                        }
                    }
                }
            }
        }
    };
    Page {
        path: validation_file(page),
        body: site.layout("Validation", &main).into_string(),
    }
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warn => "warn",
    }
}

fn status(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "FAIL",
        Severity::Warn => "WARN",
    }
}

/// One entry of the A–Z index and the search box: a record or a table.
pub(super) struct Entry {
    title: String,
    href: String,
    kind: &'static str,
    /// The letter it is listed under: its folded title's first, or `#`.
    letter: char,
}

/// What the A–Z index and the search box list: every record and every table, by folded
/// title, then by file.
pub(super) fn entries(site: &Site) -> Vec<Entry> {
    let mut entries = Vec::new();
    for records in &site.records {
        if let Some(table) = site.dataset.table(records.table) {
            for (index, row) in table.rows.iter().enumerate() {
                entries.push(Entry {
                    title: records.title_of(table, row),
                    href: site.record_href(table, index).unwrap_or_default(),
                    kind: records.prefix,
                    letter: '#',
                });
            }
        }
    }
    for table in &site.dataset.tables {
        entries.push(Entry {
            title: table.spec.name.into(),
            href: table_file(table.spec.name, 0),
            kind: "table",
            letter: '#',
        });
    }
    let mut keyed: Vec<(String, Entry)> = entries
        .into_iter()
        .map(|mut e| {
            let folded = petrochip_text::fold(&e.title);
            e.letter = folded
                .chars()
                .next()
                .map(|c| c.to_ascii_uppercase())
                .filter(char::is_ascii_alphabetic)
                .unwrap_or('#');
            (folded, e)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.href.cmp(&b.1.href)));
    keyed.into_iter().map(|(_, e)| e).collect()
}

/// The file of page `page` (0-based) of the A–Z index.
pub fn a_to_z_file(page: usize) -> String {
    super::paged_file("a-z", page)
}

/// Page `page` of the A–Z index: a letter index leading to the page where each letter starts,
/// the entries of this page under their letters, and the search box. The search data is
/// inlined in the first page only (a `file://` page cannot fetch it); the other pages' box
/// sends the words to it.
pub(super) fn a_to_z(site: &Site, page: usize) -> Page {
    let entries = site.entries();
    let pages = a_to_z_pages(site);
    let start = page * AZ_ROWS;
    let end = (start + AZ_ROWS).min(entries.len());
    let shown = entries.get(start..end).unwrap_or_default();
    let mut letters: Vec<(char, usize)> = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        if letters.last().is_none_or(|(l, _)| *l != entry.letter) {
            letters.push((entry.letter, i / AZ_ROWS));
        }
    }
    let mut here: Vec<char> = shown.iter().map(|e| e.letter).collect();
    here.dedup();
    let json = (page == 0).then(|| {
        let data: Vec<[&str; 3]> = entries
            .iter()
            .map(|e| [e.title.as_str(), e.href.as_str(), e.kind])
            .collect();
        serde_json::to_string(&data).unwrap_or_else(|_| "[]".into())
    });
    let main = html! {
        h1 { "A–Z and search" }
        div.search {
            form role="search" action="a-z.html" {
                label for="q" { "Find a source, an entity or a table" }
                input id="q" type="search" name="q" autocomplete="off";
                " "
                button type="submit" { "Search" }
            }
            @if let Some(json) = &json {
                p id="search-status" role="status" aria-live="polite" {}
                ul id="search-results" {}
                script id="search-data" type="application/json" { (inline_json(json)) }
                script src="search.js" {}
            }
        }
        nav aria-label="Letters" {
            ul.letters {
                @for (l, p) in &letters {
                    li { a href=(format!("{}#letter-{l}", a_to_z_file(*p))) { (l) } }
                }
            }
        }
        p { "Entries " (start + 1) " to " (end) " of " (entries.len()) ", " (AZ_ROWS) " a page." }
        (pager("Pages of the A–Z index", page, pages, a_to_z_file))
        @for l in &here {
            section aria-labelledby=(format!("letter-{l}")) {
                h2 id=(format!("letter-{l}")) {
                    (l)
                    @if shown.first().is_some_and(|e| e.letter == *l) && start > 0 && entries[start - 1].letter == *l {
                        " (continued)"
                    }
                }
                ul.az {
                    @for entry in shown.iter().filter(|e| e.letter == *l) {
                        li { a href=(entry.href) { (entry.title) } " " span.kind { "(" (entry.kind) ")" } }
                    }
                }
            }
        }
        (pager("Pages of the A–Z index", page, pages, a_to_z_file))
    };
    Page {
        path: a_to_z_file(page),
        body: site.layout("A–Z and search", &main).into_string(),
    }
}

/// How many pages the A–Z index has.
pub(super) fn a_to_z_pages(site: &Site) -> usize {
    super::page_count(site.entries().len(), AZ_ROWS)
}

/// A column's constraints as a reader needs them: its range, its codes.
fn constraints(column: &ColumnSpec) -> String {
    let mut parts = Vec::new();
    if let Some((low, high)) = column.range {
        parts.push(format!("from {low} to {high}"));
    }
    if let ColumnType::Enum(choices) = column.ty {
        let codes: Vec<&str> = choices.iter().map(|c| c.code).collect();
        parts.push(format!("one of: {}", codes.join(", ")));
    }
    parts.join("; ")
}

fn foreign_key(spec: &TableSpec, column: &str) -> Option<(&'static str, &'static str)> {
    spec.foreign_keys.iter().find_map(|fk| {
        let at = fk.columns.iter().position(|c| *c == column)?;
        Some((fk.table, *fk.references.get(at)?))
    })
}

fn dictionary(spec: &TableSpec) -> Markup {
    html! {
        table.dictionary {
            caption { "Data dictionary: the columns of " (spec.name) }
            thead {
                tr {
                    th scope="col" { "column" } th scope="col" { "type" } th scope="col" { "unit" } th scope="col" { "required" }
                    th scope="col" { "description" } th scope="col" { "constraints" } th scope="col" { "refers to" }
                }
            }
            tbody {
                @for column in spec.columns {
                    tr id=(format!("col-{}", column.name)) {
                        th scope="row" {
                            code { (column.name) }
                            @if spec.primary_key.contains(&column.name) { " (key)" }
                        }
                        td { (column.ty.name()) }
                        td.unit {
                            @match column.unit {
                                Some(Unit::Fixed(unit)) => (unit),
                                Some(Unit::Column(other)) => { "the row's " a href=(format!("#col-{other}")) { code { (other) } } }
                                None => {}
                            }
                        }
                        td { @if column.required { "yes" } @else { "no" } }
                        td { (column.description) }
                        td { (constraints(column)) }
                        td {
                            @if let Some((table, target)) = foreign_key(spec, column.name) {
                                a href=(table_file(table, 0)) { (table) "." (target) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Pages a pager links: the first, the last, and the three either side of the current one, so
/// a table of thousands of pages does not list them all on each.
fn shown_pages(page: usize, pages: usize) -> Vec<usize> {
    (0..pages)
        .filter(|&p| p == 0 || p + 1 == pages || p.abs_diff(page) <= 3)
        .collect()
}

/// Links to the pages of a paged listing (nothing when it has one page).
pub fn pager(label: &str, page: usize, pages: usize, file: impl Fn(usize) -> String) -> Markup {
    let shown = shown_pages(page, pages);
    html! {
        @if pages > 1 {
            nav.pager aria-label=(label) {
                ul {
                    @for (i, p) in shown.iter().enumerate() {
                        @if i > 0 && shown[i - 1] + 1 != *p { li { "…" } }
                        li {
                            @if *p == page {
                                span aria-current="page" { (p + 1) }
                            } @else {
                                a href=(file(*p)) { (p + 1) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Page `page` (0-based) of a table: the dictionary on the first, then its rows.
pub(super) fn table(site: &Site, table: &Table, page: usize) -> Page {
    let spec = table.spec;
    let shown = super::shown_rows(table);
    let pages = super::page_count(shown, PAGE_ROWS);
    let key_column = spec.key_positions().first().copied().unwrap_or(0);
    let start = page * PAGE_ROWS;
    let end = (start + PAGE_ROWS).min(shown);
    let has_records = site.records_of(spec.name).is_some();
    let file = |p: usize| table_file(spec.name, p);
    let main = html! {
        h1 { "Table " code { (spec.name) } }
        p { (spec.description) }
        p { "Typed in " code { "raw/" (spec.sheet) } "; key: " (spec.primary_key.join(", ")) "; " (table.rows.len()) " rows." }
        @if shown < table.rows.len() {
            (unshown(site, table, shown))
        }
        @if page == 0 {
            (dictionary(spec))
        } @else {
            p { a href=(format!("{}#col-{}", table_file(spec.name, 0), spec.columns[0].name)) { "The data dictionary" } " is on the first page." }
        }
        h2 { "Rows" }
        (pager(&format!("Pages of {}", spec.name), page, pages, file))
        @if table.rows.is_empty() {
            p { "No rows." }
        } @else {
            div.scroll {
                table.rows {
                    caption { (spec.name) ": rows " (start + 1) " to " (end) " of " (table.rows.len()) }
                    thead { tr { @for column in spec.columns { th scope="col" { a href=(format!("{}#col-{}", table_file(spec.name, 0), column.name)) { (column.name) } } } } }
                    tbody {
                        @for index in start..end {
                            tr id=(PreEscaped(site.row_anchor(table, index))) {
                                @for i in 0..spec.columns.len() {
                                    @if i == key_column {
                                        th scope="row" {
                                            @match has_records.then(|| site.record_href(table, index)).flatten() {
                                                Some(href) => a href=(href) { (Text(&table.rows[index].get(i))) },
                                                None => (site.cell(table, index, i)),
                                            }
                                        }
                                    } @else {
                                        td { (site.cell(table, index, i)) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        (pager(&format!("Pages of {}", spec.name), page, pages, file))
    };
    Page {
        path: table_file(spec.name, page),
        body: site
            .layout(&format!("Table {}", spec.name), &main)
            .into_string(),
    }
}

/// Where the rows past a table's pages are: its files, and a fact row's source page.
fn unshown(site: &Site, table: &Table, shown: usize) -> Markup {
    let name = table.spec.name;
    let file = |ext: &str| {
        let file = format!("{name}.{ext}");
        html! {
            @match site.options.downloads {
                Some(prefix) => a href=(format!("{prefix}{file}")) { code { (file) } },
                None => code { (file) },
            }
        }
    };
    html! {
        p {
            "These pages show the first " (shown) " rows; every row is in " (file("csv"))
            " and " (file("parquet"))
            @if super::records::cites(table) {
                ", and each stands under its paragraph on its source's page, where links to it lead"
            }
            "."
        }
    }
}

#[cfg(test)]
mod tests {
    use super::shown_pages;

    #[test]
    fn a_pager_shows_the_ends_and_the_pages_near_the_current_one() {
        assert_eq!(shown_pages(0, 1), [0]);
        assert_eq!(shown_pages(0, 3), [0, 1, 2]);
        assert_eq!(shown_pages(0, 100), [0, 1, 2, 3, 99]);
        assert_eq!(shown_pages(50, 100), [0, 47, 48, 49, 50, 51, 52, 53, 99]);
        assert_eq!(shown_pages(99, 100), [0, 96, 97, 98, 99]);
    }
}

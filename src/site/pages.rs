//! The pages every dataset has: the index, validation, the A–Z index with its search box, and
//! each table's pages (its data dictionary, then its rows, [`PAGE_ROWS`] to a page).

use maud::{Markup, html};

use super::{PAGE_ROWS, Page, Site, anchor, inline_json, key_values, table_file};
use crate::contract::{ColumnSpec, ColumnType, TableSpec};
use crate::problem::Severity;
use crate::table::Table;

/// The files a published output holds beside the site, for the downloads.
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
                                a href=(records.file(&key_values(table, row))) lang=[site.own_lang(table.spec, row)] { (records.title_of(table, row)) }
                                ". Cite as: " span lang=[site.own_lang(table.spec, row)] { (records.citation(table, row)) }
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
                p {
                    "The whole dataset: "
                    a href=(format!("{prefix}datapackage.json")) { "datapackage.json" } " (Frictionless), "
                    a href=(format!("{prefix}manifest.json")) { "manifest.json" } " (every file with its SHA-256), "
                    a href=(format!("{prefix}validation.json")) { "validation.json" } ", "
                    a href=(format!("{prefix}README.md")) { "README.md" } " (the data dictionary). "
                    "Load the Parquet files in DuckDB with " code { "select * from 'figures.parquet'" } "."
                }
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
                p { "This copy of the site was rendered alone (" code { "petrochip docs --out" } "): the CSV and Parquet files, datapackage.json and manifest.json are in the output folder " code { "petrochip run" } " writes." }
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

pub(super) fn validation(site: &Site) -> Page {
    let main = html! {
        h1 { "Validation" }
        p.status {
            "PASSED: every one of the " (site.checks.len()) " checks below passed or only warned; "
            (site.warnings.len()) " rows warned. A check with severity error stops a run, so a "
            "published dataset has no error; a warning is published and listed here."
        }
        h2 { "Warned rows" }
        @if site.warnings.is_empty() {
            p { "None." }
        } @else {
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
                    @for failure in site.warnings {
                        tr {
                            th.wrap scope="row" {
                                @match site.find_rendered(failure.table, &failure.key) {
                                    Some((table, index)) => a href=(site.row_href(table, index)) { (failure.key) },
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
        }
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
    };
    Page {
        path: "validation.html".into(),
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

/// What the A–Z index and the search box list: every record and every table.
fn entries(site: &Site) -> Vec<(String, String, &'static str)> {
    let mut entries = Vec::new();
    for records in &site.records {
        if let Some(table) = site.dataset.table(records.table) {
            for row in &table.rows {
                entries.push((
                    records.title_of(table, row),
                    records.file(&key_values(table, row)),
                    records.prefix,
                ));
            }
        }
    }
    for table in &site.dataset.tables {
        entries.push((
            table.spec.name.into(),
            table_file(table.spec.name, 0),
            "table",
        ));
    }
    let fold = |s: &str| petrochip_text::fold(s);
    entries.sort_by(|a, b| fold(&a.0).cmp(&fold(&b.0)).then(a.1.cmp(&b.1)));
    entries
}

fn letter(title: &str) -> char {
    petrochip_text::fold(title)
        .chars()
        .next()
        .map(|c| c.to_ascii_uppercase())
        .filter(char::is_ascii_alphabetic)
        .unwrap_or('#')
}

pub(super) fn a_to_z(site: &Site) -> Page {
    let entries = entries(site);
    let data: Vec<[&str; 3]> = entries
        .iter()
        .map(|(title, href, kind)| [title.as_str(), href.as_str(), *kind])
        .collect();
    let json = serde_json::to_string(&data).unwrap_or_else(|_| "[]".into());
    let mut letters: Vec<char> = entries.iter().map(|e| letter(&e.0)).collect();
    letters.dedup();
    let main = html! {
        h1 { "A–Z and search" }
        div.search {
            form role="search" action="a-z.html" {
                label for="q" { "Find a source, an entity or a table" }
                input id="q" type="search" name="q" autocomplete="off";
            }
            p id="search-status" role="status" aria-live="polite" {}
            ul id="search-results" {}
        }
        script id="search-data" type="application/json" { (inline_json(&json)) }
        script src="search.js" {}
        nav aria-label="Letters" {
            ul.letters { @for l in &letters { li { a href=(format!("#letter-{l}")) { (l) } } } }
        }
        @for l in &letters {
            section aria-labelledby=(format!("letter-{l}")) {
                h2 id=(format!("letter-{l}")) { (l) }
                ul.az {
                    @for (title, href, kind) in entries.iter().filter(|e| letter(&e.0) == *l) {
                        li { a href=(href) { (title) } " " span.kind { "(" (kind) ")" } }
                    }
                }
            }
        }
    };
    Page {
        path: "a-z.html".into(),
        body: site.layout("A–Z and search", &main).into_string(),
    }
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
                    th scope="col" { "column" } th scope="col" { "type" } th scope="col" { "required" }
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

fn pager(name: &str, page: usize, pages: usize) -> Markup {
    let shown = shown_pages(page, pages);
    html! {
        @if pages > 1 {
            nav.pager aria-label=(format!("Pages of {name}")) {
                ul {
                    @for (i, p) in shown.iter().enumerate() {
                        @if i > 0 && shown[i - 1] + 1 != *p { li { "…" } }
                        li {
                            @if *p == page {
                                span aria-current="page" { (p + 1) }
                            } @else {
                                a href=(table_file(name, *p)) { (p + 1) }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub(super) fn table(site: &Site, table: &Table) -> Vec<Page> {
    let spec = table.spec;
    let pages = table.rows.len().div_ceil(PAGE_ROWS).max(1);
    let key_column = spec.key_positions().first().copied().unwrap_or(0);
    (0..pages)
        .map(|page| {
            let start = page * PAGE_ROWS;
            let end = (start + PAGE_ROWS).min(table.rows.len());
            let records = site.records_of(spec.name);
            let main = html! {
                h1 { "Table " code { (spec.name) } }
                p { (spec.description) }
                p { "Typed in " code { "raw/" (spec.sheet) } "; key: " (spec.primary_key.join(", ")) "; " (table.rows.len()) " rows." }
                @if page == 0 {
                    (dictionary(spec))
                } @else {
                    p { a href=(format!("{}#col-{}", table_file(spec.name, 0), spec.columns[0].name)) { "The data dictionary" } " is on the first page." }
                }
                h2 { "Rows" }
                (pager(spec.name, page, pages))
                @if table.rows.is_empty() {
                    p { "No rows." }
                } @else {
                    div.scroll {
                        table.rows {
                            caption { (spec.name) ": rows " (start + 1) " to " (end) " of " (table.rows.len()) }
                            thead { tr { @for column in spec.columns { th scope="col" { a href=(format!("{}#col-{}", table_file(spec.name, 0), column.name)) { (column.name) } } } } }
                            tbody {
                                @for index in start..end {
                                    @let row = &table.rows[index];
                                    tr id=(anchor(&key_values(table, row))) {
                                        @for (i, _) in spec.columns.iter().enumerate() {
                                            @if i == key_column {
                                                th scope="row" {
                                                    @match records.and_then(|_| site.record_href(table, index)) {
                                                        Some(href) => a href=(href) { (row.values[i].to_string()) },
                                                        None => (site.cell(table, row, i)),
                                                    }
                                                }
                                            } @else {
                                                td { (site.cell(table, row, i)) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                (pager(spec.name, page, pages))
            };
            Page {
                path: table_file(spec.name, page),
                body: site.layout(&format!("Table {}", spec.name), &main).into_string(),
            }
        })
        .collect()
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

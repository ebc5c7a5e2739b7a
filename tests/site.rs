//! The data-docs site, on the real binary and a copy of `raw/`, without a browser: every link
//! lands on a file and an anchor, nothing outside the site is referred to but the sources' own
//! addresses, every figure sits on its source's page with its quote, every warned row is on the
//! validation page, renders are byte-identical, and a failed gate or a bad `--out` loses
//! nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use sha2::{Digest, Sha256};

mod common;
use common::{
    assert_links_land, attributes, csv_rows, files, manifest_outputs, run_ok, unescape, workspace,
};

const BIN: &str = env!("CARGO_BIN_EXE_petrochip");

fn petrochip(dir: &Path, args: &[&str]) -> Output {
    std::process::Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_LOG")
        .env_remove("PETROCHIP_OUT")
        .env_remove("PETROCHIP_RAW")
        .output()
        .expect("the binary runs")
}

/// Text as maud writes it inside an element.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Every `<a ...>` start tag of a page.
fn anchors(html: &str) -> Vec<&str> {
    html.match_indices("<a ")
        .map(|(at, _)| &html[at..at + html[at..].find('>').unwrap_or(0)])
        .collect()
}

/// A project whose `output/` was published from its copy of `raw/`.
fn published() -> (common::Workspace, PathBuf) {
    let dir = workspace();
    run_ok(dir.path(), &["run"]);
    let output = dir.path().join("output");
    (dir, output)
}

#[test]
fn every_internal_link_lands_on_a_file_and_an_anchor() {
    let (_dir, output) = published();
    let checked = assert_links_land(&output);
    assert!(checked > 5_000, "only {checked} links checked");
}

#[test]
fn nothing_outside_the_site_is_referred_to_but_the_sources_own_addresses() {
    let (_dir, output) = published();
    let urls: BTreeSet<String> = csv_rows(&output.join("sources.csv"))
        .into_iter()
        .map(|r| r["url"].clone())
        .filter(|u| !u.is_empty())
        .collect();
    assert!(urls.len() >= 10, "{urls:?}");
    let mut linked = BTreeSet::new();
    for (name, bytes) in files(&output.join("site")) {
        let text = String::from_utf8(bytes).unwrap();
        for src in attributes(&text, "src") {
            assert!(
                !src.contains(':') && !src.starts_with('/'),
                "{name}: loads {src}"
            );
        }
        assert!(
            !text.contains("@import") && !text.contains("url("),
            "{name}"
        );
        assert!(
            !text.contains("fetch(") && !text.contains("XMLHttpRequest"),
            "{name}"
        );
        for tag in anchors(&text) {
            let href = attributes(tag, "href").pop().unwrap_or_default();
            if href.contains("://") {
                assert!(tag.contains(" rel=\"external\""), "{name}: {tag}");
                assert!(urls.contains(&href), "{name}: {href} is no source's URL");
                linked.insert(href);
            }
        }
        for tag in text.match_indices("<link ").map(|(at, _)| &text[at..]) {
            let end = tag.find('>').unwrap_or(0);
            assert!(!tag[..end].contains("://"), "{name}: {}", &tag[..end]);
        }
    }
    assert_eq!(linked, urls, "every source's URL is on its page");
}

#[test]
fn every_figure_is_on_its_sources_page_with_its_quote() {
    let (_dir, output) = published();
    let site = output.join("site");
    let languages: BTreeMap<String, String> = csv_rows(&output.join("sources.csv"))
        .into_iter()
        .map(|r| (r["source_id"].clone(), r["language"].clone()))
        .collect();
    let figures = csv_rows(&output.join("figures.csv"));
    assert_eq!(figures.len(), 81, "figures.csv as committed");
    for figure in figures {
        let (source, id) = (&figure["source_id"], &figure["figure_id"]);
        // Ids are snake_case, so their anchors are themselves.
        assert!(
            source
                .bytes()
                .chain(id.bytes())
                .all(|b| b.is_ascii_alphanumeric() || b == b'_'),
            "{source} {id}"
        );
        let page = fs::read_to_string(site.join(format!("source-{source}.html"))).unwrap();
        let start = page
            .find(&format!("<li id=\"figures~{source}.{id}\">"))
            .unwrap_or_else(|| panic!("figure {source} {id} is not on its source's page"));
        let item = &page[start..start + page[start..].find("</li>").unwrap()];
        let quote = format!(
            "<q lang=\"{}\">{}</q>",
            languages[source],
            escape(&figure["quote"])
        );
        assert!(item.contains(&quote), "{source} {id}: {item}");
        let heading = format!("<h3 id=\"p-{}\">", figure["paragraph"]);
        let under = page[..start].rfind("<h3 id=\"p-").unwrap();
        assert!(
            page[under..].starts_with(&heading),
            "{source} {id}: under its paragraph"
        );
    }
}

#[test]
fn every_warned_row_is_on_the_validation_page_with_its_key_and_place() {
    let (_dir, output) = published();
    let page = fs::read_to_string(output.join("site/validation.html")).unwrap();
    // One warning written by hand from raw/entities.csv line 100: a quote of two words.
    let row = page
        .split("<tr>")
        .find(|r| r.contains(">morris_chang</a>"))
        .expect("the warned row of morris_chang");
    assert!(row.contains("href=\"table-entities"), "{row}");
    assert!(row.contains("#morris_chang\""), "{row}");
    assert!(row.contains("<code>raw/entities.csv:100</code>"), "{row}");
    assert!(row.contains("<td>WARN</td>"), "{row}");
    assert!(row.contains("<td>quote</td><td>Morris Chang</td>"), "{row}");
    // And every warning validation.json lists, each in a row of its own.
    let validation: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(output.join("validation.json")).unwrap()).unwrap();
    let warnings = validation["warnings"].as_array().unwrap();
    assert!(warnings.len() >= 7, "{}", warnings.len());
    for warning in warnings {
        let place = format!(
            "<code>{}:{}</code>",
            warning["file"].as_str().unwrap(),
            warning["line"]
        );
        let key = format!(">{}</a>", escape(warning["key"].as_str().unwrap()));
        assert!(
            page.split("<tr>")
                .any(|r| r.contains(&key) && r.contains(&place)),
            "{warning}"
        );
    }
}

#[test]
fn every_page_is_in_the_manifest_with_its_hash_and_the_output_stays_fresh() {
    let (dir, output) = published();
    let listed: BTreeMap<String, String> = manifest_outputs(&output)
        .into_iter()
        .filter(|(p, _)| p.starts_with("site/"))
        .collect();
    let on_disk: BTreeMap<String, String> = files(&output.join("site"))
        .into_iter()
        .map(|(name, bytes)| {
            let hash: String = Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            (format!("site/{name}"), hash)
        })
        .collect();
    assert_eq!(listed, on_disk);
    let again = run_ok(dir.path(), &["run"]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("is up to date"));
    run_ok(dir.path(), &["check"]);

    // A page edited by hand makes the output stale, and the next run restores it.
    let index = output.join("site/index.html");
    let page = fs::read(&index).unwrap();
    fs::write(&index, "edited").unwrap();
    assert_eq!(petrochip(dir.path(), &["check"]).status.code(), Some(1));
    let rerun = run_ok(dir.path(), &["run"]);
    assert!(String::from_utf8_lossy(&rerun.stdout).starts_with("petrochip: "));
    assert_eq!(fs::read(&index).unwrap(), page);

    // A file of someone's in the site's folder is never deleted with it.
    fs::write(output.join("site/notes.txt"), "mine").unwrap();
    let refused = petrochip(dir.path(), &["run"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&refused.stderr)
            .contains("output: --out holds files petrochip did not write (site/notes.txt)"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    assert_eq!(
        fs::read_to_string(output.join("site/notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn two_renders_are_byte_identical() {
    let (dir, output) = published();
    run_ok(dir.path(), &["run", "--force", "--out", "again"]);
    assert_eq!(
        files(&output.join("site")),
        files(&dir.path().join("again/site"))
    );
    run_ok(dir.path(), &["docs", "--out", "alone1"]);
    run_ok(dir.path(), &["docs", "--out", "alone2"]);
    let alone = files(&dir.path().join("alone1"));
    assert_eq!(alone, files(&dir.path().join("alone2")));
    // The site alone is the same site, but for the downloads, and carries its own manifest.
    assert!(alone.contains_key("manifest.json") && alone.contains_key("index.html"));
    assert_eq!(
        alone["source-muller_park_2024.html"],
        files(&output.join("site"))["source-muller_park_2024.html"]
    );
    assert!(!String::from_utf8_lossy(&alone["index.html"]).contains("../"));
}

#[test]
fn a_failed_gate_leaves_the_previous_site_untouched() {
    let (dir, output) = published();
    run_ok(dir.path(), &["docs", "--out", "docs"]);
    let (before, docs_before) = (files(&output), files(&dir.path().join("docs")));
    let entities = dir.path().join("raw/entities.csv");
    let text = fs::read_to_string(&entities).unwrap();
    fs::write(&entities, text.replacen("\nARE,", "\nARE,,", 1)).unwrap();
    for args in [&["run"][..], &["docs", "--out", "docs"]] {
        let failed = petrochip(dir.path(), args);
        assert_eq!(failed.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&failed.stderr);
        assert!(stderr.contains("raw/entities.csv"), "{args:?}: {stderr}");
        assert!(stderr.contains("is unchanged"), "{args:?}: {stderr}");
    }
    assert_eq!(files(&output), before);
    assert_eq!(files(&dir.path().join("docs")), docs_before);
}

#[test]
fn a_bad_out_is_refused_clearly_and_loses_nothing() {
    let (dir, _output) = published();
    let p = dir.path();
    let refused = |args: &[&str], expected: &str| {
        let out = petrochip(p, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(stderr.contains("Nothing was written"), "{args:?}: {stderr}");
    };
    let raw_before = files(&p.join("raw"));
    refused(
        &["docs", "--out", "raw"],
        "raw: --out is the raw folder itself; publishing would replace the sheets with the tables; pass another folder",
    );
    refused(
        &["docs", "--out", "."],
        "raw: the raw folder is inside --out (.), which petrochip replaces as a whole",
    );
    refused(
        &["docs", "--out", "raw/site"],
        "raw/site: --out is inside the raw folder (raw)",
    );
    assert_eq!(files(&p.join("raw")), raw_before);

    fs::create_dir(p.join("mine")).unwrap();
    fs::write(p.join("mine/notes.txt"), "mine").unwrap();
    refused(
        &["docs", "--out", "mine"],
        "mine: this folder is not empty and is not a petrochip output (it has neither a datapackage.json nor a manifest.json written by petrochip, and it holds notes.txt)",
    );
    assert_eq!(
        fs::read_to_string(p.join("mine/notes.txt")).unwrap(),
        "mine"
    );

    run_ok(p, &["docs", "--out", "docs"]);
    fs::write(p.join("docs/notes.txt"), "mine").unwrap();
    let docs = files(&p.join("docs"));
    refused(
        &["docs", "--out", "docs"],
        "docs: --out holds files petrochip did not write (notes.txt)",
    );
    assert_eq!(files(&p.join("docs")), docs);

    fs::remove_file(p.join("docs/notes.txt")).unwrap();
    let docs = files(&p.join("docs"));
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(p.join("docs"), fs::Permissions::from_mode(0o555)).unwrap();
    refused(&["docs", "--out", "docs"], "docs: --out is read-only");
    fs::set_permissions(p.join("docs"), fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(files(&p.join("docs")), docs);
}

/// The entries of an A–Z page, as (file, title, kind), in the order listed.
fn a_to_z_entries(html: &str) -> Vec<(String, String, String)> {
    let mut entries = Vec::new();
    for list in html.split("<ul class=\"az\">").skip(1) {
        let list = &list[..list.find("</ul>").unwrap()];
        for item in list.split("<li><a href=\"").skip(1) {
            let (href, rest) = item.split_once("\">").unwrap();
            let (title, rest) = rest.split_once("</a> <span class=\"kind\">(").unwrap();
            let kind = &rest[..rest.find(')').unwrap()];
            entries.push((unescape(href), unescape(title), kind.to_string()));
        }
    }
    entries
}

#[test]
fn the_a_to_z_index_is_paged_with_a_letter_index_and_one_search() {
    let (_dir, output) = published();
    let site = output.join("site");
    let read = |name: &str| fs::read_to_string(site.join(name)).unwrap();
    // 14 sources, 164 entities and 33 tables: 211 entries, 100 a page.
    let names = ["a-z.html", "a-z-p2.html", "a-z-p3.html"];
    assert!(!site.join("a-z-p4.html").exists());
    let pages: Vec<Vec<(String, String, String)>> =
        names.iter().map(|n| a_to_z_entries(&read(n))).collect();
    assert_eq!(
        pages.iter().map(Vec::len).collect::<Vec<_>>(),
        [100, 100, 11]
    );
    let entry = |href: &str, title: &str, kind: &str| (href.into(), title.into(), kind.into());
    // Sorted by title with case and accents folded, read from the sheets: `activities` (a
    // table) first; Kazakhstan and Kuwait on either side of the first break, United Arab
    // Emirates and United Kingdom on either side of the second.
    assert_eq!(
        pages[0][0],
        entry("table-activities.html", "activities", "table")
    );
    assert_eq!(
        pages[0][99],
        entry("entity-KAZ.html", "Kazakhstan", "entity")
    );
    assert_eq!(pages[1][0], entry("entity-KWT.html", "Kuwait", "entity"));
    assert_eq!(
        pages[1][99],
        entry("entity-ARE.html", "United Arab Emirates", "entity")
    );
    assert_eq!(
        pages[2],
        [
            entry("entity-GBR.html", "United Kingdom", "entity"),
            entry("entity-USA.html", "United States", "entity"),
            entry(
                "entity-us_congress.html",
                "United States Congress",
                "entity"
            ),
            entry(
                "source-enr_2024_intel_chips.html",
                "US Offers Intel $8.5B to Support Semiconductor Chip Plant Projects",
                "source"
            ),
            entry(
                "source-parlonstechs_2022_chips_act.html",
                "USA-Chine-Puces : Biden signe le décret d'application de la loi sur les semi-conducteurs",
                "source"
            ),
            entry("entity-video_games.html", "video games", "entity"),
            entry("entity-wall_street.html", "Wall Street", "entity"),
            entry("entity-whbc.html", "WHBC", "entity"),
            entry("entity-maison_blanche.html", "White House", "entity"),
            entry("entity-wistron.html", "Wistron", "entity"),
            entry("entity-zaki_yamani.html", "Zaki Yamani", "entity"),
        ]
    );
    // Every source, entity and table once, and nothing else.
    let listed: Vec<&str> = pages.iter().flatten().map(|e| e.0.as_str()).collect();
    let unique: BTreeSet<&str> = listed.iter().copied().collect();
    assert_eq!(unique.len(), listed.len(), "an entry is listed twice");
    let mut expected: BTreeSet<String> = BTreeSet::new();
    for row in csv_rows(&output.join("sources.csv")) {
        expected.insert(format!("source-{}.html", row["source_id"]));
    }
    for row in csv_rows(&output.join("entities.csv")) {
        expected.insert(format!("entity-{}.html", row["entity_id"]));
    }
    let package: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(output.join("datapackage.json")).unwrap())
            .unwrap();
    for resource in package["resources"].as_array().unwrap() {
        expected.insert(format!("table-{}.html", resource["name"].as_str().unwrap()));
    }
    assert_eq!(expected.len(), 211);
    assert_eq!(
        unique,
        expected.iter().map(String::as_str).collect::<BTreeSet<_>>()
    );
    // On every page, each letter leads to the page where its entries start; U goes on.
    for name in names {
        let page = read(name);
        let nav = &page[page.find("aria-label=\"Letters\"").unwrap()..];
        let nav = &nav[..nav.find("</nav>").unwrap()];
        let letters = attributes(nav, "href");
        assert_eq!(letters.len(), 24, "{name}: {letters:?}");
        assert!(letters.contains(&"a-z.html#letter-K".to_string()), "{name}");
        assert!(
            letters.contains(&"a-z-p2.html#letter-L".to_string()),
            "{name}"
        );
        assert!(
            letters.contains(&"a-z-p2.html#letter-U".to_string()),
            "{name}"
        );
        assert!(
            letters.contains(&"a-z-p3.html#letter-V".to_string()),
            "{name}"
        );
    }
    assert!(read("a-z-p3.html").contains("<h2 id=\"letter-U\">U (continued)</h2>"));
    // The search data is inlined once, in the first page; the others send their words there.
    assert!(read("a-z.html").contains("<script id=\"search-data\" type=\"application/json\">"));
    for name in &names[1..] {
        let page = read(name);
        assert!(
            !page.contains("search-data") && !page.contains("search.js"),
            "{name}"
        );
        assert!(
            page.contains("<form role=\"search\" action=\"a-z.html\">"),
            "{name}"
        );
    }
}

#[test]
fn the_dictionary_gives_each_measured_columns_unit_and_the_downloads_name_duckdb_sql() {
    let (_dir, output) = published();
    let site = output.join("site");
    let figures = fs::read_to_string(site.join("table-figures.html")).unwrap();
    let row = |column: &str| {
        let start = figures
            .find(&format!("<tr id=\"col-{column}\">"))
            .unwrap_or_else(|| panic!("no dictionary row for {column}"));
        figures[start..start + figures[start..].find("</tr>").unwrap()].to_string()
    };
    // column, type, unit, required: written from the contract.
    assert!(
        row("value_usd").contains(
            "<th scope=\"row\"><code>value_usd</code></th><td>number</td><td class=\"unit\">USD</td><td>no</td>"
        ),
        "{}",
        row("value_usd")
    );
    assert!(
        row("value").contains(
            "<td>number</td><td class=\"unit\">the row's <a href=\"#col-unit\"><code>unit</code></a></td><td>yes</td>"
        ),
        "{}",
        row("value")
    );
    assert!(
        row("metric").contains("<td>string</td><td class=\"unit\"></td><td>yes</td>"),
        "{}",
        row("metric")
    );
    let header = "<th scope=\"col\">column</th><th scope=\"col\">type</th><th scope=\"col\">unit</th><th scope=\"col\">required</th>";
    assert!(figures.contains(header));
    let rates = fs::read_to_string(site.join("table-exchange_rates.html")).unwrap();
    assert!(rates.contains("<td>number</td><td class=\"unit\">USD per unit of the currency</td>"));

    let index = fs::read_to_string(site.join("index.html")).unwrap();
    let downloads = &index[index.find("<ul class=\"downloads\">").unwrap()..];
    let downloads = &downloads[..downloads.find("</ul>").unwrap()];
    let links = attributes(downloads, "href");
    assert_eq!(
        links,
        [
            "../datapackage.json",
            "../manifest.json",
            "../validation.json",
            "../duckdb.sql",
            "../README.md"
        ]
    );
    for link in links {
        assert!(site.join(&link).is_file(), "{link} leads to no file");
    }
    assert!(
        fs::read_to_string(site.join("../duckdb.sql"))
            .unwrap()
            .contains("figures.parquet")
    );
}

#[test]
fn values_show_grouped_digits_and_their_unit_with_the_exact_value_kept() {
    let (_dir, output) = published();
    let site = output.join("site");
    let read = |name: &str| fs::read_to_string(site.join(name)).unwrap();
    // figures.csv: boursorama_2024_tsmc_club_1000, tsmc_market_cap_2024_07_08, 1000000000000.0
    // USD, more_than; beside it the other source's 980000000000.0 USD, exact.
    let trillion = "<data value=\"1000000000000.0\">1,000,000,000,000\u{a0}USD</data>";
    let disagreements = read("disagreements.html");
    assert!(disagreements.contains(&format!(
        "<p>Value <strong>{trillion}</strong> (more_than), interval [<data value=\"1000000000000.0\">1,000,000,000,000</data>, +∞] USD</p>"
    )));
    assert!(disagreements.contains(
        "<p>Value <strong><data value=\"980000000000.0\">980,000,000,000\u{a0}USD</data></strong> (exact), interval [<data value=\"980000000000.0\">980,000,000,000</data>, <data value=\"980000000000.0\">980,000,000,000</data>] USD</p>"
    ));
    // The same function on the source's page, the entity's page and the table's page.
    let source = read("source-boursorama_2024_tsmc_club_1000.html");
    let start = source
        .find("<li id=\"figures~boursorama_2024_tsmc_club_1000.tsmc_market_cap_2024_07_08\">")
        .unwrap();
    let item = &source[start..start + source[start..].find("</li>").unwrap()];
    assert!(
        item.contains(&format!("<span class=\"k\">value</span>: {trillion}")),
        "{item}"
    );
    assert!(
        read("entity-tsmc.html").contains(&format!("<span class=\"k\">value</span>: {trillion}"))
    );
    assert!(read("table-figures.html").contains(&format!("<td>{trillion}</td>")));
    // 51,9 %: a decimal kept as it is, with its unit.
    assert!(
        read("source-comptoir_hardware_2020_tsmc.html")
            .contains("<data value=\"51.9\">51.9\u{a0}percent</data>")
    );
    // No value anywhere is printed raw: no long run of digits followed by ".0" outside an
    // attribute.
    for (name, bytes) in files(&site) {
        let text = String::from_utf8(bytes).unwrap();
        assert!(
            !text.contains("000000.0<") && !text.contains(">1000000000000.0"),
            "{name}"
        );
    }
}

/// A row's summary on a record page leaves out what restates its other cells: the unit its
/// value already names, the currency and value_usd (the unit again, and the value at a rate),
/// the interval (value and qualifier), the period's kind and dates (the period). Its table's
/// page keeps every column. The row (figures.csv of boursorama_2024_tsmc_club_1000, line 2):
/// "plus de 1.000 milliards de dollars" on 2024-07-08.
#[test]
fn a_summary_leaves_out_what_restates_its_other_cells() {
    let (_dir, output) = published();
    let read = |name: &str| fs::read_to_string(output.join("site").join(name)).unwrap();
    let source = read("source-boursorama_2024_tsmc_club_1000.html");
    let start = source
        .find("<li id=\"figures~boursorama_2024_tsmc_club_1000.tsmc_market_cap_2024_07_08\">")
        .unwrap();
    let item = &source[start..start + source[start..].find("</li>").unwrap()];
    let keys: Vec<&str> = item
        .split("<span class=\"k\">")
        .skip(1)
        .map(|k| &k[..k.find('<').unwrap()])
        .collect();
    assert_eq!(
        keys,
        [
            "subject_id",
            "metric",
            "value",
            "qualifier",
            "value_text",
            "quote_support",
            "period",
            "period_approximate",
            "derived",
            "note"
        ],
        "{item}"
    );
    assert!(
        item.contains("<span class=\"k\">qualifier</span>: more_than"),
        "{item}"
    );
    assert!(
        item.contains("<span class=\"k\">period</span>: 2024-07-08"),
        "{item}"
    );
    let table = read("table-figures.html");
    // The rows' header (the first is the data dictionary's).
    let header = &table[table.rfind("<thead>").unwrap()..table.rfind("</thead>").unwrap()];
    for column in [
        "unit",
        "currency",
        "value_usd",
        "value_low",
        "value_high",
        "period_start",
        "period_end",
    ] {
        assert!(
            header.contains(&format!(">{column}<")),
            "{column}: {header}"
        );
    }
}

/// An entity's page lists the comparisons of its figures that tell more than the figures
/// themselves, and counts the rest. TSMC's five compared figures (by hand, from the sources):
/// the three of 8 July 2024 ("plus de 1 000 milliards", 980 billion, the 1,000 billion mark)
/// are each contradicted; the two foundry shares (51.9 % and "plus de la moitié") agree. Of
/// its three pairs, two disagree (the "more than" against each of the others) and the foundry
/// shares' pair agrees.
#[test]
fn an_entity_page_lists_the_comparisons_that_disagree_and_counts_the_rest() {
    let (_dir, output) = published();
    let page = fs::read_to_string(output.join("site").join("entity-tsmc.html")).unwrap();
    let section = |table: &str| {
        let start = page
            .find(&format!("<h2><a href=\"table-{table}.html\">{table}</a>"))
            .unwrap_or_else(|| panic!("{table} is on the page"));
        &page[start..start + page[start..].find("</section>").unwrap()]
    };
    let agreement = section("figure_agreement");
    assert!(
        agreement.contains("figure_agreement</a> (5)</h2>"),
        "{agreement}"
    );
    assert!(agreement.contains(
        "<p>Listed here: the 3 that another source's figure contradicts. The other 2 agree with every other source's figure and each restates a figure listed above. Every row is in the <a href=\"table-figure_agreement.html\">figure_agreement</a> table.</p>"
    ), "{agreement}");
    assert_eq!(agreement.matches("<li id=\"figure_agreement~").count(), 3);
    for figure in [
        "boursorama_2024_tsmc_club_1000.tsmc_market_cap_2024_07_08",
        "boursorama_afp_tsmc_mille_milliards.tsmc_market_cap_monday_1505_gmt",
        "boursorama_afp_tsmc_mille_milliards.tsmc_market_cap_threshold_monday",
    ] {
        assert!(
            agreement.contains(&format!("<li id=\"figure_agreement~{figure}\">")),
            "{figure}"
        );
    }
    assert!(!agreement.contains("foundry_market_share"));

    let pairs = section("figure_comparisons");
    assert!(pairs.contains("figure_comparisons</a> (3)</h2>"), "{pairs}");
    assert!(pairs.contains(
        "<p>Listed here: the 2 that disagree. The other one agrees and restates two figures listed above. Every row is in the <a href=\"table-figure_comparisons.html\">figure_comparisons</a> table.</p>"
    ), "{pairs}");
    assert_eq!(pairs.matches("<li id=\"figure_comparisons~").count(), 2);
    assert_eq!(
        pairs
            .matches("<span class=\"k\">agree</span>: false")
            .count(),
        2
    );
    assert!(!pairs.contains("foundry_market_share"));
    // Intel's three grant figures all disagree: all are listed, nothing is left to count.
    let intel = fs::read_to_string(output.join("site").join("entity-intel.html")).unwrap();
    assert!(intel.contains(
        "<p>Listed here: the 3 that another source's figure contradicts. Every row is in the <a href=\"table-figure_agreement.html\">figure_agreement</a> table.</p>"
    ));
    let act = fs::read_to_string(
        output
            .join("site")
            .join("entity-chips_and_science_act.html"),
    )
    .unwrap();
    assert!(act.contains(
        "<p>Listed here: the one that disagrees. Every row is in the <a href=\"table-figure_comparisons.html\">figure_comparisons</a> table.</p>"
    ));
}

/// The disagreements page lists the pairs that disagree and counts the others: of the six
/// pairs the sources give, only TSMC's foundry share agrees (51.9 % at Comptoir Hardware,
/// "plus de la moitié" at RTBF), so five are shown and it is not.
#[test]
fn the_disagreements_page_lists_only_the_pairs_that_disagree() {
    let (_dir, output) = published();
    let page = fs::read_to_string(output.join("site").join("disagreements.html")).unwrap();
    assert!(
        page.contains("<strong>5 of 6 pairs disagree</strong>"),
        "{page}"
    );
    assert_eq!(page.matches("<section class=\"pair\"").count(), 5);
    assert!(!page.contains("foundry_market_share"));
    for shown in ["market_cap, 2024-07-08", "programme_budget", "public_grant"] {
        assert!(page.contains(shown), "{shown}");
    }
    // Every pair is one link away, in the table's own pages.
    assert!(page.contains("<a href=\"table-figure_comparisons.html\">figure_comparisons</a>"));
    // No group of the real sources is too large to pair: the contested figures' page says so.
    assert!(page.contains("<a href=\"contested.html\">Contested figures</a>"));
    let contested = fs::read_to_string(output.join("site").join("contested.html")).unwrap();
    assert!(
        contested.contains("<strong>0 figures</strong>"),
        "{contested}"
    );
    assert!(contested.contains("<p>No group is that large.</p>"));
    assert!(!contested.contains("<section"));
}

//! `just bench-site`: renders the data-docs site for 10, 100, 1,000 and 10,000 synthetic
//! sources and prints the time to render and to write it, its total size and its median page.
//! Targets on this machine: 10,000 sources in under 3 s, median page under 100 KB. Prints
//! figures; asserts nothing, since shared machines are noisy.
//!
//! The synthetic corpus keeps the shapes of `raw/`: source `i` is a copy of the real source
//! `i mod 14`, every row that cites it (figures, mentions, relations…) copied with the new
//! `source_id`; the shared tables (entities, reference, vocabularies) stay as they are, so an
//! entity is named by thousands of sources, as in a large corpus.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use petrochip::site::{Options, Site};
use petrochip::table::{Dataset, Table, Value};

const SIZES: [usize; 4] = [10, 100, 1_000, 10_000];
const SOURCE_ID: &str = "source_id";

fn synthetic(real: &Dataset, sources: usize) -> Dataset {
    let ids: Vec<String> = real
        .table("sources")
        .map(|t| t.column_values(SOURCE_ID).map(Value::to_string).collect())
        .unwrap_or_default();
    let tables = real
        .tables
        .iter()
        .map(|table| {
            // Shared tables (entities, reference) cite a source too, but are not copied.
            let column = table.spec.column_index(SOURCE_ID);
            let Some(column) = column.filter(|_| table.spec.is_per_source()) else {
                return table.clone();
            };
            let mut copy = Table::new(table.spec);
            for i in 0..sources {
                let model = &ids[i % ids.len()];
                let id = if i < ids.len() {
                    model.clone()
                } else {
                    format!("{model}_copy_{i:05}")
                };
                for row in table
                    .rows
                    .iter()
                    .filter(|r| r.values[column].to_string() == *model)
                {
                    let mut row = row.clone();
                    row.values[column] = Value::Text(id.as_str().into());
                    copy.rows.push(row);
                }
            }
            copy
        })
        .collect();
    Dataset { tables }
}

fn main() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let inputs = petrochip::Inputs {
        raw: repo.join("raw"),
        require_grounding: false,
    };
    let summary = petrochip::build(&inputs).unwrap_or_else(|e| panic!("{}", e.report()));
    let validated = &summary.validated;
    let scratch = tempfile::tempdir().expect("a scratch folder");
    println!(
        "petrochip site: synthetic sources copied from raw/ (targets: 10,000 sources < 3 s, median page < 100 KB)"
    );
    println!(
        "{:>8} {:>9} {:>10} {:>10} {:>8} {:>11} {:>11} {:>10}",
        "sources", "rows", "render", "write", "pages", "total", "median", "largest"
    );
    for sources in SIZES {
        let dataset = synthetic(validated.dataset(), sources);
        let start = Instant::now();
        let site = Site::new(
            &dataset,
            validated.checks(),
            validated.warnings(),
            Options {
                downloads: Some("../"),
            },
        );
        let pages = site.render();
        let render = start.elapsed();
        let dir = scratch.path().join(sources.to_string());
        std::fs::create_dir_all(&dir).expect("a folder for the pages");
        let start = Instant::now();
        for page in &pages {
            std::fs::write(dir.join(&page.path), &page.body).expect("a page written");
        }
        let write = start.elapsed();
        let mut sizes: Vec<usize> = pages
            .iter()
            .filter(|p| p.path.ends_with(".html"))
            .map(|p| p.body.len())
            .collect();
        sizes.sort_unstable();
        let total: usize = pages.iter().map(|p| p.body.len()).sum();
        println!(
            "{:>8} {:>9} {:>10} {:>10} {:>8} {:>8.1} MB {:>8.1} KB {:>7.0} KB",
            sources,
            dataset.row_count(),
            secs(render),
            secs(write),
            pages.len(),
            total as f64 / 1e6,
            sizes[sizes.len() / 2] as f64 / 1e3,
            sizes.last().copied().unwrap_or(0) as f64 / 1e3,
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

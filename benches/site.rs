//! `just bench-site`: renders the data-docs site for 10, 100, 1,000 and 10,000 synthetic
//! sources and prints the time to render it in memory, the time to publish it as a run does
//! (render, write and hash every page, on every core, without the final `syncfs`, whose cost
//! depends on what else the disk holds), its total size, its median page, and how the bytes of
//! the largest site divide between the kinds of page. Targets on this machine: 10,000 sources
//! in under 3 s, median page under 100 KB. Prints figures; asserts nothing, since shared
//! machines are noisy.
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
        .map(|t| t.column_values(SOURCE_ID).map(|v| v.to_string()).collect())
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
                    .filter(|r| r.get(column).to_string() == *model)
                {
                    let mut row = row.clone();
                    row.set(column, Value::Text(id.as_str().into()));
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
        "{:>8} {:>9} {:>10} {:>10} {:>10} {:>12} {:>8} {:>11} {:>11} {:>10}",
        "sources",
        "rows",
        "render",
        "(CPU)",
        "publish",
        "(CPU u+s)",
        "pages",
        "total",
        "median",
        "largest"
    );
    for sources in SIZES {
        let dataset = synthetic(validated.dataset(), sources);
        let (start, cpu) = (Instant::now(), cpu_time());
        let site = Site::new(
            &dataset,
            validated.checks(),
            validated.warnings(),
            Options {
                downloads: Some("../"),
            },
        );
        let pages = site.render();
        let (render, render_cpu) = (start.elapsed(), cpu_time() - cpu);
        let dir = scratch.path().join(sources.to_string());
        std::fs::create_dir_all(&dir).expect("a folder for the pages");
        let (start, cpu) = (Instant::now(), cpu_time());
        let written = petrochip::publish::write_pages(
            &site,
            &dir,
            None,
            (&petrochip::publish::Vouched::none(), ""),
        )
        .expect("the pages written");
        let (publish, publish_cpu) = (start.elapsed(), cpu_time() - cpu);
        assert_eq!(written.entries.len(), pages.len());
        let mut sizes: Vec<usize> = pages
            .iter()
            .filter(|p| p.path.ends_with(".html"))
            .map(|p| p.body.len())
            .collect();
        sizes.sort_unstable();
        let total: usize = pages.iter().map(|p| p.body.len()).sum();
        println!(
            "{:>8} {:>9} {:>10} {:>10} {:>10} {:>12} {:>8} {:>8.1} MB {:>8.1} KB {:>7.0} KB",
            sources,
            dataset.row_count(),
            secs(render),
            secs(render_cpu.0 + render_cpu.1),
            secs(publish),
            format!(
                "{:.2}+{:.2} s",
                publish_cpu.0.as_secs_f64(),
                publish_cpu.1.as_secs_f64()
            ),
            pages.len(),
            total as f64 / 1e6,
            sizes[sizes.len() / 2] as f64 / 1e3,
            sizes.last().copied().unwrap_or(0) as f64 / 1e3,
        );
        // Kept until the end: on ext4 a file created just after many were deleted waits while
        // the allocator skips their inodes, which would charge one size's cleanup to the next.
        if sources == SIZES[SIZES.len() - 1] {
            by_kind(&pages);
        }
    }
}

/// The pages of a site by kind (the file name up to its first `-` or `.`): how many, how much.
fn by_kind(pages: &[petrochip::site::Page]) {
    let mut kinds: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    for page in pages {
        let kind = page.path.split(['-', '.']).next().unwrap_or("");
        let entry = kinds.entry(kind).or_default();
        entry.0 += 1;
        entry.1 += page.body.len();
    }
    println!("{:>12} {:>8} {:>11}", "kind", "pages", "total");
    for (kind, (count, bytes)) in kinds {
        println!("{kind:>12} {count:>8} {:>8.1} MB", bytes as f64 / 1e6);
    }
}

/// User and system CPU time of this process so far, all threads: what the load of a shared
/// machine changes least.
fn cpu_time() -> CpuTime {
    // SAFETY: a zeroed rusage is a valid value, and getrusage writes only through the pointer.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: RUSAGE_SELF with a valid pointer to an rusage.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let time = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec.max(0) as u64) + Duration::from_micros(t.tv_usec.max(0) as u64)
    };
    CpuTime(time(usage.ru_utime), time(usage.ru_stime))
}

#[derive(Clone, Copy)]
struct CpuTime(Duration, Duration);

impl std::ops::Sub for CpuTime {
    type Output = (Duration, Duration);
    fn sub(self, earlier: CpuTime) -> (Duration, Duration) {
        (
            self.0.saturating_sub(earlier.0),
            self.1.saturating_sub(earlier.1),
        )
    }
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

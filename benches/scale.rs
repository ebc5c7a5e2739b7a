//! `just bench-scale [SIZES…]` (`cargo bench --bench scale`): a forced, optimised `petrochip run`
//! as a process on synthetic corpora of 10, 100, 1,000 and 10,000 sources (`just bench-corpus`),
//! printing per size the median wall and CPU time, the peak memory of the process (its maximum
//! resident set, from `wait4`), each stage's median (from the run log) and the growth from one
//! size to the next. Targets on a 2-core machine: 10,000 sources (about a million fact rows)
//! under 5 s and 1 GiB, growing linearly. With `PETROCHIP_PYTHON` naming an interpreter that
//! has polars (the recipe passes the interop virtualenv's), each run alternates with the Python
//! floor at corpus scale (`benches/floor_corpus.py`: the sheets stacked and written as CSV and
//! Parquet, no checks, no site) and the ratio is printed, which the host's speed moves less than
//! the milliseconds. Each run also alternates with `petrochip run --no-site` (the tables and their
//! documents, no site), printed beside it with the same ratio; then the same output is rerun
//! with nothing to do, as a scheduler's next run finds it. Prints figures; asserts none.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/measure.rs"]
mod measure;

const DEFAULT_SIZES: [usize; 4] = [10, 100, 1_000, 10_000];

/// Repetitions per size: enough for a median, few enough that the largest stays in minutes.
fn repetitions(sources: usize) -> usize {
    match sources {
        0..=100 => 7,
        101..=1_000 => 5,
        _ => 3,
    }
}

fn median<T: PartialOrd + Copy>(mut samples: Vec<T>) -> T {
    samples.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    samples[samples.len() / 2]
}

/// Rows of every sheet read and every table written, from the manifest.
fn rows(out: &Path) -> (u64, u64) {
    let text =
        std::fs::read_to_string(out.join("manifest.json")).expect("the run wrote a manifest");
    let manifest: serde_json::Value = serde_json::from_str(&text).expect("the manifest is JSON");
    let sum = |key: &str, only: &dyn Fn(&str) -> bool| {
        manifest[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| only(e["path"].as_str().unwrap_or_default()))
            .filter_map(|e| e["rows"].as_u64())
            .sum::<u64>()
    };
    (
        sum("inputs", &|_| true),
        sum("outputs", &|p| p.ends_with(".csv")),
    )
}

/// Each stage's milliseconds, from the run log's last line.
fn stages(log: &Path) -> Vec<(String, f64)> {
    let text = std::fs::read_to_string(log).expect("the run log is written");
    let last = text.lines().last().expect("one line per run");
    let entry: serde_json::Value = serde_json::from_str(last).expect("the run log is JSON");
    entry["stages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|pair| Some((pair[0].as_str()?.to_string(), pair[1].as_f64()?)))
        .collect()
}

/// The median wall, CPU and peak of `runs`.
fn medians(runs: &[measure::Usage]) -> (Duration, Duration, u64) {
    (
        median(runs.iter().map(|u| u.wall).collect()),
        median(runs.iter().map(|u| u.cpu).collect()),
        median(runs.iter().map(|u| u.peak).collect()),
    )
}

struct Measured {
    sources: usize,
    input_rows: u64,
    output_rows: u64,
    wall: Duration,
    cpu: Duration,
    peak: u64,
    stages: Vec<(String, f64)>,
    /// The Python floor's median wall and CPU on the same corpus, when an interpreter is named.
    floor: Option<(Duration, Duration)>,
    /// `run --no-site`'s median wall, CPU and peak on the same corpus.
    without_site: (Duration, Duration, u64),
    /// The median wall, CPU and peak of a `run` (not forced) that finds the output up to date.
    nothing_to_do: (Duration, Duration, u64),
}

fn measure(
    repo: &Path,
    binary: &Path,
    sources: usize,
    subjects: corpus::Subjects,
    python: Option<&std::ffi::OsStr>,
) -> Measured {
    let dir = corpus::default_dir(sources, subjects);
    let raw = corpus::generate(repo, sources, subjects, &dir).expect("the corpus is written");
    let scratch = dir.join("bench");
    let out = scratch.join("output");
    let log = scratch.join("runs.jsonl");
    let (mut walls, mut cpus, mut peaks) = (Vec::new(), Vec::new(), Vec::new());
    let mut floors = Vec::new();
    let mut without_site = Vec::new();
    let mut stage_samples: Vec<(String, Vec<f64>)> = Vec::new();
    for _ in 0..repetitions(sources) {
        if let Some(python) = python {
            let usage = measure::run(
                Command::new(python)
                    .arg(repo.join("benches/floor_corpus.py"))
                    .arg(&raw)
                    .arg(scratch.join("floor")),
            );
            assert!(
                usage.success,
                "the Python floor on {} failed",
                raw.display()
            );
            floors.push(usage);
        }
        // Into a folder of its own, so that each kind of run replaces its own previous output.
        let usage = measure::run(
            Command::new(binary)
                .args(["-q", "run", "--force", "--no-site", "--no-run-log", "--raw"])
                .arg(&raw)
                .arg("--out")
                .arg(scratch.join("tables")),
        );
        assert!(
            usage.success,
            "the run --no-site on {} failed",
            raw.display()
        );
        without_site.push(usage);
        let usage = measure::run(
            Command::new(binary)
                .args(["-q", "run", "--force", "--raw"])
                .arg(&raw)
                .arg("--out")
                .arg(&out)
                .arg("--run-log")
                .arg(&log),
        );
        assert!(usage.success, "the run on {} failed", raw.display());
        walls.push(usage.wall);
        cpus.push(usage.cpu);
        peaks.push(usage.peak);
        for (stage, ms) in stages(&log) {
            match stage_samples.iter_mut().find(|(s, _)| *s == stage) {
                Some((_, samples)) => samples.push(ms),
                None => stage_samples.push((stage, vec![ms])),
            }
        }
    }
    let mut reruns = Vec::new();
    for _ in 0..repetitions(sources) {
        let usage = measure::run(
            Command::new(binary)
                .args(["-q", "run", "--no-run-log", "--raw"])
                .arg(&raw)
                .arg("--out")
                .arg(&out),
        );
        assert!(usage.success, "the rerun on {} failed", raw.display());
        reruns.push(usage);
    }
    let (input_rows, output_rows) = rows(&out);
    let _ = std::fs::remove_dir_all(&scratch);
    Measured {
        sources,
        input_rows,
        output_rows,
        wall: median(walls),
        cpu: median(cpus),
        peak: median(peaks),
        stages: stage_samples
            .into_iter()
            .map(|(s, samples)| (s, median(samples)))
            .collect(),
        floor: (!floors.is_empty()).then(|| {
            let (wall, cpu, _) = medians(&floors);
            (wall, cpu)
        }),
        without_site: medians(&without_site),
        nothing_to_do: medians(&reruns),
    }
}

fn main() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_petrochip"));
    // `cargo bench` passes `--bench`; numbers are sizes, and `--companies K` makes every
    // generated source write about the same K companies.
    let (subjects, args) = corpus::take_companies(std::env::args().skip(1).collect())
        .unwrap_or_else(|e| panic!("bench-scale: {e}"));
    let asked: Vec<usize> = args.iter().filter_map(|a| corpus::whole(a)).collect();
    let sizes = if asked.is_empty() {
        DEFAULT_SIZES.to_vec()
    } else {
        asked
    };
    println!(
        "petrochip run --force on synthetic corpora (just bench-corpus N), as a process; median of 7/5/3 runs"
    );
    println!("target: 10,000 sources under 5 s and 1 GiB, growing linearly");
    let python = std::env::var_os("PETROCHIP_PYTHON");
    match &python {
        Some(python) => println!(
            "each run alternates with the Python floor (benches/floor_corpus.py, {})",
            python.to_string_lossy()
        ),
        None => println!("no PETROCHIP_PYTHON: the Python floor is not run"),
    }
    if let corpus::Subjects::Shared(k) = subjects {
        println!("every generated source writes about the same {k} companies (--companies {k})");
    }
    let mut previous: Option<Measured> = None;
    for sources in sizes {
        let m = measure(&repo, &binary, sources, subjects, python.as_deref());
        let mib = m.peak as f64 / (1024.0 * 1024.0);
        println!(
            "\n{:>6} sources  {:>9} input rows  {:>9} output rows  wall {:>9.1} ms  CPU {:>9.1} ms  peak RSS {:>7.1} MiB",
            m.sources,
            m.input_rows,
            m.output_rows,
            m.wall.as_secs_f64() * 1e3,
            m.cpu.as_secs_f64() * 1e3,
            mib
        );
        let stages: Vec<String> = m
            .stages
            .iter()
            .map(|(s, ms)| format!("{s} {ms:.1}"))
            .collect();
        println!("        stages (ms): {}", stages.join(" / "));
        if let Some((wall, cpu)) = m.floor {
            println!(
                "        Python floor: wall {:>9.1} ms  CPU {:>9.1} ms  ratio (floor / petrochip) wall {:.2}x, CPU {:.2}x",
                wall.as_secs_f64() * 1e3,
                cpu.as_secs_f64() * 1e3,
                wall.as_secs_f64() / m.wall.as_secs_f64(),
                cpu.as_secs_f64() / m.cpu.as_secs_f64()
            );
        }
        let (wall, cpu, peak) = m.without_site;
        println!(
            "        run --no-site: wall {:>9.1} ms  CPU {:>9.1} ms  peak RSS {:>7.1} MiB{}",
            wall.as_secs_f64() * 1e3,
            cpu.as_secs_f64() * 1e3,
            peak as f64 / (1024.0 * 1024.0),
            match m.floor {
                Some((floor, _)) => format!(
                    "  ratio (floor / petrochip) wall {:.2}x",
                    floor.as_secs_f64() / wall.as_secs_f64()
                ),
                None => String::new(),
            }
        );
        let (wall, cpu, peak) = m.nothing_to_do;
        println!(
            "        rerun, nothing to do: wall {:>9.1} ms  CPU {:>9.1} ms  peak RSS {:>7.1} MiB",
            wall.as_secs_f64() * 1e3,
            cpu.as_secs_f64() * 1e3,
            peak as f64 / (1024.0 * 1024.0)
        );
        if let Some(p) = &previous {
            println!(
                "        growth from {} sources: rows x{:.2}, wall x{:.2}, CPU x{:.2}, peak RSS x{:.2}",
                p.sources,
                m.input_rows as f64 / p.input_rows as f64,
                m.wall.as_secs_f64() / p.wall.as_secs_f64(),
                m.cpu.as_secs_f64() / p.cpu.as_secs_f64(),
                m.peak as f64 / p.peak as f64
            );
        }
        previous = Some(m);
    }
}

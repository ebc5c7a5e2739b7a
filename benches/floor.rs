//! `just bench-floor` (`cargo bench --bench floor`): a forced, optimised `petrochip run` on
//! `raw/` against the Python floor (`benches/floor.py`: pandas reading every sheet of `raw/` and
//! writing it as CSV and Parquet, no checks), both as processes, alternating in one run so both
//! see the same machine. Prints the medians of wall and CPU time (user and system, from
//! `wait4`: on a shared machine the wall includes waiting for the disk and for other jobs) and
//! their ratios; target: petrochip 20x faster or
//! more. The forced run replaces its own previous output, as a rerun does, and reuses its
//! unchanged files; a third command, a run into an empty folder each time, shows the cost with
//! nothing to reuse. `PETROCHIP_PYTHON` names the interpreter (the recipe passes the interop virtualenv's,
//! which has pandas and pyarrow). Prints figures; asserts none.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

#[path = "support/measure.rs"]
mod measure;

const ROUNDS: usize = 30;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn timed(command: &mut Command, what: &str) -> measure::Usage {
    let usage = measure::run(command.stdout(Stdio::null()));
    assert!(usage.success, "{what} failed");
    usage
}

fn main() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let raw = repo.join("raw");
    let python = std::env::var_os("PETROCHIP_PYTHON").unwrap_or_else(|| "python3".into());
    let scratch = tempfile::Builder::new()
        .prefix("petrochip-floor-")
        .tempdir()
        .expect("a scratch folder");
    let out = scratch.path().join("output");
    let floor_out = scratch.path().join("floor");

    let mut petrochip = Command::new(env!("CARGO_BIN_EXE_petrochip"));
    petrochip
        .args(["-q", "run", "--force", "--no-run-log", "--raw"])
        .arg(&raw)
        .arg("--out")
        .arg(&out);
    let empty = scratch.path().join("empty");
    let mut first = Command::new(env!("CARGO_BIN_EXE_petrochip"));
    first
        .args(["-q", "run", "--no-run-log", "--raw"])
        .arg(&raw)
        .arg("--out")
        .arg(&empty);
    let mut floor = Command::new(&python);
    floor
        .arg(repo.join("benches/floor.py"))
        .arg(&raw)
        .arg(&floor_out);

    // One of each first, unmeasured: the page cache and Python's bytecode cache warm up.
    timed(&mut petrochip, "petrochip run");
    timed(&mut floor, "the Python floor");
    let (mut ours, mut firsts, mut theirs) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        ours.push(timed(&mut petrochip, "petrochip run"));
        firsts.push(timed(&mut first, "petrochip run into an empty folder"));
        std::fs::remove_dir_all(&empty).expect("the first run's output removed");
        theirs.push(timed(&mut floor, "the Python floor"));
    }
    let wall = |runs: &[measure::Usage]| median(runs.iter().map(|u| u.wall).collect());
    let cpu = |runs: &[measure::Usage]| median(runs.iter().map(|u| u.cpu).collect());
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!("raw/, as processes, alternating, median of {ROUNDS} each (target: ratio >= 20)");
    let peak = |runs: &[measure::Usage]| {
        runs.iter().map(|u| u.peak).max().unwrap_or(0) as f64 / (1024.0 * 1024.0)
    };
    println!("{:<70} {:>10} {:>10} {:>14}", "", "wall", "CPU", "peak RSS");
    for (what, runs) in [
        (
            "petrochip run --force (every stage and gate, fsynced, exchanged)",
            &ours,
        ),
        (
            "petrochip run into an empty folder (the same, nothing to reuse)",
            &firsts,
        ),
        (
            "Python floor (benches/floor.py: pandas read_csv, to_csv, to_parquet)",
            &theirs,
        ),
    ] {
        println!(
            "{what:<70} {:>7.1} ms {:>7.1} ms {:>10.1} MiB",
            ms(wall(runs)),
            ms(cpu(runs)),
            peak(runs)
        );
    }
    for (what, runs) in [
        ("ratio (floor / petrochip run --force)", &ours),
        ("ratio (floor / petrochip into an empty folder)", &firsts),
    ] {
        println!(
            "{what:<70} {:>9.1}x {:>9.1}x",
            wall(&theirs).as_secs_f64() / wall(runs).as_secs_f64(),
            cpu(&theirs).as_secs_f64() / cpu(runs).as_secs_f64()
        );
    }
}

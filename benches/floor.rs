//! `just bench-floor` (`cargo bench --bench floor`): a forced, optimised `petrochip run` on
//! `raw/` against the Python floor (`benches/floor.py`: pandas reading every sheet of `raw/` and
//! writing it as CSV and Parquet, no checks), both as processes, alternating in one run so both
//! see the same machine. Prints the medians and their ratio; target: petrochip 20x faster or
//! more. `PETROCHIP_PYTHON` names the interpreter (the recipe passes the interop virtualenv's,
//! which has pandas and pyarrow). Prints figures; asserts none.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ROUNDS: usize = 30;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn timed(command: &mut Command, what: &str) -> Duration {
    let start = Instant::now();
    let output = command
        .stdout(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{what} does not start: {e}"));
    let elapsed = start.elapsed();
    assert!(
        output.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    elapsed
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
    let mut floor = Command::new(&python);
    floor
        .arg(repo.join("benches/floor.py"))
        .arg(&raw)
        .arg(&floor_out);

    // One of each first, unmeasured: the page cache and Python's bytecode cache warm up.
    timed(&mut petrochip, "petrochip run");
    timed(&mut floor, "the Python floor");
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        ours.push(timed(&mut petrochip, "petrochip run"));
        theirs.push(timed(&mut floor, "the Python floor"));
    }
    let (ours, theirs) = (median(ours), median(theirs));
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!("raw/, as processes, alternating, median of {ROUNDS} each (target: ratio >= 20)");
    println!(
        "  petrochip run --force (every stage and gate, fsynced, exchanged) {:8.1} ms",
        ms(ours)
    );
    println!(
        "  Python floor (benches/floor.py: pandas read_csv, to_csv, to_parquet) {:8.1} ms",
        ms(theirs)
    );
    println!(
        "  ratio (floor / petrochip)                                        {:8.1}x",
        theirs.as_secs_f64() / ours.as_secs_f64()
    );
}

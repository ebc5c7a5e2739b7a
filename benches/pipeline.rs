//! `cargo bench` (or `just bench`): wall time of a full optimised run on `raw/`, as a process
//! and stage by stage, as the median of repeated runs. Prints figures; asserts nothing, since
//! shared machines are noisy. Target: a whole run under 50 ms.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

const RUNS: usize = 30;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:8.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let scratch = std::env::temp_dir().join(format!("petrochip-bench-{}", std::process::id()));
    let out = scratch.join("output");
    let inputs = petrochip::Inputs {
        raw: repo.join("raw"),
        require_grounding: false,
    };

    let mut process = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_petrochip"))
            .args(["run", "-q", "--force", "--no-run-log", "--raw"])
            .arg(&inputs.raw)
            .arg("--out")
            .arg(&out)
            .status()
            .expect("the binary runs");
        process.push(start.elapsed());
        assert!(status.success(), "the run failed");
    }

    let mut stages: Vec<(&'static str, Vec<Duration>)> = Vec::new();
    let mut whole = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        let summary = petrochip::run(&inputs, &out, petrochip::Wait::No, true)
            .unwrap_or_else(|e| panic!("{}", e.report()))
            .expect("a forced run publishes");
        whole.push(start.elapsed());
        for (stage, time) in summary.timings {
            match stages.iter_mut().find(|(s, _)| *s == stage) {
                Some((_, samples)) => samples.push(time),
                None => stages.push((stage, vec![time])),
            }
        }
    }
    // Up to date: the manifest matches, so run only hashes inputs and outputs.
    // A run that grounds quotes always runs, so the no-op is measured without the article.
    let plain = petrochip::Inputs {
        raw: inputs.raw.clone(),
        require_grounding: false,
    };
    let mut noop_process = Vec::new();
    let mut noop = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_petrochip"))
            .args(["run", "-q", "--no-run-log", "--raw"])
            .arg(&inputs.raw)
            .arg("--out")
            .arg(&out)
            .status()
            .expect("the binary runs");
        noop_process.push(start.elapsed());
        assert!(status.success(), "the up-to-date run failed");
        let start = Instant::now();
        let summary = petrochip::run(&plain, &out, petrochip::Wait::No, false)
            .unwrap_or_else(|e| panic!("{}", e.report()));
        noop.push(start.elapsed());
        assert!(summary.is_none(), "the output is up to date");
    }
    let _ = std::fs::remove_dir_all(&scratch);

    println!("petrochip pipeline on raw/, median of {RUNS} runs (target: whole run < 50 ms)");
    println!(
        "  process (petrochip run, start to exit) {}",
        ms(median(process))
    );
    println!(
        "  in-process run (all stages)            {}",
        ms(median(whole))
    );
    for (stage, samples) in stages {
        println!("    {stage:<36} {}", ms(median(samples)));
    }
    println!("up to date, nothing to do (target < 10 ms)");
    println!(
        "  process (petrochip run, start to exit) {}",
        ms(median(noop_process))
    );
    println!(
        "  in-process check of the manifest       {}",
        ms(median(noop))
    );
}

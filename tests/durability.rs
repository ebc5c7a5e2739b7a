//! The order of syncs that makes a publish durable, seen from outside the process with strace:
//! every file and folder written in the staging folder is synced before the exchange makes it
//! `output/`, and the folder holding both is synced after it. A crash test can only show that a
//! killed run leaves a whole set; this shows the set survives a power cut too.

use std::path::Path;
use std::process::Command;

mod common;
use common::workspace;

const BIN: &str = env!("CARGO_BIN_EXE_petrochip");

/// One system call as strace printed it, joined when a thread was interrupted mid-call.
#[derive(Debug)]
struct Call {
    name: String,
    text: String,
}

/// The completed calls, in the order they returned.
fn calls(log: &str) -> Vec<Call> {
    let mut pending: std::collections::HashMap<String, String> = Default::default();
    let mut done = Vec::new();
    for line in log.lines() {
        let (pid, rest) = line.split_once(' ').unwrap_or(("", line));
        let rest = rest.trim_start();
        if let Some(start) = rest.strip_suffix(" <unfinished ...>") {
            pending.insert(pid.to_string(), start.to_string());
            continue;
        }
        let text = if let Some(resumed) = rest.strip_prefix("<... ") {
            let tail = resumed.split_once(" resumed>").map_or("", |(_, t)| t);
            format!("{}{tail}", pending.remove(pid).unwrap_or_default())
        } else {
            rest.to_string()
        };
        let name = text.split('(').next().unwrap_or_default().to_string();
        done.push(Call { name, text });
    }
    done
}

/// The path strace's `-y` shows for the first file descriptor argument: `fsync(5</a/b>)`.
fn fd_path(call: &Call) -> Option<&str> {
    let inside = call.text.split_once('(')?.1;
    let start = inside.find('<')? + 1;
    let end = inside[start..].find('>')? + start;
    Some(&inside[start..end])
}

/// The path an `openat` or `mkdir` call names (its first quoted argument).
fn named_path(call: &Call) -> Option<&str> {
    let start = call.text.find('"')? + 1;
    let end = call.text[start..].find('"')? + start;
    Some(&call.text[start..end])
}

/// The new name a `linkat` call makes (its second quoted argument).
fn link_path(call: &Call) -> Option<&str> {
    let first = named_path(call)?;
    let after = call.text.find(first)? + first.len() + 1;
    let start = call.text[after..].find('"')? + after + 1;
    let end = call.text[start..].find('"')? + start;
    Some(&call.text[start..end])
}

fn succeeded(call: &Call) -> bool {
    call.text
        .rsplit_once(" = ")
        .is_some_and(|(_, r)| !r.starts_with('-'))
}

#[test]
fn every_file_is_synced_before_the_exchange_and_the_folder_after() {
    if Command::new("strace").arg("-V").output().is_err() {
        common::skip(
            "the sync-order test",
            "strace is not installed (apt-get install strace)",
        );
        return;
    }
    let dir = workspace();
    // A first run makes output/, so the traced run replaces it by the exchange; one figure is
    // then edited, so the traced run writes some files and links the others.
    common::run_ok(dir.path(), &["run"]);
    let figures = dir.path().join("raw/sources/muller_park_2024/figures.csv");
    let text = std::fs::read_to_string(&figures).unwrap();
    assert_eq!(text.matches(",cofounders,trois,,,,,,25,").count(), 1);
    std::fs::write(
        &figures,
        text.replace(
            ",cofounders,trois,,,,,,25,",
            ",cofounders,quatre,,,,analyst_reading,Edited by a test,25,",
        ),
    )
    .unwrap();
    let calls = traced_run(dir.path(), "first");
    let staging = synced_before_and_after(dir.path(), &calls);
    let (written, linked) = (
        made(&calls, "openat", &staging),
        made(&calls, "linkat", &staging),
    );
    for changed in ["/figures.csv", "/figures.parquet", "/manifest.json"] {
        assert!(written.iter().any(|p| p.ends_with(changed)), "{written:?}");
    }
    for unchanged in [
        "/currencies.parquet",
        "/datapackage.json",
        "/validation.json",
    ] {
        assert!(linked.iter().any(|p| p.ends_with(unchanged)), "{linked:?}");
    }
    // The replaced set is kept for the next run, under its own name, after the exchange.
    let kept = calls
        .iter()
        .position(|c| c.name == "rename" && c.text.contains(".output.replaced") && succeeded(c))
        .expect("the replaced set is kept as .output.replaced");
    assert!(named_path(&calls[kept]).is_some_and(|p| p.ends_with(&*staging)));

    // The next run stages in the kept set: it creates nothing, and links only the files the
    // run before wrote (the kept set holds their old versions).
    let rewritten: Vec<String> = written
        .iter()
        .map(|p| {
            p.rsplit_once(&*staging)
                .map_or(*p, |(_, tail)| tail)
                .to_string()
        })
        .collect();
    let calls = traced_run(dir.path(), "second");
    let staging = synced_before_and_after(dir.path(), &calls);
    let adopted = calls
        .iter()
        .position(|c| c.name == "rename" && succeeded(c) && c.text.contains(&*staging))
        .expect("the kept set is renamed to the staging folder");
    assert!(named_path(&calls[adopted]).is_some_and(|p| p.ends_with("/.output.replaced")));
    assert_eq!(made(&calls, "openat", &staging), Vec::<&str>::new());
    let linked = made(&calls, "linkat", &staging);
    assert!(!linked.is_empty());
    for path in &linked {
        assert!(
            rewritten.iter().any(|r| path.ends_with(r.as_str())),
            "{path}"
        );
    }
    // Then the kept set is the output's own files: nothing is created, linked or removed, so
    // nothing needs syncing before the exchange (every file and entry is durable since it was
    // published); the folder holding output/ is still synced after it.
    let calls = traced_run(dir.path(), "third");
    let staging = synced_before_and_after(dir.path(), &calls);
    for call in ["openat", "linkat", "unlink", "unlinkat"] {
        assert_eq!(made(&calls, call, &staging), Vec::<&str>::new(), "{call}");
    }
    let before = &calls[..exchange(&calls)];
    assert!(
        !before.iter().any(|c| c.name == "syncfs"),
        "a sync of nothing"
    );
}

/// Runs `petrochip run --force` in `dir` under strace and gives its calls (`tag` names its log).
fn traced_run(dir: &Path, tag: &str) -> Vec<Call> {
    let log = dir.join(format!("trace-{tag}.log"));
    let status = Command::new("strace")
        .args(["-f", "-y", "-qq", "-o"])
        .arg(&log)
        .args([
            "-e",
            "trace=openat,linkat,mkdir,mkdirat,fsync,fdatasync,syncfs,renameat2,rename,unlink,unlinkat",
            BIN,
            "run",
            "--force",
        ])
        .current_dir(dir)
        .env_remove("PETROCHIP_FAULT")
        .status()
        .expect("strace runs");
    assert!(status.success());
    let calls = calls(&std::fs::read_to_string(&log).unwrap());
    std::fs::remove_file(&log).unwrap();
    calls
}

/// The paths in `staging` that `call` (openat with O_CREAT, linkat, unlink) made or removed
/// before the exchange.
fn made<'c>(calls: &'c [Call], call: &str, staging: &str) -> Vec<&'c str> {
    let exchange = exchange(calls);
    let in_staging = |path: &str| path.contains(&format!("{staging}/"));
    calls[..exchange]
        .iter()
        .filter(|c| c.name == call && succeeded(c))
        .filter(|c| call != "openat" || c.text.contains("O_CREAT"))
        .filter_map(|c| {
            if call == "linkat" {
                link_path(c)
            } else {
                named_path(c)
            }
        })
        .filter(|p| in_staging(p))
        .collect()
}

fn exchange(calls: &[Call]) -> usize {
    calls
        .iter()
        .position(|c| c.name == "renameat2" && c.text.contains("RENAME_EXCHANGE") && succeeded(c))
        .expect("the output is published by one renameat2(RENAME_EXCHANGE)")
}

/// Checks that every file and folder the run made or removed in its staging folder was synced
/// before the exchange, and the folder holding output/ after it; gives the staging folder's
/// name.
fn synced_before_and_after(dir: &Path, calls: &[Call]) -> String {
    let parent = dir.canonicalize().unwrap();
    let parent = parent.to_string_lossy();

    let exchange = exchange(calls);
    let staging = named_path(&calls[exchange]).expect("the exchange names the staging folder");
    let staging = Path::new(staging)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(staging.starts_with(".output.staging-"), "{staging}");

    // Everything created inside the staging folder: its files and its sub-folders, and the
    // files linked to the old set's (unchanged since the first run: all but a few); and every
    // name removed from it (a kept set's files that changed).
    let written = made(calls, "openat", &staging);
    let linked = made(calls, "linkat", &staging);
    let removed: Vec<&str> = calls[..exchange]
        .iter()
        .filter(|c| matches!(c.name.as_str(), "unlink" | "unlinkat") && succeeded(c))
        .filter_map(named_path)
        .filter(|p| p.contains(&format!("{staging}/")))
        .collect();
    let synced_before: Vec<&str> = calls[..exchange]
        .iter()
        .filter(|c| matches!(c.name.as_str(), "fsync" | "fdatasync") && succeeded(c))
        .filter_map(fd_path)
        .collect();
    // A syncfs counts for every file written (opened, written, closed) before it.
    let last_syncfs = calls[..exchange]
        .iter()
        .rposition(|c| c.name == "syncfs" && succeeded(c));
    let opened_at = |file: &str| {
        calls[..exchange].iter().rposition(|c| {
            (matches!(c.name.as_str(), "openat" | "unlink" | "unlinkat")
                && named_path(c) == Some(file))
                || (c.name == "linkat" && link_path(c) == Some(file))
        })
    };
    for file in written.iter().chain(&linked).chain(&removed) {
        let name = file.rsplit_once(&*staging).map_or(*file, |(_, tail)| tail);
        let fsynced = synced_before
            .iter()
            .any(|p| p.ends_with(&format!("{staging}{name}")));
        let in_syncfs = matches!((opened_at(file), last_syncfs), (Some(o), Some(s)) if o < s);
        assert!(
            fsynced || in_syncfs,
            "{file} was not synced before the exchange"
        );
    }
    // The staging folder itself (its entries) is synced before it becomes output/, when
    // anything in it was written, linked or removed.
    let changed = !(written.is_empty() && linked.is_empty() && removed.is_empty());
    assert_eq!(
        changed,
        synced_before
            .iter()
            .any(|p| p.ends_with(&format!("/{staging}"))),
        "the staging folder was synced before the exchange if and only if it changed: {synced_before:?}"
    );
    // The folder holding output/ is synced after the exchange, so the new name survives.
    let synced_after: Vec<&str> = calls[exchange..]
        .iter()
        .filter(|c| c.name == "fsync" && succeeded(c))
        .filter_map(fd_path)
        .collect();
    assert!(
        synced_after.contains(&&*parent),
        "{parent} was not synced after the exchange: {synced_after:?}"
    );
    staging
}

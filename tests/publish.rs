//! Publishing under stress, on the real binary: killed at every checkpoint of the publish step,
//! a full disk, two runs at once. `PETROCHIP_FAULT` is the binary's fault-injection hook
//! (`kill:N` aborts at the Nth checkpoint as `kill -9` would; `enospc:N` fails it as a full
//! disk does).

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::workspace;

const BIN: &str = env!("CARGO_BIN_EXE_petrochip");

fn petrochip(dir: &Path, args: &[&str], fault: Option<&str>) -> Output {
    let mut command = Command::new(BIN);
    command.args(args).current_dir(dir).env_remove("RUST_LOG");
    match fault {
        Some(fault) => command.env("PETROCHIP_FAULT", fault),
        None => command.env_remove("PETROCHIP_FAULT"),
    };
    command.output().expect("the binary runs")
}

type Snapshot = BTreeMap<String, Vec<u8>>;

/// Every file under `dir` (the site's pages under `site/`), by `/`-separated path.
fn snapshot(dir: &Path) -> Snapshot {
    common::files(dir)
}

/// The publish step's crash checkpoints come two per file at the top of the output, and two
/// for the whole `site/` folder, whatever its number of pages.
fn written(files: &Snapshot) -> usize {
    let top: std::collections::BTreeSet<&str> = files
        .keys()
        .map(|path| path.split('/').next().unwrap_or(path))
        .collect();
    assert!(top.contains("site"), "the output has its site");
    top.len()
}

fn restore(dir: &Path, files: &Snapshot) {
    if dir.exists() {
        fs::remove_dir_all(dir).unwrap();
    }
    fs::create_dir_all(dir).unwrap();
    for (name, bytes) in files {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
}

/// Names beside `output/` other than the inputs, the lock, the set the last run replaced, its
/// record of the files it published and the run log: leftovers of a killed run.
fn leftovers(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            !matches!(
                n.as_str(),
                "raw"
                    | "output"
                    | ".output.lock"
                    | ".output.replaced"
                    | ".output.vouched"
                    | ".petrochip"
            )
        })
        .collect();
    names.sort();
    names
}

/// Waits (a minute at most) until a run has made its staging folder beside `output/`: it then
/// holds the lock and is writing.
fn wait_for_staging(dir: &Path) {
    let start = Instant::now();
    while !leftovers(dir)
        .iter()
        .any(|n| n.starts_with(".output.staging-"))
    {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no staging folder"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A workspace whose `output/` holds the tables of `raw/` (old), and whose `raw/` then changes
/// one figure, so a new run publishes a different set (new). Returns both sets.
fn old_and_new() -> (common::Workspace, Snapshot, Snapshot) {
    let dir = workspace();
    assert_eq!(petrochip(dir.path(), &["run"], None).status.code(), Some(0));
    let old = snapshot(&dir.path().join("output"));
    let figures = dir.path().join("raw/sources/muller_park_2024/figures.csv");
    let text = fs::read_to_string(&figures).unwrap();
    // The quote still says "trois": the row says it is the analyst's reading, or the run
    // refuses it.
    assert_eq!(text.matches(",cofounders,trois,,,,,,25,").count(), 1);
    fs::write(
        &figures,
        text.replace(
            ",cofounders,trois,,,,,,25,",
            ",cofounders,quatre,,,,analyst_reading,Edited by a test,25,",
        ),
    )
    .unwrap();
    assert_eq!(
        petrochip(dir.path(), &["run", "--out", "new"], None)
            .status
            .code(),
        Some(0)
    );
    let new = snapshot(&dir.path().join("new"));
    fs::remove_dir_all(dir.path().join("new")).unwrap();
    fs::remove_file(dir.path().join(".new.lock")).unwrap();
    fs::remove_file(dir.path().join(".new.vouched")).unwrap();
    assert_ne!(old, new);
    (dir, old, new)
}

/// What one kill left, for the runner's last checks.
#[derive(Default)]
struct Seen {
    /// A kill fell after the exchange: output/ was already the new set.
    new_before_exit: bool,
    /// A kill fell between the fallback's two renames: output/ was absent.
    gap: bool,
}

/// Kills a run at checkpoint 1, 2, … until a run is no longer killed, on `WORKERS` threads
/// each with its own workspace (a run mostly waits for the disk), checking after each kill
/// what the caller's `check` says output/ may be, then that the next run publishes the new set
/// and leaves nothing behind. Returns the number of checkpoints and what the kills left.
fn kill_at_every_checkpoint(
    env: &[(&str, &str)],
    check: impl Fn(&Path, &Snapshot, &Snapshot, usize, &mut Seen) + Sync,
) -> (usize, usize, Seen) {
    const WORKERS: usize = 2;
    let next = std::sync::atomic::AtomicUsize::new(1);
    let end = std::sync::atomic::AtomicUsize::new(usize::MAX);
    let run = |dir: &Path, fault: Option<String>| {
        let mut command = Command::new(BIN);
        command
            .args(["run"])
            .current_dir(dir)
            .env_remove("RUST_LOG");
        command.envs(env.iter().copied());
        match fault {
            Some(fault) => command.env("PETROCHIP_FAULT", fault),
            None => command.env_remove("PETROCHIP_FAULT"),
        };
        command.output().expect("the binary runs")
    };
    let results: Vec<(usize, Vec<usize>, Seen)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..WORKERS)
            .map(|_| {
                scope.spawn(|| {
                    let (dir, old, new) = old_and_new();
                    let output = dir.path().join("output");
                    let (mut killed, mut seen) = (Vec::new(), Seen::default());
                    loop {
                        let n = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        if n > end.load(std::sync::atomic::Ordering::SeqCst) {
                            break;
                        }
                        restore(&output, &old);
                        let outcome = run(dir.path(), Some(format!("kill:{n}")));
                        check(dir.path(), &old, &new, n, &mut seen);
                        if outcome.status.code() == Some(0) {
                            // Past the last checkpoint: the run was not killed.
                            assert_eq!(snapshot(&output), new, "checkpoint {n}: not killed");
                            end.fetch_min(n, std::sync::atomic::Ordering::SeqCst);
                            break;
                        }
                        assert_eq!(outcome.status.code(), None, "checkpoint {n}: killed");
                        seen.new_before_exit |= output.exists() && snapshot(&output) == new;
                        killed.push(n);
                        let had_leftovers = !leftovers(dir.path()).is_empty();
                        let after = run(dir.path(), None);
                        assert_eq!(after.status.code(), Some(0), "the run after checkpoint {n}");
                        assert_eq!(snapshot(&output), new, "the run after checkpoint {n}");
                        assert_eq!(
                            leftovers(dir.path()),
                            Vec::<String>::new(),
                            "checkpoint {n}"
                        );
                        let stderr = String::from_utf8_lossy(&after.stderr);
                        assert_eq!(
                            had_leftovers,
                            stderr.contains("left by a petrochip run"),
                            "checkpoint {n}: the next run says what it cleaned up: {stderr}"
                        );
                    }
                    (written(&old), killed, seen)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("a worker passed"))
            .collect()
    });
    let end = end.into_inner();
    let mut killed: Vec<usize> = results.iter().flat_map(|r| r.1.iter().copied()).collect();
    killed.sort_unstable();
    assert_eq!(
        killed,
        (1..end).collect::<Vec<_>>(),
        "every checkpoint before {end} killed the run"
    );
    let seen = results.iter().fold(Seen::default(), |all, r| Seen {
        new_before_exit: all.new_before_exit || r.2.new_before_exit,
        gap: all.gap || r.2.gap,
    });
    (results[0].0, killed.len(), seen)
}

#[test]
fn a_run_killed_at_any_checkpoint_leaves_the_old_or_the_new_output_whole() {
    let (files, killed, seen) = kill_at_every_checkpoint(&[], |dir, old, new, n, _| {
        let now = snapshot(&dir.join("output"));
        assert!(
            now == *old || now == *new,
            "killed at checkpoint {n}: output/ is neither the old nor the new set"
        );
    });
    // One per file (the site's pages count as one), one before syncing them all, one before
    // the exchange, one before syncing the folder, one before keeping the old set.
    assert_eq!(killed, files + 4, "every checkpoint was tried");
    let readme = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md is readable");
    assert!(
        readme.contains(&format!(
            "every one of the publish step's {killed} checkpoints"
        )),
        "README.md gives another number of checkpoints than the {killed} killed here"
    );
    assert!(seen.new_before_exit, "no kill fell after the exchange");
}

#[test]
fn a_full_disk_mid_publish_fails_cleanly_and_keeps_the_old_output() {
    let (dir, old, new) = old_and_new();
    let output = dir.path().join("output");
    // One checkpoint per file (before writing it), one before syncing them all, then one
    // before the exchange, one before syncing the folder, one before keeping the old set.
    let exchange = written(&old) + 2;
    for n in [1, 2, 17, 60, exchange - 1, exchange] {
        let run = petrochip(dir.path(), &["run"], Some(&format!("enospc:{n}")));
        assert_eq!(run.status.code(), Some(1), "enospc at {n}");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(
            stderr.starts_with(
                "error: the tables could not be published (1 problem); the run stopped at publish:\n  "
            ) && stderr.contains(": cannot write: No space left on device (os error 28); check that the folder exists, is writable and that the disk has room\n")
                && stderr.ends_with("Nothing was written: the previous output is unchanged.\n"),
            "enospc at {n}: {stderr}"
        );
        assert_eq!(snapshot(&output), old, "enospc at {n}");
        assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    }
    // After the exchange the new set is in place: failing to keep the old one (for the next run
    // to stage in) is a warning, and the next run removes it.
    let run = petrochip(
        dir.path(),
        &["run"],
        Some(&format!("enospc:{}", exchange + 2)),
    );
    assert_eq!(run.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&run.stderr)
            .contains("could not keep or remove the previous output")
    );
    assert_eq!(snapshot(&output), new);
    assert_eq!(leftovers(dir.path()).len(), 1);
    let run = petrochip(dir.path(), &["run"], None);
    assert_eq!(run.status.code(), Some(0));
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

#[test]
fn a_second_run_on_the_same_output_exits_3_naming_the_holder_or_waits() {
    let (dir, old, new) = old_and_new();
    let lock_path = dir.path().join(".output.lock");
    let lock = fs::File::options()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&lock_path)
        .unwrap();
    lock.try_lock().unwrap();
    fs::write(
        &lock_path,
        "held by petrochip process 4242, since 1700000000 (Unix time)",
    )
    .unwrap();

    let run = petrochip(dir.path(), &["run"], None);
    assert_eq!(run.status.code(), Some(3));
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        "error: the tables could not be published (1 problem); the run stopped at publish:\n  \
         ./.output.lock: another petrochip run is publishing here (held by petrochip process 4242, since 1700000000 (Unix time)); wait for it to finish, or pass --wait to queue behind it\n\
         Nothing was written: the previous output is unchanged.\n"
    );
    assert_eq!(snapshot(&dir.path().join("output")), old);

    let mut waiting = Command::new(BIN)
        .args(["run", "--wait"])
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert!(waiting.try_wait().unwrap().is_none(), "--wait waits");
    assert_eq!(snapshot(&dir.path().join("output")), old);
    drop(lock);
    let start = Instant::now();
    let status = waiting.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    assert!(start.elapsed() < Duration::from_secs(60));
    assert_eq!(snapshot(&dir.path().join("output")), new);
}

#[test]
fn a_lock_left_by_a_killed_run_does_not_block_the_next() {
    let (dir, _, new) = old_and_new();
    // A run killed after taking the lock leaves the file, holding its description.
    let run = petrochip(dir.path(), &["run"], Some("kill:1"));
    assert_eq!(run.status.code(), None);
    assert!(
        fs::read_to_string(dir.path().join(".output.lock"))
            .unwrap()
            .starts_with("held by petrochip process ")
    );
    let run = petrochip(dir.path(), &["run"], None);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(snapshot(&dir.path().join("output")), new);
}

/// Folders beside `output/` whose names only look like petrochip's (no process id, or a link)
/// belong to someone else: a run leaves them and what they hold alone.
#[test]
fn folders_that_only_look_like_leftovers_are_left_alone() {
    let dir = workspace();
    let mine = [
        ".output.staging-notes",
        ".output.previous-",
        ".output.previous-12a",
    ];
    for name in mine {
        fs::create_dir(dir.path().join(name)).unwrap();
        fs::write(dir.path().join(name).join("keep.txt"), "mine\n").unwrap();
    }
    std::os::unix::fs::symlink("raw", dir.path().join(".output.staging-42")).unwrap();
    let run = petrochip(dir.path(), &["run"], None);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    for name in mine {
        assert_eq!(
            fs::read_to_string(dir.path().join(name).join("keep.txt")).unwrap(),
            "mine\n"
        );
    }
    let link = fs::symlink_metadata(dir.path().join(".output.staging-42")).unwrap();
    assert!(link.file_type().is_symlink());
    assert!(dir.path().join("raw/entities.csv").exists());
    // A real leftover (petrochip's name with a process id) is still removed.
    fs::create_dir(dir.path().join(".output.staging-999999")).unwrap();
    let run = petrochip(dir.path(), &["run", "--force"], None);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(!dir.path().join(".output.staging-999999").exists());
}

#[test]
fn an_out_whose_parent_does_not_exist_yet_is_created() {
    let dir = workspace();
    let run = petrochip(dir.path(), &["run", "--out", "a/b/output"], None);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(dir.path().join("a/b/output/figures.parquet").exists());
}

/// The fallback for file systems without an atomic exchange (two renames), forced with
/// PETROCHIP_TWO_RENAMES=1 and killed at every checkpoint: output/ is the old set or the new
/// one, or, killed between the renames, absent with the old set whole beside it; the next run
/// restores or publishes, and never deletes the only copy.
#[test]
fn the_two_rename_fallback_killed_at_any_checkpoint_loses_nothing() {
    let (files, killed, seen) = kill_at_every_checkpoint(
        &[("PETROCHIP_TWO_RENAMES", "1")],
        |dir, old, new, n, seen| {
            let output = dir.join("output");
            if output.exists() {
                let now = snapshot(&output);
                assert!(
                    now == *old || now == *new,
                    "checkpoint {n}: a mixed output/"
                );
            } else {
                // Between the two renames: the old set must be whole beside it.
                let previous: Vec<String> = leftovers(dir)
                    .into_iter()
                    .filter(|n| n.starts_with(".output.previous-"))
                    .collect();
                assert_eq!(previous.len(), 1, "checkpoint {n}: {previous:?}");
                assert_eq!(snapshot(&dir.join(&previous[0])), *old, "checkpoint {n}");
                seen.gap = true;
            }
        },
    );
    // One per file, one before the sync, one before the swap, one before each rename, the
    // folder sync, keeping the old set.
    assert_eq!(killed, files + 6, "every checkpoint was tried");
    assert!(seen.gap, "no kill fell between the two renames");
}

/// Ctrl-C or SIGTERM in the middle of publishing: the staging folder is removed, output/ is the
/// old set, and the process ends as the signal asks (128 + its number).
#[test]
fn an_interrupted_run_leaves_nothing_behind() {
    let (dir, old, _) = old_and_new();
    for (signal, code) in [("INT", 130), ("TERM", 143)] {
        let child = Command::new(BIN)
            .args(["run", "--force"])
            .current_dir(dir.path())
            .env("PETROCHIP_FAULT", "pause:5")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        wait_for_staging(dir.path());
        let killed = Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(code), "SIG{signal}");
        assert_eq!(leftovers(dir.path()), Vec::<String>::new(), "SIG{signal}");
        assert_eq!(snapshot(&dir.path().join("output")), old, "SIG{signal}");
    }
}

/// A signal that lands while files are still being written into the staging folder (no pause):
/// the folder is removed all the same, even though the run keeps adding files to it meanwhile.
/// Each attempt ends interrupted with the old set, or finished with the new set if the signal
/// came late; never with a staging folder left.
#[test]
fn a_signal_during_the_writes_leaves_nothing_behind() {
    let (dir, old, new) = old_and_new();
    let mut interrupted = 0;
    for _ in 0..12 {
        let child = Command::new(BIN)
            .args(["run", "--force"])
            .current_dir(dir.path())
            .env_remove("PETROCHIP_FAULT")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        let mut seen = false;
        while start.elapsed() < Duration::from_secs(60) {
            if leftovers(dir.path())
                .iter()
                .any(|n| n.starts_with(".output.staging-"))
            {
                seen = true;
                break;
            }
            std::thread::yield_now();
        }
        let _ = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let out = child.wait_with_output().unwrap();
        assert_eq!(leftovers(dir.path()), Vec::<String>::new());
        match out.status.code() {
            Some(130) => {
                interrupted += 1;
                assert_eq!(snapshot(&dir.path().join("output")), old);
            }
            Some(0) => {
                assert_eq!(snapshot(&dir.path().join("output")), new);
                restore(&dir.path().join("output"), &old);
            }
            other => panic!("exit {other:?} (staging seen: {seen})"),
        }
    }
    assert!(interrupted > 0, "no signal landed before the run ended");
}

/// --wait=SECS queues behind the holder, then gives up with exit 4 and nothing written, so a
/// stuck run cannot hang cron; a holder that finishes in time lets it publish.
#[test]
fn waiting_for_the_lock_gives_up_after_the_time_given() {
    let (dir, old, new) = old_and_new();
    let lock_path = dir.path().join(".output.lock");
    let lock = fs::File::options()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&lock_path)
        .unwrap();
    lock.try_lock().unwrap();
    fs::write(
        &lock_path,
        "held by petrochip process 4242, since 2026-11-29T00:00:00Z",
    )
    .unwrap();
    let start = Instant::now();
    let run = petrochip(dir.path(), &["run", "--wait=1"], None);
    assert_eq!(run.status.code(), Some(4));
    assert!(start.elapsed() >= Duration::from_secs(1));
    assert!(
        String::from_utf8_lossy(&run.stderr).contains(
            "./.output.lock: another petrochip run still held the lock after 1 s (held by petrochip process 4242, since 2026-11-29T00:00:00Z); nothing was written: look at that run, or retry"
        ),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(snapshot(&dir.path().join("output")), old);
    // A holder that lets go within the time: the waiting run publishes.
    let waiting = Command::new(BIN)
        .args(["run", "--wait=60"])
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    drop(lock);
    assert_eq!(waiting.wait_with_output().unwrap().status.code(), Some(0));
    assert_eq!(snapshot(&dir.path().join("output")), new);
}

/// Two real petrochip processes on one output: while the first holds the lock (paused in the
/// middle of publishing), a run without --wait exits 3 naming the holder's pid, and a run with
/// --wait queues, starts publishing only once the holder has finished, and publishes whole.
#[test]
fn two_real_runs_take_turns_on_one_output() {
    let (dir, _old, new) = old_and_new();
    let mut holder = Command::new(BIN)
        .args(["run", "--force", "--no-run-log"])
        .current_dir(dir.path())
        .env("PETROCHIP_FAULT", "pause:3:6")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    wait_for_staging(dir.path());
    let refused = petrochip(dir.path(), &["run", "--force", "--no-run-log"], None);
    assert_eq!(refused.status.code(), Some(3));
    let holder_pid = format!("held by petrochip process {}", holder.id());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains(&holder_pid),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let mut waiter = Command::new(BIN)
        .args(["run", "--force", "--no-run-log", "--wait=60"])
        .current_dir(dir.path())
        .env_remove("PETROCHIP_FAULT")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1000));
    assert!(
        holder.try_wait().unwrap().is_none() && waiter.try_wait().unwrap().is_none(),
        "while the holder is paused, the waiter waits"
    );
    let held = holder.wait().unwrap();
    let holder_done = Instant::now();
    assert_eq!(held.code(), Some(0));
    let out = waiter.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    // The waiter could only publish after the holder released the lock, which took its pause.
    assert!(start.elapsed() >= Duration::from_secs(6));
    assert!(holder_done.elapsed() < Duration::from_secs(60));
    assert_eq!(snapshot(&dir.path().join("output")), new);
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

/// Every file under `dir` with its inode and number of names.
fn inodes(dir: &Path) -> BTreeMap<String, (u64, u64)> {
    use std::os::unix::fs::MetadataExt as _;
    snapshot(dir)
        .into_keys()
        .map(|name| {
            let meta = fs::metadata(dir.join(&name)).unwrap();
            (name, (meta.ino(), meta.nlink()))
        })
        .collect()
}

/// A forced rerun reuses each file whose bytes are unchanged (no copy to write, sync or free),
/// and writes afresh every file that changed, including one edited by hand in `output/`,
/// whatever the old manifest says of it. The set it replaces is kept beside `output/` as
/// `.output.replaced`, sharing the unchanged files, and the next run stages in it: a rerun with
/// nothing changed keeps every file, the same inodes with the same two names.
#[test]
fn a_rerun_reuses_unchanged_files_and_rewrites_the_rest() {
    let (dir, old, new) = old_and_new();
    let output = dir.path().join("output");
    let kept = dir.path().join(".output.replaced");
    let before = inodes(&output);
    // By hand: one byte of a file that the edit to raw/ does not change.
    let countries = output.join("countries.csv");
    let mut edited = fs::read(&countries).unwrap();
    edited.push(b'\n');
    fs::write(&countries, &edited).unwrap();

    let run = petrochip(dir.path(), &["run", "--force"], None);
    assert_eq!(run.status.code(), Some(0));
    assert_eq!(snapshot(&output), new);
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    // The replaced set is kept whole, as it was: the edited file and the changed ones in their
    // old versions.
    let mut replaced = old.clone();
    replaced.insert("countries.csv".into(), edited);
    assert_eq!(snapshot(&kept), replaced);
    let after = inodes(&output);
    let kept_inodes = inodes(&kept);
    assert_eq!(old["countries.csv"], new["countries.csv"]);
    assert_ne!(
        after["countries.csv"].0, before["countries.csv"].0,
        "the edited file was reused"
    );
    for name in [
        "currencies.csv",
        "figures.csv",
        "site/source-muller_park_2024.html",
    ] {
        if old[name] == new[name] {
            // Unchanged: the same file, under its old name and in the output.
            assert_eq!(after[name], (before[name].0, 2), "{name}");
            assert_eq!(kept_inodes[name], after[name], "{name}");
        } else {
            // Changed by the edit to raw/: a new file, alone.
            assert_ne!(after[name].0, before[name].0, "{name}");
            assert_eq!(after[name].1, 1, "{name}");
        }
    }
    assert_ne!(old["figures.csv"], new["figures.csv"]);
    assert_ne!(
        old["site/source-muller_park_2024.html"],
        new["site/source-muller_park_2024.html"]
    );
    assert_eq!(old["currencies.csv"], new["currencies.csv"]);

    // Nothing changed: every file is kept (validation.json too, compared as it is streamed),
    // and each is now shared with the kept set.
    let run = petrochip(dir.path(), &["run", "--force"], None);
    assert_eq!(run.status.code(), Some(0));
    assert_eq!(snapshot(&output), new);
    assert_eq!(snapshot(&kept), new);
    let again = inodes(&output);
    for (name, (inode, _)) in &after {
        assert_eq!(again[name], (*inode, 2), "{name}");
    }
    assert_eq!(inodes(&kept), again);
    let run = petrochip(dir.path(), &["run", "--force"], None);
    assert_eq!(run.status.code(), Some(0));
    assert_eq!(inodes(&output), again);
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

/// Edits `path` as a careless hand might, unseen by length or modification time: one letter
/// upper-cased, then the modification time put back. Only the change time, which the kernel
/// sets, tells.
fn edit_in_place_unseen_by_mtime(path: &Path) {
    let meta = fs::metadata(path).unwrap();
    let mtime = meta.modified().unwrap();
    let mut edited = fs::read(path).unwrap();
    let at = edited.iter().position(u8::is_ascii_lowercase).unwrap();
    edited[at] = edited[at].to_ascii_uppercase();
    fs::write(path, &edited).unwrap();
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_modified(mtime).unwrap();
    drop(file);
    let after = fs::metadata(path).unwrap();
    assert_eq!(after.modified().unwrap(), mtime);
    assert_eq!(after.len(), meta.len());
}

/// A rerun takes each file the runs before left unchanged on the record the last one wrote
/// beside `output/` (`.output.vouched`), without reading it back; a file edited since is
/// compared and written afresh, even one edited to its own length with its modification time
/// put back: the record holds the change time too, which only the kernel sets.
#[test]
fn a_rerun_takes_unchanged_files_on_their_record_but_never_an_edited_one() {
    let dir = workspace();
    let taken = || -> usize {
        let run = petrochip(dir.path(), &["-vv", "run", "--force"], None);
        let log = String::from_utf8_lossy(&run.stderr).into_owned();
        assert_eq!(run.status.code(), Some(0), "{log}");
        let line = log
            .lines()
            .find(|l| l.contains("files taken on their record, unread"))
            .expect("the count is logged");
        line.rsplit("files=")
            .next()
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    };
    // The third run's files are all older than the record it leaves: none changed in the
    // record's own clock tick, so none is held back as possibly changed unseen.
    for _ in 0..3 {
        forced(dir.path());
    }
    let output = dir.path().join("output");
    let published = snapshot(&output);
    let before = inodes(&output);
    // Every file but the manifest (rewritten every run) and validation.json (compared as it is
    // streamed, before its hash is known).
    assert_eq!(taken(), published.len() - 2);
    assert_eq!(inodes(&output), before, "every file kept as it was");

    edit_in_place_unseen_by_mtime(&output.join("countries.csv"));

    assert_eq!(taken(), published.len() - 3, "all but the edited file");
    assert_eq!(snapshot(&output), published);
    assert_ne!(
        inodes(&output)["countries.csv"].0,
        before["countries.csv"].0
    );
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

/// A rerun with nothing to do takes the output files on the same record instead of reading
/// and hashing them (2 GB at 10,000 sources), and still finds a file edited to its own length
/// with its modification time put back: the output is stale and the run restores it.
#[test]
fn an_up_to_date_check_takes_unchanged_outputs_on_their_record_but_never_an_edited_one() {
    let dir = workspace();
    // (files taken on their record, whether the output was up to date)
    let check = || -> (usize, bool) {
        let run = petrochip(dir.path(), &["-vv", "run"], None);
        let log = String::from_utf8_lossy(&run.stderr).into_owned();
        assert_eq!(run.status.code(), Some(0), "{log}");
        let line = log
            .lines()
            .find(|l| l.contains("outputs taken on their record, unread"))
            .expect("the count is logged");
        let taken = line
            .rsplit("files=")
            .next()
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        let fresh = String::from_utf8_lossy(&run.stdout).contains("is up to date");
        (taken, fresh)
    };
    // As above: the third run's files are all older than the record it leaves.
    for _ in 0..3 {
        forced(dir.path());
    }
    let output = dir.path().join("output");
    let published = snapshot(&output);
    // Every file but the manifest, which lists the others and is not listed itself.
    assert_eq!(check(), (published.len() - 1, true));

    edit_in_place_unseen_by_mtime(&output.join("countries.csv"));

    let (_, fresh) = check();
    assert!(!fresh, "an edited output is never up to date");
    assert_eq!(snapshot(&output), published);
}

/// What sits at `.output.replaced` is only ever staged in when it is a real folder with a
/// manifest, and what it holds is compared, never trusted: a link there, or a folder without a
/// manifest, is left alone (and the replaced set removed instead of kept), a file put into it
/// by hand is not published, a stale page is swept.
#[test]
fn the_kept_set_is_compared_never_trusted() {
    let (dir, _, new) = old_and_new();
    let output = dir.path().join("output");
    let kept = dir.path().join(".output.replaced");
    forced(dir.path());
    assert_eq!(snapshot(&output), new);
    // Files a run would not write, and a changed copy of one it would.
    fs::write(kept.join("notes.txt"), "mine\n").unwrap();
    fs::write(kept.join("site/stale.html"), "old page\n").unwrap();
    fs::remove_file(kept.join("currencies.csv")).unwrap();
    fs::write(kept.join("currencies.csv"), "code\nXXX\n").unwrap();
    fs::create_dir_all(kept.join("figures/source_id=gone")).unwrap();
    fs::write(kept.join("figures/source_id=gone/part-0.parquet"), "x").unwrap();
    forced(dir.path());
    assert_eq!(snapshot(&output), new);
    // A link in its place leads nowhere petrochip writes: it is left as it is.
    fs::remove_dir_all(&kept).unwrap();
    let elsewhere = dir.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &kept).unwrap();
    forced(dir.path());
    assert_eq!(snapshot(&output), new);
    assert!(
        fs::symlink_metadata(&kept)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
    assert_eq!(leftovers(dir.path()), ["elsewhere"]);
    // A folder of that name without a manifest is someone else's: left as it is.
    fs::remove_file(&kept).unwrap();
    fs::create_dir(&kept).unwrap();
    fs::write(kept.join("notes.txt"), "mine\n").unwrap();
    forced(dir.path());
    assert_eq!(snapshot(&output), new);
    assert_eq!(
        fs::read_to_string(kept.join("notes.txt")).unwrap(),
        "mine\n"
    );
    assert_eq!(fs::read_dir(&kept).unwrap().count(), 1);
}

/// A forced run in `dir` that must succeed.
fn forced(dir: &Path) {
    let run = petrochip(dir, &["run", "--force"], None);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

//! Folders a run is writing and must not leave behind if it is interrupted: Ctrl-C (SIGINT),
//! SIGTERM or SIGHUP remove them, then end the process as the signal would. A `kill -9` cannot
//! be caught; the next run removes what it left (see `publish`).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

static PATHS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Remove `path` if the process is interrupted before [`unregister`].
pub fn register(path: &Path) {
    if let Ok(mut paths) = PATHS.lock() {
        paths.push(path.to_path_buf());
    }
}

/// Creates the folder `path` and registers it in one step, under the lock the signal thread
/// takes: a signal arriving in between would otherwise find nothing to remove, then exit while
/// the folder appears.
pub fn create_dir(path: &Path) -> std::io::Result<()> {
    let mut paths = PATHS
        .lock()
        .map_err(|_| std::io::Error::other("cleanup list poisoned"))?;
    // Not `create_dir_all`: a folder already there (one a killed run left that could not be
    // removed) holds what no run listed, and must not be published.
    std::fs::create_dir(path)?;
    paths.push(path.to_path_buf());
    Ok(())
}

/// Renames the folder `from` to `path` and registers `path`, in one step under the same lock
/// as [`create_dir`]: the kept set a run stages in is removed on a signal like a folder it made.
pub fn rename(from: &Path, path: &Path) -> std::io::Result<()> {
    let mut paths = PATHS
        .lock()
        .map_err(|_| std::io::Error::other("cleanup list poisoned"))?;
    std::fs::rename(from, path)?;
    paths.push(path.to_path_buf());
    Ok(())
}

pub fn unregister(path: &Path) {
    if let Ok(mut paths) = PATHS.lock() {
        paths.retain(|p| p != path);
    }
}

/// Starts the thread that waits for the signals; called once, by the command line.
pub fn install() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            // The guard is held until the process ends, so the main thread can neither create a
            // folder nor report its own error in the meantime.
            let paths = PATHS
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            for path in paths.iter() {
                remove_while_written(path);
            }
            std::process::exit(128 + signal);
        }
    });
}

/// The main thread may still be writing into `path`: a file created while `remove_dir_all`
/// walks it makes the last `rmdir` fail. Once the folder itself is gone nothing can be created
/// in it, so a few attempts are enough.
fn remove_while_written(path: &Path) {
    for _ in 0..100 {
        if std::fs::remove_dir_all(path).is_ok() || std::fs::symlink_metadata(path).is_err() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

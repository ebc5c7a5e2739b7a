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
            if let Ok(paths) = PATHS.lock() {
                for path in paths.iter() {
                    let _ = std::fs::remove_dir_all(path);
                }
            }
            std::process::exit(128 + signal);
        }
    });
}

//! A fault-injection hook for the crash tests: `PETROCHIP_FAULT=kill:N` aborts the process at
//! the Nth checkpoint of the publish step (as `kill -9` would: no cleanup runs), and
//! `PETROCHIP_FAULT=enospc:N` makes the Nth checkpoint fail as a full disk does, and
//! `PETROCHIP_FAULT=pause:N[:SECS]` waits there (to interrupt a run mid-publish, or race
//! another against it). Unset, each checkpoint costs one relaxed atomic increment.

use std::io;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

enum Fault {
    Kill(usize),
    NoSpace(usize),
    /// Waits at the checkpoint (30 s, or the seconds given: `pause:N:SECS`), so a test can
    /// interrupt a run, or race another against it, in the middle of publishing.
    Pause(usize, u64),
}

fn fault() -> Option<&'static Fault> {
    static FAULT: OnceLock<Option<Fault>> = OnceLock::new();
    FAULT
        .get_or_init(|| {
            let spec = std::env::var("PETROCHIP_FAULT").ok()?;
            let (kind, rest) = spec.split_once(':')?;
            let (at, seconds) = match rest.split_once(':') {
                Some((at, seconds)) => (at, seconds.parse().ok()?),
                None => (rest, 30),
            };
            let at = at.parse().ok()?;
            match kind {
                "kill" => Some(Fault::Kill(at)),
                "enospc" => Some(Fault::NoSpace(at)),
                "pause" => Some(Fault::Pause(at, seconds)),
                _ => None,
            }
        })
        .as_ref()
}

/// One point of the publish step where a crash or a write error may strike.
pub fn checkpoint() -> io::Result<()> {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let n = COUNT.fetch_add(1, Ordering::Relaxed) + 1;
    match fault() {
        Some(Fault::Kill(at)) if *at == n => std::process::abort(),
        // ENOSPC, so the message is the one a full disk gives.
        Some(Fault::NoSpace(at)) if *at == n => Err(io::Error::from_raw_os_error(28)),
        Some(Fault::Pause(at, seconds)) if *at == n => {
            std::thread::sleep(std::time::Duration::from_secs(*seconds));
            Ok(())
        }
        _ => Ok(()),
    }
}

//! One publisher at a time per `--out`: an advisory lock (`flock`) on a file beside it. The
//! kernel drops the lock when its process dies, so a lock left by a killed run never blocks
//! the next one; the file itself stays, holding the last holder's description.

use std::fs::{File, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::Path;

use super::{PublishError, io_error};

/// What to do when another run holds the lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Fail at once (exit 3).
    No,
    /// Queue behind it.
    Yes,
}

/// Held until dropped.
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

pub fn acquire(path: &Path, wait: Wait) -> Result<Lock, PublishError> {
    use std::os::unix::fs::OpenOptionsExt;
    // Never follow a link: a lock file replaced by a link to any file would be truncated below
    // (for a root cron job, any file at all).
    let mut file = File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(path)
        .map_err(io_error(path))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) if wait == Wait::Yes => {
            tracing::warn!(
                "{}: another run is publishing; waiting for it",
                path.display()
            );
            file.lock().map_err(io_error(path))?;
        }
        Err(TryLockError::WouldBlock) => {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            let holder = match holder.trim() {
                "" => "a process that has not yet said who it is".to_string(),
                text => text.to_string(),
            };
            return Err(PublishError::Locked {
                path: path.display().to_string(),
                holder,
            });
        }
        Err(TryLockError::Error(e)) => return Err(io_error(path)(e)),
    }
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let me = format!(
        "held by petrochip process {}, since {since} (Unix time)",
        std::process::id()
    );
    let write = file
        .set_len(0)
        .and_then(|()| file.rewind())
        .and_then(|()| file.write_all(me.as_bytes()));
    write.map_err(io_error(path))?;
    Ok(Lock { _file: file })
}

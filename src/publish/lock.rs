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
    /// Queue behind it, and give up after this long (exit 4).
    For(std::time::Duration),
}

/// Held until dropped.
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

/// Who holds the lock, as its holder wrote it in the file.
fn holder_of(file: &mut File) -> String {
    let mut holder = String::new();
    let _ = file
        .rewind()
        .and_then(|()| file.read_to_string(&mut holder));
    match holder.trim() {
        "" => "a process that has not yet said who it is".to_string(),
        text => text.to_string(),
    }
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
        Err(TryLockError::WouldBlock) if matches!(wait, Wait::For(_)) => {
            let Wait::For(limit) = wait else {
                unreachable!("matched above")
            };
            tracing::warn!(
                "{}: another run is publishing; waiting for it, {} s at most",
                path.display(),
                limit.as_secs()
            );
            let start = std::time::Instant::now();
            loop {
                std::thread::sleep(std::time::Duration::from_millis(50));
                match file.try_lock() {
                    Ok(()) => break,
                    Err(TryLockError::WouldBlock) if start.elapsed() < limit => {}
                    Err(TryLockError::WouldBlock) => {
                        return Err(PublishError::WaitedTooLong {
                            path: path.display().to_string(),
                            holder: holder_of(&mut file),
                            secs: limit.as_secs(),
                        });
                    }
                    Err(TryLockError::Error(e)) => return Err(io_error(path)(e)),
                }
            }
        }
        Err(TryLockError::WouldBlock) => {
            return Err(PublishError::Locked {
                path: path.display().to_string(),
                holder: holder_of(&mut file),
            });
        }
        Err(TryLockError::Error(e)) => return Err(io_error(path)(e)),
    }
    let since: chrono::DateTime<chrono::Utc> = std::time::SystemTime::now().into();
    let me = format!(
        "held by petrochip process {}, since {}",
        std::process::id(),
        since.format("%Y-%m-%dT%H:%M:%SZ")
    );
    let write = file
        .set_len(0)
        .and_then(|()| file.rewind())
        .and_then(|()| file.write_all(me.as_bytes()));
    write.map_err(io_error(path))?;
    Ok(Lock { _file: file })
}

//! One measured child process: wall time, CPU time and peak memory, from `wait4`'s usage of
//! that child alone (getrusage of all children would mix runs together).

use std::process::Command;
use std::time::{Duration, Instant};

/// What one run of a child cost.
pub struct Usage {
    pub wall: Duration,
    /// User and system CPU time: on a machine shared with other jobs, steadier than the wall.
    pub cpu: Duration,
    /// Peak resident memory, in bytes.
    pub peak: u64,
    pub success: bool,
}

/// Runs `command` to its end and reaps it with `wait4`.
// The child is reaped by wait4, which std's Child cannot do, since it also returns the usage.
#[allow(clippy::zombie_processes)]
pub fn run(command: &mut Command) -> Usage {
    let start = Instant::now();
    let child = command.spawn().expect("the program starts");
    let pid = libc::pid_t::try_from(child.id()).expect("a pid fits pid_t");
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value, and wait4 writes only through the two pointers,
    // which live until it returns.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    assert_eq!(reaped, pid, "wait4 reaps the run");
    let time = |t: libc::timeval| {
        Duration::from_secs(u64::try_from(t.tv_sec).unwrap_or(0))
            + Duration::from_micros(u64::try_from(t.tv_usec).unwrap_or(0))
    };
    Usage {
        wall,
        cpu: time(usage.ru_utime) + time(usage.ru_stime),
        peak: u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024,
        success: libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
    }
}

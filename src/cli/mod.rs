//! One file per subcommand that has more than a line or two to do (`tables` and
//! `completions` stay in `main.rs`), what the commands that build the dataset share
//! (`outcome`), and the log lines (`logging`).

pub mod check;
pub mod coverage;
pub mod diff;
pub mod docs;
pub mod init;
pub mod logging;
pub mod man;
pub mod outcome;
pub mod run;
pub mod sheets;
pub mod sources;
pub mod validate;

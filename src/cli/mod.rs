//! One file per subcommand that has more than a line or two to do (the others are still in
//! `main.rs`), and what the commands that build the dataset share (`outcome`).

pub mod check;
pub mod diff;
pub mod docs;
pub mod outcome;
pub mod run;
pub mod validate;

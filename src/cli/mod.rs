//! Subcommands that live in a file of their own (the others are still in `main.rs`).

pub mod docs;

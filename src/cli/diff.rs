//! `petrochip diff`: two output folders compared, tables by their rows, other files byte for
//! byte.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::Format;

#[derive(Args)]
pub struct DiffArgs {
    /// The old output folder.
    pub old: PathBuf,
    /// The new output folder.
    pub new: PathBuf,
    /// text for people, json for scripts.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// With -q, identical folders print nothing (a difference still does).
pub fn command(args: DiffArgs, quiet: bool) -> ExitCode {
    let DiffArgs { old, new, format } = args;
    match petrochip::diff::diff(&old, &new) {
        Ok(diff) => {
            if matches!(format, Format::Json) {
                outln!("{}", diff.json());
            } else if !(quiet && diff.is_identical()) {
                out!("{diff}");
            }
            ExitCode::from(u8::from(!diff.is_identical()))
        }
        Err(error) => {
            eprintln!("error: cannot compare the folders: {error}");
            ExitCode::from(1)
        }
    }
}

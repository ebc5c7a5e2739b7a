//! `petrochip validate`: every stage and gate, nothing written.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::outcome::{bad_report_path, finish, write_report};
use crate::InputArgs;

#[derive(Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// Also write every problem found (errors and warnings) as JSON to this file.
    #[arg(long, value_name = "PATH")]
    pub report: Option<PathBuf>,
}

pub fn command(args: ValidateArgs, quiet: bool) -> ExitCode {
    let ValidateArgs { inputs, report } = args;
    if let Some(code) = bad_report_path(report.as_deref()) {
        return code;
    }
    let outcome = petrochip::build(&inputs.into());
    if let Err(code) = write_report(report.as_deref(), outcome.as_ref()) {
        return code;
    }
    finish(outcome, None, quiet)
}

//! `petrochip sources`: the sources, their rows per table, grounded or not.

use std::process::ExitCode;

use clap::Args;

use super::outcome::{build, print};
use crate::{Format, InputArgs};

#[derive(Args)]
pub struct SourcesArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// text for people, json for scripts.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

pub fn command(args: SourcesArgs) -> ExitCode {
    let SourcesArgs { inputs, format } = args;
    let summary = match build(inputs) {
        Ok(summary) => summary,
        Err(code) => return code,
    };
    let statuses = petrochip::catalog::sources(&summary);
    print(format, || petrochip::catalog::render(&statuses), &statuses);
    ExitCode::SUCCESS
}

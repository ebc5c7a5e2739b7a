//! `petrochip sources`: the sources, their rows per table, grounded or not.

use std::process::ExitCode;

use clap::Args;

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
    match petrochip::build(&inputs.into()) {
        Ok(summary) => {
            let statuses = petrochip::catalog::sources(&summary);
            match format {
                Format::Text => out!("{}", petrochip::catalog::render(&statuses)),
                Format::Json => outln!(
                    "{}",
                    serde_json::to_string_pretty(&statuses).unwrap_or_default()
                ),
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprint!("{}", error.report());
            ExitCode::from(1)
        }
    }
}

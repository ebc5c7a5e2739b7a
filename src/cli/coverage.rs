//! `petrochip coverage`: for each source with a text, every paragraph cited, skipped or left.

use std::process::ExitCode;

use clap::Args;

use crate::{Format, InputArgs};

#[derive(Args)]
pub struct CoverageArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// Only this source.
    #[arg(long, value_name = "SOURCE_ID")]
    pub source: Option<String>,
    /// Only the paragraphs left (neither cited nor skipped).
    #[arg(long)]
    pub left: bool,
    /// text for people, json for scripts.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

pub fn command(args: CoverageArgs) -> ExitCode {
    let CoverageArgs {
        inputs,
        source,
        left,
        format,
    } = args;
    match petrochip::build(&inputs.into()) {
        Ok(summary) => {
            let coverage = petrochip::coverage::coverage(&summary, source.as_deref());
            if let Some(id) = &source
                && coverage.is_empty()
            {
                eprintln!("error: no source {id} in the raw folder; petrochip sources lists them");
                return ExitCode::from(2);
            }
            match format {
                Format::Text => out!("{}", petrochip::coverage::render(&coverage, left)),
                Format::Json => outln!(
                    "{}",
                    serde_json::to_string_pretty(&coverage).unwrap_or_default()
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

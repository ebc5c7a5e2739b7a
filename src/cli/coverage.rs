//! `petrochip coverage`: for each source with a text, every paragraph cited, skipped or left.

use std::process::ExitCode;

use clap::Args;

use super::outcome::{build, print};
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
    let summary = match build(inputs) {
        Ok(summary) => summary,
        Err(code) => return code,
    };
    let coverage = petrochip::coverage::coverage(&summary, source.as_deref());
    if let Some(id) = &source
        && coverage.is_empty()
    {
        eprintln!("error: no source {id} in the raw folder; petrochip sources lists them");
        return ExitCode::from(2);
    }
    print(
        format,
        || petrochip::coverage::render(&coverage, left),
        &coverage,
    );
    ExitCode::SUCCESS
}

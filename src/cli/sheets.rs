//! `petrochip sheets`: the input sheets documented, as Markdown or as a Frictionless package.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::Format;

#[derive(Args)]
pub struct SheetsArgs {
    /// Folder of the analyst's sheets (read for --format json only).
    #[arg(long, env = "PETROCHIP_RAW", default_value = "raw")]
    pub raw: PathBuf,
    /// text for people, json for Frictionless tools.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

pub fn command(args: SheetsArgs) -> ExitCode {
    let SheetsArgs { raw, format } = args;
    let docs = petrochip::sheets::sheets();
    match format {
        Format::Text => out!("{}", petrochip::sheets::render(&docs)),
        Format::Json => match petrochip::sheets::package(&raw, &docs) {
            Ok(package) => out!("{package}"),
            Err(errors) => {
                for error in errors {
                    eprintln!("error: {error}");
                }
                return ExitCode::from(1);
            }
        },
    }
    ExitCode::SUCCESS
}

//! `petrochip check`: whether the committed output is what the inputs produce now; writes
//! nothing.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use crate::{Format, InputArgs};

#[derive(Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// The committed output folder to check.
    #[arg(long, env = "PETROCHIP_OUT", default_value = "output")]
    pub out: PathBuf,
    /// text for people, json for scripts (the diff between --out and what the inputs give).
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// With -q, an up-to-date folder prints nothing.
pub fn command(args: CheckArgs, quiet: bool) -> ExitCode {
    let CheckArgs {
        inputs,
        out,
        format,
    } = args;
    let out = out.as_path();
    let shown = out.display().to_string();
    let shown = shown.trim_end_matches('/');
    let raw = inputs.raw.display().to_string();
    let mut command = "petrochip run".to_string();
    if inputs.raw != Path::new("raw") {
        command.push_str(&format!(" --raw {raw}"));
    }
    if out != Path::new("output") {
        command.push_str(&format!(" --out {shown}"));
    }
    if inputs.require_grounding {
        command.push_str(" --require-grounding");
    }
    let just = if command == "petrochip run" {
        " (or `just run`)"
    } else {
        ""
    };
    match petrochip::check(&inputs.into(), out) {
        Ok(diff) if matches!(format, Format::Json) => {
            outln!("{}", diff.json());
            ExitCode::from(u8::from(!diff.is_identical()))
        }
        Ok(diff) if diff.is_identical() => {
            if !quiet {
                outln!(
                    "{shown}/ is up to date: {} tables, {} rows",
                    diff.tables.len(),
                    diff.rows()
                );
            }
            ExitCode::SUCCESS
        }
        Ok(diff) => {
            outln!(
                "{shown}/ is out of date: what {}/ produces differs from it (old: {shown}/, new: regenerated).",
                raw.trim_end_matches('/')
            );
            outln!();
            out!("{diff}");
            outln!();
            outln!("hint: run `{command}`{just} and commit {shown}/");
            ExitCode::from(1)
        }
        Err(error) => {
            eprint!("{}", error.report());
            ExitCode::from(1)
        }
    }
}

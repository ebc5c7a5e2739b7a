//! `petrochip init`: a new raw folder with the documented layout.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

#[derive(Args)]
pub struct InitArgs {
    /// The folder to create (it must not exist, or be empty).
    pub dir: PathBuf,
}

pub fn command(args: InitArgs, quiet: bool) -> ExitCode {
    let InitArgs { dir } = args;
    match petrochip::init::init(&dir) {
        Ok(files) => {
            if !quiet {
                outln!(
                    "wrote {}/ ({} sheets); check it with: petrochip validate --raw {}",
                    dir.display(),
                    files.len(),
                    dir.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

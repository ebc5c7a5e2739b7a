//! `petrochip docs`: the data-docs site. Without `--out` it is `run` (the site is part of the
//! output set, in `output/site/`); with `--out DIR` it renders the site alone into DIR.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use petrochip::{Inputs, Wait};

#[derive(Args)]
pub struct DocsArgs {
    #[command(flatten)]
    pub inputs: crate::InputArgs,
    /// Render the site alone into this folder (replaced as a whole, only after every check
    /// passed); without it, the site is published in output/site/ with the tables.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// When another run is publishing to the same folder, wait for it instead of exiting with 3.
    #[arg(long)]
    pub wait: bool,
}

pub fn command(args: DocsArgs, quiet: bool) -> ExitCode {
    let inputs: Inputs = args.inputs.into();
    let wait = if args.wait { Wait::Yes } else { Wait::No };
    let Some(out) = args.out else {
        let output = PathBuf::from("output");
        // The tables stay laid out as they are; the site is put back if a run left it out.
        let shape = (petrochip::Layout::of(&output), petrochip::Contents::Output);
        let published = crate::cli::outcome::Published {
            out: &output,
            contents: shape.1,
        };
        return match petrochip::run_laid_out(&inputs, &output, wait, false, shape) {
            Ok(None) => {
                if !quiet {
                    outln!(
                        "output/site/ is up to date with {}/; open output/site/index.html",
                        inputs.raw.display()
                    );
                }
                ExitCode::SUCCESS
            }
            Ok(Some(summary)) => crate::cli::outcome::finish(Ok(summary), Some(published), quiet),
            Err(error) => crate::cli::outcome::finish(Err(error), Some(published), quiet),
        };
    };
    match petrochip::docs(&inputs, &out, wait) {
        Ok(summary) => {
            if !quiet {
                for warning in summary.validated.warnings() {
                    eprintln!("{warning}");
                }
                outln!(
                    "wrote {}/: the site of {} tables and {} rows; open {}/index.html",
                    out.display(),
                    summary.tables(),
                    summary.rows(),
                    out.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprint!("{}", error.report());
            eprintln!("Nothing was written: the previous site is unchanged.");
            ExitCode::from(error.exit_code())
        }
    }
}

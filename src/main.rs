//! The command line: parses arguments, sets up logging, calls the library, maps the outcome to
//! an exit code (0 success, 1 input, validation or write failure, 2 usage error, 3 another run holds the lock on --out).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use petrochip::{Inputs, Summary, Wait, publish::docs, report};

#[derive(Parser)]
#[command(
    version,
    about = "Turns the article 'Pétrole et semi-conducteurs' into validated CSV and Parquet tables"
)]
#[command(
    after_help = "Exit codes: 0 success, 1 input, validation or write failure (nothing written), 2 usage error, 3 another run is publishing to the same --out (nothing written; retry, or pass --wait)."
)]
struct Cli {
    /// More log output (-v info, -vv debug); RUST_LOG overrides.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    /// Only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read raw/, run every stage and gate, write output/.
    Run {
        #[command(flatten)]
        inputs: InputArgs,
        /// Folder to publish the tables to; replaced as a whole, only after every check passed.
        #[arg(long, default_value = "output")]
        out: PathBuf,
        /// When another run is publishing to --out, wait for it instead of exiting with 3.
        #[arg(long)]
        wait: bool,
        /// Also write every problem found (errors and warnings) as JSON to this file, whether
        /// the run passes or fails.
        #[arg(long, value_name = "PATH")]
        report: Option<PathBuf>,
    },
    /// Run every stage and gate; write nothing.
    Validate {
        #[command(flatten)]
        inputs: InputArgs,
        /// Also write every problem found (errors and warnings) as JSON to this file.
        #[arg(long, value_name = "PATH")]
        report: Option<PathBuf>,
    },
    /// Print the output contract: tables, columns, types, descriptions.
    Tables,
    /// Compare two output folders: tables by their rows (matched by primary key), other files
    /// byte for byte.
    #[command(
        after_help = "Exit codes: 0 identical, 1 the folders differ or one cannot be read, 2 usage error."
    )]
    Diff {
        /// The old output folder.
        old: PathBuf,
        /// The new output folder.
        new: PathBuf,
    },
    /// Regenerate the output into a temporary folder and compare --out with it; writes nothing.
    #[command(
        after_help = "Exit codes: 0 --out is up to date, 1 it differs from what the inputs produce (or the inputs fail a check, or --out cannot be read), 2 usage error."
    )]
    Check {
        #[command(flatten)]
        inputs: InputArgs,
        /// The committed output folder to check.
        #[arg(long, default_value = "output")]
        out: PathBuf,
    },
}

#[derive(Args)]
struct InputArgs {
    /// Folder of the analyst's sheets.
    #[arg(long, default_value = "raw")]
    raw: PathBuf,
    /// The article's text: every quote must occur in the paragraph its row names.
    #[arg(long)]
    source_text: Option<PathBuf>,
}

impl From<InputArgs> for Inputs {
    fn from(args: InputArgs) -> Self {
        Inputs {
            raw: args.raw,
            source_text: args.source_text,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.verbose, cli.quiet);
    let quiet = cli.quiet;
    let outcome = match cli.command {
        Command::Tables => {
            print!("{}", docs::contract_text());
            return ExitCode::SUCCESS;
        }
        Command::Diff { old, new } => return diff(&old, &new),
        Command::Check { inputs, out } => return check(inputs, &out),
        Command::Validate { inputs, report } => {
            (petrochip::build(&inputs.into()).map(|s| (s, None)), report)
        }
        Command::Run {
            inputs,
            out,
            wait,
            report,
        } => {
            let wait = if wait { Wait::Yes } else { Wait::No };
            let outcome = petrochip::run(&inputs.into(), &out, wait).map(|s| (s, Some(out)));
            (outcome, report)
        }
    };
    let (outcome, report_path) = outcome;
    if let Some(path) = &report_path {
        let json = report::report_json(outcome.as_ref().map(|(s, _)| &s.validated));
        if let Err(e) = report::write_report(path, &json) {
            eprintln!(
                "error: {}: cannot write the report: {e}; pass a --report path in a writable folder",
                path.display()
            );
            return ExitCode::from(1);
        }
    }
    match outcome {
        Ok((summary, out)) => {
            if !quiet {
                for warning in summary.validated.warnings() {
                    eprintln!("{warning}");
                }
                print_summary(&summary, out.as_deref());
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprint!("{}", error.report());
            eprintln!("Nothing was written: the previous output is unchanged.");
            ExitCode::from(error.exit_code())
        }
    }
}

fn diff(old: &Path, new: &Path) -> ExitCode {
    match petrochip::diff::diff(old, new) {
        Ok(diff) => {
            print!("{diff}");
            ExitCode::from(u8::from(!diff.is_identical()))
        }
        Err(error) => {
            eprintln!("error: cannot compare the folders: {error}");
            ExitCode::from(1)
        }
    }
}

fn check(args: InputArgs, out: &Path) -> ExitCode {
    let shown = out.display().to_string();
    let shown = shown.trim_end_matches('/');
    let raw = args.raw.display().to_string();
    let mut command = "petrochip run".to_string();
    if args.raw != Path::new("raw") {
        command.push_str(&format!(" --raw {raw}"));
    }
    if out != Path::new("output") {
        command.push_str(&format!(" --out {shown}"));
    }
    if let Some(text) = &args.source_text {
        command.push_str(&format!(" --source-text {}", text.display()));
    }
    let just = if command == "petrochip run" {
        " (or `just run`)"
    } else {
        ""
    };
    match petrochip::check(&args.into(), out) {
        Ok(diff) if diff.is_identical() => {
            println!(
                "{shown}/ is up to date: {} tables, {} rows",
                diff.tables.len(),
                diff.rows()
            );
            ExitCode::SUCCESS
        }
        Ok(diff) => {
            println!(
                "{shown}/ is out of date: what {}/ produces differs from it (old: {shown}/, new: regenerated).",
                raw.trim_end_matches('/')
            );
            println!();
            print!("{diff}");
            println!();
            println!("hint: run `{command}`{just} and commit {shown}/");
            ExitCode::from(1)
        }
        Err(error) => {
            eprint!("{}", error.report());
            ExitCode::from(1)
        }
    }
}

fn print_summary(summary: &Summary, out: Option<&std::path::Path>) {
    let grounded = match summary.grounded_paragraphs {
        Some(n) => format!(", every quote found in its paragraph of the article ({n} paragraphs)"),
        None => String::new(),
    };
    println!(
        "petrochip: {} tables, {} rows, {} checks passed{grounded}",
        summary.tables(),
        summary.rows(),
        summary.checks()
    );
    match out {
        Some(out) => println!(
            "wrote {}/ (<table>.csv and <table>.parquet, datapackage.json, validation.json, README.md):",
            out.display()
        ),
        None => println!("validated only; nothing written:"),
    }
    for table in &summary.validated.dataset().tables {
        println!("  {:<22}{:>5} rows", table.spec.name, table.rows.len());
    }
}

fn init_logging(verbose: u8, quiet: bool) {
    let level = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, _) => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
}

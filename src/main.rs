//! The command line: parses arguments, sets up logging, calls the library, maps the outcome to
//! an exit code (0 success, 1 input, validation or write failure, 2 usage error, 3 another run holds the lock on --out).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand};

/// Standard output for `print!`: a reader that closed the pipe (`petrochip tables | head`) ends
/// the program quietly with success, as Unix tools do, instead of a panic.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = write!(std::io::stdout(), $($arg)*) {
            $crate::closed_pipe(e)
        }
    }};
}

/// [`out!`] with a line end.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout(), $($arg)*) {
            $crate::closed_pipe(e)
        }
    }};
}

mod cli;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turns transparent huge pages off for the process: mimalloc asks for them, and the kernel
/// zeroes each 2 MiB page whole when it is first touched, which was 13 % of a run's CPU on
/// `raw/` and 40 MiB of its 67 MiB peak. Where the kernel refuses, pages stay as they were.
///
/// It runs as a constructor of priority 100, before mimalloc's own (which has none, so runs
/// later) sets up its first arena: called from `main`, it came after the first two huge pages
/// were already zeroed, 5 % of a run's CPU on `raw/`.
#[used]
#[unsafe(link_section = ".init_array.00100")]
static SMALL_PAGES: extern "C" fn() = {
    extern "C" fn small_pages() {
        let _ = rustix::thread::disable_transparent_huge_pages(true);
    }
    small_pages
};

/// `--version`: the release, the contract it writes and the build (the manifest records the
/// same build).
static VERSION: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "{} (contract {}, build {})",
        env!("CARGO_PKG_VERSION"),
        petrochip::contract::CONTRACT_VERSION,
        petrochip::manifest::BUILD
    )
});

fn closed_pipe(e: std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("error: cannot write to standard output: {e}");
    std::process::exit(1)
}
use petrochip::{Inputs, publish::docs};

#[derive(Parser)]
#[command(
    version = VERSION.as_str(),
    about = "Turns what analysts transcribe from sources on strategic resources (oil, chips) into validated CSV and Parquet tables"
)]
#[command(
    after_help = "Exit codes: 0 success, 1 input, validation or write failure (nothing written), 2 usage error, 3 another run is publishing to the same --out (nothing written; retry, or pass --wait), 4 --wait=SECS ran out."
)]
struct Cli {
    /// More log output (-v info, -vv debug); RUST_LOG overrides.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    /// Only errors (for cron mail): no summary, no warnings.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Log lines as text, or as one JSON object per line for log collectors.
    #[arg(long, global = true, value_enum, default_value = "text")]
    log_format: LogFormat,
    /// Colour in log lines: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(long, global = true, value_enum, default_value = "auto")]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

/// What `run --partition-by` splits tables on.
#[derive(Clone, Copy, clap::ValueEnum)]
enum PartitionBy {
    /// One folder per source: source_id=<id>.
    #[value(alias = "source_id")]
    Source,
}

#[derive(Subcommand)]
enum Command {
    /// Read raw/, run every stage and gate, write output/.
    #[command(
        after_help = "Examples:\n  petrochip run\n  petrochip -q run --report /var/log/petrochip.json --wait=600   # from cron\n  petrochip run --raw other/raw --out other/output --force"
    )]
    Run(cli::run::RunArgs),
    /// Run every stage and gate; write nothing.
    #[command(
        after_help = "Examples:\n  petrochip validate\n  petrochip validate --require-grounding --report -   # the findings as JSON on stdout"
    )]
    Validate(cli::validate::ValidateArgs),
    /// List the sources: rows per table, grounded or not, when each folder last changed.
    #[command(
        after_help = "Runs every gate first (nothing written). Exit codes: 0 listed, 1 the inputs fail a check, 2 usage error."
    )]
    Sources {
        #[command(flatten)]
        inputs: InputArgs,
        /// text for people, json for scripts.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// For each source with a text: every paragraph, the rows that cite it, the ones skipped
    /// (with why) and the ones left to transcribe.
    #[command(
        after_help = "Runs every gate first (nothing written). A paragraph is cited (rows name it), skipped (the source's skipped_paragraphs.csv says why nothing is recorded from it) or left.\n\nExit codes: 0 listed, 1 the inputs fail a check, 2 usage error.\n\nExamples:\n  petrochip coverage --source muller_park_2024 --left\n  petrochip coverage --format json | jq '.[].left'"
    )]
    Coverage {
        #[command(flatten)]
        inputs: InputArgs,
        /// Only this source.
        #[arg(long, value_name = "SOURCE_ID")]
        source: Option<String>,
        /// Only the paragraphs left (neither cited nor skipped).
        #[arg(long)]
        left: bool,
        /// text for people, json for scripts.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Print the output contract: tables, columns, types, descriptions.
    Tables,
    /// Document the input sheets: where each lives, its columns, which are required, which
    /// take lists, and what each accepts.
    #[command(
        after_help = "text: Markdown for people, from the sheet types petrochip reads (no folder needed).\njson: a Frictionless data package of the sheets the raw folder holds, with a Table Schema each (paths relative to the raw folder).\n\nExit codes: 0 printed, 1 the raw folder cannot be read (json), 2 usage error.\n\nExamples:\n  petrochip sheets | less\n  petrochip sheets --format json > raw/datapackage.json && frictionless validate raw/datapackage.json"
    )]
    Sheets {
        /// Folder of the analyst's sheets (read for --format json only).
        #[arg(long, env = "PETROCHIP_RAW", default_value = "raw")]
        raw: PathBuf,
        /// text for people, json for Frictionless tools.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Compare two output folders: tables by their rows (matched by primary key), other files
    /// byte for byte.
    #[command(
        after_help = "Exit codes: 0 identical, 1 the folders differ or one cannot be read, 2 usage error.\n\nExample:\n  petrochip diff yesterday/output output"
    )]
    Diff(cli::diff::DiffArgs),
    /// Regenerate the output into a temporary folder and compare --out with it; writes nothing.
    #[command(
        after_help = "Exit codes: 0 --out is up to date, 1 it differs from what the inputs produce (or the inputs fail a check, or --out cannot be read), 2 usage error.\n\nExample:\n  petrochip -q check || echo 'output/ is stale: run petrochip run and commit it'"
    )]
    Check(cli::check::CheckArgs),
    /// Print a shell completion script (e.g. `petrochip completions bash > /etc/bash_completion.d/petrochip`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print a man page (roff): petrochip's, or a subcommand's with every option, e.g.
    /// `petrochip man run > petrochip-run.1`.
    Man {
        /// The subcommand whose page to print.
        subcommand: Option<String>,
    },
    /// Write a new raw folder with the documented layout: every sheet with its header, the
    /// reference sheets and vocabularies, and one example source folder to copy.
    #[command(after_help = "Example: petrochip init my-raw && petrochip validate --raw my-raw")]
    Init {
        /// The folder to create (it must not exist, or be empty).
        dir: PathBuf,
    },
    /// Draft a source folder from its text: every figure, date, period and name, with offsets.
    Draft(petrochip::draft::args::DraftArgs),
    /// Render the data-docs site: every table, source, entity, warned row and disagreement as
    /// static pages that open from disk.
    #[command(
        after_help = "Without --out the site is part of the output set (output/site/, as `petrochip run` writes it). --out DIR renders the site alone into DIR, refused inside raw/, in a folder holding files petrochip did not write, or in an unwritable folder.\n\nExit codes: 0 written (or up to date), 1 input, validation or write failure (nothing written), 2 usage error, 3 another run is publishing there.\n\nExamples:\n  petrochip docs && xdg-open output/site/index.html\n  petrochip docs --out /tmp/petrochip-site"
    )]
    Docs(cli::docs::DocsArgs),
}

#[derive(Args)]
struct InputArgs {
    /// Folder of the analyst's sheets.
    #[arg(long, env = "PETROCHIP_RAW", default_value = "raw")]
    raw: PathBuf,
    /// Stop when a source's quotes cannot be checked against its text (no text_path, or the
    /// text is not there); without it, such a source is a warning.
    #[arg(long)]
    require_grounding: bool,
}

impl From<InputArgs> for Inputs {
    fn from(args: InputArgs) -> Self {
        Inputs {
            raw: args.raw,
            require_grounding: args.require_grounding,
        }
    }
}

/// A folder typed without its flag (`petrochip run other/raw`) is the raw folder most of the
/// time: clap's "unexpected argument" gets a tip naming `--raw`, for subcommands that take it.
fn hint_raw(error: &mut clap::Error) {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if error.kind() != ErrorKind::UnknownArgument || error.get(ContextKind::Suggested).is_some() {
        return;
    }
    let Some(ContextValue::String(typed)) = error.get(ContextKind::InvalidArg) else {
        return;
    };
    // args_os: an argument that is not UTF-8 must not make the hint panic.
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let raw_given = args.iter().any(|a| a == "--raw" || a.starts_with("--raw="));
    if typed.starts_with('-') || raw_given {
        return;
    }
    let command = Cli::command();
    let Some(sub) = args
        .iter()
        .find_map(|a| command.find_subcommand(a).cloned())
    else {
        return;
    };
    if !sub.get_arguments().any(|a| a.get_long() == Some("raw")) {
        return;
    }
    let tip = format!(
        "the folder of sheets is given with --raw: did you mean 'petrochip {} --raw {typed}'?",
        sub.get_name()
    );
    error.insert(
        ContextKind::Suggested,
        ContextValue::StyledStrs(vec![tip.into()]),
    );
}

fn main() -> ExitCode {
    let cli = Cli::try_parse().unwrap_or_else(|mut error| {
        hint_raw(&mut error);
        error.exit()
    });
    petrochip::cleanup::install();
    init_logging(cli.verbose, cli.quiet, cli.log_format, cli.color);
    let quiet = cli.quiet;
    match cli.command {
        Command::Tables => {
            out!("{}", docs::contract_text());
            ExitCode::SUCCESS
        }
        Command::Sheets { raw, format } => {
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
        Command::Completions { shell } => {
            let mut command = Cli::command();
            // Into memory first: clap_complete panics when its writer fails.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "petrochip", &mut script);
            out!("{}", String::from_utf8_lossy(&script));
            ExitCode::SUCCESS
        }
        Command::Man { subcommand } => {
            let mut page = Vec::new();
            let mut command = Cli::command();
            command.build();
            let command = match subcommand.as_deref() {
                None => command,
                Some(name) => match command.find_subcommand(name) {
                    Some(sub) => sub
                        .clone()
                        .name(Box::leak(format!("petrochip-{name}").into_boxed_str()) as &str),
                    None => {
                        eprintln!(
                            "error: no subcommand {name}; the pages are: {}",
                            command
                                .get_subcommands()
                                .map(|c| c.get_name().to_string())
                                .collect::<Vec<_>>()
                                .join(", ")
                        );
                        return ExitCode::from(2);
                    }
                },
            };
            match clap_mangen::Man::new(command)
                .render(&mut page)
                .map(|()| out!("{}", String::from_utf8_lossy(&page)))
            {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: cannot write the man page: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Diff(args) => cli::diff::command(args, quiet),
        Command::Init { dir } => match petrochip::init::init(&dir) {
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
        },
        Command::Draft(args) => petrochip::draft::args::command(args, quiet),
        Command::Docs(args) => cli::docs::command(args, quiet),
        Command::Coverage {
            inputs,
            source,
            left,
            format,
        } => match petrochip::build(&inputs.into()) {
            Ok(summary) => {
                let coverage = petrochip::coverage::coverage(&summary, source.as_deref());
                if let Some(id) = &source
                    && coverage.is_empty()
                {
                    eprintln!(
                        "error: no source {id} in the raw folder; petrochip sources lists them"
                    );
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
        },
        Command::Sources { inputs, format } => match petrochip::build(&inputs.into()) {
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
        },
        Command::Check(args) => cli::check::command(args, quiet),
        Command::Validate(args) => cli::validate::command(args, quiet),
        Command::Run(args) => cli::run::command(args, quiet),
    }
}

static JSON_LOGS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn json_logs() -> bool {
    JSON_LOGS.load(std::sync::atomic::Ordering::Relaxed)
}

fn init_logging(verbose: u8, quiet: bool, format: LogFormat, color: ColorChoice) {
    JSON_LOGS.store(
        matches!(format, LogFormat::Json),
        std::sync::atomic::Ordering::Relaxed,
    );
    let level = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, _) => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    // Colour only on a terminal, and never under NO_COLOR: cron mail and log files get text.
    use std::io::IsTerminal;
    let colour = match color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(colour)
        .with_target(false);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

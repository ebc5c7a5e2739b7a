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
    Sources(cli::sources::SourcesArgs),
    /// For each source with a text: every paragraph, the rows that cite it, the ones skipped
    /// (with why) and the ones left to transcribe.
    #[command(
        after_help = "Runs every gate first (nothing written). A paragraph is cited (rows name it), skipped (the source's skipped_paragraphs.csv says why nothing is recorded from it) or left.\n\nExit codes: 0 listed, 1 the inputs fail a check, 2 usage error.\n\nExamples:\n  petrochip coverage --source muller_park_2024 --left\n  petrochip coverage --format json | jq '.[].left'"
    )]
    Coverage(cli::coverage::CoverageArgs),
    /// Print the output contract: tables, columns, types, descriptions.
    Tables,
    /// Document the input sheets: where each lives, its columns, which are required, which
    /// take lists, and what each accepts.
    #[command(
        after_help = "text: Markdown for people, from the sheet types petrochip reads (no folder needed).\njson: a Frictionless data package of the sheets the raw folder holds, with a Table Schema each (paths relative to the raw folder).\n\nExit codes: 0 printed, 1 the raw folder cannot be read (json), 2 usage error.\n\nExamples:\n  petrochip sheets | less\n  petrochip sheets --format json > raw/datapackage.json && frictionless validate raw/datapackage.json"
    )]
    Sheets(cli::sheets::SheetsArgs),
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
    Man(cli::man::ManArgs),
    /// Write a new raw folder with the documented layout: every sheet with its header, the
    /// reference sheets and vocabularies, and one example source folder to copy.
    #[command(after_help = "Example: petrochip init my-raw && petrochip validate --raw my-raw")]
    Init(cli::init::InitArgs),
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
    cli::logging::init_logging(cli.verbose, cli.quiet, cli.log_format, cli.color);
    let quiet = cli.quiet;
    let code = match cli.command {
        Command::Tables => {
            out!("{}", docs::contract_text());
            ExitCode::SUCCESS
        }
        Command::Sheets(args) => cli::sheets::command(args),
        Command::Completions { shell } => {
            let mut command = Cli::command();
            // Into memory first: clap_complete panics when its writer fails.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "petrochip", &mut script);
            out!("{}", String::from_utf8_lossy(&script));
            ExitCode::SUCCESS
        }
        Command::Man(args) => cli::man::command(args, Cli::command()),
        Command::Diff(args) => cli::diff::command(args, quiet),
        Command::Init(args) => cli::init::command(args, quiet),
        Command::Draft(args) => petrochip::draft::args::command(args, quiet),
        Command::Docs(args) => cli::docs::command(args, quiet),
        Command::Coverage(args) => cli::coverage::command(args),
        Command::Sources(args) => cli::sources::command(args),
        Command::Check(args) => cli::check::command(args, quiet),
        Command::Validate(args) => cli::validate::command(args, quiet),
        Command::Run(args) => cli::run::command(args, quiet),
    };
    if code == ExitCode::SUCCESS {
        leave_now();
    }
    code
}

/// Ends a successful command at once, with what it printed flushed: every file it wrote was
/// closed and synced before. The operating system takes the memory back whole, where the
/// exit handlers would first have mimalloc walk every page of every thread and purge it (1.3 %
/// of a seed run's CPU, on the serial tail after publishing).
fn leave_now() -> ! {
    use std::io::Write as _;
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    // SAFETY: `_exit` only ends the process; nothing of the process runs after it.
    unsafe { libc::_exit(0) }
}

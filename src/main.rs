//! The command line: parses arguments, sets up logging, calls the library, maps the outcome to
//! an exit code (0 success, 1 input, validation or write failure, 2 usage error, 3 another run holds the lock on --out).

use std::path::{Path, PathBuf};
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
use petrochip::{Inputs, Summary, Wait, publish::docs, report, runlog};

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
    Run {
        #[command(flatten)]
        inputs: InputArgs,
        /// Folder to publish the tables to; replaced as a whole, only after every check passed.
        #[arg(long, env = "PETROCHIP_OUT", default_value = "output")]
        out: PathBuf,
        /// When another run is publishing to --out, wait for it instead of exiting with 3;
        /// --wait=SECS gives up after that long (exit 4), so a stuck run cannot hang cron.
        #[arg(long, value_name = "SECS", num_args = 0..=1, require_equals = true)]
        wait: Option<Option<u64>>,
        /// Also write every problem found (errors and warnings) as JSON to this file, whether
        /// the run passes or fails.
        #[arg(long, value_name = "PATH")]
        report: Option<PathBuf>,
        /// Rerun even when --out's manifest says it is up to date with the inputs.
        #[arg(long)]
        force: bool,
        /// Append one JSON line per run (start, outcome, duration of each stage) to this file;
        /// kept outside --out.
        #[arg(long, value_name = "PATH", default_value = ".petrochip/runs.jsonl")]
        run_log: PathBuf,
        /// Do not append to the run log.
        #[arg(long, conflicts_with = "run_log")]
        no_run_log: bool,
        /// Also write each table that has source_id as hive-partitioned Parquet,
        /// <table>/source_id=<id>/part-0.parquet, beside the flat files (for DuckDB, Spark,
        /// DataFusion); the manifest lists every part.
        #[arg(long, value_name = "WHAT")]
        partition_by: Option<PartitionBy>,
    },
    /// Run every stage and gate; write nothing.
    #[command(
        after_help = "Examples:\n  petrochip validate\n  petrochip validate --require-grounding --report -   # the findings as JSON on stdout"
    )]
    Validate {
        #[command(flatten)]
        inputs: InputArgs,
        /// Also write every problem found (errors and warnings) as JSON to this file.
        #[arg(long, value_name = "PATH")]
        report: Option<PathBuf>,
    },
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
    Diff {
        /// The old output folder.
        old: PathBuf,
        /// The new output folder.
        new: PathBuf,
        /// text for people, json for scripts.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Regenerate the output into a temporary folder and compare --out with it; writes nothing.
    #[command(
        after_help = "Exit codes: 0 --out is up to date, 1 it differs from what the inputs produce (or the inputs fail a check, or --out cannot be read), 2 usage error.\n\nExample:\n  petrochip -q check || echo 'output/ is stale: run petrochip run and commit it'"
    )]
    Check {
        #[command(flatten)]
        inputs: InputArgs,
        /// The committed output folder to check.
        #[arg(long, env = "PETROCHIP_OUT", default_value = "output")]
        out: PathBuf,
        /// text for people, json for scripts (the diff between --out and what the inputs give).
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
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
        Command::Diff { old, new, format } => diff(&old, &new, format, quiet),
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
        Command::Check {
            inputs,
            out,
            format,
        } => check(inputs, &out, format, quiet),
        Command::Validate { inputs, report } => {
            if let Some(code) = bad_report_path(report.as_deref()) {
                return code;
            }
            let outcome = petrochip::build(&inputs.into());
            if let Err(code) = write_report(report.as_deref(), outcome.as_ref()) {
                return code;
            }
            finish(outcome, None, quiet)
        }
        Command::Run {
            inputs,
            out,
            wait,
            report,
            force,
            run_log,
            no_run_log,
            partition_by,
        } => {
            if let Some(code) = bad_report_path(report.as_deref()) {
                return code;
            }
            let wait = match wait {
                None => Wait::No,
                Some(None) => Wait::Yes,
                Some(Some(secs)) => Wait::For(std::time::Duration::from_secs(secs)),
            };
            let inputs: Inputs = inputs.into();
            let started = std::time::SystemTime::now();
            let clock = std::time::Instant::now();
            let layout = match partition_by {
                None => petrochip::Layout::Flat,
                Some(PartitionBy::Source) => petrochip::Layout::BySource,
            };
            let outcome = petrochip::run_laid_out(&inputs, &out, wait, force, layout);
            if !no_run_log {
                let entry = runlog::entry(&inputs, &out, started, clock.elapsed(), &outcome);
                if let Err(e) = runlog::append(&run_log, &entry) {
                    tracing::warn!("{}: cannot append to the run log: {e}", run_log.display());
                }
            }
            match outcome {
                Ok(None) => {
                    if let Some(path) = report.as_deref()
                        && let Err(e) = report::write_report(path, &report::up_to_date_json())
                    {
                        eprintln!("warning: {}: cannot write the report: {e}", path.display());
                    }
                    if !quiet {
                        outln!(
                            "{}/ is up to date with {}/ (manifest.json); nothing to do (--force reruns)",
                            out.display(),
                            inputs.raw.display()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Ok(Some(summary)) => {
                    let outcome = Ok(summary);
                    if let Err(code) = write_report(report.as_deref(), outcome.as_ref()) {
                        return code;
                    }
                    finish(outcome, Some(&out), quiet)
                }
                Err(error) => {
                    let outcome = Err(error);
                    if let Err(code) = write_report(report.as_deref(), outcome.as_ref()) {
                        return code;
                    }
                    finish(outcome, Some(&out), quiet)
                }
            }
        }
    }
}

/// A --report path that cannot be written is a usage error, found before any work (exit 2).
fn bad_report_path(path: Option<&Path>) -> Option<ExitCode> {
    let message = report::check_report_path(path?).err()?;
    eprintln!("error: {message}");
    Some(ExitCode::from(2))
}

fn write_report(
    path: Option<&Path>,
    outcome: Result<&Summary, &petrochip::Error>,
) -> Result<(), ExitCode> {
    let Some(path) = path else {
        return Ok(());
    };
    let json = report::report_json(outcome.map(|s| &s.validated));
    // Checked before the run: a failure here is rare, and never hides what the run did.
    if let Err(e) = report::write_report(path, &json) {
        eprintln!("warning: {}: cannot write the report: {e}", path.display());
    }
    Ok(())
}

/// How many warnings of one kind are printed before the rest is counted.
const WARNINGS_SHOWN: usize = 10;

fn finish(outcome: Result<Summary, petrochip::Error>, out: Option<&Path>, quiet: bool) -> ExitCode {
    match outcome {
        Ok(summary) => {
            if !quiet {
                // Each kind of warning: its first few, then how many more (a large corpus has
                // thousands of disagreements; a cron mail of 9,000 lines helps nobody).
                let all = match out {
                    Some(out) => format!("all are in {}", out.join("validation.json").display()),
                    None => "pass --report FILE to list them all".to_string(),
                };
                let mut kinds: Vec<(String, Vec<String>)> = Vec::new();
                let mut add = |kind: String, warning: String| match kinds.last_mut() {
                    Some((last, list)) if *last == kind => list.push(warning),
                    _ => kinds.push((kind, vec![warning])),
                };
                for warning in summary.validated.warnings() {
                    let kind = format!("{} warnings on {}; {all}", warning.check, warning.table);
                    add(kind, warning.to_string());
                }
                for (id, grounding) in &summary.grounding.sources {
                    if !grounding.is_grounded() {
                        let warning = petrochip::not_grounded(&summary.raw, id, grounding);
                        add(
                            "sources not grounded; `petrochip sources` lists them all".to_string(),
                            format!("warning: {warning}"),
                        );
                    }
                }
                let mut warnings: Vec<String> = Vec::new();
                for (kind, list) in kinds {
                    let more = list.len().saturating_sub(WARNINGS_SHOWN);
                    warnings.extend(list.into_iter().take(WARNINGS_SHOWN));
                    if more > 0 {
                        warnings.push(format!("warning: … and {more} more {kind}"));
                    }
                }
                // With --log-format json, a warning is a log event, so collectors parse it.
                for warning in warnings {
                    if json_logs() {
                        tracing::warn!("{}", warning.trim_start_matches("warning: "));
                    } else {
                        eprintln!("{warning}");
                    }
                }
                print_summary(&summary, out);
            }
            // The process ends here: freeing a million rows one by one would only delay the
            // exit (7 % of a large run), and the operating system takes the memory back whole.
            std::mem::forget(summary);
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprint!("{}", error.report());
            // `validate` writes nothing in any case; only a run has an output to keep.
            if out.is_some() {
                eprintln!("Nothing was written: the previous output is unchanged.");
            }
            ExitCode::from(error.exit_code())
        }
    }
}

/// With -q, identical folders print nothing (a difference still does).
fn diff(old: &Path, new: &Path, format: Format, quiet: bool) -> ExitCode {
    match petrochip::diff::diff(old, new) {
        Ok(diff) => {
            if matches!(format, Format::Json) {
                outln!("{}", diff.json());
            } else if !(quiet && diff.is_identical()) {
                out!("{diff}");
            }
            ExitCode::from(u8::from(!diff.is_identical()))
        }
        Err(error) => {
            eprintln!("error: cannot compare the folders: {error}");
            ExitCode::from(1)
        }
    }
}

/// With -q, an up-to-date folder prints nothing.
fn check(args: InputArgs, out: &Path, format: Format, quiet: bool) -> ExitCode {
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
    if args.require_grounding {
        command.push_str(" --require-grounding");
    }
    let just = if command == "petrochip run" {
        " (or `just run`)"
    } else {
        ""
    };
    match petrochip::check(&args.into(), out) {
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

fn print_summary(summary: &Summary, out: Option<&std::path::Path>) {
    let sources = &summary.grounding.sources;
    let grounded = sources.values().filter(|g| g.is_grounded()).count();
    let grounded = format!(
        "; {} sources, {grounded} grounded (every quote found in its paragraph of the source's text)",
        sources.len()
    );
    outln!(
        "petrochip: {} tables, {} rows, {} checks passed{grounded}",
        summary.tables(),
        summary.rows(),
        summary.checks()
    );
    match out {
        Some(out) => outln!(
            "wrote {}/ (<table>.csv and <table>.parquet, datapackage.json, validation.json, README.md):",
            out.display()
        ),
        None => outln!("validated only; nothing written:"),
    }
    for table in &summary.validated.dataset().tables {
        outln!("  {:<22}{:>5} rows", table.spec.name, table.rows.len());
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

//! `petrochip run`: every stage and gate, then the output set published into `--out`, with the
//! run log, the JSON report and the exit code a scheduler reads.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use petrochip::{Inputs, Wait, report, runlog};

use super::outcome::{Published, bad_report_path, finish, write_report};
use crate::{InputArgs, PartitionBy};

#[derive(Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// Folder to publish the tables to; replaced as a whole, only after every check passed.
    #[arg(long, env = "PETROCHIP_OUT", default_value = "output")]
    pub out: PathBuf,
    /// When another run is publishing to --out, wait for it instead of exiting with 3;
    /// --wait=SECS gives up after that long (exit 4), so a stuck run cannot hang cron.
    #[arg(long, value_name = "SECS", num_args = 0..=1, require_equals = true)]
    pub wait: Option<Option<u64>>,
    /// Also write every problem found (errors and warnings) as JSON to this file, whether
    /// the run passes or fails.
    #[arg(long, value_name = "PATH")]
    pub report: Option<PathBuf>,
    /// Rerun even when --out's manifest says it is up to date with the inputs.
    #[arg(long)]
    pub force: bool,
    /// Append one JSON line per run (start, outcome, duration of each stage) to this file;
    /// kept outside --out.
    #[arg(long, value_name = "PATH", default_value = ".petrochip/runs.jsonl")]
    pub run_log: PathBuf,
    /// Do not append to the run log.
    #[arg(long, conflicts_with = "run_log")]
    pub no_run_log: bool,
    /// Also write each table that has source_id as hive-partitioned Parquet,
    /// <table>/source_id=<id>/part-0.parquet, beside the flat files (for DuckDB, Spark,
    /// DataFusion); the manifest lists every part.
    #[arg(long, value_name = "WHAT")]
    pub partition_by: Option<PartitionBy>,
    /// Leave the data-docs site out (no site/): the tables and their documents only. At a
    /// corpus's size the site is most of a run (at 10,000 sources, 22,759 pages and 1.5 GB);
    /// `petrochip docs --out DIR` renders it apart.
    #[arg(long)]
    pub no_site: bool,
}

pub fn command(args: RunArgs, quiet: bool) -> ExitCode {
    let RunArgs {
        inputs,
        out,
        wait,
        report,
        force,
        run_log,
        no_run_log,
        partition_by,
        no_site,
    } = args;
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
    let contents = if no_site {
        petrochip::Contents::Tables
    } else {
        petrochip::Contents::Output
    };
    let outcome = petrochip::run_laid_out(&inputs, &out, wait, force, (layout, contents));
    let published = Published {
        out: &out,
        contents,
    };
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
            finish(outcome, Some(published), quiet)
        }
        Err(error) => {
            let outcome = Err(error);
            if let Err(code) = write_report(report.as_deref(), outcome.as_ref()) {
                return code;
            }
            finish(outcome, Some(published), quiet)
        }
    }
}

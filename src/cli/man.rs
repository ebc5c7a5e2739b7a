//! `petrochip man`: a man page (roff), petrochip's or a subcommand's.

use std::process::ExitCode;

use clap::Args;

#[derive(Args)]
pub struct ManArgs {
    /// The subcommand whose page to print.
    pub subcommand: Option<String>,
}

/// `command` is petrochip's whole command line, as clap describes it.
pub fn command(args: ManArgs, mut command: clap::Command) -> ExitCode {
    let ManArgs { subcommand } = args;
    let mut page = Vec::new();
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

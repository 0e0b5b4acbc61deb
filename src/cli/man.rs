//! `synclens man`: the man page (roff), generated from the command-line definitions.

use clap::{Args, CommandFactory};

use super::{Cli, EXIT_OK, print_stdout};

#[derive(Debug, Args)]
pub(crate) struct ManArgs {}

pub(crate) fn run(_args: &ManArgs) -> anyhow::Result<u8> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    print_stdout(&String::from_utf8_lossy(&page))?;
    Ok(EXIT_OK)
}

//! `synclens completions`: a shell completion script generated from the command-line
//! definitions, so completions always match the arguments.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, EXIT_OK, print_stdout};

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to generate the script for.
    #[arg(value_enum)]
    shell: Shell,
}

pub(crate) fn run(args: &CompletionsArgs) -> anyhow::Result<u8> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "synclens", &mut script);
    print_stdout(&String::from_utf8_lossy(&script))?;
    Ok(EXIT_OK)
}

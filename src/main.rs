//! The `synclens` command: parses the command line and hands over to [`cli::run`].

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: a sample run allocates per attribute of every object on every core, and
/// the system allocator's locks and free lists cost a third of such a run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let arguments = cli::Cli::parse();
    cli::run(arguments)
}

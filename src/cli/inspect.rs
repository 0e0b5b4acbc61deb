//! `synclens inspect`: summarise each file with the library, print the summary (text or
//! JSON Lines), report files that fail to load and keep going.

use std::path::{Path, PathBuf};

use clap::Args;
use synclens::inspect::{Detail, InspectOptions, Summary, inspect, inspect_path};
use synclens::load::{LoadError, LoadOptions};
use synclens::model::Kind;
use synclens::render::{self, Format};

use super::{EXIT_FINDINGS, EXIT_OK, expand_inputs, print_stdout};

#[derive(Debug, Args)]
pub(crate) struct InspectArgs {
    /// Files or folders to inspect (folders: every *.json below); `-` reads stdin.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Add per object mapping its attribute mappings and scoping clauses; for jobs,
    /// quarantine, last run and counts.
    #[arg(long)]
    mappings: bool,
    /// Output format.
    #[arg(long, value_parser = super::args::choice::<Format>(), default_value = "human")]
    format: Format,
    /// Read every file as this kind instead of detecting it.
    #[arg(long, value_parser = super::args::choice::<Kind>())]
    kind: Option<Kind>,
}

pub(crate) fn run(args: &InspectArgs) -> anyhow::Result<u8> {
    let options = InspectOptions {
        load: LoadOptions { kind: args.kind },
        detail: Detail {
            mappings: args.mappings,
        },
    };
    let mut failed = false;
    let mut first = true;
    for path in expand_inputs(&args.paths)? {
        let outcome = summarise(&path, options);
        if let Err(error) = &outcome {
            failed = true;
            eprintln!("error: {}", synclens::escape::controls(&error.to_string()));
        }
        print_stdout(&render::inspect::render(
            outcome.as_ref(),
            args.format,
            first,
        ))?;
        first = false;
    }
    Ok(if failed { EXIT_FINDINGS } else { EXIT_OK })
}

/// The summary of one input, `-` being standard input.
#[allow(
    clippy::result_large_err,
    reason = "one error per file, on the error path (as synclens::load::load_path)"
)]
fn summarise(path: &Path, options: InspectOptions) -> Result<Summary, LoadError> {
    if path.as_os_str() == "-" {
        return super::load_input(path, options.load)
            .map(|loaded| inspect(&loaded, options.detail));
    }
    inspect_path(path, options)
}

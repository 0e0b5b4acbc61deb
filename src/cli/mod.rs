//! The command line: argument definitions (clap), dispatch to one file per subcommand,
//! exit codes, and output plumbing. Everything user-facing about the binary is here;
//! the library knows nothing of it.

#![allow(clippy::print_stdout, clippy::print_stderr)]

#[cfg(feature = "fetch")]
mod apply;
mod args;
mod completions;
mod diff;
mod eval;
mod examples;
mod explain;
mod expr;
#[cfg(feature = "fetch")]
mod fetch;
mod fmt;
mod inspect;
mod man;
#[cfg(feature = "fetch")]
mod plan;
mod preview;
mod progress;
mod sample;
mod schema;
mod test;
mod validate;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit code: success.
pub(crate) const EXIT_OK: u8 = 0;
/// Exit code: the command ran and found a problem (a file failed to load, …).
pub(crate) const EXIT_FINDINGS: u8 = 1;
/// Exit code: usage error or a failure to run (clap also uses 2 for usage errors).
pub(crate) const EXIT_FAILURE: u8 = 2;

/// Read, validate and compare Microsoft Entra ID provisioning schemas and jobs.
#[derive(Debug, Parser)]
#[command(
    name = "synclens",
    version,
    about,
    max_term_width = 100,
    after_help = examples::MAIN
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Write what the command prints to FILE (UTF-8, replaced atomically when the
    /// command has run) instead of standard output; diagnostics stay on stderr. For
    /// Windows PowerShell 5.1, whose `>` re-encodes output as UTF-16.
    #[arg(long, global = true, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Summarise synchronization documents: kind, directories, objects, rules, mappings.
    #[command(after_help = examples::INSPECT)]
    Inspect(inspect::InspectArgs),
    /// Check schemas and jobs: references, duplicates, matching, expressions, scoping
    /// filters, secrets; exit 1 on error-level findings.
    ///
    /// With no PATH, the current folder is checked, as linters do.
    // The default is set here rather than on the argument (src/cli/validate.rs) so that
    // the usage (`[PATH]...`) and the README agree; `fmt` does the same on its own.
    #[command(
        after_help = examples::VALIDATE,
        mut_arg("paths", |arg| arg.required(false).default_value("."))
    )]
    Validate(validate::ValidateArgs),
    /// Semantic diff of two schemas, jobs, templates or folders, classified by risk.
    #[command(after_help = examples::DIFF)]
    Diff(diff::DiffArgs),
    /// Print the documentation of a validation rule or a diff change code.
    #[command(after_help = examples::EXPLAIN)]
    Explain(explain::ExplainArgs),
    /// Print the JSON Schema of a document kind, or regenerate schemas/ with --write.
    #[command(after_help = examples::SCHEMA)]
    Schema(schema::SchemaArgs),
    /// Rewrite documents in canonical form: sorted order-free arrays, 2-space indent,
    /// UTF-8, LF; --check lists files that are not canonical (exit 1).
    #[command(after_help = examples::FMT)]
    Fmt(fmt::FmtArgs),
    /// Pull a service principal's jobs, schemas, catalogs and templates from Microsoft
    /// Graph into a folder (read-only); exit 1 when some failed.
    #[cfg(feature = "fetch")]
    #[command(after_help = examples::FETCH)]
    Fetch(fetch::FetchArgs),
    /// Show what deploying a committed schema would change in a job's live schema
    /// (validated first; read-only) and write the plan `apply` takes.
    #[cfg(feature = "fetch")]
    #[command(after_help = examples::PLAN)]
    Plan(plan::PlanArgs),
    /// Deploy a plan: refuse when the live schema or the file moved, back up, PUT the
    /// schema, verify; exit 0 verified, 1 applied with differences, 2 refused or failed.
    #[cfg(feature = "fetch")]
    #[command(after_help = examples::APPLY)]
    Apply(apply::ApplyArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(after_help = examples::COMPLETIONS)]
    Completions(completions::CompletionsArgs),
    /// Print the man page (roff).
    #[command(after_help = examples::MAN)]
    Man(man::ManArgs),
    /// Parse or format an attribute-mapping expression.
    #[command(after_help = examples::EXPR)]
    Expr(expr::ExprArgs),
    /// Evaluate an attribute-mapping expression for one object, offline: the value the
    /// service would write; exit 1 when the expression raises an error.
    #[command(after_help = eval::EXAMPLES)]
    Eval(eval::EvalArgs),
    /// What an object mapping does to each object of a sample of the source directory:
    /// in scope or not (and why), and each target attribute's value.
    #[command(after_help = preview::EXAMPLES)]
    Preview(preview::PreviewArgs),
    /// Run mapping test files (`*.test.json`): expressions and object mappings of a
    /// schema evaluated for source objects and compared; exit 1 when a case fails.
    #[command(after_help = test::EXAMPLES)]
    Test(test::TestArgs),
}

/// Runs a parsed command line and returns the process exit code.
pub(crate) fn run(cli: Cli) -> ExitCode {
    if cli.output.is_some()
        && let Ok(mut captured) = CAPTURED.lock()
    {
        *captured = Some(Vec::new());
    }
    let result = run_command(cli.command);
    // The report goes to --output once the command has run; a command that failed
    // to run leaves an existing file as it was.
    let result = match (result, &cli.output) {
        (Ok(code), Some(path)) => {
            let bytes = CAPTURED
                .lock()
                .ok()
                .and_then(|mut captured| captured.take())
                .unwrap_or_default();
            synclens::fs::write_atomically(path, &bytes)
                .map(|()| code)
                .map_err(|error| anyhow::anyhow!("--output {}: {error}", path.display()))
        }
        (result, _) => result,
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(error) if is_broken_pipe(&error) => ExitCode::from(EXIT_OK),
        Err(error) => {
            eprintln!("synclens: {error:#}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

/// What the command printed, held for `--output FILE` (`None`: standard output).
static CAPTURED: std::sync::Mutex<Option<Vec<u8>>> = std::sync::Mutex::new(None);

/// Runs one subcommand.
fn run_command(command: Command) -> anyhow::Result<u8> {
    match command {
        Command::Inspect(args) => inspect::run(&args),
        Command::Schema(args) => schema::run(&args),
        Command::Validate(args) => validate::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        #[cfg(feature = "fetch")]
        Command::Fetch(args) => fetch::run(&args),
        #[cfg(feature = "fetch")]
        Command::Plan(args) => plan::run(&args),
        #[cfg(feature = "fetch")]
        Command::Apply(args) => apply::run(&args),
        Command::Completions(args) => completions::run(&args),
        Command::Man(args) => man::run(&args),
        Command::Expr(args) => expr::run(&args),
        Command::Eval(args) => eval::run(&args),
        Command::Test(args) => test::run(&args),
        Command::Preview(args) => preview::run(&args),
    }
}

/// A reader closing our output early (`synclens inspect … | head`) is not an error.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .filter_map(|cause| cause.downcast_ref::<io::Error>())
        .any(|error| error.kind() == io::ErrorKind::BrokenPipe)
}

/// Writes text to standard output (or to the `--output` file).
pub(crate) fn print_stdout(text: &str) -> io::Result<()> {
    print_bytes(text.as_bytes())
}

/// Writes bytes to standard output (or to the `--output` file). Coloured output goes
/// through anstream, which turns on escape-code support of Windows consoles (or
/// translates the codes for old ones).
pub(crate) fn print_bytes(bytes: &[u8]) -> io::Result<()> {
    if let Ok(mut captured) = CAPTURED.lock()
        && let Some(buffer) = captured.as_mut()
    {
        buffer.extend_from_slice(bytes);
        return Ok(());
    }
    if COLOUR.load(std::sync::atomic::Ordering::Relaxed) {
        let mut stdout = anstream::AutoStream::always(io::stdout().lock());
        stdout.write_all(bytes)?;
        return stdout.flush();
    }
    let mut stdout = io::stdout().lock();
    stdout.write_all(bytes)?;
    stdout.flush()
}

/// Whether the output is coloured (set once the command has decided).
static COLOUR: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Records whether the command colours what it prints.
pub(crate) fn colour_stdout(colour: bool) {
    COLOUR.store(colour, std::sync::atomic::Ordering::Relaxed);
}

/// Whether `--color auto` colours standard output: not with `--output`; otherwise
/// anstream's reading of the environment: `NO_COLOR` set → no, `CLICOLOR_FORCE` → yes,
/// `CLICOLOR=0` → no, else a terminal that is not `TERM=dumb` (or a CI system).
pub(crate) fn stdout_wants_colour() -> bool {
    let captured = CAPTURED.lock().is_ok_and(|captured| captured.is_some());
    !captured && anstream::AutoStream::choice(&io::stdout()) != anstream::ColorChoice::Never
}

/// Loads a document from a path, `-` being standard input (see
/// [`synclens::load::inputs::load`]).
#[allow(
    clippy::result_large_err,
    reason = "one error per file, on the error path (as synclens::load::load_path)"
)]
pub(crate) fn load_input(
    path: &std::path::Path,
    options: synclens::load::LoadOptions,
) -> Result<synclens::load::Loaded, synclens::load::LoadError> {
    synclens::load::inputs::load(path, options)
}

/// Expands the inputs: files as given, folders to every `*.json` below (sorted), `-`
/// for standard input (see [`synclens::load::inputs::expand`]); what the folder walks
/// skipped is noted on stderr.
pub(crate) fn expand_inputs(inputs: &[PathBuf]) -> io::Result<Vec<PathBuf>> {
    let expansion = synclens::load::inputs::expand(inputs).map_err(|error| match error {
        synclens::load::inputs::InputError::Folder { source, .. } => source,
        stdin_twice @ synclens::load::inputs::InputError::StdinTwice => {
            io::Error::new(io::ErrorKind::InvalidInput, stdin_twice.to_string())
        }
    })?;
    for note in &expansion.notes {
        eprintln!("note: {note}");
    }
    Ok(expansion.paths())
}

#[cfg(test)]
mod tests {
    use super::*;
    use synclens::model::Kind;

    #[test]
    fn every_kind_can_be_named_on_the_command_line() {
        let parser = args::choice::<Kind>();
        let offered: Vec<String> = clap::builder::TypedValueParser::possible_values(&parser)
            .into_iter()
            .flatten()
            .map(|value| value.get_name().to_owned())
            .collect();
        let names: Vec<&str> = Kind::ALL.iter().map(|kind| kind.as_str()).collect();
        assert_eq!(offered, names);
    }
}

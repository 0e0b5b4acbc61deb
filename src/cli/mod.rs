//! The command line: argument definitions (clap), dispatch to one file per subcommand,
//! exit codes, and output plumbing. Everything user-facing about the binary is here;
//! the library knows nothing of it.

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod args;
mod completions;
mod diff;
mod eval;
mod examples;
mod explain;
mod expr;
mod fetch;
mod fmt;
mod inspect;
mod man;
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
    #[command(after_help = examples::FETCH)]
    Fetch(fetch::FetchArgs),
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
    /// Run mapping test files (`*.test.json`): expressions and object mappings of a
    /// schema evaluated for source objects and compared; exit 1 when a case fails.
    #[command(after_help = test::EXAMPLES)]
    Test(test::TestArgs),
}

/// Runs a parsed command line and returns the process exit code.
pub(crate) fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Inspect(args) => inspect::run(&args),
        Command::Schema(args) => schema::run(&args),
        Command::Validate(args) => validate::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Fetch(args) => fetch::run(&args),
        Command::Completions(args) => completions::run(&args),
        Command::Man(args) => man::run(&args),
        Command::Expr(args) => expr::run(&args),
        Command::Eval(args) => eval::run(&args),
        Command::Test(args) => test::run(&args),
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

/// A reader closing our output early (`synclens inspect … | head`) is not an error.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .filter_map(|cause| cause.downcast_ref::<io::Error>())
        .any(|error| error.kind() == io::ErrorKind::BrokenPipe)
}

/// Writes text to standard output.
pub(crate) fn print_stdout(text: &str) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()
}

/// Expands the inputs: files as given, folders to every `*.json` below (sorted), `-`
/// for standard input.
/// Loads a document from a path, `-` being standard input (read no further than the
/// size limit).
#[allow(
    clippy::result_large_err,
    reason = "one error per file, on the error path (as synclens::load::load_path)"
)]
pub(crate) fn load_input(
    path: &std::path::Path,
    options: synclens::load::LoadOptions,
) -> Result<synclens::load::Loaded, synclens::load::LoadError> {
    if path.as_os_str() != "-" {
        return synclens::load::load_path(path, options);
    }
    match synclens::load::read_limited(io::stdin().lock()) {
        Ok(bytes) => synclens::load::load_bytes(path, bytes, options),
        Err(error) => Err(synclens::load::LoadError {
            path: path.to_owned(),
            location: None,
            pointer: None,
            kind: synclens::load::LoadErrorKind::Read(error),
            excerpt: None,
        }),
    }
}

pub(crate) fn expand_inputs(inputs: &[PathBuf]) -> io::Result<Vec<PathBuf>> {
    if inputs
        .iter()
        .filter(|input| input.as_os_str() == "-")
        .count()
        > 1
    {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "standard input (`-`) can be read only once; give it once",
        ));
    }
    let mut files = Vec::new();
    for input in inputs {
        if input.as_os_str() != "-" && input.is_dir() {
            let mut found = Vec::new();
            collect_json(input, &mut found)?;
            found.sort();
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

/// Every `*.json` regular file below `folder` (hidden folders skipped). Symbolic links
/// are never followed, so a walk cannot leave the folder or loop; they and other
/// files that are not regular (a FIFO, which would block the read forever, a socket,
/// a device) are skipped with a note on stderr. Iterative: depth never matters.
fn collect_json(folder: &std::path::Path, found: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut pending = vec![folder.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let entry = entry?;
            let path = entry.path();
            let file_type = entry.file_type()?;
            let is_json = path
                .extension()
                .is_some_and(|extension| extension.eq_ignore_ascii_case("json"));
            if file_type.is_dir() {
                let hidden = path
                    .file_name()
                    .is_some_and(|name| name.to_string_lossy().starts_with('.'));
                if !hidden {
                    pending.push(path);
                }
            } else if file_type.is_symlink() {
                eprintln!(
                    "note: {}: a symbolic link, not followed in a folder walk, skipped",
                    path.display()
                );
            } else if is_json && file_type.is_file() {
                found.push(path);
            } else if is_json {
                eprintln!(
                    "note: {}: not a regular file (a FIFO, socket or device), skipped",
                    path.display()
                );
            }
        }
    }
    Ok(())
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

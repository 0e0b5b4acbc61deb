//! `synclens expr`: parse an attribute-mapping expression and print its tree (indented
//! text, or the attributeMappingSource JSON), or print it in canonical form. Errors show
//! the expression with a caret under the column.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};

use synclens::expr::{Catalog, ParseError, Position, check_length, parse, print, unnamed_slots};
use synclens::render::expr::{TreeFormat, caret, render};

use super::{EXIT_FINDINGS, EXIT_OK, print_stdout};

#[derive(Debug, Args)]
pub(crate) struct ExprArgs {
    #[command(subcommand)]
    command: ExprCommand,
}

#[derive(Debug, Subcommand)]
enum ExprCommand {
    /// Parse an expression and print its tree, or the error with a caret under it.
    #[command(after_help = super::examples::EXPR_PARSE)]
    Parse(ParseArgs),
    /// Print an expression in canonical form (the form Graph writes).
    #[command(after_help = super::examples::EXPR_FMT)]
    Fmt(FmtArgs),
}

#[derive(Debug, Args)]
struct ParseArgs {
    /// The expression text; `-` reads it from standard input.
    #[arg(value_name = "EXPRESSION", allow_hyphen_values = true)]
    expression: String,
    /// Output format.
    #[arg(long, value_parser = super::args::choice::<TreeFormat>(), default_value = "tree")]
    format: TreeFormat,
    /// A captured `GET …/schema/functions` response: its functions replace the
    /// built-in entries of the same name.
    #[arg(long, value_name = "FILE")]
    functions: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct FmtArgs {
    /// The expression text; `-` reads it from standard input.
    #[arg(value_name = "EXPRESSION", allow_hyphen_values = true)]
    expression: String,
}

pub(crate) fn run(args: &ExprArgs) -> anyhow::Result<u8> {
    match &args.command {
        ExprCommand::Parse(args) => run_parse(args),
        ExprCommand::Fmt(args) => {
            let text = expression_text(&args.expression)?;
            match parse(&text) {
                Ok(expr) => {
                    print_stdout(&format!("{}\n", print(&expr)))?;
                    Ok(EXIT_OK)
                }
                Err(error) => Ok(report_parse_error(&text, &error)),
            }
        }
    }
}

fn run_parse(args: &ParseArgs) -> anyhow::Result<u8> {
    let catalog = catalog(args.functions.as_ref())?;
    let text = expression_text(&args.expression)?;
    let expr = match parse(&text) {
        Ok(expr) => expr,
        Err(error) => return Ok(report_parse_error(&text, &error)),
    };
    match render(&expr, &catalog, args.format) {
        Ok(out) => {
            print_stdout(&out)?;
            if args.format == TreeFormat::Json {
                for slot in unnamed_slots(&expr, &catalog) {
                    let position = Position::of(&text, slot.span.start);
                    eprintln!(
                        "note: argument {} of {} is empty at {position}, so the tree has no \
                         `{}` entry for it; exports that leave a runtime placeholder's slot \
                         empty keep the placeholder only in the tree: write it in the text \
                         (e.g. %DomainFQDN%) to keep it",
                        slot.argument, slot.function, slot.parameter
                    );
                }
            }
        }
        Err(error) => {
            let offset = tree_error_offset(&error);
            eprintln!("error: {error}");
            eprint!("{}", caret(&text, Position::of(&text, offset)));
            return Ok(EXIT_FINDINGS);
        }
    }
    let mut problems = catalog.check(&expr);
    problems.extend(check_length(&text));
    for problem in problems {
        let position = Position::of(&text, problem.span.start);
        eprintln!("warning: {} at {position}", problem.kind);
    }
    Ok(EXIT_OK)
}

fn tree_error_offset(error: &synclens::expr::TreeError) -> usize {
    use synclens::expr::TreeError;
    match error {
        TreeError::UnknownFunction { span, .. }
        | TreeError::TooManyArguments { span, .. }
        | TreeError::UnknownEncoding { span, .. } => span.start,
        _ => 0,
    }
}

fn catalog(functions: Option<&PathBuf>) -> anyhow::Result<Catalog> {
    Ok(match functions {
        Some(path) => synclens::validate::function_catalog(path)?,
        None => Catalog::builtin(),
    })
}

/// An expression given as an argument, or read from standard input for `-` (bounded,
/// decoded as every input is). Shared by `expr` and `eval`.
pub(crate) fn expression_text(argument: &str) -> anyhow::Result<String> {
    if argument != "-" {
        return Ok(argument.to_owned());
    }
    // As every input: bounded, and decoded with its byte-order mark (PowerShell pipes
    // write one).
    let bytes = synclens::load::read_limited(std::io::stdin().lock())
        .context("cannot read the expression from standard input")?;
    if bytes.len() > synclens::load::MAX_INPUT_BYTES {
        bail!(
            "standard input holds more than {} bytes; an expression is at most {} characters",
            synclens::load::MAX_INPUT_BYTES,
            synclens::expr::MAX_EXPRESSION_CHARS
        );
    }
    let (text, _) = synclens::load::decode_text(bytes)
        .map_err(|message| anyhow::anyhow!("standard input: {message}"))?;
    Ok(text)
}

/// Prints a parse error with the expression line and a caret; returns the exit code.
fn report_parse_error(text: &str, error: &ParseError) -> u8 {
    eprintln!("error: {error}");
    eprint!("{}", caret(text, error.position));
    EXIT_FINDINGS
}

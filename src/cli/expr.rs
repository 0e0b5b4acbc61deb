//! `synclens expr`: parse an attribute-mapping expression and print its tree (indented
//! text, or the attributeMappingSource JSON), or print it in canonical form. Errors show
//! the expression with a caret under the column.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, Subcommand, ValueEnum};

use synclens::expr::{
    Catalog, Expr, ExprKind, ParseError, Position, SlotBinding, check_length, parse, print,
    to_source_tree, unnamed_slots,
};
use synclens::load::{LoadOptions, load_path};
use synclens::model::{Document, Kind};

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
    #[arg(long, value_enum, default_value = "tree")]
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

/// How `expr parse` prints the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TreeFormat {
    /// Indented text, arguments labelled with their parameter names.
    Tree,
    /// The attributeMappingSource JSON Graph stores next to the text.
    Json,
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
    match args.format {
        TreeFormat::Tree => {
            let mut out = String::new();
            render_tree(&mut out, &expr, &catalog, None, 0);
            print_stdout(&out)?;
        }
        TreeFormat::Json => match to_source_tree(&expr, &catalog) {
            Ok(tree) => {
                let mut out = serde_json::to_string_pretty(&tree)?;
                out.push('\n');
                print_stdout(&out)?;
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
            Err(error) => {
                let offset = tree_error_offset(&error);
                eprintln!("error: {error}");
                eprint!("{}", caret(&text, Position::of(&text, offset)));
                return Ok(EXIT_FINDINGS);
            }
        },
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
    let catalog = Catalog::builtin();
    let Some(path) = functions else {
        return Ok(catalog);
    };
    let options = LoadOptions {
        kind: Some(Kind::Functions),
    };
    let loaded = load_path(path, options).with_context(|| "cannot read --functions")?;
    let Document::Functions(list) = &loaded.document else {
        bail!("{} is not a /functions response", path.display());
    };
    Ok(catalog.with_functions(list))
}

/// The expression argument, or standard input for `-`.
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

/// The line of `text` holding `position`, and a caret under its column (for
/// expression errors of `expr` and `eval`).
pub(crate) fn caret(text: &str, position: Position) -> String {
    let line = text
        .split('\n')
        .nth(position.line.saturating_sub(1))
        .unwrap_or("")
        .trim_end_matches('\r');
    let indent: String = line
        .chars()
        .take(position.column.saturating_sub(1))
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    format!("  {line}\n  {indent}^\n")
}

/// Writes one node and its children, two spaces per level.
fn render_tree(
    out: &mut String,
    expr: &Expr,
    catalog: &Catalog,
    label: Option<&str>,
    depth: usize,
) {
    let indent = "  ".repeat(depth);
    let label = label.map(|label| format!("{label}: ")).unwrap_or_default();
    let description = match &expr.kind {
        ExprKind::Call(call) if catalog.lookup(&call.name).is_none() => {
            format!("call {} (unknown function)", call.name)
        }
        ExprKind::Call(call) => format!("call {}", call.name),
        ExprKind::Attribute(_) => format!("attribute {}", print(expr)),
        ExprKind::String(_) => format!("string {}", print(expr)),
        ExprKind::Integer(digits) => format!("integer {digits}"),
        ExprKind::Hex(_) => format!("hex {}", print(expr)),
        ExprKind::Placeholder(_) => format!("placeholder {}", print(expr)),
        ExprKind::Identifier(name) => format!("identifier {name}"),
        ExprKind::Compare { op, .. } => format!("compare {op}"),
        ExprKind::Concat(_) => "concat &".to_owned(),
    };
    let _ = writeln!(out, "{indent}{label}{description}");
    match &expr.kind {
        ExprKind::Call(call) => {
            let bindings = catalog
                .lookup(&call.name)
                .map(|spec| spec.bind_leniently(call.args.len()))
                .unwrap_or_default();
            for (index, arg) in call.args.iter().enumerate() {
                let label = match bindings.get(index) {
                    Some(SlotBinding::Condition {
                        left,
                        operator,
                        right,
                    }) if matches!(
                        arg.value.as_ref().map(|value| &value.kind),
                        Some(ExprKind::Compare { .. })
                    ) =>
                    {
                        format!("{}, {}, {}", left.name, operator.name, right.name)
                    }
                    Some(binding) => binding.parameter().name.clone(),
                    None => format!("argument {}", index + 1),
                };
                match &arg.value {
                    Some(value) => render_tree(out, value, catalog, Some(&label), depth + 1),
                    None => {
                        let _ = writeln!(out, "{indent}  {label}: (empty)");
                    }
                }
            }
        }
        ExprKind::Compare { left, right, .. } => {
            render_tree(out, left, catalog, Some("left"), depth + 1);
            render_tree(out, right, catalog, Some("right"), depth + 1);
        }
        ExprKind::Concat(parts) => {
            for (index, part) in parts.iter().enumerate() {
                let label = format!("part {}", index + 1);
                render_tree(out, part, catalog, Some(&label), depth + 1);
            }
        }
        _ => {}
    }
}

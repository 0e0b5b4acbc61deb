//! `synclens eval`: evaluate an attribute-mapping expression for one object, offline,
//! and print what the service would write (human text, or JSON with a trace of every
//! call), optionally beside Graph's own (`--online`). Exit 0 when evaluated, 1 when the
//! expression raised an error or `--online` disagrees, 2 on a usage
//! or parse error.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;

use synclens::expr::eval::{EvalOptions, Evaluator, Object, Shapes, Value};
use synclens::expr::{Position, parse};
use synclens::render::Format;

use super::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, print_stdout};

/// The examples at the end of `synclens eval --help`.
pub(crate) const EXAMPLES: &str = "\
Examples:
  synclens eval 'Join(\"@\", [givenName], \"contoso.com\")' --set givenName=Zoe
  synclens eval --object user.json --format json 'ToLower(NormalizeDiacritics([displayName]))'
  synclens eval 'Join(\"@\", [sAMAccountName], %DomainFQDN%)' --set sAMAccountName=jdoe \\
      --placeholder DomainFQDN=contoso.com
  synclens eval 'SelectUniqueValue([a], [b])' --set a=x --set b=y --existing x
  synclens eval 'IIF([accountEnabled], \"on\", \"off\")' --set accountEnabled=true \\
      --schema schema.json --source-object user
  synclens eval 'Join(\"@\", [givenName], \"contoso.com\")' --set givenName=Zoe \\
      --online graph:servicePrincipals/<ID>/jobs/<JOB ID>
  synclens eval 'Now()' --now 2025-01-01T12:00:00Z
  echo 'Guid()' | synclens eval --seed 42 -";

#[derive(Debug, Args)]
pub(crate) struct EvalArgs {
    /// The expression text; `-` reads it from standard input.
    #[arg(value_name = "EXPRESSION", allow_hyphen_values = true)]
    expression: String,
    /// A JSON object of source attributes: name -> string, list of strings, null, or
    /// JSON (complex values such as appRoleAssignments); `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    object: Option<PathBuf>,
    /// An attribute's value (a string); repeatable; wins over --object.
    #[arg(long = "set", value_name = "NAME=VALUE")]
    set: Vec<String>,
    /// The time Now() returns (RFC 3339, e.g. 2025-01-01T12:00:00Z); default: the clock.
    #[arg(long, value_name = "RFC3339")]
    now: Option<String>,
    /// The seed of Guid() and RandomString(), for repeatable values; default: the clock.
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// A runtime placeholder's value (`DomainFQDN=contoso.com` for %DomainFQDN%);
    /// repeatable. Placeholders not given stay as their text.
    #[arg(long = "placeholder", value_name = "NAME=VALUE")]
    placeholders: Vec<String>,
    /// A value already taken in the target (SelectUniqueValue skips it); repeatable.
    #[arg(long = "existing", value_name = "VALUE", allow_hyphen_values = true)]
    existing: Vec<String>,
    /// A schema, job or template export: source values become what its attributes
    /// hold (a Boolean attribute's `true` is True, an Integer's `42` a number, one value
    /// of a multi-valued attribute a list of one, a Reference's DN a reference).
    #[arg(long, value_name = "FILE")]
    schema: Option<PathBuf>,
    /// With --schema: the source object whose attributes the expression reads (e.g.
    /// `user`); default: every object of the schema, an attribute they define
    /// differently left as given.
    #[arg(long, value_name = "NAME", requires = "schema")]
    source_object: Option<String>,
    /// Output format.
    #[arg(long, value_parser = super::args::choice::<Format>(), default_value = "human")]
    format: Format,
    /// Also ask Graph's parseExpression for the same expression and object in the
    /// schema of this job or template (`graph:servicePrincipals/<ID|APPID|NAME>/jobs/<ID>`),
    /// print both results, and exit 1 when they disagree. Sends the object's values
    /// to the tenant; changes nothing there.
    #[cfg(feature = "fetch")]
    #[arg(long, value_name = "GRAPH_SIDE")]
    online: Option<String>,
    #[cfg(feature = "fetch")]
    #[command(flatten)]
    graph: super::fetch::GraphArgs,
}

pub(crate) fn run(args: &EvalArgs) -> anyhow::Result<u8> {
    if args.expression == "-" && args.object.as_deref() == Some(Path::new("-")) {
        bail!(
            "standard input (`-`) can be read only once: give the expression or the object as text"
        );
    }
    let text = read_text(&args.expression)?;
    let options = options(args)?;
    let object = object(args)?;
    let expr = match parse(&text) {
        Ok(expr) => expr,
        Err(error) => {
            eprintln!("error: {error}");
            eprint!("{}", synclens::render::expr::caret(&text, error.position));
            return Ok(EXIT_FAILURE);
        }
    };
    let result = Evaluator::new().evaluate(&expr, &object, &options);
    #[cfg(feature = "fetch")]
    let online = match &args.online {
        Some(spec) => Some(super::fetch::evaluate_online(
            spec,
            &text,
            &object,
            &args.graph,
        )?),
        None => None,
    };
    #[cfg(not(feature = "fetch"))]
    let online: Option<synclens::expr::eval::OnlineEvaluation> = None;
    let rendered =
        synclens::render::eval::render_with_online(&text, &result, online.as_ref(), args.format);
    print_stdout(&rendered)?;
    let disagrees = online
        .as_ref()
        .is_some_and(|online| !online.agrees_with(&result));
    if let (Format::Human, Some(error)) = (args.format, &result.error) {
        eprintln!(
            "error: {} at {}",
            error.message,
            Position::of(&text, error.span.start)
        );
        eprint!(
            "{}",
            synclens::render::expr::caret(&text, Position::of(&text, error.span.start))
        );
    }
    Ok(if result.error.is_some() || disagrees {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// The expression, or standard input for `-` (bounded, BOM-aware).
fn read_text(argument: &str) -> anyhow::Result<String> {
    let text = super::expr::expression_text(argument)?;
    Ok(text.trim_end_matches(['\r', '\n']).to_owned())
}

fn name_value(argument: &str, option: &str) -> anyhow::Result<(String, String)> {
    match argument.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_owned(), value.to_owned())),
        _ => bail!("{option} `{argument}`: expected NAME=VALUE"),
    }
}

/// `--now RFC3339`, read (shared with `preview`).
pub(super) fn now(
    argument: Option<&String>,
) -> anyhow::Result<Option<synclens::expr::eval::DateTime>> {
    let Some(text) = argument else {
        return Ok(None);
    };
    match synclens::expr::eval::parse_date(text) {
        Some(now) => Ok(Some(now)),
        None => bail!("--now `{text}`: expected an RFC 3339 time such as 2025-01-01T12:00:00Z"),
    }
}

/// `--placeholder NAME=VALUE` arguments, names without their `%` (shared with
/// `preview`).
pub(super) fn placeholders(
    arguments: &[String],
) -> anyhow::Result<std::collections::BTreeMap<String, String>> {
    let mut placeholders = std::collections::BTreeMap::new();
    for argument in arguments {
        let (name, value) = name_value(argument, "--placeholder")?;
        placeholders.insert(name.trim_matches('%').to_owned(), value);
    }
    Ok(placeholders)
}

fn options(args: &EvalArgs) -> anyhow::Result<EvalOptions> {
    Ok(EvalOptions {
        now: now(args.now.as_ref())?,
        seed: args.seed,
        placeholders: placeholders(&args.placeholders)?,
        existing: args.existing.clone(),
        trace: true,
    })
}

fn object(args: &EvalArgs) -> anyhow::Result<Object> {
    let mut object = Object::new();
    if let Some(path) = &args.object {
        let text = if path.as_os_str() == "-" {
            read_text("-")?
        } else {
            let bytes =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            synclens::load::decode_text(bytes)
                .map_err(|message| anyhow::anyhow!("{}: {message}", path.display()))?
                .0
        };
        let json: serde_json::Value =
            serde_json::from_str(&text).with_context(|| format!("{}: not JSON", path.display()))?;
        let serde_json::Value::Object(attributes) = json else {
            bail!(
                "{}: expected a JSON object of attribute name -> value",
                path.display()
            );
        };
        for (name, value) in &attributes {
            object.insert(name.clone(), Value::from_json(value));
        }
    }
    for argument in &args.set {
        let (name, value) = name_value(argument, "--set")?;
        object.insert(name, Value::String(value));
    }
    let Some(path) = &args.schema else {
        return Ok(object);
    };
    let schema = synclens::load::schema_of(path)?;
    let shapes = Shapes::from_schema(&schema, args.source_object.as_deref())
        .map_err(|error| anyhow::anyhow!("--source-object: {error}"))?;
    let untyped: Vec<&str> = shapes
        .conflicts
        .iter()
        .filter(|name| object.keys().any(|given| given.eq_ignore_ascii_case(name)))
        .map(String::as_str)
        .collect();
    if !untyped.is_empty() {
        eprintln!(
            "note: {}: defined differently by several objects of {}, read as given; name \
             the object with --source-object",
            untyped.join(", "),
            path.display()
        );
    }
    Ok(shapes.apply(object))
}

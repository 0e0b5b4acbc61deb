//! `synclens validate`: the arguments resolved into [`PathOptions`], the job done by
//! [`validate_paths`], the findings printed in the chosen format, the notes on stderr
//! (skipped files, `[[ignore]]` entries that matched nothing, what the baseline did),
//! exit 1 when an error-level finding (or, with `--deny-warnings`, a warning)
//! remains.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use synclens::model::Kind;
use synclens::render;
use synclens::render::validate::{ValidateFormat, ValidateStyle};
use synclens::validate::policy::Level;
use synclens::validate::{BaselineMode, PathOptions, Policy, policy::find_config, validate_paths};

use super::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, print_stdout};

/// When to colour human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

#[derive(Debug, Args)]
pub(crate) struct ValidateArgs {
    /// Files or folders (every *.json below that is a synchronization document); `-`
    /// reads stdin.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_parser = super::args::choice::<ValidateFormat>(), default_value = "human")]
    format: ValidateFormat,
    /// Exit 1 on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    /// Never report these rules (codes or names; repeat or separate with commas).
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    allow: Vec<String>,
    /// Report these rules as warnings.
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    warn: Vec<String>,
    /// Report these rules as errors.
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    deny: Vec<String>,
    /// A captured `GET …/schema/functions` response to check expressions against.
    #[arg(long, value_name = "FILE")]
    functions: Option<PathBuf>,
    /// A captured `GET …/schema/filterOperators` response to check scoping clauses
    /// against.
    #[arg(long, value_name = "FILE")]
    filter_operators: Option<PathBuf>,
    /// Use this configuration file instead of the synclens.toml found in the current
    /// folder or its parents.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Ignore any synclens.toml.
    #[arg(long)]
    no_config: bool,
    /// Read every file as this kind instead of detecting it.
    #[arg(long, value_parser = super::args::choice::<Kind>())]
    kind: Option<Kind>,
    /// Colour in human output.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
    /// Report only findings that are not in this baseline (written by
    /// --write-baseline); stderr says how many of its entries matched and how many
    /// are gone.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    baseline: Option<PathBuf>,
    /// Record today's findings in this baseline file (by fingerprint, which survives
    /// `synclens fmt` and reordered exports), then report as --baseline would: only
    /// what it cannot hold (files that do not load).
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
}

/// Whether to colour standard output (`--color`, `NO_COLOR`, a terminal).
pub(super) fn use_color(choice: ColorChoice) -> bool {
    let colour = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => super::stdout_wants_colour(),
    };
    super::colour_stdout(colour);
    colour
}

/// The repository root (the nearest folder with `.git` above the current one), for
/// SARIF's repository-relative URIs.
fn repository_root() -> Option<PathBuf> {
    let current = std::env::current_dir().ok()?;
    current
        .ancestors()
        .find(|folder| folder.join(".git").exists())
        .map(Path::to_path_buf)
}

fn relative_to_repository(path: &str, root: Option<&Path>) -> String {
    let Some(root) = root else {
        return path.to_owned();
    };
    let absolute = std::env::current_dir().map(|c| c.join(path));
    let absolute = absolute
        .ok()
        .and_then(|p| p.canonicalize().ok())
        .unwrap_or_else(|| PathBuf::from(path));
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    absolute
        .strip_prefix(&root)
        .map_or_else(|_| path.to_owned(), |p| p.display().to_string())
}

/// The library's options from the arguments: the configuration file found (unless
/// `--no-config`), the severity flags as overrides.
fn options(args: &ValidateArgs) -> anyhow::Result<PathOptions> {
    let config = if args.no_config {
        None
    } else {
        args.config
            .clone()
            .or_else(|| find_config(&std::env::current_dir().ok()?))
    };
    let mut overrides = Policy::default();
    overrides.deny_warnings = args.deny_warnings;
    for (codes, level) in [
        (&args.allow, Level::Allow),
        (&args.warn, Level::Warn),
        (&args.deny, Level::Deny),
    ] {
        for code in codes {
            overrides.set(code, level)?;
        }
    }
    let baseline = match (&args.write_baseline, &args.baseline) {
        (Some(path), _) => Some(BaselineMode::Write(path.clone())),
        (None, Some(path)) => Some(BaselineMode::Apply(path.clone())),
        (None, None) => None,
    };
    Ok(PathOptions {
        kind: args.kind,
        functions: args.functions.clone(),
        filter_operators: args.filter_operators.clone(),
        config,
        overrides,
        baseline,
        threads: None,
        exit_after: true,
    })
}

pub(crate) fn run(args: &ValidateArgs) -> anyhow::Result<u8> {
    let validation = validate_paths(&args.paths, &options(args)?)?;
    for note in &validation.notes {
        eprintln!("note: {note}");
    }
    let root = repository_root();
    print_stdout(&render::validate::render(
        &validation.report,
        args.format,
        &ValidateStyle {
            style: render::Style {
                color: use_color(args.color),
            },
            version: env!("CARGO_PKG_VERSION"),
            path_of: &|path| relative_to_repository(path, root.as_deref()),
        },
    ))?;
    Ok(if validation.unreadable {
        EXIT_FAILURE
    } else if validation.failing() {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

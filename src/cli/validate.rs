//! `synclens validate`: check files and folders, print the findings in the chosen
//! format, exit 1 when an error-level finding (or, with `--deny-warnings`, a
//! warning) remains. Notes on stderr name `[[ignore]]` entries that matched nothing;
//! `--write-baseline` / `--baseline` record and subtract accepted findings.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context as _, bail};
use clap::{Args, ValueEnum};

use synclens::load::{LoadErrorKind, LoadOptions, load_path};
use synclens::model::{Document, Kind};
use synclens::render;
use synclens::render::validate::{ValidateFormat, ValidateStyle};
use synclens::validate::baseline::Baseline;
use synclens::validate::policy::Level;
use synclens::validate::{
    Catalogs, FileReport, OperatorCatalog, Options, Policy, ValidationReport, load_failure,
    validate_loaded,
};

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

fn find_config() -> Option<PathBuf> {
    synclens::validate::policy::find_config(&std::env::current_dir().ok()?)
}

/// The policy, and the configuration file it was read from (if any). `[[ignore]]
/// path` globs are relative to that file's folder.
fn policy(args: &ValidateArgs) -> anyhow::Result<(Policy, Option<PathBuf>)> {
    let config = if args.no_config {
        None
    } else {
        args.config.clone().or_else(find_config)
    };
    let mut policy = match &config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            Policy::from_toml(&text)
                .with_context(|| format!("{}", path.display()))?
                .relative_to(folder_of(path))
        }
        None => Policy::default(),
    };
    let mut flags = Policy::default();
    flags.deny_warnings = args.deny_warnings;
    for (codes, level) in [
        (&args.allow, Level::Allow),
        (&args.warn, Level::Warn),
        (&args.deny, Level::Deny),
    ] {
        for code in codes {
            flags.set(code, level)?;
        }
    }
    policy = policy.overridden_by(flags);
    Ok((policy, config))
}

/// The folder a file is in (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// One input: the path, how to show it, and whether it was found in a folder.
struct Input {
    path: PathBuf,
    display: String,
    from_folder: bool,
}

fn inputs(paths: &[PathBuf]) -> anyhow::Result<Vec<Input>> {
    if paths.iter().filter(|path| path.as_os_str() == "-").count() > 1 {
        bail!("standard input (`-`) can be read only once; give it once");
    }
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() != "-" && path.is_dir() {
            let found = super::expand_inputs(std::slice::from_ref(path))
                .with_context(|| format!("cannot read folder {}", path.display()))?;
            inputs.extend(found.into_iter().map(|path| Input {
                display: path.display().to_string(),
                path,
                from_folder: true,
            }));
        } else {
            inputs.push(Input {
                display: path.display().to_string(),
                path: path.clone(),
                from_folder: false,
            });
        }
    }
    Ok(inputs)
}

fn operator_catalog(path: &Path) -> anyhow::Result<OperatorCatalog> {
    let options = LoadOptions {
        kind: Some(Kind::FilterOperators),
    };
    let loaded = load_path(path, options).map_err(|e| anyhow::anyhow!("{e}"))?;
    match &loaded.document {
        Document::FilterOperators(list) => Ok(OperatorCatalog::with_list(
            list,
            &format!("{}", path.display()),
        )),
        _ => bail!("{} is not a filterOperators response", path.display()),
    }
}

fn function_catalog(path: &Path) -> anyhow::Result<synclens::expr::Catalog> {
    let options = LoadOptions {
        kind: Some(Kind::Functions),
    };
    let loaded = load_path(path, options).map_err(|e| anyhow::anyhow!("{e}"))?;
    match &loaded.document {
        Document::Functions(list) => Ok(synclens::expr::Catalog::builtin().with_functions(list)),
        _ => bail!("{} is not a functions response", path.display()),
    }
}

/// The catalogs for a file: flags win; otherwise catalogs lying beside the file.
struct CatalogResolver {
    explicit_operators: Option<OperatorCatalog>,
    explicit_functions: Option<synclens::expr::Catalog>,
    by_folder: Mutex<BTreeMap<PathBuf, Catalogs>>,
}

impl CatalogResolver {
    fn new(args: &ValidateArgs) -> anyhow::Result<Self> {
        let explicit_operators = args
            .filter_operators
            .as_deref()
            .map(operator_catalog)
            .transpose()?;
        let explicit_functions = args
            .functions
            .as_deref()
            .map(function_catalog)
            .transpose()?;
        Ok(CatalogResolver {
            explicit_operators,
            explicit_functions,
            by_folder: Mutex::new(BTreeMap::new()),
        })
    }

    fn for_file(&self, path: &Path) -> Catalogs {
        let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
        if let Ok(cache) = self.by_folder.lock()
            && let Some(catalogs) = cache.get(&folder)
        {
            return catalogs.clone();
        }
        let mut catalogs = Catalogs::beside(path);
        if let Some(operators) = &self.explicit_operators {
            catalogs.operators = operators.clone();
        }
        if let Some(functions) = &self.explicit_functions {
            catalogs.functions = functions.clone();
        }
        if let Ok(mut cache) = self.by_folder.lock() {
            cache.insert(folder, catalogs.clone());
        }
        catalogs
    }
}

/// What one input produced.
enum Outcome {
    /// The report, and the path of the file as given.
    Report(FileReport, PathBuf),
    /// A file in a folder that is not a synchronization document.
    Skipped(String),
}

/// Loads and validates one input. `only_input`: the process ends right after, so the
/// loaded document is left for the exit to free instead of being freed piece by piece
/// (see `diff`); with more inputs each is freed when done, so memory stays that of
/// the inputs in flight, whatever the size of the folder.
fn check_one(
    input: &Input,
    args: &ValidateArgs,
    policy: &Policy,
    resolver: &CatalogResolver,
    only_input: bool,
) -> (Outcome, bool) {
    let load_options = LoadOptions { kind: args.kind };
    match super::load_input(&input.path, load_options) {
        Ok(loaded) => {
            if input.from_folder && loaded.kind() == Kind::Unknown {
                return (Outcome::Skipped(input.display.clone()), false);
            }
            let options = Options {
                catalogs: resolver.for_file(&input.path),
                policy: policy.clone(),
            };
            let report = validate_loaded(&loaded, &input.display, &options);
            if only_input {
                std::mem::forget(loaded);
            }
            (Outcome::Report(report, input.path.clone()), false)
        }
        Err(error) => {
            let unreadable = matches!(error.kind, LoadErrorKind::Read(_));
            let options = Options {
                catalogs: Catalogs::default(),
                policy: policy.clone(),
            };
            (
                Outcome::Report(
                    load_failure(&error, &input.display, &options),
                    input.path.clone(),
                ),
                unreadable,
            )
        }
    }
}

/// Checks the inputs on all cores; results keep the input order.
fn check_all(
    inputs: &[Input],
    args: &ValidateArgs,
    policy: &Policy,
    resolver: &CatalogResolver,
) -> Vec<(Outcome, bool)> {
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(inputs.len().max(1));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<(Outcome, bool)>>> =
        Mutex::new((0..inputs.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(input) = inputs.get(index) else {
                        break;
                    };
                    let outcome = check_one(input, args, policy, resolver, inputs.len() == 1);
                    if let Ok(mut results) = results.lock()
                        && let Some(slot) = results.get_mut(index)
                    {
                        *slot = Some(outcome);
                    }
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}

/// Whether to colour standard output (`--color`, `NO_COLOR`, a terminal).
pub(super) fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
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

/// The path of `file` relative to `folder` (both made absolute), with `/` and `..`
/// where needed; standard input stays `-`.
fn relative_path(folder: &Path, file: &Path) -> String {
    if file.as_os_str() == "-" {
        return "-".to_owned();
    }
    let absolute = |path: &Path| {
        path.canonicalize().unwrap_or_else(|_| {
            std::env::current_dir().map_or_else(|_| path.to_path_buf(), |c| c.join(path))
        })
    };
    let (folder, file) = (absolute(folder), absolute(file));
    let from: Vec<_> = folder.components().collect();
    let to: Vec<_> = file.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return file.display().to_string();
    }
    let ups = from.len().saturating_sub(common);
    let mut parts: Vec<String> = vec!["..".to_owned(); ups];
    parts.extend(
        to.iter()
            .skip(common)
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// Applies `--write-baseline` / `--baseline` to the reports (each with its file's
/// path as given); notes on stderr say what happened.
fn apply_baseline(args: &ValidateArgs, files: &mut [(FileReport, PathBuf)]) -> anyhow::Result<()> {
    let (path, baseline) = if let Some(path) = &args.write_baseline {
        let folder = folder_of(path);
        let baseline = Baseline::of(
            files
                .iter()
                .map(|(report, file)| (relative_path(folder, file), report)),
        );
        synclens::fs::write_atomically(path, baseline.to_json().as_bytes())
            .with_context(|| format!("cannot write baseline {}", path.display()))?;
        eprintln!(
            "note: wrote {} baseline entr{} to {}",
            baseline.entries.len(),
            if baseline.entries.len() == 1 {
                "y"
            } else {
                "ies"
            },
            path.display()
        );
        (path, baseline)
    } else if let Some(path) = &args.baseline {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read baseline {}", path.display()))?;
        let baseline =
            Baseline::parse(&text).with_context(|| format!("baseline {}", path.display()))?;
        (path, baseline)
    } else {
        return Ok(());
    };
    let folder = folder_of(path);
    let applied = baseline.apply(
        files
            .iter_mut()
            .map(|(report, file)| (relative_path(folder, file), report)),
    );
    if args.baseline.is_some() {
        eprintln!(
            "note: baseline {}: {} of {} entries matched a finding, {} gone (fixed or changed)",
            path.display(),
            applied.matched,
            applied.entries,
            applied.gone()
        );
    }
    Ok(())
}

pub(crate) fn run(args: &ValidateArgs) -> anyhow::Result<u8> {
    let (policy, config) = policy(args)?;
    let resolver = CatalogResolver::new(args)?;
    let inputs = inputs(&args.paths)?;
    let mut files = Vec::new();
    let mut unreadable = false;
    for (outcome, failed_to_read) in check_all(&inputs, args, &policy, &resolver) {
        unreadable |= failed_to_read;
        match outcome {
            Outcome::Report(report, path) => files.push((report, path)),
            Outcome::Skipped(path) => {
                eprintln!("note: {path}: not a synchronization document, skipped");
            }
        }
    }
    let config_name = config.as_deref().map_or_else(
        || "synclens.toml".to_owned(),
        |path| {
            // Shown relative to the current folder when it lies below it.
            std::env::current_dir()
                .ok()
                .and_then(|current| path.strip_prefix(current).ok().map(Path::to_path_buf))
                .unwrap_or_else(|| path.to_path_buf())
                .display()
                .to_string()
        },
    );
    for (number, ignore) in policy.unmatched_ignores() {
        eprintln!(
            "note: {config_name}: [[ignore]] entry {number} ({}) matched no finding; \
             remove it if what it accepted is gone",
            ignore.describe()
        );
    }
    apply_baseline(args, &mut files)?;
    let report = ValidationReport::new(files.into_iter().map(|(report, _)| report).collect());
    let root = repository_root();
    let text = render::validate::render(
        &report,
        args.format,
        &ValidateStyle {
            style: render::Style {
                color: use_color(args.color),
            },
            version: env!("CARGO_PKG_VERSION"),
            path_of: &|path| relative_to_repository(path, root.as_deref()),
        },
    );
    print_stdout(&text)?;
    let failing =
        report.summary.errors > 0 || (policy.deny_warnings && report.summary.warnings > 0);
    Ok(if unreadable {
        EXIT_FAILURE
    } else if failing {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

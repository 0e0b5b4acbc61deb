//! Validating files and folders, the whole job of `synclens validate`: folders
//! expanded ([`crate::load::inputs`]), the severity policy read from its configuration
//! file, catalogs found beside each file (or given), every file checked on a pool of
//! threads, files in folders that are no synchronization document skipped, and a
//! baseline written or applied. What a command line would print on standard error
//! comes back as notes.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::baseline::{Baseline, BaselineError};
use super::policy::PolicyError;
use super::{
    Catalogs, FileReport, OperatorCatalog, Options, Policy, ValidationReport, load_failure,
    validate_loaded,
};
use crate::load::inputs::{self, Input, InputError};
use crate::load::{LoadErrorKind, LoadOptions, load_path};
use crate::model::{Document, Kind};

/// How to validate paths.
#[derive(Debug, Clone, Default)]
pub struct PathOptions {
    /// Read every file as this kind instead of detecting it.
    pub kind: Option<Kind>,
    /// A captured `/functions` response to check every file's expressions against
    /// (else a `functions.json` beside each file, else the built-in catalog).
    pub functions: Option<PathBuf>,
    /// A captured `/filterOperators` response to check every file's scoping clauses
    /// against (else a `filter-operators.json` beside each file, else the built-in
    /// catalog).
    pub filter_operators: Option<PathBuf>,
    /// The configuration file (`synclens.toml`) to read the policy from, if any (see
    /// [`super::policy::find_config`]); its `[[ignore]] path` globs are relative to its
    /// folder.
    pub config: Option<PathBuf>,
    /// Severity settings that win over the configuration file (`--allow`, `--warn`,
    /// `--deny`, `--deny-warnings`).
    pub overrides: Policy,
    /// A baseline to write or apply.
    pub baseline: Option<BaselineMode>,
    /// How many files to check at once (default: the available parallelism).
    pub threads: Option<NonZeroUsize>,
    /// The process ends right after (a command line): a single input's document is
    /// then left for the exit to free instead of being freed piece by piece, which
    /// takes long for a large document. Never set it in a long-running process.
    pub exit_after: bool,
}

/// What to do with a baseline file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BaselineMode {
    /// Report only findings that are not in this baseline.
    Apply(PathBuf),
    /// Record today's findings in this baseline, then report as [`BaselineMode::Apply`]
    /// would: only what it cannot hold (files that do not load).
    Write(PathBuf),
}

/// What validating paths gave.
#[derive(Debug, Clone)]
pub struct Validation {
    /// The report, one entry per checked file in input order.
    pub report: ValidationReport,
    /// Notes for people (skipped files, `[[ignore]]` entries that matched nothing, what
    /// the baseline did), in the order they arose.
    pub notes: Vec<String>,
    /// Whether a file could not be read at all (as opposed to not loading).
    pub unreadable: bool,
    /// The policy the files were judged by (configuration and overrides).
    pub policy: Policy,
}

impl Validation {
    /// Whether the findings fail the check: an error, or a warning under
    /// `deny_warnings`.
    pub fn failing(&self) -> bool {
        let summary = &self.report.summary;
        summary.errors > 0 || (self.policy.deny_warnings && summary.warnings > 0)
    }
}

/// Why paths cannot be validated at all.
#[derive(Debug, thiserror::Error)]
pub enum ValidateError {
    /// The configuration file cannot be read.
    #[error("cannot read {}", path.display())]
    ReadConfig {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The configuration file is not valid.
    #[error("{}", path.display())]
    Config {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        #[source]
        source: PolicyError,
    },
    /// A catalog given explicitly that cannot be used.
    #[error("{0}")]
    Catalog(String),
    /// The inputs cannot be expanded.
    #[error(transparent)]
    Inputs(#[from] InputError),
    /// The baseline cannot be written.
    #[error("cannot write baseline {}", path.display())]
    WriteBaseline {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: crate::fs::WriteError,
    },
    /// The baseline cannot be read.
    #[error("cannot read baseline {}", path.display())]
    ReadBaseline {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The baseline is not valid.
    #[error("baseline {}", path.display())]
    Baseline {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        #[source]
        source: BaselineError,
    },
}

/// Validates files and folders (`-` is standard input): the whole job of `synclens
/// validate` but rendering.
///
/// ```
/// use std::path::PathBuf;
/// use synclens::validate::{PathOptions, validate_paths};
///
/// let folder = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/valid"));
/// let validation = validate_paths(&[folder], &PathOptions::default())?;
/// assert!(!validation.failing());
/// # Ok::<(), synclens::validate::ValidateError>(())
/// ```
pub fn validate_paths(
    paths: &[PathBuf],
    options: &PathOptions,
) -> Result<Validation, ValidateError> {
    let policy = policy(options)?;
    let resolver = CatalogResolver::new(options)?;
    let expansion = inputs::expand(paths)?;
    let mut notes = expansion.notes;
    let inputs = expansion.inputs;
    let mut files = Vec::new();
    let mut unreadable = false;
    let threads = options.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, NonZeroUsize::get),
        NonZeroUsize::get,
    );
    let job = Job {
        kind: options.kind,
        policy: &policy,
        resolver: &resolver,
        only_input: options.exit_after && inputs.len() == 1,
    };
    for (outcome, failed_to_read) in check_all(&inputs, &job, threads) {
        unreadable |= failed_to_read;
        match outcome {
            Outcome::Report(report, path) => files.push((report, path)),
            Outcome::Skipped(path) => {
                notes.push(format!("{path}: not a synchronization document, skipped"));
            }
        }
    }
    let config_name = options.config.as_deref().map_or_else(
        || super::policy::CONFIG_FILE.to_owned(),
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
        notes.push(format!(
            "{config_name}: [[ignore]] entry {number} ({}) matched no finding; \
             remove it if what it accepted is gone",
            ignore.describe()
        ));
    }
    if let Some(mode) = &options.baseline {
        apply_baseline(mode, &mut files, &mut notes)?;
    }
    let report = ValidationReport::new(files.into_iter().map(|(report, _)| report).collect());
    Ok(Validation {
        report,
        notes,
        unreadable,
        policy,
    })
}

/// The policy: the configuration file's, with the overrides laid over it.
fn policy(options: &PathOptions) -> Result<Policy, ValidateError> {
    let policy = match &options.config {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|source| ValidateError::ReadConfig {
                    path: path.clone(),
                    source,
                })?;
            Policy::from_toml(&text)
                .map_err(|source| ValidateError::Config {
                    path: path.clone(),
                    source,
                })?
                .relative_to(folder_of(path))
        }
        None => Policy::default(),
    };
    Ok(policy.overridden_by(options.overrides.clone()))
}

/// The folder a file is in (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

fn operator_catalog(path: &Path) -> Result<OperatorCatalog, ValidateError> {
    let options = LoadOptions {
        kind: Some(Kind::FilterOperators),
    };
    let loaded = load_path(path, options).map_err(|e| ValidateError::Catalog(e.to_string()))?;
    match &loaded.document {
        Document::FilterOperators(list) => Ok(OperatorCatalog::with_list(
            list,
            &format!("{}", path.display()),
        )),
        _ => Err(ValidateError::Catalog(format!(
            "{} is not a filterOperators response",
            path.display()
        ))),
    }
}

/// The built-in function catalog with a captured `GET …/schema/functions` response
/// (`--functions FILE`) laid over it; the error names the file.
pub fn function_catalog(path: &Path) -> Result<crate::expr::Catalog, ValidateError> {
    let options = LoadOptions {
        kind: Some(Kind::Functions),
    };
    let loaded = load_path(path, options).map_err(|e| ValidateError::Catalog(e.to_string()))?;
    match &loaded.document {
        Document::Functions(list) => Ok(crate::expr::Catalog::builtin().with_functions(list)),
        _ => Err(ValidateError::Catalog(format!(
            "{} is not a functions response",
            path.display()
        ))),
    }
}

/// The catalogs for a file: explicit ones win; otherwise catalogs lying beside the
/// file, read once per folder.
struct CatalogResolver {
    explicit_operators: Option<OperatorCatalog>,
    explicit_functions: Option<crate::expr::Catalog>,
    by_folder: Mutex<BTreeMap<PathBuf, Catalogs>>,
}

impl CatalogResolver {
    fn new(options: &PathOptions) -> Result<Self, ValidateError> {
        let explicit_operators = options
            .filter_operators
            .as_deref()
            .map(operator_catalog)
            .transpose()?;
        let explicit_functions = options
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

/// What every file is checked with.
struct Job<'a> {
    kind: Option<Kind>,
    policy: &'a Policy,
    resolver: &'a CatalogResolver,
    /// Only one input, and the process ends right after (see [`check_one`]).
    only_input: bool,
}

/// What one input produced.
enum Outcome {
    /// The report, and the path of the file as given.
    Report(FileReport, PathBuf),
    /// A file in a folder that is not a synchronization document.
    Skipped(String),
}

/// Loads and validates one input; also says whether it could not be read at all.
/// With only one input and [`PathOptions::exit_after`] the loaded document is left for the process exit to free
/// instead of being freed piece by piece (see `diff`); with more inputs each is freed
/// when done, so memory stays that of the inputs in flight, whatever the size of the
/// folder.
fn check_one(input: &Input, job: &Job<'_>) -> (Outcome, bool) {
    let display = input.path.display().to_string();
    let load_options = LoadOptions { kind: job.kind };
    match inputs::load(&input.path, load_options) {
        Ok(loaded) => {
            if input.from_folder && loaded.kind() == Kind::Unknown {
                return (Outcome::Skipped(display), false);
            }
            let options = Options {
                catalogs: job.resolver.for_file(&input.path),
                policy: job.policy.clone(),
            };
            let report = validate_loaded(&loaded, &display, &options);
            if job.only_input {
                std::mem::forget(loaded);
            }
            (Outcome::Report(report, input.path.clone()), false)
        }
        Err(error) => {
            let unreadable = matches!(error.kind, LoadErrorKind::Read(_));
            let options = Options {
                catalogs: Catalogs::default(),
                policy: job.policy.clone(),
            };
            (
                Outcome::Report(load_failure(&error, &display, &options), input.path.clone()),
                unreadable,
            )
        }
    }
}

/// Checks the inputs on `threads` threads; results keep the input order.
fn check_all(inputs: &[Input], job: &Job<'_>, threads: usize) -> Vec<(Outcome, bool)> {
    let workers = threads.min(inputs.len().max(1));
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
                    let outcome = check_one(input, job);
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

/// The path of `file` relative to `folder` (both made absolute), with `/` and `..`
/// where needed; standard input stays `-`.
fn relative_path(folder: &Path, file: &Path) -> String {
    if inputs::is_stdin(file) {
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

/// Writes or applies the baseline to the reports (each with its file's path as
/// given); notes say what happened.
fn apply_baseline(
    mode: &BaselineMode,
    files: &mut [(FileReport, PathBuf)],
    notes: &mut Vec<String>,
) -> Result<(), ValidateError> {
    let (path, baseline) = match mode {
        BaselineMode::Write(path) => {
            let folder = folder_of(path);
            let baseline = Baseline::of(
                files
                    .iter()
                    .map(|(report, file)| (relative_path(folder, file), report)),
            );
            crate::fs::write_atomically(path, baseline.to_json().as_bytes()).map_err(|source| {
                ValidateError::WriteBaseline {
                    path: path.clone(),
                    source,
                }
            })?;
            notes.push(format!(
                "wrote {} baseline entr{} to {}",
                baseline.entries.len(),
                if baseline.entries.len() == 1 {
                    "y"
                } else {
                    "ies"
                },
                path.display()
            ));
            (path, baseline)
        }
        BaselineMode::Apply(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|source| ValidateError::ReadBaseline {
                    path: path.clone(),
                    source,
                })?;
            let baseline = Baseline::parse(&text).map_err(|source| ValidateError::Baseline {
                path: path.clone(),
                source,
            })?;
            (path, baseline)
        }
    };
    let folder = folder_of(path);
    let applied = baseline.apply(
        files
            .iter_mut()
            .map(|(report, file)| (relative_path(folder, file), report)),
    );
    if matches!(mode, BaselineMode::Apply(_)) {
        notes.push(format!(
            "baseline {}: {} of {} entries matched a finding, {} gone (fixed or changed)",
            path.display(),
            applied.matched,
            applied.entries,
            applied.gone()
        ));
    }
    Ok(())
}

//! `diff`: what changed between two schemas, jobs, templates or folders of them,
//! matched by identity (never position) and classified by risk.
//!
//! Entry points: [`diff`] (two loaded documents), [`diff_named`] (one pair of a larger
//! diff: its file label, and where the new side's catalogs are), [`diff_folders`]
//! (two folders, files paired by relative path) and [`load`] (a side, refusing a
//! truncated PowerShell export).
//!
//! Stages: pair the documents (two files, or files of two folders by relative
//! path: [`folders`]; by kind: `document`) → match entities by
//! [`identity`](crate::identity) keys (`keyed`) → compare each matched pair by meaning
//! (expressions as trees, scoping filters as OR-of-AND sets: `mapping`, `scope`;
//! definitions: `schema`; jobs, templates, secrets bodies and catalogs in their own
//! files) → a [`Change`] per difference, located by a typed [`ChangePath`], with its
//! code and impact from the registry ([`change`]) → filter (server-maintained values
//! hidden unless asked, `--ignore` globs) and sort worst first ([`sort`], in
//! `report`). The findings of validating the new side travel with the report
//! ([`NewSideFinding`]).

mod catalog;
pub mod change;
mod differ;
mod document;
pub mod folders;
mod job;
mod keyed;
mod mapping;
pub mod path;
mod paths;
mod report;
mod report_schema;
pub mod sample;
mod schema;
mod scope;
mod secrets;
mod template;

use std::path::{Path, PathBuf};

pub use change::{Change, ChangeKind, ChangeMeta, Impact};
pub use folders::{FolderListing, Skipped, diff_folders, diff_listings, list_folder};
pub use path::{ChangePath, Segment, SemanticPath};
pub use paths::{PathsDiff, SideLoader, diff_paths, diff_paths_with};
pub use report::{DiffReport, DiffSummary, NewSideFinding, section, sort};
pub use report_schema::report_schema;

use crate::load::{LoadError, LoadOptions, Loaded, load_path};
use crate::model::Kind;
use crate::validate::{Catalogs, Policy, Severity, validate_loaded};
use differ::{Differ, Side};

/// What to report.
#[derive(Debug, Clone, Default)]
pub struct DiffOptions {
    /// Also report server-maintained values (versions, OData annotations, ids, status).
    pub all: bool,
    /// Template-vs-job mode: summarise what the job discovered where the template
    /// lists nothing.
    pub customizations: bool,
    /// Drop changes whose semantic path matches one of these patterns (`*` matches
    /// anything; see [`path::wildcard_match`]).
    pub ignore: Vec<String>,
    /// Validate the new side as `validate` would and keep its findings in the report;
    /// `None`: not validated.
    pub new_side: Option<NewSideCheck>,
}

/// How the new side is validated.
#[derive(Debug, Clone)]
pub struct NewSideCheck {
    /// The lowest severity of the findings kept (errors always; warnings too when the
    /// run fails on them).
    pub threshold: Severity,
    /// The policy `validate` applies (`synclens.toml`).
    pub policy: Policy,
}

/// Why a diff could not be made: a side that could not be read, named.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DiffError {
    /// A folder (or a folder below it) could not be listed.
    #[error("cannot read folder {}: {source}", folder.display())]
    Folder {
        /// The folder compared.
        folder: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A folder compared with a file.
    #[error(
        "{} and {}: compare a folder with a folder, or a file with a file",
        old.display(),
        new.display()
    )]
    FolderAndFile {
        /// The old side.
        old: PathBuf,
        /// The new side.
        new: PathBuf,
    },
    /// A side the caller's loader could not give (a live Graph schema, …).
    #[error("{message}")]
    Side {
        /// The side as given.
        side: PathBuf,
        /// Why, naming the side.
        message: String,
    },
    /// A file did not load (or is a truncated PowerShell export). Its message is the
    /// load error's (which names the file), shown once: not also as a source.
    #[error("{error}")]
    Load {
        /// The file.
        file: PathBuf,
        /// Why.
        error: Box<LoadError>,
    },
}

/// Loads one side: a synchronization document or any other JSON; a PowerShell export
/// cut off by `ConvertTo-Json` is an error (it is not the configuration).
pub fn load(path: &Path) -> Result<Loaded, DiffError> {
    let failed = |error| DiffError::Load {
        file: path.to_path_buf(),
        error: Box::new(error),
    };
    let loaded = load_path(path, LoadOptions::default()).map_err(failed)?;
    loaded.require_complete().map_err(failed)?;
    Ok(loaded)
}

/// Whether a loaded file is a synchronization document (not other JSON).
pub fn is_document(loaded: &Loaded) -> bool {
    loaded.kind() != Kind::Unknown
}

/// What changed from `old` to `new`: the report (filtered, sorted, counted), with the
/// findings of validating `new` when [`DiffOptions::new_side`] asks (its catalogs are
/// looked for beside `new.path`).
pub fn diff(old: &Loaded, new: &Loaded, options: &DiffOptions) -> DiffReport {
    diff_named(old, new, None, &new.path, options)
}

/// [`diff`] for one pair of a larger diff: `file` labels its changes and findings
/// (the relative path in a folder diff), and `new_path` is where the new side lives
/// (its catalogs are looked for beside it, and validate's policy sees that path), for
/// a side read from elsewhere (git's temporary copy, Graph).
pub fn diff_named(
    old: &Loaded,
    new: &Loaded,
    file: Option<&str>,
    new_path: &Path,
    options: &DiffOptions,
) -> DiffReport {
    let (changes, initial_cycle) = diff_loaded(old, new, file, options);
    let findings = new_side_findings(new, new_path, file, options);
    DiffReport::new(changes, initial_cycle, options).with_findings(findings)
}

/// Changes between two loaded documents, and whether a schema changed.
fn diff_loaded(
    old: &Loaded,
    new: &Loaded,
    file: Option<&str>,
    options: &DiffOptions,
) -> (Vec<Change>, bool) {
    let mut differ = Differ::new(
        Side {
            source: &old.source,
        },
        Side {
            source: &new.source,
        },
        file.map(str::to_owned),
    );
    differ.customizations = options.customizations;
    differ.documents(&old.document, &new.document);
    let initial_cycle = differ.schema_changed;
    (differ.changes, initial_cycle)
}

/// Validates the new side as `validate` would (the policy, the catalogs beside
/// `path`) when the options ask and it is a document, and keeps the findings at or
/// above the threshold.
fn new_side_findings(
    loaded: &Loaded,
    path: &Path,
    file: Option<&str>,
    options: &DiffOptions,
) -> Vec<NewSideFinding> {
    let Some(check) = options.new_side.as_ref().filter(|_| is_document(loaded)) else {
        return Vec::new();
    };
    let options = crate::validate::Options {
        catalogs: Catalogs::beside(path),
        policy: check.policy.clone(),
    };
    validate_loaded(loaded, &path.display().to_string(), &options)
        .findings
        .iter()
        .filter(|finding| finding.severity >= check.threshold)
        .map(|finding| NewSideFinding::new(file, finding))
        .collect()
}

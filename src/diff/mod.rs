//! `diff`: what changed between two schemas, jobs, templates or folders of them,
//! matched by identity (never position) and classified by risk.
//!
//! Stages: pair the documents (two files, or files of two folders by relative
//! path) → match entities by [`identity`](crate::identity) keys ([`keyed`]) → compare
//! each matched pair by meaning (expressions as trees, scoping filters as
//! OR-of-AND sets: [`mapping`], [`scope`]) → a [`Change`] per difference with its
//! code and impact from the registry ([`change`]) → filter (server-maintained values
//! hidden unless asked, `--ignore` globs) and sort worst first ([`sort`]). The
//! findings of validating the new side travel with the report ([`NewSideFinding`]).

mod catalog;
pub mod change;
mod differ;
mod document;
mod job;
mod keyed;
mod mapping;
pub mod path;
mod report;
mod schema;
mod scope;
mod secrets;
mod template;

pub use change::{Change, ChangeKind, ChangeMeta, Impact};
pub use path::{ChangePath, Segment, SemanticPath};
pub use report::{DiffReport, DiffSummary, NewSideFinding, section, sort};

use crate::load::Loaded;
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
}

/// Changes between two loaded documents, and whether a schema changed.
pub fn diff_loaded(
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

/// The change for a file present only on one side of a folder diff.
pub fn file_change(file: &str, added: bool) -> Change {
    let (meta, kind, message) = if added {
        (
            &change::FILE_ADDED,
            ChangeKind::Added,
            format!("file `{file}` added"),
        )
    } else {
        (
            &change::FILE_REMOVED,
            ChangeKind::Removed,
            format!("file `{file}` removed"),
        )
    };
    Change {
        file: Some(file.to_owned()),
        code: meta.code,
        name: meta.name,
        impact: meta.impact,
        kind,
        path: path::ChangePath::root(),
        old_pointer: (!added).then(String::new),
        new_pointer: added.then(String::new),
        old_line: None,
        new_line: None,
        old: None,
        new: None,
        message,
    }
}

//! The synchronization schema of an export that holds one: a schema itself, or the
//! `schema` of a job or a template (what `synclens test` and `synclens eval --schema`
//! read).

use std::path::{Path, PathBuf};

use super::{LoadError, LoadOptions, load_path};
use crate::model::{Document, Kind, SynchronizationSchema};

/// Why a file gives no synchronization schema.
#[derive(Debug, thiserror::Error)]
pub enum SchemaOfError {
    /// The file does not load.
    #[error("cannot load the schema: {0}")]
    Load(Box<LoadError>),
    /// A job or template without a `schema`.
    #[error("{}: the {kind} has no schema", path.display())]
    NoSchema {
        /// The file.
        path: PathBuf,
        /// `job` or `template`.
        kind: Kind,
    },
    /// Another kind of document.
    #[error(
        "{}: a document of kind `{kind}`, not a synchronization schema, job or template",
        path.display()
    )]
    WrongKind {
        /// The file.
        path: PathBuf,
        /// What it is.
        kind: Kind,
    },
}

/// The synchronization schema a document holds: itself, or a job's or template's.
pub fn schema_in(document: &Document) -> Option<&SynchronizationSchema> {
    match document {
        Document::Schema(schema) => Some(schema),
        Document::Job(job) => job.schema.get(),
        Document::Template(template) => template.schema.get(),
        _ => None,
    }
}

/// The synchronization schema of the schema, job or template export at `path`.
pub fn schema_of(path: &Path) -> Result<SynchronizationSchema, SchemaOfError> {
    let loaded = load_path(path, LoadOptions::default())
        .map_err(|error| SchemaOfError::Load(Box::new(error)))?;
    let kind = loaded.kind();
    let schema = match loaded.document {
        Document::Schema(schema) => return Ok(*schema),
        Document::Job(job) => job.schema.get().cloned(),
        Document::Template(template) => template.schema.get().cloned(),
        _ => {
            return Err(SchemaOfError::WrongKind {
                path: path.to_path_buf(),
                kind,
            });
        }
    };
    schema.ok_or_else(|| SchemaOfError::NoSchema {
        path: path.to_path_buf(),
        kind,
    })
}

//! Atomic file writes: a temporary file in the same folder, then a rename, so a reader
//! (or an interrupted run) never leaves a half-written file. `synclens fmt`, `schema
//! --write` and `fetch` all write through here.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A write that failed, naming the file and the step.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// A symbolic link could not be resolved.
    #[error("cannot resolve the link {}", path.display())]
    Link {
        /// The link.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// The temporary file could not be created.
    #[error("cannot create a temporary file in {}", folder.display())]
    Create {
        /// The folder.
        folder: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// The bytes could not be written.
    #[error("cannot write {}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// The temporary file could not replace the target.
    #[error("cannot replace {}", path.display())]
    Replace {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
}

/// Writes a file through a temporary file in the same folder and a rename, so a reader
/// never sees it half-written. An existing file keeps its permissions, and a symbolic
/// link is written through (the file it points to is replaced, the link stays). On
/// failure the temporary file is removed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let target = if path.is_symlink() {
        std::fs::canonicalize(path).map_err(|source| WriteError::Link {
            path: path.to_owned(),
            source,
        })?
    } else {
        path.to_path_buf()
    };
    let permissions = std::fs::metadata(&target).ok().map(|m| m.permissions());
    let folder = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut file =
        tempfile::NamedTempFile::new_in(folder).map_err(|source| WriteError::Create {
            folder: folder.to_owned(),
            source,
        })?;
    file.write_all(bytes)
        .and_then(|()| match permissions {
            Some(permissions) => file.as_file().set_permissions(permissions),
            None => Ok(()),
        })
        .and_then(|()| file.as_file().sync_all())
        .map_err(|source| WriteError::Write {
            path: path.to_owned(),
            source,
        })?;
    file.persist(&target).map_err(|error| WriteError::Replace {
        path: path.to_owned(),
        source: error.error,
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replace_and_leave_no_temporary_file() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("a.json");
        write_atomically(&path, b"one\n").unwrap();
        write_atomically(&path, b"two\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two\n");
        let names: Vec<_> = std::fs::read_dir(folder.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
        let missing = folder.path().join("no/such/folder/a.json");
        assert!(matches!(
            write_atomically(&missing, b"x"),
            Err(WriteError::Create { .. })
        ));
    }
}

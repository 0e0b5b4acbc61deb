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
    #[error("cannot write {}; it is left unchanged", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// The file changed on disk after it was read; it was not overwritten.
    #[error("{} changed on disk after it was read; not overwritten (run again)", path.display())]
    Changed {
        /// The file.
        path: PathBuf,
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
/// failure the temporary file is removed and the file is left as it was.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_atomically_with(path, bytes, None, &mut |file, bytes| file.write_all(bytes))
}

/// [`write_atomically`] for a file read earlier as `original`: when the file no longer
/// holds those bytes just before the rename (someone changed or deleted it
/// meanwhile), nothing is replaced and the error names the file. The check and the
/// rename are two steps: an edit landing between them can still be replaced.
pub fn replace_atomically(path: &Path, bytes: &[u8], original: &[u8]) -> Result<(), WriteError> {
    write_atomically_with(path, bytes, Some(original), &mut |file, bytes| {
        file.write_all(bytes)
    })
}

/// The writer of the temporary file (a parameter so tests can make it fail).
pub type WriteFn<'a> = dyn FnMut(&mut std::fs::File, &[u8]) -> io::Result<()> + 'a;

/// The implementation of [`write_atomically`] and [`replace_atomically`], with the
/// writer of the temporary file as a parameter.
pub fn write_atomically_with(
    path: &Path,
    bytes: &[u8],
    original: Option<&[u8]>,
    write: &mut WriteFn<'_>,
) -> Result<(), WriteError> {
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
    write(file.as_file_mut(), bytes)
        .and_then(|()| match permissions {
            Some(permissions) => file.as_file().set_permissions(permissions),
            None => Ok(()),
        })
        .and_then(|()| file.as_file().sync_all())
        .map_err(|source| WriteError::Write {
            path: path.to_owned(),
            source,
        })?;
    if let Some(original) = original {
        // The last moment before the rename: a file edited since it was read is kept.
        let now = std::fs::read(&target).ok();
        if now.as_deref() != Some(original) {
            return Err(WriteError::Changed {
                path: path.to_owned(),
            });
        }
    }
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
    fn entries(folder: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_failing_write_leaves_the_original_and_no_temporary_file() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("schema.json");
        std::fs::write(&path, b"original").unwrap();
        // Writes part of the text, then fails, as a full disk does.
        let mut failing = |file: &mut std::fs::File, bytes: &[u8]| {
            file.write_all(&bytes[..bytes.len() / 2])?;
            Err(std::io::Error::other("disk full"))
        };
        let error =
            write_atomically_with(&path, b"new text", Some(b"original"), &mut failing).unwrap_err();
        let message = format!("{error}: {}", std::error::Error::source(&error).unwrap());
        assert!(message.contains("schema.json"), "{message}");
        assert!(message.contains("disk full"), "{message}");
        assert_eq!(std::fs::read(&path).unwrap(), b"original");
        assert_eq!(entries(folder.path()), ["schema.json"]);
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_not_overwritten() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("schema.json");
        std::fs::write(&path, b"edited meanwhile").unwrap();
        let error = replace_atomically(&path, b"formatted", b"as read").unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("schema.json") && message.contains("changed on disk"),
            "{message}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), b"edited meanwhile");
        assert_eq!(entries(folder.path()), ["schema.json"]);
        // A file deleted meanwhile is not recreated either.
        std::fs::remove_file(&path).unwrap();
        assert!(replace_atomically(&path, b"formatted", b"as read").is_err());
        assert!(entries(folder.path()).is_empty());
        // Unchanged: replaced.
        std::fs::write(&path, b"as read").unwrap();
        replace_atomically(&path, b"formatted", b"as read").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"formatted");
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_kept() {
        use std::os::unix::fs::PermissionsExt;
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("schema.json");
        std::fs::write(&path, b"old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        replace_atomically(&path, b"new", b"old").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(entries(folder.path()), ["schema.json"]);
    }
}

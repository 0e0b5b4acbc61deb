//! Atomic file writes: a temporary file in the same folder, then a rename, so a reader
//! (or an interrupted run) never leaves a half-written file. `synclens fmt`, `schema
//! --write` and `fetch` all write through here.
//!
//! What a replaced file keeps: its permission bits, its owner and group (best effort
//! when not running as root: the system lets only root give a file away), and its
//! extended attributes (ACLs and security labels included, on Linux and macOS). A file
//! with several hard links is refused: replacing one name would split it from the
//! others, and writing in place would not be atomic. A new file gets `0666` minus the
//! umask, as any program's new file does.
//!
//! Two ways to treat a symbolic link at the path: [`write_atomically`] and
//! [`replace_atomically`] (what `fmt` and `schema --write` use on paths the user
//! named) write through it; a [`Batch`] (what `fetch` uses below its output folder)
//! never does: the link itself is replaced by the new file, and
//! [`create_dirs_below`] refuses a link where a folder is expected.
//!
//! A [`Batch`] stages several files (every temporary file written and flushed) before
//! renaming any, so a full disk or an I/O error leaves all of them as they were.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A write that failed, naming the file and the step; the OS error is the source.
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
    /// A symbolic link where a folder must be (below fetch's output folder).
    #[error(
        "{} is a symbolic link; synclens does not write through links below the output \
         folder (remove it, or fetch into another folder)",
        path.display()
    )]
    SymbolicLink {
        /// The link.
        path: PathBuf,
    },
    /// Something other than a folder where a folder must be, or other than a regular
    /// file where a file is written.
    #[error("{} is not a {expected}; not replaced", path.display())]
    WrongType {
        /// The path.
        path: PathBuf,
        /// `folder` or `regular file`.
        expected: &'static str,
    },
    /// A folder could not be created.
    #[error("cannot create the folder {}", path.display())]
    CreateDir {
        /// The folder.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// The file has several hard links: replacing it would split them.
    #[error(
        "{} has {links} hard links; replacing it would leave the other names with the old \
         text, so it is not written (break the links first, e.g. `cp FILE FILE.new && mv \
         FILE.new FILE`)",
        path.display()
    )]
    HardLinks {
        /// The file.
        path: PathBuf,
        /// How many names it has.
        links: u64,
    },
    /// The existing file could not be read (to compare it).
    #[error("cannot read {}", path.display())]
    Read {
        /// The file.
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
    /// The owner, permissions or extended attributes of the file could not be kept.
    #[error("cannot keep the {what} of {}; it is left unchanged", path.display())]
    Keep {
        /// The file.
        path: PathBuf,
        /// `permissions` or `extended attribute NAME`.
        what: String,
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
/// never sees it half-written. An existing file keeps its permissions, owner, group and
/// extended attributes, and a symbolic link is written through (the file it points to
/// is replaced, the link stays). On failure the temporary file is removed and the file
/// is left as it was.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_atomically_with(path, bytes, None, &mut |file, bytes| file.write_all(bytes))
}

/// [`write_atomically`] for a file read earlier as `original`: when the file no longer
/// holds those bytes, or is no longer the same file (an editor saved it by renaming a
/// new file over it), nothing is replaced and the error names the file. The last check
/// runs right before the rename; the two are still separate steps, so a change landing
/// in the microseconds between them is replaced.
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
    let staged = Staged::new(path, target, bytes, original, write)?;
    staged.commit()
}

/// Identity and state of a file, compared right before the rename.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Snapshot {
    len: u64,
    modified: Option<std::time::SystemTime>,
    #[cfg(unix)]
    identity: (u64, u64, i64, i64),
}

impl Snapshot {
    fn of(metadata: &std::fs::Metadata) -> Self {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Snapshot {
            len: metadata.len(),
            modified: metadata.modified().ok(),
            #[cfg(unix)]
            identity: (
                metadata.dev(),
                metadata.ino(),
                metadata.ctime(),
                metadata.ctime_nsec(),
            ),
        }
    }
}

/// A temporary file written and flushed, waiting for its rename.
#[derive(Debug)]
struct Staged {
    /// The path as given (for messages).
    shown: PathBuf,
    /// The path renamed over.
    target: PathBuf,
    file: tempfile::NamedTempFile,
    /// With `original`: the bytes read and the state of the file when staged.
    expected: Option<(Vec<u8>, Option<Snapshot>)>,
}

impl Staged {
    /// Writes `bytes` to a temporary file beside `target` with the attributes of the
    /// file at `target` (when it is a regular file), and flushes it.
    fn new(
        shown: &Path,
        target: PathBuf,
        bytes: &[u8],
        original: Option<&[u8]>,
        write: &mut WriteFn<'_>,
    ) -> Result<Self, WriteError> {
        let existing = match std::fs::symlink_metadata(&target) {
            Ok(metadata) if metadata.file_type().is_symlink() => None,
            Ok(metadata) if metadata.is_file() => Some(metadata),
            Ok(_) => {
                return Err(WriteError::WrongType {
                    path: shown.to_owned(),
                    expected: "regular file",
                });
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => None,
            Err(source) => {
                return Err(WriteError::Read {
                    path: shown.to_owned(),
                    source,
                });
            }
        };
        if let Some(metadata) = &existing {
            let links = link_count(metadata);
            if links > 1 {
                return Err(WriteError::HardLinks {
                    path: shown.to_owned(),
                    links,
                });
            }
        }
        let expected = match original {
            Some(original) => {
                let snapshot = existing.as_ref().map(Snapshot::of);
                check_unchanged(shown, &target, original, snapshot.as_ref())?;
                Some((original.to_vec(), snapshot))
            }
            None => None,
        };
        let folder = match target.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // Filtered by the umask, as the mode of any new file is.
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let mut file = builder
            .tempfile_in(folder)
            .map_err(|source| WriteError::Create {
                folder: folder.to_owned(),
                source,
            })?;
        if let Some(metadata) = &existing {
            keep_attributes(shown, &target, metadata, file.as_file())?;
        }
        write(file.as_file_mut(), bytes)
            .and_then(|()| file.as_file().sync_all())
            .map_err(|source| WriteError::Write {
                path: shown.to_owned(),
                source,
            })?;
        Ok(Staged {
            shown: shown.to_owned(),
            target,
            file,
            expected,
        })
    }

    /// Renames the temporary file over the target (after the last check that the file
    /// read is still there, unchanged).
    fn commit(self) -> Result<(), WriteError> {
        if let Some((original, snapshot)) = &self.expected {
            check_unchanged(&self.shown, &self.target, original, snapshot.as_ref())?;
        }
        self.file
            .persist(&self.target)
            .map_err(|error| WriteError::Replace {
                path: self.shown.clone(),
                source: error.error,
            })?;
        Ok(())
    }
}

/// Whether the file still holds `original` and is the same file in the same state as
/// when it was staged (`snapshot`).
fn check_unchanged(
    shown: &Path,
    target: &Path,
    original: &[u8],
    snapshot: Option<&Snapshot>,
) -> Result<(), WriteError> {
    let changed = || WriteError::Changed {
        path: shown.to_owned(),
    };
    let now = std::fs::read(target).map_err(|_| changed())?;
    if now != original {
        return Err(changed());
    }
    // The cheapest check last, nearest the rename: an editor's save by rename gives
    // another inode, an in-place save another size, time or change time.
    let metadata = std::fs::symlink_metadata(target).map_err(|_| changed())?;
    if snapshot.is_some_and(|snapshot| *snapshot != Snapshot::of(&metadata)) {
        return Err(changed());
    }
    Ok(())
}

#[cfg(unix)]
fn link_count(metadata: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    metadata.nlink()
}

#[cfg(not(unix))]
fn link_count(_: &std::fs::Metadata) -> u64 {
    1
}

/// Gives the temporary file the owner, group, permission bits and extended attributes
/// of the file it replaces. Owner and group are best effort (only root may give a file
/// away); permissions and extended attributes must be kept.
fn keep_attributes(
    shown: &Path,
    target: &Path,
    metadata: &std::fs::Metadata,
    file: &std::fs::File,
) -> Result<(), WriteError> {
    let keep = |what: &str| {
        let what = what.to_owned();
        move |source| WriteError::Keep {
            path: shown.to_owned(),
            what,
            source,
        }
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // First the owner (changing it clears set-id bits), then the mode.
        if std::os::unix::fs::fchown(file, Some(metadata.uid()), Some(metadata.gid())).is_err() {
            // Not root: at least the group, when the caller belongs to it.
            let _ = std::os::unix::fs::fchown(file, None, Some(metadata.gid()));
        }
    }
    file.set_permissions(metadata.permissions())
        .map_err(keep("permissions"))?;
    copy_extended_attributes(target, file)
        .map_err(|(name, source)| keep(&format!("extended attribute {name}"))(source))?;
    Ok(())
}

/// Copies every extended attribute of `from` (ACLs, security labels, user
/// attributes) to `to`.
#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn copy_extended_attributes(from: &Path, to: &std::fs::File) -> Result<(), (String, io::Error)> {
    use rustix::fs::XattrFlags;
    let unnamed = |error: rustix::io::Errno| (String::new(), io::Error::from(error));
    let source = std::fs::File::open(from).map_err(|error| (String::new(), error))?;
    let size = match rustix::fs::flistxattr_query(&source) {
        Ok(size) => size,
        // The file system has no extended attributes.
        Err(rustix::io::Errno::NOTSUP) => return Ok(()),
        Err(error) => return Err(unnamed(error)),
    };
    if size == 0 {
        return Ok(());
    }
    let mut list = vec![0_u8; size];
    let length = rustix::fs::flistxattr(&source, &mut list[..]).map_err(unnamed)?;
    for name in list.get(..length).unwrap_or_default().split(|&b| b == 0) {
        if name.is_empty() {
            continue;
        }
        let shown = String::from_utf8_lossy(name).into_owned();
        let failed = |error: rustix::io::Errno| (shown.clone(), io::Error::from(error));
        let name: &std::ffi::OsStr = std::os::unix::ffi::OsStrExt::from_bytes(name);
        let size = rustix::fs::fgetxattr_query(&source, name).map_err(failed)?;
        let mut value = vec![0_u8; size];
        let length = rustix::fs::fgetxattr(&source, name, &mut value[..]).map_err(failed)?;
        let value = value.get(..length).unwrap_or_default();
        rustix::fs::fsetxattr(to, name, value, XattrFlags::empty()).map_err(failed)?;
    }
    Ok(())
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn copy_extended_attributes(_: &Path, _: &std::fs::File) -> Result<(), (String, io::Error)> {
    Ok(())
}

/// Creates the folders `relative` below `base` one by one (`base` itself must exist or
/// is created, and may be a link: it is the caller's choice), refusing a symbolic link
/// or a file in place of any of them. Returns the innermost folder.
///
/// The check and the use are separate steps: someone who can write into these
/// folders while synclens runs can still swap a folder for a link in between.
pub fn create_dirs_below(base: &Path, relative: &[&str]) -> Result<PathBuf, WriteError> {
    std::fs::create_dir_all(base).map_err(|source| WriteError::CreateDir {
        path: base.to_owned(),
        source,
    })?;
    let mut path = base.to_path_buf();
    for component in relative {
        path.push(component);
        ensure_real_dir(&path)?;
    }
    Ok(path)
}

/// Whether `path` is a real folder (not a link to one); creates it when absent.
fn ensure_real_dir(path: &Path) -> Result<(), WriteError> {
    for _ in 0..2 {
        match std::fs::symlink_metadata(path) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                return Err(WriteError::SymbolicLink {
                    path: path.to_owned(),
                });
            }
            Ok(metadata) if metadata.is_dir() => return Ok(()),
            Ok(_) => {
                return Err(WriteError::WrongType {
                    path: path.to_owned(),
                    expected: "folder",
                });
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                // Then look again: someone may have put something there meanwhile.
                match std::fs::create_dir(path) {
                    Err(source) if source.kind() != io::ErrorKind::AlreadyExists => {
                        return Err(WriteError::CreateDir {
                            path: path.to_owned(),
                            source,
                        });
                    }
                    _ => {}
                }
            }
            Err(source) => {
                return Err(WriteError::CreateDir {
                    path: path.to_owned(),
                    source,
                });
            }
        }
    }
    Err(WriteError::CreateDir {
        path: path.to_owned(),
        source: io::Error::other("it keeps changing"),
    })
}

/// Several files written together: every temporary file is written and flushed
/// ([`Batch::stage`]) before any is renamed ([`Batch::commit`]), so a failure while
/// writing (a full disk) replaces none of them. A symbolic link at a path is replaced
/// by the file, never written through. Dropped without a commit, the temporary files
/// are removed.
#[derive(Debug, Default)]
pub struct Batch {
    staged: Vec<Staged>,
}

/// A [`Batch::commit`] that stopped part-way: the files already replaced, and why.
#[derive(Debug, thiserror::Error)]
#[error("{error}")]
pub struct CommitError {
    /// The files replaced before the failure.
    pub replaced: Vec<PathBuf>,
    /// The failure.
    #[source]
    pub error: WriteError,
}

impl Batch {
    /// An empty batch.
    pub fn new() -> Self {
        Batch::default()
    }

    /// Writes `bytes` to a temporary file beside `path` and flushes it; the file at
    /// `path` is not touched until [`Batch::commit`].
    pub fn stage(&mut self, path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
        self.stage_with(path, bytes, &mut |file, bytes| file.write_all(bytes))
    }

    /// [`Batch::stage`] with the writer of the temporary file as a parameter.
    pub fn stage_with(
        &mut self,
        path: &Path,
        bytes: &[u8],
        write: &mut WriteFn<'_>,
    ) -> Result<(), WriteError> {
        let staged = Staged::new(path, path.to_path_buf(), bytes, None, write)?;
        self.staged.push(staged);
        Ok(())
    }

    /// Renames every staged file over its path, in the order staged. Returns the paths
    /// replaced. A rename needs no space for data, so this step rarely fails; when it
    /// does, the error says which files were already replaced.
    pub fn commit(self) -> Result<Vec<PathBuf>, CommitError> {
        let mut replaced = Vec::new();
        let mut staged = self.staged.into_iter();
        for file in staged.by_ref() {
            let path = file.shown.clone();
            match file.commit() {
                Ok(()) => replaced.push(path),
                Err(error) => return Err(CommitError { replaced, error }),
            }
        }
        Ok(replaced)
    }
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

    /// A batch whose second file cannot be written (no space left) replaces neither,
    /// and the error keeps the OS cause.
    #[test]
    fn a_batch_replaces_all_or_nothing_on_a_full_disk() {
        let folder = tempfile::tempdir().unwrap();
        let first = folder.path().join("job.json");
        let second = folder.path().join("schema.json");
        std::fs::write(&first, b"old job").unwrap();
        std::fs::write(&second, b"old schema").unwrap();
        let mut batch = Batch::new();
        batch.stage(&first, b"new job").unwrap();
        let mut full = |file: &mut std::fs::File, bytes: &[u8]| {
            file.write_all(&bytes[..2])?;
            Err(io::Error::from_raw_os_error(28))
        };
        let error = batch
            .stage_with(&second, b"new schema", &mut full)
            .unwrap_err();
        drop(batch);
        let cause = std::error::Error::source(&error).unwrap().to_string();
        assert!(cause.contains("os error 28"), "{cause}");
        assert_eq!(std::fs::read(&first).unwrap(), b"old job");
        assert_eq!(std::fs::read(&second).unwrap(), b"old schema");
        assert_eq!(entries(folder.path()), ["job.json", "schema.json"]);
        // Both staged: both replaced, and counted.
        let mut batch = Batch::new();
        batch.stage(&first, b"new job").unwrap();
        batch.stage(&second, b"new schema").unwrap();
        assert_eq!(batch.commit().unwrap(), [first.clone(), second.clone()]);
        assert_eq!(std::fs::read(&second).unwrap(), b"new schema");
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

    /// An editor that saves by renaming a new file (same text) over the one read
    /// between the read and the rename: detected by the last check.
    #[cfg(unix)]
    #[test]
    fn a_save_by_rename_during_the_write_is_not_overwritten() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("schema.json");
        std::fs::write(&path, b"as read").unwrap();
        let mut editor = |file: &mut std::fs::File, bytes: &[u8]| {
            let saved = folder.path().join(".schema.json.swp");
            std::fs::write(&saved, b"as read")?;
            std::fs::rename(&saved, &path)?;
            file.write_all(bytes)
        };
        let error =
            write_atomically_with(&path, b"formatted", Some(b"as read"), &mut editor).unwrap_err();
        assert!(matches!(error, WriteError::Changed { .. }), "{error:?}");
        assert_eq!(std::fs::read(&path).unwrap(), b"as read");
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_kept_and_new_files_follow_the_umask() {
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
        // A new file: what `std::fs::write` (0666 minus the umask) gives.
        let reference = folder.path().join("reference");
        std::fs::write(&reference, b"").unwrap();
        let fresh = folder.path().join("fresh.json");
        write_atomically(&fresh, b"x").unwrap();
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&fresh), mode(&reference));
    }

    #[cfg(unix)]
    #[test]
    fn hard_links_are_refused_and_links_below_out_are_not_followed() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("schema.json");
        std::fs::write(&path, b"old").unwrap();
        std::fs::hard_link(&path, folder.path().join("other-name.json")).unwrap();
        let error = replace_atomically(&path, b"new", b"old").unwrap_err();
        assert!(
            matches!(error, WriteError::HardLinks { links: 2, .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains("2 hard links"), "{error}");
        assert_eq!(std::fs::read(&path).unwrap(), b"old");

        let outside = tempfile::tempdir().unwrap();
        let victim = outside.path().join("victim");
        std::fs::write(&victim, b"keep me").unwrap();
        let link = folder.path().join("job.json");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        let mut batch = Batch::new();
        batch.stage(&link, b"fetched").unwrap();
        batch.commit().unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"keep me");
        assert!(!link.is_symlink());
        assert_eq!(std::fs::read(&link).unwrap(), b"fetched");

        std::os::unix::fs::symlink(outside.path(), folder.path().join("jobs")).unwrap();
        let error = create_dirs_below(folder.path(), &["jobs", "x"]).unwrap_err();
        assert!(
            matches!(error, WriteError::SymbolicLink { .. }),
            "{error:?}"
        );
        assert!(!outside.path().join("x").exists());
        let made = create_dirs_below(folder.path(), &["templates", "y"]).unwrap();
        assert!(made.is_dir());
    }
}

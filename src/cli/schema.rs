//! `synclens schema`: print the JSON Schema of a document kind, or regenerate the
//! committed ones under `schemas/` (atomically, one file at a time).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;

use synclens::model::Kind;
use synclens::schema_gen::{SCHEMA_KINDS, file_name, output_schemas, schema_text};

use super::{EXIT_FAILURE, EXIT_OK, KindArg, print_stdout};

#[derive(Debug, Args)]
pub(crate) struct SchemaArgs {
    /// The document kind whose schema to print.
    #[arg(value_enum, required_unless_present = "write")]
    kind: Option<KindArg>,
    /// Regenerate every schema (documents and synclens's JSON outputs) into the folder.
    #[arg(long, conflicts_with = "kind")]
    write: bool,
    /// Folder for --write.
    #[arg(long, default_value = "schemas", requires = "write")]
    dir: PathBuf,
}

pub(crate) fn run(args: &SchemaArgs) -> anyhow::Result<u8> {
    if args.write {
        std::fs::create_dir_all(&args.dir)
            .with_context(|| format!("cannot create {}", args.dir.display()))?;
        for kind in SCHEMA_KINDS {
            let path = args.dir.join(file_name(kind));
            let text = schema_text(kind).context("cannot generate a schema")?;
            write_atomically(&path, text.as_bytes())?;
            println!("wrote {}", path.display());
        }
        for (name, text) in output_schemas() {
            let path = args.dir.join(name);
            write_atomically(&path, text.as_bytes())?;
            println!("wrote {}", path.display());
        }
        return Ok(EXIT_OK);
    }
    let Some(kind) = args.kind.map(Kind::from) else {
        return Ok(EXIT_FAILURE);
    };
    if let Some(text) = schema_text(kind) {
        print_stdout(&text)?;
        Ok(EXIT_OK)
    } else {
        eprintln!("synclens: kind 'unknown' has no schema; choose one of the document kinds");
        Ok(EXIT_FAILURE)
    }
}

/// Writes a file through a temporary file in the same folder and a rename, so a reader
/// never sees it half-written. An existing file keeps its permissions, and a symbolic
/// link is written through (the file it points to is replaced, the link stays).
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    write_atomically_with(path, bytes, None, &mut |file, bytes| file.write_all(bytes))
}

/// [`write_atomically`] for a file read earlier as `original`: when the file no longer
/// holds those bytes just before the rename (someone changed it meanwhile), nothing is
/// replaced and the error names the file.
pub(crate) fn replace_atomically(path: &Path, bytes: &[u8], original: &[u8]) -> anyhow::Result<()> {
    write_atomically_with(path, bytes, Some(original), &mut |file, bytes| {
        file.write_all(bytes)
    })
}

/// The writer of the temporary file (a parameter so tests can make it fail).
type WriteFn<'a> = dyn FnMut(&mut std::fs::File, &[u8]) -> std::io::Result<()> + 'a;

/// The implementation: on any error the temporary file is removed (when `NamedTempFile`
/// drops) and `path` is left as it was.
fn write_atomically_with(
    path: &Path,
    bytes: &[u8],
    original: Option<&[u8]>,
    write: &mut WriteFn<'_>,
) -> anyhow::Result<()> {
    let target = if path.is_symlink() {
        std::fs::canonicalize(path)
            .with_context(|| format!("cannot resolve the link {}", path.display()))?
    } else {
        path.to_path_buf()
    };
    let permissions = std::fs::metadata(&target).ok().map(|m| m.permissions());
    let folder = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(folder)
        .with_context(|| format!("cannot create a temporary file in {}", folder.display()))?;
    write(file.as_file_mut(), bytes)
        .and_then(|()| match permissions {
            Some(permissions) => file.as_file().set_permissions(permissions),
            None => Ok(()),
        })
        .and_then(|()| file.as_file().sync_all())
        .with_context(|| format!("cannot write {}; it is left unchanged", path.display()))?;
    if let Some(original) = original {
        // The last moment before the rename: a file edited since it was read is kept.
        let now = std::fs::read(&target).ok();
        if now.as_deref() != Some(original) {
            anyhow::bail!(
                "{} changed on disk after it was read; not overwritten (run again)",
                path.display()
            );
        }
    }
    file.persist(&target)
        .with_context(|| format!("cannot replace {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(format!("{error:#}").contains("schema.json"), "{error:#}");
        assert!(format!("{error:#}").contains("disk full"), "{error:#}");
        assert_eq!(std::fs::read(&path).unwrap(), b"original");
        assert_eq!(entries(folder.path()), ["schema.json"]);
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_not_overwritten() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("schema.json");
        std::fs::write(&path, b"edited meanwhile").unwrap();
        let error = replace_atomically(&path, b"formatted", b"as read").unwrap_err();
        let message = format!("{error:#}");
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

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
    file.write_all(bytes)
        .and_then(|()| match permissions {
            Some(permissions) => file.as_file().set_permissions(permissions),
            None => Ok(()),
        })
        .and_then(|()| file.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.persist(&target)
        .with_context(|| format!("cannot replace {}", path.display()))?;
    Ok(())
}

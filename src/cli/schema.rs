//! `synclens schema`: print the JSON Schema of a document kind, or regenerate the
//! committed ones under `schemas/` (atomically, one file at a time).

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;

use synclens::model::Kind;
use synclens::schema_gen::schema_text;

use super::{EXIT_FAILURE, EXIT_OK, print_stdout};

#[derive(Debug, Args)]
pub(crate) struct SchemaArgs {
    /// The document kind whose schema to print.
    #[arg(value_parser = super::args::choice::<Kind>(), required_unless_present = "write")]
    kind: Option<Kind>,
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
        for (name, text) in synclens::schemas::all() {
            let path = args.dir.join(name);
            write_atomically(&path, text.as_bytes())?;
            print_stdout(&format!("wrote {}\n", path.display()))?;
        }
        return Ok(EXIT_OK);
    }
    let Some(kind) = args.kind else {
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

/// Writes a file atomically (see [`synclens::fs::write_atomically`]).
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    Ok(synclens::fs::write_atomically(path, bytes)?)
}

/// [`write_atomically`] for a file read earlier as `original`; refuses when the file
/// changed on disk meanwhile (see [`synclens::fs::replace_atomically`]).
pub(crate) fn replace_atomically(path: &Path, bytes: &[u8], original: &[u8]) -> anyhow::Result<()> {
    Ok(synclens::fs::replace_atomically(path, bytes, original)?)
}

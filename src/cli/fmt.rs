//! `synclens fmt`: rewrite synchronization documents in canonical form (the job done
//! by [`synclens::format::format_bytes`]), atomically and only when the text changes; `--check`
//! lists the files that are not canonical, `--stdout` prints instead of writing, `-`
//! reads standard input and writes standard output. A Graph PowerShell SDK dump is
//! written in Graph's camelCase form (the loader reads it so); a PowerShell export
//! that `ConvertTo-Json` cut off at its depth limit is refused.
//!
//! Safety net: before anything is written, the canonical text is loaded again and
//! must give the same document as the input; otherwise the file is left alone and the
//! command fails. Input that cannot be loaded is refused (exit 2), file untouched. A
//! file that changed on disk between the read and the write is not overwritten.
//!
//! Writing goes through [`synclens::fs`]: owner, group, permissions and extended
//! attributes are kept, and a file with several hard links is refused. A folder walk
//! skips symbolic links (with a note); a link named on the command line is formatted
//! through (the file it points to is rewritten, the link stays): the user chose it.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;

use synclens::format::{FormatOptions, Formatted, format_bytes};

use super::schema::replace_atomically;
use super::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, expand_inputs, print_bytes, print_stdout};

#[derive(Debug, Args)]
pub(crate) struct FmtArgs {
    /// Files or folders (every *.json below that is a synchronization document); `-`
    /// reads standard input and writes standard output. Other JSON is skipped with a
    /// note. With none, the current folder (as ruff and other formatters do).
    #[arg(value_name = "PATH", default_value = ".")]
    paths: Vec<PathBuf>,
    /// Change nothing; exit 1 and list the files that are not in canonical form.
    #[arg(long, conflicts_with = "stdout")]
    check: bool,
    /// Print the canonical form on standard output instead of rewriting the files.
    #[arg(long)]
    stdout: bool,
    /// Start the output with a UTF-8 byte order mark (Windows PowerShell 5.1 reads
    /// files without one as ANSI).
    #[arg(long)]
    bom: bool,
}

/// What formatting one input did.
enum Outcome {
    /// Already canonical.
    Unchanged,
    /// Rewritten (or, with `--check`, would be).
    Changed,
    /// Not a synchronization document.
    Skipped,
}

pub(crate) fn run(args: &FmtArgs) -> anyhow::Result<u8> {
    let inputs = expand_inputs(&args.paths).context("cannot read a folder")?;
    let mut failed = false;
    let mut not_canonical = Vec::new();
    for input in &inputs {
        match format_one(input, args) {
            Ok(Outcome::Unchanged) => {}
            Ok(Outcome::Changed) => {
                if args.check {
                    not_canonical.push(input.display().to_string());
                }
            }
            Ok(Outcome::Skipped) => {
                eprintln!(
                    "note: {}: not a synchronization document, skipped",
                    input.display()
                );
            }
            Err(error) => {
                eprintln!("synclens: {error:#}");
                failed = true;
            }
        }
    }
    if !not_canonical.is_empty() {
        let mut list = not_canonical.join("\n");
        list.push('\n');
        print_stdout(&list)?;
        eprintln!(
            "synclens: {} file(s) not in canonical form; run `synclens fmt` on them",
            not_canonical.len()
        );
    }
    Ok(if failed {
        EXIT_FAILURE
    } else if !not_canonical.is_empty() {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

fn read(path: &Path) -> anyhow::Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        synclens::load::read_limited(std::io::stdin().lock()).context("cannot read standard input")
    } else {
        synclens::load::read_file(path).with_context(|| format!("cannot read {}", path.display()))
    }
}

fn format_one(path: &Path, args: &FmtArgs) -> anyhow::Result<Outcome> {
    let stdin = path.as_os_str() == "-";
    let original = read(path)?;
    let options = FormatOptions { bom: args.bom };
    let (text, changed) = match format_bytes(path, &original, options)? {
        Formatted::NotADocument => {
            if stdin && !args.check {
                // Passed through unchanged, so a pipeline never loses its input.
                print_bytes(&original)?;
            }
            return Ok(Outcome::Skipped);
        }
        Formatted::Canonical { text, changed } => (text, changed),
    };
    if args.check {
        return Ok(if changed {
            Outcome::Changed
        } else {
            Outcome::Unchanged
        });
    }
    if stdin || args.stdout {
        print_stdout(&text)?;
    } else if changed {
        replace_atomically(path, text.as_bytes(), &original)?;
        eprintln!("formatted {}", path.display());
    }
    Ok(if changed {
        Outcome::Changed
    } else {
        Outcome::Unchanged
    })
}

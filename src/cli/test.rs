//! `synclens test`: run the mapping test files (`*.test.json`) given or found below
//! folders, and print a report (human text, JSON Lines, or JUnit XML). Exit 0 when
//! every case passes, 1 when one fails, 2 on a usage error or a test file that cannot
//! be run.

use std::path::PathBuf;

use anyhow::bail;
use clap::Args;

use synclens::render::test::{TestFormat, render};
use synclens::testfile::{self, FileReport};

use super::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, expand_inputs, print_stdout};

/// The examples at the end of `synclens test --help`.
pub(crate) const EXAMPLES: &str = "\
Examples:
  synclens test                               every *.test.json below the current folder
  synclens test tests/mappings/user.test.json
  synclens test --format junit tests/ > synclens-tests.xml";

#[derive(Debug, Args)]
pub(crate) struct TestArgs {
    /// Test files, or folders to search for `*.test.json` (symbolic links skipped).
    #[arg(value_name = "PATH", default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_parser = super::args::choice::<TestFormat>(), default_value = "human")]
    format: TestFormat,
}

pub(crate) fn run(args: &TestArgs) -> anyhow::Result<u8> {
    let mut files = Vec::new();
    for path in &args.paths {
        if path.as_os_str() == "-" {
            bail!("a test file is read from a path (its schema is relative to it), not from `-`");
        }
        if path.is_dir() {
            files.extend(
                expand_inputs(std::slice::from_ref(path))?
                    .into_iter()
                    .filter(|file| {
                        file.file_name()
                            .is_some_and(|name| name.to_string_lossy().ends_with(".test.json"))
                    }),
            );
        } else {
            files.push(path.clone());
        }
    }
    if files.is_empty() {
        bail!("no *.test.json file found");
    }
    let reports: Vec<FileReport> = files.iter().map(|file| testfile::run_path(file)).collect();
    let rendered = render(&reports, args.format);
    print_stdout(&rendered)?;
    Ok(if reports.iter().any(|file| file.error.is_some()) {
        EXIT_FAILURE
    } else if reports.iter().any(|file| file.failed > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

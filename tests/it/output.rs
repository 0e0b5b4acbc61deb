//! `--output FILE`: what a command prints goes to the file (UTF-8, whole, written when
//! the command has run), nothing to stdout, diagnostics still on stderr; a command that
//! fails to run leaves an existing file as it was. And colour as the environment asks
//! (NO_COLOR, CLICOLOR, CLICOLOR_FORCE, --color).

use super::{root, synclens};

#[test]
fn a_report_goes_to_the_file_whatever_the_exit_code() {
    let folder = tempfile::tempdir().unwrap();
    let report = folder.path().join("report.sarif");
    let report_arg = report.to_str().unwrap();
    // Exit 1 (findings): the report is still written, and stdout stays empty.
    let (code, stdout, stderr) = synclens(&[
        "validate",
        "--format",
        "sarif",
        "--output",
        report_arg,
        "testdata/invalid/U304-duplicate-target-attribute-mapping.json",
    ]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stdout, "");
    let written = std::fs::read(&report).unwrap();
    let (_, printed, _) = synclens(&[
        "validate",
        "--format",
        "sarif",
        "testdata/invalid/U304-duplicate-target-attribute-mapping.json",
    ]);
    assert_eq!(written, printed.as_bytes(), "the same bytes, in UTF-8");
    super::formats::assert_valid_sarif(&printed);

    // Global: after the subcommand's arguments too, for every command that prints.
    let diff = folder.path().join("diff.md");
    let (code, stdout, _) = synclens(&[
        "diff",
        "testdata/diff/A303-attribute-removed/old.json",
        "testdata/diff/A303-attribute-removed/new.json",
        "--format",
        "markdown",
        "--output",
        diff.to_str().unwrap(),
    ]);
    assert_eq!((code, stdout.as_str()), (0, ""));
    let markdown = std::fs::read_to_string(&diff).unwrap();
    assert!(markdown.contains("A303"), "{markdown}");
}

#[test]
fn human_output_goes_to_the_file_as_plain_text() {
    let folder = tempfile::tempdir().unwrap();
    let report = folder.path().join("report.txt");
    let (code, _, _) = synclens(&[
        "validate",
        "--output",
        report.to_str().unwrap(),
        "testdata/invalid/U304-duplicate-target-attribute-mapping.json",
    ]);
    assert_eq!(code, 1);
    let text = std::fs::read_to_string(&report).unwrap();
    assert!(
        text.contains("error[U304]") && !text.contains('\u{1b}'),
        "{text}"
    );
}

#[test]
fn a_command_that_fails_to_run_leaves_the_file_and_a_bad_path_is_named() {
    let folder = tempfile::tempdir().unwrap();
    let report = folder.path().join("report.json");
    std::fs::write(&report, "previous report\n").unwrap();
    let (code, _, stderr) = synclens(&[
        "diff",
        "--output",
        report.to_str().unwrap(),
        "testdata/valid",
        "testdata/valid/job.json",
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&report).unwrap(),
        "previous report\n"
    );

    let missing = root().join("no-such-folder/report.json");
    let (code, _, stderr) = synclens(&["explain", "M404", "--output", missing.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--output") && stderr.contains("no-such-folder"),
        "{stderr}"
    );
    assert!(!missing.exists());
}

/// `synclens validate` on a fixture with an error, with these environment variables
/// (and no others that steer colour): its stdout.
fn validate_with_env(env: &[(&str, &str)]) -> String {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_synclens"));
    command
        .args([
            "validate",
            "testdata/invalid/U304-duplicate-target-attribute-mapping.json",
        ])
        .current_dir(root())
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("TERM")
        .envs(env.iter().copied());
    let (code, stdout, stderr) = super::outcome(&mut command);
    assert_eq!(code, 1, "{stderr}");
    stdout
}

#[test]
fn colour_follows_the_conventions_of_the_environment() {
    let coloured = |stdout: &str| stdout.contains("\u{1b}[");
    // Not a terminal: plain, unless forced.
    assert!(!coloured(&validate_with_env(&[])));
    assert!(coloured(&validate_with_env(&[("CLICOLOR_FORCE", "1")])));
    // NO_COLOR wins over CLICOLOR_FORCE.
    assert!(!coloured(&validate_with_env(&[
        ("CLICOLOR_FORCE", "1"),
        ("NO_COLOR", "1")
    ])));
    // --color always is the user's explicit choice.
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_synclens"));
    command
        .args([
            "validate",
            "--color",
            "always",
            "testdata/invalid/U304-duplicate-target-attribute-mapping.json",
        ])
        .current_dir(root())
        .env("NO_COLOR", "1");
    let (_, stdout, _) = super::outcome(&mut command);
    assert!(coloured(&stdout));
}

//! The help and the man page tell the truth: every `--help` ends with examples, the
//! man page has the sections a man page needs and renders, and `validate` and `fmt`
//! without a path work on the current folder as their usage says.

use std::process::Command;

use super::{root, run_in, synclens};

/// The subcommands a help text lists under `Commands:` (not `help`).
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|line| line.trim_end() != "Commands:")
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        // A name is indented by two; wrapped descriptions by more.
        .filter(|line| !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_help_ends_with_examples() {
    let mut pending: Vec<Vec<String>> = vec![Vec::new()];
    let mut checked = 0;
    while let Some(path) = pending.pop() {
        let mut arguments: Vec<&str> = path.iter().map(String::as_str).collect();
        arguments.push("--help");
        let (code, help, stderr) = synclens(&arguments);
        assert_eq!(code, 0, "{arguments:?}: {stderr}");
        let last_section = help.trim_end().rsplit("\n\n").next().unwrap_or_default();
        assert!(
            last_section.starts_with("Examples:") && last_section.lines().count() > 1,
            "`synclens {}` does not end with examples:\n{help}",
            arguments.join(" ")
        );
        for sub in subcommands(&help) {
            let mut next = path.clone();
            next.push(sub);
            pending.push(next);
        }
        checked += 1;
    }
    assert!(checked >= 12, "only {checked} help texts found");
}

#[test]
fn diff_help_gives_a_git_example_that_works() {
    let (_, help, _) = synclens(&["diff", "--help"]);
    assert!(
        help.contains("GIT_EXTERNAL_DIFF='synclens diff' git diff"),
        "{help}"
    );
    assert!(!help.contains("GIT_EXTERNAL_DIFF=synclens "), "{help}");
}

#[test]
fn the_man_page_is_a_whole_page_and_renders() {
    let (code, page, stderr) = synclens(&["man"]);
    assert_eq!(code, 0, "{stderr}");
    for needle in [
        ".TH synclens 1",
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH DESCRIPTION",
        ".SH OPTIONS",
        ".SH COMMANDS",
        ".SS \"synclens validate\"",
        ".SS \"synclens expr parse\"",
        "\\-\\-deny\\-warnings",
        ".SH \"EXIT STATUS\"",
        ".SH ENVIRONMENT",
        "NO_COLOR",
        "CLICOLOR",
        "SYNCLENS_TOKEN",
        "AZURE_FEDERATED_TOKEN_FILE",
        "IDENTITY_HEADER",
        "SYNCLENS_IMDS_ENDPOINT",
        ".SH FILES",
        "synclens.toml",
        ".SH EXAMPLES",
        ".SH \"SEE ALSO\"",
    ] {
        assert!(page.contains(needle), "{needle} missing from the man page");
    }
    assert!(
        !page.contains("synclens\\-validate(1)"),
        "points to pages that do not exist"
    );
    assert!(page.lines().count() > 300, "{page}");
    // Rendered by man(1) when it is installed: no warning, every section shown.
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("synclens.1");
    std::fs::write(&file, &page).unwrap();
    let Ok(output) = Command::new("man")
        .arg("-l")
        .arg(&file)
        .env("MANWIDTH", "100")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .output()
    else {
        eprintln!("note: man is not installed; the roff text was checked only");
        return;
    };
    if !output.status.success() {
        eprintln!(
            "note: man could not render ({}); the roff text was checked only",
            String::from_utf8_lossy(&output.stderr)
        );
        return;
    }
    let text = String::from_utf8_lossy(&output.stdout);
    for heading in [
        "EXIT STATUS",
        "ENVIRONMENT",
        "FILES",
        "EXAMPLES",
        "COMMANDS",
    ] {
        assert!(text.contains(heading), "{heading} not rendered:\n{text}");
    }
}

#[test]
fn validate_and_fmt_without_a_path_work_on_the_current_folder() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("testdata/valid/small-schema.json"),
        folder.path().join("schema.json"),
    )
    .unwrap();
    let (code, stdout, stderr) = run_in(folder.path(), &["validate"], b"");
    assert_eq!(code, 0, "{stderr}");
    assert!(
        String::from_utf8_lossy(&stdout).contains("in 1 file"),
        "{stderr}"
    );
    let (code, _, stderr) = run_in(folder.path(), &["fmt", "--check"], b"");
    assert!(code == 0 || code == 1, "{stderr}");
    for command in ["validate", "fmt"] {
        let (_, help, _) = synclens(&[command, "--help"]);
        assert!(help.contains("[PATH]..."), "{help}");
        assert!(help.contains("[default: .]"), "{help}");
    }
}

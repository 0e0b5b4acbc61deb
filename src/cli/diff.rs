//! `synclens diff`: two files, two folders, or git's external-diff arguments. Parses
//! the arguments, chooses the library's entry point ([`synclens::diff::diff_named`],
//! [`synclens::diff::diff_listings`], a live Graph side), renders and prints the
//! report (the new side's findings above the semantic changes, worst first), and
//! turns `--fail-on` and `--fail-on-findings` into an exit code, saying on stderr what
//! failed the run.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail};
use clap::{Args, ValueEnum};

use synclens::diff::{self, DiffOptions, DiffReport, Impact, NewSideCheck, NewSideFinding};
use synclens::load::Loaded;
use synclens::render;
use synclens::render::diff::{DiffFormat, DiffStyle};
use synclens::validate::{Policy, Severity};

use super::{EXIT_FINDINGS, EXIT_OK, print_stdout};

/// The lowest severity of the new side's validation findings that fails the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOnFindings {
    /// Error-level findings (shown above the changes).
    Error,
    /// Warnings too (then shown as well).
    Warning,
    /// Never (errors are still shown).
    Never,
}

/// The lowest impact that fails the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOn {
    /// Breaking changes.
    Breaking,
    /// Changes that need review, or worse.
    NeedsReview,
    /// Any change.
    Any,
}

#[derive(Debug, Args)]
pub(crate) struct DiffArgs {
    /// OLD NEW (files or folders), or the arguments git passes to an external diff
    /// driver (path old-file old-hex old-mode new-file new-hex new-mode, plus new-path
    /// and a message for a rename; only the path for an unmerged file).
    #[arg(value_name = "PATH", num_args = 1..=9, required = true)]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_parser = super::args::choice::<DiffFormat>(), default_value = "human")]
    format: DiffFormat,
    /// Exit 1 when a change at or above this impact exists.
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Exit 1 when validating the new side finds something at or above this
    /// severity (the findings are printed above the changes).
    #[arg(long, value_enum, default_value = "error", value_name = "LEVEL")]
    fail_on_findings: FailOnFindings,
    /// Also show each change's semantic path and line numbers (human output).
    #[arg(long, short)]
    verbose: bool,
    /// Drop changes whose semantic path matches this pattern (repeatable; `*` matches
    /// anything, everything else is literal), e.g.
    /// `'rules[*]/objectMappings[*]/attributeMappings[extension*]*'`.
    #[arg(long, value_name = "PATTERN")]
    ignore: Vec<String>,
    /// Also report server-maintained values: versions, OData annotations, ids,
    /// discovery times, job status.
    #[arg(long)]
    all: bool,
    /// Names of the two sides, e.g. `--labels template,job`.
    #[arg(long, value_delimiter = ',', value_name = "OLD,NEW")]
    labels: Vec<String>,
    /// Template vs job: summarise objects the job discovered where the template
    /// lists none as one line per directory.
    #[arg(long)]
    customizations: bool,
    /// Colour in human output.
    #[arg(long, value_enum, default_value = "auto")]
    color: super::validate::ColorChoice,
    #[command(flatten)]
    sample: super::sample::SampleArgs,
    /// With --sample: exit 1 when more than N sample objects leave scope (0: any).
    #[arg(long, value_name = "N", requires = "sample")]
    fail_on_leaving: Option<usize>,
    #[cfg(feature = "fetch")]
    #[command(flatten)]
    graph: super::fetch::GraphArgs,
}

/// Loads a side; the error's message names the file.
fn load(path: &Path) -> anyhow::Result<Loaded> {
    diff::load(path).map_err(|e| anyhow!("{e}"))
}

/// The severity at or above which the new side's findings are shown (errors always).
fn shown_severity(args: &DiffArgs) -> Severity {
    match args.fail_on_findings {
        FailOnFindings::Warning => Severity::Warning,
        FailOnFindings::Error | FailOnFindings::Never => Severity::Error,
    }
}

/// The policy `validate` would apply (an unreadable configuration: the defaults;
/// `validate` reports it).
fn policy() -> Policy {
    std::env::current_dir()
        .ok()
        .and_then(|folder| synclens::validate::policy::find_config(&folder))
        .and_then(|path| std::fs::read_to_string(path).ok())
        .and_then(|text| Policy::from_toml(&text).ok())
        .unwrap_or_default()
}

fn options(args: &DiffArgs) -> DiffOptions {
    DiffOptions {
        all: args.all,
        customizations: args.customizations,
        ignore: args.ignore.clone(),
        new_side: Some(NewSideCheck {
            threshold: shown_severity(args),
            policy: policy(),
        }),
    }
}

fn render(report: &DiffReport, args: &DiffArgs, labels: (&str, &str)) -> String {
    render::diff::render(
        report,
        args.format,
        &DiffStyle {
            labels,
            style: render::Style {
                color: super::validate::use_color(args.color),
            },
            verbose: args.verbose,
        },
    )
}

/// git's external diff: `path old-file old-hex old-mode new-file new-hex new-mode`,
/// followed by `new-path message` for a rename or copy, or only `path` for an unmerged
/// file. Always exits 0 when it ran (git aborts otherwise); falls back to a unified
/// text diff when a side is not a synchronization document.
fn git_external(args: &DiffArgs) -> anyhow::Result<u8> {
    let (path, old, new, new_path) = match args.paths.as_slice() {
        [path] => {
            print_stdout(&format!("* Unmerged path {}\n", path.display()))?;
            return Ok(EXIT_OK);
        }
        [path, old, _, _, new, _, _] => (path, old, new, path),
        [path, old, _, _, new, _, _, new_path, _] => (path, old, new, new_path),
        _ => bail!("git passes seven or nine arguments to an external diff driver"),
    };
    let (old_name, name) = (path.display().to_string(), new_path.display().to_string());
    let renamed = if old_name == name {
        String::new()
    } else {
        format!("renamed: {old_name} -> {name}\n")
    };
    // Each side: absent (`/dev/null`), a document, or why it is not one.
    let side = |file: &Path| -> Result<Option<Loaded>, String> {
        if file == Path::new("/dev/null") {
            return Ok(None);
        }
        match load(file) {
            Ok(loaded) if diff::is_document(&loaded) => Ok(Some(loaded)),
            Ok(loaded) => Err(loaded
                .note
                .clone()
                .unwrap_or_else(|| "not a synchronization document".to_owned())),
            Err(error) => Err(format!("{error:#}")),
        }
    };
    let options = options(args);
    let (before, after) = (side(old), side(new));
    for (which, result) in [("old", &before), ("new", &after)] {
        if let Err(why) = result {
            eprintln!("synclens diff: {name}: the {which} side is {why}: showing a text diff");
        }
    }
    let text = match (before, after) {
        (Ok(Some(before)), Ok(Some(after))) => {
            // Catalogs beside the file in the work tree (git's new file may be a
            // temporary copy).
            let report = diff::diff_named(&before, &after, None, new_path, &options);
            format!(
                "synclens diff {name}\n{renamed}{}",
                render(
                    &report,
                    args,
                    (&format!("a/{old_name}"), &format!("b/{name}"))
                )
            )
        }
        (Ok(None), Ok(Some(_))) => format!("synclens diff {name}: new file\n"),
        (Ok(Some(_)), Ok(None)) => format!("synclens diff {name}: deleted file\n"),
        _ => text_diff((&old_name, &name), old, new),
    };
    print_stdout(&text)?;
    Ok(EXIT_OK)
}

/// A plain unified diff, for files that are not synchronization documents.
fn text_diff((old_name, name): (&str, &str), old: &Path, new: &Path) -> String {
    let read = |path: &Path| {
        if path == Path::new("/dev/null") {
            String::new()
        } else {
            synclens::load::read_file(path)
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .unwrap_or_default()
        }
    };
    let (before, after) = (read(old), read(new));
    let diff = similar::TextDiff::from_lines(&before, &after);
    let mut out = format!("diff --synclens a/{old_name} b/{name}\n");
    out.push_str(
        &diff
            .unified_diff()
            .header(&format!("a/{old_name}"), &format!("b/{name}"))
            .to_string(),
    );
    out
}

pub(crate) fn run(args: &DiffArgs) -> anyhow::Result<u8> {
    // git sets GIT_DIFF_PATH_TOTAL for its external diff; one argument alone is
    // otherwise a usage error.
    let from_git = std::env::var_os("GIT_DIFF_PATH_TOTAL").is_some();
    if matches!(args.paths.len(), 7 | 9) || (from_git && args.paths.len() == 1) {
        return git_external(args);
    }
    let [old, new] = args.paths.as_slice() else {
        bail!("give two files or two folders to compare (or git's external-diff arguments)");
    };
    let options = options(args);
    // A `graph:servicePrincipals/<id>/jobs/<job id>` side is the live schema.
    #[cfg(feature = "fetch")]
    let side = |path: &Path| match super::fetch::graph_side(path, &args.graph) {
        Some(result) => result.map_err(|error| diff::DiffError::Side {
            side: path.to_path_buf(),
            message: format!("{error:#}"),
        }),
        None => diff::load(path),
    };
    #[cfg(not(feature = "fetch"))]
    let side = diff::load;
    let diffed = diff::diff_paths_with(old, new, &options, &side)?;
    for note in &diffed.notes {
        eprintln!("note: {note}");
    }
    let mut report = diffed.report;
    if args.sample.sample.is_some() {
        let Some((before, after)) = &diffed.sides else {
            bail!("--sample compares two schema files (or jobs, templates), not folders");
        };
        args.sample
            .add_to(&mut report, (&before.document, &after.document))?;
    }
    // The process ends right after printing: freeing two large documents piece by
    // piece would only cost time (the operating system reclaims it at once).
    std::mem::forget(diffed.sides);
    let default_labels = [old.display().to_string(), new.display().to_string()];
    let labels = match args.labels.as_slice() {
        [a, b] => (a.as_str(), b.as_str()),
        _ => (default_labels[0].as_str(), default_labels[1].as_str()),
    };
    print_stdout(&render(&report, args, labels))?;
    if report.summary.ignored > 0 {
        eprintln!(
            "synclens diff: --ignore dropped {} change{}",
            report.summary.ignored,
            if report.summary.ignored == 1 { "" } else { "s" }
        );
    }
    Ok(exit_code(&report, args))
}

/// Exit 1 when the new side's findings or a change reach their thresholds, saying on
/// stderr which one did.
fn exit_code(report: &DiffReport, args: &DiffArgs) -> u8 {
    let mut failing = false;
    let finding_threshold = match args.fail_on_findings {
        FailOnFindings::Error => Some(Severity::Error),
        FailOnFindings::Warning => Some(Severity::Warning),
        FailOnFindings::Never => None,
    };
    if let Some(threshold) = finding_threshold {
        let failed: Vec<&NewSideFinding> = report
            .findings
            .iter()
            .filter(|finding| finding.severity >= threshold)
            .collect();
        if let Some(first) = failed.first() {
            failing = true;
            let file = first
                .file
                .as_deref()
                .map(|f| format!("{}:", synclens::escape::controls(f)))
                .unwrap_or_default();
            eprintln!(
                "synclens diff: failed by --fail-on-findings {}: the new side has {} finding{} \
                 at or above that level, first {} {} at {file}{}:{}: {}",
                threshold,
                failed.len(),
                if failed.len() == 1 { "" } else { "s" },
                first.severity,
                first.code,
                first.line,
                first.column,
                synclens::escape::controls(&first.message)
            );
        }
    }
    let impact_threshold = args.fail_on.map(|fail_on| match fail_on {
        FailOn::Breaking => Impact::Breaking,
        FailOn::NeedsReview => Impact::NeedsReview,
        FailOn::Any => Impact::Compatible,
    });
    if let Some(threshold) = impact_threshold {
        // Changes are worst first: the first is the worst.
        let failed = report
            .changes
            .iter()
            .filter(|c| c.impact >= threshold)
            .count();
        if let Some(worst) = report.changes.first().filter(|c| c.impact >= threshold) {
            failing = true;
            let file = worst
                .file
                .as_deref()
                .map(|f| format!("{}: ", synclens::escape::controls(f)))
                .unwrap_or_default();
            eprintln!(
                "synclens diff: failed by --fail-on {}: {failed} change{} at or above it, worst \
                 {} {} ({}): {file}{}",
                threshold,
                if failed == 1 { "" } else { "s" },
                worst.impact,
                worst.code,
                worst.name,
                synclens::escape::controls(&worst.message)
            );
        }
    }
    if let (Some(limit), Some(sample)) = (args.fail_on_leaving, &report.summary.sample)
        && sample.leaving_scope > limit
    {
        failing = true;
        eprintln!(
            "synclens diff: failed by --fail-on-leaving {limit}: {} of the sample's objects \
             leave scope (object mapping {})",
            sample.leaving_scope,
            synclens::escape::controls(&sample.object_mapping)
        );
    }
    if failing { EXIT_FINDINGS } else { EXIT_OK }
}

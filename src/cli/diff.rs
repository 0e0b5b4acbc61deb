//! `synclens diff`: two files, two folders, or git's external-diff arguments.
//! Prints the semantic changes; `--fail-on` turns them into an exit code.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, anyhow, bail};
use clap::{Args, ValueEnum};

use synclens::diff::{DiffOptions, DiffReport, Impact, diff_loaded, file_change};
use synclens::load::{LoadOptions, Loaded, load_path};
use synclens::model::Kind;
use synclens::render;

use super::{EXIT_FINDINGS, EXIT_OK, print_stdout};

/// Output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DiffFormat {
    /// Grouped by rule and object mapping, with impacts and a summary line.
    Human,
    /// For a pull-request comment.
    Markdown,
    /// The documented JSON report (schemas/diff-report.schema.json).
    Json,
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
    #[arg(long, value_enum, default_value = "human")]
    format: DiffFormat,
    /// Exit 1 when a change at or above this impact exists.
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
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
    graph: super::fetch::GraphArgs,
}

fn load(path: &Path) -> anyhow::Result<Loaded> {
    load_path(path, LoadOptions::default()).map_err(|e| anyhow!("{e}"))
}

fn json_files(folder: &Path) -> anyhow::Result<BTreeSet<PathBuf>> {
    let found = super::expand_inputs(&[folder.to_path_buf()])
        .with_context(|| format!("cannot read folder {}", folder.display()))?;
    Ok(found
        .into_iter()
        .filter_map(|path| path.strip_prefix(folder).ok().map(Path::to_path_buf))
        .collect())
}

fn is_document(loaded: &Loaded) -> bool {
    loaded.kind() != Kind::Unknown
}

/// Diffs two folders: files paired by relative path.
fn diff_folders(old: &Path, new: &Path, options: &DiffOptions) -> anyhow::Result<DiffReport> {
    let old_files = json_files(old)?;
    let new_files = json_files(new)?;
    let mut changes = Vec::new();
    let mut initial_cycle = false;
    for relative in old_files.union(&new_files) {
        let name = relative.display().to_string().replace('\\', "/");
        let before = old_files
            .contains(relative)
            .then(|| load(&old.join(relative)));
        let after = new_files
            .contains(relative)
            .then(|| load(&new.join(relative)));
        match (before, after) {
            (Some(before), Some(after)) => {
                let (before, after) = (before?, after?);
                if !is_document(&before) && !is_document(&after) {
                    continue;
                }
                let (found, schema) = diff_loaded(&before, &after, Some(&name), options);
                changes.extend(found);
                initial_cycle |= schema;
            }
            (Some(before), None) => {
                if is_document(&before?) {
                    changes.push(file_change(&name, false));
                }
            }
            (None, Some(after)) => {
                if is_document(&after?) {
                    changes.push(file_change(&name, true));
                }
            }
            (None, None) => {}
        }
    }
    Ok(DiffReport::new(changes, initial_cycle, options))
}

fn options(args: &DiffArgs) -> DiffOptions {
    DiffOptions {
        all: args.all,
        customizations: args.customizations,
        ignore: args.ignore.clone(),
    }
}

fn render(report: &DiffReport, args: &DiffArgs, labels: (&str, &str)) -> String {
    match args.format {
        DiffFormat::Human => render::diff_human::diff_report(
            report,
            labels,
            render::Style {
                color: super::validate::use_color(args.color),
            },
        ),
        DiffFormat::Markdown => render::diff_markdown::diff_report(report, labels),
        DiffFormat::Json => render::json::diff_report(report),
    }
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
    let side = |file: &Path| -> Option<Option<Loaded>> {
        if file == Path::new("/dev/null") {
            return Some(None);
        }
        load(file).ok().filter(is_document).map(Some)
    };
    let options = options(args);
    let text = match (side(old), side(new)) {
        (Some(Some(before)), Some(Some(after))) => {
            let (changes, initial_cycle) = diff_loaded(&before, &after, None, &options);
            let report = DiffReport::new(changes, initial_cycle, &options);
            format!(
                "synclens diff {name}\n{renamed}{}",
                render(
                    &report,
                    args,
                    (&format!("a/{old_name}"), &format!("b/{name}"))
                )
            )
        }
        (Some(None), Some(Some(_))) => format!("synclens diff {name}: new file\n"),
        (Some(Some(_)), Some(None)) => format!("synclens diff {name}: deleted file\n"),
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
    let report = if old.is_dir() && new.is_dir() {
        diff_folders(old, new, &options)?
    } else if old.is_dir() || new.is_dir() {
        bail!("compare a folder with a folder, or a file with a file");
    } else {
        // A `graph:servicePrincipals/<id>/jobs/<job id>` side is the live schema.
        let side =
            |path: &Path| super::fetch::graph_side(path, &args.graph).unwrap_or_else(|| load(path));
        // The two sides load on two cores.
        let (before, after) = std::thread::scope(|scope| {
            let before = scope.spawn(|| side(old));
            let after = side(new);
            (
                before
                    .join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("loading {} failed", old.display()))),
                after,
            )
        });
        let (before, after) = (before?, after?);
        let (changes, initial_cycle) = diff_loaded(&before, &after, None, &options);
        // The process ends right after printing: freeing two large documents piece
        // by piece would only cost time (the operating system reclaims it at once).
        std::mem::forget(before);
        std::mem::forget(after);
        DiffReport::new(changes, initial_cycle, &options)
    };
    let default_labels = [old.display().to_string(), new.display().to_string()];
    let labels = match args.labels.as_slice() {
        [a, b] => (a.as_str(), b.as_str()),
        _ => (default_labels[0].as_str(), default_labels[1].as_str()),
    };
    print_stdout(&render(&report, args, labels))?;
    let threshold = args.fail_on.map(|fail_on| match fail_on {
        FailOn::Breaking => Impact::Breaking,
        FailOn::NeedsReview => Impact::NeedsReview,
        FailOn::Any => Impact::Compatible,
    });
    let failing =
        threshold.is_some_and(|threshold| report.max_impact().is_some_and(|i| i >= threshold));
    Ok(if failing { EXIT_FINDINGS } else { EXIT_OK })
}

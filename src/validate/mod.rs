//! `validate`: everything wrong with a document, where, and how to fix it.
//!
//! The pipeline: load (a file that cannot be loaded is itself a finding) →
//! structural validation against the generated JSON Schemas ([`structural`], the
//! only user of the `jsonschema` crate) → semantic rules on the typed model
//! ([`rules`], one file per rule) → severity policy ([`policy`]: `--allow`,
//! `--warn`, `--deny`, `synclens.toml`) → locations (line, column, source line) and
//! identity paths (the place by identity keys, [`crate::identity::path::of_pointer`]).
//! Every finding is collected; the output order is deterministic. [`baseline`]
//! records accepted findings by fingerprint. [`validate_paths`] does the whole job
//! over files and folders (what `synclens validate` runs).

pub mod baseline;
pub mod catalogs;
mod context;
pub mod finding;
mod paths;
pub mod policy;
pub mod registry;
mod report_schema;
pub mod rule;
pub(crate) mod rules;
mod snippet;
mod structural;
mod suggest;

use std::path::Path;

use schemars::JsonSchema;
use serde::Serialize;

pub use catalogs::{Catalogs, OperatorCatalog};
pub use finding::{Finding, Related, Severity, Snippet};
pub use paths::{
    BaselineMode, PathOptions, ValidateError, Validation, function_catalog, validate_paths,
};
pub use policy::{Policy, Subject};
pub use report_schema::report_schema;
pub use rule::RuleMeta;

use crate::load::{LoadError, Loaded, Location, SourceMap};
use crate::model::Kind;
use context::{Context, Report, Sink};
pub(crate) use snippet::SNIPPET_WIDTH;
use snippet::{Secrets, snippet};

/// The findings for one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct FileReport {
    /// The path as given on the command line (`-` for standard input).
    pub path: String,
    /// The detected document kind (`schema`, `job`, …); `null` when the file could not be
    /// loaded.
    pub kind: Option<String>,
    /// The findings, ordered by line, column and code.
    pub findings: Vec<Finding>,
}

impl FileReport {
    /// How many findings have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// Totals over all files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, JsonSchema)]
pub struct Totals {
    /// Files checked.
    pub files: usize,
    /// Error-level findings.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
}

/// The result of validating files: `synclens validate --format json` prints this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(title = "synclens validate report")]
pub struct ValidationReport {
    /// One entry per file, in the order given (folders expanded in sorted order).
    pub files: Vec<FileReport>,
    /// Totals.
    pub summary: Totals,
}

impl ValidationReport {
    /// A report over these files, with totals.
    pub fn new(files: Vec<FileReport>) -> Self {
        let mut summary = Totals {
            files: files.len(),
            ..Totals::default()
        };
        for file in &files {
            summary.errors += file.count(Severity::Error);
            summary.warnings += file.count(Severity::Warning);
            summary.infos += file.count(Severity::Info);
        }
        ValidationReport { files, summary }
    }
}

/// What to check against and how to weigh findings.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Function and operator catalogs.
    pub catalogs: Catalogs,
    /// Severity overrides and ignores.
    pub policy: Policy,
}

/// Validates a loaded document.
pub fn validate_loaded(loaded: &Loaded, display_path: &str, options: &Options) -> FileReport {
    let mut sink = Sink::default();
    let kind = loaded.kind();
    if kind == Kind::Unknown {
        let note = loaded
            .note
            .clone()
            .unwrap_or_else(|| "not a synchronization document".to_owned());
        sink.report(
            &rules::not_a_synchronization_document::META,
            crate::pointer::JsonPointer::root(),
            note,
            "validate the whole schema, job or template, or force a kind with --kind",
        );
    } else {
        if let Some(root) = loaded.root() {
            structural::check(kind, root, &mut sink);
        }
        let cx = Context::new(&loaded.document, &options.catalogs);
        if loaded.truncation().is_some() {
            // What is left of a cut-off export: the other rules would report the lost
            // parts as missing; credentials are still found (and masked).
            rules::secret_values::check(&cx, &mut sink);
        } else {
            for check in rules::checks() {
                check(&cx, &mut sink);
            }
        }
    }
    let secrets = secrets(loaded, &sink);
    let file = options.policy.file_key(&loaded.path, display_path);
    let identity_path =
        |pointer: &str| crate::identity::path::of_pointer(loaded.root(), kind, pointer).to_string();
    let mut findings: Vec<Finding> = sink
        .reports
        .into_iter()
        .filter_map(|report| {
            let identity_path = identity_path(report.pointer.as_str());
            let subject = Subject {
                file: &file,
                pointer: report.pointer.as_str(),
                identity_path: Some(&identity_path),
            };
            let severity = options.policy.judge(report.meta, &subject)?;
            Some(resolve(
                report,
                severity,
                identity_path,
                &loaded.source,
                &secrets,
            ))
        })
        .collect();
    if let Some(truncation) = loaded.truncation() {
        let meta = &rules::truncated_powershell_dump::META;
        let identity_path = identity_path(&truncation.pointer);
        let subject = Subject {
            file: &file,
            pointer: &truncation.pointer,
            identity_path: Some(&identity_path),
        };
        if let Some(severity) = options.policy.judge(meta, &subject) {
            let mut finding = truncation_finding(truncation, severity, &loaded.source, &secrets);
            finding.identity_path = identity_path;
            findings.push(finding);
        }
    }
    sort(&mut findings);
    findings.dedup();
    FileReport {
        path: display_path.to_owned(),
        kind: Some(kind.as_str().to_owned()),
        findings,
    }
}

/// Every secret of the document: the values the rules marked (by position, whether
/// or not X801 is reported) and the objects a truncated PowerShell export holds.
/// Masked in every snippet, whichever finding shows the line.
fn secrets(loaded: &Loaded, sink: &Sink) -> Secrets {
    let pointers = sink
        .reports
        .iter()
        .filter(|report| report.mask.is_some())
        .map(|report| report.pointer.as_str());
    let texts = loaded
        .truncation()
        .map(|truncation| truncation.masks.clone())
        .unwrap_or_default();
    Secrets::new(&loaded.source, pointers, texts)
}

/// The one S107 finding of a cut-off PowerShell export, at the first lost value.
fn truncation_finding(
    truncation: &crate::load::Truncation,
    severity: Severity,
    source: &SourceMap,
    secrets: &Secrets,
) -> Finding {
    let meta = &rules::truncated_powershell_dump::META;
    let more = match truncation.count {
        0 | 1 => String::new(),
        2 => " and 1 more".to_owned(),
        count => format!(" and {} more", count - 1),
    };
    Finding {
        code: meta.code,
        name: meta.name,
        severity,
        pointer: truncation.pointer.clone(),
        identity_path: String::new(),
        line: truncation.location.line,
        column: truncation.location.column,
        message: format!(
            "ConvertTo-Json cut this PowerShell export off at its depth limit: {} value(s) \
             are text such as \"{}\" instead of objects or arrays (this one{more}); what \
             lay below them is lost",
            truncation.count, truncation.sample
        ),
        help: "export it again with `ConvertTo-Json -Depth 100` (e.g. `… | ConvertTo-Json \
               -Depth 100 | Set-Content -Encoding utf8 schema.json`), or use `synclens fetch`"
            .to_owned(),
        related: Vec::new(),
        snippet: snippet(
            source,
            truncation.location,
            source.value_end(&truncation.pointer),
            secrets,
        ),
    }
}

/// The report for a file that could not be loaded: one P001 finding.
pub fn load_failure(error: &LoadError, display_path: &str, options: &Options) -> FileReport {
    let meta = &rules::load_error::META;
    let pointer = error.pointer.clone().unwrap_or_default();
    let findings = options
        .policy
        .severity(meta, display_path, &pointer)
        .map(|severity| {
            let location = error.location.unwrap_or(Location {
                line: 1,
                column: 1,
                offset: 0,
            });
            Finding {
                code: meta.code,
                name: meta.name,
                severity,
                identity_path: crate::identity::path::of_pointer(None, Kind::Unknown, &pointer)
                    .to_string(),
                pointer,
                line: location.line,
                column: location.column,
                message: error.kind.summary(),
                help: error.kind.hint().map_or_else(
                    || {
                        "fix the file so that it is a JSON document Graph would accept; the \
                         message says what is wrong at this place"
                            .to_owned()
                    },
                    str::to_owned,
                ),
                related: Vec::new(),
                // Masked where a value may be a credential (see `load::Excerpt`).
                snippet: error.excerpt.as_ref().map(|excerpt| Snippet {
                    text: excerpt.text.clone(),
                    caret: excerpt.caret,
                    width: 1,
                }),
            }
        })
        .into_iter()
        .collect();
    FileReport {
        path: display_path.to_owned(),
        kind: None,
        findings,
    }
}

/// Loads and validates one file.
pub fn validate_path(path: &Path, display_path: &str, options: &Options) -> FileReport {
    match crate::load::load_path(path, crate::load::LoadOptions::default()) {
        Ok(loaded) => validate_loaded(&loaded, display_path, options),
        Err(error) => load_failure(&error, display_path, options),
    }
}

fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.line, a.column, a.code, &a.pointer, &a.message)
            .cmp(&(b.line, b.column, b.code, &b.pointer, &b.message))
    });
}

/// The location of byte `inner` of the decoded string whose opening quote is at
/// `quote`: walks the raw JSON string, decoding escapes, counting characters.
fn inside_string(source: &SourceMap, quote: Location, inner: usize) -> Location {
    let Some(raw) = source.original_text().get(quote.offset..) else {
        return quote;
    };
    let mut chars = raw.chars();
    if chars.next() != Some('"') {
        return quote;
    }
    let mut decoded = 0usize;
    let mut columns = 1u32;
    let mut bytes = 1usize;
    while decoded < inner {
        let Some(c) = chars.next() else { break };
        bytes += c.len_utf8();
        columns += 1;
        let width = match c {
            '"' => break,
            '\\' => match chars.next() {
                Some('u') => {
                    let hex: String = chars.by_ref().take(4).collect();
                    bytes += 5;
                    columns += 5;
                    u32::from_str_radix(&hex, 16)
                        .ok()
                        .and_then(char::from_u32)
                        // A surrogate half: its pair adds the rest of the character.
                        .map_or(2, char::len_utf8)
                }
                Some(other) => {
                    bytes += other.len_utf8();
                    columns += 1;
                    1
                }
                None => break,
            },
            c => c.len_utf8(),
        };
        decoded += width;
    }
    Location {
        line: quote.line,
        column: quote.column.saturating_add(columns),
        offset: quote.offset + bytes,
    }
}

fn resolve(
    report: Report,
    severity: Severity,
    identity_path: String,
    source: &SourceMap,
    secrets: &Secrets,
) -> Finding {
    let (mut location, exact) = source.locate_nearest(report.pointer.as_str());
    // The whole value is underlined when the finding is about it; a place inside a
    // string (an expression's character) or a missing property's nearest ancestor
    // gets one character.
    let mut end = None;
    match (report.inner, exact) {
        (Some(inner), true) => location = inside_string(source, location, inner),
        (None, true) => end = source.value_end(report.pointer.as_str()),
        _ => {}
    }
    let related = report
        .related
        .into_iter()
        .map(|(pointer, message)| {
            let (location, exact) = source.locate_nearest(pointer.as_str());
            let end = exact.then(|| source.value_end(pointer.as_str())).flatten();
            Related {
                pointer: pointer.as_str().to_owned(),
                line: location.line,
                column: location.column,
                message,
                snippet: snippet(source, location, end, secrets),
            }
        })
        .collect();
    Finding {
        code: report.meta.code,
        name: report.meta.name,
        severity,
        pointer: report.pointer.as_str().to_owned(),
        identity_path,
        line: location.line,
        column: location.column,
        message: report.message,
        help: report.help,
        related,
        snippet: snippet(source, location, end, secrets),
    }
}

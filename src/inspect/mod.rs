//! What `synclens inspect` reports about a document: a serializable [`Summary`] built
//! from the typed model, with stable camelCase field names (documented in README.md).
//!
//! [`inspect_path`] does the whole job for a file (load, then summarise); [`inspect`]
//! summarises a document already loaded. The summary is data only:
//! [`crate::render::inspect`] presents it as text or JSON Lines. The parts by what
//! they describe: `schema` (directories, rules, mappings), `job` (schedule, status,
//! runs), `template`, `catalog` (functions, operators, secret names).

mod catalog;
mod job;
mod schema;
mod template;

use std::path::Path;

use serde::Serialize;

pub use catalog::{FunctionSummary, OperatorSummary, SecretSummary};
pub use job::{CountSummary, ExecutionSummary, QuarantineSummary, ScheduleSummary, StatusSummary};
pub use schema::{
    AttributeMappingSummary, ClauseSummary, DirectorySummary, ObjectMappingSummary, ObjectSummary,
    RuleSummary, ScopeGroupSummary,
};

use crate::load::{LoadError, LoadOptions, Loaded, load_path};
use crate::model::{Document, Enum, Field, Members};

/// How much `inspect` reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Detail {
    /// Add attribute mappings and scoping clauses per object mapping, and quarantine,
    /// last error and counts for jobs.
    pub mappings: bool,
}

/// How to read and summarise files.
#[derive(Debug, Clone, Copy, Default)]
pub struct InspectOptions {
    /// How to load each file (the kind to read it as, or detection).
    pub load: LoadOptions,
    /// How much to report.
    pub detail: Detail,
}

/// Loads the file at `path` and summarises it.
///
/// # Errors
///
/// When the file cannot be read or is not JSON (the [`LoadError`] says where).
#[allow(
    clippy::result_large_err,
    reason = "one error per file, on the error path (as crate::load::load_path)"
)]
pub fn inspect_path(path: &Path, options: InspectOptions) -> Result<Summary, LoadError> {
    load_path(path, options.load).map(|loaded| inspect(&loaded, options.detail))
}

/// Summarises a loaded file.
pub fn inspect(loaded: &Loaded, detail: Detail) -> Summary {
    Summary::of(loaded, detail)
}

/// The summary of one loaded file.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// The path as given (absent on the items of a list).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The document kind.
    pub kind: String,
    /// The encoding the file was read in (absent on the items of a list).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// For unknown documents: what the JSON looks like; for a truncated PowerShell
    /// export, what was lost.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// `powershell-sdk` for a Graph PowerShell SDK dump (read in Graph's form).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
    /// Schema (or template schema) directories.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub directories: Option<Vec<DirectorySummary>>,
    /// Schema (or template schema) rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules: Option<Vec<RuleSummary>>,
    /// For a job or template: its id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// For a job: its template.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template_id: Option<String>,
    /// For a job: its schedule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule: Option<ScheduleSummary>,
    /// For a job: its status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<StatusSummary>,
    /// For a job: names of its settings (values are not shown: some hold secrets).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settings: Option<Vec<String>>,
    /// For a template: its factory tag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub factory_tag: Option<String>,
    /// For a job list: the jobs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jobs: Option<Vec<Summary>>,
    /// For a template list: the templates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub templates: Option<Vec<Summary>>,
    /// For a function catalog: the functions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub functions: Option<Vec<FunctionSummary>>,
    /// For an operator catalog: the operators.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operators: Option<Vec<OperatorSummary>>,
    /// For a secrets body: the secret names (values are never shown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secrets: Option<Vec<SecretSummary>>,
    /// For a validateCredentials body: the credential names (values are never shown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credentials: Option<Vec<SecretSummary>>,
    /// For a validateCredentials body: whether the saved credentials are tested.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub use_saved_credentials: Option<bool>,
    /// For a paged collection: whether `@odata.nextLink` says more pages exist.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub has_next_page: Option<bool>,
}

pub(crate) fn text(field: &Field<String>) -> Option<String> {
    field.as_str().map(str::to_owned)
}

pub(crate) fn spelled<K: Members>(field: &Field<Enum<K>>) -> Option<String> {
    field.get().map(|value| value.as_str().to_owned())
}

impl Summary {
    /// Summarises a loaded file.
    pub fn of(loaded: &Loaded, detail: Detail) -> Summary {
        let mut summary = Summary::empty(loaded.kind().as_str());
        summary.path = Some(loaded.path.display().to_string());
        summary.encoding = Some(loaded.encoding.name().to_owned());
        summary.note.clone_from(&loaded.note);
        if loaded
            .powershell
            .as_ref()
            .is_some_and(|export| export.sdk_dump)
        {
            summary.form = Some("powershell-sdk".to_owned());
        }
        match &loaded.document {
            Document::Schema(schema) => summary.add_schema(schema, detail),
            Document::Job(job) => summary.add_job(job, detail),
            Document::Template(template) => summary.add_template(template, detail),
            Document::JobList(list) => {
                summary.jobs = Some(
                    list.items()
                        .iter()
                        .map(|job| {
                            let mut item = Summary::empty("job");
                            item.add_job(job, detail);
                            item
                        })
                        .collect(),
                );
                summary.has_next_page = Some(!list.odata_next_link.is_missing());
            }
            Document::TemplateList(list) => {
                summary.templates = Some(
                    list.items()
                        .iter()
                        .map(|template| {
                            let mut item = Summary::empty("template");
                            item.add_template(template, detail);
                            item
                        })
                        .collect(),
                );
                summary.has_next_page = Some(!list.odata_next_link.is_missing());
            }
            Document::Functions(list) => {
                summary.functions = Some(
                    list.items()
                        .iter()
                        .map(|function| FunctionSummary {
                            name: function.function_name().map(str::to_owned),
                            parameters: function
                                .parameters
                                .items()
                                .iter()
                                .map(|parameter| {
                                    let mut name =
                                        parameter.name.as_str().unwrap_or("?").to_owned();
                                    if parameter.required.get() == Some(&true) {
                                        name.push('*');
                                    }
                                    if parameter.allow_multiple_occurrences.get() == Some(&true) {
                                        name.push_str("...");
                                    }
                                    name
                                })
                                .collect(),
                        })
                        .collect(),
                );
            }
            Document::FilterOperators(list) => {
                summary.operators = Some(
                    list.items()
                        .iter()
                        .map(|operator| OperatorSummary {
                            name: operator.operator_name().map(str::to_owned),
                            arity: spelled(&operator.arity),
                        })
                        .collect(),
                );
            }
            Document::Secrets(list) => {
                summary.secrets = Some(catalog::secret_summaries(list.items()));
            }
            Document::Credentials(body) => {
                summary.template_id = text(&body.template_id);
                summary.use_saved_credentials = body.use_saved_credentials.get().copied();
                summary.credentials = Some(catalog::secret_summaries(body.items()));
            }
            Document::Unknown(_) => {}
        }
        summary
    }

    fn empty(kind: &str) -> Summary {
        Summary {
            path: None,
            kind: kind.to_owned(),
            encoding: None,
            note: None,
            form: None,
            directories: None,
            rules: None,
            id: None,
            template_id: None,
            schedule: None,
            status: None,
            settings: None,
            factory_tag: None,
            jobs: None,
            templates: None,
            functions: None,
            operators: None,
            secrets: None,
            credentials: None,
            use_saved_credentials: None,
            has_next_page: None,
        }
    }
}

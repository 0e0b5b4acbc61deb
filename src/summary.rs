//! What `synclens inspect` reports about a document: a serializable summary built from
//! the typed model, with stable camelCase field names (documented in README.md).
//!
//! The summary is data only; the command line renders it as text or JSON Lines.

use serde::Serialize;

use crate::load::Loaded;
use crate::model::{
    AttributeMapping, AttributeMappingSource, AttributeMappingSourceType, Document, Enum, Field,
    Filter, Members, ObjectMapping, SynchronizationJob, SynchronizationSchema,
    SynchronizationSecretKeyStringValuePair, SynchronizationTaskExecution, SynchronizationTemplate,
};

/// How much `inspect` reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Detail {
    /// Add attribute mappings and scoping clauses per object mapping, and quarantine,
    /// last error and counts for jobs.
    pub mappings: bool,
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

/// A directory and its objects.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DirectorySummary {
    /// Directory name.
    pub name: Option<String>,
    /// Its objects.
    pub objects: Vec<ObjectSummary>,
}

/// An object type and its size.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ObjectSummary {
    /// Object name.
    pub name: Option<String>,
    /// Number of attribute definitions.
    pub attribute_count: usize,
    /// Names of anchor attributes.
    pub anchors: Vec<String>,
}

/// A synchronization rule.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RuleSummary {
    /// Rule id.
    pub id: Option<String>,
    /// Rule name.
    pub name: Option<String>,
    /// Source directory.
    pub source_directory_name: Option<String>,
    /// Target directory.
    pub target_directory_name: Option<String>,
    /// Priority (lower runs first).
    pub priority: Option<i32>,
    /// Object mappings.
    pub object_mappings: Vec<ObjectMappingSummary>,
}

/// An object mapping.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ObjectMappingSummary {
    /// Mapping name.
    pub name: Option<String>,
    /// Source object.
    pub source_object_name: Option<String>,
    /// Target object.
    pub target_object_name: Option<String>,
    /// Whether the mapping is enabled.
    pub enabled: bool,
    /// Whether a scoping filter with clauses applies.
    pub scoped: bool,
    /// Flow types as written (`Add, Update, Delete`).
    pub flow_types: Option<String>,
    /// Number of attribute mappings.
    pub attribute_mapping_count: usize,
    /// With `--mappings`: the attribute mappings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute_mappings: Option<Vec<AttributeMappingSummary>>,
    /// With `--mappings`: the scoping clauses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<Vec<ScopeGroupSummary>>,
}

/// One attribute mapping, as an admin reads it.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AttributeMappingSummary {
    /// Target attribute.
    pub target_attribute_name: Option<String>,
    /// `attribute`, `constant`, `expression` or `none` (default value only).
    pub source_kind: &'static str,
    /// The source as text (`[mail]`, `"True"`, `Join(...)`).
    pub source: Option<String>,
    /// Flow type as written.
    pub flow_type: Option<String>,
    /// Flow behaviour as written.
    pub flow_behavior: Option<String>,
    /// Matching priority, when the mapping matches objects (> 0).
    pub matching_priority: Option<i32>,
    /// Default value.
    pub default_value: Option<String>,
}

/// A scoping group: all its clauses must hold.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ScopeGroupSummary {
    /// Which list the group is in (`groups`, `inputFilterGroups`, `categoryFilterGroups`).
    pub list: &'static str,
    /// Group name.
    pub name: Option<String>,
    /// The clauses.
    pub clauses: Vec<ClauseSummary>,
}

/// One scoping clause.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ClauseSummary {
    /// Source attribute.
    pub source_operand_name: Option<String>,
    /// Operator.
    pub operator_name: Option<String>,
    /// Values.
    pub values: Vec<String>,
}

/// A job's schedule.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleSummary {
    /// Active, Disabled or Paused, as written.
    pub state: Option<String>,
    /// ISO 8601 interval, as written.
    pub interval: Option<String>,
    /// The interval in words (`40 minutes`), when it parses.
    pub interval_text: Option<String>,
}

/// A job's status.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct StatusSummary {
    /// Status code, as written.
    pub code: Option<String>,
    /// With `--mappings`: the quarantine, when quarantined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quarantine: Option<QuarantineSummary>,
    /// With `--mappings`: the last run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_execution: Option<ExecutionSummary>,
    /// With `--mappings`: entries per object mapping.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub synchronized_entry_count_by_type: Option<Vec<CountSummary>>,
}

/// A quarantine.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct QuarantineSummary {
    /// Reason, as written.
    pub reason: Option<String>,
    /// When the series began.
    pub series_began: Option<String>,
    /// Times re-evaluated in this series.
    pub series_count: Option<i64>,
    /// The error code.
    pub error_code: Option<String>,
    /// The error message.
    pub error_message: Option<String>,
}

/// One job run.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ExecutionSummary {
    /// Outcome, as written.
    pub state: Option<String>,
    /// Start.
    pub time_began: Option<String>,
    /// End.
    pub time_ended: Option<String>,
    /// Error code, when the run failed.
    pub error_code: Option<String>,
    /// Error message, when the run failed.
    pub error_message: Option<String>,
    /// Counters (`countImported`, `countExported`, …) that are present.
    pub counts: Vec<CountSummary>,
}

/// A named count.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CountSummary {
    /// Name.
    pub name: String,
    /// Value.
    pub value: i64,
}

/// A function of a catalog.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct FunctionSummary {
    /// Function name.
    pub name: Option<String>,
    /// Parameter names in order (`name*` required, `name...` repeatable).
    pub parameters: Vec<String>,
}

/// An operator of a catalog.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct OperatorSummary {
    /// Operator name.
    pub name: Option<String>,
    /// Binary or Unary, as written.
    pub arity: Option<String>,
}

/// A secret, without its value.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SecretSummary {
    /// Secret name, as written.
    pub key: Option<String>,
    /// Whether a non-empty value is present.
    pub has_value: bool,
}

/// Names of secrets and whether each has a value; never the values.
fn secret_summaries(secrets: &[SynchronizationSecretKeyStringValuePair]) -> Vec<SecretSummary> {
    secrets
        .iter()
        .map(|secret| SecretSummary {
            key: spelled(&secret.key),
            has_value: secret.value.as_str().is_some_and(|v| !v.is_empty()),
        })
        .collect()
}

fn text(field: &Field<String>) -> Option<String> {
    field.as_str().map(str::to_owned)
}

fn spelled<K: Members>(field: &Field<Enum<K>>) -> Option<String> {
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
            Document::Secrets(list) => summary.secrets = Some(secret_summaries(list.items())),
            Document::Credentials(body) => {
                summary.template_id = text(&body.template_id);
                summary.use_saved_credentials = body.use_saved_credentials.get().copied();
                summary.credentials = Some(secret_summaries(body.items()));
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

    fn add_schema(&mut self, schema: &SynchronizationSchema, detail: Detail) {
        self.directories = Some(
            schema
                .directories()
                .iter()
                .map(|directory| DirectorySummary {
                    name: text(&directory.name),
                    objects: directory
                        .objects()
                        .iter()
                        .map(|object| ObjectSummary {
                            name: text(&object.name),
                            attribute_count: object.attributes().len(),
                            anchors: object
                                .attributes()
                                .iter()
                                .filter(|attribute| attribute.anchor.get() == Some(&true))
                                .filter_map(|attribute| text(&attribute.name))
                                .collect(),
                        })
                        .collect(),
                })
                .collect(),
        );
        self.rules = Some(
            schema
                .rules()
                .iter()
                .map(|rule| RuleSummary {
                    id: text(&rule.id),
                    name: text(&rule.name),
                    source_directory_name: text(&rule.source_directory_name),
                    target_directory_name: text(&rule.target_directory_name),
                    priority: rule.priority.get().copied(),
                    object_mappings: rule
                        .object_mappings()
                        .iter()
                        .map(|mapping| object_mapping(mapping, detail))
                        .collect(),
                })
                .collect(),
        );
    }

    fn add_job(&mut self, job: &SynchronizationJob, detail: Detail) {
        self.id = text(&job.id);
        self.template_id = text(&job.template_id);
        self.schedule = job.schedule.get().map(|schedule| ScheduleSummary {
            state: spelled(&schedule.state),
            interval: schedule.interval.get().map(|i| i.as_str().to_owned()),
            interval_text: schedule
                .interval
                .get()
                .and_then(super::model::time::Duration::describe),
        });
        self.status = job.status.get().map(|status| StatusSummary {
            code: spelled(&status.code),
            quarantine: status
                .quarantine
                .get()
                .filter(|_| detail.mappings)
                .map(|quarantine| QuarantineSummary {
                    reason: spelled(&quarantine.reason),
                    series_began: quarantine.series_began.get().map(|t| t.as_str().to_owned()),
                    series_count: quarantine.series_count.get().copied(),
                    error_code: quarantine.error.get().and_then(|e| text(&e.code)),
                    error_message: quarantine.error.get().and_then(|e| text(&e.message)),
                }),
            last_execution: status
                .last_execution
                .get()
                .filter(|_| detail.mappings)
                .map(execution),
            synchronized_entry_count_by_type: detail.mappings.then(|| {
                status
                    .synchronized_entry_count_by_type
                    .items()
                    .iter()
                    .filter_map(|pair| {
                        Some(CountSummary {
                            name: pair.key.as_str()?.to_owned(),
                            value: *pair.value.get()?,
                        })
                    })
                    .collect()
            }),
        });
        if !job.synchronization_job_settings.is_missing() {
            self.settings = Some(
                job.settings()
                    .iter()
                    .filter_map(|s| text(&s.name))
                    .collect(),
            );
        }
        if let Some(schema) = job.schema.get() {
            self.add_schema(schema, detail);
        }
    }

    fn add_template(&mut self, template: &SynchronizationTemplate, detail: Detail) {
        self.id = text(&template.id);
        self.factory_tag = text(&template.factory_tag);
        if let Some(schema) = template.schema.get() {
            self.add_schema(schema, detail);
        }
    }
}

fn object_mapping(mapping: &ObjectMapping, detail: Detail) -> ObjectMappingSummary {
    ObjectMappingSummary {
        name: text(&mapping.name),
        source_object_name: text(&mapping.source_object_name),
        target_object_name: text(&mapping.target_object_name),
        enabled: mapping.is_enabled(),
        scoped: mapping.is_scoped(),
        flow_types: mapping.flow_types.get().map(|f| f.as_text().into_owned()),
        attribute_mapping_count: mapping.attribute_mappings().len(),
        attribute_mappings: detail.mappings.then(|| {
            mapping
                .attribute_mappings()
                .iter()
                .map(attribute_mapping)
                .collect()
        }),
        scope: detail
            .mappings
            .then(|| mapping.scope.get().map(scope).unwrap_or_default()),
    }
}

fn attribute_mapping(mapping: &AttributeMapping) -> AttributeMappingSummary {
    let (source_kind, source) = match mapping.source.get() {
        None => ("none", None),
        Some(source) => (source_kind(source), Some(source_text(source))),
    };
    AttributeMappingSummary {
        target_attribute_name: text(&mapping.target_attribute_name),
        source_kind,
        source,
        flow_type: spelled(&mapping.flow_type),
        flow_behavior: spelled(&mapping.flow_behavior),
        matching_priority: mapping.matching_priority(),
        default_value: text(&mapping.default_value),
    }
}

fn source_kind(source: &AttributeMappingSource) -> &'static str {
    match source.node_type() {
        Some(AttributeMappingSourceType::Attribute) => "attribute",
        Some(AttributeMappingSourceType::Constant) => "constant",
        Some(AttributeMappingSourceType::Function) => "expression",
        None => "unknown",
    }
}

/// The text of a source: its `expression`, or one made from the node when absent.
fn source_text(source: &AttributeMappingSource) -> String {
    if let Some(expression) = source.expression.as_str() {
        return expression.to_owned();
    }
    let name = source.name.as_str().unwrap_or("?");
    match source.node_type() {
        Some(AttributeMappingSourceType::Constant) => {
            format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
        }
        Some(AttributeMappingSourceType::Function) => {
            let arguments: Vec<String> = source
                .parameters()
                .iter()
                .map(|parameter| parameter.value.get().map(source_text).unwrap_or_default())
                .collect();
            format!("{name}({})", arguments.join(", "))
        }
        _ => format!("[{name}]"),
    }
}

fn scope(filter: &Filter) -> Vec<ScopeGroupSummary> {
    filter
        .group_lists()
        .into_iter()
        .flat_map(|(list, groups)| {
            groups.iter().map(move |group| ScopeGroupSummary {
                list,
                name: text(&group.name),
                clauses: group
                    .clauses
                    .items()
                    .iter()
                    .map(|clause| ClauseSummary {
                        source_operand_name: text(&clause.source_operand_name),
                        operator_name: text(&clause.operator_name),
                        values: clause
                            .target_operand
                            .get()
                            .map(|operand| operand.values.items().to_vec())
                            .unwrap_or_default(),
                    })
                    .collect(),
            })
        })
        .collect()
}

fn execution(run: &SynchronizationTaskExecution) -> ExecutionSummary {
    let counts = [
        ("countImported", &run.count_imported),
        ("countImportedDeltas", &run.count_imported_deltas),
        (
            "countImportedReferenceDeltas",
            &run.count_imported_reference_deltas,
        ),
        ("countEntitled", &run.count_entitled),
        (
            "countEntitledForProvisioning",
            &run.count_entitled_for_provisioning,
        ),
        ("countExports", &run.count_exports),
        ("countExported", &run.count_exported),
        ("countEscrowed", &run.count_escrowed),
        ("countEscrowedRaw", &run.count_escrowed_raw),
    ];
    ExecutionSummary {
        state: spelled(&run.state),
        time_began: run.time_began.get().map(|t| t.as_str().to_owned()),
        time_ended: run.time_ended.get().map(|t| t.as_str().to_owned()),
        error_code: run.error.get().and_then(|e| text(&e.code)),
        error_message: run.error.get().and_then(|e| text(&e.message)),
        counts: counts
            .into_iter()
            .filter_map(|(name, value)| {
                Some(CountSummary {
                    name: name.to_owned(),
                    value: *value.get()?,
                })
            })
            .collect(),
    }
}

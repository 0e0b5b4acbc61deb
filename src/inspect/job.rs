//! What `inspect` reports about a job: id, template, schedule, status, setting names
//! (never their values), and with [`Detail::mappings`] the quarantine, the last run
//! and its counts.

use serde::Serialize;

use super::{Detail, Summary, spelled, text};
use crate::model::{SynchronizationJob, SynchronizationTaskExecution};

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

impl ScheduleSummary {
    /// Whether the interval is .NET's `TimeSpan.MaxValue`, which Graph writes for a
    /// job that never runs on its own.
    pub fn never_runs(&self) -> bool {
        self.interval_text.is_some()
            && self.interval.as_deref() == Some(crate::model::time::TIMESPAN_MAX)
    }
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

impl Summary {
    pub(super) fn add_job(&mut self, job: &SynchronizationJob, detail: Detail) {
        self.id = text(&job.id);
        self.template_id = text(&job.template_id);
        self.schedule = job.schedule.get().map(|schedule| ScheduleSummary {
            state: spelled(&schedule.state),
            interval: schedule.interval.get().map(|i| i.as_str().to_owned()),
            interval_text: schedule
                .interval
                .get()
                .and_then(crate::model::time::Duration::describe),
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

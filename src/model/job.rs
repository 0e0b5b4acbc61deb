//! Synchronization jobs: schedule, status (runs, errors, progress, quarantine) and
//! settings (SPEC.md §1.5).

use super::enums::{
    Enum, Flags, QuarantineReason, SynchronizationJobRestartScope, SynchronizationScheduleState,
    SynchronizationStatusCode, SynchronizationTaskExecutionResult,
};
use super::schema::SynchronizationSchema;
use super::time::{Duration, Timestamp};

graph_object! {
    /// A provisioning job bound to one service principal.
    SynchronizationJob = "synchronizationJob", required [] {
        /// Job id, usually `{templateId}.{32 hex}` (sometimes with a `.{GUID}` suffix).
        id: String = "id",
        /// When and how often the job runs.
        schedule: SynchronizationSchedule = "schedule",
        /// Run state, counters and errors (changes every cycle).
        status: SynchronizationStatus = "status",
        /// Job-level settings.
        synchronization_job_settings: Vec<KeyValuePair> = "synchronizationJobSettings",
        /// The template the job was created from.
        template_id: String = "templateId",
        /// SCIM bulk-upload endpoint of API-driven provisioning jobs.
        bulk_upload: BulkUpload = "bulkUpload",
        /// The job's schema, when expanded inline.
        schema: SynchronizationSchema = "schema",
    }
}

impl SynchronizationJob {
    /// The job settings (empty when absent or malformed).
    pub fn settings(&self) -> &[KeyValuePair] {
        self.synchronization_job_settings.items()
    }
}

graph_object! {
    /// The SCIM bulk-upload endpoint of an API-driven provisioning job (a stream).
    BulkUpload = "bulkUpload", required [] {
        /// Entity id.
        id: String = "id",
    }
}

graph_object! {
    /// When and how often a job runs.
    SynchronizationSchedule = "synchronizationSchedule", required [] {
        /// When the job expires; usually null.
        expiration: Timestamp = "expiration",
        /// Interval between runs (ISO 8601 duration).
        interval: Duration = "interval",
        /// Active, Disabled or Paused.
        state: Enum<SynchronizationScheduleState> = "state",
    }
}

graph_object! {
    /// A job's run state, counters, errors and quarantine.
    SynchronizationStatus = "synchronizationStatus", required [] {
        /// High-level job state.
        code: Enum<SynchronizationStatusCode> = "code",
        /// Consecutive failed runs.
        count_successive_complete_failures: i64 = "countSuccessiveCompleteFailures",
        /// Whether escrows were pruned during initial sync.
        escrows_pruned: bool = "escrowsPruned",
        /// The last run.
        last_execution: SynchronizationTaskExecution = "lastExecution",
        /// The last run without errors.
        last_successful_execution: SynchronizationTaskExecution = "lastSuccessfulExecution",
        /// The last run that exported to the target.
        last_successful_execution_with_exports: SynchronizationTaskExecution = "lastSuccessfulExecutionWithExports",
        /// Progress observations.
        progress: Vec<SynchronizationProgress> = "progress",
        /// Quarantine details, when quarantined.
        quarantine: SynchronizationQuarantine = "quarantine",
        /// First time steady state was reached (`0001-01-01T00:00:00Z` if never).
        steady_state_first_achieved_time: Timestamp = "steadyStateFirstAchievedTime",
        /// Last time steady state was reached.
        steady_state_last_achieved_time: Timestamp = "steadyStateLastAchievedTime",
        /// Counts per object mapping (`user to User`).
        synchronized_entry_count_by_type: Vec<StringKeyLongValuePair> = "synchronizedEntryCountByType",
        /// Link with troubleshooting steps.
        troubleshooting_url: String = "troubleshootingUrl",
    }
}

graph_object! {
    /// Summary of one job run.
    SynchronizationTaskExecution = "synchronizationTaskExecution", required [] {
        /// Run id.
        activity_identifier: String = "activityIdentifier",
        /// Processed entries assigned to the app.
        count_entitled: i64 = "countEntitled",
        /// Processed entries assigned for provisioning.
        count_entitled_for_provisioning: i64 = "countEntitledForProvisioning",
        /// Entries escrowed (errors).
        count_escrowed: i64 = "countEscrowed",
        /// Escrows including system-generated ones.
        count_escrowed_raw: i64 = "countEscrowedRaw",
        /// Entries exported.
        count_exported: i64 = "countExported",
        /// Entries expected to be exported.
        count_exports: i64 = "countExports",
        /// Entries imported.
        count_imported: i64 = "countImported",
        /// Delta changes imported.
        count_imported_deltas: i64 = "countImportedDeltas",
        /// Reference delta changes imported.
        count_imported_reference_deltas: i64 = "countImportedReferenceDeltas",
        /// Error details, if any.
        error: SynchronizationError = "error",
        /// Succeeded, Failed or EntryLevelErrors.
        state: Enum<SynchronizationTaskExecutionResult> = "state",
        /// Run start.
        time_began: Timestamp = "timeBegan",
        /// Run end.
        time_ended: Timestamp = "timeEnded",
    }
}

graph_object! {
    /// An error reported by a job.
    SynchronizationError = "synchronizationError", required [] {
        /// Error code.
        code: String = "code",
        /// Human-readable message.
        message: String = "message",
        /// Whether the tenant admin can fix it.
        tenant_actionable: bool = "tenantActionable",
    }
}

graph_object! {
    /// One progress observation of a job.
    SynchronizationProgress = "synchronizationProgress", required [] {
        /// Units processed.
        completed_units: i64 = "completedUnits",
        /// Observation time.
        progress_observation_date_time: Timestamp = "progressObservationDateTime",
        /// Units to process.
        total_units: i64 = "totalUnits",
        /// Unit description.
        units: String = "units",
    }
}

graph_object! {
    /// Why and since when a job is quarantined.
    SynchronizationQuarantine = "synchronizationQuarantine", required [] {
        /// When quarantine was last evaluated or imposed.
        current_began: Timestamp = "currentBegan",
        /// The error that caused quarantine.
        error: SynchronizationError = "error",
        /// Next re-evaluation.
        next_attempt: Timestamp = "nextAttempt",
        /// Why the job is quarantined.
        reason: Enum<QuarantineReason> = "reason",
        /// When the current quarantine series started.
        series_began: Timestamp = "seriesBegan",
        /// How many times the quarantine was re-evaluated and kept in this series.
        series_count: i64 = "seriesCount",
    }
}

graph_object! {
    /// A string key with a 64-bit count.
    StringKeyLongValuePair = "stringKeyLongValuePair", required [] {
        /// Key.
        key: String = "key",
        /// Value.
        value: i64 = "value",
    }
}

graph_object! {
    /// A named setting (job settings).
    KeyValuePair = "keyValuePair", required ["name"] {
        /// Setting name.
        name: String = "name",
        /// Setting value (text; may be JSON).
        value: String = "value",
    }
}

graph_object! {
    /// What a job restart resets (body of `POST …/jobs/{id}/restart`).
    SynchronizationJobRestartCriteria = "synchronizationJobRestartCriteria", required [] {
        /// Flags such as `"Watermark, Escrows, QuarantineState"`.
        reset_scope: Flags<SynchronizationJobRestartScope> = "resetScope",
    }
}

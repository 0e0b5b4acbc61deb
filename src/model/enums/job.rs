//! Enumerations of synchronization jobs: schedule state, status, run results,
//! quarantine reasons and restart scopes.

members! {
    /// What a job restart resets.
SynchronizationJobRestartScope = "synchronizationJobRestartScope", closed {
        None = 0, ConnectorDataStore = 1, Escrows = 2, Watermark = 4, QuarantineState = 8,
        Full = 15, ForceDeletes = 32,
    }
}

members! {
    /// Whether a job's schedule is running.
SynchronizationScheduleState = "synchronizationScheduleState", closed {
        Active = 0, Disabled = 1, Paused = 2,
    }
}

members! {
    /// The high-level state of a job.
SynchronizationStatusCode = "synchronizationStatusCode", open {
        NotConfigured = 0, NotRun = 1, Active = 2, Paused = 3, Quarantine = 4,
    }
}

members! {
    /// The outcome of one job run.
SynchronizationTaskExecutionResult = "synchronizationTaskExecutionResult", open {
        Succeeded = 0, Failed = 1, EntryLevelErrors = 2,
    }
}

members! {
    /// Why a job is in quarantine.
QuarantineReason = "quarantineReason", open {
        EncounteredBaseEscrowThreshold = 0, EncounteredTotalEscrowThreshold = 1,
        EncounteredEscrowProportionThreshold = 2, EncounteredQuarantineException = 4,
        Unknown = 8, QuarantinedOnDemand = 16, TooManyDeletes = 32, IngestionInterrupted = 64,
    }
}

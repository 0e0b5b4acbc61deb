//! Enumerations of synchronization templates: their metadata keys.

members! {
    /// Keys of template metadata entries (v1.0 spells them in PascalCase, beta partly
    /// in camelCase; both match).
SynchronizationMetadata = "synchronizationMetadata", open {
        GalleryApplicationIdentifier = 0, GalleryApplicationKey = 1, IsOAuthEnabled = 2,
        IsSynchronizationAgentAssignmentRequired = 3, IsSynchronizationAgentRequired = 4,
        IsSynchronizationInPreview = 5, OAuthSettings = 6,
        SynchronizationLearnMoreIbizaFwLink = 7, ConfigurationFields = 8,
        /// Not in the CSDL; in Graph's template listing of the 2025 Cloud Sync
        /// template (docs/observed.md). Its numeric value is unknown; 9 is ours.
        AzureIngestionAttributeOptimization = 9,
    }
}

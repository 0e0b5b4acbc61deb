//! Enumerations of synchronization rules: how attribute mappings flow, what object
//! mappings may do and their metadata keys and values, and scoping-filter operators.

members! {
    /// When a mapped attribute value is exported: only when it changed, or always.
AttributeFlowBehavior = "attributeFlowBehavior", closed { FlowWhenChanged = 0, FlowAlways = 1 }
}

members! {
    /// When an attribute mapping applies (Always; ObjectAddOnly = only when the target
    /// object is created; …).
AttributeFlowType = "attributeFlowType", closed {
        Always = 0, ObjectAddOnly = 1, MultiValueAddOnly = 2, ValueAddOnly = 3,
        AttributeAddOnly = 4,
    }
}

members! {
    /// The kind of an expression-tree node: a source attribute, a constant, or a
    /// function call.
AttributeMappingSourceType = "attributeMappingSourceType", closed {
        Attribute = 0, Constant = 1, Function = 2,
    }
}

members! {
    /// What an object mapping may do to target objects: create, update, delete.
ObjectFlowTypes = "objectFlowTypes", closed { None = 0, Add = 1, Update = 2, Delete = 4 }
}

members! {
    /// Keys of object-mapping metadata entries.
ObjectMappingMetadata = "objectMappingMetadata", open {
        EscrowBehavior = 0, DisableMonitoringForChanges = 1, OriginalJoiningProperty = 2,
        Disposition = 3, IsCustomerDefined = 4, ExcludeFromReporting = 5, Unsynchronized = 6,
    }
}

members! {
    /// Values (JSON-quoted) of the object-mapping metadata entry `Disposition`.
SynchronizationDisposition = "synchronizationDisposition", closed {
        Normal = 0, Discard = 1, Escrow = 2,
    }
}

members! {
    /// Values (JSON-quoted) of the object-mapping metadata entry `EscrowBehavior`.
EscrowBehavior = "escrowBehavior", closed { Default = 1, IgnoreLookupReferenceResolutionFailure = 2 }
}

members! {
    /// Whether a scoping operator takes values (Binary) or not (Unary).
ScopeOperatorType = "scopeOperatorType", closed { Binary = 0, Unary = 1 }
}

members! {
    /// How a scoping operator treats multi-valued attributes: all values or any value.
ScopeOperatorMultiValuedComparisonType = "scopeOperatorMultiValuedComparisonType", closed {
        All = 0, Any = 1,
    }
}

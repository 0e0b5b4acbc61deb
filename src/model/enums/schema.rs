//! Enumerations of directory definitions in a synchronization schema: attribute
//! types, mutability, the metadata keys of objects and attributes, discoverabilities.

members! {
    /// The data type of an attribute or function parameter.
AttributeType = "attributeType", closed {
        String = 0, Integer = 1, Reference = 2, Binary = 3, Boolean = 4, DateTime = 5,
    }
}

members! {
    /// Whether an attribute can be written.
Mutability = "mutability", closed { ReadWrite = 0, ReadOnly = 1, Immutable = 2, WriteOnly = 3 }
}

members! {
    /// Keys of object-definition metadata entries.
ObjectDefinitionMetadata = "objectDefinitionMetadata", open {
        PropertyNameAccountEnabled = 0, PropertyNameSoftDeleted = 1,
        IsSoftDeletionSupported = 2, IsSynchronizeAllSupported = 3,
        ConnectorDataStorageRequired = 4, Extensions = 5, BaseObjectName = 6,
        /// Not in the CSDL; written by the service in a 2025 Cloud Sync export
        /// (docs/observed.md). Its numeric value is unknown; 7 is ours.
        IsHardDeletionSupported = 7,
    }
}

members! {
    /// Keys of attribute-definition metadata entries.
AttributeDefinitionMetadata = "attributeDefinitionMetadata", open {
        BaseAttributeName = 0, ComplexObjectDefinition = 1, IsContainer = 2,
        IsCustomerDefined = 3, IsDomainQualified = 4, LinkPropertyNames = 5,
        LinkTypeName = 6, MaximumLength = 7, ReferencedProperty = 8,
        /// Not in the CSDL; written by the service in a 2025 Cloud Sync export
        /// (docs/observed.md). Its numeric value is unknown; 9 is ours.
        Secret = 9,
    }
}

members! {
    /// What kinds of discovery a directory supports.
DirectoryDefinitionDiscoverabilities = "directoryDefinitionDiscoverabilities", open {
        None = 0, AttributeNames = 1, AttributeDataTypes = 2, AttributeReadOnly = 4,
        ReferenceAttributes = 8, UnknownFutureValue = 16,
    }
}

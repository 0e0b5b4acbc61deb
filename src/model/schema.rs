//! The synchronization schema and its directory catalogs: directories, objects,
//! attributes (SPEC.md §1.5).

use super::enums::{
    AttributeDefinitionMetadata, AttributeType, DirectoryDefinitionDiscoverabilities, Enum, Flags,
    Mutability, ObjectDefinitionMetadata,
};
use super::mapping::{StringKeyStringValuePair, SynchronizationRule};
use super::time::Timestamp;

graph_object! {
    /// A job's or template's full provisioning configuration: the directories taking
    /// part, and the rules that map one directory onto another. PUT replaces it whole.
    SynchronizationSchema = "synchronizationSchema", required [] {
        /// Schema id (usually the job id).
        id: String = "id",
        /// Ordered synchronization rules, one direction each.
        synchronization_rules: Vec<SynchronizationRule> = "synchronizationRules",
        /// Server-maintained version string; changes on every schema change.
        version: String = "version",
        /// The directories (source and target systems) with their object catalogs.
        directories: Vec<DirectoryDefinition> = "directories",
    }
}

impl SynchronizationSchema {
    /// The directories of the schema (empty when absent or malformed).
    pub fn directories(&self) -> &[DirectoryDefinition] {
        self.directories.items()
    }

    /// The synchronization rules of the schema (empty when absent or malformed).
    pub fn rules(&self) -> &[SynchronizationRule] {
        self.synchronization_rules.items()
    }

    /// The directory whose name equals `name`, ignoring ASCII case.
    pub fn directory(&self, name: &str) -> Option<&DirectoryDefinition> {
        self.directories().iter().find(|directory| {
            directory
                .name
                .as_str()
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
    }
}

graph_object! {
    /// One directory (system) taking part in synchronization, with its object types.
    DirectoryDefinition = "directoryDefinition", required ["name"] {
        /// Directory identifier (differs between jobs; never an identity key).
        id: String = "id",
        /// What discovery the directory supports (flags).
        discoverabilities: Flags<DirectoryDefinitionDiscoverabilities> = "discoverabilities",
        /// When discovery last ran.
        discovery_date_time: Timestamp = "discoveryDateTime",
        /// Directory name, unique within the schema; rules refer to it.
        name: String = "name",
        /// Object types in this directory.
        objects: Vec<ObjectDefinition> = "objects",
        /// Whether the directory definition is read-only.
        read_only: bool = "readOnly",
        /// Discovered version.
        version: String = "version",
    }
}

impl DirectoryDefinition {
    /// The object types of the directory (empty when absent or malformed).
    pub fn objects(&self) -> &[ObjectDefinition] {
        self.objects.items()
    }

    /// The object whose name equals `name`, ignoring ASCII case.
    pub fn object(&self, name: &str) -> Option<&ObjectDefinition> {
        self.objects().iter().find(|object| {
            object
                .name
                .as_str()
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
    }
}

graph_object! {
    /// An object type in a directory (`User`, `Group`, `user`, `Worker`, …).
    ObjectDefinition = "objectDefinition", required ["name"] {
        /// Attribute definitions.
        attributes: Vec<AttributeDefinition> = "attributes",
        /// Metadata entries.
        metadata: Vec<ObjectDefinitionMetadataEntry> = "metadata",
        /// Object name, unique within the directory.
        name: String = "name",
        /// The APIs the provisioning service queries for this object.
        supported_apis: Vec<String> = "supportedApis",
    }
}

impl ObjectDefinition {
    /// The attributes of the object (empty when absent or malformed).
    pub fn attributes(&self) -> &[AttributeDefinition] {
        self.attributes.items()
    }

    /// The attribute whose name equals `name`, ignoring ASCII case.
    pub fn attribute(&self, name: &str) -> Option<&AttributeDefinition> {
        self.attributes().iter().find(|attribute| {
            attribute
                .name
                .as_str()
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
    }
}

graph_object! {
    /// A metadata entry of an object definition.
    ObjectDefinitionMetadataEntry = "objectDefinitionMetadataEntry", required ["key"] {
        /// Metadata key.
        key: Enum<ObjectDefinitionMetadata> = "key",
        /// Value (text; sometimes JSON).
        value: String = "value",
    }
}

graph_object! {
    /// One attribute of an object type.
    AttributeDefinition = "attributeDefinition", required ["name"] {
        /// Whether this attribute is the object's anchor (unique, immutable identifier).
        anchor: bool = "anchor",
        /// Connector-specific API expressions (e.g. a Workday XPath).
        api_expressions: Vec<StringKeyStringValuePair> = "apiExpressions",
        /// Case-sensitive change detection.
        case_exact: bool = "caseExact",
        /// Default value.
        default_value: String = "defaultValue",
        /// Whether null values flow.
        flow_null_values: bool = "flowNullValues",
        /// Metadata entries.
        metadata: Vec<AttributeDefinitionMetadataEntry> = "metadata",
        /// Whether the attribute holds several values.
        multivalued: bool = "multivalued",
        /// Whether the attribute can be written.
        mutability: Enum<Mutability> = "mutability",
        /// Attribute name, unique within the object.
        name: String = "name",
        /// For Reference attributes: the object types referenced.
        referenced_objects: Vec<ReferencedObject> = "referencedObjects",
        /// Whether the attribute is required to create the object.
        required: bool = "required",
        /// Data type.
        #[allow(clippy::struct_field_names)]
        r#type: Enum<AttributeType> = "type",
    }
}

graph_object! {
    /// A metadata entry of an attribute definition.
    AttributeDefinitionMetadataEntry = "attributeDefinitionMetadataEntry", required ["key"] {
        /// Metadata key.
        key: Enum<AttributeDefinitionMetadata> = "key",
        /// Value (text; `ComplexObjectDefinition` holds nested JSON).
        value: String = "value",
    }
}

graph_object! {
    /// An object type a Reference attribute points to.
    ReferencedObject = "referencedObject", required [] {
        /// Object name in the same directory.
        referenced_object_name: String = "referencedObjectName",
        /// Referenced property (not currently supported by Graph; usually null).
        referenced_property: String = "referencedProperty",
    }
}

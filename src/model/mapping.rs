//! Synchronization rules and what they contain: object mappings, attribute mappings,
//! the expression tree of a mapping's source, and scoping filters (SPEC.md §1.5).

use super::enums::{
    AttributeFlowBehavior, AttributeFlowType, AttributeMappingSourceType, Enum, Flags,
    ObjectFlowTypes, ObjectMappingMetadata,
};

graph_object! {
    /// One direction of synchronization between two directories of the schema.
    SynchronizationRule = "synchronizationRule", required [] {
        /// Cloud-sync OU scoping.
        container_filter: ContainerFilter = "containerFilter",
        /// False marks a rule that must not be changed.
        editable: bool = "editable",
        /// Cloud-sync group scoping.
        group_filter: GroupFilter = "groupFilter",
        /// Rule id (GUID-like, may carry a suffix such as `#V2`).
        id: String = "id",
        /// Opaque extension pairs.
        metadata: Vec<StringKeyStringValuePair> = "metadata",
        /// Display name.
        name: String = "name",
        /// Object mappings of this rule.
        object_mappings: Vec<ObjectMapping> = "objectMappings",
        /// Lower numbers run first.
        priority: i32 = "priority",
        /// Name of the source directory (a `directories[].name`).
        source_directory_name: String = "sourceDirectoryName",
        /// Name of the target directory (a `directories[].name`).
        target_directory_name: String = "targetDirectoryName",
    }
}

impl SynchronizationRule {
    /// The object mappings of the rule (empty when absent or malformed).
    pub fn object_mappings(&self) -> &[ObjectMapping] {
        self.object_mappings.items()
    }
}

graph_object! {
    /// Cloud-sync scoping by organizational unit.
    ContainerFilter = "containerFilter", required [] {
        /// Distinguished names of the OUs in scope; empty means no filtering.
        included_containers: Vec<String> = "includedContainers",
    }
}

graph_object! {
    /// Cloud-sync scoping by group.
    GroupFilter = "groupFilter", required [] {
        /// Distinguished names of the groups in scope; empty means no filtering.
        included_groups: Vec<String> = "includedGroups",
    }
}

graph_object! {
    /// A string key/value pair (rule metadata, API expressions).
    StringKeyStringValuePair = "stringKeyStringValuePair", required [] {
        /// Key.
        key: String = "key",
        /// Value.
        value: String = "value",
    }
}

graph_object! {
    /// How one source object type maps onto one target object type.
    ObjectMapping = "objectMapping", required ["sourceObjectName", "targetObjectName"] {
        /// One mapping per target attribute.
        attribute_mappings: Vec<AttributeMapping> = "attributeMappings",
        /// Whether the mapping is processed.
        enabled: bool = "enabled",
        /// What the mapping may do to target objects (Add, Update, Delete).
        flow_types: Flags<ObjectFlowTypes> = "flowTypes",
        /// Metadata entries.
        metadata: Vec<ObjectMappingMetadataEntry> = "metadata",
        /// Display name (may be null in real exports).
        name: String = "name",
        /// Scoping filter; null when every object is in scope.
        scope: Filter = "scope",
        /// Object type in the source directory (may be `""` on disabled mappings).
        source_object_name: String = "sourceObjectName",
        /// Object type in the target directory.
        target_object_name: String = "targetObjectName",
    }
}

impl ObjectMapping {
    /// The attribute mappings (empty when absent or malformed).
    pub fn attribute_mappings(&self) -> &[AttributeMapping] {
        self.attribute_mappings.items()
    }

    /// Whether the mapping is enabled (`enabled: true`).
    pub fn is_enabled(&self) -> bool {
        self.enabled.get() == Some(&true)
    }

    /// Whether the mapping has a scoping filter with at least one clause.
    pub fn is_scoped(&self) -> bool {
        self.scope.get().is_some_and(Filter::has_clauses)
    }
}

graph_object! {
    /// A metadata entry of an object mapping.
    ObjectMappingMetadataEntry = "objectMappingMetadataEntry", required ["key"] {
        /// Metadata key.
        key: Enum<ObjectMappingMetadata> = "key",
        /// Value (some are JSON-quoted, e.g. `"\"Normal\""`).
        value: String = "value",
    }
}

graph_object! {
    /// How one target attribute gets its value.
    AttributeMapping = "attributeMapping", required ["targetAttributeName"] {
        /// Used when the source evaluates to null.
        default_value: String = "defaultValue",
        /// Internal use.
        export_missing_references: bool = "exportMissingReferences",
        /// Export only when changed (FlowWhenChanged) or always (FlowAlways).
        flow_behavior: Enum<AttributeFlowBehavior> = "flowBehavior",
        /// When the mapping applies (Always, ObjectAddOnly, …).
        flow_type: Enum<AttributeFlowType> = "flowType",
        /// 0: not a matching attribute; > 0: used to match objects, lowest first.
        matching_priority: i32 = "matchingPriority",
        /// Where the value comes from; null for a constant default only.
        source: AttributeMappingSource = "source",
        /// Target attribute name.
        target_attribute_name: String = "targetAttributeName",
    }
}

impl AttributeMapping {
    /// The matching priority, when the mapping is a matching attribute (> 0).
    pub fn matching_priority(&self) -> Option<i32> {
        self.matching_priority
            .get()
            .copied()
            .filter(|priority| *priority > 0)
    }
}

graph_object! {
    /// A node of an attribute mapping's expression tree: a source attribute, a
    /// constant, or a function call with named arguments.
    AttributeMappingSource = "attributeMappingSource", required [] {
        /// The node's expression text (e.g. `Mid([userPrincipalName], 1, 8)`).
        expression: String = "expression",
        /// Function name, attribute name, or the constant's value.
        name: String = "name",
        /// Function arguments keyed by the function's parameter names.
        parameters: Vec<StringKeyAttributeMappingSourceValuePair> = "parameters",
        /// Attribute (default), Constant or Function.
        #[allow(clippy::struct_field_names)]
        r#type: Enum<AttributeMappingSourceType> = "type",
    }
}

impl AttributeMappingSource {
    /// The node type; Graph's default when absent is `Attribute`.
    pub fn node_type(&self) -> Option<AttributeMappingSourceType> {
        match &self.r#type {
            super::Field::Absent => Some(AttributeMappingSourceType::Attribute),
            field => field.get().and_then(Enum::known),
        }
    }

    /// The function arguments (empty when absent or malformed).
    pub fn parameters(&self) -> &[StringKeyAttributeMappingSourceValuePair] {
        self.parameters.items()
    }
}

graph_object! {
    /// A named function argument.
    StringKeyAttributeMappingSourceValuePair = "stringKeyAttributeMappingSourceValuePair", required [] {
        /// Formal parameter name (e.g. `source`, `start`, `length`).
        key: String = "key",
        /// The argument's expression node.
        value: AttributeMappingSource = "value",
    }
}

graph_object! {
    /// A scoping filter: groups are OR'ed, clauses inside a group are AND'ed.
    Filter = "filter", required [] {
        /// Experimental: decides whether an object belongs to this mapping.
        category_filter_groups: Vec<FilterGroup> = "categoryFilterGroups",
        /// The scoping filter; objects that stop matching are deprovisioned.
        groups: Vec<FilterGroup> = "groups",
        /// Read-time filter; objects that stop matching are not deprovisioned.
        input_filter_groups: Vec<FilterGroup> = "inputFilterGroups",
    }
}

impl Filter {
    /// The three group lists with their JSON names.
    pub fn group_lists(&self) -> [(&'static str, &[FilterGroup]); 3] {
        [
            ("groups", self.groups.items()),
            ("inputFilterGroups", self.input_filter_groups.items()),
            ("categoryFilterGroups", self.category_filter_groups.items()),
        ]
    }

    /// Whether any group of any list has a clause.
    pub fn has_clauses(&self) -> bool {
        self.group_lists()
            .iter()
            .any(|(_, groups)| groups.iter().any(|group| !group.clauses.items().is_empty()))
    }
}

graph_object! {
    /// A group of scoping clauses, all of which must be true.
    FilterGroup = "filterGroup", required [] {
        /// The clauses.
        clauses: Vec<FilterClause> = "clauses",
        /// Display name.
        name: String = "name",
    }
}

graph_object! {
    /// One scoping condition on a source attribute.
    FilterClause = "filterClause", required ["operatorName", "sourceOperandName"] {
        /// Operator (`EQUALS`, `IS NOT NULL`, `REGEX MATCH`, …).
        operator_name: String = "operatorName",
        /// Attribute of the source object.
        source_operand_name: String = "sourceOperandName",
        /// Comparison values; null or empty for unary operators.
        target_operand: FilterOperand = "targetOperand",
    }
}

graph_object! {
    /// The values a scoping clause compares with.
    FilterOperand = "filterOperand", required [] {
        /// The values.
        values: Vec<String> = "values",
    }
}

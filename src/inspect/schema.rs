//! What `inspect` reports about a schema (on its own, or inside a job or template):
//! directories and their objects, rules, object mappings, and with
//! [`Detail::mappings`] each attribute mapping and scoping clause.

use serde::Serialize;

use super::{Detail, Summary, spelled, text};
use crate::model::{
    AttributeMapping, AttributeMappingSource, AttributeMappingSourceType, Filter, ObjectMapping,
    SynchronizationSchema,
};

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

impl Summary {
    pub(super) fn add_schema(&mut self, schema: &SynchronizationSchema, detail: Detail) {
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
        Some(source) => (source_kind(source), crate::expr::source_text(source)),
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

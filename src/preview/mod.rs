//! `synclens preview`: what an object mapping does to each object of a sample of the
//! source directory, offline: whether the object is in the mapping's scope (and, when
//! not, the clause that decided), and the value each target attribute would get.
//! The sample is streamed ([`sample`]); each object's preview is handed to the caller
//! as soon as it is made, so a population of any size costs the memory of one object.

mod collisions;
mod impact;
pub mod sample;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::expr::eval::scope::{Verdict, evaluate_filter};
use crate::expr::eval::{EvalOptions, Evaluator, Object, Output, Shapes, Value};
use crate::expr::{Catalog, Expr};
use crate::model::{AttributeMappingSourceType, ObjectMapping, SynchronizationSchema};

pub use collisions::{Collision, KNOWN_UNIQUE, MAX_COLLISIONS, MAX_NAMED};
pub use impact::{Affected, ImpactExample, MAX_EXAMPLES, SampleImpact, impact, redacted};
pub use sample::{Row, SampleError, for_each_row};

/// What one object of the sample would get.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectPreview {
    /// The object: the value of the highest-priority matching source attribute, else
    /// `#<row>`.
    pub object: String,
    /// The row of the sample (line of JSON Lines, position in an array).
    pub row: usize,
    /// In the mapping's scope; `None` when a clause cannot be evaluated offline.
    pub in_scope: Option<bool>,
    /// Why it is out of scope (the first failing clause of each group that decided),
    /// or why scope cannot be decided.
    pub scope: Vec<String>,
    /// Each target attribute of the mapping: its value (a string, a list, or null:
    /// nothing flows).
    pub target: BTreeMap<String, serde_json::Value>,
    /// Errors the expressions raised, `target: message`.
    pub errors: Vec<String>,
}

/// The totals of a preview.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PreviewSummary {
    /// The object mapping previewed.
    pub object_mapping: String,
    /// Objects previewed.
    pub objects: usize,
    /// In scope.
    pub in_scope: usize,
    /// Out of scope.
    pub out_of_scope: usize,
    /// Scope not decidable offline.
    pub undecided: usize,
    /// Objects with at least one expression error.
    pub with_errors: usize,
    /// Rows skipped (not an object, not JSON), with their row number and why; the
    /// first [`MAX_SKIPPED_SHOWN`] only, [`PreviewSummary::skipped`] counts them all.
    pub skipped_rows: Vec<(usize, String)>,
    /// Rows skipped.
    pub skipped: usize,
    /// Per target attribute, among the objects in scope: how many get a value, none, or
    /// an error.
    pub targets: BTreeMap<String, TargetCounts>,
    /// Objects in scope that would get the same value of a target that must be unique
    /// (the first [`MAX_COLLISIONS`]).
    pub collisions: Vec<Collision>,
    /// How many such values there are.
    pub collision_count: usize,
}

/// What one target attribute gets across the objects in scope.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetCounts {
    /// Objects that get a value.
    pub value: usize,
    /// Objects that get none (nothing flows).
    pub no_value: usize,
    /// Objects whose expression raised an error.
    pub error: usize,
}

/// How many skipped rows a summary lists.
pub const MAX_SKIPPED_SHOWN: usize = 20;

/// Why a preview cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum PreviewError {
    /// The schema export gives no schema.
    #[error(transparent)]
    Schema(#[from] crate::load::SchemaOfError),
    /// The sample cannot be read.
    #[error(transparent)]
    Sample(#[from] SampleError),
    /// No object mapping, or not one that can be chosen.
    #[error("{0}")]
    Mapping(String),
}

/// How to preview.
#[derive(Debug, Clone, Default)]
pub struct PreviewOptions {
    /// The object mapping: its name or `source -> target`; default: the only enabled
    /// one, or the enabled one whose source object defines most of the first row's
    /// attributes.
    pub object_mapping: Option<String>,
    /// Clock, seed, placeholders of the evaluation.
    pub eval: EvalOptions,
    /// Splits a text value of a multi-valued attribute into its values (CSV cells hold
    /// one text; `proxyAddresses` joined with `;`, say). `None`: a text is one value.
    pub multi_separator: Option<String>,
}

/// An object mapping ready to run on objects.
pub struct Previewer<'s> {
    mapping: &'s ObjectMapping,
    /// Target attribute, its expression (`None`: no source), and its default value.
    attributes: Vec<(String, Option<Expr>, Option<String>)>,
    /// The source attributes that identify an object, highest priority first.
    key_attributes: Vec<String>,
    /// Target attributes that must be unique by the schema: the matching ones and the
    /// target object's anchors.
    unique: Vec<String>,
    shapes: Shapes,
    evaluator: Evaluator,
}

impl<'s> Previewer<'s> {
    /// Prepares `mapping` of `schema`; an attribute mapping whose source cannot be read
    /// is an error naming it.
    pub fn new(
        schema: &'s SynchronizationSchema,
        mapping: &'s ObjectMapping,
    ) -> Result<Self, PreviewError> {
        let catalog = Catalog::builtin();
        let mut attributes = Vec::new();
        for attribute in mapping.attribute_mappings() {
            let target = attribute
                .target_attribute_name
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let expression = crate::testfile::mapping_expression(attribute, &catalog)
                .map_err(|message| PreviewError::Mapping(format!("`{target}`: {message}")))?
                .map(|(_, expr)| expr);
            let default = attribute
                .default_value
                .as_str()
                .filter(|text| !text.is_empty())
                .map(str::to_owned);
            attributes.push((target, expression, default));
        }
        let mut keyed: Vec<(i32, String)> = mapping
            .attribute_mappings()
            .iter()
            .filter_map(|attribute| {
                let priority = attribute.matching_priority()?;
                let source = attribute.source.get()?;
                (source.node_type() == Some(AttributeMappingSourceType::Attribute))
                    .then(|| Some((priority, source.name.as_str()?.to_owned())))
                    .flatten()
            })
            .collect();
        keyed.sort();
        let shapes = mapping
            .source_object_name
            .as_str()
            .and_then(|name| Shapes::from_schema(schema, Some(name)).ok())
            .unwrap_or_default();
        let mut unique: Vec<String> = mapping
            .attribute_mappings()
            .iter()
            .filter(|attribute| attribute.matching_priority().is_some())
            .filter_map(|attribute| attribute.target_attribute_name.as_str().map(str::to_owned))
            .collect();
        if let Some(target_object) = mapping.target_object_name.as_str() {
            unique.extend(
                schema
                    .directories()
                    .iter()
                    .flat_map(crate::model::DirectoryDefinition::objects)
                    .filter(|object| object.name.as_str() == Some(target_object))
                    .flat_map(crate::model::ObjectDefinition::attributes)
                    .filter(|attribute| attribute.anchor.get() == Some(&true))
                    .filter_map(|attribute| attribute.name.as_str().map(str::to_owned)),
            );
        }
        Ok(Previewer {
            mapping,
            attributes,
            unique,
            key_attributes: keyed.into_iter().map(|(_, name)| name).collect(),
            shapes,
            evaluator: Evaluator::with_catalog(catalog),
        })
    }

    /// The target attributes whose values must be unique: matching attributes, the
    /// target object's anchors, and [`KNOWN_UNIQUE`] names (ignoring case).
    pub fn unique_targets(&self) -> Vec<String> {
        let mut unique: Vec<String> = self
            .attributes
            .iter()
            .map(|(target, _, _)| target.clone())
            .filter(|target| {
                self.unique
                    .iter()
                    .any(|name| name.eq_ignore_ascii_case(target))
                    || KNOWN_UNIQUE
                        .iter()
                        .any(|name| name.eq_ignore_ascii_case(target))
            })
            .collect();
        unique.sort();
        unique.dedup();
        unique
    }

    /// The preview of one object (row `row` of the sample); `separator` splits the
    /// text of a multi-valued attribute (see [`PreviewOptions::multi_separator`]).
    pub fn preview(
        &self,
        row: usize,
        object: Object,
        options: &EvalOptions,
        separator: Option<&str>,
    ) -> ObjectPreview {
        let object = match separator.filter(|separator| !separator.is_empty()) {
            Some(separator) => object
                .into_iter()
                .map(|(name, value)| match value {
                    Value::String(text)
                        if self
                            .shapes
                            .get(&name)
                            .is_some_and(|shape| shape.multivalued) =>
                    {
                        let values = text.split(separator).map(str::to_owned).collect();
                        (name, Value::List(values))
                    }
                    other => (name, other),
                })
                .collect(),
            None => object,
        };
        let object = self.shapes.apply(object);
        let key = self
            .key_attributes
            .iter()
            .find_map(|name| {
                let value = object.get(name).or_else(|| {
                    object
                        .iter()
                        .find(|(given, _)| given.eq_ignore_ascii_case(name))
                        .map(|(_, value)| value)
                })?;
                value.text().filter(|text| !text.is_empty())
            })
            .unwrap_or_else(|| format!("#{row}"));
        let outcome = evaluate_filter(self.mapping.scope.get(), &object);
        let (in_scope, scope) = match &outcome.verdict {
            Verdict::True => (Some(true), Vec::new()),
            Verdict::False => (Some(false), failing_clauses(&outcome)),
            Verdict::CannotEvaluate(reason) => (None, vec![reason.clone()]),
        };
        let mut target = BTreeMap::new();
        let mut errors = Vec::new();
        for (name, expression, default) in &self.attributes {
            let value = match expression {
                None => default.clone().map_or(Output::Null, Output::String),
                Some(expr) => {
                    let result = self.evaluator.evaluate(expr, &object, options);
                    if let Some(error) = &result.error {
                        errors.push(format!("{name}: {}", error.message));
                        Output::Null
                    } else if result.flows && result.output != Output::Null {
                        result.output
                    } else {
                        default.clone().map_or(Output::Null, Output::String)
                    }
                }
            };
            target.insert(name.clone(), value.to_json());
        }
        ObjectPreview {
            object: key,
            row,
            in_scope,
            scope,
            target,
            errors,
        }
    }
}

/// The first failing clause of each group of the lists that did not hold.
fn failing_clauses(outcome: &crate::expr::eval::scope::ScopeOutcome) -> Vec<String> {
    outcome
        .lists
        .iter()
        .filter(|list| list.verdict == Verdict::False)
        .flat_map(|list| {
            list.groups.iter().filter_map(move |group| {
                let clause = group.first_failure.as_ref()?;
                let name = group
                    .name
                    .as_deref()
                    .map(|name| format!(" {}", serde_json::Value::from(name)))
                    .unwrap_or_default();
                Some(format!(
                    "{} group {}{name}: {} {}: {}",
                    list.list, group.group, clause.attribute, clause.operator, clause.reason
                ))
            })
        })
        .collect()
}

/// The object mapping to preview: the one named, else the only enabled one, else the
/// enabled one whose source object defines most of `first_row`'s attributes.
pub fn choose_mapping<'s>(
    schema: &'s SynchronizationSchema,
    named: Option<&str>,
    first_row: Option<&Object>,
) -> Result<&'s ObjectMapping, PreviewError> {
    if let Some(named) = named {
        return crate::testfile::find_mapping(schema, named).map_err(PreviewError::Mapping);
    }
    let enabled: Vec<&ObjectMapping> = schema
        .rules()
        .iter()
        .flat_map(crate::model::SynchronizationRule::object_mappings)
        .filter(|mapping| mapping.is_enabled())
        .collect();
    if let [one] = enabled.as_slice() {
        return Ok(one);
    }
    let score = |mapping: &ObjectMapping| -> usize {
        let (Some(row), Some(source)) = (first_row, mapping.source_object_name.as_str()) else {
            return 0;
        };
        let Ok(shapes) = Shapes::from_schema(schema, Some(source)) else {
            return 0;
        };
        row.keys().filter(|name| shapes.get(name).is_some()).count()
    };
    let scores: Vec<usize> = enabled.iter().map(|mapping| score(mapping)).collect();
    let best = scores.iter().copied().max().unwrap_or(0);
    let winners: Vec<&ObjectMapping> = enabled
        .iter()
        .zip(&scores)
        .filter(|(_, score)| best > 0 && **score == best)
        .map(|(mapping, _)| *mapping)
        .collect();
    match winners.as_slice() {
        [one] => Ok(one),
        _ => Err(PreviewError::Mapping(format!(
            "choose the object mapping with --object-mapping: {}",
            enabled
                .iter()
                .map(|mapping| format!("`{}`", crate::testfile::mapping_label(mapping)))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// Previews the sample at `sample` with an object mapping of the schema export at
/// `schema`, handing each object's preview to `each` as it is made.
pub fn preview_path(
    schema: &Path,
    sample: &Path,
    options: &PreviewOptions,
    mut each: impl FnMut(ObjectPreview),
) -> Result<PreviewSummary, PreviewError> {
    let schema = crate::load::schema_of(schema)?;
    let mut summary = PreviewSummary::default();
    let mut previewer: Option<Previewer<'_>> = None;
    let mut collisions: Option<collisions::CollisionFinder> = None;
    let mut failure: Option<PreviewError> = None;
    let note_skip = |summary: &mut PreviewSummary, row: usize, why: String| {
        summary.skipped += 1;
        if summary.skipped_rows.len() < MAX_SKIPPED_SHOWN {
            summary.skipped_rows.push((row, why));
        }
    };
    for_each_row(sample, |row| {
        let object = match row.object {
            Ok(object) => object,
            Err(why) => {
                note_skip(&mut summary, row.number, why);
                return true;
            }
        };
        if previewer.is_none() {
            let made = choose_mapping(&schema, options.object_mapping.as_deref(), Some(&object))
                .and_then(|mapping| {
                    summary.object_mapping = crate::testfile::mapping_label(mapping);
                    Previewer::new(&schema, mapping)
                });
            match made {
                Ok(made) => {
                    collisions = Some(collisions::CollisionFinder::new(made.unique_targets()));
                    previewer = Some(made);
                }
                Err(error) => {
                    failure = Some(error);
                    return false;
                }
            }
        }
        let Some(previewer) = &previewer else {
            return false;
        };
        let preview = previewer.preview(
            row.number,
            object,
            &options.eval,
            options.multi_separator.as_deref(),
        );
        summary.objects += 1;
        if preview.in_scope == Some(true) {
            for (target, value) in &preview.target {
                let counts = summary.targets.entry(target.clone()).or_default();
                let failed = preview.errors.iter().any(|error| {
                    error
                        .strip_prefix(target.as_str())
                        .is_some_and(|rest| rest.starts_with(": "))
                });
                if failed {
                    counts.error += 1;
                } else if value.is_null() {
                    counts.no_value += 1;
                } else {
                    counts.value += 1;
                }
            }
            if let Some(finder) = &mut collisions {
                finder.record(&preview.object, &preview.target);
            }
        }
        match preview.in_scope {
            Some(true) => summary.in_scope += 1,
            Some(false) => summary.out_of_scope += 1,
            None => summary.undecided += 1,
        }
        if !preview.errors.is_empty() {
            summary.with_errors += 1;
        }
        each(preview);
        true
    })?;
    if let Some(error) = failure {
        return Err(error);
    }
    if let Some(finder) = collisions {
        summary.collisions = finder.found;
        summary.collision_count = finder.count;
    }
    if previewer.is_none() && options.object_mapping.is_some() {
        // An empty sample still checks the mapping named.
        choose_mapping(&schema, options.object_mapping.as_deref(), None)?;
    }
    Ok(summary)
}

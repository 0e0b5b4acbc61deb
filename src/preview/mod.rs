//! `synclens preview`: what an object mapping does to each object of a sample of the
//! source directory, offline: whether the object is in the mapping's scope (and, when
//! not, the clause that decided), and the value each target attribute would get.
//! The sample is streamed ([`sample`]) and previewed on every core ([`pipeline`]);
//! each object's preview is handed to the caller in the order of the sample, so a
//! population of any size costs the memory of a few batches of objects, and 16 bytes
//! per unique target value for finding collisions ([`collisions`]).

mod collisions;
mod impact;
mod pipeline;
pub mod sample;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::expr::eval::scope::{NullSemantics, Verdict, evaluate_filter};
use crate::expr::eval::{EvalOptions, Evaluator, Object, Output, Shape, Shapes, Value, shaped};
use crate::expr::{Catalog, Expr};
use crate::model::{AttributeMappingSourceType, ObjectMapping, SynchronizationSchema};

pub use collisions::{Collision, KNOWN_UNIQUE, MAX_COLLISIONS, MAX_NAMED};
pub use impact::{
    Affected, DEFAULT_EXAMPLES, ImpactExample, SampleImpact, impact, impact_with_progress, redacted,
};
pub use sample::{
    PendingRow, Row, SampleError, for_each_batch, for_each_batch_counted, for_each_row,
};

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
    /// `diff --sample`: examples kept per difference; `None`: [`DEFAULT_EXAMPLES`].
    pub examples: Option<usize>,
    /// A counter the reader adds the bytes of the sample it has read to, for a
    /// progress bar (the file's size is known, its rows are not).
    pub read_bytes: Option<std::sync::Arc<std::sync::atomic::AtomicU64>>,
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
    /// The shapes of the source attributes this previewer reads (its expressions, its
    /// scope, its key attributes): only those are given their type.
    typed: Vec<(String, Shape)>,
    /// What the scope makes of attributes without a value (by the mapping's rule).
    nulls: NullSemantics,
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
        let mut previewer = Previewer {
            mapping,
            attributes,
            unique,
            key_attributes: keyed.into_iter().map(|(_, name)| name).collect(),
            shapes,
            typed: Vec::new(),
            nulls: NullSemantics::of_mapping(schema, mapping),
            evaluator: Evaluator::with_catalog(catalog),
        };
        previewer.typed = previewer.read_shapes();
        Ok(previewer)
    }

    /// The source attributes read (expressions, scope, keys) that have a shape.
    fn read_shapes(&self) -> Vec<(String, Shape)> {
        let mut names: std::collections::BTreeSet<&str> =
            self.key_attributes.iter().map(String::as_str).collect();
        for (_, expression, _) in &self.attributes {
            if let Some(expression) = expression {
                names.extend(expression.attribute_references().map(|(name, _)| name));
            }
        }
        if let Some(filter) = self.mapping.scope.get() {
            for (_, groups) in filter.group_lists() {
                for group in groups {
                    names.extend(
                        group
                            .clauses
                            .items()
                            .iter()
                            .filter_map(|clause| clause.source_operand_name.as_str()),
                    );
                }
            }
        }
        names
            .into_iter()
            .filter_map(|name| Some((name.to_owned(), self.shapes.get(name)?)))
            .collect()
    }

    /// The shaped attributes of this previewer and `other` together (both read an
    /// object prepared once).
    pub(crate) fn typed_with(&self, other: &Previewer<'_>) -> Vec<(String, Shape)> {
        let mut typed = self.typed.clone();
        for entry in &other.typed {
            if !typed.contains(entry) {
                typed.push(entry.clone());
            }
        }
        typed
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
        let object = self.prepare(object, separator);
        self.preview_prepared(row, &object, options)
    }

    /// Evaluates only the target attributes `keep` accepts; the others are left out
    /// of every preview's `target` (what `diff --sample` does with the attribute
    /// mappings the two schemas share).
    pub(crate) fn restrict(&mut self, keep: impl Fn(&str) -> bool) {
        self.attributes.retain(|(target, _, _)| keep(target));
        self.typed = self.read_shapes();
    }

    /// The source attributes whose types decide how a sample's values are read: two
    /// previewers with equal shapes read an object the same way.
    pub(crate) fn shapes(&self) -> &Shapes {
        &self.shapes
    }

    /// Each target attribute with what decides its value: the expression printed
    /// and the default.
    pub(crate) fn signatures(&self) -> BTreeMap<String, (Option<String>, Option<String>)> {
        self.attributes
            .iter()
            .map(|(target, expression, default)| {
                (
                    target.clone(),
                    (expression.as_ref().map(crate::expr::print), default.clone()),
                )
            })
            .collect()
    }

    /// A sample object as the schema reads it: multi-valued texts split at
    /// `separator`, each value given its attribute's type.
    pub(crate) fn prepare(&self, object: Object, separator: Option<&str>) -> Object {
        self.prepare_with(object, separator, &self.typed)
    }

    /// [`Previewer::prepare`] giving the attributes of `typed` their type.
    pub(crate) fn prepare_with(
        &self,
        object: Object,
        separator: Option<&str>,
        typed: &[(String, Shape)],
    ) -> Object {
        let mut object = match separator.filter(|separator| !separator.is_empty()) {
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
        for (name, shape) in typed {
            // The exact name, else the only one equal ignoring ASCII case (as the
            // evaluator reads attributes).
            if let Some(value) = object.get_mut(name) {
                *value = shaped(std::mem::replace(value, Value::Null), *shape);
                continue;
            }
            let mut found = object
                .iter_mut()
                .filter(|(given, _)| given.eq_ignore_ascii_case(name));
            if let (Some((_, value)), None) = (found.next(), found.next()) {
                *value = shaped(std::mem::replace(value, Value::Null), *shape);
            }
        }
        object
    }

    /// Whether `other` decides scope as this one does (the same filter).
    pub(crate) fn same_scope(&self, other: &Previewer<'_>) -> bool {
        self.mapping.scope == other.mapping.scope && self.nulls == other.nulls
    }

    /// Whether an object [`Previewer::prepare`]d is in scope, and why not.
    pub(crate) fn scope_of(&self, object: &Object) -> (Option<bool>, Vec<String>) {
        let outcome = evaluate_filter(self.mapping.scope.get(), object, self.nulls);
        match &outcome.verdict {
            Verdict::True => (Some(true), Vec::new()),
            Verdict::False => (Some(false), failing_clauses(&outcome)),
            Verdict::CannotEvaluate(reason) => (None, vec![reason.clone()]),
        }
    }

    /// The preview of an object [`Previewer::prepare`]d.
    pub(crate) fn preview_prepared(
        &self,
        row: usize,
        object: &Object,
        options: &EvalOptions,
    ) -> ObjectPreview {
        let scope = self.scope_of(object);
        self.preview_scoped(row, object, options, scope)
    }

    /// [`Previewer::preview_prepared`] with the scope decided already.
    pub(crate) fn preview_scoped(
        &self,
        row: usize,
        object: &Object,
        options: &EvalOptions,
        (in_scope, scope): (Option<bool>, Vec<String>),
    ) -> ObjectPreview {
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
        let mut target = BTreeMap::new();
        let mut errors = Vec::new();
        for (name, expression, default) in &self.attributes {
            let value = match expression {
                None => default.clone().map_or(Output::Null, Output::String),
                Some(expr) => {
                    let result = self.evaluator.evaluate(expr, object, options);
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

/// The source attributes an object mapping of `schema` reads (its expressions, its
/// scope, its matching attributes), sorted: what a sample of the source directory
/// needs (`fetch --users` asks Graph for these). `named`: the mapping's name or
/// `source -> target`; default: the only enabled one.
pub fn source_attributes(
    schema: &SynchronizationSchema,
    named: Option<&str>,
) -> Result<Vec<String>, PreviewError> {
    let mapping = choose_mapping(schema, named, None)?;
    let previewer = Previewer::new(schema, mapping)?;
    let mut attributes: std::collections::BTreeSet<String> =
        previewer.key_attributes.iter().cloned().collect();
    for (_, expression, _) in &previewer.attributes {
        if let Some(expression) = expression {
            attributes.extend(
                expression
                    .attribute_references()
                    .map(|(name, _)| name.to_owned()),
            );
        }
    }
    if let Some(filter) = mapping.scope.get() {
        for (_, groups) in filter.group_lists() {
            for group in groups {
                attributes.extend(
                    group.clauses.items().iter().filter_map(|clause| {
                        clause.source_operand_name.as_str().map(str::to_owned)
                    }),
                );
            }
        }
    }
    Ok(attributes.into_iter().collect())
}

/// The first row of the sample that is an object, if any.
pub(crate) fn first_object(sample: &Path) -> Result<Option<Object>, PreviewError> {
    let mut first = None;
    for_each_row(sample, |row| {
        first = row.object.ok();
        first.is_none()
    })?;
    Ok(first)
}

/// The collisions of `shared` named: the target, the value, and the objects, by
/// previewing again only the rows involved (JSON Lines rows not involved are not even
/// parsed).
pub(crate) fn name_collisions(
    sample: &Path,
    shared: &[collisions::Shared],
    previewer: &Previewer<'_>,
    unique: &[String],
    options: &PreviewOptions,
) -> Result<Vec<Collision>, PreviewError> {
    let wanted: std::collections::BTreeSet<usize> = shared
        .iter()
        .flat_map(|shared| shared.rows.iter().copied())
        .collect();
    let Some(&last) = wanted.last() else {
        return Ok(Vec::new());
    };
    let mut previews: std::collections::HashMap<usize, ObjectPreview> =
        std::collections::HashMap::new();
    for_each_batch(sample, pipeline::BATCH_ROWS, |batch| {
        for pending in batch {
            if pending.number > last {
                return false;
            }
            if !wanted.contains(&pending.number) {
                continue;
            }
            let row = pending.parse();
            if let Ok(object) = row.object {
                let preview = previewer.preview(
                    row.number,
                    object,
                    &options.eval,
                    options.multi_separator.as_deref(),
                );
                previews.insert(row.number, preview);
            }
        }
        true
    })?;
    let mut named = Vec::new();
    for shared in shared {
        let found = shared
            .rows
            .first()
            .and_then(|row| previews.get(row))
            .and_then(|first| {
                unique.iter().enumerate().find_map(|(index, target)| {
                    match first.target.get(target) {
                        Some(serde_json::Value::String(value))
                            if collisions::value_hash(index, value) == shared.hash =>
                        {
                            Some((target.clone(), value.clone()))
                        }
                        _ => None,
                    }
                })
            });
        // The sample changed while it was read: nothing reliable to name.
        let Some((target, value)) = found else {
            continue;
        };
        named.push(Collision {
            target,
            value,
            count: shared.count,
            objects: shared
                .rows
                .iter()
                .map(|row| {
                    previews
                        .get(row)
                        .map_or_else(|| format!("#{row}"), |preview| preview.object.clone())
                })
                .collect(),
        });
    }
    Ok(named)
}

/// Previews the sample at `sample` with an object mapping of the schema export at
/// `schema`, handing each object's preview to `each` as it is made, in the order of
/// the sample.
pub fn preview_path(
    schema: &Path,
    sample: &Path,
    options: &PreviewOptions,
    mut each: impl FnMut(ObjectPreview),
) -> Result<PreviewSummary, PreviewError> {
    let schema = crate::load::schema_of(schema)?;
    let mut summary = PreviewSummary::default();
    let note_skip = |summary: &mut PreviewSummary, row: usize, why: String| {
        summary.skipped += 1;
        if summary.skipped_rows.len() < MAX_SKIPPED_SHOWN {
            summary.skipped_rows.push((row, why));
        }
    };
    let Some(first) = first_object(sample)? else {
        // No object at all: the rows skipped, and the mapping named checked.
        for_each_row(sample, |row| {
            if let Err(why) = row.object {
                note_skip(&mut summary, row.number, why);
            }
            true
        })?;
        if options.object_mapping.is_some() {
            choose_mapping(&schema, options.object_mapping.as_deref(), None)?;
        }
        return Ok(summary);
    };
    let mapping = choose_mapping(&schema, options.object_mapping.as_deref(), Some(&first))?;
    summary.object_mapping = crate::testfile::mapping_label(mapping);
    let previewer = Previewer::new(&schema, mapping)?;
    let unique = previewer.unique_targets();
    let separator = options.multi_separator.as_deref();
    let mut seen = collisions::Seen::default();
    pipeline::in_row_order(
        sample,
        options.read_bytes.as_deref(),
        |rows| {
            rows.into_iter()
                .map(|row| match row.object {
                    Ok(object) => {
                        let preview =
                            previewer.preview(row.number, object, &options.eval, separator);
                        let hashes: Vec<u64> = if preview.in_scope == Some(true) {
                            collisions::value_hashes(&unique, &preview.target).collect()
                        } else {
                            Vec::new()
                        };
                        Ok((preview, hashes))
                    }
                    Err(why) => Err((row.number, why)),
                })
                .collect::<Vec<_>>()
        },
        |previews| {
            for item in previews {
                let (preview, hashes) = match item {
                    Ok(done) => done,
                    Err((row, why)) => {
                        note_skip(&mut summary, row, why);
                        continue;
                    }
                };
                for hash in hashes {
                    seen.push(hash, preview.row);
                }
                summary.count(&preview);
                each(preview);
            }
        },
    )?;
    let shared = seen.shared();
    summary.collision_count = shared.len();
    summary.collisions = name_collisions(
        sample,
        shared.get(..MAX_COLLISIONS).unwrap_or(&shared),
        &previewer,
        &unique,
        options,
    )?;
    Ok(summary)
}

impl PreviewSummary {
    /// Counts one object's preview.
    fn count(&mut self, preview: &ObjectPreview) {
        self.objects += 1;
        if preview.in_scope == Some(true) {
            for (target, value) in &preview.target {
                let failed = preview.errors.iter().any(|error| {
                    error
                        .strip_prefix(target.as_str())
                        .is_some_and(|rest| rest.starts_with(": "))
                });
                let counts = match self.targets.get_mut(target) {
                    Some(counts) => counts,
                    None => self.targets.entry(target.clone()).or_default(),
                };
                if failed {
                    counts.error += 1;
                } else if value.is_null() {
                    counts.no_value += 1;
                } else {
                    counts.value += 1;
                }
            }
        }
        match preview.in_scope {
            Some(true) => self.in_scope += 1,
            Some(false) => self.out_of_scope += 1,
            None => self.undecided += 1,
        }
        if !preview.errors.is_empty() {
            self.with_errors += 1;
        }
    }
}

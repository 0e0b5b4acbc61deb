//! The impact of a schema change on real people: the same sample previewed with the
//! object mapping of the old and of the new schema, object by object (streamed), and
//! what differs counted with a few examples: objects entering and leaving scope,
//! target attributes whose value changes, and expressions that start failing.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use schemars::JsonSchema;
use serde::Serialize;

use super::collisions::{self, Seen, value_hashes};
use super::{
    ObjectPreview, PreviewError, PreviewOptions, Previewer, choose_mapping, first_object,
    name_collisions, pipeline,
};
use crate::model::SynchronizationSchema;

/// Examples kept per difference when [`PreviewOptions::examples`] does not say.
pub const DEFAULT_EXAMPLES: usize = 3;

/// One object that a change affects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ImpactExample {
    /// The object (its highest-priority matching attribute's value, else `#<row>`).
    pub object: String,
    /// The target attribute whose value changes; absent for a change of scope.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute: Option<String>,
    /// What it had or got with the old schema (a value, a list, null, or the scope).
    pub old: serde_json::Value,
    /// With the new schema (`{"error": message}` when its expression fails).
    pub new: serde_json::Value,
}

/// How many objects a difference touches, and the first few.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Affected {
    /// Objects affected.
    pub count: usize,
    /// The first few of them, in the order of the sample
    /// ([`PreviewOptions::examples`]).
    pub examples: Vec<ImpactExample>,
}

impl Affected {
    fn add(
        &mut self,
        limit: usize,
        (object, attribute): (&str, Option<&str>),
        old: serde_json::Value,
        new: serde_json::Value,
    ) {
        self.count += 1;
        if self.examples.len() < limit {
            self.examples.push(ImpactExample {
                object: object.to_owned(),
                attribute: attribute.map(str::to_owned),
                old,
                new,
            });
        }
    }

    /// Adds the objects of a later part of the sample.
    fn merge(&mut self, later: Affected, limit: usize) {
        self.count += later.count;
        let room = limit.saturating_sub(self.examples.len());
        self.examples.extend(later.examples.into_iter().take(room));
    }
}

/// What a schema change does to a sample population.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SampleImpact {
    /// The object mapping compared (as the new schema names it).
    pub object_mapping: String,
    /// The source object it reads (`user`, `User`): what the sample's rows are.
    pub source_object: String,
    /// Objects previewed.
    pub objects: usize,
    /// Rows of the sample skipped (not an object).
    pub skipped: usize,
    /// Out of scope before, in scope after: they start being provisioned.
    pub entering_scope: Affected,
    /// In scope before, out of scope after: the service disables or deletes them.
    pub leaving_scope: Affected,
    /// Objects in scope with both whose target attribute gets another value, by
    /// target attribute.
    pub changed: BTreeMap<String, Affected>,
    /// Objects in scope with both of which at least one target attribute changes.
    pub changed_objects: usize,
    /// Objects whose expression for a target attribute raises an error with the new
    /// schema and did not with the old, by target attribute.
    pub new_errors: BTreeMap<String, Affected>,
    /// Objects with at least one new error.
    pub objects_with_new_errors: usize,
    /// Values of a target that must be unique that two or more objects in scope share
    /// with the new schema and did not with the old (the first
    /// [`super::MAX_COLLISIONS`]; see [`super::Collision`]).
    pub new_collisions: Vec<super::Collision>,
    /// How many such values there are.
    pub new_collision_count: usize,
}

/// A short stable stand-in for a personal value: `#` and 8 hex digits of its FNV-1a
/// hash, the same in every run, so a redacted PR comment still shows which examples
/// are the same person or value.
pub fn redacted(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("#{:08x}", hash >> 32)
}

/// A JSON value with every string replaced by [`redacted`].
fn redact_value(value: &serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::String(text) => serde_json::Value::String(redacted(text)),
        serde_json::Value::Array(items) => items.iter().map(redact_value).collect(),
        serde_json::Value::Object(fields) => fields
            .iter()
            .map(|(name, value)| (name.clone(), redact_value(value)))
            .collect(),
        other => other.clone(),
    }
}

impl SampleImpact {
    /// The impact with every personal value of its examples (object names, old and
    /// new values, shared values) replaced by [`redacted`] stand-ins; counts and
    /// attribute names stay.
    #[must_use]
    pub fn redacted(mut self) -> Self {
        let examples = |affected: &mut Affected| {
            for example in &mut affected.examples {
                example.object = redacted(&example.object);
                example.old = redact_value(&example.old);
                example.new = redact_value(&example.new);
            }
        };
        examples(&mut self.entering_scope);
        examples(&mut self.leaving_scope);
        self.changed.values_mut().for_each(examples);
        self.new_errors.values_mut().for_each(examples);
        for collision in &mut self.new_collisions {
            collision.value = redacted(&collision.value);
            collision.objects = collision
                .objects
                .iter()
                .map(|object| redacted(object))
                .collect();
        }
        self
    }

    /// Whether the change affects no object of the sample.
    pub fn is_empty(&self) -> bool {
        self.entering_scope.count == 0
            && self.leaving_scope.count == 0
            && self.changed.is_empty()
            && self.new_errors.is_empty()
            && self.new_collision_count == 0
    }

    /// Adds what a later part of the sample showed (examples stay the first ones).
    fn merge(&mut self, later: SampleImpact, limit: usize) {
        self.objects += later.objects;
        self.skipped += later.skipped;
        self.changed_objects += later.changed_objects;
        self.objects_with_new_errors += later.objects_with_new_errors;
        self.entering_scope.merge(later.entering_scope, limit);
        self.leaving_scope.merge(later.leaving_scope, limit);
        for (into, from) in [
            (&mut self.changed, later.changed),
            (&mut self.new_errors, later.new_errors),
        ] {
            for (target, affected) in from {
                into.entry(target).or_default().merge(affected, limit);
            }
        }
    }

    /// Counts what differs for one object between its old and its new preview.
    fn record(&mut self, limit: usize, old: Option<&ObjectPreview>, new: &ObjectPreview) {
        let scope = |preview: Option<&ObjectPreview>| {
            preview.map_or(serde_json::Value::Bool(false), |preview| {
                preview.in_scope.map_or(serde_json::Value::Null, Into::into)
            })
        };
        let was_in = old.is_some_and(|old| old.in_scope == Some(true));
        let is_in = new.in_scope == Some(true);
        let empty = BTreeMap::new();
        let before = old.map_or(&empty, |old| &old.target);
        match (was_in, is_in) {
            (false, true) => {
                self.entering_scope
                    .add(limit, (&new.object, None), scope(old), scope(Some(new)));
            }
            (true, false) => {
                self.leaving_scope
                    .add(limit, (&new.object, None), scope(old), scope(Some(new)));
            }
            (true, true) => {
                let mut changed = false;
                let targets: BTreeSet<&String> = before.keys().chain(new.target.keys()).collect();
                for target in targets {
                    let was = before.get(target).unwrap_or(&serde_json::Value::Null);
                    let is = new.target.get(target).unwrap_or(&serde_json::Value::Null);
                    if was != is {
                        changed = true;
                        add_to(
                            &mut self.changed,
                            target,
                            (limit, &new.object, was.clone(), is.clone()),
                        );
                    }
                }
                self.changed_objects += usize::from(changed);
            }
            (false, false) => {}
        }
        let mut failed = false;
        for target in new.target.keys() {
            let Some(message) = failing(new, target) else {
                continue;
            };
            if old.is_some_and(|old| failing(old, target).is_some()) {
                continue;
            }
            failed = true;
            add_to(
                &mut self.new_errors,
                target,
                (
                    limit,
                    &new.object,
                    before.get(target).cloned().unwrap_or_default(),
                    serde_json::json!({ "error": message }),
                ),
            );
        }
        self.objects_with_new_errors += usize::from(failed);
    }
}

/// Adds an object to the entry of `target` (its name copied only for a new entry).
fn add_to(
    map: &mut BTreeMap<String, Affected>,
    target: &str,
    example: (usize, &str, serde_json::Value, serde_json::Value),
) {
    let (limit, object, old, new) = example;
    if let Some(affected) = map.get_mut(target) {
        affected.add(limit, (object, Some(target)), old, new);
    } else {
        let mut affected = Affected::default();
        affected.add(limit, (object, Some(target)), old, new);
        map.insert(target.to_owned(), affected);
    }
}

/// Gives `old` the values (and errors) of `new` for the target attributes whose
/// mappings the two schemas share: evaluated once, on the new side.
fn share(old: &mut ObjectPreview, new: &ObjectPreview, shared: &BTreeSet<String>) {
    for (target, value) in &new.target {
        if shared.contains(target) {
            old.target.insert(target.clone(), value.clone());
            if let Some(message) = failing(new, target) {
                old.errors.push(format!("{target}: {message}"));
            }
        }
    }
}

/// The message of the error `preview` has for `target`, if any.
fn failing<'p>(preview: &'p ObjectPreview, target: &str) -> Option<&'p str> {
    preview.errors.iter().find_map(|error| {
        error
            .strip_prefix(target)
            .and_then(|rest| rest.strip_prefix(": "))
    })
}

/// What one batch of rows showed.
#[derive(Default)]
struct Part {
    impact: SampleImpact,
    /// Hashes of the unique values objects in scope get with the old schema.
    old_values: Vec<u64>,
    /// And with the new one, with their rows.
    new_values: Seen,
}

/// Previews `sample` with the object mapping of `old` and of `new` (the one named in
/// `options`, else chosen in `new`; in `old` the mapping with the same name or the
/// same source and target objects) and reports what differs.
pub fn impact(
    old: &SynchronizationSchema,
    new: &SynchronizationSchema,
    sample: &Path,
    options: &PreviewOptions,
) -> Result<SampleImpact, PreviewError> {
    impact_with_progress(old, new, sample, options, |_| {})
}

/// [`impact`], telling `progress` how many objects have been previewed so far, after
/// each batch of rows.
pub fn impact_with_progress(
    old: &SynchronizationSchema,
    new: &SynchronizationSchema,
    sample: &Path,
    options: &PreviewOptions,
    mut progress: impl FnMut(usize),
) -> Result<SampleImpact, PreviewError> {
    let limit = options.examples.unwrap_or(DEFAULT_EXAMPLES);
    let mut report = SampleImpact::default();
    let first = first_object(sample)?;
    let mapping = match choose_mapping(new, options.object_mapping.as_deref(), first.as_ref()) {
        Ok(mapping) => mapping,
        // An empty sample is no impact, unless the mapping named does not exist.
        Err(_) if first.is_none() && options.object_mapping.is_none() => {
            super::for_each_row(sample, |_| {
                report.skipped += 1;
                true
            })?;
            return Ok(report);
        }
        Err(error) => return Err(error),
    };
    report.object_mapping = crate::testfile::mapping_label(mapping);
    mapping
        .source_object_name
        .as_str()
        .unwrap_or_default()
        .clone_into(&mut report.source_object);
    let mut before = same_mapping(old, mapping)
        .map(|previous| Previewer::new(old, previous))
        .transpose()?;
    let mut after = Previewer::new(new, mapping)?;
    let unique = after.unique_targets();
    // Only what can differ is evaluated: the attribute mappings the two schemas do
    // not share, and (once, on the new side) the unique targets collisions need. A
    // shared mapping gives both sides the same value, copied to the old side.
    let old_signatures = before.as_ref().map(Previewer::signatures);
    let new_signatures = after.signatures();
    let differs = |target: &str| {
        old_signatures
            .as_ref()
            .is_some_and(|old| old.get(target) != new_signatures.get(target))
    };
    let shared: BTreeSet<String> = new_signatures
        .keys()
        .filter(|target| before.is_some() && !differs(target))
        .cloned()
        .collect();
    if let Some(before) = &mut before {
        before.restrict(|target| differs(target));
    }
    after.restrict(|target| differs(target) || unique.iter().any(|name| name == target));
    let same_reading = before
        .as_ref()
        .is_some_and(|before| before.shapes() == after.shapes());
    let same_scope = before
        .as_ref()
        .is_some_and(|before| before.same_scope(&after));
    let typed = before
        .as_ref()
        .map_or_else(Vec::new, |before| after.typed_with(before));
    let (before, after) = (before, after);
    let separator = options.multi_separator.as_deref();
    let mut old_values = Vec::new();
    let mut new_values = Seen::default();
    pipeline::in_row_order(
        sample,
        options.read_bytes.as_deref(),
        |rows| {
            let mut part = Part::default();
            for row in rows {
                let Ok(object) = row.object else {
                    part.impact.skipped += 1;
                    continue;
                };
                let (old_preview, new_preview) = if same_reading {
                    let object = after.prepare_with(object, separator, &typed);
                    // When the schemas share the scope it is decided once per object.
                    let shared_scope = same_scope.then(|| after.scope_of(&object));
                    let scope = |previewer: &Previewer<'_>| {
                        shared_scope
                            .clone()
                            .unwrap_or_else(|| previewer.scope_of(&object))
                    };
                    let new_preview =
                        after.preview_scoped(row.number, &object, &options.eval, scope(&after));
                    let old_preview = before.as_ref().map(|before| {
                        before.preview_scoped(row.number, &object, &options.eval, scope(before))
                    });
                    (old_preview, new_preview)
                } else {
                    let old_preview = before.as_ref().map(|before| {
                        before.preview(row.number, object.clone(), &options.eval, separator)
                    });
                    (
                        old_preview,
                        after.preview(row.number, object, &options.eval, separator),
                    )
                };
                let old_preview = old_preview.map(|mut old| {
                    share(&mut old, &new_preview, &shared);
                    old
                });
                part.impact.objects += 1;
                part.impact
                    .record(limit, old_preview.as_ref(), &new_preview);
                if let Some(old) = old_preview.filter(|old| old.in_scope == Some(true)) {
                    part.old_values.extend(value_hashes(&unique, &old.target));
                }
                if new_preview.in_scope == Some(true) {
                    for hash in value_hashes(&unique, &new_preview.target) {
                        part.new_values.push(hash, row.number);
                    }
                }
            }
            part
        },
        |mut part| {
            report.merge(part.impact, limit);
            old_values.append(&mut part.old_values);
            new_values.append(&mut part.new_values);
            progress(report.objects);
        },
    )?;
    let existing = collisions::repeated(old_values);
    let fresh: Vec<collisions::Shared> = new_values
        .shared()
        .into_iter()
        .filter(|shared| existing.binary_search(&shared.hash).is_err())
        .collect();
    report.new_collision_count = fresh.len();
    report.new_collisions = name_collisions(
        sample,
        fresh.get(..super::MAX_COLLISIONS).unwrap_or(&fresh),
        &after,
        &unique,
        options,
    )?;
    Ok(report)
}

/// The mapping of `schema` that is `mapping`: the same name, else the same source and
/// target objects.
fn same_mapping<'s>(
    schema: &'s SynchronizationSchema,
    mapping: &crate::model::ObjectMapping,
) -> Option<&'s crate::model::ObjectMapping> {
    let all: Vec<&crate::model::ObjectMapping> = schema
        .rules()
        .iter()
        .flat_map(crate::model::SynchronizationRule::object_mappings)
        .collect();
    let text = |field: &crate::model::Field<String>| field.as_str().map(str::to_lowercase);
    all.iter()
        .copied()
        .find(|candidate| {
            text(&candidate.name).is_some() && text(&candidate.name) == text(&mapping.name)
        })
        .or_else(|| {
            all.iter().copied().find(|candidate| {
                text(&candidate.source_object_name) == text(&mapping.source_object_name)
                    && text(&candidate.target_object_name) == text(&mapping.target_object_name)
            })
        })
}

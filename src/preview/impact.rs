//! The impact of a schema change on real people: the same sample previewed with the
//! object mapping of the old and of the new schema, object by object (streamed), and
//! what differs counted with a few examples: objects entering and leaving scope,
//! target attributes whose value changes, and expressions that start failing.

use std::collections::BTreeMap;
use std::path::Path;

use schemars::JsonSchema;
use serde::Serialize;

use super::collisions::CollisionFinder;
use super::{ObjectPreview, PreviewError, PreviewOptions, Previewer, choose_mapping, for_each_row};
use crate::model::SynchronizationSchema;

/// Examples kept per kind of difference.
pub const MAX_EXAMPLES: usize = 5;

/// One object that a change affects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ImpactExample {
    /// The object (its highest-priority matching attribute's value, else `#<row>`).
    pub object: String,
    /// What it had or got with the old schema (a value, a list, null, or the scope).
    pub old: serde_json::Value,
    /// With the new schema.
    pub new: serde_json::Value,
}

/// How many objects a difference touches, and the first few.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Affected {
    /// Objects affected.
    pub count: usize,
    /// The first [`MAX_EXAMPLES`] of them.
    pub examples: Vec<ImpactExample>,
}

impl Affected {
    fn add(&mut self, object: &str, old: serde_json::Value, new: serde_json::Value) {
        self.count += 1;
        if self.examples.len() < MAX_EXAMPLES {
            self.examples.push(ImpactExample {
                object: object.to_owned(),
                old,
                new,
            });
        }
    }
}

/// What a schema change does to a sample population.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SampleImpact {
    /// The object mapping compared (as the new schema names it).
    pub object_mapping: String,
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
    /// Objects whose expressions raise an error with the new schema and did not before.
    pub new_errors: Affected,
    /// Values of a target that must be unique that two or more objects in scope share
    /// with the new schema and did not with the old (see [`super::Collision`]).
    pub new_collisions: Vec<super::Collision>,
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
        examples(&mut self.new_errors);
        self.changed.values_mut().for_each(examples);
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
            && self.new_errors.count == 0
            && self.new_collisions.is_empty()
    }

    fn record(&mut self, old: Option<&ObjectPreview>, new: &ObjectPreview) {
        let scope = |preview: Option<&ObjectPreview>| {
            preview.map_or(serde_json::Value::Bool(false), |preview| {
                preview.in_scope.map_or(serde_json::Value::Null, Into::into)
            })
        };
        let was_in = old.is_some_and(|old| old.in_scope == Some(true));
        let is_in = new.in_scope == Some(true);
        match (was_in, is_in) {
            (false, true) => self
                .entering_scope
                .add(&new.object, scope(old), scope(Some(new))),
            (true, false) => self
                .leaving_scope
                .add(&new.object, scope(old), scope(Some(new))),
            (true, true) => {
                let empty = BTreeMap::new();
                let before = old.map_or(&empty, |old| &old.target);
                for (target, after) in &new.target {
                    let was = before
                        .get(target)
                        .cloned()
                        .unwrap_or(serde_json::Value::Null);
                    if &was != after {
                        self.changed.entry(target.clone()).or_default().add(
                            &new.object,
                            was,
                            after.clone(),
                        );
                    }
                }
                for target in before
                    .keys()
                    .filter(|target| !new.target.contains_key(*target))
                {
                    self.changed.entry(target.clone()).or_default().add(
                        &new.object,
                        before.get(target).cloned().unwrap_or_default(),
                        serde_json::Value::Null,
                    );
                }
            }
            (false, false) => {}
        }
        let had_errors = old.is_some_and(|old| !old.errors.is_empty());
        if !new.errors.is_empty() && !had_errors {
            self.new_errors.add(
                &new.object,
                serde_json::json!([]),
                serde_json::json!(new.errors),
            );
        }
    }
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
    let mut report = SampleImpact::default();
    let mut previewers: Option<(Option<Previewer<'_>>, Previewer<'_>)> = None;
    let mut finders: Option<(CollisionFinder, CollisionFinder)> = None;
    let mut failure = None;
    for_each_row(sample, |row| {
        let Ok(object) = row.object else {
            report.skipped += 1;
            return true;
        };
        if previewers.is_none() {
            let made = choose_mapping(new, options.object_mapping.as_deref(), Some(&object))
                .and_then(|mapping| {
                    report.object_mapping = crate::testfile::mapping_label(mapping);
                    let before = same_mapping(old, mapping)
                        .map(|previous| Previewer::new(old, previous))
                        .transpose()?;
                    Ok((before, Previewer::new(new, mapping)?))
                });
            match made {
                Ok(made) => {
                    let unique = made.1.unique_targets();
                    finders = Some((
                        CollisionFinder::new(unique.clone()),
                        CollisionFinder::new(unique),
                    ));
                    previewers = Some(made);
                }
                Err(error) => {
                    failure = Some(error);
                    return false;
                }
            }
        }
        let Some((before, after)) = &previewers else {
            return false;
        };
        let separator = options.multi_separator.as_deref();
        let old_preview = before
            .as_ref()
            .map(|before| before.preview(row.number, object.clone(), &options.eval, separator));
        let new_preview = after.preview(row.number, object, &options.eval, separator);
        report.objects += 1;
        report.record(old_preview.as_ref(), &new_preview);
        if let Some((old_finder, new_finder)) = &mut finders {
            if let Some(old) = old_preview
                .as_ref()
                .filter(|old| old.in_scope == Some(true))
            {
                old_finder.record(&old.object, &old.target);
            }
            if new_preview.in_scope == Some(true) {
                new_finder.record(&new_preview.object, &new_preview.target);
            }
        }
        true
    })?;
    if let Some(error) = failure {
        return Err(error);
    }
    if let Some((old_finder, new_finder)) = finders {
        let before: std::collections::BTreeSet<(String, String)> = old_finder
            .found
            .iter()
            .map(|collision| (collision.target.clone(), collision.value.to_lowercase()))
            .collect();
        report.new_collisions = new_finder
            .found
            .into_iter()
            .filter(|collision| {
                !before.contains(&(collision.target.clone(), collision.value.to_lowercase()))
            })
            .collect();
    }
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

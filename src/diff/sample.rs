//! What each change of a diff does to a sample population (`diff --sample`): the
//! impact of the whole schema change ([`crate::preview::SampleImpact`]) attributed to
//! the changes that cause it. A change to an attribute mapping gets the objects whose
//! value of that target attribute changes, whose expression starts failing, and the
//! new collisions on it; a change to the object mapping's scope (or to whether it is
//! enabled) gets the objects entering and leaving scope; a change of the object
//! mapping as a whole (added, renamed) gets everything. Every change of one attribute
//! mapping (its expression and its flow behaviour, say) shows the same objects: they
//! act together. What no change of the report explains stays in the totals
//! ([`SampleSummary::unattributed`]), so nothing the sample shows is hidden.

use super::change::Change;
pub use super::change::ChangeSample;
use super::path::Segment;
use super::report::DiffReport;
pub use super::report::SampleSummary;
use crate::preview::SampleImpact;

/// What a change touches in the compared object mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Touches {
    /// The object mapping as a whole.
    Mapping,
    /// Who is in scope.
    Scope,
    /// One target attribute (folded).
    Target(String),
}

/// What `change` touches in the object mapping `mapping` (folded), if anything.
fn touches(change: &Change, mapping: &str) -> Option<Touches> {
    let [Segment::Rule(_), Segment::ObjectMapping(key), inside @ ..] = change.path.segments()
    else {
        return None;
    };
    if crate::identity::fold(key) != mapping {
        return None;
    }
    match inside.first() {
        None => Some(Touches::Mapping),
        Some(Segment::Field(name)) if name == "scope" || name == "enabled" => Some(Touches::Scope),
        Some(Segment::AttributeMapping(target)) => {
            Some(Touches::Target(crate::identity::fold(target)))
        }
        _ => None,
    }
}

/// The part of `impact` that touching `what` explains.
fn part(impact: &SampleImpact, what: &Touches) -> ChangeSample {
    let mut sample = ChangeSample::default();
    let targets = |target: &str| -> bool {
        match what {
            Touches::Mapping => true,
            Touches::Scope => false,
            Touches::Target(wanted) => &crate::identity::fold(target) == wanted,
        }
    };
    if matches!(what, Touches::Mapping | Touches::Scope) {
        ChangeSample::add(
            &mut sample.entering,
            &mut sample.examples,
            &impact.entering_scope,
        );
        ChangeSample::add(
            &mut sample.leaving,
            &mut sample.examples,
            &impact.leaving_scope,
        );
    }
    if !matches!(what, Touches::Scope) {
        sample.changed = Some(0);
        for (target, affected) in &impact.changed {
            if targets(target) {
                ChangeSample::add(&mut sample.changed, &mut sample.examples, affected);
            }
        }
        if matches!(what, Touches::Mapping) {
            sample.changed = Some(impact.changed_objects);
        }
        for (target, affected) in &impact.new_errors {
            if targets(target) {
                ChangeSample::add(&mut sample.errors, &mut sample.examples, affected);
            }
        }
        if matches!(what, Touches::Mapping) && impact.objects_with_new_errors > 0 {
            sample.errors = Some(impact.objects_with_new_errors);
        }
        sample.collisions = impact
            .new_collisions
            .iter()
            .filter(|collision| targets(&collision.target))
            .cloned()
            .collect();
    }
    sample
}

/// The report with `impact` attributed to its changes and totalled in its summary.
pub fn attribute(report: &mut DiffReport, impact: &SampleImpact) {
    let mapping = crate::identity::fold(&impact.object_mapping);
    let mut explained: Vec<Touches> = Vec::new();
    for change in &mut report.changes {
        if let Some(what) = touches(change, &mapping) {
            change.sample = Some(part(impact, &what));
            explained.push(what);
        }
    }
    let whole = explained.contains(&Touches::Mapping);
    let mut left = SampleImpact {
        object_mapping: impact.object_mapping.clone(),
        ..SampleImpact::default()
    };
    if !whole {
        if !explained.contains(&Touches::Scope) {
            left.entering_scope = impact.entering_scope.clone();
            left.leaving_scope = impact.leaving_scope.clone();
        }
        let unexplained =
            |target: &String| !explained.contains(&Touches::Target(crate::identity::fold(target)));
        left.changed = impact
            .changed
            .iter()
            .filter(|(target, _)| unexplained(target))
            .map(|(target, affected)| (target.clone(), affected.clone()))
            .collect();
        left.new_errors = impact
            .new_errors
            .iter()
            .filter(|(target, _)| unexplained(target))
            .map(|(target, affected)| (target.clone(), affected.clone()))
            .collect();
        left.new_collisions = impact
            .new_collisions
            .iter()
            .filter(|collision| unexplained(&collision.target))
            .cloned()
            .collect();
    }
    let mut unattributed = part(&left, &Touches::Mapping);
    unattributed.changed = Some(left.changed.values().map(|affected| affected.count).sum());
    unattributed.errors = Some(
        left.new_errors
            .values()
            .map(|affected| affected.count)
            .sum(),
    );
    report.summary.sample = Some(SampleSummary {
        object_mapping: impact.object_mapping.clone(),
        source_object: impact.source_object.clone(),
        objects: impact.objects,
        skipped: impact.skipped,
        entering_scope: impact.entering_scope.count,
        leaving_scope: impact.leaving_scope.count,
        changed_objects: impact.changed_objects,
        changed_by_target: impact
            .changed
            .iter()
            .map(|(target, affected)| (target.clone(), affected.count))
            .collect(),
        new_errors: impact.objects_with_new_errors,
        collisions: impact.new_collision_count,
        unattributed: (!unattributed.is_empty()).then_some(unattributed),
    });
}

/// Why the impact on a sample cannot be added to a diff.
#[derive(Debug, thiserror::Error)]
pub enum SampleDiffError {
    /// A side holds no schema to preview with.
    #[error(
        "the impact on a sample needs a synchronization schema (or a job or template holding \
         one) on both sides"
    )]
    NoSchema,
    /// The sample cannot be previewed.
    #[error(transparent)]
    Preview(#[from] crate::preview::PreviewError),
}

/// Previews `sample` with the schemas of `old` and `new`, and adds what differs to
/// `report`: the totals in its summary and each change's part at the change
/// ([`attribute`]). `redact` replaces the personal values of the examples with
/// stable stand-ins ([`SampleImpact::redacted`]); `progress` hears how many objects
/// have been previewed, after each batch.
pub fn add_sample(
    report: &mut DiffReport,
    (old, new): (&crate::model::Document, &crate::model::Document),
    sample: &std::path::Path,
    options: &crate::preview::PreviewOptions,
    redact: bool,
    progress: impl FnMut(usize),
) -> Result<(), SampleDiffError> {
    let (Some(old), Some(new)) = (crate::load::schema_in(old), crate::load::schema_in(new)) else {
        return Err(SampleDiffError::NoSchema);
    };
    let impact = crate::preview::impact_with_progress(old, new, sample, options, progress)?;
    let impact = if redact { impact.redacted() } else { impact };
    attribute(report, &impact);
    Ok(())
}

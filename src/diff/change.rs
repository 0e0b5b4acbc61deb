//! The change model and the registry of change codes: every kind of change synclens
//! reports, with its impact and the reason for it. `docs/changes.md` is generated
//! from here and checked for drift by a test.

use std::fmt::{self, Write as _};

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

/// How risky a change is. Ordered: `Compatible < NeedsReview < Breaking`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Impact {
    /// Cannot change who is provisioned or what they get.
    Compatible,
    /// Changes what users get; a person should look at it.
    NeedsReview,
    /// Deprovisions, stops provisioning, or breaks matching.
    Breaking,
}

impl Impact {
    /// The kebab-case name used in every output.
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Compatible => "compatible",
            Impact::NeedsReview => "needs-review",
            Impact::Breaking => "breaking",
        }
    }
}

impl fmt::Display for Impact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Added, removed or modified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// Only in the new document.
    Added,
    /// Only in the old document.
    Removed,
    /// In both, different.
    Modified,
}

/// One registry entry.
#[derive(Debug)]
pub struct ChangeMeta {
    /// Stable code, e.g. `T602`.
    pub code: &'static str,
    /// Kebab-case name, e.g. `attribute-mapping-removed`.
    pub name: &'static str,
    /// Impact of every change with this code.
    pub impact: Impact,
    /// Whether it is hidden unless `--all` (volatile, server-maintained values).
    pub noise: bool,
    /// Why it has this impact.
    pub reason: &'static str,
}

/// One change.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// The file (relative path) for folder diffs; `null` for two files.
    pub file: Option<String>,
    /// Change code.
    pub code: &'static str,
    /// Impact.
    pub impact: Impact,
    /// Added, removed or modified.
    pub kind: ChangeKind,
    /// Semantic path (identity-keyed, stable across reordering).
    pub path: String,
    /// JSON pointer in the old document.
    pub old_pointer: Option<String>,
    /// JSON pointer in the new document.
    pub new_pointer: Option<String>,
    /// 1-based line in the old document.
    pub old_line: Option<u32>,
    /// 1-based line in the new document.
    pub new_line: Option<u32>,
    /// Old value (for expressions: the text); absent for additions.
    pub old: Option<Value>,
    /// New value (for expressions: the text); absent for removals.
    pub new: Option<Value>,
    /// What changed, in one line.
    pub message: String,
    /// The path's segments, for grouping in human and Markdown output.
    #[serde(skip)]
    #[schemars(skip)]
    pub segments: Vec<String>,
    /// Whether `old` and `new` are expression texts (shown with an inline diff).
    #[serde(skip)]
    #[schemars(skip)]
    pub expression: bool,
}

macro_rules! changes {
    ($($ident:ident = $code:literal $name:literal $impact:ident $noise:literal $reason:literal;)*) => {
        $(
            #[doc = concat!("`", $code, " ", $name, "`")]
            pub(crate) static $ident: ChangeMeta = ChangeMeta {
                code: $code,
                name: $name,
                impact: Impact::$impact,
                noise: $noise,
                reason: $reason,
            };
        )*
        /// Every change code.
        pub(crate) static REGISTRY: &[&ChangeMeta] = &[$(&$ident),*];
    };
}

changes! {
    FILE_ADDED = "F001" "file-added" NeedsReview false
        "A new synchronization document in the folder: whatever it configures starts applying.";
    FILE_REMOVED = "F002" "file-removed" NeedsReview false
        "A document left the folder: check that its job is meant to go.";
    DOCUMENT_KIND_CHANGED = "F003" "document-kind-changed" NeedsReview false
        "The two sides are different kinds of document (e.g. a job and a template); only what both carry is compared.";
    DIRECTORY_ADDED = "D101" "directory-added" NeedsReview false
        "A new directory on its own changes nothing, but rules may start using it.";
    DIRECTORY_REMOVED = "D102" "directory-removed" Breaking false
        "Rules and mappings that use the directory can no longer run.";
    DIRECTORY_CHANGED = "D103" "directory-changed" NeedsReview false
        "A directory's name case, readOnly or discoverabilities changed.";
    DIRECTORY_DISCOVERED = "D104" "directory-discovered" Compatible false
        "With --customizations: objects the job discovered in a directory the template left empty, summarised in one line.";
    OBJECT_ADDED = "O201" "object-added" Compatible false
        "A new object type changes nothing until a mapping uses it.";
    OBJECT_REMOVED_IN_USE = "O202" "object-removed-in-use" Breaking false
        "An object type removed while an object mapping still uses it: the mapping cannot run.";
    OBJECT_REMOVED = "O204" "object-removed" NeedsReview false
        "An object type no mapping uses was removed: nothing breaks now, but it can no longer be mapped and references to it dangle.";
    OBJECT_CHANGED = "O203" "object-changed" NeedsReview false
        "Object metadata or supported APIs changed: they steer how the service handles the object type.";
    ATTRIBUTE_ADDED = "A301" "attribute-added" Compatible false
        "A new attribute definition changes nothing until a mapping uses it.";
    ATTRIBUTE_REMOVED_IN_USE = "A302" "attribute-removed-in-use" Breaking false
        "An attribute definition removed while a mapping or scoping clause still references it: the mapping breaks.";
    ATTRIBUTE_REMOVED = "A303" "attribute-removed" NeedsReview false
        "An attribute definition no mapping references was removed: nothing breaks now, but it can no longer be mapped.";
    ATTRIBUTE_DEFINITION_CHANGED = "A304" "attribute-definition-changed" NeedsReview false
        "anchor, type, multivalued, mutability or required changed: matching, flows and exports may behave differently.";
    ATTRIBUTE_REFERENCES_CHANGED = "A305" "attribute-references-changed" NeedsReview false
        "The object types a reference attribute may point to changed.";
    ATTRIBUTE_CHANGED = "A306" "attribute-changed" NeedsReview false
        "Another property of an attribute definition changed (caseExact, flowNullValues, apiExpressions, metadata, …).";
    RULE_ADDED = "R401" "rule-added" NeedsReview false
        "A new synchronization rule starts provisioning on the next cycle.";
    RULE_REMOVED = "R402" "rule-removed" Breaking false
        "Everything the rule provisioned stops being provisioned.";
    RULE_CHANGED = "R403" "rule-changed" NeedsReview false
        "A rule's name, priority, directories or metadata changed.";
    CONTAINER_SCOPE_NARROWED = "R404" "cloud-sync-scope-narrowed" Breaking false
        "A Cloud Sync containerFilter or groupFilter lost a container or group, or went from empty (everything in scope) to a list: objects leave scope and are deprovisioned.";
    CONTAINER_SCOPE_WIDENED = "R405" "cloud-sync-scope-widened" NeedsReview false
        "A Cloud Sync containerFilter or groupFilter gained a container or group, or became empty (everything): more objects are provisioned.";
    OBJECT_MAPPING_ADDED = "M501" "object-mapping-added" NeedsReview false
        "A new object mapping starts provisioning objects when enabled.";
    OBJECT_MAPPING_REMOVED = "M502" "object-mapping-removed" Breaking false
        "An enabled object mapping removed: its objects are no longer provisioned.";
    DISABLED_OBJECT_MAPPING_REMOVED = "M503" "disabled-object-mapping-removed" NeedsReview false
        "A disabled object mapping with attribute mappings removed: nothing runs today, but its configuration is lost.";
    EMPTY_DISABLED_OBJECT_MAPPING_CHANGED = "M504" "empty-disabled-object-mapping-changed" Compatible false
        "A disabled object mapping without attribute mappings removed or changed: it did nothing.";
    OBJECT_MAPPING_DISABLED = "M505" "object-mapping-disabled" Breaking false
        "An enabled object mapping was disabled: its objects are no longer provisioned.";
    OBJECT_MAPPING_ENABLED = "M506" "object-mapping-enabled" NeedsReview false
        "A disabled object mapping was enabled: it starts provisioning.";
    FLOW_TYPES_NARROWED = "M507" "flow-types-narrowed" Breaking false
        "flowTypes lost Add or Update (objects stop being created or updated) or gained Delete (objects get deleted).";
    FLOW_TYPES_CHANGED = "M508" "flow-types-changed" NeedsReview false
        "flowTypes changed in another way (e.g. lost Delete, gained Add).";
    OBJECT_MAPPING_METADATA_CHANGED = "M509" "object-mapping-metadata-changed" NeedsReview false
        "Object-mapping metadata (Disposition, EscrowBehavior, …) steers how the service treats objects.";
    OBJECT_MAPPING_CHANGED = "M510" "object-mapping-changed" NeedsReview false
        "An object mapping's name case, source object or target object changed.";
    ATTRIBUTE_MAPPING_ADDED = "T601" "attribute-mapping-added" NeedsReview false
        "A new attribute mapping overwrites that attribute on every object in the next cycle.";
    ATTRIBUTE_MAPPING_REMOVED = "T602" "attribute-mapping-removed" Breaking false
        "The attribute stops being maintained; values drift or go stale.";
    EXPRESSION_CHANGED = "T603" "expression-changed" NeedsReview false
        "What the attribute gets changed; a person must judge the new expression.";
    ANCHOR_EXPRESSION_CHANGED = "T604" "anchor-expression-changed" NeedsReview false
        "The source of an anchor mapping (SourceAnchor or a target anchor attribute) changed: objects may stop matching their existing counterparts. Review with care.";
    MATCHING_CHANGED = "T605" "matching-changed" Breaking false
        "A matching attribute was added, removed or re-prioritised: existing objects may no longer be found, and duplicates get created.";
    ATTRIBUTE_MAPPING_SETTINGS_CHANGED = "T606" "attribute-mapping-settings-changed" NeedsReview false
        "flowType, flowBehavior, defaultValue or exportMissingReferences changed: when and what the attribute is written changes.";
    SCOPE_NARROWED = "S701" "scope-narrowed" Breaking false
        "The scoping filter (groups) now matches fewer objects: objects leaving scope are deprovisioned (disabled or deleted).";
    SCOPE_WIDENED = "S702" "scope-widened" NeedsReview false
        "A scoping filter now matches more objects: more objects get provisioned.";
    INPUT_FILTER_NARROWED = "S703" "input-filter-narrowed" NeedsReview false
        "inputFilterGroups or categoryFilterGroups narrowed: objects stop being synchronized but are not deprovisioned.";
    SCOPE_VALUE_CHANGED = "S704" "scope-value-changed" NeedsReview false
        "A clause's compared value changed: scope may narrow or widen; a person must judge.";
    SCHEDULE_CHANGED = "J801" "schedule-changed" NeedsReview false
        "The job's schedule state or interval changed.";
    JOB_SETTING_CHANGED = "J802" "job-setting-changed" NeedsReview false
        "A job setting was added, removed or changed (e.g. the accidental-deletion threshold).";
    OTHER_CHANGE = "X901" "other-change" NeedsReview false
        "Any change not classified above: reviewed by default.";
    DESCRIPTION_CHANGED = "X902" "description-changed" Compatible false
        "Display-only text (descriptions, display names of templates) changed.";
    NOISE = "N001" "server-maintained-value" Compatible true
        "Version strings, OData annotations, ids of directories, schemas and service principals, discovery times and job status blocks change on every export; hidden unless --all.";
}

/// Every change code, ordered by code.
pub fn registry() -> Vec<&'static ChangeMeta> {
    let mut metas = REGISTRY.to_vec();
    metas.sort_by_key(|meta| meta.code);
    metas
}

/// The entry of a code.
pub fn lookup(code: &str) -> Option<&'static ChangeMeta> {
    REGISTRY
        .iter()
        .copied()
        .find(|meta| meta.code.eq_ignore_ascii_case(code) || meta.name.eq_ignore_ascii_case(code))
}

/// `docs/changes.md`, generated from the registry.
pub fn changes_markdown() -> String {
    let mut text = String::from(
        "# Change codes\n\n\
         Generated from the registry in `src/diff/change.rs` (`synclens explain --changes`); \
         a test keeps it up to date. Every change `synclens diff` reports has one of these \
         codes and its impact. Codes are stable and never reused.\n\n\
         | Code | Name | Impact | Why |\n|---|---|---|---|\n",
    );
    for meta in registry() {
        let impact = if meta.noise {
            format!("{} (hidden unless `--all`)", meta.impact)
        } else {
            meta.impact.to_string()
        };
        let _ = writeln!(
            text,
            "| {} | {} | {} | {} |",
            meta.code,
            meta.name,
            impact,
            meta.reason.replace('|', "\\|")
        );
    }
    text
}

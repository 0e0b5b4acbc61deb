//! The change model and the registry of change codes: every kind of change synclens
//! reports, with its impact and the reason for it. `docs/changes.md` is generated
//! from here and checked for drift by a test.

use std::fmt::{self, Write as _};

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

use super::path::ChangePath;

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
    /// The reason in a few words, shown inline after each change.
    pub hint: &'static str,
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
    /// The change code's kebab-case name (e.g. `attribute-mapping-removed`).
    pub name: &'static str,
    /// Impact.
    pub impact: Impact,
    /// Added, removed or modified.
    pub kind: ChangeKind,
    /// Semantic path (identity-keyed, stable across reordering).
    #[schemars(with = "String")]
    pub path: ChangePath,
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
    /// What it does to a sample population (`diff --sample`), for a change of the
    /// compared object mapping.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample: Option<ChangeSample>,
}

impl Change {
    /// Whether `old` and `new` are expression texts (shown with an inline diff): the
    /// changes of an attribute mapping's expression (T603, T604, T607).
    pub fn is_expression(&self) -> bool {
        [
            &EXPRESSION_CHANGED,
            &ANCHOR_EXPRESSION_CHANGED,
            &EXPRESSION_TEXT_ONLY_CHANGED,
        ]
        .iter()
        .any(|meta| meta.code == self.code)
    }
}

/// What one change does to the sample: `changes[].sample` in JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChangeSample {
    /// Objects in scope that get another value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changed: Option<usize>,
    /// Objects that enter scope.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entering: Option<usize>,
    /// Objects that leave scope.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leaving: Option<usize>,
    /// Objects whose expression starts raising an error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<usize>,
    /// New collisions on the target attribute.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub collisions: Vec<crate::preview::Collision>,
    /// The first few objects affected: for values, the old and the new value (`{"error":
    /// message}` for a failing expression); for scope, whether it was and is in scope.
    pub examples: Vec<crate::preview::ImpactExample>,
}

impl ChangeSample {
    /// Whether the change affects no object of the sample.
    pub fn is_empty(&self) -> bool {
        [self.changed, self.entering, self.leaving, self.errors]
            .iter()
            .all(|count| count.unwrap_or(0) == 0)
            && self.collisions.is_empty()
    }

    pub(crate) fn add(
        slot: &mut Option<usize>,
        examples: &mut Vec<crate::preview::ImpactExample>,
        affected: &crate::preview::Affected,
    ) {
        *slot = Some(slot.unwrap_or(0) + affected.count);
        examples.extend(affected.examples.iter().cloned());
    }
}

macro_rules! changes {
    ($($ident:ident = $code:literal $name:literal $impact:ident $noise:literal $hint:literal $reason:literal;)*) => {
        $(
            #[doc = concat!("`", $code, " ", $name, "`")]
            pub(crate) static $ident: ChangeMeta = ChangeMeta {
                code: $code,
                name: $name,
                impact: Impact::$impact,
                noise: $noise,
                hint: $hint,
                reason: $reason,
            };
        )*
        /// Every change code.
        pub(crate) static REGISTRY: &[&ChangeMeta] = &[$(&$ident),*];
    };
}

changes! {
    FILE_ADDED = "F001" "file-added" NeedsReview false
        "its configuration starts applying"
        "A new synchronization document in the folder: whatever it configures starts applying.";
    FILE_REMOVED = "F002" "file-removed" NeedsReview false
        "check that its job is meant to go"
        "A document left the folder: check that its job is meant to go.";
    DOCUMENT_KIND_CHANGED = "F003" "document-kind-changed" NeedsReview false
        "only the schemas are compared"
        "The two sides are different kinds of document (e.g. a job and a template); only what both carry is compared.";
    DIRECTORY_ADDED = "D101" "directory-added" NeedsReview false
        "nothing uses it yet"
        "A new directory on its own changes nothing, but rules may start using it.";
    DIRECTORY_REMOVED = "D102" "directory-removed" Breaking false
        "rules using it can no longer run"
        "Rules and mappings that use the directory can no longer run.";
    DIRECTORY_CHANGED = "D103" "directory-changed" NeedsReview false
        "directory handling changes"
        "A directory's name case, readOnly or discoverabilities changed.";
    DIRECTORY_DISCOVERED = "D104" "directory-discovered" Compatible false
        "discovered by the job"
        "With --customizations: objects the job discovered in a directory the template left empty, summarised in one line.";
    OBJECT_ADDED = "O201" "object-added" Compatible false
        "nothing maps it yet"
        "A new object type changes nothing until a mapping uses it.";
    OBJECT_REMOVED_IN_USE = "O202" "object-removed-in-use" Breaking false
        "a mapping still uses it"
        "An object type removed while an object mapping still uses it: the mapping cannot run.";
    OBJECT_REMOVED = "O204" "object-removed" NeedsReview false
        "no mapping uses it"
        "An object type no mapping uses was removed: nothing breaks now, but it can no longer be mapped and references to it dangle.";
    OBJECT_CHANGED = "O203" "object-changed" NeedsReview false
        "steers how the object type is handled"
        "Object metadata or supported APIs changed: they steer how the service handles the object type.";
    ATTRIBUTE_ADDED = "A301" "attribute-added" Compatible false
        "nothing maps it yet"
        "A new attribute definition changes nothing until a mapping uses it.";
    ATTRIBUTE_REMOVED_IN_USE = "A302" "attribute-removed-in-use" Breaking false
        "a mapping still uses it"
        "An attribute definition removed while a mapping or scoping clause still references it: the mapping breaks.";
    ATTRIBUTE_REMOVED = "A303" "attribute-removed" NeedsReview false
        "no mapping uses it"
        "An attribute definition no mapping references was removed: nothing breaks now, but it can no longer be mapped.";
    ATTRIBUTE_DEFINITION_CHANGED = "A304" "attribute-definition-changed" NeedsReview false
        "matching and flows may change"
        "anchor, type, multivalued, mutability or required changed: matching, flows and exports may behave differently.";
    ATTRIBUTE_REFERENCES_CHANGED = "A305" "attribute-references-changed" NeedsReview false
        "reference targets change"
        "The object types a reference attribute may point to changed.";
    ATTRIBUTE_CHANGED = "A306" "attribute-changed" NeedsReview false
        "attribute handling changes"
        "Another property of an attribute definition changed (caseExact, flowNullValues, apiExpressions, metadata, …).";
    RULE_ADDED = "R401" "rule-added" NeedsReview false
        "starts provisioning"
        "A new synchronization rule starts provisioning on the next cycle.";
    RULE_REMOVED = "R402" "rule-removed" Breaking false
        "everything it provisioned stops"
        "Everything the rule provisioned stops being provisioned.";
    RULE_CHANGED = "R403" "rule-changed" NeedsReview false
        "rule settings change"
        "A rule's name, priority, directories or metadata changed.";
    CONTAINER_SCOPE_NARROWED = "R404" "cloud-sync-scope-narrowed" Breaking false
        "objects leave scope and are deprovisioned"
        "A Cloud Sync containerFilter or groupFilter lost a container or group, or went from empty (everything in scope) to a list: objects leave scope and are deprovisioned.";
    CONTAINER_SCOPE_WIDENED = "R405" "cloud-sync-scope-widened" NeedsReview false
        "more objects are provisioned"
        "A Cloud Sync containerFilter or groupFilter gained a container or group, or became empty (everything): more objects are provisioned.";
    OBJECT_MAPPING_RENAMED = "M511" "object-mapping-renamed" NeedsReview false
        "same source and target objects"
        "An object mapping was renamed and kept its source and target objects: reported as one rename, with the changes inside it, rather than as a mapping removed (breaking) and one added. The name is its identity in exports and scripts, so review it.";
    OBJECT_MAPPING_ADDED = "M501" "object-mapping-added" NeedsReview false
        "starts provisioning when enabled"
        "A new object mapping starts provisioning objects when enabled.";
    OBJECT_MAPPING_REMOVED = "M502" "object-mapping-removed" Breaking false
        "its objects are no longer provisioned"
        "An enabled object mapping removed: its objects are no longer provisioned.";
    DISABLED_OBJECT_MAPPING_REMOVED = "M503" "disabled-object-mapping-removed" NeedsReview false
        "its configuration is lost"
        "A disabled object mapping with attribute mappings removed: nothing runs today, but its configuration is lost.";
    EMPTY_DISABLED_OBJECT_MAPPING_CHANGED = "M504" "empty-disabled-object-mapping-changed" Compatible false
        "it did nothing"
        "A disabled object mapping without attribute mappings removed or changed: it did nothing.";
    OBJECT_MAPPING_DISABLED = "M505" "object-mapping-disabled" Breaking false
        "its objects are no longer provisioned"
        "An enabled object mapping was disabled: its objects are no longer provisioned.";
    OBJECT_MAPPING_ENABLED = "M506" "object-mapping-enabled" NeedsReview false
        "starts provisioning"
        "A disabled object mapping was enabled: it starts provisioning.";
    FLOW_TYPES_NARROWED = "M507" "flow-types-narrowed" Breaking false
        "objects stop being created or updated, or get deleted"
        "flowTypes lost Add or Update (objects stop being created or updated) or gained Delete (objects get deleted).";
    FLOW_TYPES_CHANGED = "M508" "flow-types-changed" NeedsReview false
        "when objects are written changes"
        "flowTypes changed in another way (e.g. lost Delete, gained Add).";
    OBJECT_MAPPING_METADATA_CHANGED = "M509" "object-mapping-metadata-changed" NeedsReview false
        "how objects are treated changes"
        "Object-mapping metadata (Disposition, EscrowBehavior, …) steers how the service treats objects.";
    OBJECT_MAPPING_CHANGED = "M510" "object-mapping-changed" NeedsReview false
        "source or target object changes"
        "An object mapping's name case, source object or target object changed.";
    ATTRIBUTE_MAPPING_ADDED = "T601" "attribute-mapping-added" NeedsReview false
        "overwrites the attribute on every object"
        "A new attribute mapping overwrites that attribute on every object in the next cycle.";
    ATTRIBUTE_MAPPING_REMOVED = "T602" "attribute-mapping-removed" Breaking false
        "the attribute is no longer maintained"
        "The attribute stops being maintained; values drift or go stale.";
    EXPRESSION_CHANGED = "T603" "expression-changed" NeedsReview false
        "what the attribute gets changes"
        "What the attribute gets changed; a person must judge the new expression.";
    ANCHOR_EXPRESSION_CHANGED = "T604" "anchor-expression-changed" Breaking false
        "objects may stop matching their counterparts"
        "The source of an anchor mapping (SourceAnchor or a target anchor attribute) changed: the anchor is what joins an object to its existing counterpart, so objects whose anchor value changes are no longer found and get duplicated or orphaned, as with a matching change (T605). Breaking like T605 (it was needs-review before; the risk is the same).";
    MATCHING_CHANGED = "T605" "matching-changed" Breaking false
        "objects may not be found; duplicates get created"
        "A matching attribute was added, removed or re-prioritised: existing objects may no longer be found, and duplicates get created.";
    EXPRESSION_TEXT_ONLY_CHANGED = "T607" "expression-text-only-changed" NeedsReview false
        "the tree Graph runs did not change"
        "Only the `expression` text of a mapping changed; its tree (`name`/`parameters`), which is what the service evaluates, did not. Nothing changes at run time, but the text and tree now disagree (validate: E504) and the portal regenerates both from the text on the next save, so the edit takes effect later, unreviewed.";
    ATTRIBUTE_MAPPING_SETTINGS_CHANGED = "T606" "attribute-mapping-settings-changed" NeedsReview false
        "when and what is written changes"
        "flowType, flowBehavior, defaultValue or exportMissingReferences changed: when and what the attribute is written changes.";
    SCOPE_NARROWED = "S701" "scope-narrowed" Breaking false
        "objects leaving scope are deprovisioned"
        "The scoping filter (groups) now matches fewer objects, or a secrets body's SyncAll went from true to false (only assigned users and groups stay in scope): objects leaving scope are deprovisioned (disabled or deleted).";
    SCOPE_WIDENED = "S702" "scope-widened" NeedsReview false
        "more objects are provisioned"
        "A scoping filter now matches more objects, or a secrets body's SyncAll went from false to true (every user and group is in scope, not only assigned ones): more objects get provisioned.";
    INPUT_FILTER_NARROWED = "S703" "input-filter-narrowed" NeedsReview false
        "objects stop being synchronized"
        "inputFilterGroups or categoryFilterGroups narrowed where leaving them does not deprovision (Graph documents inputFilterGroups as a read-time filter that does not deprovision): objects stop being synchronized but are kept. See S706 for Cloud Sync.";
    INPUT_FILTER_NARROWED_DEPROVISIONS = "S706" "input-filter-narrowed-deprovisions" Breaking false
        "objects leaving scope are deprovisioned"
        "inputFilterGroups narrowed in a rule synchronizing from on-premises Active Directory (Cloud Sync): Cloud Sync keeps its OU scope there (`distinguishedName ENDS_WITH \"OU=…\"`), and an object leaving that scope is deleted from Entra ID, so narrowing is as breaking as narrowing `groups` (S701).";
    SCOPING_GROUP_RENAMED = "S705" "scoping-group-renamed" Compatible false
        "same clauses, same scope"
        "A scoping group was renamed and kept exactly its clauses: the scope is the same (reported as one rename, not as a group removed and one added).";
    SCOPE_VALUE_CHANGED = "S704" "scope-value-changed" NeedsReview false
        "scope may narrow or widen"
        "A clause's compared value changed: scope may narrow or widen; a person must judge.";
    SCHEDULE_CHANGED = "J801" "schedule-changed" NeedsReview false
        "when the job runs changes"
        "The job's schedule state or interval changed.";
    JOB_SETTING_CHANGED = "J802" "job-setting-changed" NeedsReview false
        "job behaviour changes"
        "A job setting was added, removed or changed (e.g. the accidental-deletion threshold).";
    OTHER_CHANGE = "X901" "other-change" NeedsReview false
        "not classified; review it"
        "Any change not classified above: reviewed by default.";
    DESCRIPTION_CHANGED = "X902" "description-changed" Compatible false
        "display only"
        "Display-only text (descriptions, display names of templates) changed.";
    NOISE = "N001" "server-maintained-value" Compatible true
        "server-maintained"
        "Version strings, OData annotations, ids of directories, schemas and service principals, discovery times and job status blocks change on every export; hidden unless --all.";
}

/// A name quoted for a message, as a code span that holds it whatever backticks it
/// contains (a fence longer than any run inside, padded when it starts or ends with
/// a backtick), so the Markdown output can show it literally.
pub(crate) fn quote(name: &str) -> String {
    let longest = name.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if name.starts_with('`') || name.ends_with('`') {
        format!("{fence} {name} {fence}")
    } else {
        format!("{fence}{name}{fence}")
    }
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
    text.push_str(DECISIONS);
    text
}

/// How diff decides what a change is and how bad it is, beyond one code's reason.
const DECISIONS: &str = "
## Decisions

**An expression has two halves; the tree is what runs.** Each attribute mapping stores its \
expression twice: as text (`source.expression`) and as a tree (`source.name`, `type`, \
`parameters`). Graph evaluates the tree: its own documentation calls \
`attributeMappingSource` the expression \"already parsed\", and `parseExpression` returns \
the tree for a text precisely so that a client can store it. The portal's editor shows the \
text and writes both halves on save. So diff compares both halves on both sides:

- both changed, and each side's halves agree: T603 (T604 on an anchor), showing the texts;
- only the tree changed: T603/T604, since what runs changed; the values shown are the \
  trees printed as text, and the message says the text still reads the old expression;
- only the text changed: T607 (needs review): nothing changes at run time, but the next \
  save in the portal makes the text the truth;
- either side's halves disagree: the message says so, and which half the service runs.

A runtime placeholder (`%DomainFQDN%`) in the tree where a 2020 export's text leaves the \
slot empty (`Join(\"@\", [x], )`) is not a disagreement. Keyed parameters bind by key: \
reordering `Left`'s `source` and `length` in the tree is no change; repeated keys \
(`Join`'s `source`) keep their order.

**Anchors are matching (T604 breaking).** A changed anchor source changes the value that \
joins an object to its existing counterpart: the effect is that of a matching change \
(T605), so both are breaking.

**inputFilterGroups (S703, S706).** Graph documents `inputFilterGroups` as a read-time \
filter that does not deprovision, and that stays needs-review (S703). Cloud Sync (rules \
from on-premises Active Directory) keeps its OU scope there, as `distinguishedName \
ENDS_WITH \"OU=…\"` (the real 2020 Cloud Sync exports), and deletes from Entra ID what \
leaves that scope: narrowing it there is breaking (S706).

**Secrets bodies.** Values of credentials (the keys validate's X801 recognises: \
`SecretToken`, `Password`, `ClientSecret`, … or a name saying secret, password or token) \
are never shown. Other keys are settings and are shown: `SyncAll` going from false to true \
puts every user and group in scope (S702), from true to false only assigned ones (S701).

**Renames.** An object mapping renamed with the same source and target objects is one \
M511 with the changes inside it (as git reports a renamed file), and a scoping group \
renamed with the same clauses is one S705, when exactly one removed and one added \
candidate pair up.

**Order.** Every format lists the worst change first: by impact (breaking, needs review, \
compatible), then the document, then rule › object mapping › attribute mapping, then \
definitions (directories, objects, attributes), then path and code; never by message text. \
The Markdown comment is shortened from the least important end, inside sections too; a \
breaking change is never cut.
";

//! PowerShell exports read as Graph's own JSON.
//!
//! Two forms come from PowerShell rather than from Graph:
//!
//! - **Graph PowerShell SDK dumps** (`Get-MgServicePrincipalSynchronizationJobSchema … |
//!   ConvertTo-Json -Depth 100`, and the job and template cmdlets): every key is the SDK
//!   model's PascalCase name (`SynchronizationRules`, `TargetAttributeName`), every
//!   property the SDK model knows is present (`null` when Graph sent none), each object
//!   carries an `AdditionalProperties` bag holding what the model does not know
//!   (`@odata.context`, newer properties), Edm.Duration values are .NET `TimeSpan`
//!   objects (`{"Ticks": …, "Days": …}`), Windows PowerShell 5.1 writes dates as
//!   `"\/Date(ms)\/"`, and a list cmdlet writes a bare JSON array.
//! - **Truncated dumps**: `ConvertTo-Json` without `-Depth` stops at depth 2 and writes
//!   each deeper object as text — `"@{Key=…; Value=…}"` (a PSCustomObject),
//!   `"System.Collections.Hashtable"` (`Invoke-MgGraphRequest`'s hashtables),
//!   `"Microsoft.Graph.PowerShell.Models.MicrosoftGraphAttributeMappingSource"` (an SDK
//!   model), `"System.Object[]"`.
//!
//! Both are handled here, in the loader, after the text is scanned and before the kind
//! is detected, so everything downstream (structural validation, the rules, diff, fmt,
//! inspect) sees one form: Graph's camelCase JSON. `normalize` does one pass over the
//! scanned tree, guided by the JSON Schema of the document's kind (the same schema
//! `schemas/` commits, so the names are Graph's and per type): it writes a new text in
//! which
//!
//! - each key is matched case-insensitively to the properties of its object's type and
//!   written with Graph's spelling (outside the typed part — unknown properties —
//!   `PascalCase` becomes `camelCase` where that gives a property name Graph uses);
//! - the members of `AdditionalProperties` are folded back into their object, and the
//!   bag itself disappears;
//! - a `null` the SDK wrote for a property the type does not define is dropped (a
//!   `null` for a property it defines stays: Graph writes those too);
//! - a `TimeSpan` (object or `[d.]hh:mm:ss` text) where Graph has an Edm.Duration becomes
//!   the ISO 8601 duration Graph writes (`PT40M`), and `\/Date(ms)\/` where Graph has an
//!   Edm.DateTimeOffset becomes RFC 3339 (`2024-05-01T10:00:00Z`);
//! - a root array of SDK objects becomes the collection `{"value": […]}`;
//! - a value `ConvertTo-Json` cut off (text where the type has an object or array) is
//!   left out — dropped from arrays, `null` as a property — and counted
//!   ([`Truncation`]), so the rest of the document still loads and `validate` reports
//!   one finding (S107) instead of one per value.
//!
//! Strings and numbers are copied byte for byte. The new text is scanned again; its
//! [`SourceMap`] keeps the original text and a table of segments (new offset → original
//! offset), so every line, column and source line a finding or change shows is the
//! user's, while pointers name Graph's properties (`/synchronizationRules/0/…`). Documents
//! in Graph's own form are not rewritten: a cheap look at the root's keys and a pass over
//! the string values decide that nothing here applies.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::{Map, Value};

use super::node::JsonNode;
use super::source_map::{Location, Segment, SourceMap};
use crate::model::{JsonShape, Kind};
use crate::pointer::JsonPointer;
use crate::schema_gen::{SCHEMA_KINDS, schema_for};

/// What the loader rewrote to read a PowerShell export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PowerShellExport {
    /// Whether the text was a Graph PowerShell SDK dump (PascalCase keys,
    /// `AdditionalProperties` bags), rewritten into Graph's form.
    pub sdk_dump: bool,
    /// Values `ConvertTo-Json` cut off at its depth limit, if there are any.
    pub truncation: Option<Truncation>,
}

/// Values `ConvertTo-Json` wrote as text because they lay deeper than its `-Depth`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Truncation {
    /// How many values were cut off.
    pub count: usize,
    /// Where the first one was, in Graph's property names.
    pub pointer: String,
    /// Where the first one was in the original text.
    pub location: Location,
    /// What the first one says, shortened and without values (`@{Key=…; Value=…}`,
    /// `Microsoft.Graph.PowerShell.Models.MicrosoftGraphDirectoryDefinition`).
    pub sample: String,
    /// The texts of cut-off PSCustomObjects (`@{Key=SecretToken; Value=…}` may hold a
    /// secret): masked wherever a source line is shown.
    pub masks: Vec<String>,
}

/// Two members of one object that get the same Graph name (`Id` and `id`, or a
/// property and an `AdditionalProperties` member), both with a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Conflict {
    /// The Graph name both take.
    pub(crate) key: String,
    /// The object holding them.
    pub(crate) object_pointer: String,
    /// Where the first is.
    pub(crate) first: Location,
    /// Where the second is.
    pub(crate) second: Location,
}

/// The SDK's bag of properties its model does not know.
const BAG: &str = "AdditionalProperties";

/// Rewrites a PowerShell export into Graph's form (see the module documentation).
/// Returns the map unchanged, and `None`, for anything else. `forced` is the kind the
/// caller asked for (`--kind`).
pub(crate) fn normalize(
    source: SourceMap,
    forced: Option<Kind>,
) -> Result<(SourceMap, Option<PowerShellExport>), Conflict> {
    let Some(root) = source.root() else {
        return Ok((source, None));
    };
    let sdk = is_sdk_dump(root);
    let suspect = source
        .any_string(|raw| looks_cut_off(raw) && raw.get(1..raw.len() - 1).is_some_and(is_cut_off));
    if !sdk && !suspect {
        return Ok((source, None));
    }
    let wrap = sdk && root.is_array();
    let kind = forced.unwrap_or_else(|| {
        let view = if wrap {
            View::Wrapped(root)
        } else {
            View::Node(root, sdk)
        };
        Kind::detect(view).kind
    });
    let schema = kind_schema(kind);
    let mut rewriter = Rewriter {
        source: &source,
        sdk,
        suspect,
        schema,
        out: String::with_capacity(source.text().len()),
        segments: Vec::new(),
        changed: false,
        cut: 0,
        first_cut: None,
        masks: Vec::new(),
    };
    let root_shape = schema.map_or(Shape::Any, |schema| rewriter.shape(schema));
    if wrap {
        rewriter.synth("{\"value\":", root.span().start);
        let items = match root_shape {
            Shape::Object(properties) => properties
                .get("value")
                .map_or(Shape::Any, |schema| rewriter.shape(schema)),
            _ => Shape::Any,
        };
        rewriter.value(root, items, &JsonPointer::root().key("value"))?;
        rewriter.synth("}", root.span().end.saturating_sub(1));
        rewriter.changed = true;
    } else {
        rewriter.value(root, root_shape, &JsonPointer::root())?;
    }
    if !rewriter.changed {
        return Ok((source, None));
    }
    let truncation = rewriter
        .first_cut
        .take()
        .map(|(pointer, location, sample)| Truncation {
            count: rewriter.cut,
            pointer,
            location,
            sample,
            masks: std::mem::take(&mut rewriter.masks),
        });
    let Rewriter { out, segments, .. } = rewriter;
    match SourceMap::scan(out) {
        Ok(map) => {
            let original = source.into_text();
            Ok((
                map.with_origin(original, segments),
                Some(PowerShellExport {
                    sdk_dump: sdk,
                    truncation,
                }),
            ))
        }
        // The rewrite is well-formed JSON by construction; should the scan still refuse
        // it (nesting one level deeper than the limit after wrapping a root array), the
        // document is read as it came.
        Err(_) => Ok((source, None)),
    }
}

/// Whether the root object (or the first object of a root array) is a Graph
/// PowerShell SDK object: it has an `AdditionalProperties` bag, or every key is
/// PascalCase and, read case-insensitively, it is a synchronization document.
fn is_sdk_dump(root: JsonNode<'_>) -> bool {
    let object = if root.is_array() {
        match root.elements().find(JsonNode::is_object) {
            Some(object) => object,
            None => return false,
        }
    } else {
        root
    };
    if !object.is_object() {
        return false;
    }
    if object.members().any(|(key, _)| key == BAG) {
        return true;
    }
    let mut keys = object
        .members()
        .map(|(key, _)| key)
        .filter(|key| !key.starts_with('@'))
        .peekable();
    keys.peek().is_some()
        && keys.all(|key| key.starts_with(|c: char| c.is_ascii_uppercase()))
        && Kind::detect(View::Node(object, true)).kind != Kind::Unknown
}

/// A quick look at a raw string value (quotes included): could it be a value
/// `ConvertTo-Json` cut off?
fn looks_cut_off(raw: &str) -> bool {
    let inner = raw.get(1..).unwrap_or_default();
    inner.starts_with("@{") || inner.starts_with("System.") || inner.starts_with("Microsoft.Graph.")
}

/// Whether a string is what `ConvertTo-Json` writes for an object or array past its
/// depth: `@{…}` (a PSCustomObject), or .NET type names (`System.Collections.Hashtable`,
/// `System.Object[]`, `Microsoft.Graph.PowerShell.Models.MicrosoftGraph…`), one per
/// element when an array of them was cut off.
pub(crate) fn is_cut_off(text: &str) -> bool {
    let text = text.trim();
    if text.starts_with("@{") && text.ends_with('}') {
        return true;
    }
    !text.is_empty() && text.split(' ').all(is_type_name)
}

fn is_type_name(word: &str) -> bool {
    let known = word.starts_with("System.") || word.starts_with("Microsoft.Graph.");
    known
        && word.len() > "System.".len()
        && word.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '`' | '[' | ']' | ',' | '+')
        })
}

/// A cut-off value shown without the values it held: `@{Key=…; Value=…}` keeps the
/// property names only (a value may be a secret); type names are kept (shortened).
fn sample(text: &str) -> String {
    let text = text.trim();
    if let Some(inner) = text.strip_prefix("@{").and_then(|t| t.strip_suffix('}')) {
        let names: Vec<String> = inner
            .split("; ")
            .filter_map(|pair| pair.split_once('='))
            .map(|(name, _)| format!("{}=…", name.trim()))
            .take(4)
            .collect();
        return format!("@{{{}}}", names.join("; "));
    }
    let first = text.split(' ').next().unwrap_or_default();
    if first.chars().count() > 100 {
        format!("{}…", first.chars().take(100).collect::<String>())
    } else {
        first.to_owned()
    }
}

/// The JSON Schema of a kind, generated once per process.
fn kind_schema(kind: Kind) -> Option<&'static Value> {
    static SCHEMAS: [OnceLock<Option<Value>>; SCHEMA_KINDS.len()] =
        [const { OnceLock::new() }; SCHEMA_KINDS.len()];
    let index = SCHEMA_KINDS.iter().position(|k| *k == kind)?;
    SCHEMAS
        .get(index)?
        .get_or_init(|| schema_for(kind))
        .as_ref()
}

/// Every property name of every Graph type, by its lower-case spelling (for keys
/// outside the typed part of a document).
fn graph_names() -> &'static HashMap<String, &'static str> {
    static NAMES: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names = HashMap::new();
        for kind in SCHEMA_KINDS {
            let Some(schema) = kind_schema(kind) else {
                continue;
            };
            let definitions = schema
                .get("$defs")
                .and_then(Value::as_object)
                .into_iter()
                .flat_map(|defs| defs.values());
            for definition in std::iter::once(schema).chain(definitions) {
                if let Some(properties) = definition.get("properties").and_then(Value::as_object) {
                    for name in properties.keys() {
                        names.insert(name.to_ascii_lowercase(), name.as_str());
                    }
                }
            }
        }
        names
    })
}

/// What a JSON Schema says a value is.
#[derive(Clone, Copy)]
enum Shape<'s> {
    /// An object with these properties.
    Object(&'s Map<String, Value>),
    /// An array of these items (`None`: anything).
    Array(Option<&'s Value>),
    /// An Edm.Duration (ISO 8601 text).
    Duration,
    /// An Edm.DateTimeOffset (RFC 3339 text).
    Timestamp,
    /// A string, number or boolean.
    Scalar,
    /// Not described (unknown properties, free-form values).
    Any,
}

impl Shape<'_> {
    /// Whether Graph has an object or an array here (so text is no value of it).
    fn is_structured(self) -> bool {
        matches!(self, Shape::Object(_) | Shape::Array(_))
    }
}

/// A member of an object being rewritten.
struct Member<'a> {
    /// The Graph name it gets.
    name: Cow<'a, str>,
    node: JsonNode<'a>,
}

struct Rewriter<'a, 's> {
    source: &'a SourceMap,
    sdk: bool,
    /// Whether some string looks cut off (any string where an array belongs is then
    /// counted as cut off too: `ConvertTo-Json` joins a cut-off array's elements).
    suspect: bool,
    schema: Option<&'s Value>,
    out: String,
    segments: Vec<Segment>,
    changed: bool,
    cut: usize,
    first_cut: Option<(String, Location, String)>,
    masks: Vec<String>,
}

fn offset_u32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

impl<'a, 's> Rewriter<'a, 's> {
    /// Writes `raw`, copied from original offset `old`.
    fn copy(&mut self, raw: &str, old: usize) {
        self.segments.push(Segment {
            new: offset_u32(self.out.len()),
            old: offset_u32(old),
            len: offset_u32(raw.len()),
        });
        self.out.push_str(raw);
    }

    /// Writes new text standing for what starts at original offset `old`.
    fn synth(&mut self, text: &str, old: usize) {
        self.segments.push(Segment {
            new: offset_u32(self.out.len()),
            old: offset_u32(old),
            len: 0,
        });
        self.out.push_str(text);
    }

    /// Resolves a schema to the shape it describes (`$ref`, `anyOf` with `null`).
    fn shape(&self, schema: &'s Value) -> Shape<'s> {
        let mut schema = schema;
        for _ in 0..16 {
            if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
                if reference.ends_with("/duration") {
                    return Shape::Duration;
                }
                if reference.ends_with("/dateTimeOffset") {
                    return Shape::Timestamp;
                }
                match reference
                    .strip_prefix('#')
                    .and_then(|pointer| self.schema?.pointer(pointer))
                {
                    Some(target) => {
                        schema = target;
                        continue;
                    }
                    None => return Shape::Any,
                }
            }
            if let Some(branches) = schema.get("anyOf").and_then(Value::as_array) {
                let not_null = branches
                    .iter()
                    .find(|branch| branch.get("type").and_then(Value::as_str) != Some("null"));
                match not_null {
                    Some(branch) => {
                        schema = branch;
                        continue;
                    }
                    None => return Shape::Any,
                }
            }
            if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
                return Shape::Object(properties);
            }
            if let Some(items) = schema.get("items") {
                return Shape::Array(Some(items));
            }
            let types: Vec<&str> = match schema.get("type") {
                Some(Value::String(name)) => vec![name.as_str()],
                Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).collect(),
                _ => return Shape::Any,
            };
            return if types.contains(&"array") {
                Shape::Array(None)
            } else if types.contains(&"object") {
                Shape::Any
            } else {
                Shape::Scalar
            };
        }
        Shape::Any
    }

    fn property_shape(&self, properties: Option<&'s Map<String, Value>>, name: &str) -> Shape<'s> {
        properties
            .and_then(|properties| properties.get(name))
            .map_or(Shape::Any, |schema| self.shape(schema))
    }

    /// Records a value `ConvertTo-Json` cut off.
    fn cut_off(&mut self, node: JsonNode<'a>, text: &str, at: &JsonPointer) {
        self.cut += 1;
        self.changed = true;
        if text.trim_start().starts_with("@{") {
            self.masks.push(text.to_owned());
            let raw = node.raw();
            if let Some(inner) = raw.get(1..raw.len().saturating_sub(1))
                && inner != text
            {
                self.masks.push(inner.to_owned());
            }
        }
        if self.first_cut.is_none() {
            let location = self.source.location_of(node.span().start);
            self.first_cut = Some((at.as_str().to_owned(), location, sample(text)));
        }
    }

    /// Whether a string in a place of this shape was cut off by `ConvertTo-Json`.
    fn is_cut(&self, text: &str, shape: Shape<'s>) -> bool {
        if !shape.is_structured() {
            return false;
        }
        if is_cut_off(text) {
            return true;
        }
        // A cut-off array is its elements' texts joined by spaces (`""` when empty).
        self.suspect && matches!(shape, Shape::Array(_))
    }

    /// Writes a value of the given shape.
    fn value(
        &mut self,
        node: JsonNode<'a>,
        shape: Shape<'s>,
        at: &JsonPointer,
    ) -> Result<(), Conflict> {
        if node.is_object() {
            if self.sdk
                && matches!(shape, Shape::Duration)
                && let Some(iso) = timespan_object(node)
            {
                self.synth(&quoted(&iso), node.span().start);
                self.changed = true;
                return Ok(());
            }
            return self.object(node, shape, at);
        }
        if node.is_array() {
            let items = match shape {
                Shape::Array(Some(items)) => self.shape(items),
                _ => Shape::Any,
            };
            let span = node.span();
            self.copy("[", span.start);
            let mut first = true;
            for (index, element) in node.elements().enumerate() {
                let here = at.index(index);
                if let Some(text) = element.as_str()
                    && self.is_cut(&text, items)
                {
                    self.cut_off(element, &text, &here);
                    continue;
                }
                if !first {
                    self.out.push(',');
                }
                first = false;
                self.value(element, items, &here)?;
            }
            self.copy("]", span.end.saturating_sub(1));
            return Ok(());
        }
        if self.sdk
            && let Some(text) = node.as_str()
        {
            let converted = match shape {
                Shape::Duration => timespan_text(&text),
                Shape::Timestamp => dotnet_date(&text),
                _ => None,
            };
            if let Some(converted) = converted {
                self.synth(&quoted(&converted), node.span().start);
                self.changed = true;
                return Ok(());
            }
        }
        self.copy(node.raw(), node.span().start);
        Ok(())
    }

    /// The Graph name of member `key` of an object whose type has `properties`.
    fn rename<'k>(
        &self,
        key: Cow<'k, str>,
        properties: Option<&'s Map<String, Value>>,
    ) -> Cow<'k, str> {
        if !self.sdk {
            return key;
        }
        if let Some(properties) = properties {
            if properties.contains_key(key.as_ref()) {
                return key;
            }
            if let Some(name) = properties
                .keys()
                .find(|name| name.eq_ignore_ascii_case(&key))
            {
                return Cow::Owned(name.clone());
            }
        }
        // The SDK's names for OData annotations.
        if let Some(rest) = key.strip_prefix("Odata").filter(|rest| !rest.is_empty()) {
            let mut name = String::from("@odata.");
            let mut chars = rest.chars();
            if let Some(first) = chars.next() {
                name.push(first.to_ascii_lowercase());
                name.extend(chars);
            }
            return Cow::Owned(name);
        }
        if properties.is_none() && key.starts_with(|c: char| c.is_ascii_uppercase()) {
            let mut lowered = key.to_string();
            if let Some(first) = lowered.get_mut(0..1) {
                first.make_ascii_lowercase();
            }
            if graph_names()
                .get(&lowered.to_ascii_lowercase())
                .is_some_and(|name| *name == lowered)
            {
                return Cow::Owned(lowered);
            }
        }
        key
    }

    fn object(
        &mut self,
        node: JsonNode<'a>,
        shape: Shape<'s>,
        at: &JsonPointer,
    ) -> Result<(), Conflict> {
        let properties = match shape {
            Shape::Object(properties) => Some(properties),
            _ => None,
        };
        let mut members: Vec<Member<'a>> = Vec::with_capacity(node.len());
        for (key, child) in node.members() {
            if self.sdk && key == BAG {
                self.changed = true;
                if child.is_object() {
                    for (key, child) in child.members() {
                        let name = self.rename(key, properties);
                        self.add(&mut members, Member { name, node: child }, at)?;
                    }
                } else if let Some(text) = child.as_str()
                    && is_cut_off(&text)
                {
                    self.cut_off(child, &text, &at.key(BAG));
                }
                continue;
            }
            let name = self.rename(key.clone(), properties);
            if name != key {
                self.changed = true;
            }
            let known = properties.is_none_or(|properties| properties.contains_key(name.as_ref()));
            if self.sdk && properties.is_some() && !known && child.kind() == super::JsonKind::Null {
                // A property the SDK model has and Graph's type does not: the SDK's null.
                self.changed = true;
                continue;
            }
            self.add(&mut members, Member { name, node: child }, at)?;
        }
        let span = node.span();
        self.copy("{", span.start);
        for (index, member) in members.into_iter().enumerate() {
            if index > 0 {
                self.out.push(',');
            }
            let key_start = member.node.key_span().map_or(span.start, |key| key.start);
            match member.node.raw_key() {
                Some(raw)
                    if !raw.contains('\\')
                        && raw.get(1..raw.len() - 1) == Some(member.name.as_ref()) =>
                {
                    self.copy(raw, key_start);
                }
                raw => {
                    let text = quoted(&member.name);
                    let len = raw.map_or(0, str::len).min(text.len());
                    self.segments.push(Segment {
                        new: offset_u32(self.out.len()),
                        old: offset_u32(key_start),
                        len: offset_u32(len),
                    });
                    self.out.push_str(&text);
                }
            }
            self.out.push(':');
            let here = at.key(&member.name);
            let shape = self.property_shape(properties, &member.name);
            if let Some(text) = member.node.as_str()
                && self.is_cut(&text, shape)
            {
                self.cut_off(member.node, &text, &here);
                self.synth("null", member.node.span().start);
                continue;
            }
            self.value(member.node, shape, &here)?;
        }
        self.copy("}", span.end.saturating_sub(1));
        Ok(())
    }

    /// Adds a member, resolving a second member of the same Graph name: a `null`
    /// gives way to a value; two values conflict.
    fn add(
        &self,
        members: &mut Vec<Member<'a>>,
        member: Member<'a>,
        at: &JsonPointer,
    ) -> Result<(), Conflict> {
        let is_null = |node: &JsonNode<'_>| node.kind() == super::JsonKind::Null;
        let Some(existing) = members.iter_mut().find(|m| m.name == member.name) else {
            members.push(member);
            return Ok(());
        };
        if is_null(&member.node) {
            return Ok(());
        }
        if is_null(&existing.node) {
            *existing = member;
            return Ok(());
        }
        let place = |node: &JsonNode<'_>| {
            self.source
                .location_of(node.key_span().map_or(node.span().start, |key| key.start))
        };
        let (first, second) = (place(&existing.node), place(&member.node));
        let (first, second) = if first <= second {
            (first, second)
        } else {
            (second, first)
        };
        Err(Conflict {
            key: member.name.into_owned(),
            object_pointer: at.as_str().to_owned(),
            first,
            second,
        })
    }
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("\"{text}\""))
}

/// .NET ticks (100 ns) as the ISO 8601 duration Graph writes (`XmlConvert`'s form:
/// `PT40M`, `P1DT2H`, `PT0.5S`, `PT0S`, `-PT1H`).
fn iso_duration(ticks: i64) -> String {
    use std::fmt::Write as _;
    const SECOND: u64 = 10_000_000;
    let negative = ticks < 0;
    let ticks = ticks.unsigned_abs();
    let days = ticks / (86_400 * SECOND);
    let hours = ticks / (3_600 * SECOND) % 24;
    let minutes = ticks / (60 * SECOND) % 60;
    let seconds = ticks / SECOND % 60;
    let fraction = ticks % SECOND;
    let mut text = String::from(if negative { "-P" } else { "P" });
    if days > 0 {
        let _ = write!(text, "{days}D");
    }
    if hours > 0 || minutes > 0 || seconds > 0 || fraction > 0 {
        text.push('T');
        if hours > 0 {
            let _ = write!(text, "{hours}H");
        }
        if minutes > 0 {
            let _ = write!(text, "{minutes}M");
        }
        if seconds > 0 || fraction > 0 {
            text.push_str(&seconds.to_string());
            if fraction > 0 {
                let digits = format!("{fraction:07}");
                text.push('.');
                text.push_str(digits.trim_end_matches('0'));
            }
            text.push('S');
        }
    }
    if days == 0 && !text.contains('T') {
        return "PT0S".to_owned();
    }
    text
}

/// A `TimeSpan` as `ConvertTo-Json` writes it: an object with its `Ticks`.
fn timespan_object(node: JsonNode<'_>) -> Option<String> {
    let ticks = node.get("Ticks")?.as_number_text()?.parse::<i64>().ok()?;
    node.get("TotalSeconds")?;
    Some(iso_duration(ticks))
}

/// A `TimeSpan` as text (`[-][d.]hh:mm:ss[.fffffff]`, what a cut-off `TimeSpan` or a
/// hashtable holds).
fn timespan_text(text: &str) -> Option<String> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let mut parts = rest.split(':');
    let (head, minutes, seconds) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let (days, hours) = match head.split_once('.') {
        Some((days, hours)) => (days, hours),
        None => ("0", head),
    };
    let (seconds, fraction) = match seconds.split_once('.') {
        Some((seconds, fraction)) => (seconds, fraction),
        None => (seconds, ""),
    };
    let number = |digits: &str, max: u64| -> Option<u64> {
        (!digits.is_empty() && digits.len() <= 8 && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| digits.parse::<u64>().ok())
            .flatten()
            .filter(|value| *value <= max)
    };
    if hours.len() != 2 || minutes.len() != 2 || seconds.len() != 2 || fraction.len() > 7 {
        return None;
    }
    let days = number(days, 10_675_199)?;
    let hours = number(hours, 23)?;
    let minutes = number(minutes, 59)?;
    let seconds = number(seconds, 59)?;
    let fraction = if fraction.is_empty() {
        0
    } else {
        number(fraction, 9_999_999)? * 10_u64.pow(7 - u32::try_from(fraction.len()).ok()?)
    };
    let ticks = (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 10_000_000 + fraction;
    let ticks = i64::try_from(ticks).ok()?;
    Some(iso_duration(if negative { -ticks } else { ticks }))
}

/// Windows PowerShell 5.1's date (`/Date(1714557600000)/`, milliseconds since 1970 in
/// UTC, an optional `+hhmm` that does not change the instant) as RFC 3339 UTC.
fn dotnet_date(text: &str) -> Option<String> {
    let inner = text.strip_prefix("/Date(")?.strip_suffix(")/")?;
    let digits_end = inner
        .char_indices()
        .find(|(index, c)| !(c.is_ascii_digit() || (*index == 0 && *c == '-')))
        .map_or(inner.len(), |(index, _)| index);
    let (millis, offset) = inner.split_at(digits_end);
    let offset_ok = offset.is_empty()
        || (offset.len() == 5
            && offset.starts_with(['+', '-'])
            && offset.bytes().skip(1).all(|b| b.is_ascii_digit()));
    if !offset_ok {
        return None;
    }
    let millis: i64 = millis.parse().ok()?;
    let seconds = millis.div_euclid(1000);
    let milli = millis.rem_euclid(1000);
    let days = seconds.div_euclid(86_400);
    let in_day = seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let mut text = format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        in_day / 3600,
        in_day / 60 % 60,
        in_day % 60
    );
    if milli > 0 {
        text.push_str(format!(".{milli:03}").trim_end_matches('0'));
    }
    text.push('Z');
    (0..=9999).contains(&year).then_some(text)
}

/// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// A scanned PowerShell dump as kind detection reads it: keys matched
/// case-insensitively, `AdditionalProperties` folded in, a root array seen as the
/// collection `{"value": […]}`.
#[derive(Clone, Copy)]
enum View<'a> {
    /// A node; the flag says whether SDK rules apply (case-insensitive keys, bags).
    Node(JsonNode<'a>, bool),
    /// A root array seen as `{"value": […]}`.
    Wrapped(JsonNode<'a>),
}

impl<'a> JsonShape<'a> for View<'a> {
    fn member(self, key: &str) -> Option<Self> {
        match self {
            View::Wrapped(array) => (key == "value").then_some(View::Node(array, true)),
            View::Node(node, sdk) => {
                if !sdk {
                    return node.get(key).map(|child| View::Node(child, false));
                }
                let find = |object: JsonNode<'a>| {
                    object.get(key).or_else(|| {
                        object
                            .members()
                            .find(|(name, _)| name != BAG && name.eq_ignore_ascii_case(key))
                            .map(|(_, child)| child)
                    })
                };
                find(node)
                    .or_else(|| node.get(BAG).filter(JsonNode::is_object).and_then(find))
                    .map(|child| View::Node(child, true))
            }
        }
    }

    fn keys(self) -> Vec<Cow<'a, str>> {
        match self {
            View::Wrapped(_) => vec![Cow::Borrowed("value")],
            View::Node(node, false) => node.members().map(|(key, _)| key).collect(),
            View::Node(node, true) => {
                let bag = node.get(BAG).filter(JsonNode::is_object);
                node.members()
                    .filter(|(key, _)| key != BAG)
                    .map(|(key, _)| {
                        if key.starts_with(|c: char| c.is_ascii_uppercase()) {
                            let mut lowered = key.into_owned();
                            if let Some(first) = lowered.get_mut(0..1) {
                                first.make_ascii_lowercase();
                            }
                            Cow::Owned(lowered)
                        } else {
                            key
                        }
                    })
                    .chain(
                        bag.into_iter()
                            .flat_map(|bag| bag.members().map(|(key, _)| key)),
                    )
                    .collect()
            }
        }
    }

    fn string(self) -> Option<Cow<'a, str>> {
        match self {
            View::Node(node, _) => node.as_str(),
            View::Wrapped(_) => None,
        }
    }

    fn is_object(self) -> bool {
        match self {
            View::Node(node, _) => node.is_object(),
            View::Wrapped(_) => true,
        }
    }

    fn is_array(self) -> bool {
        match self {
            View::Node(node, _) => node.is_array(),
            View::Wrapped(_) => false,
        }
    }

    fn items(self) -> Vec<Self> {
        match self {
            View::Node(node, sdk) => node
                .elements()
                .map(|child| View::Node(child, sdk))
                .collect(),
            View::Wrapped(_) => Vec::new(),
        }
    }

    fn described(self) -> &'static str {
        match self {
            View::Node(node, _) => node.kind().described(),
            View::Wrapped(_) => "an object",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(text: &str) -> (SourceMap, Option<PowerShellExport>) {
        let map = SourceMap::build(text.to_owned()).unwrap();
        normalize(map, None).unwrap()
    }

    #[test]
    fn durations_are_written_as_graph_writes_them() {
        assert_eq!(iso_duration(40 * 60 * 10_000_000), "PT40M");
        assert_eq!(iso_duration(0), "PT0S");
        assert_eq!(iso_duration(i64::MAX), "P10675199DT2H48M5.4775807S");
        assert_eq!(iso_duration(86_400 * 10_000_000), "P1D");
        assert_eq!(iso_duration(-36_000_000_000), "-PT1H");
        assert_eq!(iso_duration(5_000_000), "PT0.5S");
        assert_eq!(timespan_text("00:40:00").as_deref(), Some("PT40M"));
        assert_eq!(
            timespan_text("10675199.02:48:05.4775807").as_deref(),
            Some("P10675199DT2H48M5.4775807S")
        );
        assert_eq!(timespan_text("1.00:00:00").as_deref(), Some("P1D"));
        for text in [
            "PT40M",
            "40:00",
            "00:60:00",
            "a.00:00:00",
            "00:00:00.12345678",
            "",
        ] {
            assert_eq!(timespan_text(text), None, "{text}");
        }
    }

    #[test]
    fn windows_powershell_dates_become_rfc_3339() {
        assert_eq!(
            dotnet_date("/Date(1714557600000)/").as_deref(),
            Some("2024-05-01T10:00:00Z")
        );
        assert_eq!(
            dotnet_date("/Date(1714557600123+0200)/").as_deref(),
            Some("2024-05-01T10:00:00.123Z")
        );
        assert_eq!(
            dotnet_date("/Date(0)/").as_deref(),
            Some("1970-01-01T00:00:00Z")
        );
        assert_eq!(
            dotnet_date("/Date(-62135596800000)/").as_deref(),
            Some("0001-01-01T00:00:00Z")
        );
        for text in [
            "/Date()/",
            "/Date(12x)/",
            "2024-05-01T10:00:00Z",
            "/Date(1+02)/",
        ] {
            assert_eq!(dotnet_date(text), None, "{text}");
        }
    }

    #[test]
    fn cut_off_values_are_recognised_and_shown_without_values() {
        for text in [
            "@{Key=SecretToken; Value=abc}",
            "System.Collections.Hashtable",
            "System.Object[]",
            "System.Collections.Generic.Dictionary`2[System.String,System.Object]",
            "Microsoft.Graph.PowerShell.Models.MicrosoftGraphAttributeMappingSource",
            "Microsoft.Graph.Beta.PowerShell.Models.MicrosoftGraphFilterClause Microsoft.Graph.Beta.PowerShell.Models.MicrosoftGraphFilterClause",
        ] {
            assert!(is_cut_off(text), "{text}");
        }
        for text in [
            "System",
            "System.",
            "mail",
            "@{",
            "Join(\"@\", [a])",
            "System.Foo bar",
        ] {
            assert!(!is_cut_off(text), "{text}");
        }
        assert_eq!(sample("@{Key=SecretToken; Value=abc}"), "@{Key=…; Value=…}");
        assert_eq!(sample("System.Object[] System.Object[]"), "System.Object[]");
    }

    #[test]
    fn graph_names_do_not_collide_when_case_is_ignored() {
        let mut seen: std::collections::BTreeMap<String, Vec<&str>> =
            std::collections::BTreeMap::new();
        for kind in SCHEMA_KINDS {
            let schema = kind_schema(kind).unwrap();
            let definitions = schema["$defs"].as_object().unwrap().values();
            for definition in std::iter::once(schema).chain(definitions) {
                let Some(properties) = definition.get("properties").and_then(Value::as_object)
                else {
                    continue;
                };
                let mut lower: Vec<String> =
                    properties.keys().map(|k| k.to_ascii_lowercase()).collect();
                let count = lower.len();
                lower.sort();
                lower.dedup();
                assert_eq!(lower.len(), count, "{:?}", properties.keys());
                for name in properties.keys() {
                    seen.entry(name.to_ascii_lowercase())
                        .or_default()
                        .push(name);
                }
            }
        }
        for (lower, names) in seen {
            assert!(names.iter().all(|n| *n == names[0]), "{lower}: {names:?}");
        }
    }

    #[test]
    fn an_sdk_dump_is_rewritten_with_locations_of_the_original() {
        let text = "{\n  \"Directories\": [],\n  \"Id\": \"s\",\n  \"SynchronizationRules\": [\n    {\"Id\": \"r\", \"Editable\": null, \"Bogus\": null, \"AdditionalProperties\": {\"x\": null}}\n  ],\n  \"Version\": null,\n  \"AdditionalProperties\": {\"@odata.context\": \"c\"}\n}";
        let (map, export) = rewrite(text);
        let export = export.unwrap();
        assert!(export.sdk_dump && export.truncation.is_none());
        assert_eq!(
            map.root().unwrap().to_value(),
            serde_json::json!({"directories": [], "id": "s", "version": null,
                "synchronizationRules": [{"id": "r", "editable": null, "x": null}],
                "@odata.context": "c"})
        );
        assert_eq!(map.original_text(), text);
        let at = |pointer: &str| map.locate(pointer).map(|l| (l.line, l.column));
        assert_eq!(at("/id"), Some((3, 9)));
        assert_eq!(at("/synchronizationRules/0/id"), Some((5, 12)));
        assert_eq!(at("/synchronizationRules/0/x"), Some((5, 80)));
        assert_eq!(at("/@odata.context"), Some((8, 46)));
        let key = map.locate_key("/synchronizationRules/0/editable").unwrap();
        assert_eq!((key.line, key.column), (5, 17));
        assert_eq!(map.line_text(5), text.lines().nth(4));
    }

    #[test]
    fn graph_json_is_left_alone() {
        let text = r#"{"directories": [], "synchronizationRules": [], "Id": "x", "description": "System.Object"}"#;
        let (map, export) = rewrite(text);
        assert!(export.is_none());
        assert!(!map.is_rewritten());
    }

    #[test]
    fn a_root_array_of_sdk_jobs_becomes_a_collection() {
        let text = r#"[{"Id": "scim.1", "TemplateId": "scim", "Schedule": {"Interval": {"Ticks": 24000000000, "TotalSeconds": 2400.0}, "Expiration": "/Date(0)/", "State": "Active"}, "AdditionalProperties": {}}]"#;
        let (map, export) = rewrite(text);
        assert!(export.unwrap().sdk_dump);
        assert_eq!(
            map.root().unwrap().to_value(),
            serde_json::json!({"value": [{"id": "scim.1", "templateId": "scim",
                "schedule": {"interval": "PT40M", "expiration": "1970-01-01T00:00:00Z", "state": "Active"}}]})
        );
        assert_eq!(map.locate("/value/0/schedule/interval").unwrap().column, 66);
    }

    #[test]
    fn cut_off_values_are_counted_and_left_out() {
        let text = r#"{"directories": ["System.Collections.Hashtable", "System.Collections.Hashtable"], "synchronizationRules": [{"id": "r", "objectMappings": ["@{name=Users; enabled=True}"], "metadata": "System.Object[]"}]}"#;
        let (map, export) = rewrite(text);
        let export = export.unwrap();
        assert!(!export.sdk_dump);
        let truncation = export.truncation.unwrap();
        assert_eq!(truncation.count, 4);
        assert_eq!(truncation.pointer, "/directories/0");
        assert_eq!(truncation.location.column, 18);
        assert_eq!(truncation.sample, "System.Collections.Hashtable");
        assert_eq!(truncation.masks, ["@{name=Users; enabled=True}"]);
        assert_eq!(
            map.root().unwrap().to_value(),
            serde_json::json!({"directories": [], "synchronizationRules": [
                {"id": "r", "objectMappings": [], "metadata": null}]})
        );
    }

    #[test]
    fn two_values_for_one_graph_name_conflict() {
        let text = r#"{"Directories": [], "Id": "a", "AdditionalProperties": {"id": "b"}}"#;
        let map = SourceMap::build(text.to_owned()).unwrap();
        let conflict = normalize(map, None).unwrap_err();
        assert_eq!(conflict.key, "id");
        assert_eq!((conflict.first.column, conflict.second.column), (21, 57));
        // A null gives way to the value.
        let (map, _) =
            rewrite(r#"{"Directories": [], "Id": null, "AdditionalProperties": {"id": "b"}}"#);
        assert_eq!(map.pointer("/id").unwrap().as_str().as_deref(), Some("b"));
    }
}

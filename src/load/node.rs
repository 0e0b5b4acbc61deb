//! The document as a JSON tree read straight from its text: [`JsonNode`] is a handle
//! on one node of the [`SourceMap`], so structural validation, kind detection and diff
//! read values without a second in-memory copy of the document. Strings are decoded
//! on demand (borrowed when they hold no escapes); a subtree becomes a
//! [`serde_json::Value`] only when asked ([`JsonNode::to_value`]).

use std::borrow::Cow;

use serde_json::Value;

use super::source_map::{Location, Node, SourceMap};

/// What a JSON value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl JsonKind {
    /// How messages name the kind ("an object").
    pub fn described(self) -> &'static str {
        match self {
            JsonKind::Null => "null",
            JsonKind::Bool => "a boolean",
            JsonKind::Number => "a number",
            JsonKind::String => "a string",
            JsonKind::Array => "an array",
            JsonKind::Object => "an object",
        }
    }
}

/// One value of a scanned document (cheap to copy).
#[derive(Clone, Copy)]
pub struct JsonNode<'a> {
    map: &'a SourceMap,
    id: u32,
    node: Node,
}

impl std::fmt::Debug for JsonNode<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "JsonNode({})", self.raw())
    }
}

impl SourceMap {
    /// The document's root value (`None` only for a map of an empty text).
    pub fn root(&self) -> Option<JsonNode<'_>> {
        self.node(0)
    }

    /// The value at a JSON pointer.
    pub fn pointer(&self, pointer: &str) -> Option<JsonNode<'_>> {
        let mut node = self.root()?;
        for token in crate::pointer::tokens(pointer) {
            node = node.child(&token)?;
        }
        Some(node)
    }

    /// Whether some string value's raw text (quotes included) satisfies `test`: a
    /// pass over the nodes without walking the tree.
    pub(crate) fn any_string(&self, test: impl Fn(&str) -> bool) -> bool {
        self.nodes.iter().any(|node| {
            self.text
                .get(node.value as usize..node.end as usize)
                .is_some_and(|raw| raw.starts_with('"') && test(raw))
        })
    }

    fn node(&self, id: u32) -> Option<JsonNode<'_>> {
        let node = *self.nodes.get(id as usize)?;
        Some(JsonNode {
            map: self,
            id,
            node,
        })
    }
}

impl<'a> JsonNode<'a> {
    /// The value's text, exactly as written.
    pub fn raw(&self) -> &'a str {
        self.map
            .text
            .get(self.node.value as usize..self.node.end as usize)
            .unwrap_or_default()
    }

    /// The byte range of the value in the text.
    pub(crate) fn span(&self) -> std::ops::Range<usize> {
        self.node.value as usize..self.node.end as usize
    }

    /// The byte range of the member's key (quotes included) in the text; `None` for
    /// array elements and the root.
    pub(crate) fn key_span(&self) -> Option<std::ops::Range<usize>> {
        (self.node.key != super::source_map::NO_KEY)
            .then(|| self.node.key as usize..(self.node.key + self.node.key_len) as usize)
    }

    /// The member's key as written (quotes included).
    pub(crate) fn raw_key(&self) -> Option<&'a str> {
        self.map.text.get(self.key_span()?)
    }

    /// A number unique to this node within its document.
    pub fn id(&self) -> u32 {
        self.id
    }

    /// The source map (document) the node belongs to.
    pub fn map(&self) -> &'a SourceMap {
        self.map
    }

    /// Where the value starts.
    pub fn location(&self) -> Location {
        self.map.location_of(self.node.value as usize)
    }

    /// What the value is.
    pub fn kind(&self) -> JsonKind {
        match self.raw().as_bytes().first() {
            Some(b'{') => JsonKind::Object,
            Some(b'[') => JsonKind::Array,
            Some(b'"') => JsonKind::String,
            Some(b't' | b'f') => JsonKind::Bool,
            Some(b'n') | None => JsonKind::Null,
            Some(_) => JsonKind::Number,
        }
    }

    /// Whether the value is an object.
    pub fn is_object(&self) -> bool {
        self.kind() == JsonKind::Object
    }

    /// Whether the value is an array.
    pub fn is_array(&self) -> bool {
        self.kind() == JsonKind::Array
    }

    /// The string, decoded (borrowed from the text when it holds no escapes).
    pub fn as_str(&self) -> Option<Cow<'a, str>> {
        let raw = self.raw();
        let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
        if inner.contains('\\') {
            serde_json::from_str::<String>(raw).ok().map(Cow::Owned)
        } else {
            Some(Cow::Borrowed(inner))
        }
    }

    /// The boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match self.raw() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }

    /// The number as written.
    pub fn as_number_text(&self) -> Option<&'a str> {
        (self.kind() == JsonKind::Number).then(|| self.raw())
    }

    /// Members of an object or elements of an array.
    pub fn len(&self) -> usize {
        self.node.children_len as usize
    }

    /// Whether the container has no members or elements (true for scalars).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn child_ids(&self) -> &'a [u32] {
        let start = self.node.children_start as usize;
        self.map
            .children
            .get(start..start + self.node.children_len as usize)
            .unwrap_or_default()
    }

    /// The elements of an array (nothing for other values).
    pub fn elements(&self) -> impl Iterator<Item = JsonNode<'a>> + use<'a> {
        let map = self.map;
        let ids = if self.is_array() {
            self.child_ids()
        } else {
            &[]
        };
        ids.iter().filter_map(move |id| map.node(*id))
    }

    /// The members of an object, keys decoded (nothing for other values).
    pub fn members(&self) -> impl Iterator<Item = (Cow<'a, str>, JsonNode<'a>)> + use<'a> {
        let map = self.map;
        let ids = if self.is_object() {
            self.child_ids()
        } else {
            &[]
        };
        ids.iter().filter_map(move |id| {
            let child = map.node(*id)?;
            Some((map.key_text(&child.node)?, child))
        })
    }

    /// The member named `key` (the last one, as serde_json keeps, should it repeat).
    pub fn get(&self, key: &str) -> Option<JsonNode<'a>> {
        if !self.is_object() {
            return None;
        }
        let map = self.map;
        if self.node.children_len > super::source_map::INDEXED_MEMBERS {
            return map.node(map.indexed_member(self.node, key)?);
        }
        self.child_ids()
            .iter()
            .rev()
            .filter_map(|id| map.node(*id))
            .find(|child| map.key_is(&child.node, key))
    }

    /// The `index`-th element of an array.
    pub fn index(&self, index: usize) -> Option<JsonNode<'a>> {
        if !self.is_array() {
            return None;
        }
        self.map.node(*self.child_ids().get(index)?)
    }

    /// The child a pointer token names: a member of an object, an element of an array.
    pub fn child(&self, token: &str) -> Option<JsonNode<'a>> {
        match self.kind() {
            JsonKind::Object => self.get(token),
            JsonKind::Array => {
                if token.len() > 1 && token.starts_with('0') {
                    return None;
                }
                self.index(token.parse().ok()?)
            }
            _ => None,
        }
    }

    /// The value as a [`serde_json::Value`], parsed from its text (for small values,
    /// messages and comparisons).
    pub fn to_value(&self) -> Value {
        // The text of a node is a JSON value serde_json has read once already.
        serde_json::from_str(self.raw()).unwrap_or(Value::Null)
    }
}

impl<'a> crate::model::JsonShape<'a> for JsonNode<'a> {
    fn member(self, key: &str) -> Option<Self> {
        self.get(key)
    }
    fn keys(self) -> Vec<Cow<'a, str>> {
        self.members().map(|(key, _)| key).collect()
    }
    fn string(self) -> Option<Cow<'a, str>> {
        self.as_str()
    }
    fn is_object(self) -> bool {
        JsonNode::is_object(&self)
    }
    fn is_array(self) -> bool {
        JsonNode::is_array(&self)
    }
    fn items(self) -> Vec<Self> {
        self.elements().collect()
    }
    fn described(self) -> &'static str {
        self.kind().described()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(text: &str) -> SourceMap {
        SourceMap::build(text.to_owned()).unwrap()
    }

    #[test]
    fn nodes_read_values_without_a_parsed_copy() {
        let map = map(
            r#" {"a": [1, -2.5e3, "x\"y", true, false, null], "b": {"c": {}}, "a\u0041": "k"} "#,
        );
        let root = map.root().unwrap();
        assert_eq!(root.kind(), JsonKind::Object);
        assert_eq!(root.len(), 3);
        let a = root.get("a").unwrap();
        let kinds: Vec<_> = a.elements().map(|e| e.kind()).collect();
        assert_eq!(
            kinds,
            [
                JsonKind::Number,
                JsonKind::Number,
                JsonKind::String,
                JsonKind::Bool,
                JsonKind::Bool,
                JsonKind::Null
            ]
        );
        assert_eq!(a.index(1).unwrap().as_number_text(), Some("-2.5e3"));
        assert_eq!(a.index(2).unwrap().as_str().as_deref(), Some("x\"y"));
        assert_eq!(a.index(3).unwrap().as_bool(), Some(true));
        assert!(a.index(6).is_none());
        assert_eq!(root.get("aA").unwrap().as_str().as_deref(), Some("k"));
        let keys: Vec<_> = root.members().map(|(k, _)| k.into_owned()).collect();
        assert_eq!(keys, ["a", "b", "aA"]);
        assert_eq!(map.pointer("/b/c").unwrap().raw(), "{}");
        assert_eq!(map.pointer("/a/2").unwrap().raw(), r#""x\"y""#);
        assert!(map.pointer("/a/02").is_none());
        assert!(map.pointer("/b/c/d").is_none());
        assert_eq!(
            root.to_value(),
            serde_json::from_str::<Value>(&map.text).unwrap()
        );
        assert_eq!(a.elements().count(), 6);
        assert_eq!(root.elements().count(), 0);
        assert_eq!(a.members().count(), 0);
    }

    #[test]
    fn scalar_roots_and_empty_containers() {
        for (text, kind) in [
            ("42", JsonKind::Number),
            ("\"s\"", JsonKind::String),
            ("[]", JsonKind::Array),
            ("{ }", JsonKind::Object),
            ("null", JsonKind::Null),
        ] {
            let map = map(text);
            let root = map.root().unwrap();
            assert_eq!(root.kind(), kind, "{text}");
            assert!(root.is_empty());
            assert_eq!(root.raw(), text.trim());
        }
    }
}

//! Semantic paths of changes: where a change is, by identity rather than position, e.g.
//! `rules[6c409270-…]/objectMappings[Synchronize users]/attributeMappings[mail]/source`.
//!
//! The differ builds a [`ChangePath`] of typed [`Segment`]s (a rule, an object
//! mapping, a directory, … with its key; or a property), and renderers read the
//! segments directly. As text (the JSON report's `path`, `--ignore` patterns) a path
//! is written in the syntax shared with validate's identity paths, which lives in
//! [`crate::identity::path`]; this module re-exports it.

use std::fmt;

use serde::{Serialize, Serializer};

pub use crate::identity::path::{SemanticPath, wildcard_match};

/// One step of a change's path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    /// A property, by name (`source`, `scope`, `schedule`).
    Field(String),
    /// A synchronization rule, by its key (`rules[…]`).
    Rule(String),
    /// An object mapping, by its key (`objectMappings[…]`).
    ObjectMapping(String),
    /// An attribute mapping, by its key (`attributeMappings[…]`).
    AttributeMapping(String),
    /// A directory definition, by its key (`directories[…]`).
    Directory(String),
    /// An element of another collection, by its key (`objects[user]`,
    /// `settings[…]`, `jobs[…]`).
    Entry {
        /// The collection's name in the path.
        collection: String,
        /// The element's key (`?` when it has none).
        key: String,
    },
}

impl Segment {
    /// The element `key` of the collection named `collection` in paths.
    pub fn entry(collection: &str, key: &str) -> Segment {
        let key = key.to_owned();
        match collection {
            "rules" => Segment::Rule(key),
            "objectMappings" => Segment::ObjectMapping(key),
            "attributeMappings" => Segment::AttributeMapping(key),
            "directories" => Segment::Directory(key),
            _ => Segment::Entry {
                collection: collection.to_owned(),
                key,
            },
        }
    }

    /// The collection an element belongs to; `None` for a property.
    pub fn collection(&self) -> Option<&str> {
        match self {
            Segment::Field(_) => None,
            Segment::Rule(_) => Some("rules"),
            Segment::ObjectMapping(_) => Some("objectMappings"),
            Segment::AttributeMapping(_) => Some("attributeMappings"),
            Segment::Directory(_) => Some("directories"),
            Segment::Entry { collection, .. } => Some(collection),
        }
    }

    /// The element's key; `None` for a property.
    pub fn key(&self) -> Option<&str> {
        match self {
            Segment::Field(_) => None,
            Segment::Rule(key)
            | Segment::ObjectMapping(key)
            | Segment::AttributeMapping(key)
            | Segment::Directory(key)
            | Segment::Entry { key, .. } => Some(key),
        }
    }

    /// `path` extended by this segment.
    fn extend(&self, path: &SemanticPath) -> SemanticPath {
        match (self, self.collection(), self.key()) {
            (Segment::Field(name), _, _) => path.field(name),
            (_, Some(collection), Some(key)) => path.entry(collection, key),
            _ => path.clone(),
        }
    }
}

impl fmt::Display for Segment {
    /// The segment as written in a path (`rules[…]`, keys quoted when needed).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.extend(&SemanticPath::root()).fmt(f)
    }
}

/// Where a change is: typed segments from the document down. Written (and
/// serialized) as its semantic path text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ChangePath(Vec<Segment>);

impl ChangePath {
    /// The empty path (the document itself).
    pub fn root() -> Self {
        ChangePath(Vec::new())
    }

    /// Extended by a property.
    #[must_use]
    pub fn field(&self, name: &str) -> Self {
        self.with(Segment::Field(name.to_owned()))
    }

    /// Extended by an element of a collection, identified by `key`.
    #[must_use]
    pub fn entry(&self, collection: &str, key: &str) -> Self {
        self.with(Segment::entry(collection, key))
    }

    fn with(&self, segment: Segment) -> Self {
        let mut segments = Vec::with_capacity(self.0.len() + 1);
        segments.extend_from_slice(&self.0);
        segments.push(segment);
        ChangePath(segments)
    }

    /// The segments.
    pub fn segments(&self) -> &[Segment] {
        &self.0
    }

    /// Whether the path's text is empty: the document (or a whole file), or a
    /// property with an empty name at the top.
    pub fn is_empty(&self) -> bool {
        match self.0.as_slice() {
            [] => true,
            [Segment::Field(name)] => name.is_empty(),
            _ => false,
        }
    }

    /// The path in the shared semantic-path syntax.
    pub fn to_semantic(&self) -> SemanticPath {
        self.0
            .iter()
            .fold(SemanticPath::root(), |path, segment| segment.extend(&path))
    }
}

impl fmt::Display for ChangePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.to_semantic().fmt(f)
    }
}

impl Serialize for ChangePath {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::{ChangePath, Segment};

    #[test]
    fn typed_segments_write_the_shared_syntax() {
        let path = ChangePath::root()
            .entry("rules", "r1")
            .entry("objectMappings", "Users")
            .entry("attributeMappings", "roles[primary eq \"True\"].value")
            .field("source");
        assert_eq!(
            path.to_string(),
            "rules[r1]/objectMappings[Users]/attributeMappings[\"roles[primary eq \\\"True\\\"].value\"]/source"
        );
        assert_eq!(
            path.segments().first(),
            Some(&Segment::Rule("r1".to_owned()))
        );
        assert_eq!(
            path.segments().get(2).and_then(Segment::key),
            Some("roles[primary eq \"True\"].value")
        );
        assert_eq!(
            ChangePath::root().entry("objects", "user").to_string(),
            "objects[user]"
        );
        assert!(ChangePath::root().is_empty());
        assert!(ChangePath::root().field("").is_empty());
        assert!(!ChangePath::root().field("").field("").is_empty());
        assert_eq!(ChangePath::root().to_string(), "");
    }
}

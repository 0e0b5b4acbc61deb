//! JSON pointers (RFC 6901): the stable address of a place in a document.
//!
//! Findings and changes are keyed by pointer; the source map turns a pointer into a
//! line and column. Tokens are escaped (`~0` for `~`, `~1` for `/`) when built and
//! unescaped when read.

use std::fmt;

use serde::{Serialize, Serializer};

/// An RFC 6901 JSON pointer such as `/synchronizationRules/0/objectMappings/1`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JsonPointer(String);

impl JsonPointer {
    /// The pointer to the whole document (`""`).
    pub fn root() -> Self {
        JsonPointer(String::new())
    }

    /// The pointer of a serde path (`a.b[3].c` as serde_path_to_error reports where a
    /// typed read failed); an unknown segment ends it.
    pub fn from_serde_path(path: &serde_path_to_error::Path) -> Self {
        use serde_path_to_error::Segment;
        let mut pointer = JsonPointer::root();
        for segment in path {
            pointer = match segment {
                Segment::Seq { index } => pointer.index(*index),
                Segment::Map { key } => pointer.key(key),
                Segment::Enum { variant } => pointer.key(variant),
                Segment::Unknown => break,
            };
        }
        pointer
    }

    /// Parses pointer text; it must be empty or start with `/`.
    pub fn parse(text: &str) -> Option<Self> {
        (text.is_empty() || text.starts_with('/')).then(|| JsonPointer(text.to_owned()))
    }

    /// This pointer extended by an object property name.
    #[must_use]
    pub fn key(&self, name: &str) -> Self {
        let mut text = String::with_capacity(self.0.len() + name.len() + 1);
        text.push_str(&self.0);
        text.push('/');
        for c in name.chars() {
            match c {
                '~' => text.push_str("~0"),
                '/' => text.push_str("~1"),
                c => text.push(c),
            }
        }
        JsonPointer(text)
    }

    /// This pointer extended by an array index.
    #[must_use]
    pub fn index(&self, index: usize) -> Self {
        JsonPointer(format!("{}/{index}", self.0))
    }

    /// The pointer text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The unescaped reference tokens, in order.
    pub fn tokens(&self) -> impl Iterator<Item = String> + '_ {
        tokens(&self.0)
    }
}

/// The unescaped reference tokens of pointer text (`""` has none).
pub fn tokens(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer
        .split('/')
        .skip(1)
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
}

impl fmt::Display for JsonPointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for JsonPointer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl From<JsonPointer> for String {
    fn from(pointer: JsonPointer) -> Self {
        pointer.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_round_trips() {
        let pointer = JsonPointer::root().key("a/b").index(3).key("m~n").key("");
        assert_eq!(pointer.as_str(), "/a~1b/3/m~0n/");
        let tokens: Vec<String> = pointer.tokens().collect();
        assert_eq!(tokens, ["a/b", "3", "m~n", ""]);
        assert_eq!(JsonPointer::root().tokens().count(), 0);
    }

    #[test]
    fn parse_requires_a_leading_slash() {
        assert!(JsonPointer::parse("/x").is_some());
        assert!(JsonPointer::parse("").is_some());
        assert!(JsonPointer::parse("x").is_none());
    }
}

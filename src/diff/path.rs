//! Semantic paths: where a change is, by identity rather than position, e.g.
//! `rules[6c409270-…]/objectMappings[Synchronize users]/attributeMappings[mail]/source`.
//!
//! A key containing `[`, `]`, `/` or `"` is written as a JSON string
//! (`attributeMappings["roles[primary eq \"True\"].value"]`), so a path can always be
//! split back into its segments.

use std::fmt;

/// A path of segments, each `name` or `name[key]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SemanticPath(Vec<String>);

fn needs_quoting(key: &str) -> bool {
    key.is_empty() || key.contains(['[', ']', '/', '"']) || key.trim() != key
}

fn quote(key: &str) -> String {
    if needs_quoting(key) {
        serde_json::to_string(key).unwrap_or_else(|_| format!("{key:?}"))
    } else {
        key.to_owned()
    }
}

impl SemanticPath {
    /// The empty path (the document itself).
    pub fn root() -> Self {
        SemanticPath(Vec::new())
    }

    /// Extended by a property.
    #[must_use]
    pub fn field(&self, name: &str) -> Self {
        let mut segments = self.0.clone();
        segments.push(name.to_owned());
        SemanticPath(segments)
    }

    /// Extended by an element of a collection, identified by `key`.
    #[must_use]
    pub fn entry(&self, collection: &str, key: &str) -> Self {
        let mut segments = self.0.clone();
        segments.push(format!("{collection}[{}]", quote(key)));
        SemanticPath(segments)
    }

    /// The segments.
    pub fn segments(&self) -> &[String] {
        &self.0
    }

    /// Whether the path is empty.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for SemanticPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join("/"))
    }
}

/// Whether `text` matches `pattern`, where `*` matches any run of characters
/// (slashes too) and everything else is literal — brackets included, since they
/// are part of every semantic path (`rules[*]/objectMappings[*]/attributeMappings[mail]`).
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let [first, middle @ .., last] = parts.as_slice() else {
        return pattern == text;
    };
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::{SemanticPath, wildcard_match};

    #[test]
    fn wildcards() {
        assert!(wildcard_match(
            "rules[*]/objectMappings[*]/attributeMappings[mail]",
            "rules[1]/objectMappings[Users]/attributeMappings[mail]"
        ));
        assert!(wildcard_match(
            "*[mail]*",
            "rules[1]/objectMappings[Users]/attributeMappings[mail]/source"
        ));
        assert!(!wildcard_match(
            "rules[*]/objectMappings[*]",
            "rules[1]/objectMappings[Users]/x"
        ));
        assert!(wildcard_match("exact", "exact"));
        assert!(!wildcard_match("a*b*c", "acb"));
        assert!(wildcard_match("a*a", "aa"));
        assert!(!wildcard_match("a*a", "a"));
    }

    #[test]
    fn keys_with_brackets_slashes_or_quotes_are_json_strings() {
        let path = SemanticPath::root()
            .entry("rules", "6c409270")
            .entry("attributeMappings", "roles[primary eq \"True\"].value")
            .field("source");
        assert_eq!(
            path.to_string(),
            "rules[6c409270]/attributeMappings[\"roles[primary eq \\\"True\\\"].value\"]/source"
        );
        assert_eq!(
            SemanticPath::root().entry("objects", "a/b").to_string(),
            "objects[\"a/b\"]"
        );
        assert_eq!(
            SemanticPath::root()
                .entry("objects", "urn:ietf:params:scim:schemas:core:2.0:User")
                .to_string(),
            "objects[urn:ietf:params:scim:schemas:core:2.0:User]"
        );
    }
}

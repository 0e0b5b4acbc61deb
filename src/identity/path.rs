//! Semantic paths: where something is, by identity rather than position, e.g.
//! `rules[6c409270-…]/objectMappings[Synchronize users]/attributeMappings[mail]/source`.
//! Diff locates its changes with them and validate its findings (`identityPath`), so
//! both speak the same syntax, and `--ignore` / `[[ignore]]` patterns match both.
//!
//! A key containing `[`, `]`, `/` or `"` is written as a JSON string
//! (`attributeMappings["roles[primary eq \"True\"].value"]`), so a path can always be
//! split back into its segments. An element of an array without identity keys (an
//! expression parameter, an operand value) is written by position, `parameters[#1]`;
//! one that lacks its key, `attributeMappings[?]` (as diff shows it).
//!
//! [`of_pointer`] turns a JSON pointer into the semantic path of the same place, over
//! the document's JSON tree, with the keys of [`crate::identity`].

use std::fmt;

use crate::identity::ElementIdentity;
use crate::load::JsonNode;
use crate::model::Kind;

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

    /// Extended by an element of a collection that has no identity, by position
    /// (`parameters[#1]`).
    #[must_use]
    pub fn position(&self, collection: &str, index: usize) -> Self {
        let mut segments = self.0.clone();
        segments.push(format!("{collection}[#{index}]"));
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

/// The name diff gives the elements of the array held by property `collection`
/// (`rules[…]` for `synchronizationRules`, `jobs[…]` for a job list's `value`, …);
/// other arrays keep their property name.
fn collection_name(collection: &str, root_of: Option<Kind>) -> &str {
    match (collection, root_of) {
        ("synchronizationRules", _) => "rules",
        ("synchronizationJobSettings", _) => "settings",
        ("value", Some(Kind::JobList)) => "jobs",
        ("value", Some(Kind::TemplateList)) => "templates",
        ("value", Some(Kind::Secrets)) | ("credentials", Some(Kind::Credentials)) => "secrets",
        ("value", Some(Kind::Functions | Kind::FilterOperators)) => "entries",
        _ => collection,
    }
}

/// The semantic path of the place `pointer` names in a document of `kind` whose JSON
/// tree is `root`: each array element becomes `collection[key]` with the identity
/// keys of [`crate::identity`] (`directories[Active Directory]/objects[user]/
/// attributes[employeeID]/anchor`), `collection[?]` when it lacks its key (as in
/// diff), or `collection[#index]` when the array has no identity keys. Tokens
/// past the end of the tree (a missing property) are kept as properties, so every
/// pointer has a path; without a tree (a file that did not load) every token is one.
pub fn of_pointer(root: Option<JsonNode<'_>>, kind: Kind, pointer: &str) -> SemanticPath {
    let mut path = SemanticPath::root();
    let mut node = root;
    let mut tokens = crate::pointer::tokens(pointer);
    let mut at_root = true;
    while let Some(token) = tokens.next() {
        let root_of = at_root.then_some(kind);
        at_root = false;
        if let Some(array) = node.filter(JsonNode::is_array) {
            // An array inside an array (or a document that is one): by position.
            let element = array.child(&token);
            path = match token.parse::<usize>() {
                Ok(index) if element.is_some() => path.position("", index),
                _ => path.field(&token),
            };
            node = element;
            continue;
        }
        let child = node.and_then(|n| n.child(&token));
        let Some(array) = child.filter(JsonNode::is_array) else {
            path = path.field(&token);
            node = child;
            continue;
        };
        let Some(index_token) = tokens.next() else {
            path = path.field(&token);
            break;
        };
        let element = array.child(&index_token);
        let collection = collection_name(&token, root_of);
        let identity = element.map(|e| crate::identity::of_element(&token, root_of, e));
        path = match (identity, index_token.parse::<usize>()) {
            (Some(ElementIdentity::Key(key)), _) => path.entry(collection, &key.label),
            // Like diff: the key is what identifies it, and it has none.
            (Some(ElementIdentity::Missing), _) => path.entry(collection, "?"),
            (Some(ElementIdentity::Position), Ok(index)) => path.position(collection, index),
            _ => path.field(&token).field(&index_token),
        };
        node = element;
    }
    path
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
    use super::{SemanticPath, of_pointer, wildcard_match};
    use crate::model::Kind;

    fn path_of(text: &str, kind: Kind, pointer: &str) -> String {
        let source = crate::load::SourceMap::build(text.to_owned()).unwrap();
        of_pointer(source.root(), kind, pointer).to_string()
    }

    #[test]
    fn pointers_become_paths_by_identity() {
        let schema = r#"{"directories": [{"name": "AD", "objects": [{"name": "user",
            "attributes": [{"name": "cn"}, {"name": "a/b"}]}]}],
            "synchronizationRules": [{"id": "r1", "objectMappings": [{"name": "",
            "sourceObjectName": "user", "targetObjectName": "User", "attributeMappings": [
            {"targetAttributeName": "mail", "source": {"parameters": [{"key": "x"}]}},
            {"source": {}}]}]}]}"#;
        assert_eq!(
            path_of(
                schema,
                Kind::Schema,
                "/directories/0/objects/0/attributes/1/anchor"
            ),
            "directories[AD]/objects[user]/attributes[\"a/b\"]/anchor"
        );
        assert_eq!(
            path_of(
                schema,
                Kind::Schema,
                "/synchronizationRules/0/objectMappings/0/attributeMappings/0/source/parameters/0/key"
            ),
            "rules[r1]/objectMappings[user -> User]/attributeMappings[mail]/source/parameters[#0]/key"
        );
        assert_eq!(
            path_of(
                schema,
                Kind::Schema,
                "/synchronizationRules/0/objectMappings/0/attributeMappings/1"
            ),
            "rules[r1]/objectMappings[user -> User]/attributeMappings[?]"
        );
        assert_eq!(
            path_of(schema, Kind::Schema, "/directories/0/missing/3"),
            "directories[AD]/missing/3"
        );
        assert_eq!(path_of(schema, Kind::Schema, "/directories"), "directories");
        assert_eq!(path_of(schema, Kind::Schema, ""), "");
        let jobs = r#"{"value": [{"id": "j1", "synchronizationJobSettings": [{"name": "s"}]}]}"#;
        assert_eq!(
            path_of(
                jobs,
                Kind::JobList,
                "/value/0/synchronizationJobSettings/0/value"
            ),
            "jobs[j1]/settings[s]/value"
        );
        let secrets = r#"{"value": [{"key": "SecretToken", "value": "x"}]}"#;
        assert_eq!(
            path_of(secrets, Kind::Secrets, "/value/0/value"),
            "secrets[SecretToken]/value"
        );
        assert_eq!(of_pointer(None, Kind::Unknown, "/a/0").to_string(), "a/0");
    }

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

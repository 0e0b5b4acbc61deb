//! Semantic paths: where a change is, by identity rather than position, e.g.
//! `rules[6c409270-…]/objectMappings[Synchronize users]/attributeMappings[mail]/source`.
//! The syntax is shared with validate's identity paths and lives in
//! [`crate::identity::path`]; this module re-exports it for diff.

pub use crate::identity::path::{SemanticPath, wildcard_match};

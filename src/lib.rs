//! synclens reads, validates and compares the documents that configure Microsoft Entra
//! ID provisioning: synchronization schemas, jobs, templates and the Graph collections
//! they come in.
//!
//! The crate is organised by domain:
//! - [`choice`]: closed sets of named values the command line offers (kinds, formats);
//! - [`canonical`]: the canonical form `synclens fmt` writes (sorted order-free arrays,
//!   fixed layout);
//! - [`expr`]: attribute-mapping expressions: parser, printer, function catalog, and
//!   the bridge to the structured source tree;
//! - [`model`]: typed, lossless serde models of the Graph synchronization API;
//! - [`dotnet_regex`]: the .NET regular-expression grammar (would .NET's `Regex`
//!   accept a pattern?), used by validation and the evaluator;
//! - [`diff`]: semantic changes between documents, matched by identity, classified by risk;
//! - [`escape`]: text from documents and servers made safe for a terminal;
//! - `fetch`: read-only Microsoft Graph client that pulls jobs, schemas and templates
//!   into a folder (`synclens fetch`), and live schemas for `synclens diff` (the
//!   `fetch` cargo feature, on by default);
//! - [`format`](mod@format): `synclens fmt`'s job on one input (canonical form, checked by reading it back);
//! - [`fs`]: atomic file writes;
//! - [`identity`]: what makes two array elements the same entity (diff matches and fmt
//!   sorts by it);
//! - [`inspect`]: what `synclens inspect` reports about a document;
//! - [`load`]: bytes to a typed document (encodings, PowerShell exports read as Graph's
//!   JSON, kind detection, source map);
//! - [`render`]: reports as text for people, CI systems and machines;
//! - [`preview`]: what an object mapping does to each object of a sample, streamed;
//! - [`pointer`](mod@pointer): JSON pointers, the stable address of every finding and change;
//! - [`schema_gen`]: the JSON Schemas generated from the models;
//! - [`schemas`]: every committed schema file (document kinds and report formats);
//! - [`text`]: wording shared by messages and reports (plurals);
//! - [`testfile`]: mapping test files (`*.test.json`), as `synclens test` runs them;
//! - [`validate`]: findings with stable codes, severities and locations.
//!
//! The library never prints and knows nothing of the command line.
//!
//! ```
//! use std::path::Path;
//! use synclens::load::{load_bytes, LoadOptions};
//! use synclens::model::{Document, Kind};
//!
//! let text = br#"{"directories": [{"name": "Azure Active Directory", "objects": []}],
//!                 "synchronizationRules": [], "someLegacyField": 1}"#;
//! let loaded = load_bytes(Path::new("schema.json"), text.to_vec(), LoadOptions::default())?;
//! assert_eq!(loaded.kind(), Kind::Schema);
//! let Document::Schema(schema) = &loaded.document else { unreachable!() };
//! assert_eq!(schema.directories()[0].name.as_str(), Some("Azure Active Directory"));
//! // Unknown properties are kept: writing the document back loses nothing.
//! assert_eq!(loaded.document.to_value(), loaded.to_value());
//! # Ok::<(), synclens::load::LoadError>(())
//! ```

pub mod canonical;
pub mod choice;
pub mod diff;
pub mod dotnet_regex;
pub mod escape;
pub mod expr;
#[cfg(feature = "fetch")]
pub mod fetch;
pub mod format;
pub mod fs;
pub mod identity;
pub mod inspect;
pub mod load;
pub mod model;
pub mod pointer;
pub mod preview;
pub mod render;
pub mod schema_gen;
pub mod schemas;
pub mod testfile;
pub mod text;
pub mod validate;

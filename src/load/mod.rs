//! Loading a document: bytes → text → source map (the JSON tree over the text) →
//! kind → typed model, keeping everything a later stage needs: the text with its
//! source map, which is also the document's JSON tree ([`JsonNode`]), and the typed
//! document. No `serde_json::Value` of the whole document is built: the typed model is
//! read straight from the text, so memory stays near three times the input.
//!
//! Between the source map and the kind, a PowerShell export (a Graph PowerShell SDK
//! dump, or a dump `ConvertTo-Json` cut off at its depth) is rewritten into Graph's
//! own JSON ([`powershell`]); its source map keeps the original text, so lines and
//! columns stay those of the file.
//!
//! Every failure is a [`LoadError`] naming the file, the line and column (and the JSON
//! pointer where there is one), and what to do. Nothing here panics on any input.

mod decode;
pub mod inputs;
mod node;
pub mod powershell;
mod schema_of;
mod source_map;
mod syntax;

use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

pub use decode::Encoding;
pub use node::{JsonKind, JsonNode};
pub use powershell::{PowerShellExport, Truncation};
pub use schema_of::{SchemaOfError, schema_in, schema_of};
pub use source_map::{Location, ScanProblem, SourceMap};
pub use syntax::Excerpt;

use crate::model::{Document, Kind};

/// A loaded document with everything needed to report on it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The path as given (`-` for standard input).
    pub path: PathBuf,
    /// The encoding the file was read in.
    pub encoding: Encoding,
    /// Whether lines end in `\r\n`.
    pub crlf: bool,
    /// The decoded text, its pointer-to-position index and JSON tree.
    pub source: SourceMap,
    /// The typed document.
    pub document: Document,
    /// For [`Kind::Unknown`]: what the JSON looks like and what to do; for a
    /// truncated PowerShell export, what was lost.
    pub note: Option<String>,
    /// For a PowerShell export rewritten into Graph's form: what it was (see
    /// [`powershell`]). The source map then holds the original text.
    pub powershell: Option<PowerShellExport>,
}

impl Loaded {
    /// The document's kind.
    pub fn kind(&self) -> Kind {
        self.document.kind()
    }

    /// Where the value at `pointer` starts (or its nearest existing ancestor).
    pub fn locate(&self, pointer: &str) -> Location {
        self.source.locate_nearest(pointer).0
    }

    /// The values a PowerShell `ConvertTo-Json` cut off, when there are any.
    pub fn truncation(&self) -> Option<&Truncation> {
        self.powershell.as_ref()?.truncation.as_ref()
    }

    /// Refuses a document whose PowerShell export lost values to `ConvertTo-Json`'s
    /// depth limit (what `fmt` and `diff` would write or compare is not the
    /// configuration).
    #[allow(
        clippy::result_large_err,
        reason = "one error per file, on the error path; boxing LoadError would change every caller"
    )]
    pub fn require_complete(&self) -> Result<(), LoadError> {
        match self.truncation() {
            None => Ok(()),
            Some(truncation) => Err(LoadError {
                path: self.path.clone(),
                location: Some(truncation.location),
                pointer: Some(truncation.pointer.clone()),
                excerpt: Some(Box::new(syntax::excerpt(
                    self.source.original_text(),
                    truncation.location.offset,
                ))),
                kind: LoadErrorKind::Truncated {
                    count: truncation.count,
                    sample: truncation.sample.clone(),
                },
            }),
        }
    }

    /// The document's root value, read from the text.
    pub fn root(&self) -> Option<JsonNode<'_>> {
        self.source.root()
    }

    /// The whole document as a [`Value`], parsed from the text (a copy built on
    /// request; nothing in loading or validation needs one).
    pub fn to_value(&self) -> Value {
        self.root().map_or(Value::Null, |root| root.to_value())
    }
}

/// Why a file could not be loaded, and where.
#[derive(Debug)]
pub struct LoadError {
    /// The file.
    pub path: PathBuf,
    /// Where in the file, when known.
    pub location: Option<Location>,
    /// The JSON pointer of the offending value, when known.
    pub pointer: Option<String>,
    /// What went wrong.
    pub kind: LoadErrorKind,
    /// The source line at [`Self::location`], with credential-looking values masked.
    pub excerpt: Option<Box<Excerpt>>,
}

/// What went wrong while loading a file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadErrorKind {
    /// The file could not be read.
    #[error("cannot read the file: {0}")]
    Read(#[source] std::io::Error),
    /// The file holds no JSON at all.
    #[error("the file is empty; expected a JSON document")]
    Empty,
    /// The bytes are not text in a supported encoding.
    #[error("{0}")]
    Encoding(String),
    /// The text is not valid JSON.
    #[error("invalid JSON: {message}{}", hint.map(|h| format!("; {h}")).unwrap_or_default())]
    Syntax {
        /// The parser's message.
        message: String,
        /// What usually causes it.
        hint: Option<&'static str>,
    },
    /// One object has the same key twice.
    #[error(
        "duplicate key \"{key}\" (first at line {}, column {}); a JSON parser keeps only \
         one of them, so remove or rename the other",
        first.line, first.column
    )]
    DuplicateKey {
        /// The key.
        key: String,
        /// Where the first occurrence is.
        first: Location,
    },
    /// An integer beyond the 64-bit range.
    #[error(
        "the number {text} is beyond the 64-bit range: Graph's Int64 cannot hold it and \
         a JSON parser would silently round it; correct the value"
    )]
    NumberOutOfRange {
        /// The number as written.
        text: String,
    },
    /// The input is larger than [`MAX_INPUT_BYTES`].
    #[error(
        "the input is too large: {size} bytes or more, and synclens reads at most \
         {MAX_INPUT_BYTES} bytes (256 MiB); no synchronization document comes near that"
    )]
    TooLarge {
        /// The size seen (at least this many bytes).
        size: u64,
    },
    /// A PowerShell export that `ConvertTo-Json` cut off at its depth limit.
    #[error(
        "the file is a PowerShell export cut off by ConvertTo-Json's depth limit: {count} \
         value(s) are text such as \"{sample}\" instead of objects or arrays; export it again \
         with `ConvertTo-Json -Depth 100` (or use `synclens fetch`)"
    )]
    Truncated {
        /// How many values were cut off.
        count: usize,
        /// The first of them, without values.
        sample: String,
    },
    /// The JSON does not have the shape of its kind where the model cannot keep it.
    #[error("not a valid {kind} document: {message}")]
    Model {
        /// The kind it was read as.
        kind: Kind,
        /// What the typed reader expected.
        message: String,
    },
}

impl LoadErrorKind {
    /// What went wrong, without the hint that [`Self::hint`] gives (the `Display`
    /// text is both, in one line).
    pub fn summary(&self) -> String {
        match self {
            LoadErrorKind::Syntax { message, .. } => format!("invalid JSON: {message}"),
            other => other.to_string(),
        }
    }

    /// What usually causes the error and what to do, where [`Self::summary`] does not
    /// say it.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            LoadErrorKind::Syntax { hint, .. } => *hint,
            LoadErrorKind::Empty => {
                Some("an empty file is not a document: export it again, or remove the file")
            }
            _ => None,
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(location) = self.location {
            write!(f, ":{}:{}", location.line, location.column)?;
        }
        write!(f, ": {}", self.kind)?;
        if let Some(pointer) = self.pointer.as_deref().filter(|p| !p.is_empty()) {
            write!(f, " (at {pointer})")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            LoadErrorKind::Read(error) => Some(error),
            _ => None,
        }
    }
}

impl LoadError {
    fn new(path: &Path, kind: LoadErrorKind) -> Self {
        LoadError {
            path: path.to_owned(),
            location: None,
            pointer: None,
            kind,
            excerpt: None,
        }
    }
}

/// Options for loading.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Read the document as this kind instead of detecting it.
    pub kind: Option<Kind>,
}

/// The largest input synclens loads: 256 MiB. The largest real export is a few
/// megabytes; loading keeps the text, its source map and the typed model, about three
/// times the input, so this bounds memory at about a gigabyte.
pub const MAX_INPUT_BYTES: usize = 256 << 20;

/// Decodes bytes as synclens reads every input (UTF-8 with or without BOM, UTF-16
/// with or without BOM); the error says what is wrong and what to do.
pub fn decode_text(bytes: Vec<u8>) -> Result<(String, Encoding), String> {
    decode::decode(bytes).map_err(|error| error.message)
}

/// Reads at most [`MAX_INPUT_BYTES`] + 1 bytes from `reader` — enough for
/// [`load_bytes`] to tell that an input is too large without reading all of it.
pub fn read_limited(reader: impl std::io::Read) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Reads a file for loading: at most [`MAX_INPUT_BYTES`] + 1 bytes.
pub fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    read_open_file(std::fs::File::open(path)?)
}

/// Reads at most [`MAX_INPUT_BYTES`] + 1 bytes of a file into a buffer sized from its
/// metadata, so the buffer is not grown by doubling (up to twice the file) on the way.
fn read_open_file(file: std::fs::File) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let expected = file
        .metadata()
        .map_or(0, |metadata| usize::try_from(metadata.len()).unwrap_or(0))
        .min(MAX_INPUT_BYTES);
    let mut bytes = Vec::with_capacity(expected + 1);
    file.take(MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Reads and loads a file; a file larger than [`MAX_INPUT_BYTES`] is refused before
/// it is read.
#[allow(
    clippy::result_large_err,
    reason = "one error per file, on the error path; boxing LoadError would change every caller"
)]
pub fn load_path(path: &Path, options: LoadOptions) -> Result<Loaded, LoadError> {
    let read_error = |error| LoadError::new(path, LoadErrorKind::Read(error));
    let file = std::fs::File::open(path).map_err(read_error)?;
    if let Ok(metadata) = file.metadata()
        && metadata.len() > MAX_INPUT_BYTES as u64
    {
        return Err(LoadError::new(
            path,
            LoadErrorKind::TooLarge {
                size: metadata.len(),
            },
        ));
    }
    let bytes = read_open_file(file).map_err(read_error)?;
    load_bytes(path, bytes, options)
}

/// Loads a document from its bytes; `path` is used in messages only. More than
/// [`MAX_INPUT_BYTES`] is refused.
#[allow(
    clippy::result_large_err,
    reason = "one error per file, on the error path; boxing LoadError would change every caller"
)]
pub fn load_bytes(path: &Path, bytes: Vec<u8>, options: LoadOptions) -> Result<Loaded, LoadError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(LoadError::new(
            path,
            LoadErrorKind::TooLarge {
                size: bytes.len() as u64,
            },
        ));
    }
    let (text, encoding) = decode::decode(bytes).map_err(|error| LoadError {
        location: Some(syntax::location_at(&error.prefix, error.prefix.len())),
        // Nothing to show when decoding stopped at the first byte.
        excerpt: (!error.prefix.is_empty())
            .then(|| Box::new(syntax::excerpt(&error.prefix, error.prefix.len()))),
        ..LoadError::new(path, LoadErrorKind::Encoding(error.message))
    })?;
    if text.trim_matches([' ', '\t', '\n', '\r']).is_empty() {
        return Err(LoadError::new(path, LoadErrorKind::Empty));
    }
    let crlf = text.contains("\r\n");
    // The scan checks the structure and builds the tree; serde_json checks every
    // string and number while the typed document is read. A problem the scan finds is
    // reported only when serde_json accepts the text, so a syntax error, which says
    // more, comes first. (Only these error paths parse a whole `Value`: serde_json's
    // messages for a value say more than those of its skipping parser.)
    let source = match SourceMap::scan(text) {
        Ok(source) => source,
        Err((text, problem)) => {
            if let Err(syntax) = serde_json::from_str::<Value>(&text) {
                return Err(syntax_error(path, &text, &syntax));
            }
            return Err(scan_error(path, &text, problem));
        }
    };
    let (source, powershell) = powershell::normalize(source, options.kind).map_err(|conflict| {
        let pointer = crate::pointer::JsonPointer::parse(&conflict.object_pointer)
            .map_or(conflict.object_pointer, |p| p.key(&conflict.key).into());
        LoadError {
            path: path.to_owned(),
            location: Some(conflict.second),
            pointer: Some(pointer),
            kind: LoadErrorKind::DuplicateKey {
                key: conflict.key,
                first: conflict.first,
            },
            // The text went into the rewrite; the location names the line.
            excerpt: None,
        }
    })?;
    let text = source.text();
    let detection = match options.kind {
        Some(kind) => crate::model::Detection { kind, note: None },
        None => source
            .root()
            .map_or_else(|| Kind::detect(&Value::Null), Kind::detect),
    };
    let document = Document::from_text(detection.kind, text).map_err(|error| {
        if error.path.is_none() {
            return syntax_error(path, text, &error.error);
        }
        if let Err(syntax) = serde_json::from_str::<Value>(text) {
            return syntax_error(path, text, &syntax);
        }
        let pointer = error.path.as_ref().map(path_to_pointer).unwrap_or_default();
        let location = source.locate_nearest(&pointer).0;
        LoadError {
            path: path.to_owned(),
            location: Some(location),
            pointer: Some(pointer),
            kind: LoadErrorKind::Model {
                kind: detection.kind,
                message: error.error.to_string(),
            },
            excerpt: Some(Box::new(syntax::excerpt(
                source.original_text(),
                location.offset,
            ))),
        }
    })?;
    let note = match powershell
        .as_ref()
        .and_then(|export| export.truncation.as_ref())
    {
        Some(truncation) => Some(format!(
            "a PowerShell export cut off by ConvertTo-Json's depth limit: {} value(s) lost \
             (the first at line {}); export it again with `ConvertTo-Json -Depth 100`",
            truncation.count, truncation.location.line
        )),
        None => detection.note,
    };
    Ok(Loaded {
        path: path.to_owned(),
        encoding,
        crlf,
        source,
        document,
        note,
        powershell,
    })
}

/// A syntax error at the place a person would fix, with a hint and the line.
fn syntax_error(path: &Path, text: &str, error: &serde_json::Error) -> LoadError {
    let diagnosis = syntax::diagnose(text, error);
    LoadError {
        location: Some(syntax::location_at(text, diagnosis.offset)),
        excerpt: Some(Box::new(syntax::excerpt(text, diagnosis.offset))),
        ..LoadError::new(
            path,
            LoadErrorKind::Syntax {
                message: diagnosis.message,
                hint: diagnosis.hint,
            },
        )
    }
}

fn scan_error(path: &Path, text: &str, problem: ScanProblem) -> LoadError {
    let excerpt = |location: Location| Some(Box::new(syntax::excerpt(text, location.offset)));
    match problem {
        ScanProblem::DuplicateKey {
            key,
            object_pointer,
            first,
            second,
        } => {
            let pointer = crate::pointer::JsonPointer::parse(&object_pointer)
                .map_or(object_pointer, |p| p.key(&key).into());
            LoadError {
                path: path.to_owned(),
                location: Some(second),
                pointer: Some(pointer),
                kind: LoadErrorKind::DuplicateKey { key, first },
                excerpt: excerpt(second),
            }
        }
        ScanProblem::NumberOutOfRange {
            text: number,
            pointer,
            location,
        } => LoadError {
            path: path.to_owned(),
            location: Some(location),
            pointer: Some(pointer),
            kind: LoadErrorKind::NumberOutOfRange { text: number },
            excerpt: excerpt(location),
        },
        ScanProblem::TooLarge { size } => {
            LoadError::new(path, LoadErrorKind::TooLarge { size: size as u64 })
        }
        ScanProblem::TooDeep { location } => LoadError {
            location: Some(location),
            excerpt: excerpt(location),
            ..LoadError::new(
                path,
                LoadErrorKind::Syntax {
                    message: "recursion limit exceeded".to_owned(),
                    hint: syntax::hint_for("recursion limit exceeded"),
                },
            )
        },
        // The scan and serde_json disagree on the text: serde_json accepted it.
        ScanProblem::Malformed { location } => LoadError {
            location: Some(location),
            excerpt: excerpt(location),
            ..LoadError::new(
                path,
                LoadErrorKind::Syntax {
                    message: "unexpected character".to_owned(),
                    hint: None,
                },
            )
        },
    }
}

/// A serde path (`a.b[3].c`) as JSON pointer text.
fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    crate::pointer::JsonPointer::from_serde_path(path).into()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Texts of JSON tokens, well-formed or not.
    fn token_soup() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            proptest::sample::select(vec![
                "{",
                "}",
                "[",
                "]",
                ",",
                ":",
                "\"a\"",
                "\"b\\\"\"",
                "\"\\u00e9\"",
                "\"\\q\"",
                "1",
                "-2.5e3",
                "01",
                "1.",
                "-",
                "18446744073709551616",
                "true",
                "fals",
                "null",
                " ",
                "\n",
                "\"",
                "\\",
                "x",
                "\"directories\"",
            ]),
            0..20,
        )
        .prop_map(|parts| parts.concat())
    }

    /// Syntax errors are serde_json's, at serde_json's place; what the scan accepts
    /// serde_json accepts, and the tree holds what serde_json reads.
    fn agrees_with_serde_json(text: &str, options: LoadOptions) -> Result<(), TestCaseError> {
        let parsed = serde_json::from_str::<Value>(text);
        let loaded = load_bytes(Path::new("t.json"), text.as_bytes().to_vec(), options);
        match (parsed, loaded) {
            (Ok(value), Ok(loaded)) => prop_assert_eq!(loaded.to_value(), value),
            (Ok(_), Err(error)) => prop_assert!(
                matches!(
                    error.kind,
                    LoadErrorKind::DuplicateKey { .. }
                        | LoadErrorKind::NumberOutOfRange { .. }
                        | LoadErrorKind::Empty
                        | LoadErrorKind::Model { .. }
                ),
                "{text:?}: serde_json reads it, load says {error}"
            ),
            (Err(expected), Err(error)) => {
                if !matches!(error.kind, LoadErrorKind::Empty) {
                    prop_assert!(
                        matches!(error.kind, LoadErrorKind::Syntax { .. }),
                        "{text:?}: {error}"
                    );
                    // A missing or trailing comma, a truncated file and a line break
                    // in a string are shown where the fix goes, at or before
                    // serde_json's line.
                    let line = error.location.map(|l| l.line as usize);
                    let moved = [
                        "expected `,`",
                        "trailing comma",
                        "EOF while",
                        "control character",
                    ]
                    .iter()
                    .any(|needle| error.to_string().contains(needle));
                    // serde_json's column 0 is the line break ending the line before.
                    let at_break = expected.column() == 0
                        && line.is_some_and(|line| line + 1 == expected.line());
                    prop_assert!(
                        line == Some(expected.line())
                            || at_break
                            || (moved && line.is_some_and(|line| line <= expected.line())),
                        "{:?}: {} vs {}",
                        text,
                        error,
                        expected
                    );
                }
            }
            (Err(expected), Ok(_)) => {
                prop_assert!(
                    false,
                    "{text:?}: serde_json refuses it ({expected}), load reads it"
                );
            }
        }
        Ok(())
    }

    /// Any JSON value (small).
    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::from),
            "[a-z\"\\\\é\n]{0,4}".prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 32, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                proptest::collection::btree_map("[a-c\"/~]{0,2}", inner, 0..4)
                    .prop_map(|members| Value::Object(members.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn the_scan_and_serde_json_agree_on_any_text(text in token_soup()) {
            agrees_with_serde_json(&text, LoadOptions { kind: Some(Kind::Unknown) })?;
            agrees_with_serde_json(&text, LoadOptions::default())?;
        }

        #[test]
        fn every_json_value_loads_and_reads_back_from_its_tree(value in json_value(), pretty: bool) {
            let text = if pretty {
                serde_json::to_string_pretty(&value)
            } else {
                serde_json::to_string(&value)
            }
            .expect("serialises");
            let loaded = load_bytes(Path::new("t.json"), text.clone().into_bytes(), LoadOptions::default())
                .map_err(|error| TestCaseError::fail(format!("{text}: {error}")))?;
            prop_assert_eq!(loaded.to_value(), value.clone());
            // Every pointer into the value resolves to the same value in the tree.
            let mut pending = vec![(String::new(), &value)];
            while let Some((pointer, expected)) = pending.pop() {
                let node = loaded.source.pointer(&pointer);
                let read = node.map(|n| n.to_value());
                prop_assert_eq!(read.as_ref(), Some(expected), "{}", pointer);
                match expected {
                    Value::Array(items) => pending.extend(
                        items.iter().enumerate().map(|(i, item)| (format!("{pointer}/{i}"), item)),
                    ),
                    Value::Object(members) => pending.extend(members.iter().map(|(key, item)| {
                        (format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1")), item)
                    })),
                    _ => {}
                }
            }
        }
    }

    #[test]
    fn malformed_texts_get_serde_json_messages() {
        for (text, message) in [
            ("{\"a\": 1,}", "trailing comma"),
            ("[1 2]", "expected `,` or `]`"),
            ("{\"a\" 1}", "expected `:`"),
            ("{\"a\": 1]", "expected `,` or `}`"),
            ("[tru]", "expected ident"),
            ("\"open", "EOF while parsing a string"),
            ("[1] x", "trailing characters"),
            ("{\"a\": \"\\q\"}", "invalid escape"),
        ] {
            let error = load_bytes(
                Path::new("t.json"),
                text.as_bytes().to_vec(),
                LoadOptions::default(),
            )
            .unwrap_err();
            assert!(
                matches!(&error.kind, LoadErrorKind::Syntax { message: m, .. } if m.contains(message)),
                "{text}: {error}"
            );
        }
    }

    #[test]
    fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("huge.json");
        // Sparse: no disk space and no read needed.
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(MAX_INPUT_BYTES as u64 + 1).unwrap();
        let error = load_path(&path, LoadOptions::default()).unwrap_err();
        assert!(
            matches!(error.kind, LoadErrorKind::TooLarge { size } if size == MAX_INPUT_BYTES as u64 + 1)
        );
        let message = error.to_string();
        assert!(
            message.contains("268435457 bytes") && message.contains("256 MiB"),
            "{message}"
        );
        assert!(
            message.starts_with(&path.display().to_string()),
            "{message}"
        );
    }

    #[test]
    fn nesting_past_the_parser_limit_is_a_located_error() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let error = load_bytes(
            Path::new("deep.json"),
            deep.into_bytes(),
            LoadOptions::default(),
        )
        .unwrap_err();
        let message = error.to_string();
        assert!(message.contains("deeper than 128 levels"), "{message}");
        assert_eq!(error.location.map(|l| (l.line, l.column)), Some((1, 128)));
    }
}

//! `synclens fmt`'s job on one input: the bytes loaded, a PowerShell export cut off
//! at `ConvertTo-Json`'s depth limit refused, the document put in canonical form
//! ([`crate::canonical`]), and the safety net: the canonical text must load back as
//! the same document, or nothing is to be written. Where the text goes (the file,
//! atomically; standard output) is the caller's choice.
//!
//! ```
//! use std::path::Path;
//! use synclens::format::{FormatOptions, Formatted, format_bytes};
//!
//! let text = br#"{"directories": [{"name": "b"}, {"name": "A"}], "id": "s"}"#;
//! let Formatted::Canonical { text, changed } =
//!     format_bytes(Path::new("schema.json"), text, FormatOptions::default())?
//! else {
//!     unreachable!("a schema is a document")
//! };
//! assert!(changed);
//! assert!(text.starts_with("{\n  \"id\": \"s\",\n  \"directories\": [\n"));
//! # Ok::<(), synclens::format::FormatError>(())
//! ```

use std::path::{Path, PathBuf};

use crate::canonical::{UTF8_BOM, canonical_text, canonicalize};
use crate::load::{LoadError, LoadOptions, Loaded, load_bytes};
use crate::model::{Document, Kind};

/// How to format.
#[derive(Debug, Clone, Copy, Default)]
pub struct FormatOptions {
    /// Start the text with a UTF-8 byte order mark (Windows PowerShell 5.1 reads
    /// files without one as ANSI).
    pub bom: bool,
}

/// What formatting one input gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Formatted {
    /// Not a synchronization document: nothing to format (the caller passes it
    /// through or skips it).
    NotADocument,
    /// The canonical text, and whether it differs from the input's bytes.
    Canonical {
        /// The canonical text (with the byte order mark when asked).
        text: String,
        /// Whether `text` differs from the input.
        changed: bool,
    },
}

/// Why an input cannot be formatted. The input is never to be overwritten then.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// The input does not load, or is a PowerShell export cut off at its depth limit
    /// (formatting it would write what is left as if it were the configuration).
    #[error("{0}")]
    Load(Box<LoadError>),
    /// The safety net caught a canonical text that does not load back as the same
    /// document.
    #[error(
        "{}: the canonical form would not read back as the same document; left \
         unchanged (please report this)",
        path.display()
    )]
    NotStable {
        /// The input.
        path: PathBuf,
    },
}

impl From<LoadError> for FormatError {
    fn from(error: LoadError) -> Self {
        FormatError::Load(Box::new(error))
    }
}

/// Formats the bytes of `path` (see the module documentation).
pub fn format_bytes(
    path: &Path,
    original: &[u8],
    options: FormatOptions,
) -> Result<Formatted, FormatError> {
    let loaded = load_bytes(path, original.to_vec(), LoadOptions::default())?;
    loaded.require_complete()?;
    let kind = loaded.kind();
    if kind == Kind::Unknown {
        return Ok(Formatted::NotADocument);
    }
    // Memory: the input's text and source map are freed before the canonical text is
    // built, and the text is read back without a copy (it is taken back from the
    // re-read), so the peak is the input bytes, two typed documents and one text.
    let mut document = into_document(loaded);
    canonicalize(&mut document);
    let text = canonical_text(&document);
    let reread = load_bytes(path, text.into_bytes(), LoadOptions { kind: Some(kind) });
    let mut text = match reread {
        Ok(reread) => {
            let mut again = reread.document;
            canonicalize(&mut again);
            let same = again == document;
            drop((again, document));
            same.then(|| reread.source.into_text())
        }
        Err(_) => None,
    }
    .ok_or_else(|| FormatError::NotStable {
        path: path.to_path_buf(),
    })?;
    if options.bom {
        text.insert_str(0, UTF8_BOM);
    }
    let changed = text.as_bytes() != original;
    Ok(Formatted::Canonical { text, changed })
}

/// The typed document of a load; the text and source map are freed here.
fn into_document(loaded: Loaded) -> Document {
    loaded.document
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(text: &str, options: FormatOptions) -> Result<Formatted, FormatError> {
        format_bytes(Path::new("x.json"), text.as_bytes(), options)
    }

    #[test]
    fn canonical_text_is_unchanged_and_a_bom_changes_it() {
        let Ok(Formatted::Canonical { text, changed }) = format(
            r#"{"id": "s", "directories": []}"#,
            FormatOptions::default(),
        ) else {
            panic!("a schema formats");
        };
        assert!(changed);
        assert_eq!(
            format(&text, FormatOptions::default()).ok(),
            Some(Formatted::Canonical {
                text: text.clone(),
                changed: false
            })
        );
        let Ok(Formatted::Canonical {
            text: with_bom,
            changed,
        }) = format(&text, FormatOptions { bom: true })
        else {
            panic!("a schema formats");
        };
        assert!(changed);
        assert_eq!(with_bom.strip_prefix(UTF8_BOM), Some(text.as_str()));
    }

    #[test]
    fn other_json_is_not_a_document_and_bad_json_an_error_naming_the_file() {
        assert_eq!(
            format(r#"{"name": "package"}"#, FormatOptions::default()).ok(),
            Some(Formatted::NotADocument)
        );
        let error = format("{\"id\": ", FormatOptions::default()).expect_err("cut JSON");
        assert!(matches!(error, FormatError::Load(_)));
        assert!(error.to_string().contains("x.json"), "{error}");
    }
}

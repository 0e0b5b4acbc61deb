//! The source line shown under a finding, with every secret of the document masked.
//!
//! Secrets are masked **by position**: the byte range of each secret value in the
//! file (found from the pointer of the finding that named it, whatever escapes the
//! file writes it with, `"REAL\u0053ECRET"` included), in every snippet, whichever
//! finding shows the line. A long (minified) line is cut to a window around the caret
//! first and only the secrets overlapping that window are masked, so each snippet
//! costs its window and a binary search, however many secrets share the line.

use std::ops::Range;

use super::finding::Snippet;
use crate::load::{Location, SourceMap};

/// What replaces a secret (or the part of it a window shows).
const MASK: &str = "********";

/// Longest source line shown in full; longer lines are cut to a window around the
/// caret (minified exports are one line of a megabyte).
pub(crate) const SNIPPET_WIDTH: usize = 160;

/// What must never be shown of a document.
#[derive(Debug, Default)]
pub(crate) struct Secrets {
    /// Byte ranges of secret values in the original text, sorted, not overlapping.
    ranges: Vec<Range<usize>>,
    /// Texts to mask wherever they appear in a shown line (text that has no single
    /// value position, such as the objects a truncated PowerShell export holds).
    texts: Vec<String>,
}

impl Secrets {
    /// The secrets of a document: the string values at `pointers` (the inside of each
    /// JSON string, as written in the file), and `texts`.
    pub(crate) fn new<'a>(
        source: &SourceMap,
        pointers: impl IntoIterator<Item = &'a str>,
        texts: impl IntoIterator<Item = String>,
    ) -> Self {
        let original = source.original_text();
        let mut ranges: Vec<Range<usize>> = pointers
            .into_iter()
            .filter_map(|pointer| string_range(original, source.locate(pointer)?.offset))
            .collect();
        ranges.sort_by_key(|range| (range.start, range.end));
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
        for range in ranges {
            match merged.last_mut() {
                Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
                _ => merged.push(range),
            }
        }
        let mut texts: Vec<String> = texts.into_iter().filter(|t| !t.is_empty()).collect();
        // Longest first, so a text that contains another is masked whole.
        texts.sort_by_key(|text| std::cmp::Reverse(text.len()));
        texts.dedup();
        Secrets {
            ranges: merged,
            texts,
        }
    }

    /// `text`, which starts at byte `at` of the original text, with every secret range
    /// overlapping it (in part or whole) replaced by one mask, and every secret text.
    fn mask(&self, text: &str, at: usize) -> String {
        let end = at + text.len();
        let first = self.ranges.partition_point(|range| range.end <= at);
        let mut out = String::with_capacity(text.len());
        let mut cursor = at;
        for range in self.ranges.get(first..).unwrap_or_default() {
            if range.start >= end {
                break;
            }
            if range.start > cursor {
                out.push_str(text.get(cursor - at..range.start - at).unwrap_or_default());
            }
            out.push_str(MASK);
            cursor = cursor.max(range.end.min(end));
        }
        out.push_str(text.get(cursor - at..).unwrap_or_default());
        self.texts
            .iter()
            .fold(out, |out, secret| out.replace(secret.as_str(), MASK))
    }
}

/// The inside of the JSON string whose opening quote is at byte `quote` of `text`.
fn string_range(text: &str, quote: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    if bytes.get(quote) != Some(&b'"') {
        return None;
    }
    let mut index = quote + 1;
    while let Some(&byte) = bytes.get(index) {
        match byte {
            b'\\' => index += 2,
            b'"' => return Some(quote + 1..index),
            _ => index += 1,
        }
    }
    None
}

/// The line of `location` for a finding: masked, cut to a window around the caret
/// when long, with the caret's column within the text shown.
pub(crate) fn snippet(
    source: &SourceMap,
    location: Location,
    secrets: &Secrets,
) -> Option<Snippet> {
    let line = source.line_text(location.line)?;
    let line_start = source.line_start(location.line)?;
    let mut caret_byte = location.offset.saturating_sub(line_start).min(line.len());
    while !line.is_char_boundary(caret_byte) {
        caret_byte -= 1;
    }
    if line.len() <= 4 * SNIPPET_WIDTH {
        let text = secrets.mask(line, line_start);
        let caret = secrets
            .mask(line.get(..caret_byte).unwrap_or_default(), line_start)
            .chars()
            .count()
            + 1;
        if text.chars().count() <= SNIPPET_WIDTH {
            return Some(Snippet { text, caret });
        }
        let start = caret.saturating_sub(SNIPPET_WIDTH / 3);
        let window: String = text.chars().skip(start).take(SNIPPET_WIDTH).collect();
        return Some(Snippet {
            text: format!("…{window}…"),
            caret: caret - start + 1,
        });
    }
    // A long (minified) line: a window around the caret, found from its byte offset,
    // so each finding costs the window and not the line.
    let before = line.get(..caret_byte).unwrap_or_default();
    let start = before
        .char_indices()
        .rev()
        .take(SNIPPET_WIDTH / 3 - 1)
        .last()
        .map_or(caret_byte, |(index, _)| index);
    let rest = line.get(start..).unwrap_or_default();
    let end = rest
        .char_indices()
        .nth(SNIPPET_WIDTH)
        .map_or(line.len(), |(index, _)| start + index);
    let window = secrets.mask(line.get(start..end).unwrap_or_default(), line_start + start);
    let caret = secrets
        .mask(
            line.get(start..caret_byte).unwrap_or_default(),
            line_start + start,
        )
        .chars()
        .count()
        + 1;
    Some(Snippet {
        text: format!("…{window}…"),
        caret: caret + 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> SourceMap {
        SourceMap::build(text.to_owned()).unwrap()
    }

    fn shown(text: &str, pointers: &[&str], line: u32, column: u32) -> Snippet {
        let source = source(text);
        let secrets = Secrets::new(&source, pointers.iter().copied(), Vec::new());
        let offset = source.line_start(line).unwrap() + column as usize - 1;
        let location = source.location_of(offset);
        snippet(&source, location, &secrets).unwrap()
    }

    #[test]
    fn every_secret_of_a_line_is_masked_whoever_shows_it() {
        let text = r#"{"value": [{"key": "SecretToken", "value": "FIRST"}, {"key": "Password", "value": "SECOND"}], "x": 1}"#;
        let pointers = ["/value/0/value", "/value/1/value"];
        let column = text.find(": 1}").unwrap() + 3;
        let snippet = shown(text, &pointers, 1, u32::try_from(column).unwrap());
        assert!(!snippet.text.contains("FIRST") && !snippet.text.contains("SECOND"));
        assert_eq!(snippet.text.matches(MASK).count(), 2, "{}", snippet.text);
        // The caret still points at `1`, after the masked values.
        let masked: Vec<char> = snippet.text.chars().collect();
        assert_eq!(
            masked.get(snippet.caret - 1),
            Some(&'1'),
            "{}",
            snippet.text
        );
    }

    #[test]
    fn a_secret_written_with_escapes_is_masked_as_written() {
        let text = "{\"value\": [{\"key\": \"SecretToken\", \"value\": \"REAL\\u0053ECRET\"}]}";
        let snippet = shown(text, &["/value/0/value"], 1, 1);
        assert!(!snippet.text.contains("REAL"), "{}", snippet.text);
        assert!(
            snippet.text.contains(&format!("\"{MASK}\"")),
            "{}",
            snippet.text
        );
    }

    #[test]
    fn a_window_of_a_long_line_masks_the_part_of_a_secret_it_shows() {
        let secret = "S".repeat(1000);
        let text = format!(
            "{{\"value\": [{{\"key\": \"SecretToken\", \"value\": \"{secret}\"}}], \"x\": 1}}"
        );
        let at = text.find("\"x\"").unwrap() + 1;
        let snippet = shown(&text, &["/value/0/value"], 1, u32::try_from(at).unwrap());
        assert!(!snippet.text.contains("SS"), "{}", snippet.text);
        assert!(snippet.text.contains(MASK), "{}", snippet.text);
    }
}

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
/// when long, with the caret's column within the text shown, and the underline
/// reaching to `end` (a byte offset in the original text: the end of the offending
/// value) when that is on the same line and in the window, else one character.
pub(crate) fn snippet(
    source: &SourceMap,
    location: Location,
    end: Option<usize>,
    secrets: &Secrets,
) -> Option<Snippet> {
    let line = source.line_text(location.line)?;
    let line_start = source.line_start(location.line)?;
    let caret_byte = floor_boundary(line, location.offset.saturating_sub(line_start));
    let next_char = caret_byte
        + line
            .get(caret_byte..)
            .and_then(|rest| rest.chars().next())
            .map_or(0, char::len_utf8);
    let end_byte = end
        .and_then(|end| end.checked_sub(line_start))
        .filter(|&end| end > caret_byte && end <= line.len())
        .map_or(next_char, |end| floor_boundary(line, end).max(next_char));
    // Characters shown of `line[from..to]` once masked.
    let shown_chars = |from: usize, to: usize| {
        secrets
            .mask(line.get(from..to).unwrap_or_default(), line_start + from)
            .chars()
            .count()
    };
    if line.len() <= 4 * SNIPPET_WIDTH {
        let text = secrets.mask(line, line_start);
        let caret = shown_chars(0, caret_byte) + 1;
        let width = shown_chars(caret_byte, end_byte).max(1);
        if text.chars().count() <= SNIPPET_WIDTH {
            return Some(Snippet { text, caret, width });
        }
        let start = caret.saturating_sub(SNIPPET_WIDTH / 3);
        let window: String = text.chars().skip(start).take(SNIPPET_WIDTH).collect();
        // Characters of the window from the caret on.
        let room = (start + SNIPPET_WIDTH + 1).saturating_sub(caret).max(1);
        return Some(Snippet {
            text: format!("…{window}…"),
            caret: caret - start + 1,
            width: width.min(room),
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
    let window_end = rest
        .char_indices()
        .nth(SNIPPET_WIDTH)
        .map_or(line.len(), |(index, _)| start + index);
    let window = secrets.mask(
        line.get(start..window_end).unwrap_or_default(),
        line_start + start,
    );
    let caret = shown_chars(start, caret_byte) + 1;
    let width = shown_chars(caret_byte, end_byte.min(window_end).max(caret_byte)).max(1);
    Some(Snippet {
        text: format!("…{window}…"),
        caret: caret + 1,
        width,
    })
}

/// `index`, or the start of the character it falls inside, within `line`.
fn floor_boundary(line: &str, index: usize) -> usize {
    let mut index = index.min(line.len());
    while !line.is_char_boundary(index) {
        index -= 1;
    }
    index
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
        snippet(&source, location, None, &secrets).unwrap()
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
    fn the_underline_covers_the_value_as_shown_masked_or_not() {
        let text = r#"{"value": [{"key": "SecretToken", "value": "REAL"}], "x": "名前"}"#;
        let source = source(text);
        let secrets = Secrets::new(&source, ["/value/0/value"], Vec::new());
        let at = |pointer: &str| {
            let location = source.locate(pointer).unwrap();
            snippet(&source, location, source.value_end(pointer), &secrets).unwrap()
        };
        let secret = at("/value/0/value");
        let underlined: String = secret
            .text
            .chars()
            .skip(secret.caret - 1)
            .take(secret.width)
            .collect();
        assert_eq!(underlined, format!("\"{MASK}\""));
        let wide = at("/x");
        assert_eq!(wide.width, 4, "characters, not bytes: {wide:?}");
        // A multi-line object gets its first character only.
        let source = super::tests::source("{\"a\": {\n  \"b\": 1\n}}");
        let location = source.locate("/a").unwrap();
        let object = snippet(
            &source,
            location,
            source.value_end("/a"),
            &Secrets::default(),
        );
        assert_eq!(object.unwrap().width, 1);
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

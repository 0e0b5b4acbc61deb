//! Where a load error is and what to do about it: serde_json's syntax errors moved to
//! the place a person would fix (a missing comma is shown after the value that lacks
//! it, a trailing comma at the comma, a truncated file at its last character) with a
//! hint for the usual causes (comments, single quotes, unquoted keys, raw line breaks
//! in strings, …), and the source line of any located error as an [`Excerpt`].
//!
//! An excerpt comes from a file that did not load, so the secrets validation masks by
//! position are unknown: string values whose key looks like a credential, and `value`
//! strings in a document that names a credential anywhere, are masked by what the line
//! looks like instead. Nothing here panics or indexes outside the text.

use std::ops::Range;

use super::Location;

/// What replaces a string value that may be a credential.
const MASK: &str = "********";

/// Longest line shown whole; longer lines are cut to a window around the caret.
const WIDTH: usize = 160;

/// Characters of a long line shown before the caret.
const BEFORE: usize = WIDTH / 3;

/// The source line of a load error, for showing under it with a caret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// The line without its line break (a window of it, marked with `…`, when long),
    /// with string values that may be credentials masked.
    pub text: String,
    /// 1-based column of the caret within `text`, in characters.
    pub caret: usize,
}

/// A syntax error as reported: the place, serde_json's message, and a hint.
#[derive(Debug)]
pub(crate) struct Diagnosis {
    /// Byte offset in the text where the caret goes.
    pub(crate) offset: usize,
    /// What the parser says, without its position.
    pub(crate) message: String,
    /// What usually causes it and what to do.
    pub(crate) hint: Option<&'static str>,
}

const MISSING_COMMA: &str = "a comma is missing after this value: members of an object and elements \
of an array are separated by commas";
const TRAILING_COMMA: &str = "remove this comma: JSON allows no comma before a closing bracket";
const UNQUOTED_KEY: &str = "property names must be in double quotes (`\"id\": …`, not `id: …`)";
const SINGLE_QUOTES: &str =
    "JSON strings and property names take double quotes (`\"…\"`), not single quotes";
const COMMENT: &str =
    "JSON has no comments: remove the `//` or `/* */` comment (Graph rejects it too)";
const EOF_STRING: &str = "the file ends inside a string: it was cut off (a closing quote and the \
closing brackets are missing); export or copy it again";
const EOF_OBJECT: &str = "the file ends before an object is closed: it was cut off, or a `}` is \
missing; export or copy it again";
const EOF_LIST: &str = "the file ends before an array is closed: it was cut off, or a `]` is \
missing; export or copy it again";
const EOF_VALUE: &str = "the file ends where a value should be: it was cut off; export or copy it \
again";
const LINE_BREAK: &str = "a string runs into the next line: close it with `\"`, or write the line \
break as `\\n`";
const TAB: &str = "a raw tab inside a string: write it as `\\t`";
const CONTROL: &str =
    "control characters must be escaped inside strings (`\\n`, `\\t`, `\\u0001`, …)";
const MISSING_VALUE: &str = "a value is missing before this bracket";
const EXPECTED_COMMA: &str = "a comma or a closing bracket belongs here";
const MISSING_COLON: &str = "a colon is missing between the property name and its value";

/// Hints by serde_json's message, for the cases [`diagnose`] does not place itself.
pub(crate) fn hint_for(message: &str) -> Option<&'static str> {
    let hints: [(&str, &str); 11] = [
        ("trailing comma", TRAILING_COMMA),
        (
            "EOF while parsing",
            "the file ends early: a closing bracket or quote is missing",
        ),
        (
            "trailing characters",
            "there is more text after the JSON document; a file holds one document",
        ),
        ("key must be a string", UNQUOTED_KEY),
        (
            "recursion limit exceeded",
            "the document nests deeper than 128 levels, which no synchronization document does",
        ),
        (
            "invalid escape",
            "in JSON strings only \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX are escapes",
        ),
        ("control character", CONTROL),
        (
            "expected value",
            "a value (string, number, object, array, true, false or null) is missing or misspelled",
        ),
        (
            "expected ident",
            "`true`, `false` and `null` are written in lower case; JSON has no `undefined`, \
             `NaN` or `Infinity`",
        ),
        (
            "hex escape",
            "a \\uXXXX escape takes four hexadecimal digits, and one of \\uD800–\\uDBFF must be \
             followed by a low surrogate \\uDC00–\\uDFFF",
        ),
        (
            "surrogate",
            "a \\uD800–\\uDBFF escape must be followed by a low surrogate \\uDC00–\\uDFFF: the \
             text is not valid Unicode",
        ),
    ];
    hints
        .iter()
        .find(|(needle, _)| message.contains(needle))
        .map(|(_, hint)| *hint)
}

/// Places serde_json's error in `text` and picks the hint.
pub(crate) fn diagnose(text: &str, error: &serde_json::Error) -> Diagnosis {
    let full = error.to_string();
    let message = match full.rfind(" at line ") {
        Some(index) => full.get(..index).unwrap_or(&full).to_owned(),
        None => full,
    };
    let at = serde_offset(text, error.line(), error.column());
    let bytes = text.as_bytes();
    let here = bytes.get(at).copied();
    let comment = here == Some(b'/') && matches!(bytes.get(at + 1), Some(b'/' | b'*'));
    let (offset, hint) = if message.starts_with("expected `,` or `") {
        match here {
            _ if comment => (at, Some(COMMENT)),
            Some(
                b'"' | b'\'' | b'{' | b'[' | b'-' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' | b'_',
            ) => (after_previous(text, at), Some(MISSING_COMMA)),
            _ => (at, Some(EXPECTED_COMMA)),
        }
    } else if message.starts_with("trailing comma") {
        (
            after_previous(text, at).saturating_sub(1),
            Some(TRAILING_COMMA),
        )
    } else if message.starts_with("key must be a string") || message.starts_with("expected value") {
        match here {
            _ if comment => (at, Some(COMMENT)),
            Some(b'\'') => (at, Some(SINGLE_QUOTES)),
            Some(b'}' | b']') if message.starts_with("expected value") => (at, Some(MISSING_VALUE)),
            _ => (at, hint_for(&message)),
        }
    } else if message.starts_with("EOF while parsing") {
        let hint = if message.ends_with("a string") {
            EOF_STRING
        } else if message.ends_with("an object") {
            EOF_OBJECT
        } else if message.ends_with("a list") {
            EOF_LIST
        } else {
            EOF_VALUE
        };
        (after_previous(text, text.len()), Some(hint))
    } else if message.starts_with("control character") {
        let hint = match here {
            Some(b'\n' | b'\r') => LINE_BREAK,
            Some(b'\t') => TAB,
            _ => CONTROL,
        };
        (at, Some(hint))
    } else if message.starts_with("invalid escape") {
        let backslash = at
            .checked_sub(1)
            .filter(|before| bytes.get(*before) == Some(&b'\\'));
        (backslash.unwrap_or(at), hint_for(&message))
    } else if message.starts_with("expected `:`") {
        (at, Some(MISSING_COLON))
    } else {
        (at, hint_for(&message))
    };
    Diagnosis {
        offset,
        message,
        hint,
    }
}

/// The byte offset of the character serde_json stopped at: it reports the 1-based
/// line and the column of the last byte it read, 0 right after a line break (the
/// line break itself was the last character read).
fn serde_offset(text: &str, line: usize, column: usize) -> usize {
    let Some(line_start) = line_offset(text, line) else {
        return 0;
    };
    let at = if column == 0 {
        line_start.saturating_sub(1)
    } else {
        line_start + column - 1
    };
    floor_boundary(text, at.min(text.len()))
}

/// Byte offset where 1-based `line` starts, counting lines as serde_json does (`\n`).
fn line_offset(text: &str, line: usize) -> Option<usize> {
    match line {
        0 => None,
        1 => Some(0),
        _ => memchr::memchr_iter(b'\n', text.as_bytes())
            .nth(line - 2)
            .map(|index| index + 1),
    }
}

/// The offset just after the last character before `at` that is not whitespace (0
/// when there is none).
fn after_previous(text: &str, at: usize) -> usize {
    text.as_bytes()
        .get(..at.min(text.len()))
        .and_then(|before| {
            before
                .iter()
                .rposition(|byte| !matches!(byte, b' ' | b'\t' | b'\n' | b'\r'))
        })
        .map_or(0, |index| {
            floor_boundary(text, index) + char_len(text, index)
        })
}

fn char_len(text: &str, at: usize) -> usize {
    text.get(floor_boundary(text, at)..)
        .and_then(|rest| rest.chars().next())
        .map_or(1, char::len_utf8)
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The line and column of byte `offset` of `text` (1-based, columns in characters).
pub(crate) fn location_at(text: &str, offset: usize) -> Location {
    let offset = floor_boundary(text, offset);
    let before = text.get(..offset).unwrap_or_default();
    let line = memchr::memchr_iter(b'\n', before.as_bytes()).count() + 1;
    let line_start = memchr::memrchr(b'\n', before.as_bytes()).map_or(0, |index| index + 1);
    let column = before.get(line_start..).unwrap_or_default().chars().count() + 1;
    Location {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
        offset,
    }
}

/// The line holding byte `offset` of `text`, with the caret at that byte: cut to a
/// window around the caret when long, credential-looking values masked.
pub(crate) fn excerpt(text: &str, offset: usize) -> Excerpt {
    let offset = floor_boundary(text, offset);
    let bytes = text.as_bytes();
    let start = memchr::memrchr(b'\n', bytes.get(..offset).unwrap_or_default())
        .map_or(0, |index| index + 1);
    let end = memchr::memchr2(b'\n', b'\r', bytes.get(offset..).unwrap_or_default())
        .map_or(text.len(), |index| offset + index);
    let line = text.get(start..end).unwrap_or_default();
    let caret = offset - start;
    let masks = masks(line, names_a_credential(text));
    // A window of the line: [from, to) in bytes of `line`.
    let (from, to) = if line.char_indices().nth(WIDTH).is_none() {
        (0, line.len())
    } else {
        let before = line.get(..caret).unwrap_or_default();
        let from = before
            .char_indices()
            .rev()
            .nth(BEFORE - 1)
            .map_or(0, |(index, _)| index);
        let to = line
            .get(from..)
            .unwrap_or_default()
            .char_indices()
            .nth(WIDTH)
            .map_or(line.len(), |(index, _)| from + index);
        (from, to)
    };
    let caret = caret.clamp(from, to);
    let mut shown = String::new();
    let mut caret_column = None;
    if from > 0 {
        shown.push('…');
    }
    let mut cursor = from;
    for range in masks
        .iter()
        .filter(|range| range.end > from && range.start < to)
    {
        let (masked_from, masked_to) = (range.start.max(cursor), range.end.min(to));
        push_plain(
            &mut shown,
            &mut caret_column,
            line,
            cursor..masked_from,
            caret,
        );
        if caret_column.is_none() && (masked_from..masked_to).contains(&caret) {
            caret_column = Some(shown.chars().count());
        }
        shown.push_str(MASK);
        cursor = masked_to;
    }
    push_plain(&mut shown, &mut caret_column, line, cursor..to, caret);
    let caret_column = caret_column.unwrap_or_else(|| shown.chars().count());
    if to < line.len() {
        shown.push('…');
    }
    Excerpt {
        text: shown,
        caret: caret_column + 1,
    }
}

/// Appends `line[range]` to `shown`, noting the caret's column when it is inside.
fn push_plain(
    shown: &mut String,
    caret_column: &mut Option<usize>,
    line: &str,
    range: Range<usize>,
    caret: usize,
) {
    if caret_column.is_none() && range.contains(&caret) {
        let before = line.get(range.start..caret).unwrap_or_default();
        *caret_column = Some(shown.chars().count() + before.chars().count());
    }
    shown.push_str(line.get(range).unwrap_or_default());
}

/// Whether the document names a credential anywhere (a secrets or credentials body,
/// a job setting), so that `value` strings may be credentials.
fn names_a_credential(text: &str) -> bool {
    crate::model::facts::looks_like_credential(text)
}

/// Byte ranges (inside the quotes) of the string values of `line` that may be
/// credentials: the value of a key that looks like one, and, when `values` is set, the
/// value of a `value` key. Single-quoted strings count as strings; an unclosed
/// string runs to the end of the line.
fn masks(line: &str, values: bool) -> Vec<Range<usize>> {
    let bytes = line.as_bytes();
    let mut masks = Vec::new();
    let mut key: Option<&str> = None;
    let mut previous = None;
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if byte != b'"' && byte != b'\'' {
            if !byte.is_ascii_whitespace() {
                previous = Some(byte);
            }
            index += 1;
            continue;
        }
        let open = index;
        index += 1;
        while let Some(&inner) = bytes.get(index) {
            if inner == b'\\' {
                index += 2;
            } else if inner == byte {
                break;
            } else {
                index += 1;
            }
        }
        let close = index.min(bytes.len());
        let inside = line.get(open + 1..close).unwrap_or_default();
        index = close + 1;
        let next = bytes
            .get(index.min(bytes.len())..)
            .and_then(|rest| rest.iter().find(|b| !b.is_ascii_whitespace()));
        if next == Some(&b':') {
            key = Some(inside);
        } else if previous == Some(b':')
            && key.is_some_and(|key| {
                crate::model::facts::looks_like_credential(key)
                    || (values && key.eq_ignore_ascii_case("value"))
            })
            && !inside.is_empty()
        {
            masks.push(open + 1..close);
        }
        previous = Some(byte);
    }
    masks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placed(text: &str) -> (Location, Option<&'static str>, Excerpt) {
        let error = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
        let diagnosis = diagnose(text, &error);
        (
            location_at(text, diagnosis.offset),
            diagnosis.hint,
            excerpt(text, diagnosis.offset),
        )
    }

    #[test]
    fn a_missing_comma_is_shown_after_the_value_that_lacks_it() {
        let (location, hint, excerpt) = placed("{\n  \"a\": 1\n  \"b\": 2\n}\n");
        assert_eq!((location.line, location.column), (2, 9));
        assert_eq!(hint, Some(MISSING_COMMA));
        assert_eq!(excerpt.text, "  \"a\": 1");
        assert_eq!(excerpt.caret, 9);
        let (location, hint, _) = placed("[1, 2\n   3]");
        assert_eq!((location.line, location.column), (1, 6));
        assert_eq!(hint, Some(MISSING_COMMA));
    }

    #[test]
    fn common_mistakes_get_their_own_hint() {
        for (text, hint, line, column) in [
            ("{\n  \"a\": [1,\n  ]\n}", TRAILING_COMMA, 2, 10),
            ("{\n  id: 1\n}", UNQUOTED_KEY, 2, 3),
            ("{'a': 1}", SINGLE_QUOTES, 1, 2),
            ("{\"a\": 'x'}", SINGLE_QUOTES, 1, 7),
            ("// note\n{}", COMMENT, 1, 1),
            ("{\"a\": 1, // note\n\"b\": 2}", COMMENT, 1, 10),
            ("{\"a\": 1 /* note */}", COMMENT, 1, 9),
            ("{\n  \"a\": \"x\n\"}", LINE_BREAK, 2, 10),
            ("{\"a\": \"x\ty\"}", TAB, 1, 9),
            ("{\n  \"a\": {\n    \"b\": 1\n", EOF_OBJECT, 3, 11),
            ("[1, 2\n\n", EOF_LIST, 1, 6),
            ("{\"a\": \"abc", EOF_STRING, 1, 11),
            ("{\"a\": }", MISSING_VALUE, 1, 7),
            ("{\"a\" 1}", MISSING_COLON, 1, 6),
        ] {
            let (location, found, _) = placed(text);
            assert_eq!(found, Some(hint), "{text:?}");
            assert_eq!((location.line, location.column), (line, column), "{text:?}");
        }
    }

    #[test]
    fn an_invalid_escape_is_shown_at_its_backslash() {
        let (location, _, excerpt) = placed("{\"a\": \"b\\x41\"}");
        assert_eq!(location.column, 9);
        assert_eq!(excerpt.caret, 9);
    }

    #[test]
    fn credentials_in_a_shown_line_are_masked() {
        let text = "{\"value\": [{\"key\": \"SecretToken\", \"value\": \"hunter2\" \"x\": 1}]}";
        let (_, _, excerpt) = placed(text);
        assert!(!excerpt.text.contains("hunter2"), "{}", excerpt.text);
        assert!(excerpt.text.contains("\"SecretToken\""), "{}", excerpt.text);
        // The caret still points after the (masked) value.
        let caret: String = excerpt
            .text
            .chars()
            .skip(excerpt.caret - 2)
            .take(1)
            .collect();
        assert_eq!(caret, "\"", "{}", excerpt.text);
        let (_, _, excerpt) = placed("{\"password\": \"hunter2\",}");
        assert!(!excerpt.text.contains("hunter2"), "{}", excerpt.text);
        // Without a credential in the document, setting values are shown.
        let (_, _, excerpt) = placed("[{\"name\": \"Threshold\", \"value\": \"500\"},]");
        assert!(excerpt.text.contains("\"500\""), "{}", excerpt.text);
    }

    #[test]
    fn a_long_line_is_cut_to_a_window_around_the_caret() {
        let text = format!("[{}1 2{}]", "1, ".repeat(10_000), ", 3".repeat(10_000));
        let (location, _, excerpt) = placed(&text);
        assert_eq!(location.line, 1);
        assert!(excerpt.text.starts_with('…') && excerpt.text.ends_with('…'));
        assert!(excerpt.text.chars().count() <= WIDTH + 2);
        let before: String = excerpt.text.chars().take(excerpt.caret - 1).collect();
        assert!(before.ends_with("1, 1"), "{before}");
    }
}
